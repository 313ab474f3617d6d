"""The document's structure read once into plain dicts: who feeds whom, in which port.

The one owner of graph order in the model and the view: topological orders, ancestors,
descendants, downstream cones, longest-path layers and requires_grad as PyTorch propagates it
before a run. :class:`~explorer.model.document.Document` builds an :class:`Adjacency` from its
networkx graph (public API only) and keeps it until the structure changes, so the canvas, the
layout and the backward view ask the document instead of walking networkx's internals
(``tests/project/test_one_owner.py`` keeps new walks from appearing elsewhere).
"""
from __future__ import annotations

import heapq
from typing import Callable, Iterable

import networkx as nx

from explorer.model.messages import Message

__all__ = ["Adjacency", "CycleError"]

#: networkx's own error for a cyclic graph, so callers catch what they caught before.
CycleError = nx.NetworkXUnfeasible


class Adjacency:
    """Parents, children and input ports of every node, in the nodes' insertion order."""

    def __init__(self, nodes: Iterable[str], edges: Iterable[tuple[str, str, int]]) -> None:
        self.nodes: list[str] = list(nodes)
        self.children: dict[str, dict[str, int]] = {n: {} for n in self.nodes}  # child -> edge count
        self.parents: dict[str, dict[str, int]] = {n: {} for n in self.nodes}   # parent -> edge count
        #: ``(port, source)`` of every input edge, by port.
        self.inputs: dict[str, list[tuple[int, str]]] = {n: [] for n in self.nodes}
        for src, dst, port in edges:
            self.children[src][dst] = self.children[src].get(dst, 0) + 1
            self.parents[dst][src] = self.parents[dst].get(src, 0) + 1
            self.inputs[dst].append((port, src))
        for ports in self.inputs.values():
            ports.sort(key=lambda ps: ps[0])
        self._order: list[str] | None = None

    # ------------------------------------------------------------------ orders
    def order(self) -> list[str]:
        """The topological order with ties broken by insertion order (runs and printed code are
        deterministic): what ``networkx.lexicographical_topological_sort`` gives with the
        insertion index as key. Cached; raises :data:`CycleError` on a cycle."""
        if self._order is None:
            index = {nid: i for i, nid in enumerate(self.nodes)}
            self._order = self._kahn(lambda ready: heapq.heapify(ready), index)
        return list(self._order)

    def kahn_order(self) -> list[str]:
        """A topological order in Kahn's first-in-first-out sequence (the layered layout's
        tie-breaking depends on it). Raises :data:`CycleError` on a cycle."""
        return self._kahn(None, None)

    def _kahn(self, prepare: Callable[[list], None] | None, index: dict[str, int] | None) -> list[str]:
        indeg = {nid: len(ps) for nid, ps in self.parents.items()}
        children = self.children
        if index is None:
            order = [nid for nid, d in indeg.items() if d == 0]
            for nid in order:  # the list grows while it is read
                for child in children[nid]:
                    indeg[child] -= 1
                    if indeg[child] == 0:
                        order.append(child)
        else:
            ready = [(index[nid], nid) for nid, d in indeg.items() if d == 0]
            prepare(ready)
            order = []
            while ready:
                _, nid = heapq.heappop(ready)
                order.append(nid)
                for child in children[nid]:
                    indeg[child] -= 1
                    if indeg[child] == 0:
                        heapq.heappush(ready, (index[child], child))
        if len(order) != len(indeg):
            raise CycleError(Message("Graph contains a cycle or graph changed during iteration"))
        return order

    def acyclic(self) -> bool:
        try:
            self.kahn_order()
        except CycleError:
            return False
        return True

    # ------------------------------------------------------------------ reach
    def descendants(self, starts: str | Iterable[str]) -> set[str]:
        """Every node reachable from ``starts`` (not the starts themselves unless on a path)."""
        return self._reach(starts, self.children)

    def ancestors(self, starts: str | Iterable[str]) -> set[str]:
        """Every node ``starts`` depend on."""
        return self._reach(starts, self.parents)

    @staticmethod
    def _reach(starts: str | Iterable[str], links: dict[str, dict[str, int]]) -> set[str]:
        stack = [starts] if isinstance(starts, str) else [s for s in starts if s in links]
        seen: set[str] = set()
        while stack:
            for nxt in links[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def cone_order(self, starts: Iterable[str]) -> list[str]:
        """``starts`` and everything downstream of them, in :meth:`order`."""
        cone = {s for s in starts if s in self.children}
        cone |= self.descendants(cone)
        return [nid for nid in self.order() if nid in cone]

    def depths(self) -> dict[str, int]:
        """The longest path from a source to each node (0 for sources); nodes on a cycle, which
        Kahn's order never reaches, stay at 0."""
        indeg = {nid: len(ps) for nid, ps in self.parents.items()}
        depth = dict.fromkeys(self.nodes, 0)
        queue = [nid for nid, d in indeg.items() if d == 0]
        for nid in queue:  # the list grows while it is read
            for child in self.children[nid]:
                depth[child] = max(depth[child], depth[nid] + 1)
                indeg[child] -= 1
                if indeg[child] == 0:
                    queue.append(child)
        return depth

    def layers(self) -> dict[str, int]:
        """Longest-path layering (networkx's topological generations), sources pulled down
        next to their first consumer; in :meth:`kahn_order`. Raises :data:`CycleError`."""
        order = self.kahn_order()
        parents, children = self.parents, self.children
        layer = {nid: 0 for nid in order}
        for nid in order:
            depth = layer[nid] + 1
            for child in children[nid]:
                if layer[child] < depth:
                    layer[child] = depth
        for nid in order:
            if not parents[nid] and children[nid]:
                layer[nid] = min(layer[c] for c in children[nid]) - 1
        return layer

    # ------------------------------------------------------------------ requires_grad
    def requires_grad(self, flag_of: Callable[[str], bool | None], order: Iterable[str] | None = None,
                      known: dict[str, bool] | None = None) -> dict[str, bool]:
        """requires_grad as PyTorch propagates it before a run: a leaf's own flag (``flag_of``
        gives it; None for a node that is not a leaf, i.e. an op, or a constant that never
        requires grad: see ``Document.static_requires_grad``); an op's is any input's. Only the
        nodes of ``order`` are (re)computed; ``known`` holds the others' flags."""
        rg = dict(known or {})
        parents = self.parents
        for nid in (self.order() if order is None else order):
            own = flag_of(nid)
            rg[nid] = own if own is not None else any(rg.get(p, False) for p in parents[nid])
        return rg
