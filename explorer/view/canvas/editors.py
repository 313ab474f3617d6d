"""In-place editors on the canvas (rename a node, type a leaf's value).

A QLineEdit embedded in the scene over the text it edits. Enter commits through a callback that
returns None (done) or a message; on a message the editor stays open with the text as typed, so
nothing the user wrote is lost. Escape or clicking elsewhere cancels.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtWidgets import QGraphicsProxyWidget, QLineEdit

from explorer.view import theme


class _Line(QLineEdit):
    def __init__(self, owner: "InlineEditor") -> None:
        super().__init__()
        self._owner = owner

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self._owner.close()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._owner.commit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        if event.reason() in (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.TabFocusReason):
            # Clicking elsewhere: keep a valid edit, drop an invalid one with its message shown.
            self._owner.commit(close_on_error=True)


class InlineEditor(QObject):
    def __init__(self, scene, rect: QRectF, text: str, on_commit: Callable[[str], str | None], kind: str) -> None:
        super().__init__()
        self.scene = scene
        self.rect = rect
        self.kind = kind
        self.on_commit = on_commit
        self.error: str | None = None
        self.line = _Line(self)
        self.line.setText(text)
        self.line.selectAll()
        self.line.setFrame(True)
        self._style(False)
        self.proxy: QGraphicsProxyWidget | None = None

    def _style(self, error: bool) -> None:
        t = theme.current()
        border = t.error if error else t.selection
        self.line.setStyleSheet(
            f"QLineEdit {{ background: {t.card}; color: {t.text}; border: 2px solid {border};"
            f" border-radius: 4px; padding: 1px 4px; }}")
        f = theme.font("mono" if self.kind == "value" else "title")
        self.line.setFont(f)

    def open(self) -> None:
        self.proxy = self.scene.addWidget(self.line)
        self.proxy.setZValue(100)
        self.proxy.setPos(self.rect.topLeft())
        self.line.setFixedWidth(int(max(self.rect.width(), 80)))
        self.line.setFixedHeight(int(max(self.rect.height(), 22)))
        self.proxy.setFocus()
        self.line.setFocus()

    def commit(self, close_on_error: bool = False) -> bool:
        if self.proxy is None:
            return False
        message = self.on_commit(self.line.text())
        if message:
            self.error = message
            self.scene.message.emit(message)
            self.line.setToolTip(message)
            self._style(True)
            if close_on_error:
                self.close()
            return False
        self.close()
        return True

    def close(self) -> None:
        proxy, self.proxy = self.proxy, None
        if proxy is not None:
            self.scene.editor_closed(self)
            self.scene.removeItem(proxy)
            proxy.deleteLater()
            views = self.scene.views()
            if views:
                views[0].setFocus()
