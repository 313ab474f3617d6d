"""Undo / redo of every edit kind through the window's actions, and edit shortcuts that must not
fire from text fields."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from explorer.model import commands as C
from explorer.model.document import Edge

from window_driving import (load_seed, node_id, select, mouse_drag, drop_from_palette, connect_by_mouse,
                            set_value_in_inspector, rename_in_inspector, prompts, settings_dir, make_window,
                            window)  # noqa: F401 - fixtures


# ---------------------------------------------------------------------- undo / redo of every edit kind
def _edit_cases(w):
    a, b, q = node_id(w, "a"), node_id(w, "b"), node_id(w, "Q")
    b_sq = node_id(w, "b_sq")

    def add():
        drop_from_palette(w, "op", "exp", QPointF(900, 500))

    def connect():
        connect_by_mouse(w, "b_sq", "Q", 1)

    def prepare_connect():
        w.push(C.DisconnectCommand(Edge(b_sq, q, 1)))
        w.undo_stack.setClean()

    def move():
        item = w.scene.node_items[a]
        p = item.mapToScene(QPointF(60, 10))
        mouse_drag(w.view, p, p + QPointF(50, 30))

    def value():
        set_value_in_inspector(w, "a", "[5., 7.]")

    def rename():
        rename_in_inspector(w, "a", "alpha")

    def freeze():
        select(w, "b")
        w.inspector.requires_grad_box.click()

    def delete():
        select(w, "b_sq")
        w.view.setFocus()
        w.actions["delete"].trigger()

    def duplicate():
        select(w, "a")
        w.actions["duplicate"].trigger()

    def copy_paste():
        select(w, "b")
        w.actions["copy"].trigger()
        w.actions["paste"].trigger()

    def group():
        from PySide6.QtWidgets import QInputDialog

        w.scene.select_ids([a, b], emit=True)
        original = QInputDialog.getText
        QInputDialog.getText = staticmethod(lambda *args, **kw: ("inputs", True))
        try:
            w.actions["group"].trigger()
        finally:
            QInputDialog.getText = original
        assert [g.name for g in w.document.groups.values()] == ["inputs"]

    def cut():
        select(w, "b_sq")
        w.actions["cut"].trigger()
        assert w.document.node_by_name("b_sq") is None

    def root():
        select(w, "three_a3")
        w.actions["set_root"].trigger()

    def script():
        w.apply_script("x = tensor(2., requires_grad=True)\ny = x * x\ny.backward()\n")

    connect.prepare = prepare_connect
    return {"add node": add, "connect": connect, "move": move, "set value": value, "rename": rename,
            "requires_grad": freeze, "delete": delete, "duplicate": duplicate, "paste": copy_paste,
            "group": group, "set root": root, "apply script": script, "cut": cut}


@pytest.mark.parametrize("kind", ["add node", "connect", "move", "set value", "rename", "requires_grad",
                                  "delete", "duplicate", "paste", "group", "set root", "apply script",
                                  "cut"])
def test_undo_redo_every_edit_kind_through_the_window_actions(window, kind):
    load_seed(window)
    window.actions["auto_run"].setChecked(False)
    edit = _edit_cases(window)[kind]
    getattr(edit, "prepare", lambda: None)()
    before = window.document.copy()
    edit()
    after = window.document.copy()
    assert not after.same_as(before), f"{kind}: the edit changed nothing"
    assert window.isWindowModified()
    window.actions["undo"].trigger()
    assert window.document.same_as(before), f"{kind}: undo did not restore the document"
    window.actions["redo"].trigger()
    assert window.document.same_as(after), f"{kind}: redo did not restore the edit"


def test_edit_shortcuts_do_not_fire_from_text_fields(window, qtbot):
    load_seed(window)
    select(window, "a")
    count = len(window.document.nodes)
    window.inspector.name_edit.setFocus()
    qtbot.keyClick(window.inspector.name_edit, Qt.Key.Key_Delete)
    assert len(window.document.nodes) == count
    # On the canvas the same key deletes the selection: once, as one undo step.
    window.view.setFocus()
    steps = window.undo_stack.count()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.document.node_by_name("a") is None and len(window.document.nodes) == count - 1
    assert window.undo_stack.count() == steps + 1
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.node_by_name("a") is not None
