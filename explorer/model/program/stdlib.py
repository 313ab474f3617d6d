"""The few standard-library modules tutorials import beside torch, each as a small facade.

Snippets start with ``import gc, time, random, copy`` or ``from collections import OrderedDict``
for a line or two: ``gc.collect()`` before a memory print, ``time.time()`` around a training loop,
``copy.deepcopy(model.state_dict())`` for the best checkpoint. Each module here is a
:class:`FacadeModule` holding a fixed list of harmless functions, never the real module object
(``random._os``, ``copy.sys``, ``time.sleep`` for an hour ... stay out of reach):

- ``gc``: ``collect()`` returns 0 (nothing to collect: the program's objects are the app's);
- ``time``: the clocks are real (timing values differ from any other run), ``sleep`` returns at
  once (a run has a time budget; sleeping only spends it);
- ``random``: CPython's generator, one per run, seeded by ``random.seed``; the first call
  adds the run's note that random values differ from PyTorch's run of the snippet;
- ``copy``: ``copy``/``deepcopy`` of data, tensors, modules and state dicts (not of functions
  or modules, which carry the run with them);
- ``collections``: ``OrderedDict``, ``defaultdict``, ``Counter``, ``deque`` (their inputs counted
  like ``list()``'s) and a ``namedtuple`` built without ``exec``;
- ``itertools`` / ``functools``: their lazy combinators (whatever consumes them is counted);
- ``warnings``: ``warn`` prints to the notes, the filters do nothing; ``typing``: names for
  annotations.
"""
from __future__ import annotations

import collections as _collections
import copy as _copy
import functools as _functools
import itertools as _itertools
import keyword as _keyword
import operator as _operator
import random as _random
import time as _time
import typing as _typing
from typing import Any, Callable

from explorer.model.messages import Message
from .budget import BudgetExceeded, over
from .facade_module import FacadeModule
from .frames import UserFunction

#: Python's own modules a program may import, with what each serves
SERVED = ("gc", "time", "random", "copy", "collections", "itertools", "functools", "warnings",
          "typing")


def _collect(generation: int = 2) -> int:
    return 0


def _no_op(*args: Any, **kwargs: Any) -> None:
    return None


def _gc() -> FacadeModule:
    return FacadeModule("gc", {"collect": _collect, "enable": _no_op, "disable": _no_op,
                               "isenabled": lambda: True})


def _time_module(ctx) -> FacadeModule:
    def sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError(Message("sleep length must be non-negative"))

    return FacadeModule("time", {
        "time": _time.time, "perf_counter": _time.perf_counter, "monotonic": _time.monotonic,
        "process_time": _time.process_time, "time_ns": _time.time_ns,
        "perf_counter_ns": _time.perf_counter_ns, "sleep": sleep})


def _random_module(ctx) -> FacadeModule:
    gen = _random.Random()
    limit = ctx.budget.tensor_elements

    def noted(fn: Callable) -> Callable:
        @_functools.wraps(fn)
        def call(*args, **kwargs):
            ctx.note_random()
            return fn(*args, **kwargs)
        return call

    def choices(population, weights=None, *, cum_weights=None, k=1):
        if k > limit:
            raise BudgetExceeded(over("elements in one list", limit), ctx.line)
        return gen.choices(population, weights, cum_weights=cum_weights, k=k)

    members = {name: noted(getattr(gen, name)) for name in (
        "random", "uniform", "randint", "randrange", "choice", "shuffle", "sample", "gauss",
        "normalvariate", "betavariate", "expovariate", "triangular")}
    members["choices"] = noted(choices)
    members["seed"] = lambda a=None, version=2: gen.seed(a, version)
    return FacadeModule("random", members)


def _copy_module() -> FacadeModule:
    def check(x: Any) -> None:
        # a function or a module carries the run (frames, budgets) with it: never copied
        if isinstance(x, (UserFunction, FacadeModule)):
            raise TypeError(Message("copy: a {kind} cannot be copied here",
                                    kind=type(x).__name__))

    def deepcopy(x: Any, memo: dict | None = None) -> Any:
        check(x)
        return _copy.deepcopy(x, memo)

    def shallow(x: Any) -> Any:
        check(x)
        return _copy.copy(x)

    return FacadeModule("copy", {"deepcopy": deepcopy, "copy": shallow})


def _namedtuple(typename: str, field_names, *, defaults=None, rename: bool = False,
                module=None) -> type:
    """``collections.namedtuple`` without CPython's ``exec`` of generated source: a tuple
    subclass with one read-only property per field, printing as CPython's does."""
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(str(f) for f in field_names)
    for name in (typename, *fields):
        if not name.isidentifier() or _keyword.iskeyword(name):
            raise ValueError(Message("Type names and field names must be valid identifiers: {name}",
                                     name=repr(name)))
    for f in fields:
        if f.startswith("_"):
            raise ValueError(Message("Field names cannot start with an underscore: {name}",
                                     name=repr(f)))
    if len(set(fields)) != len(fields):
        raise ValueError(Message("Encountered duplicate field name"))
    defaults = tuple(defaults or ())
    n = len(fields)

    def __new__(cls, *args, **kwargs):
        values = list(args) + [None] * (n - len(args))
        if len(args) > n:
            raise TypeError(Message("{cls}.__new__() takes {n} positional arguments but {given} "
                                    "were given", cls=typename, n=n + 1, given=len(args) + 1))
        given = [i < len(args) for i in range(n)]
        for k, v in kwargs.items():
            if k not in fields:
                raise TypeError(Message("{cls}.__new__() got an unexpected keyword argument '{k}'",
                                        cls=typename, k=k))
            values[fields.index(k)] = v
            given[fields.index(k)] = True
        first_default = n - len(defaults)
        for i in range(n):
            if not given[i]:
                if i >= first_default:
                    values[i] = defaults[i - first_default]
                else:
                    raise TypeError(Message("{cls}.__new__() missing 1 required positional "
                                            "argument: '{field}'", cls=typename, field=fields[i]))
        return tuple.__new__(cls, values)

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={v!r}" for f, v in zip(fields, self))
        return f"{typename}({inner})"

    def _asdict(self) -> dict:
        return dict(zip(fields, self))

    def _replace(self, **kwargs):
        return type(self)(**{**_asdict(self), **kwargs})

    body = {"__slots__": (), "__new__": __new__, "__repr__": __repr__, "_fields": fields,
            "_asdict": _asdict, "_replace": _replace, "__module__": "__main__"}
    for i, f in enumerate(fields):
        body[f] = property(_operator.itemgetter(i))
    return type(typename, (tuple,), body)


def _collections_module(ctx, register: Callable[[type], None]) -> FacadeModule:
    def namedtuple(typename, field_names, **kwargs):
        cls = _namedtuple(typename, field_names, **kwargs)
        register(cls)  # its fields are the program's to read, like a class it wrote
        return cls

    members = {name: ctx.bounded_consumer(getattr(_collections, name))
               for name in ("OrderedDict", "Counter", "deque")}

    def defaultdict(default_factory=None, *args, **kwargs):
        if args:
            args = (ctx.bounded_consumer(dict)(args[0]),) + args[1:]
        return _collections.defaultdict(default_factory, *args, **kwargs)
    members.update(defaultdict=defaultdict, namedtuple=namedtuple)
    return FacadeModule("collections", members)


def _itertools_module() -> FacadeModule:
    return FacadeModule("itertools", {name: getattr(_itertools, name) for name in (
        "chain", "product", "permutations", "combinations", "combinations_with_replacement",
        "islice", "count", "cycle", "repeat", "accumulate", "zip_longest", "groupby",
        "starmap", "takewhile", "dropwhile", "pairwise", "compress", "tee")})


def _functools_module() -> FacadeModule:
    return FacadeModule("functools", {"reduce": _functools.reduce,
                                      "partial": _functools.partial})


def _warnings_module(ctx) -> FacadeModule:
    def warn(message, category=None, stacklevel=1, **kwargs) -> None:
        name = getattr(category, "__name__", "UserWarning") if category else "UserWarning"
        ctx.note(f"{name}: {message}")

    return FacadeModule("warnings", {"warn": warn, "filterwarnings": _no_op,
                                     "simplefilter": _no_op, "resetwarnings": _no_op})


def _typing_module() -> FacadeModule:
    return FacadeModule("typing", {name: getattr(_typing, name) for name in (
        "Any", "Callable", "Dict", "List", "Optional", "Tuple", "Union", "Iterable",
        "Iterator", "Sequence", "Mapping", "Set", "Type")})


def build_stdlib(ctx, register: Callable[[type], None]) -> dict[str, FacadeModule]:
    """Module path -> facade, for each of :data:`SERVED`."""
    return {"gc": _gc(), "time": _time_module(ctx), "random": _random_module(ctx),
            "copy": _copy_module(), "collections": _collections_module(ctx, register),
            "itertools": _itertools_module(), "functools": _functools_module(),
            "warnings": _warnings_module(ctx), "typing": _typing_module()}
