"""ResNet as torchvision builds it (``torchvision/models/resnet.py``): the same classes, module
names, parameter names and initialisation, on the engine's ``nn``.

``resnet18()`` has torchvision's 11,689,512 parameters, ``model.fc`` is ``Linear(512, 1000)``
and ``print(model)`` prints what torchvision prints, so the transfer-learning tutorial
(freeze every parameter, replace ``model.fc``) runs unchanged. Pretrained ImageNet weights
cannot be downloaded here: asking for them gives a seeded random initialisation (the same
numbers on every run), or the weights of a ``.npz`` file (see ``weights.py``).

``small_resnet()`` is the same design at toy scale (one BasicBlock per stage, 8-16-32
channels) for the bundled shapes example, which trains in seconds.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .. import nn
from ..autograd import no_grad
from ..tensor import _rng_now
from .weights import load_arrays_into, resolve

__all__ = ["ResNet", "BasicBlock", "conv3x3", "conv1x1", "resnet18", "small_resnet",
           "init_like_torchvision"]


def conv3x3(in_planes: int, out_planes: int, stride: int = 1, groups: int = 1,
            dilation: int = 1) -> "nn.Conv2d":
    """3x3 convolution with padding (torchvision's helper)."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=dilation,
                     groups=groups, bias=False, dilation=dilation)


def conv1x1(in_planes: int, out_planes: int, stride: int = 1) -> "nn.Conv2d":
    """1x1 convolution (torchvision's helper; the downsample branch uses it)."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    """Two 3x3 convolutions with batch norm, plus the identity (or a downsampled) shortcut."""
    expansion = 1

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 downsample: "nn.Module | None" = None, groups: int = 1, base_width: int = 64,
                 dilation: int = 1, norm_layer: Callable | None = None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        if groups != 1 or base_width != 64:
            raise ValueError("BasicBlock only supports groups=1 and base_width=64")
        if dilation > 1:
            raise NotImplementedError("Dilation > 1 not supported in BasicBlock")
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = norm_layer(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = norm_layer(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x

        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.bn2(out)

        if self.downsample is not None:
            identity = self.downsample(x)

        out += identity
        out = self.relu(out)

        return out


class ResNet(nn.Module):
    """torchvision's ResNet for BasicBlock (Bottleneck, groups and dilation are not built)."""

    def __init__(self, block: type, layers: list, num_classes: int = 1000,
                 zero_init_residual: bool = False, groups: int = 1, width_per_group: int = 64,
                 replace_stride_with_dilation: list | None = None,
                 norm_layer: Callable | None = None, *, widths: tuple = (64, 128, 256, 512),
                 generator: np.random.Generator | None = None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        self._norm_layer = norm_layer

        self.inplanes = widths[0]
        self.dilation = 1
        if replace_stride_with_dilation is None:
            replace_stride_with_dilation = [False, False, False]
        if len(replace_stride_with_dilation) != 3:
            raise ValueError("replace_stride_with_dilation should be None "
                             f"or a 3-element tuple, got {replace_stride_with_dilation}")
        if any(replace_stride_with_dilation):
            raise NotImplementedError("Dilation > 1 not supported in BasicBlock")
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = norm_layer(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, widths[0], layers[0])
        self.layer2 = self._make_layer(block, widths[1], layers[1], stride=2)
        self.layer3 = self._make_layer(block, widths[2], layers[2], stride=2)
        self.layer4 = self._make_layer(block, widths[3], layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3] * block.expansion, num_classes)
        init_like_torchvision(self, generator, zero_init_residual)

    def _make_layer(self, block: type, planes: int, blocks: int, stride: int = 1):
        norm_layer = self._norm_layer
        downsample = None
        previous_dilation = self.dilation
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                conv1x1(self.inplanes, planes * block.expansion, stride),
                norm_layer(planes * block.expansion),
            )

        layers = [block(self.inplanes, planes, stride, downsample, self.groups,
                        self.base_width, previous_dilation, norm_layer)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, groups=self.groups,
                                base_width=self.base_width, dilation=self.dilation,
                                norm_layer=norm_layer))

        return nn.Sequential(*layers)

    def _forward_impl(self, x):
        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)

        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)

        x = self.avgpool(x)
        x = x.flatten(1)
        x = self.fc(x)

        return x

    def forward(self, x):
        return self._forward_impl(x)


def init_like_torchvision(model: nn.Module, generator: np.random.Generator | None = None,
                          zero_init_residual: bool = False) -> None:
    """torchvision's initialisation: convolutions ``kaiming_normal_(mode="fan_out",
    nonlinearity="relu")``, batch norms weight 1 and bias 0, linear layers torch's default
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)). Draws from ``generator`` (module order, weight before
    bias) or, when None, from the engine's generator (so ``torch.manual_seed`` governs it)."""
    rng = generator if generator is not None else _rng_now()
    with no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                w = m.weight
                fan_out = w.shape[0] * math.prod(w.shape[2:])
                std = math.sqrt(2.0) / math.sqrt(fan_out)  # gain for relu is sqrt(2)
                _set(w, rng.normal(0.0, std, tuple(w.shape)))
            elif isinstance(m, nn.BatchNorm2d):
                _set(m.weight, np.ones(tuple(m.weight.shape)))
                _set(m.bias, np.zeros(tuple(m.bias.shape)))
            elif isinstance(m, nn.Linear) and generator is not None:
                # the engine's Linear drew from the engine's generator already; a seeded
                # model draws its head from the seeded one too
                bound = 1.0 / math.sqrt(m.in_features) if m.in_features else 0.0
                _set(m.weight, rng.uniform(-bound, bound, tuple(m.weight.shape)))
                if m.bias is not None:
                    _set(m.bias, rng.uniform(-bound, bound, tuple(m.bias.shape)))
        if zero_init_residual:
            for m in model.modules():
                if isinstance(m, BasicBlock):
                    _set(m.bn2.weight, np.zeros(tuple(m.bn2.weight.shape)))


def _set(p, values: np.ndarray) -> None:
    p.data = np.asarray(values, dtype=p.detach().numpy().dtype)


def resnet18(*, weights=None, progress: bool = True, pretrained: bool = False,
             num_classes: int = 1000, **kwargs) -> ResNet:
    """ResNet-18 (torchvision's signature). ``weights``/``pretrained`` are resolved by
    ``weights.resolve``: ImageNet names give the seeded stand-in, a ``.npz`` path its
    contents."""

    source = resolve("resnet18", weights, pretrained)
    if source is not None and source.kind == "imagenet" and num_classes != 1000:
        raise ValueError(f"The parameter 'num_classes' expected value 1000 but got "
                         f"{num_classes} instead.")
    arrays = source.read() if source is not None else None
    gen = source.generator() if source is not None else None
    model = ResNet(BasicBlock, [2, 2, 2, 2], num_classes=num_classes, generator=gen, **kwargs)
    if arrays is not None:
        load_arrays_into(model, arrays, source.name)
    return model


def small_resnet(*, weights=None, num_classes: int = 4, in_channels: int = 1,
                 **kwargs) -> ResNet:
    """A toy ResNet for small images: torchvision's ResNet with one BasicBlock per stage and
    8-16-32-64 channels, and the stem people use for CIFAR-sized inputs (a 3x3 stride-1
    ``conv1`` on ``in_channels``, no max pool), so 16x16 images keep 2x2 features at the
    end. About 75 k parameters; trains in seconds. ``weights``: a ``.npz`` state dict or
    None."""

    source = resolve("small_resnet", weights, False)
    arrays = source.read() if source is not None else None
    model = ResNet(BasicBlock, [1, 1, 1, 1], num_classes=num_classes,
                   widths=(8, 16, 32, 64), **kwargs)
    model.conv1 = nn.Conv2d(in_channels, 8, kernel_size=3, stride=1, padding=1, bias=False)
    model.maxpool = nn.Identity()
    init_like_torchvision(model.conv1)
    if arrays is not None:
        load_arrays_into(model, arrays, source.name)
    return model
