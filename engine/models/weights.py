"""Where a zoo model's weights come from, and a safe reader for ``.npz`` state dicts.

Pretrained ImageNet weights cannot be downloaded here. ``weights="IMAGENET1K_V1"``,
``ResNet18_Weights.DEFAULT`` or ``pretrained=True`` give torchvision's initialisation drawn
from a fixed seed instead (the same numbers on every run, so results can be compared), and
``weights="file.npz"`` loads a state dict the user converted from PyTorch
(``tools/convert_state_dict.py``).

A ``.npz`` is read with ``allow_pickle=False`` (nothing in the file can run code), its size
and every member's size are checked before anything is decompressed, only numeric arrays are
accepted, and a wrong key or shape ends in one line naming it.
"""
from __future__ import annotations

import os
import zipfile
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

__all__ = ["WeightsEnum", "ResNet18_Weights", "read_npz", "resolve", "load_arrays_into",
           "MAX_NPZ_BYTES", "STAND_IN_SEED", "WeightsError"]

MAX_NPZ_BYTES = 128 * 1024 * 1024   # file and unpacked arrays (ResNet-18 is 47 MB of float32)
STAND_IN_SEED = 0                   # the seeded stand-in for downloaded weights
_NUMERIC = "biuf"                   # numpy kinds: bool, int, unsigned, float


class WeightsError(ValueError):
    """A weights file or name that cannot be used; the message is one line."""


class WeightsEnum:
    """One entry of torchvision's weights enums (``ResNet18_Weights.IMAGENET1K_V1``)."""

    def __init__(self, enum: str, name: str):
        self._enum, self.name = enum, name

    def __repr__(self) -> str:
        return f"{self._enum}.{self.name}"

    def __eq__(self, other) -> bool:
        return isinstance(other, WeightsEnum) and repr(other) == repr(self)

    def __hash__(self) -> int:
        return hash(repr(self))


class _ResNet18Weights:
    """``ResNet18_Weights``: IMAGENET1K_V1 is also DEFAULT, as in torchvision."""
    IMAGENET1K_V1 = WeightsEnum("ResNet18_Weights", "IMAGENET1K_V1")
    DEFAULT = IMAGENET1K_V1

    def __repr__(self) -> str:
        return "<enum 'ResNet18_Weights'>"

    def __iter__(self):
        return iter([self.IMAGENET1K_V1])

    def verify(self, obj):
        return resolve("resnet18", obj, False) and obj


ResNet18_Weights = _ResNet18Weights()


@dataclass
class WeightSource:
    """What ``weights=``/``pretrained=`` asked for: the seeded ImageNet stand-in or a file."""
    kind: str            # "imagenet" or "npz"
    path: str = ""

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    def generator(self) -> np.random.Generator | None:
        return np.random.default_rng(STAND_IN_SEED) if self.kind == "imagenet" else None

    def read(self) -> "OrderedDict[str, np.ndarray] | None":
        """The file's arrays, read before the model is built (a bad file fails fast)."""
        return read_npz(self.path) if self.kind == "npz" else None


def resolve(arch: str, weights, pretrained: bool) -> WeightSource | None:
    """``weights``/``pretrained`` of a zoo builder -> what to load (None: fresh init)."""
    if weights is None:
        if pretrained:
            if arch != "resnet18":
                raise WeightsError(f"{arch} has no pretrained weights; give weights='file.npz'")
            return WeightSource("imagenet")
        return None
    if isinstance(weights, WeightsEnum):
        if arch != "resnet18" or weights._enum != "ResNet18_Weights":
            raise WeightsError(f"{weights!r} are not weights for {arch}")
        return WeightSource("imagenet")
    if isinstance(weights, str):
        if weights.endswith(".npz"):
            return WeightSource("npz", weights)
        if arch == "resnet18" and weights in ("IMAGENET1K_V1", "DEFAULT",
                                              "ResNet18_Weights.IMAGENET1K_V1",
                                              "ResNet18_Weights.DEFAULT"):
            return WeightSource("imagenet")
        raise WeightsError(f"weights={weights!r}: give ResNet18_Weights.DEFAULT, "
                           f"'IMAGENET1K_V1' or the name of a .npz state dict")
    raise WeightsError(f"weights must be a weights enum, a name or a .npz file name, not "
                       f"{type(weights).__name__}")


def load_npz_into(model, path: str) -> None:
    """``model.load_state_dict`` from a ``.npz``, every key and shape checked first."""
    load_arrays_into(model, read_npz(path), os.path.basename(path))


def load_arrays_into(model, arrays: dict, name: str) -> None:
    """``model.load_state_dict(arrays)`` after checking every key and shape (one line)."""
    own = model.state_dict()
    missing = [k for k in own if k not in arrays]
    unexpected = [k for k in arrays if k not in own]
    if missing or unexpected:
        what = []
        if missing:
            what.append(f"{len(missing)} missing (first: {missing[0]})")
        if unexpected:
            what.append(f"{len(unexpected)} unexpected (first: {unexpected[0]})")
        raise WeightsError(f"{name} does not fit {type(model).__name__}: "
                           f"{', '.join(what)} keys")
    for k, v in own.items():
        if tuple(arrays[k].shape) != tuple(np.shape(_array(v))):
            raise WeightsError(f"{name}: {k} has shape {tuple(arrays[k].shape)}, the model's "
                               f"is {tuple(np.shape(_array(v)))}")
    model.load_state_dict(arrays)


def _array(v) -> np.ndarray:
    return v.detach().numpy() if hasattr(v, "detach") else np.asarray(v)


def read_npz(path: str, max_bytes: int = MAX_NPZ_BYTES) -> "OrderedDict[str, np.ndarray]":
    """The arrays of a ``.npz`` file, read without pickle and within ``max_bytes``."""
    name = os.path.basename(path)
    if not str(path).endswith(".npz"):
        raise WeightsError(f"{name}: weights are read from .npz files only")
    try:
        size = os.path.getsize(path)
    except OSError:
        raise WeightsError(f"{name}: no such file") from None
    if size > max_bytes:
        raise WeightsError(f"{name} is {size:,} bytes, over the limit of {max_bytes:,}")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (OSError, zipfile.BadZipFile):
        raise WeightsError(f"{name} is not a .npz file (numpy.savez)") from None
    unpacked = sum(i.file_size for i in infos)
    if unpacked > max_bytes:  # a small file can hold a huge compressed member
        raise WeightsError(f"{name} unpacks to {unpacked:,} bytes, over the limit of "
                           f"{max_bytes:,}")
    out: OrderedDict = OrderedDict()
    try:
        with np.load(path, allow_pickle=False) as npz:
            for key in npz.files:
                a = npz[key]
                if a.dtype.kind not in _NUMERIC:
                    raise WeightsError(f"{name}: {key} holds {a.dtype} values, not numbers")
                out[key] = a
    except WeightsError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        # allow_pickle=False turns an object array into a ValueError: say so in one line
        raise WeightsError(f"{name} cannot be read as numeric arrays "
                           f"({' '.join(str(exc).split())[:120]})") from None
    return out
