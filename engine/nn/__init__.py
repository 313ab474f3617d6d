"""``engine.nn``: Module, Parameter, Linear, activations, Sequential and losses."""
from . import functional
from .modules import (BCEWithLogitsLoss, CrossEntropyLoss, Flatten, Linear, Module, MSELoss, Parameter, ReLU, Sequential,
                      Sigmoid, Tanh, Identity, Softmax, LogSoftmax)

__all__ = ["Module", "Parameter", "Linear", "ReLU", "Tanh", "Sigmoid", "Sequential", "MSELoss",
           "CrossEntropyLoss", "BCEWithLogitsLoss", "Flatten", "Identity", "Softmax", "LogSoftmax", "functional"]
