"""Side by side at a readable zoom: both canvases draw their text at 11 px or more.

At the default window (1472×920) each half of the central area is ~410 px wide: fitting a whole
graph there drew the forward cards' text at ~5 px and the backward boxes as grey bars. Here
each view is fitted whole when that is readable and otherwise zoomed to the smallest readable
zoom around its root (the forward view's ``fit_readable``; the backward DAG's root is its top
box), as opening an example does. F still fits a graph whole on demand.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontInfo

from explorer.view import theme

READABLE_PX = 11.0


def text_px(role: str, zoom: float) -> float:
    """The height of a canvas text role's em on screen, in pixels, at ``zoom``."""
    return QFontInfo(theme.font(role)).pixelSize() * zoom


def backward_readable_zoom() -> float:
    """The smallest zoom at which every text of the backward DAG (names, grad_fn lines) is
    11 px or more."""
    smallest = min(QFontInfo(theme.font(role)).pixelSize() for role in ("body", "small"))
    return READABLE_PX / max(1, smallest)


def fit_backward_readable(view: Any) -> None:
    """Fit the backward DAG whole if that is readable, else zoom to readable around its root."""
    view.fit_all()
    rect = view.bscene.content
    if rect.isNull():
        return
    zoom = view.transform().m11()
    need = backward_readable_zoom()
    if zoom >= need:
        return
    view.scale(need / zoom, need / zoom)
    # the DAG is drawn root at the top (torchviz): keep the top of it in view
    half_h = view.viewport().height() / (2 * need)
    view.centerOn(rect.center().x(), rect.top() + half_h - 20)
    view.sync_lod()

