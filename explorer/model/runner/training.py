"""Training a document: optimizer steps over the leaves that require grad (``engine.optim``).

Each step is what a PyTorch loop does: ``optimizer.zero_grad(); loss = f(params);
loss.backward(); optimizer.step()`` — the forward is the runner's one evaluation path
(:func:`explorer.model.runner.execute.evaluate`) with the optimizer's parameter tensors in place
of the trainable leaves. The document is not touched: :func:`training_command` applies the new
values as one undoable step.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Iterator

import numpy as np

import engine
from explorer.model import commands
from explorer.model.document import Document
from explorer.model.messages import Message
from explorer.model.runner.execute import as_array, engine_dtype, evaluate, root_gradient, root_problem
from explorer.model.runner.results import RunnerError

__all__ = ["Trainer", "training_command"]


class Trainer:
    """Optimizer steps over the leaves of a document that require grad.

    Works on copies of the leaf values: frozen leaves are not parameters, so they cannot move.
    The loss recorded for a step is the root's value *before* that step's update, as in a
    PyTorch loop. The optimizer state (momentum, Adam's moments) carries over between
    :meth:`step` calls as long as the document still holds the values this trainer produced;
    any other change (an edit, an undo, a toggled leaf) starts a fresh optimizer."""

    def __init__(self, runner: Any, optimizer: str = "sgd", lr: float = 0.01, momentum: float = 0.0) -> None:
        if optimizer not in ("sgd", "adam"):
            raise RunnerError(Message("unknown optimizer '{optimizer}': use 'sgd' or 'adam'",
                                      optimizer=optimizer))
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
            raise RunnerError(Message("the learning rate must be a positive number, not {lr}", lr=repr(lr)))
        self.runner = runner
        self.optimizer, self.lr, self.momentum = optimizer, float(lr), float(momentum)
        self._params: dict[str, Any] = {}
        self._opt: Any = None
        self._produced: dict[str, np.ndarray] = {}

    def _in_sync(self, ids: list[str]) -> bool:
        doc = self.runner.doc
        if self._opt is None or list(self._params) != ids:
            return False
        return all(np.array_equal(doc.nodes[i].value, self._produced.get(i)) and
                   np.asarray(doc.nodes[i].value).dtype == self._produced[i].dtype for i in ids)

    def _prepare(self) -> None:
        """Check the document can be trained; (re)create the parameters and the optimizer."""
        doc = self.runner.doc
        ev = evaluate(doc)
        problem = root_problem(ev)
        if problem is not None:
            raise RunnerError(problem)
        errors = {nid: i.error for nid, i in ev.info.items() if i.error}
        if errors:
            nid, msg = next(iter(errors.items()))
            raise RunnerError(Message("cannot train while '{name}' fails: {msg}", name=doc.nodes[nid].name,
                                      msg=msg))
        root = doc.root
        rt = ev.tensors.get(root)
        if rt is None or not rt.requires_grad:
            raise RunnerError(Message("nothing to train: '{name}' does not depend on any leaf that "
                                      "requires grad", name=doc.nodes[root].name))
        if ev.info[root].value.size != 1 and doc.root_gradient is None:
            raise RunnerError(Message("training needs a scalar loss at the root (or an external gradient)"))
        ids = [nid for nid in ev.wiring.order if doc.nodes[nid].kind == "leaf" and doc.nodes[nid].requires_grad]
        if not self._in_sync(ids):
            self._params = {nid: engine.tensor(np.array(ev.info[nid].value, copy=True),
                                               dtype=engine_dtype(doc.nodes[nid].dtype), requires_grad=True)
                            for nid in ids}
            plist = list(self._params.values())
            self._opt = (engine.optim.SGD(plist, lr=self.lr, momentum=self.momentum) if self.optimizer == "sgd"
                         else engine.optim.Adam(plist, lr=self.lr))

    def iter_steps(self, steps: int) -> Iterator[tuple[int, float, dict[str, np.ndarray]]]:
        """Yield ``(step, loss, {leaf id: value after the step})`` for each optimizer step."""
        if not isinstance(steps, int) or steps < 0:
            raise RunnerError(Message("the number of training steps must be a whole number ≥ 0"))
        doc = self.runner.doc
        self._prepare()
        for k in range(steps):
            ev = evaluate(doc, leaves=self._params)
            self.runner.op_evaluations += ev.op_evaluations
            failed = next((nid for nid, i in ev.info.items() if not i.computed), None)
            if failed is not None:
                name = doc.nodes[failed].name
                raise RunnerError(ev.info[failed].error or Message("'{name}' cannot be computed", name=name))
            loss_t = ev.tensors[doc.root]
            loss_value = as_array(loss_t)
            loss = (float(loss_value.reshape(-1)[0]) if doc.root_gradient is None
                    else float(np.sum(loss_value * np.asarray(doc.root_gradient))))
            self._opt.zero_grad()       # optimizer.zero_grad(): each step's grads start from None
            loss_t.backward(gradient=root_gradient(ev))
            self._opt.step()
            values = {nid: np.array(as_array(p), copy=True) for nid, p in self._params.items()}
            self._produced = values
            yield k, loss, values

    def step(self, steps: int = 1, callback: Callable[[int, float], Any] | None = None
             ) -> tuple[list[float], dict[str, np.ndarray]]:
        """Run ``steps`` optimizer steps; return (loss history, {leaf id: new value})."""
        history: list[float] = []
        values: dict[str, np.ndarray] = {}
        for k, loss, values in self.iter_steps(steps):
            history.append(loss)
            if callback is not None:
                callback(k, loss)
        return history, values


def training_command(doc: Document, new_values: dict[str, np.ndarray], text: str = Message("Train")):
    """One undoable command setting every trained leaf's value (a MacroCommand of
    SetValueCommands, in the leaves' own dtypes). Push it on the History / undo stack."""
    subs = [commands.SetValueCommand(nid, np.asarray(v, dtype=doc.nodes[nid].dtype))
            for nid, v in new_values.items()]
    return commands.MacroCommand(text, subs)
