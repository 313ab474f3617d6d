"""Version pills on the canvas while a program is stepped: a tensor updated in place shows its
``_version`` (``w -= lr * w.grad`` in a training loop bumps it once a pass), the counter
PyTorch checks when a backward needs a saved tensor ("... is at version 2; expected version 1
instead").

The pills are child items of the node cards (nothing in the card code changes); they are made
afresh for every statement shown and removed when stepping ends.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from explorer.view import theme
from explorer.view.i18n import tr


class VersionPill(QGraphicsItem):
    """``version 2`` above a card's top-right corner."""

    def __init__(self, text: str, tip: str, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.text = text
        self.font = QFont()
        self.font.setPointSizeF(7.5)
        self.font.setBold(True)
        fm = QFontMetricsF(self.font)
        self._rect = QRectF(0, 0, fm.horizontalAdvance(text) + 12, fm.height() + 4)
        self.setToolTip(tip)
        card = parent.boundingRect()
        self.setPos(card.right() - self._rect.width() - 8, -self._rect.height() - 1)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._rect

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(theme.PILL_BORDER), 1))
        painter.setBrush(QColor(theme.PILL_FILL))
        painter.drawRoundedRect(self._rect.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.setFont(self.font)
        painter.setPen(QColor(theme.PILL_TEXT))
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.text)


class VersionPills:
    """The pills shown for one frozen program graph (``freeze.Frozen.versions``)."""

    def __init__(self, window) -> None:
        self.window = window   # its scene is made once the model is attached
        self.pills: list[VersionPill] = []

    @property
    def scene(self):
        return self.window.scene

    def show(self, frozen) -> None:
        self.clear()
        if frozen is None or self.scene is None:
            return
        items = getattr(self.scene, "node_items", {})
        document = self.scene.document
        for nid, version in frozen.versions.items():
            item = items.get(nid)
            if item is None or nid not in document.nodes:
                continue
            name = document.nodes[nid].name
            tip = tr("{name}._version = {version}: changed in place {version} times so far; "
                     "a backward that saved {name} earlier fails, as in PyTorch").format(
                name=name, version=version)
            self.pills.append(VersionPill(tr("version {version}").format(version=version),
                                          tip, item))

    def clear(self) -> None:
        for pill in self.pills:
            if shiboken6.isValid(pill) and pill.scene() is not None:
                pill.scene().removeItem(pill)
        self.pills = []

    def texts(self) -> dict:
        """node name -> the pill's text (tests, and what a screen reader would read)."""
        out = {}
        for pill in self.pills:
            if shiboken6.isValid(pill) and pill.parentItem() is not None:
                nid = pill.parentItem().node_id
                if nid in self.scene.document.nodes:
                    out[self.scene.document.nodes[nid].name] = pill.text
        return out
