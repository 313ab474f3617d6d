"""``WindowContext``: what an extension (``explorer.view.app.EXTENSIONS``) uses of the window.

An extension's ``install(ctx)`` adds its docks, menu entries and toolbars through the context
and registers itself under a name, instead of setting attributes on the window; it finds the
window's controllers and the other extensions here too. The window is still reachable
(``ctx.window``) as the parent of dialogs and for the read-only state listed below.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar, QWidget


class WindowContext:
    """The extension-facing side of a :class:`~explorer.view.main_window.MainWindow`."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self._extensions: dict[str, Any] = {}

    # ------------------------------------------------------------ what the window holds
    @property
    def document(self):
        return self.window.document

    @property
    def undo_stack(self):
        return self.window.undo_stack

    @property
    def runner(self):
        return self.window.runner

    @property
    def scene(self):
        return self.window.scene

    @property
    def messages(self):
        return self.window.messages

    @property
    def settings(self):
        return self.window.settings

    @property
    def file_path(self) -> str | None:
        return self.window.file_path

    @property
    def last_result(self):
        return self.window.last_result

    @property
    def results_changed(self):
        """The window's signal: a run's result is shown (or None)."""
        return self.window.results_changed

    @property
    def document_replaced(self):
        """The window's signal: New, Open or a restored recovery copy replaced the graph."""
        return self.window.document_replaced

    @property
    def runs(self):
        """Forward / backward / train step (``RunController``)."""
        return self.window.runs

    @property
    def controllers(self) -> dict[str, Any]:
        """The window's controllers by concern: files, autosave, runs, scripts, views, edits."""
        w = self.window
        return {"files": w.files, "autosave": w.autosave, "runs": w.runs, "scripts": w.scripts,
                "views": w.views, "edits": w.edits}

    # ------------------------------------------------------------ adding to the window
    def add_dock(self, key: str, title: str, widget: QWidget,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
                 beside: str | None = None) -> QDockWidget:
        """A dock with a toggle in View ▸ Panels, tabbed with the dock ``beside`` (a key such
        as "inspector") when that exists; its place is restored with the others'."""
        dock = self.window.add_dock(key, title, widget, area)
        neighbour = self.window.docks.get(beside) if beside else None
        if neighbour is not None:
            self.window.tabifyDockWidget(neighbour, dock)
        return dock

    def action(self, key: str) -> QAction | None:
        """One of the window's actions ("auto_run", "forward", "export_image", ...)."""
        return self.window.actions.get(key)

    def menu(self, key: str) -> QMenu | None:
        """One of the window's menus ("file", "export", "edit", "run", "view", "help", ...)."""
        return self.window.menus.get(key)

    def add_action(self, menu_key: str, key: str, action: QAction) -> QAction:
        """Put ``action`` in a menu and in the window's action table under ``key`` (the
        shortcut list and the translations walk that table)."""
        self.window.menus[menu_key].addAction(action)
        self.window.actions[key] = action
        return action

    def add_menu(self, key: str, menu: QMenu, before: str | None = "help") -> QMenu:
        """A menu of the extension's own in the menu bar, before ``before`` (the Help menu)."""
        bar = self.window.menuBar()
        anchor = self.window.menus.get(before) if before else None
        if anchor is not None:
            bar.insertMenu(anchor.menuAction(), menu)
        else:
            bar.addMenu(menu)
        self.window.menus[key] = menu
        return menu

    def add_toolbar(self, toolbar: QToolBar, new_row: bool = True, before: QToolBar | None = None) -> QToolBar:
        """A toolbar at the top, on a row of its own by default (the run row is full); with
        ``before`` (such as the window's ``view_toolbar``) it goes in front of that one, which
        then follows it on the new row."""
        w = self.window
        if before is not None:
            if new_row:
                w.insertToolBarBreak(before)
            w.insertToolBar(before, toolbar)
            return toolbar
        if new_row:
            w.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar

    # ------------------------------------------------------------ extensions
    def register(self, name: str, extension: Any) -> Any:
        """Make ``extension`` findable by the others (``ctx.extension(name)``)."""
        self._extensions[name] = extension
        return extension

    def extension(self, name: str) -> Any | None:
        """A registered extension, or None when it is not installed (not part of this build)."""
        return self._extensions.get(name)


def context_of(target: Any) -> WindowContext:
    """The context of a window, or the context itself: an extension's ``install`` and its
    entry points take either (the app passes the window; tests call them with one)."""
    return target if isinstance(target, WindowContext) else target.context
