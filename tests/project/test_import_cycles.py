"""No two project files import each other, directly or round a loop (``tools/import_graph.py``
reads every import statically, lazy ones inside functions included).

The engine still has one: ``tensor`` ↔ ``ops`` ↔ ``autograd`` and the modules around them
import each other (mostly inside functions). It is recorded below and may only shrink: a new
file drawn into it, or any cycle elsewhere, fails.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools.import_graph import cycles, import_edges  # noqa: E402

#: The engine's known cycle (issue #18: to be untangled; never to grow).
ENGINE_CYCLE = frozenset({
    "engine._gradcheck", "engine.autograd", "engine.autograd_functional", "engine.backward_fast",
    "engine.backward_reference", "engine.forward_ad", "engine.function", "engine.higher_order",
    "engine.joins", "engine.op_table", "engine.tensor",
    "engine.nn_ops",  # conv/pool/batch_norm, merged into main beside this branch: in the same loop
    # op_table.py split into three files (issue #14: samples and long rules out of the table):
    # the same loop, not a new one
    "engine.op_rules", "engine.op_rules_shape",
    # in-place on views (CopySlices) lives beside tensor/ops, which call it and which it calls
    "engine.view_inplace",
    # autograd.py split into readable pieces (issue #14): the graph's nodes and what the
    # backward engines share; the same loop, not a new one (grad_mode.py stays outside it)
    "engine.graph", "engine.backward_support",
    # torch.autograd.graph (Node hooks, multi-grad hooks) beside the backward engines that fire
    # them: the same loop, not a new one
    "engine.autograd_graph",
    # ops.py split into dispatch (the reference path) and its method modules (issue #18), and
    # tensor.py's version counters moved out. engine.ops (the one place that installs the
    # methods) and the method modules (ops_fast, ops_inplace, ops_methods, ops_subscript) are
    # outside the loop: the engine's modules call engine.dispatch, never engine.ops
    "engine.dispatch", "engine.versions",
})


def _describe(component: list[str], edges: dict[str, set[str]]) -> str:
    inside = set(component)
    return "; ".join(f"{m} -> {', '.join(sorted(edges[m] & inside))}" for m in component)


def test_no_import_cycle_between_files():
    edges = import_edges()
    assert "explorer.cli.parser" in edges and "explorer.view.main_window" in edges  # it read the tree
    unexpected = [c for c in cycles(edges) if not set(c) <= ENGINE_CYCLE]
    assert not unexpected, "import cycles: " + " | ".join(_describe(c, edges) for c in unexpected)


def test_the_detector_sees_a_cycle_through_a_lazy_import(tmp_path):
    pkg = tmp_path / "explorer"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from explorer import b\n")
    (pkg / "b.py").write_text("def f():\n    from explorer.a import g\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from explorer import a\n")
    (pkg / "d.py").write_text("from . import c\n")
    edges = import_edges(tmp_path)
    assert cycles(edges) == [["explorer.a", "explorer.b"]]
    assert edges["explorer.d"] == {"explorer.c"} and edges["explorer.c"] == set()
