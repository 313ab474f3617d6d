"""The presenter view: current and next slide, speaker notes, timer and counter; on the other
screen when presentation starts with two screens, and with P at any time."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from explorer.model.lecture import bundled_lectures

SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def window(lecture_window):
    w = lecture_window
    # presenting "full screen" is a 1920×1080 geometry on the offscreen platform
    w.showFullScreen = lambda: w.setGeometry(0, 0, 1920, 1080)
    return w


def intro(tmp_path) -> Path:
    """The English intro lecture with speaker notes on slide 2."""
    path = next(p for p in bundled_lectures() if p.name == "autograd_intro_en.json")
    data = json.loads(path.read_text())
    data["slides"][1]["notes"] = "Ask: **which** node is the root?"
    out = tmp_path / "intro.json"
    out.write_text(json.dumps(data))
    return out


def test_p_opens_the_presenter_view_following_the_clicker(qtbot, window, tmp_path):
    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(intro(tmp_path)))
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_P)
    view = ctl.presenter
    assert view is not None and view.isVisible()
    qtbot.addWidget(view)
    titles = [s.title for s in ctl.player.lecture.slides]
    assert view.counter.text() == f"Slide 1 of {len(titles)}"
    assert view.next_label.text() == f"Next: {titles[1]}"
    first = view.current.pixmap().toImage()
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_PageDown)
    assert view.counter.text() == f"Slide 2 of {len(titles)}"
    assert "which node is the root?" in view.notes.toPlainText()
    assert "**" not in view.notes.toPlainText()
    assert view.current.pixmap().toImage() != first
    # a clicker key pressed while the presenter view has the focus moves the lecture too
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert ctl.player.slide_index == 2 and "No notes" in view.notes.toPlainText()
    # a slide that steps: "next" is the next step of the same slide
    stepping = next(i for i, s in enumerate(ctl.player.lecture.slides) if s.step_through)
    ctl.go_to_slide(stepping)
    assert view.next_label.text() == "Next: step 1"
    import time

    view.started = time.monotonic() - 125.4
    view._update_timer()
    assert view.timer_label.text() == "02:05"
    SHOTS.mkdir(exist_ok=True)
    view.grab().save(str(SHOTS / "presenter_view.png"))
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_P)
    assert ctl.presenter is None and not view.isVisible()


def test_two_screens_put_the_presenter_view_on_the_other_one(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    from explorer.view.lecture import presenter

    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(intro(tmp_path)))
    # one screen: nothing opens by itself
    ctl.enter_presentation()
    assert ctl.presenter is None
    ctl.leave_presentation()
    # two screens: the presenter view opens on the one the slides are not on
    main = window.screen()

    class Projector:
        """Stands in for a second QScreen (offscreen Qt has one)."""

    second = Projector()
    assert presenter.other_screen(main, [main, second]) is second
    assert presenter.other_screen(main, [main]) is None
    shown = []
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [main, second]))
    monkeypatch.setattr(presenter, "show_presenter", lambda c, screen=None: shown.append(screen) or None)
    ctl.enter_presentation()
    assert shown == [second]
