"""Make the data and the "pretrained" backbone of the shapes finetuning example.

    python resources/examples/shapes_pretrain.py

Draws 16x16 grey images of shapes (seeded, so the files are the same on every machine), trains
``small_resnet`` (torchvision's ResNet design at toy scale, ``engine.models``) to tell four
shapes apart (square, disk, plus, x), and writes next to this file:

- ``shapes_backbone.npz``: the trained network's state dict (the "pretrained weights");
- ``shapes_data.npz``: a *different* task for finetuning, three new shapes (ring, triangle,
  bar) with a small training set and a test set, as uint8 images.

``shapes_finetune.py`` then freezes the backbone and trains only a new head on the new task,
as the transfer-learning tutorial does with ResNet-18 and ImageNet. This script uses the engine
directly (it writes files, which programs run by the app cannot do).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # run from a checkout: the engine beside resources/

import engine  # noqa: E402
from engine import nn, optim  # noqa: E402
from engine.models import small_resnet  # noqa: E402

SIZE = 16
PRETRAIN_SHAPES = ("square", "disk", "plus", "x")
FINETUNE_SHAPES = ("ring", "triangle", "bar")


def draw(shape: str, rng: np.random.Generator) -> np.ndarray:
    """One SIZE x SIZE image of ``shape`` at a random place and size, with a little noise."""
    r = rng.uniform(3.0, 6.0)                          # half-size in pixels
    cy, cx = rng.uniform(r + 0.5, SIZE - r - 1.5, 2)   # centre, fully inside the image
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    dy, dx = y - cy, x - cx
    d = np.hypot(dy, dx)
    w = 0.9  # half stroke width
    if shape == "square":
        m = (np.maximum(abs(dy), abs(dx)) <= r) & (np.maximum(abs(dy), abs(dx)) >= r - 2 * w)
    elif shape == "disk":
        m = d <= r
    elif shape == "plus":
        m = ((abs(dy) <= w) & (abs(dx) <= r)) | ((abs(dx) <= w) & (abs(dy) <= r))
    elif shape == "x":
        m = ((abs(dy - dx) <= 1.3 * w) | (abs(dy + dx) <= 1.3 * w)) & (np.maximum(
            abs(dy), abs(dx)) <= r)
    elif shape == "ring":
        m = (d <= r) & (d >= r - 2 * w)
    elif shape == "triangle":
        m = (dy <= r * 0.8) & (dy >= -r) & (abs(dx) <= (dy + r) * 0.6)
    elif shape == "bar":
        m = (abs(dy) <= w) & (abs(dx) <= r) if rng.random() < 0.5 else (
            (abs(dx) <= w) & (abs(dy) <= r))
    else:
        raise ValueError(shape)
    img = m * rng.uniform(0.6, 1.0) + rng.normal(0.0, 0.08, (SIZE, SIZE))
    return np.clip(img * 255, 0, 255).astype(np.uint8)


def dataset(shapes: tuple, per_class: int, rng: np.random.Generator):
    """Shuffled images (N, 1, SIZE, SIZE) uint8 and labels (N,) int64."""
    xs = np.stack([draw(s, rng) for s in shapes for _ in range(per_class)])
    ys = np.repeat(np.arange(len(shapes)), per_class)
    order = rng.permutation(len(ys))
    return xs[order][:, None], ys[order].astype(np.int64)


def as_input(x: np.ndarray) -> "engine.Tensor":
    return engine.tensor(x.astype(np.float32) / 255.0)


def pretrain(epochs: int = 6, batch: int = 50, seed: int = 0) -> "nn.Module":
    rng = np.random.default_rng(seed)
    x, y = dataset(PRETRAIN_SHAPES, 300, rng)
    engine.manual_seed(seed)
    model = small_resnet(num_classes=len(PRETRAIN_SHAPES))
    optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        order = rng.permutation(len(y))
        for i in range(0, len(y), batch):
            idx = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(as_input(x[idx])), engine.tensor(y[idx]))
            loss.backward()
            optimizer.step()
        model.eval()
        with engine.no_grad():
            acc = (model(as_input(x)).argmax(1).numpy() == y).mean()
        print(f"pretraining epoch {epoch + 1}: loss {loss.item():.3f}, accuracy {acc:.3f}")
    return model


def main() -> int:
    start = time.perf_counter()
    model = pretrain()
    state = {k: (v.detach().numpy() if hasattr(v, "detach") else np.asarray(v))
             for k, v in model.state_dict().items()}
    np.savez(HERE / "shapes_backbone.npz", **state)
    rng = np.random.default_rng(1)
    x_train, y_train = dataset(FINETUNE_SHAPES, 40, rng)
    x_test, y_test = dataset(FINETUNE_SHAPES, 40, rng)
    np.savez_compressed(HERE / "shapes_data.npz", x_train=x_train, y_train=y_train,
                        x_test=x_test, y_test=y_test)
    for name in ("shapes_backbone.npz", "shapes_data.npz"):
        print(f"wrote {name}: {(HERE / name).stat().st_size:,} bytes")
    print(f"{time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
