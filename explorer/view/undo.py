"""The Qt undo stack over model commands.

Model commands (``explorer.model.commands``) know nothing about Qt. The view wraps each one in
a thin :class:`CommandAdapter` (a ``QUndoCommand``) and keeps them on an :class:`UndoStack`,
so the window's Undo/Redo actions, the clean state (the dirty marker in the title bar) and
merging of consecutive moves all come from Qt's undo framework.

A command the document refuses (a cycle, an occupied port, a bad name, ...) raises
``DocumentError``; it is then *not* pushed, the stack emits ``refused(message)`` and
``push_command`` returns False, so the canvas can show the message instead of crashing.

The stack is part of the window's frame (the Undo/Redo actions exist before the first paint),
so this module imports no model code: what the stack must know of the model (which
exceptions are refusals, how many bytes the steps hold, how many fit the budget) comes in a
:class:`UndoRules` given with the document (``UndoStack.attach``; made by
``explorer.view.undo_rules``, a module of the window's model side).
"""
from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from explorer.view.i18n import tr_message

if TYPE_CHECKING:
    from explorer.model.document import Document

log = logging.getLogger(__name__)


class UndoRules(NamedTuple):
    """What the undo stack needs of the model layer (see the module docstring)."""
    refusal: type[BaseException]               # a command's refusal (DocumentError)
    held_bytes: Callable[[list], int]          # bytes the commands' arrays hold, shared once
    steps_within_budget: Callable[[list, int], int]  # how many newest commands fit the budget
    budget: int                                # the default memory budget, in bytes

# QUndoCommand.id() is an int; model commands name their merge family with a string.
_MERGE_IDS: dict[str, int] = {}


def _merge_int(merge_id: str | None) -> int:
    if merge_id is None:
        return -1
    return _MERGE_IDS.setdefault(merge_id, len(_MERGE_IDS) + 1)


def _user_message(exc: BaseException, refusal: type[BaseException]) -> str:
    if isinstance(exc, refusal):
        return str(exc)
    return f"internal error ({type(exc).__name__}): {exc}"


class CommandAdapter(QUndoCommand):
    """A QUndoCommand that runs a model command against a document.

    The command has already been done once when the adapter is pushed (``push_command``
    runs ``do`` first so a refusal never reaches the stack), so the first ``redo`` that
    ``QUndoStack.push`` triggers is skipped."""

    def __init__(self, command: Any, stack: "UndoStack", already_done: bool = True) -> None:
        super().__init__(tr_message(str(getattr(command, "text", "") or type(command).__name__)))
        self.command = command
        self._stack = stack
        self._skip_redo = already_done

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self.command.do)

    def undo(self) -> None:
        self._run(self.command.undo)

    def _run(self, method) -> None:
        try:
            method(self._stack.document)
        except Exception as exc:  # keep the app alive; the message reaches the user
            self._stack.report(exc, "undo/redo")

    def id(self) -> int:  # noqa: A003 - Qt's name
        if self._stack.rebuilding:
            return -1  # re-pushing kept steps after a trim: nothing merges
        return _merge_int(getattr(self.command, "merge_id", None))

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        other_command = getattr(other, "command", None)
        if other_command is None:
            return False
        merge = getattr(self.command, "merge_with", None)
        if merge is None or not merge(other_command):
            return False
        self.setText(tr_message(str(getattr(self.command, "text", "") or self.text())))
        return True


class UndoStack(QUndoStack):
    """QUndoStack whose entries are model commands applied to ``document``.

    The history has a memory budget (``memory_budget`` bytes of arrays held by the steps,
    each shared array counted once; see ``explorer.model.commands.steps_within_budget``): when
    a push goes over it, the oldest steps are dropped and ``trimmed(count)`` is emitted."""

    refused = Signal(object)   # the refusal: a Message (translated by the window) or text
    trimmed = Signal(int)  # undo steps dropped to stay within the memory budget

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # None until the window attaches its document and the model's rules (after the
        # first paint): see attach
        self.document: "Document | None" = None
        self.rules: UndoRules | None = None
        self.memory_budget = 0
        self.rebuilding = False
        # Python references to pushed adapters: PySide may otherwise drop the wrapper (and
        # with it the ``command`` attribute) of a C++-owned QUndoCommand.
        self._adapters: list[CommandAdapter] = []
        self.indexChanged.connect(self._prune)

    def attach(self, document: "Document", rules: UndoRules,
               memory_budget: int | None = None) -> None:
        """The document the commands act on and what the stack must know of the model."""
        self.document = document
        self.rules = rules
        self.memory_budget = rules.budget if memory_budget is None else memory_budget

    def report(self, exc: Exception, doing: str) -> None:
        """A command failed: a refusal reaches the user as it is; anything else is logged
        (a bug) and reaches the user as an internal error."""
        if not isinstance(exc, self.rules.refusal):
            log.error("%s failed:\n%s", doing, traceback.format_exc())
        self.refused.emit(_user_message(exc, self.rules.refusal))

    def push_command(self, command: Any) -> bool:
        """Do ``command`` on the document and record it; False (and ``refused``) if refused."""
        try:
            command.do(self.document)
        except Exception as exc:
            self.report(exc, "command")
            return False
        adapter = CommandAdapter(command, self)
        self._adapters.append(adapter)
        self.push(adapter)
        if self.memory_budget:
            self._trim_to_budget()
        return True

    def model_commands(self) -> list[Any]:
        """The model commands on the stack, oldest first."""
        return [getattr(self.command(i), "command", None) for i in range(self.count())]

    def held_bytes(self) -> int:
        return self.rules.held_bytes(self.model_commands())

    def _trim_to_budget(self) -> None:
        """Drop the oldest steps while the history holds more than the budget.

        QUndoStack cannot drop its oldest commands (its count limit is fixed once it holds
        any), so the kept steps are pushed again onto a cleared stack, already done, with
        signals blocked: the document, the index's meaning and the clean state are unchanged.
        Only called right after a push, when there is no redo tail."""
        commands = self.model_commands()
        if None in commands or self.index() != self.count():
            return
        keep = self.rules.steps_within_budget(commands, self.memory_budget)
        drop = len(commands) - keep
        if drop <= 0:
            return
        clean = self.cleanIndex()
        was_clean = self.isClean()
        self.rebuilding = True
        self.blockSignals(True)
        try:
            self.clear()
            self._adapters = []
            for i, command in enumerate(commands[drop:]):
                if clean - drop == i:
                    self.setClean()
                adapter = CommandAdapter(command, self)
                self._adapters.append(adapter)
                self.push(adapter)
            if clean - drop == keep:
                self.setClean()
            elif clean < drop:
                self.resetClean()  # the saved state was among the dropped steps: unreachable now
        finally:
            self.blockSignals(False)
            self.rebuilding = False
        self.indexChanged.emit(self.index())
        if was_clean != self.isClean():
            self.cleanChanged.emit(self.isClean())
        self.trimmed.emit(drop)

    def _prune(self, _index: int) -> None:
        # Drop wrappers for adapters Qt deleted (merged away or cut off by a new push).
        if len(self._adapters) > self.count() + 8:
            live = {id(self.command(i)) for i in range(self.count())}
            self._adapters = [a for a in self._adapters if id(a) in live]


class ReplaceDocumentCommand:
    """Replace the whole document (Apply script) as one undoable step.

    A model-style command (do/undo/text/merge_id) kept in the view because only the window
    replaces whole documents; it swaps copies, so the stored snapshots are never shared with
    the live document."""

    merge_id = None

    def __init__(self, new_document: Document, text: str = "Replace graph") -> None:
        self.new = new_document.copy()
        self.old: Document | None = None
        self.text = text

    def do(self, doc: Document) -> None:
        if self.old is None:
            self.old = doc.copy()
        doc.replace_with(self.new.copy())

    def undo(self, doc: Document) -> None:
        if self.old is not None:
            doc.replace_with(self.old.copy())

    def merge_with(self, other) -> bool:
        return False
