"""The step toolbar's "Ops only" toggle, by real clicks: forward stepping visits op nodes only,
the leaves and constants shown as already known (issue #15: 5 of 9 clicks were on leaves and
constants). Also the bundled intro lecture's forward slide in the window."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from explorer.model.lecture import bundled_lectures, load_lecture
from tests.view.test_lecture_ui import lecture_path, window  # noqa: F401 (fixture)

SEED = Path(lecture_path("autograd_intro_en.json")).parents[1] / "examples" / "seed.json"


def click(qtbot, toolbar, action):
    qtbot.mouseClick(toolbar.widgetForAction(action), Qt.MouseButton.LeftButton)


def forward_clicks(qtbot, window):
    """Click Step ▶ from the start until the backward pass begins; the names of the steps seen."""
    ctl, bar = window.context.extension("lecture").controller, window.context.extension("lecture").controller.step_toolbar
    click(qtbot, bar, bar.act_start)
    names = []
    while True:
        click(qtbot, bar, bar.act_forward)
        step = ctl.active_stepper.current
        if step is None or step.phase != "forward":
            return names
        names.append(step.name)


def test_ops_only_toggle_skips_leaves_and_constants(qtbot, window):
    window.open_example(SEED)
    qtbot.wait(20)
    bar = window.context.extension("lecture").controller.step_toolbar
    every = forward_clicks(qtbot, window)
    kinds = {n.name: n.kind for n in window.document.nodes.values()}
    assert {kinds[n] for n in every} >= {"leaf", "const", "op"}
    click(qtbot, bar, bar.act_ops_only)
    assert bar.act_ops_only.isChecked()
    ops = forward_clicks(qtbot, window)
    assert ops == [n for n in every if kinds[n] == "op"] and len(ops) < len(every)
    assert window.context.extension("lecture").chain_panel.heading.text().startswith(f"Backward step 1 of")
    # at the start the leaves' values are on the canvas already, the ops' are not
    click(qtbot, bar, bar.act_start)
    results = window.last_result.results
    a, q = window.document.node_by_name("a").id, window.document.root
    assert results[a].value is not None and results[q].value is None
    click(qtbot, bar, bar.act_forward)
    assert window.context.extension("lecture").chain_panel.heading.text().startswith(f"Forward step 1 of {len(ops)}")


def test_intro_lecture_forward_slide_takes_one_click_per_op(qtbot, window):
    lec = load_lecture(lecture_path("autograd_intro_en.json"))
    ctl = window.context.extension("lecture").controller
    ctl.play(lec)
    slide = next(i for i, s in enumerate(lec.slides) if s.step_through == "forward")
    ctl.go_to_slide(slide)
    clicks = 0
    while ctl.player.slide_index == slide:
        qtbot.keyClick(window.view.viewport(), Qt.Key.Key_PageDown)
        clicks += 1
    ops = [n for n in window.document.nodes.values() if n.kind == "op"]
    assert clicks == len(ops) + 1          # one per op, then on to the next slide


def test_the_toggle_shows_the_lectures_choice_and_comes_back_after(qtbot, window):
    bar = window.context.extension("lecture").controller.step_toolbar
    assert not bar.act_ops_only.isChecked() and bar.act_ops_only.isEnabled()
    window.context.extension("lecture").controller.play(load_lecture(lecture_path("neuron_backprop_en.json")))
    assert bar.act_ops_only.isChecked() and not bar.act_ops_only.isEnabled()
    window.context.extension("lecture").controller.close_lecture()
    assert not bar.act_ops_only.isChecked() and bar.act_ops_only.isEnabled()


def test_authoring_sets_ops_only_per_slide_and_the_slide_plays_it(qtbot, window, tmp_path):
    from explorer.model.lecture import LecturePlayer

    author = window.context.extension("lecture").author
    window.open_example(SEED)
    author.new_lecture()
    window.run_forward()
    author.add_current()
    author.show_dock()
    author.slides.setCurrentRow(0)
    author.step_through.setCurrentIndex(author.step_through.findData("forward"))
    assert not author.ops_only.isChecked()
    author.tabs.setCurrentIndex(author.tabs.indexOf(author.ops_only.parentWidget()))
    qtbot.mouseClick(author.ops_only, Qt.MouseButton.LeftButton)
    assert author.lecture.slides[0].step_ops_only is True
    path = tmp_path / "ops.json"
    assert author.save(str(path))
    player = LecturePlayer(load_lecture(path))
    player.start()
    seen = []
    while player.next():
        seen.append(player.document.nodes[player.stepper.current.node_id].kind)
    assert seen and set(seen) == {"op"}
