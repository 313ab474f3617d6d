"""The Output dock: runs a PyTorch-style program typed in the Code dock and shows what it
printed, in order, then the error that ended it (PyTorch's text verbatim).

The program runs in a worker thread (``explorer.model.program.run_program``) so the window
keeps painting and Stop can cancel it; printed text arrives chunk by chunk through a queued
signal. The window decides *whether* a text is a program (:func:`is_program`) and underlines
the failing line in the editor when the run ends.
"""
from __future__ import annotations

import ast
import threading

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QVBoxLayout,
                               QWidget)

from explorer.view.i18n import tr


def is_program(source: str) -> bool:
    """A text is run as a program when it imports something (``import torch``), as
    ``main.py run`` decides for files; the app's own expression scripts have no imports."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # A program with a syntax error still "runs": the runner reports the error in one line.
        return "import " in source
    return any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree))


class _Worker(QThread):
    """One run of one program; ``printed`` carries output chunks, ``done`` the result."""

    printed = Signal(str)
    done = Signal(object)

    def __init__(self, source: str, parent=None) -> None:
        super().__init__(parent)
        self.source = source
        self.cancel = threading.Event()

    def run(self) -> None:  # noqa: D401 - QThread override
        from explorer.model.program import run_program

        result = run_program(self.source, trace=True, cancel=self.cancel,
                             on_output=self.printed.emit)
        self.done.emit(result)


class ProgramPanel(QWidget):
    """Output pane with Stop; ``run(source)`` starts a run, ``finished(result)`` ends it."""

    started = Signal()
    finished = Signal(object)   # the ProgramResult

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.output = QPlainTextEdit(self)
        self.output.setObjectName("programOutput")
        self.output.setReadOnly(True)
        self.output.setPlaceholderText(tr("A program's print output appears here "
                                          "(Code dock: import torch ..., then Apply)"))
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.output.setFont(_fixed_font(self))
        self.status = QLabel(self)
        self.status.setObjectName("programStatus")
        self.stop_button = QToolButton(self)
        self.stop_button.setText(tr("Stop"))
        self.stop_button.setToolTip(tr("Cancel the running program"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.stop_button)
        self.extra_buttons = bar  # the window adds "Edit this graph" here
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.output, 1)
        layout.addLayout(bar)
        self._worker: _Worker | None = None
        self.result = None

    # ------------------------------------------------------------------ API
    def is_running(self) -> bool:
        return self._worker is not None

    def run(self, source: str) -> bool:
        """Start running ``source``; False when a run is already going (Stop it first)."""
        if self._worker is not None:
            return False
        self.output.clear()
        self.result = None
        self.status.setText(tr("Running…"))
        self.status.setStyleSheet("")
        self.stop_button.setEnabled(True)
        worker = _Worker(source, self)
        worker.printed.connect(self._append)
        worker.done.connect(self._done)
        self._worker = worker
        self.started.emit()
        worker.start()
        return True

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel.set()

    def wait(self, ms: int = 30000) -> bool:
        """Block until the run ended (closing the window, tests)."""
        w = self._worker
        return True if w is None else w.wait(ms)

    def text(self) -> str:
        return self.output.toPlainText()

    # ------------------------------------------------------------------ slots
    def _append(self, text: str) -> None:
        cursor = self.output.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text, QTextCharFormat())
        self.output.setTextCursor(cursor)
        self.output.ensureCursorVisible()

    def _done(self, result) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        self.result = result
        self.stop_button.setEnabled(False)
        for line, text in result.warnings:
            self._append_line(f"line {line}: {text}", "#b45309")
        if result.error:
            self._append_line(result.error, "#dc2626")
            self.status.setText(tr("Stopped") if result.error_kind == "cancelled"
                                else tr("Ended with an error"))
            self.status.setStyleSheet("color: #dc2626;")
        else:
            steps = len(result.trace.statements) if result.trace is not None else 0
            self.status.setText(tr("Done: {count} statements").format(count=f"{steps:,}"))
            self.status.setStyleSheet("")
        self.finished.emit(result)

    def _append_line(self, text: str, colour: str) -> None:
        cursor = self.output.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if self.output.toPlainText() and not self.output.toPlainText().endswith("\n"):
            cursor.insertText("\n", QTextCharFormat())
        f = QTextCharFormat()
        f.setForeground(QColor(colour))
        cursor.insertText(text + "\n", f)
        self.output.setTextCursor(cursor)


def _fixed_font(widget: QWidget):
    from PySide6.QtGui import QFont, QFontDatabase

    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setFamilies(["DejaVu Sans Mono", "Liberation Mono", "Menlo", "Consolas", font.family()])
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    return font

