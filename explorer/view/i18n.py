"""One call for translating a user-visible string: ``tr("Nothing selected")``.

English source strings are the keys (Qt's translation system, context "ui" by default, the
same context ``explorer.view.lecture.retranslate`` uses for widget literals). Texts with
values in them are translated as templates and formatted afterwards:
``tr("Opened {path}").format(path=path)`` so the translator can move the values around.
``tools/build_translations.py`` collects every ``tr("...")`` literal.
Without an installed translator ``tr`` returns the English text unchanged.

The model layer (Qt-free) says things as :class:`~explorer.model.messages.Message` values, an
English template and its values; :func:`tr_message` translates the template (context
``model``, collected by ``tools/extract_model_messages.py``).

Language setup lives here too (the end of the file): which UI language (the ``ui/language``
setting, else the system locale), the Qt translators that carry it (:func:`install_translator`,
:class:`use_language` for a while), a Hangul-capable font in the fallback chain so Korean renders
(fonts-noto-cjk on Debian/Ubuntu), and a headless application for exports of a Korean lecture.
The app installs the translator before any extension, so no extension is needed for it.
"""
from __future__ import annotations

import logging
import os
import re as _re
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

import resources
from explorer.model.messages import Message, message_of
from explorer.view import settings as prefs, theme
from explorer.view.qt_mnemonics import MnemonicFallbackTranslator

CONTEXT = "ui"


def tr(text: str, context: str = CONTEXT) -> str:
    return QCoreApplication.translate(context, text)


# PyTorch's own error texts stay verbatim (a learner searches for them as PyTorch prints them);
# in a translated interface an explanation follows in brackets (Qt context "pytorch";
# build_translations.py collects the templates from this list).
_PYTORCH: list[tuple[str, str]] = [
    (r"The size of tensor a \({a}\) must match the size of tensor b \({b}\) at non-singleton dimension {dim}",
     "sizes {a} and {b} do not broadcast in dimension {dim}: they must be equal or one of them 1"),
    (r"mat1 and mat2 shapes cannot be multiplied \({a} and {b}\)",
     "a matrix product needs the inner sizes to agree: {a} times {b} does not"),
    (r"size mismatch, got input \({n}\), mat \({mat}\), vec \({vec}\)",
     "the matrix {mat} cannot multiply a vector of {vec} elements"),
    (r"shape '{shape}' is invalid for input of size {size}",
     "{size} elements cannot be arranged in the shape {shape}"),
    (r"grad can be implicitly created only for scalar outputs",
     "backward from a tensor with several elements needs a gradient of its shape: "
     "Q.backward(gradient=...)"),
    (r"element {i} of tensors does not require grad and does not have a grad_fn",
     "nothing in this graph requires grad, so there is no backward graph to run"),
    (r"Mismatch in shape: grad_output\[{i}\] has a shape of {g} and output\[{j}\] has a shape of {o}\.",
     "the external gradient must have the root's shape"),
    (r"Target {t} is out of bounds\.",
     "class index {t} does not exist: the logits have fewer classes"),
    (r"expected scalar type Long but found {dtype}",
     "class labels must be whole numbers (int64), not {dtype}"),
    (r"Expected input batch_size \({a}\) to match target batch_size \({b}\)\.",
     "there are {a} rows of logits but {b} labels"),
]

# Python's parser messages (shown as "syntax error: ..."): kept verbatim like PyTorch's, with an
# explanation (Qt context "python").
_PYTHON: list[tuple[str, str]] = [
    (r"invalid syntax", "Python cannot read this line: look for a missing operator, comma or bracket"),
    (r"invalid syntax\. Perhaps you forgot a comma\?", "Python cannot read this line: a comma may be missing"),
    (r"'{bracket}' was never closed", "the bracket '{bracket}' has no closing partner"),
    (r"unmatched '{bracket}'", "the closing '{bracket}' has no opening partner"),
    (r"closing parenthesis '{close}' does not match opening parenthesis '{open}'",
     "the closing '{close}' does not match the opening '{open}'"),
    (r"unexpected indent", "the line starts with spaces: lines of a script start at the left edge"),
    (r"unindent does not match any outer indentation level",
     "the line starts with spaces: lines of a script start at the left edge"),
    (r"unterminated string literal \(detected at line {line}\)", "a quote is not closed"),
    (r"unterminated triple-quoted string literal \(detected at line {line}\)", "a quote is not closed"),
    (r"invalid decimal literal", "a number runs into letters, e.g. 2x: write 2 * x"),
    (r"invalid hexadecimal literal", "a number runs into letters"),
    (r"expected ':'", "a ':' is missing"),
    (r"cannot assign to {what}", "only a plain name can stand left of ="),
    (r"cannot assign to {what} here\. Maybe you meant '==' instead of '='\?",
     "only a plain name can stand left of ="),
]


_NAME = r"(?P<{0}>.*?)"


def _compile(shape: str, slot: str = _NAME) -> "_re.Pattern[str]":
    parts = _re.split(r"(\{\w+\})", shape)
    out = "".join(slot.format(p[1:-1]) if _re.fullmatch(r"\{\w+\}", p) else p for p in parts)
    return _re.compile(out, _re.DOTALL)


_PYTORCH_COMPILED: list | None = None


def _pytorch_patterns() -> list:
    global _PYTORCH_COMPILED
    if _PYTORCH_COMPILED is None:
        # Values here are sizes, shapes and dtypes: never a bracket, so a frame around the text
        # ("... (in 'x @ W')") is not swallowed into the last value.
        _PYTORCH_COMPILED = [(_compile(shape, slot), english, context)
                             for table, context, slot in ((_PYTORCH, "pytorch", r"(?P<{0}>[^()]*?)"),
                                                          (_PYTHON, "python", _NAME))
                             for shape, english in table]
    return _PYTORCH_COMPILED


def tr_message(message: object) -> str:
    """Translate what the model said: a :class:`~explorer.model.messages.Message` (or an error
    or record carrying one) through its template (Qt context ``model``), its values formatted
    back in untranslated except wrapped messages, which are translated in turn. PyTorch's and
    Python's own error texts stay verbatim (learners look them up) with an explanation after
    them in a translated interface. Other text passes through unchanged."""
    value = message_of(message)
    if isinstance(value, Message):
        return _tr_template(value)
    return _verbatim(value) or value


def _tr_template(message: Message, _depth: int = 0) -> str:
    verbatim = _verbatim(message)
    if verbatim is not None:
        return verbatim
    translated = tr(message.template, "model")
    # a wrapped message is translated in turn; a wrapped engine error (PyTorch's text) gets
    # its explanation; names and numbers stay as they are
    values = {k: (_tr_template(v, _depth + 1) if isinstance(v, Message) and _depth < 8 else _verbatim(v) or v)
              for k, v in message.args.items()}
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):   # a translation with a mistyped placeholder
        return message.template.format(**values)


def _verbatim(text: str) -> str | None:
    """PyTorch's (Python's) own text, with an explanation in a translated interface; None when
    ``text`` is not one of theirs."""
    for pattern, english, context in _pytorch_patterns():
        m = pattern.fullmatch(text)
        if m:
            translated = tr(english, context)
            if translated == english:      # English interface: PyTorch's (Python's) text alone
                return text
            try:
                return f"{text} ({translated.format(**m.groupdict())})"
            except (KeyError, IndexError, ValueError):
                return text
    return None


# ---------------------------------------------------------------------------- language setup
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
        qt_tr = QTranslator(app)
        if qt_tr.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            QCoreApplication.installTranslator(qt_tr)
            _translators.append(qt_tr)
            fallback = MnemonicFallbackTranslator(qt_tr, app)  # "&Look in:"
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
