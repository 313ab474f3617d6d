"""The slope view's model: the tangent's slope is the engine's gradient and agrees with a finite
difference; the curve computed in one vectorized pass equals N separate engine runs (for every
op of the table, with each float input as the varied leaf); the examples take the vectorized
path (engine calls counted)."""
from __future__ import annotations

import dataclasses

from pathlib import Path

import numpy as np
import pytest

from explorer.model.document import Document, Edge, Node
from explorer.model.fileformat import load_document
from explorer.model.language import parse_script
from explorer.model.runner import Runner
from explorer.model.slope import (VECTORIZED_OPS, SlopeError, compute_slope, engine_gradient,
                                  evaluate_batched, evaluate_by_runs)

engine = pytest.importorskip("engine")
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def example(name: str) -> Document:
    return load_document(EXAMPLES / f"{name}.json")


def by_name(doc: Document, name: str) -> str:
    return doc.node_by_name(name).id


@pytest.fixture
def count_engine_ops(monkeypatch):
    """Counts every engine.apply_op call (each is one op forward of one engine run)."""
    calls = {"n": 0}
    real = engine.apply_op

    def counting(*args, **kwargs):
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "apply_op", counting)
    return calls


# ------------------------------------------------------------------ slopes on the examples
def test_seed_slope_is_the_grad_backward_puts_on_a_and_matches_the_finite_difference():
    doc = example("seed")
    grads = Runner(doc).run_backward()
    a, q = by_name(doc, "a"), by_name(doc, "Q")
    for i, expected in enumerate((36.0, 81.0)):            # ∂Q/∂a = 9a², a = [2, 3]
        res = compute_slope(doc, q, a, i, weights="root")
        assert res.gradient == grads[a].grad[i] == expected
        assert res.fd_slope == pytest.approx(expected, rel=1e-6)
        assert res.output_label == "Σ gradient·Q" and res.input_label == f"a[{i}]"
        assert res.x0 == (2.0, 3.0)[i]
        assert res.y0 == pytest.approx(float(np.sum(3 * np.array([2., 3.]) ** 3 - np.array([6., 4.]) ** 2)))
        # the curve passes through the current point and the tangent touches it there
        assert np.interp(res.x0, res.xs, res.ys) == pytest.approx(res.y0, abs=1e-9)
        assert res.tangent(np.array([res.x0]))[0] == res.y0


def test_one_element_of_a_vector_output():
    doc = example("seed")
    b, q = by_name(doc, "b"), by_name(doc, "Q")
    res = compute_slope(doc, q, b, 1, out_index=1)          # ∂Q[1]/∂b[1] = −2·b[1] = −8
    assert res.gradient == -8.0
    assert res.fd_slope == pytest.approx(-8.0, rel=1e-6)
    assert res.output_label == "Q[1]"
    cross = compute_slope(doc, q, b, 1, out_index=0)        # Q[0] does not involve b[1]
    assert cross.gradient == 0.0 and cross.fd_slope == pytest.approx(0.0, abs=1e-9)
    assert np.ptp(cross.ys) == 0.0                          # the curve is flat


def test_curve_values_are_the_function_itself():
    doc = example("seed")
    a, q = by_name(doc, "a"), by_name(doc, "Q")
    res = compute_slope(doc, q, a, 0, out_index=0, half_width=0.5, points=11)
    assert res.xs[0] == pytest.approx(1.5) and res.xs[-1] == pytest.approx(2.5) and len(res.xs) == 11
    np.testing.assert_allclose(res.ys, 3 * res.xs ** 3 - 36.0, rtol=1e-12)


@pytest.mark.parametrize("leaf", ["x", "w", "b"])
def test_neuron_slopes(leaf):
    doc = example("neuron")
    grads = Runner(doc).run_backward()
    lid, out = by_name(doc, leaf), by_name(doc, "o")
    for i in range(np.asarray(doc.nodes[lid].value).size):
        res = compute_slope(doc, out, lid, i)
        assert res.gradient == pytest.approx(float(grads[lid].grad.reshape(-1)[i]), abs=0)
        assert res.fd_slope == pytest.approx(res.gradient, rel=1e-5, abs=1e-8)
        assert res.vectorized and res.looped == ()


@pytest.mark.parametrize("name", ["seed", "neuron"])
def test_examples_take_the_vectorized_path(name, count_engine_ops):
    """201 curve points, but each op of the leaf's cone runs once on the whole batch: the engine
    is called once per op for the values at the current point and once per op for backward."""
    doc = example(name)
    out = doc.root
    n_ops = sum(1 for n in doc.nodes.values() if n.kind == "op")
    for leaf in (n for n in doc.nodes.values() if n.kind == "leaf"):
        count_engine_ops["n"] = 0
        res = compute_slope(doc, out, leaf.id, 0, weights="root" if doc.root_gradient is not None else None,
                            points=201)
        assert res.vectorized, res.looped
        assert res.op_calls == len(res.cone_ops) > 0          # one batched call per cone op
        assert count_engine_ops["n"] <= 2 * n_ops              # not 201 runs
        ys_runs = evaluate_by_runs(doc, out, leaf.id, 0, res.xs)
        ys_vec, stats = evaluate_batched(doc, out, leaf.id, 0, res.xs)
        np.testing.assert_allclose(ys_vec, ys_runs, rtol=1e-12, atol=1e-12)
        assert stats["op_calls"] == len(res.cone_ops)


def test_transfer_learning_head_and_backbone_slopes():
    doc = example("transfer_learning")
    grads = Runner(doc).run_backward()
    loss = doc.root
    head = by_name(doc, "W_head")
    for i in range(18):
        res = compute_slope(doc, loss, head, i)
        assert res.gradient == float(grads[head].grad.reshape(-1)[i])
        # the gradient is float32 (the document's dtype), the finite difference float64
        assert res.fd_slope == pytest.approx(res.gradient, rel=1e-4, abs=1e-7)
    assert res.vectorized
    # a frozen backbone weight: PyTorch leaves .grad at None, but the slope still exists
    w1 = by_name(doc, "W1")
    assert grads[w1].grad is None
    res = compute_slope(doc, loss, w1, 0)
    assert res.fd_slope == pytest.approx(res.gradient, rel=1e-3, abs=1e-7)
    assert res.vectorized


def test_mlp_curves_equal_separate_runs_for_every_leaf():
    doc = example("mlp")
    for leaf in (n for n in doc.nodes.values() if n.kind == "leaf"):
        xs = np.linspace(-1.0, 1.0, 7)
        last = np.asarray(leaf.value).size - 1
        vec, stats = evaluate_batched(doc, doc.root, leaf.id, last, xs)
        np.testing.assert_allclose(vec, evaluate_by_runs(doc, doc.root, leaf.id, last, xs), rtol=1e-12, atol=1e-14)
        assert stats["looped"] == ()


# ------------------------------------------------------------------ every op of the table
def _op_cases():
    from engine.ops import OPS

    rng = np.random.default_rng(7)
    for name, op in OPS.items():
        for k, (inputs, params) in enumerate(op.samples(rng, np.float64)):
            for port, x in enumerate(inputs):
                if np.asarray(x).dtype.kind == "f" and port not in op.nondiff:
                    yield pytest.param(name, inputs, params, port, id=f"{name}-{k}-in{port}")


def _op_document(name, inputs, params, port) -> Document:
    nodes, edges = [], []
    for i, x in enumerate(inputs):
        x = np.asarray(x)
        kind = "leaf" if i == port else "const"
        dtype = "float64" if x.dtype.kind == "f" else "float32"
        nodes.append(Node(f"i{i}", kind, f"x{i}", value=x, dtype=dtype, requires_grad=kind == "leaf"))
        edges.append(Edge(f"i{i}", "out", i))
    nodes.append(Node("out", "op", "y", op=name, params=dict(params), dtype="float64"))
    return Document.from_parts(nodes, edges, root="out")


@pytest.mark.parametrize("name,inputs,params,port", list(_op_cases()))
def test_vectorized_pass_equals_separate_runs_for_every_op(name, inputs, params, port):
    doc = _op_document(name, inputs, params, port)
    x = np.asarray(inputs[port])
    flat = x.size - 1                                   # the last element: catches misaligned axes
    x0 = float(x.reshape(-1)[flat])
    xs = np.linspace(x0 - 0.3, x0 + 0.3, 9)
    vec, stats = evaluate_batched(doc, "out", f"i{port}", flat, xs)
    runs = evaluate_by_runs(doc, "out", f"i{port}", flat, xs)
    assert vec.shape == runs.shape
    np.testing.assert_allclose(vec, runs, rtol=1e-12, atol=1e-12, equal_nan=True)
    if name in VECTORIZED_OPS:
        assert stats["looped"] == (), f"{name} fell back to separate runs"


def test_unlisted_op_falls_back_to_one_run_per_point(monkeypatch):
    from explorer.model import slope

    # An op whose table entry has no batch kind is evaluated once per point.
    monkeypatch.setitem(slope.OPS, "tanh", dataclasses.replace(slope.OPS["tanh"], batch=None))
    doc = example("neuron")
    res = compute_slope(doc, doc.root, by_name(doc, "w"), 0, points=21)
    assert not res.vectorized and res.looped == ("o",)
    assert res.op_calls == 2 + 24                        # dot and add batched, tanh per point
    np.testing.assert_allclose(res.ys, evaluate_by_runs(doc, doc.root, by_name(doc, "w"), 0, res.xs)[:, ...].reshape(-1),
                               rtol=1e-12)


# ------------------------------------------------------------------ what the user is told
def test_a_vector_output_needs_a_choice():
    doc = example("seed")
    with pytest.raises(SlopeError, match="2 elements"):
        compute_slope(doc, by_name(doc, "Q"), by_name(doc, "a"), 0)
    with pytest.raises(SlopeError, match="no element 5"):
        compute_slope(doc, by_name(doc, "Q"), by_name(doc, "a"), 5, out_index=0)


def test_unconnected_input_is_reported():
    doc = example("neuron")
    n = by_name(doc, "n")
    edge = doc.in_edges(n)[1]
    doc.delete_edge(edge)
    with pytest.raises(SlopeError, match="input 2 is not connected"):
        compute_slope(doc, doc.root, by_name(doc, "w"), 0)


def test_leaf_that_does_not_reach_the_output_gives_a_flat_curve():
    doc = example("seed")
    res = compute_slope(doc, by_name(doc, "a_cubed"), by_name(doc, "b"), 0, out_index=0)
    assert not res.depends and res.gradient == 0.0 and np.ptp(res.ys) == 0.0
    assert engine_gradient(doc, by_name(doc, "a_cubed"), by_name(doc, "b"), 0, out_index=0) == 0.0


def test_the_slope_batches_what_the_op_table_says_it_can():
    """The op table, not a list in the slope module, says which ops run batched: round (an
    elementwise op the slope module's own list had missed) now takes one pass too."""
    from engine.ops import OPS

    assert "round" in VECTORIZED_OPS
    assert VECTORIZED_OPS == {name for name, op in OPS.items() if op.batch}
    doc = parse_script("x = tensor([0.25, 1.5], requires_grad=True)\ny = (x * 3).round()\nout = y.sum()\n")
    ids = {n.name: n.id for n in doc}
    res = compute_slope(doc, ids["out"], ids["x"], 0, points=11)
    assert res.vectorized and res.looped == ()
