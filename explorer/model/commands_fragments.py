"""Commands over several nodes at once: copy/paste and insert of fragments, port literals,
the root, and macros (re-exported by :mod:`explorer.model.commands`).
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from explorer.model.command_base import Command, _Journal
from explorer.model.document import Document, DocumentError, Edge, Group, Node
from explorer.model.edit_checks import INLINE, _check_node, _check_pos, _ops, as_value, port_literal
from explorer.model.messages import Message


def extract_fragment(doc: Document, node_ids: Iterable[str]) -> Document:
    """The selected nodes as a stand-alone document (for copy/duplicate): their values,
    the edges among them, and the groups lying entirely inside the selection."""
    ids = [nid for nid in dict.fromkeys(node_ids) if nid in doc.nodes]
    chosen = set(ids)
    fragment = Document()
    fragment.nodes = {nid: doc.nodes[nid].copy() for nid in ids}
    fragment.graph.add_nodes_from(ids)
    for edge in doc.edges():
        if edge.src in chosen and edge.dst in chosen:
            fragment.graph.add_edge(edge.src, edge.dst, key=edge.port)
    for group in doc.groups.values():
        if group.members and set(group.members) <= chosen:
            fragment.groups[group.id] = group.copy()
    if doc.root in chosen:
        fragment.root = doc.root
        fragment.root_gradient = None if doc.root_gradient is None else np.array(doc.root_gradient)
    return fragment


class PasteFragmentCommand(Command):
    """Paste a fragment (see :func:`extract_fragment`): fresh ids, names made unique (``a`` →
    ``a1``), positions shifted by ``offset``, its internal edges and groups recreated. The
    fragment's root is not pasted. After ``do``, ``id_map`` maps fragment ids to new ids and
    ``new_ids`` lists the pasted nodes (the view selects them)."""

    def __init__(self, fragment: Document, offset: tuple[float, float] = (30.0, 30.0)) -> None:
        super().__init__()
        self.fragment = fragment.copy()
        self.offset = _check_pos(offset)
        self.id_map: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.group_map: dict[str, str] = {}
        self.text = Message("Paste")

    @property
    def new_ids(self) -> list[str]:
        return list(self.id_map.values())

    def apply(self, doc: Document, journal: _Journal) -> None:
        frag = self.fragment
        if not frag.nodes:
            raise DocumentError(Message("nothing to paste"))
        first_run = not self.id_map
        dx, dy = self.offset
        for old_id, node in frag.nodes.items():
            if first_run:
                self.id_map[old_id] = doc.new_id()
                self.names[old_id] = doc.unique_name(node.name)
            new = node.copy()
            new.id, new.name = self.id_map[old_id], self.names[old_id]
            x, y = node.pos
            new.pos = (float(x) + dx, float(y) + dy)
            journal.insert_node(_check_node(doc, new))
        for edge in sorted(frag.edges(), key=lambda e: (e.dst, e.port)):
            if edge.src in self.id_map and edge.dst in self.id_map:
                journal.insert_edge(Edge(self.id_map[edge.src], self.id_map[edge.dst], edge.port))
        for group in frag.groups.values():
            members = tuple(self.id_map[m] for m in group.members if m in self.id_map)
            if not members:
                continue
            if group.id not in self.group_map:
                self.group_map[group.id] = doc.new_id("g")
            journal.insert_group(Group(self.group_map[group.id], group.name, members))


class SetPortLiteralCommand(Command):
    """Type a value on input ``port`` of op ``dst``: a new port literal, a new value for the
    one already there, or (``value`` None) the literal removed. A port wired to another node
    is refused: disconnect it first."""

    def __init__(self, dst: str, port: int, value: Any, dtype: str = "float32") -> None:
        super().__init__()
        self.dst, self.port, self.value, self.dtype = dst, int(port), value, dtype
        self.literal_id: str | None = None
        self.text = Message("Set input value")

    def apply(self, doc: Document, journal: _Journal) -> None:
        dst = doc.node(self.dst)
        if dst.kind != "op" or not 0 <= self.port < doc.arity(dst.id):
            raise DocumentError(Message("'{name}' has no input {value}", name=dst.name, value=self.port + 1))
        name = _ops()[dst.op].input_names[self.port]
        self.text = Message("Set {param} of '{name}'", param=name, name=dst.name)
        current = port_literal(doc, dst.id, self.port)
        if current is None and doc.edge_into(dst.id, self.port) is not None:
            raise DocumentError(Message("{name} of '{name_2}' is connected: disconnect it to type a value",
                                        name=name, name_2=dst.name))
        if self.value is None:
            if current is None:
                raise DocumentError(Message("{name} of '{name_2}' holds no value", name=name, name_2=dst.name))
            journal.delete_edge(Edge(current.id, dst.id, self.port))
            journal.delete_node(current.id)
            return
        value = as_value(self.value, self.dtype)
        if current is not None:
            changes: dict[str, Any] = {"value": value}
            if self.dtype != current.dtype:
                changes["dtype"] = self.dtype
            journal.update_node(current.id, **changes)
            self.literal_id = current.id
            return
        if self.literal_id is None or self.literal_id in doc.nodes:
            self.literal_id = doc.new_id()
        x, y = dst.pos
        node = Node(self.literal_id, "const", doc.unique_name("c"), value=value, dtype=self.dtype,
                    pos=(float(x) - 120.0, float(y) + 30.0 * self.port), params={INLINE: True})
        journal.insert_node(_check_node(doc, node))
        journal.insert_edge(Edge(node.id, dst.id, self.port))


class InsertFragmentCommand(PasteFragmentCommand):
    """Insert a parsed expression: the fragment's nodes (as a paste), plus edges from existing
    nodes into it (``links``: fragment node id -> [(existing src id, port)]), and, when the
    document has no root yet, ``root`` (a fragment node id) as the backward root. One undo step."""

    def __init__(self, fragment: Document, offset: tuple[float, float],
                 links: Mapping[str, Sequence[tuple[str, int]]] = (), root: str | None = None) -> None:
        super().__init__(fragment, offset)
        self.links = {k: list(v) for k, v in dict(links).items()}
        self.root = root
        self.text = Message("Insert expression")

    def apply(self, doc: Document, journal: _Journal) -> None:
        for src, _port in (p for ports in self.links.values() for p in ports):
            doc.node(src)
        super().apply(doc, journal)
        for dst, ports in self.links.items():
            for src, port in ports:
                journal.insert_edge(Edge(src, self.id_map[dst], int(port)))
        if self.root is not None and doc.root is None and self.root in self.id_map:
            journal.set_root(self.id_map[self.root], None)


class SetRootCommand(Command):
    """Choose the node ``backward()`` starts from, and its external gradient (``None`` for a
    scalar root, like ``loss.backward()``; ``Q.backward(gradient=...)`` otherwise)."""

    def __init__(self, node_id: str | None, gradient: Any = None) -> None:
        super().__init__()
        self.node_id, self.gradient = node_id, gradient
        self.text = (Message("Set backward root") if node_id is not None else Message("Clear backward root"))

    def apply(self, doc: Document, journal: _Journal) -> None:
        gradient = None
        if self.node_id is not None:
            node = doc.node(self.node_id)
            if self.gradient is not None:
                given = getattr(self.gradient, "dtype", None)  # an array keeps its float64
                dtype = "float64" if given == np.float64 else node.dtype
                gradient = as_value(self.gradient, dtype)
        elif self.gradient is not None:
            raise DocumentError(Message("a gradient needs a root node"))
        journal.set_root(self.node_id, gradient)


class MacroCommand(Command):
    """Several commands as one undo step; if one is refused, the earlier ones are undone."""

    def __init__(self, text: str, commands: Sequence[Command]) -> None:
        super().__init__()
        self.text = text
        self.commands = list(commands)

    def apply(self, doc: Document, journal: _Journal) -> None:
        for command in self.commands:
            command.do(doc)
            journal._inverse.append(lambda c=command: c.undo(doc))

    def held_arrays(self) -> list[np.ndarray]:
        return [a for command in self.commands for a in command.held_arrays()]
