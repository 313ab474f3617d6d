"""Seeing the chain rule on the graph: the paths from the root to the selected node.

Select one node while the document has a root and the canvas highlights every path the
gradient takes from the root back to it, each edge labelled with its local derivative
(formula and numbers), while the chain-rule panel lists the paths, what each one carries, and
their sum, which is the node's ``.grad`` (checked against the last run's). Select an op and
the panel also shows it as math in its leaves (``Q = 3a³ − b²``) with the op table's
derivative rules for its inputs. The numbers come from :mod:`explorer.model.paths`.

``install(window)`` wires it in (an extension, after lecture mode, whose panel it borrows
between steps; during step-through the panel stays with the steps).
"""
from __future__ import annotations

import html
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer

from explorer.model.paths import chain_paths, op_math, path_formula
from explorer.view import theme
from explorer.view.canvas.paths import PathsItem
from explorer.view.canvas.preview import fmt_array
from explorer.view.i18n import tr_message
from explorer.view.lecture.extension import lecture_of
from explorer.view.window.context import context_of

# Past this many nodes a selection does not re-evaluate the graph (it would lag the click).
NODE_LIMIT = 400
PATHS_LISTED = 12      # path lines in the panel; the sum always covers every path


def _tr(text: str) -> str:
    return QCoreApplication.translate("ChainPaths", text)


class PathsController(QObject):
    """Keeps the path overlay and the panel in step with the selection and the document."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.item: PathsItem | None = None
        self.report: Any = None
        self.math: Any = None
        self._owns_panel = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        window.scene.selection_ids_changed.connect(self._schedule)
        window.document.subscribe(self._on_document_event)
        window.document_replaced.connect(self._schedule)
        theme.on_change(self._theme_changed)   # label boxes are sized in the canvas font
        # a new run: the panel's ✓ compares the sum with the .grad now shown
        window.results_changed.connect(self._results_changed)

    # ------------------------------------------------------------------ events
    def _schedule(self, *_args) -> None:
        self._timer.start()

    def _on_document_event(self, event) -> None:
        if event.kind == "node_changed" and set(event.fields) <= {"pos"}:
            self._redraw_pending = True     # cards moved: the same paths, drawn where they are now
            QTimer.singleShot(0, self._redraw_moved)
            return
        self._timer.start()

    _redraw_pending = False

    def _theme_changed(self) -> None:
        if self.item is not None:
            self._draw()

    def _redraw_moved(self) -> None:
        if self._redraw_pending and not self._timer.isActive():
            self._draw()
        self._redraw_pending = False

    def _results_changed(self, _result) -> None:
        if self.report is not None and not self._timer.isActive():
            self._fill_panel(self.report.target)

    def _stepping(self) -> bool:
        lecture = lecture_of(self.window)
        return lecture is not None and (lecture.controller.stepper is not None or lecture.controller.player is not None)

    # ------------------------------------------------------------------ what is shown
    def refresh(self) -> None:
        w = self.window
        doc = w.document
        ids = [i for i in w.scene.selected_ids() if i in doc.nodes]
        self.report = self.math = None
        if len(ids) == 1 and len(doc.nodes) <= NODE_LIMIT:
            nid = ids[0]
            try:
                self.math = op_math(doc, nid)
                if doc.root is not None and nid != doc.root:
                    self.report = chain_paths(doc, nid)
            except Exception as exc:  # noqa: BLE001 - a view aid must never break editing
                w.messages.error(_tr("paths: %1").replace("%1", tr_message(str(exc))))
        self._draw()
        self._fill_panel(ids[0] if len(ids) == 1 else None)

    def _draw(self) -> None:
        scene = self.window.scene
        if self.item is not None:
            self.item.remove_from(scene)
            self.item = None
        if self.report is not None and self.report.paths:
            self.item = PathsItem(scene, self.report)
            self.item.add_to(scene)

    def _fill_panel(self, nid: str | None) -> None:
        lecture = lecture_of(self.window)
        panel = lecture.chain_panel if lecture is not None else None
        if panel is None or self._stepping():
            return
        if self.report is None and self.math is None:
            if self._owns_panel:
                self._owns_panel = False
                panel.show_step(None, 0, 0)
            return
        heading, lines = self.panel_text(nid)
        panel.show_lines(heading, lines, rich=True)
        self._owns_panel = True
        dock = self.window.docks.get("chain_rule")
        if dock is not None and not dock.isHidden():
            dock.raise_()

    def panel_text(self, nid: str) -> tuple[str, list[str]]:
        """The panel's heading and rich-text lines for the selected node."""
        doc = self.window.document
        name = html.escape(doc.nodes[nid].name)
        lines: list[str] = []
        heading = name
        if self.math is not None:
            heading = self.math.html.split("<br>")[0]
            lines.extend(self.math.html.split("<br>")[1:])
        r = self.report
        if r is None:
            return heading, lines
        root = html.escape(doc.nodes[r.root].name)
        if r.problem is not None:
            lines.append(f"∂{root}/∂{name}: " + html.escape(tr_message(r.problem)))
            return heading, lines
        heading = (_tr("%1 — paths from %2: %3").replace("%1", heading).replace("%2", root)
                   .replace("%3", str(r.count)))
        lines.append(_tr("start: ∂%1/∂%1 = %2 (the gradient backward starts with)")
                     .replace("%1", root).replace("%2", fmt_array(r.seed)))
        for k, path in enumerate(r.paths[:PATHS_LISTED], start=1):
            route = " → ".join(html.escape(doc.nodes[n].name) for n in path.nodes)
            factors = " · ".join(html.escape(pe.formula) for pe in path.edges)
            lines.append(_tr("path %1 (%2): %3 = %4").replace("%1", str(k)).replace("%2", route)
                         .replace("%3", factors).replace("%4", fmt_array(path.contribution)))
        if r.count > PATHS_LISTED:
            lines.append(_tr("… %1 more paths").replace("%1", str(r.count - PATHS_LISTED)))
        lines.append(self._sum_line(nid, root, name))
        return heading, lines

    def _sum_line(self, nid: str, root: str, name: str) -> str:
        r = self.report
        total = fmt_array(r.total)
        result = self.window.last_result
        node_result = result.results.get(nid) if result is not None else None
        is_leaf = bool(node_result is not None and node_result.is_leaf)
        what = f"{name}.grad" if is_leaf else f"∂{root}/∂{name}"
        formula = path_formula(r) if r.seed is not None and np.all(r.seed == 1) else None
        if formula is not None and formula != total:
            total = f"{html.escape(formula)} = {total}"
        line = _tr("%1 = sum over the paths = %2").replace("%1", what).replace("%2", total)
        shown = None
        if node_result is not None and result.backward_ran:
            shown = node_result.grad if is_leaf else node_result.flow_grad
        if shown is not None and result.passes <= 1:
            same = np.shape(shown) == np.shape(r.total) and np.allclose(shown, r.total, rtol=1e-5, atol=1e-6)
            line += "  ✓" if same else "  ≠ " + fmt_array(shown)
        return line


def install(target: Any) -> PathsController | None:
    """Add the path view to a window (needs its canvas; lecture mode's panel if present),
    registered with its context as "paths" (``window.paths_controller`` finds it)."""
    ctx = context_of(target)
    if ctx.scene is None:
        return None
    return ctx.register("paths", PathsController(ctx.window))
