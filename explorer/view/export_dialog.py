"""File ▸ Export ▸ Image… and Copy Image to Clipboard: the export dialog and the window's actions.

The dialog edits :class:`~explorer.view.exporters.options.ExportOptions`; the last options are
remembered in the window's QSettings (``export/options``, ``export/last_path``). Painting happens
on the GUI thread from a fresh offscreen scene; encoding and writing on a worker
(``export_async``), and the messages panel reports when the file is written.

Startup seam: :mod:`explorer.view.exporters.api` (and with it Qt's SVG/PDF modules, the runner
and numpy) is imported only when an export runs, inside the functions below, so installing the
menu costs nothing at start-up; the light options module is imported here.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from explorer.view.exporters.api import compute_result, export_async, render_clipboard_image
from explorer.view.exporters.options import ExportError, ExportOptions
from explorer.view.i18n import tr, tr_message
from explorer.view.window.context import WindowContext, context_of

if TYPE_CHECKING:
    from explorer.view.main_window import MainWindow

OPTIONS_KEY = "export/options"
PATH_KEY = "export/last_path"
IMAGE_FILTER = "PNG image (*.png);;SVG vector image (*.svg);;PDF document (*.pdf)"
THEME_LABELS = {"light": "Light", "dark": "Dark", "print": "Print (black and white)", "high-contrast": "High contrast"}


def load_options(settings):
    value = settings.value(OPTIONS_KEY, "") if settings is not None else ""
    return ExportOptions.from_json(value if isinstance(value, str) else None)


def save_options(settings, options, path: str | None = None) -> None:
    if settings is None:
        return
    settings.setValue(OPTIONS_KEY, options.to_json())
    if path:
        settings.setValue(PATH_KEY, os.path.abspath(path))


def last_path(window) -> str:
    settings = getattr(window, "settings", None)
    saved = settings.value(PATH_KEY, "") if settings is not None else ""
    stem = Path(window.file_path).stem if getattr(window, "file_path", None) else "graph"
    if isinstance(saved, str) and saved:
        folder, suffix = os.path.dirname(saved), Path(saved).suffix or ".png"
        if os.path.isdir(folder):
            return os.path.join(folder, stem + suffix)
    return os.path.join(str(Path.home()), stem + ".png")


class ExportDialog(QDialog):
    """Where to write and what to draw. ``options()`` and ``path()`` read the choices back."""

    def __init__(self, parent: QWidget | None, options, path: str, selection_count: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Image")
        self.setObjectName("ExportDialog")
        self._base = options
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        row = QHBoxLayout()
        self.path_edit = QLineEdit(path)
        self.path_edit.setMinimumWidth(320)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow("File:", row)
        self.format_label = QLabel()
        form.addRow("Format:", self.format_label)

        self.view_combo = QComboBox()
        self.view_combo.addItem("Forward graph (canvas)", "forward")
        self.view_combo.addItem("Backward graph (grad_fn DAG)", "backward")
        self.view_combo.setCurrentIndex(1 if options.view == "backward" else 0)
        form.addRow("View:", self.view_combo)

        self.scope_combo = QComboBox()
        self.scope_combo.addItem("Whole graph", "all")
        scope = (tr("Selection (1 node)") if selection_count == 1
                 else tr("Selection ({count} nodes)").format(count=selection_count))
        self.scope_combo.addItem(scope, "selection")
        if selection_count == 0:
            self.scope_combo.model().item(1).setEnabled(False)
        form.addRow("Draw:", self.scope_combo)

        self.theme_combo = QComboBox()
        for name, label in THEME_LABELS.items():
            self.theme_combo.addItem(label, name)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(options.theme)))
        form.addRow("Theme:", self.theme_combo)

        self.scale_spin = QDoubleSpinBox()
        self.scale_spin.setRange(1.0, 4.0)
        self.scale_spin.setSingleStep(0.5)
        self.scale_spin.setDecimals(1)
        self.scale_spin.setSuffix("×")
        self.scale_spin.setValue(float(options.scale))
        form.addRow("PNG scale:", self.scale_spin)

        self.transparent_check = QCheckBox("Transparent background")
        self.transparent_check.setChecked(options.transparent)
        form.addRow("", self.transparent_check)

        show = QWidget()
        show_layout = QVBoxLayout(show)
        show_layout.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        for key, label in (("values", "Values"), ("grads", "Gradients (.grad)"), ("grad_fn", "grad_fn names"),
                           ("shapes", "Shapes and dtypes"), ("edge_grads", "Gradient labels on edges")):
            box = QCheckBox(label)
            box.setChecked(bool(getattr(options, key)))
            self.checks[key] = box
            show_layout.addWidget(box)
        form.addRow("Show:", show)

        self.embed_check = QCheckBox("Store the graph in the image (open it again to edit)")
        self.embed_check.setChecked(options.embed_graph)
        form.addRow("", self.embed_check)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export")
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c0392b")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.path_edit.textChanged.connect(self._update_format)
        self._update_format()

    def _format(self) -> str | None:
        suffix = Path(self.path_edit.text().strip()).suffix.lower().lstrip(".")
        return suffix if suffix in ("png", "svg", "pdf") else None

    def _update_format(self) -> None:
        fmt = self._format()
        self.format_label.setText({"png": "PNG (bitmap)", "svg": "SVG (vector)", "pdf": "PDF (vector, one page)"}.get(
            fmt or "", "choose a file ending in .png, .svg or .pdf"))
        self.scale_spin.setEnabled(fmt in (None, "png"))
        self.embed_check.setEnabled(fmt in (None, "png", "svg"))
        self.error_label.clear()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export image", self.path_edit.text(), IMAGE_FILTER)
        if path:
            if not Path(path).suffix:
                path += ".png"
            self.path_edit.setText(path)

    def _accept_if_valid(self) -> None:
        path = self.path()
        if not path or self._format() is None:
            self.error_label.setText(tr("The file name must end in .png, .svg or .pdf."))
            return
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            self.error_label.setText(tr("The folder {folder} does not exist.").format(folder=folder))
            return
        self.accept()

    def path(self) -> str:
        return os.path.expanduser(self.path_edit.text().strip())

    def selection_only(self) -> bool:
        return self.scope_combo.currentData() == "selection"

    def options(self, selection: tuple[str, ...] | None = None):
        """The chosen options (``selection`` is applied when "Selection" is chosen)."""
        return replace(self._base, view=self.view_combo.currentData(), theme=self.theme_combo.currentData(),
                       scale=float(self.scale_spin.value()), transparent=self.transparent_check.isChecked(),
                       embed_graph=self.embed_check.isChecked(),
                       selection=selection if self.selection_only() else None,
                       **{k: box.isChecked() for k, box in self.checks.items()})


# ------------------------------------------------------------------------------ window glue
def window_result(window):
    """What the window shows; computed on a throwaway runner when nothing has run yet (auto-run
    off), so an export always carries values and grads."""
    result = window.last_result
    if result is None and window.document.nodes:
        result = compute_result(window.document)
    return result


def window_selection(window) -> tuple[str, ...]:
    return tuple(window.scene.selected_ids())


def open_export_dialog(target: MainWindow | WindowContext) -> ExportDialog:
    """Show the dialog (window-modal, not blocking); Export starts the export."""
    ctx = context_of(target)
    dialog = ExportDialog(ctx.window, load_options(ctx.settings), last_path(ctx), len(window_selection(ctx)))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted() -> None:
        start_export(ctx, dialog.path(), dialog.options(window_selection(ctx)))

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


def start_export(window, path: str, options):
    """Paint now, write on a worker; report in the messages panel. Returns the job or None."""
    save_options(window.settings, options, path)
    try:
        job = export_async(window.document, window_result(window), path, options)
    except ExportError as exc:
        window.messages.error(tr("Export failed: {error}").format(error=tr_message(str(exc))))
        return None
    job.finished.connect(lambda p: window.messages.info(tr("Exported {path}").format(path=p)))
    job.failed.connect(lambda m: window.messages.error(tr("Export failed: {error}").format(error=tr_message(m))))
    return job


def copy_image(window, options=None) -> QImage | None:
    """Put a PNG rendering (last export options, the selection if any) on the clipboard."""
    options = options or load_options(window.settings)
    selection = window_selection(window)
    options = replace(options, size=None, selection=selection or None)
    try:
        image = render_clipboard_image(window.document, window_result(window), options)
    except ExportError as exc:
        window.messages.error(tr("Copy image: {error}").format(error=tr_message(str(exc))))
        return None
    mime = QMimeData()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)
    what = (tr("{count} selected nodes").format(count=len(selection)) if len(selection) != 1
            else tr("1 selected node")) if selection else tr("the graph")
    window.messages.info(tr("Copied an image of {what} ({width}×{height} px)").format(
        what=what, width=image.width(), height=image.height()))
    return image


def install(target: MainWindow | WindowContext) -> None:
    """Fill File ▸ Export (called once, after the first paint; through the window's context)."""
    ctx = context_of(target)
    image = QAction("&Image (PNG, SVG, PDF)…", ctx.window)
    image.setShortcut(QKeySequence("Ctrl+Shift+E"))
    image.setStatusTip("Export the forward or backward graph as an image")
    image.triggered.connect(lambda _checked=False: open_export_dialog(ctx))
    copy = QAction("Copy Image to &Clipboard", ctx.window)
    copy.setStatusTip("Copy a picture of the graph (or the selection) with the last export options")
    copy.triggered.connect(lambda _checked=False: copy_image(ctx))
    ctx.add_action("export", "export_image", image)
    ctx.add_action("export", "copy_image", copy)
