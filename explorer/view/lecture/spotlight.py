"""The spotlight: dims the whole canvas except soft-edged holes around the current node(s)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from explorer.view import theme

HUGE = 1.0e6


class SpotlightItem(QGraphicsItem):
    """A scene item above everything; never takes mouse clicks."""

    def __init__(self, rects: list[QRectF], margin: float = 18.0) -> None:
        super().__init__()
        self.holes = [QRectF(r).adjusted(-margin, -margin, margin, margin) for r in rects]
        self.setZValue(1.0e6)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(-HUGE, -HUGE, 2 * HUGE, 2 * HUGE)

    def _holes_path(self) -> QPainterPath:
        path = QPainterPath()
        for r in self.holes:
            path.addRoundedRect(r, 16, 16)
        return path

    def shape(self) -> QPainterPath:
        return QPainterPath()  # invisible to hit tests

    def paint(self, painter: QPainter, option, widget=None) -> None:
        t = theme.current()
        dim = QColor(0, 0, 0, 150) if t.dark else QColor(20, 24, 32, 110)
        outside = QPainterPath()
        outside.addRect(option.exposedRect if option.exposedRect.isValid() else self.boundingRect())
        painter.fillPath(outside.subtracted(self._holes_path()), dim)
        ring = QColor(t.selection)
        pen = QPen(ring, 5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._holes_path())


def highlight_step(scene, node_ids=(), edges=()) -> None:
    """Emphasise a step's nodes and edges: the canvas's ``set_step_highlight`` for the nodes, and
    the edges the gradient travels along stay opaque while the others fade (empty = all normal)."""
    scene.set_step_highlight(tuple(node_ids), tuple(edges))
    active = set(edges)
    dim = bool(node_ids) or bool(active)
    for edge, item in getattr(scene, "edge_items", {}).items():
        try:
            item.setOpacity(1.0 if not dim or edge in active else 0.35)
        except RuntimeError:  # the scene is being rebuilt
            pass
