"""Custom Functions with several outputs: gradients equal central finite differences
(float64), the reference backward and the fast path agree, and the graph shows the Function's
node for every output.  (torch's own observations: tests/parity snippet
``function_several_outputs``.)"""
from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import autograd


class SinCos(engine.autograd.Function):
    """(sin x·y, cos x + y): two outputs, each depending on both inputs."""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return (x.sin() * y, x.cos() + y)

    @staticmethod
    def backward(ctx, g_s, g_c):
        x, y = ctx.saved_tensors
        return g_s * x.cos() * y - g_c * x.sin(), g_s * x.sin() + g_c


def loss(x, y):
    s, c = SinCos.apply(x, y)
    return (s * c).sum() + (s ** 2).sum()


def only_first(x, y):
    s, _ = SinCos.apply(x, y)
    return (s * 3).sum()


@pytest.mark.parametrize("f", [loss, only_first])
def test_gradients_equal_finite_differences(f):
    rng = np.random.default_rng(0)
    x0, y0 = rng.uniform(0.2, 1.5, 3), rng.uniform(0.2, 1.5, 3)
    x = engine.tensor(x0, requires_grad=True)
    y = engine.tensor(y0, requires_grad=True)
    f(x, y).backward()
    eps = 1e-6
    for t, arr, which in ((x, x0, 0), (y, y0, 1)):
        want = np.zeros(3)
        for i in range(3):
            vals = []
            for s in (1, -1):
                p = [x0.copy(), y0.copy()]
                p[which][i] += s * eps
                vals.append(f(engine.tensor(p[0]), engine.tensor(p[1])).item())
            want[i] = (vals[0] - vals[1]) / (2 * eps)
        np.testing.assert_allclose(t.grad.numpy(), want, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", [loss, only_first])
def test_reference_and_fast_backward_agree(f, monkeypatch):
    x0, y0 = np.array([0.3, 1.1, 0.7]), np.array([1.2, 0.4, 0.9])
    grads = []
    for reference in (False, True):
        monkeypatch.setattr(autograd, "REFERENCE", reference)
        x = engine.tensor(x0, requires_grad=True)
        y = engine.tensor(y0, requires_grad=True)
        f(x, y).backward()
        grads.append((x.grad.numpy(), y.grad.numpy()))
    for a, b in zip(*grads):
        assert np.array_equal(a, b)


def test_graph_shows_the_functions_node_with_output_numbers():
    x = engine.tensor([1., 2.], requires_grad=True)
    s, c = SinCos.apply(x, x)
    assert s.grad_fn is c.grad_fn and s.grad_fn.name() == "SinCosBackward"
    assert repr(s).endswith("grad_fn=<SinCosBackward>)")
    z = c * s
    assert [(n.name(), k) for n, k in z.grad_fn.next_functions] == [("SinCosBackward", 1),
                                                                  ("SinCosBackward", 0)]
