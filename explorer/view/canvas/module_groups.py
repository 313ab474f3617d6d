"""Module groups on the canvas: a collapsed ``nn.Module`` is one card, an expanded one a frame.

:class:`ModuleCards` keeps the scene in step with the document's module groups (see
``explorer.model.module_groups``): it hides the cards of nodes inside collapsed groups, draws one
:class:`ModuleCardItem` per outermost collapsed group (class, path, parameter count, output
shape, a ▸ control and one freeze switch) and tells wires whose end is hidden to attach to that
card instead. Expanded module groups draw as :class:`ModuleFrameItem`, a group frame that encloses
its submodules' frames, so nested modules read as nested boxes; its title has a ▾ control.

Expanding and collapsing (double-click, the ▸/▾ control, the context menu) and the freeze switch
push model commands, so all of it is undoable.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QMenu

from explorer.model.document import DocumentError
from explorer.model.module_groups import (MODULE_CARD_PORT_Y, MODULE_CARD_SIZE, SetCollapsedCommand, ancestors, children,
                                          format_param_count, freeze_group_command, groups_within,
                                          leaves_within, nodes_within, short_name, unit_of)
from explorer.view import theme
from explorer.view.canvas import card_metrics
from explorer.view.canvas.card_metrics import LOD_TEXT, Z_NODE, elide
from explorer.view.canvas.groups import GroupItem
from explorer.view.canvas.relay import weak_relay
from explorer.view.i18n import tr

if TYPE_CHECKING:
    from explorer.view.canvas.scene import GraphScene

#: Port heights below a card's top (document units), as on node cards: output, inputs.
_OUT_Y = _IN_Y = MODULE_CARD_PORT_Y
_HEAD = 30.0


def toggle_collapsed(scene: "GraphScene", group_id: str) -> bool:
    """Expand a collapsed module or collapse an expanded one (one undo step)."""
    group = scene.document.groups.get(group_id)
    if group is None or group.module is None:
        return False
    return scene.push(SetCollapsedCommand(group_id, not group.collapsed))


def set_all_collapsed(scene: "GraphScene", group_id: str, collapsed: bool) -> bool:
    """Expand (or collapse) a module and every module inside it."""
    doc = scene.document
    ids = [g for g in groups_within(doc, group_id) if doc.groups[g].module is not None]
    return scene.push(SetCollapsedCommand(ids, collapsed))


def toggle_freeze(scene: "GraphScene", group_id: str) -> bool:
    """The freeze switch: ``module.requires_grad_(False)`` (or True) on every parameter inside."""
    doc = scene.document
    leaves = leaves_within(doc, group_id)
    if not leaves:
        return False
    on = any(doc.nodes[m].requires_grad for m in leaves)
    try:
        return scene.push(freeze_group_command(doc, group_id, not on))
    except DocumentError as exc:
        scene.message.emit(str(exc))
        return False


def _menu(scene: "GraphScene", group_id: str, screen_pos) -> None:
    group = scene.document.groups[group_id]
    menu = QMenu()
    if group.collapsed:
        menu.addAction(tr("Expand"), lambda: toggle_collapsed(scene, group_id))
        menu.addAction(tr("Expand all inside"), lambda: set_all_collapsed(scene, group_id, False))
    else:
        menu.addAction(tr("Collapse"), lambda: toggle_collapsed(scene, group_id))
    if leaves_within(scene.document, group_id):
        menu.addAction(tr("Freeze / unfreeze (requires_grad_)"), lambda: toggle_freeze(scene, group_id))
    menu.exec(screen_pos)


class ModuleCards:
    """The scene's collapsed-module state: which node stands behind which card."""

    def __init__(self, graph_scene: "GraphScene") -> None:
        self.gscene = graph_scene
        self.cards: dict[str, ModuleCardItem] = {}
        self.unit: dict[str, str] = {}     # hidden node id -> the card (group id) showing it
        self.active = False
        self.syncing = False
        self.dirty = False
        # "expand all" changes 68 groups in one command: sync once when the command is done
        index_changed = getattr(graph_scene.undo_stack, "indexChanged", None)
        if index_changed is not None:
            index_changed.connect(weak_relay(graph_scene, "flush_module_cards"))

    def mark_dirty(self) -> None:
        """A group changed: sync when the command (or this turn of the event loop) is done."""
        if not self.dirty:
            self.dirty = True
            QTimer.singleShot(0, weak_relay(self.gscene, "flush_module_cards"))

    def flush(self) -> None:
        if self.dirty:
            self.dirty = False
            self.sync()

    def reset(self) -> None:
        """The scene was cleared (its items are gone): forget them."""
        self.cards, self.unit, self.active = {}, {}, False

    def sync(self) -> None:
        """Match cards, hidden cards, wires and frames to the document's collapsed groups."""
        scene = self.gscene
        doc = scene.document
        if not self.active and not any(g.module is not None for g in doc.groups.values()):
            return
        self.unit = {nid: u for nid, u in unit_of(doc).items() if u != nid}
        shown = set(self.unit.values())
        wanted = [gid for gid in doc.groups if gid in shown]   # document order
        for gid in list(self.cards):
            if gid not in wanted:
                scene.removeItem(self.cards.pop(gid))
        for gid in wanted:
            card = self.cards.get(gid)
            if card is None:
                card = self.cards[gid] = ModuleCardItem(scene, gid)
                scene.addItem(card)
            card.setPos(scene.to_scene(doc.groups[gid].pos))
            card.update()
        self.active = bool(self.cards)
        for nid, item in scene.node_items.items():
            show = nid not in self.unit and not item.inline
            if item.isVisible() != show:
                item.setVisible(show)
        for edge, item in scene.edge_items.items():
            a, b = self.unit.get(edge.src, edge.src), self.unit.get(edge.dst, edge.dst)
            item.setVisible(a != b and not item.src.inline and not scene.overview_active)
            item.update_path()
        frames = [(len(ancestors(doc, gid)), gid) for gid in scene.group_items if gid in doc.groups]
        self.syncing = True   # each frame is updated once here, not again by every child
        try:
            for _depth, gid in sorted(frames, reverse=True):   # inner frames first: outer ones enclose them
                item = scene.group_items[gid]
                hidden = any(doc.groups[g].collapsed for g in (gid, *ancestors(doc, gid)))
                item.setVisible(not hidden)
                if not hidden:
                    item.update_geometry()
        finally:
            self.syncing = False
        scene.overview.invalidate()

    def card_rects(self) -> list[QRectF]:
        return [card.sceneBoundingRect() for card in self.cards.values()]

    def wire_ends(self, edge) -> tuple[float, float, float, float] | None:
        """Where a wire with a hidden end starts and ends (None: both ends are plain cards)."""
        if not self.active:
            return None
        a, b = self.unit.get(edge.src), self.unit.get(edge.dst)
        if a is None and b is None:
            return None
        k = theme.font_scale
        if a is not None and a in self.cards:
            card = self.cards[a]
            x0, y0 = card.x() + MODULE_CARD_SIZE[0] * k, card.y() + _OUT_Y * k
        else:
            src = self.gscene.node_items[edge.src]
            x0, y0 = src.x() + card_metrics.W, src.y() + card_metrics.HEADER / 2
        if b is not None and b in self.cards:
            card = self.cards[b]
            x1, y1 = card.x(), card.y() + _IN_Y * k
        else:
            dst = self.gscene.node_items[edge.dst]
            x1 = dst.x()
            m = card_metrics
            y1 = dst.y() + m.HEADER + m.PAD + m.ROW / 2 + edge.port * m.ROW
        return (x0, y0, x1, y1)


class ModuleCardItem(QGraphicsItem):
    """One collapsed module: class, path, parameter count, output shape and a freeze switch."""

    def __init__(self, graph_scene: "GraphScene", group_id: str) -> None:
        super().__init__()
        self.gscene = graph_scene
        self.group_id = group_id
        self.setZValue(Z_NODE)
        self.setAcceptHoverEvents(True)
        self.setToolTip(tr("Double-click to expand this module"))

    @property
    def group(self):
        return self.gscene.document.groups[self.group_id]

    def boundingRect(self) -> QRectF:  # noqa: N802
        k = theme.font_scale
        return QRectF(0, 0, MODULE_CARD_SIZE[0] * k, MODULE_CARD_SIZE[1] * k)

    def toggle_rect(self) -> QRectF:
        k = theme.font_scale
        return QRectF(6 * k, 6 * k, 18 * k, 18 * k)

    def switch_rect(self) -> QRectF:
        r = self.boundingRect()
        k = theme.font_scale
        return QRectF(r.right() - 40 * k, r.bottom() - 24 * k, 28 * k, 14 * k)

    def is_on(self) -> bool:
        doc = self.gscene.document
        leaves = leaves_within(doc, self.group_id)
        return not leaves or any(doc.nodes[m].requires_grad for m in leaves)

    def in_backward(self) -> bool:
        """Whether any op inside needs a gradient (else the card is greyed like a frozen card)."""
        items = self.gscene.node_items
        return any(items[m].static_rg for m in nodes_within(self.gscene.document, self.group_id)
                   if m in items)

    def lines(self) -> list[tuple[str, str]]:
        """(font role, text) rows under the header."""
        group, doc = self.group, self.gscene.document
        rows = [("title", short_name(doc, self.group_id))]
        if short_name(doc, self.group_id) != group.name:
            rows.append(("small", group.name))
        rows.append(("body", format_param_count(group.param_count)))
        if group.shape is not None:
            rows.append(("mono", "out (" + ", ".join(map(str, group.shape)) + ")"))
        return rows

    def paint(self, painter: QPainter, option, widget=None) -> None:
        t = theme.current()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        live = self.in_backward()
        r = self.boundingRect()
        k = theme.font_scale
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod >= LOD_TEXT)
        pen = QPen(QColor(t.group_border), 2.0)
        pen.setCosmetic(True)
        if not live:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(t.card if live else t.frozen_card))
        painter.drawRoundedRect(r, 8 * k, 8 * k)
        head = QRectF(r.left(), r.top(), r.width(), _HEAD * k)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.group_border if live else t.frozen_header))
        painter.drawRoundedRect(head, 8 * k, 8 * k)
        painter.drawRect(QRectF(head.left(), head.bottom() - 8 * k, head.width(), 8 * k))
        if lod < LOD_TEXT:
            return
        painter.setPen(QColor(t.header_text if live else t.frozen_header_text))
        painter.setFont(theme.font("label"))
        painter.drawText(self.toggle_rect(), Qt.AlignmentFlag.AlignCenter, "▸")
        painter.drawText(QRectF(28 * k, 0, r.width() - 36 * k, _HEAD * k), Qt.AlignmentFlag.AlignVCenter,
                         elide(self.group.module or "", theme.font("label"), r.width() - 36 * k))
        y = _HEAD * k + 4 * k
        for role, text in self.lines():
            font = theme.font(role)
            painter.setFont(font)
            painter.setPen(QColor(t.text if live and role != "small" else t.text_muted))
            h = 20 * k if role != "small" else 16 * k
            painter.drawText(QRectF(10 * k, y, r.width() - 20 * k, h), Qt.AlignmentFlag.AlignVCenter,
                             elide(text, font, r.width() - 20 * k))
            y += h
        if leaves_within(self.gscene.document, self.group_id):
            on = self.is_on()
            s = self.switch_rect()
            painter.setFont(theme.font("small"))
            painter.setPen(QColor(t.text_muted))
            painter.drawText(QRectF(10 * k, s.top() - 2 * k, s.left() - 16 * k, s.height() + 4 * k),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, tr("requires_grad"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.switch_on if on else t.switch_off))
            painter.drawRoundedRect(s, s.height() / 2, s.height() / 2)
            d = s.height() - 4
            kx = s.right() - d - 2 if on else s.left() + 2
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(QRectF(kx, s.top() + 2, d, d))
        painter.setPen(QPen(QColor(t.group_border), 1.5))
        painter.setBrush(QColor(t.card))
        for p in (QPointF(r.width(), _OUT_Y * k), QPointF(0, _IN_Y * k)):
            painter.drawEllipse(p, 4 * k, 4 * k)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            if self.switch_rect().adjusted(-4, -4, 4, 4).contains(event.pos()):
                event.accept()
                toggle_freeze(self.gscene, self.group_id)
                return
            if self.toggle_rect().adjusted(-4, -4, 4, 4).contains(event.pos()):
                event.accept()
                toggle_collapsed(self.gscene, self.group_id)
                return
        event.ignore()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        event.accept()
        toggle_collapsed(self.gscene, self.group_id)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        event.accept()
        _menu(self.gscene, self.group_id, event.screenPos())


class ModuleFrameItem(GroupItem):
    """An expanded module: a frame around its ops, its parameters and its submodules' frames
    and cards, titled ``▾ Class  path``; the ▾ (or a double-click on the title) collapses it."""

    MARGIN = 12.0

    def update_geometry(self) -> None:
        scene = self.gscene
        doc = scene.document
        if self.group_id not in doc.groups:
            return
        cards = getattr(scene, "module_cards", None)
        if cards is not None and cards.dirty and not cards.syncing:
            return   # a sync is due (a command is moving many cards): it lays every frame out once
        m = self.MARGIN
        boxes = [scene.node_items[nid].sceneBoundingRect()
                 for nid in self.group.members if nid in scene.node_items and scene.node_items[nid].isVisible()]
        for child_group in children(doc, self.group_id):   # a child is a card or a frame
            gid = child_group.id
            if cards is not None and gid in cards.cards:
                boxes.append(cards.cards[gid].sceneBoundingRect())
            elif gid in scene.group_items:
                child = scene.group_items[gid]
                if child.isVisible() and not child.boundingRect().isNull():
                    boxes.append(child.boundingRect())
        if not boxes:
            boxes = [QRectF(scene.to_scene(self.group.pos), QRectF(0, 0, 120, 40).size())]
        whole = QRectF(boxes[0])
        for box in boxes[1:]:
            whole = whole.united(box)
        whole.adjust(-m, -m - self.TITLE, m, m)
        self.strangers = 0
        if [whole] != self._islands:
            self.prepareGeometryChange()
            self._islands = [whole]
            self._rect = QRectF(whole)
            path = QPainterPath()
            path.addRoundedRect(whole, 10, 10)
            self._path = path
        self.update()
        parent = self.group.parent
        if cards is not None and cards.syncing:
            return
        if parent is not None and parent in scene.group_items and scene.group_items[parent].isVisible():
            scene.group_items[parent].update_geometry()

    def leaf_ids(self) -> list[str]:
        return leaves_within(self.gscene.document, self.group_id)

    def title(self) -> str:
        # "▾ BasicBlock  layer1.0": the class first, then where it sits
        return f"▾ {self.group.module}  {short_name(self.gscene.document, self.group_id)}"

    def toggle_rect(self) -> QRectF:
        head = self._islands[0]
        return QRectF(head.left() + 4, head.top(), 24, self.TITLE)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.toggle_rect().contains(event.pos()):
            event.accept()
            toggle_collapsed(self.gscene, self.group_id)
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        event.accept()
        toggle_collapsed(self.gscene, self.group_id)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        event.accept()
        _menu(self.gscene, self.group_id, event.screenPos())


def frame_class(graph_scene: "GraphScene", group_id: str) -> type[GroupItem]:
    """The frame item for a group: module groups get the nested, collapsible frame."""
    return ModuleFrameItem if graph_scene.document.groups[group_id].module is not None else GroupItem


__all__ = ["ModuleCards", "ModuleCardItem", "ModuleFrameItem", "frame_class", "toggle_collapsed",
           "set_all_collapsed", "toggle_freeze"]
