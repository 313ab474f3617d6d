"""``engine.nn.functional``: generated from the op table (linear, relu, tanh, sigmoid,
softmax, log_softmax, mse_loss, cross_entropy)."""
from ..ops import FUNCTIONAL as _F

globals().update(_F)
__all__ = list(_F)
