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
from dataclasses import dataclass, field
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
    #: each leaf's ``.grad`` just before the call (node id -> array; leaves holding None are
    #: left out): a backward adds onto it, as a second ``backward()`` without zero_grad does
    grads_before: dict = field(default_factory=dict)
    #: backward passes summed in ``.grad`` once this one has run (2 for the second call)
    passes: int = 1
    #: the call's other roots, each ``(node id, its gradient or None)``: one engine pass walks
    #: them all (``torch.autograd.backward([y1, y2], [g1, g2])``)
    extra_roots: list = field(default_factory=list)
    root_names: list = field(default_factory=list)   # every root's name, the first one first

    @property
    def returns(self) -> bool:
        """``torch.autograd.grad``: the gradients are returned, ``.grad`` is left as it was."""
        return self.via == "torch.autograd.grad"


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


def _call_parts(via: str, args: tuple, kwargs: dict) -> tuple[list, list, Any]:
    """(root tensors, their external gradients — one per root, None where implicit — and the
    ``inputs`` asked for) of one call."""
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
    if not isinstance(grads, (list, tuple)):
        grads = [grads] + [None] * (len(roots) - 1)
    grads = list(grads) + [None] * (len(roots) - len(grads))
    return roots, grads, inputs


def freeze_before_backward(source: str, step: int, budget: Budget | None = None,
                           base_dir: str | None = None) -> BackwardView:
    """Run ``source`` up to the backward call of statement ``step`` and freeze the graph it is
    about to walk. Raises :class:`FreezeError` (one line) when that cannot be shown.
    ``base_dir``: the program's folder (``.npz`` files are read there)."""
    result, reached = _run_to_backward(source, step, budget, base_dir)
    roots, gradients, _inputs = reached["parts"]
    if not roots or not all(isinstance(r, engine.Tensor) for r in roots):
        raise FreezeError(Message("backward's root is not a tensor"))
    tensors, aliases = _program_tensors(result)
    root_names = [_root_name(tensors, root) for root in roots]
    trace = result.trace
    tids = trace.namespace_at(step) if trace.statements else {}
    events = {e["tid"]: e for e in trace.events if e["kind"] == "tensor"}
    frozen = freeze_tensors(tensors, tids=tids, events=events, lenient=True, aliases=aliases)
    frozen.namespace = short_names(result.names)
    doc = frozen.document
    by_name = {n.name: nid for nid, n in doc.nodes.items()}
    root_ids = [_root_id(frozen, by_name, name) for name in root_names]
    grads = [_as_gradient(g) for g in gradients]
    doc.root, doc.root_gradient = root_ids[0], grads[0]
    via = reached["via"]
    # what the view says about the call (accumulating, returning) it reads from these fields
    passes = 1 if via == "torch.autograd.grad" else reached["passes"] + 1
    return BackwardView(frozen, root_ids[0], root_names[0], via, reached["line"],
                        "", grads_before=_grads_before(doc, by_name, tensors), passes=passes,
                        extra_roots=list(zip(root_ids[1:], grads[1:])), root_names=root_names)


def _run_to_backward(source: str, step: int, budget: Budget | None,
                     base_dir: str | None) -> tuple[Any, dict]:
    """Run the program until statement ``step`` calls a backward; (the run's result, what the
    call was: ``parts``, ``via``, ``line``, ``passes``)."""
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
        reached["passes"] = _passes_so_far(run.trace)
        raise _Reached("backward reached", run.line)

    b = budget or Budget()
    limited = Budget(**{**b.__dict__, "statements": step + 1})
    result = run_program(source, budget=limited, trace=True, at_backward=stop_here,
                         base_dir=base_dir)
    if "parts" not in reached:   # the statement budget stopped it after that statement
        stopped = result.error_kind in (None, "budget")
        raise FreezeError(Message("statement {value} runs no backward", value=step + 1) if stopped else result.error)
    return result, reached


def _program_tensors(result: Any) -> tuple[dict, dict]:
    """The program's named tensors, with every model's parameters under their dotted names;
    and those names by ``id`` of the parameter."""
    tensors = dict(result.tensors())
    aliases = parameter_names(result.names)
    for value in result.names.values():
        if isinstance(value, engine.nn.Module):
            for _pname, p in module_parameters(value):
                tensors.setdefault(aliases[id(p)], p)
    return tensors, aliases


def _root_name(tensors: dict, root: Any) -> str:
    """The root's name; one made in the backward statement itself (or a function's local)
    is added to ``tensors`` as ``out``."""
    name = next((n for n, t in tensors.items() if t is root), None)
    if name is None:
        name = _free_name(tensors, "out")
        tensors[name] = root
    return name


def _root_id(frozen: Frozen, by_name: dict, name: str) -> str:
    if name in frozen.skipped:
        raise FreezeError(frozen.skipped[name])
    if name not in by_name:  # another name of the same tensor named its node
        raise FreezeError(Message("the backward's root is not in the graph"))
    return by_name[name]


def _grads_before(doc: Any, by_name: dict, tensors: dict) -> dict:
    """``.grad`` as the program holds it now, on the leaves the document shows."""
    out = {}
    for name, nid in by_name.items():
        t = tensors.get(name)
        if doc.nodes[nid].kind == "leaf" and isinstance(t, engine.Tensor) and t.is_leaf \
                and t.requires_grad and t.grad is not None:
            out[nid] = np.array(t.grad.detach().numpy(), copy=True)
    return out


def _as_gradient(g: Any) -> np.ndarray | None:
    if g is None:
        return None
    g = g.detach().numpy() if isinstance(g, engine.Tensor) else g
    return np.array(g, dtype=np.float64 if np.asarray(g).dtype == np.float64 else np.float32)


def _passes_so_far(trace: Any) -> int:
    """Backward passes recorded since the last ``zero_grad()`` or ``.grad = ...`` (what
    ``.grad`` sums up, for the "accumulated ×N" line)."""
    n = 0
    for e in trace.events:
        if e["kind"] == "backward":
            n += 1
        elif e["kind"] in ("zero_grad", "grad_set"):
            n = 0
    return n


def _free_name(taken: dict, base: str) -> str:
    if base not in taken:
        return base
    i = 1
    while f"{base}{i}" in taken:
        i += 1
    return f"{base}{i}"
