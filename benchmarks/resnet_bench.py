"""ResNet-18 in the engine against torch CPU, side by side in one process.

    python benchmarks/resnet_bench.py [--repeat 5]

Cases (the same seeded weights and inputs in both):
- forward (eval mode, no grad) on 1x3x224x224 and on 8x3x64x64;
- forward + backward in training mode on 8x3x64x64 with the backbone frozen (every parameter
  ``requires_grad = False``, a new ``fc``: the seed tutorial's finetuning) and unfrozen.
Prints the best wall time of each and the ratio engine / torch (the issue's target: <= 3).
Figures are noisy on a shared machine: the load average is printed with them.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "parity"))

import engine  # noqa: E402
from engine import nn as enn  # noqa: E402
from engine.models import resnet18  # noqa: E402

import torch_resnet as tr  # noqa: E402


def timed(engine_fn, torch_fn, repeat: int) -> tuple:
    """Best of ``repeat`` for each, the two alternating so a busy moment of the machine hits
    both (the best time is the one least disturbed by other processes)."""
    engine_fn()  # warm up (allocations, BLAS threads)
    torch_fn()
    e, t = [], []
    for _ in range(repeat):
        for fn, out in ((torch_fn, t), (engine_fn, e)):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return min(e), min(t)


def models(weights):
    import torch

    tm = tr.build_torch_resnet18()
    tm.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()})
    em = resnet18()
    em.load_state_dict(OrderedDict((k, engine.tensor(v)) for k, v in weights.items()))
    return tm, em


def cases(weights, repeat: int):
    import torch

    tm, em = models(weights)
    for shape in ((1, 3, 224, 224), (8, 3, 64, 64)):
        x = tr.seeded_input(shape)
        tx, ex = torch.from_numpy(x), engine.tensor(x)
        tm.eval()
        em.eval()

        def t_fwd():
            with torch.no_grad():
                tm(tx)

        def e_fwd():
            with engine.no_grad():
                em(ex)
        yield (f"forward {'x'.join(map(str, shape))}", *timed(e_fwd, t_fwd, repeat))

    x = tr.seeded_input((8, 3, 64, 64))
    tx, ex = torch.from_numpy(x), engine.tensor(x)
    for frozen in (True, False):
        tm, em = models(weights)
        tm.train()
        em.train()
        if frozen:
            for p in tm.parameters():
                p.requires_grad = False
            for p in em.parameters():
                p.requires_grad = False
            tm.fc = torch.nn.Linear(512, 10)
            em.fc = enn.Linear(512, 10)

        def t_step():
            tm.zero_grad()
            tm(tx).sum().backward()

        def e_step():
            em.zero_grad()
            em(ex).sum().backward()
        label = "frozen backbone" if frozen else "unfrozen"
        yield (f"forward+backward 8x3x64x64, {label}", *timed(e_step, t_step, repeat))


def main() -> int:
    import numpy as np
    import torch

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    engine.manual_seed(0)
    torch.manual_seed(0)
    shapes = OrderedDict((k, tuple(v.shape)) for k, v in
                         tr.build_torch_resnet18().state_dict().items())
    weights = tr.seeded_state_dict(shapes)
    print(f"torch {torch.__version__} ({torch.get_num_threads()} threads), numpy "
          f"{np.__version__}, load average {os.getloadavg()[0]:.2f}, "
          f"best of {args.repeat}, alternating")
    print(f"{'case':44s} {'engine':>10s} {'torch':>10s} {'ratio':>7s}")
    for name, e, t in cases(weights, args.repeat):
        print(f"{name:44s} {e * 1000:8.1f}ms {t * 1000:8.1f}ms {e / t:6.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
