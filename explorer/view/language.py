"""The UI language: which one (the ``ui/language`` setting, else the system locale), the Qt
translators that carry it, a Hangul-capable font in the fallback chain so Korean renders
(fonts-noto-cjk on Debian/Ubuntu), and a headless application for exports of a Korean lecture.

Moved out of the lecture extension so the lecture's exporters and the extension itself both
import it without importing each other.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

import resources

log = logging.getLogger("explorer.lecture")

LANGUAGES = {"en": "English", "ko": "한국어"}
CJK_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "Noto Sans CJK", "Source Han Sans KR",
                "NanumGothic", "Nanum Gothic", "Malgun Gothic", "Apple SD Gothic Neo", "UnDotum",
                "Baekmuk Gulim", "Noto Serif CJK KR", "WenQuanYi Zen Hei", "Droid Sans Fallback")

_translators: list[QTranslator] = []


def translations_dir() -> Path:
    return resources.TRANSLATIONS


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
            from explorer.view.qt_mnemonics import MnemonicFallbackTranslator  # "&Look in:"

            fallback = MnemonicFallbackTranslator(qt_tr, app)
            QCoreApplication.installTranslator(fallback)
            _translators.append(fallback)
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


def translator_installed() -> bool:
    """Whether :func:`install_translator` installed a translation (the UI is not English)."""
    return bool(_translators)


def ensure_app() -> QApplication:
    """A QApplication, offscreen unless a platform was chosen (headless machines, CI), with a
    Hangul-capable font in the fallback chain (exported images of a Korean lecture)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "export-lecture"])
    ensure_cjk_fallback()
    return app
