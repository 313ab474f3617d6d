"""``parse_script``: a PyTorch-like script -> a graph :class:`Document`.

The script is read with :mod:`ast` and walked against a whitelist. Nothing in it is ever run
by Python: numbers are folded by hand (with caps), tensors are built from literals, and ops go
through the engine's op table, exactly as the runner would run them, so a shape error is
reported at the line that causes it, with the engine's own message.

What becomes what:

- ``a = tensor([2., 3.], requires_grad=True)`` -> a leaf (``requires_grad`` written out, either
  way, makes a leaf; a 0-d ``tensor(3.)`` is a leaf too);
- ``X = tensor([[1., 2.]])`` without ``requires_grad`` -> a constant (data: no grad toggle);
  whole numbers only (``tensor([0, 2])``) stay integers, as cross-entropy targets need;
- a Python number (``3`` in ``3*a``, or ``k = 3``) -> a 0-d constant, which the runner passes
  to the engine as a Python scalar (so ``2 - x`` gets ``RsubBackward1`` as in PyTorch);
- every op call or operator -> an op node; assigned names name nodes, anonymous
  intermediates get names after their op (``mul1``, ``pow2``);
- ``Q.backward(gradient=...)`` / ``loss.backward()`` -> the document's root and gradient;
- ``import torch`` lines and ``print(...)`` lines are accepted and ignored.
"""
from __future__ import annotations

import ast
import json
import warnings

import numpy as np

from explorer.model.document import Document, Edge, Group, Node
from explorer.model.language.errors import MAX_NESTING, MAX_SOURCE_CHARS, ScriptError, max_tensor_elements
from explorer.model.language.optable import DEFAULT_MODULE_NAMES, RESERVED
from explorer.model.language.parse_common import _GROUP_COMMENT, _Pending, _char_col, _check_tree
from explorer.model.language.parse_expressions import _Expressions
from explorer.model.language.parse_statements import _Statements
from explorer.model.language.parse_tensors import _Tensors
from explorer.model.layout import layered_layout
from explorer.model.messages import Message

__all__ = ["parse_script", "place_nodes"]


def parse_script(source: str) -> Document:
    """Build a document from a script; raises :class:`ScriptError` (with line and column)."""
    if not isinstance(source, str):
        raise ScriptError(Message("a script must be text"))
    if len(source) > MAX_SOURCE_CHARS:
        raise ScriptError(Message("the script is too long: {source} characters (at most "
                                  "{MAX_SOURCE_CHARS})", source=format(len(source), ","),
                                  MAX_SOURCE_CHARS=format(MAX_SOURCE_CHARS, ",")), 1, 1)
    try:
        with warnings.catch_warnings():
            # "1if x" and the like: Python warns on stderr; the script either parses or gets
            # a ScriptError, nothing for a console
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(source, mode="exec")
    except SyntaxError as exc:
        line = exc.lineno or 1
        col = exc.offset or 1
        msg = exc.msg or Message("invalid syntax")
        if "too many nested" in msg:
            msg = Message("the script is nested too deeply (at most {MAX_NESTING} levels)",
                          MAX_NESTING=MAX_NESTING)
        elif "integer string conversion" in msg:
            # Python refuses decimal literals over 4,300 digits and suggests a sys setting the
            # user cannot reach from a script: say what is wrong in our words instead.
            msg = Message("this number has too many digits (a number in a script is at most 300 digits long)")
        else:
            msg = Message("syntax error: {msg}", msg=msg)
        raise ScriptError(msg, line, max(1, col)) from None
    except ValueError as exc:  # e.g. a null byte in the text
        raise ScriptError(Message("this is not a script: {exc}", exc=exc), 1, 1) from None
    except (RecursionError, MemoryError):
        raise ScriptError(Message("the script is nested too deeply (at most {MAX_NESTING} levels)",
                                  MAX_NESTING=MAX_NESTING),
                          1, 1) from None
    _check_tree(tree, source)
    return _Parser(source).run(tree)



# --------------------------------------------------------------------------------------------
# the walker
# --------------------------------------------------------------------------------------------
class _Parser(_Statements, _Expressions, _Tensors):
    """One script's walk: the statement, expression and tensor parts are mixins, one module each."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.nodes: list[_Pending] = []
        self.vars: dict[str, int] = {}
        self.assigned: set[str] = set()
        self.modules: dict[str, str] = dict(DEFAULT_MODULE_NAMES)
        self.imported: dict[str, str] = {}     # from torch import tensor as T -> {"T": "tensor"}
        self.root: int | None = None
        self.root_gradient: np.ndarray | None = None
        self.rng = np.random.default_rng(0)
        self.max_elements = max_tensor_elements()
        self.total_elements = 0

    # ------------------------------------------------------------------ errors
    def error(self, node: ast.AST | None, message: str) -> ScriptError:
        if node is None or not hasattr(node, "lineno"):
            return ScriptError(message, 1, 1)
        line = node.lineno
        col = _char_col(self.source, line, node.col_offset)
        end_line = getattr(node, "end_lineno", None) or line
        end_off = getattr(node, "end_col_offset", None)
        end_col = _char_col(self.source, end_line, end_off) if end_off is not None else None
        return ScriptError(message, line, col, end_line, end_col)

    def snippet(self, node: ast.AST) -> str:
        text = ast.get_source_segment(self.source, node) or ""
        text = " ".join(text.split())
        return text if len(text) <= 40 else text[:37] + "..."

    # ------------------------------------------------------------------ top level
    def run(self, tree: ast.Module) -> Document:
        for statement in tree.body:
            self.statement(statement)
        return self._finish()

    def _group_comments(self) -> list[tuple[str, list[str], int, int]]:
        """``# group "pretrained backbone": W1, b1, h1`` comment lines: (name, members, line, col).

        Groups are a document's frames around nodes; scripts keep them as comments so that a
        graph survives a trip through the code editor, and PyTorch ignores them."""
        groups = []
        for number, text in enumerate(self.source.splitlines(), start=1):
            stripped = text.lstrip()
            if not stripped.startswith("#"):
                continue
            match = _GROUP_COMMENT.match(stripped)
            if match is None:
                continue
            line, col = number, len(text) - len(stripped) + 1
            try:
                name = json.loads(match.group(1))
            except ValueError:
                raise ScriptError(Message('a group comment needs a quoted name: # group "name": a, b'), line, col) from None
            members = [m.strip() for m in match.group(2).split(",") if m.strip()]
            groups.append((str(name), members, line, col))
        return groups


    # ------------------------------------------------------------------ the document
    def _finish(self) -> Document:
        keep = self._kept()
        names = self._final_names(keep)
        doc = Document()
        ids: dict[int, str] = {}
        for idx, p in enumerate(self.nodes):
            if not keep[idx]:
                continue
            node_id = doc.new_id()
            ids[idx] = node_id
            # A fresh document without listeners, and names already unique and valid: fill the
            # public node table directly (insert_node's name check is linear per node).
            doc.nodes[node_id] = (Node(node_id, p.kind, names[idx], op=p.op, params=dict(p.params),
                                 value=None if p.kind == "op" else p.value, dtype=p.dtype,
                                 requires_grad=p.requires_grad if p.kind == "leaf" else False,
                                 retain_grad=p.retain_grad))
            doc.graph.add_node(node_id)
        for idx, p in enumerate(self.nodes):
            if not keep[idx]:
                continue
            for port, src in enumerate(p.inputs):
                if src is not None:
                    doc.insert_edge(Edge(ids[src], ids[idx], port))
        if self.root is not None:
            doc.set_root(ids[self.root], self.root_gradient)
        self._add_groups(doc, ids)
        place_nodes(doc)
        return doc

    def _kept(self) -> list[bool]:
        """Which pending nodes the document keeps: the root, what feeds a kept node, and named
        values (unless a name only ever held a gradient); the rest were intermediates."""
        n = len(self.nodes)
        consumers = [0] * n
        for p in self.nodes:
            for i in p.inputs:
                if i is not None:
                    consumers[i] += 1
        bound = set(self.vars.values())
        keep = [True] * n
        for idx in range(n - 1, -1, -1):
            p = self.nodes[idx]
            if idx == self.root or consumers[idx]:
                continue
            if idx in bound and not p.gradient_use:
                continue
            keep[idx] = False
            for i in p.inputs:
                if i is not None:
                    consumers[i] -= 1
        return keep

    def _final_names(self, keep: list[bool]) -> dict[int, str]:
        """Each kept node's name: its variable's, else one after its op (``mul1``, ``c2``)."""
        names: dict[int, str] = {}
        for var, idx in self.vars.items():
            if keep[idx] and idx not in names:
                names[idx] = var
        taken = set(names.values()) | self.assigned | set(RESERVED)
        counters: dict[str, int] = {}
        for idx, p in enumerate(self.nodes):
            if not keep[idx] or idx in names:
                continue
            if p.kind == "op":
                base = p.op or "op"
            elif p.kind == "const":
                base = "c"
            else:
                base = p.hint or "t"
            k = counters.get(base, 0) + 1
            while f"{base}{k}" in taken:
                k += 1
            counters[base] = k
            names[idx] = f"{base}{k}"
            taken.add(names[idx])
        return names

    def _add_groups(self, doc: Document, ids: dict[int, str]) -> None:
        """The script's ``# group`` comments as the document's groups."""
        by_name = {doc.nodes[i].name: i for i in ids.values()}
        for name, members, line, col in self._group_comments():
            missing = [m for m in members if m not in by_name]
            if missing:
                raise ScriptError(Message('the group "{name}" lists \'{missing}\', which is not a node of '
                                          "the graph", name=name, missing=missing[0]),
                                  line, col)
            doc.insert_group(Group(doc.new_id("g"), name, tuple(dict.fromkeys(by_name[m] for m in members))))


def place_nodes(doc: Document) -> None:
    """Give every node a position: the shared layered layout."""
    for nid, (x, y) in layered_layout(doc).items():
        if nid in doc.nodes:
            doc.nodes[nid].pos = (float(x), float(y))
