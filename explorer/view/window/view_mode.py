"""What the canvases show and how: forward / backward / side by side, the split between them,
fitting, and the look (theme, font size) they are painted in."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QScrollArea, QStyle

from explorer.view import theme
from explorer.view.default_layout import apply_default_layout
from explorer.view.side_by_side import fit_backward_readable
from explorer.view.window.constants import CODE_COLUMNS, FONT_SCALES, THEME_CHOICES, VIEW_MODES



class ViewModeController:
    """View mode, side-by-side split, fitting; theme and font scale.

    Sets ``window.view_mode`` and ``window.theme_choice`` (read by extensions); uses the two
    views, the splitter, the docks, the settings and the window's style sheet."""

    def __init__(self, window) -> None:
        self.window = window
        self.split_by_hand = False  # the user dragged the handle: keep their split
        self.split_for = None       # the DAG size the automatic split was chosen for
        self.applied_theme = None

    def set_view_mode(self, mode: str, save: bool = True) -> None:
        """"forward", "backward" (the autograd DAG) or "side" (both, side by side)."""
        mode = mode if mode in VIEW_MODES else "forward"
        self.window.view_mode = mode
        self.window.actions[f"view_{mode}"].setChecked(True)
        if save:
            self.window.settings.setValue("view/mode", mode)
        if not self.window.ready:
            return  # applied by attach_model
        # A canvas that showed the whole graph keeps showing all of it when its width changes
        # (side by side halves it); one the user zoomed into stays where it is.
        whole = self.window.view.isVisible() and self.shows_whole_graph()
        dag_whole = not self.window.backward_view.isVisible() or shows_whole(self.window.backward_view,
                                                                        self.window.backward_view.bscene.content)
        self.window.view.setVisible(mode in ("forward", "side"))
        self.window.backward_view.setVisible(mode in ("backward", "side"))
        if mode != "forward" and self.window.last_result is not None:
            self.window.backward_view.show_results(self.window.last_result)
            self.window.backward_view.select_ids(list(self.window._selection))
        if mode == "side":
            self.split_by_hand = False
            self.split_side_by_side()
            # a view that showed the whole graph is fitted again, whole where that is readable,
            # else readable around the root (issue #16); one the user zoomed into stays
            if whole:
                QTimer.singleShot(0, self.window.view.fit_readable)
            if dag_whole:
                QTimer.singleShot(0, lambda: fit_backward_readable(self.window.backward_view))
            return
        if whole and mode != "backward":
            QTimer.singleShot(0, self.window.view.fit_all)
        if dag_whole and mode != "forward":
            QTimer.singleShot(0, self.window.backward_view.fit_all)

    def split_side_by_side(self) -> None:
        self.split_for = self.window.backward_view.bscene.content.size()
        splitter = self.window.splitter
        splitter.setSizes(self.side_sizes(max(100, splitter.width() - splitter.handleWidth())))

    def resplit(self, dag_whole: bool | None = None, force: bool = False) -> None:
        """Side by side, a run that changed the DAG's size (the first backward, a freeze) or a
        new size of the central area splits the width again -- unless the user has dragged the
        handle -- and re-fits the graphs that were shown whole, so neither is left as grey boxes
        while the other has room to spare."""
        if (not self.window.ready or self.window.view_mode != "side" or self.split_by_hand
                or (not force and self.window.backward_view.bscene.content.size() == self.split_for)):
            return
        if dag_whole is None:
            dag_whole = shows_whole(self.window.backward_view, self.window.backward_view.bscene.content)
        whole = self.shows_whole_graph()
        self.split_side_by_side()
        # whole where that is readable, else readable around the root (issue #16)
        if whole:
            QTimer.singleShot(0, self.window.view.fit_readable)
        if dag_whole:
            QTimer.singleShot(0, lambda: fit_backward_readable(self.window.backward_view))

    def side_sizes(self, total: int) -> list[int]:
        """Widths of the canvas and the DAG side by side: first, as far as the width allows, a zoom
        at which both graphs draw their text (the canvas needs more than the DAG's labels); then
        the split at which the smaller of the two fitted zooms is largest, so the canvas is not
        shrunk until its cards turn into grey bars while the narrow DAG has room to spare (a
        fixed 65/35 did that to the seed at 1600x1000). 65/35 while there is nothing to weigh."""
        default = total * 65 // 100
        forward, dag = self.window.scene.content_rect(), self.window.backward_view.bscene.content
        if forward.isNull() or dag.isNull():
            return [default, total - default]
        height = max(1, self.window.splitter.height())
        fw, fh = forward.width() + 80, forward.height() + 80   # the margins of the views' fit_all
        dw, dh = dag.width() + 60, dag.height() + 60
        text_f, text_d = self.window.view.text_zoom, self.window.backward_view.text_zoom

        def score(x: int) -> tuple:
            zf = min(x / fw, height / fh, 1.5)
            zd = min((total - x) / dw, height / dh, 1.3)
            # First both graphs' text (card bodies and DAG labels from each view's text_zoom; a
            # hair above, so a rounding pixel cannot drop below), then the larger smaller zoom.
            legible = min(zf / (text_f * 1.02), 1.0) + min(zd / (text_d * 1.02), 1.0)
            return round(legible, 3), round(min(zf, zd), 3), round(zf, 3), -abs(x - default)

        best = max(range(total * 30 // 100, total * 85 // 100 + 1, 2), key=score)
        return [best, total - best]

    def shows_whole_graph(self) -> bool:
        return shows_whole(self.window.view, self.window.scene.content_rect())

    def default_dock_sizes(self) -> None:
        # Narrow side panels: the graph gets the room (cards need ~60 % zoom to be legible). The
        # left column is as wide as the code editor needs to show the seed script's longest line
        # (a = tensor([2., 3.], requires_grad=True)) without scrolling, up to 30 % of the window.
        w = self.window
        left = min(max(215, w.code_editor.width_for_columns(CODE_COLUMNS)), max(215, w.width() * 3 // 10))
        apply_default_layout(w, left)  # the Inspector a tab beside Ops: the canvas gets the width
        if self.window.view_mode == "side":
            self.set_view_mode("side", save=False)

    def fit_views_readable(self) -> None:
        """At launch: the forward canvas alone opens at a readable zoom (see GraphView.fit_readable)."""
        if self.window.ready and self.window.view_mode == "forward":
            self.window.view.fit_readable()
        else:
            self.fit_views()

    def fit_views(self) -> None:
        if not self.window.ready:
            return
        if self.window.view.isVisible():
            self.window.view.fit_all()
        if self.window.backward_view.isVisible():
            self.window.backward_view.fit_all()

    def set_theme(self, name: str, save: bool = True) -> None:
        name = name if name in THEME_CHOICES else "system"
        self.window.theme_choice = name
        self.window.actions[f"theme_{name}"].setChecked(True)
        effective = theme.apply_theme(name)
        if effective != self.applied_theme:
            self.applied_theme = effective
            self.window.setStyleSheet(theme.window_stylesheet(effective))
            self.window.code_editor.set_dark(effective in ("dark", "high-contrast"))
            self.window.op_palette.refresh_theme()
            self.repaint_canvases()
        if save:
            self.window.settings.setValue("view/theme", name)

    def system_scheme_changed(self, *_args) -> None:
        if self.window.theme_choice == "system" and not self.window._closing:
            self.set_theme("system", save=False)

    def set_font_scale(self, scale: float, save: bool = True) -> None:
        scale = min(FONT_SCALES, key=lambda s: abs(s - float(scale)))
        self.window.actions[f"font_{int(scale * 100)}"].setChecked(True)
        changed = scale != theme.font_scale
        theme.set_font_scale(scale)
        theme.apply_font_scale(scale)
        # Qt stops passing QApplication.setFont down once a style sheet is set: polish again so
        # docks, toolbars and the status bar follow the new size (they stayed at 100 %). Only on
        # a change: at launch the restored dock widths stay as the user left them.
        sheet = self.window.styleSheet()
        if changed and sheet:
            self.window.setStyleSheet("")
            self.window.setStyleSheet(sheet)
        if changed:
            self.widen_inspector(scale)
        self.repaint_canvases()
        if save:
            self.window.settings.setValue("view/font_scale", scale)

    def widen_inspector(self, scale: float) -> None:
        """Larger text needs a wider Inspector (its rows do not wrap: 'torch.Size([2])' was cut at
        200 %): as wide as its rows need, at least its default width scaled, at most 40 %."""
        dock = self.window.docks.get("inspector")
        if self.window.inspector is None:
            return  # the frame: the Inspector arrives with the model (model_side.attach_inspector)
        scroll = self.window.inspector.findChild(QScrollArea)
        if dock is None or scroll is None or scroll.widget() is None or dock.isFloating():
            return
        bar = self.window.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        need = max(int(285 * scale), scroll.widget().minimumSizeHint().width() + bar + 8)
        width = min(need, self.window.width() * 2 // 5)
        if width > dock.width():
            self.window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        # The left column: its buttons (Apply, From graph, Copy torch) need their width whole.
        docks = self.window.docks
        left = [docks[k] for k in ("palette", "code") if k in docks and not docks[k].isFloating()]
        need_left = max((d.minimumSizeHint().width() for d in left), default=0)
        if left and need_left > left[0].width():
            self.window.resizeDocks([left[0]], [min(need_left, self.window.width() * 2 // 5)],
                                    Qt.Orientation.Horizontal)

    def repaint_canvases(self) -> None:
        if not self.window.ready:
            if self.window.canvas_placeholder is not None:
                self.window.canvas_placeholder.update()
            return
        for view in (self.window.view, self.window.backward_view):
            view.viewport().update()
            if view.scene() is not None:
                view.scene().update()


def shows_whole(view, rect) -> bool:
    """``view`` shows all of ``rect`` (scene coordinates); an empty rect counts as shown."""
    if rect.isNull():
        return True
    return view.mapToScene(view.viewport().rect()).boundingRect().contains(rect)
