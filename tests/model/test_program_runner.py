"""The program runner runs what tutorials write and records a trace a debugger-like view can
step through (statements with lines and loop iterations, tensors with grad_fn and inputs,
backward steps, accumulations, grad modes, optimizer steps, hooks, prints, names)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.model.program import run_program

ROOT = Path(__file__).resolve().parents[2]


def ok(src: str):
    r = run_program(src)
    assert r.error is None, r.error
    return r


def kinds(r, kind):
    return [e for e in r.trace.events if e["kind"] == kind]


# ------------------------------------------------------------------------------ language
def test_python_features_tutorials_use():
    r = ok("""\
import math
import numpy as np
a, (b, c) = 1, [2, 3]
first, *rest = [1, 2, 3, 4]
total = 0
for i, (x, y) in enumerate(zip([1, 2, 3], [4, 5, 6])):
    if i == 0:
        continue
    elif i == 2:
        total += x * y
        break
    else:
        total += 100
n = 0
while True:
    n += 1
    if n >= 3:
        break
def f(x, k=2, *args, scale=1.0, **kw):
    return (x ** k + sum(args)) * scale + len(kw)
g = lambda v: v + 1
squares = [v * v for v in range(5) if v % 2 == 0]
table = {k: k * 2 for k in ('a', 'b')}
assert f(2) == 4 and f(2, 3, 1, 1, scale=2.0, z=1) == 21
print(a, b, c, first, rest, total, n, g(1), squares, table, f"{math.pi:.3f}", np.pi > 3)
""")
    assert r.output == ("1 2 3 1 [2, 3, 4] 118 3 2 [0, 4, 16] {'a': 'aa', 'b': 'bb'} 3.142 "
                        "True\n")


def test_assert_failure_is_one_line_with_the_message():
    r = run_program("x = 1\nassert x == 2, 'x should be 2'\n")
    assert r.error == "line 2: AssertionError: x should be 2"


def test_pytorch_errors_keep_their_text_and_name_the_line():
    r = run_program("import torch\nx = torch.tensor([1., 2.])\ny = (x * 2).sum()\n"
                    "y.backward()\n")
    assert r.error == ("line 4: RuntimeError: element 0 of tensors does not require grad and "
                       "does not have a grad_fn")


def test_augmented_assignment_on_a_tensor_is_in_place():
    r = ok("import torch\nw = torch.tensor([1., 2.], requires_grad=True)\nalias = w\n"
           "w.grad = torch.tensor([1., 1.])\nwith torch.no_grad():\n    w -= 0.5 * w.grad\n"
           "print(alias is w, alias)\n")
    assert r.output == "True tensor([0.5000, 1.5000], requires_grad=True)\n"
    ev = kinds(r, "inplace")
    assert ev and ev[-1]["line"] == 6 and ev[-1]["version"] == 1


def test_module_classes_register_parameters_and_call_forward():
    r = ok("""\
import torch
from torch import nn
class Net(nn.Module):
    def __init__(self, hidden=3):
        super().__init__()
        self.fc1 = nn.Linear(2, hidden)
        self.fc2 = nn.Linear(hidden, 1)
        self.scale = nn.Parameter(torch.tensor(2.0))
    def forward(self, x):
        return self.scale * self.fc2(torch.relu(self.fc1(x)))
net = Net()
names = [n for n, p in net.named_parameters()]
out = net(torch.ones(4, 2)).sum()
out.backward()
print(names, all(p.grad is not None for p in net.parameters()))
""")
    assert r.output == ("['scale', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'] True\n")


def test_grad_mode_blocks_and_decorators():
    r = ok("""\
import torch
x = torch.tensor([1.], requires_grad=True)
with torch.no_grad():
    a = x * 2
    with torch.enable_grad():
        b = x * 2
with torch.set_grad_enabled(False):
    c = x * 2
with torch.inference_mode():
    d = x * 2
@torch.no_grad()
def f(t):
    return t * 2
@torch.no_grad
def g(t):
    return t * 2
print(a.requires_grad, b.requires_grad, c.requires_grad, d.requires_grad,
      f(x).requires_grad, g(x).requires_grad, (x * 2).requires_grad)
""")
    assert r.output == "False True False False False False True\n"
    modes = [(e["mode"], e["what"], e["enabled"]) for e in kinds(r, "grad_mode")]
    assert modes[:4] == [("no_grad", "enter", False), ("enable_grad", "enter", True),
                         ("enable_grad", "exit", False), ("no_grad", "exit", True)]


def test_indexing_records_torchs_grad_fn_names():
    r = ok("import torch\nx = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\n"
           "a = x[0]\nb = x[:, 1:]\nc = x[[0, 1], [1, 0]]\n")
    fns = {k: r.names[k].grad_fn for k in "abc"}
    assert [type(fns[k]).__name__ for k in "abc"] == ["SelectBackward0", "SliceBackward0",
                                                      "IndexBackward0"]


def test_random_functions_work_and_say_once_that_values_differ():
    seen = []
    r = run_program("import torch\ntorch.manual_seed(0)\na = torch.rand(2)\nb = torch.randn(2)\n",
                    on_output=seen.append)
    assert r.error is None and r.names["a"].shape == (2,)
    notes = [s for s in seen if "differ from PyTorch's" in s]
    assert len(notes) == 1 and r.notes == [notes[0].strip()]
    assert r.output == ""  # the note is not part of the program's own output


@pytest.mark.parametrize("src, words", [
    ("import torchvision.datasets\n", "only torchvision.models is available here"),
    ("from torchvision import transforms\n", "cannot import name 'transforms'"),
    ("import matplotlib.pyplot as plt\n", "Plots menu"),
    ("import os\n", "not allowed"),
    ("import pandas as pd\n", "pandas is not available here"),
])
def test_imports_nobody_serves_get_one_helpful_line(src, words):
    r = run_program(src)
    assert r.error.startswith("line 1: ") and words in r.error and "\n" not in r.error


# ------------------------------------------------------------------------------ the seed tutorial
SEED_BLOCKS = [
    "import torch\n\na = torch.tensor([2., 3.], requires_grad=True)\n"
    "b = torch.tensor([6., 4.], requires_grad=True)\n",
    "Q = 3*a**3 - b**2\n",
    "external_grad = torch.tensor([1., 1.])\nQ.backward(gradient=external_grad)\n",
    "# check if collected gradients are correct\nprint(9*a**2 == a.grad)\nprint(-2*b == b.grad)\n",
    "from torch import nn, optim\n\nx = torch.rand(5, 5)\ny = torch.rand(5, 5)\n"
    "z = torch.rand((5, 5), requires_grad=True)\n\na = x + y\n"
    'print(f"Does `a` require gradients?: {a.requires_grad}")\nb = x + z\n'
    'print(f"Does `b` require gradients?: {b.requires_grad}")\n',
]
FINETUNE = ("from torch import nn, optim\n\nmodel = resnet18(weights=ResNet18_Weights.DEFAULT)\n\n"
            "# Freeze all the parameters in the network\nfor param in model.parameters():\n"
            "    param.requires_grad = False\n")


def test_seed_tutorial_blocks_pasted_in_order():
    r = ok("\n".join(SEED_BLOCKS))
    assert r.output == ("tensor([True, True])\ntensor([True, True])\n"
                        "Does `a` require gradients?: False\nDoes `b` require gradients?: True\n")


def test_seed_finetuning_block_runs_after_the_others_on_the_model_zoo():
    r = ok("\n".join(SEED_BLOCKS) + "\n" + FINETUNE)
    assert [k for k, p in r.names["model"].named_parameters() if p.requires_grad] == []
    assert any("model zoo" in n for n in r.notes)


# ------------------------------------------------------------------------------ the trace
TRAINING = """\
import torch
from torch import nn, optim
model = nn.Linear(2, 1)
opt = optim.SGD(model.parameters(), lr=0.1)
x = torch.tensor([[1., 2.], [3., 4.]])
y = torch.tensor([[1.], [2.]])
for epoch in range(2):
    opt.zero_grad()
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    opt.step()
h = x.requires_grad_(True).register_hook(lambda g: g * 2)
(x * 3).sum().backward()
print(loss.item() > 0)
"""


def test_trace_statements_have_lines_and_loop_iterations():
    r = ok(TRAINING)
    st = r.trace.statements
    in_loop = [(line, it) for line, depth, it in st if line in (8, 9, 10, 11)]
    assert in_loop[:4] == [(8, (0,)), (9, (0,)), (10, (0,)), (11, (0,))]
    assert in_loop[4:8] == [(8, (1,)), (9, (1,)), (10, (1,)), (11, (1,))]
    assert st[0][0] == 1 and st[-1][0] == 14


def test_trace_records_ops_backward_steps_accumulation_and_optimizer_steps():
    r = ok(TRAINING)
    tensors = kinds(r, "tensor")
    ops = [e for e in tensors if e["grad_fn"]]
    assert {"PowBackward0", "SubBackward0", "MeanBackward0"} <= {e["grad_fn"] for e in ops}
    mean = next(e for e in ops if e["grad_fn"] == "MeanBackward0")
    assert mean["line"] == 9 and mean["inputs"] and mean["inputs"][0] is not None
    backward = kinds(r, "backward")
    assert [e["line"] for e in backward] == [10, 10, 13]
    assert backward[0]["steps"][0]["node"] == "MeanBackward0"
    assert any(s.get("leaf") for s in backward[0]["steps"])
    assert len(kinds(r, "accumulate")) >= 4
    steps = kinds(r, "optimizer_step")
    assert [e["line"] for e in steps] == [11, 11] and steps[1]["params"][0][1] == 2
    assert [e["line"] for e in kinds(r, "zero_grad")] == [8, 8]
    assert [e["line"] for e in kinds(r, "hook")] == [13]
    assert [e["text"] for e in kinds(r, "print")] == ["True\n"]


def test_trace_namespace_at_each_statement():
    r = ok("import torch\na = torch.tensor([1.])\nb = a * 2\na = b + 1\nk = 3\n")
    tr = r.trace
    first = tr.namespace_at(1)
    assert set(first) == {"a"}
    later = tr.namespace_at(3)
    assert set(later) == {"a", "b"} and later["a"] != first["a"]
    created = {e["tid"]: e for e in kinds(r, "tensor")}
    assert created[later["a"]]["grad_fn"] is None  # no grad: a plain leaf


def test_trace_flags_and_grad_resets():
    r = ok("import torch\na = torch.tensor([1.], requires_grad=True)\nb1 = 2 * a\n"
           "a.requires_grad = False\nb2 = 2 * a\na.grad = None\n")
    flag = kinds(r, "flag")[0]
    assert flag["line"] == 4 and flag["before"] is True and flag["value"] is False
    assert kinds(r, "grad_set")[0]["grad"] is None
    # time matters: b1 keeps its grad_fn, b2 has none
    assert type(r.names["b1"].grad_fn).__name__ == "MulBackward0" and r.names["b2"].grad_fn is None


def test_trace_json_round_trips():
    r = ok(TRAINING)
    data = json.loads(json.dumps(r.trace.to_json(), default=repr))
    assert data["statements"][0] == {"step": 0, "line": 1, "depth": 0, "iters": []}
    assert all("index" in e and "line" in e and "stmt" in e for e in data["events"])


def test_tracing_off_keeps_results_and_records_nothing():
    r = run_program(TRAINING, trace=False)
    assert r.error is None and r.output == "True\n"
    assert r.trace.statements == [] and r.trace.events == []


# ------------------------------------------------------------------------------ CLI
def _cli(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "run", *args],
                          capture_output=True, text=True, timeout=120, env=env, cwd=cwd or ROOT)


def test_cli_prints_output_then_named_tensors_and_writes_the_trace(tmp_path):
    prog = tmp_path / "prog.py"
    prog.write_text("import torch\nx = torch.tensor([1., 2.], requires_grad=True)\n"
                    "y = (x * x).sum()\ny.backward()\nprint('done')\n", encoding="utf-8")
    trace = tmp_path / "trace.json"
    proc = _cli(str(prog), "--trace", str(trace))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:3] == ["done", "x = tensor([1., 2.], requires_grad=True)",
                                            "    x.grad = tensor([2., 4.])"]
    data = json.loads(trace.read_text())
    assert data["format"] == "autograd-explorer-trace" and data["statements"]
    proc = _cli(str(prog), "--json")
    rep = json.loads(proc.stdout)
    assert rep["output"] == "done\n"
    assert rep["nodes"]["x"] == {"value": [1.0, 2.0], "grad": [2.0, 4.0], "requires_grad": True,
                                 "is_leaf": True, "grad_fn": None, "shape": [2]}
    assert rep["nodes"]["y"]["grad"] is None and rep["nodes"]["y"]["grad_fn"] == "SumBackward0"


def test_cli_error_is_pytorchs_text_with_the_line_and_exit_2(tmp_path):
    prog = tmp_path / "bad.py"
    prog.write_text("import torch\nprint('before')\nx = torch.tensor([1., 2.], requires_grad=True)\n"
                    "(x * 2).backward()\n", encoding="utf-8")
    proc = _cli(str(prog))
    assert proc.returncode == 2
    assert proc.stdout.startswith("before\n")
    lines = proc.stderr.strip().splitlines()
    assert lines == [f"error: {prog}:4: RuntimeError: grad can be implicitly created only for "
                     f"scalar outputs"]


def test_cli_refusal_is_one_line_and_nothing_runs(tmp_path):
    canary = tmp_path / "canary.txt"
    prog = tmp_path / "hostile.py"
    prog.write_text(f"import torch\nprint('started')\nopen({str(canary)!r}, 'w').write('x')\n",
                    encoding="utf-8")
    proc = _cli(str(prog))
    assert proc.returncode == 2 and proc.stdout == "" and not canary.exists()
    assert proc.stderr.strip().splitlines() == [
        f"error: {prog}:3: open() is not allowed here: programs cannot read or write files"]


def test_a_script_without_imports_is_still_read_by_the_expression_language(tmp_path):
    prog = tmp_path / "expr.py"
    prog.write_text("a = tensor([2., 3.], requires_grad=True)\nQ = (a * a).sum()\nQ.backward()\n",
                    encoding="utf-8")
    rep = json.loads(_cli(str(prog), "--json").stdout)
    assert rep["nodes"]["a"]["grad"] == [4.0, 6.0] and "output" not in rep


def test_warnings_name_the_line_that_raised_them():
    r = ok("import torch\na = torch.tensor([1.], requires_grad=True) * 2\nx = 1\nprint(a.grad)\n")
    assert r.output == "None\n"
    assert len(r.warnings) == 1
    line, text = r.warnings[0]
    assert line == 4 and text.startswith("UserWarning: The .grad attribute of a Tensor that is "
                                         "not a leaf Tensor is being accessed.")


@pytest.mark.parametrize("src, line", [
    ("def f():\n    return 1\nx = f() + None\n", 3),        # after f returned: the caller's line
    ("def f():\n    return 1 + None\nx = f()\n", 2),        # inside f: f's line, as Python says
    ("g = lambda: 1\ny = 0\nx = g() + None\n", 3),
])
def test_an_error_names_the_line_python_names(src, line):
    """An error later in a statement that called a function named the function's last line."""
    r = run_program(src)
    assert r.error.startswith(f"line {line}: TypeError"), r.error
