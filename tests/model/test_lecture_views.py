"""A slide's "view" (which canvas it shows: forward, backward = the autograd DAG, side by side)
is an optional field of the lecture file: it round-trips, old files without it read as before,
and a wrong value is one clear line."""
import json

import pytest

from explorer.model.lecture import LectureError, dumps, loads


def lecture_text(**slide_fields) -> str:
    slide = {"title": "s", "actions": [{"do": "load_example", "name": "seed"}], **slide_fields}
    return json.dumps({"format": "autograd-explorer-lecture", "version": 1, "title": "t", "slides": [slide]})


@pytest.mark.parametrize("view", ["forward", "backward", "side"])
def test_a_slide_view_round_trips(view):
    lecture = loads(lecture_text(view=view))
    assert lecture.slides[0].view == view
    assert loads(dumps(lecture)).slides[0].view == view


def test_old_files_have_no_view_and_write_none():
    lecture = loads(lecture_text())
    assert lecture.slides[0].view is None
    assert "view" not in json.loads(dumps(lecture))["slides"][0]


@pytest.mark.parametrize("bad", ["dag", "", 2, None.__class__.__name__])
def test_a_wrong_view_is_one_line(bad):
    with pytest.raises(LectureError) as info:
        loads(lecture_text(view=bad))
    assert "'view' must be" in str(info.value) and "\n" not in str(info.value)
