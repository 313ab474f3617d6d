"""The tensor budget (engine.limits): oversized results are refused before they are
computed, with one clear line, and a budget scope caps the bytes a run allocates."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import engine
from engine import TensorBudgetError, tensor_budget

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BOMB = textwrap.dedent("""
    import resource, sys, time
    import engine

    def peak_kb():
        # VmHWM: this process's own peak.  (ru_maxrss would carry the parent's peak over
        # fork+exec on Linux, so a child of a big pytest process would read the parent's.)
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    base = peak_kb()
    a = engine.ones(20000, 1, requires_grad=True)
    b = engine.ones(1, 20000)
    t0 = time.perf_counter()
    try:
        {expr}
    except engine.TensorBudgetError as e:
        msg = str(e)
    else:
        msg = "no error"
    dt = time.perf_counter() - t0
    peak = peak_kb()
    print(msg)
    print(dt, peak // 1024, base // 1024)
""")


@pytest.mark.parametrize("expr", ["a + b", "a * b + 1", "a @ b", "engine.matmul(a, b)",
                                  "engine.nn.functional.linear(a, b.T)"])
def test_memory_bomb_fails_fast_and_small(expr):
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, "-c", BOMB.format(expr=expr)], capture_output=True,
                         text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    msg, figures = out.stdout.strip().splitlines()
    assert msg == ("this op would make a tensor of 400,000,000 elements (shape (20000, 20000)), "
                   "over the limit of 50,000,000")
    seconds, peak_mb, _ = (float(v) for v in figures.split())
    assert seconds < 1.0
    assert peak_mb < 200


def test_small_ops_unaffected_and_budget_counts_bytes():
    x = engine.ones(100, 1, requires_grad=True)
    y = (x + engine.ones(1, 100)).sum()
    y.backward()
    assert x.grad.tolist() == [[100.0]] * 100
    with tensor_budget(max_elements=1000, max_bytes=10_000) as b:
        z = engine.ones(10, 10)       # 400 bytes
        w = z * 2 + 1                 # two more results
        assert b.used_bytes == 1200
        with pytest.raises(TensorBudgetError, match=r"over the limit of 10,000$"):
            for _ in range(100):
                w = w + 1
        assert w.shape == (10, 10)
        with pytest.raises(TensorBudgetError, match="tensor of 1,100 elements"):
            engine.zeros(11, 100)
    # the scope ended: defaults again
    assert engine.zeros(11, 100).shape == (11, 100)


def test_nested_scopes_both_count():
    with tensor_budget(max_bytes=1000) as outer:
        with tensor_budget(max_bytes=None) as inner:
            engine.ones(100)
            assert inner.used_bytes == outer.used_bytes == 400
            with pytest.raises(TensorBudgetError):
                engine.ones(200)
        assert outer.used_bytes == 400


@pytest.mark.parametrize("make", [
    lambda: engine.zeros(10, 10, 11), lambda: engine.ones((10, 101)),
    lambda: engine.randn(1001), lambda: engine.rand(2, 501), lambda: engine.full((1001,), 2.),
    lambda: engine.arange(0, 1001), lambda: engine.arange(0., 10.01, 0.01),
    lambda: engine.linspace(0, 1, 1001), lambda: engine.eye(40),
    lambda: engine.ones(1, 10).expand(200, 10), lambda: engine.ones(1, 10) + engine.zeros(200, 1),
    lambda: engine.ones(10, 1) @ engine.ones(1, 101),
    lambda: engine.ones(5, 10, 1) @ engine.ones(1, 1, 21),
])
def test_every_way_to_make_a_big_tensor_is_checked(make):
    with tensor_budget(max_elements=1000):
        with pytest.raises(TensorBudgetError, match="over the limit of 1,000"):
            make()


def test_arange_and_shape_errors_are_torchs():
    cases = [((0., float("inf")), "unsupported range: 0 -> inf"),
             ((float("nan"),), "unsupported range: 0 -> nan"),
             ((0, 1e308, 1e-300), "invalid size, possible overflow?"),
             ((1e308, 0.5, 4), "upper bound and lower bound inconsistent with step sign"),
             ((0, 10, 0), "step must be nonzero")]
    for args, text in cases:
        with pytest.raises(RuntimeError) as e:
            engine.arange(*args)
        assert str(e.value) == text
    with pytest.raises(RuntimeError, match=r"^Storage size calculation overflowed with sizes="
                                           r"\[4611686018427387904, 4, 0\]$"):
        engine.ones(2 ** 62, 4, 0)
    with pytest.raises(RuntimeError, match=r"^Trying to create tensor with negative dimension "
                                           r"-1: \[-1\]$"):
        engine.ones(-1)
    assert engine.arange(0, 1, 0.25).tolist() == [0, 0.25, 0.5, 0.75]
    assert engine.arange(1, 10, 3).tolist() == [1, 4, 7]


@pytest.mark.torch
def test_arange_errors_live():
    torch = pytest.importorskip("torch")
    for args in [(0., float("inf")), (float("nan"),), (0, 1e308, 1e-300), (1e308, 0.5, 4),
                 (0, 10, 0), (5., 1.)]:
        with pytest.raises(RuntimeError) as te:
            torch.arange(*args)
        with pytest.raises(RuntimeError) as ee:
            engine.arange(*args)
        assert str(ee.value) == str(te.value)
    for n in (0, 1, 7):
        for step in (1, 0.5, 3):
            assert np.array_equal(engine.arange(0, n, step).numpy(),
                                  torch.arange(0, n, step).numpy())
