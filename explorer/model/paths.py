"""The chain rule as a sum over paths, with the engine's numbers (no Qt).

``chain_paths(doc, target)`` lists every path the gradient travels from the document's root
back to ``target`` (a leaf, or any node on the way), each edge with its local derivative
(the op table's formula written in the document's names, and its numbers), and what each
path contributes. The contributions add up to ``target.grad`` (∂root/∂target for a node that
is not a leaf): the backward pass sums the gradients meeting at a node, so unrolled it is a
sum over paths. Every number is computed by the engine's own grad_fns (``fn(g)``, as
``Q.grad_fn(g)`` in PyTorch) on one fresh evaluation of the document, along one path at a
time; nothing is re-derived here.

``op_math(doc, node_id)`` writes an op node as math in its leaves (``Q = 3·a³ − b²``) with the
op table's local-derivative formulas for its inputs, for a panel to show without TeX.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import engine
from explorer.model.document import Document, Edge
from explorer.model.messages import Message
from explorer.model.runner.execute import Evaluation, as_array, evaluate, is_accumulate, root_gradient
from explorer.model.runner.formatting import format_array
from explorer.model.runner.steps import local_formula, operand

__all__ = ["PathEdge", "ChainPath", "PathReport", "chain_paths", "path_formula", "OpMath", "op_math",
           "math_expression"]
LEAF_LIMIT = 6           # leaves an op's derivatives are written for

PATH_LIMIT = 64          # paths listed one by one; beyond that only their number and sum are shown
EXPRESSION_LIMIT = 120   # characters of an expression written out in leaves before names are kept

# Why a node shows no paths (one line each; the view translates them).
PATH_MESSAGES = {
    "no_root": Message("no root: set one to see the paths of the chain rule"),
    "not_computed": Message("not computed yet"),
    "no_grad": Message("no gradient flows here (requires_grad=False)"),
    "unreached": Message("no path from the root reaches it"),
}
# PyTorch's own text (kept verbatim, as everywhere: learners search for it)
IMPLICIT_GRAD = "grad can be implicitly created only for scalar outputs"


@dataclass
class PathEdge:
    """One document edge on a path: ``∂dst/∂src``, its formula and its numbers."""

    edge: Edge
    formula: str                       # e.g. "3·a²" (op table's rule in the document's names)
    local: np.ndarray | None           # the local derivative applied to ones: ∂dst/∂src elementwise


@dataclass
class ChainPath:
    """A path from the root down to the target; ``edges[0]`` leaves the root."""

    edges: list[PathEdge]
    contribution: np.ndarray           # the gradient this path alone carries to the target

    @property
    def nodes(self) -> list[str]:
        """Node ids from the root to the target."""
        if not self.edges:
            return []
        return [self.edges[0].edge.dst, *[pe.edge.src for pe in self.edges]]


@dataclass
class PathReport:
    root: str | None
    target: str
    paths: list[ChainPath] = field(default_factory=list)
    count: int = 0                     # how many paths there are (may exceed len(paths))
    total: np.ndarray | None = None    # the sum over all paths = target.grad for one backward
    seed: np.ndarray | None = None     # the gradient the root starts with
    problem: str | None = None         # why there is nothing to show (one line for the user)

    @property
    def edges(self) -> set[Edge]:
        return {pe.edge for p in self.paths for pe in p.edges}

    @property
    def nodes(self) -> set[str]:
        return {n for p in self.paths for n in p.nodes} | ({self.target} if self.paths else set())

    @property
    def truncated(self) -> bool:
        return self.count > len(self.paths)


def _call(fn: Any, g: Any) -> tuple:
    """``fn(g)`` as a tuple, one entry per next_functions entry."""
    out = fn(g)
    return out if isinstance(out, tuple) else (out,)


def _graph(ev: Evaluation, start: Any) -> dict[Any, list[tuple[int, Any]]]:
    """grad_fn -> [(index in next_functions, next grad_fn)], for everything reachable."""
    succ: dict[Any, list[tuple[int, Any]]] = {}
    stack = [start]
    while stack:
        fn = stack.pop()
        if fn in succ:
            continue
        succ[fn] = []
        if is_accumulate(fn):
            continue
        for i, f in enumerate(ev.next_of(fn)):
            if f is not None:
                succ[fn].append((i, f))
                if f not in succ:
                    stack.append(f)
    return succ


def _count_paths(succ: dict, start: Any, is_target) -> dict[Any, int]:
    """Number of paths from each grad_fn to the target (iterative: deep chains are fine)."""
    count: dict[Any, int] = {}
    stack: list[tuple[Any, bool]] = [(start, False)]
    while stack:
        fn, done = stack.pop()
        if fn in count:
            continue
        if is_target(fn):
            count[fn] = 1
            continue
        if done:
            count[fn] = sum(count.get(f, 0) for _i, f in succ[fn])
            continue
        stack.append((fn, True))
        stack.extend((f, False) for _i, f in succ[fn] if f not in count)
    return count


def _edge_formula(doc: Document, ev: Evaluation, edge: Edge) -> str:
    node = doc.nodes[edge.dst]
    op = engine.OPS.get(node.op) if node.kind == "op" else None
    if op is None or edge.port >= len(op.formulas) or not op.formulas[edge.port]:
        return f"∂{node.name}/∂{doc.nodes[edge.src].name}"
    names = {}
    for port, src in enumerate(ev.wiring.inputs[edge.dst]):
        if port <= 1 and src is not None:
            names["x" if port == 0 else "y"] = operand(doc, src)
    return local_formula(op.formulas[edge.port], names)


def chain_paths(doc: Document, target: str, limit: int = PATH_LIMIT, root: str | None = None) -> PathReport:
    """Every path from ``doc.root`` (or ``root``, seeded with ones) back to ``target`` with its
    local derivatives and numbers."""
    seeded = root is None
    root = doc.root if root is None else root
    report = PathReport(root=root, target=target)
    if root is None:
        report.problem = PATH_MESSAGES["no_root"]
        return report
    ev = evaluate(doc)
    root_t, target_t = ev.tensors.get(root), ev.tensors.get(target)
    if root_t is None or target_t is None:
        report.problem = PATH_MESSAGES["not_computed"]
        return report
    if not root_t.requires_grad or not target_t.requires_grad:
        report.problem = PATH_MESSAGES["no_grad"]
        return report
    seed = root_gradient(ev) if seeded else engine.ones_like(root_t)
    if seed is None:
        if root_t.numel() != 1:
            report.problem = IMPLICIT_GRAD
            return report
        seed = engine.ones_like(root_t)
    report.seed = as_array(seed)
    if target == root:
        report.count, report.total = 1, report.seed
        return report
    target_fn = target_t.grad_fn

    def is_target(fn: Any) -> bool:
        if target_fn is not None:
            return fn is target_fn
        return is_accumulate(fn) and ev.owner_of(fn) == target

    start = root_t.grad_fn
    if start is None:
        report.problem = PATH_MESSAGES["unreached"]
        return report
    succ = _graph(ev, start)
    counts = _count_paths(succ, start, is_target)
    report.count = counts.get(start, 0)
    if report.count == 0:
        report.problem = PATH_MESSAGES["unreached"]
        return report
    locals_: dict[tuple, np.ndarray | None] = {}
    total = None
    # Depth first, one path at a time: (grad_fn, gradient reaching it, doc edges so far, hops of
    # the doc edge being walked -- a composite node such as 2 / x has grad_fns inside it).
    stack: list[tuple[Any, Any, list[PathEdge], list[tuple[Any, int]]]] = [(start, seed, [], [])]
    while stack:
        fn, g, edges, hops = stack.pop()
        if is_target(fn):
            contribution = as_array(g)
            total = contribution if total is None else total + contribution
            if len(report.paths) < limit:
                report.paths.append(ChainPath(edges=edges, contribution=contribution))
            continue
        outs = _call(fn, g)
        nid = ev.owner_of(fn)
        sends = ev.send_edges(fn, nid)
        for i, f in reversed(succ[fn]):   # reversed: paths come out in next_functions order
            if counts.get(f, 0) == 0 or i >= len(outs) or outs[i] is None:
                continue
            edge, _dest, internal = sends[i]
            walked = [*hops, (fn, i)]
            if edge is None:
                stack.append((f, outs[i], edges, walked if internal else []))
                continue
            key = tuple((id(h), j) for h, j in walked)
            if key not in locals_:
                locals_[key] = _local_numbers(ev, edge.dst, walked)
            pe = PathEdge(edge=edge, formula=_edge_formula(doc, ev, edge), local=locals_[key])
            stack.append((f, outs[i], [*edges, pe], []))
    report.total = total
    return report


def _local_numbers(ev: Evaluation, node_id: str, hops: list[tuple[Any, int]]) -> np.ndarray | None:
    """∂node/∂input along these grad_fn hops, applied to ones (elementwise ops: the derivative
    itself; reductions and products: what a gradient of ones sends back)."""
    t = ev.tensors.get(node_id)
    if t is None:
        return None
    try:
        g: Any = engine.ones_like(t)
        for fn, i in hops:
            g = _call(fn, g)[i]
            if g is None:
                return None
        return as_array(g)
    except Exception:  # noqa: BLE001 - a number for a label must never break the view
        return None


# ---------------------------------------------------------------------------------------------
# the sum over paths written as one formula: 1 · 3 · 3·a² -> 9a²
# ---------------------------------------------------------------------------------------------
_NUMBER = re.compile(r"^[−-]?\d+(?:\.\d+)?$")
_SCALED = re.compile(r"^([−-]?\d+(?:\.\d+)?)·(\S+)$")


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def _factor(text: str) -> tuple[float, tuple[str, ...]] | None:
    """A local-derivative formula as (coefficient, symbols), or None when it is not a plain
    product (``1 − tanh²x``, ``1 if x > 0 else 0``, ``G @ Yᵀ``)."""
    text = text.strip()
    if _NUMBER.match(text):
        return _number(text), ()
    m = _SCALED.match(text)
    if m:
        return _number(m.group(1)), tuple(m.group(2).split("·"))
    if " " in text or not text or any(ch in text for ch in "()@/"):
        return None
    return 1.0, tuple(text.split("·"))


def _coefficient(c: float) -> str:
    return str(int(c)) if c == int(c) and abs(c) < 1e15 else repr(c)


def path_formula(report: PathReport) -> str | None:
    """∂root/∂target as one formula from the paths' local derivatives, like terms collected
    (``9a²``; ``2a + 1`` for ``a*a + a``), or None when a factor is not a plain product or a
    path is missing. The formula is for a gradient of ones (the Jacobian's diagonal)."""
    if not report.paths or report.truncated:
        return None
    terms: dict[tuple[str, ...], float] = {}
    for path in report.paths:
        coef, symbols = 1.0, []
        for pe in path.edges:
            f = _factor(pe.formula)
            if f is None:
                return None
            coef *= f[0]
            symbols.extend(f[1])
        key = tuple(symbols)
        terms[key] = terms.get(key, 0.0) + coef
    parts: list[str] = []
    for symbols, coef in terms.items():
        if coef == 0:
            continue
        body = "·".join(symbols)
        mag = abs(coef)
        if not body:
            text = _coefficient(mag)
        elif mag == 1:
            text = body
        else:
            text = _coefficient(mag) + ("" if body[:1].isalpha() else "·") + body
        sign = "−" if coef < 0 else "+"
        parts.append(f"{sign} {text}" if parts else ("−" + text if coef < 0 else text))
    return " ".join(parts) if parts else "0"


# ---------------------------------------------------------------------------------------------
# an op node as math
# ---------------------------------------------------------------------------------------------
_SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_INFIX = {"+": "+", "-": "−", "*": "·", "/": "/", "@": "@"}


@dataclass
class OpMath:
    """An op node as math: ``Q = 3·a³ − b²`` and one ``∂Q/∂u = …`` line per input."""

    definition: str
    derivatives: list[str]
    html: str                          # the same, as Qt rich text (<sup> for exponents)


def _power(base: str, exponent: str, html: bool) -> str:
    if html:
        return f"{base}<sup>{exponent}</sup>"
    if exponent and all(ch in "0123456789-" for ch in exponent):
        return base + exponent.translate(_SUPER)
    return f"{base}^{exponent}"


def math_expression(doc: Document, node_id: str, *, html: bool = False, stop: str | None = None,
                    limit: int = EXPRESSION_LIMIT) -> tuple[str, int]:
    """An op node's value written in its inputs' expressions down to the leaves, with the op
    table's symbols and precedences: ``3·a³ − b²``. Returns (text, precedence). Named
    intermediate nodes are kept as names once the text would pass ``limit`` characters."""
    order = doc.topological_order()
    inputs: dict[str, list[str | None]] = {}
    for nid in order:
        node = doc.nodes[nid]
        if node.kind == "op":
            op = engine.OPS.get(node.op)
            ports: list[str | None] = [None] * (op.arity if op is not None else 0)
            for e in doc.in_edges(nid):
                if e.port < len(ports):
                    ports[e.port] = e.src
            inputs[nid] = ports
    memo: dict[str, tuple[str, int]] = {}

    def name_of(nid: str | None) -> tuple[str, int]:
        if nid is None:
            return "?", 99
        return operand(doc, nid), 99

    def write(nid: str | None, depth: int) -> tuple[str, int]:
        if nid is None or doc.nodes[nid].kind != "op" or (depth > 0 and nid == stop):
            return name_of(nid)
        if nid in memo:
            return memo[nid]
        node = doc.nodes[nid]
        op = engine.OPS.get(node.op)
        args = [write(src, depth + 1) for src in inputs.get(nid, [])]
        if op is None:
            return name_of(nid)
        prec = op.precedence

        def wrap(part: tuple[str, int], need: int) -> str:
            return part[0] if part[1] >= need else f"({part[0]})"

        if node.op == "pow" and len(args) == 2:
            text = _power(wrap(args[0], 99), args[1][0], html)
        elif op.symbol in _INFIX and len(args) == 2:
            # left-associative: the right operand of − and / needs brackets at equal precedence
            right_need = prec + (1 if node.op in ("sub", "div") else 0)
            left, right = wrap(args[0], prec), wrap(args[1], right_need)
            if node.op == "mul":
                # math writes a product tight: 3a³ after a number, a·b between names
                numeric = left.replace(".", "", 1).lstrip("−-").isdigit()
                text = f"{left}{'' if numeric and right[:1].isalpha() else '·'}{right}"
            else:
                text = f"{left} {_INFIX[op.symbol]} {right}"
        elif node.op == "neg" and len(args) == 1:
            text = f"−{wrap(args[0], prec)}"
        else:
            prec = 99
            text = f"{node.op}({', '.join(a[0] for a in args)})"
        if depth > 0 and len(text) > limit:
            memo[nid] = name_of(nid)
        else:
            memo[nid] = (text, prec)
        return memo[nid]

    return write(node_id, 0)


def op_math(doc: Document, node_id: str) -> OpMath | None:
    """The selected op as math, with its inputs' local derivatives from the op table."""
    node = doc.nodes.get(node_id)
    if node is None or node.kind != "op":
        return None
    op = engine.OPS.get(node.op)
    if op is None:
        return None
    text, _ = math_expression(doc, node_id)
    rich, _ = math_expression(doc, node_id, html=True)
    ins: list[str | None] = [None] * op.arity
    for e in doc.in_edges(node_id):
        if e.port < op.arity:
            ins[e.port] = e.src
    names = {("x" if port == 0 else "y"): operand(doc, src)
             for port, src in enumerate(ins) if port <= 1 and src is not None}
    lines: list[str] = []
    for port, src in enumerate(ins):
        if src is None or port >= len(op.formulas) or not op.formulas[port] or port in op.nondiff:
            continue
        line = f"∂{node.name}/∂{operand(doc, src)} = {local_formula(op.formulas[port], names)}"
        if doc.nodes[src].kind == "op":
            line += f"   ({operand(doc, src)} = {math_expression(doc, src)[0]})"
        lines.append(line)
    lines.extend(_leaf_derivatives(doc, node_id))
    definition = f"{node.name} = {text}"
    html_lines = [f"{_esc(node.name)} = {_esc_keep_sup(rich)}", *(_esc(x) for x in lines)]
    return OpMath(definition=definition, derivatives=lines, html="<br>".join(html_lines))


def _leaf_derivatives(doc: Document, node_id: str) -> list[str]:
    """``∂Q/∂a = 9a² = [36., 81.]`` for the leaves (requiring grad) the node is computed from."""
    upstream = set()
    stack = [node_id]
    while stack:
        for e in doc.in_edges(stack.pop()):
            if e.src not in upstream:
                upstream.add(e.src)
                stack.append(e.src)
    leaves = [nid for nid in doc.topological_order()
              if nid in upstream and doc.nodes[nid].kind == "leaf" and doc.nodes[nid].requires_grad]
    out = []
    name = doc.nodes[node_id].name
    for leaf in leaves[:LEAF_LIMIT]:
        report = chain_paths(doc, leaf, root=node_id)
        if report.problem is not None or report.total is None:
            continue
        formula = path_formula(report)
        numbers = format_array(report.total)
        middle = f" = {formula}" if formula is not None and formula != numbers else ""
        out.append(f"∂{name}/∂{doc.nodes[leaf].name}{middle} = {numbers}")
    return out


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _esc_keep_sup(text: str) -> str:
    return _esc(text).replace("&lt;sup&gt;", "<sup>").replace("&lt;/sup&gt;", "</sup>")
