"""Gaps found by auditing issue #4 as a user: what the window looks like at the size it opens
with, not at the size an earlier test happened to leave it."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QStyle, QStyleOptionSpinBox


@pytest.fixture
def opened(qtbot, monkeypatch, tmp_path):
    """The window as the launcher makes it: sized first (first start or restored geometry),
    then shown, the seed opened and run."""
    from explorer.view.main_window import SEED_EXAMPLE, MainWindow

    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_example(SEED_EXAMPLE)
    w.run_backward()
    return w


def test_side_by_side_at_the_opening_size_keeps_both_graphs_legible(opened, qtbot):
    w = opened
    w.set_view_mode("side", save=False)
    qtbot.wait(30)
    w.fit_views()
    # The canvas draws card text from 60 % zoom up (grey bars below); the DAG is no smaller.
    assert w.view.zoom() >= 0.6, f"side by side shrinks the seed's cards to {w.view.zoom():.2f}"
    assert w.backward_view.transform().m11() >= 0.6
    # ... and each still shows its whole graph.
    from explorer.view.main_window import _shows_whole

    assert w._shows_whole_graph()
    assert _shows_whole(w.backward_view, w.backward_view.bscene.content)


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_the_learning_rate_box_shows_its_arrows(opened, theme_name):
    w = opened
    w.set_theme(theme_name, save=False)
    QApplication.processEvents()
    spin = w.lr_spin
    opt = QStyleOptionSpinBox()
    spin.initStyleOption(opt)
    up = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, opt, QStyle.SubControl.SC_SpinBoxUp, spin)
    assert up.width() >= 12
    img = spin.grab().toImage()
    background = img.pixelColor(up.center().x(), up.bottom() - 1).lightness()
    # The arrow glyph: pixels in the button that stand out from the button's own background.
    glyph = [(x, y) for x in range(up.left(), up.right()) for y in range(up.top(), up.bottom())
             if abs(img.pixelColor(x, y).lightness() - background) > 60]
    assert len(glyph) >= 3, "the spin box's up button is empty (a style sheet hid the arrow)"
