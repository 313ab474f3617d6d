"""The main window as a user drives it: palette and canvas gestures, runs, the inspector,
undo/redo of every edit through the window's actions, the code editor and file handling."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QTableWidget

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


# ---------------------------------------------------------------------- building the seed graph
def test_build_seed_graph_through_the_ui_and_read_grads(window, qtbot):
    w = window
    w.actions["auto_run"].setChecked(False)
    view = w.view
    # Leaves and constants come from the palette (drag and drop onto the canvas) ...
    drop_from_palette(w, "leaf", None, QPointF(0, 0))
    rename_in_inspector(w, "x", "a")
    set_value_in_inspector(w, "a", "[2., 3.]")
    drop_from_palette(w, "leaf", None, QPointF(0, 400))
    rename_in_inspector(w, "x", "b")
    set_value_in_inspector(w, "b", "[6., 4.]")
    for name, value, y in (("three", "3", 200), ("e3", "3", 100), ("e2", "2", 520)):
        drop_from_palette(w, "const", None, QPointF(0, y))
        new = w.scene.selected_ids()[0]
        rename_in_inspector(w, w.document.nodes[new].name, name)
        set_value_in_inspector(w, name, value)
    # ... ops from the palette by name (filter + Enter) and from the canvas search popup.
    w.op_palette.filter_edit.setText("pow")
    assert ("op", "pow") in w.op_palette.visible_entries()
    w.op_palette.filter_edit.returnPressed.emit()
    pow_id = w.scene.selected_ids()[0]
    assert w.document.nodes[pow_id].op == "pow"
    w.scene.node_items[pow_id].setPos(300, 0)
    drop_from_palette(w, "op", "pow", QPointF(300, 420))
    popup = view.open_search_popup(QPointF(600, 100))
    popup.field.setText("mul")
    popup.accept()
    drop_from_palette(w, "op", "sub", QPointF(900, 250))
    names = {n.name: n.id for n in w.document.nodes.values()}
    assert {"a", "b", "three", "e3", "e2", "pow", "pow1", "mul", "sub"} <= set(names)
    # Move the first pow with a real drag on its header (one MoveNodesCommand).
    item = w.scene.node_items[names["pow"]]
    grab = item.mapToScene(QPointF(60, 10))
    before = tuple(w.document.nodes[names["pow"]].pos)
    mouse_drag(view, grab, grab + QPointF(20, 40))
    after = tuple(w.document.nodes[names["pow"]].pos)
    assert after != before and w.undo_stack.undoText().startswith("Move")
    # Wire everything with real mouse drags from output ports to input ports.
    for src, dst, port in (("a", "pow", 0), ("e3", "pow", 1), ("three", "mul", 0), ("pow", "mul", 1),
                           ("b", "pow1", 0), ("e2", "pow1", 1), ("mul", "sub", 0), ("pow1", "sub", 1)):
        connect_by_mouse(w, src, dst, port)
    assert len(w.document.edges()) == 8
    # A drop that closes a cycle is refused with a message and changes nothing.
    count = len(w.messages.entries())
    connect_by_mouse(w, "sub", "pow", 0)
    assert len(w.document.edges()) == 8
    assert any("cycle" in t or "already connected" in t for _, t in w.messages.entries()[count:])
    # Root and external gradient, then Forward and Backward from the toolbar.
    select(w, "sub")
    w.actions["set_root"].trigger()
    w.actions["forward"].trigger()
    QApplication.processEvents()  # the toolbar lays out its widgets on the next pass
    assert w.gradient_edit.isVisibleTo(w), "a non-scalar root must show the gradient field"
    w.gradient_edit.setText("[1, 1]")
    w.gradient_edit.editingFinished.emit()
    np.testing.assert_array_equal(w.document.root_gradient, [1.0, 1.0])
    w.actions["backward"].trigger()
    assert grad_texts(w, "a") == [["36.", "81."]]
    assert grad_texts(w, "b") == [["-12.", "-8."]]
    select(w, "sub")
    assert w.inspector.grad_fn_label.text() == "<SubBackward0>"
    assert w.inspector.value_table.cell_texts() == [["-12.", "65."]]


# ---------------------------------------------------------------------- runs, inspector, freezing
def test_forward_backward_and_inspector_fields(window):
    load_seed(window)
    window.actions["zero_grad"].trigger()       # Auto-run already ran one backward: start from None
    window.actions["backward"].trigger()
    select(window, "a")
    insp = window.inspector
    assert insp.title.text() == "a"
    assert insp.shape_label.text() == "torch.Size([2])"
    assert insp.dtype_label.text() == "torch.float32"
    assert insp.requires_grad_box.isChecked() and insp.requires_grad_box.isEnabled()
    assert insp.is_leaf_label.text() == "True"
    assert insp.value_table.cell_texts() == [["2.", "3."]]
    assert insp.grad_table.cell_texts() == [["36.", "81."]]
    select(window, "a_cubed")
    assert insp.grad_fn_label.text() == "<PowBackward0>"
    assert insp.is_leaf_label.text() == "False"
    assert insp.next_label.text() == "((AccumulateGrad, 0),)"  # as torch: the exponent is a Python scalar
    assert not insp.grad_table.isVisibleTo(insp)  # non-leaf: .grad is None
    select(window, "Q")
    assert insp.next_label.text() == "((MulBackward0, 0), (PowBackward0, 0))"
    select(window, "a_cubed")
    assert "non-leaf" in insp.grad_none.text()


def test_requires_grad_toggle_greys_the_frozen_branch(window, qtbot):
    load_seed(window)
    window.actions["auto_run"].setChecked(True)
    window.run_backward()
    items = window.scene.node_items
    assert not any(items[node_id(window, n)].frozen for n in ("a", "b", "a_cubed", "b_sq", "Q"))
    # One click on b's switch on its card (a real mouse event on the viewport).
    b_item = items[node_id(window, "b")]
    mouse_click(window.view, b_item.mapToScene(b_item.switch_rect().center()))
    assert window.document.node_by_name("b").requires_grad is False
    qtbot.waitUntil(lambda: window.last_result is not None and window.last_result.backward_ran
                    and not window.last_result.results[node_id(window, "b")].requires_grad)
    frozen = {n for n in ("a", "b", "a_cubed", "three_a3", "b_sq", "Q") if items[node_id(window, n)].frozen}
    assert frozen == {"b", "b_sq"}
    select(window, "b")
    assert not window.inspector.grad_table.isVisibleTo(window.inspector)
    assert "frozen" in window.inspector.grad_none.text()
    assert grad_texts(window, "a") == [["36.", "81."]]
    select(window, "b_sq")
    assert window.inspector.grad_fn_label.text() == "None"
    # The inspector's checkbox toggles it back (an undoable command too).
    select(window, "b")
    window.inspector.requires_grad_box.click()
    assert window.document.node_by_name("b").requires_grad is True
    qtbot.waitUntil(lambda: not items[node_id(window, "b_sq")].frozen)


def test_gradient_field_only_for_non_scalar_roots(window):
    load_seed(window)
    window.run_forward()
    QApplication.processEvents()
    assert window.gradient_edit.isVisibleTo(window)
    assert window.gradient_edit.text() == "[1., 1.]"
    window.push(C.SetRootCommand(node_id(window, "three_a3"), None))
    window._refresh_ui()
    doc = Document()
    x = C.leaf_node(doc, "x", 2.0, requires_grad=True)
    C.AddNodeCommand(x).do(doc)
    sq = C.op_node(doc, "exp", name="y", pos=(200, 0))
    C.AddNodeCommand(sq, [Edge(x.id, sq.id, 0)]).do(doc)
    C.SetRootCommand(sq.id).do(doc)
    window._replace_document(doc, None, "scalar")
    window.run_backward(quiet=True)              # as Auto-run does: no second pass
    QApplication.processEvents()
    assert not window.gradient_edit.isVisibleTo(window)
    import engine

    printed = repr(engine.tensor(np.exp(np.float32(2.0))))   # as print(x.grad) shows it: tensor(7.3891)
    assert grad_texts(window, "x") == [[printed[len("tensor("):-1]]]


def test_bad_gradient_text_is_refused_without_eval(window):
    load_seed(window)
    before = window.document.root_gradient.copy()
    window.gradient_edit.setText("__import__('os').system('echo hi')")
    window.gradient_edit.editingFinished.emit()
    np.testing.assert_array_equal(window.document.root_gradient, before)
    assert window.messages.entries()[-1][0] == "warning"


def test_zero_grad_and_train_step(window):
    load_seed(window)
    window.actions["auto_run"].setChecked(False)
    window.run_backward()
    window.actions["zero_grad"].trigger()
    select(window, "a")
    assert not window.inspector.grad_table.isVisibleTo(window.inspector)
    a_before = window.document.node_by_name("a").value.copy()
    window.optimizer_combo.setCurrentIndex(window.optimizer_combo.findData("sgd"))
    window.lr_spin.setValue(0.01)
    window.actions["train_step"].trigger()
    a_after = window.document.node_by_name("a").value
    np.testing.assert_allclose(a_after, a_before - 0.01 * np.array([36.0, 81.0]), rtol=1e-6)
    window.actions["undo"].trigger()
    np.testing.assert_array_equal(window.document.node_by_name("a").value, a_before)


def test_auto_run_recomputes_on_edit(window, qtbot):
    load_seed(window)
    window.actions["auto_run"].setChecked(True)
    window.run_backward()
    set_value_in_inspector(window, "a", "[1., 1.]")
    qtbot.waitUntil(lambda: window.last_result.results[node_id(window, "a")].grad is not None
                    and float(window.last_result.results[node_id(window, "a")].grad[0]) == 9.0)
    assert grad_texts(window, "a") == [["9.", "9."]]


def test_inspector_edits_params_and_values_through_commands(window):
    doc = Document()
    x = C.leaf_node(doc, "x", [[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    C.AddNodeCommand(x).do(doc)
    s = C.op_node(doc, "sum", name="s", pos=(200, 0))
    C.AddNodeCommand(s, [Edge(x.id, s.id, 0)]).do(doc)
    window._replace_document(doc, None, "sum")
    select(window, "s")
    params = window.inspector._param_widgets
    assert "dim" in params
    params["dim"].setText("0")
    params["dim"].editingFinished.emit()
    assert window.document.nodes[s.id].params["dim"] == 0
    window.run_forward()
    select(window, "s")
    assert window.inspector.value_table.cell_texts() == [["4.", "6."]]
    # Editing one cell of the leaf's value table sets the value (one command).
    select(window, "x")
    window.inspector.value_table.item(1, 0).setText("10")
    np.testing.assert_array_equal(window.document.nodes[x.id].value, [[1.0, 2.0], [10.0, 4.0]])
    assert window.undo_stack.undoText() == "Change value"
    window.inspector.value_table.item(0, 0).setText("not a number")
    np.testing.assert_array_equal(window.document.nodes[x.id].value, [[1.0, 2.0], [10.0, 4.0]])


# ---------------------------------------------------------------------- undo / redo of every edit kind
def _edit_cases(w):
    a, b, q = node_id(w, "a"), node_id(w, "b"), node_id(w, "Q")
    b_sq = node_id(w, "b_sq")

    def add():
        drop_from_palette(w, "op", "exp", QPointF(900, 500))

    def connect():
        connect_by_mouse(w, "b_sq", "Q", 1)

    def prepare_connect():
        w.push(C.DisconnectCommand(Edge(b_sq, q, 1)))
        w.undo_stack.setClean()

    def move():
        item = w.scene.node_items[a]
        p = item.mapToScene(QPointF(60, 10))
        mouse_drag(w.view, p, p + QPointF(50, 30))

    def value():
        set_value_in_inspector(w, "a", "[5., 7.]")

    def rename():
        rename_in_inspector(w, "a", "alpha")

    def freeze():
        select(w, "b")
        w.inspector.requires_grad_box.click()

    def delete():
        select(w, "b_sq")
        w.view.setFocus()
        w.actions["delete"].trigger()

    def duplicate():
        select(w, "a")
        w.actions["duplicate"].trigger()

    def copy_paste():
        select(w, "b")
        w.actions["copy"].trigger()
        w.actions["paste"].trigger()

    def group():
        from PySide6.QtWidgets import QInputDialog

        w.scene.select_ids([a, b], emit=True)
        original = QInputDialog.getText
        QInputDialog.getText = staticmethod(lambda *args, **kw: ("inputs", True))
        try:
            w.actions["group"].trigger()
        finally:
            QInputDialog.getText = original
        assert [g.name for g in w.document.groups.values()] == ["inputs"]

    def cut():
        select(w, "b_sq")
        w.actions["cut"].trigger()
        assert w.document.node_by_name("b_sq") is None

    def root():
        select(w, "three_a3")
        w.actions["set_root"].trigger()

    def script():
        w.apply_script("x = tensor(2., requires_grad=True)\ny = x * x\ny.backward()\n")

    connect.prepare = prepare_connect
    return {"add node": add, "connect": connect, "move": move, "set value": value, "rename": rename,
            "requires_grad": freeze, "delete": delete, "duplicate": duplicate, "paste": copy_paste,
            "group": group, "set root": root, "apply script": script, "cut": cut}


@pytest.mark.parametrize("kind", ["add node", "connect", "move", "set value", "rename", "requires_grad",
                                  "delete", "duplicate", "paste", "group", "set root", "apply script",
                                  "cut"])
def test_undo_redo_every_edit_kind_through_the_window_actions(window, kind):
    load_seed(window)
    window.actions["auto_run"].setChecked(False)
    edit = _edit_cases(window)[kind]
    getattr(edit, "prepare", lambda: None)()
    before = window.document.copy()
    edit()
    after = window.document.copy()
    assert not after.same_as(before), f"{kind}: the edit changed nothing"
    assert window.isWindowModified()
    window.actions["undo"].trigger()
    assert window.document.same_as(before), f"{kind}: undo did not restore the document"
    window.actions["redo"].trigger()
    assert window.document.same_as(after), f"{kind}: redo did not restore the edit"


def test_edit_shortcuts_do_not_fire_from_text_fields(window, qtbot):
    load_seed(window)
    select(window, "a")
    count = len(window.document.nodes)
    window.inspector.name_edit.setFocus()
    qtbot.keyClick(window.inspector.name_edit, Qt.Key.Key_Delete)
    assert len(window.document.nodes) == count
    # On the canvas the same key deletes the selection: once, as one undo step.
    window.view.setFocus()
    steps = window.undo_stack.count()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.document.node_by_name("a") is None and len(window.document.nodes) == count - 1
    assert window.undo_stack.count() == steps + 1
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.node_by_name("a") is not None


# ---------------------------------------------------------------------- code editor
def test_pasting_the_seed_script_builds_the_graph(window):
    window.code_editor.editor.setPlainText(SEED_SCRIPT)
    window.code_editor.apply_button.click()
    doc = window.document
    assert {"a", "b", "Q"} <= {n.name for n in doc.nodes.values()}
    assert doc.nodes[doc.root].name == "Q"
    window.run_backward()
    assert grad_texts(window, "a") == [["36.", "81."]]
    assert grad_texts(window, "b") == [["-12.", "-8."]]
    # Positions were laid out (not all stacked at one point).
    assert len({tuple(n.pos) for n in doc.nodes.values()}) == len(doc.nodes)
    # One undo step takes the whole script back.
    window.actions["undo"].trigger()
    assert len(window.document.nodes) == 0


def test_script_errors_are_underlined_and_change_nothing(window):
    load_seed(window)
    before = window.document.copy()
    window.code_editor.editor.setPlainText("a = tensor([1., 2.])\nb = expp(a)\n")
    window.code_editor.apply()
    assert window.document.same_as(before)
    marks = window.code_editor.error_selections()
    assert marks and marks[0][0] == 2
    assert "expp" in window.code_editor.status.text()
    assert window.code_editor.status.isVisibleTo(window.code_editor)


def test_graph_to_script_round_trips(window):
    load_seed(window)
    window.refresh_script()
    text = window.code_editor.text()
    assert "requires_grad=True" in text and "backward" in text
    before = {n.name: tuple(n.pos) for n in window.document.nodes.values()}
    assert window.apply_script(text + "extra = Q * 2\n")
    after = {n.name: tuple(n.pos) for n in window.document.nodes.values()}
    assert set(before) | {"extra"} <= set(after)  # (plus a constant node for the 2)
    # Nodes that survive keep their place on the canvas; the new one is laid out beside them.
    assert all(after[name] == pos for name, pos in before.items())
    assert after["extra"] not in before.values()


# ---------------------------------------------------------------------- files and dirty prompts
def test_title_shows_dirty_state(window, tmp_path, monkeypatch):
    load_seed(window)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("seed")
    set_value_in_inspector(window, "a", "[1., 1.]")
    assert window.isWindowModified()
    target = tmp_path / "mine.json"
    monkeypatch.setattr("explorer.view.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    window.actions["save"].trigger()
    assert target.exists() and not window.isWindowModified()
    assert window.windowTitle().startswith("mine.json")


@pytest.mark.parametrize("answer", ["Save", "Discard", "Cancel"])
def test_close_when_dirty_asks_save_discard_cancel(make_window, prompts, tmp_path, monkeypatch, answer):
    w = make_window()
    load_seed(w)
    target = tmp_path / "closed.json"
    monkeypatch.setattr("explorer.view.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    set_value_in_inspector(w, "a", "[1., 1.]")
    prompts["answers"] = [getattr(QMessageBox.StandardButton, answer)]
    closed = w.close()
    assert prompts["asked"], "closing a dirty window must ask"
    assert closed is (answer != "Cancel")
    assert target.exists() is (answer == "Save")
    if answer == "Cancel":
        assert w.isVisible() and w.isWindowModified()


@pytest.mark.parametrize("answer", ["Save", "Discard", "Cancel"])
def test_new_and_open_when_dirty_ask_first(window, prompts, tmp_path, monkeypatch, answer):
    from explorer.model.fileformat import save_document

    other = tmp_path / "other.json"
    save_document(seed_document(), other)
    target = tmp_path / "saved.json"
    monkeypatch.setattr("explorer.view.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    monkeypatch.setattr("explorer.view.main_window.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(other), ""))
    for action in ("new", "open"):
        load_seed(window)
        set_value_in_inspector(window, "a", "[1., 1.]")
        prompts["answers"] = [getattr(QMessageBox.StandardButton, answer)]
        asked = len(prompts["asked"])
        window.actions[action].trigger()
        assert len(prompts["asked"]) == asked + 1
        if answer == "Cancel":
            assert window.isWindowModified()
            np.testing.assert_array_equal(window.document.node_by_name("a").value, [1.0, 1.0])
        else:
            assert not window.isWindowModified()
            expected = 0 if action == "new" else len(seed_document().nodes)
            assert len(window.document.nodes) == expected
        assert target.exists() is (answer == "Save")
        if target.exists():
            target.unlink()


def test_broken_file_keeps_the_current_graph(window, prompts, tmp_path):
    load_seed(window)
    before = window.document.copy()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "autograd-explorer", "version": 1, "nodes": [', encoding="utf-8")
    assert window.open_path(str(broken)) is False
    assert window.document.same_as(before)
    assert prompts["warnings"] and "broken.json" in prompts["warnings"][-1]
    assert window.messages.entries()[-1][0] == "error"
    evil = tmp_path / "evil.json"
    evil.write_text('{"format": "autograd-explorer", "version": 1, "nodes": "__import__(\'os\')"}',
                    encoding="utf-8")
    assert window.open_path(str(evil)) is False
    assert window.document.same_as(before)
    assert window.open_path(str(tmp_path / "missing.json")) is False
    assert "missing.json" in prompts["warnings"][-1]


def test_open_save_round_trip_and_recent_files(window, tmp_path, settings_dir):
    from explorer.model.fileformat import save_document
    from explorer.view import settings as prefs

    path = tmp_path / "seed_copy.json"
    save_document(seed_document(), path)
    assert window.open_path(str(path))
    assert window.document.same_as(seed_document())
    assert prefs.recent_files(window.settings)[0] == str(path)
    window.menus["recent"].aboutToShow.emit()
    assert "seed_copy.json" in [a.text() for a in window.menus["recent"].actions()]
    set_value_in_inspector(window, "a", "[4., 4.]")
    window.actions["save"].trigger()
    from explorer.model.fileformat import load_document

    np.testing.assert_array_equal(load_document(path).node_by_name("a").value, [4.0, 4.0])


def test_open_a_script_file(window, tmp_path):
    script = tmp_path / "seed.py"
    script.write_text(SEED_SCRIPT, encoding="utf-8")
    assert window.open_path(str(script))
    assert window.document.nodes[window.document.root].name == "Q"
    assert window.file_path is None  # saving must never overwrite the script with JSON


# ---------------------------------------------------------------------- menus, view, theme
def test_menus_have_the_standard_entries(window):
    texts = {k: [a.text().replace("&", "") for a in m.actions()] for k, m in window.menus.items()}
    for entry in ("New", "Open…", "Open Example", "Open Recent", "Save", "Save As…", "Export", "Quit"):
        assert entry in texts["file"]
    for entry in ("Undo", "Redo", "Cut", "Copy", "Paste", "Duplicate", "Delete", "Select All", "Group…"):
        assert any(t.startswith(entry) for t in texts["edit"]), entry
    assert window.actions["save"].shortcut().matches(QKeySequence_std("Save"))
    # Export ▸ has no fake entries: GraphML (the window's own) from the start, the image
    # entries once the export extension is installed.
    entries = [a.text().replace("&", "") for a in window.export_menu.actions() if not a.isSeparator()]
    assert entries == ["GraphML (yEd, Gephi)…"]
    assert window.export_menu.menuAction().isEnabled()
    from explorer.view.app import install_extensions

    install_extensions(window)
    QApplication.processEvents()
    entries = [a.text().replace("&", "") for a in window.export_menu.actions() if not a.isSeparator()]
    assert len(entries) > 1 and any("Image" in e for e in entries)
    assert "Keyboard Shortcuts" in texts["help"]


def QKeySequence_std(name):  # noqa: N802
    from PySide6.QtGui import QKeySequence

    return QKeySequence(getattr(QKeySequence.StandardKey, name))


def test_view_modes_switch_forward_backward_side_by_side(window):
    load_seed(window)
    window.run_backward()
    window.actions["view_backward"].trigger()
    assert window.backward_view.isVisible() and not window.view.isVisible()
    assert "SubBackward0" in window.backward_view.bscene.names()
    window.actions["view_side"].trigger()
    assert window.backward_view.isVisible() and window.view.isVisible()
    window.actions["view_forward"].trigger()
    assert window.view.isVisible() and not window.backward_view.isVisible()


def test_side_by_side_keeps_a_fitted_graph_whole_and_a_zoomed_view_where_it_was(window, qtbot):
    from explorer.model.fileformat import load_document

    examples = Path(__file__).resolve().parents[2] / "resources" / "examples"
    window._replace_document(load_document(examples / "transfer_learning.json"), None, "transfer")
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.view.fit_all()
    assert window._shows_whole_graph()
    window.run_backward()
    window.actions["view_side"].trigger()                 # the canvas loses a third of its width
    # refitted: whole where that is readable, else at the readable zoom (issue #16: the whole
    # graph in a third of the width was grey bars)
    from explorer.view.canvas.view import READABLE_ZOOM
    from explorer.view.side_by_side import backward_readable_zoom

    qtbot.waitUntil(lambda: window._shows_whole_graph() or window.view.zoom() == pytest.approx(READABLE_ZOOM),
                    timeout=2000)
    from explorer.view.main_window import _shows_whole

    dag = window.backward_view
    qtbot.waitUntil(lambda: _shows_whole(dag, dag.bscene.content)
                    or dag.transform().m11() == pytest.approx(backward_readable_zoom()), timeout=2000)
    window.actions["view_forward"].trigger()
    qtbot.wait(20)
    window.view.set_zoom(3.0)                             # the user looks closely at one part
    center = window.view.mapToScene(window.view.viewport().rect().center())
    window.actions["view_side"].trigger()
    qtbot.wait(20)
    assert window.view.zoom() == pytest.approx(3.0) and not window._shows_whole_graph()
    assert (window.view.mapToScene(window.view.viewport().rect().center()) - center).manhattanLength() < 400


def test_theme_follows_the_system_and_can_be_chosen(window, monkeypatch):
    from explorer.view import appearance, theme

    monkeypatch.setattr(appearance, "system_prefers_dark", lambda: True)
    window.actions["theme_system"].trigger()
    assert theme.current().name == "dark"
    window.actions["theme_light"].trigger()
    assert theme.current().name == "light"
    assert window.settings.value("view/theme") == "light"
    window.actions["font_150"].trigger()
    assert theme.font_scale == 1.5
    window.actions["font_100"].trigger()


def test_uncaught_exceptions_go_to_the_messages_dock(window):
    import sys

    from explorer.view.app import install_excepthook

    old = sys.excepthook
    try:
        install_excepthook(window)
        try:
            raise RuntimeError("boom from a slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        level, text = window.messages.entries()[-1]
        assert level == "error" and "boom from a slot" in text
    finally:
        sys.excepthook = old


def test_preferences_persist_between_windows(make_window, settings_dir):
    w = make_window()
    # the offscreen screen is 800x600: stay inside it, and above the window's minimum height
    # (an earlier test's font scale can leave taller docks: the size saved is what counts here)
    w.resize(711, 577)
    w.actions["auto_run"].setChecked(False)
    w.set_auto_run(False)
    w.lr_spin.setValue(0.05)
    w.actions["view_side"].trigger()
    # what the window really has (its minimum height can exceed 577 in side-by-side mode after an
    # earlier test's font scale): that size must come back
    size = (w.size().width(), w.size().height())
    assert size[0] == 711, size
    w.close()
    w2 = make_window()
    assert (w2.size().width(), w2.size().height()) == size
    assert not w2.actions["auto_run"].isChecked()
    assert w2.lr_spin.value() == pytest.approx(0.05)
    assert w2.view_mode == "side"


def test_screenshot_of_the_seed_example_after_backward(window, qtbot):
    from explorer.view.main_window import SEED_EXAMPLE

    window.resize(1600, 1000)
    assert window.open_example(SEED_EXAMPLE)
    window.run_backward()
    select(window, "a")
    qtbot.waitUntil(lambda: "Q.backward" in window.code_editor.text())  # the script follows the graph
    assert not window.code_editor.status.isVisible()
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    for mode, name in (("side", "main_window_seed_side.png"), ("forward", "main_window_seed.png")):
        window.set_view_mode(mode, save=False)
        qtbot.wait(20)
        window.fit_views()
        qtbot.wait(50)
        # Cards are legible (the canvas draws text from 60 % zoom up).
        assert window.view.zoom() >= 0.6, f"{mode}: the seed graph is fitted too small to read"
        path = SCREENSHOT_DIR / name
        assert window.grab().save(str(path))
        assert path.stat().st_size > 10_000


def test_help_dialogs_and_panel_toggles(window, monkeypatch):
    window.actions["about"].trigger()
    about = window.findChild(QMessageBox, "aboutBox")   # non-blocking, with the app icon
    assert about is not None and "Autograd Explorer" in about.text()
    assert not about.iconPixmap().isNull()
    about.close()
    window.actions["shortcuts"].trigger()
    table = window.shortcuts_dialog.findChild(QTableWidget)
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert any(what == "Undo" for _, what in rows)
    assert any(keys.startswith("Tab") for keys, _ in rows)
    window.shortcuts_dialog.close()
    toggles = {a.text(): a for a in window.menus["panels"].actions()}
    assert {"Ops", "Inspector", "Code", "Messages"} <= set(toggles)
    toggles["Code"].trigger()
    assert not window.docks["code"].isVisible()
    toggles["Code"].trigger()
    assert window.docks["code"].isVisible()


def test_extensions_install_after_first_paint(window):
    from explorer.view.app import install_extensions

    install_extensions(window)
    assert "lecture" in window.menus and window.context.extension("lecture") is not None
    assert not [t for lvl, t in window.messages.entries() if lvl == "error"]


@pytest.mark.parametrize("stem", ["seed", "neuron", "mlp", "transfer_learning"])
def test_every_bundled_example_opens_from_the_menu_and_runs(window, stem):
    entries = {Path(a.data()).stem: a for a in window.menus["examples"].actions()}
    assert stem in entries, f"Open Example lacks {stem}"
    entries[stem].trigger()
    assert len(window.document.nodes) > 0 and window.file_path is None  # examples open untitled
    window.run_backward()
    result = window.last_result
    assert not result.errors and not result.backward_error, (result.errors, result.backward_error)
    assert any(r.grad is not None for r in result.results.values())


def test_backward_again_accumulates_and_the_card_says_so(window):
    """Pressing Backward twice without Zero grad adds into .grad, as a second
    ``Q = ...; Q.backward(gradient)`` does in PyTorch; the card badge says ×2 and its tooltip
    shows old + new; Zero grad starts again from one pass."""
    import engine

    load_seed(window)
    a = engine.tensor([2., 3.], requires_grad=True)
    b = engine.tensor([6., 4.], requires_grad=True)
    for _ in range(2):
        (3 * a**3 - b**2).backward(gradient=engine.tensor([1., 1.]))
    once = a.grad.numpy() / 2
    window.actions["zero_grad"].trigger()
    window.actions["backward"].trigger()
    card = window.scene.node_items[node_id(window, "a")]
    assert ("badge", "accumulate", "AccumulateGrad") in card._rows
    window.actions["backward"].trigger()
    np.testing.assert_array_equal(window.runner.results[node_id(window, "a")].grad, a.grad.numpy())
    assert ("badge", "accumulate", "AccumulateGrad ×2") in card._rows
    assert grad_texts(window, "a") == [[str(v) + "." for v in a.grad.numpy().astype(int)]]
    tip = card.toolTip()
    assert "2 backward passes" in tip and f"[{once[0]:.0f}., {once[1]:.0f}.] + [{once[0]:.0f}., {once[1]:.0f}.]" in tip
    window.actions["zero_grad"].trigger()
    window.actions["backward"].trigger()
    assert ("badge", "accumulate", "AccumulateGrad") in card._rows
    assert "backward passes" not in card.toolTip()
