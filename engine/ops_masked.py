"""The masked indexing ops: ``masked_fill`` (value or 0-d tensor), ``masked_select``,
``masked_scatter`` and their in-place forms, split from ``ops_index`` (the rest of the
indexing family) to keep each file one topic.

As there: internal ops of the op table (numpy forward, one numpy VJP per input, torch 2.13's
``grad_fn`` names MaskedFillBackward0/1, MaskedSelectBackward0, MaskedScatterBackward0); the
boolean mask travels as a parameter (a numpy array) and never receives a gradient.
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from .op_table import INTERNAL_OPS, _internal
from .ops import _apply, _as_tensor, _broadcast_message, _inplace
from .tensor import Tensor

__all__ = ["masked_fill", "masked_select", "masked_scatter"]


# ------------------------------------------------------------------------------- kernels
def _check_mask(mask: np.ndarray, name: str) -> None:
    if mask.dtype != np.bool_:
        dt = {"f": "float", "i": "long", "u": "unsigned char"}.get(mask.dtype.kind, "float")
        if mask.dtype == np.float64:
            dt = "double"
        raise RuntimeError(f"{name} only supports boolean masks, but got mask with dtype {dt}")


def _masked_fill_fwd(x, mask, value):
    return np.where(mask, np.asarray(value, dtype=x.dtype), x).astype(x.dtype, copy=False)


def _masked_fill_t_fwd(x, v, mask):
    return np.where(mask, v.astype(x.dtype), x).astype(x.dtype, copy=False)


def _masked_select_fwd(x, mask):
    shape = np.broadcast_shapes(x.shape, mask.shape)
    return np.broadcast_to(x, shape)[np.broadcast_to(mask, shape)]


def _masked_select_vjp(g, out, x, mask):
    shape = np.broadcast_shapes(x.shape, mask.shape)
    res = np.zeros(shape, dtype=g.dtype)
    res[np.broadcast_to(mask, shape)] = g
    return _ag._unbroadcast(res, x.shape)


def _masked_scatter_fwd(x, source, mask):
    m = np.broadcast_to(mask, x.shape)
    k = int(m.sum())
    if k > source.size:
        raise RuntimeError("masked_scatter: expected source to have at least as many elements "
                           "as ones in mask")
    out = np.array(x, copy=True)
    out[m] = source.reshape(-1)[:k]
    return out


def _masked_scatter_vjp_src(g, out, x, source, mask):
    m = np.broadcast_to(mask, x.shape)
    res = np.zeros(source.size, dtype=g.dtype)
    picked = g[m]
    res[:picked.size] = picked
    return res.reshape(source.shape)


_IDX = dict(category="shape", saves=True)
_ops = [
    _internal("masked_fill", arity=1, forward=_masked_fill_fwd,
              vjps=(lambda g, out, x, mask, value: np.where(mask, 0, g).astype(g.dtype),),
              grad_fn="MaskedFillBackward0", formulas=("∂/∂x = 1 where the mask is False",),
              reads=((),), **_IDX),
    # masked_fill(mask, value_tensor): the 0-d value gets the gradient of every filled place
    _internal("masked_fill_tensor", arity=2, forward=_masked_fill_t_fwd,
              vjps=(lambda g, out, x, v, mask: np.where(mask, 0, g).astype(g.dtype),
                    lambda g, out, x, v, mask: np.asarray(
                        np.where(mask, g, 0).sum(), dtype=v.dtype).reshape(v.shape)),
              grad_fn="MaskedFillBackward1", input_names=("input", "value"),
              formulas=("∂/∂x = 1 where the mask is False", "∂/∂value = Σ g where the mask is"),
              reads=((), ()), **_IDX),
    _internal("masked_select", arity=1, forward=_masked_select_fwd, vjps=(_masked_select_vjp,),
              grad_fn="MaskedSelectBackward0", formulas=("∂/∂x = 1 where the mask is True",),
              reads=((),), **_IDX),
    _internal("masked_scatter", arity=2, forward=_masked_scatter_fwd,
              vjps=(lambda g, out, x, source, mask: np.where(mask, 0, g).astype(g.dtype),
                    _masked_scatter_vjp_src),
              grad_fn="MaskedScatterBackward0", input_names=("input", "source"),
              formulas=("∂/∂x = 1 where the mask is False", "∂/∂source = g[mask]"),
              reads=((), ()), **_IDX),
]
INTERNAL_OPS.update({op.name: op for op in _ops})


# ------------------------------------------------------------------------------- the API
def _broadcast(a: tuple, b: tuple) -> tuple:
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        raise RuntimeError(_broadcast_message(a, b)) from None


def _mask_of(mask, name: str) -> np.ndarray:
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    _check_mask(m, name)
    return m


def _masked_fill_call(self, mask, value, inplace: bool) -> Tensor:
    m = _mask_of(mask, "masked_fill_")
    if inplace:
        if _broadcast(self._data.shape, m.shape) != self._data.shape:
            raise RuntimeError(f"The expanded size of the tensor ({self._data.shape[-1]}) must "
                               f"match the existing size ({m.shape[-1]}) at non-singleton "
                               f"dimension {self._data.ndim - 1}.")
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got "
                               f"tensor with {value._data.ndim} dimension(s).")
        if value._rg:
            op, others, params = INTERNAL_OPS["masked_fill_tensor"], (value,), {"mask": m}
        else:
            op, others, params = INTERNAL_OPS["masked_fill"], (), {"mask": m,
                                                                    "value": value.item()}
    else:
        op, others, params = INTERNAL_OPS["masked_fill"], (), {"mask": m, "value": value}
    if inplace:
        return _inplace(self, op, others, params)
    shape = _broadcast(m.shape, self._data.shape)
    if shape != self._data.shape:
        self = self.expand(shape)
    return _apply(op, (self, *others), params)


def masked_fill(input: Tensor, mask, value) -> Tensor:
    """``value`` where ``mask`` (bool, broadcast) is True, ``input`` elsewhere."""
    return _masked_fill_call(input, mask, value, False)


def masked_select(input: Tensor, mask) -> Tensor:
    """The elements where ``mask`` (bool, broadcast) is True, as a 1-D tensor."""
    return _apply(INTERNAL_OPS["masked_select"], (input,),
                  {"mask": _mask_of(mask, "masked_select:")})


def masked_scatter(input: Tensor, mask, source) -> Tensor:
    """``input`` with the True places of ``mask`` filled, in order, from ``source``."""
    return _apply(INTERNAL_OPS["masked_scatter"], (input, _as_tensor(source)),
                  {"mask": _mask_of(mask, "masked_scatter_")})


def _masked_scatter_(self: Tensor, mask, source) -> Tensor:
    return _inplace(self, INTERNAL_OPS["masked_scatter"], (_as_tensor(source),),
                    {"mask": _mask_of(mask, "masked_scatter_")})


# ------------------------------------------------------------------------------- methods
def _install() -> None:
    methods = {
        "masked_select": masked_select, "masked_scatter": masked_scatter,
        "masked_scatter_": _masked_scatter_,
        "masked_fill": lambda self, mask, value: _masked_fill_call(self, mask, value, False),
        "masked_fill_": lambda self, mask, value: _masked_fill_call(self, mask, value, True),
    }
    for name, fn in methods.items():
        setattr(Tensor, name, fn)


_install()
