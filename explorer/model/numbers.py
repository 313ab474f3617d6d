"""The one place where the app turns tensor numbers into text.

Cards, the chain-rule panel, the inspector, the backward-graph view, exports, the CLI and the
plots all call these functions, so a value reads the same everywhere, and the same as PyTorch
prints it (``engine.printing`` holds torch's rules): ``0.0005`` stays ``0.0005`` in every
panel, and ``[0.0005, 2.]`` is ``[5.0000e-04, 2.0000e+00]`` everywhere, as ``print(t)`` shows.

Code and literals that must be read back exactly (code export, the value editors) keep their
own round-trip formatting; these functions are for reading.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from engine.printing import NumberFormat, format_compact, format_range
from engine.printing import format_number as _engine_number

__all__ = ["format_number", "format_array", "format_range", "number_format"]


def format_number(v: Any, precision: int = 4) -> str:
    """One number as torch prints a 0-d tensor holding it: ``2.``, ``0.5000``,
    ``5.0000e-05``, ``nan``, ``3`` (integers), ``True``."""
    return _engine_number(v, precision)


def format_array(a: Any, precision: int = 4, max_items: int = 12) -> str:
    """Compact, torch-like numbers: ``[36., 81.]``, ``[[1., 2.], [3., 4.]]``, ``0.5000``;
    tensors with more than ``max_items`` elements print as a short summary with their shape
    (``[0.1000, 0.2000, 0.3000, …, 1.9000, 2.0000] (4×5)``). Each number reads as it does in
    ``print(tensor)``: one mode (int, fixed, scientific) for the whole tensor."""
    return format_compact(a, precision, max_items)


def number_format(a: Any, precision: int = 4) -> Callable[[Any], str]:
    """A function that formats single elements of ``a`` as they read in ``format_array(a)``
    (for tables and plots that place each element on its own)."""
    return NumberFormat(np.asarray(a), precision)
