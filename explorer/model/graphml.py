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
from xml.etree import ElementTree as ET  # parsing our own output, never a user file

import networkx as nx
import numpy as np

from engine.ops import OPS
from explorer.model.document import Document
from explorer.model.fileformat import write_text_atomic

__all__ = ["to_networkx", "to_graphml", "export_graphml"]

MAX_VALUE_ELEMENTS = 64  # larger tensors are exported with their shape only


def _label(doc: Document, node) -> str:
    if node.kind != "op":
        return node.name
    try:
        symbol = OPS[node.op].label
    except KeyError:
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


def to_graphml(doc: Document, yed: bool = True) -> str:
    """GraphML text. With ``yed`` each node and edge also carries yEd's drawing extension
    (a labelled, coloured box at the canvas position; arrows on edges), so yEd shows the graph
    as laid out here; other tools ignore it and read the plain attributes."""
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(doc), buffer, encoding="utf-8", prettyprint=True)
    if not yed:
        return buffer.getvalue().decode("utf-8")
    return _add_yed_graphics(buffer.getvalue(), doc)


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YED_NS = "http://www.yworks.com/xml/graphml"
KIND_COLOURS = {"leaf": "#2F6FDB", "const": "#6B7280", "op": "#7C3AED"}


def _add_yed_graphics(xml: bytes, doc: Document) -> str:
    ET.register_namespace("", GRAPHML_NS)
    ET.register_namespace("y", YED_NS)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(xml)
    g, y = f"{{{GRAPHML_NS}}}", f"{{{YED_NS}}}"
    keys = root.findall(f"{g}key")
    at = list(root).index(keys[-1]) + 1 if keys else 0
    for offset, (kind, key_id) in enumerate((("node", "yed_node"), ("edge", "yed_edge"))):
        key = ET.Element(f"{g}key", {"for": kind, "id": key_id, "yfiles.type": f"{kind}graphics"})
        root.insert(at + offset, key)
    group_of = {m: grp.name for grp in doc.groups.values() for m in grp.members}
    for element in root.iter(f"{g}node"):
        node = doc.nodes.get(element.get("id"))
        if node is None:
            continue
        data = ET.Element(f"{g}data", {"key": "yed_node"})
        shape = ET.SubElement(data, f"{y}ShapeNode")
        ET.SubElement(shape, f"{y}Geometry", {"x": str(float(node.pos[0])), "y": str(float(node.pos[1])),
                                              "width": "188.0", "height": "60.0"})
        ET.SubElement(shape, f"{y}Fill", {"color": KIND_COLOURS.get(node.kind, "#6B7280"), "transparent": "false"})
        ET.SubElement(shape, f"{y}BorderStyle", {"color": "#1F2937", "type": "line", "width": "1.0"})
        label = ET.SubElement(shape, f"{y}NodeLabel", {"textColor": "#FFFFFF", "fontSize": "13"})
        label.text = _label(doc, node) + (f"\n[{group_of[node.id]}]" if node.id in group_of else "")
        ET.SubElement(shape, f"{y}Shape", {"type": "roundrectangle"})
        # First, so the plain x/y attributes (numbers) win when networkx reads the file back.
        element.insert(0, data)
    for element in root.iter(f"{g}edge"):
        data = ET.SubElement(element, f"{g}data", {"key": "yed_edge"})
        line = ET.SubElement(data, f"{y}PolyLineEdge")
        ET.SubElement(line, f"{y}Arrows", {"source": "none", "target": "standard"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def export_graphml(doc: Document, path: str | os.PathLike) -> None:
    """Write a .graphml file (atomically, like documents)."""
    write_text_atomic(path, to_graphml(doc))
