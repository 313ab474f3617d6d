"""The few calls the window makes into lecture mode, and the UI language.

``install(window)`` adds everything lecture mode needs to a ``MainWindow`` without touching its
code: the narration dock, the chain-rule dock, the lecture-authoring dock, the step-through
toolbar, a Lecture menu, and ``window.open_lecture(path)`` (used by ``--lecture FILE``).

``install_translator(app)`` (from :mod:`explorer.view.language`, where the UI language lives)
loads the Qt translation for the UI language; the app calls it through this extension.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from explorer.view.language import (  # noqa: F401 - the app installs the translator through this extension
    CJK_FAMILIES,
    LANGUAGES,
    cjk_family,
    ensure_cjk_fallback,
    install_translator,
    translations_dir,
    translator_installed,
    ui_language,
    use_language,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("LectureMenu", text)


def install(window):
    """Add lecture mode to ``window``; returns the :class:`LectureController`."""
    from explorer.view.chain_rule import ChainRulePanel
    from explorer.view.lecture.authoring import LectureAuthorPanel
    from explorer.view.lecture.controller import LectureController
    from explorer.view.lecture.panel import LecturePanel
    from explorer.view.lecture.step_toolbar import StepToolbar

    lecture_panel = LecturePanel(window)
    chain_panel = ChainRulePanel(window)
    toolbar = StepToolbar(window)
    view_bar = getattr(window, "view_toolbar", None)
    if view_bar is not None:
        # the second row: the step controls, then the view switch (the run row is full)
        window.insertToolBarBreak(view_bar)
        window.insertToolBar(view_bar, toolbar)
    else:
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)  # its own row: the run toolbar is full
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    controller = LectureController(window, lecture_panel, chain_panel, toolbar)
    author = LectureAuthorPanel(window, controller)
    add = getattr(window, "add_dock", None)
    if add is not None:
        lecture_dock = add("lecture", _tr("Lecture"), lecture_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        chain_dock = add("chain_rule", _tr("Chain rule"), chain_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        author_dock = add("lecture_author", _tr("Lecture slides"), author, Qt.DockWidgetArea.RightDockWidgetArea)
        lecture_dock.hide()
        author_dock.hide()
        # the selected slide's annotations are on the canvas only while the slides dock is open
        author_dock.visibilityChanged.connect(lambda _visible: author._show_annotations())
        docks = getattr(window, "docks", {})
        if "messages" in docks:
            # a tab beside the messages (full width for long chain-rule lines); presentation
            # takes it out of the tab group while the messages are hidden
            window.tabifyDockWidget(docks["messages"], chain_dock)
        if "inspector" in docks and window.dockWidgetArea(docks["inspector"]) == Qt.DockWidgetArea.RightDockWidgetArea:
            # the narration gets the whole right column while a lecture runs (by default the
            # Inspector is a tab in the left column: then the lecture docks keep the right one)
            window.tabifyDockWidget(docks["inspector"], lecture_dock)
            window.tabifyDockWidget(docks["inspector"], author_dock)
    window.lecture_controller = controller
    window.lecture_panel = lecture_panel
    window.chain_rule_panel = chain_panel
    window.step_toolbar = toolbar
    window.lecture_author = author
    window.open_lecture = controller.open_lecture
    _build_menu(window, controller, author)
    if translator_installed():
        apply_translations(window)
    return controller


def apply_translations(window) -> None:
    """Translate the texts other code set from plain literals (see ``retranslate``), now and
    whenever a menu opens (menus such as Open Recent are rebuilt on the fly)."""
    from PySide6.QtCore import QTimer

    from explorer.view.lecture.retranslate import retranslate

    retranslate(window)
    QTimer.singleShot(0, lambda: retranslate(window))  # after the window finished building
    from explorer.view.lecture.retranslate import retranslate_on_show, translate_new_windows

    translate_new_windows()  # dialogs and plot windows made later
    QTimer.singleShot(0, lambda: [retranslate_on_show(d) for d in getattr(window, "docks", {}).values()])
    for menu in window.menuBar().findChildren(QMenu):
        menu.aboutToShow.connect(lambda m=menu: retranslate(m))


def _build_menu(window, controller, author) -> QMenu:
    bar = window.menuBar()
    menu = QMenu(_tr("&Lecture"), window)
    menu.setObjectName("lectureMenu")
    help_menu = getattr(window, "menus", {}).get("help")
    if help_menu is not None:
        bar.insertMenu(help_menu.menuAction(), menu)
    else:
        bar.addMenu(menu)
    if isinstance(getattr(window, "menus", None), dict):
        window.menus["lecture"] = menu

    def act(text: str, slot, shortcut=None, key: str | None = None) -> QAction:
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _c=False: slot())
        menu.addAction(action)
        if key and isinstance(getattr(window, "actions", None), dict):
            window.actions[key] = action
        return action

    def open_dialog() -> None:
        from explorer.model.lecture import lectures_dir

        path, _ = QFileDialog.getOpenFileName(window, _tr("Open lecture"), str(lectures_dir()),
                                              _tr("Lectures (*.json)"))
        if path:
            controller.open_lecture(path)

    act(_tr("&Open Lecture…"), open_dialog, None, "open_lecture")
    bundled = menu.addMenu(_tr("&Bundled Lectures"))
    from explorer.model.lecture import bundled_lectures, load_lecture, LectureError

    for path in bundled_lectures():
        try:
            title = load_lecture(path).title
        except LectureError:
            continue
        a = QAction(title, window)
        a.triggered.connect(lambda _c=False, p=str(path): controller.open_lecture(p))
        bundled.addAction(a)
    act(_tr("&Close Lecture"), controller.close_lecture, None, "close_lecture")
    menu.addSeparator()
    act(_tr("&Presentation Mode"), controller.toggle_presentation, "F11", "presentation")

    def presenter_view() -> None:
        from explorer.view.lecture.presenter import show_presenter

        show_presenter(controller)

    act(_tr("Presenter &View (P)"), presenter_view, None, "presenter_view")
    from explorer.view.lecture import presentation

    sizes = menu.addMenu(_tr("Presentation &Font Size"))
    current = presentation.presentation_scale(window)
    for scale in presentation.FONT_SCALE_CHOICES:
        a = QAction(f"{int(scale * 100)} %", window)
        a.setCheckable(True)
        a.setChecked(scale == current)
        a.triggered.connect(lambda _c=False, s=scale: _set_presentation_scale(window, controller, s, sizes))
        sizes.addAction(a)
    menu.addSeparator()
    act(_tr("Step &Forward"), controller.step_forward, None, "step_forward")
    act(_tr("Step &Back"), controller.step_back, None, "step_back")
    def export_step() -> None:
        from explorer.view.lecture.export import export_current_step

        path, _ = QFileDialog.getSaveFileName(window, _tr("Export current step"), str(Path.home() / "step.png"),
                                              _tr("PNG images (*.png)"))
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            if not export_current_step(window, path):
                controller._error(_tr("Could not write the image"))

    act(_tr("E&xport Current Step as Image…"), export_step, None, "export_step")
    menu.addSeparator()
    act(_tr("&Edit Slides…"), author.show_dock, None, "author_lecture")
    act(_tr("&Add Current Graph as Slide"), author.add_current, None, "add_slide")
    lang_menu = menu.addMenu(_tr("&Interface Language"))
    for code, name in (("system", _tr("System")), *LANGUAGES.items()):
        a = QAction(name, window)
        a.triggered.connect(lambda _c=False, c=code: _set_language(window, c))
        lang_menu.addAction(a)
    return menu


def _set_presentation_scale(window, controller, scale: float, menu: QMenu) -> None:
    from explorer.view.lecture import presentation

    settings = getattr(window, "settings", None)
    if settings is not None:
        settings.setValue(presentation.SETTINGS_KEY, scale)
    for a in menu.actions():
        a.setChecked(a.text() == f"{int(scale * 100)} %")
    if controller.presenting:  # apply at once
        presentation._apply_look(window, presentation.PRESENTATION_THEME, scale)
        presentation.set_panel_scales(controller, scale)
        controller.refit()


def _set_language(window, code: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    settings = getattr(window, "settings", None)
    if settings is not None:
        settings.setValue("ui/language", code)
    QMessageBox.information(window, _tr("Interface language"),
                            _tr("The interface language changes the next time Autograd Explorer starts."))
