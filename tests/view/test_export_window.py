"""Export from the window: File ▸ Export ▸ Image… writes the file through the dialog and
remembers the options, Copy Image puts a picture on the clipboard, and an exported image
opens as the graph again."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.model import fileformat
from explorer.view import export_dialog

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"


@pytest.fixture
def window(new_window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    # export_dialog: the app installs it after the first paint (app.EXTENSIONS)
    return new_window(SEED, extensions=[export_dialog.install])


def messages_text(window) -> str:
    return "\n".join(text for _level, text in window.messages.entries())


def test_file_export_menu_has_image_and_clipboard_entries(window):
    texts = [a.text().replace("&", "") for a in window.export_menu.actions()]
    assert any(t.startswith("Image") for t in texts)
    assert any("Clipboard" in t for t in texts)


def test_export_dialog_writes_the_file_and_remembers_the_options(window, qtbot, tmp_path):
    window.actions["export_image"].trigger()
    dialog = window.findChild(export_dialog.ExportDialog)
    assert dialog is not None and dialog.isVisible()
    out = tmp_path / "graph.svg"
    dialog.path_edit.setText(str(out))
    assert not dialog.scale_spin.isEnabled()  # scale is for PNG only
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("print"))
    dialog.checks["values"].setChecked(False)
    dialog.checks["edge_grads"].setChecked(True)
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(out.exists, timeout=20000)
    assert fileformat.load_any(out).same_as(window.document)
    qtbot.waitUntil(lambda: "Exported" in messages_text(window), timeout=20000)
    remembered = export_dialog.load_options(window.settings)
    assert remembered.theme == "print" and remembered.values is False and remembered.edge_grads is True
    # the next dialog starts from the remembered choices
    window.actions["export_image"].trigger()
    again = [d for d in window.findChildren(export_dialog.ExportDialog) if d.isVisible()][-1]
    assert again.theme_combo.currentData() == "print"
    assert not again.checks["values"].isChecked()
    assert again.path_edit.text().endswith(".svg")
    again.reject()


def test_dialog_refuses_a_file_name_without_an_image_suffix(window, tmp_path):
    dialog = export_dialog.open_export_dialog(window)
    dialog.path_edit.setText(str(tmp_path / "graph.gif"))
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and ".png" in dialog.error_label.text()
    dialog.reject()


def test_selection_scope_in_the_dialog(window, qtbot, tmp_path):
    doc = window.document
    window.scene.select_ids([doc.node_by_name("a").id, doc.node_by_name("a_cubed").id])
    dialog = export_dialog.open_export_dialog(window)
    dialog.scope_combo.setCurrentIndex(1)
    opts = dialog.options(export_dialog.window_selection(window))
    assert set(opts.selection) == {doc.node_by_name("a").id, doc.node_by_name("a_cubed").id}
    dialog.reject()


def test_copy_image_to_clipboard(window):
    image = export_dialog.copy_image(window)
    assert image is not None and not image.isNull()
    clip = QGuiApplication.clipboard().image()
    assert (clip.width(), clip.height()) == (image.width(), image.height())
    QGuiApplication.clipboard().clear()


def test_opening_an_exported_image_restores_the_graph(window, tmp_path):
    from explorer.view.exporters.api import ExportOptions, compute_result, export_file

    original = fileformat.load_document(SEED)
    original.update_node(original.node_by_name("b").id, requires_grad=False)
    out = tmp_path / "frozen.png"
    export_file(original, compute_result(original), out, ExportOptions())
    assert window.open_path(str(out), ask=False)
    QApplication.processEvents()
    assert window.document.same_as(original)
    assert window.document.node_by_name("b").requires_grad is False
