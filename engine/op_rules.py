"""Named helpers of the op table (``engine/op_table.py``): forwards, VJPs, composite ops and
grad_fn names too long for one line of the table (reductions, clamp, softmax, losses, norm,
pow's conventions at 0), as PyTorch's ``derivatives.yaml`` keeps long formulas in named
functions.  Shapes and linear algebra are in ``op_rules_shape.py``.

In a VJP: ``g`` is the incoming gradient, ``out`` the result, ``x, y`` the inputs.
"""
from __future__ import annotations

import numpy as np

from . import dispatch as _ops  # (at call time only: apply_op, apply_internal)
from .tensor import Tensor, _norm_dim, _to_array, _wrap


_F32 = np.dtype(np.float32)


_F64 = np.dtype(np.float64)


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
    if p == 0:   # the number of non-zero elements
        return np.asarray(np.sum(a != 0, axis=axis, keepdims=keepdim), dtype=x.dtype)
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
    if p == 0:
        return np.zeros_like(x)
    # x·|x|^(p−2) / ‖x‖^(p−1); zero where the norm is zero (torch masks that case)
    r = x * np.abs(x) ** (p - 2) / np.where(n == 0, 1, n ** (p - 1)) * g
    return np.where(n == 0, 0, r).astype(x.dtype, copy=False)


def _round_fwd(x, decimals=0):
    return np.round(x, decimals)


def _bce_logits_fwd(x, t):
    # max(x, 0) − x·t + log(1 + e^(−|x|)): never overflows
    return np.mean(np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x))))


def _bce_fwd(x, t):
    # torch clamps each log at -100, so a probability of exactly 0 or 1 gives a finite loss
    return -np.mean(t * np.maximum(np.log(x), -100) + (1 - t) * np.maximum(np.log1p(-x), -100))


def _bce_vjp_x(g, out, x, t):
    return g * (x - t) / np.maximum(x * (1 - x), _BCE_EPS) / max(x.size, 1)


_BCE_EPS = float(np.float32(1e-12))  # torch's EPSILON is a C float


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


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _maximum_vjp(flip):
    def vjp(g, out, x, y):
        a, b = (y, x) if flip else (x, y)
        return np.where(a == b, g / 2, np.where(a < b, 0, g)).astype(g.dtype, copy=False)
    return vjp
