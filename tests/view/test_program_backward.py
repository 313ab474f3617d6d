"""F11 on a program's backward statement opens it into the backward step-through: the graph the
call walks, one engine step per F11 with the chain rule in numbers; Shift+F11 / F10 step out."""
from __future__ import annotations

import os

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from program_driving import STEP, lecture_window, run_to_end

SHOTS = os.environ.get("H5_SHOTS")

@pytest.fixture
def window(new_window):
    return lecture_window(new_window)


def _run(qtbot, window, source=STEP):
    run_to_end(qtbot, window, source)
    return window.code_editor.editor


def _torch_first_pass():
    """The oracle: w.grad of the first pass's backward in torch."""
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    x = torch.tensor([0.5, 2.0])
    loss = ((w * x) * (w * x)).sum()
    loss.backward()
    return w.grad.numpy()


def _shown_grad(window, name):
    lc = window.context.extension("lecture").controller
    shown = lc.stepper.partial_result(window.runner.last_result)
    nid = next(n.id for n in window.document.nodes.values() if n.name == name)
    return shown.results[nid].grad


def test_f11_on_backward_steps_through_the_engine_and_comes_out_after_it(qtbot, window):
    editor = _run(qtbot, window)
    for _ in range(6):               # ... loss = (y * y).sum()  (first pass)
        qtbot.keyClick(editor, Qt.Key.Key_F10)
    assert window.code_editor.step_line == 6
    qtbot.keyClick(editor, Qt.Key.Key_F11)          # into loss.backward()
    doc = window.document
    assert doc.root is not None and doc.nodes[doc.root].name == "loss"
    assert window.code_editor.step_line == 7
    lc = window.context.extension("lecture").controller
    assert lc.stepper.current.phase == "backward" and lc.stepper.current.index == 0
    where = window.program_panel.where.text()
    assert "engine step 1 of" in where and "loss" in where
    n = len(lc.stepper.backward)
    assert window.context.extension("lecture").chain_panel.lines, "the chain rule is shown with numbers"
    assert _shown_grad(window, "w") is None          # nothing accumulated yet
    for k in range(2, n + 1):
        qtbot.keyClick(editor, Qt.Key.Key_F11)
        assert f"engine step {k} of {n}" in window.program_panel.where.text()
    # at the last engine step, w.grad is torch's
    want = _torch_first_pass()
    np.testing.assert_allclose(_shown_grad(window, "w"), want, rtol=1e-6)
    assert "AccumulateGrad" in window.context.extension("lecture").chain_panel.plain_text() or \
        "w.grad" in window.context.extension("lecture").chain_panel.plain_text()
    if SHOTS:
        qtbot.wait(100)
        window.grab().save(os.path.join(SHOTS, "program_backward_step.png"))
    # one more F11: the backward statement has run whole, the program goes on
    qtbot.keyClick(editor, Qt.Key.Key_F11)
    assert window.program_panel.cursor.line() == 7
    assert "just ran" in window.program_panel.where.text()
    qtbot.keyClick(editor, Qt.Key.Key_F11)
    assert window.code_editor.step_line == 8


def test_shift_f11_steps_out_of_a_backward_and_f10_steps_over_it(qtbot, window):
    editor = _run(qtbot, window)
    for _ in range(6):
        qtbot.keyClick(editor, Qt.Key.Key_F10)
    qtbot.keyClick(editor, Qt.Key.Key_F11)
    qtbot.keyClick(editor, Qt.Key.Key_F11)
    assert "engine step 2 of" in window.program_panel.where.text()
    qtbot.keyClick(editor, Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    cursor = window.program_panel.cursor
    assert cursor.line() == 7 and cursor.step == 6
    assert not window.program_backward.active
    # second pass: F10 on the line before backward runs it whole
    for _ in range(5):               # 8 (with), 9, 10, 5, 6
        qtbot.keyClick(editor, Qt.Key.Key_F10)
    assert window.code_editor.step_line == 6
    qtbot.keyClick(editor, Qt.Key.Key_F10)
    assert window.code_editor.step_line == 7 and not window.program_backward.active
    assert "just ran" in window.program_panel.where.text()


GRAD = """import torch
x = torch.tensor([1.0, 3.0], requires_grad=True)
(dx,) = torch.autograd.grad((x ** 3).sum(), x)
print(dx)
"""


def test_f11_opens_autograd_grad_of_a_root_made_in_the_same_statement(qtbot, window):
    editor = _run(qtbot, window, GRAD)
    qtbot.keyClick(editor, Qt.Key.Key_F10)
    qtbot.keyClick(editor, Qt.Key.Key_F10)
    qtbot.keyClick(editor, Qt.Key.Key_F11)
    assert window.program_backward.active
    assert "torch.autograd.grad" in window.program_panel.where.text()
    doc = window.document
    assert doc.nodes[doc.root].op == "sum"
    window.program_panel.move("end")
    assert not window.program_backward.active
    qtbot.keyClick(editor, Qt.Key.Key_F11)   # nothing after the end: stays
    assert window.program_panel.cursor.line() == 4


INPLACE = """import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
for i in range(2):
    loss = (w * w).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
    w.grad.zero_()
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a.sigmoid()
c = b * 2
b.mul_(3)
c.sum().backward()
"""


def _torch_inplace():
    """The oracle: w's version after each pass, and the error the last line raises."""
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    versions = []
    for _ in range(2):
        (w * w).sum().backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
        versions.append(w._version)
        w.grad.zero_()
    a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = a.sigmoid()
    c = b * 2
    b.mul_(3)
    with pytest.raises(RuntimeError) as err:
        c.sum().backward()
    return versions, b._version, " ".join(str(err.value).split())


def test_in_place_versions_show_on_the_canvas_and_the_saved_tensor_error_is_torchs(qtbot, window):
    versions, b_version, message = _torch_inplace()
    editor = _run(qtbot, window, INPLACE)
    result = window.program_panel.result
    assert result.error == f"line 13: RuntimeError: {message}"
    assert message in window.program_panel.text()
    pills = window.program_backward.pills
    for _ in range(7):               # ... w -= 0.1 * w.grad (first pass)
        qtbot.keyClick(editor, Qt.Key.Key_F10)
    assert window.code_editor.step_line == 7
    assert pills.texts() == {"w": f"version {versions[0]}"}
    window.program_panel.pass_slider.setValue(1)    # the same line, second pass
    assert pills.texts() == {"w": f"version {versions[1]}"}
    for _ in range(5):               # 8, 9, 10, 11, 12: b.mul_(3)
        qtbot.keyClick(editor, Qt.Key.Key_F10)
    assert window.code_editor.step_line == 12
    assert pills.texts()["b"] == f"version {b_version}"
    if SHOTS:
        qtbot.wait(100)
        window.grab().save(os.path.join(SHOTS, "program_versions.png"))
    # F11 on the failing backward does not pretend it runs: the step shows torch's error
    qtbot.keyClick(editor, Qt.Key.Key_F11)
    assert not window.program_backward.active
    assert window.code_editor.step_line == 13
    assert message in window.program_panel.where.text()
    assert window.code_editor.error_selections()


def test_the_names_pane_shows_the_values_at_the_statement_and_the_pass(qtbot, window):
    editor = _run(qtbot, window)
    for _ in range(5):               # ... y = w * x (first pass)
        qtbot.keyClick(editor, Qt.Key.Key_F10)
    names = window.program_panel.names.toPlainText()
    want_w = repr(torch.tensor([1.0, -2.0], requires_grad=True))
    assert f"w = {' '.join(want_w.split())}" in names
    assert "● y = " in names and "  i = 0" in names    # y was just made
    # the third pass of this line: i = 2 and w as torch has it after two updates
    window.program_panel.pass_slider.setValue(2)
    names = window.program_panel.names.toPlainText()
    assert "i = 2" in names
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    x = torch.tensor([0.5, 2.0])
    for _ in range(2):
        ((w * x) * (w * x)).sum().backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
        w.grad.zero_()
    assert f"w = {' '.join(repr(w).split())}" in names
    if SHOTS:
        qtbot.wait(100)
        window.grab().save(os.path.join(SHOTS, "program_names.png"))


def _programs():
    from tests.parity import record_program_backward as rec
    import json

    return rec.PROGRAMS, json.loads(rec.FIXTURE.read_text(encoding="utf-8"))["programs"]


def _f10_to_line(qtbot, editor, window, line):
    for _ in range(40):
        if window.code_editor.step_line == line:
            return
        qtbot.keyClick(editor, Qt.Key.Key_F10)
    raise AssertionError(f"never reached line {line}")


def _step_to_the_end(qtbot, editor, window):
    lc = window.context.extension("lecture").controller
    n = len(lc.stepper.backward)
    for _ in range(n - 1):
        qtbot.keyClick(editor, Qt.Key.Key_F11)
    assert lc.stepper.at_end and f"{n}" in window.program_panel.where.text()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_f11_into_a_second_backward_shows_old_plus_new_as_torch_accumulates(qtbot, request,
                                                                           new_window, lang):
    """The gradient-accumulation lesson: the second loss.backward() without zero_grad adds onto
    w.grad; stepping into it starts from torch's first-pass .grad and ends on torch's sum, and
    the chain rule says old + new = total with torch's numbers (in the Korean interface too)."""
    from explorer.model.runner.formatting import format_array
    from explorer.view.lecture import hooks

    if lang == "ko":
        request.getfixturevalue("korean")
    window = new_window(size=(1200, 800), show=True, extensions=(hooks.install,))
    programs, fixture = _programs()
    seen = fixture["accumulate"]["seen"]
    editor = _run(qtbot, window, programs["accumulate"])
    _f10_to_line(qtbot, editor, window, 9)          # the second loss = ... ran
    qtbot.keyClick(editor, Qt.Key.Key_F11)
    assert window.program_backward.active and window.code_editor.step_line == 10
    # before AccumulateGrad runs, the leaves show what torch holds: the first pass's .grad
    assert _shown_grad(window, "w").tolist() == seen[0][0]
    _step_to_the_end(qtbot, editor, window)
    assert _shown_grad(window, "w").tolist() == seen[1][0]
    assert _shown_grad(window, "b").tolist() == seen[1][1]
    texts = []
    lc = window.context.extension("lecture").controller
    for k in range(1, len(lc.stepper.backward) + 1):   # every step's chain rule, as shown
        lc.stepper.set_position(lc.stepper.range_of("backward")[0] + k)
        lc._after_move()
        texts.append(window.context.extension("lecture").chain_panel.plain_text())
    old, total = (np.array(seen[i][0], dtype=np.float32) for i in (0, 1))
    line = next(t for t in texts if format_array(total) in t and format_array(old) in t)
    assert format_array(total - old) in line          # old + new = total, torch's numbers
    assert ("old + new" in line) == (lang == "en")
    if SHOTS:
        qtbot.wait(100)
        window.grab().save(os.path.join(SHOTS, f"program_accumulate_{lang}.png"))


def test_f11_into_several_roots_walks_them_all(qtbot, window):
    programs, fixture = _programs()
    editor = _run(qtbot, window, programs["roots"])
    _f10_to_line(qtbot, editor, window, 6)          # line 7 next: autograd.backward([y1, y2])
    qtbot.keyClick(editor, Qt.Key.Key_F11)
    assert window.program_backward.active
    assert "y1" in window.program_panel.where.text() and "y2" in window.program_panel.where.text()
    _step_to_the_end(qtbot, editor, window)
    assert _shown_grad(window, "w").tolist() == fixture["roots"]["seen"][0][0]


def test_f11_into_autograd_grad_shows_returned_values_and_dot_grad_unchanged(qtbot, window):
    programs, fixture = _programs()
    seen = fixture["grad"]["seen"]
    editor = _run(qtbot, window, programs["grad"])
    _f10_to_line(qtbot, editor, window, 5)          # line 6 next: torch.autograd.grad
    qtbot.keyClick(editor, Qt.Key.Key_F11)
    assert window.program_backward.active
    _step_to_the_end(qtbot, editor, window)
    assert _shown_grad(window, "x").tolist() == seen[1][1]   # .grad as backward() left it
    text = window.context.extension("lecture").chain_panel.plain_text()
    assert "torch.autograd.grad returns" in text and "[3., 27.]" in text
    if SHOTS:
        qtbot.wait(100)
        window.grab().save(os.path.join(SHOTS, "program_autograd_grad.png"))


def test_f11_into_two_backwards_in_a_row_accumulates_the_second(qtbot, window):
    """Into the first backward, out, then into the second: the second starts from the first's
    .grad (a stepper left from the first call must not be reused)."""
    programs, fixture = _programs()
    seen = fixture["accumulate"]["seen"]
    editor = _run(qtbot, window, programs["accumulate"])
    _f10_to_line(qtbot, editor, window, 6)
    qtbot.keyClick(editor, Qt.Key.Key_F11)           # into the first loss.backward()
    assert window.program_backward.active
    _step_to_the_end(qtbot, editor, window)
    assert _shown_grad(window, "w").tolist() == seen[0][0]
    qtbot.keyClick(editor, Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)   # out
    _f10_to_line(qtbot, editor, window, 9)
    qtbot.keyClick(editor, Qt.Key.Key_F11)           # into the second
    assert window.program_backward.active and window.code_editor.step_line == 10
    assert _shown_grad(window, "w").tolist() == seen[0][0]
    _step_to_the_end(qtbot, editor, window)
    assert _shown_grad(window, "w").tolist() == seen[1][0]
