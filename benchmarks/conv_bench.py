"""Convolution-network ops and a ResNet-18, engine vs torch (CPU), side by side in one run.

    python benchmarks/conv_bench.py [--repeat N] [--threads N] [--quick]

Cases (issue 17, "Speed"; target: engine <= 3x torch):
- conv2d, max_pool2d and batch_norm (training) at ResNet-18's layer shapes, batch 8 at
  64x64 input (the stem at 224x224 batch 1 too): forward, and forward + backward.
- ResNet-18 (torchvision's architecture, written here once for both libraries) forward on
  1x3x224x224 and 8x3x64x64 in eval mode, and forward + backward in training mode with the
  backbone frozen (only fc requires grad) and unfrozen.

Each figure is the best of N runs, the engine and torch runs alternating so a busy moment of
the machine hits both; compare the ratios, not absolute times (the load average is printed).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import engine  # noqa: E402


def best_of(fns, repeat: int) -> list[float]:
    for fn in fns:
        fn()
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


# ----------------------------------------------------------------------------- ResNet-18
def resnet18(nn, num_classes: int = 1000):
    """torchvision.models.resnet18's architecture and init, written against ``nn``."""

    class BasicBlock(nn.Module):
        def __init__(self, inplanes, planes, stride=1, downsample=None):
            super().__init__()
            self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(planes)
            self.relu = nn.ReLU(inplace=True)
            self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(planes)
            self.downsample = downsample

        def forward(self, x):
            identity = x
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            if self.downsample is not None:
                identity = self.downsample(x)
            out += identity
            return self.relu(out)

    class ResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.inplanes = 64
            self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
            self.bn1 = nn.BatchNorm2d(64)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(3, 2, 1)
            self.layer1 = self._layer(64, 1)
            self.layer2 = self._layer(128, 2)
            self.layer3 = self._layer(256, 2)
            self.layer4 = self._layer(512, 2)
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(512, num_classes)

        def _layer(self, planes, stride):
            down = None
            if stride != 1 or self.inplanes != planes:
                down = nn.Sequential(nn.Conv2d(self.inplanes, planes, 1, stride, bias=False),
                                     nn.BatchNorm2d(planes))
            blocks = [BasicBlock(self.inplanes, planes, stride, down), BasicBlock(planes, planes)]
            self.inplanes = planes
            return nn.Sequential(*blocks)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            return self.fc(self.avgpool(x).flatten(1))

    return ResNet()


def same_weights(em, tm) -> None:
    """Copy the engine model's parameters and buffers into the torch one."""
    import torch
    sd = em.state_dict()
    tm.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()})


# ----------------------------------------------------------------------------- cases
def layer_cases(quick: bool):
    """(label, input shape, kind, kwargs) at ResNet-18's shapes."""
    cases = [("stem conv 7x7/2, 1x3x224x224", (1, 3, 224, 224), "conv",
              dict(out=64, k=7, stride=2, padding=3)),
             ("maxpool 3x3/2, 1x64x112x112", (1, 64, 112, 112), "maxpool", {}),
             ("batchnorm, 1x64x112x112", (1, 64, 112, 112), "bn", {})]
    for c, hw, stride in ((64, 16, 1), (128, 8, 1), (256, 4, 1), (512, 2, 1), (64, 16, 2)):
        cin = c
        cout = c * stride
        cases.append((f"conv 3x3/{stride} {cin}->{cout}, 8x{cin}x{hw}x{hw}", (8, cin, hw, hw),
                      "conv", dict(out=cout, k=3, stride=stride, padding=1)))
    cases.append(("conv 1x1/2 64->128, 8x64x16x16", (8, 64, 16, 16), "conv",
                  dict(out=128, k=1, stride=2, padding=0)))
    cases.append(("batchnorm, 8x128x8x8", (8, 128, 8, 8), "bn", {}))
    return cases[:4] if quick else cases


def layer_fns(lib, kind, shape, kw, backward: bool, rng):
    x0 = rng.standard_normal(shape).astype(np.float32)
    F = lib.nn.functional
    if lib is engine:
        x = engine.tensor(x0, requires_grad=backward)
    else:
        x = lib.tensor(x0, requires_grad=backward)
    extra = []
    if kind == "conv":
        w0 = rng.standard_normal((kw["out"], shape[1], kw["k"], kw["k"])).astype(np.float32)
        w = lib.tensor(w0, requires_grad=backward)
        extra = [w]

        def f():
            return F.conv2d(x, w, None, kw["stride"], kw["padding"])
    elif kind == "maxpool":
        def f():
            return F.max_pool2d(x, 3, 2, 1)
    else:
        c = shape[1]
        g = lib.tensor(np.ones(c, np.float32), requires_grad=backward)
        b = lib.tensor(np.zeros(c, np.float32), requires_grad=backward)
        rm, rv = lib.tensor(np.zeros(c, np.float32)), lib.tensor(np.ones(c, np.float32))
        extra = [g, b]

        def f():
            return F.batch_norm(x, rm, rv, g, b, training=True)

    def run():
        y = f()
        if backward:
            x.grad = None
            for t in extra:
                t.grad = None
            y.sum().backward()
    return run


def model_fns(lib, model, x0, mode: str):
    """mode: 'eval' forward; 'frozen' / 'unfrozen' training forward + backward."""
    x = lib.tensor(x0)
    if mode == "eval":
        model.eval()

        def run():
            with lib.no_grad():
                model(x)
        return run
    model.train()
    for name, p in model.named_parameters():
        p.requires_grad_(mode == "unfrozen" or name.startswith("fc."))

    def run():
        for p in model.parameters():
            p.grad = None
        model(x).sum().backward()
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--quick", action="store_true", help="fewer cases, fewer repeats")
    args = ap.parse_args()
    import torch
    if args.threads:
        torch.set_num_threads(args.threads)
    repeat = 2 if args.quick else args.repeat
    print(f"torch {torch.__version__} threads={torch.get_num_threads()}  numpy {np.__version__}  "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '-')}  "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"best of {repeat}; ratio = engine / torch (target <= 3.0)\n")
    rows = []
    rng = np.random.default_rng(0)
    for label, shape, kind, kw in layer_cases(args.quick):
        for backward in (False, True):
            fns = [layer_fns(lib, kind, shape, kw, backward, np.random.default_rng(1))
                   for lib in (engine, torch)]
            te, tt = best_of(fns, repeat)
            rows.append((label + (" fwd+bwd" if backward else " fwd"), te, tt))
            print(f"{rows[-1][0]:<52} engine {te * 1e3:8.2f} ms  torch {tt * 1e3:8.2f} ms  "
                  f"ratio {te / tt:5.2f}", flush=True)
    engine.manual_seed(0)
    em = resnet18(engine.nn)
    tm = resnet18(torch.nn)
    same_weights(em, tm)
    inputs = [("1x3x224x224", (1, 3, 224, 224)), ("8x3x64x64", (8, 3, 64, 64))]
    modes = ["eval", "frozen", "unfrozen"]
    for label, shape in inputs[:1] if args.quick else inputs:
        x0 = rng.standard_normal(shape).astype(np.float32)
        for mode in modes:
            fns = [model_fns(engine, em, x0, mode), model_fns(torch, tm, x0, mode)]
            te, tt = best_of(fns, max(2, repeat - 2))
            name = {"eval": "forward (eval)", "frozen": "fwd+bwd, backbone frozen",
                    "unfrozen": "fwd+bwd, all trainable"}[mode]
            rows.append((f"ResNet-18 {label} {name}", te, tt))
            print(f"{rows[-1][0]:<52} engine {te * 1e3:8.2f} ms  torch {tt * 1e3:8.2f} ms  "
                  f"ratio {te / tt:5.2f}", flush=True)
    worst = max(rows, key=lambda r: r[1] / r[2])
    print(f"\nworst ratio {worst[1] / worst[2]:.2f} ({worst[0]}); load average now "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
