"""Annotation editing by real mouse drags on the canvas: resizing a box by its corner and an
arrow by its head, freehand pen strokes stored as bounded polylines; all saved, drawn while
presenting, in exported PNG frames and in the PDF handout (rendered back to PNG)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from explorer.model.lecture import LectureError, from_json, load_lecture
from explorer.model.lecture_annotations import MAX_PEN_POINTS, pen
from tests.view.test_lecture_authoring import SHOTS, annotation_pixels, two_slides, window  # noqa: F401


def drag(viewport, start: QPoint, end: QPoint, steps: int = 12) -> None:
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, steps + 1):
        QTest.mouseMove(viewport, start + (end - start) * k / steps)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def on_screen(window, x: float, y: float) -> QPoint:
    from PySide6.QtCore import QPointF

    return window.view.mapFromScene(QPointF(x, y))


def test_resize_handles_and_pen_strokes_by_mouse(qtbot, window, tmp_path):
    author = two_slides(window)
    author.show_dock()
    author.slides.setCurrentRow(1)
    window.view.centerOn(window.scene.node_items[window.document.node_by_name("a").id])
    qtbot.wait(20)
    scale = window.view.transform().m11()
    box = author.add_annotation("box")
    author.add_annotation("arrow")
    viewport = window.view.viewport()
    # the box's bottom-right corner, dragged 60 px right and 40 px down: the box grows, its
    # top-left corner stays
    corner = on_screen(window, box.x + box.w, box.y + box.h)
    drag(viewport, corner, corner + QPoint(60, 40))
    qtbot.wait(20)
    grown = author.lecture.slides[1].annotations[0]
    assert (grown.x, grown.y) == (box.x, box.y)
    assert abs(grown.w - (box.w + 60 / scale)) <= 2 and abs(grown.h - (box.h + 40 / scale)) <= 2
    # the arrow's head, dragged: the tail stays
    arrow = author.lecture.slides[1].annotations[1]
    head = on_screen(window, arrow.x2, arrow.y2)
    drag(viewport, head, head + QPoint(-50, 70))
    qtbot.wait(20)
    moved = author.lecture.slides[1].annotations[1]
    assert (moved.x, moved.y) == (arrow.x, arrow.y)
    assert abs(moved.x2 - (arrow.x2 - 50 / scale)) <= 2 and abs(moved.y2 - (arrow.y2 + 70 / scale)) <= 2
    # the pen: a stroke of many mouse moves becomes one bounded polyline; the canvas does not
    # see the drag (no card moves)
    places = {nid: item.pos() for nid, item in window.scene.node_items.items()}
    author.tabs.setCurrentIndex(author.tabs.indexOf(author.pen_button.parentWidget()))
    qtbot.mouseClick(author.pen_button, Qt.MouseButton.LeftButton)
    assert author.pen_button.isChecked()
    start = QPoint(60, viewport.height() * 2 // 3)
    drag(viewport, start, start + QPoint(viewport.width() // 2, -viewport.height() // 3), steps=40)
    qtbot.wait(20)
    stroke = author.lecture.slides[1].annotations[-1]
    assert stroke.kind == "pen" and 2 <= len(stroke.points) <= MAX_PEN_POINTS
    first = window.view.mapToScene(start)
    assert abs(stroke.points[0][0] - first.x()) <= 2 and abs(stroke.points[0][1] - first.y()) <= 2
    assert {nid: item.pos() for nid, item in window.scene.node_items.items()} == places
    window.grab().save(str(SHOTS / "annotations_authoring.png"))
    qtbot.mouseClick(author.pen_button, Qt.MouseButton.LeftButton)   # pen off: drags move cards again
    assert not author.pen_button.isChecked()
    # saved and read back
    path = tmp_path / "drawn.json"
    assert author.save(str(path))
    saved = json.loads(path.read_text())["slides"][1]["annotations"]
    assert [a["kind"] for a in saved] == ["box", "arrow", "pen"]
    assert load_lecture(path).slides[1].annotations[2].points == stroke.points
    # presenting: a slide with only the pen stroke shows it
    only_pen = load_lecture(path)
    only_pen.slides[1].annotations = [only_pen.slides[1].annotations[2]]
    pen_path = tmp_path / "pen.json"
    pen_path.write_text(json.dumps(only_pen.to_json()))
    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(pen_path))
    window.showFullScreen = lambda: window.setGeometry(0, 0, 1920, 1080)
    ctl.enter_presentation()
    ctl.go_to_slide(1)
    qtbot.wait(200)
    shot = window.grab()
    shot.save(str(SHOTS / "annotations_pen_presenting.png"))
    assert annotation_pixels(shot.toImage()) > 200
    ctl.leave_presentation()
    ctl.close_lecture()
    # exported frames and the PDF handout draw the resized box and arrow and the stroke
    from explorer.view.lecture.export import export_lecture
    from explorer.view.lecture.handout import export_handout_pdf

    (tmp_path / "frames").mkdir()
    frames = export_lecture(load_lecture(pen_path), tmp_path / "frames")
    assert annotation_pixels(QImage(str(frames[-1]))) > 200 and annotation_pixels(QImage(str(frames[0]))) < 50
    pdf = tmp_path / "h.pdf"
    assert export_handout_pdf(load_lecture(path), pdf) == 2
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
        pages = sorted(tmp_path.glob("page*.png"))
        assert len(pages) == 2
        pages[1].replace(SHOTS / "annotations_handout_page2.png")
        assert annotation_pixels(QImage(str(SHOTS / "annotations_handout_page2.png"))) > 200
        assert annotation_pixels(QImage(str(pages[0]))) < 50


def test_pen_strokes_are_bounded_and_bad_ones_refused():
    stroke = pen([(i * 0.25, (i % 7) * 0.5) for i in range(20_000)])
    assert 2 <= len(stroke.points) <= MAX_PEN_POINTS
    assert stroke.points[0] == (0.0, 0.0) and stroke.points[-1][0] == pytest.approx(19_999 * 0.25, abs=0.1)
    assert pen([(5, 5), (5.5, 5)]) is not None and pen([(5, 5)]) is None

    def lecture(annotation):
        return {"format": "autograd-explorer-lecture", "version": 2, "title": "t",
                "slides": [{"title": "s", "actions": [{"do": "load_example", "name": "seed"}],
                            "annotations": [annotation]}]}
    for bad, words in [({"kind": "pen", "points": [[0, 0]]}, "2 to"),
                       ({"kind": "pen", "points": [[0, 0]] * (MAX_PEN_POINTS + 1)}, "2 to"),
                       ({"kind": "pen", "points": [[0, 0], [1]]}, "pair"),
                       ({"kind": "pen", "points": [[0, 0], [1, float("inf")]]}, "finite"),
                       ({"kind": "pen", "points": [[0, 0], [1, 1]], "text": "x"}, "unknown field")]:
        with pytest.raises(LectureError, match=words) as info:
            from_json(lecture(bad))
        assert "annotation 1 of slide 1" in str(info.value) and "\n" not in str(info.value)
