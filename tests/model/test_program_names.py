"""``__name__`` / ``__qualname__`` in programs: d2l prints ``trainer_fn.__name__`` while looping
over optimizer classes. The names of the program's own functions and classes, of the facade's
callables and classes, of modules and of ``type(x)`` come back as a plain str, as Python and
torch give them; every other dunder — and anything reached *from* the name — stays refused
with the sandbox's line, and nothing can rename a shared facade function."""
from __future__ import annotations

import subprocess
import sys

import pytest

from explorer.model.program import Budget, run_program

NAMES_PROGRAM = """\
import math
import torch
from torch import nn
import torch.nn.functional as F

def f(x):
    return x

class Net(nn.Module):
    def forward(self, x):
        return x

g = lambda: 1
x = torch.tensor([1.0])
print(f.__name__, f.__qualname__, Net.__name__, Net.__qualname__, g.__name__)
print(torch.optim.Adagrad.__name__, nn.Linear.__name__, F.relu.__name__, torch.zeros.__name__)
print(torch.tensor.__name__, math.sqrt.__name__, print.__name__, torch.no_grad.__name__)
print(type(x).__name__, type(3).__name__, type(Net()).__name__, type(x.sum().item()).__name__)
print(torch.__name__, F.__name__, nn.Module.__name__, torch.Tensor.__name__)
print(f"{f.__name__}: {type(x).__name__.upper()}", len(Net.__name__))
for opt in [torch.optim.SGD, torch.optim.Adam]:
    print(opt.__name__, opt.__qualname__)
"""
# printed by python 3 + torch 2.13 running NAMES_PROGRAM (test_names_match_live_torch re-checks)
NAMES_OUTPUT = """\
f f Net Net <lambda>
Adagrad Linear relu zeros
tensor sqrt print no_grad
Tensor int Net float
torch torch.nn.functional Module Tensor
f: TENSOR 3
SGD SGD
Adam Adam
"""


def test_names_come_back_as_python_and_torch_give_them():
    r = run_program(NAMES_PROGRAM, Budget(seconds=10))
    assert r.error is None, r.error
    assert r.output == NAMES_OUTPUT


@pytest.mark.torch
def test_names_match_live_torch(tmp_path):
    pytest.importorskip("torch")
    path = tmp_path / "names.py"
    path.write_text(NAMES_PROGRAM, encoding="utf-8")
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == NAMES_OUTPUT


DUNDER_LINE = "access to '{}' is not allowed here (programs cannot reach Python's internals)"


@pytest.mark.parametrize("src, line, attr", [
    # the name is a str: the next dunder of a chain is refused like any other
    ("def f():\n    pass\nc = f.__name__.__class__.__mro__\n", 3, "__mro__"),
    ("import torch\nc = type(torch.ones(1)).__name__.__class__.__bases__\n", 2, "__bases__"),
    ("def f():\n    pass\ng = f.__globals__\n", 3, "__globals__"),
    ("def f():\n    pass\nc = f.__code__\n", 3, "__code__"),
    ("import torch\nd = torch.__dict__\n", 2, "__dict__"),
    # only functions, classes, modules and type(x) have a name
    ("import torch\nn = torch.ones(2).__name__\n", 2, "__name__"),
    ("from torch import nn\nn = nn.Linear(2, 2).__name__\n", 2, "__name__"),
    ("import torch\nn = torch.ones(2, requires_grad=True).sum().grad_fn.__name__\n", 2,
     "__name__"),
    ("class A:\n    pass\nn = A().__name__\n", 3, "__name__"),
    ("n = (1).__name__\n", 1, "__name__"),
    ("n = 'abc'.__qualname__\n", 1, "__qualname__"),
    ("def outer():\n    def inner():\n        pass\n    return inner\nq = outer().__qualname__\n",
     5, "__qualname__"),
    # names are read, never written: a facade function is shared by every run of the process
    ("import torch\ntorch.exp.__name__ = 'log'\n", 2, "__name__"),
    ("def f():\n    pass\nf.__name__ = 'g'\n", 3, "__name__"),
    ("def f():\n    pass\nf.__name__ += 'g'\n", 3, "__name__"),
])
def test_every_other_dunder_stays_refused(src, line, attr):
    r = run_program(src, Budget(seconds=10))
    assert r.error == f"line {line}: " + DUNDER_LINE.format(attr)


def test_a_shared_facade_function_keeps_its_name(tmp_path):
    """Side-effect canary: after a program tried to rename torch.exp, the engine's function
    and the next run still say "exp"."""
    import engine

    before = engine.exp.__name__
    run_program("import torch\ntorch.exp.__name__ = 'log'\n", Budget(seconds=10))
    assert engine.exp.__name__ == before
    r = run_program("import torch\nprint(torch.exp.__name__)\n", Budget(seconds=10))
    assert r.output == "exp\n"


@pytest.mark.parametrize("src", [
    "def f():\n    pass\ns = '{0.__name__}'.format(f)\n",
    "def f():\n    pass\ns = getattr(f, '__name__')\n",
    "def f():\n    pass\ns = f'{f.__name__!r:>100000000}'\n",
])
def test_names_are_not_a_way_around_format_and_getattr(src):
    r = run_program(src, Budget(seconds=10))
    assert r.error is not None and "\n" not in r.error
