"""Numpy kernels for the convolution-network ops (conv2d, pooling, batch norm).

Plain functions on numpy arrays, no Tensor and no graph: ``engine/nn_ops.py`` wraps them
as op-table entries.  Convolution is im2col: the input's sliding windows are a strided
*view* (``as_strided``), copied once into a column matrix that a single BLAS matmul
multiplies by the weights; the input gradient scatters columns back (col2im) with one
strided add per kernel position.  Everything works in the input's dtype (float32 stays
float32, as torch's CPU kernels do).

Conventions: 4-D inputs ``(N, C, H, W)``, ``pads`` is ``(top, bottom, left, right)``,
``stride`` and ``dilation`` are pairs.
"""
from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

__all__ = ["pair", "conv_out_size", "pool_out_size", "conv2d", "conv2d_input_grad",
           "conv2d_weight_grad", "max_pool2d", "max_pool2d_scatter", "max_pool2d_gather",
           "avg_pool2d", "avg_pool2d_backward", "adaptive_matrices", "batch_norm_stats"]


def pair(v, name: str = "value") -> tuple:
    """An int or a 1- or 2-sequence as a pair (torch expands a single value)."""
    if isinstance(v, (list, tuple)):
        if len(v) == 1:
            return (int(v[0]), int(v[0]))
        if len(v) == 2:
            return (int(v[0]), int(v[1]))
        raise RuntimeError(f"expected {name} to be a single integer value or a list of 2 values "
                           f"to match the convolution dimensions, but got {name}={list(v)}")
    return (int(v), int(v))


def conv_out_size(size: int, k: int, stride: int, pad_total: int, dilation: int) -> int:
    return (size + pad_total - dilation * (k - 1) - 1) // stride + 1


def pool_out_size(size: int, k: int, stride: int, pad: int, dilation: int, ceil_mode: bool) -> int:
    """torch's pooling_output_shape: ceil mode may add a window, but never one that starts
    in the right padding."""
    num = size + 2 * pad - dilation * (k - 1) - 1 + (stride - 1 if ceil_mode else 0)
    out = num // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad:
        out -= 1
    return out


# ----------------------------------------------------------------------------- windows
def _pad(x: np.ndarray, pads: tuple, value=0.0) -> np.ndarray:
    t, b, l, r = pads
    if not (t or b or l or r):
        return x
    return np.pad(x, ((0, 0), (0, 0), (t, b), (l, r)), constant_values=value)


def _windows(xp: np.ndarray, k: tuple, stride: tuple, dilation: tuple, out_hw: tuple):
    """View (N, C, kh, kw, Ho, Wo) of the padded input's windows (no copy)."""
    n, c = xp.shape[:2]
    sn, sc, sh, sw = xp.strides
    return as_strided(xp, (n, c, k[0], k[1], out_hw[0], out_hw[1]),
                      (sn, sc, sh * dilation[0], sw * dilation[1], sh * stride[0], sw * stride[1]),
                      writeable=False)


def _columns(x, k, stride, pads, dilation, out_hw, groups):
    """im2col: (G, C/G·kh·kw, N·Ho·Wo), one contiguous copy of the windows.  Samples go
    along the columns so that each group is a single large matrix product (one BLAS call
    with a long inner dimension beats N small ones at ResNet's 2×2 and 4×4 layers)."""
    n, c = x.shape[:2]
    kh, kw = k
    if kh == kw == 1 and not any(pads):
        # a 1×1 kernel needs no window copy: strided slicing picks the pixels
        xs = x[:, :, ::stride[0], ::stride[1]][:, :, :out_hw[0], :out_hw[1]]
        cols = np.ascontiguousarray(xs.transpose(1, 0, 2, 3))
    else:
        win = _windows(_pad(x, pads), k, stride, dilation, out_hw)   # (N, C, kh, kw, Ho, Wo)
        cols = np.ascontiguousarray(win.transpose(1, 2, 3, 0, 4, 5))  # rows in weight order
    return cols.reshape(groups, (c // groups) * kh * kw, n * out_hw[0] * out_hw[1])


def _col2im(dcols, x_shape, k, stride, pads, dilation, out_hw):
    """Adjoint of im2col: add each kernel position's column back where it was read."""
    n, c, h, w = x_shape
    t, b, l, r = pads
    kh, kw = k
    ho, wo = out_hw
    dcols = dcols.reshape(c, kh, kw, n, ho, wo)
    gp = np.zeros((c, n, h + t + b, w + l + r), dtype=dcols.dtype)
    for p in range(kh):
        r0 = p * dilation[0]
        for q in range(kw):
            c0 = q * dilation[1]
            gp[:, :, r0:r0 + stride[0] * (ho - 1) + 1:stride[0],
               c0:c0 + stride[1] * (wo - 1) + 1:stride[1]] += dcols[:, p, q]
    return gp[:, :, t:t + h, l:l + w].transpose(1, 0, 2, 3)


def _by_channel(g, groups):
    """(N, O, Ho, Wo) -> (G, O/G, N·Ho·Wo), the layout the column matrix multiplies."""
    n, o = g.shape[:2]
    return np.ascontiguousarray(g.transpose(1, 0, 2, 3)).reshape(groups, o // groups, -1)


# ----------------------------------------------------------------------------- convolution
def conv2d(x, w, b, stride, pads, dilation, groups):
    """out[n, o] = Σ_c,p,q w[o, c, p, q] · x_pad[n, c, i·s + p·d, j·s + q·d] (+ b[o])."""
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    ho = conv_out_size(h, kh, stride[0], pads[0] + pads[1], dilation[0])
    wo = conv_out_size(wd, kw, stride[1], pads[2] + pads[3], dilation[1])
    cols = _columns(x, (kh, kw), stride, pads, dilation, (ho, wo), groups)
    wm = w.reshape(groups, o // groups, -1)
    out = np.matmul(wm, cols).reshape(o, n, ho, wo)  # BLAS: one product per group
    if b is not None:
        out += b.reshape(o, 1, 1, 1)
    return np.ascontiguousarray(out.transpose(1, 0, 2, 3))


def conv2d_input_grad(g, w, x_hw, stride, pads, dilation, groups):
    """∂⟨conv2d(x, w), g⟩/∂x: the columns' gradient Wᵀ·g, scattered back (col2im)."""
    n, o, ho, wo = g.shape
    _, cg, kh, kw = w.shape
    wm = w.reshape(groups, o // groups, cg * kh * kw)
    dcols = np.matmul(wm.transpose(0, 2, 1), _by_channel(g, groups))  # (G, Cg·kh·kw, N·Ho·Wo)
    return _col2im(dcols, (n, cg * groups) + tuple(x_hw), (kh, kw), stride, pads, dilation,
                   (ho, wo))


def conv2d_weight_grad(x, g, w_shape, stride, pads, dilation, groups):
    """∂⟨conv2d(x, w), g⟩/∂w: g · columnsᵀ, summed over samples and positions by the product."""
    n, o, ho, wo = g.shape
    cols = _columns(x, tuple(w_shape[2:]), stride, pads, dilation, (ho, wo), groups)
    gw = np.matmul(_by_channel(g, groups), cols.transpose(0, 2, 1))  # (G, Og, Cg·kh·kw)
    return gw.reshape(w_shape)


# ----------------------------------------------------------------------------- pooling
def _pool_geometry(x_shape, k, stride, padding, dilation, ceil_mode):
    h, w = x_shape[2:]
    ho = pool_out_size(h, k[0], stride[0], padding[0], dilation[0], ceil_mode)
    wo = pool_out_size(w, k[1], stride[1], padding[1], dilation[1], ceil_mode)
    # ceil mode's last window may run past the right padding: pad far enough to read it
    bottom = max(padding[0], (ho - 1) * stride[0] + dilation[0] * (k[0] - 1) + 1 - h - padding[0])
    right = max(padding[1], (wo - 1) * stride[1] + dilation[1] * (k[1] - 1) + 1 - w - padding[1])
    return (ho, wo), (padding[0], bottom, padding[1], right)


def _window_slices(xp, k, stride, dilation, out_hw):
    """Each kernel position (p, q) with the strided slice of the padded input it reads."""
    for p in range(k[0]):
        r0 = p * dilation[0]
        for q in range(k[1]):
            c0 = q * dilation[1]
            yield p, q, xp[:, :, r0:r0 + stride[0] * (out_hw[0] - 1) + 1:stride[0],
                           c0:c0 + stride[1] * (out_hw[1] - 1) + 1:stride[1]]


def max_pool2d(x, k, stride, padding, dilation, ceil_mode, with_indices=True):
    """(values, flat indices into each H·W plane), as torch's max_pool2d_with_indices.
    The first maximum of a window wins; NaN counts as the maximum (torch propagates it)."""
    (ho, wo), pads = _pool_geometry(x.shape, k, stride, padding, dilation, ceil_mode)
    xp = _pad(x, pads, value=-np.inf)
    out = None
    for _p, _q, sl in _window_slices(xp, k, stride, dilation, (ho, wo)):
        out = np.array(sl) if out is None else np.maximum(out, sl, out=out)
    if not with_indices:
        return out, None
    idx = np.full(out.shape, -1, dtype=np.int64)
    rows = np.arange(ho).reshape(-1, 1) * stride[0] - padding[0]
    cols = np.arange(wo) * stride[1] - padding[1]
    nan = np.isnan(out)
    for p, q, sl in _window_slices(xp, k, stride, dilation, (ho, wo)):
        hit = (sl == out) | (nan & np.isnan(sl))
        hit &= idx < 0
        flat = (rows + p * dilation[0]) * x.shape[3] + cols + q * dilation[1]
        np.copyto(idx, np.broadcast_to(flat, idx.shape), where=hit)
    return out, idx


def max_pool2d_scatter(g, idx, hw):
    """Adjoint of gathering at ``idx``: each output's gradient added at its input (windows
    that overlap may pick the same input: they add up)."""
    n, c = g.shape[:2]
    size = hw[0] * hw[1]
    base = (np.arange(n * c, dtype=np.int64) * size).reshape(n, c, 1, 1)
    res = np.bincount((idx + base).ravel(), weights=g.ravel(), minlength=n * c * size)
    return res.astype(g.dtype, copy=False).reshape(n, c, hw[0], hw[1])


def max_pool2d_gather(x, idx):
    """x picked at the pooling indices (the max pool itself, for a given argmax)."""
    n, c = x.shape[:2]
    return np.take_along_axis(x.reshape(n, c, -1), idx.reshape(n, c, -1), axis=2).reshape(idx.shape)


def _avg_divisor(x_shape, k, stride, padding, out_hw, count_include_pad, divisor_override):
    """Per output position, what torch divides the window sum by."""
    if divisor_override:
        return divisor_override
    h, w = x_shape[2:]

    def sizes(n_out, size, kk, s, pad):
        start = np.arange(n_out) * s - pad
        end = np.minimum(start + kk, size + pad)   # windows clipped to the padded input
        if count_include_pad:
            return end - start
        return np.minimum(end, size) - np.maximum(start, 0)

    return np.multiply.outer(sizes(out_hw[0], h, k[0], stride[0], padding[0]),
                             sizes(out_hw[1], w, k[1], stride[1], padding[1]))


def avg_pool2d(x, k, stride, padding, ceil_mode, count_include_pad, divisor_override):
    (ho, wo), pads = _pool_geometry(x.shape, k, stride, padding, (1, 1), ceil_mode)
    xp = _pad(x, pads)
    total = np.zeros(x.shape[:2] + (ho, wo), dtype=x.dtype)
    for p in range(k[0]):
        for q in range(k[1]):
            total += xp[:, :, p:p + stride[0] * (ho - 1) + 1:stride[0],
                        q:q + stride[1] * (wo - 1) + 1:stride[1]]
    div = _avg_divisor(x.shape, k, stride, padding, (ho, wo), count_include_pad, divisor_override)
    return total / np.asarray(div, dtype=x.dtype)


def avg_pool2d_backward(g, x_hw, k, stride, padding, ceil_mode, count_include_pad,
                        divisor_override):
    """Adjoint of avg_pool2d: each output's g / divisor spread over its window."""
    x_shape = g.shape[:2] + tuple(x_hw)
    (ho, wo), pads = _pool_geometry(x_shape, k, stride, padding, (1, 1), ceil_mode)
    div = _avg_divisor(x_shape, k, stride, padding, (ho, wo), count_include_pad, divisor_override)
    gd = g / np.asarray(div, dtype=g.dtype)
    t, b, l, r = pads
    gp = np.zeros(g.shape[:2] + (x_hw[0] + t + b, x_hw[1] + l + r), dtype=g.dtype)
    for p in range(k[0]):
        for q in range(k[1]):
            gp[:, :, p:p + stride[0] * (ho - 1) + 1:stride[0],
               q:q + stride[1] * (wo - 1) + 1:stride[1]] += gd
    return gp[:, :, t:t + x_hw[0], l:l + x_hw[1]]


def adaptive_matrices(in_hw, out_hw, dtype):
    """Averaging matrices A (Ho×H), B (Wo×W) with adaptive_avg_pool2d(x) = A·x·Bᵀ per plane:
    torch's windows [⌊i·H/Ho⌋, ⌈(i+1)·H/Ho⌉) are rectangles, so the mean factorises."""
    def one(size, n_out):
        m = np.zeros((n_out, size), dtype=dtype)
        for i in range(n_out):
            s, e = (i * size) // n_out, -((-(i + 1) * size) // n_out)
            m[i, s:e] = 1.0 / (e - s)
        return m
    return one(in_hw[0], out_hw[0]), one(in_hw[1], out_hw[1])


# ----------------------------------------------------------------------------- batch norm
def batch_norm_stats(x):
    """Per-channel mean and biased variance over every axis but 1, and the count."""
    axes = (0,) + tuple(range(2, x.ndim))
    mean = x.mean(axis=axes)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    var = ((x - mean.reshape(shape)) ** 2).mean(axis=axes)
    return mean, var, int(math.prod(x.shape)) // max(x.shape[1], 1)
