"""Qt's own texts that gained a mnemonic (``&``) after PySide6's shipped translation was made.

Qt 6.11's file dialog labels its fields "&Look in:" and "Files of &type:", while the
``qtbase_ko.qm`` that PySide6 ships still has them only as "Look in:" and "Files of type:", so a
Korean interface showed Qt's file dialog half in English. This translator, installed after
qtbase's, answers only for a Qt text with a ``&`` that qtbase does not translate: it looks up the
text without the ``&`` in qtbase and puts the mnemonic back the Korean way, "(&L)" before the
closing colon ("다음에서 찾기(&L):"), as qtbase_ko writes its other labels ("파일 이름(&N):").
"""
from __future__ import annotations

from PySide6.QtCore import QTranslator


class MnemonicFallbackTranslator(QTranslator):
    """Falls back to ``base``'s translation of a text without its ``&`` mnemonic."""

    def __init__(self, base: QTranslator, parent=None) -> None:
        super().__init__(parent)
        self.base = base

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # noqa: D401
                  n: int = -1) -> str | None:
        # None (a null QString) lets Qt ask the next translator; "" would be taken as the answer
        if not source or "&" not in source or "&&" in source:
            return None
        if self.base.translate(context, source, disambiguation, n):
            return None   # qtbase has it: the translator installed before this one answers
        at = source.index("&")
        key = source[at + 1:at + 2]
        plain = source.replace("&", "", 1)
        text = self.base.translate(context, plain, disambiguation, n)
        if not text or not key.strip():
            return None
        return with_mnemonic(text, key)


def with_mnemonic(text: str, key: str) -> str:
    """``text`` with "(&K)" before its trailing colon or at its end (the CJK convention)."""
    mark = f"(&{key.upper()})"
    if text.endswith(":"):
        return text[:-1] + mark + ":"
    return text + mark
