"""Custom autograd Functions: ``class MyReLU(engine.autograd.Function)`` as in PyTorch.

A subclass gives a static ``forward(ctx, *args)`` and ``backward(ctx, *grads)``;
``MyReLU.apply(x)`` runs forward without recording and, when an input requires grad, makes
one graph node, ``MyReLUBackward``, whose backward is the user's code.  The node is also
the ``ctx`` both methods receive (as in torch): ``save_for_backward`` / ``saved_tensors``
(version-checked, freed after backward), ``needs_input_grad``, ``mark_dirty``,
``mark_non_differentiable`` and any attribute the user sets.

A Function may return several tensors (a tuple); its backward then receives one gradient per
output, zeros for an output that got none (``set_materialize_grads(False)``: None), and
returns one per input.  In the graph each of those outputs reaches the Function's node through
a small stand-in node (:class:`FunctionOutput`) that files the gradient under its output
number; ``grad_fn`` and ``next_functions`` show the Function's node, as torch does.

Limits of this engine: no double backward through a Function.
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from . import forward_ad as _fwd
from .op_record import Op
from .tensor import INPLACE_LEAF, Tensor, _wrap, version_counter

__all__ = ["Function", "FunctionCtx", "once_differentiable"]


class FunctionCtx(_ag.Node):
    """The graph node of one ``Function.apply`` call, and that call's ``ctx``."""
    __slots__ = ()
    _fn_cls = None                 # the Function subclass (set on each generated node class)
    needs_input_grad: tuple = ()
    _saved_versions: tuple = ()
    _dirty: tuple = ()
    _non_diff: tuple = ()
    _outputs: frozenset = frozenset()
    materialize_grads = True

    def save_for_backward(self, *tensors) -> None:
        self._args = tuple(tensors)
        self._saved_versions = tuple(None if t is None else t._version for t in tensors)

    @property
    def saved_tensors(self) -> tuple:
        if self._args is None:
            raise RuntimeError(_ag.SECOND_BACKWARD)
        for t, v in zip(self._args, self._saved_versions):
            if t is not None and t._version != v:
                # torch names the node that made the tensor: this one for its own output
                g = self if id(t) in self._outputs else t._grad_fn
                _ag._raise_modified(t, version_counter(t), self._seq,
                                    None if g is None else g.name(), expected=v)
        return self._args

    def mark_dirty(self, *tensors) -> None:
        self._dirty = tuple(tensors)

    def mark_non_differentiable(self, *tensors) -> None:
        self._non_diff = tuple(tensors)

    def set_materialize_grads(self, value: bool) -> None:
        self.materialize_grads = bool(value)

    def _apply(self, g):
        """Run the user's backward on this node's gradient (grad mode off, as in torch)."""
        slots = self.__dict__.get("_slots")
        if slots is not None:     # several outputs: their gradients, filed by FunctionOutput
            self._slots = [None] * len(slots)
            grad_outputs = [self._grad_output(k, gk) for k, gk in enumerate(slots)]
        else:
            grad_outputs = [_wrap(g) if g is not None else None]
        prev = _ag._state.enabled
        _ag._state.enabled = False
        try:
            grads = self._fn_cls.backward(self, *grad_outputs)
        finally:
            _ag._state.enabled = prev
        if not isinstance(grads, tuple):
            grads = (grads,)
        name = type(self).__name__
        if len(grads) > self._n_args and all(x is None for x in grads[self._n_args:]):
            grads = grads[:self._n_args]  # extra Nones (defaulted arguments) are allowed
        if len(grads) != self._n_args:
            raise RuntimeError(f"function {name} returned an incorrect number of gradients "
                               f"(expected {self._n_args}, got {len(grads)})")
        res = []
        for nxt, i in zip(self._nx, self._edges):
            gi = grads[i]
            if nxt is None or gi is None:
                res.append(None)
                continue
            a = gi._data if isinstance(gi, Tensor) else np.asarray(gi)
            shape = self._in_shapes[i]
            if a.shape != shape:
                try:
                    np.broadcast_shapes(a.shape, shape)
                    a = _ag._unbroadcast(np.broadcast_to(a, np.broadcast_shapes(a.shape, shape)),
                                         shape)
                except ValueError:
                    raise RuntimeError(
                        f"Function {name} returned an invalid gradient at index {i} - got "
                        f"[{', '.join(map(str, a.shape))}] but expected shape compatible with "
                        f"[{', '.join(map(str, shape))}]") from None
            res.append(a)
        return res

    def graph_apply(self, g) -> list:
        """create_graph=True: the user's backward with grad mode on, so it is recorded."""
        per_output = self.__dict__.get("_slots")
        if per_output is None:
            grad_outputs = (g,)
        else:                       # several outputs: their gradients, filed by the stand-ins
            self._slots = [None] * len(per_output)
            grad_outputs = [self._grad_output(k, gk) if gk is None else gk
                            for k, gk in enumerate(per_output)]
        grads = self._fn_cls.backward(self, *grad_outputs)
        grads = grads if isinstance(grads, tuple) else (grads,)
        return [None if nxt is None else grads[i] for nxt, i in zip(self._nx, self._edges)]

    def _grad_output(self, k: int, g):
        """Output k's gradient for the user's backward: zeros if none arrived (materialized)."""
        if g is not None:
            return _wrap(g)
        if not self.materialize_grads:
            return None
        shape, dtype = self._out_meta[k]
        return _wrap(np.zeros(shape, dtype))

    def __repr__(self):
        return f"<engine.autograd.function.{type(self).__name__} object at {hex(id(self))}>"


class FunctionOutput(_ag.Node):
    """Output k of a custom Function with several outputs: files the gradient that reaches
    it in the Function node's slot k and hands on nothing (the node then runs the user's
    backward with every output's gradient).  Named like the Function's node."""
    __slots__ = ()

    def _apply(self, g):
        ctx = self._output_of
        slots = ctx._slots
        k = self._k
        if g is not None:
            slots[k] = g if slots[k] is None else slots[k] + g
        return [None]


class _FunctionMeta(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        # the node class torch makes for each Function: <Name>Backward
        cls._backward_cls = type(name + "Backward", (FunctionCtx,), {"__slots__": ()})
        cls._backward_cls._fn_cls = cls
        cls._output_cls = type(name + "Backward", (FunctionOutput,), {"__slots__": ()})


class Function(metaclass=_FunctionMeta):
    """Base class of custom autograd Functions (``torch.autograd.Function``)."""

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode "
                                  "AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        _refuse_forward_mode(cls, args)
        ctx, tensor_idx = _new_ctx(cls, args)
        # the next nodes, taken before forward can rebase a dirty input onto this node
        nx = tuple((args[i]._grad_fn or args[i]._accumulator()) if args[i]._rg else None
                   for i in tensor_idx)
        prev = _ag._state.enabled
        _ag._state.enabled = False  # forward records nothing, as in torch
        try:
            if "setup_context" in _defined_on(cls):  # torch 2's style: forward without ctx
                out = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, out)
            else:
                out = cls.forward(ctx, *args, **kwargs)
        finally:
            _ag._state.enabled = prev
        outs = out if isinstance(out, tuple) else (out,)
        recording = prev and any(ctx.needs_input_grad)
        result = _mark_outputs(cls, ctx, args, outs, recording)
        ctx._outputs = frozenset(id(o) for o in result if isinstance(o, Tensor))
        if recording:
            ctx._edges = tensor_idx
            ctx._nx = nx
        return result[0] if not isinstance(out, tuple) else tuple(result)


def _refuse_forward_mode(cls, args: tuple) -> None:
    if _fwd.active() and _fwd.has_tangent(args):
        if "jvp" in _defined_on(cls):
            raise NotImplementedError("forward mode AD through a custom Function's jvp "
                                      "is not supported by this engine yet")
        raise NotImplementedError("You must implement the jvp function for custom "
                                  "autograd.Function to use it with forward mode AD.")


def _new_ctx(cls, args: tuple) -> tuple:
    """The node of this call (not yet linked to the graph), and the positions of its tensor
    arguments."""
    ctx = cls._backward_cls()
    init_node(ctx, (), next(_ag._seq_counter), custom_op(cls.__name__ + "Backward"), ())
    tensor_idx = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
    ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._rg for a in args)
    ctx._n_args = len(args)
    ctx._in_shapes = {i: args[i]._data.shape for i in tensor_idx}
    return ctx, tensor_idx


def _mark_outputs(cls, ctx: FunctionCtx, args: tuple, outs: tuple, recording: bool) -> list:
    """The outputs as the caller gets them: each differentiable one gets this node (or, with
    several, its stand-in) as grad_fn; dirty inputs get a new version."""
    several = sum(isinstance(o, Tensor) for o in outs) > 1
    if several and recording:
        ctx._slots = [None] * len(outs)
        ctx._out_meta = [(o._data.shape, o._data.dtype) if isinstance(o, Tensor)
                         else ((), np.float32) for o in outs]
    dirty = {id(t) for t in ctx._dirty}
    result = []
    for k, o in enumerate(outs):
        if isinstance(o, Tensor):
            o = _mark_output(o, id(o) in dirty, args, recording)
            # integer outputs and those marked non-differentiable get no gradient edge
            if recording and not any(o is t for t in ctx._non_diff) and o._data.dtype.kind in "fc":
                o._rg = True
                o._grad_fn = ctx if not several else new_stand_in(cls._output_cls, ctx, k)
            elif id(o) not in dirty:
                o._rg = False
        result.append(o)
    return result


def _mark_output(o: Tensor, dirty: bool, args: tuple, recording: bool) -> Tensor:
    """One output tensor: a dirty (in-place changed) input gets a new version, an input
    returned unchanged becomes a new tensor sharing its data."""
    if dirty:
        if recording and o._rg and o._grad_fn is None:
            raise RuntimeError(INPLACE_LEAF.replace("is being used", "has been used"))
        version_counter(o).bump()
    elif any(o is a for a in args):
        src = o  # an input returned as is: a new tensor on the same data and
        o = _wrap(src._data)  # version counter, as torch does
        o._vc = version_counter(src)
    return o


def init_node(node, nx: tuple, seq: int, opdef: Op, edges: tuple) -> None:
    """The fields every node made outside ``ops.apply_op`` starts with (nothing saved)."""
    node._nx = nx
    node._seq = seq
    node._opdef = opdef
    node._args = ()
    node._out = None
    node._ins = None
    node._edges = edges


def new_stand_in(stand_in_cls: type, node, k: int) -> FunctionOutput:
    """Output ``k``'s stand-in for ``node`` (a Function's, or a split's: ``multi_view.py``):
    it files the gradient reaching output k in ``node._slots[k]``."""
    stand_in = stand_in_cls()
    init_node(stand_in, (node,), node._seq, node._opdef, (0,))
    stand_in._output_of = node
    stand_in._k = k
    return stand_in


_CUSTOM_OPS: dict = {}


def custom_op(grad_fn: str) -> Op:
    """The op-table-like record the nodes named ``grad_fn`` point to (backward runs
    node._apply); one per name, shared (it holds no state)."""
    op = _CUSTOM_OPS.get(grad_fn)
    if op is None:
        op = _CUSTOM_OPS[grad_fn] = Op(
            name=grad_fn, arity=0, forward=None, vjps=(), grad_fn=grad_fn, label=grad_fn,
            symbol=None, precedence=16, params=(), category="elementwise",
            doc="a custom autograd.Function", formulas=(), broadcast=False, saves=False,
            method=False, function=False, functional=False, samples=lambda rng, dt: [],
            reads=(), custom=True)
    return op


def _defined_on(cls) -> set:
    """Names defined by the user's classes (not by Function itself)."""
    names = set()
    for k in cls.__mro__:
        if k is Function:
            break
        names.update(vars(k))
    return names


def once_differentiable(fn):
    """torch's decorator for a backward that cannot itself be differentiated (a no-op here:
    this engine has no double backward through Functions)."""
    return fn
