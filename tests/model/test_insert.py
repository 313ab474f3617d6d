"""Port literals (a value typed on an op's input port) and expressions typed into the add-node
popup, headless: commands, undo, the printed script, the file, and the runner's numbers."""
from __future__ import annotations

import json

import numpy as np
import pytest

from explorer.model import commands as C
from explorer.model import fileformat
from explorer.model.document import Document, Edge
from explorer.model.insert import looks_like_expression, parse_insertion
from explorer.model.language import ScriptError, parse_script, to_script
from explorer.model.runner import Runner


def _doc_with_leaf() -> tuple[Document, C.History, str]:
    doc = Document()
    history = C.History(doc)
    a = C.leaf_node(doc, "a", [2.0, 3.0], requires_grad=True)
    history.push(C.AddNodeCommand(a))
    return doc, history, a.id


def test_a_port_literal_prints_as_a_number_runs_and_round_trips():
    doc, history, a = _doc_with_leaf()
    p = C.op_node(doc, "pow")
    history.push(C.AddNodeCommand(p, [Edge(a, p.id, 0)]))
    history.push(C.SetPortLiteralCommand(p.id, 1, 3.0))
    literal = C.port_literal(doc, p.id, 1)
    assert literal is not None and C.is_port_literal(doc, literal.id)
    assert "pow = a ** 3" in to_script(doc).splitlines()
    doc.root = p.id
    doc.root_gradient = np.ones(2, np.float32)
    result = Runner(doc).run_backward()
    np.testing.assert_allclose(result.results[p.id].value, np.array([2.0, 3.0]) ** 3)
    np.testing.assert_allclose(result.results[a].grad, 3 * np.array([2.0, 3.0]) ** 2)
    again = fileformat.loads(fileformat.dumps(doc))
    assert again.same_as(doc) and C.port_literal(again, p.id, 1) is not None
    # retyped, then removed, each one undo step
    history.push(C.SetPortLiteralCommand(p.id, 1, 2.0))
    assert float(C.port_literal(doc, p.id, 1).value) == 2.0
    history.push(C.SetPortLiteralCommand(p.id, 1, None))
    assert C.port_literal(doc, p.id, 1) is None and len(doc.nodes) == 2
    history.undo()
    assert float(C.port_literal(doc, p.id, 1).value) == 2.0


def test_a_wired_port_refuses_a_typed_value():
    doc, history, a = _doc_with_leaf()
    p = C.op_node(doc, "exp")
    history.push(C.AddNodeCommand(p, [Edge(a, p.id, 0)]))
    with pytest.raises(Exception, match="connected"):
        C.SetPortLiteralCommand(p.id, 0, 1.0).do(doc)
    assert len(doc.nodes) == 2


def test_the_inline_flag_is_only_for_constants_in_files():
    doc, history, a = _doc_with_leaf()
    data = json.loads(fileformat.dumps(doc))
    data["nodes"][0]["inline"] = True  # a leaf
    with pytest.raises(fileformat.FileFormatError):
        fileformat.loads(json.dumps(data))


def test_an_expression_wires_existing_names_and_adds_new_leaves():
    doc, history, a = _doc_with_leaf()
    ins = parse_insertion(doc, "Q = 3*a**3 - b**2")
    history.push(ins.command((300.0, 0.0)))
    b = doc.node_by_name("b")
    q = doc.node_by_name("Q")
    assert b.kind == "leaf" and b.requires_grad and doc.root == q.id
    assert sum(1 for n in doc.nodes.values() if n.kind == "const") == 3
    assert all(C.is_port_literal(doc, n.id) for n in doc.nodes.values() if n.kind == "const")
    assert "Q = 3 * a ** 3 - b ** 2" in to_script(doc).splitlines()
    # the same document as the tutorial's script
    history.push(C.SetValueCommand(b.id, [6.0, 4.0]))
    doc.root_gradient = np.ones(2, np.float32)
    ref = parse_script("a = tensor([2., 3.], requires_grad=True)\nb = tensor([6., 4.], requires_grad=True)\n"
                       "Q = 3*a**3 - b**2\nQ.backward(gradient=tensor([1., 1.]))")
    mine, theirs = Runner(doc).run_backward(), Runner(ref).run_backward()
    np.testing.assert_array_equal(mine.results[q.id].value, theirs.results[ref.node_by_name("Q").id].value)
    np.testing.assert_array_equal(mine.results[a].grad, theirs.results[ref.node_by_name("a").id].grad)
    history.undo()
    history.undo()
    assert set(n.name for n in doc.nodes.values()) == {"a"} and doc.root is None


@pytest.mark.parametrize("text", ["3*", "import os", "__import__('os')", "a +"])
def test_bad_expressions_are_one_clear_error(text):
    doc, _history, _a = _doc_with_leaf()
    with pytest.raises(ScriptError):
        parse_insertion(doc, text)
    assert len(doc.nodes) == 1


def test_what_counts_as_an_expression():
    assert looks_like_expression("3*a**3 - b**2") and looks_like_expression("exp(x)")
    assert looks_like_expression("a - b") and looks_like_expression("x-1")
    assert not looks_like_expression("mul") and not looks_like_expression("leaf tensor")
    assert not looks_like_expression("cross-entropy")   # a search for an op, not two new leaves
