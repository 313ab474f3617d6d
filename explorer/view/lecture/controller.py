"""Lecture mode and step-through in the main window.

The :class:`LectureController` owns a :class:`~explorer.model.lecture.LecturePlayer` (when a
lecture is open) or a plain :class:`~explorer.model.stepping.StepController` on the window's
graph (step-through without a lecture). After every move it shows the run result *as it was at
the current step* on the canvas, emphasises the step's nodes and edges, frames the nodes a
slide asks for, puts a spotlight on the current node in presentation mode and updates the
narration and chain-rule panels.

Every slide is framed when it is reached, whichever way (see ``framing``), in the canvas the
slide asks for (forward graph, the autograd DAG, or both). The keys (clickers, presentation
conventions) are in :mod:`explorer.view.lecture.keys`.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.model.lecture import Lecture, LectureError, LecturePlayer, load_lecture
from explorer.model.stepping import StepController
from explorer.view.i18n import tr, tr_message
from explorer.view.lecture import presentation, presenter
from explorer.view.lecture.annotations import AnnotationLayer
from explorer.view.lecture.display import LectureDisplayMixin
from explorer.view.lecture.keys import LectureKeys
from explorer.view.lecture.spotlight import SpotlightItem

log = logging.getLogger("explorer.lecture")


class LectureController(LectureDisplayMixin, LectureKeys, QObject):
    """Drives lecture playback and step-through on a ``MainWindow``-like object."""

    changed = Signal()           # after every slide/step move
    lecture_opened = Signal(str)
    lecture_closed = Signal()

    def __init__(self, window, lecture_panel=None, chain_panel=None, step_toolbar=None) -> None:
        super().__init__(window)
        self.window = window
        self.lecture_panel = lecture_panel
        self.chain_panel = chain_panel
        self.step_toolbar = step_toolbar
        self.player: LecturePlayer | None = None
        self.lecture_path: str | None = None
        self.stepper = None            # free step-through (no lecture)
        self.ops_only = False          # free step-through visits op nodes only (toolbar toggle)
        self._stepper_result = None
        self.presenting = False
        self.spotlight: SpotlightItem | None = None
        self._saved_auto_run: bool | None = None
        self._presentation_state: dict[str, Any] = {}
        self._updating = False
        self._framed: tuple | None = None   # (slide, document version) last framed
        self._focus: list[str] = []
        self._refit_pending = False
        self._left_presentation_at = float("-inf")
        self._blank = None                  # the B / W blank screen while shown
        self._typed = ""                    # digits typed for "number + Enter"
        self._arrival: tuple = (None, None)   # (slide key, step position on arrival)
        self._rerun_pending = False          # a live edit's re-run is queued
        self._shown_version: int | None = None   # the lecture document version last shown

        self.annotation_layer = AnnotationLayer()   # the current slide's arrows, boxes, text
        self.presenter = None                       # the presenter view, while open
        self.play_timer = QTimer(self)
        self.play_timer.timeout.connect(self._play_tick)
        self.set_speed(1.0)
        if step_toolbar is not None:
            step_toolbar.act_start.triggered.connect(self.step_start)
            step_toolbar.act_back.triggered.connect(self.step_back)
            step_toolbar.act_forward.triggered.connect(self.step_forward)
            step_toolbar.act_end.triggered.connect(self.step_end)
            step_toolbar.act_play.triggered.connect(lambda _c=False: self.toggle_play())
            step_toolbar.speed_changed.connect(self.set_speed)
            step_toolbar.act_ops_only.toggled.connect(self.set_ops_only)
        if lecture_panel is not None:
            lecture_panel.next_requested.connect(self.next)
            lecture_panel.prev_requested.connect(self.prev)
            lecture_panel.slide_requested.connect(self.go_to_slide)
        window.document.subscribe(self._on_document_event)
        QApplication.instance().installEventFilter(self)
        self._refresh_panels()

    # ================================================================== lectures
    def open_lecture(self, path: str | Path) -> bool:
        try:
            lecture = load_lecture(path)
        except LectureError as exc:
            self._error(tr_message(str(exc)))
            return False
        ok = self.play(lecture, str(path))
        if ok:
            self.lecture_opened.emit(str(path))
        return ok

    def play(self, lecture: Lecture, path: str | None = None, start: int = 0) -> bool:
        """Play ``lecture`` in the window from slide ``start`` (0-based)."""
        self.stop_play()
        self.stepper = None
        if self.player is None:
            checked = self._auto_run_action()
            if checked is not None:
                # The lecture decides when forward/backward run; auto-run would repaint the full
                # result over a half-finished step.
                self._saved_auto_run = checked.isChecked()
                checked.blockSignals(True)
                checked.setChecked(False)
                checked.blockSignals(False)
        self.player = LecturePlayer(lecture, document=self.window.document, runner=self.window.runner)
        self.lecture_path = path
        if self.lecture_panel is not None:
            self.lecture_panel.set_slides([s.title for s in lecture.slides])
        try:
            self._updating = True
            self.player.go_to_slide(max(0, min(start, len(lecture.slides) - 1)))
        except LectureError as exc:
            self._updating = False
            self._after_move(error=tr_message(str(exc)))
            return True
        self._updating = False
        self._after_move()
        self._show_lecture_dock()
        return True

    def close_lecture(self) -> None:
        if self.presenting:
            self.leave_presentation()
        self.stop_play()
        self.player = None
        self.lecture_path = None
        self.annotation_layer.clear()
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
        action = self._auto_run_action()
        if action is not None and self._saved_auto_run is not None:
            action.setChecked(self._saved_auto_run)
        self._saved_auto_run = None
        self._clear_step_display()
        self._refresh_panels()
        self.lecture_closed.emit()

    @property
    def active(self) -> bool:
        return self.player is not None

    def next(self) -> bool:
        if self.player is None:
            return self.step_forward()
        return self._move(self.player.next)

    def prev(self) -> bool:
        if self.player is None:
            return self.step_back()
        return self._move(self.player.prev)

    def go_to_slide(self, index: int) -> bool:
        if self.player is None:
            return False
        return self._move(lambda: self.player.go_to_slide(index) or True)

    def _move(self, fn) -> bool:
        self._updating = True
        try:
            moved = fn()
        except LectureError as exc:
            self._updating = False
            self._after_move(error=tr_message(str(exc)))
            return False
        self._updating = False
        self._after_move()
        return bool(moved)

    # ================================================================== free step-through
    def _active_stepper(self):
        if self.player is not None:
            return self.player.stepper
        return self.stepper

    @property
    def active_stepper(self):
        """The step controller being shown (the lecture's or the free step-through's), or None."""
        return self._active_stepper()

    def _ensure_stepper(self) -> bool:
        if self.player is not None:
            if self.player.stepper is None:
                self._move(lambda: self.player._run("backward", "step") or self.player._refresh_steps())
            return self.player.stepper is not None
        if self.stepper is None:
            runner = self.window.runner
            try:
                self.stepper = StepController(runner, ops_only=self.ops_only)
            except Exception as exc:  # the runner reports problems in its results; never crash
                self._error(tr("step-through: {error}").format(error=tr_message(str(exc))))
                return False
            self._stepper_result = runner.last_result
            self.stepper.to_start()
        return True

    def step_forward(self) -> bool:
        if not self._ensure_stepper():
            return False
        moved = self._active_stepper().step_forward()
        self._after_move()
        return moved

    def step_back(self) -> bool:
        if not self._ensure_stepper():
            return False
        moved = self._active_stepper().step_back()
        self._after_move()
        return moved

    def step_start(self) -> None:
        if self._ensure_stepper():
            self._active_stepper().to_start()
            self._after_move()

    def step_end(self) -> None:
        if self._ensure_stepper():
            self._active_stepper().to_end()
            self._after_move()

    def set_ops_only(self, on: bool) -> None:
        """Free step-through visits op nodes only (or every node again). A running step-through
        is rebuilt and stays on the same step when that step still exists (a backward step, or a
        forward op), else it goes back to the start."""
        self.ops_only = bool(on)
        old = self.stepper
        if old is None or old.ops_only == self.ops_only:
            return
        current = old.current
        self.stepper = StepController(old.runner, ops_only=self.ops_only)
        if current is not None:
            same = [i for i, s in enumerate(self.stepper.steps)
                    if s.phase == current.phase and s.node_id == current.node_id
                    and (s.phase == "forward" or s.index == current.index)]
            self.stepper.set_position(same[0] if same else -1)
        self._after_move()

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = max(0.1, float(steps_per_second))
        self.play_timer.setInterval(int(1000 / self.speed))

    def toggle_play(self) -> None:
        if self.play_timer.isActive():
            self.stop_play()
        else:
            if not self._ensure_stepper():
                return
            if self._active_stepper().at_end:
                self._active_stepper().to_start()
                self._after_move()
            self.play_timer.start()
            if self.step_toolbar is not None:
                self.step_toolbar.set_playing(True)

    def stop_play(self) -> None:
        self.play_timer.stop()
        if self.step_toolbar is not None:
            self.step_toolbar.set_playing(False)

    def _play_tick(self) -> None:
        stepper = self._active_stepper()
        if stepper is None or not stepper.step_forward():
            self.stop_play()
            return
        self._after_move()
        if stepper.at_end:
            self.stop_play()

    def _on_document_event(self, event) -> None:
        if self._updating:
            return
        if self.player is not None and not (event.kind == "node_changed" and set(event.fields) <= {"pos"}):
            # The lecturer edits the graph live (e.g. flips a requires_grad switch): run it again
            # as far as the slide had, once the burst of events is over.
            if not self._rerun_pending:
                self._rerun_pending = True
                QTimer.singleShot(0, self._rerun_after_edit)
            return
        # An edit by the user invalidates the recorded steps of a free step-through.
        if self.stepper is not None and not (event.kind == "node_changed" and set(event.fields) <= {"pos"}):
            self.stepper = None
            self.stop_play()
            self._clear_step_display()
            self._refresh_panels()

    def _rerun_after_edit(self) -> None:
        self._rerun_pending = False
        player = self.player
        if player is None:
            return
        self._updating = True
        try:
            if player.ran is not None:
                player._run(player.ran, "edit")
            player._refresh_steps()
        except Exception as exc:  # never let a live edit take the lecture down
            self._updating = False
            self._after_move(error=tr_message(str(exc)))
            return
        self._updating = False
        self._after_move()

    # ================================================================== display
    def _after_move(self, error: str | None = None) -> None:
        if self.player is not None:
            if self.player.document_version != self._shown_version:
                self._shown_version = self.player.document_version
                # the lecture replaced or edited the graph outside the undo history
                undo = self.window.undo_stack
                if undo is not None and undo.count():
                    undo.clear()
                try:
                    self.window.scripts.refresh_script()  # the code panel shows the slide's graph as code
                except Exception:
                    log.exception("refreshing the script failed")
        try:
            self._display()
        except Exception:  # painting must never take the lecture down
            log.exception("lecture display failed")
        self._refresh_panels(error)
        if self.presenting:
            presentation.size_docks(self.window)   # chain-rule strip as tall as this step's lines
        self.changed.emit()

    def _error(self, message: str) -> None:
        self.window.messages.error(message)
        if self.lecture_panel is not None:
            self.lecture_panel.error.setText(message)
            self.lecture_panel.error.show()

    def _auto_run_action(self):
        return self.window.actions.get("auto_run")

    def _show_lecture_dock(self) -> None:
        docks = self.window.docks
        for key in ("lecture", "chain_rule"):
            dock = docks.get(key)
            if dock is not None:
                dock.show()
                dock.raise_()

    # ================================================================== presentation mode
    def enter_presentation(self) -> None:
        """Fullscreen, large fonts, high-contrast theme, docks hidden except the narration,
        and a spotlight on the current node."""
        if self.presenting:
            return
        self._presentation_state = presentation.enter(self.window, self)
        self.presenting = True
        self.apply_slide_view()
        self._after_move()
        presenter.on_presentation(self)    # two screens: notes, next slide and timer on the other
        for delay in (0, 150):  # the fullscreen resize may arrive a moment later
            QTimer.singleShot(delay, lambda: self.presenting and (presentation.size_docks(self.window), self.refit()))

    def leave_presentation(self) -> None:
        if not self.presenting:
            return
        self.presenting = False
        if self.blanked:
            self._blank.close()
        self._blank = None
        presentation.leave(self.window, self, self._presentation_state)
        self._presentation_state = {}
        self._after_move()
        QTimer.singleShot(0, self.refit)

    def refit(self) -> None:
        """Frame what the slide asks for (or the whole graph) after the window changed size."""
        self.frame_slide()

    def _refit_after_resize(self) -> None:
        self._refit_pending = False
        if self.presenting:
            self.refit()

    def toggle_presentation(self) -> None:
        if self.presenting:
            self.leave_presentation()
        else:
            self.enter_presentation()

    def confirm_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)
