"""Records PyTorch's sum over paths (fixtures/paths.json) for tests/model/test_paths.py.

For each script, walks ``root.grad_fn`` down to every leaf's AccumulateGrad one path at a
time, calling each grad_fn on the gradient of that path alone (``fn(g)``), and records each
path's contribution (in next_functions order) and the leaf's ``.grad`` after ``backward``.
Run with torch 2.13 installed: ``python tests/parity/record_paths.py``.
"""
from __future__ import annotations

import json
from pathlib import Path

# name -> (the document's script, root, gradient, leaves, the same computation in torch)
SCRIPTS = {
    "seed": ("a = tensor([2., 3.], requires_grad=True)\n"
             "b = tensor([6., 4.], requires_grad=True)\n"
             "Q = 3*a**3 - b**2\n", "Q", [1.0, 1.0], ["a", "b"]),
    "leaf_twice": ("a = tensor([2., 3.], requires_grad=True)\n"
                   "y = (a*a + a).sum()\n", "y", None, ["a"]),
    "shared_middle": ("a = tensor([0.5, -1.5, 2.0], requires_grad=True)\n"
                      "w = tensor(1.5, requires_grad=True)\n"
                      "u = tanh(a * w)\n"
                      "L = (u * u + u * a).sum()\n", "L", None, ["a", "w"]),
}


def build(torch, key: str) -> dict:
    """The scripts above, written out in torch (no exec of text)."""
    t = torch.tensor
    if key == "seed":
        a, b = t([2., 3.], requires_grad=True), t([6., 4.], requires_grad=True)
        return {"a": a, "b": b, "Q": 3 * a ** 3 - b ** 2}
    if key == "leaf_twice":
        a = t([2., 3.], requires_grad=True)
        return {"a": a, "y": (a * a + a).sum()}
    a, w = t([0.5, -1.5, 2.0], requires_grad=True), t(1.5, requires_grad=True)
    u = torch.tanh(a * w)
    return {"a": a, "w": w, "u": u, "L": (u * u + u * a).sum()}


def torch_paths(torch, root, leaf, seed) -> list:
    out = []

    def walk(fn, g):
        if fn is None or g is None:
            return
        if type(fn).__name__ == "AccumulateGrad":
            if fn.variable is leaf:
                # torch's engine sums a broadcast gradient to the input's shape between nodes
                # (validate_outputs), not inside the grad_fn call: do the same here
                if g.shape != leaf.shape:
                    g = g.sum_to_size(leaf.shape) if leaf.dim() else g.sum()
                out.append(g.detach().double().tolist())
            return
        grads = fn(g)
        grads = grads if isinstance(grads, tuple) else (grads,)
        for (f, _), gi in zip(fn.next_functions, grads):
            walk(f, gi)

    walk(root.grad_fn, seed)
    return out


def record() -> dict:
    import torch

    entries = {}
    for key, (script, root_name, gradient, leaves) in SCRIPTS.items():
        scope = build(torch, key)
        root = scope[root_name]
        seed = torch.tensor(gradient) if gradient is not None else torch.ones_like(root)
        entry = {"script": script, "root": root_name, "gradient": gradient, "leaves": {}}
        for name in leaves:
            entry["leaves"][name] = {"paths": torch_paths(torch, root, scope[name], seed)}
        root.backward(seed, retain_graph=True)
        for name in leaves:
            entry["leaves"][name]["grad"] = scope[name].grad.double().tolist()
        entries[key] = entry
    return {"torch": torch.__version__, "entries": entries}


if __name__ == "__main__":
    path = Path(__file__).resolve().parent / "fixtures" / "paths.json"
    path.write_text(json.dumps(record(), indent=1) + "\n", encoding="utf-8")
    print(path)
