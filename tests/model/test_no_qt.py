"""The model layer and the engine never pull in Qt: proven in a fresh interpreter."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")

PROBE = r"""
import importlib, json, pkgutil, sys
import engine, explorer.model
names = []
for package in (engine, explorer.model):
    names.append(package.__name__)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        names.append(info.name)
failed = {}
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:  # reported, so a broken module cannot hide a Qt import
        failed[name] = f"{type(exc).__name__}: {exc}"
for extra in sys.argv[1:]:
    importlib.import_module(extra)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6"))
print(json.dumps({"imported": names, "failed": failed, "qt": qt}))
"""


def probe(*extra: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, *extra], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_engine_and_every_model_module_import_without_qt():
    report = probe()
    modules = set(report["imported"])
    # the probe really walked the packages
    assert {"engine.ops", "explorer.model.document", "explorer.model.commands",
            "explorer.model.fileformat", "explorer.model.layout", "explorer.model.graphml"} <= modules
    assert report["failed"] == {}
    assert report["qt"] == []


def test_the_headless_command_line_imports_without_qt():
    """``python main.py run/code`` go through explorer.cli, which must stay Qt-free too."""
    report = probe("explorer.cli")
    assert report["qt"] == []


def test_the_probe_notices_qt():
    """Negative control: importing a view module is caught by the same check."""
    report = probe("explorer.view.undo")
    assert any(m.startswith("PySide6") for m in report["qt"])
