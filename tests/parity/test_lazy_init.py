"""Lazy modules and ``nn.init`` (deprecated aliases, orthogonal_/eye_/dirac_/sparse_/
trunc_normal_) against torch 2.13's recorded answers, plus a live comparison."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import engine
from tests.parity.lazy_init_cases import CASES

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "lazy_init.json").read_text())


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_recorded_torch(name):
    assert CASES[name](engine) == FIXTURE[name]


def test_optimizer_built_before_first_call_updates_the_materialised_weight():
    net = engine.nn.LazyLinear(2)
    opt = engine.optim.SGD(net.parameters(), lr=0.1)
    net(engine.ones(1, 3)).sum().backward()
    before = net.weight.detach().clone()
    opt.step()
    assert engine.allclose(net.weight, before - 0.1)


def test_printing_a_lazy_module_does_not_move_the_random_stream():
    engine.manual_seed(0)
    a = engine.rand(3)
    engine.manual_seed(0)
    repr(engine.nn.LazyConv2d(4, 3))
    assert engine.equal(engine.rand(3), a)


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_live_torch(name):
    torch = pytest.importorskip("torch")
    assert CASES[name](engine) == CASES[name](torch)
