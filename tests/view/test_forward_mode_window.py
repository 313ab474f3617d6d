"""Forward mode (JVP) in the window's step-through, driven by real clicks and keys: the switch,
the tangent typed into its field, the toolbar's Step button.  The tangents on the cards and
in the chain-rule panel are checked against central finite differences (float64) of the same
graph, and the end of the backward pass shows ⟨v, J·t⟩ = ⟨Jᵀv, t⟩ with both numbers.
Screenshots (English and Korean, light theme) go to tests/view/screenshots/ for a human."""
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explorer.model.numbers import format_array
from explorer.view import theme

SHOTS = Path(__file__).parent / "screenshots"
SEED = Path(__file__).resolve().parents[2] / "resources" / "examples" / "seed.json"


@pytest.fixture
def window(qtbot):
    from explorer.view import forward_mode
    from explorer.view.lecture.hooks import install
    from explorer.view.main_window import MainWindow

    theme.set_theme("light")
    w = MainWindow()
    w.maybe_save = lambda *a, **k: True
    qtbot.addWidget(w, before_close_func=lambda w: setattr(w.context.extension("lecture").author, "dirty", False))
    if w.context.extension("lecture") is None:
        install(w)
    if getattr(w, "forward_mode", None) is None:
        forward_mode.install(w)
    w.resize(1500, 950)
    w.show()
    qtbot.waitExposed(w)
    w.open_example(SEED)
    qtbot.wait(20)
    w.docks["chain_rule"].show()
    w.docks["chain_rule"].raise_()
    yield w
    w.context.extension("lecture").controller.close_lecture()


def click_step(qtbot, window, action):
    button = window.context.extension("lecture").toolbar.widgetForAction(action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_tangent(qtbot, window, text):
    field = window.forward_mode.bar.values
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def directional_derivatives(doc, leaf, t, eps=1e-6):
    """Every node's derivative along ``t`` on ``leaf``, by central differences in float64."""
    from explorer.model.runner.execute import evaluate

    def values(sign):
        d = doc.copy()
        for node in d.nodes.values():
            if node.value is not None and np.asarray(node.value).dtype.kind == "f":
                node.value, node.dtype = np.asarray(node.value, np.float64), "float64"
        d.nodes[leaf].value = d.nodes[leaf].value + sign * eps * np.asarray(t, np.float64)
        return {n: i.value for n, i in evaluate(d).info.items() if i.computed}
    plus, minus = values(1), values(-1)
    return {n: (plus[n] - minus[n]) / (2 * eps) for n in plus}


def forward_steps_to(qtbot, window, name):
    """Click Step ▶ until the forward step of node ``name`` is the current one."""
    ctl = window.context.extension("lecture").controller
    for _ in range(40):
        click_step(qtbot, window, window.context.extension("lecture").toolbar.act_forward)
        current = ctl.active_stepper.current
        if current is not None and current.name == name:
            return
    raise AssertionError(f"no forward step for {name}")


def test_forward_mode_tangents_rules_and_identity_by_clicks(qtbot, window):
    fmode = window.forward_mode
    doc = window.document
    a = doc.node_by_name("a").id
    click_step(qtbot, window, window.context.extension("lecture").toolbar.act_start)
    qtbot.mouseClick(fmode.bar.switch, Qt.MouseButton.LeftButton)
    assert fmode.enabled and fmode.bar.leaf.currentText() == "a"
    assert fmode.bar.values.text().replace(" ", "") in ("[1.,1.]", "[1.0,1.0]")   # ones by default
    type_tangent(qtbot, window, "[2., -1.]")
    fd = directional_derivatives(doc, a, [2., -1.])
    forward_steps_to(qtbot, window, "a_cubed")
    cubed = doc.node_by_name("a_cubed").id
    expected = format_array(fd[cubed].round(3))          # 3a²·t = [24., -27.]
    assert expected == "[24., -27.]"
    text = window.context.extension("lecture").chain_panel.plain_text()
    assert f"= 3·a² · [2., -1.] = {expected}" in text
    assert fmode.badge_texts()[cubed].endswith(f"= {expected}")      # on the card
    assert fmode.badge_texts()[a].endswith("= [2., -1.]")
    assert doc.node_by_name("Q").id not in fmode.badge_texts()       # not reached yet
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "forward_mode_step_en.png"))
    click_step(qtbot, window, window.context.extension("lecture").toolbar.act_end)
    text = window.context.extension("lecture").chain_panel.plain_text()
    v = np.asarray(doc.root_gradient, np.float64)
    both = float(np.sum(v * fd[doc.root]))                           # ⟨v, J·t⟩ by differences
    grads = window.last_result.results[a].grad.astype(np.float64)
    assert float(np.sum(grads * [2., -1.])) == pytest.approx(both, rel=1e-4)   # ⟨Jᵀv, t⟩
    number = format_array(np.float64(round(both, 4)))
    assert f"⟨v, J·t⟩ = {number} = ⟨Jᵀv, t⟩ = {number}: forward and reverse mode agree" in text
    assert window.context.extension("lecture").chain_panel.key.text().endswith("forward and reverse mode agree")
    window.grab().save(str(SHOTS / "forward_mode_end_en.png"))


def test_a_bad_tangent_is_one_line_and_keeps_the_old_one(qtbot, window):
    fmode = window.forward_mode
    qtbot.mouseClick(fmode.bar.switch, Qt.MouseButton.LeftButton)
    type_tangent(qtbot, window, "[1., 2., 3.]")
    assert fmode.bar.problem.text() == "the tangent of 'a' must have its shape [2], not [3]"
    type_tangent(qtbot, window, "__import__('os')")
    assert fmode.bar.problem.text()
    assert list(fmode.tangents.values())[0].tolist() == [1., 1.]
    type_tangent(qtbot, window, "0.5")                                # one number fills the shape
    assert fmode.bar.problem.text() == ""
    assert list(fmode.tangents.values())[0].tolist() == [.5, .5]


def test_the_tangent_moves_to_another_leaf_and_switching_off_clears_the_cards(qtbot, window):
    fmode = window.forward_mode
    doc = window.document
    b = doc.node_by_name("b").id
    qtbot.mouseClick(fmode.bar.switch, Qt.MouseButton.LeftButton)
    combo = fmode.bar.leaf
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)                            # a -> b
    assert list(fmode.tangents) == [b]
    forward_steps_to(qtbot, window, "b_squared")
    squared = doc.node_by_name("b_squared").id
    fd = directional_derivatives(doc, b, [1., 1.])
    assert fmode.badge_texts()[squared].endswith(format_array(fd[squared].round(3)))   # 2b = [12., 8.]
    qtbot.mouseClick(fmode.bar.switch, Qt.MouseButton.LeftButton)
    assert fmode.badge_texts() == {}
    assert "Forward mode" not in window.context.extension("lecture").chain_panel.plain_text()


def test_korean_forward_mode(qtbot, korean, window):
    fmode = window.forward_mode
    from explorer.view.i18n import tr

    assert tr("Forward mode (JVP)") == "순방향 모드 (JVP)"
    qtbot.mouseClick(fmode.bar.switch, Qt.MouseButton.LeftButton)
    forward_steps_to(qtbot, window, "a_cubed")
    assert "순방향 모드 (JVP), 잎 a에 접선:" in window.context.extension("lecture").chain_panel.plain_text()
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "forward_mode_step_ko.png"))
    click_step(qtbot, window, window.context.extension("lecture").toolbar.act_end)
    assert "순방향 모드와 역방향 모드가 일치합니다" in window.context.extension("lecture").chain_panel.plain_text()
    window.grab().save(str(SHOTS / "forward_mode_end_ko.png"))
