"""The Inspector's value and ``.grad`` tables: a tensor of any rank shown as a matrix (leading
dimensions folded into the rows, labelled by their indices), numbers as ``print(tensor)`` writes
them, ``.grad`` as a heat map, and cells a user can edit on a leaf or a constant."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSizePolicy, QTableWidget, QTableWidgetItem

from explorer.model.messages import Message
from explorer.model.numbers import number_format
from explorer.view.i18n import tr_message
from explorer.view.panels.literals import LiteralError, parse_literal

MAX_CELLS = 20_000  # larger tensors are shown truncated (the rest is summarised)


def _table_shape(shape: tuple[int, ...]) -> tuple[int, int]:
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return 1, shape[0]
    cols = shape[-1]
    rows = int(np.prod(shape[:-1]))
    return rows, cols


def _row_labels(shape: tuple[int, ...], rows: int) -> list[str]:
    if len(shape) <= 2:
        return [str(i) for i in range(rows)]
    return [",".join(map(str, idx)) for idx in np.ndindex(*shape[:-1])][:rows]


class TensorTable(QTableWidget):
    """A table view of an n-d array (last axis across, the others down)."""

    value_edited = Signal(object)  # the new array

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("tensorTable")
        self.array: np.ndarray | None = None
        self.editable = False
        self._filling = False
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setMinimumSectionSize(44)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setMinimumSectionSize(20)
        font = QFont(self.font())
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setFamilies(["DejaVu Sans Mono", "Liberation Mono", "Menlo", "Consolas", "Monospace"])
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.itemChanged.connect(self._item_changed)

    def show_array(self, array: np.ndarray | None, editable: bool = False, heat: bool = False) -> None:

        self._filling = True
        try:
            self.clear()
            self.array = None if array is None else np.asarray(array)
            self.editable = editable and array is not None
            if self.array is None:
                self.setRowCount(0)
                self.setColumnCount(0)
                return
            arr = self.array
            rows, cols = _table_shape(arr.shape)
            flat = arr.reshape(rows, cols) if arr.size else arr.reshape(rows, cols)
            max_rows = max(1, MAX_CELLS // max(1, cols))
            shown_rows = min(rows, max_rows)
            self.setRowCount(shown_rows)
            self.setColumnCount(cols)
            self.setHorizontalHeaderLabels([str(i) for i in range(cols)])
            self.setVerticalHeaderLabels(_row_labels(arr.shape, shown_rows))
            scale = float(np.nanmax(np.abs(flat[np.isfinite(flat)]))) if heat and np.isfinite(flat).any() else 0.0
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            if self.editable:
                flags |= Qt.ItemFlag.ItemIsEditable
            fmt = number_format(arr)   # every cell reads as in print(tensor) and on the card
            for r in range(shown_rows):
                for c in range(cols):
                    v = flat[r, c]
                    item = QTableWidgetItem(fmt(v))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    item.setToolTip(repr(float(v)))
                    item.setFlags(flags)
                    if scale > 0 and np.isfinite(v) and v != 0:
                        alpha = int(20 + 70 * min(1.0, abs(float(v)) / scale))
                        item.setBackground(QColor(216, 69, 59, alpha) if v > 0 else QColor(59, 111, 216, alpha))
                    self.setItem(r, c, item)
            self._fit_height(shown_rows)
        finally:
            self._filling = False

    def _fit_height(self, rows: int) -> None:
        # Exactly as tall as its rows (up to 12; then it scrolls), so no empty box under a vector.
        self.resizeRowsToContents()
        header = self.horizontalHeader().sizeHint().height()
        body = sum(self.rowHeight(r) for r in range(min(rows, 12)))
        scroll = self.horizontalScrollBar().sizeHint().height() if self.columnCount() > 6 else 0
        self.setFixedHeight(header + body + 2 * self.frameWidth() + scroll)

    def cell_texts(self) -> list[list[str]]:
        return [[self.item(r, c).text() if self.item(r, c) else "" for c in range(self.columnCount())]
                for r in range(self.rowCount())]

    def _item_changed(self, item: QTableWidgetItem) -> None:

        if self._filling or self.array is None or not self.editable:
            return
        try:
            value = parse_literal(item.text())
            if isinstance(value, list):
                raise LiteralError(Message("enter one number per cell"))
            new = np.array(self.array, copy=True)
            rows, cols = _table_shape(new.shape)
            new.reshape(rows, cols)[item.row(), item.column()] = value
        except LiteralError as exc:
            self._filling = True
            fmt = number_format(self.array)
            item.setText(fmt(self.array.reshape(_table_shape(self.array.shape))[item.row(), item.column()]))
            self._filling = False
            self.setToolTip(tr_message(str(exc)))
            return
        self.value_edited.emit(new)
