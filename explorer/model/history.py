"""The undo history without Qt: the memory budget of undo steps and :class:`History`, a
pure-python stack with QUndoStack's behaviour (re-exported by :mod:`explorer.model.commands`).
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from explorer.model.command_base import Command
from explorer.model.document import Document
from explorer.model.observable import Observable


# ---------------------------------------------------------------------------- memory budget
#: Most bytes of arrays the undo history keeps (300 Train steps of a 512x512 weight took 650 MB).
UNDO_MEMORY_BUDGET = 256 * 1024 * 1024


def held_arrays(command: Any) -> list[np.ndarray]:
    """The arrays an undo step keeps alive; any object with ``held_arrays()`` counts."""
    method = getattr(command, "held_arrays", None)
    return list(method()) if callable(method) else []


def steps_within_budget(steps: Sequence[Sequence[np.ndarray]], budget: int) -> int:
    """How many of the newest undo steps fit in ``budget`` bytes (at least one: the last edit
    can always be undone). ``steps`` lists each step's arrays, oldest first; an array shared by
    several steps (one Train step's result is the next one's old value) is counted once."""
    seen: set[int] = set()
    total = 0
    kept = 0
    for arrays in reversed(steps):
        for a in arrays:
            base = a if a.base is None else a.base
            if id(base) not in seen:
                seen.add(id(base))
                total += int(base.nbytes)
        if total > budget and kept:
            break
        kept += 1
    return kept


def history_bytes(steps: Sequence[Sequence[np.ndarray]]) -> int:
    """Bytes of the distinct arrays held by these undo steps."""
    seen: dict[int, int] = {}
    for arrays in steps:
        for a in arrays:
            base = a if a.base is None else a.base
            seen[id(base)] = int(base.nbytes)
    return sum(seen.values())


# ---------------------------------------------------------------------------- headless history
class History(Observable):
    """A pure-python undo stack with QUndoStack's behaviour: push runs the command, a refused
    command (DocumentError) is not pushed and the error propagates; pushing drops the redo
    tail; consecutive mergeable commands merge (but never into the clean state)."""

    def __init__(self, doc: Document, limit: int = 0, memory_budget: int = UNDO_MEMORY_BUDGET) -> None:
        self.doc = doc
        self.limit = limit
        self.memory_budget = memory_budget
        #: Undo steps dropped so far to stay within the memory budget (the view says so once).
        self.dropped_for_memory = 0
        self._commands: list[Command] = []
        self._index = 0
        self._clean: int | None = 0
        self._listeners: list[Callable[["History"], None]] = []

    def push(self, command: Command) -> None:
        command.do(self.doc)  # raises (and changes nothing) if refused
        del self._commands[self._index:]
        if self._clean is not None and self._clean > self._index:
            self._clean = None  # the clean state was in the discarded redo tail
        top = self._commands[-1] if self._commands else None
        if (top is not None and top.merge_id is not None and top.merge_id == command.merge_id
                and self._index != self._clean and top.merge_with(command)):
            pass
        else:
            self._commands.append(command)
            self._index += 1
            drop = len(self._commands) - self.limit if self.limit else 0
            if self.memory_budget:
                keep = steps_within_budget([held_arrays(c) for c in self._commands], self.memory_budget)
                if len(self._commands) - keep > drop:
                    self.dropped_for_memory += len(self._commands) - keep - max(drop, 0)
                    drop = len(self._commands) - keep
            if drop > 0:
                del self._commands[:drop]
                self._index -= drop
                if self._clean is not None:
                    self._clean = self._clean - drop if self._clean >= drop else None
        self._notify()

    def held_bytes(self) -> int:
        """Bytes of the arrays the history keeps alive (each shared array once)."""
        return history_bytes([held_arrays(c) for c in self._commands])

    def undo(self) -> None:
        if not self.can_undo():
            return
        self._index -= 1
        self._commands[self._index].undo(self.doc)
        self._notify()

    def redo(self) -> None:
        if not self.can_redo():
            return
        self._commands[self._index].do(self.doc)
        self._index += 1
        self._notify()

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    def undo_text(self) -> str:
        return self._commands[self._index - 1].text if self.can_undo() else ""

    def redo_text(self) -> str:
        return self._commands[self._index].text if self.can_redo() else ""

    @property
    def index(self) -> int:
        return self._index

    def __len__(self) -> int:
        return len(self._commands)

    @property
    def clean_index(self) -> int | None:
        """The index at which the document matches its file (None: unreachable)."""
        return self._clean

    def set_clean(self) -> None:
        self._clean = self._index
        self._notify()

    def is_clean(self) -> bool:
        return self._clean == self._index

    def clear(self) -> None:
        self._commands.clear()
        self._index = 0
        self._clean = 0
        self._notify()
