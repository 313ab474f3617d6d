"""Group frames of the forward canvas (:class:`GroupItem`): a titled outline around a group's
members, split into islands where other cards sit between them, with a requires_grad switch
for groups of leaves.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from explorer.view import theme
from explorer.view.canvas.card_metrics import LOD_TEXT, Z_GROUP, advance, elide
from explorer.view.canvas.items import NodeItem
from explorer.view.i18n import tr

if TYPE_CHECKING:
    from explorer.view.canvas.scene import GraphScene


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
                         Qt.AlignmentFlag.AlignVCenter, elide(title, theme.font("title"), head.width() - 60 - label_w))
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
        w = advance(self.switch_label(), theme.font("small")) + 4
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
