"""Stepping into a program's backward when ``.grad`` already holds a value: the pass adds onto
it (``old + new = total``) exactly as torch accumulates; several roots of one call are walked in
one pass; ``torch.autograd.grad`` returns its gradients and leaves ``.grad`` alone. The oracle
is torch 2.13 running the same programs (recorded in fixtures/program_backward.json, and live
under the ``torch`` marker)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from explorer.model.program import run_program
from explorer.model.program.backward_view import backward_at, freeze_before_backward
from explorer.model.runner import Runner
from tests.parity import record_program_backward as rec

# the leaves each program appends to `seen`, in order
LEAVES = {"accumulate": ("w", "b"), "roots": ("w",), "grad": ("x",), "zeroed": ("w",)}


def _fixture() -> dict:
    return json.loads(rec.FIXTURE.read_text(encoding="utf-8"))["programs"]


def _stepped(name: str) -> list[tuple]:
    """(view, runner, backward steps, results by leaf name) for each backward call."""
    source = rec.PROGRAMS[name]
    r = run_program(source)
    assert r.error is None, r.error
    out = []
    for step in range(len(r.trace.statements)):
        if backward_at(r.trace, step) is None:
            continue
        view = freeze_before_backward(source, step)
        doc = view.frozen.document
        runner = Runner(doc, listen=False)
        runner.start_program_backward(view.grads_before, view.passes, tuple(view.extra_roots),
                                      view.returns)
        result = runner.run_backward()
        steps = runner.backward_steps()
        by_name = {n.name: nid for nid, n in doc.nodes.items()}
        out.append((view, steps, {leaf: result.results[by_name[leaf]] for leaf in LEAVES[name]},
                    by_name))
    return out


def test_fixtures_are_current():
    for name, source in rec.PROGRAMS.items():
        assert _fixture()[name]["source"] == source, "re-run record_program_backward.py"


@pytest.mark.parametrize("name", ["accumulate", "roots", "zeroed"])
def test_each_backward_ends_with_torchs_grad_old_plus_new(name):
    seen = _fixture()[name]["seen"]
    calls = _stepped(name)
    assert len(calls) == len(seen)
    previous = None
    for k, ((view, steps, results, by_name), want) in enumerate(zip(calls, seen)):
        for leaf, grad in zip(LEAVES[name], want):
            got = results[leaf].grad
            assert got.tolist() == grad, f"{name} call {k + 1}: {leaf}.grad"
            acc = [s for s in steps if s.kind == "accumulate" and s.node_id == by_name[leaf]]
            assert len(acc) == 1 and acc[0].leaf_grad.tolist() == grad
            if previous is None:
                assert acc[0].leaf_grad_before is None      # the first call fills .grad
            else:
                before = previous[LEAVES[name].index(leaf)]
                if name == "zeroed":                       # w.grad.zero_() ran in between
                    before = [0.0] * len(before)
                assert acc[0].leaf_grad_before.tolist() == before   # what torch held then
                text = str(acc[0].text)
                assert "old + new" in text and f"{leaf}.grad" in text
        previous = want


def test_the_second_pass_says_how_many_passes_are_summed():
    calls = _stepped("accumulate")
    texts = []
    for view, steps, _results, by_name in calls:
        (acc,) = [s for s in steps if s.kind == "accumulate" and s.node_id == by_name["w"]]
        texts.append(str(acc.text))
    assert "×" not in texts[0] and "accumulated ×2" in texts[1] and "accumulated ×3" in texts[2]
    assert not calls[0][0].grads_before and set(calls[1][0].grads_before) == {
        calls[1][3]["w"], calls[1][3]["b"]}


def test_zeroed_grad_is_not_called_a_missing_zero_grad():
    _view, steps, _results, by_name = _stepped("zeroed")[1]
    (acc,) = [s for s in steps if s.kind == "accumulate"]
    text = str(acc.text)
    assert "held zeros" in text and "without zero_grad" not in text


def test_every_root_of_one_call_is_walked():
    view, steps, _results, by_name = _stepped("roots")[0]
    assert view.via == "torch.autograd.backward" and view.root_names == ["y1", "y2"]
    assert [by_name["y2"]] == [nid for nid, _g in view.extra_roots]
    np.testing.assert_array_equal(view.extra_roots[0][1], [1.0, 0.5, -2.0])
    ran = {s.node_id for s in steps}
    assert by_name["y1"] in ran and by_name["y2"] in ran
    assert "only the first" not in view.note
    # each root's first step starts from its own gradient: y2's given, y1's implicit (scalar)
    first = {s.node_id: str(s.text) for s in reversed(steps)}
    assert "∂(y1, y2)/∂y2 = [1.0000, 0.5000, -2.0000]  (the gradient passed to backward)" \
        in first[by_name["y2"]]
    assert "∂(y1, y2)/∂y1 = 1.  (implicit gradient of a scalar root)" in first[by_name["y1"]]


def test_autograd_grad_returns_its_gradients_and_leaves_dot_grad_alone():
    seen = _fixture()["grad"]["seen"]
    calls = _stepped("grad")
    view, steps, results, by_name = calls[1]
    assert view.returns and view.passes == 1
    (acc,) = [s for s in steps if s.kind == "accumulate"]
    assert acc.leaf_grad.tolist() == seen[1][0]          # what grad() returned
    assert results["x"].grad.tolist() == seen[1][1]      # .grad as backward() left it
    text = str(acc.text)
    assert "torch.autograd.grad returns" in text and "old + new" not in text


@pytest.mark.torch
def test_the_fixture_is_torchs_live():
    pytest.importorskip("torch")
    assert rec.record()["programs"] == _fixture()
