"""The backward-graph view: the document drawn as PyTorch's autograd DAG (torchviz style).

From the last RunResult: the root tensor at the top, one node per grad_fn (``SubBackward0``,
``MulBackward0``, ``PowBackward0``), an ``AccumulateGrad`` node above each leaf that requires
grad and the leaf tensor below it; arrows run from the root towards the leaves, as
``next_functions`` point. Frozen inputs and constants have no node: the view draws each of
their ``next_functions`` entries as what PyTorch holds there, a dashed ``(None, 0)`` stub under
the function (carrying the input's document id, so clicking it selects the frozen input).
Laid out top (root) to bottom in layers. Every item carries the document node id, so
selection syncs with the forward canvas. The DAG as data and its layout are in
:mod:`backward_dag`, the box/arrow/overview items in :mod:`backward_items`.
"""
from __future__ import annotations

import gc
import math
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from explorer.model.document import Document
from explorer.view import theme
from explorer.view.canvas.backward_dag import BwNode, build_dag, layered_positions
from explorer.view.canvas.backward_items import LOD_BOX, LOD_OVERVIEW, BwEdgeItem, BwNodeItem, BwOverviewItem
from explorer.view.canvas.relay import weak_relay

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


class BackwardGraphScene(QGraphicsScene):
    selection_ids_changed = Signal(list)

    def __init__(self, document: Document | None = None, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.items_by_key: dict[str, BwNodeItem] = {}
        self.content = QRectF()   # the boxes' union (what fit frames)
        self.edge_items: list[BwEdgeItem] = []
        self.overview: BwOverviewItem | None = None
        self.overview_active = False
        self._structure: tuple | None = None
        self._muted = False
        self._last_result: Any = None
        self.selectionChanged.connect(weak_relay(self, "_on_selection"))
        theme.on_change(self._on_theme)

    def _on_theme(self) -> None:
        # Node sizes depend on the font scale: rebuild from the last result.
        self._structure = None
        self.show_results(self._last_result)

    def set_document(self, document: Document) -> None:
        self.document = document
        self._structure = None

    def show_results(self, result: Any) -> None:
        """Rebuild the DAG when its structure changed (names, arrows); else refresh tooltips only."""
        self._last_result = result
        if self.document is None:
            return
        nodes, arrows = build_dag(self.document, result, none_entries=True)
        structure = (tuple((n.key, n.label, n.sub) for n in nodes), tuple(arrows))
        if structure == self._structure:
            for n in nodes:
                item = self.items_by_key.get(n.key)
                if item is not None and item.toolTip() != n.tip:
                    item.setToolTip(n.tip)
            return
        self._structure = structure
        gc_was_on = gc.isenabled()
        gc.disable()  # thousands of new items: no full collections mid-build (see GraphScene)
        try:
            self._rebuild(nodes, arrows)
        finally:
            if gc_was_on:
                gc.enable()

    def _rebuild(self, nodes: list[BwNode], arrows: list[tuple[str, str]]) -> None:
        selected = set(self.selected_ids())
        self._muted = True
        self.overview = None  # clear() deletes it
        self.clear()
        self.items_by_key = {}
        for n in nodes:
            self.items_by_key[n.key] = BwNodeItem(n)
        positions = layered_positions([n.key for n in nodes], arrows,
                                      {k: it.w for k, it in self.items_by_key.items()})
        # Placed before they join the scene: no index update per move; the scene's box is
        # worked out from the positions instead of asking every item.
        left = top = math.inf
        right = bottom = -math.inf
        for k, (x, y) in positions.items():
            item = self.items_by_key[k]
            item.setPos(x, y)
            left, right = min(left, x - item.w / 2), max(right, x + item.w / 2)
            top, bottom = min(top, y), max(bottom, y + item.h)
        edges = []
        seen = set()
        for a, b in arrows:
            if (a, b) in seen:
                continue  # x*x: one arrow per pair of functions is enough to read the DAG
            seen.add((a, b))
            edges.append(BwEdgeItem(self.items_by_key[a], self.items_by_key[b]))
        self.edge_items = edges
        self.overview = BwOverviewItem(self)
        self.overview.setVisible(self.overview_active)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        for item in self.items_by_key.values():
            if self.overview_active:
                item.setFlag(_NO_CONTENTS, True)
            self.addItem(item)
        for e in edges:
            if self.overview_active:
                e.setVisible(False)
            self.addItem(e)
        self.addItem(self.overview)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        for item in self.items_by_key.values():
            if item.doc_id in selected:
                item.setSelected(True)
        self._muted = False
        self.content = QRectF(left - 2, top - 2, right - left + 4, bottom - top + 4) if nodes else QRectF()
        self.setSceneRect(self.content.adjusted(-60, -60, 60, 60) if nodes else QRectF(-60, -60, 120, 120))

    def set_overview(self, on: bool) -> None:
        """Far out: draw through the batched overview; boxes stop painting but stay clickable."""
        on = bool(on)
        if on == self.overview_active:
            return
        self.overview_active = on
        for item in self.items_by_key.values():
            item.setFlag(_NO_CONTENTS, on)
        for e in self.edge_items:
            e.setVisible(not on)
        if self.overview is not None:
            self.overview.invalidate()
            self.overview.setVisible(on)

    def names(self) -> list[str]:
        """Labels of the function nodes (grad_fn names and AccumulateGrad), top to bottom."""
        items = [i for i in self.items_by_key.values() if i.node.kind in ("fn", "acc")]
        items.sort(key=lambda i: (i.pos().y(), i.pos().x()))
        return [i.label for i in items]

    def selected_ids(self) -> list[str]:
        return list(dict.fromkeys(i.doc_id for i in self.selectedItems() if isinstance(i, BwNodeItem)))

    def select_ids(self, ids, emit: bool = False) -> None:
        ids = set(ids)
        if ids == set(self.selected_ids()) and not emit:
            return
        self._muted = True
        try:
            for item in self.items_by_key.values():
                item.setSelected(item.doc_id in ids)
        finally:
            self._muted = False
        if emit:
            self.selection_ids_changed.emit(self.selected_ids())

    def _on_selection(self) -> None:
        if self.overview is not None:
            self.overview.invalidate()
        if not self._muted:
            self.selection_ids_changed.emit(self.selected_ids())


class BackwardGraphView(QGraphicsView):
    """A view of :class:`BackwardGraphScene`; wheel zooms, drag on empty space pans."""

    #: The zoom from which the DAG's boxes show their labels (the side-by-side split aims for it).
    text_zoom = LOD_BOX

    selection_ids_changed = Signal(list)

    def __init__(self, document: Document | None = None, parent=None) -> None:
        self.bscene = BackwardGraphScene(document)
        super().__init__(self.bscene, parent)
        self.bscene.setParent(self)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.bscene.selection_ids_changed.connect(self.selection_ids_changed)
        self.setBackgroundBrush(QColor(theme.current().background))
        theme.on_change(self._on_theme)

    def _on_theme(self) -> None:
        self.setBackgroundBrush(QColor(theme.current().background))

    def sync_lod(self) -> None:
        self.bscene.set_overview(self.transform().m11() < LOD_OVERVIEW)

    def paintEvent(self, event) -> None:  # noqa: N802
        self.sync_lod()
        super().paintEvent(event)

    def set_document(self, document: Document) -> None:
        self.bscene.set_document(document)

    def show_results(self, result: Any) -> None:
        before = self.bscene._structure
        self.bscene.show_results(result)
        if self.bscene._structure != before:
            self.fit_all()

    def select_ids(self, ids) -> None:
        self.bscene.select_ids(ids)

    def selected_ids(self) -> list[str]:
        return self.bscene.selected_ids()

    def fit_all(self) -> None:
        rect = self.bscene.content
        if rect.isNull():
            return
        self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.3:
            self.resetTransform()
            self.scale(1.3, 1.3)
            self.centerOn(rect.center())
        self.sync_lod()

    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            f = 1.15 ** steps
            z = self.transform().m11() * f
            if 0.05 <= z <= 4:
                self.scale(f, f)
                self.sync_lod()
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_F and not event.modifiers():
            self.fit_all()
            return
        super().keyPressEvent(event)
