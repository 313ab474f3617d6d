"""Our own Python interpreter over ``ast``, with a whitelist: what PyTorch tutorials write.

The tree is turned once into nested Python closures (one per node: "closure compilation"),
which then run the program; no user text ever reaches eval/exec/compile or the import system.
A statement closure returns ``None`` to go on, or a control signal (break, continue, a return
value). Names live in ``Frame`` dicts chained to their defining frame, the module frame last,
then the facade's builtins.

Budgets (statements, iterations, recursion, time, cancel) are checked as statements run; the
trace hooks (tensors seen, names bound, in-place updates, backward...) go through ``Run``
(``run.py`` owns the run state; this module only calls it).
"""
from __future__ import annotations

import ast
import operator as op
from typing import Any, Callable

import engine

from .budget import BudgetExceeded, ProgramStop, Refused, over
from .facade import FORBIDDEN_BUILTINS, TORCHVISION_NAMES, IMPORT_HINTS
from .policy import (check_broadcast, check_int_pow, check_percent, check_repeat, check_shift,
                     check_spec, is_dunder, safe_str_format)

_Tensor = engine.Tensor
ALLOWED_DEFS = frozenset(("__init__", "forward", "__call__"))


class _Signal:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name


BREAK = _Signal("break")
CONTINUE = _Signal("continue")


class _Return:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class Frame:
    """One scope: a module, a function call, a class body or a comprehension."""
    __slots__ = ("vars", "outer", "func", "globals_", "nonlocals", "depth")

    def __init__(self, vars_: dict, outer: "Frame | None", func=None, depth: int = 0):
        self.vars = vars_
        self.outer = outer
        self.func = func
        self.globals_ = None
        self.nonlocals = None
        self.depth = depth


class UserFunction:
    """A function the program defined (def or lambda): called by the program or by the engine
    (a hook, a Module's forward, an optimizer closure)."""
    __slots__ = ("name", "params", "body", "frame", "run", "owner", "is_lambda", "line",
                 "__weakref__")

    def __init__(self, name, params, body, frame, run, is_lambda, line):
        self.name, self.params, self.body, self.frame = name, params, body, frame
        self.run, self.owner, self.is_lambda, self.line = run, None, is_lambda, line

    def __repr__(self) -> str:
        return f"<function {self.name}>"

    def __call__(self, *args, **kwargs):
        run = self.run
        run.depth += 1
        if run.depth > run.budget.recursion:
            run.depth -= 1
            raise BudgetExceeded(over("nested calls (recursion depth)", run.budget.recursion),
                                 run.line)
        try:
            fr = Frame(self.params.bind(self.name, args, kwargs), self.frame, self,
                       run.depth)
            if self.is_lambda:
                return self.body(fr)
            r = self.body(fr)
            return r.value if r.__class__ is _Return else None
        finally:
            run.depth -= 1


class Params:
    """A def's parameter list, bound the way Python binds arguments."""
    __slots__ = ("names", "defaults", "vararg", "kwonly", "kwdefaults", "kwarg", "nposdef")

    def __init__(self, names, defaults, vararg, kwonly, kwdefaults, kwarg):
        self.names, self.defaults, self.vararg = names, defaults, vararg
        self.kwonly, self.kwdefaults, self.kwarg = kwonly, kwdefaults, kwarg

    def bind(self, fname: str, args: tuple, kwargs: dict) -> dict:
        names = self.names
        n = len(names)
        if len(args) <= n and not kwargs and not self.kwonly and len(args) + len(
                self.defaults) >= n:  # the common case: positional arguments only
            d = dict(zip(names, args))
            if len(args) < n:
                for k, v in zip(names[n - len(self.defaults):], self.defaults):
                    d.setdefault(k, v)
            if self.vararg:
                d[self.vararg] = ()
            if self.kwarg:
                d[self.kwarg] = {}
            return d
        d = {}
        if len(args) > n and not self.vararg:
            raise TypeError(f"{fname}() takes {n} positional arguments but {len(args)} "
                            f"were given")
        d.update(zip(names, args))
        if self.vararg:
            d[self.vararg] = tuple(args[n:])
        extra = {}
        for k, v in kwargs.items():
            if k in names or k in self.kwonly:
                if k in d:
                    raise TypeError(f"{fname}() got multiple values for argument '{k}'")
                d[k] = v
            elif self.kwarg:
                extra[k] = v
            else:
                raise TypeError(f"{fname}() got an unexpected keyword argument '{k}'")
        for k, v in zip(names[n - len(self.defaults):], self.defaults):
            d.setdefault(k, v)
        for k, v in self.kwdefaults.items():
            d.setdefault(k, v)
        missing = [k for k in (*names, *self.kwonly) if k not in d]
        if missing:
            raise TypeError(f"{fname}() missing {len(missing)} required positional argument"
                            f"{'s' if len(missing) > 1 else ''}: "
                            + " and ".join(f"'{m}'" for m in missing))
        if self.kwarg:
            d[self.kwarg] = extra
        return d


def _host_method(uf: UserFunction) -> Callable:
    """A real function around a UserFunction, so that a class binds it as a method."""
    def method(*args, **kwargs):
        return uf(*args, **kwargs)
    method.__name__ = uf.name
    return method


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


class Compiler:
    """Turns an ``ast.Module`` into a closure ``run(frame)`` bound to one ``Run``."""

    def __init__(self, run):
        self.run = run

    # ------------------------------------------------------------------ statements
    def block(self, stmts: list) -> Callable:
        compiled = tuple(self.stmt(s) for s in stmts)
        if len(compiled) == 1:
            return compiled[0]

        def body(fr):
            for s in compiled:
                r = s(fr)
                if r is not None:
                    return r
            return None
        return body

    def stmt(self, node: ast.stmt) -> Callable:
        m = getattr(self, "s_" + type(node).__name__, None)
        if m is None:
            raise Refused(f"'{_describe(node)}' is not supported here", node.lineno)
        inner = m(node)
        line = node.lineno
        run = self.run
        tick = run.tick

        def step(fr):
            tick(line, fr.depth)
            return inner(fr)
        return step

    def s_Expr(self, node):
        e = self.expr(node.value)

        def f(fr):
            e(fr)
        return f

    def s_Pass(self, node):
        return lambda fr: None

    def s_Break(self, node):
        return lambda fr: BREAK

    def s_Continue(self, node):
        return lambda fr: CONTINUE

    def s_Return(self, node):
        e = self.expr(node.value) if node.value is not None else (lambda fr: None)
        return lambda fr: _Return(e(fr))

    def s_Assign(self, node):
        value = self.expr(node.value)
        targets = [self.target(t) for t in node.targets]
        if len(targets) == 1:
            t0 = targets[0]

            def f(fr):
                t0(fr, value(fr))
            return f

        def f(fr):
            v = value(fr)
            for t in targets:
                t(fr, v)
        return f

    def s_AnnAssign(self, node):
        if node.value is None:
            return lambda fr: None
        value = self.expr(node.value)
        t = self.target(node.target)
        return lambda fr: t(fr, value(fr))

    def s_AugAssign(self, node):
        opf = _BINOPS[type(node.op)]
        names = _INPLACE.get(type(node.op))
        run = self.run
        binop = self._binop_func(type(node.op), node.lineno)
        value = self.expr(node.value)
        tgt = node.target
        if isinstance(tgt, ast.Name):
            load, store = self.expr(ast.Name(tgt.id, ast.Load(), lineno=tgt.lineno)), self.target(tgt)
            get = load
            put = store
        elif isinstance(tgt, ast.Attribute):
            obj_e = self.expr(tgt.value)
            attr = tgt.attr
            policy = run.policy
            holder = {}

            def get(fr):
                o = obj_e(fr)
                holder["o"] = o
                return policy.get(o, attr)

            def put(fr, v):
                run.set_attr(holder.pop("o"), attr, v)
        elif isinstance(tgt, ast.Subscript):
            obj_e, key_e = self.expr(tgt.value), self.expr(tgt.slice)
            holder = {}

            def get(fr):
                o, k = obj_e(fr), key_e(fr)
                holder["ok"] = (o, k)
                return run.see(o[k])

            def put(fr, v):
                o, k = holder.pop("ok")
                run.set_item(o, k, v)
        else:
            raise Refused("this augmented assignment target is not supported", node.lineno)

        def f(fr):
            cur = get(fr)
            v = value(fr)
            if isinstance(cur, _Tensor) and names is not None:
                put(fr, run.inplace(cur, names, v))
            else:
                put(fr, binop(cur, v))
        del opf
        return f

    def s_If(self, node):
        test = self.expr(node.test)
        body = self.block(node.body)
        orelse = self.block(node.orelse) if node.orelse else None

        def f(fr):
            if test(fr):
                return body(fr)
            if orelse is not None:
                return orelse(fr)
            return None
        return f

    def s_For(self, node):
        it_e = self.expr(node.iter)
        tgt = self.target(node.target)
        body = self.block(node.body)
        orelse = self.block(node.orelse) if node.orelse else None
        run = self.run
        line = node.lineno

        def f(fr):
            it = run.iterate(it_e(fr))
            outer = run.iters
            try:
                i = 0
                for v in it:
                    run.iteration(line)
                    run.iters = outer + (i,)
                    i += 1
                    tgt(fr, v)
                    r = body(fr)
                    if r is not None:
                        if r is BREAK:
                            break
                        if r is CONTINUE:
                            continue
                        return r
                else:
                    if orelse is not None:
                        run.iters = outer
                        return orelse(fr)
            finally:
                run.iters = outer
            return None
        return f

    def s_While(self, node):
        test = self.expr(node.test)
        body = self.block(node.body)
        orelse = self.block(node.orelse) if node.orelse else None
        run = self.run
        line = node.lineno

        def f(fr):
            outer = run.iters
            try:
                i = 0
                while test(fr):
                    run.iteration(line)
                    run.iters = outer + (i,)
                    i += 1
                    r = body(fr)
                    if r is not None:
                        if r is BREAK:
                            break
                        if r is CONTINUE:
                            continue
                        return r
                else:
                    if orelse is not None:
                        run.iters = outer
                        return orelse(fr)
            finally:
                run.iters = outer
            return None
        return f

    def s_FunctionDef(self, node):
        if node.name.startswith("__") and node.name not in ALLOWED_DEFS:
            raise Refused(f"defining '{node.name}' is not supported here (only __init__, "
                          f"forward and __call__ among the double-underscore names)", node.lineno)
        params = self.params(node.args)
        body = self.block(node.body)
        decorators = [self.expr(d) for d in node.decorator_list]
        run, name, line = self.run, node.name, node.lineno

        def store(fr, v):
            run.bind(fr, name, v)

        def f(fr):
            decs = [d(fr) for d in decorators]
            fn = UserFunction(name, params(fr), body, fr, run, False, line)
            v = fn
            for d in reversed(decs):
                v = run.call(d, (v,), {})
            store(fr, v)
        return f

    def s_ClassDef(self, node):
        if node.keywords:
            raise Refused("class keywords (metaclass=...) are not supported here", node.lineno)
        bases = [self.expr(b) for b in node.bases]
        body = self.block(node.body)
        decorators = [self.expr(d) for d in node.decorator_list]
        store = self.target(ast.Name(node.name, ast.Store()))
        run, name = self.run, node.name

        def f(fr):
            decs = [d(fr) for d in decorators]
            base_objs = tuple(b(fr) for b in bases)
            ns: dict = {}
            cf = Frame(ns, fr, None, fr.depth)
            cf.func = "class"
            body(cf)
            cls = run.make_class(name, base_objs, ns)
            v = cls
            for d in reversed(decs):
                v = run.call(d, (v,), {})
            store(fr, v)
        return f

    def s_With(self, node):
        items = [(self.expr(i.context_expr),
                  self.target(i.optional_vars) if i.optional_vars is not None else None)
                 for i in node.items]
        body = self.block(node.body)
        run = self.run

        def enter(fr, k):
            if k == len(items):
                return body(fr)
            cm_e, tgt = items[k]
            cm = run.context_manager(cm_e(fr))
            v = cm.__enter__()
            if tgt is not None:
                tgt(fr, v)
            ok = False
            try:
                r = enter(fr, k + 1)
                ok = True
            finally:
                if ok:
                    cm.__exit__(None, None, None)
                else:
                    cm.__exit__(None, None, None)
            return r
        return lambda fr: enter(fr, 0)

    def s_Assert(self, node):
        test = self.expr(node.test)
        msg = self.expr(node.msg) if node.msg is not None else None

        def f(fr):
            if not test(fr):
                raise AssertionError(msg(fr)) if msg is not None else AssertionError()
        return f

    def s_Raise(self, node):
        exc = self.expr(node.exc) if node.exc is not None else None
        run = self.run

        def f(fr):
            if exc is None:
                raise RuntimeError("No active exception to reraise")
            e = exc(fr)
            if isinstance(e, type) and issubclass(e, BaseException):
                e = e()
            if not isinstance(e, Exception) or isinstance(e, ProgramStop):
                raise TypeError("exceptions must derive from BaseException")
            raise e
        del run
        return f

    def s_Try(self, node):
        body = self.block(node.body)
        handlers = [(self.expr(h.type) if h.type is not None else None, h.name,
                     self.block(h.body)) for h in node.handlers]
        orelse = self.block(node.orelse) if node.orelse else None
        final = self.block(node.finalbody) if node.finalbody else None
        run = self.run
        budget_error = getattr(engine, "TensorBudgetError", None)

        def f(fr):
            try:
                try:
                    r = body(fr)
                except Exception as e:  # noqa: BLE001 - the program's own except clauses
                    if budget_error is not None and isinstance(e, budget_error):
                        raise
                    for typ_e, name, hbody in handlers:
                        typ = typ_e(fr) if typ_e is not None else Exception
                        if isinstance(e, typ):
                            if name:
                                run.bind(fr, name, e)
                            return hbody(fr)
                    raise
                if orelse is not None:
                    return orelse(fr)
                return r
            finally:
                if final is not None:
                    final(fr)
        return f

    def s_Delete(self, node):
        dels = []
        for t in node.targets:
            if isinstance(t, ast.Name):
                name = t.id

                def d(fr, name=name):
                    if name not in fr.vars:
                        raise NameError(f"name '{name}' is not defined")
                    del fr.vars[name]
                    self.run.unbind(fr, name)
                dels.append(d)
            elif isinstance(t, ast.Subscript):
                o, k = self.expr(t.value), self.expr(t.slice)
                dels.append(lambda fr, o=o, k=k: self.run.del_item(o(fr), k(fr)))
            else:
                raise Refused("only names and items can be deleted here", node.lineno)

        def f(fr):
            for d in dels:
                d(fr)
        return f

    def s_Global(self, node):
        names = tuple(node.names)

        def f(fr):
            if fr.globals_ is None:
                fr.globals_ = set()
            fr.globals_.update(names)
        return f

    def s_Nonlocal(self, node):
        names = tuple(node.names)

        def f(fr):
            if fr.nonlocals is None:
                fr.nonlocals = set()
            fr.nonlocals.update(names)
        return f

    def s_Import(self, node):
        run = self.run
        stores = []
        for alias in node.names:
            mod = run.import_module(alias.name, node.lineno)
            if alias.asname:
                stores.append((self.target(ast.Name(alias.asname, ast.Store())),
                               alias.name))
            else:
                top = alias.name.split(".")[0]
                stores.append((self.target(ast.Name(top, ast.Store())), top))
        del mod

        def f(fr):
            for store, path in stores:
                store(fr, run.import_module(path, run.line))
        return f

    def s_ImportFrom(self, node):
        run = self.run
        modname = node.module or ""
        if node.level:
            raise Refused("relative imports are not available here", node.lineno)
        if modname == "__future__":
            return lambda fr: None
        run.import_module(modname, node.lineno)  # refuse at once, before anything runs
        pairs = []
        for alias in node.names:
            if alias.name == "*":
                raise Refused(f"'from {modname} import *' is not supported here: import the "
                              f"names you use", node.lineno)
            pairs.append((alias.name, self.target(ast.Name(alias.asname or alias.name,
                                                           ast.Store()))))

        def f(fr):
            mod = run.import_module(modname, run.line)
            for name, store in pairs:
                store(fr, run.import_from(mod, modname, name))
        return f

    # ------------------------------------------------------------------ targets
    def target(self, node) -> Callable:
        run = self.run
        if isinstance(node, ast.Name):
            name = node.id
            if is_dunder(name):
                raise Refused(f"assigning to '{name}' is not allowed here",
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
                            raise ValueError(f"too many values to unpack (expected {n})")
                        raise ValueError(f"not enough values to unpack (expected {n}, got "
                                         f"{len(items)})")
                    for t, x in zip(subs, items):
                        t(fr, x)
                    return
                after = n - star - 1
                if len(items) < n - 1:
                    raise ValueError(f"not enough values to unpack (expected at least {n - 1}, "
                                     f"got {len(items)})")
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
        raise Refused(f"cannot assign to {_describe(node)} here", getattr(node, "lineno", None))

    def params(self, args: ast.arguments) -> Callable:
        if args.posonlyargs:
            names0 = [a.arg for a in args.posonlyargs]
        else:
            names0 = []
        names = tuple(names0 + [a.arg for a in args.args])
        for nm in names + tuple(a.arg for a in args.kwonlyargs):
            if is_dunder(nm):
                raise Refused(f"parameter name '{nm}' is not allowed here", None)
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
            raise Refused(f"'{_describe(node)}' is not supported here",
                          getattr(node, "lineno", None))
        return m(node)

    def e_Constant(self, node):
        v = node.value
        if isinstance(v, bytes):
            raise Refused("bytes literals are not supported here", node.lineno)
        return lambda fr: v

    def e_Name(self, node):
        name = node.id
        run = self.run
        if is_dunder(name) and name != "__name__":
            raise Refused(f"'{name}' is not available here (programs cannot reach Python's "
                          f"internals)", node.lineno)
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
            raise Refused("this operator is not supported here", line)
        see = run.see
        if optype is ast.Mult:
            def f(a, b):
                if a.__class__ is _Tensor and b.__class__ is _Tensor:
                    check_broadcast(a, b, budget, run.line)
                elif isinstance(a, (str, list, tuple)) or isinstance(b, (str, list, tuple)):
                    check_repeat(a, b, budget, run.line)
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
        rest = [(_CMPOPS[type(o)], self.expr(c)) for o, c in zip(node.ops, node.comparators)]
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
        raise Refused("a starred expression is not supported here", node.lineno)

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
                raise Refused("async comprehensions are not supported here", node.lineno)
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
                inner = Frame({}, fr, fr.func, fr.depth)
                first_iter = node.generators[0]
                del first_iter
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


def static_check(tree: ast.Module) -> None:
    """Refuse, before anything runs, what no run of this program could be allowed to do:
    dunder attributes (other than ``__init__``), dunder names, and getattr/open/eval... when
    the program does not define a function of that name itself."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add(node.asname or node.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_dunder(node.attr) and node.attr != "__init__":
            raise Refused(f"access to '{node.attr}' is not allowed here (programs cannot reach "
                          f"Python's internals)", node.lineno)
        if isinstance(node, ast.Name):
            if is_dunder(node.id) and node.id != "__name__":
                raise Refused(f"'{node.id}' is not available here (programs cannot reach "
                              f"Python's internals)", node.lineno)
            msg = FORBIDDEN_BUILTINS.get(node.id)
            if msg and node.id not in bound:
                raise Refused(msg, node.lineno)
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFunctionDef,
                             ast.AsyncFor, ast.AsyncWith)):
            raise Refused(f"'{_describe(node)}' is not supported here", node.lineno)


def _describe(node) -> str:
    names = {"Yield": "yield", "YieldFrom": "yield from", "Await": "await",
             "AsyncFunctionDef": "async def", "AsyncFor": "async for", "AsyncWith": "async with",
             "Match": "match", "TryStar": "except*"}
    n = type(node).__name__
    return names.get(n, n)


__all__ = ["Compiler", "Frame", "UserFunction", "BREAK", "CONTINUE", "ALLOWED_DEFS",
           "TORCHVISION_NAMES", "IMPORT_HINTS"]
