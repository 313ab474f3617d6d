"""Finite-difference gradient checking for op-table entries (float64, central differences).

Used by the generic op tests; kept separate so the negative control can run the very same
checker against a deliberately wrong VJP."""
from __future__ import annotations

import numpy as np

import engine
from engine.ops import _apply

EPS = 1e-6
ATOL = 1e-5
RTOL = 1e-3


def _forward(op, arrays, params) -> np.ndarray:
    with engine.no_grad():
        return _apply(op, tuple(engine.tensor(a) for a in arrays), dict(params))._data


def diff_inputs(op, arrays) -> list[int]:
    """Inputs that receive a gradient: float arrays that are not declared non-differentiable."""
    return [i for i, a in enumerate(arrays)
            if i not in op.nondiff and np.asarray(a).dtype.kind == "f"]


def engine_vjp(op, arrays, params, cotangent) -> dict[int, np.ndarray]:
    """Gradients of sum(op(x) * cotangent) w.r.t. each differentiable input, via backward."""
    ins = []
    wrt = diff_inputs(op, arrays)
    for i, a in enumerate(arrays):
        ins.append(engine.tensor(a, requires_grad=i in wrt))
    out = _apply(op, tuple(ins), dict(params))
    out.backward(engine.tensor(cotangent))
    return {i: ins[i].grad._data for i in wrt}


def numeric_vjp(op, arrays, params, cotangent) -> dict[int, np.ndarray]:
    """Central differences of sum(op(x) * cotangent), one coordinate at a time."""
    res = {}
    for i in diff_inputs(op, arrays):
        base = [np.array(a, dtype=np.float64) if j == i else a for j, a in enumerate(arrays)]
        g = np.zeros_like(base[i])
        flat = base[i].reshape(-1)
        gflat = g.reshape(-1)
        for k in range(flat.size):
            old = flat[k]
            flat[k] = old + EPS
            fp = np.sum(_forward(op, base, params) * cotangent)
            flat[k] = old - EPS
            fm = np.sum(_forward(op, base, params) * cotangent)
            flat[k] = old
            gflat[k] = (fp - fm) / (2 * EPS)
        res[i] = g
    return res


def check_vjp(op, arrays, params, rng) -> list[str]:
    """Problems found comparing engine VJPs with finite differences (empty = passes)."""
    out = _forward(op, arrays, params)
    cot = rng.standard_normal(out.shape)
    got = engine_vjp(op, arrays, params, cot)
    want = numeric_vjp(op, arrays, params, cot)
    problems = []
    for i in want:
        if got[i].shape != np.shape(arrays[i]):
            problems.append(f"input {i}: grad shape {got[i].shape} != input shape "
                            f"{np.shape(arrays[i])}")
        elif not np.allclose(got[i], want[i], atol=ATOL, rtol=RTOL):
            problems.append(f"input {i}: engine {got[i].tolist()} vs finite differences "
                            f"{want[i].tolist()}")
    return problems


def check_directional(op, arrays, params, rng, n_dirs: int = 3) -> list[str]:
    """gradcheck along random directions: <grad, d> == (f(x + eps d) - f(x - eps d)) / 2eps."""
    out = _forward(op, arrays, params)
    cot = rng.standard_normal(out.shape)
    got = engine_vjp(op, arrays, params, cot)
    wrt = diff_inputs(op, arrays)
    problems = []
    for _ in range(n_dirs):
        dirs = {i: rng.standard_normal(np.shape(arrays[i])) for i in wrt}
        plus = [np.asarray(a, np.float64) + EPS * dirs[i] if i in dirs else a
                for i, a in enumerate(arrays)]
        minus = [np.asarray(a, np.float64) - EPS * dirs[i] if i in dirs else a
                 for i, a in enumerate(arrays)]
        numeric = (np.sum(_forward(op, plus, params) * cot)
                   - np.sum(_forward(op, minus, params) * cot)) / (2 * EPS)
        analytic = sum(float(np.sum(got[i] * dirs[i])) for i in wrt)
        if not np.isclose(analytic, numeric, atol=ATOL, rtol=RTOL):
            problems.append(f"direction check: analytic {analytic} vs numeric {numeric}")
    return problems
