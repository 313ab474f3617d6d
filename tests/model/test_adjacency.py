"""The document's adjacency answers order, reach, cones, layers and static requires_grad like
networkx (the oracle) on random multigraph DAGs, and notices every structural change however
it is made."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from explorer.model.adjacency import Adjacency, CycleError
from explorer.model.document import Edge
from explorer.model.language import parse_script


def _random_dag(seed: int) -> tuple[list[str], list[tuple[str, str, int]]]:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(rng.randint(1, 40))]
    order = nodes[:]
    rng.shuffle(order)  # insertion order differs from the topological one
    edges, ports = [], {}
    for _ in range(rng.randint(0, 80)):
        i, j = sorted(rng.sample(range(len(order)), 2)) if len(order) > 1 else (0, 0)
        if i == j:
            continue
        dst = order[j]
        ports[dst] = ports.get(dst, -1) + 1
        edges.append((order[i], dst, ports[dst]))
    return nodes, edges


@pytest.mark.parametrize("seed", range(40))
def test_adjacency_agrees_with_networkx(seed):
    nodes, edges = _random_dag(seed)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    adj = Adjacency(nodes, edges)
    index = {n: i for i, n in enumerate(nodes)}
    assert adj.order() == list(nx.lexicographical_topological_sort(graph, key=index.__getitem__))
    kahn = adj.kahn_order()
    assert sorted(kahn) == sorted(nodes) and all(kahn.index(u) < kahn.index(v) for u, v, _ in edges)
    for n in nodes[:5]:
        assert adj.descendants(n) == nx.descendants(graph, n)
        assert adj.ancestors(n) == nx.ancestors(graph, n)
    starts = nodes[:3]
    cone = set(starts) | set().union(*(nx.descendants(graph, s) for s in starts))
    assert adj.cone_order(starts) == [n for n in adj.order() if n in cone]
    generations = {n: g for g, layer in enumerate(nx.topological_generations(graph)) for n in layer}
    assert adj.depths() == generations
    assert adj.inputs == {n: sorted((p, u) for u, v, p in edges if v == n) for n in nodes}


def test_a_cycle_is_refused_as_networkx_refuses_it():
    adj = Adjacency(["a", "b"], [("a", "b", 0), ("b", "a", 0)])
    with pytest.raises(CycleError):
        adj.order()
    assert not adj.acyclic()
    assert adj.depths() == {"a": 0, "b": 0}


def test_static_requires_grad_and_the_cache_follow_every_change():
    doc = parse_script("a = tensor([1., 2.], requires_grad=True)\nb = tensor([3., 4.], requires_grad=False)\n"
                       "c = a * b\nd = b * b\ne = d + 1\n")
    ids = {n.name: n.id for n in doc}
    rg = doc.static_requires_grad()
    assert {n: rg[ids[n]] for n in "abcde"} == dict(a=True, b=False, c=True, d=False, e=False)
    before = doc.topological_order()
    # A change the document makes (an edge from a into e's free port is not possible: rewire
    # e's input instead) and one made on the graph directly are both seen.
    (edge,) = [e for e in doc.in_edges(ids["e"]) if e.src == ids["d"]]
    doc.delete_edge(edge)
    doc.insert_edge(Edge(ids["c"], ids["e"], edge.port))
    rg = doc.static_requires_grad()
    assert rg[ids["e"]] is True and ids["e"] in doc.descendants(ids["a"])
    doc.graph.add_node("stray")
    assert "stray" in doc.topological_order() and len(doc.topological_order()) == len(before) + 1
    doc.nodes[ids["b"]].requires_grad = True  # a flag is not structure: recompute only the cone
    cone = doc.adjacency.cone_order([ids["b"]])
    assert cone[0] == ids["b"] and set(cone) == {ids["b"]} | doc.descendants(ids["b"])
    rg = doc.static_requires_grad(cone, known=rg)
    assert rg[ids["d"]] is True and rg[ids["e"]] is True
