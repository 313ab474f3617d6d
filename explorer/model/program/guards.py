"""Size and device checks on the facade's functions: a call that would allocate a huge
tensor or array is refused before the engine or numpy allocates (a memory bomb stops with one
budget line), random functions note once that their values come from the app's generator,
and a device argument is the CPU or torch's CPU-build error.
"""
from __future__ import annotations

import functools
import math as _math
from typing import Any, Callable

import engine

from explorer.model.messages import Message
from .budget import BudgetExceeded, over


def _numel(shape) -> int:
    n = 1
    for s in shape:
        n *= max(int(s), 0)
    return n


def _shape_of(size: tuple) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list, engine.Size)):
        return tuple(size[0])
    return tuple(size)


class Guards:
    """Checks sizes before the engine or numpy allocates (the engine's own tensor budget does
    this too once it has one; these keep a bomb out either way)."""

    def __init__(self, ctx):
        self.ctx = ctx

    def elements(self, n: int, what: str) -> None:
        b = self.ctx.budget
        if n > b.tensor_elements:
            raise BudgetExceeded(Message("{over}: {what} would have {n}",
                                         over=over("elements in one tensor", b.tensor_elements), what=what,
                                         n=format(n, ",")), self.ctx.line)

    def sized(self, fn: Callable, shape_of: Callable) -> Callable:
        @functools.wraps(fn)
        def guarded(*args, **kwargs):
            if "device" in kwargs:  # tutorials pass device=...: the engine is CPU-only
                check_device(kwargs.pop("device"), factory=getattr(fn, "__name__", "") != "tensor")
            try:
                shape = shape_of(*args, **kwargs)
            except (TypeError, ValueError, IndexError):
                shape = None  # let the function give its own error for odd arguments
            if shape is not None:
                self.elements(_numel(shape), f"{getattr(fn, '__name__', 'this call')}"
                                             f"{tuple(shape)!r}")
            return fn(*args, **kwargs)
        return guarded

    def random(self, fn: Callable, shape_of: Callable | None = None) -> Callable:
        inner = self.sized(fn, shape_of) if shape_of else fn

        @functools.wraps(fn)
        def noted(*args, **kwargs):
            self.ctx.note_random()
            return inner(*args, **kwargs)
        return noted


def creation_shape(*size, **_):
    return _shape_of(size)


def full_shape(size, *_, **__):
    return tuple(size) if isinstance(size, (tuple, list, engine.Size)) else (size,)


def like_shape(t, *_, **__):
    return tuple(t.shape)


def arange_shape(start, end=None, step=1, **_):
    if end is None:
        start, end = 0, start
    return (max(0, _math.ceil((float(end) - float(start)) / float(step))),)


def linspace_shape(start, end, steps, **_):
    return (int(steps),)


def eye_shape(n, m=None, **_):
    return (int(n), int(n if m is None else m))


def randint_shape(*args, size=(), **_):
    if len(args) >= 3:
        size = args[2]
    return tuple(size)


def tensor_shape(data, *_, **__):
    """Rough element count of nested lists / ranges before numpy copies them."""
    n = 0
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, range):
            n += len(x)
        elif isinstance(x, (list, tuple)):
            if x and not isinstance(x[0], (list, tuple, range)):
                n += len(x)
            else:
                stack.extend(x)
        else:
            n += 1
    return (n,)


def np_size_shape(*args, size=None, **_):
    if size is None:
        return None if not args else _shape_of(args) if all(
            isinstance(a, int) for a in args) else None
    return _shape_of((size,)) if not isinstance(size, int) else (size,)


# torch.X -> how the size of its result is read from its arguments, checked before allocating
TORCH_SIZED = {
    "zeros": creation_shape, "ones": creation_shape, "empty": creation_shape,
    "zeros_like": like_shape, "ones_like": like_shape, "full_like": like_shape,
    "empty_like": like_shape, "full": full_shape, "arange": arange_shape,
    "linspace": linspace_shape, "eye": eye_shape, "tensor": tensor_shape,
    "as_tensor": tensor_shape,
}
# torch.X that draws from the app's generator (noted once per run) -> its size, if it makes one
TORCH_RANDOM = {
    "rand": creation_shape, "randn": creation_shape, "rand_like": like_shape,
    "randn_like": like_shape, "randint": randint_shape, "randperm": lambda n, **_: (n,),
    "normal": None, "randint_like": None, "manual_seed": None,
}


def guard_torch(members: dict, ctx) -> None:
    """Wrap ``torch``'s allocating and random functions in ``members`` (those the engine
    has) with their checks."""
    g = Guards(ctx)
    for name, shape_of in TORCH_SIZED.items():
        if name in members:
            members[name] = g.sized(members[name], shape_of)
    for name, shape_of in TORCH_RANDOM.items():
        if name in members:
            members[name] = g.random(members[name], shape_of)


# torch.device is the engine's (CPU only): naming 'cuda' is fine, as in torch; using it raises
# the CPU build's error at the call torch raises it (engine/devices.py)
Device = engine.device


def check_device(d: Any, factory: bool = True) -> None:
    """A device argument: the CPU (or None) is fine; a GPU raises torch's CPU-build error."""
    engine.devices.check_device(d, factory=factory)


def set_default_device(d: Any) -> None:
    check_device(d)


def make_device(kind: Any = "cpu", index: int | None = None) -> Device:
    return engine.device(kind, index)
