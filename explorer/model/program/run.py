"""Run a PyTorch-style program against the engine: ``run_program(source) -> ProgramResult``.

The program is parsed, checked statically (``interpreter.static_check``), compiled into
closures over a :class:`~.runtime.Run` and run under the engine's tensor budget. Errors end the
run with one line naming the program line: PyTorch's own text verbatim
(``line 5: RuntimeError: element 0 of tensors does not require grad ...``).
"""
from __future__ import annotations

import ast
import sys
import threading
import time
import warnings
from typing import Callable

import engine

from explorer.model.messages import Message
from .budget import Budget, BudgetExceeded, ProgramStop, Refused, over
from .interpreter import Compiler, static_check
from .result import ProgramResult, fail, one_line, result_report, tensor_report
from .runtime import Run

__all__ = ["run_program", "ProgramResult", "Run", "result_report", "tensor_report"]

_MAX_SOURCE = 1_000_000


def run_program(source: str, budget: Budget | None = None, trace: bool = True,
                cancel: threading.Event | None = None,
                on_output: Callable[[str], None] | None = None,
                at_backward: Callable | None = None,
                base_dir: str | None = None) -> ProgramResult:
    """Run ``source`` (a Python program) in the sandbox; never raises for a bad program.
    ``at_backward(run, via, args, kwargs)`` is called before each backward (see ``Run``);
    ``base_dir``: the program's folder, where ``torch.load`` may read ``.npz`` files."""
    budget = budget or Budget()
    run = Run(budget, trace, cancel, on_output, base_dir)
    if at_backward is not None:
        run.at_backward = lambda via, args, kwargs: at_backward(run, via, args, kwargs)
    result = ProgramResult(trace=run.trace)
    saved_grad = engine.is_grad_enabled()
    saved_limit = sys.getrecursionlimit()
    try:
        program = _compile(source, run, saved_limit)
        _execute(program, run)
    except (ProgramStop, Exception) as exc:  # noqa: BLE001 - the program's error, one line
        fail(result, *_ending(exc, run))
    finally:
        sys.setrecursionlimit(saved_limit)
        engine.set_grad_enabled(saved_grad)  # a program may end inside set_grad_enabled(False)
        engine.printing.OPTIONS.reset()  # torch.set_printoptions lasts for one program only
    _collect(run, result)
    return result


def _compile(source: str, run: Run, saved_limit: int) -> Callable:
    """Parse, check and compile ``source``; a program that cannot be read is a stop."""
    if len(source) > _MAX_SOURCE:
        raise Refused(Message("the program is over {MAX_SOURCE} characters",
                              MAX_SOURCE=format(_MAX_SOURCE, ",")), None)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        msg = exc.msg
        if "integer string conversion" in msg:   # Python's own text points at sys internals
            limit = sys.get_int_max_str_digits()
            msg = Message("an integer literal has more than {limit} digits, too many to read",
                          limit=format(limit, ","))
        raise _SyntaxStop(f"SyntaxError: {msg}", exc.lineno) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise Refused(Message("the program cannot be read ({name})", name=type(exc).__name__), None) from None
    static_check(tree)
    sys.setrecursionlimit(max(saved_limit, 20_000))
    try:
        return Compiler(run).block(tree.body) if tree.body else (lambda fr: None)
    except RecursionError:
        raise Refused(Message("the program is nested too deeply to run here"), None) from None


def _execute(program: Callable, run: Run) -> None:
    """Run the compiled program with its warnings recorded and under the tensor budget."""
    budget = run.budget
    run.deadline = time.monotonic() + budget.seconds
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        run.caught = caught
        # The engine checks each tensor's size before allocating; the total is ours:
        # live tensors (Trace's ids), since the engine would count every tensor ever
        # made and stop a long training loop that never holds much at once.
        with engine.tensor_budget(max_elements=budget.tensor_elements, max_bytes=None):
            program(run.module_frame)


def _ending(exc: BaseException, run: Run) -> tuple:
    """``fail``'s arguments for what ended the run: (stop, kind, error type, message, line)."""
    if isinstance(exc, _SyntaxStop):
        return exc, "error", "SyntaxError", exc.message[len("SyntaxError: "):]
    if isinstance(exc, ProgramStop):
        return exc, exc.kind, None, exc.message, run.line
    if isinstance(exc, RecursionError):
        stop = BudgetExceeded(over("nested calls (recursion depth)", run.budget.recursion),
                              run.line)
        return stop, "budget", None, stop.message
    if isinstance(exc, MemoryError):
        stop = BudgetExceeded(Message("stopped: out of memory (the run's tensor budget)"),
                              run.line)
        return stop, "budget", None, stop.message
    if isinstance(exc, engine.TensorBudgetError):
        stop = BudgetExceeded(Message("stopped: {_one_line}", _one_line=one_line(exc)), run.line)
        return stop, "budget", None, stop.message
    msg = _error_text(exc)
    name = type(exc).__name__
    stop = ProgramStop(Message("{name}: {msg}", name=name, msg=msg) if msg else name, run.line)
    return stop, "error", name, msg


def _error_text(exc: BaseException) -> str:
    """The exception's text on one line; a KeyError shows its key as Python does."""
    if isinstance(exc, KeyError):
        return repr(exc.args[0]) if exc.args else ""
    return one_line(exc)


def _collect(run: Run, result: ProgramResult) -> None:
    """Output, warnings (once per line, as Python shows them), names and notes of the run."""
    if run.caught is not None:
        run._take_warnings()
    seen = set()
    for line, text in run.warned:
        if (line, text) not in seen:
            seen.add((line, text))
            result.warnings.append((line, text))
    result.output = "".join(run.output)
    result.names = {k: v for k, v in run.globals.items() if k != "__name__"}
    result.notes = list(run.notes)


class _SyntaxStop(ProgramStop):
    kind = "error"
