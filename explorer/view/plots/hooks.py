"""The window's Plots menu and the tensor-plot dock (a window extension, see
``explorer.view.app.EXTENSIONS``).

Installing costs no pyqtgraph import: each plot module is imported the first time its plot is
opened (the dock builds its view the first time it is shown), so launching stays fast."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout, QWidget

from explorer.view.i18n import tr
from explorer.view.window.context import WindowContext, context_of


class PlotWindow(QWidget):
    """A floating top-level window around one plot panel."""

    def __init__(self, title: str, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(title)
        self.panel = panel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        # a running training stops with the window (its result is applied as usual)
        stop = getattr(self.panel, "stop", None)
        if stop is not None:
            stop()
            run = getattr(self.panel, "run_to_end", None)
            if run is not None:
                run()
        super().closeEvent(event)


class TensorFollower(QObject):
    """Keeps a TensorView showing the selected node (value and grad of the latest run)."""

    def __init__(self, ctx: WindowContext, view) -> None:
        super().__init__(view)
        self.ctx, self.view = ctx, view
        self.node_id: str | None = None
        ctx.results_changed.connect(self.update)
        ctx.scene.selection_ids_changed.connect(self._selection)
        view.installEventFilter(self)      # refresh when shown: hidden views skip redraws
        self._selection(ctx.scene.selected_ids())

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if obj is self.view and event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self.update)
        return False

    def _selection(self, ids) -> None:
        ids = [i for i in ids if i in self.ctx.document.nodes]
        if ids:
            self.node_id = ids[0]
        self.update()

    def update(self, *_args) -> None:
        if not self.view.isVisible() and self.view.value is not None:
            return               # drawn again when shown (eventFilter)
        doc = self.ctx.document
        if self.node_id not in doc.nodes:
            self.node_id = doc.root if doc.root in doc.nodes else None
        result = self.ctx.last_result
        if result is None and self.node_id is not None:
            try:
                result = self.ctx.runner.run_forward()
            except Exception:  # noqa: BLE001 - values then come from the document alone
                result = None
        self.view.show_node(doc, result, self.node_id)


class PlotsExtension(QObject):
    """Owns the plot windows of one main window (installed through its :class:`WindowContext`)."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__(ctx.window)
        self.ctx = ctx
        self.window = ctx.window   # the parent of the plot windows
        self.slope_window: PlotWindow | None = None
        self.training_window: PlotWindow | None = None
        self.tensor_window: PlotWindow | None = None
        self.dock_view = None
        self.dock_follower: TensorFollower | None = None
        self.menu = self._build_menu()
        self.dock = self._build_dock()

    # ------------------------------------------------------------------ menu and dock
    def _build_menu(self) -> QMenu:
        w = self.window
        menu = self.ctx.add_menu("plots", QMenu("&Plots", w))
        actions = {
            "plot_slope": ("&Slope View…", self.open_slope, "Ctrl+Shift+G",
                           "A gradient as the slope of a curve: y against one element of a leaf"),
            "plot_training": ("&Training…", self.open_training, "Ctrl+Shift+T",
                              "Run many optimizer steps with a live loss curve; frozen leaves stay flat"),
            "plot_tensor": ("Tensor &View of Selection", self.open_tensor, "Ctrl+Shift+H",
                            "The selected node's value and gradient as heatmaps or bar plots"),
        }
        for key, (text, slot, shortcut, tip) in actions.items():
            action = QAction(text, w)
            action.setShortcut(QKeySequence(shortcut))
            action.setStatusTip(tip)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.ctx.add_action("plots", key, action)
        return menu

    def _build_dock(self):
        holder = QWidget()
        holder.setObjectName("tensorPlotHolder")
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        holder.layout().addWidget(QLabel("Select a node to plot its value and gradient.", holder))
        dock = self.ctx.add_dock("tensor_plot", "Tensor plot", holder, Qt.DockWidgetArea.RightDockWidgetArea,
                                 beside="inspector")
        dock.hide()
        dock.visibilityChanged.connect(self._dock_visible)
        self.menu.addSeparator()
        self.menu.addAction(dock.toggleViewAction())
        return dock

    def _dock_visible(self, visible: bool) -> None:
        if not visible:
            return
        if self.dock_view is not None:
            self.dock_follower.update()
            return
        from explorer.view.plots.tensor_view import TensorView  # seam 3: plots on first open

        holder = self.dock.widget()
        layout = holder.layout()
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.dock_view = TensorView(holder, compact=True)
        layout.addWidget(self.dock_view)
        self.dock_follower = TensorFollower(self.ctx, self.dock_view)

    # ------------------------------------------------------------------ opening plots
    def _selection(self) -> list[str]:
        return [i for i in self.ctx.scene.selected_ids() if i in self.ctx.document.nodes]

    def _show(self, win: PlotWindow, size) -> PlotWindow:
        if not win.isVisible():
            win.resize(*size)
        win.show()
        win.raise_()
        win.activateWindow()
        return win

    def open_slope(self) -> PlotWindow:
        from explorer.view.plots.slope_view import SlopeView  # seam 3: plots on first open

        doc = self.ctx.document
        if self.slope_window is None:
            self.slope_window = PlotWindow("Slope — Autograd Explorer", SlopeView(doc), self.window)
        view = self.slope_window.panel
        sel = self._selection()
        ops = [i for i in sel if doc.nodes[i].kind == "op"]
        leaves = [i for i in sel if doc.nodes[i].kind == "leaf"]
        if ops or leaves:
            view.select(output_id=ops[0] if ops else None, leaf_id=leaves[0] if leaves else None)
        return self._show(self.slope_window, (760, 560))

    def open_training(self) -> PlotWindow:
        from explorer.view.plots.training import TrainingPanel  # seam 3: plots on first open

        ctx = self.ctx
        if self.training_window is None:
            panel = TrainingPanel(ctx.document, ctx.runner, ctx.undo_stack.push_command)
            panel.finished.connect(self._trained)
            self.training_window = PlotWindow("Training — Autograd Explorer", panel, self.window)
        return self._show(self.training_window, (1040, 560))

    def _trained(self, summary: dict) -> None:
        ctx = self.ctx
        if summary.get("applied"):
            auto = ctx.action("auto_run")
            if auto is None or not auto.isChecked():
                ctx.runs.run_backward(quiet=True)   # the canvas shows the trained values at once
            losses = summary.get("losses") or []
            if losses:
                from explorer.model.numbers import format_number  # seam 2

                ctx.messages.info(tr("Trained {steps} steps: loss {first} → {last} (one undo step)").format(
                    steps=summary['steps'], first=format_number(losses[0]), last=format_number(losses[-1])))

    def open_tensor(self) -> PlotWindow:
        from explorer.view.plots.tensor_view import TensorView  # seam 3: plots on first open

        if self.tensor_window is None:
            view = TensorView(compact=False)
            self.tensor_window = PlotWindow("Tensor — Autograd Explorer", view, self.window)
            self.tensor_window.follower = TensorFollower(self.ctx, view)
        self._show(self.tensor_window, (980, 520))
        self.tensor_window.follower.update()
        return self.tensor_window


def install(target) -> PlotsExtension:
    """Add the Plots menu and the tensor-plot dock to a window (called once, after the first
    paint, with the window or its context); registered as "plots" (``window.plots`` finds it)."""
    ctx = context_of(target)
    return ctx.register("plots", PlotsExtension(ctx))
