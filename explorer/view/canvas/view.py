"""The canvas view: zoom at the cursor, pan, fit, keyboard shortcuts, the add-node popup.

Ctrl+Z / Ctrl+Shift+Z belong to the window's undo actions; everything else a node editor user
expects is handled here (Tab, double-click, Delete, Ctrl+C/V/D/A, F, L, F2, space-drag pan).
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsView

from explorer.view import theme
from explorer.view.canvas.card_metrics import LOD_DETAIL, LOD_TEXT
from explorer.view.canvas.scene import GraphScene
from explorer.view.canvas.search import SearchPopup

MIN_ZOOM, MAX_ZOOM = 0.03, 4.0
# The zoom at which a card's name, value and an edge's gradient label are at least 11 px
# (fonts of 9.5 pt, 8.5 pt and 8.5 pt at 96 dpi: 12.7, 11.3 and 11.3 px).
READABLE_ZOOM = 1.0


class GraphView(QGraphicsView):
    #: The zoom from which card bodies show their text (the side-by-side split aims for it).
    text_zoom = LOD_DETAIL

    def __init__(self, scene: GraphScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.gscene = scene
        self._grid_key: tuple | None = None   # theme of the cached dot texture
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self._panning = False
        self._pan_start = QPointF()
        self._space = False
        self._search_popup: SearchPopup | None = None
        theme.on_change(self._on_theme)

    @property
    def search_popup(self) -> SearchPopup:
        """The add-node popup, made on first use (it lists the whole op table: no need at launch)."""
        if self._search_popup is None:
            self._search_popup = SearchPopup(self, self._add_from_popup)
        return self._search_popup

    # ------------------------------------------------------------------ zoom and pan
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor_view_pos=None) -> None:
        """Zoom to ``factor`` keeping the scene point under ``anchor_view_pos`` fixed."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        if anchor_view_pos is None:
            anchor_view_pos = self.viewport().rect().center()
        before = self.mapToScene(anchor_view_pos)
        s = factor / self.zoom()
        self.scale(s, s)
        after = self.mapToScene(anchor_view_pos)
        d = after - before
        self.translate(d.x(), d.y())
        self.sync_lod()
        self.viewport().update()

    def sync_lod(self) -> None:
        """Switch the scene to its batched overview below the zoom where text is legible."""
        self.gscene.set_overview(self.zoom() < LOD_TEXT)

    def paintEvent(self, event) -> None:  # noqa: N802
        self.sync_lod()
        super().paintEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.sync_lod()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / 1.25)

    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if not steps:
            return
        self.set_zoom(self.zoom() * (1.15 ** steps), event.position().toPoint())
        event.accept()

    def fit_all(self) -> None:
        rect = self.gscene.content_rect()
        if rect.isNull():
            self.resetTransform()
            self.centerOn(0, 0)
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.5:  # a tiny graph is not blown up past a comfortable size
            self.set_zoom(1.5)
            self.centerOn(rect.center())
        self.sync_lod()

    def fit_readable(self) -> None:
        """Fit the graph, but never below the zoom where card text is at least 11 px; a graph
        too large for that shows the part around its root (the result the user came for),
        and F still fits it whole."""
        self.fit_all()
        if self.zoom() >= READABLE_ZOOM or not self.gscene.node_items:
            return
        self.set_zoom(READABLE_ZOOM)
        content = self.gscene.content_rect()
        port = self.viewport().rect()
        if content.width() <= port.width() - 8 and content.height() <= port.height() - 8:
            # fit_all's 40 px margins did not fit, the graph itself does: show it whole
            self.centerOn(content.center())
            self.sync_lod()
            return
        root = self.gscene.node_items.get(self.gscene.document.root or "")
        half_w = self.viewport().width() / (2 * self.zoom())
        if root is not None:
            r = root.sceneBoundingRect()
            # The root near the right edge, its inputs to the left of it.
            self.centerOn(max(content.left() + half_w - 40, r.right() + 40 - half_w), r.center().y())
        else:
            self.centerOn(content.left() + half_w - 40, content.center().y())
        self.sync_lod()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and self._space):
            self._panning = True
            self._pan_start = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if self._search_popup is not None and self._search_popup.isVisible():
            self._search_popup.hide()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._panning:
            d = event.position() - self._pan_start
            self._pan_start = event.position()
            z = self.zoom()
            self.translate(d.x() / z, d.y() / z)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._panning and event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._panning = False
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        scene_pos = self.mapToScene(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and not self._item_at(event.position().toPoint()):
            self.open_search_popup(scene_pos)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _item_at(self, view_pos):
        for item in self.items(view_pos):
            if item.zValue() >= -1 or item.shape().contains(item.mapFromScene(self.mapToScene(view_pos))):
                return item
        return None

    # ------------------------------------------------------------------ keyboard
    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        return False  # Tab opens the add-node popup instead of moving focus

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.gscene.focusItem() is not None:  # an inline editor is open
            super().keyPressEvent(event)
            return
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Tab and not mods:
            self.open_search_popup()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods:
            self.delete_selection()
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.SelectAll):
            self.select_all()
        elif key == Qt.Key.Key_D and mods == Qt.KeyboardModifier.ControlModifier:
            self.duplicate_selection()
        elif key == Qt.Key.Key_F and not mods:
            self.fit_all()
        elif key == Qt.Key.Key_L and not mods:
            self.layout_graph(keep_manual=False)
        elif key == Qt.Key.Key_L and mods == Qt.KeyboardModifier.ShiftModifier:
            self.layout_graph(keep_manual=True)
        elif key == Qt.Key.Key_F2 and not mods:
            ids = self.gscene.selected_ids()
            if len(ids) == 1:
                self.gscene.begin_rename(ids[0])
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.setDragMode(QGraphicsView.DragMode.NoDrag)
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key == Qt.Key.Key_Escape:
            self.gscene.cancel_wire()
            self.gscene.clearSelection()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self._panning = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            return
        super().keyReleaseEvent(event)

    # ------------------------------------------------------------------ actions (also used by the window's menus)
    def delete_selection(self) -> bool:
        return self.gscene.delete_selection()

    def copy_selection(self) -> bool:
        return self.gscene.copy_selection()

    def paste(self) -> bool:
        return self.gscene.paste(self._cursor_scene_pos())

    def duplicate_selection(self) -> bool:
        return self.gscene.duplicate_selection()

    def select_all(self) -> None:
        self.gscene.select_ids(list(self.gscene.node_items), emit=True)

    def group_selection(self, name: str = "group") -> bool:
        return self.gscene.group_selection(name)

    def layout_graph(self, keep_manual: bool = False) -> bool:
        done = self.gscene.layout_graph(keep_manual)
        if done:
            self.fit_all()
        return done

    def open_search_popup(self, scene_pos: QPointF | None = None, connect=None) -> SearchPopup:
        """Show the add-node popup at ``scene_pos`` (default: the cursor). ``connect`` is the
        (side, node id, port) a wire was dropped from; the chosen node is wired to it."""
        if scene_pos is None:
            scene_pos = self._cursor_scene_pos()
        self._pending_connect = connect
        view_pos = self.mapFromScene(scene_pos)
        self.search_popup.popup(view_pos, scene_pos)
        return self.search_popup

    def _cursor_scene_pos(self) -> QPointF:
        vp = self.viewport().mapFromGlobal(QCursor.pos())
        if not self.viewport().rect().contains(vp):
            vp = self.viewport().rect().center()
        return self.mapToScene(vp)

    _pending_connect = None

    def _add_from_popup(self, kind: str, op: str | None, scene_pos: QPointF) -> None:
        connect, self._pending_connect = self._pending_connect, None
        if kind == "expr":
            self.gscene.insert_expression(op or "", scene_pos)
            self.setFocus()
            return
        pos = scene_pos
        if connect is not None and connect[0] == "in":
            # The new node feeds the port: put it left of the drop point, output towards it.
            pos = QPointF(scene_pos.x() - 196, scene_pos.y() - 14)
        elif connect is not None:
            pos = QPointF(scene_pos.x(), scene_pos.y() - 40)
        self.gscene.add_node(kind, op, pos, connect)
        self.setFocus()

    # ------------------------------------------------------------------ background
    def _on_theme(self) -> None:
        self.resetCachedContent()
        self.viewport().update()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        t = theme.current()
        if self.zoom() < 0.35 or t.grid == t.background:
            painter.fillRect(rect, QColor(t.background))
        else:  # the dot texture carries the background colour: one fill
            painter.fillRect(rect, self._grid_brush(t))

    def _grid_brush(self, t):
        """A dot at every 24 scene units, as a tiled texture: one fill instead of thousands of points."""
        key = (t.name, t.grid_major)
        if self._grid_key != key:
            pm = QPixmap(48, 48)
            pm.fill(QColor(t.background))
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(t.grid_major))
            for x in (0, 24):
                for y in (0, 24):
                    p.drawEllipse(QPointF(x + 1.5, y + 1.5), 1.3, 1.3)
            p.end()
            self._grid = QBrush(pm)
            self._grid_key = key
        return self._grid
