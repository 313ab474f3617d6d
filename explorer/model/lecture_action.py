"""The smallest pieces of a lecture that its helper modules share: the error type, a slide
action and which actions load a whole graph. They live apart from ``explorer.model.lecture`` so
that ``lecture_changes`` can use them without importing the lecture module that imports it
(tests/project/test_import_cycles.py keeps files free of import cycles)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LOAD_ACTIONS = ("load_example", "load_script", "load_graph")


class LectureError(ValueError):
    """A lecture file or a slide action that cannot be used. The message is for the user."""


@dataclass
class Action:
    """One validated action. ``args`` holds the fields other than ``do``."""

    do: str
    args: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"do": self.do, **self.args}
