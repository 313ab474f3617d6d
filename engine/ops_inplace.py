"""In-place ops (``x.add_(y)``, ``x += y``, ``x.zero_()`` ...): the op runs out of place
through the dispatch path, then its result is written into ``self``'s data, as torch does.

The version counter moves on (nodes that saved the old value refuse to backward); a leaf
that requires grad refuses in grad mode; a view is rebased on its base (CopySlices,
``engine/view_inplace.py``).  Importing this module installs the in-place methods on Tensor.
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from . import forward_ad as _fwd
from . import view_inplace as _view_inplace
from .dispatch import _KIND_RANK, _apply, _as_tensor, _bind, _state
from .op_table import INTERNAL_OPS, OPS, Op
from .tensor import INPLACE_LEAF, Tensor, _norm_dim, _wrap, version_counter

_TORCH_TYPE = {"f2": "Half", "f4": "Float", "f8": "Double", "i8": "Long", "i4": "Int",
               "i2": "Short", "i1": "Char", "u1": "Byte", "b1": "Bool"}


def _stand_in(t: Tensor) -> Tensor:
    """A copy of ``t``'s value in ``t``'s place in the graph: what an in-place op's node
    saves of the old value, which the op is about to overwrite."""
    s = _wrap(t._data.copy())
    s._rg = t._rg
    s._grad_fn = t._grad_fn
    return s


def _inplace(self: Tensor, op: Op, others: tuple, params: dict) -> Tensor:
    """``self.<op>_(*others)``: op(self, *others) written into self's data, as torch does.

    A leaf that requires grad refuses in grad mode; the version counter (shared with views
    and detach()) moves on, so nodes that saved the old value refuse to backward; when
    recording, self is rebased onto the op's node (``y.add_(1)``: AddBackward0)."""
    if _fwd._state.levels and _fwd.has_tangent((self, *others)):
        # one clear refusal rather than a tangent that silently no longer matches the value
        raise NotImplementedError(f"forward AD: the in-place {op.name}_ of a dual tensor is "
                                  f"not supported by this engine yet (use {op.name}, not in place)")
    recording = _state.enabled and (self._rg or any(
        isinstance(o, Tensor) and o._rg for o in others))
    src = self
    on_view = recording and self.__dict__.get("_view_base") is not None
    if recording:
        if on_view:     # recorded on the view's base (CopySlices), or torch's refusal
            _view_inplace.check(self)
        elif self._rg and self._grad_fn is None:
            raise RuntimeError(INPLACE_LEAF)
        if op.reads is None or any(0 in r for r in op.reads):
            src = _stand_in(self)
    vc = version_counter(self)
    seq = next(_ag._seq_counter)  # the change happens before the node below is recorded
    r = _apply(op, (src,) + others, params)
    a, out = self._data, r._data
    if out.shape != a.shape:
        raise RuntimeError(f"output with shape [{', '.join(map(str, a.shape))}] doesn't match "
                           f"the broadcast shape [{', '.join(map(str, out.shape))}]")
    if out.dtype != a.dtype and _KIND_RANK[out.dtype.kind] > _KIND_RANK[a.dtype.kind]:
        raise RuntimeError(f"result type {_TORCH_TYPE[out.dtype.str[1:]]} can't be cast to the "
                           f"desired output type {_TORCH_TYPE[a.dtype.str[1:]]}")
    if a.flags.writeable:
        np.copyto(a, out, casting="unsafe")
    else:  # a read-only array (a broadcast view, a cached constant): take a private copy
        self._data = out.astype(a.dtype)
    vc.bump(seq)
    fn = r._grad_fn
    if recording and fn is not None:
        if fn.__dict__.get("_out_vc") is None:
            fn._out_vc = vc  # the node's result is this tensor from now on
        if on_view:
            _view_inplace.rebase(self, fn)
        else:
            self._grad_fn = fn
            self._rg = True
            if "_views" in self.__dict__:   # views taken before now read through the new node
                _view_inplace.regenerate_views(self)
    return self


def _make_inplace(op: Op):
    if op.arity == 1:
        def method(self, *args, **kwargs):
            return _inplace(self, op, (), _bind(op, args, kwargs))
    elif op.name in ("add", "sub"):
        with_alpha = INTERNAL_OPS[op.name + "_alpha"]

        def method(self, other, *, alpha=1):
            if alpha == 1:
                return _inplace(self, op, (other,), {})
            return _inplace(self, with_alpha, (other,), {"alpha": alpha})
    else:
        def method(self, other):
            return _inplace(self, op, (other,), {})
    method.__name__ = op.name + "_"
    method.__doc__ = f"In-place {op.name}: {op.doc}"
    return method


for _op_def in OPS.values():
    if _op_def.inplace:
        setattr(Tensor, _op_def.name + "_", _make_inplace(_op_def))
for _name, _op_name in (("iadd", "add"), ("isub", "sub"), ("imul", "mul"), ("itruediv", "div"),
                        ("ipow", "pow")):
    setattr(Tensor, f"__{_name}__", getattr(Tensor, _op_name + "_"))
Tensor.zero_ = lambda self: _inplace(self, INTERNAL_OPS["zero"], (), {})
Tensor.fill_ = lambda self, value: _inplace(
    self, INTERNAL_OPS["fill"], (), {"value": value.item() if isinstance(value, Tensor) else value})
Tensor.copy_ = lambda self, src: _inplace(self, INTERNAL_OPS["copy"], (_as_tensor(src),), {})


def _index_add_(self, dim, index, source, *, alpha=1):
    src = source if alpha == 1 else source * alpha
    return _inplace(self, INTERNAL_OPS["index_add"], (_as_tensor(src),),
                    {"dim": _norm_dim(dim, self._data.ndim), "index": np.asarray(index._data)})


Tensor.index_add_ = _index_add_


# ----------------------------------------------------------------------------- torch.X_(t)
#: torch's module-level in-place functions (``torch.sin_(a)`` is ``a.sin_()``, the tutorials'
#: in-place lesson): each one the engine serves whose Tensor method it has
TORCH_INPLACE_FUNCTIONS = (
    "abs_", "acos_", "acosh_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_",
    "arctanh_", "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clamp_max_",
    "clamp_min_", "clip_", "cos_", "cosh_", "deg2rad_", "detach_", "erf_", "erfc_", "exp2_",
    "exp_", "expm1_", "fill_", "fix_", "floor_", "frac_", "index_put_", "log10_", "log1p_",
    "log2_", "log_", "logit_", "nan_to_num_", "neg_", "negative_", "rad2deg_", "reciprocal_",
    "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_", "sinh_", "sqrt_", "square_",
    "tan_", "tanh_", "trunc_", "xlogy_", "zero_",
)


def _module_function(name: str):
    def fn(input, *args, **kwargs):  # noqa: A002 - torch's parameter name
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, "
                            f"not {type(input).__name__}")
        return getattr(input, name)(*args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"``torch.{name}(input, ...)``: ``input.{name}(...)``, in place."
    return fn


def module_functions() -> dict:
    """``torch.X_`` for every in-place method the Tensor class has by now (call it once all
    the op modules installed theirs: ``engine/__init__`` does)."""
    return {name: _module_function(name) for name in TORCH_INPLACE_FUNCTIONS
            if callable(getattr(Tensor, name, None))}
