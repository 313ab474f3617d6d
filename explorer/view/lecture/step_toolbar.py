"""The step-through toolbar: to start, step back, play/pause (with speed), step forward, to end,
and "Ops only" (forward steps visit op nodes only; leaves and constants are shown as known)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

SPEEDS = (0.5, 1.0, 2.0, 4.0)  # steps per second


class StepToolbar(QToolBar):
    """Buttons only; the controller does the work. ``speed_changed(float)`` in steps per second."""

    speed_changed = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Step-through"))
        self.setObjectName("stepToolbar")
        self.act_start = self._act(self.tr("|◀ Start"), self.tr("Jump to the start (before the forward pass)"), "Home")
        self.act_back = self._act(self.tr("◀ Step back"), self.tr("Step back one node"), "Shift+Left")
        self.act_play = self._act(self.tr("▶ Play"), self.tr("Play the steps one after another / pause"), "Ctrl+Space")
        self.act_play.setCheckable(True)
        self.act_forward = self._act(self.tr("Step ▶"), self.tr("Step forward one node"), "Shift+Right")
        self.act_end = self._act(self.tr("End ▶|"), self.tr("Jump to the end of the backward pass"), "End")
        self.act_ops_only = QAction(self.tr("Ops only"), self)
        self.act_ops_only.setObjectName("stepOpsOnly")
        self.act_ops_only.setCheckable(True)
        self.act_ops_only.setToolTip(self.tr("Step through op nodes only: leaves and constants are shown as already known"))
        self.addAction(self.act_ops_only)
        self.addSeparator()
        self.addWidget(QLabel(self.tr(" Speed "), self))
        self.speed = QComboBox(self)
        self.speed.setObjectName("stepSpeed")
        for s in SPEEDS:
            self.speed.addItem(self.tr("%1 steps/s").replace("%1", f"{s:g}"), s)
        self.speed.setCurrentIndex(1)
        self.speed.currentIndexChanged.connect(lambda _i: self.speed_changed.emit(float(self.speed.currentData())))
        self.addWidget(self.speed)
        self.addSeparator()
        self.position = QLabel(self)
        self.position.setObjectName("stepPosition")
        self.position.setMinimumWidth(self.position.fontMetrics().horizontalAdvance("M") * 30)
        self.addWidget(self.position)

    def _act(self, text: str, tip: str, shortcut: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(f"{tip} ({shortcut})")
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)
        return action

    def set_playing(self, playing: bool) -> None:
        self.act_play.setChecked(playing)
        self.act_play.setText(self.tr("❚❚ Pause") if playing else self.tr("▶ Play"))

    def speed_value(self) -> float:
        return float(self.speed.currentData())
