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

from PySide6.QtCore import QObject, QRectF, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.model.lecture import Lecture, LectureError, LecturePlayer, load_lecture
from explorer.view.i18n import tr, tr_message
from explorer.view.lecture.keys import LectureKeys
from explorer.view.lecture.spotlight import SpotlightItem, highlight_step

log = logging.getLogger("explorer.lecture")

class LectureController(LectureKeys, QObject):
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
        from explorer.view.lecture.annotations import AnnotationLayer

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
            from explorer.model.stepping import StepController

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
        from explorer.model.stepping import StepController

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
            if not getattr(self, "_rerun_pending", False):
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
            if self.player.document_version != getattr(self, "_shown_version", None):
                self._shown_version = self.player.document_version
                # the lecture replaced or edited the graph outside the undo history
                undo = getattr(self.window, "undo_stack", None)
                if undo is not None and undo.count():
                    undo.clear()
                refresh = getattr(self.window, "refresh_script", None)
                if refresh is not None:
                    try:
                        refresh()  # the code panel shows the slide's graph as code
                    except Exception:
                        log.exception("refreshing the script failed")
        try:
            self._display()
        except Exception:  # painting must never take the lecture down
            log.exception("lecture display failed")
        self._refresh_panels(error)
        if self.presenting:
            from explorer.view.lecture import presentation

            presentation.size_docks(self.window)   # chain-rule strip as tall as this step's lines
        self.changed.emit()

    def _display(self) -> None:
        window = self.window
        stepper = self._active_stepper()
        if self.player is not None:
            result = self.player.display_result()
        elif stepper is not None:
            full = window.runner.last_result
            result = stepper.partial_result(full)
        else:
            return
        show = getattr(window, "_show_result", None)
        if show is not None:
            show(result)
        else:
            window.scene.show_results(result)
            window.backward_view.show_results(result)
        scene = window.scene
        nodes: tuple = ()
        edges: tuple = ()
        current = None
        if stepper is not None:
            state = stepper.state()
            current = state.step
            if current is not None:
                nodes, edges = tuple(state.active_nodes), tuple(state.active_edges)
        # Past the last step (free step-through too) nothing stays dimmed: the whole result shows.
        stepping = stepper is not None and ((self.player is None and not stepper.at_end)
                                            or (self.player is not None and self.player.step_range() is not None)
                                            or (current is not None and not stepper.at_end))
        if hasattr(scene, "set_show_edge_grads"):
            scene.set_show_edge_grads(bool(stepping and current is not None and current.phase == "backward"))
        highlight = list(self.player.highlight) if self.player is not None else []
        if stepping and current is not None:
            highlight_step(scene, nodes, edges)
        else:
            highlight_step(scene, highlight, ())
        focus = [current.node_id] if (stepping and current is not None) else highlight
        self._focus = list(focus)
        self._update_spotlight(focus)
        slide = self.player.slide if self.player is not None else None
        self.annotation_layer.show(scene, list(slide.annotations) if slide is not None else [])
        if self.player is not None:
            key = (self.player.slide_index, self.player.document_version)
            # Every slide is framed whichever way it was reached (PageUp from a big graph used
            # to leave the next slide zoomed out); while presenting also every step, so the
            # camera follows the step's node when the graph is wider than the screen.
            if key != self._framed or self.presenting:
                if key != self._framed:
                    self.apply_slide_view()
                self._framed = key
                QTimer.singleShot(0, self.frame_slide)

    def _clear_step_display(self) -> None:
        scene = self.window.scene
        try:
            highlight_step(scene, (), ())
            if hasattr(scene, "set_show_edge_grads"):
                scene.set_show_edge_grads(False)
        except RuntimeError:
            pass
        self._update_spotlight([])
        result = self.window.runner.last_result if self.window.runner is not None else None
        show = getattr(self.window, "_show_result", None)
        if show is not None and result is not None:
            show(result)

    def focus_ids(self) -> list[str]:
        """What the slide is about: the step's node, else the highlighted nodes, else the nodes
        the slide frames, else the backward root."""
        focus = [n for n in getattr(self, "_focus", []) if n]
        if not focus and self.player is not None and self.player.zoom:
            focus = list(self.player.zoom)
        if not focus:
            root = getattr(self.window.document, "root", None)
            focus = [root] if root else []
        return focus

    def apply_slide_view(self) -> None:
        """Show the canvas the slide asks for (forward graph, the autograd DAG, or both); while
        presenting a slide that says nothing shows the forward graph."""
        window = self.window
        slide = self.player.slide if self.player is not None else None
        mode = getattr(slide, "view", None) or ("forward" if self.presenting else None)
        if mode and hasattr(window, "set_view_mode") and getattr(window, "view_mode", mode) != mode:
            window.set_view_mode(mode, save=False)

    def frame_slide(self) -> None:
        """Frame the current slide (see :mod:`explorer.view.lecture.framing`)."""
        from explorer.view.lecture import framing

        dag = getattr(self.window, "backward_view", None)
        if dag is not None and dag.isVisible():
            if self.presenting and self.window.view.isVisible():
                self._split_for_dag(dag)
            self._frame_dag(dag)
        view = self.window.view
        items = getattr(self.window.scene, "node_items", {})
        if not items:
            return
        target = list(self.player.zoom or []) if self.player is not None else []
        framing.frame(view, items, target, self.focus_ids(), self.presenting)
        self._keep_spotlight_in_view()
        marks = self.annotation_layer.rect()
        if marks is not None and self.presenting:
            view.ensureVisible(marks, 20, 20)    # the slide's arrows and boxes point at something

    def _split_for_dag(self, dag) -> None:
        """Side by side while presenting: the DAG gets the width it needs at a readable size
        (between 35 % and 55 % of the canvas area); the window's own split favours the forward
        canvas and left the DAG of the intro's slide 10 cut off on both sides."""
        from explorer.view.lecture import framing

        splitter = getattr(self.window, "splitter", None)
        content = getattr(getattr(dag, "bscene", None), "content", None)
        if splitter is None or content is None or content.isNull():
            return
        total = sum(splitter.sizes())
        readable = framing.MIN_VALUE_PX / framing.text_px("body")
        wanted = int(content.width() * readable + 2 * framing.MARGIN_PX + 40)
        dag_width = max(total * 35 // 100, min(wanted, total * 55 // 100))
        if abs(splitter.sizes()[-1] - dag_width) > 4:
            splitter.setSizes([total - dag_width, dag_width])
            # as a drag of the handle does: the window then keeps this split (it re-splits by
            # its own rule after every run otherwise)
            splitter.splitterMoved.emit(total - dag_width, 1)
            # the window re-fits a DAG shown whole when its pane changes size: frame it after that
            QTimer.singleShot(0, lambda: self.presenting and dag.isVisible() and self._frame_dag(dag))

    def _frame_dag(self, dag) -> None:
        """The autograd DAG whole, or (presenting, when that is too small to read) at a readable
        size around the focus node's grad_fn."""
        from explorer.view.lecture import framing

        dag.fit_all()
        if not self.presenting:
            return
        scale = dag.transform().m11()
        low = framing.MIN_VALUE_PX / framing.text_px("body")
        if scale >= low:
            return
        dag.scale(low / scale, low / scale)
        items = getattr(dag.bscene, "items_by_key", {})
        focus = set(self.focus_ids())
        rects = [it.sceneBoundingRect() for it in items.values() if getattr(it, "doc_id", None) in focus]
        if rects:
            rect = rects[0]
            for r in rects[1:]:
                rect = rect.united(r)
            content = getattr(dag.bscene, "content", None)
            if content is not None and not content.isNull():
                # the focus on screen, and as much of the rest of the DAG as fits (not centred
                # on the focus: that cut off the leaves at the bottom of slide 10)
                vp = dag.viewport().rect()
                scale = dag.transform().m11()
                dag.centerOn(framing._centre_showing(rect, content, vp.width() / scale, vp.height() / scale))
            else:
                dag.centerOn(rect.center())
        if hasattr(dag, "sync_lod"):
            dag.sync_lod()

    def zoom_to(self, node_ids: list[str]) -> None:
        from explorer.view.lecture import framing

        framing.frame(self.window.view, getattr(self.window.scene, "node_items", {}), list(node_ids),
                      list(node_ids), self.presenting)

    def _update_spotlight(self, node_ids: list[str]) -> None:
        scene = self.window.scene
        if self.spotlight is not None:
            try:
                if self.spotlight.scene() is scene:
                    scene.removeItem(self.spotlight)
            except RuntimeError:  # the scene was rebuilt and deleted the item
                pass
            self.spotlight = None
        if not self.presenting or not node_ids:
            return
        items = getattr(scene, "node_items", {})
        rects = [items[n].sceneBoundingRect() for n in node_ids if n in items]
        if not rects:
            return
        self.spotlight = SpotlightItem(rects)
        scene.addItem(self.spotlight)
        self._keep_spotlight_in_view()

    def _keep_spotlight_in_view(self) -> None:
        if self.spotlight is None:
            return
        rect = QRectF(self.spotlight.holes[0])
        for r in self.spotlight.holes[1:]:
            rect = rect.united(r)
        self.window.view.ensureVisible(rect, 30, 30)  # the class must see the spotlit node

    def _refresh_panels(self, error: str | None = None) -> None:
        stepper = self._active_stepper()
        n_fwd = len(stepper.forward) if stepper is not None else 0
        n_bwd = len(stepper.backward) if stepper is not None else 0
        current = stepper.current if stepper is not None else None
        shown = stepper
        if self.player is not None and stepper is not None:
            rng = self.player.step_range()
            key = (self.player.slide_index, self.player.document_version)
            if key != self._arrival[0]:
                self._arrival = (key, stepper.position)   # where the slide left the steps
            untouched = rng is None and stepper.position == self._arrival[1]
            if untouched or (rng is not None and stepper.position <= rng[0]):
                # a slide that does not step (or has not taken its first step) shows no step:
                # "Forward step 9 of 9" on a slide about gradients was left over from the run
                shown = None
        if self.chain_panel is not None:
            if shown is None:
                self.chain_panel.show_step(None, 0, 0)
            else:
                self.chain_panel.show_step(current, n_fwd, n_bwd)
        step_text = ""
        if shown is not None:
            from explorer.view.chain_rule import step_heading

            step_text = step_heading(current, n_fwd, n_bwd, self.tr)
        if self.step_toolbar is not None:
            self.step_toolbar.position.setText(f"  {step_text}" if shown is not None else "")
            at_start = stepper is None or stepper.at_start
            at_end = stepper is not None and stepper.at_end
            self.step_toolbar.act_back.setEnabled(not at_start)
            self.step_toolbar.act_start.setEnabled(not at_start)
            self.step_toolbar.act_end.setEnabled(not at_end)
            self.step_toolbar.act_forward.setEnabled(not at_end)
            # a lecture decides for its slides (step_ops_only): the toggle shows that, disabled
            ops = self.step_toolbar.act_ops_only
            lecture_ops = self.player.lecture.ops_only(self.player.slide_index) if self.player is not None else None
            ops.blockSignals(True)
            ops.setChecked(self.ops_only if lecture_ops is None else lecture_ops)
            ops.blockSignals(False)
            ops.setEnabled(lecture_ops is None)
        if self.lecture_panel is not None:
            player = self.player
            if player is None or player.slide is None:
                self.lecture_panel.show_nothing()
            else:
                text = step_text
                err = error or (player.run_error and self.tr("backward: %1").replace("%1", player.run_error))
                if hasattr(self.lecture_panel, "set_gradient_text"):
                    self.lecture_panel.set_gradient_text(self._gradient_text())
                self.lecture_panel.show_slide(player.lecture.title, player.slide.title, player.slide.narration,
                                              player.slide_index, player.slide_count, text, err or None)
                self.lecture_panel.prev_button.setEnabled(not player.at_start)
                self.lecture_panel.next_button.setEnabled(not player.at_end)

    def _gradient_text(self) -> str:
        """``Q.backward(gradient=tensor([1., 0.]))`` when the root has an external gradient."""
        doc = self.window.document
        gradient = getattr(doc, "root_gradient", None)
        root = doc.nodes.get(doc.root) if getattr(doc, "root", None) else None
        if gradient is None or root is None:
            return ""
        from explorer.model.numbers import format_array

        return f"{root.name}.backward(gradient=tensor({format_array(gradient)}))"

    def _error(self, message: str) -> None:
        messages = getattr(self.window, "messages", None)
        if messages is not None:
            messages.error(message)
        if self.lecture_panel is not None:
            self.lecture_panel.error.setText(message)
            self.lecture_panel.error.show()

    def _auto_run_action(self):
        actions = getattr(self.window, "actions", None)
        return actions.get("auto_run") if isinstance(actions, dict) else None

    def _show_lecture_dock(self) -> None:
        docks = getattr(self.window, "docks", {})
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
        from explorer.view.lecture import presentation

        self._presentation_state = presentation.enter(self.window, self)
        self.presenting = True
        self.apply_slide_view()
        self._after_move()
        from explorer.view.lecture import presenter

        presenter.on_presentation(self)    # two screens: notes, next slide and timer on the other
        for delay in (0, 150):  # the fullscreen resize may arrive a moment later
            QTimer.singleShot(delay, lambda: self.presenting and (presentation.size_docks(self.window), self.refit()))

    def leave_presentation(self) -> None:
        if not self.presenting:
            return
        from explorer.view.lecture import presentation

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
