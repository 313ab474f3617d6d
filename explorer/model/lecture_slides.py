"""A lecture's contents and their schema: :class:`Slide`, :class:`Lecture`, the file's limits
and the checks that turn parsed JSON into actions and slides (re-exported by
:mod:`explorer.model.lecture`, which reads and writes the files).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from explorer.model.lecture_action import Action, LOAD_ACTIONS, LectureError
from explorer.model.lecture_annotations import Annotation, AnnotationError, parse_annotations
from explorer.model.lecture_changes import CHANGE_FIELDS, ChangeError, check_change
from explorer.model.messages import Message


FORMAT = "autograd-explorer-lecture"
VERSION = 2                    # 2: graphs as changes (change_graph), notes, annotations

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_SLIDES = 500
MAX_ACTIONS = 100
MAX_TEXT = 20_000
MAX_TITLE = 200
MAX_SCRIPT = 100_000
MAX_ELEMENTS = 100_000
MAX_DEPTH = 32
MAX_NODES_PER_ACTION = 1000
MAX_STEP_INDEX = 1_000_000

PHASES = ("forward", "backward")
STEP_THROUGH = ("forward", "backward", "both")
_EXAMPLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,63}$")


# ====================================================================== data
@dataclass
class Slide:
    title: str
    narration: str = ""
    actions: list[Action] = field(default_factory=list)
    step_through: str | None = None
    view: str | None = None        # "forward" | "backward" | "side"; None = the forward canvas
    notes: str = ""                # speaker notes (Markdown), shown in the presenter view only
    annotations: list[Annotation] = field(default_factory=list)
    step_ops_only: bool | None = None   # None: the lecture's step_ops_only

    def loads_graph(self) -> bool:
        return any(a.do in LOAD_ACTIONS for a in self.actions)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title, "narration": self.narration,
                               "actions": [a.to_json() for a in self.actions]}
        if self.step_through:
            out["step_through"] = self.step_through
        if self.view:
            out["view"] = self.view
        if self.notes:
            out["notes"] = self.notes
        if self.annotations:
            out["annotations"] = [a.to_json() for a in self.annotations]
        if self.step_ops_only is not None:
            out["step_ops_only"] = self.step_ops_only
        return out


@dataclass
class Lecture:
    title: str
    slides: list[Slide] = field(default_factory=list)
    language: str = "en"
    description: str = ""
    step_ops_only: bool = False        # forward stepping visits op nodes only (see stepping)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "title": self.title,
                               "language": self.language, "description": self.description}
        if self.step_ops_only:
            out["step_ops_only"] = True
        out["slides"] = [s.to_json() for s in self.slides]
        return out

    def ops_only(self, index: int) -> bool:
        """Whether forward stepping on slide ``index`` skips leaves and constants."""
        own = self.slides[index].step_ops_only if 0 <= index < len(self.slides) else None
        return self.step_ops_only if own is None else own


# ====================================================================== validation
def _where(slide: int | None, action: int | None = None) -> Message:
    """Where a problem is: "slide 2, action 1" (a Message: the view translates it inside the
    message that names it)."""
    if slide is None:
        return Message("lecture")
    if action is None:
        return Message("slide {number}", number=slide + 1)
    return Message("slide {number}, action {step}", number=slide + 1, step=action + 1)


def _check_keys(obj: dict, allowed: set[str], required: set[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise LectureError(Message("{where}: unknown field '{unknown}' (expected one of: {allowed})",
                                   where=where, unknown=unknown[0], allowed=', '.join(sorted(allowed))))
    missing = sorted(required - set(obj))
    if missing:
        raise LectureError(Message("{where}: missing field '{missing}'", where=where, missing=missing[0]))


def _text(value: Any, where: str, name: str, limit: int, lines_ok: bool = False) -> str:
    """A string, or (where allowed) a list of lines joined with newlines — JSON has no multi-line strings."""
    if lines_ok and isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise LectureError(Message("{where}: '{name}' must be a string or a list of strings",
                                       where=where, name=name))
        value = "\n".join(value)
    if not isinstance(value, str):
        raise LectureError(Message("{where}: '{name}' must be a string", where=where, name=name))
    if len(value) > limit:
        raise LectureError(Message("{where}: '{name}' is too long ({value} characters; the limit is "
                                   "{limit})", where=where, name=name, value=len(value), limit=limit))
    return value


def _node_names(value: Any, where: str, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LectureError(Message("{where}: '{name}' must be a list of node names", where=where, name=name))
    if len(value) > MAX_NODES_PER_ACTION:
        raise LectureError(Message("{where}: '{name}' lists too many nodes", where=where, name=name))
    for v in value:
        if not v.isidentifier():
            raise LectureError(Message("{where}: '{v}' is not a node name", where=where, v=v))
    return list(value)


def _numbers(value: Any, where: str, depth: int = 0) -> Any:
    """Validate a (nested) list of numbers: rectangular, finite size, no bools or strings."""
    if depth > MAX_DEPTH:
        raise LectureError(Message("{where}: the value is nested too deeply", where=where))
    if isinstance(value, bool) or value is None:
        raise LectureError(Message("{where}: values must be numbers, not {dumps}", where=where,
                                   dumps=json.dumps(value)))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise LectureError(Message("{where}: values must be finite numbers", where=where))
        if isinstance(value, int) and abs(value) > _FLOAT64_MAX:
            # a tensor holds floats: 10**400 has no float value (numpy would raise OverflowError)
            raise LectureError(Message("{where}: the number {_short_int} is too large for a tensor",
                                       where=where, _short_int=_short_int(value)))
        return value
    if isinstance(value, list):
        return [_numbers(v, where, depth + 1) for v in value]
    raise LectureError(Message("{where}: values must be numbers or lists of numbers, not {name}",
                               where=where, name=type(value).__name__))


_FLOAT64_MAX = int(np.finfo(np.float64).max)


def _short_int(value: int) -> str:
    digits = int(abs(value).bit_length() * 0.30103) + 1
    return str(value) if digits <= 24 else f"of about {digits:,} digits"


def _to_array(value: Any, where: str) -> np.ndarray:
    value = _numbers(value, where)
    try:
        array = np.array(value, dtype=np.float64)
    except ValueError:
        raise LectureError(Message("{where}: the value is not rectangular (rows of different lengths)",
                                   where=where)) from None
    if array.size > MAX_ELEMENTS:
        raise LectureError(Message("{where}: the value has too many elements ({size}; the limit is "
                                   "{MAX_ELEMENTS})", where=where, size=array.size,
                                   MAX_ELEMENTS=MAX_ELEMENTS))
    return array


_ACTION_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # do: (allowed fields, required fields)
    "load_example": ({"name"}, {"name"}),
    "load_script": ({"source"}, {"source"}),
    "load_graph": ({"document"}, {"document"}),
    "set_value": ({"node", "value"}, {"node", "value"}),
    "set_requires_grad": ({"node", "nodes", "value"}, {"value"}),
    "set_gradient": ({"value"}, {"value"}),
    "forward": (set(), set()),
    "backward": ({"accumulate"}, set()),
    "zero_grad": (set(), set()),
    "step": ({"phase", "index"}, {"phase", "index"}),
    "highlight": ({"nodes"}, {"nodes"}),
    "zoom": ({"nodes"}, set()),
    "change_graph": (set(CHANGE_FIELDS), set()),
}
ACTIONS = tuple(_ACTION_FIELDS)
SLIDE_VIEWS = ("forward", "backward", "side")   # which canvas a slide shows (the DAG: backward)


def parse_action(obj: Any, slide: int | None = None, index: int | None = None) -> Action:
    where = _where(slide, index)
    if not isinstance(obj, dict):
        raise LectureError(Message('{where}: an action must be an object like {{"do": "forward"}}',
                                   where=where))
    do = obj.get("do")
    if not isinstance(do, str):
        raise LectureError(Message('{where}: an action needs "do": one of {ACTIONS}', where=where,
                                   ACTIONS=', '.join(ACTIONS)))
    if do not in _ACTION_FIELDS:
        raise LectureError(Message("{where}: unknown action '{do}' (expected one of: {ACTIONS})",
                                   where=where, do=do, ACTIONS=', '.join(ACTIONS)))
    allowed, required = _ACTION_FIELDS[do]
    args = {k: v for k, v in obj.items() if k != "do"}
    _check_keys(args, allowed, required, where)
    check = _ARGUMENT_CHECKS.get(do)
    if check is not None:
        check(args, where)
    return Action(do, args)


# Each action's own argument checks (they may normalise ``args`` in place, e.g. "node" -> "nodes").
def _load_example_args(args: dict, where: str) -> None:
    name = args["name"]
    if not isinstance(name, str) or not _EXAMPLE_NAME.match(name):
        raise LectureError(Message('{where}: example name must be a bare name such as "seed" (no '
                                   "paths)", where=where))


def _load_script_args(args: dict, where: str) -> None:
    args["source"] = _text(args["source"], where, "source", MAX_SCRIPT, lines_ok=True)


def _load_graph_args(args: dict, where: str) -> None:
    if not isinstance(args["document"], dict):
        raise LectureError(Message("{where}: 'document' must be a graph document object", where=where))


def _set_value_args(args: dict, where: str) -> None:
    if not isinstance(args["node"], str) or not args["node"].isidentifier():
        raise LectureError(Message("{where}: 'node' must be a node name", where=where))
    _to_array(args["value"], where)


def _set_requires_grad_args(args: dict, where: str) -> None:
    if ("node" in args) == ("nodes" in args):
        raise LectureError(Message("{where}: give either 'node' or 'nodes'", where=where))
    if "node" in args:
        args["nodes"] = _node_names([args.pop("node")], where, "node")
    else:
        args["nodes"] = _node_names(args["nodes"], where, "nodes")
    if not isinstance(args["value"], bool):
        raise LectureError(Message("{where}: 'value' must be true or false", where=where))


def _set_gradient_args(args: dict, where: str) -> None:
    if args["value"] is not None:
        _to_array(args["value"], where)


def _step_args(args: dict, where: str) -> None:
    if args["phase"] not in PHASES:
        raise LectureError(Message('{where}: \'phase\' must be "forward" or "backward"', where=where))
    i = args["index"]
    if isinstance(i, bool) or not isinstance(i, int) or not -1 <= i <= MAX_STEP_INDEX:
        raise LectureError(Message("{where}: 'index' must be a step number (0 is the first, -1 the "
                                   "last)", where=where))


def _backward_args(args: dict, where: str) -> None:
    if not isinstance(args.get("accumulate", False), bool):
        raise LectureError(Message("{where}: 'accumulate' must be true or false", where=where))


def _highlight_args(args: dict, where: str) -> None:
    args["nodes"] = _node_names(args["nodes"], where, "nodes")


def _zoom_args(args: dict, where: str) -> None:
    args["nodes"] = _node_names(args.get("nodes", []), where, "nodes")


def _change_graph_args(args: dict, where: str) -> None:
    try:
        check_change(args, where)
    except ChangeError as exc:
        raise LectureError(str(exc)) from None


_ARGUMENT_CHECKS: dict[str, Callable[[dict, str], None]] = {
    "load_example": _load_example_args, "load_script": _load_script_args, "load_graph": _load_graph_args,
    "set_value": _set_value_args, "set_requires_grad": _set_requires_grad_args,
    "set_gradient": _set_gradient_args, "step": _step_args, "backward": _backward_args,
    "highlight": _highlight_args, "zoom": _zoom_args, "change_graph": _change_graph_args,
}


def parse_slide(obj: Any, index: int | None = None) -> Slide:
    where = _where(index)
    if not isinstance(obj, dict):
        raise LectureError(Message("{where}: a slide must be an object with a title, narration and "
                                   "actions", where=where))
    _check_keys(obj, {"title", "narration", "actions", "step_through", "view", "notes", "annotations",
                      "step_ops_only"}, {"title"}, where)
    title = _text(obj["title"], where, "title", MAX_TITLE)
    narration = _text(obj.get("narration", ""), where, "narration", MAX_TEXT, lines_ok=True)
    actions_obj = obj.get("actions", [])
    if not isinstance(actions_obj, list):
        raise LectureError(Message("{where}: 'actions' must be a list", where=where))
    if len(actions_obj) > MAX_ACTIONS:
        raise LectureError(Message("{where}: too many actions ({actions_obj}; the limit is {MAX_ACTIONS})",
                                   where=where, actions_obj=len(actions_obj), MAX_ACTIONS=MAX_ACTIONS))
    actions = [parse_action(a, index, i) for i, a in enumerate(actions_obj)]
    step_through = obj.get("step_through")
    if step_through is not None and step_through not in STEP_THROUGH:
        raise LectureError(Message('{where}: \'step_through\' must be "forward", "backward" or "both"',
                                   where=where))
    view = obj.get("view")
    if view is not None and view not in SLIDE_VIEWS:
        raise LectureError(Message('{where}: \'view\' must be "forward", "backward" or "side"', where=where))
    notes = _text(obj.get("notes", ""), where, "notes", MAX_TEXT, lines_ok=True)
    try:
        annotations = parse_annotations(obj.get("annotations", []), where)
    except AnnotationError as exc:
        raise LectureError(str(exc)) from None
    ops_only = obj.get("step_ops_only")
    if ops_only is not None and not isinstance(ops_only, bool):
        raise LectureError(Message("{where}: 'step_ops_only' must be true or false", where=where))
    return Slide(title, narration, actions, step_through, view, notes, annotations, ops_only)
