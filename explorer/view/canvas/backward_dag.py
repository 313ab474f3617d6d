"""The backward graph as data: PyTorch's autograd DAG of a run (nodes, arrows) and its layout.

:func:`build_dag` turns the last RunResult into :class:`BwNode` records and (from, to) arrows,
root towards the leaves as ``next_functions`` point; :func:`layered_positions` lays them out top
(root) to bottom in layers. The items that draw them are in :mod:`backward_items`, the scene and
view in :mod:`backward`; the exporters use these too.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QFontMetricsF

from explorer.model.adjacency import Adjacency
from explorer.model.document import Document, Edge
from explorer.view import theme
from explorer.view.canvas.preview import fmt_array, fmt_shape
from explorer.view.i18n import tr

LAYER_GAP = 64.0
NODE_GAP = 26.0
NODE_H = 30.0


@dataclass
class BwNode:
    key: str            # unique in the DAG: "fn:<id>", "acc:<id>", "leaf:<id>", "root:<id>"
    kind: str           # "fn" | "acc" | "leaf" | "root" | "none" (a (None, 0) entry of next_functions)
    doc_id: str
    label: str
    sub: str = ""       # second line (shape) for tensor boxes
    tip: str = ""


def build_dag(document: Document, result: Any, none_entries: bool = False) -> tuple[list[BwNode], list[tuple[str, str]]]:
    """The autograd DAG of ``result``: nodes and (from_key, to_key) arrows root → leaves.
    With ``none_entries`` each ``(None, 0)`` in a function's ``next_functions`` (a frozen input,
    a constant) gets a "none" node too, keyed ``none:<id>:<index>``."""
    if result is None:
        return [], []
    results = result.results
    members = result.backward_nodes
    if not members:
        return [], []
    nodes: dict[str, BwNode] = {}
    arrows: list[tuple[str, str]] = []

    def fn_key(nid: str) -> str | None:
        r = results.get(nid)
        node = document.nodes.get(nid)
        if r is None or node is None:
            return None
        if node.kind == "leaf":
            key = f"acc:{nid}"
            if key not in nodes:
                grad = "" if r.grad is None else f"\n.grad = {fmt_array(r.grad)}"
                nodes[key] = BwNode(key, "acc", nid, "AccumulateGrad", tip=f"AccumulateGrad → {node.name}.grad{grad}")
                leaf_key = f"leaf:{nid}"
                shape = fmt_shape(tuple(r.value.shape)) if r.value is not None else ""
                nodes[leaf_key] = BwNode(leaf_key, "leaf", nid, node.name, shape, tip=tr("leaf tensor {name} {shape}").format(name=node.name, shape=shape))
                arrows.append((key, leaf_key))
            return key
        if not r.grad_fn:
            return None
        key = f"fn:{nid}"
        if key not in nodes:
            nf = ", ".join(f"({n}, 0)" for n in r.next_functions) if r.next_functions else ""
            nodes[key] = BwNode(key, "fn", nid, r.grad_fn,
                                tip=f"{node.name}.grad_fn = {r.grad_fn}\nnext_functions = ({nf})")
        return key

    order = [nid for nid in document.topological_order() if nid in members]
    inputs = document.adjacency.inputs
    backward_edges = result.backward_edges
    for nid in reversed(order):
        k = fn_key(nid)
        if k is None:
            continue
        # document.in_edges(nid), from the document's cached adjacency (called for every node
        # after every run, networkx's edge views were most of the time).
        in_edges = [Edge(src, nid, port) for port, src in inputs[nid]]
        for edge in in_edges:
            if edge.src in members and edge in backward_edges:
                sk = fn_key(edge.src)
                if sk is not None:
                    t = _transposed(document, nid, edge, results[nid], nodes)
                    arrows.extend([(k, t), (t, sk)] if t else [(k, sk)])
        if none_entries and k.startswith("fn:"):
            _add_none_entries(document, nid, k, results[nid], in_edges, backward_edges, nodes, arrows)
    root = result.root
    if root in members:
        rk = fn_key(root)
        r = results[root]
        shape = fmt_shape(tuple(r.value.shape)) if r.value is not None else ""
        node = document.nodes[root]
        if rk is not None and not rk.startswith("acc:"):
            nodes[f"root:{root}"] = BwNode(f"root:{root}", "root", root, node.name, shape,
                                           tip=tr("root {name} {shape}: backward starts here").format(name=node.name, shape=shape))
            arrows.insert(0, (f"root:{root}", rk))
    return list(nodes.values()), arrows


def _transposed(document: Document, nid: str, edge: Edge, r: Any, nodes: dict[str, BwNode]) -> str | None:
    """nn.Linear's one ``linear`` node records addmm(bias, x, W.t()) as torch does: the weight's
    gradient passes a ``TBackward0`` between AddmmBackward0 and its AccumulateGrad. Its key, to
    draw it between them (None for every other edge)."""
    if document.nodes[nid].op != "linear" or edge.port != 1 or "TBackward0" not in (r.next_functions or ()):
        return None
    key = f"fn:{nid}:t"
    if key not in nodes:
        nodes[key] = BwNode(key, "fn", nid, "TBackward0", tip=f"{document.nodes[nid].name}: the weight's W.t()")
    return key


def _add_none_entries(document: Document, nid: str, key: str, r: Any, in_edges: list[Edge],
                      backward_edges, nodes: dict[str, BwNode], arrows: list[tuple[str, str]]) -> None:
    """One "none" node per ``None`` in ``r.next_functions``. Each stands for the input no
    gradient reaches: the inputs wired in outside the backward graph, in port order, when they
    are as many as the ``None`` entries (otherwise for the function's own node)."""
    slots = [i for i, name in enumerate(r.next_functions) if name is None]
    if not slots:
        return
    fn_name = document.nodes[nid].name
    outside = [e.src for e in in_edges if e not in backward_edges]
    sources = outside if len(outside) == len(slots) else [None] * len(slots)
    for i, src in zip(slots, sources):
        node = document.nodes.get(src) if src is not None else None
        tip = f"{fn_name}.grad_fn.next_functions[{i}] == (None, 0)"
        if node is not None:
            if node.kind == "const":
                tip += f"\n{node.name} = {fmt_array(node.value)}"
            else:
                tip += f"\n{node.name}.requires_grad == False"
        none_key = f"none:{nid}:{i}"
        nodes[none_key] = BwNode(none_key, "none", node.id if node is not None else nid, "(None, 0)", tip=tip)
        arrows.append((key, none_key))


def layered_positions(keys: list[str], arrows: list[tuple[str, str]], widths: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Top-to-bottom layers (longest path from the sources), barycentre ordering within layers."""
    pred: dict[str, list[str]] = {k: [] for k in keys}
    for a, b in arrows:
        pred[b].append(a)
    layer = Adjacency(keys, ((a, b, 0) for a, b in arrows)).depths()
    # Leaf tensor boxes sit right under their AccumulateGrad.
    for k in keys:
        if k.startswith("leaf:"):
            acc = "acc:" + k[5:]
            if acc in layer:
                layer[k] = layer[acc] + 1
    for k in keys:
        layer.setdefault(k, 0)
    layers: dict[int, list[str]] = {}
    for k in keys:
        layers.setdefault(layer[k], []).append(k)
    pos_index: dict[str, float] = {}
    for L in sorted(layers):
        row = layers[L]
        if L > 0:
            row.sort(key=lambda k: (sum(pos_index.get(p, 0) for p in pred[k]) / len(pred[k])) if pred[k] else 0)
        for j, k in enumerate(row):
            pos_index[k] = j
    positions: dict[str, tuple[float, float]] = {}
    xs: dict[str, float] = {}
    row_h = max(NODE_H, QFontMetricsF(theme.font("body")).height() + 14) + 14
    for L in sorted(layers):
        row = layers[L]
        if L == 0 or not any(pred[k] for k in row):
            total = sum(widths[k] for k in row) + NODE_GAP * (len(row) - 1)
            x = -total / 2
            for k in row:
                xs[k] = x + widths[k] / 2
                x += widths[k] + NODE_GAP
            continue
        _place_under_parents(row, pred, widths, xs)
    for L, row in layers.items():
        for k in row:
            positions[k] = (xs[k], L * (row_h + LAYER_GAP))
    return positions


def _place_under_parents(row: list[str], pred: dict[str, list[str]], widths: dict[str, float],
                         xs: dict[str, float]) -> None:
    """Each node of ``row`` as close as possible under its parents (straight chains), keeping
    the order and a gap; then the row is shifted so the average displacement is zero."""
    want = {k: (sum(xs[p] for p in pred[k]) / len(pred[k])) if pred[k] else 0.0 for k in row}
    placed: list[float] = []
    right = -math.inf
    for k in row:
        x = max(want[k], right + NODE_GAP + widths[k] / 2)
        placed.append(x)
        right = x + widths[k] / 2
    shift = sum(want[k] - x for k, x in zip(row, placed)) / len(row)
    for k, x in zip(row, placed):
        xs[k] = x + shift
