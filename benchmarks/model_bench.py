"""Runner speed, side by side with PyTorch eager on the same graph (run: python benchmarks/model_bench.py).

A generated document of N nodes (50 leaves of shape (4,), elementwise unary/binary ops each
reading one of the 20 most recent nodes, a sum at the end) is computed:
- full: forward + backward from scratch through the runner (values, grads, flags, backward
  graph, the step records' numbers; chain-rule text is written lazily and not included),
- edit: one leaf changed, forward + backward again (the runner evaluates the whole document
  afresh after any edit: no state outlives a document change),
- toggle: one leaf's requires_grad flipped, forward + backward,
- torch: the same graph built and backpropagated in PyTorch eager.
Prints best-of-R times and the ratios runner/torch; also how many op forwards each edit ran.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from explorer.model.document import Document, Edge, Node  # noqa: E402
from explorer.model.runner import Runner  # noqa: E402

UNARY = ["cos", "tanh", "sin", "sigmoid", "neg"]  # bounded, so values stay finite
BINARY = ["add", "mul", "sub"]


def generate(n: int, seed: int = 0, leaves: int = 50) -> tuple[Document, list]:
    rng = np.random.default_rng(seed)
    doc = Document()
    ids: list[str] = []
    spec: list = []
    for i in range(leaves):
        nid = f"l{i}"
        doc.insert_node(Node(nid, "leaf", nid, value=(rng.normal(size=(4,)) * 0.3).astype(np.float32),
                             requires_grad=True))
        ids.append(nid)
        spec.append(("leaf", nid, []))
    k = 0
    while len(ids) < n - 1:
        nid = f"o{k}"
        k += 1
        pick = lambda: ids[-1 - int(rng.integers(min(20, len(ids))))]  # noqa: E731
        if rng.random() < 0.5:
            op, ins = UNARY[int(rng.integers(len(UNARY)))], [pick()]
        else:
            op, ins = BINARY[int(rng.integers(len(BINARY)))], [pick(), pick()]
        doc.insert_node(Node(nid, "op", nid, op=op))
        for port, src in enumerate(ins):
            doc.insert_edge(Edge(src, nid, port))
        ids.append(nid)
        spec.append((op, nid, ins))
    doc.insert_node(Node("L", "op", "L", op="sum"))
    doc.insert_edge(Edge(ids[-1], "L", 0))
    spec.append(("sum", "L", [ids[-1]]))
    doc.set_root("L", None)
    return doc, spec


def torch_run(torch, doc: Document, spec: list) -> None:
    fns = {"cos": torch.cos, "tanh": torch.tanh, "sin": torch.sin, "sigmoid": torch.sigmoid,
           "neg": torch.neg, "add": torch.add, "mul": torch.mul, "sub": torch.sub, "sum": torch.sum}
    vals = {}
    for op, nid, ins in spec:
        if op == "leaf":
            vals[nid] = torch.tensor(doc.nodes[nid].value, requires_grad=True)
        else:
            vals[nid] = fns[op](*[vals[i] for i in ins])
    vals["L"].backward()


CPU: dict[object, float] = {}   # fn -> best CPU time of its last best() call


def best(fn, repeat: int) -> float:
    """Best wall time of ``repeat`` calls (and the best CPU time, in CPU[fn]): the machine may
    be shared, and the minimum is the code's own cost."""
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU[fn] = min(cpu)
    return min(times)


def side_by_side(fns: list, repeat: int) -> list[tuple[float, float]]:
    """(best wall, best CPU) of each fn, calls interleaved so a busy moment hits all alike."""
    wall = [[] for _ in fns]
    cpu = [[] for _ in fns]
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t, c = time.perf_counter(), time.process_time()
            fn()
            wall[k].append(time.perf_counter() - t)
            cpu[k].append(time.process_time() - c)
    return [(min(w), min(c)) for w, c in zip(wall, cpu)]


def floor(doc: Document, spec: list) -> tuple[Any, dict]:
    """What no per-node design can go below: each op's forward and VJPs (the op table's own
    functions) called once per node on arrays, with gradients summed where they meet, and
    nothing else recorded (no flags, no results, no edge gradients). Also the graph's shape for
    batching: ASAP levels and distinct (level, op) groups."""
    import engine

    ops = engine.OPS
    vals: dict[str, np.ndarray] = {}
    fwd = [(nid, ops[op].forward, ins) for op, nid, ins in spec if op != "leaf"]
    leaves = {nid: doc.nodes[nid].value for op, nid, ins in spec if op == "leaf"}

    def forward():
        vals.clear()
        vals.update(leaves)
        for nid, f, ins in fwd:
            vals[nid] = f(*[vals[i] for i in ins])

    forward()
    bwd = [(nid, ops[op], ins, tuple(vals[i] for i in ins), vals[nid]) for op, nid, ins in reversed(spec)
           if op != "leaf"]

    def backward():
        buf = {"L": [np.ones((), np.float32)]}
        for nid, op, ins, args, out in bwd:
            c = buf.pop(nid, None)
            if c is None:
                continue
            g = c[0]
            for x in c[1:]:
                g = g + x
            through = op.passthrough
            for k, src in enumerate(ins):
                gi = g if through and through[k] else op.vjps[k](g, out, *args)
                buf.setdefault(src, []).append(gi)

    def both() -> None:
        with np.errstate(all="ignore"):
            forward()
            backward()

    level: dict[str, int] = {}
    for op, nid, ins in spec:
        level[nid] = 0 if op == "leaf" else 1 + max(level[i] for i in ins)
    shape = {"levels": max(level.values()) + 1,
             "groups": len({(level[nid], op) for op, nid, ins in spec if op != "leaf"}),
             "ops": len(spec) - sum(1 for op, _, _ in spec if op == "leaf")}
    return both, shape


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("-r", "--repeat", type=int, default=5)
    ap.add_argument("--floor", action="store_true",
                    help="also time the bare op forwards and VJPs (no bookkeeping) and count ASAP levels")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    doc, spec = generate(args.n)
    runner = Runner(doc)

    def full():
        runner.invalidate(None)
        runner.run_backward()

    import gc

    gc.collect()
    t_full = best(full, args.repeat)
    c_full = CPU[full]
    # the leaves feeding the fewest and the most nodes: the edit cost should follow the cone
    cones = sorted((len(doc.descendants(f"l{i}")), f"l{i}") for i in range(50))
    cones = [c for c in cones if c[0] > 0]
    edits = []
    for cone, leaf in (cones[0], cones[-1]):
        def edit(leaf=leaf):
            doc.update_node(leaf, value=-doc.nodes[leaf].value)
            runner.run_backward()

        before = runner.op_evaluations
        t = best(edit, args.repeat)
        edits.append((leaf, cone, t, (runner.op_evaluations - before) // args.repeat, CPU[edit]))
    leaf = cones[-1][1]

    def toggle():
        doc.update_node(leaf, requires_grad=not doc.nodes[leaf].requires_grad)
        runner.run_backward()

    before = runner.op_evaluations
    t_toggle = best(toggle, args.repeat)
    c_toggle = CPU[toggle]
    evals_toggle = (runner.op_evaluations - before) // args.repeat
    print(f"document: {len(doc.nodes)} nodes (runner: one fresh engine evaluation per run)")
    print(f"runner full forward+backward: {t_full * 1e3:8.1f} ms  (cpu {c_full * 1e3:6.1f} ms)")
    for name, cone, t, evals, c in edits:
        print(f"runner edit leaf {name:4s}:        {t * 1e3:8.1f} ms  (cpu {c * 1e3:6.1f} ms; {evals} op forwards; "
              f"its cone has {cone} nodes)")
    print(f"runner toggle requires_grad:  {t_toggle * 1e3:8.1f} ms  (cpu {c_toggle * 1e3:6.1f} ms; "
          f"{evals_toggle} op forwards)")
    try:
        import torch
    except ImportError:
        print("torch not installed: no side-by-side ratio")
        return 0
    torch.set_num_threads(1)
    torch_run(torch, doc, spec)
    import engine as eng

    def engine_run():
        vals = {}
        for op, nid, ins in spec:
            vals[nid] = (eng.tensor(doc.nodes[nid].value, requires_grad=True) if op == "leaf"
                         else eng.apply_op(op, *[vals[i] for i in ins]))
        vals["L"].backward()

    # The ratio: runner (full, from scratch) and torch eager interleaved in one loop.
    fns = [full, lambda: torch_run(torch, doc, spec), engine_run]
    if args.floor:
        bare, shape = floor(doc, spec)
        fns.append(bare)
    timed = side_by_side(fns, max(args.repeat, 5))
    (w_run, c_run), (w_torch, c_torch), (w_eng, c_eng) = timed[:3]
    print(f"torch eager forward+backward: {w_torch * 1e3:8.1f} ms  (cpu {c_torch * 1e3:6.1f} ms)")
    print(f"engine alone forward+backward: {w_eng * 1e3:7.1f} ms  (cpu {c_eng * 1e3:6.1f} ms)")
    print(f"side by side: runner full {w_run * 1e3:.1f} ms (cpu {c_run * 1e3:.1f}) vs torch {w_torch * 1e3:.1f} ms "
          f"(cpu {c_torch * 1e3:.1f})")
    print(f"ratio full/torch {w_run / w_torch:.2f} (cpu {c_run / c_torch:.2f})   "
          f"biggest edit/torch {edits[-1][2] / w_torch:.2f}   toggle/torch {t_toggle / w_torch:.2f}   "
          f"engine/torch {w_eng / w_torch:.2f}")
    if args.floor:
        w_bare = timed[3][0]
        print(f"floor: the op forwards and VJPs alone, one call per node, nothing recorded: {w_bare * 1e3:.1f} ms "
              f"= {w_bare / w_torch:.2f}x torch")
        print(f"graph: {shape['ops']} ops in {shape['levels']} ASAP levels, {shape['groups']} (level, op) groups "
              f"({shape['ops'] / shape['groups']:.2f} ops per batched call)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
