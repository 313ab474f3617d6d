"""Dispatch for the op table (``engine/op_table.py``): running an op on tensors and Python
scalars with torch's dtype promotion, recording its graph node, the fast paths of the
common Tensor methods and operators, and the generated methods and functions.

``OPS``, ``INTERNAL_OPS``, ``Op`` and ``Param`` are re-exported from the table module.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from . import autograd as _ag
from . import limits as _limits
from . import forward_ad as _fwd
from . import view_inplace as _view_inplace
from .op_table import (CATEGORIES, INTERNAL_OPS, OPS, REQUIRED, Op, Param, _F32, _F64,  # noqa: F401
                       _nll_vjp, lookup)  # (re-exported: engine.ops.OPS is the public name)
from .tensor import (INPLACE_LEAF, Tensor, _bump_version, _mark_no_grad_view, _norm_dim,
                     _share_view, _to_array, _wrap, version_counter)

__all__ = ["Param", "Op", "OPS", "INTERNAL_OPS", "REQUIRED", "apply_op", "apply_internal",
           "lookup", "CATEGORIES"]


# ============================================================================ apply
_state = _ag._state
_scalar_types = (int, float, bool, np.generic)
_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def _promote(dts):
    """torch.promote_types over several dtypes: the highest category (bool < int < float)
    wins outright (int64 + float32 -> float32, unlike numpy); within it, numpy's rule."""
    top = max(_KIND_RANK[d.kind] for d in dts)
    return np.result_type(*[d for d in dts if _KIND_RANK[d.kind] == top])


def _result_dtype(arrays, idx):
    """torch's type promotion: dimensioned tensors win over 0-d ones of the same category."""
    dims = [arrays[i].dtype for i in idx if arrays[i] is not None and arrays[i].ndim > 0]
    zeros = [arrays[i].dtype for i in idx if arrays[i] is not None and arrays[i].ndim == 0]
    dt_dim = _promote(dims) if dims else None
    dt_zero = _promote(zeros) if zeros else None
    if dt_dim is None:
        return dt_zero
    if dt_zero is None or _KIND_RANK[dt_zero.kind] <= _KIND_RANK[dt_dim.kind]:
        return dt_dim
    return dt_zero


def _broadcast_message(sa, sb) -> str:
    """torch's text for shapes that do not broadcast (first clash from the right)."""
    n = max(len(sa), len(sb))
    for i in range(1, n + 1):
        x = sa[-i] if i <= len(sa) else 1
        y = sb[-i] if i <= len(sb) else 1
        if x != y and x != 1 and y != 1:
            return (f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                    f"non-singleton dimension {n - i}")
    return "shapes do not broadcast"


def _forward_error(op, arrays, err):
    if op.broadcast:
        shapes = [np.shape(arrays[i]) for i in range(len(arrays))
                  if arrays[i] is not None and i not in op.nondiff]
        if op.nondiff:
            shapes = [np.shape(a) for a in arrays if a is not None]
        for i in range(len(shapes)):
            for j in range(i + 1, len(shapes)):
                try:
                    np.broadcast_shapes(shapes[i], shapes[j])
                except ValueError:
                    return RuntimeError(_broadcast_message(shapes[i], shapes[j]))
    return err


def _coerce_scalar(s, dt):
    return np.asarray(s, dtype=dt)


def _float_dt(dt):
    return dt if dt.kind in "fc" else _F32


def apply_op(name: str, *inputs, **params) -> Tensor:
    """Run op ``name`` on tensors / Python scalars, recording the graph like torch.

    Python scalars take the tensor's dtype (``apply_op("sub", 2, x)`` is ``2 - x``:
    RsubBackward1).  Always returns one Tensor: for ``max``/``min`` with a ``dim`` that is
    the values (the method and ``engine.max`` return torch's ``(values, indices)``)."""
    op = OPS.get(name)
    if op is None:
        op = INTERNAL_OPS[name]
    return _apply(op, inputs, params)


def apply_internal(name: str, *inputs, **params) -> Tensor:
    return _apply(INTERNAL_OPS[name] if name in INTERNAL_OPS else OPS[name], inputs, params)


def _apply(op: Op, inputs: tuple, params: dict) -> Tensor:
    if _fwd._state.levels and _fwd.has_tangent(inputs):  # forward AD: tangents flow too
        return _fwd.apply_dual(op, inputs, params, _apply_primal)
    return _apply_primal(op, inputs, params)


def _apply_primal(op: Op, inputs: tuple, params: dict) -> Tensor:
    n = len(inputs)
    if n != op.arity:
        if op.optional_inputs and op.arity - op.optional_inputs <= n < op.arity:
            inputs = inputs + (None,) * (op.arity - n)
        else:
            raise TypeError(f"{op.name}() takes {op.arity} tensor inputs but {n} were given")
    mask = None
    for x in inputs:
        if not isinstance(x, Tensor):
            if any(isinstance(t, (np.ndarray, list, tuple)) for t in inputs):
                # arrays are constant tensors (not Python scalars): torch.tensor(...) semantics
                inputs = tuple(_as_tensor(t) if isinstance(t, (np.ndarray, list, tuple)) else t
                               for t in inputs)
            mask = tuple(not isinstance(t, Tensor) for t in inputs)
            if not any(mask):
                mask = None
            break
    if op.compose is not None:
        if op.defaults:
            params = {**op.defaults, **params}
        r = op.compose(inputs, params, mask or (False,) * op.arity)
        if r is not None:
            return r
    if op.defaults and params.keys() != op.defaults.keys():
        params = {**op.defaults, **params}

    if mask is None:
        arrays = [x._data for x in inputs]
        if n == 2:
            a, b = arrays
            if a.dtype is not b.dtype and a.dtype != b.dtype and op.broadcast:
                dt = _result_dtype(arrays, (0, 1))
                arrays = [a.astype(dt, copy=False), b.astype(dt, copy=False)]
        elif n == 3 and op.broadcast:
            idx = [i for i in range(3) if i not in op.nondiff]
            dt = _result_dtype(arrays, idx)
            for i in idx:
                arrays[i] = arrays[i].astype(dt, copy=False)
    else:
        arrays = _mixed_arrays(op, inputs, mask)
    if op.float_out:
        for i, a in enumerate(arrays):
            if a is not None and i not in op.nondiff and a.dtype.kind not in "fc":
                arrays[i] = a.astype(_F32)

    # the result's size, checked against the tensor budget before anything is allocated
    if op.result_shape is not None:
        shape = op.result_shape(*arrays, **params)
        if shape is not None:
            _limits.check_shape(shape)
    elif op.broadcast and n > 1:
        _limits.check_broadcast([a.shape for a in arrays if a is not None])

    tok = _ag.quiet_set(_ag._IGNORE)  # inf/nan silently, as in torch
    try:
        out = op.forward(*arrays, **params) if params else op.forward(*arrays)
    except ValueError as err:
        raise _forward_error(op, arrays, err) from None
    finally:
        _ag.quiet_reset(tok)
    if type(out) is not np.ndarray:
        out = np.asarray(out)
    if _budget.scope is not None and out.flags.owndata:
        _limits.tally(out.nbytes)

    t = Tensor.__new__(Tensor)
    t._data = out
    if _state.enabled:
        for x in inputs:
            if isinstance(x, Tensor) and x._rg:
                break
        else:
            t._rg = False
            t._grad_fn = None
            if op.view and isinstance(inputs[0], Tensor):
                _share_view(t, inputs[0])
            return t
        edges = op.default_edges if (mask is None or op.edges is None) else op.edges(mask)
        nf = []
        for i in edges:
            x = inputs[i]
            if isinstance(x, Tensor) and x._rg:
                fn = x._grad_fn
                nf.append(fn if fn is not None else x._accumulator())
            else:
                nf.append(None)
        gname = op.grad_fn if type(op.grad_fn) is str else op.grad_fn(params, mask or (False,) * n)
        t._rg = True
        t._grad_fn = _ag._new_node(gname, op, tuple(arrays), out, params, edges, tuple(nf),
                                   tuple([x if isinstance(x, Tensor) else None for x in inputs])
                                   if op._keeps_ins else None)
        if op.view and isinstance(inputs[0], Tensor):
            _share_view(t, inputs[0])
        return t
    t._grad_fn = None
    if op.view and isinstance(inputs[0], Tensor) and inputs[0]._rg:
        # torch: a view taken under no_grad of a tensor that requires grad still reports
        # requires_grad=True, but has no grad_fn and no gradient edge
        t._rg = True
        _mark_no_grad_view(t, inputs[0])
    else:
        t._rg = False
        if op.view and isinstance(inputs[0], Tensor):
            _share_view(t, inputs[0])
    return t


def _mixed_arrays(op, inputs, mask):
    tens_idx = [i for i, m in enumerate(mask) if not m and i not in op.nondiff]
    arrays: list = [None] * len(inputs)
    for i, x in enumerate(inputs):
        if not mask[i]:
            arrays[i] = x._data
    dt = _result_dtype(arrays, tens_idx) if tens_idx else None
    has_float_scalar = any(mask[i] and isinstance(inputs[i], (float, np.floating))
                           for i in range(len(inputs)))
    if dt is None:
        dt = _F32
    elif has_float_scalar and dt.kind not in "fc":
        dt = _F32
    for i, x in enumerate(inputs):
        if mask[i]:
            if x is None:
                continue
            if isinstance(x, _scalar_types):
                sdt = dt
                if isinstance(x, (bool, np.bool_)) and dt.kind == "b":
                    sdt = np.dtype(np.bool_)
                arrays[i] = np.asarray(x, dtype=sdt) if i not in op.nondiff else np.asarray(x)
            else:
                arrays[i] = _to_array(x, None)
        elif i not in op.nondiff and op.broadcast and arrays[i].dtype != dt:
            arrays[i] = arrays[i].astype(dt)
    return arrays



# ---------------------------------------------------------------- fast paths
# Tiny tensors are dominated by Python overhead, so the common calls (unary ops without
# parameters, binary operators between same-dtype tensors or a tensor and a Python number)
# get straight-line versions of _apply with everything precomputed per op.  They produce
# exactly what _apply would; anything unusual falls back to _apply.
_FLOATS = frozenset(np.dtype(t) for t in (np.float16, np.float32, np.float64))
_EMPTY: dict = {}
_tnew = Tensor.__new__
_seq = _ag._seq_counter
_quiet_set = _ag.quiet_set
_quiet_reset = _ag.quiet_reset
_quiet_run = _ag.quiet_run
_quiet_call = _ag.quiet_call
_IGNORE = _ag._IGNORE
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


def _fast_unary(op: Op):
    fwd = op.forward
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
            out = _quiet_run(fwd, a)  # inf/nan silently, as in torch
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
    """x <op> y for Tensor/Tensor (same dtype) and Tensor/Python-number; else _apply."""
    fwd = op.forward
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
                out = _quiet_run(fwd, a, b)  # inf/nan silently, as in torch
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


# ============================================================================ generation
MaxResult = namedtuple("max", ["values", "indices"])
MinResult = namedtuple("min", ["values", "indices"])


def _return_types_repr(self):
    return (f"torch.return_types.{type(self).__name__}(\nvalues={self.values!r},\n"
            f"indices={self.indices!r})")


MaxResult.__repr__ = _return_types_repr
MinResult.__repr__ = _return_types_repr


def _bind(op: Op, args: tuple, kwargs: dict) -> dict:
    """Bind positional/keyword arguments to the op's declared params (torch's order)."""
    params = {}
    ps = op.params
    if len(ps) == 1 and ps[0].kind == "shape" and args and all(
            isinstance(a, (int, np.integer)) for a in args):
        params[ps[0].name] = tuple(int(a) for a in args)
        args = ()
    if len(args) > len(ps):
        raise TypeError(f"{op.name}() takes at most {len(ps)} arguments ({len(args)} given)")
    for p, a in zip(ps, args):
        params[p.name] = tuple(a) if p.kind == "shape" and isinstance(a, (list, tuple)) else a
    for k, v in kwargs.items():
        if k == "axis":
            k = "dim"
        if k in params:
            raise TypeError(f"{op.name}() got multiple values for argument '{k}'")
        params[k] = tuple(v) if k in ("shape", "dims") and isinstance(v, list) else v
    return params


def _extreme_result(op, x, params, cls):
    values = _apply(op, (x,), params)
    xd = x._data if isinstance(x, Tensor) else np.asarray(x)
    d = _norm_dim(params["dim"], xd.ndim)
    argfn = np.argmax if op.name == "max" else np.argmin
    idx = argfn(xd, axis=d, keepdims=params.get("keepdim", False)) if xd.ndim else np.zeros((), np.int64)
    return cls(values, _wrap(np.asarray(idx, dtype=np.int64)))


def _make_method(op: Op):
    if op.name in ("max", "min"):
        cls = MaxResult if op.name == "max" else MinResult
        other = INTERNAL_OPS["maximum" if op.name == "max" else "minimum"]

        def method(self, *args, **kwargs):
            if args and isinstance(args[0], Tensor):
                return _apply(other, (self, args[0]), {})
            params = _bind(op, args, kwargs)
            if params.get("dim") is None:
                return _apply(op, (self,), params)
            return _extreme_result(op, self, params, cls)
    elif op.arity == 1 and not op.params and op.compose is None and isinstance(op.grad_fn, str):
        return _fast_unary(op)
    elif op.arity == 1 and not op.params:
        def method(self):
            return _apply(op, (self,), {})
    elif op.arity == 1:
        def method(self, *args, **kwargs):
            return _apply(op, (self,), _bind(op, args, kwargs))
    else:
        k = op.arity - 1

        def method(self, *args, **kwargs):
            ins = (self,) + args[:k]
            for name in op.input_names[1 + len(args[:k]):]:
                if name in kwargs:
                    ins = ins + (kwargs.pop(name),)
            return _apply(op, ins, _bind(op, args[k:], kwargs))
    method.__name__ = op.name
    method.__doc__ = op.doc
    return method


def _make_function(op: Op):
    if op.name in ("max", "min"):
        meth = _make_method(op)

        def function(input, *args, **kwargs):
            return meth(_as_tensor(input), *args, **kwargs)
    else:
        k = op.arity

        def function(*args, **kwargs):
            ins = args[:k]
            for name in op.input_names[len(ins):]:
                if name in kwargs:
                    ins = ins + (kwargs.pop(name),)
            return _apply(op, ins, _bind(op, args[k:], kwargs))
    function.__name__ = op.name
    function.__doc__ = op.doc
    return function


def _as_tensor(x):
    return x if isinstance(x, Tensor) else _wrap(_to_array(x, None))


METHODS: dict = {}
FUNCTIONS: dict = {}
FUNCTIONAL: dict = {}
for _op_def in OPS.values():
    if _op_def.method:
        METHODS[_op_def.name] = _make_method(_op_def)
        setattr(Tensor, _op_def.name, METHODS[_op_def.name])
    if _op_def.function or _op_def.functional:
        f = _make_function(_op_def)
        if _op_def.function:
            FUNCTIONS[_op_def.name] = f
        if _op_def.functional:
            FUNCTIONAL[_op_def.name] = f

_ADD, _SUB, _MUL, _DIV, _POW, _MATMUL, _NEG = (OPS[k] for k in ("add", "sub", "mul", "div", "pow",
                                                              "matmul", "neg"))


def _binop(op, reflected=False):
    if reflected:
        def f(self, other):
            if not isinstance(other, _scalar_types) and not isinstance(other, Tensor):
                if isinstance(other, (list, tuple, np.ndarray)):
                    other = _as_tensor(other)
                else:
                    return NotImplemented
            return _apply(op, (other, self), {})
    else:
        def f(self, other):
            if not isinstance(other, _scalar_types) and not isinstance(other, Tensor):
                if isinstance(other, (list, tuple, np.ndarray)):
                    other = _as_tensor(other)
                else:
                    return NotImplemented
            return _apply(op, (self, other), {})
    return f


for _name, _o in (("add", _ADD), ("sub", _SUB), ("mul", _MUL), ("truediv", _DIV),
                  ("pow", _POW)):
    setattr(Tensor, f"__{_name}__", _fast_binary(_o, False))
    setattr(Tensor, f"__r{_name}__", _fast_binary(_o, True))
for _name in ("add", "sub", "mul", "div", "pow"):
    _fb = _fast_binary(OPS[_name], False)
    METHODS[_name] = _fb
    setattr(Tensor, _name, _fb)
Tensor.__matmul__ = _binop(_MATMUL)
Tensor.__rmatmul__ = _binop(_MATMUL, True)
Tensor.__div__ = Tensor.__truediv__
Tensor.__neg__ = METHODS["neg"]
Tensor.__pos__ = lambda self: self
Tensor.__abs__ = lambda self: _apply(OPS["abs"], (self,), {})
Tensor.pow = METHODS["pow"]

# forward AD: a tensor with a tangent takes the general path (_apply), where tangents flow;
# the fast paths above stay free of any tangent check
for _op_def in OPS.values():
    if _op_def.method and _op_def.arity == 1 and not _op_def.params:
        setattr(_fwd.DualTensor, _op_def.name,
                (lambda o: lambda self: _apply(o, (self,), {}))(_op_def))
for _name, _o in (("add", _ADD), ("sub", _SUB), ("mul", _MUL), ("truediv", _DIV),
                  ("pow", _POW)):
    setattr(_fwd.DualTensor, f"__{_name}__", _binop(_o))
    setattr(_fwd.DualTensor, f"__r{_name}__", _binop(_o, True))
for _name in ("add", "sub", "mul", "div", "pow"):
    setattr(_fwd.DualTensor, _name, _binop(OPS[_name]))
_fwd.DualTensor.__div__ = _fwd.DualTensor.__truediv__
_fwd.DualTensor.__neg__ = _fwd.DualTensor.neg


# ---- comparisons: bool tensors, never part of the graph
def _cmp(ufunc):
    def f(self, other):
        o = other._data if isinstance(other, Tensor) else other
        if isinstance(o, (list, tuple)):
            o = np.asarray(o)
        if not isinstance(o, (np.ndarray, *_scalar_types)):
            return NotImplemented
        return _wrap(np.asarray(ufunc(self._data, o)))
    return f


for _name, _uf in (("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                   ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)):
    setattr(Tensor, f"__{_name}__", _cmp(_uf))
    setattr(Tensor, _name, _cmp(_uf))


def _logical(ufunc):
    def f(self, other):
        o = other._data if isinstance(other, Tensor) else other
        return _wrap(np.asarray(ufunc(self._data, o)))
    return f


Tensor.__and__ = _logical(np.logical_and)
Tensor.__or__ = _logical(np.logical_or)
Tensor.__xor__ = _logical(np.logical_xor)
Tensor.__invert__ = lambda self: _wrap(np.logical_not(self._data) if self._data.dtype.kind == "b"
                                       else np.invert(self._data))


def _equal(self, other) -> bool:
    return bool(self._data.shape == other._data.shape and np.array_equal(self._data, other._data))


def _allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    return bool(np.allclose(self._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


Tensor.equal = _equal
Tensor.allclose = _allclose


SortResult = namedtuple("sort", ["values", "indices"])   # torch.return_types.sort


def _sort(self, dim=-1, descending=False):
    """(values, indices) along ``dim``; the values carry SortBackward0, the indices no grad."""
    dim = _norm_dim(dim, max(self._data.ndim, 1)) if self._data.ndim else 0
    values = _apply(INTERNAL_OPS["sort"], (self,), {"dim": dim, "descending": bool(descending)})
    from .op_rules_shape import sort_order
    indices = _wrap(np.asarray(sort_order(self._data, dim, descending), dtype=np.int64))
    return SortResult(values, indices)


def _index_add_(self, dim, index, source, *, alpha=1):
    src = source if alpha == 1 else source * alpha
    return _inplace(self, INTERNAL_OPS["index_add"], (_as_tensor(src),),
                    {"dim": _norm_dim(dim, self._data.ndim), "index": np.asarray(index._data)})


Tensor.sort = _sort
Tensor.index_add_ = _index_add_
Tensor.argmax = lambda self, dim=None, keepdim=False: _wrap(np.asarray(
    np.argmax(self._data, axis=dim, keepdims=keepdim if dim is not None else False),
    dtype=np.int64))
Tensor.argmin = lambda self, dim=None, keepdim=False: _wrap(np.asarray(
    np.argmin(self._data, axis=dim, keepdims=keepdim if dim is not None else False),
    dtype=np.int64))
Tensor.isnan = lambda self: _wrap(np.isnan(self._data))
Tensor.isinf = lambda self: _wrap(np.isinf(self._data))
Tensor.any = lambda self: _wrap(np.asarray(np.any(self._data)))
Tensor.all = lambda self: _wrap(np.asarray(np.all(self._data)))
Tensor.sign = lambda self: _wrap(np.sign(self._data))


def _maximum(input, other):
    return _apply(INTERNAL_OPS["maximum"], (input, other), {})


def _minimum(input, other):
    return _apply(INTERNAL_OPS["minimum"], (input, other), {})


Tensor.maximum = _maximum
Tensor.minimum = _minimum


def _expand(self, *sizes):
    """torch's expand: a broadcast view (-1 keeps a size; new dims go in front)."""
    shape = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
    own = self._data.shape
    lead = len(shape) - len(own)
    if lead < 0:
        raise RuntimeError(f"expand(torch.FloatTensor{{[{', '.join(map(str, own))}]}}, size="
                           f"[{', '.join(map(str, shape))}]): the number of sizes provided "
                           f"({len(shape)}) must be greater or equal to the number of dimensions "
                           f"in the tensor ({len(own)})")
    shape = tuple(own[i - lead] if s == -1 and i >= lead else int(s) for i, s in enumerate(shape))
    return _apply(INTERNAL_OPS["expand"], (self,), {"shape": shape})


Tensor.expand = _expand


def _expand_as(self, other):
    """torch's expand_as: ``self.expand(other.size())`` (recorded as ExpandBackward0)."""
    return _expand(self, tuple(other.shape))


Tensor.expand_as = _expand_as


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """torch.flatten: dims start_dim..end_dim merged into one (recorded as a reshape)."""
    shape = input._data.shape
    if not shape:
        return apply_op("reshape", input, shape=(1,))
    s, e = _norm_dim(start_dim, len(shape)), _norm_dim(end_dim, len(shape))
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return apply_op("reshape", input, shape=shape[:s] + (n,) + shape[e + 1:])


Tensor.flatten = flatten
FUNCTIONS["flatten"] = flatten


def nll_loss(input, target, reduction: str = "mean") -> Tensor:
    """F.nll_loss: −log-probabilities picked by class index (NllLossBackward0)."""
    params = {} if reduction == "mean" else {"reduction": reduction}
    return _apply(INTERNAL_OPS["nll_loss"], (input, target), params)


FUNCTIONAL["nll_loss"] = nll_loss


# ---- indexing: ints -> SelectBackward0, slices -> SliceBackward0, None -> unsqueeze
def _getitem(self, key):
    if not isinstance(key, tuple):
        if isinstance(key, slice):
            # a lone slice is never optimised away in torch (x[:] is SliceBackward0)
            return _apply_slice(self, 0, key, force=True)
        key = (key,)
    if any(isinstance(k, (Tensor, np.ndarray, list)) for k in key) or any(
            isinstance(k, bool) for k in key):
        k2 = tuple(k._data if isinstance(k, Tensor) else k for k in key)
        return _apply(INTERNAL_OPS["index"], (self,), {"key": k2 if len(k2) > 1 else k2[0]})
    n_real = sum(1 for k in key if k is not None and k is not Ellipsis)
    if n_real > self._data.ndim:
        raise IndexError(f"too many indices for tensor of dimension {self._data.ndim}")
    if sum(1 for k in key if k is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if Ellipsis in [k for k in key if not isinstance(k, (Tensor, np.ndarray))]:
        i = next(j for j, k in enumerate(key) if k is Ellipsis)
        fill = (slice(None),) * (self._data.ndim - n_real)
        key = key[:i] + fill + key[i + 1:]
    res = self
    dim = 0       # position in the result
    real_dim = 0  # position in the indexed tensor (what torch's messages name)
    for k in key:
        if k is None:
            res = apply_op("unsqueeze", res, dim=dim)
            dim += 1
        elif isinstance(k, slice):
            res = _apply_slice(res, dim, k)
            dim += 1
            real_dim += 1
        else:
            idx = int(k)
            d = res._data.shape[dim]
            if not (-d <= idx < d):
                raise IndexError(
                    f"index {idx} is out of bounds for dimension {real_dim} with size {d}")
            res = _apply(INTERNAL_OPS["select"], (res,), {"dim": dim, "index": idx})
            real_dim += 1
    if res is self:
        res = _apply(INTERNAL_OPS["alias"], (self,), {})
    return res


def _apply_slice(t, dim, k, force=False):
    if t._data.ndim == 0:
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                         "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    if k.step is not None and k.step <= 0:
        raise ValueError("step must be greater than zero")
    n = t._data.shape[dim]
    start, stop, step = k.indices(n)
    if not force and start == 0 and stop == n and step == 1:
        return t
    return _apply(INTERNAL_OPS["slice"], (t,), {"dim": dim, "start": start, "stop": stop,
                                                 "step": step})


def _setitem(self, key, value):
    """``x[key] = value``: in grad mode, when x or value requires grad, a recorded in-place
    write (CopySlices, or IndexPutBackward0 for tensor/list indices, as torch names them)."""
    if isinstance(key, Tensor):
        key = key._data
    if isinstance(key, tuple):
        key = tuple(k._data if isinstance(k, Tensor) else k for k in key)
    parts = key if isinstance(key, tuple) else (key,)
    advanced = any(isinstance(k, (np.ndarray, list, bool)) for k in parts)
    if _state.enabled and (self._rg or (isinstance(value, Tensor) and value._rg)):
        if self._rg and self._grad_fn is None:
            # torch: an int or partial slice writes through a view of the leaf
            whole = advanced or all(k is Ellipsis or (isinstance(k, slice) and k == slice(None))
                                    for k in parts)
            raise RuntimeError(INPLACE_LEAF if whole else "a view of " + INPLACE_LEAF)
        _inplace(self, INTERNAL_OPS["index_put" if advanced else "copy_slices"],
                 (value if isinstance(value, Tensor) else _as_tensor(value),), {"key": key})
        return
    self._data[key] = value._data if isinstance(value, Tensor) else value
    _bump_version(self)


Tensor.__getitem__ = _getitem
Tensor.__setitem__ = _setitem


# grad_fn._saved_self / _saved_other / _saved_result ...: properties (not __getattr__, which
# would slow every attribute read of every node) for each name an input of the table has
for _name in sorted({"self", "result"} | {n for o in (*OPS.values(), *INTERNAL_OPS.values())
                                          for n in o.input_names[1:]}):
    setattr(_ag.Node, "_saved_" + _name, property(lambda node, _n=_name: node._saved(_n)))


# ============================================================================ in place
_TORCH_TYPE = {"f2": "Half", "f4": "Float", "f8": "Double", "i8": "Long", "i4": "Int",
               "i2": "Short", "i1": "Char", "u1": "Byte", "b1": "Bool"}


def _stand_in(t: Tensor) -> Tensor:
    """A copy of ``t``'s value in ``t``'s place in the graph: what an in-place op's node
    saves of the old value, which the op is about to overwrite."""
    s = _wrap(t._data.copy())
    s._rg = t._rg
    s._grad_fn = t._grad_fn
    return s


def _inplace(self: Tensor, op: Op, others: tuple, params: dict) -> Tensor:
    """``self.<op>_(*others)``: op(self, *others) written into self's data, as torch does.

    A leaf that requires grad refuses in grad mode; the version counter (shared with views
    and detach()) moves on, so nodes that saved the old value refuse to backward; when
    recording, self is rebased onto the op's node (``y.add_(1)``: AddBackward0)."""
    if _fwd._state.levels and _fwd.has_tangent((self, *others)):
        # one clear refusal rather than a tangent that silently no longer matches the value
        raise NotImplementedError(f"forward AD: the in-place {op.name}_ of a dual tensor is "
                                  f"not supported by this engine yet (use {op.name}, not in place)")
    recording = _state.enabled and (self._rg or any(
        isinstance(o, Tensor) and o._rg for o in others))
    src = self
    on_view = recording and self.__dict__.get("_view_base") is not None
    if recording:
        if on_view:     # recorded on the view's base (CopySlices), or torch's refusal
            _view_inplace.check(self)
        elif self._rg and self._grad_fn is None:
            raise RuntimeError(INPLACE_LEAF)
        if op.reads is None or any(0 in r for r in op.reads):
            src = _stand_in(self)
    vc = version_counter(self)
    seq = next(_ag._seq_counter)  # the change happens before the node below is recorded
    r = _apply(op, (src,) + others, params)
    a, out = self._data, r._data
    if out.shape != a.shape:
        raise RuntimeError(f"output with shape [{', '.join(map(str, a.shape))}] doesn't match "
                           f"the broadcast shape [{', '.join(map(str, out.shape))}]")
    if out.dtype != a.dtype and _KIND_RANK[out.dtype.kind] > _KIND_RANK[a.dtype.kind]:
        raise RuntimeError(f"result type {_TORCH_TYPE[out.dtype.str[1:]]} can't be cast to the "
                           f"desired output type {_TORCH_TYPE[a.dtype.str[1:]]}")
    if a.flags.writeable:
        np.copyto(a, out, casting="unsafe")
    else:  # a read-only array (a broadcast view, a cached constant): take a private copy
        self._data = out.astype(a.dtype)
    vc.bump(seq)
    fn = r._grad_fn
    if recording and fn is not None:
        if fn.__dict__.get("_out_vc") is None:
            fn._out_vc = vc  # the node's result is this tensor from now on
        if on_view:
            _view_inplace.rebase(self, fn)
        else:
            self._grad_fn = fn
            self._rg = True
            if "_views" in self.__dict__:   # views taken before now read through the new node
                _view_inplace.regenerate_views(self)
    return self


def _make_inplace(op: Op):
    if op.arity == 1:
        def method(self, *args, **kwargs):
            return _inplace(self, op, (), _bind(op, args, kwargs))
    elif op.name in ("add", "sub"):
        with_alpha = INTERNAL_OPS[op.name + "_alpha"]

        def method(self, other, *, alpha=1):
            if alpha == 1:
                return _inplace(self, op, (other,), {})
            return _inplace(self, with_alpha, (other,), {"alpha": alpha})
    else:
        def method(self, other):
            return _inplace(self, op, (other,), {})
    method.__name__ = op.name + "_"
    method.__doc__ = f"In-place {op.name}: {op.doc}"
    return method


for _op_def in OPS.values():
    if _op_def.inplace:
        setattr(Tensor, _op_def.name + "_", _make_inplace(_op_def))
for _name, _op_name in (("iadd", "add"), ("isub", "sub"), ("imul", "mul"), ("itruediv", "div"),
                        ("ipow", "pow")):
    setattr(Tensor, f"__{_name}__", getattr(Tensor, _op_name + "_"))
Tensor.zero_ = lambda self: _inplace(self, INTERNAL_OPS["zero"], (), {})
Tensor.fill_ = lambda self, value: _inplace(
    self, INTERNAL_OPS["fill"], (), {"value": value.item() if isinstance(value, Tensor) else value})
Tensor.copy_ = lambda self, src: _inplace(self, INTERNAL_OPS["copy"], (_as_tensor(src),), {})
