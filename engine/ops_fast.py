"""Fast paths of the most common Tensor methods and operators on small tensors.

Tiny tensors are dominated by Python overhead, so the common calls (unary ops without
parameters, binary operators between same-dtype tensors or a tensor and a Python number)
get straight-line versions of ``dispatch._apply`` with everything precomputed per op.  They
produce exactly what ``_apply`` would (values, dtypes, grad_fn, saved inputs, view
bookkeeping: ``tests/engine/test_ops_fast.py`` checks each against it); anything unusual
falls back to ``_apply``.  ``engine/ops_methods.py`` installs them on ``Tensor``.
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from . import limits as _limits
from .dispatch import (_apply, _as_tensor, _forward_error, _mark_no_grad_view, _share_view,
                       _state)
from .dtypes import _F32, _F64
from .op_table import Op
from .tensor import Tensor

_FLOATS = frozenset(np.dtype(t) for t in (np.float16, np.float32, np.float64))
_EMPTY: dict = {}
# module-level names for what every call reads (one global lookup, no attribute chain)
_tnew = Tensor.__new__
_seq = _ag._seq_counter
_quiet_run = _ag.quiet_run
_quiet_call = _ag.quiet_call
_ndarray = np.ndarray
_asarray = np.asarray
_NX_NONE = (None,)
_budget = _limits._state
_SAME01 = _ag._SameShapes((0, 1))
_SCALARS: dict = {_F32: {}, _F64: {}}


def _scalar_array(v, dt) -> np.ndarray:
    """A Python number as a read-only 0-d array of the tensor's dtype (ufuncs take 0-d
    arrays faster than numpy scalars); cached, since programs reuse their constants."""
    cache = _SCALARS[dt]
    a = cache.get(v)
    if a is None or v == 0:  # zeros are not cached: 0.0 and -0.0 are equal keys
        a = np.asarray(v, dtype=dt)
        a.flags.writeable = False
        if len(cache) > 4096:
            cache.clear()
        cache[v] = a
    return a


def _array_out_supported() -> bool:
    """Does a ufunc accept ``out=...`` (numpy >= 2.3): return a 0-d result as a 0-d array
    rather than a numpy scalar?  The fast paths then skip converting every 0-d result back
    into an array (~0.1 us an op on 0-d tensors, 3 % of the tiny-graph benchmarks)."""
    try:
        return type(np.negative(np.zeros(()), out=...)) is np.ndarray
    except TypeError:
        return False


_ARRAY_OUT = _array_out_supported()


def _fast_unary(op: Op):
    fwd = op.forward
    ufunc = _ARRAY_OUT and isinstance(fwd, np.ufunc)  # see _array_out_supported
    float_out = op.float_out
    cls = _ag.node_class(op.grad_fn)
    is_view = op.view
    keeps_ins = op._keeps_ins
    budget = _budget
    edges = (0,)

    def method(self):
        a = self._data
        if float_out:
            dt = a.dtype
            if dt is not _F32 and dt is not _F64 and dt not in _FLOATS:
                a = a.astype(_F32)
        try:
            # inf/nan silently, as in torch
            out = _quiet_run(fwd, a, out=...) if ufunc else _quiet_run(fwd, a)
        except RuntimeError:
            out = _quiet_call(fwd, a)  # quiet context busy in another thread
        if type(out) is not _ndarray:
            out = _asarray(out)
        if budget.scope is not None:
            _limits.tally(out.nbytes)
        t = _tnew(Tensor)
        t._data = out
        if self._rg:
            if _state.enabled:
                fn = self._grad_fn
                node = cls()
                if fn is not None:
                    node._nx = (fn,)
                else:  # a leaf: its AccumulateGrad keeps this tuple ready (no allocation)
                    fn = self._acc
                    if fn is None or fn is False:
                        fn = self._accumulator()
                    node._nx = fn._nx1 if fn is not None else _NX_NONE
                node._seq = next(_seq)
                node._opdef = op
                node._args = (a,)
                node._out = out
                node._edges = edges
                node._ins = (self,) if keeps_ins else None
                t._rg = True
                t._grad_fn = node
                if is_view:
                    _share_view(t, self)
                return t
            if is_view:
                t._rg = True
                _mark_no_grad_view(t, self)
                t._grad_fn = None
                return t
        t._rg = False
        t._grad_fn = None
        if is_view:
            _share_view(t, self)
        return t
    method.__name__ = op.name
    method.__doc__ = op.doc
    return method


def _fast_binary(op: Op, reflected: bool):
    """x <op> y for Tensor/Tensor (same dtype) and Tensor/Python-number; else _apply.

    The operator ``f`` below stays one straight-line function (complexity 49) on purpose: it
    is the path of every ``x * 2`` and ``x + y``, measured at 2.6 / 2.4 us per call against
    21 / 6.1 us through ``dispatch._apply`` (``benchmarks/ops_fast_bench.py``, load 5.8);
    each helper call it were split into would add ~60 ns (~3 %) to the tiny-tensor chain
    and wide benchmarks.  Its behaviour is pinned to the reference path by
    ``tests/engine/test_ops_fast.py``."""
    fwd = op.forward
    ufunc = _ARRAY_OUT and isinstance(fwd, np.ufunc)  # see _array_out_supported
    float_out = op.float_out

    def variant(mask):
        name = op.grad_fn if isinstance(op.grad_fn, str) else op.grad_fn(_EMPTY, mask)
        edges = op.edges(mask) if op.edges is not None else (0, 1)
        return _ag.node_class(name), edges
    cls_tt, _ = variant((False, False))
    cls_ts, edges_ts = variant((False, True))
    cls_st, edges_st = variant((True, False))
    # a Python number is the scalar operand of this call: its class and edges are fixed
    cls_s, edges_s = (cls_st, edges_st) if reflected else (cls_ts, edges_ts)
    # a Python number is 0-d: the tensor operand has the output's shape, so its gradient
    # never needs unbroadcasting (see autograd._SameShapes)
    edges_s = _ag._SameShapes(edges_s)
    two_s = len(edges_s) == 2
    # `2 / x` is composed (reciprocal * 2): slow path
    scalar_ok = not (reflected and op.compose is not None)
    s32, s64 = _SCALARS[_F32], _SCALARS[_F64]
    keeps_ins = op._keeps_ins
    # with a Python number, only the tensor's own VJP runs: keep the tensor for the version
    # check only if that VJP reads it (x ** 2 does, x * 2 and x / 2 do not)
    pos = 1 if reflected else 0
    keeps_s = keeps_ins and (op.reads is None or pos in op.reads[pos])
    budget = _budget

    def f(self, other):
        a = self._data
        to = type(other)
        if to is float or to is int:
            dt = a.dtype
            if dt is _F32:
                s = s32.get(other)
            elif dt is _F64:
                s = s64.get(other)
            else:
                return _apply(op, (other, self) if reflected else (self, other), {})
            if not scalar_ok:
                return _apply(op, (other, self), {})
            if s is None or not other:  # zeros are never cached (see _scalar_array)
                s = _scalar_array(other, dt)
            if reflected:
                b = a
                a = s
            else:
                b = s
            cls = cls_s
            edges = edges_s
            if self._rg and _state.enabled:
                ins = ((None, self) if reflected else (self, None)) if keeps_s else None
                fn = self._grad_fn
                if fn is not None:
                    nf = (fn, None) if two_s else (fn,)
                else:  # a leaf: its AccumulateGrad keeps (acc,) ready
                    fn = self._acc
                    if fn is None or fn is False:
                        fn = self._accumulator()
                    nf = (fn, None) if two_s else fn._nx1 if fn is not None else _NX_NONE
            else:
                nf = None
        elif to is Tensor or isinstance(other, Tensor):
            b = other._data
            if a.dtype is not b.dtype or (float_out and a.dtype not in _FLOATS):
                return _apply(op, (other, self) if reflected else (self, other), {})
            if reflected:
                x = other
                y = self
                a, b = b, a
            else:
                x = self
                y = other
            ins = (x, y) if keeps_ins else None
            cls = cls_tt
            if a.shape == b.shape:
                edges = _SAME01
            else:
                edges = (0, 1)
                if a.size * b.size > _budget.max_elements:  # (the result is never larger)
                    _limits.check_broadcast((a.shape, b.shape))
            if (x._rg or y._rg) and _state.enabled:
                if x._rg:
                    ex = x._grad_fn
                    if ex is None:
                        ex = x._acc
                        if ex is None or ex is False:
                            ex = x._accumulator()
                else:
                    ex = None
                if y._rg:
                    ey = y._grad_fn
                    if ey is None:
                        ey = y._acc
                        if ey is None or ey is False:
                            ey = y._accumulator()
                else:
                    ey = None
                nf = (ex, ey)
            else:
                nf = None
        elif isinstance(other, (list, tuple, np.ndarray, np.generic, bool)):
            o = other if isinstance(other, (np.generic, bool)) else _as_tensor(other)
            return _apply(op, (o, self) if reflected else (self, o), {})
        else:
            return NotImplemented
        try:
            try:
                # inf/nan silently, as in torch
                out = _quiet_run(fwd, a, b, out=...) if ufunc else _quiet_run(fwd, a, b)
            except RuntimeError:
                out = _quiet_call(fwd, a, b)  # quiet context busy in another thread
        except ValueError as err:
            raise _forward_error(op, (a, b), err) from None
        if type(out) is not _ndarray:
            out = _asarray(out)
        if budget.scope is not None:
            _limits.tally(out.nbytes)
        t = _tnew(Tensor)
        t._data = out
        if nf is not None:
            node = cls()
            node._nx = nf
            node._seq = next(_seq)
            node._opdef = op
            node._args = (a, b)
            node._out = out
            node._edges = edges
            node._ins = ins
            t._rg = True
            t._grad_fn = node
            return t
        t._rg = False
        t._grad_fn = None
        return t
    f.__name__ = op.name
    f.__doc__ = op.doc
    return f

