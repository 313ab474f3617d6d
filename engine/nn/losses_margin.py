"""Margin losses for classification: ``MultiLabelMarginLoss``, ``MultiLabelSoftMarginLoss``,
``MultiMarginLoss``, ``SoftMarginLoss`` and their ``F.`` forms, with torch's formulas.

``soft_margin_loss``, ``multi_margin_loss`` and ``multilabel_margin_loss`` are one node each
(``SoftMarginLossBackward0`` ...), as in torch; ``multilabel_soft_margin_loss`` is composed of
ordinary ops, as torch composes it.  The targets get no gradient.
"""
from __future__ import annotations

import numpy as np

from ..higher_order import GRAPH_VJPS
from ..op_table import INTERNAL_OPS, _internal
from ..ops import _apply
from ..tensor import Tensor, _wrap
from . import functional as F
from .losses import _Loss, _reduced

__all__ = ["soft_margin_loss", "multi_margin_loss", "multilabel_margin_loss",
           "multilabel_soft_margin_loss", "SoftMarginLoss", "MultiMarginLoss",
           "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss"]


def _reduce_np(a: np.ndarray, reduction: str, dtype) -> np.ndarray:
    if reduction == "mean":
        return np.asarray(a.mean(), dtype=dtype)
    if reduction == "sum":
        return np.asarray(a.sum(), dtype=dtype)
    return a.astype(dtype)


def _check(reduction: str) -> None:
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _scale(g, reduction: str, n: int):
    return g / n if reduction == "mean" else g


def _per_sample(g, reduction: str, n: int) -> np.ndarray:
    """The incoming gradient of each sample's loss."""
    if reduction == "none":
        return np.asarray(g).reshape(n)
    return np.full(n, _scale(np.asarray(g), reduction, n))


# ------------------------------------------------------------------ soft margin
def _soft_fwd(x, target, reduction):
    return _reduce_np(np.logaddexp(0, -target * x), reduction, x.dtype)


def _soft_vjp(g, out, x, target, reduction):
    z = -target * x
    d = -target / (1 + np.exp(-z))  # d/dx log(1 + e^z) = sigmoid(z)·(−y)
    return (_scale(g, reduction, x.size) * d).astype(x.dtype)


# ------------------------------------------------------------------ multi margin
def _as_rows(x):
    return x.reshape(1, -1) if x.ndim <= 1 else x


def _mm_terms(x, target, p, margin, weight):
    rows = _as_rows(x)
    t = target.reshape(-1).astype(np.int64)
    picked = rows[np.arange(rows.shape[0]), t][:, None]
    h = margin - picked + rows
    h[np.arange(rows.shape[0]), t] = 0
    active = h > 0
    w = np.ones(rows.shape[0]) if weight is None else weight[t]
    return rows, t, h, active, w


def _mm_fwd(x, target, p, margin, weight, reduction):
    rows, t, h, active, w = _mm_terms(x, target, p, margin, weight)
    per = (np.where(active, h, 0) ** p).sum(axis=1) * w / rows.shape[1]
    # (a 1-D input keeps a batch of one with reduction='none', as in torch)
    return _reduce_np(per, reduction, x.dtype)


def _mm_vjp(g, out, x, target, p, margin, weight, reduction):
    rows, t, h, active, w = _mm_terms(x, target, p, margin, weight)
    n = rows.shape[0]
    gs = _per_sample(g, reduction, n)
    coef = np.where(active, (p * h ** (p - 1)) if p != 1 else 1.0, 0.0)
    coef = coef * (w * gs / rows.shape[1])[:, None]
    d = coef.copy()
    d[np.arange(n), t] = -coef.sum(axis=1)
    return d.reshape(x.shape).astype(x.dtype)


# ------------------------------------------------------------------ multilabel margin
def _ml_masks(x, target):
    rows = _as_rows(x)
    tg = _as_rows(target).astype(np.int64)
    is_target = np.zeros(rows.shape, bool)
    for i, row in enumerate(tg):
        for j in row:
            if j < 0:
                break
            is_target[i, j] = True
    return rows, is_target


def _ml_fwd(x, target, reduction):
    rows, is_t = _ml_masks(x, target)
    per = np.zeros(rows.shape[0])
    for i in range(rows.shape[0]):
        h = 1 - (rows[i][is_t[i]][:, None] - rows[i][~is_t[i]][None, :])
        per[i] = np.maximum(h, 0).sum() / rows.shape[1]
    per = per.reshape(()) if x.ndim <= 1 else per
    return _reduce_np(per, reduction, x.dtype)


def _ml_vjp(g, out, x, target, reduction):
    rows, is_t = _ml_masks(x, target)
    n, c = rows.shape
    gs = _per_sample(g, reduction, n)
    d = np.zeros(rows.shape)
    for i in range(n):
        tj, nk = np.flatnonzero(is_t[i]), np.flatnonzero(~is_t[i])
        active = (1 - (rows[i][tj][:, None] - rows[i][nk][None, :])) > 0
        d[i, tj] -= active.sum(axis=1)
        d[i, nk] += active.sum(axis=0)
        d[i] *= gs[i] / c
    return d.reshape(x.shape).astype(x.dtype)


INTERNAL_OPS.update({op.name: op for op in [
    _internal("soft_margin_loss", 1, _soft_fwd, (_soft_vjp,), "SoftMarginLossBackward0",
              ("∂/∂x = −y·σ(−y·x)",), saves=True, reads=((0,),), category="loss"),
    _internal("multi_margin_loss", 1, _mm_fwd, (_mm_vjp,), "MultiMarginLossBackward0",
              ("∂/∂x[j] = p·h^(p−1)/C where h = margin − x[y] + x[j] > 0",), saves=True,
              reads=((0,),), category="loss"),
    _internal("multilabel_margin_loss", 1, _ml_fwd, (_ml_vjp,),
              "MultilabelMarginLossBackward0",
              ("∂/∂x = ±(number of active hinge terms)/C",), saves=True, reads=((0,),),
              category="loss"),
]})


def soft_margin_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
                     reduction: str = "mean") -> Tensor:
    """mean(log(1 + exp(−y·x))) for targets ±1."""
    _check(reduction)
    t = target._data if isinstance(target, Tensor) else np.asarray(target)
    return _apply(INTERNAL_OPS["soft_margin_loss"], (input,),
                  {"target": t.astype(input._data.dtype), "reduction": reduction})


def multi_margin_loss(input: Tensor, target: Tensor, p: int = 1, margin: float = 1.0,
                      weight: Tensor | None = None, size_average=None, reduce=None,
                      reduction: str = "mean") -> Tensor:
    """Σ_{j≠y} max(0, margin − x[y] + x[j])^p / C per sample (a multi-class hinge)."""
    _check(reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    return _apply(INTERNAL_OPS["multi_margin_loss"], (input,),
                  {"target": target._data, "p": int(p), "margin": float(margin),
                   "weight": None if weight is None else weight._data,
                   "reduction": reduction})


def multilabel_margin_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,
                           reduction: str = "mean") -> Tensor:
    """Σ_{j target, k not} max(0, 1 − (x[j] − x[k])) / C; targets end at the first −1."""
    _check(reduction)
    if target._data.dtype.kind not in "iu":
        raise RuntimeError(f"expected scalar type Long but found {target.dtype}")
    return _apply(INTERNAL_OPS["multilabel_margin_loss"], (input,),
                  {"target": target._data, "reduction": reduction})


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                size_average=None, reduce=None,
                                reduction: str = "mean") -> Tensor:
    """−mean over classes of y·log σ(x) + (1 − y)·log σ(−x), composed as torch does."""
    _check(reduction)
    loss = -(target * F.logsigmoid(input) + (1 - target) * F.logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    loss = loss.sum(dim=input.ndim - 1) / input.shape[input.ndim - 1]
    return _reduced(loss, reduction)


FUNCTIONAL = {n: globals()[n] for n in __all__ if n[0].islower()}


class SoftMarginLoss(_Loss):
    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(reduction)

    def forward(self, input, target):
        return soft_margin_loss(input, target, reduction=self.reduction)


class MultiMarginLoss(_Loss):
    def __init__(self, p: int = 1, margin: float = 1.0, weight: Tensor | None = None,
                 size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(reduction)
        if p not in (1, 2):
            raise ValueError("only p == 1 and p == 2 supported")
        self.p, self.margin = p, margin
        self.register_buffer("weight", weight)

    def forward(self, input, target):
        return multi_margin_loss(input, target, self.p, self.margin, self.weight,
                                 reduction=self.reduction)


class MultiLabelMarginLoss(_Loss):
    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(reduction)

    def forward(self, input, target):
        return multilabel_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_Loss):
    def __init__(self, weight: Tensor | None = None, size_average=None, reduce=None,
                 reduction: str = "mean"):
        super().__init__(reduction)
        self.register_buffer("weight", weight)

    def forward(self, input, target):
        return multilabel_soft_margin_loss(input, target, self.weight,
                                           reduction=self.reduction)


# ------------------------------------------------------------------ double backward
def _const(a, like: Tensor) -> Tensor:
    return _wrap(np.asarray(a).astype(like._data.dtype))


def _sample_grads(g: Tensor, reduction: str, n: int) -> Tensor:
    """The incoming gradient per sample as an (n, 1) tensor (built with ops: differentiable)."""
    if reduction == "none":
        return g.reshape(n, 1)
    return (g / n if reduction == "mean" else g).reshape(1, 1).expand(n, 1)


def _soft_graph(g, out, x, target, reduction):
    y = _const(target, x)
    n = x.numel() if reduction == "mean" else 1
    return g * (-y) * (-(y * x)).sigmoid() / n


def _mm_graph(g, out, x, target, p, margin, weight, reduction):
    rows_np, t, h_np, active, w = _mm_terms(x._data, target, p, margin, weight)
    n, c = rows_np.shape
    rows = x.reshape(n, c)
    gs = _sample_grads(g, reduction, n) * _const((w / c)[:, None], x)
    if p == 1:
        coef = _const(active, x) * gs
    else:  # 2·h where active: h = margin − x[y] + x[j] is differentiable again
        idx = _wrap(t.reshape(n, 1))
        h = margin - rows.gather(1, idx) + rows
        coef = 2 * h * _const(active, x) * gs
    onehot = np.zeros((n, c))
    onehot[np.arange(n), t] = 1
    d = coef - _const(onehot, x) * coef.sum(dim=1, keepdim=True)
    return d.reshape(*x.shape)


def _ml_graph(g, out, x, target, reduction):
    # the derivative is piecewise constant: per sample, its value for an incoming 1
    d = _ml_vjp(np.ones(()), out, x._data, target, "sum")
    n = _as_rows(x._data).shape[0]
    return (_const(d, x).reshape(n, -1) * _sample_grads(g, reduction, n)).reshape(*x.shape)


def _install_graph_rules() -> None:
    GRAPH_VJPS.update({"soft_margin_loss": (_soft_graph,), "multi_margin_loss": (_mm_graph,),
                       "multilabel_margin_loss": (_ml_graph,)})


_install_graph_rules()
