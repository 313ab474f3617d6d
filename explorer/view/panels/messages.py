"""The messages dock: refusals, errors and run information, newest at the bottom."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (QHBoxLayout, QListWidget, QListWidgetItem, QToolButton,
                               QVBoxLayout, QWidget)

LEVELS = ("info", "warning", "error")
_GLYPH = {"info": "●", "warning": "▲", "error": "✖"}
_COLOUR = {"info": "#3b82f6", "warning": "#d97706", "error": "#dc2626"}
MAX_MESSAGES = 500


class MessagesPanel(QWidget):
    """A list of timestamped messages; errors are red, warnings amber."""

    message_added = Signal(str, str)  # level, text

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("messagesList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(False)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        clear = QToolButton(self)
        clear.setText("Clear")
        clear.setAutoRaise(True)
        clear.clicked.connect(self.clear)
        copy = QToolButton(self)
        copy.setText("Copy")
        copy.setAutoRaise(True)
        copy.clicked.connect(self.copy_all)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addStretch(1)
        bar.addWidget(copy)
        bar.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.list)
        self._entries: list[tuple[str, str]] = []

    def add(self, text: str, level: str = "info") -> None:
        level = level if level in LEVELS else "info"
        text = str(text).strip() or "(empty message)"
        stamp = time.strftime("%H:%M:%S")
        item = QListWidgetItem(f"{_GLYPH[level]}  {stamp}  {text}")
        item.setData(Qt.ItemDataRole.UserRole, level)
        item.setToolTip(text)
        if level != "info":
            item.setForeground(QColor(_COLOUR[level]))
        self.list.addItem(item)
        self._entries.append((level, text))
        while self.list.count() > MAX_MESSAGES:
            self.list.takeItem(0)
            self._entries.pop(0)
        self.list.scrollToBottom()
        self.message_added.emit(level, text)

    def info(self, text: str) -> None:
        self.add(text, "info")

    def warning(self, text: str) -> None:
        self.add(text, "warning")

    def error(self, text: str) -> None:
        self.add(text, "error")

    def entries(self) -> list[tuple[str, str]]:
        """(level, text) pairs, oldest first."""
        return list(self._entries)

    def clear(self) -> None:
        self.list.clear()
        self._entries.clear()

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(f"[{lvl}] {t}" for lvl, t in self._entries))
