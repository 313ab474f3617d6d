"""The forward canvas's card geometry and the text helpers its items share.

Card metrics (``W``, ``HEADER``, ``ROW``, ...) are module globals that follow the font scale
(presentation mode): :func:`_rescale` rebinds them on every theme change, so other modules read
them through this module (``card_metrics.W``), never by importing the names. Also: the zoom
levels of detail, the z order of the items, and memoised elision / text widths (cards repeat
most of their texts and a vector export paints every card).
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPaintEngine, QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem

from engine.ops import OPS
from explorer.view import theme

# Card metrics at font scale 1 (W = card width, BODY_X = text indent beside the numbered ports).
_BASE = {"W": 196.0, "HEADER": 28.0, "ROW": 18.0, "HEAT_ROW": 40.0, "PAD": 6.0, "RADIUS": 7.0,
         "PORT_R": 6.0, "PORT_HIT": 10.0, "BODY_X": 12.0, "PILL_W": 96.0}
W, HEADER, ROW, HEAT_ROW, PAD, RADIUS, PORT_R, PORT_HIT, BODY_X, PILL_W = _BASE.values()


def _rescale() -> None:
    """Cards grow with the font scale (presentation mode) so text never overflows its row."""
    global W, HEADER, ROW, HEAT_ROW, PAD, RADIUS, PORT_R, PORT_HIT, BODY_X, PILL_W
    k = theme.font_scale
    W, HEADER, ROW, HEAT_ROW, PAD, RADIUS, PORT_R, PORT_HIT, BODY_X, PILL_W = (v * k for v in _BASE.values())


theme.on_change(_rescale)
LOD_TEXT = 0.4       # below this zoom a card is a plain box (drawn by the batched overview)
LOD_DETAIL = 0.6     # below this body text is too small to read: grey bars stand in for it

Z_GROUP, Z_EDGE, Z_NODE, Z_WIRE = -10.0, -1.0, 1.0, 50.0

# Combined once: in PySide6 every `|` of flag enums builds a Python enum (a few µs each).
NODE_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache


_OPS: dict | None = None


def op_info(op_name: str | None):
    # The import is done once: an import statement per call goes through PySide's import hook,
    # which costs ~0.1 ms (a fifth of building a 2,000-node scene).
    global _OPS
    if _OPS is None:
        _OPS = OPS
    return _OPS.get(op_name or "")


_DTYPE_NAMES: dict[int, str] = {}


def dtype_name(dtype) -> str:
    name = _DTYPE_NAMES.get(dtype.num)
    if name is None:
        name = _DTYPE_NAMES[dtype.num] = str(dtype)
    return name


# Which export option (explorer.view.exporters.options) shows each kind of card row.
ROW_OPTION = {"meta": "shapes", "value": "values", "heat": "values", "grad": "grads", "badge": "grad_fn"}
VECTOR_ENGINES = (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf)


def draw_cells(painter: QPainter, rect: QRectF, image: QImage) -> None:
    """A heatmap as one filled rectangle per cell (vector output stays vector)."""
    cols, rows = image.width(), image.height()
    cw, ch = rect.width() / cols, rect.height() / rows
    painter.setPen(Qt.PenStyle.NoPen)
    for j in range(rows):
        for i in range(cols):
            painter.fillRect(QRectF(rect.x() + i * cw, rect.y() + j * ch, cw, ch), image.pixelColor(i, j))


def row_h(kind: str) -> float:
    return HEAT_ROW if kind == "heat" else 2 * ROW if kind == "error" else ROW


_HEIGHTS: dict[tuple, float] = {}


def card_height(kinds: tuple[str, ...], min_rows: int) -> float:
    """A card's height for its row kinds (memoised: after a run most cards share a few layouts)."""
    key = (kinds, min_rows, HEADER, ROW)
    height = _HEIGHTS.get(key)
    if height is None:
        body = max(sum(row_h(k) for k in kinds), min_rows * ROW)
        height = _HEIGHTS[key] = HEADER + PAD + body + PAD
    return height


_ELIDED: dict[tuple, str] = {}


def elide(text: str, font, width: float) -> str:
    # Memoised: elidedText shapes the whole string (tens of µs) and cards repeat most of their
    # texts ("(4,) · float32", "AccumulateGrad", ...); a vector export paints every card.
    key = (text, width, font.key())
    out = _ELIDED.get(key)
    if out is None:
        if len(_ELIDED) > 50_000:
            _ELIDED.clear()
        out = _ELIDED[key] = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
    return out


_ADVANCES: dict[tuple, float] = {}


def advance(text: str, font) -> float:
    """The text's width in ``font``, memoised like :func:`elide` (op glyphs and grad_fn names repeat)."""
    key = (text, font.key())
    w = _ADVANCES.get(key)
    if w is None:
        if len(_ADVANCES) > 50_000:
            _ADVANCES.clear()
        w = _ADVANCES[key] = QFontMetricsF(font).horizontalAdvance(text)
    return w


_HEADER_PATHS: dict[tuple, QPainterPath] = {}


def card_header_path() -> QPainterPath:
    """A card's header outline (rounded top, square bottom): the same for every card at a font
    scale, and united() costs ~0.1 ms, so it is made once."""
    key = (W, HEADER, RADIUS)
    path = _HEADER_PATHS.get(key)
    if path is None:
        hp = QPainterPath()
        hp.addRoundedRect(QRectF(0.5, 0.5, W - 1, HEADER), RADIUS, RADIUS)
        sq = QPainterPath()
        sq.addRect(QRectF(0.5, HEADER / 2, W - 1, HEADER / 2 + 0.5))
        path = _HEADER_PATHS[key] = hp.united(sq)
    return path
