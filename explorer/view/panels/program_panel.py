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
import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QSlider, QSplitter,
                               QToolButton, QVBoxLayout, QWidget)

from explorer.model.messages import Message
from explorer.view import theme
from explorer.view.i18n import tr, tr_message
from explorer.view.undo import ReplaceDocumentCommand

#: The debugger keys (Thonny's and Visual Studio's): they act while the Code or Output dock
#: has the focus, so F11 elsewhere stays the lecture's presentation mode.
STEP_KEYS = {
    (Qt.Key.Key_F10, Qt.KeyboardModifier.NoModifier): "over",
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier): "into",
    (Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier): "out",
}


def is_program(source: str) -> bool:
    """A text is run as a program when it imports something (``import torch``), as
    ``main.py run`` decides for files; the app's own expression scripts have no imports."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # A program with a syntax error still "runs": the runner reports the error in one line.
        return "import " in source
    return any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree))


def error_text(result) -> str | None:
    """A run's error as the window shows it: PyTorch's and Python's own errors verbatim (as
    torch prints them), the runner's budget, refusal and cancel lines in the interface's
    language."""
    if result.error and result.error_kind in ("refused", "budget", "cancelled") \
            and result.error_message:
        message = tr_message(result.error_message)
        if result.error_line:
            return tr("line {line}: {message}").format(line=result.error_line, message=message)
        return message
    return result.error


class _YieldingCancel(threading.Event):
    """The Stop flag, read by the interpreter once per statement; every few thousand reads it
    sleeps a millisecond. A pure-Python loop in the worker otherwise holds the GIL so tightly
    that the GUI thread, which needs it for every Python paint and slot, gets it once per switch
    interval per callback: a click on Stop took seconds to arrive (about 20 % of the worker's
    time now goes to the window)."""

    EVERY = 2000

    def __init__(self) -> None:
        super().__init__()
        self._reads = 0

    def is_set(self) -> bool:
        self._reads += 1
        if self._reads % self.EVERY == 0:
            time.sleep(0.001)
        return super().is_set()


class _Worker(QThread):
    """One run of one program; ``printed`` carries output chunks, ``done`` the result."""

    printed = Signal(object)    # str, or a Message (a note of the app's) the panel translates
    done = Signal(object)

    def __init__(self, source: str, runs, parent=None, folder: str | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.runs = runs
        self.folder = folder
        self.cancel = _YieldingCancel()

    def run(self) -> None:  # noqa: D401 - QThread override
        self.done.emit(self.runs.run(self.source, on_output=self.printed.emit,
                                     folder=self.folder, cancel=self.cancel))


class StepGraphCommand(ReplaceDocumentCommand):
    """The graph alive at a program statement, shown on the canvas. Consecutive steps merge
    into one undo entry, so one Undo brings back the graph from before stepping."""

    merge_id = "program-step"

    def merge_with(self, other) -> bool:
        if not isinstance(other, StepGraphCommand):
            return False
        self.new = other.new
        self.text = other.text
        return True


class _StepKeys(QObject):
    """F10 / F11 / Shift+F11 for the panel, taken before any window shortcut sees them."""

    def __init__(self, panel: "ProgramPanel") -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        move = STEP_KEYS.get((event.key(), mods))
        if move is None or self.panel.cursor is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # "this widget wants the key": the KeyPress comes to us next
            return True
        self.panel.move(move)
        return True


class ProgramPanel(QWidget):
    """Output pane with Stop; ``run(source)`` starts a run, ``finished(result)`` ends it.
    After a run, the step controls move a cursor over the recorded statements
    (``step_changed(step)``); "Edit this graph" asks for the graph at the cursor."""

    started = Signal()
    finished = Signal(object)   # the ProgramResult
    step_changed = Signal(int)
    edit_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        #: the program's folder, where torch.load / weights= read .npz files (the window sets
        #: it: the saved document's folder or the opened script's; None: nothing is read)
        self.folder: Callable[[], str | None] = lambda: None
        #: how programs run (program_runs.PROGRAM_RUNS): the window's model side hands it over
        #: after the first paint; this dock imports no model code
        self.runs = None
        self.output = QPlainTextEdit(self)
        self.output.setObjectName("programOutput")
        self.output.setReadOnly(True)
        self.output.setPlaceholderText(tr("A program's print output appears here "
                                          "(Code dock: import torch ..., then Apply)"))
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.output.setFont(_fixed_font())
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
        steps = QHBoxLayout()
        steps.setContentsMargins(0, 0, 0, 0)
        steps.setSpacing(2)
        self.step_buttons = {}
        for move, text, tip in (
                ("over", "Step over", "Next statement; a call runs whole (F10)"),
                ("into", "Step into", "Next statement, into called functions (F11)"),
                ("out", "Step out", "Back to the caller (Shift+F11)"),
                ("end", "Run to end", "The last statement of the run")):
            b = QToolButton(self)
            b.setText(tr(text))
            b.setToolTip(tr(tip))
            b.clicked.connect(lambda _c=False, m=move: self.move(m))
            steps.addWidget(b)
            self.step_buttons[move] = b
        self.pass_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.pass_slider.setObjectName("passSlider")
        self.pass_slider.setToolTip(tr("The passes of the loop this line is in"))
        self.pass_slider.setMinimumWidth(80)
        self.pass_slider.valueChanged.connect(self._pass_chosen)
        self.pass_label = QLabel(self)
        self.pass_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("pass 8,888 of 8,888"))
        steps.addWidget(self.pass_slider, 1)
        steps.addWidget(self.pass_label)
        self.edit_button = QToolButton(self)
        self.edit_button.setText(tr("Edit this graph"))
        self.edit_button.setToolTip(tr("Make the graph alive at this statement an ordinary, "
                                       "editable graph (undoable)"))
        self.edit_button.clicked.connect(self.edit_requested)
        steps.addWidget(self.edit_button)
        self.where = QLabel(self)
        self.where.setObjectName("programWhere")
        self.where.setWordWrap(True)
        # the names at the current statement, as a debugger's variables pane (Thonny, Python
        # Tutor): filled while stepping, a loop's pass slider shows them at that pass
        self.names = QPlainTextEdit(self)
        self.names.setObjectName("programNames")
        self.names.setReadOnly(True)
        self.names.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.names.setFont(_fixed_font())
        self.names.setPlaceholderText(tr("While stepping: the program's names and their values "
                                         "at this statement"))
        self._shown_names: dict = {}
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.output)
        split.addWidget(self.names)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(split, 1)
        layout.addLayout(steps)
        layout.addWidget(self.where)
        layout.addLayout(bar)
        self._worker: _Worker | None = None
        self.result = None
        self.source = ""
        self.cursor = None          # a StepCursor once a run recorded statements
        #: ``move_hook(how) -> bool`` sees every move first; True: it handled the move (a
        #: backward statement opened into the backward step-through, ``program_backward``)
        self.move_hook = None
        self._moving = False
        self.keys = _StepKeys(self)
        self.installEventFilter(self.keys)
        self.output.installEventFilter(self.keys)
        self._update_steps()

    # ------------------------------------------------------------------ API
    def is_running(self) -> bool:
        return self._worker is not None

    def run(self, source: str, wait: bool = False) -> bool:
        """Start running ``source``; False when a run is already going (Stop it first).
        ``wait``: run it here and now (a straight-line program: no loop, nothing to stop)."""
        if self._worker is not None:
            return False
        self.output.clear()
        self.show_names(None)
        self.result = None
        self.source = source
        self.cursor = None
        self._update_steps()
        if wait:
            self.started.emit()
            self._done(self.runs.run(source, on_output=self._append, folder=self.folder()))
            return True
        self.status.setText(tr("Running…"))
        self.status.setStyleSheet("")
        self.stop_button.setEnabled(True)
        worker = _Worker(source, self.runs, self, self.folder())
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
        if isinstance(text, Message):   # a note of the app's, not the program's output
            text = tr_message(text)
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
            self._append_line(f"line {line}: {text}", theme.WARNING_COLOR)
        if result.error:
            self._append_line(error_text(result), theme.ERROR_COLOR)
            self.status.setText(tr("Stopped") if result.error_kind == "cancelled"
                                else tr("Ended with an error"))
            self.status.setStyleSheet(f"color: {theme.ERROR_COLOR};")
        else:
            steps = len(result.trace.statements) if result.trace is not None else 0
            self.status.setText(tr("Done: {count} statements").format(count=f"{steps:,}"))
            self.status.setStyleSheet("")
        if result.trace is not None and result.trace.statements:
            self.cursor = self.runs.cursor(result.trace.statements)
        self._update_steps()
        self.finished.emit(result)

    # ------------------------------------------------------------------ stepping
    def move(self, how: str) -> int | None:
        """"over", "into", "out" or "end"; returns the new step (None: nothing recorded)."""
        c = self.cursor
        if c is None:
            return None
        if self.move_hook is not None and self.move_hook(how):
            return self.cursor.step if self.cursor is not None else None
        step = {"over": c.step_over, "into": c.step_into, "out": c.step_out,
                "end": c.run_to_end}[how]()
        self._moved()
        return step

    def go(self, step: int) -> None:
        if self.cursor is not None:
            self.cursor.go(step)
            self._moved()

    def end_stepping(self) -> None:
        """The text changed under the recorded run: stepping is over until the next run."""
        self.cursor = None
        self.show_names(None)
        self._update_steps()

    def _moved(self) -> None:
        self._update_steps()
        self.step_changed.emit(self.cursor.step)

    def show_names(self, namespace: dict | None) -> None:
        """``name = value`` lines for the statement shown; a value that changed since the last
        statement shown is marked, as Python Tutor marks what a step changed."""
        if namespace is None:
            self.names.clear()
            self._shown_names = {}
            return
        before = self._shown_names
        lines = []
        for name, text in namespace.items():
            mark = "●" if before and before.get(name) != text else " "
            lines.append(f"{mark} {name} = {text}")
        self.names.setPlainText("\n".join(lines))
        self._shown_names = dict(namespace)

    def _pass_chosen(self, index: int) -> None:
        if self._moving or self.cursor is None:
            return
        passes = self.cursor.passes()
        if 0 <= index < len(passes) and passes[index] != self.cursor.step:
            self.go(passes[index])

    def _update_steps(self) -> None:
        c = self.cursor
        on = c is not None
        for b in self.step_buttons.values():
            b.setEnabled(on)
        self.edit_button.setEnabled(on)
        passes = c.passes() if on else []
        self._moving = True
        try:
            self.pass_slider.setEnabled(len(passes) > 1)
            self.pass_slider.setRange(0, max(0, len(passes) - 1))
            self.pass_slider.setValue(passes.index(c.step) if on and c.step in passes else 0)
        finally:
            self._moving = False
        if on and c.step is not None:
            self.pass_label.setText(tr("pass {k} of {n}").format(
                k=passes.index(c.step) + 1, n=len(passes)) if len(passes) > 1 else "")
        else:
            self.pass_label.setText("")

    def _append_line(self, text: str, colour: str) -> None:
        cursor = self.output.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if self.output.toPlainText() and not self.output.toPlainText().endswith("\n"):
            cursor.insertText("\n", QTextCharFormat())
        f = QTextCharFormat()
        f.setForeground(QColor(colour))
        cursor.insertText(text + "\n", f)
        self.output.setTextCursor(cursor)


def _fixed_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setFamilies(["DejaVu Sans Mono", "Liberation Mono", "Menlo", "Consolas", font.family()])
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    return font

