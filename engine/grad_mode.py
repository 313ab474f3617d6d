"""Grad modes: whether ops record a graph (``no_grad``, ``enable_grad``, ``set_grad_enabled``,
``inference_mode``) and the anomaly-detection switch, as ``torch.autograd.grad_mode`` has them.

Every op asks :func:`is_grad_enabled` (the fast paths read ``_state.enabled``) before it
records a node.  ``engine.autograd`` re-exports everything here.
"""
from __future__ import annotations

import functools
from typing import Callable

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
           "set_detect_anomaly", "detect_anomaly", "is_anomaly_enabled"]


class _GradState:
    __slots__ = ("enabled",)

    def __init__(self):
        self.enabled = True


_state = _GradState()


def is_grad_enabled() -> bool:
    return _state.enabled


class _GradModeBase:
    """Context manager that is also a decorator, like torch's grad-mode classes (with or
    without the call: ``@no_grad()`` and ``@no_grad`` both work)."""
    _target: bool = True

    def __new__(cls, orig_func=None):
        if orig_func is not None and cls is not set_grad_enabled:
            return cls()(orig_func)  # bare @no_grad: decorate directly
        return super().__new__(cls)

    def __enter__(self):
        self._prev = _state.enabled
        _state.enabled = self._target

    def __exit__(self, *exc):
        _state.enabled = self._prev
        return False

    def __call__(self, fn: Callable) -> Callable:
        target = self._target

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            prev = _state.enabled
            _state.enabled = target
            try:
                return fn(*args, **kwargs)
            finally:
                _state.enabled = prev
        return wrapper


class no_grad(_GradModeBase):
    """Disable graph recording: results have ``requires_grad=False`` and no ``grad_fn``."""
    _target = False


class enable_grad(_GradModeBase):
    """Re-enable graph recording (e.g. inside a ``no_grad`` block)."""
    _target = True


class set_grad_enabled(_GradModeBase):
    """``set_grad_enabled(flag)``: takes effect immediately, like torch, and restores on exit."""

    def __new__(cls, mode: bool):
        return object.__new__(cls)

    def __init__(self, mode: bool):
        self._prev = _state.enabled
        self._target = bool(mode)
        _state.enabled = bool(mode)

    def __enter__(self):
        _state.enabled = self._target

    def __call__(self, fn):
        # used as a decorator: the constructor already flipped the mode; undo that
        _state.enabled = self._prev
        return super().__call__(fn)



class inference_mode(no_grad):
    """``torch.inference_mode()``: here the same as no_grad (no graph is recorded)."""

    def __new__(cls, mode=True):
        if callable(mode):  # bare @inference_mode
            return no_grad.__new__(cls, mode)
        return object.__new__(cls)

    def __init__(self, mode: bool = True):
        self._target = not mode


_anomaly = {"enabled": False}


class set_detect_anomaly:
    """Anomaly detection switch (accepted for compatibility; this engine's errors already
    name the node and tensor)."""

    def __init__(self, mode: bool, check_nan: bool = True):
        self._prev = _anomaly["enabled"]
        _anomaly["enabled"] = bool(mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _anomaly["enabled"] = self._prev
        return False


class detect_anomaly(set_detect_anomaly):
    def __init__(self, check_nan: bool = True):
        super().__init__(True, check_nan)


def is_anomaly_enabled() -> bool:
    return _anomaly["enabled"]

