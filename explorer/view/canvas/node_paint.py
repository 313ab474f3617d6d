"""How a node card paints itself: :class:`NodePaintMixin` holds :class:`~items.NodeItem`'s
``paint`` and its parts (the box at low zoom, the card and header, the ports and their value
labels, skeleton rows at middle zoom, the body rows at full detail). Kept apart from the card's
state and gestures (:mod:`items`) so each file stays small; the SVG exporter mirrors this
geometry (:mod:`explorer.view.exporters.svg_writer`).
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from explorer.view import theme
from explorer.view.canvas import card_metrics as M
from explorer.view.canvas.card_metrics import (LOD_DETAIL, LOD_TEXT, VECTOR_ENGINES, advance,
                                               card_header_path, draw_cells, elide, op_info, row_h)
from explorer.view.i18n import tr
from explorer.view.unfinished import is_unfinished


class NodePaintMixin:
    """The painting half of :class:`~items.NodeItem` (a QGraphicsItem: ``self`` has its state)."""

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        t = theme.current()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        node = self.node
        # Constants never require grad; they get their own neutral style, not the frozen one.
        frozen = self.frozen and node.kind != "const"
        op = op_info(node.op) if node.kind == "op" else None
        header_color = QColor(t.frozen_header) if frozen else t.header_color(node.kind, op.category if op else None)
        if lod < LOD_TEXT:
            self._paint_box(painter, t, header_color)
            return
        self._paint_card(painter, t, frozen, header_color)
        self._paint_header(painter, t, op, frozen)
        self._paint_ports(painter, t, lod)
        muted = QColor(t.frozen_text if frozen else t.text_muted)
        if lod < LOD_DETAIL:
            self._paint_skeleton(painter, muted)
            return
        self.painted_lod = "full"
        self._paint_rows(painter, t, frozen, muted)

    def _paint_box(self, painter: QPainter, t, header_color: QColor) -> None:
        """Plain box: one fill, no text, no shadow, no antialiasing (the fitted view of a large graph)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(QColor(t.selection), 0) if self.isSelected() else Qt.PenStyle.NoPen)
        painter.setBrush(header_color)
        painter.drawRect(self.card_rect())
        self.painted_lod = "box"

    def _paint_card(self, painter: QPainter, t, frozen: bool, header_color: QColor) -> None:
        """Shadow, body and header background (hatched when frozen in black-and-white themes)."""
        selected = self.isSelected()
        rect = self.card_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # Shadow: a cheap offset rounded rect (QGraphicsDropShadowEffect is far too slow).
        shadow = QColor(t.shadow)
        if shadow.alpha():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(shadow)
            painter.drawRoundedRect(rect.translated(0, 3), M.RADIUS, M.RADIUS)
        # Card body
        failed = self.result is not None and bool(self.result.error) and not is_unfinished(self.result.error)
        border = QPen(QColor(t.selection) if selected else QColor(t.error) if failed
                      else QColor(t.frozen_text if frozen else t.card_border),
                      2.0 if (selected or failed) else 1.0)
        if frozen:
            border.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(border)
        painter.setBrush(QColor(t.frozen_card if frozen else t.card))
        painter.drawRoundedRect(rect, M.RADIUS, M.RADIUS)
        # Header (rounded top, square bottom)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(header_color)
        header_path = card_header_path()
        painter.drawPath(header_path)
        if frozen and t.hatch_frozen:
            # Black-and-white themes: a hatched header says "frozen" without colour, and the
            # body stays clean so its text is readable.
            painter.setBrush(QBrush(QColor(t.card), Qt.BrushStyle.BDiagPattern))
            painter.drawPath(header_path)
        if self.node.kind == "const" and not t.hatch_frozen:
            # Constants: a lighter, striped header so they read as "fixed numbers" (not in the
            # black-and-white themes, where hatching means "frozen").
            painter.setBrush(QBrush(QColor(255, 255, 255, 40), Qt.BrushStyle.FDiagPattern))
            painter.drawPath(header_path)

    def _paint_header(self, painter: QPainter, t, op, frozen: bool) -> None:
        """The glyph pill, the name, the root badge and a leaf's requires_grad switch."""
        node = self.node
        glyph = (op.label if op else str(node.op)) if node.kind == "op" else (tr("leaf") if node.kind == "leaf" else tr("const"))
        painter.setFont(theme.font("title"))
        gw = max(22.0, advance(glyph, theme.font("title")) + 10)
        k = theme.font_scale
        glyph_rect = QRectF(6, 5 * k, gw, M.HEADER - 10 * k)
        painter.setBrush(QColor(0, 0, 0, 45))
        painter.drawRoundedRect(glyph_rect, 4, 4)
        header_text = QColor(t.frozen_header_text if frozen else t.header_text)
        painter.setPen(header_text)
        painter.drawText(glyph_rect, Qt.AlignmentFlag.AlignCenter, glyph)
        name_x = glyph_rect.right() + 6
        right = M.W - (44 * k if node.kind == "leaf" else 8)
        if self.is_root:
            right -= 30 * k
        painter.drawText(QRectF(name_x, 0, right - name_x, M.HEADER), Qt.AlignmentFlag.AlignVCenter,
                         elide(node.name, theme.font("title"), right - name_x))
        if self.is_root:
            rr = QRectF(right + 2, 7 * k, 28 * k, M.HEADER - 14 * k)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 70))
            painter.drawRoundedRect(rr, 6, 6)
            painter.setPen(header_text)
            painter.setFont(theme.font("badge"))
            painter.drawText(rr, Qt.AlignmentFlag.AlignCenter, tr("root"))
        if node.kind == "leaf":
            self._paint_switch(painter, t, node.requires_grad, header_text)

    def _paint_skeleton(self, painter: QPainter, muted: QColor) -> None:
        """Skeleton rows: the card keeps its shape and rhythm without unreadable text."""
        self.painted_lod = "header"
        k = theme.font_scale
        painter.setPen(Qt.PenStyle.NoPen)
        bar = QColor(muted)
        bar.setAlpha(90)
        painter.setBrush(bar)
        y = M.HEADER + M.PAD
        for kind, _label, text in self._rows:
            h = row_h(kind)
            if kind == "heat" and self._heat is not None:
                painter.drawImage(QRectF(M.BODY_X + 34 * k, y + 3, 120.0 * k, h - 6), self._heat)
            else:
                w = min(M.W - M.BODY_X - 14, (30 + 6.0 * len(text)) * k)
                painter.drawRoundedRect(QRectF(M.BODY_X, y + 5, w, h - 10), 3, 3)
            y += h

    def _paint_rows(self, painter: QPainter, t, frozen: bool, muted: QColor) -> None:
        """The body rows at full detail: shape, value, .grad, heatmap, grad_fn badge, error."""
        y = M.HEADER + M.PAD
        x0 = M.BODY_X if self.node.kind == "op" else 10.0
        for kind, label, text in self._rows:
            h = row_h(kind)
            row = QRectF(x0, y, M.W - x0 - 8, h)
            if kind == "meta":
                painter.setFont(theme.font("small"))
                painter.setPen(muted)
                painter.drawText(row, Qt.AlignmentFlag.AlignVCenter, elide(text, theme.font("small"), row.width()))
            elif kind in ("value", "grad"):
                self._paint_value_row(painter, t, row, kind, label, text, frozen, muted)
            elif kind == "heat" and self._heat is not None:
                self._paint_heat_row(painter, row, muted)
            elif kind == "badge":
                self._paint_badge(painter, t, row, label, text, frozen)
            elif kind == "error":
                self._paint_error_row(painter, t, y, h, text)
            y += h

    def _paint_value_row(self, painter: QPainter, t, row: QRectF, kind: str, label: str, text: str,
                         frozen: bool, muted: QColor) -> None:
        y, h = row.y(), row.height()
        painter.setFont(theme.font("small"))
        painter.setPen(muted)
        lw = 34.0 * theme.font_scale
        painter.drawText(QRectF(row.x(), y, lw, h), Qt.AlignmentFlag.AlignVCenter, label)
        painter.setFont(theme.font("mono"))
        text_color = QColor(t.frozen_text if frozen else t.text)
        color = text_color if kind == "value" else (muted if frozen or text == "None" else QColor(t.grad))
        painter.setPen(color)
        vr = QRectF(row.x() + lw, y, row.width() - lw, h)
        painter.drawText(vr, Qt.AlignmentFlag.AlignVCenter, elide(text, theme.font("mono"), vr.width()))

    def _paint_heat_row(self, painter: QPainter, row: QRectF, muted: QColor) -> None:
        k = theme.font_scale
        hr = QRectF(row.x() + 34 * k, row.y() + 3, min(row.width() - 34 * k, 120.0 * k), row.height() - 6)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        if painter.paintEngine().type() in VECTOR_ENGINES:
            draw_cells(painter, hr, self._heat)  # SVG/PDF export: shapes, not a bitmap
        else:
            painter.drawImage(hr, self._heat)
        painter.setPen(QPen(muted, 0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(hr)

    def _paint_error_row(self, painter: QPainter, t, y: float, h: float, text: str) -> None:
        """Two wrapped lines of the message; the whole text is in the tooltip."""
        er = QRectF(4, y + 1, M.W - 8, h - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.error))
        painter.drawRoundedRect(er, 4, 4)
        painter.setPen(QColor(t.error_text))
        font = theme.font("badge")
        painter.setFont(font)
        inner = er.adjusted(6, 2, -4, -2)
        fm = QFontMetricsF(font)
        msg = "⚠ " + text
        if fm.boundingRect(inner, Qt.TextFlag.TextWordWrap, msg).height() > inner.height():
            # Elide so the second line ends with "…" instead of being cut mid-glyph.
            while len(msg) > 8 and fm.boundingRect(inner, Qt.TextFlag.TextWordWrap, msg + "…").height() > inner.height():
                msg = msg[:-4]
            msg += "…"
        painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, msg)

    def _paint_switch(self, painter: QPainter, t, on: bool, label_color: QColor) -> None:
        r = self.switch_rect()
        painter.setPen(QPen(QColor(255, 255, 255, 200), 1))
        painter.setBrush(QColor(t.switch_on if on else t.switch_off))
        painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        d = r.height() - 4
        kx = r.right() - d - 2 if on else r.left() + 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QRectF(kx, r.top() + 2, d, d))
        # A tiny "∇" says what the switch is about (requires_grad).
        painter.setPen(label_color)
        painter.setFont(theme.font("badge"))
        k = theme.font_scale
        painter.drawText(QRectF(r.left() - 12 * k, r.top() - 1, 11 * k, r.height() + 2), Qt.AlignmentFlag.AlignCenter, "∇")

    def _paint_badge(self, painter: QPainter, t, row: QRectF, kind: str, text: str, frozen: bool) -> None:
        painter.setFont(theme.font("badge"))
        w = min(advance(text, theme.font("badge")) + 14, row.width())
        pill = QRectF(row.x(), row.y() + 2, w, row.height() - 4)
        if kind == "accumulate":
            painter.setPen(QPen(QColor(t.accumulate), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            fg = QColor(t.accumulate)
        elif kind == "grad_fn":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.badge))
            fg = QColor(t.badge_text)
        else:  # grad_fn=None
            pen = QPen(QColor(t.frozen_text), 1)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            fg = QColor(t.frozen_text)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(fg)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, elide(text, theme.font("badge"), pill.width() - 8))

    def _paint_ports(self, painter: QPainter, t, lod: float) -> None:
        painter.setPen(QPen(QColor(t.port_border), 1.2))
        numbered = lod >= LOD_DETAIL and self.arity() > 1
        if numbered:
            painter.setFont(theme.font("port"))
        for i in range(self.arity()):
            c = self.input_port_pos(i)
            connected = i in self.in_edges
            pen = QPen(QColor(t.port_border if connected else t.text_muted), 1.2)
            if not connected:
                pen.setStyle(Qt.PenStyle.DashLine)  # open: a hint that the graph is unfinished
            painter.setPen(pen)
            painter.setBrush(QColor(t.port_border) if connected else QColor(t.port))
            painter.drawEllipse(c, M.PORT_R, M.PORT_R)
            if numbered:
                # The port number sits inside the dot: "1" is the left operand, "2" the right.
                painter.setPen(QColor(t.port) if connected else QColor(t.port_border))
                painter.drawText(QRectF(c.x() - M.PORT_R, c.y() - M.PORT_R, 2 * M.PORT_R, 2 * M.PORT_R),
                                 Qt.AlignmentFlag.AlignCenter, str(i + 1))
        if lod >= LOD_DETAIL:
            self._paint_pills(painter, t)
        painter.setPen(QPen(QColor(t.port_border), 1.2))
        painter.setBrush(QColor(t.port_border) if self.out_edges else QColor(t.port))
        painter.drawEllipse(self.output_port_pos(), M.PORT_R - 1, M.PORT_R - 1)
        if self.hint is not None:
            (side, port), ok = self.hint
            c = self.output_port_pos() if side == "out" else self.input_port_pos(port)
            painter.setPen(QPen(QColor(t.switch_on if ok else t.error), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(c, M.PORT_R + 3, M.PORT_R + 3)

    def _paint_pills(self, painter: QPainter, t) -> None:
        font = theme.font("small")
        painter.setFont(font)
        for _port, rect, text, kind in self.port_pills():
            if kind == "open":
                pen = QPen(QColor(t.text_muted), 1)
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setPen(QPen(QColor(t.port_border), 1))
                painter.setBrush(QColor(t.card))
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
            painter.setPen(QColor(t.text_muted if kind == "open" else t.text))
            painter.drawText(rect.adjusted(5, 0, -5, 0), Qt.AlignmentFlag.AlignCenter,
                             elide(text, font, rect.width() - 10))
