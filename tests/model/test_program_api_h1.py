"""The program runner with the tensor-math breadth of issues #13/#14: the new creation
functions refuse a memory bomb before numpy allocates (one line, the budget's words), and
``torch.set_printoptions`` lasts for one program only."""
from __future__ import annotations

import tracemalloc

import pytest

from explorer.model.program import Budget, run_program

BOMBS = [
    "x = torch.range(0, 1e12)",
    "x = torch.logspace(0, 1, 10**10)",
    "x = torch.normal(0., 1., size=(10**6, 10**6))",
    "x = torch.randperm(10**10)",
    "x = torch.diag(torch.zeros(10**5))",
    "x = torch.diag_embed(torch.zeros(10**5))",
    "g = torch.meshgrid(torch.zeros(10**5), torch.zeros(10**5), indexing='ij')",
    "x = torch.zeros(3).new_ones(10**6, 10**6)",
    "x = torch.zeros(2).new_full((10**6, 10**6), 2.)",
    "x = torch.zeros(3).new_zeros((10**6, 10**6))",
]


@pytest.mark.parametrize("line", BOMBS)
def test_creation_bombs_stop_before_allocating(line):
    tracemalloc.start()
    try:
        r = run_program(f"import torch\n{line}\n", Budget(seconds=10))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.error is not None and "\n" not in r.error
    assert r.error.startswith("line 2: ") and "elements" in r.error
    assert r.error_kind == "budget"
    assert peak < 300 * 1024 ** 2


def test_printoptions_last_for_one_program():
    r = run_program("import torch\ntorch.set_printoptions(precision=2)\n"
                    "print(torch.tensor([1.23456]))\n", Budget(seconds=10))
    assert r.error is None and r.output == "tensor([1.23])\n"
    r = run_program("import torch\nprint(torch.tensor([1.23456]))\n", Budget(seconds=10))
    assert r.output == "tensor([1.2346])\n"


def test_new_names_reach_programs():
    src = ("import torch\nx = torch.tensor([0.3, -0.5], requires_grad=True)\n"
           "y = torch.acos(x).sum() + torch.cumsum(x, 0).prod() + (x // 1).sum()\n"
           "print(y.grad_fn, torch.eq(x, 0.3), torch.cuda.is_available())\n"
           "print(torch.finfo(torch.float32).eps, torch.median(x), x.clamp_min(0))\n")
    r = run_program(src, Budget(seconds=10))
    assert r.error is None, r.error
    assert r.output.splitlines()[0].startswith("<AddBackward0 object at ")
    assert r.output.splitlines()[0].endswith("> tensor([ True, False]) False")
    assert r.output.splitlines()[1] == ("1.1920928955078125e-07 tensor(-0.5000, "
                                        "grad_fn=<MedianBackward0>) tensor([0.3000, 0.0000], "
                                        "grad_fn=<ClampMinBackward0>)")
