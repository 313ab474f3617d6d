"""Edits from the window's panels (inspector, palette, Edit menu), every one an undoable
command, and the selection shared by the forward canvas, the backward graph and the inspector."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QInputDialog

from explorer.model import commands
from explorer.view import theme


class EditController:
    """Inspector / palette / Edit-menu edits as commands; selection sync.

    Writes ``window._selection`` (the forward canvas's selection, mirrored in the backward
    view); uses the scene, the views, the inspector and ``push``."""

    def __init__(self, window) -> None:
        self.window = window
        self.syncing_selection = False

    def add_node(self, kind: str, op: str | None, pos: tuple[float, float] | None) -> str | None:
        """Add a leaf / constant / op node at ``pos`` (scene coordinates; None = view centre)."""
        if pos is None:
            scene = self.window.scene
            selected = [scene.node_items[n] for n in scene.selected_ids() if n in scene.node_items]
            if selected:
                # Next to the selection: right of its rightmost card (free_position avoids overlaps).
                last = max(selected, key=lambda it: it.x())
                pos = (last.x() + last.card_rect().width() + 130 * theme.font_scale, last.y())
            else:
                centre = self.window.view.mapToScene(self.window.view.viewport().rect().center())
                pos = (centre.x(), centre.y())
        new_id = self.window.scene.add_node(kind, op, QPointF(float(pos[0]), float(pos[1])))
        if new_id is not None:
            # Focus follows the new card: F2, Delete and Tab act on it at once (after a palette
            # click or drop the keyboard was left in the palette).
            self.window.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.window.view.ensureVisible(self.window.scene.node_items[new_id].sceneBoundingRect(), 40, 40)
        return new_id

    def rename_node(self, node_id: str, name: str) -> None:
        if not self.window.push(commands.RenameCommand(node_id, name)):
            self.window.inspector.refresh()

    def set_value(self, node_id: str, value) -> None:
        self.window.push(commands.SetValueCommand(node_id, value))
        self.window.inspector.refresh()

    def set_param(self, node_id: str, name: str, value) -> None:
        if not self.window.push(commands.SetParamCommand(node_id, name, value)):
            self.window.inspector.refresh()

    def set_requires_grad(self, node_id: str, flag: bool) -> None:
        if not self.window.push(commands.SetRequiresGradCommand([node_id], flag)):
            self.window.inspector.refresh()

    def set_root(self, node_id: str) -> None:
        self.window.push(commands.SetRootCommand(node_id, None))

    def set_root_from_selection(self) -> None:
        if len(self.window._selection) == 1:
            self.set_root(self.window._selection[0])

    def cut(self) -> None:
        self.window.view.copy_selection()
        self.window.view.delete_selection()

    def group_selection(self) -> None:
        if not self.window._selection:
            return
        name, ok = QInputDialog.getText(self.window, "Group", "Group name:", text="group")
        if ok and name.strip():
            self.window.view.group_selection(name.strip())

    def forward_selection_changed(self, ids: list) -> None:
        self.window._selection = list(ids)
        if not self.syncing_selection and hasattr(self.window.backward_view, "select_ids"):
            self.syncing_selection = True
            try:
                self.window.backward_view.select_ids(list(ids))
            finally:
                self.syncing_selection = False
        self.refresh_inspector()
        self.window._update_actions()

    def backward_selection_changed(self, ids: list) -> None:
        if self.syncing_selection:
            return
        self.syncing_selection = True
        try:
            self.window.scene.select_ids(list(ids))
        finally:
            self.syncing_selection = False

    def node_activated(self, node_id: str) -> None:
        self.window.docks["inspector"].show()
        self.window.docks["inspector"].raise_()

    def refresh_inspector(self) -> None:
        ids = [i for i in self.window._selection if i in self.window.document.nodes]
        node_id = ids[0] if len(ids) == 1 else None
        self.window.inspector.show_node(self.window.document, node_id, self.window.last_result, len(ids))
