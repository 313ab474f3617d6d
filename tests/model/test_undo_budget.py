"""The undo history has a memory budget: 300 Train steps of a 512x512 weight grew the app from
78 to 732 MB (each step kept two copies of the weight). Now each value is stored once and the
oldest steps are dropped beyond the budget; the recent steps still undo exactly."""
from __future__ import annotations

import tracemalloc

import numpy as np

from explorer.model import commands as C
from explorer.model.document import Document
from explorer.model.runner import training_command

MB = 1024 * 1024


def _weight_document(n: int = 512) -> tuple[Document, str]:
    doc = Document()
    h = C.History(doc)
    h.push(C.AddNodeCommand(C.leaf_node(doc, "W", np.zeros((n, n), dtype=np.float32), requires_grad=True)))
    return doc, doc.node_by_name("W").id


def _train(history: C.History, doc: Document, wid: str, steps: int, seed: int = 0) -> list[np.ndarray]:
    """``steps`` Train presses (W -= lr * grad), as the window pushes them; returns W after each."""
    rng = np.random.default_rng(seed)
    after = []
    for _ in range(steps):
        w = doc.nodes[wid].value
        grad = rng.standard_normal(w.shape).astype(np.float32)
        history.push(training_command(doc, {wid: w - 0.01 * grad}, "Train step"))
        after.append(doc.nodes[wid].value.copy())
    return after


def test_300_train_steps_on_a_512x512_weight_stay_under_the_budget_and_undo_exactly():
    budget = 64 * MB  # the window's is 256 MB; smaller here so the test is quick and lean
    doc, wid = _weight_document()
    history = C.History(doc, memory_budget=budget)
    tracemalloc.start()
    try:
        after = _train(history, doc, wid, 300)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    one = 512 * 512 * 4
    assert history.held_bytes() <= budget
    # the whole test (history, document, our own 300 snapshots of W) stays in budget + snapshots
    assert current - 300 * one <= budget + 8 * MB, current / MB
    kept = len(history)
    assert 55 <= kept <= 64, kept  # ~1 MB per step: each value stored once, not twice
    assert history.dropped_for_memory == 300 - kept
    for i in range(1, 11):  # the recent steps undo exactly
        history.undo()
        np.testing.assert_array_equal(doc.nodes[wid].value, after[-1 - i])
    for i in range(10):
        history.redo()
    np.testing.assert_array_equal(doc.nodes[wid].value, after[-1])
    while history.can_undo():
        history.undo()
    np.testing.assert_array_equal(doc.nodes[wid].value, after[-1 - kept])


def test_each_train_step_stores_its_value_once():
    doc, wid = _weight_document(256)
    history = C.History(doc, memory_budget=0)  # no budget: measure what 20 steps hold
    _train(history, doc, wid, 20)
    one = 256 * 256 * 4
    assert history.held_bytes() == 21 * one  # the 20 results and the starting value


def test_the_clean_state_survives_a_trim_or_becomes_unreachable():
    doc, wid = _weight_document(256)
    history = C.History(doc, memory_budget=10 * 256 * 256 * 4)
    _train(history, doc, wid, 3)
    history.set_clean()  # saved after 3 steps
    _train(history, doc, wid, 5)
    assert not history.is_clean() and len(history) == 8
    for _ in range(5):
        history.undo()
    assert history.is_clean()
    for _ in range(5):
        history.redo()
    _train(history, doc, wid, 10)  # the saved state is dropped: never clean again by undoing
    while history.can_undo():
        history.undo()
        assert not history.is_clean()


def test_steps_within_budget_counts_shared_arrays_once_and_keeps_the_last_step():
    a, b = np.zeros(100, np.uint8), np.zeros(100, np.uint8)
    assert C.steps_within_budget([[a], [a, b], [b]], 200) == 3
    assert C.steps_within_budget([[a], [a, b], [b]], 150) == 1
    assert C.steps_within_budget([[np.zeros(1000, np.uint8)]], 10) == 1
    assert C.history_bytes([[a, a[:10]], [b]]) == 200
