"""Model-layer messages (DocumentError refusals, command texts) stay English in the model; the
view translates them by shape (``explorer.view.i18n.tr_message``) with the names kept as they are."""
from __future__ import annotations

import re


from explorer.model import commands as C
from explorer.view.i18n import tr_message
from explorer.view.lecture import hooks

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _window(qtbot):
    from explorer.view.main_window import MainWindow

    w = MainWindow()
    w.maybe_save = lambda *a, **k: True
    qtbot.addWidget(w)
    if w.document is None:
        qtbot.waitUntil(lambda: w.document is not None, timeout=5000)
    return w


def _graph(w):
    """x, y leaves; m = mul(x, y); n = add(m, x)."""
    doc = w.document
    x = C.leaf_node(doc, "xx", 1.0)
    assert w.push(C.AddNodeCommand(x))
    y = C.leaf_node(doc, "yy", 2.0)
    assert w.push(C.AddNodeCommand(y))
    m = C.op_node(doc, "mul", name="mm")
    assert w.push(C.AddNodeCommand(m))
    n = C.op_node(doc, "add", name="nn")
    assert w.push(C.AddNodeCommand(n))
    for src, dst, port in [(x, m, 0), (y, m, 1), (m, n, 0), (x, n, 1)]:
        assert w.push(C.ConnectCommand(src.id, dst.id, port))
    return x, y, m, n


def _warnings(w) -> list[str]:
    return [text for level, text in w.messages.entries() if level == "warning"]


def test_refusals_and_undo_texts_are_korean(qtbot, korean):
    w = _window(qtbot)
    x, y, m, n = _graph(w)

    # a cycle: n's output into m's (occupied) input would also hit the port check first, so
    # replace the port: the cycle is named
    assert not w.push(C.ConnectCommand(n.id, m.id, 0, replace=True))
    cycle = _warnings(w)[-1]
    assert HANGUL.search(cycle) and "'nn'" in cycle and "'mm'" in cycle and "→" in cycle, cycle
    assert "would create a cycle" not in cycle

    assert not w.push(C.ConnectCommand(y.id, n.id, 1))
    occupied = _warnings(w)[-1]
    assert HANGUL.search(occupied) and "'nn'" in occupied and "'xx'" in occupied, occupied
    assert "already connected" not in occupied

    assert not w.push(C.ConnectCommand(x.id, y.id, 0))
    leaf = _warnings(w)[-1]
    assert HANGUL.search(leaf) and "'yy'" in leaf, leaf

    undo = w.actions["undo"]
    assert w.push(C.RenameCommand(x.id, "renamed"))
    assert HANGUL.search(w.undo_stack.undoText()) and "renamed" in w.undo_stack.undoText()
    assert HANGUL.search(undo.text()), undo.text()
    assert w.undo_stack.command(w.undo_stack.index() - 1).command.text == "Rename to 'renamed'"

    assert w.push(C.MoveNodesCommand({x.id: (10.0, 20.0), y.id: (30.0, 40.0)}, text="Move 2 nodes"))
    assert w.undo_stack.undoText() == "노드 2개 이동"

    from explorer.view.undo import ReplaceDocumentCommand

    assert w.push(ReplaceDocumentCommand(w.document.copy(), "Apply script"))  # as apply_script does
    assert w.undo_stack.undoText() == "스크립트 적용"
    assert w.undo_stack.command(w.undo_stack.index() - 1).command.text == "Apply script"


def test_tr_message_shapes_korean(korean):
    assert tr_message("connecting 'a' to 'b' would create a cycle: b → c → a → b") == \
        "'a'을(를) 'b'에 연결하면 순환이 생깁니다: b → c → a → b"
    assert tr_message("input 2 of 'x' is already connected to 'y'") == "'x'의 2번 입력은 이미 'y'에 연결되어 있습니다"
    assert tr_message("Apply script") == "스크립트 적용"
    assert tr_message("Rename to 'q'") == "이름을 'q'(으)로 변경"
    # unknown messages pass through unchanged
    assert tr_message("something the table does not know") == "something the table does not know"
    assert tr_message("") == ""


def test_english_mode_unchanged(qtbot, qapp, monkeypatch, tmp_path):
    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "en")
    hooks.install_translator(qapp)
    msg = "connecting 'a' to 'b' would create a cycle: b → a → b"
    assert tr_message(msg) == msg
    assert tr_message("Move 2 nodes") == "Move 2 nodes"
    w = _window(qtbot)
    x, y, m, n = _graph(w)
    assert not w.push(C.ConnectCommand(y.id, n.id, 1))
    assert _warnings(w)[-1] == "input 2 of 'nn' is already connected to 'xx'"
    assert w.push(C.RenameCommand(x.id, "renamed"))
    assert w.undo_stack.undoText() == "Rename to 'renamed'"
