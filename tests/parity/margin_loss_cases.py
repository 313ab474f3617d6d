"""Margin-loss cases (MultiLabelMarginLoss, MultiLabelSoftMarginLoss, MultiMarginLoss,
SoftMarginLoss and their F. forms) run on torch and on the engine: loss, grad_fn name and
input gradient for each reduction, printed, must be equal."""
from __future__ import annotations


def _run(lib, make_loss, x_rows, target, reductions=("mean", "sum", "none")) -> list:
    out = []
    for red in reductions:
        x = lib.tensor(x_rows, dtype=lib.float64, requires_grad=True)
        loss = make_loss(red)(x, target)
        g = lib.ones_like(loss) if loss.ndim else None
        loss.backward(g)
        out.append(f"{red}: {loss.detach()!r} {type(loss.grad_fn).__name__} {x.grad!r}")
    return out


def cases(lib) -> dict:
    nn, F = lib.nn, lib.nn.functional
    x2 = [[0.1, 0.2, 0.4, 0.8], [0.5, -0.3, 0.9, 0.05]]
    return {
        "multilabel_margin": _run(lib, lambda r: nn.MultiLabelMarginLoss(reduction=r), x2,
                                  lib.tensor([[3, 0, -1, 1], [1, 2, 3, -1]])),
        "multilabel_margin_1d": _run(lib, lambda r: lambda x, t: F.multilabel_margin_loss(
            x, t, reduction=r), [0.1, 0.2, 0.4, 0.8], lib.tensor([3, 0, -1, 1])),
        "multilabel_soft_margin": _run(lib, lambda r: nn.MultiLabelSoftMarginLoss(
            weight=lib.tensor([1.0, 2.0, 0.5, 1.0], dtype=lib.float64), reduction=r), x2,
            lib.tensor([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 1.0]], dtype=lib.float64)),
        "multi_margin_p1": _run(lib, lambda r: nn.MultiMarginLoss(reduction=r), x2,
                                lib.tensor([3, 1])),
        "multi_margin_p2_weight": _run(lib, lambda r: nn.MultiMarginLoss(
            p=2, margin=0.7, weight=lib.tensor([1.0, 0.5, 2.0, 1.5], dtype=lib.float64),
            reduction=r), x2, lib.tensor([0, 2])),
        "multi_margin_1d": _run(lib, lambda r: lambda x, t: F.multi_margin_loss(
            x, t, reduction=r), [0.1, 0.2, 0.4, 0.8], lib.tensor([3])),
        "soft_margin": _run(lib, lambda r: nn.SoftMarginLoss(reduction=r), x2,
                            lib.tensor([[1.0, -1.0, 1.0, 1.0], [-1.0, -1.0, 1.0, -1.0]],
                                       dtype=lib.float64)),
    }
