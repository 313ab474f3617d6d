"""The program runner's overhead: a training loop run by our interpreter vs plain Python.

    python benchmarks/program_bench.py [--repeat N] [--iterations 200]

The same program — a Linear 4-16-3 MLP trained for 200 iterations on a batch of 32 (SGD,
MSE) — is run three ways: as plain Python over ``engine`` (the function ``plain`` below,
written line for line like ``PROGRAM``), by the program runner with tracing on, and with
tracing off. Target (issue 13): traced <= 3x plain. Best of N, the three alternating so that a
busy moment of the machine hits all of them; compare the ratios, not absolute times.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROGRAM = """\
import torch
from torch import nn, optim
torch.manual_seed(0)
x = torch.randn(32, 4)
y = torch.randn(32, 3)
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
optimizer = optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for step in range(ITERATIONS):
    optimizer.zero_grad()
    pred = model(x)
    loss = loss_fn(pred, y)
    loss.backward()
    optimizer.step()
print(loss.item() > 0)
"""

# The same MLP as a class: forward() then runs in the interpreter too, every iteration.
CLASS_PROGRAM = PROGRAM.replace(
    "model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))\n",
    "class MLP(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.fc1 = nn.Linear(4, 16)\n"
    "        self.fc2 = nn.Linear(16, 3)\n"
    "    def forward(self, x):\n"
    "        return self.fc2(torch.relu(self.fc1(x)))\n"
    "model = MLP()\n")


def plain(torch, iterations: int) -> None:
    nn, optim = torch.nn, torch.optim
    torch.manual_seed(0)
    x = torch.randn(32, 4)
    y = torch.randn(32, 3)
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.MSELoss()
    for step in range(iterations):
        optimizer.zero_grad()
        pred = model(x)
        loss = loss_fn(pred, y)
        loss.backward()
        optimizer.step()
    print(loss.item() > 0, end="\r")


def plain_class(torch, iterations: int) -> None:
    nn, optim = torch.nn, torch.optim
    torch.manual_seed(0)
    x = torch.randn(32, 4)
    y = torch.randn(32, 3)

    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(4, 16)
            self.fc2 = nn.Linear(16, 3)

        def forward(self, x):
            return self.fc2(torch.relu(self.fc1(x)))
    model = MLP()
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.MSELoss()
    for step in range(iterations):
        optimizer.zero_grad()
        pred = model(x)
        loss = loss_fn(pred, y)
        loss.backward()
        optimizer.step()
    print(loss.item() > 0, end="\r")


def measure(source: str, plain_fn, args, engine, run_program) -> tuple[dict, object]:
    def traced():
        r = run_program(source, trace=True)
        assert r.error is None, r.error
        return r

    def untraced():
        r = run_program(source, trace=False)
        assert r.error is None, r.error

    fns = {"plain Python over engine": lambda: plain_fn(engine, args.iterations),
           "program runner, tracing on": traced, "program runner, tracing off": untraced}
    best = {k: float("inf") for k in fns}
    for fn in fns.values():
        fn()
    for _ in range(args.repeat):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t0)
    return best, traced()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--iterations", type=int, default=200)
    args = ap.parse_args()
    import engine
    from explorer.model.program import run_program

    print(f"load average {os.getloadavg()[0]:.2f}; {args.iterations} iterations, best of "
          f"{args.repeat}")
    worst = 0.0
    for title, src, plain_fn in (("nn.Sequential", PROGRAM, plain),
                                 ("nn.Module class (forward interpreted)", CLASS_PROGRAM,
                                  plain_class)):
        source = src.replace("ITERATIONS", str(args.iterations))
        best, r = measure(source, plain_fn, args, engine, run_program)
        base = best["plain Python over engine"]
        print(f"{title}:")
        for k, v in best.items():
            print(f"  {k:30s} {v * 1000:8.1f} ms   {v / base:5.2f}x plain")
        print(f"  trace: {len(r.trace.statements):,} statements, {len(r.trace.events):,} events")
        worst = max(worst, best["program runner, tracing on"] / base)
    print(f"target traced <= 3.0x plain: {'met' if worst <= 3.0 else 'NOT met'} "
          f"(worst {worst:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
