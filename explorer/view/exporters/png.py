"""PNG export: the scene painted into a QImage at 1x-4x (or fitted to a pixel size), the graph
document in a text chunk (keyword ``autograd-explorer``, read back by :mod:`explorer.model.imagemeta`).
"""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from explorer.model import imagemeta
from explorer.model.messages import Message
from explorer.view.canvas import GraphScene
from explorer.view.canvas.card_metrics import LOD_TEXT
from explorer.view.exporters.base import Exporter, Rendered, hints
from explorer.view.exporters.options import (MAX_PIXELS, MAX_SIDE, SCREEN_DPI, ExportError, ExportOptions,
                                             too_many_pixels)
from explorer.view.exporters.scenes import Prepared


def png_size(source: QRectF, options: ExportOptions) -> tuple[int, int, float]:
    """(width, height, factor): pixels of the PNG and scene units → pixels. Checked against
    MAX_SIDE and MAX_PIXELS here, before any image is allocated."""
    w, h = source.width(), source.height()
    if options.size is not None:
        pw, ph = int(options.size[0]), int(options.size[1])
        if max(pw, ph) > MAX_SIDE or pw * ph > MAX_PIXELS:
            raise ExportError(too_many_pixels(pw, ph))
        return pw, ph, min(pw / w, ph / h)
    f = float(options.scale)
    pw, ph = int(round(w * f)), int(round(h * f))
    if max(pw, ph) > MAX_SIDE or pw * ph > MAX_PIXELS:
        raise ExportError(Message("the image would be {pw}×{ph} pixels, too large to make; use a smaller "
                                  "scale, a fixed size, SVG or PDF, or export the selection",
                                  pw=format(pw, ","), ph=format(ph, ",")))
    return pw, ph, f


class PngExporter(Exporter):
    format = "png"
    embeds_graph = True

    def paint(self, prep: Prepared, title: str) -> Rendered:
        image = self.image(prep)
        return Rendered("png", image.width(), image.height(), image=image)

    def image(self, prep: Prepared) -> QImage:
        source = prep.source
        pw, ph, f = png_size(source, self.options)
        # Opaque exports need no alpha channel: an RGB PNG is smaller and a quarter faster to encode.
        fmt = QImage.Format.Format_ARGB32_Premultiplied if self.options.transparent else QImage.Format.Format_RGB32
        image = QImage(pw, ph, fmt)
        image.fill(self.background())
        if f >= 1:
            # Scale through the device pixel ratio: painting stays at 1:1 in logical units, so cards
            # draw full detail, hairlines and text scale with the image and fonts hint at the pixel size.
            image.setDevicePixelRatio(f)
        # So small that cards are plain boxes: draw them as the fitted canvas does, in a few
        # batched calls instead of one Python paint per card and edge.
        batched = f < LOD_TEXT and prep.whole and isinstance(prep.scene, GraphScene) and prep.scene.overview is not None
        # Larger than the graph: hairlines (wires, DAG boxes and arrows, group frames) grow with the
        # image like the cards' borders and text, as they do in the SVG and PDF.
        painter = _ScaledPenPainter(image) if f > 1 else QPainter(image)
        hints(painter)
        if f < 1:
            painter.scale(f, f)  # smaller than the graph: the canvas's own level of detail applies
        lw, lh = pw / f, ph / f
        target = QRectF((lw - source.width()) / 2, (lh - source.height()) / 2, source.width(), source.height())
        if batched:
            _paint_overview(prep.scene, painter, target, source)
        else:
            prep.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
        image.setDevicePixelRatio(1.0)
        dpm = int(round(SCREEN_DPI * f / 0.0254))  # prints at the size of the graph on a 96-dpi screen
        image.setDotsPerMeterX(dpm)
        image.setDotsPerMeterY(dpm)
        return image

    @classmethod
    def file_bytes(cls, rendered: Rendered) -> bytes:
        image = rendered.image
        if rendered.document_json is not None:
            image = image.copy()  # setText detaches: the caller's image stays as painted
            image.setText(imagemeta.KEYWORD, rendered.document_json)
        array = QByteArray()
        buffer = QBuffer(array)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise ExportError(Message("the PNG encoder failed"))
        buffer.close()
        return bytes(array)


class _ScaledPenPainter(QPainter):
    """A painter on which the canvas's cosmetic pens are ordinary ones of the same width.

    On screen wires are cosmetic (one device pixel at any zoom, cheap); painted into a 3x PNG
    they would stay one pixel wide while the cards' 1-unit borders become three: hairline wires
    that vanish in print. Items get this painter in ``paint`` (the same Python object), so their
    ``setPen`` calls pass through here."""

    def setPen(self, pen) -> None:  # noqa: N802 - Qt's name
        if isinstance(pen, QPen) and pen.isCosmetic():
            pen = QPen(pen)
            pen.setCosmetic(False)
            if pen.widthF() == 0:
                pen.setWidthF(1.0)
        super().setPen(pen)


def _paint_overview(scene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    """What ``scene.set_overview(True)`` and ``scene.render`` would draw, without visiting every
    item: in that mode cards paint nothing and wires are hidden, so the picture is the group
    frames (below) and the overview item's batched boxes and lines. Switching the mode and
    letting render walk 5,000 items cost about half of painting a fitted 2,000-node PNG."""
    option = QStyleOptionGraphicsItem()
    painter.save()
    painter.setClipRect(target)
    painter.translate(target.left() - source.left(), target.top() - source.top())
    overview = scene.overview
    for item in sorted((g for g in scene.group_items.values() if g.isVisible()), key=lambda g: g.zValue()):
        painter.save()
        painter.translate(item.pos())
        item.paint(painter, option)
        painter.restore()
    painter.save()
    painter.translate(overview.pos())
    overview.paint(painter, option)
    painter.restore()
    painter.restore()
