"""Compiling expressions and assignment targets into closures (the half of the interpreter
that computes values); ``interpreter.Compiler`` adds the statements."""
from __future__ import annotations

import ast
import operator as op
from typing import Callable

import engine

from explorer.model.messages import Message
from .budget import BudgetExceeded, Refused
from .facade_names import FORBIDDEN_BUILTINS
from .frames import Frame, Params, UserFunction
from .policy import (check_broadcast, check_int_pow, check_percent, check_repeat, check_shift,
                     check_spec, is_dunder)

_Tensor = engine.Tensor

_BINOPS = {ast.Add: op.add, ast.Sub: op.sub, ast.Mult: op.mul, ast.Div: op.truediv,
           ast.FloorDiv: op.floordiv, ast.Mod: op.mod, ast.Pow: op.pow, ast.MatMult: op.matmul,
           ast.LShift: op.lshift, ast.RShift: op.rshift, ast.BitAnd: op.and_,
           ast.BitOr: op.or_, ast.BitXor: op.xor}
_INPLACE = {ast.Add: ("__iadd__", "add_"), ast.Sub: ("__isub__", "sub_"),
            ast.Mult: ("__imul__", "mul_"), ast.Div: ("__itruediv__", "div_"),
            ast.Pow: ("__ipow__", "pow_"), ast.MatMult: ("__imatmul__", None)}
_CMPOPS = {ast.Eq: op.eq, ast.NotEq: op.ne, ast.Lt: op.lt, ast.LtE: op.le, ast.Gt: op.gt,
           ast.GtE: op.ge, ast.Is: op.is_, ast.IsNot: op.is_not,
           ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}
_UNOPS = {ast.USub: op.neg, ast.UAdd: op.pos, ast.Not: op.not_, ast.Invert: op.invert}


class ExpressionCompiler:
    """Expressions, targets and parameter lists -> closures over a ``Run`` (``self.run``)."""

    run: object

    # ------------------------------------------------------------------ targets
    def target(self, node) -> Callable:
        run = self.run
        if isinstance(node, ast.Name):
            name = node.id
            if is_dunder(name):
                raise Refused(Message("assigning to '{name}' is not allowed here", name=name),
                              getattr(node, "lineno", None))
            bind = run.bind
            return lambda fr, v: bind(fr, name, v)
        if isinstance(node, (ast.Tuple, ast.List)):
            elts = node.elts
            star = next((i for i, e in enumerate(elts) if isinstance(e, ast.Starred)), None)
            subs = [self.target(e.value if isinstance(e, ast.Starred) else e) for e in elts]
            n = len(subs)

            def unpack(fr, v):
                items = list(run.iterate(v, bounded=True))
                if star is None:
                    if len(items) != n:
                        if len(items) > n:
                            raise ValueError(Message("too many values to unpack (expected {n})", n=n))
                        raise ValueError(Message("not enough values to unpack (expected {n}, got {items})",
                                                 n=n, items=len(items)))
                    for t, x in zip(subs, items):
                        t(fr, x)
                    return
                after = n - star - 1
                if len(items) < n - 1:
                    raise ValueError(Message("not enough values to unpack (expected at least {value}, "
                                             "got {items})", value=n - 1, items=len(items)))
                for t, x in zip(subs[:star], items[:star]):
                    t(fr, x)
                subs[star](fr, items[star:len(items) - after])
                for t, x in zip(subs[star + 1:], items[len(items) - after:]):
                    t(fr, x)
            return unpack
        if isinstance(node, ast.Attribute):
            obj_e, attr = self.expr(node.value), node.attr
            return lambda fr, v: run.set_attr(obj_e(fr), attr, v)
        if isinstance(node, ast.Subscript):
            obj_e, key_e = self.expr(node.value), self.expr(node.slice)
            return lambda fr, v: run.set_item(obj_e(fr), key_e(fr), v)
        raise Refused(Message("cannot assign to {_describe} here", _describe=_describe(node)), getattr(node, "lineno", None))

    def params(self, args: ast.arguments) -> Callable:
        if args.posonlyargs:
            names0 = [a.arg for a in args.posonlyargs]
        else:
            names0 = []
        names = tuple(names0 + [a.arg for a in args.args])
        for nm in names + tuple(a.arg for a in args.kwonlyargs):
            if is_dunder(nm):
                raise Refused(Message("parameter name '{nm}' is not allowed here", nm=nm), None)
        defaults = [self.expr(d) for d in args.defaults]
        kwonly = tuple(a.arg for a in args.kwonlyargs)
        kwdef = [(a.arg, self.expr(d)) for a, d in zip(args.kwonlyargs, args.kw_defaults)
                 if d is not None]
        vararg = args.vararg.arg if args.vararg else None
        kwarg = args.kwarg.arg if args.kwarg else None

        def make(fr):
            return Params(names, tuple(d(fr) for d in defaults), vararg, kwonly,
                          {k: d(fr) for k, d in kwdef}, kwarg)
        return make

    # ------------------------------------------------------------------ expressions
    def expr(self, node) -> Callable:
        m = getattr(self, "e_" + type(node).__name__, None)
        if m is None:
            raise Refused(Message("'{_describe}' is not supported here", _describe=_describe(node)),
                          getattr(node, "lineno", None))
        return m(node)

    def e_Constant(self, node):
        v = node.value
        if isinstance(v, bytes):
            raise Refused(Message("bytes literals are not supported here"), node.lineno)
        return lambda fr: v

    def e_Name(self, node):
        name = node.id
        run = self.run
        if is_dunder(name) and name != "__name__":
            raise Refused(Message("'{name}' is not available here (programs cannot reach Python's "
                                  "internals)", name=name), node.lineno)
        if name in FORBIDDEN_BUILTINS and name != "super":
            msg = FORBIDDEN_BUILTINS[name]
            line = node.lineno

            def forbidden(fr):
                try:  # a program may define its own `input` or `compile`
                    return run.lookup(fr, name)
                except NameError:
                    raise Refused(msg, line) from None
            return forbidden
        if name == "super":
            return lambda fr: run.super_factory(fr)
        lookup = run.lookup

        def load(fr):
            d = fr.vars
            if name in d:
                return d[name]
            return lookup(fr, name)
        return load

    def e_Attribute(self, node):
        obj_e, attr = self.expr(node.value), node.attr
        get = self.run.get_attr
        return lambda fr: get(obj_e(fr), attr)

    def e_Subscript(self, node):
        obj_e, key_e = self.expr(node.value), self.expr(node.slice)
        see = self.run.see

        def f(fr):
            r = obj_e(fr)[key_e(fr)]
            if r.__class__ is _Tensor:
                see(r)
            return r
        return f

    def e_Slice(self, node):
        lo = self.expr(node.lower) if node.lower is not None else None
        hi = self.expr(node.upper) if node.upper is not None else None
        st = self.expr(node.step) if node.step is not None else None
        return lambda fr: slice(lo(fr) if lo else None, hi(fr) if hi else None,
                                st(fr) if st else None)

    def e_Tuple(self, node):
        if any(isinstance(e, ast.Starred) for e in node.elts):
            items = self.starred_items(node.elts)
            return lambda fr: tuple(items(fr))
        elts = tuple(self.expr(e) for e in node.elts)
        return lambda fr: tuple([e(fr) for e in elts])

    def e_List(self, node):
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return self.starred_items(node.elts)
        elts = tuple(self.expr(e) for e in node.elts)
        return lambda fr: [e(fr) for e in elts]

    def e_Set(self, node):
        items = self.e_List(node)
        return lambda fr: set(items(fr))

    def starred_items(self, elts):
        parts = [(isinstance(e, ast.Starred), self.expr(e.value if isinstance(e, ast.Starred)
                                                          else e)) for e in elts]
        run = self.run

        def f(fr):
            out = []
            for star, e in parts:
                if star:
                    out.extend(run.iterate(e(fr), bounded=True))
                else:
                    out.append(e(fr))
            return out
        return f

    def e_Dict(self, node):
        pairs = [(self.expr(k) if k is not None else None, self.expr(v))
                 for k, v in zip(node.keys, node.values)]

        def f(fr):
            d = {}
            for k, v in pairs:
                if k is None:
                    d.update(v(fr))
                else:
                    d[k(fr)] = v(fr)
            return d
        return f

    def _binop_func(self, optype, line):
        run = self.run
        budget = run.budget
        base = _BINOPS.get(optype)
        if base is None:
            raise Refused(Message("this operator is not supported here"), line)
        see = run.see
        if optype is ast.Mult:
            def f(a, b):
                if a.__class__ is _Tensor and b.__class__ is _Tensor:
                    check_broadcast(a, b, budget, run.line)
                elif isinstance(a, (str, list, tuple)) or isinstance(b, (str, list, tuple)):
                    check_repeat(a, b, budget, run.line)
                elif type(a) is int and type(b) is int and (
                        a.bit_length() + b.bit_length() > budget.int_bits):
                    raise BudgetExceeded(Message("a product of integers over {int_bits} bits is too "
                                                 "large to compute here",
                                                 int_bits=format(budget.int_bits, ",")), run.line)
                r = a * b
                if r.__class__ is _Tensor:
                    see(r)
                return r
            return f
        if optype is ast.Pow:
            def f(a, b):
                check_int_pow(a, b, budget, run.line)
                r = a ** b
                if r.__class__ is _Tensor:
                    see(r)
                return r
            return f
        if optype is ast.LShift:
            def f(a, b):
                check_shift(a, b, budget, run.line)
                return a << b
            return f
        if optype is ast.Mod:
            def f(a, b):
                if isinstance(a, str):
                    check_percent(a, budget, run.line)
                r = a % b
                if r.__class__ is _Tensor:
                    see(r)
                return r
            return f

        def f(a, b):
            if a.__class__ is _Tensor and b.__class__ is _Tensor:
                check_broadcast(a, b, budget, run.line)
            r = base(a, b)
            if r.__class__ is _Tensor:
                see(r)
            return r
        return f

    def e_BinOp(self, node):
        left, right = self.expr(node.left), self.expr(node.right)
        f = self._binop_func(type(node.op), node.lineno)
        return lambda fr: f(left(fr), right(fr))

    def e_UnaryOp(self, node):
        o = self.expr(node.operand)
        fn = _UNOPS[type(node.op)]
        see = self.run.see

        def f(fr):
            r = fn(o(fr))
            if r.__class__ is _Tensor:
                see(r)
            return r
        return f

    def e_BoolOp(self, node):
        values = [self.expr(v) for v in node.values]
        if isinstance(node.op, ast.And):
            def f(fr):
                v = True
                for e in values:
                    v = e(fr)
                    if not v:
                        return v
                return v
        else:
            def f(fr):
                v = False
                for e in values:
                    v = e(fr)
                    if v:
                        return v
                return v
        return f

    def e_Compare(self, node):
        left = self.expr(node.left)
        contains = self.run.contains
        ops = {ast.In: contains, ast.NotIn: lambda a, b: not contains(a, b)}
        rest = [(ops.get(type(o)) or _CMPOPS[type(o)], self.expr(c))
                for o, c in zip(node.ops, node.comparators)]
        see = self.run.see
        if len(rest) == 1:
            fn, right = rest[0]

            def f1(fr):
                r = fn(left(fr), right(fr))
                if r.__class__ is _Tensor:
                    see(r)
                return r
            return f1

        def f(fr):
            a = left(fr)
            r = True
            for fn, e in rest:
                b = e(fr)
                r = fn(a, b)
                if not r:
                    return r
                a = b
            return r
        return f

    def e_IfExp(self, node):
        t, a, b = self.expr(node.test), self.expr(node.body), self.expr(node.orelse)
        return lambda fr: a(fr) if t(fr) else b(fr)

    def e_NamedExpr(self, node):
        tgt, v = self.target(node.target), self.expr(node.value)

        def f(fr):
            x = v(fr)
            tgt(fr, x)
            return x
        return f

    def e_Lambda(self, node):
        params = self.params(node.args)
        body = self.expr(node.body)
        run, line = self.run, node.lineno
        return lambda fr: UserFunction("<lambda>", params(fr), body, fr, run, True, line)

    def e_Call(self, node):
        args = node.args
        kws = node.keywords
        run = self.run
        simple = not any(isinstance(a, ast.Starred) for a in args) and all(
            k.arg is not None for k in kws)
        if simple:
            arg_es = tuple(self.expr(a) for a in args)
            kw_es = tuple((k.arg, self.expr(k.value)) for k in kws)

            def argv(fr):
                return [a(fr) for a in arg_es], {k: e(fr) for k, e in kw_es}
        else:
            parts = [(isinstance(a, ast.Starred), self.expr(a.value if isinstance(
                a, ast.Starred) else a)) for a in args]
            kparts = [(k.arg, self.expr(k.value)) for k in kws]

            def argv(fr):
                a_out = []
                for star, e in parts:
                    if star:
                        a_out.extend(run.iterate(e(fr), bounded=True))
                    else:
                        a_out.append(e(fr))
                k_out = {}
                for k, e in kparts:
                    if k is None:
                        k_out.update(e(fr))
                    else:
                        k_out[k] = e(fr)
                return a_out, k_out
        func = node.func
        if isinstance(func, ast.Attribute):
            obj_e, attr = self.expr(func.value), func.attr
            call_method = run.call_method

            def mcall(fr):
                obj = obj_e(fr)
                a, k = argv(fr)
                return call_method(obj, attr, a, k)
            return mcall
        fn_e = self.expr(func)
        call = run.call

        def fcall(fr):
            fn = fn_e(fr)
            a, k = argv(fr)
            return call(fn, a, k)
        return fcall

    def e_Starred(self, node):
        raise Refused(Message("a starred expression is not supported here"), node.lineno)

    def e_JoinedStr(self, node):
        parts = [self.expr(v) for v in node.values]
        return lambda fr: "".join([p(fr) for p in parts])

    def e_FormattedValue(self, node):
        v = self.expr(node.value)
        spec = self.expr(node.format_spec) if node.format_spec is not None else None
        conv = node.conversion
        run = self.run
        budget = run.budget

        def f(fr):
            x = v(fr)
            if conv == 114:
                x = repr(x)
            elif conv == 115:
                x = str(x)
            elif conv == 97:
                x = ascii(x)
            s = spec(fr) if spec is not None else ""
            if s:
                check_spec(s, budget, run.line)
            return format(x, s)
        return f

    # comprehensions: a new frame per comprehension, iterations counted
    def _comprehension(self, node, make):
        gens = [(self.target(g.target), self.expr(g.iter), [self.expr(c) for c in g.ifs])
                for g in node.generators]
        for g in node.generators:
            if g.is_async:
                raise Refused(Message("async comprehensions are not supported here"), node.lineno)
        run = self.run
        line = node.lineno

        def loop(fr, k, emit):
            tgt, it_e, ifs = gens[k]
            for v in run.iterate(it_e(fr)):
                run.iteration(line)
                tgt(fr, v)
                if all(c(fr) for c in ifs):
                    if k + 1 == len(gens):
                        emit(fr)
                    else:
                        loop(fr, k + 1, emit)
        return make(loop)

    def e_ListComp(self, node):
        elt = self.expr(node.elt)

        def make(loop):
            def f(fr):
                out = []
                inner = Frame({}, fr, fr.func, fr.depth)  # the loop variables stay inside
                loop(inner, 0, lambda f2: out.append(elt(f2)))
                return out
            return f
        return self._comprehension(node, make)

    e_GeneratorExp = e_ListComp  # evaluated eagerly: tutorials only feed them to sum()/list()

    def e_SetComp(self, node):
        lc = self.e_ListComp(node)
        return lambda fr: set(lc(fr))

    def e_DictComp(self, node):
        k_e, v_e = self.expr(node.key), self.expr(node.value)

        def make(loop):
            def f(fr):
                out = {}
                inner = Frame({}, fr, fr.func, fr.depth)

                def emit(f2):
                    out[k_e(f2)] = v_e(f2)
                loop(inner, 0, emit)
                return out
            return f
        return self._comprehension(node, make)


def _describe(node) -> str:
    names = {"Yield": "yield", "YieldFrom": "yield from", "Await": "await",
             "AsyncFunctionDef": "async def", "AsyncFor": "async for", "AsyncWith": "async with",
             "Match": "match", "TryStar": "except*"}
    n = type(node).__name__
    return names.get(n, n)
