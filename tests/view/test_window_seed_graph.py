"""Building the seed graph Q = 3a³ − b² through the window by mouse and read its grads."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from window_driving import (select, grad_texts, mouse_drag, drop_from_palette, connect_by_mouse,
                            set_value_in_inspector, rename_in_inspector, prompts, settings_dir, make_window,
                            window)  # noqa: F401 - fixtures


# ---------------------------------------------------------------------- building the seed graph
def test_build_seed_graph_through_the_ui_and_read_grads(window, qtbot):
    w = window
    w.actions["auto_run"].setChecked(False)
    view = w.view
    # Leaves and constants come from the palette (drag and drop onto the canvas) ...
    drop_from_palette(w, "leaf", None, QPointF(0, 0))
    rename_in_inspector(w, "x", "a")
    set_value_in_inspector(w, "a", "[2., 3.]")
    drop_from_palette(w, "leaf", None, QPointF(0, 400))
    rename_in_inspector(w, "x", "b")
    set_value_in_inspector(w, "b", "[6., 4.]")
    for name, value, y in (("three", "3", 200), ("e3", "3", 100), ("e2", "2", 520)):
        drop_from_palette(w, "const", None, QPointF(0, y))
        new = w.scene.selected_ids()[0]
        rename_in_inspector(w, w.document.nodes[new].name, name)
        set_value_in_inspector(w, name, value)
    # ... ops from the palette by name (filter + Enter) and from the canvas search popup.
    w.op_palette.filter_edit.setText("pow")
    assert ("op", "pow") in w.op_palette.visible_entries()
    w.op_palette.filter_edit.returnPressed.emit()
    pow_id = w.scene.selected_ids()[0]
    assert w.document.nodes[pow_id].op == "pow"
    w.scene.node_items[pow_id].setPos(300, 0)
    drop_from_palette(w, "op", "pow", QPointF(300, 420))
    popup = view.open_search_popup(QPointF(600, 100))
    popup.field.setText("mul")
    popup.accept()
    drop_from_palette(w, "op", "sub", QPointF(900, 250))
    names = {n.name: n.id for n in w.document.nodes.values()}
    assert {"a", "b", "three", "e3", "e2", "pow", "pow1", "mul", "sub"} <= set(names)
    # Move the first pow with a real drag on its header (one MoveNodesCommand).
    item = w.scene.node_items[names["pow"]]
    grab = item.mapToScene(QPointF(60, 10))
    before = tuple(w.document.nodes[names["pow"]].pos)
    mouse_drag(view, grab, grab + QPointF(20, 40))
    after = tuple(w.document.nodes[names["pow"]].pos)
    assert after != before and w.undo_stack.undoText().startswith("Move")
    # Wire everything with real mouse drags from output ports to input ports.
    for src, dst, port in (("a", "pow", 0), ("e3", "pow", 1), ("three", "mul", 0), ("pow", "mul", 1),
                           ("b", "pow1", 0), ("e2", "pow1", 1), ("mul", "sub", 0), ("pow1", "sub", 1)):
        connect_by_mouse(w, src, dst, port)
    assert len(w.document.edges()) == 8
    # A drop that closes a cycle is refused with a message and changes nothing.
    count = len(w.messages.entries())
    connect_by_mouse(w, "sub", "pow", 0)
    assert len(w.document.edges()) == 8
    assert any("cycle" in t or "already connected" in t for _, t in w.messages.entries()[count:])
    # Root and external gradient, then Forward and Backward from the toolbar.
    select(w, "sub")
    w.actions["set_root"].trigger()
    w.actions["forward"].trigger()
    QApplication.processEvents()  # the toolbar lays out its widgets on the next pass
    assert w.gradient_edit.isVisibleTo(w), "a non-scalar root must show the gradient field"
    w.gradient_edit.setText("[1, 1]")
    w.gradient_edit.editingFinished.emit()
    np.testing.assert_array_equal(w.document.root_gradient, [1.0, 1.0])
    w.actions["backward"].trigger()
    assert grad_texts(w, "a") == [["36.", "81."]]
    assert grad_texts(w, "b") == [["-12.", "-8."]]
    select(w, "sub")
    assert w.inspector.grad_fn_label.text() == "<SubBackward0>"
    assert w.inspector.value_table.cell_texts() == [["-12.", "65."]]
