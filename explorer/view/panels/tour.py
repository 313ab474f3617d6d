"""Help ▸ Getting started: a short interactive tour on the seed (build, run, freeze, step).

A small card floats over the canvas's top-right corner and says what to do next; each step
ends by itself when the user has done it (watched through the window's document and results),
or with Next. Skip closes it at any time. The launcher offers it once, on the first start.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

import resources
from explorer.view.i18n import tr
from explorer.view.lecture.extension import lecture_of
from explorer.view.settings import get_bool

OFFERED_KEY = "tour/offered"


def _steps() -> list[tuple[str, str]]:
    return [
        (tr("Build"), tr("This is the tutorial's Q = 3a³ − b². Add to it: click the canvas, press Tab, type "
                         "<b>R = Q * a</b> and press Enter. An expression adds its whole sub-graph.")),
        (tr("Run"), tr("Press <b>F5</b> (Backward). The leaves get their <code>.grad</code>, as "
                       "<code>Q.backward(gradient=…)</code> fills them in PyTorch.")),
        (tr("Freeze"), tr("Click the green <b>requires_grad</b> switch on leaf <b>b</b>: every branch that "
                          "no longer needs a gradient turns grey, <code>grad_fn=None</code>.")),
        (tr("Step"), tr("Press <b>Shift+→</b> to walk the forward and backward pass one node at a time, "
                        "with the chain rule in numbers below.")),
    ]


class TourPanel(QFrame):
    """The tour's card. ``done_checks[i]()`` says whether step i is done (checked on every
    document change and run result)."""

    def __init__(self, window) -> None:
        super().__init__(window.view)
        self.window = window
        self.setObjectName("tourPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#tourPanel { background: palette(base); border: 2px solid #f5a623;"
                           " border-radius: 8px; }")
        self.steps = _steps()
        self.index = 0
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setObjectName("tourTitle")
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        buttons = QHBoxLayout()
        self.skip = QPushButton(tr("Skip tour"), self)
        self.next = QPushButton(tr("Next"), self)
        self.skip.clicked.connect(self.finish)
        self.next.clicked.connect(self.advance)
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        buttons.addWidget(self.next)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(buttons)
        self._baseline = self._snapshot()
        self._pressed: set[str] = set()  # actions the user triggered during the current step
        self.done_checks: list[Callable[[], bool]] = [
            lambda: self._snapshot()[0] > self._baseline[0],                    # a node was added
            lambda: "backward" in self._pressed,                                # not Auto-run's
            lambda: self._snapshot()[1] < self._baseline[1],                    # a leaf frozen
            lambda: "step" in self._pressed,
        ]
        window.document.subscribe(self._on_change)
        window.results_changed.connect(self._on_change)
        window.actions["backward"].triggered.connect(self._backward_pressed)
        lecture = lecture_of(window)
        toolbar = lecture.toolbar if lecture is not None else None
        if toolbar is not None:
            for act in (toolbar.act_forward, toolbar.act_back, toolbar.act_play):
                act.triggered.connect(self._step_pressed)
        self._show_step()

    def _backward_pressed(self, *_args) -> None:
        self._pressed.add("backward")
        self._on_change()

    def _step_pressed(self, *_args) -> None:
        self._pressed.add("step")
        self._on_change()

    def _snapshot(self) -> tuple[int, int]:
        doc = self.window.document
        return (len(doc.nodes), sum(1 for n in doc.nodes.values() if n.kind == "leaf" and n.requires_grad))

    def _show_step(self) -> None:
        name, text = self.steps[self.index]
        self.title.setText(f"<b>{tr('Getting started')} · {self.index + 1}/{len(self.steps)} · {name}</b>")
        self.body.setText(text)
        self.next.setText(tr("Done") if self.index == len(self.steps) - 1 else tr("Next"))
        self._fit_text()
        self._place()
        self.show()
        self.raise_()

    def _fit_text(self) -> None:
        """As wide as the title's line and ~44 characters of the body at the current font
        scale (a fixed 340 px cut both at 200 %), as tall as the wrapped body needs."""
        margins = self.layout().contentsMargins()
        chrome = margins.left() + margins.right() + 2 * self.frameWidth()
        title = self.title.sizeHint().width()
        width = max(340, title + chrome, self.body.fontMetrics().averageCharWidth() * 44 + chrome)
        width = min(width, max(340, self.parentWidget().width() - 24))
        self.setFixedWidth(width)
        self.resize(width, self.layout().totalHeightForWidth(width))

    def _place(self) -> None:
        parent = self.parentWidget()
        self.move(max(0, parent.width() - self.width() - 12), 12)

    def _on_change(self, *_args) -> None:
        if self.isVisible() and self.done_checks[self.index]():
            self.advance()

    def advance(self) -> None:
        if self.index >= len(self.steps) - 1:
            self.finish()
            return
        self.index += 1
        self._baseline = self._snapshot()
        self._pressed.clear()
        self._show_step()

    def finish(self) -> None:
        self.hide()
        self.window.document.unsubscribe(self._on_change)
        signals = [(self.window.results_changed, self._on_change),
                   (self.window.actions["backward"].triggered, self._backward_pressed)]
        lecture = lecture_of(self.window)
        toolbar = lecture.toolbar if lecture is not None else None
        if toolbar is not None:
            signals += [(a.triggered, self._step_pressed) for a in (toolbar.act_forward, toolbar.act_back,
                                                                    toolbar.act_play)]
        for signal, slot in signals:
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self.deleteLater()
        if getattr(self.window, "tour", None) is self:
            self.window.tour = None


def start_tour(window, on_seed: bool = True) -> TourPanel | None:
    """Help ▸ Getting started: open the seed (asking to save changes first) and start the tour."""
    if not getattr(window, "ready", False):
        return None
    old = getattr(window, "tour", None)
    if old is not None:
        old.finish()
    if on_seed:
        if not window.open_example(resources.SEED_EXAMPLE):
            return None
    window.settings.setValue(OFFERED_KEY, True)
    window.tour = TourPanel(window)
    return window.tour


def offer_on_first_start(window) -> TourPanel | None:
    """The launcher calls this once the window is ready: the tour, the first time only."""
    if get_bool(window.settings, OFFERED_KEY, False):
        return None
    return start_tour(window, on_seed=False)
