"""File ▸ New / Open / Save / Save As / Open Recent / Export GraphML: the document file.

Data safety: New and Open ask Save/Discard/Cancel (:meth:`FileController.maybe_save`); a save
or an explicit discard removes the session's recovery copy."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from explorer.model import fileformat
from explorer.model.atomic import ReadOnlyFileError
from explorer.model.document import Document
from explorer.model.fileformat import save_document
from explorer.model.graphml import export_graphml as write_graphml
from explorer.model.layout import layered_layout
from explorer.view import settings as prefs
from explorer.view.i18n import tr, tr_message
from explorer.view.window.constants import APP_NAME, DOCUMENT_FILTER, SAVE_FILTER

log = logging.getLogger(__name__)


class FileController:
    """The window's document and its file: replacing, opening, saving, the recent-files menu.

    Reads and writes the window's ``file_path`` and ``display_name``; uses its document, undo
    stack, settings, messages, status bar, menus and title; after a replace it asks ``runs``
    (auto-run or show nothing) and ``scripts`` (print the new graph) and ``autosave``."""

    def __init__(self, window) -> None:
        self.window = window
        self.script_folder: str | None = None   # the folder of the script last opened

    def replace_document(self, new_doc: Document, file_path: str | None, display_name: str,
                         clean: bool = True) -> None:
        self.window._selection = []
        self.window.runs.trainer = None  # another graph: a fresh optimizer
        self.window.undo_stack.clear()
        self.window.document.replace_with(new_doc)
        self.window.file_path = file_path
        self.window.display_name = display_name
        self.window.last_result = None
        if clean:
            self.window.undo_stack.setClean()
        self.window.scripts.script_synced = True
        self.window._script_timer.start()  # printed after the first paint, not before
        self.window._update_title()
        self.window._refresh_ui()
        if self.window.actions["auto_run"].isChecked():
            self.window.runs.auto_run()
        else:
            self.window.runs.show_result(None)
        # Opened at a readable zoom: the whole graph if it fits so, else the part around its root.
        QTimer.singleShot(0, self.window.view.fit_readable)
        self.window.document_replaced.emit()

    def new_document(self) -> bool:
        if not self.maybe_save():
            return False
        self.window.autosave.discard_recovery()
        self.script_folder = None
        self.replace_document(Document(), None, "untitled")
        self.window.messages.info(tr("New graph"))
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open graph"), self.dialog_folder(), DOCUMENT_FILTER)
        if not path:
            return False
        return self.open_path(path, ask=False)

    def dialog_folder(self) -> str:
        """Where Open and Save As start: the current file's folder, else the folder of the most
        recent file, else the home folder."""
        candidates = [self.window.file_path] if self.window.file_path else []
        candidates += prefs.recent_files(self.window.settings)
        for path in candidates:
            folder = os.path.dirname(os.path.abspath(path))
            if os.path.isdir(folder):
                return folder
        return str(Path.home())

    def program_folder(self) -> str | None:
        """The folder a program run from the Code dock reads ``.npz`` files from: the saved
        document's, else the script's the graph was opened from; None before either (the run
        then says to save first)."""
        if self.window.file_path:
            return os.path.dirname(os.path.abspath(self.window.file_path))
        return self.script_folder

    def open_path(self, path: str, ask: bool = True, example: bool = False, modal: bool = True) -> bool:
        """Open a document or script; on failure show why and keep the current graph.

        ``modal=False`` (start-up) reports in a box that does not block the event loop."""
        if ask and not self.maybe_save():
            return False
        try:
            new_doc = load_file(path)
        except Exception as exc:  # FileFormatError, ScriptError, OSError, anything: report, keep
            message = _load_error_text(path, exc)
            self.window.messages.error(message)
            if modal:
                QMessageBox.warning(self.window, tr("Could not open file"), message)
            else:
                box = QMessageBox(QMessageBox.Icon.Warning, tr("Could not open file"), message,
                                  QMessageBox.StandardButton.Ok, self.window)
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()
            if not example and not os.path.exists(path):
                prefs.remove_recent_file(self.window.settings, path)
            return False
        self.window.autosave.discard_recovery()
        is_document = path.lower().endswith(".json")
        # a script's folder is its program's folder (a document's is its own file's)
        self.script_folder = None if is_document else os.path.dirname(os.path.abspath(path))
        name = Path(path).name
        if example:
            self.replace_document(new_doc, None, f"{Path(path).stem} (example)")
        elif is_document:
            self.replace_document(new_doc, os.path.abspath(path), name)
            prefs.add_recent_file(self.window.settings, path)
        else:
            # A script: the graph is new (saving writes a .json, never the script).
            _ensure_positions(new_doc)
            self.replace_document(new_doc, None, f"{Path(path).stem} (from {name})")
            prefs.add_recent_file(self.window.settings, path)
        self.window.messages.info(tr("Opened {path}").format(path=path))
        return True

    def open_example(self, path: Path | str) -> bool:
        return self.open_path(str(path), ask=True, example=True)

    def save(self) -> bool:
        if self.window.file_path is None:
            return self.save_as()
        return self.save_to(self.window.file_path)

    def save_as(self) -> bool:
        w = self.window
        start = w.file_path or os.path.join(self.dialog_folder(), w.display_name.split(" ")[0] + ".json")
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Save graph as"), start, SAVE_FILTER)
        if not path:
            return False
        if not os.path.splitext(path)[1]:
            path += ".json"
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        try:
            try:
                save_document(self.window.document, path)
            except ReadOnlyFileError:
                answer = QMessageBox.question(
                    self.window, tr("Save"),
                    tr("“{name}” is read-only. Save anyway?").format(name=Path(path).name),
                    QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                    QMessageBox.StandardButton.Cancel)
                if answer != QMessageBox.StandardButton.Save:
                    return False
                save_document(self.window.document, path, overwrite_read_only=True)
        except Exception as exc:
            message = tr("Could not save {path}: {error}").format(path=path, error=tr_message(str(exc)))
            self.window.messages.error(message)
            QMessageBox.warning(self.window, tr("Could not save"), message)
            return False
        self.window.autosave.discard_recovery()
        self.window.file_path = os.path.abspath(path)
        self.window.display_name = Path(path).name
        self.window.undo_stack.setClean()
        prefs.add_recent_file(self.window.settings, path)
        self.window._update_title()
        self.window.messages.info(tr("Saved {path}").format(path=path))
        self.window.statusBar().showMessage(tr("Saved {path}").format(path=path), 4000)
        return True

    def maybe_save(self) -> bool:
        """Ask Save/Discard/Cancel when dirty; True if it is fine to drop the document."""
        if not self.window.is_dirty:
            return True
        answer = QMessageBox.question(
            self.window, APP_NAME,
            tr("Save changes to “{name}” before closing it?").format(name=self.window.display_name) + "\n\n"
            + tr("Your changes will be lost if you don't save them."),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.window.autosave.discard_recovery()
            return True
        return False

    def keep_graphml_last(self) -> None:
        menu = self.window.export_menu
        tail = [self.window._graphml_separator, self.window.actions["export_graphml"]]
        if menu.actions()[-2:] != tail:
            for action in tail:
                menu.removeAction(action)
                menu.addAction(action)

    def export_graphml(self, path: str | None = None) -> bool:
        """File ▸ Export ▸ GraphML: ask for a file name (unless given) and write the graph."""
        if path is None:
            folder = prefs.get_str(self.window.settings, "export/graphml_dir", "") or (
                os.path.dirname(self.window.file_path) if self.window.file_path else str(Path.home()))
            stem = Path(self.window.file_path).stem if self.window.file_path else self.window.display_name.split(" ")[0]
            path, _ = QFileDialog.getSaveFileName(self.window, tr("Export GraphML"),
                                                  os.path.join(folder, stem + ".graphml"),
                                                  "GraphML (*.graphml);;All files (*)")
            if not path:
                return False
            if not os.path.splitext(path)[1]:
                path += ".graphml"
        try:
            write_graphml(self.window.document, path)
        except Exception as exc:  # an unwritable folder, a full disk: report, keep going
            message = tr("Could not export GraphML to {path}: {error}").format(path=path, error=tr_message(str(exc)))
            self.window.messages.error(message)
            QMessageBox.warning(self.window, tr("Could not export"), message)
            return False
        self.window.settings.setValue("export/graphml_dir", os.path.dirname(os.path.abspath(path)))
        self.window.messages.info(tr("Exported {count} nodes as GraphML to {path}").format(
            count=len(self.window.document.nodes), path=path))
        self.window.statusBar().showMessage(tr("Exported {path}").format(path=path), 4000)
        return True

    def fill_recent_menu(self) -> None:
        menu = self.window.menus["recent"]
        menu.clear()
        files = prefs.recent_files(self.window.settings)
        for path in files:
            act = menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.setStatusTip(path)
            act.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if files:
            menu.addSeparator()
            clear = menu.addAction("Clear Recent Files")
            clear.triggered.connect(lambda: self.window.settings.setValue("recent_files", []))
        else:
            empty = menu.addAction("No recent files")
            empty.setEnabled(False)


def load_file(path: str) -> Document:
    """A document from a .json file, an image carrying a graph, or a script."""
    if path.lower().endswith(".json"):
        # Directly: load_any first imports the image reader (xml, urllib), ~0.07 s of launch.
        return fileformat.load_document(path)
    return fileformat.load_any(path)


def _load_error_text(path: str, exc: BaseException) -> str:
    name = Path(path).name
    if isinstance(exc, FileNotFoundError):
        return tr("{name}: the file does not exist ({path})").format(name=name, path=path)
    if isinstance(exc, IsADirectoryError):
        return tr("{name}: is a folder, not a file").format(name=name)
    if isinstance(exc, PermissionError):
        return tr("{name}: permission denied").format(name=name)
    if isinstance(exc, UnicodeDecodeError):
        return tr("{name}: not a text file").format(name=name)
    line = getattr(exc, "line", None)
    known = type(exc).__name__ in ("FileFormatError", "ScriptError", "DocumentError")
    text = tr_message(str(getattr(exc, "message", None) or exc)) if known else f"{type(exc).__name__}: {exc}"
    for prefix in (f"{path}: ", f"{name}: "):  # the loader named the file already: once is enough
        if text.startswith(prefix):
            text = text[len(prefix):]
    if line:
        return tr("{name} (line {line}): {error}").format(name=name, line=line, error=text)
    return f"{name}: {text}"


def _ensure_positions(doc: Document) -> None:
    """Scripts carry no positions: lay out when every node sits at the same place."""
    if len({tuple(n.pos) for n in doc.nodes.values()}) <= 1 and len(doc.nodes) > 1:
        for nid, pos in layered_layout(doc).items():
            doc.nodes[nid].pos = pos
