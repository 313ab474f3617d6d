"""Dock panels as a user sees them: the code editor's error marks, the inspector's document
summary when nothing is selected."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

SEED_SCRIPT = """\
a = tensor([2., 3.], requires_grad=True)
b = tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
Q.backward(gradient=tensor([1., 1.]))
"""


@pytest.fixture
def window(new_window):
    return new_window(show=True)


def underlined_texts(editor) -> list[str]:
    """The text under each wavy underline, as the user reads it."""
    doc = editor.editor.document()
    out = []
    for line, col, length in editor.error_selections():
        cursor = QTextCursor(doc.findBlockByNumber(line - 1))
        cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, col - 1)
        cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, length)
        out.append(cursor.selectedText())
    return out


# ---------------------------------------------------------------------- code editor
@pytest.mark.parametrize("source, token, column", [
    ("a = tensor([1., 2.])\nb = expp(a)\n", "expp", 5),        # unknown function
    ("a = tensor([1., 2.])\nb = a + zz\n", "zz", 9),            # unknown name
    ("a = tensor(1.)\nb = a.sum(dim=\"x\")\n", '"x"', 15),      # bad argument
])
def test_a_script_error_underlines_exactly_the_offending_token(window, source, token, column):
    editor = window.code_editor
    editor.editor.setPlainText(source)
    editor.apply()
    assert underlined_texts(editor) == [token]
    assert editor.error_selections()[0][:2] == (2, column)
    assert f"line 2, column {column}:" in editor.status.text()
    assert any(f"line 2, column {column}" in text for level, text in window.messages.entries())
    # the caret sits on the error, so typing fixes it in place
    caret = editor.editor.textCursor()
    assert caret.blockNumber() == 1 and caret.positionInBlock() == column - 1


def test_an_error_without_an_end_underlines_the_word_at_its_column(qtbot):
    from explorer.view.panels.code_editor import CodeEditorPanel

    editor = CodeEditorPanel()
    qtbot.addWidget(editor)
    editor.editor.setPlainText("x = 1\ny = foo(x) + bar\n")
    editor.show_error("name 'bar' is not defined", 2, 14)  # 1-based, like ScriptError
    assert underlined_texts(editor) == ["bar"]
    editor.show_error("bad", 2, 1)
    assert underlined_texts(editor) == ["y"]


def test_a_fixed_script_clears_the_mark_and_builds_the_graph(window):
    editor = window.code_editor
    editor.editor.setPlainText(SEED_SCRIPT.replace("b**2", "b**"))
    editor.apply()
    assert editor.error_selections()
    editor.editor.setPlainText(SEED_SCRIPT)
    editor.apply()
    assert editor.error_selections() == []
    assert {"a", "b", "Q"} <= {n.name for n in window.document.nodes.values()}


# ---------------------------------------------------------------------- inspector summary
def test_with_nothing_selected_the_inspector_summarises_the_graph(window, qtbot):
    from explorer.model import commands as C
    from explorer.view.main_window import SEED_EXAMPLE

    window.open_example(SEED_EXAMPLE)  # auto-run is on: backward has run
    window.scene.select_ids([], emit=True)
    inspector = window.inspector
    assert inspector.summary_box.isVisibleTo(inspector)
    s = inspector.summary()
    assert s["nodes"] == "9  (2 leaves, 3 constants, 4 ops)"
    assert s["edges"] == "8"
    assert s["root"] == "Q  torch.Size([2])"
    assert s["gradient"].startswith("[1., 1.]")
    assert s["trainable"] == "a, b" and s["frozen"] == "—"
    assert s["grads"] == "a.grad = [36., 81.]; b.grad = [-12., -8.]"

    # freezing b: it moves to the frozen list and loses its .grad
    window.push(C.SetRequiresGradCommand([window.document.node_by_name("b").id], False))
    qtbot.waitUntil(lambda: inspector.summary()["frozen"] == "b")
    s = inspector.summary()
    assert s["trainable"] == "a" and s["grads"] == "a.grad = [36., 81.]"

    # selecting a node shows the node instead; clearing the selection brings the summary back
    window.scene.select_ids([window.document.node_by_name("a").id], emit=True)
    assert not inspector.summary_box.isVisibleTo(inspector)
    assert inspector.title.text() == "a"
    window.scene.select_ids([], emit=True)
    assert inspector.summary_box.isVisibleTo(inspector)


def test_summary_of_a_scalar_loss_and_of_an_empty_graph(window, qtbot):
    window.apply_script("w = tensor([1., 2.], requires_grad=True)\nx = tensor([3., 4.], requires_grad=False)\n"
                        "L = (w * x).sum()\nL.backward()\n")
    qtbot.waitUntil(lambda: window.inspector.summary()["grads"].startswith("w.grad"))
    s = window.inspector.summary()
    assert s["root"] == "L  torch.Size([])  = 11."
    assert s["gradient"].startswith("1 ")
    assert s["trainable"] == "w" and s["frozen"] == "x"
    assert s["grads"] == "w.grad = [3., 4.]"

    window.new_document()
    qtbot.waitUntil(lambda: window.inspector.summary()["nodes"] == "0")
    s = window.inspector.summary()
    assert s["edges"] == "0" and s["root"].startswith("none")
    assert s["trainable"] == "no leaf requires grad"


def test_the_code_dock_shows_the_seed_script_without_scrolling(qtbot, monkeypatch, tmp_path):
    """At the default size on a 1600x1000 screen, every line of the seed script is readable."""
    from explorer.view.main_window import SEED_EXAMPLE, MainWindow

    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1472, 920)  # what a first start picks on a 1600x1000 screen (92 %)
    w.show()
    qtbot.waitExposed(w)
    w.open_example(SEED_EXAMPLE)
    editor = w.code_editor.editor
    qtbot.waitUntil(lambda: "requires_grad=True" in editor.toPlainText())
    longest = max(editor.toPlainText().splitlines(), key=len)
    assert len(longest) >= 40  # a = tensor([2., 3.], requires_grad=True)
    assert editor.horizontalScrollBar().maximum() == 0, longest
    assert w.view.width() > w.width() // 2  # and the canvas keeps most of the room
