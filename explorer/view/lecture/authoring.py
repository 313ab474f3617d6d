"""Lecture authoring in the app: a lecturer never writes JSON by hand.

"Add current graph as slide" captures the window's graph (as an inline document), whether
forward/backward has run, the current step of a step-through, and the selected nodes (as the
slide's highlight). Slides can then be given a title and narration, reordered, deleted,
previewed in the window and saved as a lecture file.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from explorer.model.lecture import (Action, Lecture, LectureError, Slide, load_lecture,
                                    markdown_to_plain, save_lecture)
from explorer.view.i18n import tr_message

STEP_CHOICES = (None, "forward", "backward", "both")


def capture_actions(window, controller=None) -> list[Action]:
    """The actions that rebuild what the window shows now: graph, run state, step, selection."""
    from explorer.model import fileformat

    doc = window.document
    actions = [Action("load_graph", {"document": fileformat.to_data(doc)})]
    result = getattr(window, "last_result", None)
    stepper = controller._active_stepper() if controller is not None else None
    step = stepper.current if stepper is not None else None
    if (result is not None and getattr(result, "backward_ran", False)) or (step is not None and step.phase == "backward"):
        actions.append(Action("backward"))
    elif result is not None or step is not None:
        actions.append(Action("forward"))
    if step is not None and stepper is not None and not stepper.at_end:
        actions.append(Action("step", {"phase": step.phase, "index": step.index}))
    selected = [doc.nodes[n].name for n in window.scene.selected_ids() if n in doc.nodes]
    if selected:
        actions.append(Action("highlight", {"nodes": selected}))
    return actions


def describe_actions(actions: list[Action]) -> str:
    parts = []
    for a in actions:
        if a.do == "load_graph":
            n = len(a.args["document"].get("nodes", [])) if isinstance(a.args["document"], dict) else 0
            parts.append(f"graph ({n} nodes)")
        elif a.do == "load_example":
            parts.append(f"example '{a.args['name']}'")
        elif a.do == "load_script":
            parts.append("script")
        elif a.do == "step":
            parts.append(f"{a.args['phase']} step {a.args['index'] + 1 if a.args['index'] >= 0 else 'last'}")
        elif a.do in ("highlight", "zoom"):
            parts.append(f"{a.do} {', '.join(a.args['nodes']) or 'all'}")
        elif a.do == "set_value":
            parts.append(f"{a.args['node']} = …")
        elif a.do == "set_requires_grad":
            parts.append(f"requires_grad({', '.join(a.args['nodes'])}) = {a.args['value']}")
        else:
            parts.append(a.do)
    return " · ".join(parts)


class LectureAuthorPanel(QWidget):
    """Slides list + editor. ``lecture`` is the lecture being written; ``path`` where it is saved."""

    saved = Signal(str)

    def __init__(self, window, controller, parent=None) -> None:
        super().__init__(parent or window)
        self.setObjectName("lectureAuthorPanel")
        self.window = window
        self.controller = controller
        self.lecture = Lecture(self.tr("Untitled lecture"), [], "en", "")
        self.path: str | None = None
        self.dirty = False
        self._loading = False

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.lecture_title = QLineEdit(self.lecture.title, self)
        self.language = QComboBox(self)
        self.language.addItem("English", "en")
        self.language.addItem("한국어", "ko")
        form.addRow(self.tr("Lecture title"), self.lecture_title)
        form.addRow(self.tr("Language"), self.language)
        layout.addLayout(form)

        self.slides = QListWidget(self)
        self.slides.setObjectName("slideList")
        self.slides.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)  # drag to reorder
        self.slides.model().rowsMoved.connect(self._rows_moved)
        layout.addWidget(self.slides, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add current graph"), self)
        self.add_button.setToolTip(self.tr("Add the graph as it is now (values, run, current step, selection) as a new slide"))
        self.up_button = QPushButton("▲", self)
        self.up_button.setToolTip(self.tr("Move the slide up"))
        self.down_button = QPushButton("▼", self)
        self.down_button.setToolTip(self.tr("Move the slide down"))
        self.delete_button = QPushButton(self.tr("Delete"), self)
        for w in (self.add_button, self.up_button, self.down_button, self.delete_button):
            row.addWidget(w)
        layout.addLayout(row)

        editor = QFormLayout()
        self.slide_title = QLineEdit(self)
        self.narration = QPlainTextEdit(self)
        self.narration.setPlaceholderText(self.tr("Narration: **bold**, *italic*, `code`, lines starting with - are bullets"))
        self.step_through = QComboBox(self)
        for choice, label in zip(STEP_CHOICES, (self.tr("no stepping"), self.tr("forward pass"),
                                                self.tr("backward pass"), self.tr("forward and backward"))):
            self.step_through.addItem(label, choice)
        self.actions_label = QLabel(self)
        self.actions_label.setWordWrap(True)
        self.recapture_button = QPushButton(self.tr("Replace graph with current"), self)
        editor.addRow(self.tr("Title"), self.slide_title)
        editor.addRow(self.tr("Narration"), self.narration)
        editor.addRow(self.tr("Clicker steps"), self.step_through)
        editor.addRow(self.tr("Shows"), self.actions_label)
        editor.addRow("", self.recapture_button)
        layout.addLayout(editor, 1)

        row2 = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New"), self)
        self.open_button = QPushButton(self.tr("Open…"), self)
        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.preview_button.setToolTip(self.tr("Play the lecture in the window from the selected slide"))
        self.save_button = QPushButton(self.tr("Save…"), self)
        for w in (self.new_button, self.open_button, self.preview_button, self.save_button):
            row2.addWidget(w)
        layout.addLayout(row2)

        self.add_button.clicked.connect(self.add_current)
        self.up_button.clicked.connect(lambda: self.move_slide(-1))
        self.down_button.clicked.connect(lambda: self.move_slide(+1))
        self.delete_button.clicked.connect(self.delete_slide)
        self.recapture_button.clicked.connect(self.recapture)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(lambda: self.save())
        self.open_button.clicked.connect(self.open_dialog)
        self.new_button.clicked.connect(self.new_lecture)
        self.slides.currentRowChanged.connect(self._show_slide)
        self.slide_title.textEdited.connect(self._edited)
        self.narration.textChanged.connect(self._edited)
        self.step_through.currentIndexChanged.connect(lambda _i: self._edited())
        self.lecture_title.textEdited.connect(self._lecture_edited)
        self.language.currentIndexChanged.connect(lambda _i: self._lecture_edited())
        self._refresh_list()

    # ------------------------------------------------------------------ lecture-level
    def show_dock(self) -> None:
        dock = getattr(self.window, "docks", {}).get("lecture_author")
        if dock is not None:
            dock.show()
            dock.raise_()

    def set_lecture(self, lecture: Lecture, path: str | None = None) -> None:
        self._loading = True
        self.lecture, self.path, self.dirty = lecture, path, False
        self.lecture_title.setText(lecture.title)
        self.language.setCurrentIndex(max(0, self.language.findData(lecture.language)))
        self._loading = False
        self._refresh_list(0 if lecture.slides else -1)

    def new_lecture(self) -> None:
        self.set_lecture(Lecture(self.tr("Untitled lecture"), [], "en", ""), None)

    def open_dialog(self) -> None:
        from explorer.model.lecture import lectures_dir

        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open lecture to edit"), str(lectures_dir()),
                                              self.tr("Lectures (*.json)"))
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        try:
            self.set_lecture(load_lecture(path), path)
        except LectureError as exc:
            QMessageBox.warning(self, self.tr("Could not open lecture"), tr_message(str(exc)))
            return False
        return True

    def _lecture_edited(self) -> None:
        if self._loading:
            return
        self.lecture.title = self.lecture_title.text().strip() or self.tr("Untitled lecture")
        self.lecture.language = self.language.currentData() or "en"
        self.dirty = True

    # ------------------------------------------------------------------ slides
    def current_row(self) -> int:
        return self.slides.currentRow()

    def add_current(self) -> Slide:
        """Add the window's current state as a new slide after the selected one."""
        slide = Slide(self.tr("Slide %1").replace("%1", str(len(self.lecture.slides) + 1)), "",
                      capture_actions(self.window, self.controller))
        row = self.current_row()
        index = row + 1 if row >= 0 else len(self.lecture.slides)
        self.lecture.slides.insert(index, slide)
        self.dirty = True
        self._refresh_list(index)
        self.show_dock()
        self.slide_title.setFocus()
        self.slide_title.selectAll()
        return slide

    def recapture(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.lecture.slides[row].actions = capture_actions(self.window, self.controller)
        self.dirty = True
        self._show_slide(row)

    def move_slide(self, delta: int) -> None:
        row = self.current_row()
        target = row + delta
        if row < 0 or not 0 <= target < len(self.lecture.slides):
            return
        slides = self.lecture.slides
        slides[row], slides[target] = slides[target], slides[row]
        self.dirty = True
        self._refresh_list(target)

    def _rows_moved(self, _parent, start: int, end: int, _dest, row: int) -> None:
        if self._loading:
            return
        slides = self.lecture.slides
        moved = slides[start:end + 1]
        del slides[start:end + 1]
        target = row if row <= start else row - len(moved)
        slides[target:target] = moved
        self.dirty = True
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: self._refresh_list(target))  # renumber after the drop

    def delete_slide(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        del self.lecture.slides[row]
        self.dirty = True
        self._refresh_list(min(row, len(self.lecture.slides) - 1))

    def _refresh_list(self, select: int | None = None) -> None:
        self._loading = True
        self.slides.clear()
        for i, slide in enumerate(self.lecture.slides):
            item = QListWidgetItem(f"{i + 1}. {slide.title}")
            item.setToolTip(markdown_to_plain(slide.narration)[:300])
            self.slides.addItem(item)
        self._loading = False
        if select is not None and 0 <= select < self.slides.count():
            self.slides.setCurrentRow(select)
        self._show_slide(self.slides.currentRow())
        has = self.slides.count() > 0
        for w in (self.delete_button, self.up_button, self.down_button, self.preview_button,
                  self.save_button, self.recapture_button, self.slide_title, self.narration, self.step_through):
            w.setEnabled(has)

    def _show_slide(self, row: int) -> None:
        self._loading = True
        try:
            if 0 <= row < len(self.lecture.slides):
                slide = self.lecture.slides[row]
                self.slide_title.setText(slide.title)
                if self.narration.toPlainText() != slide.narration:
                    self.narration.setPlainText(slide.narration)
                self.step_through.setCurrentIndex(STEP_CHOICES.index(slide.step_through))
                self.actions_label.setText(describe_actions(slide.actions))
            else:
                self.slide_title.clear()
                self.narration.clear()
                self.step_through.setCurrentIndex(0)
                self.actions_label.clear()
        finally:
            self._loading = False

    def _edited(self) -> None:
        if self._loading:
            return
        row = self.current_row()
        if row < 0:
            return
        slide = self.lecture.slides[row]
        slide.title = self.slide_title.text()
        slide.narration = self.narration.toPlainText()
        slide.step_through = self.step_through.currentData()
        self.dirty = True
        item = self.slides.item(row)
        if item is not None:
            item.setText(f"{row + 1}. {slide.title}")

    # ------------------------------------------------------------------ preview / save
    def preview(self) -> bool:
        if not self.lecture.slides:
            return False
        if not self.lecture.slides[0].loads_graph():
            QMessageBox.warning(self, self.tr("Cannot preview"),
                                self.tr("The first slide must show a graph; add the current graph as the first slide."))
            return False
        return self.controller.play(self.lecture, self.path, start=max(0, self.current_row()))

    def save(self, path: str | None = None) -> bool:
        if path is None:
            path = self.path
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save lecture"), str(Path.home() / "lecture.json"),
                                                  self.tr("Lectures (*.json)"))
            if not path:
                return False
            if not path.lower().endswith(".json"):
                path += ".json"
        try:
            save_lecture(self.lecture, path)
        except LectureError as exc:
            QMessageBox.warning(self, self.tr("Could not save lecture"), tr_message(str(exc)))
            return False
        self.path, self.dirty = path, False
        self.saved.emit(path)
        return True
