"""Slide annotations (arrows, boxes, text) and speaker notes: their file form and validation.

An annotation is drawn over the graph in *scene coordinates* (the coordinates of node
positions), so it stays next to the node it points at whatever the zoom::

    {"kind": "arrow", "x": 0, "y": 0, "x2": 120, "y2": 40}        tail (x, y), head (x2, y2)
    {"kind": "box", "x": -10, "y": -10, "w": 200, "h": 90}
    {"kind": "text", "x": 300, "y": -60, "text": "the leaf"}
    ("text" is also allowed on arrows and boxes: a label at the tail / the top-left corner)

Speaker notes (``"notes"`` on a slide) are Markdown like the narration, shown only in the
presenter view.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

KINDS = ("arrow", "box", "text")
MAX_ANNOTATIONS = 50          # per slide
MAX_ANNOTATION_TEXT = 500
MAX_COORD = 1e6               # scene coordinates; graphs are a few thousand units wide
_FIELDS = {"arrow": ({"x", "y", "x2", "y2"}, {"text"}),
           "box": ({"x", "y", "w", "h"}, {"text"}),
           "text": ({"x", "y", "text"}, set())}


class AnnotationError(ValueError):
    """An annotation that cannot be used; the message is for the user."""


@dataclass
class Annotation:
    kind: str
    x: float
    y: float
    x2: float = 0.0      # arrow head
    y2: float = 0.0
    w: float = 0.0       # box size
    h: float = 0.0
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "x": self.x, "y": self.y}
        if self.kind == "arrow":
            out.update(x2=self.x2, y2=self.y2)
        elif self.kind == "box":
            out.update(w=self.w, h=self.h)
        if self.text or self.kind == "text":
            out["text"] = self.text
        return out

    def moved(self, dx: float, dy: float) -> "Annotation":
        """The same annotation shifted by (dx, dy) in scene coordinates."""
        return Annotation(self.kind, self.x + dx, self.y + dy, self.x2 + dx, self.y2 + dy, self.w, self.h, self.text)


def _coord(value: Any, where: str, name: str, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise AnnotationError(f"{where}: '{name}' must be a finite number")
    if abs(value) > MAX_COORD or (positive and value <= 0):
        limit = f"between 0 and {MAX_COORD:g}" if positive else f"at most {MAX_COORD:g} in size"
        raise AnnotationError(f"{where}: '{name}' must be {limit}")
    return float(value)


def parse_annotation(obj: Any, where: str) -> Annotation:
    if not isinstance(obj, dict):
        raise AnnotationError(f"{where}: an annotation must be an object like {{\"kind\": \"box\", ...}}")
    kind = obj.get("kind")
    if kind not in KINDS:
        raise AnnotationError(f"{where}: an annotation's 'kind' must be one of: {', '.join(KINDS)}")
    required, optional = _FIELDS[kind]
    keys = set(obj) - {"kind"}
    unknown = sorted(keys - required - optional)
    if unknown:
        raise AnnotationError(f"{where}: unknown field '{unknown[0]}' in a {kind} annotation")
    missing = sorted(required - keys)
    if missing:
        raise AnnotationError(f"{where}: a {kind} annotation needs '{missing[0]}'")
    text = obj.get("text", "")
    if not isinstance(text, str):
        raise AnnotationError(f"{where}: an annotation's 'text' must be a string")
    if len(text) > MAX_ANNOTATION_TEXT:
        raise AnnotationError(f"{where}: an annotation's text is too long ({len(text)} characters; "
                              f"the limit is {MAX_ANNOTATION_TEXT})")
    if kind == "text" and not text.strip():
        raise AnnotationError(f"{where}: a text annotation needs some text")
    a = Annotation(kind, _coord(obj["x"], where, "x"), _coord(obj["y"], where, "y"), text=text)
    if kind == "arrow":
        a.x2, a.y2 = _coord(obj["x2"], where, "x2"), _coord(obj["y2"], where, "y2")
    elif kind == "box":
        a.w, a.h = _coord(obj["w"], where, "w", True), _coord(obj["h"], where, "h", True)
    return a


def parse_annotations(value: Any, where: str) -> list[Annotation]:
    if not isinstance(value, list):
        raise AnnotationError(f"{where}: 'annotations' must be a list")
    if len(value) > MAX_ANNOTATIONS:
        raise AnnotationError(f"{where}: too many annotations ({len(value)}; the limit is {MAX_ANNOTATIONS})")
    return [parse_annotation(a, _annotation_where(where, k + 1)) for k, a in enumerate(value)]


def _annotation_where(where: str, number: int) -> str:
    """"annotation 2 of slide 3" (translated by the view, explorer.view.i18n)."""
    return f"annotation {number} of {where}"
