"""The held-out real-code set (heldout_run.py): every snippet, run as plain Python over
``engine``, prints exactly what torch 2.13 printed (recorded; and live under the torch marker),
and every snippet names its public source."""
from __future__ import annotations

import functools
import json
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import heldout_run as ho  # noqa: E402


def test_every_snippet_names_its_source_and_has_a_fixture():
    recorded = json.loads(ho.FIXTURE.read_text(encoding="utf-8"))["outputs"]
    assert len(ho.names()) >= 15 and sorted(recorded) == ho.names()
    for name in ho.names():
        head = (ho.SNIPPETS / f"{name}.py").read_text(encoding="utf-8").splitlines()[:2]
        assert head[0].startswith("# Source: ") and re.match(r"# URL: https?://", head[1]), name


@functools.lru_cache(maxsize=None)
def _outputs(backend: str) -> dict:
    # one interpreter per backend, a fork per snippet (ho.run started a fresh one per snippet);
    # test_engine_corpus.py checks the batch prints what a fresh interpreter prints
    return ho.run_all(backend, ho.names())


@pytest.mark.parametrize("name", ho.names())
def test_engine_prints_what_torch_printed(name):
    want = json.loads(ho.FIXTURE.read_text(encoding="utf-8"))["outputs"][name]
    assert "UNCAUGHT" not in want
    assert _outputs("engine").get(name) == want


@pytest.mark.torch
@pytest.mark.parametrize("name", ho.names())
def test_fixture_is_what_torch_prints_now(name):
    pytest.importorskip("torch")
    want = json.loads(ho.FIXTURE.read_text(encoding="utf-8"))["outputs"][name]
    assert _outputs("torch").get(name) == want
