"""``torch.nn.utils``: gradient clipping (``clip_grad_norm_``, ``clip_grad_value_``, from its
``clip_grad`` module) and ``parameters_to_vector`` / ``vector_to_parameters``."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from . import clip_grad
from .clip_grad import clip_grad_norm, clip_grad_norm_, clip_grad_value_
from ..autograd import no_grad
from ..joins import cat
from ..tensor import Tensor

__all__ = ["clip_grad_norm_", "clip_grad_norm", "clip_grad_value_", "parameters_to_vector",
           "vector_to_parameters", "clip_grad"]


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """One flat tensor of all parameters (CatBackward0 over their views, as in torch)."""
    return cat([p.view(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of ``vec`` into the parameters' values."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    offset = 0
    with no_grad():
        for p in parameters:
            n = p.numel()
            p._data = np.array(vec._data[offset:offset + n].reshape(p._data.shape),
                               dtype=p._data.dtype)
            offset += n
