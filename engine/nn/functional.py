"""``engine.nn.functional``: generated from the op table (linear, relu, conv2d, max_pool2d,
avg_pool2d, adaptive_avg_pool2d, softmax, log_softmax, mse_loss, cross_entropy ...), plus
the few functions whose torch signature does more than one op: ``batch_norm`` (updates the
running statistics), ``max_pool2d(return_indices=True)`` and ``dropout``."""
from __future__ import annotations

import numpy as np

from .. import nn_ops as _nn_ops
from ..ops import FUNCTIONAL as _F
from ..ops import _apply, lookup
from ..tensor import Tensor, _rng_now, _wrap

globals().update(_F)

_BATCH_NORM = lookup("batch_norm")
_MAX_POOL = lookup("max_pool2d")


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None, training: bool = False,
               momentum: float | None = 0.1, eps: float = 1e-5) -> Tensor:
    """torch.nn.functional.batch_norm.  In training the running statistics (when given) move
    towards the batch's: ``r ← (1 − momentum)·r + momentum·batch``, the variance taken
    unbiased (÷ n−1) as torch does, while the output uses the biased one."""
    # checked before the running statistics move (the op checks again when it runs)
    _nn_ops.check_running_stats(running_mean, running_var)
    x = input._data
    _nn_ops.check_batch_norm(x, _arr(running_mean), _arr(running_var), _arr(weight),
                             _arr(bias), training)
    if training and running_mean is not None:
        mean, var, n = _nn_ops._k.batch_norm_stats(x)
        m = 0.0 if momentum is None else float(momentum)
        unbiased = var * (n / (n - 1)) if n > 1 else var
        # new arrays rather than writes into the old ones: graph nodes recorded earlier (an
        # eval-mode forward) keep the statistics they saw
        running_mean._data = ((1 - m) * running_mean._data + m * mean).astype(
            running_mean._data.dtype)
        if running_var is not None:
            running_var._data = ((1 - m) * running_var._data + m * unbiased).astype(
                running_var._data.dtype)
    params = {"training": bool(training), "eps": float(eps)}
    if momentum != 0.1 and momentum is not None:
        params["momentum"] = float(momentum)
    return _apply(_BATCH_NORM, (input, running_mean, running_var, weight, bias), params)


def _arr(t):
    return None if t is None else t._data


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    """torch.nn.functional.max_pool2d; ``return_indices=True`` also returns the argmax of
    each window as flat int64 indices into its H·W plane."""
    out = _apply(_MAX_POOL, (input,), {"kernel_size": kernel_size, "stride": stride,
                                       "padding": padding, "dilation": dilation,
                                       "ceil_mode": ceil_mode})
    if not return_indices:
        return out
    idx = _nn_ops.max_pool_indices(input._data, kernel_size, stride, padding, dilation,
                                   ceil_mode)[1]
    return out, _wrap(idx)


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """torch.nn.functional.relu; ``inplace=True`` is ``input.relu_()`` (still ReluBackward0)."""
    return input.relu_() if inplace else _F["relu"](input)


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability p and scale the rest by 1/(1 − p), as torch (which
    records it as ``input * mask``: MulBackward0).  The mask comes from the engine's seeded
    numpy generator (``engine.manual_seed``), so it differs from torch's for the same seed."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    x = input._data
    keep = _rng_now().random(x.shape) >= p
    scale = 0.0 if p == 1.0 else 1.0 / (1.0 - p)
    mask = _wrap((keep * scale).astype(x.dtype if x.dtype.kind == "f" else np.float32))
    return input.mul_(mask) if inplace else input * mask


__all__ = [*_F, "batch_norm", "max_pool2d", "dropout"]  # relu is among _F
