"""Module conveniences tutorials call on any model: ``to(device or dtype)``, ``cpu()``,
``cuda()`` (torch's error on a machine without CUDA), ``half()``, ``type(dtype)``,
``get_submodule``, ``get_parameter``, ``register_module``; attached to ``Module``."""
from __future__ import annotations

import numpy as np

from ..tensor import Tensor, _np_dtype
from .modules import Module

__all__ = ["install"]

_NO_CUDA = "Torch not compiled with CUDA enabled"


def _check_device(d) -> None:
    if d is None:
        return
    s = str(d)
    if s.startswith("cuda"):
        raise AssertionError(_NO_CUDA)
    if s.startswith("mps"):
        raise RuntimeError("PyTorch is not linked with support for mps devices")


def _is_dtype(a) -> bool:
    try:
        return not isinstance(a, str) and _np_dtype(a) is not None
    except (TypeError, ValueError):
        return False


def to(self: Module, *args, **kwargs) -> Module:
    """``model.to(device)``: the engine runs on the CPU only, so a CPU device is a no-op (and a
    CUDA one torch's error); ``model.to(torch.float64)`` or ``to(tensor)`` casts the floating
    parameters and buffers."""
    dtype = kwargs.get("dtype")
    _check_device(kwargs.get("device"))
    for a in args:
        if isinstance(a, Tensor):
            dtype = a.dtype
        elif _is_dtype(a):
            dtype = a
        else:
            _check_device(a)
    if dtype is not None:
        dt = np.dtype(_np_dtype(dtype))
        if dt.kind != "f":
            raise TypeError(f"nn.Module.to only accepts floating point or complex dtypes, but "
                            f"got desired dtype={dtype}")
        self._cast_floats(dt.type)
    return self


def cpu(self: Module) -> Module:
    return self


def cuda(self: Module, device=None) -> Module:
    raise AssertionError(_NO_CUDA)


def half(self: Module) -> Module:
    return self._cast_floats(np.float16)


def type_(self: Module, dst_type) -> Module:
    return to(self, dst_type)


def get_submodule(self: Module, target: str) -> Module:
    if target == "":
        return self
    mod = self
    for item in target.split("."):
        if item not in mod._modules:
            raise AttributeError(f"{mod._get_name()} has no attribute `{item}`")
        mod = mod._modules[item]
    return mod


def get_parameter(self: Module, target: str):
    mod_path, _, name = target.rpartition(".")
    mod = get_submodule(self, mod_path)
    if name not in mod._parameters:
        raise AttributeError(f"{mod._get_name()} has no attribute `{name}`")
    return mod._parameters[name]


def register_module(self: Module, name: str, module) -> None:
    self.add_module(name, module)


def _get_name(self: Module) -> str:
    return type(self).__name__


def install() -> None:
    """Attach the conveniences to Module (once; the ones Module defines itself are kept)."""
    for name, fn in (("to", to), ("cpu", cpu), ("cuda", cuda), ("half", half),
                     ("type", type_), ("get_submodule", get_submodule),
                     ("get_parameter", get_parameter), ("register_module", register_module),
                     ("_get_name", _get_name)):
        if name not in Module.__dict__:
            setattr(Module, name, fn)
