"""Module groups on the canvas: the seed's ResNet-18 (issue #17), offscreen.

    python benchmarks/module_groups_bench.py [--repeat 5] [--size 64]

Measures, in one process:
- freezing the program into a document (runs the seed once, records module calls);
- opening it collapsed: the module layout plus the window's scene build and first frame
  (target < 1 s for layout + open);
- expanding every module (one undo step: flags and a new layout) and collapsing them again;
- frame times (view rendered into a QImage the viewport's size) collapsed and fully expanded,
  at the readable zoom and with the whole graph fitted (target < 16 ms at the readable zoom);
- the sizes involved: op nodes, parameter leaves, numbers held, and what an undo step keeps.
Frames are the best of ``--repeat`` (the machine is shared); the load average is printed.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from gui_bench import render_ms  # noqa: E402

SEED = """import torch
import torchvision
from torch import nn
torch.manual_seed(0)
model = torchvision.models.resnet18()
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(512, 10)
x = torch.randn(1, 3, {size}, {size})
out = model(x)
loss = out.sum()
loss.backward()
"""

TARGETS = {"layout+open (collapsed)": 1000.0, "frame readable (expanded)": 16.0}


def ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=64, help="input height and width")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("AUTOGRAD_EXPLORER_SETTINGS", "/tmp/module_groups_bench_settings")
    app = QApplication.instance() or QApplication([])
    from explorer.model.commands import held_arrays, history_bytes
    from explorer.model.module_groups import SetCollapsedCommand, apply_module_layout, visible_units
    from explorer.model.program.freeze import freeze_program
    from explorer.view.main_window import MainWindow

    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    figures: dict[str, float] = {}
    t0 = time.perf_counter()
    print("network: torchvision.models.resnet18(), backbone frozen, fc = Linear(512, 10)")
    doc = freeze_program(SEED.format(size=args.size), lenient=True).document
    figures["freeze program"] = ms(t0)
    ops = sum(n.kind == "op" for n in doc.nodes.values())
    params = sum(1 for g in doc.groups.values() for m in g.members if doc.nodes[m].kind == "leaf")
    numbers = sum(n.value.size for n in doc.nodes.values() if n.value is not None)
    print(f"document: {len(doc.nodes)} nodes ({ops} ops, {params} parameter leaves), "
          f"{len(doc.groups)} module groups, {numbers:,} numbers")

    from explorer.model.runner import Runner
    t0 = time.perf_counter()
    Runner(doc, listen=False).run_forward()
    figures["forward alone (engine, part of open)"] = ms(t0)

    window = MainWindow()
    window.resize(1472, 920)
    window.show()
    app.processEvents()
    t0 = time.perf_counter()
    apply_module_layout(doc)
    figures["module layout"] = ms(t0)
    t1 = time.perf_counter()
    window._replace_document(doc, None, "resnet18")
    window.view.fit_readable()
    app.processEvents()
    figures["open (scene + first events)"] = ms(t1)
    figures["layout+open (collapsed)"] = ms(t0)
    nodes, cards = visible_units(window.document)
    print(f"collapsed: {len(cards)} cards, {len(nodes)} other visible nodes")
    figures["frame readable (collapsed)"] = render_ms(window.view, args.repeat)
    window.view.fit_all()
    figures["frame fitted (collapsed)"] = render_ms(window.view, args.repeat)

    modules = [g.id for g in window.document.groups.values() if g.module is not None]
    t0 = time.perf_counter()
    command = SetCollapsedCommand(modules, False)
    window.push(command)
    app.processEvents()
    figures["expand all (command + scene)"] = ms(t0)
    print(f"undo step 'expand all' keeps {history_bytes([held_arrays(command)]):,} bytes of arrays")
    window.view.fit_readable()
    figures["frame readable (expanded)"] = render_ms(window.view, args.repeat)
    window.view.fit_all()
    figures["frame fitted (expanded)"] = render_ms(window.view, args.repeat)
    t0 = time.perf_counter()
    window.undo_stack.undo()
    app.processEvents()
    figures["undo expand (collapse all)"] = ms(t0)

    for name, value in figures.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else f"  (target < {target:.0f} ms: {value / target:.2f}x)"
        print(f"{name:32s} {value:9.1f} ms{verdict}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
