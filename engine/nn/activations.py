"""The activation functions of ``torch.nn`` beyond ReLU/Tanh/Sigmoid/Softmax: LeakyReLU, ELU,
SELU, CELU, GELU (exact and ``approximate='tanh'``), SiLU, Mish, Softplus, Softsign, Hardtanh,
ReLU6, Hardswish, Hardsigmoid, Threshold, LogSigmoid, Softmin, GLU, PReLU and the shrinks, as
``engine.nn.functional`` functions and as modules with torch's reprs.

Each one torch records as a single node is an internal op of the op table (numpy forward and
VJP) with torch 2.13's ``grad_fn`` name (``LeakyReluBackward0``, ``EluBackward0`` also for
SELU, ``HardtanhBackward0`` also for ReLU6, ``PreluKernelBackward0`` ...); the ones torch
composes (softsign = x / (1 + |x|), softmin = softmax(−x), tanhshrink = x − tanh x) are
composed the same way so ``next_functions`` match.  ``inplace=True`` writes into the input
as torch does (a leaf that requires grad refuses); torch names some in-place nodes
``...Backward1`` (leaky_relu, elu, selu, celu, threshold), and so does the engine.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from ..op_table import INTERNAL_OPS, _internal
from ..ops import _apply
from ..ops import _inplace as _apply_inplace
from ..tensor import Tensor
from .modules import Module, Parameter

__all__ = ["leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "softplus", "softsign",
           "hardtanh", "relu6", "hardswish", "hardsigmoid", "threshold", "logsigmoid",
           "softmin", "glu", "prelu", "tanhshrink", "softshrink", "hardshrink",
           "LeakyReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish", "Softplus", "Softsign",
           "Hardtanh", "ReLU6", "Hardswish", "Hardsigmoid", "Threshold", "LogSigmoid",
           "Softmin", "GLU", "PReLU", "Tanhshrink", "Softshrink", "Hardshrink"]

# SELU's constants, as torch.nn.functional.selu documents them
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946
_ERF = np.frompyfunc(math.erf, 1, 1)


def _f64(x):
    return x.astype(np.float64)


def _like(a, x):
    return np.asarray(a, dtype=np.float64).astype(x.dtype if x.dtype.kind == "f" else np.float32)


def _sig(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow for large |x|


# ------------------------------------------------------------------ forwards and VJPs (numpy)
def _leaky_fwd(x, negative_slope):
    return _like(np.where(x > 0, _f64(x), _f64(x) * negative_slope), x)


def _leaky_vjp(g, out, x, negative_slope):
    return _like(np.where(x > 0, g, g * negative_slope), g)


def _elu_fwd(x, alpha, scale, input_scale):
    a = _f64(x)
    return _like(np.where(a > 0, scale * a, scale * alpha * np.expm1(a * input_scale)), x)


def _elu_vjp(g, out, x, alpha, scale, input_scale):
    a = _f64(x)
    slope = np.where(a > 0, scale, scale * alpha * input_scale * np.exp(a * input_scale))
    return _like(g * slope, g)


def _gelu_fwd(x, approximate):
    a = _f64(x)
    if approximate == "tanh":
        return _like(0.5 * a * (1 + np.tanh(math.sqrt(2 / math.pi) * (a + 0.044715 * a ** 3))), x)
    if x.dtype == np.float32:  # torch's float32 arithmetic (1 + erf cancels in the far tail)
        e = _ERF(x * np.float32(math.sqrt(0.5))).astype(np.float64).astype(np.float32)
        return (x * np.float32(0.5)) * (np.float32(1) + e)
    return _like(0.5 * a * (1 + _ERF(a / math.sqrt(2)).astype(np.float64)), x)


def _gelu_vjp(g, out, x, approximate):
    a = _f64(x)
    if approximate == "tanh":
        k = math.sqrt(2 / math.pi)
        th = np.tanh(k * (a + 0.044715 * a ** 3))
        slope = 0.5 * (1 + th) + 0.5 * a * (1 - th * th) * k * (1 + 3 * 0.044715 * a * a)
    else:
        cdf = 0.5 * (1 + _ERF(a / math.sqrt(2)).astype(np.float64))
        slope = cdf + a * np.exp(-0.5 * a * a) / math.sqrt(2 * math.pi)
    return _like(g * slope, g)


def _silu_fwd(x):
    a = _f64(x)
    return _like(a * _sig(a), x)


def _silu_vjp(g, out, x):
    s = _sig(_f64(x))
    return _like(g * s * (1 + _f64(x) * (1 - s)), g)


def _softplus64(a, beta, threshold):
    with np.errstate(over="ignore"):
        return np.where(a * beta > threshold, a, np.logaddexp(0, a * beta) / beta)


def _mish_fwd(x):
    a = _f64(x)
    return _like(a * np.tanh(_softplus64(a, 1.0, 20.0)), x)


def _mish_vjp(g, out, x):
    a = _f64(x)
    th = np.tanh(_softplus64(a, 1.0, 20.0))
    return _like(g * (th + a * _sig(a) * (1 - th * th)), g)


def _softplus_fwd(x, beta, threshold):
    return _like(_softplus64(_f64(x), beta, threshold), x)


def _softplus_vjp(g, out, x, beta, threshold):
    a = _f64(x) * beta
    return _like(np.where(a > threshold, g, g * _sig(a)), g)


def _hardtanh_fwd(x, min_val, max_val):
    return np.clip(x, min_val, max_val).astype(x.dtype)


def _hardtanh_vjp(g, out, x, min_val, max_val):
    return np.where((x <= min_val) | (x >= max_val), 0, g).astype(g.dtype)


def _hardswish_fwd(x):
    a = _f64(x)
    return _like(a * np.clip(a + 3, 0, 6) / 6, x)


def _hardswish_vjp(g, out, x):
    a = _f64(x)
    return _like(np.where(a < -3, 0, np.where(a <= 3, g * (a / 3 + 0.5), g)), g)


def _hardsigmoid_fwd(x):
    return _like(np.clip(_f64(x) / 6 + 0.5, 0, 1), x)


def _hardsigmoid_vjp(g, out, x):
    return _like(np.where((x > -3) & (x < 3), g / 6, 0), g)


def _threshold_fwd(x, threshold, value):
    return np.where(x > threshold, x, value).astype(x.dtype)


def _threshold_vjp(g, out, x, threshold, value):
    return np.where(x > threshold, g, 0).astype(g.dtype)


def _logsigmoid_fwd(x):
    return _like(-np.logaddexp(0, -_f64(x)), x)


def _logsigmoid_vjp(g, out, x):
    return _like(g * _sig(-_f64(x)), g)


def _shrink_fwd(x, lambd, soft):
    a = _f64(x)
    if soft:
        return _like(np.where(a > lambd, a - lambd, np.where(a < -lambd, a + lambd, 0)), x)
    return _like(np.where((a > lambd) | (a < -lambd), a, 0), x)


def _shrink_vjp(g, out, x, lambd, soft):
    return np.where((x > lambd) | (x < -lambd), g, 0).astype(g.dtype)


def _glu_halves(x, dim):
    n = x.shape[dim]
    if n % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size {n}")
    return np.split(x, 2, axis=dim)


def _glu_fwd(x, dim):
    a, b = _glu_halves(x, dim)
    return _like(_f64(a) * _sig(_f64(b)), x)


def _glu_vjp(g, out, x, dim):
    a, b = (_f64(h) for h in _glu_halves(x, dim))
    s = _sig(b)
    return _like(np.concatenate([g * s, g * a * s * (1 - s)], axis=dim), g)


def _prelu_fwd(x, w):
    # w arrives shaped to broadcast against x (prelu() below views it as torch does)
    return np.where(x > 0, x, x * w).astype(x.dtype)


def _prelu_vjp_x(g, out, x, w):
    return np.where(x > 0, g, g * w).astype(g.dtype)


def _prelu_vjp_w(g, out, x, w):
    gw = np.where(x > 0, 0, g * x)
    lead = gw.ndim - w.ndim
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(w.shape) if n == 1)
    return gw.sum(axis=axes).reshape(w.shape).astype(w.dtype)


_ACT = dict(category="activation", saves=True, reads=((0,),))
_acts = [
    _internal("leaky_relu", 1, _leaky_fwd, (_leaky_vjp,), "LeakyReluBackward0",
              ("∂/∂x = 1 for x > 0, negative_slope otherwise",), **_ACT),
    _internal("elu", 1, _elu_fwd, (_elu_vjp,), "EluBackward0",
              ("∂/∂x = scale for x > 0, scale·α·eˣ otherwise",), **_ACT),
    _internal("celu", 1, _elu_fwd, (_elu_vjp,), "CeluBackward0",
              ("∂/∂x = 1 for x > 0, e^(x/α) otherwise",), **_ACT),
    _internal("gelu", 1, _gelu_fwd, (_gelu_vjp,), "GeluBackward0",
              ("∂/∂x = Φ(x) + x·φ(x)",), **_ACT),
    _internal("silu", 1, _silu_fwd, (_silu_vjp,), "SiluBackward0",
              ("∂/∂x = σ(x)(1 + x(1 − σ(x)))",), **_ACT),
    _internal("mish", 1, _mish_fwd, (_mish_vjp,), "MishBackward0",
              ("∂/∂x = tanh(sp(x)) + x·σ(x)·sech²(sp(x))",), **_ACT),
    _internal("softplus", 1, _softplus_fwd, (_softplus_vjp,), "SoftplusBackward0",
              ("∂/∂x = σ(βx)",), **_ACT),
    _internal("hardtanh", 1, _hardtanh_fwd, (_hardtanh_vjp,), "HardtanhBackward0",
              ("∂/∂x = 1 between min_val and max_val",), **_ACT),
    _internal("hardswish", 1, _hardswish_fwd, (_hardswish_vjp,), "HardswishBackward0",
              ("∂/∂x = x/3 + 1/2 on [−3, 3]",), **_ACT),
    _internal("hardsigmoid", 1, _hardsigmoid_fwd, (_hardsigmoid_vjp,), "HardsigmoidBackward0",
              ("∂/∂x = 1/6 on (−3, 3)",), **_ACT),
    _internal("threshold", 1, _threshold_fwd, (_threshold_vjp,), "ThresholdBackward0",
              ("∂/∂x = 1 above the threshold",), **_ACT),
    _internal("logsigmoid", 1, _logsigmoid_fwd, (_logsigmoid_vjp,), "LogSigmoidBackward0",
              ("∂/∂x = σ(−x)",), **_ACT),
    _internal("softshrink", 1, _shrink_fwd, (_shrink_vjp,), "SoftshrinkBackward0",
              ("∂/∂x = 1 outside [−λ, λ]",), **_ACT),
    _internal("hardshrink", 1, _shrink_fwd, (_shrink_vjp,), "HardshrinkBackward0",
              ("∂/∂x = 1 outside [−λ, λ]",), **_ACT),
    _internal("glu", 1, _glu_fwd, (_glu_vjp,), "GluBackward0",
              ("∂(a·σ(b))/∂a = σ(b), ∂/∂b = a·σ(b)(1 − σ(b))",), **_ACT),
    _internal("prelu", 2, _prelu_fwd, (_prelu_vjp_x, _prelu_vjp_w), "PreluKernelBackward0",
              ("∂/∂x = 1 for x > 0, a otherwise", "∂/∂a = x for x ≤ 0"),
              category="activation", saves=True, reads=((0, 1), (0,)),
              input_names=("input", "weight")),
]
INTERNAL_OPS.update({op.name: op for op in _acts})
# torch's in-place forms of these record a node of another name (LeakyReluBackward1 ...)
_INPLACE = {n: dataclasses.replace(INTERNAL_OPS[n], name=n + "_",
                                   grad_fn=INTERNAL_OPS[n].grad_fn[:-1] + "1")
            for n in ("leaky_relu", "elu", "celu", "threshold")}
INTERNAL_OPS.update({op.name: op for op in _INPLACE.values()})


def _act(name: str, x: Tensor, inplace: bool = False, **params) -> Tensor:
    if inplace:
        return _apply_inplace(x, _INPLACE.get(name, INTERNAL_OPS[name]), (), params)
    return _apply(INTERNAL_OPS[name], (x,), params)


# ------------------------------------------------------------------ functional
def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    return _act("leaky_relu", input, inplace, negative_slope=float(negative_slope))


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    return _act("elu", input, inplace, alpha=float(alpha), scale=1.0, input_scale=1.0)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    return _act("elu", input, inplace, alpha=_SELU_ALPHA, scale=_SELU_SCALE, input_scale=1.0)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError")
    return _act("celu", input, inplace, alpha=float(alpha), scale=1.0, input_scale=1.0 / alpha)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"approximate argument must be either none or tanh.")
    return _act("gelu", input, approximate=approximate)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    return _act("silu", input, inplace)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    return _act("mish", input, inplace)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    return _act("softplus", input, beta=float(beta), threshold=float(threshold))


def softsign(input: Tensor) -> Tensor:
    return input / (input.abs() + 1)  # torch composes it: DivBackward0 over AddBackward0


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0,
             inplace: bool = False) -> Tensor:
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _act("hardtanh", input, inplace, min_val=min_val, max_val=max_val)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    return hardtanh(input, 0.0, 6.0, inplace)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    return _act("hardswish", input, inplace)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    return _act("hardsigmoid", input, inplace)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    return _act("threshold", input, inplace, threshold=threshold, value=value)


def logsigmoid(input: Tensor) -> Tensor:
    return _act("logsigmoid", input)


def _legacy_dim(ndim: int) -> int:
    # torch's _get_softmax_dim when dim=None (with a deprecation warning there)
    return 0 if ndim in (0, 1, 3) else 1


def softmin(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    if dim is None:
        dim = _legacy_dim(input.dim())
    x = -input
    if dtype is not None:
        x = x.to(dtype)
    return x.softmax(dim)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    return _act("glu", input, dim=dim % input.dim())


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """a·x for x ≤ 0, one a per channel (dim 1; a 1-D input has one channel)."""
    nd = input.dim()
    channels = input.shape[1] if nd >= 2 else 1
    n = weight.numel()
    if n != 1 and n != channels:
        raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                           f"parameter numbers = {n} and channel size = {channels}.")
    if nd != 1:  # torch views the weight to broadcast over the channel dim (ViewBackward0)
        weight = weight.reshape(() if nd == 0 else (n,) + (1,) * (nd - 2))
    return _apply(INTERNAL_OPS["prelu"], (input, weight), {})


def tanhshrink(input: Tensor) -> Tensor:
    return input - input.tanh()


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    return _act("softshrink", input, lambd=lambd, soft=True)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    return _act("hardshrink", input, lambd=lambd, soft=False)


FUNCTIONAL = {n: globals()[n] for n in __all__ if n[0].islower()}


# ------------------------------------------------------------------ modules
def _inplace(s: str, inplace: bool) -> str:
    if not inplace:
        return s
    return s + ", inplace=True" if s else "inplace=True"


class LeakyReLU(Module):
    def __init__(self, negative_slope: float = 0.01, inplace: bool = False):
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input):
        return leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return _inplace(f"negative_slope={self.negative_slope}", self.inplace)


class ELU(Module):
    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input):
        return elu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return _inplace(f"alpha={self.alpha}", self.inplace)


class CELU(ELU):
    def forward(self, input):
        return celu(input, self.alpha, self.inplace)


class _Plain(Module):
    """An activation with no arguments but ``inplace``."""
    _fn = None

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return type(self)._fn(input, self.inplace)

    def extra_repr(self):
        return _inplace("", self.inplace)


class SELU(_Plain):
    _fn = staticmethod(selu)


class SiLU(_Plain):
    _fn = staticmethod(silu)


class Mish(_Plain):
    _fn = staticmethod(mish)


class Hardswish(_Plain):
    _fn = staticmethod(hardswish)


class Hardsigmoid(_Plain):
    _fn = staticmethod(hardsigmoid)


class _NoArg(Module):
    _fn = None

    def forward(self, input):
        return type(self)._fn(input)


class Softsign(_NoArg):
    _fn = staticmethod(softsign)


class LogSigmoid(_NoArg):
    _fn = staticmethod(logsigmoid)


class Tanhshrink(_NoArg):
    _fn = staticmethod(tanhshrink)


class GELU(Module):
    def __init__(self, approximate: str = "none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class Softplus(Module):
    def __init__(self, beta: float = 1.0, threshold: float = 20.0):
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input):
        return softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class Hardtanh(Module):
    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False):
        super().__init__()
        if min_val >= max_val:
            raise ValueError("max_val must be greater than min_val")
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input):
        return hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        return _inplace(f"min_val={self.min_val}, max_val={self.max_val}", self.inplace)


class ReLU6(Hardtanh):
    def __init__(self, inplace: bool = False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self):
        return _inplace("", self.inplace)


class Threshold(Module):
    def __init__(self, threshold: float, value: float, inplace: bool = False):
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input):
        return threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return _inplace(f"threshold={self.threshold}, value={self.value}", self.inplace)


class Softmin(Module):
    def __init__(self, dim: int | None = None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return softmin(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class GLU(Module):
    def __init__(self, dim: int = -1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return glu(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class _Shrink(Module):
    _fn = None

    def __init__(self, lambd: float = 0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return type(self)._fn(input, self.lambd)

    def extra_repr(self):
        return str(self.lambd)


class Softshrink(_Shrink):
    _fn = staticmethod(softshrink)


class Hardshrink(_Shrink):
    _fn = staticmethod(hardshrink)


class PReLU(Module):
    """a·x for x ≤ 0 with a learnable a per channel (``num_parameters``), initialised to
    ``init`` (0.25)."""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        dt = np.float64 if dtype is not None and "64" in str(dtype) else np.float32
        self.weight = Parameter(np.full((num_parameters,), init, dtype=dt))

    def forward(self, input):
        return prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"
