"""The code editor dock: type or paste a PyTorch-like script and Apply it to build the graph;
"Graph → script" prints the current graph back. Parse errors are underlined at their line and
column with the message shown under the editor."""
from __future__ import annotations

import re

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QKeySequence, QPainter, QShortcut,
                           QSyntaxHighlighter, QTextCharFormat, QTextCursor, QTextFormat)
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTextEdit,
                               QToolButton, QVBoxLayout, QWidget)

from explorer.view import theme
from explorer.view.i18n import tr

_KEYWORDS = r"\b(tensor|torch|engine|requires_grad|dtype|True|False|None|backward|gradient|import|float32|float64)\b"


class _Highlighter(QSyntaxHighlighter):
    def __init__(self, document) -> None:
        super().__init__(document)
        self.rules: list[tuple[re.Pattern, QTextCharFormat]] = []
        self.set_dark(False)

    def set_dark(self, dark: bool) -> None:
        def fmt(colour: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setForeground(QColor(colour))
            if bold:
                f.setFontWeight(QFont.Weight.Bold)
            f.setFontItalic(italic)
            return f

        kw, num, com, fn = theme.CODE_COLORS[bool(dark)]
        self.rules = [
            (re.compile(r"\b[A-Za-z_]\w*(?=\()"), fmt(fn)),
            (re.compile(_KEYWORDS), fmt(kw, bold=True)),
            (re.compile(r"\b\d+\.?\d*(?:[eE][-+]?\d+)?\b|\.\d+"), fmt(num)),
            (re.compile(r"#.*$"), fmt(com, italic=True)),
        ]
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        for pattern, f in self.rules:
            for m in pattern.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), f)


class _LineNumbers(QWidget):
    def __init__(self, editor: "ScriptEdit") -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.editor.line_number_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802
        self.editor.paint_line_numbers(event)


class ScriptEdit(QPlainTextEdit):
    """A plain-text editor with line numbers, for scripts."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        # Name real monospace families first: a generic "Monospace" can be substituted by a
        # proportional fallback (e.g. a CJK font added for Korean).
        font.setFamilies(["DejaVu Sans Mono", "Liberation Mono", "Menlo", "Consolas", font.family()])
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSizeF(max(9.0, font.pointSizeF()))
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self.numbers = _LineNumbers(self)
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._update_numbers)
        self._update_margin()

    def line_number_width(self) -> int:
        digits = max(2, len(str(self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margin(self, *_args) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _update_numbers(self, rect: QRect, dy: int) -> None:
        if dy:
            self.numbers.scroll(0, dy)
        else:
            self.numbers.update(0, rect.y(), self.numbers.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        cr = self.contentsRect()
        self.numbers.setGeometry(QRect(cr.left(), cr.top(), self.line_number_width(), cr.height()))

    def paint_line_numbers(self, event) -> None:
        painter = QPainter(self.numbers)
        # the editor's font, not the gutter's (the window's style sheet gives it the UI font,
        # which at 200 % drew numbers twice the line height, cut to slivers)
        painter.setFont(self.font())
        pal = self.palette()
        painter.fillRect(event.rect(), pal.alternateBase())
        painter.setPen(pal.placeholderText().color())
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                painter.drawText(0, top, self.numbers.width() - 5, height,
                                 Qt.AlignmentFlag.AlignRight, str(number + 1))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()


class CodeEditorPanel(QWidget):
    """Script editor with Apply / Graph → script; the window does the parsing."""

    apply_requested = Signal(str)
    refresh_requested = Signal()
    copy_torch_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.editor = ScriptEdit(self)
        self.editor.setPlaceholderText(
            "# Type or paste PyTorch-style code, then Apply (Ctrl+Return):\n"
            "a = tensor([2., 3.], requires_grad=True)\n"
            "b = tensor([6., 4.], requires_grad=True)\n"
            "Q = 3*a**3 - b**2\n"
            "Q.backward(gradient=tensor([1., 1.]))")
        self.highlighter = _Highlighter(self.editor.document())
        self.apply_button = QPushButton("Apply", self)
        self.apply_button.setToolTip("Build the graph from this script (Ctrl+Return); undoable")
        self.apply_button.setDefault(True)
        # Tool buttons (not push buttons): the dock stays narrow and the canvas keeps the room.
        self.refresh_button = QToolButton(self)
        self.refresh_button.setText("From graph")
        self.refresh_button.setToolTip("Replace the text with the current graph printed as a script")
        self.torch_button = QToolButton(self)
        self.torch_button.setText("Copy torch")
        self.torch_button.setToolTip("Copy a runnable PyTorch script of the graph to the clipboard")
        self.status = QLabel(self)
        self.status.setObjectName("codeStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.torch_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.apply_button.clicked.connect(self.apply)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.torch_button.clicked.connect(self.copy_torch_requested)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.editor)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.apply)
        self.editor.textChanged.connect(self._text_edited)
        self._setting_text = False
        self._printed_text = ""
        self.error: tuple[str, int, int] | None = None  # message, line, column (1-based)
        self._error_marks: list = []
        self._step_marks: list = []
        self.step_line: int | None = None      # the program line the stepper is on
        self.linked_lines: list[int] = []      # lines of the nodes selected on the canvas

    # ------------------------------------------------------------------ API for the window
    def width_for_columns(self, columns: int) -> int:
        """The panel width that shows ``columns`` characters of code beside the line numbers
        without horizontal scrolling (the window sizes the dock with it)."""
        editor = self.editor
        text = editor.fontMetrics().horizontalAdvance("M" * columns)
        chrome = (editor.line_number_width() + 2 * editor.frameWidth()
                  + 2 * int(editor.document().documentMargin())
                  + editor.verticalScrollBar().sizeHint().width())
        margins = self.layout().contentsMargins()
        return text + chrome + margins.left() + margins.right() + 4

    def apply(self) -> None:
        self.apply_requested.emit(self.editor.toPlainText())

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_script(self, text: str) -> None:
        """Show a script printed from the graph (not an edit: clears errors)."""
        self._setting_text = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._setting_text = False
        self._printed_text = text
        self.clear_error()

    def is_edited(self) -> bool:
        """True once the user typed something that differs from the last printed graph."""
        return self.editor.toPlainText() != self._printed_text

    def mark_applied(self) -> None:
        """The text now describes the graph (it was just applied)."""
        self._printed_text = self.editor.toPlainText()

    def set_dark(self, dark: bool) -> None:
        self.highlighter.set_dark(dark)

    def show_error(self, message: str, line: int | None, col: int | None,
                   end_line: int | None = None, end_col: int | None = None) -> None:
        """Underline the error and show the message. Positions are 1-based, as ScriptError
        reports them (``line``, ``col``; ``end_col`` exclusive); without an end on the same
        line the word (or character) at ``col`` is underlined."""
        col = max(1, col or 1)
        self.error = (message, line or 0, col)
        where = tr("line {line}, column {col}: ").format(line=line, col=col) if line else ""
        self.status.setText(f"✖  {where}{message}")
        self.status.setStyleSheet(f"color: {theme.ERROR_COLOR};")
        self.status.show()
        selections = []
        if line:
            block = self.editor.document().findBlockByNumber(max(0, line - 1))
            if block.isValid():
                text = block.text()
                start = min(col - 1, max(0, len(text) - 1)) if text else 0
                if end_line in (None, line) and end_col is not None and end_col > col:
                    length = min(end_col - col, max(1, len(text) - start))
                else:
                    m = re.match(r"\w+|\S", text[start:]) if text else None
                    length = len(m.group(0)) if m else max(1, len(text) - start)
                line_sel = QTextEdit.ExtraSelection()
                line_sel.format.setBackground(QColor(220, 38, 38, 28))
                line_sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                line_sel.cursor = QTextCursor(block)
                selections.append(line_sel)
                sel = QTextEdit.ExtraSelection()
                sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                sel.format.setUnderlineColor(QColor(theme.ERROR_COLOR))
                sel.format.setToolTip(message)
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, start)
                cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, length)
                sel.cursor = cursor
                selections.append(sel)
                caret = QTextCursor(block)
                caret.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor, start)
                self.editor.setTextCursor(caret)
        self._set_error_marks(selections)

    def show_line_error(self, message: str, line: int) -> None:
        """Underline the whole of ``line`` (1-based): where a program stopped at run time."""
        block = self.editor.document().findBlockByNumber(max(0, line - 1))
        text = block.text() if block.isValid() else ""
        start = len(text) - len(text.lstrip())
        self.show_error(message, line, start + 1, line, max(start + 2, len(text.rstrip()) + 1))
        self.status.setText(f"✖  {message}")

    def show_info(self, message: str) -> None:
        self.error = None
        self._set_error_marks([])
        self.status.setText(message)
        self.status.setStyleSheet("")
        self.status.setVisible(bool(message))

    def clear_error(self) -> None:
        self.error = None
        self._set_error_marks([])
        self.status.hide()

    # ------------------------------------------------------------------ program stepping
    def set_step_lines(self, current: int | None, linked: list[int] = ()) -> None:
        """Highlight the line the stepper is on (amber bar, scrolled into view) and the lines
        that made the nodes selected on the canvas (blue); None / [] clear them."""
        self.step_line = current
        self.linked_lines = sorted(set(linked))
        marks = []
        doc = self.editor.document()
        for line, colour in [(ln, QColor(59, 130, 246, 60)) for ln in self.linked_lines] + (
                [(current, QColor(245, 158, 11, 110))] if current else []):
            block = doc.findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(colour)
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            sel.cursor = QTextCursor(block)
            marks.append(sel)
        self._step_marks = marks
        self.editor.setExtraSelections(self._step_marks + self._error_marks)
        if current:
            block = doc.findBlockByNumber(current - 1)
            if block.isValid():
                # scroll to the line without moving the caret the user may be typing at
                bar = self.editor.verticalScrollBar()
                first, shown = bar.value(), self.editor.viewport().height() // max(
                    1, self.editor.fontMetrics().height())
                if not first <= current - 1 < first + shown - 1:
                    bar.setValue(max(0, current - 1 - shown // 3))

    def _set_error_marks(self, selections: list) -> None:
        self._error_marks = selections
        self.editor.setExtraSelections(self._step_marks + self._error_marks)

    def error_selections(self) -> list[tuple[int, int, int]]:
        """(line, column, length) of each underlined range, 1-based like ScriptError (for tests)."""
        out = []
        for sel in self.editor.extraSelections():
            if sel.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
                c = sel.cursor
                out.append((c.block().blockNumber() + 1, c.selectionStart() - c.block().position() + 1,
                            c.selectionEnd() - c.selectionStart()))
        return out

    def _text_edited(self) -> None:
        # textChanged also fires for re-highlighting (a theme switch): only real edits count.
        if self._setting_text or not self.is_edited():
            return
        if self.error is not None:
            # The text moved under the underline; keep the message, drop the stale marks.
            self._set_error_marks([])
        self.status.setText(tr("Edited — Apply (Ctrl+Return) to build the graph"))
        self.status.setStyleSheet("")
        self.status.show()
        self.error = None
