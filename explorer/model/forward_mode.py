"""Forward mode (JVP) on the document's graph, step by step, beside reverse mode.

Reverse mode (``backward``) sends a gradient ``v`` from the root back to the leaves and ends
with ``Jᵀv`` in their ``.grad``.  Forward mode sends a *tangent* ``t`` — a direction chosen on
the leaves — forward with the values: every node gets, beside its value, its tangent
``J·t`` restricted to it, computed by the node's JVP rule from its inputs' tangents::

    u = a ** 3          u̇ = ∂u/∂a · ȧ = 3·a² · ȧ

The numbers come from one evaluation of the document through the engine's own forward mode
(``engine.forward_ad``: the leaves are dual tensors), and each input's share of a node's
tangent from the same op applied with only that input dual.  At the end both modes meet in
the identity every AD text states, ``⟨v, J·t⟩ = ⟨Jᵀv, t⟩``: the root's tangent dotted with
``v`` equals the leaves' gradients dotted with their tangents (:func:`duality`).

No Qt here; the window shows :class:`TangentStep` records beside the forward steps.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import engine
from engine import forward_ad
from explorer.model.document import Document
from explorer.model.messages import Message
from explorer.model.runner.execute import as_array, engine_dtype, evaluate, op_params
from explorer.model.runner.formatting import _fmt_number, format_array
from explorer.model.runner.steps import _local_formula, _operand, expression

# The notes after a line, English here; the window translates them (a fixed set: see NOTES).
NOTES = ("the tangent you chose", "a constant", "no tangent was put on it", "not computed",
         "no input carries a tangent", "the inputs' shares are summed",
         "the gradient passed to backward", "implicit gradient of a scalar root",
         "forward mode", "reverse mode")

__all__ = ["NOTES", "TangentStep", "Duality", "tangent_leaves", "default_tangents", "fit_tangent",
           "tangent_steps", "duality", "dot", "format_number"]


def format_number(x: float) -> str:
    """A number as the chain-rule lines print it (torch's style)."""
    return _fmt_number(x)


@dataclass(frozen=True)
class TangentStep:
    """One node in forward mode: its value and its tangent (None: it does not depend on the
    tangent, i.e. its tangent is zero), with the JVP rule written out in numbers."""

    index: int
    node_id: str
    name: str
    value: np.ndarray | None
    tangent: np.ndarray | None
    lines: tuple[tuple[str, str], ...] = ()   # (formula in numbers, note: one of NOTES or "")


@dataclass(frozen=True)
class Duality:
    """``⟨v, J·t⟩`` (forward mode) beside ``⟨Jᵀv, t⟩`` (reverse mode)."""

    forward_value: float
    reverse_value: float
    lines: tuple[tuple[str, str], ...] = field(default=())

    @property
    def agree(self) -> bool:
        return bool(np.isclose(self.forward_value, self.reverse_value, rtol=1e-4, atol=1e-5))


def dot(name: str) -> str:
    """The tangent of ``name`` as AD texts write it: ``ȧ`` for one letter with a dotted form in
    Unicode, ``ṫ(loss)`` else (a combining dot lands beside the letter in many fonts)."""
    dotted = unicodedata.normalize("NFC", name + "\u0307")
    return dotted if len(dotted) == 1 else f"ṫ({name})"


def tangent_leaves(doc: Document) -> list[str]:
    """The leaves a tangent may be put on: those that require grad (reverse mode gives their
    ``Jᵀv``, so the identity can be checked on them), in document order."""
    return [nid for nid, n in doc.nodes.items()
            if n.kind == "leaf" and n.requires_grad and n.value is not None
            and np.asarray(n.value).dtype.kind == "f"]


def default_tangents(doc: Document, selected: str | None = None) -> dict[str, np.ndarray]:
    """Ones on the selected leaf (or the first leaf that requires grad), nothing elsewhere."""
    leaves = tangent_leaves(doc)
    if not leaves:
        return {}
    nid = selected if selected in leaves else leaves[0]
    return {nid: np.ones_like(np.asarray(doc.nodes[nid].value, dtype=np.float64))}


def fit_tangent(doc: Document, nid: str, value: Any) -> np.ndarray:
    """``value`` as the tangent of leaf ``nid``: a number fills the leaf's shape; any other
    shape must be the leaf's own (``ValueError`` with one clear line otherwise)."""
    shape = np.shape(doc.nodes[nid].value)
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return np.full(shape, float(arr))
    if arr.shape != shape:
        raise ValueError(Message("the tangent of '{name}' must have its shape {shape}, not {shape_2}",
                                 name=doc.nodes[nid].name, shape=list(shape), shape_2=list(arr.shape)))
    return arr


def _tangent(t: Any) -> np.ndarray | None:
    if t is None or isinstance(t, (int, float)):
        return None
    tan = forward_ad.unpack_dual(t).tangent
    return None if tan is None else np.array(as_array(tan), copy=True)


def _plain(t: Any) -> Any:
    """The value without its tangent (numbers stay numbers)."""
    if isinstance(t, (int, float)):
        return t
    return engine.tensor(np.array(as_array(t), copy=True))


def tangent_steps(doc: Document, tangents: dict[str, np.ndarray]) -> list[TangentStep]:
    """Every node of ``doc`` in topological order with its tangent, given tangents on leaves."""
    out: list[TangentStep] = []
    with forward_ad.dual_level():
        duals = {}
        for nid, tan in tangents.items():
            node = doc.nodes[nid]
            primal = engine.tensor(np.asarray(node.value), dtype=engine_dtype(node.dtype))
            tangent = fit_tangent(doc, nid, tan).astype(as_array(primal).dtype)
            duals[nid] = forward_ad.make_dual(primal, engine.tensor(tangent))
        ev = evaluate(doc, nonfinite="warn", leaves=duals)
        for i, nid in enumerate(ev.wiring.order):
            node = doc.nodes[nid]
            info = ev.info.get(nid)
            t = ev.tensors.get(nid)
            tan = _tangent(t) if t is not None else None
            value = info.value if info is not None else None
            if node.kind == "op" and info is not None and info.computed:
                lines = _op_lines(doc, ev, nid, tan)
            elif node.kind == "op":
                lines = ((f"{node.name} = {expression(doc, ev.wiring.inputs[nid], nid)}", "not computed"),)
            elif nid in tangents:
                lines = ((f"{dot(node.name)} = {format_array(tan)}", "the tangent you chose"),)
            else:
                why = "a constant" if node.kind == "const" else "no tangent was put on it"
                lines = ((f"{dot(node.name)} = 0", why),)
            out.append(TangentStep(i, nid, node.name, value, tan, lines))
    return out


def _op_lines(doc: Document, ev: Any, nid: str, tan: np.ndarray | None) -> tuple[tuple[str, str], ...]:
    """``u = a ** 3 = [8., 27.]`` then one JVP term per input that carries a tangent, and the
    sum when several do: ``u̇ = ∂u/∂a · ȧ = 3·a² · [1., 0.] = [12., 0.]``."""
    node = doc.nodes[nid]
    me = node.name
    srcs = [s for s in ev.wiring.inputs[nid] if s is not None]
    lines = [(f"{me} = {expression(doc, ev.wiring.inputs[nid], nid)} = {format_array(ev.info[nid].value)}", "")]
    if tan is None:
        lines.append((f"{dot(me)} = 0", "no input carries a tangent"))
        return tuple(lines)
    names = {("x" if port == 0 else "y"): _operand(doc, src)
             for port, src in enumerate(ev.wiring.inputs[nid]) if port < 2 and src is not None}
    formulas = engine.OPS[node.op].formulas
    # as the runner does: a 0-d constant beside a tensor goes in as a Python number
    mixed = not ev.scalars.isdisjoint(srcs) and not ev.scalars.issuperset(srcs)
    args = [np.asarray(doc.nodes[s].value).item() if mixed and s in ev.scalars else ev.tensors[s]
            for s in srcs]
    terms: list[tuple[str, np.ndarray]] = []
    for port, src in enumerate(srcs):
        t_in = _tangent(args[port])
        if t_in is None:
            continue
        # this input's share: the same op with only this input dual (JVPs are linear in t)
        one = [_plain(a) for a in args]
        one[port] = forward_ad.make_dual(one[port], engine.tensor(t_in.astype(as_array(one[port]).dtype)))
        res = engine.apply_op(node.op, *one, **op_params(node))
        if isinstance(res, tuple):
            res = res[0]
        share = _tangent(res)
        share = np.zeros_like(tan) if share is None else share
        src_name = doc.nodes[src].name
        local = (_local_formula(formulas[port], names) if port < len(formulas) and formulas[port]
                 else f"∂{me}/∂{src_name}")
        lines.append((f"∂{me}/∂{src_name} · {dot(src_name)} = {local} · {format_array(t_in)}"
                      f" = {format_array(share)}", ""))
        terms.append((src_name, share))
    if len(terms) > 1:
        parts = " + ".join(format_array(s) for _, s in terms)
        lines.append((f"{dot(me)} = {parts} = {format_array(tan)}", "the inputs' shares are summed"))
    else:
        lines.append((f"{dot(me)} = {format_array(tan)}", ""))
    return tuple(lines)


def duality(doc: Document, steps: list[TangentStep], tangents: dict[str, np.ndarray],
            v: np.ndarray | None, reverse: dict[str, np.ndarray]) -> Duality | None:
    """``⟨v, J·t⟩`` from the root's tangent and ``⟨Jᵀv, t⟩`` from the leaves' gradients of one
    backward pass (``reverse``: leaf id -> what AccumulateGrad added).  ``v`` is the gradient
    backward started from (None: the implicit 1 of a scalar root).  None when the root has no
    value or no leaf with a tangent got a gradient."""
    root = doc.root
    by_id = {s.node_id: s for s in steps}
    rs = by_id.get(root)
    if rs is None or rs.value is None:
        return None
    jt = rs.tangent if rs.tangent is not None else np.zeros(np.shape(rs.value))
    v_arr = np.ones(np.shape(rs.value)) if v is None else np.asarray(v, dtype=np.float64)
    lhs = float(np.sum(v_arr * jt))
    Q = doc.nodes[root].name
    rhs = 0.0
    reverse_parts, terms = [], []
    for nid, t in tangents.items():
        g = reverse.get(nid)
        name = doc.nodes[nid].name
        if g is None:
            g = np.zeros(np.shape(t))    # no gradient reached it: Jᵀv is 0 there
        rhs += float(np.sum(np.asarray(g, dtype=np.float64) * np.asarray(t, dtype=np.float64)))
        reverse_parts.append(f"{name}.grad = {format_array(g)}")
        terms.append(f"Σ {name}.grad·{dot(name)}")
    v_how = "the gradient passed to backward" if v is not None else "implicit gradient of a scalar root"
    lines = (
        (f"v = {format_array(v_arr)}", v_how),
        (f"J·t = {dot(Q)} = {format_array(jt)}", "forward mode"),
        (f"Jᵀv = {', '.join(reverse_parts)}", "reverse mode"),
        (f"⟨v, J·t⟩ = Σ v·{dot(Q)} = {format_number(lhs)}", ""),
        (f"⟨Jᵀv, t⟩ = {' + '.join(terms)} = {format_number(rhs)}", ""),
    )
    return Duality(lhs, rhs, lines)
