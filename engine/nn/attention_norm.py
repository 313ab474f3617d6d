"""``F.scaled_dot_product_attention`` and GroupNorm (``F.group_norm``), as attention and
normalisation tutorials use them.

Attention is composed from engine ops (``softmax(q kᵀ · scale + mask) v``) and its result node
carries the name torch 2.13's CPU kernel records (``ScaledDotProductFlashAttentionForCpu
Backward0``); group norm is one node (``NativeGroupNormBackward0``) normalising each group of
channels like layer_norm and then scaling and shifting per channel."""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..op_table import INTERNAL_OPS, _internal
from ..ops import _apply
from ..ops import FUNCTIONS as _FN
from ..tensor import Tensor, _np_dtype, _wrap
from . import functional as F
from .layers_more import _ln_stats, _new
from .modules import Module, Parameter

__all__ = ["scaled_dot_product_attention", "group_norm", "GroupNorm"]


# ------------------------------------------------------------------ group norm
def _grouped(x, num_groups):
    return x.reshape(x.shape[0], num_groups, -1)


def _channel(w, x):
    return w.reshape((1, -1) + (1,) * (x.ndim - 2))


def _gn_fwd(x, w, b, num_groups, eps):
    _, xhat, _ = _ln_stats(_grouped(x, num_groups), 1, eps)
    out = xhat.reshape(x.shape)
    if w is not None:
        out = out * _channel(w, x)
    if b is not None:
        out = out + _channel(b, x)
    return out.astype(x.dtype)


def _gn_vjp_x(g, out, x, w, b, num_groups, eps):
    axes, xhat, rstd = _ln_stats(_grouped(x, num_groups), 1, eps)
    gw = g.astype(np.float64) * (_channel(w, x) if w is not None else 1.0)
    gw = _grouped(gw, num_groups)
    dx = rstd * (gw - gw.mean(axis=axes, keepdims=True)
                 - xhat * (gw * xhat).mean(axis=axes, keepdims=True))
    return dx.reshape(x.shape).astype(x.dtype)


def _gn_vjp_w(g, out, x, w, b, num_groups, eps):
    _, xhat, _ = _ln_stats(_grouped(x, num_groups), 1, eps)
    prod = g * xhat.reshape(x.shape)
    return prod.sum(axis=tuple(i for i in range(x.ndim) if i != 1)).astype(w.dtype)


def _gn_vjp_b(g, out, x, w, b, num_groups, eps):
    return g.sum(axis=tuple(i for i in range(g.ndim) if i != 1)).astype(b.dtype)


INTERNAL_OPS.update({op.name: op for op in [
    _internal("group_norm", 3, _gn_fwd, (_gn_vjp_x, _gn_vjp_w, _gn_vjp_b),
              "NativeGroupNormBackward0",
              ("∂gn/∂x = (G − mean G − x̂·mean(G·x̂))/σ per group", "∂gn/∂γ = Σ G·x̂",
               "∂gn/∂β = Σ G"),
              saves=True, input_names=("input", "weight", "bias"), optional_inputs=2,
              reads=((0, 1), (0,), ()), category="activation"),
    dataclasses.replace(INTERNAL_OPS["clone"], name="sdpa_cpu",
                        grad_fn="ScaledDotProductFlashAttentionForCpuBackward0"),
]})


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input.dim()}")
    c = input.shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {list(input.shape)} and "
                           f"num_groups={num_groups}")
    return _apply(INTERNAL_OPS["group_norm"], (input, weight, bias),
                  {"num_groups": int(num_groups), "eps": float(eps)})


class GroupNorm(Module):
    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5,
                 affine: bool = True, device=None, dtype=None):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError("num_channels must be divisible by num_groups")
        self.num_groups, self.num_channels, self.eps, self.affine = (num_groups, num_channels,
                                                                     eps, affine)
        dt = _np_dtype(dtype) or np.dtype(np.float32)
        if affine:
            self.weight = Parameter(_new((num_channels,), dt))
            self.weight._data[...] = 1
            self.bias = Parameter(_new((num_channels,), dt))
            self.bias._data[...] = 0
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:
        return group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")


# ------------------------------------------------------------------ attention
def scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, attn_mask=None,
                                 dropout_p: float = 0.0, is_causal: bool = False, scale=None,
                                 enable_gqa: bool = False) -> Tensor:
    """softmax(q kᵀ · scale + mask) v, scale = 1/√d by default; a boolean mask keeps the True
    positions, a float mask is added; ``is_causal`` masks the upper triangle."""
    L, S = query.shape[-2], key.shape[-2]
    s = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = query @ key.transpose(-2, -1) * s
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be "
                               "set when is_causal=True")
        attn_mask = _wrap(np.tril(np.ones((L, S), dtype=bool)))
    if attn_mask is not None:
        m = attn_mask._data if isinstance(attn_mask, Tensor) else np.asarray(attn_mask)
        if m.dtype == np.bool_:
            where = _FN["where"]
            scores = where(_wrap(m), scores, float("-inf"))
        else:
            scores = scores + attn_mask
    weights = scores.softmax(-1)
    if dropout_p > 0.0:
        weights = F.dropout(weights, dropout_p, True)
    out = weights @ value
    if query.dim() != 4:  # torch's fused CPU kernel takes (N, heads, L, E) only; else matmul
        return out
    return _apply(INTERNAL_OPS["sdpa_cpu"], (out,), {})
