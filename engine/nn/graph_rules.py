"""Double-backward rules (``higher_order.GRAPH_VJPS``, written with engine ops on tensors) for
the API-breadth nodes: activations, layer/group norm, embedding, pad, conv1d, the losses and
the renamed nodes.  ``create_graph=True`` through any of them then records a graph that can be
differentiated again; piecewise slopes (leaky_relu, hardtanh, ...) are constants, as torch's
are."""
from __future__ import annotations

import math

import numpy as np

from ..higher_order import GRAPH_VJPS, _unbroadcast
from ..joins import cat
from ..op_table import INTERNAL_OPS, _internal
from ..ops import _apply
from ..tensor import Tensor, _wrap
from .activations import _ERF, softplus
from .losses_more import _nll_ext_vjp

__all__ = ["install"]


def _const(mask, like: Tensor) -> Tensor:
    return _wrap(np.asarray(mask).astype(like._data.dtype))


# Φ(x), the normal CDF, as a node of its own so that GELU's rule can be differentiated again
def _cdf_fwd(x):
    return (0.5 * (1 + _ERF(x.astype(np.float64) / math.sqrt(2)).astype(np.float64))).astype(
        x.dtype)


def _pdf(x):
    return np.exp(-0.5 * x.astype(np.float64) ** 2) / math.sqrt(2 * math.pi)


INTERNAL_OPS["normal_cdf"] = _internal(
    "normal_cdf", 1, _cdf_fwd, (lambda g, out, x: (g * _pdf(x)).astype(g.dtype),),
    "NormalCdfBackward0", ("∂Φ(x)/∂x = φ(x)",), saves=True, reads=((0,),),
    category="activation")


def _phi(x: Tensor) -> Tensor:
    return (x * x * -0.5).exp() / math.sqrt(2 * math.pi)


def _gelu(g, out, x, approximate):
    if approximate == "tanh":
        k = math.sqrt(2 / math.pi)
        th = ((x + x * x * x * 0.044715) * k).tanh()
        return g * ((th + 1) * 0.5 + x * (1 - th * th) * (x * x * (3 * 0.044715) + 1) * (0.5 * k))
    return g * (_apply(INTERNAL_OPS["normal_cdf"], (x,), {}) + x * _phi(x))


def _elu(g, out, x, alpha, scale, input_scale):
    pos = _const(x._data > 0, x)
    return g * (pos * scale + (1 - pos) * (x * input_scale).exp() * (scale * alpha * input_scale))


def _softplus(g, out, x, beta, threshold):
    lin = _const(x._data * beta > threshold, x)
    return g * (lin + (1 - lin) * (x * beta).sigmoid())


def _mish(g, out, x):
    th = softplus(x).tanh()
    return g * (th + x * x.sigmoid() * (1 - th * th))


def _glu(g, out, x, dim):
    a, b = x.chunk(2, dim)
    s = b.sigmoid()
    return cat([g * s, g * a * s * (1 - s)], dim)


def _prelu_x(g, out, x, w):
    pos = _const(x._data > 0, x)
    return g * (pos + (1 - pos) * w)


def _prelu_w(g, out, x, w):
    neg = _const(x._data <= 0, x)
    return _unbroadcast(g * x * neg, tuple(w.shape))


def _norm_parts(x: Tensor, rows: tuple, eps: float):
    """x seen as rows (R, M), each normalised: (xhat, rstd) as tensors of that shape."""
    a = x.reshape(*rows)
    mean = a.mean(-1, keepdim=True)
    xc = a - mean
    rstd = 1 / ((xc * xc).mean(-1, keepdim=True) + eps).sqrt()
    return xc * rstd, rstd


def _norm_back(gw: Tensor, xhat: Tensor, rstd: Tensor) -> Tensor:
    return rstd * (gw - gw.mean(-1, keepdim=True) - xhat * (gw * xhat).mean(-1, keepdim=True))


def _ln_x(g, out, x, w, b, nd, eps):
    m = int(np.prod(x.shape[x.dim() - nd:]))
    xhat, rstd = _norm_parts(x, (-1, m), eps)
    gw = (g * w if w is not None else g).reshape(-1, m)
    return _norm_back(gw, xhat, rstd).reshape(*x.shape)


def _ln_w(g, out, x, w, b, nd, eps):
    m = int(np.prod(x.shape[x.dim() - nd:]))
    xhat, _ = _norm_parts(x, (-1, m), eps)
    return (g.reshape(-1, m) * xhat).sum(0).reshape(*w.shape)


def _ln_b(g, out, x, w, b, nd, eps):
    return g.reshape(-1, b.numel()).sum(0).reshape(*b.shape)


def _channel(t: Tensor, x: Tensor) -> Tensor:
    return t.reshape(*((1, -1) + (1,) * (x.dim() - 2)))


def _gn_x(g, out, x, w, b, num_groups, eps):
    n = x.shape[0]
    xhat, rstd = _norm_parts(x, (n, num_groups, -1), eps)
    gw = (g * _channel(w, x) if w is not None else g).reshape(n, num_groups, -1)
    return _norm_back(gw, xhat, rstd).reshape(*x.shape)


def _gn_w(g, out, x, w, b, num_groups, eps):
    xhat, _ = _norm_parts(x, (x.shape[0], num_groups, -1), eps)
    prod = g * xhat.reshape(*x.shape)
    return prod.sum(tuple(i for i in range(x.dim()) if i != 1))


def _gn_b(g, out, x, w, b, num_groups, eps):
    return g.sum(tuple(i for i in range(g.dim()) if i != 1))


def _embedding(g, out, w, indices, padding_idx):
    n, d = w.shape
    flat = indices.reshape(-1)
    onehot = (flat[None, :] == np.arange(n)[:, None]).astype(w._data.dtype)
    if padding_idx is not None:
        onehot[padding_idx] = 0
    return _wrap(onehot) @ g.reshape(-1, d)


def _pad(g, out, x, pad, value):
    # the gradient of padding is the padding undone: pad by the negated widths
    return _apply(INTERNAL_OPS["constant_pad"], (g,), {"pad": tuple(-p for p in pad),
                                                       "value": 0.0})


def _conv1d(i):
    def rule(g, out, x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
        if i == 2:
            return g.sum((0, 2))
        p = padding if isinstance(padding, str) else (0, padding)
        r = GRAPH_VJPS["conv2d"][i](g.unsqueeze(-2), None, x.unsqueeze(-2), w.unsqueeze(-2), b,
                                    stride=(1, stride), padding=p, dilation=(1, dilation),
                                    groups=groups)
        return r.squeeze(-2)
    return rule


def _nll_ext(g, out, logp, target, weight, ignore_index, reduction):
    ones = np.ones(np.shape(target) if reduction == "none" else (), logp._data.dtype)
    coef = _wrap(_nll_ext_vjp(ones, None, logp._data, target, weight, ignore_index, reduction))
    if reduction == "none" and g.dim() > 0:
        return coef * g.unsqueeze(0 if logp.dim() == 1 else 1)
    return coef * g


def _huber(sign):
    def rule(g, out, x, t, reduction, delta):
        d = x - t
        inside = _const(np.abs(d._data) < delta, x)
        slope = d * inside + _const(np.sign(d._data), x) * (1 - inside) * delta
        n = x.numel() if reduction == "mean" else 1
        return g * slope * (sign / n)
    return rule


def _bce(i):
    def rule(g, out, x, t, w, reduction):
        wt = 1.0 if w is None else _wrap(w)
        n = x.numel() if reduction == "mean" else 1
        if i == 0:
            return g * wt * (x - t) / ((1 - x) * x) / n
        return g * wt * ((1 - x).log() - x.log()) / n
    return rule


def _bce_logits(i):
    def rule(g, out, x, t, w, p, reduction):
        wt = 1.0 if w is None else _wrap(w)
        n = x.numel() if reduction == "mean" else 1
        if i == 0:
            lw = 1.0 if p is None else t * (_wrap(p) - 1) + 1
            pt = t if p is None else t * _wrap(p)
            return g * wt * (lw * x.sigmoid() - pt) / n
        pm1 = 0.0 if p is None else _wrap(p) - 1
        return g * wt * (-x + pm1 * softplus(-x)) / n
    return rule


def install() -> None:
    mask = _const
    GRAPH_VJPS.update({
        "leaky_relu": (lambda g, out, x, negative_slope: g * mask(
            np.where(x._data > 0, 1.0, negative_slope), x),),
        "elu": (_elu,), "celu": (_elu,),
        "gelu": (_gelu,), "normal_cdf": (lambda g, out, x: g * _phi(x),),
        "silu": (lambda g, out, x: g * x.sigmoid() * (1 + x * (1 - x.sigmoid())),),
        "mish": (_mish,), "softplus": (_softplus,),
        "hardtanh": (lambda g, out, x, min_val, max_val: g * mask(
            (x._data > min_val) & (x._data < max_val), x),),
        "hardswish": (lambda g, out, x: g * (mask((x._data >= -3) & (x._data <= 3), x)
                                             * (x / 3 + 0.5) + mask(x._data > 3, x)),),
        "hardsigmoid": (lambda g, out, x: g * mask((x._data > -3) & (x._data < 3), x) / 6,),
        "threshold": (lambda g, out, x, threshold, value: g * mask(x._data > threshold, x),),
        "logsigmoid": (lambda g, out, x: g * (-x).sigmoid(),),
        "softshrink": (lambda g, out, x, lambd, soft: g * mask(np.abs(x._data) > lambd, x),),
        "hardshrink": (lambda g, out, x, lambd, soft: g * mask(np.abs(x._data) > lambd, x),),
        "glu": (_glu,), "prelu": (_prelu_x, _prelu_w),
        "layer_norm": (_ln_x, _ln_w, _ln_b), "group_norm": (_gn_x, _gn_w, _gn_b),
        "embedding": (_embedding,), "constant_pad": (_pad,),
        "conv1d": (_conv1d(0), _conv1d(1), _conv1d(2)),
        "nll_loss_ext": (_nll_ext,), "huber_loss": (_huber(1.0), _huber(-1.0)),
        "bce_ext": (_bce(0), _bce(1)), "bce_logits_ext": (_bce_logits(0), _bce_logits(1)),
    })
    for renamed, base in (("leaky_relu_", "leaky_relu"), ("elu_", "elu"), ("celu_", "celu"),
                          ("threshold_", "threshold"), ("norm_legacy", "norm"),
                          ("add_scalar", "add"), ("mul_scalar", "mul"),
                          ("transpose_", "transpose"), ("mkldnn_rnn_layer", "clone"),
                          ("sdpa_cpu", "clone")):
        GRAPH_VJPS[renamed] = GRAPH_VJPS[base]
