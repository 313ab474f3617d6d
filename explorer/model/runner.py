"""Running a document through the engine: values, grads, the backward graph, steps, training.

``Runner(doc)`` turns the document into engine tensors in topological order (leaves become
``engine.tensor(value, dtype, requires_grad)``; a 0-d constant feeding an op beside a tensor is
passed as a Python scalar, so ``3*a`` gets ``MulBackward0`` and ``2 - x`` ``RsubBackward1`` exactly
as in PyTorch), then runs backward from the document's root with its external gradient.

Nothing raises to the caller: a failing op (shapes, an unconnected input) puts its message on
that node and every node downstream is marked not computed; an op that turns finite inputs into
NaN/Inf (``log(-1)``) gets a warning and the values flow on, as they would in PyTorch.

The runner listens to document events and recomputes only what changed: a new leaf value
re-runs the op forwards of its downstream cone; a ``requires_grad`` toggle re-derives the
autograd graph of the cone from the cached values without running any op forward again (see
:class:`Runner` for how). Results are snapshots (:class:`RunResult`); ``grad`` is PyTorch's
``.grad`` (None for non-leaves unless ``retain_grad``), ``flow_grad`` the gradient that reached
any node during backward, ``edge_grads`` the gradient sent back along each document edge.

Training (:class:`Trainer`, ``Runner.train``) runs ``engine.optim`` over the leaves that
require grad on copies of their values; :func:`training_command` applies the result as one
undoable step. :func:`result_report` is the JSON the headless ``run`` command prints.

Two paths give the same results, bit for bit (tests/model/test_runner_compiled.py):

- compiled (the default for documents whose ops are one grad_fn each — all but linear,
  cross_entropy, matmul, reshape and ``2 / x``): each op-table entry's own ``forward`` and
  ``vjps`` are called on the arrays the engine would pass them, in the engine's order, and
  the flags come from the same table entries; no Tensor or Node is built. About twice as fast
  as the engine path on 2,000 nodes.
- engine: the document becomes engine tensors (a shadow graph, see :class:`Runner`). Used for
  composed ops, ``nonfinite="error"``, type promotion, and on request: step records,
  :meth:`Runner.tensor` and training build the engine graph when they are asked for.

Backward steps are consumed from ``engine.autograd.backward_steps`` (the same generator
``.backward()`` drains), so the step records, the order and the grads the UI shows are the
engine's own. :class:`StepPlayer` walks forward and backward steps both ways.
"""
from __future__ import annotations

import functools
import gc
import heapq
import math
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import numpy as np

from explorer.model.document import Document, Edge, Event

__all__ = [
    "Runner", "RunResult", "NodeResult", "ForwardStep", "BackwardStep", "Arrival", "Send",
    "StepPlayer", "PlayerState", "RunnerError", "format_array", "training_command",
    "result_report", "json_number_array", "Trainer",
]


class RunnerError(ValueError):
    """A request the runner cannot carry out (e.g. training without a scalar loss).

    Only :meth:`Runner.train` raises it; forward and backward report errors in their results."""


# ---------------------------------------------------------------------------------------------
# result records
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class NodeResult:
    """What the engine says about one document node after the last run."""

    value: np.ndarray | None = None
    grad: np.ndarray | None = None          # PyTorch's .grad: leaves (and retain_grad) only, else None
    requires_grad: bool = False
    is_leaf: bool = True
    grad_fn: str | None = None
    next_functions: tuple[str | None, ...] = ()
    error: str | None = None                # this node failed (the message is for the user)
    computed: bool = False
    in_backward_graph: bool = False
    warning: str | None = None              # computed, but e.g. produced NaN/Inf from finite inputs
    blocked_by: str | None = None           # not computed because this upstream node failed
    retains_grad: bool = False
    flow_grad: np.ndarray | None = None     # ∂root/∂node as it arrived in backward (all nodes on the path)
    shape: tuple[int, ...] | None = None
    dtype: str | None = None


@dataclass
class RunResult:
    """A snapshot of one run. ``results[node_id]`` is a :class:`NodeResult`."""

    results: dict[str, NodeResult]
    backward_edges: set[Edge] = field(default_factory=set)
    backward_nodes: set[str] = field(default_factory=set)
    root: str | None = None
    backward_ran: bool = False
    backward_error: str | None = None
    edge_grads: dict[Edge, np.ndarray] = field(default_factory=dict)  # grad sent along each doc edge
    recomputed: tuple[str, ...] = ()        # node ids whose op forward ran in this run

    def __getitem__(self, node_id: str) -> NodeResult:
        return self.results[node_id]

    @property
    def errors(self) -> dict[str, str]:
        return {k: r.error for k, r in self.results.items() if r.error}

    @property
    def warnings(self) -> dict[str, str]:
        return {k: r.warning for k, r in self.results.items() if r.warning}


@dataclass
class ForwardStep:
    """One node's forward computation: which inputs it read and the value it produced."""

    index: int
    node_id: str
    name: str
    kind: str                                # leaf | const | op
    op: str | None
    inputs: list[tuple[int, str | None, np.ndarray | None]]   # (port, source node id, its value)
    value: np.ndarray | None
    text: str                                # e.g. "u = a ** 3 = [8., 27.]"
    expression: str = ""                     # e.g. "a ** 3" (the right-hand side)
    error: str | None = None
    warning: str | None = None
    phase: str = "forward"

    @property
    def input_ids(self) -> list[str | None]:
        return [src for _, src, _ in self.inputs]


@dataclass
class Arrival:
    """A gradient reaching a grad_fn: along a document edge, from the root's seed, or from a
    grad_fn inside the same document node (``2 / x`` is MulBackward0 over ReciprocalBackward0)."""

    edge: Edge | None
    grad: np.ndarray
    from_node: str | None                    # document node that sent it (None for the seed)
    seed: bool = False


@dataclass
class Send:
    """What a grad_fn sends to one of its next_functions."""

    edge: Edge | None                        # the document edge it travels back along (None: internal / no grad)
    to_node: str | None                      # document node receiving it
    to_name: str | None                      # receiving grad_fn's name (None where next_functions has None)
    grad: np.ndarray | None
    internal: bool = False


@dataclass
class BackwardStep:
    """One step of the engine's backward, mapped onto the document."""

    index: int
    node_id: str                             # document node whose grad_fn runs (the leaf for AccumulateGrad)
    name: str                                # grad_fn name, e.g. "MulBackward0", "AccumulateGrad"
    kind: str                                # "grad_fn" | "accumulate"
    arrivals: list[Arrival]
    grad: np.ndarray | None                  # the incoming gradients, summed (∂root/∂node)
    sends: list[Send]
    leaf_grad: np.ndarray | None             # AccumulateGrad: the leaf's .grad after this step
    formulas: tuple[str, ...]
    phase: str = "backward"
    _text: Any = field(default=None, repr=False, compare=False)

    @property
    def chain_rule(self) -> list[str]:
        """Lines for the chain-rule panel, with numbers (written on first use: a plain backward
        never pays for the text)."""
        if callable(self._text):
            self._text = self._text()
        return self._text or []

    # The engine's field names, so code written against BackwardStep records reads these too.
    @property
    def grad_output(self) -> list[np.ndarray | None]:
        return [self.grad]

    @property
    def grad_inputs(self) -> list[list[np.ndarray]]:
        return [[a.grad for a in self.arrivals]]

    @property
    def grads_to_next(self) -> list[np.ndarray | None]:
        return [s.grad for s in self.sends]

    @property
    def next_ids(self) -> list[str | None]:
        """Document node receiving each next_functions entry (None: no grad, or inside this node)."""
        return [None if s.internal else s.to_node for s in self.sends]

    @property
    def next_ports(self) -> list[int | None]:
        """Input port of this node each next_functions entry travels back through."""
        return [s.edge.port if s.edge is not None else None for s in self.sends]

    @property
    def is_accumulate(self) -> bool:
        return self.kind == "accumulate"

    @property
    def text(self) -> str:
        return "\n".join(self.chain_rule)


# ---------------------------------------------------------------------------------------------
# formatting
# ---------------------------------------------------------------------------------------------
def _fmt_number(v: Any, precision: int = 4) -> str:
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == int(v) and abs(v) < 1e8:
        return f"{int(v)}."
    if abs(v) >= 1e5 or abs(v) < 10.0 ** -precision:
        return f"{v:.{precision}e}"
    return f"{v:.{precision}f}"


def format_array(a: Any, precision: int = 4, max_items: int = 12) -> str:
    """Compact, torch-like numbers: ``[36., 81.]``, ``[[1., 2.], [3., 4.]]``, ``0.5000``;
    tensors with more than ``max_items`` elements print as a short summary with their shape."""
    if a is None:
        return "None"
    arr = np.asarray(a)
    if arr.ndim == 0:
        return _fmt_number(arr.item(), precision)
    if arr.size > max_items:
        flat = arr.reshape(-1)
        head = ", ".join(_fmt_number(v, precision) for v in flat[:3].tolist())
        tail = ", ".join(_fmt_number(v, precision) for v in flat[-2:].tolist())
        return f"[{head}, …, {tail}] ({'×'.join(map(str, arr.shape))})"

    def rec(x: np.ndarray) -> str:
        if x.ndim == 1:
            return "[" + ", ".join(_fmt_number(v, precision) for v in x.tolist()) + "]"
        return "[" + ", ".join(rec(r) for r in x) + "]"

    return rec(arr)


def _scalar_literal(value: Any) -> str:
    """A 0-d constant as it is written in code: ``3``, ``0.5``, ``-2``."""
    v = np.asarray(value).item()
    if isinstance(v, float) and math.isfinite(v) and v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return _fmt_number(v) if isinstance(v, float) and not math.isfinite(v) else repr(v)


_SYMBOL_SUB = re.compile(r"(?<![A-Za-z_0-9])(x|y)(?![A-Za-z_0-9])")
_SUPER_FROM = "0123456789abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW+-=()"
_SUPER_TO = "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ⁺⁻⁼⁽⁾"
_SUPER = str.maketrans(_SUPER_FROM, _SUPER_TO)


def _superscript(text: str) -> str:
    """``text`` raised (``3`` -> ``³``, ``s`` -> ``ˢ``), or ``^(text)`` when Unicode has no
    raised form for one of its characters (``q``, ``0.5``, ``x_1``)."""
    if text and all(ch in _SUPER_FROM for ch in text):
        return text.translate(_SUPER)
    return f"^({text})"


def _local_formula(formula: str, names: dict[str, str]) -> str:
    """The right-hand side of an op-table formula written with the document's names:
    ``y·xʸ⁻¹`` for ``u = a ** 3`` reads ``3·a²``; ``eˣ`` for ``exp(s)`` reads ``eˢ``."""
    rhs = formula.rsplit("=", 1)[-1].strip() if "=" in formula else formula.strip()
    if not names:
        return rhs
    rhs = _SYMBOL_SUB.sub(lambda m: names.get(m.group(1), m.group(1)), rhs)
    for letter, raised in (("x", "ˣ"), ("y", "ʸ")):
        if letter not in names:
            continue
        if raised + "⁻¹" in rhs:  # the power rule's exponent, worked out when it is a number
            try:
                n = float(names[letter]) - 1
                exponent = "" if n == 1 else _superscript(str(int(n)) if n == int(n) else repr(n))
            except ValueError:
                exponent = _superscript(f"{names[letter]}-1")
            rhs = rhs.replace(raised + "⁻¹", exponent)
        rhs = rhs.replace(raised, _superscript(names[letter]))
    return rhs


# ---------------------------------------------------------------------------------------------
# the engine, imported lazily (the GUI can start while the engine is missing or broken)
# ---------------------------------------------------------------------------------------------
_ENGINE: Any = None
_NO_PARAMS: dict[str, Any] = {}
_DTYPE_NAMES: dict[Any, str] = {}


def _dtype_name(a: np.ndarray) -> str:
    # numpy computes dtype.name in Python each time; it showed up in profiles of big documents
    name = _DTYPE_NAMES.get(a.dtype)
    if name is None:
        name = _DTYPE_NAMES[a.dtype] = a.dtype.name
    return name


def _engine():
    global _ENGINE
    if _ENGINE is None:
        import engine

        _ENGINE = engine
    return _ENGINE


def _ops() -> dict:
    return _engine().OPS


def _np(t: Any) -> np.ndarray | None:
    """A tensor's data as a numpy array (no copy when the engine stores numpy)."""
    if t is None:
        return None
    if isinstance(t, np.ndarray):
        return t
    if isinstance(t, (int, float, bool, np.generic)):
        return np.asarray(t)
    data = getattr(t, "_data", None)  # the engine keeps its numpy array here (no copy)
    if isinstance(data, np.ndarray):
        return data
    data = getattr(t, "data", None)
    if isinstance(data, np.ndarray):
        return data
    return np.asarray(t.detach().numpy())


def _is_accumulate(fn: Any) -> bool:
    return fn is not None and hasattr(fn, "variable")


def _fn_name(fn: Any) -> str | None:
    # The class name: torch's AccumulateGrad.name() is the C++ "torch::autograd::AccumulateGrad",
    # but it prints (and the UI shows it) as AccumulateGrad; for every other node they agree.
    return None if fn is None else type(fn).__name__


# ---------------------------------------------------------------------------------------------
# the runner
# ---------------------------------------------------------------------------------------------
_VALUE_FIELDS = {"value", "dtype", "op", "params", "kind"}
_STRUCTURE_FIELDS = {"requires_grad", "retain_grad"}


_FROZEN = (False, True, None, (), False)   # requires_grad, is_leaf, grad_fn, next_functions, retains_grad
_LEAF_RG = (True, True, None, (), False)


_F32 = np.dtype(np.float32)
_F64 = np.dtype(np.float64)
_PLAIN: dict[int, tuple[int, dict[str, tuple]]] = {}


def _plain_ops(ops: dict) -> dict[str, tuple]:
    """The ops whose forward the compiled path may call on same-dtype float arrays as they are,
    with no parameters: every input a tensor, none optional, none non-differentiable, no
    defaults to merge (what the general branch of _fast_forward checks, decided once per op).
    Each with its grad_fn name when its flags need nothing else (its edges are its ports in
    order and the name needs no parameters: _simple_flags' case), else None."""
    known = _PLAIN.get(id(ops))
    if known is not None and known[0] == len(ops) and all(ops.get(name) is e[0] for name, e in known[1].items()):
        return known[1]   # (entries replaced in the table, as tests do, are noticed)
    table = {}
    for name, op in ops.items():
        if op.compose is None and not op.optional_inputs and not op.nondiff and not op.defaults:
            simple = None
            if op.arity in (1, 2) and tuple(op.default_edges) == tuple(range(op.arity)):
                try:
                    simple = op.grad_fn if type(op.grad_fn) is str else op.grad_fn(_NO_PARAMS, (False,) * op.arity)
                except Exception:  # noqa: BLE001 - a name that needs more: the general flags ask
                    simple = None
            table[name] = (op, simple)
    _PLAIN.clear()
    _PLAIN[id(ops)] = (len(ops), table)
    return table


class _GcPause:
    """Python's cyclic garbage collector paused while a run allocates its many small objects
    (arrays, records, tuples), as a context manager: the collector's passes over everything
    alive cost about a sixth of a compiled run of 2,000 nodes. The few reference cycles a run
    makes (engine graphs: a leaf and its AccumulateGrad) are collected once the collector is
    back on. Restores the collector only if it was on (nesting and a caller's own gc.disable()
    hold)."""

    __slots__ = ("_depth", "_was", "_lock")

    def __init__(self) -> None:
        self._depth = 0
        self._was = False
        self._lock = threading.Lock()   # runs in several threads share one count

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                self._was = gc.isenabled()
                gc.disable()
            self._depth += 1

    def __exit__(self, *exc: Any) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._was:
                gc.enable()


_GC_PAUSED = _GcPause()


def _simple_flags(nid: str, args: tuple, flags: dict, targets: dict, static: dict, in_edges: dict,
                  node: Any) -> bool:
    """The flags of an op with one or two tensor inputs (no number constants) whose edges are
    its ports in order and whose grad_fn name depends on the op alone: most ops of most
    documents. False (nothing written) where _general_flags must decide."""
    op, srcs = args[0], args[1]
    n = len(srcs)
    key = (op.name, n)
    name = static.get(key)
    if name is None:
        name = ""
        if not op.nondiff and n <= 2 and op.default_edges == tuple(range(n)):
            name = op.grad_fn if type(op.grad_fn) is str else ""
            if not name and not args[4]:
                name = op.grad_fn(args[4], (False,) * n)
        static[key] = name
    if not name:
        return False
    if args[4] and type(op.grad_fn) is not str:
        return False   # the parameters may name it
    pe = in_edges[nid]
    if len(pe) != n:
        return False
    if n == 1:
        src = srcs[0]
        f = flags[src]
        if f[0]:
            flags[nid] = (True, False, name, (f[2] or "AccumulateGrad",), bool(node.retain_grad))
            targets[nid] = ((0, src, pe[0]),)
        else:
            flags[nid] = _FROZEN
        return True
    src, src1 = srcs
    f, f1 = flags[src], flags[src1]
    if f[0] and f1[0]:
        flags[nid] = (True, False, name, (f[2] or "AccumulateGrad", f1[2] or "AccumulateGrad"),
                      bool(node.retain_grad))
        targets[nid] = ((0, src, pe[0]), (1, src1, pe[1]))
        return True
    if not f[0] and not f1[0]:
        flags[nid] = _FROZEN
        return True
    return False


class _NotFast(Exception):
    """This document (or one node of it) needs the engine: type promotion, a constant that is
    a bool, a gradient into a non-differentiable input, ..."""


class _Info:
    """What the forward found out about one node (the light, internal part of NodeResult).
    ``shape`` and ``dtype`` are read off the value when asked (the constructor still takes them,
    and ignores them: they are always the value's)."""

    __slots__ = ("value", "error", "warning", "blocked_by", "computed")

    def __init__(self, value: np.ndarray | None = None, error: str | None = None, computed: bool = False,
                 shape: tuple | None = None, dtype: str | None = None, blocked_by: str | None = None,
                 warning: str | None = None) -> None:
        self.value, self.error, self.computed = value, error, computed
        self.blocked_by, self.warning = blocked_by, warning

    @property
    def shape(self) -> tuple[int, ...] | None:
        return None if self.value is None else self.value.shape

    @property
    def dtype(self) -> str | None:
        return None if self.value is None else _dtype_name(self.value)


def _port(e: Edge) -> int:
    return e.port


class _Structure:
    """The document's wiring, read once per structural change (values change far more often):
    topological order, each op's input per port, in/out edges."""

    def __init__(self, doc: Document, edge_objects: dict | None = None) -> None:
        ops = _ops()
        nodes = doc.nodes
        inputs: dict[str, list[str | None]] = {}
        in_edges: dict[str, list[Edge]] = {}
        # The compiled path covers ops that are one grad_fn each (no ``compose``: linear,
        # cross_entropy, matmul, reshape and ``2 / x`` are several engine nodes).
        fast = True
        arity: dict[str, int] = {}   # op name -> number of ports (looked up once per op, not per node)
        # Edge objects are kept between structures: a frozen dataclass is slow to create, and
        # a rebuilt structure mostly has the same edges.
        known = edge_objects if edge_objects is not None else {}
        forward = True   # every edge runs from an earlier-inserted node to a later one
        # networkx's adjacency dicts read directly (its edge views cost a generator frame per edge)
        pred = getattr(doc.graph, "_pred", None)
        if not isinstance(pred, dict):
            pred = {v: {u: dict(keys) for u, keys in nbrs.items()} for v, nbrs in doc.graph.pred.items()}
        seen: set[str] = set()
        for nid, node in nodes.items():
            seen.add(nid)
            if node.kind == "op":
                n = arity.get(node.op)
                if n is None:
                    op = ops.get(node.op)
                    n = arity[node.op] = op.arity if op is not None else 0
                    if op is not None and op.compose is not None:
                        fast = False
            else:
                n = 0
            inputs[nid] = ports = [None] * n
            nbrs = pred[nid]
            if not nbrs:
                in_edges[nid] = []
                continue
            edges = []
            for u, keys in nbrs.items():
                if u not in seen:     # an input inserted after its consumer
                    forward = False
                for k in keys:
                    try:
                        e = known[(u, nid, k)]
                    except KeyError:
                        e = known[(u, nid, k)] = Edge(u, nid, k)
                    edges.append(e)
                    if k < n:
                        ports[k] = u
            if len(edges) > 1:
                if len(edges) == 2:
                    if edges[0].port > edges[1].port:
                        edges.reverse()
                else:
                    edges.sort(key=_port)
            in_edges[nid] = edges
        self.inputs, self.in_edges, self.fast = inputs, in_edges, fast
        if len(known) > 4 * len(in_edges) + 64:
            known.clear()   # edges deleted long ago
        # Kahn's order taking the earliest-inserted ready node first is the insertion order
        # itself when every edge points forward in it (the usual case: inputs are made first).
        self.order = list(nodes) if forward else self._topological_order(doc, {nid: i for i, nid in enumerate(nodes)})

    def same_wiring(self, other: "_Structure") -> bool:
        """Same nodes in the same order, the same edges (the same Edge objects, so this is
        mostly identity checks) and the same ports per op."""
        return (self.fast == other.fast and self.order == other.order and self.in_edges == other.in_edges
                and self.inputs == other.inputs)

    @functools.cached_property
    def out_edges(self) -> dict[str, list[Edge]]:
        """Each node's outgoing edges (built on first use: a full run does not need them)."""
        out: dict[str, list[Edge]] = {nid: [] for nid in self.in_edges}
        for edges in self.in_edges.values():
            for e in edges:
                out[e.src].append(e)
        return out

    @functools.cached_property
    def sources(self) -> dict[str, list[str]]:
        """Each node's input nodes, in port order (an input feeding two ports appears twice)."""
        return {nid: [e.src for e in edges] for nid, edges in self.in_edges.items()}

    @functools.cached_property
    def port_edge(self) -> dict[str, dict[int, Edge]]:
        return {nid: {e.port: e for e in edges} for nid, edges in self.in_edges.items()}

    def _topological_order(self, doc: Document, index: dict[str, int]) -> list[str]:
        """``doc.topological_order()`` — of the nodes ready, the one inserted first — without
        networkx's per-call overhead (a quarter of a full run of 2,000 nodes). The smallest
        ready key first fixes the order uniquely, so both give the same list (tested)."""
        ids = list(doc.nodes)
        waiting = {nid: len(edges) for nid, edges in self.in_edges.items()}
        heap = [index[nid] for nid, n in waiting.items() if not n]
        heapq.heapify(heap)
        out_edges, order = self.out_edges, []
        while heap:
            nid = ids[heapq.heappop(heap)]
            order.append(nid)
            for e in out_edges[nid]:
                left = waiting[e.dst] - 1
                waiting[e.dst] = left
                if not left:
                    heapq.heappush(heap, index[e.dst])
        if len(order) != len(ids):  # a cycle cannot be in a document; networkx says where
            return doc.topological_order()
        return order

    def downstream(self, seeds: set[str]) -> set[str]:
        """``seeds`` and every node that depends on one of them."""
        if len(seeds) == len(self.order):
            return set(seeds)
        seen, stack, out_edges = set(seeds), list(seeds), self.out_edges
        while stack:
            for e in out_edges.get(stack.pop(), ()):
                if e.dst not in seen:
                    seen.add(e.dst)
                    stack.append(e.dst)
        return seen

    def ancestors_and_self(self, nid: str) -> set[str]:
        seen, stack, in_edges = {nid}, [nid], self.in_edges
        while stack:
            for e in in_edges[stack.pop()]:
                src = e.src
                if src not in seen:
                    seen.add(src)
                    stack.append(src)
        return seen

    def descendants(self, nid: str) -> set[str]:
        seen, stack = set(), [nid]
        while stack:
            for e in self.out_edges[stack.pop()]:
                if e.dst not in seen:
                    seen.add(e.dst)
                    stack.append(e.dst)
        return seen


class Runner:
    """Computes a document through the engine and keeps the results up to date incrementally.

    How: the forward runs once per stale node on *shadow* tensors, in which every float leaf
    requires grad, so the engine records the complete autograd graph (with its saved values).
    The graph the user sees — with the document's ``requires_grad`` flags — is then derived
    from it without running any op: a grad_fn exists iff one of its inputs requires grad (the
    engine's own rule), so it is cloned with the frozen inputs' entries set to ``(None, 0)``,
    or dropped when none is left. Only the nodes that changed (recomputed, or their flags) and
    their downstream cone are re-derived; the clones are then renumbered in topological order,
    so sequence numbers — and with them the backward order — are those of a fresh run of the
    same script. (This reads a few engine internals — ``new_node``, ``_seq``, ``_acc`` — and
    ``test_every_op_matches_a_direct_engine_run_for_every_requires_grad_pattern`` and
    ``test_incremental_results_equal_a_fresh_run_after_any_edits`` guard that coupling.)

    ``op_evaluations`` counts op forwards run (the measure of incremental recompute), on either
    path. ``compiled=False`` sends every document through engine tensors (tests compare the two
    paths). The compiled path itself reads no engine internals: it calls the op table's
    ``forward``/``vjps`` and the engine's public ``autograd.unbroadcast``."""

    def __init__(self, doc: Document, *, nonfinite: str = "warn", listen: bool = True, compiled: bool = True) -> None:
        if nonfinite not in ("warn", "error"):
            raise ValueError("nonfinite must be 'warn' or 'error'")
        self.doc = doc
        self.nonfinite = nonfinite
        self.compiled = compiled                 # False: always through engine objects (tests compare)
        self.op_evaluations = 0
        self._shadow: dict[str, Any] = {}        # node id -> tensor of the full graph
        self._leaves: dict[str, Any] = {}        # leaf id -> the user's leaf tensor (shares the array)
        self._tensors: dict[str, Any] = {}       # node id -> tensor with the document's flags
        self._info: dict[str, _Info] = {}        # per-node forward info (value, error, warning, ...)
        self._value_dirty: set[str] = set(doc.nodes)
        self._graph_dirty = True
        self._result_dirty = False               # only the snapshot is out of date (root changed)
        self._owner: dict[int, str] = {}         # id(grad_fn of the user's graph) -> node id
        self._by_tensor: dict[int, str] = {}     # id(leaf tensor) -> node id
        self._last: RunResult | None = None
        self._backward_valid = False
        self._backward_steps_raw: list[BackwardStep] = []
        self._steps: tuple[list[ForwardStep], list[BackwardStep]] | None = None
        self._last_recomputed: tuple[str, ...] = ()
        self._struct: _Structure | None = None
        self._flags: dict[str, tuple] = {}
        self._send_cache: dict[int, list] = {}
        self._real: dict[int, Any] = {}          # id(shadow grad_fn) -> its clone (None: dropped)
        self._node_keys: dict[str, list[int]] = {}   # node -> ids of its shadow grad_fns in _real
        self._node_fns: dict[str, list[Any]] = {}    # node -> its clones, oldest first
        self._graph_seeds: set[str] = set(doc.nodes)
        self._retired: list[Any] = []            # keeps replaced objects (and their ids) alive
        # the compiled path (see _fast_forward): its own dirty set, per-node forward records,
        # flags derived from the op table, and the grads of the last backward
        self._mode: str | None = None            # which path produced the last results
        self._fdirty: set[str] = set(doc.nodes)
        self._fdone: set[str] = set()            # nodes the compiled path has computed
        self._fargs: dict[str, tuple] = {}       # op node -> (op, srcs, arrays, out, params, mask)
        self._fflags: dict[str, tuple] = {}
        self._ftargets: dict[str, tuple] = {}    # op node -> ((input index, src, edge), ...)
        self._fflags_dirty = True                # all flags to derive again (else: the seeds' cones)
        self._fflag_seeds: set[str] = set()
        self._fflags_version = 0
        self._edge_objects: dict[tuple, Edge] = {}
        self._struct_version = 0
        self._struct_prev: _Structure | None = None   # the last structure built (kept past invalidation)
        self._members: tuple | None = None       # (key, backward-graph nodes, edges) of the compiled path
        self._fgrads: dict[str, np.ndarray] = {}
        self._fscalars: set[str] = set()
        self._listening = False
        if listen:
            doc.subscribe(self._on_event)
            self._listening = True

    # ------------------------------------------------------------------ events
    def close(self) -> None:
        """Stop listening to the document."""
        if self._listening:
            self.doc.unsubscribe(self._on_event)
            self._listening = False

    def invalidate(self, node_id: str | None = None, *, structure_only: bool = False) -> None:
        """Tell the runner what changed when it is not listening: a node's value/op/inputs, only
        its flags (``structure_only``), or everything (``None``)."""
        self._struct = None
        self._fflags_dirty = True
        if node_id is None:
            self._fdirty = set(self.doc.nodes)
            self._fdone.clear()
            self._fargs.clear()
            self._fgrads.clear()
            self._value_dirty = set(self.doc.nodes)
            self._retired.extend(self._shadow.values())
            self._shadow.clear()
            self._leaves.clear()
            self._info.clear()
            self._forget_all()
            self._graph_seeds = set(self.doc.nodes)
        elif not structure_only:
            self._value_dirty.add(node_id)
            self._fdirty.add(node_id)
        else:
            self._graph_seeds.add(node_id)
            self._fflag_seeds.add(node_id)
        self._graph_dirty = True
        self._backward_valid = False
        self._steps = None

    def _on_event(self, event: Event) -> None:
        kind = event.kind
        if kind in ("group_added", "group_removed", "group_changed"):
            return
        if kind == "node_changed":
            fields = set(event.fields)
            if fields <= {"pos"}:
                return  # moving a node changes nothing the engine sees
            if fields & _VALUE_FIELDS:
                self._value_dirty.add(event.node_id)
                self._fdirty.add(event.node_id)   # its flags are re-derived with its cone
                if "op" in fields or "kind" in fields:
                    self._struct = None  # the number of input ports may change
                    self._fflags_dirty = True
            if fields & _STRUCTURE_FIELDS:
                self._fflag_seeds.add(event.node_id)
                self._graph_seeds.add(event.node_id)
                self._graph_dirty = True
            # a rename changes only texts: the step records are rebuilt below
        elif kind == "node_added":
            self._value_dirty.add(event.node_id)
            self._fdirty.add(event.node_id)
            self._fflags_dirty = True
            self._struct = None
        elif kind == "node_removed":
            self._struct = None
            self._forget(event.node_id)
            for store in (self._shadow, self._leaves, self._info):
                old = store.pop(event.node_id, None)
                if old is not None:
                    self._retired.append(old)
            self._graph_seeds.discard(event.node_id)
            self._value_dirty.discard(event.node_id)
            self._graph_dirty = True
            for store in (self._fargs, self._fflags, self._ftargets, self._fgrads):
                store.pop(event.node_id, None)
            self._fdirty.discard(event.node_id)
            self._fdone.discard(event.node_id)
            self._fscalars.discard(event.node_id)
            self._fflags_dirty = True
        elif kind in ("edge_added", "edge_removed"):
            self._value_dirty.add(event.edge.dst)
            self._fdirty.add(event.edge.dst)
            self._fflags_dirty = True
            self._struct = None
        elif kind == "reset":
            self.invalidate(None)
        elif kind == "root_changed":
            self._result_dirty = True  # which nodes are "in the backward graph" changes
        self._steps = None
        self._backward_valid = False

    def _structure(self) -> "_Structure":
        if self._struct is None:
            st = _Structure(self.doc, self._edge_objects)
            # What is derived from the wiring alone (the backward graph's members, for given
            # flags and root) stays valid when the document was re-read and wired the same.
            if self._struct_prev is None or not st.same_wiring(self._struct_prev):
                self._struct_version += 1
            self._struct = self._struct_prev = st
        return self._struct

    @property
    def stale(self) -> bool:
        if self._last is None or self._result_dirty:
            return True
        if self._use_fast():
            return self._mode != "fast" or bool(self._fdirty) or self._fflags_dirty or bool(self._fflag_seeds)
        return self._mode != "engine" or bool(self._value_dirty) or self._graph_dirty

    def _use_fast(self) -> bool:
        """Whether the compiled path computes this document (else the engine does)."""
        return self.compiled and self.nonfinite == "warn" and self._structure().fast

    # ------------------------------------------------------------------ forward
    @property
    def results(self) -> dict[str, NodeResult]:
        """The latest results (runs forward first if anything is stale)."""
        if self.stale:
            self.run_forward()
        return self._last.results

    @property
    def last_result(self) -> RunResult | None:
        return self._last

    def tensor(self, node_id: str) -> Any:
        """The engine tensor behind a node after the last run (None if it was not computed).
        The compiled path builds no engine objects, so they are made here on first request."""
        self._sync_engine()
        return self._tensors.get(node_id)

    def _sync_engine(self) -> None:
        """Bring the engine tensors (the shadow graph and the user's graph) up to date."""
        if self._value_dirty or self._graph_dirty:
            self._engine_forward_core()

    def run_forward(self) -> RunResult:
        """Bring every node's value up to date (only the stale cone) and return a snapshot."""
        with _GC_PAUSED:
            order = self._forward_core()
            self._last = self._snapshot(order, backward=None)
        return self._last

    def _forward_core(self) -> list[str]:
        if self._use_fast():
            try:
                order = self._fast_forward()
                self._mode = "fast"
                return order
            except _NotFast:
                self._structure().fast = False   # until the structure changes
                self._fdone.clear()
                self._fflags_dirty = True
        order, recomputed = self._engine_forward_core()
        self._mode = "engine"
        self._result_dirty = False
        self._last_recomputed = tuple(recomputed)
        self._backward_valid = False
        self._steps = None
        return order

    def _engine_forward_core(self) -> tuple[list[str], list[str]]:
        st = self._structure()
        order = st.order
        recomputed: list[str] = []
        rebuilt: set[str] = set()
        seeds, self._value_dirty = self._value_dirty, set()
        for nid in order:
            if nid in seeds or nid not in self._info or any(s in rebuilt for s in st.sources[nid]):
                self._compute(nid)
                rebuilt.add(nid)
                if self.doc.nodes[nid].kind == "op":
                    recomputed.append(nid)
        self._rebuild_graph(order)
        return order, recomputed

    def _dtype(self, name: str):
        return getattr(_engine(), name if name in ("float32", "float64") else "float32")

    def _op_args(self, nid: str, tensors: dict[str, Any]) -> tuple[list[Any] | None, NodeResult | None]:
        """Engine arguments for an op node, or (None, info-with-the-reason)."""
        node = self.doc.nodes[nid]
        inputs = list(self._structure().inputs[nid])
        # Trailing optional inputs (linear's bias) may stay unconnected: linear(x, W).
        required = len(inputs) - getattr(_ops()[node.op], "optional_inputs", 0)
        while len(inputs) > required and inputs[-1] is None:
            inputs.pop()
        for port, src in enumerate(inputs):
            if src is None:
                which = f"input {port + 1}" if len(self._structure().inputs[nid]) > 1 else "its input"
                return None, _Info(error=f"'{node.name}' ({node.op}): {which} is not connected")
        for src in inputs:
            info = self._info.get(src)
            if info is None or not info.computed:
                failed = info.blocked_by if info is not None and info.blocked_by else src
                return None, _Info(blocked_by=failed)
        return self._args(inputs, tensors), None

    def _args(self, inputs: list[str], tensors: dict[str, Any]) -> list[Any]:
        # A 0-d constant beside a tensor goes in as a Python number, as `3 * a` does in PyTorch
        # (MulBackward0 with (None, 0) for the 3; `2 - x` is RsubBackward1).
        scalar = [self._is_scalar_const(s) for s in inputs]
        mixed = not all(scalar)
        return [np.asarray(self.doc.nodes[s].value).item() if sc and mixed else tensors[s]
                for s, sc in zip(inputs, scalar)]

    def _is_scalar_const(self, nid: str) -> bool:
        node = self.doc.nodes[nid]
        return node.kind == "const" and node.value is not None and np.ndim(node.value) == 0

    def _params(self, node) -> dict[str, Any]:
        if not node.params:
            return _NO_PARAMS
        return {k: tuple(v) if isinstance(v, list) else v for k, v in node.params.items()}

    def _compute(self, nid: str) -> None:
        node = self.doc.nodes[nid]
        for store in (self._shadow, self._leaves):
            old = store.pop(nid, None)
            if old is not None:
                self._retired.append(old)   # alive until the graph is re-derived (ids stay unique)
        self._graph_seeds.add(nid)
        self._graph_dirty = True
        if node.kind in ("leaf", "const"):
            self._compute_leaf(node)
            return
        ops = _ops()
        if node.op not in ops:
            self._info[nid] = _Info(error=f"'{node.name}': unknown op '{node.op}'")
            return
        args, failure = self._op_args(nid, self._shadow)
        if failure is not None:
            self._info[nid] = failure
            return
        self.op_evaluations += 1
        try:
            params = self._params(node)
            t = _engine().apply_op(node.op, *args, **params) if params else _engine().apply_op(node.op, *args)
        except Exception as exc:  # noqa: BLE001 - an op error belongs to its node
            self._info[nid] = _Info(error=_op_error(node, exc))
            return
        if isinstance(t, tuple):  # max/min along a dim give (values, indices): the values flow on
            t = t[0]
        value = _np(t)
        info = _Info(value=value, computed=True, shape=value.shape, dtype=_dtype_name(value))
        warning = _nonfinite_warning(node, value, args)
        if warning is not None:
            if self.nonfinite == "error":
                self._info[nid] = _Info(error=warning)
                return
            info.warning = warning
        self._shadow[nid] = t
        self._info[nid] = info

    def _compute_leaf(self, node) -> None:
        if node.value is None:
            self._info[node.id] = _Info(error=f"'{node.name}' has no value")
            return
        eng = _engine()
        value = np.asarray(node.value)
        try:
            if node.kind == "const":
                # class indices stay integers (cross_entropy targets); floats take the node's dtype
                t = eng.tensor(value) if value.dtype.kind in "iub" else eng.tensor(value, dtype=self._dtype(node.dtype))
                user = t
            else:
                t = eng.tensor(value, dtype=self._dtype(node.dtype))
                user = eng.from_numpy(_np(t))   # the user's leaf shares the shadow's array
                if _np(t).dtype.kind == "f":
                    t.requires_grad_(True)   # the shadow records everything
        except Exception as exc:  # noqa: BLE001 - shown on the node, never raised
            self._info[node.id] = _Info(error=f"'{node.name}': {exc}")
            return
        self._shadow[node.id] = t
        if node.kind == "leaf":
            self._leaves[node.id] = user
        value = _np(t)
        self._info[node.id] = _Info(value=value, computed=True, shape=value.shape, dtype=_dtype_name(value))

    # ------------------------------------------------------------------ the compiled path
    # For documents whose ops are one grad_fn each, values, flags and grads are computed
    # without building engine objects: each op's forward is the op table's own function on the
    # same arrays the engine would pass it (so values are bit-identical), grad_fn names and
    # next_functions come from the same table entries the engine reads, and backward calls each
    # op's VJPs in the engine's order (below). Anything unusual (mixed dtypes, integer inputs to
    # a float op, ...) raises _NotFast and the document goes through the engine instead; steps,
    # tensors and training build the engine graph on request (_sync_engine).
    def _fast_forward(self) -> list[str]:
        st = self._structure()
        order = st.order
        nodes = self.doc.nodes
        ops = _ops()
        info_of, fargs, fdone, fgrads = self._info, self._fargs, self._fdone, self._fgrads
        inputs_of = st.inputs
        scalars = self._fscalars       # 0-d constants: they go in as numbers beside tensors
        seeds, self._fdirty = self._fdirty, set()
        if fdone:
            seeds.update(nid for nid in order if nid not in fdone)
            rebuilt = st.downstream(seeds)   # what to compute: the seeds' cones
        else:
            rebuilt = set(order)             # nothing computed yet: everything
        if len(rebuilt) == len(order):
            todo = order
            fdone.update(order)
            fargs.clear()
            fgrads.clear()
        else:
            todo = [nid for nid in order if nid in rebuilt]
            fdone.update(todo)
            for nid in todo:
                fargs.pop(nid, None)
                fgrads.pop(nid, None)
        # The arrays the cone reads from outside it, as they are: computed nodes, but not the 0-d
        # constants (those go in as numbers, see _fast_mixed). Filled in as the cone is computed.
        values: dict[str, np.ndarray] = {}
        if todo is not order:
            for nid in todo:
                for src in inputs_of[nid]:
                    if src is not None and src not in rebuilt and src not in scalars:
                        info = info_of.get(src)
                        if info is not None and info.computed:
                            values[src] = info.value
        plain = _plain_ops(ops)        # op name -> op whose forward takes the arrays as they are
        f32, f64 = _F32, _F64
        recomputed: list[str] = []
        fresh: list[np.ndarray] = []
        evaluations = 0
        # A full forward derives the flags as it goes (the separate pass re-reads every node)
        fuse = self._fflags_dirty and todo is order
        flags: dict[str, tuple] = {}
        targets: dict[str, tuple] = {}
        static: dict[tuple, Any] = {}
        in_edges, general = st.in_edges, self._general_flags
        acc, frozen = "AccumulateGrad", _FROZEN
        try:
            with np.errstate(all="ignore"):   # inf/nan silently, as the engine (and torch) do
                for nid in todo:
                    node = nodes[nid]
                    if node.kind == "op":
                        # The common case first: float inputs of one dtype, no parameters, no
                        # number constants; the op gets the arrays as the engine would pass them.
                        entry = plain.get(node.op)
                        if entry is not None and not node.params:
                            op = entry[0]
                            srcs = inputs_of[nid]
                            arrays = None
                            if len(srcs) == 1:
                                a = values.get(srcs[0])   # None: unconnected, failed, a number
                                if a is not None and ((dt := a.dtype) is f32 or dt is f64):
                                    arrays = [a]
                            elif len(srcs) == 2:
                                a, b = values.get(srcs[0]), values.get(srcs[1])
                                if (a is not None and b is not None and (dt := a.dtype) is b.dtype
                                        and (dt is f32 or dt is f64)):
                                    arrays = [a, b]
                            if arrays is not None:
                                evaluations += 1
                                try:
                                    out = op.forward(*arrays)
                                except Exception:  # noqa: BLE001 - the engine words the message
                                    info_of[nid] = self._engine_error(node, srcs)
                                    continue
                                if type(out) is not np.ndarray:
                                    out = np.asarray(out)
                                recomputed.append(nid)
                                fargs[nid] = (op, srcs, arrays, out, _NO_PARAMS, None)
                                values[nid] = out
                                info_of[nid] = _Info(out, None, True)
                                fresh.append(out)
                                if fuse:
                                    # _simple_flags written out for the one- and two-input case
                                    name = entry[1]
                                    pe = in_edges[nid]
                                    if name is not None and len(pe) == len(srcs):
                                        if len(srcs) == 1:
                                            f = flags[srcs[0]]
                                            if f[0]:
                                                flags[nid] = (True, False, name, (f[2] or acc,), bool(node.retain_grad))
                                                targets[nid] = ((0, srcs[0], pe[0]),)
                                            else:
                                                flags[nid] = frozen
                                            continue
                                        f, f1 = flags[srcs[0]], flags[srcs[1]]
                                        if f[0] and f1[0]:
                                            flags[nid] = (True, False, name, (f[2] or acc, f1[2] or acc),
                                                          bool(node.retain_grad))
                                            targets[nid] = ((0, srcs[0], pe[0]), (1, srcs[1], pe[1]))
                                            continue
                                        if not f[0] and not f1[0]:
                                            flags[nid] = frozen
                                            continue
                                    general(nid, flags, targets, static, in_edges)
                                continue
                    else:
                        info = info_of[nid] = self._leaf_info(node)
                        if node.kind == "const" and info.computed and info.value.ndim == 0:
                            scalars.add(nid)
                        else:
                            scalars.discard(nid)
                            if info.computed:
                                values[nid] = info.value
                        if fuse:
                            general(nid, flags, targets, static, in_edges)
                        continue
                    op = ops.get(node.op)
                    if op is None:
                        info_of[nid] = _Info(error=f"'{node.name}': unknown op '{node.op}'")
                        continue
                    srcs = inputs_of[nid]
                    arrays = None
                    if not op.optional_inputs and None not in srcs:
                        arrays = []
                        for src in srcs:
                            info = info_of.get(src)
                            if info is None or not info.computed:
                                arrays = None
                                break
                            arrays.append(info.value)
                    if arrays is None:
                        srcs, failure = self._fast_inputs(node, op, list(srcs))
                        if failure is not None:
                            info_of[nid] = failure
                            continue
                        arrays = [info_of[s].value for s in srcs]
                    n = len(arrays)
                    mask = None
                    if scalars and any(s in scalars for s in srcs):
                        arrays, mask = self._fast_mixed(op, srcs, arrays, scalars)
                    elif op.broadcast and n > 1 and (n > 2 or arrays[0].dtype != arrays[1].dtype):
                        if len({arrays[i].dtype for i in range(n) if i not in op.nondiff}) > 1:
                            raise _NotFast   # the engine promotes: let it
                    if op.float_out:
                        for i, a in enumerate(arrays):
                            if a.dtype.kind not in "fc" and i not in op.nondiff:
                                raise _NotFast
                    params = node.params
                    if params:
                        params = self._params(node)
                        if op.defaults and params.keys() != op.defaults.keys():
                            params = {**op.defaults, **params}
                    elif op.defaults:
                        params = op.defaults
                    evaluations += 1
                    try:
                        out = op.forward(*arrays, **params) if params else op.forward(*arrays)
                    except Exception:  # noqa: BLE001 - the engine words the message
                        info_of[nid] = self._engine_error(node, srcs)
                        continue
                    if type(out) is not np.ndarray:
                        out = np.asarray(out)
                    recomputed.append(nid)
                    fargs[nid] = (op, srcs, tuple(arrays), out, params, mask)
                    values[nid] = out
                    info_of[nid] = _Info(out, None, True)
                    fresh.append(out)
                    if fuse:
                        general(nid, flags, targets, static, in_edges)
        finally:
            self.op_evaluations += evaluations
        with np.errstate(all="ignore"):
            if fresh and not np.isfinite(np.concatenate(fresh, axis=None)).all():
                # rare: find which ops turned finite inputs into NaN/Inf (one check for all above)
                for nid in recomputed:
                    op, srcs, arrays, out, params, mask = fargs[nid]
                    info_of[nid].warning = _nonfinite_warning(nodes[nid], out, list(arrays))
        if fuse:
            self._fflags_dirty = False
            self._set_flags(flags, targets, None)
        elif self._fflags_dirty:
            self._fast_flags(order, None)
        elif rebuilt or self._fflag_seeds:
            self._fast_flags(order, rebuilt | self._fflag_seeds)
        self._fflag_seeds = set()
        self._result_dirty = False
        self._last_recomputed = tuple(recomputed)
        self._backward_valid = False
        self._steps = None
        return order

    def _leaf_info(self, node) -> _Info:
        """A leaf's or constant's value, converted by the engine exactly as _compute_leaf does."""
        if node.value is None:
            return _Info(error=f"'{node.name}' has no value")
        eng = _engine()
        value = np.asarray(node.value)
        try:
            if node.kind == "const" and value.dtype.kind in "iub":
                t = eng.tensor(value)
            else:
                t = eng.tensor(value, dtype=self._dtype(node.dtype))
        except Exception as exc:  # noqa: BLE001 - shown on the node, never raised
            return _Info(error=f"'{node.name}': {exc}")
        value = _np(t)
        return _Info(value=value, computed=True, shape=value.shape, dtype=_dtype_name(value))

    def _fast_inputs(self, node, op, srcs: list[str | None]) -> tuple[list[str], _Info | None]:
        """An op's inputs as _op_args finds them: trailing optional inputs may be left out;
        an unconnected or failed input is the node's failure."""
        required = len(srcs) - op.optional_inputs
        full = len(srcs)
        while len(srcs) > required and srcs[-1] is None:
            srcs.pop()
        for port, src in enumerate(srcs):
            if src is None:
                which = f"input {port + 1}" if full > 1 else "its input"
                return srcs, _Info(error=f"'{node.name}' ({node.op}): {which} is not connected")
        for src in srcs:
            info = self._info.get(src)
            if info is None or not info.computed:
                return srcs, _Info(blocked_by=info.blocked_by if info is not None and info.blocked_by else src)
        return srcs, None

    def _fast_mixed(self, op, srcs: list[str], arrays: list, scalars: set[str]) -> tuple[list, tuple | None]:
        """A 0-d constant beside tensors is a Python number to the engine (``3 * a``), which
        it turns into a 0-d array of the tensors' dtype; _NotFast where it would promote."""
        scalar = [s in scalars for s in srcs]
        if all(scalar):
            return arrays, None
        if op.nondiff:
            raise _NotFast
        dts = {a.dtype for a, sc in zip(arrays, scalar) if not sc}
        if len(dts) != 1:
            raise _NotFast
        dt = dts.pop()
        if dt.kind != "f":
            raise _NotFast
        arrays = list(arrays)
        for i, sc in enumerate(scalar):
            if sc:
                item = np.asarray(self.doc.nodes[srcs[i]].value).item()
                if isinstance(item, bool):
                    raise _NotFast
                arrays[i] = np.asarray(item, dtype=dt)
        return arrays, tuple(scalar)

    def _engine_error(self, node, srcs: list[str]) -> _Info:
        """The engine's own message for an op that failed on the compiled path."""
        eng = _engine()
        tensors = {s: eng.from_numpy(self._info[s].value) for s in srcs}
        try:
            params = self._params(node)
            eng.apply_op(node.op, *self._args(srcs, tensors), **params)
        except Exception as exc:  # noqa: BLE001 - an op error belongs to its node
            return _Info(error=_op_error(node, exc))
        raise _NotFast  # the engine computed it after all: let the engine do this document

    def _fast_flags(self, order: list[str], seeds: set[str] | None) -> None:
        """requires_grad, is_leaf, grad_fn name, next_functions, retains_grad per node, by the
        engine's rules (a result requires grad iff a tensor input does; next_functions follow
        the op's edges), and which inputs each op sends gradients to. For ``seeds`` and their
        downstream cone only, unless ``seeds`` is None. (A full forward derives them as it goes,
        see _fast_forward; both use _simple_flags and _general_flags.)"""
        self._fflags_dirty = False
        st = self._structure()
        fargs, in_edges = self._fargs, st.in_edges
        if seeds is None:
            flags: dict[str, tuple] = {}
            targets: dict[str, tuple] = {}
        else:
            flags, targets = self._fflags, self._ftargets
        todo = st.downstream(seeds) if seeds is not None else None
        before = {nid: flags.get(nid) for nid in todo} if todo is not None else None
        static: dict[tuple, Any] = {}
        if todo is not None:
            for nid in todo:
                flags.pop(nid, None)
                targets.pop(nid, None)
            order = [nid for nid in order if nid in todo]
        general, nodes = self._general_flags, self.doc.nodes
        for nid in order:
            args = fargs.get(nid)
            if (args is None or args[5] is not None
                    or not _simple_flags(nid, args, flags, targets, static, in_edges, nodes[nid])):
                general(nid, flags, targets, static, in_edges)
        self._set_flags(flags, targets, before)

    def _set_flags(self, flags: dict, targets: dict, before: dict | None) -> None:
        old, self._fflags, self._ftargets = self._fflags, flags, targets
        if (flags != old) if before is None else any(flags.get(nid) != f for nid, f in before.items()):
            self._fflags_version += 1   # the backward graph's members may have changed

    def _general_flags(self, nid: str, flags: dict, targets: dict, static: dict, in_edges: dict) -> None:
        """One node's flags (and, for an op that requires grad, where it sends gradients)."""
        info = self._info.get(nid)
        if info is None or not info.computed:
            return
        node = self.doc.nodes[nid]
        kind = node.kind
        if kind != "op":
            flags[nid] = (_LEAF_RG if kind == "leaf" and node.requires_grad and info.value.dtype.kind == "f"
                          else _FROZEN)
            return
        op, srcs, arrays, out, params, mask = self._fargs[nid]
        ins = [flags[s] for s in srcs]
        if mask is None:
            rgs = [f[0] for f in ins]
        else:
            rgs = [not m and f[0] for f, m in zip(ins, mask)]
        if True not in rgs:
            flags[nid] = _FROZEN
            return
        key = (op.name, mask, 0)
        known = static.get(key)
        if known is None:
            if op.nondiff:
                known = static[key] = (None, None)
            else:
                name = op.grad_fn
                known = static[key] = (op.default_edges if (mask is None or op.edges is None) else op.edges(mask),
                                       name if type(name) is str else None)
        edges, name = known
        if edges is None:
            if any(rgs[i] for i in op.nondiff):
                raise _NotFast
            edges = op.default_edges if (mask is None or op.edges is None) else op.edges(mask)
            name = op.grad_fn if type(op.grad_fn) is str else None
        if name is None:
            name = op.grad_fn(params, mask or (False,) * len(srcs))
        pe = in_edges[nid]
        nf, sends = [], []
        for i in edges:
            if rgs[i]:
                nf.append(ins[i][2] or "AccumulateGrad")
                e = pe[i] if i < len(pe) and pe[i].port == i else next(e for e in pe if e.port == i)
                sends.append((i, srcs[i], e))
            else:
                nf.append(None)
        flags[nid] = (True, False, name, tuple(nf), bool(node.retain_grad))
        targets[nid] = tuple(sends)

    def _fast_backward(self, order: list[str], accumulate: bool) -> dict:
        """Backward on the compiled path. The engine runs a grad_fn once all its gradients have
        arrived, most recently created first; every consumer of a node was created after it, so
        that is exactly reverse topological order, and the gradients meeting at a node arrive
        (and are summed) in the order its consumers ran — as here."""
        problem = self._root_problem()
        if problem is not None:
            return {"ran": False, "error": problem}
        eng = _engine()
        doc = self.doc
        root = doc.root
        info_of = self._info
        root_value = info_of[root].value
        # The seed (and any error about it) from the engine itself, on a stand-in root.
        stand = eng.from_numpy(np.array(root_value, copy=True))
        if self._fflags.get(root, (False,))[0]:
            stand.requires_grad_(True)
        gradient = None
        if doc.root_gradient is not None:
            dt = doc.nodes[root].dtype if doc.nodes[root].kind != "op" else str(root_value.dtype)
            gradient = eng.tensor(np.asarray(doc.root_gradient), dtype=self._dtype(dt))
        try:
            stand.backward(gradient)
        except Exception as exc:  # noqa: BLE001 - PyTorch's text, shown to the user
            return {"ran": False, "error": str(exc)}
        from engine.autograd import unbroadcast as _unbroadcast

        nodes, fargs, targets, flags = doc.nodes, self._fargs, self._ftargets, self._fflags
        buf: dict[str, list[np.ndarray]] = {root: [_np(stand.grad)]}
        grads: dict[str, np.ndarray] = {}
        flow: dict[str, np.ndarray] = {}
        edge_grads: dict[Edge, np.ndarray] = {}
        with np.errstate(all="ignore"):
            for nid in reversed(order):
                contribs = buf.pop(nid, None)
                if contribs is None:
                    continue
                g = contribs[0]
                if len(contribs) > 1:
                    for c in contribs[1:]:   # in arrival order, as the engine sums them
                        g = g + c
                flow[nid] = g
                sends = targets.get(nid)
                if sends is None:   # a leaf's AccumulateGrad: .grad in the leaf's dtype
                    a = info_of[nid].value
                    if g.shape != a.shape or g.dtype != a.dtype:
                        grads[nid] = np.array(np.broadcast_to(g, a.shape), dtype=a.dtype, copy=True)
                    else:
                        grads[nid] = np.array(g, copy=True)
                    continue
                if flags[nid][4]:
                    grads[nid] = np.array(g, copy=True)   # retain_grad
                op, srcs, args, out, params, mask = fargs[nid]
                vjps, through, broadcast = op.vjps, op.passthrough, op.broadcast
                for i, src, edge in sends:
                    if through and through[i]:
                        gi = g
                    else:
                        gi = vjps[i](g, out, *args, **params) if params else vjps[i](g, out, *args)
                    if broadcast and gi.shape != args[i].shape:
                        gi = _unbroadcast(gi, args[i].shape)
                    waiting = buf.get(src)
                    if waiting is None:
                        buf[src] = [gi]
                    else:
                        waiting.append(gi)
                    edge_grads[edge] = gi
        if accumulate:
            for nid, prev in self._fgrads.items():
                g = grads.get(nid)
                grads[nid] = prev if g is None else prev + g
        self._fgrads = dict(grads)
        return {"ran": True, "error": None, "grads": grads, "edge_grads": edge_grads, "flow": flow}

    # ------------------------------------------------------------------ the user's graph
    def _forget(self, nid: str) -> None:
        """Drop a node's part of the user's graph; its objects stay alive until the rebuild ends,
        so no id in the maps can be taken by a new object meanwhile."""
        for key in self._node_keys.pop(nid, ()):
            self._real.pop(key, None)
        for clone in self._node_fns.pop(nid, ()):
            self._owner.pop(id(clone), None)
            self._send_cache.pop(id(clone), None)
            self._retired.append(clone)
        old = self._tensors.pop(nid, None)
        if old is not None:
            self._retired.append(old)
            self._by_tensor.pop(id(old), None)
        self._flags.pop(nid, None)

    def _forget_all(self) -> None:
        self._retired.extend(self._tensors.values())
        self._real, self._node_keys, self._node_fns = {}, {}, {}
        self._owner, self._by_tensor, self._tensors, self._flags, self._send_cache = {}, {}, {}, {}, {}

    def _rebuild_graph(self, order: list[str]) -> None:
        """Derive the tensors with the document's requires_grad flags from the shadow graph, for
        the nodes that changed (recomputed, or their flags) and everything downstream of them."""
        if not self._graph_dirty:
            return
        self._graph_dirty = False
        from engine import from_numpy
        from engine.autograd import new_node

        seeds, self._graph_seeds = self._graph_seeds, set()
        sources = self._structure().sources
        real, owner, node_keys, node_fns = self._real, self._owner, self._node_keys, self._node_fns
        tensors, by_tensor = self._tensors, self._by_tensor
        changed: set[str] = set()
        for nid in order:
            if nid not in seeds and nid in tensors and not any(src in changed for src in sources[nid]):
                continue
            if nid not in seeds and nid not in tensors and nid not in self._shadow:
                continue      # failed before and still failing: nothing to derive
            changed.add(nid)
            self._forget(nid)
            node = self.doc.nodes[nid]
            s = self._shadow.get(nid)
            if s is None:
                continue
            if node.kind == "const":
                tensors[nid] = s
            elif node.kind == "leaf":
                user = self._leaves[nid]
                flag = bool(node.requires_grad) and _np(user).dtype.kind == "f"
                if user.requires_grad != flag:
                    user.requires_grad_(flag)   # PyTorch's own switch on a leaf: same tensor
                acc = getattr(s, "_acc", None)
                if acc is None and s.requires_grad:
                    acc = s._accumulator()
                if acc is not None:
                    real[id(acc)] = user._accumulator() if flag else None
                    node_keys[nid] = [id(acc)]
                tensors[nid] = user
                by_tensor[id(user)] = nid
            elif s.grad_fn is None:
                tensors[nid] = s          # nothing upstream requires grad, even in the shadow
            else:
                top = s.grad_fn
                keys, clones = [], []
                for fn in self._owned(top, real):
                    keys.append(id(fn))
                    nf = tuple((real.get(id(f)), nr) if f is not None and real.get(id(f)) is not None else (None, 0)
                               for f, nr in fn.next_functions)
                    if all(f is None for f, _ in nf):
                        real[id(fn)] = None
                        continue
                    clone = new_node(type(fn).__name__, fn._opdef, fn._args, fn._out, fn._params, fn._edges, nf)
                    real[id(fn)] = clone
                    owner[id(clone)] = nid
                    clones.append(clone)
                node_keys[nid], node_fns[nid] = keys, clones
                fn = real.get(id(top))
                t = from_numpy(_np(s))
                if fn is not None:
                    t._rg = True
                    t._grad_fn = fn
                    if node.retain_grad:
                        t.retain_grad()
                tensors[nid] = t
            t = tensors[nid]
            fn = t.grad_fn
            # What the results report per node, read once per derivation, not per snapshot.
            self._flags[nid] = (bool(t.requires_grad), fn is None, _fn_name(fn),
                                tuple(_fn_name(f) for f, _ in fn.next_functions) if fn is not None else (),
                                bool(getattr(t, "retains_grad", False)))
        if changed:
            # Re-derived grad_fns were created last; number them in topological order again so
            # the engine's "most recent first" order is that of a fresh run of the same script.
            seq = 0
            for nid in order:
                for clone in node_fns.get(nid, ()):
                    clone._seq = seq
                    seq += 1
        self._retired.clear()

    @staticmethod
    def _owned(top: Any, known: dict[int, Any]) -> list[Any]:
        """The shadow grad_fns a node created (``2 / x`` makes two), oldest first."""
        for f, _ in top.next_functions:   # the common case: one grad_fn over its inputs' nodes
            if f is not None and id(f) not in known and not _is_accumulate(f):
                break
        else:
            return [top]
        found, stack, seen = [], [top], set()
        while stack:
            f = stack.pop()
            if f is None or id(f) in seen or id(f) in known or _is_accumulate(f):
                continue
            seen.add(id(f))
            found.append(f)
            stack.extend(g for g, _ in f.next_functions)
        found.sort(key=lambda f: f._sequence_nr())
        return found

    # ------------------------------------------------------------------ structure queries
    def _backward_members(self, order: list[str], flags: dict[str, tuple]) -> tuple[set[str], set[Edge]]:
        """Nodes and edges of the backward graph: a node is in iff it requires grad and the root
        (which must require grad) depends on it; an edge iff its source requires grad and its
        destination is in."""
        root = self.doc.root
        if root is None or root not in flags or not flags[root][0]:
            return set(), set()
        st = self._structure()
        candidates = st.ancestors_and_self(root)
        nodes = {n for n in candidates if n in flags and flags[n][0]}
        edges = {e for n in nodes for e in st.in_edges[n]
                 if e.src in nodes}
        return nodes, edges

    def _snapshot(self, order: list[str], backward: dict | None) -> RunResult:
        if self._mode == "fast":
            flags = self._fflags
            self._structure()
            key = (self._fflags_version, self.doc.root, self._struct_version)
            if self._members is None or self._members[0] != key:
                self._members = (key, *self._backward_members(order, flags))
            nodes, edges = set(self._members[1]), set(self._members[2])
        else:
            flags = self._flags
            nodes, edges = self._backward_members(order, flags)
        results: dict[str, NodeResult] = {}
        info_of = self._info
        blank = _Info()
        grads = backward.get("grads", _NO_PARAMS) if backward is not None else _NO_PARAMS
        flow = backward.get("flow", _NO_PARAMS) if backward is not None else _NO_PARAMS
        grad_of, flow_of, flags_of = grads.get, flow.get, flags.get
        names = _DTYPE_NAMES
        for nid in order:
            info = info_of.get(nid) or blank
            v = info.value
            if v is not None:
                shape, dtype = v.shape, names.get(v.dtype) or _dtype_name(v)
            else:
                shape = dtype = None
            rg, leaf, fn, nf, retains = (flags_of(nid) or _FROZEN) if info.computed else _FROZEN
            # positional: this runs for every node of every run
            results[nid] = NodeResult(v, grad_of(nid), rg, leaf, fn, nf, info.error, info.computed,
                                      nid in nodes, info.warning, info.blocked_by, retains, flow_of(nid),
                                      shape, dtype)
        result = RunResult(results=results, backward_edges=edges, backward_nodes=nodes,
                           root=self.doc.root, recomputed=self._last_recomputed)
        if backward is not None:
            result.backward_ran = backward["ran"]
            result.backward_error = backward["error"]
            result.edge_grads = backward.get("edge_grads", {})
        return result

    # ------------------------------------------------------------------ backward
    def run_backward(self, *, accumulate: bool = False) -> RunResult:
        """Forward (what is stale), then backward from ``doc.root`` with ``doc.root_gradient``.

        Each run starts from ``.grad = None`` on every leaf, like running the script afresh;
        ``accumulate=True`` keeps the previous grads and adds to them, as a second
        ``.backward(retain_graph=True)`` would in PyTorch."""
        with _GC_PAUSED:
            return self._run_backward(accumulate)

    def _run_backward(self, accumulate: bool) -> RunResult:
        if self.stale:
            order = self._forward_core()
        else:
            order = self._structure().order
            self._last_recomputed = ()
        if self._mode == "fast":
            outcome, steps = self._fast_backward(order, accumulate), None
        else:
            outcome, steps = self._backward(order, accumulate)
        self._last = self._snapshot(order, outcome)
        self._backward_steps_raw = steps
        self._backward_valid = True
        self._steps = None
        return self._last

    def _root_problem(self) -> str | None:
        root = self.doc.root
        if root is None:
            return "no backward root: choose the node to call .backward() on"
        node = self.doc.nodes.get(root)
        if node is None:
            return "the backward root no longer exists"
        info = self._info.get(root)
        if info is None or not info.computed:
            if info is not None and info.error:
                return f"cannot run backward: '{node.name}' failed ({info.error})"
            blocked = info.blocked_by if info is not None else None
            where = f" because '{self.doc.nodes[blocked].name}' failed" if blocked in self.doc.nodes else ""
            return f"cannot run backward: '{node.name}' has no value{where}"
        return None

    def _backward(self, order: list[str], accumulate: bool) -> tuple[dict, list]:
        problem = self._root_problem()
        if problem is not None:
            return {"ran": False, "error": problem}, []
        eng = _engine()
        root = self.doc.root
        rt = self._tensors[root]
        gradient = None
        if self.doc.root_gradient is not None:
            gradient = eng.tensor(np.asarray(self.doc.root_gradient), dtype=self._dtype(self.doc.nodes[root].dtype
                                                                                         if self.doc.nodes[root].kind != "op"
                                                                                         else str(_np(rt).dtype)))
        if not accumulate:
            for nid in order:
                t = self._tensors.get(nid)
                if t is not None and (getattr(t, "is_leaf", False) or getattr(t, "retains_grad", False)):
                    t.grad = None
        try:
            raw = list(eng.autograd.backward_steps(rt, gradient, retain_graph=True))
        except Exception as exc:  # noqa: BLE001 - PyTorch's text, shown to the user
            return {"ran": False, "error": str(exc)}, []
        grads: dict[str, np.ndarray | None] = {}
        for nid in order:
            t = self._tensors.get(nid)
            if t is None:
                continue
            if getattr(t, "is_leaf", False) or getattr(t, "retains_grad", False):
                g = t.grad
                grads[nid] = None if g is None else np.array(_np(g), copy=True)
        # What the canvas shows after a backward: the gradient on each edge and arriving at each
        # node. The full step records (with their text) are built only when steps are asked for.
        edge_grads: dict[Edge, np.ndarray] = {}
        flow: dict[str, np.ndarray] = {}
        owner, by_tensor = self._owner, self._by_tensor
        for step in raw:
            fn = step.node
            if _is_accumulate(fn):
                nid = by_tensor.get(id(fn.variable))
            else:
                nid = owner.get(id(fn))
                for (edge, _dest, _internal), g in zip(self._send_edges(fn, nid, owner), step.grads_to_next):
                    if edge is not None and g is not None:
                        edge_grads[edge] = _np(g)
            if nid is not None and nid not in flow and step.grad_output and step.grad_output[0] is not None:
                flow[nid] = _np(step.grad_output[0])
        return {"ran": True, "error": None, "grads": grads, "edge_grads": edge_grads, "flow": flow}, raw

    def zero_grad(self) -> RunResult | None:
        """Set every .grad back to None (the toolbar's Zero grad)."""
        self._fgrads.clear()
        for t in self._tensors.values():
            if getattr(t, "is_leaf", False) or getattr(t, "retains_grad", False):
                t.grad = None
        if self._last is not None:
            for r in self._last.results.values():
                r.grad = None
                r.flow_grad = None
            self._last.edge_grads = {}
            self._last.backward_ran = False
        return self._last

    # ------------------------------------------------------------------ mapping engine -> document
    def _owner_of(self, fn: Any, owner: dict[int, str]) -> str | None:
        if fn is None:
            return None
        if _is_accumulate(fn):
            return self._by_tensor.get(id(fn.variable))
        return owner.get(id(fn))

    def _send_edges(self, fn: Any, nid: str, owner: dict[int, str]) -> list[tuple[Edge | None, str | None, bool]]:
        """For each next_functions entry of ``fn`` (owned by doc node ``nid``): the document edge
        the gradient travels along, the receiving doc node, and whether it stays inside ``nid``.
        Cached per grad_fn until the graph is rebuilt."""
        cached = self._send_cache.get(id(fn))
        if cached is not None:
            return cached
        self._send_cache[id(fn)] = out = self._find_send_edges(fn, nid, owner)
        return out

    def _find_send_edges(self, fn: Any, nid: str, owner: dict[int, str]) -> list[tuple[Edge | None, str | None, bool]]:
        free = list(self._structure().in_edges[nid]) if nid is not None else []
        out = []
        for f, _ in fn.next_functions:
            dest = self._owner_of(f, owner)
            if f is None or dest is None:
                out.append((None, dest, False))
            elif dest == nid and not _is_accumulate(f):
                out.append((None, nid, True))
            else:
                edge = next((e for e in free if e.src == dest), None)
                if edge is not None:
                    free.remove(edge)
                out.append((edge, dest, False))
        return out

    def _map_steps(self, order: list[str], raw: list[Any]) -> list[BackwardStep]:
        owner = self._owner
        names = {nid: n.name for nid, n in self.doc.nodes.items()}
        root = self.doc.root
        root_name = names[root]
        ops = _ops()
        pending: dict[int, list[Arrival]] = {}
        out: list[BackwardStep] = []
        seeded = False
        for i, s in enumerate(raw):
            fn = s.node
            accumulate = _is_accumulate(fn)
            nid = self._owner_of(fn, owner) or root
            arrivals = pending.pop(id(fn), [])
            grad_output = _np(s.grad_output[0]) if s.grad_output else None
            if not arrivals and not seeded:
                arrivals = [Arrival(None, grad_output, None, seed=True)]
                seeded = True
            elif not arrivals and grad_output is not None:
                arrivals = [Arrival(None, grad_output, None)]
            sends: list[Send] = []
            if not accumulate:
                targets = self._send_edges(fn, nid, owner)
                grads_to_next = list(s.grads_to_next) + [None] * (len(targets) - len(s.grads_to_next))
                for (f, _), (edge, dest, internal), g in zip(fn.next_functions, targets, grads_to_next):
                    send = Send(edge, dest, _fn_name(f), None if g is None else _np(g), internal)
                    sends.append(send)
                    if f is not None and g is not None:
                        pending.setdefault(id(f), []).append(Arrival(edge, send.grad, nid))
            leaf_grad = None
            if accumulate:
                lg = getattr(s, "leaf_grad", None)
                leaf_grad = None if lg is None else np.array(_np(lg), copy=True)
            formulas = tuple(getattr(s, "formulas", ()) or ())
            step = BackwardStep(index=i, node_id=nid, name=s.name, kind="accumulate" if accumulate else "grad_fn",
                                arrivals=arrivals, grad=grad_output,
                                sends=sends, leaf_grad=leaf_grad, formulas=formulas)
            step._text = functools.partial(self._chain_rule_safe, step, fn, root_name)

            out.append(step)
        return out

    def _chain_rule_safe(self, step: BackwardStep, fn: Any, root_name: str) -> list[str]:
        names = {nid: n.name for nid, n in self.doc.nodes.items()}
        try:
            return self._chain_rule(step, fn, root_name, names, _ops())
        except Exception as exc:  # noqa: BLE001 - text for a panel must never break a run
            return [f"{step.name} ({names.get(step.node_id, '?')}): {format_array(step.grad)}",
                    f"(no chain-rule text: {exc})"]

    def _chain_rule(self, step: BackwardStep, fn: Any, root_name: str, names: dict[str, str], ops: dict) -> list[str]:
        Q = root_name
        me = names.get(step.node_id, "?")
        lines: list[str] = []
        if step.kind == "accumulate":
            incoming = f"∂{Q}/∂{me}"
        else:
            incoming = f"∂{Q}/∂{me}"
            lines.append(f"{step.name} runs for {me}" + (f" = {self._expr(step.node_id)}" if self.doc.nodes[step.node_id].kind == "op" else ""))
        arr = step.arrivals
        if len(arr) == 1 and arr[0].seed:
            g = arr[0].grad
            how = "the gradient passed to backward" if self.doc.root_gradient is not None else "implicit gradient of a scalar root"
            lines.append(f"{incoming} = {format_array(g)}  ({how})")
        elif len(arr) > 1:
            parts = " + ".join(format_array(a.grad) for a in arr)
            lines.append(f"{incoming} = {parts} = {format_array(step.grad)}  (gradients meeting here are summed)")
        elif arr:
            lines.append(f"{incoming} = {format_array(step.grad)}")
        if step.kind == "accumulate":
            lines.append(f"{me}.grad = {format_array(step.leaf_grad)}")
            return lines
        node = self.doc.nodes.get(step.node_id)
        own_op = getattr(fn, "op", None)
        is_top = node is not None and node.kind == "op" and own_op == node.op and self._tensors.get(step.node_id) is not None \
            and getattr(self._tensors[step.node_id], "grad_fn", None) is fn
        # Input letters are replaced by names only where it is certain what they stand for: the
        # node's own op, or a one-input grad_fn inside it (ReciprocalBackward0 inside 2 / x).
        sub_names = self._symbol_names(step.node_id) if is_top else {}
        for i, send in enumerate(step.sends):
            if send.grad is None or send.to_name is None:
                continue
            if send.internal:
                formula = step.formulas[0] if len(step.formulas) == 1 else (step.formulas[i] if i < len(step.formulas) else "")
                lines.append(f"inside {me}: {step.name} → {send.to_name}: {format_array(send.grad)}"
                             + (f"   ({formula})" if formula else ""))
                continue
            src = names.get(send.to_node, "?")
            formula = ""
            if is_top and send.edge is not None and send.edge.port < len(ops[node.op].formulas):
                formula = ops[node.op].formulas[send.edge.port]
            elif len(step.formulas) == len(step.sends):
                formula = step.formulas[i]
            elif len(step.formulas) == 1:
                formula = step.formulas[0]
            names_here = sub_names
            if not is_top and len(fn.next_functions) == 1 and send.edge is not None:
                names_here = {"x": src}
            local = _local_formula(formula, names_here) if formula else f"∂{me}/∂{src}"
            via = "  (one path of several)" if self._paths_from(send.to_node) > 1 else ""
            lines.append(f"∂{Q}/∂{src} = ∂{Q}/∂{me} · ∂{me}/∂{src} = {format_array(step.grad)} · {local}"
                         f" = {format_array(send.grad)}{via}")
        return lines

    def _paths_from(self, nid: str | None) -> int:
        if nid is None or self._last is None:
            return 1
        return sum(1 for e in self._structure().out_edges[nid] if e in self._last.backward_edges) or 1

    def _symbol_names(self, nid: str) -> dict[str, str]:
        node = self.doc.nodes.get(nid)
        names: dict[str, str] = {}
        if node is None or node.kind != "op":
            return names
        for port, src in enumerate(self._structure().inputs[nid]):
            if port > 1 or src is None:
                continue
            s = self.doc.nodes[src]
            label = _scalar_literal(s.value) if self._is_scalar_const(src) else s.name
            names["x" if port == 0 else "y"] = label
        return names

    def _expr(self, nid: str) -> str:
        node = self.doc.nodes[nid]
        ops = _ops()
        op = ops.get(node.op)
        ins = []
        for src in self._structure().inputs[nid]:
            if src is None:
                ins.append("?")
            elif self._is_scalar_const(src):
                ins.append(_scalar_literal(self.doc.nodes[src].value))
            else:
                ins.append(self.doc.nodes[src].name)
        if op is None:
            return f"{node.op}({', '.join(ins)})"
        symbol = getattr(op, "symbol", None)
        if symbol and op.arity == 2 and len(ins) == 2:
            return f"{ins[0]} {symbol} {ins[1]}"
        if symbol and op.arity == 1 and len(ins) == 1:
            return f"{symbol}{ins[0]}"
        params = [f"{k}={v!r}" for k, v in (node.params or {}).items()]
        return f"{node.op}({', '.join([*ins, *params])})"

    # ------------------------------------------------------------------ steps
    def forward_steps(self) -> list[ForwardStep]:
        """One record per node in topological order (the order forward computed them)."""
        return self._all_steps()[0]

    def backward_steps(self) -> list[BackwardStep]:
        """The engine's backward steps, in its order, mapped onto document nodes and edges.
        Empty when backward cannot run (see ``last_result.backward_error``)."""
        return self._all_steps()[1]

    def step_player(self) -> "StepPlayer":
        fwd, bwd = self._all_steps()
        return StepPlayer(fwd, bwd, root=self.doc.root)

    def _all_steps(self) -> tuple[list[ForwardStep], list[BackwardStep]]:
        if self._steps is not None and self._backward_valid:
            return self._steps
        if not self._backward_valid:
            self.run_backward()
        if self._backward_steps_raw is None:
            # the compiled path ran: the steps are the engine's own, so ask the engine now
            self._sync_engine()
            self._backward_steps_raw = self._backward(self._structure().order, False)[1]
        fwd = self._forward_records()
        bwd = self._map_steps(self._structure().order, self._backward_steps_raw) if self._backward_steps_raw else []
        self._steps = (fwd, bwd)
        return self._steps

    def _forward_records(self) -> list[ForwardStep]:
        out = []
        for i, nid in enumerate(self._structure().order):
            node = self.doc.nodes[nid]
            info = self._info.get(nid) or _Info()
            inputs = []
            if node.kind == "op":
                for port, src in enumerate(self._structure().inputs[nid]):
                    v = self._info[src].value if src in self._info else None
                    inputs.append((port, src, v))
            if node.kind == "leaf":
                rg = ", requires_grad=True" if node.requires_grad else ""
                text = f"{node.name} = tensor({format_array(info.value)}{rg})"
            elif node.kind == "const":
                text = f"{node.name} = {format_array(info.value)}  (constant)"
            elif info.computed:
                text = f"{node.name} = {self._expr(nid)} = {format_array(info.value)}"
            elif info.error:
                text = f"{node.name} = {self._expr(nid)}  ✗ {info.error}"
            else:
                blocked = self.doc.nodes[info.blocked_by].name if info.blocked_by in self.doc.nodes else "an input"
                text = f"{node.name} = {self._expr(nid)}  (not computed: '{blocked}' failed)"
            expression = self._expr(nid) if node.kind == "op" else text.split(" = ", 1)[1]
            out.append(ForwardStep(i, nid, node.name, node.kind, node.op, inputs, info.value, text,
                                   expression=expression, error=info.error, warning=info.warning))
        return out

    # ------------------------------------------------------------------ training
    def trainer(self, optimizer: str = "sgd", lr: float = 0.01, momentum: float = 0.0) -> "Trainer":
        """A :class:`Trainer` that keeps its optimizer state (momentum, Adam's moments) between
        calls, for a Train-step button pressed again and again."""
        return Trainer(self, optimizer, lr, momentum)

    def train_iter(self, steps: int, optimizer: str = "sgd", lr: float = 0.01, momentum: float = 0.0
                   ) -> Iterator[tuple[int, float, dict[str, np.ndarray]]]:
        """Yield ``(step, loss, {leaf id: value after the step})`` for each optimizer step
        (for a training panel that runs in slices and plots as it goes)."""
        yield from Trainer(self, optimizer, lr, momentum).iter_steps(steps)

    def train(self, steps: int, optimizer: str = "sgd", lr: float = 0.01, momentum: float = 0.0,
              callback: Callable[[int, float], Any] | None = None) -> tuple[list[float], dict[str, np.ndarray]]:
        """Run ``steps`` optimizer steps from the document's current values; return
        (loss history, {leaf id: new value}).

        The document is not changed: apply the new values with :func:`training_command` (one
        undoable step). Frozen leaves are not in the returned dict and stay bit-identical."""
        return Trainer(self, optimizer, lr, momentum).step(steps, callback=callback)


class Trainer:
    """Optimizer steps over the leaves of a document that require grad (``engine.optim``).

    Works on copies of the leaf values: the document is not touched (apply the returned values
    with :func:`training_command`); frozen leaves are not parameters, so they cannot move. The
    loss recorded for a step is the root's value *before* that step's update, as in a PyTorch
    loop (``loss = f(); loss.backward(); opt.step()``). The optimizer state carries over between
    :meth:`step` calls as long as the document still holds the values this trainer produced;
    any other change (an edit, an undo, a toggled leaf) starts a fresh optimizer."""

    def __init__(self, runner: Runner, optimizer: str = "sgd", lr: float = 0.01, momentum: float = 0.0) -> None:
        if optimizer not in ("sgd", "adam"):
            raise RunnerError(f"unknown optimizer '{optimizer}': use 'sgd' or 'adam'")
        if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
            raise RunnerError(f"the learning rate must be a positive number, not {lr!r}")
        self.runner = runner
        self.optimizer, self.lr, self.momentum = optimizer, float(lr), float(momentum)
        self._params: dict[str, Any] = {}
        self._opt: Any = None
        self._produced: dict[str, np.ndarray] = {}

    def _in_sync(self, ids: list[str]) -> bool:
        doc = self.runner.doc
        if self._opt is None or list(self._params) != ids:
            return False
        return all(np.array_equal(doc.nodes[i].value, self._produced.get(i)) and
                   np.asarray(doc.nodes[i].value).dtype == self._produced[i].dtype for i in ids)

    def _prepare(self) -> tuple[list[str], str, Any]:
        runner, doc, eng = self.runner, self.runner.doc, _engine()
        if runner.stale:
            runner.run_forward()
        runner._sync_engine()
        problem = runner._root_problem()
        if problem is not None:
            raise RunnerError(problem)
        root = doc.root
        errors = {nid: i.error for nid, i in runner._info.items() if i.error}
        if errors:
            nid, msg = next(iter(errors.items()))
            raise RunnerError(f"cannot train while '{doc.nodes[nid].name}' fails: {msg}")
        rt = runner._tensors.get(root)
        if rt is None or not rt.requires_grad:
            raise RunnerError(f"nothing to train: '{doc.nodes[root].name}' does not depend on any leaf that requires grad")
        root_value = runner._info[root].value
        if root_value.size != 1 and doc.root_gradient is None:
            raise RunnerError("training needs a scalar loss at the root (or an external gradient)")
        st = runner._structure()
        ids = [nid for nid in st.order if doc.nodes[nid].kind == "leaf" and doc.nodes[nid].requires_grad]
        if not self._in_sync(ids):
            self._params = {nid: eng.tensor(np.array(runner._info[nid].value, copy=True),
                                            dtype=runner._dtype(doc.nodes[nid].dtype), requires_grad=True)
                            for nid in ids}
            plist = list(self._params.values())
            self._opt = (eng.optim.SGD(plist, lr=self.lr, momentum=self.momentum) if self.optimizer == "sgd"
                         else eng.optim.Adam(plist, lr=self.lr))
        cone: set[str] = set()
        for nid in ids:
            cone |= st.descendants(nid)
        gradient = None
        if doc.root_gradient is not None:
            gradient = eng.tensor(np.asarray(doc.root_gradient), dtype=runner._dtype(str(root_value.dtype)))
        return [nid for nid in st.order if nid in cone], root, gradient

    def iter_steps(self, steps: int) -> Iterator[tuple[int, float, dict[str, np.ndarray]]]:
        """Yield ``(step, loss, {leaf id: value after the step})`` for each optimizer step."""
        if not isinstance(steps, int) or steps < 0:
            raise RunnerError("the number of training steps must be a whole number ≥ 0")
        runner, doc, eng = self.runner, self.runner.doc, _engine()
        cone_order, root, gradient = self._prepare()
        for k in range(steps):
            tensors = dict(runner._tensors)
            tensors.update(self._params)
            # Outside the parameters' cone nothing changes, so those tensors are reused as is.
            for nid in cone_order:
                args, failure = runner._op_args(nid, tensors)
                if failure is not None:
                    raise RunnerError(failure.error or f"'{doc.nodes[nid].name}' cannot be computed")
                node = doc.nodes[nid]
                runner.op_evaluations += 1
                params = runner._params(node)
                t = eng.apply_op(node.op, *args, **params) if params else eng.apply_op(node.op, *args)
                tensors[nid] = t[0] if isinstance(t, tuple) else t
            loss_t = tensors[root]
            loss_value = _np(loss_t)
            loss = (float(loss_value.reshape(-1)[0]) if gradient is None
                    else float(np.sum(loss_value * np.asarray(doc.root_gradient))))
            self._opt.zero_grad()
            loss_t.backward(gradient=gradient)
            self._opt.step()
            values = {nid: np.array(_np(p), copy=True) for nid, p in self._params.items()}
            self._produced = values
            yield k, loss, values

    def step(self, steps: int = 1, callback: Callable[[int, float], Any] | None = None
             ) -> tuple[list[float], dict[str, np.ndarray]]:
        """Run ``steps`` optimizer steps; return (loss history, {leaf id: new value})."""
        history: list[float] = []
        values: dict[str, np.ndarray] = {}
        for k, loss, values in self.iter_steps(steps):
            history.append(loss)
            if callback is not None:
                callback(k, loss)
        return history, values


def training_command(doc: Document, new_values: dict[str, np.ndarray], text: str = "Train"):
    """One undoable command setting every trained leaf's value (a MacroCommand of
    SetValueCommands, in the leaves' own dtypes). Push it on the History / undo stack."""
    from explorer.model import commands

    subs = [commands.SetValueCommand(nid, np.asarray(v, dtype=doc.nodes[nid].dtype))
            for nid, v in new_values.items()]
    return commands.MacroCommand(text, subs)


# ---------------------------------------------------------------------------------------------
# reports (the headless ``run`` command and anything else that prints results)
# ---------------------------------------------------------------------------------------------
def json_number_array(a: Any) -> Any:
    """Nested lists of numbers for JSON. NaN and ±Inf are not valid JSON, so they become the
    strings "nan", "inf" and "-inf" (which ``float()`` reads back); ``None`` stays ``None``."""
    if a is None:
        return None
    arr = np.asarray(a)

    def conv(v: Any) -> Any:
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, float) and not math.isfinite(v):
            return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        return v

    return conv(arr.tolist())


def result_report(doc: Document, result: RunResult) -> dict[str, Any]:
    """``{"nodes": {NAME: {"value", "grad", "requires_grad", "is_leaf", "grad_fn", "shape"}}, ...}``
    in topological order; ``grad`` is null exactly where PyTorch's ``.grad`` is None. Also
    ``root``, ``backward_error``, and ``errors`` / ``warnings`` keyed by node name."""
    nodes: dict[str, Any] = {}
    for nid, r in result.results.items():
        name = doc.nodes[nid].name
        nodes[name] = {
            "value": json_number_array(r.value),
            "grad": json_number_array(r.grad),
            "requires_grad": r.requires_grad,
            "is_leaf": r.is_leaf,
            "grad_fn": r.grad_fn,
            "shape": list(r.shape) if r.shape is not None else None,
        }
    return {
        "nodes": nodes,
        "root": doc.nodes[result.root].name if result.root in doc.nodes else None,
        "backward_error": result.backward_error,
        "errors": {doc.nodes[k].name: v for k, v in result.errors.items()},
        "warnings": {doc.nodes[k].name: v for k, v in result.warnings.items()},
    }


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _op_error(node, exc: Exception) -> str:
    msg = str(exc).strip() or type(exc).__name__
    return f"{node.op}: {msg}" if node.op and not msg.startswith(node.op) else msg


def _nonfinite_warning(node, value: np.ndarray, args: list[Any]) -> str | None:
    """A warning when the op turned finite inputs into NaN/Inf (it caused them)."""
    if value is None or value.dtype.kind not in "fc":
        return None
    with np.errstate(all="ignore"):  # inf + -inf in the sum is what we are looking for, not news
        total = np.add.reduce(value, axis=None)
    if math.isfinite(total):  # finite sum: no NaN/Inf anywhere (the cheap check, run on every op)
        return None
    finite = np.isfinite(value)
    if finite.all():
        return None  # the sum overflowed, the values are fine
    for a in args:
        arr = _np(a)
        if arr is not None and arr.dtype.kind in "fc" and not np.isfinite(arr).all():
            return None  # NaN/Inf came in from upstream; the node that made them has the warning
    bad = value[~finite]
    kinds = []
    if np.isnan(bad).any():
        kinds.append("nan")
    if np.isposinf(bad).any():
        kinds.append("inf")
    if np.isneginf(bad).any():
        kinds.append("-inf")
    where = "" if value.ndim == 0 else f" in {int((~finite).sum())} of {value.size} elements"
    return (f"{node.op} produced {' and '.join(kinds)}{where} from finite inputs: "
            f"an input is outside the domain of {node.op}")


# ---------------------------------------------------------------------------------------------
# step player
# ---------------------------------------------------------------------------------------------
@dataclass
class PlayerState:
    """What the canvas shows at the player's cursor (cursor -1: before the first step)."""

    cursor: int
    step: ForwardStep | BackwardStep | None
    phase: str | None                            # "forward" | "backward" | None
    values: dict[str, np.ndarray | None]         # node values visible so far
    grads: dict[str, np.ndarray]                 # leaf .grad written so far
    flow_grads: dict[str, np.ndarray]            # ∂root/∂node for the grad_fns that have run
    edge_grads: dict[Edge, np.ndarray]           # gradients shown travelling along edges
    active_nodes: tuple[str, ...]
    active_edges: tuple[Edge, ...]


class StepPlayer:
    """A cursor over forward steps followed by backward steps; steps forward and back.

    Every state is recomputed from the steps up to the cursor, so stepping back shows exactly
    what was shown when that step was first reached."""

    def __init__(self, forward: list[ForwardStep], backward: list[BackwardStep], root: str | None = None) -> None:
        self.forward = list(forward)
        self.backward = list(backward)
        self.steps: list[ForwardStep | BackwardStep] = [*self.forward, *self.backward]
        self.root = root
        self.cursor = -1

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def at_start(self) -> bool:
        return self.cursor < 0

    @property
    def at_end(self) -> bool:
        return self.cursor >= len(self.steps) - 1

    def step_forward(self) -> PlayerState:
        if not self.at_end:
            self.cursor += 1
        return self.state()

    def step_back(self) -> PlayerState:
        if self.cursor >= 0:
            self.cursor -= 1
        return self.state()

    def seek(self, index: int) -> PlayerState:
        self.cursor = max(-1, min(index, len(self.steps) - 1))
        return self.state()

    def seek_phase(self, phase: str, index: int) -> PlayerState:
        """Go to step ``index`` of a phase (-1 = its last step)."""
        seq = self.forward if phase == "forward" else self.backward
        if not seq:
            return self.seek(len(self.forward) - 1 if phase == "backward" else -1)
        i = index if index >= 0 else len(seq) + index
        i = max(0, min(i, len(seq) - 1))
        return self.seek(i if phase == "forward" else len(self.forward) + i)

    def to_start(self) -> PlayerState:
        return self.seek(-1)

    def to_end(self) -> PlayerState:
        return self.seek(len(self.steps) - 1)

    def state(self) -> PlayerState:
        values: dict[str, np.ndarray | None] = {}
        grads: dict[str, np.ndarray] = {}
        flow: dict[str, np.ndarray] = {}
        edge_grads: dict[Edge, np.ndarray] = {}
        for s in self.steps[: self.cursor + 1]:
            if isinstance(s, ForwardStep):
                values[s.node_id] = s.value
            else:
                if s.grad is not None and s.kind == "grad_fn" and s.node_id not in flow:
                    flow[s.node_id] = s.grad
                for send in s.sends:
                    if send.edge is not None and send.grad is not None:
                        edge_grads[send.edge] = send.grad
                if s.kind == "accumulate" and s.leaf_grad is not None:
                    grads[s.node_id] = s.leaf_grad
                    flow[s.node_id] = s.leaf_grad
        step = self.steps[self.cursor] if self.cursor >= 0 else None
        active_nodes: tuple[str, ...] = ()
        active_edges: tuple[Edge, ...] = ()
        phase = None
        if isinstance(step, ForwardStep):
            phase = "forward"
            active_nodes = (step.node_id, *[src for _, src, _ in step.inputs if src is not None])
        elif isinstance(step, BackwardStep):
            phase = "backward"
            active_nodes = (step.node_id,)
            active_edges = tuple([a.edge for a in step.arrivals if a.edge is not None]
                                 + [s.edge for s in step.sends if s.edge is not None])
        return PlayerState(self.cursor, step, phase, values, grads, flow, edge_grads, active_nodes, active_edges)
