"""The offscreen scenes an export paints: the forward canvas (an export-only GraphScene with the
chosen card rows, hidden nodes outside the selection) or the backward graph (grad_fn DAG boxes and
arrows, optional gradient labels), framed with the margin. :func:`prepared` builds one in the
export theme and disposes of it after; every exporter (PNG, SVG, PDF) paints from it.
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Iterator

import shiboken6
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from engine.ops import OPS
from explorer.model.document import Document
from explorer.model.messages import Message
from explorer.view import theme
from explorer.view.canvas import GraphScene
from explorer.view.canvas.backward_dag import BwNode, build_dag, layered_positions
from explorer.view.canvas.backward_items import BwEdgeItem, BwNodeItem
from explorer.view.canvas.preview import fmt_array, fmt_shape
from explorer.view.exporters.labels import LABEL_Z, BwLabelItem
from explorer.view.exporters.options import ExportError, ExportOptions


class _NoUndo:
    """The offscreen scene is never edited; anything it would push is refused."""

    def push_command(self, command) -> bool:
        return False


class ExportGraphScene(GraphScene):
    """The canvas scene of an export: never edited, card rows as the options say."""

    def __init__(self, document: Document, display: dict[str, bool]) -> None:
        # Set before GraphScene builds its cards, which read it once per card.
        self.display = display
        super().__init__(document, _NoUndo())


@dataclass
class Prepared:
    scene: QGraphicsScene
    source: QRectF          # the part of the scene drawn (integer size, margin included)
    node_count: int
    whole: bool = True      # every node of the graph is drawn (no selection)


def _no_cache(items) -> None:
    # A cached card is a pixmap: in SVG/PDF it would become an <image>. Painting directly also
    # keeps PNGs sharp at every scale.
    for item in items:
        if item.cacheMode() != QGraphicsItem.CacheMode.NoCache:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)


def _bounds(items) -> QRectF:
    """The union of the items' scene boxes. Export items are only translated (never rotated or
    scaled), so this is arithmetic on pos() + boundingRect(): thousands of sceneBoundingRect()
    and united() calls cost ~30 ms on a 2,000-node graph."""
    left = top = math.inf
    right = bottom = -math.inf
    for item in items:
        x0, y0, x1, y1 = item.boundingRect().getCoords()
        dx, dy = item.x(), item.y()
        if x0 + dx < left:
            left = x0 + dx
        if y0 + dy < top:
            top = y0 + dy
        if x1 + dx > right:
            right = x1 + dx
        if y1 + dy > bottom:
            bottom = y1 + dy
    if left > right:
        return QRectF()
    return QRectF(left, top, right - left, bottom - top)


def _framed(rect: QRectF, margin: float) -> QRectF:
    """``rect`` plus the margin, grown to a whole number of units (so scale k gives exactly k×)."""
    r = rect.adjusted(-margin, -margin, margin, margin)
    return QRectF(math.floor(r.left()), math.floor(r.top()),
                  math.ceil(r.right()) - math.floor(r.left()), math.ceil(r.bottom()) - math.floor(r.top()))


def _forward_scene(document: Document, result: Any, options: ExportOptions) -> Prepared:
    scene = ExportGraphScene(document, options.display())
    try:
        scene.show_results(result)
        if options.edge_grads:
            scene.set_show_edge_grads(True)
        keep = set(document.nodes)
        if options.selection is not None:
            keep = {nid for nid in options.selection if nid in document.nodes}
            if not keep:
                raise ExportError(Message("nothing to export: no node of the graph is selected"))
        shown = []
        for nid, item in scene.node_items.items():
            if nid in keep:
                shown.append(item)
            else:
                item.setVisible(False)
        for edge, item in scene.edge_items.items():
            if edge.src in keep and edge.dst in keep:
                shown.append(item)
                if item.label:
                    # A gradient label sits at the wire's midpoint, often under a card: in an
                    # image it must be readable, so labelled wires go above the cards.
                    item.setZValue(LABEL_Z)
            else:
                item.setVisible(False)
        for item in scene.group_items.values():
            if keep.issuperset(m for m in item.group.members if m in document.nodes):
                shown.append(item)
            else:
                item.setVisible(False)
        rect = _bounds(shown)
        if scene.overview is not None:
            scene.overview.setVisible(False)
        _no_cache(shown)  # (scene.items() would also sort all of them by z)
        # Painted once, whole: a BSP index would be built for that one query and thrown away.
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        if rect.isNull() or not keep:
            raise ExportError(Message("nothing to export: the graph is empty"))
        return Prepared(scene, _framed(rect, options.margin), len(keep), whole=len(keep) == len(document.nodes))
    except BaseException:
        _dispose(scene)
        raise


def _backward_scene(document: Document, result: Any, options: ExportOptions) -> Prepared:
    if result is None:
        raise ExportError(Message("the backward graph needs a run: compute forward and backward first"))
    nodes, arrows = build_dag(document, result)
    if not options.grad_fn:
        nodes, arrows = _without_grad_fn_names(document, nodes, arrows)
    if options.selection is not None:
        keep = set(options.selection)
        nodes = [n for n in nodes if n.doc_id in keep]
        kept = {n.key for n in nodes}
        arrows = [(a, b) for a, b in arrows if a in kept and b in kept]
    if not nodes:
        raise ExportError((Message("nothing to export: the backward graph is empty (set a root that "
                                   "requires grad and run backward)")
                           if options.selection is None else
                           Message("nothing to export: no selected node is in the backward graph")))
    shown = [_with_tensor_line(n, result.results.get(n.doc_id), options) if n.kind in ("leaf", "root") else n
             for n in nodes]
    scene = QGraphicsScene()
    items: dict[str, BwNodeItem] = {}
    for n in shown:
        item = BwNodeItem(n)
        item.setToolTip("")
        items[n.key] = item
        scene.addItem(item)
    positions = layered_positions([n.key for n in shown], arrows, {k: it.w for k, it in items.items()})
    for key, (x, y) in positions.items():
        items[key].setPos(x, y)
    seen = set()
    labels = _arrow_grads(document, result, {n.key: n for n in shown}) if options.edge_grads else {}
    for a, b in arrows:
        if (a, b) not in seen:
            seen.add((a, b))
            edge = BwEdgeItem(items[a], items[b])
            scene.addItem(edge)
            text = labels.get((a, b))
            if text:
                scene.addItem(BwLabelItem(text, QPointF((edge._p0.x() + edge._p1.x()) / 2,
                                                        (edge._p0.y() + edge._p1.y()) / 2)))
    _no_cache(scene.items())
    rect = scene.itemsBoundingRect()
    return Prepared(scene, _framed(rect, options.margin), len(shown))


def _with_tensor_line(n: BwNode, r: Any, options: ExportOptions) -> BwNode:
    """A tensor box's second line as the options say: shape, the root's value, a leaf's .grad."""
    parts = []
    if options.shapes and r is not None and r.value is not None:
        parts.append(fmt_shape(tuple(r.value.shape)))
    if options.values and r is not None and r.value is not None and n.kind == "root":
        parts.append(fmt_array(r.value))
    if options.grads and n.kind == "leaf" and r is not None and r.grad is not None:
        parts.append(f"grad {fmt_array(r.grad)}")
    return replace(n, sub="  ·  ".join(parts))


def _without_grad_fn_names(document: Document, nodes: list, arrows: list) -> tuple[list, list]:
    """The DAG with no PyTorch class names (the "grad_fn names" switch off, as on the canvas
    cards): a function box shows its op's card glyph ("×", "xʸ", "Σ"), and the AccumulateGrad
    boxes go, their arrows running straight to the leaf."""
    out = []
    for n in nodes:
        if n.kind == "acc":
            continue
        if n.kind == "fn":
            node = document.nodes.get(n.doc_id)
            op = OPS.get(node.op) if node is not None and node.op else None
            n = replace(n, label=op.label if op is not None else (node.op if node is not None else n.label))
        out.append(n)
    redirect = {n.key: f"leaf:{n.doc_id}" for n in nodes if n.kind == "acc"}
    moved = [(a, redirect.get(b, b)) for a, b in arrows if a not in redirect]
    return out, moved


def _arrow_grads(document: Document, result: Any, shown: dict) -> dict[tuple[str, str], str]:
    """The gradient sent along each arrow of the backward graph, as label text: the root's
    incoming gradient on its first arrow, and on an arrow from an op's function to an input's
    function the gradient for that input (the document edge's; an input used twice, as in
    ``x * x``, gets both, summed where they meet). AccumulateGrad → leaf arrows stay bare: the
    leaf's box shows its .grad."""
    results = result.results
    edge_grads = result.edge_grads
    backward_edges = result.backward_edges
    out: dict[tuple[str, str], str] = {}
    for key, n in shown.items():
        if n.kind == "root":
            r = results.get(n.doc_id)
            g = r.flow_grad if r is not None else None
            target = f"fn:{n.doc_id}"
            if g is not None and target in shown:
                out[(key, target)] = fmt_array(g)
        elif n.kind == "fn":
            per_src: dict[str, list] = {}
            for edge in document.in_edges(n.doc_id):
                g = edge_grads.get(edge)
                if g is not None and edge in backward_edges:
                    per_src.setdefault(edge.src, []).append(g)
            for src, grads in per_src.items():
                text = " + ".join(fmt_array(g) for g in grads)
                for target in (f"fn:{src}", f"acc:{src}", f"leaf:{src}"):
                    if target in shown:
                        out[(key, target)] = text
                        break
    return out


def _dispose(scene: QGraphicsScene) -> None:
    if isinstance(scene, GraphScene):
        scene.close()  # stop listening to the document and to theme switches
    if shiboken6.isValid(scene):
        shiboken6.delete(scene)  # its items go with it, now (no event loop needed)


@contextmanager
def prepared(document: Document, result: Any, options: ExportOptions) -> Iterator[Prepared]:
    """An offscreen scene of the export, built and painted in the export theme.

    Everything inside the block sees ``theme.current()`` as the export theme; the on-screen
    scenes are not told (and the GUI thread does not return to the event loop meanwhile)."""
    options.check()
    with theme.using(options.theme):
        prep = (_backward_scene if options.view == "backward" else _forward_scene)(document, result, options)
        try:
            yield prep
        finally:
            _dispose(prep.scene)
