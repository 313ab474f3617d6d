"""Issue #16, guidance: the group freeze switch says what it does, file dialogs start where the
user's files are, an unfinished op is a hint in the Inspector (not a red error)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QFileDialog

ROOT = Path(__file__).resolve().parents[2]
TRANSFER = ROOT / "resources" / "examples" / "transfer_learning.json"


def test_group_switch_has_a_label_and_the_pytorch_tooltip(new_window, qtbot):
    w = new_window(TRANSFER, size=(1472, 920), show=True)
    group = next(g for g in w.scene.group_items.values() if g.has_switch())
    assert group.switch_label() == "requires_grad"
    label = group.switch_label_rect()
    assert label.right() <= group.switch_rect().left() and label.width() > 40
    # hovering the switch shows what it does, in PyTorch's words
    w.view.set_zoom(1.0)
    w.view.centerOn(group.mapToScene(group.switch_rect().center()))
    vp = w.view.viewport()
    for dx in (30, 0):  # the pointer arrives on the switch
        pos = QPointF(w.view.mapFromScene(group.mapToScene(group.switch_rect().center()))) + QPointF(dx, 0)
        QApplication.sendEvent(vp, QMouseEvent(QMouseEvent.Type.MouseMove, pos, QPointF(vp.mapToGlobal(pos)),
                                               Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                               Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: "model.requires_grad_(False)" in group.toolTip(), timeout=3000)
    # a click on the label flips the switch too
    before = group.is_on()
    QTest.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     w.view.mapFromScene(group.mapToScene(label.center())))
    assert group.is_on() != before


def test_open_and_save_dialogs_start_in_the_current_files_folder(new_window, monkeypatch, tmp_path):
    w = new_window()
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "q.json").write_text((ROOT / "resources" / "examples" / "seed.json").read_text())
    assert w.open_path(str(folder / "q.json"), ask=False)
    w.new_document()  # untitled again: the last file's folder is still where dialogs start
    seen = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (seen.append(a[2]), ("", ""))[1]))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (seen.append(a[2]), ("", ""))[1]))
    w.open_dialog()
    w.save_as()
    assert seen[0] == str(folder)
    assert Path(seen[1]).parent == folder


def test_an_unfinished_op_is_a_grey_hint_in_the_inspector(new_window, qtbot):
    w = new_window(size=(1472, 920), show=True)
    w.view.setFocus()
    QTest.keyClick(w.view, Qt.Key.Key_Tab)
    QTest.keyClicks(w.view.search_popup.field, "mul")
    QTest.keyClick(w.view.search_popup.field, Qt.Key.Key_Return)
    w.run_forward()
    label = w.inspector.error_label
    assert label.isVisibleTo(w.inspector)
    assert not label.text().startswith("✖") and "Unfinished" in label.text()
    assert "#dc2626" not in label.styleSheet()


def test_getting_started_tour_walks_build_run_freeze_step_and_can_be_skipped(new_window, qtbot):
    from explorer.view.lecture import hooks
    from explorer.view.panels import tour as tour_mod

    w = new_window(size=(1472, 920), show=True, extensions=[hooks.install])
    w.activateWindow()
    help_texts = [a.text().replace("&", "") for a in w.menus["help"].actions()]
    assert help_texts[0] == "Getting Started"
    w.actions["getting_started"].trigger()
    tour = w.tour
    assert tour is not None and tour.isVisible() and w.display_name.startswith("seed")
    assert "1/4" in tour.title.text()
    # 1 build: Tab, an expression, Enter
    w.view.setFocus()
    QTest.keyClick(w.view, Qt.Key.Key_Tab)
    QTest.keyClicks(w.view.search_popup.field, "R = Q * a")
    QTest.keyClick(w.view.search_popup.field, Qt.Key.Key_Return)
    assert "2/4" in tour.title.text()     # Auto-run's backward does not count as the user's
    # 2 run: F5
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    w.view.setFocus()
    QTest.keyClick(w.view, Qt.Key.Key_F5)
    assert "3/4" in tour.title.text()
    # 3 freeze b with its switch
    b = w.scene.node_items[w.document.node_by_name("b").id]
    QTest.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     w.view.mapFromScene(b.mapToScene(b.switch_rect().center())))
    assert "4/4" in tour.title.text()
    # 4 step
    w.context.extension("lecture").toolbar.act_forward.trigger()
    qtbot.waitUntil(lambda: w.tour is None, timeout=2000)
    # offered once only; Skip closes it
    assert tour_mod.offer_on_first_start(w) is None
    again = w.start_tour()
    again.skip.click()
    assert w.tour is None
