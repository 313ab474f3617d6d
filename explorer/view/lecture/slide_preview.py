"""Pictures of slides off screen: the authoring panel's preview of the selected slide, and the
presenter view's current and next slide.

A :class:`SlideRenderer` plays the lecture on its own document and scene (never the window's),
so looking at slide 7 while authoring leaves the graph being edited alone. The image is the
one export draws (:func:`explorer.view.lecture.export.render_image`), annotations included.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QImage

from explorer.model.document import Document
from explorer.model.lecture import Lecture, LectureError, LecturePlayer
from explorer.view.canvas import GraphScene
from explorer.view.lecture.export import render_state
from explorer.view.undo_rules import model_undo_stack


class SlideRenderer:
    """Renders slides of one lecture. Call :meth:`close` when done (frees the scene)."""

    def __init__(self, lecture: Lecture) -> None:
        self.lecture = lecture
        self.document = Document()
        self.scene = GraphScene(self.document, model_undo_stack(self.document))
        self.player = LecturePlayer(lecture, document=self.document)
        self.error: str | None = None

    def render(self, index: int, size: tuple[int, int], position: int | None = None) -> QImage | None:
        """Slide ``index`` (at step ``position`` when given, else as the slide opens); None and
        ``error`` set when the slide cannot be played."""
        self.error = None
        try:
            self.player.go_to_slide(index)
            if position is not None and self.player.stepper is not None:
                rng = self.player.step_range()
                if rng is not None:
                    self.player.stepper.set_position(max(rng[0], min(position, rng[1])))
            return render_state(self.scene, self.player, size)
        except LectureError as exc:
            self.error = str(exc)
        except Exception as exc:   # a preview must never take the window down
            self.error = f"{type(exc).__name__}: {exc}"
        return None

    def close(self) -> None:
        close: Any = getattr(self.scene, "close", None)
        if close is not None:
            close()
