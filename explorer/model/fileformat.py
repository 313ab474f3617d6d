"""Documents on disk: a versioned JSON format, validated as a whole, saved atomically.

A file looks like::

    {"format": "autograd-explorer", "version": 2,
     "nodes": [{"id": "n1", "kind": "leaf", "name": "a", "dtype": "float32",
                "value": {"shape": [2], "data": [2.0, 3.0]}, "requires_grad": true,
                "retain_grad": false, "pos": [0.0, 0.0]},
               {"id": "n3", "kind": "op", "name": "Q", "op": "sub", "params": {}, ...}],
     "edges": [{"src": "n1", "dst": "n3", "port": 0}, ...],
     "groups": [{"id": "g1", "name": "pretrained backbone", "members": ["n1"]}],
     "root": "n3", "root_gradient": {"dtype": "float32", "shape": [2], "data": [1.0, 1.0]}}

A node's ``dtype`` is any dtype the engine has (float32, float64, float16, int64, int32, int16,
int8, uint8, bool); integer and bool values are kept exactly (class indices, ``where`` masks).
Small tensors are a nested list ``"data"`` matching ``shape`` (readable; the non-finite values
NaN, +Inf and -Inf are written as the strings ``"nan"``, ``"inf"`` and ``"-inf"``, JSON has no
numbers for them; whole numbers as JSON integers, bools as true/false); from ``BASE64_FROM``
elements on, ``"base64"`` holds the little-endian bytes (a 1000×1000 float32 weight is 5.3 MB
instead of ~12 MB of decimals, exact, and reads 50x faster). Ops are referenced by name and
checked against ``engine.ops.OPS``.

One set of limits (``MAX_FILE_BYTES``, ``MAX_NODES``, ``MAX_TOTAL_ELEMENTS``, the commands'
``MAX_TENSOR_ELEMENTS``, ``MAX_ID_LENGTH``, ...) serves the writer and the reader: saving
refuses, in one line, a document that opening would refuse.

Loading never evaluates anything: the text goes through ``json`` and a strict schema (unknown
keys, wrong types, unknown ops, dangling references, cycles, duplicate names, wrong ports,
oversize tensors, deep nesting and newer versions are all refused with a
:class:`FileFormatError` saying what and where). Nothing is replaced until the whole file has
been checked. Older versions are migrated step by step through ``MIGRATIONS``.
"""
from __future__ import annotations

import base64
import binascii
import difflib
import json
import math
import os
from typing import Any, Callable

import networkx as nx
import numpy as np

from explorer.model.adjacency import Adjacency
from explorer.model.commands import (
    MAX_TENSOR_ELEMENTS,
    check_group_name,
    check_params,
)
from explorer.model import atomic
from explorer.model.document import (
    DTYPES,
    FLOAT_DTYPES,
    MAX_ID_LENGTH,
    NODE_KINDS,
    Document,
    DocumentError,
    Edge,
    Group,
    Node,
    identifier_key,
    is_valid_name,
)
from explorer.model.messages import Message

__all__ = ["FORMAT", "VERSION", "FileFormatError", "dumps", "loads", "save_document", "load_document", "load_any",
           "write_text_atomic", "encode_tensor", "decode_tensor", "to_data", "from_data", "MIGRATIONS"]

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


# ---------------------------------------------------------------------------- writing
def _param_out(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (tuple, list)):
        return [_param_out(v) for v in value]
    if isinstance(value, float):
        return _float_out(value)
    return value


def _params_out(params: dict[str, Any]) -> dict[str, Any]:
    return {k: _param_out(v) for k, v in params.items()}


def _node_array(node: Node) -> np.ndarray:
    """The value exactly as the runner uses it: a constant of whole numbers or booleans keeps its
    own dtype (class indices, masks); any other value takes the node's dtype."""
    value = np.asarray(node.value)
    if node.kind == "const" and value.dtype.kind in "iub" and value.dtype.name in DTYPES:
        return value
    return value.astype(node.dtype, copy=False)


def to_data(doc: Document) -> dict[str, Any]:
    """The document as plain JSON-ready data (the current version). Raises FileFormatError
    (one line) for a document the reader would refuse (too many nodes or elements)."""
    if len(doc.nodes) > MAX_NODES:
        raise FileFormatError(Message("cannot save: too many nodes ({nodes}; at most {MAX_NODES})",
                                      nodes=format(len(doc.nodes), ","), MAX_NODES=format(MAX_NODES, ",")))
    sizes = [np.size(n.value) for n in doc.nodes.values() if n.kind != "op" and n.value is not None]
    if sizes and (max(sizes) > MAX_TENSOR_ELEMENTS or sum(sizes) > MAX_TOTAL_ELEMENTS):
        # refused before encoding anything (a ResNet's 11.7 M numbers were base64-encoded first)
        raise FileFormatError(Message("cannot save: the tensors are too large (at most "
                                      "{MAX_TENSOR_ELEMENTS} elements each and {MAX_TOTAL_ELEMENTS} in "
                                      "all)", MAX_TENSOR_ELEMENTS=format(MAX_TENSOR_ELEMENTS, ","),
                                      MAX_TOTAL_ELEMENTS=format(MAX_TOTAL_ELEMENTS, ",")))
    nodes = []
    total = 0
    for node in doc.nodes.values():
        item: dict[str, Any] = {"id": node.id, "kind": node.kind, "name": node.name, "dtype": node.dtype}
        if node.kind == "op":
            item["op"] = node.op
            item["params"] = _params_out(node.params)
        else:
            array = _node_array(node)
            total += array.size
            if array.size > MAX_TENSOR_ELEMENTS or total > MAX_TOTAL_ELEMENTS:
                raise FileFormatError(Message("cannot save: the tensors are too large (at most "
                                              "{MAX_TENSOR_ELEMENTS} elements each and "
                                              "{MAX_TOTAL_ELEMENTS} in all)",
                                              MAX_TENSOR_ELEMENTS=format(MAX_TENSOR_ELEMENTS, ","),
                                              MAX_TOTAL_ELEMENTS=format(MAX_TOTAL_ELEMENTS, ",")))
            item["dtype"] = array.dtype.name
            item["value"] = encode_tensor(array)
        if node.kind == "leaf":
            item["requires_grad"] = bool(node.requires_grad)
        if node.kind != "const":
            item["retain_grad"] = bool(node.retain_grad)
        elif node.params.get("inline") is True:
            item["inline"] = True  # a value typed on its consumer's port (drawn there, not as a card)
        item["pos"] = [float(node.pos[0]), float(node.pos[1])]
        nodes.append(item)
    order = {nid: i for i, nid in enumerate(doc.nodes)}  # a dict: list.index per edge was quadratic
    edges = sorted(doc.edges(), key=lambda e: (order[e.dst], e.port))
    return {
        "format": FORMAT,
        "version": VERSION,
        "nodes": nodes,
        "edges": [{"src": e.src, "dst": e.dst, "port": e.port} for e in edges],
        "groups": [_group_out(g) for g in doc.groups.values()],
        "root": doc.root,
        "root_gradient": None if doc.root_gradient is None else encode_tensor(
            # like torch.tensor: float64 only when it is a float64 array, else float32
            np.asarray(doc.root_gradient, dtype=np.float64 if getattr(doc.root_gradient, "dtype", None) == np.float64
                       else np.float32), with_dtype=True),
    }


def _group_out(g: Group) -> dict[str, Any]:
    """A group as JSON; a module group's fields only when set, so plain groups read as before."""
    item: dict[str, Any] = {"id": g.id, "name": g.name, "members": list(g.members)}
    if g.parent is not None:
        item["parent"] = g.parent
    if g.module is not None:
        item.update(module=g.module, param_count=int(g.param_count), collapsed=bool(g.collapsed),
                    pos=[float(g.pos[0]), float(g.pos[1])])
        if g.shape is not None:
            item["shape"] = [int(d) for d in g.shape]
    return item


def check_size(text: str) -> None:
    """Refuse (one line) document text larger than the reader accepts."""
    # A str's length counts characters; the file holds UTF-8 bytes (names may be non-ASCII).
    if len(text) > MAX_FILE_BYTES // 4 and len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise FileFormatError(Message("cannot save: the document would be {encode} bytes (a file can be "
                                      "at most {MAX_FILE_BYTES})",
                                      encode=format(len(text.encode('utf-8')), ","),
                                      MAX_FILE_BYTES=format(MAX_FILE_BYTES, ",")))


def _scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _format(value: Any, indent: str = "") -> str:
    """Readable JSON: whatever fits on a line (an edge, a small tensor, a position) on one
    line, lists of numbers on one line, matrix rows one per line, the rest indented."""
    if isinstance(value, str):   # base64 tensor data: megabytes, no need to measure it twice
        return json.dumps(value, ensure_ascii=False)
    inner = indent + "  "
    compact = json.dumps(value, ensure_ascii=False, allow_nan=False)
    if len(compact) + len(indent) <= 96:
        return compact
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_format(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        if all(_scalar(v) for v in value):
            return json.dumps(value, ensure_ascii=False, allow_nan=False)
        return "[\n" + ",\n".join(inner + _format(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def dumps(doc: Document) -> str:
    """The document as JSON text (readable: one line per edge, tensor rows one per line).
    Raises FileFormatError for a document the reader would refuse."""
    text = _format(to_data(doc)) + "\n"
    check_size(text)
    return text


def save_document(doc: Document, path: str | os.PathLike, *, overwrite_read_only: bool = False) -> None:
    """Write atomically (see :mod:`explorer.model.atomic`: temp file in the same folder, fsync,
    replace; symlinks followed). A document the reader would refuse raises FileFormatError
    before anything touches the disk; a read-only file raises atomic.ReadOnlyFileError unless
    ``overwrite_read_only``; other failures raise OSError and leave the old file as it was."""
    atomic.write_text_atomic(path, dumps(doc), overwrite_read_only=overwrite_read_only)


#: Kept for callers that import it from here (graphml); the writer lives in explorer.model.atomic.
write_text_atomic = atomic.write_text_atomic


# ---------------------------------------------------------------------------- reading
def load_document(path: str | os.PathLike) -> Document:
    """Read and validate a document file. Raises FileFormatError (also for unreadable files)."""
    path = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise FileFormatError(Message("{path}: the file is too large ({size} bytes; at most "
                                          "{MAX_FILE_BYTES})", path=path, size=format(size, ","),
                                          MAX_FILE_BYTES=format(MAX_FILE_BYTES, ",")))
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileFormatError(Message("cannot read {path}: {value}", path=path, value=exc.strerror or exc)) from None
    try:
        return loads(raw)
    except FileFormatError as exc:
        raise FileFormatError(Message("{basename}: {message}", basename=os.path.basename(path),
                                      message=exc.message)) from None


def load_any(path: str | os.PathLike) -> Document:
    """A graph from whatever the user can open: a document (.json), an image exported with the
    graph inside (PNG text chunk or SVG metadata, see :mod:`explorer.model.imagemeta`), or a
    script in the expression language (anything else).

    Documents and images raise FileFormatError; scripts raise the language's ScriptError (with
    line and column) or OSError/UnicodeDecodeError when the file cannot be read as text."""
    from explorer.model import imagemeta

    path = os.fspath(path)
    if path.lower().endswith(".json"):
        return load_document(path)
    if imagemeta.looks_like_image(path):
        try:
            text = imagemeta.document_text_from_image(path)
        except imagemeta.ImageMetadataError as exc:
            raise FileFormatError(str(exc)) from None
        try:
            return loads(text)
        except FileFormatError as exc:
            raise FileFormatError(Message("{basename}: the graph stored in the image: {message}",
                                          basename=os.path.basename(path), message=exc.message)) from None
    from explorer.model.language import parse_script

    with open(path, encoding="utf-8") as handle:
        return parse_script(handle.read())


def loads(text: str | bytes) -> Document:
    """Parse and validate a whole document. Only FileFormatError escapes."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_FILE_BYTES:
            raise FileFormatError(Message("the file is too large (at most {MAX_FILE_BYTES} bytes)",
                                          MAX_FILE_BYTES=format(MAX_FILE_BYTES, ",")))
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileFormatError(Message("not a text file (invalid UTF-8 at byte {start})", start=exc.start)) from None
    if not isinstance(text, str):
        raise FileFormatError(Message("expected JSON text"))
    if len(text) > MAX_FILE_BYTES:
        raise FileFormatError(Message("the file is too large (at most {MAX_FILE_BYTES} bytes)",
                                      MAX_FILE_BYTES=format(MAX_FILE_BYTES, ",")))
    # Every JSON value but the last of a container is followed by a comma: counting them (C
    # speed) bounds the Python objects json would build, before it builds them.
    if text.count(",") > MAX_JSON_VALUES:
        raise FileFormatError(Message("the file holds too many values (more than {MAX_JSON_VALUES}; "
                                      "large tensors are stored as base64)",
                                      MAX_JSON_VALUES=format(MAX_JSON_VALUES, ",")))
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FileFormatError(Message("not valid JSON: {msg} at line {lineno}, column {colno}", msg=exc.msg,
                                      lineno=exc.lineno, colno=exc.colno)) from None
    except RecursionError:
        raise FileFormatError(Message("the file is nested too deeply (at most {MAX_DEPTH} levels)",
                                      MAX_DEPTH=MAX_DEPTH)) from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise FileFormatError(Message("not valid JSON: {exc}", exc=exc)) from None
    return from_data(data)


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


def _version_of(data: dict) -> int:
    if data.get("format") != FORMAT:
        raise FileFormatError(Message('not an Autograd Explorer document ("format" must be "{FORMAT}")',
                                      FORMAT=FORMAT))
    version = data.get("version")
    if not _is_int(version):
        raise FileFormatError(Message('"version" must be a whole number'))
    if version > VERSION:
        raise FileFormatError(Message("this document was written by a newer Autograd Explorer (file "
                                      "format version {version}; this version reads up to {VERSION}). "
                                      "Please update.", version=version, VERSION=VERSION))
    if version < min(MIGRATIONS, default=VERSION):
        raise FileFormatError(Message("unknown file format version {version}", version=version))
    return version


def from_data(data: Any) -> Document:
    """Migrate, validate everything, then build the document from parsed JSON data (a file,
    or a document embedded in a lecture). Only FileFormatError escapes."""
    try:
        return _from_data(data)
    except FileFormatError:
        raise
    except DocumentError as exc:
        raise FileFormatError(str(exc)) from None
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError,
            RecursionError, nx.NetworkXException) as exc:
        # Defence in depth: the checks below should catch everything first.
        raise FileFormatError(Message("damaged document ({name}: {exc})", name=type(exc).__name__, exc=exc)) from None


def _from_data(data: Any) -> Document:
    if not isinstance(data, dict):
        raise FileFormatError(Message("expected a JSON object at the top level, found {_json_type}",
                                      _json_type=_json_type(data)))
    _depth_ok(data)
    version = _version_of(data)
    while version < VERSION:
        try:
            data = MIGRATIONS[version](data)
        except FileFormatError:
            raise
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            raise FileFormatError(Message("cannot read this version {version} file: it is damaged ({exc})",
                                          version=version, exc=exc)) from None
        version += 1
        _depth_ok(data)
    return _validate(data)


def _validate(data: dict) -> Document:
    """Check a document of the current version (VERSION) as a whole and build it."""
    from engine.ops import OPS

    _keys(data, "document", required={"format", "version", "nodes"},
          optional={"edges", "groups", "root", "root_gradient"})
    raw_nodes = data["nodes"]
    if not isinstance(raw_nodes, list):
        raise FileFormatError(Message('"nodes" must be a list, found {_json_type}',
                                      _json_type=_json_type(raw_nodes)))
    if len(raw_nodes) > MAX_NODES:
        raise FileFormatError(Message("too many nodes ({raw_nodes}; at most {MAX_NODES})",
                                      raw_nodes=format(len(raw_nodes), ","),
                                      MAX_NODES=format(MAX_NODES, ",")))
    nodes: list[Node] = []
    by_id: dict[str, Node] = {}
    names: dict[str, str] = {}
    total = 0
    fields = {kind: _node_fields(kind) for kind in NODE_KINDS}   # (required, optional, allowed)
    params_ok: dict[str, dict] = {}     # op -> its checked empty params (most nodes have none)
    for i, raw in enumerate(raw_nodes):
        where = f"nodes[{i}]"
        if not isinstance(raw, dict):
            raise FileFormatError(Message("{where}: expected an object, found {_json_type}", where=where,
                                          _json_type=_json_type(raw)))
        kind = raw.get("kind")
        if kind not in NODE_KINDS:
            raise FileFormatError(Message("{where}.kind: must be one of {NODE_KINDS}, found {_show}",
                                          where=where, NODE_KINDS=', '.join(NODE_KINDS), _show=_show(kind)))
        required, optional, allowed = fields[kind]
        _keys(raw, where, required, optional, allowed)
        node_id = _check_id(raw["id"], f"{where}.id")
        if node_id in by_id:
            raise FileFormatError(Message("{where}.id: two nodes have the id '{node_id}'", where=where,
                                          node_id=node_id))
        name = raw["name"]
        if not isinstance(name, str) or not is_valid_name(name):
            raise FileFormatError(Message("{where}.name: {_show} is not a valid name (letters, digits "
                                          "and _, not starting with a digit; no Python keywords)",
                                          where=where, _show=_show(name)))
        where = Message("node '{name}' ({where})", name=name, where=where)
        key = identifier_key(name)
        if key in names:
            other = by_id[names[key]].name
            if other == name:
                raise FileFormatError(Message("{where}: two nodes are named '{name}'", where=where, name=name))
            raise FileFormatError(Message("{where}: the names '{other}' and '{name}' are the same Python "
                                          "name '{key}' (a printed script would mix them up)", where=where,
                                          other=other, name=name, key=key))
        dtype = _typed(raw, "dtype", str, where, "float32")
        if dtype not in DTYPES:
            raise FileFormatError(Message("{where}.dtype: unknown dtype {_show} (use {DTYPES})", where=where,
                                          _show=_show(dtype), DTYPES=', '.join(DTYPES)))
        if kind == "leaf" and dtype not in FLOAT_DTYPES:
            raise FileFormatError(Message("{where}.dtype: a leaf tensor is {FLOAT_DTYPES}; whole numbers "
                                          "and booleans ({dtype}) are constants", where=where,
                                          FLOAT_DTYPES=' or '.join(FLOAT_DTYPES), dtype=dtype))
        pos = raw.get("pos", [0.0, 0.0])
        if (not isinstance(pos, list) or len(pos) != 2
                or not (_finite_number(pos[0]) and _finite_number(pos[1]))):
            raise FileFormatError(Message("{where}.pos: expected two finite numbers [x, y]", where=where))
        node = Node(node_id, kind, name, dtype=dtype, pos=(float(pos[0]), float(pos[1])),
                    retain_grad=_typed(raw, "retain_grad", bool, where, False),
                    requires_grad=_typed(raw, "requires_grad", bool, where, False))
        if kind == "op":
            op = raw["op"]
            if not isinstance(op, str) or op not in OPS:
                hint = difflib.get_close_matches(op, list(OPS), n=1) if isinstance(op, str) else []
                extra = (Message(" — did you mean '{hint}'?", hint=hint[0]) if hint else '')
                raise FileFormatError(Message("{where}.op: unknown operation {_show}{extra}", where=where,
                                              _show=_show(op), extra=extra))
            params = raw.get("params", {})
            if not isinstance(params, dict):
                raise FileFormatError(Message("{where}.params: expected an object, found {_json_type}",
                                              where=where, _json_type=_json_type(params)))
            try:
                if params or op not in params_ok:
                    checked = check_params(op, _params_in(OPS[op], params))
                    if not params:
                        params_ok[op] = checked
                else:  # the same check as the first node of this op without params: reuse it
                    checked = dict(params_ok[op])
                node.params = checked
            except DocumentError as exc:
                raise FileFormatError(Message("{where}.params: {exc}", where=where, exc=exc)) from None
            node.op = op
        else:
            if kind == "const" and _typed(raw, "inline", bool, where, False):
                node.params = {"inline": True}
            node.value, count = decode_tensor(raw["value"], f"{where}.value", dtype)
            total += count
            if total > MAX_TOTAL_ELEMENTS:
                raise FileFormatError(Message("the tensors in this file are too large in total (more "
                                              "than {MAX_TOTAL_ELEMENTS} elements)",
                                              MAX_TOTAL_ELEMENTS=format(MAX_TOTAL_ELEMENTS, ",")))
        nodes.append(node)
        by_id[node_id] = node
        names[key] = node_id

    label = lambda nid: f"'{by_id[nid].name}'"  # noqa: E731
    raw_edges = data.get("edges", [])
    if not isinstance(raw_edges, list):
        raise FileFormatError(Message('"edges" must be a list, found {_json_type}',
                                      _json_type=_json_type(raw_edges)))
    edges: list[Edge] = []
    taken: dict[tuple[str, int], int] = {}
    edge_keys = frozenset({"src", "dst", "port"})
    for i, raw in enumerate(raw_edges):
        where = f"edges[{i}]"
        _keys(raw, where, edge_keys, allowed=edge_keys)
        src, dst, port = raw["src"], raw["dst"], raw["port"]
        if not (isinstance(src, str) and src in by_id and isinstance(dst, str) and dst in by_id):
            for end, value in (("src", src), ("dst", dst)):
                if not isinstance(value, str) or value not in by_id:
                    raise FileFormatError(Message("{where}.{end}: there is no node with id {_show}",
                                                  where=where, end=end, _show=_show(value)))
        target = by_id[dst]
        if target.kind != "op":
            raise FileFormatError((Message("{where}: {label} is a leaf tensor and has no inputs",
                                           where=where, label=label(dst))
                                   if target.kind == 'leaf' else
                                   Message("{where}: {label} is a constant and has no inputs", where=where,
                                           label=label(dst))))
        arity = OPS[target.op].arity
        if not _is_int(port) or not 0 <= port < arity:
            raise FileFormatError(Message("{where}.port: {label} ({op}) has {arity} input(s) numbered 0 "
                                          "to {value}; found {_show}", where=where, label=label(dst),
                                          op=target.op, arity=arity, value=arity - 1, _show=_show(port)))
        if (dst, port) in taken:
            raise FileFormatError(Message("{where}: input {port} of {label} is connected twice (also by "
                                          "edges[{taken}])", where=where, port=port, label=label(dst),
                                          taken=taken[dst, port]))
        taken[dst, port] = i
        edges.append(Edge(src, dst, port))
    if not _acyclic(by_id, edges):
        graph = nx.DiGraph()
        graph.add_nodes_from(by_id)
        graph.add_edges_from((e.src, e.dst) for e in edges)
        cycle = [u for u, _ in nx.find_cycle(graph)]
        names_on_cycle = " → ".join(by_id[n].name for n in [*cycle, cycle[0]])
        raise FileFormatError(Message("the edges form a cycle: {names_on_cycle}",
                                      names_on_cycle=names_on_cycle))

    raw_groups = data.get("groups", [])
    if not isinstance(raw_groups, list):
        raise FileFormatError(Message('"groups" must be a list, found {_json_type}',
                                      _json_type=_json_type(raw_groups)))
    groups: list[Group] = []
    grouped: dict[str, str] = {}
    for i, raw in enumerate(raw_groups):
        where = f"groups[{i}]"
        _keys(raw, where, required={"id", "name", "members"}, optional=GROUP_MODULE_KEYS)
        group_id = _check_id(raw["id"], f"{where}.id")
        if group_id in by_id or any(g.id == group_id for g in groups):
            raise FileFormatError(Message("{where}.id: the id '{group_id}' is used twice", where=where,
                                          group_id=group_id))
        try:
            name = check_group_name(raw["name"])
        except DocumentError as exc:
            raise FileFormatError(Message("{where}.name: {exc}", where=where, exc=exc)) from None
        members = raw["members"]
        # a module group may hold only submodules (a Sequential): its own member list is empty
        if not isinstance(members, list) or not (members or "module" in raw):
            raise FileFormatError(Message("{where}.members: expected a non-empty list of node ids",
                                          where=where))
        for member in members:
            if not isinstance(member, str) or member not in by_id:
                raise FileFormatError(Message("{where}.members: there is no node with id {_show}",
                                              where=where, _show=_show(member)))
            if member in grouped:
                raise FileFormatError(Message("{where}.members: {label} is already in group '{grouped}'",
                                              where=where, label=label(member), grouped=grouped[member]))
            grouped[member] = name
        groups.append(_module_fields(Group(group_id, name, tuple(members)), raw, where))
    _check_group_parents(groups)

    root = data.get("root")
    if root is not None and (not isinstance(root, str) or root not in by_id):
        raise FileFormatError(Message("root: there is no node with id {_show}", _show=_show(root)))
    gradient = data.get("root_gradient")
    if gradient is not None:
        if root is None:
            raise FileFormatError(Message("root_gradient is given but there is no root"))
        gradient, _ = decode_tensor(gradient, "root_gradient")
    return Document.from_parts(nodes, edges, groups, root, gradient)


GROUP_MODULE_KEYS = frozenset({"parent", "module", "param_count", "collapsed", "pos", "shape"})
MAX_PARAM_COUNT = 10 ** 12


def _module_fields(group: Group, raw: dict, where: str) -> Group:
    """The optional module-group fields of ``raw`` checked and set on ``group``."""
    parent = raw.get("parent")
    if parent is not None:
        group.parent = _check_id(parent, f"{where}.parent")
    module = raw.get("module")
    if module is not None:
        if not isinstance(module, str) or not module.isidentifier() or len(module) > 80:
            raise FileFormatError(Message("{where}.module: {_show} is not a class name", where=where,
                                          _show=_show(module)))
        group.module = module
    count = raw.get("param_count", 0)
    if not _is_int(count) or not 0 <= count <= MAX_PARAM_COUNT:
        raise FileFormatError(Message("{where}.param_count: expected a whole number from 0 to "
                                      "{MAX_PARAM_COUNT}", where=where,
                                      MAX_PARAM_COUNT=format(MAX_PARAM_COUNT, ",")))
    group.param_count = count
    group.collapsed = _typed(raw, "collapsed", bool, where, False)
    pos = raw.get("pos", [0.0, 0.0])
    if (not isinstance(pos, list) or len(pos) != 2
            or not (_finite_number(pos[0]) and _finite_number(pos[1]))):
        raise FileFormatError(Message("{where}.pos: expected two finite numbers [x, y]", where=where))
    group.pos = (float(pos[0]), float(pos[1]))
    shape = raw.get("shape")
    if shape is not None:
        if (not isinstance(shape, list) or len(shape) > MAX_DIMS
                or not all(_is_int(d) and 0 <= d <= MAX_TENSOR_ELEMENTS for d in shape)):
            raise FileFormatError(Message("{where}.shape: expected at most {MAX_DIMS} non-negative whole "
                                          "numbers", where=where, MAX_DIMS=MAX_DIMS))
        group.shape = tuple(shape)
    return group


def _check_group_parents(groups: list[Group]) -> None:
    """Every parent is another group of the file, and parents never loop."""
    by_id = {g.id: g for g in groups}
    for g in groups:
        if g.parent is not None and g.parent not in by_id:
            raise FileFormatError(Message("group '{name}': there is no parent group with id {_show}",
                                          name=g.name, _show=_show(g.parent)))
    for g in groups:
        seen, up = {g.id}, g.parent
        while up is not None:
            if up in seen:
                raise FileFormatError(Message("group '{name}': its parent groups form a loop", name=g.name))
            seen.add(up)
            up = by_id[up].parent


def _node_fields(kind: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Required, optional and all allowed keys of a node of ``kind``."""
    optional = {"dtype", "pos", "retain_grad"}
    required = {"id", "kind", "name"}
    if kind == "op":
        required |= {"op"}
        optional |= {"params"}
    else:
        required |= {"value"}
        if kind == "leaf":
            optional |= {"requires_grad"}
        else:
            optional |= {"inline"}
    return frozenset(required), frozenset(optional), frozenset(required | optional)


def _acyclic(node_ids: Any, edges: list[Edge]) -> bool:
    """Kahn's algorithm on plain dicts (a tenth of building a networkx graph for the check);
    the cycle itself is looked up with networkx only when there is one, for the message."""
    return Adjacency(node_ids, ((e.src, e.dst, e.port) for e in edges)).acyclic()


def _params_in(op: Any, params: dict[str, Any]) -> dict[str, Any]:
    """JSON params to python: lists to tuples, "nan"/"inf" strings to floats for float params."""
    kinds = {p.name: p.kind for p in op.params}
    result = {}
    for key, value in params.items():
        if isinstance(value, list):
            value = tuple(value)
        elif kinds.get(key) == "float" and isinstance(value, str) and value in NON_FINITE:
            value = NON_FINITE[value]
        result[key] = value
    return result


# ---------------------------------------------------------------------------- migrations
def _infer_shape(data: Any) -> list[int]:
    shape = []
    while isinstance(data, list):
        shape.append(len(data))
        if len(shape) > MAX_DIMS or not data:
            break
        data = data[0]
    return shape


def _migrate_0_to_1(data: dict) -> dict:
    """Version 0 (the first prototype's files): nodes keyed by name, node ``type`` of
    "tensor" / "constant" / "op" with inputs listed in ``args``, values as plain nested lists
    (float32, ``null`` for NaN), ``grad`` for requires_grad, ``x``/``y`` positions, and the
    backward root as ``output`` / ``output_grad``. No groups, no ids."""
    if not isinstance(data.get("nodes"), dict):
        raise FileFormatError(Message('version 0 file: "nodes" must be an object keyed by name'))
    kinds = {"tensor": "leaf", "constant": "const", "op": "op"}
    ids = {name: f"n{i + 1}" for i, name in enumerate(data["nodes"])}
    nodes, edges = [], []
    for name, raw in data["nodes"].items():
        if not isinstance(raw, dict):
            raise FileFormatError(Message("version 0 file: node '{name}' must be an object", name=name))
        kind = kinds.get(raw["type"]) if isinstance(raw.get("type"), str) else None
        if kind is None:
            raise FileFormatError(Message("version 0 file: node '{name}' has an unknown type {_show}",
                                          name=name, _show=_show(raw.get('type'))))
        node: dict[str, Any] = {"id": ids[name], "kind": kind, "name": name,
                                "pos": [raw.get("x", 0.0), raw.get("y", 0.0)]}
        if kind == "op":
            node["op"] = raw.get("op")
            node["params"] = raw.get("params", {})
            args = raw.get("args", [])
            if not isinstance(args, list):
                raise FileFormatError(Message('version 0 file: node \'{name}\': "args" must be a list of '
                                              "names", name=name))
            for port, arg in enumerate(args):
                if arg is None:
                    continue
                if not isinstance(arg, str) or arg not in ids:
                    raise FileFormatError(Message("version 0 file: node '{name}' uses an unknown input "
                                                  "{_show}", name=name, _show=_show(arg)))
                edges.append({"src": ids[arg], "dst": ids[name], "port": port})
        else:
            value = raw.get("data")
            nodes_data = _nulls_to_nan(value)
            node["value"] = {"shape": _infer_shape(value), "data": nodes_data}
            if kind == "leaf":
                node["requires_grad"] = raw.get("grad", False)
        nodes.append(node)
    out = data.get("output")
    if out is not None and not (isinstance(out, str) and out in ids):
        raise FileFormatError(Message("version 0 file: the output {_show} is not a node", _show=_show(out)))
    grad = data.get("output_grad")
    return {
        "format": FORMAT, "version": 1, "nodes": nodes, "edges": edges, "groups": [],
        "root": ids[out] if out is not None else None,
        "root_gradient": None if grad is None else {
            "dtype": "float32", "shape": _infer_shape(grad), "data": _nulls_to_nan(grad)},
    }


def _nulls_to_nan(value: Any) -> Any:
    if value is None:
        return "nan"
    if isinstance(value, list):
        return [_nulls_to_nan(v) for v in value]
    return value


def _migrate_1_to_2(data: dict) -> dict:
    """Version 1 had float32/float64 only and tensors as nested lists; version 2 adds the
    integer and bool dtypes and ``base64`` tensor data. Every version 1 file is a valid
    version 2 file: only the number changes."""
    return {**data, "version": 2}


#: version -> function turning a file of that version into the next version's layout.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _migrate_0_to_1, 1: _migrate_1_to_2}
