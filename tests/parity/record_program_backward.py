"""Records torch 2.13's gradients for the backward calls of the programs in ``PROGRAMS``
(fixtures/program_backward.json), for the step-through into a program's backward
(tests/model/test_program_accumulation.py, tests/view/test_program_backward.py).

Each program appends what a learner would look at after each backward call to ``seen``:
the leaves' ``.grad`` after ``backward()`` (accumulated onto what was there), or the values
``torch.autograd.grad`` returned together with the ``.grad`` it left alone. The recorder runs
our own corpus text under real torch (the test oracle, never the app running user text).
Run with torch 2.13 installed: ``python tests/parity/record_program_backward.py``.
"""
from __future__ import annotations

import json
import runpy
import sys
import tempfile
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "program_backward.json"

PROGRAMS = {
    # the gradient-accumulation lesson: two backward() calls without zero_grad()
    "accumulate": """import torch
w = torch.tensor([1.0, -2.0], requires_grad=True)
b = torch.tensor(0.5, requires_grad=True)
x = torch.tensor([0.5, 2.0])
seen = []
loss = ((w * x + b) ** 2).sum()
loss.backward()
seen.append([w.grad.tolist(), b.grad.tolist()])
loss = ((w * x + b) ** 2).sum()
loss.backward()
seen.append([w.grad.tolist(), b.grad.tolist()])
loss = (w.exp() * x).sum() + b * 3
loss.backward()
seen.append([w.grad.tolist(), b.grad.tolist()])
""",
    # several roots in one call, then a later backward() on a second root
    "roots": """import torch
w = torch.tensor([0.3, -1.2, 2.0], requires_grad=True)
x = torch.tensor([1.5, 0.25, -0.5])
seen = []
y1 = (w * w).sum()
y2 = w.sin() * x
torch.autograd.backward([y1, y2], [None, torch.tensor([1.0, 0.5, -2.0])])
seen.append([w.grad.tolist()])
z = w.tanh().sum()
z.backward()
seen.append([w.grad.tolist()])
""",
    # torch.autograd.grad returns the gradients and leaves .grad alone
    "grad": """import torch
x = torch.tensor([1.0, 3.0], requires_grad=True)
seen = []
(x ** 2).sum().backward()
seen.append([x.grad.tolist()])
(dx,) = torch.autograd.grad((x ** 3).sum(), [x])
seen.append([dx.tolist(), x.grad.tolist()])
""",
    # w.grad.zero_() leaves zeros, not None: the next backward adds onto zeros
    "zeroed": """import torch
w = torch.tensor([2.0, -1.0], requires_grad=True)
seen = []
(w ** 3).sum().backward()
seen.append([w.grad.tolist()])
w.grad.zero_()
(w * 5).sum().backward()
seen.append([w.grad.tolist()])
""",
}


def record() -> dict:
    import torch

    out = {"torch": torch.__version__, "programs": {}}
    with tempfile.TemporaryDirectory() as folder:
        for name, source in PROGRAMS.items():
            path = Path(folder) / f"{name}.py"
            path.write_text(source, encoding="utf-8")
            out["programs"][name] = {"source": source, "seen": runpy.run_path(str(path))["seen"]}
    return out


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(record(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE}", file=sys.stderr)
