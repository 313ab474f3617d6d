"""The program runner's own lines (budgets, refusals, imports) read in Korean in the Korean
interface; PyTorch's error texts stay verbatim, as learners look them up."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def window(korean, new_window):
    return new_window(size=(1000, 700), show=True)


def _run(qtbot, window, source: str):
    window.code_editor.editor.setPlainText(source)
    qtbot.mouseClick(window.code_editor.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.program_panel.is_running()
                    and window.program_panel.result is not None, timeout=20000)
    return window.program_panel.result


@pytest.mark.parametrize("source, english, hangul", [
    ("import torch\nimport os\n", "not allowed here", "허용되지 않습니다"),
    ("import torch\nimport matplotlib.pyplot as plt\n", "Plots", "플롯"),
    ("import torch\nx = 0\nwhile True:\n    x += 1\n", "statements", "실행한 문장 수"),
    ("import torch\nf = open('x')\n", "open() is not allowed", "허용되지 않습니다"),
])
def test_runner_lines_are_korean(qtbot, window, source, english, hangul):
    result = _run(qtbot, window, source)
    assert result.error and english in result.error      # the model's line is English
    shown = window.program_panel.text()
    assert hangul in shown
    assert result.error not in shown                           # not the English line
    assert shown.splitlines()[-1].startswith(f"{result.error_line}번째 줄: ")
    assert window.code_editor.error_selections()            # the line is underlined


def test_pytorch_errors_stay_verbatim(qtbot, window):
    result = _run(qtbot, window, "import torch\na = torch.tensor([1.0, 2.0], requires_grad=True)\n"
                                 "b = a * 2\nb.backward()\n")
    assert result.error_kind == "error"
    assert result.error in window.program_panel.text()


def test_seed_tutorial_blocks_in_the_code_dock(qtbot, new_window, english):
    """The seed tutorial's code blocks pasted in order into the Code dock: the Q block's check
    prints tensor([True, True]) twice, the exclusion block False then True, and the finetuning
    block (resnet18 from torchvision) runs on the app's model zoo, saying so in a note."""
    from tests.model.test_program_runner import FINETUNE, SEED_BLOCKS

    window = new_window(size=(1000, 700), show=True)
    result = _run(qtbot, window, "\n".join(SEED_BLOCKS))
    assert result.error is None
    # (the Output also says once that random values differ from PyTorch's generator)
    lines = [ln for ln in window.program_panel.text().splitlines() if not ln.startswith("note:")]
    assert lines == ["tensor([True, True])", "tensor([True, True])",
                     "Does `a` require gradients?: False", "Does `b` require gradients?: True"]
    result = _run(qtbot, window, "\n".join(SEED_BLOCKS) + "\n" + FINETUNE)
    assert result.error is None, result.error
    shown = window.program_panel.text().splitlines()
    assert [ln for ln in shown if not ln.startswith("note:")] == lines
    notes = [ln for ln in shown if ln.startswith("note:")]
    assert any("torchvision" in ln and "engine.models" in ln for ln in notes), notes
    assert not window.code_editor.error_selections()
