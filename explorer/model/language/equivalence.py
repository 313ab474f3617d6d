"""When two documents describe the same computation (what a script round trip keeps).

Positions and ids do not count, nor the names of intermediates a script writes inline
(``mul1`` may come back as ``mul2``); everything else does: kinds, ops, parameters (defaults
filled in), values and dtypes, ``requires_grad``/``retain_grad``, named nodes' names, the
wiring into every input port, the root and its gradient. A 0-d constant stands for a Python
number, so only its value counts.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

import numpy as np

from explorer.model.document import Document, Node, canonical_params
from explorer.model.language.optable import is_auto_name, ops, required_sentinel
from explorer.model.language.printer import number_text

__all__ = ["equivalent", "difference"]


def equivalent(a: Document, b: Document) -> bool:
    return difference(a, b) is None


def difference(a: Document, b: Document) -> str | None:
    """None when equivalent, else a short description of one difference (for test output)."""
    keys_a, root_a = _signatures(a)
    keys_b, root_b = _signatures(b)
    count_a, count_b = Counter(keys_a.values()), Counter(keys_b.values())
    if count_a != count_b:
        only_a = list((count_a - count_b).elements())[:2]
        only_b = list((count_b - count_a).elements())[:2]
        return f"nodes differ: only in the first {only_a}, only in the second {only_b}"
    groups_a, groups_b = _groups(a, keys_a), _groups(b, keys_b)
    if groups_a != groups_b:
        return f"groups differ: {sorted(groups_a)} vs {sorted(groups_b)}"
    if root_a != root_b:
        return f"roots differ: {root_a} vs {root_b}"
    ga, gb = a.root_gradient, b.root_gradient
    if (ga is None) != (gb is None):
        return "one document has a root gradient, the other does not"
    if ga is not None and not _arrays_same(np.asarray(ga), np.asarray(gb)):
        return f"root gradients differ: {ga!r} vs {gb!r}"
    return None


def _groups(doc: Document, keys: dict[str, Any]) -> Counter:
    return Counter((g.name, tuple(sorted(repr(keys[m]) for m in g.members if m in keys)))
                   for g in doc.groups.values())


def _arrays_same(x: np.ndarray, y: np.ndarray) -> bool:
    return x.shape == y.shape and x.dtype == y.dtype and bool(np.array_equal(x, y, equal_nan=True))


def _signatures(doc: Document) -> tuple[dict[str, Any], Any]:
    """A structural key per node, built from its inputs' keys (each input by a digest of its
    own key, so keys do not depend on the order nodes were added in)."""
    digest: dict[str, str] = {}
    keys: dict[str, Any] = {}
    for nid in doc.topological_order():
        node = doc.nodes[nid]
        if node.kind == "op":
            inputs = tuple(None if src is None else digest[src] for src in doc.inputs(nid))
            key = _op_key(doc, node, inputs)
        else:
            key = _value_key(doc, node)
        keys[nid] = key
        digest[nid] = hashlib.sha1(repr(key).encode()).hexdigest()
    root = None if doc.root is None else keys.get(doc.root)
    return keys, root


def _op_key(doc: Document, node: Node, inputs: tuple[str | None, ...]) -> tuple:
    """An op by what it computes (parameters with defaults filled in) from which inputs; its
    name counts unless the script writes it inline under a made-up name."""
    consumers = len(doc.out_edges(node.id))
    is_root = node.id == doc.root
    written_inline = (consumers == 1 and not is_root) or (consumers == 0 and is_root)
    anonymous = is_auto_name(node.name, "op", node.op) and written_inline and not node.retain_grad
    return ("op", node.op, canonical_params(_full_params(node)), inputs, bool(node.retain_grad),
            None if anonymous else node.name)


def _full_params(node: Node) -> dict[str, Any]:
    """The node's parameters, with the op table's defaults for those it leaves out."""
    params = {}
    op = ops().get(node.op)
    if op is not None:
        required = required_sentinel()
        for p in op.params:
            if p.name in node.params:
                params[p.name] = node.params[p.name]
            elif p.default is not required:
                params[p.name] = p.default
    params.update({k: v for k, v in node.params.items() if k not in params})
    return params


def _value_key(doc: Document, node: Node) -> tuple:
    """A leaf or constant by its value; a 0-d float constant stands for a Python number, so
    what counts is the number the script writes. The name counts except for an unnamed
    constant used once (written in place)."""
    value = np.asarray(node.value)
    in_place = is_auto_name(node.name, "const", None) and len(doc.out_edges(node.id)) == 1
    if node.kind == "const" and value.ndim == 0 and value.dtype.kind == "f":
        return ("number", number_text(value[()]), None if in_place else node.name)
    named = node.name if node.kind == "leaf" or not in_place else None
    return (node.kind, value.dtype.str, value.shape, value.tobytes(),
            bool(node.requires_grad) if node.kind == "leaf" else False, named)
