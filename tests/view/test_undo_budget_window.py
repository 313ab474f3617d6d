"""Train presses in the window stay within the undo history's memory budget: the oldest steps
are dropped (the messages say so once), the recent ones still undo exactly, and a saved state
among the dropped steps can no longer be reached by undoing."""
from __future__ import annotations

import numpy as np


def test_train_presses_on_a_512x512_weight_keep_the_undo_history_in_budget(new_window, tmp_path):
    script = tmp_path / "big.py"
    script.write_text("W = rand(512, 512, requires_grad=True)\nQ = (W * W).sum()\nQ.backward()\n",
                      encoding="utf-8")
    w = new_window(script)
    budget = 12 * 1024 * 1024  # the default is 256 MB; 12 MB keeps the test quick
    w.undo_stack.memory_budget = budget
    wid = w.document.node_by_name("W").id
    after = []
    for _ in range(30):
        w.actions["train_step"].trigger()
        after.append(np.array(w.document.nodes[wid].value))
    assert not np.array_equal(after[0], after[-1])
    assert w.undo_stack.held_bytes() <= budget
    assert 8 <= w.undo_stack.count() <= 12, w.undo_stack.count()
    said = [t for _lvl, t in w.messages.entries() if "Older undo steps were dropped" in t]
    assert len(said) == 1, said
    for i in range(1, 6):
        w.actions["undo"].trigger()
        np.testing.assert_array_equal(w.document.nodes[wid].value, after[-1 - i])
    w.actions["redo"].trigger()
    np.testing.assert_array_equal(w.document.nodes[wid].value, after[-5])
    assert w.undo_stack.canRedo() and w.isWindowModified()


def test_a_trim_keeps_the_clean_state_where_it_was(new_window, tmp_path):
    from explorer.model import commands as C

    doc_path = tmp_path / "w.json"
    w = new_window()
    w.undo_stack.memory_budget = 6 * 256 * 256 * 4
    w.push(C.AddNodeCommand(C.leaf_node(w.document, "W", np.zeros((256, 256), np.float32))))
    wid = w.document.node_by_name("W").id
    for k in range(3):
        w.push(C.SetValueCommand(wid, np.full((256, 256), k, np.float32)))
    assert w._save_to(str(doc_path)) and not w.isWindowModified()
    for k in range(3, 8):  # over the budget: the oldest steps go, the saved state stays reachable
        w.push(C.SetValueCommand(wid, np.full((256, 256), k, np.float32)))
    assert w.undo_stack.count() < 9 and w.isWindowModified()
    while w.undo_stack.index() > w.undo_stack.cleanIndex():
        w.actions["undo"].trigger()
    assert not w.isWindowModified()
    np.testing.assert_array_equal(w.document.nodes[wid].value, np.full((256, 256), 2, np.float32))
