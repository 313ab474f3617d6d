"""Files and dirty prompts: the title's dirty mark, Save / Discard / Cancel, broken files, round
trips and recent files."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from window_driving import (seed_document, load_seed, set_value_in_inspector, SEED_SCRIPT, prompts,
                            settings_dir, make_window, window)  # noqa: F401 - fixtures


# ---------------------------------------------------------------------- files and dirty prompts
def test_title_shows_dirty_state(window, tmp_path, monkeypatch):
    load_seed(window)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("seed")
    set_value_in_inspector(window, "a", "[1., 1.]")
    assert window.isWindowModified()
    target = tmp_path / "mine.json"
    monkeypatch.setattr("explorer.view.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    window.actions["save"].trigger()
    assert target.exists() and not window.isWindowModified()
    assert window.windowTitle().startswith("mine.json")


@pytest.mark.parametrize("answer", ["Save", "Discard", "Cancel"])
def test_close_when_dirty_asks_save_discard_cancel(make_window, prompts, tmp_path, monkeypatch, answer):
    w = make_window()
    load_seed(w)
    target = tmp_path / "closed.json"
    monkeypatch.setattr("explorer.view.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    set_value_in_inspector(w, "a", "[1., 1.]")
    prompts["answers"] = [getattr(QMessageBox.StandardButton, answer)]
    closed = w.close()
    assert prompts["asked"], "closing a dirty window must ask"
    assert closed is (answer != "Cancel")
    assert target.exists() is (answer == "Save")
    if answer == "Cancel":
        assert w.isVisible() and w.isWindowModified()


@pytest.mark.parametrize("answer", ["Save", "Discard", "Cancel"])
def test_new_and_open_when_dirty_ask_first(window, prompts, tmp_path, monkeypatch, answer):
    from explorer.model.fileformat import save_document

    other = tmp_path / "other.json"
    save_document(seed_document(), other)
    target = tmp_path / "saved.json"
    monkeypatch.setattr("explorer.view.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    monkeypatch.setattr("explorer.view.main_window.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(other), ""))
    for action in ("new", "open"):
        load_seed(window)
        set_value_in_inspector(window, "a", "[1., 1.]")
        prompts["answers"] = [getattr(QMessageBox.StandardButton, answer)]
        asked = len(prompts["asked"])
        window.actions[action].trigger()
        assert len(prompts["asked"]) == asked + 1
        if answer == "Cancel":
            assert window.isWindowModified()
            np.testing.assert_array_equal(window.document.node_by_name("a").value, [1.0, 1.0])
        else:
            assert not window.isWindowModified()
            expected = 0 if action == "new" else len(seed_document().nodes)
            assert len(window.document.nodes) == expected
        assert target.exists() is (answer == "Save")
        if target.exists():
            target.unlink()


def test_broken_file_keeps_the_current_graph(window, prompts, tmp_path):
    load_seed(window)
    before = window.document.copy()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "autograd-explorer", "version": 1, "nodes": [', encoding="utf-8")
    assert window.open_path(str(broken)) is False
    assert window.document.same_as(before)
    assert prompts["warnings"] and "broken.json" in prompts["warnings"][-1]
    assert window.messages.entries()[-1][0] == "error"
    evil = tmp_path / "evil.json"
    evil.write_text('{"format": "autograd-explorer", "version": 1, "nodes": "__import__(\'os\')"}',
                    encoding="utf-8")
    assert window.open_path(str(evil)) is False
    assert window.document.same_as(before)
    assert window.open_path(str(tmp_path / "missing.json")) is False
    assert "missing.json" in prompts["warnings"][-1]


def test_open_save_round_trip_and_recent_files(window, tmp_path, settings_dir):
    from explorer.model.fileformat import save_document
    from explorer.view import settings as prefs

    path = tmp_path / "seed_copy.json"
    save_document(seed_document(), path)
    assert window.open_path(str(path))
    assert window.document.same_as(seed_document())
    assert prefs.recent_files(window.settings)[0] == str(path)
    window.menus["recent"].aboutToShow.emit()
    assert "seed_copy.json" in [a.text() for a in window.menus["recent"].actions()]
    set_value_in_inspector(window, "a", "[4., 4.]")
    window.actions["save"].trigger()
    from explorer.model.fileformat import load_document

    np.testing.assert_array_equal(load_document(path).node_by_name("a").value, [4.0, 4.0])


def test_open_a_script_file(window, tmp_path):
    script = tmp_path / "seed.py"
    script.write_text(SEED_SCRIPT, encoding="utf-8")
    assert window.open_path(str(script))
    assert window.document.nodes[window.document.root].name == "Q"
    assert window.file_path is None  # saving must never overwrite the script with JSON
