"""The double-backward rules (``higher_order.GRAPH_VJPS``) of the convolution-network ops in
``nn_ops`` (conv2d, max/avg/adaptive pooling, batch_norm): the same VJPs as their numpy rules,
written with engine ops on tensors, so ``create_graph=True`` records them and forward mode
gets its JVPs from them.

Registered when the engine package loads (``engine/__init__.py``, beside ``graph_rules_api``),
so that ``higher_order`` does not depend on the nn ops: the dependency points one way, from
these rules to the graph walk they extend.
"""
from __future__ import annotations

import numpy as np

from . import conv as _k
from .higher_order import GRAPH_VJPS
from .nn_ops import _bn_axes, _bshape, conv_pads, max_pool_indices
from .ops import apply_internal, apply_op
from .tensor import _wrap

__all__ = ["register_graph_vjps"]


def register_graph_vjps(graph_vjps: dict) -> None:
    """Add the double-backward rules (engine ops on tensors) to ``graph_vjps``."""
    def conv_geom(x, w, stride, padding, dilation, groups):
        s, d = _k.pair(stride), _k.pair(dilation)
        return dict(stride=s, pads=conv_pads(padding, tuple(w.shape), s, d), dilation=d,
                    groups=int(groups))

    def conv_x(g, out, x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
        return apply_internal("_conv2d_input_grad", g, w, x_hw=tuple(x.shape[2:]),
                              **conv_geom(x, w, stride, padding, dilation, groups))

    def conv_w(g, out, x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
        return apply_internal("_conv2d_weight_grad", x, g, w_shape=tuple(w.shape),
                              **conv_geom(x, w, stride, padding, dilation, groups))

    def conv_b(g, out, x, w, b=None, **_p):
        return g.sum(dim=(0, 2, 3))

    def ti_g(h, out, g, w, x_hw, **geom):
        return _conv_internal(h, w, geom)

    def ti_w(h, out, g, w, x_hw, **geom):
        return apply_internal("_conv2d_weight_grad", h, g, w_shape=tuple(w.shape), **geom)

    def tw_x(h, out, x, g, w_shape, **geom):
        return apply_internal("_conv2d_input_grad", g, h, x_hw=tuple(x.shape[2:]), **geom)

    def tw_g(h, out, x, g, w_shape, **geom):
        return _conv_internal(x, h, geom)

    def _conv_internal(x, w, geom):
        # conv2d with already-normalised padding (possibly asymmetric): pad explicitly
        t, b, l, r = geom["pads"]
        if t == b and l == r:
            return apply_op("conv2d", x, w, stride=geom["stride"], padding=(t, l),
                            dilation=geom["dilation"], groups=geom["groups"])
        raise NotImplementedError("create_graph=True: this engine cannot differentiate an "
                                  "asymmetric padding='same' convolution a second time")

    def max_x(g, out, x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
        idx = max_pool_indices(x._data, kernel_size, stride, padding, dilation, ceil_mode)[1]
        return apply_internal("_max_pool2d_scatter", g, idx=idx, hw=tuple(x.shape[2:]))

    def avg_x(g, out, x, **p):
        return apply_internal("_avg_pool2d_backward", g, x_hw=tuple(x.shape[2:]), **p)

    def adaptive_x(g, out, x, output_size):
        return apply_internal("_adaptive_avg_pool2d_backward", g, x_hw=tuple(x.shape[2:]),
                              output_size=output_size)

    def batched(rule):
        # unbatched (C, H, W) input: the second-derivative nodes work on a batch of one
        def r(g, out, x, **p):
            if x.ndim == 3:
                return rule(g.unsqueeze(0), None, x.unsqueeze(0), **p).squeeze(0)
            return rule(g, out, x, **p)
        return r

    graph_vjps.update({
        "conv2d": (conv_x, conv_w, conv_b),
        "_conv2d_input_grad": (ti_g, ti_w),
        "_conv2d_weight_grad": (tw_x, tw_g),
        "max_pool2d": (batched(max_x),),
        "_max_pool2d_scatter": (lambda h, out, g, idx, hw:
                                apply_internal("_max_pool2d_gather", h, idx=idx),),
        "_max_pool2d_gather": (lambda h, out, x, idx:
                               apply_internal("_max_pool2d_scatter", h, idx=idx,
                                              hw=tuple(x.shape[2:])),),
        "avg_pool2d": (batched(avg_x),),
        "_avg_pool2d_backward": (lambda h, out, g, x_hw, **p: apply_op("avg_pool2d", h, **p),),
        "adaptive_avg_pool2d": (batched(adaptive_x),),
        "_adaptive_avg_pool2d_backward": (lambda h, out, g, x_hw, output_size:
                                          apply_op("adaptive_avg_pool2d", h,
                                                   output_size=output_size),),
        "batch_norm": (_bn_graph_x, None, None, _bn_graph_w, lambda g, out, x, *r, **p:
                       g.sum(dim=_bn_axes(x))),
    })


def _bn_graph_parts(x, running_mean, running_var, training, eps):
    """mean, 1/σ and x̂ as recorded tensors (they depend on x in training)."""
    ax = _bn_axes(x)
    shape = _bshape(x)
    if training or running_mean is None:
        mean = x.mean(dim=ax, keepdim=True)
        xc = x - mean
        rstd = ((xc * xc).mean(dim=ax, keepdim=True) + eps) ** -0.5
        return xc * rstd, rstd, True
    rstd = _wrap((1.0 / np.sqrt(running_var._data + eps)).astype(x._data.dtype).reshape(shape))
    mean = _wrap(running_mean._data.astype(x._data.dtype).reshape(shape))
    return (x - mean) * rstd, rstd, False


def _bn_graph_x(g, out, x, running_mean=None, running_var=None, weight=None, bias=None,
                training=False, momentum=0.1, eps=1e-5):
    xhat, rstd, batch = _bn_graph_parts(x, running_mean, running_var, training, eps)
    scale = rstd if weight is None else rstd * weight.reshape(_bshape(x))
    if not batch:
        return g * scale
    ax = _bn_axes(x)
    return (g - g.mean(dim=ax, keepdim=True)
            - xhat * (g * xhat).mean(dim=ax, keepdim=True)) * scale


def _bn_graph_w(g, out, x, running_mean=None, running_var=None, weight=None, bias=None,
                training=False, momentum=0.1, eps=1e-5):
    xhat, _rstd, _batch = _bn_graph_parts(x, running_mean, running_var, training, eps)
    return (g * xhat).sum(dim=_bn_axes(x))


register_graph_vjps(GRAPH_VJPS)
