"""Image export as an author uses it: PNG at every scale, vector SVG and one-page PDF of the seed
example, both views, every display switch, the selection, themes that do not leak into the
window, images that carry the graph back, and writing that leaves the GUI thread free."""
from __future__ import annotations

import re
import threading
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage

from explorer.model import fileformat
from explorer.view import theme
from explorer.view.exporters import api as export, png, scenes
from explorer.view.exporters.options import ExportError, ExportOptions

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"


@pytest.fixture
def app(qapp):
    return qapp


@pytest.fixture
def seed(app):
    doc = fileformat.load_document(SEED)
    return doc, export.compute_result(doc)


def svg_texts(data: bytes) -> list[str]:
    root = ElementTree.fromstring(data)
    return [("".join(el.itertext())).strip() for el in root.iter() if el.tag.endswith("}text")]


def svg_text(doc, result, **opts) -> str:
    rendered = export.render(doc, result, "svg", ExportOptions(**opts))
    return " | ".join(svg_texts(export.encode(rendered)))


def image_difference(a: QImage, b: QImage) -> float:
    """The fraction of pixels that differ visibly (any channel by more than 24 of 255);
    1.0 when the sizes differ. Antialiasing noise stays far below the tolerances used."""
    if a.size() != b.size():
        return 1.0

    return float((np.abs(pixels(a) - pixels(b)).max(axis=2) > 24).mean())


def pixels(img: QImage) -> np.ndarray:
    """(height, width, 4) RGBA as int16."""
    img = img.convertToFormat(QImage.Format.Format_RGBA8888)
    flat = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes())
    return flat.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 4].reshape(
        img.height(), img.width(), 4).astype(np.int16)


def by_name(doc, name):
    return doc.node_by_name(name).id


# ---------------------------------------------------------------------------------- PNG
def test_png_has_the_expected_pixel_size_for_each_scale(seed):
    doc, result = seed
    base = export.render(doc, result, "png", ExportOptions(scale=1))
    w, h = base.width, base.height
    assert 600 < w < 2000 and 300 < h < 1500  # the seed graph plus margins, at one pixel per unit
    for scale in (1.5, 2, 3, 4):
        r = export.render(doc, result, "png", ExportOptions(scale=scale))
        assert (r.image.width(), r.image.height()) == (round(w * scale), round(h * scale)), scale


def test_png_written_to_disk_has_that_size_and_dpi(seed, tmp_path):
    doc, result = seed
    base = export.render(doc, result, "png", ExportOptions(scale=1))
    out = tmp_path / "seed@2x.png"
    export.export_file(doc, result, out, ExportOptions(scale=2))
    img = QImage(str(out))
    assert (img.width(), img.height()) == (2 * base.width, 2 * base.height)
    assert round(img.dotsPerMeterX() * 0.0254) == 192  # prints at the on-screen size


def test_png_fits_a_fixed_size(seed):
    doc, result = seed
    r = export.render(doc, result, "png", ExportOptions(size=(1920, 1080)))
    assert (r.image.width(), r.image.height()) == (1920, 1080)


def test_transparent_or_solid_background(seed):
    doc, result = seed
    solid = export.render(doc, result, "png", ExportOptions(theme="dark")).image
    clear = export.render(doc, result, "png", ExportOptions(theme="dark", transparent=True)).image
    assert solid.pixelColor(1, 1).name() == theme.THEMES["dark"].background
    assert solid.pixelColor(1, 1).alpha() == 255
    assert clear.pixelColor(1, 1).alpha() == 0


def test_a_too_large_image_is_refused_with_a_reason(seed, monkeypatch):
    doc, result = seed
    monkeypatch.setattr(png, "MAX_SIDE", 2000)  # the PNG exporter checks the size
    with pytest.raises(ExportError, match="too large"):
        export.render(doc, result, "png", ExportOptions(scale=4))


# ---------------------------------------------------------------------------------- SVG and PDF
def test_svg_is_xml_with_every_label_as_text_and_no_bitmap(seed):
    doc, result = seed
    data = export.encode(export.render(doc, result, "svg", ExportOptions()))
    root = ElementTree.fromstring(data)  # parses as XML
    assert root.tag.endswith("svg")
    assert not [el for el in root.iter() if el.tag.endswith("}image")]
    texts = svg_texts(data)
    for node in doc.nodes.values():
        assert node.name in texts, node.name
    for fn in ("SubBackward0", "MulBackward0", "PowBackward0", "AccumulateGrad"):
        assert fn in texts
    assert "[36., 81.]" in texts and "[-12., -8.]" in texts  # a.grad, b.grad
    assert root.get("width") == str(int(float(root.get("viewBox").split()[2])))  # pixels, not mm


def test_svg_of_a_large_tensor_draws_its_heatmap_as_shapes(app):
    from explorer.model.language import parse_script

    doc = parse_script("W = tensor([[0.1, -0.2, 0.3, 0.4], [0.5, 0.6, -0.7, 0.8], [0.9, 1.0, 1.1, -1.2]], "
                       "requires_grad=True)\nloss = (W * W).sum()\nloss.backward()\n")
    result = export.compute_result(doc)
    data = export.encode(export.render(doc, result, "svg", ExportOptions()))
    root = ElementTree.fromstring(data)
    assert not [el for el in root.iter() if el.tag.endswith("}image")]
    # one filled cell per matrix entry (3x4) for W and for W*W at least
    assert len(re.findall(rb"<rect ", data)) >= 24


def test_pdf_starts_with_the_magic_and_has_one_page_sized_to_the_graph(seed):
    doc, result = seed
    r = export.render(doc, result, "pdf", ExportOptions())
    data = export.encode(r)
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    w_pt, h_pt = float(box.group(3)), float(box.group(4))
    assert w_pt == pytest.approx(r.width * 0.75, abs=1.5) and h_pt == pytest.approx(r.height * 0.75, abs=1.5)


# ---------------------------------------------------------------------------------- image comparison
def test_seed_matches_a_baseline_rendered_in_the_same_run(seed, app):
    doc, result = seed
    baseline = export.render(doc, result, "png", ExportOptions(scale=1)).image
    again = export.render(fileformat.load_document(SEED), export.compute_result(fileformat.load_document(SEED)),
                          "png", ExportOptions(scale=1)).image
    assert image_difference(baseline, again) < 0.0001  # tolerance for antialiasing noise
    # Negative controls: a changed value, a frozen leaf, or another theme must show.
    changed = fileformat.load_document(SEED)
    changed.update_node(by_name(changed, "a"), value=np.array([2.0, 4.0], dtype=np.float32))
    other = export.render(changed, export.compute_result(changed), "png", ExportOptions(scale=1)).image
    assert other.size() == baseline.size()
    assert image_difference(baseline, other) > 0.0003  # only the changed numbers differ, and they do
    frozen = fileformat.load_document(SEED)
    frozen.update_node(by_name(frozen, "b"), requires_grad=False)
    assert image_difference(baseline, export.render(frozen, export.compute_result(frozen), "png",
                                                    ExportOptions(scale=1)).image) > 0.01
    dark = export.render(doc, result, "png", ExportOptions(scale=1, theme="dark")).image
    assert image_difference(baseline, dark) > 0.5


def test_print_theme_needs_no_colour_to_tell_frozen_from_active(app):
    doc = fileformat.load_document(SEED)
    doc.update_node(by_name(doc, "b"), requires_grad=False)
    result = export.compute_result(doc)
    with scenes.prepared(doc, result, ExportOptions(theme="print", margin=0)) as prep:
        items = prep.scene.node_items
        a_header = items[by_name(doc, "a")].sceneBoundingRect()
        b_header = items[by_name(doc, "b")].sceneBoundingRect()
        origin = prep.source.topLeft()
    img = export.render(doc, result, "png", ExportOptions(theme="print", margin=0)).image
    rgb = pixels(img)[:, :, :3]
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    assert spread.max() <= 16  # black, white and greys only

    def header_lightness(rect):
        x0, y0 = int(rect.left() - origin.x() + 40), int(rect.top() - origin.y() + 8)
        patch = rgb[y0:y0 + 14, x0:x0 + 60].mean(axis=2)
        return patch.mean(), patch.std()

    active, _ = header_lightness(a_header)
    frozen_mean, frozen_std = header_lightness(b_header)
    assert active < 80            # active leaf: a solid black header
    assert frozen_mean > 150      # frozen leaf: a light, hatched header
    assert frozen_std > 5         # the hatching (not a flat fill)


# ---------------------------------------------------------------------------------- options
def test_display_switches_leave_out_what_they_name(seed):
    doc, result = seed
    full = svg_text(doc, result)
    assert "[36., 81.]" in full and "MulBackward0" in full and "float32" in full and "[24., 81.]" in full
    no_values = svg_text(doc, result, values=False)
    assert "[24., 81.]" not in no_values and "[36., 81.]" in no_values
    no_grads = svg_text(doc, result, grads=False)
    assert "[36., 81.]" not in no_grads and ".grad" not in no_grads and "[24., 81.]" in no_grads
    no_fn = svg_text(doc, result, grad_fn=False)
    assert "MulBackward0" not in no_fn and "AccumulateGrad" not in no_fn
    no_shapes = svg_text(doc, result, shapes=False)
    assert "float32" not in no_shapes and "(2,)" not in no_shapes
    assert "MulBackward0" in no_shapes


def test_edge_gradient_labels(seed):
    doc, result = seed
    plain = svg_text(doc, result)
    labelled = svg_text(doc, result, edge_grads=True)
    # Q = a_cubed*3 - b_squared: the gradient sent to b_squared is -1 per element
    assert "[-1., -1.]" in labelled and "[-1., -1.]" not in plain


def test_selection_only(seed):
    doc, result = seed
    ids = (by_name(doc, "a"), by_name(doc, "a_cubed"))
    whole = export.render(doc, result, "png", ExportOptions())
    part = export.render(doc, result, "png", ExportOptions(selection=ids))
    assert part.width < whole.width and part.node_count == 2
    texts = svg_text(doc, result, selection=ids)
    assert "a_cubed" in texts and "b_squared" not in texts and "Q" not in texts.split(" | ")
    with pytest.raises(ExportError, match="selected"):
        export.render(doc, result, "png", ExportOptions(selection=("nope",)))


def test_backward_view(seed, app):
    doc, result = seed
    texts = svg_text(doc, result, view="backward").split(" | ")
    assert texts.count("AccumulateGrad") == 2 and texts.count("PowBackward0") == 2
    assert "SubBackward0" in texts and "MulBackward0" in texts
    frozen = fileformat.load_document(SEED)
    frozen.update_node(by_name(frozen, "b"), requires_grad=False)
    texts = svg_text(frozen, export.compute_result(frozen), view="backward").split(" | ")
    assert texts.count("AccumulateGrad") == 1 and texts.count("PowBackward0") == 1  # b's branch is gone
    assert "b" not in texts
    with pytest.raises(ExportError, match="run"):
        export.render(doc, None, "png", ExportOptions(view="backward"))


def test_bad_options_are_refused(seed):
    doc, result = seed
    for bad in (ExportOptions(scale=0.5), ExportOptions(scale=5), ExportOptions(theme="neon"),
                ExportOptions(view="sideways"), ExportOptions(size=(10, 10000000))):
        with pytest.raises(ExportError):
            export.render(doc, result, "png", bad)
    with pytest.raises(ExportError, match=r"\.gif"):
        export.format_of("out.gif")


def test_empty_graph_is_refused(app):
    from explorer.model.document import Document

    with pytest.raises(ExportError, match="empty"):
        export.render(Document(), None, "png", ExportOptions())


def test_options_remembered_as_json_and_broken_settings_fall_back(app):
    opts = ExportOptions(theme="print", scale=3, values=False, edge_grads=True, selection=("n1",))
    back = ExportOptions.from_json(opts.to_json())
    assert back.theme == "print" and back.scale == 3 and not back.values and back.edge_grads
    assert back.selection is None  # a selection belongs to one graph
    assert ExportOptions.from_json("{not json") == ExportOptions()
    assert ExportOptions.from_json('{"scale": 99}') == ExportOptions()
    assert ExportOptions.from_json('{"values": "no"}').values is True


# ---------------------------------------------------------------------------------- the window's view is untouched
def test_export_theme_does_not_leak_into_the_window(seed, app):
    from explorer.view.canvas import GraphScene
    from explorer.view.undo_rules import model_undo_stack

    doc, result = seed
    on_screen = GraphScene(doc, model_undo_stack(doc))
    on_screen.show_results(result)
    calls = []

    def listener():
        calls.append(1)

    theme.on_change(listener)
    listeners_before = list(doc._listeners)
    before = theme.current().name
    card = next(iter(on_screen.node_items.values()))
    try:
        for name in ("dark", "print", "high-contrast"):
            export.render(doc, result, "svg", ExportOptions(theme=name))
        assert doc._listeners == listeners_before  # the offscreen scenes stopped listening
        assert card.cacheMode() == card.CacheMode.DeviceCoordinateCache  # on-screen cards as they were
    finally:
        theme.remove_listener(listener)
        on_screen.close()
    assert theme.current().name == before
    assert calls == []  # no on-screen scene was told to restyle


# ---------------------------------------------------------------------------------- round trip
@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_image_round_trip_restores_the_document(seed, tmp_path, suffix):
    doc, result = seed
    out = tmp_path / f"seed.{suffix}"
    export.export_file(doc, result, out, ExportOptions(scale=2))
    back = fileformat.load_any(out)
    assert back.same_as(doc)
    from explorer.model.language import equivalent

    assert equivalent(back, doc)


def test_round_trip_keeps_non_ascii_and_markup_in_names(app, tmp_path):
    from explorer.model.language import parse_script

    doc = parse_script("가중치 = tensor([1., 2.], requires_grad=True)\nloss = (가중치 * 가중치).sum()\nloss.backward()\n")
    result = export.compute_result(doc)
    for suffix in ("png", "svg"):
        out = tmp_path / f"k.{suffix}"
        export.export_file(doc, result, out, ExportOptions())
        assert fileformat.load_any(out).same_as(doc)


def test_without_embedding_the_image_carries_no_graph(seed, tmp_path):
    doc, result = seed
    out = tmp_path / "plain.png"
    export.export_file(doc, result, out, ExportOptions(embed_graph=False))
    with pytest.raises(fileformat.FileFormatError, match="carries no graph"):
        fileformat.load_any(out)


# ---------------------------------------------------------------------------------- off the GUI thread
def test_encoding_and_writing_leave_the_gui_thread_free(seed, qtbot, tmp_path):
    doc, result = seed
    gui_ran = threading.Event()
    seen = {}

    def before_write():
        # Runs where the file is written. If that were the GUI thread, the timer below could not
        # fire while we wait, and the wait would time out.
        seen["thread"] = threading.get_ident()
        seen["gui_ran_meanwhile"] = gui_ran.wait(10)

    out = tmp_path / "async.png"
    job = export.export_async(doc, result, out, ExportOptions(scale=2), before_write=before_write)
    assert not out.exists()  # the call returned before the file was written
    QTimer.singleShot(0, gui_ran.set)
    with qtbot.waitSignal(job.finished, timeout=20000) as blocker:
        pass
    assert blocker.args == [str(out)]
    assert seen["gui_ran_meanwhile"] is True
    assert seen["thread"] != threading.main_thread().ident
    assert job.future.result() == str(out)
    assert QImage(str(out)).width() > 0


def test_a_failed_write_is_reported_not_lost(seed, qtbot, tmp_path):
    doc, result = seed
    out = tmp_path / "missing-folder" / "x.svg"
    job = export.export_async(doc, result, out, ExportOptions())
    with qtbot.waitSignal(job.failed, timeout=20000) as blocker:
        pass
    assert "does not exist" in blocker.args[0]
    with pytest.raises(ExportError):
        job.future.result()


def test_an_outcome_is_heard_by_listeners_connected_after_the_call(seed, qtbot, tmp_path):
    doc, result = seed
    job = export.export_async(doc, result, tmp_path / "nowhere" / "x.png", ExportOptions())
    job.future.exception(timeout=20)  # the worker has already failed...
    heard = []
    job.failed.connect(heard.append)  # ...and a listener connected only now still hears it
    qtbot.waitUntil(lambda: bool(heard), timeout=5000)
    assert "does not exist" in heard[0]


def test_a_large_graph_fitted_into_a_small_png_is_drawn_not_blank(app):
    from explorer.model.language import parse_script

    lines = ["x0 = tensor([0.5, -0.5], requires_grad=True)"]
    lines += [f"x{i} = (x{i - 1} * 0.9).tanh()" for i in range(1, 120)]
    lines += ["loss = x119.sum()", "loss.backward()"]
    doc = parse_script("\n".join(lines) + "\n")
    result = export.compute_result(doc)
    rendered = export.render(doc, result, "png", ExportOptions(size=(320, 200)))
    img = rendered.image
    assert (img.width(), img.height()) == (320, 200) and rendered.node_count == len(doc.nodes)
    px = pixels(img)[:, :, :3]
    background = np.array([int(theme.THEMES["light"].background[i:i + 2], 16) for i in (1, 3, 5)])
    drawn = (np.abs(px - background).max(axis=2) > 40).mean()
    assert 0.002 < drawn < 0.9  # cards and wires are there (as boxes), on a visible background
