"""A PNG exported at 2x-4x is the 1x picture enlarged: wires, DAG arrows and box outlines grow
with the scale like the cards' borders and text (they are one-pixel cosmetic pens on screen,
which left hairlines in a 3x export that vanish in print)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from explorer.model import fileformat
from explorer.view.exporters import api as export, scenes
from explorer.view.exporters.options import ExportOptions

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"


def dark_run(img: QImage, x: int, y: int, reach: int = 12) -> int:
    """How many dark pixels a row crosses near (x, y): the width of a vertical line there."""
    img = img.convertToFormat(QImage.Format.Format_Grayscale8)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, : img.width()]
    return int((a[y, max(0, x - reach): x + reach] < 128).sum())


@pytest.mark.parametrize("scale", [1, 2, 3, 4])
def test_the_first_arrow_of_the_dag_is_as_thick_as_the_scale(qapp, scale):
    from explorer.view.canvas.backward_items import BwEdgeItem

    doc = fileformat.load_document(SEED)
    result = export.compute_result(doc)
    opts = ExportOptions(view="backward", theme="print", scale=scale)
    with scenes.prepared(doc, result, opts) as prep:
        arrow = next(e for e in prep.scene.items() if isinstance(e, BwEdgeItem) and e.src.node.kind == "root")
        x = (arrow._p0.x() - prep.source.left()) * scale
        y = ((arrow._p0.y() + arrow._p1.y()) / 2 - prep.source.top()) * scale
    img = export.render(doc, result, "png", opts).image
    width = dark_run(img, round(x), round(y))
    assert scale <= width <= scale + 1  # a 1-unit line: 1 px at 1x ... 4 px at 4x (no hairline)
