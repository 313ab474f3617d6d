"""Reductions and scans tutorials reach for beyond the core table: ``prod``, ``cumsum``,
``cumprod``, ``cummax``/``cummin``, ``logcumsumexp``, ``median``/``mode``/``kthvalue``,
``nansum``/``nanmean``, ``std_mean``/``var_mean``, ``trace``, ``diff``, ``dist``, and the
integer and boolean ones (``argsort``, ``count_nonzero``, ``all``/``any`` along a dim,
``argmax``/``argmin`` as functions).

The differentiable ones are internal ops of the op table (``INTERNAL_OPS``) with a numpy VJP
and a VJP written with engine ops (``higher_order.GRAPH_VJPS``).  The ones that pick elements
(``cummax``, ``median``, ``mode``, ``kthvalue``) are one op, ``take_along``, which gathers at
indices computed here and carries torch's grad_fn name for each (``MedianBackward1`` ...);
they return torch's named ``(values, indices)`` pairs.
"""
from __future__ import annotations

import dataclasses
from collections import namedtuple

import numpy as np

from .higher_order import GRAPH_VJPS
from .joins import cat
from .limits import check_shape
from .more_ops import _correction, _dims, _kept, _reduce_args
from .op_rules_shape import sort_order
from .op_table import INTERNAL_OPS, OPS, _internal
from .ops import _apply, _as_tensor, _inplace, _return_types_repr
from .tensor import Tensor, _norm_dim, _wrap

__all__ = ["prod", "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "median",
           "nanmedian", "mode", "kthvalue", "topk", "nansum", "nanmean", "std_mean", "var_mean",
           "trace", "diff", "dist", "argsort", "count_nonzero", "all", "any", "argmax",
           "argmin"]


def _const(a) -> Tensor:
    return _wrap(np.asarray(a))


def _moved(a, dim):
    return np.moveaxis(a, dim, -1)


def _rev_cumsum(a, dim):
    return np.flip(np.cumsum(np.flip(a, dim), dim), dim)


# ------------------------------------------------------------------------------- prod
def _prod_fwd(x, dim, keepdim):
    if dim is None:
        return np.asarray(np.prod(x), dtype=_int_up(x))
    return np.asarray(np.prod(x, axis=dim, keepdims=keepdim), dtype=_int_up(x))


def _int_up(x) -> np.dtype:
    """torch's sum/prod/cumsum of bool and integer tensors are int64."""
    return np.dtype(np.int64) if x.dtype.kind in "biu" else x.dtype


def _others(x, axis):
    """The product of all other elements along ``axis`` (exact with zeros: no division)."""
    m = _moved(x, axis)
    ones = np.ones(m.shape[:-1] + (1,), x.dtype)
    left = np.cumprod(np.concatenate([ones, m[..., :-1]], -1), -1)
    right = np.flip(np.cumprod(np.flip(np.concatenate([m[..., 1:], ones], -1), -1), -1), -1)
    return np.moveaxis(left * right, -1, axis)


def _prod_vjp(g, out, x, dim, keepdim):
    if dim is None:
        return (g * _others(x.reshape(-1), 0).reshape(x.shape)).astype(x.dtype)
    d = _norm_dim(dim, x.ndim) if x.ndim else 0
    if not x.ndim:
        return g * np.ones_like(x)
    return (_kept(g, x.shape, (d,), keepdim) * _others(x, d)).astype(x.dtype)


def _prod_graph(g, out, x, dim, keepdim):
    if (x._data == 0).any():
        raise NotImplementedError("double backward of prod through an element equal to 0 is "
                                  "not supported by this engine")
    if dim is None or not x.ndim:
        return g * out / x
    d = _norm_dim(dim, x.ndim)
    return _kept(g, tuple(x.shape), (d,), keepdim) * _kept(out, tuple(x.shape), (d,), keepdim) / x


# ------------------------------------------------------------------------------- scans
def _cumsum_fwd(x, dim):
    return np.cumsum(x, axis=dim, dtype=_int_up(x)) if x.ndim else x.astype(_int_up(x))


def _cumsum_graph(g, out, x, dim):
    if not x.ndim:
        return g
    return g.sum(dim, keepdim=True) - g.cumsum(dim) + g


def _cumprod_fwd(x, dim):
    return np.cumprod(x, axis=dim, dtype=_int_up(x)) if x.ndim else x.astype(_int_up(x))


def _cumprod_vjp(g, out, x, dim):
    if not x.ndim:
        return g
    if not (x == 0).any():
        return (_rev_cumsum(g * out, dim) / x).astype(x.dtype)
    # with zeros: d out_j / d x_i = prod_{k <= j, k != i} x_k, summed against g_j (j >= i)
    xm, gm = _moved(x, dim), _moved(g, dim)
    n = xm.shape[-1]
    res = np.zeros_like(xm)
    for i in range(n):
        rest = xm.copy()
        rest[..., i] = 1
        partial = np.cumprod(rest, -1)
        res[..., i] = (gm[..., i:] * partial[..., i:]).sum(-1)
    return np.moveaxis(res, -1, dim).astype(x.dtype)


def _cumprod_graph(g, out, x, dim):
    if (x._data == 0).any():
        raise NotImplementedError("double backward of cumprod through an element equal to 0 "
                                  "is not supported by this engine")
    if not x.ndim:
        return g
    go = g * out
    return (go.sum(dim, keepdim=True) - go.cumsum(dim) + go) / x


def _lcse_fwd(x, dim):
    if not x.ndim:
        return x.copy()
    m = _moved(x, dim)
    # log Σ_{k<=j} e^(x_k), accumulated with logaddexp (stable for large values)
    out = np.empty_like(m)
    acc = np.full(m.shape[:-1], -np.inf, dtype=m.dtype)
    for j in range(m.shape[-1]):
        acc = np.logaddexp(acc, m[..., j])
        out[..., j] = acc
    return np.moveaxis(out, -1, dim)


def _lcse_vjp(g, out, x, dim):
    """grad_i = Σ_{j≥i} g_j e^(x_i − out_j), summed in log space (positive and negative g
    apart) so neither e^(x) nor e^(−out) overflows, in O(n) memory."""
    if not x.ndim:
        return g
    def spread(part):   # Σ_{j≥i} part_j e^(x_i − out_j), for part ≥ 0
        with np.errstate(divide="ignore"):
            terms = np.flip(np.log(part.astype(np.float64)) - out, dim)
        return np.exp(x + np.flip(np.logaddexp.accumulate(terms, axis=dim), dim))

    res = spread(np.maximum(g, 0)) - spread(np.maximum(-g, 0))
    return res.astype(x.dtype)


def _lcse_graph(g, out, x, dim):
    if not x.ndim:
        return g
    last = x.ndim - 1
    xm, om, gm = (t.transpose(dim, last) for t in (x, out, g))
    n = x._data.shape[dim]
    check_shape(tuple(x._data.shape) + (n,))   # the pairwise weights below: n² per row
    upper = _const(np.triu(np.ones((n, n), x._data.dtype)))
    w = (xm.unsqueeze(-1) - om.unsqueeze(-2)).exp() * upper
    return (w * gm.unsqueeze(-2)).sum(-1).transpose(dim, last)


# ------------------------------------------------------------------------------- picking
def _take_fwd(x, dim, index, keepdim, name):
    if dim is None:
        return x.reshape(-1)[index]
    idx = index if keepdim else np.expand_dims(index, dim)
    r = np.take_along_axis(x, idx, axis=dim)
    return r if keepdim else np.squeeze(r, dim)


def _take_vjp(g, out, x, dim, index, keepdim, name):
    res = np.zeros(x.size if dim is None else x.shape, dtype=g.dtype)
    if dim is None:
        np.add.at(res, index, g)
        return res.reshape(x.shape)
    idx = index if keepdim else np.expand_dims(index, dim)
    gk = g if keepdim else np.expand_dims(g, dim)
    rm, im, gm = _moved(res, dim), _moved(idx, dim), _moved(gk, dim)
    rows = np.arange(int(np.prod(rm.shape[:-1]))).reshape(rm.shape[:-1] + (1,))
    flat = rm.reshape(-1, rm.shape[-1])
    np.add.at(flat, (np.broadcast_to(rows, im.shape).reshape(-1, im.shape[-1]),
                     im.reshape(-1, im.shape[-1])), gm.reshape(-1, gm.shape[-1]))
    return np.moveaxis(flat.reshape(rm.shape), -1, dim)


def _take_graph(g, out, x, dim, index, keepdim, name):
    """Scatter-add of g at index, as a product with a constant one-hot (so it is recorded)."""
    if dim is None:
        onehot = _const((np.arange(x._data.size) == index).astype(g._data.dtype))
        return (g * onehot).reshape(tuple(x.shape))
    idx = index if keepdim else np.expand_dims(index, dim)
    gk = g if keepdim else g.unsqueeze(dim)
    n = x._data.shape[dim]
    onehot = _const((idx[..., None] == np.arange(n)).astype(g._data.dtype))
    s = (gk.unsqueeze(-1) * onehot).sum(dim, keepdim=True)      # size 1 at dim, n last
    return s.transpose(dim, x.ndim).squeeze(-1)


def _take_name(params, mask) -> str:
    return params["name"]


# ------------------------------------------------------------------------------- others
def _nansum_fwd(x, dim, keepdim):
    return np.asarray(np.nansum(x, axis=None if dim is None else _dims(dim, x.ndim),
                                keepdims=keepdim), dtype=x.dtype)


def _nansum_vjp(g, out, x, dim, keepdim):
    dims = _dims(dim, x.ndim)
    return (_kept(g, x.shape, dims, keepdim) * ~np.isnan(x)).astype(x.dtype)


def _nansum_graph(g, out, x, dim, keepdim):
    dims = _dims(dim, x.ndim)
    keep = _const((~np.isnan(x._data)).astype(x._data.dtype))
    return _kept(g, tuple(x.shape), dims, keepdim) * keep


def _dist_fwd(x, y, p):
    d = np.abs(x - y).reshape(-1)
    if p == 0:
        return np.asarray(np.count_nonzero(d), dtype=d.dtype)
    if np.isinf(p):
        return np.asarray(d.max() if p > 0 else d.min(), dtype=d.dtype)
    return np.asarray(np.sum(d ** p) ** (1.0 / p), dtype=d.dtype)


def _dist_slope(d, out, p):
    """∂dist/∂x as an array: sign(d)|d|^(p−1)/dist^(p−1) (0 where dist is 0)."""
    if p == 0:
        return np.zeros_like(d)
    if np.isinf(p):
        a = np.abs(d)
        hit = (a == out).astype(d.dtype)
        return np.sign(d) * hit / max(hit.sum(), 1)
    with np.errstate(all="ignore"):
        s = np.sign(d) * np.abs(d) ** (p - 1) / out ** (p - 1)
    return np.where(out == 0, 0, s).astype(d.dtype)


def _dist_vjp(sign):
    def vjp(g, out, x, y, p):
        return sign * g * _dist_slope(x - y, out, p)
    return vjp


def _dist_graph(sign):
    def rule(g, out, x, y, p):
        if p == 0 or np.isinf(p):   # piecewise constant slope: no second derivative
            return sign * g * _const(_dist_slope(x._data - y._data, out._data, p))
        d = x - y
        safe = out + _const(float(out.item() == 0))
        return sign * g * d.sign() * d.abs() ** (p - 1) / safe ** (p - 1)
    return rule


def _trace_fwd(x):
    if x.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {x.ndim}")
    return np.asarray(np.trace(x), dtype=_int_up(x))


_R = dict(saves=True, category="reduction")
_more = [
    _internal("prod", arity=1, forward=_prod_fwd, vjps=(_prod_vjp,),
              grad_fn=lambda params, mask: "ProdBackward0" if params.get("dim") is None
              else "ProdBackward1", formulas=("∂Πx/∂xᵢ = Π_{j≠i} xⱼ",),
              reads=((0, "out"),), **_R),
    _internal("cumsum", arity=1, forward=_cumsum_fwd,
              vjps=(lambda g, out, x, dim: _rev_cumsum(g, dim) if x.ndim else g,),
              grad_fn="CumsumBackward0", formulas=("∂cumsum(x)ⱼ/∂xᵢ = 1 for j ≥ i",),
              reads=((),), category="reduction"),
    _internal("cumprod", arity=1, forward=_cumprod_fwd, vjps=(_cumprod_vjp,),
              grad_fn="CumprodBackward0", formulas=("∂cumprod(x)ⱼ/∂xᵢ = Π_{k≤j, k≠i} xₖ",),
              reads=((0, "out"),), **_R),
    _internal("logcumsumexp", arity=1, forward=_lcse_fwd, vjps=(_lcse_vjp,),
              grad_fn="LogcumsumexpBackward0", formulas=("∂out_j/∂xᵢ = e^(xᵢ − out_j), j ≥ i",),
              reads=((0, "out"),), **_R),
    _internal("take_along", arity=1, forward=_take_fwd, vjps=(_take_vjp,), grad_fn=_take_name,
              formulas=("∂/∂x = 1 at the picked element",), reads=((),), **_R),
    _internal("nansum", arity=1, forward=_nansum_fwd, vjps=(_nansum_vjp,),
              grad_fn="NansumBackward0", formulas=("∂Σx/∂xᵢ = 1 (0 at NaN)",),
              reads=((0,),), **_R),
    _internal("trace", arity=1, forward=_trace_fwd,
              vjps=(lambda g, out, x: g * np.eye(*x.shape, dtype=x.dtype),),
              grad_fn="TraceBackward0", formulas=("∂tr(X)/∂X = I",), reads=((),),
              category="reduction"),
    _internal("dist", arity=2, forward=_dist_fwd, vjps=(_dist_vjp(1), _dist_vjp(-1)),
              grad_fn="DistBackward0", broadcast=True, input_names=("input", "other"),
              formulas=("∂‖x−y‖/∂x = (x−y)/‖x−y‖ (p = 2)", "−∂/∂x"),
              reads=((0, 1, "out"), (0, 1, "out")), **_R),
]
# std_mean / var_mean: the std (var) and the mean of one call, both nodes named as torch's one
for _src, _name, _gf in (("std", "std_mean_std", "StdMeanBackward0"),
                         ("var", "var_mean_var", "VarMeanBackward0")):
    _more.append(dataclasses.replace(INTERNAL_OPS[_src], name=_name, grad_fn=_gf))
    GRAPH_VJPS[_name] = GRAPH_VJPS[_src]
    _more.append(dataclasses.replace(OPS["mean"], name=_name[:3] + "_mean_mean", grad_fn=_gf,
                                     method=False, function=False))
    GRAPH_VJPS[_name[:3] + "_mean_mean"] = GRAPH_VJPS["mean"]
INTERNAL_OPS.update({op.name: op for op in _more})

GRAPH_VJPS.update({
    "prod": (_prod_graph,),
    "cumsum": (_cumsum_graph,),
    "cumprod": (_cumprod_graph,),
    "logcumsumexp": (_lcse_graph,),
    "take_along": (_take_graph,),
    "nansum": (_nansum_graph,),
    "trace": (lambda g, out, x: g * _const(np.eye(*x._data.shape, dtype=x._data.dtype)),),
    "dist": (_dist_graph(1), _dist_graph(-1)),
})


# ------------------------------------------------------------------------------- the API
def _cast(x: Tensor, dtype) -> Tensor:
    return x if dtype is None else x.to(dtype)


def _dim(x: Tensor, dim) -> int:
    return _norm_dim(int(dim), x._data.ndim) if x._data.ndim else 0


def prod(self: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    x = _cast(self, dtype)
    return _apply(INTERNAL_OPS["prod"], (x,), {
        "dim": None if dim is None else _dim(x, dim), "keepdim": bool(keepdim)})


def cumsum(self: Tensor, dim, *, dtype=None) -> Tensor:
    x = _cast(self, dtype)
    return _apply(INTERNAL_OPS["cumsum"], (x,), {"dim": _dim(x, dim)})


def cumprod(self: Tensor, dim, *, dtype=None) -> Tensor:
    x = _cast(self, dtype)
    return _apply(INTERNAL_OPS["cumprod"], (x,), {"dim": _dim(x, dim)})


def logcumsumexp(self: Tensor, dim) -> Tensor:
    return _apply(INTERNAL_OPS["logcumsumexp"], (self,), {"dim": _dim(self, dim)})


def _pair(kind: str):
    cls = namedtuple(kind, ["values", "indices"])   # torch.return_types.<kind>
    cls.__repr__ = _return_types_repr
    return cls


_RESULTS = {k: _pair(k) for k in ("cummax", "cummin", "median", "nanmedian", "mode",
                                  "kthvalue", "topk")}


def _picked(self: Tensor, kind: str, dim, index: np.ndarray, keepdim: bool, name: str):
    values = _apply(INTERNAL_OPS["take_along"], (self,), {
        "dim": dim, "index": index, "keepdim": keepdim, "name": name})
    if dim is None:
        return values
    return _RESULTS[kind](values, _wrap(np.asarray(index, dtype=np.int64)))


def _cum_extreme(self: Tensor, dim, kind: str):
    x = self._data
    d = _dim(self, dim)
    if not x.ndim:
        return _RESULTS[kind](_picked(self, kind, None, np.asarray(0), True, ""),
                              _wrap(np.zeros((), np.int64)))
    m = _moved(x, d)
    better = np.greater_equal if kind == "cummax" else np.less_equal
    idx = np.zeros(m.shape, np.int64)
    best = m[..., 0].copy()
    for j in range(1, m.shape[-1]):
        take = better(m[..., j], best) | np.isnan(m[..., j])   # torch: ties move to the later
        best = np.where(take, m[..., j], best)
        idx[..., j] = np.where(take, j, idx[..., j - 1])
    name = "CummaxBackward0" if kind == "cummax" else "CumminBackward0"
    return _picked(self, kind, d, np.moveaxis(idx, -1, d), True, name)


def cummax(self: Tensor, dim):
    return _cum_extreme(self, dim, "cummax")


def cummin(self: Tensor, dim):
    return _cum_extreme(self, dim, "cummin")


def _kth_index(x: np.ndarray, k: int, d: int) -> np.ndarray:
    return np.take(sort_order(x, d, False), [k], axis=d).squeeze(d)


def median(self: Tensor, dim=None, keepdim: bool = False):
    """The lower median (torch's, unlike numpy's average of the middle two)."""
    x = self._data
    if dim is None:
        flat = x.reshape(-1)
        i = int(sort_order(flat, 0, False)[(flat.size - 1) // 2]) if flat.size else 0
        return _picked(self, "median", None, np.asarray(i), False, "MedianBackward0")
    d = _dim(self, dim)
    if not x.ndim:
        return _RESULTS["median"](self.clone(), _wrap(np.zeros((), np.int64)))
    idx = _kth_index(x, (x.shape[d] - 1) // 2, d)
    return _picked(self, "median", d, np.expand_dims(idx, d) if keepdim else idx,
                   bool(keepdim), "MedianBackward1")


def nanmedian(self: Tensor, dim=None, keepdim: bool = False):
    if not np.isnan(self._data).any():
        return median(self, dim, keepdim)
    raise NotImplementedError("nanmedian of a tensor with NaN is not supported by this engine")


def kthvalue(self: Tensor, k: int, dim: int = -1, keepdim: bool = False):
    x = self._data
    d = _dim(self, dim)
    n = x.shape[d] if x.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    idx = _kth_index(x, k - 1, d) if x.ndim else np.asarray(0)
    if not x.ndim:
        return _RESULTS["kthvalue"](self.clone(), _wrap(np.zeros((), np.int64)))
    return _picked(self, "kthvalue", d, np.expand_dims(idx, d) if keepdim else idx,
                   bool(keepdim), "KthvalueBackward0")


def mode(self: Tensor, dim: int = -1, keepdim: bool = False):
    """The most frequent value along dim (the smallest among equally frequent ones), and the
    index of its last occurrence, as torch returns it."""
    x = self._data
    if not x.ndim:
        return _RESULTS["mode"](self.clone(), _wrap(np.zeros((), np.int64)))
    d = _dim(self, dim)
    m = _moved(x, d)
    flat = m.reshape(-1, m.shape[-1])
    idx = np.empty(flat.shape[0], np.int64)
    for r, row in enumerate(flat):
        vals, counts = np.unique(row, return_counts=True)
        v = vals[np.argmax(counts)]
        idx[r] = np.nonzero(row == v)[0][-1]
    idx = idx.reshape(m.shape[:-1])
    return _picked(self, "mode", d, np.expand_dims(idx, d) if keepdim else idx,
                   bool(keepdim), "ModeBackward0")


def topk(self: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True):  # noqa: A002
    """The k largest (smallest) values along dim, in order, and their indices (TopkBackward0)."""
    x = self._data
    d = _dim(self, dim)
    n = x.shape[d] if x.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError("selected index k out of range")
    if not x.ndim:
        return _RESULTS["topk"](self.clone(), _wrap(np.zeros((), np.int64)))
    order = sort_order(x, d, bool(largest))
    idx = np.take(order, np.arange(k), axis=d)
    return _picked(self, "topk", d, idx, True, "TopkBackward0")


def nansum(self: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    x = _cast(self, dtype)
    return _apply(INTERNAL_OPS["nansum"], (x,), {"dim": dim, "keepdim": bool(keepdim)})


def nanmean(self: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """torch's composite: nansum over the count of non-NaN elements (DivBackward0)."""
    x = _cast(self, dtype)
    count = np.sum(~np.isnan(x._data), axis=None if dim is None else _dims(dim, x._data.ndim),
                   keepdims=bool(keepdim))
    return nansum(x, dim, keepdim) / _wrap(np.asarray(count, dtype=x._data.dtype))


def _stat_mean(self, kind, dim, unbiased, keepdim, correction):
    dim, unbiased = _reduce_args(dim, unbiased)
    params = {"dim": dim, "keepdim": bool(keepdim),
              "correction": _correction(unbiased, correction)}
    spread = _apply(INTERNAL_OPS[f"{kind}_mean_{kind}"], (self,), params)
    mean = _apply(INTERNAL_OPS[f"{kind}_mean_mean"], (self,), {
        "dim": dim, "keepdim": bool(keepdim)})
    return spread, mean


def std_mean(self: Tensor, dim=None, unbiased=None, keepdim: bool = False, *,
             correction=None) -> tuple:
    return _stat_mean(self, "std", dim, unbiased, keepdim, correction)


def var_mean(self: Tensor, dim=None, unbiased=None, keepdim: bool = False, *,
             correction=None) -> tuple:
    return _stat_mean(self, "var", dim, unbiased, keepdim, correction)


def trace(self: Tensor) -> Tensor:
    return _apply(INTERNAL_OPS["trace"], (self,), {})


def diff(self: Tensor, n: int = 1, dim: int = -1, prepend=None, append=None) -> Tensor:
    """x[1:] − x[:-1] along dim, n times (torch records SubBackward0 over two slices)."""
    x = self
    d = _dim(x, dim)
    if prepend is not None or append is not None:
        parts = [_as_tensor(p) for p in (prepend,) if p is not None] + [x] + [
            _as_tensor(a) for a in (append,) if a is not None]
        x = cat(parts, d)
    lead = (slice(None),) * d
    for _ in range(n):
        x = x[lead + (slice(1, None),)] - x[lead + (slice(None, -1),)]
    return x


def dist(self: Tensor, other, p=2) -> Tensor:
    return _apply(INTERNAL_OPS["dist"], (self, other), {"p": float(p)})


def argsort(self: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    x = self._data
    if not x.ndim:
        return _wrap(np.zeros((), np.int64))
    return _wrap(np.asarray(sort_order(x, _dim(self, dim), descending), dtype=np.int64))


def count_nonzero(self: Tensor, dim=None) -> Tensor:
    axis = None if dim is None else _dims(dim, self._data.ndim)
    return _wrap(np.asarray(np.count_nonzero(self._data, axis=axis), dtype=np.int64))


def _logic_reduce(fn):
    def reduce(self: Tensor, dim=None, keepdim: bool = False) -> Tensor:
        x = _as_tensor(self)._data
        if dim is None:
            return _wrap(np.asarray(fn(x)))
        return _wrap(np.asarray(fn(x, axis=_dims(dim, x.ndim), keepdims=bool(keepdim))))
    return reduce


all = _logic_reduce(np.all)  # noqa: A001  (torch.all)
any = _logic_reduce(np.any)  # noqa: A001  (torch.any)
all.__name__, any.__name__ = "all", "any"


def _arg_extreme(fn):
    def arg(self: Tensor, dim=None, keepdim: bool = False) -> Tensor:
        x = _as_tensor(self)._data
        if dim is None:
            return _wrap(np.asarray(fn(x), dtype=np.int64))
        d = _dim(self, dim)
        return _wrap(np.asarray(fn(x, axis=d, keepdims=bool(keepdim)) if x.ndim
                                else np.zeros((), np.int64), dtype=np.int64))
    return arg


argmax = _arg_extreme(np.argmax)
argmin = _arg_extreme(np.argmin)



def _axis_alias(fn):
    """torch takes numpy's ``axis=`` for ``dim=`` (d2l writes ``A.cumsum(axis=0)``)."""
    def wrapper(*args, **kwargs):
        if "axis" in kwargs:
            kwargs["dim"] = kwargs.pop("axis")
        return fn(*args, **kwargs)
    wrapper.__name__ = wrapper.__qualname__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


FUNCTIONS = {name: globals()[name] if name in ("trace", "dist", "diff", "topk")
             else _axis_alias(globals()[name]) for name in __all__}
for _name, _fn in FUNCTIONS.items():
    setattr(Tensor, _name, _fn)
Tensor.cumsum_ = lambda self, dim: _inplace(self, INTERNAL_OPS["cumsum"], (),
                                            {"dim": _dim(self, dim)})
Tensor.cumprod_ = lambda self, dim: _inplace(self, INTERNAL_OPS["cumprod"], (),
                                             {"dim": _dim(self, dim)})
