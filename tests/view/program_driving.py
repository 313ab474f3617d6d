"""What the program-window tests share: a window with the lecture extension, a small training
loop to step through, and typing a program into the Code dock and running it to the end."""
from __future__ import annotations

from PySide6.QtCore import Qt

#: a three-pass training loop (backward, a no_grad update, zero_): the stepping tests' program
STEP = """import torch
w = torch.tensor([1.0, -2.0], requires_grad=True)
x = torch.tensor([0.5, 2.0])
for i in range(3):
    y = w * x
    loss = (y * y).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
    w.grad.zero_()
"""


def lecture_window(new_window):
    """The window the program tests drive (the lecture extension installed, as in the app)."""
    from explorer.view.lecture import hooks

    return new_window(size=(1200, 800), show=True, extensions=(hooks.install,))


def type_and_apply(qtbot, window, source: str) -> None:
    """Put ``source`` in the Code dock and press Apply."""
    editor = window.code_editor.editor
    editor.setPlainText(source)
    qtbot.mouseClick(window.code_editor.apply_button, Qt.MouseButton.LeftButton)


def wait_done(qtbot, window, timeout: int = 20000):
    """Wait until the program run ended; its result."""
    qtbot.waitUntil(lambda: not window.program_panel.is_running()
                    and window.program_panel.result is not None, timeout=timeout)
    return window.program_panel.result


def run_to_end(qtbot, window, source: str = STEP):
    """Apply ``source``, wait for the run, give the editor the keyboard (F10/F11 go there)."""
    type_and_apply(qtbot, window, source)
    result = wait_done(qtbot, window)
    editor = window.code_editor.editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    return result
