"""Snippet parity: the engine's observations of every snippet in snippets.py equal torch 2.13's,
recorded in fixtures/snippets.json (and live, when torch is installed)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import snippets  # noqa: E402

RECORDED = HERE / "fixtures" / "snippets.json"


def _recorded() -> dict:
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def test_fixtures_cover_every_snippet():
    assert set(_recorded()["snippets"]) == set(snippets.SNIPPETS), "run tests/parity/record.py"


@pytest.mark.parametrize("name", sorted(snippets.SNIPPETS))
def test_engine_matches_recorded_torch(name):
    import engine
    want = _recorded()["snippets"][name]
    got = snippets.attempt(lambda: snippets.SNIPPETS[name](engine))
    assert snippets.same(got, want), f"\nengine: {got}\ntorch:  {want}"


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(snippets.SNIPPETS))
def test_engine_matches_live_torch(name):
    torch = pytest.importorskip("torch")
    import engine
    want = snippets.attempt(lambda: snippets.SNIPPETS[name](torch))
    got = snippets.attempt(lambda: snippets.SNIPPETS[name](engine))
    assert snippets.same(got, want), f"\nengine: {got}\ntorch:  {want}"
