"""Documents on disk: a versioned JSON format, validated as a whole, saved atomically.

A file looks like::

    {"format": "autograd-explorer", "version": 1,
     "nodes": [{"id": "n1", "kind": "leaf", "name": "a", "dtype": "float32",
                "value": {"shape": [2], "data": [2.0, 3.0]}, "requires_grad": true,
                "retain_grad": false, "pos": [0.0, 0.0]},
               {"id": "n3", "kind": "op", "name": "Q", "op": "sub", "params": {}, ...}],
     "edges": [{"src": "n1", "dst": "n3", "port": 0}, ...],
     "groups": [{"id": "g1", "name": "pretrained backbone", "members": ["n1"]}],
     "root": "n3", "root_gradient": {"dtype": "float32", "shape": [2], "data": [1.0, 1.0]}}

Tensor data is a nested list matching ``shape``; the non-finite values NaN, +Inf and -Inf are
written as the strings ``"nan"``, ``"inf"`` and ``"-inf"`` (JSON has no numbers for them).
Ops are referenced by name and checked against ``engine.ops.OPS``.

Loading never evaluates anything: the text goes through ``json`` and a strict schema (unknown
keys, wrong types, unknown ops, dangling references, cycles, duplicate names, wrong ports,
oversize tensors, deep nesting and newer versions are all refused with a
:class:`FileFormatError` saying what and where). Nothing is replaced until the whole file has
been checked. Older versions are migrated step by step through ``MIGRATIONS``.
"""
from __future__ import annotations

import difflib
import json
import math
import os
import tempfile
from typing import Any, Callable

import networkx as nx
import numpy as np

from explorer.model.commands import (
    MAX_TENSOR_ELEMENTS,
    check_group_name,
    check_params,
)
from explorer.model.document import DTYPES, NODE_KINDS, Document, DocumentError, Edge, Group, Node, is_valid_name

__all__ = ["FORMAT", "VERSION", "FileFormatError", "dumps", "loads", "save_document", "load_document", "load_any",
           "write_text_atomic", "encode_tensor", "decode_tensor", "to_data", "from_data", "MIGRATIONS"]

FORMAT = "autograd-explorer"
VERSION = 1

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 48          # nesting of JSON containers, tensor data included
MAX_DIMS = 16
MAX_TOTAL_ELEMENTS = 10_000_000
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


def encode_tensor(array: np.ndarray, with_dtype: bool = False) -> dict[str, Any]:
    """``{"shape": [...], "data": nested list}``; non-finite values as "nan"/"inf"/"-inf"."""
    array = np.asarray(array)
    if array.dtype == np.float32:
        # The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149...).
        flat = [float(str(v)) for v in array.ravel()]
    else:
        flat = [float(v) for v in array.astype(np.float64).ravel().tolist()]
    flat = [_float_out(v) for v in flat]
    result: dict[str, Any] = {}
    if with_dtype:
        result["dtype"] = "float64" if array.dtype == np.float64 else "float32"
    result["shape"] = list(array.shape)
    result["data"] = _nest(flat, array.shape)
    return result


def decode_tensor(obj: Any, where: str, dtype: str | None = None) -> tuple[np.ndarray, int]:
    """Validate and decode a tensor object; returns (array, element count)."""
    keys = {"shape", "data"} | ({"dtype"} if dtype is None else set())
    _keys(obj, where, required={"shape", "data"}, optional=keys - {"shape", "data"})
    if dtype is None:
        dtype = obj.get("dtype", "float32")
        if dtype not in DTYPES:
            raise FileFormatError(f"{where}.dtype: unknown dtype {_show(dtype)} (use float32 or float64)")
    shape = obj["shape"]
    if not isinstance(shape, list) or not all(_is_int(d) and d >= 0 for d in shape):
        raise FileFormatError(f"{where}.shape: must be a list of non-negative whole numbers")
    if len(shape) > MAX_DIMS:
        raise FileFormatError(f"{where}.shape: {len(shape)} dimensions is too many (at most {MAX_DIMS})")
    size = 1
    for d in shape:
        size *= d
        if size > MAX_TENSOR_ELEMENTS:
            break
    if size > MAX_TENSOR_ELEMENTS:
        raise FileFormatError(f"{where}: a tensor of shape {tuple(shape)} is too large "
                              f"(at most {MAX_TENSOR_ELEMENTS:,} elements)")
    flat: list[float] = []
    # Walk the nested data iteratively, checking every row length against the shape.
    stack: list[tuple[Any, int]] = [(obj["data"], 0)]
    while stack:
        item, depth = stack.pop()
        if depth == len(shape):
            flat.append(_number(item, f"{where}.data"))
            continue
        if not isinstance(item, list) or len(item) != shape[depth]:
            raise FileFormatError(f"{where}.data: does not match shape {tuple(shape)} "
                                  f"(expected a list of {shape[depth]} at depth {depth + 1})")
        stack.extend((child, depth + 1) for child in reversed(item))
    array = np.array(flat, dtype=np.float64)
    with np.errstate(over="ignore"):
        array = array.astype(dtype).reshape(shape)
    return array, size


def _number(item: Any, where: str) -> float:
    if isinstance(item, str):
        if item in NON_FINITE:
            return NON_FINITE[item]
        raise FileFormatError(f"{where}: {_show(item)} is not a number "
                              "(non-finite values are written \"nan\", \"inf\", \"-inf\")")
    if isinstance(item, bool) or not isinstance(item, (int, float)):
        raise FileFormatError(f"{where}: {_show(item)} is not a number")
    try:
        return float(item)
    except OverflowError:
        raise FileFormatError(f"{where}: the number {_show(item)} is too large") from None


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


def to_data(doc: Document) -> dict[str, Any]:
    """The document as plain JSON-ready data (the current version)."""
    nodes = []
    for node in doc.nodes.values():
        item: dict[str, Any] = {"id": node.id, "kind": node.kind, "name": node.name, "dtype": node.dtype}
        if node.kind == "op":
            item["op"] = node.op
            item["params"] = _params_out(node.params)
        else:
            item["value"] = encode_tensor(np.asarray(node.value, dtype=node.dtype))
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
        "groups": [{"id": g.id, "name": g.name, "members": list(g.members)} for g in doc.groups.values()],
        "root": doc.root,
        "root_gradient": None if doc.root_gradient is None else encode_tensor(
            # like torch.tensor: float64 only when it is a float64 array, else float32
            np.asarray(doc.root_gradient, dtype=np.float64 if getattr(doc.root_gradient, "dtype", None) == np.float64
                       else np.float32), with_dtype=True),
    }


def _scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _format(value: Any, indent: str = "") -> str:
    """Readable JSON: whatever fits on a line (an edge, a small tensor, a position) on one
    line, lists of numbers on one line, matrix rows one per line, the rest indented."""
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
    """The document as JSON text (readable: one line per edge, tensor rows one per line)."""
    return _format(to_data(doc)) + "\n"


def save_document(doc: Document, path: str | os.PathLike) -> None:
    """Write atomically: a temp file in the same folder, flushed and fsynced, then
    ``os.replace``d over the target. If anything fails the old file is untouched and the temp
    file is removed; the error (OSError) propagates."""
    write_text_atomic(path, dumps(doc))  # dumps may raise before anything touches the disk


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never a part."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = os.stat(path).st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------- reading
def load_document(path: str | os.PathLike) -> Document:
    """Read and validate a document file. Raises FileFormatError (also for unreadable files)."""
    path = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise FileFormatError(f"{path}: the file is too large ({size:,} bytes; "
                                  f"at most {MAX_FILE_BYTES:,})")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileFormatError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return loads(raw)
    except FileFormatError as exc:
        raise FileFormatError(f"{os.path.basename(path)}: {exc.message}") from None


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
            raise FileFormatError(f"{os.path.basename(path)}: the graph stored in the image: {exc.message}") from None
    from explorer.model.language import parse_script

    with open(path, encoding="utf-8") as handle:
        return parse_script(handle.read())


def loads(text: str | bytes) -> Document:
    """Parse and validate a whole document. Only FileFormatError escapes."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_FILE_BYTES:
            raise FileFormatError("the file is too large")
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileFormatError(f"not a text file (invalid UTF-8 at byte {exc.start})") from None
    if not isinstance(text, str):
        raise FileFormatError("expected JSON text")
    if len(text) > MAX_FILE_BYTES:
        raise FileFormatError("the file is too large")
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise FileFormatError(f"the file is nested too deeply (at most {MAX_DEPTH} levels)") from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise FileFormatError(f"not valid JSON: {exc}") from None
    return from_data(data)


def _reject_constant(name: str) -> float:
    raise FileFormatError(f"{name} is not valid JSON; write non-finite values as \"nan\", \"inf\" or \"-inf\"")


def _depth_ok(data: Any) -> None:
    # Level by level, keeping only the containers: the numbers (most of a file) are looked at
    # once each in a comprehension instead of being pushed on a stack as (item, depth) pairs.
    level = [data] if isinstance(data, (list, dict)) else []
    depth = 1
    while level:
        if depth > MAX_DEPTH:
            raise FileFormatError(f"the file is nested too deeply (at most {MAX_DEPTH} levels)")
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
        raise FileFormatError(f"{where}: expected an object, found {_json_type(obj)}")
    missing = sorted(required - obj.keys())
    if missing:
        raise FileFormatError(f"{where}: missing {', '.join(repr(m) for m in missing)}")
    unknown = sorted(obj.keys() - required - optional)
    if unknown:
        raise FileFormatError(f"{where}: unknown field {_show(unknown[0])}")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _typed(obj: dict, key: str, kind: type | tuple, where: str, default: Any = None) -> Any:
    if key not in obj:
        return default
    value = obj[key]
    if kind is bool and not isinstance(value, bool):
        raise FileFormatError(f"{where}.{key}: expected true or false, found {_json_type(value)}")
    if kind is str and not isinstance(value, str):
        raise FileFormatError(f"{where}.{key}: expected a string, found {_json_type(value)}")
    return value


ID_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


def _check_id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 64 or not set(value) <= ID_CHARS:
        raise FileFormatError(f"{where}: {_show(value)} is not a valid id "
                              "(letters, digits, '_', '-', '.'; at most 64 characters)")
    return value


def _version_of(data: dict) -> int:
    if data.get("format") != FORMAT:
        raise FileFormatError(f"not an Autograd Explorer document (\"format\" must be \"{FORMAT}\")")
    version = data.get("version")
    if not _is_int(version):
        raise FileFormatError("\"version\" must be a whole number")
    if version > VERSION:
        raise FileFormatError(f"this document was written by a newer Autograd Explorer (file format "
                              f"version {version}; this version reads up to {VERSION}). Please update.")
    if version < min(MIGRATIONS, default=VERSION):
        raise FileFormatError(f"unknown file format version {version}")
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
        raise FileFormatError(f"damaged document ({type(exc).__name__}: {exc})") from None


def _from_data(data: Any) -> Document:
    if not isinstance(data, dict):
        raise FileFormatError(f"expected a JSON object at the top level, found {_json_type(data)}")
    _depth_ok(data)
    version = _version_of(data)
    while version < VERSION:
        try:
            data = MIGRATIONS[version](data)
        except FileFormatError:
            raise
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            raise FileFormatError(f"cannot read this version {version} file: it is damaged ({exc})") from None
        version += 1
        _depth_ok(data)
    return _validate_v1(data)


def _validate_v1(data: dict) -> Document:
    from engine.ops import OPS

    _keys(data, "document", required={"format", "version", "nodes"},
          optional={"edges", "groups", "root", "root_gradient"})
    raw_nodes = data["nodes"]
    if not isinstance(raw_nodes, list):
        raise FileFormatError(f"\"nodes\" must be a list, found {_json_type(raw_nodes)}")
    if len(raw_nodes) > MAX_NODES:
        raise FileFormatError(f"too many nodes ({len(raw_nodes):,}; at most {MAX_NODES:,})")
    nodes: list[Node] = []
    by_id: dict[str, Node] = {}
    names: dict[str, str] = {}
    total = 0
    fields = {kind: _node_fields(kind) for kind in NODE_KINDS}   # (required, optional, allowed)
    params_ok: dict[str, dict] = {}     # op -> its checked empty params (most nodes have none)
    for i, raw in enumerate(raw_nodes):
        where = f"nodes[{i}]"
        if not isinstance(raw, dict):
            raise FileFormatError(f"{where}: expected an object, found {_json_type(raw)}")
        kind = raw.get("kind")
        if kind not in NODE_KINDS:
            raise FileFormatError(f"{where}.kind: must be one of {', '.join(NODE_KINDS)}, found {_show(kind)}")
        required, optional, allowed = fields[kind]
        _keys(raw, where, required, optional, allowed)
        node_id = _check_id(raw["id"], f"{where}.id")
        if node_id in by_id:
            raise FileFormatError(f"{where}.id: two nodes have the id '{node_id}'")
        name = raw["name"]
        if not isinstance(name, str) or not is_valid_name(name):
            raise FileFormatError(f"{where}.name: {_show(name)} is not a valid name "
                                  "(letters, digits and _, not starting with a digit; no Python keywords)")
        where = f"node '{name}' ({where})"
        if name in names:
            raise FileFormatError(f"{where}: two nodes are named '{name}'")
        dtype = _typed(raw, "dtype", str, where, "float32")
        if dtype not in DTYPES:
            raise FileFormatError(f"{where}.dtype: unknown dtype {_show(dtype)} (use float32 or float64)")
        pos = raw.get("pos", [0.0, 0.0])
        if (not isinstance(pos, list) or len(pos) != 2
                or not (_finite_number(pos[0]) and _finite_number(pos[1]))):
            raise FileFormatError(f"{where}.pos: expected two finite numbers [x, y]")
        node = Node(node_id, kind, name, dtype=dtype, pos=(float(pos[0]), float(pos[1])),
                    retain_grad=_typed(raw, "retain_grad", bool, where, False),
                    requires_grad=_typed(raw, "requires_grad", bool, where, False))
        if kind == "op":
            op = raw["op"]
            if not isinstance(op, str) or op not in OPS:
                hint = difflib.get_close_matches(op, list(OPS), n=1) if isinstance(op, str) else []
                extra = f" — did you mean '{hint[0]}'?" if hint else ""
                raise FileFormatError(f"{where}.op: unknown operation {_show(op)}{extra}")
            params = raw.get("params", {})
            if not isinstance(params, dict):
                raise FileFormatError(f"{where}.params: expected an object, found {_json_type(params)}")
            try:
                if params or op not in params_ok:
                    checked = check_params(op, _params_in(OPS[op], params))
                    if not params:
                        params_ok[op] = checked
                else:  # the same check as the first node of this op without params: reuse it
                    checked = dict(params_ok[op])
                node.params = checked
            except DocumentError as exc:
                raise FileFormatError(f"{where}.params: {exc}") from None
            node.op = op
        else:
            if kind == "const" and _typed(raw, "inline", bool, where, False):
                node.params = {"inline": True}
            node.value, count = decode_tensor(raw["value"], f"{where}.value", dtype)
            total += count
            if total > MAX_TOTAL_ELEMENTS:
                raise FileFormatError(f"the tensors in this file are too large in total "
                                      f"(more than {MAX_TOTAL_ELEMENTS:,} elements)")
        nodes.append(node)
        by_id[node_id] = node
        names[name] = node_id

    label = lambda nid: f"'{by_id[nid].name}'"  # noqa: E731
    raw_edges = data.get("edges", [])
    if not isinstance(raw_edges, list):
        raise FileFormatError(f"\"edges\" must be a list, found {_json_type(raw_edges)}")
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
                    raise FileFormatError(f"{where}.{end}: there is no node with id {_show(value)}")
        target = by_id[dst]
        if target.kind != "op":
            raise FileFormatError(f"{where}: {label(dst)} is a {'leaf tensor' if target.kind == 'leaf' else 'constant'} "
                                  "and has no inputs")
        arity = OPS[target.op].arity
        if not _is_int(port) or not 0 <= port < arity:
            raise FileFormatError(f"{where}.port: {label(dst)} ({target.op}) has {arity} input(s) "
                                  f"numbered 0 to {arity - 1}; found {_show(port)}")
        if (dst, port) in taken:
            raise FileFormatError(f"{where}: input {port} of {label(dst)} is connected twice "
                                  f"(also by edges[{taken[dst, port]}])")
        taken[dst, port] = i
        edges.append(Edge(src, dst, port))
    if not _acyclic(by_id, edges):
        graph = nx.DiGraph()
        graph.add_nodes_from(by_id)
        graph.add_edges_from((e.src, e.dst) for e in edges)
        cycle = [u for u, _ in nx.find_cycle(graph)]
        names_on_cycle = " → ".join(by_id[n].name for n in [*cycle, cycle[0]])
        raise FileFormatError(f"the edges form a cycle: {names_on_cycle}")

    raw_groups = data.get("groups", [])
    if not isinstance(raw_groups, list):
        raise FileFormatError(f"\"groups\" must be a list, found {_json_type(raw_groups)}")
    groups: list[Group] = []
    grouped: dict[str, str] = {}
    for i, raw in enumerate(raw_groups):
        where = f"groups[{i}]"
        _keys(raw, where, required={"id", "name", "members"})
        group_id = _check_id(raw["id"], f"{where}.id")
        if group_id in by_id or any(g.id == group_id for g in groups):
            raise FileFormatError(f"{where}.id: the id '{group_id}' is used twice")
        try:
            name = check_group_name(raw["name"])
        except DocumentError as exc:
            raise FileFormatError(f"{where}.name: {exc}") from None
        members = raw["members"]
        if not isinstance(members, list) or not members:
            raise FileFormatError(f"{where}.members: expected a non-empty list of node ids")
        for member in members:
            if not isinstance(member, str) or member not in by_id:
                raise FileFormatError(f"{where}.members: there is no node with id {_show(member)}")
            if member in grouped:
                raise FileFormatError(f"{where}.members: {label(member)} is already in group '{grouped[member]}'")
            grouped[member] = name
        groups.append(Group(group_id, name, tuple(members)))

    root = data.get("root")
    if root is not None and (not isinstance(root, str) or root not in by_id):
        raise FileFormatError(f"root: there is no node with id {_show(root)}")
    gradient = data.get("root_gradient")
    if gradient is not None:
        if root is None:
            raise FileFormatError("root_gradient is given but there is no root")
        gradient, _ = decode_tensor(gradient, "root_gradient")
    return Document.from_parts(nodes, edges, groups, root, gradient)


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
    indegree = dict.fromkeys(node_ids, 0)
    out: dict[str, list[str]] = {}
    for e in edges:
        indegree[e.dst] += 1
        out.setdefault(e.src, []).append(e.dst)
    ready = [n for n, d in indegree.items() if not d]
    seen = 0
    while ready:
        n = ready.pop()
        seen += 1
        for m in out.get(n, ()):
            indegree[m] -= 1
            if not indegree[m]:
                ready.append(m)
    return seen == len(indegree)


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
        raise FileFormatError("version 0 file: \"nodes\" must be an object keyed by name")
    kinds = {"tensor": "leaf", "constant": "const", "op": "op"}
    ids = {name: f"n{i + 1}" for i, name in enumerate(data["nodes"])}
    nodes, edges = [], []
    for name, raw in data["nodes"].items():
        if not isinstance(raw, dict):
            raise FileFormatError(f"version 0 file: node '{name}' must be an object")
        kind = kinds.get(raw["type"]) if isinstance(raw.get("type"), str) else None
        if kind is None:
            raise FileFormatError(f"version 0 file: node '{name}' has an unknown type {_show(raw.get('type'))}")
        node: dict[str, Any] = {"id": ids[name], "kind": kind, "name": name,
                                "pos": [raw.get("x", 0.0), raw.get("y", 0.0)]}
        if kind == "op":
            node["op"] = raw.get("op")
            node["params"] = raw.get("params", {})
            args = raw.get("args", [])
            if not isinstance(args, list):
                raise FileFormatError(f"version 0 file: node '{name}': \"args\" must be a list of names")
            for port, arg in enumerate(args):
                if arg is None:
                    continue
                if not isinstance(arg, str) or arg not in ids:
                    raise FileFormatError(f"version 0 file: node '{name}' uses an unknown input {_show(arg)}")
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
        raise FileFormatError(f"version 0 file: the output {_show(out)} is not a node")
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


#: version -> function turning a file of that version into the next version's layout.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _migrate_0_to_1}
