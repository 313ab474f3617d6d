"""One Korean glossary (resources/translations/glossary_ko.json) for the interface and the
lectures: 잎/뿌리 for leaf/root (the UI said 리프 while the narration said 잎), 정렬 for Layout
(배치 reads as *batch* to ML students), 구동하는 for "drives"."""
import json
import re
from pathlib import Path

import pytest

from explorer.model.lecture import bundled_lectures, load_lecture

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = json.loads((ROOT / "resources" / "translations" / "glossary_ko.json").read_text(encoding="utf-8"))
TS = (ROOT / "resources" / "translations" / "explorer_ko.ts").read_text(encoding="utf-8")
PAIRS = re.findall(r"<source>([^<]*)</source>\s*<translation[^>]*>([^<]*)</translation>", TS)


def korean_texts():
    for source, translation in PAIRS:
        yield f"ts: {source[:50]}", translation
    for path in bundled_lectures():
        lecture = load_lecture(path)
        if lecture.language != "ko":
            continue
        yield f"{path.name}: title", lecture.title
        for i, slide in enumerate(lecture.slides, start=1):
            yield f"{path.name} slide {i}", slide.title + "\n" + slide.narration


def test_no_korean_text_uses_an_avoided_word():
    bad = [(where, word) for where, text in korean_texts() for word in GLOSSARY["avoid"] if word in text]
    assert bad == [], bad[:10]


@pytest.mark.parametrize("source, term", [("Layout", "Layout (arranging the graph)"), ("Leaf tensor  —  requires_grad=True", "leaf tensor")])
def test_key_terms_follow_the_glossary(source, term):
    translations = [t for s, t in PAIRS if s == source]
    assert translations and all(GLOSSARY["terms"][term] in t for t in translations), translations


def test_leaf_and_root_say_ip_and_ppuri():
    # PyTorch's own texts stay English; "leaves" as a verb and "square root" are not the tree words
    kept = re.compile(r"^you can only change requires_grad|^root: there is no node|^Square root|backward leaves its")
    for source, translation in PAIRS:
        if not translation or kept.search(source):
            continue
        if re.search(r"\bleaf\b|\bleaves\b", source, re.I):
            assert "잎" in translation, (source, translation)
        if re.search(r"\broots?\b", source, re.I):
            assert "뿌리" in translation, (source, translation)
