"""Recovery in the window: where copies live, and the dialog that offers them at start.

The copies themselves (one per window session, listed, never overwritten, stale temp files
cleaned) are :mod:`explorer.model.recovery_store`, which has no Qt. This module adds the folder
(the application data folder, or the isolated settings folder in tests) and
:class:`RecoveryDialog`: every copy found in one list, with Restore / Discard / Keep for later
on each row, as Word's Document Recovery pane does.
"""
from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from explorer.model.recovery_store import (  # noqa: F401 - re-exported for the window
    RecoveryCopy,
    RecoveryError,
    RecoveryStore,
)
from explorer.view.i18n import tr
from explorer.view.settings import isolated_dir


#: More copies than this are shown in a scrolling list.
MAX_ROWS_WITHOUT_SCROLLING = 4


def default_directory() -> Path:
    """The folder for recovery copies (isolated when AUTOGRAD_EXPLORER_SETTINGS is set)."""
    isolated = isolated_dir()
    if isolated is not None:
        return isolated / "recovery"
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    if not base:
        base = os.path.join(tempfile.gettempdir(), "autograd-explorer")
    return Path(base) / "recovery"


def make_store() -> RecoveryStore:
    return RecoveryStore(default_directory())


class _CopyRow(QFrame):
    """One copy: which file, when, what changed, and its three buttons."""

    def __init__(self, copy: RecoveryCopy, parent: QWidget) -> None:
        super().__init__(parent)
        self.copy = copy
        self.setObjectName("recoveryRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(f"<b>{_escape(copy.title)}</b> &nbsp; "
                       + _escape(tr("autosaved {when}").format(when=copy.when)), self)
        # A long path is elided in the middle (the folder's start and the file name stay);
        # the whole path is in the tooltip.
        full = copy.source_path or tr("never saved (untitled)")
        where = QLabel(self.fontMetrics().elidedText(full, Qt.TextElideMode.ElideMiddle, 380), self)
        where.setToolTip(full)
        changes = QLabel(tr("What changed: {changes}").format(changes=_escape(copy.changes_label)), self)
        changes.setWordWrap(True)
        self.status = QLabel("", self)
        self.status.hide()
        self.restore_button = QPushButton(tr("Restore"), self)
        self.discard_button = QPushButton(tr("Discard"), self)
        self.keep_button = QPushButton(tr("Keep for later"), self)
        self.restore_button.setToolTip(tr("Open this copy in the window (unsaved until you save it)"))
        self.discard_button.setToolTip(tr("Delete this copy for good"))
        self.keep_button.setToolTip(tr("Leave this copy untouched and offer it again next time"))

        text = QVBoxLayout()
        text.setSpacing(2)
        for label in (title, where, changes, self.status):
            text.addWidget(label)
        buttons = QVBoxLayout()
        for button in (self.restore_button, self.discard_button, self.keep_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 1)
        layout.addLayout(buttons)

    def settle(self, status: str) -> None:
        """The user decided: show what happened, no more buttons."""
        for button in (self.restore_button, self.discard_button, self.keep_button):
            button.setEnabled(False)
        self.status.setText(f"<i>{_escape(status)}</i>")
        self.status.show()


class RecoveryDialog(QDialog):
    """Every recovery copy found at start, one row each with Restore / Discard / Keep for later.

    ``restore(copy) -> bool`` puts a copy in the window and ``discard(copy)`` deletes it. A
    window holds one document, so after one restore the other rows can only be discarded or
    kept. Closing the dialog keeps every copy not decided on (nothing is lost by closing)."""

    def __init__(self, copies: list[RecoveryCopy], restore: Callable[[RecoveryCopy], bool],
                 discard: Callable[[RecoveryCopy], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(tr("Recover unsaved work"))
        self._restore, self._discard = restore, discard
        self.decisions: dict[Path, str] = {}
        intro = QLabel(tr("Autograd Explorer found unsaved work from sessions that ended without saving. "
                          "Choose what to do with each copy; copies you keep are offered again next time."), self)
        intro.setWordWrap(True)
        body = QWidget(self)
        rows_layout = QVBoxLayout(body)
        self.rows: list[_CopyRow] = []
        for copy in copies:
            row = _CopyRow(copy, body)
            row.restore_button.clicked.connect(lambda _c=False, r=row: self._on_restore(r))
            row.discard_button.clicked.connect(lambda _c=False, r=row: self._on_discard(r))
            row.keep_button.clicked.connect(lambda _c=False, r=row: self._on_keep(r))
            rows_layout.addWidget(row)
            self.rows.append(row)
        rows_layout.addStretch(1)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        if len(copies) > MAX_ROWS_WITHOUT_SCROLLING:
            shown: QWidget = QScrollArea(self)
            shown.setWidgetResizable(True)
            shown.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            shown.setWidget(body)
        else:
            shown = body
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(tr("Close (keep the rest for later)"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(shown, 1)
        layout.addWidget(self.buttons)
        self.resize(680, min(720, 110 + 125 * len(copies)))

    def row_for(self, copy: RecoveryCopy) -> _CopyRow:
        return next(r for r in self.rows if r.copy.path == copy.path)

    def _on_restore(self, row: _CopyRow) -> None:
        if not self._restore(row.copy):
            row.status.setText(f"<i>{_escape(tr('Could not be restored: see the messages'))}</i>")
            row.status.show()
            return
        self.decisions[row.copy.path] = "restored"
        row.settle(tr("Restored in this window — save to keep it"))
        for other in self.rows:  # one document per window: the rest can be kept or discarded
            other.restore_button.setEnabled(False)
            other.restore_button.setToolTip(tr("This window holds a restored copy already: keep this one "
                                               "and restore it next time (or with File ▸ Recover Unsaved Work)"))
        self._maybe_done()

    def _on_discard(self, row: _CopyRow) -> None:
        self._discard(row.copy)
        self.decisions[row.copy.path] = "discarded"
        row.settle(tr("Discarded"))
        self._maybe_done()

    def _on_keep(self, row: _CopyRow) -> None:
        self.decisions[row.copy.path] = "kept"
        row.settle(tr("Kept for next time"))
        self._maybe_done()

    def _maybe_done(self) -> None:
        if all(r.copy.path in self.decisions for r in self.rows):
            self.accept()


def _escape(text: str) -> str:
    return html.escape(str(text))
