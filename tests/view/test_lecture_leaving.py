"""Leaving a lecture safely, and the presentation conventions of PowerPoint/Keynote/reveal.js:
a second Esc after leaving full screen does not close the lecture, unsaved lecture edits are
never dropped unasked (Esc, Ctrl+Q), leaving presentation puts the window back exactly (fonts
too), B / W blank the screen until any key, Home/End, number + Enter jumps to a slide."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QToolBar, QWidget

from explorer.model.lecture import bundled_lectures
from explorer.view import theme


def lecture_path(name: str) -> Path:
    return next(p for p in bundled_lectures() if p.name == name)


@pytest.fixture
def window(new_window):
    from explorer.view.lecture.hooks import install

    w = new_window(size=(780, 720), show=True, extensions=(install,))
    w.showFullScreen = lambda: w.setGeometry(0, 0, 1920, 1080)   # the projector
    yield w
    ctl = w.context.extension("lecture").controller
    if ctl.presenting:
        ctl.leave_presentation()
    w.context.extension("lecture").author.dirty = False
    ctl.close_lecture()
    theme.set_theme("light")
    theme.set_font_scale(1.0)


def key(qtbot, window, k) -> None:
    qtbot.keyClick(window.view.viewport(), k)


def snapshot(window) -> dict:
    return {
        "app font": QApplication.instance().font().pointSizeF(),
        "canvas font scale": theme.font_scale,
        "theme": theme.current().name,
        "geometry": window.geometry().getRect(),
        "toolbars": sorted((b.objectName(), b.isVisible()) for b in window.findChildren(QToolBar)),
        "docks": sorted((k, d.isVisible()) for k, d in window.docks.items()),
        # every widget's font: the dock texts kept the presentation size after leaving
        "widget fonts": sorted({round(x.font().pointSizeF(), 1) for x in window.findChildren(QWidget)}),
        "menu bar": window.menuBar().isVisible(),
        "status bar": window.statusBar().isVisible(),
        "corner": window.corner(Qt.Corner.BottomRightCorner),
    }


def test_leaving_presentation_restores_the_window_exactly(qtbot, window):
    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(lecture_path("autograd_intro_en.json")))
    qtbot.wait(50)
    before = snapshot(window)
    key(qtbot, window, Qt.Key.Key_F11)
    qtbot.wait(50)
    assert ctl.presenting and QApplication.instance().font().pointSizeF() > before["app font"]
    key(qtbot, window, Qt.Key.Key_PageDown)
    key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert not ctl.presenting and ctl.active
    after = snapshot(window)
    diff = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not diff, repr(diff)


def test_a_second_esc_right_after_leaving_full_screen_keeps_the_lecture(qtbot, window):
    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(lecture_path("neuron_backprop_en.json")))
    ctl.enter_presentation()
    key(qtbot, window, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_Escape)       # the usual double press to get out
    assert not ctl.presenting and ctl.active
    ctl._left_presentation_at -= 10             # later, on purpose: Esc leaves the lecture
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not ctl.active


def _author_a_lecture(window):
    author = window.context.extension("lecture").author
    window.open_example(Path(lecture_path("autograd_intro_en.json")).parents[1] / "examples" / "seed.json")
    author.new_lecture()
    author.add_current()
    author.add_current()
    assert author.dirty
    assert author.preview()
    return author


def test_esc_asks_before_closing_a_lecture_with_unsaved_edits(qtbot, window, monkeypatch):
    ctl = window.context.extension("lecture").controller
    author = _author_a_lecture(window)
    asked = []
    answer = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a) or answer[0]))
    key(qtbot, window, Qt.Key.Key_Escape)
    assert len(asked) == 1 and ctl.active and author.dirty          # Cancel: nothing lost
    answer[0] = QMessageBox.StandardButton.Discard
    key(qtbot, window, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not ctl.active


def test_quitting_with_unsaved_lecture_edits_asks(qtbot, window, monkeypatch, tmp_path):
    author = _author_a_lecture(window)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel))
    window.actions["quit"].trigger()
    assert window.isVisible() and author.dirty
    assert asked and author.lecture.title in asked[0]
    # Save writes the lecture, then the window closes
    author.path = str(tmp_path / "mine.json")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Save))
    window.actions["quit"].trigger()
    assert (tmp_path / "mine.json").is_file() and not window.isVisible()


def test_b_and_w_blank_the_screen_until_any_key(qtbot, window):
    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(lecture_path("neuron_backprop_en.json")))
    ctl.enter_presentation()
    qtbot.wait(20)
    for k, colour in ((Qt.Key.Key_B, (0, 0, 0)), (Qt.Key.Key_W, (255, 255, 255))):
        key(qtbot, window, k)
        assert ctl.blanked
        img = window.grab().toImage()
        for x, y in ((10, 10), (960, 540), (1900, 1070), (1500, 300)):
            assert img.pixelColor(x, y).getRgb()[:3] == colour, (k, x, y)
        index = ctl.player.slide_index
        key(qtbot, window, Qt.Key.Key_PageDown)      # any key: back to the slide, no move
        assert not ctl.blanked and ctl.player.slide_index == index
    img = window.grab().toImage()
    assert len({img.pixelColor(x, y).getRgb() for x in range(0, 1900, 25) for y in range(0, 1080, 25)}) > 5


def test_home_end_and_number_enter_jump(qtbot, window):
    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(lecture_path("autograd_intro_en.json")))
    ctl.enter_presentation()
    key(qtbot, window, Qt.Key.Key_End)
    assert ctl.player.slide_index == ctl.player.slide_count - 1
    key(qtbot, window, Qt.Key.Key_Home)
    assert ctl.player.slide_index == 0
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_Return)
    assert ctl.player.slide_index == 11
    key(qtbot, window, Qt.Key.Key_9)
    key(qtbot, window, Qt.Key.Key_9)
    key(qtbot, window, Qt.Key.Key_Return)             # no slide 99: stay
    assert ctl.player.slide_index == 11
    key(qtbot, window, Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_Enter)
    assert ctl.player.slide_index == 2
