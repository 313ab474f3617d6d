"""More of torch's indexing API: ``unique``, ``bincount``, ``histc``, ``searchsorted``/
``bucketize``, ``tril_indices``/
``triu_indices``, ``index_copy``(``_``), ``scatter_reduce``(``_``) and ``Tensor.data_ptr()``.

``index_copy`` and ``scatter_reduce`` are internal ops of the op table (IndexCopyBackward0,
ScatterReduceBackward0: ties of amax/amin share the gradient, as in torch); the others return
integer tensors or numbers and record nothing.
"""
from __future__ import annotations

import numpy as np

from . import limits as _limits
from .higher_order import GRAPH_VJPS, _scatter
from .op_table import INTERNAL_OPS, _internal
from .ops import _apply, _as_tensor, _inplace
from .ops_index import _check_scatter, _coords, _dim, _index_array, _wrap_index
from .tensor import Tensor, _wrap

__all__ = ["searchsorted", "bucketize", "tril_indices", "triu_indices", "index_copy",
           "scatter_reduce", "unique", "bincount", "histc"]


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


# ------------------------------------------------------------------ scatter_reduce
_IDENTITY = {"sum": 0.0, "mean": 0.0, "prod": 1.0, "amax": -np.inf, "amin": np.inf}
_AT = {"sum": np.add, "mean": np.add, "prod": np.multiply, "amax": np.maximum,
       "amin": np.minimum}


def _reduce_parts(x, src, dim, index, reduce, include_self):
    """(coords, src part, which places are written, how many values meet at each)."""
    _check_scatter(x, src, dim, index)
    coords = _coords(_wrap_index(index, x.shape[dim]), dim)
    part = src[tuple(slice(0, n) for n in index.shape)]
    hit = np.zeros(x.shape, dtype=bool)
    hit[coords] = True
    count = np.zeros(x.shape, dtype=x.dtype)
    np.add.at(count, coords, 1)
    if include_self:
        count = count + 1
    return coords, part, hit, count


def _scatter_reduce_fwd(x, src, dim, index, reduce, include_self):
    coords, part, hit, count = _reduce_parts(x, src, dim, index, reduce, include_self)
    out = np.array(x, copy=True)
    if not include_self:
        out[hit] = _IDENTITY[reduce]
    _AT[reduce].at(out, coords, part)
    if reduce == "mean":
        out = np.where(hit, out / np.maximum(count, 1), out).astype(x.dtype)
    return out


def _ties(x, part, out, coords, hit, include_self):
    """How many values equal the extreme at each written place (they share its gradient)."""
    n = np.zeros(x.shape, dtype=x.dtype)
    np.add.at(n, coords, (part == out[coords]).astype(x.dtype))
    # torch 2.13 counts the input's own value among the ties even with include_self=False
    # (it then gets no gradient itself): mirrored here
    n = n + (hit & (x == out))
    return np.maximum(n, 1)


def _scatter_reduce_vjp_x(g, out, x, src, dim, index, reduce, include_self):
    coords, part, hit, count = _reduce_parts(x, src, dim, index, reduce, include_self)
    if not include_self:
        return np.where(hit, 0, g).astype(g.dtype)
    if reduce == "sum":
        return g
    if reduce == "mean":
        return np.where(hit, g / count, g).astype(g.dtype)
    if reduce == "prod":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(hit, g * out / x, g).astype(g.dtype)
    share = (x == out) / _ties(x, part, out, coords, hit, True)
    return np.where(hit, g * share, g).astype(g.dtype)


def _scatter_reduce_vjp_src(g, out, x, src, dim, index, reduce, include_self):
    coords, part, hit, count = _reduce_parts(x, src, dim, index, reduce, include_self)
    if reduce == "sum":
        picked = g[coords]
    elif reduce == "mean":
        picked = (g / count)[coords]
    elif reduce == "prod":
        with np.errstate(divide="ignore", invalid="ignore"):
            picked = (g * out)[coords] / part
    else:
        ties = _ties(x, part, out, coords, hit, include_self)
        picked = g[coords] * (part == out[coords]) / ties[coords]
    res = np.zeros(src.shape, dtype=g.dtype)
    res[tuple(slice(0, n) for n in index.shape)] = picked
    return res


INTERNAL_OPS["scatter_reduce"] = _internal(
    "scatter_reduce", arity=2, forward=_scatter_reduce_fwd,
    vjps=(_scatter_reduce_vjp_x, _scatter_reduce_vjp_src), grad_fn="ScatterReduceBackward0",
    input_names=("input", "src"), saves=True, reads=((0, 1, "out"), (0, 1, "out")),
    formulas=("∂/∂x: the reduction's share of each kept value", "∂/∂src: the same, per value"))


def _scatter_reduce_graph(which):
    def rule(g, out, x, src, dim, index, reduce, include_self):
        if reduce not in ("sum", "mean"):
            raise NotImplementedError(f"create_graph=True: the second derivative of "
                                      f"scatter_reduce with reduce='{reduce}' is not supported "
                                      f"by this engine")
        _, _, hit, count = _reduce_parts(x._data, src._data, dim, index, reduce, include_self)
        scale = np.where(hit, 1.0 / np.maximum(count, 1), 1.0) if reduce == "mean" else \
            np.ones(x._data.shape)
        if not include_self:
            keep = np.where(hit, 0.0, 1.0)
        else:
            keep = scale
        if which == 0:
            return g * _wrap(keep.astype(x._data.dtype))
        picked = (g * _wrap(scale.astype(x._data.dtype))).gather(dim, _wrap_index(
            index, x._data.shape[dim]))
        if tuple(index.shape) == tuple(src.shape):
            return picked
        return _scatter(picked, src, tuple(slice(0, n) for n in index.shape))
    return rule


GRAPH_VJPS["scatter_reduce"] = (_scatter_reduce_graph(0), _scatter_reduce_graph(1))


def scatter_reduce(input: Tensor, dim: int, index, src, reduce: str, *,
                   include_self: bool = True) -> Tensor:
    """``input`` with the ``src`` values at ``index`` along ``dim`` combined by ``reduce``
    ("sum", "prod", "mean", "amax", "amin"; the input's own value too with include_self)."""
    if reduce not in _AT:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got "
                           f"{reduce}")
    return _apply(INTERNAL_OPS["scatter_reduce"], (input, _as_tensor(src)),
                  {"dim": _dim(dim, input._data.ndim),
                   "index": _index_array(index, "scatter_reduce"), "reduce": reduce,
                   "include_self": bool(include_self)})


def _scatter_reduce_(self: Tensor, dim: int, index, src, reduce: str, *,
                     include_self: bool = True) -> Tensor:
    return _inplace(self, INTERNAL_OPS["scatter_reduce"], (_as_tensor(src),),
                    {"dim": _dim(dim, self._data.ndim),
                     "index": _index_array(index, "scatter_reduce"), "reduce": reduce,
                     "include_self": bool(include_self)})


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


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False,
           return_counts: bool = False, dim=None):
    """The distinct values (sorted), with the inverse map and the counts when asked."""
    a = input._data
    axis = None if dim is None else _dim(dim, a.ndim)
    vals, inv, counts = np.unique(a, return_inverse=True, return_counts=True, axis=axis)
    inv = inv.reshape(a.shape if axis is None else (a.shape[axis],))
    out = [_wrap(vals)]
    if return_inverse:
        out.append(_wrap(inv.astype(np.int64)))
    if return_counts:
        out.append(_wrap(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


def bincount(input: Tensor, weights=None, minlength: int = 0) -> Tensor:
    """How often each non-negative integer occurs (or the sum of its weights)."""
    a = input._data
    if a.ndim != 1 or a.dtype.kind not in "iub":
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if a.size and a.min() < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    w = None if weights is None else (weights._data if isinstance(weights, Tensor)
                                      else np.asarray(weights))
    _limits.check_shape((max(int(minlength), int(a.max()) + 1 if a.size else 0),))
    r = np.bincount(a, weights=w, minlength=int(minlength))
    if w is None:
        return _wrap(r.astype(np.int64))
    return _wrap(r.astype(w.dtype if w.dtype.kind == "f" else np.float64))


def histc(input: Tensor, bins: int = 100, min=0, max=0) -> Tensor:
    """A histogram of ``bins`` equal bins over [min, max] (the data's range when both are 0);
    values outside are ignored."""
    a = input._data
    _limits.check_shape((int(bins),))
    lo, hi = float(min), float(max)
    if lo == hi and a.size:
        lo, hi = float(a.min()), float(a.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    counts, _ = np.histogram(a, bins=int(bins), range=(lo, hi))
    return _wrap(counts.astype(a.dtype if a.dtype.kind == "f" else np.float32))


def _data_ptr(self: Tensor) -> int:
    """The address of the first element (equal for tensors that share it, as in torch)."""
    return int(self._data.__array_interface__["data"][0])


Tensor.unique = unique
Tensor.bincount = bincount
Tensor.histc = histc
Tensor.index_copy = index_copy
Tensor.scatter_reduce = scatter_reduce
Tensor.scatter_reduce_ = _scatter_reduce_
Tensor.index_copy_ = _index_copy_
Tensor.data_ptr = _data_ptr
FUNCTIONS = {name: globals()[name] for name in __all__}
