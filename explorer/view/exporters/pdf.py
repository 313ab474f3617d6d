"""PDF export: one page the size of the graph (96 dpi: a scene unit is a CSS pixel), painted
through QPdfWriter, so cards are real vector shapes and text. A PDF carries no graph document.
"""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from explorer.view.exporters.base import Exporter, Rendered, hints
from explorer.view.exporters.options import SCREEN_DPI
from explorer.view.exporters.scenes import Prepared


class PdfExporter(Exporter):
    format = "pdf"

    def paint(self, prep: Prepared, title: str) -> Rendered:
        data = self.pdf(prep, title)
        return Rendered("pdf", int(prep.source.width()), int(prep.source.height()), data=data)

    def pdf(self, prep: Prepared, title: str) -> bytes:
        source = prep.source
        w, h = source.width(), source.height()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setCreator("Autograd Explorer")
        writer.setTitle(title)
        writer.setResolution(int(SCREEN_DPI))  # painter units = CSS pixels; the page is the graph's size
        points = QSizeF(w * 72.0 / SCREEN_DPI, h * 72.0 / SCREEN_DPI)
        page = QPageSize(points, QPageSize.Unit.Point, "graph", QPageSize.SizeMatchPolicy.ExactMatch)
        writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        painter = QPainter(writer)
        hints(painter)
        target = QRectF(0, 0, w, h)
        if not self.options.transparent:
            painter.fillRect(target, self.background())
        prep.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
        buffer.close()
        return bytes(buffer.data())
