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


def test_file_new_after_the_seed_then_building_s_shows_pytorchs_numbers(window):
    """Issue repro 1 in the window: the seed ran, File ▸ New, x and y, m = x*y, s = x - m wired
    one input at a time with Auto-run on: s = [-10, -9] (not nan), and Backward fills y.grad."""
    import engine
    from explorer.model.fileformat import load_document
    from explorer.model.lecture import examples_dir

    window.actions["auto_run"].setChecked(True)
    window._replace_document(load_document(examples_dir() / "seed.json"), None, "seed")
    window.run_backward()
    QApplication.processEvents()
    window.actions["new"].trigger()
    QApplication.processEvents()
    doc = window.document
    x = C.leaf_node(doc, "x", [2.0, 3.0])
    window.push(C.AddNodeCommand(x))
    y = C.leaf_node(doc, "y", [6.0, 4.0], requires_grad=True)
    window.push(C.AddNodeCommand(y))
    m = C.op_node(doc, "mul", name="m")
    window.push(C.AddNodeCommand(m))
    s = C.op_node(doc, "sub", name="s")
    window.push(C.AddNodeCommand(s))
    for src, dst, port in [(x.id, m.id, 0), (y.id, m.id, 1), (x.id, s.id, 0), (m.id, s.id, 1)]:
        window.push(C.ConnectCommand(src, dst, port))
        QApplication.processEvents()
    xt, yt = engine.tensor([2.0, 3.0]), engine.tensor([6.0, 4.0], requires_grad=True)
    st = xt - xt * yt
    res = window.last_result
    np.testing.assert_array_equal(res[s.id].value, st.detach().numpy())
    assert res[s.id].next_functions == (None, "MulBackward0")
    window.push(C.SetRootCommand(s.id, [1.0, 1.0]))
    QApplication.processEvents()
    st.backward(engine.ones_like(st))
    np.testing.assert_array_equal(window.last_result[y.id].grad, yt.grad.numpy())
    window.scene.select_ids([s.id], emit=True)
    QApplication.processEvents()
    shown = [float(t) for t in window.inspector.value_table.cell_texts()[0]]
    assert shown == [-10.0, -9.0]
