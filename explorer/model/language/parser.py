"""``parse_script``: a PyTorch-like script -> a graph :class:`Document`.

The script is read with :mod:`ast` and walked against a whitelist. Nothing in it is ever run
by Python: numbers are folded by hand (with caps), tensors are built from literals, and ops go
through the engine's op table, exactly as the runner would run them, so a shape error is
reported at the line that causes it, with the engine's own message.

What becomes what:

- ``a = tensor([2., 3.], requires_grad=True)`` -> a leaf (``requires_grad`` written out, either
  way, makes a leaf; a 0-d ``tensor(3.)`` is a leaf too);
- ``X = tensor([[1., 2.]])`` without ``requires_grad`` -> a constant (data: no grad toggle);
  whole numbers only (``tensor([0, 2])``) stay integers, as cross-entropy targets need;
- a Python number (``3`` in ``3*a``, or ``k = 3``) -> a 0-d constant, which the runner passes
  to the engine as a Python scalar (so ``2 - x`` gets ``RsubBackward1`` as in PyTorch);
- every op call or operator -> an op node; assigned names name nodes, anonymous
  intermediates get names after their op (``mul1``, ``pow2``);
- ``Q.backward(gradient=...)`` / ``loss.backward()`` -> the document's root and gradient;
- ``import torch`` lines and ``print(...)`` lines are accepted and ignored.
"""
from __future__ import annotations

import ast
import json
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from explorer.model.document import Document, Edge, Group, Node
from explorer.model.language.errors import (
    MAX_EXPONENT,
    MAX_INT,
    MAX_NESTING,
    MAX_NODES,
    MAX_TOTAL_ELEMENTS,
    MAX_SOURCE_CHARS,
    ScriptError,
    max_tensor_elements,
)
from explorer.model.language import optable
from explorer.model.language.optable import (
    CONSTRUCTORS,
    DEFAULT_MODULE_NAMES,
    DTYPE_NAMES,
    MODULES,
    RESERVED,
    ops,
    resolve_op,
    suggest,
)
from explorer.model.messages import Message

__all__ = ["parse_script"]

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


def parse_script(source: str) -> Document:
    """Build a document from a script; raises :class:`ScriptError` (with line and column)."""
    if not isinstance(source, str):
        raise ScriptError(Message("a script must be text"))
    if len(source) > MAX_SOURCE_CHARS:
        raise ScriptError(Message("the script is too long: {source} characters (at most "
                                  "{MAX_SOURCE_CHARS})", source=format(len(source), ","),
                                  MAX_SOURCE_CHARS=format(MAX_SOURCE_CHARS, ",")), 1, 1)
    try:
        with warnings.catch_warnings():
            # "1if x" and the like: Python warns on stderr; the script either parses or gets
            # a ScriptError, nothing for a console
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(source, mode="exec")
    except SyntaxError as exc:
        line = exc.lineno or 1
        col = exc.offset or 1
        msg = exc.msg or Message("invalid syntax")
        if "too many nested" in msg:
            msg = Message("the script is nested too deeply (at most {MAX_NESTING} levels)",
                          MAX_NESTING=MAX_NESTING)
        elif "integer string conversion" in msg:
            # Python refuses decimal literals over 4,300 digits and suggests a sys setting the
            # user cannot reach from a script: say what is wrong in our words instead.
            msg = Message("this number has too many digits (a number in a script is at most 300 digits long)")
        else:
            msg = Message("syntax error: {msg}", msg=msg)
        raise ScriptError(msg, line, max(1, col)) from None
    except ValueError as exc:  # e.g. a null byte in the text
        raise ScriptError(Message("this is not a script: {exc}", exc=exc), 1, 1) from None
    except (RecursionError, MemoryError):
        raise ScriptError(Message("the script is nested too deeply (at most {MAX_NESTING} levels)",
                                  MAX_NESTING=MAX_NESTING),
                          1, 1) from None
    _check_tree(tree, source)
    return _Parser(source).run(tree)


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
# the walker
# --------------------------------------------------------------------------------------------
class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.nodes: list[_Pending] = []
        self.vars: dict[str, int] = {}
        self.assigned: set[str] = set()
        self.modules: dict[str, str] = dict(DEFAULT_MODULE_NAMES)
        self.imported: dict[str, str] = {}     # from torch import tensor as T -> {"T": "tensor"}
        self.root: int | None = None
        self.root_gradient: np.ndarray | None = None
        self.rng = np.random.default_rng(0)
        self.max_elements = max_tensor_elements()
        self.total_elements = 0

    # ------------------------------------------------------------------ errors
    def error(self, node: ast.AST | None, message: str) -> ScriptError:
        if node is None or not hasattr(node, "lineno"):
            return ScriptError(message, 1, 1)
        line = node.lineno
        col = _char_col(self.source, line, node.col_offset)
        end_line = getattr(node, "end_lineno", None) or line
        end_off = getattr(node, "end_col_offset", None)
        end_col = _char_col(self.source, end_line, end_off) if end_off is not None else None
        return ScriptError(message, line, col, end_line, end_col)

    def snippet(self, node: ast.AST) -> str:
        text = ast.get_source_segment(self.source, node) or ""
        text = " ".join(text.split())
        return text if len(text) <= 40 else text[:37] + "..."

    # ------------------------------------------------------------------ top level
    def run(self, tree: ast.Module) -> Document:
        for statement in tree.body:
            self.statement(statement)
        return self._finish()

    def _group_comments(self) -> list[tuple[str, list[str], int, int]]:
        """``# group "pretrained backbone": W1, b1, h1`` comment lines: (name, members, line, col).

        Groups are a document's frames around nodes; scripts keep them as comments so that a
        graph survives a trip through the code editor, and PyTorch ignores them."""
        groups = []
        for number, text in enumerate(self.source.splitlines(), start=1):
            stripped = text.lstrip()
            if not stripped.startswith("#"):
                continue
            match = _GROUP_COMMENT.match(stripped)
            if match is None:
                continue
            line, col = number, len(text) - len(stripped) + 1
            try:
                name = json.loads(match.group(1))
            except ValueError:
                raise ScriptError(Message('a group comment needs a quoted name: # group "name": a, b'), line, col) from None
            members = [m.strip() for m in match.group(2).split(",") if m.strip()]
            groups.append((str(name), members, line, col))
        return groups

    def statement(self, st: ast.stmt) -> None:
        if isinstance(st, ast.Import):
            for alias in st.names:
                self._import(alias.name, alias.asname, st)
        elif isinstance(st, ast.ImportFrom):
            self._import_from(st)
        elif isinstance(st, ast.Assign):
            self._assign(st)
        elif isinstance(st, ast.Expr):
            self._expression_statement(st)
        elif isinstance(st, ast.Pass):
            return
        else:
            raise self.error(st, _UNSUPPORTED.get(type(st), Message("'{name}' statements are not supported",
                                                                    name=type(st).__name__)))

    def _import(self, name: str, asname: str | None, st: ast.AST) -> None:
        if name not in MODULES:
            raise self.error(st, Message("only torch (and torch.nn, torch.nn.functional) can be "
                                         "imported, not '{name}'", name=name))
        if asname:
            self._bind_module(asname, MODULES[name], st)
        else:
            top = name.split(".")[0]
            self._bind_module(top, MODULES[top], st)

    def _bind_module(self, alias: str, path: str, st: ast.AST) -> None:
        if alias in self.vars:
            raise self.error(st, Message("'{alias}' is already a tensor in this script", alias=alias))
        self.modules[alias] = path

    def _import_from(self, st: ast.ImportFrom) -> None:
        module = st.module or ""
        if st.level or module not in MODULES:
            raise self.error(st, Message("only torch (and torch.nn, torch.nn.functional) can be "
                                         "imported, not '{value}'", value=module or '.'))
        base = MODULES[module]
        for alias in st.names:
            if alias.name == "*":
                raise self.error(st, Message("'import *' is not supported: import torch and write "
                                             "torch.exp(...)"))
            full = f"{module}.{alias.name}"
            local = alias.asname or alias.name
            if full in MODULES:
                self._bind_module(local, MODULES[full], st)
            elif alias.name in CONSTRUCTORS or resolve_op(alias.name) is not None or alias.name in DTYPE_NAMES:
                self.imported[local] = alias.name
            else:
                raise self.error(st, Message("{base} has nothing called '{name}' that the language "
                                             "knows{suggest}", base=base, name=alias.name,
                                             suggest=suggest(alias.name, optable.function_names())))

    def _assign(self, st: ast.Assign) -> None:
        if len(st.targets) != 1:
            raise self.error(st, Message("chained assignment 'a = b = ...' is not supported: one name "
                                         "per line"))
        target = st.targets[0]
        if isinstance(target, ast.Attribute):
            if target.attr == "requires_grad":
                flag = self.static(st.value)
                if not isinstance(flag, bool):
                    raise self.error(st.value, Message("requires_grad must be True or False"))
                self._set_requires_grad(target.value, flag, st)
                return
            raise self.error(target, Message("only 'x.requires_grad = True/False' can be assigned to; "
                                             "not '.{attr}'", attr=target.attr))
        if isinstance(target, (ast.Tuple, ast.List)):
            raise self.error(target, Message("unpacking 'a, b = ...' is not supported: one name per line"))
        if not isinstance(target, ast.Name):
            raise self.error(target, _UNSUPPORTED.get(type(target), Message("only plain names can be assigned to")))
        name = target.id
        if name in RESERVED or name in self.modules or name in self.imported:
            raise self.error(target, Message("'{name}' is a reserved name in scripts; choose another name",
                                             name=name))
        value = self.expr(st.value)
        if value is MISSING:
            raise self.error(st.value, Message("'{name}' cannot be None: give it a tensor or a number",
                                               name=name))
        if isinstance(value, _Num):
            value = self._scalar_const(value, st.value)
        self.vars[name] = value
        self.assigned.add(name)
        if not self.nodes[value].hint:
            self.nodes[value].hint = name

    def _expression_statement(self, st: ast.Expr) -> None:
        value = st.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return  # a docstring
        if isinstance(value, ast.Call):
            func = value.func
            if isinstance(func, ast.Name) and func.id == "print":
                return  # print(...) lines are accepted and ignored
            if isinstance(func, ast.Attribute):
                dotted = _dotted(func)
                if dotted and dotted[0] in self.modules and dotted[0] not in self.vars:
                    if dotted[-1] == "manual_seed":
                        arg = value.args[0] if value.args else None
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, int) \
                                and not isinstance(arg.value, bool) and arg.value > MAX_INT:
                            seed = arg.value  # 2**63 .. 2**64-1 are seeds too; static() would make it a float
                        else:
                            seed = self.static(arg) if arg is not None else None
                        if not isinstance(seed, int) or isinstance(seed, bool):
                            raise self.error(value, Message("manual_seed needs a whole number"))
                        if not -2 ** 63 <= seed <= 2 ** 64 - 1:
                            raise self.error(value, Message("manual_seed: the seed must be a whole "
                                                            "number from -2**63 to 2**64-1 (as in "
                                                            "PyTorch)"))
                        self.rng = np.random.default_rng(abs(seed))
                        return
                elif func.attr == "backward":
                    self._backward(value)
                    return
                elif func.attr == "retain_grad":
                    self._retain_grad(value)
                    return
                elif func.attr == "requires_grad_":
                    flag: Any = True
                    if value.args:
                        flag = self.static(value.args[0])
                    for kw in value.keywords:
                        if kw.arg == "requires_grad":
                            flag = self.static(kw.value)
                        else:
                            raise self.error(kw, Message("requires_grad_() got an unexpected keyword "
                                                         "'{arg}'", arg=kw.arg))
                    if not isinstance(flag, bool):
                        raise self.error(value, Message("requires_grad_() takes True or False"))
                    self._set_requires_grad(func.value, flag, value)
                    return
        self.expr(value)  # computed and dropped, as Python would

    # ------------------------------------------------------------------ statements on tensors
    def _tensor_operand(self, node: ast.AST, what: str) -> int:
        value = self.expr(node)
        if not isinstance(value, int):
            raise self.error(node, Message("{what} needs a tensor, not a number", what=what))
        return value

    def _backward(self, call: ast.Call) -> None:
        func = call.func
        assert isinstance(func, ast.Attribute)
        root = self._tensor_operand(func.value, "backward()")
        if self.root is not None:
            raise self.error(call, Message("backward() is called twice: a graph has one root; keep one "
                                           "backward() call"))
        gradient_node: ast.AST | None = None
        if len(call.args) > 1:
            raise self.error(call.args[1], Message("backward() takes one positional argument, the gradient"))
        if call.args:
            gradient_node = call.args[0]
        for kw in call.keywords:
            if kw.arg == "gradient":
                if gradient_node is not None:
                    raise self.error(kw, Message("backward() got the gradient twice"))
                gradient_node = kw.value
            elif kw.arg in ("retain_graph", "create_graph"):
                flag = self.static(kw.value)
                if flag is not None and not isinstance(flag, bool):
                    raise self.error(kw.value, Message("{arg} must be True, False or None", arg=kw.arg))
            else:
                raise self.error(kw, Message("backward() got an unexpected keyword '{arg}'{suggest}",
                                             arg=kw.arg,
                                             suggest=suggest(kw.arg or "", ["gradient", "retain_graph"])))
        gradient = None
        if gradient_node is not None and not (isinstance(gradient_node, ast.Constant) and gradient_node.value is None):
            g = self.expr(gradient_node)
            if not isinstance(g, int):
                raise self.error(gradient_node, Message("the gradient must be a tensor, e.g. "
                                                        "gradient=tensor([1., 1.])"))
            pending = self.nodes[g]
            if pending.static is None:
                raise self.error(gradient_node, Message("the gradient's value cannot be worked out"))
            pending.gradient_use = True
            gradient = np.array(_np(pending.static), copy=True)
            if gradient.dtype.kind not in "f":
                gradient = gradient.astype(np.float32)
            out = self.nodes[root].static
            if out is not None and tuple(np.shape(_np(out))) != gradient.shape:
                raise self.error(gradient_node, Message("Mismatch in shape: grad_output[0] has a shape "
                                                        "of {_size} and output[0] has a shape of "
                                                        "{_size_2}.", _size=_size(gradient.shape),
                                                        _size_2=_size(np.shape(_np(out)))))
        self.root = root
        self.root_gradient = gradient

    def _retain_grad(self, call: ast.Call) -> None:
        func = call.func
        assert isinstance(func, ast.Attribute)
        if call.args or call.keywords:
            raise self.error(call, Message("retain_grad() takes no arguments"))
        idx = self._tensor_operand(func.value, "retain_grad()")
        if self.nodes[idx].kind == "op":
            self.nodes[idx].retain_grad = True
        # On a leaf retain_grad() does nothing, as in PyTorch.

    def _set_requires_grad(self, target: ast.AST, flag: bool, at: ast.AST) -> None:
        idx = self.expr(target)
        if not isinstance(idx, int):
            raise self.error(target, Message("a Python number has no requires_grad; use tensor(...)"))
        pending = self.nodes[idx]
        if pending.kind == "op":
            raise self.error(at, Message("you can only change requires_grad flags of leaf variables. If "
                                         "you want to use a computed variable in a subgraph that doesn't "
                                         "require differentiation use var_no_grad = var.detach()."))
        if self._scalar_of(idx) is not None:
            raise self.error(target, Message("a Python number has no requires_grad; use tensor(...)"))
        whole = pending.value is not None and pending.value.dtype.kind != "f"
        if flag and whole:
            raise self.error(at, Message("only Tensors of floating point dtype can require gradients"))
        if whole:
            return  # whole-number data never requires grad: nothing changes
        pending.kind = "leaf"
        pending.requires_grad = flag

    # ------------------------------------------------------------------ expressions
    def expr(self, node: ast.AST) -> Any:
        """A tensor (index of a pending node), a _Num, or MISSING."""
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, (ast.List, ast.Tuple)):
            raise self.error(node, Message("a list is not a tensor here: wrap it as tensor([...])"))
        raise self.error(node, _UNSUPPORTED.get(type(node), Message("'{name}' is not supported here",
                                                                    name=type(node).__name__)))

    def _constant(self, node: ast.Constant) -> Any:
        v = node.value
        if v is None:
            return MISSING
        if isinstance(v, bool):
            raise self.error(node, Message("{v} is not a number: True/False are for options like "
                                           "requires_grad=True", v=v))
        if isinstance(v, int):
            if abs(v) > MAX_INT:
                # bit_length, not str(): decimal text of a 4,300+ digit number (a long hex
                # literal) raises Python's own digit-limit error
                if abs(v).bit_length() > _MAX_LITERAL_BITS:
                    raise self.error(node, Message("this number is too large (a number in a script is at "
                                                   "most 300 digits long)"))
                return _Num(float(v))
            return _Num(v)
        if isinstance(v, float):
            return _Num(v)
        if isinstance(v, complex):
            raise self.error(node, Message("complex numbers are not supported"))
        if isinstance(v, str):
            raise self.error(node, Message("text is not a tensor or a number"))
        raise self.error(node, Message("{name} values are not supported", name=type(v).__name__))

    def _name(self, node: ast.Name) -> Any:
        name = node.id
        if name in self.vars:
            return self.vars[name]
        if name in self.modules:
            raise self.error(node, Message("'{name}' is a module, not a tensor", name=name))
        if name in self.imported or name in CONSTRUCTORS or resolve_op(name) is not None:
            raise self.error(node, Message("'{name}' is a function: call it, e.g. {name_2}(...)", name=name,
                                           name_2=name))
        raise self.error(node, Message("name '{name}' is not defined{suggest}", name=name,
                                       suggest=suggest(name, self.vars)))

    def _unary(self, node: ast.UnaryOp) -> Any:
        if isinstance(node.op, ast.UAdd):
            value = self.expr(node.operand)
            if value is MISSING:
                raise self.error(node, Message("'+None' is not meaningful"))
            return value
        if not isinstance(node.op, ast.USub):
            what = "not" if isinstance(node.op, ast.Not) else "~"
            raise self.error(node, Message("'{what}' is not supported", what=what))
        value = self.expr(node.operand)
        if isinstance(value, _Num):
            return _Num(-value.value)
        scalar = self._scalar_of(value)
        if scalar is not None:
            return _Num(-scalar)
        opname = optable.unary_minus_op()
        if opname is None:
            raise self.error(node, Message("negation is not in the op table"))
        return self._op_node(opname, [value], {}, node)

    def _binop(self, node: ast.BinOp) -> Any:
        kind = type(node.op)
        left = self.expr(node.left)
        right = self.expr(node.right)
        lnum = left.value if isinstance(left, _Num) else self._scalar_of(left)
        rnum = right.value if isinstance(right, _Num) else self._scalar_of(right)
        if kind is ast.Pow and rnum is not None and abs(rnum) > MAX_EXPONENT:
            raise self.error(node.right, Message("the exponent {_short} is too large (at most "
                                                 "{MAX_EXPONENT} in size)", _short=_short(rnum),
                                                 MAX_EXPONENT=format(MAX_EXPONENT, ",")))
        if lnum is not None and rnum is not None:
            return _Num(self._fold(kind, lnum, rnum, node))
        if kind in _NUMBER_ONLY_BINOPS:
            raise self.error(node, Message("the operator '{NUMBER_ONLY_BINOPS}' works on plain numbers "
                                           "only, not on tensors",
                                           NUMBER_ONLY_BINOPS=_NUMBER_ONLY_BINOPS[kind]))
        symbol = _BINOPS.get(kind)
        if symbol is None:
            raise self.error(node, Message("the operator '{_op_text}' is not supported; use + - * / ** @",
                                           _op_text=_op_text(node.op)))
        opname = optable.symbol_op(symbol, 2)
        if opname is None:
            raise self.error(node, Message("the operator '{symbol}' is not in the op table", symbol=symbol))
        inputs = [self._as_input(left, node.left), self._as_input(right, node.right)]
        return self._op_node(opname, inputs, {}, node)

    def _fold(self, kind: type, a: int | float, b: int | float, node: ast.AST) -> int | float:
        """Plain-number arithmetic, done by hand with caps (never by Python's eval)."""
        try:
            if kind is ast.Add:
                result = a + b
            elif kind is ast.Sub:
                result = a - b
            elif kind is ast.Mult:
                result = a * b
            elif kind is ast.Div:
                result = a / b
            elif kind is ast.FloorDiv:
                result = a // b
            elif kind is ast.Mod:
                result = a % b
            elif kind is ast.Pow:
                if isinstance(a, int) and isinstance(b, int) and b >= 0 and (
                        a in (0, 1, -1) or b * math.log2(abs(a)) <= 62):
                    result = a ** b
                elif a == 0 and b < 0:
                    raise ZeroDivisionError
                else:
                    result = float(a) ** float(b)
            elif kind is ast.MatMult:
                raise self.error(node, Message("'@' needs tensors, not plain numbers"))
            else:
                raise self.error(node, Message("the operator '{_op_text}' is not supported",
                                               _op_text=_op_text(node.op)))
        except ZeroDivisionError:
            raise self.error(node, Message("division by zero")) from None
        except OverflowError:
            raise self.error(node, Message("this number is too large")) from None
        if isinstance(result, complex):
            raise self.error(node, Message("this is not a real number (a negative number to a fractional "
                                           "power)"))
        if isinstance(result, int) and abs(result) > MAX_INT:
            result = float(result)  # as a float it is still a number a tensor can hold
        if isinstance(result, float) and math.isinf(result) and math.isfinite(a) and math.isfinite(b):
            raise self.error(node, Message("this number is too large"))
        return result

    def _attribute(self, node: ast.Attribute) -> Any:
        dotted = _dotted(node)
        if dotted and dotted[0] in self.modules and dotted[0] not in self.vars:
            if dotted[-1] in ("nan", "inf", "pi", "e") and len(dotted) == 2:
                return _Num({"nan": math.nan, "inf": math.inf, "pi": math.pi, "e": math.e}[dotted[-1]])
            raise self.error(node, Message("'{dotted}' is not something the language knows here",
                                           dotted='.'.join(dotted)))
        if node.attr == "T":
            value = self.expr(node.value)
            return self._transpose_T(value, node)
        if node.attr in ("values",) and isinstance(node.value, ast.Call):
            value = self.expr(node.value)
            if isinstance(value, int) and self.nodes[value].kind == "op":
                return value  # x.max(dim=0).values: the op already gives the values
        if node.attr in ("grad", "data"):
            raise self.error(node, Message("'.{attr}' is only known after running: the script builds the "
                                           "graph (print(...) lines may use it)", attr=node.attr))
        raise self.error(node, Message("the attribute '.{attr}' is not supported", attr=node.attr))

    def _transpose_T(self, value: Any, node: ast.AST) -> Any:
        """``x.T``: as in PyTorch, a permute reversing all dimensions (PermuteBackward0)."""
        if not isinstance(value, int):
            raise self.error(node, Message("'.T' needs a tensor"))
        if "permute" not in ops():
            raise self.error(node, Message("'.T' needs the permute op, which the op table does not have"))
        shape = self._shape(value)
        ndim = len(shape) if shape is not None else 2
        return self._op_node("permute", [value], {"dims": tuple(range(ndim))[::-1]}, node)

    # ------------------------------------------------------------------ calls
    def _call(self, node: ast.Call) -> Any:
        func = node.func
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.error(arg, Message("'*' unpacking is not supported"))
        for kw in node.keywords:
            if kw.arg is None:
                raise self.error(kw, Message("'**' unpacking is not supported"))
        if isinstance(func, ast.Name):
            name = func.id
            known = self.imported.get(name, name)
            # Function names win over tensors of the same name ("sum = x.sum()" then "sum(y)").
            if name in self.vars and not (known in CONSTRUCTORS or known == "float" or resolve_op(known)):
                raise self.error(func, Message("'{name}' is a tensor, not a function", name=name))
            if name == "print":
                raise self.error(node, Message("print(...) must be on a line of its own"))
            if name == "float":
                return _Num(self._float_call(node))
            if name in ("int", "len", "range", "eval", "exec", "open", "getattr", "compile", "input"):
                raise self.error(func, Message("'{name}' is not part of the expression language", name=name))
            return self._function(known, node, func)
        if isinstance(func, ast.Attribute):
            dotted = _dotted(func.value)
            if dotted and dotted[0] in self.modules and dotted[0] not in self.vars:
                path = ".".join([self.modules[dotted[0]], *dotted[1:]])
                if path not in ("torch", "torch.nn.functional"):
                    if path == "torch.nn" and func.attr[:1].isupper():
                        raise self.error(func, Message("modules like nn.{attr} are not part of the graph "
                                                       "language: write F.linear(x, W, b) with W and b "
                                                       "as tensors (requires_grad=True)", attr=func.attr))
                    if path == "torch.nn" and func.attr in ("functional",):
                        raise self.error(func, Message("call functions as torch.nn.functional.relu(x) or "
                                                       "F.relu(x)"))
                    raise self.error(func, Message("'{path}.{attr}' is not something the language "
                                                   "knows{suggest}", path=path, attr=func.attr,
                                                   suggest=suggest(func.attr, optable.function_names())))
                return self._function(func.attr, node, func, module=path)
            receiver = self.expr(func.value)
            return self._method(receiver, func.attr, node, func)
        raise self.error(func, Message("only functions and tensor methods can be called"))

    def _float_call(self, node: ast.Call) -> float:
        if len(node.args) != 1 or node.keywords:
            raise self.error(node, Message("float(...) takes one argument"))
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            text = arg.value.strip().lower()
            if text in ("nan", "+nan", "-nan"):
                return math.nan
            if text in ("inf", "+inf", "infinity", "+infinity"):
                return math.inf
            if text in ("-inf", "-infinity"):
                return -math.inf
            try:
                return float(text)
            except ValueError:
                raise self.error(arg, Message("float({value}) is not a number", value=repr(arg.value))) from None
        value = self.expr(arg)
        num = value.value if isinstance(value, _Num) else self._scalar_of(value)
        if num is None:
            raise self.error(arg, Message("float(...) takes a number (or 'nan', 'inf')"))
        return float(num)

    def _function(self, name: str, node: ast.Call, func: ast.AST, module: str = "") -> Any:
        if name in CONSTRUCTORS and module != "torch.nn.functional":
            return self._construct(name, node)
        if name in DTYPE_NAMES:
            raise self.error(func, Message("'{name}' is a dtype: use it as dtype={name_2}", name=name,
                                           name_2=name))
        opname = resolve_op(name)
        if opname is None:
            candidates = optable.function_names()
            if name in ("backward", "retain_grad", "requires_grad_"):
                raise self.error(func, Message("call it as a method on its own line: Q.{name}(...)",
                                               name=name))
            raise self.error(func, Message("unknown function '{name}'{suggest}", name=name,
                                           suggest=suggest(name, candidates)))
        inputs, rest, keywords = self._inputs(opname, name, [], list(node.args), node)
        params = self._bind_params(opname, name, rest, keywords, node)
        return self._op_node(opname, inputs, params, node)

    def _method(self, receiver: Any, name: str, node: ast.Call, func: ast.Attribute) -> Any:
        if name in ("backward", "retain_grad", "requires_grad_"):
            raise self.error(func, Message("{name}() must be called on its own line, e.g. Q.{name_2}()",
                                           name=name, name_2=name))
        if not isinstance(receiver, int):
            raise self.error(func.value, Message(".{name}() needs a tensor, not a number", name=name))
        opname = resolve_op(name)
        if opname is None and name in _AFTER_RUNNING:
            raise self.error(func, Message(".{name}() gives a number only after running; the script "
                                           "builds the graph (print(...) lines may use it)", name=name))
        if opname is None and name in _NOT_IN_GRAPHS:
            raise self.error(func, _NOT_IN_GRAPHS[name])
        if opname is None:
            methods = [n for n, op in ops().items() if getattr(op, "method", True)]
            raise self.error(func, Message("unknown method '{name}'{suggest}", name=name,
                                           suggest=suggest(name, [*methods, "backward", "retain_grad"])))
        if ops()[opname].arity < 1:
            raise self.error(func, Message("'{name}' takes no tensor", name=name))
        inputs, rest, keywords = self._inputs(opname, f".{name}", [receiver], list(node.args), node)
        params = self._bind_params(opname, name, rest, keywords, node)
        return self._op_node(opname, inputs, params, node)

    def _inputs(self, opname: str, written: str, first: list[Any], args: list[ast.AST],
                call: ast.Call) -> tuple[list[int | None], list[ast.AST], list[ast.keyword]]:
        """Tensor inputs of an op call: positional first, then keywords named like PyTorch's
        (``input=``, ``weight=``, ``bias=``, ``target=``); trailing optional ones may be left
        out (an unconnected port: ``linear(x, W)`` has no bias)."""
        op = ops()[opname]
        n_pos = min(len(args), op.arity - len(first))
        inputs: list[Any] = [*first, *(self._as_input(self.expr(a), a) for a in args[:n_pos])]
        rest = args[n_pos:]
        keywords = list(call.keywords)
        names = optable.input_names(op)
        for port in range(len(inputs), op.arity):
            kw = next((k for k in keywords if names and k.arg == names[port]), None)
            if kw is None:
                break
            keywords.remove(kw)
            inputs.append(self._as_input(self.expr(kw.value), kw.value))
        optional = optable.optional_inputs(op)
        missing = op.arity - len(inputs)
        if missing > optional:
            need = op.arity - len(first)
            got = len(inputs) - len(first)
            raise self.error(call, (Message("{written}() needs {need} tensor inputs, got {got}",
                                            written=written, need=need, got=got)
                                    if need != 1 else
                                    Message("{written}() needs {need} tensor input, got {got}",
                                            written=written, need=need, got=got)))
        inputs.extend([None] * missing)
        return inputs, rest, keywords

    def _bind_params(self, opname: str, written: str, args: list[ast.AST], keywords: list[ast.keyword],
                     call: ast.Call) -> dict[str, Any]:
        from explorer.model.commands import normalize_param
        from explorer.model.document import DocumentError

        declared = list(ops()[opname].params)
        names = [p.name for p in declared]
        given: dict[str, tuple[Any, ast.AST]] = {}
        i = 0
        rest = list(args)
        while rest:
            if i >= len(declared):
                raise self.error(rest[0], Message("{written}() got too many arguments", written=written))
            p = declared[i]
            if p.kind == "shape":
                if len(rest) == 1:
                    given[p.name] = (self.static(rest[0]), rest[0])
                else:
                    given[p.name] = (tuple(self.static(a) for a in rest), rest[0])
                rest = []
            else:
                given[p.name] = (self.static(rest[0]), rest[0])
                rest = rest[1:]
            i += 1
        for kw in keywords:
            key = kw.arg or ""
            if key == "size" and key not in names:  # torch's view(size=...) is our shape
                shape = next((p.name for p in declared if p.kind == "shape"), None)
                key = shape or key
            if key not in names:
                raise self.error(kw, Message("{written}() got an unexpected keyword argument "
                                             "'{arg}'{suggest}", written=written, arg=kw.arg,
                                             suggest=suggest(key, names)))
            if key in given:
                raise self.error(kw, Message("{written}() got '{arg}' twice", written=written, arg=kw.arg))
            given[key] = (self.static(kw.value), kw.value)
        params: dict[str, Any] = {}
        kinds = {p.name: p.kind for p in declared}
        for key, (value, at) in given.items():
            if kinds.get(key) == "dim" and isinstance(value, tuple) and 0 < len(value) <= 32 and all(
                    isinstance(v, int) and not isinstance(v, bool) for v in value):
                params[key] = value  # several dims at once: sum(dim=(0, 1)), as torch and the engine allow
                continue
            try:
                params[key] = normalize_param(opname, key, value)
            except DocumentError as exc:
                raise self.error(at, str(exc)) from None
        required = optable.required_sentinel()
        for p in declared:
            if p.default is required and p.name not in params:
                raise self.error(call, Message("{written}() needs the argument '{name}'", written=written,
                                               name=p.name))
        return params

    def static(self, node: ast.AST) -> Any:
        """A literal option value: a number, True/False/None, or a tuple of them."""
        if isinstance(node, ast.Constant):
            if node.value is None or isinstance(node.value, bool):
                return node.value
            value = self._constant(node)
            return value.value
        if isinstance(node, (ast.Tuple, ast.List)):
            return tuple(self.static(e) for e in node.elts)
        if isinstance(node, (ast.UnaryOp, ast.BinOp, ast.Name)) or (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float"):
            value = self.expr(node)
            if isinstance(value, _Num):
                return value.value
            num = self._scalar_of(value)
            if num is not None:
                return num
            raise self.error(node, Message("this option must be a plain number, not a tensor"))
        raise self.error(node, Message("this option must be a plain number, True/False or None"))

    # ------------------------------------------------------------------ tensor constructors
    def _dtype_arg(self, node: ast.AST) -> str:
        dotted = _dotted(node)
        name = None
        if dotted and len(dotted) == 1:
            name = self.imported.get(dotted[0], dotted[0])
        elif dotted and len(dotted) == 2 and dotted[0] in self.modules:
            name = dotted[1]
        if name in DTYPE_NAMES:
            return DTYPE_NAMES[name]
        if isinstance(node, ast.Constant) and node.value is None:
            return ""
        raise self.error(node, Message("dtype must be float32 or float64 (or torch.float32, "
                                       "torch.float64, torch.long)"))

    def _construct(self, name: str, node: ast.Call) -> int:
        kwargs: dict[str, ast.AST] = {}
        for kw in node.keywords:
            kwargs[kw.arg or ""] = kw.value
        dtype = self._dtype_arg(kwargs.pop("dtype")) if "dtype" in kwargs else ""
        rg_node = kwargs.pop("requires_grad", None)
        requires_grad: bool | None = None
        if rg_node is not None:
            flag = self.static(rg_node)
            if not isinstance(flag, bool):
                raise self.error(rg_node, Message("requires_grad must be True or False"))
            requires_grad = flag
        args = list(node.args)

        def no_more(allowed: int, names: tuple[str, ...] = ()) -> None:
            if len(args) > allowed:
                raise self.error(args[allowed], Message("{name}() got too many arguments", name=name))
            for key in kwargs:
                if key not in names:
                    allowed_kw = ["dtype", "requires_grad", *names]
                    raise self.error(node, Message("{name}() got an unexpected keyword argument "
                                                   "'{key}'{suggest}", name=name, key=key,
                                                   suggest=suggest(key, allowed_kw)))

        if name == "tensor":
            no_more(1)
            if not args:
                raise self.error(node, Message("tensor() needs its data, e.g. tensor([1., 2.])"))
            data = self._literal(args[0])
            value = self._array(data, dtype, args[0])
        elif name in ("zeros", "ones", "rand", "randn"):
            no_more(len(args))
            shape = self._shape_args(args, node, name)
            self._check_size(int(np.prod(shape, dtype=np.float64)), node)
            fdtype = dtype or "float32"
            if fdtype == "int64" and name in ("rand", "randn"):
                raise self.error(node, Message("{name}() makes floating point numbers; use float32 or "
                                               "float64", name=name))
            if name == "zeros":
                value = np.zeros(shape, dtype=fdtype)
            elif name == "ones":
                value = np.ones(shape, dtype=fdtype)
            elif name == "rand":
                value = self.rng.random(shape).astype(fdtype)
            else:
                value = self.rng.standard_normal(shape).astype(fdtype)
        elif name == "full":
            if len(args) < 2 and "fill_value" not in kwargs:
                raise self.error(node, Message("full() needs a shape and a fill value"))
            fill_node = args[1] if len(args) > 1 else kwargs.pop("fill_value")
            no_more(2)
            shape = self._shape_args([args[0]], node, name)
            self._check_size(int(np.prod(shape, dtype=np.float64)), node)
            fill = self.static(fill_node)
            if not isinstance(fill, (int, float)) or isinstance(fill, bool):
                raise self.error(fill_node, Message("full() fills with a number"))
            with np.errstate(over="ignore"):  # full(..., 1e308) in float32 is inf, as in torch
                value = np.full(shape, fill, dtype=dtype or ("int64" if isinstance(fill, int) else "float32"))
        elif name == "eye":
            no_more(2)
            if not args:
                raise self.error(node, Message("eye() needs a size"))
            n = self._int_arg(args[0], name)
            m = self._int_arg(args[1], name) if len(args) > 1 else n
            self._check_dims((n, m), node, name)
            self._check_size(n * m, node)
            value = np.eye(n, m, dtype=dtype or "float32")
        elif name == "arange":
            no_more(3)
            if not args:
                raise self.error(node, Message("arange() needs an end, e.g. arange(5)"))
            nums = [self.static(a) for a in args]
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in nums):
                raise self.error(node, Message("arange() takes numbers"))
            start, end, step = (0, nums[0], 1) if len(nums) == 1 else (nums[0], nums[1], nums[2] if len(nums) > 2 else 1)
            if step == 0:
                raise self.error(node, Message("arange() step must be nonzero"))
            value = self._arange(start, end, step, dtype, node)
        elif name == "linspace":
            no_more(3, ("steps",))
            nums = [self.static(a) for a in args]
            if "steps" in kwargs:
                nums.append(self.static(kwargs.pop("steps")))
            if len(nums) != 3 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in nums):
                raise self.error(node, Message("linspace() needs start, end and steps"))
            if not isinstance(nums[2], int) or nums[2] < 0:
                raise self.error(node, Message("linspace() steps must be a whole number"))
            self._check_size(nums[2], node)
            with np.errstate(over="ignore", invalid="ignore"):  # float32 overflow is inf, as in torch
                value = np.linspace(nums[0], nums[1], nums[2]).astype(dtype or "float32")
        else:  # zeros_like / ones_like
            no_more(1)
            if not args:
                raise self.error(node, Message("{name}() needs a tensor", name=name))
            src = self._tensor_operand(args[0], f"{name}()")
            static = self.nodes[src].static
            if static is None:
                raise self.error(args[0], Message("the shape of this tensor cannot be worked out"))
            like = _np(static)
            fill = np.zeros_like if name == "zeros_like" else np.ones_like
            value = fill(like, dtype=dtype or (like.dtype.name if like.dtype.kind == "f" else "float32"))
        return self._tensor_node(value, dtype, requires_grad, node)

    def _arange(self, start: int | float, end: int | float, step: int | float, dtype: str,
                node: ast.AST) -> np.ndarray:
        """``arange`` with PyTorch's refusals (its RuntimeError texts) checked before numpy runs."""
        if not (math.isfinite(start) and math.isfinite(end)):
            raise self.error(node, Message("unsupported range: {_short} -> {_short_2}", _short=_short(start),
                                           _short_2=_short(end)))
        if math.isnan(step):
            raise self.error(node, Message("arange() step must be a number, not nan"))
        if (end - start > 0 and step < 0) or (end - start < 0 and step > 0):
            raise self.error(node, Message("upper bound and lower bound inconsistent with step sign"))
        with np.errstate(all="ignore"):
            span = (float(end) - float(start)) / float(step)
        if not math.isfinite(span) or span > self.max_elements:
            raise self.error(node, Message("arange() would make more than {max_elements} elements (from "
                                           "{_short} to {_short_2} in steps of {_short_3})",
                                           max_elements=format(self.max_elements, ","), _short=_short(start),
                                           _short_2=_short(end), _short_3=_short(step)))
        self._check_size(max(0, math.ceil(span)), node)
        whole = all(isinstance(v, int) for v in (start, end, step))
        try:
            value = np.arange(start, end, step, dtype=dtype or ("int64" if whole else "float32"))
        except (ValueError, OverflowError, MemoryError):
            # e.g. arange(1e308, 1e308 + 4, 4): the bounds are too large to step through
            raise self.error(node, Message("arange() cannot step from {_short} to {_short_2} by "
                                           "{_short_3} (the numbers are too large)", _short=_short(start),
                                           _short_2=_short(end), _short_3=_short(step))) from None
        self._check_size(value.size, node)
        return value

    def _shape_args(self, args: list[ast.AST], node: ast.AST, name: str) -> tuple[int, ...]:
        if len(args) == 1 and isinstance(args[0], (ast.Tuple, ast.List)):
            items = [self.static(e) for e in args[0].elts]
        else:
            items = [self.static(a) for a in args]
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in items):
            raise self.error(node, Message("{name}() takes a shape of whole numbers >= 0, e.g. "
                                           "{name_2}(2, 3)", name=name, name_2=name))
        if len(items) > MAX_DIMS:
            raise self.error(node, Message("too many dimensions"))
        self._check_dims(items, node, name)
        return tuple(items)

    def _check_dims(self, dims: Any, node: ast.AST, name: str) -> None:
        """Each dimension alone within the tensor cap: with a 0 elsewhere the element count
        passes, but numpy still refuses (2**62, 4, 0) with its own error. Without a 0 the
        element count says more (and is checked by the caller)."""
        if 0 not in dims:
            return
        for d in dims:
            if d > self.max_elements:
                raise self.error(node, Message("{name}(): the size {_short} is too large for one "
                                               "dimension (at most {max_elements})", name=name,
                                               _short=_short(d), max_elements=format(self.max_elements, ",")))

    def _int_arg(self, node: ast.AST, name: str) -> int:
        v = self.static(node)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise self.error(node, Message("{name}() takes whole numbers >= 0", name=name))
        return v

    def _literal(self, node: ast.AST) -> Any:
        """Nested lists of numbers, walked iteratively, counting elements against the cap."""
        count = 0

        def walk(n: ast.AST, depth: int = 0) -> Any:
            nonlocal count
            if isinstance(n, (ast.List, ast.Tuple)):
                if depth >= MAX_DIMS:  # numpy (and torch) stop at 32 dimensions
                    raise self.error(n, Message("a tensor has at most {MAX_DIMS} dimensions: this list "
                                                "is nested deeper", MAX_DIMS=MAX_DIMS))
                return [walk(e, depth + 1) for e in n.elts]
            if isinstance(n, ast.Constant) and isinstance(n.value, bool):
                count += 1
                return n.value
            value = self.expr(n) if not isinstance(n, ast.Constant) else self._constant(n)
            if isinstance(value, _Num):
                count += 1
                if count > self.max_elements:
                    raise self.error(node, Message("a tensor of more than {max_elements} elements is too "
                                                   "large", max_elements=format(self.max_elements, ",")))
                return value.value
            num = self._scalar_of(value) if isinstance(value, int) else None
            if num is None:
                raise self.error(n, Message("tensor() takes numbers or (nested) lists of numbers"))
            count += 1
            return num

        return walk(node)

    def _array(self, data: Any, dtype: str, node: ast.AST) -> np.ndarray:
        try:
            with np.errstate(all="ignore"):
                if dtype:
                    return np.array(data, dtype=dtype)
                array = np.array(data)
        except (ValueError, TypeError, OverflowError):
            raise self.error(node, Message("the rows of this nested list have different lengths")) from None
        if array.dtype == object:
            raise self.error(node, Message("the rows of this nested list have different lengths"))
        if array.dtype.kind in "iu":
            return array.astype(np.int64)
        if array.dtype.kind == "b":
            return array
        with np.errstate(over="ignore"):  # 1e308 as float32 is inf, as torch.tensor([1e308]) gives
            return array.astype(np.float32)

    def _check_size(self, count: float, node: ast.AST) -> None:
        """Refuse a tensor (about to be made) that is too large, alone or with all the others."""
        if count > self.max_elements:
            raise self.error(node, Message("a tensor of {count} elements is too large (at most "
                                           "{max_elements})", count=format(int(count), ","),
                                           max_elements=format(self.max_elements, ",")))
        if self.total_elements + count > MAX_TOTAL_ELEMENTS:
            raise self.error(node, Message("the script's tensors hold too many numbers together (more "
                                           "than {MAX_TOTAL_ELEMENTS})",
                                           MAX_TOTAL_ELEMENTS=format(MAX_TOTAL_ELEMENTS, ",")))

    # ------------------------------------------------------------------ node creation
    def _new(self, pending: _Pending) -> int:
        if len(self.nodes) >= MAX_NODES:
            raise self.error(pending.at, Message("the script makes too many nodes (more than {MAX_NODES})",
                                                 MAX_NODES=format(MAX_NODES, ",")))
        if pending.static is not None:
            self.total_elements += int(np.size(_np(pending.static)))
        self.nodes.append(pending)
        return len(self.nodes) - 1

    def _tensor_node(self, value: np.ndarray, dtype: str, requires_grad: bool | None, at: ast.AST) -> int:
        self._check_size(value.size, at)
        whole = value.dtype.kind in "iub"
        if requires_grad and whole:
            raise self.error(at, Message("only Tensors of floating point dtype can require gradients"))
        if requires_grad is not None or (value.ndim == 0 and not whole):
            # A leaf: requires_grad written out (either way), or a 0-d float tensor (which must
            # stay a tensor: a 0-d float constant stands for a Python number).
            if whole:
                value = value.astype(np.float32)
            pending = _Pending("leaf", at, value=value, dtype=value.dtype.name,
                               requires_grad=bool(requires_grad))
        else:
            # Data: floats, or whole numbers / booleans kept as they are (class indices for
            # cross_entropy, the condition of where); the node's dtype says which.
            pending = _Pending("const", at, value=value, dtype=value.dtype.name)
        pending.static = self._engine_tensor(pending)
        return self._new(pending)

    def _scalar_const(self, number: _Num, at: ast.AST) -> int:
        value = np.array(float(number.value), dtype=np.float64)
        pending = _Pending("const", at, value=value, dtype="float64")
        pending.static = self._engine_tensor(pending)
        return self._new(pending)

    def _as_input(self, value: Any, at: ast.AST) -> int | None:
        if value is MISSING:
            return None
        if isinstance(value, _Num):
            return self._scalar_const(value, at)
        return value

    def _scalar_of(self, value: Any) -> int | float | None:
        """The Python number a 0-d constant stands for (None for anything else)."""
        if not isinstance(value, int):
            return None
        p = self.nodes[value]
        if p.kind == "const" and p.value is not None and p.value.ndim == 0 and p.value.dtype.kind == "f":
            v = float(p.value)
            return int(v) if v.is_integer() and abs(v) < 2 ** 53 else v
        return None

    def _shape(self, idx: int) -> tuple[int, ...] | None:
        static = self.nodes[idx].static
        return None if static is None else tuple(np.shape(_np(static)))

    def _op_node(self, opname: str, inputs: list[int | None], params: dict[str, Any], at: ast.AST) -> int:
        pending = _Pending("op", at, op=opname, params=params, inputs=list(inputs))
        pending.static = self._evaluate(pending, at)
        return self._new(pending)

    def _engine_tensor(self, pending: _Pending) -> Any:
        eng = _engine()
        value = pending.value
        if value is None:
            return None
        if value.dtype.kind in "iub":
            return eng.tensor(value)
        return eng.tensor(value, dtype=getattr(eng, value.dtype.name))

    def _evaluate(self, pending: _Pending, at: ast.AST) -> Any:
        """Run the op on the inputs' values as the runner will, so errors point here."""
        inputs = list(pending.inputs)
        optional = optable.optional_inputs(ops()[pending.op])
        while inputs and inputs[-1] is None and optional > 0:
            inputs.pop()  # an optional input left out (linear without bias)
            optional -= 1
        if any(i is None or self.nodes[i].static is None for i in inputs):
            return None
        scalar = [self._scalar_of(i) is not None for i in inputs]
        mixed = not all(scalar)
        args = [float(self.nodes[i].value) if s and mixed else self.nodes[i].static
                for i, s in zip(inputs, scalar)]
        self._check_output_size(pending, at)
        eng = _engine()
        from engine.ops import apply_op

        try:
            with eng.no_grad(), np.errstate(all="ignore"):
                out = apply_op(pending.op, *args, **pending.params)
        except ScriptError:
            raise
        except Exception as exc:  # noqa: BLE001 - the engine's message is the user's message
            message = str(exc).strip() or type(exc).__name__
            raise self.error(at, Message("{message} (in '{snippet}')", message=message,
                                         snippet=self.snippet(at))) from None
        self._check_size(int(np.size(_np(out))), at)
        return out

    def _check_output_size(self, pending: _Pending, at: ast.AST) -> None:
        """Refuse an op whose result would be too large *before* the engine allocates it."""
        shapes = [tuple(np.shape(_np(self.nodes[i].static))) for i in pending.inputs if i is not None]
        op = ops()[pending.op]
        estimate = None
        if getattr(op, "broadcast", False) and shapes:
            try:
                estimate = float(np.prod(np.broadcast_shapes(*shapes), dtype=np.float64))
            except ValueError:
                return  # the engine says why, with its own words
        elif len(shapes) >= 2 and len(shapes[0]) >= 1 and len(shapes[1]) >= 1:
            # Contraction-like ops (matmul, linear): each element of the result pairs a row of
            # the first input with a column of the second, which bounds the result's size.
            a, b = shapes[0], shapes[1]
            k = a[-1]
            kb = b[-2] if len(b) >= 2 and b[-2] == k else (b[-1] if b[-1] == k else 0)
            if k and kb:
                estimate = float(np.prod(a, dtype=np.float64)) / k * float(np.prod(b, dtype=np.float64)) / kb
        if estimate is not None:
            self._check_size(estimate, at)

    # ------------------------------------------------------------------ the document
    def _finish(self) -> Document:
        n = len(self.nodes)
        consumers = [0] * n
        for p in self.nodes:
            for i in p.inputs:
                if i is not None:
                    consumers[i] += 1
        bound = set(self.vars.values())
        keep = [True] * n
        for idx in range(n - 1, -1, -1):
            p = self.nodes[idx]
            if idx == self.root or consumers[idx]:
                continue
            if idx in bound and not p.gradient_use:
                continue
            keep[idx] = False
            for i in p.inputs:
                if i is not None:
                    consumers[i] -= 1

        names: dict[int, str] = {}
        for var, idx in self.vars.items():
            if keep[idx] and idx not in names:
                names[idx] = var
        taken = set(names.values()) | self.assigned | set(RESERVED)
        counters: dict[str, int] = {}
        for idx, p in enumerate(self.nodes):
            if not keep[idx] or idx in names:
                continue
            if p.kind == "op":
                base = p.op or "op"
            elif p.kind == "const":
                base = "c"
            else:
                base = p.hint or "t"
            k = counters.get(base, 0) + 1
            while f"{base}{k}" in taken:
                k += 1
            counters[base] = k
            names[idx] = f"{base}{k}"
            taken.add(names[idx])

        doc = Document()
        ids: dict[int, str] = {}
        for idx, p in enumerate(self.nodes):
            if not keep[idx]:
                continue
            node_id = doc.new_id()
            ids[idx] = node_id
            # A fresh document without listeners, and names already unique and valid: fill the
            # public node table directly (insert_node's name check is linear per node).
            doc.nodes[node_id] = (Node(node_id, p.kind, names[idx], op=p.op, params=dict(p.params),
                                 value=None if p.kind == "op" else p.value, dtype=p.dtype,
                                 requires_grad=p.requires_grad if p.kind == "leaf" else False,
                                 retain_grad=p.retain_grad))
            doc.graph.add_node(node_id)
        for idx, p in enumerate(self.nodes):
            if not keep[idx]:
                continue
            for port, src in enumerate(p.inputs):
                if src is not None:
                    doc.insert_edge(Edge(ids[src], ids[idx], port))
        if self.root is not None:
            doc.set_root(ids[self.root], self.root_gradient)
        by_name = {doc.nodes[i].name: i for i in ids.values()}
        for name, members, line, col in self._group_comments():
            missing = [m for m in members if m not in by_name]
            if missing:
                raise ScriptError(Message('the group "{name}" lists \'{missing}\', which is not a node of '
                                          "the graph", name=name, missing=missing[0]),
                                  line, col)
            doc.insert_group(Group(doc.new_id("g"), name, tuple(dict.fromkeys(by_name[m] for m in members))))
        place_nodes(doc)
        return doc


def place_nodes(doc: Document) -> None:
    """Give every node a position: the shared layered layout, or topological columns if that
    module is not available."""
    try:
        from explorer.model.layout import layered_layout
    except ImportError:
        layered_layout = None
    if layered_layout is not None:
        for nid, (x, y) in layered_layout(doc).items():
            if nid in doc.nodes:
                doc.nodes[nid].pos = (float(x), float(y))
        return
    depth: dict[str, int] = {}
    for nid in doc.topological_order():
        preds = [e.src for e in doc.in_edges(nid)]
        depth[nid] = 1 + max((depth[p] for p in preds), default=-1)
    rows: dict[int, int] = {}
    for nid in doc.topological_order():
        d = depth[nid]
        row = rows.get(d, 0)
        rows[d] = row + 1
        doc.nodes[nid].pos = (d * 200.0, row * 110.0)


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def _engine() -> Any:
    import engine

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
