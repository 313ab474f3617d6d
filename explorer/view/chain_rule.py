"""The chain-rule panel: what the current step computes, with the real numbers.

Forward steps show the node's expression and value (``u = a ** 3 = [8., 27.]``); backward steps
show the runner's chain-rule lines for that grad_fn, e.g.
``∂Q/∂a = ∂Q/∂u · ∂u/∂a = [3., 3.] · 3·a² = [36., 81.]``, the gradients being summed where
several meet, and what AccumulateGrad writes into ``.grad``. The text comes from the step
records (``explorer.model.runner``); this panel only lays it out.
"""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from explorer.view.i18n import tr_message


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChainRule", text)


def step_heading(step: Any, n_forward: int, n_backward: int, tr=None) -> str:
    """``Forward step 2 of 5: u`` / ``Backward step 3 of 7: MulBackward0`` (names stay as they are)."""
    if step is None:
        return _tr("Before the forward pass")
    if step.phase == "forward":
        return _tr("Forward step %1 of %2").replace("%1", str(step.index + 1)).replace("%2", str(n_forward)) + f": {step.name}"
    return (_tr("Backward step %1 of %2").replace("%1", str(step.index + 1)).replace("%2", str(n_backward))
            + f": {step.name}")


def _collected_for_translation() -> tuple[str, ...]:
    """The runner's line templates and the op table's worded formulas, written out so the
    translation tools collect them (``translate_line`` looks them up by their English text)."""
    return (
        _tr("{fn} runs for {node} = {expr}"), _tr("{fn} runs for {part}, inside {node}"), _tr("{fn} runs for {node}"),
        _tr("{incoming} = {grad}  (the gradient passed to backward)"),
        _tr("{incoming} = {grad}  (implicit gradient of a scalar root)"),
        _tr("{incoming} = {parts} = {grad}  (gradients meeting here are summed)"),
        _tr("{node}.grad = old + new = {old} + {new} = {total}  (accumulated ×{passes}: backward ran again without zero_grad())"),  # noqa: E501 (one literal: the tools read it)
        _tr("{node}.grad = old + new = {old} + {new} = {total}  (.grad held zeros: it was zeroed, not set to None)"),  # noqa: E501
        _tr("torch.autograd.grad returns {grad} for {node}  ({node}.grad is left as it was)"),
        _tr("{chain}  ({part} inside {node}; {formula})"), _tr("{chain}  ({part} inside {node})"),
        _tr("{head} = {grad} · {local} = {out}"), _tr("{head} = {grad} · {local} = {out}  (one path of several)"),
        _tr("{name} = {value}  (constant)"), _tr("{name} = {expr}  (not computed: '{blocked}' failed)"),
        # formulas (engine op table) that are words rather than symbols
        _tr("1 at the maximum (split among ties)"), _tr("1 at the minimum (split among ties)"),
        _tr("reshape⁻¹ (identity on elements)"), _tr("view⁻¹ (identity on elements)"), _tr("transpose back"),
        _tr("inverse permutation"), _tr("Σ over the expanded dims"), _tr("G (summed over broadcast rows)"),
        _tr("∂/∂b = G (summed over broadcast rows)"), _tr("∂expand(x)/∂x = Σ over the expanded dims"),
    )


_FORMULA_ARGS = ("local", "formula")


def translate_line(line: str) -> str:
    """A runner line in the interface language: its template translated, the values (names,
    numbers) put back; worded formulas translated whole. Plain strings pass unchanged."""
    template = getattr(line, "template", None)
    args = getattr(line, "args", None)
    if not template or not isinstance(args, dict):
        return str(line)
    values = {k: (_tr(v) if k in _FORMULA_ARGS else v) for k, v in args.items()}
    try:
        return _tr(template).format(**values)
    except (KeyError, IndexError, ValueError):   # a translation with a broken placeholder
        return str(line)


def step_lines(step: Any) -> list[str]:
    """The lines of text a step shows (forward: its computation; backward: the chain rule), in
    the interface language."""
    if step is None:
        return []
    if step.phase == "forward":
        lines = [translate_line(step.text)]
        if getattr(step, "error", None):
            lines.append(f"⚠ {tr_message(str(step.error))}")
        elif getattr(step, "warning", None):
            lines.append(f"⚠ {tr_message(str(step.warning))}")
        return lines
    return [translate_line(line) for line in step.chain_rule]


class ChainRulePanel(QWidget):
    """Shows the current step; ``show_step(step, n_forward, n_backward)`` with a runner step record."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("chainRulePanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.heading = QLabel(self)
        self.heading.setObjectName("chainRuleHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        # The step's key line (what it produced: "∂Q/∂a = … = [36., 81.]", "a.grad = …") is
        # always in view above the full derivation, whatever the dock's height.
        self.key = QLabel(self)
        self.key.setObjectName("chainRuleKey")
        self.key.setWordWrap(True)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.hide()
        self.text = QTextBrowser(self)
        self.text.setObjectName("chainRuleText")
        self.text.setOpenLinks(False)
        layout.addWidget(self.heading)
        layout.addWidget(self.key)
        layout.addWidget(self.text, 1)
        self.lines: list[str] = []
        self.extra_lines: list[str] = []
        self.rich = False
        self.font_scale = 1.0
        # Presenting sizes the strip to every line, so the key line needs no copy above them.
        self.show_key = True
        self.show_step(None, 0, 0)

    def set_font_scale(self, scale: float) -> None:
        self.font_scale = scale
        self._render()

    def show_step(self, step: Any, n_forward: int, n_backward: int) -> None:
        if step is None and n_forward == 0 and n_backward == 0:
            self.heading.setText(self.tr("Step through a pass to see the chain rule with numbers"))
            self.lines = []
        else:
            self.heading.setText(step_heading(step, n_forward, n_backward, self.tr))
            self.lines = step_lines(step)
        self.extra_lines = []
        self.rich = False
        self._render()

    def set_extra_lines(self, lines: list[str]) -> None:
        """Lines another view shows under the step's own (forward mode's JVP rule) until the
        next step."""
        self.extra_lines = list(lines)
        self._render()

    def show_lines(self, heading: str, lines: list[str], rich: bool = False) -> None:
        """Other chain-rule content between steps (the paths to a selected node); ``rich``:
        the lines are Qt rich text (``a<sup>3</sup>``), the last one is the key line."""
        self.heading.setText(heading)
        self.lines = list(lines)
        self.extra_lines = []
        self.rich = rich
        self._render()

    def _render(self) -> None:
        size = 11 * self.font_scale
        lines = [*self.lines, *self.extra_lines]
        body = "".join(f"<p style='margin:2px 0'>{line if self.rich else html.escape(line)}</p>"
                       for line in lines)
        self.text.setHtml(f"<div style='font-family:monospace; font-size:{size:.0f}pt'>{body}</div>")
        key = lines[-1] if len(lines) > 1 else ""
        self.key.setVisible(bool(key) and self.show_key)
        self.key.setTextFormat(Qt.TextFormat.RichText if self.rich else Qt.TextFormat.PlainText)
        self.key.setText(key)
        kf = QFont("monospace")
        kf.setStyleHint(QFont.StyleHint.Monospace)
        kf.setPointSizeF(11 * self.font_scale)
        kf.setBold(True)
        self.key.setFont(kf)
        self.text.verticalScrollBar().setValue(self.text.verticalScrollBar().maximum())
        f = self.heading.font()
        f.setPointSizeF(10 * self.font_scale)
        self.heading.setFont(f)

    def plain_text(self) -> str:
        return "\n".join([self.heading.text(), *self.lines, *self.extra_lines])
