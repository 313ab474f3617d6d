"""Step records for step-through and the chain-rule panel, read off one engine evaluation.

Forward steps are one per node in topological order; backward steps are the engine's own
records (``engine.autograd.backward_steps``) in its order, mapped onto document nodes and
edges, each with chain-rule lines written with numbers on first use.

Inside a composite op (``2 / x`` is MulBackward0 over ReciprocalBackward0, cross_entropy is
NllLossBackward0 over LogSoftmaxBackward0) the inner grad_fns are named after the value they
differentiate (``log_softmax(logits)``), never after the node itself: the gradient reaching
LogSoftmaxBackward0 is ∂loss/∂log_softmax(logits), not ∂loss/∂loss (which is 1).
"""
from __future__ import annotations

import functools
import math
import re
from typing import Any

import numpy as np

import engine
from explorer.model.document import Document
from explorer.model.runner.execute import (BackwardOutcome, Evaluation, NodeInfo, as_array, fn_name,
                                           is_accumulate, is_scalar_const)
from explorer.model.runner.formatting import _fmt_number, format_array
from explorer.model.runner.lines import Line
from explorer.model.runner.results import Arrival, BackwardStep, ForwardStep, Send

__all__ = ["forward_records", "backward_records", "expression", "local_formula", "operand"]


# ---------------------------------------------------------------------------------------------
# expressions and formulas in the document's names
# ---------------------------------------------------------------------------------------------
def _scalar_literal(value: Any) -> str:
    """A 0-d constant as it is written in code: ``3``, ``0.5``, ``-2``."""
    v = np.asarray(value).item()
    if isinstance(v, float) and math.isfinite(v) and v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return _fmt_number(v) if isinstance(v, float) and not math.isfinite(v) else repr(v)


_SYMBOL_SUB = re.compile(r"(?<![A-Za-z_0-9])(x|y)(?![A-Za-z_0-9])")
_SUPER_FROM = "0123456789abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW+-=()"
_SUPER_TO = "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ⁺⁻⁼⁽⁾"
_SUPER = str.maketrans(_SUPER_FROM, _SUPER_TO)


def _superscript(text: str) -> str:
    """``text`` raised (``3`` -> ``³``, ``s`` -> ``ˢ``), or ``^(text)`` when Unicode has no
    raised form for one of its characters (``q``, ``0.5``, ``x_1``)."""
    if text and all(ch in _SUPER_FROM for ch in text):
        return text.translate(_SUPER)
    return f"^({text})"


def _local_formula(formula: str, names: dict[str, str]) -> str:
    """The right-hand side of an op-table formula written with the document's names:
    ``y·xʸ⁻¹`` for ``u = a ** 3`` reads ``3·a²``; ``eˣ`` for ``exp(s)`` reads ``eˢ``."""
    rhs = formula.rsplit("=", 1)[-1].strip() if "=" in formula else formula.strip()
    if not names:
        return rhs
    rhs = _SYMBOL_SUB.sub(lambda m: names.get(m.group(1), m.group(1)), rhs)
    for letter, raised in (("x", "ˣ"), ("y", "ʸ")):
        if letter not in names:
            continue
        if raised + "⁻¹" in rhs:  # the power rule's exponent, worked out when it is a number
            try:
                n = float(names[letter]) - 1
                exponent = "" if n == 1 else _superscript(str(int(n)) if n == int(n) else repr(n))
            except ValueError:
                exponent = _superscript(f"{names[letter]}-1")
            rhs = rhs.replace(raised + "⁻¹", exponent)
        rhs = rhs.replace(raised, _superscript(names[letter]))
    return rhs


def _operand(doc: Document, src: str | None) -> str:
    if src is None:
        return "?"
    if is_scalar_const(doc, src):
        return _scalar_literal(doc.nodes[src].value)
    return doc.nodes[src].name


def expression(doc: Document, inputs: list[str | None], nid: str) -> str:
    """An op node's right-hand side as code: ``a ** 3``, ``-x``, ``linear(x, W, b)``."""
    node = doc.nodes[nid]
    op = engine.OPS.get(node.op)
    ins = [_operand(doc, src) for src in inputs]
    if op is None:
        return f"{node.op}({', '.join(ins)})"
    symbol = op.symbol
    if symbol and op.arity == 2 and len(ins) == 2:
        return f"{ins[0]} {symbol} {ins[1]}"
    if symbol and op.arity == 1 and len(ins) == 1:
        return f"{symbol}{ins[0]}"
    params = [f"{k}={v!r}" for k, v in (node.params or {}).items()]
    return f"{node.op}({', '.join([*ins, *params])})"


# The same rules for the path view (explorer.model.paths), which writes each edge's local derivative.
local_formula = _local_formula
operand = _operand


# ---------------------------------------------------------------------------------------------
# forward
# ---------------------------------------------------------------------------------------------
def forward_records(ev: Evaluation) -> list[ForwardStep]:
    """One record per node in topological order (the order forward computed them)."""
    doc, wiring = ev.doc, ev.wiring
    out = []
    for i, nid in enumerate(wiring.order):
        node = doc.nodes[nid]
        info = ev.info.get(nid) or NodeInfo()
        inputs = []
        if node.kind == "op":
            for port, src in enumerate(wiring.inputs[nid]):
                v = ev.info[src].value if src in ev.info else None
                inputs.append((port, src, v))
        expr = expression(doc, wiring.inputs[nid], nid) if node.kind == "op" else ""
        if node.kind == "leaf":
            rg = ", requires_grad=True" if node.requires_grad else ""
            text = f"{node.name} = tensor({format_array(info.value)}{rg})"
        elif node.kind == "const":
            text = Line("{name} = {value}  (constant)", name=node.name, value=format_array(info.value))
        elif info.computed:
            text = f"{node.name} = {expr} = {format_array(info.value)}"
        elif info.error:
            text = f"{node.name} = {expr}  ✗ {info.error}"
        else:
            blocked = doc.nodes[info.blocked_by].name if info.blocked_by in doc.nodes else "an input"
            text = Line("{name} = {expr}  (not computed: '{blocked}' failed)", name=node.name, expr=expr, blocked=blocked)
        expr = expr if node.kind == "op" else text.split(" = ", 1)[1]
        out.append(ForwardStep(i, nid, node.name, node.kind, node.op, inputs, info.value, text,
                               expression=expr, error=info.error, warning=info.warning))
    return out


# ---------------------------------------------------------------------------------------------
# backward
# ---------------------------------------------------------------------------------------------
def backward_records(ev: Evaluation, outcome: BackwardOutcome,
                     before: dict[str, np.ndarray | None], passes: int,
                     backward_edges: set, returns: bool = False,
                     extra_roots: tuple = ()) -> list[BackwardStep]:
    """The engine's steps of ``outcome`` mapped onto the document. ``before`` holds each
    leaf's ``.grad`` before this pass and ``passes`` how many passes are summed in it now
    (for the ``old + new`` line of an accumulating backward). ``returns``: the pass is
    ``torch.autograd.grad``'s, which returns the leaves' gradients instead of setting .grad.
    ``extra_roots``: the pass's other roots, ``(node id, gradient or None)``: each one's first
    step is seeded with its own gradient."""
    doc = ev.doc
    root = doc.root
    pending: dict[Any, list[Arrival]] = {}
    out: list[BackwardStep] = []
    # each root's gradient is given, not received: True where passed explicitly
    explicit = {root: doc.root_gradient is not None, **{nid: g is not None for nid, g in extra_roots}}
    seeded: set = set()
    text = _ChainRule(ev, passes, backward_edges, returns, explicit)
    for i, s in enumerate(outcome.raw):
        fn = s.node
        accumulate = is_accumulate(fn)
        nid = ev.owner_of(fn) or root
        arrivals = pending.pop(fn, [])
        grad_output = as_array(s.grad_output[0]) if s.grad_output else None
        # one root: its first step; several: each root's first step (matched by node)
        if not arrivals and (not seeded if not extra_roots else nid in explicit and nid not in seeded):
            arrivals = [Arrival(None, grad_output, None, seed=True)]
            seeded.add(nid)
        elif not arrivals and grad_output is not None:
            arrivals = [Arrival(None, grad_output, None)]
        sends: list[Send] = []
        if not accumulate:
            targets = ev.send_edges(fn, nid)
            grads_to_next = list(s.grads_to_next) + [None] * (len(targets) - len(s.grads_to_next))
            for (f, _), (edge, dest, internal), g in zip(fn.next_functions, targets, grads_to_next):
                send = Send(edge, dest, fn_name(f), as_array(g), internal)
                sends.append(send)
                if f is not None and g is not None:
                    pending.setdefault(f, []).append(Arrival(edge, send.grad, nid))
        leaf_grad = None
        if accumulate and s.leaf_grad is not None:
            leaf_grad = np.array(as_array(s.leaf_grad), copy=True)
        step = BackwardStep(index=i, node_id=nid, name=s.name, kind="accumulate" if accumulate else "grad_fn",
                            arrivals=arrivals, grad=grad_output, sends=sends, leaf_grad=leaf_grad,
                            formulas=tuple(s.formulas or ()),
                            leaf_grad_before=before.get(nid) if accumulate else None,
                            returned=accumulate and returns)
        step._text = functools.partial(text.safe, step, fn)
        out.append(step)
    return out


class _ChainRule:
    """Writes the chain-rule lines of one backward step (on first use: a plain backward never
    pays for the text)."""

    def __init__(self, ev: Evaluation, passes: int, backward_edges: set, returns: bool = False,
                 explicit: dict | None = None) -> None:
        self.ev, self.doc, self.passes, self.backward_edges = ev, ev.doc, passes, backward_edges
        self.returns = returns
        self.explicit = explicit or {ev.doc.root: ev.doc.root_gradient is not None}
        self.names = {nid: n.name for nid, n in ev.doc.nodes.items()}

    def safe(self, step: BackwardStep, fn: Any) -> list[str]:
        try:
            return self.lines(step, fn)
        except Exception as exc:  # noqa: BLE001 - text for a panel must never break a run
            return [f"{step.name} ({self.names.get(step.node_id, '?')}): {format_array(step.grad)}",
                    f"(no chain-rule text: {exc})"]

    def label(self, fn: Any, nid: str) -> str:
        """What a grad_fn differentiates: the node's name for its own (top) grad_fn, else the
        inner value it computes, e.g. ``log_softmax(logits)`` inside cross_entropy."""
        t = self.ev.tensors.get(nid)
        if fn is None or (t is not None and t.grad_fn is fn) or self.ev.owner_of(fn) != nid:
            return self.names.get(nid, "?")
        parts = []
        for (f, _), (edge, dest, internal) in zip(fn.next_functions, self.ev.send_edges(fn, nid)):
            if internal:
                parts.append(self.label(f, nid))
            elif edge is not None:
                parts.append(self.names.get(edge.src, "?"))
            elif dest is not None:
                parts.append(self.names.get(dest, "?"))
        op = fn.op or fn_name(fn)
        return f"{op}({', '.join(parts)})"

    def symbol_names(self, nid: str) -> dict[str, str]:
        node = self.doc.nodes.get(nid)
        names: dict[str, str] = {}
        if node is None or node.kind != "op":
            return names
        for port, src in enumerate(self.ev.wiring.inputs[nid]):
            if port > 1 or src is None:
                continue
            names["x" if port == 0 else "y"] = _operand(self.doc, src)
        return names

    def paths_from(self, nid: str | None) -> int:
        if nid is None:
            return 1
        return sum(1 for e in self.ev.wiring.out_edges[nid] if e in self.backward_edges) or 1

    def lines(self, step: BackwardStep, fn: Any) -> list[str]:
        """What runs, the gradient that arrives, then what it sends to each input (or, for an
        AccumulateGrad step, what lands in ``.grad``)."""
        me = self.names.get(step.node_id, "?")
        node = self.doc.nodes.get(step.node_id)
        t = self.ev.tensors.get(step.node_id)
        is_top = node is not None and node.kind == "op" and t is not None and t.grad_fn is fn
        here = me if step.kind == "accumulate" else self.label(fn, step.node_id)
        q = self.root_label()
        lines: list[str] = []
        if step.kind != "accumulate":
            lines.append(self.runs_line(step, me, here, is_top))
        lines += self.incoming_lines(step, f"∂{q}/∂{here}")
        if step.kind == "accumulate":
            return lines + [self.accumulate_line(step, me)]
        # Input letters are replaced by names only where it is certain what they stand for: the
        # node's own op, or a one-input grad_fn inside it (ReciprocalBackward0 inside 2 / x).
        sub_names = self.symbol_names(step.node_id) if is_top else {}
        for i, send in enumerate(step.sends):
            if send.grad is None or send.to_name is None:
                continue
            if send.internal:
                lines.append(self.internal_send_line(step, fn, i, q, here, me))
            else:
                lines.append(self.input_send_line(step, fn, i, node if is_top else None, q, here, sub_names))
        return lines

    def root_label(self) -> str:
        """The root's name; several roots in one pass: what flows is the sum of their parts."""
        if len(self.explicit) > 1:
            return "(" + ", ".join(self.names.get(nid, "?") for nid in self.explicit) + ")"
        return self.names[self.doc.root]

    def runs_line(self, step: BackwardStep, me: str, here: str, is_top: bool) -> str:
        """Which grad_fn runs, for which node (or which part inside it)."""
        if is_top:
            return Line("{fn} runs for {node} = {expr}", fn=step.name, node=me,
                        expr=expression(self.doc, self.ev.wiring.inputs[step.node_id], step.node_id))
        if here != me:
            return Line("{fn} runs for {part}, inside {node}", fn=step.name, part=here, node=me)
        return Line("{fn} runs for {node}", fn=step.name, node=me)

    def incoming_lines(self, step: BackwardStep, incoming: str) -> list[str]:
        """The gradient arriving: the seed, a sum of several, or one."""
        arr = step.arrivals
        if len(arr) == 1 and arr[0].seed:
            template = ("{incoming} = {grad}  (the gradient passed to backward)"
                        if self.explicit.get(step.node_id, self.doc.root_gradient is not None)
                        else "{incoming} = {grad}  (implicit gradient of a scalar root)")
            return [Line(template, incoming=incoming, grad=format_array(arr[0].grad))]
        if len(arr) > 1:
            parts = " + ".join(format_array(a.grad) for a in arr)
            return [Line("{incoming} = {parts} = {grad}  (gradients meeting here are summed)",
                         incoming=incoming, parts=parts, grad=format_array(step.grad))]
        if arr:
            return [f"{incoming} = {format_array(step.grad)}"]
        return []

    def accumulate_line(self, step: BackwardStep, me: str) -> str:
        """What an AccumulateGrad step leaves in (or, for autograd.grad, returns beside) .grad."""
        if self.returns:
            return Line("torch.autograd.grad returns {grad} for {node}  ({node}.grad is "
                        "left as it was)", node=me, grad=format_array(step.leaf_grad))
        if step.leaf_grad_before is None or step.leaf_grad is None:
            return f"{me}.grad = {format_array(step.leaf_grad)}"
        new = step.leaf_grad - step.leaf_grad_before if step.grad is None else step.grad
        if not np.any(step.leaf_grad_before):   # w.grad.zero_(): zeros, not None
            return Line("{node}.grad = old + new = {old} + {new} = {total}  (.grad held "
                        "zeros: it was zeroed, not set to None)", node=me,
                        old=format_array(step.leaf_grad_before), new=format_array(new),
                        total=format_array(step.leaf_grad))
        return Line("{node}.grad = old + new = {old} + {new} = {total}  (accumulated ×{passes}: "
                    "backward ran again without zero_grad())", node=me,
                    old=format_array(step.leaf_grad_before), new=format_array(new),
                    total=format_array(step.leaf_grad), passes=self.passes)

    def internal_send_line(self, step: BackwardStep, fn: Any, i: int, q: str, here: str, me: str) -> str:
        """A gradient sent to another grad_fn inside the same node (log_softmax in cross_entropy)."""
        send = step.sends[i]
        inner = self.label(fn.next_functions[i][0], step.node_id)
        formula = step.formulas[0] if len(step.formulas) == 1 else (
            step.formulas[i] if i < len(step.formulas) else "")
        chain = f"∂{q}/∂{inner} = ∂{q}/∂{here} · ∂{here}/∂{inner} = {format_array(send.grad)}"
        if formula:
            return Line("{chain}  ({part} inside {node}; {formula})", chain=chain,
                        part=send.to_name, node=me, formula=formula)
        return Line("{chain}  ({part} inside {node})", chain=chain, part=send.to_name, node=me)

    def input_send_line(self, step: BackwardStep, fn: Any, i: int, top_node: Any, q: str, here: str,
                        sub_names: dict[str, str]) -> str:
        """The chain rule for one input of the node: incoming gradient times the local
        derivative. ``top_node``: the node when this is its own grad_fn (else None)."""
        send = step.sends[i]
        src = self.names.get(send.to_node, "?")
        formula = self.send_formula(step, i, top_node)
        names_here = sub_names
        if top_node is None and len(fn.next_functions) == 1 and send.edge is not None:
            names_here = {"x": src}
        local = _local_formula(formula, names_here) if formula else f"∂{here}/∂{src}"
        via = "  (one path of several)" if self.paths_from(send.to_node) > 1 else ""
        return Line("{head} = {grad} · {local} = {out}" + via,
                    head=f"∂{q}/∂{src} = ∂{q}/∂{here} · ∂{here}/∂{src}", grad=format_array(step.grad),
                    local=local, out=format_array(send.grad))

    @staticmethod
    def send_formula(step: BackwardStep, i: int, top_node: Any) -> str:
        """The local derivative for send ``i``: the op table's rule for the node's own grad_fn,
        else the grad_fn's formulas (one per send, or one for all)."""
        send = step.sends[i]
        if top_node is not None and send.edge is not None and send.edge.port < len(engine.OPS[top_node.op].formulas):
            return engine.OPS[top_node.op].formulas[send.edge.port]
        if len(step.formulas) == len(step.sends):
            return step.formulas[i]
        if len(step.formulas) == 1:
            return step.formulas[0]
        return ""
