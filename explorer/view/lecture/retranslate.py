"""Translate the texts of widgets built from plain string literals (context "ui").

Strings written with ``self.tr(...)`` are translated by Qt when they are created. Widgets built
with plain literals (menus, actions, dock titles, buttons, labels, tooltips) are translated
after construction by walking the window: each text is looked up with
``QCoreApplication.translate("ui", text)`` and replaced when a translation exists. The same
walk (``collect_texts``) lists the strings for the translation source file.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDockWidget, QGroupBox, QLabel,
                               QLineEdit, QMainWindow, QMenu, QPlainTextEdit, QTabWidget, QToolBar, QWidget)

CONTEXT = "ui"
_SKIP = re.compile(r"^[\s\d.,:;·+\-−×÷/*=()\[\]{}<>%#@_|▶◀▲▼]*$")


def _translatable(text: str) -> bool:
    return bool(text) and not _SKIP.match(text) and len(text) < 400 and "\n\n" not in text


def _accessors(obj: QObject) -> Iterator[tuple[Callable[[], str], Callable[[str], None]]]:
    if isinstance(obj, QAction):
        yield obj.text, obj.setText
        yield obj.toolTip, obj.setToolTip
        yield obj.statusTip, obj.setStatusTip
        yield obj.iconText, obj.setIconText  # toolbar buttons show it; set apart from the text for some
        return
    if isinstance(obj, QMenu):
        yield obj.title, obj.setTitle
    if isinstance(obj, QDockWidget):
        yield obj.windowTitle, obj.setWindowTitle
    if isinstance(obj, QToolBar):
        yield obj.windowTitle, obj.setWindowTitle
    if isinstance(obj, QAbstractButton):
        yield obj.text, obj.setText
    if isinstance(obj, QLabel) and not obj.textFormat() == 1:  # not rich text
        yield obj.text, obj.setText
    if isinstance(obj, QGroupBox):
        yield obj.title, obj.setTitle
    if isinstance(obj, (QLineEdit, QPlainTextEdit)):
        yield obj.placeholderText, obj.setPlaceholderText
    if isinstance(obj, QWidget):
        yield obj.toolTip, obj.setToolTip
        if obj.isWindow() and not isinstance(obj, (QMenu, QMainWindow)):  # dialogs, plot windows
            yield obj.windowTitle, obj.setWindowTitle
    if isinstance(obj, QComboBox):
        for i in range(obj.count()):
            yield (lambda o=obj, i=i: o.itemText(i)), (lambda t, o=obj, i=i: o.setItemText(i, t))
    if isinstance(obj, QTabWidget):
        for i in range(obj.count()):
            yield (lambda o=obj, i=i: o.tabText(i)), (lambda t, o=obj, i=i: o.setTabText(i, t))


def _objects(root: QObject) -> list[QObject]:
    objs = [root, *root.findChildren(QObject)]
    if isinstance(root, QWidget):
        for widget in [root, *root.findChildren(QWidget)]:
            objs.extend(QWidget.actions(widget))  # MainWindow shadows actions() with a dict
    seen, out = set(), []
    for o in objs:
        if id(o) not in seen:
            seen.add(id(o))
            out.append(o)
    return out


def collect_texts(root: QObject) -> list[str]:
    texts: list[str] = []
    for obj in _objects(root):
        for get, _set in _accessors(obj):
            try:
                text = get()
            except RuntimeError:
                continue
            if _translatable(text) and text not in texts:
                texts.append(text)
    return texts


def retranslate(root: QObject) -> int:
    """Replace every text that has a translation; returns how many were replaced."""
    changed = 0
    for obj in _objects(root):
        for get, set_ in _accessors(obj):
            try:
                text = get()
            except RuntimeError:
                continue
            if not _translatable(text):
                continue
            translated = QCoreApplication.translate(CONTEXT, text)
            if translated != text:
                set_(translated)
                changed += 1
    return changed


class _NewWindows(QObject):
    """Translates windows made after the main window was walked (the export dialog, plot
    windows, the shortcuts dialog) when they first get the focus, and docks filled later
    (the tensor plot) when they are shown. One signal, no application-wide event filter."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.done: set[int] = set()
        app.focusWindowChanged.connect(self._focus_changed)

    def _focus_changed(self, qwindow) -> None:
        if qwindow is None:
            return
        for widget in QApplication.topLevelWidgets():
            if widget.windowHandle() is qwindow:
                retranslate(widget)
                break


_new_windows: list[_NewWindows] = []


def translate_new_windows(app=None) -> None:
    """Also translate top-level windows built later (idempotent)."""
    app = app or QApplication.instance()
    if app is not None and not _new_windows:
        _new_windows.append(_NewWindows(app))


def retranslate_on_show(dock: QWidget) -> None:
    """Translate ``dock`` (e.g. a dock whose content is built on first show) whenever it is shown."""
    if isinstance(dock, QDockWidget):
        dock.visibilityChanged.connect(lambda visible, d=dock: visible and retranslate(d))
