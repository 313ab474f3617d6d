"""The headless lecture player: applies a lecture's slides to a document and a runner and
moves through slides and steps; and where the bundled examples and lectures live
(re-exported by :mod:`explorer.model.lecture`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import resources
from explorer.model import commands, fileformat
from explorer.model.document import Document, DocumentError
from explorer.model.fileformat import load_document
from explorer.model.language import parse_script
from explorer.model.layout import layered_layout
from explorer.model.lecture_action import LOAD_ACTIONS, Action, LectureError
from explorer.model.lecture_changes import ChangeError, apply_change
from explorer.model.lecture_slides import Lecture, Slide, _to_array, _where
from explorer.model.messages import Message
from explorer.model.observable import Observable
from explorer.model.runner import Runner
from explorer.model.stepping import StepController


# ====================================================================== bundled files
def resources_dir() -> Path:
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


class LecturePlayer(Observable):
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
                presentational = action.do in ("highlight", "zoom", "step")
                if presentational and not current:
                    continue  # presentational: only the current slide's count
                where = _where(i, j)
                try:
                    if presentational:
                        step_target = self._present(action, where) or step_target
                    else:
                        dirty = self._replay_action(action, where, dirty)
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

    def _present(self, action: Action, where: str) -> tuple[str, int] | None:
        """A highlight, zoom or step action of the current slide; a step returns its target."""
        if action.do == "highlight":
            self.highlight = [self._node_id(n, where) for n in action.args["nodes"]]
            return None
        if action.do == "zoom":
            self.zoom = [self._node_id(n, where) for n in action.args["nodes"]]
            return None
        if self.ran is None or (action.args["phase"] == "backward" and self.ran != "backward"):
            self._run("backward" if action.args["phase"] == "backward" else "forward", where)
        return (action.args["phase"], action.args["index"])

    def _replay_action(self, action: Action, where: str, dirty: bool) -> bool:
        """One graph action replayed; returns whether the graph is now edited since its last run."""
        if action.do in LOAD_ACTIONS or action.do == "change_graph":
            self._load(action, where)
            self.ran, self.result = None, None
            return False
        if action.do == "forward":
            self._run("forward", where)
            return False
        if action.do == "backward":
            # "accumulate": a second backward adds onto .grad, as in PyTorch
            self._run("backward", where, accumulate=bool(action.args.get("accumulate")))
            return False
        if action.do == "zero_grad":
            if self.runner is None:
                self._new_runner()
            zeroed = self.runner.zero_grad()
            if zeroed is not None:
                self.result = zeroed
            return dirty
        self._edit(action, where)
        return True

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
            path = self.examples / f"{action.args['name']}.json"
            if not path.is_file():
                available = ", ".join(sorted(p.stem for p in self.examples.glob("*.json"))) or "none"
                raise LectureError(Message("{where}: no bundled example '{args}' (available: {available})",
                                           where=where, args=action.args['name'], available=available))
            doc = load_document(path)
        elif action.do == "load_script":
            doc = parse_script(action.args["source"])
        else:
            doc = fileformat.from_data(action.args["document"])
        _ensure_positions(doc)
        self.document.replace_with(doc)
        self._new_runner()

    def _new_runner(self) -> None:
        if self._own_runner or self.runner is None:
            if self.runner is not None and self._own_runner:
                self.runner.close()
            self.runner = Runner(self.document)
            self._own_runner = True
        self.stepper = None

    def _edit(self, action: Action, where: str) -> None:
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
        for nid, pos in layered_layout(doc).items():
            doc.nodes[nid].pos = pos


def _run_error(result: Any) -> str | None:
    """A run-level error message (e.g. a backward that PyTorch refuses), if the result has one."""
    for name in ("error", "backward_error", "message"):
        value = getattr(result, name, None)
        if isinstance(value, str) and value:
            return value
    return None
