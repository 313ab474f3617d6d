"""The backward-graph (grad_fn DAG) export honours every display switch, as the forward one does:
"grad_fn names" off shows the ops' glyphs instead of PyTorch's class names, and "gradient labels
on edges" writes the gradient sent along each arrow (both in the SVG text and in the PNG)."""
from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from explorer.model import fileformat
from explorer.view.exporters import api as export, scenes
from explorer.view.exporters.options import ExportOptions

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"


@pytest.fixture
def seed(qapp):
    doc = fileformat.load_document(SEED)
    return doc, export.compute_result(doc)


def texts(doc, result, **opts) -> list[str]:
    data = export.encode(export.render(doc, result, "svg", ExportOptions(view="backward", **opts)))
    root = ElementTree.fromstring(data)
    return [("".join(el.itertext())).strip() for el in root.iter() if el.tag.endswith("}text")]


def test_grad_fn_names_off_shows_op_glyphs_and_no_pytorch_class_names(seed):
    doc, result = seed
    on = texts(doc, result)
    off = texts(doc, result, grad_fn=False)
    assert "SubBackward0" in on and on.count("AccumulateGrad") == 2
    joined = " ".join(off)
    assert "Backward" not in joined and "AccumulateGrad" not in joined
    # Q = 3*a**3 - b**2: one subtraction, one product, two powers; the tensors stay
    assert off.count("−") == 1 and off.count("×") == 1 and off.count("xʸ") == 2
    assert {"Q", "a", "b"} <= set(off)
    # the picture is smaller (no AccumulateGrad layer) and still has every arrow to a leaf
    with scenes.prepared(doc, result, ExportOptions(view="backward", grad_fn=False)) as prep:
        from explorer.view.canvas.backward_items import BwEdgeItem

        arrows = [i for i in prep.scene.items() if isinstance(i, BwEdgeItem)]
        ends = sorted(e.dst.node.label for e in arrows if e.dst.node.kind == "leaf")
    assert ends == ["a", "b"] and len(arrows) == 6  # Q→−, −→×, −→xʸ, ×→xʸ, xʸ→a, xʸ→b


def test_edge_labels_carry_the_gradient_sent_along_each_arrow(seed):
    doc, result = seed
    plain = texts(doc, result)
    labelled = texts(doc, result, edge_grads=True)
    # root gradient [1, 1]; −'s inputs get +1 and −1; 3*u sends 3 to u; a**3 sends 3a² * 3 = 9a²
    for g in ("[1., 1.]", "[-1., -1.]", "[3., 3.]", "[36., 81.]", "[-12., -8.]"):
        assert g in labelled
    assert "[-1., -1.]" not in plain and "[3., 3.]" not in plain
    # [36., 81.] and [-12., -8.] are also the leaves' .grad: once in the box, once on the arrow
    assert plain.count("[36., 81.]") == 0 and labelled.count("[36., 81.]") == 1
    assert sum("grad [36., 81.]" in t for t in labelled) == 1


def test_edge_labels_are_painted_in_the_png(seed):
    import numpy as np
    from PySide6.QtGui import QColor, QImage

    doc, result = seed
    plain = export.render(doc, result, "png", ExportOptions(view="backward")).image
    labelled = export.render(doc, result, "png", ExportOptions(view="backward", edge_grads=True)).image
    assert plain.size() == labelled.size()

    def grad_coloured(img: QImage) -> int:
        from explorer.view import theme

        target = QColor(theme.THEMES["light"].grad)
        img = img.convertToFormat(QImage.Format.Format_RGB888)
        a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
        a = a[:, : img.width() * 3].reshape(img.height(), img.width(), 3).astype(int)
        d = np.abs(a - np.array([target.red(), target.green(), target.blue()])).max(axis=2)
        return int((d < 40).sum())

    assert grad_coloured(plain) < 10 and grad_coloured(labelled) > 80  # five labels in the grad colour


def test_an_input_used_twice_gets_both_gradients_on_its_arrow(qapp):
    from explorer.model.language import parse_script

    doc = parse_script("x = tensor([1., 2.], requires_grad=True)\ny = (x * x).sum()\ny.backward()\n")
    result = export.compute_result(doc)
    labelled = texts(doc, result, edge_grads=True)
    assert "[1., 2.] + [1., 2.]" in labelled  # d(x*x)/dx = x from each side, summed at AccumulateGrad


def test_switches_off_in_the_backward_view_from_the_command_line(tmp_path, capsys, qapp):
    from explorer import cli

    out = tmp_path / "bw.svg"
    assert cli.main(["export", str(SEED), "-o", str(out), "--backward", "--no-grad-fn", "--edge-grads"]) == 0
    capsys.readouterr()
    root = ElementTree.fromstring(out.read_bytes())
    found = [("".join(el.itertext())).strip() for el in root.iter() if el.tag.endswith("}text")]
    assert "×" in found and "[3., 3.]" in found and not any("Backward" in t for t in found)


def test_backward_view_of_the_selection_only(seed):
    doc, result = seed
    ids = tuple(doc.node_by_name(n).id for n in ("a", "a_cubed", "three_a_cubed"))
    whole = export.render(doc, result, "png", ExportOptions(view="backward"))
    part = export.render(doc, result, "png", ExportOptions(view="backward", selection=ids))
    assert part.node_count == 4 and part.height < whole.height  # Mul, Pow, AccumulateGrad, a
    found = texts(doc, result, selection=ids)
    assert found.count("PowBackward0") == 1 and "MulBackward0" in found and "a" in found
    assert "SubBackward0" not in found and "b" not in found and "Q" not in found
