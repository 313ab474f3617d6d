"""How the window runs a program: the budget, the run itself, the step cursor over its trace.

A module of the window's model side (imported by ``window/model_side.py`` and the
controllers, after the first paint): the Output dock (:mod:`.program_panel`) is part of the
window's frame and imports no model code; the window hands it :data:`PROGRAM_RUNS`.
"""
from __future__ import annotations

import threading
from typing import Callable, NamedTuple

from explorer.model.program import Budget, run_program
from explorer.model.program.cursor import StepCursor

__all__ = ["WINDOW_STATEMENTS", "window_budget", "run_in_window", "ProgramRuns", "PROGRAM_RUNS"]

#: Statements a run in the window may execute: the trace keeps every one (about 0.75 kB each
#: with its events), so an unbounded loop stops at a few hundred MB instead of the command
#: line's 2,000,000 statements (1.5 GB). Tutorials run a few thousand.
WINDOW_STATEMENTS = 300_000


def window_budget() -> Budget:
    return Budget(statements=WINDOW_STATEMENTS)


def run_in_window(source: str, *, on_output: Callable, folder: str | None,
                  cancel: threading.Event | None = None):
    """One traced run of ``source`` under the window's budget (a ``ProgramResult``)."""
    return run_program(source, budget=window_budget(), trace=True, cancel=cancel,
                       on_output=on_output, base_dir=folder)


class ProgramRuns(NamedTuple):
    """What the Output dock needs of the model: a run, and a cursor over its statements."""
    run: Callable
    cursor: Callable


PROGRAM_RUNS = ProgramRuns(run=run_in_window, cursor=StepCursor)
