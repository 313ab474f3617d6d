"""Runner speed, side by side with PyTorch eager on the same graph (run: python benchmarks/model_bench.py).

A generated document of N nodes (50 leaves of shape (4,), elementwise unary/binary ops each
reading one of the 20 most recent nodes, a sum at the end) is computed:
- full: forward + backward from scratch through the runner (values, grads, flags, backward
  graph, the step records' numbers; chain-rule text is written lazily and not included),
- edit: one leaf changed, forward + backward again (only that leaf's cone is recomputed),
- toggle: one leaf's requires_grad flipped, forward + backward (no op forward runs),
- torch: the same graph built and backpropagated in PyTorch eager.
Prints best-of-R times and the ratios runner/torch; also how many op forwards each edit ran.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

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


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("-r", "--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    doc, spec = generate(args.n)
    runner = Runner(doc)

    def full():
        runner.invalidate(None)
        runner.run_backward()

    t_full = best(full, args.repeat)
    # the leaves feeding the fewest and the most nodes: the edit cost should follow the cone
    cones = sorted((len(runner._structure().descendants(f"l{i}")), f"l{i}") for i in range(50))
    cones = [c for c in cones if c[0] > 0]
    edits = []
    for cone, leaf in (cones[0], cones[-1]):
        def edit(leaf=leaf):
            doc.update_node(leaf, value=-doc.nodes[leaf].value)
            runner.run_backward()

        before = runner.op_evaluations
        t = best(edit, args.repeat)
        edits.append((leaf, cone, t, (runner.op_evaluations - before) // args.repeat))
    leaf = cones[-1][1]

    def toggle():
        doc.update_node(leaf, requires_grad=not doc.nodes[leaf].requires_grad)
        runner.run_backward()

    before = runner.op_evaluations
    t_toggle = best(toggle, args.repeat)
    evals_toggle = runner.op_evaluations - before
    print(f"document: {len(doc.nodes)} nodes")
    print(f"runner full forward+backward: {t_full * 1e3:8.1f} ms")
    for name, cone, t, evals in edits:
        print(f"runner edit leaf {name:4s}:        {t * 1e3:8.1f} ms  ({evals} op forwards; its cone has {cone} nodes)")
    print(f"runner toggle requires_grad:  {t_toggle * 1e3:8.1f} ms  ({evals_toggle} op forwards)")
    try:
        import torch
    except ImportError:
        print("torch not installed: no side-by-side ratio")
        return 0
    torch_run(torch, doc, spec)
    t_torch = best(lambda: torch_run(torch, doc, spec), args.repeat)
    print(f"torch eager forward+backward: {t_torch * 1e3:8.1f} ms")
    print(f"ratio full/torch {t_full / t_torch:.2f}   biggest edit/torch {edits[-1][2] / t_torch:.2f}   "
          f"toggle/torch {t_toggle / t_torch:.2f}")
    import engine as eng

    def engine_run():
        vals = {}
        for op, nid, ins in spec:
            vals[nid] = (eng.tensor(doc.nodes[nid].value, requires_grad=True) if op == "leaf"
                         else eng.apply_op(op, *[vals[i] for i in ins]))
        vals["L"].backward()

    t_engine = best(engine_run, args.repeat)
    print(f"engine alone forward+backward: {t_engine * 1e3:7.1f} ms  (engine/torch {t_engine / t_torch:.2f}; "
          f"runner overhead over the engine {t_full / t_engine:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
