"""Seeing the chain rule on the graph (issue #16): clicking a node while a root is set
highlights every path from the root to it with each edge's local derivative, and the
chain-rule panel shows the paths and their sum, which is the engine's .grad; clicking an op
shows it as math. Real mouse clicks on the canvas."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from explorer.view.canvas.card_metrics import HEADER, W

SEED = ("a = tensor([2., 3.], requires_grad=True)\nb = tensor([6., 4.], requires_grad=True)\n"
        "Q = 3*a**3 - b**2\nQ.backward(gradient=tensor([1., 1.]))\n")
TWICE = "a = tensor([2., 3.], requires_grad=True)\ny = (a*a + a).sum()\ny.backward()\n"


@pytest.fixture
def window(new_window):
    from explorer.view import paths_controller
    from explorer.view.lecture import hooks

    return new_window(size=(1472, 920), show=True, extensions=[hooks.install, paths_controller.install])


def load(w, script: str) -> None:
    assert w.apply_script(script)
    w.run_backward()
    QTest.keyClick(w.view, Qt.Key.Key_F)      # the whole graph in view
    QApplication.processEvents()


def click_card(w, name: str) -> None:
    item = w.scene.node_items[w.document.node_by_name(name).id]
    pos = w.view.mapFromScene(item.mapToScene(QPointF(W * 0.3, HEADER / 2)))
    QTest.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    QApplication.processEvents()
    w.paths_controller._timer.stop()
    w.paths_controller.refresh()


def leaf_grad(w, name: str) -> np.ndarray:
    return w.last_result.results[w.document.node_by_name(name).id].grad


def test_clicking_a_leaf_lights_its_path_and_the_panel_sums_it_to_grad(window):
    w = window
    load(w, SEED)
    click_card(w, "a")
    pc = w.paths_controller
    assert pc.item is not None and pc.item.scene() is w.scene
    doc = w.document
    names = {doc.nodes[e.dst].name for e in pc.report.edges} | {doc.nodes[e.src].name for e in pc.report.edges}
    assert names == {"a", "pow1", "mul1", "Q"}        # b's branch is not on a's path
    # each edge's local derivative, on the canvas: 1 for Q − …, 3 for 3·…, 3·a² = [12, 27]
    assert sorted(pc.item.labels) == ["1 = [1., 1.]", "3 = [3., 3.]", "3·a² = [12., 27.]"]
    np.testing.assert_array_equal(pc.report.total, leaf_grad(w, "a"))
    key = w.context.extension("lecture").chain_panel.key
    assert key.isVisible()
    assert key.text().startswith("a.grad = sum over the paths = 9a² = [36., 81.]") and key.text().endswith("✓")
    assert w.docks["chain_rule"].isVisible()
    # an empty spot: the highlight goes, the panel is the step panel again
    empty = w.view.mapFromScene(w.scene.content_rect().bottomRight() + QPointF(60, 60))
    QTest.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty)
    QApplication.processEvents()
    pc.refresh()
    assert pc.item is None and not key.isVisible()


def test_a_leaf_used_twice_shows_three_paths_adding_up_to_its_grad(window):
    w = window
    load(w, TWICE)
    click_card(w, "a")
    r = w.paths_controller.report
    assert r.count == 3 and len(r.edges) == 5          # both ports of the product, around it, the sum
    np.testing.assert_allclose(r.total, leaf_grad(w, "a"))
    assert w.context.extension("lecture").chain_panel.key.text().startswith("a.grad = sum over the paths = 2a + 1 = [5., 7.]")
    text = "\n".join(w.context.extension("lecture").chain_panel.lines)
    assert text.count("path ") == 3


def test_clicking_an_op_shows_it_as_math_with_the_derivatives_in_its_leaves(window):
    w = window
    load(w, SEED)
    click_card(w, "Q")
    panel = w.context.extension("lecture").chain_panel
    assert panel.heading.text() == "Q = 3a<sup>3</sup> − b<sup>2</sup>"
    assert panel.heading.textFormat() != Qt.TextFormat.PlainText
    lines = panel.lines
    assert "∂Q/∂a = 9a² = [36., 81.]" in lines and "∂Q/∂b = −2b = [-12., -8.]" in lines
    # rendered as math, not as tags: the label draws the rich text (no "<sup>" in its pixels'
    # plain width: the rich layout is narrower than the tagged string would be)
    from PySide6.QtGui import QFontMetrics
    plain = QFontMetrics(panel.heading.font()).horizontalAdvance(panel.heading.text())
    assert panel.heading.sizeHint().width() < plain


def test_paths_wait_while_stepping_through(window):
    w = window
    load(w, SEED)
    w.context.extension("lecture").controller.step_forward()
    heading = w.context.extension("lecture").chain_panel.heading.text()
    click_card(w, "a")
    assert w.context.extension("lecture").chain_panel.heading.text() == heading     # the step stays in the panel
    assert w.paths_controller.item is not None               # the canvas still shows the path


def test_the_highlight_follows_a_moved_card_and_the_check_follows_a_new_run(window):
    from explorer.model.commands import MoveNodesCommand

    w = window
    w.actions["auto_run"].setChecked(False)
    assert w.apply_script(SEED)
    QApplication.processEvents()
    assert not getattr(w.last_result, "backward_ran", False)
    click_card(w, "a")
    key = w.context.extension("lecture").chain_panel.key
    assert "[36., 81.]" in key.text() and "✓" not in key.text()    # no backward yet: nothing to check
    w.run_backward()
    QApplication.processEvents()
    assert key.text().endswith("✓")
    pc = w.paths_controller
    a = w.document.node_by_name("a")
    w.push(MoveNodesCommand({a.id: (a.pos[0] - 200, a.pos[1] + 150)}))
    QApplication.processEvents()
    QTest.qWait(10)
    edge = next(e for e in pc.report.edges if e.src == a.id)
    p0, _p1 = w.scene.edge_items[edge].ends()
    assert any(curve.pointAtPercent(0) == p0 for curve, _box, _text in pc.item.curves)
