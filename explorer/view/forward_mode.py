"""Forward mode (JVP) in the window's step-through, beside reverse mode on the same graph.

A row in the step-through toolbar turns it on and holds the tangent ``t``: which leaf carries
it (default: the selected leaf, else the first that requires grad) and its values (default:
ones; editable, e.g. ``[1., 0.]`` or one number for every element).  While it is on:

* each forward step shows, under the node's card, its tangent ``ṫ`` beside the value, and in
  the chain-rule panel the JVP rule in numbers (``∂u/∂a · ȧ = 3·a² · [1., 1.] = [12., 27.]``);
* at the end of the backward pass the chain-rule panel shows ``⟨v, J·t⟩ = ⟨Jᵀv, t⟩`` with both
  numbers: the root's tangent from forward mode, the leaves' ``.grad`` from reverse mode.

The numbers come from :mod:`explorer.model.forward_mode`; this module only shows them.  It
follows the lecture controller (``changed`` after every step) and never moves the steps itself.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QCheckBox, QComboBox, QGraphicsItem, QHBoxLayout, QLabel, QLineEdit, QWidget

from explorer.model import forward_mode as fm
from explorer.model.numbers import format_array
from explorer.view import theme
from explorer.view.i18n import tr, tr_message
from explorer.view.lecture.extension import lecture_of
from explorer.view.panels.literals import LiteralError, literal_text, parse_array
from explorer.view.window.context import context_of

# The notes the model puts after a line (explorer.model.forward_mode.NOTES), as tr() literals
# so the translation tools collect them.
_NOTES = {
    "the tangent you chose": lambda: tr("the tangent you chose"),
    "a constant": lambda: tr("a constant"),
    "no tangent was put on it": lambda: tr("no tangent was put on it"),
    "not computed": lambda: tr("not computed"),
    "no input carries a tangent": lambda: tr("no input carries a tangent"),
    "the inputs' shares are summed": lambda: tr("the inputs' shares are summed"),
    "the gradient passed to backward": lambda: tr("the gradient passed to backward"),
    "implicit gradient of a scalar root": lambda: tr("implicit gradient of a scalar root"),
    "forward mode": lambda: tr("forward mode"),
    "reverse mode": lambda: tr("reverse mode"),
}


def line_text(line: tuple[str, str]) -> str:
    """A model line with its note translated: ``ȧ = [1., 1.]  (the tangent you chose)``."""
    math, note = line
    if not note:
        return math
    translate = _NOTES.get(note)
    return f"{math}  ({translate() if translate else note})"


class TangentBadgeItem(QGraphicsItem):
    """``ṫ = [12., 27.]`` in a small box under a card (a child of the card: it moves with it)."""

    def __init__(self, text: str, card: QGraphicsItem) -> None:
        super().__init__(card)
        self.text = text
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        rect = card.boundingRect()
        self.setPos(rect.left() + 10, rect.bottom() + 2)

    def boundingRect(self) -> QRectF:  # noqa: N802
        fm_ = QFontMetricsF(theme.font("mono"))
        return QRectF(0, 0, fm_.horizontalAdvance(self.text) + 12, fm_.height() + 6)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        t = theme.current()
        rect = self.boundingRect()
        painter.setPen(QPen(QColor(t.accumulate), 1))
        painter.setBrush(QBrush(QColor(t.card)))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setFont(theme.font("mono"))
        painter.setPen(QColor(t.accumulate))
        painter.drawText(rect.adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignVCenter, self.text)


class ForwardModeBar(QWidget):
    """The switch, the leaf that carries the tangent and its values."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("forwardModeBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.switch = QCheckBox(tr("Forward mode (JVP)"), self)
        self.switch.setObjectName("forwardModeSwitch")
        self.switch.setToolTip(tr("Step the forward pass with a tangent t beside the values: each "
                                  "node shows J·t; at the end ⟨v, J·t⟩ = ⟨Jᵀv, t⟩ with reverse mode"))
        self.leaf_label = QLabel(tr("tangent on"), self)
        self.leaf = QComboBox(self)
        self.leaf.setObjectName("forwardModeLeaf")
        self.values = QLineEdit(self)
        self.values.setObjectName("forwardModeTangent")
        self.values.setToolTip(tr("The tangent's values: a list such as [1., 0.], or one number for every element"))
        self.values.setMinimumWidth(self.values.fontMetrics().horizontalAdvance("M") * 10)
        self.values.setMaximumWidth(self.values.fontMetrics().horizontalAdvance("M") * 22)
        self.problem = QLabel(self)
        self.problem.setObjectName("forwardModeProblem")
        self.problem.setStyleSheet(f"color: {theme.current().error}")
        for w in (self.switch, self.leaf_label, self.leaf, self.values, self.problem):
            layout.addWidget(w)
        self.set_editing_enabled(False)

    def set_editing_enabled(self, on: bool) -> None:
        for w in (self.leaf_label, self.leaf, self.values):
            w.setEnabled(on)


class ForwardModeController(QObject):
    """Keeps the tangent, and after every step shows the forward-mode numbers."""

    def __init__(self, window, lecture_controller, chain_panel, bar: ForwardModeBar) -> None:
        super().__init__(window)
        self.window, self.lectures, self.chain_panel, self.bar = window, lecture_controller, chain_panel, bar
        self.enabled = False
        self.tangents: dict[str, np.ndarray] = {}
        self._cache: tuple[Any, list[fm.TangentStep]] | None = None
        self._badges: list[TangentBadgeItem] = []
        bar.switch.toggled.connect(self.set_enabled)
        bar.leaf.activated.connect(lambda _i: self.choose_leaf(bar.leaf.currentData()))
        bar.values.editingFinished.connect(lambda: self.set_tangent_text(bar.values.text()))
        lecture_controller.changed.connect(self.refresh)

    # ------------------------------------------------------------------ the tangent
    @property
    def document(self):
        return self.window.document

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        if self.bar.switch.isChecked() != self.enabled:
            self.bar.switch.setChecked(self.enabled)   # comes back here once, then stops
            return
        self.bar.set_editing_enabled(self.enabled)
        if self.enabled and not self._tangent_is_valid():
            selected = [n for n in self.window.scene.selected_ids() if n in fm.tangent_leaves(self.document)]
            self.tangents = fm.default_tangents(self.document, selected[0] if selected else None)
        self._sync_bar()
        self.refresh()

    def choose_leaf(self, nid: str | None) -> None:
        """Put the tangent on leaf ``nid`` (ones, as the default)."""
        if nid is None or nid not in fm.tangent_leaves(self.document):
            return
        self.tangents = fm.default_tangents(self.document, nid)
        self._sync_bar()
        self.refresh()

    def set_tangent_text(self, text: str) -> bool:
        """Read the typed tangent (safe literal parsing, never eval); one clear line if bad."""
        if not self.tangents:
            return False
        nid = next(iter(self.tangents))
        try:
            value = fm.fit_tangent(self.document, nid, parse_array(text, "float64"))
        except (LiteralError, ValueError) as exc:
            self.bar.problem.setText(tr_message(str(exc)))
            return False
        self.bar.problem.setText("")
        if not np.array_equal(value, self.tangents[nid]):
            self.tangents = {nid: value}
            self.refresh()
        self._sync_bar()
        return True

    def _tangent_is_valid(self) -> bool:
        leaves = fm.tangent_leaves(self.document)
        return bool(self.tangents) and all(
            n in leaves and np.shape(self.document.nodes[n].value) == np.shape(t) for n, t in self.tangents.items())

    def _sync_bar(self) -> None:
        combo = self.bar.leaf
        combo.blockSignals(True)
        combo.clear()
        for nid in fm.tangent_leaves(self.document):
            combo.addItem(self.document.nodes[nid].name, nid)
        if self.tangents:
            nid, value = next(iter(self.tangents.items()))
            combo.setCurrentIndex(max(0, combo.findData(nid)))
            if not self.bar.values.hasFocus():
                self.bar.values.setText(literal_text(value))
        combo.blockSignals(False)

    # ------------------------------------------------------------------ showing it
    def steps(self) -> list[fm.TangentStep]:
        """The forward-mode records for the current document and tangent (cached per step-through)."""
        stepper = self.lectures.active_stepper
        key = (stepper, len(stepper) if stepper is not None else 0,
               tuple((n, t.tobytes()) for n, t in self.tangents.items()))
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, fm.tangent_steps(self.document, self.tangents))
        return self._cache[1]

    def refresh(self) -> None:
        self._clear_badges()
        self.chain_panel.set_extra_lines([])
        stepper = self.lectures.active_stepper
        if not self.enabled or stepper is None:
            return
        if not self._tangent_is_valid():
            self.tangents = fm.default_tangents(self.document)
            self._sync_bar()
            if not self.tangents:
                self.bar.problem.setText(tr("no leaf requires grad: nothing to put a tangent on"))
                return
        try:
            steps = self.steps()
        except Exception as exc:  # noqa: BLE001 - a panel's text must never break stepping
            self.bar.problem.setText(tr_message(str(exc)))
            return
        current = stepper.current
        if current is None:
            return
        by_id = {s.node_id: s for s in steps}
        reached = ({s.node_id for s in [*stepper.known, *stepper.forward[:current.index + 1]]}
                   if current.phase == "forward"
                   else set(by_id))
        self._show_badges([by_id[n] for n in reached if n in by_id])
        leaf = self.document.nodes[next(iter(self.tangents))].name
        heading = tr("Forward mode (JVP), tangent on {name}:").format(name=leaf)
        if current.phase == "forward" and current.node_id in by_id:
            self.chain_panel.set_extra_lines(["", heading, *(line_text(x) for x in by_id[current.node_id].lines)])
        elif stepper.at_end and stepper.backward:
            self.chain_panel.set_extra_lines(["", *self.identity_lines(steps, stepper)])

    def identity_lines(self, steps: list[fm.TangentStep], stepper) -> list[str]:
        """``⟨v, J·t⟩ = ⟨Jᵀv, t⟩`` with the forward and the reverse numbers, and the verdict."""
        reverse: dict[str, np.ndarray] = {}
        for s in stepper.backward:
            if s.kind == "accumulate" and s.grad is not None:   # what this pass added to .grad
                reverse[s.node_id] = reverse.get(s.node_id, 0) + np.asarray(s.grad, dtype=np.float64)
        check = fm.duality(self.document, steps, self.tangents, self.document.root_gradient, reverse)
        if check is None:
            return []
        numbers = {"forward": fm.format_number(check.forward_value), "reverse": fm.format_number(check.reverse_value)}
        verdict = (tr("⟨v, J·t⟩ = {forward} = ⟨Jᵀv, t⟩ = {reverse}: forward and reverse mode agree") if check.agree
                   else tr("⟨v, J·t⟩ = {forward} ≠ ⟨Jᵀv, t⟩ = {reverse}: forward and reverse mode disagree"))
        verdict = verdict.format(**numbers)
        return [tr("Forward mode meets reverse mode:"), *(line_text(x) for x in check.lines), verdict]

    def _show_badges(self, steps: list[fm.TangentStep]) -> None:
        items = getattr(self.window.scene, "node_items", {})
        for s in steps:
            card = items.get(s.node_id)
            if card is None or s.tangent is None:
                continue
            self._badges.append(TangentBadgeItem(f"{fm.dot(s.name)} = {format_array(s.tangent)}", card))

    def _clear_badges(self) -> None:
        for badge in self._badges:
            try:
                scene = badge.scene()
                if scene is not None:
                    scene.removeItem(badge)
            except RuntimeError:   # the card (and so its badge) was deleted with a rebuilt scene
                pass
        self._badges = []

    def badge_texts(self) -> dict[str, str]:
        """What the cards show now (node id -> badge text), for tests and screenshots."""
        out = {}
        for b in self._badges:
            try:
                out[b.parentItem().node_id] = b.text
            except (RuntimeError, AttributeError):
                pass
        return out


def install(target) -> ForwardModeController | None:
    """Add forward mode to the step-through toolbar of a window (after lecture mode), registered
    with its context as "forward_mode"; the lecture extension's parts come from the context too
    (:func:`~explorer.view.lecture.extension.lecture_of`)."""
    ctx = context_of(target)
    window = ctx.window
    lecture = lecture_of(ctx)
    if lecture is None:
        return None
    lectures, toolbar, panel = lecture.controller, lecture.toolbar, lecture.chain_panel
    bar = ForwardModeBar(toolbar)
    toolbar.addSeparator()
    toolbar.addWidget(bar)
    return ctx.register("forward_mode", ForwardModeController(window, lectures, panel, bar))
