"""torch's dtypes (``float32``, ``int64`` ... printed as ``torch.float32``) over numpy's,
and ``Size``, the shape tuple printed as ``torch.Size([2, 3])``.  Re-exported by
``engine.tensor``."""
from __future__ import annotations

import numpy as np

from .torch_names import TorchNamed


class dtype(metaclass=TorchNamed):
    """A dtype handle printed like torch's (``torch.float32``) wrapping a numpy dtype."""
    __slots__ = ("np", "name", "is_floating_point")

    def __init__(self, np_dtype, name):
        self.np = np.dtype(np_dtype)
        self.name = name
        self.is_floating_point = self.np.kind == "f"

    def __repr__(self):
        return "torch." + self.name

    def __eq__(self, other):
        if isinstance(other, dtype):
            return self.np == other.np
        try:
            return self.np == np.dtype(other)
        except TypeError:
            return NotImplemented

    def __hash__(self):
        return hash(self.np)


float32 = dtype(np.float32, "float32")
float64 = dtype(np.float64, "float64")
float16 = dtype(np.float16, "float16")
int64 = dtype(np.int64, "int64")
int32 = dtype(np.int32, "int32")
int16 = dtype(np.int16, "int16")
int8 = dtype(np.int8, "int8")
uint8 = dtype(np.uint8, "uint8")
bool_ = dtype(np.bool_, "bool")
float = float32  # noqa: A001  torch.float is float32
double = float64
long = int64
_DTYPES = {d.np: d for d in (float32, float64, float16, int64, int32, int16, int8, uint8, bool_)}
_DEFAULT_PRINT = {np.dtype(np.float32), np.dtype(np.int64), np.dtype(np.bool_)}
_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)
_I64 = np.dtype(np.int64)


def get_default_dtype() -> dtype:
    return float32


def _np_dtype(d) -> np.dtype | None:
    if d is None:
        return None
    if isinstance(d, dtype):
        return d.np
    if d is builtins_float:
        return _F32
    if d is builtins_int:
        return _I64
    if d is builtins_bool:
        return np.dtype(np.bool_)
    return np.dtype(d)


builtins_float = type(1.0)
builtins_int = type(1)
builtins_bool = type(True)


class Size(tuple, metaclass=TorchNamed):
    """``torch.Size``: a tuple printed as ``torch.Size([2, 3])``."""
    __slots__ = ()

    def __repr__(self):
        return "torch.Size([" + ", ".join(str(s) for s in self) + "])"

    __str__ = __repr__

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n
