"""The graph document: the single source of truth the canvas mirrors.

A document holds nodes (leaf tensors, constants, op nodes), edges into numbered input ports,
groups (named frames around nodes), the designated backward root and its external gradient.
Node positions live here too; purely visual state (zoom, panels) does not.

Only commands (``explorer.model.commands``) call the low-level mutators below; every mutator
emits an :class:`Event` so views can mirror the change. Queries never mutate.
"""
from __future__ import annotations

import keyword
import math
import sys
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Iterator

import networkx as nx
import numpy as np

from engine.ops import OPS
from explorer.model.adjacency import Adjacency
from explorer.model.messages import Message

NODE_KINDS = ("leaf", "const", "op")
#: Every dtype the engine has (engine.tensor), by numpy name. Leaves that require grad and the
#: backward root's gradient are floating point; constants may hold whole numbers (class indices
#: for cross_entropy) or booleans (the condition of ``where``).
#: (float16 is left out: nothing makes float16 nodes and the runner computes leaves in float32
#: or float64 only.)
FLOAT_DTYPES = ("float32", "float64")
DTYPES = FLOAT_DTYPES + ("int64", "int32", "int16", "int8", "uint8", "bool")
#: Node and group ids: at most this many characters (the file format's limit too).
MAX_ID_LENGTH = 64


class DocumentError(ValueError):
    """An edit the document refuses (a cycle, an occupied port, a bad name, ...).

    The message is written for the user and is shown as is."""


@dataclass
class Node:
    """One node. ``value`` is set for leaves and constants; ``op``/``params`` for op nodes."""

    id: str
    kind: str
    name: str
    op: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    value: np.ndarray | None = None
    dtype: str = "float32"
    requires_grad: bool = False
    retain_grad: bool = False
    pos: tuple[float, float] = (0.0, 0.0)

    def copy(self) -> "Node":
        value = None if self.value is None else np.array(self.value, copy=True)
        return replace(self, params=dict(self.params), value=value)

    def same_as(self, other: "Node") -> bool:
        """Structural equality (arrays compared with NaN == NaN)."""
        if not isinstance(other, Node):
            return False
        for f in ("id", "kind", "name", "op", "dtype", "requires_grad", "retain_grad"):
            if getattr(self, f) != getattr(other, f):
                return False
        if tuple(map(float, self.pos)) != tuple(map(float, other.pos)):
            return False
        if canonical_params(self.params) != canonical_params(other.params):
            return False
        return arrays_equal(self.value, other.value)


@dataclass(frozen=True)
class Edge:
    """The output of ``src`` feeds input ``port`` (0-based) of op node ``dst``."""

    src: str
    dst: str
    port: int


@dataclass
class Group:
    """A named frame around nodes, e.g. "pretrained backbone".

    A *module group* (``module`` set) is one ``nn.Module`` of a program: ``members`` are the ops
    recorded in its own forward and its own parameters, ``parent`` the module it belongs to
    (groups nest as modules do), ``collapsed`` draws it as one card at ``pos`` with the class,
    the parameter count ``param_count`` and the output ``shape``."""

    id: str
    name: str
    members: tuple[str, ...] = ()
    parent: str | None = None
    collapsed: bool = False
    module: str | None = None
    param_count: int = 0
    shape: tuple[int, ...] | None = None
    pos: tuple[float, float] = (0.0, 0.0)

    def copy(self) -> "Group":
        return replace(self, members=tuple(self.members))

    def key(self) -> tuple:
        """Everything a file keeps of the group but its id (for structural equality)."""
        return (self.name, frozenset(self.members), self.parent, self.collapsed, self.module,
                self.param_count, self.shape, tuple(map(float, self.pos)))


@dataclass(frozen=True)
class Event:
    """What changed. ``kind`` is one of EVENT_KINDS; the other fields depend on it:
    node_* carry ``node_id`` (node_changed also ``fields``: the names that changed),
    edge_* carry ``edge``, group_* carry ``group_id``, root_changed and reset carry nothing."""

    kind: str
    node_id: str | None = None
    edge: Edge | None = None
    group_id: str | None = None
    fields: tuple[str, ...] = ()


EVENT_KINDS = (
    "node_added", "node_removed", "node_changed",
    "edge_added", "edge_removed",
    "group_added", "group_removed", "group_changed",
    "root_changed", "reset",
)


def arrays_equal(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b, equal_nan=True))


def canonical_params(value: Any) -> Any:
    """A comparable, hashable form of a params dict: tuples and lists alike, NaN equal to NaN,
    ``True`` not equal to ``1`` (a script prints them differently)."""
    if isinstance(value, dict):
        return tuple(sorted((k, canonical_params(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(canonical_params(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, bool):
        return ("bool", value)
    return value


def identifier_key(name: str) -> str:
    """The identifier Python makes of ``name``: source text is NFKC-normalised, so ``ﬁ`` and
    ``fi`` (or ``ｘ`` and ``x``) are the same variable in a printed PyTorch script. Two nodes
    whose names have the same key would be one variable there: that is a duplicate name."""
    return unicodedata.normalize("NFKC", name) if not name.isascii() else name


def is_valid_name(name: str) -> bool:
    return (isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)
            and not keyword.iskeyword(identifier_key(name)))


class TrackedGraph(nx.MultiDiGraph):
    """networkx's multigraph that counts its structural changes (``version``), so the
    document's cached :class:`Adjacency` knows when to read the structure again, whoever
    changed it (commands, the script parser, a fragment being assembled)."""

    version = 0

    def add_node(self, node_for_adding, **attr):
        super().add_node(node_for_adding, **attr)
        self.version += 1

    def add_nodes_from(self, nodes_for_adding, **attr):
        super().add_nodes_from(nodes_for_adding, **attr)
        self.version += 1

    def remove_node(self, n):
        super().remove_node(n)
        self.version += 1

    def remove_nodes_from(self, nodes):
        super().remove_nodes_from(nodes)
        self.version += 1

    def add_edge(self, u_for_edge, v_for_edge, key=None, **attr):
        key = super().add_edge(u_for_edge, v_for_edge, key, **attr)
        self.version += 1
        return key

    def add_edges_from(self, ebunch_to_add, **attr):
        keys = super().add_edges_from(ebunch_to_add, **attr)
        self.version += 1
        return keys

    def remove_edge(self, u, v, key=None):
        super().remove_edge(u, v, key)
        self.version += 1

    def remove_edges_from(self, ebunch):
        super().remove_edges_from(ebunch)
        self.version += 1

    def clear(self):
        super().clear()
        self.version += 1

    def clear_edges(self):
        super().clear_edges()
        self.version += 1


class Document:
    """Nodes, edges, groups, root. Emits events on every change."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.groups: dict[str, Group] = {}
        self.graph = TrackedGraph()  # edge key = destination port
        # The structure as plain dicts, rebuilt when the graph (or its version) changes.
        self._adjacency: Adjacency | None = None
        self._adjacency_graph: nx.MultiDiGraph | None = None
        self._adjacency_version: tuple[int, int] | None = None
        self.root: str | None = None
        self.root_gradient: np.ndarray | None = None
        self._listeners: list[Callable[[Event], None]] = []
        self._next_id = 1

    # ------------------------------------------------------------------ events
    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Event], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, event: Event) -> None:
        # An edit is told to every listener even if one of them fails: a view's bug must not stop
        # the other views (or the rest of this edit's events) and leave them out of step with the
        # document. The error goes to sys.excepthook, as Qt does for a failing slot: the window
        # shows it in its messages, and pytest-qt fails the test.
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                sys.excepthook(*sys.exc_info())

    # ------------------------------------------------------------------ ids and names
    def new_id(self, prefix: str = "n") -> str:
        while True:
            candidate = f"{prefix}{self._next_id}"
            if len(candidate) > MAX_ID_LENGTH:
                # A file may use an id such as n999...9 (64 characters): counting on from it
                # would make an id the file format refuses. Start again from the smallest
                # numbers; fewer ids exist than numbers below, so a free one comes soon.
                self._next_id = 1
                candidate = f"{prefix}{self._next_id}"
            self._next_id += 1
            if candidate not in self.nodes and candidate not in self.groups:
                return candidate

    def node_by_name(self, name: str) -> Node | None:
        for node in self.nodes.values():
            if node.name == name:
                return node
        return None

    def node_by_identifier(self, name: str) -> Node | None:
        """The node whose name is the same Python identifier as ``name`` (see identifier_key)."""
        key = identifier_key(name)
        for node in self.nodes.values():
            if node.name == name or identifier_key(node.name) == key:
                return node
        return None

    def unique_name(self, base: str) -> str:
        base = base if is_valid_name(base) else "x"
        taken = {identifier_key(n.name) for n in self.nodes.values()}
        if identifier_key(base) not in taken:
            return base
        i = 1
        while identifier_key(f"{base}{i}") in taken:
            i += 1
        return f"{base}{i}"

    def check_name(self, name: str, node_id: str | None = None) -> None:
        if not is_valid_name(name):
            raise DocumentError(Message("'{name}' is not a valid name: use letters, digits and _, not "
                                        "starting with a digit", name=name))
        other = self.node_by_identifier(name)
        if other is not None and other.id != node_id:
            if other.name == name:
                raise DocumentError(Message("the name '{name}' is already used by another node", name=name))
            raise DocumentError(Message("the name '{name}' is the same Python name as '{name_2}' (Python "
                                        "reads both as '{identifier_key}'), which another node uses",
                                        name=name, name_2=other.name, identifier_key=identifier_key(name)))

    # ------------------------------------------------------------------ queries
    def node(self, node_id: str) -> Node:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise DocumentError(Message("no node with id '{node_id}'", node_id=node_id)) from None

    def edges(self) -> list[Edge]:
        return [Edge(u, v, k) for u, v, k in self.graph.edges(keys=True)]

    def in_edges(self, node_id: str) -> list[Edge]:
        return sorted((Edge(u, v, k) for u, v, k in self.graph.in_edges(node_id, keys=True)),
                      key=lambda e: e.port)

    def out_edges(self, node_id: str) -> list[Edge]:
        return [Edge(u, v, k) for u, v, k in self.graph.out_edges(node_id, keys=True)]

    def edge_into(self, dst: str, port: int) -> Edge | None:
        for u, _, k in self.graph.in_edges(dst, keys=True):
            if k == port:
                return Edge(u, dst, k)
        return None

    def arity(self, node_id: str) -> int:
        node = self.node(node_id)
        if node.kind != "op":
            return 0
        return OPS[node.op].arity

    def inputs(self, node_id: str) -> list[str | None]:
        """Source node id for each input port (None where the port is not connected)."""
        result: list[str | None] = [None] * self.arity(node_id)
        for edge in self.in_edges(node_id):
            if edge.port < len(result):
                result[edge.port] = edge.src
        return result

    def consumers(self, node_id: str) -> list[str]:
        return list(dict.fromkeys(v for _, v in self.graph.out_edges(node_id)))

    @property
    def adjacency(self) -> Adjacency:
        """The structure as plain dicts, read from the graph once per structural change: the
        one place order, ancestors, descendants and cones are answered from."""
        graph = self.graph
        version = (graph.version, len(self.nodes))
        if self._adjacency is None or self._adjacency_graph is not graph or self._adjacency_version != version:
            nodes = list(self.nodes)
            if len(graph) != len(nodes):  # mid-assembly (a parser, a fragment): the graph's nodes count
                nodes += [n for n in graph if n not in self.nodes]
            self._adjacency = Adjacency(nodes, graph.edges(keys=True))
            self._adjacency_graph, self._adjacency_version = graph, version
        return self._adjacency

    def topological_order(self) -> list[str]:
        # Ties broken by insertion order so runs and printed code are deterministic.
        return self.adjacency.order()

    def descendants(self, node_id: str) -> set[str]:
        return self.adjacency.descendants(node_id)

    def ancestors(self, node_id: str) -> set[str]:
        return self.adjacency.ancestors(node_id)

    def static_requires_grad(self, order: Iterable[str] | None = None,
                             known: dict[str, bool] | None = None) -> dict[str, bool]:
        """requires_grad before a run, as PyTorch propagates it: a leaf's flag, never a
        constant's, an op's when any input's is (``order``: only these nodes, the rest from
        ``known``; see :meth:`Adjacency.requires_grad`)."""
        nodes = self.nodes

        def own(nid: str) -> bool | None:
            node = nodes[nid]
            return bool(node.requires_grad) if node.kind == "leaf" else (False if node.kind == "const" else None)

        return self.adjacency.requires_grad(own, order, known)

    def check_edge(self, edge: Edge) -> None:
        """Raise DocumentError (a message for the user) if ``edge`` cannot be added."""
        src, dst = self.node(edge.src), self.node(edge.dst)
        if dst.kind != "op":
            raise DocumentError((Message("'{name}' is a leaf tensor and has no inputs", name=dst.name)
                                 if dst.kind == 'leaf' else
                                 Message("'{name}' is a constant and has no inputs", name=dst.name)))
        arity = self.arity(dst.id)
        if not 0 <= edge.port < arity:
            raise DocumentError(Message("'{name}' ({op}) has {arity} input(s); there is no input {value}",
                                        name=dst.name, op=dst.op, arity=arity, value=edge.port + 1))
        occupied = self.edge_into(dst.id, edge.port)
        if occupied is not None:
            raise DocumentError(
                Message("input {value} of '{name}' is already connected to '{name_2}'", value=edge.port + 1,
                        name=dst.name, name_2=self.nodes[occupied.src].name))
        if src.id == dst.id:
            raise DocumentError(Message("connecting '{name}' to itself would create a cycle", name=src.name))
        # A path check from dst to src, not a full re-check of the graph.
        if nx.has_path(self.graph, dst.id, src.id):
            path = nx.shortest_path(self.graph, dst.id, src.id)
            names = " → ".join(self.nodes[n].name for n in [*path, dst.id])
            raise DocumentError(Message("connecting '{name}' to '{name_2}' would create a cycle: {names}",
                                        name=src.name, name_2=dst.name, names=names))

    def groups_of(self, node_id: str) -> list[Group]:
        return [g for g in self.groups.values() if node_id in g.members]

    def same_as(self, other: "Document") -> bool:
        """Structural equality: nodes (with positions), edges, groups, root and gradient."""
        if set(self.nodes) != set(other.nodes):
            return False
        if not all(self.nodes[k].same_as(other.nodes[k]) for k in self.nodes):
            return False
        if set(self.edges()) != set(other.edges()):
            return False
        if set(self.groups) != set(other.groups):
            return False
        for k, g in self.groups.items():
            h = other.groups[k]
            if g.key() != h.key():
                return False
        return self.root == other.root and arrays_equal(self.root_gradient, other.root_gradient)

    def copy(self) -> "Document":
        """A deep copy without listeners."""
        doc = Document()
        doc.nodes = {k: n.copy() for k, n in self.nodes.items()}
        doc.groups = {k: g.copy() for k, g in self.groups.items()}
        doc.graph = self.graph.copy()
        doc.root = self.root
        doc.root_gradient = None if self.root_gradient is None else np.array(self.root_gradient, copy=True)
        doc._next_id = self._next_id
        return doc

    @classmethod
    def from_parts(cls, nodes: Iterable[Node], edges: Iterable[Edge] = (), groups: Iterable[Group] = (),
                   root: str | None = None, root_gradient: np.ndarray | None = None) -> "Document":
        """Assemble a document from parts that were already validated as a whole (the file
        loader checks names, ports and acyclicity once), skipping the per-edge checks of
        ``insert_edge``. Emits no events (nobody listens to a new document yet)."""
        doc = cls()
        for node in nodes:
            doc.nodes[node.id] = node
            doc._bump_id(node.id)
        # Bulk inserts: networkx's per-call overhead was a quarter of a 2,000-node file load.
        doc.graph.add_nodes_from(doc.nodes)
        doc.graph.add_edges_from((e.src, e.dst, e.port) for e in edges)
        for group in groups:
            doc.groups[group.id] = group
            doc._bump_id(group.id)
        doc.root, doc.root_gradient = root, root_gradient
        return doc

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes.values())

    def __len__(self) -> int:
        return len(self.nodes)

    # ------------------------------------------------------------------ low-level mutators
    # Called by commands only. Each keeps the graph and the dicts in step and emits one event.
    def insert_node(self, node: Node) -> None:
        if node.id in self.nodes:
            raise DocumentError(Message("a node with id '{id}' already exists", id=node.id))
        if node.kind not in NODE_KINDS:
            raise DocumentError(Message("unknown node kind '{kind}'", kind=node.kind))
        self.check_name(node.name)
        self.nodes[node.id] = node
        self.graph.add_node(node.id)
        self._bump_id(node.id)
        self._emit(Event("node_added", node_id=node.id))

    def delete_node(self, node_id: str) -> Node:
        """Remove a node that has no edges left (commands remove its edges first)."""
        node = self.node(node_id)
        if self.graph.degree(node_id):
            raise DocumentError(Message("'{name}' still has connections", name=node.name))
        del self.nodes[node_id]
        self.graph.remove_node(node_id)
        if self.root == node_id:
            self.root = None
            self.root_gradient = None
            self._emit(Event("root_changed"))
        self._emit(Event("node_removed", node_id=node_id))
        return node

    def insert_edge(self, edge: Edge) -> None:
        self.check_edge(edge)
        self.graph.add_edge(edge.src, edge.dst, key=edge.port)
        self._emit(Event("edge_added", edge=edge))

    def delete_edge(self, edge: Edge) -> None:
        if not self.graph.has_edge(edge.src, edge.dst, key=edge.port):
            raise DocumentError(Message("that connection does not exist"))
        self.graph.remove_edge(edge.src, edge.dst, key=edge.port)
        self._emit(Event("edge_removed", edge=edge))

    def update_node(self, node_id: str, **changes: Any) -> dict[str, Any]:
        """Set fields of a node; returns the old values (for undo)."""
        node = self.node(node_id)
        if "name" in changes and changes["name"] != node.name:
            self.check_name(changes["name"], node_id)
        old = {}
        for key, value in changes.items():
            if key in ("id", "kind"):
                raise DocumentError(Message("a node's {key} cannot change", key=key))
            if not hasattr(node, key):
                raise DocumentError(Message("nodes have no field '{key}'", key=key))
            old[key] = getattr(node, key)
            setattr(node, key, value)
        self._emit(Event("node_changed", node_id=node_id, fields=tuple(changes)))
        return old

    def insert_group(self, group: Group) -> None:
        if group.id in self.groups:
            raise DocumentError(Message("a group with id '{id}' already exists", id=group.id))
        self.groups[group.id] = group
        self._bump_id(group.id)
        self._emit(Event("group_added", group_id=group.id))

    def delete_group(self, group_id: str) -> Group:
        group = self.groups.pop(group_id)
        self._emit(Event("group_removed", group_id=group_id))
        return group

    def update_group(self, group_id: str, **changes: Any) -> dict[str, Any]:
        group = self.groups[group_id]
        old = {k: getattr(group, k) for k in changes}
        for k, v in changes.items():
            setattr(group, k, tuple(v) if k == "members" else v)
        self._emit(Event("group_changed", group_id=group_id, fields=tuple(changes)))
        return old

    def set_root(self, node_id: str | None, gradient: np.ndarray | None) -> tuple[str | None, np.ndarray | None]:
        if node_id is not None:
            self.node(node_id)
        old = (self.root, self.root_gradient)
        self.root, self.root_gradient = node_id, gradient
        self._emit(Event("root_changed"))
        return old

    def replace_with(self, other: "Document") -> None:
        """Take over another document's content (used by New/Open); emits ``reset``."""
        self.nodes, self.groups, self.graph = other.nodes, other.groups, other.graph
        self.root, self.root_gradient, self._next_id = other.root, other.root_gradient, other._next_id
        self._emit(Event("reset"))

    def _bump_id(self, node_id: str) -> None:
        digits = "".join(ch for ch in node_id if ch.isdigit())
        if digits and node_id.lstrip("abcdefghijklmnopqrstuvwxyz") == digits:
            self._next_id = max(self._next_id, int(digits) + 1)


def iter_ops(doc: Document) -> Iterable[Node]:
    return (n for n in doc.nodes.values() if n.kind == "op")
