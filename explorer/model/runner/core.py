"""The :class:`Runner`: a document's results, kept a pure function of the document.

Every run reads its numbers from one fresh engine evaluation of the document
(:mod:`explorer.model.runner.execute`). The runner keeps the last evaluation only while the
document is unchanged: any edit — a command, an undo, ``replace_with`` (New, Open, Apply, a
lecture slide) — drops it, so nothing computed from an earlier document can be shown again.

Gradient accumulation is PyTorch's: pressing Backward again without an edit is a second
``Q = ...; Q.backward(...)`` on the same leaf tensors, so the leaves' ``.grad`` add up;
:meth:`Runner.zero_grad` resets them. An edit starts from a fresh run (grads from None, like
running the printed script in a new process), so results are a function of (document state,
Backward presses since the last edit or zero_grad) — with one exception, asked for by name
(``run_backward(carry_over=True)``, a lecture's accumulating backward): right after an edit it
keeps the ``.grad`` of every leaf the edit left as it was, as a notebook re-running
``loss = ...; loss.backward()`` after ``x = tensor(...)`` accumulates into ``w.grad``
(micro-batches).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

import numpy as np

import engine

from explorer.model.document import Document, Event
from explorer.model.messages import Message
from explorer.model.runner.execute import BackwardOutcome, Evaluation, backward, dtype_name, evaluate, read_grad
from explorer.model.runner.player import StepPlayer
from explorer.model.runner.results import BackwardStep, ForwardStep, NodeResult, RunResult
from explorer.model.runner.steps import backward_records, forward_records
from explorer.model.runner.training import Trainer

__all__ = ["Runner"]


class Runner:
    """Computes a document through the engine; results stay equal to a fresh ``Runner(doc)``'s.

    ``op_evaluations`` counts op forwards run (every evaluation runs every op once)."""

    def __init__(self, doc: Document, *, nonfinite: str = "warn", listen: bool = True) -> None:
        if nonfinite not in ("warn", "error"):
            raise ValueError(Message("nonfinite must be 'warn' or 'error'"))
        self.doc = doc
        self.nonfinite = nonfinite
        self.op_evaluations = 0
        self._eval: Evaluation | None = None          # the current document's evaluation
        self._outcome: BackwardOutcome | None = None  # the last backward run on it
        self._passes = 0                              # backward passes summed in the leaves' .grad
        self._counts: dict[str, int] = {}             # per leaf: passes that wrote its .grad
        self._before: dict[str, np.ndarray | None] = {}   # per leaf: .grad before the last pass
        self._last: RunResult | None = None
        self._steps: tuple[list[ForwardStep], list[BackwardStep]] | None = None
        # leaf tensors (and their pass counts) of the evaluation an edit replaced, for a
        # Backward pressed right after the edit (see the module docstring)
        self._carry: tuple[dict[str, Any], dict[str, int]] | None = None
        self._outcome_automatic = False               # the last backward was Auto-run's
        # a program's backward call (set by start_program_backward, dropped by any edit)
        self._extra_roots: tuple = ()
        self._returns = False
        self._listening = False
        if listen:
            doc.subscribe(self._on_event)
            self._listening = True

    # ------------------------------------------------------------------ document changes
    def close(self) -> None:
        """Stop listening to the document."""
        if self._listening:
            self.doc.unsubscribe(self._on_event)
            self._listening = False

    def invalidate(self, node_id: str | None = None, *, structure_only: bool = False) -> None:
        """Tell a runner that is not listening that the document changed (any change: the next
        run evaluates the whole document afresh; the arguments are kept for callers)."""
        if self._eval is not None and self._outcome is not None and self._outcome.ran:
            self._carry = (dict(self._eval.leaves), dict(self._counts))
        elif self._eval is not None:
            self._carry = None
        self._eval = None
        self._outcome = None
        self._passes = 0
        self._counts, self._before = {}, {}
        self._steps = None
        self._extra_roots, self._returns = (), False

    def _on_event(self, event: Event) -> None:
        if event.kind == "node_changed" and set(event.fields) <= {"pos"}:
            return  # moving a node changes nothing the engine sees
        if event.kind == "group_changed" and set(event.fields) <= {"collapsed", "pos"}:
            return  # nor does collapsing a module into a card (it re-ran a ResNet's forward)
        self.invalidate()

    @property
    def automatic_pass(self) -> bool:
        """Whether the last backward was Auto-run's (``again=False``): the next press shows it
        instead of adding a pass."""
        return self._outcome is not None and self._outcome_automatic

    @property
    def stale(self) -> bool:
        return self._eval is None or self._last is None

    # ------------------------------------------------------------------ evaluation
    def _evaluate(self, keep_leaves: bool) -> Evaluation:
        leaves = self._eval.leaves if keep_leaves and self._eval is not None else None
        ev = evaluate(self.doc, nonfinite=self.nonfinite, leaves=leaves)
        self.op_evaluations += ev.op_evaluations
        self._eval, self._outcome, self._steps = ev, None, None
        return ev

    def _current(self) -> Evaluation:
        """The evaluation results are read from; a new one (on the same leaf tensors) once a
        backward has used the last one, as a script runs ``Q = ...`` again before ``Q.backward()``."""
        if self._eval is None:
            return self._evaluate(False)
        if self._outcome is not None:
            return self._evaluate(True)
        return self._eval

    @property
    def results(self) -> dict[str, NodeResult]:
        """The latest results (runs forward first if the document changed)."""
        if self.stale:
            self.run_forward()
        return self._last.results

    @property
    def last_result(self) -> RunResult | None:
        return self._last

    def tensor(self, node_id: str) -> Any:
        """The engine tensor behind a node in the current evaluation (None if not computed)."""
        if self._eval is None:
            self.run_forward()
        return self._eval.tensors.get(node_id)

    def run_forward(self) -> RunResult:
        """Every node's value (the leaves keep any ``.grad`` accumulated since the last edit)."""
        if self._eval is not None and self._outcome is None and self._last is not None:
            return self._last
        ev = self._current()
        self._last = self._snapshot(ev, None)
        return self._last

    def run_backward(self, *, accumulate: bool = True, again: bool = True, carry_over: bool = False) -> RunResult:
        """Forward, then ``root.backward(gradient)`` from ``doc.root`` with ``doc.root_gradient``.

        Like PyTorch, a second backward without an edit adds into the leaves' ``.grad``
        (``accumulate=False`` zeroes first, as ``optimizer.zero_grad()`` does).
        ``again=False`` is Auto-run's: bring the results up to date with the document, and
        return the last backward's results if one already ran on it (no pass the user did not
        ask for). The first press after such an automatic pass shows that pass (the user asked
        for the backward Auto-run already ran); the presses after it add passes."""
        shown = self._backward_already_shown(accumulate, again)
        if shown is not None:
            return shown
        if not accumulate:
            self.zero_grad()
        ev = self._evaluation_for_backward(carry_over and accumulate)
        before = {nid: read_grad(t) for nid, t in ev.leaves.items()}
        outcome = self._backward_pass(ev)
        self._outcome = outcome
        self._outcome_automatic = not again
        if outcome.ran:
            self._record_pass(ev, outcome, before)
        self._steps = None
        self._last = self._snapshot(ev, outcome)
        return self._last

    def _backward_already_shown(self, accumulate: bool, again: bool) -> RunResult | None:
        """The last backward's results when this press must not add a pass: Auto-run's call
        (``again=False``) on a document that already ran backward, or the first press after
        such an automatic pass."""
        if self._eval is None or self._outcome is None or self._last is None:
            return None
        if not again:
            return self._last
        if self._outcome_automatic and accumulate:
            self._outcome_automatic = False
            return self._last
        return None

    def _evaluation_for_backward(self, carry_over: bool) -> Evaluation:
        """The evaluation backward runs on: the current one, or after an edit with ``carry_over``
        a fresh one whose unchanged leaves keep their accumulated ``.grad``."""
        carried = self._carried_leaves() if carry_over and self._eval is None else {}
        if not carried:
            return self._current()
        ev = evaluate(self.doc, nonfinite=self.nonfinite, leaves=carried)
        self.op_evaluations += ev.op_evaluations
        self._eval, self._outcome, self._steps = ev, None, None
        self._passes = 1
        self._counts = {nid: n for nid, n in self._carry[1].items() if nid in carried}
        return ev

    def _backward_pass(self, ev: Evaluation) -> BackwardOutcome:
        """One backward; torch.autograd.grad's leaves ``.grad`` as it was (the gradients are
        returned, shown in the steps)."""
        if not self._returns:
            return backward(ev, self._extra_roots)
        kept = {nid: t.grad for nid, t in ev.leaves.items()}
        for t in ev.leaves.values():
            t.grad = None
        outcome = backward(ev, self._extra_roots)
        for nid, t in ev.leaves.items():
            t.grad = kept[nid]
        return outcome

    def _record_pass(self, ev: Evaluation, outcome: BackwardOutcome, before: dict[str, Any]) -> None:
        """Count a pass that ran: how often each leaf accumulated and what it held before.
        autograd.grad wrote no .grad: no pass to count; .grad as it was, shown all through."""
        if self._returns:
            self._before = {nid: read_grad(t) for nid, t in ev.leaves.items() if t.grad is not None}
            return
        self._passes += 1
        for nid in outcome.accumulated:
            self._counts[nid] = self._counts.get(nid, 0) + 1
            self._before[nid] = before.get(nid)

    def start_program_backward(self, grads_before: dict[str, np.ndarray], passes: int = 1,
                               extra_roots: tuple = (), returns: bool = False) -> None:
        """The next backward is a program's backward call, on the document as it is now: the
        leaves start with ``grads_before`` as their ``.grad`` (``passes - 1`` earlier passes
        summed in it), so the pass shows ``old + new = total``; ``extra_roots`` (node id,
        gradient) are walked in the same pass; ``returns``: ``torch.autograd.grad``, whose
        gradients are returned (the steps' leaf values) while ``.grad`` stays as it was.
        Any edit of the document drops all of it, as it drops every result."""
        ev = self._evaluate(False)
        for nid, grad in grads_before.items():
            t = ev.leaves.get(nid)
            if t is not None and t.requires_grad:
                t.grad = engine.tensor(np.array(grad, copy=True), dtype=t.dtype)
        self._passes = max(0, passes - 1)
        self._counts = {nid: self._passes for nid in grads_before}
        self._before = {}
        self._extra_roots, self._returns = tuple(extra_roots), bool(returns)
        self._last = self._snapshot(ev, None)

    @property
    def returns_gradients(self) -> bool:
        """The current backward is ``torch.autograd.grad``'s (see start_program_backward)."""
        return self._returns

    def _carried_leaves(self) -> dict[str, Any]:
        """The replaced evaluation's leaf tensors whose document node the edit left as it was
        (same value, dtype and requires_grad): still "the same tensor" in the script."""
        if self._carry is None:
            return {}
        kept = {}
        for nid, t in self._carry[0].items():
            node = self.doc.nodes.get(nid)
            if node is None or node.kind != "leaf" or node.value is None or t.grad is None:
                continue
            value = np.asarray(node.value)
            data = t.detach().numpy()
            if (bool(node.requires_grad) == t.requires_grad and data.dtype == value.dtype
                    and data.shape == value.shape and np.array_equal(data, value)):
                kept[nid] = t
        return kept

    def zero_grad(self) -> RunResult | None:
        """Set every .grad back to None (the toolbar's Zero grad; ``optimizer.zero_grad()``)."""
        self._carry = None
        self._outcome_automatic = False
        if self._eval is not None:
            for t in self._eval.tensors.values():
                if t.is_leaf or t.retains_grad:
                    t.grad = None
        self._passes = 0
        self._counts, self._before = {}, {}
        if self._eval is not None and self._last is not None:
            # what a fresh forward shows: values and flags, no .grad, no backward outcome
            self._last = self._snapshot(self._eval, None)
        return self._last

    def _snapshot(self, ev: Evaluation, outcome: BackwardOutcome | None) -> RunResult:
        root = self.doc.root
        ran = [step.node for step in outcome.raw] if outcome is not None and outcome.ran else None
        nodes, edges = ev.members(root, ran)
        flow = outcome.flow if outcome is not None and outcome.ran else {}
        results: dict[str, NodeResult] = {}
        for nid in ev.wiring.order:
            info = ev.info.get(nid)
            if info is None or not info.computed:
                results[nid] = NodeResult(error=info.error if info else None,
                                          blocked_by=info.blocked_by if info else None)
                continue
            rg, leaf, fn, nf, retains = ev.flags(nid)
            t = ev.tensors[nid]
            v = info.value
            results[nid] = NodeResult(
                value=v, grad=read_grad(t), requires_grad=rg, is_leaf=leaf, grad_fn=fn, next_functions=nf,
                computed=True, in_backward_graph=nid in nodes, warning=info.warning, retains_grad=retains,
                flow_grad=flow.get(nid), shape=v.shape, dtype=dtype_name(v),
                accumulated=self._counts.get(nid, 0) if leaf else 0,
                grad_before=self._before.get(nid) if leaf else None)
        result = RunResult(results=results, backward_edges=edges, backward_nodes=nodes, root=root,
                           recomputed=tuple(n for n in ev.wiring.order if self.doc.nodes[n].kind == "op"
                                            and n in ev.tensors),
                           passes=self._passes)
        if outcome is not None:
            result.backward_ran = outcome.ran
            result.backward_error = outcome.error
            result.edge_grads = dict(outcome.edge_grads) if outcome.ran else {}
        return result

    # ------------------------------------------------------------------ steps
    def forward_steps(self) -> list[ForwardStep]:
        """One record per node in topological order (the order forward computed them)."""
        return self._all_steps()[0]

    def backward_steps(self) -> list[BackwardStep]:
        """The engine's backward steps, in its order, mapped onto document nodes and edges.
        Empty when backward cannot run (see ``last_result.backward_error``)."""
        return self._all_steps()[1]

    def step_player(self) -> StepPlayer:
        fwd, bwd = self._all_steps()
        return StepPlayer(fwd, bwd, root=self.doc.root)

    def _all_steps(self) -> tuple[list[ForwardStep], list[BackwardStep]]:
        if self._steps is not None:
            return self._steps
        if self._eval is None or self._outcome is None:
            self.run_backward()   # the steps of the backward the document would run now
        ev, outcome = self._eval, self._outcome
        bwd = (backward_records(ev, outcome, self._before, self._passes, self._last.backward_edges,
                                returns=self._returns, extra_roots=self._extra_roots)
               if outcome.ran else [])
        self._steps = (forward_records(ev), bwd)
        return self._steps

    # ------------------------------------------------------------------ training
    def trainer(self, optimizer: str = "sgd", lr: float = 0.01, momentum: float = 0.0) -> Trainer:
        """A :class:`Trainer` that keeps its optimizer state between calls (a Train-step button
        pressed again and again)."""
        return Trainer(self, optimizer, lr, momentum)

    def train_iter(self, steps: int, optimizer: str = "sgd", lr: float = 0.01, momentum: float = 0.0
                   ) -> Iterator[tuple[int, float, dict[str, np.ndarray]]]:
        """Yield ``(step, loss, {leaf id: value after the step})`` for each optimizer step."""
        yield from Trainer(self, optimizer, lr, momentum).iter_steps(steps)

    def train(self, steps: int, optimizer: str = "sgd", lr: float = 0.01, momentum: float = 0.0,
              callback: Callable[[int, float], Any] | None = None) -> tuple[list[float], dict[str, np.ndarray]]:
        """Run ``steps`` optimizer steps from the document's current values; return
        (loss history, {leaf id: new value}). The document is not changed: apply the values
        with :func:`training_command` (one undoable step); frozen leaves stay bit-identical."""
        return Trainer(self, optimizer, lr, momentum).step(steps, callback=callback)
