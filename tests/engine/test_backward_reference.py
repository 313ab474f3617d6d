"""The readable reference backward (engine/backward_reference.py) against the fast path
(autograd.backward_steps): the same observations on every parity program (values, grads,
errors, hook order, ...), the same node order and gradients on random graphs, and the
reference files stay under their line budget."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest

import engine
from engine import autograd
from engine.backward_reference import backward as reference_backward

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "parity"))
import programs  # noqa: E402


def _run(prog, dtype, reference: bool, monkeypatch):
    monkeypatch.setattr(autograd, "REFERENCE", reference)
    return json.dumps(programs.run_program(prog, engine, dtype), sort_keys=True, default=repr)


PROGRAMS = programs.all_programs()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("k", range(len(PROGRAMS)), ids=[p["name"] for p in PROGRAMS])
def test_reference_and_fast_path_agree_on_every_parity_program(k, dtype, monkeypatch):
    prog = PROGRAMS[k]
    assert _run(prog, dtype, True, monkeypatch) == _run(prog, dtype, False, monkeypatch)


def _random_graph(seed: int):
    """A random DAG of table ops over a few leaves (shared subexpressions, broadcasting)."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    leaves = [engine.tensor(nrng.uniform(0.5, 1.5, shape), dtype=engine.float64,
                            requires_grad=rng.random() < 0.8)
              for shape in rng.choices([(3,), (2, 3), (1, 3), ()], k=rng.randint(1, 4))]
    pool = list(leaves)
    for _ in range(rng.randint(1, 25)):
        kind = rng.random()
        a = rng.choice(pool)
        if kind < 0.5:
            b = rng.choice(pool)
            op = rng.choice(["add", "sub", "mul", "div"])
            pool.append(getattr(a, op)(b.abs() + 0.5 if op == "div" else b))
        elif kind < 0.9:
            pool.append(getattr(a, rng.choice(["exp", "sin", "tanh", "sigmoid", "square"]))())
        else:
            pool.append(a.sum() * rng.choice(pool).mean())
    root = sum((t.sum() for t in rng.sample(pool, min(3, len(pool)))), engine.tensor(0.))
    _random_graph.pool = pool  # (the intermediates too, for autograd.grad)
    return leaves, root


@pytest.mark.parametrize("seed", range(60))
def test_same_order_and_gradients_on_random_graphs(seed):
    leaves, root = _random_graph(seed)
    if not root.requires_grad:
        pytest.skip("nothing requires grad")
    fast = [(s.node, s.leaf_grad) for s in autograd.backward_steps(root, retain_graph=True)]
    fast_grads = [None if t.grad is None else t.grad.numpy().copy() for t in leaves]
    for t in leaves:
        t.grad = None
    trace: list = []
    reference_backward([root], [np.ones((), np.float64)], retain_graph=True, trace=trace)
    assert trace == [n for n, _ in fast]
    for t, want in zip(leaves, fast_grads):
        got = None if t.grad is None else t.grad.numpy()
        assert (got is None) == (want is None)
        if got is not None:
            np.testing.assert_array_equal(got, want)  # bit for bit: the same additions


@pytest.mark.parametrize("seed", range(40))
def test_same_autograd_grad_and_backward_inputs_on_random_graphs(seed, monkeypatch):
    leaves, root = _random_graph(seed)
    pool = [t for t in _random_graph.pool if t.requires_grad]
    if not root.requires_grad:
        pytest.skip("nothing requires grad")
    rng = random.Random(seed)
    wanted = rng.sample(pool, rng.randint(1, len(pool)))
    some_leaves = [t for t in leaves if t.requires_grad][:1]

    def run(reference):
        monkeypatch.setattr(autograd, "REFERENCE", reference)
        gs = autograd.grad(root, wanted, retain_graph=True, allow_unused=True)
        for t in leaves:
            t.grad = None
        root.backward(retain_graph=True, inputs=some_leaves)
        return [None if g is None else g.numpy() for g in gs] + \
            [None if t.grad is None else t.grad.numpy().copy() for t in leaves]

    fast, ref = run(False), run(True)
    for a, b in zip(fast, ref):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_array_equal(a, b)


def test_reference_is_what_backward_runs_when_asked(monkeypatch):
    # a wrong reference would be seen: the switch really routes backward() through it
    monkeypatch.setattr(autograd, "REFERENCE", True)
    import engine.backward_reference as ref
    calls = []
    real = ref.backward
    monkeypatch.setattr(ref, "backward", lambda *a, **k: calls.append(1) or real(*a, **k))
    x = engine.tensor([1., 2.], requires_grad=True)
    (x * x).sum().backward()
    assert calls and x.grad.tolist() == [2., 4.]


# teenygrad keeps its files under a line budget: the reference must stay readable in one sitting
# (the op table: one entry per op; its long rules and its samples live in their own modules)
BUDGET = {"engine/backward_reference.py": 160, "engine/forward_ad.py": 180, "engine/op_table.py": 560}


@pytest.mark.parametrize("path,limit", BUDGET.items())
def test_reference_files_stay_under_their_line_budget(path, limit):
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    code = [ln for ln in lines if ln.strip() and not ln.strip().startswith("#")]
    assert len(code) <= limit, f"{path}: {len(code)} non-blank lines > {limit}"
