"""A program's backward statement as a graph to step through (no Qt).

While a learner steps through a program, F11 on a line that calls ``.backward()``,
``torch.autograd.backward(...)`` or ``torch.autograd.grad(...)`` opens that call into the
window's backward step-through (the engine's steps on the canvas, the chain rule in numbers).
The step-through works on a document, so :func:`freeze_before_backward` runs the program again
and stops *inside* that statement, just before the engine starts, and freezes the graph alive
then — including a root made in the same statement (``(a * b).sum().backward()``) — with the
document's root and external gradient set to the call's own.

:func:`backward_at` says which recorded statements are backward statements (from the trace).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import numpy as np

import engine

from explorer.model.messages import Message
from .budget import Budget, ProgramStop
from .freeze import (Frozen, FreezeError, freeze_tensors, module_parameters, parameter_names,
                     short_names)
from .run import run_program

#: trace events that mean "this statement ran a backward pass"
BACKWARD_EVENTS = ("backward", "autograd_grad")

_TENSOR_BACKWARD = inspect.signature(engine.Tensor.backward)
_AUTOGRAD_BACKWARD = inspect.signature(engine.autograd.backward)
_AUTOGRAD_GRAD = inspect.signature(engine.autograd.grad)


@dataclass
class BackwardView:
    """The graph a backward statement walks: ``frozen.document`` has its root set."""
    frozen: Frozen
    root: str            # the root's node id in the document
    root_name: str       # the root's name on the canvas
    via: str             # "backward", "torch.autograd.backward" or "torch.autograd.grad"
    line: int
    note: str = ""       # what the document's step-through shows differently, if anything


def backward_at(trace: Any, step: int) -> dict | None:
    """The ``backward``/``autograd_grad`` event recorded in statement ``step``, if any."""
    if trace is None:
        return None
    for e in trace.events:
        if e["stmt"] == step and e["kind"] in BACKWARD_EVENTS:
            return e
        if e["stmt"] > step:
            break
    return None


class _Reached(ProgramStop):
    kind = "paused"


def _call_parts(via: str, args: tuple, kwargs: dict) -> tuple[list, Any, Any]:
    """(root tensors, their external gradients, the ``inputs`` asked for) of one call."""
    if via == "backward":
        a = _TENSOR_BACKWARD.bind(*args, **kwargs).arguments
        roots, grads, inputs = a["self"], a.get("gradient"), a.get("inputs")
    elif via == "torch.autograd.backward":
        a = _AUTOGRAD_BACKWARD.bind(*args, **kwargs).arguments
        roots, grads, inputs = a["tensors"], a.get("grad_tensors"), a.get("inputs")
    else:
        a = _AUTOGRAD_GRAD.bind(*args, **kwargs).arguments
        roots, grads, inputs = a["outputs"], a.get("grad_outputs"), a.get("inputs")
    roots = list(roots) if isinstance(roots, (list, tuple)) else [roots]
    if isinstance(grads, (list, tuple)):
        grads = grads[0] if grads else None
    return roots, grads, inputs


def freeze_before_backward(source: str, step: int, budget: Budget | None = None) -> BackwardView:
    """Run ``source`` up to the backward call of statement ``step`` and freeze the graph it is
    about to walk. Raises :class:`FreezeError` (one line) when that cannot be shown."""
    reached: dict = {}

    def stop_here(run: Any, via: str, args: tuple, kwargs: dict) -> None:
        if len(run.trace.statements) - 1 != step:
            return
        try:
            reached["parts"] = _call_parts(via, tuple(args), dict(kwargs))
        except TypeError as exc:  # the call itself is wrong: the run's own error says so
            raise FreezeError(str(exc)) from None
        reached["via"] = via
        reached["line"] = run.line
        raise _Reached("backward reached", run.line)

    b = budget or Budget()
    limited = Budget(**{**b.__dict__, "statements": step + 1})
    result = run_program(source, budget=limited, trace=True, at_backward=stop_here)
    if "parts" not in reached:   # the statement budget stopped it after that statement
        stopped = result.error_kind in (None, "budget")
        raise FreezeError(Message("statement {value} runs no backward", value=step + 1) if stopped else result.error)
    roots, gradient, _inputs = reached["parts"]
    root = roots[0]
    if not isinstance(root, engine.Tensor):
        raise FreezeError(Message("backward's root is not a tensor"))
    tensors = dict(result.tensors())
    aliases = parameter_names(result.names)
    for value in result.names.values():
        if isinstance(value, engine.nn.Module):
            for _pname, p in module_parameters(value):
                tensors.setdefault(aliases[id(p)], p)
    root_name = next((n for n, t in tensors.items() if t is root), None)
    if root_name is None:  # made in the backward statement itself, or a function's local
        root_name = _free_name(tensors, "out")
        tensors[root_name] = root
    trace = result.trace
    tids = trace.namespace_at(step) if trace.statements else {}
    events = {e["tid"]: e for e in trace.events if e["kind"] == "tensor"}
    frozen = freeze_tensors(tensors, tids=tids, events=events, lenient=True, aliases=aliases)
    frozen.namespace = short_names(result.names)
    if root_name in frozen.skipped:
        raise FreezeError(frozen.skipped[root_name])
    doc = frozen.document
    node = next((n for n in doc.nodes.values() if n.name == root_name), None)
    if node is None:  # another name of the same tensor named its node
        raise FreezeError(Message("the backward's root is not in the graph"))
    grad = None
    if gradient is not None:
        g = gradient.detach().numpy() if isinstance(gradient, engine.Tensor) else gradient
        grad = np.array(g, dtype=np.float64 if np.asarray(g).dtype == np.float64 else np.float32)
    doc.root, doc.root_gradient = node.id, grad
    notes = []
    if len(roots) > 1:
        notes.append(Message("only the first of {roots} roots is shown", roots=len(roots)))
    if reached["via"] == "torch.autograd.grad":
        notes.append(Message("torch.autograd.grad returns these gradients instead of adding them "
                             "into .grad"))
    # Messages (the view translates them), joined as one
    note = Message("{first}; {second}", first=notes[0], second=notes[1]) if len(notes) == 2 else \
        (notes[0] if notes else "")
    return BackwardView(frozen, node.id, root_name, reached["via"], reached["line"], note)


def _free_name(taken: dict, base: str) -> str:
    if base not in taken:
        return base
    i = 1
    while f"{base}{i}" in taken:
        i += 1
    return f"{base}{i}"
