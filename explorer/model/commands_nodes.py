"""Commands on nodes, edges, names, positions and groups (re-exported by
:mod:`explorer.model.commands`).
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from explorer.model.command_base import Command, _Journal, _ids
from explorer.model.document import Document, DocumentError, Edge, Group, Node
from explorer.model.edit_checks import (
    _check_name,
    _check_node,
    _check_pos,
    as_value,
    check_group_name,
    normalize_param,
)
from explorer.model.messages import Message


class AddNodeCommand(Command):
    """Add one node, optionally with edges to or from existing nodes (e.g. a node created by
    dragging a wire from a port into empty space) and into a group."""

    def __init__(self, node: Node, edges: Iterable[Edge] = (), group_id: str | None = None) -> None:
        super().__init__()
        self.node = node.copy()
        self.edges = list(edges)
        self.group_id = group_id
        self.node_id = node.id
        self.text = (Message("Add {op} '{name}'", op=node.op, name=node.name) if node.kind == "op" else
                     Message("Add leaf '{name}'", name=node.name) if node.kind == "leaf" else
                     Message("Add constant '{name}'", name=node.name))

    def apply(self, doc: Document, journal: _Journal) -> None:
        if self.node.id in doc.nodes or self.node.id in doc.groups:
            raise DocumentError(Message("a node with id '{id}' already exists", id=self.node.id))
        node = _check_node(doc, self.node)
        for edge in self.edges:
            if self.node.id not in (edge.src, edge.dst):
                raise DocumentError(Message("a new node can only be connected to itself"))
        journal.insert_node(node)
        for edge in self.edges:
            journal.insert_edge(edge)
        if self.group_id is not None:
            group = doc.groups.get(self.group_id)
            if group is None:
                raise DocumentError(Message("no group with id '{group_id}'", group_id=self.group_id))
            journal.update_group(group.id, members=(*group.members, node.id))


class RemoveNodesCommand(Command):
    """Remove nodes with all their edges; they leave their groups (an emptied group goes too);
    removing the root clears it. Undo brings everything back, root gradient included."""

    def __init__(self, node_ids: str | Iterable[str]) -> None:
        super().__init__()
        self.node_ids = _ids(node_ids)
        self.text = (Message("Delete node")
                     if len(self.node_ids) == 1 else
                     Message("Delete {count} nodes", count=len(self.node_ids)))

    def apply(self, doc: Document, journal: _Journal) -> None:
        if not self.node_ids:
            raise DocumentError(Message("nothing selected to delete"))
        for node_id in self.node_ids:
            doc.node(node_id)
        if len(self.node_ids) == 1:
            self.text = Message("Delete '{name}'", name=doc.nodes[self.node_ids[0]].name)
        doomed = set(self.node_ids)
        edges = {e for nid in self.node_ids for e in (*doc.in_edges(nid), *doc.out_edges(nid))}
        for edge in sorted(edges, key=lambda e: (e.src, e.dst, e.port)):
            journal.delete_edge(edge)
        journal.remove_from_groups(doomed)
        for node_id in self.node_ids:
            journal.delete_node(node_id)


class ConnectCommand(Command):
    """Connect ``src``'s output to input ``port`` of op node ``dst``. Refuses cycles (naming
    the nodes on the cycle), occupied ports (unless ``replace``) and missing ports."""

    def __init__(self, src: str, dst: str, port: int, replace: bool = False) -> None:
        super().__init__()
        self.edge = Edge(src, dst, int(port))
        self.replace = replace
        self.text = Message("Connect")

    def apply(self, doc: Document, journal: _Journal) -> None:
        edge = self.edge
        src, dst = doc.node(edge.src), doc.node(edge.dst)
        self.text = Message("Connect '{src}' to input {port} of '{dst}'", src=src.name, port=edge.port + 1,
                            dst=dst.name)
        if self.replace:
            occupied = doc.edge_into(edge.dst, edge.port)
            if occupied is not None:
                if occupied == edge:
                    raise DocumentError(Message("these ports are already connected"))
                journal.delete_edge(occupied)
        journal.insert_edge(edge)


class DisconnectCommand(Command):
    def __init__(self, edges: Edge | Iterable[Edge]) -> None:
        super().__init__()
        self.edges = [edges] if isinstance(edges, Edge) else list(dict.fromkeys(edges))
        self.text = Message("Disconnect")

    def apply(self, doc: Document, journal: _Journal) -> None:
        if not self.edges:
            raise DocumentError(Message("no connection selected"))
        for edge in self.edges:
            journal.delete_edge(edge)


class SetValueCommand(Command):
    """Set the value (and optionally the dtype) of a leaf tensor or constant."""

    def __init__(self, node_id: str, value: Any, dtype: str | None = None) -> None:
        super().__init__()
        self.node_id, self.value, self.dtype = node_id, value, dtype
        self.text = Message("Change value")

    def apply(self, doc: Document, journal: _Journal) -> None:
        node = doc.node(self.node_id)
        if node.kind == "op":
            raise DocumentError(Message("'{name}' is computed by {op}; only leaf tensors and constants "
                                        "have a value you can set", name=node.name, op=node.op))
        dtype = self.dtype or node.dtype
        value = as_value(self.value, dtype)
        changes: dict[str, Any] = {"value": value}
        if dtype != node.dtype:
            changes["dtype"] = dtype
        journal.update_node(node.id, **changes)
        # Keep the array the node now holds, not a second copy of the input: the next edit's
        # undo record holds this same array as its "old" value, so a run of Train steps stores
        # each value once (node values are never changed in place).
        self.value, self.dtype = value, dtype


class SetParamCommand(Command):
    def __init__(self, node_id: str, name: str, value: Any) -> None:
        super().__init__()
        self.node_id, self.name, self.value = node_id, name, value
        self.text = Message("Set {param}", param=name)

    def apply(self, doc: Document, journal: _Journal) -> None:
        node = doc.node(self.node_id)
        if node.kind != "op":
            raise DocumentError(Message("'{name}' is not an operation and has no parameters", name=node.name))
        value = normalize_param(node.op, self.name, self.value)
        self.text = Message("Set {param} of '{name}'", param=self.name, name=node.name)
        journal.update_node(node.id, params={**node.params, self.name: value})


class SetRequiresGradCommand(Command):
    """Switch ``requires_grad`` of one leaf, or of every leaf among many nodes (a group's
    switch: ``model.requires_grad_(False)``, which skips non-leaves the same way)."""

    def __init__(self, node_ids: str | Iterable[str], requires_grad: bool) -> None:
        super().__init__()
        self.node_ids = _ids(node_ids)
        self.flag = bool(requires_grad)
        one = self.node_ids[0] if len(self.node_ids) == 1 else None
        self.text = (Message("Unfreeze {name}", name=one) if self.flag and one else
                     Message("Freeze {name}", name=one) if one else
                     Message("Unfreeze leaves") if self.flag else Message("Freeze leaves"))

    def apply(self, doc: Document, journal: _Journal) -> None:
        nodes = [doc.node(nid) for nid in self.node_ids]
        if len(nodes) == 1:
            node = nodes[0]
            self.text = (Message("Unfreeze '{name}'", name=node.name)
                         if self.flag else
                         Message("Freeze '{name}'", name=node.name))
            if node.kind == "op":
                raise DocumentError(
                    Message("'{name}' is computed by {op}, not a leaf: it requires grad when any of its "
                            "inputs does. You can only change requires_grad of leaf tensors.",
                            name=node.name, op=node.op))
            if node.kind == "const" and self.flag:
                raise DocumentError(Message("'{name}' is a constant; constants never require grad",
                                            name=node.name))
        leaves = [n for n in nodes if n.kind == "leaf"]
        if not leaves and nodes and self.flag:
            raise DocumentError(Message("none of these nodes is a leaf tensor, so none can require grad"))
        for leaf in leaves:
            if leaf.requires_grad != self.flag:
                journal.update_node(leaf.id, requires_grad=self.flag)


class SetRetainGradCommand(Command):
    """``retain_grad()`` on a non-leaf keeps its ``.grad`` after backward."""

    def __init__(self, node_id: str, retain: bool) -> None:
        super().__init__()
        self.node_id, self.flag = node_id, bool(retain)
        self.text = (Message("Retain grad") if retain else Message("Do not retain grad"))

    def apply(self, doc: Document, journal: _Journal) -> None:
        node = doc.node(self.node_id)
        if node.kind == "const" and self.flag:
            raise DocumentError(Message("'{name}' is a constant; it has no gradient to retain",
                                        name=node.name))
        journal.update_node(node.id, retain_grad=self.flag)


class RenameCommand(Command):
    def __init__(self, node_id: str, name: str) -> None:
        super().__init__()
        self.node_id, self.name = node_id, name
        self.text = Message("Rename to '{name}'", name=name)

    def apply(self, doc: Document, journal: _Journal) -> None:
        node = doc.node(self.node_id)
        if node.name == self.name:
            return
        _check_name(doc, self.name, node.id)
        journal.update_node(node.id, name=self.name)


class RenameGroupCommand(Command):
    def __init__(self, group_id: str, name: str) -> None:
        super().__init__()
        self.group_id, self.name = group_id, name
        self.text = Message("Rename group to '{name}'", name=name)

    def apply(self, doc: Document, journal: _Journal) -> None:
        if self.group_id not in doc.groups:
            raise DocumentError(Message("no group with id '{group_id}'", group_id=self.group_id))
        journal.update_group(self.group_id, name=check_group_name(self.name))


class MoveNodesCommand(Command):
    """Move nodes to new positions. Consecutive moves of the same set of nodes merge into one
    undo step (as the Qt undo framework example does); ``merge=False`` for one-off moves such
    as a re-layout."""

    MERGE_ID = "move-nodes"

    def __init__(self, positions: Mapping[str, tuple[float, float]], *, merge: bool = True,
                 text: str = Message("Move")) -> None:
        super().__init__()
        self.positions = {nid: tuple(pos) for nid, pos in positions.items()}
        self.merge_id = self.MERGE_ID if merge else None
        self.text = text

    def apply(self, doc: Document, journal: _Journal) -> None:
        if not self.positions:
            raise DocumentError(Message("nothing to move"))
        checked = {nid: _check_pos(pos) for nid, pos in self.positions.items()}
        for nid in checked:
            doc.node(nid)
        for nid, pos in checked.items():
            if tuple(doc.nodes[nid].pos) != pos:
                journal.update_node(nid, pos=pos)
        # A drag marks nodes as placed by hand; a one-off move (a layout) clears the mark.
        journal.set_manual(checked, placed=self.merge_id is not None)

    def merge_with(self, other: Command) -> bool:
        if not isinstance(other, MoveNodesCommand) or other.merge_id != self.merge_id or self.merge_id is None:
            return False
        if set(other.positions) != set(self.positions) or self._journal is None or other._journal is None:
            return False
        # other has already run; absorb its effect so one undo returns to our start.
        self.positions = dict(other.positions)
        self._journal._inverse.extend(other._journal._inverse)
        other._journal = None
        return True


class GroupCommand(Command):
    """Put nodes into a new named group (a frame). A node belongs to at most one group, so
    grouped nodes leave any group they were in (a group left empty disappears)."""

    def __init__(self, node_ids: Iterable[str], name: str = "group", group_id: str | None = None) -> None:
        super().__init__()
        self.node_ids = _ids(node_ids)
        self.name = name
        self.group_id = group_id
        self.text = Message("Group '{name}'", name=name)

    def apply(self, doc: Document, journal: _Journal) -> None:
        if not self.node_ids:
            raise DocumentError(Message("select the nodes to group first"))
        for nid in self.node_ids:
            doc.node(nid)
        name = check_group_name(self.name)
        if self.group_id is None:
            self.group_id = doc.new_id("g")
        elif self.group_id in doc.groups or self.group_id in doc.nodes:
            raise DocumentError(Message("a group with id '{group_id}' already exists", group_id=self.group_id))
        journal.remove_from_groups(set(self.node_ids))
        journal.insert_group(Group(self.group_id, name, tuple(self.node_ids)))


class UngroupCommand(Command):
    """Remove a group's frame; its nodes stay where they are."""

    def __init__(self, group_id: str) -> None:
        super().__init__()
        self.group_id = group_id
        self.text = Message("Ungroup")

    def apply(self, doc: Document, journal: _Journal) -> None:
        if self.group_id not in doc.groups:
            raise DocumentError(Message("no group with id '{group_id}'", group_id=self.group_id))
        journal.delete_group(self.group_id)


class SetGroupMembersCommand(Command):
    """Change which nodes a group frames (e.g. a node dragged into or out of a frame)."""

    def __init__(self, group_id: str, members: Iterable[str]) -> None:
        super().__init__()
        self.group_id, self.members = group_id, _ids(members)
        self.text = Message("Change group")

    def apply(self, doc: Document, journal: _Journal) -> None:
        if self.group_id not in doc.groups:
            raise DocumentError(Message("no group with id '{group_id}'", group_id=self.group_id))
        for nid in self.members:
            doc.node(nid)
        if not self.members:
            raise DocumentError(Message("a group needs at least one node (ungroup it instead)"))
        journal.remove_from_groups(set(self.members), keep=self.group_id)
        journal.update_group(self.group_id, members=tuple(self.members))
