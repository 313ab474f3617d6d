"""Presentation mode: what changes on entering it, and how everything is put back on leaving.

Fullscreen; the high-contrast theme (projectors wash out pale colours); large fonts through the
theme's font scale; every dock hidden except the narration (and the chain-rule panel, which is
the narration of a step); toolbars and menu bar hidden except the step-through toolbar; the
forward canvas only. Leaving restores the window exactly (geometry, docks, theme, font scale).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QToolBar, QWidget

from explorer.view import theme
from explorer.view.lecture.extension import lecture_of

PRESENTATION_THEME = "high-contrast"
PRESENTATION_FONT_SCALE = 1.5          # default; Lecture ▸ Presentation Font Size changes it
FONT_SCALE_CHOICES = (1.25, 1.5, 2.0)
SETTINGS_KEY = "lecture/presentation_font_scale"


def presentation_scale(window) -> float:
    try:
        value = float(window.settings.value(SETTINGS_KEY, PRESENTATION_FONT_SCALE))
    except (TypeError, ValueError):
        value = PRESENTATION_FONT_SCALE
    return min(FONT_SCALE_CHOICES, key=lambda s: abs(s - value))
KEEP_DOCKS = ("lecture", "chain_rule")


def enter(window, controller) -> dict[str, Any]:
    state: dict[str, Any] = {
        "geometry": window.saveGeometry(),
        "rect": window.geometry(),
        "window_state": window.saveState(),
        "was_fullscreen": window.isFullScreen(),
        "was_maximized": window.isMaximized(),
        "theme": window.theme_choice,
        "font_scale": theme.font_scale,
        "menu_visible": window.menuBar().isVisible(),
        "status_visible": window.statusBar().isVisible(),
        "view_mode": window.view_mode,
        "docks": {},
        "toolbars": {},
        "corner": window.corner(Qt.Corner.BottomRightCorner),
    }
    # the narration column runs the full height, beside the canvas and the chain-rule strip
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    for key, dock in window.docks.items():
        state["docks"][key] = dock.isVisible()
        dock.setVisible(key in KEEP_DOCKS)
    for key in KEEP_DOCKS:
        dock = window.docks.get(key)
        if dock is not None and window.tabifiedDockWidgets(dock):
            # out of its tab group (the state saved above restores it): a group whose other
            # docks are hidden would leave an orphaned tab bar on screen
            window.addDockWidget(window.dockWidgetArea(dock), dock)
            dock.show()
    for bar in window.findChildren(QToolBar):
        state["toolbars"][bar] = bar.isVisible()
        bar.setVisible(bar is controller.step_toolbar)
    # the canvas is the slide's (LectureController.apply_slide_view); the view actions stay
    # reachable by their keys (Ctrl+1/2/3) while the menu bar that holds them is hidden
    for key in ("view_forward", "view_backward", "view_side"):
        action = window.actions.get(key)
        if action is not None and action not in QWidget.actions(window):   # window.actions is a dict
            window.addAction(action)
    scale = presentation_scale(window)
    _apply_look(window, PRESENTATION_THEME, scale)
    set_panel_scales(controller, scale)
    window.menuBar().setVisible(False)
    window.statusBar().setVisible(False)
    window.showFullScreen()
    return state


NARRATION_PX = 24.0       # narration and chain-rule text on the projector, at least
NARRATION_COLUMN = 0.27   # of the screen width


def panel_scale(scale: float) -> float:
    """The narration/chain-rule panels' font scale for presentation font scale ``scale``: their
    11 pt text is never below :data:`NARRATION_PX` (the default 150 % gives 24 px)."""
    return max(scale * 1.1, NARRATION_PX / (11 * 96 / 72) + 0.02)


def set_panel_scales(controller, scale: float | None) -> None:
    """Presentation sizes for the narration and chain-rule panels (None: back to normal)."""
    panel = controller.lecture_panel
    if panel is not None:
        panel.set_presenting(scale is not None)
        if scale is None:
            panel.set_font_scale(1.0)
        else:
            panel.set_font_scale(panel_scale(scale), floor=panel_scale(PRESENTATION_FONT_SCALE * 0.999))
    if controller.chain_panel is not None:
        controller.chain_panel.show_key = scale is None
        if scale is None:
            controller.chain_panel.heading.setVisible(True)   # size_docks hides it side by side
        controller.chain_panel.set_font_scale(1.0 if scale is None else panel_scale(scale))


def size_docks(window) -> None:
    """The canvas is what the class looks at: narration in a full-height side column; the chain
    rule in a strip under the canvas as tall as its lines, and only while a step shows."""
    docks = window.docks
    width = max(800, window.width())
    if "lecture" in docks:
        window.resizeDocks([docks["lecture"]], [int(width * NARRATION_COLUMN)], Qt.Orientation.Horizontal)
    lecture = lecture_of(window)
    panel = lecture.chain_panel if lecture is not None else None
    dock = docks.get("chain_rule")
    if panel is not None:
        # side by side, the DAG needs the height: the step's heading is on screen already (the
        # narration column's footer and the step toolbar), so the strip leaves it out; that was
        # the line the intro's slide 10 lacked to show its bottom leaf
        panel.heading.setVisible(window.view_mode != "side")
    if dock is not None and panel is not None:
        dock.setVisible(bool(panel.lines))
        if panel.lines:
            window.resizeDocks([dock], [chain_strip_height(window, panel)], Qt.Orientation.Vertical)
    if lecture is not None:
        lecture.panel.fit_narration()


def chain_strip_height(window, panel) -> int:
    """Height of the chain-rule dock that shows its heading and every line without scrolling."""
    canvas_w = window.width() - (window.docks["lecture"].width() if "lecture" in window.docks else 0)
    doc = panel.text.document().clone()
    doc.setTextWidth(max(200, canvas_w - 40))
    heading = 0
    if not panel.heading.isHidden():
        heading = panel.heading.heightForWidth(max(200, canvas_w - 20))
        heading = heading if heading > 0 else panel.heading.sizeHint().height()
    title_bar = 2 * panel.fontMetrics().height()
    key = 0   # the key line the panel keeps in view above the derivation
    if not panel.key.isHidden():
        key = panel.key.heightForWidth(max(200, canvas_w - 20))
        key = (key if key > 0 else panel.key.sizeHint().height()) + 6
    return int(doc.size().height() + heading + key + title_bar + 24)


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
    window.setCorner(Qt.Corner.BottomRightCorner, state.get("corner", Qt.DockWidgetArea.BottomDockWidgetArea))
    window.restoreGeometry(state["geometry"])
    window.restoreState(state["window_state"])
    for key, dock in window.docks.items():
        if key in state["docks"]:
            dock.setVisible(state["docks"][key])
    for bar, visible in state["toolbars"].items():
        try:
            bar.setVisible(visible)
        except RuntimeError:
            pass
    if state["view_mode"]:
        window.set_view_mode(state["view_mode"], save=False)
    for key, dock in window.docks.items():
        if state["docks"].get(key) and not dock.isVisible():
            dock.raise_()   # the current tab of its group again
    if not state["was_fullscreen"] and not state["was_maximized"] and window.geometry() != state["rect"]:
        window.setGeometry(state["rect"])   # the menu and status bars coming back grew it
    set_panel_scales(controller, None)


def _apply_look(window, theme_name: str | None, scale: float) -> None:
    """Font scale, then theme, through the window (not saved as preferences).

    The order matters: setting the theme re-applies the window's style sheet, which fixes every
    widget's font at the application font of that moment; a font change after it does not reach
    them (leaving presentation kept its 150 % text in every dock)."""
    window.set_font_scale(scale, save=False)
    if theme_name is not None:
        window.set_theme(theme_name, save=False)


class BlankScreen(QWidget):
    """B / W of presentation programs: the whole window black or white until any key or click
    (the class looks at the lecturer, not the screen)."""

    def __init__(self, window, colour: str) -> None:
        super().__init__(window)
        self.setObjectName("blankScreen")
        self.colour = colour
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(colour))
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        self.setGeometry(window.rect())
        self.show()
        self.raise_()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.close()
        self.deleteLater()
