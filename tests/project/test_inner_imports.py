"""Imports live at the top of a module (issue #18): an import inside a function hides a
dependency from the reader and from ``tools/import_graph.py``'s picture of the layers.

Two kinds are allowed, each saying so in a trailing comment on the import:

- ``# seam: ...`` -- a documented startup seam, where importing late is the point: the entry
  point's GUI/headless split (``explorer/__main__.py``), a command-line handler that loads the
  model only when its command runs (``explorer/cli/``), a view module that must paint before
  numpy loads. Say which seam.
- ``# cycle: ...`` -- the import breaks an import cycle: name the cycle and why the dependency
  cannot point one way.

The seams today (24 inner imports in the whole tree):
the command line (``explorer/__main__.py``'s GUI/headless split and each ``explorer/cli``
command's handler: a headless command never imports Qt), the window's model side
(``MainWindow.attach_model`` imports ``window/model_side.py`` after the frame's first paint;
the frame's undo stack and Output dock get the model's rules and runs handed to them there),
and pyqtgraph when a plot is first opened (``explorer/view/plots``). One ``# cycle:`` is left
in the engine (``forward_ad.unpack_dual`` -> ``dispatch``).

Every other inner import in ``engine/`` and ``explorer/`` fails here, naming file:line, unless
it is listed in :data:`NOT_YET_MARKED` (empty now; it held the ones found when this test was
written). That list may only shrink. To see the table as the tree has it now::

    python tests/project/test_inner_imports.py
"""
from __future__ import annotations

import ast
import functools
import io
import tokenize
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("engine", "explorer")
MARKERS = ("seam", "cycle:")

#: Inner imports with neither marker, per ``file:function`` (methods as ``Class.method``,
#: nested functions as ``outer.inner``): the count. Shrink it as they move to the top or get
#: their ``# seam:``/``# cycle:`` comment; never grow it.
NOT_YET_MARKED: dict[str, int] = {
}


def _comments(source: str) -> dict[int, str]:
    """The comment on each line that has one."""
    out: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string
    return out


def inner_imports(source: str, filename: str = "<source>") -> list[tuple[str, int, bool]]:
    """``(function, line, marked)`` for every import inside a function of ``source``: marked
    when a comment on one of the statement's lines holds ``seam`` or ``cycle:``."""
    found: list[tuple[str, ast.stmt]] = []

    def visit(node: ast.AST, scope: str, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{scope}.{child.name}" if scope else child.name
                visit(child, name, in_function or not isinstance(child, ast.ClassDef))
            elif isinstance(child, (ast.Import, ast.ImportFrom)) and in_function:
                found.append((scope, child))
            else:
                visit(child, scope, in_function)

    visit(ast.parse(source, filename), "", False)
    if not found:
        return []
    comments = _comments(source)   # tokenizing is the slow part: only where there are some
    out = []
    for scope, node in found:
        text = " ".join(comments.get(line, "") for line in range(node.lineno, node.end_lineno + 1))
        out.append((scope, node.lineno, any(m in text for m in MARKERS)))
    return out


@functools.lru_cache(maxsize=1)
def unmarked(root: Path = ROOT) -> tuple[Counter, dict[str, list[int]]]:
    """Unmarked inner imports in the tree: the count per ``file:function`` and their lines."""
    counts: Counter = Counter()
    lines: dict[str, list[int]] = {}
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            rel = path.relative_to(root).as_posix()
            for function, line, marked in inner_imports(path.read_text(encoding="utf-8"), rel):
                if not marked:
                    key = f"{rel}:{function}"
                    counts[key] += 1
                    lines.setdefault(key, []).append(line)
    return counts, lines


def test_every_inner_import_is_a_marked_seam_or_cycle_or_still_listed():
    counts, lines = unmarked()
    new = []
    for key in sorted(counts):
        listed = NOT_YET_MARKED.get(key, 0)
        if counts[key] > listed:
            path, function = key.split(":")
            where = ", ".join(f"{path}:{line}" for line in lines[key])
            new.append(f"{where} (in {function}: {counts[key]} unmarked, {listed} listed)")
    assert not new, ("imports inside functions without a '# seam: ...' or '# cycle: ...' comment "
                     "(move them to the module's top, or say which seam / which cycle):\n  "
                     + "\n  ".join(new))


def test_the_list_of_unmarked_imports_only_shrinks():
    counts, _ = unmarked()
    stale = [f'"{key}": {listed} -> {counts.get(key, 0) or "delete the entry"}'
             for key, listed in sorted(NOT_YET_MARKED.items()) if counts.get(key, 0) < listed]
    assert not stale, ("these inner imports were moved or marked: shrink NOT_YET_MARKED in "
                       "tests/project/test_inner_imports.py:\n  " + "\n  ".join(stale))


def test_the_scanner_tells_marked_from_unmarked_imports():
    source = '''
import os

def f():
    import json
    from a import (b,
                   c)  # cycle: a -> here -> a, a's registry calls f
    return json

class K:
    import typing   # a class body is not a function

    def m(self):
        def inner():
            from x import y  # seam: CLI command
            import z
        return inner
'''
    assert inner_imports(source) == [("f", 5, False), ("f", 6, True), ("K.m.inner", 15, True),
                                     ("K.m.inner", 16, False)]


if __name__ == "__main__":   # the table as the tree has it now, to paste over NOT_YET_MARKED
    found, at = unmarked()
    print("NOT_YET_MARKED: dict[str, int] = {")
    for key in sorted(found, key=lambda k: (k.split(":")[0], min(at[k]))):
        print(f'    "{key}": {found[key]},')
    print("}")
