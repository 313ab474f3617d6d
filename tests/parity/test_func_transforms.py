"""``torch.func``'s jacrev, jacfwd, hessian, vmap and functional_call against torch 2.13's
recorded answers (printed tensors, so values, shapes and signed zeros), plus a live check."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import engine
from tests.parity.func_cases import run

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "func.json").read_text())


@pytest.mark.parametrize("i", range(len(FIXTURE)))
def test_matches_recorded_torch(i):
    assert run(engine)[i] == FIXTURE[i]


def test_functional_call_leaves_the_module_unchanged():
    lin = engine.nn.Linear(2, 1)
    before = lin.weight
    engine.func.functional_call(lin, {"weight": engine.zeros(1, 2)}, (engine.ones(1, 2),))
    assert lin.weight is before


def test_vmap_refuses_mismatched_batch_sizes():
    with pytest.raises(ValueError, match="same size"):
        engine.func.vmap(engine.dot)(engine.ones(2, 3), engine.ones(3, 3))


@pytest.mark.torch
def test_matches_live_torch():
    torch = pytest.importorskip("torch")
    assert run(engine) == run(torch)
