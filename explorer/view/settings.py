"""Persistent preferences: window geometry, recent files, theme, font scale, run options.

Everything goes through :func:`make_settings`, which returns the user's QSettings normally and
an isolated INI file when ``AUTOGRAD_EXPLORER_SETTINGS`` is set (tests set it, so they never
touch real preferences). The variable may name a directory; any other value (e.g. ``test``)
means "a private temporary directory for this process".
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "AutogradExplorer"
APPLICATION = "Autograd Explorer"
ENV_VAR = "AUTOGRAD_EXPLORER_SETTINGS"
MAX_RECENT = 10

_isolated_dir: Path | None = None


def isolated_dir() -> Path | None:
    """The directory that holds settings (and recovery files) when isolated, else None."""
    global _isolated_dir
    value = os.environ.get(ENV_VAR)
    if not value:
        return None
    if os.path.isabs(value):
        path = Path(value)
        path.mkdir(parents=True, exist_ok=True)
        return path
    if _isolated_dir is None or not _isolated_dir.exists():
        _isolated_dir = Path(tempfile.mkdtemp(prefix="autograd-explorer-settings-"))
        atexit.register(shutil.rmtree, _isolated_dir, True)
    return _isolated_dir


def make_settings() -> QSettings:
    directory = isolated_dir()
    if directory is not None:
        return QSettings(str(directory / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


# ---------------------------------------------------------------------- typed accessors
def recent_files(settings: QSettings) -> list[str]:
    value = settings.value("recent_files", [])
    if isinstance(value, str):  # QSettings returns a bare string for a one-element list
        value = [value]
    return [str(v) for v in (value or []) if v]


def add_recent_file(settings: QSettings, path: str) -> list[str]:
    path = os.path.abspath(path)
    files = [path] + [f for f in recent_files(settings) if os.path.abspath(f) != path]
    files = files[:MAX_RECENT]
    settings.setValue("recent_files", files)
    return files


def remove_recent_file(settings: QSettings, path: str) -> list[str]:
    files = [f for f in recent_files(settings) if os.path.abspath(f) != os.path.abspath(path)]
    settings.setValue("recent_files", files)
    return files


def get_str(settings: QSettings, key: str, default: str) -> str:
    value = settings.value(key, default)
    return default if value is None else str(value)


def get_float(settings: QSettings, key: str, default: float) -> float:
    try:
        return float(settings.value(key, default))
    except (TypeError, ValueError):
        return default


def get_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes", "on")
    return bool(value)
