"""``engine.func``: function transforms as in ``torch.func`` — ``jvp``, ``vjp`` and ``grad``.

``jvp`` runs ``f`` on dual tensors (``forward_ad``): tangents flow forward with the values.
``vjp`` and ``grad`` run ``f`` on fresh leaves and call the reverse-mode engine.  The
caller's tensors are never changed (no ``.grad`` is written to them).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import autograd as _ag
from . import forward_ad as _fwd
from .tensor import Tensor, _wrap

__all__ = ["jvp", "vjp", "grad", "grad_and_value"]


def _tree(out, fn):
    """Apply fn to a tensor or to each tensor of a tuple/list of them."""
    if isinstance(out, (tuple, list)):
        return type(out)(fn(o) for o in out)
    return fn(out)


def jvp(func: Callable, primals: tuple, tangents: tuple, *, strict: bool = False,
        has_aux: bool = False):
    """``(func(*primals), J·tangents)``: the forward-mode derivative along ``tangents``."""
    if not isinstance(primals, tuple) or not isinstance(tangents, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals to be a tuple. "
                           "E.g. it should be valid to call f(*primals).")
    if len(primals) != len(tangents):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to have "
                           "the same python structure.")
    with _fwd.dual_level():
        duals = tuple(_fwd.make_dual(p.detach(), t.detach()) for p, t in zip(primals, tangents))
        out = func(*duals)
        aux = None
        if has_aux:
            out, aux = out

        def split(o):
            primal, tangent = _fwd.unpack_dual(o)
            if tangent is None:  # the output does not depend on the inputs
                tangent = _wrap(np.zeros(o._data.shape, o._data.dtype))
            return _ag_detached(primal), tangent
        pairs = _tree(out, split)
    if isinstance(out, (tuple, list)):
        res = (type(pairs)(p for p, _ in pairs), type(pairs)(t for _, t in pairs))
    else:
        res = pairs
    return (*res, aux) if has_aux else res


def _ag_detached(t: Tensor) -> Tensor:
    return _fwd._plain_view(t).detach()


def vjp(func: Callable, *primals, has_aux: bool = False):
    """``(func(*primals), vjp_fn)`` where ``vjp_fn(v)`` returns ``vᵀ·J`` per primal (a tuple)."""
    xs = tuple(p.detach().requires_grad_(True) for p in primals)
    with _ag.enable_grad():
        out = func(*xs)
    aux = None
    if has_aux:
        out, aux = out
    outs = tuple(out) if isinstance(out, (tuple, list)) else (out,)

    def vjp_fn(*cotangents):
        vs = cotangents[0] if len(cotangents) == 1 and isinstance(out, (tuple, list)) \
            else cotangents
        live = [(o, v) for o, v in zip(outs, vs) if o.requires_grad]
        gs = (_ag.grad([o for o, _ in live], xs, [v for _, v in live], retain_graph=True,
                       allow_unused=True) if live else (None,) * len(xs))
        return tuple(_wrap(np.zeros(x._data.shape, x._data.dtype)) if g is None else g
                     for g, x in zip(gs, xs))

    res = (_tree(out, lambda o: o.detach()), vjp_fn)
    return (*res, aux) if has_aux else res


def grad_and_value(func: Callable, argnums=0, has_aux: bool = False) -> Callable:
    """A function returning ``(∂func/∂args[argnums], func(*args))``; func returns a scalar."""
    def wrapper(*args, **kwargs):
        nums = argnums if isinstance(argnums, tuple) else (argnums,)
        args = list(args)
        # An argument that already requires grad (inside an outer grad, grad(grad(f)), or a
        # leaf of the caller's own graph) keeps its link to it: the gradient is then built as a
        # graph (create_graph) that the outer level differentiates again.
        nested = any(isinstance(args[k], Tensor) and args[k].requires_grad for k in nums)
        for k in nums:
            args[k] = (_alias(args[k]) if nested and args[k].requires_grad
                       else args[k].detach().requires_grad_(True))
        with _ag.enable_grad():
            out = func(*args, **kwargs)
            aux = None
            if has_aux:
                out, aux = out
            if not isinstance(out, Tensor) or out.ndim != 0:
                got = (f"tensor with {out.ndim} dims" if isinstance(out, Tensor)
                       else type(out).__name__)
                raise RuntimeError(
                    "grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, "
                    f"got {got}. Maybe you wanted to use the vjp or jacrev APIs instead?")
            xs = [args[k] for k in nums]
            gs = (_ag.grad(out, xs, allow_unused=True, create_graph=nested) if out.requires_grad
                  else (None,) * len(xs))
        gs = tuple(_wrap(np.zeros(x._data.shape, x._data.dtype)) if g is None
                   else g if nested else g.detach() for g, x in zip(gs, xs))
        g = gs if isinstance(argnums, tuple) else gs[0]
        value = out if nested else out.detach()
        return (g, (value, aux)) if has_aux else (g, value)
    return wrapper


def _alias(t: Tensor) -> Tensor:
    """``t`` again as a new node of its graph: the input an inner grad differentiates by."""
    from . import ops
    return ops.apply_internal("alias", t)


def grad(func: Callable, argnums=0, has_aux: bool = False) -> Callable:
    """``∂func/∂args[argnums]`` as a function of the same arguments (func returns a scalar)."""
    gv = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, value = gv(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


# jacrev, jacfwd, hessian, vmap, functional_call (func_more imports this module's _alias)
from .func_more import functional_call, hessian, jacfwd, jacrev, vmap  # noqa: E402
__all__ += ["jacrev", "jacfwd", "hessian", "vmap", "functional_call"]
