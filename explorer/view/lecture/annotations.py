"""Slide annotations on the canvas: arrows, boxes and text drawn over the graph.

The same item draws them while presenting, in exported frames and PDF handouts (both render the
scene), and in the authoring panel, where they can be dragged into place. Annotations live in
scene coordinates (see :mod:`explorer.model.lecture_annotations`), above the cards and below
the spotlight.
"""
from __future__ import annotations

import math
from typing import Callable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from explorer.model.lecture_annotations import Annotation
from explorer.view import theme

LINE_WIDTH = 5.0        # scene units: as thick as a card border at a readable zoom, and more
TEXT_PX = 26            # scene units, a little larger than card text
HEAD = 22.0             # arrow head length
Z_VALUE = 5.0e5         # above cards and edges, below the spotlight (1e6)


def annotation_color() -> QColor:
    """A colour no card uses, strong on both a white page and a dark projector."""
    return QColor("#ffb000") if theme.current().dark else QColor("#d9480f")


def _font() -> QFont:
    font = QFont(theme.current().font_family)
    font.setPixelSize(TEXT_PX)
    font.setBold(True)
    return font


class AnnotationItem(QGraphicsItem):
    """One annotation. ``on_moved(item, dx, dy)`` is called when a drag ends (authoring)."""

    def __init__(self, annotation: Annotation, on_moved: Callable[["AnnotationItem", float, float], None] | None = None) -> None:
        super().__init__()
        self.annotation = annotation
        self.on_moved = on_moved
        self.setZValue(Z_VALUE)
        self.setData(0, "annotation")
        movable = on_moved is not None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        if not movable:
            self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        else:
            self.setCursor(Qt.CursorShape.SizeAllCursor)

    # ------------------------------------------------------------------ geometry
    def _text_rect(self) -> QRectF:
        a = self.annotation
        if not a.text:
            return QRectF()
        metrics = QFontMetricsF(_font())
        lines = a.text.splitlines() or [a.text]
        width = max(metrics.horizontalAdvance(line) for line in lines)
        height = metrics.lineSpacing() * len(lines)
        if a.kind == "box":      # a label above the box's top-left corner
            return QRectF(a.x, a.y - height - 4, width, height)
        return QRectF(a.x, a.y - height / 2, width, height) if a.kind == "text" else \
            QRectF(a.x - width - 8, a.y - height / 2, width, height)   # at the arrow's tail

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        a = self.annotation
        if a.kind == "arrow":
            rect = QRectF(QPointF(a.x, a.y), QPointF(a.x2, a.y2)).normalized()
        elif a.kind == "box":
            rect = QRectF(a.x, a.y, a.w, a.h)
        else:
            rect = QRectF(a.x, a.y, 1, 1)
        text = self._text_rect()
        if not text.isNull():
            rect = rect.united(text)
        pad = LINE_WIDTH + HEAD
        return rect.adjusted(-pad, -pad, pad, pad)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.boundingRect())
        return path

    # ------------------------------------------------------------------ painting
    def paint(self, painter: QPainter, option, widget=None) -> None:
        a = self.annotation
        color = annotation_color()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color, LINE_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if a.kind == "arrow":
            line = QLineF(a.x, a.y, a.x2, a.y2)
            if line.length() > 0:
                angle = math.atan2(a.y2 - a.y, a.x2 - a.x)
                back = QPointF(a.x2 - HEAD * 0.8 * math.cos(angle), a.y2 - HEAD * 0.8 * math.sin(angle))
                painter.drawLine(QLineF(QPointF(a.x, a.y), back))
                left = QPointF(a.x2 - HEAD * math.cos(angle - 0.45), a.y2 - HEAD * math.sin(angle - 0.45))
                right = QPointF(a.x2 - HEAD * math.cos(angle + 0.45), a.y2 - HEAD * math.sin(angle + 0.45))
                painter.setBrush(color)
                painter.drawPolygon(QPolygonF([QPointF(a.x2, a.y2), left, right]))
        elif a.kind == "box":
            painter.drawRoundedRect(QRectF(a.x, a.y, a.w, a.h), 10, 10)
        if a.text:
            painter.setFont(_font())
            painter.setPen(color)
            painter.drawText(self._text_rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, a.text)

    # ------------------------------------------------------------------ dragging (authoring)
    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        offset = self.pos()
        if self.on_moved is not None and (offset.x() or offset.y()):
            self.on_moved(self, offset.x(), offset.y())


class AnnotationLayer:
    """The annotation items one owner (the lecture being played, the authoring panel) put on a
    scene; ``show`` replaces them."""

    def __init__(self) -> None:
        self.items: list[AnnotationItem] = []

    def show(self, scene: QGraphicsScene, annotations: list[Annotation],
             on_moved: Callable[[AnnotationItem, float, float], None] | None = None) -> list[AnnotationItem]:
        self.clear()
        for annotation in annotations:
            item = AnnotationItem(annotation, on_moved)
            scene.addItem(item)
            self.items.append(item)
        return self.items

    def clear(self) -> None:
        for item in self.items:
            try:
                scene = item.scene()
                if scene is not None:
                    scene.removeItem(item)
            except RuntimeError:   # the scene was rebuilt and deleted the item
                pass
        self.items = []

    def rect(self) -> QRectF | None:
        """Scene rectangle of every annotation (to frame them with the graph), or None."""
        rect: QRectF | None = None
        for item in self.items:
            try:
                r = item.sceneBoundingRect()
            except RuntimeError:
                continue
            rect = r if rect is None else rect.united(r)
        return rect
