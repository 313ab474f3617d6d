"""Named helpers of the op table (``engine/op_table.py``) for shapes and linear algebra:
reshape/view/transpose/permute/squeeze, matmul and its torch decompositions (mm, bmm, mv,
addmm, dot), linear, and the internal indexing nodes (select, slice, index, index_put).

In a VJP: ``g`` is the incoming gradient, ``out`` the result, ``x, y`` the inputs.
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from . import dispatch as _ops  # (at call time only: apply_op, apply_internal)
from .tensor import Tensor, _norm_dim


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


def mat_product(a, b):
    """``a @ b``.  When the inner size is 1 (an outer product) torch's CPU kernels give each
    entry as the one product a·b, while numpy's matmul adds it to a zero, which turns a -0.0
    into 0.0: there the plain products (the same numbers otherwise, bit for bit)."""
    if a.ndim >= 2 and b.ndim >= 2 and a.shape[-1] == 1 == b.shape[-2]:
        return np.multiply(a, b)     # (..., m, 1) * (..., 1, n): the outer products
    return np.matmul(a, b)


def _matmul_fwd(x, y):
    if x.ndim == 0 or y.ndim == 0 or x.shape[-1] != (y.shape[0] if y.ndim == 1 else y.shape[-2]):
        _matmul_shapes_error(x, y)
    return mat_product(x, y)


def _matmul_vjp_x(g, out, x, y):
    if y.ndim == 1:
        gx = np.multiply.outer(g, y) if x.ndim > 1 else g * y
    elif x.ndim == 1:
        gx = np.matmul(g[..., None, :], np.swapaxes(y, -1, -2))[..., 0, :]
    else:
        gx = mat_product(g, np.swapaxes(y, -1, -2))
    return _unbroadcast_batch(gx, x.shape)


def _matmul_vjp_y(g, out, x, y):
    if x.ndim == 1:
        gy = x[:, None] * g[..., None, :] if y.ndim > 1 else g * x
    elif y.ndim == 1:
        gy = np.matmul(np.swapaxes(x, -1, -2), g[..., None])[..., 0]
    else:
        gy = mat_product(np.swapaxes(x, -1, -2), g)
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
    if d1 <= 2 and d2 <= 2:
        return _matmul_matrices(x, y)
    m2 = b.shape[-2] if d2 > 1 else b.shape[0]
    if a.shape[-1] != m2:
        _matmul_shapes_error(a, b)
    if _should_fold(x, y):
        return _matmul_folded(x, y)
    if d1 == 3 and d2 == 3 and a.shape[0] != b.shape[0]:
        # torch squeezes a batch of one that requires grad and starts over (folds to mm)
        if a.shape[0] == 1 and x._rg:
            return _ops.apply_op("matmul", _ops.apply_op("squeeze", x, dim=0), y)
        if b.shape[0] == 1 and y._rg:
            return _ops.apply_op("matmul", x, _ops.apply_op("squeeze", y, dim=0))
    return _matmul_batched(x, y)


def _matmul_matrices(x: Tensor, y: Tensor) -> Tensor:
    """Vectors and matrices: dot, mv, mm (a vector on the left as a row matrix)."""
    a, b = x._data, y._data
    if a.ndim == 1 and b.ndim == 1:
        return _ops.apply_op("dot", x, y)
    if a.ndim == 2 and b.ndim == 1:
        return _ops.apply_internal("mv", x, y)
    if a.ndim == 1:
        if a.shape[0] != b.shape[0]:
            _matmul_shapes_error(a, b)
        return _ops.apply_internal("_squeeze_dims",
                                   _ops.apply_op("mm", _ops.apply_op("unsqueeze", x, dim=0), y),
                                   dims=(0,))
    return _ops.apply_op("mm", x, y)


def _matmul_folded(x: Tensor, y: Tensor) -> Tensor:
    """A batch against a matrix or vector: the batch folded into rows, one mm (or mv)."""
    d1, d2 = x._data.ndim, y._data.ndim
    transpose = d2 > d1
    t1 = _ops.apply_op("transpose", y, dim0=-2, dim1=-1) if transpose else x
    t2 = (_ops.apply_op("t", x) if d1 == 2 else x) if transpose else y
    s1 = t1._data.shape
    out_shape = s1[:-1]
    folded = int(np.prod(out_shape))
    t1f = _ops.apply_op("reshape", t1, shape=(folded, s1[-1]))
    if t2._data.ndim != 2:
        return _ops.apply_internal("_unsafe_view", _ops.apply_internal("mv", t1f, t2),
                                   shape=out_shape)
    out_shape = out_shape + (t2._data.shape[1],)
    out = _ops.apply_internal("_unsafe_view", _ops.apply_op("mm", t1f, t2), shape=out_shape)
    if transpose:
        out = _ops.apply_op("transpose", out, dim0=-2, dim1=-1).contiguous()
    return out


def _matmul_batched(x: Tensor, y: Tensor) -> Tensor:
    """Batches on both sides: broadcast the batch dims, expand, one bmm."""
    a, b = x._data, y._data
    d1, d2 = a.ndim, b.ndim
    n = a.shape[-2] if d1 > 1 else 1
    m1 = a.shape[-1]
    m2 = b.shape[-2] if d2 > 1 else b.shape[0]
    p = b.shape[-1] if d2 > 1 else 1
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
    return mat_product(x, y)


def _dot_fwd(x, y):
    if x.ndim != 1 or y.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {x.ndim}D and {y.ndim}D tensors")
    if x.shape[0] != y.shape[0]:
        _matmul_shapes_error(x, y)
    return np.dot(x, y)


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


def sort_order(x, dim, descending):
    """The indices that sort ``x`` along ``dim`` (stable: ties keep their order)."""
    return np.argsort(-x if descending else x, axis=dim, kind="stable")


def _sort_fwd(x, dim=-1, descending=False):
    return np.take_along_axis(x, sort_order(x, dim, descending), axis=dim)


def _sort_vjp(g, out, x, dim=-1, descending=False):
    # each sorted value's gradient goes back to the place it came from
    res = np.zeros(x.shape, dtype=g.dtype)
    np.put_along_axis(res, sort_order(x, dim, descending), g, axis=dim)
    return res


def _index_add_fwd(x, source, dim, index):
    out = np.array(x, copy=True)
    moved = np.moveaxis(out, dim, 0)          # a view: adding into it adds into out
    np.add.at(moved, index, np.moveaxis(source, dim, 0))
    return out


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
