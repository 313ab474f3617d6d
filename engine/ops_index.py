"""Indexing ops tutorials and Q&A answers reach for: ``gather``/``scatter``/``scatter_add``,
``index_select``/``index_fill``/``index_add``, ``take``/``take_along_dim``, ``narrow``/
``select``, ``topk``, the integer-valued ``nonzero`` and the one-argument
``torch.where(cond)``, plus the in-place forms torch has (``scatter_``, ``index_put_``,
``put_`` ...). The masked family (``masked_fill``/``masked_select``/``masked_scatter``) lives in
``ops_masked`` and is re-exported here, so ``FUNCTIONS`` still lists the whole family.

Differentiable ones are internal ops of the op table (``INTERNAL_OPS``; not in the palette),
each with a numpy forward and one numpy VJP per input, and the ``grad_fn`` name torch 2.13
records (GatherBackward0, ScatterBackward0/1, ScatterAddBackward0, IndexSelectBackward0,
IndexFillBackward0, TakeBackward0, TopkBackward0, PutBackward0).  Index tensors travel as parameters (numpy
arrays): they never receive a gradient, as in torch.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from . import autograd as _ag
from .op_table import INTERNAL_OPS, _internal
from .ops import FUNCTIONS as _OP_FUNCTIONS
from .ops import SortResult, _apply, _as_tensor, _inplace, _return_types_repr
from .ops_masked import masked_fill, masked_scatter, masked_select
from .tensor import Tensor, _norm_dim, _wrap

__all__ = ["gather", "scatter", "scatter_add", "index_select", "index_fill", "index_add",
           "masked_fill", "masked_select", "masked_scatter", "take", "take_along_dim",
           "narrow", "select", "nonzero", "where", "index_put", "topk", "argwhere"]

TopkResult = namedtuple("topk", ["values", "indices"])   # torch.return_types.topk
TopkResult.__repr__ = _return_types_repr
SortResult.__repr__ = _return_types_repr  # torch.sort printed as torch prints it


# ------------------------------------------------------------------------------- helpers
def _index_array(index, name: str = "index") -> np.ndarray:
    a = index._data if isinstance(index, Tensor) else np.asarray(index)
    if a.dtype.kind not in "iu":
        raise RuntimeError(f"{name}(): Expected dtype int64 for index")
    return a.astype(np.int64, copy=False)


def _dim(dim, ndim: int) -> int:
    return _norm_dim(dim, max(ndim, 1)) if ndim else 0


def _coords(index: np.ndarray, dim: int) -> tuple:
    """Full coordinates of every entry of ``index`` with ``dim`` replaced by its value:
    ``out[i][j] = x[i][index[i][j]]`` (dim 1) as one numpy fancy index."""
    grid = list(np.indices(index.shape, sparse=True))
    grid[dim] = index
    return tuple(grid)


def _check_bounds(index: np.ndarray, dim: int, size: int) -> None:
    bad = index[(index < -size) | (index >= size)]
    if bad.size:
        raise RuntimeError(f"index {int(bad.flat[0])} is out of bounds for dimension {dim} "
                           f"with size {size}")


def _check_scatter(x, src, dim: int, index: np.ndarray) -> None:
    """torch's refusal of an index larger than self (off dim) or than src."""
    ok = index.ndim == x.ndim and all(
        n <= x.shape[d] for d, n in enumerate(index.shape) if d != dim) and (
        src is None or all(n <= m for n, m in zip(index.shape, src.shape)))
    if not ok:
        fmt = lambda sh: "[" + ", ".join(map(str, sh)) + "]"  # noqa: E731
        tail = "" if src is None else f" and to be no larger size than src {fmt(src.shape)}"
        raise RuntimeError(f"Expected index {fmt(index.shape)} to be no larger than self "
                           f"{fmt(x.shape)} apart from dimension {dim}{tail}")
    _check_bounds(index, dim, x.shape[dim])


def _wrap_index(index: np.ndarray, size: int) -> np.ndarray:
    return np.where(index < 0, index + size, index)


def _to_index_shape(a: np.ndarray, shape: tuple) -> np.ndarray:
    """``a``'s leading block of ``shape`` (torch's scatter/gather read ``src`` that way)."""
    return a[tuple(slice(0, n) for n in shape)]


# ------------------------------------------------------------------------------- gather / scatter
def _gather_fwd(x, dim, index):
    _check_bounds(index, dim, x.shape[dim] if x.ndim else 1)
    if x.ndim == 0:
        return x.copy()
    return x[_coords(_wrap_index(index, x.shape[dim]), dim)]


def _gather_vjp(g, out, x, dim, index):
    res = np.zeros(x.shape, dtype=g.dtype)
    if x.ndim == 0:
        return res + g.sum()
    np.add.at(res, _coords(_wrap_index(index, x.shape[dim]), dim), g)
    return res


def _scatter_fwd(x, src, dim, index):
    _check_scatter(x, src, dim, index)
    out = np.array(x, copy=True)
    out[_coords(_wrap_index(index, x.shape[dim]), dim)] = _to_index_shape(src, index.shape)
    return out


def _scatter_vjp_x(g, out, x, src, dim, index):
    g = np.array(g, copy=True)
    g[_coords(_wrap_index(index, x.shape[dim]), dim)] = 0
    return g


def _src_vjp(g, x, src, dim, index):
    """src's gradient: g gathered at index, zero in the part of src that index does not cover."""
    res = np.zeros(src.shape, dtype=g.dtype)
    res[tuple(slice(0, n) for n in index.shape)] = g[_coords(_wrap_index(index, x.shape[dim]),
                                                               dim)]
    return res


def _scatter_value_fwd(x, dim, index, value):
    _check_scatter(x, None, dim, index)
    out = np.array(x, copy=True)
    out[_coords(_wrap_index(index, x.shape[dim]), dim)] = value
    return out


def _scatter_add_fwd(x, src, dim, index):
    _check_scatter(x, src, dim, index)
    out = np.array(x, copy=True)
    np.add.at(out, _coords(_wrap_index(index, x.shape[dim]), dim),
              _to_index_shape(src, index.shape))
    return out


# ------------------------------------------------------------------------------- index_*
def _index_select_fwd(x, dim, index):
    n = x.shape[dim] if x.ndim else 1
    if index.size and (index.min() < -n or index.max() >= n):
        raise IndexError("index out of range in self")
    return np.take(x, index, axis=dim) if x.ndim else x.reshape(-1)[index].reshape(index.shape)


def _index_select_vjp(g, out, x, dim, index):
    res = np.zeros(x.shape, dtype=g.dtype)
    if x.ndim == 0:
        return res + g.sum()
    np.add.at(np.moveaxis(res, dim, 0), _wrap_index(index, x.shape[dim]), np.moveaxis(g, dim, 0))
    return res


def _index_key(x, dim, index):
    return (slice(None),) * dim + (_wrap_index(index, x.shape[dim]),)


def _index_fill_fwd(x, dim, index, value):
    _check_bounds(index, dim, x.shape[dim])
    out = np.array(x, copy=True)
    out[_index_key(x, dim, index)] = value
    return out


def _index_fill_vjp(g, out, x, dim, index, value):
    g = np.array(g, copy=True)
    g[_index_key(x, dim, index)] = 0
    return g


# ------------------------------------------------------------------------------- take / put / topk
def _take_fwd(x, index):
    n = x.size
    if index.size and (index.min() < -n or index.max() >= n):
        bad = index[(index < -n) | (index >= n)].flat[0]
        raise IndexError(f"out of range: tried to access index {int(bad)} on a tensor of {n} "
                         f"elements.")
    return x.reshape(-1)[index]


def _take_vjp(g, out, x, index):
    res = np.zeros(x.size, dtype=g.dtype)
    np.add.at(res, _wrap_index(index, x.size), g)
    return res.reshape(x.shape)


def _put_fwd(x, source, index, accumulate):
    out = np.array(x, copy=True).reshape(-1)
    idx = _wrap_index(index.reshape(-1), x.size)
    if accumulate:
        np.add.at(out, idx, source.reshape(-1))
    else:
        out[idx] = source.reshape(-1)
    return out.reshape(x.shape)


def _put_vjp_x(g, out, x, source, index, accumulate):
    if accumulate:
        return g
    g = np.array(g, copy=True).reshape(-1)
    g[_wrap_index(index.reshape(-1), x.size)] = 0
    return g.reshape(x.shape)


def _put_vjp_src(g, out, x, source, index, accumulate):
    return g.reshape(-1)[_wrap_index(index.reshape(-1), x.size)].reshape(source.shape)


def _index_put_acc_fwd(x, v, key):
    out = np.array(x, copy=True)
    np.add.at(out, key, np.broadcast_to(v, out[key].shape))
    return out


def topk_order(x, k, dim, largest):
    """The indices of the k largest (smallest) values along dim, in order (stable for ties)."""
    order = np.argsort(-x if largest else x, axis=dim, kind="stable")
    return np.take(order, np.arange(k), axis=dim)


def _topk_fwd(x, k, dim, largest, sorted):
    if x.ndim == 0:
        return x.copy()
    return np.take_along_axis(x, topk_order(x, k, dim, largest), axis=dim)


def _topk_vjp(g, out, x, k, dim, largest, sorted):
    res = np.zeros(x.shape, dtype=g.dtype)
    if x.ndim == 0:
        return res + g
    np.put_along_axis(res, topk_order(x, k, dim, largest), g, axis=dim)
    return res


_IDX = dict(category="shape", saves=True)
_ops = [
    _internal("gather", arity=1, forward=_gather_fwd, vjps=(_gather_vjp,),
              grad_fn="GatherBackward0", formulas=("∂gather(x)/∂x = 1 at each gathered place",),
              reads=((),), **_IDX),
    _internal("scatter", arity=2, forward=_scatter_fwd,
              vjps=(_scatter_vjp_x, lambda g, out, x, src, dim, index:
                    _src_vjp(g, x, src, dim, index)),
              grad_fn="ScatterBackward0", input_names=("input", "src"),
              formulas=("∂/∂x = 1 outside the written places", "∂/∂src = g[index]"),
              reads=((), ()), **_IDX),
    _internal("scatter_value", arity=1, forward=_scatter_value_fwd,
              vjps=(lambda g, out, x, dim, index, value: _scatter_vjp_x(g, out, x, None, dim,
                                                                        index),),
              grad_fn="ScatterBackward1", formulas=("∂/∂x = 1 outside the written places",),
              reads=((),), **_IDX),
    _internal("scatter_add", arity=2, forward=_scatter_add_fwd,
              vjps=(lambda g, out, x, src, dim, index: g,
                    lambda g, out, x, src, dim, index: _src_vjp(g, x, src, dim, index)),
              grad_fn="ScatterAddBackward0", input_names=("input", "src"),
              formulas=("∂/∂x = 1", "∂/∂src = g[index]"), reads=((), ()), **_IDX),
    _internal("index_select", arity=1, forward=_index_select_fwd, vjps=(_index_select_vjp,),
              grad_fn="IndexSelectBackward0", formulas=("∂/∂x = 1 at each selected slice",),
              reads=((),), result_shape=lambda x, dim, index: x.shape[:dim] + index.shape +
              x.shape[dim + 1:], **_IDX),
    _internal("index_fill", arity=1, forward=_index_fill_fwd, vjps=(_index_fill_vjp,),
              grad_fn="IndexFillBackward0", formulas=("∂/∂x = 1 outside the filled slices",),
              reads=((),), **_IDX),
    _internal("take", arity=1, forward=_take_fwd, vjps=(_take_vjp,), grad_fn="TakeBackward0",
              formulas=("∂take(x)/∂x = 1 at each taken place",), reads=((),), **_IDX),
    _internal("put", arity=2, forward=_put_fwd, vjps=(_put_vjp_x, _put_vjp_src),
              grad_fn="PutBackward0", input_names=("input", "source"),
              formulas=("∂/∂x = 1 outside the written places", "∂/∂source = g[index]"),
              reads=((), ()), **_IDX),
    _internal("index_put_accumulate", arity=2, forward=_index_put_acc_fwd,
              vjps=(lambda g, out, x, v, key: g,
                    lambda g, out, x, v, key: _ag._unbroadcast(np.asarray(g[key]), v.shape)),
              grad_fn="IndexPutBackward0", input_names=("input", "values"),
              formulas=("∂/∂x = 1", "∂/∂v = g[key]"), reads=((), ()), category="elementwise"),
    _internal("topk", arity=1, forward=_topk_fwd, vjps=(_topk_vjp,), grad_fn="TopkBackward0",
              formulas=("∂topk(x)/∂x = 1 at the place each value came from",), reads=((0,),),
              **_IDX),
]
INTERNAL_OPS.update({op.name: op for op in _ops})


# ------------------------------------------------------------------------------- the API
def gather(input: Tensor, dim: int, index, *, sparse_grad: bool = False) -> Tensor:
    """``out[i][j] = input[i][index[i][j]]`` (dim 1): values picked along ``dim``."""
    idx = _index_array(index, "gather")
    d = _dim(dim, input._data.ndim)
    if idx.ndim != input._data.ndim and not (idx.ndim <= 1 and input._data.ndim <= 1):
        raise RuntimeError("Index tensor must have the same number of dimensions as input "
                           "tensor")
    return _apply(INTERNAL_OPS["gather"], (input,), {"dim": d, "index": idx})


def _scatter_args(self, dim, index, src, value):
    if src is None:
        src = value
    idx = _index_array(index, "scatter")
    d = _dim(dim, self._data.ndim)
    if isinstance(src, Tensor):
        return "scatter", (src,), {"dim": d, "index": idx}
    return "scatter_value", (), {"dim": d, "index": idx, "value": src}


def scatter(input: Tensor, dim: int, index, src=None, value=None, *, reduce=None) -> Tensor:
    """A copy of ``input`` with ``src`` (or a number) written at ``index`` along ``dim``."""
    if reduce == "add" and isinstance(src, Tensor):
        return scatter_add(input, dim, index, src)
    name, others, params = _scatter_args(input, dim, index, src, value)
    return _apply(INTERNAL_OPS[name], (input, *others), params)


def _scatter_(self: Tensor, dim: int, index, src=None, value=None, *, reduce=None) -> Tensor:
    if reduce == "add" and isinstance(src, Tensor):
        return _scatter_add_(self, dim, index, src)
    name, others, params = _scatter_args(self, dim, index, src, value)
    return _inplace(self, INTERNAL_OPS[name], others, params)


def scatter_add(input: Tensor, dim: int, index, src: Tensor) -> Tensor:
    """A copy of ``input`` with ``src`` added at ``index`` along ``dim`` (repeats add up)."""
    return _apply(INTERNAL_OPS["scatter_add"], (input, _as_tensor(src)),
                  {"dim": _dim(dim, input._data.ndim), "index": _index_array(index, "scatter")})


def _scatter_add_(self: Tensor, dim: int, index, src: Tensor) -> Tensor:
    return _inplace(self, INTERNAL_OPS["scatter_add"], (_as_tensor(src),),
                    {"dim": _dim(dim, self._data.ndim), "index": _index_array(index, "scatter")})


def index_select(input: Tensor, dim: int, index) -> Tensor:
    """The slices of ``input`` at ``index`` (1-D) along ``dim``, in that order."""
    idx = _index_array(index, "index_select")
    if idx.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    return _apply(INTERNAL_OPS["index_select"], (input,),
                  {"dim": _dim(dim, input._data.ndim), "index": idx.reshape(-1)})


def _fill_value(value):
    if isinstance(value, Tensor):
        return value.item()
    return value


def index_fill(input: Tensor, dim: int, index, value) -> Tensor:
    return _apply(INTERNAL_OPS["index_fill"], (input,),
                  {"dim": _dim(dim, input._data.ndim), "index": _index_array(index, "index_fill"),
                   "value": _fill_value(value)})


def _index_fill_(self: Tensor, dim: int, index, value) -> Tensor:
    return _inplace(self, INTERNAL_OPS["index_fill"], (),
                    {"dim": _dim(dim, self._data.ndim), "index": _index_array(index, "index_fill"),
                     "value": _fill_value(value)})


def index_add(input: Tensor, dim: int, index, source, *, alpha=1) -> Tensor:
    """A copy of ``input`` with ``alpha * source`` added at ``index`` along ``dim``."""
    src = source if alpha == 1 else source * alpha
    return _apply(INTERNAL_OPS["index_add"], (input, _as_tensor(src)),
                  {"dim": _dim(dim, input._data.ndim), "index": _index_array(index, "index_add")})


def take(input: Tensor, index) -> Tensor:
    """``input`` seen as 1-D, read at ``index`` (the result has index's shape)."""
    return _apply(INTERNAL_OPS["take"], (input,), {"index": _index_array(index, "take")})


def take_along_dim(input: Tensor, indices, dim=None) -> Tensor:
    """``gather`` with broadcasting (``dim=None``: over the flattened tensor)."""
    idx = _index_array(indices, "take_along_dim")
    if dim is None:
        return gather(input.reshape(-1), 0, idx.reshape(-1))
    d = _dim(dim, input._data.ndim)
    shape = list(np.broadcast_shapes(
        tuple(1 if i == d else n for i, n in enumerate(input._data.shape)),
        tuple(1 if i == d else n for i, n in enumerate(idx.shape))))
    x_shape = tuple(shape[:d] + [input._data.shape[d]] + shape[d + 1:])
    i_shape = tuple(shape[:d] + [idx.shape[d]] + shape[d + 1:])
    if x_shape != input._data.shape:
        input = input.expand(x_shape)
    return gather(input, d, np.broadcast_to(idx, i_shape))


def narrow(input: Tensor, dim: int, start, length: int) -> Tensor:
    """``length`` elements of ``input`` from ``start`` along ``dim`` (a view: SliceBackward0)."""
    d = _dim(dim, input._data.ndim)
    n = input._data.shape[d]
    start = int(start)
    if start < 0:
        start += n
    if not (0 <= start <= n and 0 <= length and start + length <= n):
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({n}).")
    return _apply(INTERNAL_OPS["slice"], (input,), {"dim": d, "start": start,
                                                     "stop": start + int(length), "step": 1})


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """``input`` at ``index`` along ``dim``, that dimension removed (SelectBackward0)."""
    d = _dim(dim, input._data.ndim)
    n = input._data.shape[d]
    index = int(index)
    if not (-n <= index < n):
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"[{', '.join(map(str, input._data.shape))}] at dimension {d}")
    return _apply(INTERNAL_OPS["select"], (input,), {"dim": d, "index": index % n})


def nonzero(input: Tensor, *, as_tuple: bool = False):
    """Indices of the non-zero elements: an (n, ndim) int64 tensor, or one 1-D tensor per dim."""
    a = input._data
    if as_tuple:
        if a.ndim == 0:
            return (_wrap(np.nonzero(a.reshape(1))[0].astype(np.int64)),)
        return tuple(_wrap(i.astype(np.int64)) for i in np.nonzero(a))
    return _wrap(np.argwhere(a).astype(np.int64).reshape(-1, a.ndim))


def argwhere(input: Tensor) -> Tensor:
    return nonzero(input)


_where3 = _OP_FUNCTIONS["where"]  # the op table's three-argument where


def where(condition, input=None, other=None):
    """``torch.where(cond, x, y)``; ``torch.where(cond)`` is ``nonzero(cond, as_tuple=True)``."""
    if input is None and other is None:
        c = condition if isinstance(condition, Tensor) else _as_tensor(condition)
        return nonzero(c, as_tuple=True)
    return _where3(condition, input, other)


def index_put(input: Tensor, indices, values, accumulate: bool = False) -> Tensor:
    out = input.clone()
    return _index_put_(out, indices, values, accumulate)


def _index_put_(self: Tensor, indices, values, accumulate: bool = False) -> Tensor:
    """``x[indices] = values`` (``+=`` with ``accumulate``: repeated indices add up)."""
    key = tuple(i._data if isinstance(i, Tensor) else np.asarray(i) for i in indices)
    key = key[0] if len(key) == 1 else key
    v = values if isinstance(values, Tensor) else _as_tensor(values)
    if not accumulate:
        self[key] = v
        return self
    return _inplace(self, INTERNAL_OPS["index_put_accumulate"], (v,), {"key": key})


def _put_(self: Tensor, index, source, accumulate: bool = False) -> Tensor:
    return _inplace(self, INTERNAL_OPS["put"], (_as_tensor(source),),
                    {"index": _index_array(index, "put_"), "accumulate": bool(accumulate)})


def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True):
    """The ``k`` largest (or smallest) values along ``dim`` and their indices."""
    a = input._data
    d = _dim(dim, a.ndim)
    n = a.shape[d] if a.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError("selected index k out of range")
    values = _apply(INTERNAL_OPS["topk"], (input,), {"k": int(k), "dim": d,
                                                     "largest": bool(largest),
                                                     "sorted": bool(sorted)})
    indices = np.zeros((), np.int64) if a.ndim == 0 else topk_order(a, k, d, largest)
    return TopkResult(values, _wrap(np.asarray(indices, dtype=np.int64)))


# ------------------------------------------------------------------------------- methods
def _install() -> None:
    methods = {
        "gather": gather, "scatter": scatter, "scatter_": _scatter_, "scatter_add": scatter_add,
        "scatter_add_": _scatter_add_, "index_select": index_select, "index_fill": index_fill,
        "index_fill_": _index_fill_, "index_add": index_add, "take": take,
        "take_along_dim": take_along_dim, "narrow": narrow, "select": select,
        "nonzero": nonzero, "argwhere": argwhere, "index_put_": _index_put_,
        "index_put": index_put, "put_": _put_, "topk": topk,
    }
    for name, fn in methods.items():
        setattr(Tensor, name, fn)


_install()
FUNCTIONS = {name: globals()[name] for name in __all__}
