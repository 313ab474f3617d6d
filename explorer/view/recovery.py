"""Recovery files: unsaved changes survive a crash without ever touching the user's file.

While a document has unsaved changes the window writes it (atomically) to a recovery file in
the application data folder, one file per document: the key is a hash of the document's
path, or a per-session id for an untitled document. A clean close, a save or an explicit
"discard" removes the file; anything still there at the next start is offered for restore.

Each file is JSON: ``{"recovery": 1, "source_path": str|null, "title": str, "saved_at": float,
"pid": int, "document": <the document in the file format, as a string>}``.
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".recovery.json"
RECOVERY_VERSION = 1


def default_directory() -> Path:
    """The folder for recovery files (isolated when AUTOGRAD_EXPLORER_SETTINGS is set)."""
    from explorer.view.settings import isolated_dir

    isolated = isolated_dir()
    if isolated is not None:
        return isolated / "recovery"
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    if not base:
        base = os.path.join(tempfile.gettempdir(), "autograd-explorer")
    return Path(base) / "recovery"


@dataclass(frozen=True)
class RecoveryEntry:
    """One recovery file found on disk."""

    path: Path
    source_path: str | None
    title: str
    saved_at: float
    pid: int
    document_text: str

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        where = self.source_path or "an untitled graph"
        return f"{self.title} ({where}), autosaved {when}"


def _pid_alive(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class RecoveryStore:
    """Writes, lists and removes recovery files in one folder."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_directory()
        self._session = os.urandom(6).hex()

    def key_for(self, source_path: str | None) -> str:
        if source_path:
            import hashlib  # hashlib, json: imported when used, they are not needed for the first paint

            digest = hashlib.sha1(os.path.abspath(source_path).encode("utf-8")).hexdigest()[:16]
            return f"doc-{digest}"
        return f"untitled-{self._session}"

    def path_for(self, source_path: str | None) -> Path:
        return self.directory / (self.key_for(source_path) + SUFFIX)

    def write(self, source_path: str | None, title: str, document_text: str) -> Path:
        """Atomically write the recovery file for this document; returns its path."""
        import json

        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.path_for(source_path)
        payload = {
            "recovery": RECOVERY_VERSION,
            "source_path": os.path.abspath(source_path) if source_path else None,
            "title": title,
            "saved_at": time.time(),
            "pid": os.getpid(),
            "document": document_text,
        }
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return target

    def remove(self, source_path: str | None) -> None:
        try:
            self.path_for(source_path).unlink()
        except FileNotFoundError:
            pass

    def remove_entry(self, entry: RecoveryEntry) -> None:
        try:
            entry.path.unlink()
        except FileNotFoundError:
            pass

    def pending(self) -> list[RecoveryEntry]:
        """Recovery files left by sessions that are no longer running, newest first.

        Unreadable files are skipped (and left alone): a broken recovery file must never
        stop the app from starting."""
        import json

        if not self.directory.is_dir():
            return []
        entries = []
        for path in self.directory.glob("*" + SUFFIX):
            if path.name.startswith(".tmp-"):
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                entry = RecoveryEntry(
                    path=path,
                    source_path=data.get("source_path"),
                    title=str(data.get("title") or path.stem),
                    saved_at=float(data.get("saved_at") or 0.0),
                    pid=int(data.get("pid") or 0),
                    document_text=str(data["document"]),
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if _pid_alive(entry.pid):
                continue  # another window of the app is still working on it
            entries.append(entry)
        entries.sort(key=lambda e: e.saved_at, reverse=True)
        return entries
