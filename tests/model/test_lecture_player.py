"""The lecture player and step-through, headless: what a class would see at each click."""
import numpy as np
import pytest

from explorer.model import fileformat
from explorer.model.document import Document, Edge, Node
from explorer.model.lecture import FORMAT, LectureError, LecturePlayer, bundled_lectures, from_json, load_lecture
from explorer.model.lecture_check import check_lecture


def seed_document() -> Document:
    """Q = 3a³ − b², built node by node (the tutorial's graph)."""
    d = Document()
    f32 = np.float32
    d.insert_node(Node("a", "leaf", "a", value=np.array([2., 3.], f32), requires_grad=True, pos=(0, 0)))
    d.insert_node(Node("b", "leaf", "b", value=np.array([6., 4.], f32), requires_grad=True, pos=(0, 200)))
    d.insert_node(Node("c3", "const", "three", value=np.array(3., f32), pos=(0, 100)))
    d.insert_node(Node("e3", "const", "e3", value=np.array(3., f32), pos=(0, 50)))
    d.insert_node(Node("e2", "const", "e2", value=np.array(2., f32), pos=(0, 250)))
    d.insert_node(Node("u", "op", "u", op="pow", pos=(200, 0)))
    d.insert_node(Node("m", "op", "m", op="mul", pos=(400, 0)))
    d.insert_node(Node("v", "op", "v", op="pow", pos=(200, 200)))
    d.insert_node(Node("Q", "op", "Q", op="sub", pos=(600, 100)))
    for e in [Edge("a", "u", 0), Edge("e3", "u", 1), Edge("c3", "m", 0), Edge("u", "m", 1),
              Edge("b", "v", 0), Edge("e2", "v", 1), Edge("m", "Q", 0), Edge("v", "Q", 1)]:
        d.insert_edge(e)
    d.set_root("Q", np.array([1., 1.], np.float32))
    return d


def lecture(*slides):
    return from_json({"format": FORMAT, "version": 1, "title": "test", "slides": list(slides)})


def load_seed():
    return {"do": "load_graph", "document": fileformat.to_data(seed_document())}


def grads(player):
    res = player.display_result()
    return {nid: (None if r.grad is None else r.grad.tolist()) for nid, r in res.results.items() if nid in ("a", "b")}


# ------------------------------------------------------------------ bundled lectures
@pytest.mark.parametrize("path", bundled_lectures(), ids=lambda p: p.name)
def test_every_slide_of_every_bundled_lecture_plays(path):
    lec = load_lecture(path)
    assert check_lecture(lec) == []
    player = LecturePlayer(lec)
    for i in range(len(lec.slides)):
        player.go_to_slide(i)
        assert player.run_error is None, f"slide {i + 1}: {player.run_error}"
        res = player.display_result()
        if res is not None:
            assert not res.errors, f"slide {i + 1}: {res.errors}"
        if lec.slides[i].step_through:
            first, last = player.step_range()
            assert last > first, f"slide {i + 1} steps through nothing"


@pytest.mark.parametrize("path", bundled_lectures(), ids=lambda p: p.name)
def test_clicking_through_a_bundled_lecture_reaches_the_end(path):
    lec = load_lecture(path)
    player = LecturePlayer(lec)
    expected = player.clicks()
    player.start()
    clicks = 0
    while player.next():
        clicks += 1
        assert clicks <= expected
    assert clicks == expected
    assert player.at_end and player.slide_index == len(lec.slides) - 1


def test_bundled_tutorial_numbers_are_the_tutorials():
    en = load_lecture(next(p for p in bundled_lectures() if p.name == "autograd_intro_en.json"))
    player = LecturePlayer(en)
    titles = [s.title for s in en.slides]
    player.go_to_slide(titles.index("Checking the gradients"))
    doc = player.document
    a, b = doc.node_by_name("a").id, doc.node_by_name("b").id
    res = player.display_result()
    assert res[a].grad.tolist() == [36., 81.]          # 9a²
    assert res[b].grad.tolist() == [-12., -8.]         # −2b
    player.go_to_slide(titles.index("Vector calculus: the vector-Jacobian product"))
    res = player.display_result()
    assert res[doc.node_by_name("a").id].grad.tolist() == [36., 0.]
    player.go_to_slide(titles.index("Frozen parameters"))
    res = player.display_result()
    b = player.document.node_by_name("b").id
    assert res[b].grad is None and not res[b].in_backward_graph
    assert res[player.document.node_by_name("a").id].grad.tolist() == [36., 81.]


# ------------------------------------------------------------------ steps vs the engine
def test_step_counts_match_the_engines_backward_steps():
    import engine
    from engine.autograd import backward_steps

    a = engine.tensor([2., 3.], requires_grad=True)
    b = engine.tensor([6., 4.], requires_grad=True)
    Q = 3 * a ** 3 - b ** 2
    raw = list(backward_steps([Q], [engine.tensor([1., 1.])]))

    player = LecturePlayer(lecture({"title": "s", "actions": [load_seed(), {"do": "backward"}],
                                    "step_through": "both"}))
    player.start()
    stepper = player.stepper
    assert len(stepper.forward) == len(player.document.nodes)      # one forward step per node
    assert len(stepper.backward) == len(raw)
    assert [s.name for s in stepper.backward] == [r.name for r in raw]  # the engine's own order
    assert player.step_range() == (-1, len(stepper) - 1)


def test_forward_steps_follow_topological_order_and_reveal_values():
    player = LecturePlayer(lecture({"title": "s", "actions": [load_seed(), {"do": "forward"}],
                                    "step_through": "forward"}))
    player.start()
    doc = player.document
    order = doc.topological_order()
    assert player.display_result()["Q"].value is None          # nothing computed yet
    seen = []
    while player.next():
        seen.append(player.stepper.current.node_id)
        res = player.display_result()
        assert all(res[n].value is not None for n in seen)
        assert all(res[n].value is None for n in order[len(seen):])
    assert seen == order
    assert player.display_result()["Q"].value.tolist() == [-12., 65.]


def test_backward_stepping_writes_grads_only_when_accumulategrad_runs():
    player = LecturePlayer(lecture({"title": "s", "actions": [load_seed(), {"do": "backward"}],
                                    "step_through": "backward"}))
    player.start()
    assert grads(player) == {"a": None, "b": None}
    names = []
    while player.next():
        step = player.stepper.current
        names.append(step.name)
        g = grads(player)
        if step.name == "AccumulateGrad":
            assert g[step.node_id] is not None
    assert names[0] == "SubBackward0" and names.count("AccumulateGrad") == 2
    assert grads(player) == {"a": [36., 81.], "b": [-12., -8.]}
    # The chain rule of the last PowBackward0 on a's branch, with the tutorial's numbers.
    pow_a = [s for s in player.stepper.backward if s.node_id == "u"][0]
    assert any("[36., 81.]" in line and "∂Q/∂a" in line for line in pow_a.chain_rule)


# ------------------------------------------------------------------ clicker semantics
def clicker_lecture():
    return lecture(
        {"title": "intro", "actions": [load_seed(), {"do": "highlight", "nodes": ["a", "b"]}]},
        {"title": "backward", "actions": [{"do": "backward"}], "step_through": "backward"},
        {"title": "frozen", "actions": [{"do": "set_requires_grad", "node": "b", "value": False},
                                        {"do": "backward"}]},
    )


def test_next_walks_steps_then_slides_and_prev_comes_back_into_the_built_slide():
    player = LecturePlayer(clicker_lecture())
    player.start()
    assert player.highlight == ["a", "b"] and player.at_start
    assert player.next() and player.slide_index == 1
    first, last = player.step_range()
    assert player.position == first                  # entering: before the first backward step
    for k in range(last - first):
        assert player.next() and player.slide_index == 1 and player.position == first + k + 1
    assert player.next() and player.slide_index == 2   # steps done: next slide
    assert player.highlight == []                      # highlights belong to their slide
    assert not player.next() and player.at_end
    assert player.prev() and player.slide_index == 1 and player.position == last  # back: fully built
    assert player.prev() and player.position == last - 1
    while player.slide_index == 1:
        player.prev()
    assert player.slide_index == 0 and not player.prev()


def test_jumping_to_a_slide_equals_clicking_to_it():
    lec = clicker_lecture()
    direct = LecturePlayer(lec)
    direct.go_to_slide(2)
    walked = LecturePlayer(lec)
    walked.start()
    while walked.slide_index < 2:
        walked.next()
    assert grads(direct) == grads(walked) == {"a": [36., 81.], "b": None}
    assert direct.document.same_as(walked.document)


def test_step_action_goes_to_step_n_and_external_gradient_is_used():
    player = LecturePlayer(lecture(
        {"title": "s", "actions": [load_seed(), {"do": "set_gradient", "value": [1., 0.]},
                                   {"do": "backward"}, {"do": "step", "phase": "backward", "index": 0}]}))
    player.start()
    assert player.stepper.current.name == "SubBackward0"
    assert player.stepper.current.phase == "backward" and player.stepper.current.index == 0
    player.stepper.to_end()
    assert grads(player) == {"a": [36., 0.], "b": [-12., 0.]}


def test_edits_after_a_run_rerun_so_the_class_sees_the_change():
    player = LecturePlayer(lecture(
        {"title": "s", "actions": [load_seed(), {"do": "backward"},
                                   {"do": "set_value", "node": "a", "value": [1., 2.]}]}))
    player.start()
    assert grads(player)["a"] == [9., 36.]


@pytest.mark.parametrize("action, message", [
    ({"do": "highlight", "nodes": ["c"]}, r"slide 1, action 2: no node named 'c' in the graph \(names: .*a, b"),
    ({"do": "set_value", "node": "Q", "value": 1}, "computed by an op"),
    ({"do": "zoom", "nodes": ["a", "zz"]}, "slide 1, action 2: no node named 'zz'"),
    ({"do": "set_requires_grad", "node": "Q", "value": False}, "not a leaf"),
])
def test_bad_actions_name_the_slide_and_action(action, message):
    player = LecturePlayer(lecture({"title": "s", "actions": [load_seed(), action]}))
    with pytest.raises(LectureError, match=message):
        player.start()
    assert check_lecture(player.lecture)  # reported, not raised, by the checker


def test_missing_example_lists_the_available_ones(tmp_path):
    fileformat.save_document(seed_document(), tmp_path / "mine.json")
    lec = lecture({"title": "s", "actions": [{"do": "load_example", "name": "nope"}]})
    with pytest.raises(LectureError, match=r"no bundled example 'nope' \(available: mine\)"):
        LecturePlayer(lec, examples=tmp_path).start()
    ok = lecture({"title": "s", "actions": [{"do": "load_example", "name": "mine"}, {"do": "backward"}]})
    player = LecturePlayer(ok, examples=tmp_path)
    player.start()
    assert grads(player) == {"a": [36., 81.], "b": [-12., -8.]}


def test_a_refused_backward_is_reported_not_raised():
    doc = seed_document()
    doc.set_root("Q", None)   # non-scalar root without a gradient: PyTorch refuses
    player = LecturePlayer(lecture({"title": "s", "actions": [
        {"do": "load_graph", "document": fileformat.to_data(doc)}, {"do": "backward"}]}))
    player.start()
    assert "grad can be implicitly created only for scalar outputs" in player.run_error


def test_gradients_meeting_at_a_leaf_are_shown_summed():
    player = LecturePlayer(lecture({"title": "s", "step_through": "backward", "actions": [
        {"do": "load_script", "source": ["a = tensor([2., 3.], requires_grad=True)",
                                         "b = tensor([6., 4.], requires_grad=True)",
                                         "Q = (a*b + a).sum()", "Q.backward()"]},
        {"do": "backward"}]}))
    player.start()
    a = player.document.node_by_name("a").id
    assert player.display_result()[a].grad is None
    while player.next():
        step = player.stepper.current
        if step.name == "AccumulateGrad" and step.node_id == a:
            break
    assert len(step.arrivals) == 2                     # two paths meet at a
    assert any("[1., 1.] + [6., 4.] = [7., 5.]" in line for line in step.chain_rule)
    assert player.display_result()[a].grad.tolist() == [7., 5.]


def test_counting_clicks_does_not_move_the_player():
    player = LecturePlayer(clicker_lecture())
    player.go_to_slide(1)
    player.next()
    where = (player.slide_index, player.position)
    n = player.clicks()
    assert (player.slide_index, player.position) == where
    first, last = player.stepper.range_of("backward")
    assert n == 1 + (last - first) + 1
