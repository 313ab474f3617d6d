"""MultiLabelMarginLoss, MultiLabelSoftMarginLoss, MultiMarginLoss, SoftMarginLoss (and the
F. forms): loss, grad_fn and input gradient per reduction against torch 2.13's recorded
answers, plus a live comparison."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import engine
from tests.parity.margin_loss_cases import cases

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "margin_losses.json").read_text())


@pytest.mark.parametrize("name", sorted(FIXTURE))
def test_matches_recorded_torch(name):
    assert cases(engine)[name] == FIXTURE[name]


def test_bad_reduction_is_one_clear_error():
    with pytest.raises(ValueError, match="not a valid value for reduction"):
        engine.nn.SoftMarginLoss(reduction="avg")(engine.ones(2), engine.ones(2))


@pytest.mark.torch
def test_matches_live_torch():
    torch = pytest.importorskip("torch")
    assert cases(engine) == cases(torch)
