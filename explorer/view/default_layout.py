"""The window's first-start dock layout: the canvas gets the width.

At the default window (1472×920 on a 1600×1000 screen) the small bundled examples (seed,
neuron, mlp: four columns of cards, 1,046 scene px wide) must open whole at the zoom where card
text is 11 px (zoom 1.0). Three side docks (Ops and Code on the left, the Inspector on the right)
left the canvas 822 px. So the Inspector shares the left column with the Ops palette as a tab,
above the Code dock, and the right side stays free: the canvas is ~1,100 px wide.

Only the first start uses this: a layout the user saved (docks moved, resized) is restored by
``MainWindow.restore_dock_state`` and wins.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from explorer.view.main_window import MainWindow

#: The Messages / Output strip at the bottom, in px.
BOTTOM_HEIGHT = 96
#: The tabbed Ops / Inspector's smallest height in px (the filter field and a row of ops).
MIN_TOP_HEIGHT = 64
#: Share of the left column's height that the tabbed Ops / Inspector take above the Code dock.
TOP_SHARE = 0.58


def apply_default_layout(window: "MainWindow", left_width: int) -> None:
    """Put the Inspector as a tab beside the Ops palette in the left column (Ops in front, the
    Inspector comes forward when a node is selected), size the column ``left_width`` px wide
    and the bottom strip ``BOTTOM_HEIGHT`` px tall."""
    docks = window.docks
    palette, inspector, code = docks.get("palette"), docks.get("inspector"), docks.get("code")
    if palette is None or inspector is None or code is None:
        return
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    if not inspector.isFloating() and window.dockWidgetArea(inspector) != left:
        window.tabifyDockWidget(palette, inspector)
        # the tab bar adds a row to the column's minimum height: let the palette give it back,
        # so the window's minimum height (and presentation mode's larger font) is as before
        for dock in (palette, inspector):
            dock.widget().setMinimumHeight(MIN_TOP_HEIGHT)
        palette.raise_()
        _raise_inspector_on_selection(window)
    window.resizeDocks([palette], [left_width], Qt.Orientation.Horizontal)
    if "messages" in docks:
        window.resizeDocks([docks["messages"]], [BOTTOM_HEIGHT], Qt.Orientation.Vertical)
    column = max(1, window.height() - BOTTOM_HEIGHT - 120)   # less menu, toolbars, status bar
    top = int(column * TOP_SHARE)
    window.resizeDocks([palette, code], [top, column - top], Qt.Orientation.Vertical)


def _raise_inspector_on_selection(window: "MainWindow") -> None:
    """Selecting a card brings the Inspector tab forward (it shares the column with the palette):
    selecting is asking what a node is. An empty selection leaves the tabs as they are."""
    scene = getattr(window, "scene", None)
    inspector = window.docks["inspector"]
    if scene is None or getattr(window, "_raises_inspector", False):
        return
    window._raises_inspector = True

    def raise_it(ids: list) -> None:
        if ids and inspector.isVisible() and window.tabifiedDockWidgets(inspector):
            inspector.raise_()

    scene.selection_ids_changed.connect(raise_it)
