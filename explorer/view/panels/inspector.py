"""The inspector dock: everything PyTorch knows about the selected node.

Shows name, op, shape, dtype, ``requires_grad``, ``is_leaf``, ``grad_fn`` and its
``next_functions``, the full value and ``.grad`` as tables, and editors for a leaf's value and
an op's parameters. Edits are not applied here: the panel emits signals and the window turns
them into undoable commands.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QFormLayout, QFrame, QGroupBox, QLabel,
                               QLineEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from engine.ops import OPS, REQUIRED
from explorer.model.messages import Message
from explorer.model.numbers import format_array
from explorer.view import theme
from explorer.view.i18n import tr, tr_message
from explorer.view.panels.literals import LiteralError, parse_array, parse_literal
from explorer.view.panels.tensor_table import TensorTable
from explorer.view.unfinished import is_unfinished

_KIND_TEXT = {"leaf": "leaf tensor", "const": "constant", "op": "operation"}


def format_next_functions(next_functions: Any) -> str:
    """``((AccumulateGrad, 0), (None, 0))``, as PyTorch prints it (names instead of objects).

    Every op has one output, so each entry's input_nr is 0."""
    if not next_functions:
        return "()"
    parts = []
    for entry in next_functions:
        fn, index = entry if isinstance(entry, (tuple, list)) and len(entry) == 2 else (entry, 0)
        if fn is not None and not isinstance(fn, str):
            fn = fn.name() if callable(getattr(fn, "name", None)) else str(fn)
        parts.append(f"({fn}, {index})")
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


class InspectorPanel(QWidget):
    """Shows the selected node; emits edit requests for the window to turn into commands."""

    rename_requested = Signal(str, str)             # node id, new name
    value_requested = Signal(str, object)           # node id, np.ndarray
    param_requested = Signal(str, str, object)      # node id, param name, value
    requires_grad_requested = Signal(str, bool)     # node id, flag
    root_requested = Signal(str)                    # node id
    message = Signal(str, str)                      # level, text

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.node_id: str | None = None
        self._doc = None
        self._result = None
        self._param_widgets: dict[str, QWidget] = {}

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Long texts wrap instead of pushing the panel sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.title = QLabel("Nothing selected", body)
        self.title.setObjectName("inspectorTitle")
        tfont = self.title.font()
        tfont.setPointSizeF(tfont.pointSizeF() * 1.25)
        tfont.setBold(True)
        self.title.setFont(tfont)
        self.subtitle = QLabel("Select a node on the canvas to see its value, grad and grad_fn.", body)
        self.subtitle.setWordWrap(True)
        self.subtitle.setObjectName("inspectorSubtitle")

        self.name_edit = QLineEdit(body)
        self.name_edit.setToolTip("Rename (Enter applies; names are Python identifiers)")
        self.name_edit.editingFinished.connect(self._rename)
        self.op_label = QLabel(body)
        self.shape_label = QLabel(body)
        self.dtype_label = QLabel(body)
        self.requires_grad_box = QCheckBox("requires_grad", body)
        self.requires_grad_box.clicked.connect(self._toggle_requires_grad)
        self.is_leaf_label = QLabel(body)
        self.grad_fn_label = QLabel(body)
        self.next_label = QLabel(body)
        self.next_label.setWordWrap(True)
        self.root_button = QPushButton("Use as backward root", body)
        self.root_button.setToolTip("Backward starts here (like calling .backward() on this tensor)")
        self.root_button.clicked.connect(lambda: self.node_id and self.root_requested.emit(self.node_id))
        for label in (self.op_label, self.shape_label, self.dtype_label, self.is_leaf_label,
                      self.grad_fn_label, self.next_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)

        self.form_box = QWidget(body)
        form = QFormLayout(self.form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("name", self.name_edit)
        form.addRow("op", self.op_label)
        form.addRow("shape", self.shape_label)
        form.addRow("dtype", self.dtype_label)
        form.addRow("", self.requires_grad_box)
        form.addRow("is_leaf", self.is_leaf_label)
        form.addRow("grad_fn", self.grad_fn_label)
        form.addRow("next_functions", self.next_label)
        form.addRow("", self.root_button)

        self.params_box = QGroupBox("parameters", body)
        self.params_form = QFormLayout(self.params_box)

        self.value_caption = QLabel("value", body)
        self.value_caption.setObjectName("sectionCaption")
        self.value_literal = QLineEdit(body)
        self.value_literal.setPlaceholderText("new value, e.g. [2., 3.], Enter")
        self.value_literal.setToolTip("Type a number or a nested list and press Enter (the shape may change)")
        self.value_literal.returnPressed.connect(self._apply_literal)
        self.value_table = TensorTable(body)
        self.value_table.value_edited.connect(self._table_edited)
        self.grad_caption = QLabel(".grad", body)
        self.grad_caption.setObjectName("sectionCaption")
        self.grad_table = TensorTable(body)
        self.grad_none = QLabel("None", body)
        self.grad_none.setObjectName("gradNone")
        self.grad_none.setWordWrap(True)
        self.error_label = QLabel(body)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {theme.ERROR_COLOR};")
        self.error_label.hide()

        # The document at a glance, shown while no single node is selected.
        self.summary_box = QWidget(body)
        self.summary_box.setObjectName("documentSummary")
        summary = QFormLayout(self.summary_box)
        summary.setContentsMargins(0, 0, 0, 0)
        summary.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.summary_labels: dict[str, QLabel] = {}
        for key, caption in (("nodes", "nodes"), ("edges", "edges"), ("root", "root"),
                             ("gradient", "gradient"), ("trainable", "requires_grad"),
                             ("frozen", "frozen"), ("grads", ".grad")):
            label = QLabel(self.summary_box)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            summary.addRow(caption, label)
            self.summary_labels[key] = label

        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.error_label)
        layout.addWidget(self.summary_box)
        layout.addWidget(self.form_box)
        layout.addWidget(self.params_box)
        layout.addWidget(self.value_caption)
        layout.addWidget(self.value_literal)
        layout.addWidget(self.value_table)
        layout.addWidget(self.grad_caption)
        layout.addWidget(self.grad_none)
        layout.addWidget(self.grad_table)
        layout.addStretch(1)
        self._show_nothing()

    # ------------------------------------------------------------------ public
    def show_node(self, doc, node_id: str | None, result=None, selected_count: int = 1) -> None:
        """Display ``node_id`` of ``doc`` with its NodeResult from the last run (or None)."""
        self._doc, self._result = doc, result
        if node_id is None or doc is None or node_id not in doc.nodes:
            self.node_id = None
            self._show_nothing(selected_count)
            return
        self.node_id = node_id
        node = doc.nodes[node_id]
        res = getattr(result, "results", {}).get(node_id) if result is not None else None
        for w in (self.form_box, self.value_caption, self.value_table, self.grad_caption):
            w.show()
        self.summary_box.hide()
        value = res.value if res is not None and res.value is not None else node.value
        self._show_identity(node, is_root=doc.root == node_id, value=value)
        self._show_autograd_flags(node, res)
        self._show_error(res)
        self._build_params(node)
        self._show_value(node, res, value)
        self._show_grad(node, res)

    def _show_identity(self, node, is_root: bool, value) -> None:
        """Title, kind, name, op, shape and dtype; the root button unless it is the root."""
        self.title.setText(node.name)
        kind = tr(_KIND_TEXT.get(node.kind, node.kind))
        self.subtitle.setText(kind + (tr("  ·  backward root") if is_root else ""))
        if not self.name_edit.hasFocus():
            self.name_edit.setText(node.name)
        self.op_label.setText(self._op_text(node))
        shape = None if value is None else tuple(np.shape(value))
        self.shape_label.setText("—" if shape is None else f"torch.Size({list(shape)})")
        self.dtype_label.setText(f"torch.{node.dtype}")
        self.root_button.setVisible(not is_root)

    def _show_autograd_flags(self, node, res) -> None:
        """requires_grad (a switch on leaves), is_leaf, grad_fn and its next_functions."""
        requires_grad = res.requires_grad if res is not None else (node.requires_grad if node.kind == "leaf" else None)
        self.requires_grad_box.setChecked(bool(requires_grad))
        self.requires_grad_box.setEnabled(node.kind == "leaf")
        self.requires_grad_box.setToolTip(
            tr("Click to freeze/unfreeze this leaf") if node.kind == "leaf"
            else tr("Follows from the inputs (True if any input requires grad)"))
        is_leaf = res.is_leaf if res is not None else node.kind != "op"
        self.is_leaf_label.setText(str(bool(is_leaf)))
        grad_fn = res.grad_fn if res is not None else None
        self.grad_fn_label.setText(f"<{grad_fn}>" if grad_fn else "None")
        self.next_label.setText(format_next_functions(res.next_functions) if res is not None and grad_fn else "—")
        if res is not None and not res.computed:
            # PyTorch never made a tensor for it: no flags to report
            for label in (self.is_leaf_label, self.grad_fn_label, self.next_label):
                label.setText(tr("not computed"))

    def _show_error(self, res) -> None:
        """The node's error: red, or a grey hint while the graph is still being wired."""
        error = getattr(res, "error", None) if res is not None else None
        self.error_label.setVisible(bool(error))
        if error and is_unfinished(error):
            # Work in progress, not a failure: a grey hint, no red cross.
            self.error_label.setStyleSheet("color: palette(mid); font-style: italic;")
            self.error_label.setText(tr("Unfinished: {error}. Wire the input, or click its grey label on the "
                                        "card to type a value.").format(error=tr_message(str(error))))
        else:
            self.error_label.setStyleSheet(f"color: {theme.ERROR_COLOR};")
            self.error_label.setText(f"✖  {tr_message(str(error))}" if error else "")

    def _show_value(self, node, res, value) -> None:
        """The value table (editable on leaves and constants, with a literal field)."""
        editable = node.kind in ("leaf", "const")
        self.value_literal.setVisible(editable)
        if editable and not self.value_literal.hasFocus():
            self.value_literal.setText("")
        computed = res is None or getattr(res, "computed", True)
        if value is None or (node.kind == "op" and not computed):
            self.value_caption.setText(tr("value — not computed (run Forward)"))
            self.value_table.show_array(None)
            self.value_table.hide()
        else:
            self.value_caption.setText(tr("value") if editable else tr("value (computed)"))
            self.value_table.show()
            self.value_table.show_array(value, editable=editable)

    def _show_grad(self, node, res) -> None:
        """The .grad table as a heat map, or why .grad is None."""
        grad = res.grad if res is not None else None
        if grad is None:
            self.grad_table.show_array(None)
            self.grad_table.hide()
            self.grad_none.show()
            self.grad_none.setText(self._grad_none_reason(node, res))
        else:
            self.grad_none.hide()
            self.grad_table.show()
            self.grad_table.show_array(grad, heat=True)

    def refresh(self) -> None:
        self.show_node(self._doc, self.node_id, self._result)

    # ------------------------------------------------------------------ helpers
    def _show_nothing(self, selected_count: int = 0) -> None:
        self.title.setText(tr("{count} nodes selected").format(count=selected_count) if selected_count > 1
                           else tr("Nothing selected"))
        self.subtitle.setText(tr("Select one node to inspect it.") if selected_count > 1 else
                              tr("Select a node on the canvas to see its value, .grad and grad_fn."))
        for w in (self.form_box, self.params_box, self.value_caption, self.value_literal,
                  self.value_table, self.grad_caption, self.grad_table, self.grad_none, self.error_label):
            w.hide()
        self._show_summary()

    def summary(self) -> dict[str, str]:
        """The document summary's texts by key (what the user reads; tests use it)."""
        return {key: label.text() for key, label in self.summary_labels.items()}

    def _show_summary(self) -> None:
        """Counts, the root with its value and the gradient backward starts from, which leaves
        train and which are frozen, and the leaves' .grad after a backward."""
        doc = self._doc
        if doc is None:  # no document shown yet
            self.summary_box.hide()
            return
        results = getattr(self._result, "results", {}) if self._result is not None else {}
        self._summary_counts(doc)
        self._summary_root(doc, results)
        self._summary_leaves(doc, results)
        self.summary_box.show()

    def _summary_counts(self, doc) -> None:
        kinds = [n.kind for n in doc.nodes.values()]
        words = {"leaf": tr("leaves"), "const": tr("constants"), "op": tr("ops")}
        parts = [f"{kinds.count(k)} {words[k]}" for k in ("leaf", "const", "op") if kinds.count(k)]
        self.summary_labels["nodes"].setText(f"{len(kinds)}" + (f"  ({', '.join(parts)})" if parts else ""))
        self.summary_labels["edges"].setText(str(doc.graph.number_of_edges()))

    def _summary_root(self, doc, results: dict) -> None:
        """The root (shape, and its value when it is one number) and the gradient backward
        starts from: external, implicit 1, or missing for a non-scalar root."""

        text = self.summary_labels
        root = doc.nodes.get(doc.root) if doc.root is not None else None
        if root is None:
            text["root"].setText(tr("none — select a node and use it as the backward root"))
            text["gradient"].setText("—")
            return
        res = results.get(root.id)
        value = res.value if res is not None and res.value is not None else (root.value if root.kind != "op" else None)
        shape = None if value is None else tuple(np.shape(value))
        root_text = root.name + ("" if shape is None else f"  torch.Size({list(shape)})")
        if value is not None and np.size(value) == 1:
            root_text += f"  = {format_array(value)}"
        text["root"].setText(root_text)
        if doc.root_gradient is not None:
            text["gradient"].setText(_literal(doc.root_gradient) + "  " + tr("(external: backward(gradient=…))"))
        elif shape is not None and int(np.prod(shape)) != 1:
            text["gradient"].setText(tr("missing: the root is not a scalar, backward needs one"))
        else:
            text["gradient"].setText("1  " + tr("(implicit: scalar root)"))

    def _summary_leaves(self, doc, results: dict) -> None:
        """Which leaves train, which are frozen, and the leaves' .grad (the first six)."""
        text = self.summary_labels
        leaves = [n for n in doc.nodes.values() if n.kind == "leaf"]
        text["trainable"].setText(_names([n.name for n in leaves if n.requires_grad]) or tr("no leaf requires grad"))
        text["frozen"].setText(_names([n.name for n in leaves if not n.requires_grad]) or "—")
        grads = [(n.name, results[n.id].grad) for n in leaves
                 if n.id in results and getattr(results[n.id], "grad", None) is not None]
        if grads:
            shown = "; ".join(f"{name}.grad = {_literal(g)}" for name, g in grads[:6])
            text["grads"].setText(shown + (f"; … (+{len(grads) - 6})" if len(grads) > 6 else ""))
        else:
            text["grads"].setText("None  " + tr("(run Backward)"))

    @staticmethod
    def _op_text(node) -> str:
        if node.kind != "op":
            return "—"
        try:
            op = OPS[node.op]
            return f"{node.op}  ({op.label})  — {tr(op.doc, 'ops')}" if op.doc else node.op
        except Exception:
            return str(node.op)

    @staticmethod
    def _grad_none_reason(node, res) -> str:
        if res is None:
            return "None  " + tr("(run Backward)")
        if not res.computed:
            return tr("not computed")
        if node.kind == "leaf" and not res.requires_grad:
            return "None  " + tr("(requires_grad=False: frozen, outside the backward graph)")
        if node.kind != "leaf" and not getattr(res, "is_leaf", False) and not node.retain_grad:
            return "None  " + tr("(non-leaf tensor: .grad is not kept unless retain_grad())")
        return "None"

    def _build_params(self, node) -> None:
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self._param_widgets.clear()
        if node.kind != "op":
            self.params_box.hide()
            return
        try:
            params = OPS[node.op].params
        except Exception:
            params = ()
        if not params:
            self.params_box.hide()
            return
        self.params_box.show()
        for p in params:
            current = node.params.get(p.name, p.default)
            widget = self._param_editor(node.id, p, current)
            widget.setToolTip(p.doc or p.name)
            self.params_form.addRow(p.name, widget)
            self._param_widgets[p.name] = widget

    def _param_editor(self, node_id: str, p, current) -> QWidget:
        emit = self.param_requested.emit
        if p.kind == "bool":
            box = QCheckBox(self)
            box.setChecked(bool(current) if not _is_required(current) else False)
            box.clicked.connect(lambda checked, n=p.name: emit(node_id, n, bool(checked)))
            return box
        if p.kind == "int":
            spin = QSpinBox(self)
            spin.setRange(-1_000_000, 1_000_000)
            spin.setValue(int(current) if isinstance(current, (int, float)) and not _is_required(current) else 0)
            spin.editingFinished.connect(lambda s=spin, n=p.name: emit(node_id, n, int(s.value())))
            return spin
        if p.kind == "float":
            spin = QDoubleSpinBox(self)
            spin.setDecimals(6)
            spin.setRange(-1e12, 1e12)
            spin.setValue(float(current) if isinstance(current, (int, float)) and not _is_required(current) else 0.0)
            spin.editingFinished.connect(lambda s=spin, n=p.name: emit(node_id, n, float(s.value())))
            return spin
        edit = QLineEdit(self)
        edit.setText("" if _is_required(current) else ("None" if current is None else str(current)))
        edit.setPlaceholderText({"dim": "an int, or None", "shape": "e.g. (2, 3)", "dims": "e.g. (0, 1)"}.get(p.kind, ""))
        edit.editingFinished.connect(lambda e=edit, pp=p: self._param_text(node_id, pp, e.text()))
        return edit

    def _param_text(self, node_id: str, p, text: str) -> None:
        try:
            value = parse_literal(text, allow_none=(p.kind == "dim"))
            if p.kind == "dim":
                if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                    raise LiteralError(Message("enter a whole number or None"))
            elif p.kind in ("shape", "dims"):
                value = tuple(value) if isinstance(value, list) else (value,)
                if not all(isinstance(v, int) for v in value):
                    raise LiteralError(Message("enter whole numbers, e.g. (2, 3)"))
                if p.kind == "dims" and len(value) != 2:
                    raise LiteralError(Message("enter two dimensions, e.g. (0, 1)"))
        except LiteralError as exc:
            self.message.emit("warning", f"{p.name}: {tr_message(str(exc))}")
            return
        if self._doc is not None and node_id in self._doc.nodes:
            if self._doc.nodes[node_id].params.get(p.name, p.default) == value:
                return
        self.param_requested.emit(node_id, p.name, value)

    def _rename(self) -> None:
        if self.node_id is None or self._doc is None or self.node_id not in self._doc.nodes:
            return
        name = self.name_edit.text().strip()
        if name and name != self._doc.nodes[self.node_id].name:
            self.rename_requested.emit(self.node_id, name)

    def _toggle_requires_grad(self, checked: bool) -> None:
        if self.node_id is not None:
            self.requires_grad_requested.emit(self.node_id, bool(checked))

    def _table_edited(self, array) -> None:
        if self.node_id is not None:
            self.value_requested.emit(self.node_id, array)

    def _apply_literal(self) -> None:
        if self.node_id is None or self._doc is None:
            return
        node = self._doc.nodes.get(self.node_id)
        if node is None:
            return
        try:
            array = parse_array(self.value_literal.text(), node.dtype)
        except LiteralError as exc:
            self.message.emit("warning", tr("value of '{name}': {error}").format(name=node.name, error=tr_message(str(exc))))
            return
        self.value_literal.clear()
        self.value_requested.emit(self.node_id, array)


def _names(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", … (+{len(names) - limit})" if len(names) > limit else "")


def _literal(array, limit: int = 8) -> str:
    """``[36., 81.]`` for short tensors, a summary with the shape for long ones."""
    return format_array(array, max_items=limit)


def _is_required(value) -> bool:
    return value is REQUIRED
