"""The ops of ``engine/more_ops.py`` (repeat, std/var, logsumexp, amax/amin, split/chunk/unbind,
smooth L1), ``autograd.functional`` jvp/vhp/hvp, the optimizers RMSprop/Adagrad/AdamW and the
lr schedulers: gradients against finite differences in float64 (first and second order), and
values, gradients, grad_fn names and error texts against torch 2.13 under the ``torch`` marker.
"""
from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.autograd import gradcheck, gradgradcheck

X = [[0.3, -1.2, 2.0], [1.5, 0.4, -0.7]]
TIES = [[1.0, 3.0, 3.0], [2.0, 0.5, 2.0]]

# name -> (function of one tensor, input values); the same text runs under torch below
CASES = {
    "repeat": (lambda t: t.repeat(2, 1, 3), X),
    "std_all": (lambda t: t.std(), X),
    "std_dim_biased": (lambda t: t.std(1, unbiased=False, keepdim=True), X),
    "var_dim": (lambda t: t.var(0), X),
    "logsumexp": (lambda t: t.logsumexp(1), X),
    "logsumexp_keep": (lambda t: t.logsumexp(-1, keepdim=True), X),
    "amax_dim": (lambda t: t.amax(1), TIES),
    "amin_all": (lambda t: t.amin(), TIES),
    "split_int": (lambda t: t.split(2, 1)[1] * 3, X),
    "split_sizes": (lambda t: t.split([1, 2], 1)[1].exp(), X),
    "chunk": (lambda t: t.chunk(2, 1)[0] ** 2, X),
    "unbind": (lambda t: t.unbind(1)[2].sin(), X),
    "iterate": (lambda t: [row for row in t][1] * 2, X),
}


def _t(values, lib=engine, dtype=None):
    return lib.tensor(values, dtype=dtype or lib.float64, requires_grad=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradients_match_finite_differences(name):
    fn, values = CASES[name]
    assert gradcheck(fn, (_t(values),))


@pytest.mark.parametrize("name", sorted(n for n in CASES if not n.startswith(("amax", "amin"))))
def test_second_derivatives_match_finite_differences(name):
    fn, values = CASES[name]
    assert gradgradcheck(fn, (_t(values),))


def test_smooth_l1_loss_gradients_match_finite_differences():
    t = engine.tensor([[1.0, -1.0, 0.0], [0.2, 1.0, -2.0]], dtype=engine.float64)
    f = lambda x: engine.nn.functional.smooth_l1_loss(x, t, beta=0.5)  # noqa: E731
    assert gradcheck(f, (_t([[0.5, -1.2, 2.0], [0.1, 1.5, -0.5]]),))


def test_an_output_of_unbind_refuses_an_inplace_op_with_torchs_text():
    y = _t(X) * 2
    a, b, c = y.unbind(1)
    with pytest.raises(RuntimeError, match="^Output 1 of Unbind is a view and is being modified "
                                           "inplace. This view is the output of a function that "
                                           "returns multiple views."):
        b.add_(1)


# ----------------------------------------------------------------------------- torch parity
def _torch():
    return pytest.importorskip("torch")


def _np(t):
    return None if t is None else np.asarray(t.detach().tolist(), dtype=float)


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(CASES))
def test_value_grad_and_grad_fn_match_torch(name):
    torch = _torch()
    fn, values = CASES[name]
    got = []
    for lib in (engine, torch):
        x = _t(values, lib, lib.float32)
        y = fn(x)
        y.sum().backward()
        got.append((_np(y), _np(x.grad), type(y.grad_fn).__name__))
    (ev, eg, en), (tv, tg, tn) = got
    assert en == tn
    np.testing.assert_allclose(ev, tv, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(eg, tg, rtol=1e-6, atol=1e-6)


@pytest.mark.torch
def test_split_grad_fn_names_and_inplace_errors_match_torch():
    torch = _torch()
    for make in (lambda y: y.split(1, 0), lambda y: y.split([1, 1], 0), lambda y: y.chunk(2, 1),
                 lambda y: y.unbind(1)):
        seen = []
        for lib in (engine, torch):
            y = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True) * 2
            parts = make(y)
            try:
                parts[1].mul_(2)
                err = None
            except RuntimeError as e:
                err = str(e)
            seen.append(([type(p.grad_fn).__name__ for p in parts], err))
        assert seen[0] == seen[1]


@pytest.mark.torch
@pytest.mark.parametrize("which", ["jvp", "vjp", "vhp", "hvp"])
def test_autograd_functional_matches_torch(which):
    torch = _torch()
    outs = []
    for lib in (engine, torch):
        fn = getattr(lib.autograd.functional, which)
        x = lib.tensor([[0.5, 0.25], [0.75, 1.0]])
        v = lib.tensor([[1.0, -2.0], [0.5, 3.0]])
        f = (lambda t: t.exp().sum(1)) if which == "jvp" else (lambda t: t.pow(3).sum())
        if which == "vjp":
            f, v = (lambda t: t.exp().sum(1)), lib.tensor([1.0, -0.5])
        out, res = fn(f, x, v)
        outs.append((_np(out), _np(res)))
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-6)


@pytest.mark.torch
@pytest.mark.parametrize("opt,kw", [("RMSprop", {"lr": 0.01}),
                                    ("RMSprop", {"lr": 0.01, "momentum": 0.9, "centered": True,
                                                 "weight_decay": 0.1}),
                                    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}),
                                    ("AdamW", {"lr": 0.01}),
                                    ("AdamW", {"lr": 0.01, "weight_decay": 0.5})])
def test_optimizers_follow_torchs_updates(opt, kw):
    torch = _torch()
    finals = []
    for lib in (engine, torch):
        w = lib.tensor([1.0, -2.0, 0.5], requires_grad=True)
        o = getattr(lib.optim, opt)([w], **kw)
        for _ in range(5):
            o.zero_grad()
            ((w - lib.tensor([0.3, 0.1, -0.2])) ** 2 * lib.tensor([1.0, 3.0, 0.5])).sum().backward()
            o.step()
        finals.append(_np(w))
    np.testing.assert_allclose(finals[0], finals[1], rtol=1e-5, atol=1e-6)


@pytest.mark.torch
@pytest.mark.parametrize("sched,kw", [("StepLR", {"step_size": 2, "gamma": 0.5}),
                                      ("MultiStepLR", {"milestones": [1, 3, 3], "gamma": 0.1}),
                                      ("ExponentialLR", {"gamma": 0.9}),
                                      ("LambdaLR", {"lr_lambda": lambda e: 1 / (e + 1)})])
def test_lr_schedulers_print_torchs_learning_rates(sched, kw):
    torch = _torch()
    runs = []
    for lib in (engine, torch):
        w = lib.tensor([1.0], requires_grad=True)
        o = lib.optim.SGD([w], lr=0.05)
        s = getattr(lib.optim.lr_scheduler, sched)(o, **kw)
        lrs = []
        for _ in range(6):
            o.step()
            s.step()
            lrs.append(s.get_last_lr())
        runs.append(lrs)
    assert runs[0] == runs[1]   # exactly: the chainable products print the same digits


@pytest.mark.torch
@pytest.mark.parametrize("loss", ["L1Loss", "SmoothL1Loss", "KLDivLoss"])
def test_losses_match_torch(loss):
    torch = _torch()
    got = []
    for lib in (engine, torch):
        x = lib.tensor([[0.5, -1.0, 2.0], [0.0, 1.5, -0.5]], requires_grad=True)
        t = lib.tensor([[1.0, -1.0, 0.0], [0.2, 1.0, -2.0]])
        if loss == "KLDivLoss":
            out = lib.nn.KLDivLoss(reduction="batchmean")(
                lib.nn.functional.log_softmax(x, dim=1), lib.nn.functional.softmax(t, dim=1))
        else:
            out = getattr(lib.nn, loss)()(x, t)
        out.backward()
        got.append((_np(out), _np(x.grad), type(out.grad_fn).__name__))
    assert got[0][2] == got[1][2]
    np.testing.assert_allclose(got[0][0], got[1][0], rtol=1e-6)
    np.testing.assert_allclose(got[0][1], got[1][1], rtol=1e-6, atol=1e-7)
