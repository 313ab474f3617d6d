"""Lecture files and the headless lecture player.

A lecture is an ordered list of slides. Each slide has a title, narration in a small Markdown
subset (``**bold**``, ``*italic*``, ```code```, ``- bullet`` lists; formulas are plain Unicode
such as ``Q = 3a³ − b²``) and a list of actions on the graph. Slides build on each other: the
graph a slide shows is the result of replaying every action from the last slide that loaded a
graph up to and including this one, so a lecture can be entered at any slide.

The file is JSON, validated completely before use, exactly like documents: no eval, no imports
driven by content, caps on sizes; every problem raises :class:`LectureError` with a message
that says where (slide number, action number) and what.

Actions (key ``"do"``)::

    {"do": "load_example", "name": "seed"}              resources/examples/seed.json
    {"do": "load_script", "source": "a = tensor(...)"}  the expression language (str or list of lines)
    {"do": "load_graph", "document": {...}}             an inline document (the file format)
    {"do": "set_value", "node": "a", "value": [2, 3]}
    {"do": "set_requires_grad", "nodes": ["w1", "b1"], "value": false}   ("node": "a" also works)
    {"do": "set_gradient", "value": [1, 1]}             the external gradient of the root
    {"do": "forward"}  {"do": "backward"}
    {"do": "step", "phase": "backward", "index": 2}      go to step N (0-based; -1 = the last)
    {"do": "highlight", "nodes": ["a"]}                 ([] clears)
    {"do": "zoom", "nodes": ["a", "Q"]}                 ([] = fit the whole graph)
    {"do": "backward", "accumulate": true}              (adds onto .grad, as a second .backward())
    {"do": "zero_grad"}                                 (every .grad back to None)
    {"do": "change_graph", "nodes": [...], ...}          the graph as changes to the previous slide's
                                                        (see lecture_changes; version 1 files kept
                                                        full copies and are migrated on open)

A slide may also carry speaker ``"notes"`` (presenter view only) and ``"annotations"`` (arrows,
boxes and text over the graph, see lecture_annotations).

A slide may also say ``"step_through": "forward" | "backward" | "both"``: then the clicker's
next/prev walk the steps of that pass before moving to the next/previous slide. With
``"step_ops_only": true`` (on the lecture: every slide; on a slide: that slide, overriding the
lecture) the forward steps visit op nodes only, the leaves and constants shown as already known
(stepping.StepController's ops_only). And
``"view": "forward" | "backward" | "side"``: the canvas it shows (the autograd DAG is
"backward"; files without it show the forward graph).
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from explorer.model.document import Document, DocumentError, Node
from explorer.model.lecture_action import LOAD_ACTIONS, Action, LectureError  # noqa: F401 (re-exported)
from explorer.model.lecture_annotations import Annotation, AnnotationError, parse_annotations
from explorer.model.lecture_changes import CHANGE_FIELDS, ChangeError, check_change
from explorer.model.lecture_markdown import markdown_to_html, markdown_to_plain  # noqa: F401 (re-exported)
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
    if do == "load_example":
        name = args["name"]
        if not isinstance(name, str) or not _EXAMPLE_NAME.match(name):
            raise LectureError(Message('{where}: example name must be a bare name such as "seed" (no '
                                       "paths)", where=where))
    elif do == "load_script":
        args["source"] = _text(args["source"], where, "source", MAX_SCRIPT, lines_ok=True)
    elif do == "load_graph":
        if not isinstance(args["document"], dict):
            raise LectureError(Message("{where}: 'document' must be a graph document object", where=where))
    elif do == "set_value":
        if not isinstance(args["node"], str) or not args["node"].isidentifier():
            raise LectureError(Message("{where}: 'node' must be a node name", where=where))
        _to_array(args["value"], where)
    elif do == "set_requires_grad":
        if ("node" in args) == ("nodes" in args):
            raise LectureError(Message("{where}: give either 'node' or 'nodes'", where=where))
        if "node" in args:
            args["nodes"] = _node_names([args.pop("node")], where, "node")
        else:
            args["nodes"] = _node_names(args["nodes"], where, "nodes")
        if not isinstance(args["value"], bool):
            raise LectureError(Message("{where}: 'value' must be true or false", where=where))
    elif do == "set_gradient":
        if args["value"] is not None:
            _to_array(args["value"], where)
    elif do == "step":
        if args["phase"] not in PHASES:
            raise LectureError(Message('{where}: \'phase\' must be "forward" or "backward"', where=where))
        i = args["index"]
        if isinstance(i, bool) or not isinstance(i, int) or not -1 <= i <= MAX_STEP_INDEX:
            raise LectureError(Message("{where}: 'index' must be a step number (0 is the first, -1 the "
                                       "last)", where=where))
    elif do == "backward":
        if not isinstance(args.get("accumulate", False), bool):
            raise LectureError(Message("{where}: 'accumulate' must be true or false", where=where))
    elif do == "highlight":
        args["nodes"] = _node_names(args["nodes"], where, "nodes")
    elif do == "zoom":
        args["nodes"] = _node_names(args.get("nodes", []), where, "nodes")
    elif do == "change_graph":
        try:
            check_change(args, where)
        except ChangeError as exc:
            raise LectureError(str(exc)) from None
    return Action(do, args)


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


def from_json(obj: Any) -> Lecture:
    """Validate a decoded JSON object and build a :class:`Lecture`."""
    if not isinstance(obj, dict):
        raise LectureError(Message("not a lecture file: the top level must be a JSON object"))
    if obj.get("format") != FORMAT:
        raise LectureError(Message('not a lecture file: "format" must be "{FORMAT}"', FORMAT=FORMAT))
    version = obj.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise LectureError(Message('lecture: "version" must be an integer'))
    if version > VERSION:
        raise LectureError(Message("this lecture was written by a newer version of Autograd Explorer "
                                   "(format version {version}; this version reads up to {VERSION})",
                                   version=version, VERSION=VERSION))
    if version < 1:
        raise LectureError(Message("lecture: unknown format version {version}", version=version))
    _check_keys(obj, {"format", "version", "title", "language", "description", "slides", "step_ops_only"},
                {"format", "version", "title", "slides"}, "lecture")
    ops_only = obj.get("step_ops_only", False)
    if not isinstance(ops_only, bool):
        raise LectureError(Message("lecture: 'step_ops_only' must be true or false"))
    title = _text(obj["title"], "lecture", "title", MAX_TITLE)
    language = obj.get("language", "en")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}(_[A-Z]{2})?", language):
        raise LectureError(Message('lecture: \'language\' must be a language code such as "en" or "ko"'))
    description = _text(obj.get("description", ""), "lecture", "description", MAX_TEXT, lines_ok=True)
    slides = obj["slides"]
    if not isinstance(slides, list):
        raise LectureError(Message("lecture: 'slides' must be a list"))
    if not slides:
        raise LectureError(Message("lecture: there are no slides"))
    if len(slides) > MAX_SLIDES:
        raise LectureError(Message("lecture: too many slides ({slides}; the limit is {MAX_SLIDES})",
                                   slides=len(slides), MAX_SLIDES=MAX_SLIDES))
    parsed = [parse_slide(s, i) for i, s in enumerate(slides)]
    if not parsed[0].loads_graph():
        raise LectureError(Message("slide 1: the first slide must load a graph (load_example, "
                                   "load_script or load_graph)"))
    lecture = Lecture(title, parsed, language, description, ops_only)
    if version < 2:
        # version 1 kept a full copy of the graph on every captured slide: store changes instead
        from explorer.model.lecture_changes import migrate_full_copies

        migrate_full_copies(lecture, LecturePlayer(lecture))
    return lecture


def _no_constants(name: str) -> Any:
    raise LectureError(Message("invalid number '{name}' (NaN and Infinity are not allowed in lectures)",
                               name=name))


#: Longest whole number a lecture file may write, in digits (a float64 holds up to ~1.8e308).
MAX_INT_DIGITS = 300


def _bounded_int(text: str) -> int:
    """json's ``parse_int``: refuse a huge number before Python converts it (a 5,000-digit
    integer otherwise raises Python's own digit-limit error, naming a sys setting)."""
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise LectureError(Message("a whole number with {digits} digits is too large (at most "
                                   "{MAX_INT_DIGITS} digits)", digits=format(digits, ","),
                                   MAX_INT_DIGITS=MAX_INT_DIGITS))
    return int(text)


def loads(text: str | bytes) -> Lecture:
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise LectureError(Message("the lecture file is too large (over {value} MB)",
                                       value=MAX_FILE_BYTES // (1024 * 1024)))
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LectureError(Message("the lecture file is not UTF-8 text (byte {start})", start=exc.start)) from None
    if len(text) > MAX_FILE_BYTES:
        raise LectureError(Message("the lecture file is too large (over {value} MB)",
                                   value=MAX_FILE_BYTES // (1024 * 1024)))
    try:
        obj = json.loads(text, parse_constant=_no_constants, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise LectureError(Message("not valid JSON at line {lineno}, column {colno}: {msg}",
                                   lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from None
    except RecursionError:
        raise LectureError(Message("the lecture file is nested too deeply")) from None
    return from_json(obj)


def dumps(lecture: Lecture) -> str:
    return json.dumps(lecture.to_json(), ensure_ascii=False, indent=2) + "\n"


def load_lecture(path: str | os.PathLike) -> Lecture:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LectureError(Message("{name}: the lecture file is too large", name=path.name))
        data = path.read_bytes()
    except OSError as exc:
        raise LectureError(Message("cannot read {path}: {value}", path=path, value=exc.strerror or exc)) from None
    try:
        return loads(data)
    except LectureError as exc:
        raise LectureError(Message("{name}: {exc}", name=path.name, exc=exc)) from None


def save_lecture(lecture: Lecture, path: str | os.PathLike, *, overwrite_read_only: bool = False) -> None:
    """Atomic save (:mod:`explorer.model.atomic`: temp file in the same folder, fsync, replace,
    symlinks followed; the old file survives a failure). A read-only file is refused unless
    ``overwrite_read_only``."""
    from explorer.model import atomic

    path = Path(path)
    text = dumps(lecture)
    from_json(json.loads(text))  # never write a file we would refuse to open
    try:
        atomic.write_text_atomic(path, text, overwrite_read_only=overwrite_read_only)
    except atomic.ReadOnlyFileError:
        raise LectureError(Message("cannot save {path}: the file is read-only", path=path)) from None
    except OSError as exc:
        raise LectureError(Message("cannot save {path}: {value}", path=path, value=exc.strerror or exc)) from None


# ====================================================================== bundled files
def resources_dir() -> Path:
    import resources

    return Path(resources.__file__).resolve().parent


def examples_dir() -> Path:
    return resources_dir() / "examples"


def lectures_dir() -> Path:
    return resources_dir() / "lectures"


def bundled_lectures() -> list[Path]:
    return sorted(lectures_dir().glob("*.json"))


# ====================================================================== player
@dataclass
class PlayerState:
    """Everything a view needs to show the current slide and step."""

    slide_index: int
    slide_count: int
    slide: Slide
    position: int                  # step position (see stepping.StepController)
    step_range: tuple[int, int] | None   # (first, last) position of this slide's step-through
    highlight: list[str]           # node ids
    zoom: list[str] | None         # node ids to frame; [] = fit all; None = leave the view alone
    ran: str | None                # None | "forward" | "backward"


class LecturePlayer:
    """Applies a lecture's slides to a document and a runner, and moves through slides and steps.

    ``next()``/``prev()`` are what a presenter's clicker does: on a slide with ``step_through``
    they walk the steps first, then move to the next/previous slide (entering a previous slide
    at its last step, as presentation software shows a fully built slide when going back).
    Listeners are called with the player after every change.
    """

    def __init__(self, lecture: Lecture, document: Document | None = None, runner: Any = None,
                 examples: Path | None = None) -> None:
        self.lecture = lecture
        self.document = document if document is not None else Document()
        self._own_runner = runner is None
        self.runner = runner
        self.examples = Path(examples) if examples is not None else examples_dir()
        self.slide_index = -1
        self.highlight: list[str] = []
        self.zoom: list[str] | None = None
        self.ran: str | None = None
        self.result: Any = None
        self.run_error: str | None = None
        self.document_version = 0     # bumped whenever a replay loads or edits the graph
        self.stepper: Any = None
        self._listeners: list[Callable[["LecturePlayer"], None]] = []

    # ------------------------------------------------------------------ listeners
    def subscribe(self, listener: Callable[["LecturePlayer"], None]) -> None:
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    # ------------------------------------------------------------------ navigation
    @property
    def slide(self) -> Slide | None:
        return self.lecture.slides[self.slide_index] if 0 <= self.slide_index < len(self.lecture.slides) else None

    @property
    def slide_count(self) -> int:
        return len(self.lecture.slides)

    def step_range(self) -> tuple[int, int] | None:
        slide = self.slide
        if slide is None or not slide.step_through or self.stepper is None:
            return None
        return self.stepper.range_of(slide.step_through)

    @property
    def position(self) -> int:
        return self.stepper.position if self.stepper is not None else -1

    def state(self) -> PlayerState:
        return PlayerState(self.slide_index, self.slide_count, self.slide, self.position,
                           self.step_range(), list(self.highlight), self.zoom, self.ran)

    def start(self) -> None:
        self.go_to_slide(0)

    def go_to_slide(self, index: int, at_end: bool = False) -> None:
        """Show slide ``index`` (0-based): replay the actions that build its graph."""
        if not 0 <= index < self.slide_count:
            raise LectureError(Message("there is no slide {value} (the lecture has {slide_count})",
                                       value=index + 1, slide_count=self.slide_count))
        self._replay(index)
        rng = self.step_range()
        if rng is not None and at_end:
            self.stepper.set_position(rng[1])
        self._notify()

    def next(self) -> bool:
        """One clicker press forward. Returns False at the very end of the lecture."""
        rng = self.step_range()
        if rng is not None and self.stepper.position < rng[1]:
            self.stepper.set_position(max(self.stepper.position + 1, rng[0] + 1))
            self._notify()
            return True
        if self.slide_index + 1 < self.slide_count:
            self.go_to_slide(self.slide_index + 1)
            return True
        return False

    def prev(self) -> bool:
        """One clicker press back. Returns False at the very start."""
        rng = self.step_range()
        if rng is not None and self.stepper.position > rng[0]:
            self.stepper.set_position(min(self.stepper.position - 1, rng[1]))
            self._notify()
            return True
        if self.slide_index > 0:
            self.go_to_slide(self.slide_index - 1, at_end=True)
            return True
        return False

    @property
    def at_end(self) -> bool:
        rng = self.step_range()
        steps_done = rng is None or self.stepper.position >= rng[1]
        return self.slide_index == self.slide_count - 1 and steps_done

    @property
    def at_start(self) -> bool:
        rng = self.step_range()
        return self.slide_index <= 0 and (rng is None or self.stepper.position <= rng[0])

    def clicks(self) -> int:
        """How many next() presses walk the whole lecture from the first slide (computed on a
        separate player, so the current position is left alone)."""
        probe = LecturePlayer(self.lecture, examples=self.examples)
        total = 0
        for i, slide in enumerate(self.lecture.slides):
            if i:
                total += 1
            if slide.step_through:
                probe._replay(i)
                first, last = probe.step_range()
                total += last - max(probe.stepper.position, first)
        return total

    # ------------------------------------------------------------------ replay
    def _replay(self, index: int) -> None:
        start = max(i for i in range(index + 1) if self.lecture.slides[i].loads_graph())
        self.slide_index = index
        self.highlight, self.zoom, self.ran = [], None, None
        self.result = None
        self.run_error = None
        step_target: tuple[str, int] | None = None
        dirty = False
        self.document_version += 1
        for i in range(start, index + 1):
            current = i == index
            for j, action in enumerate(self.lecture.slides[i].actions):
                where = _where(i, j)
                try:
                    if action.do in ("highlight", "zoom", "step"):
                        if not current:
                            continue  # presentational: only the current slide's count
                        if action.do == "highlight":
                            self.highlight = [self._node_id(n, where) for n in action.args["nodes"]]
                        elif action.do == "zoom":
                            self.zoom = [self._node_id(n, where) for n in action.args["nodes"]]
                        else:
                            step_target = (action.args["phase"], action.args["index"])
                            if self.ran is None or (action.args["phase"] == "backward" and self.ran != "backward"):
                                self._run("backward" if action.args["phase"] == "backward" else "forward", where)
                        continue
                    if action.do in LOAD_ACTIONS or action.do == "change_graph":
                        self._load(action, where)
                        self.ran, self.result, dirty = None, None, False
                    elif action.do == "forward":
                        self._run("forward", where)
                        dirty = False
                    elif action.do == "backward":
                        # "accumulate": a second backward adds onto .grad, as in PyTorch
                        self._run("backward", where, accumulate=bool(action.args.get("accumulate")))
                        dirty = False
                    elif action.do == "zero_grad":
                        if self.runner is None:
                            self._new_runner()
                        zeroed = self.runner.zero_grad()
                        if zeroed is not None:
                            self.result = zeroed
                    else:
                        self._edit(action, where)
                        dirty = True
                except LectureError:
                    raise
                except (DocumentError, ValueError, KeyError, IndexError, TypeError) as exc:
                    raise LectureError(Message("{where} ({do}): {exc}", where=where, do=action.do, exc=exc)) from None
                except Exception as exc:  # a bug elsewhere must not take the lecture (or the app) down
                    raise LectureError(Message("{where} ({do}) failed: {name}: {exc}", where=where,
                                               do=action.do, name=type(exc).__name__, exc=exc)) from exc
        try:
            self._finish_slide(index, dirty, step_target)
        except LectureError:
            raise
        except Exception as exc:
            raise LectureError(Message("{_where} failed: {name}: {exc}", _where=_where(index),
                                       name=type(exc).__name__, exc=exc)) from exc

    def _finish_slide(self, index: int, dirty: bool, step_target: tuple[str, int] | None) -> None:
        slide = self.lecture.slides[index]
        # An edit after a run leaves the shown results stale: run again as far as before, as the
        # app's auto-run does, so the class sees the effect of the change.
        if dirty and self.ran is not None:
            self._run(self.ran, _where(index))
        if slide.step_through and (self.ran != "backward" and slide.step_through != "forward"):
            self._run("backward", _where(index))
        elif slide.step_through and self.ran is None:
            self._run("forward", _where(index))
        self._refresh_steps()
        if self.stepper is not None:
            rng = self.step_range()
            if step_target is not None:
                try:
                    self.stepper.go_to(*step_target)
                except IndexError as exc:
                    raise LectureError(Message("{_where}: {exc}", _where=_where(index), exc=exc)) from None
            elif rng is not None:
                self.stepper.set_position(rng[0])

    def _node_id(self, name: str, where: str) -> str:
        node = self.document.node_by_name(name)
        if node is None:
            names = ", ".join(sorted(n.name for n in self.document.nodes.values())) or "none"
            raise LectureError(Message("{where}: no node named '{name}' in the graph (names: {names})",
                                       where=where, name=name, names=names))
        return node.id

    def apply_graph_action(self, action: Action, slide: int, index: int) -> None:
        """Apply one action's effect on the graph only (loads, changes, edits; nothing runs):
        used to migrate old files, where only the graph each slide builds matters."""
        where = _where(slide, index)
        try:
            if action.do in LOAD_ACTIONS or action.do == "change_graph":
                self._load(action, where)
            elif action.do in ("set_value", "set_requires_grad", "set_gradient"):
                self._edit(action, where)
        except LectureError:
            raise
        except (DocumentError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise LectureError(Message("{where} ({do}): {exc}", where=where, do=action.do, exc=exc)) from None

    def _load(self, action: Action, where: str) -> None:
        if action.do == "change_graph":
            from explorer.model import fileformat
            from explorer.model.lecture_changes import apply_change

            try:
                data = apply_change(fileformat.to_data(self.document), action.args)
                doc = fileformat.from_data(data)
            except (ChangeError, fileformat.FileFormatError) as exc:
                raise LectureError(Message("{where}: the slide's graph changes cannot be applied: {exc}",
                                           where=where, exc=exc)) from None
            self.document.replace_with(doc)
            self._new_runner()
            return
        if action.do == "load_example":
            from explorer.model.fileformat import load_document

            path = self.examples / f"{action.args['name']}.json"
            if not path.is_file():
                available = ", ".join(sorted(p.stem for p in self.examples.glob("*.json"))) or "none"
                raise LectureError(Message("{where}: no bundled example '{args}' (available: {available})",
                                           where=where, args=action.args['name'], available=available))
            doc = load_document(path)
        elif action.do == "load_script":
            from explorer.model.language import parse_script

            doc = parse_script(action.args["source"])
        else:
            from explorer.model import fileformat

            from_data = getattr(fileformat, "from_data", None)
            doc = from_data(action.args["document"]) if from_data else fileformat.loads(json.dumps(action.args["document"]))
        _ensure_positions(doc)
        self.document.replace_with(doc)
        self._new_runner()

    def _new_runner(self) -> None:
        if self._own_runner or self.runner is None:
            from explorer.model.runner import Runner

            if self.runner is not None and self._own_runner:
                self.runner.close()
            self.runner = Runner(self.document)
            self._own_runner = True
        self.stepper = None

    def _edit(self, action: Action, where: str) -> None:
        from explorer.model import commands

        doc = self.document
        if action.do == "set_value":
            node_id = self._node_id(action.args["node"], where)
            node = doc.nodes[node_id]
            if node.kind == "op":
                raise LectureError(Message("{where}: '{name}' is computed by an op; only leaves and "
                                           "constants have values to set", where=where, name=node.name))
            value = _to_array(action.args["value"], where)   # SetValueCommand converts and checks it
            commands.SetValueCommand(node_id, value).do(doc)
        elif action.do == "set_requires_grad":
            ids = [self._node_id(n, where) for n in action.args["nodes"]]
            for nid in ids:
                if doc.nodes[nid].kind != "leaf":
                    raise LectureError(Message("{where}: '{name}' is not a leaf tensor; only leaves have "
                                               "requires_grad to set", where=where, name=doc.nodes[nid].name))
            commands.SetRequiresGradCommand(ids, action.args["value"]).do(doc)
        elif action.do == "set_gradient":
            if doc.root is None:
                raise LectureError(Message("{where}: the graph has no backward root to give a gradient to",
                                           where=where))
            value = action.args["value"]
            gradient = None if value is None else _to_array(value, where)
            commands.SetRootCommand(doc.root, gradient).do(doc)

    def _run(self, how: str, where: str, accumulate: bool = False) -> None:
        if self.runner is None:
            self._new_runner()
        # Each slide's run starts from zeroed grads, as an optimizer loop's zero_grad() does,
        # unless the slide asks to accumulate (Backward twice without zero_grad, as in PyTorch).
        if not accumulate:
            self.runner.zero_grad()
        result = self.runner.run_forward() if how == "forward" else self.runner.run_backward(accumulate=accumulate, carry_over=accumulate)
        self.result = result
        self.ran = how
        self.stepper = None
        # A refused backward (e.g. a non-scalar root without a gradient) is something a lecture
        # may want to show, so it is reported, not raised; the canvas shows node errors itself.
        self.run_error = _run_error(result)

    def _refresh_steps(self) -> None:
        from explorer.model.stepping import StepController

        if self.ran is None or self.runner is None:
            self.stepper = None
            return
        stepper = StepController(self.runner, ops_only=self.lecture.ops_only(self.slide_index))
        done = len(stepper) - 1 if self.ran == "backward" else len(stepper.forward) - 1
        stepper.set_position(done)
        self.stepper = stepper

    def display_result(self) -> Any:
        """The run result as it should look at the current step (later values/grads hidden)."""
        if self.stepper is None:
            return self.result
        result = self.result
        if self.ran == "forward" and self.stepper.position >= len(self.stepper.forward):
            # stepping on into backward from a forward-only slide: show the backward run
            result = self.runner.last_result
        return self.stepper.partial_result(result)


def _ensure_positions(doc: Document) -> None:
    """Scripts carry no positions: lay the graph out when every node sits at the same place.
    (The document is fresh and not shown yet, so its positions are set directly.)"""
    if len(doc.nodes) > 1 and len({tuple(n.pos) for n in doc.nodes.values()}) <= 1:
        from explorer.model.layout import layered_layout

        for nid, pos in layered_layout(doc).items():
            doc.nodes[nid].pos = pos


def _run_error(result: Any) -> str | None:
    """A run-level error message (e.g. a backward that PyTorch refuses), if the result has one."""
    for name in ("error", "backward_error", "message"):
        value = getattr(result, name, None)
        if isinstance(value, str) and value:
            return value
    return None
