"""Slide annotations (arrows, boxes, text, pen strokes) and speaker notes: file form, validation,
and the geometry edits the authoring canvas makes (moving, resizing by a handle, a pen stroke
thinned to a bounded polyline).

An annotation is drawn over the graph in *scene coordinates* (the coordinates of node
positions), so it stays next to the node it points at whatever the zoom::

    {"kind": "arrow", "x": 0, "y": 0, "x2": 120, "y2": 40}        tail (x, y), head (x2, y2)
    {"kind": "box", "x": -10, "y": -10, "w": 200, "h": 90}
    {"kind": "text", "x": 300, "y": -60, "text": "the leaf"}
    {"kind": "pen", "points": [[0, 0], [12, 4], [30, 20]]}       a freehand stroke (2-500 points)
    ("text" is also allowed on arrows and boxes: a label at the tail / the top-left corner)

Speaker notes (``"notes"`` on a slide) are Markdown like the narration, shown only in the
presenter view.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

from explorer.model.messages import Message

KINDS = ("arrow", "box", "text", "pen")
MAX_ANNOTATIONS = 50          # per slide
MAX_ANNOTATION_TEXT = 500
MAX_COORD = 1e6               # scene coordinates; graphs are a few thousand units wide
MAX_PEN_POINTS = 500          # a stroke is thinned to this many points (simplify_stroke)
MIN_PEN_STEP = 3.0            # scene units between kept points of a stroke
MIN_BOX = 10.0                # a box resized by a handle is never smaller than this
HANDLES = {"arrow": ("tail", "head"), "box": ("top_left", "top_right", "bottom_left", "bottom_right")}
_FIELDS = {"arrow": ({"x", "y", "x2", "y2"}, {"text"}),
           "box": ({"x", "y", "w", "h"}, {"text"}),
           "text": ({"x", "y", "text"}, set()),
           "pen": ({"points"}, set())}


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
    points: list[tuple[float, float]] = field(default_factory=list)   # pen stroke

    def to_json(self) -> dict[str, Any]:
        if self.kind == "pen":
            return {"kind": "pen", "points": [[x, y] for x, y in self.points]}
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
        return Annotation(self.kind, self.x + dx, self.y + dy, self.x2 + dx, self.y2 + dy, self.w, self.h, self.text,
                          [(x + dx, y + dy) for x, y in self.points])

    def handles(self) -> dict[str, tuple[float, float]]:
        """Where the resize handles are: an arrow's two ends, a box's four corners."""
        if self.kind == "arrow":
            return {"tail": (self.x, self.y), "head": (self.x2, self.y2)}
        if self.kind == "box":
            right, bottom = self.x + self.w, self.y + self.h
            return {"top_left": (self.x, self.y), "top_right": (right, self.y),
                    "bottom_left": (self.x, bottom), "bottom_right": (right, bottom)}
        return {}

    def resized(self, handle: str, x: float, y: float) -> "Annotation":
        """The annotation with handle ``handle`` dragged to (x, y): an arrow's end moves, a box's
        corner moves while the opposite corner stays (a box never gets smaller than MIN_BOX)."""
        if handle not in HANDLES.get(self.kind, ()):
            raise AnnotationError(Message("a {kind} annotation has no handle '{handle}'", kind=self.kind,
                                          handle=handle))
        x, y = _clamp(x), _clamp(y)
        if self.kind == "arrow":
            if handle == "tail":
                return Annotation("arrow", x, y, self.x2, self.y2, text=self.text)
            return Annotation("arrow", self.x, self.y, x, y, text=self.text)
        left, top, right, bottom = self.x, self.y, self.x + self.w, self.y + self.h
        if handle.endswith("left"):
            left = min(x, right - MIN_BOX)
        else:
            right = max(x, left + MIN_BOX)
        if handle.startswith("top"):
            top = min(y, bottom - MIN_BOX)
        else:
            bottom = max(y, top + MIN_BOX)
        return Annotation("box", left, top, w=right - left, h=bottom - top, text=self.text)


def _clamp(value: float) -> float:
    return max(-MAX_COORD, min(MAX_COORD, float(value)))


def simplify_stroke(points: Iterable[tuple[float, float]], max_points: int = MAX_PEN_POINTS,
                    min_step: float = MIN_PEN_STEP) -> list[tuple[float, float]]:
    """A pen stroke as a bounded polyline: points closer than ``min_step`` to the last kept one
    are dropped (a mouse reports many per pixel), then, if still too many, evenly spaced ones
    are kept; the first and last points always stay. Coordinates are rounded to 0.1."""
    kept: list[tuple[float, float]] = []
    raw = [(_clamp(x), _clamp(y)) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    for i, (x, y) in enumerate(raw):
        if not kept or math.hypot(x - kept[-1][0], y - kept[-1][1]) >= min_step or i == len(raw) - 1:
            kept.append((x, y))
    if len(kept) > max_points:
        step = (len(kept) - 1) / (max_points - 1)
        kept = [kept[round(i * step)] for i in range(max_points)]
    return [(round(x, 1), round(y, 1)) for x, y in kept]


def pen(points: Iterable[tuple[float, float]]) -> Annotation | None:
    """A pen annotation from a raw stroke, or None when it is a single point (a click)."""
    kept = simplify_stroke(points)
    if len(kept) < 2:
        return None
    return Annotation("pen", kept[0][0], kept[0][1], points=kept)


def _coord(value: Any, where: str, name: str, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise AnnotationError(Message("{where}: '{name}' must be a finite number", where=where, name=name))
    if abs(value) > MAX_COORD or (positive and value <= 0):
        limit = f"between 0 and {MAX_COORD:g}" if positive else f"at most {MAX_COORD:g} in size"
        raise AnnotationError(Message("{where}: '{name}' must be {limit}", where=where, name=name,
                                      limit=limit))
    return float(value)


def parse_annotation(obj: Any, where: str) -> Annotation:
    if not isinstance(obj, dict):
        raise AnnotationError(Message('{where}: an annotation must be an object like {{"kind": "box", '
                                      "...}}", where=where))
    kind = obj.get("kind")
    if kind not in KINDS:
        raise AnnotationError(Message("{where}: an annotation's 'kind' must be one of: {KINDS}", where=where,
                                      KINDS=', '.join(KINDS)))
    required, optional = _FIELDS[kind]
    keys = set(obj) - {"kind"}
    unknown = sorted(keys - required - optional)
    if unknown:
        raise AnnotationError(Message("{where}: unknown field '{unknown}' in a {kind} annotation",
                                      where=where, unknown=unknown[0], kind=kind))
    missing = sorted(required - keys)
    if missing:
        raise AnnotationError(Message("{where}: a {kind} annotation needs '{missing}'", where=where,
                                      kind=kind, missing=missing[0]))
    if kind == "pen":
        return _parse_pen(obj["points"], where)
    text = obj.get("text", "")
    if not isinstance(text, str):
        raise AnnotationError(Message("{where}: an annotation's 'text' must be a string", where=where))
    if len(text) > MAX_ANNOTATION_TEXT:
        raise AnnotationError(Message("{where}: an annotation's text is too long ({text} characters; the "
                                      "limit is {MAX_ANNOTATION_TEXT})", where=where, text=len(text),
                                      MAX_ANNOTATION_TEXT=MAX_ANNOTATION_TEXT))
    if kind == "text" and not text.strip():
        raise AnnotationError(Message("{where}: a text annotation needs some text", where=where))
    a = Annotation(kind, _coord(obj["x"], where, "x"), _coord(obj["y"], where, "y"), text=text)
    if kind == "arrow":
        a.x2, a.y2 = _coord(obj["x2"], where, "x2"), _coord(obj["y2"], where, "y2")
    elif kind == "box":
        a.w, a.h = _coord(obj["w"], where, "w", True), _coord(obj["h"], where, "h", True)
    return a


def _parse_pen(value: Any, where: str) -> Annotation:
    if not isinstance(value, list) or not 2 <= len(value) <= MAX_PEN_POINTS:
        raise AnnotationError(Message("{where}: a pen annotation's 'points' must be a list of 2 to "
                                      "{MAX_PEN_POINTS} [x, y] pairs", where=where,
                                      MAX_PEN_POINTS=MAX_PEN_POINTS))
    points = []
    for p in value:
        if not isinstance(p, list) or len(p) != 2:
            raise AnnotationError(Message("{where}: each of a pen annotation's points must be an [x, y] "
                                          "pair", where=where))
        points.append((_coord(p[0], where, "x"), _coord(p[1], where, "y")))
    return Annotation("pen", points[0][0], points[0][1], points=points)


def parse_annotations(value: Any, where: str) -> list[Annotation]:
    if not isinstance(value, list):
        raise AnnotationError(Message("{where}: 'annotations' must be a list", where=where))
    if len(value) > MAX_ANNOTATIONS:
        raise AnnotationError(Message("{where}: too many annotations ({value}; the limit is "
                                      "{MAX_ANNOTATIONS})", where=where, value=len(value),
                                      MAX_ANNOTATIONS=MAX_ANNOTATIONS))
    return [parse_annotation(a, _annotation_where(where, k + 1)) for k, a in enumerate(value)]


def _annotation_where(where: str, number: int) -> Message:
    """"annotation 2 of slide 3" (translated by the view, explorer.view.i18n)."""
    return Message("annotation {number} of {where}", number=number, where=where)
