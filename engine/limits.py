"""Tensor-size budgets: refuse an op *before* it allocates a tensor too large to be sane.

A small document or script can ask for a huge tensor (``(20000, 1) + (1, 20000)`` is 400 M
elements, 1.6 GB).  Every op checks the size of its result before computing it, against
the budget in force:

>>> import engine
>>> with engine.tensor_budget(max_elements=1_000_000, max_bytes=100_000_000):
...     engine.ones(20000, 1) + engine.ones(1, 20000)
Traceback (most recent call last):
...
engine.limits.TensorBudgetError: this op would make a tensor of 400,000,000 elements (shape (20000, 20000)), over the limit of 1,000,000

Outside any ``tensor_budget`` block the module defaults hold per tensor
(:data:`MAX_ELEMENTS`); inside one, the scope also adds up the bytes of every tensor made
and refuses the op that would pass ``max_bytes``.  Like grad mode, the budget in force is
process-wide (not per thread).  PyTorch has no such limit: this is the engine's own
safety net for untrusted input.
"""
from __future__ import annotations

import math
import functools
from typing import Callable

from numpy import broadcast_shapes as _broadcast_shapes

__all__ = ["TensorBudgetError", "tensor_budget", "MAX_ELEMENTS", "MAX_BYTES", "check_shape",
           "check_numel", "check_broadcast", "tally"]

MAX_ELEMENTS = 50_000_000          # per tensor (200 MB of float32)
MAX_BYTES = 2 * 1024 ** 3          # all tensors made inside one tensor_budget scope


class TensorBudgetError(RuntimeError):
    """An op would exceed the tensor budget; nothing was allocated.  ``shape`` is the
    refused result's shape (None when the byte total was the limit passed)."""

    def __init__(self, message: str, shape: tuple | None = None):
        super().__init__(message)
        self.shape = shape


class _State:
    __slots__ = ("scope", "max_elements")

    def __init__(self):
        self.scope = None  # the innermost tensor_budget in force, or None
        # the per-tensor limit in force (inf for none): lets the ops skip the exact check
        # when even the product of their inputs' sizes is under it
        self.max_elements = MAX_ELEMENTS


_state = _State()


class tensor_budget:
    """``with tensor_budget(max_elements=..., max_bytes=...):`` limit the tensors made inside.

    ``max_elements`` bounds each tensor; ``max_bytes`` bounds the sum of the sizes of all
    tensors made in the block (results of ops and creation functions, kept or not, since
    a run's peak memory is what matters and freed tensors are cheap to over-count).
    ``None`` lifts a limit.  Scopes nest: every enclosing scope counts the bytes too.
    Also usable as a decorator."""

    def __init__(self, max_elements: int | None = MAX_ELEMENTS,
                 max_bytes: int | None = MAX_BYTES):
        self.max_elements = max_elements
        self.max_bytes = max_bytes
        self.used_bytes = 0
        self._outer = None

    def __enter__(self) -> "tensor_budget":
        self._outer = _state.scope
        self.used_bytes = 0
        _state.scope = self
        _state.max_elements = math.inf if self.max_elements is None else self.max_elements
        return self

    def __exit__(self, *exc) -> bool:
        _state.scope = self._outer
        outer = _limit_of(self._outer)
        _state.max_elements = math.inf if outer is None else outer
        return False

    def __call__(self, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with tensor_budget(self.max_elements, self.max_bytes):
                return fn(*args, **kwargs)
        return wrapper


def _limit_of(scope) -> int | None:
    return MAX_ELEMENTS if scope is None else scope.max_elements


def _max_elements() -> int | None:
    return _limit_of(_state.scope)


def check_numel(n: int, shape: tuple) -> None:
    """Raise TensorBudgetError if a tensor of ``n`` elements (``shape``) is over the limit."""
    limit = _max_elements()
    if limit is not None and n > limit:
        raise TensorBudgetError(
            f"this op would make a tensor of {n:,} elements (shape {tuple(shape)}), over the "
            f"limit of {limit:,}", tuple(shape))


def check_shape(shape: tuple) -> None:
    """check_numel for a result of ``shape``."""
    check_numel(math.prod(shape), shape)


def tally(nbytes: int) -> None:
    """Count ``nbytes`` of new tensor memory against every budget scope in force."""
    scope = _state.scope
    while scope is not None:
        if scope.max_bytes is not None and scope.used_bytes + nbytes > scope.max_bytes:
            raise TensorBudgetError(
                f"this op would bring the tensors made in this run to "
                f"{scope.used_bytes + nbytes:,} bytes, over the limit of {scope.max_bytes:,}")
        scope = scope._outer
    scope = _state.scope
    while scope is not None:
        scope.used_bytes += nbytes
        scope = scope._outer


def check_broadcast(shapes) -> None:
    """check_shape for the broadcast of ``shapes`` (nothing to do when they are all equal;
    shapes that do not broadcast are left to the op, which raises torch's error)."""
    n = 1
    for s in shapes:
        n *= math.prod(s)
    if n <= _state.max_elements:  # the broadcast result is never larger than this product
        return
    first = shapes[0]
    for s in shapes:
        if s != first:
            break
    else:
        return
    try:
        shape = _broadcast_shapes(*shapes)
    except ValueError:
        return
    check_shape(shape)
