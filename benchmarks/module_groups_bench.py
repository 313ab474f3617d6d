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

# torchvision's ResNet-18 written as a program with nn.Identity for batch norm: used while
# batch_norm is not a graph-editor op (a BatchNorm2d's node cannot be a document node yet)
NO_BATCH_NORM = """import torch
from torch import nn

class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.Identity()
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.Identity()
        self.downsample = downsample

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        return self.relu(out + identity)

def make_layer(inplanes, planes, stride):
    down = None
    if stride != 1 or inplanes != planes:
        down = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride=stride, bias=False), nn.Identity())
    return nn.Sequential(BasicBlock(inplanes, planes, stride, down), BasicBlock(planes, planes))

class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.Identity()
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        self.layer1 = make_layer(64, 64, 1)
        self.layer2 = make_layer(64, 128, 2)
        self.layer3 = make_layer(128, 256, 2)
        self.layer4 = make_layer(256, 512, 2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512, 1000)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))

torch.manual_seed(0)
model = ResNet()
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
    from engine.ops import OPS
    source = SEED if "batch_norm" in OPS else NO_BATCH_NORM
    print("network:", "torchvision.models.resnet18()" if source is SEED
          else "ResNet-18 program, batch norm as Identity (batch_norm is not a graph-editor op)")
    doc = freeze_program(source.format(size=args.size), lenient=True).document
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
