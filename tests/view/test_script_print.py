"""Issue #16: a Code-dock script without imports that calls print(...) prints. It used to
build the graph and drop the print (one line in Messages said print() needs ``import torch``);
now it also runs through the program runner, its output in the Output dock, typed with real
key events and applied with Ctrl+Return."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

LINES = [
    "a = tensor([2., 3.], requires_grad=True)",
    "b = tensor([6., 4.], requires_grad=True)",
    "Q = 3*a**3 - b**2",
    "print(Q)",
    "Q.backward(gradient=tensor([1., 1.]))",
    "print(a.grad, b.grad)",
]


def _type(w, qtbot, lines: list[str]) -> None:
    editor = w.code_editor.editor
    w.docks["code"].show()
    w.activateWindow()               # Ctrl+Return is the window's shortcut: the window is active
    qtbot.waitUntil(lambda: w.isActiveWindow() and w.ready)
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    for line in lines:
        QTest.keyClicks(editor, line)
        QTest.keyClick(editor, Qt.Key.Key_Return)
    # what was typed is in the editor as typed (no bracket completion, no indentation)
    assert editor.toPlainText().strip() == "\n".join(lines)
    QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Apply


def _oracle() -> str:
    """What the same statements print as a torch program (the runner mirrors torch 2.13)."""
    from explorer.model.program import run_program

    program = "from torch import tensor\n" + "\n".join(LINES) + "\n"
    result = run_program(program)
    assert result.error is None
    return result.output


def test_print_in_a_script_without_imports_prints(new_window, qtbot):
    w = new_window(size=(1472, 920), show=True)
    _type(w, qtbot, LINES)
    output = w.program_panel.output
    qtbot.waitUntil(lambda: "tensor([36., 81.])" in output.toPlainText(), timeout=5000)
    expected = _oracle()
    assert "tensor([-12.,  65.], grad_fn=<SubBackward0>)" in expected
    assert output.toPlainText().strip() == expected.strip()
    # the graph is built as before, and the text stays as typed
    assert w.document.nodes[w.document.root].name == "Q"
    assert w.code_editor.editor.toPlainText().strip() == "\n".join(LINES)
    assert not any("imports torch" in text for _level, text in w.messages.entries())


def test_an_error_names_the_users_line(new_window, qtbot):
    """The runner gets the names imported on the first statement's line: line numbers stay."""
    w = new_window(size=(1472, 920), show=True)
    _type(w, qtbot, ["x = tensor([1., 2.])", "print(x)", "print(y)"])
    panel = w.program_panel
    qtbot.waitUntil(lambda: panel.result is not None, timeout=5000)
    assert "tensor([1., 2.])" in panel.output.toPlainText()
    assert panel.result.error_line == 3
    assert "NameError" in (panel.result.error or "")


def test_a_script_without_print_stays_an_expression_graph(new_window, qtbot):
    w = new_window(size=(1472, 920), show=True)
    _type(w, qtbot, LINES[:3])
    qtbot.wait(100)
    assert w.document.node_by_name("Q") is not None
    assert w.program_panel.result is None    # nothing ran as a program
