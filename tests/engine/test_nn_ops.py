"""batch_norm (an op of the table kept out of the graph editor: not iterated by the generic
op tests) checked like the others: forward against a direct numpy reference, VJPs and second
derivatives against finite differences in float64, JVPs; plus the engine-side behaviour of
F.batch_norm, max_pool2d(return_indices=True), dropout, the new modules, nn.init and SGD that
the recorded torch fixtures (tests/parity/test_nn_parity.py) do not pin down."""
from __future__ import annotations

import math

import numpy as np
import pytest

import engine
from engine import nn
from engine.autograd import gradgradcheck
from engine.nn import functional as F
from engine.ops import OPS, _apply
from gradcheck import check_directional, check_vjp
from nn_reference import REFERENCE, max_pool2d as ref_max_pool

BN = OPS["batch_norm"]


def _bn_cases():
    return list(enumerate(BN.samples(np.random.default_rng(0), np.float64)))


@pytest.mark.parametrize("k,case", _bn_cases())
def test_batch_norm_forward_vjp_and_second_derivatives(k, case):
    arrays, params = case
    got = _apply(BN, tuple(engine.tensor(a) for a in arrays), dict(params))
    np.testing.assert_allclose(got.numpy(), REFERENCE["batch_norm"](*arrays, **params),
                               rtol=1e-12, atol=1e-12)
    assert got.grad_fn is None
    rng = np.random.default_rng(k)
    assert not check_vjp(BN, arrays, params, rng)
    assert not check_directional(BN, arrays, params, rng)
    ins = tuple(engine.tensor(a, requires_grad=i not in BN.nondiff) for i, a in enumerate(arrays))
    assert gradgradcheck(lambda *xs: _apply(BN, xs, dict(params)), ins)


def test_batch_norm_jvp_matches_finite_differences():
    arrays, params = BN.samples(np.random.default_rng(0), np.float64)[0]
    x, rm, rv, w, b = (engine.tensor(a) for a in arrays)
    v = np.random.default_rng(1).standard_normal(x.shape)

    def f(t):
        return F.batch_norm(t, None, None, w, b, training=True)
    _out, tangent = engine.func.jvp(f, (x,), (engine.tensor(v),))
    eps = 1e-6
    numeric = (f(engine.tensor(arrays[0] + eps * v)).numpy()
               - f(engine.tensor(arrays[0] - eps * v)).numpy()) / (2 * eps)
    np.testing.assert_allclose(tangent.numpy(), numeric, rtol=1e-5, atol=1e-7)


def test_running_stats_that_require_grad_are_refused_as_torch_does():
    x = engine.randn(4, 3, 2, 2, requires_grad=True)
    rm = engine.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="^The function 'native_batch_norm' is not "
                       "differentiable with respect to argument 'running_mean'. This input "
                       "cannot have requires_grad True.$"):
        F.batch_norm(x, rm, engine.ones(3), training=True)


def test_running_stats_move_with_unbiased_variance_and_a_cumulative_average():
    rng = np.random.default_rng(3)
    bn = nn.BatchNorm2d(2, momentum=None).double()
    xs = [rng.standard_normal((3, 2, 2, 2)) for _ in range(3)]
    for x in xs:
        bn(engine.tensor(x))
    axes = (0, 2, 3)
    np.testing.assert_allclose(bn.running_mean.numpy(),
                               np.mean([x.mean(axes) for x in xs], axis=0), rtol=1e-12)
    # momentum=None: the plain average of the batches' unbiased variances (and 1 at start
    # counts as a batch that was averaged away at the first step)
    np.testing.assert_allclose(bn.running_var.numpy(),
                               np.mean([x.var(axes, ddof=1) for x in xs], axis=0), rtol=1e-12)
    assert bn.num_batches_tracked.item() == 3
    bn.eval()
    before = bn.running_mean.numpy().copy()
    y = bn(engine.tensor(xs[0]))
    np.testing.assert_array_equal(bn.running_mean.numpy(), before)   # eval leaves them alone
    want = (xs[0] - before.reshape(1, 2, 1, 1)) / np.sqrt(
        bn.running_var.numpy().reshape(1, 2, 1, 1) + 1e-5)
    np.testing.assert_allclose(y.detach().numpy(), want, rtol=1e-12)


def test_max_pool_indices_point_at_the_maxima():
    x = np.random.default_rng(4).permutation(2 * 3 * 7 * 7).reshape(2, 3, 7, 7).astype(np.float32)
    out, idx = F.max_pool2d(engine.tensor(x), 3, 2, 1, return_indices=True)
    assert idx.dtype == engine.int64 and idx.shape == out.shape
    picked = np.take_along_axis(x.reshape(2, 3, -1), idx.numpy().reshape(2, 3, -1), axis=2)
    np.testing.assert_array_equal(picked.reshape(out.shape), out.numpy())
    np.testing.assert_array_equal(out.numpy(), ref_max_pool(x, 3, 2, 1))
    pool = nn.MaxPool2d(3, 2, 1, return_indices=True)
    assert isinstance(pool(engine.tensor(x)), tuple)


def test_dropout_scales_survivors_and_is_the_identity_in_eval():
    engine.manual_seed(0)
    x = engine.ones(1000, 10, requires_grad=True)
    y = F.dropout(x, 0.3)
    vals = np.unique(y.detach().numpy())
    np.testing.assert_allclose(vals, [0.0, 1 / 0.7], rtol=1e-6)
    assert abs((y.detach().numpy() == 0).mean() - 0.3) < 0.02
    assert y.grad_fn.name() == "MulBackward0" and y.grad_fn.next_functions[1] == (None, 0)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), y.detach().numpy())  # the same mask
    drop = nn.Dropout(0.3)
    drop.eval()
    assert drop(x) is x
    engine.manual_seed(0)
    again = F.dropout(engine.ones(1000, 10), 0.3)
    np.testing.assert_array_equal(again.numpy(), y.detach().numpy())  # seeded


def test_relu_inplace_rewrites_the_output_of_batch_norm():
    m = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(inplace=True))
    x = engine.randn(2, 2, 4, 4, requires_grad=True)
    y = m(x)
    assert y.grad_fn.name() == "ReluBackward0"
    assert y.grad_fn.next_functions[0][0].name() == "NativeBatchNormBackward0"
    assert (y.detach().numpy() >= 0).all()
    y.sum().backward()
    assert x.grad.shape == x.shape


def test_train_and_eval_reach_every_child_and_sequential_behaves_as_a_list():
    inner = nn.Sequential(nn.BatchNorm2d(2), nn.Dropout())
    m = nn.Sequential(nn.Conv2d(2, 2, 1), inner, nn.ReLU())
    m.eval()
    assert not any(mod.training for mod in m.modules())
    m.train()
    assert all(mod.training for mod in m.modules())
    assert len(m) == 3 and m[1] is inner and m[-1] is list(m)[2]
    assert isinstance(m[1:], nn.Sequential) and len(m[1:]) == 2
    assert [n for n, _ in m.named_modules()] == ["", "0", "1", "1.0", "1.1", "2"]
    assert [n for n, _ in m.named_parameters()] == ["0.weight", "0.bias", "1.0.weight", "1.0.bias"]
    assert [n for n, _ in m.named_buffers()] == ["1.0.running_mean", "1.0.running_var",
                                                "1.0.num_batches_tracked"]
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        m.train("yes")


def test_buffers_round_trip_through_state_dict_and_are_not_parameters():
    bn = nn.BatchNorm2d(3)
    bn(engine.randn(4, 3, 2, 2))
    sd = bn.state_dict()
    assert list(sd) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    assert sd["num_batches_tracked"].dtype == np.int64 and int(sd["num_batches_tracked"]) == 1
    other = nn.BatchNorm2d(3)
    assert repr(other.load_state_dict(sd)) == "<All keys matched successfully>"
    np.testing.assert_array_equal(other.running_var.numpy(), bn.running_var.numpy())
    assert len(list(bn.parameters())) == 2
    bn.register_buffer("scratch", engine.zeros(1), persistent=False)
    assert "scratch" not in bn.state_dict() and bn.scratch.shape == (1,)
    bn.double()
    assert bn.running_mean.dtype == engine.float64 and bn.num_batches_tracked.dtype == engine.int64


def test_frozen_module_sends_no_gradient_to_its_parameters():
    m = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(inplace=True),
                      nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2))
    m[0].requires_grad_(False)
    m[1].requires_grad_(False)
    m(engine.randn(2, 3, 6, 6)).sum().backward()
    assert m[0].weight.grad is None and m[1].weight.grad is None
    assert m[5].weight.grad is not None


def test_initialisers_follow_torchs_formulas():
    engine.manual_seed(1)
    conv = nn.Conv2d(16, 32, 3)
    bound = 1 / math.sqrt(16 * 9)        # kaiming_uniform_(a=√5) = U(±1/√fan_in)
    w = conv.weight.detach().numpy()
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    assert np.abs(conv.bias.detach().numpy()).max() <= bound
    t = engine.empty(256, 128, 3, 3)
    nn.init.kaiming_normal_(t, mode="fan_out", nonlinearity="relu")
    assert abs(t.numpy().std() - math.sqrt(2 / (256 * 9))) < 0.01 * math.sqrt(2 / (256 * 9)) * 5
    nn.init.constant_(t, 0.5)
    assert (t.numpy() == 0.5).all()
    nn.init.zeros_(t)
    nn.init.ones_(conv.bias)
    assert (t.numpy() == 0).all() and (conv.bias.detach().numpy() == 1).all()
    nn.init.uniform_(t, -0.1, 0.1)
    assert -0.1 <= t.numpy().min() < t.numpy().max() <= 0.1
    nn.init.normal_(t, 3.0, 0.01)
    assert abs(t.numpy().mean() - 3.0) < 0.01


def test_sgd_argument_errors_are_torchs():
    p = [nn.Parameter(engine.zeros(2))]
    with pytest.raises(ValueError,
                       match="Nesterov momentum requires a momentum and zero dampening"):
        engine.optim.SGD(p, lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="Invalid momentum value: -1"):
        engine.optim.SGD(p, lr=0.1, momentum=-1)


def test_conv_double_backward_nodes_are_named_as_torch():
    x = engine.randn(1, 2, 5, 5, requires_grad=True, dtype=engine.float64)
    w = engine.randn(3, 2, 3, 3, requires_grad=True, dtype=engine.float64)
    gx, gw = engine.autograd.grad(F.conv2d(x, w, padding=1).pow(2).sum(), (x, w),
                                  create_graph=True)
    assert gx.grad_fn.name() == "ConvolutionBackwardBackward0"
    assert gw.grad_fn.name() == "ConvolutionBackwardBackward0"
    assert gradgradcheck(lambda a, b: F.conv2d(a, b, stride=2, padding=1), (x, w))


def test_forward_hooks_see_every_module_call_and_can_be_removed():
    from engine.nn.modules import register_module_forward_hook, register_module_forward_pre_hook
    m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(inplace=True), nn.Flatten())
    names = {id(mod): name for name, mod in m.named_modules()}
    seen, entered = [], []
    with register_module_forward_pre_hook(lambda mod, args: entered.append(names[id(mod)])):
        h = register_module_forward_hook(lambda mod, args, out: seen.append(
            (names[id(mod)], tuple(out.shape))))
        m(engine.randn(1, 1, 4, 4))
        h.remove()
    assert entered == ["", "0", "1", "2"]
    assert seen == [("0", (1, 2, 2, 2)), ("1", (1, 2, 2, 2)), ("2", (1, 8)), ("", (1, 8))]
    doubled = m[2].register_forward_hook(lambda mod, args, out: out * 2)
    x = engine.randn(1, 1, 4, 4)
    np.testing.assert_allclose(m(x).detach().numpy(), 2 * m[:2](x).flatten(1).detach().numpy(),
                               rtol=1e-6)
    doubled.remove()
    m(x)
    assert len(seen) == 4   # removed hooks run no more


def test_functional_relu_in_place_keeps_the_tensor_and_torchs_node():
    x = engine.randn(4, requires_grad=True)
    y = x * 1
    z = F.relu(y, inplace=True)
    assert z is y and z.grad_fn.name() == "ReluBackward0"
    assert (z.detach().numpy() >= 0).all()
