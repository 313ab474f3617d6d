"""The shortcuts that make large exports fast draw what the slow, general path draws: a fitted
PNG of a large graph is the canvas's overview mode, pixel for pixel; the image frames exactly the
items it shows; the SVG touches (pixel size, CSS fonts, embedded graph) survive being made on
bytes."""
from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from explorer.model import fileformat, imagemeta
from explorer.model.document import Group
from explorer.view import theme
from explorer.view.exporters import api as export, base, embed, png, scenes
from explorer.view.exporters.options import ExportOptions

SEED = Path(__file__).resolve().parents[2] / "resources" / "examples" / "seed.json"


def pixels(img: QImage) -> np.ndarray:
    """(height, width, 4) RGBA as int16."""
    img = img.convertToFormat(QImage.Format.Format_RGBA8888)
    flat = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes())
    return flat.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 4].reshape(
        img.height(), img.width(), 4).astype(np.int16)


def image_difference(a: QImage, b: QImage) -> float:
    """The fraction of pixels that differ visibly (any channel by more than 24 of 255)."""
    assert a.size() == b.size()
    return float((np.abs(pixels(a) - pixels(b)).max(axis=2) > 24).mean())


@pytest.fixture
def chain(qapp):
    from explorer.model.language import parse_script

    lines = ["x0 = tensor([0.5, -0.5], requires_grad=True)", "c = tensor([1.0, 2.0])"]
    lines += [f"x{i} = (x{i - 1} * 0.9).tanh()" for i in range(1, 90)]
    lines += ["y = x89 + c", "loss = y.sum()", "loss.backward()"]
    doc = parse_script("\n".join(lines) + "\n")
    doc.update_node(doc.node_by_name("x0").id, requires_grad=True)
    members = tuple(doc.node_by_name(f"x{i}").id for i in range(20, 60))
    doc.insert_group(Group("g1", "middle", members))
    return doc, export.compute_result(doc)


def _overview_mode_render(doc, result, options) -> QImage:
    """The fitted PNG as the canvas's overview mode draws it through QGraphicsScene.render."""
    with scenes.prepared(doc, result, options) as prep:
        pw, ph, f = png.png_size(prep.source, options)
        prep.scene.set_overview(True)
        image = QImage(pw, ph, QImage.Format.Format_RGB32)
        image.fill(png.PngExporter(options).background())
        painter = QPainter(image)
        base.hints(painter)
        painter.scale(f, f)
        source = prep.source
        lw, lh = pw / f, ph / f
        target = QRectF((lw - source.width()) / 2, (lh - source.height()) / 2, source.width(), source.height())
        prep.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
    return image


@pytest.mark.parametrize("theme_name", ["light", "print"])
def test_a_fitted_large_graph_is_the_canvas_overview_pixel_for_pixel(chain, theme_name):
    doc, result = chain
    options = ExportOptions(size=(480, 160), theme=theme_name)
    fast = export.render(doc, result, "png", options).image
    slow = _overview_mode_render(doc, result, options)
    assert fast.size() == slow.size()
    assert image_difference(fast, slow) < 0.0005
    # and it is a picture (boxes, frames, wires), not the background alone
    px = pixels(fast)[:, :, :3]
    bg = np.array([int(theme.THEMES[theme_name].background[i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(px - bg).max(axis=2) > 40).mean() > 0.002


def test_the_group_frame_is_in_the_fitted_overview(chain):
    doc, result = chain
    options = ExportOptions(size=(480, 160))
    with_group = export.render(doc, result, "png", options).image
    with scenes.prepared(doc, result, options) as prep:
        frame = prep.scene.group_items["g1"].sceneBoundingRect()
        pw, ph, f = png.png_size(prep.source, options)
        x0 = (pw / f - prep.source.width()) / 2 - prep.source.left()
        y0 = (ph / f - prep.source.height()) / 2 - prep.source.top()
    # the frame's border, halfway along its top edge: the group's border colour, not the background
    x, y = int((x0 + frame.center().x()) * f), int(round((y0 + frame.top()) * f + 0.5))
    border = np.array([int(theme.THEMES["light"].group_border[i:i + 2], 16) for i in (1, 3, 5)])
    bg = np.array([int(theme.THEMES["light"].background[i:i + 2], 16) for i in (1, 3, 5)])
    px = pixels(with_group)[max(0, y - 1):y + 2, x, :3]
    assert np.abs(px - border).max(axis=1).min() < np.abs(px - bg).max(axis=1).min(), px


@pytest.mark.parametrize("opts", [{}, {"edge_grads": True}, {"selection": "a,a_cubed"}])
def test_the_image_frames_exactly_the_items_it_shows(qapp, opts):
    doc = fileformat.load_document(SEED)
    result = export.compute_result(doc)
    if "selection" in opts:
        opts = {"selection": tuple(doc.node_by_name(n).id for n in opts["selection"].split(","))}
    options = ExportOptions(margin=0, **opts)
    with scenes.prepared(doc, result, options) as prep:
        expected = QRectF()
        for item in prep.scene.items():
            if item.isVisible():
                expected = expected.united(item.sceneBoundingRect())
        assert prep.source == scenes._framed(expected, 0)


def test_svg_made_on_bytes_keeps_pixels_css_fonts_and_the_graph(qapp):
    doc = fileformat.load_document(SEED)
    result = export.compute_result(doc)
    data = export.encode(export.render(doc, result, "svg", ExportOptions()))
    root = ElementTree.fromstring(data)
    assert root.get("width") == str(int(float(root.get("viewBox").split()[2])))
    assert root.get("height") == str(int(float(root.get("viewBox").split()[3])))
    families = {el.get("font-family") for el in root.iter() if el.get("font-family")}
    assert families and all(f.endswith(("sans-serif", "monospace")) for f in families), families
    first = list(root)[0]
    assert first.tag.endswith("metadata") and first.get("id") == imagemeta.SVG_METADATA_ID
    assert fileformat.loads(first.text).same_as(doc)


@pytest.mark.parametrize("small_limit", [embed._SMALL_TENSORS, 0])
def test_the_embedded_graph_is_the_one_painted_even_if_edited_before_encoding(qapp, monkeypatch, small_limit):
    # small documents are snapshotted as file data, large ones copied: both must be private
    monkeypatch.setattr(embed, "_SMALL_TENSORS", small_limit)
    doc = fileformat.load_document(SEED)
    before = doc.copy()
    rendered = export.render(doc, export.compute_result(doc), "png", ExportOptions())
    a = doc.node_by_name("a")
    doc.update_node(a.id, value=np.array([7.0, 8.0], dtype=np.float32), name="renamed")
    image = QImage.fromData(export.encode(rendered))
    back = fileformat.loads(image.text(imagemeta.KEYWORD))
    assert back.same_as(before) and not back.same_as(doc)
