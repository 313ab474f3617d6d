"""The base of every undoable edit: :class:`Command` and the :class:`_Journal` that records
the inverse of each low-level mutation (re-exported by :mod:`explorer.model.commands`).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np

from explorer.model.document import Document, Edge, Group, Node
from explorer.model.messages import Message


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
