"""``type(x)`` for programs, without handing them a class object.

Tutorials print ``type(net[2].bias)`` (d2l) or ``type(loss.item())`` (the ``.item()`` lesson),
and compare ``type(x) == float``. Python's ``type`` is also the door to ``__bases__``,
``__subclasses__`` and to making classes (``type(name, bases, ns)``), so the sandbox gives
programs :func:`safe_type` instead:

- a plain Python value gets its real type (``int``, ``float``, ``str``, ``list``, ...): these are
  builtins the program can already name;
- anything else (tensors, parameters, modules, the program's own classes, numpy scalars) gets a
  :class:`TypeView`: it prints as torch prints the class (``<class 'torch.Tensor'>``), compares
  equal to that class (``type(t) == torch.Tensor``), and has no attributes and cannot be called.
- ``type(name, bases, ns)`` is a TypeError with one line.

``x.__class__`` is served as ``type(x)`` (the policy calls :func:`safe_type`), so the classic
escape ``().__class__.__bases__[0].__subclasses__()`` still ends at the next dunder.
"""
from __future__ import annotations

from typing import Any

import numpy as np

import engine
from engine.torch_names import torch_name
from explorer.model.messages import Message
from .facade_module import FacadeModule
from .frames import UserFunction

_PLAIN = (bool, int, float, complex, str, bytes, list, tuple, dict, set, frozenset, range,
          slice, type(None))
PLAIN_TYPES = _PLAIN  # the types programs get as themselves (their __name__ is harmless)

#: torch's names for the engine classes a tutorial may print the type of
_TORCH_NAMES = {
    "Tensor": "torch.Tensor",
    "Parameter": "torch.nn.parameter.Parameter",
    "Size": "torch.Size",
    "dtype": "torch.dtype",
    "Sequential": "torch.nn.modules.container.Sequential",
    "ModuleList": "torch.nn.modules.container.ModuleList",
    "Linear": "torch.nn.modules.linear.Linear",
    "ReLU": "torch.nn.modules.activation.ReLU",
    "Sigmoid": "torch.nn.modules.activation.Sigmoid",
    "Tanh": "torch.nn.modules.activation.Tanh",
    "MSELoss": "torch.nn.modules.loss.MSELoss",
    "CrossEntropyLoss": "torch.nn.modules.loss.CrossEntropyLoss",
    "SGD": "torch.optim.sgd.SGD",
    "Adam": "torch.optim.adam.Adam",
    # h8 (API breadth): the engine module a class lives in names torch's module
}
_TORCH_MODULES = {  # engine module -> torch module of the classes defined there
    "engine.nn.activations": "torch.nn.modules.activation",
    "engine.nn.containers": "torch.nn.modules.container",
    "engine.nn.recurrent": "torch.nn.modules.rnn",
    "engine.nn.losses_more": "torch.nn.modules.loss",
    "engine.nn.losses": "torch.nn.modules.loss",
    "engine.utils.data": "torch.utils.data.dataset",
}
_TORCH_NAMES.update({
    "DataLoader": "torch.utils.data.dataloader.DataLoader",
    "LayerNorm": "torch.nn.modules.normalization.LayerNorm",
    "Embedding": "torch.nn.modules.sparse.Embedding",
    "Conv1d": "torch.nn.modules.conv.Conv1d", "Conv2d": "torch.nn.modules.conv.Conv2d",
})


class TypeView:
    """The type of a non-plain value, as a program may see it: printable, comparable, inert."""

    __slots__ = ("_cls", "_name")

    def __init__(self, cls: type, name: str) -> None:
        self._cls = cls
        self._name = name

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, TypeView):
            return other._cls is self._cls
        return other is self._cls

    def __ne__(self, other: Any) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._cls)

    def __repr__(self) -> str:
        return f"<class '{self._name}'>"

    @property
    def short_name(self) -> str:
        """What ``type(x).__name__`` gives: the class name without its module ("Tensor")."""
        return self._name.rsplit(".", 1)[-1]

    __str__ = __repr__


def _name(cls: type) -> str:
    own = _SANDBOX_NAMES.get(cls)
    if own is not None:
        return own
    if issubclass(cls, type):  # the engine's class-naming metaclass: torch's classes are types
        return "type"
    recorded = torch_name(cls)  # the engine's table of torch 2.13's class names
    if recorded is not None:
        return recorded
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", None) or getattr(cls, "__name__", "?")
    if module.startswith("engine"):
        if cls.__name__ not in _TORCH_NAMES and module in _TORCH_MODULES:
            return f"{_TORCH_MODULES[module]}.{cls.__name__}"
        return _TORCH_NAMES.get(cls.__name__, f"torch.{cls.__name__}")
    if issubclass(cls, np.generic):
        return f"numpy.{cls.__name__}"
    if module == "builtins":  # Python prints <class 'ZeroDivisionError'>, <class 'type'>
        return name
    return f"{module}.{name}" if module else name


#: the sandbox's own stand-ins, named as Python names what they stand for (a program's
#: function, an imported module, the type of a type)
_SANDBOX_NAMES = {UserFunction: "function", FacadeModule: "module", TypeView: "type"}


def safe_type(*args: Any) -> Any:
    """``type(x)`` as described in the module docstring."""
    if len(args) != 1:
        raise TypeError(Message("type() takes 1 argument here (making classes with type(name, bases, "
                                "dict) is not available: write a class statement)"))
    cls = type(args[0])
    if cls in _PLAIN:
        return cls
    if isinstance(args[0], engine.Tensor) and cls.__name__ == "Tensor":
        return TypeView(engine.Tensor, "torch.Tensor")
    return TypeView(cls, _name(cls))
