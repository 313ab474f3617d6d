"""Runs through the window: forward, backward, gradient field, zero grad, train step, auto-run, and
the inspector's fields and edits."""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QApplication

from explorer.model import commands as C
from explorer.model.document import Document, Edge

from window_driving import (load_seed, node_id, select, grad_texts, mouse_click, set_value_in_inspector,
                            prompts, settings_dir, make_window, window)  # noqa: F401 - fixtures


# ---------------------------------------------------------------------- runs, inspector, freezing
def test_forward_backward_and_inspector_fields(window):
    load_seed(window)
    window.actions["zero_grad"].trigger()       # Auto-run already ran one backward: start from None
    window.actions["backward"].trigger()
    select(window, "a")
    insp = window.inspector
    assert insp.title.text() == "a"
    assert insp.shape_label.text() == "torch.Size([2])"
    assert insp.dtype_label.text() == "torch.float32"
    assert insp.requires_grad_box.isChecked() and insp.requires_grad_box.isEnabled()
    assert insp.is_leaf_label.text() == "True"
    assert insp.value_table.cell_texts() == [["2.", "3."]]
    assert insp.grad_table.cell_texts() == [["36.", "81."]]
    select(window, "a_cubed")
    assert insp.grad_fn_label.text() == "<PowBackward0>"
    assert insp.is_leaf_label.text() == "False"
    assert insp.next_label.text() == "((AccumulateGrad, 0),)"  # as torch: the exponent is a Python scalar
    assert not insp.grad_table.isVisibleTo(insp)  # non-leaf: .grad is None
    select(window, "Q")
    assert insp.next_label.text() == "((MulBackward0, 0), (PowBackward0, 0))"
    select(window, "a_cubed")
    assert "non-leaf" in insp.grad_none.text()


def test_requires_grad_toggle_greys_the_frozen_branch(window, qtbot):
    load_seed(window)
    window.actions["auto_run"].setChecked(True)
    window.run_backward()
    items = window.scene.node_items
    assert not any(items[node_id(window, n)].frozen for n in ("a", "b", "a_cubed", "b_sq", "Q"))
    # One click on b's switch on its card (a real mouse event on the viewport).
    b_item = items[node_id(window, "b")]
    mouse_click(window.view, b_item.mapToScene(b_item.switch_rect().center()))
    assert window.document.node_by_name("b").requires_grad is False
    qtbot.waitUntil(lambda: window.last_result is not None and window.last_result.backward_ran
                    and not window.last_result.results[node_id(window, "b")].requires_grad)
    frozen = {n for n in ("a", "b", "a_cubed", "three_a3", "b_sq", "Q") if items[node_id(window, n)].frozen}
    assert frozen == {"b", "b_sq"}
    select(window, "b")
    assert not window.inspector.grad_table.isVisibleTo(window.inspector)
    assert "frozen" in window.inspector.grad_none.text()
    assert grad_texts(window, "a") == [["36.", "81."]]
    select(window, "b_sq")
    assert window.inspector.grad_fn_label.text() == "None"
    # The inspector's checkbox toggles it back (an undoable command too).
    select(window, "b")
    window.inspector.requires_grad_box.click()
    assert window.document.node_by_name("b").requires_grad is True
    qtbot.waitUntil(lambda: not items[node_id(window, "b_sq")].frozen)


def test_gradient_field_only_for_non_scalar_roots(window):
    load_seed(window)
    window.run_forward()
    QApplication.processEvents()
    assert window.gradient_edit.isVisibleTo(window)
    assert window.gradient_edit.text() == "[1., 1.]"
    window.push(C.SetRootCommand(node_id(window, "three_a3"), None))
    window._refresh_ui()
    doc = Document()
    x = C.leaf_node(doc, "x", 2.0, requires_grad=True)
    C.AddNodeCommand(x).do(doc)
    sq = C.op_node(doc, "exp", name="y", pos=(200, 0))
    C.AddNodeCommand(sq, [Edge(x.id, sq.id, 0)]).do(doc)
    C.SetRootCommand(sq.id).do(doc)
    window._replace_document(doc, None, "scalar")
    window.run_backward(quiet=True)              # as Auto-run does: no second pass
    QApplication.processEvents()
    assert not window.gradient_edit.isVisibleTo(window)
    import engine

    printed = repr(engine.tensor(np.exp(np.float32(2.0))))   # as print(x.grad) shows it: tensor(7.3891)
    assert grad_texts(window, "x") == [[printed[len("tensor("):-1]]]


def test_bad_gradient_text_is_refused_without_eval(window):
    load_seed(window)
    before = window.document.root_gradient.copy()
    window.gradient_edit.setText("__import__('os').system('echo hi')")
    window.gradient_edit.editingFinished.emit()
    np.testing.assert_array_equal(window.document.root_gradient, before)
    assert window.messages.entries()[-1][0] == "warning"


def test_zero_grad_and_train_step(window):
    load_seed(window)
    window.actions["auto_run"].setChecked(False)
    window.run_backward()
    window.actions["zero_grad"].trigger()
    select(window, "a")
    assert not window.inspector.grad_table.isVisibleTo(window.inspector)
    a_before = window.document.node_by_name("a").value.copy()
    window.optimizer_combo.setCurrentIndex(window.optimizer_combo.findData("sgd"))
    window.lr_spin.setValue(0.01)
    window.actions["train_step"].trigger()
    a_after = window.document.node_by_name("a").value
    np.testing.assert_allclose(a_after, a_before - 0.01 * np.array([36.0, 81.0]), rtol=1e-6)
    window.actions["undo"].trigger()
    np.testing.assert_array_equal(window.document.node_by_name("a").value, a_before)


def test_auto_run_recomputes_on_edit(window, qtbot):
    load_seed(window)
    window.actions["auto_run"].setChecked(True)
    window.run_backward()
    set_value_in_inspector(window, "a", "[1., 1.]")
    qtbot.waitUntil(lambda: window.last_result.results[node_id(window, "a")].grad is not None
                    and float(window.last_result.results[node_id(window, "a")].grad[0]) == 9.0)
    assert grad_texts(window, "a") == [["9.", "9."]]


def test_inspector_edits_params_and_values_through_commands(window):
    doc = Document()
    x = C.leaf_node(doc, "x", [[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    C.AddNodeCommand(x).do(doc)
    s = C.op_node(doc, "sum", name="s", pos=(200, 0))
    C.AddNodeCommand(s, [Edge(x.id, s.id, 0)]).do(doc)
    window._replace_document(doc, None, "sum")
    select(window, "s")
    params = window.inspector._param_widgets
    assert "dim" in params
    params["dim"].setText("0")
    params["dim"].editingFinished.emit()
    assert window.document.nodes[s.id].params["dim"] == 0
    window.run_forward()
    select(window, "s")
    assert window.inspector.value_table.cell_texts() == [["4.", "6."]]
    # Editing one cell of the leaf's value table sets the value (one command).
    select(window, "x")
    window.inspector.value_table.item(1, 0).setText("10")
    np.testing.assert_array_equal(window.document.nodes[x.id].value, [[1.0, 2.0], [10.0, 4.0]])
    assert window.undo_stack.undoText() == "Change value"
    window.inspector.value_table.item(0, 0).setText("not a number")
    np.testing.assert_array_equal(window.document.nodes[x.id].value, [[1.0, 2.0], [10.0, 4.0]])


def test_backward_again_accumulates_and_the_card_says_so(window):
    """Pressing Backward twice without Zero grad adds into .grad, as a second
    ``Q = ...; Q.backward(gradient)`` does in PyTorch; the card badge says ×2 and its tooltip
    shows old + new; Zero grad starts again from one pass."""
    import engine

    load_seed(window)
    a = engine.tensor([2., 3.], requires_grad=True)
    b = engine.tensor([6., 4.], requires_grad=True)
    for _ in range(2):
        (3 * a**3 - b**2).backward(gradient=engine.tensor([1., 1.]))
    once = a.grad.numpy() / 2
    window.actions["zero_grad"].trigger()
    window.actions["backward"].trigger()
    card = window.scene.node_items[node_id(window, "a")]
    assert ("badge", "accumulate", "AccumulateGrad") in card._rows
    window.actions["backward"].trigger()
    np.testing.assert_array_equal(window.runner.results[node_id(window, "a")].grad, a.grad.numpy())
    assert ("badge", "accumulate", "AccumulateGrad ×2") in card._rows
    assert grad_texts(window, "a") == [[str(v) + "." for v in a.grad.numpy().astype(int)]]
    tip = card.toolTip()
    assert "2 backward passes" in tip and f"[{once[0]:.0f}., {once[1]:.0f}.] + [{once[0]:.0f}., {once[1]:.0f}.]" in tip
    window.actions["zero_grad"].trigger()
    window.actions["backward"].trigger()
    assert ("badge", "accumulate", "AccumulateGrad") in card._rows
    assert "backward passes" not in card.toolTip()
