"""``engine.autograd.functional``: jacobian, hessian, vjp, jvp, vhp and hvp of a Python function (as
``torch.autograd.functional``), built on ``autograd.grad`` (with ``create_graph=True`` for
hessian).  Inputs are copied to fresh leaves, so the caller's tensors are never touched."""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import autograd
from .joins import stack
from .tensor import Tensor, _wrap

__all__ = ["jacobian", "hessian", "vjp", "jvp", "vhp", "hvp"]


def _leaves(inputs):
    single = isinstance(inputs, Tensor)
    ins = (inputs,) if single else tuple(inputs)
    return single, tuple(t.detach().requires_grad_(True) for t in ins)


def _jacobian_of(out: Tensor, xs: tuple, create_graph: bool) -> tuple:
    """d out / d x for each x: tensors of shape out.shape + x.shape."""
    rows = [[] for _ in xs]
    flat = out.reshape(-1) if out.ndim else out.reshape(1)
    for k in range(flat.numel()):
        gs = (autograd.grad(flat[k], xs, retain_graph=True, create_graph=create_graph,
                            allow_unused=True) if flat.requires_grad else (None,) * len(xs))
        for i, (g, x) in enumerate(zip(gs, xs)):
            rows[i].append(_wrap(np.zeros(x._data.shape, x._data.dtype)) if g is None else g)
    return tuple(stack(r).reshape(tuple(out.shape) + tuple(x.shape)) for r, x in zip(rows, xs))


def jacobian(func: Callable, inputs, create_graph: bool = False, strict: bool = False,
             vectorize: bool = False):
    """The Jacobian of ``func`` at ``inputs`` (a tensor, or a tuple per input)."""
    single, xs = _leaves(inputs)
    with autograd.enable_grad():
        out = func(*xs)
        if isinstance(out, (tuple, list)):
            res = tuple(_jacobian_of(o, xs, create_graph) for o in out)
            return tuple(r[0] for r in res) if single else res
        res = _jacobian_of(out, xs, create_graph)
    if not create_graph:
        res = tuple(r.detach() for r in res)
    return res[0] if single else res


def hessian(func: Callable, inputs, create_graph: bool = False, strict: bool = False,
            vectorize: bool = False):
    """The Hessian of a scalar ``func`` at ``inputs``."""
    single, xs = _leaves(inputs)

    def gradient(*args):
        out = func(*args)
        gs = autograd.grad(out, args, create_graph=True, allow_unused=True)
        return tuple(_wrap(np.zeros(a._data.shape, a._data.dtype)) if g is None else g
                     for g, a in zip(gs, args))

    res = jacobian(gradient, xs, create_graph=create_graph)
    return res[0][0] if single else res


def vjp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), vᵀ·J)``."""
    single, xs = _leaves(inputs)
    with autograd.enable_grad():
        out = func(*xs)
        gs = autograd.grad(out, xs, v, create_graph=create_graph, allow_unused=True)
    gs = tuple(_wrap(np.zeros(x._data.shape, x._data.dtype)) if g is None else
               (g if create_graph else g.detach()) for g, x in zip(gs, xs))
    return out.detach(), (gs[0] if single else gs)


def _as_tuple(v, n: int) -> tuple:
    return (v,) if isinstance(v, Tensor) else tuple(v) if v is not None else (None,) * n


def jvp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), J·v)``: the Jacobian, contracted with ``v`` over the input dims."""
    single, xs = _leaves(inputs)
    vs = _as_tuple(v, len(xs))
    with autograd.enable_grad():
        out = func(*xs)
        jac = _jacobian_of(out, xs, create_graph)
    total = None
    for j, x, t in zip(jac, xs, vs):
        t = t if t is not None else _wrap(np.ones(x._data.shape, x._data.dtype))
        n = t.numel()
        term = (j.reshape(tuple(out.shape) + (n,)) * t.reshape(n)).sum(-1)
        total = term if total is None else total + term
    return out.detach(), (total if create_graph else total.detach())


def vhp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), vᵀ·H)`` for a scalar ``func``: the gradient of ``∇f·v``."""
    single, xs = _leaves(inputs)
    vs = _as_tuple(v, len(xs))
    with autograd.enable_grad():
        out = func(*xs)
        gs = autograd.grad(out, xs, create_graph=True, allow_unused=True)
        dot = sum((g * t).sum() for g, t in zip(gs, vs) if g is not None)
        res = autograd.grad(dot, xs, create_graph=create_graph, allow_unused=True) \
            if isinstance(dot, Tensor) and dot.requires_grad else (None,) * len(xs)
    res = tuple(_wrap(np.zeros(x._data.shape, x._data.dtype)) if r is None else
                (r if create_graph else r.detach()) for r, x in zip(res, xs))
    return out.detach(), (res[0] if single else res)


def hvp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), H·v)``; the Hessian of a twice-differentiable scalar is symmetric,
    so this is ``vhp`` (torch computes it by a double-backward trick, same numbers)."""
    return vhp(func, inputs, v, create_graph, strict)
