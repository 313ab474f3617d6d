"""Autograd semantics a learner can see: flags and leaf rules, accumulation, retain_grad,
retain_graph, hooks, grad modes, detach, error texts, warnings, dtypes, in-place rules,
indexing, printing, values at non-differentiable points and the backward step order.
Expected values were taken from torch 2.13; where torch is installed some are also
re-checked live."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import engine
from engine import tensor
from engine.autograd import AccumulateGrad, BackwardStep, backward_steps

F = engine.nn.functional
SECOND = ("Trying to backward through the graph a second time (or directly access saved tensors "
          "after they have already been freed). Saved intermediate values of the graph are freed "
          "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
          "backward through the graph a second time or if you need to access saved tensors after "
          "calling backward.")


def leaf(*v, dtype=None):
    return tensor(list(v) if len(v) > 1 else v[0], dtype=dtype, requires_grad=True)


# ----------------------------------------------------------------------------- flags
def test_leaf_and_requires_grad_rules():
    a = leaf(1., 2.)
    c = tensor([3., 4.])
    assert a.is_leaf and c.is_leaf and a.requires_grad and not c.requires_grad
    y = a * c
    assert not y.is_leaf and y.requires_grad and y.grad_fn.name() == "MulBackward0"
    z = c * 2
    assert z.is_leaf and not z.requires_grad and z.grad_fn is None
    assert a.grad is None


def test_next_functions_structure():
    x = leaf(1., 2.)
    nf = (x * 2).grad_fn.next_functions
    assert len(nf) == 2 and isinstance(nf[0][0], AccumulateGrad) and nf[0][1] == 0
    assert nf[1] == (None, 0)
    assert nf[0][0].variable is x
    assert nf[0][0].name() == "torch::autograd::AccumulateGrad"  # torch's own wording
    assert type(nf[0][0]).__name__ == "AccumulateGrad"
    q = 3 * x ** 3 - x ** 2
    assert [f.name() for f, _ in q.grad_fn.next_functions] == ["MulBackward0", "PowBackward0"]
    assert q.grad_fn.op == "sub" and nf[0][0].op is None
    assert q.grad_fn.formulas == engine.OPS["sub"].formulas
    assert q.grad_fn._sequence_nr() > q.grad_fn.next_functions[0][0]._sequence_nr()


@pytest.mark.parametrize("expr,name", [
    ("x + y", "AddBackward0"), ("x + 2", "AddBackward0"), ("2 + x", "AddBackward0"),
    ("x - y", "SubBackward0"), ("x - 2", "SubBackward0"), ("2 - x", "RsubBackward1"),
    ("x * y", "MulBackward0"), ("2 * x", "MulBackward0"), ("x / y", "DivBackward0"),
    ("x / 2", "DivBackward0"), ("2 / x", "MulBackward0"), ("-x", "NegBackward0"),
    ("x ** 2", "PowBackward0"), ("x.pow(2)", "PowBackward0"), ("x.square()", "PowBackward0"),
    ("x ** y", "PowBackward1"), ("2 ** x", "PowBackward2"), ("x.exp()", "ExpBackward0"),
    ("x.sum()", "SumBackward0"), ("x.sum(0)", "SumBackward1"), ("x.mean()", "MeanBackward0"),
    ("x.mean(0)", "MeanBackward1"), ("x @ y", "DotBackward0"), ("x.max()", "MaxBackward1"),
    ("m @ m.T", "MmBackward0"), ("m.T", "PermuteBackward0"), ("m.t()", "TBackward0"),
    ("m.transpose(0, 1)", "TransposeBackward0"), ("m.reshape(4)", "ViewBackward0"),
    ("m.max(0)[0]", "MaxBackward0"), ("x[0]", "SelectBackward0"), ("x[1:]", "SliceBackward0"),
    ("m[:, 1]", "SelectBackward0"), ("m @ x", "MvBackward0"), ("x.clamp(0, 1)", "ClampBackward1"),
    ("F.linear(m, m, x)", "AddmmBackward0"), ("F.cross_entropy(m, tensor([0, 1]))",
                                              "NllLossBackward0"),
    ("F.mse_loss(x, y)", "MseLossBackward0"), ("x.softmax(0)", "SoftmaxBackward0"),
    ("x.unsqueeze(0).squeeze()", "SqueezeBackward0"), ("x.unsqueeze(0).squeeze(0)",
                                                       "SqueezeBackward1"),
    ("x.double()", "ToCopyBackward0"), ("engine.where(x > 1, x, y)", "WhereBackward0"),
])
def test_grad_fn_names_match_torch(expr, name):
    x = leaf(1., 2.)
    y = leaf(3., 4.)
    m = tensor([[1., 2.], [3., 4.]], requires_grad=True)
    assert eval(expr).grad_fn.name() == name
    assert type(eval(expr).grad_fn).__name__ == name


def test_2_over_x_is_mul_over_reciprocal():
    x = leaf(1., 2.)
    fn = (2 / x).grad_fn
    assert fn.next_functions[0][0].name() == "ReciprocalBackward0"
    assert fn.next_functions[1] == (None, 0)


def test_no_grad_detach_and_modes():
    x = leaf(1., 2.)
    with engine.no_grad():
        y = x * 2
        with engine.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None and y.is_leaf
    assert z.requires_grad
    d = (x * 3).detach()
    assert d.is_leaf and not d.requires_grad and d.tolist() == [3., 6.]
    d.data  # shares data, no graph
    with engine.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad

    @engine.no_grad()
    def f(t):
        return t * 2

    @engine.enable_grad()
    def g(t):
        return t * 2

    @engine.set_grad_enabled(False)
    def h(t):
        return t * 2
    assert not f(x).requires_grad and not h(x).requires_grad
    with engine.no_grad():
        assert g(x).requires_grad
    assert engine.is_grad_enabled()


def test_no_grad_view_keeps_requires_grad_like_torch():
    x = tensor([[1., 2.], [3., 4.]], requires_grad=True)
    with engine.no_grad():
        v = x[0]
        e = x.exp()
    assert v.requires_grad and v.is_leaf and v.grad_fn is None
    assert not e.requires_grad
    w = v * 2
    assert w.grad_fn.next_functions == ((None, 0), (None, 0))
    w.sum().backward()
    assert x.grad is None


def test_set_requires_grad_rules():
    x = leaf(1., 2.)
    y = x * 2
    with pytest.raises(RuntimeError) as e:
        y.requires_grad = True
    assert str(e.value) == "you can only change requires_grad flags of leaf variables."
    with pytest.raises(RuntimeError) as e:
        y.requires_grad_(False)
    assert str(e.value).startswith("you can only change requires_grad flags of leaf variables. "
                                   "If you want to use a computed variable in a subgraph that "
                                   "doesn't require differentiation use var_no_grad = "
                                   "var.detach().")
    with pytest.raises(RuntimeError, match="^Only Tensors of floating point and complex dtype "
                                           "can require gradients$"):
        tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="^only Tensors of floating point dtype can require "
                                           "gradients$"):
        tensor([1, 2]).requires_grad_()
    c = tensor([1., 2.])
    c.requires_grad = True
    assert c.requires_grad and c.is_leaf


# ----------------------------------------------------------------------------- backward
def test_accumulation_and_zeroing():
    a = leaf(1., 2.)
    (a * a).sum().backward()
    assert a.grad.tolist() == [2., 4.]
    (a * a).sum().backward()
    assert a.grad.tolist() == [4., 8.]
    a.grad.zero_()
    (3 * a).sum().backward()
    assert a.grad.tolist() == [3., 3.]
    a.grad = None
    (a + a).sum().backward()
    assert a.grad.tolist() == [2., 2.]


def _fan_in(mod, shape, dtype, n):
    """A leaf read by n ops of different kinds: backward sums n gradients into it."""
    rng = np.random.default_rng(7)
    x = mod.tensor(rng.uniform(-2, 2, shape).astype(dtype), requires_grad=True)
    w = mod.tensor(rng.uniform(-2, 2, shape).astype(dtype))
    # single correctly rounded operations only (no sin/exp: torch's vectorised float32
    # transcendentals may differ from numpy's in the last bit on longer arrays)
    kinds = (lambda: x * 0.37, lambda: x / 3.1, lambda: x * x, lambda: x * w, lambda: -x)
    terms = [kinds[i % 5]() for i in range(n)]
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    (total.sum() if shape else total).backward()
    return x.grad.numpy() if mod is not engine else x.grad._data


@pytest.mark.parametrize("shape", [(), (2,), (3, 1), (40,)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_many_gradients_into_one_leaf_sum_in_arrival_order(shape, dtype):
    # the engine stacks many small gradients and sums them with one accumulate; the result
    # must be bit for bit the sequential sum ((g0 + g1) + g2) + ... that torch computes
    got = _fan_in(engine, shape, dtype, 203)
    assert got.dtype == np.dtype(dtype) and got.shape == shape
    torch = pytest.importorskip("torch")
    want = _fan_in(torch, shape, dtype, 203)
    assert np.array_equal(got, want), (got, want)


def test_summing_gradients_never_writes_into_an_array_the_user_holds():
    # y = (x + x) + x with an external gradient G: x receives G itself three times; the sum
    # may be built in place only in a buffer of its own, never in G (nor in an earlier .grad)
    x = leaf(*np.arange(1., 51.).tolist())
    G = np.linspace(-1, 1, 50).astype(np.float32)
    G0 = G.copy()
    ((x + x) + x).backward(engine.tensor(G))
    assert np.array_equal(G, G0)
    assert np.array_equal(x.grad._data, 3 * G0) and not np.shares_memory(x.grad._data, G)
    first = x.grad
    first_data = first._data.copy()
    gt = engine.tensor(G)
    ((x + x) + x).backward(gt)   # accumulates into the existing .grad (in place, like torch)
    assert np.array_equal(G, G0) and np.array_equal(gt._data, G0)
    assert x.grad is first and np.array_equal(x.grad._data, first_data + 3 * G0)
    # many small gradients (the stacked path), one of them the user's own array
    z = leaf(0.5, -1.5)
    h = np.array([1., 2.], dtype=np.float32)
    h0 = h.copy()
    terms = [z * 1.0 for _ in range(20)]
    tot = terms[0]
    for t in terms[1:]:
        tot = tot + t
    tot.backward(engine.tensor(h))
    assert np.array_equal(h, h0) and np.array_equal(z.grad._data, 20 * h0)
    assert not np.shares_memory(z.grad._data, h)


def test_backward_from_a_no_grad_view_is_refused_like_torch():
    # such a view reports requires_grad=True but has no gradient edge (torch's quirk)
    x = leaf(1., 2.)
    with engine.no_grad():
        v = x.view(2)
    assert v.requires_grad
    with pytest.raises(RuntimeError) as e:
        v.backward(engine.tensor([1., 1.]))
    assert str(e.value) == "element 0 of tensors does not require grad and does not have a grad_fn"
    assert x.grad is None


def test_broadcast_gradients_are_summed_back():
    a = tensor([[1.], [2.]], requires_grad=True)   # (2, 1)
    b = tensor([1., 2., 3.], requires_grad=True)  # (3,)
    (a * b).sum().backward()
    assert a.grad.shape == (2, 1) and a.grad.tolist() == [[6.], [6.]]
    assert b.grad.tolist() == [3., 3., 3.]


def test_retain_graph_error_for_mul_not_add():
    a, b = leaf(1., 2.), leaf(3., 4.)
    s = (a + b).sum()
    s.backward()
    s.backward()  # AddBackward0/SumBackward0 saved nothing: runs again and doubles
    assert a.grad.tolist() == [2., 2.]
    p = (a * b).sum()
    p.backward()
    with pytest.raises(RuntimeError) as e:
        p.backward()
    assert str(e.value) == SECOND
    q = (a * b).sum()
    q.backward(retain_graph=True)
    q.backward()


def test_retain_grad_and_nonleaf_warning():
    a = leaf(1., 2.)
    y = a * 2
    z = y * y
    y.retain_grad()
    assert y.retains_grad and not z.retains_grad
    z.sum().backward()
    assert y.grad.tolist() == [4., 8.]
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert z.grad is None
    assert len(w) == 1 and w[0].category is UserWarning
    assert str(w[0].message).startswith("The .grad attribute of a Tensor that is not a leaf "
                                        "Tensor is being accessed.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad is not None and a.grad is not None
    a.retain_grad()  # no-op on a leaf
    with pytest.raises(RuntimeError, match="^can't retain_grad on Tensor that has "
                                           "requires_grad=False$"):
        tensor([1.]).retain_grad()


@pytest.mark.parametrize("make,text", [
    (lambda: leaf(1., 2.) * 2, "grad can be implicitly created only for scalar outputs"),
    (lambda: tensor(3.), "element 0 of tensors does not require grad and does not have a grad_fn"),
])
def test_backward_errors(make, text):
    with pytest.raises(RuntimeError) as e:
        make().backward()
    assert str(e.value) == text


def test_gradient_shape_mismatch_text():
    with pytest.raises(RuntimeError) as e:
        (leaf(1., 2.) * 2).backward(tensor([1., 1., 1.]))
    assert str(e.value) == ("Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) "
                            "and output[0] has a shape of torch.Size([2]).")


@pytest.mark.parametrize("fn,exc,text", [
    (lambda: tensor([1., 2., 3.]) + tensor([1., 2.]), RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"),
    (lambda: engine.ones(2, 2) + engine.ones(1, 3), RuntimeError,
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1"),
    (lambda: engine.ones(2, 3) @ engine.ones(2, 3), RuntimeError,
     "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    (lambda: engine.ones(3) @ engine.ones(2), RuntimeError,
     "inconsistent tensor size, expected tensor [3] and src [2] to have the same number of "
     "elements, but got 3 and 2 elements respectively"),
    (lambda: engine.ones(2, 3) @ engine.ones(2), RuntimeError,
     "size mismatch, got input (2), mat (2x3), vec (2)"),
    (lambda: engine.mm(engine.ones(3), engine.ones(3)), RuntimeError, "self must be a matrix"),
    (lambda: engine.dot(engine.ones(3, 1), engine.ones(3)), RuntimeError,
     "1D tensors expected, but got 2D and 1D tensors"),
    (lambda: engine.ones(3).view(2, 2), RuntimeError, "shape '[2, 2]' is invalid for input of size 3"),
    (lambda: engine.ones(3).sum(5), IndexError,
     "Dimension out of range (expected to be in range of [-1, 0], but got 5)"),
    (lambda: engine.ones(3)[5], IndexError, "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda: engine.ones(2, 3).t().view(6), RuntimeError,
     "view size is not compatible with input tensor's size and stride (at least one dimension "
     "spans across two contiguous subspaces). Use .reshape(...) instead."),
    (lambda: leaf(1., 2.).numpy(), RuntimeError,
     "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."),
    (lambda: engine.ones(3).item(), RuntimeError, "a Tensor with 3 elements cannot be converted "
                                                  "to Scalar"),
    (lambda: F.cross_entropy(engine.ones(2, 3), tensor([0, 5])), IndexError,
     "Target 5 is out of bounds."),
    (lambda: engine.ones(3).clamp(), RuntimeError,
     "torch.clamp: At least one of 'min' or 'max' must not be None"),
    (lambda: tensor([1, 2]).mean(), RuntimeError,
     "mean(): could not infer output dtype. Input dtype must be either a floating point or "
     "complex dtype. Got: Long"),
])
def test_error_texts_match_torch(fn, exc, text):
    with pytest.raises(exc) as e:
        fn()
    assert str(e.value) == text


def test_inplace_rules():
    a = leaf(1., 2.)
    for f in (lambda: a.add_(1), lambda: a.mul_(2), lambda: a.zero_(),
              lambda: a.copy_(tensor([0., 0.]))):
        with pytest.raises(RuntimeError) as e:
            f()
        assert str(e.value) == "a leaf Variable that requires grad is being used in an in-place operation."
    with engine.no_grad():
        a.mul_(2).add_(1)
    assert a.tolist() == [3., 5.] and a.requires_grad and a.is_leaf
    c = tensor([1., 2.])
    c.zero_().add_(tensor([1., 1.])).mul_(3)
    assert c.tolist() == [3., 3.]
    c.copy_(tensor([7., 8.]))
    assert c.tolist() == [7., 8.]
    # in-place on a graph tensor is recorded, as in torch
    y = a * 1
    y.add_(1)
    assert y.grad_fn.name() == "AddBackward0"
    y.sum().backward()
    assert a.grad.tolist() == [1., 1.]


# ----------------------------------------------------------------------------- hooks
def test_tensor_hooks_can_change_gradients():
    a = leaf(1., 2.)
    seen = []
    h = a.register_hook(lambda g: seen.append(g.tolist()))
    y = a * 3
    y.register_hook(lambda g: g * 10)
    y.sum().backward()
    assert seen == [[30., 30.]] and a.grad.tolist() == [30., 30.]
    h.remove()
    (a * 1).sum().backward()
    assert len(seen) == 1


def test_node_hooks_and_prehooks():
    a = leaf(1., 2.)
    y = a * a
    calls = []
    y.grad_fn.register_prehook(lambda go: calls.append(("pre", go[0].tolist())))
    y.grad_fn.register_hook(lambda gi, go: calls.append(("post", [g.tolist() for g in gi])))
    y.sum().backward()
    assert calls == [("pre", [1., 1.]), ("post", [[1., 2.], [1., 2.]])]
    z = a * 2
    z.grad_fn.register_hook(lambda gi, go: (gi[0] * 0, None))
    z.sum().backward()
    assert a.grad.tolist() == [2., 4.]  # the post hook replaced z's contribution with zeros


# ----------------------------------------------------------------------------- order / steps
def _order_engine(build):
    names = []
    root, leaves = build(engine)
    for step in backward_steps(root):
        names.append(step.name)
    return names


def _diamond(B):
    x = B.tensor([1., 2.], requires_grad=True)
    w = B.tensor([3., 4.], requires_grad=True)
    a = x * w
    b = a.exp()
    c = a.sin()
    d = b + c * x
    return d.sum(), (x, w)


def test_backward_steps_follow_pytorch_order():
    # recorded from torch 2.13 with grad_fn hooks
    assert _order_engine(_diamond) == [
        "SumBackward0", "AddBackward0", "MulBackward0", "SinBackward0", "ExpBackward0",
        "MulBackward0", "AccumulateGrad", "AccumulateGrad"]  # x's sink waits for all 3 paths


def test_backward_order_live_against_torch():
    torch = pytest.importorskip("torch")
    for build in (_diamond, _wide, _two_paths):
        order = []
        root, _ = build(torch)
        seen = set()

        def walk(fn):
            if fn is None or fn in seen:
                return
            seen.add(fn)
            fn.register_hook(lambda gi, go, fn=fn: order.append(type(fn).__name__))
            for n, _ in fn.next_functions:
                walk(n)
        walk(root.grad_fn)
        root.backward()
        assert _order_engine(build) == order, build.__name__


def _wide(B):
    x = B.tensor([0.5, 1.5], requires_grad=True)
    terms = [x.sin(), x * 0.5, x.tanh(), x.exp(), x.cos()]
    s = terms[0]
    for t in terms[1:]:
        s = s + t
    return s.sum(), (x,)


def _two_paths(B):
    x = B.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    w = B.tensor([[0.5, -1.], [2., 1.]], requires_grad=True)
    b = B.tensor([0.1, 0.2], requires_grad=True)
    h = B.nn.functional.linear(x, w, b).relu()
    return (h * h).mean() + B.nn.functional.mse_loss(h, x), (x, w, b)


def test_step_records_show_where_gradients_meet():
    x = leaf(1., 2.)
    y = x * x + x
    steps = list(backward_steps(y.sum()))
    assert all(isinstance(s, BackwardStep) for s in steps)
    assert [s.index for s in steps] == list(range(len(steps)))
    acc = [s for s in steps if s.name == "AccumulateGrad"]
    assert len(acc) == 1 and acc[0].leaf is x
    assert len(acc[0].grad_inputs[0]) == 3  # x*x sends two, +x sends one: summed here
    assert acc[0].leaf_grad.tolist() == [3., 5.] and x.grad.tolist() == [3., 5.]
    mul = next(s for s in steps if s.name == "MulBackward0")
    assert mul.formulas == ("∂(x·y)/∂x = y", "∂(x·y)/∂y = x")
    assert [g.tolist() for g in mul.grads_to_next] == [[1., 2.], [1., 2.]]
    assert mul.grad_output[0].tolist() == [1., 1.]
    # equal, not identical: like torch, next_functions is a fresh tuple on each access
    assert mul.next_functions == mul.node.next_functions
    assert mul.node.next_functions is not mul.node.next_functions


def test_stepping_and_backward_agree():
    r1, (x1, w1) = _two_paths(engine)[0], _two_paths(engine)[1][:2]
    root, leaves = _two_paths(engine)
    for _ in backward_steps(root):
        pass
    root2, leaves2 = _two_paths(engine)
    root2.backward()
    for a, b in zip(leaves, leaves2):
        assert np.array_equal(a.grad.numpy(), b.grad.numpy())
    assert r1 is not None and x1 is not None and w1 is not None


def test_autograd_grad_does_not_accumulate():
    x = leaf(1., 2.)
    w = leaf(3., 4.)
    y = (x * w).sum()
    gx, gw = engine.autograd.grad(y, [x, w])
    assert gx.tolist() == [3., 4.] and gw.tolist() == [1., 2.]
    assert x.grad is None and w.grad is None
    u = leaf(5.)
    with pytest.raises(RuntimeError, match="The differentiated Tensor at index 1 appears to not"):
        engine.autograd.grad((x * 2).sum(), [x, u])
    gx, gu = engine.autograd.grad((x * 2).sum(), [x, u], allow_unused=True)
    assert gu is None


# ----------------------------------------------------------------------------- dtypes
def test_float32_stays_float32_and_scalars_take_tensor_dtype():
    x = leaf(1., 2.)
    y = (x * 0.1 + 2) ** 2 / 3
    assert y.dtype == engine.float32
    y.sum().backward()
    assert x.grad.dtype == engine.float32
    d = tensor([1., 2.], dtype=engine.float64, requires_grad=True)
    (d * 0.1).sum().backward()
    assert d.grad.dtype == engine.float64
    assert tensor([1, 2]).dtype == engine.int64 and tensor([1., 2.]).dtype == engine.float32
    assert (tensor([1, 2]) * 1.5).dtype == engine.float32
    assert (tensor([1, 2]) + tensor([0.5, 1.])).dtype == engine.float32  # torch, not numpy
    assert (tensor([1, 2]) / 2).dtype == engine.float32
    assert (tensor([1, 2]) * 2).dtype == engine.int64
    assert math.isnan((tensor([-8.]) ** (1 / 3)).item())  # never complex


def test_comparisons_are_bool_tensors():
    a = tensor([1., 2., 3.])
    assert repr(a > 1.5) == "tensor([False,  True,  True])"
    assert (a == tensor([1., 0., 3.])).tolist() == [True, False, True]
    assert not (a > 1).requires_grad


def test_max_min_along_dim_return_values_and_indices():
    m = tensor([[1., 5., 2.], [7., 0., 7.]], requires_grad=True)
    r = m.max(1)
    assert r.values.tolist() == [5., 7.] and r.indices.tolist() == [1, 0]
    v, i = engine.min(m, dim=0)
    assert v.tolist() == [1., 0., 2.] and i.tolist() == [0, 1, 0]
    assert repr(r).startswith("torch.return_types.max(\nvalues=tensor([5., 7.], "
                              "grad_fn=<MaxBackward0>),\nindices=tensor([1, 0]))")
    r.values.sum().backward()
    assert m.grad.tolist() == [[0., 1., 0.], [1., 0., 0.]]


def test_indexing_with_ints_and_slices():
    m = tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
    assert m[1, 2].item() == 6. and m[:, 1].tolist() == [2., 5.] and m[-1, ::2].tolist() == [4., 6.]
    (m[0, 1:] * 2).sum().backward()
    assert m.grad.tolist() == [[0., 2., 2.], [0., 0., 0.]]
    assert m[1:, :2].grad_fn.next_functions[0][0].name() == "SliceBackward0"
    assert m[:, :].grad_fn.name() == "AliasBackward0"


# ----------------------------------------------------------------------------- printing
@pytest.mark.parametrize("make,text", [
    (lambda: tensor(3.), "tensor(3.)"),
    (lambda: tensor([2., 3.]), "tensor([2., 3.])"),
    (lambda: tensor([0.5, 1.23456789]), "tensor([0.5000, 1.2346])"),
    (lambda: tensor([1e-5, 1.]), "tensor([1.0000e-05, 1.0000e+00])"),
    (lambda: tensor([-12., 65.]), "tensor([-12.,  65.])"),
    (lambda: tensor([True, False]), "tensor([ True, False])"),
    (lambda: tensor([1, 2]), "tensor([1, 2])"),
    (lambda: tensor(3., dtype=engine.float64), "tensor(3., dtype=torch.float64)"),
    (lambda: tensor([math.nan, math.inf, -math.inf, 1.]), "tensor([nan, inf, -inf, 1.])"),
    (lambda: tensor([math.nan, 1.5]), "tensor([   nan, 1.5000])"),
    (lambda: tensor([[1., 2.], [3., 4.]], requires_grad=True),
     "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)"),
    (lambda: engine.zeros(2, 0), "tensor([], size=(2, 0))"),
    (lambda: tensor([1000.5, 2.]), "tensor([1000.5000,    2.0000])"),
    (lambda: tensor(-0.), "tensor(-0.)"),
    (lambda: leaf(2., 3.), "tensor([2., 3.], requires_grad=True)"),
    (lambda: leaf(1., 2.) * 2, "tensor([2., 4.], grad_fn=<MulBackward0>)"),
    (lambda: tensor([1., 2.], dtype=engine.float64, requires_grad=True) * 2,
     "tensor([2., 4.], dtype=torch.float64, grad_fn=<MulBackward0>)"),
    (lambda: engine.arange(30.),
     "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
     "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n"
     "        28., 29.])"),
])
def test_repr_like_torch(make, text):
    assert repr(make()) == text
    assert str(make()) == text


def test_repr_live_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    cases = [rng.standard_normal((2, 20)), rng.standard_normal(1200) * 1e3,
             rng.standard_normal((3, 4, 5)), np.array([1e9, 1.]), np.array([123456.789]),
             rng.integers(-100, 100, (4, 7)), rng.standard_normal((40, 40))]
    for a in cases:
        assert repr(engine.tensor(a)) == repr(torch.tensor(a)), a.shape


# ------------------------------------------------------------- non-differentiable points
NONDIFF = [
    # (description, fn, input, value torch gives, grad torch gives)
    ("relu'(0) = 0", lambda x: x.relu(), [0.], [0.], [0.]),
    ("abs'(0) = 0", lambda x: x.abs(), [0.], [0.], [0.]),
    ("sqrt'(0) = inf", lambda x: x.sqrt(), [0.], [0.], [math.inf]),
    ("log at 0", lambda x: x.log(), [0.], [-math.inf], [math.inf]),
    ("log(-1) = nan", lambda x: x.log(), [-1.], [math.nan], [-1.]),
    ("x**0 at 0", lambda x: x ** 0, [0., 2.], [1., 1.], [0., 0.]),
    ("x**0.5 at 0", lambda x: x ** 0.5, [0.], [0.], [math.inf]),
    ("0**x", lambda x: 0. ** x, [0., 1., -1.], [1., 0., math.inf], [0., 0., -math.inf]),
    ("max ties split", lambda x: x.max(), [1., 3., 3.], 3., [0., .5, .5]),
    ("min ties split", lambda x: x.min(), [1., 1., 3.], 1., [.5, .5, 0.]),
    ("clamp boundaries pass", lambda x: x.clamp(0., 1.), [0., 1., .5, -1., 2.],
     [0., 1., .5, 0., 1.], [1., 1., 1., 0., 0.]),
    ("nan propagates", lambda x: x * 2, [math.nan], [math.nan], [2.]),
    ("relu(nan)", lambda x: x.relu(), [math.nan], [math.nan], [1.]),
    ("max with nan", lambda x: x.max(), [1., math.nan], math.nan, [0., 1.]),
    ("cube root of -8", lambda x: x ** (1 / 3), [-8.], [math.nan], [math.nan]),
    ("1/0", lambda x: 1 / x, [0.], [math.inf], [-math.inf]),
    ("sigmoid saturates", lambda x: x.sigmoid(), [-1000., 1000.], [0., 1.], [0., 0.]),
    ("exp overflows", lambda x: x.exp(), [1000.], [math.inf], [math.inf]),
]


@pytest.mark.parametrize("desc,fn,x,value,grad", NONDIFF, ids=[n[0] for n in NONDIFF])
def test_values_at_non_differentiable_points(desc, fn, x, value, grad):
    t = tensor(x, dtype=engine.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # torch is silent here; so must we be
        y = fn(t)
        y.backward(engine.ones_like(y))
    np.testing.assert_array_equal(y.detach().numpy(), np.asarray(value))
    np.testing.assert_array_equal(t.grad.numpy(), np.asarray(grad))


def test_non_differentiable_points_live_against_torch():
    torch = pytest.importorskip("torch")
    for desc, fn, x, _, _ in NONDIFF:
        t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        y = fn(t)
        y.backward(torch.ones_like(y))
        e = tensor(x, dtype=engine.float64, requires_grad=True)
        ye = fn(e)
        ye.backward(engine.ones_like(ye))
        np.testing.assert_array_equal(ye.detach().numpy(), y.detach().numpy(), err_msg=desc)
        np.testing.assert_array_equal(e.grad.numpy(), t.grad.numpy(), err_msg=desc)


def test_overflow_is_silent_even_while_another_thread_is_computing():
    """The op fast paths silence numpy inside a shared context that only one thread can be
    in at a time; an op run meanwhile from another thread must be just as silent (and
    correct), and the user's own numpy error state is never changed."""
    import threading
    from engine import autograd as ag
    inside, release = threading.Event(), threading.Event()

    def hold():
        inside.set()
        release.wait(10)
    worker = threading.Thread(target=ag.quiet_run, args=(hold,))
    worker.start()
    try:
        assert inside.wait(10)
        for dtype in (engine.float32, engine.float64):
            x = tensor([1e308, -1e308], dtype=dtype, requires_grad=True)  # float32: +-inf
            with warnings.catch_warnings(), np.errstate(all="raise"):
                warnings.simplefilter("error")
                y = (x * 10.0).exp() + (x * 10.0 - x * 10.0) + x.sin()  # overflow, inf-inf
                y.backward(engine.ones_like(y))
            xd = x.detach().numpy()
            with np.errstate(all="ignore"):
                want = np.exp(xd * 10) * 10 + (10 - 10) + np.cos(xd)
            assert np.isnan(y.detach().numpy()).all()
            np.testing.assert_allclose(x.grad.numpy(), want, equal_nan=True)
    finally:
        release.set()
        worker.join()
    with np.errstate(over="raise"), pytest.raises(FloatingPointError):
        _ = np.float64(1e308) * np.float64(10)


# ----------------------------------------------------------------------------- creation
def test_creation_functions():
    engine.manual_seed(0)
    a = engine.randn(2, 3)
    engine.manual_seed(0)
    assert np.array_equal(a.numpy(), engine.randn(2, 3).numpy())
    assert engine.rand(4).dtype == engine.float32 and (engine.rand(100).numpy() < 1).all()
    assert engine.zeros(2, 3).shape == (2, 3) and engine.ones((2,)).tolist() == [1., 1.]
    assert engine.zeros_like(a).shape == a.shape and engine.ones_like(a).sum().item() == 6.
    assert engine.arange(3).tolist() == [0, 1, 2] and engine.arange(3).dtype == engine.int64
    assert engine.linspace(0, 1, 3).tolist() == [0., .5, 1.]
    assert repr(a.shape) == "torch.Size([2, 3])" and a.ndim == 2 and a.dim() == 2
    assert a.numel() == 6 and a.size(1) == 3
    assert tensor(2.5).item() == 2.5 and tensor([[1, 2]]).tolist() == [[1, 2]]
    assert tensor([1, 2]).float().dtype == engine.float32
    assert tensor([1., 2.]).double().dtype == engine.float64


def _random_dag(B, seed):
    """A random graph with several leaves, fan-out and fan-in (ties between leaf sinks)."""
    rng = np.random.default_rng(seed)
    leaves = [B.tensor(rng.uniform(0.5, 1.5, 2).tolist(), requires_grad=True)
              for _ in range(int(rng.integers(2, 6)))]
    pool = list(leaves)
    for _ in range(int(rng.integers(5, 25))):
        k = int(rng.integers(0, 5))
        a = pool[int(rng.integers(0, len(pool)))]
        b = pool[int(rng.integers(0, len(pool)))]
        pool.append(a * b if k == 0 else a + b if k == 1 else a.sin() if k == 2
                    else (a - b).tanh() if k == 3 else a.exp() * 0.1)
    root = pool[-1]
    for t in pool[len(leaves):-1:3]:
        root = root + t
    return root.sum(), leaves


def test_backward_order_on_random_graphs_matches_torch():
    """Ready-queue order (incl. ties between AccumulateGrad sinks) against live torch."""
    torch = pytest.importorskip("torch")
    for seed in range(40):
        order = []
        root, tleaves = _random_dag(torch, seed)
        seen = set()
        stack = [root.grad_fn]
        while stack:
            fn = stack.pop()
            if fn is None or fn in seen:
                continue
            seen.add(fn)
            fn.register_hook(lambda gi, go, fn=fn: order.append(
                (type(fn).__name__, id(getattr(fn, "variable", None)))))
            stack.extend(n for n, _ in fn.next_functions)
        root.backward()
        want = [n if n != "AccumulateGrad" else
                f"leaf{[id(t) for t in tleaves].index(i)}" for n, i in order]
        eroot, eleaves = _random_dag(engine, seed)
        got = [s.name if s.leaf is None else f"leaf{[id(t) for t in eleaves].index(id(s.leaf))}"
               for s in backward_steps(eroot)]
        # same nodes in the same order, and the leaf sinks in torch's order too (ties between
        # AccumulateGrad nodes are broken like std::priority_queue)
        assert got == want, seed


def _hook_error(lib, hook, on_leaf=False):
    a = lib.tensor([1., 2.], requires_grad=True)
    b = a * 2
    (a if on_leaf else b).register_hook(hook)
    try:
        (b * 3).sum().backward()
    except (RuntimeError, TypeError) as exc:
        return type(exc).__name__, str(exc)
    return None, a.grad.tolist()


def test_a_tensor_hook_that_changes_shape_or_dtype_gets_torchs_error():
    # (torch 2.13 prints exactly these; checked live below when torch is installed)
    def myhook(g):
        return engine.ones(3)

    expected = [
        (lambda g: g.sum(), False, ("RuntimeError", "hook '<lambda>' has changed the size of value")),
        (myhook, False, ("RuntimeError", "hook 'myhook' has changed the size of value")),
        (lambda g: g.sum(), True, ("RuntimeError", "hook '<lambda>' has changed the size of value")),
        (lambda g: g.double(), False, ("RuntimeError", "hook '<lambda>' has changed the type of value "
                                                        "(was torch.FloatTensor got torch.DoubleTensor)")),
        (lambda g: 5, False, ("TypeError", "expected Variable, but hook returned 'int'")),
        (lambda g: g * 10, False, (None, [60.0, 60.0])),          # same shape and dtype: allowed
    ]
    for hook, on_leaf, want in expected:
        assert _hook_error(engine, hook, on_leaf) == want


def test_hook_errors_match_live_torch():
    torch = pytest.importorskip("torch")

    def myhook(g):
        return g.sum()

    for hook, on_leaf in [(lambda g: g.sum(), False), (myhook, False), (lambda g: g.sum(), True),
                          (lambda g: g.double(), False), (lambda g: 5, False), (lambda g: g * 10, False)]:
        assert _hook_error(engine, hook, on_leaf) == _hook_error(torch, hook, on_leaf)
