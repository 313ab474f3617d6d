"""The lecture extension: ``install(window)`` adds lecture mode through the window's
:class:`~explorer.view.window.context.WindowContext` without touching the window's code: the
narration dock, the chain-rule dock, the lecture-authoring dock, the step-through toolbar and a
Lecture menu, all registered as one :class:`~explorer.view.lecture.extension.LectureExtension`
(``lecture_of(window)``; ``lecture_of(window).open_lecture(path)`` serves ``--lecture FILE``).

The UI language is not this extension's: :mod:`explorer.view.i18n` sets it up and the app
installs it before any extension. The Lecture menu's language entries only store the choice.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from explorer.model.lecture import LectureError, bundled_lectures, lectures_dir, load_lecture
from explorer.view.chain_rule import ChainRulePanel
from explorer.view.i18n import LANGUAGES, translator_installed
from explorer.view.lecture import presentation
from explorer.view.lecture.authoring import LectureAuthorPanel
from explorer.view.lecture.controller import LectureController
from explorer.view.lecture.export import export_current_step
from explorer.view.lecture.extension import NAME, LectureExtension
from explorer.view.lecture.panel import LecturePanel
from explorer.view.lecture.presenter import show_presenter
from explorer.view.lecture.retranslate import retranslate, retranslate_on_show, translate_new_windows
from explorer.view.lecture.step_toolbar import StepToolbar
from explorer.view.window.context import WindowContext, context_of


def _tr(text: str) -> str:
    return QCoreApplication.translate("LectureMenu", text)


def install(target) -> LectureController:
    """Add lecture mode to a window (or its context); returns the :class:`LectureController`."""
    ctx = context_of(target)
    window = ctx.window
    lecture_panel = LecturePanel(window)
    chain_panel = ChainRulePanel(window)
    toolbar = StepToolbar(window)
    # the second row: the step controls, then the view switch (the run row is full)
    ctx.add_toolbar(toolbar, before=window.view_toolbar)
    controller = LectureController(window, lecture_panel, chain_panel, toolbar)
    author = LectureAuthorPanel(window, controller)
    ctx.register(NAME, LectureExtension(controller, lecture_panel, chain_panel, toolbar, author))
    _add_docks(ctx, lecture_panel, chain_panel, author)
    _build_menu(ctx, controller, author)
    if translator_installed():
        apply_translations(window)
    return controller


def _add_docks(ctx: WindowContext, lecture_panel, chain_panel, author) -> None:
    window = ctx.window
    lecture_dock = ctx.add_dock("lecture", _tr("Lecture"), lecture_panel, Qt.DockWidgetArea.RightDockWidgetArea)
    chain_dock = ctx.add_dock("chain_rule", _tr("Chain rule"), chain_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
    author_dock = ctx.add_dock("lecture_author", _tr("Lecture slides"), author, Qt.DockWidgetArea.RightDockWidgetArea)
    lecture_dock.hide()
    author_dock.hide()
    # the selected slide's annotations are on the canvas only while the slides dock is open
    author_dock.visibilityChanged.connect(lambda _visible: author._show_annotations())
    docks = window.docks
    if "messages" in docks:
        # a tab beside the messages (full width for long chain-rule lines); presentation
        # takes it out of the tab group while the messages are hidden
        window.tabifyDockWidget(docks["messages"], chain_dock)
    if "inspector" in docks and window.dockWidgetArea(docks["inspector"]) == Qt.DockWidgetArea.RightDockWidgetArea:
        # the narration gets the whole right column while a lecture runs (by default the
        # Inspector is a tab in the left column: then the lecture docks keep the right one)
        window.tabifyDockWidget(docks["inspector"], lecture_dock)
        window.tabifyDockWidget(docks["inspector"], author_dock)


def apply_translations(window) -> None:
    """Translate the texts other code set from plain literals (see ``retranslate``), now and
    whenever a menu opens (menus such as Open Recent are rebuilt on the fly)."""
    retranslate(window)
    QTimer.singleShot(0, lambda: retranslate(window))  # after the window finished building
    translate_new_windows()  # dialogs and plot windows made later
    QTimer.singleShot(0, lambda: [retranslate_on_show(d) for d in window.docks.values()])
    for menu in window.menuBar().findChildren(QMenu):
        menu.aboutToShow.connect(lambda m=menu: retranslate(m))


def _build_menu(ctx: WindowContext, controller, author) -> QMenu:
    window = ctx.window
    menu = QMenu(_tr("&Lecture"), window)
    menu.setObjectName("lectureMenu")
    ctx.add_menu("lecture", menu, before="help")

    def act(text: str, slot, shortcut=None, key: str | None = None) -> QAction:
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _c=False: slot())
        if key:
            ctx.add_action("lecture", key, action)
        else:
            menu.addAction(action)
        return action

    def open_dialog() -> None:
        path, _ = QFileDialog.getOpenFileName(window, _tr("Open lecture"), str(lectures_dir()),
                                              _tr("Lectures (*.json)"))
        if path:
            controller.open_lecture(path)

    act(_tr("&Open Lecture…"), open_dialog, None, "open_lecture")
    bundled = menu.addMenu(_tr("&Bundled Lectures"))
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
        show_presenter(controller)

    act(_tr("Presenter &View (P)"), presenter_view, None, "presenter_view")
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
    window.settings.setValue(presentation.SETTINGS_KEY, scale)
    for a in menu.actions():
        a.setChecked(a.text() == f"{int(scale * 100)} %")
    if controller.presenting:  # apply at once
        presentation._apply_look(window, presentation.PRESENTATION_THEME, scale)
        presentation.set_panel_scales(controller, scale)
        controller.refit()


def _set_language(window, code: str) -> None:
    window.settings.setValue("ui/language", code)
    QMessageBox.information(window, _tr("Interface language"),
                            _tr("The interface language changes the next time Autograd Explorer starts."))
