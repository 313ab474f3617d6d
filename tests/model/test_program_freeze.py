"""Trace -> document ("Edit this graph"): the graph a program holds at a statement becomes an
ordinary document whose forward and backward give what torch gives for the same program."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from explorer.model.program import run_program
from explorer.model.program.freeze import (FreezeError, freeze_at, freeze_program,
                                           freeze_tensors, names_at)
from explorer.model.runner import Runner


def _torch_names(source: str, upto_line: int) -> dict:
    """The program's first ``upto_line`` lines run by real torch: its module-level tensors."""
    ns: dict = {}
    text = "\n".join(source.splitlines()[:upto_line]) + "\n"
    exec(compile(text, "<oracle>", "exec"), ns)  # trusted test text, run by torch
    return {k: v for k, v in ns.items() if isinstance(v, torch.Tensor)}


def _step_after_line(source: str, line: int, nth: int = 0) -> int:
    trace = run_program(source).trace
    steps = [i for i, (ln, _d, _it) in enumerate(trace.statements) if ln == line]
    return steps[nth]


def _by_name(doc):
    return {n.name: nid for nid, n in doc.nodes.items()}


SEED = """import torch
a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
S = (Q * Q).mean()
S.backward()
"""


def test_the_seed_program_frozen_before_backward_computes_what_torch_computes():
    doc = freeze_at(SEED, _step_after_line(SEED, 5))
    want = _torch_names(SEED, 5)
    names = _by_name(doc)
    assert {"a", "b", "Q", "S"} <= set(names)
    res = Runner(doc).run_forward().results
    for name in ("a", "b", "Q", "S"):
        np.testing.assert_allclose(res[names[name]].value, want[name].detach().numpy(), rtol=1e-6)
        fn = want[name].grad_fn
        assert res[names[name]].grad_fn == (None if fn is None else type(fn).__name__)
    # the frozen document backpropagates like the program would
    doc.set_root(names["S"], None)
    res = Runner(doc).run_backward().results
    want["S"].backward()
    for leaf in ("a", "b"):
        np.testing.assert_allclose(res[names[leaf]].grad, want[leaf].grad.numpy(), rtol=1e-6)


LOOP = """import torch
w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
x = torch.tensor([0.5, 1.0, 2.0])
for i in range(4):
    y = (w * x).sum()
    loss = (y - 1.0) ** 2
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
    w.grad.zero_()
"""


@pytest.mark.parametrize("iteration", [0, 2])
def test_a_loop_frozen_inside_an_iteration_holds_that_iterations_values(iteration):
    step = _step_after_line(LOOP, 6, nth=iteration)   # `loss = ...` of that pass, before backward
    doc = freeze_at(LOOP, step)
    names = _by_name(doc)
    # torch's oracle: the same loop stopped at the same point
    w = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    x = torch.tensor([0.5, 1.0, 2.0])
    for _ in range(iteration):
        loss = ((w * x).sum() - 1.0) ** 2
        loss.backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
        w.grad.zero_()
    loss = ((w * x).sum() - 1.0) ** 2
    res = Runner(doc).run_forward().results
    np.testing.assert_allclose(res[names["w"]].value, w.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(res[names["loss"]].value, loss.detach().numpy(), rtol=1e-6)
    assert res[names["loss"]].grad_fn == type(loss.grad_fn).__name__
    assert doc.nodes[names["w"]].requires_grad and doc.nodes[names["x"]].kind == "leaf"


def test_after_backward_freed_the_graph_freezing_says_why_in_one_line():
    with pytest.raises(FreezeError) as err:
        freeze_at(SEED, _step_after_line(SEED, 6))
    assert "freed by backward()" in str(err.value) and "\n" not in str(err.value)
    retained = SEED.replace("S.backward()", "S.backward(retain_graph=True)")
    doc = freeze_at(retained, _step_after_line(retained, 6))
    assert "S" in _by_name(doc)


def test_a_linear_layer_freezes_with_its_parameters_as_leaves():
    src = ("import torch\nfrom torch import nn\ntorch.manual_seed(0)\nlayer = nn.Linear(3, 2)\n"
           "x = torch.tensor([[1.0, 2.0, 3.0]])\nout = torch.relu(layer(x)).sum()\n")
    result = names_at(src, _step_after_line(src, 6))
    doc = freeze_tensors(result.tensors()).document
    res = Runner(doc).run_forward().results
    names = _by_name(doc)
    np.testing.assert_allclose(res[names["out"]].value, result.names["out"].detach().numpy(),
                               rtol=1e-6)
    leaves = [n for n in doc.nodes.values() if n.kind == "leaf" and n.requires_grad]
    assert sorted(n.value.shape for n in leaves) == [(2,), (2, 3)]   # bias and weight


def test_a_program_with_no_tensors_yet_is_refused_in_one_line():
    with pytest.raises(FreezeError):
        freeze_at("import torch\nn = 3\n", 1)


def test_each_node_knows_the_line_that_made_it():
    frozen = freeze_program(SEED, _step_after_line(SEED, 5))
    doc = frozen.document
    by_line: dict = {}
    for nid, line in frozen.lines.items():
        by_line.setdefault(line, set()).add(doc.nodes[nid].name)
    assert by_line[2] == {"a"} and by_line[3] == {"b"}
    # 3*a**3 - b**2: two pows, a mul, the sub (named Q) and the constants 3, 3, 2
    line4 = [doc.nodes[nid] for nid, ln in frozen.lines.items() if ln == 4]
    assert sorted(n.op or n.kind for n in line4) == ["const"] * 3 + ["mul", "pow", "pow", "sub"]
    assert "Q" in by_line[4] and "S" in by_line[5]
    assert set(frozen.lines) == set(doc.nodes)   # every node has its line


def test_lenient_freezing_after_backward_keeps_the_leaves_and_says_what_was_freed():
    frozen = freeze_program(LOOP, _step_after_line(LOOP, 7, nth=1), lenient=True)
    names = _by_name(frozen.document)
    assert {"w", "x"} <= set(names)
    assert "loss" in frozen.skipped and "freed by backward()" in frozen.skipped["loss"]
    assert "loss" not in names and "y" in frozen.skipped


def test_a_named_tensor_without_grad_is_one_node_not_a_copy_of_its_value():
    src = ("import torch\nw = torch.tensor([1.0, 2.0], requires_grad=True)\n"
           "x = torch.tensor([3.0, 4.0])\ny = w * x\n")
    doc = freeze_at(src)
    names = _by_name(doc)
    assert set(names) == {"w", "x", "y"}
    assert {(doc.nodes[e.src].name, e.port) for e in doc.in_edges(names["y"])} == {("w", 0), ("x", 1)}


def test_a_models_parameters_are_named_after_the_model():
    src = ("import torch\nfrom torch import nn\ntorch.manual_seed(0)\n"
           "model = nn.Sequential(nn.Linear(3, 2), nn.ReLU())\n"
           "x = torch.tensor([[1.0, 2.0, 3.0]])\nout = model(x).sum()\n")
    names = _by_name(freeze_at(src))
    assert {"model_0_weight", "model_0_bias", "x", "out"} <= set(names)


def test_after_backward_a_models_parameters_stay_on_the_canvas():
    src = ("import torch\nfrom torch import nn\ntorch.manual_seed(0)\nmodel = nn.Linear(3, 2)\n"
           "x = torch.tensor([[1.0, 2.0, 3.0]])\nloss = model(x).sum()\nloss.backward()\n")
    frozen = freeze_program(src, lenient=True)
    names = _by_name(frozen.document)
    assert {"model_weight", "model_bias", "x"} <= set(names) and "loss" in frozen.skipped
    assert frozen.document.nodes[names["model_weight"]].requires_grad
