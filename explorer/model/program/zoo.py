"""``torchvision`` for programs: ``torchvision.models`` is the engine's model zoo
(``engine.models``), and ``torch.load`` / ``weights="file.npz"`` read ``.npz`` state dicts
from the program's own folder.

torchvision's architectures are rebuilt on the engine with its module and parameter names, so
the transfer-learning tutorial runs as written; pretrained weights cannot be downloaded here,
which the output says in one line. Files are reached only by a relative name that stays inside
the folder of the program being run, only as ``.npz`` (read without pickle, size-checked by
``engine.models.read_npz``).
"""
from __future__ import annotations

import os
import warnings
from collections import OrderedDict
from typing import Any

import engine
import engine.models as zoo

from explorer.model.messages import Message
from .budget import BudgetExceeded, Refused, over
from .facade_module import FacadeModule

ZOO_NOTE = Message("note: torchvision.models is served by this app's model zoo (engine.models): "
                   "torchvision's architectures and parameter names, computed by this app's engine")


def pretrained_note(arch: str) -> Message:
    """The note for ``resnet18(pretrained=True)``: a Message with a literal template, so
    tools/extract_model_messages.py finds it."""
    return Message("note: {arch}: pretrained weights cannot be downloaded here, so the model "
                   "gets torchvision's initialisation from a fixed seed (the same numbers on "
                   "every run); weights='{arch}.npz' loads your own", arch=arch)


# torchvision >= 0.13 warns about the old keyword; tutorials still use it
_PRETRAINED_WARNINGS = (
    "The parameter 'pretrained' is deprecated since 0.13 and may be removed in the future, "
    "please use 'weights' instead.",
    "Arguments other than a weight enum or `None` for 'weights' are deprecated since 0.13 "
    "and may be removed in the future. The current behavior is equivalent to passing "
    "`weights=ResNet18_Weights.IMAGENET1K_V1`. You can also use "
    "`weights=ResNet18_Weights.DEFAULT` to get the most up-to-date weights.",
)
# names a program can use without importing them (the seed block calls torchvision.models...)
IMPLICIT_NAMES = ("torchvision", "resnet18", "ResNet18_Weights")


def program_file(ctx, name: Any, what: str) -> str:
    """The path of ``name`` (a relative ``.npz`` name) inside the running program's folder."""
    if not isinstance(name, str):
        raise Refused(Message("{what}: give the name of a .npz file next to the program, not {name}",
                              what=what, name=type(name).__name__), ctx.line)
    if not name.endswith(".npz"):
        raise Refused(Message("{what}: only .npz files can be read here ({name}); convert a PyTorch "
                              "state dict with tools/convert_state_dict.py", what=what, name=repr(name)), ctx.line)
    base = getattr(ctx, "base_dir", None)
    if base is None:
        raise Refused(Message("{what}: this program has no folder to read {name} from yet: save the "
                              "document first, next to {name_2}", what=what, name=repr(name),
                              name_2=repr(name)), ctx.line)
    base = os.path.realpath(base)
    path = os.path.realpath(os.path.join(base, name))
    if os.path.isabs(name) or os.path.commonpath([base, path]) != base:
        raise Refused(Message("{what}: {name} is outside the program's folder; files are read only from "
                              "there", what=what, name=repr(name)), ctx.line)
    return path


def build_torchvision(ctx) -> dict:
    """Facade modules ``torchvision`` and ``torchvision.models`` for one run."""
    def resnet18(*, weights=None, progress: bool = True, pretrained: bool = False,
                 **kwargs):
        if pretrained:
            for text in _PRETRAINED_WARNINGS:
                warnings.warn(text, UserWarning, stacklevel=2)
        return _build(ctx, zoo.resnet18, "resnet18", weights, pretrained, kwargs)

    def small_resnet(*, weights=None, **kwargs):
        return _build(ctx, zoo.small_resnet, "small_resnet", weights, False, kwargs)

    resnet18.__doc__ = zoo.resnet18.__doc__
    small_resnet.__doc__ = zoo.small_resnet.__doc__
    models = FacadeModule("torchvision.models", {
        "resnet18": resnet18, "small_resnet": small_resnet, "ResNet": zoo.ResNet,
        "BasicBlock": zoo.BasicBlock, "ResNet18_Weights": zoo.ResNet18_Weights})
    tv = FacadeModule("torchvision", {"models": models,
                                      "__version__": "0.28.0 (Autograd Explorer's model zoo)"})
    return {"torchvision": tv, "torchvision.models": models}


def _build(ctx, builder, arch: str, weights, pretrained: bool, kwargs: dict):
    if isinstance(weights, str) and weights.endswith(".npz"):
        weights = program_file(ctx, weights, f"{arch}(weights=...)")
    elif pretrained or weights is not None:
        ctx.note(pretrained_note(arch))
    if pretrained:
        return builder(weights=weights, pretrained=True, **kwargs)
    return builder(weights=weights, **kwargs)


def build_load(ctx):
    """``torch.load(f)`` for ``.npz`` files in the program's folder: a dict of tensors."""
    def load(f, map_location=None, weights_only: bool | None = None, **_):
        path = program_file(ctx, f, "torch.load")
        arrays = zoo.read_npz(path)
        out = OrderedDict()
        for key, a in arrays.items():
            if a.size > ctx.budget.tensor_elements:   # the facade's size guard, as for torch.zeros
                raise BudgetExceeded(Message("{over}: {key} in {f} would have {size}",
                                             over=over("elements in one tensor", ctx.budget.tensor_elements),
                                             key=key, f=f, size=format(a.size, ",")), ctx.line)
            out[key] = engine.tensor(a)
        return out
    return load
