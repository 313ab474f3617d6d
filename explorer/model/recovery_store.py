"""Recovery copies: unsaved work survives a crash, one copy per window session, none overwritten.

Like Word's Document Recovery or Blender's autosave: every window session writes its own copy
(``session-<pid>-<start time>-<random>.recovery``) in the recovery folder, never the user's
file and never another session's copy. At the next start every copy left by a session that is
no longer running is listed (which file, when, what changed) and the user restores, discards or
keeps each one; a kept copy stays untouched until the user decides, because no later session
writes under its name.

A copy is one file: a first line of JSON (the header, small, read alone to list copies) and
then the document text in the file format::

    {"recovery": 2, "source_path": str|null, "title": str, "saved_at": float, "pid": int,
     "proc_start": int|null, "changes": [str, ...], "node_count": int|null}
    <the document>

Copies of format 1 (``*.recovery.json``, one JSON object with a ``"document"`` field, keyed by
the document's path) are still listed, so work saved by an older version is not lost.

Temporary files of our own naming (``.NAME.autograd-tmp-XXXX``, the atomic writers' pattern)
that a kill -9 during a save left behind are removed by :func:`clean_stale_temp_files`.

No Qt here: the window supplies the folder and shows the list.
"""
from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from explorer.model.messages import Message

SUFFIX = ".recovery"
LEGACY_SUFFIX = ".recovery.json"
RECOVERY_VERSION = 2
#: Marker in the names of our temporary files: ``.NAME.autograd-tmp-XXXX`` (atomic saves).
TEMP_MARK = ".autograd-tmp-"
_TEMP_NAME = re.compile(r"^\..+" + re.escape(TEMP_MARK) + r"[A-Za-z0-9_.-]+$")  # a suffix after the random part too
_LEGACY_TEMP_NAME = re.compile(r"^\.tmp-[A-Za-z0-9_]+" + re.escape(LEGACY_SUFFIX) + "$")
#: A header line longer than this is not ours (the list of changes is capped well below it).
MAX_HEADER_BYTES = 64 * 1024
#: Undo texts kept in a header ("what changed"), newest last.
MAX_CHANGES = 8
#: A temporary file younger than this may belong to a save in progress in another window.
STALE_TEMP_SECONDS = 120.0


def is_our_temp_name(name: str) -> bool:
    """True for names our atomic writers use for their temporary files."""
    return bool(_TEMP_NAME.match(name) or _LEGACY_TEMP_NAME.match(name))


def temp_name(target_name: str) -> str:
    """A temporary file name for writing ``target_name`` atomically (matches is_our_temp_name)."""
    return f".{target_name}{TEMP_MARK}{os.urandom(4).hex()}"


def _process_start(pid: int) -> int | None:
    """The start time of a process (Linux: clock ticks since boot), to tell a reused pid apart."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            text = fh.read().decode("ascii", "replace")
        return int(text.rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


#: Sessions (windows) of this process: a copy with our pid but another session id was left by
#: an earlier process that had the same pid (pids are reused, e.g. pid 1 in every container).
_THIS_PROCESS_SESSIONS: set[str] = set()


def _session_alive(pid: int, proc_start: int | None, session: str | None = None) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        if session is not None:
            return session in _THIS_PROCESS_SESSIONS
        return proc_start is None or proc_start == _process_start(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's live process
        pass
    if proc_start is not None:
        now = _process_start(pid)
        if now is not None and now != proc_start:
            return False  # the pid was reused by another process
    return True


@dataclass(frozen=True)
class RecoveryCopy:
    """One recovery copy found on disk (its header; the document is read on restore)."""

    path: Path
    source_path: str | None
    title: str
    saved_at: float
    pid: int
    proc_start: int | None = None
    changes: tuple[str, ...] = ()
    node_count: int | None = None
    session: str | None = None
    legacy_document: str | None = field(default=None, repr=False)

    @property
    def file_label(self) -> str:
        """Which file: its full path, or the title of an untitled graph."""
        return self.source_path or f"{self.title} (never saved)"

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))

    @property
    def changes_label(self) -> str:
        """What changed, newest last: the undo texts, and the node count."""
        parts = []
        if self.changes:
            parts.append("; ".join(self.changes))
        if self.node_count is not None:
            parts.append(f"{self.node_count} node{'s' if self.node_count != 1 else ''}")
        return " · ".join(parts) if parts else "unsaved changes"

    def describe(self) -> str:
        return f"{self.title} ({self.file_label}), autosaved {self.when}: {self.changes_label}"


class RecoveryError(Exception):
    """A recovery copy that cannot be read back (the message is for the user)."""


class RecoveryStore:
    """This window session's recovery copy, and the copies other sessions left behind."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self.proc_start = _process_start(os.getpid())
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.session_id = f"{os.getpid()}-{stamp}-{os.urandom(3).hex()}"
        _THIS_PROCESS_SESSIONS.add(self.session_id)

    @property
    def own_path(self) -> Path:
        """This session's copy (it may not exist yet)."""
        return self.directory / f"session-{self.session_id}{SUFFIX}"

    # ------------------------------------------------------------------ this session
    def write(self, source_path: str | None, title: str, document_text: str,
              changes: list[str] | tuple[str, ...] = (), node_count: int | None = None) -> Path:
        """Atomically (re)write this session's copy; no other file is touched."""
        self.directory.mkdir(parents=True, exist_ok=True)
        header = {
            "recovery": RECOVERY_VERSION,
            "source_path": os.path.abspath(source_path) if source_path else None,
            "title": str(title)[:200],
            "saved_at": time.time(),
            "pid": os.getpid(),
            "proc_start": self.proc_start,
            "session": self.session_id,
            "changes": [str(c)[:120] for c in list(changes)[-MAX_CHANGES:]],
            "node_count": node_count,
        }
        target = self.own_path
        tmp = self.directory / temp_name(target.name)
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(header, ensure_ascii=True) + "\n")
                fh.write(document_text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            try:
                tmp.unlink()
            except OSError:
                pass
            raise
        return target

    def remove_own(self) -> None:
        """This session's copy is no longer needed (saved, discarded, back at the saved state)."""
        try:
            self.own_path.unlink()
        except FileNotFoundError:
            pass

    # ------------------------------------------------------------------ other sessions
    def pending(self) -> list[RecoveryCopy]:
        """Copies left by sessions that are no longer running, newest first.

        Unreadable files are skipped and left alone: a broken copy never stops the app."""
        if not self.directory.is_dir():
            return []
        found = []
        for path in self.directory.iterdir():
            if path == self.own_path or path.name.startswith("."):
                continue
            if path.name.endswith(SUFFIX):
                copy = _read_header(path)
            elif path.name.endswith(LEGACY_SUFFIX):
                copy = _read_legacy(path)
            else:
                continue
            if copy is None or _session_alive(copy.pid, copy.proc_start, copy.session):
                continue  # unreadable, or another window of the app is still working on it
            found.append(copy)
        found.sort(key=lambda c: c.saved_at, reverse=True)
        return found

    def read_document(self, copy: RecoveryCopy) -> str:
        """The document text of a copy (raises RecoveryError when it cannot be read)."""
        if copy.legacy_document is not None:
            return copy.legacy_document
        try:
            with open(copy.path, encoding="utf-8") as fh:
                fh.readline()
                return fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise RecoveryError(Message("cannot read the recovery copy {name}: {exc}", name=copy.path.name,
                                        exc=exc)) from None

    def discard(self, copy: RecoveryCopy) -> None:
        try:
            copy.path.unlink()
        except FileNotFoundError:
            pass

    # ------------------------------------------------------------------ housekeeping
    def clean_stale_temp_files(self, folders: list[str | Path] = (),
                               older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
        """Remove temporary files of our own naming that a kill -9 during a save left in the
        recovery folder or in ``folders`` (those of recently used files). Younger files may
        belong to a save in progress and are left. Returns what was removed."""
        removed = []
        now = time.time()
        seen: set[Path] = set()
        for folder in [self.directory, *map(Path, folders)]:
            try:
                folder = folder.resolve()
                if folder in seen or not folder.is_dir():
                    continue
                seen.add(folder)
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if not is_our_temp_name(entry.name):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    if now - entry.stat(follow_symlinks=False).st_mtime < older_than:
                        continue
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
                except OSError:
                    continue
        return removed


def _read_header(path: Path) -> RecoveryCopy | None:
    try:
        with open(path, "rb") as fh:
            line = fh.readline(MAX_HEADER_BYTES + 1)
        if len(line) > MAX_HEADER_BYTES:
            return None
        data = json.loads(line.decode("utf-8"))
        if not isinstance(data, dict) or data.get("recovery") != RECOVERY_VERSION:
            return None
        return _copy_from(path, data)
    except (OSError, ValueError, TypeError):
        return None


def _read_legacy(path: Path) -> RecoveryCopy | None:
    """A format-1 copy (one JSON object holding the document)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("document"), str):
            return None
        return _copy_from(path, data, legacy_document=data["document"])
    except (OSError, ValueError, TypeError):
        return None


def _copy_from(path: Path, data: dict, legacy_document: str | None = None) -> RecoveryCopy:
    source = data.get("source_path")
    changes = data.get("changes") or []
    node_count = data.get("node_count")
    proc_start = data.get("proc_start")
    session = data.get("session")
    return RecoveryCopy(
        path=path,
        source_path=str(source) if source else None,
        title=str(data.get("title") or path.stem)[:200],
        saved_at=float(data.get("saved_at") or 0.0),
        pid=int(data.get("pid") or 0),
        proc_start=int(proc_start) if isinstance(proc_start, int) else None,
        changes=tuple(str(c)[:120] for c in changes[:MAX_CHANGES]) if isinstance(changes, list) else (),
        node_count=int(node_count) if isinstance(node_count, int) and not isinstance(node_count, bool) else None,
        session=str(session) if isinstance(session, str) else None,
        legacy_document=legacy_document,
    )

