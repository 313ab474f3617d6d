"""Driving the main window as a user does, shared by the test_window_*.py files (split by
topic from one 852-line test_window.py): scripted message boxes, an isolated settings folder, a
shown window, the seed graph, and mouse / palette / inspector gestures."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.model import commands as C
from explorer.model.document import Document, Edge


SEED_SCRIPT = """\
import torch

a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)
"""
SCREENSHOT_DIR = Path(__file__).parent / "screenshots"


# ---------------------------------------------------------------------- fixtures and helpers
@pytest.fixture
def prompts(monkeypatch):
    """Scripted answers for QMessageBox.question; warnings are recorded, never shown."""
    state = {"answers": [], "asked": [], "warnings": []}

    def question(parent, title, text, *args, **kwargs):
        state["asked"].append(text)
        if not state["answers"]:
            return QMessageBox.StandardButton.Discard  # teardown closes dirty windows
        return state["answers"].pop(0)

    def warning(parent, title, text, *args, **kwargs):
        state["warnings"].append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return state


@pytest.fixture
def settings_dir(tmp_path, monkeypatch):
    path = tmp_path / "settings"
    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(path))
    return path


@pytest.fixture
def make_window(qtbot, prompts, settings_dir):
    from explorer.view.main_window import MainWindow

    def make(show: bool = True) -> MainWindow:
        w = MainWindow()
        qtbot.addWidget(w)
        if show:
            w.show()
            qtbot.waitExposed(w)
        return w

    return make


@pytest.fixture
def window(make_window):
    return make_window()


def seed_document() -> Document:
    """Q = 3a³ − b² built with commands (as the canvas would), root Q, gradient [1, 1]."""
    doc = Document()
    a = C.leaf_node(doc, "a", [2.0, 3.0], requires_grad=True, pos=(0, 0))
    C.AddNodeCommand(a).do(doc)
    b = C.leaf_node(doc, "b", [6.0, 4.0], requires_grad=True, pos=(0, 300))
    C.AddNodeCommand(b).do(doc)
    three = C.const_node(doc, 3.0, name="three", pos=(0, 150))
    C.AddNodeCommand(three).do(doc)
    e3 = C.const_node(doc, 3.0, name="e3", pos=(0, 80))
    C.AddNodeCommand(e3).do(doc)
    e2 = C.const_node(doc, 2.0, name="e2", pos=(0, 380))
    C.AddNodeCommand(e2).do(doc)
    p3 = C.op_node(doc, "pow", name="a_cubed", pos=(250, 0))
    C.AddNodeCommand(p3, [Edge(a.id, p3.id, 0), Edge(e3.id, p3.id, 1)]).do(doc)
    m = C.op_node(doc, "mul", name="three_a3", pos=(500, 60))
    C.AddNodeCommand(m, [Edge(three.id, m.id, 0), Edge(p3.id, m.id, 1)]).do(doc)
    p2 = C.op_node(doc, "pow", name="b_sq", pos=(250, 300))
    C.AddNodeCommand(p2, [Edge(b.id, p2.id, 0), Edge(e2.id, p2.id, 1)]).do(doc)
    q = C.op_node(doc, "sub", name="Q", pos=(750, 150))
    C.AddNodeCommand(q, [Edge(m.id, q.id, 0), Edge(p2.id, q.id, 1)]).do(doc)
    C.SetRootCommand(q.id, [1.0, 1.0]).do(doc)
    return doc


def load_seed(window) -> None:
    window._replace_document(seed_document(), None, "seed")


def node_id(window, name: str) -> str:
    node = window.document.node_by_name(name)
    assert node is not None, f"no node named {name}"
    return node.id


def select(window, name: str) -> None:
    window.scene.select_ids([node_id(window, name)], emit=True)


def grad_texts(window, name: str) -> list[list[str]]:
    select(window, name)
    table = window.inspector.grad_table
    assert table.isVisibleTo(window.inspector), f"{name} shows no .grad table"
    return table.cell_texts()


def _send_mouse(view, kind, scene_pt: QPointF, button, buttons) -> None:
    vp = view.viewport()
    local = QPointF(view.mapFromScene(scene_pt))
    glob = QPointF(vp.mapToGlobal(local.toPoint()))
    event = QMouseEvent(kind, local, glob, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, event)


def mouse_drag(view, start: QPointF, end: QPointF, steps: int = 5) -> None:
    """A real press-move-release on the view's viewport (scene coordinates)."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _send_mouse(view, QMouseEvent.Type.MouseButtonPress, start, left, left)
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        _send_mouse(view, QMouseEvent.Type.MouseMove, p, none, left)
    _send_mouse(view, QMouseEvent.Type.MouseButtonRelease, end, left, none)


def mouse_click(view, pt: QPointF) -> None:
    mouse_drag(view, pt, pt, steps=0)


def drop_from_palette(window, kind: str, op: str | None, scene_pt: QPointF) -> None:
    from explorer.view.panels.palette import mime_for

    vp = window.view.viewport()
    pos = QPointF(window.view.mapFromScene(scene_pt))
    mime: QMimeData = mime_for(kind, op)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, enter)
    assert enter.isAccepted(), "the canvas refuses palette drags"
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, drop)


def connect_by_mouse(window, src: str, dst: str, port: int) -> None:
    items = window.scene.node_items
    mouse_drag(window.view, items[node_id(window, src)].output_port_scene_pos(),
               items[node_id(window, dst)].input_port_scene_pos(port))


def set_value_in_inspector(window, name: str, text: str) -> None:
    select(window, name)
    window.inspector.value_literal.setText(text)
    window.inspector.value_literal.returnPressed.emit()


def rename_in_inspector(window, old: str, new: str) -> None:
    select(window, old)
    window.inspector.name_edit.setText(new)
    window.inspector.name_edit.editingFinished.emit()
