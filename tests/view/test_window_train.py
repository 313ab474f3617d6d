"""Train step in the window: repeated presses are one training run (the optimizer keeps its
state, as in a PyTorch loop), each press is one undo step, and an edit or undo in between
starts the optimizer afresh."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.model.runner import Runner, training_command


@pytest.fixture
def window(new_window):
    from explorer.view.main_window import SEED_EXAMPLE

    w = new_window()
    assert w.open_example(SEED_EXAMPLE)
    return w


def leaf_values(doc) -> dict[str, np.ndarray]:
    return {n.name: np.array(n.value) for n in doc.nodes.values() if n.kind == "leaf"}


def trained(doc, presses: int, optimizer: str, lr: float, momentum: float = 0.0, fresh_each: bool = False):
    """Leaf values after ``presses`` optimizer steps on a copy of ``doc``: one run, or (the old,
    wrong behaviour) a new optimizer for every step."""
    doc = doc.copy()
    runner = Runner(doc)
    try:
        if not fresh_each:
            _, values = runner.train(presses, optimizer=optimizer, lr=lr, momentum=momentum)
            training_command(doc, values).do(doc)
        else:
            for _ in range(presses):
                _, values = runner.train(1, optimizer=optimizer, lr=lr, momentum=momentum)
                training_command(doc, values).do(doc)
    finally:
        runner.close()
    return leaf_values(doc)


def choose(window, data: str, lr: float) -> None:
    window.optimizer_combo.setCurrentIndex(window.optimizer_combo.findData(data))
    window.lr_spin.setValue(lr)


@pytest.mark.parametrize("data, optimizer, momentum", [("adam", "adam", 0.0), ("momentum", "sgd", 0.9)])
def test_two_presses_are_two_steps_of_one_run(window, data, optimizer, momentum):
    start = window.document.copy()
    lr = 0.5 if optimizer == "adam" else 0.001
    choose(window, data, lr)
    window.actions["train_step"].trigger()
    window.actions["train_step"].trigger()
    got = leaf_values(window.document)
    one_run = trained(start, 2, optimizer, lr, momentum)
    restarted = trained(start, 2, optimizer, lr, momentum, fresh_each=True)
    for name in ("a", "b"):
        np.testing.assert_allclose(got[name], one_run[name], rtol=1e-6, atol=1e-7)
        # the state matters here, so the test would catch a trainer rebuilt on every press
        assert not np.allclose(got[name], restarted[name], rtol=1e-6, atol=1e-7), name
    assert window.undo_stack.count() == 2  # one undo step per press


def test_undo_then_train_starts_a_fresh_optimizer(window):
    start = window.document.copy()
    choose(window, "adam", 0.5)
    for _ in range(3):
        window.actions["train_step"].trigger()
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    for name, value in leaf_values(start).items():
        np.testing.assert_array_equal(window.document.node_by_name(name).value, value)
    window.actions["train_step"].trigger()
    got = leaf_values(window.document)
    first = trained(start, 1, "adam", 0.5)
    for name in ("a", "b"):
        np.testing.assert_allclose(got[name], first[name], rtol=1e-6)


def test_changing_the_learning_rate_starts_a_new_run(window):
    start = window.document.copy()
    choose(window, "adam", 0.5)
    window.actions["train_step"].trigger()
    after_one = window.document.copy()
    choose(window, "adam", 0.1)
    window.actions["train_step"].trigger()
    got = leaf_values(window.document)
    expected = trained(after_one, 1, "adam", 0.1)
    for name in ("a", "b"):
        np.testing.assert_allclose(got[name], expected[name], rtol=1e-6)
    assert not np.allclose(got["a"], trained(start, 2, "adam", 0.5)["a"])


def _zero_grad_first(text: str) -> bool:
    """The text names the optimizer loop in its order: zero_grad, backward, step."""
    at = [text.find(s) for s in ("optimizer.zero_grad()", "backward()", "optimizer.step()")]
    return -1 not in at and at == sorted(at)


def test_train_step_says_it_zeroes_the_grads_first(window):
    """A Train step zeroes the grads before its backward, as a PyTorch optimizer loop does
    (backward adds into .grad); its tooltip and its message in the Messages panel say so."""
    assert _zero_grad_first(window.actions["train_step"].toolTip())
    window.actions["train_step"].trigger()
    level, text = window.messages.entries()[-1]
    assert level == "info" and _zero_grad_first(text), text


def test_train_step_says_so_in_korean(korean, new_window):
    from explorer.view.main_window import SEED_EXAMPLE

    w = new_window()
    assert w.open_example(SEED_EXAMPLE)
    w.actions["train_step"].trigger()
    _level, text = w.messages.entries()[-1]
    assert _zero_grad_first(text) and "손실" in text, text
    # tooltips are translated by the window's retranslation pass, through the same catalogue
    from explorer.view.i18n import tr

    tip = tr(w.actions["train_step"].toolTip())
    assert _zero_grad_first(tip) and "옵티마이저" in tip, tip


def test_training_panel_says_each_step_zeroes_first(qtbot, window):
    from explorer.view.plots.training import TrainingPanel

    panel = TrainingPanel(window.document, window.runner)
    qtbot.addWidget(panel)
    assert _zero_grad_first(panel.status.text()) and _zero_grad_first(panel.train_button.toolTip())
