"""Automatic layered layout, left to right (the L key).

Sugiyama-style, kept small:

1. **Layers** — networkx's topological generations give each node a column; sources (leaves
   and constants) are then pulled right next to their first consumer, so the ``3`` in
   ``3*a`` sits beside the multiplication instead of far left.
2. **Ordering** — a few barycenter sweeps order each column by the mean position of its
   neighbours in the previous (or next) column, which removes most edge crossings; an op's
   inputs are kept in port order (input 0 above input 1).
3. **Coordinates** — each column is placed as close as possible to the mean height of its
   neighbours while keeping the order and a minimum gap (an isotonic least-squares fit, the
   pool-adjacent-violators algorithm), so chains come out straight.

Nodes in ``keep`` (or, with ``keep_manual``, the nodes the user dragged since the last
layout) stay where they are; the layout of the other nodes is shifted so that, on average,
it agrees with where the kept nodes are. Positions are cards' top-left corners; card sizes
come from the view (``sizes``) or are estimated.
"""
from __future__ import annotations

from typing import Iterable, Mapping

import networkx as nx

from explorer.model.commands import MoveNodesCommand, manually_placed
from explorer.model.document import Document

__all__ = ["layered_layout", "layout_command", "count_crossings", "estimate_size"]

Pos = tuple[float, float]
Size = tuple[float, float]


def _layers(doc: Document) -> dict[str, int]:
    layer: dict[str, int] = {}
    for depth, generation in enumerate(nx.topological_generations(doc.graph)):
        for nid in generation:
            layer[nid] = depth
    graph = doc.graph
    for nid in layer:
        if graph.in_degree(nid) == 0 and graph.out_degree(nid):
            layer[nid] = min(layer[c] for c in graph.successors(nid)) - 1
    return layer


def _pav(values: list[float]) -> list[float]:
    """The non-decreasing sequence closest (least squares) to ``values``."""
    blocks: list[list[float]] = []  # [sum, count]
    for v in values:
        blocks.append([v, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    out: list[float] = []
    for s, c in blocks:
        out.extend([s / c] * int(c))
    return out


#: Canvas card size (explorer/view/canvas/items.py draws cards 188 wide; height grows with rows).
CARD_WIDTH = 188.0
CARD_HEIGHT = 110.0
MATRIX_EXTRA = 40.0   # a heat-map row for 2-D values


def estimate_size(node) -> Size:
    """A card's size when the view does not pass real ones (headless layouts, examples)."""
    height = CARD_HEIGHT
    if node.value is not None and getattr(node.value, "ndim", 0) >= 2:
        height += MATRIX_EXTRA
    return (CARD_WIDTH, height)


def layered_layout(doc: Document, keep: Iterable[str] = (), *, keep_manual: bool = False,
                   sizes: Mapping[str, Size] | None = None, x_gap: float = 90.0,
                   y_gap: float = 30.0, sweeps: int = 4) -> dict[str, Pos]:
    """Top-left positions for every node (kept nodes at their current position).

    ``keep``: ids to leave in place. ``keep_manual``: also keep the nodes the user dragged
    since the last layout (see :func:`explorer.model.commands.manually_placed`). ``sizes``:
    card sizes (width, height) by id; missing ones are estimated. ``x_gap``/``y_gap``: free
    space between columns / between cards in a column."""
    if not doc.nodes:
        return {}
    keep = {nid for nid in keep if nid in doc.nodes}
    if keep_manual:
        keep |= manually_placed(doc) & set(doc.nodes)
    size = {nid: (sizes or {}).get(nid) or estimate_size(node) for nid, node in doc.nodes.items()}
    layer = _layers(doc)
    order = {nid: i for i, nid in enumerate(doc.nodes)}
    n_layers = max(layer.values()) - min(layer.values()) + 1
    base = min(layer.values())
    columns: list[list[str]] = [[] for _ in range(n_layers)]
    for nid in sorted(layer, key=order.__getitem__):
        layer[nid] -= base
        columns[layer[nid]].append(nid)

    # Neighbours with the port they use: preds[v] = [(u, port)], succs[u] = [(v, port, arity)].
    preds: dict[str, list[tuple[str, int]]] = {nid: [] for nid in layer}
    succs: dict[str, list[tuple[str, int, int]]] = {nid: [] for nid in layer}
    in_count = {nid: 0 for nid in layer}
    for u, v, port in doc.graph.edges(keys=True):
        in_count[v] = max(in_count[v], port + 1)
    for u, v, port in doc.graph.edges(keys=True):
        preds[v].append((u, port))
        succs[u].append((v, port, in_count[v]))

    rank: dict[str, float] = {}
    for column in columns:
        for i, nid in enumerate(column):
            rank[nid] = float(i)

    def reorder(column: list[str], downward: bool) -> None:
        keys = {}
        for nid in column:
            if downward:
                near = [rank[u] for u, _ in preds[nid]]
            else:
                # Port offsets keep an op's inputs in port order (input 0 on top).
                near = [rank[v] + (port + 1) / (arity + 1) - 0.5 for v, port, arity in succs[nid]]
            keys[nid] = sum(near) / len(near) if near else rank[nid]
        column.sort(key=lambda nid: (keys[nid], rank[nid]))
        for i, nid in enumerate(column):
            rank[nid] = float(i)

    for sweep in range(sweeps):
        if sweep % 2 == 0:
            for column in columns[1:]:
                reorder(column, downward=True)
        else:
            for column in reversed(columns[:-1]):
                reorder(column, downward=False)

    # Vertical centres: start stacked, then pull each card towards its neighbours' mean
    # height, keeping the order and at least y_gap between cards.
    y: dict[str, float] = {}
    sep: dict[str, float] = {}  # centre offset of each card from the first of its column
    for column in columns:
        offset = 0.0
        for i, nid in enumerate(column):
            if i:
                offset += (size[column[i - 1]][1] + size[nid][1]) / 2 + y_gap
            sep[nid] = offset
    columns = [column for column in columns if column] or [[]]
    for i, column in enumerate(columns):
        for nid in column:
            layer[nid] = i
    for column in columns:
        mid = sep[column[-1]] / 2
        for nid in column:
            y[nid] = sep[nid] - mid
    pitch = max(h for _, h in size.values()) + y_gap

    def place(column: list[str], use_succs: bool) -> None:
        desired = []
        for nid in column:
            near = [y[u] for u, _ in preds[nid]]
            if use_succs:
                near += [y[v] + ((port + 1) / (arity + 1) - 0.5) * pitch for v, port, arity in succs[nid]]
            target = sum(near) / len(near) if near else y[nid]
            desired.append(target - sep[nid])
        for nid, z in zip(column, _pav(desired)):
            y[nid] = z + sep[nid]

    for sweep in range(4):
        if sweep % 2 == 0:
            for column in columns:
                place(column, use_succs=sweep > 0)
        else:
            for column in reversed(columns):
                place(column, use_succs=True)

    # Columns as wide as their widest card, x_gap apart; positions are top-left corners.
    x_of, x = [], 0.0
    for column in columns:
        x_of.append(x)
        x += max(size[nid][0] for nid in column) + x_gap
    result = {nid: (x_of[layer[nid]], y[nid] - size[nid][1] / 2) for nid in layer}
    # Anchor: kept nodes if any, else the current top-left corner of the graph.
    if keep:
        dx = sum(doc.nodes[k].pos[0] - result[k][0] for k in keep) / len(keep)
        dy = sum(doc.nodes[k].pos[1] - result[k][1] for k in keep) / len(keep)
    else:
        dx = min(float(n.pos[0]) for n in doc.nodes.values()) - min(p[0] for p in result.values())
        dy = min(float(n.pos[1]) for n in doc.nodes.values()) - min(p[1] for p in result.values())
    # Whole scene units keep saved files tidy.
    return {nid: (tuple(map(float, doc.nodes[nid].pos)) if nid in keep
                  else (float(round(x + dx)), float(round(yy + dy))))
            for nid, (x, yy) in result.items()}


def layout_command(doc: Document, keep: Iterable[str] = (), **options) -> MoveNodesCommand | None:
    """One undoable "Layout" step moving the nodes whose position changes (None if none)."""
    positions = layered_layout(doc, keep, **options)
    moved = {nid: pos for nid, pos in positions.items() if tuple(map(float, doc.nodes[nid].pos)) != pos}
    if not moved:
        return None
    return MoveNodesCommand(moved, merge=False, text="Layout")


def count_crossings(doc: Document, positions: dict[str, Pos]) -> int:
    """Edge crossings between straight edges of adjacent columns (for tests and benchmarks)."""
    by_x: dict[float, list] = {}
    for u, v, _ in doc.graph.edges(keys=True):
        by_x.setdefault(positions[u][0], []).append((positions[u][1], positions[v][1], positions[v][0]))
    crossings = 0
    for edges in by_x.values():
        for i in range(len(edges)):
            for j in range(i + 1, len(edges)):
                (a1, b1, x1), (a2, b2, x2) = edges[i], edges[j]
                if x1 == x2 and (a1 - a2) * (b1 - b2) < 0:
                    crossings += 1
    return crossings
