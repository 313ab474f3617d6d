"""Issue #16, "restores on the same screen": the window comes back on the screen it was closed
on, where it was, with two screens side by side (Qt's offscreen platform, two screens from a
config file); when that screen is gone it comes back whole on the one left.

Why it holds: ``save_preferences`` stores ``QWidget.saveGeometry()``, which records the
window's frame and the screen it was on, and ``_load_preferences`` gives it to
``restoreGeometry()`` before the first show (Qt moves the window inside an available screen
when the saved one is missing). Each window runs in its own process: the screens are fixed when
a QApplication starts."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
LEFT = {"name": "left", "x": 0, "y": 0, "width": 1600, "height": 1000, "logicalDpiX": 96, "logicalDpiY": 96}
RIGHT = {"name": "right", "x": 1600, "y": 0, "width": 1920, "height": 1080, "logicalDpiX": 96, "logicalDpiY": 96}

SCRIPT = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
app = QApplication([])
from explorer.view.main_window import MainWindow
w = MainWindow()
w.show()
QTest.qWait(50)
if len(sys.argv) > 1:            # move it (as a user drags it) to x, y, width, height
    x, y, width, height = map(int, sys.argv[1:5])
    w.setGeometry(x, y, width, height)
    QTest.qWait(50)
g = w.geometry()
print(json.dumps({"screen": w.screen().name(), "geometry": [g.x(), g.y(), g.width(), g.height()],
                  "available": [w.screen().availableGeometry().x(), w.screen().availableGeometry().width()]}))
w.undo_stack.setClean()
w.close()
"""


def _run(tmp_path: Path, screens: list[dict], *move: int) -> dict:
    config = tmp_path / f"screens{len(screens)}.json"
    config.write_text(json.dumps({"screens": screens}))
    env = dict(os.environ, PYTHONPATH=str(ROOT), AUTOGRAD_EXPLORER_SETTINGS=str(tmp_path / "settings"),
               AUTOGRAD_EXPLORER_LANG="en", QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    out = subprocess.run([sys.executable, "-c", SCRIPT, *map(str, move)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_window_comes_back_on_the_screen_it_was_closed_on(tmp_path):
    first = _run(tmp_path, [LEFT, RIGHT])
    assert first["screen"] == "left"                       # first start: the primary screen
    moved = _run(tmp_path, [LEFT, RIGHT], 1700, 60, 1200, 800)
    assert moved["screen"] == "right"
    again = _run(tmp_path, [LEFT, RIGHT])
    assert again["screen"] == "right"
    assert again["geometry"] == [1700, 60, 1200, 800]


def test_with_that_screen_gone_it_comes_back_whole_on_the_other(tmp_path):
    _run(tmp_path, [LEFT, RIGHT], 1700, 60, 1200, 800)
    alone = _run(tmp_path, [LEFT])
    x, y, width, height = alone["geometry"]
    assert alone["screen"] == "left"
    assert 0 <= x and x + width <= LEFT["width"] and 0 <= y and y + height <= LEFT["height"]
