"""The gradient labels on the arrows of the backward-graph export: drawn by the export scene
(:mod:`explorer.view.exporters.scenes`) and written out by the SVG writer
(:mod:`explorer.view.exporters.svg_writer`), so it lives apart from both."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem

from explorer.view import theme

#: Above the cards (canvas items use z 1) and below nothing else drawn in an export.
LABEL_Z = 5.0


class BwLabelItem(QGraphicsItem):
    """A gradient on an arrow of the backward-graph export, centred on the arrow's midpoint on a
    chip of the background colour (as the canvas labels its wires)."""

    def __init__(self, text: str, center: QPointF) -> None:
        super().__init__()
        self.text = text
        w = QFontMetricsF(theme.font("small")).horizontalAdvance(text) + 10
        self.chip = QRectF(-w / 2, -7, w, 14)
        self.setPos(center)
        self.setZValue(LABEL_Z)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.chip

    def paint(self, painter: QPainter, option, widget=None) -> None:
        t = theme.current()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.background))
        painter.drawRoundedRect(self.chip, 3, 3)
        painter.setPen(QColor(t.grad))
        painter.setFont(theme.font("small"))
        painter.drawText(self.chip, Qt.AlignmentFlag.AlignCenter, self.text)
