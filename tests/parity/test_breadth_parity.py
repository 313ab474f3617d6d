"""The API-breadth additions (activations, containers, layers, losses, optimizers, schedulers,
data utilities) against torch 2.13: the engine replays breadth_cases.py and must match the
recorded fixture (fixtures/breadth.json) — strings (grad_fn names, reprs, printed tensors)
exactly, numbers to the dtype's tolerance — and, under the ``torch`` marker, torch itself live."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

import engine

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import breadth_cases  # noqa: E402
from record_breadth import DTYPES, observe  # noqa: E402

FIXTURE = json.loads((HERE / "fixtures" / "breadth.json").read_text(encoding="utf-8"))["cases"]
TOL = {"float64": dict(rtol=1e-7, atol=1e-9), "float32": dict(rtol=2e-4, atol=2e-5)}


def same(got, want, tol, where="") -> None:
    """Recursive comparison: containers by shape, strings and None exactly, numbers close."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), where
        for k in want:
            same(got[k], want[k], tol, f"{where}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{where}: {got!r} vs {want!r}"
        if want and all(isinstance(w, (int, float)) and not isinstance(w, bool) for w in want):
            np.testing.assert_allclose(np.asarray(got, float), np.asarray(want, float),
                                       err_msg=where, **tol)
            return
        for i, (g, w) in enumerate(zip(got, want)):
            same(g, w, tol, f"{where}[{i}]")
    elif isinstance(want, float) and not isinstance(want, bool):
        np.testing.assert_allclose(float(got), want, err_msg=where, **tol)
    else:
        assert got == want, f"{where}: {got!r} != {want!r}"


def test_fixture_covers_every_case():
    assert set(FIXTURE) == set(breadth_cases.CASES), "run python tests/parity/record_breadth.py"


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("name", sorted(breadth_cases.CASES))
def test_engine_matches_recorded_torch(name, dt):
    engine.manual_seed(0)
    got = json.loads(json.dumps(breadth_cases.CASES[name](engine, dt), allow_nan=True))
    same(got, FIXTURE[name][dt], TOL[dt], name)


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(breadth_cases.CASES))
def test_engine_matches_live_torch(name):
    torch = pytest.importorskip("torch")
    want = json.loads(json.dumps(observe(torch, [name])[name], allow_nan=True))
    for dt in DTYPES:
        got = json.loads(json.dumps(breadth_cases.CASES[name](engine, dt), allow_nan=True))
        same(got, want[dt], TOL[dt], name)
