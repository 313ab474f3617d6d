"""Numbers as PyTorch prints them, for every label that shows a tensor's numbers.

``repr(tensor)`` (``engine._format``) lays numbers out as ``torch._tensor_str`` does; this
module holds the part that decides how each number reads, so the app's cards, chain-rule
lines, inspector cells and exports can show the same texts without the padding and line
wrapping of a full repr:

>>> import numpy as np
>>> format_compact(np.array([36., 81.]))
'[36., 81.]'
>>> format_compact(np.array([0.0005, 2.0]))   # one mode for the whole tensor, as torch
'[5.0000e-04, 2.0000e+00]'
>>> format_number(0.0005), format_number(0.5), format_number(1e-05)
('0.0005', '0.5000', '1.0000e-05')

The rules are torch's ``_Formatter`` with the default print options (precision 4,
threshold 1000, edgeitems 3): a floating tensor prints in *int mode* (``2.``) when every
finite non-zero element is a whole number, in *scientific mode* (``5.0000e-04``) when the
largest finite non-zero magnitude is over 1e8 or over 1000 times the smallest, or the
smallest is under 1e-4, and in fixed mode (``0.5000``) otherwise. The mode is decided over
all elements, or over the printed edges (``summarized``) of a tensor with more than
``THRESHOLD`` elements, as torch does.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

PRECISION = 4
LINEWIDTH = 80
THRESHOLD = 1000
EDGEITEMS = 3
_SMALL = 64   # up to this many elements the mode is decided with plain Python floats


class PrintOptions:
    """torch's ``PRINT_OPTS``: what ``torch.set_printoptions`` changes (the defaults above)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.precision, self.threshold = PRECISION, THRESHOLD
        self.edgeitems, self.linewidth = EDGEITEMS, LINEWIDTH
        self.sci_mode: bool | None = None


OPTIONS = PrintOptions()
_PROFILES = {"default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80),
             "full": (4, math.inf, 3, 80)}


def set_printoptions(precision: int | None = None, threshold: float | None = None,
                     edgeitems: int | None = None, linewidth: int | None = None,
                     profile: str | None = None, sci_mode: bool | None = None) -> None:
    """``torch.set_printoptions``: as torch, ``sci_mode`` is set on every call (None: decide
    per tensor) and a ``profile`` resets the other options first."""
    o = OPTIONS
    if profile is not None:
        o.precision, o.threshold, o.edgeitems, o.linewidth = _PROFILES[profile]
    for name, value in (("precision", precision), ("threshold", threshold),
                        ("edgeitems", edgeitems), ("linewidth", linewidth)):
        if value is not None:
            setattr(o, name, value)
    o.sci_mode = sci_mode


def summarized(a: np.ndarray) -> np.ndarray:
    """torch's ``get_summarized_data``: keep ``EDGEITEMS`` at each end of every dimension."""
    if a.ndim == 0:
        return a
    e = OPTIONS.edgeitems
    if a.ndim == 1:
        if a.shape[0] > 2 * e:
            return np.concatenate([a[:e], a[-e:]])
        return a
    if a.shape[0] > 2 * e:
        rows = [*range(e), *range(a.shape[0] - e, a.shape[0])]
    else:
        rows = range(a.shape[0])
    return np.stack([summarized(a[i]) for i in rows])


class NumberFormat:
    """How every number of one tensor reads (torch's ``_Formatter`` without the padding).

    Build it over a whole tensor (``NumberFormat(array)``) and call it on any of the tensor's
    elements: ``fmt(0.0005)``. The elements that decide the mode are the tensor's own, or its
    summarised edges when it has more than ``THRESHOLD`` elements, as when torch prints it
    (``summarize=False``: ``a`` already holds exactly the deciding elements)."""

    def __init__(self, a: Any, precision: int | None = None, summarize: bool = True) -> None:
        arr = np.asarray(a)
        if summarize and arr.size > OPTIONS.threshold:
            arr = summarized(arr)
        self.precision = OPTIONS.precision if precision is None else precision
        self.floating = arr.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        if not self.floating or arr.size == 0:
            return
        # torch compares each value with its ceil in the tensor's dtype; a float32 or float16
        # value is exact in float64, so the answer is the same.
        if arr.size <= _SMALL:
            # Cards show a handful of numbers: plain floats are several times faster than
            # numpy's per-call overhead here (the same rule as below).
            nz = [v for v in map(float, arr.reshape(-1).tolist()) if v != 0 and math.isfinite(v)]
            if not nz:
                return
            self.int_mode = all(v == math.ceil(v) for v in nz)
            mn, mx = min(map(abs, nz)), max(map(abs, nz))
        else:
            vals = arr.reshape(-1).astype(np.float64)
            nzv = vals[np.isfinite(vals) & (vals != 0)]
            if nzv.size == 0:
                return
            self.int_mode = bool(np.all(nzv == np.ceil(nzv)))
            absv = np.abs(nzv)
            mn, mx = float(absv.min()), float(absv.max())
        self.sci_mode = mx / mn > 1000.0 or mx > 1.0e8 or mn < 1.0e-4
        if OPTIONS.sci_mode is not None:   # torch.set_printoptions(sci_mode=...)
            self.sci_mode = OPTIONS.sci_mode

    def __call__(self, value: Any) -> str:
        if not self.floating:
            if isinstance(value, np.generic):
                value = value.item()
            return f"{value}"
        value = float(value)
        if self.sci_mode:
            return f"{value:.{self.precision}e}"
        if self.int_mode:
            ret = f"{value:.0f}"
            return ret if math.isinf(value) or math.isnan(value) else ret + "."
        return f"{value:.{self.precision}f}"


def format_number(value: Any, precision: int = PRECISION) -> str:
    """One number as torch prints a 0-d tensor of it: ``2.``, ``0.5000``, ``5.0000e-05``,
    ``nan``, ``3`` (an integer), ``True``."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    arr = np.asarray(value)
    if arr.dtype.kind not in "fiub":
        return str(value)
    if arr.size != 1:
        return format_compact(arr, precision)
    return NumberFormat(arr, precision)(arr.reshape(-1)[0])


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + "×".join(map(str, shape)) + ")"


def format_compact(a: Any, precision: int = PRECISION, max_items: int = 12) -> str:
    """A tensor's numbers on one line, each as torch would print it in this tensor:
    ``[36., 81.]``, ``[[1., 2.], [3., 4.]]``, ``0.5000``. Tensors with more than
    ``max_items`` elements print their first three and last two elements and their shape:
    ``[0.1000, 0.2000, 0.3000, …, 1.9000, 2.0000] (4×5)``."""
    if a is None:
        return "None"
    arr = np.asarray(a)
    if arr.dtype.kind not in "fiub":
        return str(a)
    if arr.size == 0:   # torch: tensor([]) and tensor([], size=(2, 0))
        return "[]" if arr.ndim == 1 else f"[] {_shape_text(arr.shape)}"
    fmt = NumberFormat(arr, precision)
    if arr.ndim == 0:
        return fmt(arr.item())
    if arr.size > max_items:
        flat = arr.reshape(-1)
        head = ", ".join(fmt(v) for v in flat[:3].tolist())
        tail = ", ".join(fmt(v) for v in flat[-2:].tolist())
        return f"[{head}, …, {tail}] {_shape_text(arr.shape)}"

    def nested(x: np.ndarray) -> str:
        if x.ndim == 1:
            return "[" + ", ".join(fmt(v) for v in x.tolist()) + "]"
        return "[" + ", ".join(nested(row) for row in x) + "]"

    return nested(arr)


def format_range(a: Any, precision: int = PRECISION) -> str:
    """``min … max`` of a tensor's finite elements, both read in the tensor's own mode (for
    labels too narrow for its elements); ``empty`` or ``no finite values`` otherwise."""
    arr = np.asarray(a)
    if arr.size == 0:
        return "empty"
    fmt = NumberFormat(arr, precision)
    with np.errstate(all="ignore"):
        finite = arr[np.isfinite(arr)] if arr.dtype.kind == "f" else arr.reshape(-1)
    if finite.size == 0:
        return "no finite values"
    return f"{fmt(finite.min())} … {fmt(finite.max())}"
