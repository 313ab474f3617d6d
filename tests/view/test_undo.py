"""The Qt undo adapter: refusals never reach the stack, merges follow the model command."""
from __future__ import annotations

import numpy as np

from explorer.model.document import Document, Edge, Node
from explorer.view.undo_rules import model_undo_stack


class InsertLeaf:
    """A minimal model command (the real ones live in explorer.model.commands)."""

    def __init__(self, node_id: str, name: str) -> None:
        self.node = Node(node_id, "leaf", name, value=np.array(1.0))
        self.text = f"add {name}"
        self.merge_id = None

    def do(self, doc: Document) -> None:
        doc.insert_node(self.node.copy())

    def undo(self, doc: Document) -> None:
        doc.delete_node(self.node.id)

    def merge_with(self, other) -> bool:
        return False


class Move:
    def __init__(self, node_id: str, old, new) -> None:
        self.node_id, self.old, self.new = node_id, old, new
        self.text = "move"
        self.merge_id = f"move:{node_id}"

    def do(self, doc: Document) -> None:
        doc.update_node(self.node_id, pos=self.new)

    def undo(self, doc: Document) -> None:
        doc.update_node(self.node_id, pos=self.old)

    def merge_with(self, other) -> bool:
        if getattr(other, "merge_id", None) != self.merge_id:
            return False
        self.new = other.new
        return True


class Connect:
    def __init__(self, edge: Edge) -> None:
        self.edge, self.text, self.merge_id = edge, "connect", None

    def do(self, doc: Document) -> None:
        doc.insert_edge(self.edge)

    def undo(self, doc: Document) -> None:
        doc.delete_edge(self.edge)

    def merge_with(self, other) -> bool:
        return False


def test_push_undo_redo_round_trip(qapp):
    doc = Document()
    stack = model_undo_stack(doc)
    assert stack.push_command(InsertLeaf("n1", "a"))
    assert "n1" in doc.nodes and stack.canUndo() and stack.undoText() == "add a"
    stack.undo()
    assert "n1" not in doc.nodes and stack.canRedo()
    stack.redo()
    assert doc.nodes["n1"].name == "a"


def test_refused_command_is_not_pushed_and_reports(qapp, qtbot):
    doc = Document()
    stack = model_undo_stack(doc)
    stack.push_command(InsertLeaf("n1", "a"))
    with qtbot.waitSignal(stack.refused) as blocker:
        ok = stack.push_command(InsertLeaf("n2", "a"))  # duplicate name
    assert ok is False
    assert "already used" in blocker.args[0]
    assert stack.count() == 1 and "n2" not in doc.nodes
    # A refused connection (leaf has no inputs) is refused the same way.
    stack.push_command(InsertLeaf("n3", "b"))
    messages = []
    stack.refused.connect(messages.append)
    assert not stack.push_command(Connect(Edge("n1", "n3", 0)))
    assert messages and "no inputs" in messages[0]
    assert doc.edges() == []


def test_consecutive_moves_merge_into_one_step(qapp):
    doc = Document()
    stack = model_undo_stack(doc)
    stack.push_command(InsertLeaf("n1", "a"))
    for x in range(1, 6):
        stack.push_command(Move("n1", (x - 1.0, 0.0), (float(x), 0.0)))
    assert doc.nodes["n1"].pos == (5.0, 0.0)
    assert stack.count() == 2  # the add and ONE move
    stack.undo()
    assert doc.nodes["n1"].pos == (0.0, 0.0)
    stack.redo()
    assert doc.nodes["n1"].pos == (5.0, 0.0)


def test_moves_do_not_merge_across_clean_state(qapp):
    doc = Document()
    stack = model_undo_stack(doc)
    stack.push_command(InsertLeaf("n1", "a"))
    stack.push_command(Move("n1", (0.0, 0.0), (1.0, 0.0)))
    stack.setClean()  # saved: the next move must be its own step so undo makes it dirty again
    stack.push_command(Move("n1", (1.0, 0.0), (2.0, 0.0)))
    assert stack.count() == 3 and not stack.isClean()
    stack.undo()
    assert stack.isClean() and doc.nodes["n1"].pos == (1.0, 0.0)


def test_failing_undo_reports_instead_of_raising(qapp):
    doc = Document()
    stack = model_undo_stack(doc)
    stack.push_command(InsertLeaf("n1", "a"))
    # Someone removed the node behind the stack's back: undo must not crash the app.
    doc.delete_node("n1")
    messages = []
    stack.refused.connect(messages.append)
    stack.undo()
    assert messages and "n1" in messages[0]
