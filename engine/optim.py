"""Optimizers with torch's update rules (SGD with momentum/weight decay, Adam, AdamW, RMSprop,
Adagrad); learning-rate schedulers are in ``engine.lr_scheduler`` (``optim.lr_scheduler``).

Updates happen in place on the parameters' arrays, outside the graph; ``zero_grad()``
sets grads to ``None`` (torch's default)."""
from __future__ import annotations

import math

import numpy as np

from .tensor import Tensor, _bump_version, _wrap

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "lr_scheduler"]


from .optim_base import Optimizer  # noqa: E402  (the base class)


class SGD(Optimizer):
    """p ← p − lr·d, d = grad + wd·p (−grad with maximize), with momentum buffer
    b ← μ·b + (1−dampening)·d (the first step's b is d itself) and d = b, or d + μ·b
    with nesterov: torch.optim.SGD's arithmetic, step by step."""

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov,
                                      maximize=maximize))

    _torch_flags = {"foreach": None, "differentiable": False, "fused": None}

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            lr, mom, damp = group["lr"], group["momentum"], group["dampening"]
            wd, nesterov = group["weight_decay"], group["nesterov"]
            for p, d in self._params_with_grad(group):
                if group.get("maximize"):
                    d = -d
                if wd != 0:
                    d = d + wd * p._data
                if mom != 0:
                    st = self.state.setdefault(id(p), {})
                    buf = st.get("momentum_buffer")
                    if buf is None:
                        buf = np.array(d, copy=True)
                    else:
                        buf = buf * mom + (1 - damp) * d
                    st["momentum_buffer"] = buf
                    d = d + mom * buf if nesterov else buf
                p._data -= lr * d
        return loss


class Adam(Optimizer):
    """torch.optim.Adam (bias-corrected first and second moments; ``amsgrad`` keeps the
    running maximum of the second moment; ``decoupled_weight_decay`` is AdamW)."""

    _decoupled = False  # AdamW: weight decay shrinks the parameter, not the gradient

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, foreach=None,
                 maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False, fused=None,
                 decoupled_weight_decay: bool | None = None):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        dwd = self._decoupled if decoupled_weight_decay is None else decoupled_weight_decay
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, amsgrad=amsgrad,
                                      maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable, fused=fused,
                                      decoupled_weight_decay=dwd))

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            lr, (b1, b2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            amsgrad = group.get("amsgrad", False)
            for p, gr in self._params_with_grad(group):
                if group.get("maximize"):
                    gr = -gr
                st = self.state.setdefault(id(p), {})
                if not st:
                    st["step"] = 0
                    st["exp_avg"] = np.zeros_like(p._data)
                    st["exp_avg_sq"] = np.zeros_like(p._data)
                    if amsgrad:
                        st["max_exp_avg_sq"] = np.zeros_like(p._data)
                st["step"] += 1
                t = st["step"]
                if wd != 0 and group.get("decoupled_weight_decay", self._decoupled):
                    p._data *= 1 - lr * wd
                elif wd != 0:
                    gr = gr + wd * p._data
                m = st["exp_avg"]
                m += (gr - m) * (1 - b1)          # lerp_(grad, 1 - beta1)
                v = st["exp_avg_sq"]
                v *= b2
                v += (1 - b2) * gr * gr
                bc1 = 1 - b1 ** t
                bc2 = 1 - b2 ** t
                step_size = lr / bc1
                if amsgrad:
                    np.maximum(st["max_exp_avg_sq"], v, out=st["max_exp_avg_sq"])
                    v = st["max_exp_avg_sq"]
                denom = np.sqrt(v) / math.sqrt(bc2) + eps
                p._data -= step_size * (m / denom)
        return loss


class AdamW(Adam):
    """torch.optim.AdamW: Adam with decoupled weight decay (p ← p·(1 − lr·wd) first)."""
    _decoupled = True

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, **kwargs):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, **kwargs)


class RMSprop(Optimizer):
    """torch.optim.RMSprop: s ← α·s + (1−α)·g², p ← p − lr·g/(√s + eps); with momentum
    b ← μ·b + g/(√s + eps), p ← p − lr·b; centered subtracts the running mean of g first."""

    def __init__(self, params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False):
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps,
                                      centered=centered, weight_decay=weight_decay))

    _torch_flags = {"capturable": False, "foreach": None, "maximize": False,
                    "differentiable": False}

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            wd, mom = group["weight_decay"], group["momentum"]
            for p, gr in self._params_with_grad(group):
                st = self.state.setdefault(id(p), {})
                if not st:
                    st.update(step=0, square_avg=np.zeros_like(p._data))
                    if mom > 0:
                        st["momentum_buffer"] = np.zeros_like(p._data)
                    if group["centered"]:
                        st["grad_avg"] = np.zeros_like(p._data)
                st["step"] += 1
                if wd != 0:
                    gr = gr + wd * p._data
                sq = st["square_avg"]
                sq *= alpha
                # torch's addcmul_ is one fused multiply-add (no rounding of the product)
                sq[...] = sq.astype(np.float64) + ((1 - alpha) * gr).astype(np.float64) * gr
                if group["centered"]:
                    ga = st["grad_avg"]
                    ga += (gr - ga) * (1 - alpha)
                    avg = np.sqrt(sq - ga * ga) + eps
                else:
                    avg = np.sqrt(sq) + eps
                if mom > 0:
                    buf = st["momentum_buffer"]
                    buf *= mom
                    buf += gr / avg
                    p._data -= lr * buf
                else:  # addcdiv_(grad, avg, value=-lr): (value·grad)/avg, as torch rounds it
                    p._data += (-lr * gr) / avg
        return loss


class Adagrad(Optimizer):
    """torch.optim.Adagrad: Σ ← Σ + g², p ← p − clr·g/(√Σ + eps), clr = lr/(1 + (t−1)·decay)."""

    def __init__(self, params, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10):
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps,
                                      weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value))

    _torch_flags = {"foreach": None, "maximize": False, "differentiable": False, "fused": None}

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            lr, eps, wd = group["lr"], group["eps"], group["weight_decay"]
            for p, gr in self._params_with_grad(group):
                st = self.state.setdefault(id(p), {})
                if not st:
                    st.update(step=0, sum=np.full_like(p._data,
                                                       group["initial_accumulator_value"]))
                st["step"] += 1
                if wd != 0:
                    gr = gr + wd * p._data
                clr = lr / (1 + (st["step"] - 1) * group["lr_decay"])
                st["sum"] += gr * gr
                p._data -= clr * (gr / (np.sqrt(st["sum"]) + eps))
        return loss


from . import optim_more as _more  # noqa: E402  (Adadelta, Adamax, NAdam, RAdam, Rprop ...)
from .optim_more import *  # noqa: E402,F401,F403
from . import lr_scheduler  # noqa: E402  (torch.optim.lr_scheduler)

__all__ += _more.__all__
