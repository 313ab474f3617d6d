"""Lecture files: validation with clear messages, safe loading, round trip, the Markdown subset."""
import json
import os

import pytest
from hypothesis import given, settings, strategies as st

from explorer.model import lecture as L
from explorer.model.lecture import LectureError


def minimal(**slide_extra):
    slide = {"title": "one", "narration": "hi", "actions": [{"do": "load_example", "name": "seed"}]}
    slide.update(slide_extra)
    return {"format": L.FORMAT, "version": 1, "title": "T", "slides": [slide]}


def loads(obj):
    return L.loads(json.dumps(obj))


def test_bundled_lectures_load_and_are_in_both_languages():
    lectures = {p.name: L.load_lecture(p) for p in L.bundled_lectures()}
    assert {"autograd_intro_en.json", "autograd_intro_ko.json", "neuron_backprop_en.json"} <= set(lectures)
    en, ko = lectures["autograd_intro_en.json"], lectures["autograd_intro_ko.json"]
    assert (en.language, ko.language) == ("en", "ko")
    # Same lesson: the Korean slides carry exactly the English actions, in Korean words.
    assert [s.to_json()["actions"] for s in en.slides] == [s.to_json()["actions"] for s in ko.slides]
    assert [s.step_through for s in en.slides] == [s.step_through for s in ko.slides]
    hangul = lambda text: any("\uac00" <= ch <= "\ud7a3" for ch in text)
    assert all(hangul(s.title) and hangul(s.narration) for s in ko.slides)
    assert not any(hangul(s.narration) for s in en.slides)


def test_bundled_lectures_say_the_grads_are_zeroed_before_backward():
    """The lectures zero the grads before each slide's backward, as an optimizer loop does
    (backward adds into .grad); a slide that runs backward again says so, in every language,
    and so does every lecture that talks about training."""
    lectures = {p.name: L.load_lecture(p) for p in L.bundled_lectures()}
    for name, lec in lectures.items():
        said = [i for i, s in enumerate(lec.slides) if "optimizer.zero_grad()" in s.narration]
        assert said, f"{name} never says optimizer.zero_grad()"
        # the first such slide comes after a slide that already ran backward: it explains why
        # this pass does not add onto the last one
        # (or zeroes them itself: the gradient-accumulation lecture's zero_grad action)
        ran_backward = [i for i, s in enumerate(lec.slides)
                        if any(a.to_json()["do"] in ("backward", "zero_grad") for a in s.actions)]
        assert ran_backward and ran_backward[0] < said[0] and said[0] in ran_backward, (name, said, ran_backward)


def test_round_trip_and_atomic_save(tmp_path):
    lec = L.load_lecture(L.lectures_dir() / "autograd_intro_ko.json")
    path = tmp_path / "copy.json"
    L.save_lecture(lec, path)
    again = L.load_lecture(path)
    assert again.to_json() == lec.to_json()
    assert "기울기" in path.read_text(encoding="utf-8")  # written as UTF-8 text, not \u escapes
    assert [p.name for p in tmp_path.iterdir()] == ["copy.json"]


def test_failed_save_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    lec = loads(minimal())
    path = tmp_path / "lec.json"
    L.save_lecture(lec, path)
    before = path.read_bytes()
    lec.title = "changed"

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(L.os, "replace", disk_full)
    with pytest.raises(LectureError, match="cannot save .*No space left"):
        L.save_lecture(lec, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["lec.json"]


@pytest.mark.parametrize("mutate, message", [
    (lambda o: o.update(format="autograd-explorer"), "not a lecture file"),
    (lambda o: o.update(version=99), "newer version"),
    (lambda o: o.update(slides=[]), "no slides"),
    (lambda o: o.update(colour="red"), "unknown field 'colour'"),
    (lambda o: o["slides"][0].pop("title"), "slide 1: missing field 'title'"),
    (lambda o: o["slides"][0]["actions"].append({"do": "explode"}), "slide 1, action 2: unknown action 'explode'"),
    (lambda o: o["slides"][0]["actions"].append({"do": "forward", "fast": True}), "unknown field 'fast'"),
    (lambda o: o["slides"][0]["actions"].__setitem__(0, {"do": "load_example", "name": "../../etc/passwd"}), "no paths"),
    (lambda o: o["slides"][0]["actions"].append({"do": "set_value", "node": "a", "value": [[1, 2], [3]]}), "not rectangular"),
    (lambda o: o["slides"][0]["actions"].append({"do": "set_value", "node": "a", "value": "__import__('os')"}), "numbers"),
    (lambda o: o["slides"][0]["actions"].append({"do": "set_requires_grad", "node": "a", "value": "yes"}), "true or false"),
    (lambda o: o["slides"][0]["actions"].append({"do": "step", "phase": "sideways", "index": 0}), "'phase'"),
    (lambda o: o["slides"][0]["actions"].append({"do": "highlight", "nodes": ["os.system"]}), "not a node name"),
    (lambda o: o["slides"][0].update(step_through="up"), "step_through"),
    (lambda o: o["slides"][0].update(actions=[{"do": "forward"}]), "first slide must load a graph"),
])
def test_invalid_files_give_clear_messages(mutate, message):
    obj = minimal()
    mutate(obj)
    with pytest.raises(LectureError, match=message):
        loads(obj)


def test_not_json_and_nan_are_refused_with_position():
    with pytest.raises(LectureError, match="line 1, column"):
        L.loads("{ nope")
    with pytest.raises(LectureError, match="NaN"):
        L.loads('{"format": "autograd-explorer-lecture", "version": 1, "title": "t", "slides": [NaN]}')
    with pytest.raises(LectureError, match="too large"):
        L.loads(b" " * (L.MAX_FILE_BYTES + 1))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_raise_lecture_error(data):
    try:
        L.loads(data)
    except LectureError:
        pass


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                           max_leaves=10)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_mutated_valid_files_only_raise_lecture_error(data):
    obj = json.loads((L.lectures_dir() / "neuron_backprop_en.json").read_text(encoding="utf-8"))
    slide = data.draw(st.integers(0, len(obj["slides"]) - 1))
    target = obj["slides"][slide]
    key = data.draw(st.sampled_from(sorted(target) + ["extra"]))
    target[key] = data.draw(json_values)
    try:
        L.loads(json.dumps(obj))
    except LectureError as exc:
        assert str(exc)


def test_markdown_subset_renders_and_escapes():
    html = L.markdown_to_html("Hello **bold** and *it* with `x<y`\n\n- one\n- two <script>")
    assert "<b>bold</b>" in html and "<i>it</i>" in html and "<code>x&lt;y</code>" in html
    assert "<ul><li>one</li><li>two &lt;script&gt;</li></ul>" in html
    assert "<script>" not in html
    assert L.markdown_to_plain("**a** *b* `c`") == "a b c"
    # Korean particles glued to bold text still render bold.
    assert "<b>기울기(gradient)</b>를" in L.markdown_to_html("**기울기(gradient)**를")
