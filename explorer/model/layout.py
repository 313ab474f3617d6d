"""Automatic layered layout, left to right (the L key).

Sugiyama-style, kept small:

1. **Layers** — networkx's topological generations give each node a column; sources (leaves
   and constants) are then pulled right next to their first consumer, so the ``3`` in
   ``3*a`` sits beside the multiplication instead of far left.
2. **Ordering** — a few barycenter sweeps order each column by the mean position of its
   neighbours in the previous (or next) column, which removes most edge crossings; an op's
   inputs are kept in port order (input 0 above input 1).
3. **Coordinates** — each column is placed as close as possible to where its wires would be
   straight (output port level with the input port it feeds) while keeping the order and a
   minimum gap (an isotonic least-squares fit, the pool-adjacent-violators algorithm).

Nodes in ``keep`` (or, with ``keep_manual``, the nodes the user dragged since the last
layout) stay where they are; the layout of the other nodes is shifted so that, on average,
it agrees with where the kept nodes are. Positions are cards' top-left corners; card sizes
come from the view (``sizes``) or are estimated.
"""
from __future__ import annotations

from typing import Iterable, Mapping, NamedTuple

from explorer.model.commands import MoveNodesCommand, manually_placed
from explorer.model.document import Document
from explorer.model.messages import Message

__all__ = ["layered_layout", "layout_command", "count_crossings", "estimate_size"]

Pos = tuple[float, float]
Size = tuple[float, float]


def _layers(doc: Document) -> dict[str, int]:
    """Longest-path layering (what networkx's topological generations give), from the
    document's adjacency (a deep graph has thousands of generations, and the generator's
    per-generation overhead was most of a 2,000-node layout)."""
    return doc.adjacency.layers()


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
#: Port heights below a card's top: output port, first input port, step between inputs
#: (header 28, padding 6, rows 18 in explorer/view/canvas/items.py).
PORT_ANCHORS = (14.0, 43.0, 18.0)
#: Room a group frame takes around its members (margin 16 plus a title bar on top).
GROUP_MARGIN_TOP = 44.0
GROUP_MARGIN_BOTTOM = 16.0


def estimate_size(node, ndim: int | None = None) -> Size:
    """A card's size when the view does not pass real ones (headless layouts, examples):
    2-D values get a heat-map row. ``ndim`` is the value's (estimated) number of dimensions."""
    if ndim is None:
        ndim = getattr(node.value, "ndim", 0) if node.value is not None else 0
    return (CARD_WIDTH, CARD_HEIGHT + (MATRIX_EXTRA if ndim >= 2 else 0.0))


_TO_SCALAR = {"dot", "mse_loss", "cross_entropy"}
_REDUCTIONS = {"sum", "mean", "max", "min"}


def _estimate_ndims(doc: Document, columns: list[list[str]],
                    preds: dict[str, list[tuple[str, int]]]) -> dict[str, int]:
    """Rough output ranks without running anything (only card heights depend on it).
    Columns are visited left to right, which is a topological order."""
    ndim: dict[str, int] = {}
    for column in columns:
        for nid in column:
            node = doc.nodes[nid]
            if node.kind != "op":
                ndim[nid] = int(getattr(node.value, "ndim", 0))
            elif node.op in _TO_SCALAR or (node.op in _REDUCTIONS and node.params.get("dim") is None):
                ndim[nid] = 0
            else:
                ndim[nid] = max((ndim[u] for u, _ in preds[nid]), default=0)
    return ndim


#: preds[v] = [(u, port)]: the inputs of v; succs[u] = [(v, port, arity)]: where u's output goes.
Preds = dict[str, list[tuple[str, int]]]
Succs = dict[str, list[tuple[str, int, int]]]


def layered_layout(doc: Document, keep: Iterable[str] = (), *, keep_manual: bool = False,
                   sizes: Mapping[str, Size] | None = None, x_gap: float = 90.0,
                   y_gap: float = 30.0, anchors: tuple[float, float, float] | None = None,
                   sweeps: int = 4,
                   out_anchors: Mapping[str, float] | None = None) -> dict[str, Pos]:
    """Top-left positions for every node (kept nodes at their current position).

    ``keep``: ids to leave in place. ``keep_manual``: also keep the nodes the user dragged
    since the last layout (see :func:`explorer.model.commands.manually_placed`). ``sizes``:
    card sizes (width, height) by id; missing ones are estimated. ``x_gap``/``y_gap``: free
    space between columns / between cards in a column. ``anchors``: (output port height,
    input 0 height, step per input) below a card's top, so wires come out straight; the
    default matches the canvas cards. ``out_anchors``: an output port height per id where a
    card's differs (a module card's sits level with its input, so a chain of them runs flat)."""
    if not doc.nodes:
        return {}
    keep = {nid for nid in keep if nid in doc.nodes}
    if keep_manual:
        keep |= manually_placed(doc) & set(doc.nodes)
    layer, columns = _columns(doc)
    preds, succs = _neighbours(doc, layer)
    size = _card_sizes(doc, columns, preds, sizes or {})
    rank = _order_columns(columns, preds, succs, sweeps)
    group_of = {m: g.id for g in doc.groups.values() for m in g.members if m in layer}
    if group_of:
        _gather_groups(columns, rank, group_of)
    columns = [column for column in columns if column] or [[]]
    y, sep = _stack_columns(columns, layer, size, y_gap)
    out_anchor, in_anchor, in_step = anchors or PORT_ANCHORS
    wires = _Wires(preds, succs, {nid: (out_anchors or {}).get(nid, out_anchor) for nid in layer},
                   in_anchor, in_step)
    _straighten(columns, y, sep, wires)
    if group_of:
        _clear_group_frames(doc, columns, layer, y, size, group_of, y_gap)
    x_of = _column_lefts(columns, size, x_gap)
    return _anchored(doc, {nid: (x_of[layer[nid]], y[nid]) for nid in layer}, keep)


# ---------------------------------------------------------------- 1. layers

def _columns(doc: Document) -> tuple[dict[str, int], list[list[str]]]:
    """Each node's column (0 = leftmost) and the columns' nodes in document order."""
    layer = _layers(doc)
    order = {nid: i for i, nid in enumerate(doc.nodes)}
    base = min(layer.values())
    columns: list[list[str]] = [[] for _ in range(max(layer.values()) - base + 1)]
    for nid in sorted(layer, key=order.__getitem__):
        layer[nid] -= base
        columns[layer[nid]].append(nid)
    return layer, columns


def _neighbours(doc: Document, layer: dict[str, int]) -> tuple[Preds, Succs]:
    """Every node's inputs and consumers with the ports they use (and the consumer's arity,
    which places an input's wish between its consumer's ports)."""
    preds: Preds = {nid: [] for nid in layer}
    succs: Succs = {nid: [] for nid in layer}
    in_count = {nid: 0 for nid in layer}
    for u, v, port in doc.graph.edges(keys=True):
        in_count[v] = max(in_count[v], port + 1)
    for u, v, port in doc.graph.edges(keys=True):
        preds[v].append((u, port))
        succs[u].append((v, port, in_count[v]))
    return preds, succs


def _card_sizes(doc: Document, columns: list[list[str]], preds: Preds,
                sizes: Mapping[str, Size]) -> dict[str, Size]:
    """The view's card sizes, estimated where it passed none."""
    ndims = _estimate_ndims(doc, columns, preds) if len(sizes) < len(doc.nodes) else {}
    return {nid: sizes.get(nid) or estimate_size(node, ndims.get(nid)) for nid, node in doc.nodes.items()}


# ---------------------------------------------------------------- 2. ordering within columns

def _order_columns(columns: list[list[str]], preds: Preds, succs: Succs,
                   sweeps: int) -> dict[str, float]:
    """Barycenter sweeps, alternately left to right (by inputs) and right to left (by
    consumers); sorts each column in place and returns every node's index in its column."""
    rank = {nid: float(i) for column in columns for i, nid in enumerate(column)}
    multi = [column for column in columns if len(column) > 1]  # one-card columns need no order
    first, last = columns[0], columns[-1]
    for sweep in range(sweeps):
        if sweep % 2 == 0:
            for column in multi:
                if column is not first:
                    _sort_column(column, rank, _input_barycenters(column, rank, preds))
        else:
            for column in reversed(multi):
                if column is not last:
                    _sort_column(column, rank, _consumer_barycenters(column, rank, succs))
    return rank


def _input_barycenters(column: list[str], rank: dict[str, float], preds: Preds) -> dict[str, float]:
    """The mean rank of each node's inputs (its own rank when it has none)."""
    keys = {}
    for nid in column:
        near = [rank[u] for u, _ in preds[nid]]
        keys[nid] = sum(near) / len(near) if near else rank[nid]
    return keys


def _consumer_barycenters(column: list[str], rank: dict[str, float], succs: Succs) -> dict[str, float]:
    """The mean rank of each node's consumers; port offsets keep an op's inputs in port order
    (input 0 on top)."""
    keys = {}
    for nid in column:
        near = [rank[v] + (port + 1) / (arity + 1) - 0.5 for v, port, arity in succs[nid]]
        keys[nid] = sum(near) / len(near) if near else rank[nid]
    return keys


def _sort_column(column: list[str], rank: dict[str, float], keys: dict[str, float]) -> None:
    """Sort by ``keys`` (ties keep the old order) and renumber the ranks."""
    column.sort(key=lambda nid: (keys[nid], rank[nid]))
    for i, nid in enumerate(column):
        rank[nid] = float(i)


def _gather_groups(columns: list[list[str]], rank: dict[str, float], group_of: dict[str, str]) -> None:
    """A group's frame must not enclose other nodes: its members sit together in each column,
    at the group's mean rank there."""
    for column in columns:
        mean_rank: dict[str, float] = {}
        for gid in {group_of[n] for n in column if n in group_of}:
            ranks = [rank[n] for n in column if group_of.get(n) == gid]
            mean_rank[gid] = sum(ranks) / len(ranks)
        column.sort(key=lambda n: (mean_rank[group_of[n]], 0, rank[n]) if n in group_of else (rank[n], 1, 0))
        for i, nid in enumerate(column):
            rank[nid] = float(i)


# ---------------------------------------------------------------- 3. coordinates

class _Wires(NamedTuple):
    """What the vertical placement needs of the wiring: neighbours and port heights."""
    preds: Preds
    succs: Succs
    out_at: dict[str, float]   # output port height below each card's top
    in_anchor: float           # input 0's height below a card's top
    in_step: float             # step between input ports

    def wishes(self, nid: str, y: dict[str, float], use_succs: bool) -> list[float]:
        """The tops at which each of ``nid``'s wires would run straight: level with the input
        it feeds, or with the output feeding it."""
        near = [y[u] + self.out_at[u] - self.in_anchor - self.in_step * port for u, port in self.preds[nid]]
        if use_succs:
            near += [y[v] + self.in_anchor + self.in_step * port - self.out_at[nid]
                     for v, port, _ in self.succs[nid]]
        return near


def _stack_columns(columns: list[list[str]], layer: dict[str, int], size: dict[str, Size],
                   y_gap: float) -> tuple[dict[str, float], dict[str, float]]:
    """Start positions: each column stacked y_gap apart and centred on 0. Returns the tops and
    each card's offset below its column's first card (which the placement keeps at least).
    Renumbers ``layer`` to the non-empty columns."""
    y: dict[str, float] = {}
    sep: dict[str, float] = {}
    for i, column in enumerate(columns):
        offset = 0.0
        for j, nid in enumerate(column):
            layer[nid] = i
            if j:
                offset += size[column[j - 1]][1] + y_gap
            sep[nid] = offset
        mid = (offset + size[column[-1]][1]) / 2 if column else 0.0
        for nid in column:
            y[nid] = sep[nid] - mid
    return y, sep


def _straighten(columns: list[list[str]], y: dict[str, float], sep: dict[str, float],
                wires: _Wires) -> None:
    """Pull each card so its wires run straight, keeping the order and the gaps: four sweeps,
    left to right (the first by inputs only) and back."""
    for sweep in range(4):
        if sweep % 2 == 0:
            for column in columns:
                _place_column(column, y, sep, wires, use_succs=sweep > 0)
        else:
            for column in reversed(columns):
                _place_column(column, y, sep, wires, use_succs=True)


def _place_column(column: list[str], y: dict[str, float], sep: dict[str, float], wires: _Wires,
                  use_succs: bool) -> None:
    """Move one column's cards to the least-squares fit of their wires' wishes."""
    if len(column) == 1:
        # One card: the least-squares target is the mean of its wires' wishes (no PAV).
        nid = column[0]
        near = wires.wishes(nid, y, use_succs)
        if near:
            y[nid] = sum(near) / len(near)
        return
    desired = []
    for nid in column:
        near = wires.wishes(nid, y, use_succs)
        target = sum(near) / len(near) if near else y[nid]
        desired.append(target - sep[nid])
    for nid, z in zip(column, _pav(desired)):
        y[nid] = z + sep[nid]


def _column_lefts(columns: list[list[str]], size: dict[str, Size], x_gap: float) -> list[float]:
    """Columns as wide as their widest card, x_gap apart."""
    x_of, x = [], 0.0
    for column in columns:
        x_of.append(x)
        x += max((size[nid][0] for nid in column), default=0.0) + x_gap
    return x_of


def _anchored(doc: Document, result: dict[str, Pos], keep: set[str]) -> dict[str, Pos]:
    """Shift the layout onto the kept nodes (on average), or else onto the graph's current
    top-left corner; kept nodes stay exactly where they are."""
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


def _clear_group_frames(doc: Document, columns: list[list[str]], layer: dict[str, int],
                        y: dict[str, float], size: dict[str, Size], group_of: dict[str, str],
                        y_gap: float) -> None:
    """Push nodes that are not in a group out of the band its frame covers (the frame is the
    members' bounding box plus a margin and a title bar), above or below, in every column the
    group spans. A nested group's nodes are inside its parents' frames too (a module's
    frame holds its submodules'): they are never pushed out of them."""
    within: dict[str, set[str]] = {gid: set(g.members) for gid, g in doc.groups.items()}
    for g in doc.groups.values():
        parent = g.parent
        while parent in within:
            within[parent] |= set(g.members)
            parent = doc.groups[parent].parent
    for group in doc.groups.values():
        inner = within[group.id]
        members = [m for m in inner if m in layer]
        if not members:
            continue
        top = min(y[m] for m in members) - GROUP_MARGIN_TOP
        bottom = max(y[m] + size[m][1] for m in members) + GROUP_MARGIN_BOTTOM
        for c in range(min(layer[m] for m in members), max(layer[m] for m in members) + 1):
            column = columns[c]
            inside = [i for i, n in enumerate(column) if n in inner]
            if inside:
                above, below = column[:inside[0]], column[inside[-1] + 1:]
            else:
                middle = (top + bottom) / 2
                split = sum(1 for n in column if y[n] + size[n][1] / 2 < middle)
                above, below = column[:split], column[split:]
            limit = top - y_gap
            for n in reversed(above):
                if y[n] + size[n][1] <= limit:
                    break
                y[n] = limit - size[n][1]
                limit = y[n] - y_gap
            limit = bottom + y_gap
            for n in below:
                if y[n] >= limit:
                    break
                y[n] = limit
                limit = y[n] + size[n][1] + y_gap


def layout_command(doc: Document, keep: Iterable[str] = (), **options) -> MoveNodesCommand | None:
    """One undoable "Layout" step moving the nodes whose position changes (None if none)."""
    positions = layered_layout(doc, keep, **options)
    moved = {nid: pos for nid, pos in positions.items() if tuple(map(float, doc.nodes[nid].pos)) != pos}
    if not moved:
        return None
    return MoveNodesCommand(moved, merge=False, text=Message("Layout"))


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
