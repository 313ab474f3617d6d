"""Regenerate the bundled example documents: ``python -m tools.build_examples`` (from the repository root).

Each example is built through the same commands the canvas uses (so it passes the same
checks), laid out with the layered layout, and saved with the file format. Weights come from
a fixed seed and are rounded so the files stay readable and identical on every run.
Importing this module builds nothing.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

from explorer.model.commands import (
    AddNodeCommand,
    GroupCommand,
    History,
    SetRootCommand,
    const_node,
    leaf_node,
    op_node,
)
from explorer.model.document import Document, Edge
from explorer.model.fileformat import save_document
from explorer.model.layout import layout_command

#: The bundled examples live in the installed resources package.
HERE = Path(__file__).resolve().parent.parent / "resources" / "examples"


class Builder:
    """A tiny helper: ``leaf``, ``const`` and ``op`` add nodes and return their ids."""

    def __init__(self) -> None:
        self.doc = Document()
        self.history = History(self.doc)

    def leaf(self, name: str, value: Any, requires_grad: bool = False, dtype: str = "float32") -> str:
        node = leaf_node(self.doc, name, value, requires_grad=requires_grad, dtype=dtype)
        self.history.push(AddNodeCommand(node))
        return node.id

    def const(self, name: str, value: float) -> str:
        # A 0-d constant stands for a Python number: float64 keeps it exact, as the parser does.
        node = const_node(self.doc, value, name=name, dtype="float64")
        self.history.push(AddNodeCommand(node))
        return node.id

    def op(self, name: str, op: str, *inputs: str, **params: Any) -> str:
        node = op_node(self.doc, op, params, name=name)
        self.history.push(AddNodeCommand(node, [Edge(src, node.id, port) for port, src in enumerate(inputs)]))
        return node.id

    def group(self, name: str, *ids: str) -> None:
        self.history.push(GroupCommand(ids, name))

    def finish(self, root: str, gradient: Any = None) -> Document:
        self.history.push(SetRootCommand(root, gradient))
        command = layout_command(self.doc)
        if command is not None:
            self.history.push(command)
        return self.doc


def _weights(rng: np.random.Generator, shape: tuple[int, ...], fan_in: int) -> np.ndarray:
    """PyTorch's default Linear init range, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), 3 decimals."""
    bound = 1.0 / np.sqrt(fan_in)
    return np.round(rng.uniform(-bound, bound, size=shape), 3)


def seed() -> Document:
    """The PyTorch autograd tutorial: Q = 3a³ − b², Q.backward(gradient=[1., 1.]).

    The same graph (node for node, edge for edge) that pasting the tutorial's code builds;
    the constants carry the parser's names (c1, c2, c3) so printed code writes them inline,
    and the intermediate results have readable names for the canvas."""
    g = Builder()
    a = g.leaf("a", [2.0, 3.0], requires_grad=True)
    b = g.leaf("b", [6.0, 4.0], requires_grad=True)
    a3 = g.op("a_cubed", "pow", a, g.const("c1", 3.0))
    t = g.op("three_a_cubed", "mul", g.const("c2", 3.0), a3)
    b2 = g.op("b_squared", "pow", b, g.const("c3", 2.0))
    q = g.op("Q", "sub", t, b2)
    return g.finish(q, [1.0, 1.0])


def neuron() -> Document:
    """micrograd's neuron: o = tanh(w·x + b) with the bias that makes w·x + b = 0.8814."""
    g = Builder()
    x = g.leaf("x", [2.0, 0.0], requires_grad=True, dtype="float64")
    w = g.leaf("w", [-3.0, 1.0], requires_grad=True, dtype="float64")
    b = g.leaf("b", 6.8813735870195432, requires_grad=True, dtype="float64")
    wx = g.op("wx", "dot", w, x)
    n = g.op("n", "add", wx, b)
    o = g.op("o", "tanh", n)
    return g.finish(o)


def mlp() -> Document:
    """A two-layer MLP (2 → 4 → 1, ReLU) on XOR's four points, mean squared error."""
    rng = np.random.default_rng(7)
    g = Builder()
    X = g.leaf("X", [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = g.leaf("Y", [[0.0], [1.0], [1.0], [0.0]])
    W1 = g.leaf("W1", _weights(rng, (4, 2), 2), requires_grad=True)
    b1 = g.leaf("b1", _weights(rng, (4,), 2), requires_grad=True)
    W2 = g.leaf("W2", _weights(rng, (1, 4), 4), requires_grad=True)
    b2 = g.leaf("b2", _weights(rng, (1,), 4), requires_grad=True)
    z1 = g.op("z1", "linear", X, W1, b1)
    h1 = g.op("h1", "relu", z1)
    y_pred = g.op("y_pred", "linear", h1, W2, b2)
    loss = g.op("loss", "mse_loss", y_pred, Y)
    return g.finish(loss)


def transfer_learning() -> Document:
    """A frozen "pretrained" backbone (two Linear+ReLU) and a new trainable Linear head with
    cross-entropy: backward reaches only the head, as after ``backbone.requires_grad_(False)``.
    Targets are class probabilities (one-hot rows), which ``cross_entropy`` accepts."""
    rng = np.random.default_rng(2024)
    g = Builder()
    X = g.leaf("X", np.round(rng.normal(size=(6, 4)), 2))
    labels = np.array([0, 1, 2, 0, 1, 2])
    target = g.leaf("target", np.eye(3)[labels])
    W1 = g.leaf("W1", _weights(rng, (8, 4), 4))
    b1 = g.leaf("b1", _weights(rng, (8,), 4))
    W2 = g.leaf("W2", _weights(rng, (6, 8), 8))
    b2 = g.leaf("b2", _weights(rng, (6,), 8))
    z1 = g.op("z1", "linear", X, W1, b1)
    h1 = g.op("h1", "relu", z1)
    z2 = g.op("z2", "linear", h1, W2, b2)
    h2 = g.op("features", "relu", z2)
    W_head = g.leaf("W_head", _weights(rng, (3, 6), 6), requires_grad=True)
    b_head = g.leaf("b_head", np.zeros(3), requires_grad=True)
    logits = g.op("logits", "linear", h2, W_head, b_head)
    loss = g.op("loss", "cross_entropy", logits, target)
    g.group("pretrained backbone", W1, b1, z1, h1, W2, b2, z2, h2)
    return g.finish(loss)


EXAMPLES = {
    "seed": seed,
    "neuron": neuron,
    "mlp": mlp,
    "transfer_learning": transfer_learning,
}


def build(folder: Path = HERE) -> list[Path]:
    written = []
    for name, make in EXAMPLES.items():
        path = folder / f"{name}.json"
        save_document(make(), path)
        written.append(path)
    return written


if __name__ == "__main__":
    for written in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
