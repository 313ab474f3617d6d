"""What the script parser's parts share: the whitelist's refusals, the caps checked before
walking, the pending-node record and small helpers (see :mod:`explorer.model.language.parser`).
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import engine
from explorer.model.language.errors import MAX_NESTING, ScriptError
from explorer.model.messages import Message


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@"}
_NUMBER_ONLY_BINOPS = {ast.FloorDiv: "//", ast.Mod: "%"}

_UNSUPPORTED = {
    ast.Lambda: Message("lambda functions are not part of the expression language"),
    ast.FunctionDef: Message("function definitions ('def') are not part of the expression language"),
    ast.AsyncFunctionDef: Message("function definitions ('def') are not part of the expression language"),
    ast.ClassDef: Message("class definitions are not part of the expression language"),
    ast.For: Message("'for' loops are not part of the expression language: write each step out"),
    ast.AsyncFor: Message("'for' loops are not part of the expression language: write each step out"),
    ast.While: Message("'while' loops are not part of the expression language"),
    ast.If: Message("'if' statements are not part of the expression language"),
    ast.With: Message("'with' blocks (such as torch.no_grad()) are not part of the expression language"),
    ast.AsyncWith: Message("'with' blocks are not part of the expression language"),
    ast.Try: Message("'try' blocks are not part of the expression language"),
    ast.Raise: Message("'raise' is not part of the expression language"),
    ast.Assert: Message("'assert' is not part of the expression language"),
    ast.Delete: Message("'del' is not part of the expression language"),
    ast.Global: Message("'global' is not part of the expression language"),
    ast.Nonlocal: Message("'nonlocal' is not part of the expression language"),
    ast.Return: Message("'return' is not part of the expression language"),
    ast.AugAssign: Message("in-place updates like '+=' are not supported: write 'x = x + ...' instead"),
    ast.AnnAssign: Message("type annotations are not supported: write 'name = expression'"),
    ast.ListComp: Message("list comprehensions are not supported: write the numbers out"),
    ast.SetComp: Message("set comprehensions are not supported"),
    ast.DictComp: Message("dict comprehensions are not supported"),
    ast.GeneratorExp: Message("generator expressions are not supported"),
    ast.IfExp: Message("'... if ... else ...' expressions are not supported"),
    ast.BoolOp: Message("'and' / 'or' are not supported"),
    ast.Compare: Message("comparisons ('==', '<', ...) are only allowed inside print(...)"),
    ast.Subscript: Message("indexing like x[0] is not supported: the graph works on whole tensors"),
    ast.Starred: Message("'*' unpacking is not supported"),
    ast.Dict: Message("dictionaries are not supported"),
    ast.Set: Message("sets are not supported"),
    ast.JoinedStr: Message("f-strings are only allowed inside print(...)"),
    ast.NamedExpr: Message("':=' is not supported: use a separate 'name = expression' line"),
    ast.Await: Message("'await' is not supported"),
    ast.Yield: Message("'yield' is not supported"),
    ast.YieldFrom: Message("'yield' is not supported"),
    ast.Slice: Message("slices are not supported"),
}
if hasattr(ast, "Match"):
    _UNSUPPORTED[ast.Match] = "'match' statements are not part of the expression language"


#: Largest whole-number literal, in bits (about 300 decimal digits; beyond it even a float overflows).
_MAX_LITERAL_BITS = 1000
#: Most dimensions a tensor may have (numpy's and PyTorch's limit).
MAX_DIMS = 32

_GROUP_COMMENT = re.compile(r'#\s*group\s+("(?:[^"\\]|\\.)*")\s*:(.*)$')


_AFTER_RUNNING = ("item", "numpy", "tolist", "size", "dim", "numel")
_NOT_IN_GRAPHS = {
    "detach": "detach() is not part of the graph language: use a leaf with requires_grad=False instead",
    "float": ".float() is not needed: write the tensor with dtype=float32",
    "double": ".double() is not supported: write the tensor with dtype=float64",
    "clone": "clone() is not needed in a graph: use the tensor itself",
    "zero_": "in-place operations (ending in '_') are not part of the graph language",
    "add_": "in-place operations (ending in '_') are not part of the graph language",
    "mul_": "in-place operations (ending in '_') are not part of the graph language",
}


class _Num:
    """A Python number while the script computes with plain numbers (``1/3``, ``2**3``)."""

    __slots__ = ("value",)

    def __init__(self, value: int | float) -> None:
        self.value = value


class _Missing:
    """``None`` written where a tensor input goes: an unconnected input port."""


MISSING = _Missing()


@dataclass
class _Pending:
    """A node before names are settled (names are given at the end, see ``_finish``)."""

    kind: str
    at: ast.AST
    op: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    value: np.ndarray | None = None
    dtype: str = "float32"
    requires_grad: bool = False
    retain_grad: bool = False
    inputs: list[int | None] = field(default_factory=list)
    hint: str = ""          # a variable name this node once had (for its automatic name)
    static: Any = None      # the engine tensor computed at parse time (None: unknown)
    gradient_use: bool = False


# --------------------------------------------------------------------------------------------
# caps checked before walking
# --------------------------------------------------------------------------------------------
def _check_tree(tree: ast.AST, source: str) -> None:
    """One iterative walk (no recursion) over the whole tree, before anything is built: refuse
    expressions nested deeper than the cap, and any name with double underscores (the way
    to Python's internals, such as the built-in import hook), wherever it appears."""
    limit = MAX_NESTING + 2  # the module and the statement add two levels to any expression
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        line = getattr(node, "lineno", 1)
        if depth > limit:
            col = _char_col(source, line, getattr(node, "col_offset", 0))
            raise ScriptError(Message("this expression is nested too deeply (more than {MAX_NESTING} "
                                      "levels): split it into several lines", MAX_NESTING=MAX_NESTING), line, col)
        name = (node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute)
                else node.name if isinstance(node, ast.alias) else None)
        if name and "__" in name:
            col = _char_col(source, line, getattr(node, "col_offset", 0)) if hasattr(node, "lineno") else 1
            raise ScriptError(Message("names with double underscores like '{name}' are not allowed",
                                      name=name), line, col)
        for child in ast.iter_child_nodes(node):
            stack.append((child, depth + 1))


def _char_col(source: str, line: int, byte_col: int) -> int:
    """ast columns are UTF-8 byte offsets; editors count characters (1-based here)."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return byte_col + 1
    return len(lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", errors="replace")) + 1


def _dotted(node: ast.AST) -> list[str] | None:
    """``torch.nn.functional`` -> ["torch", "nn", "functional"]; None if not a plain dotted name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def _engine() -> Any:
    """The engine package (one name for the parser's parse-time evaluation)."""
    return engine


def _np(t: Any) -> np.ndarray:
    if isinstance(t, np.ndarray):
        return t
    for attr in ("numpy",):
        fn = getattr(t, attr, None)
        if callable(fn):
            try:
                return np.asarray(fn())
            except Exception:  # noqa: BLE001 - fall back to .data
                pass
    return np.asarray(getattr(t, "data", t))


def _size(shape: tuple[int, ...]) -> str:
    """A shape as the engine prints it (``torch.Size([3])``, as in PyTorch's messages)."""
    eng = _engine()
    size = getattr(eng, "Size", None)
    if size is not None:
        return repr(size([int(s) for s in shape]))
    return f"[{', '.join(str(int(s)) for s in shape)}]"


def _short(v: Any) -> str:
    if isinstance(v, int) and abs(v).bit_length() > 200:
        return f"a number of about {int(abs(v).bit_length() * 0.30103) + 1:,} digits"
    text = str(v)
    return text if len(text) <= 24 else f"{text[:10]}...({len(text)} digits)"


def _op_text(op: ast.AST) -> str:
    return {ast.FloorDiv: "//", ast.Mod: "%", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|",
            ast.BitXor: "^", ast.BitAnd: "&"}.get(type(op), type(op).__name__)
