"""Issue #17, modules as groups: every nn.Module a program calls becomes a group named by its path,
nested as the modules nest, holding the ops of its own forward and its own parameters; groups
collapse and expand (undoably), freeze as ``module.requires_grad_(False)``, and survive a file
round trip. With the backbone frozen, the document's backward runs only the new head's steps,
the same grad_fns torch runs."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from explorer.model import fileformat
from explorer.model.commands import History, SetRootCommand
from explorer.model.document import DocumentError
from explorer.model.module_groups import (SetCollapsedCommand, apply_module_layout,
                                          format_param_count, freeze_group_command,
                                          leaves_within, nodes_within, unit_of, visible_units)
from explorer.model.program import run_program
from explorer.model.program.freeze import freeze_program
from explorer.model.runner import Runner

NESTED = """import torch
from torch import nn
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(8, 4)
    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(Block(), nn.ReLU(), Block())
        self.fc = nn.Linear(4, 2)
    def forward(self, x):
        return self.fc(self.body(x))
torch.manual_seed(0)
model = Net()
x = torch.randn(3, 4)
out = model(x)
loss = out.sum()
"""

FROZEN = """import torch
from torch import nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 8), nn.ReLU()), nn.Linear(8, 3))
for p in model.parameters():
    p.requires_grad = False
model[3] = nn.Linear(8, 2)
x = torch.randn(5, 4)
out = model(x)
loss = out.sum()
loss.backward()
"""


def _torch_run(source: str) -> dict:
    ns: dict = {}
    exec(compile(source, "<oracle>", "exec"), ns)  # trusted test text, run by real torch
    return ns


def _groups_by_name(doc):
    return {g.name: g for g in doc.groups.values()}


def test_every_module_is_a_group_named_by_its_path_and_nested_like_the_modules():
    doc = freeze_program(NESTED).document
    oracle = _torch_run(NESTED)["model"]
    groups = _groups_by_name(doc)
    expected = {("model." + name) if name else "model": m for name, m in oracle.named_modules()}
    assert set(groups) == set(expected)
    for name, module in expected.items():
        g = groups[name]
        assert g.module == type(module).__name__
        assert g.param_count == sum(p.numel() for p in module.parameters())
        parent = name.rpartition(".")[0] or None
        assert (doc.groups[g.parent].name if g.parent else None) == parent
    # the output shape each module produced
    shapes = {}
    hooks = [m.register_forward_hook(lambda m, i, o, n=n: shapes.__setitem__(n, tuple(o.shape)))
             for n, m in expected.items()]
    oracle(torch.randn(3, 4))
    for h in hooks:
        h.remove()
    assert {n: groups[n].shape for n in expected} == shapes


def test_an_op_belongs_to_the_innermost_module_and_parameters_to_their_owner():
    doc = freeze_program(NESTED).document
    groups = _groups_by_name(doc)
    owner = {m: g.name for g in doc.groups.values() for m in g.members}
    ops = {n.name: nid for nid, n in doc.nodes.items() if n.kind == "op"}
    # each Linear holds its one linear op and its weight and bias
    for path in ("model.body.0.fc1", "model.body.0.fc2", "model.body.2.fc1", "model.fc"):
        kinds = sorted(doc.nodes[m].kind for m in groups[path].members)
        assert kinds == ["leaf", "leaf", "op"], path
        weight = path.replace(".", "_") + "_weight"
        assert owner[doc.node_by_name(weight).id] == path
    assert [doc.nodes[m].op for m in groups["model.body.1"].members] == ["relu"]
    # the loss was computed outside every module; the input too
    assert ops["loss"] not in owner and doc.node_by_name("x").id not in owner
    # a Block's frame holds its three submodules' nodes, none of its own
    assert groups["model.body.0"].members == ()
    assert len(nodes_within(doc, groups["model.body.0"].id)) == 7


def test_a_frozen_backbone_stays_on_the_canvas_and_backward_runs_only_the_new_head():
    doc = freeze_program(FROZEN, lenient=True).document
    groups = _groups_by_name(doc)
    backbone = [groups[p] for p in ("model.0", "model.2.0")]
    head = groups["model.3"]
    # the frozen layers' ops are in the document (greyed), their parameters frozen
    for g in backbone:
        assert any(doc.nodes[m].kind == "op" for m in g.members)
        assert all(not doc.nodes[m].requires_grad for m in leaves_within(doc, g.id))
    assert all(doc.nodes[m].requires_grad for m in leaves_within(doc, head.id))
    SetRootCommand(doc.node_by_name("loss").id, None).do(doc)
    runner = Runner(doc)
    result = runner.run_backward()
    assert result.backward_error is None
    inside = set(nodes_within(doc, head.id)) | {doc.root}
    assert result.backward_nodes <= inside
    steps = [s.name for s in runner.backward_steps()]
    # torch runs the same steps for the same program
    ns = _torch_run(FROZEN.replace("loss.backward()\n", ""))
    seen, todo = [], [ns["loss"].grad_fn]
    while todo:
        fn = todo.pop()
        seen.append(type(fn).__name__)
        todo.extend(n for n, _ in fn.next_functions if n is not None)
    assert sorted(steps) == sorted(seen)
    # and the frozen backbone's ops, run by the document, give the program's own output
    program_out = run_program(FROZEN).names["out"]
    out_id = doc.node_by_name("out").id
    np.testing.assert_allclose(runner.tensor(out_id).detach().numpy(), program_out.detach().numpy(), rtol=1e-6)


def test_collapse_and_expand_are_one_undo_step_each():
    doc = freeze_program(NESTED).document
    apply_module_layout(doc)
    history = History(doc)
    body = _groups_by_name(doc)["model.body"].id
    before = doc.copy()
    history.push(SetCollapsedCommand(body, True))
    units = unit_of(doc)
    inside = nodes_within(doc, body)
    assert inside and all(units[n] == body for n in inside)
    assert body in visible_units(doc)[1]
    history.undo()
    assert doc.same_as(before)
    assert all(unit_of(doc)[n] == n for n in inside)
    history.redo()
    assert doc.groups[body].collapsed


def test_only_modules_collapse():
    doc = freeze_program(NESTED).document
    doc.groups["g1"].module = None
    with pytest.raises(DocumentError, match="not a module"):
        SetCollapsedCommand("g1", True).do(doc)


def test_the_freeze_switch_is_requires_grad_false_on_every_parameter_inside():
    doc = freeze_program(NESTED).document
    history = History(doc)
    body = _groups_by_name(doc)["model.body"].id
    leaves = leaves_within(doc, body)
    oracle = _torch_run(NESTED)["model"]
    assert len(leaves) == len(list(oracle.body.parameters()))
    history.push(freeze_group_command(doc, body, False))
    oracle.body.requires_grad_(False)
    flags = {n.name: n.requires_grad for n in doc.nodes.values() if n.kind == "leaf" and n.name != "x"}
    expected = {("model_" + k).replace(".", "_"): p.requires_grad for k, p in oracle.named_parameters()}
    assert flags == expected
    history.undo()
    assert all(doc.nodes[m].requires_grad for m in leaves)


def test_module_groups_round_trip_through_a_file_and_old_files_still_open():
    doc = freeze_program(NESTED).document
    apply_module_layout(doc)
    SetCollapsedCommand(_groups_by_name(doc)["model.body"].id, True).do(doc)
    again = fileformat.loads(fileformat.dumps(doc))
    assert again.same_as(doc)
    assert _groups_by_name(again)["model.body.0.fc1"].shape == (3, 8)
    # a version-2 file written before module groups (plain groups only) reads as before
    data = json.loads(fileformat.dumps(doc))
    for g in data["groups"]:
        for key in ("parent", "module", "param_count", "collapsed", "pos", "shape"):
            g.pop(key, None)
    data["groups"] = [g for g in data["groups"] if g["members"]]
    old = fileformat.loads(json.dumps(data))
    assert all(g.module is None and g.parent is None for g in old.groups.values())


@pytest.mark.parametrize("change, message", [
    (lambda gs: gs[1].update(parent="g99"), "no parent group"),
    (lambda gs: gs[0].update(parent=gs[1]["id"]), "loop"),
    (lambda gs: gs[1].update(module="not a name"), "not a class name"),
    (lambda gs: gs[1].update(param_count=-1), "param_count"),
    (lambda gs: gs[1].update(shape=[2, "x"]), "shape"),
    (lambda gs: gs[1].update(members=[], module=None), "non-empty"),
])
def test_bad_module_fields_are_refused_in_one_line(change, message):
    data = json.loads(fileformat.dumps(freeze_program(NESTED).document))
    change(data["groups"])
    if data["groups"][1].get("module", "") is None:
        del data["groups"][1]["module"]
    with pytest.raises(fileformat.FileFormatError, match=message) as info:
        fileformat.loads(json.dumps(data))
    assert "\n" not in str(info.value)


def test_parameter_counts_read_as_on_the_card():
    assert format_param_count(11_689_512) == "11.7 M params"
    assert format_param_count(2_359_808) == "2.4 M params"
    assert format_param_count(9_408) == "9,408 params"
    assert format_param_count(1) == "1 param"


def test_a_document_too_large_for_a_file_is_refused_in_one_line():
    # a ResNet's layer4 convolutions hold 2.4 M numbers each: over the per-tensor limit
    big = NESTED.replace("self.fc = nn.Linear(4, 2)", "self.fc = nn.Linear(4, 2)\n        self.big = nn.Linear(1100, 1000)")
    doc = freeze_program(big).document
    assert any(n.value is not None and n.value.size > fileformat.MAX_TENSOR_ELEMENTS for n in doc.nodes.values())
    with pytest.raises(fileformat.FileFormatError, match="^cannot save: the tensors are too large") as info:
        fileformat.dumps(doc)
    assert "\n" not in str(info.value)


TWICE = """import torch
from torch import nn
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 4)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(4, 4)
    def forward(self, x):
        return self.relu(self.fc2(self.relu(self.fc1(x))) + x)
torch.manual_seed(0)
model = Block()
x = torch.randn(2, 4, requires_grad=True)
out = model(x)
"""


def test_a_module_called_twice_is_a_card_per_call_and_collapses_without_a_cycle():
    # torchvision's BasicBlock calls its one self.relu twice
    doc = freeze_program(TWICE).document
    groups = _groups_by_name(doc)
    assert [doc.nodes[m].op for m in groups["model.relu"].members] == ["relu"]
    assert [doc.nodes[m].op for m in groups["model.relu #2"].members] == ["relu"]
    apply_module_layout(doc)
    history = History(doc)
    history.push(SetCollapsedCommand([g.id for g in doc.groups.values() if g.parent], True))
    assert len(visible_units(doc)[1]) == 4    # fc1, relu, fc2, relu #2


# ---------------------------------------------------------------- batch norm in a document
CONV_BN = """import torch
from torch import nn
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU())
x = torch.randn(2, 3, 5, 5)
out = model(x)
loss = out.sum()
"""


@pytest.mark.parametrize("mode", ["train", "eval"])
def test_a_frozen_batch_norm_runs_saves_and_prints_back_as_the_program_did(mode, tmp_path):
    import contextlib
    import io
    import runpy

    from explorer.model.language import difference, parse_script, to_script, to_torch_script

    source = CONV_BN.replace("x = torch.randn", "model.eval()\nx = torch.randn") if mode == "eval" else CONV_BN
    run = run_program(source)
    doc = freeze_program(source).document
    bn = [n for n in doc.nodes.values() if n.op == "batch_norm"]
    assert len(bn) == 1 and bool(bn[0].params.get("training", False)) == (mode == "train")
    # the running statistics enter as inputs that need no grad
    stats = [doc.nodes[e.src] for e in doc.in_edges(bn[0].id) if e.port in (1, 2)]
    assert len(stats) == 2 and not any(s.requires_grad for s in stats)
    doc.set_root(doc.node_by_name("loss").id, None)
    result = Runner(doc, listen=False).run_backward()
    out = result.results[doc.node_by_name("out").id].value
    assert not result.errors
    np.testing.assert_allclose(out, run.names["out"].detach().numpy(), rtol=1e-5, atol=1e-6)
    again = fileformat.loads(fileformat.dumps(doc))
    assert difference(doc, again) is None
    assert difference(doc, parse_script(to_script(doc))) is None
    # torch's signature: running statistics before weight and bias, the flags as keywords
    script = to_torch_script(doc)
    assert "F.batch_norm(" in script and ("training=True" in script) == (mode == "train")
    path = tmp_path / "bn.py"
    path.write_text(script)
    with contextlib.redirect_stdout(io.StringIO()):
        scope = runpy.run_path(str(path))
    np.testing.assert_allclose(scope["out"].detach().numpy(), out, rtol=1e-5, atol=1e-6)


def test_a_leaf_that_requires_grad_as_running_mean_is_refused_with_torchs_text():
    doc = freeze_program(CONV_BN).document
    bn = next(n for n in doc.nodes.values() if n.op == "batch_norm")
    mean = next(e.src for e in doc.in_edges(bn.id) if e.port == 1)
    doc.nodes[mean].kind, doc.nodes[mean].requires_grad = "leaf", True
    result = Runner(doc, listen=False).run_forward()
    assert ("The function 'native_batch_norm' is not differentiable with respect to argument "
            "'running_mean'. This input cannot have requires_grad True.") in result.errors[bn.id]


def test_an_expanded_resnet_block_keeps_its_downsample_branch_beside_the_main_path():
    """A nested module's cards stay inside every frame around them: layer2.0's downsample card
    lies right under the block's first conv, not pushed out of the model's frame far below."""
    from explorer.model.module_groups import module_layout, MODULE_CARD_SIZE

    doc = freeze_program("""import torch
import torchvision
torch.manual_seed(0)
model = torchvision.models.resnet18()
x = torch.randn(1, 3, 32, 32)
model.eval()
out = model(x)
""").document
    by_name = {g.name: g for g in doc.groups.values()}
    for name in ("model", "model.layer2", "model.layer2.0"):
        by_name[name].collapsed = False
    _nodes, cards = module_layout(doc)
    conv, down = cards[by_name["model.layer2.0.conv1"].id], cards[by_name["model.layer2.0.downsample"].id]
    assert conv[0] == down[0]
    gap = abs(down[1] - conv[1]) - MODULE_CARD_SIZE[1]
    assert 0 <= gap <= 60
