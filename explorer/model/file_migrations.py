"""Older versions of the file format migrated step by step to the current one
(``MIGRATIONS``, re-exported by :mod:`explorer.model.fileformat`).
"""
from __future__ import annotations

from typing import Any, Callable

from explorer.model.file_tensors import FORMAT, FileFormatError, MAX_DIMS, _show
from explorer.model.messages import Message


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
