"""One call for translating a user-visible string: ``tr("Nothing selected")``.

English source strings are the keys (Qt's translation system, context "ui" by default, the
same context ``explorer.view.lecture.retranslate`` uses for widget literals). Texts with
values in them are translated as templates and formatted afterwards:
``tr("Opened {path}").format(path=path)`` so the translator can move the values around.
``tools/build_translations.py`` collects every ``tr("...")`` literal.
Without an installed translator ``tr`` returns the English text unchanged.

Language setup lives here too (the end of the file): which UI language (the ``ui/language``
setting, else the system locale), the Qt translators that carry it (:func:`install_translator`,
:class:`use_language` for a while), a Hangul-capable font in the fallback chain so Korean renders
(fonts-noto-cjk on Debian/Ubuntu), and a headless application for exports of a Korean lecture.
The app installs the translator before any extension, so no extension is needed for it.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

import resources
from explorer.view import settings as prefs, theme
from explorer.view.qt_mnemonics import MnemonicFallbackTranslator

CONTEXT = "ui"


def tr(text: str, context: str = CONTEXT) -> str:
    return QCoreApplication.translate(context, text)


# Messages of the model layer (DocumentError refusals, command texts) stay English there: the
# model is Qt-free. The view translates them by shape: each regex's named groups are the
# names/values (never translated), formatted back into the translated template. Templates are
# ``tr("...")`` literals (explorer.view.i18n), so build_translations.py collects them.
import re as _re

_NAME = r"(?P<{0}>.*?)"
_MESSAGES: list[tuple[str, object]] = [
    # where a lecture problem is (explorer.model.lecture._where), numbers only: a looser shape
    # would swallow the message that follows it
    (r"slide (?P<number>\d+), action (?P<step>\d+)", lambda: tr("slide {number}, action {step}")),
    (r"slide (?P<number>\d+)", lambda: tr("slide {number}")),
    (r"annotation (?P<number>\d+) of (?P<where>slide \d+)", lambda: tr("annotation {number} of {where}")),
    # document.py refusals
    (r"'{name}' is not a valid name: use letters, digits and _, not starting with a digit",
     lambda: tr("'{name}' is not a valid name: use letters, digits and _, not starting with a digit")),
    (r"the name '{name}' is already used by another node",
     lambda: tr("the name '{name}' is already used by another node")),
    (r"no node with id '{id}'", lambda: tr("no node with id '{id}'")),
    (r"'{name}' is a leaf tensor and has no inputs", lambda: tr("'{name}' is a leaf tensor and has no inputs")),
    (r"'{name}' is a constant and has no inputs", lambda: tr("'{name}' is a constant and has no inputs")),
    (r"'{name}' \({op}\) has {arity} input\(s\); there is no input {port}",
     lambda: tr("'{name}' ({op}) has {arity} input(s); there is no input {port}")),
    (r"input {port} of '{dst}' is already connected to '{src}'",
     lambda: tr("input {port} of '{dst}' is already connected to '{src}'")),
    (r"connecting '{src}' to itself would create a cycle", lambda: tr("connecting '{src}' to itself would create a cycle")),
    (r"connecting '{src}' to '{dst}' would create a cycle: {path}",
     lambda: tr("connecting '{src}' to '{dst}' would create a cycle: {path}")),
    (r"a node with id '{id}' already exists", lambda: tr("a node with id '{id}' already exists")),
    (r"unknown node kind '{kind}'", lambda: tr("unknown node kind '{kind}'")),
    (r"'{name}' still has connections", lambda: tr("'{name}' still has connections")),
    (r"that connection does not exist", lambda: tr("that connection does not exist")),
    (r"a node's {key} cannot change", lambda: tr("a node's {key} cannot change")),
    (r"nodes have no field '{key}'", lambda: tr("nodes have no field '{key}'")),
    (r"a group with id '{id}' already exists", lambda: tr("a group with id '{id}' already exists")),
    # commands.py refusals
    (r"unknown operation '{op}'", lambda: tr("unknown operation '{op}'")),
    (r"'{op}' has no parameter '{param}' \(its parameters: {known}\)",
     lambda: tr("'{op}' has no parameter '{param}' (its parameters: {known})")),
    (r"parameter '{param}' of {op} must be a whole number or None, not {value}",
     lambda: tr("parameter '{param}' of {op} must be a whole number or None, not {value}")),
    (r"parameter '{param}' of {op} must be a whole number, not {value}",
     lambda: tr("parameter '{param}' of {op} must be a whole number, not {value}")),
    (r"parameter '{param}' of {op} must be a number, not {value}",
     lambda: tr("parameter '{param}' of {op} must be a number, not {value}")),
    (r"parameter '{param}' of {op} must be True or False, not {value}",
     lambda: tr("parameter '{param}' of {op} must be True or False, not {value}")),
    (r"parameter '{param}' of {op} must be a tuple of whole numbers, not {value}",
     lambda: tr("parameter '{param}' of {op} must be a tuple of whole numbers, not {value}")),
    (r"parameter '{param}' of {op} must be two dimensions, not {count}",
     lambda: tr("parameter '{param}' of {op} must be two dimensions, not {count}")),
    (r"parameter '{param}' of {op} has too many dimensions \({count}\)",
     lambda: tr("parameter '{param}' of {op} has too many dimensions ({count})")),
    (r"parameter '{param}' of {op} has an unsupported value {value}",
     lambda: tr("parameter '{param}' of {op} has an unsupported value {value}")),
    (r"{op} needs its parameter '{param}'", lambda: tr("{op} needs its parameter '{param}'")),
    (r"unknown dtype '{dtype}' \(use float32 or float64\)", lambda: tr("unknown dtype '{dtype}' (use float32 or float64)")),
    (r"a tensor value must be numbers, not {value}", lambda: tr("a tensor value must be numbers, not {value}")),
    (r"a tensor value must be a number or a \(nested\) list of numbers with the same length in every row",
     lambda: tr("a tensor value must be a number or a (nested) list of numbers with the same length in every row")),
    (r"a tensor of {size} elements is too large \(at most {limit}\)",
     lambda: tr("a tensor of {size} elements is too large (at most {limit})")),
    (r"a position must be two numbers, not {value}", lambda: tr("a position must be two numbers, not {value}")),
    (r"a position must be finite", lambda: tr("a position must be finite")),
    (r"a group needs a name", lambda: tr("a group needs a name")),
    (r"a group name can have at most 80 characters", lambda: tr("a group name can have at most 80 characters")),
    (r"a group name cannot contain {chars}", lambda: tr("a group name cannot contain {chars}")),
    (r"'{name}' is a Python keyword and cannot be a name", lambda: tr("'{name}' is a Python keyword and cannot be a name")),
    (r"a name cannot be empty", lambda: tr("a name cannot be empty")),
    (r"not a node", lambda: tr("not a node")),
    (r"a node needs an id", lambda: tr("a node needs an id")),
    (r"the leaf tensor '{name}' needs a value", lambda: tr("the leaf tensor '{name}' needs a value")),
    (r"the constant '{name}' needs a value", lambda: tr("the constant '{name}' needs a value")),
    (r"a new node can only be connected to itself", lambda: tr("a new node can only be connected to itself")),
    (r"no group with id '{id}'", lambda: tr("no group with id '{id}'")),
    (r"nothing selected to delete", lambda: tr("nothing selected to delete")),
    (r"these ports are already connected", lambda: tr("these ports are already connected")),
    (r"no connection selected", lambda: tr("no connection selected")),
    (r"'{name}' is computed by {op}; only leaf tensors and constants have a value you can set",
     lambda: tr("'{name}' is computed by {op}; only leaf tensors and constants have a value you can set")),
    (r"'{name}' is not an operation and has no parameters", lambda: tr("'{name}' is not an operation and has no parameters")),
    (r"a gradient needs a root node", lambda: tr("a gradient needs a root node")),
    # command texts (Edit ▸ Undo/Redo)
    (r"Apply script", lambda: tr("Apply script")),
    (r"Replace graph", lambda: tr("Replace graph")),
    (r"Add leaf '{name}'", lambda: tr("Add leaf '{name}'")),
    (r"Add constant '{name}'", lambda: tr("Add constant '{name}'")),
    (r"Add {op} '{name}'", lambda: tr("Add {op} '{name}'")),
    (r"Delete node", lambda: tr("Delete node")),
    (r"Delete", lambda: tr("Delete")),
    (r"Delete {count} nodes", lambda: tr("Delete {count} nodes")),
    (r"Delete '{name}'", lambda: tr("Delete '{name}'")),
    (r"Connect", lambda: tr("Connect")),
    (r"Connect '{src}' to input {port} of '{dst}'", lambda: tr("Connect '{src}' to input {port} of '{dst}'")),
    (r"Disconnect", lambda: tr("Disconnect")),
    (r"Reconnect", lambda: tr("Reconnect")),
    (r"Change value", lambda: tr("Change value")),
    (r"Set {param} of '{name}'", lambda: tr("Set {param} of '{name}'")),
    (r"Set {param}", lambda: tr("Set {param}")),
    (r"Freeze leaves", lambda: tr("Freeze leaves")),
    (r"Unfreeze leaves", lambda: tr("Unfreeze leaves")),
    (r"Freeze '{name}'", lambda: tr("Freeze '{name}'")),
    (r"Unfreeze '{name}'", lambda: tr("Unfreeze '{name}'")),
    (r"Freeze {name}", lambda: tr("Freeze {name}")),
    (r"Unfreeze {name}", lambda: tr("Unfreeze {name}")),
    (r"Retain grad", lambda: tr("Retain grad")),
    (r"Do not retain grad", lambda: tr("Do not retain grad")),
    (r"Rename to '{name}'", lambda: tr("Rename to '{name}'")),
    (r"Rename group to '{name}'", lambda: tr("Rename group to '{name}'")),
    (r"Move", lambda: tr("Move")),
    (r"Move {count} nodes", lambda: tr("Move {count} nodes")),
    (r"Group '{name}'", lambda: tr("Group '{name}'")),
    (r"Ungroup", lambda: tr("Ungroup")),
    (r"Change group", lambda: tr("Change group")),
    (r"Paste", lambda: tr("Paste")),
    (r"Set backward root", lambda: tr("Set backward root")),
    (r"Clear backward root", lambda: tr("Clear backward root")),
]


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


def _compile(shape: str, slot: str = _NAME) -> "_re.Pattern[str]":
    parts = _re.split(r"(\{\w+\})", shape)
    out = "".join(slot.format(p[1:-1]) if _re.fullmatch(r"\{\w+\}", p) else p for p in parts)
    return _re.compile(out, _re.DOTALL)


_COMPILED: list | None = None
# Captured parts that are themselves messages (a wrapped exception's text): translated again.
_NESTED = _re.compile(r"(exc|msg|message|error|reason|detail|suggest|extra|hint|which|over|_json_type|where)(_\d+)?")


def _patterns() -> list:
    global _COMPILED
    if _COMPILED is None:
        from explorer.view.model_messages import MESSAGES

        hand = [(_compile(shape), template) for shape, template in _MESSAGES]
        generated = [(_re.compile(regex, _re.DOTALL), (lambda t=template: tr(t, "model")))
                     for regex, template in MESSAGES]
        # Shapes starting with a value ("{op} needs ...") last: an outer frame such as "line 3,
        # column 5: {message}" must not be read as the value of an inner shape.
        slot_first = lambda shape: bool(_re.match(r"\{\w+\}", shape))
        order = [*zip((s for s, _t in _MESSAGES), hand), *zip((t for _r, t in MESSAGES), generated)]
        _COMPILED = ([entry for shape, entry in order if not slot_first(shape)]
                     + [entry for shape, entry in order if slot_first(shape)])
    return _COMPILED


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


_CACHE: dict[tuple[str, str], str] = {}


def tr_message(text: str) -> str:
    """Translate a model-layer message or command text by its shape (see :func:`_tr_message`).

    Results are remembered per installed translation (a lecture export switches language for a
    while): matching runs through some 500 patterns, ~0.1-0.3 ms a message."""
    if not text:
        return text
    key = (tr("Apply script"), text)           # a probe that changes with the translation
    done = _CACHE.get(key)
    if done is None:
        if len(_CACHE) > 4096:
            _CACHE.clear()
        done = _CACHE[key] = _tr_message(text)
    return done


def _tr_message(text: str, _depth: int = 0) -> str:
    """Translate a model-layer message or command text by its shape; the captured names and
    values are formatted back in untranslated, except wrapped messages (``{exc}``, ``{msg}``),
    which are translated in turn. PyTorch's and Python's own error texts stay verbatim (learners
    look them up) with an explanation after them. Unknown messages pass through unchanged."""
    if not text or _depth > 4:
        return text
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
    for pattern, template in _patterns():
        m = pattern.fullmatch(text)
        if m:
            values = {k: (_tr_message(v, _depth + 1) if _NESTED.fullmatch(k) else v)
                      for k, v in m.groupdict().items()}
            try:
                return template().format(**values)
            except (KeyError, IndexError, ValueError):
                return text
    return text


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
