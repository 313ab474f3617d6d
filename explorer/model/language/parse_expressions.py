"""The script parser's expressions: names, numbers folded by hand, operators, attribute and
function calls bound to the op table (a mixin of :class:`explorer.model.language.parser._Parser`).
"""
from __future__ import annotations

import ast
import math
from typing import Any

from explorer.model.commands import normalize_param
from explorer.model.document import DocumentError
from explorer.model.language import optable
from explorer.model.language.errors import MAX_EXPONENT, MAX_INT
from explorer.model.language.optable import CONSTRUCTORS, DTYPE_NAMES, ops, resolve_op, suggest
from explorer.model.language.parse_common import (
    MISSING,
    _AFTER_RUNNING,
    _BINOPS,
    _MAX_LITERAL_BITS,
    _NOT_IN_GRAPHS,
    _NUMBER_ONLY_BINOPS,
    _Num,
    _UNSUPPORTED,
    _dotted,
    _op_text,
    _short,
)
from explorer.model.messages import Message


class _Expressions:
    """Expressions: a tensor (index of a pending node), a _Num, or MISSING."""

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
            methods = [n for n, op in ops().items() if op.method]
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
        declared = list(ops()[opname].params)
        given = self._positional_params(declared, args, written)
        self._keyword_params(declared, keywords, written, given)
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

    def _positional_params(self, declared: list[Any], args: list[ast.AST],
                           written: str) -> dict[str, tuple[Any, ast.AST]]:
        """Positional arguments bound in declaration order; a shape takes all that are left."""
        given: dict[str, tuple[Any, ast.AST]] = {}
        rest = list(args)
        i = 0
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
        return given

    def _keyword_params(self, declared: list[Any], keywords: list[ast.keyword], written: str,
                        given: dict[str, tuple[Any, ast.AST]]) -> None:
        """Keyword arguments added to ``given``: known names, each once."""
        names = [p.name for p in declared]
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
