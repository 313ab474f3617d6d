"""What every plot panel shares: one pyqtgraph layout (so one export holds all its plots),
theme colours, and PNG/SVG export (a button with a menu, and methods tests and scripts call)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton, QWidget

from explorer.view import theme
from explorer.view.plots import load_pyqtgraph

# Distinct line colours for several parameters (colour-blind friendly, Okabe-Ito order).
LINE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7f7f7f", "#000000")


def palette() -> dict[str, str]:
    """Plot colours from the app theme: plots sit on the card colour, like the canvas cards."""
    t = theme.current()
    return {
        "background": t.card, "text": t.text, "muted": t.text_muted, "grid": t.grid_major,
        "curve": t.leaf_header, "tangent": t.grad, "point": t.grad, "frozen": t.edge_frozen,
        "neg": t.heat_neg, "zero": t.heat_zero, "pos": t.heat_pos, "error": t.error,
        "bar": t.leaf_header, "bar_neg": t.heat_neg, "bar_pos": t.heat_pos,
    }


def line_color(i: int) -> str:
    t = theme.current()
    if t.name in ("print",):
        return "#000000"
    if t.name == "high-contrast":
        return ("#00e5ff", "#ffff00", "#ff00ff", "#00ff7f", "#ffffff", "#ff8c00")[i % 6]
    return LINE_COLORS[i % len(LINE_COLORS)]


class PlotPanel(QWidget):
    """A QWidget holding ``self.canvas`` (a pyqtgraph GraphicsLayoutWidget) and an Export button."""

    export_title = "plot"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg = load_pyqtgraph()
        self.pg = pg
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setMinimumSize(QSize(220, 160))
        self.export_button = QToolButton(self)
        self.export_button.setText("Export")
        self.export_button.setToolTip("Save this plot as PNG or SVG")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction("PNG image…", lambda: self._export_dialog("png"))
        menu.addAction("SVG drawing…", lambda: self._export_dialog("svg"))
        self.export_button.setMenu(menu)
        self._styled: list = []
        theme.on_change(self.apply_theme)
        self.destroyed.connect(lambda *_: theme.remove_listener(self.apply_theme))

    # ------------------------------------------------------------------ styling
    def style_plot(self, plot, title: str = "", left: str = "", bottom: str = "") -> None:
        """Axis labels, grid and colours for one PlotItem (re-applied on theme changes)."""
        if plot not in self._styled:
            self._styled.append(plot)
        c = palette()
        plot.showGrid(x=True, y=True, alpha=0.18)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.enableAutoSIPrefix(False)     # "loss (x0.001)" reads as a different quantity
            axis.setPen(self.pg.mkPen(c["muted"]))
            axis.setTextPen(self.pg.mkPen(c["text"]))
        if title:
            plot.setTitle(title, color=c["text"], size="11pt")
        if left:
            plot.setLabel("left", left, color=c["text"])
        if bottom:
            plot.setLabel("bottom", bottom, color=c["text"])

    def apply_theme(self) -> None:
        self.canvas.setBackground(palette()["background"])
        for plot in list(self._styled):
            self.style_plot(plot)
        self.redraw()

    def redraw(self) -> None:
        """Draw again with the current data (subclasses)."""

    # ------------------------------------------------------------------ export
    def _export_dialog(self, fmt: str) -> None:
        filters = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)"}
        path, _ = QFileDialog.getSaveFileName(self, f"Export {self.export_title}",
                                              f"{self.export_title.replace(' ', '_')}.{fmt}", filters[fmt])
        if path:
            if not path.lower().endswith(f".{fmt}"):
                path += f".{fmt}"
            (self.export_png if fmt == "png" else self.export_svg)(path)

    def export_png(self, path: str | Path, width: int | None = None) -> Path:
        """Save the plots as a PNG ``width`` pixels wide (default: twice the on-screen width);
        the height keeps the on-screen aspect ratio."""
        from PySide6.QtGui import QImage

        size = self.canvas.viewport().size()
        w = int(width) if width else max(2 * size.width(), 800)
        h = max(1, round(w * size.height() / max(1, size.width())))
        image = QImage(w, h, QImage.Format.Format_ARGB32)
        image.fill(QColor(palette()["background"]))
        painter = QPainter(image)
        self._render(painter, QRectF(0, 0, w, h))
        painter.end()
        if not image.save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        return Path(path)

    def _render(self, painter: QPainter, target: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(target, QColor(palette()["background"]))
        source = self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()
        self.canvas.scene().render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)

    def export_svg(self, path: str | Path) -> Path:
        """Save the plots as SVG (vector lines and text; heatmaps embedded as images)."""
        from PySide6.QtSvg import QSvgGenerator

        size = self.canvas.viewport().size()
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(size)
        gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
        gen.setTitle(self.export_title)
        gen.setDescription("Autograd Explorer plot")
        painter = QPainter(gen)
        self._render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return Path(path)
