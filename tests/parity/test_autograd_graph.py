"""``torch.autograd.graph`` (Node, register_multi_grad_hook all/any, save_on_cpu) and
``autograd.grad(materialize_grads=True)`` against torch 2.13's recorded answers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import engine
from tests.parity.autograd_graph_cases import CASES

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "autograd_graph.json").read_text())


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_recorded_torch(name):
    assert CASES[name](engine) == FIXTURE[name]


def test_saved_tensors_hooks_is_refused_in_one_line():
    with pytest.raises(NotImplementedError, match="saved_tensors_hooks is not available"):
        with engine.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            pass


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_live_torch(name):
    torch = pytest.importorskip("torch")
    assert CASES[name](engine) == CASES[name](torch)
