"""Atomic file writes: the one way the app replaces a file on disk.

Documents, lectures, image exports (and recovery copies) are written through a temporary file
in the target's folder that is flushed, fsynced and then ``os.replace``d over the target, so a
reader sees the old file or the new one, never a part; a failed write leaves the old file as it
was and removes the temporary file.

* **Symlinks** are followed: saving ``link.json`` rewrites the file the link points to and the
  link stays a link (replacing the link itself would leave the real file with old content).
* **Read-only files** are not replaced silently: :class:`ReadOnlyFileError` is raised unless the
  caller passes ``overwrite_read_only=True`` (the window asks the user first; the command line
  refuses). The new file keeps the old one's permission bits.
* **Temporary names** are recognisably ours: ``.NAME.autograd-tmp-XXXXXXXX`` beside the target.
  A write killed half-way (kill -9, power loss) can leave one behind; :func:`is_temp_name` and
  :data:`TEMP_MARKER` let a later start find and remove such leftovers.
"""
from __future__ import annotations

import os
import stat
import tempfile

__all__ = ["TEMP_MARKER", "ReadOnlyFileError", "write_bytes_atomic", "write_text_atomic",
           "is_temp_name", "temp_prefix", "resolve_target"]

#: Every temporary file this module makes has a name ``.<target name>TEMP_MARKER<random>``.
TEMP_MARKER = ".autograd-tmp-"
_MAX_NAME_IN_TEMP = 100   # keep temp names under the usual 255-byte file-name limit


class ReadOnlyFileError(PermissionError):
    """The target exists and is read-only; nothing was written. ``path`` is the target (after
    following symlinks). Callers that asked the user may retry with ``overwrite_read_only=True``."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} is read-only; it was not replaced")
        self.path = path


def temp_prefix(target_name: str) -> str:
    """The start of the temporary names used when writing a file called ``target_name``."""
    return "." + target_name[:_MAX_NAME_IN_TEMP] + TEMP_MARKER


def is_temp_name(name: str) -> bool:
    """True for a file name this module makes for its temporary files (e.g. to clean up
    leftovers of a killed save): a leading dot and the marker followed by the random part."""
    if not name.startswith("."):
        return False
    at = name.rfind(TEMP_MARKER)
    return at > 0 and len(name) > at + len(TEMP_MARKER)


def resolve_target(path: str | os.PathLike) -> str:
    """The file a write to ``path`` really replaces: symlinks followed (also dangling ones, whose
    target is then created), as an absolute path."""
    return os.path.realpath(os.fspath(path))


def _is_read_only(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(mode):
        return False
    # No write bit for anyone, or the OS says this user may not write it (root may write
    # anything, so the permission bits are what the user set and expects to be respected).
    return not (mode & 0o222) or not os.access(path, os.W_OK)


def write_bytes_atomic(path: str | os.PathLike, data: bytes, *, overwrite_read_only: bool = False) -> str:
    """Replace the file at ``path`` (symlinks followed) with ``data``; returns the path written.

    Raises :class:`ReadOnlyFileError` for a read-only target (unless ``overwrite_read_only``),
    :class:`IsADirectoryError` for a folder, and other ``OSError``s as they come; in every failure
    the old file is untouched and no temporary file is left."""
    target = resolve_target(path)
    if os.path.isdir(target):
        raise IsADirectoryError(21, "is a folder", target)
    if not overwrite_read_only and _is_read_only(target):
        raise ReadOnlyFileError(target)
    folder = os.path.dirname(target)
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask   # what open() would have made; mkstemp's files are private (0600)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(os.path.basename(target)), suffix="", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)
    return target


def write_text_atomic(path: str | os.PathLike, text: str, *, overwrite_read_only: bool = False) -> str:
    """:func:`write_bytes_atomic` of ``text`` in UTF-8 (newlines written as they are)."""
    return write_bytes_atomic(path, text.encode("utf-8"), overwrite_read_only=overwrite_read_only)


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
