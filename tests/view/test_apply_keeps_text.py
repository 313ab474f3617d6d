"""Issue #16: the Code dock's Apply builds the graph and leaves the user's text as typed —
comments, print() and ``external_grad = …`` were dropped a moment after Apply, when the script
was rewritten from the graph — and the cards it builds do not sit on each other."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

SOURCE = """# the tutorial's Q
a = tensor([2., 3.], requires_grad=True)
b = tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2   # a vector
external_grad = tensor([1., 1.])
Q.backward(gradient=external_grad)
print(9*a**2 == a.grad)
"""
PROGRAM = "import torch\na = torch.tensor([2., 3.], requires_grad=True)\n# note\nQ = (a * a).sum()\nQ.backward()\nprint(a.grad)\n"


def apply(w, qtbot, text: str) -> None:
    editor = w.code_editor
    editor.editor.setPlainText(text)
    qtbot.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    QTest.qWait(500)          # past the script timer that used to print the graph over the text


def test_apply_keeps_comments_print_and_external_grad(new_window, qtbot):
    w = new_window(size=(1472, 920), show=True)
    apply(w, qtbot, SOURCE)
    assert w.code_editor.editor.toPlainText() == SOURCE
    doc = w.document
    assert doc.nodes[doc.root].name == "Q"
    np.testing.assert_array_equal(doc.root_gradient, [1.0, 1.0])       # external_grad's value
    # print() ran (the script runs like a program too): its output is in the Output dock
    assert "tensor([True, True])" in w.program_panel.output.toPlainText()
    # no card on top of another
    cards = [item.sceneBoundingRect() for item in w.scene.node_items.values() if item.isVisible()]
    overlaps = [(i, j) for i in range(len(cards)) for j in range(i + 1, len(cards)) if cards[i].intersects(cards[j])]
    assert overlaps == []
    # "From graph" prints the graph's own text when the user asks for it
    w.refresh_script()
    assert "external_grad" not in w.code_editor.editor.toPlainText()


def test_a_printed_script_still_follows_the_graph(new_window, qtbot):
    from explorer.model.language import to_script

    w = new_window(size=(1472, 920), show=True)
    apply(w, qtbot, SOURCE)
    w.refresh_script()                       # "From graph": the graph's own text
    printed = w.code_editor.editor.toPlainText()
    apply(w, qtbot, printed)
    assert w._script_synced and to_script(w.document).strip() == printed.strip()


def test_apply_keeps_a_program_as_typed(new_window, qtbot):
    w = new_window(size=(1472, 920), show=True)
    apply(w, qtbot, PROGRAM)
    qtbot.waitUntil(lambda: not w.program_panel.is_running(), timeout=5000)
    QTest.qWait(400)
    assert w.code_editor.editor.toPlainText() == PROGRAM
