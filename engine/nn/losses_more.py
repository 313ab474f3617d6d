"""More ``torch.nn`` losses: ``nll_loss``/``cross_entropy`` with ``weight=``,
``ignore_index=`` and ``label_smoothing=`` (and probability targets), HuberLoss,
MarginRankingLoss, HingeEmbeddingLoss, CosineEmbeddingLoss, TripletMarginLoss, PoissonNLLLoss,
GaussianNLLLoss, and the NLLLoss/CrossEntropyLoss modules with torch's arguments.

Each is composed as ATen composes it, so the printed ``grad_fn`` (the top node) and its chain
match torch 2.13: label smoothing is ``AddBackward0`` over two ``MulBackward1``; the
margin losses are ``MeanBackward0`` over ``ClampMinBackward0``...; weighted or ignoring
``nll_loss`` is one ``NllLossBackward0`` node, as before.  The plain calls (no weight, no
ignore_index, no smoothing) still go through the op table's ``nll_loss``/``cross_entropy``."""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..autograd import no_grad
from ..op_table import INTERNAL_OPS, _internal, lookup
from ..ops import FUNCTIONAL as _TABLE_F
from ..ops import FUNCTIONS, _apply, apply_internal
from ..ops import _minimum as minimum
from ..tensor import Tensor, _wrap
from .layers_more import pairwise_distance
from .losses import _Loss, _reduced

__all__ = ["nll_loss", "cross_entropy", "huber_loss", "margin_ranking_loss",
           "hinge_embedding_loss", "cosine_embedding_loss", "triplet_margin_loss",
           "poisson_nll_loss", "gaussian_nll_loss",
           "NLLLoss", "CrossEntropyLoss", "HuberLoss", "MarginRankingLoss",
           "HingeEmbeddingLoss", "CosineEmbeddingLoss", "TripletMarginLoss", "PoissonNLLLoss",
           "GaussianNLLLoss"]

_REDUCTIONS = ("mean", "sum", "none")


def _ops_where():
    return FUNCTIONS["where"]


def _check_reduction(reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


# ------------------------------------------------------------------ weighted nll (one node)
def _rows(logp, target):
    """(M, C) log-probabilities and (M,) targets: classes on dim 1 (dim 0 for a 1-D input)."""
    if logp.ndim == 1:
        return logp[None, :], np.asarray(target).reshape(1)
    moved = np.moveaxis(logp, 1, -1)
    return moved.reshape(-1, logp.shape[1]), np.asarray(target).reshape(-1)


def _nll_terms(logp, target, weight, ignore_index):
    rows, t = _rows(logp, target)
    c = rows.shape[1]
    valid = t != ignore_index
    bad = t[valid][(t[valid] < 0) | (t[valid] >= c)]
    if bad.size:
        raise IndexError(f"Target {int(bad[0])} is out of bounds.")
    safe = np.where(valid, t, 0)
    w = np.ones(c, dtype=logp.dtype) if weight is None else weight.astype(logp.dtype)
    wt = np.where(valid, w[safe], 0).astype(logp.dtype)
    return rows, safe, wt


def _nll_ext_fwd(logp, target, weight, ignore_index, reduction):
    rows, safe, wt = _nll_terms(logp, target, weight, ignore_index)
    vals = -rows[np.arange(rows.shape[0]), safe] * wt
    if reduction == "none":
        return vals.reshape(np.shape(target)).astype(logp.dtype)
    total = vals.sum(dtype=logp.dtype)
    if reduction == "sum":
        return np.asarray(total, dtype=logp.dtype)
    return np.asarray(total / wt.sum(dtype=logp.dtype), dtype=logp.dtype)


def _nll_ext_vjp(g, out, logp, target, weight, ignore_index, reduction):
    rows, safe, wt = _nll_terms(logp, target, weight, ignore_index)
    if reduction == "none":
        coef = -np.asarray(g).reshape(-1) * wt
    elif reduction == "sum":
        coef = -g * wt
    else:
        coef = -g * wt / wt.sum(dtype=logp.dtype)
    res = np.zeros_like(rows)
    res[np.arange(rows.shape[0]), safe] = coef
    if logp.ndim == 1:
        return res[0]
    moved_shape = np.moveaxis(logp, 1, -1).shape
    return np.moveaxis(res.reshape(moved_shape), -1, 1).astype(logp.dtype)


def _huber_fwd(x, t, reduction, delta):
    d = np.abs(x - t)
    loss = np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)).astype(x.dtype)
    return _reduce_np(loss, reduction)


def _reduce_np(a, reduction):
    if reduction == "mean":
        return np.asarray(a.mean(), dtype=a.dtype)
    if reduction == "sum":
        return np.asarray(a.sum(), dtype=a.dtype)
    return a


def _huber_vjp(g, out, x, t, reduction, delta):
    d = x - t
    slope = np.where(np.abs(d) < delta, d, delta * np.sign(d))
    n = x.size if reduction == "mean" else 1
    return (g * slope / n).astype(x.dtype)


_ops = [
    _internal("nll_loss_ext", 1, _nll_ext_fwd, (_nll_ext_vjp,), "NllLossBackward0",
              ("∂L/∂logp = −w[target]·onehot / Σw",), saves=True, reads=((),),
              category="loss"),
    _internal("huber_loss", 2, _huber_fwd,
              (_huber_vjp, lambda g, out, x, t, reduction, delta:
               -_huber_vjp(g, out, x, t, reduction, delta)),
              "HuberLossBackward0", ("∂/∂x = x − t inside δ, δ·sign(x − t) outside", "−∂/∂x"),
              saves=True, category="loss", input_names=("input", "target"),
              reads=((0, 1), (0, 1))),
    # ATen multiplies by a Python number (MulBackward1) and clamps from below (ClampMinBackward0)
    dataclasses.replace(lookup("mul"), name="mul_scalar", grad_fn="MulBackward1"),
]
INTERNAL_OPS.update({op.name: op for op in _ops})


def _scale(t: Tensor, s: float) -> Tensor:
    return _apply(INTERNAL_OPS["mul_scalar"], (t, float(s)), {})


def _clamp_min(t: Tensor, v: float) -> Tensor:
    return _apply(INTERNAL_OPS["clamp_min"], (t,), {"bound": v})  # engine/ops_math.py


# ------------------------------------------------------------------ nll / cross entropy
def _class_dim(x: Tensor) -> int:
    return 0 if x.dim() == 1 else 1


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    _check_reduction(reduction)
    if weight is None and ignore_index == -100 and input.dim() <= 2:
        return _TABLE_F["nll_loss"](input, target, reduction=reduction)
    t = target._data if isinstance(target, Tensor) else np.asarray(target)
    if t.dtype.kind not in "iu":
        raise RuntimeError(f"expected scalar type Long but found {target.dtype}")
    w = None if weight is None else weight._data
    return _apply(INTERNAL_OPS["nll_loss_ext"], (input,),
                  {"target": t, "weight": w, "ignore_index": int(ignore_index),
                   "reduction": reduction})


def _weight_view(weight: Tensor, x: Tensor) -> Tensor:
    shape = [1] * x.dim()
    shape[_class_dim(x)] = weight.shape[0]
    return weight.reshape(*shape)


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                  size_average=None, ignore_index: int = -100, reduce=None,
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """log_softmax over the class dim, then nll_loss (index targets) or −Σ p·logp
    (probability targets); ``label_smoothing`` mixes in the uniform distribution as ATen's
    cross_entropy_loss_label_smoothing does."""
    _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing}")
    tgt = target if isinstance(target, Tensor) else _wrap(np.asarray(target))
    probs = tgt._data.dtype.kind == "f"
    if (weight is None and ignore_index == -100 and label_smoothing == 0.0
            and input.dim() <= 2):
        return _TABLE_F["cross_entropy"](input, target, reduction=reduction)
    cdim = _class_dim(input)
    logp = input.log_softmax(cdim)
    n_classes = input.shape[cdim]
    if probs:
        if label_smoothing > 0:
            tgt = tgt * (1 - label_smoothing) + label_smoothing / n_classes
        prod = logp * tgt if weight is None else logp * _weight_view(weight, input) * tgt
        if reduction == "none":
            return -prod.sum(cdim)
        total = -prod.sum()
        if reduction == "sum":
            return total
        # C++ at::div(Tensor, Scalar): DivBackward1
        return apply_internal("_div_scalar", total, input.shape[0] if input.dim() > 1 else 1)
    nll = nll_loss(logp, tgt, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0.0:
        return nll
    keep = tgt._data != ignore_index
    smooth = -(logp if weight is None else logp * _weight_view(weight, input)).sum(cdim)
    smooth = smooth * _wrap(keep.astype(logp._data.dtype))  # torch: masked_fill_(ignored, 0)
    if reduction == "mean":
        if weight is None:
            denom = float(keep.sum())
        else:
            denom = float(weight._data[tgt._data[keep]].sum())
        ret = smooth.sum() / _wrap(np.asarray(denom, dtype=logp._data.dtype))
    elif reduction == "sum":
        ret = smooth.sum()
    else:
        ret = smooth
    return _scale(nll, 1 - label_smoothing) + _scale(ret, label_smoothing / n_classes)


# ------------------------------------------------------------------ the other losses
def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean",
               delta: float = 1.0) -> Tensor:
    _check_reduction(reduction)
    return _apply(INTERNAL_OPS["huber_loss"], (input, target),
                  {"reduction": reduction, "delta": float(delta)})


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                        reduction: str = "mean") -> Tensor:
    d = -target * (input1 - input2)
    return _reduced(_clamp_min(_apply(INTERNAL_OPS["add_scalar"], (d, float(margin)), {}), 0.0),
                    reduction)


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0,
                         reduction: str = "mean") -> Tensor:
    where = _ops_where()
    zeros = _wrap(np.zeros(input.shape, dtype=input._data.dtype))
    margin_clamp = _clamp_min(margin - input, 0.0)
    t = target._data
    out_margin = where(_wrap(t != 1), margin_clamp, zeros)
    out_self = where(_wrap(t != -1), input, zeros)
    return _reduced(out_margin + out_self, reduction)


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                          reduction: str = "mean") -> Tensor:
    where = _ops_where()
    eps = 1e-12
    d = input1.dim() - 1
    prod_sum = (input1 * input2).sum(d)
    mag1 = (input1 * input1).sum(d) + eps
    mag2 = (input2 * input2).sum(d) + eps
    cos = prod_sum / (mag1 * mag2).sqrt()
    zeros = _wrap(np.zeros(cos.shape, dtype=cos._data.dtype))
    t = target._data
    pos = where(_wrap(t == 1), 1 - cos, zeros)
    neg = where(_wrap(t == -1), _clamp_min(cos - margin, 0.0), zeros)
    return _reduced(pos + neg, reduction)


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor,
                        margin: float = 1.0, p: float = 2, eps: float = 1e-6,
                        swap: bool = False, size_average=None, reduce=None,
                        reduction: str = "mean") -> Tensor:
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return _reduced(_clamp_min(margin + d_pos - d_neg, 0.0), reduction)


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool = True, full: bool = False,
                     size_average=None, eps: float = 1e-8, reduce=None,
                     reduction: str = "mean") -> Tensor:
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        t = target._data
        with np.errstate(divide="ignore", invalid="ignore"):
            st = t * np.log(t) - t + 0.5 * np.log(2 * math.pi * t)
        st = np.where(t > 1, st, 0).astype(t.dtype)
        loss = loss + (_wrap(st) if not target.requires_grad else
                       target * 0 + _wrap(st))
    return _reduced(loss, reduction)


def gaussian_nll_loss(input: Tensor, target: Tensor, var, full: bool = False,
                      eps: float = 1e-6, reduction: str = "mean") -> Tensor:
    if not isinstance(var, Tensor):
        var = _wrap(np.full(input.shape, float(var), dtype=input._data.dtype))
    if var.dim() == input.dim() - 1 or (var.dim() == input.dim() and var.shape[-1] == 1
                                         and input.shape[-1] != 1):
        if var.dim() == input.dim() - 1:
            var = var.unsqueeze(-1)
    if bool((var._data < 0).any()):
        raise ValueError("var has negative entry/entries")
    var = var.clone()
    with no_grad():
        var.clamp_(min=eps)  # the clamp is kept out of the graph, as torch does
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduced(loss, reduction)


FUNCTIONAL = {n: globals()[n] for n in __all__ if n[0].islower()}


# ------------------------------------------------------------------ modules
class NLLLoss(_Loss):
    def __init__(self, weight: Tensor | None = None, size_average=None,
                 ignore_index: int = -100, reduce=None, reduction: str = "mean"):
        super().__init__(reduction)
        self.register_buffer("weight", weight)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return nll_loss(input, target, self.weight, ignore_index=self.ignore_index,
                        reduction=self.reduction)


class CrossEntropyLoss(_Loss):
    def __init__(self, weight: Tensor | None = None, size_average=None,
                 ignore_index: int = -100, reduce=None, reduction: str = "mean",
                 label_smoothing: float = 0.0):
        super().__init__(reduction)
        self.register_buffer("weight", weight)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        return cross_entropy(input, target, self.weight, ignore_index=self.ignore_index,
                             reduction=self.reduction, label_smoothing=self.label_smoothing)


class HuberLoss(_Loss):
    def __init__(self, reduction: str = "mean", delta: float = 1.0):
        super().__init__(reduction)
        self.delta = delta

    def forward(self, input, target):
        return huber_loss(input, target, self.reduction, self.delta)


class MarginRankingLoss(_Loss):
    def __init__(self, margin: float = 0.0, size_average=None, reduce=None,
                 reduction: str = "mean"):
        super().__init__(reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        return margin_ranking_loss(input1, input2, target, self.margin, self.reduction)


class HingeEmbeddingLoss(_Loss):
    def __init__(self, margin: float = 1.0, size_average=None, reduce=None,
                 reduction: str = "mean"):
        super().__init__(reduction)
        self.margin = margin

    def forward(self, input, target):
        return hinge_embedding_loss(input, target, self.margin, self.reduction)


class CosineEmbeddingLoss(_Loss):
    def __init__(self, margin: float = 0.0, size_average=None, reduce=None,
                 reduction: str = "mean"):
        super().__init__(reduction)
        self.margin = margin

    def forward(self, input1, input2, target):
        return cosine_embedding_loss(input1, input2, target, self.margin, self.reduction)


class TripletMarginLoss(_Loss):
    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6,
                 swap: bool = False, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(reduction)
        self.margin, self.p, self.eps, self.swap = margin, p, eps, swap

    def forward(self, anchor, positive, negative):
        return triplet_margin_loss(anchor, positive, negative, self.margin, self.p, self.eps,
                                   self.swap, reduction=self.reduction)


class PoissonNLLLoss(_Loss):
    def __init__(self, log_input: bool = True, full: bool = False, size_average=None,
                 eps: float = 1e-8, reduce=None, reduction: str = "mean"):
        super().__init__(reduction)
        self.log_input, self.full, self.eps = log_input, full, eps

    def forward(self, log_input, target):
        return poisson_nll_loss(log_input, target, self.log_input, self.full, eps=self.eps,
                                reduction=self.reduction)


class GaussianNLLLoss(_Loss):
    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean"):
        super().__init__(reduction)
        self.full, self.eps = full, eps

    def forward(self, input, target, var):
        return gaussian_nll_loss(input, target, var, self.full, self.eps, self.reduction)


# ------------------------------------------------------------------ BCE with weight / reduction
def _bce_parts(x, t, w):
    w = 1.0 if w is None else w
    with np.errstate(divide="ignore", invalid="ignore"):
        lx = np.maximum(np.log(x), -100)     # torch clamps the logs at -100
        l1x = np.maximum(np.log1p(-x), -100)
    return w, lx, l1x


def _bce_ext_fwd(x, t, w, reduction):
    w, lx, l1x = _bce_parts(x, t, w)
    return _reduce_np((-w * (t * lx + (1 - t) * l1x)).astype(x.dtype), reduction)


def _bce_ext_vjp_x(g, out, x, t, w, reduction):
    w = 1.0 if w is None else w
    n = x.size if reduction == "mean" else 1
    return (g * w * (x - t) / np.maximum((1 - x) * x, 1e-12) / n).astype(x.dtype)


def _bce_ext_vjp_t(g, out, x, t, w, reduction):
    w, lx, l1x = _bce_parts(x, t, w)
    n = x.size if reduction == "mean" else 1
    return (g * w * (l1x - lx) / n).astype(x.dtype)


def _logits_parts(x, t, w, p):
    w = 1.0 if w is None else w
    sp = np.logaddexp(0, -x.astype(np.float64))          # log(1 + e^(−x)), stable
    lw = 1.0 if p is None else 1 + (p - 1) * t
    return w, sp, lw


def _bce_logits_ext_fwd(x, t, w, p, reduction):
    w, sp, lw = _logits_parts(x, t, w, p)
    return _reduce_np((w * ((1 - t) * x + lw * sp)).astype(x.dtype), reduction)


def _bce_logits_ext_vjp_x(g, out, x, t, w, p, reduction):
    w, sp, lw = _logits_parts(x, t, w, p)
    s = 0.5 * (1 + np.tanh(0.5 * x.astype(np.float64)))
    pt = t if p is None else p * t
    n = x.size if reduction == "mean" else 1
    return (g * w * (lw * s - pt) / n).astype(x.dtype)


def _bce_logits_ext_vjp_t(g, out, x, t, w, p, reduction):
    w, sp, lw = _logits_parts(x, t, w, p)
    n = x.size if reduction == "mean" else 1
    pm1 = 0.0 if p is None else p - 1
    return (g * w * (-x + pm1 * sp) / n).astype(x.dtype)


INTERNAL_OPS.update({op.name: op for op in [
    _internal("bce_ext", 2, _bce_ext_fwd, (_bce_ext_vjp_x, _bce_ext_vjp_t),
              "BinaryCrossEntropyBackward0", ("∂/∂x = w(x − t)/(x(1 − x))", "∂/∂t"),
              saves=True, category="loss", input_names=("input", "target"),
              reads=((0, 1), (0,))),
    _internal("bce_logits_ext", 2, _bce_logits_ext_fwd,
              (_bce_logits_ext_vjp_x, _bce_logits_ext_vjp_t),
              "BinaryCrossEntropyWithLogitsBackward0", ("∂/∂x = w(l·σ(x) − p·t)", "∂/∂t"),
              saves=True, category="loss", input_names=("input", "target"),
              reads=((0, 1), (0, 1))),
]})


def _arr_or_none(t):
    return None if t is None else (t._data if isinstance(t, Tensor) else np.asarray(t))


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,
                         size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    _check_reduction(reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input "
                         f"size ({input.shape}) is deprecated. Please ensure they have the same "
                         f"size.")
    if weight is None and reduction == "mean":
        return _TABLE_F["binary_cross_entropy"](input, target)
    return _apply(INTERNAL_OPS["bce_ext"], (input, target),
                  {"w": _arr_or_none(weight), "reduction": reduction})


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor,
                                     weight: Tensor | None = None, size_average=None,
                                     reduce=None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    _check_reduction(reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size "
                         f"({input.shape})")
    if weight is None and pos_weight is None and reduction == "mean":
        return _TABLE_F["binary_cross_entropy_with_logits"](input, target)
    return _apply(INTERNAL_OPS["bce_logits_ext"], (input, target),
                  {"w": _arr_or_none(weight), "p": _arr_or_none(pos_weight),
                   "reduction": reduction})


class BCELoss(_Loss):
    def __init__(self, weight: Tensor | None = None, size_average=None, reduce=None,
                 reduction: str = "mean"):
        super().__init__(reduction)
        self.register_buffer("weight", weight)

    def forward(self, input, target):
        return binary_cross_entropy(input, target, self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    def __init__(self, weight: Tensor | None = None, size_average=None, reduce=None,
                 reduction: str = "mean", pos_weight: Tensor | None = None):
        super().__init__(reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return binary_cross_entropy_with_logits(input, target, self.weight,
                                                reduction=self.reduction,
                                                pos_weight=self.pos_weight)


__all__ += ["binary_cross_entropy", "binary_cross_entropy_with_logits", "BCELoss",
            "BCEWithLogitsLoss"]
FUNCTIONAL.update(binary_cross_entropy=binary_cross_entropy,
                  binary_cross_entropy_with_logits=binary_cross_entropy_with_logits)
