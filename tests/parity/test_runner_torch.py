"""The runner against PyTorch on documents from random editing sessions.

Each document's printed PyTorch script (``to_torch_script``) ran under torch 2.13
(record_runner.py, fixtures/runner.json); the runner's results on the document must match for
every tensor the script names: value, requires_grad, is_leaf, grad_fn, next_functions and
.grad. Where torch raised, the runner reports an error too. When torch is installed, the same
documents' scripts also run live (``-m torch``)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from explorer.model.fileformat import loads
from explorer.model.runner import Runner

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "runner.json"


def _entries() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))["entries"]


def _doc(entry: dict):
    return loads(json.dumps(entry["document"]))


def assert_runner_matches_torch(doc, want: dict) -> None:
    res = Runner(doc, listen=False)
    result = res.run_backward() if doc.root is not None else res.run_forward()
    if "error" in want:
        assert result.errors or result.backward_error, want["error"]
        return
    by_name = {n.name: nid for nid, n in doc.nodes.items()}
    assert want or not doc.nodes, "torch named no tensor"
    for name, t in want.items():
        r = result[by_name[name]]
        where = f"{name}: "
        assert r.computed, where + str(r.error)
        np.testing.assert_allclose(np.asarray(r.value, np.float64), np.asarray(t["value"], np.float64),
                                   rtol=1e-5, atol=1e-6, equal_nan=True, err_msg=where + "value")
        assert (r.requires_grad, r.is_leaf, r.grad_fn) == (t["requires_grad"], t["is_leaf"], t["grad_fn"]), where
        assert list(r.next_functions) == t["next_functions"], where
        if t["grad"] is None:
            assert r.grad is None, where + "grad"
        else:
            np.testing.assert_allclose(np.asarray(r.grad, np.float64), np.asarray(t["grad"], np.float64),
                                       rtol=1e-5, atol=1e-6, equal_nan=True, err_msg=where + "grad")


def test_the_fixture_covers_enough_documents_that_ran():
    entries = _entries()
    ran = [e for e in entries if "error" not in e["torch"]]
    assert len(entries) >= 100 and len(ran) >= 40
    # not only the seed: several op kinds and documents after New/Open/Apply
    grad_fns = {t["grad_fn"] for e in ran for t in e["torch"].values()}
    assert len(grad_fns) >= 8


@pytest.mark.parametrize("index", range(len(_entries())))
def test_runner_matches_recorded_torch(index):
    entry = _entries()[index]
    assert_runner_matches_torch(_doc(entry), entry["torch"])


@pytest.mark.torch
def test_runner_matches_live_torch_on_every_nth_session_document():
    pytest.importorskip("torch")
    sys.path.insert(0, str(HERE))
    import runner_docs

    docs = runner_docs.documents(count=60, seed=11)[::2]
    for doc, want in zip(docs, runner_docs.torch_results(docs)):
        assert_runner_matches_torch(doc, want)


def test_a_wrong_runner_value_is_caught():
    """Negative control: the comparison notices a changed number."""
    entry = next(e for e in _entries() if "error" not in e["torch"] and e["torch"])
    want = json.loads(json.dumps(entry["torch"]))
    name = next(iter(want))
    want[name]["value"] = (np.asarray(want[name]["value"]) + 1.0).tolist()
    with pytest.raises(AssertionError):
        assert_runner_matches_torch(_doc(entry), want)
