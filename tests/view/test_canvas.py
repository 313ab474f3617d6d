"""The forward canvas, driven like a user drives it: real mouse events on the view's viewport,
key presses, the add-node popup; every edit checked in the document and through undo/redo."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest

from explorer.model import commands as C
from explorer.model.document import Document, Edge
from explorer.view.canvas import GraphScene, GraphView
from explorer.view.canvas.card_metrics import HEADER
from explorer.view.undo_rules import model_undo_stack


# ---------------------------------------------------------------------------- helpers
@pytest.fixture
def canvas(qtbot):
    doc = Document()
    stack = model_undo_stack(doc)
    scene = GraphScene(doc, stack)
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.resetTransform()
    view.centerOn(400, 200)
    messages: list[str] = []
    scene.message.connect(messages.append)
    yield doc, stack, scene, view, messages
    scene.close()


def add(stack, node):
    assert stack.push_command(C.AddNodeCommand(node))
    return node


def build_seed(doc, stack):
    """Q = 3*a**3 - b**2 with a=[2,3], b=[6,4] (the tutorial), root Q with gradient [1, 1]."""
    a = add(stack, C.leaf_node(doc, "a", [2.0, 3.0], requires_grad=True, pos=(0, 0)))
    b = add(stack, C.leaf_node(doc, "b", [6.0, 4.0], requires_grad=True, pos=(0, 300)))
    three = add(stack, C.const_node(doc, 3.0, pos=(0, 150)))
    e3 = add(stack, C.const_node(doc, 3.0, pos=(0, -130)))
    e2 = add(stack, C.const_node(doc, 2.0, pos=(0, 430)))
    p1 = add(stack, C.op_node(doc, "pow", pos=(250, -40)))
    m = add(stack, C.op_node(doc, "mul", pos=(500, 60)))
    p2 = add(stack, C.op_node(doc, "pow", pos=(250, 330)))
    q = add(stack, C.op_node(doc, "sub", name="Q", pos=(750, 170)))
    for s, d, p in [(a, p1, 0), (e3, p1, 1), (three, m, 0), (p1, m, 1), (b, p2, 0), (e2, p2, 1), (m, q, 0), (p2, q, 1)]:
        assert stack.push_command(C.ConnectCommand(s.id, d.id, p))
    assert stack.push_command(C.SetRootCommand(q.id, np.array([1.0, 1.0], dtype=np.float32)))
    return {n.name: n.id for n in doc.nodes.values()}


def vp(view, scene_point) -> QPoint:
    return view.mapFromScene(QPointF(scene_point))


def drag(view, start, end, steps: int = 6) -> None:
    """Press at ``start``, move in steps, release at ``end`` (scene coordinates)."""
    viewport = view.viewport()
    a, b = vp(view, start), vp(view, end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for i in range(1, steps + 1):
        p = a + (b - a) * (i / steps)
        QTest.mouseMove(viewport, p)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def click(view, point) -> None:
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(view, point))


def out_port(scene, nid):
    return scene.node_items[nid].output_port_scene_pos()


def in_port(scene, nid, port):
    return scene.node_items[nid].input_port_scene_pos(port)


# ---------------------------------------------------------------------------- mirroring
def test_scene_mirrors_document_events_and_undo(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    assert set(scene.node_items) == set(doc.nodes)
    assert set(scene.edge_items) == set(doc.edges())
    # Positions come from the document.
    assert scene.node_items[ids["Q"]].pos() == QPointF(750, 170)
    assert scene.node_items[ids["Q"]].is_root
    # Undo everything: the canvas empties; redo everything: it comes back.
    while stack.canUndo():
        stack.undo()
    assert not scene.node_items and not scene.edge_items
    while stack.canRedo():
        stack.redo()
    assert set(scene.edge_items) == set(doc.edges()) and len(scene.node_items) == 9


def test_reset_rebuilds_from_the_document(canvas):
    doc, stack, scene, view, _ = canvas
    other = Document()
    h = C.History(other)
    h.push(C.AddNodeCommand(C.leaf_node(other, "w", [[1.0, 2.0], [3.0, 4.0]], pos=(10, 20))))
    doc.replace_with(other)
    assert [scene.node_items[n].node.name for n in scene.node_items] == ["w"]


# ---------------------------------------------------------------------------- connecting with the mouse
def test_drag_from_output_port_to_input_port_connects(canvas):
    doc, stack, scene, view, _ = canvas
    a = add(stack, C.leaf_node(doc, "a", [2.0, 3.0], requires_grad=True, pos=(0, 0)))
    e = add(stack, C.op_node(doc, "exp", pos=(300, 40)))
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(view, out_port(scene, a.id)))
    QTest.mouseMove(viewport, vp(view, in_port(scene, e.id, 0)))
    assert scene.node_items[e.id].hint == (("in", 0), True)  # green ring: allowed
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(view, in_port(scene, e.id, 0)))
    assert doc.edges() == [Edge(a.id, e.id, 0)]
    assert Edge(a.id, e.id, 0) in scene.edge_items
    assert scene.wire is None  # the follow-the-mouse wire is gone after the drop
    stack.undo()
    assert doc.edges() == [] and not scene.edge_items
    stack.redo()
    assert doc.edges() == [Edge(a.id, e.id, 0)]


def test_wire_follows_the_mouse_while_dragging(canvas):
    doc, stack, scene, view, _ = canvas
    a = add(stack, C.leaf_node(doc, "a", 1.0, pos=(0, 0)))
    viewport = view.viewport()
    start = vp(view, out_port(scene, a.id))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(80, 60))
    QTest.mouseMove(viewport, start + QPoint(160, 120))
    assert scene.wire is not None
    end = view.mapToScene(start + QPoint(160, 120))
    assert all(i.hint is None for i in scene.node_items.values())
    assert abs(scene.wire.end.x() - end.x()) < 1 and abs(scene.wire.end.y() - end.y()) < 1
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(160, 120))
    assert scene.wire is None and doc.edges() == []


def test_drop_on_the_card_body_uses_the_first_free_port(canvas):
    doc, stack, scene, view, _ = canvas
    a = add(stack, C.leaf_node(doc, "a", 1.0, pos=(0, 0)))
    b = add(stack, C.leaf_node(doc, "b", 1.0, pos=(0, 150)))
    m = add(stack, C.op_node(doc, "mul", pos=(300, 40)))
    card = scene.node_items[m.id].sceneBoundingRect().center()
    drag(view, out_port(scene, a.id), card)
    drag(view, out_port(scene, b.id), card)
    assert set(doc.edges()) == {Edge(a.id, m.id, 0), Edge(b.id, m.id, 1)}


def test_connection_closing_a_cycle_is_refused_with_a_message(canvas):
    doc, stack, scene, view, messages = canvas
    x = add(stack, C.leaf_node(doc, "x", 1.0, pos=(0, 0)))
    s = add(stack, C.op_node(doc, "add", pos=(250, 0)))
    e = add(stack, C.op_node(doc, "exp", pos=(500, 0)))
    assert stack.push_command(C.ConnectCommand(x.id, s.id, 0))
    assert stack.push_command(C.ConnectCommand(s.id, e.id, 0))
    before, count = set(doc.edges()), stack.count()
    # While hovering, the target port is ringed red (not allowed).
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(view, out_port(scene, e.id)))
    QTest.mouseMove(viewport, vp(view, in_port(scene, s.id, 1)))
    assert scene.node_items[s.id].hint == (("in", 1), False)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(view, in_port(scene, s.id, 1)))
    assert scene.node_items[s.id].hint is None
    assert set(doc.edges()) == before and stack.count() == count
    assert messages and "cycle" in messages[-1] and "'exp'" in messages[-1]


def test_connection_into_an_occupied_port_is_refused_with_a_message(canvas):
    doc, stack, scene, view, messages = canvas
    a = add(stack, C.leaf_node(doc, "a", 1.0, pos=(0, 0)))
    b = add(stack, C.leaf_node(doc, "b", 1.0, pos=(0, 160)))
    e = add(stack, C.op_node(doc, "exp", pos=(300, 40)))
    assert stack.push_command(C.ConnectCommand(a.id, e.id, 0))
    drag(view, out_port(scene, b.id), in_port(scene, e.id, 0))
    assert doc.edges() == [Edge(a.id, e.id, 0)]
    assert "already connected to 'a'" in messages[-1]


def test_dragging_a_connected_input_away_disconnects_it(canvas):
    doc, stack, scene, view, _ = canvas
    a = add(stack, C.leaf_node(doc, "a", 1.0, pos=(0, 0)))
    e = add(stack, C.op_node(doc, "exp", pos=(300, 40)))
    assert stack.push_command(C.ConnectCommand(a.id, e.id, 0))
    drag(view, in_port(scene, e.id, 0), QPointF(200, 500))
    assert doc.edges() == []
    stack.undo()
    assert doc.edges() == [Edge(a.id, e.id, 0)]


# ---------------------------------------------------------------------------- moving
def test_drag_moves_nodes_with_one_undo_step_per_drag(canvas):
    doc, stack, scene, view, _ = canvas
    a = add(stack, C.leaf_node(doc, "a", 1.0, pos=(0, 0)))
    e = add(stack, C.op_node(doc, "exp", pos=(300, 0)))
    assert stack.push_command(C.ConnectCommand(a.id, e.id, 0))
    count = stack.count()
    grip = QPointF(100, HEADER / 2)  # on a's header, away from the switch and the ports
    drag(view, grip, grip + QPointF(40, 120), steps=8)
    assert doc.nodes[a.id].pos == pytest.approx((40, 120), abs=1.5)
    assert stack.count() == count + 1
    # the edge followed the card
    edge = scene.edge_items[Edge(a.id, e.id, 0)]
    assert edge.boundingRect().contains(scene.node_items[a.id].output_port_scene_pos())
    # a second drag of the same node is its own undo step
    grip2 = QPointF(140, 120 + HEADER / 2)
    drag(view, grip2, grip2 + QPointF(60, 0))
    assert stack.count() == count + 2
    stack.undo()
    assert doc.nodes[a.id].pos == pytest.approx((40, 120), abs=1.5)
    stack.undo()
    assert doc.nodes[a.id].pos == (0.0, 0.0)
    assert scene.node_items[a.id].pos() == QPointF(0, 0)
    stack.redo()
    assert scene.node_items[a.id].pos().x() == pytest.approx(40, abs=1.5)


def test_rubber_band_selects_and_drag_moves_the_selection_in_one_step(canvas):
    doc, stack, scene, view, _ = canvas
    a = add(stack, C.leaf_node(doc, "a", 1.0, pos=(0, 0)))
    b = add(stack, C.leaf_node(doc, "b", 1.0, pos=(0, 150)))
    far = add(stack, C.leaf_node(doc, "far", 1.0, pos=(700, 0)))
    drag(view, QPointF(-40, -40), QPointF(250, 280))
    assert set(scene.selected_ids()) == {a.id, b.id}
    count = stack.count()
    grip = QPointF(100, HEADER / 2)
    drag(view, grip, grip + QPointF(50, 30))
    assert stack.count() == count + 1
    assert doc.nodes[a.id].pos == pytest.approx((50, 30), abs=1.5)
    assert doc.nodes[b.id].pos == pytest.approx((50, 180), abs=1.5)
    assert doc.nodes[far.id].pos == (700.0, 0.0)
    stack.undo()
    assert doc.nodes[b.id].pos == (0.0, 150.0)


# ---------------------------------------------------------------------------- the add-node popup
def test_tab_opens_search_popup_and_enter_adds_the_node(canvas, qtbot):
    doc, stack, scene, view, _ = canvas
    view.setFocus()
    QTest.mouseMove(view.viewport(), QPoint(500, 300))
    QTest.keyClick(view, Qt.Key.Key_Tab)
    popup = view.search_popup
    assert popup.isVisible()
    assert "leaf" in popup.visible_names() and "mul" in popup.visible_names()
    QTest.keyClicks(popup.field, "exp")
    assert popup.visible_names()[0] == "exp"
    assert "mul" not in popup.visible_names()
    QTest.keyClick(popup.field, Qt.Key.Key_Return)
    assert not popup.isVisible()
    [node] = doc.nodes.values()
    assert node.op == "exp"
    assert scene.selected_ids() == [node.id]
    stack.undo()
    assert not doc.nodes


def test_double_click_on_empty_canvas_opens_popup_at_that_point(canvas):
    doc, stack, scene, view, _ = canvas
    target = QPointF(420, 260)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(view, target))
    popup = view.search_popup
    assert popup.isVisible()
    QTest.keyClicks(popup.field, "leaf")
    QTest.keyClick(popup.field, Qt.Key.Key_Return)
    [node] = doc.nodes.values()
    assert node.kind == "leaf"
    assert node.pos == pytest.approx((target.x(), target.y()), abs=2)


# ---------------------------------------------------------------------------- requires_grad switch and freezing
def test_requires_grad_switch_freezes_the_branch(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    items = scene.node_items
    assert not any(items[ids[n]].frozen for n in ("a", "b", "pow", "pow1", "mul", "Q"))
    switch = items[ids["b"]].mapToScene(items[ids["b"]].switch_rect().center())
    click(view, switch)
    assert doc.nodes[ids["b"]].requires_grad is False
    frozen = {n for n, i in ids.items() if items[i].frozen and doc.nodes[i].kind != "const"}
    assert frozen == {"b", "pow1"}  # b's branch drops out; a's branch and Q stay
    edges = scene.edge_items
    assert edges[Edge(ids["b"], ids["pow1"], 0)].frozen
    assert edges[Edge(ids["pow1"], ids["Q"], 1)].frozen
    assert not edges[Edge(ids["mul"], ids["Q"], 0)].frozen
    # The card says it: grad_fn=None instead of a badge.
    assert ("badge", "none", "grad_fn=None") in items[ids["pow1"]]._rows
    # Freezing a too: nothing requires grad any more, Q included.
    click(view, items[ids["a"]].mapToScene(items[ids["a"]].switch_rect().center()))
    assert items[ids["Q"]].frozen and items[ids["mul"]].frozen
    stack.undo()
    stack.undo()
    assert not any(items[ids[n]].frozen for n in ("b", "pow1", "Q"))
    assert not edges[Edge(ids["b"], ids["pow1"], 0)].frozen


def test_group_switch_freezes_every_leaf_in_the_group(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    scene.select_ids([ids["a"], ids["b"], ids["pow"]])
    assert view.group_selection("backbone")
    [gid] = doc.groups
    frame = scene.group_items[gid]
    # The frame encloses its members.
    for n in ("a", "b", "pow"):
        assert frame.boundingRect().contains(scene.node_items[ids[n]].sceneBoundingRect())
    click(view, frame.switch_rect().center())
    assert not doc.nodes[ids["a"]].requires_grad and not doc.nodes[ids["b"]].requires_grad
    assert scene.node_items[ids["Q"]].frozen
    stack.undo()
    assert doc.nodes[ids["a"]].requires_grad and doc.nodes[ids["b"]].requires_grad
    assert not scene.node_items[ids["Q"]].frozen


# ---------------------------------------------------------------------------- keyboard edits
def test_delete_key_removes_selection_and_undo_restores_edges(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    edges = set(doc.edges())
    scene.select_ids([ids["mul"]])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert ids["mul"] not in doc.nodes and ids["mul"] not in scene.node_items
    assert all(ids["mul"] not in (e.src, e.dst) for e in scene.edge_items)
    stack.undo()
    assert set(doc.edges()) == edges and set(scene.edge_items) == edges


def test_delete_a_selected_edge(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    edge = Edge(ids["mul"], ids["Q"], 0)
    item = scene.edge_items[edge]
    click(view, item._path.pointAtPercent(0.5))
    assert scene.selected_edges() == [edge]
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert edge not in doc.edges() and ids["mul"] in doc.nodes
    stack.undo()
    assert edge in doc.edges()


def test_ctrl_d_duplicates_and_ctrl_c_v_pastes(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    scene.select_ids([ids["b"], ids["pow1"], ids["c2"]])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.nodes) == 12
    new = set(scene.selected_ids())
    assert len(new) == 3 and not new & set(ids.values())
    names = {doc.nodes[n].name for n in new}
    assert len(names) == 3 and not names & {n.name for nid, n in doc.nodes.items() if nid not in new}
    assert sorted(n[:1] for n in names) == ["b", "c", "p"]  # copies are named after their originals
    # the internal edges came along
    assert sum(1 for e in doc.edges() if e.src in new and e.dst in new) == 2
    stack.undo()
    assert len(doc.nodes) == 9
    scene.select_ids([ids["a"]])
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    from PySide6.QtGui import QGuiApplication

    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasFormat("application/x-autograd-explorer-fragment+json")
    assert mime.text().strip() == "a = tensor([2., 3.], requires_grad=True)"  # a script for the code editor
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.nodes) == 10
    [pasted] = scene.selected_ids()
    assert doc.nodes[pasted].name == "a1" and doc.nodes[pasted].requires_grad
    stack.undo()
    assert len(doc.nodes) == 9


# ---------------------------------------------------------------------------- inline editing
def test_double_click_leaf_edits_value_in_place(canvas, qtbot):
    doc, stack, scene, view, messages = canvas
    ids = build_seed(doc, stack)
    item = scene.node_items[ids["a"]]
    spot = item.mapToScene(item.value_rect().center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(view, spot))
    editor = scene._editor
    assert editor is not None and editor.line.text() == "[2., 3.]"
    editor.line.selectAll()
    QTest.keyClicks(editor.line, "[1., oops]")
    QTest.keyClick(editor.line, Qt.Key.Key_Return)
    # Invalid: a clear message, the editor stays with the text as typed, the value is unchanged.
    assert "'oops' is not a number" in messages[-1]
    assert scene._editor is editor and editor.line.text() == "[1., oops]"
    assert np.array_equal(doc.nodes[ids["a"]].value, [2.0, 3.0])
    editor.line.setText("[1.5, -2]")
    QTest.keyClick(editor.line, Qt.Key.Key_Return)
    assert scene._editor is None
    assert np.array_equal(doc.nodes[ids["a"]].value, np.array([1.5, -2.0], dtype=np.float32))
    assert "[1.5000, -2.0000]" in [t for _, _, t in item._rows]
    stack.undo()
    assert np.array_equal(doc.nodes[ids["a"]].value, [2.0, 3.0])


def test_rename_with_f2_and_double_click_on_the_name(canvas):
    doc, stack, scene, view, messages = canvas
    ids = build_seed(doc, stack)
    scene.select_ids([ids["mul"]])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = scene._editor
    assert editor is not None and editor.line.text() == "mul"
    editor.line.setText("b")  # taken
    QTest.keyClick(editor.line, Qt.Key.Key_Return)
    assert "already used" in messages[-1] and doc.nodes[ids["mul"]].name == "mul"
    editor.line.setText("three_a_cubed")
    QTest.keyClick(editor.line, Qt.Key.Key_Return)
    assert doc.nodes[ids["mul"]].name == "three_a_cubed"
    stack.undo()
    assert doc.nodes[ids["mul"]].name == "mul"
    # double-click on the header of Q
    item = scene.node_items[ids["Q"]]
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      vp(view, item.mapToScene(QPointF(60, HEADER / 2))))
    assert scene._editor is not None and scene._editor.line.text() == "Q"
    QTest.keyClick(scene._editor.line, Qt.Key.Key_Escape)
    assert scene._editor is None and doc.nodes[ids["Q"]].name == "Q"


# ---------------------------------------------------------------------------- view: zoom, pan, fit, LOD
def test_wheel_zooms_at_the_cursor(canvas):
    doc, stack, scene, view, _ = canvas
    build_seed(doc, stack)
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    cursor = P(300, 200)
    before = view.mapToScene(cursor)
    ev = QWheelEvent(QPointF(cursor), QPointF(view.viewport().mapToGlobal(cursor)), P(0, 0), P(0, 240),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), ev)
    assert view.zoom() == pytest.approx(1.15 ** 2)
    after = view.mapToScene(cursor)
    assert after.x() == pytest.approx(before.x(), abs=1) and after.y() == pytest.approx(before.y(), abs=1)


def test_middle_drag_and_space_drag_pan(canvas):
    doc, stack, scene, view, _ = canvas
    build_seed(doc, stack)
    viewport = view.viewport()
    centre = view.mapToScene(viewport.rect().center())
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(400, 400))
    QTest.mouseMove(viewport, QPoint(300, 350))
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 350))
    moved = view.mapToScene(viewport.rect().center())
    assert moved.x() == pytest.approx(centre.x() + 100, abs=2) and moved.y() == pytest.approx(centre.y() + 50, abs=2)
    view.setFocus()
    QTest.keyPress(view, Qt.Key.Key_Space)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(400, 400))
    QTest.mouseMove(viewport, QPoint(450, 400))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(450, 400))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    again = view.mapToScene(viewport.rect().center())
    assert again.x() == pytest.approx(moved.x() - 50, abs=2)
    assert not scene.selected_ids()  # panning is not a rubber band


def test_f_fits_the_whole_graph(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    view.centerOn(5000, 5000)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    for nid in ids.values():
        assert visible.contains(scene.node_items[nid].sceneBoundingRect())


def _render(view) -> QImage:
    img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    view.render(p)
    p.end()
    return img


def test_level_of_detail_text_only_when_legible_boxes_when_zoomed_out(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    view.set_zoom(1.0)
    _render(view)
    assert {i.painted_lod for i in scene.node_items.values() if i.painted_lod} == {"full"}
    assert not scene.overview_active
    view.set_zoom(0.5)  # header text only, grey bars for the rows
    view.centerOn(350, 150)
    _render(view)
    assert {i.painted_lod for i in scene.node_items.values()} == {"header"}
    view.set_zoom(0.2)  # plain boxes, drawn in batches by the overview
    view.centerOn(350, 150)
    img = _render(view)
    assert scene.overview_active
    item = scene.node_items[ids["a"]]
    assert item.flags() & item.GraphicsItemFlag.ItemHasNoContents
    assert not any(e.isVisible() for e in scene.edge_items.values())  # drawn in the overview batch
    from explorer.view import theme

    centre = view.mapFromScene(item.sceneBoundingRect().center())
    assert img.pixelColor(centre).name() == theme.current().leaf_header
    # Clicking a box still selects the node.
    click(view, item.sceneBoundingRect().center())
    assert scene.selected_ids() == [ids["a"]]
    view.set_zoom(1.0)
    assert not scene.overview_active and not item.flags() & item.GraphicsItemFlag.ItemHasNoContents
    assert all(e.isVisible() for e in scene.edge_items.values())


def test_show_results_updates_only_changed_cards(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    from explorer.model.runner import Runner

    runner = Runner(doc)
    runner.run_forward()
    result = runner.run_backward()
    assert scene.show_results(result) > 0
    item = scene.node_items[ids["a"]]
    assert (".grad" in [label for _, label, _ in item._rows])
    assert "[36., 81.]" in [t for _, _, t in item._rows]
    assert "[-12., -8.]" in [t for _, _, t in scene.node_items[ids["b"]]._rows]
    assert ("badge", "grad_fn", "SubBackward0") in scene.node_items[ids["Q"]]._rows
    # The same result again changes nothing, so nothing is repainted.
    assert scene.show_results(runner.run_backward(again=False)) == 0
    # A new value for b changes only b's cone (b, pow1, Q) and a's grad stays.
    assert stack.push_command(C.SetValueCommand(ids["b"], [1.0, 1.0]))
    runner.run_forward()
    changed = scene.show_results(runner.run_backward())
    assert 1 <= changed <= 4


def test_error_badge_shows_the_message(canvas):
    doc, stack, scene, view, _ = canvas
    a = add(stack, C.leaf_node(doc, "a", [1.0, 2.0, 3.0], pos=(0, 0)))
    b = add(stack, C.leaf_node(doc, "b", [1.0, 2.0], pos=(0, 150)))
    s = add(stack, C.op_node(doc, "add", pos=(300, 40)))
    assert stack.push_command(C.ConnectCommand(a.id, s.id, 0))
    assert stack.push_command(C.ConnectCommand(b.id, s.id, 1))
    from explorer.model.runner import Runner

    scene.show_results(Runner(doc).run_forward())
    rows = scene.node_items[s.id]._rows
    [err] = [t for k, _, t in rows if k == "error"]
    assert "must match the size of tensor b (2)" in err  # the engine's PyTorch-worded message
    assert err in scene.node_items[s.id].toolTip()


def test_l_lays_out_in_one_undo_step_and_shift_l_keeps_dragged_cards(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    # Scramble: everything piled up near the origin.
    assert stack.push_command(C.MoveNodesCommand({nid: (i * 5.0, i * 5.0) for i, nid in enumerate(doc.nodes)},
                                                 merge=False))
    before = {nid: n.pos for nid, n in doc.nodes.items()}
    count = stack.count()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_L)
    assert stack.count() == count + 1
    pos = {nid: n.pos for nid, n in doc.nodes.items()}
    # Left to right: every edge goes from a column to a column further right.
    assert all(pos[e.src][0] < pos[e.dst][0] for e in doc.edges())
    # No two cards overlap.
    rects = [scene.node_items[n].sceneBoundingRect().adjusted(4, 4, -4, -4) for n in doc.nodes]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    assert {nid: scene.node_items[nid].pos().toTuple() for nid in doc.nodes} == pos
    stack.undo()
    assert {nid: n.pos for nid, n in doc.nodes.items()} == before
    stack.redo()
    # A card dragged by hand stays where it was put with Shift+L (keep manual positions).
    q = scene.node_items[ids["Q"]]
    grip = q.mapToScene(QPointF(100, HEADER / 2))
    drag(view, grip, grip + QPointF(0, 300))
    placed = doc.nodes[ids["Q"]].pos
    QTest.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    assert doc.nodes[ids["Q"]].pos == placed
    QTest.keyClick(view, Qt.Key.Key_L)
    assert doc.nodes[ids["Q"]].pos != placed


def test_group_frame_follows_undo_and_its_members(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    scene.select_ids([ids["a"], ids["pow"]])
    assert view.group_selection("branch a")
    [gid] = doc.groups
    frame = scene.group_items[gid]
    # Moving a member by mouse stretches the frame with it.
    grip = QPointF(100, HEADER / 2)
    scene.select_ids([])
    drag(view, grip, grip + QPointF(0, -200))
    assert frame.boundingRect().contains(scene.node_items[ids["a"]].sceneBoundingRect())
    stack.undo()  # the move
    stack.undo()  # the group
    assert not doc.groups and not scene.group_items
    stack.redo()
    assert list(scene.group_items) == [gid]


def test_edge_labels_show_the_gradient_that_flowed(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    from explorer.model.runner import Runner

    runner = Runner(doc)
    runner.run_forward()
    scene.show_results(runner.run_backward())
    edge = scene.edge_items[Edge(ids["a"], ids["pow"], 0)]
    assert edge.label is None  # off by default
    scene.set_show_edge_grads(True)
    assert edge.label == "[36., 81.]"  # dQ/da arrives at a along its only edge
    assert scene.edge_items[Edge(ids["pow1"], ids["Q"], 1)].label == "[-1., -1.]"  # Q = ... - b**2
    # Frozen edges carry no gradient, so no label.
    assert stack.push_command(C.SetRequiresGradCommand(ids["b"], False))
    runner.run_forward()
    scene.show_results(runner.run_backward())
    assert scene.edge_items[Edge(ids["b"], ids["pow1"], 0)].label is None


def test_wire_dropped_on_empty_canvas_adds_a_connected_node(canvas):
    doc, stack, scene, view, _ = canvas
    a = add(stack, C.leaf_node(doc, "a", [1.0, 2.0], requires_grad=True, pos=(0, 0)))
    drag(view, out_port(scene, a.id), QPointF(400, 60))
    popup = view.search_popup
    assert popup.isVisible()
    QTest.keyClicks(popup.field, "tanh")
    QTest.keyClick(popup.field, Qt.Key.Key_Return)
    [t] = [n for n in doc.nodes.values() if n.op == "tanh"]
    assert doc.edges() == [Edge(a.id, t.id, 0)]
    stack.undo()  # one step removes the node and its wire
    assert set(doc.nodes) == {a.id} and not doc.edges()
    # From an input port: the new node feeds that port.
    e = add(stack, C.op_node(doc, "exp", pos=(500, 300)))
    drag(view, in_port(scene, e.id, 0), QPointF(250, 300))
    QTest.keyClicks(view.search_popup.field, "leaf")
    QTest.keyClick(view.search_popup.field, Qt.Key.Key_Return)
    [x] = [n for n in doc.nodes.values() if n.kind == "leaf" and n.id != a.id]
    assert doc.edges() == [Edge(x.id, e.id, 0)]
    # Escape closes the popup and adds nothing.
    drag(view, out_port(scene, a.id), QPointF(400, 500))
    QTest.keyClick(view.search_popup.field, Qt.Key.Key_Escape)
    assert not view.search_popup.isVisible() and len(doc.nodes) == 3


def test_font_scale_magnifies_cards_and_spacing_without_touching_the_document(canvas):
    doc, stack, scene, view, _ = canvas
    ids = build_seed(doc, stack)
    from explorer.view import theme

    before = {nid: n.pos for nid, n in doc.nodes.items()}
    width = scene.node_items[ids["a"]].card_rect().width()
    theme.set_font_scale(2.0)
    try:
        item = scene.node_items[ids["Q"]]
        assert item.pos() == QPointF(1500, 340)  # doc (750, 170) x 2
        assert scene.node_items[ids["a"]].card_rect().width() == 2 * width
        rects = [scene.node_items[n].sceneBoundingRect().adjusted(8, 8, -8, -8) for n in doc.nodes]
        assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
        assert {nid: n.pos for nid, n in doc.nodes.items()} == before
        # A drag is recorded in document units.
        view.set_zoom(0.5)
        view.centerOn(item.sceneBoundingRect().center())
        grip = item.mapToScene(QPointF(120, 20))
        drag(view, grip, grip + QPointF(100, 0))
        assert doc.nodes[ids["Q"]].pos == pytest.approx((800, 170), abs=1.5)
    finally:
        theme.set_font_scale(1.0)
    assert scene.node_items[ids["Q"]].pos().x() == pytest.approx(800, abs=1.5)


def test_pasting_a_script_from_the_clipboard_builds_its_nodes(canvas):
    doc, stack, scene, view, messages = canvas
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("x = tensor([1., 2.], requires_grad=True)\ny = (x * x).sum()\n")
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert sorted(n.op or n.kind for n in doc.nodes.values()) == ["leaf", "mul", "sum"]
    assert len(scene.selected_ids()) == 3
    stack.undo()
    assert not doc.nodes
    QGuiApplication.clipboard().setText("y = expp(x)")
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert not doc.nodes and "cannot paste the text as a graph" in messages[-1]


@pytest.mark.parametrize("way", ["closed, then its view closed", "collected with its document",
                                 "deleted from C++"])
def test_dropping_a_scene_with_selected_nodes_reports_no_error(qtbot, way):
    # A scene's C++ destructor deselects its items and emits selectionChanged after the Python
    # side is gone; this once surfaced in CI as "Slot 'GraphScene::' not found" in a later test.
    import gc

    import shiboken6
    from PySide6.QtWidgets import QApplication, QGraphicsView

    from explorer.model.fileformat import load_document
    from explorer.view.canvas.scene import GraphScene as Scene

    from pathlib import Path

    doc = load_document(Path(__file__).resolve().parents[2] / "resources" / "examples" / "seed.json")
    scene = Scene(doc, model_undo_stack(doc))
    seen: list[list[str]] = []
    scene.selection_ids_changed.connect(seen.append)
    for item in scene.node_items.values():
        item.setSelected(True)
    assert seen and len(seen[-1]) == len(doc.nodes)   # the relay works while the scene lives
    with qtbot.capture_exceptions() as errors:
        if way.startswith("closed"):
            view = QGraphicsView(scene)
            view.show()
            scene.close()
            view.close()
            del view
        elif way == "deleted from C++":
            shiboken6.delete(scene)
        else:
            del doc
        del scene
        gc.collect()
        QApplication.processEvents()
    assert [str(e[1]) for e in errors] == []
