"""Sizes and cyclomatic complexity of the project's Python files (``ast`` only; radon's rules).

    python tools/complexity.py                 # files over 600 lines, functions over 20
    python tools/complexity.py --over 25 --lines 800

A function's complexity is 1 plus one for every ``if``/``elif``, loop, ``except``, conditional
expression, comprehension ``if``, ``case`` and every extra operand of ``and``/``or`` (what
radon's ``cc`` counts). Nested functions and classes are counted on their own.
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("engine", "explorer", "resources", "tools", "main.py")
_BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.IfExp, ast.ExceptHandler, ast.match_case)


def complexity(func: ast.AST) -> int:
    """McCabe complexity of one function, not descending into nested functions or classes."""
    total = 1
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, _BRANCHES):
            total += 1
        elif isinstance(node, ast.BoolOp):
            total += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            total += 1 + len(node.ifs)
        stack.extend(ast.iter_child_nodes(node))
    return total


def functions(tree: ast.AST, prefix: str = ""):
    """``(qualified name, line, complexity)`` of every function, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"{prefix}{node.name}", node.lineno, complexity(node)
            yield from functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, f"{prefix}{node.name}.")
        else:
            yield from functions(node, prefix)


def files(root: Path = ROOT) -> list[Path]:
    out = []
    for entry in SOURCES:
        path = root / entry
        out += [path] if path.is_file() else sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--over", type=int, default=20, help="list functions above this complexity (20)")
    parser.add_argument("--lines", type=int, default=600, help="list files above this many lines (600)")
    args = parser.parse_args(argv)
    rows, big = [], []
    for path in files():
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        lines = text.count("\n")
        if lines > args.lines:
            big.append((lines, rel))
        rows += [(cc, f"{rel}:{line}", name) for name, line, cc in functions(ast.parse(text, rel))]
    print(f"files over {args.lines} lines: {len(big)}")
    for lines, rel in sorted(big, reverse=True):
        print(f"  {lines:6d}  {rel}")
    over = sorted((r for r in rows if r[0] > args.over), reverse=True)
    print(f"functions over complexity {args.over}: {len(over)} of {len(rows)} "
          f"(over 25: {sum(1 for r in rows if r[0] > 25)}; max {max(r[0] for r in rows)})")
    for cc, where, name in over:
        print(f"  {cc:4d}  {where}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
