"""Sample inputs of every op, in each op's safe domain, for the generic tests (as PyTorch's
OpInfo carries them): ``samples_for(name)(rng, dtype)`` is a list of ``(arrays, params)``.

Binary ops are sampled on every broadcast pairing of the shapes in ``SHAPES``; an op with no
entry in ``SAMPLES`` gets unary samples on any values (internal ops: none).
"""
from __future__ import annotations

from typing import Callable

import numpy as np


SHAPES = ((), (1,), (3,), (3, 1), (1, 3), (2, 3))


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


def _norm_samples(rng, dtype):
    return [((_away_from_zero(rng, (2, 3), dtype),), params) for params in (
        {}, {"dim": 1}, {"dim": 0, "keepdim": True}, {"p": 1.0}, {"p": 3.0, "dim": 1},
        {"p": float("inf")})] + [((_away_from_zero(rng, (3,), dtype),), {})]


def _bce_samples(rng, dtype):
    return [((_any(rng, s, dtype), np.asarray(rng.uniform(0, 1, s), dtype=dtype)), {})
            for s in ((), (3,), (2, 3))]


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


SAMPLES: dict[str, Callable] = {
    'add': _binary_samples(_any, _any),
    'sub': _binary_samples(_any, _any),
    'mul': _binary_samples(_any, _any),
    'div': _binary_samples(_any, _away_from_zero),
    'pow': _binary_samples(_positive, _any),
    'reciprocal': _unary_samples(_away_from_zero),
    'log': _unary_samples(_positive),
    'abs': _unary_samples(_away_from_zero),
    'sqrt': _unary_samples(_positive),
    'relu': _unary_samples(_away_from_zero),
    'sum': _reduce_samples,
    'mean': _reduce_samples,
    'max': _extreme_samples,
    'min': _extreme_samples,
    'norm': _norm_samples,
    'reshape': lambda rng, dt: _shape_samples(rng, dt, [{"shape": (3, 2)}, {"shape": (6,)},
                                                          {"shape": (-1, 1)}]),
    'view': lambda rng, dt: _shape_samples(rng, dt, [{"shape": (3, 2)}, {"shape": (6,)}]),
    'transpose': lambda rng, dt: _shape_samples(rng, dt, [{"dim0": 0, "dim1": 1},
                                                          {"dim0": -1, "dim1": 0}]),
    't': lambda rng, dt: _shape_samples(rng, dt, [{}]) + [((_any(rng, (3,), dt),), {})],
    'permute': lambda rng, dt: _shape_samples(rng, dt, [{"dims": (1, 0)}, {"dims": (0, 1)}]),
    'unsqueeze': lambda rng, dt: _shape_samples(rng, dt, [{"dim": 0}, {"dim": -1}, {"dim": 1}]),
    'squeeze': lambda rng, dt: _shape_samples(rng, dt, [{}, {"dim": 0}, {"dim": 1}],
                                               (1, 3, 1)),
    'matmul': _matmul_samples,
    'mm': _mm_samples,
    'dot': _dot_samples,
    'clamp': _clamp_samples,
    'where': _where_samples,
    'softmax': _softmax_samples,
    'log_softmax': _softmax_samples,
    'linear': _linear_samples,
    'mse_loss': _mse_samples,
    'cross_entropy': _ce_samples,
    'binary_cross_entropy': _bce_probability_samples,
    'binary_cross_entropy_with_logits': _bce_samples,
}


def _no_samples(rng, dtype) -> list:
    return []


def samples_for(name: str, internal: bool = False) -> Callable:
    """The sample generator of op ``name``."""
    found = SAMPLES.get(name)
    if found is not None:
        return found
    return _no_samples if internal else _unary_samples(_any)
