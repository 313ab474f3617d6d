"""The slope view: y against one element x of a leaf, the current point, the tangent whose slope
is backward's gradient and the finite-difference slope printed beside it.

The numbers come from :mod:`explorer.model.slope` (one vectorized pass for the curve). The view
listens to the document and recomputes on every change that is not a mere move, so dragging a
value in the inspector or a training step moves the point along the curve."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QGridLayout, QLabel,
                               QVBoxLayout, QWidget)

from explorer.model import slope
from explorer.model.document import Document
from explorer.model.messages import Message
from explorer.model.numbers import format_number
from explorer.view.i18n import tr, tr_message
from explorer.view.plots.base import PlotPanel, palette

MAX_ELEMENTS = 400   # element choices listed in a combo box


class SlopeView(PlotPanel):
    """Choose y (a node, and an element or the root's gradient if it is not a scalar) and x
    (an element of a leaf); see y(x), the point, the tangent and both slopes."""

    export_title = "slope"
    computed = Signal(object)   # the SlopeResult shown (or None after an error)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg = self.pg
        self.document = document
        self.result: slope.SlopeResult | None = None
        self.error: str | None = None
        self._updating = False
        self._dirty = False

        self.output_combo = QComboBox(self)
        self.output_combo.setToolTip("y: the node whose value is plotted")
        self.out_elem_combo = QComboBox(self)
        self.out_elem_combo.setToolTip("y must be a scalar: one element, or Σ gradient·y as backward(gradient) computes")
        self.leaf_combo = QComboBox(self)
        self.leaf_combo.setToolTip("x: the leaf tensor that varies")
        self.elem_combo = QComboBox(self)
        self.elem_combo.setToolTip("the element of the leaf that varies (the others keep their values)")
        self.range_spin = QDoubleSpinBox(self)
        self.range_spin.setRange(0.0, 1e6)
        self.range_spin.setDecimals(3)
        self.range_spin.setSingleStep(0.5)
        self.range_spin.setSpecialValueText(tr("auto"))
        self.range_spin.setPrefix("± ")
        self.range_spin.setToolTip("How far x goes either side of its current value (auto: max(1, |x|))")
        for w in (self.output_combo, self.out_elem_combo, self.leaf_combo, self.elem_combo):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            w.currentIndexChanged.connect(self._choice_changed)
        self.range_spin.valueChanged.connect(self._choice_changed)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("y =", self), 0, 0)
        grid.addWidget(self.output_combo, 0, 1)
        grid.addWidget(self.out_elem_combo, 0, 2)
        grid.addWidget(QLabel("x =", self), 1, 0)
        grid.addWidget(self.leaf_combo, 1, 1)
        grid.addWidget(self.elem_combo, 1, 2)
        grid.addWidget(self.range_spin, 1, 3)
        grid.addWidget(self.export_button, 0, 3)
        grid.setColumnStretch(4, 1)

        self.plot = self.canvas.addPlot(row=0, col=0)
        self.curve = self.plot.plot([], [])
        self.tangent_line = self.plot.plot([], [])
        # drawn as a path, not a cached pixmap, so an SVG export gets a vector dot
        self.point = pg.ScatterPlotItem(size=11, useCache=False)
        self.plot.addItem(self.point)
        self.info = self.canvas.addLabel("", row=1, col=0)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        document.subscribe(self._on_event)
        self.destroyed.connect(lambda *_a, d=document, f=self._on_event: d.unsubscribe(f))
        self.apply_theme()
        self.refresh()

    # ------------------------------------------------------------------ document
    def close_view(self) -> None:
        """Stop listening to the document (also done when the widget is destroyed)."""
        try:
            self.document.unsubscribe(self._on_event)
        except ValueError:
            pass

    def _on_event(self, event) -> None:
        if event.kind == "node_changed" and set(event.fields) <= {"pos"}:
            return
        if event.kind in ("group_added", "group_removed", "group_changed"):
            return
        if not self.isVisible():
            self._dirty = True       # a closed slope window costs nothing; refreshed when shown
            return
        self._timer.start()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            self._timer.start()

    # ------------------------------------------------------------------ choices
    def select(self, output_id: str | None = None, leaf_id: str | None = None, index: int | None = None,
               out_choice: object = "keep") -> None:
        """Choose y / x programmatically (the Plots menu passes the canvas selection)."""
        self._updating = True
        try:
            if output_id is not None:
                self._set_data(self.output_combo, output_id)
                self._fill_out_elems()
            if out_choice != "keep":
                self._set_data(self.out_elem_combo, out_choice)
            self._fill_leaves()
            if leaf_id is not None:
                self._set_data(self.leaf_combo, leaf_id)
                self._fill_elems()
            if index is not None:
                self._set_data(self.elem_combo, int(index))
        finally:
            self._updating = False
        self.recompute()

    @staticmethod
    def _set_data(combo: QComboBox, data) -> bool:
        for i in range(combo.count()):
            if combo.itemData(i) == data:
                combo.setCurrentIndex(i)
                return True
        return False

    def _choice_changed(self, *_args) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            sender = self.sender()
            if sender is self.output_combo:
                self._fill_out_elems()
                self._fill_leaves()
                self._fill_elems()
            elif sender is self.leaf_combo:
                self._fill_elems()
        finally:
            self._updating = False
        self.recompute()

    def refresh(self) -> None:
        """Re-read the document (nodes may have come or gone) and recompute."""
        self._updating = True
        try:
            self._fill_outputs()
            self._fill_out_elems()
            self._fill_leaves()
            self._fill_elems()
        finally:
            self._updating = False
        self.recompute()

    def _fill_outputs(self) -> None:
        doc, combo = self.document, self.output_combo
        current = combo.currentData()
        combo.clear()
        order = [n for n in doc.topological_order() if doc.nodes[n].kind == "op"]
        if doc.root in order:
            order.remove(doc.root)
            order.insert(0, doc.root)
        for nid in order:
            combo.addItem(doc.nodes[nid].name + (tr("  (root)") if nid == doc.root else ""), nid)
        if current is None or not self._set_data(combo, current):
            combo.setCurrentIndex(0 if order else -1)

    def _output_shape(self) -> tuple[int, ...] | None:
        out = self.output_combo.currentData()
        if out is None:
            return None
        try:
            return tuple(slope.node_value(self.document, out).shape)
        except slope.SlopeError:
            return None

    def _fill_out_elems(self) -> None:
        doc, combo = self.document, self.out_elem_combo
        current = combo.currentData() if combo.count() else "none"
        combo.clear()
        out = self.output_combo.currentData()
        shape = self._output_shape()
        if out is None or shape is None or int(np.prod(shape)) == 1:
            combo.setVisible(False)
            return
        combo.setVisible(True)
        name = doc.nodes[out].name
        if doc.root == out and doc.root_gradient is not None:
            combo.addItem(f"Σ gradient·{name}", "root")
        for i in range(min(int(np.prod(shape)), MAX_ELEMENTS)):
            combo.addItem(slope.element_label(name, shape, i), i)
        if current == "none" or not self._set_data(combo, current):
            combo.setCurrentIndex(0)

    def _fill_leaves(self) -> None:
        doc, combo = self.document, self.leaf_combo
        current = combo.currentData()
        combo.clear()
        out = self.output_combo.currentData()
        ancestors = doc.ancestors(out) if out in doc.nodes else set()
        leaves = [n for n in doc.topological_order() if doc.nodes[n].kind == "leaf" and n in ancestors
                  and doc.nodes[n].value is not None and np.asarray(doc.nodes[n].value).dtype.kind == "f"]
        for nid in leaves:
            node = doc.nodes[nid]
            combo.addItem(node.name + ("" if node.requires_grad else tr("  (frozen)")), nid)
        if current is None or not self._set_data(combo, current):
            trainable = [i for i, n in enumerate(leaves) if doc.nodes[n].requires_grad]
            combo.setCurrentIndex(trainable[0] if trainable else (0 if leaves else -1))

    def _fill_elems(self) -> None:
        doc, combo = self.document, self.elem_combo
        current = combo.currentData()
        combo.clear()
        leaf = self.leaf_combo.currentData()
        if leaf not in doc.nodes:
            combo.setVisible(False)
            return
        value = np.asarray(doc.nodes[leaf].value)
        combo.setVisible(value.size > 1)
        for i in range(min(max(value.size, 1), MAX_ELEMENTS)):
            combo.addItem(slope.element_label(doc.nodes[leaf].name, value.shape, i), i)
        if current is None or not self._set_data(combo, current):
            combo.setCurrentIndex(0)

    # ------------------------------------------------------------------ computing and drawing
    def recompute(self) -> None:
        out, leaf = self.output_combo.currentData(), self.leaf_combo.currentData()
        index = self.elem_combo.currentData() or 0
        choice = self.out_elem_combo.currentData() if self.out_elem_combo.count() else None
        kwargs = {}
        if choice == "root":
            kwargs["weights"] = "root"
        elif isinstance(choice, int):
            kwargs["out_index"] = choice
        hw = self.range_spin.value() or None
        try:
            if out is None:
                raise slope.SlopeError(Message("there is no op node to plot yet"))
            if leaf is None:
                raise slope.SlopeError(Message("'{name}' depends on no floating-point leaf",
                                               name=self.document.nodes[out].name))
            self.result = slope.compute_slope(self.document, out, leaf, int(index), half_width=hw, **kwargs)
            self.error = None
        except slope.SlopeError as exc:
            self.result, self.error = None, tr_message(str(exc))
        except Exception as exc:  # noqa: BLE001 - a plot must never take the window down
            self.result, self.error = None, tr("could not compute the curve: {kind}: {error}").format(
                kind=type(exc).__name__, error=exc)
        self.redraw()
        self.computed.emit(self.result)

    def redraw(self) -> None:
        pg, c, r = self.pg, palette(), self.result
        if r is None:
            self.curve.setData([], [])
            self.tangent_line.setData([], [])
            self.point.setData([], [])
            self.plot.setTitle(self.error or "", color=c["error"], size="10pt")
            self.info.setText("")
            self.status.setText(self.error or "")
            self.status.setStyleSheet(f"color: {c['error']};")
            return
        self.curve.setData(r.xs, r.ys, pen=pg.mkPen(c["curve"], width=2.5))
        # the tangent spans the middle half of the range, so the curve stays visible beside it
        span = (r.xs[-1] - r.xs[0]) / 4
        tx = np.array([r.x0 - span, r.x0 + span])
        self.tangent_line.setData(tx, r.tangent(tx), pen=pg.mkPen(c["tangent"], width=2,
                                                                   style=Qt.PenStyle.DashLine))
        self.point.setData([r.x0], [r.y0], brush=pg.mkBrush(c["point"]), pen=pg.mkPen(c["text"], width=1.2))
        finite = np.isfinite(r.ys)
        if finite.any():
            lo, hi = float(np.min(r.ys[finite])), float(np.max(r.ys[finite]))
            pad = (hi - lo) * 0.08 or max(1.0, abs(lo)) * 0.1
            self.plot.setYRange(lo - pad, hi + pad, padding=0)
        self.plot.setXRange(float(r.xs[0]), float(r.xs[-1]), padding=0.02)
        self.style_plot(self.plot, title=tr("{y} as {x} varies").format(y=r.output_label, x=r.input_label),
                        left=r.output_label, bottom=r.input_label)
        agree = np.isclose(r.gradient, r.fd_slope, rtol=1e-3, atol=1e-6)
        # the key is text under the plot (a legend inside it would hide part of the curve)
        self.info.setText(
            f"<span style='color:{c['curve']}'>━━ {r.output_label}</span>&nbsp;&nbsp;&nbsp;"
            f"<span style='color:{c['tangent']}'>╌╌ {tr('tangent')}</span>&nbsp;&nbsp;&nbsp;"
            f"<span style='color:{c['point']}'>●</span><span style='color:{c['text']}'> {tr('current value')}</span><br>"
            f"<span style='color:{c['text']}'>{tr('at {x} = {x0}:').format(x=r.input_label, x0=format_number(r.x0))}&nbsp; "
            f"<b style='color:{c['tangent']}'>{tr('slope from backward = {slope}').format(slope=format_number(r.gradient))}</b><br>"
            f"{tr('finite difference = {fd}').format(fd=f'{r.fd_slope:.8g}')}&nbsp; (h = {r.h:.0e})"
            f"{'' if agree else '&nbsp; ⚠ ' + tr('they differ')}</span>", size="10pt")
        node = self.document.nodes.get(self.leaf_combo.currentData())
        notes = []
        if not r.depends:
            notes.append(tr("{y} does not depend on {x}: the curve is flat (PyTorch's .grad would be None)").format(
                y=r.output_label, x=node.name if node else 'x'))
        elif node is not None and not node.requires_grad:
            notes.append(tr("{x} is frozen: backward leaves its .grad at None; the slope is what "
                            "it would be with requires_grad=True").format(x=node.name))
        if r.vectorized:
            notes.append((tr("curve: one vectorized pass ({ops} op × {points} points)") if len(r.cone_ops) == 1
                          else tr("curve: one vectorized pass ({ops} ops × {points} points)")).format(
                ops=len(r.cone_ops), points=len(r.xs) + 3))
        else:
            notes.append(tr("curve: vectorized except {ops} (evaluated once per point)").format(ops=', '.join(r.looped)))
        self.status.setText("\n".join(notes))
        self.status.setStyleSheet(f"color: {c['muted']};")
