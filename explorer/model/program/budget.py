"""Limits for one program run (statements, loop iterations, recursion, recorded ops, tensor
memory, wall time, printed output) and the errors that end a run.

Every limit has its own one-line message naming the line, so a learner sees *which* limit a
program hit ("line 3: stopped: more than 1,000,000 loop iterations ..."). The errors derive from
``ProgramStop``, which the program's own ``try/except`` can never catch.
"""
from __future__ import annotations

from dataclasses import dataclass

from explorer.model.messages import Message


@dataclass
class Budget:
    """The limits of one run; the defaults fit every tutorial we know with room to spare."""
    statements: int = 2_000_000
    iterations: int = 1_000_000       # loop iterations and comprehension elements, all loops
    recursion: int = 120              # nested calls of the program's own functions
    ops: int = 2_000_000              # tensors recorded (ops and creations) while tracing
    tensor_elements: int = 16_000_000  # one tensor (64 MB of float32)
    tensor_bytes: int = 512 * 1024 ** 2  # all live tensors the program made
    seconds: float = 30.0
    output_chars: int = 2_000_000
    sequence_items: int = 10_000_000  # a list/str made by repetition, range consumed at once
    int_bits: int = 100_000           # integers made by ** and << (10**10**10 would never end)
    format_width: int = 10_000        # width in a format spec ("{:>1000000000}")


class ProgramStop(BaseException):
    """Ends a run: never caught by the program's ``try``/``except`` (not an Exception)."""

    kind = "stop"

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def one_line(self) -> str:
        if not self.line:
            return self.message
        return Message("line {line}: {message}", line=self.line, message=self.message)


class BudgetExceeded(ProgramStop):
    kind = "budget"


class Refused(ProgramStop):
    """Something the sandbox does not allow (dunder access, open, import os, ...)."""
    kind = "refused"


class Cancelled(ProgramStop):
    kind = "cancelled"


#: what each budget counts, as ``over`` names it (listed here so the translation table has
#: them: the view translates the name inside the message too)
LIMIT_MESSAGES = {
    "statements": Message("statements"), "iterations": Message("loop iterations"),
    "recursion": Message("nested calls (recursion depth)"), "ops": Message("recorded tensors and ops"),
    "tensor_elements": Message("elements in one tensor"), "tensor_bytes": Message("bytes of live tensors"),
    "seconds": Message("seconds of run time"), "output_chars": Message("characters of printed output"),
    "sequence_items": Message("items in one list or string"),
}


def over(which: str, limit: int | float, unit: str = "") -> str:
    """The message of one exceeded budget, e.g. ``stopped: more than 1,000,000 loop iterations``."""
    n = f"{limit:,}" if isinstance(limit, int) else f"{limit:g}"
    # the budget's name as a Message, so the view translates it inside the message too
    which = next((m for m in LIMIT_MESSAGES.values() if m == which), which)
    return (Message("stopped: more than {n}{unit} {which} (the run's budget; is a loop unbounded?)", n=n,
                    unit=unit, which=which)
            if which in ('loop iterations', 'statements') else
            Message("stopped: more than {n}{unit} {which} (the run's budget)", n=n, unit=unit, which=which))
