"""What the lecture panels write: titles as plain text, inline `code` in a fixed-pitch font
(also with the Korean fallback fonts installed), and no step text left over on a slide that
does not step ("Forward step 9 of 9" on "What we want: the gradients")."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QImage
from PySide6.QtWidgets import QLabel

from explorer.model.lecture import bundled_lectures, load_lecture


def lecture_path(name: str) -> Path:
    return next(p for p in bundled_lectures() if p.name == name)


def fragments(text_edit):
    doc = text_edit.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid():
                yield frag.text(), frag.charFormat().font()
            it += 1
        block = block.next()


def image(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_a_slide_title_is_shown_as_written(qtbot):
    from explorer.view.lecture.panel import LecturePanel

    panel = LecturePanel()
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    title = "Compare a<b and b>a"
    panel.show_slide("A <i>lecture</i>", title, "text", 0, 1)
    plain = QLabel()
    qtbot.addWidget(plain)
    plain.setTextFormat(Qt.TextFormat.PlainText)
    plain.setFont(panel.title.font())
    plain.setText(title)
    plain.resize(panel.title.size())
    panel.title.setStyleSheet("")
    # what the label draws is exactly the plain-text rendering (rich text would draw "Compare aa")
    assert image(panel.title) == image(plain)
    plain.setText("A <i>lecture</i>")
    plain.setFont(panel.lecture_title.font())
    plain.resize(panel.lecture_title.size())
    assert image(panel.lecture_title) == image(plain)


def test_inline_code_is_fixed_pitch_with_the_korean_fallback_installed(qtbot):
    from explorer.view.i18n import cjk_family, ensure_cjk_fallback
    from explorer.view.lecture.panel import LecturePanel

    if cjk_family() is None:
        pytest.skip("no CJK font installed")
    ensure_cjk_fallback()
    panel = LecturePanel()
    qtbot.addWidget(panel)
    panel.show_slide("L", "T", "Call `x.grad` or `loss.backward()` here: 텐서", 0, 1)
    code = [(t, QFontInfo(f)) for t, f in fragments(panel.narration) if t in ("x.grad", "loss.backward()")]
    prose = [(t, QFontInfo(f)) for t, f in fragments(panel.narration) if "here" in t]
    assert len(code) == 2 and prose
    assert all(info.fixedPitch() for _, info in code), [(t, i.family()) for t, i in code]
    assert not prose[0][1].fixedPitch()


@pytest.fixture
def window(new_window):
    from explorer.view.lecture.hooks import install

    w = new_window(size=(1400, 900), show=True, extensions=(install,))
    yield w
    w.context.extension("lecture").controller.close_lecture()


@pytest.mark.parametrize("name", ["autograd_intro_en.json", "neuron_backprop_en.json"])
def test_no_step_text_on_slides_that_do_not_step(qtbot, window, name):
    ctl = window.context.extension("lecture").controller
    lec = load_lecture(lecture_path(name))
    assert window.context.extension("lecture").open_lecture(str(lecture_path(name)))
    checked = 0
    while True:
        slide = lec.slides[ctl.player.slide_index]
        rng = ctl.player.step_range()
        if not slide.step_through or (rng is not None and ctl.player.position == rng[0]):
            where = f"slide {ctl.player.slide_index + 1} ({slide.title})"
            assert window.context.extension("lecture").chain_panel.lines == [], where
            assert "step" not in window.context.extension("lecture").chain_panel.heading.text().lower() or \
                window.context.extension("lecture").chain_panel.heading.text().startswith("Step through"), where
            assert "step" not in window.context.extension("lecture").panel.position.text().lower(), where
            assert window.context.extension("lecture").toolbar.position.text().strip() == "", where
            checked += 1
        else:
            assert window.context.extension("lecture").chain_panel.lines, "a step shows its computation"
        if ctl.player.at_end:
            break
        qtbot.keyClick(window.view.viewport(), Qt.Key.Key_PageDown)
    assert checked >= 5
