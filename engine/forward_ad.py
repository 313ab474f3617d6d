"""Forward-mode automatic differentiation (``torch.autograd.forward_ad``).

Inside ``with dual_level():`` a tensor made by ``make_dual(primal, tangent)`` carries a
tangent: the direction ``v`` along which we differentiate.  Every op of the table applied to
it computes, beside its value, the tangent of its result, the Jacobian-vector product
``J·v`` (JVP).  ``unpack_dual(y)`` gives back ``(primal, tangent)``.

One JVP rule serves every op: the "double-VJP trick" PyTorch itself uses for ops without a
hand-written forward formula.  An op's VJP ``u ↦ Jᵀu`` is linear in ``u``, so

    ⟨Jᵀu, v⟩ = ⟨u, J v⟩   ⇒   J v = ∂/∂u ⟨VJP(u), v⟩.

We run the op's recorded VJP (``higher_order.GRAPH_VJPS``, the same rules double backward
uses) on a dummy ``u`` that requires grad, take ⟨VJP(u), v⟩ and differentiate it with
respect to ``u``.  Broadcasting is handled once, in ``_jvp``: the VJP's gradient is summed
back to the input's shape before the inner product, exactly as backward does.

Tensors with a tangent are instances of ``DualTensor``: a ``Tensor`` whose op methods take
the general dispatch path (``ops._apply``), which is where tangents are propagated; plain
tensors keep their fast paths untouched.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from . import autograd as _ag
from . import _format
from .higher_order import GRAPH_VJPS, _unbroadcast
from .tensor import _DEFAULT_PRINT, _DTYPES, Tensor, _wrap

__all__ = ["dual_level", "make_dual", "unpack_dual", "UnpackedDualTensor", "enter_dual_level",
           "exit_dual_level"]

UnpackedDualTensor = namedtuple("UnpackedDualTensor", ["primal", "tangent"])

NO_LEVEL = ("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
            "enter_dual_level() first.")


class _State:
    levels: list = []      # one list of the dual tensors made at each open level


_state = _State()


def active() -> bool:
    """Is a dual level open?  (ops._apply asks before looking for tangents.)"""
    return bool(_state.levels)


class DualTensor(Tensor):
    """A tensor with a tangent (``_tangent``); its ops run on the general path."""
    __slots__ = ()
    _tangent = None

    def __repr__(self) -> str:
        # torch formats the tangent with f"{tangent}": a 0-d one prints as its number (2.0)
        tan = self._tangent
        text = None if tan is None else (str(tan._data.item()) if tan._data.ndim == 0 else repr(tan))
        fn = self._grad_fn
        a = self._data
        return _format.tensor_repr(a, "torch." + _DTYPES[a.dtype].name, a.dtype in _DEFAULT_PRINT,
                                   None if fn is None else type(fn).__name__, self._rg, tangent=text)

    __str__ = __repr__


def enter_dual_level() -> int:
    _state.levels.append([])
    return len(_state.levels) - 1


def exit_dual_level(*, level: int | None = None) -> None:
    # as in torch, leaving the level drops every tangent made in it: the tensors stay
    for t in _state.levels.pop():
        t.__dict__.pop("_tangent", None)
        t.__class__ = Tensor


class dual_level:
    """``with dual_level():`` — the scope in which dual tensors have tangents."""

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, *exc) -> None:
        exit_dual_level()


def _size(shape) -> str:
    return "[" + ", ".join(str(n) for n in shape) + "]"


def make_dual(tensor: Tensor, tangent: Tensor, *, level: int | None = None) -> Tensor:
    """A view of ``tensor`` whose tangent is ``tangent``."""
    if not _state.levels:
        raise RuntimeError(NO_LEVEL)
    if tuple(tangent.shape) != tuple(tensor.shape):
        raise RuntimeError(
            "Trying to set a forward gradient that has a different size than that of the "
            "original Tensor, this is not supported. Tensor is of size "
            f"{_size(tensor.shape)} while the given forward gradient is of size "
            f"{_size(tangent.shape)}.")
    d = tensor.view(tuple(tensor.shape))
    attach(d, tangent)
    return d


def attach(t: Tensor, tangent: Tensor) -> None:
    t.__class__ = DualTensor
    t._tangent = tangent
    _state.levels[-1].append(t)


def tangent_of(x) -> Tensor | None:
    return getattr(x, "_tangent", None) if isinstance(x, DualTensor) else None


def unpack_dual(tensor: Tensor, *, level: int | None = None) -> UnpackedDualTensor:
    """``(primal, tangent)``: the primal is a view without the tangent; tangent may be None."""
    tan = tangent_of(tensor)
    if tan is None:
        return UnpackedDualTensor(tensor, None)
    # dispatch loads after this module and imports it at its top, so it is read when a dual
    # is unpacked
    from . import dispatch  # cycle: forward_ad -> dispatch -> view_inplace -> function
    primal = dispatch.apply_internal("alias", _plain_view(tensor))
    return UnpackedDualTensor(primal, tan)


def _plain_view(t: Tensor) -> Tensor:
    """The same tensor seen as a plain Tensor (same data, flags and graph)."""
    p = Tensor.__new__(Tensor)
    p._data, p._rg, p._grad_fn = t._data, t._rg, t._grad_fn
    p.__dict__.update({k: v for k, v in t.__dict__.items() if k != "_tangent"})
    return p


# ----------------------------------------------------------------------------- propagation
def has_tangent(inputs) -> bool:
    return any(tangent_of(x) is not None for x in inputs)


def apply_dual(op, inputs: tuple, params: dict, apply_primal) -> Tensor:
    """Run ``op`` on inputs of which some carry tangents: the result carries ``J·v``."""
    out = apply_primal(op, inputs, params)
    if isinstance(out, tuple) or tangent_of(out) is not None:
        return out  # a composite op: its parts already propagated the tangent
    tan = _jvp(op, inputs, {**op.defaults, **params}, out)
    if tan is not None:
        attach(out, tan)
    return out


def _jvp(op, inputs: tuple, params: dict, out: Tensor) -> Tensor | None:
    """J·v for one op by the double-VJP trick (module docstring)."""
    rules = GRAPH_VJPS.get(op.name)
    if rules is None:
        raise NotImplementedError(f"forward AD: no derivative rule for op '{op.name}'")
    dt = out._data.dtype
    # torch computes a tangent with grad mode on: where it depends on something that requires
    # grad (the primals, or a tangent), it has a grad_fn and backward runs through it.  Then
    # the rules read the inputs and the result with their graphs; otherwise as constants.
    graph = _ag._state.enabled and (out._rg or any(
        tangent_of(x) is not None and tangent_of(x)._rg for x in inputs))
    xs = tuple(_rule_input(x, graph, dt) for x in inputs)
    with _ag.enable_grad():
        u = _wrap(np.zeros(out._data.shape, dt)).requires_grad_(True)
        total = _vjp_dot_tangents(rules, inputs, xs, u, out if graph else _wrap(out._data),
                                  params, graph)
        if total is None or not total.requires_grad:
            return _wrap(np.zeros(out._data.shape, dt))  # J·v does not depend on u: it is 0
        (jv,) = _ag.grad(total, (u,), allow_unused=True, create_graph=graph)
    if jv is None:
        return _wrap(np.zeros(out._data.shape, dt))
    return jv if graph and jv._rg else jv.detach()


def _rule_input(x, graph: bool, dt):
    """An input as the graph rules read it: with its graph (a plain view of a dual tensor)
    when the tangent is recorded, else a constant (0-d for a Python scalar)."""
    if x is None:
        return None
    if graph and isinstance(x, Tensor):
        return _plain_view(x) if tangent_of(x) is not None else x
    return _wrap(np.asarray(x._data if isinstance(x, Tensor) else x,
                            dtype=None if isinstance(x, Tensor) else dt))


def _vjp_dot_tangents(rules, inputs: tuple, xs: tuple, u: Tensor, out: Tensor, params: dict,
                      graph: bool) -> Tensor | None:
    """Σᵢ ⟨VJPᵢ(u), vᵢ⟩ over the inputs that carry a tangent vᵢ: linear in u, so its gradient
    with respect to u is J·v."""
    total = None
    for i, x in enumerate(inputs):
        v = tangent_of(x)
        if v is None or rules[i] is None:
            continue
        gi = rules[i](u, out, *xs, **params)
        if tuple(gi.shape) != tuple(x.shape):
            gi = _unbroadcast(gi, tuple(x.shape))
        if not (graph and v._rg and v._data.dtype == gi._data.dtype):
            v = _wrap(v._data.astype(gi._data.dtype, copy=False))
        term = (gi * v).sum()
        total = term if total is None else total + term
    return total
