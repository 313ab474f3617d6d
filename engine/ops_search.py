"""More of torch's indexing API: ``searchsorted``/``bucketize``, ``tril_indices``/
``triu_indices``, ``index_copy``(``_``) and ``Tensor.data_ptr()``.

``index_copy`` is an internal op of the op table (IndexCopyBackward0, with its double-backward
rule); the others return integer tensors or numbers and record nothing.
"""
from __future__ import annotations

import numpy as np

from . import limits as _limits
from .higher_order import GRAPH_VJPS
from .op_table import INTERNAL_OPS, _internal
from .ops import _apply, _as_tensor, _inplace
from .ops_index import _dim, _index_array, _wrap_index
from .tensor import Tensor, _wrap

__all__ = ["searchsorted", "bucketize", "tril_indices", "triu_indices", "index_copy"]


def _index_copy_fwd(x, source, dim, index):
    if x.ndim == 0:
        return source.reshape(()).copy()
    out = np.array(x, copy=True)
    key = (slice(None),) * dim + (_wrap_index(index, x.shape[dim]),)
    out[key] = source
    return out


def _index_copy_vjp_x(g, out, x, source, dim, index):
    g = np.array(g, copy=True)
    if x.ndim:
        g[(slice(None),) * dim + (_wrap_index(index, x.shape[dim]),)] = 0
    return g


def _index_copy_vjp_src(g, out, x, source, dim, index):
    if x.ndim == 0:
        return g.reshape(source.shape)
    return np.take(g, _wrap_index(index, x.shape[dim]), axis=dim).reshape(source.shape)


INTERNAL_OPS["index_copy"] = _internal(
    "index_copy", arity=2, forward=_index_copy_fwd,
    vjps=(_index_copy_vjp_x, _index_copy_vjp_src), grad_fn="IndexCopyBackward0",
    input_names=("input", "source"), reads=((), ()),
    formulas=("∂/∂x = 1 outside the copied slices", "∂/∂source = g[index]"))
GRAPH_VJPS["index_copy"] = (
    lambda g, out, x, source, dim, index: g.index_fill(dim, index, 0.0) if x.ndim else g * 0,
    lambda g, out, x, source, dim, index: g.index_select(dim, index).reshape(
        tuple(source.shape)) if x.ndim else g.reshape(tuple(source.shape)))


def index_copy(input: Tensor, dim: int, index, source) -> Tensor:
    """A copy of ``input`` with the slices at ``index`` along ``dim`` replaced by ``source``."""
    return _apply(INTERNAL_OPS["index_copy"], (input, _as_tensor(source)),
                  {"dim": _dim(dim, input._data.ndim), "index": _index_array(index, "index_copy")})


def _index_copy_(self: Tensor, dim: int, index, source) -> Tensor:
    return _inplace(self, INTERNAL_OPS["index_copy"], (_as_tensor(source),),
                    {"dim": _dim(dim, self._data.ndim), "index": _index_array(index, "index_copy")})


def _sorted_search(seq: np.ndarray, values: np.ndarray, side: str) -> np.ndarray:
    if seq.ndim <= 1:
        return np.searchsorted(seq, values, side=side)
    flat_s = seq.reshape(-1, seq.shape[-1])
    flat_v = values.reshape(-1, values.shape[-1])
    return np.stack([np.searchsorted(s, v, side=side) for s, v in zip(flat_s, flat_v)]
                    ).reshape(values.shape)


def searchsorted(sorted_sequence, input, *, out_int32: bool = False, right: bool = False,
                 side=None, sorter=None) -> Tensor:
    """Where each value would be inserted to keep the (innermost) sequence sorted."""
    seq = _as_tensor(sorted_sequence)._data
    values = input._data if isinstance(input, Tensor) else np.asarray(input)
    if sorter is not None:
        seq = np.take_along_axis(seq, _as_tensor(sorter)._data, axis=-1)
    if seq.ndim > 1 and seq.shape[:-1] != values.shape[:-1]:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the "
                           "first N-1 dimensions of boundaries tensor and input value tensor "
                           "must match")
    r = _sorted_search(seq, values, side or ("right" if right else "left"))
    return _wrap(np.asarray(r, dtype=np.int32 if out_int32 else np.int64))


def bucketize(input, boundaries, *, out_int32: bool = False, right: bool = False) -> Tensor:
    """The bucket (index into the 1-D ``boundaries``) of every element of ``input``."""
    b = _as_tensor(boundaries)._data
    if b.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({b.ndim})")
    v = input._data if isinstance(input, Tensor) else np.asarray(input)
    r = np.searchsorted(b, v, side="right" if right else "left")
    return _wrap(np.asarray(r, dtype=np.int32 if out_int32 else np.int64))


def _tri_indices(row: int, col: int, offset: int, lower: bool) -> Tensor:
    _limits.check_shape((2, int(row) * int(col)))
    r, c = np.indices((int(row), int(col)))
    keep = (c - r <= offset) if lower else (c - r >= offset)
    return _wrap(np.stack([r[keep], c[keep]]).astype(np.int64).reshape(2, -1))


def tril_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None,
                 layout=None) -> Tensor:
    """The (row, column) coordinates of the lower triangle of a row × col matrix."""
    return _tri_indices(row, col, offset, True)


def triu_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None,
                 layout=None) -> Tensor:
    """The (row, column) coordinates of the upper triangle of a row × col matrix."""
    return _tri_indices(row, col, offset, False)


def _data_ptr(self: Tensor) -> int:
    """The address of the first element (equal for tensors that share it, as in torch)."""
    return int(self._data.__array_interface__["data"][0])


Tensor.index_copy = index_copy
Tensor.index_copy_ = _index_copy_
Tensor.data_ptr = _data_ptr
FUNCTIONS = {name: globals()[name] for name in __all__}
