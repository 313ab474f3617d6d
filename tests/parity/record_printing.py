"""Record how PyTorch prints many random tensors into tests/parity/fixtures/printing.json.

``tests/engine/test_printing.py`` checks every number text of the app's formatter
(``engine.printing``, used through ``explorer.model.numbers``) against these recordings, so
it runs without torch. Re-run after changing the cases below:

    python tests/parity/record_printing.py

The cases are drawn to hit each of torch's printing modes and their borders: whole numbers
(int mode), fixed point, scientific because of a tiny element (< 1e-4), a huge one (> 1e8) or
a spread over 1000, non-finite and zero elements (which do not take part in the decision),
integer and bool dtypes, and tensors over the 1000-element threshold (decided over the
printed edges only).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "printing.json"
N_CASES = 800
SHAPES = [(), (1,), (2,), (3,), (4,), (5,), (7,), (12,), (13,), (2, 2), (2, 3), (3, 4),
          (2, 3, 2), (1, 5), (6, 1), (4, 4), (8, 10), (9, 12)]
BIG_SHAPES = [(1001,), (40, 30), (3, 7, 50)]


def _values(rng: np.random.Generator, size: int) -> np.ndarray:
    regime = int(rng.integers(8))
    if regime == 0:      # one scale, anywhere from 1e-8 to 1e10
        v = rng.standard_normal(size) * 10.0 ** int(rng.integers(-8, 11))
    elif regime == 1:    # whole numbers: int mode, sci when spread or huge
        v = rng.integers(-10 ** int(rng.integers(1, 11)), 10 ** int(rng.integers(1, 11)), size).astype(float)
    elif regime == 2:    # every element its own scale
        v = rng.standard_normal(size) * 10.0 ** rng.uniform(-7, 10, size)
    elif regime == 3:    # probabilities, some exactly 0 or 1
        v = rng.uniform(0, 1, size)
        v[rng.uniform(0, 1, size) < 0.2] = 0.0
        v[rng.uniform(0, 1, size) < 0.1] = 1.0
    elif regime == 4:    # the borders of the mode decision: 1e-4, 1e8, a spread of 1000
        border = [1e-4, 1.0001e-4, 0.99999e-4, 1e8, 1.00001e8, 1e3, 1000.5, 1.0, 0.5, 2.0]
        v = rng.choice(border, size) * rng.choice([1.0, -1.0], size)
    elif regime == 5:    # small values that round at the 4th decimal
        v = np.round(rng.uniform(-2, 2, size), int(rng.integers(3, 7))) + rng.choice([0.0, 5e-5], size)
    elif regime == 6:    # halves and quarters: int mode broken by one element
        v = rng.integers(-50, 50, size) / rng.choice([1.0, 2.0, 4.0])
    else:                # mostly ordinary, a few extreme
        v = rng.standard_normal(size)
        k = rng.uniform(0, 1, size) < 0.15
        v[k] *= 10.0 ** rng.choice([-9, -5, 5, 9], int(k.sum()))
    special = rng.uniform(0, 1, size)
    v[special < 0.04] = np.nan
    v[(special >= 0.04) & (special < 0.07)] = np.inf
    v[(special >= 0.07) & (special < 0.09)] = -np.inf
    v[(special >= 0.09) & (special < 0.12)] = 0.0
    v[(special >= 0.12) & (special < 0.13)] = -0.0
    if rng.uniform() < 0.3:   # many tensors have no special values at all
        v = np.where(np.isfinite(v), v, 1.0)
    return v


def cases(seed: int = 0, n: int = N_CASES) -> list[dict]:
    """``n`` tensors as {"dtype", "shape", "values"} (values flat, float64-exact)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        big = i % 100 == 99
        shape = BIG_SHAPES[(i // 100) % len(BIG_SHAPES)] if big else SHAPES[int(rng.integers(len(SHAPES)))]
        size = int(np.prod(shape, dtype=np.int64))
        dtype = str(rng.choice(["float32"] * 5 + ["float64"] * 3 + ["int64", "bool"]))
        v = _values(rng, size)
        if dtype == "int64":
            v = np.clip(np.nan_to_num(v, nan=0.0, posinf=7.0, neginf=-7.0), -1e15, 1e15).astype(np.int64)
        elif dtype == "bool":
            v = v > 0.3
        else:
            v = v.astype(dtype)
        out.append({"dtype": dtype, "shape": list(shape), "values": v.reshape(-1).tolist()})
    return out


def main() -> int:
    import torch

    items = cases()
    for item in items:
        t = torch.tensor(item["values"], dtype=getattr(torch, item["dtype"])).reshape(item["shape"])
        item["torch"] = repr(t)
    with FIXTURE.open("w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(json.dumps({"torch": torch.__version__, "cases": len(items)}) + ",\n")
        for i, item in enumerate(items):
            f.write(json.dumps(item, separators=(",", ":"), allow_nan=True))
            f.write(",\n" if i + 1 < len(items) else "\n")
        f.write("]\n")
    print(f"recorded {len(items)} tensors with torch {torch.__version__} into {FIXTURE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
