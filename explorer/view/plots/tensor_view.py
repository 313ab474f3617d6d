"""Tensor views: a node's value and its gradient side by side — heatmaps with a colour bar for
matrices, bar plots for vectors and scalars.

Colours are diverging and symmetric around zero (the theme's heat colours), so the sign of
every entry reads at a glance and value and grad can be compared without reading numbers.
Tensors with more than two dimensions are shown as a matrix of shape
(product of the leading dimensions, last dimension). ``compact=True`` sizes the view for the
inspector column; the floating window uses the full size."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtWidgets import QGraphicsRectItem, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from explorer.model.numbers import number_format
from explorer.view.i18n import tr
from explorer.view.plots.base import PlotPanel, palette, plain_numbers

CELL_TEXT_LIMIT = 48        # write the numbers into the cells of matrices up to this many entries


def as_matrix(a: np.ndarray) -> np.ndarray:
    """2-D view of a tensor with ≥ 2 dims (leading dims folded into rows)."""
    a = np.asarray(a)
    return a.reshape(-1, a.shape[-1]) if a.ndim > 2 else a


class TensorView(PlotPanel):
    """Value and grad of one tensor, side by side."""

    export_title = "tensor"

    def __init__(self, parent: QWidget | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        self.compact = compact
        self.name = ""
        self.value: np.ndarray | None = None
        self.grad: np.ndarray | None = None
        self.grad_label = ".grad"
        self.note = ""
        self.plots: list = []        # PlotItems of the last drawing (value, grad)
        self.images: list = []       # ImageItems (matrices) in the same order, None for bars
        self.colorbars: list = []
        self.frames: list = []       # the outline drawn around each heatmap
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.caption, 1)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        if compact:
            self.canvas.setMinimumSize(QSize(200, 140))
        self.apply_theme()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(320, 230) if self.compact else QSize(960, 480)

    # ------------------------------------------------------------------ data
    def set_tensor(self, name: str, value, grad=None, grad_label: str = ".grad", note: str = "") -> None:
        """Show ``value`` and ``grad`` (None: no gradient, with ``note`` saying why)."""
        self.name = name
        self.value = None if value is None else np.asarray(value)
        self.grad = None if grad is None else np.asarray(grad)
        self.grad_label = grad_label
        self.note = note
        self.redraw()

    def show_node(self, document, result, node_id: str | None) -> None:
        """Show a document node from a runner result (value; .grad, or for a non-leaf the
        gradient that reached it during backward, which PyTorch does not keep)."""
        if node_id is None or node_id not in document.nodes:
            self.set_tensor("", None, note=tr("select a node to plot its value and gradient"))
            return
        node = document.nodes[node_id]
        r = result.results.get(node_id) if result is not None else None
        value = node.value if r is None or r.value is None else r.value
        if r is None:
            self.set_tensor(node.name, value, None, note=tr("run forward/backward to see values and gradients"))
            return
        if r.grad is not None:
            self.set_tensor(node.name, value, r.grad, f"{node.name}.grad")
        elif r.flow_grad is not None:
            self.set_tensor(node.name, value, r.flow_grad, tr("gradient reaching {name}").format(name=node.name),
                            note=tr("{name}.grad is None (not a leaf): this is the gradient backward passed "
                                    "through it").format(name=node.name))
        elif node.kind == "leaf" and not node.requires_grad:
            self.set_tensor(node.name, value, None, note=tr("{name} is frozen (requires_grad=False): .grad is None").format(name=node.name))
        elif not getattr(result, "backward_ran", False):
            self.set_tensor(node.name, value, None, note=tr("run backward to see the gradient"))
        else:
            self.set_tensor(node.name, value, None, note=tr("no gradient reaches {name}").format(name=node.name))

    # ------------------------------------------------------------------ drawing
    def _cmap(self):
        c = palette()
        neg, zero, pos = c["neg"], c["zero"], c["pos"]
        if neg.lower() == pos.lower():      # print theme: sign by lightness instead of hue
            neg, zero, pos = "#000000", "#9a9a9a", "#ffffff"
        return self.pg.ColorMap([0.0, 0.5, 1.0], [self.pg.mkColor(neg), self.pg.mkColor(zero), self.pg.mkColor(pos)])

    def redraw(self) -> None:
        self.canvas.clear()
        self.plots, self.images, self.colorbars, self.frames = [], [], [], []
        self._vertical = False
        self._styled = []
        c = palette()
        shape = "" if self.value is None else f"  {tuple(self.value.shape)}"
        self.caption.setText(f"<b>{self.name}</b>{shape}" + (f" — {self.note}" if self.note else ""))
        if self.value is None:
            return
        self._vertical = self._stacked()
        self._draw(0, tr("value") if self.compact else f"{self.name}  {tr('value')}", self.value)
        if self.grad is not None:
            self._draw(1, ".grad" if self.compact and self.grad_label.endswith(".grad") else self.grad_label,
                       self.grad)
        elif self.compact:
            self.images.append(None)      # the caption says why; no room for an empty plot
        else:
            p = self.canvas.addPlot(row=0, col=1)
            self.style_plot(p, title=f"{self.name}.grad")
            p.hideAxis("left")
            p.hideAxis("bottom")
            text = self.pg.TextItem("None", color=c["muted"], anchor=(0.5, 0.5))
            p.addItem(text)
            text.setPos(0.5, 0.5)
            p.setRange(xRange=(0, 1), yRange=(0, 1))
            p.setMouseEnabled(False, False)
            self.plots.append(p)
            self.images.append(None)

    def _stacked(self) -> bool:
        """Value above grad in a narrow place (the inspector column), side by side otherwise."""
        return self.compact and (self.width() < 420 or self.width() < 1.2 * self.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.value is not None and self.grad is not None and self._stacked() != getattr(self, "_vertical", None):
            self.redraw()

    def _draw(self, col: int, title: str, a: np.ndarray) -> None:
        """One plot of the tensor ``a``: a heat map with a colour bar for a matrix (and for
        higher ranks, folded into one), bars for a vector or a scalar."""
        plot = self.canvas.addPlot(row=col, col=0) if self._vertical else self.canvas.addPlot(row=0, col=col)
        self.plots.append(plot)
        fmt = number_format(a)   # each cell reads as the element does in print(tensor)
        a = np.asarray(a, dtype=np.float64)
        finite = a[np.isfinite(a)]
        m = float(np.max(np.abs(finite))) if finite.size else 1.0
        m = m or 1.0
        if a.ndim >= 2:
            self._draw_matrix(plot, title, as_matrix(a), m, fmt)
        else:
            self._draw_bars(plot, col, title, a, fmt)
        for axis in ("left", "bottom"):
            plain_numbers(plot.getAxis(axis))   # "x0.001" on a gradient axis misleads
        plot.setMouseEnabled(False, False)
        plot.hideButtons()

    def _draw_matrix(self, plot, title: str, mat: np.ndarray, m: float, fmt) -> None:
        """Heat map of ``mat`` in [-m, m], framed, with a colour bar and (small ones) cell text."""
        pg, c = self.pg, palette()
        rows, cols = mat.shape
        img = pg.ImageItem(mat)
        img.setRect(QRectF(-0.5, -0.5, cols, rows))   # cell (i, j) centred on (j, i)
        plot.addItem(img)
        # a frame around the matrix: cells near 0 have nearly the background's colour, and
        # without it a column of zero gradients looked like a missing column
        frame = QGraphicsRectItem(QRectF(-0.5, -0.5, cols, rows))
        frame.setPen(pg.mkPen(c["muted"], width=1))
        frame.setZValue(img.zValue() + 1)
        plot.addItem(frame)
        self.frames.append(frame)
        plot.invertY(True)                             # row 0 at the top, as the matrix prints
        plot.setAspectLocked(True)
        plot.showGrid(x=False, y=False)
        bar = pg.ColorBarItem(values=(-m, m), colorMap=self._cmap(), interactive=False,
                              width=12 if self.compact else 16)
        bar.setImageItem(img, insert_in=plot)
        plain_numbers(bar.getAxis("right"))
        bar.getAxis("right").setTextPen(pg.mkPen(c["text"]))
        bar.getAxis("right").setPen(pg.mkPen(c["muted"]))
        self.images.append(img)
        self.colorbars.append(bar)
        self.style_plot(plot, title=f"{title}  {rows}×{cols}",
                        left="" if self.compact else tr("row"), bottom="" if self.compact else tr("column"))
        plot.showGrid(x=False, y=False)
        self._int_ticks(plot.getAxis("bottom"), cols)
        self._int_ticks(plot.getAxis("left"), rows)
        if rows * cols <= (16 if self.compact else CELL_TEXT_LIMIT):
            self._cell_texts(plot, mat, m, fmt)
        plot.setRange(xRange=(-0.5, cols - 0.5), yRange=(-0.5, rows - 0.5), padding=0.02)

    def _cell_texts(self, plot, mat: np.ndarray, m: float, fmt) -> None:
        """Each cell's number, in black or white, whichever reads on the cell's own colour."""
        cmap = self._cmap()
        rows, cols = mat.shape
        for i in range(rows):
            for j in range(cols):
                v = mat[i, j]
                cell = cmap.map(np.array([0.5 + 0.5 * np.clip(v / m, -1, 1)]), mode="qcolor")[0]
                light = 0.299 * cell.red() + 0.587 * cell.green() + 0.114 * cell.blue() > 140
                colour = "#000000" if light else "#ffffff"
                t = self.pg.TextItem(fmt(v), color=colour, anchor=(0.5, 0.5))
                plot.addItem(t)
                t.setPos(j, i)

    def _draw_bars(self, plot, col: int, title: str, a: np.ndarray, fmt) -> None:
        """Bars for a vector or a scalar (blue below zero), with the numbers on short ones."""
        pg, c = self.pg, palette()
        vec = a.reshape(-1)
        x = np.arange(vec.size)
        brushes = [pg.mkBrush(c["bar_pos"] if v >= 0 else c["bar_neg"]) for v in vec]
        bars = pg.BarGraphItem(x=x, height=vec, width=0.7, brushes=brushes, pen=pg.mkPen(c["text"], width=0.8))
        plot.addItem(bars)
        plot.addLine(y=0, pen=pg.mkPen(c["muted"], width=1))
        self.images.append(None)
        label = tr("scalar") if a.ndim == 0 else tr("{count} entries").format(count=vec.size)
        self.style_plot(plot, title=title if self.compact else f"{title}  ({label})",
                        left="" if self.compact else (tr("value") if col == 0 else tr("gradient")),
                        bottom="" if self.compact or a.ndim == 0 else tr("index"))
        self._int_ticks(plot.getAxis("bottom"), vec.size)
        lo, hi = min(0.0, float(np.nanmin(vec)) if vec.size else 0.0), max(0.0, float(np.nanmax(vec)) if vec.size else 0.0)
        pad = (hi - lo) * 0.1 or 1.0
        plot.setRange(xRange=(-0.6, vec.size - 0.4), yRange=(lo - pad, hi + pad), padding=0)
        if vec.size <= (8 if self.compact else 24):
            for i, v in enumerate(vec):
                t = pg.TextItem(fmt(v), color=c["text"], anchor=(0.5, 1.0 if v >= 0 else 0.0))
                plot.addItem(t)
                t.setPos(i, v)

    @staticmethod
    def _int_ticks(axis, n: int) -> None:
        step = max(1, int(np.ceil(n / 10)))
        axis.setTicks([[(i, str(i)) for i in range(0, n, step)], []])
