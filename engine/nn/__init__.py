"""``engine.nn``: Module, Parameter, Linear, activations, Sequential and losses."""
from . import functional
from .modules import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, Flatten, Linear, Module, MSELoss, Parameter, ReLU, Sequential,
                      Sigmoid, Tanh, Identity, Softmax, LogSoftmax)

__all__ = ["Module", "Parameter", "Linear", "ReLU", "Tanh", "Sigmoid", "Sequential", "MSELoss",
           "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss", "Flatten", "Identity", "Softmax", "LogSoftmax", "functional"]
