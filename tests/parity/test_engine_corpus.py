"""The whole real-code corpus (``programs_real/*.py``, 133 snippets from tutorials, docs,
books and Q&A) run the second way issue #14 is judged: as plain Python with ``import torch``
answered by ``engine`` (``heldout_run.BATCH_SHIM``; ``heldout/*.py`` has its own test,
``test_heldout.py``).  What each prints must be what torch 2.13 printed
(``fixtures/programs_real.json``, recorded by ``record_real.py``; object addresses and
last-digit rounding aside), and an error torch raised must be the same uncaught error.

A snippet that needs API the engine lacks is a strict xfail naming it while a probe says it is
missing, and must match once the API is there; the few known differences are strict xfails
with their reason.  So the figure this file reports is the engine's coverage of the corpus.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import pytest

import engine

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import heldout_run as ho  # noqa: E402
import real_programs as rp  # noqa: E402

# The held-out sets (wild_*, wild2_*, wild3_*) have their own test and bookkeeping: test_wild_engine.py.
NAMES = [n for n in rp.program_names() if not n.startswith(("wild_", "wild2_", "wild3_"))]

# snippet -> (the API it needs, a probe that is true once the engine has it)
MISSING_API = {
    "examples_02_tensor_poly": ("torch.device", lambda: hasattr(engine, "device")),
    "examples_03_autograd_poly": ("torch.set_default_device",
                                  lambda: hasattr(engine, "set_default_device")),
    "examples_04_legendre_function": ("torch.device", lambda: hasattr(engine, "device")),
    "examples_08_old_two_layer": ("torch.device", lambda: hasattr(engine, "device")),
    "holdout_05_introyt_inplace_leaf": ("torch.sin_ (in-place functions on the module)",
                                        lambda: hasattr(engine, "sin_")),
    "nn_tutorial_01_from_scratch": ("torch.argmax", lambda: hasattr(engine, "argmax")),
}
# snippet -> why plain Python over the engine prints something else (strict xfail)
KNOWN = {
    "examples_07_optim_rmsprop": "RMSprop runs, but last-digit float32 differences (torch's "
                                 "vectorised sqrt is not correctly rounded) grow over 2000 steps",
}


def _expected(name: str) -> str:
    rec = json.loads(rp.FIXTURE.read_text(encoding="utf-8"))["programs"][name]
    err = rec["error"]
    return rec["output"] + (f"UNCAUGHT {err['type']} {err['message']}\n" if err else "")


@functools.lru_cache(maxsize=None)
def _engine_outputs() -> dict:
    return ho.run_all("engine", NAMES, rp.PROGRAMS)


def _params():
    out = []
    for n in NAMES:
        marks = []
        if n in MISSING_API and not MISSING_API[n][1]():
            marks = [pytest.mark.xfail(strict=True, reason=f"engine lacks {MISSING_API[n][0]}")]
        elif n in KNOWN:
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN[n])]
        out.append(pytest.param(n, marks=marks, id=n))
    return out


def test_the_corpus_is_large_and_the_fresh_set_is_in_it():
    assert len(NAMES) >= 130 and sum(n.startswith("fresh_") for n in NAMES) >= 25


@pytest.mark.parametrize("name", _params())
def test_engine_prints_what_torch_printed(name):
    got = _engine_outputs().get(name)
    assert got is not None, f"{name}: the batch run printed nothing for it"
    problem = rp._output_diff(got, _expected(name))
    assert problem is None, problem


def test_the_batch_runner_prints_what_a_fresh_interpreter_prints():
    # the batch shim (one import, a fork per file) is the one-file shim, faster
    for name in ("fresh_09_split_grad", "so_10_detach_inplace_error"):
        assert rp._output_diff(_engine_outputs()[name], ho.run("engine", name, rp.PROGRAMS)) \
            is None


FRESH = [n for n in NAMES if n.startswith("fresh_")]


@functools.lru_cache(maxsize=None)
def _torch_outputs() -> dict:
    # the fresh set only: the others' torch side is checked live by test_programs_real.py
    return ho.run_all("torch", FRESH, rp.PROGRAMS)


@pytest.mark.torch
@pytest.mark.parametrize("name", FRESH)
def test_the_shim_under_torch_prints_the_fixture(name):
    pytest.importorskip("torch")
    assert rp._output_diff(_torch_outputs()[name], _expected(name)) is None
