"""Lazy modules (``nn.LazyLinear``, ``LazyConv1d/2d``, ``LazyBatchNorm1d/2d``) as in torch.

A lazy module is built without its input size: its parameters are
:class:`UninitializedParameter` objects (printed ``<UninitializedParameter>``, no shape)
until the first call.  That call reads the size from the input (``in_features`` = the last
dimension for Linear, the channel dimension for convolutions and batch norm), builds the real
module with the stored arguments (so the initial values are the real module's defaults), and
the lazy module *becomes* that module, as torch's ``cls_to_become`` does: afterwards
``type(m) is nn.Linear`` and ``print(m)`` shows ``Linear(in_features=3, ...)``.  The
parameter objects are kept (their data filled in, their class turned into ``Parameter``), so an
optimizer built before the first call still updates them.
"""
from __future__ import annotations

import numpy as np

from .layers import BatchNorm1d, BatchNorm2d, Conv2d
from .conv1d import Conv1d
from ..tensor import _rng_now
from .modules import Linear, Module, Parameter

__all__ = ["UninitializedParameter", "LazyLinear", "LazyConv1d", "LazyConv2d",
           "LazyBatchNorm1d", "LazyBatchNorm2d"]

class UninitializedParameter(Parameter):
    """A parameter whose shape is not known yet (a lazy module before its first call)."""
    __slots__ = ()

    def __init__(self, requires_grad: bool = True):
        super().__init__(np.zeros(0, np.float32), requires_grad)

    def __repr__(self) -> str:
        return "<UninitializedParameter>"

    __str__ = __repr__

    # .shape is (0,) and numel() 0 where torch raises its "Can't access the shape of an
    # uninitialized parameter" error: the app's tracer and summaries read the shape of every
    # tensor a program touches, and an uninitialised parameter holds nothing yet


class _LazyMixin(Module):
    """Stores the real module's arguments; the first call materialises it in place."""
    _becomes: type = Module
    _in_dim = -1            # the input dimension that gives the missing size
    _params = ("weight", "bias")
    _size_attr = "in_features"

    def __init__(self, *args, **kwargs):
        super().__init__()
        object.__setattr__(self, "_lazy_args", (args, kwargs))
        for name in self._params:
            if self._has(name, kwargs):
                setattr(self, name, UninitializedParameter())
            else:
                self.register_parameter(name, None)

    def _has(self, name: str, kwargs: dict) -> bool:
        return name != "bias" or kwargs.get("bias", True)

    def _size_from(self, x) -> int:
        return int(x.shape[self._in_dim])

    def __call__(self, *args, **kwargs):
        if "_lazy_args" in self.__dict__ and args:
            self._materialise(self._size_from(args[0]))
        return Module.__call__(self, *args, **kwargs)  # self's class has just changed

    def _materialise(self, size: int) -> None:
        args, kwargs = self.__dict__.pop("_lazy_args")
        real = self._becomes(size, *args, **kwargs)
        training = self.training
        old = dict(self._parameters)
        hooks = {k: v for k, v in self.__dict__.items() if k.endswith("hooks")}
        self.__dict__.clear()
        self.__dict__.update(real.__dict__)
        self.__dict__.update(hooks)
        for name, p in self._parameters.items():
            kept = old.get(name)
            if p is not None and isinstance(kept, UninitializedParameter):
                kept._data = p._data           # the same object, now shaped and initialised
                kept.__class__ = Parameter
                self._parameters[name] = kept
        self.__class__ = self._becomes
        self.train(training)

    def extra_repr(self) -> str:
        """The real module's repr with 0 for the size not known yet (torch prints the same)."""
        args, kwargs = self.__dict__["_lazy_args"]
        rng = _rng_now().bit_generator
        state = rng.state  # building the stand-in must not move the program's random stream
        try:
            shown = self._becomes(1, *args, **kwargs)
        finally:
            rng.state = state
        object.__setattr__(shown, self._size_attr, 0)
        return shown.extra_repr()


class LazyLinear(_LazyMixin):
    """``nn.LazyLinear(out_features, bias=True)``: in_features from the first input."""
    _becomes = Linear


class LazyConv1d(_LazyMixin):
    """``nn.LazyConv1d(out_channels, kernel_size, ...)``: in_channels from the first input."""
    _becomes = Conv1d
    _size_attr = "in_channels"
    _in_dim = -2


class LazyConv2d(_LazyMixin):
    """``nn.LazyConv2d(out_channels, kernel_size, ...)``: in_channels from the first input."""
    _becomes = Conv2d
    _size_attr = "in_channels"
    _in_dim = -3


class _LazyNorm(_LazyMixin):
    _size_attr = "num_features"
    def _has(self, name: str, kwargs: dict) -> bool:
        return kwargs.get("affine", True) and (name == "weight" or kwargs.get("bias", True))

    def _size_from(self, x) -> int:
        return int(x.shape[1])


class LazyBatchNorm1d(_LazyNorm):
    """``nn.LazyBatchNorm1d(eps=1e-5, ...)``: num_features from the first input."""
    _becomes = BatchNorm1d


class LazyBatchNorm2d(_LazyNorm):
    """``nn.LazyBatchNorm2d(eps=1e-5, ...)``: num_features from the first input."""
    _becomes = BatchNorm2d
