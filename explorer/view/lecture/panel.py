"""The lecture panel: slide title, narration (the Markdown subset as rich text), position, buttons."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QTextBrowser, QVBoxLayout,
                               QWidget)

from explorer.model.lecture import markdown_to_html


MONO_FAMILIES = ("DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono", "Menlo", "Consolas", "Courier New")


def fixed_pitch_family() -> str:
    """An installed fixed-pitch family (a real one: generic names may resolve to a CJK font)."""
    families = QFontDatabase.families()
    for name in MONO_FAMILIES:
        if name in families:
            return name
    return next((f for f in families if QFontDatabase.isFixedPitch(f)), "monospace")


class LecturePanel(QWidget):
    """Narration of the current slide. Emits ``next_requested``/``prev_requested``."""

    next_requested = Signal()
    prev_requested = Signal()
    slide_requested = Signal(int)   # jump to a slide (0-based) from the slide list

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("lecturePanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.lecture_title = QLabel(self)
        self.lecture_title.setObjectName("lectureTitle")
        self.lecture_title.setTextFormat(Qt.TextFormat.PlainText)
        self.lecture_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.slide_list = QComboBox(self)
        self.slide_list.setObjectName("slideJump")
        self.slide_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slide_list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.slide_list.setToolTip(self.tr("Jump to a slide"))
        self.slide_list.activated.connect(self.slide_requested)
        self.slide_list.hide()
        self.title = QLabel(self)
        self.title.setObjectName("slideTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)   # "Compare a<b and b>a" as written
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # the external gradient v of a non-scalar root, as code (on screen while presenting,
        # where the run toolbar's gradient field is hidden)
        self.gradient_line = QLabel(self)
        self.gradient_line.setObjectName("slideGradient")
        self.gradient_line.setTextFormat(Qt.TextFormat.PlainText)
        self.gradient_line.setWordWrap(True)
        self.gradient_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.gradient_line.hide()
        self.narration = QTextBrowser(self)
        self.narration.setObjectName("narration")
        self.narration.setOpenExternalLinks(False)
        # A real fixed-pitch family for inline `code`: the generic "monospace" resolves to the
        # Korean fallback font (not fixed pitch) once Hangul substitutions are installed.
        mono = fixed_pitch_family()
        self.narration.document().setDefaultStyleSheet(f"code {{ font-family: '{mono}', monospace; }}")
        self.error = QLabel(self)
        self.error.setObjectName("lectureError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        self.error.hide()
        row = QHBoxLayout()
        self.prev_button = QPushButton(self.tr("◀ Back"), self)
        self.next_button = QPushButton(self.tr("Next ▶"), self)
        self.position = QLabel(self)
        self.position.setObjectName("slidePosition")
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.position.setWordWrap(True)
        self.position.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.position.setMinimumHeight(2 * self.position.fontMetrics().height() + 4)
        self.narration.setMinimumWidth(160)
        row.addWidget(self.prev_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        for w in (self.prev_button, self.next_button):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the lecture, not the button
        self.prev_button.clicked.connect(self.prev_requested)
        self.next_button.clicked.connect(self.next_requested)
        layout.addWidget(self.lecture_title)
        layout.addWidget(self.slide_list)
        layout.addWidget(self.title)
        layout.addWidget(self.gradient_line)
        layout.addWidget(self.narration, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.position)
        layout.addLayout(row)
        self.font_scale = self.base_scale = 1.0
        self.fit_floor: float | None = None
        self.presenting = False
        self._markdown = ""
        self.show_nothing()

    def set_slides(self, titles: list[str]) -> None:
        self.slide_list.clear()
        for i, title in enumerate(titles):
            self.slide_list.addItem(f"{i + 1}. {title}")
        self.slide_list.setVisible(bool(titles) and not getattr(self, "presenting", False))

    def show_nothing(self) -> None:
        self.set_slides([])
        self.lecture_title.setText(self.tr("No lecture open"))
        self.title.setText("")
        self._markdown = self.tr("Open a lecture from the **Lecture** menu, or add the current graph as a slide to start writing one.")
        self.position.setText("")
        self._render()

    def show_slide(self, lecture_title: str, slide_title: str, narration: str, index: int, count: int,
                   step_text: str = "", error: str | None = None) -> None:
        self.lecture_title.setText(lecture_title)
        self.title.setText(slide_title)
        self._markdown = narration
        pos = self.tr("Slide %1 of %2").replace("%1", str(index + 1)).replace("%2", str(count))
        self.position.setText(f"{pos}  ·  {step_text}" if step_text else pos)
        if self.slide_list.count() != count:
            self.slide_list.setVisible(False)
        elif self.slide_list.currentIndex() != index:
            self.slide_list.setCurrentIndex(index)
        self.error.setVisible(bool(error))
        self.error.setText(error or "")
        self._render()
        self.fit_narration()

    def set_gradient_text(self, text: str) -> None:
        self.gradient_line.setText(text)
        self.gradient_line.setVisible(bool(text))

    def set_presenting(self, on: bool) -> None:
        """On the projector the room goes to the narration: the lecture title, the slide list
        and the Back/Next buttons (the clicker does that) are hidden."""
        for w in (self.lecture_title, self.prev_button, self.next_button):
            w.setVisible(not on)
        self.slide_list.setVisible(not on and self.slide_list.count() > 0)
        self.presenting = on

    def set_font_scale(self, scale: float, floor: float | None = None) -> None:
        """Text size; with ``floor`` (presentation) the narration shrinks towards ``floor`` when
        it would otherwise need scrolling (a clicker cannot scroll)."""
        self.base_scale = self.font_scale = scale
        self.fit_floor = floor
        self._render()
        self.fit_narration()

    def narration_overflows(self) -> bool:
        layout = self.layout()
        if layout is not None and self.isVisible():
            layout.activate()   # the title's new height first: it changes the narration's room
        doc = self.narration.document()
        doc.setTextWidth(self.narration.viewport().width())
        return doc.size().height() + 4 > self.narration.viewport().height()

    def fit_narration(self) -> None:
        if self.fit_floor is None:
            return
        if self.font_scale != self.base_scale:
            self.font_scale = self.base_scale
            self._render()
        while self.font_scale > self.fit_floor and self.narration_overflows():
            self.font_scale = max(self.fit_floor, self.font_scale * 0.94)
            self._render()

    def _render(self) -> None:
        s = self.font_scale
        self.narration.setHtml(f"<div style='font-size:{11 * s:.0f}pt'>{markdown_to_html(self._markdown)}</div>")
        f = self.title.font()
        f.setPointSizeF(14 * s)
        f.setBold(True)
        self.title.setFont(f)
        g = self.lecture_title.font()
        g.setPointSizeF(9 * s)
        self.lecture_title.setFont(g)
        mono = QFont(fixed_pitch_family())
        mono.setPointSizeF(11 * s)
        self.gradient_line.setFont(mono)
        p = self.position.font()
        p.setPointSizeF(9 * max(1.0, min(s, 1.66) * 0.85))   # the step ("Backward step 3 of 9") readable too
        p.setBold(s > 1)
        self.position.setFont(p)
        self.position.setMinimumHeight(int((1 if s > 1 else 2) * self.position.fontMetrics().height() + 4))

    def narration_text(self) -> str:
        return self.narration.toPlainText()
