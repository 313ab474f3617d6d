"""The shared document core: graph queries, refusals with user messages, equality, events."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.model.document import Document, DocumentError, Edge, Group, Node, is_valid_name


def node(nid, kind="op", name=None, op="add", **kw):
    if kind != "op":
        kw.setdefault("value", np.array([1.0, 2.0], np.float32))
        op = None
    return Node(nid, kind, name or nid, op=op, **kw)


@pytest.fixture
def chain():
    """x -> e (exp) -> s (add, port 0); y -> s (port 1)."""
    doc = Document()
    doc.insert_node(node("x", "leaf", requires_grad=True))
    doc.insert_node(node("y", "leaf"))
    doc.insert_node(node("e", op="exp"))
    doc.insert_node(node("s", op="add"))
    doc.insert_edge(Edge("x", "e", 0))
    doc.insert_edge(Edge("e", "s", 0))
    doc.insert_edge(Edge("y", "s", 1))
    return doc


def test_queries(chain):
    assert chain.inputs("s") == ["e", "y"]
    assert chain.inputs("e") == ["x"]
    assert chain.inputs("x") == []
    assert chain.consumers("x") == ["e"]
    assert chain.descendants("x") == {"e", "s"}
    assert chain.ancestors("s") == {"x", "y", "e"}
    assert chain.edge_into("s", 1) == Edge("y", "s", 1)
    assert chain.arity("s") == 2 and chain.arity("x") == 0


def test_one_node_into_two_ports_is_two_edges():
    doc = Document()
    doc.insert_node(node("x", "leaf"))
    doc.insert_node(node("m", op="mul"))
    doc.insert_edge(Edge("x", "m", 0))
    doc.insert_edge(Edge("x", "m", 1))
    assert doc.inputs("m") == ["x", "x"] and len(doc.edges()) == 2


def test_topological_order_breaks_ties_by_insertion(chain):
    order = chain.topological_order()
    assert order.index("x") < order.index("e") < order.index("s") and order.index("y") < order.index("s")
    assert order == ["x", "y", "e", "s"]


def test_cycle_refused_with_the_path():
    doc = Document()
    doc.insert_node(node("a", "leaf"))
    doc.insert_node(node("p", op="add"))
    doc.insert_node(node("q", op="exp"))
    doc.insert_node(node("r", op="mul"))
    doc.insert_edge(Edge("a", "p", 0))
    doc.insert_edge(Edge("p", "q", 0))
    doc.insert_edge(Edge("q", "r", 0))
    with pytest.raises(DocumentError, match="connecting 'r' to 'p' would create a cycle: p → q → r → p"):
        doc.insert_edge(Edge("r", "p", 1))
    with pytest.raises(DocumentError, match="connecting 'r' to itself would create a cycle"):
        doc.check_edge(Edge("r", "r", 1))
    assert len(doc.edges()) == 3
    doc.insert_edge(Edge("a", "r", 1))  # not a cycle: a diamond is fine
    assert doc.inputs("r") == ["q", "a"]


def test_refusals_have_user_messages(chain):
    chain.insert_node(node("t", op="add"))
    with pytest.raises(DocumentError, match="already connected to 'x'"):
        chain.check_edge(Edge("y", "e", 0))
    with pytest.raises(DocumentError, match="there is no input 3"):
        chain.check_edge(Edge("y", "t", 2))
    with pytest.raises(DocumentError, match="leaf tensor and has no inputs"):
        chain.check_edge(Edge("y", "x", 0))
    with pytest.raises(DocumentError, match="still has connections"):
        chain.delete_node("x")
    with pytest.raises(DocumentError, match="no node with id 'zz'"):
        chain.node("zz")
    with pytest.raises(DocumentError, match="that connection does not exist"):
        chain.delete_edge(Edge("y", "t", 0))


def test_names(chain):
    assert chain.unique_name("x") == "x1" and chain.unique_name("fresh") == "fresh"
    assert chain.unique_name("2bad") == "x1"  # invalid bases fall back to a valid name
    with pytest.raises(DocumentError, match="already used"):
        chain.update_node("y", name="x")
    with pytest.raises(DocumentError, match="not a valid name"):
        chain.update_node("y", name="not valid")
    assert is_valid_name("a_1") and not is_valid_name("class") and not is_valid_name("1a")
    assert chain.node_by_name("e").id == "e"


def test_same_as_and_copy(chain):
    other = chain.copy()
    assert other.same_as(chain)
    other.update_node("x", value=np.array([np.nan, 2.0], np.float32))
    assert not other.same_as(chain)
    chain.update_node("x", value=np.array([np.nan, 2.0], np.float32))
    assert other.same_as(chain)  # NaN equals NaN structurally
    other.update_node("x", pos=(1.0, 0.0))
    assert not other.same_as(chain)
    other.update_node("x", pos=(0.0, 0.0))
    other.update_node("x", value=np.array([np.nan, 2.0], np.float64))
    assert not other.same_as(chain)  # dtype matters
    chain.nodes["x"].value[1] = 5.0
    assert other.nodes["x"].value[1] == 2.0  # copies do not share arrays


def test_from_parts_builds_an_equal_document(chain):
    rebuilt = Document.from_parts([n.copy() for n in chain], chain.edges(), [], None, None)
    assert rebuilt.same_as(chain)
    fresh = rebuilt.new_id()
    assert fresh not in rebuilt.nodes


def test_mutators_emit_events(chain):
    events = []
    chain.subscribe(events.append)
    chain.set_root("s", np.ones(2, np.float32))
    chain.insert_group(Group("g1", "inputs", ("x", "y")))
    chain.update_node("x", requires_grad=False)
    chain.delete_edge(Edge("y", "s", 1))
    chain.delete_node("y")
    kinds = [e.kind for e in events]
    assert kinds == ["root_changed", "group_added", "node_changed", "edge_removed", "node_removed"]
    assert events[2].fields == ("requires_grad",)
    events.clear()
    chain.delete_edge(Edge("e", "s", 0))
    chain.delete_node("s")  # deleting the root clears it
    assert chain.root is None and chain.root_gradient is None
    assert [e.kind for e in events] == ["edge_removed", "root_changed", "node_removed"]
    events.clear()
    chain.replace_with(Document())
    assert [e.kind for e in events] == ["reset"] and len(chain) == 0
