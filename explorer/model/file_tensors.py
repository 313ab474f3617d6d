"""The file format's limits, its error and the small value checks every part shares, and tensors
on disk: nested lists for small tensors, little-endian base64 from ``BASE64_FROM`` elements on,
non-finite values as strings (re-exported by :mod:`explorer.model.fileformat`).
"""
from __future__ import annotations

import base64
import binascii
import json
import math
from typing import Any

import numpy as np

from explorer.model.commands import MAX_TENSOR_ELEMENTS
from explorer.model.document import DTYPES, FLOAT_DTYPES, MAX_ID_LENGTH
from explorer.model.messages import Message


FORMAT = "autograd-explorer"
VERSION = 2

# 10 M float64 elements (MAX_TOTAL_ELEMENTS) are 107 MB of base64: the cap leaves room for them.
MAX_FILE_BYTES = 128 * 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 48          # nesting of JSON containers, tensor data included
MAX_DIMS = 16
MAX_TOTAL_ELEMENTS = 10_000_000
# JSON values (commas) a file may hold beyond its tensor elements (ids, names, edges, ...):
# checked before parsing, so a file of millions of tiny numbers is refused before it becomes
# millions of Python objects.
MAX_JSON_VALUES = MAX_TOTAL_ELEMENTS + 40 * MAX_NODES
BASE64_FROM = 1024      # tensors with this many elements or more are written as base64
NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class FileFormatError(ValueError):
    """A file that is not a valid document; the message says what and where."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------- tensors
def _float_out(x: float) -> float | str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _nest(flat: list, shape: tuple[int, ...]) -> Any:
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def _list_values(array: np.ndarray) -> list:
    """The elements as JSON values that read back exactly as ``array.dtype``."""
    kind = array.dtype.kind
    if kind == "b":
        return [bool(v) for v in array.ravel().tolist()]
    if kind in "iu":
        return array.ravel().tolist()            # Python ints: exact at any width
    if array.dtype in (np.float32, np.float16):
        # The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149...).
        # Going through a double on the way back is exact: 53 bits >= 2 * 24 + 2.
        flat = [float(str(v)) for v in array.ravel()]
    else:
        flat = array.astype(np.float64).ravel().tolist()
    return [_float_out(v) for v in flat]


def encode_tensor(array: np.ndarray, with_dtype: bool = False) -> dict[str, Any]:
    """``{"shape": [...], "data": nested list}`` for small tensors (readable; non-finite values as
    "nan"/"inf"/"-inf"), ``{"shape": [...], "base64": "..."}`` (the little-endian bytes) from
    :data:`BASE64_FROM` elements on: compact, fast and exact, NaN payloads included."""
    array = np.asarray(array)
    if array.dtype.name not in DTYPES:
        raise FileFormatError(Message("cannot save a tensor of dtype {name} (the file format has "
                                      "{DTYPES})", name=array.dtype.name, DTYPES=', '.join(DTYPES)))
    result: dict[str, Any] = {}
    if with_dtype:
        result["dtype"] = array.dtype.name
    result["shape"] = list(array.shape)
    if array.size >= BASE64_FROM:
        little = array.astype(array.dtype.newbyteorder("<"), copy=False)
        result["base64"] = base64.b64encode(np.ascontiguousarray(little).tobytes()).decode("ascii")
    else:
        result["data"] = _nest(_list_values(array), array.shape)
    return result


def decode_tensor(obj: Any, where: str, dtype: str | None = None) -> tuple[np.ndarray, int]:
    """Validate and decode a tensor object; returns (array, element count). ``dtype`` is the
    node's dtype; without it the object may carry its own (a root gradient: floats only)."""
    own_dtype = dtype is None
    _keys(obj, where, required={"shape"}, optional={"data", "base64"} | ({"dtype"} if own_dtype else set()))
    if ("data" in obj) == ("base64" in obj):
        raise FileFormatError(Message('{where}: needs exactly one of "data" (a nested list) or "base64"',
                                      where=where))
    if own_dtype:
        dtype = obj.get("dtype", "float32")
        if dtype not in FLOAT_DTYPES:
            raise FileFormatError(Message("{where}.dtype: unknown dtype {_show} (use {FLOAT_DTYPES})",
                                          where=where, _show=_show(dtype),
                                          FLOAT_DTYPES=' or '.join(FLOAT_DTYPES)))
    shape = obj["shape"]
    if not isinstance(shape, list) or not all(_is_int(d) and d >= 0 for d in shape):
        raise FileFormatError(Message("{where}.shape: must be a list of non-negative whole numbers",
                                      where=where))
    if len(shape) > MAX_DIMS:
        raise FileFormatError(Message("{where}.shape: {shape} dimensions is too many (at most {MAX_DIMS})",
                                      where=where, shape=len(shape), MAX_DIMS=MAX_DIMS))
    size = 1
    for d in shape:
        size *= d
        if size > MAX_TENSOR_ELEMENTS:
            break
    if size > MAX_TENSOR_ELEMENTS:
        raise FileFormatError(Message("{where}: a tensor of shape {shape} is too large (at most "
                                      "{MAX_TENSOR_ELEMENTS} elements)", where=where, shape=tuple(shape),
                                      MAX_TENSOR_ELEMENTS=format(MAX_TENSOR_ELEMENTS, ",")))
    if "base64" in obj:
        return _decode_base64(obj["base64"], where, dtype, shape, size), size
    flat: list = []
    # Walk the nested data iteratively, checking every row length against the shape.
    stack: list[tuple[Any, int]] = [(obj["data"], 0)]
    element = _ELEMENT_READERS[np.dtype(dtype).kind]
    while stack:
        item, depth = stack.pop()
        if depth == len(shape):
            flat.append(element(item, f"{where}.data", dtype))
            continue
        if not isinstance(item, list) or len(item) != shape[depth]:
            raise FileFormatError(Message("{where}.data: does not match shape {shape} (expected a list "
                                          "of {shape_2} at depth {value})", where=where, shape=tuple(shape),
                                          shape_2=shape[depth], value=depth + 1))
        stack.extend((child, depth + 1) for child in reversed(item))
    if np.dtype(dtype).kind == "f":
        array = np.array(flat, dtype=np.float64)
        with np.errstate(over="ignore"):   # 1e300 as float32 is inf, as in torch.tensor
            array = array.astype(dtype)
    else:
        array = np.array(flat, dtype=dtype)   # every element was range-checked
    return array.reshape(shape), size


def _decode_base64(text: Any, where: str, dtype: str, shape: list[int], size: int) -> np.ndarray:
    itemsize = np.dtype(dtype).itemsize
    expected = 4 * ((size * itemsize + 2) // 3)
    # The length is checked before decoding, so a huge string costs nothing to refuse.
    if not isinstance(text, str) or len(text) != expected:
        found = f"{len(text):,} characters" if isinstance(text, str) else _json_type(text)
        raise FileFormatError(Message("{where}.base64: expected {expected} characters of base64 for "
                                      "{size} {dtype} values of shape {shape}, found {found}", where=where,
                                      expected=format(expected, ","), size=format(size, ","), dtype=dtype,
                                      shape=tuple(shape), found=found))
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise FileFormatError(Message("{where}.base64: not valid base64", where=where)) from None
    array = np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<"))
    if dtype == "bool" and size and int(np.frombuffer(raw, dtype=np.uint8).max()) > 1:
        raise FileFormatError(Message("{where}.base64: a bool tensor's bytes must be 0 or 1", where=where))
    return array.astype(dtype).reshape(shape)   # native byte order, writable, owns its memory


def _float_element(item: Any, where: str, dtype: str) -> float:
    if isinstance(item, str):
        if item in NON_FINITE:
            return NON_FINITE[item]
        raise FileFormatError(Message("{where}: {_show} is not a number (non-finite values are written "
                                      '"nan", "inf", "-inf")', where=where, _show=_show(item)))
    if isinstance(item, bool) or not isinstance(item, (int, float)):
        raise FileFormatError(Message("{where}: {_show} is not a number", where=where, _show=_show(item)))
    try:
        return float(item)
    except OverflowError:
        raise FileFormatError(Message("{where}: the number {_show} is too large", where=where,
                                      _show=_show(item))) from None


def _int_element(item: Any, where: str, dtype: str) -> int:
    if not _is_int(item):
        raise FileFormatError(Message("{where}: {_show} is not a whole number (the tensor is {dtype})",
                                      where=where, _show=_show(item), dtype=dtype))
    info = np.iinfo(dtype)
    if not info.min <= item <= info.max:
        raise FileFormatError(Message("{where}: {_show} is out of range for {dtype} ({min} to {max})",
                                      where=where, _show=_show(item), dtype=dtype, min=format(info.min, ","),
                                      max=format(info.max, ",")))
    return item


def _bool_element(item: Any, where: str, dtype: str) -> bool:
    if not isinstance(item, bool):
        raise FileFormatError(Message("{where}: {_show} is not true or false (the tensor is bool)",
                                      where=where, _show=_show(item)))
    return item


_ELEMENT_READERS = {"f": _float_element, "i": _int_element, "u": _int_element, "b": _bool_element}


def _reject_constant(name: str) -> float:
    raise FileFormatError(Message('{name} is not valid JSON; write non-finite values as "nan", "inf" or '
                                  '"-inf"', name=name))


def _depth_ok(data: Any) -> None:
    # Level by level, keeping only the containers: the numbers (most of a file) are looked at
    # once each in a comprehension instead of being pushed on a stack as (item, depth) pairs.
    level = [data] if isinstance(data, (list, dict)) else []
    depth = 1
    while level:
        if depth > MAX_DEPTH:
            raise FileFormatError(Message("the file is nested too deeply (at most {MAX_DEPTH} levels)",
                                          MAX_DEPTH=MAX_DEPTH))
        below: list = []
        for item in level:
            below.extend([c for c in (item.values() if isinstance(item, dict) else item)
                          if isinstance(c, (list, dict))])
        level = below
        depth += 1


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _finite_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _keys(obj: Any, where: str, required: set[str], optional: set[str] = frozenset(),
          allowed: frozenset[str] | None = None) -> None:
    """Refuse a non-object, a missing required key or an unknown key. ``allowed`` (required |
    optional, precomputed by callers in loops) only makes the common all-good case quicker."""
    if isinstance(obj, dict):
        keys = obj.keys()
        if keys >= required and (len(keys) == len(required) or keys <= (allowed or (required | optional))):
            return
    if not isinstance(obj, dict):
        raise FileFormatError(Message("{where}: expected an object, found {_json_type}", where=where,
                                      _json_type=_json_type(obj)))
    missing = sorted(required - obj.keys())
    if missing:
        raise FileFormatError(Message("{where}: missing {values}", where=where,
                                      values=', '.join(repr(m) for m in missing)))
    unknown = sorted(obj.keys() - required - optional)
    if unknown:
        raise FileFormatError(Message("{where}: unknown field {_show}", where=where, _show=_show(unknown[0])))


def _json_type(value: Any) -> str:
    if value is None:
        return Message("null")
    if isinstance(value, bool):
        return Message("true/false")
    if isinstance(value, (int, float)):
        return Message("a number")
    if isinstance(value, str):
        return Message("a string")
    if isinstance(value, list):
        return Message("a list")
    return Message("an object")


def _typed(obj: dict, key: str, kind: type | tuple, where: str, default: Any = None) -> Any:
    if key not in obj:
        return default
    value = obj[key]
    if kind is bool and not isinstance(value, bool):
        raise FileFormatError(Message("{where}.{key}: expected true or false, found {_json_type}",
                                      where=where, key=key, _json_type=_json_type(value)))
    if kind is str and not isinstance(value, str):
        raise FileFormatError(Message("{where}.{key}: expected a string, found {_json_type}", where=where,
                                      key=key, _json_type=_json_type(value)))
    return value


ID_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


def _check_id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ID_LENGTH or not set(value) <= ID_CHARS:
        raise FileFormatError(Message("{where}: {_show} is not a valid id (letters, digits, '_', '-', "
                                      "'.'; at most {MAX_ID_LENGTH} characters)", where=where,
                                      _show=_show(value), MAX_ID_LENGTH=MAX_ID_LENGTH))
    return value
