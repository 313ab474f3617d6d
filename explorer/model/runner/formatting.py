"""How the runner writes numbers: ``_fmt_number`` and ``format_array`` (torch-like, compact).

Moved verbatim out of the old single-file runner; the project-wide number formatter will
replace this one file.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["format_array"]


def _fmt_number(v: Any, precision: int = 4) -> str:
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == int(v) and abs(v) < 1e8:
        return f"{int(v)}."
    if abs(v) >= 1e5 or abs(v) < 10.0 ** -precision:
        return f"{v:.{precision}e}"
    return f"{v:.{precision}f}"


def format_array(a: Any, precision: int = 4, max_items: int = 12) -> str:
    """Compact, torch-like numbers: ``[36., 81.]``, ``[[1., 2.], [3., 4.]]``, ``0.5000``;
    tensors with more than ``max_items`` elements print as a short summary with their shape."""
    if a is None:
        return "None"
    arr = np.asarray(a)
    if arr.ndim == 0:
        return _fmt_number(arr.item(), precision)
    if arr.size > max_items:
        flat = arr.reshape(-1)
        head = ", ".join(_fmt_number(v, precision) for v in flat[:3].tolist())
        tail = ", ".join(_fmt_number(v, precision) for v in flat[-2:].tolist())
        return f"[{head}, …, {tail}] ({'×'.join(map(str, arr.shape))})"

    def rec(x: np.ndarray) -> str:
        if x.ndim == 1:
            return "[" + ", ".join(_fmt_number(v, precision) for v in x.tolist()) + "]"
        return "[" + ", ".join(rec(r) for r in x) + "]"

    return rec(arr)
