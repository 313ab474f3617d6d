"""torchvision's ResNet-18 in plain torch (torchvision is not installed here), and the seeded
numpy weights and inputs that the ResNet parity fixture, its live test and the benchmark share.

The classes copy ``torchvision/models/resnet.py`` (BasicBlock path) line for line, so the module
names, parameter names, shapes and forward are torchvision's. Only numpy is needed to import
this module; ``build_torch_resnet18`` imports torch when called.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

WEIGHT_SEED = 1234
INPUT_SEED = 99


def build_torch_resnet18(num_classes: int = 1000):
    """torchvision.models.resnet18() built from torch.nn (kaiming init from torch's generator)."""
    import torch
    from torch import nn

    def conv3x3(i, o, stride=1):
        return nn.Conv2d(i, o, kernel_size=3, stride=stride, padding=1, bias=False)

    def conv1x1(i, o, stride=1):
        return nn.Conv2d(i, o, kernel_size=1, stride=stride, bias=False)

    class BasicBlock(nn.Module):
        expansion = 1

        def __init__(self, inplanes, planes, stride=1, downsample=None):
            super().__init__()
            self.conv1 = conv3x3(inplanes, planes, stride)
            self.bn1 = nn.BatchNorm2d(planes)
            self.relu = nn.ReLU(inplace=True)
            self.conv2 = conv3x3(planes, planes)
            self.bn2 = nn.BatchNorm2d(planes)
            self.downsample = downsample
            self.stride = stride

        def forward(self, x):
            identity = x
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            if self.downsample is not None:
                identity = self.downsample(x)
            out += identity
            return self.relu(out)

    class ResNet(nn.Module):
        def __init__(self, layers, num_classes):
            super().__init__()
            self.inplanes = 64
            self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
            self.bn1 = nn.BatchNorm2d(64)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
            self.layer1 = self._make_layer(64, layers[0])
            self.layer2 = self._make_layer(128, layers[1], stride=2)
            self.layer3 = self._make_layer(256, layers[2], stride=2)
            self.layer4 = self._make_layer(512, layers[3], stride=2)
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(512, num_classes)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
                elif isinstance(m, nn.BatchNorm2d):
                    nn.init.constant_(m.weight, 1)
                    nn.init.constant_(m.bias, 0)

        def _make_layer(self, planes, blocks, stride=1):
            downsample = None
            if stride != 1 or self.inplanes != planes:
                downsample = nn.Sequential(conv1x1(self.inplanes, planes, stride),
                                           nn.BatchNorm2d(planes))
            layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
            self.inplanes = planes
            for _ in range(1, blocks):
                layers.append(BasicBlock(self.inplanes, planes))
            return nn.Sequential(*layers)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            x = torch.flatten(self.avgpool(x), 1)
            return self.fc(x)

    return ResNet([2, 2, 2, 2], num_classes)


def seeded_state_dict(shapes: "OrderedDict[str, tuple]", seed: int = WEIGHT_SEED
                      ) -> "OrderedDict[str, np.ndarray]":
    """Fixed weights for every entry of a state dict (in its order), as float32 (int64 for
    ``num_batches_tracked``): convolutions N(0, 2/fan_out), batch-norm weights near 1, biases
    and running means small, running variances positive, so activations stay O(1)."""
    rng = np.random.default_rng(seed)
    out: OrderedDict = OrderedDict()
    for key, shape in shapes.items():
        shape = tuple(shape)
        if key.endswith("num_batches_tracked"):
            out[key] = np.array(7, dtype=np.int64)
        elif key.endswith("running_var"):
            out[key] = rng.uniform(0.5, 1.5, shape).astype(np.float32)
        elif key.endswith("running_mean"):
            out[key] = rng.normal(0.0, 0.1, shape).astype(np.float32)
        elif len(shape) == 4:
            fan_out = shape[0] * shape[2] * shape[3]
            out[key] = rng.normal(0.0, np.sqrt(2.0 / fan_out), shape).astype(np.float32)
        elif len(shape) == 2:
            bound = 1.0 / np.sqrt(shape[1])
            out[key] = rng.uniform(-bound, bound, shape).astype(np.float32)
        elif key.startswith("bn") or ".bn" in key or "downsample.1" in key:
            out[key] = (rng.uniform(0.8, 1.2, shape) if key.endswith("weight")
                        else rng.normal(0.0, 0.1, shape)).astype(np.float32)
        else:
            bound = 1.0 / np.sqrt(512)
            out[key] = rng.uniform(-bound, bound, shape).astype(np.float32)
    return out


def seeded_input(shape=(2, 3, 64, 64), seed: int = INPUT_SEED) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def seeded_labels(n: int = 2, classes: int = 10, seed: int = INPUT_SEED + 1) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, classes, n).astype(np.int64)
