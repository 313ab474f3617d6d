"""Run a PyTorch-style program against the engine: ``run_program(source) -> ProgramResult``.

``Run`` holds one run's state (budgets, the trace, grad-mode and print hooks, the facade) and
implements what the interpreter's closures call: name binding, attribute access through the
policy, calls (with the trace's view of backward, optimizer steps, hooks and in-place updates),
imports from the facade. Errors end the run with one line naming the program line: PyTorch's
own text verbatim (``line 5: RuntimeError: element 0 of tensors does not require grad ...``).
"""
from __future__ import annotations

import ast
import inspect
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

import engine

from explorer.model.messages import Message
from .budget import Budget, BudgetExceeded, Cancelled, ProgramStop, Refused, over
from .facade import (IMPORT_HINTS, NOT_ALLOWED, RANDOM_NOTE, TORCHVISION_NAMES, FacadeModule,
                     GradMode, GradRegion, _Device, build_builtins, build_modules, check_device)
from .frames import ALLOWED_DEFS, Frame, UserFunction, _host_method
from .interpreter import Compiler, static_check
from .policy import Policy, check_call_size, check_int_pow, check_spec, safe_str_format
from .stdlib import build_stdlib
from .trace import Trace
from .zoo import IMPLICIT_NAMES, ZOO_NOTE

_Tensor = engine.Tensor
_BACKWARD_SIG = inspect.signature(engine.Tensor.backward)
_MAX_SOURCE = 1_000_000


@dataclass
class ProgramResult:
    """What a run produced: printed output, the final module-level names, the trace, and the
    error that ended it (one line), if any."""
    output: str = ""
    names: dict = field(default_factory=dict)     # module-level name -> value at the end
    trace: Trace | None = None
    error: str | None = None                       # "line 5: RuntimeError: ..."
    error_kind: str | None = None                  # "error", "budget", "refused", "cancelled"
    error_line: int | None = None
    error_type: str | None = None                  # the exception's class name, e.g. RuntimeError
    error_message: str | None = None               # the exception's text alone
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)   # (line, "UserWarning: ...") pairs

    def tensors(self) -> dict:
        """The module-level names bound to tensors at the end, in binding order."""
        return {k: v for k, v in self.names.items() if isinstance(v, _Tensor)}


class Run:
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
            if name in _GUARDED_METHODS and isinstance(obj, (str, list, set, dict)):
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

    # ------------------------------------------------------------------ calls
    def call(self, fn: Any, args: list | tuple, kwargs: dict) -> Any:
        if fn.__class__ is UserFunction or isinstance(fn, (GradMode, GradRegion)):
            r = fn(*args, **kwargs)
        elif isinstance(fn, type) and fn in self.policy.user_classes:
            r = fn(*args, **kwargs)
        else:
            if not callable(fn):
                raise TypeError(Message("'{name}' object is not callable", name=type(fn).__name__))
            if fn is engine.autograd.backward:
                return self._backward(args, kwargs, via="torch.autograd.backward")
            if fn is engine.autograd.grad and self.at_backward is not None:
                self.at_backward("torch.autograd.grad", args, kwargs)
            r = fn(*args, **kwargs)
            if fn is engine.autograd.grad and self.tracing:
                self.trace.event("autograd_grad", self.line, grads=[
                    None if g is None else self.trace.tid(g, self.line) for g in r])
        if r.__class__ is _Tensor or isinstance(r, _Tensor):
            self.see(r)
        return r

    def call_method(self, obj: Any, name: str, args: list, kwargs: dict) -> Any:
        """``obj.name(*args, **kwargs)``. Tensors and facade modules first (the hot paths);
        everything else is read through the policy, after the checks a few methods of
        Python data need (``str.format`` fields, padding widths, what ``extend`` consumes)."""
        if isinstance(obj, _Tensor):
            return self._call_tensor_method(obj, name, args, kwargs)
        if type(obj) is FacadeModule:
            return self._call_module_function(obj, name, args, kwargs)
        if isinstance(obj, engine.nn.Module) and name in _DEVICE_MOVES and \
                _device_only(name, args, kwargs):
            return obj  # model.to(device): everything is on the CPU already
        if isinstance(obj, str) and name == "format":
            return safe_str_format(obj, tuple(args), kwargs, self.budget, self.line)
        if isinstance(obj, str) and name in _PADDING:
            self._check_padding(args)
        if name in _CONSUMING_METHODS and args and not isinstance(args[0], _FINITE):
            args = [self._counted(self.iterate(args[0])), *args[1:]]
        method = self.policy.get(obj, name)
        if _registers_hook(name):
            return method(*[self._hooked(a, obj) if callable(a) else a for a in args],
                          **kwargs)
        r = method(*args, **kwargs)
        if self.tracing:
            self._method_event(obj, name, args, kwargs)
        if isinstance(r, _Tensor):
            self.see(r)
        return r

    def _call_tensor_method(self, t: Any, name: str, args: list, kwargs: dict) -> Any:
        """``t.name(...)``: backward and hooks recorded, device moves answered, sizes checked
        before the engine allocates, and in-place updates and flag changes traced."""
        if name == "backward" and self.tracing:
            return self._backward([t, *args], kwargs, via="backward")
        if name.startswith("_"):  # the policy refuses all but x.__class__ (inert) and friends
            return self.call(self.policy.get(t, name), args, kwargs)
        if name == "register_hook":
            return t.register_hook(self._hooked(args[0], t))
        if name in _DEVICE_MOVES and _device_only(name, args, kwargs):
            return t  # torch returns the tensor itself when nothing changes
        if name in _SIZE_CHECKED:
            check_call_size(name, (t, *args), self.budget, self.line)
        if "keepdims" in kwargs:
            kwargs = _numpy_aliases(kwargs)
        r = getattr(t, name)(*args, **kwargs)
        if self.tracing:
            self._tensor_method_event(t, name)
        if isinstance(r, _Tensor):
            self.see(r)
        return r

    def _call_module_function(self, mod: FacadeModule, name: str, args: list,
                              kwargs: dict) -> Any:
        """``torch.name(...)``, ``F.name(...)``: only the module's listed members."""
        fn = mod.members.get(name)
        if name in _SIZE_CHECKED:
            check_call_size(name, tuple(args), self.budget, self.line)
        if fn is None:
            raise AttributeError(Message("module '{name}' has no attribute '{name_2}' (not available "
                                         "in this app)", name=mod.name, name_2=name))
        if "keepdims" in kwargs:
            kwargs = _numpy_aliases(kwargs)
        return self.call(fn, args, kwargs)

    def _check_padding(self, args: list) -> None:
        """``'a'.ljust(10**10)``: refused before Python allocates the string."""
        if args and isinstance(args[0], int) and args[0] > self.budget.format_width:
            raise BudgetExceeded(Message("a width of {args} is over the limit of {format_width}",
                                         args=format(args[0], ","),
                                         format_width=format(self.budget.format_width, ",")), self.line)

    def _tensor_method_event(self, t: Any, name: str) -> None:
        if name.endswith("_") and name != "requires_grad_":
            self.trace.event("inplace", self.line, tensor=self.trace.tid(t, self.line),
                             method=name, version=getattr(t, "_version", None))
        elif name in ("requires_grad_", "retain_grad", "detach_"):
            self.trace.event("flag", self.line, tensor=self.trace.tid(t, self.line),
                             flag=name, value=t.requires_grad)

    def _method_event(self, obj: Any, name: str, args: list, kwargs: dict) -> None:
        """What an optimizer step, a module's requires_grad_ or a zero_grad did, traced."""
        if name == "step" and isinstance(obj, engine.optim.Optimizer):
            self._optimizer_event(obj)
        elif name == "requires_grad_" and isinstance(obj, engine.nn.Module):
            for p in obj.parameters():
                self.trace.event("flag", self.line, tensor=self.trace.tid(p, self.line),
                                 flag="requires_grad_", value=p.requires_grad)
        elif name == "zero_grad":
            self.trace.event("zero_grad", self.line, owner=type(obj).__name__,
                             set_to_none=kwargs.get("set_to_none", args[0] if args else True))

    def _optimizer_event(self, opt: Any) -> None:
        params = []
        for g in opt.param_groups:
            for p in g["params"]:
                params.append((self.trace.tid(p, self.line), getattr(p, "_version", None)))
        self.trace.event("optimizer_step", self.line, optimizer=type(opt).__name__,
                         params=params)

    def _hooked(self, fn: Any, owner: Any) -> Any:
        """A hook that reports to the trace when the engine fires it."""
        if not self.tracing:
            return fn
        key = id(fn)
        if key in self._hooks and self._hooks[key][0] is fn:
            return self._hooks[key][1]
        run = self
        owner_tid = self.trace.tid(owner, self.line) if isinstance(owner, _Tensor) else None

        def hook(*args):
            run.trace.event("hook", run.line, hook=getattr(fn, "name", repr(fn)),
                            tensor=owner_tid)
            return fn(*args)
        self._hooks[key] = (fn, hook)
        return hook

    def _backward(self, args: list, kwargs: dict, via: str) -> None:
        """``t.backward(...)`` while tracing: the engine's step generator, recorded."""
        if self.at_backward is not None:
            self.at_backward(via, args, kwargs)
        if via == "backward":
            bound = _BACKWARD_SIG.bind(*args, **kwargs)
            bound.apply_defaults()
            a = bound.arguments
            root, gradient, retain, create, inputs = (a["self"], a.get("gradient"),
                                                      a.get("retain_graph"),
                                                      a.get("create_graph"), a.get("inputs"))
        else:
            sig = inspect.signature(engine.autograd.backward)
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            a = bound.arguments
            root, gradient, retain, create, inputs = (a["tensors"], a.get("grad_tensors"),
                                                      a.get("retain_graph"),
                                                      a.get("create_graph"), a.get("inputs"))
        if not self.tracing or create:
            if via == "backward":
                return root.backward(gradient, retain, create, inputs)
            return engine.autograd.backward(root, gradient, retain, create, inputs)
        roots = root if isinstance(root, (list, tuple)) else [root]
        ev = self.trace.event("backward", self.line,
                              roots=[self.trace.tid(r, self.line) for r in roots],
                              retain_graph=retain, steps=[])
        steps = ev["steps"]
        for st in engine.autograd.backward_steps(root, gradient, retain, inputs):
            if st is None:
                continue
            rec = {"node": st.name}
            if st.leaf is not None:
                tid = self.trace.tid(st.leaf, self.line)
                rec["leaf"] = tid
                self.trace.event("accumulate", self.line, tensor=tid)
            steps.append(rec)
        return None

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


_GUARDED_METHODS = frozenset(("format", "ljust", "rjust", "center", "zfill", "extend",
                              "update", "join", "union"))
_SIZE_CHECKED = frozenset(("mm", "matmul", "bmm", "mv", "dot", "outer", "repeat", "expand",
                           "new_zeros", "new_ones", "new_empty", "new_full", "tile"))
_DEVICE_MOVES = frozenset(("to", "cpu", "cuda"))
_PADDING = frozenset(("ljust", "rjust", "center", "zfill"))
# methods that consume an iterable argument at once: counted against the loop budget
_CONSUMING_METHODS = frozenset(("extend", "update", "join", "union"))
_FINITE = (list, tuple, dict, set, str)


def _registers_hook(name: str) -> bool:
    """Hook registrations (tensor, module, grad_fn): the hook reports to the trace when fired."""
    return name in ("register_hook", "register_prehook") or name.startswith(
        ("register_forward", "register_full_backward"))


def _numpy_aliases(kwargs: dict) -> dict:
    """torch's argument parser takes numpy's ``keepdims`` for ``keepdim`` (d2l writes
    ``X.sum(1, keepdims=True)``); ``axis`` the engine takes itself."""
    return {("keepdim" if k == "keepdims" else k): v for k, v in kwargs.items()}


def _device_only(name: str, args: list, kwargs: dict) -> bool:
    """``x.to(device)`` / ``x.cpu()``: a move to the CPU, where everything already is."""
    if name == "cuda":
        check_device("cuda")
    devs = [a for a in args if isinstance(a, (str, _Device))] + (
        [kwargs["device"]] if "device" in kwargs else [])
    if name == "cpu" and not args:
        return True
    if devs and len(devs) == len(args) + len(kwargs):
        for d in devs:
            check_device(d, factory=False)  # .to("mps"): RuntimeError, as torch
        return True
    return False


def _import_line(name: str) -> str:
    return {"torch": "import torch", "np": "import numpy as np", "numpy": "import numpy",
            "math": "import math", "nn": "from torch import nn",
            "F": "import torch.nn.functional as F", "optim": "from torch import optim"}[name]


# ---------------------------------------------------------------------------------- entry
def run_program(source: str, budget: Budget | None = None, trace: bool = True,
                cancel: threading.Event | None = None,
                on_output: Callable[[str], None] | None = None,
                at_backward: Callable | None = None,
                base_dir: str | None = None) -> ProgramResult:
    """Run ``source`` (a Python program) in the sandbox; never raises for a bad program.
    ``at_backward(run, via, args, kwargs)`` is called before each backward (see ``Run``);
    ``base_dir``: the program's folder, where ``torch.load`` may read ``.npz`` files."""
    budget = budget or Budget()
    run = Run(budget, trace, cancel, on_output, base_dir)
    if at_backward is not None:
        run.at_backward = lambda via, args, kwargs: at_backward(run, via, args, kwargs)
    result = ProgramResult(trace=run.trace)
    saved_grad = engine.is_grad_enabled()
    saved_limit = sys.getrecursionlimit()
    try:
        if len(source) > _MAX_SOURCE:
            raise Refused(Message("the program is over {MAX_SOURCE} characters",
                                  MAX_SOURCE=format(_MAX_SOURCE, ",")), None)
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            result.error_line = exc.lineno
            msg = exc.msg
            if "integer string conversion" in msg:   # Python's own text points at sys internals
                limit = sys.get_int_max_str_digits()
                msg = Message("an integer literal has more than {limit} digits, too many to read",
                              limit=format(limit, ","))
            raise _SyntaxStop(f"SyntaxError: {msg}", exc.lineno) from None
        except (RecursionError, MemoryError, ValueError) as exc:
            raise Refused(Message("the program cannot be read ({name})", name=type(exc).__name__), None) from None
        static_check(tree)
        sys.setrecursionlimit(max(saved_limit, 20_000))
        try:
            program = Compiler(run).block(tree.body) if tree.body else (lambda fr: None)
        except RecursionError:
            raise Refused(Message("the program is nested too deeply to run here"), None) from None
        budget_cm = getattr(engine, "tensor_budget", None)
        run.deadline = time.monotonic() + budget.seconds
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            run.caught = caught
            if budget_cm is not None:
                # The engine checks each tensor's size before allocating; the total is ours:
                # live tensors (Trace's ids), since the engine would count every tensor ever
                # made and stop a long training loop that never holds much at once.
                with budget_cm(max_elements=budget.tensor_elements, max_bytes=None):
                    program(run.module_frame)
            else:
                program(run.module_frame)
    except _SyntaxStop as stop:
        _fail(result, stop, "error", "SyntaxError", stop.message[len("SyntaxError: "):])
    except ProgramStop as stop:
        _fail(result, stop, stop.kind, None, stop.message, run.line)
    except RecursionError:
        stop = BudgetExceeded(over("nested calls (recursion depth)", budget.recursion), run.line)
        _fail(result, stop, "budget", None, stop.message)
    except MemoryError:
        stop = BudgetExceeded(Message("stopped: out of memory (the run's tensor budget)"), run.line)
        _fail(result, stop, "budget", None, stop.message)
    except Exception as exc:  # noqa: BLE001 - the program's own error, reported as one line
        budget_error = getattr(engine, "TensorBudgetError", None)
        if budget_error is not None and isinstance(exc, budget_error):
            stop = BudgetExceeded(Message("stopped: {_one_line}", _one_line=_one_line(exc)), run.line)
            _fail(result, stop, "budget", None, stop.message)
        else:
            msg = _one_line(exc) if not isinstance(exc, KeyError) else repr(exc.args[0]) if \
                exc.args else ""
            name = type(exc).__name__
            stop = ProgramStop(Message("{name}: {msg}", name=name, msg=msg) if msg else name, run.line)
            _fail(result, stop, "error", name, msg)
    finally:
        sys.setrecursionlimit(saved_limit)
        engine.set_grad_enabled(saved_grad)  # a program may end inside set_grad_enabled(False)
        engine.printing.OPTIONS.reset()  # torch.set_printoptions lasts for one program only
    if run.caught is not None:
        run._take_warnings()
    seen = set()
    for line, text in run.warned:
        if (line, text) not in seen:  # Python shows a warning once per line
            seen.add((line, text))
            result.warnings.append((line, text))
    result.output = "".join(run.output)
    result.names = {k: v for k, v in run.globals.items() if k != "__name__"}
    result.notes = list(run.notes)
    return result


class _SyntaxStop(ProgramStop):
    kind = "error"


def _fail(result: ProgramResult, stop: ProgramStop, kind: str, etype: str | None,
          message: str, line: int | None = None) -> None:
    if stop.line is None and line:
        stop.line = line
    result.error = stop.one_line()
    result.error_kind = kind
    result.error_line = stop.line
    result.error_type = etype
    result.error_message = message


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


# ---------------------------------------------------------------------------------- report
def tensor_report(t: Any) -> dict:
    """One named tensor as ``main.py run --json`` prints it (grad null where torch has None)."""
    from explorer.model.runner import json_number_array

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = t.grad
    return {
        "value": json_number_array(np.asarray(t.detach().numpy())),
        "grad": None if g is None else json_number_array(np.asarray(g.detach().numpy())),
        "requires_grad": bool(t.requires_grad),
        "is_leaf": bool(t.is_leaf),
        "grad_fn": None if t.grad_fn is None else type(t.grad_fn).__name__,
        "shape": list(t.shape),
    }


def result_report(result: ProgramResult) -> dict:
    nodes = {}
    for name, t in result.tensors().items():
        try:
            nodes[name] = tensor_report(t)
        except RuntimeError as exc:  # e.g. a view whose flags can no longer be read
            nodes[name] = {"error": _one_line(exc)}
    return {"output": result.output, "nodes": nodes, "error": result.error,
            "error_kind": result.error_kind, "notes": result.notes,
            "warnings": [{"line": line, "text": text} for line, text in result.warnings]}
