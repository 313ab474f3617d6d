"""Convert a PyTorch state dict into the ``.npz`` file Autograd Explorer reads as weights.

    python tools/convert_state_dict.py resnet18.pth resnet18.npz
    python tools/convert_state_dict.py --torchvision resnet18 resnet18.npz

The first form reads a saved ``model.state_dict()`` (``torch.save``) with
``torch.load(weights_only=True)``, torch's loader that refuses code in the file; a checkpoint
whose weights sit under ``"state_dict"`` or ``"model"`` is unwrapped. The second asks an
installed torchvision for its pretrained weights (downloads them). Either way every tensor is
written as a plain numpy array with ``numpy.savez``: a program then loads it with
``resnet18(weights="resnet18.npz")`` or ``model.load_state_dict(torch.load("resnet18.npz"))``.
Needs torch (and torchvision for the second form); the app itself never does.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np


def load_state_dict(args: argparse.Namespace) -> dict:
    import torch

    if args.torchvision:
        import torchvision

        return torchvision.models.get_model(args.source, weights="DEFAULT").state_dict()
    sd = torch.load(args.source, map_location="cpu", weights_only=True)
    for key in ("state_dict", "model"):
        if isinstance(sd, dict) and isinstance(sd.get(key), dict):
            sd = sd[key]
    return sd


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("source", help="a .pt/.pth state dict, or a torchvision model name")
    p.add_argument("target", help="the .npz file to write")
    p.add_argument("--torchvision", action="store_true",
                   help="source is a torchvision model name: save its pretrained weights")
    args = p.parse_args(argv)
    if not args.target.endswith(".npz"):
        p.error("the target must end in .npz")
    sd = load_state_dict(args)
    arrays = {k.removeprefix("module."): v.detach().cpu().numpy() for k, v in sd.items()}
    np.savez(args.target, **arrays)
    print(f"wrote {args.target}: {len(arrays)} arrays, "
          f"{sum(a.size for a in arrays.values()):,} numbers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
