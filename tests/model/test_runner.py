"""The runner: a document computed through the engine, as PyTorch would compute it.

Values, .grad (None where PyTorch gives None), grad_fn names, the backward graph when leaves
are frozen, errors attached to the node that caused them, forward/backward steps in the
engine's real order (checked against torch's own order with hooks), stepping back,
incremental recompute, and training with frozen leaves."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from explorer.model.commands import (ConnectCommand, DisconnectCommand, History, MoveNodesCommand,
                                     RenameCommand, SetRequiresGradCommand, SetRootCommand,
                                     SetValueCommand)
from explorer.model.document import Document, Edge, Node
from explorer.model.runner import Runner, RunnerError, StepPlayer, training_command

engine = pytest.importorskip("engine")


# ------------------------------------------------------------------------------ building documents
class Builder:
    """Builds a document with the low-level API (positions and names don't matter here)."""

    def __init__(self) -> None:
        self.doc = Document()

    def _add(self, node: Node) -> str:
        self.doc.insert_node(node)
        return node.id

    def leaf(self, name: str, value, requires_grad: bool = True, dtype: str = "float32") -> str:
        return self._add(Node(name, "leaf", name, value=np.asarray(value, dtype=dtype), dtype=dtype,
                              requires_grad=requires_grad))

    def const(self, value, dtype: str = "float32") -> str:
        nid = self.doc.new_id("c")
        return self._add(Node(nid, "const", nid, value=np.asarray(value, dtype=dtype), dtype=dtype))

    def op(self, name: str, op: str, *inputs, **params) -> str:
        nid = self._add(Node(name, "op", name, op=op, params=params))
        for port, src in enumerate(inputs):
            if src is None:
                continue
            if not isinstance(src, str):
                src = self.const(src)
            self.doc.insert_edge(Edge(src, nid, port))
        return nid

    def root(self, nid: str, gradient=None) -> Document:
        self.doc.set_root(nid, None if gradient is None else np.asarray(gradient, dtype=np.float32))
        return self.doc


def seed_doc() -> Document:
    """The tutorial: Q = 3*a**3 - b**2, Q.backward(gradient=tensor([1., 1.]))."""
    b = Builder()
    b.leaf("a", [2.0, 3.0])
    b.leaf("b", [6.0, 4.0])
    b.op("u", "pow", "a", 3.0)
    b.op("v", "mul", 3.0, "u")
    b.op("w", "pow", "b", 2.0)
    b.op("Q", "sub", "v", "w")
    return b.root("Q", [1.0, 1.0])


def names(doc: Document, ids) -> list[str]:
    return [doc.nodes[i].name for i in ids]


def edge(doc: Document, src: str, dst: str) -> Edge:
    (e,) = [e for e in doc.in_edges(dst) if e.src == src]
    return e


# ------------------------------------------------------------------------------ forward / backward
def test_seed_values_grads_and_flags_match_the_tutorial():
    doc = seed_doc()
    res = Runner(doc).run_backward()
    assert res.backward_error is None and res.backward_ran
    np.testing.assert_array_equal(res["Q"].value, [-12.0, 65.0])
    np.testing.assert_array_equal(res["a"].grad, 9 * np.array([2.0, 3.0]) ** 2)   # 9a²
    np.testing.assert_array_equal(res["b"].grad, -2 * np.array([6.0, 4.0]))        # -2b
    assert res["a"].grad.dtype == np.float32
    assert (res["Q"].grad_fn, res["v"].grad_fn, res["u"].grad_fn) == ("SubBackward0", "MulBackward0", "PowBackward0")
    assert res["Q"].next_functions == ("MulBackward0", "PowBackward0")
    assert res["v"].next_functions == ("PowBackward0", None)   # 3*u is u.__rmul__(3): the 3 comes second
    assert res["u"].next_functions == ("AccumulateGrad",)
    assert res["a"].is_leaf and res["a"].requires_grad and res["a"].grad_fn is None
    assert not res["Q"].is_leaf and res["Q"].requires_grad
    assert res["Q"].grad is None and res["u"].grad is None   # non-leaves keep no .grad
    assert res["Q"].shape == (2,)
    consts = [nid for nid, n in doc.nodes.items() if n.kind == "const"]
    assert consts and all(res[c].grad is None and not res[c].requires_grad for c in consts)
    assert res.backward_nodes == {"a", "b", "u", "v", "w", "Q"}
    assert res.backward_edges == {e for e in doc.edges() if doc.nodes[e.src].kind != "const"}


def test_scalar_constants_reach_the_engine_as_python_numbers_like_pytorch():
    b = Builder()
    b.leaf("x", [1.0, 4.0])
    b.op("r", "sub", 2.0, "x")        # 2 - x
    b.op("m", "mul", 3.0, "x")        # 3 * x
    b.op("p", "pow", "x", 2.0)        # x ** 2
    b.op("d", "div", 2.0, "x")        # 2 / x
    b.op("s1", "add", "r", "m")
    b.op("s2", "add", "s1", "p")
    b.op("s3", "add", "s2", "d")
    b.op("L", "sum", "s3")
    res = Runner(b.root("L")).run_backward()
    assert res["r"].grad_fn == "RsubBackward1"
    assert res["m"].grad_fn == "MulBackward0"
    assert res["p"].grad_fn == "PowBackward0"
    assert res["d"].grad_fn == "MulBackward0"
    assert "ReciprocalBackward0" in res["d"].next_functions
    x = np.array([1.0, 4.0])
    np.testing.assert_allclose(res["x"].grad, -1 + 3 + 2 * x - 2 / x ** 2, rtol=1e-6)


def test_freezing_b_drops_its_branch_out_of_the_backward_graph():
    doc = seed_doc()
    runner = Runner(doc)
    before = runner.run_backward()
    SetRequiresGradCommand("b", False).do(doc)
    res = runner.run_backward()
    assert res["b"].grad is None                           # PyTorch: b.grad is None
    np.testing.assert_array_equal(res["a"].grad, before["a"].grad)
    assert not res["w"].requires_grad and res["w"].grad_fn is None and res["w"].is_leaf
    assert res["Q"].next_functions == ("MulBackward0", None)
    assert res.backward_nodes == {"a", "u", "v", "Q"}
    assert edge(doc, "b", "w") not in res.backward_edges
    assert edge(doc, "w", "Q") not in res.backward_edges
    assert edge(doc, "u", "v") in res.backward_edges and edge(doc, "a", "u") in res.backward_edges
    assert not res["b"].in_backward_graph and not res["w"].in_backward_graph
    assert [s.node_id for s in runner.backward_steps()] == ["Q", "v", "u", "a"]


def test_a_node_that_feeds_the_root_through_a_frozen_path_only_is_out():
    # k requires grad but reaches the root only through detach-like frozen values? No: through
    # a side branch that is not an ancestor of the root at all.
    b = Builder()
    b.leaf("a", [1.0, 2.0])
    b.op("side", "exp", "a")          # requires grad, but not on a path to the root
    b.op("L", "sum", "a")
    res = Runner(b.root("L")).run_backward()
    assert res["side"].requires_grad and not res["side"].in_backward_graph
    assert Edge("a", "side", 0) not in res.backward_edges
    assert Edge("a", "L", 0) in res.backward_edges


# ------------------------------------------------------------------------------ errors
def test_shape_mismatch_attaches_to_its_node_and_blocks_only_downstream():
    b = Builder()
    b.leaf("a", [1.0, 2.0])
    b.leaf("c", [1.0, 2.0, 3.0])
    b.op("bad", "add", "a", "c")
    b.op("after", "exp", "bad")
    b.op("fine", "exp", "a")
    doc = b.root("after")
    res = Runner(doc).run_backward()          # never raises
    assert res["bad"].error and not res["bad"].computed
    assert "(2,)" in res["bad"].error or "2" in res["bad"].error
    assert res["after"].error is None and not res["after"].computed and res["after"].blocked_by == "bad"
    assert res["after"].value is None
    assert res["fine"].computed and res["fine"].error is None
    assert res.backward_error and "'after'" in res.backward_error
    assert res.errors == {"bad": res["bad"].error}


def test_unconnected_input_names_the_port():
    b = Builder()
    b.leaf("a", [1.0, 2.0])
    b.op("m", "mul", "a", None)
    res = Runner(b.root("m", [1.0, 1.0])).run_backward()
    assert res["m"].error == "'m' (mul): input 2 is not connected"


def test_nan_from_a_domain_is_a_warning_on_the_node_that_produced_it():
    b = Builder()
    b.leaf("x", [-1.0, 2.0])
    b.op("lg", "log", "x")
    b.op("e", "exp", "lg")
    b.op("L", "sum", "e")
    doc = b.root("L")
    res = Runner(doc).run_backward()
    assert "nan" in res["lg"].warning and "log" in res["lg"].warning and "1 of 2" in res["lg"].warning
    assert res["e"].warning is None and res["e"].computed          # NaN flows on, as in PyTorch
    assert np.isnan(res["L"].value)
    assert res.backward_ran and np.isnan(res["x"].grad[0])
    strict = Runner(doc, nonfinite="error").run_forward()
    assert "nan" in strict["lg"].error and strict["L"].blocked_by == "lg" and not strict["L"].computed


@pytest.mark.parametrize("setup, message", [
    ("no_root", "no backward root"),
    ("vector_root", "grad can be implicitly created only for scalar outputs"),
    ("frozen_root", "element 0 of tensors does not require grad and does not have a grad_fn"),
    ("bad_gradient", "Mismatch in shape: grad_output[0] has a shape of"),
])
def test_backward_problems_are_reported_with_pytorchs_text(setup, message):
    doc = seed_doc()
    if setup == "no_root":
        doc.set_root(None, None)
    elif setup == "vector_root":
        doc.set_root("Q", None)
    elif setup == "frozen_root":
        doc.update_node("a", requires_grad=False)
        doc.update_node("b", requires_grad=False)
    else:
        doc.set_root("Q", np.ones(3, np.float32))
    res = Runner(doc).run_backward()
    assert not res.backward_ran and message in res.backward_error
    assert res["Q"].computed and all(r.grad is None for r in res.results.values())


# ------------------------------------------------------------------------------ steps
def test_forward_steps_visit_each_node_once_in_topological_order():
    doc = seed_doc()
    runner = Runner(doc)
    steps = runner.forward_steps()
    assert [s.node_id for s in steps] == doc.topological_order()
    u = next(s for s in steps if s.node_id == "u")
    assert [src for _, src, _ in u.inputs][0] == "a"
    np.testing.assert_array_equal(u.inputs[0][2], [2.0, 3.0])
    assert u.text == "u = a ** 3 = [8., 27.]"
    assert next(s for s in steps if s.node_id == "a").text == "a = tensor([2., 3.], requires_grad=True)"


# PyTorch 2.13 runs the seed's backward in this order (recorded with grad_fn hooks; the live
# check is test_backward_order_matches_torch_hooks): b**2 was created after 3*a**3, so its
# PowBackward0 has the higher sequence number and runs first.
SEED_ORDER = [("Q", "SubBackward0"), ("w", "PowBackward0"), ("b", "AccumulateGrad"),
              ("v", "MulBackward0"), ("u", "PowBackward0"), ("a", "AccumulateGrad")]


def test_backward_steps_follow_the_engine_and_carry_the_chain_rule_with_numbers():
    doc = seed_doc()
    runner = Runner(doc)
    steps = runner.backward_steps()
    assert [(s.node_id, s.name) for s in steps] == SEED_ORDER
    q, w, acc_b, v, u, acc_a = steps
    assert q.arrivals[0].seed and q.arrivals[0].edge is None
    np.testing.assert_array_equal(q.grad, [1.0, 1.0])
    assert [(s.edge, s.to_node) for s in q.sends] == [(edge(doc, "v", "Q"), "v"), (edge(doc, "w", "Q"), "w")]
    np.testing.assert_array_equal(q.sends[1].grad, [-1.0, -1.0])
    assert w.arrivals[0].edge == edge(doc, "w", "Q") and w.arrivals[0].from_node == "Q"
    assert acc_b.kind == "accumulate"
    np.testing.assert_array_equal(acc_b.leaf_grad, [-12.0, -8.0])
    assert "b.grad = [-12., -8.]" in acc_b.chain_rule
    # ∂Q/∂a = ∂Q/∂u · ∂u/∂a = [3., 3.] · 3·a^… = [36., 81.]
    line = next(t for t in u.chain_rule if t.startswith("∂Q/∂a"))
    assert line.startswith("∂Q/∂a = ∂Q/∂u · ∂u/∂a = [3., 3.] · ") and line.endswith("= [36., 81.]")
    assert "a" in line.split("·", 2)[2]          # the local derivative is written in a's name
    assert v.next_ids == ["u", None] and v.next_ports == [1, None]
    # the engine-style fields the step controller reads
    assert acc_a.is_accumulate and acc_a.grad_output[0].tolist() == [36.0, 81.0]


def test_gradients_meeting_at_a_node_are_summed_and_each_edge_carries_its_own():
    b = Builder()
    b.leaf("x", [1.0, 2.0])
    b.op("sq", "mul", "x", "x")          # two edges from one node
    b.op("L", "sum", "sq")
    doc = b.root("L")
    runner = Runner(doc)
    res = runner.run_backward()
    np.testing.assert_array_equal(res["x"].grad, [2.0, 4.0])
    steps = runner.backward_steps()
    mul = next(s for s in steps if s.name == "MulBackward0")
    assert [s.edge.port for s in mul.sends] == [0, 1]
    acc = steps[-1]
    assert len(acc.arrivals) == 2 and {a.edge.port for a in acc.arrivals} == {0, 1}
    assert any("summed" in line for line in acc.chain_rule)
    assert res.edge_grads[Edge("x", "sq", 0)].tolist() == [1.0, 2.0]


def test_a_node_with_two_grad_fns_maps_both_steps_to_it():
    b = Builder()
    b.leaf("x", [1.0, 4.0])
    b.op("d", "div", 2.0, "x")           # MulBackward0 over ReciprocalBackward0
    b.op("L", "sum", "d")
    doc = b.root("L")
    steps = Runner(doc).backward_steps()
    assert [(s.node_id, s.name) for s in steps] == [
        ("L", "SumBackward0"), ("d", "MulBackward0"), ("d", "ReciprocalBackward0"), ("x", "AccumulateGrad")]
    internal = [s for s in steps[1].sends if s.internal]
    assert len(internal) == 1 and internal[0].edge is None
    assert steps[2].sends[0].edge == Edge("x", "d", 1)


def test_step_player_steps_forward_and_back_restoring_each_state():
    doc = seed_doc()
    runner = Runner(doc)
    player = runner.step_player()
    assert len(player) == len(doc.nodes) + len(SEED_ORDER)
    seen = []
    while not player.at_end:
        s = player.step_forward()
        seen.append((s.cursor, set(s.values), {k: v.tolist() for k, v in s.grads.items()}, s.active_nodes))
    n_fwd = len(doc.nodes)
    assert seen[n_fwd - 1][2] == {}                              # end of forward: no grads yet
    assert seen[n_fwd + 2][2] == {"b": [-12.0, -8.0]}            # after AccumulateGrad(b)
    assert seen[-1][2] == {"b": [-12.0, -8.0], "a": [36.0, 81.0]}
    assert seen[0][1] == {doc.topological_order()[0]}
    for expected in reversed(seen[:-1]):
        s = player.step_back()
        got = (s.cursor, set(s.values), {k: v.tolist() for k, v in s.grads.items()}, s.active_nodes)
        assert got == expected
    assert player.step_back().cursor == -1 and player.state().values == {}
    assert player.seek_phase("backward", 0).step.name == "SubBackward0"
    assert player.seek_phase("backward", -1).step.name == "AccumulateGrad"


# ------------------------------------------------------------------------------ incremental
def test_changing_a_leaf_gives_the_new_values_and_grads():
    doc = seed_doc()
    runner = Runner(doc)
    runner.run_backward()
    SetValueCommand("a", [1.0, 1.0]).do(doc)
    res = runner.run_backward()
    np.testing.assert_array_equal(res["Q"].value, [3 - 36.0, 3 - 16.0])
    np.testing.assert_array_equal(res["a"].grad, [9.0, 9.0])   # an edit starts from a fresh run
    MoveNodesCommand({"a": (50.0, 50.0)}).do(doc)               # a move is no edit of the maths:
    res = runner.run_backward()                                 # Backward again accumulates
    np.testing.assert_array_equal(res["a"].grad, [18.0, 18.0])
    RenameCommand("u", "cube").do(doc)
    np.testing.assert_array_equal(runner.run_backward()["a"].grad, [9.0, 9.0])


def test_rewiring_reports_the_new_wiring():
    doc = seed_doc()
    runner = Runner(doc)
    runner.run_forward()
    DisconnectCommand(edge(doc, "w", "Q")).do(doc)
    res = runner.run_forward()
    assert "input 2" in res["Q"].error and not res["Q"].computed
    ConnectCommand("u", "Q", 1).do(doc)
    res = runner.run_backward()
    np.testing.assert_array_equal(res["Q"].value, [24.0 - 8.0, 81.0 - 27.0])
    assert res["b"].grad is None and not res["w"].in_backward_graph


def test_toggling_requires_grad_drops_and_restores_a_branch():
    doc = seed_doc()
    runner = Runner(doc)
    runner.run_backward()
    values = {nid: r.value for nid, r in runner.results.items()}
    SetRequiresGradCommand("b", False).do(doc)
    res = runner.run_backward()
    assert all(np.array_equal(res[nid].value, values[nid]) for nid in values)
    assert res["w"].grad_fn is None and res["Q"].next_functions == ("MulBackward0", None)
    SetRequiresGradCommand("b", True).do(doc)
    res = runner.run_backward()
    assert res["w"].grad_fn == "PowBackward0"
    np.testing.assert_array_equal(res["b"].grad, [-12.0, -8.0])


def test_root_change_moves_the_backward_graph():
    doc = seed_doc()
    runner = Runner(doc)
    runner.run_backward()
    SetRootCommand("v", [1.0, 1.0]).do(doc)
    res = runner.run_backward()
    assert res["b"].grad is None and not res["w"].in_backward_graph
    np.testing.assert_array_equal(res["a"].grad, [36.0, 81.0])


# ------------------------------------------------------------------------------ training
def transfer_doc(rng: np.random.Generator) -> Document:
    """A frozen "pretrained" backbone (Linear + ReLU) and a trainable Linear head, MSE loss."""
    b = Builder()
    b.leaf("x", rng.normal(size=(8, 3)), requires_grad=False)
    b.leaf("W1", rng.normal(size=(4, 3)), requires_grad=False)
    b.leaf("b1", rng.normal(size=(4,)), requires_grad=False)
    b.leaf("W2", rng.normal(size=(2, 4)) * 0.1)
    b.leaf("b2", np.zeros(2))
    b.leaf("y", rng.normal(size=(8, 2)), requires_grad=False)
    b.op("h", "linear", "x", "W1", "b1")
    b.op("r", "relu", "h")
    b.op("out", "linear", "r", "W2", "b2")
    b.op("loss", "mse_loss", "out", "y")
    return b.root("loss")


@pytest.mark.parametrize("optimizer, lr", [("sgd", 0.1), ("adam", 0.05)])
def test_training_lowers_the_loss_and_leaves_frozen_leaves_bit_identical(optimizer, lr):
    doc = transfer_doc(np.random.default_rng(0))
    frozen = {k: doc.nodes[k].value.tobytes() for k in ("x", "W1", "b1", "y")}
    runner = Runner(doc)
    history, new = runner.train(30, optimizer=optimizer, lr=lr, momentum=0.9 if optimizer == "sgd" else 0.0)
    assert len(history) == 30 and history[-1] < 0.8 * history[0]
    assert set(new) == {"W2", "b2"}
    assert not np.array_equal(new["W2"], doc.nodes["W2"].value)     # train() leaves the document alone
    hist = History(doc)
    hist.push(training_command(doc, new))                          # one undo step
    assert {k: doc.nodes[k].value.tobytes() for k in frozen} == frozen
    np.testing.assert_array_equal(doc.nodes["W2"].value, new["W2"])
    res = runner.run_forward()
    assert res["loss"].value < history[0]
    hist.undo()
    assert runner.run_forward()["loss"].value == pytest.approx(history[0], rel=1e-6)


def test_training_refuses_what_it_cannot_train():
    doc = transfer_doc(np.random.default_rng(1))
    for k in ("W2", "b2"):
        doc.update_node(k, requires_grad=False)
    with pytest.raises(RunnerError, match="does not depend on any leaf that requires grad|no leaf requires grad"):
        Runner(doc).train(3)
    with pytest.raises(RunnerError, match="unknown optimizer"):
        Runner(seed_doc()).train(1, optimizer="lbfgs")


# ------------------------------------------------------------------------------ PyTorch, live
torch_only = pytest.mark.torch


def _torch_seed(torch):
    a = torch.tensor([2.0, 3.0], requires_grad=True)
    b = torch.tensor([6.0, 4.0], requires_grad=True)
    Q = 3 * a ** 3 - b ** 2
    return Q, {"a": a, "b": b}, torch.tensor([1.0, 1.0])


def _torch_chain(torch):
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    w = torch.tensor([1.5, 0.5, -2.0], requires_grad=True)
    p = x * w
    t = torch.tanh(p)
    s = t + x                      # x used twice: gradients meet at AccumulateGrad(x)
    e = torch.exp(s)
    L = (e * p).sum()
    return L, {"x": x, "w": w}, None


def _doc_chain() -> Document:
    b = Builder()
    b.leaf("x", [0.5, -1.0, 2.0])
    b.leaf("w", [1.5, 0.5, -2.0])
    b.op("p", "mul", "x", "w")
    b.op("t", "tanh", "p")
    b.op("s", "add", "t", "x")
    b.op("e", "exp", "s")
    b.op("m", "mul", "e", "p")
    b.op("L", "sum", "m")
    return b.root("L")


def _torch_order(root, leaves, gradient) -> list[tuple[str, str | None]]:
    """(grad_fn name, leaf name for AccumulateGrad) in the order torch runs them (grad_fn hooks)."""
    order = []
    leaf_names = {id(t): n for n, t in leaves.items()}
    seen, stack = set(), [root.grad_fn]
    while stack:
        fn = stack.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        label = leaf_names.get(id(fn.variable)) if hasattr(fn, "variable") else None
        fn.register_hook(lambda gi, go, _n=type(fn).__name__, _l=label: order.append((_n, _l)))
        stack.extend(f for f, _ in fn.next_functions)
    root.backward(gradient=gradient)
    return order


@torch_only
@pytest.mark.parametrize("make_torch, make_doc", [(_torch_seed, seed_doc), (_torch_chain, _doc_chain)])
def test_backward_order_values_and_grads_match_torch_hooks(make_torch, make_doc):
    torch = pytest.importorskip("torch")
    root, leaves, gradient = make_torch(torch)
    expected = _torch_order(root, leaves, gradient)
    doc = make_doc()
    runner = Runner(doc)
    res = runner.run_backward()
    got = [(s.name, doc.nodes[s.node_id].name if s.kind == "accumulate" else None)
           for s in runner.backward_steps()]
    assert got == expected
    for name, t in leaves.items():
        np.testing.assert_allclose(res[doc.node_by_name(name).id].grad, t.grad.numpy(), rtol=1e-6)
    np.testing.assert_allclose(res[doc.root].value, root.detach().numpy(), rtol=1e-6)


@torch_only
def test_training_losses_match_torch_sgd_with_momentum():
    torch = pytest.importorskip("torch")
    doc = transfer_doc(np.random.default_rng(2))
    history, new = Runner(doc).train(5, optimizer="sgd", lr=0.1, momentum=0.9)
    t = {k: torch.tensor(doc.nodes[k].value, requires_grad=doc.nodes[k].requires_grad)
         for k in ("x", "W1", "b1", "W2", "b2", "y")}
    opt = torch.optim.SGD([t["W2"], t["b2"]], lr=0.1, momentum=0.9)
    losses = []
    for _ in range(5):
        out = torch.nn.functional.linear(torch.relu(torch.nn.functional.linear(t["x"], t["W1"], t["b1"])), t["W2"], t["b2"])
        loss = torch.nn.functional.mse_loss(out, t["y"])
        losses.append(loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()
    np.testing.assert_allclose(history, losses, rtol=1e-5)
    np.testing.assert_allclose(new["W2"], t["W2"].detach().numpy(), rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------------------------ every op of the table
def _signature(fn, leaves: dict[int, str]):
    """grad_fn name and next_functions, recursively; AccumulateGrad names its leaf."""
    if fn is None:
        return None
    if hasattr(fn, "variable"):
        return ("AccumulateGrad", leaves.get(id(fn.variable)))
    return (type(fn).__name__, tuple(_signature(f, leaves) for f, _ in fn.next_functions))


def _op_cases():
    from engine.ops import OPS

    rng = np.random.default_rng(7)
    for name, op in OPS.items():
        for k, (inputs, params) in enumerate(op.samples(rng, np.float64)[:2]):
            if any(x is None for x in inputs):
                inputs = tuple(x for x in inputs if x is not None)
            floats = [i for i, x in enumerate(inputs) if np.asarray(x).dtype.kind == "f"]
            for bits in range(2 ** len(floats)):
                rg = {i for j, i in enumerate(floats) if bits >> j & 1}
                yield pytest.param(name, inputs, params, rg, id=f"{name}-{k}-{sorted(rg)}")


@pytest.mark.parametrize("name, inputs, params, rg", list(_op_cases()))
def test_every_op_matches_a_direct_engine_run_for_every_requires_grad_pattern(name, inputs, params, rg):
    """The runner derives the user's graph from a fully recorded one (so that toggling
    requires_grad needs no forward); it must equal what the engine builds directly."""
    leaves = {}
    direct = []
    for i, x in enumerate(inputs):
        x = np.asarray(x)
        t = engine.tensor(x, dtype=engine.float64, requires_grad=i in rg) if x.dtype.kind == "f" else engine.tensor(x)
        direct.append(t)
        leaves[id(t)] = f"x{i}"
    try:
        out = engine.apply_op(name, *direct, **params)
    except RuntimeError as exc:  # batch norm's running statistics must not require grad
        out, refused = None, str(exc)
    else:
        out = out[0] if isinstance(out, tuple) else out
    b = Builder()
    ids = []
    for i, x in enumerate(inputs):
        x = np.asarray(x)
        if x.dtype.kind == "f":
            ids.append(b.leaf(f"x{i}", x, requires_grad=i in rg, dtype="float64"))
        else:
            nid = f"x{i}"
            b.doc.insert_node(Node(nid, "const", nid, value=x, dtype="float64"))
            ids.append(nid)
    b.op("out", name, *ids, **params)
    if out is None:  # the runner refuses the same document with the engine's (torch's) text
        res = Runner(b.doc).run_forward()
        assert refused in res.errors[b.doc.node_by_name("out").id]
        return
    doc = b.root("out", np.ones(out.shape))
    doc.root_gradient = np.ones(out.shape, dtype=np.float64)
    runner = Runner(doc)
    res = runner.run_backward()
    np.testing.assert_array_equal(res["out"].value, out.detach().numpy())
    user_leaves = {id(runner.tensor(i)): doc.nodes[i].name for i in ids}
    assert _signature(runner.tensor("out").grad_fn, user_leaves) == _signature(out.grad_fn, leaves)
    assert res["out"].requires_grad == out.requires_grad
    if not out.requires_grad:
        assert "does not require grad" in res.backward_error
        return
    out.backward(gradient=engine.ones_like(out))
    for i, t in enumerate(direct):
        got = res[ids[i]].grad
        want = None if not t.requires_grad or t.grad is None else t.grad.numpy()
        if want is None:
            assert got is None
        else:
            np.testing.assert_array_equal(got, want)


def test_after_an_incremental_edit_the_backward_order_is_that_of_a_fresh_run():
    doc = _doc_chain()
    runner = Runner(doc)
    runner.run_backward()
    SetValueCommand("x", [1.0, 2.0, -0.5]).do(doc)      # x's cone is rebuilt, w's side is not
    SetRequiresGradCommand("w", False).do(doc)
    SetRequiresGradCommand("w", True).do(doc)
    incremental = [(s.node_id, s.name) for s in runner.backward_steps()]
    fresh = [(s.node_id, s.name) for s in Runner(doc.copy()).backward_steps()]
    assert incremental == fresh
    np.testing.assert_array_equal(runner.results["x"].grad, Runner(doc.copy()).run_backward()["x"].grad)


def test_a_trainer_keeps_momentum_across_button_presses_like_one_long_run():
    doc_a = transfer_doc(np.random.default_rng(3))
    doc_b = doc_a.copy()
    one_run, final = Runner(doc_a).train(4, optimizer="sgd", lr=0.1, momentum=0.9)
    runner = Runner(doc_b)
    trainer = runner.trainer("sgd", lr=0.1, momentum=0.9)
    hist = History(doc_b)
    pressed = []
    for _ in range(4):                          # Train step, four times, each applied as a command
        losses, values = trainer.step(1)
        pressed += losses
        hist.push(training_command(doc_b, values))
    np.testing.assert_allclose(pressed, one_run, rtol=1e-6)
    np.testing.assert_array_equal(doc_b.nodes["W2"].value, final["W2"])
    hist.undo()                                 # the document moved under the trainer: fresh optimizer
    losses, _ = trainer.step(1)
    assert losses[0] == pytest.approx(pressed[-1], rel=1e-6)


# ------------------------------------------------------------------------------ nothing escapes
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def random_documents(draw):
    """Random wiring over the op table: wrong shapes, missing inputs, odd params, any root."""
    from engine.ops import OPS

    names = sorted(OPS)
    b = Builder()
    ids = []
    for i in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from([(), (2,), (3,), (2, 3)]))
        value = draw(st.lists(st.floats(-3, 3, allow_nan=False), min_size=int(np.prod(shape)),
                              max_size=int(np.prod(shape))))
        ids.append(b.leaf(f"l{i}", np.reshape(np.array(value, dtype=np.float32), shape), draw(st.booleans())))
    for i in range(draw(st.integers(1, 6))):
        op = OPS[draw(st.sampled_from(names))]
        params = {p.name: p.default for p in op.params if repr(p.default) != "REQUIRED"}
        inputs = [draw(st.sampled_from(ids + [None, 2.0])) for _ in range(op.arity)]
        ids.append(b.op(f"o{i}", op.name, *inputs, **params))
    root = draw(st.sampled_from(ids + [None]))
    if root is not None:
        b.root(root, draw(st.sampled_from([None, [1.0, 1.0], 1.0])))
    return b.doc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_documents())
def test_no_document_makes_the_runner_raise(doc):
    runner = Runner(doc)
    res = runner.run_backward()
    for nid, r in res.results.items():
        assert r.computed or r.error or r.blocked_by, nid        # every failure says why
        assert not (r.computed and r.error)
    if not res.backward_ran and doc.root is not None:
        assert res.backward_error
    player = runner.step_player()
    player.to_end()
    for s in runner.backward_steps():
        assert isinstance(s.chain_rule, list)
    for s in runner.forward_steps():
        assert s.text
    while not player.at_start:
        player.step_back()


def _observable(runner: Runner) -> tuple:
    res = runner.run_backward()
    nodes = tuple((nid, None if r.value is None else r.value.tobytes(), None if r.grad is None else r.grad.tobytes(),
                   r.requires_grad, r.is_leaf, r.grad_fn, r.next_functions, r.error, r.blocked_by,
                   r.in_backward_graph) for nid, r in sorted(res.results.items()))
    steps = tuple((s.node_id, s.name) for s in runner.backward_steps())
    return nodes, tuple(sorted(map(str, res.backward_edges))), res.backward_error, steps


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["value", "freeze", "retain", "rewire", "root"]),
                          st.integers(0, 1000), st.floats(-2, 2, allow_nan=False)), min_size=1, max_size=8))
def test_incremental_results_equal_a_fresh_run_after_any_edits(edits):
    doc = _doc_chain()
    runner = Runner(doc)
    runner.run_backward()
    ops = [nid for nid, n in doc.nodes.items() if n.kind == "op"]
    for kind, k, x in edits:
        try:
            if kind == "value":
                leaf = ["x", "w"][k % 2]
                SetValueCommand(leaf, doc.nodes[leaf].value * np.float32(x)).do(doc)
            elif kind == "freeze":
                leaf = ["x", "w"][k % 2]
                SetRequiresGradCommand(leaf, not doc.nodes[leaf].requires_grad).do(doc)
            elif kind == "retain":
                nid = ops[k % len(ops)]
                doc.update_node(nid, retain_grad=not doc.nodes[nid].retain_grad)
            elif kind == "rewire":
                dst = ops[k % len(ops)]
                srcs = [n for n in doc.nodes if n != dst]
                edges = doc.in_edges(dst)
                port = edges[0].port if edges else next(p for p, s in enumerate(doc.inputs(dst)) if s is None)
                if edges:
                    DisconnectCommand(edges[0]).do(doc)
                ConnectCommand(srcs[(k // 7) % len(srcs)], dst, port).do(doc)   # may be refused: a cycle
            else:
                SetRootCommand(ops[k % len(ops)], None).do(doc)
        except Exception as exc:  # a refused edit (a cycle) changes nothing
            assert type(exc).__name__ == "DocumentError"
        assert _observable(runner) == _observable(Runner(doc.copy()))


def test_retain_grad_accumulate_and_zero_grad_behave_like_pytorch():
    doc = seed_doc()
    runner = Runner(doc)
    doc.update_node("u", retain_grad=True)                 # u.retain_grad()
    res = runner.run_backward()
    assert res["u"].retains_grad and res["u"].grad.tolist() == [3.0, 3.0]
    assert res["v"].grad is None                            # not retained: None, as in PyTorch
    res = runner.run_backward()            # Backward again: a second `Q = ...; Q.backward(...)`
    assert res["a"].grad.tolist() == [72.0, 162.0] and res["u"].grad.tolist() == [3.0, 3.0]
    assert res["a"].accumulated == 2 and res["a"].grad_before.tolist() == [36.0, 81.0]
    res = runner.zero_grad()
    assert res["a"].grad is None and not res.backward_ran and res["a"].accumulated == 0
    assert runner.run_backward()["a"].grad.tolist() == [36.0, 81.0]   # zero_grad() starts from None
