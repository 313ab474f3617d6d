"""Dispatch: running an op of the table (``engine/op_table.py``) on tensors and Python
scalars, the reference path every other way of running an op is checked against.

Read ``_apply_primal`` from top to bottom: fill optional inputs, tell tensors from Python
numbers, try the op's composition, promote dtypes as torch does, check the result's size
against the tensor budget, run the numpy forward quietly, record the graph node.  The fast
paths of the common methods and operators (``engine/ops_fast.py``) produce exactly what this
path does (``tests/engine/test_ops_fast.py``).
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from . import forward_ad as _fwd
from . import limits as _limits
from . import view_inplace as _view_inplace
from .dtypes import _F32
from .op_table import INTERNAL_OPS, OPS, Op
from .tensor import Tensor, _to_array, _wrap, version_counter

_state = _ag._state
_budget = _limits._state
_scalar_types = (int, float, bool, np.generic)
_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


# ----------------------------------------------------------------------------- apply
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
    """Like :func:`apply_op`, looking in the internal ops first (``select``, ``slice`` ...)."""
    return _apply(INTERNAL_OPS[name] if name in INTERNAL_OPS else OPS[name], inputs, params)


def _apply(op: Op, inputs: tuple, params: dict) -> Tensor:
    if _fwd._state.levels and _fwd.has_tangent(inputs):  # forward AD: tangents flow too
        return _fwd.apply_dual(op, inputs, params, _apply_primal)
    return _apply_primal(op, inputs, params)


def _apply_primal(op: Op, inputs: tuple, params: dict) -> Tensor:
    """The reference path: one op on its inputs, recorded in the graph.

    (The steps' conditions are tested here rather than inside them: every op call pays
    for a function call, and this path runs for every op without a fast path.)"""
    if len(inputs) != op.arity:
        inputs = _fill_optional(op, inputs)
    mask = None
    for x in inputs:
        if not isinstance(x, Tensor):
            inputs, mask = _scalar_mask(inputs)
            break
    if op.compose is not None:
        if op.defaults:
            params = {**op.defaults, **params}
        r = op.compose(inputs, params, mask or (False,) * op.arity)
        if r is not None:
            return r
    if op.defaults and params.keys() != op.defaults.keys():
        params = {**op.defaults, **params}
    arrays = _tensor_arrays(op, inputs) if mask is None else _mixed_arrays(op, inputs, mask)
    if op.float_out:
        _floats_in(op, arrays)
    if op.result_shape is not None or (op.broadcast and len(arrays) > 1):
        _check_result_size(op, arrays, params)
    out = _run_forward(op, arrays, params)
    return _result_tensor(op, inputs, arrays, out, params, mask)


def _fill_optional(op: Op, inputs: tuple) -> tuple:
    """The inputs, with None for optional trailing ones left out (torch's ``bias=None``)."""
    n = len(inputs)
    if op.optional_inputs and op.arity - op.optional_inputs <= n < op.arity:
        return inputs + (None,) * (op.arity - n)
    raise TypeError(f"{op.name}() takes {op.arity} tensor inputs but {n} were given")


def _scalar_mask(inputs: tuple) -> tuple:
    """``(inputs, mask)`` for inputs that are not all tensors: mask marks the inputs that are
    not tensors (None if none is left).  Arrays, lists and tuples become constant tensors
    (torch.tensor(...) semantics)."""
    if any(isinstance(t, (np.ndarray, list, tuple)) for t in inputs):
        inputs = tuple(_as_tensor(t) if isinstance(t, (np.ndarray, list, tuple)) else t
                       for t in inputs)
    mask = tuple(not isinstance(t, Tensor) for t in inputs)
    return inputs, (mask if any(mask) else None)


def _tensor_arrays(op: Op, inputs: tuple) -> list:
    """The arrays of all-tensor inputs, promoted to one dtype where the op broadcasts."""
    arrays = [x._data for x in inputs]
    n = len(arrays)
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
    return arrays


def _mixed_arrays(op, inputs, mask):
    """The arrays of tensors mixed with Python numbers: a number takes the tensors' dtype
    (float32 if it is a float and they are integers), as in torch."""
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

def _floats_in(op: Op, arrays: list) -> None:
    """Integer inputs of an op with a float result (exp, sqrt ...) become float32."""
    for i, a in enumerate(arrays):
        if a is not None and i not in op.nondiff and a.dtype.kind not in "fc":
            arrays[i] = a.astype(_F32)


def _check_result_size(op: Op, arrays: list, params: dict) -> None:
    """The result's size, checked against the tensor budget before anything is allocated."""
    if op.result_shape is not None:
        shape = op.result_shape(*arrays, **params)
        if shape is not None:
            _limits.check_shape(shape)
    elif op.broadcast and len(arrays) > 1:
        _limits.check_broadcast([a.shape for a in arrays if a is not None])


def _run_forward(op: Op, arrays: list, params: dict) -> np.ndarray:
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
    return out


def _result_tensor(op: Op, inputs: tuple, arrays: list, out: np.ndarray, params: dict,
                   mask) -> Tensor:
    """The op's result; in grad mode, with an input that requires grad, its graph node."""
    t = Tensor.__new__(Tensor)
    t._data = out
    t._grad_fn = None
    first = inputs[0]
    base = first if op.view and isinstance(first, Tensor) else None
    if _state.enabled and _requires_grad(inputs):
        t._rg = True
        t._grad_fn = _record(op, inputs, arrays, out, params, mask)
    elif base is not None and base._rg and not _state.enabled:
        # torch: a view taken under no_grad of a tensor that requires grad still reports
        # requires_grad=True, but has no grad_fn and no gradient edge
        t._rg = True
        _mark_no_grad_view(t, base)
        return t
    else:
        t._rg = False
    if base is not None:
        _share_view(t, base)
    return t


def _requires_grad(inputs: tuple) -> bool:
    """Does any input tensor require grad (then the result does, and gets a node)?"""
    for x in inputs:
        if isinstance(x, Tensor) and x._rg:
            return True
    return False


def _record(op: Op, inputs: tuple, arrays: list, out: np.ndarray, params: dict, mask):
    """The graph node of one op: its backward function class, the inputs' nodes (the edges
    gradients flow along) and what the backward reads."""
    edges = op.default_edges if (mask is None or op.edges is None) else op.edges(mask)
    next_fns = []  # where each input's gradient goes: its grad_fn, a leaf's AccumulateGrad
    for i in edges:
        x = inputs[i]
        if isinstance(x, Tensor) and x._rg:
            fn = x._grad_fn
            next_fns.append(fn if fn is not None else x._accumulator())
        else:
            next_fns.append(None)
    gname = op.grad_fn if type(op.grad_fn) is str else op.grad_fn(
        params, mask or (False,) * len(inputs))
    saved = tuple([x if isinstance(x, Tensor) else None for x in inputs]) if op._keeps_ins else None
    return _ag._new_node(gname, op, tuple(arrays), out, params, edges, tuple(next_fns), saved)


# ----------------------------------------------------------------------- dtypes and errors
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
    """numpy's ValueError from a forward, as torch words it when the shapes do not broadcast."""
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


# ----------------------------------------------------------------------------- views
def _share_view(view: Tensor, src: Tensor) -> None:
    """A view shares its base's version counter (and remembers the base), as in torch."""
    base = src.__dict__.get("_view_base")
    if base is None:
        base = src
    view._view_base = base
    view._vc = version_counter(src)
    _view_inplace.register(base, view)


def _mark_no_grad_view(view: Tensor, src: Tensor) -> None:
    """Record the base of a view taken under no_grad (see Tensor._check_no_grad_view)."""
    _share_view(view, src)
    view._acc = False
    view._view_version = view._view_base._version


# ----------------------------------------------------------------------------- arguments
def _as_tensor(x):
    return x if isinstance(x, Tensor) else _wrap(_to_array(x, None))


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

