"""Authoring a lecture in the app: the actions editor (checked by check-lecture's pre-flight),
duplicate, speaker notes, the narration preview, the picture of the selected slide, and
annotations placed on the canvas, saved, drawn while presenting and in exported frames."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from explorer.model.lecture import load_lecture

SHOTS = Path(__file__).parent / "screenshots"
SEED = Path(__file__).parents[2] / "resources" / "examples" / "seed.json"


@pytest.fixture
def window(lecture_window):
    return lecture_window


def two_slides(window):
    """A lecture of two captured slides on the seed graph: forward, then backward."""
    author = window.context.extension("lecture").author
    window.open_example(SEED)
    author.new_lecture()
    window.run_forward() if hasattr(window, "run_forward") else None
    author.add_current()
    window.run_backward()
    author.add_current()
    return author


def annotation_pixels(image: QImage) -> int:
    """How many pixels have the annotation colour (in either theme)."""
    arr = np.frombuffer(image.convertToFormat(QImage.Format.Format_RGB32).constBits(), np.uint8)
    arr = arr.reshape(image.height(), image.width(), 4)[:, :, :3].astype(int)   # B, G, R
    hits = 0
    for colour in ("#d9480f", "#ffb000"):
        c = QColor(colour)
        hits += int((np.abs(arr - np.array([c.blue(), c.green(), c.red()])).sum(axis=2) < 40).sum())
    return hits


def test_actions_editor_adds_reorders_removes_and_refuses_what_check_lecture_refuses(qtbot, window):
    author = two_slides(window)
    author.slides.setCurrentRow(1)
    before = [a.to_json() for a in author.lecture.slides[1].actions]

    def drive(dialog):
        # a step that does not exist: the pre-flight refuses it, the slide keeps its actions
        dialog.text.setText('{"do": "step", "phase": "backward", "index": 99}')
        assert dialog.put(replace=False)
        dialog.accept()
        assert not dialog.result() and "step" in dialog.error.text()
        # a node that does not exist is refused the same way
        dialog.text.setText('{"do": "highlight", "nodes": ["nope"]}')
        dialog.put(replace=True)
        dialog.accept()
        assert "nope" in dialog.error.text()
        # not JSON (nothing is evaluated) and an unknown action: refused when typed
        dialog.text.setText("__import__('os')")
        assert not dialog.put(replace=False) and "JSON" in dialog.error.text()
        dialog.text.setText('{"do": "explode"}')
        assert not dialog.put(replace=False) and "explode" in dialog.error.text()
        # the bad highlight removed, a good one added and moved to the top
        assert "nope" in dialog.list.currentItem().text()
        dialog.remove()
        dialog.text.setText('{"do": "highlight", "nodes": ["a", "Q"]}')
        assert dialog.put(replace=False)
        while dialog.list.currentRow() > 0:
            dialog.move(-1)
        dialog.accept()
        return dialog.result() == 1

    assert author.edit_actions(drive)
    after = [a.to_json() for a in author.lecture.slides[1].actions]
    assert after == [{"do": "highlight", "nodes": ["a", "Q"]}] + before
    assert author.dirty and "highlight a, Q" in author.actions_label.text()
    ctl = window.context.extension("lecture").controller
    assert author.preview()
    assert set(ctl.player.highlight) == {window.document.node_by_name("a").id, window.document.node_by_name("Q").id}


def test_duplicate_notes_and_narration_preview(qtbot, window, tmp_path):
    author = two_slides(window)
    author.slides.setCurrentRow(0)
    author.notes.setPlainText("Ask the class first.")
    author.narration.setPlainText("Compare a<b and **b>a**, then `x.grad`")
    html = author.narration_preview.toHtml()
    plain = author.narration_preview.toPlainText()
    assert "Compare a<b and b>a" in plain           # escaped, not eaten as a tag
    assert "font-weight" in html and "x.grad" in plain and "`" not in plain
    author.duplicate_slide()
    assert author.current_row() == 1 and len(author.lecture.slides) == 3
    copy = author.lecture.slides[1]
    assert copy is not author.lecture.slides[0]
    assert copy.notes == "Ask the class first." and copy.narration.startswith("Compare")
    path = tmp_path / "notes.json"
    assert author.save(str(path))
    saved = json.loads(path.read_text())
    assert saved["version"] == 2 and saved["slides"][0]["notes"] == "Ask the class first."
    assert load_lecture(path).slides[1].notes == "Ask the class first."
    # the copy shows the same graph as the original
    from explorer.model import fileformat
    from explorer.model.lecture import LecturePlayer

    player = LecturePlayer(load_lecture(path))
    graphs = []
    for i in range(3):
        player.go_to_slide(i)
        graphs.append(fileformat.to_data(player.document))
    assert graphs[0] == graphs[1]


def test_selecting_a_slide_shows_its_graph_without_touching_the_window(qtbot, window):
    author = window.context.extension("lecture").author
    author.open_path(str(Path(__file__).parents[2] / "resources" / "lectures" / "autograd_intro_en.json"))
    names_before = sorted(n.name for n in window.document.nodes.values())
    author.show_dock()
    author.tabs.setCurrentIndex(2)
    author.slides.setCurrentRow(0)
    first = author.thumbnail.pixmap().toImage()
    author.slides.setCurrentRow(12)                 # another graph (a script with x, y)
    other = author.thumbnail.pixmap().toImage()
    assert not first.isNull() and not other.isNull() and first != other
    assert sorted(n.name for n in window.document.nodes.values()) == names_before
    SHOTS.mkdir(exist_ok=True)
    author.narration.setFocus()
    window.docks["lecture_author"].grab().save(str(SHOTS / "authoring_graph_tab.png"))
    author.tabs.setCurrentIndex(0)
    window.docks["lecture_author"].grab().save(str(SHOTS / "authoring_text_tab.png"))


def test_annotations_are_placed_dragged_saved_presented_and_exported(qtbot, window, tmp_path):
    from explorer.view.lecture.export import export_lecture

    author = two_slides(window)
    author.show_dock()
    author.slides.setCurrentRow(1)
    window.view.centerOn(window.scene.node_items[window.document.node_by_name("a").id])
    box = author.add_annotation("box")
    author.add_annotation("arrow")
    author.add_annotation("text", "the leaf a")
    items = author.annotation_layer.items
    assert len(items) == 3 and all(i.scene() is window.scene for i in items)
    # the box sits where the canvas was looking: around a's card, in scene coordinates
    a_rect = window.scene.node_items[window.document.node_by_name("a").id].sceneBoundingRect()
    assert abs(box.x + box.w / 2 - a_rect.center().x()) < 2 and abs(box.y + box.h / 2 - a_rect.center().y()) < 2
    # dragging moves it in the lecture
    author._annotation_moved(items[0], 30, -20)
    moved = author.lecture.slides[1].annotations[0]
    assert (moved.x, moved.y) == (box.x + 30, box.y - 20)
    path = tmp_path / "annotated.json"
    assert author.save(str(path))
    kinds = [a["kind"] for a in json.loads(path.read_text())["slides"][1]["annotations"]]
    assert kinds == ["box", "arrow", "text"]
    # presenting: the slide's annotations are on the canvas, not on the slide without them
    ctl = window.context.extension("lecture").controller
    assert window.context.extension("lecture").open_lecture(str(path))
    ctl.go_to_slide(1)
    assert len(ctl.annotation_layer.items) == 3
    window.showFullScreen = lambda: window.setGeometry(0, 0, 1920, 1080)   # a projector
    ctl.enter_presentation()
    qtbot.wait(200)
    SHOTS.mkdir(exist_ok=True)
    shot = window.grab()
    shot.save(str(SHOTS / "annotations_presenting.png"))
    assert annotation_pixels(shot.toImage()) > 500
    ctl.go_to_slide(0)
    assert ctl.annotation_layer.items == []
    ctl.leave_presentation()
    # exported frames draw them (and the slide without them has none)
    (tmp_path / "frames").mkdir()
    frames = export_lecture(load_lecture(path), tmp_path / "frames")
    images = [QImage(str(p)) for p in frames]
    images[-1].save(str(SHOTS / "annotations_exported.png"))
    assert annotation_pixels(images[-1]) > 500 and annotation_pixels(images[0]) < 50
    # and the PDF handout
    from explorer.view.lecture.handout import export_handout_pdf

    pdf = tmp_path / "h.pdf"
    assert export_handout_pdf(load_lecture(path), pdf) == 2
    assert b"the leaf a" in pdf.read_bytes() or pdf.stat().st_size > 0


def test_bad_annotations_are_refused_with_one_line():
    from explorer.model.lecture import LectureError, from_json

    def lecture(annotation):
        return {"format": "autograd-explorer-lecture", "version": 2, "title": "t",
                "slides": [{"title": "s", "actions": [{"do": "load_example", "name": "seed"}],
                            "annotations": [annotation]}]}
    for bad, words in [({"kind": "arrow", "x": 0, "y": 0}, "x2"),
                       ({"kind": "box", "x": 0, "y": 0, "w": -5, "h": 2}, "'w'"),
                       ({"kind": "text", "x": 0, "y": 0, "text": "x" * 501}, "too long"),
                       ({"kind": "circle", "x": 0, "y": 0}, "kind"),
                       ({"kind": "text", "x": float("nan"), "y": 0, "text": "t"}, "finite"),
                       ({"kind": "text", "x": 1e300, "y": 0, "text": "t"}, "at most")]:
        with pytest.raises(LectureError, match=words) as info:
            from_json(lecture(bad))
        assert "annotation 1 of slide 1" in str(info.value) and "\n" not in str(info.value)


def test_authoring_and_actions_editor_in_korean(qtbot, korean, window):
    from explorer.view.lecture.action_editor import ActionsDialog

    author = window.context.extension("lecture").author
    author.open_path(str(Path(__file__).parents[2] / "resources" / "lectures" / "autograd_intro_ko.json"))
    author.show_dock()
    author.slides.setCurrentRow(6)
    assert author.tabs.tabText(1) == "노트" and author.duplicate_button.text() == "복제"
    author.tabs.setCurrentIndex(2)
    assert author.actions_label.text() and not any(w in author.actions_label.text()
                                                   for w in ("step", "highlight", "graph"))
    SHOTS.mkdir(exist_ok=True)
    window.docks["lecture_author"].grab().save(str(SHOTS / "authoring_graph_tab_ko.png"))
    dialog = ActionsDialog(author.lecture, 6, author)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setText('{"do": "highlight", "nodes": ["nope"]}')
    dialog.put(replace=False)
    dialog.accept()
    assert dialog.error.text().startswith("슬라이드 7, 동작 2: ") and "nope" in dialog.error.text()
    assert "no node named" not in dialog.error.text()
    dialog.grab().save(str(SHOTS / "actions_editor_ko.png"))


def test_annotations_leave_the_canvas_with_the_slides_dock(qtbot, window):
    author = two_slides(window)
    author.show_dock()
    author.slides.setCurrentRow(0)
    author.add_annotation("box")
    assert len(author.annotation_layer.items) == 1
    window.docks["lecture_author"].hide()
    assert author.annotation_layer.items == []
    author.show_dock()
    assert len(author.annotation_layer.items) == 1
