"""Module groups: a program's ``nn.Module`` instances as nested, collapsible groups.

A module group is a :class:`~explorer.model.document.Group` with ``module`` set (its class
name). Its own ``members`` are the ops recorded in that module's forward and its own parameters;
its submodules are the groups whose ``parent`` is it. A collapsed group is drawn as one card
(class, path, parameter count, output shape, one freeze switch) and every node inside it, at any
depth, is hidden; wires into and out of it attach to the card.

This module answers the questions the canvas and the layout ask (which groups nest where,
which card stands for a node, where cards go) and holds the two undoable commands: collapse or
expand (which re-lays out what is visible) and the group's freeze switch
(``module.requires_grad_(False)``: every parameter leaf inside, at any depth).
"""
from __future__ import annotations

from typing import Iterable

from explorer.model.command_base import _Journal
from explorer.model.commands import Command, SetRequiresGradCommand
from explorer.model.document import Document, DocumentError, Group, Node
from explorer.model.layout import layered_layout
from explorer.model.messages import Message

__all__ = ["names_by_module", "has_modules", "apply_module_layout", "children", "nodes_within", "leaves_within", "ancestors", "unit_of", "visible_units",
           "module_layout", "SetCollapsedCommand", "freeze_group_command", "depth",
           "MODULE_CARD_SIZE", "MODULE_CARD_PORT_Y", "format_param_count", "short_name"]

#: A collapsed module's card on the canvas (width, height); the layout reserves this much.
MODULE_CARD_SIZE = (240.0, 132.0)
#: a card's input and output ports, below its top (level: wires between cards run flat)
MODULE_CARD_PORT_Y = 43.0


def children(doc: Document, group_id: str | None) -> list[Group]:
    """The groups directly inside ``group_id`` (None: the top-level groups), in document order."""
    return [g for g in doc.groups.values() if g.parent == group_id]


def _children_map(doc: Document) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {}
    for g in doc.groups.values():
        out.setdefault(g.parent if g.parent in doc.groups else None, []).append(g.id)
    return out


def groups_within(doc: Document, group_id: str) -> list[str]:
    """``group_id`` and every group nested in it, outermost first."""
    kids = _children_map(doc)
    out, stack = [], [group_id]
    while stack:
        gid = stack.pop(0)
        out.append(gid)
        stack.extend(kids.get(gid, ()))
    return out


def nodes_within(doc: Document, group_id: str) -> list[str]:
    """Every node of ``group_id`` and of the groups nested in it."""
    return [m for gid in groups_within(doc, group_id) for m in doc.groups[gid].members if m in doc.nodes]


def leaves_within(doc: Document, group_id: str) -> list[str]:
    """The leaf tensors (a module's parameters) inside ``group_id`` at any depth."""
    return [m for m in nodes_within(doc, group_id) if doc.nodes[m].kind == "leaf"]


def ancestors(doc: Document, group_id: str) -> list[str]:
    """The groups ``group_id`` is nested in, innermost first."""
    out, up = [], doc.groups[group_id].parent
    while up is not None and up in doc.groups and up not in out:
        out.append(up)
        up = doc.groups[up].parent
    return out


def depth(doc: Document, group_id: str) -> int:
    return len(ancestors(doc, group_id))


def unit_of(doc: Document) -> dict[str, str]:
    """node id -> what stands for it on the canvas: the node itself, or the outermost collapsed
    group it is inside."""
    owner = {m: g.id for g in doc.groups.values() for m in g.members}
    cache: dict[str, str | None] = {}

    def outermost_collapsed(gid: str) -> str | None:
        if gid in cache:
            return cache[gid]
        chain = [gid, *ancestors(doc, gid)]
        hit = None
        for g in chain:  # innermost first: the last collapsed one is the outermost
            if doc.groups[g].collapsed:
                hit = g
        cache[gid] = hit
        return hit

    out = {}
    for nid in doc.nodes:
        gid = owner.get(nid)
        card = outermost_collapsed(gid) if gid is not None else None
        out[nid] = card or nid
    return out


def visible_units(doc: Document) -> tuple[list[str], list[str]]:
    """(visible node ids, collapsed groups drawn as cards)."""
    units = unit_of(doc)
    nodes = [nid for nid, u in units.items() if u == nid]
    cards = list(dict.fromkeys(u for u in units.values() if u in doc.groups))
    return nodes, cards


def module_layout(doc: Document) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """Layered positions for what is visible: (visible node -> pos, collapsed group -> pos).

    The layout runs on the graph with each collapsed group shrunk to one node (its card);
    expanded groups keep strangers out of their frames as plain groups do."""
    units = unit_of(doc)
    stand_in = Document()
    sizes: dict[str, tuple[float, float]] = {}
    for nid, unit in units.items():
        if unit in stand_in.nodes:
            continue
        if unit == nid:
            stand_in.nodes[nid] = doc.nodes[nid]   # read only: no copy of its value
        else:
            stand_in.nodes[unit] = Node(unit, "op", unit, op="module")
            sizes[unit] = MODULE_CARD_SIZE
    stand_in.graph.add_nodes_from(stand_in.nodes)
    ports: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for e in doc.edges():
        a, b = units[e.src], units[e.dst]
        if a == b:
            continue
        if b in doc.groups:
            if (a, b) in seen:
                continue
            seen.add((a, b))
            port = ports.get(b, 0)
            ports[b] = port + 1
        else:
            port = e.port
        stand_in.graph.add_edge(a, b, key=port)
    for g in doc.groups.values():
        if units.get(next(iter(nodes_within(doc, g.id)), ""), None) in doc.groups:
            continue  # inside a card: no frame to keep clear
        members = tuple(dict.fromkeys(units[m] for m in nodes_within(doc, g.id)))
        if members:
            stand_in.groups[g.id] = Group(g.id, g.name, members)
    # a card's output port is level with its input port (MODULE_CARD_PORT_Y): a chain of
    # cards (conv1, bn1, relu, ...) lies on one line instead of climbing a staircase
    positions = layered_layout(stand_in, sizes=sizes,
                               out_anchors={unit: MODULE_CARD_PORT_Y for unit in sizes})
    return ({k: p for k, p in positions.items() if k in doc.nodes},
            {k: p for k, p in positions.items() if k in doc.groups})


def has_modules(doc: Document) -> bool:
    return any(g.module is not None for g in doc.groups.values())


def carry_module_layout(old: Document, new: Document) -> bool:
    """The same graph again (a loop's next pass): take the old places and collapsed states
    over, so only the numbers change. False when the nodes or modules differ."""
    places = {n.name: n.pos for n in old.nodes.values()}
    groups = {g.name: g for g in old.groups.values()}
    if set(places) != {n.name for n in new.nodes.values()} or set(groups) != {g.name for g in new.groups.values()}:
        return False
    for node in new.nodes.values():
        node.pos = tuple(places[node.name])
    for g in new.groups.values():
        g.collapsed, g.pos = groups[g.name].collapsed, groups[g.name].pos
    return True


def apply_module_layout(doc: Document) -> None:
    """Lay out a new document (not yet on the canvas) in place, collapsed groups as cards;
    hidden nodes sit at their card's place (expanding lays them out afresh)."""
    node_pos, card_pos = module_layout(doc)
    units = unit_of(doc)
    for nid, node in doc.nodes.items():
        node.pos = node_pos.get(nid) or card_pos[units[nid]]
    for gid, pos in card_pos.items():
        doc.groups[gid].pos = pos


class SetCollapsedCommand(Command):
    """Collapse module groups into cards, or expand them, and lay out what is then visible
    (one undo step: the flags and every position that moved)."""

    def __init__(self, group_ids: str | Iterable[str], collapsed: bool) -> None:
        super().__init__()
        self.group_ids = [group_ids] if isinstance(group_ids, str) else list(group_ids)
        self.collapsed = bool(collapsed)
        self.text = (Message("Collapse module") if collapsed else Message("Expand module"))

    def apply(self, doc: Document, journal: _Journal) -> None:
        changed = False
        for gid in self.group_ids:
            group = doc.groups.get(gid)
            if group is None:
                raise DocumentError(Message("no group with id '{gid}'", gid=gid))
            if group.module is None:
                raise DocumentError(Message("'{name}' is not a module: only modules collapse into a card",
                                            name=group.name))
            if group.collapsed != self.collapsed:
                journal.update_group(gid, collapsed=self.collapsed)
                changed = True
        if len(self.group_ids) == 1:
            what = "Collapse" if self.collapsed else "Expand"
            self.text = f"{what} '{doc.groups[self.group_ids[0]].name}'"
        if not changed:
            return
        node_pos, card_pos = module_layout(doc)
        units = unit_of(doc)
        for nid, node in doc.nodes.items():
            pos = node_pos.get(nid) or card_pos.get(units[nid])
            if pos is not None and tuple(map(float, node.pos)) != pos:
                journal.update_node(nid, pos=pos)
        for gid, pos in card_pos.items():
            if tuple(map(float, doc.groups[gid].pos)) != pos:
                journal.update_group(gid, pos=pos)


def freeze_group_command(doc: Document, group_id: str, requires_grad: bool) -> SetRequiresGradCommand:
    """The group's freeze switch: ``module.requires_grad_(requires_grad)``, i.e. the flag of
    every parameter leaf inside the group and its submodules."""
    leaves = leaves_within(doc, group_id)
    if not leaves:
        raise DocumentError(Message("'{name}' has no parameters to freeze", name=doc.groups[group_id].name))
    command = SetRequiresGradCommand(leaves, requires_grad)
    command.text = (Message("Unfreeze '{name}'", name=doc.groups[group_id].name)
                    if requires_grad else
                    Message("Freeze '{name}'", name=doc.groups[group_id].name))
    return command


def names_by_module(doc: Document, node_ids: Iterable[str]) -> list[str]:
    """Names for a set of nodes, a module's name standing for all of its parameters when every
    one of them is in the set (the training verdict's "frozen: conv1, bn1, layer1, …")."""
    wanted = [n for n in node_ids if n in doc.nodes]
    chosen = set(wanted)
    covered: set[str] = set()
    out: list[str] = []
    kids = _children_map(doc)
    todo = list(kids.get(None, ()))
    while todo:   # outermost modules first: a whole module is named once
        gid = todo.pop(0)
        group = doc.groups[gid]
        leaves = leaves_within(doc, gid)
        if group.module is not None and leaves and set(leaves) <= chosen:
            out.append(f"{group.name} ({len(leaves)})")
            covered.update(leaves)
        else:
            todo.extend(kids.get(gid, ()))
    return out + [doc.nodes[n].name for n in wanted if n not in covered]


def format_param_count(count: int) -> str:
    """"2.4 M params", "9,408 params", "1 param" (the card's count line)."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} M params"
    if count >= 100_000:
        return f"{count / 1_000:.0f} k params"
    return f"{count:,} param{'' if count == 1 else 's'}"


def short_name(doc: Document, group_id: str) -> str:
    """The group's name relative to its parent (``conv1`` for ``layer1.0.conv1``)."""
    group = doc.groups[group_id]
    parent = doc.groups.get(group.parent) if group.parent else None
    if parent is not None and group.name.startswith(parent.name + "."):
        return group.name[len(parent.name) + 1:]
    return group.name
