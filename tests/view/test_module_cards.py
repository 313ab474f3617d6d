"""Issue #17 on the canvas: a collapsed nn.Module is one card (class, path, parameter count, output
shape, one freeze switch) with the wires into and out of it attached to it; double-click or the
▸ control expands it into a frame, undoably; the switch freezes every parameter inside. The
seed's ResNet-18 opens collapsed to its top-level children, readable; with the backbone frozen
the backward graph is fc's branch alone and training moves only fc's weights."""
from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from explorer.model.commands import SetRootCommand
from explorer.model.module_groups import (SetCollapsedCommand, apply_module_layout,
                                          leaves_within, nodes_within)
from explorer.model.program.freeze import freeze_program

SHOTS = os.environ.get("H3_SHOTS")

NESTED = """import torch
from torch import nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 8), nn.Tanh()), nn.Linear(8, 3))
x = torch.randn(5, 4)
out = model(x)
loss = out.sum()
"""

SEED = """import torch
import torchvision
from torch import nn
torch.manual_seed(0)
model = torchvision.models.resnet18()
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(512, 10)
x = torch.randn(1, 3, 64, 64)
out = model(x)
loss = out.sum()
loss.backward()
"""


RESNET_CHILDREN = ("conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4",
                   "avgpool", "fc")

# The tutorial's finetuning block verbatim, plus the forward and backward it implies
SEED_BLOCK = """import torch
import torchvision
from torch import nn, optim
torch.manual_seed(0)
model = torchvision.models.resnet18(pretrained=True)
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(512, 10)
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
x = torch.randn(2, 3, 64, 64)
loss = model(x).sum()
loss.backward()
"""


def _group(doc, name):
    return next(g for g in doc.groups.values() if g.name == name)


def _open(new_window, source, size=(1472, 920)):
    doc = freeze_program(source, lenient=True).document
    apply_module_layout(doc)
    w = new_window(size=size, show=True)
    w._replace_document(doc, None, "program")
    return w


def _click(qtbot, w, scene_point: QPointF, double: bool = False) -> None:
    w.view.centerOn(scene_point)
    pos = w.view.mapFromScene(scene_point)
    if double:
        qtbot.mouseDClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_a_collapsed_module_is_one_card_with_its_wires_attached(new_window, qtbot):
    w = _open(new_window, NESTED)
    inner = _group(w.document, "model.2")
    w.push(SetCollapsedCommand(inner.id, True))
    cards = w.scene.module_cards.cards
    assert list(cards) == [inner.id]
    card = cards[inner.id]
    hidden = nodes_within(w.document, inner.id)
    assert hidden and not any(w.scene.node_items[n].isVisible() for n in hidden)
    # the wire from model.0's ReLU into the hidden Linear ends on the card's input port
    into = [e for e in w.scene.edge_items.values() if e.edge.dst in hidden and e.edge.src not in hidden]
    assert into and all(e.isVisible() for e in into)
    for e in into:
        end = QPointF(e._ends[2], e._ends[3])
        assert abs(end.x() - card.sceneBoundingRect().left()) < 1
        assert card.sceneBoundingRect().contains(end + QPointF(1, 0))
    inside = [e for e in w.scene.edge_items.values() if e.edge.src in hidden and e.edge.dst in hidden]
    assert inside and not any(e.isVisible() for e in inside)
    assert card.lines()[0][1] == "2" and any("params" in t for _r, t in card.lines())
    assert any(t == "out (5, 8)" for _r, t in card.lines())


def test_double_click_expands_a_card_and_undo_collapses_it_again(new_window, qtbot):
    w = _open(new_window, NESTED)
    inner = _group(w.document, "model.2")
    w.push(SetCollapsedCommand(inner.id, True))
    card = w.scene.module_cards.cards[inner.id]
    _click(qtbot, w, card.sceneBoundingRect().center(), double=True)
    assert not w.document.groups[inner.id].collapsed
    assert not w.scene.module_cards.cards
    assert all(w.scene.node_items[n].isVisible() for n in nodes_within(w.document, inner.id))
    frame = w.scene.group_items[inner.id]
    assert frame.isVisible()
    # the nested frame lies inside its parent's
    outer = w.scene.group_items[_group(w.document, "model").id]
    assert outer.boundingRect().contains(frame.boundingRect())
    w.undo_stack.undo()
    assert w.document.groups[inner.id].collapsed and inner.id in w.scene.module_cards.cards


def test_the_cards_switch_freezes_every_parameter_inside(new_window, qtbot):
    w = _open(new_window, NESTED)
    inner = _group(w.document, "model.2")
    w.push(SetCollapsedCommand(inner.id, True))
    card = w.scene.module_cards.cards[inner.id]
    _click(qtbot, w, card.mapToScene(card.switch_rect().center()))
    leaves = leaves_within(w.document, inner.id)
    assert len(leaves) == 2 and not any(w.document.nodes[n].requires_grad for n in leaves)
    assert not card.is_on()
    # as in torch, its ops stay in the backward graph: model.0 before it still trains
    assert card.in_backward()
    others = [n for n in w.document.nodes.values() if n.kind == "leaf" and n.id not in leaves and n.name != "x"]
    assert all(n.requires_grad for n in others)
    w.undo_stack.undo()
    assert all(w.document.nodes[n].requires_grad for n in leaves)


# torchvision's ResNet-18 (BatchNorm2d records batch_norm, a graph-editor op), frozen once
@pytest.fixture(scope="module")
def seed_document():
    doc = freeze_program(SEED, lenient=True).document
    apply_module_layout(doc)
    return doc


def test_resnet18_opens_collapsed_to_its_children_and_readable(new_window, qtbot, seed_document):
    from tests.view.test_readable_default import px

    w = new_window(size=(1472, 920), show=True)
    w._replace_document(seed_document.copy(), None, "resnet18")
    w.view.fit_readable()
    cards = w.scene.module_cards.cards
    names = [w.document.groups[g].name for g in cards]
    assert names == [f"model.{c}" for c in RESNET_CHILDREN]
    assert px("title", w.view.zoom()) >= 11 and px("mono", w.view.zoom()) >= 11
    top = next(g for g in w.document.groups.values() if g.parent is None)
    assert sum(w.document.groups[g].param_count for g in cards) == top.param_count
    if SHOTS:
        w.grab().save(os.path.join(SHOTS, "resnet18_collapsed.png"))


def test_frozen_backbone_backward_is_fcs_branch_and_training_moves_only_fc(new_window, qtbot, seed_document):
    from explorer.view.canvas.backward_dag import build_dag

    w = new_window(size=(1472, 920), show=True)
    doc = seed_document.copy()
    w._replace_document(doc, None, "resnet18")
    w.push(SetRootCommand(doc.node_by_name("loss").id, None))
    w.run_backward()
    nodes, _arrows = build_dag(w.document, w.last_result)
    fns = sorted(n.label for n in nodes if n.kind in ("fn", "acc"))
    assert fns == ["AccumulateGrad", "AccumulateGrad", "AddmmBackward0", "SumBackward0", "TBackward0"]
    steps = [s.name for s in w.runner.backward_steps()]
    assert sorted(steps) == sorted(fns)
    # every card but fc is greyed: no op inside needs a gradient
    live = [w.document.groups[g].name for g, c in w.scene.module_cards.cards.items() if c.in_backward()]
    assert live == ["model.fc"]
    before = {n.id: n.value.copy() for n in w.document.nodes.values() if n.kind == "leaf"}
    w.train_step()
    moved = {nid for nid, v in before.items() if not np.array_equal(v, w.document.nodes[nid].value)}
    assert moved == set(leaves_within(w.document, _group(w.document, "model.fc").id))
    if SHOTS:
        w.set_view_mode("backward")
        w.grab().save(os.path.join(SHOTS, "resnet18_backward_frozen.png"))


def test_edit_this_graph_in_the_code_dock_brings_the_modules_as_frames(new_window, qtbot):
    from explorer.view.canvas.module_groups import ModuleFrameItem

    w = new_window(size=(1200, 800), show=True)
    w.code_editor.editor.setPlainText(NESTED)
    qtbot.mouseClick(w.code_editor.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.program_panel.is_running() and w.program_panel.result is not None,
                    timeout=20000)
    qtbot.mouseClick(w.program_panel.edit_button, Qt.MouseButton.LeftButton)
    names = {g.name for g in w.document.groups.values()}
    assert {"model", "model.0", "model.2", "model.2.0", "model.3"} <= names
    frames = [w.scene.group_items[g.id] for g in w.document.groups.values()]
    assert all(isinstance(f, ModuleFrameItem) and f.isVisible() for f in frames)
    outer = w.scene.group_items[_group(w.document, "model").id].boundingRect()
    assert all(outer.contains(f.boundingRect()) for f in frames)


def test_the_seed_block_run_in_the_code_dock_opens_resnet18_collapsed_and_readable(new_window, qtbot):
    from tests.view.test_readable_default import px

    w = new_window(size=(1472, 920), show=True)
    w.code_editor.editor.setPlainText(SEED_BLOCK)
    qtbot.mouseClick(w.code_editor.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.program_panel.is_running() and w.program_panel.result is not None,
                    timeout=60000)
    qtbot.mouseClick(w.program_panel.edit_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)  # the view fits once the scene is built
    names = [w.document.groups[g].name for g in w.scene.module_cards.cards]
    assert names == [f"model.{c}" for c in RESNET_CHILDREN]
    assert sum(n.op == "batch_norm" for n in w.document.nodes.values()) == 20
    assert px("title", w.view.zoom()) >= 11 and px("mono", w.view.zoom()) >= 11
    # the chain of cards runs level (conv1 -> bn1 -> relu -> maxpool -> layer1 ...)
    tops = [w.scene.module_cards.cards[g].y() for g in w.scene.module_cards.cards]
    assert max(tops[:9]) - min(tops[:9]) < 1
    if SHOTS:
        w.grab().save(os.path.join(SHOTS, "resnet18_code_dock.png"))
