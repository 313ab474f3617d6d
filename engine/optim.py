"""Optimizers with torch's update rules (SGD with momentum/weight decay, Adam, AdamW, RMSprop,
Adagrad); learning-rate schedulers are in ``engine.lr_scheduler`` (``optim.lr_scheduler``).

Updates happen in place on the parameters' arrays, outside the graph; ``zero_grad()``
sets grads to ``None`` (torch's default)."""
from __future__ import annotations

import math

import numpy as np

from .tensor import Tensor, _bump_version, _wrap

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "lr_scheduler"]


class Optimizer:
    # group keys torch keeps for options this engine has no use for (foreach, fused ...), so
    # that param_groups, print(optimizer) and state_dict() show what torch shows
    _torch_flags: dict = {}

    def __init__(self, params, defaults: dict):
        self.defaults = {**defaults, **{k: v for k, v in self._torch_flags.items()
                                        if k not in defaults}}
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            f"Tensors or dicts, but got {params.type()}")
        params = list(params)
        if not params:
            raise ValueError("optimizer got an empty parameter list")
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        self.param_groups = []
        self.state: dict = {}
        for g in groups:
            self.add_param_group(g)

    def add_param_group(self, param_group: dict) -> None:
        """Another group of parameters with options of its own (the rest from the defaults),
        as in fine-tuning when a frozen layer is unfrozen."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        g = dict(param_group)
        ps = g["params"]
        if isinstance(ps, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        g["params"] = [ps] if isinstance(ps, Tensor) else list(ps)
        for p in g["params"]:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + type(p).__module__ + "." + type(p).__name__)
            if not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for k, v in self.defaults.items():
            g.setdefault(k, v)
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in g["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(g)

    def __repr__(self) -> str:
        s = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            s += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    s += f"    {key}: {group[key]}\n"
        return s + ")"

    def zero_grad(self, set_to_none: bool = True) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                if p._grad is None:
                    continue
                if set_to_none:
                    p._grad = None
                else:
                    p._grad._data = np.zeros_like(p._grad._data)

    def _params_with_grad(self, group):
        for p in group["params"]:
            if p._grad is not None:
                if not p._data.flags.writeable:
                    p._data = np.array(p._data)
                _bump_version(p)  # an in-place update, as torch's optimizers do
                yield p, p._grad._data

    def state_dict(self) -> dict:
        """torch's layout: per-parameter state keyed by the parameter's position across the
        groups ('step' a float tensor, buffers as tensors), groups with 'params' as those
        positions."""
        index, groups = {}, []
        for g in self.param_groups:
            for p in g["params"]:
                index.setdefault(id(p), len(index))
            groups.append({**{k: v for k, v in g.items() if k != "params"},
                           "params": [index[id(p)] for p in g["params"]]})
        state = {}
        for g in self.param_groups:
            for p in g["params"]:
                st = self.state.get(id(p))
                if st:
                    state[index[id(p)]] = {k: _state_value(k, v) for k, v in st.items()}
        return {"state": state, "param_groups": groups}


def _state_value(key, v):
    if key == "step":
        return _wrap(np.asarray(float(v), dtype=np.float32))
    if isinstance(v, np.ndarray):
        return _wrap(v.copy())
    return v


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
