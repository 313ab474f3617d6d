"""What a run produced (:class:`ProgramResult`), and the JSON that ``main.py run --json``
prints of it (:func:`result_report`)."""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import engine

from explorer.model.runner.report import json_number_array
from .budget import ProgramStop
from .trace import Trace

_Tensor = engine.Tensor

@dataclass
class ProgramResult:
    """What a run produced: printed output, the final module-level names, the trace, and the
    error that ended it (one line), if any."""
    output: str = ""
    names: dict = field(default_factory=dict)     # module-level name -> value at the end
    trace: Trace | None = None
    error: str | None = None                       # "line 5: RuntimeError: ..."
    error_kind: str | None = None                  # "error", "budget", "refused", "cancelled"
    error_line: int | None = None
    error_type: str | None = None                  # the exception's class name, e.g. RuntimeError
    error_message: str | None = None               # the exception's text alone
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)   # (line, "UserWarning: ...") pairs

    def tensors(self) -> dict:
        """The module-level names bound to tensors at the end, in binding order."""
        return {k: v for k, v in self.names.items() if isinstance(v, _Tensor)}


def fail(result: ProgramResult, stop: ProgramStop, kind: str, etype: str | None,
         message: str, line: int | None = None) -> None:
    """Record the stop that ended the run on ``result`` (``line`` when the stop has none)."""
    if stop.line is None and line:
        stop.line = line
    result.error = stop.one_line()
    result.error_kind = kind
    result.error_line = stop.line
    result.error_type = etype
    result.error_message = message


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


# ---------------------------------------------------------------------------------- report
def tensor_report(t: Any) -> dict:
    """One named tensor as ``main.py run --json`` prints it (grad null where torch has None)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = t.grad
    return {
        "value": json_number_array(np.asarray(t.detach().numpy())),
        "grad": None if g is None else json_number_array(np.asarray(g.detach().numpy())),
        "requires_grad": bool(t.requires_grad),
        "is_leaf": bool(t.is_leaf),
        "grad_fn": None if t.grad_fn is None else type(t.grad_fn).__name__,
        "shape": list(t.shape),
    }


def result_report(result: ProgramResult) -> dict:
    nodes = {}
    for name, t in result.tensors().items():
        try:
            nodes[name] = tensor_report(t)
        except RuntimeError as exc:  # e.g. a view whose flags can no longer be read
            nodes[name] = {"error": one_line(exc)}
    return {"output": result.output, "nodes": nodes, "error": result.error,
            "error_kind": result.error_kind, "notes": result.notes,
            "warnings": [{"line": line, "text": text} for line, text in result.warnings]}
