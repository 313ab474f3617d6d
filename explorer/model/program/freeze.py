"""Trace -> document: the graph a program holds at one statement, frozen into an ordinary
editable :class:`~explorer.model.document.Document` ("Edit this graph").

The trace keeps no values (weak references only), so :func:`freeze_at` runs the program again
up to the statement (a statement budget stops it right after that statement) and walks the
autograd graph of each module-level tensor alive then, through the engine's public node API
(``grad_fn.op``, ``params``, ``next_functions``, ``input_edges``, ``saved_inputs``):

- a tensor without ``grad_fn`` becomes a leaf node with its value and ``requires_grad``;
- a ``grad_fn`` becomes an op node with the op-table name and parameters; its inputs that need
  no gradient (constants such as the 3 of ``3 * a``) become constant nodes holding the value
  the forward saw;
- names are the program's where a tensor is bound to one; other nodes are named by their op.

What cannot be frozen (backward already freed a node's saved inputs, an op outside the op table)
raises :class:`FreezeError` with one line saying why. Programs using random functions without a
seed get other random values on the second run: the structure is the same, the numbers are not.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

import engine
from explorer.model.document import DTYPES, Document, Edge, Node, is_valid_name

from explorer.model.messages import Message
from .budget import Budget
from .facade_module import FacadeModule
from .module_trace import (ModuleRecorder, adopt_constants, module_groups, module_parameters, module_tree,
                           structure_outputs)
from .run import ProgramResult, run_program


class FreezeError(ValueError):
    """The graph at this statement cannot be made into a document (the message says why)."""


@dataclass
class Frozen:
    """A frozen graph: the document, the program line that made each node (where the trace
    knows it), and the named tensors left out (``name -> why``, e.g. a graph freed by
    backward)."""
    document: Document
    lines: dict = field(default_factory=dict)      # node id -> program line
    skipped: dict = field(default_factory=dict)    # name -> one-line reason
    versions: dict = field(default_factory=dict)   # node id -> tensor._version, where > 0
    namespace: dict = field(default_factory=dict)  # module-level name -> short repr, then


def names_at(source: str, step: int, budget: Budget | None = None,
             trace: bool = False, base_dir: str | None = None) -> ProgramResult:
    """Run ``source`` again, stopping right after statement ``step`` (0-based, as in
    ``Trace.statements``); the result's ``names`` are the module-level values at that point.
    ``base_dir``: the program's folder (``torch.load`` reads ``.npz`` files there)."""
    b = budget or Budget()
    limited = Budget(**{**b.__dict__, "statements": step + 1})
    return run_program(source, budget=limited, trace=trace, base_dir=base_dir)


def freeze_program(source: str, step: int | None = None, budget: Budget | None = None,
                   lenient: bool = False, base_dir: str | None = None) -> Frozen:
    """The graph alive after statement ``step`` (None: at the end). ``lenient``: a named
    tensor that cannot be frozen is left out (listed in ``skipped``) instead of failing.
    ``base_dir``: the program's folder (``.npz`` files are read there)."""
    with ModuleRecorder() as modules:  # which nn.Module made which op (module groups)
        if step is None:
            result = run_program(source, budget=budget, trace=True, base_dir=base_dir)
        else:
            result = names_at(source, step, budget, trace=True, base_dir=base_dir)
    if result.error_kind == "refused" or (result.error_kind == "error"
                                          and result.error_type == "SyntaxError"):
        raise FreezeError(result.error or Message("the program cannot run"))
    trace = result.trace
    last = len(trace.statements) - 1 if step is None else min(step, len(trace.statements) - 1)
    tids = trace.namespace_at(last) if last >= 0 else {}
    events = {e["tid"]: e for e in trace.events if e["kind"] == "tensor"}
    aliases = parameter_names(result.names)
    tensors = dict(result.tensors())
    # a model's parameters are shown even when no graph reaches them (after backward freed it)
    for value in result.names.values():
        if isinstance(value, engine.nn.Module):
            for _pname, p in module_parameters(value):
                tensors.setdefault(aliases[id(p)], p)
    frozen = freeze_tensors(tensors, tids=tids, events=events, lenient=lenient, aliases=aliases,
                            modules=(modules, result.names))
    frozen.namespace = short_names(result.names)
    return frozen


def short_names(names: dict, width: int = 72) -> dict[str, str]:
    """The program's module-level values as a debugger's variables pane shows them: one short
    line each (functions, classes and imported modules left out)."""
    out: dict[str, str] = {}
    for name, value in names.items():
        if name.startswith("__") or isinstance(value, (FacadeModule, type)) or (
                callable(value) and not isinstance(value, (engine.Tensor, engine.nn.Module))):
            continue
        if isinstance(value, (list, tuple, dict, set)) and len(value) > 12:
            text = f"{type(value).__name__} of {len(value):,} items"
        elif isinstance(value, str) and len(value) > width:
            text = repr(value[:width]) + "…"
        elif isinstance(value, (list, tuple, dict, set)) and not _engine_printed(value):
            text = f"{type(value).__name__} of {len(value):,} items"
        elif not _engine_printed(value):
            # repr would run the program's own methods (a Module's extra_repr) after its run
            # ended, outside its budgets: show the class only
            text = f"<{type(value).__name__} object>"
        else:
            try:
                text = " ".join(repr(value).split())
            except Exception:  # noqa: BLE001 - a value that cannot print is shown by its type
                text = f"<{type(value).__name__}>"
        out[name] = text if len(text) <= width else text[:width - 1] + "…"
    return out


def _engine_printed(value: Any, depth: int = 0) -> bool:
    """Whether ``repr(value)`` runs only Python's and the engine's code (no method the program
    defined): plain values, tensors, and engine modules/optimizers made of engine parts."""
    if value is None or isinstance(value, (bool, int, float, complex, str, range, np.generic,
                                           engine.Tensor, engine.dtype, engine.Size)):
        return True
    if isinstance(value, (list, tuple, set)) and depth < 3:
        return all(_engine_printed(v, depth + 1) for v in value)
    if isinstance(value, dict) and depth < 3:
        return all(_engine_printed(k, depth + 1) and _engine_printed(v, depth + 1)
                   for k, v in value.items())
    if isinstance(value, engine.nn.Module):
        return all(type(m).__module__.startswith("engine") for _p, m in module_tree(value))
    return False


def parameter_names(names: dict) -> dict[int, str]:
    """``id(parameter) -> "model_0_weight"`` for the modules among the program's names, so a
    layer's weights are named after it rather than ``t1``."""
    out: dict[int, str] = {}
    for name, value in names.items():
        if isinstance(value, engine.nn.Module):
            for pname, p in module_parameters(value):
                out.setdefault(id(p), f"{name}_{pname}".replace(".", "_"))
    return out


def freeze_at(source: str, step: int | None = None, budget: Budget | None = None) -> Document:
    """The graph alive after statement ``step`` (None: at the end) as a new document."""
    return freeze_program(source, step, budget).document


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.names: set[str] = set()
        self.by_tensor: dict[int, tuple[Any, str]] = {}   # id(tensor) -> (tensor, node id)
        self.by_fn: dict[int, tuple[Any, str]] = {}       # id(grad_fn) -> (grad_fn, node id)
        self.count = 0
        self.wanted: dict[int, str] = {}  # id(tensor or grad_fn) -> the program's name for it
        self.events: dict[int, dict] = {}  # tid -> the trace's tensor event
        self.lines: dict[str, int] = {}    # node id -> program line
        self.plain: list = []              # named tensors that need no grad (x in w * x)

    def save(self) -> tuple:
        return (len(self.nodes), len(self.edges), set(self.names), dict(self.by_tensor),
                dict(self.by_fn), dict(self.lines), self.count)

    def restore(self, state: tuple) -> None:
        """Forget a named tensor's half-built graph (it could not be frozen)."""
        n, e, names, by_tensor, by_fn, lines, count = state
        del self.nodes[n:]
        del self.edges[e:]
        self.names, self.by_tensor, self.by_fn, self.lines = names, by_tensor, by_fn, lines
        self.count = count

    def _id(self) -> str:
        self.count += 1
        return f"n{self.count}"

    def _name(self, wanted: str | None, base: str) -> str:
        if wanted and is_valid_name(wanted) and wanted not in self.names:
            self.names.add(wanted)
            return wanted
        i = 1
        while f"{base}{i}" in self.names:
            i += 1
        self.names.add(f"{base}{i}")
        return f"{base}{i}"

    def value_node(self, value: np.ndarray, requires_grad: bool, name: str | None,
                   kind: str) -> str:
        arr = np.array(value, copy=True)
        dtype = str(arr.dtype)
        if dtype not in DTYPES:
            raise FreezeError(Message("a tensor of dtype {dtype} cannot be a graph node here", dtype=dtype))
        nid = self._id()
        self.nodes.append(Node(nid, kind, self._name(name, "c" if kind == "const" else "t"),
                               value=arr, dtype=dtype, requires_grad=requires_grad))
        return nid

    def tensor(self, t: Any, name: str | None = None, tid: int | None = None) -> str:
        hit = self.by_tensor.get(id(t))
        if hit is not None and hit[0] is t:
            return hit[1]
        fn = t.grad_fn
        if fn is not None:
            nid = self.fn(fn, name, tid)
        else:
            nid = self.value_node(t.detach().numpy(), bool(t.requires_grad),
                                  name or self.wanted.get(id(t)), "leaf")
            self._line(nid, tid)
        self.by_tensor[id(t)] = (t, nid)
        return nid

    def _named_value(self, arr: Any) -> Any:
        """The named tensor without a graph whose data the forward saw as ``arr``, if any."""
        for t in self.plain:
            data = t.detach().numpy()
            if data.shape == arr.shape and data.dtype == arr.dtype and np.shares_memory(data, arr):
                return t
        return None

    def _line(self, nid: str, tid: int | None) -> None:
        e = self.events.get(tid) if tid is not None else None
        if e is not None:
            self.lines[nid] = e["line"]

    def _child_tid(self, tid: int | None, j: int) -> int | None:
        """The trace's id of the tensor behind ``next_functions[j]`` of tensor ``tid``."""
        e = self.events.get(tid) if tid is not None else None
        inputs = e.get("inputs") if e is not None else None
        return inputs[j] if inputs and j < len(inputs) else None

    def fn(self, fn: Any, name: str | None, tid: int | None = None) -> str:
        hit = self.by_fn.get(id(fn))
        if hit is not None and hit[0] is fn:
            return hit[1]
        op = fn.op
        if op in ("addmm", "mm"):
            nid = self._linear(fn, name, tid)
            if nid is not None:
                return nid
        if op is None or op not in engine.ops.OPS:
            raise FreezeError(Message("{name} has no op in the graph editor's table", name=fn.name()))
        opdef = engine.ops.OPS[op]
        nid = self._id()
        self.by_fn[id(fn)] = (fn, nid)
        self._line(nid, tid)
        saved = fn.saved_inputs
        ports = len(saved) if saved is not None else max(fn.input_edges, default=-1) + 1
        for port in range(max(ports, 1) if opdef.arity else 0):
            if (saved is not None and saved[port] is None
                    and port >= opdef.arity - opdef.optional_inputs
                    and not any(p == port and nxt is not None
                                for (nxt, _), p in zip(fn.next_functions, fn.input_edges))):
                continue  # an optional input the call left out (a convolution without bias)
            self.edges.append(Edge(self._input(fn, port, tid), nid, port))
        params = {k: v for k, v in fn.params.items() if _differs(v, opdef.defaults.get(k, _MISSING))}
        self.nodes.append(Node(nid, "op", self._name(name or self.wanted.get(id(fn)), op),
                               op=op, params=params))
        return nid

    def _input(self, fn: Any, port: int, tid: int | None = None) -> str:
        """The node feeding input ``port`` of ``fn``: its graph, or the value it saved."""
        for j, ((nxt, _), p) in enumerate(zip(fn.next_functions, fn.input_edges)):
            if p == port and nxt is not None:
                child = self._child_tid(tid, j)
                if isinstance(nxt, engine.autograd.AccumulateGrad):
                    return self.tensor(nxt.variable, None, child)
                return self.fn(nxt, None, child)
        saved = fn.saved_inputs
        if saved is None or saved[port] is None:
            raise FreezeError(
                Message("{name}'s saved inputs were freed by backward() (as in PyTorch): freeze at a "
                        "statement before the backward, or use retain_graph=True", name=fn.name()))
        same = self._named_value(saved[port])
        if same is not None:  # the program's own tensor (x in w * x), not a copy of its value
            return self.tensor(same, None, None)
        cid = self.value_node(saved[port], False, None, "const")
        self._line(cid, tid)  # a constant belongs to the line that used it
        return cid

    def _linear(self, fn: Any, name: str | None, tid: int | None) -> str | None:
        """nn.Linear records addmm(bias, x, W.t()) (mm without bias), as torch does; the
        editor's table has ``linear(x, W, bias)``: the same graph, one node."""
        mat_port, x_port = (2, 1) if fn.op == "addmm" else (1, 0)
        w_t = dict((p, n) for (n, _), p in zip(fn.next_functions, fn.input_edges)).get(mat_port)
        if w_t is None or w_t.op != "t":
            return None
        nid = self._id()
        self.by_fn[id(fn)] = (fn, nid)
        self._line(nid, tid)
        self.edges.append(Edge(self._input(fn, x_port, tid), nid, 0))
        self.edges.append(Edge(self._input(w_t, 0), nid, 1))
        if fn.op == "addmm":
            self.edges.append(Edge(self._input(fn, 0, tid), nid, 2))
        self.nodes.append(Node(nid, "op", self._name(name or self.wanted.get(id(fn)), "linear"),
                               op="linear"))
        return nid


_MISSING = object()


def _differs(value: Any, default: Any) -> bool:
    """Keep a parameter unless it equals the op's default (the document stores only those)."""
    try:
        return not bool(value == default)
    except (ValueError, TypeError):
        return True


def freeze_tensors(tensors: dict[str, Any], tids: dict | None = None,
                   events: dict | None = None, lenient: bool = False,
                   aliases: dict[int, str] | None = None, modules: tuple | None = None) -> Frozen:
    """Named tensors and the graph that made them, as a document; names kept where valid.
    ``tids``/``events`` (a trace's ``namespace_at`` and tensor events) give each node its line."""
    b = _Builder()
    b.events = events or {}
    tids = tids or {}
    skipped: dict[str, str] = {}
    live = [(n, t) for n, t in tensors.items() if isinstance(t, engine.Tensor)]
    b.wanted.update(aliases or {})
    for name, t in reversed(live):  # the first name of a tensor wins
        b.wanted[id(t.grad_fn) if t.grad_fn is not None else id(t)] = name
    b.plain = [t for _n, t in live if t.grad_fn is None and not t.requires_grad]
    if modules is not None:
        _stand_in_frozen_modules(b, *modules)
    for name, t in live:
        hit = b.by_tensor.get(id(t))
        if hit is not None and hit[0] is t:
            continue  # two names for one tensor: the first one names the node
        state = b.save()
        try:
            b.tensor(t, name, tids.get(name))
        except FreezeError as exc:
            if not lenient:
                raise
            b.restore(state)
            skipped[name] = str(exc)
    if not b.nodes:
        raise FreezeError(next(iter(skipped.values())) if skipped
                          else Message("no tensors are alive at this statement"))
    versions = {}  # in-place updates so far (w -= lr * w.grad bumps w's version)
    for _name, t in live:
        hit = b.by_tensor.get(id(t))
        version = getattr(t, "_version", 0)
        if hit is not None and hit[0] is t and version:
            versions[hit[1]] = version
    groups = module_groups(modules[0], modules[1], b.by_fn, b.by_tensor,
                           sum(n.kind == "op" for n in b.nodes)) if modules is not None else []
    adopt_constants(groups, b.nodes, b.edges)
    return Frozen(Document.from_parts(b.nodes, b.edges, groups), dict(b.lines), skipped, versions)


def _stand_in_frozen_modules(b: _Builder, recorder: ModuleRecorder, names: dict) -> None:
    """A top-level module with frozen parameters made little or no graph: build the graph of
    the same call with every op recorded, and let it stand for the program's output."""
    for out, again in structure_outputs(recorder, names):
        name = b.wanted.get(id(out.grad_fn) if out.grad_fn is not None else id(out))
        try:
            nid = b.tensor(again, name)
        except FreezeError:
            continue
        if out.grad_fn is not None:
            b.by_fn[id(out.grad_fn)] = (out.grad_fn, nid)
        b.by_tensor[id(out)] = (out, nid)
