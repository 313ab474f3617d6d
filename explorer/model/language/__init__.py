"""The expression language: PyTorch-like scripts <-> graph documents.

``parse_script(source)`` builds a :class:`~explorer.model.document.Document` from a script such
as the PyTorch tutorial's ``Q = 3*a**3 - b**2`` (read with :mod:`ast` against a whitelist;
nothing is ever evaluated by Python). ``to_script(doc)`` prints any document back to the
language and ``to_torch_script(doc)`` prints a runnable PyTorch program. Errors are
:class:`ScriptError` with a line and a column.
"""
from explorer.model.language.equivalence import difference, equivalent
from explorer.model.language.errors import (
    MAX_EXPONENT,
    MAX_NESTING,
    MAX_NODES,
    MAX_SOURCE_CHARS,
    MAX_TOTAL_ELEMENTS,
    ScriptError,
    max_tensor_elements,
)
from explorer.model.language.parser import parse_script
from explorer.model.language.printer import array_text, number_text, to_script, to_torch_script

__all__ = [
    "parse_script", "to_script", "to_torch_script", "ScriptError", "equivalent", "difference",
    "MAX_SOURCE_CHARS", "MAX_NESTING", "MAX_EXPONENT", "MAX_NODES", "MAX_TOTAL_ELEMENTS", "max_tensor_elements", "number_text",
    "array_text",
]
