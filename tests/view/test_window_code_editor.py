"""The Code dock: pasting a script builds the graph, errors change nothing, graph to script round-
trips."""
from __future__ import annotations

from window_driving import (load_seed, grad_texts, SEED_SCRIPT,
                            prompts, settings_dir, make_window, window)  # noqa: F401 - fixtures


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
