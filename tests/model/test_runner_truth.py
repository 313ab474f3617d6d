"""One truth for every number: the runner reads everything from one engine evaluation.

The two bugs that showed ``nan`` where PyTorch computes numbers (a new node after File ▸ New;
the neuron lecture's slide 6), gradient accumulation as PyTorch does it, chain-rule labels
inside composite ops, nodes that were not computed, size errors that name the nodes, and a
scan that keeps explorer/ off the engine's private attributes."""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import numpy as np
import pytest

import engine
from explorer.model import commands as C
from explorer.model.document import Document, Edge, Node
from explorer.model.fileformat import load_document
from explorer.model.lecture import LecturePlayer, load_lecture
from explorer.model.runner import Runner, result_report

ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------------------ no private reads
# Attributes the engine keeps to itself (Tensor, Node and the autograd module's internals).
ENGINE_PRIVATE = {"_rg", "_grad_fn", "_seq", "_acc", "_opdef", "_args", "_out", "_edges", "_params", "_nx",
                  "_nx1", "_data", "_grad", "_retains", "_accumulator", "_sequence_nr", "_apply", "_x",
                  "_extra"}
# Not private: ``Tensor._version`` (read-only) and ``grad_fn._saved_*`` are PyTorch's own API
# (autograd mechanics, in-place correctness checks), which programs and the trace read as torch's.


def _private_engine_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ENGINE_PRIVATE:
            # an object's own attributes (self._data of a view class) are its business
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in ("new_node", "_new_node"):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.id}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("engine"):
            for alias in node.names:
                if alias.name.startswith("_") or alias.name == "new_node":
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: import {alias.name}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
              and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
              and node.args[1].value in ENGINE_PRIVATE):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: getattr {node.args[1].value}")
    return found


def test_explorer_reads_and_writes_no_private_engine_attribute():
    files = sorted((ROOT / "explorer").rglob("*.py")) + [ROOT / "main.py"]
    assert len(files) > 20
    found = [hit for f in files if f.exists() for hit in _private_engine_uses(f)]
    assert found == []


def test_the_scan_catches_what_the_old_runner_did(tmp_path):
    """Negative control: the old runner's graph cloning is caught."""
    bad = ROOT / "explorer" / "_probe_private.py"
    bad.write_text("from engine.autograd import new_node\n"
                   "def f(t, fn):\n    t._rg = True\n    t._grad_fn = fn\n    return fn._opdef, getattr(t, '_data')\n")
    try:
        hits = _private_engine_uses(bad)
    finally:
        bad.unlink()
    assert len(hits) == 5


# ------------------------------------------------------------------------------ the two repros
def _engine_x_minus_xy(x, y):
    xt = engine.tensor(x, requires_grad=False)
    yt = engine.tensor(y, requires_grad=True)
    s = xt - xt * yt
    s.backward(engine.ones_like(s))
    return s.detach().numpy(), yt.grad.numpy(), s.grad_fn


def test_a_new_document_after_the_seed_computes_like_a_fresh_process():
    """Issue repro 1: seed, backward, File ▸ New, build s = x - x*y one wire at a time."""
    doc = load_document(ROOT / "resources" / "examples" / "seed.json")
    runner = Runner(doc)
    runner.run_backward()
    doc.replace_with(Document())
    hist = C.History(doc)
    x = C.leaf_node(doc, "x", [2.0, 3.0])
    hist.push(C.AddNodeCommand(x))
    y = C.leaf_node(doc, "y", [6.0, 4.0], requires_grad=True)
    hist.push(C.AddNodeCommand(y))
    m = C.op_node(doc, "mul", name="m")
    hist.push(C.AddNodeCommand(m))
    s = C.op_node(doc, "sub", name="s")
    hist.push(C.AddNodeCommand(s))
    for src, dst, port in [(x.id, m.id, 0), (y.id, m.id, 1), (x.id, s.id, 0), (m.id, s.id, 1)]:
        hist.push(C.ConnectCommand(src, dst, port))
        runner.run_forward()
    res = runner.run_forward()
    value, y_grad, grad_fn = _engine_x_minus_xy([2.0, 3.0], [6.0, 4.0])
    np.testing.assert_array_equal(res[s.id].value, value)
    assert res[s.id].value.tolist() == [-10.0, -9.0]
    assert res[s.id].next_functions == tuple(type(f).__name__ if f is not None else None
                                             for f, _ in grad_fn.next_functions) == (None, "MulBackward0")
    hist.push(C.SetRootCommand(s.id, [1.0, 1.0]))
    res = runner.run_backward()
    np.testing.assert_array_equal(res[y.id].grad, y_grad)
    assert res.backward_nodes == {y.id, m.id, s.id}
    fresh = Runner(doc.copy()).run_backward()
    for nid in doc.nodes:
        np.testing.assert_array_equal(res[nid].value, fresh[nid].value)
        assert res[nid].grad_fn == fresh[nid].grad_fn and res[nid].next_functions == fresh[nid].next_functions


def _neuron(x1, x2, w1, w2, b):
    ts = {k: engine.tensor(v, dtype=engine.float32, requires_grad=True)
          for k, v in dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b).items()}
    o = (ts["x1"] * ts["w1"] + ts["x2"] * ts["w2"] + ts["b"]).tanh()
    o.backward()
    return float(o.item()), {k: float(t.grad.item()) for k, t in ts.items()}


def test_neuron_lecture_slide_6_shows_numbers_on_a_window_runner():
    """Issue repro 2: the lecture played on the window's own runner (which had run the seed),
    through slides 1-6 and back and forth: no nan, o and w1.grad as the engine computes them."""
    doc = load_document(ROOT / "resources" / "examples" / "seed.json")
    runner = Runner(doc)
    runner.run_backward()
    lecture = load_lecture(ROOT / "resources" / "lectures" / "neuron_backprop_en.json")
    player = LecturePlayer(lecture, document=doc, runner=runner)
    titles = [s.title for s in lecture.slides]
    six = titles.index("Nudging a weight")
    assert six == 5                                             # "slide 6", counted from 1
    for i in [*range(six + 1), six - 1, six + 1, six]:
        player.go_to_slide(i)
    res = player.display_result()
    for nid, r in res.results.items():
        for arr in (r.value, r.grad):
            assert arr is None or np.isfinite(arr).all(), doc.nodes[nid].name
    name = {n.name: n.id for n in doc.nodes.values()}
    vals = {k: float(doc.nodes[name[k]].value) for k in ("x1", "x2", "w1", "w2", "b")}
    o, grads = _neuron(**vals)
    assert float(res[name["o"]].value) == pytest.approx(o, abs=0) and round(o, 4) == 0.7937
    assert float(res[name["w1"]].grad) == pytest.approx(grads["w1"], abs=0) and round(grads["w1"], 4) == 0.7401
    fresh = Runner(doc.copy()).run_backward()
    for nid in doc.nodes:
        np.testing.assert_array_equal(res[nid].value, fresh[nid].value)
        np.testing.assert_array_equal(res[nid].grad, fresh[nid].grad)
    # the narration states the value the engine computes
    text = lecture.slides[six].narration
    assert f"{o:.4f}" in text and "0.7942" not in text


# ------------------------------------------------------------------------------ accumulation
def seed_doc() -> Document:
    return load_document(ROOT / "resources" / "examples" / "seed.json")


def test_backward_again_accumulates_like_pytorch_and_zero_grad_resets():
    doc = seed_doc()
    ids = {n.name: n.id for n in doc.nodes.values()}
    runner = Runner(doc)
    first = runner.run_backward()
    g1 = {k: first[ids[k]].grad.copy() for k in ("a", "b")}
    # PyTorch: Q = ...; Q.backward(g); Q = ...; Q.backward(g) on the same leaves
    a = engine.tensor(doc.nodes[ids["a"]].value, requires_grad=True)
    b = engine.tensor(doc.nodes[ids["b"]].value, requires_grad=True)
    for _ in range(2):
        Q = 3 * a ** 3 - b ** 2
        Q.backward(engine.tensor(doc.root_gradient))
    second = runner.run_backward()
    np.testing.assert_array_equal(second[ids["a"]].grad, a.grad.numpy())
    np.testing.assert_array_equal(second[ids["b"]].grad, b.grad.numpy())
    assert second[ids["a"]].accumulated == 2 and second.passes == 2
    np.testing.assert_array_equal(second[ids["a"]].grad_before, g1["a"])
    acc = next(s for s in runner.backward_steps() if s.kind == "accumulate" and s.node_id == ids["a"])
    np.testing.assert_array_equal(acc.leaf_grad_before, g1["a"])
    line = next(t for t in acc.chain_rule if t.startswith("a.grad ="))
    assert "old + new" in line and "×2" in line and "[36., 81.] + [36., 81.] = [72., 162.]" in line
    runner.zero_grad()
    third = runner.run_backward()
    np.testing.assert_array_equal(third[ids["a"]].grad, g1["a"])
    assert third[ids["a"]].accumulated == 1 and third[ids["a"]].grad_before is None
    runner.run_backward()
    C.SetValueCommand(ids["a"], [1.0, 1.0]).do(doc)       # an edit starts from a fresh run
    assert runner.run_backward()[ids["a"]].accumulated == 1
    assert runner.run_backward(again=False)[ids["a"]].accumulated == 1   # Auto-run adds no pass


def test_training_zeroes_before_each_backward_as_an_optimizer_loop_does():
    doc = seed_doc()
    ids = {n.name: n.id for n in doc.nodes.values()}
    doc.set_root(ids["Q"], None)
    C.AddNodeCommand(Node("L", "op", "L", op="sum"), [Edge(ids["Q"], "L", 0)]).do(doc)
    C.SetRootCommand("L", None).do(doc)
    losses, values = Runner(doc).train(3, lr=0.001)
    a = engine.tensor(doc.nodes[ids["a"]].value, requires_grad=True)
    b = engine.tensor(doc.nodes[ids["b"]].value, requires_grad=True)
    opt = engine.optim.SGD([a, b], lr=0.001)
    want = []
    for _ in range(3):
        opt.zero_grad()
        loss = (3 * a ** 3 - b ** 2).sum()
        want.append(float(loss.item()))
        loss.backward()
        opt.step()
    assert losses == pytest.approx(want, rel=1e-6)
    np.testing.assert_allclose(values[ids["a"]], a.detach().numpy(), rtol=1e-6)


# ------------------------------------------------------------------------------ composite labels
def test_chain_rule_inside_cross_entropy_names_the_intermediate():
    doc = Document()
    doc.insert_node(Node("z", "leaf", "logits", value=np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]], np.float32),
                         requires_grad=True))
    doc.insert_node(Node("t", "const", "target", value=np.array([0, 2])))
    doc.insert_node(Node("L", "op", "loss", op="cross_entropy"))
    doc.insert_edge(Edge("z", "L", 0))
    doc.insert_edge(Edge("t", "L", 1))
    doc.set_root("L", None)
    runner = Runner(doc)
    runner.run_backward()
    steps = runner.backward_steps()
    lines = [line for s in steps for line in s.chain_rule]
    assert [s.name for s in steps] == ["NllLossBackward0", "LogSoftmaxBackward0", "AccumulateGrad"]
    # ∂loss/∂loss is 1, and only the seed says so
    assert [line for line in lines if line.startswith("∂loss/∂loss =")] == [
        "∂loss/∂loss = 1.  (implicit gradient of a scalar root)"]
    inner = steps[1].chain_rule
    assert inner[0] == "LogSoftmaxBackward0 runs for log_softmax(logits), inside loss"
    assert inner[1].startswith("∂loss/∂log_softmax(logits) = ")
    assert inner[2].startswith("∂loss/∂logits = ∂loss/∂log_softmax(logits) · ")
    assert any(line.startswith("∂loss/∂log_softmax(logits) = ∂loss/∂loss · ") for line in steps[0].chain_rule)


def test_chain_rule_of_two_over_x_names_the_reciprocal():
    doc = Document()
    doc.insert_node(Node("x", "leaf", "x", value=np.array([2.0, 4.0], np.float32), requires_grad=True))
    doc.insert_node(Node("k", "const", "k", value=np.array(2.0, np.float32)))
    doc.insert_node(Node("q", "op", "q", op="div"))
    doc.insert_edge(Edge("k", "q", 0))
    doc.insert_edge(Edge("x", "q", 1))
    doc.set_root("q", [1.0, 1.0])
    runner = Runner(doc)
    runner.run_backward()
    recip = next(s for s in runner.backward_steps() if s.name == "ReciprocalBackward0")
    assert recip.chain_rule[1].startswith("∂q/∂reciprocal(x) = ")
    assert not any(line.startswith("∂q/∂q =") for line in recip.chain_rule)


# ------------------------------------------------------------------------------ not computed
def test_an_unconnected_or_failed_op_reports_no_flags():
    doc = Document()
    doc.insert_node(Node("x", "leaf", "x", value=np.ones(2, np.float32), requires_grad=True))
    doc.insert_node(Node("m", "op", "m", op="mul"))
    doc.insert_node(Node("e", "op", "e", op="exp"))
    doc.insert_edge(Edge("x", "m", 0))
    doc.insert_edge(Edge("m", "e", 0))
    res = Runner(doc).run_forward()
    for nid in ("m", "e"):
        r = res[nid]
        assert not r.computed and r.is_leaf is None and r.requires_grad is None and r.grad_fn is None
        assert r.next_functions == () and r.value is None
    assert "input 2" in res["m"].error and res["e"].blocked_by == "m"
    report = result_report(doc, res)
    assert report["nodes"]["m"]["is_leaf"] is None and report["nodes"]["x"]["is_leaf"] is True


# ------------------------------------------------------------------------------ size errors
def _engine_message(a, b) -> str:
    with pytest.raises(Exception) as info:
        engine.apply_op("add", engine.tensor(a), engine.tensor(b))
    return str(info.value)


@pytest.mark.parametrize("first, second", [("x", "b"), ("b", "x")])
def test_size_errors_keep_pytorchs_text_and_name_tensor_a_and_b(first, second):
    values = {"x": np.ones(3, np.float32), "b": np.ones(2, np.float32)}   # the learner's own `b` has size 2
    doc = Document()
    for name, v in values.items():
        doc.insert_node(Node(name, "leaf", name, value=v, requires_grad=True))
    doc.insert_node(Node("s", "op", "s", op="add"))
    doc.insert_edge(Edge(first, "s", 0))
    doc.insert_edge(Edge(second, "s", 1))
    error = Runner(doc).run_forward()["s"].error
    pytorch = _engine_message(values[first], values[second])
    assert pytorch.startswith("The size of tensor a (")
    assert error == f"add: {pytorch} — tensor a is `{first}` (input 1), tensor b is `{second}` (input 2)"


# ------------------------------------------------------------------------------ any op error
class BudgetError(RuntimeError):
    """Stands in for the engine's tensor-size budget (a RuntimeError subclass)."""


def test_a_runtime_error_from_an_op_becomes_that_nodes_error(monkeypatch):
    op = engine.OPS["exp"]

    def too_big(*args, **kwargs):
        raise BudgetError("tensor of 10000000000 elements exceeds the size budget")

    monkeypatch.setitem(engine.OPS, "exp", dataclasses.replace(op, forward=too_big, compose=None))
    doc = Document()
    doc.insert_node(Node("x", "leaf", "x", value=np.ones(2, np.float32), requires_grad=True))
    doc.insert_node(Node("e", "op", "big", op="exp"))
    doc.insert_node(Node("s", "op", "s", op="sum"))
    doc.insert_edge(Edge("x", "e", 0))
    doc.insert_edge(Edge("e", "s", 0))
    doc.set_root("s", None)
    res = Runner(doc).run_backward()
    assert res["e"].error == "exp: tensor of 10000000000 elements exceeds the size budget"
    assert res["s"].blocked_by == "e" and not res["s"].computed
    assert "cannot run backward: 's' has no value because 'big' failed" == res.backward_error


# ------------------------------------------------------------------------------ membership
@pytest.mark.parametrize("name", ["seed.json", "neuron.json", "mlp.json", "transfer_learning.json"])
def test_backward_membership_is_the_same_before_and_after_backward(name):
    """Before a backward the runner walks the root's graph; after one it reads the grad_fns
    that ran: both must name the same nodes and edges."""
    doc = load_document(ROOT / "resources" / "examples" / name)
    runner = Runner(doc)
    before = runner.run_forward()
    after = runner.run_backward()
    assert after.backward_ran
    assert before.backward_nodes == after.backward_nodes and before.backward_edges == after.backward_edges
    assert before.backward_nodes == {nid for nid, r in after.results.items() if r.in_backward_graph}


def test_backward_pressed_after_an_edit_accumulates_into_the_leaves_it_left_alone():
    """Micro-batches: ``loss.backward()``; ``x = tensor(new)``; ``loss = ...; loss.backward()``
    adds into ``w.grad`` in PyTorch. A backward that asks to carry over (a lecture's
    accumulating backward) does the same for every leaf the edit left as it was; a plain press
    or Auto-run after an edit starts afresh."""
    import engine
    from explorer.model.language import parse_script

    doc = parse_script("w = tensor([1., 2.], requires_grad=True)\nx = tensor([3., 4.], requires_grad=True)\n"
                       "loss = (w * x).sum()\nloss.backward()\n")
    runner = Runner(doc)
    runner.run_backward()
    x_id, w_id = doc.node_by_name("x").id, doc.node_by_name("w").id
    C.SetValueCommand(x_id, np.array([1., -1.], np.float32)).do(doc)
    res = runner.run_backward(carry_over=True)
    w = engine.tensor([1., 2.], requires_grad=True)
    for xv in ([3., 4.], [1., -1.]):
        (w * engine.tensor(xv, requires_grad=True)).sum().backward()
    np.testing.assert_array_equal(res.results[w_id].grad, w.grad.numpy())
    assert res.results[w_id].accumulated == 2
    assert res.results[x_id].accumulated == 1          # a new tensor: its .grad starts again
    C.SetValueCommand(x_id, np.array([5., 5.], np.float32)).do(doc)
    fresh = runner.run_backward(again=False)           # Auto-run: a fresh run of the script
    np.testing.assert_array_equal(fresh.results[w_id].grad, [5., 5.])
