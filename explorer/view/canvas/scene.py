"""The forward canvas scene: mirrors the document, shows the last run, turns gestures into commands.

The document is the single source of truth. The scene subscribes to its events and creates,
updates or removes items accordingly; it never writes to the document except by pushing
commands through ``undo_stack.push_command``. Node positions are taken from the document; a drag
moves the items live and pushes one MoveNodesCommand on release.
"""
from __future__ import annotations

import gc
from typing import Any

import numpy as np
from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QToolTip

from explorer.model import fileformat
from explorer.model.commands import SetPortLiteralCommand, is_port_literal
from explorer.model.document import Document, DocumentError, Edge, Event
from explorer.model.language import ScriptError, parse_script, to_script
from explorer.view import theme
from explorer.view.canvas import edits
from explorer.view.canvas.edges import EdgeItem, WireItem
from explorer.view.canvas.groups import GroupItem
from explorer.view.canvas.items import NodeItem
from explorer.view.canvas.overview import OverviewItem
from explorer.view.canvas.module_groups import ModuleCards, frame_class
from explorer.view.canvas.preview import fmt_array
from explorer.view.canvas.relay import weak_relay
from explorer.view.i18n import tr, tr_message

FRAGMENT_MIME = "application/x-autograd-explorer-fragment+json"
W_DOC = 196.0        # a card's width in document units


class GraphScene(QGraphicsScene):
    selection_ids_changed = Signal(list)
    message = Signal(str)
    node_activated = Signal(str)
    # Image export's row switches ({"values": False, ...}); None on screen = every row.
    display: dict[str, bool] | None = None

    def __init__(self, document: Document, undo_stack, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.undo_stack = undo_stack
        self.node_items: dict[str, NodeItem] = {}
        self.edge_items: dict[Edge, EdgeItem] = {}
        self.group_items: dict[str, GroupItem] = {}
        self.structure_version = 0  # bumped on every change to the wiring
        self.result: Any = None
        self.show_edge_grads = False
        self.wire: WireItem | None = None
        self._wire_from: tuple[NodeItem, str, int] | None = None
        self._detached: Edge | None = None
        self._press_positions: dict[str, tuple[float, float]] | None = None
        self._rg: dict[str, bool] = {}
        self._muted_selection = False
        self._editor = None
        self.overview_active = False
        self.overview: OverviewItem | None = None
        self.last_scene_pos = QPointF(0, 0)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.module_cards = ModuleCards(self)
        self._closed = False
        self.selectionChanged.connect(weak_relay(self, "_on_selection_changed"))
        document.subscribe(self._on_event)
        theme.on_change(self._on_theme)
        self.rebuild()

    def close(self) -> None:
        """Stop mirroring (the window calls this before dropping the scene)."""
        self._closed = True
        self.document.unsubscribe(self._on_event)
        theme.remove_listener(self._on_theme)

    # ------------------------------------------------------------------ mirroring
    def rebuild(self) -> None:
        """Drop every item and recreate them from the document (load, New, reset)."""
        self._close_editor()
        self.cancel_wire()
        self._muted_selection = True
        self.clear()
        self.node_items.clear()
        self.edge_items.clear()
        self.group_items.clear()
        self.module_cards.reset()
        self.result = None
        self.overview = OverviewItem(self)
        self.overview.setVisible(self.overview_active)
        self.addItem(self.overview)
        doc = self.document
        # Build without the BSP index (re-indexing per insert is the slow part of a load).
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        # Thousands of new wrapper objects would trigger full garbage collections mid-build
        # (~90 ms on a 2,000-node graph); nothing built here is garbage.
        gc_was_on = gc.isenabled()
        gc.disable()
        try:
            self._rg = {}
            self._rg = doc.static_requires_grad()
            root = doc.root
            k = theme.font_scale
            node_items = self.node_items
            add = self.addItem
            for nid, node in doc.nodes.items():
                item = NodeItem(self, nid)
                item.static_rg = self._rg.get(nid, False)
                item.is_root = nid == root
                item.refresh()
                pos = node.pos
                item.setPos(float(pos[0]) * k, float(pos[1]) * k)
                if self.overview_active:
                    self._apply_overview_flag(item)
                node_items[nid] = item
                add(item)
            edge_items = self.edge_items
            hidden = self.overview_active
            for src_id, dst_id, port in doc.graph.edges(keys=True):
                edge = Edge(src_id, dst_id, port)
                src, dst = node_items[src_id], node_items[dst_id]
                item = EdgeItem(self, edge, src, dst)
                if hidden:
                    item.setVisible(False)
                src.out_edges.append(item)
                dst.in_edges[port] = item
                edge_items[edge] = item
                add(item)
            for nid, node in doc.nodes.items():
                if node.kind == "const" and node.params:
                    self._sync_literal(nid)
            for gid in doc.groups:
                self._add_group_item(gid)
            self.module_cards.sync()
            self._refresh_edges()
        finally:
            if gc_was_on:
                gc.enable()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self._muted_selection = False
        self._grow_scene_rect()

    def content_rect(self) -> QRectF:
        """The union of the cards and group frames (what "fit" and image export frame)."""
        rect = QRectF()
        if self.node_items:
            # Cards are neither rotated nor scaled: their scene boxes are plain arithmetic,
            # far cheaper than 2,000 sceneBoundingRect() calls (each calls boundingRect()).
            left = top = float("inf")
            right = bottom = float("-inf")
            for item in self.node_items.values():
                if item.inline or not item.isVisible():  # hidden in a collapsed module
                    continue
                r = item.boundingRect()
                x, y = item.x() + r.x(), item.y() + r.y()
                if x < left:
                    left = x
                if y < top:
                    top = y
                x += r.width()
                y += r.height()
                if x > right:
                    right = x
                if y > bottom:
                    bottom = y
            if right >= left:
                rect = QRectF(left, top, right - left, bottom - top)
        for item in self.group_items.values():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        for card in self.module_cards.card_rects():
            rect = rect.united(card)
        return rect

    def _grow_scene_rect(self) -> None:
        content = self.content_rect()
        self.overview.set_rect(content.adjusted(-20, -20, 20, 20))
        self.setSceneRect(content.adjusted(-2000, -2000, 2000, 2000))

    def _on_event(self, event: Event) -> None:
        kind = event.kind
        if kind in ("node_added", "node_removed", "edge_added", "edge_removed", "reset"):
            self.structure_version += 1  # group frames recompute what lies between members
        if kind == "reset":
            self.rebuild()
            return
        if kind == "node_added":
            nid = event.node_id
            item = NodeItem(self, nid)
            item.setPos(self.to_scene(self.document.nodes[nid].pos))
            self.node_items[nid] = item
            self._apply_overview_flag(item, new=True)
            self.addItem(item)
            self._update_rg([nid])
            item.refresh(force=True)
            self._ensure_in_rect(item)
            self._reframe(nid, item.sceneBoundingRect())
            self._sync_literal(nid)
        elif kind == "node_removed":
            item = self.node_items.pop(event.node_id, None)
            self._rg.pop(event.node_id, None)
            if item is not None:
                rect = item.sceneBoundingRect()
                self.removeItem(item)
                self._reframe(event.node_id, rect)
            self.overview.invalidate()
        elif kind == "node_changed":
            item = self.node_items.get(event.node_id)
            if item is None:
                return
            fields = set(event.fields)
            if "pos" in fields:
                target = self.to_scene(self.document.nodes[event.node_id].pos)
                if item.pos() != target:
                    item.setPos(target)
                    item.moved()
                self._ensure_in_rect(item)
            if fields - {"pos"}:
                if "requires_grad" in fields:
                    self._stale()
                    self._update_rg([event.node_id])
                    for g in self.group_items.values():
                        g.update()
                item.refresh()
                if item.inline:
                    for e in item.out_edges:
                        e.dst.prepareGeometryChange()
                        e.dst.update()
        elif kind == "edge_added":
            self._stale()
            self._add_edge_item(event.edge)
            self._sync_literal(event.edge.src)
            self._update_rg([event.edge.dst])
            self.node_items[event.edge.dst].refresh(force=True)
            self.node_items[event.edge.src].update()
        elif kind == "edge_removed":
            self._stale()
            item = self.edge_items.pop(event.edge, None)
            if item is not None:
                item.src.out_edges.remove(item)
                if item.dst.in_edges.get(event.edge.port) is item:
                    item.dst.prepareGeometryChange()  # an open port label comes back
                    del item.dst.in_edges[event.edge.port]
                self.removeItem(item)
                item.src.update()
                item.dst.update()
                self.overview.invalidate()
            if event.edge.src in self.node_items:
                self._sync_literal(event.edge.src)
            if event.edge.dst in self.node_items:
                self._update_rg([event.edge.dst])
        elif kind == "group_added":
            self._add_group_item(event.group_id)
            self.module_cards.mark_dirty()
        elif kind == "group_removed":
            item = self.group_items.pop(event.group_id, None)
            if item is not None:
                self.removeItem(item)
            self.module_cards.mark_dirty()
        elif kind == "group_changed":
            item = self.group_items.get(event.group_id)
            if item is not None:
                item.update_geometry()
            self.module_cards.mark_dirty()
        elif kind == "root_changed":
            self._stale()
            self._set_root_marker()

    def _sync_literal(self, node_id: str) -> None:
        """Hide a port literal's card and wire (its consumer draws the value in the port);
        show them again when it stops being one (wired to a second port, say)."""
        item = self.node_items.get(node_id)
        if item is None:
            return
        inline = is_port_literal(self.document, node_id)
        if inline == item.inline:
            return
        item.inline = inline
        item.setVisible(not inline)
        if inline and item.isSelected():
            item.setSelected(False)
        for e in item.out_edges:
            e.setVisible(not inline and not self.overview_active)
            e.dst.prepareGeometryChange()
            e.dst.update()
        self.overview.invalidate()

    def is_literal(self, node_id: str) -> bool:
        item = self.node_items.get(node_id)
        return item is not None and item.inline

    def _ensure_in_rect(self, item) -> None:
        r = item.sceneBoundingRect()
        if not self.overview.boundingRect().contains(r):
            self.overview.set_rect(self.overview.boundingRect().united(r.adjusted(-20, -20, 20, 20)))
        if not self.sceneRect().contains(r):
            self.setSceneRect(self.sceneRect().united(r.adjusted(-2000, -2000, 2000, 2000)))

    def _add_edge_item(self, edge: Edge) -> EdgeItem:
        src, dst = self.node_items[edge.src], self.node_items[edge.dst]
        item = EdgeItem(self, edge, src, dst)
        dst.prepareGeometryChange()  # its port labels may go
        self._apply_overview_flag(item, new=True)
        self.overview.invalidate()
        src.out_edges.append(item)
        dst.in_edges[edge.port] = item
        self.edge_items[edge] = item
        self.addItem(item)
        return item

    def flush_module_cards(self) -> None:
        self.module_cards.flush()

    def _add_group_item(self, gid: str) -> None:
        item = frame_class(self, gid)(self, gid)
        self.group_items[gid] = item
        self.addItem(item)

    def _set_root_marker(self) -> None:
        root = self.document.root
        nodes = self.document.nodes
        for nid, item in self.node_items.items():
            if nid not in nodes:
                # Deleting the root: the document drops the node, says the root changed, then
                # that the node went. Refreshing its card here raised KeyError, which cut the
                # node_removed event short: the card stayed on the canvas and crashed the next
                # paint (Select All + Delete took the whole app down).
                continue
            is_root = nid == root
            if item.is_root != is_root:
                item.is_root = is_root
                item.refresh()

    # ------------------------------------------------------------------ document <-> scene coordinates
    # The font scale (presentation mode) magnifies cards *and* the space between them, so a
    # larger font never makes cards overlap; document positions stay at scale 1.
    @staticmethod
    def to_scene(pos) -> QPointF:
        k = theme.font_scale
        return QPointF(float(pos[0]) * k, float(pos[1]) * k)

    @staticmethod
    def to_doc(point: QPointF) -> tuple[float, float]:
        k = theme.font_scale
        return (round(point.x() / k, 1), round(point.y() / k, 1))

    # ------------------------------------------------------------------ level of detail
    def set_overview(self, on: bool) -> None:
        """Zoomed far out: draw everything through the batched overview item instead of
        thousands of per-item paint calls. Cards stay clickable (they only stop painting);
        edges are hidden outright, which also spares Qt from visiting them every frame (at
        this zoom a hairline is not something one clicks)."""
        on = bool(on)
        if on == self.overview_active:
            return
        self.overview_active = on
        for item in self.node_items.values():
            self._apply_overview_flag(item)
        for item in self.edge_items.values():
            self._apply_overview_flag(item)
        self.overview.invalidate()
        self.overview.setVisible(on)

    def _apply_overview_flag(self, item, new: bool = False) -> None:
        if new and not self.overview_active:
            return  # a new item is drawn normally already
        if isinstance(item, EdgeItem):
            item.setVisible(not self.overview_active and not item.src.inline)
        else:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, self.overview_active)

    def node_geometry_changed(self, item: NodeItem) -> None:
        self.overview.invalidate()
        self._reframe(item.node_id, item.sceneBoundingRect())

    def _reframe(self, node_id: str, rect: QRectF) -> None:
        """Re-shape the group frames a card's arrival, move or departure can change: its own
        groups, and frames it enters or leaves as a stranger (they split to keep it out)."""
        for g in self.group_items.values():
            if node_id in g.group.members or g.strangers or g.boundingRect().intersects(rect):
                g.update_geometry()

    def _on_theme(self) -> None:
        self.overview.invalidate()
        for nid, item in self.node_items.items():
            item.refresh(force=True)
            target = self.to_scene(self.document.nodes[nid].pos)
            if item.pos() != target:
                item.setPos(target)
                item.moved()
        self._grow_scene_rect()
        self.update()

    # ------------------------------------------------------------------ requires_grad (static)
    def _update_rg(self, starts: list[str]) -> None:
        """Recompute the flags of ``starts`` and their downstream cone; repaint what changed."""
        doc = self.document
        order = doc.adjacency.cone_order(starts)
        new = doc.static_requires_grad(order, known=self._rg)
        changed = [nid for nid in order if new.get(nid) != self._rg.get(nid)]
        self._rg = new
        for nid in order:
            item = self.node_items.get(nid)
            if item is not None and item.static_rg != new[nid]:
                item.static_rg = new[nid]
                item.refresh()
        if changed:
            self._refresh_edges({e for nid in order for e in (*doc.in_edges(nid), *doc.out_edges(nid))})

    def _stale(self) -> None:
        """The structure changed: the last run no longer says what is in the backward graph."""
        changed = set()
        for nid, item in self.node_items.items():
            if not item.in_backward:
                item.in_backward = True
                item.refresh()
                changed.add(nid)
        if changed:
            doc = self.document
            self._refresh_edges({e for nid in changed for e in (*doc.in_edges(nid), *doc.out_edges(nid))})

    def _refresh_edges(self, edges=None) -> None:
        items = self.edge_items.values() if edges is None else [self.edge_items[e] for e in edges if e in self.edge_items]
        r = self.result
        changed = 0
        for item in items:
            # The runner's rule: an edge is in the backward graph iff both ends are.
            frozen = item.src.frozen or item.dst.frozen
            label = None
            if self.show_edge_grads and r is not None and not frozen:
                g = getattr(r, "edge_grads", {}).get(item.edge)
                if g is not None:
                    label = fmt_array(g)
            changed += item.set_state(frozen, label)
        return changed

    # ------------------------------------------------------------------ results
    _fresh = False

    def show_results(self, result: Any) -> int:
        """Show a RunResult (or None): values, grads, grad_fn badges, greyed parts, errors.
        Only items whose display changed are repainted; returns how many changed."""
        self.result = result
        self._fresh = result is not None
        results = getattr(result, "results", {}) if result is not None else {}
        # With no root (or a frozen root) nothing is "in the backward graph": fall back on
        # requires_grad alone so a graph without a root is not all grey.
        use_bw = result is not None and bool(result.backward_nodes)
        changed = 0
        for nid, item in self.node_items.items():
            r = results.get(nid)
            item.result = r
            item.in_backward = (r.in_backward_graph if (r is not None and use_bw) else True)
            changed += item.refresh(node_changed=False)
        changed += self._refresh_edges()
        if changed:
            self.overview.invalidate()
        return changed

    def set_show_edge_grads(self, on: bool) -> None:
        self.show_edge_grads = bool(on)
        self._refresh_edges()

    def set_step_highlight(self, node_ids=(), edges=()) -> None:
        """Reserved for step-through: emphasise the nodes and edges of the current step."""
        ids = set(node_ids)
        for nid, item in self.node_items.items():
            item.setOpacity(1.0 if not ids or nid in ids else 0.55)

    # ------------------------------------------------------------------ selection
    def selected_ids(self) -> list[str]:
        return [i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edges(self) -> list[Edge]:
        return [i.edge for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def select_ids(self, ids, emit: bool = False) -> None:
        """Select exactly these nodes. Programmatic, so no signal unless ``emit`` (two synced
        views would otherwise bounce the selection back and forth)."""
        ids = set(ids)
        if ids == set(self.selected_ids()) and not emit:
            return
        self._muted_selection = True
        try:
            self.clearSelection()
            for nid in ids:
                item = self.node_items.get(nid)
                if item is not None:
                    item.setSelected(True)
        finally:
            self._muted_selection = False
        if emit:
            self.selection_ids_changed.emit(self.selected_ids())

    def _on_selection_changed(self) -> None:
        if self.overview is not None:
            self.overview.invalidate()
        if not self._muted_selection:
            self.selection_ids_changed.emit(self.selected_ids())

    # ------------------------------------------------------------------ commands
    def push(self, command) -> bool:
        return bool(self.undo_stack.push_command(command))

    def refuse(self, message: str, screen_pos=None) -> None:
        self.message.emit(message)
        if screen_pos is not None:
            QToolTip.showText(screen_pos, message)

    def toggle_requires_grad(self, ids: list[str], flag: bool) -> bool:
        return self.push(edits.set_requires_grad(ids, flag))

    def delete_selection(self) -> bool:
        ids = self.with_literals(self.selected_ids())
        edges = [e for e in self.selected_edges() if e.src not in ids and e.dst not in ids]
        cmds = []
        if edges:
            cmds.append(edits.disconnect(edges))
        if ids:
            cmds.append(edits.remove_nodes(ids))
        if not cmds:
            return False
        return self.push(cmds[0] if len(cmds) == 1 else edits.macro("Delete", cmds))

    def with_literals(self, ids: list[str]) -> list[str]:
        """``ids`` plus the port literals typed on their inputs (they go and come with their op)."""
        out = list(ids)
        for nid in ids:
            item = self.node_items.get(nid)
            if item is not None:
                out += [e.src.node_id for e in item.in_edges.values() if e.src.inline and e.src.node_id not in out]
        return out

    def free_position(self, pos: tuple[float, float], size: tuple[float, float] = (196.0, 90.0),
                      avoid: set[str] = frozenset()) -> tuple[float, float]:
        """``pos`` (document coordinates, a card's top-left), moved down in steps until a card of
        ``size`` there overlaps no other card (with a margin for the port labels)."""
        boxes = []
        for nid, item in self.node_items.items():
            if item.inline or nid in avoid:
                continue
            x, y = self.document.nodes[nid].pos
            boxes.append(QRectF(x - 10, y - 10, W_DOC + 20, item.height / theme.font_scale + 20))
        x, y = pos
        for _ in range(200):
            r = QRectF(x, y, size[0], size[1])
            hit = [b for b in boxes if b.intersects(r)]
            if not hit:
                return (round(x, 1), round(y, 1))
            y = max(b.bottom() for b in hit) + 1
        return (round(x, 1), round(y, 1))

    def add_node(self, kind: str, op: str | None, pos: QPointF,
                 connect: tuple[str, str, int] | None = None) -> str | None:
        """Add a leaf, a constant or an op node with its top-left corner near ``pos``.

        ``connect`` = (side, node id, port) of the port a wire was dragged from: the new node
        is added already wired to it (its first input, or its output), in one undo step."""
        doc = self.document
        p = self.to_doc(pos)
        if connect is None:
            p = self.free_position(p)
        try:
            if kind == "leaf":
                node = edits.new_leaf(doc, p)
            elif kind == "const":
                node = edits.new_const(doc, p)
            else:
                node = edits.new_op(doc, op, p)
        except DocumentError as exc:
            self.refuse(str(exc))
            return None
        wires = []
        if connect is not None:
            side, other, port = connect
            if side == "out" and node.kind == "op" and doc_arity(node) > 0:
                wires.append(Edge(other, node.id, 0))
            elif side == "in":
                wires.append(Edge(node.id, other, port))
        if self.push(edits.add_node(node, wires)):
            self.select_ids([node.id], emit=True)
            return node.id
        return None

    def insert_expression(self, text: str, pos: QPointF) -> list[str]:
        """Insert the sub-graph of an expression typed in the add-node popup (``3*a**3 - b**2``)
        with its top-left near ``pos``, clear of other cards; one undo step. Returns the new
        cards' ids (selected), or [] with the reason in the messages."""
        from explorer.model.insert import parse_insertion

        try:
            ins = parse_insertion(self.document, text)
        except ScriptError as exc:
            self.refuse(tr("cannot insert the expression: {error}").format(error=tr_message(exc.message)))
            return []
        frag = ins.fragment
        cards = [n for n in frag.nodes.values() if n.params.get("inline") is not True]
        x0 = min(n.pos[0] for n in cards)
        y0 = min(n.pos[1] for n in cards)
        w = max(n.pos[0] for n in cards) - x0 + W_DOC
        h = max(n.pos[1] for n in cards) - y0 + 110
        x, y = self.free_position(self.to_doc(pos), (w, h))
        cmd = ins.command((x - x0, y - y0))
        if not self.push(cmd):
            return []
        ids = [cmd.id_map[n.id] for n in cards]
        self.select_ids(ids, emit=True)
        return ids

    # ------------------------------------------------------------------ moving (one undo step per drag)
    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.last_scene_pos = event.scenePos()
        super().mousePressEvent(event)
        grabber = self.mouseGrabberItem()
        if event.button() == Qt.MouseButton.LeftButton and isinstance(grabber, NodeItem) and self.wire is None:
            self._press_positions = {i.node_id: tuple(self.document.nodes[i.node_id].pos)
                                     for i in self.selectedItems() if isinstance(i, NodeItem)}
            self._press_positions.setdefault(grabber.node_id, tuple(self.document.nodes[grabber.node_id].pos))
        else:
            self._press_positions = None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        self.last_scene_pos = event.scenePos()
        super().mouseMoveEvent(event)
        if self._press_positions:
            # Qt moved the dragged cards; their wires and group frames follow live.
            for nid in self._press_positions:
                item = self.node_items.get(nid)
                if item is not None:
                    item.moved()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        pressed, self._press_positions = self._press_positions, None
        if not pressed:
            return
        moved = {}
        for nid in pressed:
            item = self.node_items.get(nid)
            if item is None:
                continue
            new = self.to_doc(item.pos())
            if new != tuple(round(v, 1) for v in pressed[nid]):
                moved[nid] = new
        for nid in pressed:
            if nid in self.node_items:
                self._ensure_in_rect(self.node_items[nid])
        if moved:
            # The items already sit at their new place; the command records it in the document.
            if not self.push(edits.move(moved, "Move" if len(moved) == 1 else f"Move {len(moved)} nodes")):
                for nid in moved:
                    self.node_items[nid].setPos(self.to_scene(self.document.nodes[nid].pos))
                    self.node_items[nid].moved()

    # ------------------------------------------------------------------ wires
    def begin_wire(self, item: NodeItem, port: tuple[str, int], scene_pos: QPointF) -> None:
        side, index = port
        self._detached = None
        if side == "in" and index in item.in_edges and not item.in_edges[index].src.inline:
            # Picking up a connected input detaches its wire: drop it elsewhere to re-plug it.
            edge = item.in_edges[index].edge
            self._detached = edge
            src = self.node_items[edge.src]
            self._wire_from = (src, "out", 0)
            anchor = src.output_port_scene_pos()
            from_output = True
        else:
            self._wire_from = (item, side, index)
            anchor = item.output_port_scene_pos() if side == "out" else item.input_port_scene_pos(index)
            from_output = side == "out"
        self.wire = WireItem(from_output, anchor)
        self.addItem(self.wire)
        self.wire.set_end(scene_pos)

    def move_wire(self, scene_pos: QPointF) -> None:
        if self.wire is not None:
            self.wire.set_end(scene_pos)
            self._hint(scene_pos)

    def cancel_wire(self) -> None:
        self._hint(None)
        if self.wire is not None:
            self.removeItem(self.wire)
        self.wire = None
        self._wire_from = None
        self._detached = None

    def finish_wire(self, scene_pos: QPointF, screen_pos=None) -> bool:
        """Drop the wire: connect if the document accepts, otherwise say why (and change nothing)."""
        origin, detached = self._wire_from, self._detached
        self.cancel_wire()
        if origin is None:
            return False
        item, side, index = origin
        target = self._node_at(scene_pos, exclude=None)
        if target is None:
            if detached is not None:
                return self.push(edits.disconnect(detached))
            # Dropped on empty canvas: offer the add-node popup; the new node comes connected.
            views = self.views()
            if views and hasattr(views[0], "open_search_popup"):
                views[0].open_search_popup(scene_pos, connect=(side, item.node_id, index))
            return False
        edge = self._wire_edge(item, side, index, target, scene_pos)
        if detached is not None and edge == detached:
            return False
        literal = self.document.edge_into(edge.dst, edge.port)
        if literal is not None and self.is_literal(literal.src) and detached is None:
            # A wire dropped on a port that holds a typed value replaces the value.
            probe = self.document.copy()
            probe.graph.remove_edge(literal.src, literal.dst, key=literal.port)
            try:
                probe.check_edge(edge)
            except DocumentError as exc:
                self.refuse(str(exc), screen_pos)
                return False
            return self.push(edits.macro("Connect", [SetPortLiteralCommand(edge.dst, edge.port, None),
                                                     edits.connect(edge)]))
        probe = self.document
        if detached is not None:
            probe = self.document.copy()
            probe.graph.remove_edge(detached.src, detached.dst, key=detached.port)
        try:
            probe.check_edge(edge)
        except DocumentError as exc:
            self.refuse(str(exc), screen_pos)
            return False
        if detached is not None:
            return self.push(edits.macro("Reconnect", [edits.disconnect(detached), edits.connect(edge)]))
        return self.push(edits.connect(edge))

    @staticmethod
    def _wire_edge(item: NodeItem, side: str, index: int, target: NodeItem, scene_pos: QPointF) -> Edge:
        """The edge a drop on ``target`` means: the input port under the cursor, else the
        first free input (else input 1, which the document then refuses as occupied)."""
        if side == "out":
            port = target.port_at(target.mapFromScene(scene_pos))
            if port is not None and port[0] == "in":
                p = port[1]
            else:
                free = [i for i in range(target.arity())
                        if i not in target.in_edges or target.in_edges[i].src.inline]
                p = free[0] if free else 0
            return Edge(item.node_id, target.node_id, p)
        return Edge(target.node_id, item.node_id, index)

    def _hint(self, scene_pos: QPointF | None) -> None:
        """While wiring: ring the port the wire would plug into, green if allowed, red if not."""
        old = self._hinted
        new = None
        if scene_pos is not None and self._wire_from is not None:
            item, side, index = self._wire_from
            target = self._node_at(scene_pos)
            if target is not None:
                edge = self._wire_edge(item, side, index, target, scene_pos)
                ok = True
                if edge != self._detached:
                    try:
                        self.document.check_edge(edge)
                    except DocumentError:
                        ok = edge.port in target.in_edges and (target.in_edges[edge.port].edge == self._detached
                                                               or target.in_edges[edge.port].src.inline)
                    except Exception:
                        ok = False
                port = ("in", edge.port) if target.node_id == edge.dst else ("out", 0)
                new = (target, port, ok)
        if old is not None and (new is None or old[0] is not new[0] or old[1:] != new[1:]):
            old[0].hint = None
            old[0].update()
        if new is not None:
            new[0].hint = new[1:]
            new[0].update()
        self._hinted = new

    _hinted = None

    def _node_at(self, scene_pos: QPointF, exclude=None) -> NodeItem | None:
        cards = [it for it in self.items(scene_pos) if isinstance(it, NodeItem) and it is not exclude
                 and it.isVisible()]
        # A port, then a card body, before a port label that reaches over from a neighbour.
        for it in cards:
            if it.port_at(it.mapFromScene(scene_pos)) is not None:
                return it
        for it in cards:
            if it.card_rect().contains(it.mapFromScene(scene_pos)):
                return it
        for it in cards:
            return it
        # Generous drop target: a port dot sticks out of the card.
        for it in self.items(QRectF(scene_pos.x() - 8, scene_pos.y() - 8, 16, 16)):
            if isinstance(it, NodeItem) and it.isVisible():
                return it
        return None

    # ------------------------------------------------------------------ inline editors
    def begin_rename(self, node_id: str) -> None:
        from explorer.view.canvas.editors import InlineEditor

        item = self.node_items[node_id]
        node = self.document.nodes[node_id]
        rect = item.mapRectToScene(item.name_rect().adjusted(30, 3, 0, -3))

        def commit(text: str) -> str | None:
            text = text.strip()
            if text == node.name:
                return None
            try:
                self.document.check_name(text, node_id)
            except DocumentError as exc:
                return str(exc)
            return None if self.push(edits.rename(node_id, text)) else tr("the name was refused")

        self._open_editor(InlineEditor(self, rect, node.name, commit, "rename"))

    def begin_value_edit(self, node_id: str) -> None:
        from explorer.view.canvas.editors import InlineEditor
        from explorer.view.canvas.preview import parse_value

        item = self.node_items[node_id]
        node = self.document.nodes[node_id]
        rect = item.mapRectToScene(item.value_rect())
        rect.setWidth(max(rect.width(), 170))

        def commit(text: str) -> str | None:
            try:
                value = parse_value(text, node.dtype)
            except ValueError as exc:
                return str(exc)
            if node.value is not None and value.shape == node.value.shape and np.array_equal(value, node.value, equal_nan=True):
                return None
            try:
                ok = self.push(edits.set_value(node_id, value))
            except DocumentError as exc:
                return str(exc)
            return None if ok else tr("the value was refused")

        self._open_editor(InlineEditor(self, rect, _value_text(node.value), commit, "value"))

    def begin_literal_edit(self, node_id: str, port: int) -> None:
        """Type a value on input ``port`` (a number or a tensor literal; empty text removes it)."""
        from explorer.view.canvas.editors import InlineEditor
        from explorer.view.canvas.preview import parse_value

        item = self.node_items[node_id]
        pill = next((r for p, r, _t, _k in item.port_pills() if p == port), None)
        if pill is None:
            return
        rect = item.mapRectToScene(pill)
        rect.setLeft(rect.right() - max(rect.width(), 110))
        state, literal = item.port_state(port)
        dtype = literal.dtype if state == "literal" else "float32"
        start = _value_text(literal.value) if state == "literal" else ""

        def commit(text: str) -> str | None:
            text = text.strip()
            if not text:
                if state != "literal":
                    return None
                return None if self.push(SetPortLiteralCommand(node_id, port, None)) else tr("the value was refused")
            try:
                value = parse_value(text, dtype)
            except ValueError as exc:
                return str(exc)
            try:
                ok = self.push(SetPortLiteralCommand(node_id, port, value, dtype))
            except DocumentError as exc:
                return str(exc)
            return None if ok else tr("the value was refused")

        self._open_editor(InlineEditor(self, rect, start, commit, "value"))

    def _open_editor(self, editor) -> None:
        self._close_editor()
        self._editor = editor
        editor.open()

    def _close_editor(self) -> None:
        if self._editor is not None:
            ed, self._editor = self._editor, None
            ed.close()

    def editor_closed(self, editor) -> None:
        if self._editor is editor:
            self._editor = None

    # ------------------------------------------------------------------ clipboard
    def copy_selection(self) -> bool:
        """Copy the selected nodes: a document fragment (JSON, for pasting on a canvas) and,
        when they form a closed graph, a script as plain text (for the code editor)."""
        ids = self.with_literals(self.selected_ids())
        if not ids:
            return False
        frag = edits.fragment(self.document, ids)
        mime = QMimeData()
        raw = fileformat.dumps(frag)
        mime.setData(FRAGMENT_MIME, raw.encode("utf-8"))
        mime.setText(self._fragment_text(frag, raw))
        QGuiApplication.clipboard().setMimeData(mime)
        return True

    @staticmethod
    def _fragment_text(frag: Document, fallback: str) -> str:
        """The copied nodes as a script when every op input is among them; else ``fallback``."""
        for nid, node in frag.nodes.items():
            if node.kind == "op" and len(frag.in_edges(nid)) < frag.arity(nid):
                return fallback
        try:
            return to_script(frag)
        except Exception:  # printing is a convenience: the JSON fragment is always there
            return fallback

    def paste(self, at: QPointF | None = None) -> bool:
        frag = self._fragment_from_clipboard()
        if isinstance(frag, str):
            self.message.emit(frag)
            return False
        if frag is None or not frag.nodes:
            self.message.emit(tr("nothing to paste: copy nodes (Ctrl+C) or a script first"))
            return False
        return self._paste_fragment(frag, at)

    def duplicate_selection(self) -> bool:
        ids = self.with_literals(self.selected_ids())
        if not ids:
            return False
        return self._paste_fragment(edits.fragment(self.document, ids), None)

    def _paste_fragment(self, frag: Document, at: QPointF | None) -> bool:
        xs = [n.pos[0] for n in frag.nodes.values()]
        ys = [n.pos[1] for n in frag.nodes.values()]
        if at is None:
            offset = (30.0, 30.0)
        else:
            x, y = self.to_doc(at)
            offset = (x - min(xs), y - min(ys))
        cmd = edits.paste(frag, offset)
        if self.push(cmd):
            self.select_ids(getattr(cmd, "new_ids", []), emit=True)
            return True
        return False

    def _fragment_from_clipboard(self) -> Document | str | None:
        """A fragment copied from a canvas, else clipboard text read as a script; a message
        (str) when the clipboard holds something that cannot become a graph."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasFormat(FRAGMENT_MIME):
            try:
                return fileformat.loads(bytes(mime.data(FRAGMENT_MIME)))
            except fileformat.FileFormatError as exc:
                return tr("cannot paste: {error}").format(error=tr_message(str(exc)))
        if mime is not None and mime.hasText():
            try:
                return parse_script(mime.text())
            except ScriptError as exc:
                return tr("cannot paste the text as a graph: {error}").format(error=tr_message(str(exc)))
        return None

    # ------------------------------------------------------------------ grouping and layout
    def group_selection(self, name: str = "group") -> bool:
        ids = self.selected_ids()
        if not ids:
            self.message.emit(tr("select the nodes to group first"))
            return False
        return self.push(edits.group(ids, name))

    def layout_graph(self, keep_manual: bool = False) -> bool:
        """Layered left-to-right layout (one undo step); ``keep_manual`` leaves dragged cards."""
        from explorer.model import layout

        k = theme.font_scale
        # Port literals are drawn inside their op's port: they take (almost) no room.
        sizes = {nid: (1.0, 1.0) if item.inline else (item.card_rect().width() / k, item.height / k)
                 for nid, item in self.node_items.items()}
        cmd = layout.layout_command(self.document, keep_manual=keep_manual, sizes=sizes)
        if cmd is None:
            return False
        return self.push(cmd)


def doc_arity(node) -> int:
    from engine.ops import OPS

    return OPS[node.op].arity if node.kind == "op" else 0


def _value_text(value) -> str:
    """The inline editor's starting text: every digit that reads back to the same value (the
    card's 4 decimals would round the value if the text were committed unchanged)."""
    if value is None:
        return ""
    from explorer.view.panels.literals import literal_text

    return literal_text(value)
