"""One run's state, and the operations the compiled program calls (``Run``).

``Run`` holds the budgets, the trace, grad-mode and print hooks and the facade, and
implements what the interpreter's closures call: name binding, attribute access through the
policy, classes and ``with``, imports from the facade, and the builtins that report to the
run (``print``, ``format``, ``pow``). Calls are in :mod:`.calls`.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

import numpy as np

import engine

from explorer.model.messages import Message
from .budget import Budget, BudgetExceeded, Cancelled, Refused, over
from .calls import GUARDED_METHODS, Calls
from .facade import build_builtins, build_modules
from .facade_module import FacadeModule
from .facade_names import IMPORT_HINTS, NOT_ALLOWED, RANDOM_NOTE, TORCHVISION_NAMES
from .frames import ALLOWED_DEFS, Frame, UserFunction, _host_method
from .grad_mode import GradMode, GradRegion
from .policy import Policy, check_int_pow, check_spec
from .stdlib import build_stdlib
from .trace import Trace
from .zoo import IMPLICIT_NAMES, ZOO_NOTE

_Tensor = engine.Tensor


class Run(Calls):
    """The state of one run and the operations the compiled program calls."""

    def __init__(self, budget: Budget, trace: bool = True,
                 cancel: threading.Event | None = None,
                 on_output: Callable[[str], None] | None = None, base_dir: str | None = None):
        self.budget = budget
        self.base_dir = base_dir  # the program's folder: torch.load reads .npz files there
        self.trace = Trace(budget, record=trace)
        self.tracing = trace
        self.policy = Policy(budget)
        self.cancel = cancel
        self.on_output = on_output
        self.line = 0
        self.depth = 0
        self.iters: tuple = ()
        self.statements = 0
        self.iterations = 0
        self.deadline = 0.0
        self.output: list[str] = []
        self.output_chars = 0
        self.notes: list[str] = []
        self._random_noted = False
        self.modules = build_modules(self)
        self.modules.update(build_stdlib(self, self.policy.user_classes.add))
        self.builtins = build_builtins(self)
        self.policy.learn_facade(self.modules, self.builtins)
        self.globals: dict = {"__name__": "__main__"}
        self.module_frame = Frame(self.globals, None, None, 0)
        self._hooks: dict = {}
        self.caught: list | None = None   # warnings.catch_warnings' record, while running
        self.warned: list = []            # (line, "UserWarning: ...") for each of them
        #: called as ``at_backward(via, args, kwargs)`` before any backward or autograd.grad
        #: runs (``backward_view`` stops there to show the graph the backward will walk)
        self.at_backward: Callable | None = None

    # ------------------------------------------------------------------ budgets
    def tick(self, line: int, depth: int) -> None:
        if self.caught is not None and len(self.caught) > len(self.warned):
            self._take_warnings()  # raised by the statement that just ran: give them its line
        self.line = line
        self.statements += 1
        if self.statements > self.budget.statements:
            raise BudgetExceeded(over("statements", self.budget.statements), line)
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled(Message("cancelled"), line)
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(over("seconds of run time", self.budget.seconds), line)
        if self.tracing:
            self.trace.statements.append((line, depth, self.iters))

    def _take_warnings(self) -> None:
        for w in self.caught[len(self.warned):]:
            self.warned.append((self.line, f"{w.category.__name__}: {w.message}"))

    def iteration(self, line: int) -> None:
        self.iterations += 1
        if self.iterations > self.budget.iterations:
            raise BudgetExceeded(over("loop iterations", self.budget.iterations), line)

    def iterate(self, obj: Any, bounded: bool = False):
        """An iterator over ``obj``; ``bounded``: consumed at once, so counted item by item."""
        if isinstance(obj, range) and len(obj) > self.budget.iterations and bounded:
            raise BudgetExceeded(over("loop iterations", self.budget.iterations), self.line)
        if isinstance(obj, (FacadeModule, UserFunction)):
            raise TypeError(Message("'{name}' object is not iterable", name=type(obj).__name__))
        it = iter(obj)
        if not bounded:
            return it
        return self._counted(it)

    def _counted(self, it):
        for v in it:
            self.iteration(self.line)
            yield v

    def bounded_consumer(self, fn: Callable) -> Callable:
        """list(), sum(), sorted()...: their iterable input counts as loop iterations."""
        def consume(*args, **kwargs):
            if args and not isinstance(args[0], (str, dict)) and fn is not dict or (
                    fn is dict and args and not isinstance(args[0], dict)):
                first = args[0]
                if isinstance(first, range) and len(first) > self.budget.iterations:
                    raise BudgetExceeded(over("loop iterations", self.budget.iterations),
                                         self.line)
                if not isinstance(first, (list, tuple, set, frozenset, range, _Tensor)):
                    args = (self._counted(iter(first)),) + tuple(args[1:])
            r = fn(*args, **kwargs)
            if r.__class__ is _Tensor:
                self.see(r)
            return r
        consume.__name__ = fn.__name__
        return consume

    # ------------------------------------------------------------------ names
    def see(self, t: Any) -> Any:
        self.trace.tid(t, self.line)
        return t

    def bind(self, fr: Frame, name: str, v: Any) -> None:
        if fr.globals_ is not None and name in fr.globals_:
            target = self.module_frame
        elif fr.nonlocals is not None and name in fr.nonlocals:
            target = fr.outer
            while target is not None and name not in target.vars:
                target = target.outer
            if target is None:
                raise SyntaxError(Message("no binding for nonlocal '{name}' found", name=name))
        else:
            target = fr
        target.vars[name] = v
        if isinstance(v, _Tensor):
            tid = self.trace.tid(v, self.line)
            if self.tracing:
                self.trace.event("bind", self.line, name=name, tensor=tid, depth=target.depth)
        elif self.tracing:
            self.trace.event("bind", self.line, name=name, tensor=None, depth=target.depth)

    def unbind(self, fr: Frame, name: str) -> None:
        if self.tracing:
            self.trace.event("bind", self.line, name=name, tensor=None, depth=fr.depth)

    def lookup(self, fr: Frame, name: str) -> Any:
        if name in fr.vars:
            return fr.vars[name]
        f = fr.outer
        while f is not None:  # enclosing functions, then the module (class bodies skipped)
            if f.func != "class" and name in f.vars:
                return f.vars[name]
            f = f.outer
        b = self.builtins
        if name in b:
            return b[name]
        if name in IMPLICIT_NAMES:  # the seed's finetuning block uses torchvision unimported
            self.note(ZOO_NOTE)
            tv = self.modules["torchvision"]
            return tv if name == "torchvision" else tv.members["models"].members[name]
        if name in TORCHVISION_NAMES:
            raise NameError(Message("name '{name}' is not defined ({IMPORT_HINTS})", name=name,
                                    IMPORT_HINTS=IMPORT_HINTS['torchvision']))
        if name in ("torch", "np", "numpy", "math", "nn", "F", "optim"):
            raise NameError(Message("name '{name}' is not defined (add the import, e.g. {_import_line})",
                                    name=name, _import_line=_import_line(name)))
        raise NameError(Message("name '{name}' is not defined", name=name))

    def super_factory(self, fr: Frame) -> Callable:
        def make_super(*args):
            if args:
                return super(*args)
            f = fr
            while f is not None and not isinstance(f.func, UserFunction):
                f = f.outer
            owner = f.func.owner if f is not None else None
            if owner is None or not f.func.params.names:
                raise RuntimeError(Message("super(): no arguments"))
            return super(owner, f.vars[f.func.params.names[0]])
        return make_super

    # ------------------------------------------------------------------ attributes
    def get_attr(self, obj: Any, name: str) -> Any:
        if obj.__class__ is _Tensor and not name.startswith("_"):
            r = getattr(obj, name)  # the hot path: a tensor's public names are all readable
        else:
            r = self.policy.get(obj, name)
            if name in GUARDED_METHODS and isinstance(obj, (str, list, set, dict)):
                # `f = s.format; f(...)` must get the same checks as `s.format(...)`
                def guarded(*args, **kwargs):
                    return self.call_method(obj, name, list(args), kwargs)
                return guarded
        if r.__class__ is _Tensor or isinstance(r, _Tensor):
            self.see(r)
        return r

    def contains(self, item: Any, container: Any) -> bool:
        """``item in container`` without a C loop nobody can stop (``1.5 in range(10**12)``
        scans the range; ``x in zip(...)`` consumes an iterator)."""
        if isinstance(container, range):
            if type(item) is not int and type(item) is not bool and len(
                    container) > self.budget.iterations:
                raise BudgetExceeded(over("loop iterations", self.budget.iterations), self.line)
        elif not isinstance(container, (list, tuple, dict, set, frozenset, str, _Tensor,
                                        np.ndarray)):
            container = self._counted(self.iterate(container))
        return item in container

    def set_attr(self, obj: Any, name: str, v: Any) -> None:
        before = None
        if isinstance(obj, _Tensor) and name == "requires_grad":
            before = obj.requires_grad
        self.policy.set(obj, name, v)
        if self.tracing and isinstance(obj, _Tensor):
            tid = self.trace.tid(obj, self.line)
            if name == "requires_grad":
                self.trace.event("flag", self.line, tensor=tid, flag="requires_grad",
                                 before=before, value=obj.requires_grad)
            elif name == "grad":
                self.trace.event("grad_set", self.line, tensor=tid,
                                 grad=None if v is None else self.trace.tid(v, self.line))
            elif name == "data":
                self.trace.event("inplace", self.line, tensor=tid, method="data=",
                                 version=getattr(obj, "_version", None))

    def set_item(self, obj: Any, key: Any, v: Any) -> None:
        obj[key] = v
        if self.tracing and isinstance(obj, _Tensor):
            self.trace.event("inplace", self.line, tensor=self.trace.tid(obj, self.line),
                             method="__setitem__", version=getattr(obj, "_version", None))

    def del_item(self, obj: Any, key: Any) -> None:
        del obj[key]

    def inplace(self, t: Any, names: tuple, v: Any) -> Any:
        """``t += v`` on a tensor: in place, as Python does with torch tensors."""
        dunder, method = names
        f = getattr(type(t), dunder, None)
        if f is not None:
            r = f(t, v)
        elif method is not None:
            r = getattr(t, method)(v)
        else:
            r = t @ v
        if self.tracing:
            try:
                fn = t.grad_fn
            except RuntimeError:  # a no-grad view whose base changed (d2l's `p[:] -= ...`):
                fn = None         # torch refuses to say, and the program never asked
            self.trace.event("inplace", self.line, tensor=self.trace.tid(t, self.line),
                             method=dunder, version=getattr(t, "_version", None),
                             grad_fn=None if fn is None else type(fn).__name__)
        return r

    # ------------------------------------------------------------------ classes, with
    def make_class(self, name: str, bases: tuple, ns: dict) -> type:
        for b in bases:
            ok = b is object or b in self.policy.user_classes or (
                isinstance(b, type) and ((b.__module__ or "").startswith("engine") or
                                         issubclass(b, Exception)))
            if not ok:
                raise Refused(Message("a class cannot derive from {b} here", b=repr(b)), self.line)
        body = {"__module__": "__main__", "__qualname__": name}
        funcs = []
        for k, v in ns.items():
            if k.startswith("__") and k.endswith("__") and k not in ALLOWED_DEFS:
                raise Refused(Message("defining '{k}' is not supported here", k=k), self.line)
            if isinstance(v, UserFunction):
                funcs.append(v)
                body[k] = _host_method(v)
            elif isinstance(v, (staticmethod, classmethod)) and isinstance(v.__func__,
                                                                            UserFunction):
                funcs.append(v.__func__)
                body[k] = type(v)(_host_method(v.__func__))
            else:
                body[k] = v
        cls = type(name, bases or (object,), body)
        for f in funcs:
            f.owner = cls
        self.policy.user_classes.add(cls)
        return cls

    def context_manager(self, obj: Any) -> Any:
        if isinstance(obj, (GradRegion,)):
            return obj
        if isinstance(obj, GradMode):
            raise TypeError(Message("'{obj}' is a class: write torch.{kind}() with parentheses",
                                    obj=repr(obj), kind=obj.kind))
        raise Refused(Message("'with' works here with torch.no_grad(), enable_grad(), set_grad_enabled() "
                              "and inference_mode(), not with '{name}'", name=type(obj).__name__), self.line)

    def grad_mode_event(self, kind: str, what: str, enabled: bool) -> None:
        if self.tracing:
            self.trace.event("grad_mode", self.line, mode=kind, what=what, enabled=enabled)

    # ------------------------------------------------------------------ imports
    def import_module(self, path: str, line: int | None) -> FacadeModule:
        mod = self.modules.get(path)
        if mod is not None:
            if path.startswith("torchvision"):
                self.note(ZOO_NOTE)
            return mod
        top = path.split(".")[0]
        if top in IMPORT_HINTS:
            hint = IMPORT_HINTS[top]
            raise Refused(Message("import {path}: {hint}", path=path, hint=hint), line)
        if top in NOT_ALLOWED:
            raise Refused(Message("import {path}: not allowed here; programs can import torch, numpy and "
                                  "math", path=path), line)
        if top in ("torch", "numpy", "math"):
            raise Refused(Message("import {path}: not available in this app (served: {modules})", path=path,
                                  modules=', '.join(sorted(self.modules))), line)
        raise Refused(Message("import {path}: module '{top}' is not available here; programs can import "
                              "torch, numpy and math", path=path, top=top), line)

    def import_from(self, mod: FacadeModule, modname: str, name: str) -> Any:
        if name in mod.members:
            return mod.members[name]
        sub = self.modules.get(f"{modname}.{name}")
        if sub is not None:
            return sub
        raise Refused(Message("cannot import name '{name}' from '{modname}' (not available in this app)",
                              name=name, modname=modname), self.line)

    # ------------------------------------------------------------------ builtins
    def print(self, *args, sep: str = " ", end: str = "\n", file: Any = None,
              flush: bool = False) -> None:
        if file is not None:
            raise Refused(Message("print(file=...) is not available here"), self.line)
        text = (sep if sep is not None else " ").join(str(a) for a in args) + (
            end if end is not None else "\n")
        self.output_chars += len(text)
        if self.output_chars > self.budget.output_chars:
            raise BudgetExceeded(over("characters of printed output", self.budget.output_chars),
                                 self.line)
        self.output.append(text)
        if self.tracing:
            self.trace.event("print", self.line, text=text)
        if self.on_output is not None:
            self.on_output(text)

    def note_random(self) -> None:
        if not self._random_noted:
            self._random_noted = True
            self.notes.append(RANDOM_NOTE)
            self.trace.event("note", self.line, text=RANDOM_NOTE)
            if self.on_output is not None:  # shown in order, but not part of the program's output
                self.on_output(RANDOM_NOTE)    # a Message: the view translates it
                self.on_output("\n")

    def note(self, text: str) -> None:
        """A line about how the app ran something (not the program's output), once per run."""
        if text not in self.notes:
            self.notes.append(text)
            self.trace.event("note", self.line, text=text)
            if self.on_output is not None:
                self.on_output(text)           # a Message: the view translates it
                self.on_output("\n")

    def safe_format_value(self, value: Any, spec: str = "") -> str:
        check_spec(spec, self.budget, self.line)
        return format(value, spec)

    def safe_pow(self, base: Any, exp: Any, mod: Any = None) -> Any:
        if mod is None:
            check_int_pow(base, exp, self.budget, self.line)
            return base ** exp
        return pow(base, exp, mod)


def _import_line(name: str) -> str:
    return {"torch": "import torch", "np": "import numpy as np", "numpy": "import numpy",
            "math": "import math", "nn": "from torch import nn",
            "F": "import torch.nn.functional as F", "optim": "from torch import optim"}[name]
