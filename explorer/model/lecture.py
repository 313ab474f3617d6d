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
import os
import re
from pathlib import Path
from typing import Any

from explorer.model import atomic
from explorer.model.lecture_action import LOAD_ACTIONS, Action, LectureError
from explorer.model.lecture_changes import migrate_full_copies
from explorer.model.lecture_markdown import markdown_to_html, markdown_to_plain
from explorer.model.lecture_player import (
    LecturePlayer,
    PlayerState,
    bundled_lectures,
    examples_dir,
    lectures_dir,
    resources_dir,
)
from explorer.model.lecture_slides import (
    ACTIONS,
    FORMAT,
    MAX_ACTIONS,
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_FILE_BYTES,
    MAX_NODES_PER_ACTION,
    MAX_SCRIPT,
    MAX_SLIDES,
    MAX_STEP_INDEX,
    MAX_TEXT,
    MAX_TITLE,
    PHASES,
    SLIDE_VIEWS,
    STEP_THROUGH,
    VERSION,
    Lecture,
    Slide,
    _check_keys,
    _text,
    parse_action,
    parse_slide,
)
from explorer.model.messages import Message

# Everything a caller imported from this module before it was split stays importable here.
__all__ = [
    "FORMAT", "VERSION", "MAX_FILE_BYTES", "MAX_SLIDES", "MAX_ACTIONS", "MAX_TEXT", "MAX_TITLE", "MAX_SCRIPT",
    "MAX_ELEMENTS", "MAX_DEPTH", "MAX_NODES_PER_ACTION", "MAX_STEP_INDEX", "MAX_INT_DIGITS", "PHASES",
    "STEP_THROUGH", "ACTIONS", "SLIDE_VIEWS", "LOAD_ACTIONS", "Action", "LectureError", "Slide", "Lecture",
    "PlayerState", "LecturePlayer", "parse_action", "parse_slide", "from_json", "loads", "dumps",
    "load_lecture", "save_lecture", "resources_dir", "examples_dir", "lectures_dir", "bundled_lectures",
    "markdown_to_html", "markdown_to_plain",
]


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
    path = Path(path)
    text = dumps(lecture)
    from_json(json.loads(text))  # never write a file we would refuse to open
    try:
        atomic.write_text_atomic(path, text, overwrite_read_only=overwrite_read_only)
    except atomic.ReadOnlyFileError:
        raise LectureError(Message("cannot save {path}: the file is read-only", path=path)) from None
    except OSError as exc:
        raise LectureError(Message("cannot save {path}: {value}", path=path, value=exc.strerror or exc)) from None


