"""The edits the canvas can make, as model commands (``explorer.model.commands``).

The canvas never mutates the document itself: every gesture ends in one of these commands,
pushed through ``undo_stack.push_command``. Building them here keeps the command constructors
in one place.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from engine import ops
from explorer.model import commands as C
from explorer.model.document import Document, Edge, Node
from explorer.model.messages import Message


def add_node(node: Node, edges: list[Edge] = ()) -> Any:
    return C.AddNodeCommand(node, list(edges))


def remove_nodes(ids: list[str]) -> Any:
    return C.RemoveNodesCommand(list(ids))


def connect(edge: Edge, replace: bool = False) -> Any:
    return C.ConnectCommand(edge.src, edge.dst, edge.port, replace=replace)


def disconnect(edges: Edge | list[Edge]) -> Any:
    return C.DisconnectCommand(edges)


def set_value(node_id: str, value: np.ndarray) -> Any:
    return C.SetValueCommand(node_id, value)


def set_requires_grad(ids: list[str], flag: bool) -> Any:
    return C.SetRequiresGradCommand(list(ids), flag)


def rename(node_id: str, name: str) -> Any:
    return C.RenameCommand(node_id, name)


class DragMoveCommand(C.MoveNodesCommand):
    """A drag of cards: marks them as placed by hand (so "layout, keep manual positions" leaves
    them) like any mergeable move, but never merges with the previous drag: one drag, one undo
    step, even for two drags of the same node in a row."""

    def merge_with(self, other: Any) -> bool:
        return False


def move(new_positions: dict[str, tuple[float, float]], text: str = Message("Move")) -> Any:
    return DragMoveCommand(new_positions, merge=True, text=text)


def group(ids: list[str], name: str) -> Any:
    return C.GroupCommand(list(ids), name)


def paste(fragment: Document, offset: tuple[float, float]) -> Any:
    return C.PasteFragmentCommand(fragment, offset)


def macro(text: str, commands: list[Any]) -> Any:
    return C.MacroCommand(text, commands)


def fragment(doc: Document, ids: list[str]) -> Document:
    return C.extract_fragment(doc, ids)


def new_leaf(doc: Document, pos: tuple[float, float]) -> Node:
    return C.leaf_node(doc, doc.unique_name("x"), 1.0, requires_grad=True, pos=pos)


def new_const(doc: Document, pos: tuple[float, float]) -> Node:
    return C.const_node(doc, 2.0, pos=pos)


def new_op(doc: Document, op: str, pos: tuple[float, float]) -> Node:
    return C.op_node(doc, op, default_params(op), pos=pos)


_KIND_DEFAULTS = {"int": 0, "float": 0.0, "bool": False, "dim": 0, "shape": (-1,), "dims": (0, 1)}


def default_params(op_name: str) -> dict[str, Any]:
    """Values for an op's required parameters so a node added from the popup is valid at once
    (the user edits them in the inspector)."""
    required = ops.REQUIRED
    params: dict[str, Any] = {}
    for p in ops.OPS[op_name].params:
        if required is not None and p.default is required:
            params[p.name] = _KIND_DEFAULTS.get(p.kind, 0)
    return params
