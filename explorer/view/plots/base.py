"""What every plot panel shares: one pyqtgraph layout (so one export holds all its plots),
theme colours, and PNG/SVG export (a button with a menu, and methods tests and scripts call)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPicture
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton, QWidget

from explorer.model.messages import Message
from explorer.view import theme
from explorer.view.plots import load_pyqtgraph


def _luminance(colour: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(colour.redF()) + 0.7152 * lin(colour.greenF()) + 0.0722 * lin(colour.blueF())


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 = the same, 21 = black on white)."""
    hi, lo = sorted((_luminance(QColor(a)), _luminance(QColor(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable(colour: str, background: str, ratio: float = 3.0) -> str:
    """``colour``, lightened on a dark background or darkened on a light one until a line of
    it stands out at ``ratio`` (the card blue of the dark theme was 2.7:1 on its plot)."""
    c = QColor(colour)
    dark_bg = _luminance(QColor(background)) < 0.2
    for _ in range(12):
        if contrast(c.name(), background) >= ratio:
            break
        c = c.lighter(112) if dark_bg else c.darker(112)
    return c.name()


def palette() -> dict[str, str]:
    """Plot colours from the app theme: plots sit on the card colour, like the canvas cards."""
    t = theme.current()
    bg = t.card
    return {
        "background": bg, "text": t.text, "muted": t.text_muted, "grid": t.grid_major,
        "curve": readable(t.leaf_header, bg), "tangent": readable(t.grad, bg),
        "point": readable(t.grad, bg), "frozen": t.text_muted,
        "neg": t.heat_neg, "zero": t.heat_zero, "pos": t.heat_pos, "error": t.error,
        "bar": t.leaf_header, "bar_neg": t.heat_neg, "bar_pos": t.heat_pos,
    }


def plain_numbers(axis) -> None:
    """Tick labels that read as the values themselves: no SI prefix scaling.

    pyqtgraph 0.14's ``enableAutoSIPrefix(False)`` still computes a scale from the axis range
    at that moment (x1000 for a range of ±0.01) and keeps it, while hiding the "(x0.001)" that
    would explain it: a gradient of 0.009 was drawn against a tick reading 9."""
    axis.enableAutoSIPrefix(False)
    axis.autoSIPrefixScale = 1.0
    axis.labelUnitPrefix = ""
    axis.picture = None          # the cached tick drawing, redone with the scale of 1
    axis.update()


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
            plain_numbers(axis)                # "loss (x0.001)" reads as a different quantity
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
        size = self.canvas.viewport().size()
        w = int(width) if width else max(2 * size.width(), 800)
        h = max(1, round(w * size.height() / max(1, size.width())))
        image = QImage(w, h, QImage.Format.Format_ARGB32)
        image.fill(QColor(palette()["background"]))
        painter = QPainter(image)
        self._render(painter, QRectF(0, 0, w, h))
        painter.end()
        if not image.save(str(path), "PNG"):
            raise OSError(Message("could not write {path}", path=path))
        return Path(path)

    def _render(self, painter: QPainter, target: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(target, QColor(palette()["background"]))
        source = self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()
        self.canvas.scene().render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)

    def export_svg(self, path: str | Path) -> Path:
        """Save the plots as SVG (vector lines and text; heatmaps embedded as images)."""
        size = self.canvas.viewport().size()
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        # pyqtgraph's axes replay cached QPictures, which Qt scales by the ratio of the picture's
        # resolution to the target's: at QSvgGenerator's default 72 dpi the axes, ticks and grid
        # came out at 3/4 of the size of the curves they belong to. Same resolution, same scale.
        gen.setResolution(QPicture().logicalDpiX())
        gen.setSize(size)
        gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
        gen.setTitle(self.export_title)
        gen.setDescription("Autograd Explorer plot")
        painter = QPainter(gen)
        self._render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return Path(path)
