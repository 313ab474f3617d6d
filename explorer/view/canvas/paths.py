"""The chain rule's paths drawn on the canvas: every path from the root to the selected node.

One item over the edges of the paths (``explorer.model.paths.PathReport``): a wide stroke in
the gradient colour under each edge on a path, and beside it the edge's local derivative, the
op table's formula in the document's names with the engine's numbers
(``∂pow1/∂a = 3·a² = [12., 27.]``). The item draws nothing of its own state: it reads the edge
items' curves and the report, and is replaced when either changes.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem
from shiboken6 import isValid

from explorer.view import theme
from explorer.view.canvas.card_metrics import LOD_DETAIL, Z_EDGE, Z_NODE
from explorer.view.canvas.edges import cubic_path
from explorer.view.canvas.preview import fmt_array

Z_PATHS = Z_EDGE - 0.5          # the strokes: under the edges they follow, over the groups
Z_LABELS = Z_NODE + 0.5         # the local derivatives: over the cards, never hidden by one


def edge_label(path_edge: Any) -> str:
    """``formula = numbers`` of one edge's local derivative (``3·a² = [12., 27.]``); the edge
    itself says which derivative it is, and the chain-rule panel writes it out in full."""
    text = path_edge.formula
    if path_edge.local is not None and fmt_array(path_edge.local) != text:
        text += f" = {fmt_array(path_edge.local)}"
    return text


def _label_rect(center: QPointF, text: str) -> QRectF:
    fm = QFontMetricsF(theme.font("mono"))
    w = fm.horizontalAdvance(text) + 12
    h = fm.height() + 4
    return QRectF(center.x() - w / 2, center.y() - h / 2, w, h)


def place_label(curve: QPainterPath, text: str, cards: list[QRectF], taken: list[QRectF]) -> QRectF:
    """A spot along the edge where the label covers no card and no other label (the middle if
    there is none)."""
    first = None
    for t in (0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85):
        p = curve.pointAtPercent(t)
        for dy in (14.0, -14.0, 34.0, -34.0, 56.0, -56.0):
            r = _label_rect(QPointF(p.x(), p.y() + dy), text)
            first = first or r
            if not any(r.intersects(c) for c in cards) and not any(r.intersects(o) for o in taken):
                return r
    return first


class PathsItem(QGraphicsItem):
    """Highlights the edges of a set of paths, each labelled with its local derivative."""

    def __init__(self, scene: Any, report: Any) -> None:
        super().__init__()
        self.setZValue(Z_PATHS)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.report = report
        self.curves: list[tuple[QPainterPath, QRectF, str]] = []
        labels: dict[Any, str] = {}
        for path in report.paths:
            for pe in path.edges:
                labels.setdefault(pe.edge, edge_label(pe))
        cards = [item.sceneBoundingRect() for item in scene.node_items.values() if item.isVisible()]
        for item in scene.node_items.values():
            # the values typed on ports ("input = 3.") sit left of the card, outside its rect
            if item.isVisible() and item.has_pills():
                cards.extend(item.mapRectToScene(rect) for _p, rect, _t, _k in item.port_pills())
        taken: list[QRectF] = []
        rect = QRectF()
        for edge, text in labels.items():
            item = scene.edge_items.get(edge)
            if item is None:
                continue
            curve = cubic_path(*item.ends())
            box = place_label(curve, text, cards, taken)
            taken.append(box)
            self.curves.append((curve, box, text))
            rect = rect.united(curve.boundingRect()).united(box)
        self._rect = rect.adjusted(-8, -8, 8, 8)
        self.label_item = PathLabelsItem(self)

    def add_to(self, scene: Any) -> None:
        scene.addItem(self)
        scene.addItem(self.label_item)

    def remove_from(self, scene: Any) -> None:
        for item in (self, self.label_item):
            # a document replaced (Open, Getting started) clears the scene: the items are gone
            if isValid(item) and item.scene() is scene:
                scene.removeItem(item)

    @property
    def labels(self) -> list[str]:
        return [text for _c, _m, text in self.curves]

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        t = theme.current()
        color = QColor(t.grad)
        glow = QColor(color)
        glow.setAlpha(110)
        pen = QPen(glow, 7)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for curve, _mid, _text in self.curves:
            painter.drawPath(curve)


class PathLabelsItem(QGraphicsItem):
    """The local derivative of each edge on the paths, in a box beside the edge, off the cards."""

    def __init__(self, paths: PathsItem) -> None:
        super().__init__()
        self.setZValue(Z_LABELS)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.paths = paths

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.paths.boundingRect()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if painter.worldTransform().m11() < LOD_DETAIL:
            return
        t = theme.current()
        color = QColor(t.grad)
        painter.setFont(theme.font("mono"))
        for _curve, r, text in self.paths.curves:
            painter.setPen(QPen(color, 1))
            painter.setBrush(QColor(t.background))
            painter.drawRoundedRect(r, 4, 4)
            painter.setPen(color)
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)

