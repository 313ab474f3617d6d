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
    hooks.install(w)
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


def test_lecture_mode_installs_through_the_context_and_sets_nothing_on_the_window(new_window, qtbot):
    from explorer.model.lecture import bundled_lectures
    from explorer.view.lecture import hooks
    from explorer.view.lecture.extension import lecture_of

    w = new_window()
    before = set(vars(w))
    controller = hooks.install(w.context)
    assert set(vars(w)) == before   # no lecture_controller, step_toolbar, open_lecture, ... on the window
    lecture = lecture_of(w)
    assert lecture is not None and lecture.controller is controller
    # what a user looks for: the Lecture menu before Help, its docks in View ▸ Panels, its
    # shortcuts in the window's action table, the step toolbar on the window
    titles = _menu_titles(w)
    assert titles.index("&Lecture") == titles.index("&Help") - 1
    panels = w.menus["panels"].actions()
    for key in ("lecture", "chain_rule", "lecture_author"):
        assert w.docks[key].toggleViewAction() in panels
    assert w.context.action("presentation").shortcut().toString() == "F11"
    assert lecture.toolbar.parent() is w
    # --lecture FILE goes through the extension
    assert lecture.open_lecture(str(bundled_lectures()[0]))
    assert controller.player is not None
    controller.close_lecture()


def test_the_ui_language_is_installed_without_the_lecture_extension(new_window, qapp, monkeypatch):
    """The translator belongs to the app (explorer.view.i18n), not to lecture mode: a build
    without the lecture extension still shows Korean."""
    from explorer.view import app, i18n
    from explorer.view.i18n import tr

    monkeypatch.setattr(app, "EXTENSIONS", ("explorer.view.export_dialog",))
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "ko")
    w = new_window()
    try:
        app.install_extensions(w, qapp)
        assert w.context.extension("lecture") is None
        assert i18n.translator_installed()
        assert tr("Open") != "Open"   # translated: the Korean .qm is in use
    finally:
        monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "en")
        i18n.install_translator(qapp)
