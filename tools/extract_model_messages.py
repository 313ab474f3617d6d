"""Collect the model layer's user-facing messages as shapes the view can translate.

    python tools/extract_model_messages.py           # rewrite explorer/view/model_messages.py
    python tools/extract_model_messages.py --check   # exit 1 if it is out of date

``explorer/model`` is Qt-free, so its messages (script errors, file errors, runner and lecture
errors) are English there. This script reads its sources with ``ast`` (nothing is imported or
run) and turns every message literal into a (regular expression, template) pair:

    raise ScriptError(f"unknown function '{name}' — did you mean '{best}'?", ...)
    ->  (r"unknown\\ function\\ '(?P<name>.*?)'\\ —\\ did ...", "unknown function '{name}' — did you mean '{best}'?")

``explorer.view.i18n.tr_message`` matches a message against the regular expressions, translates
the template (Qt context ``model``) and formats the captured text back in. Captured parts named
like an error (``exc``, ``msg``, ...) are translated again, so wrapped messages come out whole.

A message is: the text argument of a call to an ``...Error`` class or to a parser's
``error(node, text)``/``fail(text)`` helper; a string assigned to ``msg``/``message``/``error``
(or an ``error=`` keyword); a value of a module-level ``..._UNSUPPORTED``/``..._MESSAGES``
dict; the f-string an error class's ``__str__`` returns, or a ``suggest``/``hint`` function
(" — did you mean 'exp'?"), also when assigned to ``suggest``/``extra``/``hint``. In
``explorer/view`` only the text of ``...Error(...)`` calls counts (view errors raised with an
English literal, such as a mistyped value in the inspector). Literal parts joined with ``+`` and
both arms of ``a if c else b`` count. ``build_translations.py`` adds the templates to the .ts
(context ``model``); a test fails when this file is out of date.
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "explorer" / "model"
VIEW = ROOT / "explorer" / "view"
OUT = VIEW / "model_messages.py"

_CALL_TEXT_ARG = {"error": 1, "_error": 1}          # self.error(node, "text")
_CALL_FIRST_ARG = ("fail", "_fail", "_err", "refuse", "_refuse",
                   # the program runner's stops (explorer/model/program/budget.py)
                   "Refused", "BudgetExceeded", "ProgramStop", "Cancelled")
_MESSAGE_NAMES = {"msg", "message", "error", "reason", "warning", "suggest", "extra", "hint", "which"}
# Functions whose return value is a message (``_root_problem``, ``_op_error``, ``suggest``).
_RETURNS_MESSAGE = re.compile(r"suggest|hint|problem|_error$|_message$|_warning$|^over$|^refused_attr$")
# Functions returning an English fragment that messages embed ("found a list").
_FRAGMENT_FUNCS = {"_json_type"}
_DICT_NAMES = re.compile(r"(UNSUPPORTED|MESSAGES|_HINTS|FORBIDDEN_BUILTINS)$")


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _placeholder(expr: ast.expr) -> str:
    """A readable name for the value an f-string puts here: ``node.name`` -> ``name``."""
    while isinstance(expr, (ast.Subscript, ast.Call)):
        if isinstance(expr, ast.Call):
            name = _call_name(expr.func)
            if name in ("repr", "str", "len", "int", "float", "type", "sorted", "list", "tuple", "abs"):
                if expr.args:
                    expr = expr.args[0]
                    continue
            if name == "join" and expr.args:
                expr = expr.args[0]
                continue
            return name or "value"
        expr = expr.value
    if isinstance(expr, ast.Name):
        return expr.id.strip("_") or "value"
    if isinstance(expr, ast.Attribute):
        return expr.attr.strip("_") or "value"
    if isinstance(expr, (ast.GeneratorExp, ast.ListComp)):
        return "values"
    return "value"


# Values that are messages themselves (explorer.view.i18n translates them again); keep in step
# with i18n._NESTED.
_WRAPPED = re.compile(r"(exc|msg|message|error|reason|detail|suggest|extra|hint|which|over|_json_type|where)")


def _slot_name(value: str) -> str:
    base = re.sub(r"\W", "_", value) or "value"
    return base if (base[0].isalpha() or base[0] == "_") else "v_" + base


class _Template:
    """Literal text and placeholders, in order."""

    def __init__(self, parts: list[tuple[str, str]]) -> None:
        self.parts = parts   # ("text", s) | ("slot", name)

    def __add__(self, other: "_Template") -> "_Template":
        return _Template(self.parts + other.parts)

    def finish(self) -> tuple[str, str] | None:
        parts: list[tuple[str, str]] = []
        for kind, value in self.parts:   # merge adjacent texts
            if kind == "text" and parts and parts[-1][0] == "text":
                parts[-1] = ("text", parts[-1][1] + value)
            else:
                parts.append((kind, value))
        for (k1, v1), (k2, v2) in zip(parts, parts[1:]):
            if (k1, k2) == ("text", "slot") and v1.endswith("{") or \
                    (k1, k2) == ("slot", "text") and v2.startswith("}"):
                return None   # "'{{{field}}}'": a value in literal braces has no clean template
        literal = "".join(v for k, v in parts if k == "text")
        wraps = any(k == "slot" and _WRAPPED.fullmatch(_slot_name(v)) for k, v in parts)
        if len(re.findall(r"[A-Za-z]", literal)) < 4 and literal not in ("null",) and not (wraps and literal.strip()):
            # "{a} {b}": nothing to translate, would match anything. Kept: frames around a
            # wrapped message ("{op}: {msg}", "{message} (in '{snippet}')"), whose inner
            # message is translated in turn.
            return None
        seen: dict[str, int] = {}
        regex, template = "", ""
        for kind, value in parts:
            if kind == "text":
                regex += re.escape(value)
                template += value.replace("{", "{{").replace("}", "}}")
            else:
                base = _slot_name(value)
                seen[base] = seen.get(base, 0) + 1
                name = base if seen[base] == 1 else f"{base}_{seen[base]}"
                regex += f"(?P<{name}>.*?)"
                template += "{" + name + "}"
        return regex, template


def _templates(expr: ast.expr) -> list[_Template]:
    """Every text ``expr`` can evaluate to, as templates ([] if it is not built from literals)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [_Template([("text", expr.value)])]
    if isinstance(expr, ast.JoinedStr):
        # f"...{'s' if n != 1 else ''}...": each literal arm is its own message, so a
        # translator never sees a word split around a placeholder.
        variants: list[list[tuple[str, str]]] = [[]]
        for value in expr.values:
            if isinstance(value, ast.Constant):
                variants = [v + [("text", str(value.value))] for v in variants]
            elif isinstance(value, ast.FormattedValue):
                inner = value.value
                arms = [inner.body, inner.orelse] if isinstance(inner, ast.IfExp) else []
                if arms and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in arms):
                    variants = [v + [("text", a.value)] for v in variants for a in arms]
                else:
                    variants = [v + [("slot", _placeholder(inner))] for v in variants]
        return [_Template(v) for v in variants]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        left, right = _templates(expr.left), _templates(expr.right)
        if left and right:
            return [a + b for a in left for b in right]
        if left:
            return [a + _Template([("slot", _placeholder(expr.right))]) for a in left]
        if right:
            return [_Template([("slot", _placeholder(expr.left))]) + b for b in right]
        return []
    if isinstance(expr, ast.IfExp):
        return _templates(expr.body) + _templates(expr.orelse)
    if isinstance(expr, ast.BoolOp):
        return [t for v in expr.values for t in _templates(v)]
    if isinstance(expr, ast.Call) and _call_name(expr.func) == "get" and len(expr.args) == 2:
        return _templates(expr.args[1])     # _UNSUPPORTED.get(type(st), f"...")
    return []


def _messages_in(tree: ast.AST, errors_only: bool = False) -> list[tuple[int, _Template]]:
    found: list[tuple[int, _Template]] = []

    def add(expr: ast.expr | None) -> None:
        if expr is not None:
            found.extend((expr.lineno, t) for t in _templates(expr))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node.func) or ""
            if name.endswith("Error") or name in _CALL_FIRST_ARG:
                add(node.args[0] if node.args else None)
            elif name in _CALL_TEXT_ARG and len(node.args) > _CALL_TEXT_ARG[name]:
                add(node.args[_CALL_TEXT_ARG[name]])
            if errors_only:
                continue
            for kw in node.keywords:
                if kw.arg in _MESSAGE_NAMES:
                    add(kw.value)
        elif errors_only:
            continue
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else ""
                     for t in targets]
            if any(n in _MESSAGE_NAMES for n in names):
                add(node.value)
            elif "where" in names and isinstance(node.value, ast.IfExp):
                add(node.value)     # where = f" because '{x}' failed" if ... else ""
            if any(_DICT_NAMES.search(n) for n in names) and isinstance(node.value, ast.Dict):
                for value in node.value.values:
                    add(value)
        elif isinstance(node, ast.FunctionDef) and (node.name == "__str__" or node.name in _FRAGMENT_FUNCS
                                                     or _RETURNS_MESSAGE.search(node.name)):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Return):
                    add(sub.value)
    return found


def collect() -> list[tuple[str, str, str]]:
    """(regex, template, where) for every message of explorer/model, most specific first."""
    seen: dict[str, tuple[str, str, str]] = {}
    sources = [(p, False) for p in sorted(MODEL.rglob("*.py"))]
    # The view's own error classes (a typed value, an export) raised with English literals.
    sources += [(p, True) for p in sorted(VIEW.rglob("*.py")) if p != OUT]
    for path, errors_only in sources:
        rel = path.relative_to(ROOT).as_posix()
        for line, template in _messages_in(ast.parse(path.read_text(encoding="utf-8")), errors_only):
            done = template.finish()
            if done is not None and done[1] not in seen:
                seen[done[1]] = (done[0], done[1], f"{rel}:{line}")
    # Shapes that start with text before shapes that start with a value: an outer frame such as
    # "line {line}, column {col}: {message}" must win over "{written}() needs ..." capturing
    # "line 1, column 5: linear" as its first value. Then longer literal text first: "x (y) is
    # not connected" before a catch-all "'{name}': {exc}".
    literal = lambda t: len(re.sub(r"\{\w+\}", "", t.replace("{{", "").replace("}}", "")))
    slot_first = lambda t: bool(re.match(r"\{\w+\}", t))
    return sorted(seen.values(), key=lambda e: (slot_first(e[1]), -literal(e[1]), e[1]))


def render(entries: list[tuple[str, str, str]]) -> str:
    lines = ['"""The model layer\'s messages as (regular expression, English template) pairs.',
             "",
             "Generated by tools/extract_model_messages.py from explorer/model's",
             "sources; do not edit by hand. ``explorer.view.i18n.tr_message`` uses it (Qt context",
             '``model``)."""',
             "",
             "MESSAGES: tuple[tuple[str, str], ...] = ("]
    for regex, template, where in entries:
        lines.append(f"    ({regex!r},  # {where}")
        lines.append(f"     {template!r}),")
    lines.append(")")
    return "\n".join(lines) + "\n"


def templates() -> list[str]:
    return [t for _r, t, _w in collect()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if model_messages.py is out of date")
    args = parser.parse_args(argv)
    text = render(collect())
    current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    # the "# where" comments (line numbers) may drift without the file being out of date
    strip = lambda s: re.sub(r"  # \S+:\d+$", "", s, flags=re.M)
    if args.check:
        if strip(current) != strip(text):
            print(f"{OUT.relative_to(ROOT)} is out of date: run {Path(__file__).relative_to(ROOT)}")
            return 1
        return 0
    if strip(current) != strip(text) or current != text:
        OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {text.count(chr(10) + '    (')} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
