"""Graph order on the generated 2,000-node document: the document's cached adjacency
(``explorer/model/adjacency.py``) against networkx's public algorithms, best of N, in one process.

    python benchmarks/graph_order_bench.py [-n 2000] [-r 20]

"cold" is the first query after a structural change (the adjacency is rebuilt from the graph),
"warm" a repeated query (the canvas's requires_grad click, the runner's order after a value
edit). Prints milliseconds, the ratio adjacency/networkx and the load average.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gui_bench import generate  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1e3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("-r", "--repeat", type=int, default=20)
    args = parser.parse_args()
    doc = generate(args.n)
    graph = doc.graph
    index = {nid: i for i, nid in enumerate(doc.nodes)}
    starts = list(doc.nodes)[:5]

    def cold(query):
        def run():
            graph.version += 1  # as a structural change does
            query()
        return run

    rows = [
        ("topological order", lambda: doc.topological_order(),
         lambda: list(nx.lexicographical_topological_sort(graph, key=index.__getitem__))),
        ("descendants of 5 nodes (a cone)", lambda: doc.adjacency.cone_order(starts),
         lambda: set().union(*(nx.descendants(graph, s) for s in starts))),
        ("layers (layout)", lambda: doc.adjacency.layers(),
         lambda: list(nx.topological_generations(graph))),
        ("static requires_grad", lambda: doc.static_requires_grad(),
         lambda: list(nx.topological_sort(graph))),
    ]
    print(f"{args.n}-node generated document, best of {args.repeat}, ms; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"{'query':34s} {'networkx':>9s} {'cold':>8s} {'warm':>8s} {'cold/nx':>8s} {'warm/nx':>8s}")
    for name, ours, theirs in rows:
        nx_ms = best(theirs, args.repeat)
        cold_ms = best(cold(ours), args.repeat)
        warm_ms = best(ours, args.repeat)
        print(f"{name:34s} {nx_ms:9.2f} {cold_ms:8.2f} {warm_ms:8.2f} {cold_ms / nx_ms:8.2f} {warm_ms / nx_ms:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
