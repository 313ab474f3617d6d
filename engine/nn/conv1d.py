"""1-D convolution and pooling for ``torch.nn``: ``conv1d``/``Conv1d`` (``ConvolutionBackward0``),
``max_pool1d``/``MaxPool1d`` and ``avg_pool1d``/``AvgPool1d``, split from ``layers_more``.

conv1d is an internal op whose numpy kernels are the 2-D ones (``nn_ops``) on a height of one;
the pools are recorded as torch 2.13 records them: ``SqueezeBackward1`` over the 2-D pool's
node over ``UnsqueezeBackward0``.
"""
from __future__ import annotations

from .. import nn_ops as _nn_ops
from ..op_table import INTERNAL_OPS, _internal
from ..ops import _apply
from ..tensor import Tensor
from . import functional as F
from .layers import conv_extra_repr, reset_conv_parameters
from .layers_more import _dtype_of, _new
from .modules import Module, Parameter

__all__ = ["conv1d", "max_pool1d", "avg_pool1d", "Conv1d", "MaxPool1d", "AvgPool1d"]


# ------------------------------------------------------------------ kernels
def _as2d(x):
    return x[..., None, :]


def _conv1d_params(stride, padding, dilation):
    p = padding if isinstance(padding, str) else (0, padding)
    return (1, stride), p, (1, dilation)


def _conv1d_fwd(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    s, p, d = _conv1d_params(stride, padding, dilation)
    return _nn_ops._conv_fwd(_as2d(x), _as2d(w), b, s, p, d, groups)[..., 0, :]


def _conv1d_vjp_x(g, out, x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    s, p, d = _conv1d_params(stride, padding, dilation)
    return _nn_ops._conv_vjp_x(_as2d(g), None, _as2d(x), _as2d(w), b, s, p, d, groups)[..., 0, :]


def _conv1d_vjp_w(g, out, x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    s, p, d = _conv1d_params(stride, padding, dilation)
    return _nn_ops._conv_vjp_w(_as2d(g), None, _as2d(x), _as2d(w), b, s, p, d, groups)[..., 0, :]


def _conv1d_vjp_b(g, out, x, w, b=None, **_):
    return g.sum(axis=(0, 2))


INTERNAL_OPS["conv1d"] = _internal(
    "conv1d", 3, _conv1d_fwd, (_conv1d_vjp_x, _conv1d_vjp_w, _conv1d_vjp_b),
    "ConvolutionBackward0", ("∂conv/∂x", "∂conv/∂W", "∂conv/∂b"), saves=True,
    input_names=("input", "weight", "bias"), optional_inputs=1, reads=((1,), (0,), ()),
    category="linear algebra")


# ------------------------------------------------------------------ functional
def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,
           dilation=1, groups: int = 1) -> Tensor:
    one = lambda v: int(v[0]) if isinstance(v, (tuple, list)) else v  # noqa: E731
    unbatched = input.dim() == 2
    if unbatched:
        input = input.unsqueeze(0)
    if input.dim() != 3:
        raise RuntimeError(f"Expected 2D (unbatched) or 3D (batched) input to conv1d, but got "
                           f"input of size: {list(input.shape)}")
    out = _apply(INTERNAL_OPS["conv1d"], (input, weight, bias),
                 {"stride": one(stride), "padding": one(padding), "dilation": one(dilation),
                  "groups": groups})
    return out.squeeze(0) if unbatched else out


def _one(v):
    return None if v is None else int(v[0]) if isinstance(v, (tuple, list)) else int(v)


def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    k, s = _one(kernel_size), _one(stride)
    r = F.max_pool2d(input.unsqueeze(-2), (1, k), (1, s if s else k), (0, _one(padding)),
                     (1, _one(dilation)), ceil_mode=ceil_mode, return_indices=return_indices)
    if return_indices:
        return r[0].squeeze(-2), r[1].squeeze(-2)
    return r.squeeze(-2)


def avg_pool1d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True) -> Tensor:
    k, s = _one(kernel_size), _one(stride)
    return F.avg_pool2d(input.unsqueeze(-2), (1, k), (1, s if s else k), (0, _one(padding)),
                        ceil_mode, count_include_pad).squeeze(-2)


FUNCTIONAL = {n: globals()[n] for n in __all__ if n[0].islower()}


# ------------------------------------------------------------------ modules
def _single(v) -> tuple:
    return (int(v[0]),) if isinstance(v, (tuple, list)) else (int(v),)


class Conv1d(Module):
    """1-D convolution over (N, C, L) input; weight (out, in/groups, k)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 dilation=1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device=None, dtype=None):
        super().__init__()
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if padding_mode != "zeros":
            raise NotImplementedError(f"padding_mode={padding_mode!r}: this engine pads with "
                                      f"zeros only")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride = _single(kernel_size), _single(stride)
        self.padding = padding if isinstance(padding, str) else _single(padding)
        self.dilation = _single(dilation)
        self.groups, self.padding_mode = groups, padding_mode
        dt = _dtype_of(dtype)
        self.weight = Parameter(_new((out_channels, in_channels // groups) + self.kernel_size,
                                     dt))
        if bias:
            self.bias = Parameter(_new((out_channels,), dt))
        else:
            self.register_parameter("bias", None)
        reset_conv_parameters(self)

    def forward(self, input: Tensor) -> Tensor:
        pad_ = self.padding if isinstance(self.padding, str) else self.padding[0]
        return conv1d(input, self.weight, self.bias, self.stride[0], pad_, self.dilation[0],
                      self.groups)

    def extra_repr(self) -> str:
        return conv_extra_repr(self, f"{self.padding!r}", self.padding != (0,),
                               self.dilation != (1,))


class MaxPool1d(Module):
    def __init__(self, kernel_size, stride=None, padding=0, dilation=1,
                 return_indices: bool = False, ceil_mode: bool = False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input: Tensor):
        return max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                          self.ceil_mode, self.return_indices)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class AvgPool1d(Module):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True):
        super().__init__()
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input: Tensor) -> Tensor:
        return avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                          self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
