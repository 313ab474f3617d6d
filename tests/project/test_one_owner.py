"""One owner per rule, checked on the source (``ast``): graph order and requires_grad
propagation are answered by the document's adjacency (``explorer/model/adjacency.py``), and
nobody reads networkx's private dicts.

A second implementation "for speed" is how the rules drifted apart before (eight topological
orders, four requires_grad propagations): a new one fails here and names where it is.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OWNER = "explorer/model/adjacency.py"
NX_PRIVATE = {"_pred", "_succ", "_adj", "_node"}
NX_ORDERS = {"topological_sort", "lexicographical_topological_sort", "topological_generations",
             "all_topological_sorts", "ancestors", "descendants"}


def _files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def _trees(*folders: str):
    for folder in folders:
        for path in _files(folder):
            rel = path.relative_to(ROOT).as_posix()
            yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel)


def networkx_private_reads(tree: ast.AST) -> list[int]:
    """Lines reading ``x._pred`` and the like on anything but ``self``."""
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in NX_PRIVATE
            and not (isinstance(n.value, ast.Name) and n.value.id == "self")]


def order_walks(tree: ast.AST) -> list[int]:
    """Lines that order or walk the graph themselves: Kahn's in-degree counting (a name with
    ``indeg``/``in_degree``) or networkx's order and reach functions."""
    lines = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and ("indeg" in n.id.lower() or "in_degree" in n.id.lower()):
            lines.append(n.lineno)
        elif isinstance(n, ast.Attribute) and n.attr in NX_ORDERS and isinstance(n.value, ast.Name) \
                and n.value.id == "nx":
            lines.append(n.lineno)
    return sorted(set(lines))


def requires_grad_propagations(tree: ast.AST) -> list[int]:
    """Lines computing a node's requires_grad as ``any(<flags>[p] ...)`` / ``any(<flags>.get(p) ...)``
    over its inputs, where the flags' name says requires_grad (``rg``, ``requires...``)."""
    def flags_name(node: ast.AST) -> str | None:
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            return node.value.id
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                and isinstance(node.func.value, ast.Name):
            return node.func.value.id
        return None

    lines = []
    for n in ast.walk(tree):
        if (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "any" and n.args
                and isinstance(n.args[0], ast.GeneratorExp)):
            name = flags_name(n.args[0].elt) or ""
            if name == "rg" or name.startswith("requires") or name.endswith("_rg"):
                lines.append(n.lineno)
    return sorted(lines)


@pytest.mark.parametrize("check", [networkx_private_reads, order_walks, requires_grad_propagations],
                         ids=lambda f: f.__name__)
def test_one_owner(check):
    found = [f"{rel}:{line}" for rel, tree in _trees("explorer", "tools") if rel != OWNER for line in check(tree)]
    assert not found, f"{check.__name__} outside {OWNER}: {found}"


def test_networkx_privates_stay_out_of_the_engine_too():
    found = [f"{rel}:{line}" for rel, tree in _trees("engine") for line in networkx_private_reads(tree)]
    assert not found


def test_the_checks_catch_the_old_code():
    # The walks this test replaced (scene.py's order, layout.py's layers, printer's propagation).
    old = ast.parse(
        "def _topological_order(graph):\n"
        "    pred, succ = graph._pred, graph._succ\n"
        "    indeg = {nid: len(p) for nid, p in pred.items()}\n"
        "    return list(nx.topological_sort(graph))\n"
        "def _static(self, doc):\n"
        "    requires = {}\n"
        "    for nid in doc.topological_order():\n"
        "        requires[nid] = any(requires.get(e.src, False) for e in doc.in_edges(nid))\n"
        "    rg = {}\n"
        "    rg['x'] = any(rg.get(p, False) for p in pred['x'])\n")
    assert networkx_private_reads(old) == [2, 2]
    assert order_walks(old) == [3, 4]
    assert requires_grad_propagations(old) == [8, 10]
