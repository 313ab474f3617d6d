"""A debugger's cursor over a recorded run: step over / into / out, run to end, and the passes
of a loop, as Thonny and Python Tutor step through code (no Qt).

The run is already over; the cursor moves through ``Trace.statements`` (``(line, depth,
iters)`` per statement executed), so stepping back and jumping to any pass of a loop are as
cheap as stepping forward. ``step`` is the statement that just ran (None: before the first).
"""
from __future__ import annotations

from explorer.model.messages import Message


class StepCursor:
    """Where a learner is in a recorded run; each move returns the new step."""

    def __init__(self, statements: list) -> None:
        self.statements = list(statements)
        self.step: int | None = None

    @property
    def last(self) -> int:
        return len(self.statements) - 1

    def line(self) -> int | None:
        return None if self.step is None else self.statements[self.step][0]

    def go(self, step: int) -> int:
        if not self.statements:
            raise IndexError(Message("the run recorded no statements"))
        self.step = max(0, min(step, self.last))
        return self.step

    def step_into(self) -> int:
        """The next statement executed, inside a called function too (F11)."""
        return self.go(0 if self.step is None else self.step + 1)

    def step_over(self) -> int:
        """The next statement at this call depth or shallower: a call runs whole (F10)."""
        if self.step is None:
            return self.go(0)
        depth = self.statements[self.step][1]
        for j in range(self.step + 1, len(self.statements)):
            if self.statements[j][1] <= depth:
                return self.go(j)
        return self.go(self.last)

    def step_out(self) -> int:
        """The first statement after the current function returned (Shift+F11); at module
        level, the end of the run."""
        if self.step is None:
            return self.go(0)
        depth = self.statements[self.step][1]
        for j in range(self.step + 1, len(self.statements)):
            if self.statements[j][1] < depth:
                return self.go(j)
        return self.go(self.last)

    def run_to_end(self) -> int:
        return self.go(self.last)

    def passes(self) -> list[int]:
        """The steps that ran this same line at this depth: one per loop pass (the slider)."""
        if self.step is None:
            return []
        line, depth, _ = self.statements[self.step]
        return [j for j, (ln, d, _) in enumerate(self.statements) if ln == line and d == depth]
