"""Unsaved work: the session's recovery copy (written on a timer, never the user's file) and
the Recover Unsaved Work dialog that lists other sessions' copies."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt

from explorer.model.fileformat import FileFormatError, dumps, loads
from explorer.view import settings as prefs
from explorer.view.i18n import tr, tr_message
from explorer.view.recovery import RecoveryCopy, RecoveryDialog

log = logging.getLogger(__name__)


class AutosaveController:
    """Writes, removes and restores recovery copies for the window.

    Uses the window's recovery store, undo stack (what changed since the save), document,
    ``file_path`` / ``display_name``, messages and status bar; a restore goes through
    ``files.replace_document``."""

    def __init__(self, window) -> None:
        self.window = window
        # Whether the status bar has already said that this document cannot be written ("too
        # large", "too many nodes"): a ResNet-18 document is refused after every edit, and once
        # is enough. Said again for another document (New, Open, Recover replace the contents
        # of the same Document object) or after it was small enough in between.
        self.refusal_said = False
        window.document_replaced.connect(self.forget_refusal)

    def forget_refusal(self) -> None:
        self.refusal_said = False

    def recent_changes(self) -> list[str]:
        """What changed since the last save, for the recovery list: the undo texts, newest last."""
        stack = self.window.undo_stack
        texts = [stack.text(i) for i in range(stack.index())]
        clean = stack.cleanIndex()
        if 0 <= clean <= stack.index():
            texts = texts[clean:]
        runs: list[list] = []  # "Change value (×3)" rather than the same text three times
        for text in filter(None, texts):
            if runs and runs[-1][0] == text:
                runs[-1][1] += 1
            else:
                runs.append([text, 1])
        return [text if n == 1 else f"{text} (×{n})" for text, n in runs][-8:]

    def autosave_now(self) -> Path | None:
        """Write unsaved changes to this session's recovery copy (never the user's file, never
        another session's copy); a document back at its saved state removes its copy."""
        if self.window._closing:
            return None
        if not self.window.is_dirty:
            self.window.recovery.remove_own()
            return None
        document = self.window.document
        try:
            text = dumps(document)
        except FileFormatError as exc:  # the document itself cannot be written: say so once
            if not self.refusal_said:
                self.refusal_said = True
                log.info("autosave refused: %s", exc)
                self.window.statusBar().showMessage(
                    tr("Not autosaved: {error}").format(error=tr_message(str(exc))), 8000)
            return None
        # small enough again: a later refusal of this document is news worth a line
        self.refusal_said = False
        try:
            return self.window.recovery.write(self.window.file_path, self.window.display_name, text,
                                              changes=self.recent_changes(), node_count=len(document.nodes))
        except Exception as exc:
            log.warning("autosave failed: %s", exc)
            self.window.statusBar().showMessage(tr("Autosave failed: {error}").format(error=exc), 6000)
            return None

    def recovery_path(self) -> Path:
        """This window session's recovery copy (it exists while there are unsaved changes)."""
        return self.window.recovery.own_path

    def clean_changed(self, clean: bool) -> None:
        if clean and not self.window._closing:  # undone back to the saved state: nothing to recover
            self.window._autosave_timer.stop()
            self.window.recovery.remove_own()

    def discard_recovery(self) -> None:
        self.window._autosave_timer.stop()
        self.window.recovery.remove_own()

    def clean_stale_temp_files(self) -> list[Path]:
        """Remove temp files of our own naming (``.NAME.autograd-tmp-XXXX``) that a kill -9
        during a save left in the recovery folder or beside recently used files."""
        folders = {os.path.dirname(os.path.abspath(p)) for p in prefs.recent_files(self.window.settings)}
        removed = self.window.recovery.clean_stale_temp_files(sorted(folders))
        for path in removed:
            log.info("removed a stale temporary file: %s", path)
        return removed

    def offer_recovery(self) -> RecoveryDialog | None:
        """At start (and from File ▸ Recover Unsaved Work): list every copy other sessions left,
        each with Restore / Discard / Keep for later. Returns the dialog (opened, not blocking),
        or None when there is nothing to recover."""
        try:
            self.clean_stale_temp_files()
            copies = self.window.recovery.pending()
        except OSError as exc:  # an unreadable recovery folder must not stop the app
            self.window.messages.warning(tr("Could not look for recovered work: {error}").format(error=exc))
            return None
        if not copies:
            if self.window.sender() is self.window.actions.get("recover"):
                self.window.statusBar().showMessage(tr("No unsaved work from other sessions to recover"), 4000)
            return None
        if self.window.recovery_dialog is not None:
            self.window.recovery_dialog.close()
        dialog = RecoveryDialog(copies, self.restore_recovery, self.discard_copy, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self.recovery_dialog_gone)
        self.window.recovery_dialog = dialog
        dialog.open()
        return dialog

    def recovery_dialog_gone(self, *_args) -> None:
        self.window.recovery_dialog = None

    def discard_copy(self, copy: RecoveryCopy) -> None:
        self.window.recovery.discard(copy)
        self.window.messages.info(tr("Discarded the recovered copy of {title}").format(title=copy.title))

    def restore_recovery(self, copy: RecoveryCopy) -> bool:
        """Put a recovery copy in this window (unsaved until the user saves it)."""
        if self.window.is_dirty and not self.window.files.maybe_save():
            return False
        try:
            doc = loads(self.window.recovery.read_document(copy))
        except Exception as exc:
            self.window.messages.error(tr("The recovered copy of {title} is unreadable: {error}").format(
                title=copy.title, error=tr_message(str(exc))))
            return False
        self.window.files.replace_document(doc, copy.source_path, copy.title, clean=True)
        # Restored work is unsaved by definition: mark dirty until the user saves.
        self.window.undo_stack.resetClean()
        self.window._update_title()
        # This session's own copy takes over before the old one goes: never a moment without one.
        self.autosave_now()
        self.window.recovery.discard(copy)
        self.window.messages.info(tr("Restored unsaved changes to {title} — save to keep them")
                                  .format(title=copy.title))
        return True
