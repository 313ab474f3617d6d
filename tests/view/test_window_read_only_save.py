"""Saving over a read-only file asks first (issue #12): Cancel keeps the file, Save replaces it
and keeps it read-only; the question names the file."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from explorer.model.fileformat import load_document, save_document

SEED = Path(__file__).resolve().parents[2] / "resources" / "examples" / "seed.json"


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save])
def test_saving_over_a_read_only_file_asks_first(new_window, monkeypatch, tmp_path, answer):
    path = tmp_path / "locked.json"
    save_document(load_document(SEED), path)
    window = new_window(path)
    path.chmod(0o444)
    old = path.read_text()
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    window.document.update_node(window.document.node_by_name("a").id, pos=(5.0, 7.0))
    saved = window.save()
    assert len(asked) == 1 and "locked.json" in asked[0] and "read-only" in asked[0]
    assert saved is (answer == QMessageBox.StandardButton.Save)
    if saved:
        assert load_document(path).node_by_name("a").pos == (5.0, 7.0)
        assert path.stat().st_mode & 0o777 == 0o444
    else:
        assert path.read_text() == old
