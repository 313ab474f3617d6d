"""Lecture mode in the window, offscreen: clicker keys, narration, step-through, chain rule,
presentation mode, authoring, Korean rendering, and a screenshot of every slide of the English
and Korean seed lectures (tests/view/screenshots/, gitignored) for a human to look at."""
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from explorer.model.lecture import bundled_lectures, load_lecture
from explorer.view import theme

SHOTS = Path(__file__).parent / "screenshots"


def lecture_path(name: str) -> Path:
    return next(p for p in bundled_lectures() if p.name == name)


@pytest.fixture
def window(lecture_window):
    return lecture_window


def press(qtbot, window, key):
    qtbot.keyClick(window.view.viewport(), key)


@pytest.mark.parametrize("name", ["autograd_intro_en.json", "autograd_intro_ko.json"])
def test_seed_lecture_every_slide_offscreen_with_screenshots(qtbot, window, name):
    lec = load_lecture(lecture_path(name))
    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(lecture_path(name)))
    SHOTS.mkdir(exist_ok=True)
    lang = lec.language
    seen = []
    for i, slide in enumerate(lec.slides):
        ctl.go_to_slide(i)
        qtbot.wait(10)
        panel = window.context.extension("lecture").panel
        assert panel.title.text() == slide.title
        assert not panel.error.isVisible(), panel.error.text()
        first_line = next(line for line in slide.narration.splitlines() if line.strip())
        words = [w for w in first_line.replace("`", " ").replace("*", " ").split() if len(w) > 3][:2]
        assert all(w in panel.narration_text() for w in words)
        if slide.step_through:  # show the slide half-way through its steps, as in class
            first, last = ctl.player.step_range()
            ctl.player.stepper.set_position((first + last + 1) // 2)
            ctl._after_move()
            assert window.context.extension("lecture").chain_panel.lines, "a step shows its computation"
        window.grab().save(str(SHOTS / f"lecture_{lang}_{i + 1:02d}.png"))
        seen.append(slide.title)
    assert seen == [s.title for s in lec.slides]


def test_clicker_keys_walk_slides_and_steps(qtbot, window):
    ctl = window.context.extension("lecture").controller
    window.context.extension("lecture").open_lecture(str(lecture_path("autograd_intro_en.json")))
    player = ctl.player
    assert player.slide_index == 0
    press(qtbot, window, Qt.Key.Key_PageDown)
    assert player.slide_index == 1
    press(qtbot, window, Qt.Key.Key_Space)
    assert player.slide_index == 2 and player.slide.step_through == "forward"
    first, last = player.step_range()
    assert player.position == first
    press(qtbot, window, Qt.Key.Key_Right)          # within a stepping slide: one step
    assert player.slide_index == 2 and player.position == first + 1
    # the bundled lectures step through ops only: the first click computes a³, not the leaf a
    assert "a_cubed = a ** 3 = [8., 27.]" in window.context.extension("lecture").chain_panel.plain_text()
    press(qtbot, window, Qt.Key.Key_PageUp)
    press(qtbot, window, Qt.Key.Key_Left)           # back past the start: previous slide
    assert player.slide_index == 1
    press(qtbot, window, Qt.Key.Key_Escape)         # Esc leaves the lecture
    assert not ctl.active
    assert window.context.extension("lecture").panel.lecture_title.text() == "No lecture open"


def test_text_fields_keep_their_keys(qtbot, window):
    window.context.extension("lecture").open_lecture(str(lecture_path("autograd_intro_en.json")))
    editor = window.context.extension("lecture").author.slide_title
    window.context.extension("lecture").author.show_dock()
    editor.setEnabled(True)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Space)
    assert window.context.extension("lecture").controller.player.slide_index == 0


def test_step_through_without_a_lecture_shows_the_chain_rule_with_numbers(qtbot, window):
    from explorer.view.lecture.hooks import install  # noqa: F401  (window already has it)

    ctl = window.context.extension("lecture").controller
    window.open_example(Path(lecture_path("autograd_intro_en.json")).parents[1] / "examples" / "seed.json")
    qtbot.wait(20)
    ctl.step_start()
    stepper = ctl._active_stepper()
    assert stepper.position == -1
    assert window.last_result.results[window.document.root].value is None   # nothing computed yet
    ctl.step_forward()
    assert window.context.extension("lecture").chain_panel.heading.text().startswith("Forward step 1 of")
    ctl.step_end()
    text = window.context.extension("lecture").chain_panel.plain_text()
    assert "a.grad = [36., 81.]" in text
    a = window.document.node_by_name("a").id
    assert window.last_result.results[a].grad.tolist() == [36., 81.]
    ctl.step_back()
    assert window.last_result.results[a].grad is None          # stepping back hides it again
    # an edit ends the recorded step-through
    from explorer.model.commands import SetValueCommand

    window.undo_stack.push_command(SetValueCommand(a, np.array([1., 2.], np.float32)))
    assert ctl._active_stepper() is None


def test_play_runs_the_steps_on_a_timer(qtbot, window):
    ctl = window.context.extension("lecture").controller
    window.open_example(Path(lecture_path("autograd_intro_en.json")).parents[1] / "examples" / "seed.json")
    ctl.set_speed(50)
    ctl.toggle_play()
    assert window.context.extension("lecture").toolbar.act_play.isChecked()
    qtbot.waitUntil(lambda: ctl._active_stepper() is not None and ctl._active_stepper().at_end, timeout=5000)
    qtbot.waitUntil(lambda: not ctl.play_timer.isActive(), timeout=1000)
    assert not window.context.extension("lecture").toolbar.act_play.isChecked()


def test_presentation_mode_enters_and_restores(qtbot, window):
    ctl = window.context.extension("lecture").controller
    window.context.extension("lecture").open_lecture(str(lecture_path("autograd_intro_en.json")))
    docks_before = {k: d.isVisible() for k, d in window.docks.items()}
    theme_before = theme.current().name
    press(qtbot, window, Qt.Key.Key_F11)
    assert ctl.presenting and window.isFullScreen()
    assert theme.current().name == "high-contrast" and theme.font_scale >= 1.5
    visible = {k for k, d in window.docks.items() if d.isVisible()}
    assert visible <= {"lecture", "chain_rule"} and "lecture" in visible
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    ctl.go_to_slide(5)                                  # the backward step-through slide
    ctl.next()
    # the canvas dominates once the fullscreen layout has settled
    qtbot.waitUntil(lambda: window.docks["lecture"].width() < window.width() * 0.4, timeout=3000)
    assert ctl.spotlight is not None and ctl.spotlight.scene() is window.scene
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "lecture_presentation.png"))
    press(qtbot, window, Qt.Key.Key_Escape)             # Esc leaves presentation, lecture stays
    assert not ctl.presenting and ctl.active and not window.isFullScreen()
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    assert theme.current().name == theme_before
    assert {k: d.isVisible() for k, d in window.docks.items() if k in docks_before} == docks_before
    assert ctl.spotlight is None


def test_authoring_add_edit_reorder_delete_save_and_preview(qtbot, window, tmp_path):
    from explorer.model.lecture import load_lecture as load

    author = window.context.extension("lecture").author
    ctl = window.context.extension("lecture").controller
    window.open_example(Path(lecture_path("autograd_intro_en.json")).parents[1] / "examples" / "seed.json")
    window.run_backward()
    author.new_lecture()
    first = author.add_current()
    author.slide_title.setText("The graph")
    author.slide_title.textEdited.emit("The graph")
    author.narration.setPlainText("Q = 3a³ − b², **after backward**")
    ctl.step_start()
    ctl.step_forward()
    ctl.step_forward()
    a = window.document.node_by_name("a").id
    window.scene.select_ids([a])
    second = author.add_current()
    # the graph did not change: the slide stores no copy of it, just "no changes"
    assert [a_.do for a_ in second.actions][:2] == ["change_graph", "forward"]
    assert second.actions[0].args == {}
    assert {"do": "step", "phase": "forward", "index": 1} in [x.to_json() for x in second.actions]
    assert {"do": "highlight", "nodes": ["a"]} in [x.to_json() for x in second.actions]
    assert first.title == "The graph" and "after backward" in first.narration
    author.slides.setCurrentRow(1)
    author.move_slide(-1)
    assert author.lecture.slides[0] is second and author.slides.item(1).text() == "2. The graph"
    assert second.actions[0].do == "load_graph"      # now first, it carries the whole graph
    author.add_current()
    author.delete_slide()
    assert len(author.lecture.slides) == 2
    path = tmp_path / "mine.json"
    assert author.save(str(path))
    again = load(path)
    assert [s.title for s in again.slides] == [second.title, "The graph"]
    # preview plays the saved lecture in the window from the selected slide
    author.slides.setCurrentRow(1)
    assert author.preview()
    assert ctl.player.slide_index == 1 and window.context.extension("lecture").panel.title.text() == "The graph"
    res = window.last_result
    assert res.results[window.document.node_by_name("a").id].grad.tolist() == [36., 81.]
    ctl.go_to_slide(0)
    assert ctl.player.stepper.current.index == 1 and ctl.player.highlight == [window.document.node_by_name("a").id]


def _glyph(text: str, family: str) -> QImage:
    img = QImage(60, 40, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    f = QFont(family)
    f.setPixelSize(28)
    p.setFont(f)
    p.setPen(QColor("black"))
    p.drawText(5, 32, text)
    p.end()
    return img


def test_korean_glyphs_render_not_boxes(qtbot, window):
    from explorer.view.i18n import cjk_family, ensure_cjk_fallback

    if cjk_family() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    ensure_cjk_fallback()
    family = window.context.extension("lecture").panel.narration.font().family()
    # Missing glyphs all draw the same box; real Hangul syllables differ from each other.
    assert _glyph("기", family) != _glyph("울", family)
    assert _glyph("기", family) != _glyph("\ue000", family)


def test_presentation_font_size_is_a_setting(qtbot, window):
    ctl = window.context.extension("lecture").controller
    window.context.extension("lecture").open_lecture(str(lecture_path("neuron_backprop_en.json")))
    sizes = next(m for m in window.menus["lecture"].findChildren(type(window.menus["lecture"]))
                 if m.title().replace("&", "") == "Presentation Font Size")
    big = next(a for a in sizes.actions() if a.text() == "200 %")
    ctl.enter_presentation()
    big.trigger()
    assert theme.font_scale == 2.0
    ctl.leave_presentation()
    assert theme.font_scale != 2.0
    ctl.enter_presentation()                  # remembered
    assert theme.font_scale == 2.0


def test_a_broken_lecture_file_is_reported_and_nothing_changes(qtbot, window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "autograd-explorer-lecture", "version": 1, "title": "x", "slides": []}')
    names_before = sorted(n.name for n in window.document.nodes.values())
    assert not window.context.extension("lecture").open_lecture(str(bad))
    assert not window.context.extension("lecture").controller.active
    assert "no slides" in window.context.extension("lecture").panel.error.text()
    assert sorted(n.name for n in window.document.nodes.values()) == names_before


def test_dragging_a_slide_reorders_the_lecture(qtbot, window):
    author = window.context.extension("lecture").author
    author.open_path(str(lecture_path("neuron_backprop_en.json")))
    titles = [s.title for s in author.lecture.slides]
    model = author.slides.model()
    from PySide6.QtCore import QModelIndex

    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)   # what a drop does
    assert [s.title for s in author.lecture.slides] == titles[1:3] + titles[:1] + titles[3:]
    qtbot.waitUntil(lambda: author.slides.item(0).text() == f"1. {titles[1]}", timeout=1000)


def test_live_edit_during_a_lecture_reruns_and_is_undoable(qtbot, window):
    from explorer.model.commands import SetRequiresGradCommand

    ctl = window.context.extension("lecture").controller
    window.context.extension("lecture").open_lecture(str(lecture_path("autograd_intro_en.json")))
    titles = [s.title for s in ctl.player.lecture.slides]
    ctl.go_to_slide(titles.index("Checking the gradients"))
    b = window.document.node_by_name("b").id
    assert window.last_result.results[b].grad is not None
    assert window.undo_stack.push_command(SetRequiresGradCommand([b], False))   # the switch on the card
    qtbot.waitUntil(lambda: window.last_result.results[b].grad is None, timeout=2000)
    assert not window.last_result.results[b].in_backward_graph
    assert window.undo_stack.canUndo()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.last_result.results[b].grad is not None, timeout=2000)


def test_command_line_lecture_opens_the_lecture(qtbot):
    from explorer.view import app as appmod

    w = appmod.create_window(["--lecture", str(lecture_path("neuron_backprop_en.json"))])
    w.maybe_save = lambda *a, **k: True
    qtbot.addWidget(w)
    appmod.finish_startup(w)
    assert w.context.extension("lecture").controller.active
    assert w.context.extension("lecture").panel.title.text() == "Backprop through a neuron"
    assert w.docks["lecture"].isVisibleTo(w)


def test_slide_list_jumps_to_a_slide(qtbot, window):
    ctl = window.context.extension("lecture").controller
    window.context.extension("lecture").open_lecture(str(lecture_path("neuron_backprop_en.json")))
    combo = window.context.extension("lecture").panel.slide_list
    assert combo.isVisibleTo(window.context.extension("lecture").panel) and combo.count() == ctl.player.slide_count
    combo.activated.emit(4)
    assert ctl.player.slide_index == 4 and combo.currentIndex() == 4
    ctl.next()
    assert combo.currentIndex() == 5
