"""In-place ops on views of tensors that require grad (engine/view_inplace.py): the gradients
of graphs rebased onto CopySlices equal central finite differences (float64), the readable
reference backward and the fast path agree on them (node order and gradients), and torch's
refusals keep their exact texts.  (torch's own observations: tests/parity snippet
``inplace_on_views``.)"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import engine
from engine import autograd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parity"))
import snippets  # noqa: E402


def slices_then_views(a, b):
    x = a * 2
    x[::2].mul_(b)
    x[1:3] += b
    v = x[:2]
    x[2:].exp_()
    return (x ** 2).sum() + (v * v).sum()


def through_transpose(a, b):
    x = a * 1.5
    x.t()[0].mul_(b)
    x[:, 1].zero_()
    return (x * x).sum()


def base_then_old_view(a, b):
    x = a * b.sum()
    v = x[1:]
    x.sin_()
    return (v * v).sum() + x.sum()


def no_grad_base(a, b):
    x = engine.zeros(4, dtype=engine.float64)
    x[1:3].add_(b)
    x[0:2].mul_(a[:2])
    return (x * x).sum()


CASES = [
    (slices_then_views, (4,), (2,)),
    (through_transpose, (2, 2), (2,)),
    (base_then_old_view, (3,), (2,)),
    (no_grad_base, (4,), (2,)),
]


def _grads(f, a0, b0):
    a = engine.tensor(a0, requires_grad=True)
    b = engine.tensor(b0, requires_grad=True)
    f(a, b).backward()
    return a.grad.numpy(), b.grad.numpy()


def _finite(f, a0, b0, eps=1e-6):
    out = []
    for which in (0, 1):
        arr = (a0, b0)[which]
        g = np.zeros_like(arr)
        for i in np.ndindex(arr.shape):
            vals = []
            for s in (1, -1):
                p = [a0.copy(), b0.copy()]
                p[which][i] += s * eps
                vals.append(f(engine.tensor(p[0]), engine.tensor(p[1])).item())
            g[i] = (vals[0] - vals[1]) / (2 * eps)
        out.append(g)
    return out


@pytest.mark.parametrize("f,sa,sb", CASES, ids=[c[0].__name__ for c in CASES])
def test_gradients_equal_finite_differences(f, sa, sb):
    rng = np.random.default_rng(1)
    a0, b0 = rng.uniform(0.5, 1.5, sa), rng.uniform(0.5, 1.5, sb)
    for got, want in zip(_grads(f, a0, b0), _finite(f, a0, b0)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("f,sa,sb", CASES, ids=[c[0].__name__ for c in CASES])
def test_reference_and_fast_backward_agree(f, sa, sb, monkeypatch):
    rng = np.random.default_rng(2)
    a0, b0 = rng.uniform(0.5, 1.5, sa), rng.uniform(0.5, 1.5, sb)
    fast = _grads(f, a0, b0)
    a = engine.tensor(a0, requires_grad=True)
    b = engine.tensor(b0, requires_grad=True)
    order = [s.name for s in autograd.backward_steps(f(a, b))]
    monkeypatch.setattr(autograd, "REFERENCE", True)
    ref = _grads(f, a0, b0)
    for x, y in zip(fast, ref):
        assert np.array_equal(x, y)
    from engine.backward_reference import backward as reference_backward
    a = engine.tensor(a0, requires_grad=True)
    b = engine.tensor(b0, requires_grad=True)
    root = f(a, b)
    trace = []
    reference_backward([root], [np.ones((), np.float64)], trace=trace)
    assert [type(n).__name__ for n in trace] == order
    assert {"CopySlices", "AsStridedBackward0"} & set(order)


def test_the_refusals_keep_torchs_texts():
    a = engine.tensor([1., 2., 3.], requires_grad=True)
    with pytest.raises(RuntimeError) as e:
        a[0].mul_(2)
    assert str(e.value) == "a view of a leaf Variable that requires grad is being used in an in-place operation."
    x = a * 2
    with engine.no_grad():
        v = x[:2]
    with pytest.raises(RuntimeError, match="^A view was created in no_grad mode and is being modified inplace"):
        v.mul_(2)


def test_matches_recorded_torch():
    import json
    want = json.loads((Path(snippets.__file__).parent / "fixtures" / "snippets.json").read_text())
    got = snippets.attempt(lambda: snippets.SNIPPETS["inplace_on_views"](engine))
    assert snippets.same(got, want["snippets"]["inplace_on_views"])
