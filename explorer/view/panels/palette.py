"""The op palette: every op of the engine's op table, grouped by category and filterable.

Items can be dragged onto the canvas (mime type ``application/x-autograd-op`` carrying the op
name; ``application/x-autograd-tensor`` carrying "leaf" or "const" for tensors) or activated
with a double-click / Enter, which adds the node at the centre of the view.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDrag, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from explorer.view import theme
from explorer.view.i18n import tr

OP_MIME = "application/x-autograd-op"
TENSOR_MIME = "application/x-autograd-tensor"
_KIND_ROLE = Qt.ItemDataRole.UserRole      # "op" | "leaf" | "const" | None for category rows
_NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # op name
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2

TENSORS = (
    ("leaf", "tensor (leaf)", "A leaf tensor: a value you set, optionally requires_grad=True"),
    ("const", "constant", "A constant (a Python number when 0-d, like the 3 in 3*a)"),
)


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(QColor(colour)))
    painter.drawRoundedRect(1, 1, 10, 10, 3, 3)
    painter.end()
    return QIcon(pix)


def mime_for(kind: str, op: str | None) -> QMimeData:
    mime = QMimeData()
    if kind == "op":
        mime.setData(OP_MIME, (op or "").encode("utf-8"))
    else:
        mime.setData(TENSOR_MIME, kind.encode("utf-8"))
    mime.setText(op or kind)
    return mime


def decode_mime(mime: QMimeData) -> tuple[str, str | None] | None:
    """(kind, op) carried by a palette drag, or None if the data is not ours/invalid."""
    if mime.hasFormat(OP_MIME):
        return "op", bytes(mime.data(OP_MIME).data()).decode("utf-8", "replace")
    if mime.hasFormat(TENSOR_MIME):
        kind = bytes(mime.data(TENSOR_MIME).data()).decode("utf-8", "replace")
        if kind in ("leaf", "const"):
            return kind, None
    return None


class _PaletteTree(QTreeWidget):
    def startDrag(self, supported_actions) -> None:  # noqa: N802 - Qt override
        item = self.currentItem()
        if item is None or item.data(0, _KIND_ROLE) is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime_for(item.data(0, _KIND_ROLE), item.data(0, _NAME_ROLE)))
        drag.setPixmap(item.icon(0).pixmap(QSize(16, 16)))
        drag.exec(Qt.DropAction.CopyAction)


class PalettePanel(QWidget):
    """Filterable tree of ops; emits ``add_requested(kind, op)`` on activation."""

    add_requested = Signal(str, object)  # kind ("op"|"leaf"|"const"), op name or None

    def __init__(self, parent=None, ops: Mapping[str, Any] | None = None) -> None:
        """Without ``ops`` (the op table, ``engine.ops.OPS``) the list stays empty until
        :meth:`populate` gets it: the window's first paint comes before the op table, which
        imports numpy, is loaded (explorer.view.window.model_side hands it over)."""
        super().__init__(parent)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter ops…  (name, label or description)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.set_filter)
        self.filter_edit.returnPressed.connect(self._activate_first_visible)
        self.tree = _PaletteTree(self)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setIndentation(12)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QTreeWidget.DragDropMode.DragOnly)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)
        self._theme_name: str | None = None  # the theme the swatches were drawn in; None = empty
        self._ops: Mapping[str, Any] = {}
        if ops is not None:
            self.populate(ops)

    def populate(self, ops: Mapping[str, Any] | None = None) -> None:
        """Fill the list from the op table ``ops`` (by default the one it was filled from)."""
        if ops is not None:
            self._ops = ops
        th = theme.current()
        self._theme_name = th.name
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        tensors = QTreeWidgetItem(self.tree, [tr("tensors")])
        tensors.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for kind, label, doc in TENSORS:
            item = QTreeWidgetItem(tensors, [tr(label)])
            item.setIcon(0, _swatch(th.leaf_header if kind == "leaf" else th.const_header))
            item.setToolTip(0, tr(doc))
            item.setData(0, _KIND_ROLE, kind)
            item.setData(0, _NAME_ROLE, None)
            item.setData(0, _SEARCH_ROLE, f"{kind} {label} {doc} {tr(label)}".lower())
        order = list(theme.CATEGORIES)
        for op in self._ops.values():
            if op.category not in order:
                order.append(op.category)
        for category in order:
            for op in self._ops.values():
                if op.category != category:
                    continue
                parent = groups.get(category)
                if parent is None:
                    parent = groups[category] = QTreeWidgetItem(self.tree, [tr(category, "category")])
                    parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                text = op.name if op.label == op.name else f"{op.name}   {op.label}"
                item = QTreeWidgetItem(parent, [text])
                item.setIcon(0, _swatch(th.category_headers.get(category, th.category_headers["arithmetic"])))
                tip = tr(op.doc, "ops")
                if op.formulas:
                    tip += "\n" + "\n".join(op.formulas)
                item.setToolTip(0, tip)
                item.setData(0, _KIND_ROLE, "op")
                item.setData(0, _NAME_ROLE, op.name)
                item.setData(0, _SEARCH_ROLE, f"{op.name} {op.label} {op.doc} {category} {tr(category, 'category')}".lower())
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
        self.tree.expandAll()
        self.set_filter(self.filter_edit.text())

    def refresh_theme(self) -> None:
        """Re-colour the category swatches if the theme changed since they were drawn."""
        if self._theme_name is not None and theme.current().name != self._theme_name:
            self.populate()

    def set_filter(self, text: str) -> None:
        words = text.lower().split()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            visible_children = 0
            for j in range(top.childCount()):
                child = top.child(j)
                hay = child.data(0, _SEARCH_ROLE) or ""
                match = all(w in hay for w in words)
                child.setHidden(not match)
                visible_children += match
            top.setHidden(visible_children == 0)
            if words:
                top.setExpanded(True)

    def visible_entries(self) -> list[tuple[str, str | None]]:
        """(kind, op) of every visible entry, in display order (tests and Enter use it)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.isHidden():
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if not child.isHidden():
                    out.append((child.data(0, _KIND_ROLE), child.data(0, _NAME_ROLE)))
        return out

    def item_for(self, kind: str, op: str | None = None) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                child = top.child(j)
                if child.data(0, _KIND_ROLE) == kind and child.data(0, _NAME_ROLE) == op:
                    return child
        return None

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        kind = item.data(0, _KIND_ROLE)
        if kind is not None:
            self.add_requested.emit(kind, item.data(0, _NAME_ROLE))

    def _activate_first_visible(self) -> None:
        entries = self.visible_entries()
        if entries:
            self.add_requested.emit(*entries[0])
