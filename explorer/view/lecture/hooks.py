"""The few calls the window makes into lecture mode, and the UI language.

``install(window)`` adds everything lecture mode needs to a ``MainWindow`` without touching its
code: the narration dock, the chain-rule dock, the lecture-authoring dock, the step-through
toolbar, a Lecture menu, and ``window.open_lecture(path)`` (used by ``--lecture FILE``).

``install_translator(app)`` loads the Qt translation for the UI language: the QSettings key
``ui/language`` ("system", "en", "ko"), else the system locale. It also makes sure a CJK-capable
font is in the fallback chain so Korean renders (fonts-noto-cjk on Debian/Ubuntu).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QAction, QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

log = logging.getLogger("explorer.lecture")

LANGUAGES = {"en": "English", "ko": "한국어"}
CJK_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "Noto Sans CJK", "Source Han Sans KR",
                "NanumGothic", "Nanum Gothic", "Malgun Gothic", "Apple SD Gothic Neo", "UnDotum",
                "Baekmuk Gulim", "Noto Serif CJK KR", "WenQuanYi Zen Hei", "Droid Sans Fallback")

_translators: list[QTranslator] = []


def translations_dir() -> Path:
    import resources

    return Path(resources.__file__).resolve().parent / "translations"


def ui_language(settings: QSettings | None = None) -> str:
    """"en" or "ko": the preference if set, else the system locale (anything not Korean is English)."""
    env = os.environ.get("AUTOGRAD_EXPLORER_LANG", "")
    choice = env or (settings.value("ui/language", "system") if settings is not None else "system")
    if choice in LANGUAGES:
        return choice
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def cjk_family() -> str | None:
    """The first installed font family that has Hangul, or None."""
    families = set(QFontDatabase.families())
    for name in CJK_FAMILIES:
        if name in families:
            return name
    for name in sorted(families):
        if QFontDatabase.WritingSystem.Korean in QFontDatabase.writingSystems(name):
            return name
    return None


def ensure_cjk_fallback() -> str | None:
    """Put a Hangul-capable family into the fallback chain of the common generic families so
    Korean text renders (not boxes) whatever font a widget or the canvas asks for."""
    family = cjk_family()
    if family is None:
        log.warning("no font with Korean glyphs found; install fonts-noto-cjk (Debian/Ubuntu) "
                    "or google-noto-sans-cjk-fonts (Fedora) to see Korean text")
        return None
    app = QApplication.instance()
    bases = {"Sans Serif", "sans-serif", "Monospace", "monospace", "DejaVu Sans", "DejaVu Sans Mono",
             "Helvetica", "Arial", "Segoe UI", "Noto Sans", "Liberation Sans"}
    if app is not None:
        bases.add(app.font().family())
    from explorer.view import theme

    for t in theme.THEMES.values():
        bases.update({t.font_family, t.mono_family})
    for base in bases:
        existing = QFont.substitutes(base)
        if family not in existing:
            QFont.insertSubstitution(base, family)
    return family


def install_translator(app: QApplication | None = None, settings: QSettings | None = None) -> str:
    """Load the UI translation; returns the language used ("en" or "ko")."""
    app = app or QApplication.instance()
    for t in _translators:
        QCoreApplication.removeTranslator(t)
    _translators.clear()
    if settings is None:
        try:
            from explorer.view import settings as prefs

            settings = prefs.make_settings()
        except Exception:  # preferences are optional here
            settings = None
    lang = ui_language(settings)
    ensure_cjk_fallback()
    if lang == "en":
        return lang
    qm = translations_dir() / f"explorer_{lang}.qm"
    translator = QTranslator(app)
    if translator.load(str(qm)):
        QCoreApplication.installTranslator(translator)
        _translators.append(translator)
    else:
        log.warning("translation %s could not be loaded; the UI stays in English", qm)
        return "en"
    # Qt's own dialogs (buttons like Cancel/Save) in the same language when Qt ships it.
    try:
        from PySide6.QtCore import QLibraryInfo

        qt_tr = QTranslator(app)
        if qt_tr.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            QCoreApplication.installTranslator(qt_tr)
            _translators.append(qt_tr)
    except Exception:
        pass
    return lang


class use_language:
    """Context manager: translate with ``lang``'s .qm for a while (exported images of a Korean
    lecture say "역전파 …단계" whatever the UI language is)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.translator: QTranslator | None = None

    def __enter__(self) -> "use_language":
        if self.lang != "en":
            translator = QTranslator()
            if translator.load(str(translations_dir() / f"explorer_{self.lang}.qm")):
                QCoreApplication.installTranslator(translator)
                self.translator = translator
        return self

    def __exit__(self, *exc) -> None:
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None


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
        docks = getattr(window, "docks", {})
        if "messages" in docks:
            # a tab beside the messages (full width for long chain-rule lines); presentation
            # takes it out of the tab group while the messages are hidden
            window.tabifyDockWidget(docks["messages"], chain_dock)
        if "inspector" in docks:
            # the narration gets the whole right column while a lecture runs
            window.tabifyDockWidget(docks["inspector"], lecture_dock)
            window.tabifyDockWidget(docks["inspector"], author_dock)
    window.lecture_controller = controller
    window.lecture_panel = lecture_panel
    window.chain_rule_panel = chain_panel
    window.step_toolbar = toolbar
    window.lecture_author = author
    window.open_lecture = controller.open_lecture
    _build_menu(window, controller, author)
    if _translators:
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
