"""The script parser's statements: imports, assignments, ``backward()`` and the other
statement forms (a mixin of :class:`explorer.model.language.parser._Parser`).
"""
from __future__ import annotations

import ast
from typing import Any

import numpy as np

from explorer.model.language import optable
from explorer.model.language.errors import MAX_INT
from explorer.model.language.optable import CONSTRUCTORS, DTYPE_NAMES, MODULES, RESERVED, resolve_op, suggest
from explorer.model.language.parse_common import MISSING, _Num, _UNSUPPORTED, _dotted, _np, _size
from explorer.model.messages import Message


class _Statements:
    """Statements of a script, one at a time."""

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
            if isinstance(func, ast.Attribute) and self._method_statement(func, value):
                return
        self.expr(value)  # computed and dropped, as Python would

    def _method_statement(self, func: ast.Attribute, value: ast.Call) -> bool:
        """``torch.manual_seed(n)``, ``x.backward()``, ``x.retain_grad()``, ``x.requires_grad_()``
        as statements; False for any other call (then it is an expression)."""
        dotted = _dotted(func)
        if dotted and dotted[0] in self.modules and dotted[0] not in self.vars:
            if dotted[-1] == "manual_seed":
                self._manual_seed(value)
                return True
        elif func.attr == "backward":
            self._backward(value)
            return True
        elif func.attr == "retain_grad":
            self._retain_grad(value)
            return True
        elif func.attr == "requires_grad_":
            self._requires_grad_call(func, value)
            return True
        return False

    def _manual_seed(self, value: ast.Call) -> None:
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

    def _requires_grad_call(self, func: ast.Attribute, value: ast.Call) -> None:
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
