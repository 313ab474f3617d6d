"""Ops tutorials reach for beyond the core table: ``repeat``, ``std``/``var``, ``logsumexp``,
``amax``/``amin`` and the multiple-output views ``split``/``chunk``/``unbind``.

They are internal ops of the op table (``INTERNAL_OPS``; not in the palette), each with a numpy
forward, a numpy VJP and a VJP written with engine ops for ``create_graph=True``
(``higher_order.GRAPH_VJPS``).  grad_fn names recorded from torch 2.13: ``RepeatBackward0``,
``StdBackward0``, ``VarBackward0``, ``LogsumexpBackward0``, ``AmaxBackward0``,
``AminBackward0``, ``SplitBackward0`` (split with an int, chunk), ``SplitWithSizesBackward0``
(split with a list) and ``UnbindBackward0`` (also iterating over a tensor that requires grad).

As in torch, the outputs of a split share one node (``engine/multi_view.py`` rewires the
parts' graph after they are made), and an output of such a multiple-output view refuses an
in-place op while recording (``MULTI_VIEW_INPLACE``).
"""
from __future__ import annotations

import numpy as np

from . import multi_view as _one_node
from .higher_order import GRAPH_VJPS, _scatter, _select_key, _slice_key
from .op_table import INTERNAL_OPS, _internal
from .ops import _apply
from .tensor import Tensor, _norm_dim, _wrap

__all__ = ["repeat", "std", "var", "logsumexp", "amax", "amin", "split", "chunk", "unbind",
           "MULTI_VIEW_INPLACE"]

from .view_inplace import MULTI_VIEW_INPLACE  # noqa: E402  (re-exported)


# ------------------------------------------------------------------------------- helpers
def _dims(dim, ndim: int) -> tuple:
    """A reduction's dims as a tuple of non-negative ints (None or () = all)."""
    if dim is None or dim == ():
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    return tuple(sorted(_norm_dim(d, max(ndim, 1)) if ndim else 0 for d in dims))


def _kept(a, x_shape, dims, keepdim):
    """A reduced result (array or Tensor) reshaped to broadcast against the input."""
    if keepdim or not x_shape:
        return a
    shape = tuple(1 if i in dims else n for i, n in enumerate(x_shape))
    return a.reshape(shape)


def _count(shape, dims) -> int:
    return int(np.prod([shape[d] for d in dims])) if shape else 1


# ------------------------------------------------------------------------------- repeat
def _repeat_fwd(x, repeats):
    x = x.reshape((1,) * (len(repeats) - x.ndim) + x.shape)
    return np.tile(x, repeats)


def _repeat_back(g, x_shape, repeats, sum_fn, reshape_fn):
    """The tiled copies summed back: g seen as (r0, s0, r1, s1, ...) summed over the r axes."""
    padded = (1,) * (len(repeats) - len(x_shape)) + tuple(x_shape)
    pairs = tuple(n for r, s in zip(repeats, padded) for n in (r, s))
    summed = sum_fn(reshape_fn(g, pairs), tuple(range(0, 2 * len(repeats), 2)))
    return reshape_fn(summed, tuple(x_shape))


def _repeat_shape(x, repeats):
    padded = (1,) * (len(repeats) - x.ndim) + x.shape
    return tuple(r * s for r, s in zip(repeats, padded))


# ------------------------------------------------------------------------------- std / var
def _var_fwd(x, dim, correction, keepdim):
    dims = _dims(dim, x.ndim)
    return np.asarray(np.var(x, axis=dims, ddof=correction, keepdims=keepdim), dtype=x.dtype)


def _var_vjp(g, out, x, dim, correction, keepdim):
    dims = _dims(dim, x.ndim)
    n = _count(x.shape, dims) - correction
    mean = np.mean(x, axis=dims, keepdims=True)
    return (_kept(g, x.shape, dims, keepdim) * 2 * (x - mean) / n).astype(x.dtype)


def _std_fwd(x, dim, correction, keepdim):
    return np.sqrt(_var_fwd(x, dim, correction, keepdim))


def _std_vjp(g, out, x, dim, correction, keepdim):
    dims = _dims(dim, x.ndim)
    n = _count(x.shape, dims) - correction
    mean = np.mean(x, axis=dims, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        res = _kept(g / out, x.shape, dims, keepdim) * (x - mean) / n
    return res.astype(x.dtype)


def _var_graph(g, out, x, dim, correction, keepdim):
    dims = _dims(dim, x.ndim)
    n = _count(tuple(x.shape), dims) - correction
    return _kept(g, tuple(x.shape), dims, keepdim) * 2 * (x - x.mean(dims, keepdim=True)) / n


def _std_graph(g, out, x, dim, correction, keepdim):
    dims = _dims(dim, x.ndim)
    n = _count(tuple(x.shape), dims) - correction
    return _kept(g / out, tuple(x.shape), dims, keepdim) * (x - x.mean(dims, keepdim=True)) / n


# ------------------------------------------------------------------------------- logsumexp
def _lse_fwd(x, dim, keepdim):
    dims = _dims(dim, x.ndim)
    m = np.max(x, axis=dims, keepdims=True) if x.size else np.zeros((1,) * x.ndim, x.dtype)
    m = np.where(np.isfinite(m), m, 0)
    s = np.log(np.sum(np.exp(x - m), axis=dims, keepdims=True)) + m
    return np.asarray(s if keepdim else np.squeeze(s, dims), dtype=x.dtype)


def _lse_vjp(g, out, x, dim, keepdim):
    dims = _dims(dim, x.ndim)
    return (_kept(g, x.shape, dims, keepdim) *
            np.exp(x - _kept(out, x.shape, dims, keepdim))).astype(x.dtype)


def _lse_graph(g, out, x, dim, keepdim):
    dims = _dims(dim, x.ndim)
    return _kept(g, tuple(x.shape), dims, keepdim) * (x - _kept(out, tuple(x.shape), dims,
                                                                keepdim)).exp()


# ------------------------------------------------------------------------------- amax / amin
def _amax_fwd(x, dim, keepdim):
    return np.asarray(np.max(x, axis=_dims(dim, x.ndim), keepdims=keepdim))


def _amin_fwd(x, dim, keepdim):
    return np.asarray(np.min(x, axis=_dims(dim, x.ndim), keepdims=keepdim))


def _extreme_share(x, out, dim, keepdim):
    """1/count at the elements equal to the extreme (torch's amax/amin share ties evenly)."""
    dims = _dims(dim, x.ndim)
    hit = (x == _kept(out, x.shape, dims, keepdim)).astype(x.dtype)
    return hit / np.sum(hit, axis=dims, keepdims=True), dims


def _amax_vjp(g, out, x, dim, keepdim):
    share, dims = _extreme_share(x, out, dim, keepdim)
    return (_kept(g, x.shape, dims, keepdim) * share).astype(x.dtype)


def _amax_graph(g, out, x, dim, keepdim):
    share, dims = _extreme_share(x._data, out._data, dim, keepdim)
    return _kept(g, tuple(x.shape), dims, keepdim) * _wrap(share)


# ------------------------------------------------------------------------------- views
def _part_name(params, mask) -> str:
    return params["name"]


def _part_fwd(x, dim, start, stop, name):
    return x[_slice_key(dim, start, stop, None)]


def _part_vjp(g, out, x, dim, start, stop, name):
    res = np.zeros(x.shape, dtype=g.dtype)
    res[_slice_key(dim, start, stop, None)] = g
    return res


def _unbind_fwd(x, dim, index):
    return x[_select_key(dim, index) + (Ellipsis,)]


def _unbind_vjp(g, out, x, dim, index):
    res = np.zeros(x.shape, dtype=g.dtype)
    res[_select_key(dim, index)] = g
    return res


# ------------------------------------------------------------------------------- smooth L1
def _reduce(a, reduction):
    return np.asarray(a.mean() if reduction == "mean" else a.sum() if reduction == "sum" else a,
                      dtype=a.dtype)


def _smooth_l1_fwd(x, t, reduction, beta):
    d = np.abs(x - t)
    return _reduce(np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def _smooth_l1_slope(x, t, beta):
    d = x - t
    return np.where(np.abs(d) < beta, d / beta, np.sign(d))


def _smooth_l1_vjp(g, out, x, t, reduction, beta):
    n = x.size if reduction == "mean" else 1
    return (g * _smooth_l1_slope(x, t, beta) / n).astype(x.dtype)


def _smooth_l1_graph(sign):
    def rule(g, out, x, t, reduction, beta):
        n = x.numel() if reduction == "mean" else 1
        return g * _wrap(sign * _smooth_l1_slope(x._data, t._data, beta).astype(
            x._data.dtype)) / n
    return rule


_REDUCE = dict(saves=True, category="reduction")
_more = [
    _internal("repeat", arity=1, forward=_repeat_fwd,
              vjps=(lambda g, out, x, repeats: _repeat_back(
                  g, x.shape, repeats, lambda a, ax: a.sum(axis=ax), np.reshape),),
              grad_fn="RepeatBackward0", formulas=("∂repeat(x)/∂x = Σ over the copies",),
              result_shape=_repeat_shape),
    _internal("var", arity=1, forward=_var_fwd, vjps=(_var_vjp,), grad_fn="VarBackward0",
              formulas=("∂var(x)/∂xᵢ = 2(xᵢ − x̄)/(n − c)",), reads=((0,),), **_REDUCE),
    _internal("std", arity=1, forward=_std_fwd, vjps=(_std_vjp,), grad_fn="StdBackward0",
              formulas=("∂std(x)/∂xᵢ = (xᵢ − x̄)/((n − c)·std)",), reads=((0, "out"),), **_REDUCE),
    _internal("logsumexp", arity=1, forward=_lse_fwd, vjps=(_lse_vjp,),
              grad_fn="LogsumexpBackward0", formulas=("∂lse(x)/∂xᵢ = exp(xᵢ − lse)",),
              reads=((0, "out"),), **_REDUCE),
    _internal("amax", arity=1, forward=_amax_fwd, vjps=(_amax_vjp,), grad_fn="AmaxBackward0",
              formulas=("∂amax(x)/∂xᵢ = 1/k at the k maxima",), reads=((0, "out"),), **_REDUCE),
    _internal("amin", arity=1, forward=_amin_fwd, vjps=(_amax_vjp,), grad_fn="AminBackward0",
              formulas=("∂amin(x)/∂xᵢ = 1/k at the k minima",), reads=((0, "out"),), **_REDUCE),
    _internal("smooth_l1_loss", arity=2, forward=_smooth_l1_fwd,
              vjps=(_smooth_l1_vjp, lambda g, out, x, t, reduction, beta:
                    -_smooth_l1_vjp(g, out, x, t, reduction, beta)),
              grad_fn="SmoothL1LossBackward0", saves=True, category="loss",
              input_names=("input", "target"), reads=((0, 1), (0, 1)),
              formulas=("∂/∂x = (x − t)/β inside β, sign(x − t) outside", "−∂/∂x")),
    _internal("split_part", arity=1, forward=_part_fwd, vjps=(_part_vjp,), grad_fn=_part_name,
              formulas=("∂part/∂x = 1 inside the part",), view=True),
    _internal("unbind_part", arity=1, forward=_unbind_fwd, vjps=(_unbind_vjp,),
              grad_fn="UnbindBackward0", formulas=("∂x[i]/∂x = one-hot at i",), view=True),
]
INTERNAL_OPS.update({op.name: op for op in _more})

GRAPH_VJPS.update({
    "repeat": (lambda g, out, x, repeats: _repeat_back(
        g, tuple(x.shape), repeats, lambda a, ax: a.sum(ax), lambda a, s: a.reshape(s)),),
    "var": (_var_graph,),
    "std": (_std_graph,),
    "logsumexp": (_lse_graph,),
    "amax": (_amax_graph,),
    "amin": (_amax_graph,),
    "smooth_l1_loss": (_smooth_l1_graph(1.0), _smooth_l1_graph(-1.0)),
    "split_part": (lambda g, out, x, dim, start, stop, name:
                   _scatter(g, x, _slice_key(dim, start, stop, None)),),
    "unbind_part": (lambda g, out, x, dim, index: _scatter(g, x, _select_key(dim, index)),),
})


# ------------------------------------------------------------------------------- the API
def repeat(self: Tensor, *sizes) -> Tensor:
    """torch's ``Tensor.repeat``: the tensor tiled ``sizes`` times (a copy, not a view)."""
    reps = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
    reps = tuple(int(r) for r in reps)
    if len(reps) < self._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    return _apply(INTERNAL_OPS["repeat"], (self,), {"repeats": reps})


def _correction(unbiased, correction) -> int:
    if correction is not None:
        return int(correction)
    return 1 if unbiased is None or unbiased else 0


def _reduce_args(dim, unbiased):
    # torch.std(x, False): the second positional argument is `unbiased`
    if isinstance(dim, bool):
        return None, dim
    return dim, unbiased


def std(self: Tensor, dim=None, unbiased=None, keepdim: bool = False, *,
        correction=None) -> Tensor:
    dim, unbiased = _reduce_args(dim, unbiased)
    return _apply(INTERNAL_OPS["std"], (self,), {"dim": dim, "keepdim": bool(keepdim),
                                                 "correction": _correction(unbiased, correction)})


def var(self: Tensor, dim=None, unbiased=None, keepdim: bool = False, *,
        correction=None) -> Tensor:
    dim, unbiased = _reduce_args(dim, unbiased)
    return _apply(INTERNAL_OPS["var"], (self,), {"dim": dim, "keepdim": bool(keepdim),
                                                 "correction": _correction(unbiased, correction)})


def logsumexp(self: Tensor, dim, keepdim: bool = False) -> Tensor:
    return _apply(INTERNAL_OPS["logsumexp"], (self,), {"dim": dim, "keepdim": bool(keepdim)})


def amax(self: Tensor, dim=(), keepdim: bool = False) -> Tensor:
    return _apply(INTERNAL_OPS["amax"], (self,), {"dim": dim, "keepdim": bool(keepdim)})


def amin(self: Tensor, dim=(), keepdim: bool = False) -> Tensor:
    return _apply(INTERNAL_OPS["amin"], (self,), {"dim": dim, "keepdim": bool(keepdim)})


def _mark_parts(parts: list, name: str) -> tuple:
    for nr, p in enumerate(parts):
        p._multi_view = (nr, name)
    return tuple(parts)


def split(self: Tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Pieces of ``split_size`` along ``dim`` (the last may be smaller), or of the listed
    sizes; each a view of ``self``."""
    d = _norm_dim(dim, self._data.ndim)
    n = self._data.shape[d]
    if isinstance(split_size_or_sections, int):
        size = split_size_or_sections
        bounds = [(s, min(s + size, n)) for s in range(0, max(n, 1), max(size, 1))]
        name = "SplitBackward0"
    else:
        sizes = [int(s) for s in split_size_or_sections]
        if sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got "
                               f"split_sizes={sizes}")
        ends = np.cumsum(sizes).tolist()
        bounds = [(e - s, e) for s, e in zip(sizes, ends)]
        name = "SplitWithSizesBackward0"
    op = INTERNAL_OPS["split_part"]
    parts = [_apply(op, (self,), {"dim": d, "start": a, "stop": b, "name": name})
             for a, b in bounds]
    _one_node.join(parts, self, name, [_slice_key(d, a, b, None) for a, b in bounds], d,
                     stacked=False)
    return _mark_parts(parts, name[:-len("Backward0")])


def chunk(self: Tensor, chunks: int, dim: int = 0) -> tuple:
    """``chunks`` pieces (fewer if the size does not divide): torch records SplitBackward0."""
    n = self._data.shape[_norm_dim(dim, self._data.ndim)]
    return split(self, max(-(-n // chunks), 1), dim)


def unbind(self: Tensor, dim: int = 0) -> tuple:
    """Every slice along ``dim``, that dimension removed; each a view of ``self``."""
    d = _norm_dim(dim, self._data.ndim)
    op = INTERNAL_OPS["unbind_part"]
    parts = [_apply(op, (self,), {"dim": d, "index": i}) for i in range(self._data.shape[d])]
    _one_node.join(parts, self, "UnbindBackward0",
                     [_select_key(d, i) for i in range(len(parts))], d, stacked=True)
    return _mark_parts(parts, "Unbind")


def _iter(self: Tensor):
    """Iterating over a tensor: torch unbinds it (each row carries UnbindBackward0)."""
    if self._data.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    return iter(unbind(self, 0))


for _name in ("repeat", "std", "var", "logsumexp", "amax", "amin", "split", "chunk", "unbind"):
    setattr(Tensor, _name, globals()[_name])
Tensor.__iter__ = _iter
# torch spells dim-reductions' keepdim as keepdims too (d2l does: X.sum(1, keepdims=True))
_sum = Tensor.sum


def _sum_keepdims(self, *args, keepdims=None, **kwargs):
    if keepdims is not None:
        kwargs["keepdim"] = keepdims
    return _sum(self, *args, **kwargs)


Tensor.sum = _sum_keepdims
FUNCTIONS = {name: globals()[name] for name in __all__ if name != "MULTI_VIEW_INPLACE"}
