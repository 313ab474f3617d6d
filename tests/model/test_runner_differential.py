"""The live runner against a fresh one, after every step of random editing sessions.

A session starts as the app does (the seed opened, backward run) and then does random things a
user does: add/remove/connect/disconnect nodes, set values, toggle requires_grad, rename, paste,
group, set the root, undo/redo, File ▸ New, File ▸ Open of an example, Apply of a script, lecture
slides forward and back, Backward presses and Zero grad. After each step the runner runs as
Auto-run does; its results (values, grads, flags, grad_fn names, next_functions, backward
membership, errors, accumulation) must equal a fresh ``Runner`` on a copy of the same document
with the same number of Backward presses. (On the old two-path runner this fails within a few
hundred sessions: a node made after File ▸ New read an old node's cached entry.)

The test names only Runner's long-standing API (plus ``again=`` where it exists) so it can be
pointed at an older runner module to show what it catches.
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.model import commands as C
from explorer.model.document import Document, DocumentError, Edge
from explorer.model.fileformat import load_document
from explorer.model.language.parser import parse_script
from explorer.model.language.printer import to_script
from explorer.model.lecture import LecturePlayer, load_lecture
from explorer.model.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ["seed.json", "neuron.json", "mlp.json"]
LECTURES = ["neuron_backprop_en.json", "autograd_intro_en.json"]
OPS = ["add", "sub", "mul", "div", "pow", "exp", "log", "tanh", "sigmoid", "relu", "sum", "mean",
       "matmul", "neg", "sqrt", "cross_entropy", "linear"]
SHAPES = [(), (2,), (3,), (2, 3)]
NUMBERS = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0]
SCRIPTS = [
    "a = tensor([2., 3.], requires_grad=True)\nb = tensor([6., 4.], requires_grad=True)\n"
    "Q = 3*a**3 - b**2\nQ.backward(gradient=tensor([1., 1.]))\n",
    "x = tensor([1., -2.], requires_grad=True)\ny = (2 / x).exp().sum()\ny.backward()\n",
]
KINDS = ["leaf", "const", "op", "op", "connect", "connect", "connect", "disconnect", "value", "toggle",
         "rename", "remove", "paste", "group", "root", "undo", "redo", "new", "open", "apply", "slide",
         "press", "zero"]


@functools.lru_cache(maxsize=None)
def _example(name: str) -> Document:
    return load_document(ROOT / "resources" / "examples" / name)


@functools.lru_cache(maxsize=None)
def _lecture(name: str):
    return load_lecture(ROOT / "resources" / "lectures" / name)


def _arr(a) -> tuple | None:
    return None if a is None else (str(a.dtype), a.shape, np.asarray(a).tobytes())


def observable(res, runner) -> tuple:
    nodes = tuple((nid, _arr(r.value), _arr(r.grad), _arr(r.flow_grad), r.requires_grad, r.is_leaf, r.grad_fn,
                   r.next_functions, r.retains_grad, r.error, r.warning, r.blocked_by, r.computed,
                   r.in_backward_graph, getattr(r, "accumulated", 0))
                  for nid, r in sorted(res.results.items()))
    edges = tuple(sorted((str(e), _arr(g)) for e, g in res.edge_grads.items()))
    steps = tuple((s.node_id, s.name) for s in runner.backward_steps()) if res.backward_ran else ()
    return nodes, edges, tuple(sorted(map(str, res.backward_edges))), res.backward_ran, res.backward_error, steps


def auto_run(runner: Runner):
    """What Auto-run does after an edit: forward, and backward when there is a root."""
    if runner.doc.root is None:
        return runner.run_forward()
    try:
        return runner.run_backward(again=False)
    except TypeError:          # a runner without ``again`` (the old one) always ran afresh
        return runner.run_backward()


class Session:
    """One user's session: a document, its undo stack, the live runner."""

    def __init__(self) -> None:
        self.doc = _example("seed.json").copy()
        self.history = C.History(self.doc)
        self.runner = Runner(self.doc)
        self.runner.run_backward()
        self.presses = 1           # Backward passes since the last edit (Auto-run's counts as one)
        self.confirmed = True      # a press adds a pass (False: the last pass was Auto-run's)
        self.edited = False
        self.doc.subscribe(self._on_event)

    def _on_event(self, event) -> None:
        if not (event.kind == "node_changed" and set(event.fields) <= {"pos"}):
            self.edited = True

    def push(self, command) -> None:
        try:
            self.history.push(command)
        except (DocumentError, ValueError):
            pass                   # refused (a cycle, an occupied port): nothing changed

    def pick(self, k: int, kinds=("leaf", "const", "op")) -> str | None:
        ids = [nid for nid, n in self.doc.nodes.items() if n.kind in kinds]
        return ids[k % len(ids)] if ids else None

    def replace(self, new: Document) -> None:
        self.doc.replace_with(new)
        self.history.clear()

    def step(self, kind: str, i: int, j: int, x: int) -> None:
        doc = self.doc
        shape = SHAPES[j % len(SHAPES)]
        value = np.resize(np.array([NUMBERS[(x + t) % len(NUMBERS)] for t in range(6)], np.float32), shape)
        if kind == "leaf":
            self.push(C.AddNodeCommand(C.leaf_node(doc, doc.unique_name("l"), value, requires_grad=bool(i % 2))))
        elif kind == "const":
            self.push(C.AddNodeCommand(C.const_node(doc, value if i % 2 else NUMBERS[x % len(NUMBERS)])))
        elif kind == "op":
            self.push(C.AddNodeCommand(C.op_node(doc, OPS[i % len(OPS)])))
        elif kind == "connect":
            src, dst = self.pick(i), self.pick(j, ("op",))
            if src is not None and dst is not None:
                self.push(C.ConnectCommand(src, dst, x % max(1, doc.arity(dst))))
        elif kind == "disconnect":
            edges = doc.edges()
            if edges:
                self.push(C.DisconnectCommand(edges[i % len(edges)]))
        elif kind == "value":
            nid = self.pick(i, ("leaf", "const"))
            if nid is not None:
                self.push(C.SetValueCommand(nid, np.resize(value, np.shape(doc.nodes[nid].value))
                                            if j % 3 else value))
        elif kind == "toggle":
            nid = self.pick(i, ("leaf",))
            if nid is not None:
                self.push(C.SetRequiresGradCommand(nid, not doc.nodes[nid].requires_grad))
        elif kind == "rename":
            nid = self.pick(i)
            if nid is not None:
                self.push(C.RenameCommand(nid, doc.unique_name(f"r{x}")))
        elif kind == "remove":
            nid = self.pick(i)
            if nid is not None:
                self.push(C.RemoveNodesCommand([nid]))
        elif kind == "paste":
            ids = [nid for nid in (self.pick(i), self.pick(j)) if nid is not None]
            if ids:
                self.push(C.PasteFragmentCommand(C.extract_fragment(doc, set(ids))))
        elif kind == "group":
            nid = self.pick(i)
            if nid is not None:
                self.push(C.GroupCommand([nid], f"g{x}"))
        elif kind == "root":
            nid = self.pick(i)
            if nid is not None:
                fresh = Runner(doc.copy(), listen=False).run_forward()[nid]
                gradient = None if fresh.value is None or np.size(fresh.value) == 1 or j % 4 == 0 else \
                    np.ones(np.shape(fresh.value), np.float32)
                self.push(C.SetRootCommand(nid, gradient))
        elif kind == "undo":
            if self.history.can_undo():
                self.history.undo()
        elif kind == "redo":
            if self.history.can_redo():
                self.history.redo()
        elif kind == "new":
            self.replace(Document())
        elif kind == "open":
            self.replace(_example(EXAMPLES[i % len(EXAMPLES)]).copy())
        elif kind == "apply":
            source = SCRIPTS[i % len(SCRIPTS)] if j % 2 else to_script(doc)
            try:
                parsed = parse_script(source)
            except Exception:  # noqa: BLE001 - a script the parser refuses changes nothing
                return
            self.replace(parsed)
        elif kind == "slide":
            lecture = _lecture(LECTURES[i % len(LECTURES)])
            player = LecturePlayer(lecture, document=doc, runner=self.runner)
            for k in (j % len(lecture.slides), x % len(lecture.slides)):   # forward and back
                player.go_to_slide(k)
            self.history.clear()

    def check(self, kind: str) -> None:
        """Do what the app does after the step, then compare with a fresh runner."""
        runner, doc = self.runner, self.doc
        if kind == "press":                       # the Backward (or Forward) button
            res = runner.run_backward() if doc.root is not None else runner.run_forward()
            # the first press after Auto-run shows Auto-run's pass; later presses add one each
            self.presses += doc.root is not None and self.confirmed
            self.confirmed = True
        elif kind == "zero":                      # the Zero grad button
            res = runner.zero_grad() or runner.run_forward()
            self.presses = 0
            self.confirmed = True
        elif self.edited:                         # Auto-run, which an edit triggers
            res = auto_run(runner)
            self.presses = int(doc.root is not None)
            self.confirmed = False
            if kind == "slide" and doc.root is not None:
                # the lecture ran its own (explicit) passes on this runner: Auto-run shows them
                self.presses = max(1, res.passes)
                self.confirmed = not runner.automatic_pass
        else:                                     # nothing changed: the window shows what it showed
            res = runner.last_result
        self.edited = False
        fresh = Runner(doc.copy(), listen=False)
        want = fresh.run_forward()
        for _ in range(self.presses):
            want = fresh.run_backward()
        assert observable(res, runner) == observable(want, fresh), kind


STEP = st.tuples(st.sampled_from(KINDS), st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))


@settings(max_examples=2000, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(STEP, min_size=1, max_size=6))
def test_the_live_runner_equals_a_fresh_runner_after_every_step(steps):
    session = Session()
    for kind, i, j, x in steps:
        if kind not in ("press", "zero"):
            session.step(kind, i, j, x)
        session.check(kind)


def test_rewiring_that_keeps_every_flag_still_moves_the_backward_graph():
    """sum(sin(a)) rewired to read another sin(a): every node's flags stay the same, so only
    the wiring tells which sin is in the backward graph now."""
    from explorer.model.document import Node

    doc = Document()
    doc.insert_node(Node("a", "leaf", "a", value=np.array([0.5, 1.0], np.float32), requires_grad=True))
    for nid in ("u", "v"):
        doc.insert_node(Node(nid, "op", nid, op="sin"))
        doc.insert_edge(Edge("a", nid, 0))
    doc.insert_node(Node("L", "op", "L", op="sum"))
    doc.insert_edge(Edge("u", "L", 0))
    doc.set_root("L", None)
    runner = Runner(doc, listen=False)
    assert runner.run_backward().backward_nodes == {"a", "u", "L"}
    doc.graph.remove_edge("u", "L", key=0)
    doc.graph.add_edge("v", "L", key=0)
    runner.invalidate(None)
    res = runner.run_backward()
    assert res.backward_nodes == {"a", "v", "L"} and Edge("v", "L", 0) in res.backward_edges
    assert observable(res, runner) == observable(Runner(doc.copy()).run_backward(), runner)
