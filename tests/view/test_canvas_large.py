"""What the canvas's shortcuts for large graphs must not change on screen: edges drawn whole
wherever the cards sit (their boxes are computed, not measured), card text and heatmaps made
only when painted yet always current, and a generated graph that loads and paints."""
from __future__ import annotations

import os
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.model import commands as C
from explorer.model.document import Document, Edge
from explorer.view import theme
from explorer.view.canvas import GraphScene, GraphView
from explorer.view.undo_rules import model_undo_stack

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))


@pytest.fixture
def canvas(qtbot):
    doc = Document()
    stack = model_undo_stack(doc)
    scene = GraphScene(doc, stack)
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    view.resetTransform()
    yield doc, stack, scene, view
    scene.close()


def _render(view) -> QImage:
    img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    view.render(p)
    p.end()
    return img


def _add(stack, node):
    assert stack.push_command(C.AddNodeCommand(node))
    return node


@pytest.mark.parametrize("dst_pos", [(400, 60), (-300, 200), (0, -250), (120, 0), (-50, 500)])
def test_an_edge_box_holds_its_whole_curve_wherever_the_cards_are(canvas, dst_pos):
    """A box smaller than the curve leaves smears and gaps when the edge is repainted."""
    doc, stack, scene, view = canvas
    a = _add(stack, C.leaf_node(doc, "a", [1.0, 2.0], requires_grad=True, pos=(0, 0)))
    m = _add(stack, C.op_node(doc, "mul", pos=dst_pos))
    assert stack.push_command(C.ConnectCommand(a.id, m.id, 1))
    item = scene.edge_items[Edge(a.id, m.id, 1)]
    curve = item.shape().boundingRect()
    assert item.boundingRect().contains(curve)
    # The ends sit on the ports.
    assert item._path.pointAtPercent(0.0) == scene.node_items[a.id].output_port_scene_pos()
    assert item._path.pointAtPercent(1.0) == scene.node_items[m.id].input_port_scene_pos(1)
    # Moving the source card (undoably) re-routes the curve; the box follows.
    assert stack.push_command(C.MoveNodesCommand({a.id: (dst_pos[0] + 350, dst_pos[1] - 180)}))
    assert item._path.pointAtPercent(0.0) == scene.node_items[a.id].output_port_scene_pos()
    assert item.boundingRect().contains(item.shape().boundingRect())


def test_edge_label_fits_in_the_edge_box(canvas):
    doc, stack, scene, view = canvas
    a = _add(stack, C.leaf_node(doc, "a", [2.0, 3.0], requires_grad=True, pos=(0, 0)))
    e = _add(stack, C.op_node(doc, "exp", pos=(300, 0)))
    s = _add(stack, C.op_node(doc, "sum", pos=(600, 0)))
    assert stack.push_command(C.ConnectCommand(a.id, e.id, 0))
    assert stack.push_command(C.ConnectCommand(e.id, s.id, 0))
    assert stack.push_command(C.SetRootCommand(s.id, None))
    from explorer.model.runner import Runner

    runner = Runner(doc)
    runner.run_forward()
    scene.show_results(runner.run_backward())
    scene.set_show_edge_grads(True)
    item = scene.edge_items[Edge(a.id, e.id, 0)]
    assert item.label is not None
    mid = item.midpoint()
    assert mid == item._path.pointAtPercent(0.5)
    assert item.boundingRect().contains(QPointF(mid.x(), mid.y() - 16))  # the label pill above it


def test_matrix_values_get_a_heatmap_that_follows_edits(canvas):
    doc, stack, scene, view = canvas
    w = _add(stack, C.leaf_node(doc, "W", np.arange(12.0).reshape(3, 4) - 5.5, pos=(0, 0)))
    item = scene.node_items[w.id]
    assert "heat" in [kind for kind, _, _ in item._rows]
    view.set_zoom(1.0)
    view.centerOn(item.sceneBoundingRect().center())
    img = _render(view)
    t = theme.current()
    pos_colour, neg_colour = QColor(t.heat_pos), QColor(t.heat_neg)
    cells = {img.pixelColor(x, y).name() for x in range(img.width()) for y in range(0, img.height(), 2)}
    assert pos_colour.name() in cells and neg_colour.name() in cells
    # All positive now: the negative colour disappears from the card.
    assert stack.push_command(C.SetValueCommand(w.id, np.ones((3, 4)) * np.arange(1.0, 5.0)))
    img = _render(view)
    cells = {img.pixelColor(x, y).name() for x in range(img.width()) for y in range(0, img.height(), 2)}
    assert pos_colour.name() in cells and neg_colour.name() not in cells


def test_cards_changed_off_screen_show_the_new_numbers_when_scrolled_to(canvas):
    doc, stack, scene, view = canvas
    a = _add(stack, C.leaf_node(doc, "a", [2.0, 3.0], requires_grad=True, pos=(0, 0)))
    far = _add(stack, C.op_node(doc, "mul", name="far", pos=(6000, 0)))
    s = _add(stack, C.op_node(doc, "sum", pos=(6300, 0)))
    assert stack.push_command(C.ConnectCommand(a.id, far.id, 0))
    assert stack.push_command(C.ConnectCommand(a.id, far.id, 1))
    assert stack.push_command(C.ConnectCommand(far.id, s.id, 0))
    assert stack.push_command(C.SetRootCommand(s.id, None))
    view.set_zoom(1.0)
    view.centerOn(scene.node_items[a.id].sceneBoundingRect().center())
    _render(view)
    from explorer.model.runner import Runner

    runner = Runner(doc)
    runner.run_forward()
    assert scene.show_results(runner.run_backward()) >= 3
    view.centerOn(scene.node_items[far.id].sceneBoundingRect().center())
    _render(view)
    assert scene.node_items[far.id].painted_lod == "full"
    assert "[4., 9.]" in [text for _, _, text in scene.node_items[far.id]._rows]
    assert "[4., 6.]" in [text for _, _, text in scene.node_items[a.id]._rows]  # d(sum a*a)/da = 2a
    # A second run with a new value: the text follows.
    assert stack.push_command(C.SetValueCommand(a.id, [1.0, -1.0]))
    runner.run_forward()
    scene.show_results(runner.run_backward())
    _render(view)
    assert "[1., 1.]" in [text for _, _, text in scene.node_items[far.id]._rows]


def test_a_generated_large_graph_loads_lays_out_and_paints(qtbot):
    from gui_bench import generate

    from explorer.model import layout

    doc = generate(300)
    for nid, p in layout.layered_layout(doc).items():
        doc.nodes[nid].pos = p
    scene = GraphScene(doc, model_undo_stack(doc))
    view = GraphView(scene)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    try:
        assert set(scene.node_items) == set(doc.nodes)
        assert set(scene.edge_items) == set(doc.edges())
        # Every edge starts at its source's output port and ends at its input port.
        for edge, item in scene.edge_items.items():
            assert item._path.pointAtPercent(0.0) == scene.node_items[edge.src].output_port_scene_pos()
            assert item._path.pointAtPercent(1.0) == scene.node_items[edge.dst].input_port_scene_pos(edge.port)
        view.fit_all()
        assert scene.overview_active
        fitted = _render(view)
        assert len({fitted.pixel(x, y) for x in range(0, fitted.width(), 7) for y in range(0, fitted.height(), 7)}) > 2
        view.set_zoom(1.0)
        view.centerOn(scene.content_rect().center())
        _render(view)
        assert any(item.painted_lod == "full" for item in scene.node_items.values())
    finally:
        scene.close()


def test_backward_view_of_a_generated_graph_draws_every_arrow_inside_its_box(qtbot):
    from gui_bench import generate

    from explorer.model.runner import Runner
    from explorer.view.canvas import BackwardGraphView
    from explorer.view.canvas.backward_items import BwEdgeItem

    doc = generate(200, seed=3)
    runner = Runner(doc)
    runner.run_forward()
    result = runner.run_backward()
    view = BackwardGraphView(doc)
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    view.show_results(result)
    names = view.bscene.names()
    assert "AccumulateGrad" in names and any(n.endswith("Backward0") for n in names)
    arrows = [i for i in view.bscene.items() if isinstance(i, BwEdgeItem)]
    assert arrows
    for arrow in arrows:
        assert arrow._path.pointAtPercent(0.0) == arrow.src.mapToScene(QPointF(0, arrow.src.h))
        assert arrow._path.pointAtPercent(1.0) == arrow.dst.mapToScene(QPointF(0, 0))
        box, curve = arrow.boundingRect(), arrow._path.boundingRect()  # a straight arrow is 0 wide
        assert box.left() <= curve.left() and curve.right() <= box.right()
        assert box.top() <= curve.top() and curve.bottom() <= box.bottom()
    # Fitted: every box is inside the framed area, and the picture is not blank.
    for item in view.bscene.items_by_key.values():
        assert view.bscene.content.contains(item.sceneBoundingRect().adjusted(2, 2, -2, -2))
    img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    view.render(p)
    p.end()
    assert len({img.pixel(x, y) for x in range(img.width()) for y in range(0, img.height(), 3)}) > 1  # not blank


def test_backward_view_far_out_draws_in_batches_and_boxes_stay_clickable(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from gui_bench import generate

    from explorer.model.runner import Runner
    from explorer.view.canvas import BackwardGraphView
    from explorer.view.canvas.backward_items import BwNodeItem

    doc = generate(400, seed=5)
    runner = Runner(doc)
    runner.run_forward()
    view = BackwardGraphView(doc)
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    qtbot.waitExposed(view)
    view.show_results(runner.run_backward())
    scene = view.bscene
    assert view.transform().m11() < 0.3 and scene.overview_active  # a tall DAG fitted in view
    assert not any(e.isVisible() for e in scene.edge_items)
    item = next(i for i in scene.items_by_key.values() if i.node.kind == "fn")
    img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(0)
    p = QPainter(img)
    view.render(p)
    p.end()
    centre = view.mapFromScene(item.sceneBoundingRect().center())
    assert img.pixelColor(centre).name() in (theme.current().bw_node, theme.current().bw_border)
    hit = view.itemAt(centre)  # boxes only a pixel tall may overlap: the topmost one is clicked
    assert isinstance(hit, BwNodeItem)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert scene.selected_ids() == [hit.doc_id]
    # Zoomed in again: the items paint themselves (text, curves, arrow heads).
    view.resetTransform()
    view.centerOn(item)
    view.sync_lod()
    assert not scene.overview_active and all(e.isVisible() for e in scene.edge_items)
