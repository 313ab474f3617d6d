"""What lecture mode shows after every move: the run result as it was at the current step,
the step's nodes and edges emphasised, the spotlight, the slide's canvas (forward graph, the
autograd DAG or both) framed on what it is about, and the narration, chain-rule and step-toolbar
texts. :class:`LectureDisplayMixin` is part of :class:`~controller.LectureController` (``self``
is the controller); see that module for the moves themselves.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QTimer

from explorer.model.numbers import format_array
from explorer.view.chain_rule import step_heading
from explorer.view.lecture import framing
from explorer.view.lecture.spotlight import SpotlightItem, highlight_step


class LectureDisplayMixin:
    """The display half of the lecture controller."""

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
        window.runs.show_result(result)
        self._show_step_emphasis(stepper)
        slide = self.player.slide if self.player is not None else None
        self.annotation_layer.show(window.scene, list(slide.annotations) if slide is not None else [])
        if self.player is not None:
            self._frame_new_slide()

    def _show_step_emphasis(self, stepper) -> None:
        """The step's nodes and edges emphasised (the rest dimmed), its gradients on the wires,
        the spotlight on the step's node (else the slide's highlight)."""
        scene = self.window.scene
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
        scene.set_show_edge_grads(bool(stepping and current is not None and current.phase == "backward"))
        highlight = list(self.player.highlight) if self.player is not None else []
        if stepping and current is not None:
            highlight_step(scene, nodes, edges)
        else:
            highlight_step(scene, highlight, ())
        focus = [current.node_id] if (stepping and current is not None) else highlight
        self._focus = list(focus)
        self._update_spotlight(focus)

    def _frame_new_slide(self) -> None:
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
            scene.set_show_edge_grads(False)
        except RuntimeError:
            pass
        self._update_spotlight([])
        result = self.window.runner.last_result if self.window.runner is not None else None
        if result is not None:
            self.window.runs.show_result(result)

    def focus_ids(self) -> list[str]:
        """What the slide is about: the step's node, else the highlighted nodes, else the nodes
        the slide frames, else the backward root."""
        focus = [n for n in self._focus if n]
        if not focus and self.player is not None and self.player.zoom:
            focus = list(self.player.zoom)
        if not focus:
            root = self.window.document.root
            focus = [root] if root else []
        return focus

    def apply_slide_view(self) -> None:
        """Show the canvas the slide asks for (forward graph, the autograd DAG, or both); while
        presenting a slide that says nothing shows the forward graph."""
        window = self.window
        slide = self.player.slide if self.player is not None else None
        mode = (slide.view if slide is not None else None) or ("forward" if self.presenting else None)
        if mode and window.view_mode != mode:
            window.set_view_mode(mode, save=False)

    def frame_slide(self) -> None:
        """Frame the current slide (see :mod:`explorer.view.lecture.framing`)."""
        dag = self.window.backward_view
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
        splitter = self.window.splitter
        content = dag.bscene.content
        if content.isNull():
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
        dag.fit_all()
        if not self.presenting:
            return
        scale = dag.transform().m11()
        low = framing.MIN_VALUE_PX / framing.text_px("body")
        if scale >= low:
            return
        dag.scale(low / scale, low / scale)
        items = dag.bscene.items_by_key
        focus = set(self.focus_ids())
        rects = [it.sceneBoundingRect() for it in items.values() if it.doc_id in focus]
        if rects:
            rect = rects[0]
            for r in rects[1:]:
                rect = rect.united(r)
            content = dag.bscene.content
            if not content.isNull():
                # the focus on screen, and as much of the rest of the DAG as fits (not centred
                # on the focus: that cut off the leaves at the bottom of slide 10)
                vp = dag.viewport().rect()
                scale = dag.transform().m11()
                dag.centerOn(framing._centre_showing(rect, content, vp.width() / scale, vp.height() / scale))
            else:
                dag.centerOn(rect.center())
        dag.sync_lod()

    def zoom_to(self, node_ids: list[str]) -> None:
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
            step_text = step_heading(current, n_fwd, n_bwd, self.tr)
        if self.step_toolbar is not None:
            self._refresh_toolbar(stepper, step_text if shown is not None else None)
        if self.lecture_panel is not None:
            self._refresh_narration(step_text, error)

    def _refresh_toolbar(self, stepper, step_text: str | None) -> None:
        """The step position ("Backward step 2 of 6"), the arrows' states, the ops-only toggle."""
        self.step_toolbar.position.setText(f"  {step_text}" if step_text is not None else "")
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

    def _refresh_narration(self, step_text: str, error: str | None) -> None:
        """The narration dock: the slide's title, text and step, or nothing without a slide."""
        player = self.player
        if player is None or player.slide is None:
            self.lecture_panel.show_nothing()
            return
        # the controller's translation context (self.tr here would be read as this mixin's by lupdate)
        backward = QCoreApplication.translate("LectureController", "backward: %1")
        err = error or (player.run_error and backward.replace("%1", player.run_error))
        self.lecture_panel.set_gradient_text(self._gradient_text())
        self.lecture_panel.show_slide(player.lecture.title, player.slide.title, player.slide.narration,
                                      player.slide_index, player.slide_count, step_text, err or None)
        self.lecture_panel.prev_button.setEnabled(not player.at_start)
        self.lecture_panel.next_button.setEnabled(not player.at_end)

    def _gradient_text(self) -> str:
        """``Q.backward(gradient=tensor([1., 0.]))`` when the root has an external gradient."""
        doc = self.window.document
        gradient = doc.root_gradient
        root = doc.nodes.get(doc.root) if doc.root else None
        if gradient is None or root is None:
            return ""
        return f"{root.name}.backward(gradient=tensor({format_array(gradient)}))"
