"""GraphML export through networkx, for graph tools such as yEd and Gephi.

Each node carries its ``name``, ``kind`` (leaf / const / op), ``op``, a human ``label`` (the
name for tensors; for ops the name and the op table's card label, e.g. ``Q = −``),
``dtype``, ``requires_grad``, ``shape`` and ``value`` (as text, for small tensors), ``group``
and the canvas position ``x``/``y``; each edge its input ``port``. The graph records the root.
GraphML allows only scalar attributes, so absent values are simply left out.
"""
from __future__ import annotations

import io
import os

import networkx as nx
import numpy as np

from explorer.model.document import Document

__all__ = ["to_networkx", "to_graphml", "export_graphml"]

MAX_VALUE_ELEMENTS = 64  # larger tensors are exported with their shape only


def _label(doc: Document, node) -> str:
    if node.kind != "op":
        return node.name
    try:
        from engine.ops import OPS

        symbol = OPS[node.op].label
    except (ImportError, KeyError):
        symbol = node.op
    return f"{node.name} = {symbol}"


def to_networkx(doc: Document) -> nx.MultiDiGraph:
    """A plain networkx graph with GraphML-safe (scalar) attributes."""
    graph = nx.MultiDiGraph(name="autograd-explorer document")
    if doc.root is not None:
        graph.graph["root"] = doc.nodes[doc.root].name
    group_of = {m: g.name for g in doc.groups.values() for m in g.members}
    for node in doc.nodes.values():
        attrs: dict[str, object] = {
            "name": node.name,
            "kind": node.kind,
            "label": _label(doc, node),
            "dtype": node.dtype,
            "requires_grad": bool(node.requires_grad),
            "x": float(node.pos[0]),
            "y": float(node.pos[1]),
        }
        if node.kind == "op":
            attrs["op"] = node.op
            for key, value in node.params.items():
                attrs[f"param_{key}"] = str(value) if isinstance(value, (tuple, list)) or value is None else value
        if node.value is not None:
            value = np.asarray(node.value)
            attrs["shape"] = str(tuple(value.shape))
            if value.size <= MAX_VALUE_ELEMENTS:
                attrs["value"] = np.array2string(value, separator=", ")
        if node.id in group_of:
            attrs["group"] = group_of[node.id]
        if node.id == doc.root:
            attrs["root"] = True
        graph.add_node(node.id, **attrs)
    for edge in doc.edges():
        graph.add_edge(edge.src, edge.dst, key=edge.port, port=edge.port)
    return graph


def to_graphml(doc: Document) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(doc), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")


def export_graphml(doc: Document, path: str | os.PathLike) -> None:
    """Write a .graphml file (atomically, like documents)."""
    from explorer.model.fileformat import write_text_atomic

    write_text_atomic(path, to_graphml(doc))
