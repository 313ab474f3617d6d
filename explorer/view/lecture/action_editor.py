"""A small editor for one slide's actions: add, change, remove and reorder them.

Each action is one line of JSON (``{"do": "step", "phase": "backward", "index": 2}``), read with
``json.loads`` and validated by the lecture reader (:func:`explorer.model.lecture.parse_action`),
never evaluated. Before the edit is kept, the whole lecture with the new actions goes through
the same pre-flight as ``main.py check-lecture`` (every slide and step played headless), so a
class never meets an unknown node or a step that does not exist.
"""
from __future__ import annotations

import copy
import json

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QPushButton, QVBoxLayout, QWidget)

from explorer.model.lecture import Action, Lecture, LectureError, parse_action
from explorer.model.lecture_check import check_lecture
from explorer.view.i18n import tr_message

TEMPLATES: dict[str, dict] = {
    "forward": {"do": "forward"},
    "backward": {"do": "backward"},
    "step": {"do": "step", "phase": "backward", "index": 0},
    "highlight": {"do": "highlight", "nodes": []},
    "zoom": {"do": "zoom", "nodes": []},
    "set_value": {"do": "set_value", "node": "a", "value": [1.0]},
    "set_requires_grad": {"do": "set_requires_grad", "nodes": ["a"], "value": False},
    "set_gradient": {"do": "set_gradient", "value": [1.0]},
    "zero_grad": {"do": "zero_grad"},
    "load_example": {"do": "load_example", "name": "seed"},
    "load_script": {"do": "load_script", "source": "a = tensor([2.], requires_grad=True); Q = 3*a**2"},
}
_BIG = ("load_graph", "change_graph")   # graph data: shown in short, kept as captured


def action_text(action: Action) -> str:
    """One line for the list; captured graphs are summarised (they are edited on the canvas)."""
    if action.do in _BIG:
        data = action.args.get("document", action.args)
        nodes = data.get("nodes", []) if isinstance(data, dict) else []
        return json.dumps({"do": action.do, "nodes": f"… {len(nodes)}"}, ensure_ascii=False)
    return json.dumps(action.to_json(), ensure_ascii=False)


class ActionsDialog(QDialog):
    """Edits a copy of ``lecture.slides[row].actions``; :attr:`actions` holds the result."""

    def __init__(self, lecture: Lecture, row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slideActionsDialog")
        self.setWindowTitle(self.tr("Slide %1: actions").replace("%1", str(row + 1)))
        self.lecture, self.row = lecture, row
        self.actions: list[Action] = [Action(a.do, copy.deepcopy(a.args)) for a in lecture.slides[row].actions]
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("What the slide does, in order (one action per line):"), self))
        self.list = QListWidget(self)
        self.list.setObjectName("actionList")
        layout.addWidget(self.list, 1)
        row_buttons = QHBoxLayout()
        self.up_button = QPushButton("▲", self)
        self.up_button.setToolTip(self.tr("Move the action up"))
        self.down_button = QPushButton("▼", self)
        self.down_button.setToolTip(self.tr("Move the action down"))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        for w in (self.up_button, self.down_button, self.remove_button):
            row_buttons.addWidget(w)
        row_buttons.addStretch(1)
        layout.addLayout(row_buttons)
        edit_row = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("New action…"), None)
        for name in TEMPLATES:
            self.kind.addItem(name, name)
        self.text = QLineEdit(self)
        self.text.setObjectName("actionText")
        self.text.setPlaceholderText('{"do": "step", "phase": "backward", "index": 0}')
        self.add_button = QPushButton(self.tr("Add"), self)
        self.replace_button = QPushButton(self.tr("Replace"), self)
        for w in (self.kind, self.text, self.add_button, self.replace_button):
            edit_row.addWidget(w)
        edit_row.setStretch(1, 1)
        layout.addLayout(edit_row)
        self.error = QLabel(self)
        self.error.setObjectName("actionError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c92a2a;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(+1))
        self.remove_button.clicked.connect(self.remove)
        self.add_button.clicked.connect(lambda: self.put(replace=False))
        self.replace_button.clicked.connect(lambda: self.put(replace=True))
        self.kind.currentIndexChanged.connect(self._template)
        self.list.currentRowChanged.connect(self._selected)
        self.resize(640, 420)
        self._refresh(0 if self.actions else -1)

    # ------------------------------------------------------------------ list
    def _refresh(self, select: int) -> None:
        self.list.clear()
        for action in self.actions:
            self.list.addItem(action_text(action))
        if 0 <= select < self.list.count():
            self.list.setCurrentRow(select)

    def _selected(self, row: int) -> None:
        if 0 <= row < len(self.actions) and self.actions[row].do not in _BIG:
            self.text.setText(action_text(self.actions[row]))

    def _template(self, _index: int) -> None:
        name = self.kind.currentData()
        if name:
            self.text.setText(json.dumps(TEMPLATES[name], ensure_ascii=False))
            self.text.setFocus()

    def move(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < len(self.actions):
            return
        self.actions[row], self.actions[target] = self.actions[target], self.actions[row]
        self._refresh(target)

    def remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.actions):
            del self.actions[row]
            self._refresh(min(row, len(self.actions) - 1))

    def parse_text(self) -> Action | None:
        """The typed action, validated; None (and the reason shown) when it is not one."""
        try:
            obj = json.loads(self.text.text())
            action = parse_action(obj, self.row, self.list.currentRow() + 1)
        except json.JSONDecodeError as exc:
            self.error.setText(self.tr("Not JSON: %1").replace("%1", exc.msg))
            return None
        except LectureError as exc:
            self.error.setText(tr_message(str(exc)))
            return None
        self.error.clear()
        return action

    def put(self, replace: bool) -> bool:
        action = self.parse_text()
        if action is None:
            return False
        row = self.list.currentRow()
        if replace and 0 <= row < len(self.actions):
            self.actions[row] = action
            self._refresh(row)
        else:
            index = row + 1 if row >= 0 else len(self.actions)
            self.actions.insert(index, action)
            self._refresh(index)
        return True

    # ------------------------------------------------------------------ pre-flight
    def problems(self) -> list[str]:
        """check-lecture's problems with the new actions in place (empty = the class is safe)."""
        trial = copy.copy(self.lecture)
        trial.slides = list(self.lecture.slides)
        slide = copy.copy(trial.slides[self.row])
        slide.actions = list(self.actions)
        trial.slides[self.row] = slide
        if not trial.slides[0].loads_graph():
            return [self.tr("slide 1: the first slide must load a graph (load_example, load_script or load_graph)")]
        try:
            return check_lecture(trial)
        except LectureError as exc:
            return [str(exc)]

    def accept(self) -> None:  # noqa: D401 - Qt override
        problems = self.problems()
        if problems:
            more = self.tr(" (and %1 more)").replace("%1", str(len(problems) - 1)) if len(problems) > 1 else ""
            self.error.setText(tr_message(problems[0]) + more)
            return
        super().accept()
