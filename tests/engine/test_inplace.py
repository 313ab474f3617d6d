"""In-place ops (x.add_(...), x += ..., exp_, zero_, copy_ ...) and version counters.

Errors and graphs are compared with recorded torch runs in tests/parity (inplace_* programs);
here: every generated in-place method's gradient against finite differences in float64, the
rules a learner trips over, and the op table as the single source of the methods."""
from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import OPS

INPLACE = sorted(name for name, op in OPS.items() if op.inplace)
MODIFIED = "one of the variables needed for gradient computation has been modified by an inplace"


def _domain(name):
    return np.array([0.3, 0.8, 1.7])  # positive: log_, sqrt_, reciprocal_ are defined


def _args(name, x):
    if name == "clamp":
        return (0.6, 1.5)
    if OPS[name].arity == 2:
        return (x,)
    return ()


def _loss(x_data, name, inplace: bool):
    """sum((op(1.5 x + 0.25, ...))²), the op applied in place or not; returns (loss, x)."""
    x = engine.tensor(x_data, requires_grad=True)
    y = x * 1.5 + 0.25
    args = _args(name, x)
    if inplace:
        r = getattr(y, name + "_")(*args)
        assert r is y
    else:
        y = getattr(y, name)(*args)
    s = (y * y).sum()
    return s, x


@pytest.mark.parametrize("name", INPLACE)
def test_inplace_gradient_matches_finite_differences(name):
    x0 = _domain(name)
    s, x = _loss(x0, name, inplace=True)
    s.backward()
    num = np.zeros_like(x0)
    for i in range(x0.size):
        e = np.zeros_like(x0)
        e[i] = 1e-6
        with engine.no_grad():
            hi = _loss(x0 + e, name, True)[0].item()
            lo = _loss(x0 - e, name, True)[0].item()
        num[i] = (hi - lo) / 2e-6
    np.testing.assert_allclose(x.grad.numpy(), num, rtol=1e-5, atol=1e-6)
    # same node name and value as the out-of-place op
    s2, x2 = _loss(x0, name, inplace=False)
    s2.backward()
    np.testing.assert_allclose(x.grad.numpy(), x2.grad.numpy(), rtol=1e-12)


def test_methods_come_from_the_table():
    for name in INPLACE:
        m = getattr(engine.Tensor, name + "_")
        assert m.__name__ == name + "_"
    assert {"add", "sub", "mul", "div", "pow", "exp", "sin", "cos", "relu", "sigmoid", "tanh",
            "neg", "abs", "sqrt", "log", "clamp"} <= set(INPLACE)
    for name in ("zero_", "fill_", "copy_", "__iadd__", "__isub__", "__imul__", "__itruediv__",
                 "__ipow__"):
        assert hasattr(engine.Tensor, name)


@pytest.mark.torch
def test_every_inplace_method_exists_in_torch():
    torch = pytest.importorskip("torch")
    for name in INPLACE:
        assert hasattr(torch.Tensor, name + "_"), name


def test_optimizer_update_keeps_the_leaf():
    """The polynomial tutorial: `a -= lr * a.grad` under no_grad, for several iterations."""
    a = engine.tensor([0.5], requires_grad=True)
    xs = engine.tensor([1., 2., 3.])
    for step in range(3):
        loss = ((a * xs - xs * 2) ** 2).sum()
        loss.backward()
        with engine.no_grad():
            a -= 0.01 * a.grad
        a.grad.zero_()
        assert a.is_leaf and a.requires_grad and a.grad_fn is None
    assert a._version == 3
    assert abs(a.item() - 2.0) < abs(0.5 - 2.0)


def test_inplace_on_leaf_refused_in_grad_mode_only():
    x = engine.tensor([1., 2.], requires_grad=True)
    with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad is being used in "
                                           "an in-place operation.$"):
        x += 1
    assert x.tolist() == [1., 2.] and x._version == 0
    with engine.no_grad():
        x += 1
    assert x.tolist() == [2., 3.] and x.requires_grad and x.is_leaf


def test_detach_shares_the_version_counter_data_does_not():
    a = engine.tensor([1., 2., 3.], requires_grad=True)
    out = a.sigmoid()
    out.data.zero_()              # torch: silently wrong, and no error
    out.sum().backward()
    assert a.grad.tolist() == [0., 0., 0.]
    out = a.sigmoid()
    out.detach().zero_()
    with pytest.raises(RuntimeError, match=MODIFIED + r".*output 0 of Sigmoid, is at version 1; "
                                                      r"expected version 0 instead"):
        out.sum().backward()


def test_rebased_grad_fn_and_correct_gradient():
    x = engine.tensor([1., -2.], requires_grad=True, dtype=engine.float64)
    y = x * 2
    y.add_(1)
    assert y.grad_fn.name() == "AddBackward0" and y._version == 1
    y.mul_(x)                     # y = (2x + 1) x: the node keeps y's old value
    assert y.grad_fn.name() == "MulBackward0"
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 4 * x.detach().numpy() + 1)


@pytest.mark.parametrize("op", ["exp", "sigmoid", "tanh", "sqrt", "reciprocal", "relu"])
def test_saved_result_modified_raises(op):
    a = engine.tensor([0.5, 1.5], requires_grad=True)
    y = getattr(a + 1, op)()
    y.mul_(2)
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.sum().backward()


@pytest.mark.parametrize("op", ["sin", "cos", "log", "abs", "square", "pow"])
def test_saved_input_modified_raises(op):
    a = engine.tensor([0.5, 1.5], requires_grad=True)
    x = a + 1
    y = x ** 3 if op == "pow" else getattr(x, op)()
    x.add_(1)
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.sum().backward()


def test_inplace_version_checks_survive_many_updates():
    w = engine.tensor([1.0], requires_grad=True)
    y = w * w
    with engine.no_grad():
        for _ in range(5000):     # more bumps than the counter keeps individually
            w.add_(0.0)
    with pytest.raises(RuntimeError, match="is at version 5000; expected version 0 instead"):
        y.backward()


def test_views_share_the_version_and_graph_views_rebase_the_base():
    x = engine.zeros(3)
    v = x[1:]
    v.add_(1)
    assert x.tolist() == [0., 1., 1.] and x._version == v._version == 1
    w = engine.tensor([1., 2.], requires_grad=True) * 1
    w[0].mul_(2)            # recorded on the base, as torch does
    assert w.grad_fn.name() == "torch::autograd::CopySlices" and w.tolist() == [2., 2.]


# ------------------------------------------------------------------ torch.sin_(a): module functions
MODULE_INPLACE = sorted(n for n in dir(engine) if n.endswith("_") and not n.startswith("_")
                        and callable(getattr(engine, n)))


def test_module_in_place_functions_are_the_methods_with_torchs_leaf_refusal():
    # the introyt tutorial's lesson: torch.sin_(a) on a leaf that requires grad refuses
    assert {"sin_", "exp_", "relu_", "sigmoid_", "zero_", "clamp_"} <= set(MODULE_INPLACE)
    a = engine.linspace(0.1, 0.9, steps=3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used"):
        engine.sin_(a)
    with pytest.raises(TypeError, match=r"sin_\(\): argument 'input' \(position 1\) must be Tensor"):
        engine.sin_(0.5)
    for name in MODULE_INPLACE:
        x, y = engine.tensor([0.3, 0.8]), engine.tensor([0.3, 0.8])
        args = (0.5,) if name in ("fill_", "clamp_min_", "clamp_max_", "xlogy_") else (
            (0.4, 0.6) if name in ("clamp_", "clip_") else ())
        if name == "index_put_":
            args = ((engine.tensor([0]),), engine.tensor(2.0))
        got = getattr(engine, name)(x, *args)
        assert got is x and x.equal(getattr(y, name)(*args)), name


@pytest.mark.torch
def test_module_in_place_functions_are_ones_torch_has_with_the_same_values():
    torch = pytest.importorskip("torch")
    for name in MODULE_INPLACE:
        assert callable(getattr(torch, name, None)), f"torch has no {name}"
    for name in ("sin_", "exp_", "sigmoid_", "tanh_", "sqrt_", "log1p_", "relu_", "neg_"):
        e, t = engine.tensor([0.3, 0.8], dtype=engine.float64), torch.tensor([0.3, 0.8], dtype=torch.float64)
        getattr(engine, name)(e)
        getattr(torch, name)(t)
        np.testing.assert_allclose(e.numpy(), t.numpy(), rtol=1e-15, err_msg=name)
