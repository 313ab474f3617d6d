"""``torch.no_grad``, ``enable_grad``, ``set_grad_enabled`` and ``inference_mode`` as a
program sees them: context managers and decorators that report their regions to the trace."""
from __future__ import annotations

import functools
from typing import Callable

import engine


class GradMode:
    """``torch.no_grad`` and friends as the program sees them: a context manager, a
    decorator with or without parentheses, reported to the trace on enter and exit."""

    def __init__(self, ctx, kind: str, make: Callable):
        self.ctx, self.kind, self._make = ctx, kind, make

    def __repr__(self) -> str:
        return f"<class 'torch.{self.kind}'>"

    def __call__(self, *args, **kwargs):
        if self.kind != "set_grad_enabled" and len(args) == 1 and not kwargs and callable(
                args[0]) and not isinstance(args[0], (bool, int)):
            return GradRegion(self.ctx, self.kind, self._make, (), {})(args[0])  # bare decorator
        return GradRegion(self.ctx, self.kind, self._make, args, kwargs)


class GradRegion:
    """One ``torch.no_grad()`` object: ``with`` it, or decorate a function with it."""

    def __init__(self, ctx, kind, make, args, kwargs):
        self.ctx, self.kind = ctx, kind
        self._make = make
        self._args, self._kwargs = args, kwargs
        self._stack: list = []
        if kind == "set_grad_enabled":  # takes effect at once, as in torch
            self._stack.append(make(*args, **kwargs))
            ctx.grad_mode_event(kind, "set", engine.is_grad_enabled())

    def __repr__(self) -> str:
        return f"<torch.autograd.grad_mode.{self.kind} object>"

    def __enter__(self):
        cm = self._stack[-1] if self.kind == "set_grad_enabled" else self._make(
            *self._args, **self._kwargs)
        if self.kind != "set_grad_enabled":
            self._stack.append(cm)
        cm.__enter__()
        self.ctx.grad_mode_event(self.kind, "enter", engine.is_grad_enabled())
        return None

    def __exit__(self, *exc):
        cm = self._stack.pop()
        cm.__exit__(*exc)
        self.ctx.grad_mode_event(self.kind, "exit", engine.is_grad_enabled())
        return False

    def __call__(self, fn):
        make, args, kwargs, kind, ctx = self._make, self._args, self._kwargs, self.kind, self.ctx
        if kind == "set_grad_enabled":
            self._stack[-1].__exit__(None, None, None)  # a decorator: undo the immediate effect

        @functools.wraps(fn)
        def in_mode(*a, **k):
            cm = make(*args, **kwargs)
            cm.__enter__()
            ctx.grad_mode_event(kind, "enter", engine.is_grad_enabled())
            try:
                return fn(*a, **k)
            finally:
                cm.__exit__(None, None, None)
                ctx.grad_mode_event(kind, "exit", engine.is_grad_enabled())
        return in_mode


def inference_mode(mode: bool = True):
    # torch's inference tensors differ from no_grad's only in what later ops may do with them
    return engine.no_grad() if mode else engine.enable_grad()
