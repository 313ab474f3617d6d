"""Slides that store their graph as changes relative to the previous slide.

A ``change_graph`` action holds only what differs from the graph the previous slide left::

    {"do": "change_graph",
     "nodes": [{...node as in the file format...}],   added, or replacing the node with that id
     "remove_nodes": ["n4"],
     "add_edges": [{"src": "n1", "dst": "n4", "port": 0}], "remove_edges": [...],
     "groups": [...],                                  the whole group list, when it changed
     "root": "n9", "root_gradient": {...}}             when they changed

so changing the graph of an early slide carries through to every later slide (before, each slide
kept a full copy and had to be captured again). The result of applying a change is read back
through the document reader (:func:`explorer.model.fileformat.from_data`), so every limit and
check of a graph file (sizes, ids, acyclic, known ops) holds for it too.

Version 1 lecture files kept full copies (``load_graph``) on every captured slide; they are
migrated on open by :func:`migrate_full_copies`.
"""
from __future__ import annotations

import copy
from typing import Any, Callable

from explorer.model import fileformat
from explorer.model.lecture_action import LOAD_ACTIONS, Action, LectureError
from explorer.model.messages import Message

CHANGE_FIELDS = {"nodes", "remove_nodes", "add_edges", "remove_edges", "groups", "root", "root_gradient"}
MAX_CHANGED = 10_000          # entries in any one list (the file format allows fewer nodes anyway)


class ChangeError(ValueError):
    """A change that cannot be read or applied; the message is for the user."""


def check_change(args: dict[str, Any], where: str) -> None:
    """Shape and size checks at load time (the graph itself is checked when it is applied)."""
    for key in ("nodes", "add_edges", "remove_edges", "groups"):
        if key in args:
            value = args[key]
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ChangeError(Message("{where}: '{key}' must be a list of objects", where=where, key=key))
            if len(value) > MAX_CHANGED:
                raise ChangeError(Message("{where}: '{key}' lists too many entries ({value}; the limit "
                                          "is {MAX_CHANGED})", where=where, key=key, value=len(value),
                                          MAX_CHANGED=MAX_CHANGED))
    if "remove_nodes" in args:
        value = args["remove_nodes"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ChangeError(Message("{where}: 'remove_nodes' must be a list of node ids", where=where))
        if len(value) > MAX_CHANGED:
            raise ChangeError(Message("{where}: 'remove_nodes' lists too many entries", where=where))
    if "root" in args and args["root"] is not None and not isinstance(args["root"], str):
        raise ChangeError(Message("{where}: 'root' must be a node id or null", where=where))
    if "root_gradient" in args and args["root_gradient"] is not None and not isinstance(args["root_gradient"], dict):
        raise ChangeError(Message("{where}: 'root_gradient' must be an encoded tensor or null", where=where))
    for edge in args.get("add_edges", []) + args.get("remove_edges", []):
        if set(edge) != {"src", "dst", "port"}:
            raise ChangeError(Message("{where}: an edge needs exactly 'src', 'dst' and 'port'", where=where))


def _edge_key(edge: dict[str, Any]) -> tuple:
    return (edge.get("src"), edge.get("dst"), edge.get("port"))


def graph_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The change that turns document data ``old`` into ``new`` (both from ``fileformat.to_data``).
    An empty dict means the graphs are the same."""
    change: dict[str, Any] = {}
    old_nodes = {n["id"]: n for n in old.get("nodes", [])}
    new_nodes = {n["id"]: n for n in new.get("nodes", [])}
    removed = [nid for nid in old_nodes if nid not in new_nodes]
    changed = [n for nid, n in new_nodes.items() if old_nodes.get(nid) != n]
    if removed:
        change["remove_nodes"] = removed
    if changed:
        change["nodes"] = copy.deepcopy(changed)
    old_edges = {_edge_key(e): e for e in old.get("edges", [])}
    new_edges = {_edge_key(e): e for e in new.get("edges", [])}
    gone = [dict(e) for k, e in old_edges.items() if k not in new_edges]
    added = [dict(e) for k, e in new_edges.items() if k not in old_edges]
    if gone:
        change["remove_edges"] = gone
    if added:
        change["add_edges"] = added
    if old.get("groups", []) != new.get("groups", []):
        change["groups"] = copy.deepcopy(new.get("groups", []))
    for key in ("root", "root_gradient"):
        if old.get(key) != new.get(key):
            change[key] = copy.deepcopy(new.get(key))
    return change


def apply_change(data: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """``data`` (document data) with ``change`` applied; a new dict. Node order is kept (new
    nodes at the end) so the layout and ids stay stable."""
    out = copy.deepcopy(data)
    removed = set(change.get("remove_nodes", []))
    missing = sorted(removed - {n["id"] for n in out.get("nodes", [])})
    if missing:
        raise ChangeError(Message("the change removes node '{missing}', which the graph before it does "
                                  "not have", missing=missing[0]))
    nodes = [n for n in out.get("nodes", []) if n["id"] not in removed]
    index = {n["id"]: i for i, n in enumerate(nodes)}
    for node in change.get("nodes", []):
        nid = node.get("id")
        if not isinstance(nid, str):
            raise ChangeError(Message("a changed node has no id"))
        if nid in index:
            nodes[index[nid]] = copy.deepcopy(node)
        else:
            index[nid] = len(nodes)
            nodes.append(copy.deepcopy(node))
    out["nodes"] = nodes
    gone = {_edge_key(e) for e in change.get("remove_edges", [])}
    edges = [e for e in out.get("edges", []) if _edge_key(e) not in gone
             and e.get("src") not in removed and e.get("dst") not in removed]
    edges.extend(copy.deepcopy(change.get("add_edges", [])))
    out["edges"] = edges
    if "groups" in change:
        out["groups"] = copy.deepcopy(change["groups"])
    else:   # members that left with their nodes
        out["groups"] = [{**g, "members": [m for m in g.get("members", []) if m not in removed]}
                         for g in out.get("groups", [])]
    for key in ("root", "root_gradient"):
        if key in change:
            out[key] = copy.deepcopy(change[key])
    if out.get("root") in removed:
        out["root"] = None
    return out


def migrate_full_copies(lecture: Any, player: Any) -> int:
    """Turn every inline full copy (``load_graph``) after the first slide into a ``change_graph``
    relative to the graph just before it. ``player`` is a fresh
    :class:`~explorer.model.lecture.LecturePlayer` on ``lecture``: its graph actions are replayed
    in order, without running anything. Returns how many copies were replaced; a slide that
    cannot be replayed stops the migration there (the rest keep their copies, and check-lecture
    reports the problem). The slides show the same graphs before and after (tested on every
    bundled lecture written out as full copies)."""
    replaced = 0
    try:
        for i, slide in enumerate(lecture.slides):
            for j, action in enumerate(slide.actions):
                if action.do == "load_graph" and i > 0:
                    try:
                        before = fileformat.to_data(player.document)
                        after = fileformat.to_data(fileformat.from_data(action.args["document"]))
                    except Exception:   # an unreadable copy stays as it is: check-lecture reports it
                        return replaced
                    action = Action("change_graph", graph_diff(before, after))
                    slide.actions[j] = action
                    replaced += 1
                player.apply_graph_action(action, i, j)
    except LectureError:
        pass
    return replaced


def _leading_graph(lecture: Any, player: Any) -> list[dict[str, Any]] | None:
    """For each slide, the graph once its leading ``change_graph`` (if any) is applied, i.e.
    the graph its other actions start from. None when a slide cannot be replayed."""
    out = []
    try:
        for i, slide in enumerate(lecture.slides):
            lead = fileformat.to_data(player.document) if i else {}
            for j, action in enumerate(slide.actions):
                player.apply_graph_action(action, i, j)
                if j == 0 and action.do == "change_graph":
                    lead = fileformat.to_data(player.document)
            out.append((lead, fileformat.to_data(player.document)))
    except LectureError:
        return None
    return out


def rearrange_slides(lecture: Any, order: list[int], player_factory: Callable[[Any], Any]) -> bool:
    """Reorder, delete or duplicate slides (``order`` lists old indices; a repeated index is a
    copy) so that every slide still shows the graph it showed: each slide that does not load a
    graph of its own gets a leading ``change_graph`` from its *new* previous slide (the first
    slide a full ``load_graph``). Returns False (slides only rearranged) when the lecture cannot
    be replayed."""
    graphs = _leading_graph(lecture, player_factory(lecture))
    old = lecture.slides
    slides = [old[i] if order.index(i) == k else copy.deepcopy(old[i]) for k, i in enumerate(order)]
    lecture.slides = slides
    if graphs is None:
        return False
    for k, (slide, i) in enumerate(zip(slides, order)):
        if any(a.do in LOAD_ACTIONS for a in slide.actions):
            continue
        starts = graphs[i][0]          # what the rest of the slide's actions start from
        led = bool(slide.actions) and slide.actions[0].do == "change_graph"
        rest = slide.actions[1:] if led else list(slide.actions)
        if k == 0:
            slide.actions = [Action("load_graph", {"document": starts})] + rest
            continue
        change = graph_diff(graphs[order[k - 1]][1], starts)
        if change or led:
            slide.actions = [Action("change_graph", change)] + rest
    return True
