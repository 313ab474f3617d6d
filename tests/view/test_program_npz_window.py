"""``.npz`` weights and data from the Code dock: the program's folder is the saved document's
folder (or the folder of the script the graph was opened from). Before there is one, a run
that reads a file ends in one line saying to save first; afterwards the same program reads the
file, and stepping (F10, F11 into backward, "Edit this graph") reads it too."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from program_driving import lecture_window, type_and_apply, wait_done

PROGRAM = """import torch
d = torch.load("weights.npz")
w = d["w"].clone().requires_grad_(True)
loss = (w * w).sum()
loss.backward()
print(w.grad)
"""


@pytest.fixture
def window(new_window):
    return lecture_window(new_window)


def _apply(qtbot, window, source=PROGRAM):
    type_and_apply(qtbot, window, source)
    result = wait_done(qtbot, window)
    window.code_editor.editor.setFocus()
    return result


def _weights(folder):
    w = np.array([1.5, -2.0, 0.25], dtype=np.float32)
    np.savez(folder / "weights.npz", w=w)
    return w


def test_an_unsaved_document_says_to_save_first(qtbot, window, tmp_path):
    _weights(tmp_path)   # present on disk, but the untitled document has no folder
    result = _apply(qtbot, window)
    assert result.error == ("line 2: torch.load: this program has no folder to read "
                            "'weights.npz' from yet: save the document first, next to "
                            "'weights.npz'")


def test_the_saved_documents_folder_is_the_programs(qtbot, window, tmp_path):
    w = _weights(tmp_path)
    assert window.files.save_to(str(tmp_path / "graph.json"))
    result = _apply(qtbot, window)
    assert result.error is None, result.error
    np.testing.assert_array_equal(result.names["w"].grad.numpy(), 2 * w)   # d/dw Σw² = 2w
    # stepping re-runs the program: each run reads the file from the same folder
    editor = window.code_editor.editor
    for _ in range(4):
        qtbot.keyClick(editor, Qt.Key.Key_F10)
    assert window.code_editor.step_line == 4
    qtbot.keyClick(editor, Qt.Key.Key_F11)          # into loss.backward()
    assert window.program_backward.active
    lc = window.context.extension("lecture").controller
    while not lc.stepper.at_end:
        qtbot.keyClick(editor, Qt.Key.Key_F11)
    shown = lc.stepper.partial_result(window.runner.last_result)
    nid = next(n.id for n in window.document.nodes.values() if n.name == "w")
    np.testing.assert_array_equal(shown.results[nid].grad, 2 * w)


def test_a_script_opened_from_a_folder_reads_from_that_folder(qtbot, window, tmp_path):
    folder = tmp_path / "lesson"
    folder.mkdir()
    w = _weights(folder)
    script = folder / "graph.py"
    script.write_text("a = tensor([2., 3.], requires_grad=True)\nQ = (a * a).sum()\n",
                      encoding="utf-8")
    assert window.open_path(str(script), ask=False)
    assert window.file_path is None                  # a script is never saved over
    result = _apply(qtbot, window)
    assert result.error is None, result.error
    np.testing.assert_array_equal(result.names["w"].grad.numpy(), 2 * w)
    window.files.new_document()                       # a new graph has no folder again
    assert "save the document first" in _apply(qtbot, window).error
