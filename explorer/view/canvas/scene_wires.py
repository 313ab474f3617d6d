"""Dragging on the forward canvas: moving cards (one MoveNodesCommand per drag, pushed on
release) and drawing a wire from a port to another card's port, with a hint on the target.

:class:`SceneWiresMixin` is part of :class:`~scene.GraphScene` (``self`` is the scene).
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt

from explorer.model.commands import SetPortLiteralCommand
from explorer.model.document import DocumentError, Edge
from explorer.model.messages import Message
from explorer.view.canvas import edits
from explorer.view.canvas.edges import WireItem
from explorer.view.canvas.items import NodeItem


class SceneWiresMixin:
    """Card drags and wire drags (part of GraphScene)."""

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
            if not self.push(edits.move(moved, Message("Move") if len(moved) == 1
                                           else Message("Move {count} nodes", count=len(moved)))):
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
            return self.push(edits.macro(Message("Connect"), [SetPortLiteralCommand(edge.dst, edge.port, None),
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
            return self.push(edits.macro(Message("Reconnect"), [edits.disconnect(detached), edits.connect(edge)]))
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
