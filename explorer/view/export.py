"""Image export: the forward canvas or the backward-graph (grad_fn DAG) view as PNG, SVG or PDF.

Every export is drawn on a *fresh offscreen scene* built from the document and a RunResult, in
the export theme (:func:`explorer.view.theme.using`, which tells no listener), never by grabbing
the on-screen widget: the result is deterministic and the user's view is untouched. Cards are
painted directly (item caching off), so PDF gets real vector shapes and text; SVG is written from
the same scene's items by :mod:`explorer.view.svg_writer` (shapes, text and shared CSS classes;
QSvgGenerator only for a scene holding an item the writer does not know).

The work is split in two: :func:`render` paints (it runs Python ``paint`` methods of graphics
items, so it belongs on the GUI thread) and returns a :class:`Rendered`; :func:`encode` turns
that into file bytes (PNG compression, the SVG metadata) and can run on any thread.
:func:`export_async` does the encoding and writing on a ``QThreadPool`` worker, so the window
keeps processing events meanwhile.

PNG exports carry the graph document in a text chunk (keyword ``autograd-explorer``), SVG
exports in a ``<metadata>`` element; :mod:`explorer.model.imagemeta` reads them back.
"""
from __future__ import annotations

import concurrent.futures
import json
import math
import os
import re
import sys
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Callable, Iterator

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QObject, QPointF, QRectF, QSize, QSizeF, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from explorer.model import imagemeta
from explorer.model.document import Document
from explorer.model.loading import InputError as CliError, load_graph
from explorer.view import theme
from explorer.view.export_labels import LABEL_Z as _LABEL_Z, BwLabelItem

FORMATS = ("png", "svg", "pdf")
EXPORT_THEMES = tuple(theme.THEMES)
MIN_SCALE, MAX_SCALE = 1.0, 4.0
MAX_SIDE = 30_000            # pixels per side of a PNG (Qt and most viewers cope up to 32k)
# Pixels of a PNG in all (README, Headless use): the image, its encoding and Qt's buffers take
# ~8 bytes a pixel (30000x30000 took 7.2 GB), so 100 M pixels stay under a gigabyte.
MAX_PIXELS = 100_000_000
SCREEN_DPI = 96.0            # one scene unit = one CSS pixel (SVG size, PNG and PDF physical size)


class ExportError(Exception):
    """An export the user asked for cannot be made; the message says why, in one line."""


@dataclass
class ExportOptions:
    """What to draw and how. ``selection`` (document node ids) limits the image to those nodes."""

    view: str = "forward"                 # "forward" canvas | "backward" grad_fn DAG
    theme: str = "light"
    scale: float = 1.0                    # PNG: 1x-4x
    size: tuple[int, int] | None = None   # PNG: fit into exactly this many pixels instead of scale
    transparent: bool = False
    values: bool = True
    grads: bool = True
    grad_fn: bool = True
    shapes: bool = True
    edge_grads: bool = False              # gradient that flowed along each edge, as a label
    selection: tuple[str, ...] | None = None
    margin: float = 24.0
    embed_graph: bool = True              # PNG/SVG carry the document (opening the image restores it)

    def check(self) -> None:
        if self.view not in ("forward", "backward"):
            raise ExportError(f"unknown view '{self.view}' (forward or backward)")
        if self.theme not in theme.THEMES:
            raise ExportError(f"unknown theme '{self.theme}'; choose one of {', '.join(theme.THEMES)}")
        if not (isinstance(self.scale, (int, float)) and MIN_SCALE <= float(self.scale) <= MAX_SCALE):
            raise ExportError(f"the scale must be between {MIN_SCALE:g} and {MAX_SCALE:g} (got {self.scale})")
        if self.size is not None:
            w, h = self.size
            if not (16 <= int(w) <= MAX_SIDE and 16 <= int(h) <= MAX_SIDE):
                raise ExportError(f"the image size must be between 16 and {MAX_SIDE} pixels a side (got {w}x{h})")
            if int(w) * int(h) > MAX_PIXELS:
                raise ExportError(_too_many_pixels(int(w), int(h)))
        if not (0 <= float(self.margin) <= 500):
            raise ExportError("the margin must be between 0 and 500")

    def display(self) -> dict[str, bool]:
        """The card rows to show (read by the canvas items through ``GraphScene.display``)."""
        return {"values": self.values, "grads": self.grads, "grad_fn": self.grad_fn, "shapes": self.shapes}

    # Remembered between sessions (QSettings) without the selection, which belongs to one graph.
    def to_json(self) -> str:
        data = asdict(self)
        data.pop("selection")
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str | None) -> "ExportOptions":
        """Options saved by :meth:`to_json`; unknown or broken entries fall back to defaults."""
        opts = cls()
        try:
            data = json.loads(text) if text else {}
        except (TypeError, ValueError):
            return opts
        if not isinstance(data, dict):
            return opts
        for f in fields(cls):
            if f.name == "selection" or f.name not in data:
                continue
            value = data[f.name]
            default = getattr(opts, f.name)
            if f.name == "size":
                if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
                    opts.size = (int(value[0]), int(value[1]))
            elif isinstance(default, bool):
                if isinstance(value, bool):
                    setattr(opts, f.name, value)
            elif isinstance(default, float):
                if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                    setattr(opts, f.name, float(value))
            elif isinstance(value, str):
                setattr(opts, f.name, value)
        try:
            opts.check()
        except (ExportError, TypeError, ValueError):
            return cls()
        return opts


def format_of(path: str | os.PathLike) -> str:
    """"png", "svg" or "pdf" from the file name, else ExportError."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        shown = f"'.{suffix}'" if suffix else "no suffix"
        raise ExportError(f"{Path(path).name}: cannot tell the image format from {shown} (use .png, .svg or .pdf)")
    return suffix


# ---------------------------------------------------------------------------------- scenes
class _NoUndo:
    """The offscreen scene is never edited; anything it would push is refused."""

    def push_command(self, command) -> bool:
        return False


_scene_class = None


def _export_scene_class():
    global _scene_class
    if _scene_class is None:
        from explorer.view.canvas import GraphScene

        class ExportGraphScene(GraphScene):
            def __init__(self, document: Document, display: dict[str, bool]) -> None:
                # Set before GraphScene builds its cards, which read it once per card.
                self.display = display
                super().__init__(document, _NoUndo())

        _scene_class = ExportGraphScene
    return _scene_class


@dataclass
class _Prepared:
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




def _forward_scene(document: Document, result: Any, options: ExportOptions) -> _Prepared:
    scene = _export_scene_class()(document, options.display())
    try:
        scene.show_results(result)
        if options.edge_grads:
            scene.set_show_edge_grads(True)
        keep = set(document.nodes)
        if options.selection is not None:
            keep = {nid for nid in options.selection if nid in document.nodes}
            if not keep:
                raise ExportError("nothing to export: no node of the graph is selected")
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
                    item.setZValue(_LABEL_Z)
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
            raise ExportError("nothing to export: the graph is empty")
        return _Prepared(scene, _framed(rect, options.margin), len(keep), whole=len(keep) == len(document.nodes))
    except BaseException:
        _dispose(scene)
        raise


def _backward_scene(document: Document, result: Any, options: ExportOptions) -> _Prepared:
    from explorer.view.canvas.backward_dag import build_dag, layered_positions
    from explorer.view.canvas.backward_items import BwEdgeItem, BwNodeItem
    from explorer.view.canvas.preview import fmt_array, fmt_shape

    if result is None:
        raise ExportError("the backward graph needs a run: compute forward and backward first")
    nodes, arrows = build_dag(document, result)
    if not options.grad_fn:
        nodes, arrows = _without_grad_fn_names(document, nodes, arrows)
    if options.selection is not None:
        keep = set(options.selection)
        nodes = [n for n in nodes if n.doc_id in keep]
        kept = {n.key for n in nodes}
        arrows = [(a, b) for a, b in arrows if a in kept and b in kept]
    if not nodes:
        raise ExportError("nothing to export: the backward graph is empty (set a root that requires "
                          "grad and run backward)" if options.selection is None else
                          "nothing to export: no selected node is in the backward graph")
    results = result.results
    shown = []
    for n in nodes:
        if n.kind in ("leaf", "root"):
            r = results.get(n.doc_id)
            parts = []
            if options.shapes and r is not None and r.value is not None:
                parts.append(fmt_shape(tuple(r.value.shape)))
            if options.values and r is not None and r.value is not None and n.kind == "root":
                parts.append(fmt_array(r.value))
            if options.grads and n.kind == "leaf" and r is not None and r.grad is not None:
                parts.append(f"grad {fmt_array(r.grad)}")
            n = replace(n, sub="  ·  ".join(parts))
        shown.append(n)
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
    return _Prepared(scene, _framed(rect, options.margin), len(shown))


def _without_grad_fn_names(document: Document, nodes: list, arrows: list) -> tuple[list, list]:
    """The DAG with no PyTorch class names (the "grad_fn names" switch off, as on the canvas
    cards): a function box shows its op's card glyph ("×", "xʸ", "Σ"), and the AccumulateGrad
    boxes go, their arrows running straight to the leaf."""
    from engine.ops import OPS

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
    from explorer.view.canvas.preview import fmt_array

    results = result.results
    edge_grads = getattr(result, "edge_grads", {}) or {}
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
    close = getattr(scene, "close", None)
    if close is not None:
        close()  # GraphScene: stop listening to the document and to theme switches
    try:
        import shiboken6

        if shiboken6.isValid(scene):
            shiboken6.delete(scene)  # its items go with it, now (no event loop needed)
    except ImportError:  # pragma: no cover - shiboken6 ships with PySide6
        pass


@contextmanager
def prepared(document: Document, result: Any, options: ExportOptions) -> Iterator[_Prepared]:
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


# ---------------------------------------------------------------------------------- rendering
@dataclass
class Rendered:
    """Painted output waiting to be encoded: a QImage (PNG) or bytes (SVG, PDF)."""

    format: str
    width: int                  # pixels (PNG) or CSS pixels (SVG, PDF page at 96 dpi)
    height: int
    image: QImage | None = None
    data: bytes | None = None
    document_json: "str | concurrent.futures.Future[str] | None" = None   # embedded on encoding (PNG, SVG)
    node_count: int = 0


def _background(options: ExportOptions) -> QColor:
    return QColor(Qt.GlobalColor.transparent) if options.transparent else QColor(theme.current().background)


def _hints(painter: QPainter) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)


def _too_many_pixels(w: int, h: int) -> str:
    return (f"the image size {w}x{h} is {w * h:,} pixels; at most {MAX_PIXELS:,} "
            f"(e.g. {math.isqrt(MAX_PIXELS)}x{math.isqrt(MAX_PIXELS)}) can be made")


def png_size(source: QRectF, options: ExportOptions) -> tuple[int, int, float]:
    """(width, height, factor): pixels of the PNG and scene units → pixels. Checked against
    MAX_SIDE and MAX_PIXELS here, before any image is allocated."""
    w, h = source.width(), source.height()
    if options.size is not None:
        pw, ph = int(options.size[0]), int(options.size[1])
        if max(pw, ph) > MAX_SIDE or pw * ph > MAX_PIXELS:
            raise ExportError(_too_many_pixels(pw, ph))
        return pw, ph, min(pw / w, ph / h)
    f = float(options.scale)
    pw, ph = int(round(w * f)), int(round(h * f))
    if max(pw, ph) > MAX_SIDE or pw * ph > MAX_PIXELS:
        raise ExportError(f"the image would be {pw:,}×{ph:,} pixels, too large to make; use a smaller "
                          f"scale, a fixed size, SVG or PDF, or export the selection")
    return pw, ph, f


def _render_png(prep: _Prepared, options: ExportOptions) -> QImage:
    source = prep.source
    pw, ph, f = png_size(source, options)
    # Opaque exports need no alpha channel: an RGB PNG is smaller and a quarter faster to encode.
    fmt = QImage.Format.Format_ARGB32_Premultiplied if options.transparent else QImage.Format.Format_RGB32
    image = QImage(pw, ph, fmt)
    image.fill(_background(options))
    if f >= 1:
        # Scale through the device pixel ratio: painting stays at 1:1 in logical units, so cards
        # draw full detail, hairlines and text scale with the image and fonts hint at the pixel size.
        image.setDevicePixelRatio(f)
    # So small that cards are plain boxes: draw them as the fitted canvas does, in a few
    # batched calls instead of one Python paint per card and edge.
    batched = f < _lod_text() and prep.whole and getattr(prep.scene, "overview", None) is not None
    # Larger than the graph: hairlines (wires, DAG boxes and arrows, group frames) grow with the
    # image like the cards' borders and text, as they do in the SVG and PDF.
    painter = _ScaledPenPainter(image) if f > 1 else QPainter(image)
    _hints(painter)
    if f < 1:
        painter.scale(f, f)  # smaller than the graph: the canvas's own level of detail applies
    lw, lh = pw / f, ph / f
    target = QRectF((lw - source.width()) / 2, (lh - source.height()) / 2, source.width(), source.height())
    if batched:
        _paint_overview(prep.scene, painter, target, source)
    else:
        prep.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.end()
    image.setDevicePixelRatio(1.0)
    dpm = int(round(SCREEN_DPI * f / 0.0254))  # prints at the size of the graph on a 96-dpi screen
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    return image


class _ScaledPenPainter(QPainter):
    """A painter on which the canvas's cosmetic pens are ordinary ones of the same width.

    On screen wires are cosmetic (one device pixel at any zoom, cheap); painted into a 3x PNG
    they would stay one pixel wide while the cards' 1-unit borders become three: hairline wires
    that vanish in print. Items get this painter in ``paint`` (the same Python object), so their
    ``setPen`` calls pass through here."""

    def setPen(self, pen) -> None:  # noqa: N802 - Qt's name
        if isinstance(pen, QPen) and pen.isCosmetic():
            pen = QPen(pen)
            pen.setCosmetic(False)
            if pen.widthF() == 0:
                pen.setWidthF(1.0)
        super().setPen(pen)


def _paint_overview(scene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    """What ``scene.set_overview(True)`` and ``scene.render`` would draw, without visiting every
    item: in that mode cards paint nothing and wires are hidden, so the picture is the group
    frames (below) and the overview item's batched boxes and lines. Switching the mode and
    letting render walk 5,000 items cost about half of painting a fitted 2,000-node PNG."""
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    option = QStyleOptionGraphicsItem()
    painter.save()
    painter.setClipRect(target)
    painter.translate(target.left() - source.left(), target.top() - source.top())
    overview = scene.overview
    for item in sorted((g for g in scene.group_items.values() if g.isVisible()), key=lambda g: g.zValue()):
        painter.save()
        painter.translate(item.pos())
        item.paint(painter, option)
        painter.restore()
    painter.save()
    painter.translate(overview.pos())
    overview.paint(painter, option)
    painter.restore()
    painter.restore()


def _lod_text() -> float:
    from explorer.view.canvas import items

    return float(getattr(items, "LOD_TEXT", 0.4))


def _title(document: Document) -> str:
    root = document.nodes.get(document.root) if document.root is not None else None
    return f"Autograd Explorer graph{f' ({root.name})' if root is not None else ''}"


def _render_svg(prep: _Prepared, options: ExportOptions, title: str) -> bytes:
    from PySide6.QtSvg import QSvgGenerator

    source = prep.source
    w, h = int(source.width()), int(source.height())
    # Cards, wires and frames (or the grad_fn DAG's boxes and arrows) written directly as compact
    # SVG with shared CSS classes: ~3x faster and ~7x smaller than painting every card through
    # QSvgGenerator, which stays for a scene holding items the writer does not know.
    from explorer.view import svg_writer

    data = svg_writer.write_scene(prep.scene, source, None if options.transparent else _background(options),
                                  title, _css_families())
    if data is not None:
        return data
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buffer)
    gen.setSize(QSize(w, h))
    gen.setViewBox(QRectF(0, 0, w, h))
    gen.setResolution(int(SCREEN_DPI))  # width/height in mm that browsers show at w×h CSS pixels
    gen.setTitle(title)
    gen.setDescription("Exported by Autograd Explorer")
    painter = QPainter(gen)
    _hints(painter)
    if not options.transparent:
        painter.fillRect(QRectF(0, 0, w, h), _background(options))
    prep.scene.render(painter, QRectF(0, 0, w, h), source, Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.end()
    buffer.close()
    return bytes(buffer.data())


def _render_pdf(prep: _Prepared, options: ExportOptions, title: str) -> bytes:
    source = prep.source
    w, h = source.width(), source.height()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("Autograd Explorer")
    writer.setTitle(title)
    writer.setResolution(int(SCREEN_DPI))  # painter units = CSS pixels; the page is the graph's size
    points = QSizeF(w * 72.0 / SCREEN_DPI, h * 72.0 / SCREEN_DPI)
    page = QPageSize(points, QPageSize.Unit.Point, "graph", QPageSize.SizeMatchPolicy.ExactMatch)
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    _hints(painter)
    target = QRectF(0, 0, w, h)
    if not options.transparent:
        painter.fillRect(target, _background(options))
    prep.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
    painter.end()
    buffer.close()
    return bytes(buffer.data())


def render(document: Document, result: Any, fmt: str, options: ExportOptions | None = None, *,
           snapshot: bool = True) -> Rendered:
    """Paint the export (GUI thread). ``result`` is a RunResult or None (nothing computed).

    ``snapshot=False`` serializes the document itself instead of a copy: only for callers that
    do not change it before :func:`encode` returns (the headless command)."""
    options = options or ExportOptions()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}' (png, svg or pdf)")
    doc_json = None
    if options.embed_graph and fmt in ("png", "svg"):
        # Serialized on a worker from a private snapshot while this thread paints (the user may
        # edit the graph before the encoder, on another thread, needs the text).
        doc_json = _serializer().submit(*_json_job(document, snapshot))
    with prepared(document, result, options) as prep:
        if fmt == "png":
            image = _render_png(prep, options)
            return Rendered("png", image.width(), image.height(), image=image, document_json=doc_json,
                            node_count=prep.node_count)
        size = (int(prep.source.width()), int(prep.source.height()))
        title = _title(document)
        data = _render_svg(prep, options, title) if fmt == "svg" else _render_pdf(prep, options, title)
        return Rendered(fmt, *size, data=data, document_json=doc_json, node_count=prep.node_count)


_pool: concurrent.futures.ThreadPoolExecutor | None = None


def _serializer() -> concurrent.futures.ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-json")
    return _pool


_SMALL_TENSORS = 100_000  # elements: below this, the file data is a cheaper snapshot than a copy


def _json_job(document: Document, snapshot: bool) -> tuple:
    """(function, argument) for the serializer thread. The snapshot is the file's data itself
    (fresh lists and strings, ~15 ms for 2,000 small tensors) rather than ``document.copy()``
    (~50 ms: dataclass copies and a networkx graph); large tensors are formatted number by
    number, so those documents are copied (arrays copy fast) and formatted on the worker."""
    if not snapshot:
        return _document_json, document
    elements = 0
    for node in document.nodes.values():
        if node.kind != "op" and node.value is not None:
            elements += getattr(node.value, "size", 1)
    if elements > _SMALL_TENSORS:
        return _document_json, document.copy()
    from explorer.model import fileformat

    try:
        return _data_json, fileformat.to_data(document)
    except fileformat.FileFormatError as exc:
        raise ExportError(f"the graph cannot be embedded in the image: {exc}") from None


def _data_json(data: dict) -> str:
    from explorer.model import fileformat

    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    try:
        fileformat.check_size(text)   # an image carries only what Open can read back
    except fileformat.FileFormatError as exc:
        raise ExportError(f"the graph cannot be embedded in the image: {exc} (export with the "
                          f"graph left out, or save the document)") from None
    return text


def _document_json(document: Document) -> str:
    """The document as compact JSON (what ``fileformat.loads`` reads; no pretty-printing: it is
    hidden in the image and pretty-printing a 2,000-node graph costs a third of a second)."""
    from explorer.model import fileformat

    try:
        data = fileformat.to_data(document)
    except fileformat.FileFormatError as exc:
        raise ExportError(f"the graph cannot be embedded in the image: {exc}") from None
    return _data_json(data)


def encode(rendered: Rendered) -> bytes:
    """The file's bytes (any thread): PNG compression with the graph in a text chunk, or the SVG
    with its metadata element."""
    if isinstance(rendered.document_json, concurrent.futures.Future):
        rendered.document_json = rendered.document_json.result()
    if rendered.format == "png":
        image = rendered.image
        if rendered.document_json is not None:
            image = image.copy()  # setText detaches: the caller's image stays as painted
            image.setText(imagemeta.KEYWORD, rendered.document_json)
        array = QByteArray()
        buffer = QBuffer(array)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise ExportError("the PNG encoder failed")
        buffer.close()
        return bytes(array)
    if rendered.format == "svg":
        head, body = _web_svg(rendered.data, rendered.width, rendered.height)
        if rendered.document_json is not None:
            head = imagemeta.embed_svg_metadata(head, rendered.document_json)  # first child of <svg>
        return head.encode("utf-8") + body
    return rendered.data


def _web_svg(svg: bytes, width: int, height: int) -> tuple[str, bytes]:
    """Browser-friendly touches on QSvgGenerator's output: the size in pixels (it writes mm, which
    tools convert at different dpi), and CSS font fallbacks for Qt's family names ("Sans Serif" is
    no CSS family: a browser would fall back to a serif font).

    Returns the text up to the end of the ``<svg>`` tag and the rest, still bytes: a whole-graph
    SVG runs to megabytes, and decoding, editing and re-encoding it as a str cost ~0.3 s."""
    head_end = svg.find(b">", svg.find(b"<svg")) + 1
    head = svg[:head_end].decode("utf-8")
    head = re.sub(r'\bwidth="[^"]*"', f'width="{width}"', head, count=1)
    head = re.sub(r'\bheight="[^"]*"', f'height="{height}"', head, count=1)
    body = svg[head_end:]
    for family, css in _css_families().items():
        body = body.replace(f'font-family="{family}"'.encode("utf-8"), f'font-family="{css}"'.encode("utf-8"))
    return head, body


def _css_families() -> dict[str, str]:
    from PySide6.QtGui import QFont, QFontInfo

    t = theme.current()
    out = {}
    for family, generic in ((t.font_family, "sans-serif"), (t.mono_family, "monospace")):
        font = QFont(family)
        if generic == "monospace":
            font.setStyleHint(QFont.StyleHint.Monospace)
        actual = QFontInfo(font).family()
        stack = [actual] if actual and actual != family else []
        stack += ["DejaVu Sans Mono", "Menlo", "Consolas"] if generic == "monospace" else ["DejaVu Sans", "Helvetica", "Arial"]
        out[family] = ", ".join(dict.fromkeys(f"'{f}'" for f in stack)) + f", {generic}"
    return out


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write through a temporary file in the same folder, then replace (explorer.model.atomic:
    symlinks followed, a read-only file refused): a reader never sees half an image, and a
    failed write leaves an older file intact."""
    from explorer.model import atomic

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    if path.is_dir():
        raise ExportError(f"{path}: is a folder")
    try:
        atomic.write_bytes_atomic(path, data)
    except atomic.ReadOnlyFileError:
        raise ExportError(f"{path}: the file is read-only; it was not replaced") from None
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the file ({exc.strerror or exc})") from None


def export_file(document: Document, result: Any, path: str | os.PathLike,
                options: ExportOptions | None = None) -> Rendered:
    """Render, encode and write before returning (headless command, tests). The document must
    not change meanwhile (it is serialized while the scene paints)."""
    rendered = render(document, result, format_of(path), options, snapshot=False)
    write_bytes_atomic(path, encode(rendered))
    return rendered


def render_clipboard_image(document: Document, result: Any, options: ExportOptions | None = None) -> QImage:
    """The PNG export as a QImage carrying the graph (for the clipboard)."""
    rendered = render(document, result, "png", options)
    image = rendered.image
    if rendered.document_json is not None:
        image.setText(imagemeta.KEYWORD, rendered.document_json.result())
    return image


# ---------------------------------------------------------------------------------- off the GUI thread
class ExportJob(QObject):
    """An export whose encoding and writing run on a worker thread.

    ``finished(path)`` / ``failed(message)`` are delivered on the thread that owns the job (the
    GUI thread); ``future`` (a concurrent.futures.Future of the path) is for code without an
    event loop. ``write_thread`` is the id of the thread that encoded and wrote."""

    finished = Signal(str)
    failed = Signal(str)
    _report = Signal(bool, str)   # worker -> owner thread (queued), then finished/failed there

    def __init__(self, path: str, rendered: Rendered) -> None:
        super().__init__()
        self.path = path
        self.rendered = rendered
        self.future: concurrent.futures.Future = concurrent.futures.Future()
        self.write_thread: int | None = None
        # Connected now, queued: the outcome is delivered by the owner's event loop, so whoever
        # connects to finished/failed after export_async returns still hears it (a direct
        # emission from a fast worker could happen before anyone listened).
        self._report.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, ok: bool, text: str) -> None:
        (self.finished if ok else self.failed).emit(text)

    def done(self) -> bool:
        return self.future.done()


_running: set[ExportJob] = set()   # keeps jobs (and their signals) alive until they report


def export_async(document: Document, result: Any, path: str | os.PathLike, options: ExportOptions | None = None,
                 *, before_write: Callable[[], None] | None = None, pool: QThreadPool | None = None) -> ExportJob:
    """Paint now (GUI thread), then encode and write on ``pool`` (the global QThreadPool).

    Rendering errors (bad options, empty graph) raise ExportError here; encoding and writing
    errors arrive as ``failed``. ``before_write`` runs on the worker first (tests use it)."""
    path = os.fspath(path)
    rendered = render(document, result, format_of(path), options)
    job = ExportJob(path, rendered)
    _running.add(job)
    job.finished.connect(lambda _p, j=job: _running.discard(j))
    job.failed.connect(lambda _m, j=job: _running.discard(j))

    def work() -> None:
        job.write_thread = threading.get_ident()
        try:
            if before_write is not None:
                before_write()
            write_bytes_atomic(path, encode(rendered))
        except Exception as exc:  # reported, never lost on a worker thread
            message = str(exc) if isinstance(exc, ExportError) else f"{Path(path).name}: {type(exc).__name__}: {exc}"
            job.future.set_exception(ExportError(message))
            job._report.emit(False, message)
            return
        job.future.set_result(path)
        job._report.emit(True, path)

    (pool or QThreadPool.globalInstance()).start(work)
    return job


# ---------------------------------------------------------------------------------- headless command
def ensure_app():
    """A QApplication on the offscreen platform unless one exists (no display needed)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication([sys.argv[0] if sys.argv else "main.py"])
    return app


def compute_result(document: Document):
    """Forward, and backward when the document has a root (what the window shows after a run)."""
    from explorer.model.runner import Runner

    runner = Runner(document, listen=False)
    return runner.run_backward() if document.root is not None else runner.run_forward()


def _names(spec: str) -> list[str]:
    return [n.strip() for n in (spec or "").split(",") if n.strip()]


def _parse_size(text: str) -> tuple[int, int]:
    parts = text.lower().replace("×", "x").split("x")
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise ExportError(f"--size: expected WIDTHxHEIGHT in pixels such as 1920x1080 (got '{text}')") from None
    return w, h


def cmd_export(args) -> int:
    """``python main.py export FILE -o OUT ...`` (registered by :mod:`explorer.cli.export`)."""

    try:
        fmt = format_of(args.output)
    except ExportError as exc:
        raise CliError(f"-o {exc}") from None
    if args.theme not in theme.THEMES:
        raise CliError(f"--theme: unknown theme '{args.theme}'; choose one of {', '.join(theme.THEMES)}")
    try:
        size = _parse_size(args.size) if args.size else None
    except ExportError as exc:
        raise CliError(str(exc)) from None
    if size is not None and not all(16 <= v <= MAX_SIDE for v in size):
        raise CliError(f"--size: each side must be between 16 and {MAX_SIDE} pixels (got {args.size})")
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        raise CliError(f"--size: {_too_many_pixels(*size)}")
    out_dir = Path(args.output).parent
    if str(out_dir) and not out_dir.is_dir():
        if out_dir.exists():
            raise CliError(f"-o {args.output}: {out_dir} is a file, not a folder")
        raise CliError(f"-o {args.output}: the folder {out_dir} does not exist")
    if Path(args.output).is_dir():
        raise CliError(f"-o {args.output}: is a folder; name the image file, e.g. {Path(args.output) / 'graph.png'}")
    # Each number names its flag (ExportOptions.check below says what, not which flag).
    if not (math.isfinite(args.scale) and MIN_SCALE <= args.scale <= MAX_SCALE):
        raise CliError(f"--scale: must be between {MIN_SCALE:g} and {MAX_SCALE:g} (got {args.scale:g})")
    if not (math.isfinite(args.margin) and 0 <= args.margin <= 500):
        raise CliError(f"--margin: must be between 0 and 500 canvas units (got {args.margin:g})")
    doc = load_graph(args.file)
    for name in _names(args.freeze):
        node = doc.node_by_name(name)
        if node is None:
            raise CliError(f"--freeze: no node named '{name}' in {args.file}")
        if node.kind != "leaf":
            raise CliError(f"--freeze: '{name}' is not a leaf tensor (only leaves have a requires_grad switch)")
        doc.update_node(node.id, requires_grad=False)  # a throwaway document: no undo needed
    selection = None
    if args.select:
        selection = []
        for name in _names(args.select):
            node = doc.node_by_name(name)
            if node is None:
                raise CliError(f"--select: no node named '{name}' in {args.file}")
            selection.append(node.id)
        selection = tuple(selection)
    options = ExportOptions(view="backward" if args.backward else "forward", theme=args.theme,
                            scale=args.scale, size=size, transparent=args.transparent,
                            values=not args.no_values, grads=not args.no_grads, grad_fn=not args.no_grad_fn,
                            shapes=not args.no_shapes, edge_grads=args.edge_grads, selection=selection,
                            margin=args.margin, embed_graph=not args.no_embed)
    try:
        options.check()
    except ExportError as exc:
        raise CliError(str(exc)) from None
    ensure_app()
    result = None if args.no_run else compute_result(doc)
    try:
        rendered = export_file(doc, result, args.output, options)
    except ExportError as exc:
        error = result.backward_error if result is not None else None
        if args.backward and error and doc.root in doc.nodes and not result.backward_nodes:
            # Say why it is empty (e.g. --freeze left nothing requiring grad), not only what to do.
            name, error = doc.nodes[doc.root].name, " ".join(str(error).split())
            raise CliError(f"nothing to export: the backward graph is empty (backward from '{name}' failed: "
                           f"{error})") from None
        raise CliError(str(exc)) from None
    unit = "pixels" if fmt == "png" else "units"
    print(f"wrote {args.output} ({rendered.width}×{rendered.height} {unit}, {rendered.node_count} nodes)")
    if result is not None:
        if result.errors:
            print(f"note: {len(result.errors)} node(s) failed to compute; the image shows the errors", file=sys.stderr)
        error = result.backward_error
        if error and doc.root in doc.nodes:
            # Not on the cards (e.g. every leaf frozen: the root needs no grad), so say it here.
            print(f"note: backward from '{doc.nodes[doc.root].name}' failed: {' '.join(str(error).split())}",
                  file=sys.stderr)
    return 0


__all__ = ["ExportOptions", "ExportError", "ExportJob", "Rendered", "FORMATS", "EXPORT_THEMES", "render",
           "encode", "export_file", "export_async", "render_clipboard_image", "prepared", "format_of",
           "compute_result", "ensure_app", "cmd_export", "png_size", "write_bytes_atomic"]
