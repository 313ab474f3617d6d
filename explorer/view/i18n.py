"""One call for translating a user-visible string: ``tr("Nothing selected")``.

English source strings are the keys (Qt's translation system, context "ui" by default, the
same context ``explorer.view.lecture.retranslate`` uses for widget literals). Texts with
values in them are translated as templates and formatted afterwards:
``tr("Opened {path}").format(path=path)`` so the translator can move the values around.
``resources/translations/build_translations.py`` collects every ``tr("...")`` literal.
Without an installed translator ``tr`` returns the English text unchanged.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "ui"


def tr(text: str, context: str = CONTEXT) -> str:
    return QCoreApplication.translate(context, text)
