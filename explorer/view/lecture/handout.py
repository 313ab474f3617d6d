"""Lecture handouts: one PDF, one page per slide (``main.py export-lecture FILE -o OUT.pdf``).

Each page has the slide title, the graph as the slide leaves it (after its steps), the narration
beside it, and the chain rule of every step the slide walks through. Drawn with Qt's own PDF
writer in the print theme: vector cards, text kept as text (selectable, searchable), no
spotlight dimming (paper is read at leisure, not followed step by step).
"""
from __future__ import annotations

import html
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPicture, QTextDocument
from PySide6.QtWidgets import QGraphicsItem

from explorer.model.document import Document
from explorer.model.lecture import LectureError, LecturePlayer, markdown_to_html
from explorer.model.messages import Message
from explorer.view import theme
from explorer.view.canvas import GraphScene
from explorer.view.chain_rule import step_heading, step_lines
from explorer.view.i18n import ensure_app, use_language
from explorer.view.lecture.annotations import AnnotationLayer
from explorer.view.lecture.panel import fixed_pitch_family
from explorer.view.lecture.spotlight import highlight_step
from explorer.view.undo_rules import model_undo_stack

PAGE_MARGIN_MM = 10
NARRATION_SHARE = 0.36      # of the page width
CHAIN_SHARE_MAX = 0.45      # of the page height, at most


def _chain_rule_html(player) -> str:
    """Every step of the slide's step-through: heading and chain-rule lines, escaped."""
    rng = player.step_range()
    if rng is None:
        return ""
    stepper = player.stepper
    blocks = []
    for position in range(rng[0] + 1, rng[1] + 1):
        stepper.set_position(position)
        step = stepper.current
        if step is None:
            continue
        heading = step_heading(step, len(stepper.forward), len(stepper.backward))
        lines = "".join(f"<div style='margin-left:12px'>{html.escape(line)}</div>" for line in step_lines(step))
        blocks.append(f"<div style='margin-bottom:4px'><b>{html.escape(heading)}</b>{lines}</div>")
    return "".join(blocks)


@contextmanager
def _vector_items(scene):
    """Cards cache their painting as device pixmaps (fast on screen); in a PDF that made every
    card a JPEG with a mask (7.7 MB for 17 pages, card text not selectable). Drawn uncached
    they are vector shapes and text."""
    saved = [(item, item.cacheMode()) for item in scene.items()
             if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for item, _mode in saved:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        for item, mode in saved:
            item.setCacheMode(mode)


def _render_vector(scene, painter, target, source) -> None:
    """Draw ``source`` of the scene into ``target`` as vector shapes and text.

    The cards' fonts are in points, so painted straight onto the 600 dpi PDF device they came
    out six times too large; recorded into a QPicture (screen resolution) they keep their size
    when it is played back scaled onto the page. The picture is recorded at a zoom where cards
    draw their text (below it they are grey bars: the canvas's level of detail)."""
    fit = min(target.width() / source.width(), target.height() / source.height())
    zoom = 1.0    # picture units per scene unit: cards draw their full text at 1:1
    picture = QPicture()
    recorder = QPainter(picture)
    recorder.setRenderHint(QPainter.RenderHint.Antialiasing)
    frame = QRectF(0, 0, source.width() * zoom, source.height() * zoom)
    with _vector_items(scene):
        scene.render(recorder, frame, source, Qt.AspectRatioMode.KeepAspectRatio)
    recorder.end()
    painter.save()
    painter.translate(target.left() + (target.width() - source.width() * fit) / 2, target.top())
    # a picture replays in its own resolution's units: scale them to the page's
    dpi = picture.logicalDpiX() / painter.device().logicalDpiX()
    painter.scale(fit / zoom * dpi, fit / zoom * dpi)
    painter.drawPicture(0, 0, picture)
    painter.restore()


def export_handout_pdf(lecture, path: str | Path, theme_name: str = "print") -> int:
    """Write ``lecture`` as a one-page-per-slide PDF at ``path``; returns the number of pages."""
    ensure_app()


    previous = theme.current().name
    theme.set_theme(theme_name)
    t = theme.current()
    writer = QPdfWriter(str(path))
    writer.setTitle(lecture.title)
    writer.setCreator("Autograd Explorer")
    # high enough that cards of a big graph draw their text, not level-of-detail grey bars
    writer.setResolution(600)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    doc = Document()
    scene = GraphScene(doc, model_undo_stack(doc))
    player = LecturePlayer(lecture, document=doc)
    mono = fixed_pitch_family()

    layer = AnnotationLayer()
    painter = QPainter()
    pages = 0
    with use_language(lecture.language):
        try:
            if not painter.begin(writer):
                raise LectureError(Message("could not write {path}", path=path))
            page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
            page.moveTo(0, 0)
            px_per_pt = writer.resolution() / 72.0
            for i in range(lecture.slides.__len__()):
                player.go_to_slide(i)
                chain_html = _chain_rule_html(player)
                rng = player.step_range()
                if rng is not None:
                    player.stepper.set_position(rng[1])     # the graph as the slide leaves it
                scene.show_results(player.display_result())
                if hasattr(scene, "set_show_edge_grads"):
                    scene.set_show_edge_grads(rng is not None and player.slide.step_through != "forward")
                highlight_step(scene, player.highlight, ())
                if pages:
                    writer.newPage()
                pages += 1
                # title and position
                title_font = QFont(t.font_family)
                title_font.setPixelSize(int(18 * px_per_pt))
                title_font.setBold(True)
                painter.setFont(title_font)
                painter.setPen(QColor(t.text))
                title_h = 26 * px_per_pt
                painter.drawText(QRectF(0, 0, page.width() * 0.8, title_h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, player.slide.title)
                small = QFont(t.font_family)
                small.setPixelSize(int(9 * px_per_pt))
                painter.setFont(small)
                painter.setPen(QColor(t.text_muted))
                painter.drawText(QRectF(0, 0, page.width(), title_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 f"{lecture.title}  ·  {i + 1}/{lecture.slides.__len__()}")
                top = title_h + 6 * px_per_pt
                narr_w = page.width() * NARRATION_SHARE
                graph_w = page.width() - narr_w - 8 * px_per_pt
                # narration (rich text: stays text in the PDF)
                narration = QTextDocument()
                narration.setDefaultStyleSheet(f"code {{ font-family: '{mono}'; }}")
                body = QFont(t.font_family)
                body.setPixelSize(int(10.5 * px_per_pt))
                narration.setDefaultFont(body)
                narration.setHtml(markdown_to_html(player.slide.narration))
                narration.setTextWidth(narr_w)
                painter.save()
                painter.translate(page.width() - narr_w, top)
                narration.drawContents(painter, QRectF(0, 0, narr_w, page.height() - top))
                painter.restore()
                # chain rule under the graph, wrapped (long lines were cut at the right edge)
                chain_h = 0.0
                if chain_html:
                    chain = QTextDocument()
                    cf = QFont(mono)
                    size_pt = 8.0
                    while True:   # every step on the page: a smaller font rather than a cut
                        cf.setPixelSize(int(size_pt * px_per_pt))
                        chain.setDefaultFont(cf)
                        chain.setHtml(chain_html)
                        chain.setTextWidth(graph_w)
                        if chain.size().height() <= page.height() * CHAIN_SHARE_MAX or size_pt <= 5:
                            break
                        size_pt -= 0.5
                    chain_h = min(chain.size().height(), page.height() * CHAIN_SHARE_MAX)
                    painter.save()
                    painter.translate(0, page.height() - chain_h)
                    chain.drawContents(painter, QRectF(0, 0, graph_w, chain_h))
                    painter.restore()
                # the graph
                source = scene.content_rect() if hasattr(scene, "content_rect") else scene.itemsBoundingRect()
                target = QRectF(0, top, graph_w, page.height() - top - chain_h - 6 * px_per_pt)
                layer.show(scene, player.slide.annotations)
                if layer.rect() is not None:
                    source = source.united(layer.rect())
                if not source.isNull() and target.height() > 20:
                    source = source.adjusted(-20, -20, 20, 20)
                    _render_vector(scene, painter, target, source)
                layer.clear()
        finally:
            if painter.isActive():
                painter.end()
            theme.set_theme(previous)
            close = getattr(scene, "close", None)
            if close is not None:
                close()
    return pages
