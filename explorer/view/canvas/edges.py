"""Wires of the forward canvas: :class:`EdgeItem` (a document edge, frozen or live, with an
optional gradient label) and :class:`WireItem` (the wire being dragged from a port).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem

from explorer.view import theme
from explorer.view.canvas import card_metrics as M
from explorer.view.canvas.card_metrics import LOD_DETAIL, LOD_TEXT, SELECTABLE, Z_EDGE, Z_WIRE

if TYPE_CHECKING:
    from explorer.view.canvas.items import NodeItem
    from explorer.view.canvas.scene import GraphScene


class EdgeItem(QGraphicsItem):
    """A smooth cubic from an output port to a numbered input port.

    Built by the thousand when a large graph loads, so construction does no Qt geometry work:
    the end points and the bounding box are plain arithmetic (cards are never rotated or
    scaled), and the QPainterPath is made the first time the edge is painted or hit-tested."""

    def __init__(self, graph_scene: "GraphScene", edge, src: NodeItem, dst: NodeItem) -> None:
        super().__init__()
        self.gscene = graph_scene
        self.edge = edge
        self.src = src
        self.dst = dst
        self.setZValue(Z_EDGE)
        self.setFlags(SELECTABLE)
        self.update_path()

    frozen = False
    label: str | None = None      # gradient that flowed along the edge
    _path_cache: QPainterPath | None = None
    _shape_cache: QPainterPath | None = None
    _ends = (0.0, 0.0, 0.0, 0.0)
    _rect = QRectF()              # replaced (never mutated) by update_path

    @property
    def _p0(self) -> QPointF:
        return QPointF(self._ends[0], self._ends[1])

    @property
    def _p1(self) -> QPointF:
        return QPointF(self._ends[2], self._ends[3])

    @property
    def _path(self) -> QPainterPath:
        path = self._path_cache
        if path is None:
            path = self._path_cache = cubic_path(self._p0, self._p1)
        return path

    def ends(self) -> tuple[QPointF, QPointF]:
        """Where the curve leaves its source's output port and reaches the input port."""
        return self._p0, self._p1

    def midpoint(self) -> QPointF:
        # The curve is point-symmetric about the middle of its ends, so half its length is there.
        x0, y0, x1, y1 = self._ends
        return QPointF((x0 + x1) / 2, (y0 + y1) / 2)

    def update_path(self) -> None:
        # an end inside a collapsed module attaches to the module's card
        ends = self.gscene.module_cards.wire_ends(self.edge)
        if ends is None:
            src, dst = self.src, self.dst
            ends = (src.x() + M.W, src.y() + M.HEADER / 2,
                    dst.x(), dst.y() + M.HEADER + M.PAD + M.ROW / 2 + self.edge.port * M.ROW)
        x0, y0, x1, y1 = ends
        if ends == self._ends and not self._rect.isNull():
            return
        self.prepareGeometryChange()
        self._ends = ends
        self._path_cache = self._shape_cache = None
        # The control points are (x0 + dx, y0) and (x1 - dx, y1): the curve stays inside their hull.
        dx = max(40.0, abs(x1 - x0) * 0.5)
        left = min(x0, x1 - dx)
        right = max(x1, x0 + dx)
        top, bottom = (y0, y1) if y0 < y1 else (y1, y0)
        rect = QRectF(left - 4, top - 4, right - left + 8, bottom - top + 8)
        if self.label:
            mx, my = (x0 + x1) / 2, (y0 + y1) / 2
            rect = rect.united(QRectF(mx - 100, my - 20, 200, 24))
        self._rect = rect

    def set_state(self, frozen: bool, label: str | None) -> bool:
        if frozen == self.frozen and label == self.label:
            return False
        self.frozen = frozen
        if label != self.label:
            self.label = label
            self._rect = QRectF()  # force the bounding box to be recomputed with the label
            self.update_path()
        self.update()
        return True

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def shape(self) -> QPainterPath:
        shape = self._shape_cache
        if shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(8)
            shape = self._shape_cache = stroker.createStroke(self._path)
        return shape

    def paint(self, painter: QPainter, option, widget=None) -> None:
        # Hot path (hundreds of edges per frame): no per-call allocations beyond the lookups.
        # The view paints antialiased with no brush; each item's painter state is restored after.
        t = theme.current()
        lod = painter.worldTransform().m11()
        if lod < LOD_TEXT:
            # Far away: a straight solid hairline (dash patterns and curves cost most here).
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(t.edge_pen_fast(self.frozen))
            painter.drawLine(self._p0, self._p1)
            return
        painter.setPen(t.edge_pen(self.frozen, self.isSelected()))
        painter.drawPath(self._path)
        if self.label and lod >= LOD_DETAIL:
            mid = self.midpoint()
            font = theme.font("mono")  # numbers, as on the cards (11 px at 100 % zoom)
            fm = QFontMetricsF(font)
            w = fm.horizontalAdvance(self.label) + 10
            r = QRectF(mid.x() - w / 2, mid.y() - 18, w, fm.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.background))
            painter.drawRoundedRect(r, 3, 3)
            painter.setPen(QColor(t.grad))
            painter.setFont(font)
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, self.label)


def cubic_path(p0: QPointF, p1: QPointF) -> QPainterPath:
    dx = max(40.0, abs(p1.x() - p0.x()) * 0.5)
    path = QPainterPath(p0)
    path.cubicTo(QPointF(p0.x() + dx, p0.y()), QPointF(p1.x() - dx, p1.y()), p1)
    return path


class WireItem(QGraphicsItem):
    """The wire that follows the mouse while a connection is dragged from a port."""

    def __init__(self, from_output: bool, anchor: QPointF) -> None:
        super().__init__()
        self.from_output = from_output
        self.anchor = anchor
        self.end = anchor
        self.setZValue(Z_WIRE)
        self._path = QPainterPath()
        self._rect = QRectF()
        self.set_end(anchor)

    def set_end(self, end: QPointF) -> None:
        self.prepareGeometryChange()
        self.end = end
        p0, p1 = (self.anchor, end) if self.from_output else (end, self.anchor)
        self._path = cubic_path(p0, p1)
        self._rect = self._path.boundingRect().adjusted(-6, -6, 6, 6)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        t = theme.current()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(QColor(t.wire), 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setBrush(QColor(t.wire))
        painter.drawEllipse(self.end, 3, 3)
