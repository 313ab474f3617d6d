"""Slides store their graph as changes to the previous slide (format version 2); version 1
files, which kept a full copy on every captured slide, migrate on open to the same slides."""
from __future__ import annotations

import json

import pytest

from explorer.model import fileformat
from explorer.model.lecture import (VERSION, LectureError, LecturePlayer, bundled_lectures, dumps, from_json,
                                    load_lecture, loads)
from explorer.model.lecture_changes import apply_change, graph_diff

GRAPH_ACTIONS = {"load_example", "load_script", "load_graph", "change_graph", "set_value",
                 "set_requires_grad", "set_gradient"}


def graphs_and_grads(lecture) -> list[tuple]:
    """What every slide shows: the graph (document data) and every node's value and grad."""
    player = LecturePlayer(lecture)
    out = []
    for i in range(len(lecture.slides)):
        player.go_to_slide(i)
        result = player.display_result()
        numbers = {}
        for nid, r in (result.results.items() if result is not None else ()):
            numbers[nid] = tuple(None if a is None else a.tolist() for a in (r.value, r.grad))
        out.append((json.dumps(fileformat.to_data(player.document), sort_keys=True), numbers, player.ran))
    return out


def as_full_copies(lecture) -> dict:
    """The lecture as a version 1 file written by the old authoring: every slide loads a full
    copy of the graph it shows, then runs as before."""
    player = LecturePlayer(lecture)
    obj = lecture.to_json()
    obj["version"] = 1
    for i, slide in enumerate(obj["slides"]):
        player.go_to_slide(i)
        rest = [a for a in slide["actions"] if a["do"] not in GRAPH_ACTIONS]
        slide["actions"] = [{"do": "load_graph", "document": fileformat.to_data(player.document)}] + rest
    return obj


@pytest.mark.parametrize("path", bundled_lectures(), ids=lambda p: p.stem)
def test_old_full_copy_files_migrate_to_the_same_slides(path):
    lecture = load_lecture(path)
    old = as_full_copies(lecture)
    # what the old file shows, read as it is (full copies are still valid, just large)
    expected = graphs_and_grads(from_json({**old, "version": 2}))
    assert [e[0] for e in expected] == [g[0] for g in graphs_and_grads(lecture)]
    migrated = from_json(old)
    saved = dumps(migrated)
    assert json.loads(saved)["version"] == VERSION == 2
    again = loads(saved)
    # the first slide keeps its graph; every later one stores changes, not a copy
    later = [a.do for s in again.slides[1:] for a in s.actions]
    assert "load_graph" not in later and "change_graph" in later
    assert graphs_and_grads(again) == expected
    assert len(saved) < len(json.dumps(old, ensure_ascii=False, indent=2))


def _seed_lecture(slides: list[dict]) -> dict:
    return {"format": "autograd-explorer-lecture", "version": 2, "title": "t", "slides": slides}


def test_changing_an_early_slide_carries_through_to_later_slides():
    """The point of storing changes: edit slide 1's graph, slide 3 shows it without recapturing."""
    player = LecturePlayer(from_json(_seed_lecture([{"title": "1", "actions": [{"do": "load_example", "name": "seed"}]}])))
    player.go_to_slide(0)
    base = fileformat.to_data(player.document)
    b_changed = json.loads(json.dumps(base))
    a_node = next(n for n in b_changed["nodes"] if n["name"] == "a")
    a_node["value"] = {"shape": [2], "data": [5.0, 7.0]}
    slides = [{"title": "1", "actions": [{"do": "load_graph", "document": base}]},
              {"title": "2", "actions": [{"do": "change_graph", **graph_diff(base, b_changed)}, {"do": "forward"}]},
              {"title": "3", "actions": [{"do": "backward"}]}]
    lecture = from_json(_seed_lecture(slides))
    # the lecturer changes b on slide 1 only
    first = json.loads(json.dumps(base))
    next(n for n in first["nodes"] if n["name"] == "b")["value"] = {"shape": [2], "data": [1.0, 1.0]}
    lecture.slides[0].actions[0].args["document"] = first
    player = LecturePlayer(lecture)
    player.go_to_slide(2)
    doc = player.document
    values = {n.name: list(map(float, n.value.ravel())) for n in doc.nodes.values() if n.kind == "leaf"}
    assert values == {"a": [5.0, 7.0], "b": [1.0, 1.0]}
    result = player.result
    # Q = 3a³ − b² with gradient [1, 1]: dQ/da = 9a², dQ/db = −2b, with both slides' values
    assert result[doc.node_by_name("a").id].grad.tolist() == [9 * 25.0, 9 * 49.0]
    assert result[doc.node_by_name("b").id].grad.tolist() == [-2.0, -2.0]


def test_a_change_is_checked_like_a_graph_file():
    player = LecturePlayer(from_json(_seed_lecture([{"title": "1", "actions": [{"do": "load_example", "name": "seed"}]}])))
    player.go_to_slide(0)
    base = fileformat.to_data(player.document)
    cycle = {"add_edges": [{"src": "n9", "dst": "n4", "port": 0}]}     # Q feeds a_cubed: a cycle
    bad = _seed_lecture([{"title": "1", "actions": [{"do": "load_graph", "document": base}]},
                         {"title": "2", "actions": [{"do": "change_graph", **cycle}]}])
    lecture = from_json(bad)
    with pytest.raises(LectureError, match="slide 2, action 1"):
        LecturePlayer(lecture).go_to_slide(1)
    with pytest.raises(LectureError, match="remove_nodes"):
        from_json(_seed_lecture([{"title": "1", "actions": [{"do": "load_example", "name": "seed"}]},
                                 {"title": "2", "actions": [{"do": "change_graph", "remove_nodes": "n1"}]}]))
    with pytest.raises(LectureError, match="too many"):
        from_json(_seed_lecture([{"title": "1", "actions": [{"do": "load_example", "name": "seed"}]},
                                 {"title": "2", "actions": [{"do": "change_graph", "nodes": [{}] * 10_001}]}]))


def test_diff_then_apply_gives_the_new_graph():
    player = LecturePlayer(from_json(_seed_lecture([{"title": "1", "actions": [{"do": "load_example", "name": "seed"}]}])))
    player.go_to_slide(0)
    old = fileformat.to_data(player.document)
    new = json.loads(json.dumps(old))
    new["nodes"] = [n for n in new["nodes"] if n["name"] != "c3"]
    new["edges"] = [e for e in new["edges"] if e["src"] != "n7"]
    new["nodes"][0]["pos"] = [10.0, 20.0]
    new["root_gradient"] = None
    change = graph_diff(old, new)
    assert set(change) == {"remove_nodes", "nodes", "remove_edges", "root_gradient"}
    assert apply_change(old, change) == new
    assert graph_diff(old, old) == {}


def test_newer_version_is_refused():
    with pytest.raises(LectureError, match="newer version"):
        from_json(_seed_lecture([{"title": "1", "actions": [{"do": "load_example", "name": "seed"}]}]) | {"version": 3})


@pytest.mark.parametrize("order", [[1, 0, 2, 3, 4], [0, 2, 3, 4], [0, 1, 1, 2, 3, 4], [4, 3, 2, 1, 0]])
def test_rearranged_captured_slides_keep_their_graphs(order):
    """Reorder, delete, duplicate: every slide still shows the graph it showed (captured slides
    hold changes relative to the previous slide, so each is rebased on its new neighbour)."""
    from explorer.model.lecture_changes import rearrange_slides

    source = as_full_copies(load_lecture(bundled_lectures()[0]))
    source["slides"] = source["slides"][2:7]
    lecture = from_json(source)                   # version 1: migrated to changes
    assert [s.actions[0].do for s in lecture.slides[1:]].count("change_graph") == 4
    before = [g[0] for g in graphs_and_grads(lecture)]
    assert rearrange_slides(lecture, order, LecturePlayer)
    after = graphs_and_grads(loads(dumps(lecture)))
    assert [g[0] for g in after] == [before[i] for i in order]
