"""The direct SVG writer (forward view): what a reader of the SVG sees — grad_fn badges and
value/grad texts follow the display options, frozen wires are dashed, and the SVG drawn by an SVG
renderer looks like the PNG export of the same graph."""
from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from explorer.model import fileformat
from explorer.view.exporters import api as export, scenes, svg_writer
from explorer.view.exporters.options import ExportOptions

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"
NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def seed(qapp):
    doc = fileformat.load_document(SEED)
    return doc, export.compute_result(doc)


def svg_of(doc, result, **opts) -> bytes:
    return export.encode(export.render(doc, result, "svg", ExportOptions(**opts)))


def texts(data: bytes) -> list[str]:
    root = ElementTree.fromstring(data)
    return ["".join(el.itertext()).strip() for el in root.iter(f"{NS}text")]


def test_the_forward_svg_is_written_directly_with_shared_css_classes(seed):
    doc, result = seed
    data = svg_of(doc, result)
    root = ElementTree.fromstring(data)
    assert root.find(f"{NS}style") is not None
    classes = {el.get("class") for el in root.iter() if el.get("class")}
    # a handful of shared styles, not one per primitive
    assert 5 < len(classes) < 80
    styled = [el for el in root.iter() if el.get("class")]
    assert len(styled) > 5 * len(classes)
    assert not [el for el in root.iter() if el.get("style")]


def test_badges_values_and_grads_follow_the_display_options(seed):
    doc, result = seed
    full = texts(svg_of(doc, result))
    for fn in ("PowBackward0", "MulBackward0", "SubBackward0", "AccumulateGrad"):
        assert fn in full
    assert "[2., 3.]" in full and "[36., 81.]" in full and "[-12., -8.]" in full
    assert ".grad" in full and "value" in full

    no_fn = texts(svg_of(doc, result, grad_fn=False))
    assert not {"PowBackward0", "MulBackward0", "SubBackward0", "AccumulateGrad"} & set(no_fn)
    no_values = texts(svg_of(doc, result, values=False))
    assert "[2., 3.]" not in no_values and "value" not in no_values
    assert "[36., 81.]" in no_values
    no_grads = texts(svg_of(doc, result, grads=False))
    assert "[36., 81.]" not in no_grads and ".grad" not in no_grads
    assert "[2., 3.]" in no_grads


def _wires(data: bytes) -> list[tuple[str, bool]]:
    """(d, dashed) of every wire path (paths with a cubic 'C')."""
    root = ElementTree.fromstring(data)
    css = root.find(f"{NS}style").text
    dashed = {c.split("{")[0].lstrip(".") for c in css.split("}") if "stroke-dasharray" in c}
    return [(el.get("d"), el.get("class") in dashed) for el in root.iter(f"{NS}path") if "C" in (el.get("d") or "")]


def test_frozen_wires_are_dashed(seed):
    doc, result = seed
    # Constants never require grad: their wires are frozen (dashed), the rest solid.
    wires = _wires(svg_of(doc, result))
    assert len(wires) == len(doc.edges())
    consts = sum(1 for e in doc.edges() if doc.nodes[e.src].kind == "const")
    assert sum(d for _, d in wires) == consts > 0
    a = doc.node_by_name("a")
    doc.update_node(a.id, requires_grad=False)
    frozen = _wires(svg_of(doc, export.compute_result(doc)))
    assert sum(d for _, d in frozen) > consts  # a's branch greys out too


def test_text_is_escaped(qapp):
    from explorer.model.language import parse_script

    doc = parse_script("x = tensor([1.0, 2.0], requires_grad=True)\ny = (x * x).sum()\n")
    from explorer.model.document import Group

    node = doc.node_by_name("x")
    doc.insert_group(Group("g1", 'inputs <x> & "friends"', (node.id,)))
    data = svg_of(doc, export.compute_result(doc))
    assert 'inputs <x> & "friends"' in texts(data)  # the group title, parsed back from escaped XML


def _render_svg(data: bytes, w: int, h: int) -> QImage:
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(data)).render(painter)
    painter.end()
    return image


def _small(image: QImage) -> np.ndarray:
    """A 4x-downscaled grey image (text shaping differences between renderers average out)."""
    small = image.scaled(image.width() // 4, image.height() // 4, Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation).convertToFormat(QImage.Format.Format_Grayscale8)
    flat = np.frombuffer(small.constBits(), np.uint8, count=small.sizeInBytes())
    return flat.reshape(small.height(), small.bytesPerLine())[:, : small.width()].astype(np.int16)


@pytest.mark.parametrize("theme_name,view", [("light", "forward"), ("print", "forward"), ("light", "backward")])
def test_the_svg_looks_like_the_png_export(seed, theme_name, view):
    doc, result = seed
    options = dict(theme=theme_name, edge_grads=True, view=view)
    png = export.render(doc, result, "png", ExportOptions(**options)).image
    svg = _render_svg(svg_of(doc, result, **options), png.width(), png.height())
    diff = np.abs(_small(png) - _small(svg))
    assert (diff > 40).mean() < 0.01, (diff > 40).mean()
    # negative control: the same comparison tells a visibly different graph apart
    a = doc.node_by_name("a")
    other = doc.copy()
    other.update_node(a.id, requires_grad=False)
    moved = _render_svg(svg_of(other, export.compute_result(other), **options), png.width(), png.height())
    assert (np.abs(_small(png) - _small(moved)) > 40).mean() > 0.02


def test_the_backward_view_is_written_directly_too(seed):
    doc, result = seed
    data = svg_of(doc, result, view="backward")
    root = ElementTree.fromstring(data)
    assert root.find(f"{NS}style") is not None
    found = texts(data)
    for fn in ("SubBackward0", "MulBackward0", "PowBackward0", "AccumulateGrad"):
        assert fn in found
    assert "(2,)  ·  grad [36., 81.]" in found  # spaces kept (xml:space), as the box paints them
    heads = [el for el in root.iter(f"{NS}path") if "L" in (el.get("d") or "")]
    assert len(heads) == len([el for el in root.iter(f"{NS}path") if "C" in (el.get("d") or "")]) > 0


def test_numbers_and_escaping_helpers():
    assert svg_writer.n(3.0) == "3" and svg_writer.n(-0.001) == "0" and svg_writer.n(1.256) == "1.26"
    assert svg_writer.esc('a<b & "c">') == "a&lt;b &amp; &quot;c&quot;&gt;"


def test_an_item_the_writer_does_not_know_falls_back_to_qt_svg(seed, monkeypatch):
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    doc, result = seed
    build = scenes._forward_scene

    def with_note(*args):
        prep = build(*args)
        note = QGraphicsSimpleTextItem("a note only Qt can draw")
        note.setPos(prep.source.center())
        prep.scene.addItem(note)
        return prep

    monkeypatch.setattr(scenes, "_forward_scene", with_note)
    data = svg_of(doc, result)
    found = texts(data)
    assert "a note only Qt can draw" in found  # drawn, by QSvgGenerator
    assert ElementTree.fromstring(data).find(f"{NS}style") is None
    for node in doc.nodes.values():
        assert node.name in found
