"""Every document edit is an undoable command; refused edits leave no trace."""
from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.model.commands import (
    AddNodeCommand,
    ConnectCommand,
    DisconnectCommand,
    GroupCommand,
    History,
    MacroCommand,
    MoveNodesCommand,
    PasteFragmentCommand,
    RemoveNodesCommand,
    RenameCommand,
    RenameGroupCommand,
    SetGroupMembersCommand,
    SetParamCommand,
    SetRequiresGradCommand,
    SetRetainGradCommand,
    SetRootCommand,
    SetValueCommand,
    UngroupCommand,
    const_node,
    extract_fragment,
    leaf_node,
    op_node,
)
from explorer.model.document import Document, DocumentError, Edge


def build_seed() -> tuple[Document, History, dict[str, str]]:
    """Q = 3*a**3 - b**2 built through commands; returns name -> id."""
    doc = Document()
    h = History(doc)
    ids: dict[str, str] = {}

    def add(node, *srcs):
        edges = [Edge(src, node.id, port) for port, src in enumerate(srcs)]
        h.push(AddNodeCommand(node, edges))
        ids[node.name] = node.id
        return node.id

    a = add(leaf_node(doc, "a", [2.0, 3.0], requires_grad=True, pos=(0, 0)))
    b = add(leaf_node(doc, "b", [6.0, 4.0], requires_grad=True, pos=(0, 200)))
    e3 = add(const_node(doc, 3.0, name="e3", pos=(0, 100)))
    c3 = add(const_node(doc, 3.0, name="c3", pos=(200, 0)))
    e2 = add(const_node(doc, 2.0, name="e2", pos=(0, 300)))
    p = add(op_node(doc, "pow", name="a_cubed", pos=(200, 50)), a, e3)
    m = add(op_node(doc, "mul", name="three_a_cubed", pos=(400, 50)), c3, p)
    q2 = add(op_node(doc, "pow", name="b_squared", pos=(200, 250)), b, e2)
    q = add(op_node(doc, "sub", name="Q", pos=(600, 100)), m, q2)
    h.push(SetRootCommand(q, [1.0, 1.0]))
    return doc, h, ids


def snapshot(doc: Document):
    return doc.copy(), list(doc.nodes), list(doc.groups)


def assert_same(doc: Document, snap) -> None:
    copy, order, group_order = snap
    assert doc.same_as(copy)
    assert list(doc.nodes) == order
    assert list(doc.groups) == group_order


# ---------------------------------------------------------------------------- basics
def test_seed_builds_and_undo_all_empties_document():
    doc, h, ids = build_seed()
    assert doc.inputs(ids["Q"]) == [ids["three_a_cubed"], ids["b_squared"]]
    assert doc.root == ids["Q"] and list(doc.root_gradient) == [1.0, 1.0]
    while h.can_undo():
        h.undo()
    assert len(doc) == 0 and doc.root is None
    while h.can_redo():
        h.redo()
    assert doc.inputs(ids["Q"]) == [ids["three_a_cubed"], ids["b_squared"]]


def test_same_node_feeds_two_ports():
    doc = Document()
    h = History(doc)
    x = leaf_node(doc, "x", [1.0, 2.0], requires_grad=True)
    h.push(AddNodeCommand(x))
    sq = op_node(doc, "mul")
    h.push(AddNodeCommand(sq, [Edge(x.id, sq.id, 0), Edge(x.id, sq.id, 1)]))
    assert doc.inputs(sq.id) == [x.id, x.id]


def test_cycle_is_refused_with_the_names_on_the_cycle():
    doc, h, ids = build_seed()
    before = snapshot(doc)
    # Q's output into input 1 of a_cubed (port 1 is the exponent, occupied: replace it)
    with pytest.raises(DocumentError) as err:
        h.push(ConnectCommand(ids["Q"], ids["a_cubed"], 1, replace=True))
    message = str(err.value)
    assert "cycle" in message
    for name in ("a_cubed", "three_a_cubed", "Q"):
        assert name in message
    assert_same(doc, before)
    assert len(h) == 10  # the refused command is not on the stack


def test_occupied_port_and_missing_port_are_refused_clearly():
    doc, h, ids = build_seed()
    with pytest.raises(DocumentError, match="already connected to 'e3'"):
        h.push(ConnectCommand(ids["b"], ids["a_cubed"], 1))
    with pytest.raises(DocumentError, match="no input 3"):
        h.push(ConnectCommand(ids["b"], ids["a_cubed"], 2))
    with pytest.raises(DocumentError, match="has no inputs"):
        h.push(ConnectCommand(ids["b"], ids["a"], 0))
    h.push(ConnectCommand(ids["b"], ids["a_cubed"], 1, replace=True))
    assert doc.inputs(ids["a_cubed"]) == [ids["a"], ids["b"]]
    h.undo()
    assert doc.inputs(ids["a_cubed"]) == [ids["a"], ids["e3"]]


def test_disconnect_and_undo():
    doc, h, ids = build_seed()
    edge = Edge(ids["c3"], ids["three_a_cubed"], 0)
    h.push(DisconnectCommand(edge))
    assert doc.inputs(ids["three_a_cubed"]) == [None, ids["a_cubed"]]
    h.undo()
    assert doc.inputs(ids["three_a_cubed"]) == [ids["c3"], ids["a_cubed"]]
    with pytest.raises(DocumentError, match="does not exist"):
        h.push(DisconnectCommand(Edge(ids["a"], ids["Q"], 0)))


def test_remove_root_with_edges_and_undo_restores_root_gradient_and_order():
    doc, h, ids = build_seed()
    h.push(GroupCommand([ids["Q"], ids["b_squared"]], "tail"))
    before = snapshot(doc)
    h.push(RemoveNodesCommand([ids["Q"], ids["b"]]))
    assert doc.root is None and doc.root_gradient is None
    assert ids["Q"] not in doc.nodes and not doc.out_edges(ids["b_squared"])
    (group,) = doc.groups.values()
    assert group.members == (ids["b_squared"],)
    h.undo()
    assert_same(doc, before)


def test_removing_every_member_removes_the_group_and_undo_brings_it_back():
    doc, h, ids = build_seed()
    h.push(GroupCommand([ids["a"], ids["e3"]], "inputs"))
    before = snapshot(doc)
    h.push(RemoveNodesCommand([ids["a"], ids["e3"]]))
    assert not doc.groups
    h.undo()
    assert_same(doc, before)


def test_set_value_and_dtype():
    doc, h, ids = build_seed()
    h.push(SetValueCommand(ids["a"], [[1, 2], [3, 4]], dtype="float64"))
    node = doc.nodes[ids["a"]]
    assert node.value.shape == (2, 2) and node.value.dtype == np.float64 and node.dtype == "float64"
    h.undo()
    assert list(doc.nodes[ids["a"]].value) == [2.0, 3.0] and doc.nodes[ids["a"]].dtype == "float32"
    with pytest.raises(DocumentError, match="same length"):
        h.push(SetValueCommand(ids["a"], [[1, 2], [3]]))
    with pytest.raises(DocumentError, match="computed by sub"):
        h.push(SetValueCommand(ids["Q"], [1.0]))


def test_set_param_validates_against_the_op_table():
    doc = Document()
    h = History(doc)
    x = leaf_node(doc, "x", [[1.0, 2.0]], requires_grad=True)
    s = op_node(doc, "sum")
    h.push(AddNodeCommand(x))
    h.push(AddNodeCommand(s, [Edge(x.id, s.id, 0)]))
    h.push(SetParamCommand(s.id, "dim", 1))
    assert doc.nodes[s.id].params["dim"] == 1
    with pytest.raises(DocumentError, match="whole number"):
        h.push(SetParamCommand(s.id, "dim", "one"))
    with pytest.raises(DocumentError, match="no parameter 'axis'"):
        h.push(SetParamCommand(s.id, "axis", 1))
    with pytest.raises(DocumentError, match="not an operation"):
        h.push(SetParamCommand(x.id, "dim", 1))
    h.undo()
    assert "dim" not in doc.nodes[s.id].params


def test_unknown_op_is_refused():
    doc = Document()
    with pytest.raises(DocumentError, match="unknown operation 'expp'"):
        op_node(doc, "expp")


def test_requires_grad_single_leaf_and_refusals():
    doc, h, ids = build_seed()
    h.push(SetRequiresGradCommand(ids["a"], False))
    assert not doc.nodes[ids["a"]].requires_grad
    assert h.undo_text() == "Freeze 'a'"
    with pytest.raises(DocumentError, match="only change requires_grad of leaf tensors"):
        h.push(SetRequiresGradCommand(ids["Q"], False))
    with pytest.raises(DocumentError, match="constants never require grad"):
        h.push(SetRequiresGradCommand(ids["c3"], True))
    h.undo()
    assert doc.nodes[ids["a"]].requires_grad


def test_group_switch_freezes_every_leaf_and_skips_the_rest():
    doc, h, ids = build_seed()
    h.push(GroupCommand([ids["a"], ids["b"], ids["e3"], ids["a_cubed"]], "backbone"))
    (group,) = doc.groups.values()
    h.push(SetRequiresGradCommand(group.members, False))
    assert not doc.nodes[ids["a"]].requires_grad and not doc.nodes[ids["b"]].requires_grad
    h.undo()  # one undo step for the whole group
    assert doc.nodes[ids["a"]].requires_grad and doc.nodes[ids["b"]].requires_grad


def test_retain_grad():
    doc, h, ids = build_seed()
    h.push(SetRetainGradCommand(ids["a_cubed"], True))
    assert doc.nodes[ids["a_cubed"]].retain_grad
    with pytest.raises(DocumentError, match="constant"):
        h.push(SetRetainGradCommand(ids["c3"], True))


@pytest.mark.parametrize("name, message", [
    ("2x", "not a valid name"),
    ("my name", "not a valid name"),
    ("", "cannot be empty"),
    ("lambda", "Python keyword"),
    ("b", "already used"),
])
def test_rename_refusals(name, message):
    doc, h, ids = build_seed()
    before = snapshot(doc)
    with pytest.raises(DocumentError, match=message):
        h.push(RenameCommand(ids["a"], name))
    assert_same(doc, before)


def test_rename_and_undo():
    doc, h, ids = build_seed()
    h.push(RenameCommand(ids["a"], "alpha"))
    assert doc.node_by_name("alpha").id == ids["a"]
    h.undo()
    assert doc.node_by_name("a").id == ids["a"] and doc.node_by_name("alpha") is None


# ---------------------------------------------------------------------------- moves
def test_consecutive_moves_of_the_same_nodes_merge_into_one_step():
    doc, h, ids = build_seed()
    depth = len(h)
    sel = [ids["a"], ids["b"]]
    for step in range(1, 6):
        h.push(MoveNodesCommand({nid: (10.0 * step, 5.0 * step) for nid in sel}))
    assert len(h) == depth + 1
    assert doc.nodes[ids["a"]].pos == (50.0, 25.0)
    h.undo()
    assert doc.nodes[ids["a"]].pos == (0.0, 0.0) and doc.nodes[ids["b"]].pos == (0.0, 200.0)
    h.redo()
    assert doc.nodes[ids["b"]].pos == (50.0, 25.0)


def test_moves_of_other_nodes_or_after_save_do_not_merge():
    doc, h, ids = build_seed()
    depth = len(h)
    h.push(MoveNodesCommand({ids["a"]: (1, 1)}))
    h.push(MoveNodesCommand({ids["b"]: (2, 2)}))  # other node: a new step
    assert len(h) == depth + 2
    h.set_clean()
    h.push(MoveNodesCommand({ids["b"]: (3, 3)}))  # never merge into the saved state
    assert len(h) == depth + 3
    h.undo()
    assert h.is_clean() and doc.nodes[ids["b"]].pos == (2.0, 2.0)
    h.push(MoveNodesCommand({ids["b"]: (4, 4)}, merge=False))
    h.push(MoveNodesCommand({ids["b"]: (5, 5)}, merge=False))
    assert len(h) == depth + 4


def test_move_refuses_non_finite_positions():
    doc, h, ids = build_seed()
    with pytest.raises(DocumentError, match="finite"):
        h.push(MoveNodesCommand({ids["a"]: (float("nan"), 0)}))


# ---------------------------------------------------------------------------- groups
def test_group_ungroup_rename_and_membership():
    doc, h, ids = build_seed()
    cmd = GroupCommand([ids["a"], ids["e3"]], "pretrained backbone")
    h.push(cmd)
    gid = cmd.group_id
    assert doc.groups[gid].name == "pretrained backbone"
    h.push(RenameGroupCommand(gid, "backbone"))
    assert doc.groups[gid].name == "backbone"
    # a node lives in one group: grouping a again moves it out of the first group
    h.push(GroupCommand([ids["a"], ids["b"]], "second"))
    assert doc.groups[gid].members == (ids["e3"],)
    h.push(SetGroupMembersCommand(gid, [ids["e3"], ids["c3"]]))
    assert set(doc.groups[gid].members) == {ids["e3"], ids["c3"]}
    h.push(UngroupCommand(gid))
    assert gid not in doc.groups and ids["e3"] in doc.nodes
    h.undo()
    h.undo()
    assert doc.groups[gid].members == (ids["e3"],)
    h.undo()
    assert doc.groups[gid].members == (ids["a"], ids["e3"])
    with pytest.raises(DocumentError, match="needs a name"):
        h.push(GroupCommand([ids["a"]], "  "))


# ---------------------------------------------------------------------------- paste
def test_paste_gets_fresh_ids_unique_names_offset_edges_and_groups():
    doc, h, ids = build_seed()
    h.push(GroupCommand([ids["a"], ids["e3"], ids["a_cubed"]], "cube"))
    fragment = extract_fragment(doc, [ids["a"], ids["e3"], ids["a_cubed"], ids["three_a_cubed"]])
    assert len(fragment.groups) == 1 and len(fragment.edges()) == 3  # c3 -> mul is outside
    cmd = PasteFragmentCommand(fragment, offset=(100, 40))
    h.push(cmd)
    new = {doc.nodes[n].name: doc.nodes[n] for n in cmd.new_ids}
    assert set(new) == {"a1", "e31", "a_cubed1", "three_a_cubed1"}
    assert not set(cmd.new_ids) & set(ids.values())
    assert new["a1"].pos == (100.0, 40.0) and np.array_equal(new["a1"].value, [2.0, 3.0])
    assert doc.inputs(new["a_cubed1"].id) == [new["a1"].id, new["e31"].id]
    assert doc.inputs(new["three_a_cubed1"].id) == [None, new["a_cubed1"].id]
    assert len(doc.groups) == 2
    assert doc.root == ids["Q"]  # pasting never moves the root
    h.undo()
    assert len(doc) == 9 and len(doc.groups) == 1
    h.redo()
    assert [doc.nodes[n].name for n in cmd.new_ids] == ["a1", "e31", "a_cubed1", "three_a_cubed1"]
    # pasting twice more keeps names unique
    h.push(PasteFragmentCommand(fragment))
    assert doc.node_by_name("a2") is not None


def test_macro_is_one_step_and_rolls_back_when_a_part_is_refused():
    doc, h, ids = build_seed()
    before = snapshot(doc)
    bad = MacroCommand("Rename both", [RenameCommand(ids["a"], "x"), RenameCommand(ids["b"], "x")])
    with pytest.raises(DocumentError, match="already used"):
        h.push(bad)
    assert_same(doc, before)
    h.push(MacroCommand("Rename both", [RenameCommand(ids["a"], "x"), RenameCommand(ids["b"], "y")]))
    assert h.undo_text() == "Rename both"
    h.undo()
    assert_same(doc, before)


def test_set_root_and_gradient():
    doc, h, ids = build_seed()
    h.push(SetRootCommand(ids["a_cubed"], [2.0, 2.0]))
    assert doc.root == ids["a_cubed"] and list(doc.root_gradient) == [2.0, 2.0]
    h.push(SetRootCommand(None))
    assert doc.root is None and doc.root_gradient is None
    h.undo()
    h.undo()
    assert doc.root == ids["Q"] and list(doc.root_gradient) == [1.0, 1.0]


# ---------------------------------------------------------------------------- history
def test_history_clean_state_listeners_and_redo_tail():
    doc, h, ids = build_seed()
    calls = []
    h.subscribe(lambda hist: calls.append((hist.index, hist.can_undo(), hist.can_redo())))
    h.set_clean()
    assert h.is_clean()
    h.push(RenameCommand(ids["a"], "x"))
    assert not h.is_clean() and h.undo_text() == "Rename to 'x'"
    h.undo()
    assert h.is_clean() and h.can_redo() and h.redo_text() == "Rename to 'x'"
    h.push(RenameCommand(ids["a"], "y"))  # drops the redo tail
    assert not h.can_redo()
    assert calls[-1] == (h.index, True, False) and len(calls) == 4
    h.undo()
    assert h.is_clean()


def test_undo_stack_limit_keeps_newest():
    doc = Document()
    h = History(doc, limit=3)
    for i in range(5):
        h.push(AddNodeCommand(leaf_node(doc, f"x{i}", 0.0)))
    assert len(h) == 3
    while h.can_undo():
        h.undo()
    assert [n.name for n in doc] == ["x0", "x1"]


def test_events_let_a_view_mirror_the_document():
    doc, h, ids = build_seed()
    kinds = []
    doc.subscribe(lambda e: kinds.append(e.kind))
    h.push(RemoveNodesCommand([ids["Q"]]))
    assert kinds.count("edge_removed") == 2 and "node_removed" in kinds and "root_changed" in kinds
    kinds.clear()
    h.undo()
    assert kinds.count("edge_added") == 2 and "node_added" in kinds and "root_changed" in kinds


# ---------------------------------------------------------------------------- property test
class Mirror:
    """What a view knows if it only listens to events."""

    def __init__(self, doc: Document):
        self.nodes = set(doc.nodes)
        self.edges = set(doc.edges())
        self.groups = set(doc.groups)
        doc.subscribe(self)

    def __call__(self, event):
        if event.kind == "node_added":
            self.nodes.add(event.node_id)
        elif event.kind == "node_removed":
            self.nodes.discard(event.node_id)
        elif event.kind == "edge_added":
            self.edges.add(event.edge)
        elif event.kind == "edge_removed":
            self.edges.discard(event.edge)
        elif event.kind == "group_added":
            self.groups.add(event.group_id)
        elif event.kind == "group_removed":
            self.groups.discard(event.group_id)


OPS_FOR_TEST = ("add", "mul", "sub", "exp", "neg", "sum")


def draw_command(data, doc: Document):
    ids = list(doc.nodes) + ["ghost"]
    pick = lambda: data.draw(st.sampled_from(ids))  # noqa: E731
    some = lambda: data.draw(st.lists(st.sampled_from(ids), min_size=0, max_size=4))  # noqa: E731
    names = st.sampled_from(["a", "b", "x", "y", "Q", "2bad", "for", "", "z_1", "w"])
    kind = data.draw(st.sampled_from([
        "leaf", "const", "op", "remove", "connect", "disconnect", "value", "param", "grad",
        "rename", "move", "group", "ungroup", "members", "paste", "root", "macro", "retain",
    ]))
    if kind == "leaf":
        return AddNodeCommand(leaf_node(doc, doc.unique_name(data.draw(names) or "t"),
                                        data.draw(st.lists(st.floats(-5, 5), min_size=1, max_size=3)),
                                        requires_grad=data.draw(st.booleans())))
    if kind == "const":
        return AddNodeCommand(const_node(doc, data.draw(st.floats(allow_nan=True, allow_infinity=True))))
    if kind == "op":
        node = op_node(doc, data.draw(st.sampled_from(OPS_FOR_TEST)))
        edges = [Edge(pick(), node.id, p) for p in range(data.draw(st.integers(0, 2)))]
        return AddNodeCommand(node, edges)
    if kind == "remove":
        return RemoveNodesCommand(some())
    if kind == "connect":
        return ConnectCommand(pick(), pick(), data.draw(st.integers(-1, 2)), replace=data.draw(st.booleans()))
    if kind == "disconnect":
        edges = doc.edges() + [Edge("ghost", "a", 0)]
        return DisconnectCommand(data.draw(st.lists(st.sampled_from(edges), max_size=2)))
    if kind == "value":
        return SetValueCommand(pick(), data.draw(st.one_of(st.floats(), st.lists(st.floats(-9, 9), max_size=3))),
                               dtype=data.draw(st.sampled_from([None, "float32", "float64", "int8"])))
    if kind == "param":
        return SetParamCommand(pick(), data.draw(st.sampled_from(["dim", "keepdim", "bogus"])),
                               data.draw(st.sampled_from([0, 1, None, True, "x", 1.5])))
    if kind == "grad":
        return SetRequiresGradCommand(some(), data.draw(st.booleans()))
    if kind == "retain":
        return SetRetainGradCommand(pick(), data.draw(st.booleans()))
    if kind == "rename":
        return RenameCommand(pick(), data.draw(names))
    if kind == "move":
        return MoveNodesCommand({nid: (data.draw(st.floats(-1e3, 1e3)), 0.0) for nid in some()})
    if kind == "group":
        return GroupCommand(some(), data.draw(st.sampled_from(["g", "pretrained backbone", ""])))
    if kind == "ungroup":
        return UngroupCommand(data.draw(st.sampled_from(list(doc.groups) + ["nogroup"])))
    if kind == "members":
        return SetGroupMembersCommand(data.draw(st.sampled_from(list(doc.groups) + ["nogroup"])), some())
    if kind == "paste":
        return PasteFragmentCommand(extract_fragment(doc, some()), offset=(10, 10))
    if kind == "root":
        return SetRootCommand(data.draw(st.sampled_from(ids + [None])),
                              data.draw(st.sampled_from([None, [1.0, 1.0], 1.0])))
    return MacroCommand("macro", [draw_command(data, doc) for _ in range(data.draw(st.integers(1, 3)))])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_command_sequences_undo_and_redo_exactly(data):
    doc, _, _ = build_seed()
    history = History(doc)
    mirror = Mirror(doc)
    original = snapshot(doc)
    refused = 0
    for _ in range(data.draw(st.integers(1, 20))):
        command = draw_command(data, doc)
        before = snapshot(doc)
        try:
            history.push(command)
        except DocumentError:
            refused += 1
            assert_same(doc, before)  # a refused command leaves the document untouched
        assert mirror.nodes == set(doc.nodes) and mirror.edges == set(doc.edges())
        assert mirror.groups == set(doc.groups)
        for group in doc.groups.values():
            assert group.members and set(group.members) <= set(doc.nodes)
    final = snapshot(doc)
    while history.can_undo():
        history.undo()
    assert_same(doc, original)
    while history.can_redo():
        history.redo()
    assert_same(doc, final)
    assert mirror.nodes == set(doc.nodes) and mirror.edges == set(doc.edges())


def test_a_failing_listener_does_not_stop_the_others_or_the_edit(monkeypatch):
    """Deleting the root emits root_changed, then node_removed. A listener that fails on the
    first used to stop the delivery there: the other listeners never heard that the node went,
    and kept drawing it."""
    doc, h, ids = build_seed()
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: reported.append(info[1]))

    def broken(event):
        if event.kind == "root_changed":
            raise KeyError("stale card")

    heard = []
    doc.subscribe(broken)
    mirror = Mirror(doc)
    doc.subscribe(lambda e: heard.append(e.kind))
    h.push(RemoveNodesCommand([ids["Q"]]))
    assert "root_changed" in heard and "node_removed" in heard
    assert ids["Q"] not in mirror.nodes and mirror.nodes == set(doc.nodes)
    assert [type(e) for e in reported] == [KeyError]
    h.undo()
    assert mirror.nodes == set(doc.nodes) and ids["Q"] in doc.nodes
    assert len(reported) == 2
