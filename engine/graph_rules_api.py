"""Double-backward rules (``higher_order.GRAPH_VJPS``) for the ops of ``ops_index``,
``ops_reshape``, ``ops_linalg``, ``linalg`` and ``special``, and for the two op-table ops whose
rule reads a numpy helper of the table (``sort``, ``nll_loss``): the same VJPs as their numpy
rules, written with engine ops on tensors so ``create_graph=True`` records them.  They are
registered when the package loads (after the table), so ``higher_order`` needs none of it.

Index arrays and masks stay numpy parameters (constants).  The gradients of ``eigvalsh`` and
``svdvals`` depend on the eigen/singular vectors' own derivatives; their second derivative
is refused with a one-line NotImplementedError rather than computed wrongly.
"""
from __future__ import annotations

import numpy as np

from .higher_order import GRAPH_VJPS, _scatter, _unbroadcast
from .joins import cat
from .linalg import _axes, solve
from .op_rules import _nll_vjp
from .op_rules_shape import sort_order
from .ops_index import _coords, _wrap_index, topk_order
from .ops_linalg import _LETTERS, _MAX_EINSUM, _as_matrix_rhs, einsum
from .ops_reshape import _unfold_windows
from .tensor import Tensor, _wrap


def _zeros(shape, like: Tensor) -> Tensor:
    return _wrap(np.zeros(tuple(shape), dtype=like._data.dtype))


def _const(a, like: Tensor) -> Tensor:
    return _wrap(np.asarray(a, dtype=like._data.dtype))


def _unsort_key(x: Tensor, dim: int, descending: bool) -> tuple:
    """The index that puts sorted values back where they came from (sort's inverse)."""
    order = sort_order(x._data, dim, descending)
    key = list(np.indices(x._data.shape))
    key[dim] = np.argsort(order, axis=dim)
    return tuple(key)


def _nll(g, out, logp, target, reduction="mean", ignore_index=-100):
    ones = np.ones(np.shape(g._data), dtype=logp._data.dtype)
    w = _nll_vjp(ones, out._data, logp._data, target._data, reduction, ignore_index)
    return (g.unsqueeze(-1) if g.ndim else g) * _const(w, logp)


def _gather_back(g, x, dim, index):
    if x.ndim == 0:
        return g.sum()
    return _zeros(x.shape, g).scatter_add(dim, _wrap_index(index, x.shape[dim]), g)


def _src_back(g, x, src, dim, index):
    picked = g.gather(dim, _wrap_index(index, x.shape[dim]))
    if tuple(index.shape) == tuple(src.shape):
        return picked
    return _scatter(picked, src, tuple(slice(0, n) for n in index.shape))


def _masked_scatter_src(g, out, x, source, mask):
    m = np.broadcast_to(mask, tuple(x.shape))
    picked = g.masked_select(m)
    missing = source.numel() - picked.numel()
    if missing:
        picked = cat([picked, _zeros((missing,), g)])
    return picked.reshape(tuple(source.shape))


def _masked_select_back(g, out, x, mask):
    shape = np.broadcast_shapes(tuple(x.shape), mask.shape)
    full = _zeros(shape, g).masked_scatter(np.broadcast_to(mask, shape), g)
    return _unbroadcast(full, tuple(x.shape))


def _take_back(g, out, x, index):
    flat = _zeros((x.numel(),), g).index_add(0, _wrap_index(index, x.numel()).reshape(-1),
                                             g.reshape(-1))
    return flat.reshape(tuple(x.shape))


def _put_x(g, out, x, source, index, accumulate):
    if accumulate:
        return g
    idx = _wrap_index(index.reshape(-1), x.numel())
    return g.reshape(-1).index_fill(0, idx, 0.0).reshape(tuple(x.shape))


def _put_src(g, out, x, source, index, accumulate):
    return g.take(_wrap_index(index.reshape(-1), x.numel())).reshape(tuple(source.shape))


def _topk_back(g, out, x, k, dim, largest, sorted):
    if x.ndim == 0:
        return g
    return _zeros(x.shape, g).scatter(dim, topk_order(x._data, k, dim, largest), g)


def _roll_back(g, out, x, shifts, dims):
    if dims is None:
        return g.roll(-shifts[0])
    return g.roll(tuple(-s for s in shifts), dims)


def _unfold_back(g, out, x, dim, size, step):
    if x.ndim == 0:
        return g.sum()
    pos = _unfold_windows(x.shape[dim], size, step)
    moved = g.movedim(-1, dim + 1)                    # (..., windows, size, ...)
    shape = tuple(moved.shape)
    flat = moved.reshape(shape[:dim] + (shape[dim] * shape[dim + 1],) + shape[dim + 2:])
    return _zeros(x.shape, g).index_add(dim, pos.reshape(-1), flat)


def _cdist_back(sign):
    def rule(g, out, x1, x2, p):
        if p in (0.0, np.inf):
            raise NotImplementedError(f"create_graph=True: the second derivative of cdist with "
                                      f"p={p} is not supported by this engine")
        diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)
        o = out.unsqueeze(-1)
        zero = np.broadcast_to((out._data == 0)[..., None], tuple(diff.shape))
        safe_o = o.masked_fill(out._data[..., None] == 0, 1.0)
        if p == 1:
            w = _const(np.sign(diff._data), g)
        else:
            w = _const(np.sign(diff._data), g) * diff.abs() ** (p - 1) / safe_o ** (p - 1)
        full = (g.unsqueeze(-1) * w).masked_fill(zero, 0.0)
        return full.sum(-2) if sign > 0 else -full.sum(-3)
    return rule


def _mT(t: Tensor) -> Tensor:
    return t.transpose(-2, -1)


def _solve_b(g, out, a, b):
    return solve(_mT(a), g)


def _solve_a(g, out, a, b):
    gb = solve(_mT(a), g)
    if _as_matrix_rhs(a._data, b._data):
        return -(gb.unsqueeze(-1) * out.unsqueeze(-2))
    return -gb.matmul(_mT(out))


def _pinv_back(g, out, a):
    m, n = a.shape[-2], a.shape[-1]
    p, ph, gh = out, _mT(out), _mT(g)
    if m <= n:
        k = gh.matmul(p)
        kph = k.matmul(ph)
        return -_mT(p.matmul(k)) + kph - a.matmul(p).matmul(kph) + \
            ph.matmul(p).matmul(gh - k.matmul(a))
    k = p.matmul(gh)
    phk = ph.matmul(k)
    return -_mT(k.matmul(p)) + (gh - a.matmul(k)).matmul(p).matmul(ph) + phk - \
        phk.matmul(p).matmul(a)


def _no_second(name):
    def rule(*args, **kwargs):
        raise NotImplementedError(f"create_graph=True: the second derivative of {name} needs "
                                  f"its vectors' derivatives, which this engine does not "
                                  f"compute")
    return rule


def _einsum_back(i):
    def rule(g, out, *xs, subs, res):
        x = xs[i]
        own = subs[i]
        ops = [g] + [t for j, t in enumerate(xs) if j != i]
        terms = [res] + [s for j, s in enumerate(subs) if j != i]
        used = set("".join(subs) + res)
        fresh = iter(c for c in _LETTERS if c not in used)
        target, seen = "", set()
        for c, n in zip(own, x.shape):
            if c in seen:
                f = next(fresh)
                terms.append(c + f)
                ops.append(_const(np.eye(n), g))
                target += f
            else:
                seen.add(c)
                target += c
        present = set("".join(terms))
        for c, n in zip(target, x.shape):
            if c not in present:
                terms.append(c)
                ops.append(_const(np.ones(n), g))
                present.add(c)
        return einsum(",".join(terms) + "->" + target, *ops)
    return rule


def _min_norm_back(g, out, x, dim, keepdim):
    axes = _axes(dim, x.ndim)
    o = out._data if keepdim or axes is None else np.expand_dims(out._data, axes)
    gg = g if keepdim or axes is None else g.reshape(o.shape)
    hit = np.abs(x._data) == o
    share = hit / np.maximum(np.sum(hit, axis=axes, keepdims=True), 1) * np.sign(x._data)
    return gg * _const(share, g)


GRAPH_VJPS.update({
    "sort": (lambda g, out, x, dim, descending: g[_unsort_key(x, dim, descending)],),
    "nll_loss": (_nll, None),
    "gather": (lambda g, out, x, dim, index: _gather_back(g, x, dim, index),),
    "scatter": (lambda g, out, x, src, dim, index: g.scatter(
                    dim, _wrap_index(index, x.shape[dim]), 0.0),
                lambda g, out, x, src, dim, index: _src_back(g, x, src, dim, index)),
    "scatter_value": (lambda g, out, x, dim, index, value: g.scatter(
        dim, _wrap_index(index, x.shape[dim]), 0.0),),
    "scatter_add": (lambda g, out, x, src, dim, index: g,
                    lambda g, out, x, src, dim, index: _src_back(g, x, src, dim, index)),
    "index_select": (lambda g, out, x, dim, index: _zeros(x.shape, g).index_add(
        dim, _wrap_index(index, x.shape[dim]), g) if x.ndim else g.sum(),),
    "index_fill": (lambda g, out, x, dim, index, value: g.index_fill(dim, index, 0.0),),
    "masked_fill": (lambda g, out, x, mask, value: g.masked_fill(mask, 0.0),),
    "masked_fill_tensor": (lambda g, out, x, v, mask: g.masked_fill(mask, 0.0),
                           lambda g, out, x, v, mask: g.masked_fill(
                               ~np.broadcast_to(mask, tuple(g.shape)), 0.0).sum().reshape(
                               tuple(v.shape))),
    "masked_select": (_masked_select_back,),
    "masked_scatter": (lambda g, out, x, source, mask: g.masked_fill(mask, 0.0),
                       _masked_scatter_src),
    "take": (_take_back,),
    "put": (_put_x, _put_src),
    "index_put_accumulate": (lambda g, out, x, v, key: g,
                             lambda g, out, x, v, key: _unbroadcast(g[key], tuple(v.shape))),
    "topk": (_topk_back,),
    "clone_contiguous": (lambda g, out, x: g,),
    "squeeze_multi": (lambda g, out, x, dims: g.reshape(tuple(x.shape)),),
    "restride_": (lambda g, out, x, perm, shape, name: g.reshape(tuple(x.shape))
                  if perm is None else g.permute(*np.argsort(perm).tolist()),),
    "flip": (lambda g, out, x, dims: g.flip(dims),),
    "roll": (_roll_back,),
    "rot90": (lambda g, out, x, k, dims: g.rot90(-k, dims),),
    "unfold": (_unfold_back,),
    "addmm_ab": (lambda g, out, b, x, y, beta, alpha: g * beta,
                 lambda g, out, b, x, y, beta, alpha: g.mm(y.t()) * alpha,
                 lambda g, out, b, x, y, beta, alpha: x.t().mm(g) * alpha),
    "addmv": (lambda g, out, b, m, v, beta, alpha: g * beta,
              lambda g, out, b, m, v, beta, alpha: g.unsqueeze(1) * v * alpha,
              lambda g, out, b, m, v, beta, alpha: m.t().mv(g) * alpha),
    "addr": (lambda g, out, b, v1, v2, beta, alpha: g * beta,
             lambda g, out, b, v1, v2, beta, alpha: g.mv(v2) * alpha,
             lambda g, out, b, v1, v2, beta, alpha: g.t().mv(v1) * alpha),
    "baddbmm": (lambda g, out, b, x, y, beta, alpha: g * beta,
                lambda g, out, b, x, y, beta, alpha: g.matmul(_mT(y)) * alpha,
                lambda g, out, b, x, y, beta, alpha: _mT(x).matmul(g) * alpha),
    "cross": (lambda g, out, x, y, dim: y.cross(g, dim),
              lambda g, out, x, y, dim: g.cross(x, dim)),
    "cdist": (_cdist_back(1), _cdist_back(-1)),
    "inverse": (lambda g, out, x: -_mT(out).matmul(g).matmul(_mT(out)),),
    "det": (lambda g, out, x: g.unsqueeze(-1).unsqueeze(-1) * out.unsqueeze(-1).unsqueeze(-1)
            * _mT(x.inverse()),),
    "slogdet": (lambda g, out, x: g.unsqueeze(-1).unsqueeze(-1) * _mT(x.inverse()),),
    "slogdet_sign": (lambda g, out, x: None,),
    "solve": (_solve_a, _solve_b),
    "pinv": (_pinv_back,),
    "eigvalsh": (_no_second("eigvalsh"),),
    "eigh_part": (_no_second("eigh"),),
    "svdvals": (_no_second("svdvals"),),
    "entr": (lambda g, out, x: g * (-x.log() - 1),),
    "vector_norm_min": (_min_norm_back,),
    "vector_norm_zero": (lambda g, out, x, dim, keepdim: None,),
})
GRAPH_VJPS.update({f"einsum{n}": tuple(_einsum_back(i) for i in range(n))
                   for n in range(1, _MAX_EINSUM + 1)})
