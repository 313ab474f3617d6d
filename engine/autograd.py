"""Autograd: grad modes, graph nodes (``grad_fn``) and the backward engine.

The backward engine is a generator of :class:`BackwardStep` records
(:func:`backward_steps`, in ``backward_fast.py``); ``Tensor.backward`` and :func:`grad`
simply drain it, so a step-by-step view and a plain ``.backward()`` can never disagree.
To learn how backward works, read ``backward_reference.py``: the same algorithm as one
plain function, proven equal to the fast path by tests.

The execution order reproduces PyTorch's CPU engine: a node runs once every gradient
flowing into it has arrived and been summed; ready nodes wait in a priority queue ordered
by sequence number (most recently created first) and AccumulateGrad (sequence number
UINT64_MAX in torch) runs as soon as it is ready.  The queue mimics libstdc++'s
``std::priority_queue`` so that even ties are broken the way torch breaks them.
"""
from __future__ import annotations

import contextvars
import functools
import itertools
import sys
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

__all__ = [
    "Node", "AccumulateGrad", "BackwardStep", "backward_steps", "backward", "grad",
    "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "Variable", "gradcheck", "gradgradcheck",
    "Function", "FunctionCtx", "once_differentiable", "functional", "inference_mode",
    "set_detect_anomaly", "detect_anomaly", "is_anomaly_enabled",
]

SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")

_UINT64_MAX = 2 ** 64 - 1
CREATE_GRAPH_CYCLE = (
    "Using backward() with create_graph=True will create a reference cycle between the "
    "parameter and its gradient which can cause a memory leak. We recommend using "
    "autograd.grad when creating the graph to avoid this. If you have to use this function, "
    "make sure to reset the .grad fields of your parameters to None after use to break the "
    "cycle and avoid the leak.")
MODIFIED_INPLACE = (
    "one of the variables needed for gradient computation has been modified by an inplace "
    "operation: [{type} [{shape}]]{output} is at version {version}; expected version "
    "{expected} instead. Hint: enable anomaly detection to find the operation that failed to "
    "compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")


# ----------------------------------------------------------------------------- grad modes
class _GradState:
    __slots__ = ("enabled",)

    def __init__(self):
        self.enabled = True


_state = _GradState()


def is_grad_enabled() -> bool:
    return _state.enabled


class _GradModeBase:
    """Context manager that is also a decorator, like torch's grad-mode classes (with or
    without the call: ``@no_grad()`` and ``@no_grad`` both work)."""
    _target: bool = True

    def __new__(cls, orig_func=None):
        if orig_func is not None and cls is not set_grad_enabled:
            return cls()(orig_func)  # bare @no_grad: decorate directly
        return super().__new__(cls)

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

    def __new__(cls, mode: bool):
        return object.__new__(cls)

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
    # _ins: the input tensors (None for an op that saves none of them), whose version
    # counters backward checks (check_saved)
    __slots__ = ("_nx", "_seq", "_opdef", "_args", "_out", "_edges", "_ins",
                 "__dict__", "__weakref__")
    # defaults kept on the class (a node's __dict__ is only created if they are set)
    _params: dict = {}   # op parameters (never mutated)
    _x = None            # _Extra: hooks, retain_grad, metadata
    _out_vc = None       # the version counter of this node's output, once it has one
    # set on the per-output stand-ins of a custom Function with several outputs (function.py):
    # the Function's node, which the graph shows in their place
    _output_of = None

    @property
    def next_functions(self) -> tuple:
        """``((node, 0), ...)``, one pair per input; ``(None, 0)`` for an input that does
        not require grad (a fresh tuple on each access, as in torch); ``(node, k)`` for
        output k of a custom Function with several outputs."""
        return tuple([(n, 0) if n is None or n._output_of is None else (n._output_of, n._k)
                      for n in self._nx])

    @next_functions.setter
    def next_functions(self, value) -> None:
        self._nx = tuple([n for n, _ in value])

    def name(self) -> str:
        n = type(self).__name__
        # torch reports the C++ qualified name for the nodes it writes by hand
        return "torch::autograd::" + n if n in ("CopyBackwards", "CopySlices") else n

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

    def _saved(self, name: str):
        """What this node saved for backward under torch's name (``grad_fn._saved_self``
        ...: the properties are made in ops.py for every input name of the table)."""
        saved = self._saved_names() if self._opdef is not None else {}
        if name not in saved:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute "
                                 f"'_saved_{name}'")
        if self._args is None:
            raise RuntimeError(SECOND_BACKWARD)
        from .tensor import Tensor, _wrap
        i = saved[name]
        if i == "out":  # torch hands back the output: same values, this node as grad_fn
            t = _wrap(self._out)
            t._rg = True
            t._grad_fn = self
            return t
        t = self._ins[i] if self._ins is not None and i < len(self._ins) else None
        return t if isinstance(t, Tensor) else _wrap(np.asarray(self._args[i]))

    def _saved_names(self) -> dict:
        """torch's names of what this node saved -> input index or "out"."""
        opdef = self._opdef
        reads = opdef.reads if opdef.reads is not None else (
            (tuple(range(opdef.arity)),) * opdef.arity if opdef.saves else ((),) * opdef.arity)
        used = {k for r in reads for k in r}
        names = {}
        for i, nm in enumerate(opdef.input_names):
            if i in used:
                names["self" if i == 0 else nm] = i
        if "out" in used:
            names["result"] = "out"
        return names

    def __dir__(self):
        extra = [] if self._opdef is None else ["_saved_" + n for n in self._saved_names()]
        return sorted(set(super().__dir__()) | set(extra))

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    def __lt__(self, other):
        # only reached for equal sequence numbers in the ready queue: a tie is "not less"
        return False


class _Versions:
    """The sequence number of the most recent in-place change of any tensor."""
    __slots__ = ("last_bump",)

    def __init__(self):
        self.last_bump = -1


versions = _Versions()


def check_saved(fn: Node) -> None:
    """Raise torch's error if a tensor ``fn`` saved for the gradients it must compute
    was changed in place after it was saved (its version counter moved on)."""
    opdef = fn._opdef
    if fn._args is None or opdef.custom:
        return  # freed (backward raises its "second time" error), or checked by ctx
    reads = opdef.reads
    wanted = set()
    for nxt, i in zip(fn._nx, fn._edges):
        if nxt is not None:
            wanted.update(reads[i] if reads is not None else range(len(fn._args)))
    if reads is not None and any("out" in r for r in reads):
        wanted.add("out")  # torch saves an op's result whatever its inputs need
    ins = fn._ins or ()
    for i in sorted(k for k in wanted if k != "out"):
        t = ins[i] if i < len(ins) else None
        vc = getattr(t, "_vc", None)  # (a Python number or None has none)
        if vc is not None and vc.bumps and vc.bumps[-1] > fn._seq:
            g = t._grad_fn
            _raise_modified(t, vc, fn._seq, None if g is None else g.name())
    vc = fn._out_vc
    if "out" in wanted and vc is not None and vc.bumps and vc.bumps[-1] > fn._seq:
        _raise_modified(fn._args[0] if fn._out is None else fn._out, vc, fn._seq, fn.name())


def _raise_modified(t, vc, seq: int, grad_fn_name: str | None, expected: int | None = None):
    a = getattr(t, "_data", t)
    from .tensor import _DTYPES
    tname = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
             "int64": "LongTensor", "int32": "IntTensor", "bool": "BoolTensor"}.get(
        _DTYPES[a.dtype].name, "Tensor")
    # torch names the producing node by its op: ExpBackward0 -> "Exp", SumBackward1 -> "Sum1"
    output = "" if grad_fn_name is None else \
        f", which is output 0 of {grad_fn_name.replace('Backward0', '').replace('Backward', '')},"
    raise RuntimeError(MODIFIED_INPLACE.format(
        type="torch." + tname, shape=", ".join(str(s) for s in a.shape), output=output,
        version=vc.version, expected=vc.version_at(seq) if expected is None else expected))


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


def _new_node(name: str, opdef, args, out, params, edges, nx, ins=None) -> Node:
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
    node._ins = ins
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
        self._args = self._out = self._ins = None
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


def _graph_root_grads(roots, grad_tensors) -> list:
    """The roots' gradients as tensors (a given gradient keeps its own graph)."""
    from .tensor import Tensor, _wrap
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
    """``engine.autograd.backward``: drains :func:`backward_steps` (or, with
    ``create_graph=True``, runs the recorded backward of :mod:`engine.higher_order`)."""
    if create_graph:
        from .higher_order import backward_graph
        import warnings
        warnings.warn(CREATE_GRAPH_CYCLE, UserWarning, stacklevel=3)
        roots = _as_list(tensors)
        backward_graph(roots, _graph_root_grads(roots, grad_tensors),
                       inputs=_as_list(inputs) or None)
        return
    if REFERENCE:
        _reference(tensors, grad_tensors, retain_graph, inputs=inputs)
        return
    for _ in backward_steps(tensors, grad_tensors, retain_graph, inputs, _records=False):
        pass


# Run backward()/grad() through engine/backward_reference.py (the readable reference)
# instead of backward_steps; the differential tests switch it on.
REFERENCE = False


def _reference(tensors, grad_tensors, retain_graph, inputs=None, capture=None):
    from .backward_reference import backward as reference_backward
    roots = _as_list(tensors)
    root_grads = _root_grads(roots, grad_tensors)
    for i, t in enumerate(roots):
        if t._grad_fn is None and t._accumulator() is None:  # a view taken under no_grad
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn")
    tok = quiet_set(_IGNORE)
    try:
        return reference_backward(roots, root_grads, bool(retain_graph),
                                  None if inputs is None else _as_list(inputs), capture)
    finally:
        quiet_reset(tok)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=None):
    """``engine.autograd.grad``: gradients of ``outputs`` w.r.t. ``inputs`` (nothing accumulates)."""
    from .tensor import _wrap
    ins = _as_list(inputs)
    for t in ins:
        if not t._rg:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if create_graph:
        from .higher_order import backward_graph
        roots = _as_list(outputs)
        found = backward_graph(roots, _graph_root_grads(roots, grad_outputs), capture=ins)
        for i, g in enumerate(found):
            if g is None and not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been used in "
                    f"the graph. Set allow_unused=True if this is the desired behavior.")
        return tuple(found)
    captured = None
    if REFERENCE:
        captured = _reference(outputs, grad_outputs, retain_graph, capture=ins)
    for item in () if REFERENCE else backward_steps(outputs, grad_outputs, retain_graph,
                                                    _capture=ins, _records=False):
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


def Variable(data, requires_grad: bool = False, volatile: bool = False):
    """The deprecated ``torch.autograd.Variable``: just returns a tensor (a new leaf that
    shares ``data``'s storage when given a tensor), with ``requires_grad`` as asked."""
    from .tensor import Tensor, _wrap, tensor
    t = _wrap(data._data) if isinstance(data, Tensor) else tensor(data)
    if requires_grad:
        t.requires_grad_(True)
    return t


def gradcheck(func, inputs, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, **_ignored) -> bool:
    """``torch.autograd.gradcheck``: compare backward's Jacobian with finite differences."""
    from ._gradcheck import gradcheck as _gc
    return _gc(func, inputs, eps=eps, atol=atol, rtol=rtol, raise_exception=raise_exception)


from .function import Function, FunctionCtx, once_differentiable  # noqa: E402
from . import autograd_functional as functional  # noqa: E402
from . import function as _function_module  # noqa: E402

# `from torch.autograd.functional import jacobian` / `...function import once_differentiable`
# spelled with engine: this module is not a package, so register the two submodule names
sys.modules[__name__ + ".functional"] = functional
from . import forward_ad  # noqa: E402
sys.modules[__name__ + ".forward_ad"] = forward_ad
sys.modules[__name__ + ".function"] = _function_module


class inference_mode(no_grad):
    """``torch.inference_mode()``: here the same as no_grad (no graph is recorded)."""

    def __new__(cls, mode=True):
        if callable(mode):  # bare @inference_mode
            return no_grad.__new__(cls, mode)
        return object.__new__(cls)

    def __init__(self, mode: bool = True):
        self._target = not mode


_anomaly = {"enabled": False}


class set_detect_anomaly:
    """Anomaly detection switch (accepted for compatibility; this engine's errors already
    name the node and tensor)."""

    def __init__(self, mode: bool, check_nan: bool = True):
        self._prev = _anomaly["enabled"]
        _anomaly["enabled"] = bool(mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _anomaly["enabled"] = self._prev
        return False


class detect_anomaly(set_detect_anomaly):
    def __init__(self, check_nan: bool = True):
        super().__init__(True, check_nan)


def is_anomaly_enabled() -> bool:
    return _anomaly["enabled"]


def gradgradcheck(func, inputs, grad_outputs=None, *, eps: float = 1e-6, atol: float = 1e-5,
                  rtol: float = 1e-3, raise_exception: bool = True, **_ignored) -> bool:
    """``torch.autograd.gradgradcheck``: second derivatives against finite differences."""
    from ._gradcheck import gradgradcheck as _ggc
    return _ggc(func, inputs, grad_outputs, eps=eps, atol=atol, rtol=rtol,
                raise_exception=raise_exception)


def _retain_ref(t):
    return weakref.ref(t)


# the fast path lives in its own module (it imports the helpers above)
from .backward_fast import backward_steps  # noqa: E402
