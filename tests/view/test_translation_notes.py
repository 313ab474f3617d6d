"""The runner's notes (random numbers, the model zoo) are lines the app adds to a program's
output: in a Korean interface they are Korean, while the program's own printed text stays as
it was printed."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PROGRAM = "import torch\nx = torch.rand(3)\nprint('done', x.shape)\n"


def _run(w, qtbot) -> str:
    w.code_editor.editor.setPlainText(PROGRAM)
    qtbot.mouseClick(w.code_editor.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.program_panel.result is not None and not w.program_panel.is_running(),
                    timeout=20000)
    QTest.qWait(100)
    return w.program_panel.output.toPlainText()


def test_a_runner_note_is_korean_in_a_korean_interface(new_window, qtbot, korean):
    w = new_window(size=(1472, 920), show=True)
    output = _run(w, qtbot)
    note, *rest = output.splitlines()
    assert HANGUL.search(note) and "manual_seed" in note, output
    assert "random values" not in output and "note:" not in output, output
    assert rest == ["done torch.Size([3])"], output          # the program's own print, as printed


def test_a_runner_note_stays_english_in_the_english_interface(new_window, qtbot, english):
    w = new_window(size=(1472, 920), show=True)
    output = _run(w, qtbot)
    from explorer.model.program.facade import RANDOM_NOTE

    assert output.splitlines() == [str(RANDOM_NOTE), "done torch.Size([3])"], output
    assert RANDOM_NOTE.startswith("note: random values (torch.rand, randn"), RANDOM_NOTE
