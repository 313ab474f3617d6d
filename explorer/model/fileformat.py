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
import json
import os
from typing import Any

import networkx as nx
import numpy as np

from explorer.model import atomic, imagemeta
from explorer.model.commands import MAX_TENSOR_ELEMENTS
from explorer.model.document import DTYPES, Document, DocumentError, Group, Node
from explorer.model.file_migrations import MIGRATIONS
from explorer.model.file_schema import _validate
from explorer.model.file_tensors import (  # the limits are re-exported: one set for writer and reader
    BASE64_FROM,
    FORMAT,
    MAX_DEPTH,
    MAX_DIMS,
    MAX_FILE_BYTES,
    MAX_JSON_VALUES,
    MAX_NODES,
    MAX_TOTAL_ELEMENTS,
    NON_FINITE,
    VERSION,
    FileFormatError,
    _depth_ok,
    _float_out,
    _is_int,
    _json_type,
    _reject_constant,
    decode_tensor,
    encode_tensor,
)
from explorer.model.language import parse_script
from explorer.model.messages import Message

__all__ = ["FORMAT", "VERSION", "FileFormatError", "dumps", "loads", "save_document", "load_document", "load_any",
           "write_text_atomic", "encode_tensor", "decode_tensor", "to_data", "from_data", "MIGRATIONS",
           "MAX_FILE_BYTES", "MAX_NODES", "MAX_DEPTH", "MAX_DIMS", "MAX_TOTAL_ELEMENTS", "MAX_JSON_VALUES",
           "BASE64_FROM", "NON_FINITE", "MAX_TENSOR_ELEMENTS"]


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


