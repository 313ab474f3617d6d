"""A group frame encloses its members and nothing else: membership is explicit (the frame's
switch freezes its members' leaves only), so a frame drawn around a card that is not a member
would tell the user that card is frozen with the rest. On the seed, a and b sit in one column
with the constant c1 between them: grouping a and b gives a frame in two parts that keeps c1
out, and one rectangle again once c1 moves away."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPointF

from explorer.view.canvas import edits


@pytest.fixture
def window(new_window):
    from explorer.view.main_window import SEED_EXAMPLE

    return new_window(SEED_EXAMPLE)


def ids(w, *names):
    by_name = {node.name: nid for nid, node in w.document.nodes.items()}
    return [by_name[n] for n in names]


def rect(w, nid):
    return w.scene.node_items[nid].sceneBoundingRect()


def test_a_frame_keeps_a_card_that_is_not_a_member_outside(window):
    w = window
    a, b, c1 = ids(w, "a", "b", "c1")
    assert rect(w, a).top() < rect(w, c1).top() < rect(w, b).top()  # the seed's column: a, c1, b
    w.scene.select_ids([a, b])
    assert w.view.group_selection("inputs")
    [frame] = w.scene.group_items.values()
    islands = frame.islands()
    assert len(islands) == 2
    for member in (a, b):
        assert any(i.contains(rect(w, member)) for i in islands)
    assert not any(i.intersects(rect(w, c1)) for i in islands)
    assert not frame.outline().intersects(rect(w, c1))
    # The switch (on the titled part) still freezes both members, and only them.
    frame.gscene.toggle_requires_grad(frame.leaf_ids(), False)
    assert not w.document.nodes[a].requires_grad and not w.document.nodes[b].requires_grad
    # Move c1 out of the way (an undoable move): the frame becomes one rectangle around a and b;
    # undo brings c1 back between them and the frame splits again.
    x, y = w.document.nodes[c1].pos
    assert w.scene.push(edits.move({c1: (x - 400, y)}))
    [whole] = frame.islands()
    assert whole.contains(rect(w, a)) and whole.contains(rect(w, b)) and not whole.intersects(rect(w, c1))
    w.undo_stack.undo()
    assert len(frame.islands()) == 2 and not frame.outline().intersects(rect(w, c1))


def test_a_card_moved_into_a_frame_splits_it(window):
    w = window
    three_a_cubed, q, c2 = ids(w, "three_a_cubed", "Q", "c2")
    w.scene.select_ids([three_a_cubed, q])
    assert w.view.group_selection("head")
    [frame] = w.scene.group_items.values()
    assert len(frame.islands()) == 1
    stranger = w.scene.node_items[c2]
    # Into the frame's empty corner: under three_a_cubed, left of Q (touching neither card).
    inside = QPointF(rect(w, three_a_cubed).left() + 4, rect(w, three_a_cubed).bottom() + 24)
    assert frame.boundingRect().contains(inside)
    assert w.scene.push(edits.move({c2: w.scene.to_doc(inside)}))
    assert not stranger.sceneBoundingRect().intersects(rect(w, q))
    assert not any(i.intersects(stranger.sceneBoundingRect()) for i in frame.islands())
    for member in (three_a_cubed, q):
        assert any(i.contains(rect(w, member)) for i in frame.islands())


def test_the_svg_export_draws_the_split_frame(window, tmp_path):
    from explorer.view.exporters.api import ExportOptions, export_file

    w = window
    a, b = ids(w, "a", "b")
    w.scene.select_ids([a, b])
    assert w.view.group_selection("inputs")
    out = tmp_path / "seed.svg"
    export_file(w.document, None, out, ExportOptions())
    root = ET.parse(out).getroot()
    texts = [t.text or "" for t in root.iter() if t.tag.endswith("text")]
    assert texts.count("inputs") == 2  # the title, and the part around b repeating the name
    paths = [p.get("d") for p in root.iter() if p.tag.endswith("path") and p.get("d", "").count("M") == 2]
    assert paths, "the two-part frame is not in the SVG"


def test_a_group_without_leaves_has_no_switch_and_is_never_frozen(window):
    """Only leaves can be frozen (model.requires_grad_(False) touches parameters): a group of
    operations has no switch, and does not call itself frozen while its inputs are trainable."""
    w = window
    three_a_cubed, q, a, b = ids(w, "three_a_cubed", "Q", "a", "b")
    w.scene.select_ids([three_a_cubed, q])
    assert w.view.group_selection("head")
    w.scene.select_ids([a, b])
    assert w.view.group_selection("inputs")
    head, inputs = (g for g in w.scene.group_items.values())
    if head.group.name != "head":
        head, inputs = inputs, head
    assert not head.has_switch() and head.is_on()
    assert inputs.has_switch() and inputs.is_on()
    w.scene.toggle_requires_grad(inputs.leaf_ids(), False)
    assert not inputs.is_on() and head.is_on()


def test_the_steps_between_members_stay_inside_one_frame(qtbot):
    """Grouping x20..x59 of a chain `x{i} = (x{i-1} * 0.9).tanh()` lists the tanh nodes only;
    the multiplications between them are the group's own computation and stay inside one
    frame, while a constant feeding the chain from outside would split it."""
    from explorer.model.document import Group
    from explorer.model.language import parse_script
    from PySide6.QtGui import QUndoStack

    from explorer.view.canvas.scene import GraphScene

    lines = ["x0 = tensor([0.5, -0.5], requires_grad=True)"]
    lines += [f"x{i} = (x{i - 1} * 0.9).tanh()" for i in range(1, 12)]
    lines += ["loss = x11.sum()"]
    doc = parse_script("\n".join(lines) + "\n")
    members = tuple(doc.node_by_name(f"x{i}").id for i in range(3, 9))
    doc.insert_group(Group("g1", "middle", members))
    scene = GraphScene(doc, QUndoStack())
    scene.rebuild()
    frame = scene.group_items["g1"]
    between = [item for item in scene.node_items.values()
               if item.node_id not in members and frame.boundingRect().intersects(item.sceneBoundingRect())]
    assert between, "the layout put nothing between the members"
    assert len(frame.islands()) == 1


def test_a_frame_cut_only_at_a_corner_stays_one_outline_titled_on_its_body(new_window):
    """Transfer learning: the backbone's last card sits in the head's column, whose W_head card
    reaches into the corner of the backbone's bounding box. The frame keeps W_head out but stays
    one stepped outline, with its title on the main body (not on the small part at the right)."""
    from explorer.view.main_window import EXAMPLES_DIR

    w = new_window(EXAMPLES_DIR / "transfer_learning.json")
    [frame] = w.scene.group_items.values()
    w_head = rect(w, ids(w, "W_head")[0])
    islands = frame.islands()
    assert len(islands) > 1 and not any(i.intersects(w_head) for i in islands)
    assert not frame.outline().intersects(w_head)
    assert len(frame.outline().toSubpathPolygons()) == 1  # one connected outline
    areas = [i.width() * i.height() for i in islands]
    assert areas[0] == max(areas)  # the titled part is the body
    for member in frame.group.members:
        assert frame.outline().contains(rect(w, member))
