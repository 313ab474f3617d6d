"""The forward canvas's editing gestures as commands: delete, add a card or a typed expression,
inline editors (rename, a leaf's value, a literal on a port), the clipboard, grouping and layout.

:class:`SceneEditsMixin` is part of :class:`~scene.GraphScene` (``self`` is the scene); every
change goes through ``push`` (the undo stack's ``push_command``), never to the document directly.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QMimeData, QPointF, QRectF
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QToolTip

from engine.ops import OPS
from explorer.model import fileformat, layout
from explorer.model.commands import SetPortLiteralCommand
from explorer.model.document import Document, DocumentError, Edge
from explorer.model.insert import parse_insertion
from explorer.model.language import ScriptError, parse_script, to_script
from explorer.model.messages import Message
from explorer.view import theme
from explorer.view.canvas import edits
from explorer.view.canvas.editors import InlineEditor
from explorer.view.canvas.preview import parse_value
from explorer.view.i18n import tr, tr_message
from explorer.view.panels.literals import literal_text

FRAGMENT_MIME = "application/x-autograd-explorer-fragment+json"
W_DOC = 196.0        # a card's width in document units


class SceneEditsMixin:
    """Commands from the canvas (part of GraphScene)."""

    # ------------------------------------------------------------------ commands
    def push(self, command) -> bool:
        return bool(self.undo_stack.push_command(command))

    def refuse(self, message: str, screen_pos=None) -> None:
        self.message.emit(message)
        if screen_pos is not None:
            QToolTip.showText(screen_pos, message)

    def toggle_requires_grad(self, ids: list[str], flag: bool) -> bool:
        return self.push(edits.set_requires_grad(ids, flag))

    def delete_selection(self) -> bool:
        ids = self.with_literals(self.selected_ids())
        edges = [e for e in self.selected_edges() if e.src not in ids and e.dst not in ids]
        cmds = []
        if edges:
            cmds.append(edits.disconnect(edges))
        if ids:
            cmds.append(edits.remove_nodes(ids))
        if not cmds:
            return False
        return self.push(cmds[0] if len(cmds) == 1 else edits.macro(Message("Delete"), cmds))

    def with_literals(self, ids: list[str]) -> list[str]:
        """``ids`` plus the port literals typed on their inputs (they go and come with their op)."""
        out = list(ids)
        for nid in ids:
            item = self.node_items.get(nid)
            if item is not None:
                out += [e.src.node_id for e in item.in_edges.values() if e.src.inline and e.src.node_id not in out]
        return out

    def free_position(self, pos: tuple[float, float], size: tuple[float, float] = (196.0, 90.0),
                      avoid: set[str] = frozenset()) -> tuple[float, float]:
        """``pos`` (document coordinates, a card's top-left), moved down in steps until a card of
        ``size`` there overlaps no other card (with a margin for the port labels)."""
        boxes = []
        for nid, item in self.node_items.items():
            if item.inline or nid in avoid:
                continue
            x, y = self.document.nodes[nid].pos
            boxes.append(QRectF(x - 10, y - 10, W_DOC + 20, item.height / theme.font_scale + 20))
        x, y = pos
        for _ in range(200):
            r = QRectF(x, y, size[0], size[1])
            hit = [b for b in boxes if b.intersects(r)]
            if not hit:
                return (round(x, 1), round(y, 1))
            y = max(b.bottom() for b in hit) + 1
        return (round(x, 1), round(y, 1))

    def add_node(self, kind: str, op: str | None, pos: QPointF,
                 connect: tuple[str, str, int] | None = None) -> str | None:
        """Add a leaf, a constant or an op node with its top-left corner near ``pos``.

        ``connect`` = (side, node id, port) of the port a wire was dragged from: the new node
        is added already wired to it (its first input, or its output), in one undo step."""
        doc = self.document
        p = self.to_doc(pos)
        if connect is None:
            p = self.free_position(p)
        try:
            if kind == "leaf":
                node = edits.new_leaf(doc, p)
            elif kind == "const":
                node = edits.new_const(doc, p)
            else:
                node = edits.new_op(doc, op, p)
        except DocumentError as exc:
            self.refuse(str(exc))
            return None
        wires = []
        if connect is not None:
            side, other, port = connect
            if side == "out" and node.kind == "op" and doc_arity(node) > 0:
                wires.append(Edge(other, node.id, 0))
            elif side == "in":
                wires.append(Edge(node.id, other, port))
        if self.push(edits.add_node(node, wires)):
            self.select_ids([node.id], emit=True)
            return node.id
        return None

    def insert_expression(self, text: str, pos: QPointF) -> list[str]:
        """Insert the sub-graph of an expression typed in the add-node popup (``3*a**3 - b**2``)
        with its top-left near ``pos``, clear of other cards; one undo step. Returns the new
        cards' ids (selected), or [] with the reason in the messages."""
        try:
            ins = parse_insertion(self.document, text)
        except ScriptError as exc:
            self.refuse(tr("cannot insert the expression: {error}").format(error=tr_message(exc.message)))
            return []
        frag = ins.fragment
        cards = [n for n in frag.nodes.values() if n.params.get("inline") is not True]
        x0 = min(n.pos[0] for n in cards)
        y0 = min(n.pos[1] for n in cards)
        w = max(n.pos[0] for n in cards) - x0 + W_DOC
        h = max(n.pos[1] for n in cards) - y0 + 110
        x, y = self.free_position(self.to_doc(pos), (w, h))
        cmd = ins.command((x - x0, y - y0))
        if not self.push(cmd):
            return []
        ids = [cmd.id_map[n.id] for n in cards]
        self.select_ids(ids, emit=True)
        return ids

    # ------------------------------------------------------------------ inline editors
    def begin_rename(self, node_id: str) -> None:
        item = self.node_items[node_id]
        node = self.document.nodes[node_id]
        rect = item.mapRectToScene(item.name_rect().adjusted(30, 3, 0, -3))

        def commit(text: str) -> str | None:
            text = text.strip()
            if text == node.name:
                return None
            try:
                self.document.check_name(text, node_id)
            except DocumentError as exc:
                return str(exc)
            return None if self.push(edits.rename(node_id, text)) else tr("the name was refused")

        self._open_editor(InlineEditor(self, rect, node.name, commit, "rename"))

    def begin_value_edit(self, node_id: str) -> None:
        item = self.node_items[node_id]
        node = self.document.nodes[node_id]
        rect = item.mapRectToScene(item.value_rect())
        rect.setWidth(max(rect.width(), 170))

        def commit(text: str) -> str | None:
            try:
                value = parse_value(text, node.dtype)
            except ValueError as exc:
                return str(exc)
            if node.value is not None and value.shape == node.value.shape and np.array_equal(value, node.value, equal_nan=True):
                return None
            try:
                ok = self.push(edits.set_value(node_id, value))
            except DocumentError as exc:
                return str(exc)
            return None if ok else tr("the value was refused")

        self._open_editor(InlineEditor(self, rect, _value_text(node.value), commit, "value"))

    def begin_literal_edit(self, node_id: str, port: int) -> None:
        """Type a value on input ``port`` (a number or a tensor literal; empty text removes it)."""
        item = self.node_items[node_id]
        pill = next((r for p, r, _t, _k in item.port_pills() if p == port), None)
        if pill is None:
            return
        rect = item.mapRectToScene(pill)
        rect.setLeft(rect.right() - max(rect.width(), 110))
        state, literal = item.port_state(port)
        dtype = literal.dtype if state == "literal" else "float32"
        start = _value_text(literal.value) if state == "literal" else ""

        def commit(text: str) -> str | None:
            text = text.strip()
            if not text:
                if state != "literal":
                    return None
                return None if self.push(SetPortLiteralCommand(node_id, port, None)) else tr("the value was refused")
            try:
                value = parse_value(text, dtype)
            except ValueError as exc:
                return str(exc)
            try:
                ok = self.push(SetPortLiteralCommand(node_id, port, value, dtype))
            except DocumentError as exc:
                return str(exc)
            return None if ok else tr("the value was refused")

        self._open_editor(InlineEditor(self, rect, start, commit, "value"))

    def _open_editor(self, editor) -> None:
        self._close_editor()
        self._editor = editor
        editor.open()

    def _close_editor(self) -> None:
        if self._editor is not None:
            ed, self._editor = self._editor, None
            ed.close()

    def editor_closed(self, editor) -> None:
        if self._editor is editor:
            self._editor = None

    # ------------------------------------------------------------------ clipboard
    def copy_selection(self) -> bool:
        """Copy the selected nodes: a document fragment (JSON, for pasting on a canvas) and,
        when they form a closed graph, a script as plain text (for the code editor)."""
        ids = self.with_literals(self.selected_ids())
        if not ids:
            return False
        frag = edits.fragment(self.document, ids)
        mime = QMimeData()
        raw = fileformat.dumps(frag)
        mime.setData(FRAGMENT_MIME, raw.encode("utf-8"))
        mime.setText(self._fragment_text(frag, raw))
        QGuiApplication.clipboard().setMimeData(mime)
        return True

    @staticmethod
    def _fragment_text(frag: Document, fallback: str) -> str:
        """The copied nodes as a script when every op input is among them; else ``fallback``."""
        for nid, node in frag.nodes.items():
            if node.kind == "op" and len(frag.in_edges(nid)) < frag.arity(nid):
                return fallback
        try:
            return to_script(frag)
        except Exception:  # printing is a convenience: the JSON fragment is always there
            return fallback

    def paste(self, at: QPointF | None = None) -> bool:
        frag = self._fragment_from_clipboard()
        if isinstance(frag, str):
            self.message.emit(frag)
            return False
        if frag is None or not frag.nodes:
            self.message.emit(tr("nothing to paste: copy nodes (Ctrl+C) or a script first"))
            return False
        return self._paste_fragment(frag, at)

    def duplicate_selection(self) -> bool:
        ids = self.with_literals(self.selected_ids())
        if not ids:
            return False
        return self._paste_fragment(edits.fragment(self.document, ids), None)

    def _paste_fragment(self, frag: Document, at: QPointF | None) -> bool:
        xs = [n.pos[0] for n in frag.nodes.values()]
        ys = [n.pos[1] for n in frag.nodes.values()]
        if at is None:
            offset = (30.0, 30.0)
        else:
            x, y = self.to_doc(at)
            offset = (x - min(xs), y - min(ys))
        cmd = edits.paste(frag, offset)
        if self.push(cmd):
            self.select_ids(getattr(cmd, "new_ids", []), emit=True)
            return True
        return False

    def _fragment_from_clipboard(self) -> Document | str | None:
        """A fragment copied from a canvas, else clipboard text read as a script; a message
        (str) when the clipboard holds something that cannot become a graph."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasFormat(FRAGMENT_MIME):
            try:
                return fileformat.loads(bytes(mime.data(FRAGMENT_MIME)))
            except fileformat.FileFormatError as exc:
                return tr("cannot paste: {error}").format(error=tr_message(str(exc)))
        if mime is not None and mime.hasText():
            try:
                return parse_script(mime.text())
            except ScriptError as exc:
                return tr("cannot paste the text as a graph: {error}").format(error=tr_message(str(exc)))
        return None

    # ------------------------------------------------------------------ grouping and layout
    def group_selection(self, name: str = "group") -> bool:
        ids = self.selected_ids()
        if not ids:
            self.message.emit(tr("select the nodes to group first"))
            return False
        return self.push(edits.group(ids, name))

    def layout_graph(self, keep_manual: bool = False) -> bool:
        """Layered left-to-right layout (one undo step); ``keep_manual`` leaves dragged cards."""
        k = theme.font_scale
        # Port literals are drawn inside their op's port: they take (almost) no room.
        sizes = {nid: (1.0, 1.0) if item.inline else (item.card_rect().width() / k, item.height / k)
                 for nid, item in self.node_items.items()}
        cmd = layout.layout_command(self.document, keep_manual=keep_manual, sizes=sizes)
        if cmd is None:
            return False
        return self.push(cmd)


def doc_arity(node) -> int:
    return OPS[node.op].arity if node.kind == "op" else 0


def _value_text(value) -> str:
    """The inline editor's starting text: every digit that reads back to the same value (the
    card's 4 decimals would round the value if the text were committed unchanged)."""
    if value is None:
        return ""
    return literal_text(value)
