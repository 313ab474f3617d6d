"""Presentation mode at 1920×1080 as a lecturer drives it with a clicker: every slide of every
bundled lecture, reached by PageDown, PageUp, the slide list, Home/End, must be readable from
the back row. "Readable" is measured, not eyeballed:

- narration text ≥ 24 px (the font sizes of the narration's text fragments) and no scrolling;
- card values ≥ 20 px (the canvas value font × the view's scale); no card on screen painted as
  text-less grey bars;
- the slide's focus (the step's node, the highlighted nodes, else the backward root) on screen;
- the chain-rule strip ≥ 24 px text, as tall as its lines (not a quarter of the screen).

The walk through the English and Korean intro lectures also writes one screenshot per slide to
tests/view/screenshots/present_<lang>_<NN>.png (gitignored) for a human to look at.
"""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from explorer.model.lecture import bundled_lectures, load_lecture
from explorer.view import theme

SHOTS = Path(__file__).parent / "screenshots"
SCREEN = (1920, 1080)
DPI = 96.0


def lecture_path(name: str) -> Path:
    return next(p for p in bundled_lectures() if p.name == name)


@pytest.fixture
def presenter(qtbot, monkeypatch, tmp_path, request):
    """A window as on a 1920×1080 projector (the offscreen screen is smaller, so "full screen"
    is the projector's geometry); a Korean lecture runs in the Korean interface."""
    from PySide6.QtWidgets import QMessageBox

    params = getattr(getattr(request.node, "callspec", None), "params", {})
    if str(params.get("name", "")).endswith("_ko.json"):
        request.getfixturevalue("korean")

    from explorer.view.i18n import ensure_cjk_fallback
    from explorer.view.lecture.hooks import install
    from explorer.view.main_window import MainWindow

    ensure_cjk_fallback()   # as the app does at start (it changes line heights)

    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    w = MainWindow()
    w.maybe_save = lambda *a, **k: True
    qtbot.addWidget(w)
    if w.context.extension("lecture") is None:
        install(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.showFullScreen = lambda: w.setGeometry(0, 0, *SCREEN)
    yield w
    ctl = w.context.extension("lecture").controller
    if ctl.presenting:
        ctl.leave_presentation()
    ctl.close_lecture()
    theme.set_theme("light")
    theme.set_font_scale(1.0)


def settle(qtbot, ms: int = 5) -> None:
    qtbot.wait(ms)   # the deferred framing and dock sizing run


def min_text_px(text_edit) -> float:
    """The smallest font (em height, px) of any text fragment in a QTextEdit's document."""
    doc = text_edit.document()
    sizes = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid() and frag.text().strip():
                f = frag.charFormat().font()
                sizes.append(f.pointSizeF() * DPI / 72 if f.pointSizeF() > 0 else f.pixelSize())
            it += 1
        block = block.next()
    return min(sizes) if sizes else float("inf")


def check_readable(window, qtbot, where: str, paint: bool = True) -> None:
    from explorer.view.lecture import framing

    ctl = window.context.extension("lecture").controller
    panel = window.context.extension("lecture").panel
    view = window.view
    assert window.size().toTuple() == SCREEN
    # narration
    assert min_text_px(panel.narration) >= 24 - 0.01, f"{where}: narration {min_text_px(panel.narration):.1f} px"
    assert panel.narration.verticalScrollBar().maximum() == 0, f"{where}: the narration needs scrolling"
    dag = window.backward_view
    if dag.isVisible():   # the autograd DAG: its grad_fn names as readable as the cards
        dag_px = framing.text_px("body", dag.transform().m11())
        assert dag_px >= 20 - 0.01, f"{where}: backward graph text {dag_px:.1f} px"
    if not view.isVisible():
        return
    # cards
    scale = view.transform().m11()
    assert framing.text_px("mono", scale) >= 20 - 0.01, f"{where}: card values {framing.text_px('mono', scale):.1f} px"
    items = window.scene.node_items
    focus = ctl.focus_ids()
    assert focus, where
    assert framing.focus_visible(view, items, focus), f"{where}: {focus} not on screen"
    if paint:
        for item in items.values():
            item.painted_lod = None
        img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(img)
        view.render(painter)
        painter.end()
        painted = {i.node.name: i.painted_lod for i in items.values() if i.painted_lod}
        assert painted and set(painted.values()) == {"full"}, f"{where}: cards drawn as {painted}"
    # chain rule
    chain = window.context.extension("lecture").chain_panel
    dock = window.docks["chain_rule"]
    if chain.lines:
        assert dock.isVisible(), where
        assert min_text_px(chain.text) >= 24 - 0.01, f"{where}: chain rule {min_text_px(chain.text):.1f} px"
        assert chain.text.verticalScrollBar().maximum() == 0, f"{where}: the chain rule needs scrolling"
        text_h = chain.text.document().size().height()
        assert dock.height() <= text_h + 150, f"{where}: chain-rule strip {dock.height()} px for {text_h:.0f} px of text"
    else:
        assert not dock.isVisible(), f"{where}: an empty chain-rule strip takes the screen"


def key(qtbot, window, k) -> None:
    qtbot.keyClick(window.view.viewport(), k)


ALL = ["autograd_intro_en.json", "autograd_intro_ko.json", "neuron_backprop_en.json",
       "gradient_accumulation_en.json", "gradient_accumulation_ko.json"]


@pytest.mark.parametrize("name", ALL)
def test_every_slide_is_readable_by_pagedown_and_pageup(qtbot, presenter, name):
    window = presenter
    ctl = window.context.extension("lecture").controller
    lec = load_lecture(lecture_path(name))
    assert window.context.extension("lecture").open_lecture(str(lecture_path(name)))
    ctl.enter_presentation()
    settle(qtbot, 50)
    shots = name.startswith("autograd_intro")
    if shots:
        SHOTS.mkdir(exist_ok=True)
    seen = set()
    where = lambda: f"{name} slide {ctl.player.slide_index + 1} pos {ctl.player.position}"  # noqa: E731
    check_readable(window, qtbot, where())
    clicks = 0
    while not ctl.player.at_end:
        key(qtbot, window, Qt.Key.Key_PageDown)
        settle(qtbot)
        clicks += 1
        first_time = ctl.player.slide_index not in seen
        check_readable(window, qtbot, where(), paint=first_time)
        if shots and first_time:
            seen.add(ctl.player.slide_index)
            window.grab().save(str(SHOTS / f"present_{lec.language}_{ctl.player.slide_index + 1:02d}.png"))
        seen.add(ctl.player.slide_index)
    assert seen >= set(range(1, len(lec.slides)))
    while not ctl.player.at_start:
        key(qtbot, window, Qt.Key.Key_PageUp)
        settle(qtbot)
        check_readable(window, qtbot, where(), paint=False)
    if shots:
        window.grab().save(str(SHOTS / f"present_{lec.language}_01.png"))


@pytest.mark.parametrize("name", ["autograd_intro_en.json", "neuron_backprop_en.json"])
def test_every_slide_is_readable_from_the_list_and_home_end(qtbot, presenter, name):
    window = presenter
    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(lecture_path(name)))
    ctl.enter_presentation()
    settle(qtbot, 50)
    key(qtbot, window, Qt.Key.Key_End)
    settle(qtbot)
    assert ctl.player.at_end or ctl.player.slide_index == ctl.player.slide_count - 1
    check_readable(window, qtbot, "End")
    combo = window.context.extension("lecture").panel.slide_list
    for i in reversed(range(ctl.player.slide_count)):
        combo.activated.emit(i)
        settle(qtbot)
        assert ctl.player.slide_index == i
        check_readable(window, qtbot, f"{name} slide {i + 1} from the list")
    key(qtbot, window, Qt.Key.Key_End)
    settle(qtbot)
    key(qtbot, window, Qt.Key.Key_Home)
    settle(qtbot)
    assert ctl.player.slide_index == 0
    check_readable(window, qtbot, "Home")


def test_pageup_from_the_big_graph_frames_the_small_one_again(qtbot, presenter):
    """The report: PageUp back from the transfer-learning slides left slides 13→10 zoomed out,
    the small graph as text-less boxes in a corner."""
    window = presenter
    ctl = window.context.extension("lecture").controller
    lec = load_lecture(lecture_path("autograd_intro_en.json"))
    titles = [s.title for s in lec.slides]
    assert window.context.extension("lecture").open_lecture(str(lecture_path("autograd_intro_en.json")))
    ctl.enter_presentation()
    ctl.go_to_slide(titles.index("Finetuning: freeze the backbone"))
    settle(qtbot, 20)
    key(qtbot, window, Qt.Key.Key_PageUp)
    settle(qtbot)
    assert ctl.player.slide.title == "Frozen parameters"
    check_readable(window, qtbot, "Frozen parameters after PageUp")


def test_the_outputs_are_on_screen_on_the_first_slides(qtbot, presenter):
    """Q (intro slides 1-2 say it is the output on the right) and the neuron's o were hidden
    behind the narration."""
    from explorer.view.lecture import framing

    window = presenter
    ctl = window.context.extension("lecture").controller
    for name, out, slides in (("autograd_intro_en.json", "Q", (0,)), ("neuron_backprop_en.json", "o", (0,))):
        assert window.context.extension("lecture").open_lecture(str(lecture_path(name)))
        ctl.enter_presentation()
        for i in slides:
            ctl.go_to_slide(i)
            settle(qtbot, 20)
            node = window.document.node_by_name(out).id
            assert framing.focus_visible(window.view, window.scene.node_items, [node]), (name, i)
        ctl.leave_presentation()


def test_at_200_percent_the_narration_shrinks_to_fit_instead_of_scrolling(qtbot, presenter):
    """At 200 % the narration needed scrolling, which a clicker cannot do."""
    from explorer.view.lecture import presentation

    window = presenter
    ctl = window.context.extension("lecture").controller
    window.settings.setValue(presentation.SETTINGS_KEY, 2.0)
    assert window.context.extension("lecture").open_lecture(str(lecture_path("autograd_intro_en.json")))
    ctl.enter_presentation()
    assert theme.font_scale == 2.0
    settle(qtbot, 50)
    sizes = []
    for i in range(ctl.player.slide_count):
        window.context.extension("lecture").panel.slide_list.activated.emit(i)
        settle(qtbot)
        check_readable(window, qtbot, f"200 % slide {i + 1}", paint=False)
        sizes.append(min_text_px(window.context.extension("lecture").panel.narration))
    assert max(sizes) >= 30      # short narration keeps the large size


def test_the_dag_the_gradient_and_the_step_are_on_screen_while_presenting(qtbot, presenter):
    """Slides 9-10 describe the backward-graph figure; presentation forced the forward canvas,
    Ctrl+2 was ignored, and the external gradient v was visible nowhere."""
    window = presenter
    ctl = window.context.extension("lecture").controller
    lec = load_lecture(lecture_path("autograd_intro_en.json"))
    titles = [s.title for s in lec.slides]
    assert window.context.extension("lecture").open_lecture(str(lecture_path("autograd_intro_en.json")))
    ctl.enter_presentation()
    settle(qtbot, 20)
    ctl.go_to_slide(titles.index("The computational graph"))
    settle(qtbot)
    assert window.backward_view.isVisible() and not window.view.isVisible()
    key(qtbot, window, Qt.Key.Key_PageDown)               # "Forward and backward in the DAG"
    settle(qtbot)
    assert window.backward_view.isVisible() and window.view.isVisible()
    key(qtbot, window, Qt.Key.Key_PageDown)               # first backward step
    settle(qtbot)
    position = window.context.extension("lecture").panel.position
    assert "Backward step" in position.text() and position.isVisible()
    assert position.font().pointSizeF() * DPI / 72 >= 14
    ctl.go_to_slide(titles.index("DAGs are dynamic"))    # says nothing: the forward graph
    settle(qtbot)
    assert window.view.isVisible() and not window.backward_view.isVisible()
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.backward_view.isVisible(), "Ctrl+2 shows the backward graph while presenting"
    # the external gradient v of slides 5 and 8, as code, as large as the narration
    ctl.go_to_slide(titles.index("Vector calculus: the vector-Jacobian product"))
    settle(qtbot)
    line = window.context.extension("lecture").panel.gradient_line
    assert line.isVisible() and line.text() == "Q.backward(gradient=tensor([1., 0.]))"
    assert line.font().pointSizeF() * DPI / 72 >= 24 - 0.01
    ctl.leave_presentation()
    assert not window.backward_view.isVisible() or window.view_mode != "forward"
