"""Gradients of the API-breadth additions (activations, layers, losses) against central finite
differences in float64 (``engine.autograd.gradcheck``), plus a negative control; their values
and grad_fn names against torch are in tests/parity/test_breadth_parity.py."""
from __future__ import annotations

import numpy as np
import pytest

import engine
import engine.nn.functional as F
from engine.autograd import gradcheck


def _x(*shape, seed=0, scale=2.0):
    a = np.random.default_rng(seed).standard_normal(shape) * scale
    a[np.abs(a) < 0.05] += 0.2       # away from the kinks (relu-like ops at 0)
    return engine.tensor(a, dtype=engine.float64, requires_grad=True)


ACTS = {
    "leaky_relu": lambda x: F.leaky_relu(x, 0.2), "elu": F.elu, "selu": F.selu,
    "celu": lambda x: F.celu(x, 2.0), "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"), "silu": F.silu, "mish": F.mish,
    "softplus": lambda x: F.softplus(x, beta=2.0, threshold=3.0), "softsign": F.softsign,
    "hardswish": F.hardswish, "hardsigmoid": F.hardsigmoid, "logsigmoid": F.logsigmoid,
    "softmin": lambda x: F.softmin(x, dim=1), "glu": lambda x: F.glu(x, 1),
    "tanhshrink": F.tanhshrink, "softshrink": F.softshrink,
    "hardtanh": lambda x: F.hardtanh(x, -1.3, 1.7),
    "threshold": lambda x: F.threshold(x, 0.1, 5.0),
}


@pytest.mark.parametrize("name", sorted(ACTS))
def test_activation_gradients_match_finite_differences(name):
    assert gradcheck(ACTS[name], (_x(3, 4),))


def test_prelu_gradients_reach_input_and_weight():
    w = engine.tensor([0.25, -0.5, 0.1], dtype=engine.float64, requires_grad=True)
    assert gradcheck(F.prelu, (_x(2, 3, 2), w))
    assert gradcheck(F.prelu, (_x(5), engine.tensor([0.3], dtype=engine.float64,
                                                    requires_grad=True)))


def test_negative_control_a_wrong_gradient_is_caught():
    import dataclasses

    from engine.op_table import INTERNAL_OPS
    from engine.ops import _apply
    op = INTERNAL_OPS["silu"]
    wrong = dataclasses.replace(op, vjps=(lambda g, out, x: g * out,))  # d/dx taken as silu
    assert gradcheck(lambda x: _apply(op, (x,), {}), (_x(3),))
    with pytest.raises(Exception):
        gradcheck(lambda x: _apply(wrong, (x,), {}), (_x(3),))


def test_inplace_activation_on_a_leaf_is_refused_like_torch():
    x = _x(3)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        F.leaky_relu(x, 0.2, inplace=True)
    y = x * 1
    z = F.elu(y, inplace=True)
    assert z is y and z.grad_fn.name() == "EluBackward1"


def _w(*shape, seed=1):
    return _x(*shape, seed=seed, scale=1.0)


LAYERS = {
    "layer_norm": (lambda x, w, b: F.layer_norm(x, (4,), w, b, eps=1e-3),
                   lambda: (_x(3, 4), _w(4), _w(4, seed=2))),
    "layer_norm_2d": (lambda x: F.layer_norm(x, (2, 3)), lambda: (_x(2, 2, 3),)),
    "normalize": (lambda x: F.normalize(x, dim=1), lambda: (_x(3, 4),)),
    "cosine_similarity": (F.cosine_similarity, lambda: (_x(3, 4), _w(3, 4))),
    "pairwise_distance": (F.pairwise_distance, lambda: (_x(3, 4), _w(3, 4))),
    "pad": (lambda x: F.pad(x, (1, -1, 2, 0), value=3.0), lambda: (_x(3, 4),)),
    "conv1d": (lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
               lambda: (_x(2, 3, 7), _w(4, 3, 3), _w(4, seed=3))),
    "bilinear": (F.bilinear, lambda: (_x(2, 3), _w(2, 2), _w(4, 3, 2, seed=4), _w(4, seed=5))),
    "avg_pool1d": (lambda x: F.avg_pool1d(x, 3, 2, 1), lambda: (_x(1, 2, 7),)),
    "max_pool1d": (lambda x: F.max_pool1d(x, 2), lambda: (_x(1, 2, 6),)),
    "group_norm": (lambda x, w, b: F.group_norm(x, 2, w, b),
                   lambda: (_x(2, 4, 3), _w(4), _w(4, seed=2))),
    "sdpa_causal": (lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
                    lambda: (_x(1, 2, 3, 2), _w(1, 2, 3, 2), _w(1, 2, 3, 2, seed=3))),
    "embedding": (lambda w: F.embedding(engine.tensor([[0, 2], [2, 3]]), w),
                  lambda: (_w(4, 3),)),
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_gradients_match_finite_differences(name):
    fn, inputs = LAYERS[name]
    assert gradcheck(fn, inputs())


def test_embedding_padding_row_gets_no_gradient():
    w = _w(4, 3)
    F.embedding(engine.tensor([0, 3, 3]), w, padding_idx=3).sum().backward()
    assert np.all(w.grad.numpy()[3] == 0) and np.all(w.grad.numpy()[0] == 1)


_T = engine.tensor([0, 2, 1])
_S = engine.tensor([1.0, -1.0, 1.0], dtype=engine.float64)
_C = _w(3, 3, seed=9).detach()   # constants: finite differences must not move them
_P = _C.abs() + 0.5
LOSSES = {
    "ce_label_smoothing": lambda x: F.cross_entropy(x, _T, label_smoothing=0.2),
    "ce_weight_ignore": lambda x: F.cross_entropy(
        x, _T, weight=engine.tensor([0.5, 2.0, 1.0], dtype=engine.float64), ignore_index=1),
    "nll_weight_sum": lambda x: F.nll_loss(
        x, _T, weight=engine.tensor([0.5, 2.0, 1.0], dtype=engine.float64), reduction="sum"),
    "huber": lambda x: F.huber_loss(x, _C, delta=0.7),
    "margin_ranking": lambda x: F.margin_ranking_loss(x[:, 0], x[:, 1], _S, margin=0.1),
    "hinge": lambda x: F.hinge_embedding_loss(x[:, 0], _S, margin=3.0),
    "cosine_embedding": lambda x: F.cosine_embedding_loss(x, _C, _S, 0.1),
    "triplet": lambda x: F.triplet_margin_loss(x, _P, _C,
                                               margin=3.0),
    "poisson": lambda x: F.poisson_nll_loss(x, _P),
    "bce_weight_sum": lambda x: F.binary_cross_entropy(
        x.sigmoid(), (_C > 0).double(), weight=_P[0], reduction="sum"),
    "bce_logits_pos_weight": lambda x: F.binary_cross_entropy_with_logits(
        x, (_C > 0).double(), pos_weight=_P[1], reduction="none"),
    "gaussian": lambda x: F.gaussian_nll_loss(x, _C, _P),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_gradients_match_finite_differences(name):
    assert gradcheck(LOSSES[name], (_x(3, 3, seed=4),))


@pytest.mark.parametrize("kind", ["LSTM", "GRU", "RNN"])
def test_recurrent_layers_gradients_match_finite_differences(kind):
    engine.manual_seed(3)
    m = getattr(engine.nn, kind)(2, 3, num_layers=2, bidirectional=True).double()
    assert gradcheck(lambda x: m(x)[0], (_x(4, 1, 2, scale=0.5),))


# second derivatives (create_graph=True) through the rules in engine/nn/graph_rules.py
SECOND = {**{f"act_{k}": (v, lambda: (_x(3, 4),)) for k, v in ACTS.items()},
          **{f"layer_{k}": v for k, v in LAYERS.items() if k not in ("max_pool1d",)},
          **{f"loss_{k}": (v, lambda: (_x(3, 3, seed=4),)) for k, v in LOSSES.items()},
          "prelu": (F.prelu, lambda: (_x(2, 3, 2), _w(3))),
          "gelu_deep_tail": (F.gelu, lambda: (_x(5, scale=3.0),))}


@pytest.mark.parametrize("name", sorted(SECOND))
def test_second_derivatives_match_finite_differences(name):
    from engine.autograd import gradgradcheck
    fn, inputs = SECOND[name]
    assert gradgradcheck(fn, inputs())
