"""Connecting a scene's own ``selectionChanged`` without a bound slot.

PySide routes a bound method through a slot it adds to the receiver's dynamic meta-object. That
meta-object goes with the Python wrapper, but a ``QGraphicsScene``'s C++ destructor runs after
it, deselects every item and emits ``selectionChanged``; PySide then raises "Slot
'GraphScene::' not found" inside the event loop of whatever code is running at the time. A
plain function needs no slot on the receiver. It holds the scene weakly and stays quiet once
the scene says it is closed or its C++ side is already being destroyed.
"""
from __future__ import annotations

import weakref
from typing import Callable

import shiboken6


def weak_relay(obj, method: str) -> Callable[[], None]:
    """A function calling ``obj.<method>()`` while ``obj`` is alive, valid and not ``_closed``."""
    ref = weakref.ref(obj)

    def relay() -> None:
        target = ref()
        if target is not None and not getattr(target, "_closed", False) and shiboken6.isValid(target):
            getattr(target, method)()

    return relay
