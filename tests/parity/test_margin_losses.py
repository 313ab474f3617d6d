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


@pytest.mark.parametrize("red", ["mean", "sum", "none"])
@pytest.mark.parametrize("loss", ["multi_margin_p1", "multi_margin_p2", "multilabel_margin",
                                  "soft_margin"])
def test_second_derivatives_match_finite_differences(loss, red):
    """(torch itself has no double backward for multi_margin_loss: the oracle is finite
    differences in float64, away from the hinges' kinks)"""
    F = engine.nn.functional
    x = engine.tensor([[0.1, 0.2, 0.4, 0.8], [0.5, -0.3, 0.9, 0.05]], dtype=engine.float64,
                      requires_grad=True)
    f = {"multi_margin_p1": lambda x: F.multi_margin_loss(x, engine.tensor([3, 1]),
                                                          reduction=red),
         "multi_margin_p2": lambda x: F.multi_margin_loss(x, engine.tensor([3, 1]), p=2,
                                                          reduction=red),
         "multilabel_margin": lambda x: F.multilabel_margin_loss(
             x, engine.tensor([[3, 0, -1, 1], [1, 2, 3, -1]]), reduction=red),
         "soft_margin": lambda x: F.soft_margin_loss(
             x, engine.tensor([[1.0, -1, 1, 1], [-1, -1, 1, -1]], dtype=engine.float64),
             reduction=red)}[loss]
    assert engine.autograd.gradcheck(lambda x: f(x) ** 2, (x,))
    assert engine.autograd.gradgradcheck(lambda x: f(x) ** 2, (x,))
