"""Independent numpy references for the convolution-network ops (conv2d, pooling,
batch_norm): direct loops over output positions, written from torch's documented
definitions, sharing no code with the engine's im2col kernels.  Merged into the op-table
tests' REFERENCE table."""
from __future__ import annotations

import math

import numpy as np


def _pair(v):
    if isinstance(v, (list, tuple)):
        return (v[0], v[0]) if len(v) == 1 else tuple(v)
    return (v, v)


def _unbatched(fn):
    def ref(x, *args, **kwargs):
        return fn(x[None], *args, **kwargs)[0] if x.ndim == 3 else fn(x, *args, **kwargs)
    return ref


def conv2d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    sh, sw = _pair(stride)
    dh, dw = _pair(dilation)
    o, cg, kh, kw = w.shape
    if padding == "same":
        th, tw = dh * (kh - 1), dw * (kw - 1)
        pads = (th // 2, th - th // 2, tw // 2, tw - tw // 2)
    elif padding == "valid":
        pads = (0, 0, 0, 0)
    else:
        ph, pw = _pair(padding)
        pads = (ph, ph, pw, pw)
    xp = np.pad(x, ((0, 0), (0, 0), pads[:2], pads[2:]))
    n = x.shape[0]
    ho = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
    wo = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((n, o, ho, wo), dtype=np.result_type(x, w))
    og = o // groups
    for oc in range(o):
        grp = oc // og
        for i in range(ho):
            for j in range(wo):
                patch = xp[:, grp * cg:(grp + 1) * cg,
                           i * sh:i * sh + dh * (kh - 1) + 1:dh,
                           j * sw:j * sw + dw * (kw - 1) + 1:dw]
                out[:, oc, i, j] = np.sum(patch * w[oc], axis=(1, 2, 3))
        if b is not None:
            out[:, oc] += b[oc]
    return out


def _out_size(size, k, s, p, d, ceil_mode):
    num = size + 2 * p - d * (k - 1) - 1
    out = (math.ceil(num / s) if ceil_mode else num // s) + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


def _pool(x, kernel_size, stride, padding, dilation, ceil_mode, reduce):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride if stride is not None else kernel_size)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    h, w = x.shape[2:]
    ho = _out_size(h, kh, sh, ph, dh, ceil_mode)
    wo = _out_size(w, kw, sw, pw, dw, ceil_mode)
    out = np.zeros(x.shape[:2] + (ho, wo), dtype=x.dtype)
    for i in range(ho):
        for j in range(wo):
            rows = [i * sh - ph + a * dh for a in range(kh)]
            cols = [j * sw - pw + c * dw for c in range(kw)]
            out[:, :, i, j] = reduce(x, rows, cols, (h, w))
    return out


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    def reduce(x, rows, cols, hw):
        rs = [r for r in rows if 0 <= r < hw[0]]
        cs = [c for c in cols if 0 <= c < hw[1]]
        return x[:, :, rs][:, :, :, cs].max(axis=(2, 3))
    return _pool(x, kernel_size, stride, padding, dilation, ceil_mode, reduce)


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    ph, pw = _pair(padding)

    def reduce(x, rows, cols, hw):
        rs = [r for r in rows if 0 <= r < hw[0]]
        cs = [c for c in cols if 0 <= c < hw[1]]
        total = x[:, :, rs][:, :, :, cs].sum(axis=(2, 3))
        if divisor_override:
            return total / divisor_override
        if count_include_pad:   # the window clipped to the padded input
            n = (sum(1 for r in rows if r < hw[0] + ph)
                 * sum(1 for c in cols if c < hw[1] + pw))
        else:
            n = len(rs) * len(cs)
        return total / n
    return _pool(x, kernel_size, stride, padding, 1, ceil_mode, reduce)


def adaptive_avg_pool2d(x, output_size):
    oh, ow = (output_size, output_size) if isinstance(output_size, int) else output_size
    h, w = x.shape[2:]
    out = np.zeros(x.shape[:2] + (oh, ow), dtype=x.dtype)
    for i in range(oh):
        for j in range(ow):
            r0, r1 = (i * h) // oh, math.ceil((i + 1) * h / oh)
            c0, c1 = (j * w) // ow, math.ceil((j + 1) * w / ow)
            out[:, :, i, j] = x[:, :, r0:r1, c0:c1].mean(axis=(2, 3))
    return out


def batch_norm(x, running_mean=None, running_var=None, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    axes = tuple(i for i in range(x.ndim) if i != 1)
    shape = [1] * x.ndim
    shape[1] = x.shape[1]
    if training:
        mean, var = x.mean(axis=axes), x.var(axis=axes)
    else:
        mean, var = running_mean, running_var
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y


REFERENCE = {"conv2d": _unbatched(conv2d), "max_pool2d": _unbatched(max_pool2d),
             "avg_pool2d": _unbatched(avg_pool2d),
             "adaptive_avg_pool2d": _unbatched(adaptive_avg_pool2d), "batch_norm": batch_norm}
