"""``python main.py export-lecture FILE -o DIR``: every click of a lecture as numbered PNGs, headless.

Each image is one state a presenter's clicker reaches: every slide, and within a slide that
steps through a pass, every step. The canvas is drawn by the same ``GraphScene`` the window
uses (``QGraphicsScene.render`` into a ``QImage``), under a title band (lecture, slide, step)
and above a caption band with the chain rule of the current step. ``QT_QPA_PLATFORM=offscreen``
is set automatically when no platform is chosen, so no display is needed.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from explorer.model.document import Document
from explorer.model.lecture import LectureError, LecturePlayer, load_lecture
from explorer.model.lecture_check import lecture_preflight
from explorer.model.loading import InputError as CliError
from explorer.model.messages import Message
from explorer.view import theme
from explorer.view.canvas import GraphScene
from explorer.view.chain_rule import step_heading, step_lines
from explorer.view.i18n import ensure_app, use_language
from explorer.view.lecture.annotations import AnnotationLayer
from explorer.view.lecture.extension import lecture_of
from explorer.view.lecture.handout import export_handout_pdf
from explorer.view.lecture.spotlight import SpotlightItem, highlight_step
from explorer.view.undo_rules import model_undo_stack


def cmd_export_lecture(args) -> int:
    """``export-lecture FILE -o DIR|OUT.pdf`` (registered by :mod:`explorer.cli.lecture`)."""
    if not os.path.isfile(args.file):
        raise CliError(Message("{file}: no such file", file=args.file))
    if not (200 <= args.width <= 8000 and 200 <= args.height <= 8000):
        raise CliError(Message("--width and --height must be between 200 and 8000 pixels"))
    try:
        lecture = load_lecture(args.file)
    except LectureError as exc:
        raise CliError(" ".join(str(exc).split())) from None

    lecture_preflight(args.file, CliError)   # a wrong gradient shape wrote frames and exited 0
    out = Path(args.output)
    if out.suffix.lower() == ".pdf":          # handouts: one PDF, a page per slide
        if out.is_dir() or not out.parent.is_dir():
            raise CliError(Message("{out}: cannot write a PDF there (no such folder, or it is a folder)",
                                   out=out))
        theme_name = args.theme if args.theme != "light" else "print"
        try:
            pages = export_handout_pdf(lecture, out, theme_name=theme_name)
        except LectureError as exc:
            raise CliError(" ".join(str(exc).split())) from None
        if not out.is_file() or out.stat().st_size == 0:
            raise CliError(Message("{out}: could not write the PDF", out=out))
        print(f"wrote {pages} pages to {out}")
        return 0
    if out.exists() and not out.is_dir():
        raise CliError(Message("{out}: exists and is not a folder", out=out))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(Message("{out}: cannot create the folder ({value})", out=out,
                               value=exc.strerror or exc)) from None
    try:
        paths = export_lecture(lecture, out, theme_name=args.theme, size=(args.width, args.height))
    except LectureError as exc:
        raise CliError(" ".join(str(exc).split())) from None
    print(f"wrote {len(paths)} images to {out}")
    return 0


def iter_clicks(player) -> Any:
    """Walk a started :class:`LecturePlayer` through every click; yields after each state."""
    player.start()
    yield
    while player.next():
        yield


def export_lecture(lecture, out_dir: Path, theme_name: str = "light", size: tuple[int, int] = (1600, 900),
                   on_image: Callable[[int, Path], None] | None = None) -> list[Path]:
    ensure_app()

    previous = theme.current().name
    theme.set_theme(theme_name)
    language = use_language(lecture.language)
    language.__enter__()
    doc = Document()
    undo = model_undo_stack(doc)
    scene = GraphScene(doc, undo)
    player = LecturePlayer(lecture, document=doc)
    paths: list[Path] = []
    try:
        for n, _ in enumerate(iter_clicks(player), start=1):
            image = render_state(scene, player, size)
            path = Path(out_dir) / f"{n:03d}.png"
            if not image.save(str(path), "PNG"):
                raise LectureError(Message("could not write {path}", path=path))
            paths.append(path)
            if on_image is not None:
                on_image(n, path)
    finally:
        language.__exit__(None, None, None)
        theme.set_theme(previous)
        scene.close()
    return paths


def render_state(scene, player, size: tuple[int, int]):
    """The image of the player's current state: title band, canvas, chain-rule caption."""
    result = player.display_result()
    scene.show_results(result)
    stepper = player.stepper
    step = stepper.current if stepper is not None else None
    stepping = player.step_range() is not None and step is not None
    scene.set_show_edge_grads(bool(stepping and step.phase == "backward"))
    state = stepper.state() if stepper is not None else None
    if stepping and state is not None:
        highlight_step(scene, state.active_nodes, state.active_edges)
        focus = [step.node_id]
    else:
        highlight_step(scene, player.highlight, ())
        focus = list(player.highlight)
    sub = f"{player.lecture.title}  ·  {player.slide_index + 1}/{player.slide_count}"
    if stepping:
        sub += "  ·  " + step_heading(step, len(stepper.forward), len(stepper.backward))
    return render_image(scene, player.slide.title, sub, step_lines(step) if stepping else [],
                        focus if stepping else [], player.zoom, size, player.slide.annotations)


def render_image(scene, title: str, subtitle: str, lines: list[str], spotlight_ids: list[str],
                 zoom_ids: list[str] | None, size: tuple[int, int], annotations: list | None = None):
    """Title band, the scene (framed on ``zoom_ids`` or everything, with the slide's
    annotations), a spotlight, caption lines."""
    t = theme.current()
    w, h = size
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(t.background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    band = int(h * 0.11)
    caption = int(h * 0.05) * min(len(lines), 4) + (int(h * 0.03) if lines else 0)
    title_font = QFont(t.font_family)
    title_font.setPixelSize(max(12, int(band * 0.36)))
    title_font.setBold(True)
    small = QFont(t.font_family)
    small.setPixelSize(max(10, int(band * 0.2)))
    painter.setPen(QColor(t.text))
    painter.setFont(title_font)
    margin = int(w * 0.02)
    painter.drawText(QRectF(margin, band * 0.08, w - 2 * margin, band * 0.55),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    painter.setFont(small)
    painter.setPen(QColor(t.text_muted))
    painter.drawText(QRectF(margin, band * 0.62, w - 2 * margin, band * 0.35),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, subtitle)
    target = QRectF(margin, band, w - 2 * margin, h - band - caption - margin)
    items = getattr(scene, "node_items", {})

    def united(ids) -> QRectF | None:
        rects = [items[n].sceneBoundingRect() for n in ids if n in items]
        if not rects:
            return None
        r = QRectF(rects[0])
        for other in rects[1:]:
            r = r.united(other)
        return r

    source = (united(zoom_ids) if zoom_ids else None) or united(list(items))

    layer = AnnotationLayer()
    layer.show(scene, list(annotations or []))
    if source is not None and not zoom_ids and layer.rect() is not None:
        source = source.united(layer.rect())     # an annotation beside the graph stays in the frame
    if source is not None:
        pad = max(source.width(), source.height()) * 0.06 + 30
        source = source.adjusted(-pad, -pad, pad, pad)
        holes = [items[n].sceneBoundingRect() for n in spotlight_ids if n in items]
        spotlight = SpotlightItem(holes) if holes else None
        if spotlight is not None:
            scene.addItem(spotlight)
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        if spotlight is not None:
            scene.removeItem(spotlight)
    layer.clear()
    if lines:
        mono = QFont(t.mono_family)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPixelSize(max(10, int(h * 0.032)))
        painter.setFont(mono)
        painter.setPen(QColor(t.text))
        y = h - caption - margin * 0.5
        for line in lines[:4]:
            painter.drawText(QRectF(margin, y, w - 2 * margin, h * 0.05),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += h * 0.05
    painter.end()
    return image


def export_current_step(window, path: str, size: tuple[int, int] = (1600, 900)) -> bool:
    """The window's current state (lecture slide or step-through) as a PNG, as the class sees it."""
    lecture = lecture_of(window)
    ctl = lecture.controller if lecture is not None else None
    stepper = ctl._active_stepper() if ctl is not None else None
    step = stepper.current if stepper is not None else None
    player = ctl.player if ctl is not None else None
    if player is not None and player.slide is not None:
        title = player.slide.title
        subtitle = f"{player.lecture.title}  ·  {player.slide_index + 1}/{player.slide_count}"
    else:
        title = getattr(window, "display_name", "") or "Autograd Explorer"
        subtitle = ""
    lines: list[str] = []
    focus: list[str] = []
    if step is not None:
        subtitle = (subtitle + "  ·  " if subtitle else "") + step_heading(step, len(stepper.forward), len(stepper.backward))
        lines = step_lines(step)
        focus = [step.node_id]
    elif player is not None:
        focus = list(player.highlight)
    zoom = player.zoom if player is not None else None
    shown = ctl.annotation_layer.items if ctl is not None and hasattr(ctl, "annotation_layer") else []
    for item in shown:       # drawn by render_image itself (framed with the graph)
        item.hide()
    try:
        image = render_image(window.scene, title, subtitle, lines, focus, zoom, size,
                             player.slide.annotations if player is not None and player.slide is not None else None)
    finally:
        for item in shown:
            item.show()
    return image.save(path, "PNG")
