"""The op table: every differentiable op, declared once.

Each :class:`Op` carries its numpy forward, one VJP per input (written with ``g`` the
incoming gradient, ``out`` the result and ``x, y`` the inputs, as in PyTorch's
``derivatives.yaml``), PyTorch's ``grad_fn`` name, how it prints and parses (label,
symbol, precedence), its parameters, palette category, doc, the local-derivative formula
shown in step-through, and sample inputs in a safe domain for the generic tests.

Broadcasting is reduced once, centrally (``autograd._unbroadcast``), never inside a VJP.
Tensor methods, ``engine.<fn>`` and ``engine.nn.functional.<fn>`` are generated from
``OPS`` by ``engine/ops.py`` (dispatch: dtypes, scalars, recording the graph, fast
paths).  Some torch ops are several graph nodes (``linear``
is ``AddmmBackward0`` over ``TBackward0``; ``cross_entropy`` is ``NllLossBackward0`` over
``LogSoftmaxBackward0``); their ``compose`` builds that structure from internal ops
(``INTERNAL_OPS``) so ``next_functions`` match torch's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from . import autograd as _ag
from . import ops as _ops  # (at call time only: apply_op, apply_internal)
from .tensor import Tensor, _norm_dim, _to_array, _wrap

__all__ = ["Param", "Op", "OPS", "INTERNAL_OPS", "REQUIRED", "lookup", "CATEGORIES"]


class _Required:
    def __repr__(self):
        return "REQUIRED"


REQUIRED: Any = _Required()

CATEGORIES = ("arithmetic", "elementwise", "activation", "reduction", "shape",
              "linear algebra", "loss")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "int" | "float" | "bool" | "dim" (int or None) | "shape" | "dims"
    default: Any = REQUIRED
    doc: str = ""


@dataclass(frozen=True)
class Op:
    name: str
    arity: int
    forward: Callable
    vjps: tuple
    grad_fn: Any                     # str, or fn(params, scalar_mask) -> str
    label: str
    symbol: str | None
    precedence: int
    params: tuple
    category: str
    doc: str
    formulas: tuple
    broadcast: bool
    saves: bool
    method: bool
    function: bool
    functional: bool
    samples: Callable
    # --- additions beyond the contract's minimum (all have defaults)
    input_names: tuple = ()          # port names, e.g. ("input", "weight", "bias")
    optional_inputs: int = 0         # trailing inputs that may be omitted (linear's bias)
    nondiff: tuple = ()              # inputs that never receive a gradient (where's condition)
    edges: Callable | None = None    # fn(scalar_mask) -> input indices, in next_functions order
    compose: Callable | None = None  # fn(inputs, params, scalar_mask) -> Tensor | None
    float_out: bool = False          # integer inputs are promoted to float32 first
    defaults: dict = field(default_factory=dict, compare=False)
    default_edges: tuple = ()
    saved_by: tuple | None = None    # per input: does its VJP need saved tensors (None = saves)
    passthrough: tuple = ()          # per input: VJP is exactly `g` (lets backward skip the call)
    view: bool = False               # output is a view of input 0 (torch's view semantics)
    # fn(arrays, params) -> the result's shape, for ops whose result can be larger than their
    # inputs in ways broadcasting does not cover (matmul's outer products, expand): checked
    # against engine.limits before computing.  Broadcasting ops are checked without it.
    result_shape: Callable | None = None
    # per input: the saved values its VJP reads (input indices, "out" for the result), so
    # backward can refuse tensors changed in place since (None: every input, if `saves`)
    reads: tuple | None = None
    inplace: bool = False            # torch has the in-place method `name_` (generated below)
    custom: bool = False             # an autograd.Function: its nodes' _apply runs user code

    def __post_init__(self):
        if not self.input_names:
            names = ("input",) if self.arity == 1 else ("input", "other") if self.arity == 2 \
                else tuple(f"input{i}" for i in range(self.arity))
            object.__setattr__(self, "input_names", names)
        object.__setattr__(self, "defaults", {p.name: p.default for p in self.params
                                              if p.default is not REQUIRED})
        object.__setattr__(self, "default_edges",
                           tuple(i for i in range(self.arity) if i not in self.nondiff))
        # what the backward loop needs, in one tuple: per input the VJP (None when it is
        # exactly `g`), whether to unbroadcast, and when saved tensors are freed
        # (0 never, 1 always, 2 only if a VJP that ran needs them: saved_by)
        pt = self.passthrough
        # does a node of this op keep its input tensors, to check their versions at backward
        object.__setattr__(self, "_keeps_ins", self.saves and (self.reads is None or any(
            k != "out" for r in self.reads for k in r)))
        object.__setattr__(self, "_bw", None if self.custom else (
            tuple(None if pt and pt[i] else v for i, v in enumerate(self.vjps)),
            self.broadcast, 0 if not self.saves else 1 if self.saved_by is None else 2))

    def grad_fn_name(self, params: dict | None = None, scalar_mask: tuple | None = None) -> str:
        if isinstance(self.grad_fn, str):
            return self.grad_fn
        return self.grad_fn(params or {}, scalar_mask or (False,) * self.arity)


# ============================================================================ helpers
SHAPES = ((), (1,), (3,), (3, 1), (1, 3), (2, 3))
_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)


def _broadcastable(a, b) -> bool:
    try:
        np.broadcast_shapes(a, b)
        return True
    except ValueError:
        return False


def _uniform(rng, shape, dtype, lo=-2.0, hi=2.0):
    return np.asarray(rng.uniform(lo, hi, shape), dtype=dtype)


def _away_from_zero(rng, shape, dtype, lo=0.3, hi=2.0):
    return np.asarray(rng.uniform(lo, hi, shape) * rng.choice([-1.0, 1.0], shape), dtype=dtype)


def _unary_samples(gen):
    def samples(rng, dtype):
        return [((gen(rng, s, dtype),), {}) for s in ((), (3,), (2, 3))]
    return samples


def _binary_samples(gen_x, gen_y):
    def samples(rng, dtype):
        out = []
        for sa in SHAPES:
            for sb in SHAPES:
                if _broadcastable(sa, sb):
                    out.append(((gen_x(rng, sa, dtype), gen_y(rng, sb, dtype)), {}))
        return out
    return samples


def _dims(dim, ndim) -> tuple:
    if isinstance(dim, (tuple, list)):
        if len(dim) == 0:  # torch: an empty dim list reduces over every dimension
            return tuple(range(ndim))
        return tuple(sorted(_norm_dim(d, ndim) for d in dim))
    return (_norm_dim(dim, ndim),)


def _sum_fwd(x, dim=None, keepdim=False):
    if dim is None:
        return np.sum(x, keepdims=keepdim)
    return np.sum(x, axis=_dims(dim, x.ndim) if x.ndim else _check_0d_dims(dim), keepdims=keepdim)


def _check_0d_dims(dim):
    """A 0-d tensor accepts dim 0 or -1 (torch's range [-1, 0]); reduce over nothing."""
    for d in (dim if isinstance(dim, (tuple, list)) else (dim,)):
        _norm_dim(d, 0)
    return None


def _mean_fwd(x, dim=None, keepdim=False):
    if x.dtype.kind not in "fc":
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a "
                           f"floating point or complex dtype. Got: {_tname(x.dtype)}")
    if dim is None:
        return np.mean(x, keepdims=keepdim)
    return np.mean(x, axis=_dims(dim, x.ndim) if x.ndim else _check_0d_dims(dim), keepdims=keepdim)


def _expand_back(g, x, dim, keepdim):
    """sum_backward: put the reduced dims back and expand to the input's shape.  When nothing
    is really expanded the result stays a (writable) view of g, as torch's expand is, so
    AccumulateGrad may keep it as .grad exactly when torch does."""
    if x.size == g.size:
        return g.reshape(x.shape)
    if dim is None:
        return np.full(x.shape, g, dtype=g.dtype)
    if not keepdim and x.ndim:
        g = np.expand_dims(g, _dims(dim, x.ndim))
    return np.broadcast_to(g, x.shape)


def _mean_vjp(g, out, x, dim=None, keepdim=False):
    if dim is None:
        n = x.size
    else:
        n = 1
        for d in (_dims(dim, x.ndim) if x.ndim else ()):
            n *= x.shape[d]
    return _expand_back(g, x, dim, keepdim) / n


def _extreme_fwd(fn):
    def forward(x, dim=None, keepdim=False):
        if dim is None and keepdim:
            raise TypeError(f"{fn.__name__}(): argument 'dim' must be int, not NoneType")
        if dim is None:
            if x.size == 0:
                raise RuntimeError(
                    f"{fn.__name__}(): Expected reduction dim to be specified for input.numel() "
                    f"== 0. Specify the reduction dim with the 'dim' argument.")
            return fn(x)
        d = _norm_dim(dim, x.ndim)
        return fn(x, axis=d, keepdims=keepdim) if x.ndim else x.copy()
    return forward


def _extreme_vjp(argfn):
    def vjp(g, out, x, dim=None, keepdim=False):
        if dim is None:
            # evenly_distribute_backward: ties share the gradient equally
            mask = np.isnan(x) if np.isnan(out) else (x == out)
            return np.where(mask, g / np.count_nonzero(mask), 0).astype(g.dtype, copy=False)
        if x.ndim == 0:
            return g.reshape(())
        d = _norm_dim(dim, x.ndim)
        idx = np.expand_dims(argfn(x, axis=d), d)
        res = np.zeros(x.shape, dtype=g.dtype)
        np.put_along_axis(res, idx, g if keepdim else np.expand_dims(g, d), axis=d)
        return res
    return vjp


def _check_shape(x, shape, view=False):
    shape = tuple(int(s) for s in shape)
    n = x.size
    known = 1
    neg = 0
    for s in shape:
        if s == -1:
            neg += 1
        else:
            known *= s
    if neg > 1:
        raise RuntimeError("only one dimension can be inferred")
    ok = (known == n) if neg == 0 else (known != 0 and n % known == 0)
    if not ok:
        raise RuntimeError(f"shape '[{', '.join(str(s) for s in shape)}]' is invalid for input "
                           f"of size {n}")
    return shape


def _reshape_fwd(x, shape):
    return x.reshape(_check_shape(x, shape))


def _view_fwd(x, shape):
    shape = _check_shape(x, shape)
    try:
        return np.reshape(x, shape, copy=False)
    except ValueError:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        ) from None


def _reshape_compose(inputs, params, mask):
    x = inputs[0]
    if isinstance(x, Tensor):
        shape = _check_shape(x._data, params["shape"])
        try:
            np.reshape(x._data, shape, copy=False)
        except ValueError:
            # torch: a reshape that cannot be a view is clone() + _unsafe_view()
            return _ops.apply_internal("_unsafe_view", _ops.apply_internal("clone", x),
                                       shape=shape)
        if not x._data.flags.c_contiguous:
            # a view of a non-contiguous tensor: torch records _reshape_alias
            return _ops.apply_internal("_reshape_alias", x, shape=shape)
    return None


def _transpose_fwd(x, dim0=0, dim1=1):
    n = x.ndim
    if n == 0:
        _norm_dim(dim0, 0), _norm_dim(dim1, 0)
        return x
    return np.swapaxes(x, _norm_dim(dim0, n), _norm_dim(dim1, n))


def _transpose_vjp(g, out, x, dim0=0, dim1=1):
    if x.ndim == 0:
        return g
    return np.swapaxes(g, _norm_dim(dim0, x.ndim), _norm_dim(dim1, x.ndim))


def _t_fwd(x):
    if x.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {x.ndim}D")
    return x.T


def _permute_fwd(x, dims):
    dims = tuple(dims)
    if len(dims) != x.ndim:
        raise RuntimeError(
            f"permute(sparse_coo): number of dimensions in the tensor input does not match the "
            f"length of the desired ordering of dimensions i.e. input.dim() = {x.ndim} is not "
            f"equal to len(dims) = {len(dims)}")
    return np.transpose(x, tuple(_norm_dim(d, x.ndim) for d in dims))


def _permute_vjp(g, out, x, dims):
    return np.transpose(g, np.argsort([_norm_dim(d, x.ndim) for d in dims]))


def _unsqueeze_fwd(x, dim):
    return np.expand_dims(x, _norm_dim(dim, x.ndim + 1))


def _squeeze_fwd(x, dim=None):
    if dim is None:
        return np.squeeze(x)
    if x.ndim == 0:
        _norm_dim(dim, 0)
        return x
    d = _norm_dim(dim, x.ndim)
    return np.squeeze(x, d) if x.shape[d] == 1 else x


def _matmul_shapes_error(x, y):
    if x.ndim == 0 or y.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{x.ndim}D and {y.ndim}D")
    if x.ndim == 1 and y.ndim == 1 and x.shape[0] != y.shape[0]:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{x.shape[0]}] and src [{y.shape[0]}] "
            f"to have the same number of elements, but got {x.shape[0]} and {y.shape[0]} "
            f"elements respectively")
    if x.ndim == 2 and y.ndim == 1 and x.shape[1] != y.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({x.shape[0]}), mat ({x.shape[0]}x"
                           f"{x.shape[1]}), vec ({y.shape[0]})")
    xs = (1,) + x.shape if x.ndim == 1 else x.shape
    ys = y.shape + (1,) if y.ndim == 1 else y.shape
    if xs[-1] != ys[-2]:
        a = "x".join(str(s) for s in (int(np.prod(xs[:-1])), xs[-1]))
        b = "x".join(str(s) for s in ys[-2:])
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a} and {b})")


def _matmul_shape(x, y, *rest):
    """torch.matmul's result shape (None when the shapes do not multiply: the forward
    then raises torch's error)."""
    if x.ndim == 0 or y.ndim == 0:
        return None
    xs = (1,) + x.shape if x.ndim == 1 else x.shape
    ys = y.shape + (1,) if y.ndim == 1 else y.shape
    try:
        batch = np.broadcast_shapes(xs[:-2], ys[:-2])
    except ValueError:
        return None
    return batch + (xs[-2],) * (x.ndim > 1) + (ys[-1],) * (y.ndim > 1)


def _matmul_fwd(x, y):
    if x.ndim == 0 or y.ndim == 0 or x.shape[-1] != (y.shape[0] if y.ndim == 1 else y.shape[-2]):
        _matmul_shapes_error(x, y)
    return np.matmul(x, y)


def _matmul_vjp_x(g, out, x, y):
    if y.ndim == 1:
        gx = np.multiply.outer(g, y) if x.ndim > 1 else g * y
    elif x.ndim == 1:
        gx = np.matmul(g[..., None, :], np.swapaxes(y, -1, -2))[..., 0, :]
    else:
        gx = np.matmul(g, np.swapaxes(y, -1, -2))
    return _unbroadcast_batch(gx, x.shape)


def _matmul_vjp_y(g, out, x, y):
    if x.ndim == 1:
        gy = x[:, None] * g[..., None, :] if y.ndim > 1 else g * x
    elif y.ndim == 1:
        gy = np.matmul(np.swapaxes(x, -1, -2), g[..., None])[..., 0]
    else:
        gy = np.matmul(np.swapaxes(x, -1, -2), g)
    return _unbroadcast_batch(gy, y.shape)


def _unbroadcast_batch(gx, shape):
    if gx.shape != shape:
        return _ag._unbroadcast(gx, shape)
    return gx


def _matmul_compose(inputs, params, mask):
    """torch.matmul's dispatch (aten _matmul_impl), node for node, so grad_fn chains match."""
    x, y = inputs
    if not (isinstance(x, Tensor) and isinstance(y, Tensor)):
        return None
    a, b = x._data, y._data
    d1, d2 = a.ndim, b.ndim
    if d1 == 0 or d2 == 0:
        _matmul_shapes_error(a, b)
    if d1 == 1 and d2 == 1:
        return _ops.apply_op("dot", x, y)
    if d1 == 2 and d2 == 1:
        return _ops.apply_internal("mv", x, y)
    if d1 == 1 and d2 == 2:
        if a.shape[0] != b.shape[0]:
            _matmul_shapes_error(a, b)
        return _ops.apply_internal("_squeeze_dims",
                                   _ops.apply_op("mm", _ops.apply_op("unsqueeze", x, dim=0), y),
                                   dims=(0,))
    if d1 == 2 and d2 == 2:
        return _ops.apply_op("mm", x, y)
    m2 = b.shape[-2] if d2 > 1 else b.shape[0]
    if a.shape[-1] != m2:
        _matmul_shapes_error(a, b)
    if _should_fold(x, y):
        transpose = d2 > d1
        t1 = _ops.apply_op("transpose", y, dim0=-2, dim1=-1) if transpose else x
        t2 = (_ops.apply_op("t", x) if d1 == 2 else x) if transpose else y
        s1 = t1._data.shape
        out_shape = s1[:-1]
        folded = int(np.prod(out_shape))
        if t2._data.ndim == 2:
            out_shape = out_shape + (t2._data.shape[1],)
        t1f = _ops.apply_op("reshape", t1, shape=(folded, s1[-1]))
        if t2._data.ndim == 2:
            out = _ops.apply_internal("_unsafe_view", _ops.apply_op("mm", t1f, t2),
                                      shape=out_shape)
            if transpose:
                out = _ops.apply_op("transpose", out, dim0=-2, dim1=-1).contiguous()
            return out
        return _ops.apply_internal("_unsafe_view", _ops.apply_internal("mv", t1f, t2),
                                   shape=out_shape)
    n = a.shape[-2] if d1 > 1 else 1
    m1 = a.shape[-1]
    p = b.shape[-1] if d2 > 1 else 1
    if d1 == 3 and d2 == 3 and a.shape[0] != b.shape[0]:
        # torch squeezes a batch of one that requires grad and starts over (folds to mm)
        if a.shape[0] == 1 and x._rg:
            return _ops.apply_op("matmul", _ops.apply_op("squeeze", x, dim=0), y)
        if b.shape[0] == 1 and y._rg:
            return _ops.apply_op("matmul", x, _ops.apply_op("squeeze", y, dim=0))
    try:
        batch = np.broadcast_shapes(a.shape[:max(d1 - 2, 0)], b.shape[:max(d2 - 2, 0)])
    except ValueError:
        raise RuntimeError(_ops._broadcast_message(a.shape[:max(d1 - 2, 0)],
                                              b.shape[:max(d2 - 2, 0)])) from None
    nb = int(np.prod(batch))
    t1e = _ops.apply_op("reshape", _ops.apply_internal("expand", x, shape=batch + (n, m1)),
                   shape=(nb, n, m1))
    vector_rhs = d2 == 1
    t2e = _ops.apply_internal("expand", y, shape=batch + ((m2,) if vector_rhs else (m2, p)))
    if vector_rhs:
        t2e = _ops.apply_op("unsqueeze", _ops.apply_op("reshape", t2e, shape=(nb, m2)), dim=2)
    else:
        t2e = _ops.apply_op("reshape", t2e, shape=(nb, m2, p))
    out_shape = batch + ((n,) if d1 > 1 else ()) + ((p,) if d2 > 1 else ())
    out = _ops.apply_internal("bmm", t1e, t2e)
    if vector_rhs:
        out = _ops.apply_op("squeeze", out, dim=-1)
    return _ops.apply_internal("_unsafe_view", out, shape=out_shape)


def _should_fold(x, y) -> bool:
    a, b = x._data, y._data
    larger = a.ndim >= b.ndim
    t1 = a if larger else np.swapaxes(b, -1, -2)
    t2_rg = y._rg if larger else x._rg
    if not (t1.ndim >= 3 and (b.ndim if larger else a.ndim) <= 2):
        return False
    if t2_rg:
        return True
    if a.ndim == 2:
        return False
    if t1.size == 0:
        return True
    st, sh = t1.strides, t1.shape
    return all(st[i] == st[i + 1] * sh[i + 1] for i in range(t1.ndim - 2))


def _bmm_fwd(x, y):
    return np.matmul(x, y)


def _mm_fwd(x, y):
    if x.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if y.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    if x.shape[1] != y.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({x.shape[0]}x{x.shape[1]}"
                           f" and {y.shape[0]}x{y.shape[1]})")
    return x @ y


def _dot_fwd(x, y):
    if x.ndim != 1 or y.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {x.ndim}D and {y.ndim}D tensors")
    if x.shape[0] != y.shape[0]:
        _matmul_shapes_error(x, y)
    return np.dot(x, y)


def _clamp_fwd(x, min=None, max=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if x.dtype.kind not in "fc" and any(isinstance(v, (float, np.floating))
                                        for v in (min, max)):
        x = x.astype(_F32)  # a float bound promotes an integer tensor, as in torch
    if min is not None:
        x = np.maximum(x, np.asarray(min, dtype=x.dtype))
    if max is not None:
        x = np.minimum(x, np.asarray(max, dtype=x.dtype))
    return x


def _clamp_vjp(g, out, x, min=None, max=None):
    # torch's clamp_backward: the boundaries themselves pass the gradient (>= and <=)
    if min is not None and max is not None:
        keep = (x >= min) & (x <= max)
    elif min is not None:
        keep = x >= min
    else:
        keep = x <= max
    return np.where(keep, g, 0).astype(g.dtype, copy=False)


def _check_softmax_dtype(x, dim, name):
    if x.dtype.kind not in "fc":
        last = x.ndim == 0 or _norm_dim(dim, x.ndim) == x.ndim - 1
        kernel = f"{name}_lastdim_kernel_impl" if last else f"{name}_kernel_impl"
        raise RuntimeError(f'"{kernel}" not implemented for \'{_tname(x.dtype)}\'')


def _softmax_fwd(x, dim=-1):
    _check_softmax_dtype(x, dim, "softmax")
    if x.ndim == 0:
        _norm_dim(dim, 0)
        return np.ones_like(x)
    d = _norm_dim(dim, x.ndim)
    e = np.exp(x - np.max(x, axis=d, keepdims=True))
    return e / np.sum(e, axis=d, keepdims=True)


def _softmax_vjp(g, out, x, dim=-1):
    if x.ndim == 0:
        return np.zeros_like(g)
    d = _norm_dim(dim, x.ndim)
    return (g - np.sum(g * out, axis=d, keepdims=True)) * out


def _log_softmax_fwd(x, dim=-1):
    _check_softmax_dtype(x, dim, "log_softmax")
    if x.ndim == 0:
        _norm_dim(dim, 0)
        return np.zeros_like(x)
    d = _norm_dim(dim, x.ndim)
    s = x - np.max(x, axis=d, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=d, keepdims=True))


def _log_softmax_vjp(g, out, x, dim=-1):
    if x.ndim == 0:
        return np.zeros_like(g)
    d = _norm_dim(dim, x.ndim)
    return g - np.exp(out) * np.sum(g, axis=d, keepdims=True)


def _linear_fwd(x, w, b=None):
    out = _matmul_fwd(x, w.T)
    return out if b is None else out + b


def _linear_compose(inputs, params, mask):
    """F.linear as torch builds it: addmm for 2-D input with bias; flatten + addmm + view
    for other contiguous input with a 1-D bias; matmul(input, weight.t()) (+ bias) otherwise."""
    x = inputs[0]
    w = inputs[1]
    b = inputs[2] if len(inputs) > 2 else None
    if not isinstance(x, Tensor) or not isinstance(w, Tensor):
        return None
    xd = x._data
    if b is not None and xd.ndim == 2:
        return _ops.apply_internal("addmm", b, x, _ops.apply_op("t", w))
    if b is not None and xd.flags.c_contiguous and (xd.ndim == 3 or np.ndim(b._data) == 1):
        flat = _ops.apply_op("reshape", x, shape=(int(np.prod(xd.shape[:-1])), xd.shape[-1]))
        r = _ops.apply_internal("addmm", b, flat, _ops.apply_op("t", w))
        return _ops.apply_op("view", r, shape=xd.shape[:-1] + (r._data.shape[1],))
    r = _ops.apply_op("matmul", x, _ops.apply_op("t", w))
    return r if b is None else _ops.apply_op("add", r, b)


def _linear_vjp_x(g, out, x, w, b=None):
    return _matmul_vjp_x(g, out, x, w.T)


def _linear_vjp_w(g, out, x, w, b=None):
    return _matmul_vjp_y(g, out, x, w.T).T


def _linear_vjp_b(g, out, x, w, b=None):
    return _ag._unbroadcast(g, b.shape)


def _mse_fwd(x, y, reduction="mean"):
    d = (x - y) ** 2
    if reduction == "mean":
        return np.mean(d)
    if reduction == "sum":
        return np.sum(d)
    return d


def _mse_vjp_x(g, out, x, y, reduction="mean"):
    n = int(np.prod(np.broadcast_shapes(np.shape(x), np.shape(y))))
    norm = 2.0 / n if reduction == "mean" else 2.0
    return (x - y) * np.asarray(norm, dtype=g.dtype) * g


def _mse_vjp_y(g, out, x, y, reduction="mean"):
    return -_mse_vjp_x(g, out, x, y, reduction)


def _log_softmax_dim(x) -> int:
    return 0 if x.ndim in (0, 1, 3) else 1


def _cross_entropy_fwd(x, target, reduction="mean"):
    return _nll_fwd(_log_softmax_fwd(x, _log_softmax_dim(x) if x.ndim != 3 else 1), target,
                    reduction)


def _ce_dim(x) -> int:
    return 0 if x.ndim == 1 else 1


def _cross_entropy_compose(inputs, params, mask):
    x, target = inputs[0], inputs[1]
    if not isinstance(x, Tensor):
        return None
    tgt = target if isinstance(target, Tensor) else _wrap(_to_array(target, None))
    xd, td = x._data, tgt._data
    if td.dtype.kind != "f" and xd.ndim >= 2 and (td.ndim == 0 or td.shape[0] != xd.shape[0]):
        raise ValueError(f"Expected input batch_size ({xd.shape[0]}) to match target batch_size "
                         f"({td.shape[0] if td.ndim else 0}).")
    logp = _ops.apply_op("log_softmax", x, dim=_ce_dim(xd))
    if tgt._data.dtype.kind == "f":
        # probability targets: torch computes -(target * logp).sum() / N
        prod = _ops.apply_op("mul", logp, tgt)
        total = _ops.apply_op("neg", _ops.apply_op("sum", prod))
        red = params.get("reduction", "mean")
        if red == "mean":
            # C++ at::div(Tensor, Scalar): DivBackward1, one edge
            return _ops.apply_internal("_div_scalar", total,
                                       x._data.shape[0] if x._data.ndim > 1 else 1)
        return total
    return _ops.apply_internal("nll_loss", logp, tgt, reduction=params.get("reduction", "mean"))


def _cross_entropy_vjp_x(g, out, x, target, reduction="mean"):
    d = _ce_dim(x)
    logp = _log_softmax_fwd(x, d)
    gl = _nll_vjp(g, None, logp, target, reduction)
    return _log_softmax_vjp(gl, logp, x, d)


def _nll_fwd(logp, target, reduction="mean", ignore_index=-100):
    t = np.asarray(target)
    if t.dtype.kind not in "iu":
        raise RuntimeError(f"expected scalar type Long but found {_tname(t.dtype)}")
    c = logp.shape[0] if logp.ndim == 1 else logp.shape[1]
    valid = t != ignore_index
    if np.any((t[valid] < 0) | (t[valid] >= c)):
        bad = t[valid][(t[valid] < 0) | (t[valid] >= c)][0]
        raise IndexError(f"Target {int(bad)} is out of bounds.")
    if logp.ndim == 1:
        picked = logp[t] if valid else np.zeros((), logp.dtype)
        vals = -picked
        n = 1 if valid else 0
    else:
        safe = np.where(valid, t, 0)
        picked = np.take_along_axis(logp, safe[:, None], axis=1)[:, 0]
        vals = np.where(valid, -picked, 0).astype(logp.dtype)
        n = int(np.count_nonzero(valid))
    if reduction == "mean":
        return np.asarray(np.sum(vals) / logp.dtype.type(n), dtype=logp.dtype)
    if reduction == "sum":
        return np.asarray(np.sum(vals), dtype=logp.dtype)
    return vals


def _nll_vjp(g, out, logp, target, reduction="mean", ignore_index=-100):
    t = np.asarray(target)
    res = np.zeros_like(logp)
    valid = t != ignore_index
    if logp.ndim == 1:
        if valid:
            res[t] = -g if reduction != "mean" else -g
        return res
    n = int(np.count_nonzero(valid))
    rows = np.arange(logp.shape[0])[valid]
    if reduction == "none":
        res[rows, t[valid]] = -g[valid]
    elif reduction == "sum":
        res[rows, t[valid]] = -g
    else:
        res[rows, t[valid]] = -g / logp.dtype.type(n)
    return res


def _tname(dt) -> str:
    return {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int",
            "bool": "Bool"}.get(np.dtype(dt).name, str(dt))


def _where_fwd(c, x, y):
    return np.where(c, x, y)


# ---- pow: PyTorch's three variants and their conventions at 0
def _pow_vjp_x(g, out, x, y):
    if np.ndim(y) == 0 and y == 0:
        return np.zeros(np.broadcast_shapes(np.shape(g), np.shape(x)), dtype=g.dtype)
    return np.where(y == 0, 0, g * (y * x ** (y - 1))).astype(g.dtype, copy=False)


def _pow_vjp_y(g, out, x, y):
    # d/dy x**y = x**y log x; PyTorch returns 0 where x == 0 and y >= 0
    return np.where((x == 0) & (y >= 0), 0, g * (out * np.log(x))).astype(g.dtype, copy=False)


def _pow_name(params, mask):
    if mask[0]:
        return "PowBackward2"
    if mask[1]:
        return "PowBackward0"
    return "PowBackward1"


def _div_compose(inputs, params, mask):
    if mask[0] and not mask[1]:
        # torch computes `2 / x` as reciprocal(x) * 2
        return _ops.apply_op("mul", _ops.apply_op("reciprocal", inputs[1]), inputs[0])
    return None


def _scalar_first_swapped(mask):
    # `2 + x` is x.__radd__(2) == x + 2 in torch: the tensor comes first in next_functions
    return (1, 0) if mask[0] and not mask[1] else (0, 1)


def _only_tensors(mask):
    return tuple(i for i, m in enumerate(mask) if not m) or (0,)


def _sum_name(params, mask):
    # sum(dim=None, keepdim=True) already takes torch's sum.dim_IntList overload
    return "SumBackward0" if params.get("dim") is None and not params.get("keepdim") \
        else "SumBackward1"


def _mean_name(params, mask):
    return "MeanBackward0" if params.get("dim") is None and not params.get("keepdim") \
        else "MeanBackward1"


def _max_name(params, mask):
    return "MaxBackward1" if params.get("dim") is None else "MaxBackward0"


def _min_name(params, mask):
    return "MinBackward1" if params.get("dim") is None else "MinBackward0"


def _squeeze_name(params, mask):
    return "SqueezeBackward0" if params.get("dim") is None else "SqueezeBackward1"


def _sub_name(params, mask):
    return "RsubBackward1" if mask[0] and not mask[1] else "SubBackward0"


def _sub_edges(mask):
    return (1,) if mask[0] and not mask[1] else (0, 1)


def _pow_edges(mask):
    if mask[0] and not mask[1]:
        return (1,)
    if mask[1] and not mask[0]:
        return (0,)
    return (0, 1)


# ---- samples in each op's safe domain
def _positive(rng, shape, dtype):
    return _uniform(rng, shape, dtype, 0.5, 2.0)


def _any(rng, shape, dtype):
    return _uniform(rng, shape, dtype)


def _distinct(rng, shape, dtype):
    n = int(np.prod(shape)) if shape else 1
    vals = rng.permutation(n).astype(np.float64) * 0.5 - n * 0.25 + rng.uniform(-0.1, 0.1, n)
    return vals.reshape(shape).astype(dtype)


def _reduce_samples(rng, dtype, gen=_any):
    out = [((gen(rng, (), dtype),), {}), ((gen(rng, (3,), dtype),), {})]
    for dim in (None, 0, 1, -1, (0, 1)):
        for keepdim in (False, True):
            p = {} if dim is None and not keepdim else {"dim": dim, "keepdim": keepdim}
            out.append(((gen(rng, (2, 3), dtype),), p))
    out.append(((gen(rng, (3,), dtype),), {"dim": 0}))
    return out


def _extreme_samples(rng, dtype):
    out = [((_distinct(rng, (), dtype),), {}), ((_distinct(rng, (3,), dtype),), {}),
           ((_distinct(rng, (2, 3), dtype),), {})]
    for dim in (0, 1, -1):
        for keepdim in (False, True):
            p = {"dim": dim, "keepdim": keepdim}
            out.append(((_distinct(rng, (2, 3), dtype),), p))
    return out


def _clamp_samples(rng, dtype):
    def gen(shape):  # keep clear of the kinks at -0.5 and 0.5
        v = rng.uniform(0.1, 1.5, shape) * rng.choice([-1.0, 1.0], shape)
        v = np.where(np.abs(np.abs(v) - 0.5) < 0.05, v * 1.3, v)
        return v.astype(dtype)
    return [((gen((2, 3)),), {"min": -0.5, "max": 0.5}), ((gen((3,)),), {"min": -0.5}),
            ((gen(()),), {"max": 0.5}), ((gen((2, 3)),), {"min": -0.5, "max": 0.5})]


def _where_samples(rng, dtype):
    out = []
    for sx in SHAPES:
        for sy in SHAPES:
            if _broadcastable(sx, sy):
                sc = np.broadcast_shapes(sx, sy)
                out.append(((rng.random(sc) > 0.5, _any(rng, sx, dtype), _any(rng, sy, dtype)), {}))
    return out


def _matmul_samples(rng, dtype):
    shapes = [((3,), (3,)), ((2, 3), (3, 4)), ((2, 3), (3,)), ((3,), (3, 2)),
              ((2, 2, 3), (3, 2)), ((2, 2, 3), (2, 3, 2)), ((4, 3), (1, 3, 2))]
    return [((_any(rng, a, dtype), _any(rng, b, dtype)), {}) for a, b in shapes]


def _shape_samples(rng, dtype, params_list, shape=(2, 3)):
    return [((_any(rng, shape, dtype),), p) for p in params_list]


def _linear_samples(rng, dtype):
    return [((_any(rng, (4, 3), dtype), _any(rng, (2, 3), dtype), _any(rng, (2,), dtype)), {}),
            ((_any(rng, (3,), dtype), _any(rng, (2, 3), dtype), _any(rng, (2,), dtype)), {}),
            ((_any(rng, (4, 3), dtype), _any(rng, (2, 3), dtype)), {}),
            ((_any(rng, (3,), dtype), _any(rng, (2, 3), dtype)), {})]


def _mse_samples(rng, dtype):
    return [((_any(rng, s, dtype), _any(rng, s, dtype)), {}) for s in ((), (3,), (2, 3))]


def _ce_samples(rng, dtype):
    return [((_any(rng, (4, 3), dtype), rng.integers(0, 3, (4,))), {}),
            ((_any(rng, (3,), dtype), np.asarray(rng.integers(0, 3))), {}),
            ((_any(rng, (2, 5), dtype), np.array([4, 0])), {})]


def _norm_p(p) -> float:
    return 2.0 if p in ("fro", None) else float(p)


def _norm_fwd(x, p=2.0, dim=None, keepdim=False):
    """torch.linalg.vector_norm (what Tensor.norm records): (Σ|x|ᵖ)^(1/p), inf = max|x|."""
    p = _norm_p(p)
    axis = None if dim is None else (_dims(dim, x.ndim) if x.ndim else _check_0d_dims(dim))
    a = np.abs(x)
    if p == np.inf:
        return np.max(a, axis=axis, keepdims=keepdim) if a.size else np.zeros((), x.dtype)
    if p == 1:
        return np.sum(a, axis=axis, keepdims=keepdim)
    if p == 2:
        return np.sqrt(np.sum(a * a, axis=axis, keepdims=keepdim))
    return np.sum(a ** p, axis=axis, keepdims=keepdim) ** (1 / p)


def _norm_vjp(g, out, x, p=2.0, dim=None, keepdim=False):
    p = _norm_p(p)
    g = _expand_back(g, x, dim, keepdim)
    n = _expand_back(out, x, dim, keepdim)
    if p == np.inf:  # ties share the gradient, as in torch
        hit = np.abs(x) == n
        count = _expand_back(np.sum(hit, axis=None if dim is None else _dims(dim, x.ndim),
                                    keepdims=keepdim), x, dim, keepdim)
        return np.where(hit, np.sign(x) * g / np.maximum(count, 1), 0).astype(x.dtype)
    if p == 1:
        return np.sign(x) * g
    # x·|x|^(p−2) / ‖x‖^(p−1); zero where the norm is zero (torch masks that case)
    r = x * np.abs(x) ** (p - 2) / np.where(n == 0, 1, n ** (p - 1)) * g
    return np.where(n == 0, 0, r).astype(x.dtype, copy=False)


def _norm_samples(rng, dtype):
    return [((_away_from_zero(rng, (2, 3), dtype),), params) for params in (
        {}, {"dim": 1}, {"dim": 0, "keepdim": True}, {"p": 1.0}, {"p": 3.0, "dim": 1},
        {"p": float("inf")})] + [((_away_from_zero(rng, (3,), dtype),), {})]


def _round_fwd(x, decimals=0):
    return np.round(x, decimals)


def _bce_logits_fwd(x, t):
    # max(x, 0) − x·t + log(1 + e^(−|x|)): never overflows
    return np.mean(np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x))))


def _bce_samples(rng, dtype):
    return [((_any(rng, s, dtype), np.asarray(rng.uniform(0, 1, s), dtype=dtype)), {})
            for s in ((), (3,), (2, 3))]


def _bce_fwd(x, t):
    # torch clamps each log at -100, so a probability of exactly 0 or 1 gives a finite loss
    return -np.mean(t * np.maximum(np.log(x), -100) + (1 - t) * np.maximum(np.log1p(-x), -100))


def _bce_vjp_x(g, out, x, t):
    return g * (x - t) / np.maximum(x * (1 - x), _BCE_EPS) / max(x.size, 1)


_BCE_EPS = float(np.float32(1e-12))  # torch's EPSILON is a C float


def _bce_probability_samples(rng, dtype):
    return [((np.asarray(rng.uniform(0.05, 0.95, s), dtype=dtype),
              np.asarray(rng.uniform(0, 1, s), dtype=dtype)), {}) for s in ((), (3,), (2, 3))]


def _dot_samples(rng, dtype):
    return [((_any(rng, (3,), dtype), _any(rng, (3,), dtype)), {})]


def _mm_samples(rng, dtype):
    return [((_any(rng, (2, 3), dtype), _any(rng, (3, 4), dtype)), {}),
            ((_any(rng, (1, 1), dtype), _any(rng, (1, 2), dtype)), {})]


def _softmax_samples(rng, dtype):
    return [((_any(rng, (2, 3), dtype),), {"dim": d}) for d in (0, 1, -1)] + \
        [((_any(rng, (3,), dtype),), {"dim": 0})]


def _const(v):
    a = {dt: np.asarray(v, dtype=dt) for dt in (np.dtype(np.float32), np.dtype(np.float64))}
    for c in a.values():
        c.flags.writeable = False
    return a[np.dtype(np.float32)], a[np.dtype(np.float64)]


_ONE32, _ONE64 = _const(1)
_TWO32, _TWO64 = _const(2)


def _one_minus(t):
    """``1 - t``.  numpy converts a Python 1 afresh on every call, which costs more than the
    subtraction on a small array; a cached 1 of t's own float dtype gives the same result
    (1 and 2 are exact in every float type) at half the cost."""
    if type(t) is np.ndarray:
        dt = t.dtype
        if dt is _F32_:
            return _ONE32 - t
        if dt is _F64_:
            return _ONE64 - t
    return 1 - t


def _times2(t):
    """``2 * t`` (see _one_minus)."""
    if type(t) is np.ndarray:
        dt = t.dtype
        if dt is _F32_:
            return _TWO32 * t
        if dt is _F64_:
            return _TWO64 * t
    return 2 * t


_F32_ = np.dtype(np.float32)
_F64_ = np.dtype(np.float64)


# ============================================================================ the table
P_DIM = Param("dim", "dim", None, "dimension to reduce (None = all)")
P_KEEPDIM = Param("keepdim", "bool", False, "keep the reduced dimension with size 1")


def _op(name, arity, forward, vjps, grad_fn, label, category, doc, formulas, *,
        symbol=None, precedence=16, params=(), broadcast=False, saves=True, method=True,
        function=True, functional=False, samples=None, **extra) -> Op:
    return Op(name=name, arity=arity, forward=forward, vjps=tuple(vjps), grad_fn=grad_fn,
              label=label, symbol=symbol, precedence=precedence, params=tuple(params),
              category=category, doc=doc, formulas=tuple(formulas), broadcast=broadcast,
              saves=saves, method=method, function=function, functional=functional,
              samples=samples or _unary_samples(_any), **extra)


_BIN = dict(arity=2, broadcast=True, category="arithmetic")
_table = [
    # ---- arithmetic (Python operators)
    _op("add", forward=np.add, vjps=(lambda g, out, x, y: g, lambda g, out, x, y: g),
        grad_fn="AddBackward0", label="+", symbol="+", precedence=11, saves=False,
        doc="Elementwise sum x + y (broadcasting).", formulas=("∂(x+y)/∂x = 1", "∂(x+y)/∂y = 1"),
        samples=_binary_samples(_any, _any), edges=_scalar_first_swapped,
        passthrough=(True, True), **_BIN,
        reads=((), ()), inplace=True),
    _op("sub", forward=np.subtract, vjps=(lambda g, out, x, y: g, lambda g, out, x, y: -g),
        grad_fn=_sub_name, label="−", symbol="-", precedence=11, saves=False,
        doc="Elementwise difference x − y (broadcasting).",
        formulas=("∂(x−y)/∂x = 1", "∂(x−y)/∂y = −1"),
        samples=_binary_samples(_any, _any), edges=_sub_edges, passthrough=(True, False),
        **_BIN,
        reads=((), ()), inplace=True),
    _op("mul", forward=np.multiply, vjps=(lambda g, out, x, y: g * y, lambda g, out, x, y: g * x),
        grad_fn="MulBackward0", label="×", symbol="*", precedence=12,
        doc="Elementwise product x · y (broadcasting).",
        formulas=("∂(x·y)/∂x = y", "∂(x·y)/∂y = x"),
        samples=_binary_samples(_any, _any), edges=_scalar_first_swapped, **_BIN,
        reads=((1,), (0,)), inplace=True),
    _op("div", forward=np.true_divide,
        vjps=(lambda g, out, x, y: g / y, lambda g, out, x, y: -g * ((x / y) / y)),
        grad_fn="DivBackward0", label="÷", symbol="/", precedence=12,
        doc="Elementwise quotient x / y (broadcasting).",
        formulas=("∂(x/y)/∂x = 1/y", "∂(x/y)/∂y = −x/y²"),
        samples=_binary_samples(_any, _away_from_zero), compose=_div_compose,
        float_out=True, **_BIN,
        reads=((1,), (0, 1)), inplace=True),
    _op("pow", forward=np.power, vjps=(_pow_vjp_x, _pow_vjp_y), grad_fn=_pow_name,
        label="xʸ", symbol="**", precedence=14,
        doc="Elementwise power x ** y (broadcasting).",
        formulas=("∂(xʸ)/∂x = y·xʸ⁻¹", "∂(xʸ)/∂y = xʸ·ln x"),
        samples=_binary_samples(_positive, _any), edges=_pow_edges,
        input_names=("input", "exponent"), **_BIN,
        reads=((0, 1), (0, 1, "out")), inplace=True),
    _op("neg", arity=1, forward=np.negative, vjps=(lambda g, out, x: -g,), grad_fn="NegBackward0",
        label="−x", category="arithmetic", doc="Negation −x.", formulas=("∂(−x)/∂x = −1",),
        symbol="neg", precedence=13, saves=False, reads=((),), inplace=True),
    _op("reciprocal", arity=1, forward=np.reciprocal, vjps=(lambda g, out, x: -g * (out * out),),
        grad_fn="ReciprocalBackward0", label="1/x", category="arithmetic",
        doc="Reciprocal 1/x.", formulas=("∂(1/x)/∂x = −1/x²",),
        samples=_unary_samples(_away_from_zero), float_out=True, reads=(("out",),),
        inplace=True),
    # ---- elementwise math
    _op("exp", arity=1, forward=np.exp, vjps=(lambda g, out, x: g * out,), grad_fn="ExpBackward0",
        label="exp", category="elementwise", doc="Exponential eˣ.", formulas=("∂eˣ/∂x = eˣ",),
        float_out=True, reads=(("out",),), inplace=True),
    _op("log", arity=1, forward=np.log, vjps=(lambda g, out, x: g / x,), grad_fn="LogBackward0",
        label="log", category="elementwise", doc="Natural logarithm ln x.",
        formulas=("∂ln x/∂x = 1/x",), samples=_unary_samples(_positive), float_out=True,
        reads=((0,),), inplace=True),
    _op("sin", arity=1, forward=np.sin, vjps=(lambda g, out, x: g * np.cos(x),),
        grad_fn="SinBackward0", label="sin", category="elementwise", doc="Sine.",
        formulas=("∂sin x/∂x = cos x",), float_out=True, reads=((0,),), inplace=True),
    _op("cos", arity=1, forward=np.cos, vjps=(lambda g, out, x: g * -np.sin(x),),
        grad_fn="CosBackward0", label="cos", category="elementwise", doc="Cosine.",
        formulas=("∂cos x/∂x = −sin x",), float_out=True, reads=((0,),), inplace=True),
    _op("abs", arity=1, forward=np.abs, vjps=(lambda g, out, x: g * np.sign(x),),
        grad_fn="AbsBackward0", label="|x|", category="elementwise",
        doc="Absolute value (gradient 0 at 0, like PyTorch).", formulas=("∂|x|/∂x = sign(x)",),
        samples=_unary_samples(_away_from_zero), reads=((0,),), inplace=True),
    _op("sqrt", arity=1, forward=np.sqrt, vjps=(lambda g, out, x: g / _times2(out),),
        grad_fn="SqrtBackward0", label="√", category="elementwise",
        doc="Square root (gradient +inf at 0, like PyTorch).", formulas=("∂√x/∂x = 1/(2√x)",),
        samples=_unary_samples(_positive), float_out=True, reads=(("out",),), inplace=True),
    _op("square", arity=1, forward=np.square, vjps=(lambda g, out, x: g * _times2(x),),
        grad_fn="PowBackward0", label="x²", category="elementwise",
        doc="Square x² (torch records it as pow(x, 2)).", formulas=("∂x²/∂x = 2x",),
        reads=((0,),), inplace=True),
    # ---- activations
    _op("tanh", arity=1, forward=np.tanh, vjps=(lambda g, out, x: g * _one_minus(out * out),),
        grad_fn="TanhBackward0", label="tanh", category="activation",
        doc="Hyperbolic tangent.", formulas=("∂tanh x/∂x = 1 − tanh²x",), functional=True,
        float_out=True, reads=(("out",),), inplace=True),
    _op("sigmoid", arity=1, forward=lambda x: _sigmoid(x),
        vjps=(lambda g, out, x: g * _one_minus(out) * out,), grad_fn="SigmoidBackward0",
        label="σ", category="activation", doc="Logistic sigmoid 1/(1+e⁻ˣ).",
        formulas=("∂σ(x)/∂x = σ(x)(1 − σ(x))",), functional=True, float_out=True,
        reads=(("out",),), inplace=True),
    _op("relu", arity=1, forward=lambda x: np.maximum(x, 0, dtype=x.dtype),
        vjps=(lambda g, out, x: np.where(out <= 0, 0, g).astype(g.dtype, copy=False),),
        grad_fn="ReluBackward0", label="ReLU", category="activation",
        doc="max(x, 0) (gradient 0 at 0, like PyTorch).",
        formulas=("∂relu(x)/∂x = 1 if x > 0 else 0",), functional=True,
        samples=_unary_samples(_away_from_zero), reads=(("out",),), inplace=True),
    # ---- reductions
    _op("sum", arity=1, forward=_sum_fwd,
        vjps=(lambda g, out, x, dim=None, keepdim=False: _expand_back(g, x, dim, keepdim),),
        grad_fn=_sum_name, label="Σ",
        category="reduction", doc="Sum of all elements, or along dim.",
        formulas=("∂Σx/∂xᵢ = 1",), params=(P_DIM, P_KEEPDIM), saves=False,
        samples=_reduce_samples),
    _op("mean", arity=1, forward=_mean_fwd, vjps=(_mean_vjp,), grad_fn=_mean_name, label="mean",
        category="reduction", doc="Mean of all elements, or along dim.",
        formulas=("∂mean(x)/∂xᵢ = 1/n",), params=(P_DIM, P_KEEPDIM), saves=False,
        samples=_reduce_samples),
    _op("max", arity=1, forward=_extreme_fwd(np.max), vjps=(_extreme_vjp(np.argmax),),
        grad_fn=_max_name, label="max", category="reduction",
        doc="Maximum (ties share the gradient); along dim returns (values, indices).",
        formulas=("∂max(x)/∂xᵢ = 1 at the maximum (split among ties)",),
        params=(P_DIM, P_KEEPDIM), samples=_extreme_samples, reads=((0, "out"),)),
    _op("min", arity=1, forward=_extreme_fwd(np.min), vjps=(_extreme_vjp(np.argmin),),
        grad_fn=_min_name, label="min", category="reduction",
        doc="Minimum (ties share the gradient); along dim returns (values, indices).",
        formulas=("∂min(x)/∂xᵢ = 1 at the minimum (split among ties)",),
        params=(P_DIM, P_KEEPDIM), samples=_extreme_samples, reads=((0, "out"),)),
    _op("norm", arity=1, forward=_norm_fwd, vjps=(_norm_vjp,), grad_fn="LinalgVectorNormBackward0",
        label="‖x‖", category="reduction", doc="Vector p-norm (p = 2 unless given).",
        formulas=("∂‖x‖/∂x = x·|x|ᵖ⁻² / ‖x‖ᵖ⁻¹",),
        params=(Param("p", "float", 2.0, "the order p (inf: max |x|)"), P_DIM, P_KEEPDIM),
        samples=_norm_samples, reads=((0, "out"),)),
    # ---- shape
    _op("reshape", arity=1, forward=_reshape_fwd,
        vjps=(lambda g, out, x, shape: g.reshape(x.shape),), grad_fn="ViewBackward0",
        label="reshape", category="shape",
        doc="Same elements in a new shape (-1 infers a size).",
        formulas=("∂reshape(x)/∂x = reshape⁻¹ (identity on elements)",),
        params=(Param("shape", "shape", (-1,), "new shape"),), saves=False, view=True,
        compose=_reshape_compose,
        samples=lambda rng, dt: _shape_samples(rng, dt, [{"shape": (3, 2)}, {"shape": (6,)},
                                                          {"shape": (-1, 1)}])),
    _op("view", arity=1, forward=_view_fwd, vjps=(lambda g, out, x, shape: g.reshape(x.shape),),
        grad_fn="ViewBackward0", label="view", category="shape",
        doc="A view of the same elements in a new shape.",
        formulas=("∂view(x)/∂x = view⁻¹ (identity on elements)",),
        params=(Param("shape", "shape", (-1,), "new shape"),), saves=False, view=True,
        samples=lambda rng, dt: _shape_samples(rng, dt, [{"shape": (3, 2)}, {"shape": (6,)}])),
    _op("transpose", arity=1, forward=_transpose_fwd, vjps=(_transpose_vjp,),
        grad_fn="TransposeBackward0", label="transpose", category="shape",
        doc="Swap two dimensions.", formulas=("∂transpose(x)/∂x = transpose back",),
        params=(Param("dim0", "int", 0), Param("dim1", "int", 1)), saves=False, view=True,
        samples=lambda rng, dt: _shape_samples(rng, dt, [{"dim0": 0, "dim1": 1},
                                                          {"dim0": -1, "dim1": 0}])),
    _op("t", arity=1, forward=_t_fwd, vjps=(lambda g, out, x: g.T,), grad_fn="TBackward0",
        label="ᵀ", category="shape", doc="Transpose of a matrix (≤ 2-D).",
        formulas=("∂xᵀ/∂x = transpose back",), saves=False, view=True,
        samples=lambda rng, dt: _shape_samples(rng, dt, [{}]) + [((_any(rng, (3,), dt),), {})]),
    _op("permute", arity=1, forward=_permute_fwd, vjps=(_permute_vjp,), grad_fn="PermuteBackward0",
        label="permute", category="shape",
        doc="Reorder dimensions (x.T is permute of all dims reversed).",
        formulas=("∂permute(x)/∂x = inverse permutation",),
        params=(Param("dims", "shape", (1, 0), "new order of the dimensions"),), saves=False,
        view=True,
        samples=lambda rng, dt: _shape_samples(rng, dt, [{"dims": (1, 0)}, {"dims": (0, 1)}])),
    _op("unsqueeze", arity=1, forward=_unsqueeze_fwd,
        vjps=(lambda g, out, x, dim: g.reshape(x.shape),), grad_fn="UnsqueezeBackward0",
        label="unsqueeze", category="shape", doc="Insert a dimension of size 1.",
        formulas=("∂unsqueeze(x)/∂x = squeeze",), params=(Param("dim", "int", 0),),
        saves=False, view=True,
        samples=lambda rng, dt: _shape_samples(rng, dt, [{"dim": 0}, {"dim": -1}, {"dim": 1}])),
    _op("squeeze", arity=1, forward=_squeeze_fwd,
        vjps=(lambda g, out, x, dim=None: g.reshape(x.shape),), grad_fn=_squeeze_name,
        label="squeeze", category="shape", doc="Remove dimensions of size 1.",
        formulas=("∂squeeze(x)/∂x = unsqueeze",), params=(P_DIM,), saves=False, view=True,
        samples=lambda rng, dt: _shape_samples(rng, dt, [{}, {"dim": 0}, {"dim": 1}],
                                               (1, 3, 1))),
    # ---- linear algebra
    _op("matmul", arity=2, forward=_matmul_fwd, vjps=(_matmul_vjp_x, _matmul_vjp_y),
        grad_fn="MmBackward0", label="@", category="linear algebra",
        doc="Matrix product x @ y (dot, mv, mm or batched, as torch.matmul).",
        formulas=("∂(X@Y)/∂X = G @ Yᵀ", "∂(X@Y)/∂Y = Xᵀ @ G"), symbol="@", precedence=12,
        compose=_matmul_compose, samples=_matmul_samples, result_shape=_matmul_shape,
        reads=((1,), (0,))),
    _op("mm", arity=2, forward=_mm_fwd,
        vjps=(lambda g, out, x, y: g @ y.T, lambda g, out, x, y: x.T @ g),
        grad_fn="MmBackward0", label="mm", category="linear algebra",
        doc="Matrix product of two 2-D tensors.",
        formulas=("∂(X@Y)/∂X = G @ Yᵀ", "∂(X@Y)/∂Y = Xᵀ @ G"), input_names=("input", "mat2"),
        samples=_mm_samples, result_shape=_matmul_shape, reads=((1,), (0,))),
    _op("dot", arity=2, forward=_dot_fwd,
        vjps=(lambda g, out, x, y: g * y, lambda g, out, x, y: g * x), grad_fn="DotBackward0",
        label="·", category="linear algebra", doc="Dot product of two 1-D tensors.",
        formulas=("∂(x·y)/∂x = y", "∂(x·y)/∂y = x"), input_names=("input", "tensor"),
        samples=_dot_samples, reads=((1,), (0,))),
    # ---- elementwise with parameters
    _op("clamp", arity=1, forward=_clamp_fwd, vjps=(_clamp_vjp,), grad_fn="ClampBackward1",
        label="clamp", category="elementwise",
        doc="Limit values to [min, max] (boundaries pass the gradient, like PyTorch).",
        formulas=("∂clamp(x)/∂x = 1 if min ≤ x ≤ max else 0",),
        params=(Param("min", "float", None, "lower bound (None = none)"),
                Param("max", "float", None, "upper bound (None = none)")), samples=_clamp_samples,
        reads=((0,),), inplace=True),
    _op("round", arity=1, forward=_round_fwd,
        vjps=(lambda g, out, x, decimals=0: np.zeros_like(g),),
        grad_fn=lambda params, mask: ("RoundBackward1" if params.get("decimals")
                                      else "RoundBackward0"),
        label="round", category="elementwise", doc="Round (ties to even); gradient 0.",
        formulas=("∂round(x)/∂x = 0",),
        params=(Param("decimals", "int", 0, "decimal places"),), saves=False, reads=((),)),
    _op("where", arity=3, forward=_where_fwd,
        vjps=(None, lambda g, out, c, x, y: np.where(c, g, 0).astype(g.dtype, copy=False),
              lambda g, out, c, x, y: np.where(c, 0, g).astype(g.dtype, copy=False)),
        grad_fn="WhereBackward0", label="where", category="elementwise",
        doc="Pick x where condition holds, else y.",
        formulas=("", "∂where(c,x,y)/∂x = c", "∂where(c,x,y)/∂y = 1 − c"), broadcast=True,
        input_names=("condition", "input", "other"), nondiff=(0,), samples=_where_samples,
        reads=((0,), (0,), (0,))),
    _op("softmax", arity=1, forward=_softmax_fwd, vjps=(_softmax_vjp,), grad_fn="SoftmaxBackward0",
        label="softmax", category="activation", doc="exp(x) / Σ exp(x) along dim.",
        formulas=("∂softmax/∂x: g ↦ (g − Σ g·s)·s",), params=(Param("dim", "int", -1),),
        functional=True, samples=_softmax_samples, reads=(("out",),)),
    _op("log_softmax", arity=1, forward=_log_softmax_fwd, vjps=(_log_softmax_vjp,),
        grad_fn="LogSoftmaxBackward0", label="log softmax", category="activation",
        doc="log(softmax(x)) along dim, computed stably.",
        formulas=("∂log_softmax/∂x: g ↦ g − softmax·Σ g",), params=(Param("dim", "int", -1),),
        functional=True, samples=_softmax_samples, reads=(("out",),)),
    # ---- nn.functional
    _op("linear", arity=3, forward=_linear_fwd, vjps=(_linear_vjp_x, _linear_vjp_w, _linear_vjp_b),
        grad_fn=lambda params, mask: "AddmmBackward0", label="Linear",
        category="linear algebra", doc="x @ Wᵀ + b (weight (out, in), bias (out,) optional).",
        formulas=("∂(xWᵀ+b)/∂x = G @ W", "∂(xWᵀ+b)/∂W = Gᵀ @ x", "∂(xWᵀ+b)/∂b = Σ G"),
        method=False, function=False, functional=True, input_names=("input", "weight", "bias"),
        optional_inputs=1, compose=_linear_compose, samples=_linear_samples,
        result_shape=lambda x, w, b=None: _matmul_shape(x, w.T), reads=((1,), (0,), ())),
    _op("mse_loss", arity=2, forward=_mse_fwd, vjps=(_mse_vjp_x, _mse_vjp_y),
        grad_fn="MseLossBackward0", label="MSE", category="loss",
        doc="mean((input − target)²).",
        formulas=("∂L/∂input = 2(input − target)/n", "∂L/∂target = −2(input − target)/n"),
        method=False,
        function=False, functional=True, broadcast=True, input_names=("input", "target"),
        samples=_mse_samples, reads=((0, 1), (0, 1))),
    _op("cross_entropy", arity=2, forward=_cross_entropy_fwd, vjps=(_cross_entropy_vjp_x, None),
        grad_fn="NllLossBackward0", label="CE", category="loss",
        doc="Cross-entropy of logits (classes along dim 1) against class indices.",
        formulas=("∂L/∂logits = (softmax − onehot)/N", ""), method=False, function=False,
        functional=True, input_names=("input", "target"), nondiff=(1,),
        compose=_cross_entropy_compose, samples=_ce_samples, float_out=True, reads=((1,), ())),
    _op("binary_cross_entropy", arity=2, forward=_bce_fwd,
        vjps=(_bce_vjp_x, lambda g, out, x, t: g * (np.log1p(-x) - np.log(x)) / max(x.size, 1)),
        grad_fn="BinaryCrossEntropyBackward0", label="BCE", category="loss",
        doc="Binary cross-entropy of probabilities.",
        formulas=("∂L/∂x = (x − t)/(x(1 − x)n)", "∂L/∂t = (ln(1 − x) − ln x)/n"), method=False,
        function=False, functional=True, input_names=("input", "target"),
        samples=_bce_probability_samples, reads=((0, 1), (0,))),
    _op("binary_cross_entropy_with_logits", arity=2, forward=_bce_logits_fwd,
        vjps=(lambda g, out, x, t: g * (_sigmoid(x) - t) / max(x.size, 1),
         lambda g, out, x, t: g * -x / max(x.size, 1)),
        grad_fn="BinaryCrossEntropyWithLogitsBackward0", label="BCE logits", category="loss",
        doc="Binary cross-entropy of logits.",
        formulas=("∂L/∂x = (σ(x) − t)/n", "∂L/∂t = −x/n"), method=False, function=False,
        functional=True, input_names=("input", "target"), samples=_bce_samples,
        reads=((0, 1), (0,))),
]

# the convolution-network ops (conv2d, pooling, batch_norm) are declared in their own module
from .nn_ops import NN_INTERNAL_OPS as _NN_INTERNAL, NN_OPS as _NN_OPS  # noqa: E402
_table += _NN_OPS

# grouped by palette category (stable within a group), so the palette can list OPS in order
OPS: dict[str, Op] = {op.name: op for op in sorted(_table, key=lambda o: CATEGORIES.index(o.category))}


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# ---------------------------------------------------------------- internal graph nodes
def _select_fwd(x, dim, index):
    d = _norm_dim(dim, x.ndim)
    n = x.shape[d]
    if not (-n <= index < n):
        raise IndexError(f"index {index} is out of bounds for dimension {d} with size {n}")
    return x[(slice(None),) * d + (index, Ellipsis)]  # Ellipsis: a 0-d view, not a scalar copy


def _select_vjp(g, out, x, dim, index):
    res = np.zeros(x.shape, dtype=g.dtype)
    res[(slice(None),) * _norm_dim(dim, x.ndim) + (index,)] = g
    return res


def _slice_fwd(x, dim, start, stop, step):
    return x[(slice(None),) * dim + (slice(start, stop, step),)]


def _slice_vjp(g, out, x, dim, start, stop, step):
    res = np.zeros(x.shape, dtype=g.dtype)
    res[(slice(None),) * dim + (slice(start, stop, step),)] = g
    return res


def _index_fwd(x, key):
    return x[key]


def _index_vjp(g, out, x, key):
    res = np.zeros(x.shape, dtype=g.dtype)
    np.add.at(res, key, g)
    return res


def _mv_fwd(x, y):
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.shape[0]:
        _matmul_shapes_error(x, y)
    return x @ y


def _addmm_fwd(b, x, y):
    return b + _mm_fwd(x, y)


def _put_fwd(x, v, key):
    out = np.array(x, copy=True)
    out[key] = v
    return out


def _put_vjp_x(g, out, x, v, key):
    g = np.array(g, copy=True)
    g[key] = 0
    return g


def _put_vjp_v(g, out, x, v, key):
    return _ag._unbroadcast(np.asarray(g[key]), v.shape).astype(v.dtype, copy=False)


def _maximum_vjp(flip):
    def vjp(g, out, x, y):
        a, b = (y, x) if flip else (x, y)
        return np.where(a == b, g / 2, np.where(a < b, 0, g)).astype(g.dtype, copy=False)
    return vjp


def _internal(name, arity, forward, vjps, grad_fn, formulas=(), **kw) -> Op:
    kw.setdefault("saves", False)
    return _op(name, arity=arity, forward=forward, vjps=vjps, grad_fn=grad_fn, label=name,
               category=kw.pop("category", "shape"), doc=f"internal node {grad_fn}",
               formulas=formulas, method=False, function=False,
               samples=kw.pop("samples", lambda rng, dt: []), **kw)


_internal_table = [
    _internal("select", arity=1, forward=_select_fwd, vjps=(_select_vjp,),
              grad_fn="SelectBackward0", formulas=("∂x[i]/∂x = one-hot at i",), view=True),
    _internal("slice", arity=1, forward=_slice_fwd, vjps=(_slice_vjp,), grad_fn="SliceBackward0",
              formulas=("∂x[a:b]/∂x = 1 inside the slice",), view=True),
    _internal("index", arity=1, forward=_index_fwd, vjps=(_index_vjp,), grad_fn="IndexBackward0",
              formulas=("∂x[idx]/∂x = 1 at the indexed positions",), saves=True, reads=((),)),
    _internal("alias", arity=1, forward=lambda x: x.view(), vjps=(lambda g, out, x: g,),
              grad_fn="AliasBackward0", formulas=("1",), view=True),
    _internal("clone", arity=1, forward=lambda x: np.array(x, copy=True),
              vjps=(lambda g, out, x: g,), grad_fn="CloneBackward0",
              formulas=("∂clone(x)/∂x = 1",)),
    _internal("_unsafe_view", arity=1, forward=lambda x, shape: x.reshape(shape),
              vjps=(lambda g, out, x, shape: g.reshape(x.shape),),
              grad_fn="UnsafeViewBackward0", formulas=("identity on elements",)),
    _internal("_reshape_alias", arity=1, forward=lambda x, shape: np.reshape(x, shape, copy=False),
              vjps=(lambda g, out, x, shape: g.reshape(x.shape),),
              grad_fn="ReshapeAliasBackward0", formulas=("identity on elements",), view=True),
    _internal("_div_scalar", arity=2, forward=np.true_divide,
              vjps=(lambda g, out, x, y: g / y, None), grad_fn="DivBackward1",
              formulas=("∂(x/c)/∂x = 1/c", ""), edges=lambda mask: (0,), category="arithmetic",
              reads=((1,), ())),
    _internal("_to_copy", arity=1, forward=lambda x, dtype: x.astype(dtype),
              vjps=(lambda g, out, x, dtype: g.astype(x.dtype),), grad_fn="ToCopyBackward0",
              formulas=("∂x.to(dtype)/∂x = 1",)),
    _internal("_squeeze_dims", arity=1, forward=lambda x, dims: np.squeeze(x, tuple(dims)),
              vjps=(lambda g, out, x, dims: g.reshape(x.shape),), grad_fn="SqueezeBackward4",
              formulas=("∂squeeze(x)/∂x = unsqueeze",), view=True),
    _internal("expand", arity=1, forward=lambda x, shape: np.broadcast_to(x, shape),
              vjps=(lambda g, out, x, shape: _ag._unbroadcast(g, x.shape),),
              grad_fn="ExpandBackward0",
              formulas=("∂expand(x)/∂x = Σ over the expanded dims",), view=True,
              result_shape=lambda x, shape: tuple(shape)),
    _internal("bmm", arity=2, forward=_bmm_fwd,
              vjps=(lambda g, out, x, y: g @ np.swapaxes(y, -1, -2),
                                   lambda g, out, x, y: np.swapaxes(x, -1, -2) @ g),
              grad_fn="BmmBackward0", formulas=("∂(X@Y)/∂X = G @ Yᵀ", "∂(X@Y)/∂Y = Xᵀ @ G"),
              saves=True, category="linear algebra", result_shape=_matmul_shape,
              reads=((1,), (0,))),
    _internal("mv", arity=2, forward=_mv_fwd,
              vjps=(lambda g, out, x, y: np.multiply.outer(g, y),
                                 lambda g, out, x, y: x.T @ g), grad_fn="MvBackward0",
              formulas=("∂(A@v)/∂A = g vᵀ", "∂(A@v)/∂v = Aᵀ g"), saves=True,
              category="linear algebra", result_shape=_matmul_shape, reads=((1,), (0,))),
    _internal("addmm", arity=3, forward=_addmm_fwd,
              vjps=(lambda g, out, b, x, y: g, lambda g, out, b, x, y: g @ y.T,
               lambda g, out, b, x, y: x.T @ g), grad_fn="AddmmBackward0",
              formulas=("∂/∂b = G (summed over broadcast rows)", "∂/∂X = G @ Yᵀ", "∂/∂Y = Xᵀ @ G"),
              saves=True, saved_by=(False, True, True), broadcast=True,
              category="linear algebra", result_shape=lambda b, x, y: _matmul_shape(x, y),
              reads=((), (2,), (1,))),
    _internal("nll_loss", arity=2, forward=_nll_fwd,
              vjps=(lambda g, out, logp, t, reduction="mean":
                                        _nll_vjp(g, out, logp, t, reduction), None),
              grad_fn="NllLossBackward0", formulas=("∂L/∂logp = −onehot(target)/N", ""),
              saves=True, nondiff=(1,), category="loss", reads=((1,), ())),
    _internal("maximum", arity=2, forward=np.maximum,
              vjps=(_maximum_vjp(False), _maximum_vjp(True)), grad_fn="MaximumBackward0",
              formulas=("1 where x > y (½ at ties)", "1 where y > x (½ at ties)"), saves=True,
              broadcast=True, category="elementwise", reads=((0, 1), (0, 1))),
    _internal("minimum", arity=2, forward=np.minimum,
              vjps=(lambda g, out, x, y: _maximum_vjp(False)(g, out, -x, -y),
               lambda g, out, x, y: _maximum_vjp(True)(g, out, -x, -y)),
              grad_fn="MinimumBackward0",
              formulas=("1 where x < y (½ at ties)", "1 where y < x (½ at ties)"), saves=True,
              broadcast=True, category="elementwise", reads=((0, 1), (0, 1))),
]
_internal_table += [
    # the in-place ops with no out-of-place twin in the table (zero_, fill_, copy_)
    _internal("zero", arity=1, forward=np.zeros_like, vjps=(lambda g, out, x: np.zeros_like(g),),
              grad_fn="ZeroBackward0", formulas=("∂zero_(x)/∂x = 0",), reads=((),),
              category="elementwise"),
    _internal("fill", arity=1, forward=lambda x, value: np.full_like(x, value),
              vjps=(lambda g, out, x, value: np.zeros_like(g),), grad_fn="FillBackward2",
              formulas=("∂fill_(x, v)/∂x = 0",), reads=((),), category="elementwise"),
    _internal("copy", arity=2,
              forward=lambda x, src: np.broadcast_to(src, x.shape).astype(x.dtype),
              vjps=(lambda g, out, x, src: np.zeros_like(g),
               lambda g, out, x, src: _ag._unbroadcast(g, src.shape).astype(src.dtype)),
              grad_fn="CopyBackwards", formulas=("∂x.copy_(s)/∂x = 0", "∂x.copy_(s)/∂s = 1"),
              reads=((), ()), input_names=("input", "src"), category="elementwise",
              result_shape=lambda x, src: x.shape),
    # x[key] = v in a graph: the old values at key get no gradient, v gets g[key]
    _internal("copy_slices", arity=2, forward=_put_fwd, vjps=(_put_vjp_x, _put_vjp_v),
              grad_fn="CopySlices",
              formulas=("∂/∂x = 1 outside the written part", "∂/∂v = g[key]"), reads=((), ()),
              input_names=("input", "values"), category="elementwise"),
    _internal("index_put", arity=2, forward=_put_fwd, vjps=(_put_vjp_x, _put_vjp_v),
              grad_fn="IndexPutBackward0",
              formulas=("∂/∂x = 1 outside the written part", "∂/∂v = g[key]"), reads=((), ()),
              input_names=("input", "values"), category="elementwise"),
    # x.add_(y, alpha=a) / x.sub_(y, alpha=a): one node, as in torch
    _internal("add_alpha", arity=2, forward=lambda x, y, alpha: x + alpha * y,
              vjps=(lambda g, out, x, y, alpha: g, lambda g, out, x, y, alpha: g * alpha),
              grad_fn="AddBackward0", formulas=("∂(x+a·y)/∂x = 1", "∂(x+a·y)/∂y = a"),
              reads=((), ()), broadcast=True, category="arithmetic"),
    _internal("sub_alpha", arity=2, forward=lambda x, y, alpha: x - alpha * y,
              vjps=(lambda g, out, x, y, alpha: g, lambda g, out, x, y, alpha: g * -alpha),
              grad_fn="SubBackward0", formulas=("∂(x−a·y)/∂x = 1", "∂(x−a·y)/∂y = −a"),
              reads=((), ()), broadcast=True, category="arithmetic"),
]
INTERNAL_OPS: dict[str, Op] = {op.name: op for op in _internal_table + _NN_INTERNAL}


def lookup(name: str) -> Op:
    """An op by name, public (``OPS``) or internal (select, addmm, nll_loss ...)."""
    op = OPS.get(name)
    return op if op is not None else INTERNAL_OPS[name]
