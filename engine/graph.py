"""The graph's nodes (``grad_fn``): :class:`Node`, :class:`AccumulateGrad`, how a node runs its
op's VJPs (``Node._apply``), the saved-tensor version check and torch's error texts.

An op that records makes one node: its class is named as torch names it (``MulBackward0``,
made once per name by :func:`node_class`), ``_nx`` holds the next nodes (one per input edge,
None where an input needs no gradient) and ``_seq`` its sequence number, which orders the
backward engine's ready queue.  ``engine.autograd`` re-exports everything here.
"""
from __future__ import annotations

import contextvars
import itertools
from typing import Callable

import numpy as np

from .tensor import _DTYPES, Tensor, _wrap

__all__ = ["Node", "AccumulateGrad", "RemovableHandle", "node_class", "new_node", "check_saved",
           "unbroadcast", "versions", "SECOND_BACKWARD", "MODIFIED_INPLACE"]

SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")

_UINT64_MAX = 2 ** 64 - 1
MODIFIED_INPLACE = (
    "one of the variables needed for gradient computation has been modified by an inplace "
    "operation: [{type} [{shape}]]{output} is at version {version}; expected version "
    "{expected} instead. Hint: enable anomaly detection to find the operation that failed to "
    "compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")



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
    # set on the per-output stand-ins of a node with several outputs (a custom Function,
    # function.py; split/chunk/unbind, multi_view.py):
    # the shared node, which the graph shows in their place
    _output_of = None

    @property
    def next_functions(self) -> tuple:
        """``((node, 0), ...)``, one pair per input; ``(None, 0)`` for an input that does
        not require grad (a fresh tuple on each access, as in torch); ``(node, k)`` for
        output k of a node with several outputs (a custom Function, split, chunk, unbind)."""
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

