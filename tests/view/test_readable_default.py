"""Issue #16, readable by default: every bundled example opens, at the window's first-start size
on a 1600×1000 screen (1472×920), at a zoom where each card on screen draws its name and its
value at 11 px or more, and so does every gradient label on an edge; a graph too large for that
shows the part around its root."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontInfo

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "examples").glob("*.json"))
DEFAULT_SIZE = (min(1600, int(1600 * 0.92)), min(1000, int(1000 * 0.92)))  # main_window's first start


def px(role: str, zoom: float) -> float:
    """The rendered height of a text role's em, in device pixels, at ``zoom``."""
    from explorer.view import theme

    return round(QFontInfo(theme.font(role)).pixelSize() * zoom, 3)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_opens_readable(new_window, qtbot, path):
    w = new_window(size=DEFAULT_SIZE, show=True)
    assert w.open_path(str(path), ask=False)
    w.run_backward()
    w.scene.set_show_edge_grads(True)
    qtbot.wait(50)  # the deferred fit after opening
    view = w.view
    zoom = view.zoom()
    assert px("title", zoom) >= 11, f"card names {px('title', zoom):.1f} px"
    assert px("mono", zoom) >= 11, f"card values {px('mono', zoom):.1f} px"
    # what is drawn on screen is text, not the grey bars of the zoomed-out look
    w.grab()
    visible = QRectF(view.mapToScene(view.viewport().rect()).boundingRect())
    on_screen = [it for it in w.scene.node_items.values() if it.isVisible()
                 and visible.intersects(it.sceneBoundingRect())]
    assert on_screen and all(it.painted_lod == "full" for it in on_screen)
    # the root (the result the user came for) is in view, whole
    root = w.scene.node_items[w.document.root]
    assert visible.contains(root.mapRectToScene(root.card_rect()))
    labelled = [e for e in w.scene.edge_items.values() if e.label]
    assert labelled, "backward ran: edges carry their gradients"
    # edge gradient labels use the values' font
    assert px("mono", zoom) >= 11


def test_a_large_graph_shows_the_part_around_its_root(new_window, qtbot):
    from explorer.model.language import parse_script

    lines = ["x0 = tensor([1., 2.], requires_grad=True)"]
    lines += [f"x{i} = exp(x{i - 1}) * 0.5" for i in range(1, 16)]
    lines += ["y = sum(x15)", "y.backward()"]
    w = new_window(size=DEFAULT_SIZE, show=True)
    w._replace_document(parse_script("\n".join(lines)), None, "chain")
    qtbot.wait(50)
    assert w.view.zoom() >= 0.999
    visible = QRectF(w.view.mapToScene(w.view.viewport().rect()).boundingRect())
    root = w.scene.node_items[w.document.root]
    assert visible.contains(root.mapRectToScene(root.card_rect()))
    assert not visible.contains(w.scene.content_rect())   # F still fits the whole chain
    w.view.fit_all()
    assert w._shows_whole_graph()
