"""The searchable "add node" popup (Tab or double-click on empty canvas).

Lists a leaf tensor, a constant and every op of the op table; typing filters by name, label,
category and description; Enter (or a click) adds the highlighted entry at the cursor.
"""
from __future__ import annotations

import difflib
from typing import Callable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QFrame, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from engine.ops import OPS
from explorer.model.insert import looks_like_expression
from explorer.view import theme
from explorer.view.i18n import tr


def entries() -> list[tuple[str, str | None, str, str]]:
    """(kind, op, title, search text) for every addable node."""
    leaf, const = tr("Leaf tensor  —  requires_grad=True"), tr("Constant  —  a fixed number")
    out = [("leaf", None, leaf, f"leaf tensor parameter input variable requires_grad {leaf}".lower()),
           ("const", None, const, f"constant scalar number literal {const}".lower())]
    for name, op in OPS.items():
        # Shown translated; searchable in English and in the interface language alike.
        category, doc = tr(op.category, "category"), tr(op.doc, "ops")
        title = f"{name}   {op.label}   ·  {category}  —  {doc}" if op.label != name \
            else f"{name}   ·  {category}  —  {doc}"
        out.append(("op", name, title,
                    f"{name} {op.label} {op.category} {op.doc} {category} {doc} {op.symbol or ''}".lower()))
    return out


WIDTH = 500  # px: most "name  label  ·  category  —  description" lines fit whole


class SearchPopup(QFrame):
    """A small floating panel over the view: a filter field and the matching entries."""

    def __init__(self, parent, on_choose: Callable[[str, str | None, QPointF], None]) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.on_choose = on_choose
        self.scene_pos = QPointF()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(tr("Add node: search (mul, exp, leaf…) or type an expression (3*a**3 - b**2)"))
        self.list = QListWidget(self)
        # Long descriptions end in "…" (the whole line is the entry's tooltip) instead of a
        # sideways scroll bar that cuts every description off at the same place.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        # ...and wrap where even the first words would be cut (large text in a narrow canvas)
        self.list.setWordWrap(True)
        layout.addWidget(self.field)
        layout.addWidget(self.list)
        self.setFixedWidth(380)
        self._entries = entries()
        self.field.textChanged.connect(self._filter)
        self.field.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.itemClicked.connect(lambda _item: self.accept())
        self._style()
        self.hide()

    def _style(self) -> None:
        t = theme.current()
        self.setStyleSheet(
            f"QFrame#searchPopup {{ background: {t.card}; border: 1px solid {t.card_border}; border-radius: 8px; }}"
            f"QLineEdit {{ background: {t.background}; color: {t.text}; border: 1px solid {t.card_border};"
            f" border-radius: 4px; padding: 4px; }}"
            f"QListWidget {{ background: {t.card}; color: {t.text}; border: none; }}"
            f"QListWidget::item:selected {{ background: {t.selection}; color: #000000; }}")

    def popup(self, view_pos, scene_pos: QPointF) -> None:
        self._style()
        self.scene_pos = QPointF(scene_pos)
        self.field.clear()
        self._filter("")
        parent = self.parentWidget()
        # wider with larger text, so descriptions are not cut to "…" at 200 %
        self.setFixedWidth(max(300, min(int(WIDTH * theme.font_scale), parent.width() - 16)))
        x = min(max(0, view_pos.x()), max(0, parent.width() - self.width()))
        y = min(max(0, view_pos.y()), max(0, parent.height() - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        self.field.setFocus()

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        self.list.clear()
        if looks_like_expression(text):
            # "3*a**3 - b**2": Enter inserts the whole sub-graph (existing names are wired in).
            item = QListWidgetItem(tr("Insert expression:  {text}").format(text=text.strip()))
            item.setToolTip(tr("Adds the nodes of this expression; names of existing nodes connect to them, "
                               "new names become leaf tensors, numbers become values on the ports"))
            item.setData(Qt.ItemDataRole.UserRole, ("expr", text.strip()))
            self.list.addItem(item)
            self.list.setCurrentRow(0)
            self._fit_list()
            return
        ranked = []
        for i, (kind, op, title, hay) in enumerate(self._entries):
            key = (op or kind).lower()
            if all(w in hay or w in key for w in words):
                # Exact and prefix matches on the op name first ("mul" before "matmul").
                rank = 0 if words and key == words[0] else 1 if words and key.startswith(words[0]) else 2
                ranked.append((rank, i, kind, op, title))
        if not ranked and words:
            # A typo ("mull", "sigmiod"): say so, and offer the nearest ops (difflib).
            head = QListWidgetItem(tr("No match for “{text}”. Did you mean:").format(text=text.strip()))
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(head)
            keys = {(op or kind).lower(): i for i, (kind, op, _t, _h) in enumerate(self._entries)}
            close = difflib.get_close_matches(words[0], list(keys), n=4, cutoff=0.5)
            ranked = [(r, keys[name], *self._entries[keys[name]][:3]) for r, name in enumerate(close)]
            if not ranked:
                head.setText(tr("No match for “{text}”").format(text=text.strip()))
        for rank, i, kind, op, title in sorted(ranked):
            item = QListWidgetItem(title)
            item.setToolTip(title)
            item.setData(Qt.ItemDataRole.UserRole, (kind, op))
            self.list.addItem(item)
        for row in range(self.list.count()):
            if self.list.item(row).flags() & Qt.ItemFlag.ItemIsSelectable:
                self.list.setCurrentRow(row)
                break
        self._fit_list()

    def _fit_list(self) -> None:
        # Fit the list to its entries (up to ~12 rows) instead of a tall empty panel.
        row_h = max(18, self.list.sizeHintForRow(0)) if self.list.count() else 18
        shown = min(self.list.count(), 12)
        # rows wrapped onto two lines are taller: add up the real heights
        height = sum(max(18, self.list.sizeHintForRow(i)) for i in range(shown)) + max(0, 3 - shown) * row_h
        self.list.setFixedHeight(height + 6)
        self.adjustSize()

    def visible_names(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            data = self.list.item(i).data(Qt.ItemDataRole.UserRole)
            if data:
                out.append(data[1] or data[0])
        return out

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.data(Qt.ItemDataRole.UserRole):
            return
        kind, op = item.data(Qt.ItemDataRole.UserRole)
        self.hide()
        self.parentWidget().setFocus()
        self.on_choose(kind, op, self.scene_pos)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.field and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                self.parentWidget().setFocus()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.list.count() and self.list.item(row).flags() & Qt.ItemFlag.ItemIsSelectable:
                    self.list.setCurrentRow(row)
                return True
        return super().eventFilter(obj, event)
