"""What the intro lecture says matches what the engine shows (English and Korean)."""
from __future__ import annotations

import re

import pytest

from explorer.model.lecture import LecturePlayer, bundled_lectures, load_lecture

INTRO = [p for p in bundled_lectures() if p.stem.startswith("autograd_intro_")]


def slide_titled(lecture, english_title: str, path) -> int:
    english = load_lecture(path.with_name("autograd_intro_en.json"))
    return [s.title for s in english.slides].index(english_title)


@pytest.mark.parametrize("path", INTRO, ids=lambda p: p.stem)
def test_backward_bullets_follow_the_engine_order(path):
    lecture = load_lecture(path)
    index = slide_titled(lecture, "The backward pass, step by step", path)
    player = LecturePlayer(lecture)
    player.go_to_slide(index)
    engine_order = [step.name for step in player.stepper.backward]
    bullets = [line for line in lecture.slides[index].narration.splitlines() if line.startswith("- ")]
    named = re.findall(r"\w+Backward0|AccumulateGrad", "\n".join(bullets))
    assert named == engine_order


@pytest.mark.parametrize("path", INTRO, ids=lambda p: p.stem)
def test_exclusion_slide_shows_x_and_y_as_leaves_that_do_not_require_grad(path):
    lecture = load_lecture(path)
    index = slide_titled(lecture, "Exclusion from the DAG", path)
    player = LecturePlayer(lecture)
    player.go_to_slide(index)
    doc = player.document
    for name in ("x", "y"):
        node = doc.node_by_name(name)
        assert node.kind == "leaf" and node.requires_grad is False
        result = player.result[node.id]
        assert result.is_leaf and result.requires_grad is False and result.grad_fn is None
    assert player.result[doc.node_by_name("a").id].grad_fn is None
    assert player.result[doc.node_by_name("b").id].grad_fn == "AddBackward0"
