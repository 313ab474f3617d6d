"""The runner's one evaluation path: a document becomes fresh engine tensors, and backward runs
through the engine's own step generator.

:func:`evaluate` walks the document in topological order and builds every node with the
engine's public API, exactly as the document's printed PyTorch script would run: a leaf is
``engine.tensor(value, dtype=..., requires_grad=...)`` with the document's flag, a constant a
tensor (or, when 0-d beside a tensor, a Python number, so ``3 * a`` gets ``MulBackward0`` and
``2 - x`` ``RsubBackward1``), an op ``engine.apply_op(name, *inputs, **params)``. Every value,
flag, grad_fn and next_functions entry the runner reports is read off these tensors; nothing
is cached between evaluations, so no state outlives the document it was computed from.

:func:`backward` drains ``engine.autograd.backward_steps`` from the root (the generator
``.backward()`` itself drains) and keeps its step records for step-through.

Nothing raises to the caller: an op that fails (any exception, including the engine's
RuntimeErrors such as a size budget) puts one line naming the node on that node, and the nodes
downstream are marked not computed (``blocked_by``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import engine
from engine.autograd import AccumulateGrad, backward_steps
from explorer.model.document import Document, Edge
from explorer.model.messages import Message

__all__ = ["NodeInfo", "Wiring", "Evaluation", "BackwardOutcome", "evaluate", "backward", "as_array"]


@dataclass(slots=True)
class NodeInfo:
    """What the forward found out about one node."""

    value: np.ndarray | None = None
    error: str | None = None
    computed: bool = False
    blocked_by: str | None = None
    warning: str | None = None


class Wiring:
    """The document's edges read once per evaluation: topological order, each op's input per
    port, in/out edges per node."""

    def __init__(self, doc: Document) -> None:
        self.in_edges: dict[str, list[Edge]] = {nid: [] for nid in doc.nodes}
        self.out_edges: dict[str, list[Edge]] = {nid: [] for nid in doc.nodes}
        index = {nid: i for i, nid in enumerate(doc.nodes)}
        forward = True      # every edge runs from an earlier-inserted node to a later one
        for u, v, k in doc.graph.edges(keys=True):
            e = Edge(u, v, k)
            self.in_edges[v].append(e)
            self.out_edges[u].append(e)
            forward = forward and index[u] < index[v]
        # The document's order (of the ready nodes, the one inserted first) is the insertion
        # order itself when every edge points forward in it: the usual case, and free to check.
        self.order: list[str] = list(doc.nodes) if forward else doc.topological_order()
        self.inputs: dict[str, list[str | None]] = {}
        arity: dict[str, int] = {}
        for nid, node in doc.nodes.items():
            edges = self.in_edges[nid]
            if len(edges) > 1:
                edges.sort(key=lambda e: e.port)
            n = 0
            if node.kind == "op":
                n = arity.get(node.op, -1)
                if n < 0:
                    op = engine.OPS.get(node.op)
                    n = arity[node.op] = op.arity if op is not None else 0
            ports: list[str | None] = [None] * n
            for e in edges:
                if e.port < n:
                    ports[e.port] = e.src
            self.inputs[nid] = ports


@dataclass
class Evaluation:
    """One forward of a document through the engine: a tensor per computed node, and which
    document node made each grad_fn (composite ops such as ``2 / x`` or cross_entropy make
    several)."""

    doc: Document
    wiring: Wiring
    tensors: dict[str, Any] = field(default_factory=dict)        # node id -> engine tensor
    info: dict[str, NodeInfo] = field(default_factory=dict)
    owner: dict[Any, str] = field(default_factory=dict)          # grad_fn -> node id
    leaf_ids: dict[int, str] = field(default_factory=dict)       # id(leaf tensor) -> node id
    leaves: dict[str, Any] = field(default_factory=dict)         # leaf node id -> its tensor
    scalars: set[str] = field(default_factory=set)               # 0-d constants (Python numbers beside tensors)
    op_evaluations: int = 0
    _sends: dict[Any, list] = field(default_factory=dict)
    _next: dict[Any, tuple] = field(default_factory=dict)
    _fresh: list[tuple[str, list]] = field(default_factory=list)   # ops computed (for the NaN check)

    def next_of(self, fn: Any) -> tuple:
        """``fn.next_functions``' nodes, read once per grad_fn (the engine builds the tuple on
        every access)."""
        known = self._next.get(fn)
        if known is None:
            known = self._next[fn] = tuple(f for f, _ in fn.next_functions)
        return known

    # ------------------------------------------------------------------ reading the engine graph
    def owner_of(self, fn: Any) -> str | None:
        """The document node a grad_fn belongs to (a leaf for its AccumulateGrad)."""
        if fn is None:
            return None
        if is_accumulate(fn):
            return self.leaf_ids.get(id(fn.variable))
        return self.owner.get(fn)

    def send_edges(self, fn: Any, nid: str | None) -> list[tuple[Edge | None, str | None, bool]]:
        """For each next_functions entry of ``fn`` (made by node ``nid``): the document edge the
        gradient travels back along, the receiving node, and whether it stays inside ``nid``."""
        known = self._sends.get(fn)
        if known is not None:
            return known
        free = list(self.wiring.in_edges[nid]) if nid is not None else []
        out: list[tuple[Edge | None, str | None, bool]] = []
        for f in self.next_of(fn):
            dest = self.owner_of(f)
            if f is None or dest is None:
                out.append((None, dest, False))
            elif dest == nid and not is_accumulate(f):
                out.append((None, nid, True))
            else:
                edge = next((e for e in free if e.src == dest), None)
                if edge is not None:
                    free.remove(edge)
                out.append((edge, dest, False))
        self._sends[fn] = out
        return out

    def flags(self, nid: str) -> tuple[bool, bool, str | None, tuple[str | None, ...], bool]:
        """requires_grad, is_leaf, grad_fn name, next_functions names, retains_grad of a computed node."""
        t = self.tensors[nid]
        fn = t.grad_fn
        nf = tuple([None if f is None else type(f).__name__ for f in self.next_of(fn)]) if fn is not None else ()
        return bool(t.requires_grad), bool(t.is_leaf), fn_name(fn), nf, bool(t.retains_grad)

    def members(self, root: str | None, ran: list[Any] | None = None) -> tuple[set[str], set[Edge]]:
        """The backward graph as the engine holds it: the nodes whose grad_fn (or AccumulateGrad)
        is reachable from the root's grad_fn, and the document edges a next_functions entry
        runs along. ``ran``: the grad_fns a backward from the root just ran (exactly those),
        so they need not be looked for."""
        t = self.tensors.get(root) if root is not None else None
        if t is None or not t.requires_grad:
            return set(), set()
        if t.grad_fn is None:
            return {root}, set()
        nodes: set[str] = set()
        edges: set[Edge] = set()
        seen = {t.grad_fn}
        stack = [t.grad_fn]
        if ran is not None:
            seen, stack = set(), []
            for fn in ran:
                nid = self.owner_of(fn)
                if nid is not None:
                    nodes.add(nid)
                if not is_accumulate(fn):
                    for f, (edge, _d, _i) in zip(self.next_of(fn), self.send_edges(fn, nid)):
                        if f is not None and edge is not None:
                            edges.add(edge)
            return nodes, edges
        while stack:
            fn = stack.pop()
            nid = self.owner_of(fn)
            if nid is not None:
                nodes.add(nid)
            if is_accumulate(fn):
                continue
            for f, (edge, _dest, _internal) in zip(self.next_of(fn), self.send_edges(fn, nid)):
                if f is None:
                    continue
                if edge is not None:
                    edges.add(edge)
                if f not in seen:
                    seen.add(f)
                    stack.append(f)
        return nodes, edges


@dataclass
class BackwardOutcome:
    """One backward pass: the engine's step records and what they mean on the document."""

    ran: bool
    error: str | None = None
    raw: list[Any] = field(default_factory=list)                 # engine.autograd.BackwardStep records
    flow: dict[str, np.ndarray] = field(default_factory=dict)    # gradient arriving at each node
    edge_grads: dict[Edge, np.ndarray] = field(default_factory=dict)
    accumulated: set[str] = field(default_factory=set)           # leaves whose .grad this pass wrote


# ---------------------------------------------------------------------------------------------
# small helpers over the engine's public API
# ---------------------------------------------------------------------------------------------
def as_array(x: Any) -> np.ndarray | None:
    """A tensor's (or a step record's gradient's) numbers as a numpy array."""
    if x is None or isinstance(x, np.ndarray):
        return x
    if isinstance(x, engine.Tensor):
        return x.detach().numpy()
    return np.asarray(x)


def is_accumulate(fn: Any) -> bool:
    return isinstance(fn, AccumulateGrad)


def fn_name(fn: Any) -> str | None:
    # The class name: torch's AccumulateGrad.name() is the C++ "torch::autograd::AccumulateGrad",
    # but it prints (and the UI shows it) as AccumulateGrad; for every other node they agree.
    return None if fn is None else type(fn).__name__


_DTYPE_NAMES: dict[Any, str] = {}


def dtype_name(a: np.ndarray) -> str:
    # numpy works dtype.name out in Python on every access (3 µs): it showed in profiles
    name = _DTYPE_NAMES.get(a.dtype)
    if name is None:
        name = _DTYPE_NAMES[a.dtype] = a.dtype.name
    return name


def engine_dtype(name: str) -> Any:
    return engine.float64 if name == "float64" else engine.float32


def is_scalar_const(doc: Document, nid: str) -> bool:
    node = doc.nodes[nid]
    return node.kind == "const" and node.value is not None and np.ndim(node.value) == 0


def op_params(node: Any) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in (node.params or {}).items()}


# ---------------------------------------------------------------------------------------------
# forward
# ---------------------------------------------------------------------------------------------
def evaluate(doc: Document, *, nonfinite: str = "warn", leaves: dict[str, Any] | None = None) -> Evaluation:
    """Build every node of ``doc`` as a fresh engine tensor, in topological order.

    ``leaves`` gives tensors to use for some leaf nodes instead of new ones (the same leaf
    tensors again for a second ``Q = ...; Q.backward()``, or an optimizer's parameters)."""
    ev = Evaluation(doc, Wiring(doc))
    # The engine checks each result's size before computing it and caps the run's total
    # tensor memory: a small file asking for (20000,1)+(1,20000) fails on its node in
    # microseconds instead of allocating gigabytes.
    with engine.tensor_budget():
        for nid in ev.wiring.order:
            node = doc.nodes[nid]
            if node.kind == "op":
                _compute_op(ev, nid, nonfinite)
            elif leaves is not None and nid in leaves:
                _keep(ev, nid, leaves[nid])
            else:
                _compute_leaf(ev, nid)
    _warn_nonfinite(ev)
    return ev


def _warn_nonfinite(ev: Evaluation) -> None:
    """Warn on the ops that turned finite inputs into NaN/Inf; one check over every value
    first (the common case: all finite), each op only when something is not."""
    fresh, ev._fresh = ev._fresh, []
    if not fresh:
        return
    values = [ev.info[nid].value for nid, _ in fresh]
    floats = [v.reshape(-1) for v in values if v.dtype.kind in "fc"]
    if not floats or np.isfinite(np.concatenate(floats)).all():
        return
    for nid, args in fresh:
        info = ev.info[nid]
        info.warning = nonfinite_warning(ev.doc.nodes[nid], info.value, args)


def _keep(ev: Evaluation, nid: str, t: Any) -> None:
    value = as_array(t)
    ev.tensors[nid] = t
    ev.info[nid] = NodeInfo(value=value, computed=True)
    kind = ev.doc.nodes[nid].kind
    if kind == "const" and value.ndim == 0:
        ev.scalars.add(nid)
    elif kind == "leaf":
        ev.leaves[nid] = t
        ev.leaf_ids[id(t)] = nid


def _compute_leaf(ev: Evaluation, nid: str) -> None:
    node = ev.doc.nodes[nid]
    if node.value is None:
        ev.info[nid] = NodeInfo(error=Message("'{name}' has no value", name=node.name))
        return
    value = np.asarray(node.value)
    try:
        if node.kind == "const" and value.dtype.kind in "iub":
            t = engine.tensor(value)   # class indices stay integers (cross_entropy targets)
        else:
            t = engine.tensor(value, dtype=engine_dtype(node.dtype))
            if node.kind == "leaf" and node.requires_grad and as_array(t).dtype.kind == "f":
                t.requires_grad_(True)
    except Exception as exc:  # noqa: BLE001 - shown on the node, never raised
        ev.info[nid] = NodeInfo(error=Message("'{name}': {exc}", name=node.name, exc=exc))
        return
    _keep(ev, nid, t)


def _inputs(ev: Evaluation, nid: str) -> tuple[list[str] | None, NodeInfo | None]:
    """An op's input node ids, or its failure: an unconnected port, a failed input."""
    ports = ev.wiring.inputs[nid]
    if None not in ports:                 # the usual case: every input there and computed
        info = ev.info
        for src in ports:
            known = info.get(src)
            if known is None or not known.computed:
                break
        else:
            return ports, None
    node = ev.doc.nodes[nid]
    srcs = list(ports)
    # Trailing optional inputs (linear's bias) may stay unconnected: linear(x, W).
    required = len(srcs) - engine.OPS[node.op].optional_inputs
    while len(srcs) > required and srcs[-1] is None:
        srcs.pop()
    for port, src in enumerate(srcs):
        if src is None:
            which = (Message("input {value}", value=port + 1) if len(ports) > 1 else Message("its input"))
            return None, NodeInfo(error=Message("'{name}' ({op}): {which} is not connected", name=node.name,
                                                op=node.op, which=which))
    for src in srcs:
        info = ev.info.get(src)
        if info is None or not info.computed:
            failed = info.blocked_by if info is not None and info.blocked_by else src
            return None, NodeInfo(blocked_by=failed)
    return srcs, None


def _compute_op(ev: Evaluation, nid: str, nonfinite: str) -> None:
    doc = ev.doc
    node = doc.nodes[nid]
    if node.op not in engine.OPS:
        ev.info[nid] = NodeInfo(error=Message("'{name}': unknown op '{op}'", name=node.name, op=node.op))
        return
    srcs, failure = _inputs(ev, nid)
    if failure is not None:
        ev.info[nid] = failure
        return
    # A 0-d constant beside a tensor goes in as a Python number, as `3 * a` does in PyTorch.
    tensors = ev.tensors
    if ev.scalars and not ev.scalars.isdisjoint(srcs) and not ev.scalars.issuperset(srcs):
        args = [np.asarray(doc.nodes[s].value).item() if s in ev.scalars else tensors[s] for s in srcs]
    else:
        args = [tensors[s] for s in srcs]
    ev.op_evaluations += 1
    try:
        t = engine.apply_op(node.op, *args, **op_params(node)) if node.params else engine.apply_op(node.op, *args)
    except Exception as exc:  # noqa: BLE001 - an op's error belongs to its node, whatever it is
        ev.info[nid] = NodeInfo(error=op_error(doc, node, exc, srcs, args))
        return
    if isinstance(t, tuple):  # max/min along a dim give (values, indices): the values flow on
        t = t[0]
    value = as_array(t)
    info = NodeInfo(value=value, computed=True)
    if nonfinite == "error":      # the node fails, so its cone is blocked: check it now
        warning = nonfinite_warning(node, value, args)
        if warning is not None:
            ev.info[nid] = NodeInfo(error=warning)
            return
    else:
        ev._fresh.append((nid, args))
    if node.retain_grad and t.requires_grad and not t.is_leaf:
        t.retain_grad()
    ev.tensors[nid] = t
    ev.info[nid] = info
    _claim(ev, t.grad_fn, nid)


def _claim(ev: Evaluation, top: Any, nid: str) -> None:
    """Record ``nid`` as the maker of the grad_fns its op created: ``top``, and for a composite
    op (``2 / x`` is MulBackward0 over ReciprocalBackward0) whatever new nodes lie under it
    before the inputs' own grad_fns."""
    if top is None or top in ev.owner:
        return
    ev.owner[top] = nid
    if engine.OPS[ev.doc.nodes[nid].op].compose is None:
        return      # one op-table entry makes one grad_fn
    stack = list(ev.next_of(top))
    while stack:
        fn = stack.pop()
        if fn is None or is_accumulate(fn) or fn in ev.owner:
            continue
        ev.owner[fn] = nid
        stack.extend(ev.next_of(fn))


# ---------------------------------------------------------------------------------------------
# backward
# ---------------------------------------------------------------------------------------------
def root_problem(ev: Evaluation) -> str | None:
    doc = ev.doc
    root = doc.root
    if root is None:
        return Message("no backward root: choose the node to call .backward() on")
    node = doc.nodes.get(root)
    if node is None:
        return Message("the backward root no longer exists")
    info = ev.info.get(root)
    if info is None or not info.computed:
        if info is not None and info.error:
            return Message("cannot run backward: '{name}' failed ({error})", name=node.name, error=info.error)
        blocked = info.blocked_by if info is not None else None
        where = (Message(" because '{name}' failed", name=doc.nodes[blocked].name)
                 if blocked in doc.nodes else
                 '')
        return Message("cannot run backward: '{name}' has no value{where}", name=node.name, where=where)
    return None


def root_gradient(ev: Evaluation) -> Any:
    """The document's external gradient as an engine tensor (None: implicit, scalar root)."""
    doc = ev.doc
    if doc.root_gradient is None:
        return None
    node = doc.nodes[doc.root]
    dt = node.dtype if node.kind != "op" else str(ev.info[doc.root].value.dtype)
    return engine.tensor(np.asarray(doc.root_gradient), dtype=engine_dtype(dt))


def backward(ev: Evaluation, extra_roots: tuple = ()) -> BackwardOutcome:
    """``root.backward(gradient)`` through the engine's step generator (the leaves' ``.grad``
    accumulate, as in PyTorch); the records are kept for step-through. ``extra_roots``:
    ``(node id, gradient or None)`` of further roots walked in the same pass, as
    ``torch.autograd.backward([y1, y2], [g1, g2])`` does."""
    problem = root_problem(ev)
    if problem is not None:
        return BackwardOutcome(ran=False, error=problem)
    root_t = ev.tensors[ev.doc.root]
    try:
        gradient = root_gradient(ev)
        roots, grads = root_t, gradient
        if extra_roots:
            roots, grads = [root_t], [gradient]
            for nid, g in extra_roots:
                t = ev.tensors[nid]
                roots.append(t)
                grads.append(None if g is None else engine.tensor(np.asarray(g), dtype=t.dtype))
        with engine.tensor_budget():
            raw = list(backward_steps(roots, grads))
    except Exception as exc:  # noqa: BLE001 - PyTorch's text, shown to the user
        return BackwardOutcome(ran=False, error=str(exc).strip() or type(exc).__name__)
    out = BackwardOutcome(ran=True, raw=raw)
    for step in raw:
        fn = step.node
        nid = ev.owner_of(fn)
        if is_accumulate(fn):
            if nid is not None:
                out.accumulated.add(nid)
        else:
            for (edge, _dest, _internal), g in zip(ev.send_edges(fn, nid), step.grads_to_next):
                if edge is not None and g is not None:
                    out.edge_grads[edge] = as_array(g)
        if nid is not None and nid not in out.flow and step.grad_output and step.grad_output[0] is not None:
            out.flow[nid] = as_array(step.grad_output[0])
    return out


def read_grad(t: Any) -> np.ndarray | None:
    """PyTorch's ``.grad`` of a leaf or a tensor that retains grad, as a copy (later passes add
    into the engine's array)."""
    if t is None or not (t.is_leaf or t.retains_grad):
        return None
    g = t.grad
    return None if g is None else np.array(as_array(g), copy=True)


# ---------------------------------------------------------------------------------------------
# messages
# ---------------------------------------------------------------------------------------------
_SIZE_MISMATCH = re.compile(r"The size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\) "
                            r"at non-singleton dimension (\d+)")


def op_error(doc: Document, node: Any, exc: Exception, srcs: list[str], args: list[Any]) -> str:
    """One line for an op that failed: the engine's (PyTorch's) text verbatim, and for a size
    mismatch which document nodes PyTorch calls "tensor a" and "tensor b"."""
    msg = str(exc).strip() or type(exc).__name__
    m = _SIZE_MISMATCH.fullmatch(msg)
    who = _size_operands(srcs, args, int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    if who is not None:
        (a, port_a), (b, port_b) = ((doc.nodes[s].name, p + 1) for s, p in who)
        return (Message("{op}: {msg} — tensor a is `{a}` (input {port_a}), tensor b is `{b}` (input "
                        "{port_b})", op=node.op, msg=msg, a=a, port_a=port_a, b=b, port_b=port_b))
    return Message("{op}: {msg}", op=node.op, msg=msg) if node.op and not msg.startswith(node.op) else msg


def _size_operands(srcs: list[str], args: list[Any], a: int, b: int, dim: int
                   ) -> tuple[tuple[str, int], tuple[str, int]] | None:
    """The (node id, port) of PyTorch's "tensor a" and "tensor b": the one pair of the op's
    tensor inputs with those sizes at that (broadcast) dimension, or None when not certain."""
    tensors = [(port, s, tuple(t.shape)) for port, (s, t) in enumerate(zip(srcs, args))
               if isinstance(t, engine.Tensor)]
    ndim = max((len(shape) for _, _, shape in tensors), default=0)

    def size(shape: tuple[int, ...]) -> int | None:
        k = dim - (ndim - len(shape))     # shapes are aligned from the right when broadcast
        return shape[k] if 0 <= k < len(shape) else None

    pairs = [(x, y) for i, x in enumerate(tensors) for y in tensors[i + 1:]
             if size(x[2]) == a and size(y[2]) == b]
    if len(pairs) != 1:
        return None
    (pa, sa, _), (pb, sb, _) = pairs[0]
    return (sa, pa), (sb, pb)


def nonfinite_warning(node: Any, value: np.ndarray | None, inputs: list[Any]) -> str | None:
    """A warning when the op turned finite inputs into NaN/Inf (it caused them)."""
    if value is None or value.dtype.kind not in "fc":
        return None
    finite = np.isfinite(value)
    if finite.all():          # the check every op pays: no NaN/Inf anywhere
        return None
    for x in inputs:
        arr = as_array(x) if isinstance(x, engine.Tensor) else None
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
    where = (''
             if value.ndim == 0 else
             Message(" in {sum} of {size} elements", sum=int((~finite).sum()), size=value.size))
    return (Message("{op} produced {kinds}{where} from finite inputs: an input is outside the domain of "
                    "{op_2}", op=node.op, kinds=' and '.join(kinds), where=where, op_2=node.op))
