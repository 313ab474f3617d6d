"""The tensor-math breadth of issues #13/#14 (elementwise math, comparisons, reductions,
creation): values, gradients, grad_fn names, dtypes and error texts against torch 2.13
(recorded in ``tests/parity/fixtures/api_h1.json``, and live under the ``torch`` marker), and
the new ops' first and second derivatives against finite differences in float64."""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

import engine
from engine.autograd import gradcheck, gradgradcheck

PARITY = Path(__file__).resolve().parents[1] / "parity"
sys.path.insert(0, str(PARITY))
from api_h1_cases import CASES, outcome  # noqa: E402

RECORDED = json.loads((PARITY / "fixtures" / "api_h1.json").read_text(encoding="utf-8"))["cases"]


def _close(got, want, path="") -> None:
    """Recursive comparison: numbers to float32 precision, everything else exactly."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), f"{path}: {got} != {want}"
        for k in want:
            _close(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got} != {want}"
        for i, (a, b) in enumerate(zip(got, want)):
            _close(a, b, f"{path}[{i}]")
    elif isinstance(want, float) and not isinstance(want, bool):
        assert isinstance(got, (int, float)) and not isinstance(got, bool), f"{path}: {got!r}"
        assert math.isclose(got, want, rel_tol=2e-6, abs_tol=2e-6), f"{path}: {got} != {want}"
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


def test_every_case_is_recorded():
    assert set(CASES) == set(RECORDED)


@pytest.mark.parametrize("name", sorted(CASES))
def test_engine_matches_recorded_torch(name):
    _close(outcome(CASES[name], engine), RECORDED[name])


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_engine_matches_live_torch(name):
    torch = pytest.importorskip("torch")
    _close(outcome(CASES[name], engine), outcome(CASES[name], torch))


# ----------------------------------------------------------------- finite differences
def _t(values):
    return engine.tensor(values, dtype=engine.float64, requires_grad=True)


A = [0.3, -0.45, 0.7]
B = [0.25, 0.9, -0.6]
PROB = [0.2, 0.45, 0.8]
GRAD_FNS = {
    "acos": (lambda x: x.acos(), PROB), "asin": (lambda x: x.asin(), PROB),
    "atan": (lambda x: x.atan(), A), "sinh": (lambda x: x.sinh(), A),
    "cosh": (lambda x: x.cosh(), A), "tan": (lambda x: x.tan(), A),
    "erf": (lambda x: x.erf(), A), "erfinv": (lambda x: x.erfinv(), PROB),
    "expm1": (lambda x: x.expm1(), A), "exp2": (lambda x: x.exp2(), A),
    "log2": (lambda x: (x + 1).log2(), A), "log10": (lambda x: (x + 1).log10(), A),
    "log1p": (lambda x: x.log1p(), A), "frac": (lambda x: (x * 3).frac(), A),
    "rsqrt": (lambda x: (x + 1).rsqrt(), A), "sinc": (lambda x: x.sinc(), A),
    "deg2rad": (lambda x: x.deg2rad(), A), "rad2deg": (lambda x: x.rad2deg(), A),
    "logit": (lambda x: x.logit(), PROB), "logit_eps": (lambda x: x.logit(0.3), PROB),
    "nan_to_num": (lambda x: x.nan_to_num(), A), "clamp_min": (lambda x: x.clamp_min(0.1), A),
    "clamp_max": (lambda x: x.clamp_max(0.1), A),
    "atan2": (lambda x: engine.atan2(x, x * 0.5 + 1), A),
    "hypot": (lambda x: engine.hypot(x, x * x + 0.5), A),
    "logaddexp": (lambda x: engine.logaddexp(x, x * 2), A),
    "xlogy": (lambda x: engine.xlogy(x, x * x + 1), A),
    "remainder": (lambda x: engine.remainder(x, x * x + 1.3), A),
    "fmod": (lambda x: engine.fmod(x, x * x + 1.3), A),
    "lerp": (lambda x: engine.lerp(x, x * x, 0.3), A),
    "lerp_tensor": (lambda x: engine.lerp(x, x * x, x.sigmoid()), A),
    "addcmul": (lambda x: engine.addcmul(x, x * 2, x.exp(), value=0.5), A),
    "addcdiv": (lambda x: engine.addcdiv(x, x * 2, x.exp(), value=0.5), A),
}
MAT = [[0.3, -1.2, 2.0], [1.5, 0.4, -0.7]]
GRAD_FNS.update({
    "prod_all": (lambda x: x.prod(), MAT), "prod_dim": (lambda x: x.prod(1, keepdim=True), MAT),
    "cumsum": (lambda x: x.cumsum(1) ** 2, MAT), "cumprod": (lambda x: x.cumprod(0), MAT),
    "logcumsumexp": (lambda x: x.logcumsumexp(1) ** 2, MAT),
    "cummax": (lambda x: x.cummax(1).values ** 2, MAT),
    "median": (lambda x: x.median(0).values ** 2, MAT),
    "kthvalue": (lambda x: x.kthvalue(2, 1, keepdim=True).values ** 2, MAT),
    "median_all": (lambda x: x.median() ** 2, MAT),
    "nansum": (lambda x: engine.nansum(x * x, 1), MAT), "nanmean": (lambda x: (x * x).nanmean(), MAT),
    "std_mean": (lambda x: engine.std_mean(x, 1)[0] * engine.std_mean(x, 1)[1], MAT),
    "var_mean": (lambda x: engine.var_mean(x)[0] * engine.var_mean(x)[1], MAT),
    "trace": (lambda x: (x @ x.t()).trace() ** 2, MAT),
    "diff": (lambda x: engine.diff(x, n=2) ** 2, MAT),
    "dist": (lambda x: engine.dist(x, x * x), MAT), "dist_p3": (lambda x: x.dist(x * x, 3), MAT),
})
SQUARE = [[1.0, 2.0, 0.5], [3.0, -4.0, 2.0], [0.5, 1.0, 5.0]]
GRAD_FNS.update({
    "tril": (lambda x: x.tril(-1) ** 2, SQUARE), "triu": (lambda x: engine.triu(x, 1) ** 2, SQUARE),
    "diag_vector": (lambda x: engine.diag(x[0]) ** 2, SQUARE),
    "diag_matrix": (lambda x: engine.diag(x, -1) ** 2, SQUARE),
    "diag_embed": (lambda x: engine.diag_embed(x) ** 2, SQUARE),
    "diagonal": (lambda x: x.diagonal(1) ** 2, SQUARE),
    "diagonal_3d": (lambda x: x.reshape(1, 3, 3).diagonal(0, 1, 2) ** 2, SQUARE),
    "meshgrid": (lambda x: engine.meshgrid(x[0], x[1], indexing="xy")[0] ** 2
                 * engine.meshgrid(x[0], x[1], indexing="xy")[1], SQUARE),
})


@pytest.mark.parametrize("name", sorted(GRAD_FNS))
def test_first_and_second_derivatives_match_finite_differences(name):
    fn, values = GRAD_FNS[name]
    assert gradcheck(fn, (_t(values),))
    assert gradgradcheck(fn, (_t(values),))
