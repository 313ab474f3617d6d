"""Document files: round trips, atomic saves, whole-file validation, migrations, fuzzing."""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.model import fileformat
from explorer.model.commands import (
    AddNodeCommand,
    GroupCommand,
    History,
    SetParamCommand,
    SetRootCommand,
    const_node,
    leaf_node,
    op_node,
)
from explorer.model.document import Document, Edge
from explorer.model.fileformat import FileFormatError, dumps, load_document, loads, save_document
from explorer.model.graphml import export_graphml, to_graphml

FIXTURES = Path(__file__).parent / "fixtures"
EVIL = "__import__('os').system('touch /tmp/pwned_by_file')"


def make_doc() -> Document:
    """Q = 3*a**3 - b**2 with a group, a float64 leaf holding NaN/±Inf, an op with params."""
    doc = Document()
    h = History(doc)
    ids = {}

    def add(node, *srcs):
        h.push(AddNodeCommand(node, [Edge(s, node.id, p) for p, s in enumerate(srcs)]))
        ids[node.name] = node.id
        return node.id

    a = add(leaf_node(doc, "a", [2.0, 3.0], requires_grad=True, pos=(-10.5, 3.25)))
    b = add(leaf_node(doc, "b", [6.0, 4.0], requires_grad=True, pos=(0, 120)))
    e3 = add(const_node(doc, 3.0, name="e3"))
    c3 = add(const_node(doc, 3.0, name="c3"))
    e2 = add(const_node(doc, 2.0, name="e2"))
    p = add(op_node(doc, "pow", name="a_cubed"), a, e3)
    m = add(op_node(doc, "mul", name="three_a_cubed"), c3, p)
    q2 = add(op_node(doc, "pow", name="b_squared"), b, e2)
    q = add(op_node(doc, "sub", name="Q", pos=(400, 60)), m, q2)
    w = add(leaf_node(doc, "w", [[np.nan, np.inf], [-np.inf, 0.1]], dtype="float64", pos=(0, 300)))
    s = add(op_node(doc, "sum", name="total"), w)
    h.push(SetParamCommand(s, "dim", 1))
    h.push(SetParamCommand(s, "keepdim", True))
    h.push(GroupCommand([a, b], "pretrained backbone"))
    h.push(SetRootCommand(q, [1.0, 1.0]))
    return doc


_VALID_TEXT: list[str] = []


def valid_data() -> dict:
    """A fresh parse of the sample document's file (the text is built once)."""
    if not _VALID_TEXT:
        _VALID_TEXT.append(dumps(make_doc()))
    return json.loads(_VALID_TEXT[0])


# ---------------------------------------------------------------------------- round trips
def test_round_trip_keeps_everything():
    doc = make_doc()
    text = dumps(doc)
    back = loads(text)
    assert back.same_as(doc)
    assert list(back.nodes) == list(doc.nodes)
    w = back.node_by_name("w")
    assert w.dtype == "float64" and w.value.dtype == np.float64
    assert np.isnan(w.value[0, 0]) and w.value[0, 1] == np.inf and w.value[1, 0] == -np.inf
    assert back.node_by_name("a").value.dtype == np.float32
    assert back.node_by_name("total").params == {"dim": 1, "keepdim": True}
    assert back.node_by_name("a").pos == (-10.5, 3.25)
    (group,) = back.groups.values()
    assert group.name == "pretrained backbone"
    assert back.nodes[back.root].name == "Q" and list(back.root_gradient) == [1.0, 1.0]
    assert dumps(back) == text  # stable: saving a loaded file changes nothing


def test_file_is_versioned_readable_json_with_explicit_non_finite_encoding():
    text = dumps(make_doc())
    data = json.loads(text)  # strict JSON: no bare NaN/Infinity
    assert data["format"] == "autograd-explorer" and data["version"] == fileformat.VERSION
    w = next(n for n in data["nodes"] if n["name"] == "w")
    assert w["value"] == {"shape": [2, 2], "data": [["nan", "inf"], ["-inf", 0.1]]}
    assert "NaN" not in text and "Infinity" not in text
    ops = {n["name"]: n["op"] for n in data["nodes"] if n["kind"] == "op"}
    assert ops["Q"] == "sub"  # ops by name


def test_new_ids_after_load_do_not_collide():
    back = loads(dumps(make_doc()))
    fresh = back.new_id()
    assert fresh not in back.nodes and fresh not in back.groups


finite_or_not = st.floats(allow_nan=True, allow_infinity=True, width=32)


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.lists(finite_or_not, min_size=3, max_size=3), min_size=1, max_size=4),
       dtype=st.sampled_from(["float32", "float64"]),
       pos=st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)),
       grad=st.booleans())
def test_any_values_round_trip_exactly(values, dtype, pos, grad):
    doc = Document()
    h = History(doc)
    x = leaf_node(doc, "x", values, dtype=dtype, requires_grad=grad, pos=pos)
    h.push(AddNodeCommand(x))
    e = op_node(doc, "exp")
    h.push(AddNodeCommand(e, [Edge(x.id, e.id, 0)]))
    h.push(SetRootCommand(e.id, np.array(values, dtype=dtype)))
    back = loads(dumps(doc))
    assert back.same_as(doc)


# ---------------------------------------------------------------------------- atomic save
def test_save_and_load_file(tmp_path):
    path = tmp_path / "graph.json"
    save_document(make_doc(), path)
    assert load_document(path).same_as(make_doc())
    assert os.listdir(tmp_path) == ["graph.json"]


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_failed_save_leaves_old_file_byte_identical_and_no_temp_file(tmp_path, monkeypatch, failing):
    path = tmp_path / "graph.json"
    path.write_bytes(b'{"old": "content"}\n')
    os.chmod(path, 0o640)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, *a, **k):
                self.handle = real_fdopen(*a, **k)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, text):
                self.handle.write(text[: len(text) // 2])
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(fileformat.os, "fdopen", Full)
    else:
        monkeypatch.setattr(fileformat.os, failing, boom)
    with pytest.raises(OSError, match="No space left"):
        save_document(make_doc(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["graph.json"]


def test_save_over_existing_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text("{}")
    os.chmod(path, 0o640)
    save_document(make_doc(), path)
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert loads(path.read_text()).same_as(make_doc())


# ---------------------------------------------------------------------------- validation
def mutate(change):
    data = valid_data()
    change(data)
    return json.dumps(data)


def node(data, name):
    return next(n for n in data["nodes"] if n["name"] == name)


def edge_into(data, name, port):
    nid = node(data, name)["id"]
    return next(e for e in data["edges"] if e["dst"] == nid and e["port"] == port)


BAD_FILES = {
    "invalid json": ('{"format": "autograd-explorer", "version": 1, "nodes": [', "not valid JSON"),
    "not an object": ("[1, 2, 3]", "expected a JSON object"),
    "wrong format": (mutate(lambda d: d.update(format="something-else")), "not an Autograd Explorer document"),
    "newer version": (mutate(lambda d: d.update(version=7)), "newer Autograd Explorer"),
    "version not int": (mutate(lambda d: d.update(version="1")), "version"),
    "unknown op": (mutate(lambda d: node(d, "Q").update(op="expp")), "unknown operation \"expp\" — did you mean 'exp'"),
    "dangling edge": (mutate(lambda d: d["edges"][0].update(src="n999")), "no node with id \"n999\""),
    "dangling root": (mutate(lambda d: d.update(root="nope")), "root: there is no node"),
    "dangling member": (mutate(lambda d: d["groups"][0]["members"].append("zz")), "no node with id \"zz\""),
    "cycle": (mutate(lambda d: edge_into(d, "a_cubed", 1).update(src=node(d, "Q")["id"])),
              "cycle: "),
    "wrong bool type": (mutate(lambda d: node(d, "a").update(requires_grad="yes")), "expected true or false"),
    "wrong pos type": (mutate(lambda d: node(d, "a").update(pos="0,0")), "pos: expected two finite numbers"),
    "wrong nodes type": (mutate(lambda d: d.update(nodes={})), "\"nodes\" must be a list"),
    "text in data": (mutate(lambda d: node(d, "a")["value"].update(data=[1, "two"])), "\"two\" is not a number"),
    "shape mismatch": (mutate(lambda d: node(d, "a")["value"].update(shape=[3])), "does not match shape (3,)"),
    "duplicate names": (mutate(lambda d: node(d, "b").update(name="a")), "two nodes are named 'a'"),
    "duplicate ids": (mutate(lambda d: node(d, "b").update(id=node(d, "a")["id"])), "two nodes have the id"),
    "bad name": (mutate(lambda d: node(d, "b").update(name="2b")), "not a valid name"),
    "oversize tensor": (mutate(lambda d: node(d, "a")["value"].update(shape=[5000, 5000])), "too large"),
    "too many dims": (mutate(lambda d: node(d, "a")["value"].update(shape=[1] * 20)), "too many"),
    "port too large": (mutate(lambda d: edge_into(d, "Q", 1).update(port=5)), "has 2 input(s) numbered 0 to 1; found 5"),
    "negative port": (mutate(lambda d: edge_into(d, "Q", 1).update(port=-1)), "found -1"),
    "port not int": (mutate(lambda d: edge_into(d, "Q", 1).update(port="1")), "found \"1\""),
    "port twice": (mutate(lambda d: edge_into(d, "Q", 1).update(port=0)), "connected twice"),
    "edge into leaf": (mutate(lambda d: edge_into(d, "Q", 1).update(dst=node(d, "a")["id"])), "has no inputs"),
    "unknown field": (mutate(lambda d: node(d, "a").update(grad=[1, 2])), "unknown field \"grad\""),
    "bad param": (mutate(lambda d: node(d, "total").update(params={"dim": "rows"})), "whole number"),
    "unknown param": (mutate(lambda d: node(d, "total").update(params={"axis": 1})), "no parameter 'axis'"),
    "bad dtype": (mutate(lambda d: node(d, "a").update(dtype="complex64")), "unknown dtype"),
    "bare NaN": ('{"format": "autograd-explorer", "version": 1, "nodes": [], "x": NaN}', "NaN is not valid JSON"),
    "gradient without root": (mutate(lambda d: d.update(root=None)), "no root"),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "deep but parseable": ('{"format": "autograd-explorer", "version": 1, "nodes": [], "edges": '
                           + "[" * 60 + "]" * 60 + "}", "nested too deeply"),
    "huge integer": ('{"format": "autograd-explorer", "version": 1, "nodes": [], "root": ' + "9" * 5000 + "}",
                     "not valid JSON"),
    "not utf-8": (b"\xff\xfe\x00garbage", "not a text file"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_give_a_clear_typed_error(case):
    text, message = BAD_FILES[case]
    with pytest.raises(FileFormatError) as err:
        loads(text)
    assert message in str(err.value)


def test_error_says_which_node():
    text = mutate(lambda d: node(d, "b").update(requires_grad=1))
    with pytest.raises(FileFormatError, match=r"node 'b' \(nodes\[1\]\)\.requires_grad"):
        loads(text)


def test_cycle_error_names_the_nodes():
    text = BAD_FILES["cycle"][0]
    with pytest.raises(FileFormatError) as err:
        loads(text)
    for name in ("a_cubed", "three_a_cubed", "Q"):
        assert name in str(err.value)


def test_failed_open_leaves_the_open_document_alone(tmp_path):
    """The whole file is validated before anything replaces the current document."""
    current = make_doc()
    events = []
    current.subscribe(events.append)
    path = tmp_path / "bad.json"
    data = valid_data()
    data["edges"][-1]["port"] = 9  # the very last thing in the file is wrong
    path.write_text(json.dumps(data))
    with pytest.raises(FileFormatError, match="bad.json: edges"):
        current.replace_with(load_document(path))
    assert events == [] and current.same_as(make_doc())


def test_missing_file_is_a_typed_error(tmp_path):
    with pytest.raises(FileFormatError, match="cannot read"):
        load_document(tmp_path / "missing.json")


def _positions(value, path=()):
    """Every place in a JSON tree: (path, is_container)."""
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _positions(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _positions(v, (*path, i))


def _set(data, path, value):
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def test_code_in_a_file_is_never_run_anywhere(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    base = valid_data()
    paths = [p for p in _positions(base) if p]
    assert len(paths) > 100
    for path in paths:
        data = copy.deepcopy(base)
        _set(data, path, EVIL)
        with pytest.raises(FileFormatError):
            loads(json.dumps(data))
    for path in _positions(base):  # as an extra key in every object
        data = copy.deepcopy(base)
        target = data
        for key in path:
            target = target[key]
        if isinstance(target, dict):
            target[EVIL] = 1
            with pytest.raises(FileFormatError):
                loads(json.dumps(data))
    assert calls == [] and not os.path.exists("/tmp/pwned_by_file")


# ---------------------------------------------------------------------------- migrations
def test_version_0_fixture_migrates():
    doc = load_document(FIXTURES / "seed_v0.json")
    names = {n.name: n for n in doc}
    assert set(names) == {"a", "b", "three", "two", "cube", "scaled", "square", "Q"}
    assert names["a"].kind == "leaf" and names["a"].requires_grad and names["three"].kind == "const"
    assert names["three"].value.shape == () and float(names["three"].value) == 3.0
    assert np.isnan(names["b"].value[1])  # version 0 wrote NaN as null
    assert names["scaled"].pos == (360.0, 40.0)
    ids = {n.name: n.id for n in doc}
    assert doc.inputs(ids["cube"]) == [ids["a"], ids["three"]]
    assert doc.inputs(ids["scaled"]) == [ids["three"], ids["cube"]]
    assert doc.inputs(ids["Q"]) == [ids["scaled"], ids["square"]]
    assert doc.root == ids["Q"] and list(doc.root_gradient) == [1.0, 1.0]
    assert json.loads(dumps(doc))["version"] == fileformat.VERSION
    assert loads(dumps(doc)).same_as(doc)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(nodes=[]), "keyed by name"),
    (lambda d: d["nodes"]["Q"].update(args=["scaled", "ghost"]), "unknown input \"ghost\""),
    (lambda d: d["nodes"]["a"].update(type="matrix"), "unknown type"),
    (lambda d: d.update(output="nobody"), "output \"nobody\" is not a node"),
    (lambda d: d["nodes"]["Q"].update(op="subtract"), "unknown operation"),
    (lambda d: d["nodes"]["Q"].update(args=["Q"]), "cycle"),
])
def test_damaged_version_0_files_are_refused(change, message):
    data = json.loads((FIXTURES / "seed_v0.json").read_text())
    change(data)
    with pytest.raises(FileFormatError, match=message):
        loads(json.dumps(data))


# ---------------------------------------------------------------------------- fuzz
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10) | st.floats(allow_nan=False) | st.text(max_size=6)
    | st.sampled_from(["nan", "inf", "n1", "n9", "g1", "a", "add", "float64", EVIL]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


def _try_load(text) -> None:
    try:
        doc = loads(text)
    except FileFormatError:
        return
    # Whatever loads is a consistent document that saves and loads back identically.
    assert loads(dumps(doc)).same_as(doc)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_mutated_valid_files(data):
    # the current format, or a version 0 file (so the migration meets damaged input too)
    base = valid_data() if data.draw(st.booleans()) else json.loads((FIXTURES / "seed_v0.json").read_text())
    paths = [p for p in _positions(base) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["replace", "delete", "insert"]))
        try:
            target = base
            for key in path[:-1]:
                target = target[key]
            if action == "replace":
                target[path[-1]] = data.draw(json_values)
            elif action == "delete":
                del target[path[-1]]
            elif isinstance(target, list):
                target.insert(path[-1], data.draw(json_values))
            else:
                target[data.draw(st.text(max_size=4))] = data.draw(json_values)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation removed this path
    _try_load(json.dumps(base))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fuzz_mutated_valid_text(data):
    text = json.dumps(valid_data(), indent=1)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 8)))
        text = text[:i] + data.draw(st.text(max_size=4)) + text[j:]
    _try_load(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_fuzz_arbitrary_input(raw):
    _try_load(raw)


# ---------------------------------------------------------------------------- GraphML export
# GraphML (for yEd, Gephi): networkx must read it back with names, ops and labels.
def graphml_doc() -> Document:
    doc = Document()
    h = History(doc)

    def add(node, *srcs):
        h.push(AddNodeCommand(node, [Edge(s, node.id, p) for p, s in enumerate(srcs)]))
        return node.id

    a = add(leaf_node(doc, "a", [2.0, 3.0], requires_grad=True, pos=(10, 20)))
    b = add(leaf_node(doc, "b", [6.0, 4.0], requires_grad=True))
    p = add(op_node(doc, "pow", name="a_cubed"), a, add(const_node(doc, 3.0, name="e3")))
    m = add(op_node(doc, "mul", name="three_a_cubed"), add(const_node(doc, 3.0, name="c3")), p)
    q2 = add(op_node(doc, "pow", name="b_squared"), b, add(const_node(doc, 2.0, name="e2")))
    q = add(op_node(doc, "sub", name="Q"), m, q2)
    s = add(op_node(doc, "sum", {"dim": 0}, name="s"), q)
    h.push(GroupCommand([a, b], "inputs"))
    h.push(SetRootCommand(q, [1.0, 1.0]))
    assert s
    return doc


def test_graphml_parses_back_with_attributes(tmp_path):
    doc = graphml_doc()
    path = tmp_path / "seed.graphml"
    export_graphml(doc, path)
    graph = nx.read_graphml(path, force_multigraph=True)
    assert set(graph.nodes) == set(doc.nodes)
    by_name = {data["name"]: (nid, data) for nid, data in graph.nodes(data=True)}
    assert set(by_name) == {n.name for n in doc}
    _, q = by_name["Q"]
    assert q["kind"] == "op" and q["op"] == "sub" and q["label"] == "Q = " + _label("sub") and q["root"] is True
    _, a = by_name["a"]
    assert a["kind"] == "leaf" and a["requires_grad"] is True and a["label"] == "a"
    assert a["value"] == "[2., 3.]" and a["shape"] == "(2,)" and a["group"] == "inputs"
    assert (a["x"], a["y"]) == (10.0, 20.0)
    assert by_name["s"][1]["param_dim"] == 0
    edges = {(graph.nodes[u]["name"], graph.nodes[v]["name"], d["port"]) for u, v, d in graph.edges(data=True)}
    assert ("three_a_cubed", "Q", 0) in edges and ("b_squared", "Q", 1) in edges
    assert len(edges) == len(doc.edges())
    assert graph.graph["root"] == "Q"


def test_graphml_text_is_xml():
    text = to_graphml(graphml_doc())
    assert text.startswith("<?xml") and "<graphml" in text and 'attr.name="label"' in text


def test_graphml_carries_yed_boxes_at_the_canvas_positions():
    from xml.etree import ElementTree as ET

    doc = graphml_doc()
    root = ET.fromstring(to_graphml(doc).encode())
    y = "{http://www.yworks.com/xml/graphml}"
    boxes = {}
    for node in root.iter("{http://graphml.graphdrawing.org/xmlns}node"):
        shape = node.find(f".//{y}ShapeNode")
        geometry = shape.find(f"{y}Geometry")
        boxes[doc.nodes[node.get("id")].name] = (shape.find(f"{y}NodeLabel").text,
                                                 float(geometry.get("x")), float(geometry.get("y")))
    assert boxes["a"] == ("a\n[inputs]", 10.0, 20.0)
    assert boxes["Q"][0] == "Q = " + _label("sub")
    arrows = root.findall(f".//{y}PolyLineEdge/{y}Arrows")
    assert len(arrows) == len(doc.edges()) and all(a.get("target") == "standard" for a in arrows)
    plain = to_graphml(doc, yed=False)
    assert "yworks" not in plain and nx.parse_graphml(plain).number_of_nodes() == len(doc)


def _label(op: str) -> str:
    from engine.ops import OPS

    return OPS[op].label


def test_embedded_documents_are_validated_the_same_way():
    """Lectures embed documents as parsed data; from_data is as strict as loads."""
    data = valid_data()
    assert fileformat.from_data(data).same_as(make_doc())
    for bad in (None, [], {"format": "autograd-explorer", "version": 1, "nodes": [object()]},
                {**data, "edges": [{"src": 1j, "dst": "n1", "port": 0}]}):
        with pytest.raises(FileFormatError):
            fileformat.from_data(bad)


def test_documents_built_outside_commands_still_save_canonically():
    """Other code may fill nodes directly (numpy scalars, lists, a value in the wrong dtype)."""
    from explorer.model.document import Node

    doc = Document.from_parts([
        Node("n1", "leaf", "x", value=np.array([1.5, 2.0]), dtype="float32", pos=(np.float64(1.0), 2)),
        Node("n2", "op", "s", op="sum", params={"dim": np.int64(0), "keepdim": np.bool_(True)}),
    ], [Edge("n1", "n2", 0)], root="n2", root_gradient=[1.0])
    back = loads(dumps(doc))
    assert back.nodes["n1"].value.dtype == np.float32 and back.nodes["n1"].value.tolist() == [1.5, 2.0]
    assert back.nodes["n2"].params == {"dim": 0, "keepdim": True}
    assert back.root_gradient.dtype == np.float32
