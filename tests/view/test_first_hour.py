"""Issue #16: a learner's first hour, with real key and mouse events on the main window.

From an empty canvas: Q = 3a³ − b² with a = [2, 3], b = [6, 4] (typed once as an expression in
the Tab popup, values typed on the cards), backward, b frozen, the backward pass stepped through,
a PNG exported — in at most 20 user actions. Every gesture goes through ``act`` so the test
counts them (a typed string is one action; its key events are counted too)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.model.language import to_script

L, NB, NM = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
SHIFT, CTRL = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier


class Counter:
    def __init__(self) -> None:
        self.actions = 0
        self.events = 0

    def key(self, widget, key, mods=NM) -> None:
        self.actions += 1
        self.events += 2  # press, release
        QTest.keyClick(widget, key, mods)
        QApplication.processEvents()

    def type(self, widget, text: str) -> None:
        self.actions += 1
        self.events += 2 * len(text)
        QTest.keyClicks(widget, text)
        QApplication.processEvents()

    def click(self, view, scene_pt: QPointF) -> None:
        self.actions += 1
        self.events += 2
        QTest.mouseClick(view.viewport(), L, NM, view.mapFromScene(scene_pt))
        QApplication.processEvents()

    def double_click(self, view, scene_pt: QPointF) -> None:
        """What Qt 6 delivers for a real double-click: press, release, press, double-click, release."""
        self.actions += 1
        vp, pos = view.viewport(), view.mapFromScene(scene_pt)
        T = QMouseEvent.Type
        for kind, button, buttons in ((T.MouseButtonPress, L, L), (T.MouseButtonRelease, L, NB),
                                      (T.MouseButtonPress, L, L), (T.MouseButtonDblClick, L, L),
                                      (T.MouseButtonRelease, L, NB)):
            self.events += 1
            QApplication.sendEvent(vp, QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)),
                                                   button, buttons, NM))
        QApplication.processEvents()


@pytest.fixture
def window(new_window, monkeypatch, tmp_path):
    from explorer.view import export_dialog
    from explorer.view.lecture import hooks

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    w = new_window(size=(1472, 920), show=True, extensions=[export_dialog.install, hooks.install])
    # Where File ▸ Export proposes to write (the user's last folder; here a temporary one).
    w.settings.setValue(export_dialog.PATH_KEY, str(tmp_path / "last.png"))
    w.activateWindow()
    return w


def card(w, name: str):
    return w.scene.node_items[w.document.node_by_name(name).id]


def card_text(w, name: str, kind: str) -> str:
    return next(t for k, _, t in card(w, name)._rows if k == kind)


def test_first_hour_build_run_freeze_step_export_in_at_most_20_actions(window, qtbot, tmp_path):
    w, n = window, Counter()
    view = w.view
    assert not w.document.nodes
    view.setFocus()
    # 1-3: Tab, the tutorial's expression, Enter: the whole sub-graph, no constant cards.
    n.key(view, Qt.Key.Key_Tab)
    n.type(view.search_popup.field, "Q = 3*a**3 - b**2")
    n.key(view.search_popup.field, Qt.Key.Key_Return)
    doc = w.document
    assert {x.name for x in doc.nodes.values() if not w.scene.is_literal(x.id)} == {"a", "b", "Q", "pow1", "pow2", "mul1"}
    assert not any(item.isVisible() for nid, item in w.scene.node_items.items() if doc.nodes[nid].kind == "const")
    assert doc.nodes[doc.root].name == "Q"
    # 4-9: the values, typed on the cards.
    for name, value in (("a", "[2., 3.]"), ("b", "[6., 4.]")):
        item = card(w, name)
        n.double_click(view, item.mapToScene(item.value_rect().center()))
        editor = w.scene._editor
        assert editor is not None, "no in-place editor opened"
        n.type(editor.line, value)
        n.key(editor.line, Qt.Key.Key_Return)
        assert w.scene._editor is None
    assert to_script(doc).splitlines()[2] == "Q = 3 * a ** 3 - b ** 2"
    # building is not failing: nothing red in Messages on the way
    assert not [t for level, t in w.messages.entries() if level == "error"]
    # 10: Backward. The root is non-scalar: the gradient field starts as ones of its shape.
    n.key(view, Qt.Key.Key_F5)
    assert w.gradient_edit.text() == "[1., 1.]"
    assert card_text(w, "a", "grad") == "[36., 81.]"           # 9a², as torch computes it
    assert card_text(w, "b", "grad") == "[-12., -8.]"          # −2b
    # 11-12: freeze b with one click on its switch, backward again.
    b = card(w, "b")
    n.click(view, b.mapToScene(b.switch_rect().center()))
    n.key(view, Qt.Key.Key_F5)
    assert not doc.node_by_name("b").requires_grad
    assert b.frozen and card(w, "pow2").frozen and not card(w, "pow1").frozen
    assert card_text(w, "b", "grad") == "None" and card_text(w, "a", "grad") == "[36., 81.]"
    # 13-15: step through the backward pass: two steps, then to the end.
    controller = w.context.extension("lecture").controller
    n.key(view, Qt.Key.Key_Right, SHIFT)
    n.key(view, Qt.Key.Key_Right, SHIFT)
    assert controller._active_stepper() is not None and not controller._active_stepper().at_end
    n.key(view, Qt.Key.Key_End)
    assert controller._active_stepper().at_end
    # 16-17: File ▸ Export ▸ Image (Ctrl+Shift+E), Enter writes the PNG.
    n.key(view, Qt.Key.Key_E, CTRL | SHIFT)
    from explorer.view.export_dialog import ExportDialog

    dialog = next(d for d in w.findChildren(ExportDialog) if d.isVisible())
    out = tmp_path / "graph.png"
    assert dialog.path() == str(out)
    n.key(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(out.exists, timeout=20000)
    assert not QImage(str(out)).isNull()
    assert not [t for level, t in w.messages.entries() if level == "error"]
    assert n.actions <= 20, n.actions
    print(f"first hour: {n.actions} actions, {n.events} input events")


def test_a_value_typed_on_a_port_replaces_a_constant_node(window, qtbot, tmp_path):
    """Blender's sockets: click the open `exponent` label of a pow card, type 3: the card reads
    `exponent = 3`, the script says `a ** 3`, no constant card appears, and it survives a save
    and an open."""
    w = window
    view = w.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClicks(view.search_popup.field, "pow")
    QTest.keyClick(view.search_popup.field, Qt.Key.Key_Return)
    [pid] = list(w.document.nodes)
    item = w.scene.node_items[pid]
    pills = {port: (rect, text, kind) for port, rect, text, kind in item.port_pills()}
    assert pills[0][1:] == ("input", "open") and pills[1][1:] == ("exponent", "open")
    assert "exponent" in item.port_tooltip(1)
    QTest.mouseClick(view.viewport(), L, NM, view.mapFromScene(item.mapToScene(pills[1][0].center())))
    assert w.scene._editor is not None
    QTest.keyClicks(w.scene._editor.line, "3")
    QTest.keyClick(w.scene._editor.line, Qt.Key.Key_Return)
    doc = w.document
    assert len(doc.nodes) == 2 and len(doc.edges()) == 1
    [(port, rect, text, kind)] = [p for p in item.port_pills() if p[0] == 1]
    assert (text, kind) == ("exponent = 3.", "literal")
    assert sum(1 for it in w.scene.node_items.values() if it.isVisible()) == 1
    # a leaf wired into `input`: the script reads x ** 3, with no constant of its own
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClicks(view.search_popup.field, "leaf")
    QTest.keyClick(view.search_popup.field, Qt.Key.Key_Return)
    leaf = w.scene.node_items[w.scene.selected_ids()[0]]
    a, b = view.mapFromScene(leaf.output_port_scene_pos()), view.mapFromScene(item.input_port_scene_pos(0))
    QTest.mousePress(view.viewport(), L, NM, a)
    for i in range(1, 7):
        QTest.mouseMove(view.viewport(), a + (b - a) * (i / 6))
    QTest.mouseRelease(view.viewport(), L, NM, b)
    assert len(doc.edges()) == 2
    assert "pow = x ** 3" in to_script(doc).splitlines()
    # each port's tooltip names it and gives the shape and dtype of what arrives there
    w.run_forward()
    assert item.port_tooltip(0).splitlines() == ["input: input 1 of pow", "from 'x': scalar · float32"]
    assert item.port_tooltip(1).splitlines()[0] == "exponent: input 2 of pow"
    assert "scalar · float32" in item.port_tooltip(1)
    # a saved file keeps it a port value
    from explorer.model import fileformat

    again = fileformat.loads(fileformat.dumps(doc))
    assert again.same_as(doc)
    path = tmp_path / "pow.json"
    path.write_text(fileformat.dumps(doc))
    assert w.open_path(str(path), ask=False)
    lit = [nid for nid, it in w.scene.node_items.items() if w.document.nodes[nid].kind == "const"]
    assert lit and all(not w.scene.node_items[nid].isVisible() for nid in lit)


def test_unconnected_inputs_are_a_hint_not_an_error(window, qtbot):
    """While a graph is being built, an op without its inputs is not a red error in Messages
    and its card has no error band; a real failure (a shape error) still is."""
    w = window
    view = w.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClicks(view.search_popup.field, "mul")
    QTest.keyClick(view.search_popup.field, Qt.Key.Key_Return)
    w.run_forward()
    [mid] = list(w.document.nodes)
    item = w.scene.node_items[mid]
    assert not any(level == "error" for level, _t in w.messages.entries())
    assert "error" not in item._kinds
    assert card_text(w, "mul", "meta") == "waiting for inputs"
    # a real error stays an error
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClicks(view.search_popup.field, "x = tensor([1., 2.]) @ tensor([[1., 2., 3.]])")
    QTest.keyClick(view.search_popup.field, Qt.Key.Key_Return)
    w.run_forward()
    errors = [t for level, t in w.messages.entries() if level in ("error", "warning")]
    assert errors, "a shape error must be reported"


def test_tab_search_with_a_typo_says_no_match_and_suggests_ops(window):
    view = window.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    popup = view.search_popup
    QTest.keyClicks(popup.field, "sigmiod")
    assert popup.list.item(0).text().startswith("No match")
    assert "sigmoid" in popup.visible_names()
    QTest.keyClick(popup.field, Qt.Key.Key_Return)
    assert [n.op for n in window.document.nodes.values()] == ["sigmoid"]


def test_focus_follows_a_node_added_from_the_palette_and_new_nodes_do_not_overlap(window):
    w = window
    ids = []
    for _ in range(3):
        w.op_palette.setFocus()
        w.op_palette.add_requested.emit("op", "exp")
        QApplication.processEvents()
        ids.append(w.scene.selected_ids()[0])
        assert w.view.hasFocus() or QApplication.focusWidget() is w.view
    # F2 acts on the new card at once
    QTest.keyClick(w.view, Qt.Key.Key_F2)
    assert w.scene._editor is not None
    w.scene._editor.close()
    cards = [w.scene.node_items[i].mapRectToScene(w.scene.node_items[i].card_rect()) for i in ids]
    assert not any(a.intersects(b) for i, a in enumerate(cards) for b in cards[i + 1:])


def test_chain_rule_panel_shows_the_whole_key_line_without_scrolling(window, qtbot):
    """Stepping the seed's backward pass at the default window: the line a step produced
    (``∂Q/∂a = ∂Q/∂a_cubed · ∂a_cubed/∂a = [3., 3.] · 3·a² = [36., 81.]``) is on screen whole."""
    from explorer.view.main_window import SEED_EXAMPLE

    w = window
    assert w.open_example(SEED_EXAMPLE)
    w.run_backward()
    dock = w.docks["chain_rule"]
    dock.show()
    dock.raise_()
    panel = w.context.extension("lecture").chain_panel
    seen = []
    controller = w.context.extension("lecture").controller
    controller.step_start()
    while controller.step_forward():
        QApplication.processEvents()
        if panel.lines and "∂Q/∂a =" in panel.lines[-1] and "·" in panel.lines[-1]:
            seen.append(panel.lines[-1])
            key = panel.key
            assert key.isVisible() and key.text() == panel.lines[-1]
            # laid out whole: its height holds every wrapped line of the text
            assert key.height() >= key.heightForWidth(key.width()) - 1
            assert key.geometry().bottom() <= panel.height()
            break
    assert seen and seen[0].endswith("[36., 81.]")


def test_a_wire_dropped_on_a_typed_port_replaces_the_value_in_one_undo_step(window, qtbot):
    w = window
    view = w.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClicks(view.search_popup.field, "y = x ** 2")
    QTest.keyClick(view.search_popup.field, Qt.Key.Key_Return)
    doc = w.document
    y = card(w, "y")
    assert y.port_state(1)[0] == "literal"
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClicks(view.search_popup.field, "leaf")
    QTest.keyClick(view.search_popup.field, Qt.Key.Key_Return)
    leaf = w.scene.node_items[w.scene.selected_ids()[0]]
    a, b = view.mapFromScene(leaf.output_port_scene_pos()), view.mapFromScene(y.input_port_scene_pos(1))
    QTest.mousePress(view.viewport(), L, NM, a)
    for i in range(1, 7):
        QTest.mouseMove(view.viewport(), a + (b - a) * (i / 6))
    QTest.mouseRelease(view.viewport(), L, NM, b)
    assert y.port_state(1) == ("wired", leaf.node_id)
    assert not any(n.kind == "const" for n in doc.nodes.values())   # the typed value went with it
    w.undo_stack.undo()
    assert y.port_state(1)[0] == "literal" and float(y.port_state(1)[1].value) == 2.0
    # deleting the op takes its typed values along (no invisible orphans)
    w.scene.select_ids([y.node_id])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert {n.name for n in doc.nodes.values()} == {"x", leaf.node.name}
