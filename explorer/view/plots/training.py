"""The training panel: N optimizer steps on the leaves that require grad, with a live loss curve
and the trajectories of chosen leaves (frozen leaves stay flat, visibly and bit for bit).

Training runs on the GUI thread in short slices (a zero-interval QTimer; each slice works for
about :data:`SLICE_MS` ms, then the plots and the progress bar update and the event loop runs),
so the window stays responsive and Stop is honoured between two steps. The optimizer work is
the runner's (:meth:`Runner.trainer`), on copies of the values; at the end (or on Stop) the
final values are applied as ONE undoable command (:func:`training_command`). An edit to the
graph while training stops it without applying anything (the steps belong to the old graph)."""
from __future__ import annotations

import time
from typing import Callable

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QGridLayout, QLabel, QListWidget,
                               QListWidgetItem, QProgressBar, QPushButton, QSpinBox, QSplitter,
                               QVBoxLayout, QWidget)

from explorer.model.document import Document
from explorer.model.messages import Message
from explorer.model.module_groups import names_by_module
from explorer.model.numbers import format_number
from explorer.model.runner import RunnerError, training_command
from explorer.view.i18n import tr, tr_message
from explorer.view.plots.base import PlotPanel, palette
from explorer.view.theme import line_color

SLICE_MS = 40                 # work per slice before the GUI gets the event loop back
DRAW_EVERY_S = 0.15           # plots redraw at most this often while training
DRAW_SHARE = 0.25             # ... and spend at most this share of the time drawing
TRACES_PER_LEAF = 6           # elements of one leaf drawn in the trajectory plot
CHANGED = "the graph changed while training: stopped, nothing applied"
MAX_DRAWN_POINTS = 1000       # points drawn per series; longer runs are thinned for the plot


def thin(n: int, limit: int = MAX_DRAWN_POINTS) -> np.ndarray:
    """Indices of the steps drawn of a series of ``n``: every one up to ``limit``, else evenly
    spaced ones, always with the first and the last (so a long run repaints as fast as a
    short one and its end point is where the run ended)."""
    if n <= limit:
        return np.arange(n)
    return np.unique(np.append(np.linspace(0, n - 1, limit).astype(np.intp), n - 1))


def thin_peaks(y: np.ndarray, limit: int = MAX_DRAWN_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """(steps, values) of a long loss series cut into about ``limit // 2`` blocks, each drawn as
    its minimum and maximum: a spike of one step still shows, the curve still ends at the last
    loss. Short series come back whole."""
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    if n <= limit:
        return np.arange(n, dtype=np.float64), y
    size = -(-n // (limit // 2))                      # steps per block
    blocks = -(-n // size)
    padded = np.full(blocks * size, np.nan)
    padded[:n] = y
    grid = padded.reshape(blocks, size)
    finite = np.isfinite(grid)
    start = np.arange(blocks) * size
    lo = start + np.argmin(np.where(finite, grid, np.inf), axis=1)
    hi = start + np.argmax(np.where(finite, grid, -np.inf), axis=1)
    idx = np.unique(np.concatenate([lo, hi, [0, n - 1]]))
    idx = idx[idx < n]
    return idx.astype(np.float64), y[idx]


class TrainingPanel(PlotPanel):
    """Train, watch, stop; the result is one undo step."""

    export_title = "training"
    finished = Signal(dict)      # summary: steps, losses, applied, stopped, moved, unchanged, message

    def __init__(self, document: Document, runner, push: Callable[[object], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document, self.runner = document, runner
        self.push = push
        self.losses: list[float] = []
        self.start_values: dict[str, np.ndarray] = {}
        # leaf id -> (rows: start + one per step, columns: its first TRACES_PER_LEAF elements);
        # rows beyond _traj_n are spare capacity (the buffers double when full)
        self._traj: dict[str, np.ndarray] = {}
        self._traj_n = 0
        self._draw_cost = 0.0
        self.trained_ids: list[str] = []
        self.last_values: dict[str, np.ndarray] = {}
        self.summary: dict = {}
        self._iter = None
        self._total = 0
        self._stop = False
        self._applying = False
        self._drawn = 0.0

        self.optimizer_combo = QComboBox(self)
        self.optimizer_combo.addItem("SGD (momentum)", "sgd")
        self.optimizer_combo.addItem("Adam", "adam")
        self.lr_spin = QDoubleSpinBox(self)
        self.lr_spin.setDecimals(4)
        self.lr_spin.setRange(0.0001, 10.0)
        self.lr_spin.setSingleStep(0.01)
        self.lr_spin.setValue(0.1)
        self.lr_spin.setPrefix("lr ")
        self.momentum_spin = QDoubleSpinBox(self)
        self.momentum_spin.setRange(0.0, 0.999)
        self.momentum_spin.setDecimals(3)
        self.momentum_spin.setSingleStep(0.1)
        self.momentum_spin.setValue(0.9)
        self.momentum_spin.setPrefix(tr("momentum "))
        self.steps_spin = QSpinBox(self)
        self.steps_spin.setRange(1, 100000)
        self.steps_spin.setValue(200)
        self.steps_spin.setSuffix(tr(" steps"))
        self.train_button = QPushButton("Train", self)
        self.train_button.setToolTip("Run the optimizer steps (each one optimizer.zero_grad(), loss.backward(), "
                                     "optimizer.step()); the new values become one undo step")
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setToolTip("Stop after the current step and keep what was learned so far")
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setFormat(tr("%v / %m steps"))
        self.progress.setRange(0, self.steps_spin.value())     # "0 / 200 steps" before a run
        self.progress.setValue(0)
        self.steps_spin.valueChanged.connect(
            lambda n: None if self.running else (self.progress.setRange(0, n), self.progress.setValue(0)))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.leaf_list = QListWidget(self)
        self.leaf_list.setToolTip("Leaves whose values are traced (frozen ones are drawn flat)")
        self.leaf_list.setMaximumWidth(160)
        self.optimizer_combo.currentIndexChanged.connect(self._optimizer_changed)
        self.train_button.clicked.connect(lambda: self.start())
        self.stop_button.clicked.connect(self.stop)
        self.leaf_list.itemChanged.connect(lambda _item: self.redraw())

        controls = QGridLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for col, w in enumerate((self.optimizer_combo, self.lr_spin, self.momentum_spin, self.steps_spin,
                                 self.train_button, self.stop_button, self.export_button)):
            controls.addWidget(w, 0, col)
        controls.addWidget(self.progress, 1, 0, 1, 7)

        self.loss_plot = self.canvas.addPlot(row=0, col=0)
        self.traj_plot = self.canvas.addPlot(row=0, col=1)
        # the key is a line of coloured text under the plot, so it never hides a trace
        self.key = self.canvas.addLabel("", row=1, col=1)
        self.verdict = self.canvas.addLabel("", row=2, col=0, colspan=2)
        self.canvas.ci.layout.setRowMinimumHeight(2, 58)     # three lines of verdict below the plots
        self.loss_curve = self.loss_plot.plot([], [])
        self._traj_items: list = []

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.leaf_list)
        split.addWidget(self.canvas)
        split.setStretchFactor(1, 1)
        split.setSizes([140, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)
        document.subscribe(self._on_event)
        self.destroyed.connect(lambda *_a, d=document, f=self._on_event: d.unsubscribe(f))
        self.fill_leaves()
        self.apply_theme()
        # What one step does, before the first run: backward adds into .grad, so every step
        # zeroes the grads first, as a PyTorch training loop does.
        self._say(tr("Each step: optimizer.zero_grad(), loss.backward(), optimizer.step(). The grads "
                     "are zeroed first because backward adds into .grad."))

    # ------------------------------------------------------------------ state
    @property
    def running(self) -> bool:
        return self._iter is not None

    def _optimizer_changed(self) -> None:
        adam = self.optimizer_combo.currentData() == "adam"
        self.momentum_spin.setEnabled(not adam)
        if adam and self.lr_spin.value() > 0.05:
            self.lr_spin.setValue(0.05)

    def close_view(self) -> None:
        self._timer.stop()
        self._iter = None
        try:
            self.document.unsubscribe(self._on_event)
        except ValueError:
            pass

    def _on_event(self, event) -> None:
        if event.kind == "node_changed" and set(event.fields) <= {"pos"}:
            return
        if self._applying:
            return
        if self.running:
            self._end(apply=False, message="changed")
        if event.kind in ("node_added", "node_removed", "reset") or \
                (event.kind == "node_changed" and {"name", "requires_grad"} & set(event.fields)):
            self.fill_leaves()

    def fill_leaves(self) -> None:
        """List the float leaves the root depends on; keep the user's ticks where possible."""
        doc = self.document
        checked = {self.leaf_list.item(i).data(Qt.ItemDataRole.UserRole): self.leaf_list.item(i).checkState()
                   for i in range(self.leaf_list.count())}
        self.leaf_list.blockSignals(True)
        self.leaf_list.clear()
        ancestors = doc.ancestors(doc.root) if doc.root in doc.nodes else set(doc.nodes)
        for nid in doc.topological_order():
            node = doc.nodes[nid]
            if node.kind != "leaf" or nid not in ancestors or node.value is None \
                    or np.asarray(node.value).dtype.kind != "f":
                continue
            item = QListWidgetItem(node.name + ("" if node.requires_grad else tr("  (frozen)")))
            item.setData(Qt.ItemDataRole.UserRole, nid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(checked.get(nid, Qt.CheckState.Checked))
            self.leaf_list.addItem(item)
        self.leaf_list.blockSignals(False)

    def traced_ids(self) -> list[str]:
        return [self.leaf_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.leaf_list.count())
                if self.leaf_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_traced(self, ids) -> None:
        ids = set(ids)
        for i in range(self.leaf_list.count()):
            item = self.leaf_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ids
                               else Qt.CheckState.Unchecked)

    # ------------------------------------------------------------------ running
    def start(self, steps: int | None = None) -> bool:
        """Begin training (returns False and says why if it cannot start)."""
        if self.running:
            return False
        steps = int(steps if steps is not None else self.steps_spin.value())
        optimizer = self.optimizer_combo.currentData() or "sgd"
        momentum = self.momentum_spin.value() if optimizer == "sgd" else 0.0
        try:
            trainer = self.runner.trainer(optimizer, float(self.lr_spin.value()), float(momentum))
            iterator = trainer.iter_steps(steps)
            first = next(iterator, None)     # runs _prepare: raises if there is nothing to train
        except RunnerError as exc:
            self._say(tr("Cannot train: {error}").format(error=tr_message(str(exc))), error=True)
            return False
        doc = self.document
        self.fill_leaves()
        self.start_values = {nid: np.array(n.value, copy=True) for nid, n in doc.nodes.items()
                             if n.kind == "leaf" and n.value is not None}
        rows = min(steps + 1, 1024)
        self._traj = {}
        for nid, v in self.start_values.items():
            start = v.reshape(-1)[:TRACES_PER_LEAF].astype(np.float64)
            self._traj[nid] = np.empty((rows, start.size))
            self._traj[nid][0] = start
        self._traj_n = 1
        self.losses, self.last_values, self.trained_ids = [], {}, []
        self.summary = {}
        self._total, self._stop = steps, False
        self._how = (f"{self.optimizer_combo.currentText()}, lr={self.lr_spin.value():g}"
                     + (f", momentum={momentum:g}" if optimizer == "sgd" else ""))
        self.progress.setRange(0, max(1, steps))
        self.progress.setValue(0)
        self.train_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self._iter = iterator
        if first is not None:
            self._record(*first)
        self.redraw()
        self._drawn = time.perf_counter()
        self._say(tr("training…"))
        self._timer.start()
        return True

    def _record(self, k: int, loss: float, values: dict[str, np.ndarray]) -> None:
        self.losses.append(loss)
        self.last_values = values
        self.trained_ids = list(values)
        n = self._traj_n
        for nid, buf in self._traj.items():
            if n == len(buf):
                buf = self._traj[nid] = np.concatenate([buf, np.empty_like(buf)])
            v = values.get(nid)
            buf[n] = buf[0] if v is None else np.asarray(v).reshape(-1)[:TRACES_PER_LEAF]
        self._traj_n = n + 1

    @property
    def trajectories(self) -> dict[str, np.ndarray]:
        """Leaf id -> the traced elements' values, one row for the start and one per step."""
        return {nid: buf[:self._traj_n] for nid, buf in self._traj.items()}

    def _slice(self) -> None:
        if self._iter is None:
            self._timer.stop()
            return
        deadline = time.perf_counter() + SLICE_MS / 1000
        done = False
        try:
            while not self._stop and time.perf_counter() < deadline:
                item = next(self._iter, None)
                if item is None:
                    done = True
                    break
                self._record(*item)
        except Exception as exc:  # noqa: BLE001 - a failing step ends training with its message
            self._end(apply=False, message=str(exc))
            return
        self.progress.setValue(len(self.losses))
        now = time.perf_counter()
        # the plots are redrawn every DRAW_EVERY_S, less often if drawing is slow (a big graph,
        # many traced leaves): the slices of training and the user's clicks keep their time
        if now - self._drawn >= max(DRAW_EVERY_S, self._draw_cost / DRAW_SHARE):
            self.update_data()
            self._drawn = time.perf_counter()
            self._draw_cost = self._drawn - now
        if done or self._stop or len(self.losses) >= self._total:
            self._end(apply=True, message="stopped" if self._stop and not done else "done")

    def stop(self) -> None:
        """Stop after the current step; what was learned so far is applied."""
        if self.running:
            self._stop = True

    def run_to_end(self) -> None:
        """Finish synchronously (scripts and tests)."""
        while self.running:
            self._slice()

    def _end(self, apply: bool, message: str) -> None:
        self._timer.stop()
        self._iter = None
        self.train_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        applied = False
        values = self.last_values
        if apply and values:
            n = len(self.losses)
            text = (tr("Train {steps} steps ({how})").format(steps=n, how=self._how) if n == self._total else
                    tr("Train {steps} of {total} steps ({how})").format(steps=n, total=self._total, how=self._how))
            self._applying = True
            try:
                push = self.push
                if push is None:
                    raise RuntimeError(Message("no undo stack to apply the result to"))
                ok = push(training_command(self.document, values, text))
                applied = ok is not False
            finally:
                self._applying = False
        doc = self.document
        unchanged, moved = [], {}
        for nid, start in self.start_values.items():
            node = doc.nodes.get(nid)
            if node is None:
                continue
            now = np.asarray(node.value)
            if now.dtype == start.dtype and now.shape == start.shape and now.tobytes() == start.tobytes():
                unchanged.append(nid)
            else:
                moved[nid] = float(np.max(np.abs(now.astype(np.float64) - start.astype(np.float64))))
        self.summary = {"steps": len(self.losses), "losses": list(self.losses), "applied": applied,
                        "stopped": message == "stopped", "moved": moved, "unchanged": unchanged,
                        "message": CHANGED if message == "changed" else message}
        losses = self.losses
        said = {"done": tr("done"), "stopped": tr("stopped"),
                "changed": tr("the graph changed while training: stopped, nothing applied")}  # CHANGED
        text = said.get(message) or tr("training failed: {error}").format(error=tr_message(message))
        if losses:
            text += ": " + tr("{steps} steps, loss {first} → {last}").format(
                steps=len(losses), first=format_number(losses[0]), last=format_number(losses[-1]))
        if apply and not applied:
            text += " " + tr("(not applied)")
        self._say(text, error=not apply and message != "done")
        self.redraw()
        self.finished.emit(self.summary)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {palette()['error' if error else 'muted']};")

    # ------------------------------------------------------------------ drawing
    def redraw(self) -> None:
        """Rebuild the trace items (leaf choice, theme, a new run) and draw the data."""
        pg, c, doc = self.pg, palette(), self.document
        self.style_plot(self.loss_plot, title=tr("loss"), left=tr("loss"), bottom=tr("step"))
        for item in self._traj_items:
            self.traj_plot.removeItem(item)
        self._traj_items = []
        self._traces: list[tuple[str, object]] = []
        key_trained, key_frozen = [], []
        colour = 0
        for nid in self.traced_ids():
            node = doc.nodes.get(nid)
            if node is None:
                continue
            frozen = nid not in self.trained_ids if self.trained_ids else not node.requires_grad
            pen = (pg.mkPen(c["frozen"], width=2, style=Qt.PenStyle.DashLine) if frozen
                   else pg.mkPen(line_color(colour), width=1.6))
            colour += 0 if frozen else 1
            # one item per leaf: its elements' series joined with NaN breaks (far cheaper to
            # paint than one item per element)
            item = self.traj_plot.plot([], [], pen=pen, connect="finite")
            if frozen:
                item.setZValue(10)     # the flat dashes stay visible over traces that barely move
            self._traj_items.append(item)
            self._traces.append((nid, item))
            if frozen:
                key_frozen.append(nid)
            else:
                size = np.asarray(node.value).size if node.value is not None else 0
                part = (" " + tr("(first {shown} of {size})").format(shown=TRACES_PER_LEAF, size=size)
                        if size > TRACES_PER_LEAF else "")
                key_trained.append(f"<span style='color:{line_color(colour - 1)}'>━━ {node.name}{part}</span>")
        key = "&nbsp;&nbsp;".join(key_trained)
        if key_frozen:
            key += (f"&nbsp;&nbsp;<span style='color:{c['frozen']}'>╍╍ "
                    + tr("frozen (flat): {names}").format(names=", ".join(names_by_module(doc, key_frozen)))
                    + "</span>")
        self.key.setText(key, size="9pt")
        self.style_plot(self.traj_plot, title=tr("parameters: change since start"),
                        left=tr("value − start value"), bottom=tr("step"))
        self.update_data()

    def update_data(self) -> None:
        """Cheap per-slice update: new points on the existing curves, the verdict line."""
        c = palette()
        xs, ys = thin_peaks(np.asarray(self.losses, dtype=np.float64))
        self.loss_curve.setData(xs, ys, pen=self.pg.mkPen(c["curve"], width=2))
        rows = thin(self._traj_n)
        for nid, item in getattr(self, "_traces", []):
            buf = self._traj.get(nid)
            if buf is None or self._traj_n == 0:
                item.setData([], [])
                continue
            data = buf[rows] - buf[0]                   # change since the start, per element
            k = data.shape[1]
            # the elements' series one after another, each ended by a NaN break
            x = np.tile(np.append(rows.astype(np.float64), np.nan), k)
            y = np.concatenate([data, np.full((1, k), np.nan)]).T.reshape(-1)
            item.setData(x, y, connect="finite")
        self.verdict.setText(self._verdict_html(), size="10pt")

    def _verdict_html(self) -> str:
        c, doc = palette(), self.document
        s = self.summary
        if not s:
            if self.running and self.losses:
                return (f"<span style='color:{c['text']}'>"
                        + tr("step {step} / {total} · loss {loss}").format(
                            step=len(self.losses), total=self._total, loss=format_number(self.losses[-1])) + "</span>")
            return ""
        # a frozen module (a ResNet's backbone) is named once, with its parameter count
        frozen = names_by_module(doc, [n for n in s["unchanged"] if n in doc.nodes and not doc.nodes[n].requires_grad])
        moved = [f"{doc.nodes[n].name} {format_number(d)}" for n, d in s["moved"].items() if n in doc.nodes]
        loss = tr("loss {first} → {last}").format(first=format_number(s['losses'][0]), last=format_number(s['losses'][-1])) \
            if s["losses"] else ""
        parts = [f"<b>{loss}</b>"]
        for k in range(0, len(moved), 4):      # four per line: the label does not wrap by itself
            parts.append((tr("moved (max |Δ|): ") if k == 0 else "") + ", ".join(moved[k:k + 4]))
        if frozen:
            parts.append(f"<span style='color:{c['muted']}'>"
                         + tr("frozen, bit-identical: {names}").format(names=", ".join(frozen)) + "</span>")
        self.canvas.ci.layout.setRowMinimumHeight(2, 8 + 17 * len(parts))
        return f"<span style='color:{c['text']}'>{'<br>'.join(parts)}</span>"
