"""The recovery store: one file per document, never the user's file, stale sessions offered."""
from __future__ import annotations

import json
import os

from explorer.view.recovery import RecoveryStore


def test_write_is_keyed_per_document_and_never_touches_the_users_file(tmp_path):
    user_file = tmp_path / "work" / "graph.json"
    user_file.parent.mkdir()
    user_file.write_text("original", encoding="utf-8")
    store = RecoveryStore(tmp_path / "recovery")
    saved = store.write(str(user_file), "graph.json", '{"doc": 1}')
    untitled = store.write(None, "untitled", '{"doc": 2}')
    assert saved != untitled
    assert saved.parent == tmp_path / "recovery" and untitled.parent == tmp_path / "recovery"
    assert user_file.read_text(encoding="utf-8") == "original"
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["source_path"] == str(user_file) and data["document"] == '{"doc": 1}'
    # Rewriting the same document replaces its file instead of adding one.
    store.write(str(user_file), "graph.json", '{"doc": 3}')
    assert len(list((tmp_path / "recovery").iterdir())) == 2
    assert not [p for p in (tmp_path / "recovery").iterdir() if p.name.startswith(".tmp")]


def test_pending_lists_dead_sessions_newest_first_and_skips_broken_files(tmp_path):
    store = RecoveryStore(tmp_path)
    a = store.write("/x/a.json", "a.json", "A")
    b = store.write("/x/b.json", "b.json", "B")
    for path, when in ((a, 100.0), (b, 200.0)):
        data = json.loads(path.read_text())
        data["saved_at"], data["pid"] = when, 0  # written by a session that is gone
        path.write_text(json.dumps(data))
    (tmp_path / "junk.recovery.json").write_text("{not json")
    entries = RecoveryStore(tmp_path).pending()
    assert [e.document_text for e in entries] == ["B", "A"]
    assert "b.json" in entries[0].describe()


def test_a_running_sessions_file_is_not_offered(tmp_path):
    store = RecoveryStore(tmp_path)
    path = store.write(None, "untitled", "X")
    data = json.loads(path.read_text())
    data["pid"] = os.getppid()  # a live process other than us
    path.write_text(json.dumps(data))
    assert RecoveryStore(tmp_path).pending() == []


def test_remove_after_save_or_discard(tmp_path):
    store = RecoveryStore(tmp_path)
    path = store.write("/x/a.json", "a.json", "A")
    store.remove("/x/a.json")
    assert not path.exists()
    store.remove("/x/a.json")  # removing twice is fine
    untitled = store.write(None, "untitled", "U")
    (entry,) = [e for e in store.pending() if e.path == untitled]
    store.remove_entry(entry)
    assert not untitled.exists()
