"""Canvas speed on a generated 2,000-node graph (offscreen).

    python benchmarks/gui_bench.py [--nodes 2000] [--repeat 5]

Targets (issue 4): load + layout < 1 s; forward + backward + show_results + repaint < 100 ms;
one frame at 100 % zoom < 16 ms; one frame of the whole graph fitted in view < 50 ms.
Frames are timed by rendering the view into a QImage the size of a 1600x1000 viewport.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

TARGETS = {"load+layout": 1000.0, "forward+backward+show+repaint": 100.0,
           "frame 100%": 16.0, "frame fitted": 50.0}


def generate(n_nodes: int, seed: int = 0):
    """A layered random DAG: ~10 % leaves (some frozen), the rest unary/binary elementwise ops on
    small vectors, one sum at the end as the scalar root. Returns a Document (not via commands:
    this stands for loading a file)."""
    from explorer.model.document import Document, Node

    rng = random.Random(seed)
    doc = Document()
    n_leaves = max(2, n_nodes // 10)
    ids: list[str] = []
    for i in range(n_leaves):
        nid = doc.new_id()
        doc.nodes[nid] = Node(nid, "leaf", f"w{i}", value=np.full((4,), 0.1 + 0.01 * i, dtype=np.float32),
                              requires_grad=(i % 7 != 0), pos=(0.0, i * 200.0))
        doc.graph.add_node(nid)
        ids.append(nid)
    unary = ["tanh", "sigmoid", "neg", "relu", "sin"]  # bounded: no overflow to inf/nan down a deep chain
    binary = ["add", "mul", "sub", "add", "mul"]
    leaves = list(ids)
    unused: list[str] = []   # values nobody reads yet: read them first, so all feed the loss

    def pick(window: list[str]) -> str:
        while unused:
            cand = unused.pop(0)
            if cand in window_set:
                return cand
        return rng.choice(window)

    # Like a deep network: each op reads recent values and now and then a parameter (leaf).
    n_ops = n_nodes - n_leaves - 1
    i = 0
    while i < n_ops:
        nid = doc.new_id()
        window = ids[-40:]
        window_set = set(window)
        if rng.random() < 0.45:
            op = rng.choice(unary)
            ins = [pick(window)]
        else:
            op = rng.choice(binary)
            ins = [pick(window), rng.choice(leaves) if rng.random() < 0.3 else rng.choice(window)]
        doc.nodes[nid] = Node(nid, "op", f"{op}{i}", op=op, pos=(0.0, 0.0))
        doc.graph.add_node(nid)
        for port, src in enumerate(ins):
            doc.graph.add_edge(src, nid, key=port)
        ids.append(nid)
        unused.append(nid)
        i += 1
    # Join the remaining loose ends with adds, then one sum: a scalar loss that depends on all.
    sinks = [n for n in ids if doc.nodes[n].kind == "op" and not doc.graph.out_degree(n)]
    while len(sinks) > 1:
        a_, b_ = sinks.pop(), sinks.pop()
        nid = doc.new_id()
        doc.nodes[nid] = Node(nid, "op", f"join{nid}", op="add", pos=(0.0, 0.0))
        doc.graph.add_node(nid)
        doc.graph.add_edge(a_, nid, key=0)
        doc.graph.add_edge(b_, nid, key=1)
        sinks.insert(0, nid)
        ids.append(nid)
    root = doc.new_id()
    doc.nodes[root] = Node(root, "op", "loss", op="sum", params={}, pos=(0.0, 0.0))
    doc.graph.add_node(root)
    doc.graph.add_edge(sinks[0], root, key=0)
    doc.root = root
    return doc


def render_ms(view, repeat: int) -> float:
    from PySide6.QtGui import QImage, QPainter

    img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = QPainter(img)
        view.render(p)
        p.end()
        times.append((time.perf_counter() - t0) * 1000)
    # The best of a few: the machine is shared, and the minimum is the frame's own cost.
    return min(times)


def render_cpu_ms(view, repeat: int) -> float:
    from PySide6.QtGui import QImage, QPainter

    img = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(repeat):
        c0 = time.process_time()
        p = QPainter(img)
        view.render(p)
        p.end()
        times.append((time.process_time() - c0) * 1000)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from explorer.model import fileformat
    from explorer.view.canvas import GraphScene, GraphView
    from explorer.view.undo import UndoStack

    figures: dict[str, float] = {}
    cpu: dict[str, float] = {}
    parts: dict[str, float] = {}

    def stage(name: str, fn):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        parts[name] = (time.perf_counter() - t0) * 1000
        parts[name + " (cpu)"] = (time.process_time() - c0) * 1000
        return out

    source = generate(args.nodes)
    text = fileformat.dumps(source)

    # ---- load + layout: parse the file, lay it out, build every item, first paint
    t0, c0 = time.perf_counter(), time.process_time()
    doc = stage("parse file", lambda: fileformat.loads(text))
    from explorer.model import layout

    positions = stage("layout", lambda: layout.layered_layout(doc))
    for nid, p in positions.items():
        doc.nodes[nid].pos = (float(p[0]), float(p[1]))
    stack = UndoStack(doc)
    scene = stage("build scene items", lambda: GraphScene(doc, stack))
    view = GraphView(scene)
    view.resize(1600, 1000)
    view.show()
    stage("first paint", app.processEvents)
    figures["load+layout"] = (time.perf_counter() - t0) * 1000
    cpu["load+layout"] = (time.process_time() - c0) * 1000
    print(f"graph: {len(doc.nodes)} nodes, {len(doc.edges())} edges")

    # ---- forward + backward + show_results + one repaint (a full run, nothing cached)
    from explorer.model.runner import Runner

    runner = Runner(doc)
    view.set_zoom(1.0)
    first = next(iter(scene.node_items.values()))
    view.centerOn(first.sceneBoundingRect().center())
    runs, runs_cpu, canvas_part = [], [], []
    changed = 0
    for i in range(max(3, args.repeat)):
        runner.invalidate()
        t0, c0 = time.perf_counter(), time.process_time()
        runner.run_forward()
        result = runner.run_backward()
        t1 = time.perf_counter()
        changed = scene.show_results(result)
        render_ms(view, 1)
        t2 = time.perf_counter()
        runs.append((t2 - t0) * 1000)
        runs_cpu.append((time.process_time() - c0) * 1000)
        canvas_part.append((t2 - t1) * 1000)
    figures["forward+backward+show+repaint"] = min(runs[1:])
    cpu["forward+backward+show+repaint"] = min(runs_cpu[1:])
    parts["runner forward+backward (model layer)"] = min(r - c for r, c in zip(runs[1:], canvas_part[1:]))
    parts["canvas show_results+repaint"] = min(canvas_part[1:])
    bad = sum(1 for r in result.results.values() if r.error)
    print(f"last run: {changed} items changed, {bad} node errors, backward ran: {result.backward_ran}")
    # A first run after load changes every card (values appear): measured once.
    scene.show_results(None)
    stage("show_results, every card changes", lambda: scene.show_results(result))
    stage("show_results, nothing changed", lambda: scene.show_results(result))

    # ---- the backward-graph view (side-by-side mode also redraws it after every run)
    from explorer.view.canvas import BackwardGraphView

    bview = BackwardGraphView(doc)
    bview.resize(800, 1000)
    bview.show()
    app.processEvents()

    def first_dag():
        bview.show_results(result)
        app.processEvents()

    stage("backward view: first show + paint", first_dag)
    runner.invalidate()
    runner.run_forward()
    again = runner.run_backward()
    stage("backward view: next run, same DAG", lambda: (bview.show_results(again), app.processEvents()))
    bview.close()

    # ---- frames
    view.set_zoom(1.0)
    view.centerOn(scene.content_rect().center())
    render_ms(view, 1)
    figures["frame 100%"] = render_ms(view, args.repeat)
    cpu["frame 100%"] = render_cpu_ms(view, args.repeat)
    view.fit_all()
    render_ms(view, 1)
    figures["frame fitted"] = render_ms(view, args.repeat)
    cpu["frame fitted"] = render_cpu_ms(view, args.repeat)
    print(f"fitted zoom: {view.zoom():.4f}")
    try:
        load = os.getloadavg()[0]
        print(f"load average at the end: {load:.2f} on {os.cpu_count()} cpus (figures are the best of several runs)")
    except OSError:
        pass

    print("\nbreakdown:")
    for name, ms in parts.items():
        print(f"  {name:44s} {ms:8.1f} ms")
    print()
    ok = True
    for name, ms in figures.items():
        target = TARGETS[name]
        flag = "ok" if ms < target else "SLOW"
        ok &= ms < target
        print(f"{name:32s} {ms:8.1f} ms  (cpu {cpu[name]:7.1f} ms)  target < {target:.0f} ms  {flag}")
    scene.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
