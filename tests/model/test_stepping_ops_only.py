"""Ops-only stepping: forward steps visit op nodes only, leaves and constants shown as already
known (issue #15: stepping spent 5 of 9 clicks on leaves and constants)."""
import json

import pytest

from explorer.model.lecture import FORMAT, LectureError, LecturePlayer, bundled_lectures, from_json, load_lecture

from tests.model.test_lecture_player import load_seed, seed_document


def lecture(slides, **top):
    return from_json({"format": FORMAT, "version": 2, "title": "test", **top, "slides": slides})


def forward_slide(**extra):
    return {"title": "s", "actions": [load_seed(), {"do": "forward"}], "step_through": "forward", **extra}


def walk(player):
    seen = []
    while player.next():
        seen.append(player.stepper.current.node_id)
    return seen


def test_ops_only_visits_the_op_nodes_in_topological_order_with_the_inputs_known():
    doc = seed_document()
    ops = [n for n in doc.topological_order() if doc.nodes[n].kind == "op"]
    known = [n for n in doc.topological_order() if doc.nodes[n].kind != "op"]
    player = LecturePlayer(lecture([forward_slide()], step_ops_only=True))
    player.start()
    res = player.display_result()
    assert all(res[n].value is not None for n in known)       # leaves/constants known before click 1
    assert all(res[n].value is None for n in ops)
    assert walk(player) == ops                                 # 4 clicks, not 9
    assert [s.index for s in player.stepper.forward] == list(range(len(ops)))  # "step 1 of 4"
    assert player.display_result()["Q"].value.tolist() == [-12., 65.]


def test_without_the_option_every_node_is_a_step():
    player = LecturePlayer(lecture([forward_slide()]))
    player.start()
    assert walk(player) == seed_document().topological_order()


def test_a_slide_overrides_the_lecture():
    player = LecturePlayer(lecture([forward_slide(step_ops_only=False)], step_ops_only=True))
    player.start()
    assert len(walk(player)) == len(seed_document().nodes)
    player = LecturePlayer(lecture([forward_slide(step_ops_only=True)]))
    player.start()
    assert len(walk(player)) == 4


def test_stepping_back_stops_at_the_known_inputs_and_backward_is_unchanged():
    full = LecturePlayer(lecture([dict(forward_slide(), step_through="both")]))
    full.start()
    short = LecturePlayer(lecture([dict(forward_slide(), step_through="both")], step_ops_only=True))
    short.start()
    assert [s.name for s in short.stepper.backward] == [s.name for s in full.stepper.backward]
    assert short.clicks() == full.clicks() - 5                 # the 5 leaf/constant clicks are gone
    short.stepper.set_position(2)
    while short.prev():
        pass
    assert short.stepper.position == -1 and short.stepper.current is None
    assert short.display_result()["a"].value.tolist() == [2., 3.]


def test_the_option_round_trips_and_is_validated():
    lec = lecture([forward_slide(step_ops_only=False)], step_ops_only=True)
    again = from_json(json.loads(json.dumps(lec.to_json())))
    assert again.step_ops_only is True and again.slides[0].step_ops_only is False
    with pytest.raises(LectureError, match="step_ops_only"):
        lecture([forward_slide()], step_ops_only="yes")
    with pytest.raises(LectureError, match="step_ops_only"):
        lecture([forward_slide(step_ops_only=1)])


@pytest.mark.parametrize("path", bundled_lectures(), ids=lambda p: p.name)
def test_bundled_lectures_step_through_ops_only(path):
    lec = load_lecture(path)
    assert lec.step_ops_only
    player = LecturePlayer(lec)
    for i, slide in enumerate(lec.slides):
        if slide.step_through != "forward":
            continue
        player.go_to_slide(i)
        kinds = {player.document.nodes[nid].kind for nid in walk_slide(player)}
        assert kinds == {"op"}, f"slide {i + 1}"


def walk_slide(player):
    index, seen = player.slide_index, []
    while player.next() and player.slide_index == index:
        seen.append(player.stepper.current.node_id)
    return seen


def test_before_the_first_op_no_step_is_current():
    """The leaves are known, but none of them is spotlit as "the step" on arrival."""
    player = LecturePlayer(lecture([forward_slide()], step_ops_only=True))
    player.start()
    state = player.stepper.state()
    assert state.step is None and state.active_nodes == () and state.cursor == -1
    assert set(state.values) == {n for n, node in seed_document().nodes.items() if node.kind != "op"}
