"""Lecture authoring in the app: a lecturer never writes JSON by hand.

"Add current graph as slide" captures the window's graph, whether forward/backward has run, the
current step of a step-through, and the selected nodes (as the slide's highlight). The graph is
stored as the changes from the previous slide's graph (``change_graph``), so changing an early
slide's graph carries through to the later ones. Slides can then be given a title, narration
(previewed as it will look) and speaker notes, duplicated, reordered (buttons or drag), deleted,
have their actions edited (:mod:`action_editor`) and annotations placed on the canvas (arrows,
boxes, text; dragged into place), previewed in the window and saved as a lecture file.
Selecting a slide shows a picture of its graph under the list.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout,
                               QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPlainTextEdit, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from explorer.model.lecture import (Lecture, LectureError, LecturePlayer, Slide, lectures_dir, load_lecture,
                                    markdown_to_html, markdown_to_plain, save_lecture)
from explorer.model.lecture_annotations import MAX_ANNOTATION_TEXT, MAX_ANNOTATIONS, Annotation
from explorer.model.lecture_changes import migrate_full_copies, rearrange_slides
from explorer.view.i18n import tr_message
from explorer.view.lecture.action_editor import ActionsDialog
from explorer.view.lecture.annotations import AnnotationLayer, PenTool
from explorer.view.lecture.capture import capture_actions, describe_actions, graph_after
from explorer.view.lecture.slide_preview import SlideRenderer

STEP_CHOICES = (None, "forward", "backward", "both")


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
        self.annotation_layer = AnnotationLayer()   # the selected slide's, draggable on the canvas
        self.pen_tool = None                        # freehand drawing (annotations.PenTool), made on first use

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
        self.duplicate_button = QPushButton(self.tr("Duplicate"), self)
        self.duplicate_button.setToolTip(self.tr("Add a copy of the selected slide after it"))
        self.up_button = QPushButton("▲", self)
        self.up_button.setToolTip(self.tr("Move the slide up"))
        self.down_button = QPushButton("▼", self)
        self.down_button.setToolTip(self.tr("Move the slide down"))
        self.delete_button = QPushButton(self.tr("Delete"), self)
        for w in (self.add_button, self.duplicate_button, self.up_button, self.down_button, self.delete_button):
            row.addWidget(w)
        layout.addLayout(row)

        self.tabs = QTabWidget(self)
        # --- text: title, narration and how it will look
        text_tab = QWidget(self)
        editor = QFormLayout(text_tab)
        self.slide_title = QLineEdit(self)
        self.narration = QPlainTextEdit(self)
        self.narration.setPlaceholderText(self.tr("Narration: **bold**, *italic*, `code`, lines starting with - are bullets"))
        self.narration_preview = QTextBrowser(self)
        self.narration_preview.setObjectName("narrationPreview")
        self.narration_preview.setOpenLinks(False)
        editor.addRow(self.tr("Title"), self.slide_title)
        editor.addRow(self.tr("Narration"), self.narration)
        editor.addRow(self.tr("Looks like"), self.narration_preview)
        self.tabs.addTab(text_tab, self.tr("Text"))
        # --- speaker notes: only the presenter view shows them
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("speakerNotes")
        self.notes.setPlaceholderText(self.tr("Speaker notes: only you see them, in the presenter view"))
        self.tabs.addTab(self.notes, self.tr("Notes"))
        # --- graph: a picture of the slide, what it does, clicker steps, annotations
        graph_tab = QWidget(self)
        g = QFormLayout(graph_tab)
        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName("slideThumbnail")
        self.thumbnail.setFixedHeight(140)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step_through = QComboBox(self)
        for choice, label in zip(STEP_CHOICES, (self.tr("no stepping"), self.tr("forward pass"),
                                                self.tr("backward pass"), self.tr("forward and backward"))):
            self.step_through.addItem(label, choice)
        self.actions_label = QLabel(self)
        self.actions_label.setWordWrap(True)
        self.edit_actions_button = QPushButton(self.tr("Edit actions…"), self)
        self.recapture_button = QPushButton(self.tr("Replace graph with current"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_actions_button)
        buttons.addWidget(self.recapture_button)
        notes_row = QHBoxLayout()
        self.arrow_button = QPushButton(self.tr("Arrow"), self)
        self.box_button = QPushButton(self.tr("Box"), self)
        self.text_button = QPushButton(self.tr("Text"), self)
        self.pen_button = QPushButton(self.tr("Pen"), self)
        self.pen_button.setCheckable(True)
        self.remove_annotation_button = QPushButton(self.tr("Remove last"), self)
        for w in (self.arrow_button, self.box_button, self.text_button, self.pen_button, self.remove_annotation_button):
            w.setToolTip(self.tr("Annotations are placed in the middle of the canvas; drag them into place, "
                                 "drag an arrow's end or a box's corner to resize"))
            notes_row.addWidget(w)
        self.pen_button.setToolTip(self.tr("Draw freehand on the canvas while this is on"))
        g.addRow(self.thumbnail)
        g.addRow(self.tr("Shows"), self.actions_label)
        g.addRow(buttons)
        self.ops_only = QCheckBox(self.tr("ops only"), self)
        self.ops_only.setToolTip(self.tr("Step through op nodes only: leaves and constants are shown as already known"))
        steps_row = QHBoxLayout()
        steps_row.addWidget(self.step_through, 1)
        steps_row.addWidget(self.ops_only)
        g.addRow(self.tr("Clicker steps"), steps_row)
        g.addRow(self.tr("Annotations"), notes_row)
        self.tabs.addTab(graph_tab, self.tr("Graph"))
        layout.addWidget(self.tabs, 2)

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
        self.duplicate_button.clicked.connect(self.duplicate_slide)
        self.up_button.clicked.connect(lambda: self.move_slide(-1))
        self.down_button.clicked.connect(lambda: self.move_slide(+1))
        self.delete_button.clicked.connect(self.delete_slide)
        self.recapture_button.clicked.connect(self.recapture)
        self.edit_actions_button.clicked.connect(lambda: self.edit_actions())
        self.arrow_button.clicked.connect(lambda: self.add_annotation("arrow"))
        self.box_button.clicked.connect(lambda: self.add_annotation("box"))
        self.text_button.clicked.connect(lambda: self.add_annotation("text"))
        self.remove_annotation_button.clicked.connect(self.remove_annotation)
        self.pen_button.toggled.connect(self.set_pen)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(lambda: self.save())
        self.open_button.clicked.connect(self.open_dialog)
        self.new_button.clicked.connect(self.new_lecture)
        self.slides.currentRowChanged.connect(self._show_slide)
        self.slide_title.textEdited.connect(self._edited)
        self.narration.textChanged.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self.step_through.currentIndexChanged.connect(lambda _i: self._edited())
        self.ops_only.toggled.connect(lambda _c: self._edited())
        self.lecture_title.textEdited.connect(self._lecture_edited)
        self.language.currentIndexChanged.connect(lambda _i: self._lecture_edited())
        self._refresh_list()

    # ------------------------------------------------------------------ lecture-level
    def show_dock(self) -> None:
        dock = getattr(self.window, "docks", {}).get("lecture_author")
        if dock is not None:
            dock.show()
            dock.raise_()
        self._show_annotations()

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
        """Add the window's current state as a new slide after the selected one, stored as the
        changes from the graph of the slide before it."""
        row = self.current_row()
        n = len(self.lecture.slides)
        index = row + 1 if row >= 0 else n
        slide = Slide(self.tr("Slide %1").replace("%1", str(n + 1)), "", capture_actions(self.window, self.controller))
        self.lecture.slides.append(slide)
        # in its place, the slide after it rebased on it; then its full copy becomes changes
        self._rearranged(list(range(index)) + [n] + list(range(index, n)), index)
        migrate_full_copies(self.lecture, LecturePlayer(self.lecture))
        self._show_slide(index)
        self.show_dock()
        self.slide_title.setFocus()
        self.slide_title.selectAll()
        return slide

    def recapture(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        base = graph_after(self.lecture, row - 1) if row > 0 else None
        self.lecture.slides[row].actions = capture_actions(self.window, self.controller, base)
        if row == 0 and not self.lecture.slides[0].loads_graph():
            self.lecture.slides[0].actions.insert(0, capture_actions(self.window, self.controller)[0])
        self.dirty = True
        self._show_slide(row)

    def _rearranged(self, order: list[int], select: int) -> None:
        """Apply a new slide order (old indices; repeated = copy) keeping every slide's graph."""
        rearrange_slides(self.lecture, order, LecturePlayer)
        self.dirty = True
        self._refresh_list(select)

    def duplicate_slide(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        order = list(range(len(self.lecture.slides)))
        order.insert(row + 1, row)
        self._rearranged(order, row + 1)

    def move_slide(self, delta: int) -> None:
        row = self.current_row()
        target = row + delta
        if row < 0 or not 0 <= target < len(self.lecture.slides):
            return
        order = list(range(len(self.lecture.slides)))
        order[row], order[target] = order[target], order[row]
        self._rearranged(order, target)

    def _rows_moved(self, _parent, start: int, end: int, _dest, row: int) -> None:
        if self._loading:
            return
        order = list(range(len(self.lecture.slides)))
        moved = order[start:end + 1]
        del order[start:end + 1]
        target = row if row <= start else row - len(moved)
        order[target:target] = moved
        rearrange_slides(self.lecture, order, LecturePlayer)
        self.dirty = True
        QTimer.singleShot(0, lambda: self._refresh_list(target))  # renumber after the drop

    def delete_slide(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        order = [i for i in range(len(self.lecture.slides)) if i != row]
        self._rearranged(order, min(row, len(order) - 1))

    def edit_actions(self, dialog_hook=None) -> bool:
        """Open the actions editor for the selected slide; True when the edit was kept.
        (``dialog_hook(dialog)`` lets a test drive the dialog before it is shown.)"""
        row = self.current_row()
        if row < 0:
            return False
        dialog = ActionsDialog(self.lecture, row, self)
        if dialog_hook is not None:
            accepted = dialog_hook(dialog)
        else:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if not accepted:
            return False
        self.lecture.slides[row].actions = dialog.actions
        self.dirty = True
        self._show_slide(row)
        return True

    # ------------------------------------------------------------------ annotations
    def add_annotation(self, kind: str, text: str | None = None) -> Annotation | None:
        """An arrow, box or text in the middle of the visible canvas (scene coordinates)."""
        row = self.current_row()
        if row < 0:
            return None
        slide = self.lecture.slides[row]
        if len(slide.annotations) >= MAX_ANNOTATIONS:
            return None
        if kind == "text" and text is None:
            text, ok = QInputDialog.getText(self, self.tr("Text annotation"), self.tr("Text:"))
            if not ok or not text.strip():
                return None
        view = self.window.view
        c = view.mapToScene(view.viewport().rect().center())
        x, y = round(c.x()), round(c.y())
        if kind == "arrow":
            annotation = Annotation("arrow", x - 160, y - 80, x2=x, y2=y)
        elif kind == "box":
            annotation = Annotation("box", x - 120, y - 60, w=240, h=120)
        else:
            annotation = Annotation("text", x, y, text=(text or "").strip()[:MAX_ANNOTATION_TEXT])
        slide.annotations.append(annotation)
        self.dirty = True
        self._show_slide(row)
        return annotation

    def remove_annotation(self) -> None:
        row = self.current_row()
        if row >= 0 and self.lecture.slides[row].annotations:
            self.lecture.slides[row].annotations.pop()
            self.dirty = True
            self._show_slide(row)

    def set_pen(self, on: bool) -> None:
        """Freehand drawing on the canvas (each stroke becomes a pen annotation of the slide)."""
        on = bool(on) and self.current_row() >= 0
        if self.pen_tool is None and on:
            self.pen_tool = PenTool(self.window.view, self._pen_stroke)
        if self.pen_tool is not None:
            self.pen_tool.set_active(on)
        if self.pen_button.isChecked() != on:
            self.pen_button.setChecked(on)

    def _pen_stroke(self, annotation: Annotation) -> None:
        row = self.current_row()
        if row < 0 or len(self.lecture.slides[row].annotations) >= MAX_ANNOTATIONS:
            return
        self.lecture.slides[row].annotations.append(annotation)
        self.dirty = True
        self._show_slide(row)

    def _annotation_resized(self, item, old: Annotation, new: Annotation) -> None:
        row = self.current_row()
        if row < 0:
            return
        annotations = self.lecture.slides[row].annotations
        for k, a in enumerate(annotations):
            if a is old:
                annotations[k] = new
                self.dirty = True
        QTimer.singleShot(0, lambda: self._show_slide(self.current_row()))   # not inside the item's own event

    def _annotation_moved(self, item, dx: float, dy: float) -> None:
        row = self.current_row()
        if row < 0:
            return
        annotations = self.lecture.slides[row].annotations
        for k, a in enumerate(annotations):
            if a is item.annotation:
                annotations[k] = a.moved(round(dx), round(dy))
                self.dirty = True
        QTimer.singleShot(0, lambda: self._show_slide(self.current_row()))   # not inside the item's own event

    def _show_annotations(self) -> None:
        """The selected slide's annotations on the window's canvas, draggable, while the slides
        dock is open and no lecture is playing (the player shows its own)."""
        dock = getattr(self.window, "docks", {}).get("lecture_author")
        row = self.current_row()
        playing = getattr(self.controller, "active", False)
        if dock is not None and dock.isVisible() and not playing and 0 <= row < len(self.lecture.slides):
            self.annotation_layer.show(self.window.scene, list(self.lecture.slides[row].annotations),
                                       self._annotation_moved, self._annotation_resized)
        else:
            self.annotation_layer.clear()
            self.set_pen(False)

    # ------------------------------------------------------------------ list and editor
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
        for w in (self.delete_button, self.duplicate_button, self.up_button, self.down_button, self.preview_button,
                  self.save_button, self.recapture_button, self.edit_actions_button, self.slide_title,
                  self.narration, self.notes, self.step_through, self.ops_only, self.arrow_button, self.box_button,
                  self.text_button, self.pen_button, self.remove_annotation_button):
            w.setEnabled(has)
        if not has:
            self.set_pen(False)

    def _show_slide(self, row: int) -> None:
        self._loading = True
        try:
            if 0 <= row < len(self.lecture.slides):
                slide = self.lecture.slides[row]
                self.slide_title.setText(slide.title)
                if self.narration.toPlainText() != slide.narration:
                    self.narration.setPlainText(slide.narration)
                if self.notes.toPlainText() != slide.notes:
                    self.notes.setPlainText(slide.notes)
                self.step_through.setCurrentIndex(STEP_CHOICES.index(slide.step_through))
                self.ops_only.setChecked(self.lecture.ops_only(row))
                self.actions_label.setText(describe_actions(slide.actions))
            else:
                self.slide_title.clear()
                self.narration.clear()
                self.notes.clear()
                self.step_through.setCurrentIndex(0)
                self.actions_label.clear()
        finally:
            self._loading = False
        self.narration_preview.setHtml(markdown_to_html(self.narration.toPlainText()))
        self._show_thumbnail(row)
        self._show_annotations()

    def _show_thumbnail(self, row: int) -> None:
        """Selecting a slide shows its graph (played off screen; the window's graph stays)."""
        self.thumbnail.clear()
        self.thumbnail.setToolTip("")
        if not 0 <= row < len(self.lecture.slides) or not self.lecture.slides[0].loads_graph():
            return
        renderer = SlideRenderer(self.lecture)
        try:
            image = renderer.render(row, (640, 360))
        finally:
            renderer.close()
        if image is None:
            self.thumbnail.setText(tr_message(renderer.error or ""))
            return
        width = max(200, min(self.thumbnail.width(), 480))
        self.thumbnail.setPixmap(QPixmap.fromImage(image).scaled(width, 140, Qt.AspectRatioMode.KeepAspectRatio,
                                                                 Qt.TransformationMode.SmoothTransformation))

    def _edited(self) -> None:
        if self._loading:
            return
        row = self.current_row()
        if row < 0:
            return
        slide = self.lecture.slides[row]
        slide.title = self.slide_title.text()
        slide.narration = self.narration.toPlainText()
        slide.notes = self.notes.toPlainText()
        slide.step_through = self.step_through.currentData()
        # stored on the slide only where it differs from the lecture's choice
        ops = self.ops_only.isChecked()
        slide.step_ops_only = None if ops == self.lecture.step_ops_only else ops
        self.dirty = True
        self.narration_preview.setHtml(markdown_to_html(slide.narration))
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
        self.annotation_layer.clear()
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
