"""Stepping a program into its backward statements.

While a program is stepped (F10 / F11 / Shift+F11 in the Code or Output dock), F11 when the
next statement calls ``.backward()``, ``torch.autograd.backward`` or ``torch.autograd.grad``
does not run it whole: the canvas shows the graph that call is about to walk (frozen just
before the engine starts, root and external gradient set) and the window's backward
step-through takes over — each further F11 is one engine step, with the chain rule in numbers
in the Chain rule dock. At the last engine step, or on Shift+F11 / F10 / "Run to end", the
program's cursor moves on past the backward statement, as a debugger steps out of a call.

The :class:`ProgramBackward` controller is given the window and the Output dock's panel; it
sees every move first through ``ProgramPanel.move_hook``.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from explorer.model.layout import layered_layout
from explorer.model.program.backward_view import backward_at, freeze_before_backward
from explorer.model.program.freeze import FreezeError
from explorer.view.i18n import tr, tr_message
from explorer.view.lecture.extension import lecture_of
from explorer.view.panels.program_panel import StepGraphCommand
from explorer.view.panels.program_runs import window_budget
from explorer.view.program_versions import VersionPills


class ProgramBackward(QObject):
    """F11 into a program's backward statement; Shift+F11 / F10 out of it."""

    def __init__(self, window, panel) -> None:
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.step: int | None = None     # the backward statement being stepped through
        self.view = None                 # its backward_view.BackwardView
        panel.move_hook = self.handle
        panel.started.connect(self.leave)
        # in-place versions on the canvas for the statement shown (after the window's own
        # step slot, connected before this one, froze the graph)
        self.pills = VersionPills(window)
        panel.step_changed.connect(lambda _step: self._show_versions())
        panel.started.connect(self.pills.clear)
        panel.edit_requested.connect(lambda: QTimer.singleShot(0, self._show_versions))
        window.code_editor.editor.textChanged.connect(
            lambda: QTimer.singleShot(0, self._show_versions))

    @property
    def active(self) -> bool:
        return self.step is not None

    # ------------------------------------------------------------------ moves
    def handle(self, how: str) -> bool:
        """The panel's move ``how``; True when handled here (the panel does nothing more)."""
        cursor = self.panel.cursor
        if cursor is None:
            self.leave()
            return False
        if self.active:
            stepper = self._stepper()
            if how == "into" and stepper is not None and not stepper.at_end:
                self._controller().step_forward()
                self._say()
                self._follow()
                return True
            step = self.step
            self.leave()
            if how == "end":
                return False          # the panel runs to the end of the program
            self.panel.go(step)       # past the backward statement: the call ran whole
            return True
        if how != "into":
            return False
        nxt = 0 if cursor.step is None else cursor.step + 1
        if nxt > cursor.last or not self._is_backward(nxt):
            return False
        result = self.panel.result
        if nxt == cursor.last and result.error and result.error_line == cursor.statements[nxt][0]:
            return False  # this backward raised (as in PyTorch): stepping shows the error
        return self.enter(nxt)

    def _is_backward(self, step: int) -> bool:
        result = self.panel.result
        return backward_at(result.trace if result is not None else None, step) is not None

    def enter(self, step: int) -> bool:
        """Show the graph statement ``step``'s backward walks and its first engine step."""
        window = self.window
        controller = self._controller()
        if controller is None:
            return False
        try:
            view = freeze_before_backward(self.panel.source, step, window_budget(),
                                          base_dir=self.panel.folder())
        except FreezeError as exc:
            # the statement still runs whole, as F10 would; the learner is told why
            window.messages.info(tr("Step into backward: {error}").format(
                error=tr_message(str(exc))))
            return False
        doc = view.frozen.document
        for nid, pos in layered_layout(doc).items():
            doc.nodes[nid].pos = pos
        if not window.push(StepGraphCommand(doc, "Show the program's graph")):
            return False
        # the leaves' .grad as the program holds it, the call's other roots, autograd.grad's
        # returned gradients: the step-through shows this call, not a fresh backward
        window.runner.start_program_backward(view.grads_before, view.passes,
                                             tuple(view.extra_roots), view.returns)
        self.step, self.view = step, view
        window._program_frozen = view.frozen   # clicking a line / a node links them as before
        self.pills.show(view.frozen)
        self.panel.show_names(view.frozen.namespace)
        controller.stop_play()
        controller.step_start()
        stepper = controller.stepper
        if stepper is None or not stepper.backward:
            self.leave()
            return False
        stepper.set_position(stepper.range_of("backward")[0])
        controller.step_forward()              # the first engine step: the root's gradient
        window.code_editor.set_step_lines(view.line)
        docks = getattr(window, "docks", {})
        dock, output = docks.get("chain_rule"), docks.get("output")
        if dock is not None:
            dock.show()
            if output is not None and dock in window.tabifiedDockWidgets(output):
                # side by side: the chain rule in numbers beside the stepping controls and
                # the program's names (as tabs, one would hide the other); Qt splits a tab
                # group only from outside it
                window.removeDockWidget(dock)
                window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock,
                                     Qt.Orientation.Horizontal)
                dock.show()
                output.raise_()
            dock.raise_()
        self._say()
        # readable: the whole graph when its text stays legible, else the part around the root
        # (fit_all drew a wider program graph as grey bars)
        QTimer.singleShot(0, window.view.fit_readable)
        return True

    def _show_versions(self) -> None:
        cursor = self.panel.cursor
        frozen = getattr(self.window, "_program_frozen", None) if cursor else None
        self.pills.show(frozen)
        if cursor is not None:   # the names at this statement (kept when it cannot be frozen)
            self.panel.show_names(frozen.namespace if frozen is not None else {})
        result = self.panel.result
        if cursor is None or result is None or not result.error or cursor.step != cursor.last:
            return
        if result.error_kind == "error" and result.error_line == cursor.line():
            # the run ended in this statement (a backward through a tensor changed in place):
            # PyTorch's text, and the line stays underlined
            self.panel.where.setText(self.panel.where.text() + " — " + tr(
                "this statement raised: {error}").format(error=result.error))
            self.window.code_editor.show_line_error(result.error, result.error_line)

    def leave(self) -> None:
        self.step = None
        self.view = None

    # ------------------------------------------------------------------ helpers
    def _controller(self):
        lecture = lecture_of(self.window)
        return lecture.controller if lecture is not None else None

    def _stepper(self):
        controller = self._controller()
        return None if controller is None else controller.stepper

    def _follow(self) -> None:
        """Keep the node of the current engine step in view: at a readable zoom a wide graph
        does not fit, and AccumulateGrad happens at the leaves, far left of the root."""
        stepper = self._stepper()
        current = stepper.current if stepper is not None else None
        item = self.window.scene.node_items.get(getattr(current, "node_id", None) or "")
        if item is not None:
            self.window.view.ensureVisible(item.sceneBoundingRect(), 40, 40)

    def _say(self) -> None:
        stepper = self._stepper()
        view = self.view
        if stepper is None or view is None:
            return
        first = stepper.range_of("backward")[0]
        k, n = stepper.position - first, len(stepper.backward)
        text = tr("line {line}: inside {call} of {name} — engine step {k} of {n} "
                  "(F11 next step, Shift+F11 out)").format(
            line=view.line, call=view.via + "()" if view.via == "backward" else view.via,
            name=", ".join(view.root_names) or view.root_name, k=k, n=n)
        if view.note:
            text += " — " + tr_message(view.note)
        if view.returns:
            text += " — " + tr("torch.autograd.grad returns these gradients; .grad is left as it was")
        elif view.grads_before:
            text += " — " + tr(".grad already holds a value: this backward adds onto it "
                               "(old + new)")
        self.panel.where.setText(text)
