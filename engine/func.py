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
from . import ops
from .joins import stack
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
    return ops.apply_internal("alias", t)


def grad(func: Callable, argnums=0, has_aux: bool = False) -> Callable:
    """``∂func/∂args[argnums]`` as a function of the same arguments (func returns a scalar)."""
    gv = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, value = gv(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


# ------------------------------------------------------------------------------------------
# jacrev, jacfwd, hessian, vmap, functional_call. Jacobians are built one output element at a
# time with the reverse-mode engine (jacfwd with forward mode, one basis tangent at a time);
# when an argument already requires grad (jacrev(jacrev(f)), hessian) the rows are built as
# graphs so the outer level can differentiate them again. vmap runs the function once per slice
# of the mapped dimension and stacks the results: torch's values, at the cost of a Python loop.
__all__ += ["jacrev", "jacfwd", "hessian", "vmap", "functional_call"]


def _prepare(args: tuple, nums: tuple) -> tuple[list, bool]:
    """The arguments with ``nums`` made differentiable; nested when one already was."""
    args = list(args)
    for k in nums:
        if not isinstance(args[k], Tensor):
            raise RuntimeError(f"jacrev: Expected argument {k} to be a Tensor, got "
                               f"{type(args[k]).__name__}")
    nested = any(args[k].requires_grad for k in nums)
    for k in nums:
        args[k] = _alias(args[k]) if nested and args[k].requires_grad \
            else args[k].detach().requires_grad_(True)
    return args, nested


def _jacobian(out: Tensor, xs: list, nested: bool) -> tuple:
    """d out / d x for each x, shaped out.shape + x.shape."""
    flat = out.reshape(-1)
    rows = [[] for _ in xs]
    for i in range(flat.shape[0]):
        gs = (_ag.grad(flat[i], xs, retain_graph=True, create_graph=nested, allow_unused=True)
              if out.requires_grad else (None,) * len(xs))
        for r, g, x in zip(rows, gs, xs):
            if g is None:
                g = _wrap(np.zeros(x._data.shape, x._data.dtype))
            r.append(g if nested else g.detach())
    res = []
    for r, x in zip(rows, xs):
        j = stack(r) if r else _wrap(np.zeros((0, *x._data.shape), x._data.dtype))
        res.append(j.reshape(*out.shape, *x.shape))
    return tuple(res)


def jacrev(func: Callable, argnums=0, *, has_aux: bool = False, chunk_size=None,
           _preallocate_and_copy=False) -> Callable:
    """The Jacobian of ``func`` with respect to ``args[argnums]`` (reverse mode)."""
    def wrapper(*args, **kwargs):
        nums = argnums if isinstance(argnums, tuple) else (argnums,)
        args, nested = _prepare(args, nums)
        with _ag.enable_grad():
            out = func(*args, **kwargs)
            aux = None
            if has_aux:
                out, aux = out
            xs = [args[k] for k in nums]

            def one(o: Tensor):
                js = _jacobian(o, xs, nested)
                return js if isinstance(argnums, tuple) else js[0]
            res = type(out)(one(o) for o in out) if isinstance(out, (tuple, list)) else one(out)
        if has_aux and not nested:  # torch hands aux back outside the transform: no graph
            aux = type(aux)(a.detach() if isinstance(a, Tensor) else a for a in aux) \
                if isinstance(aux, (tuple, list)) else \
                aux.detach() if isinstance(aux, Tensor) else aux
        return (res, aux) if has_aux else res
    return wrapper


def jacfwd(func: Callable, argnums=0, has_aux: bool = False, *, randomness: str = "error"
           ) -> Callable:
    """The Jacobian of ``func`` column by column in forward mode (``jvp`` along each basis
    vector), as torch builds it, so even the signs of its zeros match; inside another
    transform, or for an op without a forward rule, it is built in reverse mode."""
    reverse = jacrev(func, argnums, has_aux=has_aux)

    def wrapper(*args, **kwargs):
        nums = argnums if isinstance(argnums, tuple) else (argnums,)
        if has_aux or kwargs or any(not isinstance(args[k], Tensor) or args[k].requires_grad
                                    for k in nums):
            return reverse(*args, **kwargs)
        try:
            res = tuple(_forward_columns(func, args, k) for k in nums)
        except Exception:  # an op the forward mode lacks: the same values by reverse mode
            return reverse(*args, **kwargs)
        if any(isinstance(r, tuple) for r in res):  # several outputs: per output, per argnum
            return reverse(*args, **kwargs)
        return res if isinstance(argnums, tuple) else res[0]
    return wrapper


def _forward_columns(func: Callable, args: tuple, k: int) -> Tensor:
    x = args[k]
    cols = []
    for j in range(x.numel()):
        e = np.zeros(x._data.size, x._data.dtype)
        e[j] = 1
        tangent = _wrap(e.reshape(x._data.shape))

        def at(xk, _args=args):
            return func(*_args[:k], xk, *_args[k + 1:])
        out, col = jvp(at, (x,), (tangent,))
        if isinstance(out, (tuple, list)):
            return tuple(out)
        cols.append(col)
    out_shape = tuple(cols[0].shape) if cols else ()
    return stack(cols, dim=-1).reshape(*out_shape, *x.shape)


def hessian(func: Callable, argnums=0) -> Callable:
    """The matrix of second derivatives of a scalar ``func`` (torch: ``jacfwd(jacrev(f))``).

    Built as reverse over reverse, then transposed: second derivatives are symmetric, and the
    transpose is the layout forward-over-reverse produces (down to the signs of zeros)."""
    inner = jacrev(jacrev(func, argnums), argnums)

    def wrapper(*args, **kwargs):
        h = inner(*args, **kwargs)
        if isinstance(h, Tensor) and not isinstance(argnums, tuple):
            x = args[argnums]
            n = x.numel()
            if h.numel() == n * n:  # a scalar function: h is x.shape + x.shape
                return h.reshape(n, n).T.reshape(h.shape)
        return h
    return wrapper


# ------------------------------------------------------------------------------ vmap
def _dims_for(in_dims, args: tuple) -> tuple:
    if isinstance(in_dims, int) or in_dims is None:
        return (in_dims,) * len(args)
    if len(in_dims) != len(args):
        raise ValueError(f"vmap(f, in_dims={tuple(in_dims)}, ...)(<inputs>): in_dims is not "
                         f"compatible with the structure of `inputs`. in_dims has structure "
                         f"of length {len(in_dims)} but inputs has structure of length "
                         f"{len(args)}.")
    return tuple(in_dims)


def _slice(a, dim, b: int):
    if dim is None:
        return a
    if isinstance(a, (tuple, list)):
        return type(a)(_slice(x, dim, b) for x in a)
    if isinstance(a, dict):
        return {k: _slice(v, dim, b) for k, v in a.items()}
    return a.select(dim, b)


def _size(a, dim):
    if dim is None:
        return None
    if isinstance(a, (tuple, list)):
        sizes = [s for s in (_size(x, dim) for x in a) if s is not None]
        return sizes[0] if sizes else None
    if isinstance(a, dict):
        return _size(list(a.values()), dim)
    if not isinstance(a, Tensor):
        raise ValueError(f"vmap(f, in_dims={dim}, ...)(<inputs>): Got in_dim={dim} for an "
                         f"input but the input is of type {type(a)}. We cannot vmap over "
                         f"non-Tensor arguments, please use None as the respective in_dim")
    if not -a.ndim <= dim < max(a.ndim, 1):
        raise ValueError(f"vmap(f, in_dims=..., ...)(<inputs>): Got in_dim={dim} for some "
                         f"input, but that input is a Tensor of dimensionality {a.ndim} so "
                         f"expected in_dim to satisfy -{a.ndim} <= in_dim < {a.ndim}.")
    return a.shape[dim]


def vmap(func: Callable, in_dims=0, out_dims=0, randomness: str = "error", *,
         chunk_size=None) -> Callable:
    """``func`` mapped over dimension ``in_dims`` of its inputs; results stacked at
    ``out_dims``."""

    def wrapper(*args, **kwargs):
        dims = _dims_for(in_dims, args)
        sizes = {s for s in (_size(a, d) for a, d in zip(args, dims)) if s is not None}
        if not sizes:
            raise ValueError("vmap(f, in_dims=..., ...)(<inputs>): at least one input must "
                             "be a Tensor mapped over a dimension (in_dims not all None)")
        if len(sizes) > 1:
            raise ValueError("vmap: Expected all tensors to have the same size in the mapped "
                             f"dimension, got sizes {sorted(sizes)} for the mapped dimension")
        n = sizes.pop()
        results = [func(*(_slice(a, d, b) for a, d in zip(args, dims)), **kwargs)
                   for b in range(n)]
        first = results[0]
        if isinstance(first, (tuple, list)):
            ods = out_dims if isinstance(out_dims, (tuple, list)) else (out_dims,) * len(first)
            return type(first)(_stack([r[i] for r in results], ods[i])
                               for i in range(len(first)))
        return _stack(results, out_dims)
    return wrapper


def _stack(items: list, dim) -> Tensor:
    if dim is None:
        return items[0]
    items = [x if isinstance(x, Tensor) else _wrap(np.asarray(x)) for x in items]
    return stack(items, dim=dim)


# ------------------------------------------------------------------------------ functional_call
def functional_call(module, parameter_and_buffer_dicts, args=(), kwargs=None, *,
                    tie_weights: bool = True, strict: bool = False):
    """Call ``module`` with some parameters/buffers replaced by the given tensors (by dotted
    name, as in ``named_parameters``); the module is unchanged afterwards."""
    dicts = parameter_and_buffer_dicts
    if isinstance(dicts, (tuple, list)):
        merged = {}
        for d in dicts:
            merged.update(d)
        dicts = merged
    swapped = []
    try:
        for name, value in dicts.items():
            *path, leaf = name.split(".")
            owner = module
            for p in path:
                owner = owner._modules[p]
            table = owner._parameters if leaf in owner._parameters else owner._buffers
            if leaf not in table:
                if strict:
                    raise RuntimeError(f"Unexpected key(s): '{name}'.")
                continue
            swapped.append((table, leaf, table[leaf]))
            table[leaf] = value
        args = args if isinstance(args, tuple) else (args,)
        return module(*args, **(kwargs or {}))
    finally:
        for table, leaf, old in reversed(swapped):
            table[leaf] = old
