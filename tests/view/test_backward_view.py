"""The backward-graph view: the seed drawn as PyTorch's autograd DAG, frozen inputs absent,
selection synced with the forward canvas; and a screenshot of the seed after backward."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest

from explorer.model import commands as C
from explorer.model.fileformat import load_document
from explorer.model.runner import Runner
from explorer.view import theme
from explorer.view.canvas import BackwardGraphView, GraphScene, GraphView
from explorer.view.undo_rules import model_undo_stack

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture
def seed(qtbot):
    doc = load_document(ROOT / "resources" / "examples" / "seed.json")
    stack = model_undo_stack(doc)
    scene = GraphScene(doc, stack)
    view = GraphView(scene)
    bview = BackwardGraphView(doc)
    qtbot.addWidget(view)
    qtbot.addWidget(bview)
    runner = Runner(doc)

    def run():
        runner.run_forward()
        result = runner.run_backward()
        scene.show_results(result)
        bview.show_results(result)
        return result

    ids = {n.name: n.id for n in doc.nodes.values()}
    yield doc, stack, scene, view, bview, run, ids
    scene.close()


def test_seed_backward_graph_has_pytorchs_nodes(seed):
    doc, stack, scene, view, bview, run, ids = seed
    run()
    names = bview.bscene.names()
    assert sorted(names) == sorted(["SubBackward0", "MulBackward0", "PowBackward0", "PowBackward0",
                                    "AccumulateGrad", "AccumulateGrad"])
    # Top (root) to bottom (leaves): SubBackward0 first, the AccumulateGrads last.
    assert names[0] == "SubBackward0"
    assert names[-2:] == ["AccumulateGrad", "AccumulateGrad"]
    items = bview.bscene.items_by_key
    y = {k: it.pos().y() for k, it in items.items()}
    assert y[f"root:{ids['Q']}"] < y[f"fn:{ids['Q']}"] < y[f"fn:{ids['three_a_cubed']}"] \
        < y[f"fn:{ids['a_cubed']}"] < y[f"acc:{ids['a']}"] < y[f"leaf:{ids['a']}"]
    # AccumulateGrad sits above its leaf tensor box, which carries the leaf's name.
    assert items[f"leaf:{ids['b']}"].label == "b"
    assert y[f"acc:{ids['b']}"] < y[f"leaf:{ids['b']}"]
    # Arrows run from the root towards the leaves (as next_functions point).
    arrows = {(e.src.node.key, e.dst.node.key) for e in bview.bscene.items() if hasattr(e, "src")}
    assert (f"fn:{ids['Q']}", f"fn:{ids['three_a_cubed']}") in arrows
    assert (f"fn:{ids['b_squared']}", f"acc:{ids['b']}") in arrows
    # Constants are Python scalars for the engine: no nodes for them.
    assert not any(k.endswith(ids["c3"]) for k in items)


def test_freezing_b_removes_its_branch_from_the_dag(seed):
    doc, stack, scene, view, bview, run, ids = seed
    run()
    assert stack.push_command(C.SetRequiresGradCommand(ids["b"], False))
    result = run()
    names = bview.bscene.names()
    assert sorted(names) == sorted(["SubBackward0", "MulBackward0", "PowBackward0", "AccumulateGrad"])
    assert f"fn:{ids['b_squared']}" not in bview.bscene.items_by_key
    # The forward canvas agrees: b and b**2 greyed, with grad_fn=None and .grad None.
    items = scene.node_items
    assert items[ids["b"]].frozen and items[ids["b_squared"]].frozen
    assert ("badge", "none", "grad_fn=None") in items[ids["b_squared"]]._rows
    assert ("grad", ".grad", "None") in items[ids["b"]]._rows
    assert not items[ids["a"]].frozen and "[36., 81.]" in [t for *_, t in items[ids["a"]]._rows]
    assert result.results[ids["b"]].grad is None
    stack.undo()
    run()
    assert len(bview.bscene.names()) == 6


def test_selection_is_synced_both_ways(seed):
    doc, stack, scene, view, bview, run, ids = seed
    run()
    scene.selection_ids_changed.connect(bview.select_ids)
    bview.selection_ids_changed.connect(scene.select_ids)
    scene.select_ids([ids["a_cubed"]], emit=True)
    assert bview.selected_ids() == [ids["a_cubed"]]
    assert bview.bscene.items_by_key[f"fn:{ids['a_cubed']}"].isSelected()
    # Clicking AccumulateGrad in the DAG selects leaf a on the canvas.
    bview.resize(500, 600)
    bview.show()
    bview.fit_all()
    acc = bview.bscene.items_by_key[f"acc:{ids['a']}"]
    pt = bview.mapFromScene(acc.sceneBoundingRect().center())
    QTest.mouseClick(bview.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pt)
    assert scene.selected_ids() == [ids["a"]]


def test_no_root_or_no_run_shows_an_empty_dag(seed):
    doc, stack, scene, view, bview, run, ids = seed
    bview.show_results(None)
    assert bview.bscene.names() == []
    assert stack.push_command(C.SetRootCommand(None))
    run()
    assert bview.bscene.names() == []


@pytest.mark.parametrize("theme_name", ["light", "dark", "print", "high-contrast"])
def test_screenshot_of_the_seed_after_backward(seed, theme_name):
    """Renders the forward canvas and the DAG of the seed after backward into
    tests/view/screenshots/ (looked at by a person; the asserts check the picture is not empty
    and that frozen parts are visibly different in the print theme)."""
    doc, stack, scene, view, bview, run, ids = seed
    old = theme.current().name
    theme.set_theme(theme_name)
    try:
        SHOTS.mkdir(exist_ok=True)
        if theme_name == "print":
            assert stack.push_command(C.SetRequiresGradCommand(ids["b"], False))
        run()
        scene.set_show_edge_grads(True)
        view.resize(1180, 620)
        view.show()
        view.fit_all()
        img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
        p = QPainter(img)
        view.render(p)
        p.end()
        path = SHOTS / f"canvas_seed_{theme_name}.png"
        assert img.save(str(path))
        colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
        assert len(colours) > 20
        bview.resize(520, 620)
        bview.show()
        bview.fit_all()
        bimg = QImage(bview.viewport().size(), QImage.Format.Format_ARGB32)
        p = QPainter(bimg)
        bview.render(p)
        p.end()
        assert bimg.save(str(SHOTS / f"backward_seed_{theme_name}.png"))
    finally:
        theme.set_theme(old)


def test_dropping_a_dag_scene_with_selected_boxes_reports_no_error(qtbot):
    # Like the forward scene: the C++ destructor deselects and emits selectionChanged after the
    # Python wrapper is gone, which PySide reported as "Slot '...::' not found" in a later test.
    import gc

    from PySide6.QtWidgets import QApplication

    from explorer.view.canvas.backward import BackwardGraphScene

    doc = load_document(ROOT / "resources" / "examples" / "seed.json")
    runner = Runner(doc)
    runner.run_forward()
    scene = BackwardGraphScene(doc)
    scene.show_results(runner.run_backward())
    seen: list[list[str]] = []
    scene.selection_ids_changed.connect(seen.append)
    for item in scene.items_by_key.values():
        item.setSelected(True)
    assert seen and seen[-1]                      # the relay works while the scene lives
    import weakref

    alive = weakref.ref(scene)
    scene.cycle = [scene]                         # freed by the cycle collector, as in a window
    with qtbot.capture_exceptions() as errors:
        del scene
        gc.collect()
        QApplication.processEvents()
    assert [str(e[1]) for e in errors] == []
    assert alive() is None                        # the theme's listener list does not keep it


def test_inputs_no_gradient_reaches_are_drawn_as_none_entries(seed):
    """PyTorch keeps (None, 0) in next_functions for a frozen input or a Python number; the DAG
    shows exactly those entries (dashed, no node behind them) and they select the input."""
    doc, stack, scene, view, bview, run, ids = seed
    run()
    items = bview.bscene.items_by_key
    nones = {k: it for k, it in items.items() if it.node.kind == "none"}
    # 3 * a_cubed: MulBackward0.next_functions == ((PowBackward0, 0), (None, 0)); a ** 3 has no
    # entry for its exponent at all (pow(Tensor, Scalar)); SubBackward0 has none.
    assert list(nones) == [f"none:{ids['three_a_cubed']}:1"]
    assert nones[f"none:{ids['three_a_cubed']}:1"].doc_id == ids["c2"]
    assert stack.push_command(C.SetRequiresGradCommand(ids["b"], False))
    run()
    items = bview.bscene.items_by_key
    stub = items[f"none:{ids['Q']}:1"]
    assert stub.label == "(None, 0)" and stub.doc_id == ids["b_squared"]
    assert "Q.grad_fn.next_functions[1] == (None, 0)" in stub.toolTip()
    assert "b_squared.requires_grad == False" in stub.toolTip()
    fn_q = items[f"fn:{ids['Q']}"]
    assert stub.pos().y() > fn_q.pos().y()                      # below its function, like a next function
    arrows = {(e.src.node.key, e.dst.node.key) for e in bview.bscene.edge_items}
    assert (f"fn:{ids['Q']}", f"none:{ids['Q']}:1") in arrows
    # Selection goes both ways: the frozen b_squared on the canvas is this (None, 0).
    scene.selection_ids_changed.connect(bview.select_ids)
    bview.selection_ids_changed.connect(scene.select_ids)
    scene.select_ids([ids["b_squared"]], emit=True)
    assert stub.isSelected()
    scene.select_ids([], emit=True)
    bview.resize(500, 600)
    bview.show()
    bview.fit_all()
    pt = bview.mapFromScene(stub.sceneBoundingRect().center())
    QTest.mouseClick(bview.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pt)
    assert scene.selected_ids() == [ids["b_squared"]]
    # Unfreezing b brings its branch back and the entry goes.
    stack.undo()
    run()
    assert f"none:{ids['Q']}:1" not in bview.bscene.items_by_key
