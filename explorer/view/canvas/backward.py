"""The backward-graph view: the document drawn as PyTorch's autograd DAG (torchviz style).

From the last RunResult: the root tensor at the top, one node per grad_fn (``SubBackward0``,
``MulBackward0``, ``PowBackward0``), an ``AccumulateGrad`` node above each leaf that requires
grad and the leaf tensor below it; arrows run from the root towards the leaves, as
``next_functions`` point. Frozen inputs and constants have no node: the view draws each of
their ``next_functions`` entries as what PyTorch holds there, a dashed ``(None, 0)`` stub under
the function (carrying the input's document id, so clicking it selects the frozen input).
Laid out top (root) to bottom in layers. Every item carries the document node id, so
selection syncs with the forward canvas.
"""
from __future__ import annotations

import gc
import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from explorer.model.adjacency import Adjacency
from explorer.model.document import Document, Edge
from explorer.view import theme
from explorer.view.canvas.preview import fmt_array, fmt_shape
from explorer.view.canvas.relay import weak_relay
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


_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
LOD_BOX = 0.45   # below this zoom boxes are plain rectangles and arrows straight hairlines

_PAINT_CACHE: dict[tuple, Any] = {}


def _box_pen(t, selected: bool) -> QPen:
    """Cached: a large DAG fitted in view paints thousands of boxes per frame."""
    key = ("pen", t.name, selected)
    pen = _PAINT_CACHE.get(key)
    if pen is None:
        pen = QPen(QColor(t.selection) if selected else QColor(t.bw_border), 2 if selected else 1)
        pen.setCosmetic(True)
        _PAINT_CACHE[key] = pen
    return pen


def _brush(color: str) -> QBrush:
    key = ("brush", color)
    brush = _PAINT_CACHE.get(key)
    if brush is None:
        brush = _PAINT_CACHE[key] = QBrush(QColor(color))
    return brush


class _Metrics:
    """Text sizes for the boxes, per font: a large DAG repeats a handful of labels
    ("MulBackward0", "AccumulateGrad") thousands of times."""

    def __init__(self) -> None:
        self.fm = QFontMetricsF(theme.font("body"))
        self.body_height = self.fm.height()
        self.small_height = QFontMetricsF(theme.font("small")).height()
        self.widths: dict[str, float] = {}

    def width(self, text: str) -> float:
        w = self.widths.get(text)
        if w is None:
            w = self.widths[text] = self.fm.horizontalAdvance(text)
        return w


_METRICS: dict[tuple, _Metrics] = {}


def _metrics() -> _Metrics:
    key = (theme.font_scale, theme.current().font_family)
    m = _METRICS.get(key)
    if m is None:
        m = _METRICS[key] = _Metrics()
    return m


class BwNodeItem(QGraphicsItem):
    def __init__(self, node: BwNode) -> None:
        super().__init__()
        self.node = node
        self.doc_id = node.doc_id
        self.setFlags(_SELECTABLE)
        self.setToolTip(node.tip or node.label)
        metrics = _metrics()
        w = max(metrics.width(node.label), metrics.width(node.sub)) + 24
        self.w = max(60.0 if node.kind == "none" else 90.0, w)
        # Height from the font, so a larger font scale (presentation) still fits.
        self.line = max(NODE_H, metrics.body_height + 14)
        self.h = self.line + (metrics.small_height if node.sub else 0)
        self._rect = QRectF(-self.w / 2 - 2, -2, self.w + 4, self.h + 4)
        self.in_edges: list[BwEdgeItem] = []
        self.out_edges: list[BwEdgeItem] = []

    @property
    def label(self) -> str:
        return self.node.label

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    # Boxes are never rotated or scaled: scene points are the position plus an offset.
    def top(self) -> QPointF:
        return QPointF(self.x(), self.y())

    def bottom(self) -> QPointF:
        return QPointF(self.x(), self.y() + self.h)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        t = theme.current()
        lod = painter.worldTransform().m11()  # boxes are never rotated: the scale is the zoom
        rect = QRectF(-self.w / 2, 0, self.w, self.h)
        selected = self.isSelected()
        if self.node.kind == "none":
            self._paint_none(painter, t, rect, selected, lod)
            return
        fill = _FILLS[self.node.kind](t)
        if lod < LOD_BOX:
            painter.setPen(_box_pen(t, selected))
            painter.setBrush(_brush(fill))
            painter.drawRect(rect)
            return
        pen = QPen(QColor(t.selection) if selected else QColor(t.bw_border), 2 if selected else 1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QColor(fill))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # torchviz: tensors are boxes, functions are rounded.
        radius = 4.0 if self.node.kind in ("leaf", "root") else self.h / 2.6
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(QColor(t.text))
        painter.setFont(theme.font("body"))
        if self.node.sub:
            top = QRectF(rect.x(), 2, rect.width(), self.line - 8)
            painter.drawText(top, Qt.AlignmentFlag.AlignCenter, self.node.label)
            painter.setPen(QColor(t.text_muted))
            painter.setFont(theme.font("small"))
            painter.drawText(QRectF(rect.x(), top.bottom() - 2, rect.width(), self.h - top.bottom()),
                             Qt.AlignmentFlag.AlignCenter, self.node.sub)
        else:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.node.label)

    def _paint_none(self, painter: QPainter, t, rect: QRectF, selected: bool, lod: float) -> None:
        """A (None, 0) entry: no node in PyTorch's graph, so only a dashed outline and the text."""
        pen = QPen(QColor(t.selection) if selected else QColor(t.edge_frozen), 2 if selected else 1)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(t.background))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod >= LOD_BOX)
        painter.drawRoundedRect(rect, 4.0, 4.0)
        if lod >= LOD_BOX:
            painter.setPen(QColor(t.text_muted))
            painter.setFont(theme.font("small"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.node.label)


_FILLS = {"fn": lambda t: t.bw_node, "acc": lambda t: t.bw_node, "leaf": lambda t: t.bw_leaf,
          "root": lambda t: t.bw_root, "none": lambda t: t.background}


class BwEdgeItem(QGraphicsItem):
    """An arrow from a function to one of its next_functions (towards the leaves)."""

    def __init__(self, src: BwNodeItem, dst: BwNodeItem) -> None:
        super().__init__()
        self.src, self.dst = src, dst
        self.setZValue(-1)
        self._path_cache: QPainterPath | None = None
        self._rect = QRectF()
        self.update_path()

    def update_path(self) -> None:
        # Thousands of arrows when a large graph runs: the box is the control points' hull
        # (plain arithmetic), the curve itself is made when the arrow is first painted.
        self.prepareGeometryChange()
        src, dst = self.src, self.dst
        x0, y0 = src.x(), src.y() + src.h
        x1, y1 = dst.x(), dst.y()
        dy = max(20.0, (y1 - y0) * 0.5)
        self._p0 = QPointF(x0, y0)
        self._p1 = QPointF(x1, y1)
        self._dy = dy
        self._path_cache = None
        left, right = (x0, x1) if x0 < x1 else (x1, x0)
        top = min(y0, y1 - dy)
        bottom = max(y1, y0 + dy)
        self._rect = QRectF(left - 8, top - 8, right - left + 16, bottom - top + 16)

    @property
    def _path(self) -> QPainterPath:
        path = self._path_cache
        if path is None:
            p0, p1, dy = self._p0, self._p1, self._dy
            path = QPainterPath(p0)
            path.cubicTo(QPointF(p0.x(), p0.y() + dy), QPointF(p1.x(), p1.y() - dy), p1)
            self._path_cache = path
        return path

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        t = theme.current()
        if painter.worldTransform().m11() < LOD_BOX:
            # A whole large DAG in view: a straight hairline, no curve and no arrow head (the
            # boxes' layers already say which way the arrows run).
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(t.edge_pen_fast())
            painter.drawLine(self._p0, self._p1)
            return
        none = self.dst.node.kind == "none"   # towards a (None, 0) entry: dashed, like a frozen edge
        painter.setPen(t.edge_pen(frozen=none))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.drawPath(self._path)
        # arrow head at the next function
        angle = math.radians(self._path.angleAtPercent(1.0))
        tip = self._p1
        size = 7.0
        a = QPointF(tip.x() - size * math.cos(angle - 0.4), tip.y() + size * math.sin(angle - 0.4))
        b = QPointF(tip.x() - size * math.cos(angle + 0.4), tip.y() + size * math.sin(angle + 0.4))
        if none:
            painter.setPen(t.edge_pen_fast(frozen=True))  # a solid head on the dashed arrow
        painter.setBrush(QColor(t.edge_frozen if none else t.edge))
        painter.drawPolygon(QPolygonF([tip, a, b]))


LOD_OVERVIEW = 0.3   # below this zoom the whole DAG is drawn by one batched item


class BwOverviewItem(QGraphicsItem):
    """The DAG as rectangles and straight lines in a few batched calls, used when zoomed far
    out: the box and arrow items then stop painting (boxes stay clickable), so a fitted view
    of a large run is not thousands of Python paint calls per frame."""

    def __init__(self, scene: "BackwardGraphScene") -> None:
        super().__init__()
        self.bscene = scene
        self.setZValue(-2)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._cache: dict | None = None

    def invalidate(self) -> None:
        if self._cache is not None:
            self._cache = None
            if self.isVisible():
                self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.bscene.content.adjusted(-10, -10, 10, 10)

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def _build(self) -> dict:
        from PySide6.QtCore import QLineF

        t = theme.current()
        fills: dict[str, list[QRectF]] = {}
        selected: list[QRectF] = []
        for item in self.bscene.items_by_key.values():
            fill = _FILLS[item.node.kind](t)
            r = QRectF(item.x() - item.w / 2, item.y(), item.w, item.h)
            fills.setdefault(fill, []).append(r)
            if item.isSelected():
                selected.append(r)
        lines = [QLineF(e._p0, e._p1) for e in self.bscene.edge_items]
        return {"fills": fills, "selected": selected, "lines": lines}

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._cache is None:
            self._cache = self._build()
        c = self._cache
        t = theme.current()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if c["lines"]:
            painter.setPen(t.edge_pen_fast())
            painter.drawLines(c["lines"])
        painter.setPen(_box_pen(t, False))
        for fill, rects in c["fills"].items():
            painter.setBrush(_brush(fill))
            painter.drawRects(rects)
        if c["selected"]:
            painter.setPen(_box_pen(t, True))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(c["selected"])


def build_dag(document: Document, result: Any, none_entries: bool = False) -> tuple[list[BwNode], list[tuple[str, str]]]:
    """The autograd DAG of ``result``: nodes and (from_key, to_key) arrows root → leaves.
    With ``none_entries`` each ``(None, 0)`` in a function's ``next_functions`` (a frozen input,
    a constant) gets a "none" node too, keyed ``none:<id>:<index>``."""
    if result is None:
        return [], []
    results = result.results
    members = set(getattr(result, "backward_nodes", ()) or ())
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
        # Each node as close as possible under its parents (straight chains), keeping the
        # order and a gap; then the row is shifted so the average displacement is zero.
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
    for L, row in layers.items():
        for k in row:
            positions[k] = (xs[k], L * (row_h + LAYER_GAP))
    return positions


class BackwardGraphScene(QGraphicsScene):
    selection_ids_changed = Signal(list)

    def __init__(self, document: Document | None = None, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.items_by_key: dict[str, BwNodeItem] = {}
        self.content = QRectF()   # the boxes' union (what fit frames)
        self.edge_items: list[BwEdgeItem] = []
        self.overview: BwOverviewItem | None = None
        self.overview_active = False
        self._structure: tuple | None = None
        self._muted = False
        self._last_result: Any = None
        self.selectionChanged.connect(weak_relay(self, "_on_selection"))
        theme.on_change(self._on_theme)

    def _on_theme(self) -> None:
        # Node sizes depend on the font scale: rebuild from the last result.
        self._structure = None
        self.show_results(self._last_result)

    def set_document(self, document: Document) -> None:
        self.document = document
        self._structure = None

    def show_results(self, result: Any) -> None:
        """Rebuild the DAG when its structure changed (names, arrows); else refresh tooltips only."""
        self._last_result = result
        if self.document is None:
            return
        nodes, arrows = build_dag(self.document, result, none_entries=True)
        structure = (tuple((n.key, n.label, n.sub) for n in nodes), tuple(arrows))
        if structure == self._structure:
            for n in nodes:
                item = self.items_by_key.get(n.key)
                if item is not None and item.toolTip() != n.tip:
                    item.setToolTip(n.tip)
            return
        self._structure = structure
        gc_was_on = gc.isenabled()
        gc.disable()  # thousands of new items: no full collections mid-build (see GraphScene)
        try:
            self._rebuild(nodes, arrows)
        finally:
            if gc_was_on:
                gc.enable()

    def _rebuild(self, nodes: list[BwNode], arrows: list[tuple[str, str]]) -> None:
        selected = set(self.selected_ids())
        self._muted = True
        self.overview = None  # clear() deletes it
        self.clear()
        self.items_by_key = {}
        for n in nodes:
            self.items_by_key[n.key] = BwNodeItem(n)
        positions = layered_positions([n.key for n in nodes], arrows,
                                      {k: it.w for k, it in self.items_by_key.items()})
        # Placed before they join the scene: no index update per move; the scene's box is
        # worked out from the positions instead of asking every item.
        left = top = math.inf
        right = bottom = -math.inf
        for k, (x, y) in positions.items():
            item = self.items_by_key[k]
            item.setPos(x, y)
            left, right = min(left, x - item.w / 2), max(right, x + item.w / 2)
            top, bottom = min(top, y), max(bottom, y + item.h)
        edges = []
        seen = set()
        for a, b in arrows:
            if (a, b) in seen:
                continue  # x*x: one arrow per pair of functions is enough to read the DAG
            seen.add((a, b))
            edges.append(BwEdgeItem(self.items_by_key[a], self.items_by_key[b]))
        self.edge_items = edges
        self.overview = BwOverviewItem(self)
        self.overview.setVisible(self.overview_active)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        for item in self.items_by_key.values():
            if self.overview_active:
                item.setFlag(_NO_CONTENTS, True)
            self.addItem(item)
        for e in edges:
            if self.overview_active:
                e.setVisible(False)
            self.addItem(e)
        self.addItem(self.overview)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        for item in self.items_by_key.values():
            if item.doc_id in selected:
                item.setSelected(True)
        self._muted = False
        self.content = QRectF(left - 2, top - 2, right - left + 4, bottom - top + 4) if nodes else QRectF()
        self.setSceneRect(self.content.adjusted(-60, -60, 60, 60) if nodes else QRectF(-60, -60, 120, 120))

    def set_overview(self, on: bool) -> None:
        """Far out: draw through the batched overview; boxes stop painting but stay clickable."""
        on = bool(on)
        if on == self.overview_active:
            return
        self.overview_active = on
        for item in self.items_by_key.values():
            item.setFlag(_NO_CONTENTS, on)
        for e in self.edge_items:
            e.setVisible(not on)
        if self.overview is not None:
            self.overview.invalidate()
            self.overview.setVisible(on)

    def names(self) -> list[str]:
        """Labels of the function nodes (grad_fn names and AccumulateGrad), top to bottom."""
        items = [i for i in self.items_by_key.values() if i.node.kind in ("fn", "acc")]
        items.sort(key=lambda i: (i.pos().y(), i.pos().x()))
        return [i.label for i in items]

    def selected_ids(self) -> list[str]:
        return list(dict.fromkeys(i.doc_id for i in self.selectedItems() if isinstance(i, BwNodeItem)))

    def select_ids(self, ids, emit: bool = False) -> None:
        ids = set(ids)
        if ids == set(self.selected_ids()) and not emit:
            return
        self._muted = True
        try:
            for item in self.items_by_key.values():
                item.setSelected(item.doc_id in ids)
        finally:
            self._muted = False
        if emit:
            self.selection_ids_changed.emit(self.selected_ids())

    def _on_selection(self) -> None:
        if self.overview is not None:
            self.overview.invalidate()
        if not self._muted:
            self.selection_ids_changed.emit(self.selected_ids())


class BackwardGraphView(QGraphicsView):
    """A view of :class:`BackwardGraphScene`; wheel zooms, drag on empty space pans."""

    selection_ids_changed = Signal(list)

    def __init__(self, document: Document | None = None, parent=None) -> None:
        self.bscene = BackwardGraphScene(document)
        super().__init__(self.bscene, parent)
        self.bscene.setParent(self)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.bscene.selection_ids_changed.connect(self.selection_ids_changed)
        self.setBackgroundBrush(QColor(theme.current().background))
        theme.on_change(self._on_theme)

    def _on_theme(self) -> None:
        self.setBackgroundBrush(QColor(theme.current().background))

    def sync_lod(self) -> None:
        self.bscene.set_overview(self.transform().m11() < LOD_OVERVIEW)

    def paintEvent(self, event) -> None:  # noqa: N802
        self.sync_lod()
        super().paintEvent(event)

    def set_document(self, document: Document) -> None:
        self.bscene.set_document(document)

    def show_results(self, result: Any) -> None:
        before = self.bscene._structure
        self.bscene.show_results(result)
        if self.bscene._structure != before:
            self.fit_all()

    def select_ids(self, ids) -> None:
        self.bscene.select_ids(ids)

    def selected_ids(self) -> list[str]:
        return self.bscene.selected_ids()

    def fit_all(self) -> None:
        rect = self.bscene.content
        if rect.isNull():
            return
        self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.3:
            self.resetTransform()
            self.scale(1.3, 1.3)
            self.centerOn(rect.center())
        self.sync_lod()

    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            f = 1.15 ** steps
            z = self.transform().m11() * f
            if 0.05 <= z <= 4:
                self.scale(f, f)
                self.sync_lod()
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_F and not event.modifiers():
            self.fit_all()
            return
        super().keyPressEvent(event)
