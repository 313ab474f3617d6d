"""The fast paths (``engine/ops_fast.py``) against the reference path (``engine/dispatch.py``).

Every Tensor method the fast unary path serves and every operator the fast binary path
serves is run both ways on the same inputs: dtypes float32/float64/int64/bool, shapes (),
(3,) and (2, 3), leaves and non-leaves, with and without requires_grad, in grad mode and
under no_grad, with a tensor or a Python number (zero too) on the other side, reflected or
not.  The two results must agree in everything a user can see: values, dtype, shape,
requires_grad, is_leaf, grad_fn's name and next_functions, the gradient that flows back,
and whether backward refuses after the input was changed in place.
"""
from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.dispatch import _apply
from engine.op_table import OPS
from engine.ops import METHODS

#: the methods ops_methods.py builds with ops_fast._fast_unary (same rule as _make_method)
FAST_UNARY = sorted(name for name, op in OPS.items()
                    if op.method and op.arity == 1 and not op.params and op.compose is None
                    and isinstance(op.grad_fn, str) and name not in ("max", "min"))
#: operator -> (op name, reflected)
FAST_BINARY = {"__add__": ("add", False), "__radd__": ("add", True),
               "__sub__": ("sub", False), "__rsub__": ("sub", True),
               "__mul__": ("mul", False), "__rmul__": ("mul", True),
               "__truediv__": ("div", False), "__rtruediv__": ("div", True),
               "__pow__": ("pow", False), "__rpow__": ("pow", True),
               "add": ("add", False), "sub": ("sub", False), "mul": ("mul", False),
               "div": ("div", False), "pow": ("pow", False)}
DTYPES = (np.float32, np.float64, np.int64, np.bool_)
SHAPES = ((), (3,), (2, 3))


def _data(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.2, 0.9, size=shape)   # inside every op's domain (log, atanh ...)
    if dtype == np.int64:
        values = rng.integers(1, 4, size=shape)
    elif dtype == np.bool_:
        values = rng.integers(0, 2, size=shape) > 0
    return np.asarray(values, dtype=dtype)


def _inputs(shape, dtype, seed):
    """(label, make): fresh input tensors each call, so both paths start from the same state."""
    floating = np.dtype(dtype).kind == "f"
    yield "constant", lambda: engine.tensor(_data(shape, dtype, seed))
    if floating:
        yield "leaf", lambda: engine.tensor(_data(shape, dtype, seed), requires_grad=True)
        yield "non-leaf", lambda: engine.tensor(_data(shape, dtype, seed),
                                                requires_grad=True) * 1.0


def _outcome(run, make_inputs, grad_mode: bool):
    """Everything a user can observe of ``run(*inputs)``: the result, its graph, the
    gradient it sends back, and what backward says after an input changed in place."""
    inputs = make_inputs()
    try:
        with engine.set_grad_enabled(grad_mode):
            r = run(*inputs)
    except Exception as err:  # noqa: BLE001  (both paths must fail the same way)
        return ("error", type(err).__name__, str(err))
    fn = r.grad_fn
    seen = {"value": r._data.tolist(), "dtype": str(r.dtype), "shape": tuple(r.shape),
            "requires_grad": r.requires_grad, "is_leaf": r.is_leaf,
            "grad_fn": None if fn is None else type(fn).__name__,
            "next": None if fn is None else [(None if f is None else type(f).__name__, k)
                                             for f, k in fn.next_functions]}
    leaves = [t for t in inputs if isinstance(t, engine.Tensor) and t.requires_grad]
    if fn is not None:
        g = engine.tensor(np.linspace(0.5, 1.5, max(r._data.size, 1))
                          .reshape(r._data.shape).astype(r._data.dtype))
        grads = engine.autograd.grad(r, leaves, g, retain_graph=True, allow_unused=True)
        seen["grads"] = [None if d is None else d._data.tolist() for d in grads]
    with engine.no_grad():   # each float input changed in place (values kept): a node
        for t in inputs:     # that saved it for its backward must now refuse to run
            if isinstance(t, engine.Tensor) and t.dtype.is_floating_point:
                t.add_(0.0)
    seen["version"] = r._version   # a view shares its base's version counter
    if fn is not None:
        try:
            r.backward(g)
            seen["after_inplace"] = "ran"
        except RuntimeError as err:
            seen["after_inplace"] = str(err)
    return seen


def _same(fast, reference, where=""):
    if not isinstance(fast, dict) or not isinstance(reference, dict):
        assert fast == reference, where
        return
    assert fast.keys() == reference.keys(), where
    for key in fast:
        a, b = fast[key], reference[key]
        if key == "value":   # bit for bit, nan where the reference has nan
            np.testing.assert_array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                                          err_msg=f"{where}: {key}")
        elif key == "grads":
            assert len(a) == len(b), where
            for ga, gb in zip(a, b):
                assert (ga is None) == (gb is None), where
                if ga is not None:
                    np.testing.assert_array_equal(np.asarray(ga, dtype=float),
                                                  np.asarray(gb, dtype=float), err_msg=where)
        else:
            assert a == b, f"{where}: {key}"


@pytest.mark.parametrize("name", FAST_UNARY)
def test_fast_unary_method_matches_the_reference_path(name):
    op = OPS[name]
    method = METHODS[name]
    assert method.__code__.co_name == "method" and method.__qualname__.startswith("_fast_unary")
    for dtype in DTYPES:
        for shape in SHAPES:
            for label, make in _inputs(shape, dtype, seed=len(name)):
                for grad_mode in (True, False):
                    fast = _outcome(lambda x: method(x), lambda: (make(),), grad_mode)
                    ref = _outcome(lambda x: _apply(op, (x,), {}), lambda: (make(),), grad_mode)
                    _same(fast, ref, f"{name} {np.dtype(dtype)} {shape} {label} "
                                     f"grad_mode={grad_mode}")


def _others(shape, dtype):
    """The right-hand sides the fast binary path serves (and a few it hands to _apply)."""
    yield "float", lambda: 0.75
    yield "int", lambda: 2
    yield "zero", lambda: 0.0
    yield "negative zero", lambda: -0.0
    yield "same tensor", lambda: engine.tensor(_data(shape, dtype, 7))
    yield "broadcast tensor", lambda: engine.tensor(_data((1,) * len(shape) + (1,), dtype, 8))
    yield "other dtype", lambda: engine.tensor(_data(shape, np.float64 if dtype != np.float64
                                                     else np.float32, 9))
    yield "numpy scalar", lambda: np.float64(0.5)
    if np.dtype(dtype).kind == "f":
        yield "tensor requiring grad", lambda: engine.tensor(_data(shape, dtype, 10),
                                                             requires_grad=True)


@pytest.mark.parametrize("operator", sorted(FAST_BINARY))
def test_fast_binary_operator_matches_the_reference_path(operator):
    name, reflected = FAST_BINARY[operator]
    op = OPS[name]
    # (Tensor.div itself is ops_math's, with rounding_mode; the generated one is in METHODS)
    method = getattr(engine.Tensor, operator) if operator.startswith("__") else METHODS[operator]
    assert method.__qualname__.startswith("_fast_binary")
    for dtype in DTYPES:
        for shape in SHAPES:
            for label, make in _inputs(shape, dtype, seed=3):
                for other_label, make_other in _others(shape, dtype):
                    both = (lambda: (make(), make_other()))
                    for grad_mode in (True, False):
                        fast = _outcome(lambda x, o: method(x, o), both, grad_mode)
                        ref = _outcome(lambda x, o: _apply(op, (o, x) if reflected else (x, o),
                                                           {}), both, grad_mode)
                        _same(fast, ref, f"{operator} {np.dtype(dtype)} {shape} {label} "
                                         f"other={other_label} grad_mode={grad_mode}")


def test_the_comparison_sees_a_wrong_fast_path(monkeypatch):
    """Negative control: a fast path that records the wrong node is caught."""
    make = lambda: (engine.tensor([0.3, 0.6], requires_grad=True),)  # noqa: E731
    ref = _outcome(lambda x: _apply(OPS["sin"], (x,), {}), make, True)
    wrong = _outcome(lambda x: METHODS["cos"](x), make, True)
    with pytest.raises(AssertionError):
        _same(wrong, ref)
