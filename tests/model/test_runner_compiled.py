"""The runner's compiled path (values and grads without engine objects) against the engine path.

Every number must be bit-identical (same dtype, same bytes, NaN where NaN) and every flag the
same as when the document goes through engine tensors and ``backward_steps`` — for every op
of the table with every requires_grad pattern, and for random documents with shared inputs,
constants beside tensors, broadcasting, frozen leaves, retain_grad and external gradients."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.model.commands import SetRequiresGradCommand, SetValueCommand
from explorer.model.document import Document, Edge, Node
from explorer.model.runner import Runner

engine = pytest.importorskip("engine")
OPS = engine.OPS


def _arr(a):
    return None if a is None else (a.dtype.str, a.shape, np.asarray(a).tobytes())


def observable(res) -> tuple:
    nodes = tuple((nid, _arr(r.value), _arr(r.grad), _arr(r.flow_grad), r.requires_grad, r.is_leaf, r.grad_fn,
                   r.next_functions, r.retains_grad, r.error, r.warning, r.blocked_by, r.computed,
                   r.in_backward_graph, r.shape, r.dtype)
                  for nid, r in sorted(res.results.items()))
    edges = tuple(sorted((str(e), _arr(g)) for e, g in res.edge_grads.items()))
    return (nodes, edges, tuple(sorted(map(str, res.backward_edges))), res.backward_ran, res.backward_error,
            tuple(sorted(res.recomputed)))


def both(doc: Document, **kw):
    fast = Runner(doc.copy(), **kw)
    slow = Runner(doc.copy(), compiled=False, **kw)
    return fast, slow


def _op_cases():
    rng = np.random.default_rng(3)
    for name, op in OPS.items():
        for k, (inputs, params) in enumerate(op.samples(rng, np.float32)[:3]):
            inputs = tuple(x for x in inputs if x is not None)
            floats = [i for i, x in enumerate(inputs) if np.asarray(x).dtype.kind == "f"]
            for bits in range(2 ** len(floats)):
                rg = {i for j, i in enumerate(floats) if bits >> j & 1}
                yield pytest.param(name, inputs, params, rg, id=f"{name}-{k}-{sorted(rg)}")


@pytest.mark.parametrize("name, inputs, params, rg", list(_op_cases()))
def test_every_op_and_requires_grad_pattern_is_bit_identical_to_the_engine_path(name, inputs, params, rg):
    doc = Document()
    ids = []
    for i, x in enumerate(inputs):
        x = np.asarray(x)
        kind = "leaf" if x.dtype.kind == "f" else "const"
        doc.insert_node(Node(f"x{i}", kind, f"x{i}", value=x, requires_grad=i in rg,
                             dtype="float32"))
        ids.append(f"x{i}")
    doc.insert_node(Node("out", "op", "out", op=name, params=dict(params)))
    for port, src in enumerate(ids):
        doc.insert_edge(Edge(src, "out", port))
    fast, slow = both(doc)
    value = slow.run_forward()["out"].value
    if value is not None:
        doc.set_root("out", np.ones(value.shape, dtype=np.float32))
        fast, slow = both(doc)
    assert observable(fast.run_backward()) == observable(slow.run_backward())
    # steps, asked for after a compiled run, come from the engine and agree with its results
    steps = fast.backward_steps()
    if fast.last_result.backward_ran:
        assert steps and steps[0].node_id == "out"


UNARY = ["exp", "tanh", "sigmoid", "neg", "sin", "cos", "relu", "abs", "square", "log", "sqrt", "reciprocal"]
BINARY = ["add", "mul", "sub", "pow", "add", "mul"]   # div is composed: see the fallback test
SHAPES = [(), (3,), (2, 3), (1, 3), (2, 1)]


def random_doc(seed: int, n_ops: int = 40) -> Document:
    """Shared inputs (x*x, diamonds), 0-d constants on either side (3*a, 2-x, x**2), broadcast
    shapes, frozen leaves, retain_grad, a reduction as root or an external gradient."""
    rng = np.random.default_rng(seed)
    doc = Document()
    ids: list[str] = []
    dtype = "float64" if seed % 3 == 0 else "float32"
    for i in range(int(rng.integers(2, 6))):
        shape = SHAPES[int(rng.integers(len(SHAPES)))]
        nid = f"l{i}"
        doc.insert_node(Node(nid, "leaf", nid, value=rng.uniform(0.2, 1.5, size=shape).astype(dtype),
                             dtype=dtype, requires_grad=bool(rng.random() < 0.75)))
        ids.append(nid)
    leaves = list(ids)

    def pick() -> str:  # recent values, and the leaves again and again (many gradients meet there)
        if rng.random() < 0.3:
            return leaves[int(rng.integers(len(leaves)))]
        return ids[-1 - int(rng.integers(min(6, len(ids))))]

    for k in range(n_ops):
        nid = f"o{k}"
        if rng.random() < 0.4:
            op = UNARY[int(rng.integers(len(UNARY)))]
            ins = [pick()]
        else:
            op = BINARY[int(rng.integers(len(BINARY)))]
            ins = [pick(), pick()]
            if rng.random() < 0.25:
                c = f"c{k}"
                doc.insert_node(Node(c, "const", c, value=np.asarray(float(rng.integers(1, 4)), dtype=dtype),
                                     dtype=dtype))
                ins[int(rng.integers(2))] = c
        doc.insert_node(Node(nid, "op", nid, op=op, retain_grad=bool(rng.random() < 0.1)))
        for port, src in enumerate(ins):
            doc.insert_edge(Edge(src, nid, port))
        ids.append(nid)
    last = ids[-1]
    if rng.random() < 0.5:
        doc.insert_node(Node("L", "op", "L", op="sum" if rng.random() < 0.5 else "mean"))
        doc.insert_edge(Edge(last, "L", 0))
        doc.set_root("L", None)
    else:
        value = Runner(doc, compiled=False, listen=False).run_forward()[last].value
        shape = value.shape if value is not None else ()
        doc.set_root(last, rng.normal(size=shape).astype(np.float32))
    return doc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_random_documents_are_bit_identical_to_the_engine_path(seed):
    doc = random_doc(seed)
    fast, slow = both(doc)
    assert fast._use_fast()
    assert observable(fast.run_backward()) == observable(slow.run_backward())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.lists(st.tuples(st.booleans(), st.integers(0, 100)), min_size=1, max_size=5))
def test_incremental_compiled_runs_equal_fresh_engine_runs(seed, edits):
    doc = random_doc(seed, n_ops=25)
    runner = Runner(doc)
    runner.run_backward()
    leaves = [nid for nid, n in doc.nodes.items() if n.kind == "leaf"]
    for toggle, k in edits:
        leaf = leaves[k % len(leaves)]
        if toggle:
            SetRequiresGradCommand(leaf, not doc.nodes[leaf].requires_grad).do(doc)
        else:
            SetValueCommand(leaf, doc.nodes[leaf].value * np.float32(0.9)).do(doc)
        res = runner.run_backward()
        fresh = Runner(doc.copy(), compiled=False).run_backward()
        got, want = observable(res), observable(fresh)
        assert got[:-1] == want[:-1]       # all but `recomputed` (the fresh run recomputes all)


def test_a_leaf_edit_recomputes_its_cone_only_and_a_toggle_nothing():
    doc = random_doc(7, n_ops=60)
    runner = Runner(doc)
    runner.run_backward()
    leaf = next(nid for nid, n in doc.nodes.items() if n.kind == "leaf")
    cone = {nid for nid in doc.descendants(leaf) if doc.nodes[nid].kind == "op"}
    before = runner.op_evaluations
    SetValueCommand(leaf, doc.nodes[leaf].value + 1).do(doc)
    res = runner.run_backward()
    assert set(res.recomputed) == cone and runner.op_evaluations - before == len(cone)
    before = runner.op_evaluations
    SetRequiresGradCommand(leaf, not doc.nodes[leaf].requires_grad).do(doc)
    runner.run_backward()
    assert runner.op_evaluations == before


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_the_runners_topological_order_is_the_documents(seed):
    doc = random_doc(seed, n_ops=30)
    runner = Runner(doc)
    assert runner._structure().order == doc.topological_order()


def test_mixed_dtypes_fall_back_to_the_engine_with_the_same_results():
    doc = Document()
    doc.insert_node(Node("a", "leaf", "a", value=np.array([1.0, 2.0], np.float32), requires_grad=True))
    doc.insert_node(Node("b", "leaf", "b", value=np.array([3.0, 4.0]), dtype="float64", requires_grad=True))
    doc.insert_node(Node("m", "op", "m", op="mul"))
    doc.insert_node(Node("L", "op", "L", op="sum"))
    doc.insert_edge(Edge("a", "m", 0))
    doc.insert_edge(Edge("b", "m", 1))
    doc.insert_edge(Edge("m", "L", 0))
    doc.set_root("L", None)
    fast, slow = both(doc)
    res = fast.run_backward()
    assert observable(res) == observable(slow.run_backward())
    assert res["a"].grad.dtype == np.float32 and res["m"].dtype == "float64"


def test_composed_ops_go_through_the_engine_with_the_same_results():
    doc = random_doc(5, n_ops=12)
    doc.insert_node(Node("d", "op", "d", op="div"))       # x / y: the engine's composed op
    last = [nid for nid in doc.nodes if nid.startswith("o")][-1]
    doc.insert_edge(Edge(last, "d", 0))
    doc.insert_edge(Edge("l0", "d", 1))
    doc.insert_node(Node("D", "op", "D", op="sum"))
    doc.insert_edge(Edge("d", "D", 0))
    doc.set_root("D", None)
    fast, slow = both(doc)
    assert not fast._use_fast()
    assert observable(fast.run_backward()) == observable(slow.run_backward())


def test_compiled_runs_give_engine_tensors_and_training_on_request():
    doc = random_doc(11, n_ops=10)
    runner = Runner(doc)
    res = runner.run_backward()
    for nid, r in res.results.items():
        t = runner.tensor(nid)
        if r.computed:
            assert t is not None and bool(t.requires_grad) == r.requires_grad
            assert (t.grad_fn.name() if t.grad_fn is not None else None) == r.grad_fn


def _reinserted(doc: Document, seed: int) -> Document:
    """The same graph with its nodes inserted in a shuffled order (edges may point back)."""
    rng = np.random.default_rng(seed)
    ids = list(doc.nodes)
    rng.shuffle(ids)
    out = Document.from_parts([doc.nodes[i].copy() for i in ids], doc.edges())
    out.set_root(doc.root, doc.root_gradient)
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_nodes_inserted_after_their_consumers_run_in_the_documents_order(seed):
    doc = _reinserted(random_doc(seed, n_ops=25), seed)
    fast, slow = both(doc)
    assert fast._structure().order == doc.topological_order()
    assert observable(fast.run_backward()) == observable(slow.run_backward())


def test_two_dtypes_int_constants_params_and_failures_in_one_document_match_the_engine_path():
    """float32 and float64 branches side by side (the root in one), an integer constant array,
    an op with parameters, an unconnected input and a shape error: each node takes the branch of
    the compiled forward it needs, and everything equals the engine path bit for bit."""
    rng = np.random.default_rng(1)
    doc = Document()
    for dt in ("float32", "float64"):
        for i in range(3):
            doc.insert_node(Node(f"{dt}_{i}", "leaf", f"x{dt[-2:]}_{i}", dtype=dt, requires_grad=i != 1,
                                 value=rng.uniform(0.5, 1.5, size=(2, 3)).astype(dt)))
    doc.insert_node(Node("k", "const", "k", value=np.array([1, 2, 3])))       # int array: promotes
    doc.insert_node(Node("bad", "leaf", "bad", value=np.ones((4,), np.float32), requires_grad=True))
    chain = [("a", "mul", ["float32_0", "float32_1"]), ("b", "tanh", ["a"]), ("c", "add", ["b", "float32_2"]),
             ("d", "sum", ["c"]), ("e", "sin", ["float64_0"]), ("f", "mul", ["e", "float64_1"]),
             ("g", "add", ["f", "float64_2"]), ("h", "sub", ["c", "bad"]), ("u", "mul", ["a"]),
             ("s", "sum", ["c"])]
    for nid, op, ins in chain:
        doc.insert_node(Node(nid, "op", nid, op=op, params={"dim": 1} if nid == "d" else {}))
        for port, src in enumerate(ins):
            doc.insert_edge(Edge(src, nid, port))
    doc.set_root("s", None)
    fast, slow = both(doc)
    res = fast.run_backward()
    assert fast._mode == "fast"
    # all but ``recomputed``: the engine path lists failed ops there too, the compiled one not
    assert observable(res)[:-1] == observable(slow.run_backward())[:-1]
    assert res["h"].error and res["u"].error and not res["g"].error and res["g"].dtype == "float64"
    assert res["float32_0"].grad is not None and res["float32_1"].grad is None
    # an integer array beside a float tensor is promoted by the engine: the whole document
    # goes through it, with the same results
    doc.insert_node(Node("m", "op", "m", op="mul"))
    doc.insert_edge(Edge("k", "m", 0))
    doc.insert_edge(Edge("float64_0", "m", 1))
    fast, slow = both(doc)
    res = fast.run_backward()
    assert fast._mode == "engine" and res["m"].dtype == "float64"
    assert observable(res) == observable(slow.run_backward())


def test_a_run_leaves_the_garbage_collector_as_it_found_it():
    import gc

    doc = random_doc(2, n_ops=10)
    runner = Runner(doc)
    assert gc.isenabled()
    runner.run_backward()
    assert gc.isenabled()
    gc.disable()
    try:
        runner.invalidate(None)
        runner.run_forward()
        runner.run_backward()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_full_invalidation_after_silent_edits_gives_a_fresh_runs_results():
    """A runner that does not listen is told 'everything may have changed': the backward graph
    it keeps for an unchanged wiring must follow changed flags, a changed root and rewiring."""
    doc = random_doc(4, n_ops=30)
    runner = Runner(doc, listen=False)
    runner.run_backward()

    def check():
        runner.invalidate(None)
        got = observable(runner.run_backward())
        assert got[:-1] == observable(Runner(doc.copy(), compiled=False).run_backward())[:-1]

    check()                                   # same document, members kept
    leaf = next(n for n in doc.nodes.values() if n.kind == "leaf" and n.requires_grad)
    leaf.requires_grad = False                # no event: only the invalidation tells
    check()
    leaf.requires_grad = True
    ops = [nid for nid, n in doc.nodes.items() if n.kind == "op"]
    root = ops[len(ops) // 2]
    shape = Runner(doc.copy(), compiled=False).run_forward()[root].value.shape
    doc.set_root(root, np.ones(shape, np.float32))
    check()
    e = next(e for e in doc.edges() if doc.nodes[e.src].kind == "op")
    doc.graph.remove_edge(e.src, e.dst, key=e.port)        # rewired behind the runner's back
    doc.graph.add_edge(next(n for n in doc.nodes if doc.nodes[n].kind == "leaf"), e.dst, key=e.port)
    check()


def test_rewiring_that_keeps_every_flag_still_moves_the_backward_graph():
    """sum(sin(a)) rewired to read another sin(a): every node's flags stay the same, so only
    the wiring tells which sin is in the backward graph now."""
    doc = Document()
    doc.insert_node(Node("a", "leaf", "a", value=np.array([0.5, 1.0], np.float32), requires_grad=True))
    for nid in ("u", "v"):
        doc.insert_node(Node(nid, "op", nid, op="sin"))
        doc.insert_edge(Edge("a", nid, 0))
    doc.insert_node(Node("L", "op", "L", op="sum"))
    doc.insert_edge(Edge("u", "L", 0))
    doc.set_root("L", None)
    runner = Runner(doc, listen=False)
    assert runner.run_backward().backward_nodes == {"a", "u", "L"}
    doc.graph.remove_edge("u", "L", key=0)
    doc.graph.add_edge("v", "L", key=0)
    runner.invalidate(None)
    res = runner.run_backward()
    assert res.backward_nodes == {"a", "v", "L"} and Edge("v", "L", 0) in res.backward_edges
    assert observable(res) == observable(Runner(doc.copy(), compiled=False).run_backward())
