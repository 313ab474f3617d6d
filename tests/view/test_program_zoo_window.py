"""The seed tutorial's finetuning block, typed into the Code dock, runs on the engine's model
zoo: no error, and the Output dock says where resnet18 and its weights come from."""
from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

SHOTS = os.environ.get("H2_SHOTS")

SEED_BLOCK = """\
from torch import nn, optim
model = torchvision.models.resnet18(pretrained=True)
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(512, 10)
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
"""


@pytest.fixture
def window(new_window):
    return new_window(size=(1200, 800), show=True)


def test_seed_finetuning_block_runs_in_the_code_dock(qtbot, window):
    window.code_editor.editor.setPlainText(SEED_BLOCK)
    qtbot.mouseClick(window.code_editor.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.program_panel.is_running()
                    and window.program_panel.result is not None, timeout=60000)
    result = window.program_panel.result
    assert result.error is None
    model = result.names["model"]
    assert [k for k, p in model.named_parameters() if p.requires_grad] == ["fc.weight",
                                                                        "fc.bias"]
    shown = window.program_panel.text()
    assert "model zoo" in shown and "pretrained weights cannot be downloaded here" in shown
    if SHOTS:
        qtbot.wait(200)
        window.grab().save(os.path.join(SHOTS, "seed_block_code_dock.png"))
