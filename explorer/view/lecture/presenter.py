"""The presenter view: what the lecturer sees on the laptop while the class sees the slide.

The current slide (at the current step), what the next click shows, the slide's speaker notes,
a timer since the presentation started and the slide counter, as PowerPoint and Keynote show on
the second screen. It opens by itself on the other screen when presentation mode starts and two
screens exist, and with P (or Lecture ▸ Presenter View) at any time. Clicker keys pressed in it
drive the lecture as in the main window.
"""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPixmap, QScreen
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QTextBrowser, QWidget

from explorer.model.lecture import markdown_to_html
from explorer.view.lecture.slide_preview import SlideRenderer

CURRENT_SIZE = (1280, 720)
NEXT_SIZE = (1120, 630)   # large enough that cards draw their text


def other_screen(window_screen: QScreen | None, screens: list[QScreen]) -> QScreen | None:
    """The screen the presenter view goes to: one the presentation is not on (None when there
    is only one screen)."""
    others = [s for s in screens if s is not window_screen]
    return others[0] if len(screens) > 1 and others else None


def format_elapsed(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class PresenterWindow(QWidget):
    """A top-level window following ``controller`` (a LectureController)."""

    def __init__(self, controller) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("presenterView")
        self.setWindowTitle(self.tr("Presenter view"))
        self.controller = controller
        self._renderer: SlideRenderer | None = None
        self.started = time.monotonic()
        grid = QGridLayout(self)
        self.current = QLabel(self)
        self.current.setObjectName("presenterCurrent")
        self.current.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current.setMinimumSize(480, 270)
        self.next_label = QLabel(self.tr("Next"), self)
        self.next = QLabel(self)
        self.next.setObjectName("presenterNext")
        self.next.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next.setMinimumSize(320, 180)
        self.counter = QLabel(self)
        self.counter.setObjectName("presenterCounter")
        self.timer_label = QLabel(self)
        self.timer_label.setObjectName("presenterTimer")
        font = self.timer_label.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.timer_label.setFont(font)
        self.counter.setFont(font)
        self.reset_button = QPushButton(self.tr("Restart timer"), self)
        self.reset_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.notes = QTextBrowser(self)
        self.notes.setObjectName("presenterNotes")
        notes_font = self.notes.font()
        notes_font.setPointSizeF(notes_font.pointSizeF() * 1.5)
        self.notes.setFont(notes_font)
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        grid.addWidget(self.current, 0, 0, 3, 1)
        grid.addWidget(self.next_label, 0, 1)
        grid.addWidget(self.next, 1, 1)
        grid.addWidget(self.notes, 2, 1)
        grid.addWidget(self.counter, 3, 0)
        row = QGridLayout()
        row.addWidget(self.timer_label, 0, 0)
        row.addWidget(self.reset_button, 0, 1)
        grid.addLayout(row, 3, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)
        self.tick = QTimer(self)
        self.tick.timeout.connect(self._update_timer)
        self.tick.start(1000)
        self.reset_button.clicked.connect(self.restart_timer)
        controller.changed.connect(self.refresh)
        self.resize(1400, 800)

    # ------------------------------------------------------------------ content
    def restart_timer(self) -> None:
        self.started = time.monotonic()
        self._update_timer()

    def _update_timer(self) -> None:
        self.timer_label.setText(format_elapsed(time.monotonic() - self.started))

    def _renderer_for(self, lecture) -> SlideRenderer:
        if self._renderer is None or self._renderer.lecture is not lecture:
            if self._renderer is not None:
                self._renderer.close()
            self._renderer = SlideRenderer(lecture)
        return self._renderer

    def _picture(self, label: QLabel, image) -> None:
        if image is None:
            label.clear()
            return
        pixmap = QPixmap.fromImage(image)
        size = label.size().expandedTo(label.minimumSize())   # before the first layout too
        label.setPixmap(pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation))

    def refresh(self) -> None:
        """Show the controller's current slide and step, and what the next click brings."""
        if not self.isVisible():      # closed (or not shown yet): nothing to draw into
            return
        self._update_timer()
        player = self.controller.player
        if player is None or player.slide is None:
            self.counter.setText(self.tr("No lecture"))
            self.current.clear()
            self.next.clear()
            self.notes.clear()
            return
        index, count = player.slide_index, player.slide_count
        self.counter.setText(self.tr("Slide %1 of %2").replace("%1", str(index + 1)).replace("%2", str(count)))
        notes = player.slide.notes.strip()
        self.notes.setHtml(markdown_to_html(notes) if notes else
                           "<p><i>" + self.tr("No notes for this slide.") + "</i></p>")
        renderer = self._renderer_for(player.lecture)
        rng = player.step_range()
        position = player.position if rng is not None else None
        self._picture(self.current, renderer.render(index, CURRENT_SIZE, position))
        if rng is not None and player.position < rng[1]:
            after = max(player.position + 1, rng[0] + 1)     # where the next click goes (LecturePlayer.next)
            self.next_label.setText(self.tr("Next: step %1").replace("%1", str(after - rng[0])))
            self._picture(self.next, renderer.render(index, NEXT_SIZE, after))
        elif index + 1 < count:
            self.next_label.setText(self.tr("Next: %1").replace("%1", player.lecture.slides[index + 1].title))
            self._picture(self.next, renderer.render(index + 1, NEXT_SIZE))
        else:
            self.next_label.setText(self.tr("End of the lecture"))
            self.next.clear()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        QTimer.singleShot(0, self.refresh)     # pictures as large as their new places

    # ------------------------------------------------------------------ keys and closing
    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.controller.player is not None and self.controller.handle_key(event.key()):
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.tick.stop()
        try:
            self.controller.changed.disconnect(self.refresh)
        except (RuntimeError, TypeError):
            pass
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None
        super().closeEvent(event)


def show_presenter(controller, screen: QScreen | None = None) -> PresenterWindow:
    """Open (or raise) the presenter view; on ``screen`` when given (maximised there)."""
    window = getattr(controller, "presenter", None)
    if window is None or not window.isVisible():
        window = PresenterWindow(controller)
        controller.presenter = window
    if screen is not None:
        window.setScreen(screen)
        window.setGeometry(screen.availableGeometry())
    window.show()
    window.raise_()
    window.refresh()
    return window


def toggle_presenter(controller) -> None:
    window = getattr(controller, "presenter", None)
    if window is not None and window.isVisible():
        window.close()
        controller.presenter = None
    else:
        show_presenter(controller)


def on_presentation(controller, screens: list[QScreen] | None = None) -> PresenterWindow | None:
    """Presentation started: with two screens, the presenter view goes to the other one."""
    screens = list(QGuiApplication.screens()) if screens is None else screens
    target = other_screen(controller.window.screen(), screens)
    if target is None:
        return None
    return show_presenter(controller, target)
