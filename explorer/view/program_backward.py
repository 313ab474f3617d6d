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

from PySide6.QtCore import QObject, QTimer

from explorer.view.i18n import tr, tr_message


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
        return self.enter(nxt)

    def _is_backward(self, step: int) -> bool:
        from explorer.model.program.backward_view import backward_at

        result = self.panel.result
        return backward_at(result.trace if result is not None else None, step) is not None

    def enter(self, step: int) -> bool:
        """Show the graph statement ``step``'s backward walks and its first engine step."""
        from explorer.model.layout import layered_layout
        from explorer.model.program.backward_view import freeze_before_backward
        from explorer.model.program.freeze import FreezeError
        from explorer.view.panels.program_panel import StepGraphCommand, window_budget

        window = self.window
        controller = self._controller()
        if controller is None:
            return False
        try:
            view = freeze_before_backward(self.panel.source, step, window_budget())
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
        self.step, self.view = step, view
        window._program_frozen = view.frozen   # clicking a line / a node links them as before
        controller.stop_play()
        controller.step_start()
        stepper = controller.stepper
        if stepper is None or not stepper.backward:
            self.leave()
            return False
        stepper.set_position(stepper.range_of("backward")[0])
        controller.step_forward()              # the first engine step: the root's gradient
        window.code_editor.set_step_lines(view.line)
        dock = getattr(window, "docks", {}).get("chain_rule")
        if dock is not None:
            dock.show()
            dock.raise_()
        self._say()
        QTimer.singleShot(0, window.view.fit_all)
        return True

    def leave(self) -> None:
        self.step = None
        self.view = None

    # ------------------------------------------------------------------ helpers
    def _controller(self):
        return getattr(self.window, "lecture_controller", None)

    def _stepper(self):
        controller = self._controller()
        return None if controller is None else controller.stepper

    def _say(self) -> None:
        stepper = self._stepper()
        view = self.view
        if stepper is None or view is None:
            return
        first = stepper.range_of("backward")[0]
        k, n = stepper.position - first, len(stepper.backward)
        text = tr("line {line}: inside {call} of {root} — engine step {k} of {n} "
                  "(F11 next step, Shift+F11 out)").format(
            line=view.line, call=view.via + "()" if view.via == "backward" else view.via,
            root=view.root_name, k=k, n=n)
        if view.note:
            text += " — " + tr_message(view.note)
        self.panel.where.setText(text)
