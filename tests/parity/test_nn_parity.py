"""The convolution-network ops, modules and SGD against torch 2.13: the engine replays
nn_cases.py and must match the recorded fixture (fixtures/nn.json; values, gradients,
grad_fn names and next_functions, running statistics, reprs, state_dict keys, error texts,
SGD trajectories), and, under the ``torch`` marker, torch itself live."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

import engine

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import nn_cases  # noqa: E402
from record_nn import observe  # noqa: E402

FIXTURE = json.loads((HERE / "fixtures" / "nn.json").read_text(encoding="utf-8"))
TOL = {"float64": dict(rtol=1e-9, atol=1e-10), "float32": dict(rtol=2e-4, atol=2e-5)}
# torch pads the input with a node of its own when 'same' padding is asymmetric (an even
# kernel); the engine pads inside the convolution node
ASYMMETRIC_SAME = {6}


def test_fixture_is_current():
    assert FIXTURE["torch"].startswith("2.13")
    assert FIXTURE["cases"] == repr((nn_cases.FUNCTIONAL, nn_cases.ERRORS, nn_cases.SGD_CONFIGS)), \
        "nn_cases.py changed: run python tests/parity/record_nn.py"


def _name(n):
    return None if n is None else n.replace("torch::autograd::", "")


def _close(got, want, tol, what):
    if want is None:
        assert got is None, what
        return
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float),
                               err_msg=what, **tol)


def compare_functional(got, want, dtype, k):
    case = nn_cases.FUNCTIONAL[k]
    assert got["shape"] == want["shape"], case
    assert got["grad_fn"] == want["grad_fn"], case
    if k not in ASYMMETRIC_SAME:
        assert [_name(n) for n in got["next"]] == [_name(n) for n in want["next"]], case
    tol = TOL[dtype]
    _close(got["value"], want["value"], tol, f"{case} value")
    for i, (g, w) in enumerate(zip(got["grads"], want["grads"])):
        _close(g, w, tol, f"{case} grad {i}")
    for key in ("running_mean", "running_var"):
        if key in want:
            _close(got[key], want[key], tol, f"{case} {key}")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("k", range(len(nn_cases.FUNCTIONAL)))
def test_functional_matches_recorded_torch(k, dtype):
    got = nn_cases.run_functional(engine, nn_cases.FUNCTIONAL[k], dtype)
    compare_functional(got, FIXTURE["functional"][dtype][k], dtype, k)


@pytest.mark.parametrize("k", range(len(nn_cases.ERRORS)))
def test_error_texts_are_torch_words(k):
    assert nn_cases.run_error(engine, nn_cases.ERRORS[k]) == FIXTURE["errors"][k]


def test_module_reprs_keys_and_parameter_counts():
    for got, want in zip(nn_cases.run_modules(engine), FIXTURE["modules"]):
        assert got == want


def compare_training(got, want):
    tol = dict(rtol=1e-8, atol=1e-10)
    for gs, ws in zip(got["steps"], want["steps"]):
        assert gs["loss"] == pytest.approx(ws["loss"], rel=1e-10)
        assert gs["grads"].keys() == ws["grads"].keys()
        for name in ws["grads"]:
            _close(gs["grads"][name], ws["grads"][name], tol, name)
    _close(got["eval_out"], want["eval_out"], tol, "eval output")
    assert got["grad_fn"] == want["grad_fn"]
    assert list(got["state"]) == list(want["state"])
    for key in want["state"]:  # running statistics, num_batches_tracked, trained weights
        _close(got["state"][key], want["state"][key], tol, key)


@pytest.mark.parametrize("k", [0, 1], ids=["momentum0.1", "momentumNone"])
def test_training_with_batch_norm_matches_torch(k):
    got = nn_cases.run_training(engine, (0.1, None)[k])
    compare_training(got, FIXTURE["training"][k])


def test_load_state_dict_errors_are_torch_words():
    assert nn_cases.run_load_errors(engine) == FIXTURE["load_errors"]


@pytest.mark.parametrize("k", range(len(nn_cases.SGD_CONFIGS)))
def test_sgd_trajectory_matches_torch(k):
    got = nn_cases.run_sgd(engine, nn_cases.SGD_CONFIGS[k])["trajectory"]
    want = FIXTURE["sgd"][k]["trajectory"]
    for step, (gs, ws) in enumerate(zip(got, want)):
        for i, (g, w) in enumerate(zip(gs, ws)):
            _close(g, w, dict(rtol=1e-10, atol=1e-12), f"step {step} param {i}")


@pytest.mark.torch
def test_everything_matches_torch_live():
    torch = pytest.importorskip("torch")
    want, got = observe(torch), observe(engine)
    for dtype in ("float64", "float32"):
        for k, (g, w) in enumerate(zip(got["functional"][dtype], want["functional"][dtype])):
            compare_functional(g, w, dtype, k)
    assert got["errors"] == want["errors"]
    assert got["modules"] == want["modules"]
    for g, w in zip(got["training"], want["training"]):
        compare_training(g, w)
    assert got["load_errors"] == want["load_errors"]
