"""The bundled examples load, run forward and backward, and give PyTorch's gradients."""
from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from explorer.model.fileformat import dumps, load_document

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
REQUIRED = ("seed", "neuron", "mlp", "transfer_learning")
ALL = sorted(p.stem for p in EXAMPLES.glob("*.json"))


def load(name: str):
    doc = load_document(EXAMPLES / f"{name}.json")
    return doc, {n.name: n.id for n in doc}


def run(doc):
    from explorer.model.runner import Runner

    runner = Runner(doc, listen=False)
    forward = runner.run_forward()
    assert forward.errors == {}
    result = runner.run_backward()
    assert result.errors == {} and result.backward_error is None
    return runner, result


def test_the_required_examples_are_bundled():
    assert set(REQUIRED) <= set(ALL)


@pytest.mark.parametrize("name", ALL)
def test_example_loads_and_is_laid_out_readably(name):
    doc, _ = load(name)
    assert doc.root is not None
    for edge in doc.edges():  # wires flow left to right
        assert doc.nodes[edge.src].pos[0] < doc.nodes[edge.dst].pos[0]
    cards = sorted(n.pos for n in doc)
    for (x1, y1), (x2, y2) in zip(cards, cards[1:]):
        assert x1 != x2 or y2 - y1 >= 100  # cards in a column do not overlap


@pytest.mark.parametrize("name", ALL)
def test_example_runs_forward_and_backward(name):
    doc, _ = load(name)
    _, result = run(doc)
    assert result.backward_ran
    for node in doc:
        if node.kind == "leaf" and node.requires_grad:
            assert result[node.id].grad is not None, node.name


def test_examples_are_what_the_generator_builds(tmp_path):
    build = importlib.import_module("tools.build_examples")
    assert not list(tmp_path.iterdir())  # importing it built nothing
    build.build(tmp_path)
    for name in REQUIRED:
        assert (tmp_path / f"{name}.json").read_bytes() == (EXAMPLES / f"{name}.json").read_bytes(), name


def test_seed_is_the_tutorial():
    doc, ids = load("seed")
    a, b = doc.nodes[ids["a"]], doc.nodes[ids["b"]]
    assert a.kind == b.kind == "leaf" and a.requires_grad and b.requires_grad
    assert a.value.tolist() == [2.0, 3.0] and b.value.tolist() == [6.0, 4.0]
    consts = sorted(float(n.value) for n in doc if n.kind == "const")
    assert consts == [2.0, 3.0, 3.0] and all(n.value.shape == () for n in doc if n.kind == "const")
    assert {n.op for n in doc if n.kind == "op"} == {"pow", "mul", "sub"}
    assert doc.root == ids["Q"] and doc.root_gradient.tolist() == [1.0, 1.0]


def test_seed_gradients_match_the_tutorial():
    doc, ids = load("seed")
    _, result = run(doc)
    assert result[ids["Q"]].value.tolist() == [-12.0, 65.0]
    assert result[ids["a"]].grad.tolist() == [36.0, 81.0]  # 9a²
    assert result[ids["b"]].grad.tolist() == [-12.0, -8.0]  # -2b
    assert result[ids["Q"]].grad_fn == "SubBackward0"
    assert result[ids["three_a_cubed"]].grad_fn == "MulBackward0"  # 3 is a Python scalar
    assert result[ids["a_cubed"]].grad_fn == "PowBackward0"


TUTORIAL = """import torch

a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)
"""


def test_pasting_the_tutorial_code_builds_the_seed_graph():
    from explorer.model.language import parse_script

    seed, _ = load("seed")
    pasted = parse_script(TUTORIAL)
    for node in pasted:
        node.pos = seed.nodes[node.id].pos  # scripts carry no positions
        if node.kind == "op" and node.name != "Q":
            node.name = seed.nodes[node.id].name  # the seed names its intermediate results
    assert pasted.same_as(seed)


def test_neuron_matches_micrograd():
    doc, ids = load("neuron")
    _, result = run(doc)
    assert result[ids["o"]].value == pytest.approx(0.7071, abs=1e-4)
    assert result[ids["x"]].grad == pytest.approx([-1.5, 0.5])
    assert result[ids["w"]].grad == pytest.approx([1.0, 0.0])
    assert result[ids["b"]].grad == pytest.approx(0.5)
    assert result[ids["o"]].grad_fn == "TanhBackward0"


def test_mlp_trains_on_its_dataset():
    doc, ids = load("mlp")
    runner, result = run(doc)
    assert result[ids["X"]].grad is None and result[ids["Y"]].grad is None  # data, not parameters
    assert result[ids["loss"]].value.shape == ()
    history, _ = runner.train(60, optimizer="adam", lr=0.05)
    assert history[-1] < 0.5 * history[0]


def test_transfer_learning_backbone_is_frozen_and_drops_out():
    doc, ids = load("transfer_learning")
    (group,) = doc.groups.values()
    assert group.name == "pretrained backbone"
    backbone_leaves = [m for m in group.members if doc.nodes[m].kind == "leaf"]
    assert {doc.nodes[m].name for m in backbone_leaves} == {"W1", "b1", "W2", "b2"}
    assert not any(doc.nodes[m].requires_grad for m in backbone_leaves)
    assert doc.nodes[ids["W_head"]].requires_grad and doc.nodes[ids["b_head"]].requires_grad
    assert doc.nodes[ids["loss"]].op == "cross_entropy" and doc.root == ids["loss"]
    runner, result = run(doc)
    for m in group.members:
        assert not result[m].in_backward_graph and result[m].grad is None
        assert result[m].grad_fn is None  # frozen: the whole backbone has no grad_fn
    assert np.all(np.isfinite(result[ids["W_head"]].grad)) and result[ids["logits"]].in_backward_graph
    before = {m: doc.nodes[m].value.copy() for m in backbone_leaves}
    history, values = runner.train(20, optimizer="sgd", lr=0.5)
    assert history[-1] < history[0]
    assert not set(values) & set(backbone_leaves)  # frozen weights never move
    assert all(np.array_equal(doc.nodes[m].value, before[m]) for m in backbone_leaves)


def test_examples_round_trip_through_the_file_format():
    for name in ALL:
        doc, _ = load(name)
        assert dumps(doc) == (EXAMPLES / f"{name}.json").read_text()


@pytest.mark.torch
@pytest.mark.parametrize("name", ALL)
def test_example_values_and_grads_match_pytorch(name):
    """Replay each example in PyTorch (the oracle) node by node and compare."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    doc, _ = load(name)
    tensors = {}
    for nid in doc.topological_order():
        node = doc.nodes[nid]
        if node.kind == "const" and node.value.ndim == 0:
            tensors[nid] = float(node.value)  # 0-d constants are Python scalars
        elif node.kind != "op":
            tensors[nid] = torch.tensor(node.value, requires_grad=node.requires_grad)
        else:
            args = [tensors[s] for s in doc.inputs(nid) if s is not None]
            fn = getattr(torch, node.op, None) if node.op not in ("linear", "mse_loss", "cross_entropy", "relu") \
                else getattr(F, node.op)
            tensors[nid] = fn(*args, **node.params)
            if node.retain_grad:
                tensors[nid].retain_grad()
    root = tensors[doc.root]
    gradient = None if doc.root_gradient is None else torch.tensor(doc.root_gradient)
    root.backward(gradient=gradient)
    _, result = run(doc)
    for nid, t in tensors.items():
        if not isinstance(t, torch.Tensor):
            continue
        ours = result[nid]
        np.testing.assert_allclose(ours.value, t.detach().numpy(), rtol=1e-5, atol=1e-6)
        if t.is_leaf:
            assert (ours.grad is None) == (t.grad is None), doc.nodes[nid].name
            if t.grad is not None:
                np.testing.assert_allclose(ours.grad, t.grad.numpy(), rtol=1e-5, atol=1e-6)
        else:
            assert ours.grad_fn == type(t.grad_fn).__name__, doc.nodes[nid].name
