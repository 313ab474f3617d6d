"""The language's error type and its caps (limits on what a script may ask for)."""
from __future__ import annotations

from explorer.model.edit_checks import MAX_TENSOR_ELEMENTS
from explorer.model.messages import Message

#: Longest script accepted, in characters (a 300x300 matrix written out is about 1 MB).
MAX_SOURCE_CHARS = 2_000_000
#: Deepest nesting of sub-expressions accepted (calls in calls, lists in lists, a + (b + ...)).
MAX_NESTING = 100
#: Largest exponent magnitude in ``x ** e`` or in number arithmetic like ``10 ** 100``.
MAX_EXPONENT = 1_000
#: Most nodes one script may make (its own cap: a long script of tiny statements).
MAX_NODES = 10_000
#: Most numbers all of a script's tensors may hold together (as the file loader's cap).
MAX_TOTAL_ELEMENTS = 10_000_000
#: Largest magnitude of a whole number the language computes with (shapes, dims, literals).
MAX_INT = 2 ** 63 - 1


def max_tensor_elements() -> int:
    """Largest tensor a node may hold: the document's own cap (shared with the file loader)."""
    return int(MAX_TENSOR_ELEMENTS)


class ScriptError(ValueError):
    """A script the language refuses, with where: ``line`` (1-based) and ``col`` (1-based, in
    characters). ``end_line``/``end_col`` (exclusive) span the offending text when known, so an
    editor can underline it. ``message`` is written for a learner and shown as is."""

    def __init__(self, message: str, line: int = 1, col: int = 1,
                 end_line: int | None = None, end_col: int | None = None) -> None:
        super().__init__(message, line, col)
        self.message = message
        self.line = int(line)
        self.col = int(col)
        self.end_line = self.line if end_line is None else int(end_line)
        self.end_col = self.col + 1 if end_col is None else int(end_col)

    def __str__(self) -> str:
        return Message("line {line}, column {col}: {message}", line=self.line, col=self.col,
                       message=self.message)
