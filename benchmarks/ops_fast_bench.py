"""Per-call time of the op fast paths (``engine/ops_fast.py``) against the reference path
(``engine/dispatch.py``) on tiny tensors, measured in one process.

    python benchmarks/ops_fast_bench.py [--repeat N]

The figure quoted above ``_fast_binary`` comes from here: a fast path earns its place only
while it stays well ahead of the reference path it must agree with
(``tests/engine/test_ops_fast.py``).
"""
from __future__ import annotations

import argparse
import os
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import engine  # noqa: E402
from engine.dispatch import _apply  # noqa: E402
from engine.op_table import OPS  # noqa: E402


def cases():
    x = engine.tensor([0.5, 0.5], requires_grad=True)
    w = engine.tensor([0.5, 0.5])
    mul, add, tanh = OPS["mul"], OPS["add"], OPS["tanh"]
    return [("x * 1.01", lambda: x * 1.01, lambda: _apply(mul, (x, 1.01), {})),
            ("x + w", lambda: x + w, lambda: _apply(add, (x, w), {})),
            ("x.tanh()", lambda: x.tanh(), lambda: _apply(tanh, (x,), {}))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7, help="best of N runs (default 7)")
    args = ap.parse_args()
    print(f"load average: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"{'call':12s} {'fast':>9s} {'reference':>10s} {'ratio':>6s}")
    for name, fast, ref in cases():
        t = [min(timeit.repeat(f, number=20000, repeat=args.repeat)) / 20000 * 1e6
             for f in (fast, ref)]
        print(f"{name:12s} {t[0]:7.2f}us {t[1]:8.2f}us {t[0] / t[1]:5.2f}x")


if __name__ == "__main__":
    main()
