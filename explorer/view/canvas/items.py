"""The node card of the forward canvas: its state (rows, ports, value labels), geometry and
gestures. Its painting is :class:`~node_paint.NodePaintMixin`; edges and the drag wire are in
:mod:`edges`, group frames in :mod:`groups`, the batched far-zoom drawing in :mod:`overview`,
and the shared card metrics in :mod:`card_metrics`.

Items only *display* the document and the last run; gestures are forwarded to the scene, which
turns them into commands. Painting follows the level of detail (at low zoom a card is a plain
box, text only where it is legible) and reads every colour from :mod:`explorer.view.theme`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainterPath
from PySide6.QtWidgets import QGraphicsItem

from explorer.view import theme
from explorer.view.canvas import card_metrics as M
from explorer.view.canvas.card_metrics import (DEVICE_CACHE, NODE_FLAGS, ROW_OPTION, Z_NODE, advance,
                                               card_height, dtype_name, op_info, row_h)
from explorer.view.canvas.node_paint import NodePaintMixin
from explorer.view.canvas.preview import fmt_array, fmt_shape, heatmap, is_short
from explorer.view.i18n import tr, tr_message
from explorer.view.unfinished import is_unfinished, result_is_unfinished

if TYPE_CHECKING:
    from explorer.view.canvas.scene import GraphScene


class NodeItem(NodePaintMixin, QGraphicsItem):
    """A node card: header (op label, name, requires_grad switch), shape/dtype, value, .grad,
    grad_fn badge (or AccumulateGrad marker), error band; numbered input ports on the left and
    the output port on the right."""

    def __init__(self, graph_scene: "GraphScene", node_id: str) -> None:
        super().__init__()
        self.gscene = graph_scene
        self.node_id = node_id
        # No ItemSendsGeometryChanges/itemChange: a Python itemChange costs a call per flag
        # and position change; the scene re-routes edges itself while dragging.
        self.setFlags(NODE_FLAGS)
        self.setZValue(Z_NODE)
        # Cards are costly to rasterize (rounded shapes, text): keep a device-resolution pixmap
        # and redraw only after update() (a changed display) or a zoom change.
        self.setCacheMode(DEVICE_CACHE)
        self.setAcceptHoverEvents(True)  # per-port tooltips (name, shape, dtype)
        self.in_edges: dict[int, "EdgeItem"] = {}
        self.out_edges: list["EdgeItem"] = []
        self.height = M.HEADER + M.ROW * 2 + M.PAD
        self._width = M.W

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
        op = op_info(node.op)
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
        return (self.frozen, r.grad_fn, r.error, r.computed, r.blocked_by,
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
        kinds = self._row_kinds(node, r)
        self._kinds = kinds = tuple(kinds)
        self._rows_cache = None
        self._heat_cache = None
        if node_changed or self._min_rows is None:
            self._arity = self.arity()
            self._min_rows = max(self._arity, 1)
        height = card_height(kinds, self._min_rows)
        if height != self.height or M.W != self._width:
            self.prepareGeometryChange()
            self.height = height
            self._width = M.W
            self.moved()
        overview = self.gscene.overview
        if overview is not None:
            overview.invalidate()
        tip = self._tooltip(node, r)
        if tip != self._tip:
            self._tip = tip
            self.setToolTip(tip)
        self.update()
        return True

    def _row_kinds(self, node, r) -> list[str]:
        """The kinds of the card's rows (they set its height), before any text is made."""
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
        display = self.gscene.display
        if display is not None:
            # Image export can leave out shapes, values, grads or grad_fn names.
            kinds = [k for k in kinds if display.get(ROW_OPTION.get(k, ""), True)]
        return kinds

    def _tooltip(self, node, r) -> str:
        """The card's tooltip: name and kind, an error, a .grad accumulated over passes."""
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
        return tip

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
        rows.append(self._meta_row(node, r, arr))
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
        badge = self._badge_row(node, r)
        if badge is not None:
            rows.append(badge)
        if "error" in kinds:
            rows.append(("error", "error", tr_message(str(r.error))))
        return [row for row in rows if row[0] in kinds]

    def _meta_row(self, node, r, arr) -> tuple[str, str, str]:
        """The first row: shape and dtype, or why there is no value yet."""
        if arr is not None:
            return ("meta", "", f"{fmt_shape(arr.shape)} · {dtype_name(arr.dtype) if node.kind == 'op' else node.dtype}")
        results = self.gscene.result.results if self.gscene.result is not None else {}
        if r is not None and result_is_unfinished(self.gscene.document, results, self.node_id):
            return ("meta", "", tr("waiting for inputs"))
        if r is not None and r.blocked_by:
            other = self.gscene.document.nodes.get(r.blocked_by)
            return ("meta", "", tr("not computed: '{name}' failed").format(name=other.name if other else r.blocked_by))
        return ("meta", "", tr("not computed") if r is not None else tr("not run yet"))

    def _badge_row(self, node, r) -> tuple[str, str, str] | None:
        """The grad_fn badge: AccumulateGrad (×n) for a leaf, the op's grad_fn, or None."""
        if node.kind == "leaf":
            passes = 0 if (r is None or self.frozen) else r.accumulated
            # "×2": the grad holds two backward passes (Backward pressed again without Zero grad)
            accumulate = "AccumulateGrad" if passes < 2 else f"AccumulateGrad ×{passes}"
            return ("badge", "accumulate" if not self.frozen else "none",
                    accumulate if not self.frozen else "grad_fn=None")
        if node.kind == "op":
            if self.frozen:
                return ("badge", "none", "grad_fn=None")
            if r is not None and r.grad_fn:
                return ("badge", "grad_fn", r.grad_fn)
            return ("badge", "pending", "grad_fn …")
        return None

    def moved(self) -> None:
        """The card moved or changed height: re-route its edges, resize its group frame."""
        for e in self.out_edges:
            e.update_path()
        for e in self.in_edges.values():
            e.update_path()
        self.gscene.node_geometry_changed(self)

    # ------------------------------------------------------------------ geometry
    def boundingRect(self) -> QRectF:  # noqa: N802
        left = M.PILL_W + M.PORT_R + 2 if self.has_pills() else M.PORT_R + 2
        return QRectF(-left, -2, M.W + left + M.PORT_R + 2, self.height + 8)

    def shape(self) -> QPainterPath:
        p = QPainterPath()
        p.addRoundedRect(QRectF(-M.PORT_R, 0, M.W + 2 * M.PORT_R, self.height), M.RADIUS, M.RADIUS)
        for _port, rect, _text, _kind in self.port_pills():
            p.addRect(rect)
        return p

    # ------------------------------------------------------------------ input ports: names and typed values
    def port_name(self, port: int) -> str:
        op = op_info(self.node.op)
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
            w = min(M.PILL_W, advance(text, font) + 12 * theme.font_scale)
            c = self.input_port_pos(i)
            h = M.ROW - 2
            out.append((i, QRectF(c.x() - M.PORT_R - 3 - w, c.y() - h / 2, w, h), text, state))
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
        value = src.node.value if src.node.kind != "op" else (src.result.value if src.result is not None else None)
        if value is None:
            return head + "\n" + tr("from '{name}' (not run yet)").format(name=src.node.name)
        arr = np.asarray(value)
        return head + "\n" + tr("from '{name}': {shape} · {dtype}").format(
            name=src.node.name, shape=fmt_shape(arr.shape), dtype=dtype_name(arr.dtype))

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, M.W, self.height)

    def input_port_pos(self, port: int) -> QPointF:
        return QPointF(0.0, M.HEADER + M.PAD + M.ROW / 2 + port * M.ROW)

    def output_port_pos(self) -> QPointF:
        return QPointF(M.W, M.HEADER / 2)

    def input_port_scene_pos(self, port: int) -> QPointF:
        return self.mapToScene(self.input_port_pos(port))

    def output_port_scene_pos(self) -> QPointF:
        return self.mapToScene(self.output_port_pos())

    def port_at(self, pos: QPointF) -> tuple[str, int] | None:
        """("out", 0) or ("in", i) when ``pos`` (item coordinates) is on a port."""
        op = self.output_port_pos()
        if (pos - op).manhattanLength() <= M.PORT_HIT * 1.4:
            return ("out", 0)
        for i in range(self.arity()):
            if (pos - self.input_port_pos(i)).manhattanLength() <= M.PORT_HIT * 1.4:
                return ("in", i)
        return None

    def switch_rect(self) -> QRectF:
        k = theme.font_scale
        return QRectF(M.W - 38 * k, (M.HEADER - 14 * k) / 2, 28 * k, 14 * k)

    def name_rect(self) -> QRectF:
        return QRectF(8, 0, M.W - 50 * theme.font_scale, M.HEADER)

    def value_rect(self) -> QRectF:
        y = M.HEADER + M.PAD
        for kind in self._kinds:
            h = row_h(kind)
            if kind == "value":
                return QRectF(M.BODY_X - 4, y, M.W - M.BODY_X, h)
            y += h
        return QRectF(M.BODY_X - 4, M.HEADER + M.PAD, M.W - M.BODY_X, M.ROW)

    # ------------------------------------------------------------------ painting
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
        if pos.y() <= M.HEADER:
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
