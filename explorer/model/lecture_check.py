"""The lecture pre-flight: ``main.py check-lecture FILE``, the same check before
``export-lecture``, and the authoring panel's actions editor. Every slide and step is played
headless, as a class would meet them, and every problem is reported in one line.
"""
from __future__ import annotations

import os
from pathlib import Path

from explorer.model.lecture import Lecture, LectureError, LecturePlayer, load_lecture
from explorer.model.lecture_slides import _where
from explorer.model.messages import Message


def check_lecture(lecture: Lecture, examples: Path | None = None) -> list[str]:
    """Play every slide and every step headless, as a class would see them; return one message
    per problem (empty = all good): actions that fail (unknown nodes, bad steps), a backward
    that PyTorch refuses (a gradient of the wrong shape), nodes that fail to compute, and
    errors shown on a step."""
    player = LecturePlayer(lecture, examples=examples)
    problems: list[str] = []
    for i, slide in enumerate(lecture.slides):
        where = Message("{where} ({title})", where=_where(i), title=slide.title)
        try:
            player.go_to_slide(i)
        except LectureError as exc:
            problems.append(str(exc))
            continue
        found: list[str] = []
        if player.run_error:
            found.append(Message("backward: {error}", error=player.run_error))
        result = player.result
        names = {nid: n.name for nid, n in player.document.nodes.items()}
        for nid, message in (getattr(result, "errors", None) or {}).items():
            found.append(Message("{name}: {message}", name=names.get(nid, nid), message=message))
        rng = player.step_range()
        if rng is not None:
            for position in range(rng[0], rng[1] + 1):
                player.stepper.set_position(position)
                step = player.stepper.current
                error = getattr(step, "error", None) if step is not None else None
                if error:
                    found.append(Message("step {name}: {error}", name=getattr(step, "name", position),
                                         error=error))
        for message in dict.fromkeys(found):   # each once, in order
            problems.append(Message("{where}: {message}", where=where, message=message))
    return problems


def lecture_preflight(path: str | os.PathLike, error: type[Exception] = LectureError) -> str:
    """Load and check the lecture at ``path`` (``main.py check-lecture``, and before
    ``export-lecture``). Returns a one-line summary; raises ``error`` with one line (the first
    problem, and how many more) when the file cannot be read or a slide fails."""
    if not os.path.isfile(path):
        raise error(f"{path}: no such file")
    try:
        lecture = load_lecture(path)
        problems = check_lecture(lecture)
    except LectureError as exc:
        raise error(f"{path}: {' '.join(str(exc).split())}") from None
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise error(f"{path}: {' '.join(problems[0].split())}{more}")
    return f"{path}: ok, {len(lecture.slides)} slides"
