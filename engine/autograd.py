"""Autograd: grad modes, graph nodes (``grad_fn``) and the backward engine.

The backward engine is a generator of :class:`BackwardStep` records
(:func:`backward_steps`); ``Tensor.backward`` and :func:`grad` simply drain it, so a
step-by-step view and a plain ``.backward()`` can never disagree.

The execution order reproduces PyTorch's CPU engine: a node runs once every gradient
flowing into it has arrived and been summed; ready nodes wait in a priority queue ordered
by sequence number (most recently created first) and AccumulateGrad (sequence number
UINT64_MAX in torch) runs as soon as it is ready.  The queue mimics libstdc++'s
``std::priority_queue`` so that even ties are broken the way torch breaks them.
"""
from __future__ import annotations

import contextvars
import functools
import heapq
import itertools
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import numpy as np

__all__ = [
    "Node", "AccumulateGrad", "BackwardStep", "backward_steps", "backward", "grad",
    "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled",
]

SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")

_UINT64_MAX = 2 ** 64 - 1


# ----------------------------------------------------------------------------- grad modes
class _GradState:
    __slots__ = ("enabled",)

    def __init__(self):
        self.enabled = True


_state = _GradState()


def is_grad_enabled() -> bool:
    return _state.enabled


class _GradModeBase:
    """Context manager that is also a decorator, like torch's grad-mode classes."""
    _target: bool = True

    def __enter__(self):
        self._prev = _state.enabled
        _state.enabled = self._target

    def __exit__(self, *exc):
        _state.enabled = self._prev
        return False

    def __call__(self, fn: Callable) -> Callable:
        target = self._target

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            prev = _state.enabled
            _state.enabled = target
            try:
                return fn(*args, **kwargs)
            finally:
                _state.enabled = prev
        return wrapper


class no_grad(_GradModeBase):
    """Disable graph recording: results have ``requires_grad=False`` and no ``grad_fn``."""
    _target = False


class enable_grad(_GradModeBase):
    """Re-enable graph recording (e.g. inside a ``no_grad`` block)."""
    _target = True


class set_grad_enabled(_GradModeBase):
    """``set_grad_enabled(flag)``: takes effect immediately, like torch, and restores on exit."""

    def __init__(self, mode: bool):
        self._prev = _state.enabled
        self._target = bool(mode)
        _state.enabled = bool(mode)

    def __enter__(self):
        _state.enabled = self._target

    def __call__(self, fn):
        # used as a decorator: the constructor already flipped the mode; undo that
        _state.enabled = self._prev
        return super().__call__(fn)


# ----------------------------------------------------------------------------- nodes
_seq_counter = itertools.count()

try:  # silence numpy's floating-point warnings cheaply (torch never warns about inf/nan)
    from numpy._core._ufunc_config import _extobj_contextvar, _make_extobj
    _IGNORE = _make_extobj(all="ignore")
    quiet_set = _extobj_contextvar.set
    quiet_reset = _extobj_contextvar.reset
except ImportError:  # pragma: no cover - other numpy layouts
    _IGNORE = None
    _errstates: list = []

    def quiet_set(_):
        e = np.errstate(all="ignore")
        e.__enter__()
        return e

    def quiet_reset(e):
        e.__exit__(None, None, None)


def quiet_call(f, *args):
    """``f(*args)`` with numpy's floating-point warnings off."""
    tok = quiet_set(_IGNORE)
    try:
        return f(*args)
    finally:
        quiet_reset(tok)


# Cheaper for the op fast paths: a context whose numpy error state is "ignore", entered
# for the one ufunc call (no context-variable update per op).  A context is entered by
# one thread at a time; while another thread is inside it, ``quiet_run`` raises
# RuntimeError before calling anything, and the caller falls back to ``quiet_call``.
if _IGNORE is not None:
    _quiet_context = contextvars.Context()
    _quiet_context.run(_extobj_contextvar.set, _IGNORE)
    quiet_run = _quiet_context.run
else:  # pragma: no cover
    quiet_run = quiet_call


class _Extra:
    """Rarely used per-node state, allocated on first use to keep graph building cheap."""
    __slots__ = ("hooks", "prehooks", "tensor_prehooks", "retain", "meta")

    def __init__(self):
        self.hooks = self.prehooks = self.tensor_prehooks = self.retain = self.meta = None


class Node:
    """A ``grad_fn``: one backward function of the graph.

    Subclasses are created per PyTorch name (``MulBackward0`` ...), so
    ``type(node).__name__`` and ``repr`` look like torch's.  ``op`` is the op-table name
    (``None`` for AccumulateGrad).
    """
    # _nx: the next nodes (None where an input needs no gradient), one per input edge;
    # next_functions is built from it on access (input_nr is always 0: every node has one
    # output), so the forward allocates no (node, 0) pair per edge
    __slots__ = ("_nx", "_seq", "_opdef", "_args", "_out", "_edges",
                 "__dict__", "__weakref__")
    # defaults kept on the class (a node's __dict__ is only created if they are set)
    _params: dict = {}   # op parameters (never mutated)
    _x = None            # _Extra: hooks, retain_grad, metadata

    @property
    def next_functions(self) -> tuple:
        """``((node, 0), ...)``, one pair per input; ``(None, 0)`` for an input that does
        not require grad (a fresh tuple on each access, as in torch)."""
        return tuple([(n, 0) for n in self._nx])

    @next_functions.setter
    def next_functions(self, value) -> None:
        self._nx = tuple([n for n, _ in value])

    def name(self) -> str:
        return type(self).__name__

    def _sequence_nr(self) -> int:
        return self._seq

    @property
    def op(self) -> str | None:
        return self._opdef.name if self._opdef is not None else None

    @property
    def params(self) -> dict:
        """The op's parameters as recorded in the forward (a copy), e.g. ``{'dim': 0}``."""
        return dict(self._params)

    @property
    def input_edges(self) -> tuple:
        """For each entry of ``next_functions``, the op input (port) it belongs to."""
        return tuple(self._edges) if self._opdef is not None else ()

    @property
    def saved_inputs(self) -> tuple | None:
        """The op's inputs as numpy arrays, one per port, as the forward saw them (read only);
        None once a backward without ``retain_graph`` freed them."""
        return self._args

    @property
    def _extra(self) -> _Extra:
        x = self._x
        if x is None:
            x = self._x = _Extra()
        return x

    @property
    def metadata(self) -> dict:
        x = self._extra
        if x.meta is None:
            x.meta = {}
        return x.meta

    @property
    def formulas(self) -> tuple:
        return self._opdef.formulas if self._opdef is not None else ()

    def register_hook(self, fn: Callable) -> "RemovableHandle":
        """fn(grad_inputs, grad_outputs) -> None | replacement grad_inputs (runs after the node)."""
        x = self._extra
        if x.hooks is None:
            x.hooks = []
        x.hooks.append(fn)
        return RemovableHandle(x.hooks, fn)

    def register_prehook(self, fn: Callable) -> "RemovableHandle":
        """fn(grad_outputs) -> None | replacement grad_outputs (runs before the node)."""
        x = self._extra
        if x.prehooks is None:
            x.prehooks = []
        x.prehooks.append(fn)
        return RemovableHandle(x.prehooks, fn)

    def __call__(self, *grads):
        from .tensor import Tensor, _wrap
        g = grads[0]
        tok = quiet_set(_IGNORE)
        try:
            res = self._apply(g._data if isinstance(g, Tensor) else np.asarray(g))
        finally:
            quiet_reset(tok)
        out = tuple(None if r is None else _wrap(r) for r in res)
        return out if len(out) != 1 else out[0]

    # the generic op-table backward: one VJP per input, broadcasting reduced centrally
    def _apply(self, g):
        args = self._args
        if args is None:
            raise RuntimeError(SECOND_BACKWARD)
        opdef = self._opdef
        vjps = opdef.vjps
        params = self._params
        nfs = self._nx
        if len(nfs) == 1:
            if g is None:
                return [None]
            i = self._edges[0]
            gi = vjps[i](g, self._out, *args, **params) if params else vjps[i](g, self._out, *args)
            if opdef.broadcast:
                shape = args[i].shape
                if gi.shape != shape:
                    gi = _unbroadcast(gi, shape)
            return [gi]
        out = self._out
        res = []
        for nxt, i in zip(nfs, self._edges):
            if nxt is None or g is None:
                res.append(None)
                continue
            gi = vjps[i](g, out, *args, **params) if params else vjps[i](g, out, *args)
            if opdef.broadcast:
                shape = args[i].shape
                if gi.shape != shape:
                    gi = _unbroadcast(gi, shape)
            res.append(gi)
        return res

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    def __lt__(self, other):
        # only reached for equal sequence numbers in the ready queue: a tie is "not less"
        return False


def _unbroadcast(g: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum a broadcast gradient back to ``shape`` (leading dims, then size-1 dims)."""
    lead = g.ndim - len(shape)
    if lead:
        g = g.sum(axis=tuple(range(lead)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    if g.shape != shape:
        g = g.reshape(shape)
    return g


# Public name: the model layer's compiled runner reduces broadcast VJPs with the engine's own code.
unbroadcast = _unbroadcast


class _SameShapes(tuple):
    """A node's ``_edges`` when its forward saw every input with the output's shape (the op
    fast paths check this once): its gradients then need no unbroadcasting, and backward
    skips the two shape reads per edge.  A plain tuple of the same indices otherwise."""
    __slots__ = ()


_node_classes: dict[str, type] = {}


def node_class(name: str) -> type:
    cls = _node_classes.get(name)
    if cls is None:
        cls = type(name, (Node,), {"__slots__": ()})
        _node_classes[name] = cls
    return cls


def new_node(name: str, opdef, args, out, params, edges, next_functions) -> Node:
    """A grad_fn node; ``next_functions`` as torch spells it, ``((node, 0), ...)``."""
    return _new_node(name, opdef, args, out, params, edges,
                     tuple([n for n, _ in next_functions]))


def _new_node(name: str, opdef, args, out, params, edges, nx) -> Node:
    """new_node with the next nodes given flat (``(node_or_None, ...)``)."""
    cls = _node_classes.get(name) or node_class(name)
    node = cls()  # (node classes have no __init__: a plain call is the cheapest way)
    node._nx = nx
    node._seq = next(_seq_counter)
    node._opdef = opdef
    node._args = args
    node._out = out
    if params:
        node._params = params
    node._edges = edges
    return node


_node_apply = Node._apply


class AccumulateGrad(Node):
    """The sink of a leaf that requires grad; ``variable`` is that leaf."""
    __slots__ = ("variable", "_nx1")

    def __init__(self, variable):
        self.variable = variable
        # (self,): the _nx of a one-input node reading this leaf, made once and shared by
        # all of them (the leaf and this node already refer to each other, so the
        # self-reference changes nothing about its lifetime)
        self._nx1 = (self,)
        self._nx = ()
        self._seq = _UINT64_MAX
        self._opdef = None
        self._args = self._out = None
        self._edges = ()

    def name(self) -> str:
        # torch reports the C++ qualified name for this one node type
        return "torch::autograd::AccumulateGrad"

class RemovableHandle:
    __slots__ = ("_list", "_fn")

    def __init__(self, lst, fn):
        self._list = lst
        self._fn = fn

    def remove(self) -> None:
        try:
            self._list.remove(self._fn)
        except ValueError:
            pass


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


# The ready queue: heapq on (-sequence_nr, node).  CPython's heapq uses exactly the sift
# algorithms of libstdc++'s std::priority_queue (bottom-up pop, right child on ties, strict
# comparisons), so even ties between AccumulateGrad nodes (all UINT64_MAX in torch) come
# out in torch's order; Node.__lt__ returning False makes a tie compare as "not less".
#
# Sequence numbers are unique except AccumulateGrad's, so the queue normally holds plain
# int keys (-sequence_nr) with a key -> node dict: int comparisons are much cheaper than
# tuple ones.  The first push whose key is already queued (a tie) turns the queue into the
# (-sequence_nr, node) tuples for the rest of the run (_tie_push).  Both forms compare
# alike (a tie is "not less" either way), so the heap's shape and pop order are the same.
_heappush = heapq.heappush
_heappop = heapq.heappop


def _tie_push(heap: list, keyed: dict, k: int, node) -> bool:
    """Switch the ready queue to tuple form (in place, same order) and push (k, node)."""
    heap[:] = [(key, keyed[key]) for key in heap]
    keyed.clear()
    _heappush(heap, (k, node))
    return True
_NOTHING = object()  # "no gradient" (a gradient may itself be None)


_add_accumulate = np.add.accumulate


def _sum_grads(contribs: list):
    """Sum incoming gradients (None = undefined, skipped), like torch's InputBuffer: one
    after the other in arrival order, ((g0 + g1) + g2) + ..., every partial sum rounded in
    the gradients' dtype (so the result is bit-for-bit torch's)."""
    n = len(contribs)
    if n >= 8:
        # Many small gradients (a tensor read by many ops): stacking them and running
        # np.add.accumulate does exactly the same additions in the same order (accumulate
        # stores every partial sum, so nothing can be reassociated) without a ufunc call
        # per addition.  Only when all are arrays (or numpy scalars) of one shape whose dtype is the first's
        # (then every partial sum has that dtype, as in the loop below); a None, a ragged
        # or a mixed-dtype list falls through to the loop.
        first = contribs[0]
        if isinstance(first, (np.ndarray, np.generic)) and first.size <= 32:  # 0-d: scalars
            try:
                stacked = np.array(contribs)
            except (ValueError, TypeError):
                stacked = None
            if (stacked is not None and stacked.dtype is first.dtype
                    and stacked.shape[1:] == first.shape and stacked.shape[0] == n):
                if first.ndim == 0:
                    return _add_accumulate(stacked)[-1]
                return _add_accumulate(stacked, axis=0)[-1].copy()
    total = None
    fresh = False  # total is an array this function made (safe to add into in place)
    for c in contribs:
        if c is None:
            continue
        if total is None:
            total = c
        elif fresh and type(c) is np.ndarray and c.shape == total.shape \
                and c.dtype is total.dtype:
            total += c
        else:
            total = total + c
            fresh = type(total) is np.ndarray
    return total


def _as_list(x):
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


def _shape_str(shape) -> str:
    return "torch.Size([" + ", ".join(str(int(s)) for s in shape) + "])"


def _root_grads(roots, grad_tensors):
    from .tensor import Tensor
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


def _root_edge(t):
    fn = t._grad_fn
    return (fn, 0) if fn is not None else (t._accumulator(), 0)


def backward_steps(tensors, grad_tensors=None, retain_graph: bool | None = None,
                   inputs=None, *, _capture=None, _records: bool = True
                   ) -> Iterator[BackwardStep | None]:
    """Run backward one node at a time, yielding a :class:`BackwardStep` per node.

    ``tensors``: root tensor(s); ``grad_tensors``: their gradients (None for scalars);
    ``inputs``: restrict accumulation to these leaves.  Saved tensors are freed as nodes
    run unless ``retain_graph`` is true.  (``_records=False`` is how ``.backward()`` drains
    the very same loop without building step records.)
    """
    roots = _as_list(tensors)
    root_grads = _root_grads(roots, grad_tensors)
    keep = bool(retain_graph)
    edges = [_root_edge(t) for t in roots]
    for i, (fn, _) in enumerate(edges):
        if fn is None:  # a view taken under no_grad: requires grad, but has no gradient edge
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn")

    # deps[node]: the number of gradients still to arrive (an int, from this walk); once the
    # first of several has arrived, the list [n, gradients so far...], complete when it holds
    # n gradients (len > n).
    # A node that waits for one gradient (most of them) never gets a list: its gradient
    # goes straight to the ready queue.
    deps: dict = {}
    stack = []
    for fn, _ in edges:
        if fn not in deps:
            deps[fn] = 0
            stack.append(fn)
    get = deps.get
    push = stack.append
    pop = stack.pop
    while stack:
        for nxt in pop()._nx:
            if nxt is not None:
                c = get(nxt)
                if c is None:
                    deps[nxt] = 1
                    push(nxt)
                else:
                    deps[nxt] = c + 1

    # which nodes must run when gradients are wanted only for some inputs
    needed = None
    captures = None     # node -> capture slots (grad(): grads are captured, not accumulated)
    if inputs is not None or _capture is not None:
        targets = {}
        if _capture is not None:
            captures = {}
            for k, t in enumerate(_capture):
                fn = t._grad_fn if t._grad_fn is not None else t._accumulator()
                captures.setdefault(fn, []).append(k)
                targets[fn] = True
        for t in _as_list(inputs):
            fn = t._grad_fn if t._grad_fn is not None else t._accumulator()
            targets[fn] = True
        needed = _needed_nodes(edges, targets, captures)

    heap: list = []     # int keys -seq (tuples (-seq, node) once tmode: see _tie_push)
    keyed: dict = {}    # key -> node while not tmode
    tmode = False
    gq: dict = {}       # queued node -> its gradient (several that arrived are summed first)
    arrived: dict = {}  # node -> the gradients that were summed for it (kept for step records)
    multi_roots = False
    for (fn, _), g in zip(edges, root_grads):
        d = deps[fn]
        if type(d) is list:
            d.append(g)
            d[0] += 1
        elif d:
            deps[fn] = [d + 1, g]   # a root that is also reached from another root
        elif fn in gq:
            q = gq[fn]
            if type(q) is list:
                q.append(g)
            else:
                gq[fn] = [q, g]
                multi_roots = True
        else:
            gq[fn] = g
            k = -fn._seq
            if tmode:
                _heappush(heap, (k, fn))
            elif keyed.setdefault(k, fn) is fn:
                _heappush(heap, k)
            else:
                tmode = _tie_push(heap, keyed, k, fn)
    captured = [None] * len(_capture) if _capture is not None else None
    # arrays the user can see (their gradients, hook results, arrays sent down two edges):
    # AccumulateGrad must copy these rather than keep them as .grad
    foreign = {id(g) for g in root_grads}
    index = 0
    tok = quiet_set(_IGNORE)
    restricted = needed is not None or captures is not None
    hooked = False
    # deps values are ints or lists; `c is one` tells a one-gradient node without the slow
    # list-to-int comparison (the 1 stored in the walk is this same small-int object)
    one = 1
    try:
        if multi_roots:  # one node given as a root more than once: its gradients are summed
            for fn, q in gq.items():
                if type(q) is list:
                    gq[fn] = _sum_grads(q)
                    if _records:
                        arrived[fn] = q
        direct = None
        direct_g = None
        while True:
            if direct is not None:
                fn = direct
                g = direct_g
                direct = None
            elif heap:
                if tmode:
                    fn = _heappop(heap)[1]
                else:
                    fn = keyed.pop(_heappop(heap))
                g = gq.pop(fn)
            else:
                break
            if _records:  # what arrived (summed already where several did)
                contribs = arrived.pop(fn, None)
                if contribs is None:
                    contribs = [g]
            x = fn._x
            opdef = fn._opdef
            if x is not None or restricted or opdef is None:  # opdef None: AccumulateGrad
                # the general path: hooks, retain_grad, captures, leaves
                if x is not None:
                    hooked = True   # from here on a gradient may have any shape a hook gave it
                    # tensor hooks (Tensor.register_hook), then retain_grad, then pre-hooks
                    if x.tensor_prehooks:
                        g = _run_tensor_hooks(x.tensor_prehooks, g, foreign)
                    if x.retain is not None:
                        _retain_grad(x.retain, g)
                is_acc = type(fn) is AccumulateGrad
                if is_acc and fn.variable._hooks:
                    g = _run_tensor_hooks(fn.variable._hooks, g, foreign)
                if captures is not None and fn in captures:
                    for k in captures[fn]:
                        captured[k] = g
                if needed is not None and fn not in needed:
                    continue
                if x is not None and x.prehooks:
                    for h in x.prehooks:
                        r = h(_wrap_list([g]))
                        if r is not None:
                            g = _unwrap(r[0])
                            foreign.add(id(g))
                if is_acc:
                    leaf = fn.variable
                    if g is not None and _capture is None:
                        _accumulate(leaf, g, foreign)
                    if x is not None and x.hooks:
                        for h in x.hooks:
                            h(_wrap_list([]), _wrap_list([g]))
                    if _records:
                        step = BackwardStep(index, fn, "AccumulateGrad", [contribs],
                                            [g], [], (), leaf, None if leaf._grad is None
                                            else leaf._grad._data.copy(), ())
                        index += 1   # (counted only where records are made)
                        quiet_reset(tok)
                        tok = None
                        yield step
                        tok = quiet_set(_IGNORE)
                    continue
            nfs = fn._nx
            n_edges = len(nfs)
            out = None
            if n_edges <= 2 and g is not None:
                # one or two inputs: the common cases, inlined (Node._apply does the same)
                args = fn._args
                if args is None:
                    raise RuntimeError(SECOND_BACKWARD)
                vj, bc, free = opdef._bw
                edges = fn._edges
                if bc and type(edges) is _SameShapes and not hooked:
                    # g has the output's shape (nothing but a hook could change that)
                    bc = False
                nxt = nfs[0]
                if nxt is not None:
                    i = edges[0]
                    v = vj[i]
                    if v is None:
                        g0 = g
                    else:
                        params = fn._params
                        if params:
                            g0 = v(g, fn._out, *args, **params)
                        elif len(args) == 1:  # spelled out: a *args call costs more than x*y
                            g0 = v(g, fn._out, args[0])
                        elif len(args) == 2:
                            g0 = v(g, fn._out, args[0], args[1])
                        else:
                            g0 = v(g, fn._out, *args)
                    if bc and g0.shape != args[i].shape:
                        g0 = _unbroadcast(g0, args[i].shape)
                else:
                    g0 = None
                if n_edges == 2:
                    nxt1 = nfs[1]
                    if nxt1 is not None:
                        i = edges[1]
                        v = vj[i]
                        if v is None:
                            g1 = g
                        else:
                            params = fn._params
                            if params:
                                g1 = v(g, fn._out, *args, **params)
                            elif len(args) == 2:
                                g1 = v(g, fn._out, args[0], args[1])
                            else:
                                g1 = v(g, fn._out, *args)
                        if bc and g1.shape != args[i].shape:
                            g1 = _unbroadcast(g1, args[i].shape)
                        if g1 is g0:
                            foreign.add(id(g1))  # one array down two edges: never stolen
                    else:
                        g1 = None
                else:
                    nxt1 = None
                if x is not None and x.hooks:
                    out = [g0] if n_edges == 1 else [g0, g1]
            else:
                out = fn._apply(g)
                if len(out) > 1:
                    _mark_shared(out, foreign)
                free = opdef._bw[2]
            if x is not None and x.hooks:
                for h in x.hooks:
                    r = h(_wrap_list(out), _wrap_list([g]))
                    if r is not None:
                        out = [_unwrap(v) for v in r]
                        foreign.update(id(v) for v in out if v is not None)
            if free and not keep:
                # torch frees (and later misses) saved tensors only if a needed VJP saved any
                if free == 1 or any(opdef.saved_by[i] for n, i in zip(nfs, fn._edges)
                                    if n is not None):
                    fn._args = fn._out = None
            # hand the gradients on; `ready` is the one node made ready so far (False: the
            # newly ready nodes all went to the queue)
            ready = None
            if out is None:
                # the same as the loop below, written out for one or two edges
                if nxt is not None and (not restricted or nxt in needed or (
                        captures is not None and nxt in captures)):
                    c = deps[nxt]
                    if c is one:  # (an int 1, never a list: see `one`)
                        ready = nxt
                        ready_g = g0
                    elif type(c) is int:
                        deps[nxt] = [c, g0]
                    else:
                        c.append(g0)
                        if len(c) > c[0]:
                            del c[0]
                            ready = nxt
                            ready_g = _sum_grads(c)
                            if _records:
                                arrived[nxt] = c
                if nxt1 is not None and (not restricted or nxt1 in needed or (
                        captures is not None and nxt1 in captures)):
                    c = deps[nxt1]
                    if c is one:  # (an int 1, never a list: see `one`)
                        q1 = g1
                    elif type(c) is int:
                        deps[nxt1] = [c, g1]
                        q1 = _NOTHING
                    else:
                        c.append(g1)
                        if len(c) > c[0]:
                            del c[0]
                            q1 = _sum_grads(c)
                            if _records:
                                arrived[nxt1] = c
                        else:
                            q1 = _NOTHING
                    if q1 is not _NOTHING:
                        if ready is None:
                            ready = nxt1
                            ready_g = q1
                        else:
                            gq[ready] = ready_g
                            k = -ready._seq
                            if tmode:
                                _heappush(heap, (k, ready))
                            elif keyed.setdefault(k, ready) is ready:
                                _heappush(heap, k)
                            else:
                                tmode = _tie_push(heap, keyed, k, ready)
                            gq[nxt1] = q1
                            k = -nxt1._seq
                            if tmode:
                                _heappush(heap, (k, nxt1))
                            elif keyed.setdefault(k, nxt1) is nxt1:
                                _heappush(heap, k)
                            else:
                                tmode = _tie_push(heap, keyed, k, nxt1)
                            ready = False
            else:
                for nxt, gi in zip(nfs, out):
                    if nxt is None:
                        continue
                    if restricted and nxt not in needed and (
                            captures is None or nxt not in captures):
                        continue
                    c = deps[nxt]
                    if c is one:  # (an int 1, never a list: see `one`)
                        pass
                    elif type(c) is int:
                        deps[nxt] = [c, gi]
                        continue
                    else:
                        c.append(gi)
                        if len(c) <= c[0]:
                            continue
                        del c[0]
                        gi = _sum_grads(c)
                        if _records:
                            arrived[nxt] = c
                    if ready is None:
                        ready = nxt
                        ready_g = gi
                        continue
                    if ready is not False:
                        gq[ready] = ready_g
                        k = -ready._seq
                        if tmode:
                            _heappush(heap, (k, ready))
                        elif keyed.setdefault(k, ready) is ready:
                            _heappush(heap, k)
                        else:
                            tmode = _tie_push(heap, keyed, k, ready)
                        ready = False
                    gq[nxt] = gi
                    k = -nxt._seq
                    if tmode:
                        _heappush(heap, (k, nxt))
                    elif keyed.setdefault(k, nxt) is nxt:
                        _heappush(heap, k)
                    else:
                        tmode = _tie_push(heap, keyed, k, nxt)
            if ready is not None and ready is not False:
                # a single newly ready node that outranks the whole queue would be pushed and
                # popped straight back (leaving the heap as it was): run it directly
                if not heap or ready._seq > -(heap[0][0] if tmode else heap[0]):
                    direct = ready
                    direct_g = ready_g
                else:
                    gq[ready] = ready_g
                    k = -ready._seq
                    if tmode:
                        _heappush(heap, (k, ready))
                    elif keyed.setdefault(k, ready) is ready:
                        _heappush(heap, k)
                    else:
                        tmode = _tie_push(heap, keyed, k, ready)
            if _records:
                if out is None:
                    out = [g0] if n_edges == 1 else [g0, g1]
                step = BackwardStep(index, fn, type(fn).__name__, [contribs], [g],
                                    out, fn.next_functions, None, None, opdef.formulas)
                index += 1
                quiet_reset(tok)
                tok = None
                yield step
                tok = quiet_set(_IGNORE)
    finally:
        if tok is not None:
            quiet_reset(tok)
    if captured is not None:
        yield captured


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
    from .tensor import _wrap
    return tuple(None if a is None else _wrap(a) for a in arrs)


def _unwrap(x):
    from .tensor import Tensor
    if x is None:
        return None
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def _run_tensor_hooks(hooks, g, foreign):
    if g is None:
        return g
    from .tensor import Tensor, _wrap
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
    from .tensor import _wrap
    if t._grad is None:
        t._grad = _wrap(np.array(g, copy=True))
    else:
        t._grad._data = t._grad._data + g


def _accumulate(leaf, g, foreign):
    """AccumulateGrad, with torch's buffer rules: the first gradient is stored without a
    copy when nothing else can see it (torch "steals" it), otherwise cloned; later
    gradients are added in place (so a stolen view of a user's gradient changes with it,
    exactly as in torch)."""
    from .tensor import _wrap
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


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """``engine.autograd.backward``: drains :func:`backward_steps`."""
    if create_graph:
        raise NotImplementedError("create_graph=True (higher-order gradients) is not supported")
    for _ in backward_steps(tensors, grad_tensors, retain_graph, inputs, _records=False):
        pass


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=None):
    """``engine.autograd.grad``: gradients of ``outputs`` w.r.t. ``inputs`` (nothing accumulates)."""
    from .tensor import _wrap
    if create_graph:
        raise NotImplementedError("create_graph=True (higher-order gradients) is not supported")
    ins = _as_list(inputs)
    for t in ins:
        if not t._rg:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    captured = None
    for item in backward_steps(outputs, grad_outputs, retain_graph, _capture=ins, _records=False):
        if item is not None:
            captured = item
    res = []
    for i, g in enumerate(captured):
        if g is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {i} appears to not have been used in the "
                f"graph. Set allow_unused=True if this is the desired behavior.")
        res.append(None if g is None else _wrap(np.array(g, copy=True)))
    return tuple(res)


def _retain_ref(t):
    return weakref.ref(t)
