"""``torch.nn.utils.clip_grad``: gradient clipping (``clip_grad_norm_``, ``clip_grad_value_``),
computed as torch 2.13 computes it (the total norm is the norm of the per-parameter norms; the
clip coefficient max_norm/(total + 1e-6) is clamped at 1). ``torch.nn.utils`` serves the same
functions (``engine.nn.utils``)."""
from __future__ import annotations

import math

import numpy as np

from ..autograd import no_grad
from ..tensor import Tensor, _wrap

__all__ = ["clip_grad_norm_", "clip_grad_norm", "clip_grad_value_"]


def _tensors(parameters) -> list:
    return [parameters] if isinstance(parameters, Tensor) else list(parameters)


def _norm(a: np.ndarray, p: float) -> np.ndarray:
    a = np.abs(a.astype(a.dtype, copy=False))
    if p == math.inf:
        return a.max() if a.size else np.zeros((), a.dtype)
    if p == 2:
        return np.sqrt(np.sum(a * a))
    return np.sum(a ** p) ** (1.0 / p)


def clip_grad_norm_(parameters, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach=None) -> Tensor:
    """Scale the gradients in place so that their joint norm is at most ``max_norm``;
    returns the joint norm before clipping."""
    params = _tensors(parameters)  # once: model.parameters() is a generator
    grads = [p._grad._data for p in params if p._grad is not None]
    norm_type = float(norm_type)
    if not grads:
        return _wrap(np.zeros((), np.float32))
    dt = grads[0].dtype
    norms = np.array([_norm(g, norm_type) for g in grads], dtype=dt)
    total = np.asarray(_norm(norms, norm_type), dtype=dt)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from "
                           "`parameters` is non-finite, so it cannot be clipped. To disable "
                           "this error and scale the gradients by the non-finite norm anyway, "
                           "set `error_if_nonfinite=False`")
    coef = np.minimum(np.asarray(max_norm, dt) / (total + np.asarray(1e-6, dt)), 1.0).astype(dt)
    for p in params:
        if p._grad is not None:
            p._grad._data = (p._grad._data * coef).astype(p._grad._data.dtype)
    return _wrap(total)


def clip_grad_norm(parameters, max_norm: float, norm_type: float = 2.0,
                   error_if_nonfinite: bool = False, foreach=None) -> Tensor:
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value: float, foreach=None) -> None:
    """Clamp every gradient element into [−clip_value, clip_value], in place."""
    v = float(clip_value)
    for p in _tensors(parameters):
        if p._grad is not None:
            p._grad._data = np.clip(p._grad._data, -v, v).astype(p._grad._data.dtype)
