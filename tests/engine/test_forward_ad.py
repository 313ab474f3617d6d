"""Forward mode (``engine.autograd.forward_ad``, ``engine.func.jvp``): for every op of the
table, the tangent J·v equals central finite differences (float64) along a random
direction, and torch's ``torch.func.jvp`` (live, when torch is installed); a deliberately
wrong derivative rule must be caught; the API behaves as torch's (dual levels, views)."""
from __future__ import annotations

import numpy as np
import pytest

import engine
import engine.autograd.forward_ad as fwAD
from engine import OPS
from engine.func import grad, jvp, vjp
from engine.higher_order import GRAPH_VJPS
from engine.ops import _apply

EPS = 1e-6


def _cases():
    for name in sorted(OPS):
        for k, _ in enumerate(OPS[name].samples(np.random.default_rng(2), np.float64)):
            yield pytest.param(name, k, id=f"{name}-{k}")


def _split(op, arrays):
    """Which inputs are differentiated (float, not declared non-differentiable)."""
    return [i for i, a in enumerate(arrays)
            if i not in op.nondiff and np.asarray(a).dtype.kind == "f"]


def _fn(op, arrays, params, wrt):
    """f(*differentiated inputs) with the other inputs held constant."""
    def f(*xs):
        ins = [engine.tensor(np.asarray(a)) for a in arrays]
        for i, x in zip(wrt, xs):
            ins[i] = x
        r = _apply(op, tuple(ins), dict(params))
        return r[0] if isinstance(r, tuple) else r
    return f


def jvp_problems(op, arrays, params, rng) -> list[str]:
    """Compare engine's J·v with central differences (f(x+εv) − f(x−εv)) / 2ε."""
    wrt = _split(op, arrays)
    if not wrt:
        return []
    f = _fn(op, arrays, params, wrt)
    xs = tuple(np.asarray(arrays[i], dtype=np.float64) for i in wrt)
    vs = tuple(rng.standard_normal(x.shape) for x in xs)
    out, tangent = jvp(f, tuple(engine.tensor(x) for x in xs),
                       tuple(engine.tensor(v) for v in vs))
    with engine.no_grad():
        fp = f(*(engine.tensor(x + EPS * v) for x, v in zip(xs, vs)))._data
        fm = f(*(engine.tensor(x - EPS * v) for x, v in zip(xs, vs)))._data
    numeric = (fp - fm) / (2 * EPS)
    problems = []
    if tangent.shape != out.shape:
        problems.append(f"tangent shape {tuple(tangent.shape)} != output {tuple(out.shape)}")
    elif not np.allclose(tangent._data, numeric, rtol=1e-3, atol=1e-5):
        problems.append(f"{op.name}: J·v {tangent._data} != finite differences {numeric}")
    return problems


@pytest.mark.parametrize("name,k", list(_cases()))
def test_jvp_matches_finite_differences(name, k):
    op = OPS[name]
    arrays, params = op.samples(np.random.default_rng(2), np.float64)[k]
    assert jvp_problems(op, arrays, params, np.random.default_rng(k)) == []


def test_negative_control_wrong_jvp_is_caught(monkeypatch):
    # sin's derivative taken as +sin instead of cos: the checker must report it
    monkeypatch.setitem(GRAPH_VJPS, "sin", (lambda g, out, x: g * x.sin(),))
    op = OPS["sin"]
    arrays, params = op.samples(np.random.default_rng(2), np.float64)[0]
    assert jvp_problems(op, arrays, params, np.random.default_rng(0))


def test_broadcast_tangents_follow_the_output_shape():
    x = engine.tensor([[1.], [2.]], dtype=engine.float64)
    y = engine.tensor([10., 20., 30.], dtype=engine.float64)
    out, t = jvp(lambda a, b: a * b, (x, y), (engine.ones(2, 1, dtype=engine.float64),
                                              engine.zeros(3, dtype=engine.float64)))
    assert t.shape == (2, 3)
    np.testing.assert_allclose(t.numpy(), np.broadcast_to(y.numpy(), (2, 3)))


def _is_condition(op, i: int) -> bool:
    return op.input_names[i:i + 1] == ("condition",)


@pytest.mark.torch
@pytest.mark.parametrize("name,k", list(_cases()))
def test_jvp_matches_torch(name, k):
    torch = pytest.importorskip("torch")
    op = OPS[name]
    arrays, params = op.samples(np.random.default_rng(2), np.float64)[k]
    wrt = _split(op, arrays)
    if not wrt:
        pytest.skip("no differentiable input")
    rng = np.random.default_rng(k)
    xs = [np.asarray(arrays[i], dtype=np.float64) for i in wrt]
    vs = [rng.standard_normal(x.shape) for x in xs]

    def tcall(*txs):
        ins = []
        for i, a in enumerate(arrays):
            a = np.asarray(a)
            # where's condition is sampled as 0/1 floats; batch norm's running statistics stay
            ins.append(torch.tensor(a.astype(bool) if _is_condition(op, i) and a.dtype.kind == "f"
                                    else a))
        for i, x in zip(wrt, txs):
            ins[i] = x
        positional = "shape" in params or "dims" in params  # torch spells these *size
        args = (*ins, *params.values()) if positional else ins
        kw = {} if positional else params
        if op.function and hasattr(torch, name):
            r = getattr(torch, name)(*args, **kw)
        elif op.method:
            r = getattr(args[0], name)(*args[1:], **kw)
        else:
            r = getattr(torch.nn.functional, name)(*args, **kw)
        return r[0] if isinstance(r, tuple) else r

    _, want = torch.func.jvp(tcall, tuple(torch.tensor(x) for x in xs),
                             tuple(torch.tensor(v) for v in vs))
    _, got = jvp(_fn(op, arrays, params, wrt), tuple(engine.tensor(x) for x in xs),
                 tuple(engine.tensor(v) for v in vs))
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-7, atol=1e-9)


# ---------------------------------------------------------------------------- the API
def test_dual_tensors_live_inside_their_level():
    x = engine.tensor([1., 2.])
    with pytest.raises(RuntimeError, match="no level exists"):
        fwAD.make_dual(x, engine.ones(2))
    with fwAD.dual_level():
        d = fwAD.make_dual(x, engine.tensor([1., 0.]))
        assert np.shares_memory(d._data, x._data) and not d.requires_grad  # a view, flags kept
        y = (d * d).sin() + 2 * d
        primal, tangent = fwAD.unpack_dual(y)
        a = x.numpy()
        np.testing.assert_allclose(primal.numpy(), np.sin(a * a) + 2 * a, rtol=1e-6)
        np.testing.assert_allclose(tangent.numpy(),
                                   (2 * a * np.cos(a * a) + 2) * [1., 0.], rtol=1e-6)
        assert fwAD.unpack_dual(x).tangent is None
    assert fwAD.unpack_dual(y).tangent is None  # leaving the level drops the tangents


def test_forward_and_reverse_mode_compose():
    w = engine.tensor([1., 2.], requires_grad=True)
    with fwAD.dual_level():
        d = fwAD.make_dual(w, engine.ones(2))
        assert d.grad_fn.name() == "ViewBackward0"
        q = (d * d).sum()
        assert fwAD.unpack_dual(q).tangent.item() == 6.0
        q.backward()
    assert w.grad.tolist() == [2., 4.]


def test_vjp_and_grad_do_not_touch_the_inputs():
    x = engine.tensor([0.5, 1.0], requires_grad=True)
    out, vjp_fn = vjp(lambda a: a.exp(), x)
    (g,) = vjp_fn(engine.tensor([1., 2.]))
    np.testing.assert_allclose(g.numpy(), np.exp([0.5, 1.0]) * [1, 2], rtol=1e-6)
    np.testing.assert_allclose(grad(lambda a, b: (a * b).sum(), argnums=1)(
        x, engine.tensor([3., 4.])).numpy(), x.detach().numpy())
    assert x.grad is None and not out.requires_grad
    with pytest.raises(RuntimeError, match="Expected f\\(\\*args\\) to return a scalar Tensor"):
        grad(lambda a: a.sin())(x)


def test_in_place_on_a_dual_tensor_is_refused_not_silently_wrong():
    with fwAD.dual_level():
        d = fwAD.make_dual(engine.tensor([1., 2.]), engine.ones(2))
        with pytest.raises(NotImplementedError, match="in-place mul_ of a dual tensor"):
            d *= 2
        assert fwAD.unpack_dual(d).tangent.tolist() == [1., 1.]
    d *= 2  # outside the level it is a plain tensor again
    assert d.tolist() == [2., 4.] and type(d) is engine.Tensor
