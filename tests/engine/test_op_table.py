"""Generic tests over the op table: structure, forward vs independent numpy references,
VJPs vs central finite differences in float64 (every broadcast pairing of the shapes
(), (1,), (3,), (3,1), (1,3), (2,3) for the broadcasting ops), random-direction
gradchecks, and a negative control proving the checker catches a wrong VJP."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import engine
from engine.ops import CATEGORIES, OPS, Op, Param, REQUIRED, _apply

from gradcheck import check_directional, check_vjp
from nn_reference import REFERENCE as NN_REFERENCE

CONTRACT_OPS = ("add sub mul div pow neg reciprocal exp log sin cos tanh sigmoid relu abs sqrt "
                "square sum mean max min reshape view transpose unsqueeze squeeze matmul mm dot "
                "clamp where softmax log_softmax linear mse_loss cross_entropy").split()
SHAPES = ((), (1,), (3,), (3, 1), (1, 3), (2, 3))


# ---------------------------------------------------------------------------- structure
def test_table_has_every_contract_op():
    assert set(CONTRACT_OPS) <= set(OPS)
    # grouped by palette category, so the palette can list OPS in order
    cats = [OPS[n].category for n in OPS]
    assert cats == sorted(cats, key=cats.index)
    assert "t" in OPS and "permute" in OPS  # .t() and .T are recorded as torch names them


@pytest.mark.parametrize("name", list(OPS))
def test_entry_is_complete(name):
    op = OPS[name]
    assert isinstance(op, Op) and op.name == name
    assert op.category in CATEGORIES
    assert len(op.vjps) == op.arity and len(op.formulas) == op.arity
    assert len(op.input_names) == op.arity
    for i, (vjp, formula) in enumerate(zip(op.vjps, op.formulas)):
        if i in op.nondiff:
            assert vjp is None and formula == ""
        else:
            assert callable(vjp) and "∂" in formula
    assert op.label and op.doc and "\n" not in op.doc
    assert isinstance(op.precedence, int)
    assert all(isinstance(p, Param) and p.kind in ("int", "float", "bool", "dim", "shape", "dims")
               for p in op.params)
    assert op.grad_fn_name().endswith(("Backward0", "Backward1", "Backward2"))
    assert op.samples(np.random.default_rng(0), np.float64)


def test_symbols_and_precedence_follow_python():
    sym = {n: (OPS[n].symbol, OPS[n].precedence) for n in OPS if OPS[n].symbol}
    assert sym == {"add": ("+", 11), "sub": ("-", 11), "mul": ("*", 12), "div": ("/", 12),
                   "matmul": ("@", 12), "neg": ("neg", 13), "pow": ("**", 14)}


def test_generated_methods_and_functions():
    for name, op in OPS.items():
        assert hasattr(engine.Tensor, name) == op.method, name
        assert hasattr(engine, name) == op.function, name
        assert hasattr(engine.nn.functional, name) == op.functional, name
    for fn in ("linear", "relu", "tanh", "sigmoid", "mse_loss", "cross_entropy"):
        assert callable(getattr(engine.nn.functional, fn))


def test_apply_op_is_the_same_as_the_methods():
    x = engine.tensor([[1., -2., 3.]], requires_grad=True)
    assert engine.apply_op("sum", x, dim=1).grad_fn.name() == x.sum(1).grad_fn.name()
    assert engine.apply_op("sub", 2, x).grad_fn.name() == "RsubBackward1"
    assert engine.apply_op("mul", x, 3).tolist() == (x * 3).tolist()
    assert engine.apply_op("linear", x, engine.ones(2, 3)).shape == (1, 2)  # bias optional
    assert engine.apply_op("reshape", x, shape=(3,)).shape == (3,)
    assert engine.apply_op("reshape", x, shape=[3, 1]).shape == (3, 1)  # JSON lists work
    # arrays are constant tensors, not Python scalars: x - array is SubBackward0
    assert engine.apply_op("sub", np.array([1., 2., 3.]), x).grad_fn.name() == "SubBackward0"
    assert engine.apply_op("sub", 2, x).grad_fn.next_functions[0][0].variable is x
    assert engine.apply_op("max", x, dim=1).shape == (1,)  # values only
    assert REQUIRED is not None


# ------------------------------------------------------------- forward vs numpy reference
def _softmax(x, dim):
    e = np.exp(x - x.max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)


def _ref_ce(x, t):
    if x.ndim == 1:
        return -np.log(_softmax(x, 0)[t])
    p = _softmax(x, 1)
    return -np.mean(np.log(p[np.arange(len(t)), t]))


def _ref_reduce(fn):
    def ref(x, dim=None, keepdim=False):
        if dim is None:
            return fn(x, keepdims=keepdim) if keepdim else fn(x)
        return fn(x, axis=dim, keepdims=keepdim)
    return ref


REFERENCE = {
    "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y, "pow": lambda x, y: x ** y, "neg": lambda x: -x,
    "reciprocal": lambda x: 1 / x, "exp": np.exp, "log": np.log, "sin": np.sin, "cos": np.cos,
    "tanh": np.tanh, "sigmoid": lambda x: 1 / (1 + np.exp(-x)), "relu": lambda x: x * (x > 0),
    "abs": np.abs, "sqrt": np.sqrt, "square": lambda x: x * x,
    "sum": _ref_reduce(np.sum), "mean": _ref_reduce(np.mean), "max": _ref_reduce(np.max),
    "min": _ref_reduce(np.min),
    "reshape": lambda x, shape: x.reshape(shape), "view": lambda x, shape: x.reshape(shape),
    "transpose": lambda x, dim0, dim1: np.swapaxes(x, dim0, dim1),
    "t": lambda x: x.T, "permute": lambda x, dims: np.transpose(x, dims),
    "unsqueeze": lambda x, dim: np.expand_dims(x, dim if dim >= 0 else x.ndim + 1 + dim),
    "squeeze": lambda x, dim=None: np.squeeze(x) if dim is None else (
        np.squeeze(x, dim) if x.shape[dim] == 1 else x),
    "matmul": np.matmul, "mm": np.matmul, "dot": np.dot,
    "clamp": lambda x, min=None, max=None: np.clip(x, -np.inf if min is None else min,
                                                   np.inf if max is None else max),
    "where": np.where, "softmax": _softmax,
    "log_softmax": lambda x, dim: np.log(_softmax(x, dim)),
    "linear": lambda x, w, b=None: x @ w.T + (0 if b is None else b),
    "mse_loss": lambda x, y: np.mean((x - y) ** 2), "cross_entropy": _ref_ce,
    "norm": lambda x, p=2.0, dim=None, keepdim=False: np.linalg.norm(
        x.reshape(-1) if dim is None and not keepdim else x, ord=p, axis=dim, keepdims=keepdim),
    "round": np.round,
    "binary_cross_entropy": lambda x, t: -np.mean(t * np.log(x) + (1 - t) * np.log(1 - x)),
    "binary_cross_entropy_with_logits": lambda x, t: np.mean(
        -(t * np.log(1 / (1 + np.exp(-x))) + (1 - t) * np.log(1 - 1 / (1 + np.exp(-x))))),
}


# conv2d and pooling (nn_reference.py; batch_norm is not in OPS)
REFERENCE.update({k: f for k, f in NN_REFERENCE.items() if k in OPS})


def _samples(name, dtype=np.float64, seed=0):
    return OPS[name].samples(np.random.default_rng(seed), dtype)


@pytest.mark.parametrize("name", list(OPS))
def test_forward_matches_numpy_reference(name):
    assert set(REFERENCE) == set(OPS), "every op needs an independent numpy reference"
    for arrays, params in _samples(name):
        got = _apply(OPS[name], tuple(engine.tensor(a) for a in arrays), dict(params))
        want = np.asarray(REFERENCE[name](*arrays, **params))
        assert got.shape == want.shape, (arrays, params)
        np.testing.assert_allclose(got._data, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", list(OPS))
def test_forward_keeps_float32(name):
    for arrays, params in _samples(name, np.float32):
        out = _apply(OPS[name], tuple(engine.tensor(a) for a in arrays), dict(params))
        assert out.dtype == engine.float32, (name, params)


# ---------------------------------------------------------------- VJPs vs finite differences
def _vjp_cases():
    for name in OPS:
        for k, (arrays, params) in enumerate(_samples(name)):
            shapes = "x".join(str(tuple(np.shape(a))) for a in arrays)
            yield pytest.param(name, k, id=f"{name}-{k}-{shapes}-{params}")


@pytest.mark.parametrize("name,k", list(_vjp_cases()))
def test_vjp_matches_finite_differences(name, k):
    arrays, params = _samples(name)[k]
    problems = check_vjp(OPS[name], arrays, params, np.random.default_rng(k))
    assert not problems, "\n".join(problems)


def test_broadcast_ops_cover_every_shape_pairing():
    for name in ("add", "sub", "mul", "div", "pow"):
        pairs = {(np.shape(a), np.shape(b)) for (a, b), _ in _samples(name)}
        want = set()
        for sa in SHAPES:
            for sb in SHAPES:
                try:
                    np.broadcast_shapes(sa, sb)
                    want.add((sa, sb))
                except ValueError:
                    pass
        assert pairs == want, name
        assert ((3,), (2, 3)) in want and ((3, 1), (2, 3)) not in want


@pytest.mark.parametrize("name", list(OPS))
def test_gradcheck_along_random_directions(name):
    rng = np.random.default_rng(1)
    for arrays, params in _samples(name, seed=1)[:6]:
        problems = check_directional(OPS[name], arrays, params, rng)
        assert not problems, (params, problems)


def test_negative_control_wrong_vjp_is_caught():
    """A deliberately wrong derivative (sin' = sin instead of cos) must fail the checker,
    as must a VJP that forgets to scale by the incoming gradient."""
    rng = np.random.default_rng(0)
    wrong_sin = dataclasses.replace(OPS["sin"], vjps=(lambda g, out, x: g * np.sin(x),))
    arrays, params = _samples("sin")[1]
    assert check_vjp(wrong_sin, arrays, params, rng)
    assert check_directional(wrong_sin, arrays, params, rng)
    no_g = dataclasses.replace(OPS["mul"], vjps=(lambda g, out, x, y: y + 0 * g,
                                                 OPS["mul"].vjps[1]))
    arrays, params = _samples("mul")[-1]
    assert check_vjp(no_g, arrays, params, rng)
    # and the real entries pass the very same checks
    assert not check_vjp(OPS["sin"], *_samples("sin")[1], rng)
