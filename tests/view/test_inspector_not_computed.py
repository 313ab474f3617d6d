"""The inspector on an op that did not run: "not computed" instead of flags PyTorch would never
report (it used to say is_leaf = True for an unconnected op)."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from explorer.model import commands as C
from explorer.model.document import Document, Edge


@pytest.fixture
def window(new_window):
    return new_window(show=True)


def test_an_unconnected_op_shows_not_computed_and_a_computed_one_its_flags(window, tmp_path):
    doc = Document()
    x = C.leaf_node(doc, "x", [1.0, 2.0], requires_grad=True)
    C.AddNodeCommand(x).do(doc)
    m = C.op_node(doc, "mul", name="m", pos=(200, 0))
    C.AddNodeCommand(m, [Edge(x.id, m.id, 0)]).do(doc)          # input 2 left unconnected
    e = C.op_node(doc, "exp", name="e", pos=(200, 150))
    C.AddNodeCommand(e, [Edge(x.id, e.id, 0)]).do(doc)
    window._replace_document(doc, None, "not computed")
    window.run_forward()
    QApplication.processEvents()
    insp = window.inspector
    window.scene.select_ids([m.id], emit=True)
    QApplication.processEvents()
    assert insp.title.text() == "m"
    assert insp.is_leaf_label.text() == "not computed"
    assert insp.grad_fn_label.text() == "not computed"
    assert not insp.requires_grad_box.isChecked()
    assert "input 2" in insp.error_label.text()
    insp.grab().save(str(tmp_path / "inspector_not_computed.png"))
    window.scene.select_ids([e.id], emit=True)
    QApplication.processEvents()
    assert insp.is_leaf_label.text() == "False" and insp.grad_fn_label.text() == "<ExpBackward0>"
    shown = [float(t) for t in insp.value_table.cell_texts()[0]]
    assert shown == pytest.approx(np.exp(np.float32([1.0, 2.0])), rel=1e-4)
