"""The program runner: PyTorch-style Python programs run against ``engine`` in our own
interpreter over ``ast`` (no eval/exec/compile, no real imports), recording a trace.

>>> from explorer.model.program import run_program
>>> r = run_program("import torch\\na = torch.tensor([2., 3.], requires_grad=True)\\n"
...                 "(a ** 2).sum().backward()\\nprint(a.grad)\\n")
>>> r.output
'tensor([4., 6.])\\n'
"""
from .budget import Budget, BudgetExceeded, Cancelled, ProgramStop, Refused
from .cli import cli_run, runs_as_program
from .run import ProgramResult, result_report, run_program, tensor_report
from .trace import Trace

__all__ = ["Budget", "BudgetExceeded", "Cancelled", "ProgramStop", "Refused", "ProgramResult",
           "Trace", "run_program", "result_report", "tensor_report", "cli_run", "runs_as_program"]
