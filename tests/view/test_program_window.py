"""The Code dock runs PyTorch programs: output in order in the Output dock, errors (PyTorch's
text) with the failing line underlined, Stop cancels; expression scripts still build the graph."""
from __future__ import annotations

import os

import pytest
import torch
from PySide6.QtCore import Qt

SHOTS = os.environ.get("H10_SHOTS")


@pytest.fixture
def window(new_window):
    return new_window(size=(1200, 800), show=True)


def _type_and_apply(qtbot, window, source: str) -> None:
    editor = window.code_editor.editor
    editor.setPlainText(source)
    qtbot.mouseClick(window.code_editor.apply_button, Qt.MouseButton.LeftButton)


def _wait_done(qtbot, window, timeout=20000):
    qtbot.waitUntil(lambda: not window.program_panel.is_running()
                    and window.program_panel.result is not None, timeout=timeout)
    return window.program_panel.result


def _torch_prints(source: str) -> str:
    """The same program's print output from real torch (the oracle)."""
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(source, "<oracle>", "exec"), {})  # trusted test text, run by torch
    return buf.getvalue()


LOOP = """import torch
w = torch.tensor([1.0, -2.0], requires_grad=True)
for step in range(3):
    loss = (w ** 2).sum()
    loss.backward()
    print(step, loss.item())
    with torch.no_grad():
        w -= 0.1 * w.grad
    w.grad.zero_()
print(w)
"""


def test_a_program_with_a_loop_runs_and_prints_in_order_like_torch(qtbot, window):
    _type_and_apply(qtbot, window, LOOP)
    result = _wait_done(qtbot, window)
    assert result.error is None
    assert window.program_panel.text() == _torch_prints(LOOP)
    assert window.docks["output"].isVisible()
    assert window.code_editor.error_selections() == []
    assert window.code_editor.apply_button.isEnabled()
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, "program_loop.png"))


ERROR = """import torch
a = torch.tensor([1.0, 2.0], requires_grad=True)
print("before")
b = a * 2
b.backward()
print("never")
"""


def test_an_error_is_torchs_text_and_its_line_is_underlined(qtbot, window):
    with pytest.raises(RuntimeError) as oracle:
        _torch_prints(ERROR)
    _type_and_apply(qtbot, window, ERROR)
    result = _wait_done(qtbot, window)
    text = window.program_panel.text()
    assert text.startswith("before\n")
    assert "never" not in text
    assert str(oracle.value) in text          # verbatim, searchable
    assert "line 5" in text
    marks = window.code_editor.error_selections()
    assert marks == [(5, 1, len("b.backward()"))]
    assert result.error_line == 5
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, "program_error.png"))


def test_stop_cancels_an_endless_loop_and_the_window_stays_responsive(qtbot, window):
    _type_and_apply(qtbot, window, "import torch\nx = torch.tensor(1.0)\nwhile True:\n"
                                   "    x = x + 1\n")
    qtbot.waitUntil(lambda: window.program_panel.is_running(), timeout=2000)
    assert window.program_panel.stop_button.isEnabled()
    assert not window.code_editor.apply_button.isEnabled()
    qtbot.wait(200)  # events keep flowing while it runs
    qtbot.mouseClick(window.program_panel.stop_button, Qt.MouseButton.LeftButton)
    result = _wait_done(qtbot, window, timeout=5000)
    assert result.error_kind == "cancelled"
    assert window.code_editor.apply_button.isEnabled()


def test_ctrl_return_runs_a_program_and_a_straight_line_one_also_builds_the_graph(qtbot, window):
    source = ("import torch\na = torch.tensor([2., 3.], requires_grad=True)\n"
              "Q = (3 * a ** 3).sum()\nQ.backward()\nprint(9 * a ** 2 == a.grad)\n")
    editor = window.code_editor.editor
    editor.setPlainText(source)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    _wait_done(qtbot, window)
    assert window.program_panel.text() == _torch_prints(source)
    assert {"a", "Q"} <= {n.name for n in window.document.nodes.values()}


def test_an_expression_script_keeps_todays_apply(qtbot, window):
    _type_and_apply(qtbot, window, "a = tensor([2., 3.], requires_grad=True)\nQ = 3*a**3\n")
    assert not window.program_panel.is_running() and window.program_panel.result is None
    assert {"a", "Q"} <= {n.name for n in window.document.nodes.values()}
