"""Tensor printing that reproduces ``torch._tensor_str`` (precision 4, linewidth 80,
threshold 1000, edgeitems 3), so a learner sees exactly what PyTorch would print."""
from __future__ import annotations

import math

import numpy as np

from .printing import EDGEITEMS, LINEWIDTH, OPTIONS, PRECISION, THRESHOLD, NumberFormat
from .printing import summarized as _summarized

__all__ = ["EDGEITEMS", "LINEWIDTH", "PRECISION", "THRESHOLD", "body", "tensor_repr"]


class _Formatter:
    """torch's _Formatter: the numbers read as :class:`engine.printing.NumberFormat` decides
    (one mode for the whole tensor), right-aligned to the widest finite non-zero element."""

    def __init__(self, flat: np.ndarray):
        self.text = NumberFormat(flat, summarize=False)
        self.max_width = 1
        if not self.text.floating:
            vals = flat.tolist()
        else:
            vals = flat.astype(np.float64)
            vals = vals[np.isfinite(vals) & (vals != 0)].tolist()
        for v in vals:
            self.max_width = max(self.max_width, len(self.text(v)))

    def width(self) -> int:
        return self.max_width

    def format(self, value) -> str:
        ret = self.text(value)
        return (self.max_width - len(ret)) * " " + ret


def _vector_str(a, indent, summarize, fmt) -> str:
    element_length = fmt.width() + 2
    per_line = max(1, int(math.floor((OPTIONS.linewidth - indent) / element_length)))
    vals = a.tolist()
    e = OPTIONS.edgeitems
    if summarize and len(vals) > 2 * e:
        data = ([fmt.format(v) for v in vals[:e]] + [" ..."]
                + [fmt.format(v) for v in vals[-e:]])
    else:
        data = [fmt.format(v) for v in vals]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _tensor_str(a, indent, summarize, fmt) -> str:
    if a.ndim == 0:
        return fmt.format(a.item())
    if a.ndim == 1:
        return _vector_str(a, indent, summarize, fmt)
    n = a.shape[0]
    e = OPTIONS.edgeitems
    if summarize and n > 2 * e:
        slices = ([_tensor_str(a[i], indent + 1, summarize, fmt) for i in range(e)]
                  + ["..."]
                  + [_tensor_str(a[i], indent + 1, summarize, fmt) for i in range(n - e, n)])
    else:
        slices = [_tensor_str(a[i], indent + 1, summarize, fmt) for i in range(n)]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def _add_suffixes(tensor_str: str, suffixes: list[str], indent: int) -> str:
    parts = [tensor_str]
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > OPTIONS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def body(a: np.ndarray, indent: int) -> str:
    """The bracketed numbers only, as torch prints them after ``tensor(``."""
    summarize = a.size > OPTIONS.threshold
    fmt = _Formatter((_summarized(a) if summarize else a).reshape(-1))
    return _tensor_str(a, indent, summarize, fmt)


def tensor_repr(a: np.ndarray, dtype_name: str, default_dtype: bool,
                grad_fn_name: str | None, requires_grad: bool, prefix: str = "tensor(",
                tangent: str | None = None) -> str:
    indent = len(prefix)
    suffixes = []
    if a.size == 0:
        if a.ndim != 1:
            suffixes.append("size=" + str(tuple(a.shape)))
        if not default_dtype:
            suffixes.append("dtype=" + dtype_name)
        s = "[]"
    else:
        if not default_dtype:
            suffixes.append("dtype=" + dtype_name)
        s = body(a, indent)
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    if tangent is not None:     # a dual tensor (forward_ad): torch prints its tangent last
        suffixes.append("tangent=" + tangent)
    return _add_suffixes(prefix + s, suffixes, indent)
