"""Recovery copies without Qt: one copy per window session, listed with what changed, never
overwritten by a later session, removed when done, and stale temp files cleaned."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from explorer.model.recovery_store import TEMP_MARK, RecoveryStore, is_our_temp_name, temp_name


def _as_if_dead(path, saved_at=None):
    """Make a copy look like one a crashed session left behind (its pid no longer runs)."""
    lines = path.read_text(encoding="utf-8").split("\n", 1)
    header = json.loads(lines[0])
    header["pid"], header["proc_start"] = _dead_pid(), None
    if saved_at is not None:
        header["saved_at"] = saved_at
    path.write_text(json.dumps(header) + "\n" + lines[1], encoding="utf-8")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_each_session_writes_its_own_copy_and_never_the_users_file(tmp_path):
    user_file = tmp_path / "work" / "graph.json"
    user_file.parent.mkdir()
    user_file.write_text("original", encoding="utf-8")
    one, two = RecoveryStore(tmp_path / "rec"), RecoveryStore(tmp_path / "rec")
    a = one.write(str(user_file), "graph.json", '{"doc": 1}', changes=["Set value of a"], node_count=3)
    b = two.write(str(user_file), "graph.json", '{"doc": 2}')  # same file, another window
    assert a != b and a.parent == b.parent == tmp_path / "rec"
    assert user_file.read_text(encoding="utf-8") == "original"
    one.write(str(user_file), "graph.json", '{"doc": 3}')  # rewriting replaces only its own copy
    assert sorted(p.name for p in (tmp_path / "rec").iterdir()) == sorted([a.name, b.name])
    assert b.read_text(encoding="utf-8").endswith('{"doc": 2}')


def test_a_later_session_never_overwrites_a_kept_copy(tmp_path):
    """The audit's data loss: "Cancel keeps it for next time", then the next session's first
    autosave of the same file overwrote the kept copy."""
    crashed = RecoveryStore(tmp_path)
    kept = crashed.write("/x/graph.json", "graph.json", "UNSAVED EXP NODE", changes=["Add exp"])
    _as_if_dead(kept)
    later = RecoveryStore(tmp_path)
    (offered,) = later.pending()  # listed; the user keeps it for later
    later.write("/x/graph.json", "graph.json", "the next session's edit")
    assert later.read_document(offered) == "UNSAVED EXP NODE"
    (still,) = RecoveryStore(tmp_path).pending()
    assert still.path == kept


def test_pending_lists_dead_sessions_newest_first_with_what_changed(tmp_path):
    a = RecoveryStore(tmp_path).write("/x/a.json", "a.json", "A", changes=["Add exp", "Set value of a"], node_count=5)
    b = RecoveryStore(tmp_path).write(None, "untitled", "B", node_count=1)
    _as_if_dead(a, saved_at=100.0)
    _as_if_dead(b, saved_at=200.0)
    (tmp_path / "session-junk.recovery").write_text("{not json\n", encoding="utf-8")
    (tmp_path / "session-huge.recovery").write_bytes(b"x" * 100_000)  # no header line: not ours
    copies = RecoveryStore(tmp_path).pending()
    assert [c.title for c in copies] == ["untitled", "a.json"]
    assert copies[1].source_path == "/x/a.json" and copies[1].changes == ("Add exp", "Set value of a")
    assert "Add exp; Set value of a" in copies[1].changes_label and "5 nodes" in copies[1].changes_label
    assert copies[0].source_path is None and "never saved" in copies[0].file_label
    assert [RecoveryStore(tmp_path).read_document(c) for c in copies] == ["B", "A"]


def test_a_running_sessions_copy_is_not_offered(tmp_path):
    live = RecoveryStore(tmp_path)
    live.write(None, "untitled", "X")
    assert RecoveryStore(tmp_path).pending() == []  # our own pid, same process start: alive
    assert live.pending() == []  # a session never offers its own copy


def test_remove_own_and_discard(tmp_path):
    store = RecoveryStore(tmp_path)
    path = store.write("/x/a.json", "a.json", "A")
    store.remove_own()
    assert not path.exists()
    store.remove_own()  # twice is fine
    other = RecoveryStore(tmp_path).write(None, "u", "U")
    _as_if_dead(other)
    (copy,) = store.pending()
    store.discard(copy)
    assert not other.exists()


def test_copies_of_the_old_format_are_still_offered(tmp_path):
    old = tmp_path / "doc-0123456789abcdef.recovery.json"
    old.write_text(json.dumps({"recovery": 1, "source_path": "/x/a.json", "title": "a.json",
                               "saved_at": 5.0, "pid": 0, "document": "OLD"}), encoding="utf-8")
    (copy,) = RecoveryStore(tmp_path).pending()
    assert copy.title == "a.json" and RecoveryStore(tmp_path).read_document(copy) == "OLD"


def test_stale_temp_files_of_our_naming_are_cleaned_and_nothing_else(tmp_path):
    """kill -9 during a save left a hidden temp file (up to 75 MB) that nothing removed."""
    rec, docs = tmp_path / "rec", tmp_path / "docs"
    rec.mkdir()
    docs.mkdir()
    stale = [rec / temp_name("session-1.recovery"), docs / temp_name("graph.json"),
             docs / ".graph.json.autograd-tmp-k2j4_x9a", rec / ".tmp-abc123.recovery.json"]
    fresh = docs / temp_name("other.json")  # a save in progress in another window
    keep = [docs / "graph.json", docs / ".graph.json.swp", docs / "autograd-tmp-x", docs / ".hidden"]
    old = time.time() - 3600
    for path in [*stale, fresh, *keep]:
        path.write_text("x", encoding="utf-8")
        if path is not fresh:
            os.utime(path, (old, old))
    removed = RecoveryStore(rec).clean_stale_temp_files([docs, docs, tmp_path / "gone"])
    assert sorted(removed) == sorted(stale)
    assert all(not p.exists() for p in stale)
    assert fresh.exists() and all(p.exists() for p in keep)


def test_our_temp_name_pattern_matches_the_atomic_writers():
    """The atomic writers name temp files ``.NAME.autograd-tmp-XXXX`` (H3's writer too, made
    with tempfile.mkstemp(prefix=".NAME.autograd-tmp-"))."""
    import tempfile

    fd, made = tempfile.mkstemp(prefix=".graph.json" + TEMP_MARK)
    os.close(fd)
    os.unlink(made)
    for name in (temp_name("graph.json"), ".graph.json.autograd-tmp-abc_123", ".graph.json.autograd-tmp-k2j4.json", os.path.basename(made)):
        assert is_our_temp_name(name), name
    for name in ("graph.json", ".graph.json", "graph.json.autograd-tmp-x", ".x.autograd-tmp-", ".x.autograd-tmp-a/b"):
        assert not is_our_temp_name(name), name


def test_a_copy_from_an_earlier_process_with_our_pid_is_offered(tmp_path):
    """Pids are reused (pid 1 in every container): a copy with our pid from a session that is
    not one of this process's is a crashed session's, not ours."""
    path = RecoveryStore(tmp_path).write(None, "untitled", "EARLIER")
    lines = path.read_text(encoding="utf-8").split("\n", 1)
    header = json.loads(lines[0])
    header["session"], header["proc_start"] = "1-20200101-000000-abcdef", 12345
    path.write_text(json.dumps(header) + "\n" + lines[1], encoding="utf-8")
    (copy,) = RecoveryStore(tmp_path).pending()
    assert copy.pid == os.getpid() and RecoveryStore(tmp_path).read_document(copy) == "EARLIER"
