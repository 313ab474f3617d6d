"""The lecture's keys: what a clicker and the presentation conventions do.

PageDown / → / ↓ / space = next, PageUp / ← / ↑ / Backspace = previous, Home / End = first / last
slide, a number + Enter = that slide, P = the presenter view, F11 = presentation mode, B or . / W or , = a black / white
screen until any key (PowerPoint, Keynote, reveal.js), Esc = leave presentation, then (not right
after, and only after asking when the lecture being written has unsaved edits) leave the lecture.
Keys are taken only while a lecture (or presentation) is on and no text field has the focus.

:class:`LectureKeys` is mixed into :class:`~explorer.view.lecture.controller.LectureController`.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QMessageBox,
                               QPlainTextEdit, QTextEdit, QWidget)

from explorer.view.i18n import tr
from explorer.view.lecture import presentation
from explorer.view.lecture.extension import lecture_of
from explorer.view.lecture.presentation import BlankScreen
from explorer.view.lecture.presenter import toggle_presenter

NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space}
PREV_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
ESC_GRACE_SECONDS = 1.5   # a second Esc this soon after leaving presentation is ignored
LECTURE_KEYS = NEXT_KEYS | PREV_KEYS | {Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Escape}


def _is_text_input(widget) -> bool:
    if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
        return True
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return False


class LectureKeys:
    """Key handling of the lecture controller (needs ``window``, ``player``, ``presenting``,
    ``next``/``prev``/``go_to_slide``, ``enter_presentation``/``leave_presentation``,
    ``close_lecture`` and ``refit``)."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Close and obj is self.window and self.unsaved_lecture() is not None:
            # Quit (Ctrl+Q) or the window's close button with unsaved lecture edits: ask first
            if not self.may_close_lecture():
                event.ignore()
                return True
            return False
        if event.type() == QEvent.Type.Resize and obj is self.window and self.presenting:
            # fullscreen arrives asynchronously: keep the narration column narrow at any size
            QTimer.singleShot(0, lambda: self.presenting and (presentation.size_docks(self.window), self.refit()))
            return False
        if event.type() == QEvent.Type.Resize and self.presenting and obj is getattr(self.window, "view", None):
            # a dock shown or hidden (the chain-rule strip) changed the canvas: frame again
            if not self._refit_pending:
                self._refit_pending = True
                QTimer.singleShot(0, self._refit_after_resize)
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            # Home/End (and the other lecture keys) are also shortcuts of the step toolbar; in a
            # lecture they move between slides, so ask for them as key presses
            if self._takes_key(obj, event) and (
                    (self.player is not None and (event.key() in LECTURE_KEYS or Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9
                                                  or event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)))
                    or (self.presenting and (event.key() in self.BLANK_KEYS or self.blanked))):
                event.accept()
                return True
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        if not self._takes_key(obj, event):
            return False
        return self.handle_key(event.key())

    def _takes_key(self, obj, event) -> bool:
        """Whether a key event belongs to the lecture (a lecture or presentation is on, the window
        is active and no text field has the focus)."""
        if self.player is None and not self.presenting:
            return False
        app = QApplication.instance()
        if app.activeWindow() is not self.window and not (obj is self.window or getattr(obj, "window", lambda: None)() is self.window):
            return False
        # the widget that will get the key: the receiver, or (for the native window, which sees
        # keys first) the focus widget; typing in a text field is never taken over
        target = obj if isinstance(obj, QWidget) else app.focusWidget()
        if _is_text_input(target):
            return False
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                | Qt.KeyboardModifier.ShiftModifier):
            return False
        return True

    BLANK_KEYS = {Qt.Key.Key_B: "#000000", Qt.Key.Key_Period: "#000000", Qt.Key.Key_W: "#ffffff",
                  Qt.Key.Key_Comma: "#ffffff"}

    @property
    def blanked(self) -> bool:
        try:
            return self._blank is not None and self._blank.isVisible()
        except RuntimeError:   # closed by a click
            return False

    def handle_key(self, key) -> bool:
        """The clicker's keys; returns True when the key was used."""
        if self.blanked:       # any key brings the slide back (and does nothing else)
            self._blank.close()
            self._blank.deleteLater()
            self._blank = None
            return True
        if self.presenting and key in self.BLANK_KEYS:
            self._blank = BlankScreen(self.window, self.BLANK_KEYS[key])
            return True
        if self.player is not None and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self._typed += str(int(key) - int(Qt.Key.Key_0))   # number + Enter jumps to that slide
            return True
        if self.player is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._typed:
            number, self._typed = int(self._typed), ""
            if 1 <= number <= self.player.slide_count:
                self.go_to_slide(number - 1)
            return True
        self._typed = ""
        if key in NEXT_KEYS:
            self.next()
            return True
        if key in PREV_KEYS:
            self.prev()
            return True
        if key == Qt.Key.Key_F11:
            self.enter_presentation()
            return True
        if key == Qt.Key.Key_Escape:
            if self.presenting:
                self.leave_presentation()
                self._left_presentation_at = time.monotonic()
            elif self.player is not None:
                # A second Esc right after leaving full screen is the same gesture, not a wish
                # to close the lecture; and unsaved lecture edits are never dropped unasked.
                if time.monotonic() - self._left_presentation_at >= ESC_GRACE_SECONDS and self.may_close_lecture():
                    self.close_lecture()
            return True
        if self.player is not None and key == Qt.Key.Key_P:
            toggle_presenter(self)       # the presenter view: notes, next slide, timer
            return True
        if self.player is not None and key == Qt.Key.Key_Home:
            self.go_to_slide(0)
            return True
        if self.player is not None and key == Qt.Key.Key_End:
            self.go_to_slide(self.player.slide_count - 1)
            return True
        return False

    def unsaved_lecture(self):
        """The authoring panel when it holds lecture edits not saved to a file, else None."""
        lecture = lecture_of(self.window)
        return lecture.author if lecture is not None and lecture.author.dirty else None

    def may_close_lecture(self) -> bool:
        """Ask Save/Discard/Cancel when the lecture being written has unsaved edits; True when
        it is fine to go on (closing the lecture or the window)."""
        author = self.unsaved_lecture()
        if author is None:
            return True
        answer = QMessageBox.question(
            self.window, author.lecture.title,
            tr("Save changes to “{name}” before closing it?").format(name=author.lecture.title) + "\n\n"
            + tr("Your changes will be lost if you don't save them."),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return bool(author.save())
        if answer == QMessageBox.StandardButton.Discard:
            author.dirty = False
            return True
        return False

