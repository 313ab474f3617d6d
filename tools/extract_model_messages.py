"""Collect the templates of ``Message("...")`` literals, and find messages written as plain text.

    python tools/extract_model_messages.py           # list the templates (and plain sites)
    python tools/extract_model_messages.py --check   # exit 1 if a message is written as plain text

``explorer/model`` is Qt-free, so it says what happened as data:
``Message("unknown function '{name}'", name=name)`` (``explorer.model.messages``), and the view
translates the template (Qt context ``model``, ``explorer.view.i18n.tr_message``).
``tools/build_translations.py`` calls :func:`templates` to write them into the .ts; nothing is
generated in the source tree. Sources are read with ``ast``: nothing is imported or run.

:func:`plain_sites` is the guard against slipping back (a test runs it): a place where the
model (or a view error) gives the user text, written as a literal or f-string instead of a
Message. Such a place is the text argument of an ``...Error(...)`` call or of a parser's
``error(node, text)``/``fail(text)`` helper; a string assigned to ``msg``/``message``/``error``
(or such a keyword); a value of a module-level ``..._UNSUPPORTED``/``..._MESSAGES`` dict; what an
error's ``__str__`` or a ``suggest``/``hint``/``..._error`` function returns; in the model also
an undo command's ``self.text``. In ``explorer/view`` only the ``...Error(...)`` calls count.
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

_CALL_TEXT_ARG = {"error": 1, "_error": 1}          # self.error(node, "text")
_CALL_FIRST_ARG = ("fail", "_fail", "_err", "refuse", "_refuse",
                   # the program runner's stops (explorer/model/program/budget.py)
                   "Refused", "BudgetExceeded", "ProgramStop", "Cancelled")
_MESSAGE_NAMES = {"msg", "message", "error", "reason", "warning", "suggest", "extra", "hint", "which"}
# Functions whose return value is a message (``_root_problem``, ``_op_error``, ``suggest``).
_RETURNS_MESSAGE = re.compile(r"suggest|hint|problem|_error$|_message$|_warning$|^over$|^refused_attr$")
_FRAGMENT_FUNCS = {"_json_type"}
_DICT_NAMES = re.compile(r"(UNSUPPORTED|MESSAGES|_HINTS|FORBIDDEN_BUILTINS)$")


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_text(expr: ast.expr) -> bool:
    """Text a user would read, written in place: a literal with at least a word in it, an
    f-string with words around its values, or such text joined with ``+``/chosen with ``if``."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return len(re.findall(r"[A-Za-z]", expr.value)) >= 4
    if isinstance(expr, ast.JoinedStr):
        literal = "".join(str(v.value) for v in expr.values if isinstance(v, ast.Constant))
        return len(re.findall(r"[A-Za-z]", literal)) >= 4
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _is_text(expr.left) or _is_text(expr.right)
    if isinstance(expr, ast.IfExp):
        return _is_text(expr.body) or _is_text(expr.orelse)
    if isinstance(expr, ast.BoolOp):
        return any(_is_text(v) for v in expr.values)
    if isinstance(expr, ast.Call) and _call_name(expr.func) == "get" and len(expr.args) == 2:
        return _is_text(expr.args[1])     # _UNSUPPORTED.get(type(st), f"...")
    return False


def _plain_in(tree: ast.AST, errors_only: bool, command_texts: bool) -> list[ast.expr]:
    """The places in ``tree`` that give the user text written in place (see the module
    docstring); ``errors_only``: only the text arguments of error calls."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            candidates = _call_texts(node, errors_only)
        elif errors_only:
            continue
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            candidates = _assigned_texts(node, command_texts)
        elif isinstance(node, ast.FunctionDef):
            candidates = _returned_texts(node)
        else:
            continue
        found += [expr for expr in candidates if expr is not None and _is_text(expr)]
    return found


def _call_texts(node: ast.Call, errors_only: bool) -> list[ast.expr | None]:
    """An error's (or a parser helper's) text argument, and message-like keywords."""
    name = _call_name(node.func) or ""
    out: list[ast.expr | None] = []
    if name.endswith("Error") or name in _CALL_FIRST_ARG:
        out.append(node.args[0] if node.args else None)
    elif name in _CALL_TEXT_ARG and len(node.args) > _CALL_TEXT_ARG[name]:
        out.append(node.args[_CALL_TEXT_ARG[name]])
    if not errors_only:
        out += [kw.value for kw in node.keywords if kw.arg in _MESSAGE_NAMES]
    return out


def _assigned_texts(node: ast.Assign | ast.AnnAssign, command_texts: bool) -> list[ast.expr | None]:
    """A value given to a message-like name (or an undo command's text), and the values of a
    module's message dicts."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = [t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else ""
             for t in targets]
    out: list[ast.expr | None] = []
    if any(n in _MESSAGE_NAMES for n in names):
        out.append(node.value)
    elif "where" in names and isinstance(node.value, ast.IfExp):
        out.append(node.value)     # where = f" because '{x}' failed" if ... else ""
    elif command_texts and any(isinstance(t, ast.Attribute) and t.attr == "text" for t in targets):
        out.append(node.value)     # an undo command's text (Edit ▸ Undo ...)
    if any(_DICT_NAMES.search(n) for n in names) and isinstance(node.value, ast.Dict):
        out += node.value.values
    return out


def _returned_texts(node: ast.FunctionDef) -> list[ast.expr | None]:
    """What a function whose result is a message returns (``__str__``, ``suggest``, ...)."""
    if not (node.name == "__str__" or node.name in _FRAGMENT_FUNCS or _RETURNS_MESSAGE.search(node.name)):
        return []
    return [sub.value for sub in ast.walk(node) if isinstance(sub, ast.Return)]


def _sources() -> list[tuple[Path, bool]]:
    """(file, errors only): the model, and the view's own error classes (a typed value, an export)."""
    model = [p for p in sorted(MODEL.rglob("*.py")) if p.name != "messages.py"]   # not the Message class
    return [*((p, False) for p in model), *((p, True) for p in sorted(VIEW.rglob("*.py")))]


def plain_sites() -> list[str]:
    """``file:line: text`` for each user-facing text written as a literal instead of a Message,
    and for each ``Message(...)`` whose template is not a literal (it could not be extracted)."""
    out = []
    for path, errors_only in _sources():
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for expr in _plain_in(tree, errors_only, command_texts=not errors_only):
            out.append(f"{rel}:{expr.lineno}: {ast.unparse(expr)[:90]}")
        for node in ast.walk(tree):
            if _is_message_call(node) and not _template_of(node):
                out.append(f"{rel}:{node.lineno}: Message() needs a literal template, not {ast.unparse(node)[:60]}")
    number = lambda line: (line.split(":")[0], int(line.split(":")[1]))
    return sorted(out, key=number)


def _is_message_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _call_name(node.func) == "Message"


def _template_of(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def collect() -> list[tuple[str, str]]:
    """(template, first file:line using it) for every ``Message("...")``, in template order (so
    moving a line changes nothing in the .ts)."""
    seen: dict[str, str] = {}
    for path, _errors_only in _sources():
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_message_call(node):
                template = _template_of(node)
                if template is not None:
                    seen.setdefault(template, f"{rel}:{node.lineno}")
    return sorted(seen.items())


def templates() -> list[str]:
    return [template for template, _where in collect()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a message is written as plain text instead of a Message")
    args = parser.parse_args(argv)
    plain = plain_sites()
    if not args.check:
        for template, where in collect():
            print(f"{where}: {template}")
    for line in plain:
        print(f"{line}   <- write it as Message(\"...\", name=value)", file=sys.stderr)
    print(f"{len(collect())} message templates, {len(plain)} plain-text messages", file=sys.stderr)
    return 1 if plain else 0


if __name__ == "__main__":
    sys.exit(main())
