"""What the window's undo stack needs of the model layer, given to it with the document.

A module of the window's model side (imported by ``window/model_side.py``, after the first
paint): :mod:`explorer.view.undo` is part of the frame and imports no model code.
"""
from __future__ import annotations

from explorer.model.commands import (UNDO_MEMORY_BUDGET, held_arrays, history_bytes,
                                     steps_within_budget)
from explorer.model.document import Document, DocumentError
from explorer.view.undo import UndoRules, UndoStack

__all__ = ["MODEL_RULES", "model_undo_stack"]


def _held_bytes(commands: list) -> int:
    return history_bytes([held_arrays(c) for c in commands])


def _steps_within_budget(commands: list, budget: int) -> int:
    return steps_within_budget([held_arrays(c) for c in commands], budget)


MODEL_RULES = UndoRules(refusal=DocumentError, held_bytes=_held_bytes,
                        steps_within_budget=_steps_within_budget, budget=UNDO_MEMORY_BUDGET)


def model_undo_stack(document: Document, parent=None,
                     memory_budget: int | None = None) -> UndoStack:
    """An undo stack over ``document`` with the model's rules (tests, tools)."""
    stack = UndoStack(parent)
    stack.attach(document, MODEL_RULES, memory_budget)
    return stack
