"""The file format's strict schema: every key, type, reference, port and size of a parsed
document checked before anything is built (used by :mod:`explorer.model.fileformat`).
"""
from __future__ import annotations

import difflib
from typing import Any

import networkx as nx

from engine.ops import OPS
from explorer.model.adjacency import Adjacency
from explorer.model.commands import MAX_TENSOR_ELEMENTS, check_group_name, check_params
from explorer.model.document import (
    DTYPES,
    Document,
    DocumentError,
    Edge,
    FLOAT_DTYPES,
    Group,
    NODE_KINDS,
    Node,
    identifier_key,
    is_valid_name,
)
from explorer.model.file_tensors import (
    FileFormatError,
    MAX_DIMS,
    MAX_NODES,
    MAX_TOTAL_ELEMENTS,
    NON_FINITE,
    _check_id,
    _finite_number,
    _is_int,
    _json_type,
    _keys,
    _show,
    _typed,
    decode_tensor,
)
from explorer.model.messages import Message


def _validate(data: dict) -> Document:
    """Check a document of the current version (VERSION) as a whole and build it."""
    _keys(data, "document", required={"format", "version", "nodes"},
          optional={"edges", "groups", "root", "root_gradient"})
    by_id = _read_nodes(data["nodes"])
    edges = _read_edges(data.get("edges", []), by_id)
    groups = _read_groups(data.get("groups", []), by_id)
    root = data.get("root")
    if root is not None and (not isinstance(root, str) or root not in by_id):
        raise FileFormatError(Message("root: there is no node with id {_show}", _show=_show(root)))
    gradient = data.get("root_gradient")
    if gradient is not None:
        if root is None:
            raise FileFormatError(Message("root_gradient is given but there is no root"))
        gradient, _ = decode_tensor(gradient, "root_gradient")
    return Document.from_parts(list(by_id.values()), edges, groups, root, gradient)


def _read_nodes(raw_nodes: Any) -> dict[str, Node]:
    """The nodes by id, in file order, each checked; names unique as Python names."""
    if not isinstance(raw_nodes, list):
        raise FileFormatError(Message('"nodes" must be a list, found {_json_type}',
                                      _json_type=_json_type(raw_nodes)))
    if len(raw_nodes) > MAX_NODES:
        raise FileFormatError(Message("too many nodes ({raw_nodes}; at most {MAX_NODES})",
                                      raw_nodes=format(len(raw_nodes), ","),
                                      MAX_NODES=format(MAX_NODES, ",")))
    by_id: dict[str, Node] = {}
    names: dict[str, str] = {}
    total = 0
    fields = {kind: _node_fields(kind) for kind in NODE_KINDS}   # (required, optional, allowed)
    params_ok: dict[str, dict] = {}     # op -> its checked empty params (most nodes have none)
    for i, raw in enumerate(raw_nodes):
        node, key, where = _read_node(raw, f"nodes[{i}]", fields, by_id, names)
        if node.kind == "op":
            _op_fields(node, raw, where, params_ok)
        else:
            total += _tensor_fields(node, raw, where)
            if total > MAX_TOTAL_ELEMENTS:
                raise FileFormatError(Message("the tensors in this file are too large in total (more "
                                              "than {MAX_TOTAL_ELEMENTS} elements)",
                                              MAX_TOTAL_ELEMENTS=format(MAX_TOTAL_ELEMENTS, ",")))
        by_id[node.id] = node
        names[key] = node.id
    return by_id


def _read_node(raw: Any, where: str, fields: dict, by_id: dict[str, Node],
               names: dict[str, str]) -> tuple[Node, str, Message]:
    """A node's common fields checked: (the node, its name's identifier key, where to say it is)."""
    if not isinstance(raw, dict):
        raise FileFormatError(Message("{where}: expected an object, found {_json_type}", where=where,
                                      _json_type=_json_type(raw)))
    kind = raw.get("kind")
    if kind not in NODE_KINDS:
        raise FileFormatError(Message("{where}.kind: must be one of {NODE_KINDS}, found {_show}",
                                      where=where, NODE_KINDS=', '.join(NODE_KINDS), _show=_show(kind)))
    required, optional, allowed = fields[kind]
    _keys(raw, where, required, optional, allowed)
    node_id = _check_id(raw["id"], f"{where}.id")
    if node_id in by_id:
        raise FileFormatError(Message("{where}.id: two nodes have the id '{node_id}'", where=where,
                                      node_id=node_id))
    name = raw["name"]
    if not isinstance(name, str) or not is_valid_name(name):
        raise FileFormatError(Message("{where}.name: {_show} is not a valid name (letters, digits "
                                      "and _, not starting with a digit; no Python keywords)",
                                      where=where, _show=_show(name)))
    where = Message("node '{name}' ({where})", name=name, where=where)
    key = identifier_key(name)
    if key in names:
        other = by_id[names[key]].name
        if other == name:
            raise FileFormatError(Message("{where}: two nodes are named '{name}'", where=where, name=name))
        raise FileFormatError(Message("{where}: the names '{other}' and '{name}' are the same Python "
                                      "name '{key}' (a printed script would mix them up)", where=where,
                                      other=other, name=name, key=key))
    dtype = _typed(raw, "dtype", str, where, "float32")
    if dtype not in DTYPES:
        raise FileFormatError(Message("{where}.dtype: unknown dtype {_show} (use {DTYPES})", where=where,
                                      _show=_show(dtype), DTYPES=', '.join(DTYPES)))
    if kind == "leaf" and dtype not in FLOAT_DTYPES:
        raise FileFormatError(Message("{where}.dtype: a leaf tensor is {FLOAT_DTYPES}; whole numbers "
                                      "and booleans ({dtype}) are constants", where=where,
                                      FLOAT_DTYPES=' or '.join(FLOAT_DTYPES), dtype=dtype))
    pos = raw.get("pos", [0.0, 0.0])
    if (not isinstance(pos, list) or len(pos) != 2
            or not (_finite_number(pos[0]) and _finite_number(pos[1]))):
        raise FileFormatError(Message("{where}.pos: expected two finite numbers [x, y]", where=where))
    node = Node(node_id, kind, name, dtype=dtype, pos=(float(pos[0]), float(pos[1])),
                retain_grad=_typed(raw, "retain_grad", bool, where, False),
                requires_grad=_typed(raw, "requires_grad", bool, where, False))
    return node, key, where


def _op_fields(node: Node, raw: dict, where: Message, params_ok: dict[str, dict]) -> None:
    """An op node's op (known to the op table) and params (checked against it)."""
    op = raw["op"]
    if not isinstance(op, str) or op not in OPS:
        hint = difflib.get_close_matches(op, list(OPS), n=1) if isinstance(op, str) else []
        extra = (Message(" — did you mean '{hint}'?", hint=hint[0]) if hint else '')
        raise FileFormatError(Message("{where}.op: unknown operation {_show}{extra}", where=where,
                                      _show=_show(op), extra=extra))
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise FileFormatError(Message("{where}.params: expected an object, found {_json_type}",
                                      where=where, _json_type=_json_type(params)))
    try:
        if params or op not in params_ok:
            checked = check_params(op, _params_in(OPS[op], params))
            if not params:
                params_ok[op] = checked
        else:  # the same check as the first node of this op without params: reuse it
            checked = dict(params_ok[op])
        node.params = checked
    except DocumentError as exc:
        raise FileFormatError(Message("{where}.params: {exc}", where=where, exc=exc)) from None
    node.op = op


def _tensor_fields(node: Node, raw: dict, where: Message) -> int:
    """A leaf's or constant's value set on ``node``; returns its number of elements."""
    if node.kind == "const" and _typed(raw, "inline", bool, where, False):
        node.params = {"inline": True}
    node.value, count = decode_tensor(raw["value"], f"{where}.value", node.dtype)
    return count


def _label(by_id: dict[str, Node], node_id: str) -> str:
    return f"'{by_id[node_id].name}'"


def _read_edges(raw_edges: Any, by_id: dict[str, Node]) -> list[Edge]:
    """The edges checked: existing ends, an op at the head, a free port in range, no cycle."""
    if not isinstance(raw_edges, list):
        raise FileFormatError(Message('"edges" must be a list, found {_json_type}',
                                      _json_type=_json_type(raw_edges)))
    edges: list[Edge] = []
    taken: dict[tuple[str, int], int] = {}
    edge_keys = frozenset({"src", "dst", "port"})
    for i, raw in enumerate(raw_edges):
        where = f"edges[{i}]"
        _keys(raw, where, edge_keys, allowed=edge_keys)
        src, dst, port = raw["src"], raw["dst"], raw["port"]
        for end, value in (("src", src), ("dst", dst)):
            if not isinstance(value, str) or value not in by_id:
                raise FileFormatError(Message("{where}.{end}: there is no node with id {_show}",
                                              where=where, end=end, _show=_show(value)))
        _check_port(by_id, where, dst, port)
        if (dst, port) in taken:
            raise FileFormatError(Message("{where}: input {port} of {label} is connected twice (also by "
                                          "edges[{taken}])", where=where, port=port, label=_label(by_id, dst),
                                          taken=taken[dst, port]))
        taken[dst, port] = i
        edges.append(Edge(src, dst, port))
    if not _acyclic(by_id, edges):
        graph = nx.DiGraph()
        graph.add_nodes_from(by_id)
        graph.add_edges_from((e.src, e.dst) for e in edges)
        cycle = [u for u, _ in nx.find_cycle(graph)]
        names_on_cycle = " → ".join(by_id[n].name for n in [*cycle, cycle[0]])
        raise FileFormatError(Message("the edges form a cycle: {names_on_cycle}",
                                      names_on_cycle=names_on_cycle))
    return edges


def _check_port(by_id: dict[str, Node], where: str, dst: str, port: Any) -> None:
    """An edge's head is an op and its port one of the op's inputs."""
    target = by_id[dst]
    if target.kind != "op":
        raise FileFormatError((Message("{where}: {label} is a leaf tensor and has no inputs",
                                       where=where, label=_label(by_id, dst))
                               if target.kind == 'leaf' else
                               Message("{where}: {label} is a constant and has no inputs", where=where,
                                       label=_label(by_id, dst))))
    arity = OPS[target.op].arity
    if not _is_int(port) or not 0 <= port < arity:
        raise FileFormatError(Message("{where}.port: {label} ({op}) has {arity} input(s) numbered 0 "
                                      "to {value}; found {_show}", where=where, label=_label(by_id, dst),
                                      op=target.op, arity=arity, value=arity - 1, _show=_show(port)))


def _read_groups(raw_groups: Any, by_id: dict[str, Node]) -> list[Group]:
    """The groups checked: unique ids, valid names, existing members in at most one group."""
    if not isinstance(raw_groups, list):
        raise FileFormatError(Message('"groups" must be a list, found {_json_type}',
                                      _json_type=_json_type(raw_groups)))
    groups: list[Group] = []
    grouped: dict[str, str] = {}
    for i, raw in enumerate(raw_groups):
        where = f"groups[{i}]"
        _keys(raw, where, required={"id", "name", "members"}, optional=GROUP_MODULE_KEYS)
        group_id = _check_id(raw["id"], f"{where}.id")
        if group_id in by_id or any(g.id == group_id for g in groups):
            raise FileFormatError(Message("{where}.id: the id '{group_id}' is used twice", where=where,
                                          group_id=group_id))
        try:
            name = check_group_name(raw["name"])
        except DocumentError as exc:
            raise FileFormatError(Message("{where}.name: {exc}", where=where, exc=exc)) from None
        members = raw["members"]
        # a module group may hold only submodules (a Sequential): its own member list is empty
        if not isinstance(members, list) or not (members or "module" in raw):
            raise FileFormatError(Message("{where}.members: expected a non-empty list of node ids",
                                          where=where))
        for member in members:
            if not isinstance(member, str) or member not in by_id:
                raise FileFormatError(Message("{where}.members: there is no node with id {_show}",
                                              where=where, _show=_show(member)))
            if member in grouped:
                raise FileFormatError(Message("{where}.members: {label} is already in group '{grouped}'",
                                              where=where, label=_label(by_id, member), grouped=grouped[member]))
            grouped[member] = name
        groups.append(_module_fields(Group(group_id, name, tuple(members)), raw, where))
    _check_group_parents(groups)
    return groups


GROUP_MODULE_KEYS = frozenset({"parent", "module", "param_count", "collapsed", "pos", "shape"})
MAX_PARAM_COUNT = 10 ** 12


def _module_fields(group: Group, raw: dict, where: str) -> Group:
    """The optional module-group fields of ``raw`` checked and set on ``group``."""
    parent = raw.get("parent")
    if parent is not None:
        group.parent = _check_id(parent, f"{where}.parent")
    module = raw.get("module")
    if module is not None:
        if not isinstance(module, str) or not module.isidentifier() or len(module) > 80:
            raise FileFormatError(Message("{where}.module: {_show} is not a class name", where=where,
                                          _show=_show(module)))
        group.module = module
    count = raw.get("param_count", 0)
    if not _is_int(count) or not 0 <= count <= MAX_PARAM_COUNT:
        raise FileFormatError(Message("{where}.param_count: expected a whole number from 0 to "
                                      "{MAX_PARAM_COUNT}", where=where,
                                      MAX_PARAM_COUNT=format(MAX_PARAM_COUNT, ",")))
    group.param_count = count
    group.collapsed = _typed(raw, "collapsed", bool, where, False)
    pos = raw.get("pos", [0.0, 0.0])
    if (not isinstance(pos, list) or len(pos) != 2
            or not (_finite_number(pos[0]) and _finite_number(pos[1]))):
        raise FileFormatError(Message("{where}.pos: expected two finite numbers [x, y]", where=where))
    group.pos = (float(pos[0]), float(pos[1]))
    shape = raw.get("shape")
    if shape is not None:
        if (not isinstance(shape, list) or len(shape) > MAX_DIMS
                or not all(_is_int(d) and 0 <= d <= MAX_TENSOR_ELEMENTS for d in shape)):
            raise FileFormatError(Message("{where}.shape: expected at most {MAX_DIMS} non-negative whole "
                                          "numbers", where=where, MAX_DIMS=MAX_DIMS))
        group.shape = tuple(shape)
    return group


def _check_group_parents(groups: list[Group]) -> None:
    """Every parent is another group of the file, and parents never loop."""
    by_id = {g.id: g for g in groups}
    for g in groups:
        if g.parent is not None and g.parent not in by_id:
            raise FileFormatError(Message("group '{name}': there is no parent group with id {_show}",
                                          name=g.name, _show=_show(g.parent)))
    for g in groups:
        seen, up = {g.id}, g.parent
        while up is not None:
            if up in seen:
                raise FileFormatError(Message("group '{name}': its parent groups form a loop", name=g.name))
            seen.add(up)
            up = by_id[up].parent


def _node_fields(kind: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Required, optional and all allowed keys of a node of ``kind``."""
    optional = {"dtype", "pos", "retain_grad"}
    required = {"id", "kind", "name"}
    if kind == "op":
        required |= {"op"}
        optional |= {"params"}
    else:
        required |= {"value"}
        if kind == "leaf":
            optional |= {"requires_grad"}
        else:
            optional |= {"inline"}
    return frozenset(required), frozenset(optional), frozenset(required | optional)


def _acyclic(node_ids: Any, edges: list[Edge]) -> bool:
    """Kahn's algorithm on plain dicts (a tenth of building a networkx graph for the check);
    the cycle itself is looked up with networkx only when there is one, for the message."""
    return Adjacency(node_ids, ((e.src, e.dst, e.port) for e in edges)).acyclic()


def _params_in(op: Any, params: dict[str, Any]) -> dict[str, Any]:
    """JSON params to python: lists to tuples, "nan"/"inf" strings to floats for float params."""
    kinds = {p.name: p.kind for p in op.params}
    result = {}
    for key, value in params.items():
        if isinstance(value, list):
            value = tuple(value)
        elif kinds.get(key) == "float" and isinstance(value, str) and value in NON_FINITE:
            value = NON_FINITE[value]
        result[key] = value
    return result
