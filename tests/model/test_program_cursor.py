"""Stepping through a recorded run like a debugger: over, into, out, loop passes."""
from __future__ import annotations

from explorer.model.program import run_program
from explorer.model.program.cursor import StepCursor

PROGRAM = """import torch
def square(t):
    u = t * t
    return u
x = torch.tensor([1.0, 2.0], requires_grad=True)
for i in range(3):
    y = square(x)
z = y.sum()
"""


def _cursor():
    return StepCursor(run_program(PROGRAM).trace.statements)


def _lines(cursor, move, n):
    return [cursor.line() for _ in range(n) if move() is not None]


def test_step_into_enters_the_function_and_step_over_does_not():
    c = _cursor()
    assert _lines(c, c.step_into, 8) == [1, 2, 5, 6, 7, 3, 4, 7]
    c = _cursor()
    assert _lines(c, c.step_over, 9) == [1, 2, 5, 6, 7, 7, 7, 8, 8]   # stays at the end


def test_step_out_returns_to_the_caller_and_at_module_level_runs_to_the_end():
    c = _cursor()
    for _ in range(6):
        c.step_into()
    assert c.line() == 3 and c.statements[c.step][1] == 1
    c.step_out()
    assert c.line() == 7 and c.statements[c.step][1] == 0   # the loop body's next pass
    assert c.statements[c.step][2] == (1,)
    c.step_out()
    assert c.step == c.last and c.line() == 8


def test_passes_of_a_loop_line_are_one_step_each():
    c = _cursor()
    c.go(0)
    while c.line() != 7:
        c.step_over()
    passes = c.passes()
    assert len(passes) == 3 and passes[0] == c.step
    assert [c.statements[j][2] for j in passes] == [(0,), (1,), (2,)]
