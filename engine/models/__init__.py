"""``engine.models``: the engine's own model zoo, what a program's ``torchvision.models`` is.

>>> from engine.models import resnet18
>>> model = resnet18()                     # torchvision's architecture and parameter names
>>> model.fc
Linear(in_features=512, out_features=1000, bias=True)
"""
from .resnet import BasicBlock, ResNet, init_like_torchvision, resnet18, small_resnet
from .weights import (MAX_NPZ_BYTES, ResNet18_Weights, WeightsError, load_npz_into, read_npz)

__all__ = ["ResNet", "BasicBlock", "resnet18", "small_resnet", "ResNet18_Weights",
           "init_like_torchvision", "read_npz", "load_npz_into", "WeightsError",
           "MAX_NPZ_BYTES"]
