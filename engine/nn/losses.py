"""More losses tutorials and the nn docs use: ``l1_loss``/``L1Loss``, ``smooth_l1_loss``/
``SmoothL1Loss`` and ``kl_div``/``KLDivLoss``, recorded as torch 2.13 records them (L1 is
``MeanBackward0`` over ``AbsBackward0`` over ``SubBackward0``; smooth L1 one
``SmoothL1LossBackward0`` node; kl_div ``xlogy(t, t) − t·input`` reduced, batchmean a
``DivBackward0`` over ``SumBackward0``)."""
from __future__ import annotations

import numpy as np

from ..ops import _apply
from ..op_table import INTERNAL_OPS
from ..tensor import Tensor, _wrap
from .modules import Module

__all__ = ["l1_loss", "smooth_l1_loss", "kl_div", "L1Loss", "SmoothL1Loss", "KLDivLoss"]


def _reduced(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def l1_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    return _reduced((input - target).abs(), reduction)


def smooth_l1_loss(input: Tensor, target: Tensor, reduction: str = "mean",
                   beta: float = 1.0) -> Tensor:
    return _apply(INTERNAL_OPS["smooth_l1_loss"], (input, target),
                  {"reduction": reduction, "beta": float(beta)})


def kl_div(input: Tensor, target: Tensor, reduction: str = "mean",
           log_target: bool = False) -> Tensor:
    if log_target:
        loss = target.exp() * (target - input)
    else:
        t = target._data
        with np.errstate(divide="ignore", invalid="ignore"):
            xlogy = np.where(t == 0, 0, t * np.log(t)).astype(t.dtype)
        loss = (target * 0 + _wrap(xlogy) if target.requires_grad else _wrap(xlogy)) \
            - target * input
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.ndim else 1)
    return _reduced(loss, reduction)


class _Loss(Module):
    def __init__(self, reduction: str = "mean"):
        super().__init__()
        self.reduction = reduction


class L1Loss(_Loss):
    def forward(self, input, target):
        return l1_loss(input, target, self.reduction)


class SmoothL1Loss(_Loss):
    def __init__(self, reduction: str = "mean", beta: float = 1.0):
        super().__init__(reduction)
        self.beta = beta

    def forward(self, input, target):
        return smooth_l1_loss(input, target, self.reduction, self.beta)


class KLDivLoss(_Loss):
    def __init__(self, reduction: str = "mean", log_target: bool = False):
        super().__init__(reduction)
        self.log_target = log_target

    def forward(self, input, target):
        return kl_div(input, target, self.reduction, self.log_target)
