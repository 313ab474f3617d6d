"""A Code-dock script without imports that calls ``print(...)`` runs as a program.

The expression path (``parse_script``) builds the graph and has nowhere to send what ``print``
would show, so a script such as ``Q = 3*a**3 - b**2`` then ``print(Q)`` used to build the graph
and print nothing. Such a script is now run by the program runner as well, like a program that
imports torch: its output goes to the Output dock. The expression language's names (``tensor``,
``exp``, ``linear``, ``float64``...) are torch's and torch.nn.functional's, so the runner gets
the same text with those names imported at the start of its first statement's line: line
numbers (errors, stepping) stay the user's.
"""
from __future__ import annotations

import ast

from explorer.model.program.facade import FUNCTIONAL_NAMES, TORCH_NAMES

# Python's own names an expression script uses as Python (never imported from torch)
_PYTHON = frozenset({"print", "float", "int", "bool", "len", "range", "list", "tuple", "str",
                     "dict", "True", "False", "None"})


def calls_print(tree: ast.AST) -> bool:
    """Whether the script calls print() (read with ast, nothing run)."""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
               for n in ast.walk(tree))


def program_text(source: str) -> str | None:
    """The text to run as a program for a script without imports that calls print(), else
    None (the script is only an expression graph, or already a program)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if not tree.body or any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree)):
        return None
    if not calls_print(tree):
        return None
    assigned = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    free = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                  - assigned - _PYTHON)
    from_torch = [name for name in free if name in TORCH_NAMES]
    from_functional = [name for name in free if name not in TORCH_NAMES and name in FUNCTIONAL_NAMES]
    prelude = ""
    if from_torch:
        prelude += f"from torch import {', '.join(from_torch)}; "
    if from_functional:
        prelude += f"from torch.nn.functional import {', '.join(from_functional)}; "
    if not prelude:
        prelude = "import torch; "   # still a program: the runner decides by its imports
    first = tree.body[0]
    lines = source.split("\n")
    row = first.lineno - 1
    # the first statement starts its line (an expression script is straight-line code)
    lines[row] = lines[row][:first.col_offset] + prelude + lines[row][first.col_offset:]
    return "\n".join(lines)
