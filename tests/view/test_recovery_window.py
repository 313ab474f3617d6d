"""Recovery through the window: unsaved work is autosaved beside (never over) the user's file,
offered at the next start, and removed after a save or an explicit discard."""
from __future__ import annotations

import shutil

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from explorer.model.fileformat import load_document

Yes, Discard, Cancel = (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Discard,
                        QMessageBox.StandardButton.Cancel)


@pytest.fixture
def answers(monkeypatch):
    state = {"queue": [], "asked": []}

    def question(parent, title, text, *args, **kwargs):
        state["asked"].append(text)
        return state["queue"].pop(0) if state["queue"] else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    return state


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    return tmp_path


def _window(qtbot):
    from explorer.view.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    return w


def _edit(window, value):
    from explorer.model import commands as C

    a = window.document.node_by_name("a")
    assert window.push(C.SetValueCommand(a.id, value))


def _crash_copy(window, tmp_path):
    """What a crash would leave behind: the recovery file survives the session."""
    path = window.recovery_path()
    keep = tmp_path / "kept.recovery.json"
    shutil.copy(path, keep)
    return path, keep


def _seed_file(tmp_path):
    from explorer.view.main_window import SEED_EXAMPLE

    path = tmp_path / "mine.json"
    shutil.copy(SEED_EXAMPLE, path)
    return path


def test_autosave_writes_a_separate_recovery_file(qtbot, env, answers):
    user_file = _seed_file(env)
    original = user_file.read_bytes()
    w = _window(qtbot)
    assert w.open_path(str(user_file))
    assert not w.recovery_path().exists()
    w._autosave_timer.setInterval(10)
    _edit(w, [5.0, 5.0])
    qtbot.waitUntil(lambda: w.recovery_path().exists(), timeout=3000)
    assert w.recovery_path() != user_file and w.recovery_path().parent != user_file.parent
    assert user_file.read_bytes() == original  # never the user's file
    # Saving removes the recovery file.
    w.actions["save"].trigger()
    assert not w.recovery_path().exists()
    np.testing.assert_array_equal(load_document(user_file).node_by_name("a").value, [5.0, 5.0])


@pytest.mark.parametrize("choice", ["restore", "discard", "later"])
def test_recovery_is_offered_at_the_next_start(qtbot, env, answers, choice):
    user_file = _seed_file(env)
    w1 = _window(qtbot)
    assert w1.open_path(str(user_file))
    _edit(w1, [7.0, 8.0])
    assert w1.autosave_now() is not None
    path, keep = _crash_copy(w1, env)
    w1.close()  # teardown answer: Discard (removes the file, as a real discard does)
    assert not path.exists()
    shutil.copy(keep, path)  # ... but a crashed session would have left it

    w2 = _window(qtbot)
    answers["queue"] = [{"restore": Yes, "discard": Discard, "later": Cancel}[choice]]
    restored = w2.offer_recovery()
    assert answers["asked"] and "mine.json" in answers["asked"][-1]
    if choice == "restore":
        assert restored
        np.testing.assert_array_equal(w2.document.node_by_name("a").value, [7.0, 8.0])
        assert w2.isWindowModified(), "restored work is unsaved until the user saves it"
        assert w2.file_path == str(user_file)
        w2.actions["save"].trigger()
        assert not path.exists() and not w2.isWindowModified()
        np.testing.assert_array_equal(load_document(user_file).node_by_name("a").value, [7.0, 8.0])
    elif choice == "discard":
        assert not restored and not path.exists()
        assert len(w2.document.nodes) == 0
    else:
        assert not restored and path.exists()  # offered again next time
        path.unlink()


def test_untitled_work_is_recovered_too(qtbot, env, answers):
    from explorer.view.main_window import SEED_EXAMPLE

    w1 = _window(qtbot)
    assert w1.open_example(SEED_EXAMPLE)  # an example is untitled: Save asks for a name
    _edit(w1, [1.5, 2.5])
    written = w1.autosave_now()
    assert written is not None and written.name.startswith("untitled-")
    shutil.copy(written, env / "kept.json")
    w1.close()
    shutil.copy(env / "kept.json", written)
    w2 = _window(qtbot)
    answers["queue"] = [Yes]
    assert w2.offer_recovery()
    np.testing.assert_array_equal(w2.document.node_by_name("a").value, [1.5, 2.5])
    assert w2.file_path is None


def test_clean_documents_leave_no_recovery_file(qtbot, env, answers):
    user_file = _seed_file(env)
    w = _window(qtbot)
    assert w.open_path(str(user_file))
    assert w.autosave_now() is None  # nothing unsaved: nothing to write
    _edit(w, [2.0, 2.0])
    assert w.autosave_now() is not None
    w.actions["undo"].trigger()  # back to the saved state
    answers["queue"] = []
    assert w.close()
    assert not answers["asked"], "a clean document closes without asking"
    assert not list((env / "settings" / "recovery").glob("*.recovery.json"))


def test_broken_recovery_file_does_not_stop_the_app(qtbot, env, answers):
    folder = env / "settings" / "recovery"
    folder.mkdir(parents=True)
    (folder / "doc-0123.recovery.json").write_text("{broken", encoding="utf-8")
    w = _window(qtbot)
    assert w.offer_recovery() is False
    assert not answers["asked"]
