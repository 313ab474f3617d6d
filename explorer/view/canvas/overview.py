"""The forward canvas fitted far out: :class:`OverviewItem` draws every card as a box and every
wire as a line in a few batched calls while the cards and wires stop painting.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from explorer.view import theme
from explorer.view.canvas import card_metrics as M
from explorer.view.canvas.card_metrics import Z_EDGE, op_info

if TYPE_CHECKING:
    from explorer.view.canvas.scene import GraphScene


class OverviewItem(QGraphicsItem):
    """Draws the whole graph as boxes and straight lines in a handful of batched calls.

    Used when the view is zoomed out below the text level of detail: the node and edge items
    then carry ItemHasNoContents (still hit-testable for clicks and rubber bands, but Qt no
    longer calls thousands of Python paint methods per frame). The batches are cached and
    rebuilt only after something changed."""

    def __init__(self, graph_scene: "GraphScene") -> None:
        super().__init__()
        self.gscene = graph_scene
        self.setZValue(Z_EDGE - 0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self._cache: dict | None = None
        self._rect = QRectF()

    def invalidate(self) -> None:
        if self._cache is not None:
            self._cache = None
            if self.isVisible():
                self.update()

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def _build(self) -> dict:
        t = theme.current()
        groups: dict[str, list[QRectF]] = {}
        selected: list[QRectF] = []
        for item in self.gscene.node_items.values():
            if item.inline or not item.isVisible():   # hidden inside a collapsed module too
                continue
            node = item.node
            if item.frozen and node.kind != "const":
                color = t.frozen_header
            else:
                op = op_info(node.op) if node.kind == "op" else None
                color = t.header_color(node.kind, op.category if op else None).name(QColor.NameFormat.HexArgb)
            r = QRectF(item.pos().x(), item.pos().y(), M.W, item.height)
            groups.setdefault(color, []).append(r)
            if item.isSelected():
                selected.append(r)
        live, frozen = [], []
        for e in self.gscene.edge_items.values():
            x0, y0, x1, y1 = e._ends
            (frozen if e.frozen else live).append(QLineF(x0, y0, x1, y1))
        return {"groups": groups, "selected": selected, "live": live, "frozen": frozen}

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._cache is None:
            self._cache = self._build()
        c = self._cache
        t = theme.current()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(t.edge_pen_fast(True))
        if c["frozen"]:
            painter.drawLines(c["frozen"])
        painter.setPen(t.edge_pen_fast(False))
        if c["live"]:
            painter.drawLines(c["live"])
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in c["groups"].items():
            painter.setBrush(QColor(color))
            painter.drawRects(rects)
        if c["selected"]:
            pen = QPen(QColor(t.selection), 2)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(c["selected"])
