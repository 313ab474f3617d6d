"""The convolution-network ops of the op table: conv2d, max_pool2d, avg_pool2d,
adaptive_avg_pool2d and batch_norm, with torch's grad_fn names and signatures.

Each entry is an ``op_table.Op`` like any other (numpy forward, one VJP per input, sample
inputs for the generic tests); the numpy kernels live in ``engine/conv.py``.  The table
module adds ``NN_OPS`` to ``OPS`` (graph-editor ops, ``F.<name>`` generated; ``F.batch_norm``
is written by hand, as it also updates the running statistics) and ``NN_INTERNAL_OPS`` to
``INTERNAL_OPS`` (the nodes of second derivatives); their double-backward rules (written with
engine ops, so gradients of gradients work and forward mode gets its JVPs from them) are in
``nn_ops_graph``.

Names recorded from torch 2.13: ``ConvolutionBackward0``, ``MaxPool2DWithIndicesBackward0``,
``AvgPool2DBackward0``, ``AdaptiveAvgPool2DBackward0`` (but a 1×1 output is recorded as
``x.mean((-1, -2), keepdim=True)``: ``MeanBackward1``), ``NativeBatchNormBackward0`` (train
and eval); dropout is ``input * mask`` (``MulBackward0``).  Their gradients taken with
``create_graph=True`` are ``ConvolutionBackwardBackward0``,
``MaxPool2DWithIndicesBackwardBackward0``, ``AvgPool2DBackwardBackward0``; batch norm's are
composed of elementary ops here (torch has one ``NativeBatchNormBackwardBackward0`` node).
"""
from __future__ import annotations

import numpy as np

from . import conv as _k
from . import dispatch as _ops  # (at call time only: nn_ops loads while dispatch is loading)
from .autograd import is_grad_enabled
from .op_record import REQUIRED, Op, Param
from .tensor import Tensor

__all__ = ["NN_OPS", "NN_INTERNAL_OPS", "conv_pads", "pool_args", "check_batch_norm",
           "check_running_stats"]


def _size(shape) -> str:
    return "[" + ", ".join(str(int(s)) for s in shape) + "]"


# ============================================================================ conv2d
def conv_pads(padding, w_shape, stride, dilation) -> tuple:
    """torch's padding argument (int, pair, 'valid', 'same') as (top, bottom, left, right)."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0, 0, 0)
        if padding != "same":
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        if stride != (1, 1):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        pads = []
        for d, k in zip(dilation, w_shape[2:]):
            total = d * (k - 1)
            pads += [total // 2, total - total // 2]  # the odd pixel goes right, as torch
        return tuple(pads)
    ph, pw = _k.pair(padding, "padding")
    if ph < 0 or pw < 0:
        raise RuntimeError("negative padding is not supported")
    return (ph, ph, pw, pw)


def _conv_args(x, w, b, stride, padding, dilation, groups):
    """Check shapes as torch does (its error texts) and normalise the arguments."""
    if x.ndim != 4:
        raise RuntimeError("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got "
                           f"input of size: {_size(x.shape)}")
    stride, dilation = _k.pair(stride, "stride"), _k.pair(dilation, "dilation")
    if min(stride) <= 0:
        raise RuntimeError("non-positive stride is not supported")
    if min(dilation) <= 0:
        raise RuntimeError("dilation should be greater than zero")
    groups = int(groups)
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if w.ndim != 4:
        raise RuntimeError("weight should have at least three dimensions")
    if w.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{_size(w.shape)}] instead")
    if x.shape[1] != w.shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {_size(w.shape)}, expected "
                           f"input{_size(x.shape)} to have {w.shape[1] * groups} channels, but "
                           f"got {x.shape[1]} channels instead")
    if b is not None and (b.ndim != 1 or b.shape[0] != w.shape[0]):
        raise RuntimeError(f"Given weight of size {_size(w.shape)}, expected bias to be "
                           f"1-dimensional with {w.shape[0]} elements, but got bias of size "
                           f"{_size(b.shape)} instead")
    pads = conv_pads(padding, w.shape, stride, dilation)
    ph, pw = x.shape[2] + pads[0] + pads[1], x.shape[3] + pads[2] + pads[3]
    kh, kw = (dilation[0] * (w.shape[2] - 1) + 1, dilation[1] * (w.shape[3] - 1) + 1)
    if ph < kh or pw < kw:
        raise RuntimeError(f"Calculated padded input size per channel: ({ph} x {pw}). Kernel "
                           f"size: ({kh} x {kw}). Kernel size can't be greater than actual "
                           f"input size")
    return stride, pads, dilation, groups


def _conv_compose(inputs, params, mask):
    """Unbatched (C, H, W) input, as torch records it: unsqueeze, convolve, squeeze."""
    x = inputs[0]
    if not (isinstance(x, Tensor) and x._data.ndim == 3):
        return None
    r = _ops.apply_op("conv2d", _ops.apply_op("unsqueeze", x, dim=0), *inputs[1:], **params)
    return _ops.apply_op("squeeze", r, dim=0)


def _conv_fwd(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    s, pads, d, g = _conv_args(x, w, b, stride, padding, dilation, groups)
    return _k.conv2d(x, w.astype(x.dtype, copy=False), b, s, pads, d, g)


def _conv_vjp_x(g, out, x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    s, pads, d, gr = _conv_args(x, w, b, stride, padding, dilation, groups)
    return _k.conv2d_input_grad(g, w, x.shape[2:], s, pads, d, gr)


def _conv_vjp_w(g, out, x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    s, pads, d, gr = _conv_args(x, w, b, stride, padding, dilation, groups)
    return _k.conv2d_weight_grad(x, g, w.shape, s, pads, d, gr)


def _conv_vjp_b(g, out, x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    return g.sum(axis=(0, 2, 3))


def _conv_result_shape(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    s, pads, d, _g = _conv_args(x, w, b, stride, padding, dilation, groups)
    return (x.shape[0], w.shape[0],
            _k.conv_out_size(x.shape[2], w.shape[2], s[0], pads[0] + pads[1], d[0]),
            _k.conv_out_size(x.shape[3], w.shape[3], s[1], pads[2] + pads[3], d[1]))


# ============================================================================ pooling
def _unbatched(fn):
    """Let a pooling forward/VJP take torch's unbatched (C, H, W) input too: the kernels see
    a batch of one (torch records no extra node for pooling)."""
    def wrapper(*arrays, **params):
        if arrays[0] is not None and np.ndim(arrays[0]) == 3:
            return fn(*(None if a is None else np.asarray(a)[None] for a in arrays),
                      **params)[0]
        return fn(*arrays, **params)
    return wrapper


def pool_args(x, kernel_size, stride, padding, dilation=1, ceil_mode=False, name="max_pool2d"):
    """Check and normalise pooling arguments (torch's texts); returns k, s, p, d."""
    if x.ndim != 4:
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    k = _k.pair(kernel_size, "kernel_size")
    s = k if stride is None or (isinstance(stride, (list, tuple)) and not stride) \
        else _k.pair(stride, "stride")
    p, d = _k.pair(padding, "padding"), _k.pair(dilation, "dilation")
    if min(k) <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: {k[0]} "
                           f"kW: {k[1]}")
    if min(s) <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: {s[0]} dW: {s[1]}")
    for pi, ki, di in zip(p, k, d):
        if pi < 0 or pi > (di * (ki - 1) + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={pi}, kernel_size={ki} and dilation={di}")
    ho = _k.pool_out_size(x.shape[2], k[0], s[0], p[0], d[0], ceil_mode)
    wo = _k.pool_out_size(x.shape[3], k[1], s[1], p[1], d[1], ceil_mode)
    if ho < 1 or wo < 1:
        raise RuntimeError(f"Given input size: ({x.shape[1]}x{x.shape[2]}x{x.shape[3]}). "
                           f"Calculated output size: ({x.shape[1]}x{ho}x{wo}). Output size is "
                           f"too small")
    return k, s, p, d


def max_pool_indices(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """(values, indices) of torch's max_pool2d_with_indices (indices: int64, flat per plane)."""
    k, s, p, d = pool_args(x, kernel_size, stride, padding, dilation, ceil_mode)
    return _k.max_pool2d(x, k, s, p, d, ceil_mode)


def _max_pool_fwd(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    k, s, p, d = pool_args(x, kernel_size, stride, padding, dilation, ceil_mode)
    return _k.max_pool2d(x, k, s, p, d, ceil_mode, with_indices=False)[0]


def _max_pool_vjp(g, out, x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    # the argmax is found again rather than kept from the forward: the table's nodes save
    # their inputs and output only, and max pooling is cheap next to the convolutions
    idx = max_pool_indices(x, kernel_size, stride, padding, dilation, ceil_mode)[1]
    return _k.max_pool2d_scatter(g, idx, x.shape[2:])


def _avg_fwd(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
             divisor_override=None):
    k, s, p, _d = pool_args(x, kernel_size, stride, padding, 1, ceil_mode, "avg_pool2d")
    return _k.avg_pool2d(x, k, s, p, ceil_mode, count_include_pad, divisor_override)


def _avg_vjp(g, out, x, kernel_size, stride=None, padding=0, ceil_mode=False,
             count_include_pad=True, divisor_override=None):
    k, s, p, _d = pool_args(x, kernel_size, stride, padding, 1, ceil_mode, "avg_pool2d")
    return _k.avg_pool2d_backward(g, x.shape[2:], k, s, p, ceil_mode, count_include_pad,
                                  divisor_override)


def _adaptive_size(x, output_size) -> tuple:
    if x.ndim != 4:
        raise RuntimeError("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                           f"{_size(x.shape)}")
    if isinstance(output_size, (list, tuple)):
        out = tuple(x.shape[2 + i] if v is None else int(v) for i, v in enumerate(output_size))
    else:
        out = (int(output_size), int(output_size))
    return out if len(out) == 2 else (out[0], out[0])


def _adaptive_fwd(x, output_size):
    a, b = _k.adaptive_matrices(x.shape[2:], _adaptive_size(x, output_size), x.dtype)
    return np.matmul(np.matmul(a, x), b.T)


def _adaptive_vjp(g, out, x, output_size):
    a, b = _k.adaptive_matrices(x.shape[2:], _adaptive_size(x, output_size), g.dtype)
    return np.matmul(np.matmul(a.T, g), b)


def _adaptive_compose(inputs, params, mask):
    """torch records a 1×1 adaptive average as a mean over the last two dims."""
    x = inputs[0]
    if not (isinstance(x, Tensor) and x._data.ndim in (3, 4)):
        return None
    a = x._data[None] if x._data.ndim == 3 else x._data
    if _adaptive_size(a, params["output_size"]) == (1, 1):
        return _ops.apply_op("mean", x, dim=(-1, -2), keepdim=True)
    return None


# ============================================================================ batch norm
def check_batch_norm(x, running_mean, running_var, weight, bias, training) -> None:
    c = x.shape[1] if x.ndim > 1 else 0
    for name, a in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if a is not None and a.size != c:
            raise RuntimeError(f"{name} should contain {c} elements not {a.size}")
    if training and x.ndim >= 2 and int(np.prod(x.shape)) // max(c, 1) <= 1:
        raise ValueError("Expected more than 1 value per channel when training, got input size "
                         f"torch.Size({list(x.shape)})")


def check_running_stats(running_mean, running_var) -> None:
    """torch refuses running statistics that require grad while grad mode is on (train and
    eval alike): the op has no derivative for them."""
    if not is_grad_enabled():
        return
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        if isinstance(t, Tensor) and t.requires_grad:
            raise RuntimeError(f"The function 'native_batch_norm' is not differentiable with "
                               f"respect to argument '{name}'. This input cannot have "
                               f"requires_grad True.")


def _bn_compose(inputs, params, mask):
    """Not a composition: the check of the running statistics every call goes through (a
    document's node, ``F.batch_norm``, ``apply_op``), before anything is computed."""
    check_running_stats(inputs[1], inputs[2])
    return None


def _bshape(x) -> tuple:
    return (1, -1) + (1,) * (x.ndim - 2)


def _bn_stats(x, running_mean, running_var, training, eps):
    """The mean and 1/√(var + eps) this batch normalises with, shaped to broadcast."""
    if training or running_mean is None:
        mean, var, _n = _k.batch_norm_stats(x)
    else:
        mean, var = running_mean.astype(x.dtype), running_var.astype(x.dtype)
    rstd = 1.0 / np.sqrt(var + np.asarray(eps, dtype=x.dtype))
    return mean.reshape(_bshape(x)), rstd.reshape(_bshape(x))


def _bn_fwd(x, running_mean=None, running_var=None, weight=None, bias=None, training=False,
            momentum=0.1, eps=1e-5):
    check_batch_norm(x, running_mean, running_var, weight, bias, training)
    mean, rstd = _bn_stats(x, running_mean, running_var, training, eps)
    out = (x - mean) * rstd
    if weight is not None:
        out = out * weight.reshape(_bshape(x))
    if bias is not None:
        out = out + bias.reshape(_bshape(x))
    return out.astype(x.dtype, copy=False)


def _bn_axes(x) -> tuple:
    return (0,) + tuple(range(2, x.ndim))


def _bn_vjp_x(g, out, x, running_mean=None, running_var=None, weight=None, bias=None,
              training=False, momentum=0.1, eps=1e-5):
    mean, rstd = _bn_stats(x, running_mean, running_var, training, eps)
    scale = rstd if weight is None else rstd * weight.reshape(_bshape(x))
    if not (training or running_mean is None):
        return g * scale                      # eval: a fixed affine map per channel
    xhat = (x - mean) * rstd
    ax = _bn_axes(x)
    # the batch statistics depend on x too: subtract g's mean and its projection on xhat
    return (g - g.mean(axis=ax, keepdims=True)
            - xhat * (g * xhat).mean(axis=ax, keepdims=True)) * scale


def _bn_vjp_w(g, out, x, running_mean=None, running_var=None, weight=None, bias=None,
              training=False, momentum=0.1, eps=1e-5):
    mean, rstd = _bn_stats(x, running_mean, running_var, training, eps)
    return (g * ((x - mean) * rstd)).sum(axis=_bn_axes(x))


def _bn_vjp_b(g, out, x, running_mean=None, running_var=None, weight=None, bias=None,
              training=False, momentum=0.1, eps=1e-5):
    return g.sum(axis=_bn_axes(x))


# ============================================================================ samples
def _any(rng, shape, dtype):
    return np.asarray(rng.uniform(-2.0, 2.0, shape), dtype=dtype)


def _conv_samples(rng, dtype):
    """Pairs everywhere (what a document stores), ResNet's shapes among them."""
    def a(*shape):
        return _any(rng, shape, dtype)
    return [
        ((a(2, 3, 5, 5), a(4, 3, 3, 3), a(4)), {}),
        ((a(1, 2, 6, 5), a(3, 2, 3, 2)), {"stride": (2, 1), "padding": (1, 2)}),
        ((a(1, 2, 7, 7), a(2, 2, 3, 3), a(2)), {"stride": (2, 2), "padding": (1, 1),
                                                "dilation": (2, 2)}),
        ((a(2, 4, 4, 4), a(6, 2, 2, 2), a(6)), {"groups": 2, "padding": (1, 1)}),
        ((a(1, 4, 5, 5), a(4, 1, 3, 3)), {"groups": 4, "stride": (2, 2)}),   # depthwise
        ((a(2, 3, 4, 4), a(2, 3, 1, 1), a(2)), {"stride": (2, 2)}),           # ResNet's downsample
        ((a(3, 5, 5), a(2, 3, 3, 3), a(2)), {"padding": (1, 1)}),             # unbatched
    ]


def _distinct(rng, shape, dtype):
    """Values with well-separated entries, so no window of a max pool has a near tie."""
    n = int(np.prod(shape))
    return (rng.permutation(n).reshape(shape) * 0.37 - n * 0.15).astype(dtype)


def _max_pool_samples(rng, dtype):
    return [((_distinct(rng, s, dtype),), p) for s, p in (
        ((1, 2, 5, 5), {"kernel_size": (2, 2)}),
        ((2, 1, 7, 7), {"kernel_size": (3, 3), "stride": (2, 2), "padding": (1, 1)}),  # stem
        ((1, 2, 6, 5), {"kernel_size": (3, 2), "stride": (2, 1), "dilation": (1, 2)}),
        ((1, 1, 6, 6), {"kernel_size": (3, 3), "stride": (2, 2), "padding": (1, 1),
                          "ceil_mode": True}),
        ((2, 5, 5), {"kernel_size": (2, 2), "stride": (1, 2)}),        # unbatched
    )]


def _avg_pool_samples(rng, dtype):
    return [((_any(rng, s, dtype),), p) for s, p in (
        ((1, 2, 5, 5), {"kernel_size": (2, 2)}),
        ((2, 1, 7, 7), {"kernel_size": (3, 3), "stride": (2, 2), "padding": (1, 1)}),
        ((1, 1, 6, 6), {"kernel_size": (3, 3), "stride": (2, 2), "padding": (1, 1),
                        "ceil_mode": True, "count_include_pad": False}),
        ((1, 2, 5, 6), {"kernel_size": (2, 3), "stride": (1, 2), "divisor_override": 4}),
        ((2, 5, 5), {"kernel_size": (2, 2), "stride": (1, 2)}),        # unbatched
    )]


def _adaptive_samples(rng, dtype):
    return [((_any(rng, s, dtype),), {"output_size": o}) for s, o in (
        ((2, 3, 4, 4), (1, 1)), ((1, 2, 5, 7), (2, 3)), ((1, 1, 4, 6), (3, 3)),
        ((1, 1, 3, 3), (5, 2)), ((2, 5, 4), (2, 3)), ((2, 3, 3), (1, 1)))]


def _bn_samples(rng, dtype):
    def a(*shape, lo=-2.0, hi=2.0):
        return np.asarray(rng.uniform(lo, hi, shape), dtype=dtype)
    x = a(3, 2, 3, 3)
    return [
        ((x, a(2), a(2, lo=0.5), a(2), a(2)), {"training": True}),
        ((x, a(2), a(2, lo=0.5), a(2), a(2)), {"training": False}),
        ((a(4, 3), a(3), a(3, lo=0.5), a(3), a(3)), {"training": True, "eps": 1e-3}),
        ((a(2, 2, 5), a(2), a(2, lo=0.5), a(2), a(2)), {"training": False, "eps": 0.1}),
    ]


# ============================================================================ the entries
# Pair parameters (stride, padding, ...) are of kind "dims", two whole numbers, which is what
# a document stores for them; programs may pass one int, a 1-sequence or (padding) a string.
def _op(name, *, arity, forward, vjps, grad_fn, label, category, doc, formulas, params=(),
        method=False, function=False, functional=False, samples, saves=True, **extra) -> Op:
    return Op(name=name, arity=arity, forward=forward, vjps=tuple(vjps), grad_fn=grad_fn,
              label=label, symbol=None, precedence=16, params=tuple(params), category=category,
              doc=doc, formulas=tuple(formulas), broadcast=False, saves=saves, method=method,
              function=function, functional=functional, samples=samples, **extra)


P_STRIDE = Param("stride", "dims", (1, 1), "step between windows (int or (h, w))")
P_PADDING = Param("padding", "dims", (0, 0),
                  "zeros added on each side (int, (h, w), 'same', 'valid')")
P_DILATION = Param("dilation", "dims", (1, 1), "spacing between kernel elements")
P_KERNEL = Param("kernel_size", "dims", REQUIRED, "window size (int or (h, w))")
P_POOL_STRIDE = Param("stride", "dims", None, "step between windows (None = kernel_size)")
P_POOL_PADDING = Param("padding", "dims", (0, 0), "implicit padding on each side")
P_CEIL = Param("ceil_mode", "bool", False, "round the output size up")

NN_OPS = [
    _op("conv2d", arity=3, forward=_conv_fwd, vjps=(_conv_vjp_x, _conv_vjp_w, _conv_vjp_b),
        grad_fn="ConvolutionBackward0", label="Conv2d", category="linear algebra",
        doc="2-D convolution (cross-correlation) of (N, C, H, W) input with (O, C/groups, kH, "
            "kW) weight, plus bias.",
        formulas=("∂conv/∂x = conv_transpose(G, W)", "∂conv/∂W = Σ G ⋆ x (im2col)",
                  "∂conv/∂b = Σ G over N, H, W"),
        params=(P_STRIDE, P_PADDING, P_DILATION, Param("groups", "int", 1, "channel groups")),
        method=False, function=True, functional=True, input_names=("input", "weight", "bias"),
        optional_inputs=1, samples=_conv_samples, result_shape=_conv_result_shape,
        compose=_conv_compose,
        reads=((1,), (0,), ())),
    _op("max_pool2d", arity=1, forward=_unbatched(_max_pool_fwd),
        vjps=(_unbatched(_max_pool_vjp),),
        grad_fn="MaxPool2DWithIndicesBackward0", label="MaxPool2d", category="reduction",
        doc="Maximum over sliding 2-D windows (the first maximum of a window gets the gradient).",
        formulas=("∂maxpool/∂x = 1 at each window's argmax",),
        params=(P_KERNEL, P_POOL_STRIDE, P_POOL_PADDING, P_DILATION, P_CEIL),
        method=False, function=True, functional=True, samples=_max_pool_samples,
        reads=((0,),)),
    _op("avg_pool2d", arity=1, forward=_unbatched(_avg_fwd), vjps=(_unbatched(_avg_vjp),),
        grad_fn="AvgPool2DBackward0", label="AvgPool2d", category="reduction",
        doc="Average over sliding 2-D windows.",
        formulas=("∂avgpool/∂x = 1/divisor over each window",),
        params=(P_KERNEL, P_POOL_STRIDE, P_POOL_PADDING, P_CEIL,
                Param("count_include_pad", "bool", True, "padding zeros count in the average"),
                Param("divisor_override", "int", None, "divide by this instead")),
        method=False, function=False, functional=True, samples=_avg_pool_samples,
        reads=((0,),)),
    _op("adaptive_avg_pool2d", arity=1, forward=_unbatched(_adaptive_fwd),
        vjps=(_unbatched(_adaptive_vjp),),
        grad_fn="AdaptiveAvgPool2DBackward0", label="AdaptiveAvgPool2d", category="reduction",
        doc="Average pooling to a fixed output size (H_out, W_out).",
        formulas=("∂adaptive_avg/∂x = 1/(window size) over each window",),
        params=(Param("output_size", "dims", REQUIRED, "output (H, W), or one int for both"),),
        method=False, function=False, functional=True, samples=_adaptive_samples,
        compose=_adaptive_compose, reads=((0,),)),
    # batch_norm is a graph-editor op so that a program's ResNet can be frozen into a document
    # (issue #17): its running statistics arrive as inputs that need no grad (constants, or
    # leaves with requires_grad off); one that requires grad is refused with torch's text
    # (_bn_compose). F.batch_norm is written by hand (engine/nn/functional.py): in training it
    # also moves the running statistics, which the document's node does not (it holds them)
    _op("batch_norm", arity=5, forward=_bn_fwd, vjps=(_bn_vjp_x, None, None, _bn_vjp_w, _bn_vjp_b),
        grad_fn="NativeBatchNormBackward0", label="BatchNorm", category="activation",
        doc="Normalise each channel by the batch's (training) or the running (eval) mean and "
            "variance, then scale and shift.",
        formulas=("∂bn/∂x = γ/σ · (G − mean G − x̂·mean(G·x̂)) (training)", "", "",
                  "∂bn/∂γ = Σ G·x̂", "∂bn/∂β = Σ G"),
        params=(Param("training", "bool", False, "use batch statistics"),
                Param("momentum", "float", 0.1, "running-statistics update factor"),
                Param("eps", "float", 1e-5, "added to the variance")),
        method=False, function=False, functional=True,
        input_names=("input", "running_mean", "running_var", "weight", "bias"),
        optional_inputs=2, nondiff=(1, 2), samples=_bn_samples, compose=_bn_compose,
        # running statistics are not version-checked: torch does not either in training,
        # where F.batch_norm updates them after this node saved them
        reads=((0, 3), (), (), (0,), ())),
]


# ---------------------------------------------------------------- the double-backward nodes
def _internal(name, arity, forward, vjps, grad_fn, formulas, **kw) -> Op:
    kw.setdefault("saves", False)
    return _op(name, arity=arity, forward=forward, vjps=vjps, grad_fn=grad_fn, label=name,
               category=kw.pop("category", "linear algebra"), doc=f"internal node {grad_fn}",
               formulas=formulas, method=False, function=False,
               samples=lambda rng, dt: [], **kw)


NN_INTERNAL_OPS = [
    # conv2d's two gradients as ops of their own: with conv2d they are the three partial
    # derivatives of one trilinear form ⟨conv2d(x, w), g⟩, so each one's VJP is another
    _internal("_conv2d_input_grad", 2,
              lambda g, w, x_hw, stride, pads, dilation, groups:
              _k.conv2d_input_grad(g, w, x_hw, stride, pads, dilation, groups),
              (lambda h, out, g, w, x_hw, stride, pads, dilation, groups:
               _k.conv2d(h, w, None, stride, pads, dilation, groups),
               lambda h, out, g, w, x_hw, stride, pads, dilation, groups:
               _k.conv2d_weight_grad(h, g, w.shape, stride, pads, dilation, groups)),
              "ConvolutionBackwardBackward0", ("∂/∂g = conv2d(H, W)", "∂/∂W = Σ H ⋆ g"),
              saves=True, reads=((1,), (0,)), input_names=("grad_output", "weight")),
    _internal("_conv2d_weight_grad", 2,
              lambda x, g, w_shape, stride, pads, dilation, groups:
              _k.conv2d_weight_grad(x, g, w_shape, stride, pads, dilation, groups),
              (lambda h, out, x, g, w_shape, stride, pads, dilation, groups:
               _k.conv2d_input_grad(g, h, x.shape[2:], stride, pads, dilation, groups),
               lambda h, out, x, g, w_shape, stride, pads, dilation, groups:
               _k.conv2d(x, h, None, stride, pads, dilation, groups)),
              "ConvolutionBackwardBackward0",
              ("∂/∂x = conv_transpose(g, H)", "∂/∂g = conv2d(x, H)"),
              saves=True, reads=((1,), (0,)), input_names=("input", "grad_output")),
    # max pooling's backward for a fixed argmax, and its adjoint (a gather)
    _internal("_max_pool2d_scatter", 1, lambda g, idx, hw: _k.max_pool2d_scatter(g, idx, hw),
              (lambda h, out, g, idx, hw: _k.max_pool2d_gather(h, idx),),
              "MaxPool2DWithIndicesBackwardBackward0", ("∂/∂g = H at the argmax",),
              category="reduction"),
    _internal("_max_pool2d_gather", 1, lambda x, idx: _k.max_pool2d_gather(x, idx),
              (lambda h, out, x, idx: _k.max_pool2d_scatter(h, idx, x.shape[2:]),),
              "GatherBackward0", ("∂/∂x = H scattered to the argmax",), category="reduction"),
    _internal("_avg_pool2d_backward", 1,
              lambda g, x_hw, **p: _avg_backward_fwd(g, x_hw, **p),
              (lambda h, out, g, x_hw, **p: _avg_fwd(h, **p),),
              "AvgPool2DBackwardBackward0", ("∂/∂g = avg_pool2d(H)",), category="reduction"),
    _internal("_adaptive_avg_pool2d_backward", 1,
              lambda g, x_hw, output_size: _adaptive_vjp(g, None, np.empty((1, 1) + tuple(x_hw)),
                                                         output_size),
              (lambda h, out, g, x_hw, output_size: _adaptive_fwd(h, output_size),),
              "AdaptiveAvgPool2DBackwardBackward0", ("∂/∂g = adaptive_avg_pool2d(H)",),
              category="reduction"),
]


def _avg_backward_fwd(g, x_hw, **p):
    return _avg_vjp(g, None, np.empty(g.shape[:2] + tuple(x_hw), dtype=g.dtype), **p)
