"""Elementwise math tutorials reach for beyond the core table: inverse and hyperbolic
trigonometry, ``erf``/``erfinv``, ``expm1``/``log1p``/``log2``/``log10``, rounding
(``floor``, ``ceil``, ``trunc``, ``frac``, ``sign``), ``rsqrt``, ``logit``, ``sinc``,
``nan_to_num``, ``clamp_min``/``clamp_max``, and the binary/ternary ones (``atan2``,
``remainder``, ``fmod``, ``hypot``, ``xlogy``, ``logaddexp``, ``lerp``, ``addcmul``,
``addcdiv``).

Each is an internal op of the op table (``INTERNAL_OPS``: not in the palette) with a numpy
forward, a numpy VJP, and a VJP written with engine ops for ``create_graph=True``
(``higher_order.GRAPH_VJPS``).  Method, function (``engine.acos``) and the in-place method
(``x.acos_()``) are generated below for each, as torch has them.  grad_fn names were recorded
from torch 2.13 (``Log1PBackward0`` is spelled that way in torch).
"""
from __future__ import annotations

import math

import numpy as np

from .higher_order import GRAPH_VJPS
from .op_table import INTERNAL_OPS, OPS, _internal
from .ops import _apply, _as_tensor, _inplace
from .tensor import Tensor, _wrap

__all__ = ["UNARY", "BINARY", "FUNCTIONS"]

_PI = math.pi
_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


# ------------------------------------------------------------------------------- helpers
def _c(a, like: np.ndarray) -> np.ndarray:
    """A float64 intermediate back in the input's dtype (float32 stays float32)."""
    return np.asarray(a, dtype=like.dtype if like.dtype.kind == "f" else np.float32)


def _const(a) -> Tensor:
    return _wrap(np.asarray(a))


_erf_scalar = np.frompyfunc(math.erf, 1, 1)


def _erf(x: np.ndarray) -> np.ndarray:
    return _c(np.asarray(_erf_scalar(x.astype(np.float64)), dtype=np.float64), x)


def _erfinv64(y: np.ndarray) -> np.ndarray:
    """erf⁻¹ in float64: Giles' single-precision approximation, then two Newton steps on
    ``math.erf`` (so the result is erf's exact inverse to float64 rounding)."""
    y = np.asarray(y, dtype=np.float64)
    with np.errstate(all="ignore"):
        w = -np.log((1.0 - y) * (1.0 + y))
        small = w < 5.0
        ws, wl = w - 2.5, np.sqrt(w) - 3.0
        ps = 2.81022636e-08
        for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
                  -0.00125372503, -0.00417768164, 0.246640727, 1.50140941):
            ps = c + ps * ws
        pl = -0.000200214257
        for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
                  -0.0076224613, 0.00943887047, 1.00167406, 2.83297682):
            pl = c + pl * wl
        x = np.where(small, ps, pl) * y
        for _ in range(2):
            err = np.asarray(_erf_scalar(x), dtype=np.float64) - y
            x = x - err / (2.0 / math.sqrt(_PI) * np.exp(-x * x))
        x = np.where(np.abs(y) == 1.0, np.copysign(np.inf, y), x)
        return np.where(np.abs(y) > 1.0, np.nan, x)


def _keep_int(fn):
    """Rounding keeps an integer tensor as it is (torch.floor of an int64 tensor is int64)."""
    return lambda x: fn(x) if x.dtype.kind in "fc" else x.copy()


def _sign_fwd(x):
    if x.dtype.kind == "b":
        return x.copy()
    return np.sign(x).astype(x.dtype, copy=False)


def _sinc_vjp(g, out, x):
    with np.errstate(all="ignore"):
        d = (np.cos(_PI * x) - np.sinc(x)) / x
    return g * np.where(x == 0, 0, d).astype(x.dtype, copy=False)


def _sinc_graph(g, out, x):
    px = x * _PI
    safe = x + _const((x._data == 0).astype(x._data.dtype))  # 1 where x = 0, x elsewhere
    inside = (px.cos() - out) / safe
    return g * inside * _const((x._data != 0).astype(x._data.dtype))


def _logit_fwd(x, eps):
    if eps is not None:
        x = np.clip(x, eps, 1 - eps)
    with np.errstate(all="ignore"):
        return np.log(x / (1 - x))


def _logit_mask(x, eps):
    if eps is None:
        return np.ones_like(x)
    return ((x >= eps) & (x <= 1 - eps)).astype(x.dtype)


def _logit_vjp(g, out, x, eps):
    with np.errstate(all="ignore"):
        return (g / (x * (1 - x)) * _logit_mask(x, eps)).astype(x.dtype, copy=False)


def _nan_to_num_fwd(x, nan, posinf, neginf):
    if x.dtype.kind not in "fc":
        return x.copy()
    return np.nan_to_num(x, nan=0.0 if nan is None else nan, posinf=posinf, neginf=neginf)


def _finite(x) -> np.ndarray:
    return np.isfinite(x).astype(x.dtype)


def _clamp1(fn, keep):
    """clamp_min/clamp_max with a number: ``keep`` says where the gradient passes (>=/<=)."""
    def fwd(x, bound):
        if x.dtype.kind not in "fc" and isinstance(bound, (float, np.floating)):
            x = x.astype(np.float32)
        return fn(x, np.asarray(bound, dtype=x.dtype))

    def vjp(g, out, x, bound):
        return np.where(keep(x, bound), g, 0).astype(g.dtype, copy=False)

    def graph(g, out, x, bound):
        return g * _const(keep(x._data, bound).astype(g._data.dtype))
    return fwd, vjp, graph


def _scalar_name(tensor_name: str, scalar_name: str):
    """A binary op whose grad_fn name says whether ``other`` was a Python number."""
    return lambda params, mask: scalar_name if mask[1] else tensor_name


def _tensor_edges(mask) -> tuple:
    return tuple(i for i, m in enumerate(mask) if not m)


def _xlogy_name(params, mask) -> str:
    return "XlogyBackward1" if mask[0] else "XlogyBackward2" if mask[1] else "XlogyBackward0"


def _xlogy_fwd(x, y):
    with np.errstate(all="ignore"):
        r = x * np.log(y)
    return np.where((x == 0) & ~np.isnan(y), 0, r).astype(r.dtype, copy=False)


def _xlogy_vjp_x(g, out, x, y):
    with np.errstate(all="ignore"):
        r = g * np.log(y)
    return np.where((x == 0) & (y <= 0), 0, r).astype(g.dtype, copy=False)


def _xlogy_graph_x(g, out, x, y):
    keep = _const(~((x._data == 0) & (y._data <= 0))).to(g.dtype)
    return g * y.log() * keep


# ------------------------------------------------------------------------------- the ops
_E = dict(category="elementwise", saves=True)
_Z = dict(category="elementwise", saves=False, reads=((),))   # zero gradient: saves nothing
_float = dict(float_out=True)

# name -> (forward, numpy VJP, graph VJP, grad_fn, formula, reads, extra)
UNARY = {
    "acos": (np.arccos, lambda g, out, x: -g / np.sqrt(1 - x * x),
             lambda g, out, x: -g / (1 - x * x).sqrt(), "AcosBackward0", "−1/√(1−x²)"),
    "asin": (np.arcsin, lambda g, out, x: g / np.sqrt(1 - x * x),
             lambda g, out, x: g / (1 - x * x).sqrt(), "AsinBackward0", "1/√(1−x²)"),
    "atan": (np.arctan, lambda g, out, x: g / (1 + x * x),
             lambda g, out, x: g / (1 + x * x), "AtanBackward0", "1/(1+x²)"),
    "sinh": (np.sinh, lambda g, out, x: g * np.cosh(x),
             lambda g, out, x: g * x.cosh(), "SinhBackward0", "cosh x"),
    "cosh": (np.cosh, lambda g, out, x: g * np.sinh(x),
             lambda g, out, x: g * x.sinh(), "CoshBackward0", "sinh x"),
    "tan": (np.tan, lambda g, out, x: g * (1 + out * out),
            lambda g, out, x: g * (1 + out * out), "TanBackward0", "1 + tan²x", ("out",)),
    "erf": (_erf, lambda g, out, x: g * (2 / math.sqrt(_PI)) * np.exp(-x * x),
            lambda g, out, x: g * (2 / math.sqrt(_PI)) * (-x * x).exp(), "ErfBackward0",
            "2/√π · e^(−x²)"),
    "erfinv": (lambda x: _c(_erfinv64(x), x),
               lambda g, out, x: g * (math.sqrt(_PI) / 2) * np.exp(out * out),
               lambda g, out, x: g * (math.sqrt(_PI) / 2) * (out * out).exp(),
               "ErfinvBackward0", "√π/2 · e^(erfinv(x)²)", ("out",)),
    "expm1": (np.expm1, lambda g, out, x: g * (out + 1), lambda g, out, x: g * (out + 1),
              "Expm1Backward0", "eˣ", ("out",)),
    "exp2": (np.exp2, lambda g, out, x: g * out * _LN2, lambda g, out, x: g * out * _LN2,
             "Exp2Backward0", "2ˣ · ln 2", ("out",)),
    "log2": (np.log2, lambda g, out, x: g / (x * _LN2), lambda g, out, x: g / (x * _LN2),
             "Log2Backward0", "1/(x ln 2)"),
    "log10": (np.log10, lambda g, out, x: g / (x * _LN10), lambda g, out, x: g / (x * _LN10),
              "Log10Backward0", "1/(x ln 10)"),
    "log1p": (np.log1p, lambda g, out, x: g / (1 + x), lambda g, out, x: g / (1 + x),
              "Log1PBackward0", "1/(1+x)"),
    "rsqrt": (lambda x: 1 / np.sqrt(x), lambda g, out, x: -0.5 * g * out * out * out,
              lambda g, out, x: -0.5 * g * out * out * out, "RsqrtBackward0", "−½ x^(−3/2)",
              ("out",)),
    "sinc": (np.sinc, _sinc_vjp, _sinc_graph, "SincBackward0", "(cos πx − sinc x)/x",
             (0, "out")),
    "deg2rad": (lambda x: x * np.asarray(_PI / 180, x.dtype),
                lambda g, out, x: g * (_PI / 180), lambda g, out, x: g * (_PI / 180),
                "Deg2RadBackward0", "π/180", ()),
    "rad2deg": (lambda x: x * np.asarray(180 / _PI, x.dtype),
                lambda g, out, x: g * (180 / _PI), lambda g, out, x: g * (180 / _PI),
                "Rad2DegBackward0", "180/π", ()),
    "frac": (lambda x: x - np.trunc(x), lambda g, out, x: g, lambda g, out, x: g,
             "FracBackward0", "1", ()),
}
# rounding: a gradient of zero everywhere, the dtype of an integer tensor kept
ROUNDING = {"floor": (np.floor, "FloorBackward0"), "ceil": (np.ceil, "CeilBackward0"),
            "trunc": (np.trunc, "TruncBackward0"), "sign": (np.sign, "SignBackward0"),
            "sgn": (np.sign, "SgnBackward0")}

_ops = []
_graph = {}
for _name, (_fwd, _vjp, _gvjp, _gf, _formula, *_rest) in UNARY.items():
    _reads = (_rest[0],) if _rest else ((0,),)
    _ops.append(_internal(_name, arity=1, forward=_fwd, vjps=(_vjp,), grad_fn=_gf,
                          formulas=(f"∂{_name}(x)/∂x = {_formula}",), reads=_reads,
                          **_E, **_float))
    _graph[_name] = (_gvjp,)
for _name, (_fn, _gf) in ROUNDING.items():
    _fwd = _sign_fwd if _fn is np.sign else _keep_int(_fn)
    _ops.append(_internal(_name, arity=1, forward=_fwd,
                          vjps=(lambda g, out, x: np.zeros_like(g),), grad_fn=_gf,
                          formulas=(f"∂{_name}(x)/∂x = 0",), **_Z))
    _graph[_name] = (lambda g, out, x: g * 0,)

_cmin = _clamp1(np.maximum, lambda x, b: x >= b)
_cmax = _clamp1(np.minimum, lambda x, b: x <= b)
_ops += [
    _internal("logit", arity=1, forward=_logit_fwd, vjps=(_logit_vjp,), grad_fn="LogitBackward0",
              formulas=("∂logit(x)/∂x = 1/(x(1−x))",), reads=((0,),), **_E, **_float),
    _internal("nan_to_num", arity=1, forward=_nan_to_num_fwd,
              vjps=(lambda g, out, x, nan, posinf, neginf: g * _finite(x),),
              grad_fn="NanToNumBackward0", formulas=("∂/∂x = 1 where x is finite, else 0",),
              reads=((0,),), **_E),
    _internal("clamp_min", arity=1, forward=_cmin[0], vjps=(_cmin[1],),
              grad_fn="ClampMinBackward0", formulas=("∂/∂x = 1 where x ≥ min",),
              reads=((0,),), **_E),
    _internal("clamp_max", arity=1, forward=_cmax[0], vjps=(_cmax[1],),
              grad_fn="ClampMaxBackward0", formulas=("∂/∂x = 1 where x ≤ max",),
              reads=((0,),), **_E),
]
_graph.update({
    "logit": (lambda g, out, x, eps: g / (x * (1 - x)) * _const(_logit_mask(x._data, eps)),),
    "nan_to_num": (lambda g, out, x, nan, posinf, neginf: g * _const(_finite(x._data)),),
    "clamp_min": (_cmin[2],),
    "clamp_max": (_cmax[2],),
})


# ---- binary and ternary (broadcasting; a Python number on either side is a constant)
def _atan2_den(x, y):
    return x * x + y * y


_B = dict(category="elementwise", saves=True, broadcast=True, float_out=True)
BINARY = {
    "atan2": dict(forward=np.arctan2,
                  vjps=(lambda g, out, x, y: g * y / _atan2_den(x, y),
                        lambda g, out, x, y: -g * x / _atan2_den(x, y)),
                  graph=(lambda g, out, x, y: g * y / _atan2_den(x, y),
                         lambda g, out, x, y: -g * x / _atan2_den(x, y)),
                  grad_fn="Atan2Backward0", formulas=("∂/∂x = y/(x²+y²)", "∂/∂y = −x/(x²+y²)"),
                  reads=((0, 1), (0, 1)), input_names=("input", "other")),
    "hypot": dict(forward=np.hypot,
                  vjps=(lambda g, out, x, y: g * x / out, lambda g, out, x, y: g * y / out),
                  graph=(lambda g, out, x, y: g * x / out, lambda g, out, x, y: g * y / out),
                  grad_fn="HypotBackward0", formulas=("∂/∂x = x/hypot", "∂/∂y = y/hypot"),
                  reads=((0, "out"), (1, "out"))),
    "logaddexp": dict(forward=np.logaddexp,
                      vjps=(lambda g, out, x, y: g * np.exp(x - out),
                            lambda g, out, x, y: g * np.exp(y - out)),
                      graph=(lambda g, out, x, y: g * (x - out).exp(),
                             lambda g, out, x, y: g * (y - out).exp()),
                      grad_fn="LogaddexpBackward0",
                      formulas=("∂/∂x = eˣ/(eˣ+eʸ)", "∂/∂y = eʸ/(eˣ+eʸ)"),
                      reads=((0, "out"), (1, "out"))),
    "xlogy": dict(forward=_xlogy_fwd, vjps=(_xlogy_vjp_x, lambda g, out, x, y: g * x / y),
                  graph=(_xlogy_graph_x, lambda g, out, x, y: g * x / y),
                  grad_fn=_xlogy_name, formulas=("∂/∂x = ln y", "∂/∂y = x/y"),
                  reads=((0, 1), (0, 1)), edges=_tensor_edges),
    # remainder/fmod keep integer dtypes (Python's % on int64 tensors)
    "remainder": dict(forward=np.remainder,
                      vjps=(lambda g, out, x, y: g, lambda g, out, x, y: -g * np.floor(x / y)),
                      graph=(lambda g, out, x, y: g,
                             lambda g, out, x, y: -g * _const(np.floor(x._data / y._data))),
                      grad_fn=_scalar_name("RemainderBackward1", "RemainderBackward0"),
                      formulas=("∂/∂x = 1", "∂/∂y = −⌊x/y⌋"), reads=((), (0, 1)),
                      edges=_tensor_edges, float_out=False),
    "fmod": dict(forward=np.fmod,
                 vjps=(lambda g, out, x, y: g, lambda g, out, x, y: -g * np.trunc(x / y)),
                 graph=(lambda g, out, x, y: g,
                        lambda g, out, x, y: -g * _const(np.trunc(x._data / y._data))),
                 grad_fn=_scalar_name("FmodBackward1", "FmodBackward0"),
                 formulas=("∂/∂x = 1", "∂/∂y = −trunc(x/y)"), reads=((), (0, 1)),
                 edges=_tensor_edges, float_out=False),
}
for _name, _spec in BINARY.items():
    _spec = dict(_spec)
    _graph[_name] = _spec.pop("graph")
    _ops.append(_internal(_name, arity=2, **{**_B, **_spec}))


# lerp(start, end, weight): a number weight is a parameter (LerpBackward0), a tensor weight
# a third input (LerpBackward1)
def _addc_vjps(div: bool):
    if div:
        return (lambda g, out, x, a, b, value: g,
                lambda g, out, x, a, b, value: g * value / b,
                lambda g, out, x, a, b, value: -g * value * a / (b * b))
    return (lambda g, out, x, a, b, value: g,
            lambda g, out, x, a, b, value: g * value * b,
            lambda g, out, x, a, b, value: g * value * a)


_T = dict(category="elementwise", saves=True, broadcast=True, float_out=True)
_ops += [
    _internal("lerp", arity=2, forward=lambda x, y, weight: x + weight * (y - x),
              vjps=(lambda g, out, x, y, weight: g * (1 - weight),
                    lambda g, out, x, y, weight: g * weight),
              grad_fn="LerpBackward0", formulas=("∂/∂start = 1 − w", "∂/∂end = w"),
              reads=((), ()), input_names=("input", "end"), **_T),
    _internal("lerp_tensor", arity=3, forward=lambda x, y, w: x + w * (y - x),
              vjps=(lambda g, out, x, y, w: g * (1 - w), lambda g, out, x, y, w: g * w,
                    lambda g, out, x, y, w: g * (y - x)),
              grad_fn="LerpBackward1",
              formulas=("∂/∂start = 1 − w", "∂/∂end = w", "∂/∂w = end − start"),
              reads=((2,), (2,), (0, 1)), input_names=("input", "end", "weight"), **_T),
    _internal("addcmul", arity=3, forward=lambda x, a, b, value: x + value * a * b,
              vjps=_addc_vjps(False), grad_fn="AddcmulBackward0",
              formulas=("∂/∂input = 1", "∂/∂tensor1 = v·t2", "∂/∂tensor2 = v·t1"),
              reads=((), (2,), (1,)), input_names=("input", "tensor1", "tensor2"), **_T),
    _internal("addcdiv", arity=3, forward=lambda x, a, b, value: x + value * a / b,
              vjps=_addc_vjps(True), grad_fn="AddcdivBackward0",
              formulas=("∂/∂input = 1", "∂/∂tensor1 = v/t2", "∂/∂tensor2 = −v·t1/t2²"),
              reads=((), (2,), (1, 2)), input_names=("input", "tensor1", "tensor2"), **_T),
]
_graph.update({
    "lerp": (lambda g, out, x, y, weight: g * (1 - weight),
             lambda g, out, x, y, weight: g * weight),
    "lerp_tensor": (lambda g, out, x, y, w: g * (1 - w), lambda g, out, x, y, w: g * w,
                    lambda g, out, x, y, w: g * (y - x)),
    "addcmul": _addc_vjps(False),
    "addcdiv": _addc_vjps(True),
})

INTERNAL_OPS.update({op.name: op for op in _ops})
GRAPH_VJPS.update(_graph)


# ------------------------------------------------------------------------------- the API
def _unary_api(name: str):
    op = INTERNAL_OPS[name]

    def method(self):
        return _apply(op, (self,), {})
    method.__name__ = name
    return method


def logit(self: Tensor, eps=None) -> Tensor:
    return _apply(INTERNAL_OPS["logit"], (self,), {"eps": eps})


def nan_to_num(self: Tensor, nan: float = 0.0, posinf=None, neginf=None) -> Tensor:
    return _apply(INTERNAL_OPS["nan_to_num"], (self,),
                  {"nan": nan, "posinf": posinf, "neginf": neginf})


def _bound(v):
    return v.item() if isinstance(v, Tensor) and v.numel() == 1 and not v.requires_grad else v


def clamp_min(self: Tensor, min) -> Tensor:  # noqa: A002  (torch's keyword)
    min = _bound(min)
    if isinstance(min, Tensor):
        return _apply(INTERNAL_OPS["maximum"], (self, min), {})
    return _apply(INTERNAL_OPS["clamp_min"], (self,), {"bound": min})


def clamp_max(self: Tensor, max) -> Tensor:  # noqa: A002
    max = _bound(max)
    if isinstance(max, Tensor):
        return _apply(INTERNAL_OPS["minimum"], (self, max), {})
    return _apply(INTERNAL_OPS["clamp_max"], (self,), {"bound": max})


def clip(self: Tensor, min=None, max=None) -> Tensor:  # noqa: A002
    """torch's alias of clamp."""
    return self.clamp(min, max)


def absolute(self: Tensor) -> Tensor:
    return self.abs()


def _binary_api(name: str):
    op = INTERNAL_OPS[name]

    def function(input, other):
        return _apply(op, (input, other), {})
    function.__name__ = name
    return function


def lerp(self: Tensor, end, weight) -> Tensor:
    if isinstance(weight, Tensor):
        return _apply(INTERNAL_OPS["lerp_tensor"], (self, end, weight), {})
    return _apply(INTERNAL_OPS["lerp"], (self, end), {"weight": weight})


def addcmul(self: Tensor, tensor1, tensor2, *, value=1) -> Tensor:
    return _apply(INTERNAL_OPS["addcmul"], (self, tensor1, tensor2), {"value": value})


def addcdiv(self: Tensor, tensor1, tensor2, *, value=1) -> Tensor:
    return _apply(INTERNAL_OPS["addcdiv"], (self, tensor1, tensor2), {"value": value})


def heaviside(self: Tensor, values) -> Tensor:
    """0 below zero, 1 above, ``values`` at zero (torch has no derivative for it)."""
    x = self._data
    v = values._data if isinstance(values, Tensor) else np.asarray(values, x.dtype)
    return _wrap(np.asarray(np.heaviside(x, v), dtype=np.result_type(x, v)))


def signbit(self: Tensor) -> Tensor:
    return _wrap(np.signbit(self._data))


def _inplace_unary(name: str):
    op = INTERNAL_OPS[name]

    def method(self):
        return _inplace(self, op, (), {})
    method.__name__ = name + "_"
    return method


FUNCTIONS: dict = {}
_METHODS: dict = {}
for _name in list(UNARY) + list(ROUNDING):
    _METHODS[_name] = _unary_api(_name)
    setattr(Tensor, _name + "_", _inplace_unary(_name))
for _name in BINARY:
    _METHODS[_name] = _binary_api(_name)
    setattr(Tensor, _name + "_", (lambda op: lambda self, other: _inplace(
        self, op, (other,), {}))(INTERNAL_OPS[_name]))
for _fn in (logit, nan_to_num, clamp_min, clamp_max, clip, absolute, lerp, addcmul, addcdiv,
            heaviside, signbit):
    _METHODS[_fn.__name__] = _fn
_METHODS["arctan"], _METHODS["arcsin"], _METHODS["arccos"] = (
    _METHODS["atan"], _METHODS["asin"], _METHODS["acos"])
_METHODS["arctan2"] = _METHODS["atan2"]
for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)
    FUNCTIONS[_name] = _fn

# in place with parameters
Tensor.logit_ = lambda self, eps=None: _inplace(self, INTERNAL_OPS["logit"], (), {"eps": eps})
Tensor.nan_to_num_ = lambda self, nan=0.0, posinf=None, neginf=None: _inplace(
    self, INTERNAL_OPS["nan_to_num"], (), {"nan": nan, "posinf": posinf, "neginf": neginf})
Tensor.clamp_min_ = lambda self, min: _inplace(self, INTERNAL_OPS["clamp_min"], (),
                                               {"bound": _bound(min)})
Tensor.clamp_max_ = lambda self, max: _inplace(self, INTERNAL_OPS["clamp_max"], (),
                                               {"bound": _bound(max)})
Tensor.clip_ = lambda self, min=None, max=None: self.clamp_(min, max)
Tensor.absolute_ = lambda self: self.abs_()
Tensor.round_ = lambda self, decimals=0: _inplace(self, OPS["round"], (),
                                                  {"decimals": decimals})
Tensor.lerp_ = lambda self, end, weight: _inplace(
    self, INTERNAL_OPS["lerp_tensor"], (end, weight), {}) if isinstance(weight, Tensor) else \
    _inplace(self, INTERNAL_OPS["lerp"], (end,), {"weight": weight})
Tensor.addcmul_ = lambda self, tensor1, tensor2, *, value=1: _inplace(
    self, INTERNAL_OPS["addcmul"], (tensor1, tensor2), {"value": value})
Tensor.addcdiv_ = lambda self, tensor1, tensor2, *, value=1: _inplace(
    self, INTERNAL_OPS["addcdiv"], (tensor1, tensor2), {"value": value})
# Python's % on tensors is torch.remainder (the sign of the divisor, like Python's)
Tensor.__mod__ = lambda self, other: _apply(INTERNAL_OPS["remainder"], (self, other), {})
Tensor.__rmod__ = lambda self, other: _apply(INTERNAL_OPS["remainder"], (other, self), {})
Tensor.__imod__ = Tensor.remainder_


# ---- division with a rounding mode, floor division (``//``) and torch's aliases
def _rounded_div(x, y, rounding_mode):
    if x.dtype.kind in "fc":
        with np.errstate(all="ignore"):
            q = np.true_divide(x, y)
        return np.floor(q) if rounding_mode == "floor" else np.trunc(q)
    q = np.floor_divide(x, y)
    if rounding_mode == "trunc":   # floor rounds a negative quotient down; trunc toward 0
        q = q + ((np.remainder(x, y) != 0) & ((x < 0) != (y < 0)))
    return q


def _no_derivative(name: str):
    def vjp(*args, **kwargs):
        raise RuntimeError(f"derivative for aten::{name} is not implemented")
    return vjp


_ROUND = dict(category="arithmetic", saves=False, broadcast=True, reads=((), ()))
_div_ops = [
    _internal("div_rounding", arity=2, forward=_rounded_div,
              vjps=(lambda g, out, x, y, rounding_mode: np.zeros_like(g),
                    lambda g, out, x, y, rounding_mode: np.zeros_like(g)),
              grad_fn="DivBackward2", formulas=("∂⌊x/y⌋/∂x = 0", "∂⌊x/y⌋/∂y = 0"), **_ROUND),
    _internal("floor_divide", arity=2, forward=lambda x, y: _rounded_div(x, y, "floor"),
              vjps=(_no_derivative("floor_divide"), _no_derivative("floor_divide")),
              grad_fn="NotImplemented", formulas=("not differentiable", "not differentiable"),
              edges=_tensor_edges, **_ROUND),
]
INTERNAL_OPS.update({op.name: op for op in _div_ops})
GRAPH_VJPS.update({"div_rounding": (lambda g, out, x, y, rounding_mode: g * 0,
                                    lambda g, out, x, y, rounding_mode: g * 0),
                   "floor_divide": (_no_derivative("floor_divide"),
                                    _no_derivative("floor_divide"))})
def div(input, other, *, rounding_mode=None) -> Tensor:
    """torch.div: true division, or rounded with ``rounding_mode='floor'`` / ``'trunc'``."""
    if rounding_mode is None:
        # the operator, so that a subclass's division (forward mode's dual tensors) is the one run
        return (input if isinstance(input, Tensor) else _as_tensor(input)).__truediv__(other)
    if rounding_mode not in ("floor", "trunc"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                           f"but found '{rounding_mode}'")
    return _apply(INTERNAL_OPS["div_rounding"], (input, other), {"rounding_mode": rounding_mode})


def floor_divide(input, other) -> Tensor:
    return _apply(INTERNAL_OPS["floor_divide"], (input, other), {})


def _div_(self: Tensor, other, *, rounding_mode=None) -> Tensor:
    if rounding_mode is None:
        return _inplace(self, OPS["div"], (other,), {})
    return _inplace(self, INTERNAL_OPS["div_rounding"], (other,), {"rounding_mode": rounding_mode})


_ALIASES = {"div": div, "divide": div, "true_divide": div, "floor_divide": floor_divide,
            "multiply": Tensor.mul, "subtract": Tensor.sub, "negative": Tensor.neg}
for _name, _fn in _ALIASES.items():
    setattr(Tensor, _name, _fn)
    FUNCTIONS[_name] = _fn
_div_.__name__ = "div_"   # (the table's div_, plus rounding_mode)
Tensor.div_ = Tensor.divide_ = Tensor.true_divide_ = _div_
Tensor.floor_divide_ = lambda self, other: _inplace(self, INTERNAL_OPS["floor_divide"], (other,), {})
Tensor.__floordiv__ = floor_divide
Tensor.__rfloordiv__ = lambda self, other: floor_divide(other, self)
Tensor.__ifloordiv__ = Tensor.floor_divide_
Tensor.__itruediv__ = Tensor.div_
