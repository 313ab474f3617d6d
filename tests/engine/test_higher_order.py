"""create_graph=True: gradients that carry grad_fn, checked by gradgradcheck (finite
differences of the recorded gradients, float64) for every op with a recorded VJP, against
torch live when installed, plus a negative control."""
from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import OPS
from engine.autograd import grad, gradgradcheck
from engine.higher_order import GRAPH_VJPS
from engine.ops import _apply

DOUBLE = sorted(OPS)  # composed ops (matmul, linear, cross_entropy) run through covered nodes


def _cases():
    for name in DOUBLE:
        for k, (arrays, params) in enumerate(OPS[name].samples(np.random.default_rng(1),
                                                               np.float64)):
            yield pytest.param(name, k, id=f"{name}-{k}")


def _inputs(arrays, op):
    return tuple(engine.tensor(a, requires_grad=(i not in op.nondiff and
                                                 np.asarray(a).dtype.kind == "f"))
                 for i, a in enumerate(arrays))


@pytest.mark.parametrize("name,k", list(_cases()))
def test_double_backward_matches_finite_differences(name, k):
    op = OPS[name]
    arrays, params = op.samples(np.random.default_rng(1), np.float64)[k]
    ins = _inputs(arrays, op)
    assert gradgradcheck(lambda *xs: _apply(op, xs, dict(params)), ins)
    # and the recorded first derivatives are the array backward's
    wrt = [x for x in ins if x.requires_grad]
    recorded = grad(_apply(op, ins, dict(params)).sum(), wrt, create_graph=True)
    plain = grad(_apply(op, ins, dict(params)).sum(), wrt)
    for r, p in zip(recorded, plain):
        np.testing.assert_allclose(r.detach().numpy(), p.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.torch
@pytest.mark.parametrize("name,k", list(_cases()))
def test_double_backward_matches_torch(name, k):
    torch = pytest.importorskip("torch")
    op = OPS[name]
    arrays, params = op.samples(np.random.default_rng(1), np.float64)[k]

    def second(backend, make, call):
        xs = [make(a, i) for i, a in enumerate(arrays)]
        out = call(xs)
        diff = [x for x in xs if x.requires_grad]
        gs = backend.autograd.grad(out.sum(), diff, create_graph=True)
        total = sum((g * g).sum() for g in gs)
        if not total.requires_grad:  # linear ops: the second derivative is zero
            return [np.zeros(np.shape(x.detach().numpy())) for x in diff]
        hs = backend.autograd.grad(total, diff, allow_unused=True)
        return [np.zeros(np.shape(x.detach().numpy())) if h is None
                else h.detach().numpy(**({"force": True} if backend is torch else {}))
                for x, h in zip(diff, hs)]

    def rg(a, i):
        return i not in op.nondiff and np.asarray(a).dtype.kind == "f"

    def tcall(xs):
        positional = "shape" in params or "dims" in params  # torch spells these *size
        args = (*xs, *params.values()) if positional else xs
        kw = {} if positional else params
        if op.function and hasattr(torch, name):
            r = getattr(torch, name)(*args, **kw)
        elif op.method:
            r = getattr(args[0], name)(*args[1:], **kw)
        else:
            r = getattr(torch.nn.functional, name)(*args, **kw)
        return r[0] if isinstance(r, tuple) else r  # max/min along a dim: the values

    def tmake(a, i):
        a = np.asarray(a)
        # where's condition, sampled as 0/1 (batch norm's running statistics stay floats)
        cond = op.input_names[i:i + 1] == ("condition",) and a.dtype.kind == "f"
        return torch.tensor(a.astype(bool) if cond else a, requires_grad=rg(a, i))

    want = second(torch, tmake, tcall)
    got = second(engine, lambda a, i: engine.tensor(np.asarray(a), requires_grad=rg(a, i)),
                 lambda xs: _apply(op, tuple(xs), dict(params)))
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-7, atol=1e-9)


def test_gradients_carry_grad_fn_and_backward_accumulates_graph():
    x = engine.tensor([0.5, 1.5], requires_grad=True, dtype=engine.float64)
    g, = grad((x ** 3).sum(), x, create_graph=True)
    assert g.requires_grad and g.grad_fn is not None
    np.testing.assert_allclose(g.detach().numpy(), 3 * x.detach().numpy() ** 2)
    with pytest.warns(UserWarning, match="^Using backward\\(\\) with create_graph=True"):
        (x.sin() * x).sum().backward(create_graph=True)
    assert x.grad.requires_grad
    gx = x.grad
    x.grad = None
    gx.sum().backward()
    a = x.detach().numpy()
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.cos(a) - a * np.sin(a))


def test_negative_control_wrong_second_derivative_is_caught(monkeypatch):
    # right values, but cos(x) taken as a constant: the second derivative is lost
    monkeypatch.setitem(GRAPH_VJPS, "sin", (lambda g, out, x: g * engine.tensor(np.cos(x._data)),))
    x = engine.tensor([0.3, 1.1], requires_grad=True, dtype=engine.float64)
    with pytest.raises(RuntimeError, match="Jacobian mismatch"):
        gradgradcheck(lambda t: t.sin(), (x,))


def test_unsupported_node_says_so(monkeypatch):
    monkeypatch.delitem(GRAPH_VJPS, "sin")
    x = engine.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    with pytest.raises(NotImplementedError, match="SinBackward0"):
        grad(x.sin().sum(), x, create_graph=True)


def test_every_node_kind_has_a_recorded_vjp():
    """Double backward for every op of the table (and the nodes they are made of)."""
    from engine.ops import INTERNAL_OPS
    missing = [n for n in list(OPS) + list(INTERNAL_OPS) if n not in GRAPH_VJPS
               and OPS.get(n, INTERNAL_OPS.get(n)).compose is None]
    assert not missing


def test_double_backward_through_indexing_joins_and_functions():
    class Cube(engine.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * 3 * x ** 2

    x = engine.tensor([0.5, -1.5, 2.0], requires_grad=True, dtype=engine.float64)
    for f in (lambda t: t[1:] ** 3, lambda t: engine.cat([t[:1], t[1:]]) ** 3,
              lambda t: engine.stack([t, t * 2]) ** 3, lambda t: Cube.apply(t)):
        assert gradgradcheck(lambda t: f(t).sum(), (x,))
