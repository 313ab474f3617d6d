"""Slope view: one vectorized pass over the leaf's cone vs N separate engine runs.

``python benchmarks/slope_bench.py [--points 201] [--repeat 5]`` — for each bundled example and
each of its leaves (element 0), the time of :func:`explorer.model.slope.compute_slope` (curve +
finite difference + backward gradient, all of it) and of :func:`evaluate_by_runs` (the curve
alone, one float64 engine run per point), best of N, and whether every op ran batched.
Not a test: timings depend on the machine."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from explorer.model.fileformat import load_document  # noqa: E402
from explorer.model.slope import compute_slope, evaluate_by_runs  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=201)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"{'example':18} {'leaf':8} {'vectorized ms':>14} {'N runs ms':>10} {'ratio':>7}  batched")
    for path in sorted((ROOT / "resources" / "examples").glob("*.json")):
        doc = load_document(path)
        weights = "root" if doc.root_gradient is not None else None
        for leaf in (n for n in doc.nodes.values() if n.kind == "leaf"):
            res = compute_slope(doc, doc.root, leaf.id, 0, weights=weights, points=args.points)
            xs = np.linspace(res.xs[0], res.xs[-1], args.points)
            t_vec = best(lambda: compute_slope(doc, doc.root, leaf.id, 0, weights=weights, points=args.points),
                         args.repeat)
            t_runs = best(lambda: evaluate_by_runs(doc, doc.root, leaf.id, 0, xs), max(1, args.repeat // 2))
            print(f"{path.stem:18} {leaf.name:8} {t_vec * 1e3:14.2f} {t_runs * 1e3:10.1f} "
                  f"{t_runs / t_vec:6.0f}×  {'yes' if res.vectorized else 'no: ' + ', '.join(res.looped)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
