"""The backward graph's items: a box per grad_fn / AccumulateGrad / tensor, an arrow per
``next_functions`` entry, and the batched overview drawn instead of both when zoomed far out.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from explorer.view import theme
from explorer.view.canvas.backward_dag import NODE_H, BwNode

if TYPE_CHECKING:
    from explorer.view.canvas.backward import BackwardGraphScene

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
