"""Handouts: ``main.py export-lecture FILE -o OUT.pdf`` writes one PDF with Qt's PDF writer, a
page per slide with the graph, the narration and the chain rule, text kept as text, print
theme, no spotlight dimming. When poppler's pdftotext/pdftoppm are installed the pages are
also read back as text and as pixels."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from explorer.model.lecture import bundled_lectures, load_lecture, markdown_to_plain

ROOT = Path(__file__).resolve().parents[2]


def lecture_path(name: str) -> Path:
    return next(p for p in bundled_lectures() if p.name == name)


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handout") / "intro.pdf"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export-lecture",
                           str(lecture_path("autograd_intro_en.json")), "-o", str(out)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "17 pages" in done.stdout
    return out


def test_one_pdf_with_a_page_per_slide_and_embedded_fonts(handout):
    data = handout.read_bytes()
    assert handout.is_file() and data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == len(load_lecture(lecture_path("autograd_intro_en.json")).slides)
    assert b"/FontFile" in data      # text as text (glyphs embedded), not pictures of text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pages_carry_title_narration_and_chain_rule_as_text(handout):
    lec = load_lecture(lecture_path("autograd_intro_en.json"))
    for page, slide in ((3, lec.slides[2]), (6, lec.slides[5])):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(handout), "-"],
                              capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        assert slide.title in flat
        first_words = " ".join(markdown_to_plain(slide.narration).split()[:4])
        assert first_words in flat, (first_words, flat[:300])
    assert "a.grad = [36., 81.]" in flat                       # the chain rule of slide 6
    assert "Backward step 6 of 6" in flat                     # every step, none cut off


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_pages_are_printable_not_dimmed(handout, tmp_path):
    from PySide6.QtGui import QImage

    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "6", "-l", "6", str(handout), str(tmp_path / "p")],
                   check=True, timeout=60)
    png = next(tmp_path.glob("p*.png"))
    img = QImage(str(png)).convertToFormat(QImage.Format.Format_Grayscale8)
    w, h = img.width(), img.height()
    ptr = img.constBits()
    grey = np.frombuffer(ptr, np.uint8, img.bytesPerLine() * h).reshape(h, img.bytesPerLine())[:, :w]
    # print theme on white paper; a spotlight overlay would darken the whole graph area
    assert np.median(grey) > 240
    assert grey[int(h * 0.1):int(h * 0.5), :int(w * 0.6)].mean() > 200


def test_cards_are_vector_text_not_pictures_and_the_pdf_is_small(handout):
    """Cards used to be painted from their screen cache: a JPEG with a mask per card per page
    (7.7 MB for the Korean intro), card text not selectable, group titles drawn at 600 dpi six
    times too large. Now the graph is vector shapes and text."""
    data = handout.read_bytes()
    # the only images left are the few-pixel heat maps of matrix values (pixels are the data)
    widths = [int(w) for w in re.findall(rb"/Subtype /Image\s*/Width (\d+)", data)]
    assert all(w <= 64 for w in widths), sorted(widths)[-3:]
    assert len(data) < 2_000_000


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_card_and_group_texts_are_selectable_at_their_size(handout):
    text = subprocess.run(["pdftotext", "-f", "6", "-l", "6", str(handout), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "AccumulateGrad" in text and "three_a_cubed" in text
    # the frozen backbone's group title on the transfer-learning page: as small as a card title
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "15", "-l", "15", str(handout), "-"],
                          capture_output=True, text=True, check=True).stdout
    heights: dict[str, list[float]] = {}
    for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', bbox):
        heights.setdefault(m.group(3), []).append(float(m.group(2)) - float(m.group(1)))
    group_title = heights["(frozen)"][0]            # "pretrained backbone (frozen)"
    card_text = min(heights["value"])
    assert group_title < 2 * card_text, (group_title, card_text)   # it was 27 pt beside 3.4 pt cards
