"""The forward canvas scene: mirrors the document, shows the last run, turns gestures into commands.

The document is the single source of truth. The scene subscribes to its events and creates,
updates or removes items accordingly; it never writes to the document except by pushing
commands through ``undo_stack.push_command``. Node positions are taken from the document; a drag
moves the items live and pushes one MoveNodesCommand on release.

This module mirrors (items from document events, results, level of detail, selection); the
editing commands are :class:`~scene_edits.SceneEditsMixin`, the drags
:class:`~scene_wires.SceneWiresMixin`.
"""
from __future__ import annotations

import gc
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from explorer.model.commands import is_port_literal
from explorer.model.document import Document, Edge, Event
from explorer.view import theme
from explorer.view.canvas.edges import EdgeItem, WireItem
from explorer.view.canvas.groups import GroupItem
from explorer.view.canvas.items import NodeItem
from explorer.view.canvas.module_groups import ModuleCards, frame_class
from explorer.view.canvas.overview import OverviewItem
from explorer.view.canvas.preview import fmt_array
from explorer.view.canvas.relay import weak_relay
from explorer.view.canvas.scene_edits import SceneEditsMixin
from explorer.view.canvas.scene_wires import SceneWiresMixin


class GraphScene(SceneEditsMixin, SceneWiresMixin, QGraphicsScene):
    selection_ids_changed = Signal(list)
    message = Signal(object)   # a refusal: a Message (translated by the window) or text
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
        handler = self._HANDLERS.get(kind)
        if handler is not None:
            handler(self, event)

    def _on_node_added(self, event: Event) -> None:
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

    def _on_node_removed(self, event: Event) -> None:
        item = self.node_items.pop(event.node_id, None)
        self._rg.pop(event.node_id, None)
        if item is not None:
            rect = item.sceneBoundingRect()
            self.removeItem(item)
            self._reframe(event.node_id, rect)
        self.overview.invalidate()

    def _on_node_changed(self, event: Event) -> None:
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

    def _on_edge_added(self, event: Event) -> None:
        self._stale()
        self._add_edge_item(event.edge)
        self._sync_literal(event.edge.src)
        self._update_rg([event.edge.dst])
        self.node_items[event.edge.dst].refresh(force=True)
        self.node_items[event.edge.src].update()

    def _on_edge_removed(self, event: Event) -> None:
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

    def _on_group_added(self, event: Event) -> None:
        self._add_group_item(event.group_id)
        self.module_cards.mark_dirty()

    def _on_group_removed(self, event: Event) -> None:
        item = self.group_items.pop(event.group_id, None)
        if item is not None:
            self.removeItem(item)
        self.module_cards.mark_dirty()

    def _on_group_changed(self, event: Event) -> None:
        item = self.group_items.get(event.group_id)
        if item is not None:
            item.update_geometry()
        self.module_cards.mark_dirty()

    def _on_root_changed(self, event: Event) -> None:
        self._stale()
        self._set_root_marker()

    _HANDLERS = {"node_added": _on_node_added, "node_removed": _on_node_removed, "node_changed": _on_node_changed,
                 "edge_added": _on_edge_added, "edge_removed": _on_edge_removed, "group_added": _on_group_added,
                 "group_removed": _on_group_removed, "group_changed": _on_group_changed,
                 "root_changed": _on_root_changed}

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
                g = r.edge_grads.get(item.edge)
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
        results = result.results if result is not None else {}
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
