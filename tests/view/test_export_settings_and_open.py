"""Export from the window as a user meets it across sessions: the dialog's choices are on disk
when the app quits and a new process's dialog starts from them; File ▸ Export ▸ Copy Image puts
a picture on the clipboard through the menu action itself."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from explorer.view import export_dialog

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"

READ_BACK = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from explorer.view.settings import make_settings
from explorer.view import export_dialog
from explorer.view.export_dialog import ExportDialog, load_options, last_path
class W:  # what last_path reads off a window
    settings = make_settings()
    file_path = sys.argv[1]
opts = load_options(W.settings)
d = ExportDialog(None, opts, last_path(W), 0)
print(json.dumps({"theme": d.theme_combo.currentData(), "view": d.view_combo.currentData(),
                  "values": d.checks["values"].isChecked(), "edge_grads": d.checks["edge_grads"].isChecked(),
                  "scale": d.scale_spin.value(), "path": d.path_edit.text()}))
"""


@pytest.fixture
def window(new_window):
    return new_window(SEED, extensions=[export_dialog.install])


def test_the_next_session_starts_from_the_last_export_options(window, qtbot, tmp_path):
    window.actions["export_image"].trigger()
    dialog = [d for d in window.findChildren(export_dialog.ExportDialog) if d.isVisible()][-1]
    out = tmp_path / "pictures" / "fig.png"
    out.parent.mkdir()
    dialog.path_edit.setText(str(out))
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("print"))
    dialog.view_combo.setCurrentIndex(dialog.view_combo.findData("backward"))
    dialog.scale_spin.setValue(3)
    dialog.checks["values"].setChecked(False)
    dialog.checks["edge_grads"].setChecked(True)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(out.exists, timeout=20000)
    window.close()  # the app quitting: its QSettings reach the disk
    window.settings.sync()
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", READ_BACK, str(SEED)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["theme"] == "print" and seen["view"] == "backward" and seen["scale"] == 3
    assert seen["values"] is False and seen["edge_grads"] is True
    # the folder and the format are remembered; the name follows the open document
    assert seen["path"] == str(out.parent / "seed.png")


def test_copy_image_from_the_menu_action(window, qtbot):
    QGuiApplication.clipboard().clear()
    window.actions["copy_image"].trigger()
    clip = QGuiApplication.clipboard().image()
    assert not clip.isNull() and clip.width() > 300 and clip.height() > 150
    assert any("Copied an image of the graph" in text for _level, text in window.messages.entries())
    # with a selection, only those cards are in the picture (a narrower image)
    doc = window.document
    window.scene.select_ids([doc.node_by_name("a").id])
    window.actions["copy_image"].trigger()
    part = QGuiApplication.clipboard().image()
    assert 0 < part.width() < clip.width()
    QGuiApplication.clipboard().clear()


def test_the_selection_scope_is_korean_in_the_korean_interface(korean):
    from explorer.view.exporters.options import ExportOptions

    for count, text in ((2, "선택 항목 (노드 2개)"), (1, "선택 항목 (노드 1개)")):
        dialog = export_dialog.ExportDialog(None, ExportOptions(), "/tmp/x.png", count)
        assert dialog.scope_combo.itemText(1) == text
        dialog.deleteLater()


def test_the_selection_scope_in_english(english):
    from explorer.view.exporters.options import ExportOptions

    dialog = export_dialog.ExportDialog(None, ExportOptions(), "/tmp/x.png", 3)
    assert dialog.scope_combo.itemText(1) == "Selection (3 nodes)"
    dialog.deleteLater()


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_file_open_of_an_exported_image_restores_the_graph(window, tmp_path, monkeypatch, suffix):
    from PySide6.QtWidgets import QApplication, QFileDialog

    from explorer.model import fileformat
    from explorer.view.exporters.api import ExportOptions, compute_result, export_file

    original = fileformat.load_document(SEED)
    original.update_node(original.node_by_name("a").id, requires_grad=False)
    out = tmp_path / f"figure.{suffix}"
    export_file(original, compute_result(original), out, ExportOptions(view="backward", theme="print"))
    offered = {}

    def pick(parent, caption, start, filters):
        offered["filters"] = filters
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    window.actions["open"].trigger()  # File ▸ Open…
    QApplication.processEvents()
    assert "*.png" in offered["filters"] and "*.svg" in offered["filters"]
    assert window.document.same_as(original)
    assert window.document.node_by_name("a").requires_grad is False
