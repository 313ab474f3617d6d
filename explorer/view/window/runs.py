"""Running the graph from the window: Forward, Backward, Zero grad, Train step, Auto-run, the
external-gradient field, and how a run's result is shown and reported."""
from __future__ import annotations

import logging
import time
import traceback

import numpy as np

from explorer.model import commands
from explorer.model.numbers import format_array, format_number
from explorer.model.runner import RunnerError, training_command
from explorer.view import theme
from explorer.view.i18n import tr, tr_message
from explorer.view.panels.literals import LiteralError, literal_text, parse_array
from explorer.view.unfinished import is_unfinished
from explorer.view.window.constants import OPTIMIZERS
from explorer.view.window.view_mode import shows_whole

log = logging.getLogger(__name__)


class RunController:
    """Forward / backward / zero grad / train step and their reports; owns the trainer.

    Uses the window's runner, document, undo stack, program panel (no run while a program
    runs), the run toolbar's widgets (gradient field, optimizer, lr), messages and status bar;
    sets ``window.last_result`` and emits ``window.results_changed``; draws through the scene,
    the backward view and ``views.resplit``."""

    def __init__(self, window) -> None:
        self.window = window
        self.reported: set[tuple[str, str]] = set()   # run errors already in the messages dock
        self.last_backward_error: str | None = None
        self.trainer = None                            # keeps optimizer state across Train steps
        self.trainer_key: tuple | None = None
        self.run_after_program = False                 # a run waits for a program to end

    def set_auto_run(self, on: bool) -> None:
        self.window.settings.setValue("run/auto_run", bool(on))
        if on:
            self.window._run_timer.start()

    def auto_run(self) -> None:
        if self.window.document.root is not None:
            if self.window.document.root_gradient is None:
                # A non-scalar root with no gradient yet (a graph being built): forward only, no
                # red "grad can be implicitly created only for scalar outputs" on every edit;
                # pressing Backward takes the ones the gradient field shows.
                if self.window.runner.stale:   # a forward after a backward would run Q = ... again
                    self.run_forward(quiet=True)
                shape = self.root_shape()
                if shape is not None and int(np.prod(shape)) != 1:
                    self.window.statusBar().showMessage(tr("the root is not a scalar: Backward (F5) uses the gradient "
                                                           "field, ones of its shape unless you edit it"), 8000)
                    return
            self.run_backward(quiet=True)
        else:
            self.run_forward(quiet=True)

    def wait_for_program(self) -> bool:
        """The engine's grad mode is one per process: the graph is not run while a program
        runs in its worker thread (the run happens when the program ends)."""
        if self.window.program_panel.is_running():
            self.run_after_program = True
            return True
        return False

    def run_forward(self, quiet: bool = False) -> None:
        if self.wait_for_program():
            return
        started = time.perf_counter()
        try:
            result = self.window.runner.run_forward()
        except Exception as exc:  # the runner should not raise; never let it take the app down
            self.internal_error(tr("forward"), exc)
            return
        self.show_result(result)
        self.report_run("forward", result, started, quiet)

    def run_backward(self, quiet: bool = False) -> None:
        if self.wait_for_program():
            return
        started = time.perf_counter()
        if not quiet:  # a press of Backward confirms the field; auto-run never edits the document
            self.use_default_gradient()
        try:
            # A quiet run is an automatic one (Auto-run, after a train step): it brings the results
            # up to date and never adds a backward pass (grads accumulate) nobody asked for.
            result = self.window.runner.run_backward(again=not quiet)
        except Exception as exc:
            self.internal_error(tr("backward"), exc)
            return
        self.show_result(result)
        self.report_run("backward", result, started, quiet)

    def use_default_gradient(self) -> None:
        """Backward from a non-scalar root with the gradient field still showing its ones:
        record those ones as the root's gradient (one undo step, printed as
        ``Q.backward(gradient=...)``), as if the user had confirmed the field."""

        doc = self.window.document
        if doc.root is None or doc.root_gradient is not None:
            return
        if self.root_shape() is None:
            try:
                self.show_result(self.window.runner.run_forward())
            except Exception:
                return
        shape = self.root_shape()
        if shape is None or int(np.prod(shape)) == 1:
            return
        ones = np.ones(shape)
        if self.window.gradient_edit.text().strip() in ("", literal_text(ones)):
            dtype = np.float64 if doc.nodes[doc.root].dtype == "float64" else np.float32
            self.window.push(commands.SetRootCommand(doc.root, ones.astype(dtype)))

    def zero_grad(self) -> None:
        result = self.window.runner.zero_grad()
        self.show_result(result)
        self.window.messages.info(tr("zero_grad(): every .grad is None again"))

    def train_step(self) -> None:
        if self.wait_for_program():
            return

        choice = self.window.optimizer_combo.currentData() or "sgd"
        optimizer, momentum = OPTIMIZERS.get(choice, ("sgd", 0.0))
        lr = float(self.window.lr_spin.value())
        try:
            # One trainer across presses, so Adam's moments and SGD's momentum carry over as in a
            # PyTorch loop; it starts afresh by itself when the document changed in between
            # (an edit, an undo), and here when the optimizer or lr changed.
            key = (optimizer, momentum, lr)
            if self.trainer is None or self.trainer_key != key or self.trainer.runner is not self.window.runner:
                self.trainer = self.window.runner.trainer(optimizer, lr=lr, momentum=momentum)
                self.trainer_key = key
            history, values = self.trainer.step(1)
        except RunnerError as exc:
            self.window.messages.warning(tr("Train step: {error}").format(error=tr_message(exc)))
            self.window.statusBar().showMessage(tr("Train step: {error}").format(error=tr_message(exc)), 6000)
            return
        except Exception as exc:
            self.internal_error(tr("train step"), exc)
            return
        label = tr("Train step ({optimizer}, lr={lr})").format(
            optimizer=self.window.optimizer_combo.currentText(), lr=f"{lr:g}")
        if values and self.window.undo_stack.push_command(training_command(self.window.document, values, label)):
            self.run_backward(quiet=True)
            after = self.window.last_result.results.get(self.window.document.root) if self.window.last_result else None
            loss_after = (f" → {format_number(np.asarray(after.value).reshape(-1)[0])}"
                          if after is not None and after.value is not None and np.size(after.value) == 1 else "")
            # The trainer zeroes the grads before each backward, as an optimizer loop does.
            self.window.messages.info(tr("{label}: optimizer.zero_grad(), loss.backward(), optimizer.step(); "
                                         "loss {loss}; updated {names}").format(
                label=label, loss=format_number(history[0]) + loss_after,
                names=', '.join(self.window.document.nodes[n].name for n in values)))

    def report_run(self, what: str, result, started: float, quiet: bool) -> None:
        """Tell the user how a run went: its errors and warnings in Messages (a quiet run, e.g.
        auto-run, repeats none already reported), a failed backward in red, else the time it took
        and the leaves' .grad in the status bar."""
        ms = (time.perf_counter() - started) * 1000
        self._report_node_errors(result, quiet)
        if not quiet:
            self._report_warnings(result)
        backward_error = getattr(result, "backward_error", None)
        if what == "backward" and backward_error:
            self._report_backward_error(backward_error, quiet)
            return
        self.last_backward_error = None
        summary = tr("{what} in {ms} ms").format(what=tr(what), ms=f"{ms:.1f}")
        if what == "backward" and getattr(result, "backward_ran", False):
            summary += self._leaf_grads_text(result)
        self.window.statusBar().showMessage(summary, 8000)
        if not quiet:
            self.window.messages.info(summary)

    def _node_name(self, nid: str) -> str:
        nodes = self.window.document.nodes
        return nodes[nid].name if nid in nodes else nid

    def _report_node_errors(self, result, quiet: bool) -> None:
        # An input not wired yet is an unfinished graph, shown on its card as a dashed hint:
        # only real failures go to Messages in red.
        errors = {n: m for n, m in (getattr(result, "errors", {}) or {}).items() if not is_unfinished(m)}
        for nid, msg in errors.items():
            if not quiet or (self._node_name(nid), msg) not in self.reported:
                self.window.messages.error(f"{self._node_name(nid)}: {tr_message(msg)}")
        self.reported = {(self._node_name(n), m) for n, m in errors.items()}

    def _report_warnings(self, result) -> None:
        for nid, msg in (getattr(result, "warnings", {}) or {}).items():
            self.window.messages.warning(f"{self._node_name(nid)}: {tr_message(msg)}")

    def _report_backward_error(self, backward_error: str, quiet: bool) -> None:
        if not quiet or backward_error != self.last_backward_error:
            self.window.messages.error(tr("backward: {error}").format(error=tr_message(backward_error)))
        self.last_backward_error = backward_error
        self.window.statusBar().showMessage(
            tr("backward failed: {error}").format(error=tr_message(backward_error)), 8000)

    def _leaf_grads_text(self, result) -> str:
        """The text " — a.grad = …, b.grad = …" of the first four leaves that got a .grad."""
        nodes = self.window.document.nodes
        leaves = [(nodes[n].name, r.grad) for n, r in result.results.items()
                  if n in nodes and nodes[n].kind == "leaf" and r.grad is not None]
        if not leaves:
            return ""
        return " — " + ", ".join(f"{name}.grad = {format_array(g)}" for name, g in leaves[:4])

    def show_result(self, result) -> None:
        self.window.last_result = result
        try:
            self.window.scene.show_results(result)
        except Exception as exc:
            self.internal_error(tr("showing results on the canvas"), exc)
        if self.window.backward_view.isVisible() or self.window.view_mode != "forward":
            try:
                dag_whole = shows_whole(self.window.backward_view, self.window.backward_view.bscene.content)
                self.window.backward_view.show_results(result)
                self.window.backward_view.select_ids(list(self.window._selection))
                self.window.views.resplit(dag_whole)
            except Exception as exc:
                self.internal_error(tr("drawing the backward graph"), exc)
        self.window.edits.refresh_inspector()
        self.update_gradient_field()
        self.window.results_changed.emit(result)

    def internal_error(self, what: str, exc: BaseException) -> None:
        log.error("%s failed:\n%s", what, traceback.format_exc())
        self.window.messages.error(tr("{what} failed: {kind}: {error}").format(
            what=what, kind=type(exc).__name__, error=exc))

    def root_shape(self) -> tuple[int, ...] | None:
        doc = self.window.document
        if doc.root is None or doc.root not in doc.nodes:
            return None
        node = doc.nodes[doc.root]
        if node.kind != "op":
            return None if node.value is None else tuple(np.shape(node.value))
        res = self.window.last_result.results.get(doc.root) if self.window.last_result is not None else None
        if res is not None and res.value is not None:
            return tuple(np.shape(res.value))
        return None

    def update_gradient_field(self) -> None:
        shape = self.root_shape()
        gradient = self.window.document.root_gradient
        non_scalar = (shape is not None and int(np.prod(shape)) != 1) or gradient is not None
        for act in self.window._gradient_actions:
            act.setVisible(non_scalar)
        if not self.window.gradient_edit.hasFocus():
            # A non-scalar root starts with ones of its shape, as the tutorial writes
            # external_grad = torch.tensor([1., 1.]); Backward uses it unless it is edited.
            default = literal_text(np.ones(shape)) if non_scalar and gradient is None and shape is not None else ""
            self.window.gradient_edit.setText(literal_text(gradient) if gradient is not None else default)
        if non_scalar and gradient is None:
            self.window.gradient_edit.setToolTip(
                tr("The root has shape {shape}: backward needs a gradient of that shape, e.g. {example}").format(
                    shape=list(shape), example=literal_text(np.ones(shape))))
        else:
            self.window.gradient_edit.setToolTip(
                tr("External gradient for a non-scalar root: Q.backward(gradient=…)"))

    def gradient_edited(self) -> None:

        if not self.window.ready:
            return

        doc = self.window.document
        text = self.window.gradient_edit.text().strip()
        if doc.root is None:
            return
        if not text:
            if doc.root_gradient is not None:
                self.window.push(commands.SetRootCommand(doc.root, None))
            return
        try:
            dtype = "float64" if doc.nodes[doc.root].dtype == "float64" else "float32"
            gradient = parse_array(text, dtype)
        except LiteralError as exc:
            self.window.messages.warning(tr("gradient: {error}").format(error=tr_message(str(exc))))
            self.window.gradient_edit.setStyleSheet(f"border: 1px solid {theme.ERROR_COLOR};")
            return
        self.window.gradient_edit.setStyleSheet("")
        shape = self.root_shape()
        if shape is not None and gradient.shape != shape:
            self.window.messages.warning(tr("gradient: shape {shape} does not match the root's shape {root_shape} "
                                            "(backward will report it)").format(shape=list(gradient.shape),
                                                                                root_shape=list(shape)))
        old = doc.root_gradient
        if old is not None and old.shape == gradient.shape and np.array_equal(old, gradient):
            return
        self.window.push(commands.SetRootCommand(doc.root, gradient))
