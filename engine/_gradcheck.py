"""``engine.autograd.gradcheck``: does backward agree with finite differences?

The learner's version of ``torch.autograd.gradcheck``: for every input that requires grad
and every output, the Jacobian from central differences (``numerical``) is compared with
the one backward computes one output element at a time (``analytical``), with torch's
tolerance rule ``|a − n| <= atol + rtol·|n|`` and torch's message when they differ.
"""
from __future__ import annotations

import warnings
from typing import Callable

import numpy as np

from . import autograd
from .tensor import Tensor, _wrap

__all__ = ["GradcheckError", "gradcheck", "gradgradcheck"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck when the Jacobians differ (torch's class of the same name)."""


def _outputs(func, inputs) -> tuple:
    out = func(*inputs)
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def gradcheck(func: Callable, inputs, *, eps: float = 1e-6, atol: float = 1e-5,
              rtol: float = 1e-3, raise_exception: bool = True) -> bool:
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    wrt = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    for i in wrt:
        if inputs[i].dtype.name != "float64":
            warnings.warn(
                f"Input #{i} requires gradient and is not a double precision floating point or "
                f"complex. This check will likely fail if all the inputs are not of double "
                f"precision floating point or complex. ", UserWarning, stacklevel=3)
    outs = _outputs(func, inputs)
    for k, out in enumerate(outs):
        if not isinstance(out, Tensor) or not out.requires_grad:
            continue
        n_out = out.numel()
        for i in wrt:
            x = inputs[i]
            # numerical: perturb each element of x in place, under no_grad (x stays a leaf)
            numerical = np.zeros((x.numel(), n_out))
            flat = x._data.reshape(-1)
            with autograd.no_grad():
                for j in range(flat.size):
                    old = flat[j]
                    flat[j] = old + eps
                    hi = _outputs(func, inputs)[k]._data.reshape(-1).astype(np.float64)
                    flat[j] = old - eps
                    lo = _outputs(func, inputs)[k]._data.reshape(-1).astype(np.float64)
                    flat[j] = old
                    numerical[j] = (hi - lo) / (2 * eps)
            # analytical: one backward per output element
            analytical = np.zeros((x.numel(), n_out))
            for m in range(n_out):
                seed = np.zeros(n_out, dtype=out._data.dtype)
                seed[m] = 1
                g = autograd.grad(out, x, _wrap(seed.reshape(out._data.shape)),
                                  retain_graph=True, allow_unused=True)[0]
                if g is not None:
                    analytical[:, m] = g._data.reshape(-1)
            if not np.all(np.abs(analytical - numerical) <= atol + rtol * np.abs(numerical)):
                if not raise_exception:
                    return False
                dt = x._data.dtype
                raise GradcheckError(
                    f"Jacobian mismatch for output {k} with respect to input {i},\n"
                    f"numerical:{_wrap(numerical.astype(dt))!r}\n"
                    f"analytical:{_wrap(analytical.astype(dt))!r}\n")
    return True


def gradgradcheck(func: Callable, inputs, grad_outputs=None, *, eps: float = 1e-6,
                  atol: float = 1e-5, rtol: float = 1e-3, raise_exception: bool = True) -> bool:
    """Second derivatives: gradcheck of the map (inputs, v) -> vᵀ·∂func/∂inputs, computed by
    ``autograd.grad(..., create_graph=True)`` (``torch.autograd.gradgradcheck``)."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    n = len(inputs)
    if grad_outputs is None:
        rng = np.random.default_rng(0)  # torch draws random ones too
        grad_outputs = []
        for o in _outputs(func, inputs):
            if isinstance(o, Tensor) and o.requires_grad:
                g = _wrap(rng.standard_normal(o._data.shape).astype(o._data.dtype))
                grad_outputs.append(g.requires_grad_(True))
    grad_outputs = tuple(grad_outputs) if isinstance(grad_outputs, (tuple, list)) else (
        grad_outputs,)

    def first_derivatives(*args):
        ins, gos = args[:n], args[n:]
        with autograd.enable_grad():
            outs = [o for o in _outputs(func, ins) if isinstance(o, Tensor) and o.requires_grad]
            wrt = [x for x in ins if isinstance(x, Tensor) and x.requires_grad]
            gs = autograd.grad(outs, wrt, list(gos), create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    return gradcheck(first_derivatives, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
