"""The interpreter's runtime objects: scopes (``Frame``), the program's functions
(``UserFunction`` with their ``Params``) and the control signals statements return."""
from __future__ import annotations

from typing import Callable

from explorer.model.messages import Message
from .budget import BudgetExceeded, over

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
        caller_line = run.line
        try:
            fr = Frame(self.params.bind(self.name, args, kwargs), self.frame, self,
                       run.depth)
            r = self.body(fr)
            # back in the caller: an error later in its statement names the caller's line
            # (`x = f() + None` is line 3, not f's last line); an error inside keeps f's line
            run.line = caller_line
            if self.is_lambda:
                return r
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
        return self._bind_general(fname, args, kwargs)

    def _bind_general(self, fname: str, args: tuple, kwargs: dict) -> dict:
        """Keywords, ``*args``, keyword-only parameters, and Python's errors for each misfit."""
        names = self.names
        n = len(names)
        if len(args) > n and not self.vararg:
            raise TypeError(Message("{fname}() takes {n} positional arguments but {args} were given",
                                    fname=fname, n=n, args=len(args)))
        d = dict(zip(names, args))
        if self.vararg:
            d[self.vararg] = tuple(args[n:])
        extra = self._bind_keywords(fname, d, kwargs)
        for k, v in zip(names[n - len(self.defaults):], self.defaults):
            d.setdefault(k, v)
        for k, v in self.kwdefaults.items():
            d.setdefault(k, v)
        missing = [k for k in (*names, *self.kwonly) if k not in d]
        if missing:
            raise TypeError(_missing_arguments(fname, missing))
        if self.kwarg:
            d[self.kwarg] = extra
        return d

    def _bind_keywords(self, fname: str, d: dict, kwargs: dict) -> dict:
        """Bind ``kwargs`` into ``d``; returns those left for ``**kwargs``."""
        extra = {}
        for k, v in kwargs.items():
            if k in self.names or k in self.kwonly:
                if k in d:
                    raise TypeError(Message("{fname}() got multiple values for argument '{k}'", fname=fname,
                                            k=k))
                d[k] = v
            elif self.kwarg:
                extra[k] = v
            else:
                raise TypeError(Message("{fname}() got an unexpected keyword argument '{k}'", fname=fname,
                                        k=k))
        return extra


def _missing_arguments(fname: str, missing: list) -> Message:
    values = " and ".join(f"'{m}'" for m in missing)
    if len(missing) > 1:
        return Message("{fname}() missing {missing} required positional arguments: {values}",
                       fname=fname, missing=len(missing), values=values)
    return Message("{fname}() missing {missing} required positional argument: {values}",
                   fname=fname, missing=len(missing), values=values)


def _host_method(uf: UserFunction) -> Callable:
    """A real function around a UserFunction, so that a class binds it as a method."""
    def method(*args, **kwargs):
        return uf(*args, **kwargs)
    method.__name__ = uf.name
    return method
