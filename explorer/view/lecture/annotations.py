"""Slide annotations on the canvas: arrows, boxes, text and pen strokes drawn over the graph.

The same item draws them while presenting, in exported frames and PDF handouts (both render the
scene), and in the authoring panel, where they can be dragged into place, resized by their
handles (an arrow's ends, a box's corners) and drawn with the pen (:class:`PenTool`). Annotations live in
scene coordinates (see :mod:`explorer.model.lecture_annotations`), above the cards and below
the spotlight.
"""
from __future__ import annotations

import math
from typing import Callable

from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from explorer.model.lecture_annotations import Annotation, pen
from explorer.view import theme

LINE_WIDTH = 5.0        # scene units: as thick as a card border at a readable zoom, and more
TEXT_PX = 26            # scene units, a little larger than card text
HEAD = 22.0             # arrow head length
Z_VALUE = 5.0e5         # above cards and edges, below the spotlight (1e6)
HANDLE = 9.0            # half the side of a resize handle's square, in screen pixels


def annotation_color() -> QColor:
    """A colour no card uses, strong on both a white page and a dark projector."""
    return QColor("#ffb000") if theme.current().dark else QColor("#d9480f")


def _font() -> QFont:
    font = QFont(theme.current().font_family)
    font.setPixelSize(TEXT_PX)
    font.setBold(True)
    return font


class AnnotationItem(QGraphicsItem):
    """One annotation. ``on_moved(item, dx, dy)`` is called when a drag ends (authoring);
    ``on_resized(item, old, new)`` when a handle drag ends (``item.annotation`` is then ``new``)."""

    def __init__(self, annotation: Annotation, on_moved: Callable[["AnnotationItem", float, float], None] | None = None,
                 on_resized: Callable[["AnnotationItem", Annotation, Annotation], None] | None = None) -> None:
        super().__init__()
        self.annotation = annotation
        self.on_moved = on_moved
        self.on_resized = on_resized
        self._dragging: tuple[str, Annotation] | None = None   # (handle, annotation before the drag)
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
        elif a.kind == "pen" and a.points:
            xs, ys = [p[0] for p in a.points], [p[1] for p in a.points]
            rect = QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys)))
        elif a.kind == "box":
            rect = QRectF(a.x, a.y, a.w, a.h)
        else:
            rect = QRectF(a.x, a.y, 1, 1)
        text = self._text_rect()
        if not text.isNull():
            rect = rect.united(text)
        pad = LINE_WIDTH + HEAD + (self._handle_size() if self.on_resized is not None else 0)
        return rect.adjusted(-pad, -pad, pad, pad)

    def _handle_size(self) -> float:
        """Half a handle's side in scene units: the same size on screen at any zoom."""
        views = self.scene().views() if self.scene() is not None else []
        scale = views[0].transform().m11() if views else 1.0
        return HANDLE / max(scale, 1e-3)

    def handle_at(self, point: QPointF) -> str | None:
        """The resize handle under ``point`` (scene coordinates), if any (authoring only)."""
        if self.on_resized is None:
            return None
        size = self._handle_size() * 1.6   # a little easier to hit than it looks
        for name, (hx, hy) in self.annotation.handles().items():
            if abs(point.x() - self.pos().x() - hx) <= size and abs(point.y() - self.pos().y() - hy) <= size:
                return name
        return None

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
        elif a.kind == "pen" and len(a.points) >= 2:
            path = QPainterPath(QPointF(*a.points[0]))
            for x, y in a.points[1:]:
                path.lineTo(x, y)
            painter.drawPath(path)
        if self.on_resized is not None and a.handles():
            size = self._handle_size()
            painter.setPen(QPen(color, 1.5 * size / HANDLE))
            painter.setBrush(QColor("white"))   # hollow squares read as handles on any card
            for hx, hy in a.handles().values():
                painter.drawRect(QRectF(hx - size, hy - size, 2 * size, 2 * size))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        if a.text:
            painter.setFont(_font())
            painter.setPen(color)
            painter.drawText(self._text_rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, a.text)

    # ------------------------------------------------------------------ dragging (authoring)
    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        handle = self.handle_at(event.scenePos())
        if handle is None:
            super().mousePressEvent(event)
            return
        self._dragging = (handle, self.annotation)   # resize, not move
        event.accept()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dragging is None:
            super().mouseMoveEvent(event)
            return
        handle, before = self._dragging
        self.prepareGeometryChange()
        p = event.scenePos() - self.pos()
        self.annotation = before.resized(handle, round(p.x()), round(p.y()))
        self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dragging is not None:
            handle, before = self._dragging
            self._dragging = None
            if self.annotation is not before and self.on_resized is not None:
                self.on_resized(self, before, self.annotation)
            return
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
             on_moved: Callable[[AnnotationItem, float, float], None] | None = None,
             on_resized: Callable[[AnnotationItem, Annotation, Annotation], None] | None = None) -> list[AnnotationItem]:
        self.clear()
        for annotation in annotations:
            item = AnnotationItem(annotation, on_moved, on_resized)
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


class PenTool(QObject):
    """Freehand drawing on a view while switched on: a left-button drag draws a stroke (shown as
    it is drawn); on release ``on_stroke(annotation)`` gets it as a bounded polyline
    (lecture_annotations.pen). The canvas does not see these mouse events (no rubber band, no
    card moved)."""

    def __init__(self, view: QGraphicsView, on_stroke: Callable[[Annotation], None]) -> None:
        super().__init__(view)
        self.view = view
        self.on_stroke = on_stroke
        self.points: list[tuple[float, float]] = []
        self._preview: AnnotationItem | None = None
        self.active = False

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.active = on
        viewport = self.view.viewport()
        if on:
            viewport.installEventFilter(self)
            viewport.setCursor(Qt.CursorShape.CrossCursor)
        else:
            viewport.removeEventFilter(self)
            viewport.unsetCursor()
            self._drop_preview()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self.points = [self._scene_point(event)]
            return True
        if kind == QEvent.Type.MouseMove and self.points:
            self.points.append(self._scene_point(event))
            self._show_preview()
            return True
        if kind == QEvent.Type.MouseButtonRelease and self.points:
            self.points.append(self._scene_point(event))
            stroke, self.points = pen(self.points), []
            self._drop_preview()
            if stroke is not None:
                self.on_stroke(stroke)
            return True
        return False

    def _scene_point(self, event) -> tuple[float, float]:
        p = self.view.mapToScene(event.position().toPoint())
        return p.x(), p.y()

    def _show_preview(self) -> None:
        stroke = pen(self.points)
        if stroke is None:
            return
        if self._preview is None:
            self._preview = AnnotationItem(stroke)
            self.view.scene().addItem(self._preview)
        else:
            self._preview.prepareGeometryChange()
            self._preview.annotation = stroke
            self._preview.update()

    def _drop_preview(self) -> None:
        if self._preview is not None:
            try:
                if self._preview.scene() is not None:
                    self._preview.scene().removeItem(self._preview)
            except RuntimeError:
                pass
            self._preview = None
