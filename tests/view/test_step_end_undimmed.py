"""Issue #16: free step-through ends with everything undimmed (the last backward step used to
leave the canvas faded except for the last node). Real clicks on the step toolbar."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

SEED = ("a = tensor([2., 3.], requires_grad=True)\nb = tensor([6., 4.], requires_grad=True)\n"
        "Q = 3*a**3 - b**2\nQ.backward(gradient=tensor([1., 1.]))\n")


def dimmed(w) -> list:
    items = [*w.scene.node_items.values(), *w.scene.edge_items.values()]
    return [i for i in items if i.isVisible() and i.opacity() < 1.0]


def test_the_last_backward_step_leaves_nothing_dimmed(new_window, qtbot):
    from PySide6.QtCore import Qt

    from explorer.view.lecture import hooks

    w = new_window(size=(1472, 920), show=True, extensions=[hooks.install])
    assert w.apply_script(SEED)
    w.run_backward()
    bar = w.context.extension("lecture").toolbar
    for _ in range(3):
        button = bar.widgetForAction(bar.act_forward)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert dimmed(w), "a step in the middle dims the rest (else this test cannot see the end state)"
    qtbot.mouseClick(bar.widgetForAction(bar.act_end), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert w.context.extension("lecture").controller._active_stepper().at_end
    assert dimmed(w) == []
    assert w.context.extension("lecture").chain_panel.heading.text().startswith("Backward step")   # the last step is still named
