"""Where the camera looks on a lecture slide, and how big the text is on the projector.

A class reads the screen from the back of a hall, so presentation mode never zooms out below the
point where a card's value text is :data:`MIN_VALUE_PX` pixels high (the monospaced "value" font
times the view's scale). When the slide's graph fits at that size it is framed whole; when it
does not (the transfer-learning graph, the seed graph beside a narration column) the camera
shows what the slide talks about (its focus: the step's node, the highlighted nodes, the nodes
the slide frames, else the backward root) and as much of the graph around it as fits, never
empty space beyond the graph.

Outside presentation a slide is framed as before (its node set, or the whole graph), with no
minimum: the lecturer can zoom by hand.
"""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QPointF, QRectF

from explorer.view import theme

MIN_VALUE_PX = 20.0      # a card's value text on the projector (the brief for issue #15)
MAX_PRESENT_PX = 30.0    # a tiny graph is not blown up past this
MARGIN_PX = 24.0         # free space kept around the framed cards, in screen pixels
DPI = 96.0


def text_px(role: str, view_scale: float = 1.0, dpi: float = DPI) -> float:
    """Rendered em height in screen pixels of the canvas font ``role`` at ``view_scale``."""
    font = theme.font(role)
    size = font.pointSizeF() * dpi / 72.0 if font.pointSizeF() > 0 else float(font.pixelSize())
    return size * view_scale


def readable_scale() -> float:
    """The smallest view scale at which card values are :data:`MIN_VALUE_PX` high."""
    return MIN_VALUE_PX / text_px("mono")


def union_rect(node_items: dict, ids: Iterable[str]) -> QRectF:
    rect = QRectF()
    for nid in ids:
        item = node_items.get(nid)
        if item is None:
            continue
        r = item.sceneBoundingRect()
        rect = QRectF(r) if rect.isNull() else rect.united(r)
    return rect


def frame(view, node_items: dict, target_ids: list[str], focus_ids: list[str], presenting: bool) -> float:
    """Scale and centre ``view`` on the slide; returns the scale used.

    ``target_ids``: what the slide frames ([] = the whole graph). ``focus_ids``: what must be
    on screen when the target cannot be shown whole at a readable size."""
    content = union_rect(node_items, node_items.keys())
    if content.isNull():
        return view.transform().m11()
    target = union_rect(node_items, target_ids) if target_ids else QRectF()
    if target.isNull():
        target = content
    vp = view.viewport().rect()
    w, h = max(1.0, vp.width() - 2 * MARGIN_PX), max(1.0, vp.height() - 2 * MARGIN_PX)
    fit = min(w / max(1.0, target.width()), h / max(1.0, target.height()))
    if presenting:
        low = readable_scale()
        high = max(low, MAX_PRESENT_PX / text_px("mono"))
        scale = min(max(fit, low), high)
    else:
        scale = min(fit, 1.5)
    view.resetTransform()
    view.scale(scale, scale)
    if scale <= fit + 1e-9:
        center = target.center()
    else:
        focus = union_rect(node_items, focus_ids)
        if focus.isNull():
            focus = target
        center = _centre_showing(focus, content, vp.width() / scale, vp.height() / scale)
    view.centerOn(center)
    if hasattr(view, "sync_lod"):
        view.sync_lod()
    return scale


def _centre_showing(focus: QRectF, content: QRectF, visible_w: float, visible_h: float):
    """A centre that keeps ``focus`` on screen and shows as much of ``content`` as possible."""
    def axis(f_lo, f_hi, c_lo, c_hi, span):
        half = span / 2
        if f_hi - f_lo >= span:              # the focus alone is wider than the screen
            return (f_lo + f_hi) / 2
        lo, hi = f_hi - half, f_lo + half     # centres that keep the focus on screen
        if c_hi - c_lo <= span:
            want = (c_lo + c_hi) / 2
        else:
            want = min(max((f_lo + f_hi) / 2, c_lo + half), c_hi - half)   # no empty space
        return min(max(want, lo), hi)

    m = MARGIN_PX
    return QPointF(axis(focus.left() - m, focus.right() + m, content.left() - m, content.right() + m, visible_w),
                   axis(focus.top() - m, focus.bottom() + m, content.top() - m, content.bottom() + m, visible_h))


def focus_visible(view, node_items: dict, ids: Iterable[str]) -> bool:
    """Whether every card in ``ids`` lies inside the view's visible scene rectangle."""
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    rect = union_rect(node_items, ids)
    return rect.isNull() or visible.adjusted(-1, -1, 1, 1).contains(rect)
