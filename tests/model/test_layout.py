"""Automatic layout (the L key): layered left to right, few crossings, fast, keeps manual spots."""
from __future__ import annotations

import random
import time

import numpy as np

from explorer.model.commands import AddNodeCommand, History, MoveNodesCommand, const_node, leaf_node, op_node
from explorer.model.document import Document, Edge, Node
from explorer.model.layout import (
    CARD_WIDTH,
    PORT_ANCHORS,
    count_crossings,
    estimate_size,
    layered_layout,
    layout_command,
)

PITCH = CARD_WIDTH + 90.0  # column width + default x_gap


def seed_doc() -> tuple[Document, dict[str, str]]:
    doc = Document()
    h = History(doc)
    ids = {}

    def add(node, *srcs):
        h.push(AddNodeCommand(node, [Edge(s, node.id, p) for p, s in enumerate(srcs)]))
        ids[node.name] = node.id
        return node.id

    a = add(leaf_node(doc, "a", [2.0, 3.0], requires_grad=True))
    b = add(leaf_node(doc, "b", [6.0, 4.0], requires_grad=True))
    p = add(op_node(doc, "pow", name="a_cubed"), a, add(const_node(doc, 3.0, name="e3")))
    m = add(op_node(doc, "mul", name="three_a_cubed"), add(const_node(doc, 3.0, name="c3")), p)
    q2 = add(op_node(doc, "pow", name="b_squared"), b, add(const_node(doc, 2.0, name="e2")))
    add(op_node(doc, "sub", name="Q"), m, q2)
    return doc, ids


def random_dag(n: int, seed: int = 0, leaves: int | None = None) -> Document:
    rng = random.Random(seed)
    leaves = leaves if leaves is not None else max(1, n // 7)
    nodes, edges = [], []
    for i in range(n):
        nid = f"n{i + 1}"
        if i < leaves:
            nodes.append(Node(nid, "leaf", f"x{i}", value=np.zeros(2, np.float32), requires_grad=True))
            continue
        op = rng.choice(["add", "mul", "exp", "tanh"])
        nodes.append(Node(nid, "op", f"v{i}", op=op))
        for port in range(2 if op in ("add", "mul") else 1):
            edges.append(Edge(f"n{rng.randrange(max(0, i - 40), i) + 1}", nid, port))
    return Document.from_parts(nodes, edges)


def test_seed_flows_left_to_right_in_columns_without_overlaps():
    doc, ids = seed_doc()
    pos = layered_layout(doc)
    assert set(pos) == set(doc.nodes)
    for edge in doc.edges():
        assert pos[edge.src][0] < pos[edge.dst][0]  # every wire points right
    assert pos[ids["Q"]][0] == max(x for x, _ in pos.values())
    # constants sit in the column right before their consumer, not all the way left
    assert pos[ids["c3"]][0] == pos[ids["three_a_cubed"]][0] - PITCH
    assert_no_overlaps(doc, pos)
    assert count_crossings(doc, pos) == 0


def assert_no_overlaps(doc, pos, sizes=None, gap=30.0):
    columns: dict[float, list[tuple[float, float]]] = {}
    for nid, (x, y) in pos.items():
        h = (sizes or {}).get(nid, estimate_size(doc.nodes[nid]))[1]
        columns.setdefault(x, []).append((y, h))
    for cards in columns.values():
        cards.sort()
        for (y1, h1), (y2, _) in zip(cards, cards[1:]):
            assert y2 - (y1 + h1) >= gap - 1  # rounding to whole units


def test_inputs_are_stacked_in_port_order():
    doc, ids = seed_doc()
    pos = layered_layout(doc)
    assert pos[ids["a"]][1] < pos[ids["e3"]][1]  # a ** 3: base above exponent
    assert pos[ids["b"]][1] < pos[ids["e2"]][1]
    assert pos[ids["three_a_cubed"]][1] < pos[ids["b_squared"]][1]  # Q = (3a³) − (b²)


def test_barycenter_ordering_untangles_crossed_wires():
    doc = Document()
    h = History(doc)
    xs = [leaf_node(doc, f"x{i}", [1.0]) for i in range(5)]
    for x in xs:
        h.push(AddNodeCommand(x))
    for i, x in enumerate(reversed(xs)):  # consumers created in the opposite order
        e = op_node(doc, "exp", name=f"e{i}")
        h.push(AddNodeCommand(e, [Edge(x.id, e.id, 0)]))
        t = op_node(doc, "tanh", name=f"t{i}")
        h.push(AddNodeCommand(t, [Edge(e.id, t.id, 0)]))
    naive = {nid: (0.0, 0.0) for nid in doc.nodes}
    columns: dict[int, int] = {}
    for nid, node in doc.nodes.items():  # insertion-order placement: every wire crosses
        col = 0 if node.kind == "leaf" else (1 if node.op == "exp" else 2)
        naive[nid] = (col * PITCH, columns.setdefault(col, 0) * 140.0)
        columns[col] += 1
    assert count_crossings(doc, naive) > 0
    pos = layered_layout(doc)
    assert count_crossings(doc, pos) == 0
    out_anchor, in_anchor, _ = PORT_ANCHORS
    for i in range(5):  # straight chains: each output port level with the input it feeds
        x, e, t = (doc.node_by_name(n).id for n in (f"x{4 - i}", f"e{i}", f"t{i}"))
        assert pos[x][1] + out_anchor == pos[e][1] + in_anchor
        assert pos[e][1] + out_anchor == pos[t][1] + in_anchor


def test_layout_reduces_crossings_on_a_random_graph():
    doc = random_dag(300, seed=3)
    rng = random.Random(1)
    scattered = {}
    layered = layered_layout(doc)
    for nid, (x, _) in layered.items():
        scattered[nid] = (x, rng.random())  # same columns, random order
    assert count_crossings(doc, layered) < 0.5 * count_crossings(doc, scattered)


def test_keep_leaves_manual_positions_and_anchors_the_rest_to_them():
    doc, ids = seed_doc()
    free = layered_layout(doc)
    doc.nodes[ids["Q"]].pos = (1000.0, 500.0)
    doc.nodes[ids["a"]].pos = (-77.0, 3.0)
    pos = layered_layout(doc, keep={ids["Q"]})
    assert pos[ids["Q"]] == (1000.0, 500.0)
    dx = 1000.0 - free[ids["Q"]][0]
    dy = 500.0 - free[ids["Q"]][1]
    for nid in doc.nodes:
        if nid != ids["Q"]:
            assert abs(pos[nid][0] - (free[nid][0] + dx)) <= 1 and abs(pos[nid][1] - (free[nid][1] + dy)) <= 1


def test_view_sizes_are_respected():
    doc, ids = seed_doc()
    sizes = {nid: (300.0, 200.0) if nid == ids["a"] else (150.0, 60.0) for nid in doc.nodes}
    pos = layered_layout(doc, sizes=sizes, x_gap=50, y_gap=10)
    assert_no_overlaps(doc, pos, sizes, gap=10)
    xs = sorted({x for x, _ in pos.values()})
    assert xs[1] - xs[0] == 350  # the first column is as wide as a's 300-wide card
    assert xs[2] - xs[1] == 200


def test_keep_manual_keeps_dragged_nodes_until_the_next_layout():
    doc, ids = seed_doc()
    h = History(doc)
    h.push(layout_command(doc))
    h.push(MoveNodesCommand({ids["e3"]: (-500.0, -500.0)}))  # a drag
    h.push(MoveNodesCommand({ids["e3"]: (-400.0, -400.0)}))  # still the same drag
    h.push(MoveNodesCommand({ids["b"]: (-300.0, 900.0)}))
    pos = layered_layout(doc, keep_manual=True)
    assert pos[ids["e3"]] == (-400.0, -400.0) and pos[ids["b"]] == (-300.0, 900.0)
    h.push(layout_command(doc, keep_manual=False))  # a full layout forgets the marks
    assert layered_layout(doc, keep_manual=True) == layered_layout(doc)
    h.undo()  # ... and undo brings them back
    assert layered_layout(doc, keep_manual=True)[ids["e3"]] == (-400.0, -400.0)


def test_layout_is_one_undoable_step():
    doc, ids = seed_doc()
    h = History(doc)
    before = {nid: n.pos for nid, n in doc.nodes.items()}
    cmd = layout_command(doc)
    h.push(cmd)
    assert cmd.text == "Layout" and len(h) == 1
    assert {nid: n.pos for nid, n in doc.nodes.items()} == layered_layout(doc)
    assert layout_command(doc) is None  # already laid out: nothing to do
    h.undo()
    assert {nid: n.pos for nid, n in doc.nodes.items()} == before


def test_empty_and_disconnected_documents():
    assert layered_layout(Document()) == {}
    doc = Document()
    h = History(doc)
    for i in range(3):
        h.push(AddNodeCommand(leaf_node(doc, f"x{i}", 1.0)))
    pos = layered_layout(doc)
    assert len({p for p in pos.values()}) == 3


def test_two_thousand_nodes_lay_out_well_under_a_second():
    doc = random_dag(2000, seed=7)
    layered_layout(doc)  # warm-up
    best = min(_timed(doc) for _ in range(3))
    print(f"layout of 2,000 nodes: {best * 1000:.0f} ms")
    assert best < 0.5
    pos = layered_layout(doc)
    assert all(pos[e.src][0] < pos[e.dst][0] for e in doc.edges())


def _timed(doc: Document) -> float:
    start = time.perf_counter()
    layered_layout(doc)
    return time.perf_counter() - start


def test_a_group_frame_encloses_only_its_members():
    from explorer.model.commands import GroupCommand
    from explorer.model.layout import GROUP_MARGIN_BOTTOM, GROUP_MARGIN_TOP

    doc, ids = seed_doc()
    History(doc).push(GroupCommand([ids["b"], ids["e2"], ids["b_squared"], ids["c3"]], "frame"))
    members = {ids["b"], ids["e2"], ids["b_squared"], ids["c3"]}
    pos = layered_layout(doc)
    size = {nid: estimate_size(doc.nodes[nid], 1)[1] for nid in doc.nodes}
    left = min(pos[m][0] for m in members)
    right = max(pos[m][0] + CARD_WIDTH for m in members)
    top = min(pos[m][1] for m in members) - GROUP_MARGIN_TOP
    bottom = max(pos[m][1] + size[m] for m in members) + GROUP_MARGIN_BOTTOM
    outsiders = [nid for nid in doc.nodes if nid not in members and left <= pos[nid][0] < right]
    assert outsiders  # a, e3 and a_cubed share columns with the group
    for nid in outsiders:
        assert pos[nid][1] + size[nid] <= top or pos[nid][1] >= bottom, doc.nodes[nid].name
