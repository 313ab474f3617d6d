"""Graphics items of the forward canvas: node cards, edges, group frames and the drag wire.

Items only *display* the document and the last run; gestures are forwarded to the scene, which
turns them into commands. Painting follows the level of detail (at low zoom a card is a plain
box, text only where it is legible) and reads every colour from :mod:`explorer.view.theme`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (QBrush, QColor, QFontMetricsF, QImage, QPaintEngine, QPainter, QPainterPath,
                           QPainterPathStroker, QPen)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from explorer.view import theme
from explorer.view.canvas.preview import fmt_array, fmt_shape, heatmap, is_short
from explorer.view.i18n import tr, tr_message
from explorer.view.unfinished import is_unfinished, result_is_unfinished

if TYPE_CHECKING:
    from explorer.view.canvas.scene import GraphScene

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
_NODE_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
_DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache


_OPS: dict | None = None


def _op(op_name: str | None):
    # The import is done once: an import statement per call goes through PySide's import hook,
    # which costs ~0.1 ms (a fifth of building a 2,000-node scene).
    global _OPS
    if _OPS is None:
        from engine.ops import OPS

        _OPS = OPS
    return _OPS.get(op_name or "")


_DTYPE_NAMES: dict[int, str] = {}


def _dtype_name(dtype) -> str:
    name = _DTYPE_NAMES.get(dtype.num)
    if name is None:
        name = _DTYPE_NAMES[dtype.num] = str(dtype)
    return name


# Which export option (explorer.view.exporters.options) shows each kind of card row.
_ROW_OPTION = {"meta": "shapes", "value": "values", "heat": "values", "grad": "grads", "badge": "grad_fn"}
_VECTOR_ENGINES = (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf)


def _draw_cells(painter: QPainter, rect: QRectF, image: QImage) -> None:
    """A heatmap as one filled rectangle per cell (vector output stays vector)."""
    cols, rows = image.width(), image.height()
    cw, ch = rect.width() / cols, rect.height() / rows
    painter.setPen(Qt.PenStyle.NoPen)
    for j in range(rows):
        for i in range(cols):
            painter.fillRect(QRectF(rect.x() + i * cw, rect.y() + j * ch, cw, ch), image.pixelColor(i, j))


def _row_h(kind: str) -> float:
    return HEAT_ROW if kind == "heat" else 2 * ROW if kind == "error" else ROW


_HEIGHTS: dict[tuple, float] = {}


def _card_height(kinds: tuple[str, ...], min_rows: int) -> float:
    """A card's height for its row kinds (memoised: after a run most cards share a few layouts)."""
    key = (kinds, min_rows, HEADER, ROW)
    height = _HEIGHTS.get(key)
    if height is None:
        body = max(sum(_row_h(k) for k in kinds), min_rows * ROW)
        height = _HEIGHTS[key] = HEADER + PAD + body + PAD
    return height


_ELIDED: dict[tuple, str] = {}


def _elide(text: str, font, width: float) -> str:
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


def _advance(text: str, font) -> float:
    """The text's width in ``font``, memoised like :func:`_elide` (op glyphs and grad_fn names repeat)."""
    key = (text, font.key())
    w = _ADVANCES.get(key)
    if w is None:
        if len(_ADVANCES) > 50_000:
            _ADVANCES.clear()
        w = _ADVANCES[key] = QFontMetricsF(font).horizontalAdvance(text)
    return w


_HEADER_PATHS: dict[tuple, QPainterPath] = {}


def _header_path() -> QPainterPath:
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


class NodeItem(QGraphicsItem):
    """A node card: header (op label, name, requires_grad switch), shape/dtype, value, .grad,
    grad_fn badge (or AccumulateGrad marker), error band; numbered input ports on the left and
    the output port on the right."""

    def __init__(self, graph_scene: "GraphScene", node_id: str) -> None:
        super().__init__()
        self.gscene = graph_scene
        self.node_id = node_id
        # No ItemSendsGeometryChanges/itemChange: a Python itemChange costs a call per flag
        # and position change; the scene re-routes edges itself while dragging.
        self.setFlags(_NODE_FLAGS)
        self.setZValue(Z_NODE)
        # Cards are costly to rasterize (rounded shapes, text): keep a device-resolution pixmap
        # and redraw only after update() (a changed display) or a zoom change.
        self.setCacheMode(_DEVICE_CACHE)
        self.setAcceptHoverEvents(True)  # per-port tooltips (name, shape, dtype)
        self.in_edges: dict[int, "EdgeItem"] = {}
        self.out_edges: list["EdgeItem"] = []
        self.height = HEADER + ROW * 2 + PAD
        self._width = W

    # Per-card state whose defaults live on the class (fewer stores per card on a large load).
    result: Any = None           # NodeResult of the last run (or None)
    static_rg = False            # requires_grad as propagated through the document
    in_backward = True           # from a fresh run result
    is_root = False
    hint: tuple | None = None    # ((side, port), ok) while a wire hovers over this card
    inline = False               # a port literal: drawn inside its consumer's port, not as a card
    painted_lod: str | None = None  # "box" | "header" | "full": what the last paint drew
    _kinds: tuple[str, ...] = ()
    _rows_cache: list[tuple[str, str, str]] | None = None
    _heat_cache: QImage | None = None
    _display_key: tuple | None = None
    _node_key: tuple | None = None
    _min_rows: int | None = None
    _arity = 0
    _tip = ""

    # ------------------------------------------------------------------ state
    @property
    def node(self):
        return self.gscene.document.nodes[self.node_id]

    @property
    def frozen(self) -> bool:
        """Outside the backward graph: grey, dashed, grad_fn=None, .grad None."""
        return not self.static_rg or not self.in_backward

    def arity(self) -> int:
        node = self.node
        if node.kind != "op":
            return 0
        op = _op(node.op)
        return op.arity if op is not None else 2

    def node_key(self) -> tuple:
        """The document's side of what the card shows (recomputed on node events only)."""
        node = self.node
        value = node.value if node.kind != "op" else None
        return (node.name, node.kind, node.op, tuple(sorted((k, repr(v)) for k, v in node.params.items())),
                node.dtype, node.requires_grad, self.is_root, _array_key(value))

    def result_key(self) -> tuple:
        r = self.result
        if r is None:
            return (self.frozen,)
        return (self.frozen, r.grad_fn, r.error, r.computed, getattr(r, "blocked_by", None),
                _array_key(r.value), _array_key(r.grad), r.accumulated)

    def refresh(self, force: bool = False, node_changed: bool = True) -> bool:
        """Recompute the card's text from the document and the result; True if it changed.

        ``node_changed=False`` (after a run) reuses the cached document key, so comparing a
        new result costs little more than comparing its arrays."""
        if node_changed or self._node_key is None:
            self._node_key = self.node_key()
        key = (self._node_key, self.result_key())
        if not force and key == self._display_key:
            return False
        self._display_key = key
        node = self.node
        r = self.result
        # Only the row kinds (they set the card's height) are worked out now; the text and the
        # heatmap are made when the card is first painted (or its rows are read), so a run that
        # changes 2,000 cards formats only the few on screen.
        value = node.value if node.kind != "op" else (None if r is None else r.value)
        kinds = ["meta", "value"]
        if value is not None:
            arr = np.asarray(value)
            if not is_short(arr) and arr.size:
                kinds.append("heat")
        if node.kind == "leaf" or (node.kind == "op" and r is not None and r.grad is not None and not self.frozen):
            kinds.append("grad")
        if node.kind in ("leaf", "op"):
            kinds.append("badge")
        if r is not None and r.error and not is_unfinished(r.error):
            kinds.append("error")
        display = getattr(self.gscene, "display", None)
        if display is not None:
            # Image export can leave out shapes, values, grads or grad_fn names.
            kinds = [k for k in kinds if display.get(_ROW_OPTION.get(k, ""), True)]
        self._kinds = kinds = tuple(kinds)
        self._rows_cache = None
        self._heat_cache = None
        if node_changed or self._min_rows is None:
            self._arity = self.arity()
            self._min_rows = max(self._arity, 1)
        height = _card_height(kinds, self._min_rows)
        if height != self.height or W != self._width:
            self.prepareGeometryChange()
            self.height = height
            self._width = W
            self.moved()
        overview = self.gscene.overview
        if overview is not None:
            overview.invalidate()
        tip = f"{node.name} ({node.kind}{'' if node.kind != 'op' else ': ' + str(node.op)})"
        if r is not None and r.error and is_unfinished(r.error):
            tip += "\n" + tr("unfinished: wire the open input, or click its grey label to type a value")
        elif r is not None and r.error:
            tip += "\n" + tr("error: {error}").format(error=tr_message(str(r.error)))
        if r is not None and r.accumulated > 1 and r.grad_before is not None and r.grad is not None:
            # Backward pressed again without Zero grad: PyTorch adds into .grad.
            tip += "\n" + tr(".grad accumulated over {n} backward passes: {old} + {new} = {total}").format(
                n=r.accumulated, old=fmt_array(r.grad_before),
                new=fmt_array(np.asarray(r.grad) - np.asarray(r.grad_before)), total=fmt_array(r.grad))
        if tip != self._tip:
            self._tip = tip
            self.setToolTip(tip)
        self.update()
        return True

    @property
    def _rows(self) -> list[tuple[str, str, str]]:
        """(kind, label, text) per card row, made on first use after a change."""
        rows = self._rows_cache
        if rows is None:
            rows = self._rows_cache = self._make_rows()
        return rows

    @property
    def _heat(self) -> QImage | None:
        self._rows  # noqa: B018 - the heatmap is made with the rows
        return self._heat_cache

    def _make_rows(self) -> list[tuple[str, str, str]]:
        node = self.node
        r = self.result
        kinds = self._kinds
        rows: list[tuple[str, str, str]] = []
        # A leaf's or constant's value is the document's (it shows an edit before the next run);
        # an op's value comes from the last run.
        value = node.value if node.kind != "op" else (None if r is None else r.value)
        arr = None if value is None else np.asarray(value)
        if arr is not None:
            rows.append(("meta", "", f"{fmt_shape(arr.shape)} · {_dtype_name(arr.dtype) if node.kind == 'op' else node.dtype}"))
        else:
            blocked = getattr(r, "blocked_by", None) if r is not None else None
            results = getattr(self.gscene.result, "results", None) or {}
            if r is not None and result_is_unfinished(self.gscene.document, results, self.node_id):
                rows.append(("meta", "", tr("waiting for inputs")))
            elif blocked:
                other = self.gscene.document.nodes.get(blocked)
                rows.append(("meta", "", tr("not computed: '{name}' failed").format(name=other.name if other else blocked)))
            else:
                rows.append(("meta", "", tr("not computed") if r is not None else tr("not run yet")))
        # Rows are stable across runs (a value row and, for leaves, a .grad row always), so a
        # run changes text, not card heights, and edges need no re-routing.
        rows.append(("value", tr("value"), "—" if arr is None else fmt_array(arr)))
        if "heat" in kinds:
            t = theme.current()
            self._heat_cache = heatmap(arr, QColor(t.heat_neg), QColor(t.heat_zero), QColor(t.heat_pos))
            rows.append(("heat", "", ""))
        if "grad" in kinds:
            grad = None if (r is None or self.frozen) else r.grad
            rows.append(("grad", ".grad", fmt_array(grad)))  # op: retain_grad()
        if node.kind == "leaf":
            passes = 0 if (r is None or self.frozen) else r.accumulated
            # "×2": the grad holds two backward passes (Backward pressed again without Zero grad)
            accumulate = "AccumulateGrad" if passes < 2 else f"AccumulateGrad ×{passes}"
            rows.append(("badge", "accumulate" if not self.frozen else "none",
                         accumulate if not self.frozen else "grad_fn=None"))
        elif node.kind == "op":
            if self.frozen:
                rows.append(("badge", "none", "grad_fn=None"))
            elif r is not None and r.grad_fn:
                rows.append(("badge", "grad_fn", r.grad_fn))
            else:
                rows.append(("badge", "pending", "grad_fn …"))
        if "error" in kinds:
            rows.append(("error", "error", tr_message(str(r.error))))
        return [row for row in rows if row[0] in kinds]

    def moved(self) -> None:
        """The card moved or changed height: re-route its edges, resize its group frame."""
        for e in self.out_edges:
            e.update_path()
        for e in self.in_edges.values():
            e.update_path()
        self.gscene.node_geometry_changed(self)

    # ------------------------------------------------------------------ geometry
    def boundingRect(self) -> QRectF:  # noqa: N802
        left = PILL_W + PORT_R + 2 if self.has_pills() else PORT_R + 2
        return QRectF(-left, -2, W + left + PORT_R + 2, self.height + 8)

    def shape(self) -> QPainterPath:
        p = QPainterPath()
        p.addRoundedRect(QRectF(-PORT_R, 0, W + 2 * PORT_R, self.height), RADIUS, RADIUS)
        for _port, rect, _text, _kind in self.port_pills():
            p.addRect(rect)
        return p

    # ------------------------------------------------------------------ input ports: names and typed values
    def port_name(self, port: int) -> str:
        op = _op(self.node.op)
        names = op.input_names if op is not None else ()
        return names[port] if port < len(names) else f"input{port + 1}"

    def port_state(self, port: int) -> tuple[str, Any]:
        """("wired", src id) | ("literal", const node) | ("open", None) for an input port."""
        edge = self.in_edges.get(port)
        if edge is None:
            return ("open", None)
        if edge.src.inline:
            return ("literal", edge.src.node)
        return ("wired", edge.src.node_id)

    def has_pills(self) -> bool:
        """Some input shows a label on the card's left (open, or holding a typed value)."""
        if not self._arity:
            return False
        edges = self.in_edges
        return len(edges) < self._arity or any(e.src.inline for e in edges.values())

    def port_pills(self) -> list[tuple[int, QRectF, str, str]]:
        """(port, rect, text, "open" | "literal") for every input that is not wired to a card:
        an open port shows its name in a dashed grey pill (a hint, not an error: the graph is
        unfinished), a typed value shows as "name = value" (Blender's socket fields)."""
        if self.node.kind != "op":
            return []
        out = []
        font = theme.font("small")
        for i in range(self.arity()):
            state, what = self.port_state(i)
            if state == "wired":
                continue
            name = self.port_name(i)
            text = name if state == "open" else f"{name} = {_literal_text(what.value)}"
            w = min(PILL_W, _advance(text, font) + 12 * theme.font_scale)
            c = self.input_port_pos(i)
            h = ROW - 2
            out.append((i, QRectF(c.x() - PORT_R - 3 - w, c.y() - h / 2, w, h), text, state))
        return out

    def pill_at(self, pos: QPointF) -> int | None:
        for port, rect, _text, _kind in self.port_pills():
            if rect.contains(pos):
                return port
        return None

    def port_tooltip(self, port: int) -> str:
        """What goes into input ``port``: its name (from the op table), and the shape and dtype
        of the value that arrives there."""
        name = self.port_name(port)
        state, what = self.port_state(port)
        head = tr("{name}: input {n} of {op}").format(name=name, n=port + 1, op=self.node.op)
        if state == "open":
            return head + "\n" + tr("not connected: drag a wire here, or click the grey label to type a value")
        if state == "literal":
            arr = np.asarray(what.value)
            return head + "\n" + f"{_literal_text(what.value)}  ({fmt_shape(arr.shape)} · {what.dtype})"
        src = self.gscene.node_items.get(what)
        if src is None:
            return head
        value = src.node.value if src.node.kind != "op" else getattr(src.result, "value", None)
        if value is None:
            return head + "\n" + tr("from '{name}' (not run yet)").format(name=src.node.name)
        arr = np.asarray(value)
        return head + "\n" + tr("from '{name}': {shape} · {dtype}").format(
            name=src.node.name, shape=fmt_shape(arr.shape), dtype=_dtype_name(arr.dtype))

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, W, self.height)

    def input_port_pos(self, port: int) -> QPointF:
        return QPointF(0.0, HEADER + PAD + ROW / 2 + port * ROW)

    def output_port_pos(self) -> QPointF:
        return QPointF(W, HEADER / 2)

    def input_port_scene_pos(self, port: int) -> QPointF:
        return self.mapToScene(self.input_port_pos(port))

    def output_port_scene_pos(self) -> QPointF:
        return self.mapToScene(self.output_port_pos())

    def port_at(self, pos: QPointF) -> tuple[str, int] | None:
        """("out", 0) or ("in", i) when ``pos`` (item coordinates) is on a port."""
        op = self.output_port_pos()
        if (pos - op).manhattanLength() <= PORT_HIT * 1.4:
            return ("out", 0)
        for i in range(self.arity()):
            if (pos - self.input_port_pos(i)).manhattanLength() <= PORT_HIT * 1.4:
                return ("in", i)
        return None

    def switch_rect(self) -> QRectF:
        k = theme.font_scale
        return QRectF(W - 38 * k, (HEADER - 14 * k) / 2, 28 * k, 14 * k)

    def name_rect(self) -> QRectF:
        return QRectF(8, 0, W - 50 * theme.font_scale, HEADER)

    def value_rect(self) -> QRectF:
        y = HEADER + PAD
        for kind in self._kinds:
            h = _row_h(kind)
            if kind == "value":
                return QRectF(BODY_X - 4, y, W - BODY_X, h)
            y += h
        return QRectF(BODY_X - 4, HEADER + PAD, W - BODY_X, ROW)

    # ------------------------------------------------------------------ painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        t = theme.current()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        node = self.node
        # Constants never require grad; they get their own neutral style, not the frozen one.
        frozen = self.frozen and node.kind != "const"
        op = _op(node.op) if node.kind == "op" else None
        header_color = QColor(t.frozen_header) if frozen else t.header_color(node.kind, op.category if op else None)
        selected = self.isSelected()
        rect = self.card_rect()
        if lod < LOD_TEXT:
            # Plain box: one fill, no text, no shadow, no antialiasing (the fitted view of a large graph).
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(QColor(t.selection), 0) if selected else Qt.PenStyle.NoPen)
            painter.setBrush(header_color)
            painter.drawRect(rect)
            self.painted_lod = "box"
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # Shadow: a cheap offset rounded rect (QGraphicsDropShadowEffect is far too slow).
        shadow = QColor(t.shadow)
        if shadow.alpha():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(shadow)
            painter.drawRoundedRect(rect.translated(0, 3), RADIUS, RADIUS)
        # Card body
        failed = self.result is not None and bool(self.result.error) and not is_unfinished(self.result.error)
        border = QPen(QColor(t.selection) if selected else QColor(t.error) if failed
                      else QColor(t.frozen_text if frozen else t.card_border),
                      2.0 if (selected or failed) else 1.0)
        if frozen:
            border.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(border)
        painter.setBrush(QColor(t.frozen_card if frozen else t.card))
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        frozen_hatch = frozen and t.hatch_frozen
        # Header (rounded top, square bottom)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(header_color)
        header_path = _header_path()
        painter.drawPath(header_path)
        if frozen_hatch:
            # Black-and-white themes: a hatched header says "frozen" without colour, and the
            # body stays clean so its text is readable.
            painter.setBrush(QBrush(QColor(t.card), Qt.BrushStyle.BDiagPattern))
            painter.drawPath(header_path)
        if node.kind == "const" and not t.hatch_frozen:
            # Constants: a lighter, striped header so they read as "fixed numbers" (not in the
            # black-and-white themes, where hatching means "frozen").
            painter.setBrush(QBrush(QColor(255, 255, 255, 40), Qt.BrushStyle.FDiagPattern))
            painter.drawPath(header_path)
        text_color = QColor(t.frozen_text if frozen else t.text)
        muted = QColor(t.frozen_text if frozen else t.text_muted)
        # header: glyph pill + name
        glyph = (op.label if op else str(node.op)) if node.kind == "op" else (tr("leaf") if node.kind == "leaf" else tr("const"))
        painter.setFont(theme.font("title"))
        gw = max(22.0, _advance(glyph, theme.font("title")) + 10)
        k = theme.font_scale
        glyph_rect = QRectF(6, 5 * k, gw, HEADER - 10 * k)
        painter.setBrush(QColor(0, 0, 0, 45))
        painter.drawRoundedRect(glyph_rect, 4, 4)
        header_text = QColor(t.frozen_header_text if frozen else t.header_text)
        painter.setPen(header_text)
        painter.drawText(glyph_rect, Qt.AlignmentFlag.AlignCenter, glyph)
        name_x = glyph_rect.right() + 6
        right = W - (44 * k if node.kind == "leaf" else 8)
        if self.is_root:
            right -= 30 * k
        painter.drawText(QRectF(name_x, 0, right - name_x, HEADER), Qt.AlignmentFlag.AlignVCenter,
                         _elide(node.name, theme.font("title"), right - name_x))
        if self.is_root:
            rr = QRectF(right + 2, 7 * k, 28 * k, HEADER - 14 * k)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 70))
            painter.drawRoundedRect(rr, 6, 6)
            painter.setPen(header_text)
            painter.setFont(theme.font("badge"))
            painter.drawText(rr, Qt.AlignmentFlag.AlignCenter, tr("root"))
        if node.kind == "leaf":
            self._paint_switch(painter, t, node.requires_grad, header_text)
        # ports
        self._paint_ports(painter, t, lod)
        if lod < LOD_DETAIL:
            # Skeleton rows: the card keeps its shape and rhythm without unreadable text.
            self.painted_lod = "header"
            painter.setPen(Qt.PenStyle.NoPen)
            bar = QColor(muted)
            bar.setAlpha(90)
            painter.setBrush(bar)
            y = HEADER + PAD
            for kind, _label, text in self._rows:
                h = _row_h(kind)
                if kind == "heat" and self._heat is not None:
                    painter.drawImage(QRectF(BODY_X + 34 * k, y + 3, 120.0 * k, h - 6), self._heat)
                else:
                    w = min(W - BODY_X - 14, (30 + 6.0 * len(text)) * k)
                    painter.drawRoundedRect(QRectF(BODY_X, y + 5, w, h - 10), 3, 3)
                y += h
            return
        self.painted_lod = "full"
        # body rows
        y = HEADER + PAD
        x0 = BODY_X if node.kind == "op" else 10.0
        for kind, label, text in self._rows:
            h = _row_h(kind)
            row = QRectF(x0, y, W - x0 - 8, h)
            if kind == "meta":
                painter.setFont(theme.font("small"))
                painter.setPen(muted)
                painter.drawText(row, Qt.AlignmentFlag.AlignVCenter, _elide(text, theme.font("small"), row.width()))
            elif kind in ("value", "grad"):
                painter.setFont(theme.font("small"))
                painter.setPen(muted)
                lw = 34.0 * k
                painter.drawText(QRectF(row.x(), y, lw, h), Qt.AlignmentFlag.AlignVCenter, label)
                painter.setFont(theme.font("mono"))
                color = text_color if kind == "value" else (muted if frozen or text == "None" else QColor(t.grad))
                painter.setPen(color)
                vr = QRectF(row.x() + lw, y, row.width() - lw, h)
                painter.drawText(vr, Qt.AlignmentFlag.AlignVCenter, _elide(text, theme.font("mono"), vr.width()))
            elif kind == "heat" and self._heat is not None:
                hr = QRectF(row.x() + 34 * k, y + 3, min(row.width() - 34 * k, 120.0 * k), h - 6)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
                if painter.paintEngine().type() in _VECTOR_ENGINES:
                    _draw_cells(painter, hr, self._heat)  # SVG/PDF export: shapes, not a bitmap
                else:
                    painter.drawImage(hr, self._heat)
                painter.setPen(QPen(muted, 0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(hr)
            elif kind == "badge":
                self._paint_badge(painter, t, row, label, text, frozen)
            elif kind == "error":
                # Two wrapped lines of the message; the whole text is in the tooltip.
                er = QRectF(4, y + 1, W - 8, h - 2)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(t.error))
                painter.drawRoundedRect(er, 4, 4)
                painter.setPen(QColor(t.error_text))
                font = theme.font("badge")
                painter.setFont(font)
                inner = er.adjusted(6, 2, -4, -2)
                fm = QFontMetricsF(font)
                msg = "⚠ " + text
                if fm.boundingRect(inner, Qt.TextFlag.TextWordWrap, msg).height() > inner.height():
                    # Elide so the second line ends with "…" instead of being cut mid-glyph.
                    while len(msg) > 8 and fm.boundingRect(inner, Qt.TextFlag.TextWordWrap, msg + "…").height() > inner.height():
                        msg = msg[:-4]
                    msg += "…"
                painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, msg)
            y += h

    def _paint_switch(self, painter: QPainter, t, on: bool, label_color: QColor) -> None:
        r = self.switch_rect()
        painter.setPen(QPen(QColor(255, 255, 255, 200), 1))
        painter.setBrush(QColor(t.switch_on if on else t.switch_off))
        painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        d = r.height() - 4
        kx = r.right() - d - 2 if on else r.left() + 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QRectF(kx, r.top() + 2, d, d))
        # A tiny "∇" says what the switch is about (requires_grad).
        painter.setPen(label_color)
        painter.setFont(theme.font("badge"))
        k = theme.font_scale
        painter.drawText(QRectF(r.left() - 12 * k, r.top() - 1, 11 * k, r.height() + 2), Qt.AlignmentFlag.AlignCenter, "∇")

    def _paint_badge(self, painter: QPainter, t, row: QRectF, kind: str, text: str, frozen: bool) -> None:
        painter.setFont(theme.font("badge"))
        w = min(_advance(text, theme.font("badge")) + 14, row.width())
        pill = QRectF(row.x(), row.y() + 2, w, row.height() - 4)
        if kind == "accumulate":
            painter.setPen(QPen(QColor(t.accumulate), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            fg = QColor(t.accumulate)
        elif kind == "grad_fn":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.badge))
            fg = QColor(t.badge_text)
        else:  # grad_fn=None
            pen = QPen(QColor(t.frozen_text), 1)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            fg = QColor(t.frozen_text)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(fg)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, _elide(text, theme.font("badge"), pill.width() - 8))

    def _paint_ports(self, painter: QPainter, t, lod: float) -> None:
        painter.setPen(QPen(QColor(t.port_border), 1.2))
        numbered = lod >= LOD_DETAIL and self.arity() > 1
        if numbered:
            painter.setFont(theme.font("port"))
        for i in range(self.arity()):
            c = self.input_port_pos(i)
            connected = i in self.in_edges
            pen = QPen(QColor(t.port_border if connected else t.text_muted), 1.2)
            if not connected:
                pen.setStyle(Qt.PenStyle.DashLine)  # open: a hint that the graph is unfinished
            painter.setPen(pen)
            painter.setBrush(QColor(t.port_border) if connected else QColor(t.port))
            painter.drawEllipse(c, PORT_R, PORT_R)
            if numbered:
                # The port number sits inside the dot: "1" is the left operand, "2" the right.
                painter.setPen(QColor(t.port) if connected else QColor(t.port_border))
                painter.drawText(QRectF(c.x() - PORT_R, c.y() - PORT_R, 2 * PORT_R, 2 * PORT_R),
                                 Qt.AlignmentFlag.AlignCenter, str(i + 1))
        if lod >= LOD_DETAIL:
            self._paint_pills(painter, t)
        painter.setPen(QPen(QColor(t.port_border), 1.2))
        painter.setBrush(QColor(t.port_border) if self.out_edges else QColor(t.port))
        painter.drawEllipse(self.output_port_pos(), PORT_R - 1, PORT_R - 1)
        if self.hint is not None:
            (side, port), ok = self.hint
            c = self.output_port_pos() if side == "out" else self.input_port_pos(port)
            painter.setPen(QPen(QColor(t.switch_on if ok else t.error), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(c, PORT_R + 3, PORT_R + 3)

    def _paint_pills(self, painter: QPainter, t) -> None:
        font = theme.font("small")
        painter.setFont(font)
        for _port, rect, text, kind in self.port_pills():
            if kind == "open":
                pen = QPen(QColor(t.text_muted), 1)
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setPen(QPen(QColor(t.port_border), 1))
                painter.setBrush(QColor(t.card))
            painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
            painter.setPen(QColor(t.text_muted if kind == "open" else t.text))
            painter.drawText(rect.adjusted(5, 0, -5, 0), Qt.AlignmentFlag.AlignCenter,
                             _elide(text, font, rect.width() - 10))

    # ------------------------------------------------------------------ interaction
    def hoverMoveEvent(self, event) -> None:  # noqa: N802
        pos = event.pos()
        port = self.pill_at(pos)
        if port is None:
            hit = self.port_at(pos)
            port = hit[1] if hit is not None and hit[0] == "in" else None
        tip = self.port_tooltip(port) if port is not None else self._tip
        if tip != self.toolTip():
            self.setToolTip(tip)
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        pos = event.pos()
        node = self.node
        if node.kind == "leaf" and self.switch_rect().adjusted(-14, -4, 4, 4).contains(pos):
            event.accept()
            self.gscene.toggle_requires_grad([self.node_id], not node.requires_grad)
            return
        pill = self.pill_at(pos)
        if pill is not None and self.port_at(pos) is None:
            if self._other_port_under(event.scenePos()):
                event.ignore()  # a label reaching over a neighbour's port does not steal its drags
                return
            # One click on a port's label types its value (no constant card needed).
            event.accept()
            self.gscene.begin_literal_edit(self.node_id, pill)
            return
        port = self.port_at(pos)
        if port is not None:
            event.accept()
            self.gscene.begin_wire(self, port, event.scenePos())
            return
        super().mousePressEvent(event)

    def _other_port_under(self, scene_pos: QPointF) -> bool:
        for it in self.scene().items(scene_pos):
            if isinstance(it, NodeItem) and it is not self and it.isVisible() \
                    and it.port_at(it.mapFromScene(scene_pos)) is not None:
                return True
        return False

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self.gscene.wire is not None:
            self.gscene.move_wire(event.scenePos())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self.gscene.wire is not None:
            self.gscene.finish_wire(event.scenePos(), event.screenPos())
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        pos = event.pos()
        node = self.node
        if pos.y() <= HEADER:
            self.gscene.begin_rename(self.node_id)
        elif node.kind in ("leaf", "const"):
            self.gscene.begin_value_edit(self.node_id)
        else:
            self.gscene.node_activated.emit(self.node_id)
        event.accept()


def _literal_text(value) -> str:
    return fmt_array(np.asarray(value))


def _array_key(a) -> Any:
    if a is None:
        return None
    a = np.asarray(a)
    if a.size > _BIG_ARRAY:
        # a ResNet's 2.4 M-number weight: the array itself (new after every edit or run) and a
        # sample of its numbers, instead of copying all of it on every refresh
        return (a.shape, a.dtype.num, id(a), a.reshape(-1)[::a.size // 4096 + 1].tobytes())
    return (a.shape, a.dtype.num, a.tobytes())


_BIG_ARRAY = 65_536


class EdgeItem(QGraphicsItem):
    """A smooth cubic from an output port to a numbered input port.

    Built by the thousand when a large graph loads, so construction does no Qt geometry work:
    the end points and the bounding box are plain arithmetic (cards are never rotated or
    scaled), and the QPainterPath is made the first time the edge is painted or hit-tested."""

    def __init__(self, graph_scene: "GraphScene", edge, src: NodeItem, dst: NodeItem) -> None:
        super().__init__()
        self.gscene = graph_scene
        self.edge = edge
        self.src = src
        self.dst = dst
        self.setZValue(Z_EDGE)
        self.setFlags(_SELECTABLE)
        self.update_path()

    frozen = False
    label: str | None = None      # gradient that flowed along the edge
    _path_cache: QPainterPath | None = None
    _shape_cache: QPainterPath | None = None
    _ends = (0.0, 0.0, 0.0, 0.0)
    _rect = QRectF()              # replaced (never mutated) by update_path

    @property
    def _p0(self) -> QPointF:
        return QPointF(self._ends[0], self._ends[1])

    @property
    def _p1(self) -> QPointF:
        return QPointF(self._ends[2], self._ends[3])

    @property
    def _path(self) -> QPainterPath:
        path = self._path_cache
        if path is None:
            path = self._path_cache = cubic_path(self._p0, self._p1)
        return path

    def ends(self) -> tuple[QPointF, QPointF]:
        """Where the curve leaves its source's output port and reaches the input port."""
        return self._p0, self._p1

    def midpoint(self) -> QPointF:
        # The curve is point-symmetric about the middle of its ends, so half its length is there.
        x0, y0, x1, y1 = self._ends
        return QPointF((x0 + x1) / 2, (y0 + y1) / 2)

    def update_path(self) -> None:
        # an end inside a collapsed module attaches to the module's card
        ends = self.gscene.module_cards.wire_ends(self.edge)
        if ends is None:
            src, dst = self.src, self.dst
            ends = (src.x() + W, src.y() + HEADER / 2,
                    dst.x(), dst.y() + HEADER + PAD + ROW / 2 + self.edge.port * ROW)
        x0, y0, x1, y1 = ends
        if ends == self._ends and not self._rect.isNull():
            return
        self.prepareGeometryChange()
        self._ends = ends
        self._path_cache = self._shape_cache = None
        # The control points are (x0 + dx, y0) and (x1 - dx, y1): the curve stays inside their hull.
        dx = max(40.0, abs(x1 - x0) * 0.5)
        left = min(x0, x1 - dx)
        right = max(x1, x0 + dx)
        top, bottom = (y0, y1) if y0 < y1 else (y1, y0)
        rect = QRectF(left - 4, top - 4, right - left + 8, bottom - top + 8)
        if self.label:
            mx, my = (x0 + x1) / 2, (y0 + y1) / 2
            rect = rect.united(QRectF(mx - 100, my - 20, 200, 24))
        self._rect = rect

    def set_state(self, frozen: bool, label: str | None) -> bool:
        if frozen == self.frozen and label == self.label:
            return False
        self.frozen = frozen
        if label != self.label:
            self.label = label
            self._rect = QRectF()  # force the bounding box to be recomputed with the label
            self.update_path()
        self.update()
        return True

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def shape(self) -> QPainterPath:
        shape = self._shape_cache
        if shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(8)
            shape = self._shape_cache = stroker.createStroke(self._path)
        return shape

    def paint(self, painter: QPainter, option, widget=None) -> None:
        # Hot path (hundreds of edges per frame): no per-call allocations beyond the lookups.
        # The view paints antialiased with no brush; each item's painter state is restored after.
        t = theme.current()
        lod = painter.worldTransform().m11()
        if lod < LOD_TEXT:
            # Far away: a straight solid hairline (dash patterns and curves cost most here).
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(t.edge_pen_fast(self.frozen))
            painter.drawLine(self._p0, self._p1)
            return
        painter.setPen(t.edge_pen(self.frozen, self.isSelected()))
        painter.drawPath(self._path)
        if self.label and lod >= LOD_DETAIL:
            mid = self.midpoint()
            font = theme.font("mono")  # numbers, as on the cards (11 px at 100 % zoom)
            fm = QFontMetricsF(font)
            w = fm.horizontalAdvance(self.label) + 10
            r = QRectF(mid.x() - w / 2, mid.y() - 18, w, fm.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.background))
            painter.drawRoundedRect(r, 3, 3)
            painter.setPen(QColor(t.grad))
            painter.setFont(font)
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, self.label)


def cubic_path(p0: QPointF, p1: QPointF) -> QPainterPath:
    dx = max(40.0, abs(p1.x() - p0.x()) * 0.5)
    path = QPainterPath(p0)
    path.cubicTo(QPointF(p0.x() + dx, p0.y()), QPointF(p1.x() - dx, p1.y()), p1)
    return path


class WireItem(QGraphicsItem):
    """The wire that follows the mouse while a connection is dragged from a port."""

    def __init__(self, from_output: bool, anchor: QPointF) -> None:
        super().__init__()
        self.from_output = from_output
        self.anchor = anchor
        self.end = anchor
        self.setZValue(Z_WIRE)
        self._path = QPainterPath()
        self._rect = QRectF()
        self.set_end(anchor)

    def set_end(self, end: QPointF) -> None:
        self.prepareGeometryChange()
        self.end = end
        p0, p1 = (self.anchor, end) if self.from_output else (end, self.anchor)
        self._path = cubic_path(p0, p1)
        self._rect = self._path.boundingRect().adjusted(-6, -6, 6, 6)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        t = theme.current()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(QColor(t.wire), 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setBrush(QColor(t.wire))
        painter.drawEllipse(self.end, 3, 3)


class GroupItem(QGraphicsItem):
    """A named frame behind its member nodes, with one switch that freezes every leaf inside."""

    TITLE = 26.0
    MARGIN = 16.0

    def __init__(self, graph_scene: "GraphScene", group_id: str) -> None:
        super().__init__()
        self.gscene = graph_scene
        self.group_id = group_id
        self.setZValue(Z_GROUP)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        self.setAcceptHoverEvents(True)  # the freeze switch's tooltip
        self._rect = QRectF()
        self._islands: list[QRectF] = []
        self._path = QPainterPath()
        self.strangers = 0
        self._enclosed_key: tuple | None = None
        self._enclosed_ids: set[str] = set()
        self.update_geometry()

    @property
    def group(self):
        return self.gscene.document.groups[self.group_id]

    def leaf_ids(self) -> list[str]:
        doc = self.gscene.document
        return [m for m in self.group.members if m in doc.nodes and doc.nodes[m].kind == "leaf"]

    def is_on(self) -> bool:
        """On when any leaf in the group requires grad (off = the whole group is frozen). A
        group without leaves has nothing to freeze: it is never "frozen" and has no switch."""
        doc = self.gscene.document
        leaves = self.leaf_ids()
        return not leaves or any(doc.nodes[m].requires_grad for m in leaves)

    def has_switch(self) -> bool:
        return bool(self.leaf_ids())

    def update_geometry(self) -> None:
        """One rectangle around the members -- unless that would enclose a card that is not a
        member (membership is explicit, so a frame drawn around a stranger would say it is
        frozen with the rest). Then the frame is split into as few rectangles ("islands") as
        keep every stranger out; the first (top-left) island carries the title and the switch."""
        scene = self.gscene
        members = set(self.group.members)
        m = self.MARGIN
        boxes = [scene.node_items[nid].sceneBoundingRect().adjusted(-m, -m, m, m)
                 for nid in self.group.members if nid in scene.node_items]
        if not boxes:
            boxes = [QRectF(0, 0, 120, 40)]
        whole = QRectF(boxes[0])
        for box in boxes[1:]:
            whole = whole.united(box)
        whole.adjust(0, -self.TITLE, 0, 0)
        strangers = [item for item in scene.items(whole)
                     if isinstance(item, NodeItem) and item.node_id not in members
                     and item.node_id in scene.node_items]
        if strangers:  # a step between two members (x*0.9 in a chain of members) belongs inside
            enclosed = self._enclosed(members)
            strangers = [item.sceneBoundingRect() for item in strangers if item.node_id not in enclosed]
        self.strangers = len(strangers)
        islands = [whole] if not strangers else _islands(boxes, strangers, self.TITLE)
        if islands != self._islands:
            self.prepareGeometryChange()
            self._islands = islands
            rect = QRectF(islands[0])
            for island in islands[1:]:
                rect = rect.united(island)
            self._rect = rect
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.WindingFill)  # overlaps are unions, not holes
            for island in islands:
                path.addRoundedRect(island, 10, 10)
            for bridge in _bridges(islands, strangers):
                path.addRect(bridge)
            self._path = path.simplified()
        self.update()

    def _enclosed(self, members: set[str]) -> set[str]:
        """Nodes on a path from one member to another (descendants and ancestors of members):
        the computation inside the group, drawn inside its frame though not listed in it.
        Cached until the graph's wiring or the members change."""
        key = (self.gscene.structure_version, frozenset(members))
        if self._enclosed_key != key:
            graph = self.gscene.document.graph
            start = [m for m in members if m in graph]

            def reach(step) -> set[str]:
                seen, todo = set(), list(start)
                while todo:
                    for nxt in step(todo.pop()):
                        if nxt not in seen:
                            seen.add(nxt)
                            todo.append(nxt)
                return seen

            self._enclosed_key = key
            self._enclosed_ids = (reach(graph.successors) & reach(graph.predecessors)) - members
        return self._enclosed_ids

    def islands(self) -> list[QRectF]:
        """The frame's rectangles in scene coordinates, the titled one first."""
        return list(self._islands)

    def outline(self) -> QPainterPath:
        return QPainterPath(self._path)

    def part_label_rect(self, part: QRectF) -> QRectF:
        """Where a split frame's other parts repeat the group's name: their top margin."""
        return QRectF(part.left() + 10, part.top() + 1, part.width() - 20, self.MARGIN - 2)

    def switch_rect(self) -> QRectF:
        r = self._islands[0]
        return QRectF(r.right() - 40, r.top() + 6, 28, 14)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def shape(self) -> QPainterPath:
        # Only the title bar takes clicks: the body must not steal rubber-band drags.
        r = self._islands[0]
        p = QPainterPath()
        p.addRect(QRectF(r.left(), r.top(), r.width(), self.TITLE))
        return p

    def paint(self, painter: QPainter, option, widget=None) -> None:
        t = theme.current()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod >= LOD_TEXT)
        on = self.is_on()
        pen = QPen(QColor(t.group_border), 1.5)
        pen.setCosmetic(True)
        if not on:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(t.group_fill))
        painter.drawPath(self._path)
        if lod < LOD_TEXT:
            return
        painter.setPen(QColor(t.text))
        painter.setFont(theme.font("title"))
        title = self.title() + ("" if on else "  (frozen)")
        head = self._islands[0]
        label_w = self.switch_label_rect().width() + 8 if self.has_switch() else 0
        painter.drawText(QRectF(head.left() + 12, head.top(), head.width() - 60 - label_w, self.TITLE),
                         Qt.AlignmentFlag.AlignVCenter, _elide(title, theme.font("title"), head.width() - 60 - label_w))
        if len(self._islands) > 1:  # the other parts of a split frame: the name, small, in the margin
            painter.setPen(QColor(t.text_muted))
            painter.setFont(theme.font("small"))
            for part in self._islands[1:]:
                painter.drawText(self.part_label_rect(part), Qt.AlignmentFlag.AlignVCenter, self.group.name)
        if not self.has_switch():
            return
        # The switch says what it does: a label beside it, the PyTorch call in its tooltip.
        painter.setPen(QColor(t.text_muted))
        painter.setFont(theme.font("small"))
        painter.drawText(self.switch_label_rect(), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         self.switch_label())
        r = self.switch_rect()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.switch_on if on else t.switch_off))
        painter.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        d = r.height() - 4
        kx = r.right() - d - 2 if on else r.left() + 2
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(QRectF(kx, r.top() + 2, d, d))

    def title(self) -> str:
        return self.group.name

    @staticmethod
    def switch_label() -> str:
        return tr("requires_grad")

    @staticmethod
    def switch_tooltip() -> str:
        return tr("requires_grad for every parameter in this group, like model.requires_grad_(False)")

    def switch_label_rect(self) -> QRectF:
        r = self.switch_rect()
        w = _advance(self.switch_label(), theme.font("small")) + 4
        return QRectF(r.left() - 6 - w, r.top() - 2, w, r.height() + 4)

    def hoverMoveEvent(self, event) -> None:  # noqa: N802
        on_switch = self.has_switch() and self.switch_rect().united(self.switch_label_rect()).adjusted(
            -4, -4, 4, 4).contains(event.pos())
        tip = self.switch_tooltip() if on_switch else ""
        if tip != self.toolTip():
            self.setToolTip(tip)
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.switch_rect().united(self.switch_label_rect()).adjusted(-4, -4, 4, 4).contains(event.pos()):
            event.accept()
            leaves = self.leaf_ids()
            if leaves:
                self.gscene.toggle_requires_grad(leaves, not self.is_on())
            return
        event.ignore()


def _islands(boxes: list[QRectF], strangers: list[QRectF], title: float) -> list[QRectF]:
    """Merge the members' boxes into few rectangles that overlap none of the strangers' cards:
    first fit, column by column, repeated until nothing merges. The top-left island gets the
    title band."""
    def clear(r: QRectF) -> bool:
        return not any(r.intersects(s) for s in strangers)

    islands = sorted(boxes, key=lambda r: (r.left(), r.top()))
    while True:
        out: list[QRectF] = []
        for box in islands:
            for k, island in enumerate(out):
                union = island.united(box)
                if clear(union):
                    out[k] = union
                    break
            else:
                out.append(box)
        if len(out) == len(islands):
            break
        islands = out
    # The title band goes on the largest part that has room above it for one, listed first.
    by_size = sorted(range(len(islands)), key=lambda k: -islands[k].width() * islands[k].height())
    head = next((k for k in by_size if clear(islands[k].adjusted(0, -title, 0, 0))), by_size[0])
    islands.insert(0, islands.pop(head).adjusted(0, -title, 0, 0))
    return islands


def _bridges(islands: list[QRectF], strangers: list[QRectF]) -> list[QRectF]:
    """Where two parts of a frame face each other across a gap with no stranger in it, the band
    between them, so that the parts join into one stepped outline (only the corner that held a
    stranger stays cut out)."""
    out = []
    for i, a in enumerate(islands):
        for b in islands[i + 1:]:
            top, bottom = max(a.top(), b.top()), min(a.bottom(), b.bottom())
            left, right = max(a.left(), b.left()), min(a.right(), b.right())
            if bottom > top and right < left:    # side by side: the band between, where both are
                band = QRectF(right, top, left - right, bottom - top)
                into = band.adjusted(-1, 0, 1, 0)  # a pixel into each part: no seam in the union
            elif right > left and bottom < top:  # one above the other
                band = QRectF(left, bottom, right - left, top - bottom)
                into = band.adjusted(0, -1, 0, 1)
            else:
                continue
            if not any(band.intersects(s) for s in strangers):
                out.append(into)
    return out


class OverviewItem(QGraphicsItem):
    """Draws the whole graph as boxes and straight lines in a handful of batched calls.

    Used when the view is zoomed out below the text level of detail: the node and edge items
    then carry ItemHasNoContents (still hit-testable for clicks and rubber bands, but Qt no
    longer calls thousands of Python paint methods per frame). The batches are cached and
    rebuilt only after something changed."""

    def __init__(self, graph_scene: "GraphScene") -> None:
        super().__init__()
        self.gscene = graph_scene
        self.setZValue(Z_EDGE - 0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self._cache: dict | None = None
        self._rect = QRectF()

    def invalidate(self) -> None:
        if self._cache is not None:
            self._cache = None
            if self.isVisible():
                self.update()

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()

    def _build(self) -> dict:
        from PySide6.QtCore import QLineF

        t = theme.current()
        groups: dict[str, list[QRectF]] = {}
        selected: list[QRectF] = []
        for item in self.gscene.node_items.values():
            if item.inline or not item.isVisible():   # hidden inside a collapsed module too
                continue
            node = item.node
            if item.frozen and node.kind != "const":
                color = t.frozen_header
            else:
                op = _op(node.op) if node.kind == "op" else None
                color = t.header_color(node.kind, op.category if op else None).name(QColor.NameFormat.HexArgb)
            r = QRectF(item.pos().x(), item.pos().y(), W, item.height)
            groups.setdefault(color, []).append(r)
            if item.isSelected():
                selected.append(r)
        live, frozen = [], []
        for e in self.gscene.edge_items.values():
            x0, y0, x1, y1 = e._ends
            (frozen if e.frozen else live).append(QLineF(x0, y0, x1, y1))
        return {"groups": groups, "selected": selected, "live": live, "frozen": frozen}

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._cache is None:
            self._cache = self._build()
        c = self._cache
        t = theme.current()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(t.edge_pen_fast(True))
        if c["frozen"]:
            painter.drawLines(c["frozen"])
        painter.setPen(t.edge_pen_fast(False))
        if c["live"]:
            painter.drawLines(c["live"])
        painter.setPen(Qt.PenStyle.NoPen)
        for color, rects in c["groups"].items():
            painter.setBrush(QColor(color))
            painter.drawRects(rects)
        if c["selected"]:
            pen = QPen(QColor(t.selection), 2)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(c["selected"])
