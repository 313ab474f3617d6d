"""The chain rule as a sum over paths (explorer.model.paths) against the engine and PyTorch.

PyTorch's numbers come from fixtures/paths.json (tests/parity/record_paths.py: the same walk
over torch's grad_fns, one path at a time), and live under ``-m torch``."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from explorer.model.fileformat import loads
from explorer.model.language.parser import parse_script
from explorer.model.paths import chain_paths, math_expression, op_math
from explorer.model.runner import Runner

FIXTURE = Path(__file__).resolve().parents[1] / "parity" / "fixtures" / "paths.json"
ENTRIES = json.loads(FIXTURE.read_text(encoding="utf-8"))["entries"]


def _doc(entry: dict):
    script = entry["script"]
    if entry["gradient"] is not None:
        script += f"{entry['root']}.backward(gradient=tensor({entry['gradient']!r}))\n"
    else:
        script += f"{entry['root']}.backward()\n"
    return parse_script(script)


def _ids(doc) -> dict[str, str]:
    return {n.name: nid for nid, n in doc.nodes.items()}


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_each_path_carries_what_torch_carries_and_they_add_up_to_grad(key):
    entry = ENTRIES[key]
    doc = _doc(entry)
    ids = _ids(doc)
    engine_grads = Runner(doc, listen=False).run_backward()
    for leaf, want in entry["leaves"].items():
        report = chain_paths(doc, ids[leaf])
        assert report.problem is None
        assert report.count == len(want["paths"]) == len(report.paths)
        got = [np.asarray(p.contribution, np.float64) for p in report.paths]
        for g, w in zip(got, want["paths"]):
            np.testing.assert_allclose(g, np.asarray(w), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(np.asarray(report.total, np.float64), np.asarray(want["grad"]), rtol=1e-5, atol=1e-6)
        # the sum shown is the engine's own .grad after one backward (float32: the order of
        # the additions may differ, so to rounding)
        np.testing.assert_allclose(report.total, engine_grads[ids[leaf]].grad, rtol=1e-6, atol=1e-7)


def test_a_leaf_used_twice_has_a_path_through_each_use_with_its_local_derivative():
    doc = _doc(ENTRIES["leaf_twice"])
    ids = _ids(doc)
    report = chain_paths(doc, ids["a"])
    # y = sum(a*a + a): two paths through the product (one per port), one around it
    ports = [[pe.edge.port for pe in p.edges] for p in report.paths]
    assert ports == [[0, 0, 0], [0, 0, 1], [0, 1]]
    into_product = [p.edges[-1] for p in report.paths[:2]]
    # ∂(x·y)/∂x = y with y = a: the local derivative is a's value, per element
    assert [pe.formula for pe in into_product] == ["a", "a"]
    for pe in into_product:
        np.testing.assert_array_equal(pe.local, [2.0, 3.0])
    assert report.nodes == {ids["a"], ids["y"], *(e.dst for e in report.edges)}


def test_local_derivatives_match_finite_differences_and_multiply_to_the_path():
    doc = _doc(ENTRIES["seed"])
    ids = _ids(doc)
    (path,) = chain_paths(doc, ids["a"]).paths
    pow_edge = path.edges[-1]
    assert pow_edge.formula == "3·a²"
    a = np.array([2.0, 3.0])
    eps = 1e-6
    np.testing.assert_allclose(pow_edge.local, ((a + eps) ** 3 - (a - eps) ** 3) / (2 * eps), rtol=1e-6)
    product = np.prod([pe.local for pe in path.edges], axis=0) * np.array([1.0, 1.0])
    np.testing.assert_allclose(product, path.contribution)


def test_the_sum_over_paths_equals_torch_grad_on_every_recorded_runner_document():
    runner_fixture = FIXTURE.parent / "runner.json"
    checked = 0
    for entry in json.loads(runner_fixture.read_text(encoding="utf-8"))["entries"]:
        want = entry["torch"]
        if "error" in want:
            continue
        doc = loads(json.dumps(entry["document"]))
        if doc.root is None:
            continue
        ids = _ids(doc)
        for name, t in want.items():
            if t["grad"] is None or not t["is_leaf"] or name not in ids:
                continue
            report = chain_paths(doc, ids[name])
            if report.truncated:
                continue
            np.testing.assert_allclose(np.asarray(report.total, np.float64), np.asarray(t["grad"], np.float64),
                                       rtol=1e-5, atol=1e-6, err_msg=name)
            checked += 1
    assert checked >= 20


def test_no_root_or_a_frozen_leaf_says_why():
    doc = parse_script("a = tensor([1., 2.], requires_grad=True)\nb = tensor([3., 4.])\nc = a * b\n")
    ids = _ids(doc)
    assert chain_paths(doc, ids["a"]).problem.startswith("no root")
    doc.root = ids["c"]
    doc.root_gradient = np.ones(2, np.float32)
    report = chain_paths(doc, ids["b"])
    assert report.problem and "requires_grad=False" in report.problem and not report.paths


def test_the_seed_written_as_math_with_the_op_tables_formulas():
    doc = _doc(ENTRIES["seed"])
    ids = _ids(doc)
    m = op_math(doc, ids["Q"])
    assert m.definition == "Q = 3a³ − b²"
    assert "a<sup>3</sup>" in m.html and "b<sup>2</sup>" in m.html
    # the sub rule's two lines (∂(x−y)/∂x = 1, ∂(x−y)/∂y = −1) in the document's names
    assert m.derivatives[0].startswith("∂Q/∂mul1 = 1") and m.derivatives[1].startswith("∂Q/∂pow2 = −1")
    pow1 = op_math(doc, ids["pow1"])
    assert pow1.derivatives[0] == "∂pow1/∂a = 3·a²"


@pytest.mark.parametrize("script, want", [
    ("a = tensor(1.)\nb = tensor(2.)\nc = a - (b - a)\n", "a − (b − a)"),
    ("a = tensor(1.)\nb = tensor(2.)\nc = (a + b) * a\n", "(a + b)·a"),
    ("a = tensor(1.)\nb = tensor(2.)\nc = (a * b) ** 2\n", "(a·b)²"),
    ("a = tensor(1.)\nb = tensor(2.)\nc = a / (a * b)\n", "a / (a·b)"),
])
def test_brackets_follow_the_op_tables_precedence(script, want):
    doc = parse_script(script)
    assert math_expression(doc, _ids(doc)["c"])[0] == want


@pytest.mark.torch
def test_live_torch_paths_match_the_fixture():
    torch = pytest.importorskip("torch")
    import sys
    sys.path.insert(0, str(FIXTURE.parents[1]))
    from record_paths import record

    live = record()["entries"]
    for key, entry in ENTRIES.items():
        for leaf, want in entry["leaves"].items():
            got = live[key]["leaves"][leaf]
            np.testing.assert_allclose(got["grad"], want["grad"], rtol=1e-6)
            report = chain_paths(_doc(entry), _ids(_doc(entry))[leaf])
            np.testing.assert_allclose(np.asarray(report.total, np.float64), got["grad"], rtol=1e-5, atol=1e-6)
    assert torch.__version__
