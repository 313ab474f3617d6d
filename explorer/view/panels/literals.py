"""Safe parsing of number literals typed by the user (tensor values, gradients, shapes).

Accepts Python/JSON-style numbers and nested lists or tuples: ``3``, ``-1.5e-3``, ``[1, 1]``,
``[[1., 2.], [3., 4.]]``, ``(2, 3)``, ``nan``, ``inf``, ``None`` where allowed. Parsed with
``ast`` and a whitelist of node types; nothing is ever evaluated.
"""
from __future__ import annotations

import ast
import math
from typing import Any

import numpy as np

from explorer.model.messages import Message

MAX_LENGTH = 200_000
MAX_DEPTH = 16
MAX_ELEMENTS = 1_000_000


class LiteralError(ValueError):
    """The text is not a number or a (nested) list of numbers; the message says why."""


_NAMED = {"nan": math.nan, "inf": math.inf, "infinity": math.inf, "True": True, "False": False,
          "true": True, "false": False}


def parse_literal(text: str, allow_none: bool = False) -> Any:
    """Parse ``text`` into a number, None (if allowed) or nested lists of numbers."""
    text = (text or "").strip()
    if not text:
        raise LiteralError(Message("enter a number or a list of numbers, e.g. [1, 1]"))
    if len(text) > MAX_LENGTH:
        raise LiteralError(Message("the text is too long ({text} characters, at most {MAX_LENGTH})",
                                   text=len(text), MAX_LENGTH=MAX_LENGTH))
    # Accept torch-style wrappers: tensor([...]) / torch.tensor([...]).
    for prefix in ("torch.tensor(", "engine.tensor(", "tensor("):
        if text.startswith(prefix) and text.endswith(")"):
            text = text[len(prefix):-1].strip()
            break
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        col = (exc.offset or 1)
        raise LiteralError(Message("not a number or list of numbers (column {col}): {msg}", col=col,
                                   msg=exc.msg)) from None
    count = [0]
    return _convert(tree.body, 0, allow_none, count)


def _convert(node: ast.AST, depth: int, allow_none: bool, count: list[int]) -> Any:
    if depth > MAX_DEPTH:
        raise LiteralError(Message("lists nested deeper than {MAX_DEPTH} levels", MAX_DEPTH=MAX_DEPTH))
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_convert(e, depth + 1, allow_none, count) for e in node.elts]
    count[0] += 1
    if count[0] > MAX_ELEMENTS:
        raise LiteralError(Message("more than {MAX_ELEMENTS} numbers", MAX_ELEMENTS=MAX_ELEMENTS))
    if isinstance(node, ast.Constant):
        if node.value is None and allow_none:
            return None
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise LiteralError(Message("'{value}' is not a number", value=repr(node.value)))
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _convert(node.operand, depth + 1, False, count)
        if isinstance(value, list):
            raise LiteralError(Message("a sign can only stand before a number"))
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Name) and node.id in _NAMED and not isinstance(_NAMED[node.id], bool):
        return _NAMED[node.id]
    if isinstance(node, ast.Name):
        raise LiteralError(Message("'{id}' is not a number", id=node.id))
    raise LiteralError(Message("only numbers and [lists] of numbers are allowed here"))


def parse_array(text: str, dtype: str = "float32") -> np.ndarray:
    """Parse a tensor literal into an array of ``dtype``; ragged lists are refused."""
    value = parse_literal(text)
    try:
        array = np.array(value, dtype=dtype)
    except OverflowError:   # a constant of whole numbers (int64, uint8, ...): 1e300 or -1 in uint8
        raise LiteralError(Message("a number is out of range for {dtype}", dtype=dtype)) from None
    except (ValueError, TypeError):
        if np.dtype(dtype).kind in "iub":
            try:
                np.array(value, dtype=np.float64)
            except (ValueError, TypeError):
                pass
            else:   # the rows are fine: NaN or infinity has no whole-number value
                raise LiteralError(Message("{dtype} has no NaN or infinity", dtype=dtype)) from None
        raise LiteralError(Message("rows of different lengths: every row must have the same number of "
                                   "entries")) from None
    return array


def parse_int_tuple(text: str) -> tuple[int, ...]:
    value = parse_literal(text)
    if not isinstance(value, list):
        value = [value]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise LiteralError(Message("enter whole numbers, e.g. (2, 3)"))
    return tuple(value)


def literal_text(value: Any) -> str:
    """A value as text to edit and read back exactly: every element at its shortest form that
    round-trips in its own dtype (``0.1`` for a float32 0.1, ``2.``, ``1e-20``, ``nan``), in
    nested lists. Text only to be read goes through :mod:`explorer.model.numbers` (torch's
    4 decimals), which would lose digits if it were typed back."""
    arr = np.asarray(value)

    def one(v: Any) -> str:
        if arr.dtype.kind in "iub":
            return str(int(v))
        text = str(arr.dtype.type(v)) if arr.dtype.kind == "f" else repr(float(v))
        return text[:-2] + "." if text.endswith(".0") else text

    def nested(x: np.ndarray) -> str:
        if x.ndim == 0:
            return one(x.item())
        return "[" + ", ".join(nested(row) for row in x) + "]"

    return nested(arr)
