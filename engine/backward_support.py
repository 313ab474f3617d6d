"""What the backward engines share (``backward_fast.backward_steps``, the readable
``backward_reference.backward`` and ``autograd.grad``): the step record, the roots' gradients
with torch's checks and texts, which nodes must run for ``inputs=``/``grad()``, hooks,
``retain_grad`` and AccumulateGrad's buffer rules.  ``engine.autograd`` re-exports them.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .graph import AccumulateGrad, Node
from .tensor import Tensor, _wrap

__all__ = ["BackwardStep"]


# ----------------------------------------------------------------------------- steps
@dataclass(slots=True)
class BackwardStep:
    """One node run by the backward engine (what step-through mode shows).

    ``name`` is the node's class name (``MulBackward0``, ``AccumulateGrad``); note that
    ``node.name()`` of an AccumulateGrad is torch's ``torch::autograd::AccumulateGrad``."""
    index: int
    node: Node
    name: str
    grad_inputs: list = field(default_factory=list)    # per output slot: contributions summed
    grad_output: list = field(default_factory=list)    # per output slot: the summed grad
    grads_to_next: list = field(default_factory=list)  # one per next_functions entry
    next_functions: tuple = ()
    leaf: Any = None
    leaf_grad: np.ndarray | None = None
    formulas: tuple = ()


def _as_list(x):
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


def _shape_str(shape) -> str:
    return "torch.Size([" + ", ".join(str(int(s)) for s in shape) + "])"


def _root_grads(roots, grad_tensors):
    grads = _as_list(grad_tensors)
    if not grads:
        grads = [None] * len(roots)
    if len(grads) != len(roots):
        raise RuntimeError(f"got {len(grads)} tensors and {len(roots)} gradients")
    arrays = []
    for i, (t, g) in enumerate(zip(roots, grads)):
        if not t._rg:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn")
        if g is None:
            if t._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            arrays.append(np.ones(t._data.shape, dtype=t._data.dtype))
            continue
        ga = g._data if isinstance(g, Tensor) else np.asarray(g)
        if ga.shape != t._data.shape:
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{i}] has a shape of {_shape_str(ga.shape)} "
                f"and output[{i}] has a shape of {_shape_str(t._data.shape)}.")
        if ga.dtype != t._data.dtype:
            ga = ga.astype(t._data.dtype)
        arrays.append(ga)
    return arrays


def _graph_root_grads(roots, grad_tensors) -> list:
    """The roots' gradients as tensors (a given gradient keeps its own graph)."""
    arrays = _root_grads(roots, grad_tensors)  # checks shapes and texts
    given = _as_list(grad_tensors) or [None] * len(roots)
    return [g if isinstance(g, Tensor) and g._data.shape == a.shape else _wrap(a)
            for g, a in zip(given, arrays)]


def _root_edge(t):
    fn = t._grad_fn
    return (fn, 0) if fn is not None else (t._accumulator(), 0)


def _mark_shared(out: list, foreign: set) -> None:
    """One array sent down two edges (add's gradient) must not become a stolen .grad."""
    if len(out) == 2:
        if out[0] is out[1] and out[0] is not None:
            foreign.add(id(out[0]))
        return
    seen = set()
    for v in out:
        if v is not None:
            if id(v) in seen:
                foreign.add(id(v))
            seen.add(id(v))


def _needed_nodes(edges, targets, captures) -> set:
    """Nodes that lie on a path from a root to a target (targets themselves excluded
    unless they lead to another target); AccumulateGrad targets run only for backward."""
    memo: dict = {}
    order = []
    stack = [fn for fn, _ in edges]
    visited = set()
    # iterative post-order DFS
    while stack:
        fn = stack[-1]
        if id(fn) in visited:
            stack.pop()
            if fn not in memo:
                order.append(fn)
                memo[fn] = False
            continue
        visited.add(id(fn))
        for nxt in fn._nx:
            if nxt is not None and id(nxt) not in visited:
                stack.append(nxt)
    needed = set()
    for fn in order:  # children before parents
        hit = False
        for nxt in fn._nx:
            if nxt is not None and (nxt in needed or nxt in targets):
                hit = True
                break
        if hit:
            needed.add(fn)
    if captures is None:
        # backward(inputs=...): the listed leaves' AccumulateGrad nodes run
        for t in targets:
            if type(t) is AccumulateGrad:
                needed.add(t)
    return needed


def _wrap_list(arrs):
    return tuple(None if a is None else _wrap(a) for a in arrs)


def _unwrap(x):
    if x is None:
        return None
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def _run_tensor_hooks(hooks, g, foreign):
    if g is None:
        return g
    for h in list(hooks):
        seen = _wrap(g)
        r = h(seen)
        if r is not None:
            # torch checks what a tensor hook returns (python_hook.cpp, check_single_result)
            if not isinstance(r, Tensor):
                raise TypeError(f"expected Variable, but hook returned '{type(r).__name__}'")
            name = getattr(h, "__name__", None) or repr(h)
            if r.shape != seen.shape:
                raise RuntimeError(f"hook '{name}' has changed the size of value")
            if r.dtype != seen.dtype:
                raise RuntimeError(f"hook '{name}' has changed the type of value (was {seen.type()} got {r.type()})")
            g = _unwrap(r)
            foreign.add(id(g))
    return g


def _retain_grad(ref, g):
    t = ref()
    if t is None or g is None:
        return
    if t._grad is None:
        t._grad = _wrap(np.array(g, copy=True))
    else:
        t._grad._data = t._grad._data + g


def _accumulate(leaf, g, foreign):
    """AccumulateGrad, with torch's buffer rules: the first gradient is stored without a
    copy when nothing else can see it (torch "steals" it), otherwise cloned; later
    gradients are added in place (so a stolen view of a user's gradient changes with it,
    exactly as in torch)."""
    a = leaf._data
    if leaf._grad is None:
        if (id(g) in foreign or g.shape != a.shape or g.dtype != a.dtype
                or not g.flags.writeable or g.strides != a.strides):
            g = np.array(np.broadcast_to(g, a.shape), dtype=a.dtype, copy=True)
        leaf._grad = _wrap(g)
        return
    cur = leaf._grad._data
    if cur.flags.writeable and cur.shape == np.broadcast_shapes(cur.shape, g.shape):
        cur += g
    else:
        leaf._grad._data = cur + g



def _retain_ref(t):
    return weakref.ref(t)

