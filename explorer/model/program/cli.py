"""``python main.py run PROGRAM.py [--json] [--trace FILE]``: run a program, print its output,
then each module-level tensor (value, grad, flags, grad_fn, shape) and a line per
module-level ``nn.Module`` (its parameters: how many, which require grad, which hold a .grad),
which is what a finetuning program is about: a frozen backbone, only the new head learning.

An error ends the run with one line on stderr (PyTorch's text verbatim, with the program line)
and exit code 2, after the output printed so far.
"""
from __future__ import annotations

import ast
import json
import os
import sys
import warnings
from typing import Any

import engine

from .run import ProgramResult, result_report, run_program


def _print_tensors(result: ProgramResult) -> None:
    for name, t in result.tensors().items():
        try:
            print(f"{name} = {t!r}")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                g = t.grad
            print(f"    {name}.grad = {'None' if g is None else repr(g)}")
        except RuntimeError as exc:
            print(f"{name}: {' '.join(str(exc).split())}")


def _names_of(names: list[str], limit: int = 4) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", … (+{len(names) - limit})" if len(names) > limit else "")


def _print_modules(result: ProgramResult) -> None:
    """``model: ResNet, 11,181,642 parameters; requires_grad: fc.weight, fc.bias (5,130); .grad:
    fc.weight, fc.bias``. Read through the engine's own Module methods: a program's class
    never runs again once the run and its budgets ended."""
    for name, obj in result.names.items():
        if not isinstance(obj, engine.nn.Module):
            continue
        params = list(engine.nn.Module.named_parameters(obj))
        total = sum(int(p.numel()) for _n, p in params)
        live = [(n, p) for n, p in params if p.requires_grad]
        graded = [n for n, p in params if p.grad is not None]
        line = f"{name}: {type(obj).__name__}, {total:,} parameters"
        if live and len(live) < len(params):
            line += (f"; requires_grad: {_names_of([n for n, _ in live])} "
                     f"({sum(int(p.numel()) for _n, p in live):,})")
        elif params:
            line += "; all require grad" if live else "; all frozen (requires_grad=False)"
        if graded:
            line += f"; .grad: {_names_of(graded)}"
        print(line)


def runs_as_program(path: str) -> bool:
    """Whether ``main.py run`` should run this ``.py`` file as a Python program: it imports
    something (``import torch``). A file without imports is one of the app's
    expression-language scripts (bare ``tensor(...)``, ``exp(...)``), which the app also
    saves and opens as .py, and keeps its document reading."""
    try:
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError,
            MemoryError):
        return False  # the document reader reports it in one line, as before
    return any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree))


def cli_run(path: str, as_json: bool = False, trace_path: str | None = None) -> int:
    """Run the program in ``path``; returns the exit code (0, or 2 when the program failed)."""
    if not os.path.exists(path):
        print(f"error: {path}: no such file", file=sys.stderr)
        return 2
    try:
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {path}: cannot read the file ({' '.join(str(exc).split())})",
              file=sys.stderr)
        return 2

    def echo(text: str) -> None:
        sys.stdout.write(text)

    result = run_program(source, trace=trace_path is not None,
                         on_output=None if as_json else echo,
                         base_dir=os.path.dirname(os.path.abspath(path)))
    for line, text in result.warnings:
        print(f"{path}:{line}: {text}", file=sys.stderr)
    if as_json:
        print(json.dumps(result_report(result), allow_nan=False))
    else:
        _print_tensors(result)
        _print_modules(result)
    if trace_path is not None:
        _write_trace(result, trace_path)
    if result.error:
        where = f"{path}:{result.error_line}" if result.error_line else path
        message = result.error
        if result.error_line and message.startswith(f"line {result.error_line}: "):
            message = message[len(f"line {result.error_line}: "):]
        print(f"error: {where}: {message}", file=sys.stderr)
        return 2
    return 0


def _write_trace(result: ProgramResult, trace_path: str) -> None:
    data: Any = result.trace.to_json() if result.trace is not None else {}
    tmp = trace_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, default=repr)
    os.replace(tmp, trace_path)
