"""Plots as a demanding user checks them: the numbers on every axis are the
values themselves (no hidden x1000), an SVG export draws the same picture as the PNG (axes at
the scale of the data), long trainings stay responsive and draw a bounded number of points,
the window keeps processing events while training, the slope view follows an edit typed into
the inspector, and on the transfer-learning example the frozen backbone stays bit-identical
when trained from the window, then moves once its group switch is turned on."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.model.commands import History
from explorer.model.document import Document
from explorer.model.fileformat import load_document
from explorer.model.language import parse_script
from explorer.model.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"


def example(name: str) -> Document:
    return load_document(EXAMPLES / f"{name}.json")


def script(source: str, root: str) -> Document:
    doc = parse_script(source)
    doc.set_root(doc.node_by_name(root).id, None)
    return doc


def settle(qtbot, ms: int = 30) -> None:
    qtbot.wait(ms)        # pyqtgraph lays out axes and labels in the event loop


# ---------------------------------------------------------------------------- axis numbers
def drawn_tick_labels(axis) -> list[tuple[float, str]]:
    """(value, text) of the tick labels the axis paints, computed as AxisItem.paint does."""
    lo, hi = sorted(axis.range)
    size = axis.geometry().height() if axis.orientation in ("left", "right") else axis.geometry().width()
    out = []
    for spacing, values in axis.tickValues(lo, hi, max(size, 50)):
        strings = axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)
        out.extend(zip(values, strings))
    return out


def assert_labels_are_values(plot) -> None:
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        if not axis.isVisible() or axis._tickLevels is not None:     # custom integer ticks
            continue
        labels = drawn_tick_labels(axis)
        assert labels, name
        for value, text in labels:
            assert float(text) == pytest.approx(value, rel=1e-6, abs=1e-12 + 1e-6 * abs(value)), \
                (name, value, text, axis.labelString())


def test_small_gradients_are_labelled_with_their_own_values(qtbot):
    """A bar plot of a gradient of about 0.01 read 10 / 5 / 0 / -5 / -10 on its axis: pyqtgraph
    kept an SI scale of x1000 and hid the "(x0.001)" that went with it."""
    from explorer.view.plots.tensor_view import TensorView

    view = TensorView(compact=False)
    qtbot.addWidget(view)
    view.resize(view.sizeHint())
    view.show()
    qtbot.waitExposed(view)
    doc = example("transfer_learning")
    result = Runner(doc).run_backward()
    for name in ("b_head", "W_head"):
        view.show_node(doc, result, doc.node_by_name(name).id)
        settle(qtbot)
        for plot in view.plots:
            assert_labels_are_values(plot)
        for bar in view.colorbars:
            axis = bar.getAxis("right")
            assert axis.autoSIPrefixScale == 1.0
        if name == "b_head":
            top = max(v for v, _ in drawn_tick_labels(view.plots[1].getAxis("left")))
            assert top < 0.1       # the ticks span the gradients (|g| ≈ 0.01), not 10


def test_slope_and_training_axes_with_tiny_numbers(qtbot):
    from explorer.view.plots.slope_view import SlopeView
    from explorer.view.plots.training import TrainingPanel

    doc = script("x = tensor(0.002, requires_grad=True)\ny = x * x * 0.5\n", "y")
    view = SlopeView(doc)
    qtbot.addWidget(view)
    view.resize(720, 520)
    view.show()
    qtbot.waitExposed(view)
    view.range_spin.setValue(0.001)          # y spans 0 .. 4.5e-6
    settle(qtbot)
    view.redraw()                            # a second drawing used to freeze the scale
    settle(qtbot)
    assert_labels_are_values(view.plot)

    doc2 = script("w = tensor([0.01, -0.02], requires_grad=True)\nloss = (w * w).sum() * 0.01\n", "loss")
    panel = TrainingPanel(doc2, Runner(doc2), History(doc2).push)
    qtbot.addWidget(panel)
    panel.resize(1040, 540)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.start(30)
    panel.run_to_end()
    panel.redraw()
    settle(qtbot)
    for plot in (panel.loss_plot, panel.traj_plot):
        assert_labels_are_values(plot)


# ---------------------------------------------------------------------------- SVG = PNG
def _gray(image: QImage, w: int, h: int) -> np.ndarray:
    img = image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation).convertToFormat(QImage.Format.Format_Grayscale8)
    return np.frombuffer(img.constBits(), dtype=np.uint8).reshape(h, img.bytesPerLine())[:, :w].astype(float)


def svg_vs_png(panel, tmp_path: Path, name: str) -> float:
    """Mean grey-level difference between the PNG export and the SVG export rendered by
    QSvgRenderer at the same size, both averaged down 4x (0 = the same picture; the averaging
    keeps text antialiasing, which differs between the two renderers, from counting)."""
    from PySide6.QtSvg import QSvgRenderer

    vp = panel.canvas.viewport().size()
    png = panel.export_png(tmp_path / f"{name}.png", width=vp.width())
    svg = panel.export_svg(tmp_path / f"{name}.svg")
    renderer = QSvgRenderer(str(svg))
    assert renderer.isValid()
    image = QImage(vp, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    w, h = vp.width() // 4, vp.height() // 4
    return float(np.mean(np.abs(_gray(QImage(str(png)), w, h) - _gray(image, w, h))))


def test_svg_exports_draw_the_axes_at_the_scale_of_the_data(qtbot, tmp_path):
    """At QSvgGenerator's default 72 dpi the axes, ticks and grid were drawn at 3/4 of their
    size: the curve ran past the end of its own axis (difference to the PNG 2.8-3.9; now 0.4-1.1)."""
    from explorer.view.plots.slope_view import SlopeView
    from explorer.view.plots.tensor_view import TensorView
    from explorer.view.plots.training import TrainingPanel

    seed = example("seed")
    slope_view = SlopeView(seed)
    tl = example("transfer_learning")
    training = TrainingPanel(tl, Runner(tl), History(tl).push)
    tensor = TensorView(compact=False)
    for panel, size in ((slope_view, (720, 520)), (training, (1040, 540)), (tensor, (960, 480))):
        qtbot.addWidget(panel)
        panel.resize(*size)
        panel.show()
        qtbot.waitExposed(panel)
    training.start(40)
    training.run_to_end()
    tensor.show_node(tl, Runner(tl).run_backward(), tl.node_by_name("W_head").id)
    settle(qtbot)
    for name, panel in (("slope", slope_view), ("training", training), ("tensor", tensor)):
        assert svg_vs_png(panel, tmp_path, name) < 2.0, name


def test_the_fallback_is_said_in_the_slope_view(qtbot):
    from explorer.view.plots.slope_view import SlopeView

    # y = tanh(softmax(exp(x) * w, dim=0)): softmax of a 0-d tensor cannot take the batch axis
    doc = script("x = tensor(0.4, requires_grad=True)\nw = tensor(1.5, requires_grad=True)\n"
                 "s = softmax(exp(x) * w, dim=0)\ny = tanh(s)\n", "y")
    view = SlopeView(doc)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.select(output_id=doc.root, leaf_id=doc.node_by_name("x").id)
    assert view.result is not None and view.result.looped == ("s",)
    assert "vectorized except s" in view.status.text()


# ---------------------------------------------------------------------------- long runs
def test_thinning_keeps_spikes_and_the_last_point():
    from explorer.view.plots.training import MAX_DRAWN_POINTS, thin, thin_peaks

    y = np.exp(-np.arange(50_000) / 9000.0)
    y[31_337] = 7.0                     # one bad step
    y[100:140] = np.nan                 # a stretch that diverged
    x, v = thin_peaks(y)
    assert len(x) <= MAX_DRAWN_POINTS + 2
    assert x[0] == 0 and x[-1] == 49_999 and v[-1] == y[-1]
    assert 31_337 in x and v.max() == 7.0
    assert np.array_equal(thin_peaks(y[:500])[1], y[:500], equal_nan=True)    # short: whole
    rows = thin(50_001)
    assert len(rows) <= MAX_DRAWN_POINTS + 1 and rows[0] == 0 and rows[-1] == 50_000
    assert np.array_equal(thin(7), np.arange(7))


def test_a_long_run_draws_a_bounded_number_of_points(qtbot):
    from explorer.view.plots.training import MAX_DRAWN_POINTS, TrainingPanel

    doc = script("w = tensor([3.0, -2.0], requires_grad=True)\nloss = (w * w).sum()\n", "loss")
    panel = TrainingPanel(doc, Runner(doc), History(doc).push)
    qtbot.addWidget(panel)
    panel.resize(1040, 540)
    panel.show()
    panel.lr_spin.setValue(0.001)
    assert panel.start(2500)
    panel.run_to_end()
    assert len(panel.losses) == 2500
    x, y = panel.loss_curve.getData()
    assert len(x) <= MAX_DRAWN_POINTS + 2 and x[-1] == 2499 and y[-1] == panel.losses[-1]
    (nid, item), = panel._traces
    tx, ty = item.getData()
    assert np.count_nonzero(np.isfinite(ty)) <= 2 * (MAX_DRAWN_POINTS + 1)
    # the drawn end points are the trained values' change since the start
    traj = panel.trajectories[nid]
    assert traj.shape == (2501, 2)
    np.testing.assert_allclose(traj[-1], doc.nodes[nid].value)
    ends = ty[np.isfinite(ty)]
    assert {round(float(e), 9) for e in ends} >= {round(float(d), 9) for d in traj[-1] - traj[0]}


# ---------------------------------------------------------------------------- in the window
@pytest.fixture
def window(new_window):
    from explorer.view.plots import hooks

    return new_window(size=(1400, 900), show=True, extensions=[hooks.install])


def test_the_window_keeps_processing_events_while_training_and_stop_works(window, qtbot):
    window.open_example(EXAMPLES / "transfer_learning.json")
    window.actions["plot_training"].trigger()
    panel = window.plots.training_window.panel
    panel.steps_spin.setValue(100000)
    assert panel.progress.text() == "0 / 100000 steps"           # visible before the run
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()) if panel.running else None)
    timer.start()
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    assert panel.running
    # other events run between the slices: timers tick, the progress bar moves
    qtbot.waitUntil(lambda: len(ticks) >= 10 and panel.progress.value() > 20, timeout=15000)
    assert panel.running and panel.progress.value() < 100000
    gaps = np.diff(ticks)
    assert gaps.max() < 1.0, gaps.max()            # never frozen (~0.1 s at most on a quiet machine)
    qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=5000)
    timer.stop()
    s = panel.summary
    assert s["stopped"] and s["applied"] and panel.progress.value() == s["steps"] < 100000
    assert "of 100000 steps" in window.undo_stack.undoText()


def _click_group_switch(window, qtbot, group_name: str) -> None:
    scene = window.scene
    gid = next(g for g, grp in window.document.groups.items() if grp.name == group_name)
    item = scene.group_items[gid]
    window.view.centerOn(item)
    pos = window.view.mapFromScene(item.mapToScene(item.switch_rect().center()))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_frozen_backbone_from_the_window_then_unfrozen_by_its_switch(window, qtbot):
    window.open_example(EXAMPLES / "transfer_learning.json")
    doc = window.document
    group = next(g for g in doc.groups.values() if "backbone" in g.name)
    backbone = [m for m in group.members if doc.nodes[m].kind == "leaf"]
    assert {doc.nodes[i].name for i in backbone} == {"W1", "b1", "W2", "b2"}
    assert not any(doc.nodes[i].requires_grad for i in backbone)
    before = {i: doc.nodes[i].value.tobytes() for i in backbone}
    window.actions["plot_training"].trigger()
    panel = window.plots.training_window.panel
    panel.steps_spin.setValue(150)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=20000)
    s = panel.summary
    assert s["applied"] and s["losses"][-1] < s["losses"][0] - 0.1
    assert all(doc.nodes[i].value.tobytes() == before[i] for i in backbone)        # bit for bit
    assert "frozen, bit-identical: X, target, W1, b1, W2, b2" in panel.verdict.text  # and said so
    traces = {doc.nodes[n].name: item.getData()[1] for n, item in panel._traces}
    assert all(np.nanmax(np.abs(traces[n])) == 0.0 for n in ("W1", "b1", "W2", "b2"))
    assert "first 6 of 18" in panel.key.text            # W_head: which of its elements are drawn

    _click_group_switch(window, qtbot, group.name)      # the user turns the backbone on
    assert all(doc.nodes[i].requires_grad for i in backbone)
    qtbot.waitUntil(lambda: "(frozen)" not in panel.leaf_list.item(2).text(), timeout=2000)
    qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.running, timeout=20000)
    assert panel.summary["applied"]
    assert all(doc.nodes[i].value.tobytes() != before[i] for i in backbone)
    moved = panel.verdict.text
    assert all(name in moved for name in ("W1", "b1", "W2", "b2")) and "frozen, bit-identical: X, target<" in \
        moved.replace("</span>", "<")


def test_slope_view_follows_a_value_typed_into_the_inspector(window, qtbot):
    window.open_example(EXAMPLES / "seed.json")
    window.actions["plot_slope"].trigger()
    view = window.plots.slope_window.panel
    assert (view.result.x0, view.result.gradient) == (2.0, 36.0)
    a = window.document.node_by_name("a").id
    window.scene.select_ids([a], emit=True)
    table = window.inspector.value_table
    qtbot.waitUntil(lambda: table.cell_texts() == [["2.", "3."]], timeout=2000)
    table.item(0, 0).setText("1")                        # as typed into the cell a[0]
    qtbot.waitUntil(lambda: view.result.x0 == 1.0, timeout=2000)
    r = view.result
    assert r.gradient == 9.0 and r.fd_slope == pytest.approx(9.0, rel=1e-6)     # 9·a[0]²
    x, y = view.tangent_line.getData()
    assert (y[-1] - y[0]) / (x[-1] - x[0]) == pytest.approx(9.0)
    px, py = view.point.getData()
    assert (px[0], py[0]) == (1.0, pytest.approx(3 * 1 - 36 + 81 - 16))
    assert "slope from backward = 9" in view.info.text
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: view.result.x0 == 2.0, timeout=2000)


def test_line_colours_read_on_the_plot_background():
    from explorer.view import theme
    from explorer.view.plots.base import contrast, palette
    from explorer.view.theme import line_color

    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    previous = theme.current().name
    try:
        for name in ("light", "dark", "high-contrast"):
            with theme.using(name):
                bg = palette()["background"]
                colours = [line_color(i) for i in range(6)] + [palette()["frozen"], palette()["curve"]]
                for c in colours + [palette()["tangent"], palette()["text"]]:
                    assert contrast(c, bg) >= 3.0, (name, c, bg)
    finally:
        assert theme.current().name == previous


# ---------------------------------------------------------------------------- Korean
def test_training_and_tensor_texts_are_korean_in_the_korean_interface(korean, qtbot):
    """The status line, the key, the verdict under the plots, the leaf list, the undo text and
    the tensor view's notes were English f-strings in the Korean interface."""
    import re

    from explorer.view.plots.tensor_view import TensorView
    from explorer.view.plots.training import TrainingPanel

    hangul = re.compile("[\uac00-\ud7a3]")
    doc = example("transfer_learning")
    history = History(doc)
    panel = TrainingPanel(doc, Runner(doc), history.push)
    qtbot.addWidget(panel)
    panel.resize(1040, 540)
    panel.show()
    assert panel.start(20)
    assert panel.status.text() == "학습 중…"
    panel.run_to_end()
    verdict, key = panel.verdict.text, panel.key.text
    assert "손실" in verdict and "고정됨, 비트 단위로 동일: X, target, W1, b1, W2, b2" in verdict
    assert "움직임 (최대 |Δ|)" in verdict and "고정됨 (평평함)" in key and "18개 중 처음 6개" in key
    assert panel.status.text().startswith("완료: 20단계, 손실")
    assert "고정됨" in panel.leaf_list.item(2).text()
    assert history.undo_text().startswith("20단계 학습 (")      # the undo step, Korean too
    for text in (verdict, key, panel.status.text()):
        assert not re.search(r"\b(loss|frozen|moved|steps?|done)\b", re.sub(r"<[^>]+>", "", text)), text
    view = TensorView(compact=False)
    qtbot.addWidget(view)
    view.show_node(doc, Runner(doc).run_backward(), doc.node_by_name("W1").id)
    assert hangul.search(view.caption.text()) and "is frozen" not in view.caption.text()
