"""Listeners of a model object that tells them "I changed" (the undo history, the step
controller, the lecture player): the view subscribes and reads the object again.

The document tells its listeners *what* changed (events) and shields them from each other's
failures, so it keeps its own (``Document.subscribe``)."""
from __future__ import annotations

from typing import Any, Callable


class Observable:
    """``subscribe``/``unsubscribe``, and ``_notify`` to call every listener with the object.
    A class using it sets ``self._listeners = []`` in its ``__init__``."""

    _listeners: list[Callable[[Any], None]]

    def subscribe(self, listener: Callable[[Any], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Any], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self) -> None:
        # over a copy: a listener may unsubscribe while it is being called
        for listener in list(self._listeners):
            listener(self)
