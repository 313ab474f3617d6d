"""Every op's ``grad_fn`` graph is torch 2.13's: names and ``next_functions`` wiring, compared
against ``fixtures/grad_fn.json`` (recorded by ``record_grad_fn.py``; no torch needed), and live
against an installed torch under the ``torch`` marker."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import engine
from engine.ops import OPS

from record_grad_fn import FIXTURE, call, cases, graph_of

RECORDED = json.loads(Path(FIXTURE).read_text(encoding="utf-8"))


def _engine_graph(case: dict):
    out = call(engine, case["op"], case["inputs"], case["params"])
    out = out[0] if isinstance(out, tuple) else out
    return graph_of(out.grad_fn)


def _label(case: dict) -> str:
    return f"{case['op']}({', '.join(str(i) if not isinstance(i, dict) else 'T' for i in case['inputs'])})"


def test_the_fixture_covers_every_op_of_the_table():
    recorded = {c["op"] for c in RECORDED["cases"]}
    missing = sorted(n for n, op in OPS.items() if not op.custom and n not in recorded)
    assert RECORDED["torch"].startswith("2.13")
    assert not missing, f"no recorded grad_fn for {missing}: run python tests/parity/record_grad_fn.py"


@pytest.mark.parametrize("case", RECORDED["cases"], ids=_label)
def test_grad_fn_graph_matches_torch(case):
    assert _engine_graph(case) == case["grad_fn"]


def test_a_misspelled_grad_fn_name_fails():
    """Negative control: the table entry says ``Log1pBackward0`` where torch says ``ExpBackward0``."""
    case = next(c for c in RECORDED["cases"] if c["op"] == "exp")
    op = OPS["exp"]
    assert _engine_graph(case) == case["grad_fn"]
    object.__setattr__(op, "grad_fn", "Log1pBackward0")  # the entry is frozen: as if typed so
    try:
        assert _engine_graph(case) != case["grad_fn"]
    finally:
        object.__setattr__(op, "grad_fn", "ExpBackward0")


@pytest.mark.torch
def test_the_fixture_is_what_torch_records_now():
    torch = pytest.importorskip("torch")
    fresh = []
    for case in cases():
        out = call(torch, case["op"], case["inputs"], case["params"])
        out = out[0] if isinstance(out, tuple) else out
        fresh.append({**case, "grad_fn": graph_of(out.grad_fn)})
    assert json.loads(json.dumps(fresh)) == RECORDED["cases"]
