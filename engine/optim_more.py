"""More ``torch.optim`` optimizers: Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD and LBFGS,
each step following torch 2.13's single-tensor implementation (``_single_tensor_<name>``) line
by line, with torch's group keys (so ``print(optimizer)`` and ``param_groups`` match).

Updates happen in place on the parameters' arrays, outside the graph, as in ``engine.optim``.
"""
from __future__ import annotations

import numpy as np

from .autograd import enable_grad

from .optim_base import Optimizer
from .tensor import _bump_version

__all__ = ["Adadelta", "Adamax", "NAdam", "RAdam", "Rprop", "ASGD", "LBFGS"]


def _check(lr, eps=0.0, weight_decay=0.0):
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")
    if not 0.0 <= eps:
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


def _f32(x, like):
    """A scalar torch keeps in a float32 state tensor, rounded as it would be."""
    return float(np.float32(x)) if like.dtype == np.float32 else float(x)


class _Stepper(Optimizer):
    """step(): for each parameter with a gradient, ``_update(p, grad, state, group)``."""

    def step(self, closure=None):
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            for p, gr in self._params_with_grad(group):
                if group.get("maximize"):
                    gr = -gr
                st = self.state.setdefault(id(p), {})
                if not st:
                    st.update(self._init_state(p, group))
                self._update(p, gr, st, group)
        return loss


class Adadelta(_Stepper):
    """s ← ρs + (1−ρ)g², Δ = √(u + eps)/√(s + eps)·g, u ← ρu + (1−ρ)Δ², p ← p − lr·Δ."""
    _torch_flags = {"maximize": False, "capturable": False, "foreach": None,
                    "differentiable": False}

    def __init__(self, params, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, foreach=None, *, capturable: bool = False,
                 maximize: bool = False, differentiable: bool = False):
        _check(lr, eps, weight_decay)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                                      maximize=maximize, capturable=capturable,
                                      foreach=foreach, differentiable=differentiable))

    def _init_state(self, p, group):
        return {"step": 0, "square_avg": np.zeros_like(p._data),
                "acc_delta": np.zeros_like(p._data)}

    def _update(self, p, gr, st, group):
        rho, eps, wd = group["rho"], group["eps"], group["weight_decay"]
        st["step"] += 1
        if wd != 0:
            gr = gr + wd * p._data
        sq, acc = st["square_avg"], st["acc_delta"]
        sq *= rho
        sq += (1 - rho) * gr * gr
        delta = np.sqrt(acc + eps) / np.sqrt(sq + eps) * gr
        acc *= rho
        acc += (1 - rho) * delta * delta
        p._data -= group["lr"] * delta


class Adamax(_Stepper):
    """Adam with the infinity norm: u ← max(β₂u, |g| + eps), p ← p − lr/(1−β₁ᵗ)·m/u."""
    _torch_flags = {"foreach": None, "maximize": False, "differentiable": False,
                    "capturable": False}

    def __init__(self, params, lr: float = 2e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, foreach=None, *, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False):
        _check(lr, eps, weight_decay)
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))

    def _init_state(self, p, group):
        return {"step": 0, "exp_avg": np.zeros_like(p._data), "exp_inf": np.zeros_like(p._data)}

    def _update(self, p, gr, st, group):
        (b1, b2), eps, wd = group["betas"], group["eps"], group["weight_decay"]
        st["step"] += 1
        if wd != 0:
            gr = gr + wd * p._data
        m, u = st["exp_avg"], st["exp_inf"]
        m += (gr - m) * (1 - b1)
        u *= b2
        np.maximum(u, np.abs(gr) + eps, out=u)
        clr = group["lr"] / (1 - b1 ** st["step"])
        p._data += (-clr * m) / u


class NAdam(_Stepper):
    """Adam with Nesterov momentum and torch's momentum-decay schedule μₜ."""
    _torch_flags = {"maximize": False, "foreach": None, "capturable": False,
                    "differentiable": False}

    def __init__(self, params, lr: float = 2e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach=None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False):
        _check(lr, eps, weight_decay)
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, momentum_decay=momentum_decay,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize, foreach=foreach,
                                      capturable=capturable, differentiable=differentiable))

    def _init_state(self, p, group):
        return {"step": 0, "mu_product": 1.0, "exp_avg": np.zeros_like(p._data),
                "exp_avg_sq": np.zeros_like(p._data)}

    def _update(self, p, gr, st, group):
        (b1, b2), eps, wd, lr = group["betas"], group["eps"], group["weight_decay"], group["lr"]
        st["step"] += 1
        t = st["step"]
        bc2 = 1 - b2 ** t
        if wd != 0:
            if group["decoupled_weight_decay"]:
                p._data *= 1 - lr * wd
            else:
                gr = gr + wd * p._data
        md = group["momentum_decay"]
        mu = b1 * (1.0 - 0.5 * 0.96 ** (t * md))
        mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * md))
        st["mu_product"] = _f32(st["mu_product"] * mu, p._data)  # a float32 tensor in torch
        mp = st["mu_product"]
        m, v = st["exp_avg"], st["exp_avg_sq"]
        m += (gr - m) * (1 - b1)
        v *= b2
        v += (1 - b2) * gr * gr
        denom = np.sqrt(v / bc2) + eps
        p._data += (-lr * (1.0 - mu) / (1.0 - mp)) * gr / denom
        p._data += ((-lr * mu_next) / (1.0 - mp * mu_next)) * m / denom


class RAdam(_Stepper):
    """Rectified Adam: plain momentum SGD while the variance estimate is unreliable (ρₜ ≤ 5),
    then Adam scaled by the rectification term."""
    _torch_flags = {"maximize": False, "foreach": None, "capturable": False,
                    "decoupled_weight_decay": False, "differentiable": False}

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, decoupled_weight_decay: bool = False, *,
                 foreach=None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False):
        _check(lr, eps, weight_decay)
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, maximize=maximize,
                                      foreach=foreach, capturable=capturable,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      differentiable=differentiable))

    def _init_state(self, p, group):
        return {"step": 0, "exp_avg": np.zeros_like(p._data),
                "exp_avg_sq": np.zeros_like(p._data)}

    def _update(self, p, gr, st, group):
        (b1, b2), eps, wd, lr = group["betas"], group["eps"], group["weight_decay"], group["lr"]
        st["step"] += 1
        t = st["step"]
        if wd != 0:
            if group["decoupled_weight_decay"]:
                p._data *= 1 - lr * wd
            else:
                gr = gr + wd * p._data
        m, v = st["exp_avg"], st["exp_avg_sq"]
        m += (gr - m) * (1 - b1)
        v *= b2
        v += (1 - b2) * gr * gr
        bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
        corrected = m / bc1
        rho_inf = 2 / (1 - b2) - 1
        rho_t = rho_inf - 2 * t * (b2 ** t) / bc2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                    / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            adaptive = (bc2 ** 0.5) / (np.sqrt(v) + eps)
            p._data -= corrected * lr * adaptive * rect
        else:
            p._data -= corrected * lr


class Rprop(_Stepper):
    """Resilient backprop: each weight's step grows by η₊ while its gradient keeps its sign,
    shrinks by η₋ when it flips (and that step is skipped); p ← p − sign(g)·step."""
    _torch_flags = {"foreach": None, "maximize": False, "differentiable": False,
                    "capturable": False}

    def __init__(self, params, lr: float = 1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *,
                 capturable: bool = False, foreach=None, maximize: bool = False,
                 differentiable: bool = False):
        _check(lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        super().__init__(params, dict(lr=lr, etas=tuple(etas), step_sizes=tuple(step_sizes),
                                      foreach=foreach, maximize=maximize,
                                      differentiable=differentiable, capturable=capturable))

    def _init_state(self, p, group):
        return {"step": 0, "prev": np.zeros_like(p._data),
                "step_size": np.full_like(p._data, group["lr"])}

    def _update(self, p, gr, st, group):
        etaminus, etaplus = group["etas"]
        lo, hi = group["step_sizes"]
        st["step"] += 1
        sign = np.sign(gr * st["prev"])
        factor = np.where(sign > 0, etaplus, np.where(sign < 0, etaminus, 1)).astype(gr.dtype)
        size = st["step_size"]
        size *= factor
        np.clip(size, lo, hi, out=size)
        gr = np.where(factor == np.asarray(etaminus, gr.dtype), 0, gr).astype(gr.dtype)
        p._data -= np.sign(gr) * size
        st["prev"] = gr


class ASGD(_Stepper):
    """Averaged SGD: p ← p(1 − λη) − ηg, with the running average ``ax`` of the iterates
    starting after t0 steps; η decays as lr/(1 + λ·lr·t)^α."""
    _torch_flags = {"foreach": None, "maximize": False, "differentiable": False,
                    "capturable": False}

    def __init__(self, params, lr: float = 1e-2, lambd: float = 1e-4, alpha: float = 0.75,
                 t0: float = 1e6, weight_decay: float = 0, foreach=None,
                 maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False):
        _check(lr, 0.0, weight_decay)
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0,
                                      weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))

    def _init_state(self, p, group):
        return {"step": 0, "eta": _f32(group["lr"], p._data), "mu": 1.0,
                "ax": np.zeros_like(p._data)}

    def _update(self, p, gr, st, group):
        lambd, lr, alpha, t0 = group["lambd"], group["lr"], group["alpha"], group["t0"]
        st["step"] += 1
        if group["weight_decay"] != 0:
            gr = gr + group["weight_decay"] * p._data
        eta = st["eta"]
        p._data *= 1 - lambd * eta
        p._data -= eta * gr
        if st["mu"] != 1:
            st["ax"] += (p._data - st["ax"]) * st["mu"]
        else:
            st["ax"] = p._data.copy()
        t = st["step"]
        st["eta"] = _f32(lr / ((1 + lambd * lr * t) ** alpha), p._data)
        st["mu"] = _f32(1 / max(1, t - t0), p._data)


class LBFGS(Optimizer):
    """L-BFGS with a fixed step (``line_search_fn=None``) or torch's strong-Wolfe line
    search refused: ``step(closure)`` re-evaluates the loss up to ``max_iter`` times, as
    torch.optim.LBFGS does."""

    def __init__(self, params, lr: float = 1, max_iter: int = 20, max_eval=None,
                 tolerance_grad: float = 1e-7, tolerance_change: float = 1e-9,
                 history_size: int = 100, line_search_fn=None):
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        if line_search_fn is not None:
            raise NotImplementedError("LBFGS(line_search_fn='strong_wolfe') is not supported by "
                                      "this engine; use line_search_fn=None")
        super().__init__(params, dict(lr=lr, max_iter=max_iter, max_eval=max_eval,
                                      tolerance_grad=tolerance_grad,
                                      tolerance_change=tolerance_change,
                                      history_size=history_size, line_search_fn=None))
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def _flat_grad(self):
        parts = [np.zeros(p._data.size, p._data.dtype) if p._grad is None
                 else p._grad._data.reshape(-1) for p in self._params]
        return np.concatenate(parts)

    def _add(self, step_size, d):
        offset = 0
        for p in self._params:
            n = p._data.size
            if not p._data.flags.writeable:
                p._data = np.array(p._data)
            _bump_version(p)
            p._data += (step_size * d[offset:offset + n]).reshape(p._data.shape).astype(
                p._data.dtype)
            offset += n

    def step(self, closure):
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tol_grad, tol_change = group["tolerance_grad"], group["tolerance_change"]
        hist = group["history_size"]
        st = self.state.setdefault("lbfgs", {"func_evals": 0, "n_iter": 0})
        with enable_grad():
            orig_loss = closure()
        loss = float(orig_loss)
        current_evals = 1
        st["func_evals"] += 1
        flat_grad = self._flat_grad()
        if np.abs(flat_grad).max() <= tol_grad:
            return orig_loss
        d, t = st.get("d"), st.get("t")
        old_dirs, old_stps = st.setdefault("old_dirs", []), st.setdefault("old_stps", [])
        ro, H_diag = st.setdefault("ro", []), st.get("H_diag", 1)
        prev_flat_grad, prev_loss = st.get("prev_flat_grad"), st.get("prev_loss")
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            st["n_iter"] += 1
            if st["n_iter"] == 1:
                d = -flat_grad
                old_dirs.clear(), old_stps.clear(), ro.clear()
                H_diag = 1
            else:
                y = flat_grad - prev_flat_grad
                s = d * t
                # scalars stay numpy scalars of the parameters' dtype: torch keeps them as
                # 0-d tensors, and in float32 the two-loop recursion is sensitive to rounding
                ys = y @ s
                if ys > 1e-10:
                    if len(old_dirs) == hist:
                        old_dirs.pop(0), old_stps.pop(0), ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    H_diag = ys / (y @ y)
                al = [0.0] * len(old_dirs)
                q = -flat_grad
                for i in range(len(old_dirs) - 1, -1, -1):
                    al[i] = (old_stps[i] @ q) * ro[i]
                    q = q - al[i] * old_dirs[i]
                r = q * H_diag
                for i in range(len(old_dirs)):
                    be_i = (old_dirs[i] @ r) * ro[i]
                    r = r + old_stps[i] * (al[i] - be_i)
                d = r
            prev_flat_grad = flat_grad.copy()
            prev_loss = loss
            if st["n_iter"] == 1:
                t = min(1.0, 1.0 / np.abs(flat_grad).sum()) * lr
            else:
                t = lr
            gtd = flat_grad @ d
            if gtd > -tol_change:
                break
            self._add(t, d)
            ls_func_evals = 0
            if n_iter != max_iter:
                with enable_grad():
                    loss = float(closure())
                flat_grad = self._flat_grad()
                ls_func_evals = 1
            current_evals += ls_func_evals
            st["func_evals"] += ls_func_evals
            if n_iter == max_iter or current_evals >= max_eval:
                break
            if np.abs(flat_grad).max() <= tol_grad:
                break
            if np.abs(d * t).max() <= tol_change:
                break
            if abs(loss - prev_loss) < tol_change:
                break
        st.update(d=d, t=t, H_diag=H_diag, prev_flat_grad=prev_flat_grad, prev_loss=prev_loss)
        return orig_loss

