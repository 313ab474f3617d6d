"""Typing an expression into the add-node popup: ``3*a**3 - b**2`` -> a sub-graph to insert.

Names that already name nodes of the document (``a``) are wired to those nodes; other free
names become new leaf tensors (``requires_grad=True``, value 1, to be edited on the card);
Python numbers become port literals (drawn inside their op's port, printed back as ``a ** 3``).
The text goes through the expression language's parser (``ast`` against a whitelist), never
through Python's eval.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

import numpy as np

from explorer.model.commands import INLINE, InsertFragmentCommand
from explorer.model.document import Document, is_valid_name
from explorer.model.language import ScriptError, array_text, parse_script
from explorer.model.language.optable import RESERVED, is_auto_name, ops
from explorer.model.layout import layered_layout
from explorer.model.messages import Message


@dataclass
class Insertion:
    """A parsed expression: the new nodes, the wires from existing nodes into them
    (fragment node id -> [(existing node id, port)]) and the node that becomes the root
    when the document has none."""

    fragment: Document
    links: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    root: str | None = None

    def command(self, offset: tuple[float, float]) -> InsertFragmentCommand:
        return InsertFragmentCommand(self.fragment, offset, self.links, self.root)


def looks_like_expression(text: str) -> bool:
    """True for text the popup should insert as a sub-graph rather than search the op list
    with: it contains an operator, a call, an assignment or a number (``a*b``, ``exp(x)``,
    ``Q = ...``, ``a - 1``). A hyphen between words (``cross-entropy``) is a search, not
    ``cross - entropy``."""
    if any(ch in text for ch in "+*/@=()") or re.search(r"\d", text):
        return True
    return re.search(r"\s-|-\s", text) is not None


def _free_names(tree: ast.Module) -> list[str]:
    """Names read before being assigned, in order of first use (function names excluded)."""
    assigned: set[str] = set()
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    out: list[str] = []
    for stmt in tree.body:
        names = [n for n in ast.walk(stmt.value if isinstance(stmt, ast.Assign) else stmt)
                 if isinstance(n, ast.Name)]
        for node in sorted(names, key=lambda n: (n.lineno, n.col_offset)):  # reading order
            if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and id(node) not in called
                    and node.id not in assigned and node.id not in out and node.id not in RESERVED
                    and node.id not in ops()):
                out.append(node.id)
        if isinstance(stmt, ast.Assign):
            assigned |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
    return out


def parse_insertion(doc: Document, text: str) -> Insertion:
    """Parse ``text`` (one or more lines) against ``doc``'s names. Raises ScriptError."""
    text, tree = _named_result(doc, *_read(text))
    existing, preamble = _stand_ins(doc, tree)
    frag = parse_script("\n".join([*preamble, text]))
    links = _unlink_stand_ins(frag, existing)
    for node in frag.nodes.values():
        # A number typed in the expression is a value on its op's port, not a card.
        if (node.kind == "const" and np.ndim(node.value) == 0 and len(frag.out_edges(node.id)) == 1
                and is_auto_name(node.name, "const", None)):
            node.params = {INLINE: True}
    if not frag.nodes:
        raise ScriptError(Message("nothing to insert"), 1, 0)
    _lay_out_cards(frag)
    assigned = [t.id for s in tree.body if isinstance(s, ast.Assign) for t in s.targets if isinstance(t, ast.Name)]
    root_node = frag.node_by_name(assigned[-1]) if assigned else None
    frag.root, frag.root_gradient = None, None
    return Insertion(frag, links, root_node.id if root_node is not None and root_node.kind == "op" else None)


def _read(text: str) -> tuple[str, ast.Module]:
    """The stripped text and its syntax tree (ScriptError if too long, unreadable or empty)."""
    text = text.strip()
    if len(text) > 4000:
        raise ScriptError(Message("this expression is too long for the add-node field: use the Code panel"), 1, 1)
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise ScriptError(Message("cannot read this expression: {msg}", msg=exc.msg), exc.lineno or 1, exc.offset or 0) from None
    if not tree.body:
        raise ScriptError(Message("type an expression such as 3*a**3 - b**2"), 1, 0)
    return text, tree


def _named_result(doc: Document, text: str, tree: ast.Module) -> tuple[str, ast.Module]:
    """A bare last expression names its result after nothing: assign it to a fresh name."""
    last = tree.body[-1]
    if not isinstance(last, ast.Expr):
        return text, tree
    lines = text.splitlines()
    name = doc.unique_name("out")
    first, end = last.lineno - 1, (last.end_lineno or last.lineno)
    lines[first:end] = [f"{name} = " + " ".join(lines[first:end]).strip()]
    text = "\n".join(lines)
    return text, ast.parse(text)


def _stand_ins(doc: Document, tree: ast.Module) -> tuple[dict[str, str], list[str]]:
    """Lines defining every free name as a leaf: a stand-in carrying the value of the node the
    name already names (ops: a scalar; shapes are checked on the next run), else a new leaf of
    value 1. Returns those existing nodes by name, and the lines."""
    existing, preamble = {}, []
    for name in _free_names(tree):
        if not is_valid_name(name):
            continue
        node = doc.node_by_name(name)
        if node is not None:
            existing[name] = node.id
            value = node.value if node.kind != "op" and node.value is not None else np.float32(1.0)
            preamble.append(f"{name} = tensor({array_text(np.asarray(value))}, requires_grad=True)")
        else:
            preamble.append(f"{name} = tensor(1., requires_grad=True)")
    return existing, preamble


def _unlink_stand_ins(frag: Document, existing: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """Take the stand-ins of existing nodes out of the fragment; their wires become links to
    the existing nodes (fragment node id -> [(existing node id, port)])."""
    links: dict[str, list[tuple[str, int]]] = {}
    for name, target in existing.items():
        stand_in = frag.node_by_name(name)
        if stand_in is None:
            continue
        for edge in frag.out_edges(stand_in.id):
            links.setdefault(edge.dst, []).append((target, edge.port))
        frag.graph.remove_node(stand_in.id)
        del frag.nodes[stand_in.id]
    return links


def _lay_out_cards(frag: Document) -> None:
    """Lay the fragment out left to right without its port literals (they take no room), with
    space on each card's left for its port labels."""
    cards = frag.copy()
    for nid in [n.id for n in frag.nodes.values() if n.params.get(INLINE) is True]:
        cards.graph.remove_node(nid)
        del cards.nodes[nid]
    if not cards.nodes:
        return
    for nid, (x, y) in layered_layout(cards, x_gap=140.0).items():
        frag.nodes[nid].pos = (float(x), float(y))
