"""What the language knows about operations: everything comes from ``engine.ops.OPS``.

The only names listed here are *aliases*: spellings PyTorch uses for an op of the table
(``torch.multiply`` is ``mul``), module paths, dtypes and tensor constructors — never the
ops themselves.
"""
from __future__ import annotations

import difflib
import re
from typing import Any, Iterable, Mapping

from engine.ops import OPS, REQUIRED
from explorer.model.messages import Message

#: PyTorch spellings of ops in the table, resolved only if the table has the target op.
FUNCTION_ALIASES: dict[str, str] = {
    "subtract": "sub",
    "multiply": "mul",
    "divide": "div",
    "true_divide": "div",
    "negative": "neg",
    "absolute": "abs",
    "clip": "clamp",
}

#: Module paths a script may name (import or use), with their canonical torch spelling.
MODULES: dict[str, str] = {
    "torch": "torch",
    "torch.nn": "torch.nn",
    "torch.nn.functional": "torch.nn.functional",
    "engine": "torch",
    "engine.nn": "torch.nn",
    "engine.nn.functional": "torch.nn.functional",
}

#: Names usable without an import (so pasted snippets without their import lines still parse).
DEFAULT_MODULE_NAMES: dict[str, str] = {
    "torch": "torch",
    "engine": "torch",
    "F": "torch.nn.functional",
    "nn": "torch.nn",
}

DTYPE_NAMES: dict[str, str] = {
    "float32": "float32", "float": "float32",
    "float64": "float64", "double": "float64",
    "int64": "int64", "long": "int64",
}

#: Tensor constructors the language understands (handled by the parser, not the op table).
CONSTRUCTORS = ("tensor", "zeros", "ones", "full", "rand", "randn", "arange", "linspace",
                "eye", "zeros_like", "ones_like")

#: Names a node may not take in a script (they mean something else there).
RESERVED = frozenset({
    "torch", "engine", "F", "nn", "tensor", "print", "float", "int", "math", "np", "numpy",
    "float32", "float64", "double", "long", "int64", "nan", "inf",
    *CONSTRUCTORS,
})


def ops() -> Mapping[str, Any]:
    """The engine's op table (the one place ops live)."""
    return OPS


def required_sentinel() -> Any:
    """The op table's marker of a parameter without a default."""
    return REQUIRED


def symbol_op(symbol: str, arity: int) -> str | None:
    """The op written with a Python operator (``"*"`` with two inputs is ``mul``)."""
    for name, op in ops().items():
        if op.symbol == symbol and op.arity == arity:
            return name
    return None


def unary_minus_op() -> str | None:
    """The op a unary minus makes (``-x``): one input, written ``-`` (the table may spell it
    ``"-"`` or ``"neg"``)."""
    for name, op in ops().items():
        if op.arity == 1 and op.symbol in ("-", "neg"):
            return name
    return None


def optional_inputs(op: Any) -> int:
    """How many trailing inputs of ``op`` may stay unconnected (linear's bias)."""
    return op.optional_inputs


def input_names(op: Any) -> tuple[str, ...]:
    names = tuple(op.input_names)
    return names if len(names) == op.arity else ()


def resolve_op(name: str) -> str | None:
    table = ops()
    if name in table:
        return name
    target = FUNCTION_ALIASES.get(name)
    if target is not None and target in table:
        return target
    return None


def suggest(name: str, candidates: Iterable[str]) -> str:
    """`` — did you mean 'exp'?`` or an empty string."""
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return (Message(" — did you mean '{close}'?", close=close[0]) if close else '')


def function_names() -> list[str]:
    return [*ops(), *(a for a, t in FUNCTION_ALIASES.items() if t in ops()), *CONSTRUCTORS]


def is_auto_name(name: str, kind: str, op: str | None) -> bool:
    """Whether ``name`` looks made up by the program rather than chosen by a person.

    Such nodes print inline inside the expression that uses them (``3*a**3`` rather than
    ``pow1 = a ** 3`` ...); a person's name always gets its own line."""
    if kind == "op" and op:
        return re.fullmatch(re.escape(op) + r"\d*", name) is not None
    if kind == "const":
        return re.fullmatch(r"(c|const)\d*", name) is not None
    return False
