"""Record torch 2.13's ResNet-18 facts into fixtures/resnet18.json (the engine's zoo is tested
against it without torch):

- the architecture: parameter count, ``named_parameters`` and ``state_dict`` names and shapes
  in order, ``print(model)``;
- the seed tutorial's finetuning block with fixed weights (``torch_resnet.seeded_state_dict``)
  and a fixed input: logits, loss, ``fc.weight.grad``/``fc.bias.grad``, the backward graph's
  node names, and ``fc`` after two ``SGD(momentum=0.9)`` steps.

    python tests/parity/record_resnet.py
"""
from __future__ import annotations

import json
import sys
from collections import OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import torch_resnet as tr  # noqa: E402

FIXTURE = HERE / "fixtures" / "resnet18.json"


def backward_nodes(root) -> list:
    """Names of every node reachable from ``root`` (depth-first, each node once)."""
    seen, out, stack = set(), [], [root]
    while stack:
        fn = stack.pop()
        if fn is None or id(fn) in seen:
            continue
        seen.add(id(fn))
        out.append(type(fn).__name__ if type(fn).__name__ != "AccumulateGrad"
                   else "AccumulateGrad")
        stack.extend(f for f, _ in reversed(fn.next_functions))
    return out


def finetune_inputs(model_shapes: "OrderedDict[str, tuple]") -> dict:
    """The fixed weights (backbone + the new 10-class head) and data the parity run uses."""
    backbone = tr.seeded_state_dict(model_shapes)
    head = tr.seeded_state_dict(OrderedDict([("fc.weight", (10, 512)), ("fc.bias", (10,))]),
                                seed=tr.WEIGHT_SEED + 1)
    weights = OrderedDict((k, v) for k, v in backbone.items() if not k.startswith("fc."))
    weights.update(head)
    x = tr.seeded_input()
    labels = tr.seeded_input((2, 10), seed=tr.INPUT_SEED + 2)
    return {"weights": weights, "x": x, "labels": labels}


def run_torch(model_shapes) -> dict:
    import torch
    from torch import nn, optim

    torch.manual_seed(0)
    model = tr.build_torch_resnet18()
    for param in model.parameters():
        param.requires_grad = False
    model.fc = nn.Linear(512, 10)
    optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    data = finetune_inputs(model_shapes)
    model.load_state_dict({k: torch.from_numpy(v) for k, v in data["weights"].items()})
    x, labels = torch.from_numpy(data["x"]), torch.from_numpy(data["labels"])
    prediction = model(x)
    loss = (prediction - labels).sum()
    loss.backward()
    rec = {
        "logits": prediction.detach().tolist(), "loss": loss.item(),
        "fc_weight_grad": model.fc.weight.grad.tolist(),
        "fc_bias_grad": model.fc.bias.grad.tolist(),
        "backward_nodes": backward_nodes(loss.grad_fn),
        "bn1_running_mean": model.bn1.running_mean.tolist(),
    }
    optimizer.step()
    optimizer.zero_grad()
    loss2 = (model(x) - labels).sum()
    loss2.backward()
    optimizer.step()
    rec["loss2"] = loss2.item()
    rec["fc_weight_after_2_steps"] = model.fc.weight.detach().tolist()
    rec["fc_bias_after_2_steps"] = model.fc.bias.detach().tolist()
    return rec


def main() -> int:
    import torch

    torch.manual_seed(0)
    model = tr.build_torch_resnet18()
    shapes = OrderedDict((k, list(v.shape)) for k, v in model.state_dict().items())
    data = {
        "torch": torch.__version__,
        "param_count": sum(p.numel() for p in model.parameters()),
        "named_parameters": [[k, list(p.shape)] for k, p in model.named_parameters()],
        "state_dict": [[k, v] for k, v in shapes.items()],
        "state_dict_dtypes": {k: str(v.dtype).replace("torch.", "")
                              for k, v in model.state_dict().items()},
        "repr": repr(model),
        "finetune": run_torch(shapes),
    }
    FIXTURE.write_text(json.dumps(data, indent=0, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
