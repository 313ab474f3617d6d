"""Short text and tiny heatmaps for tensor values on node cards.

Scalars and short vectors are printed in full, as PyTorch prints them (``[2., 3.]``, through
:mod:`explorer.model.numbers`); larger tensors get their range and a small heatmap image.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QImage

from explorer.model.messages import Message
from explorer.model.numbers import format_array, format_range

FULL_LIMIT = 4          # vectors up to this many elements are printed in full
HEATMAP_LIMIT = 4096    # larger tensors: summary only, heatmap of a strided sample


def fmt_shape(shape: tuple[int, ...]) -> str:
    if len(shape) == 0:
        return QCoreApplication.translate("ui", "scalar")
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def is_short(a: np.ndarray) -> bool:
    return a.ndim == 0 or (a.ndim == 1 and a.size <= FULL_LIMIT) or (a.ndim == 2 and a.size <= 4 and a.shape[1] <= 2)


def fmt_array(a: np.ndarray | None) -> str:
    """A card's text: every number of a short tensor, the range of the rest (the card's
    heatmap shows the pattern). The numbers are :mod:`explorer.model.numbers`' (torch's
    printing), as in the chain-rule panel and the inspector."""
    if a is None:
        return "None"
    a = np.asarray(a)
    if is_short(a):
        return format_array(a)
    return summary(a)


def summary(a: np.ndarray) -> str:
    # The range first (it fits the card); the mean is in the tooltip/inspector.
    return format_range(a)


def heatmap(a: np.ndarray, neg: QColor, zero: QColor, pos: QColor, max_side: int = 32) -> QImage | None:
    """A small diverging heatmap (blue-white-red) of a 1-D or 2-D view of ``a``; None if not useful."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 0 or a.size == 0:
        return None
    m = a.reshape(1, -1) if a.ndim == 1 else a.reshape(-1, a.shape[-1])
    # Strided sample so a 1000x1000 weight costs no more than a 32x32 one.
    rs = max(1, math.ceil(m.shape[0] / max_side))
    cs = max(1, math.ceil(m.shape[1] / max_side))
    m = m[::rs, ::cs]
    with np.errstate(all="ignore"):
        finite = np.isfinite(m)
        scale = float(np.max(np.abs(m[finite]))) if finite.any() else 1.0
        t = np.where(finite, m / (scale or 1.0), 0.0)
    t = np.clip(t, -1.0, 1.0)
    z = np.array([zero.red(), zero.green(), zero.blue()], dtype=np.float64)
    p = np.array([pos.red(), pos.green(), pos.blue()], dtype=np.float64)
    n = np.array([neg.red(), neg.green(), neg.blue()], dtype=np.float64)
    tt = t[..., None]
    rgb = np.where(tt >= 0, z + (p - z) * tt, z + (n - z) * (-tt))
    rgb[~finite] = (128, 128, 128)
    h, w = rgb.shape[:2]
    buf = np.empty((h, w, 4), dtype=np.uint8)
    buf[..., 0] = rgb[..., 2]
    buf[..., 1] = rgb[..., 1]
    buf[..., 2] = rgb[..., 0]
    buf[..., 3] = 255
    img = QImage(buf.tobytes(), w, h, 4 * w, QImage.Format.Format_RGB32)
    return img.copy()  # own the pixels (the bytes object goes away)


def parse_value(text: str, dtype: str = "float32") -> np.ndarray:
    """Parse what a user types into a leaf's inline editor: ``2.5``, ``[2., 3.]``, ``[[1, 2], [3, 4]]``,
    optionally wrapped in ``tensor(...)``. Raises ValueError with a message for the user.

    A tiny hand-written reader: nothing is evaluated by Python."""
    s = text.strip()
    for prefix in ("torch.tensor(", "engine.tensor(", "tensor("):
        if s.startswith(prefix) and s.endswith(")"):
            s = s[len(prefix):-1].strip()
            break
    if not s:
        raise ValueError(Message("type a number such as 2.5 or a list such as [2., 3.]"))
    tokens = _tokenize(s)
    pos, value = _read(tokens, 0)
    if pos != len(tokens):
        raise ValueError(Message("unexpected '{tokens}' after the value", tokens=tokens[pos]))
    try:
        arr = np.array(value, dtype=np.float64)
    except ValueError:
        raise ValueError(Message("rows have different lengths: every row of a tensor needs the same "
                                 "number of values")) from None
    if arr.dtype == object or (arr.ndim and 0 in arr.shape and arr.ndim > 1):
        raise ValueError(Message("rows have different lengths"))
    if arr.size > 1_000_000:
        raise ValueError(Message("that tensor is too large to type in (over a million values)"))
    return arr.astype(dtype)


def _tokenize(s: str) -> list[str]:
    tokens: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isspace():
            i += 1
        elif ch in "[](),":
            tokens.append(ch)
            i += 1
        else:
            j = i
            while j < len(s) and not s[j].isspace() and s[j] not in "[](),":
                j += 1
            tokens.append(s[i:j])
            i = j
    return tokens


def _number(tok: str) -> float:
    t = tok.lower().replace("math.", "").replace("float(", "")
    if t in ("nan", "+nan", "-nan"):
        return float("nan")
    if t in ("inf", "+inf", "infinity"):
        return float("inf")
    if t in ("-inf", "-infinity"):
        return float("-inf")
    if t in ("true", "false"):
        return 1.0 if t == "true" else 0.0
    try:
        return float(t)
    except ValueError:
        raise ValueError(Message("'{tok}' is not a number", tok=tok)) from None


def _read(tokens: list[str], pos: int):
    if pos >= len(tokens):
        raise ValueError(Message("the value ends too early: a ']' is missing"))
    tok = tokens[pos]
    if tok in "[(":
        close = "]" if tok == "[" else ")"
        items = []
        pos += 1
        if pos < len(tokens) and tokens[pos] == close:
            return pos + 1, items
        while True:
            pos, item = _read(tokens, pos)
            items.append(item)
            if pos >= len(tokens):
                raise ValueError(Message("a '{close}' is missing at the end", close=close))
            if tokens[pos] == ",":
                pos += 1
                if pos < len(tokens) and tokens[pos] == close:
                    return pos + 1, items
                continue
            if tokens[pos] == close:
                return pos + 1, items
            raise ValueError(Message("expected ',' or '{close}' but found '{tokens}'", close=close,
                                     tokens=tokens[pos]))
    if tok in "]),":
        raise ValueError(Message("unexpected '{tok}'", tok=tok))
    return pos + 1, _number(tok)
