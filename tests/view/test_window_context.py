"""Extensions install through the window's context (issue #18): what they add shows up where a
user looks for it (File ▸ Export, the Plots menu before Help, View ▸ Panels, the shortcut list),
and they find each other through the context instead of attributes set on the window."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMenu


def _menu_titles(w) -> list[str]:
    return [a.text() for a in w.menuBar().actions()]


def test_context_extensions_add_their_entries_and_no_window_attributes(new_window):
    from explorer.view import export_dialog, paths_controller
    from explorer.view.plots import hooks as plots

    w = new_window()
    before = set(vars(w))
    for install in (export_dialog.install, plots.install, paths_controller.install):
        install(w.context)
    # nothing set on the window behind its back: the extensions are registered in the context
    assert set(vars(w)) == before
    assert w.plots is w.context.extension("plots") is not None
    assert w.paths_controller is w.context.extension("paths") is not None
    # File ▸ Export has the image entries; the Plots menu sits before Help
    export = [a.text() for a in w.export_menu.actions()]
    assert "&Image (PNG, SVG, PDF)…" in export and "Copy Image to &Clipboard" in export
    titles = _menu_titles(w)
    assert titles.index("&Plots") == titles.index("&Help") - 1
    # their shortcuts are in the window's action table (the shortcut list reads it)
    assert w.context.action("export_image").shortcut().toString() == "Ctrl+Shift+E"
    assert w.context.action("plot_slope") is not None


def test_a_dock_added_through_the_context_is_tabbed_beside_and_listed_in_panels(new_window):
    w = new_window()
    dock = w.context.add_dock("notes", "Notes", QLabel("notes"), beside="inspector")
    assert dock in w.tabifiedDockWidgets(w.docks["inspector"])
    assert dock.toggleViewAction() in w.menus["panels"].actions()


def test_an_extension_menu_goes_before_help_and_takes_actions(new_window):
    from PySide6.QtGui import QAction

    w = new_window()
    menu = w.context.add_menu("extra", QMenu("E&xtra", w))
    action = w.context.add_action("extra", "extra_thing", QAction("Thing", w))
    titles = _menu_titles(w)
    assert titles.index("E&xtra") == titles.index("&Help") - 1
    assert action in menu.actions() and w.actions["extra_thing"] is action


def test_forward_mode_finds_lecture_mode_and_registers_in_the_context(new_window):
    from explorer.view import forward_mode
    from explorer.view.lecture import hooks

    w = new_window()
    hooks.install(w)   # lecture mode still sets its parts on the window (not converted yet)
    before = set(vars(w))
    controller = forward_mode.install(w.context)
    assert controller is not None and w.forward_mode is controller
    assert set(vars(w)) == before


def test_a_toolbar_added_before_the_view_switch_takes_a_second_row_ahead_of_it(new_window, qtbot):
    from PySide6.QtWidgets import QToolBar

    w = new_window(size=(1200, 800), show=True)
    bar = QToolBar("Steps", w)
    bar.setObjectName("stepsToolbar")
    bar.addAction("Step")
    w.context.add_toolbar(bar, before=w.view_toolbar)
    qtbot.waitUntil(lambda: bar.isVisible() and bar.geometry().y() > 0)
    # the run toolbar keeps the first row; the new bar and then the view switch share the second
    assert w.toolBarBreak(w.view_toolbar) is False and w.toolBarBreak(bar) is True
    assert bar.geometry().y() > w.run_toolbar.geometry().y()
    assert bar.geometry().y() == w.view_toolbar.geometry().y() and bar.x() < w.view_toolbar.x()
