"""Engine vs PyTorch, side by side in one run: per-op overhead on tiny tensors, and a big matmul.

    python benchmarks/engine_bench.py [--repeat N] [--threads N] [--quick]

Cases (issue 2, "Performance"):
- tiny tensors, shape (2,) and 0-d: a *chain* of 1,000 elementwise ops (each op reads the
  previous result) and a *wide* graph of 1,000 elementwise ops (500 branches read the same
  leaf, 499 additions join them pairwise, so backward sums 500 gradients into one leaf).
  Forward + backward time per op; target: engine <= 0.6x torch (issue #14; it was 0.5x before the readable reference path).
- ``sum(tanh(W @ x + b))``, W 1024x1024, x 1024x256, b 1024x1, float32 and float64, forward +
  backward; target: engine <= 1.0x torch.

Every figure is the best of N runs (timing noise only ever adds time).  torch gets the same
number of threads as numpy's BLAS (``--threads`` overrides both where possible); the BLAS in
use and any OPENBLAS_* tuning variables are printed, because they change the matmul numbers.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best_of(fns, repeat: int) -> list[float]:
    """Minimum wall time of each fn() over repeat runs, in seconds, after one warm-up run each.

    The functions are run alternately (engine, torch, engine, torch, ...) so that a slow
    moment of the machine hits both sides rather than one."""
    for fn in fns:
        fn()
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


# ---------------------------------------------------------------------------------------------
# workloads (written once against the shared torch/engine API)
# ---------------------------------------------------------------------------------------------

def chain(B, shape, n_ops: int = 1000):
    """n_ops elementwise ops, each consuming the previous result; returns a closure timing fwd+bwd."""
    data = 0.5 if shape == () else [0.5] * shape[0]
    x = B.tensor(data, requires_grad=True)
    w = B.tensor(data)

    def run():
        x.grad = None
        y = x
        n = 0
        while n < n_ops - 1:  # cycle of 4 ops: python-scalar mul, tensor add, tanh, sin
            y = y * 1.01
            y = y + w
            y = y.tanh()
            y = y.sin()
            n += 4
        root = y.sum() if shape else y * 1.0  # last op makes a scalar root either way
        root.backward()
        return x.grad
    return run


def wide(B, shape, n_ops: int = 1000):
    """n_ops // 2 branches read the same leaf, then pairwise additions join them (n_ops - 1 total)."""
    data = 0.5 if shape == () else [0.5] * shape[0]
    x = B.tensor(data, requires_grad=True)
    kinds = 4

    def run():
        x.grad = None
        terms = []
        for i in range(n_ops // 2):
            k = i % kinds
            terms.append(x.sin() if k == 0 else x * 0.5 if k == 1 else x.tanh() if k == 2 else x.exp())
        while len(terms) > 1:
            nxt = [terms[i] + terms[i + 1] for i in range(0, len(terms) - 1, 2)]
            if len(terms) % 2:
                nxt.append(terms[-1])
            terms = nxt
        root = terms[0].sum() if shape else terms[0]
        root.backward()
        return x.grad
    return run


def n_ops_of(kind: str, shape, n_ops: int = 1000) -> int:
    if kind == "chain":
        return 4 * ((n_ops - 1 + 3) // 4) + 1
    return n_ops // 2 + (n_ops // 2 - 1) + (1 if shape else 0)


def mlp(B, dtype_name: str, n: int = 1024, m: int = 256):
    import numpy as np
    rng = np.random.default_rng(0)
    dt = getattr(B, dtype_name)
    W = B.tensor(rng.standard_normal((n, n)).astype(dtype_name) / 32, dtype=dt, requires_grad=True)
    x = B.tensor(rng.standard_normal((n, m)).astype(dtype_name), dtype=dt, requires_grad=True)
    b = B.tensor(rng.standard_normal((n, 1)).astype(dtype_name), dtype=dt, requires_grad=True)

    def run():
        W.grad = x.grad = b.grad = None
        loss = (W @ x + b).tanh().sum()
        loss.backward()
        # returned so the run can check both sides computed the same numbers
        return [loss.item(), float(W.grad.sum().item()), float(x.grad.sum().item()),
                float(b.grad.sum().item())]
    return run


# ---------------------------------------------------------------------------------------------
# environment report
# ---------------------------------------------------------------------------------------------

def blas_report(numpy_threads: int | None) -> list[str]:
    import numpy as np
    lines = []
    env = {k: v for k, v in os.environ.items()
           if k.startswith(("OPENBLAS", "OMP_", "MKL_", "GOTO", "BLIS"))}
    lines.append(f"BLAS env: {env or '(none set)'}")
    try:
        from threadpoolctl import threadpool_info
        for info in threadpool_info():
            if info.get("user_api") == "blas":
                lines.append(f"numpy BLAS: {info.get('internal_api')} {info.get('version')} "
                             f"kernel={info.get('architecture')} threads={info.get('num_threads')}")
    except ImportError:
        try:
            cfg = np.show_config(mode="dicts")
            blas = cfg.get("Build Dependencies", {}).get("blas", {})
            lines.append(f"numpy BLAS: {blas.get('name')} {blas.get('version')} "
                         f"(threadpoolctl not installed: kernel/threads not reported)")
        except Exception:  # noqa: BLE001 - purely informational
            lines.append("numpy BLAS: unknown")
    lines.append(f"numpy threads assumed: {numpy_threads or os.cpu_count()}")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="best of N runs (default 5)")
    ap.add_argument("--threads", type=int, default=None,
                    help="torch threads (default: os.cpu_count(), what OpenBLAS uses by default)")
    ap.add_argument("--quick", action="store_true", help="smaller matmul, 2 repeats (smoke run)")
    args = ap.parse_args(argv)

    import numpy as np
    import torch
    import engine

    threads = args.threads or int(os.environ.get("OPENBLAS_NUM_THREADS", 0) or 0) or os.cpu_count()
    torch.set_num_threads(threads)
    repeat = 2 if args.quick else args.repeat

    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, torch {torch.__version__} "
          f"(threads={torch.get_num_threads()}), cpu_count={os.cpu_count()}")
    for line in blas_report(threads):
        print(line)
    if hasattr(os, "getloadavg"):  # other processes competing for the cores inflate both sides
        print("load average at start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"best of {2 * repeat} runs (tiny graphs) / {repeat} runs (matmul), forward + backward\n")

    rows = []
    for kind, build in (("chain", chain), ("wide", wide)):
        for shape in ((2,), ()):
            n = n_ops_of(kind, shape)
            te, tt = best_of([build(engine, shape), build(torch, shape)], 2 * repeat)
            rows.append((f"{kind} of 1000 ops, shape {shape}", te, tt, n, 0.6))
    n, m = (256, 64) if args.quick else (1024, 256)
    for dt in ("float32", "float64"):
        run_e, run_t = mlp(engine, dt, n, m), mlp(torch, dt, n, m)
        te, tt = best_of([run_e, run_t], repeat)
        got, want = np.array(run_e()), np.array(run_t())
        tol = 1e-3 if dt == "float32" else 1e-9
        agree = np.allclose(got, want, rtol=tol, atol=tol * np.abs(want).max())
        rows.append((f"sum(tanh(W@x+b)) {n}x{n}@{n}x{m} {dt}", te, tt, None, 1.0))
        print(f"{dt} matmul case: loss and grad sums agree with torch: {'yes' if agree else 'NO'} "
              f"(engine {got[0]:.6g}, torch {want[0]:.6g})")

    head = f"{'case':<44} {'engine':>11} {'torch':>11} {'eng/op':>9} {'torch/op':>9} {'ratio':>6} {'target':>7}  ok"
    print(head)
    print("-" * len(head))
    all_ok = True
    for name, te, tt, nops, target in rows:
        ratio = te / tt
        ok = ratio <= target
        all_ok &= ok
        per_e = f"{te / nops * 1e6:.2f}us" if nops else "-"
        per_t = f"{tt / nops * 1e6:.2f}us" if nops else "-"
        print(f"{name:<44} {te * 1e3:>9.2f}ms {tt * 1e3:>9.2f}ms {per_e:>9} {per_t:>9} "
              f"{ratio:>5.2f}x {'<=' + str(target) + 'x':>7}  {'yes' if ok else 'NO'}")
    print("\nall targets met" if all_ok else "\nsome targets missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
