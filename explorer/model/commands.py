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

The commands live in small modules, all re-exported here so that callers import one name:
:mod:`~explorer.model.edit_checks` (value and name checks, node constructors),
:mod:`~explorer.model.command_base` (``Command``, the journal),
:mod:`~explorer.model.commands_nodes`, :mod:`~explorer.model.commands_fragments` and
:mod:`~explorer.model.history` (undo budget, headless history).
"""
from __future__ import annotations

from explorer.model.command_base import Command, manually_placed
from explorer.model.commands_fragments import (
    InsertFragmentCommand,
    MacroCommand,
    PasteFragmentCommand,
    SetPortLiteralCommand,
    SetRootCommand,
    extract_fragment,
)
from explorer.model.commands_nodes import (
    AddNodeCommand,
    ConnectCommand,
    DisconnectCommand,
    GroupCommand,
    MoveNodesCommand,
    RemoveNodesCommand,
    RenameCommand,
    RenameGroupCommand,
    SetGroupMembersCommand,
    SetParamCommand,
    SetRequiresGradCommand,
    SetRetainGradCommand,
    SetValueCommand,
    UngroupCommand,
)
from explorer.model.edit_checks import (
    GROUP_NAME_PUNCTUATION,
    INLINE,
    MAX_TENSOR_ELEMENTS,
    as_value,
    check_group_name,
    check_params,
    const_node,
    is_port_literal,
    leaf_node,
    literal_node,
    normalize_param,
    op_node,
    port_literal,
)
from explorer.model.history import UNDO_MEMORY_BUDGET, History, held_arrays, history_bytes, steps_within_budget

__all__ = [
    "Command", "AddNodeCommand", "RemoveNodesCommand", "ConnectCommand", "DisconnectCommand",
    "SetValueCommand", "SetParamCommand", "SetRequiresGradCommand", "SetRetainGradCommand",
    "RenameCommand", "RenameGroupCommand", "MoveNodesCommand", "GroupCommand", "UngroupCommand",
    "SetGroupMembersCommand", "PasteFragmentCommand", "SetRootCommand", "MacroCommand", "History",
    "leaf_node", "const_node", "op_node", "extract_fragment", "normalize_param", "check_params",
    "check_group_name", "as_value", "manually_placed",
    "MAX_TENSOR_ELEMENTS", "GROUP_NAME_PUNCTUATION", "INLINE", "literal_node", "is_port_literal",
    "port_literal", "SetPortLiteralCommand", "InsertFragmentCommand", "UNDO_MEMORY_BUDGET", "held_arrays",
    "steps_within_budget", "history_bytes",
]
