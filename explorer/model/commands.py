"""Every edit of a document as an undoable command, plus a pure-python undo history.

The view never mutates a :class:`~explorer.model.document.Document` directly: it builds a
command and pushes it (through ``explorer.view.undo.UndoStack``, a thin ``QUndoCommand``
adapter, or through :class:`History` when headless).

How commands stay exact: a command's :meth:`Command.apply` performs its edit through a
:class:`_Journal`, which calls the document's low-level mutators and records the inverse of
each one. ``undo`` replays the inverses backwards. If ``apply`` raises half-way (a refused
edit), the journal rolls back what was done and the document is left exactly as it was, so
a refused command never leaves a trace. ``do`` after ``undo`` (redo) runs ``apply`` again:
everything a command invents (ids, names) is fixed on its first run and reused, so redo
recreates the same nodes.
"""
from __future__ import annotations

import keyword
import math
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from explorer.model.document import (
    DTYPES,
    FLOAT_DTYPES,
    Document,
    DocumentError,
    Edge,
    Group,
    Node,
    is_valid_name,
)
from explorer.model.messages import Message

__all__ = [
    "Command", "AddNodeCommand", "RemoveNodesCommand", "ConnectCommand", "DisconnectCommand",
    "SetValueCommand", "SetParamCommand", "SetRequiresGradCommand", "SetRetainGradCommand",
    "RenameCommand", "RenameGroupCommand", "MoveNodesCommand", "GroupCommand", "UngroupCommand",
    "SetGroupMembersCommand", "PasteFragmentCommand", "SetRootCommand", "MacroCommand", "History",
    "leaf_node", "const_node", "op_node", "extract_fragment", "normalize_param", "check_params",
    "check_group_name", "as_value", "manually_placed",
    "MAX_TENSOR_ELEMENTS",
]

#: Largest tensor a node may hold (also the file loader's cap).
MAX_TENSOR_ELEMENTS = 1_000_000


# ---------------------------------------------------------------------------- validation helpers
def _ops() -> Mapping[str, Any]:
    from engine.ops import OPS  # the op table is the one place ops live

    return OPS


def _required_sentinel() -> Any:
    from engine import ops

    return getattr(ops, "REQUIRED", None)


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def normalize_param(op_name: str, param_name: str, value: Any) -> Any:
    """Check ``value`` against the op table's declaration of the parameter and return it in
    canonical form (ints as int, shapes as tuples). Raises DocumentError with a user message."""
    ops = _ops()
    if op_name not in ops:
        raise DocumentError(Message("unknown operation '{op_name}'", op_name=op_name))
    params = {p.name: p for p in ops[op_name].params}
    if param_name not in params:
        known = ", ".join(params) or "none"
        raise DocumentError(Message("'{op_name}' has no parameter '{param_name}' (its parameters: "
                                    "{known})", op_name=op_name, param_name=param_name, known=known))
    param = params[param_name]
    where = Message("parameter '{param_name}' of {op_name}", param_name=param_name, op_name=op_name)
    if value is None and (param.kind == "dim" or param.default is None):
        return None
    kind = param.kind
    if kind == "int" or kind == "dim":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not _is_int(value):
            raise DocumentError((Message("{where} must be a whole number or None, not {value}", where=where,
                                         value=repr(value))
                                 if kind == 'dim' else
                                 Message("{where} must be a whole number, not {value}", where=where,
                                         value=repr(value))))
        return int(value)
    if kind == "float":
        if not _is_number(value):
            raise DocumentError(Message("{where} must be a number, not {value}", where=where,
                                        value=repr(value)))
        return float(value)
    if kind == "bool":
        if not isinstance(value, (bool, np.bool_)):
            raise DocumentError(Message("{where} must be True or False, not {value}", where=where,
                                        value=repr(value)))
        return bool(value)
    if kind in ("shape", "dims"):
        if _is_int(value) and kind == "shape":
            value = (value,)
        if not isinstance(value, (list, tuple)) or not all(_is_int(v) for v in value):
            raise DocumentError(Message("{where} must be a tuple of whole numbers, not {value}", where=where,
                                        value=repr(value)))
        if kind == "dims" and len(value) != 2:
            raise DocumentError(Message("{where} must be two dimensions, not {value}", where=where,
                                        value=len(value)))
        if len(value) > 32:
            raise DocumentError(Message("{where} has too many dimensions ({value})", where=where,
                                        value=len(value)))
        return tuple(int(v) for v in value)
    # A kind this module does not know yet: accept plain JSON-like scalars only.
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise DocumentError(Message("{where} has an unsupported value {value}", where=where, value=repr(value)))


def check_params(op_name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Normalize every parameter of an op node; refuse missing required ones."""
    ops = _ops()
    if op_name not in ops:
        raise DocumentError(Message("unknown operation '{op_name}'", op_name=op_name))
    result = {name: normalize_param(op_name, name, value) for name, value in params.items()}
    required = _required_sentinel()
    for p in ops[op_name].params:
        if required is not None and p.default is required and p.name not in result:
            raise DocumentError(Message("{op_name} needs its parameter '{name}'", op_name=op_name,
                                        name=p.name))
    return result


def as_value(value: Any, dtype: str = "float32") -> np.ndarray:
    """A tensor value as a numpy array of ``dtype``, or DocumentError for anything else."""
    if dtype not in DTYPES:
        raise DocumentError(Message("unknown dtype '{dtype}' (use {DTYPES})", dtype=dtype,
                                    DTYPES=', '.join(DTYPES)))
    if isinstance(value, (str, bytes)) or value is None:
        raise DocumentError(Message("a tensor value must be numbers, not {value}", value=repr(value)))
    if np.dtype(dtype).kind in "iu":
        _check_whole_numbers(value, dtype)
    try:
        with np.errstate(over="ignore"):  # like torch.tensor(1e300, dtype=float32): inf
            array = np.array(value, dtype=dtype)
    except OverflowError:   # a Python int beyond the integer dtype (2**63, -1 as uint8)
        raise DocumentError(Message("a number is out of range for {dtype}", dtype=dtype)) from None
    except (ValueError, TypeError):
        raise DocumentError(Message("a tensor value must be a number or a (nested) list of numbers with "
                                    "the same length in every row")) from None
    if array.size > MAX_TENSOR_ELEMENTS:
        raise DocumentError(Message("a tensor of {size} elements is too large (at most "
                                    "{MAX_TENSOR_ELEMENTS})", size=format(array.size, ","),
                                    MAX_TENSOR_ELEMENTS=format(MAX_TENSOR_ELEMENTS, ",")))
    return array


def _check_whole_numbers(value: Any, dtype: str) -> None:
    """Refuse floats an integer dtype cannot hold: numpy would cast NaN, inf and out-of-range
    numbers to arbitrary integers (with a RuntimeWarning) where torch.tensor raises."""
    try:
        probe = np.asarray(value)
    except (ValueError, TypeError, OverflowError):
        return      # ragged or not numbers: the conversion below says so
    if probe.dtype.kind != "f" or not probe.size:
        return
    with np.errstate(all="ignore"):
        if not np.isfinite(probe).all():
            raise DocumentError(Message("{dtype} has no NaN or infinity", dtype=dtype))
        info = np.iinfo(dtype)
        if probe.min() < info.min or probe.max() >= info.max + 1.0:
            raise DocumentError(Message("a number is out of range for {dtype}", dtype=dtype))


def _check_pos(pos: Any) -> tuple[float, float]:
    try:
        x, y = pos
        x, y = float(x), float(y)
    except (TypeError, ValueError):
        raise DocumentError(Message("a position must be two numbers, not {pos}", pos=repr(pos))) from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise DocumentError(Message("a position must be finite"))
    return (x, y)


GROUP_NAME_PUNCTUATION = " -_.,:'/&+#"


def check_group_name(name: Any) -> str:
    """A group's name is a label ("pretrained backbone"): letters, digits, spaces and a little
    punctuation, at most 80 characters. Returns it stripped."""
    if not isinstance(name, str) or not name.strip():
        raise DocumentError(Message("a group needs a name"))
    name = name.strip()
    if len(name) > 80:
        raise DocumentError(Message("a group name can have at most 80 characters"))
    bad = sorted({ch for ch in name if not (ch.isalnum() or ch in GROUP_NAME_PUNCTUATION)})
    if bad:
        raise DocumentError(Message("a group name cannot contain {values}",
                                    values=' '.join(repr(ch) for ch in bad)))
    return name


def _check_name(doc: Document, name: Any, node_id: str | None = None) -> None:
    if isinstance(name, str) and keyword.iskeyword(name):
        raise DocumentError(Message("'{name}' is a Python keyword and cannot be a name", name=name))
    if isinstance(name, str) and name == "":
        raise DocumentError(Message("a name cannot be empty"))
    if not isinstance(name, str) or not is_valid_name(name):
        raise DocumentError(Message("'{name}' is not a valid name: use letters, digits and _, not "
                                    "starting with a digit", name=name))
    doc.check_name(name, node_id)


def _check_node(doc: Document, node: Node) -> Node:
    """Validate a node about to be inserted; returns a normalized copy."""
    if not isinstance(node, Node):
        raise DocumentError(Message("not a node"))
    node = node.copy()
    if not isinstance(node.id, str) or not node.id:
        raise DocumentError(Message("a node needs an id"))
    if node.kind not in ("leaf", "const", "op"):
        raise DocumentError(Message("unknown node kind '{kind}'", kind=node.kind))
    _check_name(doc, node.name)
    if node.dtype not in DTYPES:
        raise DocumentError(Message("unknown dtype '{dtype}' (use {DTYPES})", dtype=node.dtype,
                                    DTYPES=', '.join(DTYPES)))
    if node.kind == "leaf" and node.dtype not in FLOAT_DTYPES:
        raise DocumentError(Message("a leaf tensor is {FLOAT_DTYPES}; whole numbers and booleans "
                                    "({dtype}) are constants", FLOAT_DTYPES=' or '.join(FLOAT_DTYPES),
                                    dtype=node.dtype))
    node.pos = _check_pos(node.pos)
    if node.kind == "op":
        node.params = check_params(node.op, node.params)
        node.value = None
        node.requires_grad = False
    else:
        # A constant may be a port literal (see literal_node); leaves carry no params.
        inline = node.kind == "const" and node.params.get(INLINE) is True
        node.op, node.params = None, ({INLINE: True} if inline else {})
        if node.value is None:
            raise DocumentError((Message("the leaf tensor '{name}' needs a value", name=node.name)
                                 if node.kind == 'leaf' else
                                 Message("the constant '{name}' needs a value", name=node.name)))
        node.value = as_value(node.value, node.dtype)
        if node.kind == "const":
            node.requires_grad = False
    node.requires_grad = bool(node.requires_grad)
    node.retain_grad = bool(node.retain_grad)
    return node


# ---------------------------------------------------------------------------- node factories
def leaf_node(doc: Document, name: str, value: Any, *, requires_grad: bool = False,
              dtype: str = "float32", pos: tuple[float, float] = (0.0, 0.0)) -> Node:
    """A new leaf tensor with a fresh id (not yet in the document: push an AddNodeCommand)."""
    return Node(doc.new_id(), "leaf", name, value=as_value(value, dtype), dtype=dtype,
                requires_grad=requires_grad, pos=pos)


def const_node(doc: Document, value: Any, *, name: str | None = None, dtype: str = "float32",
               pos: tuple[float, float] = (0.0, 0.0)) -> Node:
    """A new constant; a 0-d constant reaches the engine as a Python scalar."""
    return Node(doc.new_id(), "const", name or doc.unique_name("c"), value=as_value(value, dtype),
                dtype=dtype, pos=pos)


INLINE = "inline"  # const params key: the constant is a value typed on its consumer's port


def literal_node(doc: Document, value: Any, *, dtype: str = "float32",
                 pos: tuple[float, float] = (0.0, 0.0)) -> Node:
    """A new port literal: a constant typed on an op's input port (Blender's socket values).

    It is an ordinary constant for the runner, the printer (``a ** 3``) and the file; the flag
    only tells the canvas to draw it inside its consumer's port instead of as a card."""
    return Node(doc.new_id(), "const", doc.unique_name("c"), value=as_value(value, dtype),
                dtype=dtype, pos=pos, params={INLINE: True})


def is_port_literal(doc: Document, node_id: str) -> bool:
    """True if ``node_id`` is a port literal feeding exactly one input port (shown in that port)."""
    node = doc.nodes.get(node_id)
    if node is None or node.kind != "const" or node.params.get(INLINE) is not True:
        return False
    return len(doc.out_edges(node_id)) == 1


def port_literal(doc: Document, dst: str, port: int) -> Node | None:
    """The port literal in input ``port`` of ``dst``, or None (unconnected or wired)."""
    edge = doc.edge_into(dst, port)
    if edge is None or not is_port_literal(doc, edge.src):
        return None
    return doc.nodes[edge.src]


def op_node(doc: Document, op: str, params: Mapping[str, Any] | None = None, *,
            name: str | None = None, pos: tuple[float, float] = (0.0, 0.0)) -> Node:
    """A new op node, named after its op (``mul``, ``mul1``, ...) unless a name is given."""
    if op not in _ops():
        raise DocumentError(Message("unknown operation '{op}'", op=op))
    return Node(doc.new_id(), "op", name or doc.unique_name(op), op=op,
                params=check_params(op, dict(params or {})), pos=pos)


# ---------------------------------------------------------------------------- the journal
class _Journal:
    """Applies low-level mutations and remembers how to take each one back."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        # Inverse steps bind the document, never the journal (``lambda doc=self.doc: ...``): a
        # step holding the journal would make a reference cycle, and a dropped undo step with its
        # arrays would wait for the garbage collector instead of being freed at once.
        self._inverse: list[Callable[[], None]] = []
        # Arrays the inverse steps (and the changes) keep alive: what this edit costs in memory.
        self.arrays: list[np.ndarray] = []

    def _hold(self, *values: Any) -> None:
        for v in values:
            if isinstance(v, np.ndarray):
                self.arrays.append(v)

    def __len__(self) -> int:
        return len(self._inverse)

    def rollback(self) -> None:
        while self._inverse:
            self._inverse.pop()()

    # nodes
    def insert_node(self, node: Node) -> None:
        self.doc.insert_node(node)
        self._hold(node.value)
        self._inverse.append(lambda doc=self.doc: doc.delete_node(node.id))

    def delete_node(self, node_id: str) -> None:
        doc = self.doc
        index = list(doc.nodes).index(node_id)
        root, gradient = doc.root, doc.root_gradient
        node = doc.delete_node(node_id)
        self._hold(node.value, gradient)

        def restore() -> None:
            doc.insert_node(node)
            _move_key(doc.nodes, node_id, index)
            if root == node_id:
                doc.set_root(root, gradient)

        self._inverse.append(restore)

    def update_node(self, node_id: str, **changes: Any) -> None:
        old = self.doc.update_node(node_id, **changes)
        self._hold(*old.values(), *changes.values())
        self._inverse.append(lambda doc=self.doc: doc.update_node(node_id, **old))

    # edges
    def insert_edge(self, edge: Edge) -> None:
        self.doc.insert_edge(edge)
        self._inverse.append(lambda doc=self.doc: doc.delete_edge(edge))

    def delete_edge(self, edge: Edge) -> None:
        self.doc.delete_edge(edge)
        self._inverse.append(lambda doc=self.doc: doc.insert_edge(edge))

    # groups
    def insert_group(self, group: Group) -> None:
        self.doc.insert_group(group)
        self._inverse.append(lambda doc=self.doc: doc.delete_group(group.id))

    def delete_group(self, group_id: str) -> None:
        doc = self.doc
        index = list(doc.groups).index(group_id)
        group = doc.delete_group(group_id)

        def restore() -> None:
            doc.insert_group(group)
            _move_key(doc.groups, group_id, index)

        self._inverse.append(restore)

    def update_group(self, group_id: str, **changes: Any) -> None:
        old = self.doc.update_group(group_id, **changes)
        self._inverse.append(lambda doc=self.doc: doc.update_group(group_id, **old))

    # root
    def set_root(self, node_id: str | None, gradient: np.ndarray | None) -> None:
        old = self.doc.set_root(node_id, gradient)
        self._hold(gradient, *old)
        self._inverse.append(lambda doc=self.doc: doc.set_root(*old))

    # which nodes the user placed by hand (for "layout, keeping manual positions")
    def set_manual(self, node_ids: Iterable[str], placed: bool) -> None:
        marks = manually_placed(self.doc)
        before = set(marks)
        if placed:
            marks.update(node_ids)
        else:
            marks.difference_update(node_ids)

        def restore() -> None:
            marks.clear()
            marks.update(before)

        self._inverse.append(restore)

    # compound helpers
    def remove_from_groups(self, node_ids: set[str], keep: str | None = None) -> None:
        """Take nodes out of every group (but ``keep``); a group left empty is removed."""
        for group in list(self.doc.groups.values()):
            if group.id == keep or not node_ids & set(group.members):
                continue
            members = tuple(m for m in group.members if m not in node_ids)
            # a module group holding submodules stays (a Sequential has no ops of its own)
            if members or any(g.parent == group.id for g in self.doc.groups.values()):
                self.update_group(group.id, members=members)
            else:
                self.delete_group(group.id)


def manually_placed(doc: Document) -> set[str]:
    """Ids of nodes the user dragged since the last layout (drags are MoveNodesCommands with
    ``merge=True``; a layout's one-off move clears the mark). Not saved in files; ids of
    removed nodes may linger and are ignored by the layout."""
    marks = doc.__dict__.get("_manually_placed")
    if marks is None:
        marks = doc.__dict__["_manually_placed"] = set()
    return marks


def _move_key(d: dict, key: str, index: int) -> None:
    """Move ``key`` (currently last) back to position ``index`` so dict order is restored:
    ties in the topological order, and so printed code, follow insertion order."""
    keys = list(d)
    for k in keys[index:]:
        if k != key:
            d[k] = d.pop(k)


# ---------------------------------------------------------------------------- commands
class Command:
    """One undoable edit. Subclasses implement :meth:`apply` through the journal.

    ``text`` names the edit for Undo/Redo menus. Consecutive commands with the same non-None
    ``merge_id`` may merge: ``top.merge_with(new)`` is called after ``new.do`` ran and returns
    True if ``top`` absorbed it (then ``new`` is dropped, as QUndoStack does)."""

    text: str = ""
    merge_id: str | None = None

    def __init__(self) -> None:
        self._journal: _Journal | None = None

    def apply(self, doc: Document, journal: _Journal) -> None:
        raise NotImplementedError

    def do(self, doc: Document) -> None:
        """Perform (or redo) the edit. Raises DocumentError and changes nothing if refused."""
        journal = _Journal(doc)
        try:
            self.apply(doc, journal)
        except BaseException:
            journal.rollback()
            raise
        self._journal = journal

    def undo(self, doc: Document) -> None:
        if self._journal is None:
            raise RuntimeError(Message("undo of '{text}' before it was done", text=self.text))
        self._journal.rollback()
        self._journal = None

    def merge_with(self, other: "Command") -> bool:
        return False

    def held_arrays(self) -> list[np.ndarray]:
        """The arrays this undo step keeps alive (for the history's memory budget)."""
        held = list(self._journal.arrays) if self._journal is not None else []
        for attr in vars(self).values():  # its own inputs: a value, a node, a list of nodes
            items = attr if isinstance(attr, (list, tuple)) else (attr.values() if isinstance(attr, dict) else [attr])
            for item in items:
                if isinstance(item, np.ndarray):
                    held.append(item)
                elif isinstance(getattr(item, "value", None), np.ndarray):
                    held.append(item.value)
        return held

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.text!r}>"


def _ids(ids: str | Iterable[str]) -> list[str]:
    if isinstance(ids, str):
        return [ids]
    return list(dict.fromkeys(ids))


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


# ---------------------------------------------------------------------------- memory budget
#: Most bytes of arrays the undo history keeps (300 Train steps of a 512x512 weight took 650 MB).
UNDO_MEMORY_BUDGET = 256 * 1024 * 1024


def held_arrays(command: Any) -> list[np.ndarray]:
    """The arrays an undo step keeps alive; any object with ``held_arrays()`` counts."""
    method = getattr(command, "held_arrays", None)
    return list(method()) if callable(method) else []


def steps_within_budget(steps: Sequence[Sequence[np.ndarray]], budget: int) -> int:
    """How many of the newest undo steps fit in ``budget`` bytes (at least one: the last edit
    can always be undone). ``steps`` lists each step's arrays, oldest first; an array shared by
    several steps (one Train step's result is the next one's old value) is counted once."""
    seen: set[int] = set()
    total = 0
    kept = 0
    for arrays in reversed(steps):
        for a in arrays:
            base = a if a.base is None else a.base
            if id(base) not in seen:
                seen.add(id(base))
                total += int(base.nbytes)
        if total > budget and kept:
            break
        kept += 1
    return kept


def history_bytes(steps: Sequence[Sequence[np.ndarray]]) -> int:
    """Bytes of the distinct arrays held by these undo steps."""
    seen: dict[int, int] = {}
    for arrays in steps:
        for a in arrays:
            base = a if a.base is None else a.base
            seen[id(base)] = int(base.nbytes)
    return sum(seen.values())


# ---------------------------------------------------------------------------- headless history
class History:
    """A pure-python undo stack with QUndoStack's behaviour: push runs the command, a refused
    command (DocumentError) is not pushed and the error propagates; pushing drops the redo
    tail; consecutive mergeable commands merge (but never into the clean state)."""

    def __init__(self, doc: Document, limit: int = 0, memory_budget: int = UNDO_MEMORY_BUDGET) -> None:
        self.doc = doc
        self.limit = limit
        self.memory_budget = memory_budget
        #: Undo steps dropped so far to stay within the memory budget (the view says so once).
        self.dropped_for_memory = 0
        self._commands: list[Command] = []
        self._index = 0
        self._clean: int | None = 0
        self._listeners: list[Callable[["History"], None]] = []

    def subscribe(self, listener: Callable[["History"], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[["History"], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    def push(self, command: Command) -> None:
        command.do(self.doc)  # raises (and changes nothing) if refused
        del self._commands[self._index:]
        if self._clean is not None and self._clean > self._index:
            self._clean = None  # the clean state was in the discarded redo tail
        top = self._commands[-1] if self._commands else None
        if (top is not None and top.merge_id is not None and top.merge_id == command.merge_id
                and self._index != self._clean and top.merge_with(command)):
            pass
        else:
            self._commands.append(command)
            self._index += 1
            drop = len(self._commands) - self.limit if self.limit else 0
            if self.memory_budget:
                keep = steps_within_budget([held_arrays(c) for c in self._commands], self.memory_budget)
                if len(self._commands) - keep > drop:
                    self.dropped_for_memory += len(self._commands) - keep - max(drop, 0)
                    drop = len(self._commands) - keep
            if drop > 0:
                del self._commands[:drop]
                self._index -= drop
                if self._clean is not None:
                    self._clean = self._clean - drop if self._clean >= drop else None
        self._changed()

    def held_bytes(self) -> int:
        """Bytes of the arrays the history keeps alive (each shared array once)."""
        return history_bytes([held_arrays(c) for c in self._commands])

    def undo(self) -> None:
        if not self.can_undo():
            return
        self._index -= 1
        self._commands[self._index].undo(self.doc)
        self._changed()

    def redo(self) -> None:
        if not self.can_redo():
            return
        self._commands[self._index].do(self.doc)
        self._index += 1
        self._changed()

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    def undo_text(self) -> str:
        return self._commands[self._index - 1].text if self.can_undo() else ""

    def redo_text(self) -> str:
        return self._commands[self._index].text if self.can_redo() else ""

    @property
    def index(self) -> int:
        return self._index

    def __len__(self) -> int:
        return len(self._commands)

    @property
    def clean_index(self) -> int | None:
        """The index at which the document matches its file (None: unreachable)."""
        return self._clean

    def set_clean(self) -> None:
        self._clean = self._index
        self._changed()

    def is_clean(self) -> bool:
        return self._clean == self._index

    def clear(self) -> None:
        self._commands.clear()
        self._index = 0
        self._clean = 0
        self._changed()
