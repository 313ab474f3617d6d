"""What lecture mode adds to a window, as one object registered with the window's context
(``WindowContext.register("lecture", ...)``) instead of attributes set on the window.

Other parts of the view that work with lecture mode when it is installed (the chain-rule paths,
forward mode, the tour, the program's backward view) find it with :func:`lecture_of`, which is
None when the lecture extension is not part of the build.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from explorer.view.window.context import context_of

if TYPE_CHECKING:
    from explorer.view.chain_rule import ChainRulePanel
    from explorer.view.lecture.authoring import LectureAuthorPanel
    from explorer.view.lecture.controller import LectureController
    from explorer.view.lecture.panel import LecturePanel
    from explorer.view.lecture.step_toolbar import StepToolbar

NAME = "lecture"


@dataclass
class LectureExtension:
    """The lecture extension's parts: the controller and its docks and toolbar."""

    controller: LectureController
    panel: LecturePanel               # the narration dock
    chain_panel: ChainRulePanel       # the chain-rule dock
    toolbar: StepToolbar              # the step-through toolbar
    author: LectureAuthorPanel        # the slides (authoring) dock

    def open_lecture(self, path: str) -> bool:
        """Open a lecture file (``--lecture FILE``)."""
        return self.controller.open_lecture(path)


def lecture_of(target: Any) -> LectureExtension | None:
    """The lecture extension of a window (or its context), or None when it is not installed."""
    return context_of(target).extension(NAME)
