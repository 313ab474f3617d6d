"""The Code dock runs PyTorch programs: output in order in the Output dock, errors (PyTorch's
text) with the failing line underlined, Stop cancels; expression scripts still build the graph."""
from __future__ import annotations

import os

import pytest
import torch
from PySide6.QtCore import Qt
from program_driving import STEP, run_to_end, type_and_apply, wait_done

SHOTS = os.environ.get("H10_SHOTS")


@pytest.fixture
def window(new_window):
    return new_window(size=(1200, 800), show=True)


def _torch_prints(source: str) -> str:
    """The same program's print output from real torch (the oracle)."""
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(source, "<oracle>", "exec"), {})  # trusted test text, run by torch
    return buf.getvalue()


LOOP = """import torch
w = torch.tensor([1.0, -2.0], requires_grad=True)
for step in range(3):
    loss = (w ** 2).sum()
    loss.backward()
    print(step, loss.item())
    with torch.no_grad():
        w -= 0.1 * w.grad
    w.grad.zero_()
print(w)
"""


def test_a_program_with_a_loop_runs_and_prints_in_order_like_torch(qtbot, window):
    type_and_apply(qtbot, window, LOOP)
    result = wait_done(qtbot, window)
    assert result.error is None
    assert window.program_panel.text() == _torch_prints(LOOP)
    assert window.docks["output"].isVisible()
    assert window.code_editor.error_selections() == []
    assert window.code_editor.apply_button.isEnabled()
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, "program_loop.png"))


ERROR = """import torch
a = torch.tensor([1.0, 2.0], requires_grad=True)
print("before")
b = a * 2
b.backward()
print("never")
"""


def test_an_error_is_torchs_text_and_its_line_is_underlined(qtbot, window):
    with pytest.raises(RuntimeError) as oracle:
        _torch_prints(ERROR)
    type_and_apply(qtbot, window, ERROR)
    result = wait_done(qtbot, window)
    text = window.program_panel.text()
    assert text.startswith("before\n")
    assert "never" not in text
    assert str(oracle.value) in text          # verbatim, searchable
    assert "line 5" in text
    marks = window.code_editor.error_selections()
    assert marks == [(5, 1, len("b.backward()"))]
    assert result.error_line == 5
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, "program_error.png"))


def test_stop_cancels_an_endless_loop_and_the_window_stays_responsive(qtbot, window, monkeypatch):
    # A loop of plain numbers (its trace stays small) under a statement budget too large to end
    # it first: only Stop can. (With tensors, 300,000 statements end before a click lands.)
    from explorer.view.panels import program_runs

    monkeypatch.setattr(program_runs, "WINDOW_STATEMENTS", 50_000_000)
    type_and_apply(qtbot, window, "import torch\nx = 0\nwhile True:\n"
                                   "    x = x + 1\n")
    qtbot.waitUntil(lambda: window.program_panel.is_running(), timeout=2000)
    assert window.program_panel.stop_button.isEnabled()
    assert not window.code_editor.apply_button.isEnabled()
    qtbot.wait(200)  # events keep flowing while it runs
    qtbot.mouseClick(window.program_panel.stop_button, Qt.MouseButton.LeftButton)
    result = wait_done(qtbot, window, timeout=5000)
    assert result.error_kind == "cancelled"
    assert window.code_editor.apply_button.isEnabled()


def test_ctrl_return_runs_a_program_and_a_straight_line_one_also_builds_the_graph(qtbot, window):
    source = ("import torch\na = torch.tensor([2., 3.], requires_grad=True)\n"
              "Q = (3 * a ** 3).sum()\nQ.backward()\nprint(9 * a ** 2 == a.grad)\n")
    editor = window.code_editor.editor
    editor.setPlainText(source)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_done(qtbot, window)
    assert window.program_panel.text() == _torch_prints(source)
    assert {"a", "Q"} <= {n.name for n in window.document.nodes.values()}
    # the graph runs once the program is over (never beside it: grad mode is per process)
    q = next(n.id for n in window.document.nodes.values() if n.name == "Q")
    qtbot.waitUntil(lambda: window.last_result is not None
                    and window.last_result.results[q].value is not None, timeout=5000)
    a = torch.tensor([2., 3.])
    assert float(window.last_result.results[q].value) == float((3 * a ** 3).sum())


def test_an_expression_script_keeps_todays_apply(qtbot, window):
    type_and_apply(qtbot, window, "a = tensor([2., 3.], requires_grad=True)\nQ = 3*a**3\n")
    assert not window.program_panel.is_running() and window.program_panel.result is None
    assert {"a", "Q"} <= {n.name for n in window.document.nodes.values()}


# ---------------------------------------------------------------------- stepping
def _run_for_stepping(qtbot, window, source=STEP):
    run_to_end(qtbot, window, source)
    return window.code_editor.editor


def _names(window):
    return {n.name: n for n in window.document.nodes.values()}


def _torch_w_after(passes: int):
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    x = torch.tensor([0.5, 2.0])
    for _ in range(passes):
        ((w * x) ** 2).sum().backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
        w.grad.zero_()
    return w.detach().numpy()


def test_f10_steps_over_statements_highlighting_the_line_and_showing_its_graph(qtbot, window):
    import numpy as np

    editor = _run_for_stepping(qtbot, window)
    lines = []
    for _ in range(6):
        qtbot.keyClick(editor, Qt.Key.Key_F10)
        lines.append(window.code_editor.step_line)
    assert lines == [1, 2, 3, 4, 5, 6]
    # after `loss = (y * y).sum()` of the first pass the canvas holds w, x, y, loss
    names = _names(window)
    assert {"w", "x", "y", "loss"} <= set(names)
    assert names["loss"].op == "sum" and names["w"].requires_grad
    res = window.runner.run_forward().results
    np.testing.assert_allclose(res[names["w"].id].value, _torch_w_after(0))
    assert res[names["loss"].id].grad_fn == "SumBackward0"
    if SHOTS:
        qtbot.wait(100)
        window.grab().save(os.path.join(SHOTS, "program_step.png"))
    # the pass slider jumps to the third pass of this line: w as torch has it after two updates
    slider = window.program_panel.pass_slider
    assert slider.isEnabled() and slider.maximum() == 2
    slider.setValue(2)
    assert window.code_editor.step_line == 6
    assert "pass 3 of 3" in window.program_panel.pass_label.text()
    names = _names(window)
    res = window.runner.run_forward().results
    np.testing.assert_allclose(res[names["w"].id].value, _torch_w_after(2), rtol=1e-6)
    # stepping is one undo entry: Undo brings back the graph from before
    window.undo_stack.undo()
    assert "loss" not in _names(window)


def test_after_backward_the_freed_graph_is_said_and_the_leaves_stay(qtbot, window):
    editor = _run_for_stepping(qtbot, window)
    for _ in range(7):   # ... loss.backward()
        qtbot.keyClick(editor, Qt.Key.Key_F10)
    assert window.code_editor.step_line == 7
    assert {"w", "x"} <= set(_names(window)) and "loss" not in _names(window)
    assert "freed by backward()" in window.program_panel.where.text()


FUNC = """import torch
def square(t):
    u = t * t
    return u
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = square(x)
z = y.sum()
"""


def test_f11_steps_into_a_function_and_shift_f11_steps_out(qtbot, window):
    from explorer.view.lecture import hooks

    hooks.install(window)  # the lecture's F11 (presentation mode) must not take the key here
    editor = _run_for_stepping(qtbot, window, FUNC)
    seen = []
    for _ in range(5):
        qtbot.keyClick(editor, Qt.Key.Key_F11)
        seen.append(window.code_editor.step_line)
    assert seen == [1, 2, 5, 6, 3]
    assert not window.isFullScreen()
    qtbot.keyClick(editor, Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    assert window.code_editor.step_line == 7
    qtbot.mouseClick(window.program_panel.step_buttons["end"], Qt.MouseButton.LeftButton)
    assert window.code_editor.step_line == 7
    assert {"x", "y", "z"} <= set(_names(window))


def test_clicking_a_line_selects_its_nodes_and_a_node_highlights_its_line(qtbot, window):
    editor = _run_for_stepping(qtbot, window, FUNC)
    qtbot.mouseClick(window.program_panel.step_buttons["end"], Qt.MouseButton.LeftButton)
    # click on line 7 (z = y.sum()) in the editor
    block = editor.document().findBlockByNumber(6)
    rect = editor.blockBoundingGeometry(block).translated(editor.contentOffset())
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center().toPoint())
    selected = {window.document.nodes[i].name for i in window.scene.selected_ids()}
    assert selected == {"z"}
    # click the node made on line 3 (u = t * t, bound to y at module level): its line lights up
    y_item = window.scene.node_items[_names(window)["y"].id]
    view = window.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.mapFromScene(y_item.sceneBoundingRect().center()))
    assert window.code_editor.linked_lines == [3]
    if SHOTS:
        qtbot.wait(100)
        window.grab().save(os.path.join(SHOTS, "program_link.png"))


def test_edit_this_graph_makes_an_ordinary_undoable_graph(qtbot, window):
    _run_for_stepping(qtbot, window, FUNC)
    qtbot.mouseClick(window.program_panel.edit_button, Qt.MouseButton.LeftButton)
    names = _names(window)
    assert {"x", "y", "z"} <= set(names) and names["z"].op == "sum"
    assert window.program_panel.cursor is None and window.code_editor.step_line is None
    window.undo_stack.undo()
    assert "z" not in _names(window)
