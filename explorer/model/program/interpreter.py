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
from typing import Callable

import engine

from explorer.model.messages import Message
from .budget import ProgramStop, Refused
from .expressions import _INPLACE, ExpressionCompiler, _describe
from .facade_names import FORBIDDEN_BUILTINS
from .frames import ALLOWED_DEFS, BREAK, CONTINUE, Frame, UserFunction, _Return
from .policy import is_dunder

_Tensor = engine.Tensor


class Compiler(ExpressionCompiler):
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
            raise Refused(Message("'{_describe}' is not supported here", _describe=_describe(node)), node.lineno)
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
                cur = o[k]  # d[key] += 1 on a dict or list of numbers: nothing to trace
                return run.see(cur) if isinstance(cur, _Tensor) else cur

            def put(fr, v):
                o, k = holder.pop("ok")
                run.set_item(o, k, v)
        else:
            raise Refused(Message("this augmented assignment target is not supported"), node.lineno)

        def f(fr):
            cur = get(fr)
            v = value(fr)
            if isinstance(cur, _Tensor) and names is not None:
                put(fr, run.inplace(cur, names, v))
            else:
                put(fr, binop(cur, v))
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
            raise Refused(Message("defining '{name}' is not supported here (only __init__, forward and "
                                  "__call__ among the double-underscore names)", name=node.name), node.lineno)
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
            raise Refused(Message("class keywords (metaclass=...) are not supported here"), node.lineno)
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
            try:
                return enter(fr, k + 1)
            finally:  # grad modes never swallow an error: plain exit either way
                cm.__exit__(None, None, None)
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

        def f(fr):
            if exc is None:
                raise RuntimeError(Message("No active exception to reraise"))
            e = exc(fr)
            if isinstance(e, type) and issubclass(e, BaseException):
                e = e()
            if not isinstance(e, Exception) or isinstance(e, ProgramStop):
                raise TypeError(Message("exceptions must derive from BaseException"))
            raise e
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
                        raise NameError(Message("name '{name}' is not defined", name=name))
                    del fr.vars[name]
                    self.run.unbind(fr, name)
                dels.append(d)
            elif isinstance(t, ast.Subscript):
                o, k = self.expr(t.value), self.expr(t.slice)
                dels.append(lambda fr, o=o, k=k: self.run.del_item(o(fr), k(fr)))
            else:
                raise Refused(Message("only names and items can be deleted here"), node.lineno)

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
            run.import_module(alias.name, node.lineno)  # refuse at once, before anything runs
            if alias.asname:
                stores.append((self.target(ast.Name(alias.asname, ast.Store())),
                               alias.name))
            else:
                top = alias.name.split(".")[0]
                stores.append((self.target(ast.Name(top, ast.Store())), top))

        def f(fr):
            for store, path in stores:
                store(fr, run.import_module(path, run.line))
        return f

    def s_ImportFrom(self, node):
        run = self.run
        modname = node.module or ""
        if node.level:
            raise Refused(Message("relative imports are not available here"), node.lineno)
        if modname == "__future__":
            return lambda fr: None
        run.import_module(modname, node.lineno)  # refuse at once, before anything runs
        pairs = []
        for alias in node.names:
            if alias.name == "*":
                raise Refused(Message("'from {modname} import *' is not supported here: import the names "
                                      "you use", modname=modname), node.lineno)
            pairs.append((alias.name, self.target(ast.Name(alias.asname or alias.name,
                                                           ast.Store()))))

        def f(fr):
            mod = run.import_module(modname, run.line)
            for name, store in pairs:
                store(fr, run.import_from(mod, modname, name))
        return f


def static_check(tree: ast.Module) -> None:
    """Refuse, before anything runs, what no run of this program could be allowed to do:
    dunder attributes (other than ``__init__``, ``__class__`` and the names the policy
    serves), dunder names, and getattr/open/eval... when the program does not define a
    function of that name itself."""
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
        if isinstance(node, ast.Attribute) and is_dunder(node.attr) and node.attr not in (
                "__init__", "__version__", "__name__", "__qualname__",  # see Policy.name_of
                "__class__"):  # served as type(x): see Policy.get
            raise Refused(Message("access to '{attr}' is not allowed here (programs cannot reach "
                                  "Python's internals)", attr=node.attr), node.lineno)
        if isinstance(node, ast.Name):
            if is_dunder(node.id) and node.id != "__name__":
                raise Refused(Message("'{id}' is not available here (programs cannot reach Python's "
                                      "internals)", id=node.id), node.lineno)
            msg = FORBIDDEN_BUILTINS.get(node.id)
            if msg and node.id not in bound:
                raise Refused(msg, node.lineno)
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFunctionDef,
                             ast.AsyncFor, ast.AsyncWith)):
            raise Refused(Message("'{_describe}' is not supported here", _describe=_describe(node)), node.lineno)



__all__ = ["Compiler", "Frame", "UserFunction", "ALLOWED_DEFS", "static_check"]
