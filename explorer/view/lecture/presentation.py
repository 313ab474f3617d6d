"""Presentation mode: what changes on entering it, and how everything is put back on leaving.

Fullscreen; the high-contrast theme (projectors wash out pale colours); large fonts through the
theme's font scale; every dock hidden except the narration (and the chain-rule panel, which is
the narration of a step); toolbars and menu bar hidden except the step-through toolbar; the
forward canvas only. Leaving restores the window exactly (geometry, docks, theme, font scale).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

PRESENTATION_THEME = "high-contrast"
PRESENTATION_FONT_SCALE = 1.5          # default; Lecture ▸ Presentation Font Size changes it
FONT_SCALE_CHOICES = (1.25, 1.5, 2.0)
SETTINGS_KEY = "lecture/presentation_font_scale"


def presentation_scale(window) -> float:
    settings = getattr(window, "settings", None)
    try:
        value = float(settings.value(SETTINGS_KEY, PRESENTATION_FONT_SCALE)) if settings is not None else PRESENTATION_FONT_SCALE
    except (TypeError, ValueError):
        value = PRESENTATION_FONT_SCALE
    return min(FONT_SCALE_CHOICES, key=lambda s: abs(s - value))
KEEP_DOCKS = ("lecture", "chain_rule")


def enter(window, controller) -> dict[str, Any]:
    from explorer.view import theme

    state: dict[str, Any] = {
        "geometry": window.saveGeometry(),
        "window_state": window.saveState(),
        "was_fullscreen": window.isFullScreen(),
        "was_maximized": window.isMaximized(),
        "theme": getattr(window, "theme_choice", None),
        "font_scale": theme.font_scale,
        "menu_visible": window.menuBar().isVisible(),
        "status_visible": window.statusBar().isVisible(),
        "view_mode": getattr(window, "view_mode", None),
        "docks": {},
        "toolbars": {},
    }
    for key, dock in getattr(window, "docks", {}).items():
        state["docks"][key] = dock.isVisible()
        dock.setVisible(key in KEEP_DOCKS)
    for key in KEEP_DOCKS:
        dock = getattr(window, "docks", {}).get(key)
        if dock is not None and window.tabifiedDockWidgets(dock):
            # out of its tab group (the state saved above restores it): a group whose other
            # docks are hidden would leave an orphaned tab bar on screen
            window.addDockWidget(window.dockWidgetArea(dock), dock)
            dock.show()
    for bar in window.findChildren(QToolBar):
        state["toolbars"][bar] = bar.isVisible()
        bar.setVisible(bar is getattr(controller, "step_toolbar", None))
    if hasattr(window, "set_view_mode") and getattr(window, "view_mode", "forward") != "forward":
        window.set_view_mode("forward", save=False)
    scale = presentation_scale(window)
    _apply_look(window, PRESENTATION_THEME, scale)
    for panel in (controller.lecture_panel, controller.chain_panel):
        if panel is not None:
            panel.set_font_scale(scale * 0.8)
    window.menuBar().setVisible(False)
    window.statusBar().setVisible(False)
    window.showFullScreen()
    return state


def size_docks(window) -> None:
    """The canvas is what the class looks at: narration in a side column, chain rule in a strip."""
    docks = getattr(window, "docks", {})
    width = max(800, window.width())
    if "lecture" in docks:
        window.resizeDocks([docks["lecture"]], [int(width * 0.28)], Qt.Orientation.Horizontal)
    if "chain_rule" in docks:
        window.resizeDocks([docks["chain_rule"]], [int(window.height() * 0.25)], Qt.Orientation.Vertical)


def leave(window, controller, state: dict[str, Any]) -> None:
    if not state:
        return
    if not state["was_fullscreen"]:
        window.showNormal()
        if state["was_maximized"]:
            window.showMaximized()
    window.menuBar().setVisible(state["menu_visible"])
    window.statusBar().setVisible(state.get("status_visible", True))
    _apply_look(window, state["theme"], state["font_scale"])
    window.restoreGeometry(state["geometry"])
    window.restoreState(state["window_state"])
    for key, dock in getattr(window, "docks", {}).items():
        if key in state["docks"]:
            dock.setVisible(state["docks"][key])
    for bar, visible in state["toolbars"].items():
        try:
            bar.setVisible(visible)
        except RuntimeError:
            pass
    if state["view_mode"] and hasattr(window, "set_view_mode"):
        window.set_view_mode(state["view_mode"], save=False)
    for panel in (controller.lecture_panel, controller.chain_panel):
        if panel is not None:
            panel.set_font_scale(1.0)


def _apply_look(window, theme_name: str | None, scale: float) -> None:
    """Theme and font scale through the window (not saved as preferences) or the theme module."""
    from explorer.view import theme

    if theme_name is not None and hasattr(window, "set_theme"):
        window.set_theme(theme_name, save=False)
    elif theme_name in theme.THEMES:
        theme.set_theme(theme_name)
    if hasattr(window, "set_font_scale"):
        window.set_font_scale(scale, save=False)
    else:
        theme.set_font_scale(scale)
