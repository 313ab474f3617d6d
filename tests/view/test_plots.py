"""Plots as a user sees them: the slope view's tangent is backward's gradient and follows value
edits; training lowers the loss, keeps frozen leaves bit-identical, can be stopped, and lands
as one undo step; heatmaps and bar plots have the tensor's shape; every plot exports PNG and
SVG; pyqtgraph is imported only when a plot opens. Screenshots go to tests/view/screenshots/."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from explorer.model import commands as C
from explorer.model.commands import History
from explorer.model.document import Document
from explorer.model.fileformat import load_document
from explorer.model.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"
SCREENSHOTS = Path(__file__).parent / "screenshots"


def example(name: str) -> Document:
    return load_document(EXAMPLES / f"{name}.json")


def nid(doc: Document, name: str) -> str:
    return doc.node_by_name(name).id


def shoot(widget, name: str) -> Path:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):      # let pyqtgraph finish its layout (colour bars, labels) first
        QApplication.processEvents()
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"plots_{name}.png"
    assert widget.grab().save(str(path))
    return path


def check_exports(panel, tmp_path: Path, name: str) -> None:
    png = panel.export_png(tmp_path / f"{name}.png", width=800)
    svg = panel.export_svg(tmp_path / f"{name}.svg")
    image = QImage(str(png))
    vp = panel.canvas.viewport().size()
    assert image.width() == 800
    assert image.height() == round(800 * vp.height() / vp.width())
    # not blank: the plot drew something besides the background
    colours = {image.pixel(x, y) for x in range(0, 800, 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 5
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 20          # lines, text, ... not an empty drawing


# ---------------------------------------------------------------------------- slope view
@pytest.fixture
def slope_view(qtbot):
    from explorer.view.plots.slope_view import SlopeView

    def make(doc: Document):
        view = SlopeView(doc)
        qtbot.addWidget(view)
        view.resize(720, 520)
        view.show()
        qtbot.waitExposed(view)
        return view

    return make


def drawn_tangent_slope(view) -> float:
    x, y = view.tangent_line.getData()
    return float((y[-1] - y[0]) / (x[-1] - x[0]))


def test_slope_view_on_seed_draws_backward_gradient_as_tangent(slope_view, tmp_path):
    doc = example("seed")
    view = slope_view(doc)
    grads = Runner(doc).run_backward()
    a = nid(doc, "a")
    # defaults: the root Q, reduced as backward does (Σ gradient·Q), against a[0]
    assert view.output_combo.currentData() == doc.root
    assert view.out_elem_combo.currentData() == "root"
    assert view.leaf_combo.currentData() == a
    r = view.result
    assert r.gradient == grads[a].grad[0] == 36.0
    assert drawn_tangent_slope(view) == pytest.approx(36.0, rel=1e-12)
    px, py = view.point.getData()
    assert (px[0], py[0]) == (r.x0, r.y0) == (2.0, pytest.approx(53.0))
    assert r.fd_slope == pytest.approx(36.0, rel=1e-6)
    assert "slope from backward = 36" in view.info.text and "finite difference = 36" in view.info.text
    assert r.vectorized and "one vectorized pass" in view.status.text()
    cx, cy = view.curve.getData()
    assert len(cx) == 201 and np.allclose(cy, 3 * cx ** 3 - 36 + (3 * 27 - 16))
    shoot(view, "slope_seed")
    check_exports(view, tmp_path, "slope")


def test_slope_view_follows_value_edits_and_choices(slope_view, qtbot):
    doc = example("seed")
    h = History(doc)
    view = slope_view(doc)
    a = nid(doc, "a")
    h.push(C.SetValueCommand(a, np.array([1.5, 3.0], dtype=np.float32)))
    qtbot.waitUntil(lambda: view.result is not None and view.result.x0 == 1.5, timeout=2000)
    assert view.result.gradient == pytest.approx(9 * 1.5 ** 2)
    assert drawn_tangent_slope(view) == pytest.approx(9 * 1.5 ** 2)
    h.undo()
    qtbot.waitUntil(lambda: view.result.x0 == 2.0, timeout=2000)
    view.hide()                                  # hidden: no work, but up to date when shown again
    h.redo()
    qtbot.wait(20)
    assert view.result.x0 == 2.0
    view.show()
    qtbot.waitUntil(lambda: view.result.x0 == 1.5, timeout=2000)
    h.undo()
    qtbot.waitUntil(lambda: view.result.x0 == 2.0, timeout=2000)
    # b[1] against Q[1]: ∂Q[1]/∂b[1] = −2·b[1] = −8
    view.select(leaf_id=nid(doc, "b"), index=1, out_choice=1)
    assert view.result.output_label == "Q[1]" and view.result.input_label == "b[1]"
    assert view.result.gradient == -8.0 and drawn_tangent_slope(view) == pytest.approx(-8.0)
    view.range_spin.setValue(0.5)
    assert view.result.xs[0] == pytest.approx(3.5) and view.result.xs[-1] == pytest.approx(4.5)


def test_slope_view_neuron_and_transfer_learning(slope_view, tmp_path):
    doc = example("neuron")
    view = slope_view(doc)
    grads = Runner(doc).run_backward()
    for leaf in ("x", "w", "b"):
        view.select(leaf_id=nid(doc, leaf), index=0)
        assert view.result.vectorized
        assert view.result.gradient == float(grads[nid(doc, leaf)].grad.reshape(-1)[0])
        assert view.result.fd_slope == pytest.approx(view.result.gradient, rel=1e-5)
    shoot(view, "slope_neuron")
    tl = example("transfer_learning")
    view2 = slope_view(tl)
    assert view2.leaf_combo.currentText() == "W_head"           # the first leaf that trains
    view2.select(leaf_id=nid(tl, "W1"), index=3)
    assert "frozen" in view2.status.text() and view2.result.vectorized
    shoot(view2, "slope_transfer_frozen_W1")


def test_slope_view_says_what_is_wrong(slope_view):
    doc = example("neuron")
    view = slope_view(doc)
    n = nid(doc, "n")
    doc.delete_edge(doc.in_edges(n)[1])        # as if the wire into n's 2nd port were cut
    view.refresh()
    assert view.result is None and "not connected" in view.status.text()
    x, _ = view.curve.getData()
    assert x is None or len(x) == 0


# ---------------------------------------------------------------------------- training
@pytest.fixture
def training(qtbot):
    from explorer.view.plots.training import TrainingPanel

    def make(doc: Document):
        h = History(doc)
        panel = TrainingPanel(doc, Runner(doc), h.push)
        qtbot.addWidget(panel)
        panel.resize(1040, 540)
        panel.show()
        qtbot.waitExposed(panel)
        return panel, h

    return make


def backbone(doc: Document) -> list[str]:
    group = next(g for g in doc.groups.values() if "backbone" in g.name)
    return [m for m in group.members if doc.nodes[m].kind == "leaf"]


def test_training_with_frozen_backbone_moves_only_the_head(training, qtbot, tmp_path):
    doc = example("transfer_learning")
    panel, history = training(doc)
    frozen = backbone(doc)
    assert {doc.nodes[i].name for i in frozen} == {"W1", "b1", "W2", "b2"}
    before = {i: (doc.nodes[i].value.tobytes(), doc.nodes[i].value.dtype) for i in frozen}
    head = nid(doc, "W_head")
    head_before = doc.nodes[head].value.copy()
    slices = []
    panel._timer.timeout.connect(lambda: slices.append(1))
    assert panel.start(120)
    assert panel.running and panel.stop_button.isEnabled() and not panel.train_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.running, timeout=20000)
    s = panel.summary
    assert s["applied"] and s["steps"] == 120 and panel.progress.value() == 120
    assert s["losses"][-1] < s["losses"][0] - 0.1                     # the loss falls
    assert all(doc.nodes[i].value.tobytes() == before[i][0] and doc.nodes[i].value.dtype == before[i][1]
               for i in frozen)                                        # bit-identical
    assert set(s["unchanged"]) >= set(frozen) and set(s["moved"]) == {head, nid(doc, "b_head")}
    assert "bit-identical: X, target, W1, b1, W2, b2" in panel.verdict.text
    assert len(history) == 1                                            # one undo step
    assert not np.array_equal(doc.nodes[head].value, head_before)
    history.undo()
    assert np.array_equal(doc.nodes[head].value, head_before)
    history.redo()
    # the frozen traces are flat at zero, the head's are not
    traces = {doc.nodes[n].name: item.getData()[1] for n, item in panel._traces}
    assert np.nanmax(np.abs(traces["W1"])) == 0.0 and np.nanmax(np.abs(traces["W_head"])) > 0
    x, y = panel.loss_curve.getData()
    assert len(x) == 120 and y[-1] < y[0]
    panel.set_traced([head])                                             # trace only the chosen leaves
    assert [n for n, _ in panel._traces] == [head]
    panel.set_traced(panel.start_values)
    shoot(panel, "training_frozen_backbone")
    check_exports(panel, tmp_path, "training")

    # unfreeze the backbone and train again: now it moves too
    history.push(C.SetRequiresGradCommand(frozen, True))
    assert panel.start(30)
    panel.run_to_end()
    assert panel.summary["applied"]
    for i in frozen:
        assert doc.nodes[i].value.tobytes() != before[i][0], doc.nodes[i].name
    assert len(history) == 3
    shoot(panel, "training_unfrozen")


def test_training_stops_on_stop_and_keeps_what_it_learned(training, qtbot):
    doc = example("transfer_learning")
    panel, history = training(doc)
    panel.steps_spin.setValue(100000)
    panel.train_button.click()
    assert panel.running
    qtbot.waitUntil(lambda: len(panel.losses) > 5, timeout=5000)     # the event loop keeps running
    qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=5000)
    s = panel.summary
    assert s["stopped"] and s["applied"] and 5 < s["steps"] < 100000
    assert len(history) == 1 and "of 100000 steps" in history.undo_text()
    assert panel.progress.value() == s["steps"]


def test_editing_the_graph_while_training_stops_without_applying(training, qtbot):
    doc = example("transfer_learning")
    panel, history = training(doc)
    panel.start(100000)
    qtbot.waitUntil(lambda: len(panel.losses) > 2, timeout=5000)
    history.push(C.RenameCommand(nid(doc, "X"), "inputs"))
    assert not panel.running and not panel.summary["applied"]
    assert len(history) == 1 and "changed" in panel.status.text()


def test_training_refuses_with_a_reason(training):
    doc = example("transfer_learning")
    panel, history = training(doc)
    History(doc).push(C.SetRequiresGradCommand([nid(doc, "W_head"), nid(doc, "b_head")], False))
    assert not panel.start(10)
    assert "nothing to train" in panel.status.text()


def test_adam_also_trains(training):
    doc = example("mlp")
    panel, _ = training(doc)
    panel.optimizer_combo.setCurrentIndex(panel.optimizer_combo.findData("adam"))
    assert not panel.momentum_spin.isEnabled()
    panel.start(40)
    panel.run_to_end()
    assert panel.summary["losses"][-1] < panel.summary["losses"][0]


# ---------------------------------------------------------------------------- tensor views
@pytest.fixture
def tensor_view(qtbot):
    from explorer.view.plots.tensor_view import TensorView

    def make(compact: bool = False):
        view = TensorView(compact=compact)
        qtbot.addWidget(view)
        view.resize(view.sizeHint())
        view.show()
        qtbot.waitExposed(view)
        return view

    return make


def test_heatmaps_have_the_matrix_shape(tensor_view, tmp_path):
    doc = example("transfer_learning")
    result = Runner(doc).run_backward()
    view = tensor_view()
    view.show_node(doc, result, nid(doc, "W_head"))
    assert [img.image.shape for img in view.images] == [(3, 6), (3, 6)]
    np.testing.assert_array_equal(view.images[0].image, doc.nodes[nid(doc, "W_head")].value)
    np.testing.assert_array_equal(view.images[1].image, result[nid(doc, "W_head")].grad)
    assert len(view.colorbars) == 2
    lo, hi = view.colorbars[1].levels()
    assert lo == -hi and hi == pytest.approx(np.abs(result[nid(doc, "W_head")].grad).max())   # centred on 0
    assert "W_head.grad" in view.plots[1].titleLabel.text
    shoot(view, "tensor_W_head")
    check_exports(view, tmp_path, "tensor")


def test_vectors_are_bar_plots_and_frozen_grad_is_none(tensor_view):
    doc = example("transfer_learning")
    result = Runner(doc).run_backward()
    view = tensor_view(compact=True)
    view.show_node(doc, result, nid(doc, "b_head"))
    assert view.images == [None, None]
    bars = [i for i in view.plots[1].items if type(i).__name__ == "BarGraphItem"]
    assert len(bars) == 1 and np.allclose(bars[0].opts["height"], result[nid(doc, "b_head")].grad)
    shoot(view, "tensor_b_head_compact")
    view.show_node(doc, result, nid(doc, "W1"))
    assert view.images[0].image.shape == (8, 4) and view.images[1] is None
    assert "frozen" in view.caption.text()
    shoot(view, "tensor_W1_frozen_compact")
    view.show_node(doc, result, nid(doc, "h1"))             # inside the frozen backbone
    assert view.images[1] is None and "no gradient reaches h1" in view.caption.text()
    mlp = example("mlp")
    view.show_node(mlp, Runner(mlp).run_backward(), nid(mlp, "h1"))   # a non-leaf the gradient passes
    assert view.images[1] is not None and "reaching h1" in view.plots[1].titleLabel.text


def test_higher_dimensional_tensor_is_folded_into_rows(tensor_view):
    view = tensor_view()
    view.set_tensor("T", np.arange(24.0).reshape(2, 3, 4), np.ones((2, 3, 4)))
    assert [img.image.shape for img in view.images] == [(6, 4), (6, 4)]


# ---------------------------------------------------------------------------- in the window
@pytest.fixture
def window(new_window):
    from explorer.view.plots import hooks

    w = new_window(show=True, extensions=[hooks.install])
    w.open_example(EXAMPLES / "transfer_learning.json")
    return w


def test_plots_menu_opens_each_plot_and_training_is_one_undo_step(window, qtbot):
    titles = [a.text() for a in window.menus["plots"].actions()]
    assert titles[:3] == ["&Slope View…", "&Training…", "Tensor &View of Selection"]
    window.scene.select_ids([nid(window.document, "W_head")])
    window.actions["plot_tensor"].trigger()
    tw = window.plots.tensor_window
    assert tw.isVisible() and [i.image.shape for i in tw.panel.images if i is not None][0] == (3, 6)
    window.actions["plot_slope"].trigger()
    sw = window.plots.slope_window
    assert sw.isVisible() and sw.panel.leaf_combo.currentData() == nid(window.document, "W_head")
    window.actions["plot_training"].trigger()
    panel = window.plots.training_window.panel
    count = window.undo_stack.count()
    panel.start(25)
    qtbot.waitUntil(lambda: not panel.running, timeout=10000)
    assert window.undo_stack.count() == count + 1
    # the slope view followed the new values (its point moved with W_head)
    w_head = window.document.nodes[nid(window.document, "W_head")].value
    qtbot.waitUntil(lambda: sw.panel.result.x0 == float(w_head.reshape(-1)[0]), timeout=2000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: sw.panel.result.x0 == pytest.approx(0.115), timeout=2000)
    shoot(window.plots.training_window, "window_training")


def test_tensor_dock_builds_its_plot_when_shown(window, qtbot):
    dock = window.docks["tensor_plot"]
    assert not dock.isVisible() and window.plots.dock_view is None
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: window.plots.dock_view is not None, timeout=2000)
    window.scene.select_ids([nid(window.document, "W1")], emit=True)   # as a click does
    qtbot.waitUntil(lambda: window.plots.dock_view.name == "W1", timeout=2000)
    shoot(dock, "dock_W1")
    window.run_backward()
    window.scene.select_ids([nid(window.document, "W_head")], emit=True)
    qtbot.waitUntil(lambda: window.plots.dock_view.name == "W_head", timeout=2000)
    assert [i.image.shape for i in window.plots.dock_view.images] == [(3, 6), (3, 6)]
    shoot(dock, "dock_W_head")


def test_pyqtgraph_is_imported_only_when_a_plot_opens():
    code = textwrap.dedent("""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["AUTOGRAD_EXPLORER_SETTINGS"] = sys.argv[1]
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from explorer.view.main_window import MainWindow
        from explorer.view.plots import hooks
        w = MainWindow(); w.show(); app.processEvents()
        hooks.install(w); app.processEvents()
        print("before", "pyqtgraph" in sys.modules)
        w.actions["plot_slope"].trigger(); app.processEvents()
        import pyqtgraph
        print("after", "pyqtgraph" in sys.modules, pyqtgraph.Qt.QT_LIB)
        w.plots.slope_window.close(); w.close()
    """)
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / ".pytest_cache" / "plots-settings")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "before False" in out.stdout, out.stdout + out.stderr
    assert "after True PySide6" in out.stdout, out.stdout + out.stderr
