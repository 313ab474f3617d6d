"""Calls a program makes, as :class:`~.runtime.Run` carries them out: functions, and methods
of tensors, facade modules and Python data, with what the trace records of them (backward
passes, hooks, optimizer steps, in-place updates, flag changes) and the size checks some
calls need before the engine allocates.

``Calls`` is a mixin of ``Run``: it uses the run's ``trace``, ``policy``, ``budget``,
``line``, ``see``, ``iterate`` and ``_counted``.
"""
from __future__ import annotations

import inspect
from typing import Any

import engine

from explorer.model.messages import Message
from .budget import BudgetExceeded
from .facade_module import FacadeModule
from .frames import UserFunction
from .grad_mode import GradMode, GradRegion
from .guards import Device, check_device
from .policy import check_call_size, safe_str_format

_Tensor = engine.Tensor
_BACKWARD_SIG = inspect.signature(engine.Tensor.backward)
_AUTOGRAD_BACKWARD_SIG = inspect.signature(engine.autograd.backward)


class Calls:
    """The call operations of a run (see the module docstring)."""

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
            raise AttributeError(Message("module '{name}' has no attribute '{name_2}' "
                                         "(not available in this app)",
                                         name=mod.name, name_2=name))
        if "keepdims" in kwargs:
            kwargs = _numpy_aliases(kwargs)
        return self.call(fn, args, kwargs)

    def _check_padding(self, args: list) -> None:
        """``'a'.ljust(10**10)``: refused before Python allocates the string."""
        if args and isinstance(args[0], int) and args[0] > self.budget.format_width:
            raise BudgetExceeded(Message("a width of {args} is over the limit of {format_width}",
                                         args=format(args[0], ","),
                                         format_width=format(self.budget.format_width, ",")),
                                 self.line)

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
        root, gradient, retain, create, inputs = _backward_arguments(via, args, kwargs)
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


def _backward_arguments(via: str, args: list, kwargs: dict) -> tuple:
    """(root, gradient, retain_graph, create_graph, inputs) of ``t.backward(...)``
    (``via="backward"``) or ``torch.autograd.backward(...)``, bound as the engine binds them."""
    if via == "backward":
        bound = _BACKWARD_SIG.bind(*args, **kwargs)
        root_arg, grad_arg = "self", "gradient"
    else:
        bound = _AUTOGRAD_BACKWARD_SIG.bind(*args, **kwargs)
        root_arg, grad_arg = "tensors", "grad_tensors"
    bound.apply_defaults()
    a = bound.arguments
    return (a[root_arg], a.get(grad_arg), a.get("retain_graph"), a.get("create_graph"),
            a.get("inputs"))


_SIZE_CHECKED = frozenset(("mm", "matmul", "bmm", "mv", "dot", "outer", "repeat", "expand",
                           "new_zeros", "new_ones", "new_empty", "new_full", "tile"))
_DEVICE_MOVES = frozenset(("to", "cpu", "cuda"))
_PADDING = frozenset(("ljust", "rjust", "center", "zfill"))
# methods that consume an iterable argument at once: counted against the loop budget
_CONSUMING_METHODS = frozenset(("extend", "update", "join", "union"))
_FINITE = (list, tuple, dict, set, str)
# the methods of Python data that call_method checks: a bound one read as a value
# (`f = s.format; f(...)`) is wrapped by Run.get_attr so that it gets the same checks
GUARDED_METHODS = frozenset(("format",)) | _PADDING | _CONSUMING_METHODS


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
    devs = [a for a in args if isinstance(a, (str, Device))] + (
        [kwargs["device"]] if "device" in kwargs else [])
    if name == "cpu" and not args:
        return True
    if devs and len(devs) == len(args) + len(kwargs):
        for d in devs:
            check_device(d, factory=False)  # .to("mps"): RuntimeError, as torch
        return True
    return False
