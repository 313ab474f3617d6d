"""Documents back to text: ``to_script`` (the expression language) and ``to_torch_script``
(a runnable PyTorch program).

Both print the same lines. Leaves, and every node a person named (or that several ops use),
get a line of their own; intermediates with a made-up name (``mul1``) and one consumer are
written inline, with the fewest parentheses Python's precedence allows (``3 * a ** 3 - b ** 2``).
``parse_script(to_script(doc))`` rebuilds an equivalent document.
"""
from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from explorer.model.document import Document, Node
from explorer.model.language.optable import RESERVED, is_auto_name, ops, required_sentinel

__all__ = ["to_script", "to_torch_script", "number_text", "array_text"]

#: Longer chains of inlined ops are cut into named lines (keeps lines readable, and well
#: below the parser's nesting cap).
MAX_INLINE_DEPTH = 12
_ATOM = 10 ** 6


def to_script(doc: Document) -> str:
    """The document in the expression language (``parse_script`` reads it back)."""
    return _Printer(doc, torch=False).run()


def to_torch_script(doc: Document) -> str:
    """A runnable PyTorch script: imports, leaves, ops, the backward call, the leaves' grads."""
    return _Printer(doc, torch=True).run()


# --------------------------------------------------------------------------------------------
# numbers and arrays
# --------------------------------------------------------------------------------------------
def _float_text(v: float, dtype: str, *, tensor_style: bool) -> str:
    """Shortest text that reads back to the same value in ``dtype``; ``2.`` in tensors."""
    v = float(v)
    if math.isnan(v):
        return "float('nan')"
    if math.isinf(v):
        return "float('inf')" if v > 0 else "-float('inf')"
    text = str(np.float32(v)) if dtype == "float32" else repr(v)
    if tensor_style:
        if text.endswith(".0"):
            text = text[:-1]
    elif v.is_integer() and abs(v) < 1e15:
        text = str(int(v)) if not (v == 0 and math.copysign(1.0, v) < 0) else "-0.0"
    return text


def number_text(v: Any) -> str:
    """A Python number as the script writes it: ``3``, ``0.5``, ``-2``, ``float('nan')``.

    A float32 value prints with the fewest digits that identify it as a float32 (``0.1``, not
    ``0.10000000149011612``): a constant typed as 0.1 into a float32 field reads as 0.1."""
    dtype = "float32" if isinstance(v, np.floating) and v.dtype == np.float32 else "float64"
    return _float_text(float(v), dtype, tensor_style=False)


def array_text(value: np.ndarray) -> str:
    """Nested list text of an array: ``[[1., 2.], [3., 4.]]`` (whole-number arrays: ``[0, 2]``)."""
    value = np.asarray(value)
    if value.dtype.kind == "b":
        fmt = lambda v: str(bool(v))  # noqa: E731
    elif value.dtype.kind in "iu":
        fmt = lambda v: str(int(v))  # noqa: E731
    else:
        dtype = "float32" if value.dtype == np.float32 else "float64"
        fmt = lambda v: _float_text(v, dtype, tensor_style=True)  # noqa: E731
    if value.ndim == 0:
        return fmt(value.item())

    def rows(a: np.ndarray) -> str:
        if a.ndim == 1:
            return "[" + ", ".join(fmt(v) for v in a.tolist()) + "]"
        return "[" + ", ".join(rows(sub) for sub in a) + "]"

    return rows(value)


def _is_scalar_const(node: Node) -> bool:
    """A 0-d float constant: it stands for a Python number (``3`` in ``3*a``)."""
    return (node.kind == "const" and node.value is not None and np.ndim(node.value) == 0
            and np.asarray(node.value).dtype.kind == "f")


# --------------------------------------------------------------------------------------------
# the printer
# --------------------------------------------------------------------------------------------
class _Printer:
    def __init__(self, doc: Document, *, torch: bool) -> None:
        self.doc = doc
        self.torch = torch
        self.table = ops()
        self.uses_F = False
        neg = next((o for o in self.table.values() if o.symbol in ("-", "neg") and o.arity == 1), None)
        self.unary_prec = neg.precedence if neg is not None else 13
        self.names = self._printable_names()
        self.inline = self._inline_set()

    # ------------------------------------------------------------------ names and layout of lines
    def _printable_names(self) -> dict[str, str]:
        reserved = set(RESERVED) | ({"torch", "F"} if self.torch else set())
        taken = {n.name for n in self.doc.nodes.values()}
        names = {}
        for nid, node in self.doc.nodes.items():
            name = node.name
            if name in reserved:
                candidate = f"{name}_"
                while candidate in taken or candidate in reserved:
                    candidate += "_"
                taken.add(candidate)
                name = candidate
            names[nid] = name
        return names

    def _inline_set(self) -> set[str]:
        doc = self.doc
        inline: set[str] = set()
        depth: dict[str, int] = {}
        for nid in doc.topological_order():
            node = doc.nodes[nid]
            d = 1 + max((depth.get(e.src, 0) for e in doc.in_edges(nid) if e.src in inline), default=0)
            if self._inlinable(node) and d <= MAX_INLINE_DEPTH:
                inline.add(nid)
                depth[nid] = d
        return inline

    def _inlinable(self, node: Node) -> bool:
        if node.kind == "leaf" or node.id == self.doc.root or node.retain_grad:
            return False
        if self.doc.groups_of(node.id):
            return False  # a group lists its members by name
        if node.kind == "op" and node.op not in self.table:
            return False
        if len(self.doc.out_edges(node.id)) != 1:
            return False
        return is_auto_name(node.name, node.kind, node.op)

    def _root_written_inline(self) -> str | None:
        """A made-up-name root that nothing else uses is written in its backward call:
        ``(y ** 2).sum().backward()`` rather than ``sum1 = (y ** 2).sum()`` + ``sum1.backward()``."""
        root = self.doc.nodes.get(self.doc.root) if self.doc.root is not None else None
        if root is None or root.kind != "op" or root.op not in self.table or root.retain_grad:
            return None
        if self.doc.out_edges(root.id) or self.doc.groups_of(root.id):
            return None
        return root.id if is_auto_name(root.name, "op", root.op) else None

    def run(self) -> str:
        doc = self.doc
        body: list[str] = []
        requires = self._static_requires_grad()
        inline_root = self._root_written_inline()
        for nid in doc.topological_order():
            if nid in self.inline or nid == inline_root:
                continue
            node = doc.nodes[nid]
            body.append(f"{self.names[nid]} = {self._definition(node)}")
            if node.retain_grad and node.kind == "op" and (not self.torch or requires.get(nid)):
                body.append(f"{self.names[nid]}.retain_grad()")
        for group in doc.groups.values():
            members = [self.names[m] for m in doc.topological_order() if m in set(group.members)]
            body.append(f"# group {_group_title(group.name)}: {', '.join(members)}")
        if doc.root is not None and doc.root in doc.nodes:
            root = self.names[doc.root]
            if inline_root is not None:
                root, prec = self._expr(inline_root, top=True)
                root = root if prec >= _ATOM else f"({root})"
            if doc.root_gradient is None:
                body.append(f"{root}.backward()")
            else:
                body.append(f"{root}.backward(gradient={self._tensor_literal(np.asarray(doc.root_gradient), None)})")
        if self.torch:
            body.extend(self._prints())
            header = ["import torch"]
            if self.uses_F:
                header.append("import torch.nn.functional as F")
            return "\n".join([*header, "", *body]) + "\n"
        return "\n".join(body) + ("\n" if body else "")

    def _prints(self) -> list[str]:
        doc = self.doc
        lines = []
        if doc.root is not None and doc.root in doc.nodes:
            for nid in doc.topological_order():
                node = doc.nodes[nid]
                if (node.kind == "leaf" and node.requires_grad) or (node.kind == "op" and node.retain_grad
                                                                    and nid not in self.inline):
                    lines.append(f"print({self.names[nid]}.grad)")
        else:
            for nid in doc.topological_order():
                if nid not in self.inline and doc.nodes[nid].kind == "op" and not doc.out_edges(nid):
                    lines.append(f"print({self.names[nid]})")
        return lines

    def _static_requires_grad(self) -> dict[str, bool]:
        return self.doc.static_requires_grad()

    # ------------------------------------------------------------------ one node's text
    def _definition(self, node: Node) -> str:
        if node.kind == "leaf":
            return self._tensor_literal(np.asarray(node.value), bool(node.requires_grad))
        if node.kind == "const":
            if _is_scalar_const(node):
                return number_text(np.asarray(node.value)[()])
            return self._tensor_literal(np.asarray(node.value), None)
        return self._expr(node.id, top=True)[0]

    def _tensor_literal(self, value: np.ndarray, requires_grad: bool | None) -> str:
        parts = [array_text(value)]
        if value.dtype == np.float64:
            parts.append("dtype=torch.float64" if self.torch else "dtype=float64")
        if requires_grad is not None:
            parts.append(f"requires_grad={requires_grad}")
        return f"{'torch.' if self.torch else ''}tensor({', '.join(parts)})"

    def _expr(self, nid: str | None, top: bool = False) -> tuple[str, int]:
        """(text, precedence) of a node used as an operand."""
        if nid is None:
            return "None", _ATOM
        node = self.doc.nodes[nid]
        if nid not in self.inline and not top:
            return self.names[nid], _ATOM
        if node.kind == "const":
            if _is_scalar_const(node):
                text = number_text(np.asarray(node.value)[()])
                return text, (self.unary_prec if text.startswith("-") else _ATOM)
            return self._tensor_literal(np.asarray(node.value), None), _ATOM
        if node.kind == "leaf":
            return self._tensor_literal(np.asarray(node.value), bool(node.requires_grad)), _ATOM
        return self._op_expr(node)

    def _op_expr(self, node: Node) -> tuple[str, int]:
        op = self.table.get(node.op)
        if op is None:
            args = ", ".join(self._expr(e.src)[0] for e in self.doc.in_edges(node.id))
            return f"{node.op}({args})", _ATOM
        inputs = _without_omitted_inputs(self.doc.inputs(node.id), op.optional_inputs)
        scalar = [i is not None and _is_scalar_const(self.doc.nodes[i]) for i in inputs]
        all_scalar = bool(inputs) and all(scalar)
        written_as_symbol = (op.symbol and not node.params and not all_scalar
                             and None not in inputs)
        if written_as_symbol and op.arity == 2:
            return self._binary_expr(op, inputs[0], inputs[1]), op.precedence
        if written_as_symbol and op.arity == 1 and op.symbol in ("-", "neg"):
            text, p = self._expr(inputs[0])
            return (f"-({text})" if p <= op.precedence else f"-{text}"), op.precedence
        return self._call_expr(node, op, inputs, scalar, all_scalar), _ATOM

    def _binary_expr(self, op: Any, left: str, right: str) -> str:
        """``a op b`` with the fewest parentheses: the left operand binds tighter, except
        under ``**``, which groups to the right (``(a ** b) ** c``, ``a ** -b``)."""
        prec = op.precedence
        (lt, lp), (rt, rp) = self._expr(left), self._expr(right)
        if op.symbol == "**":
            left_parens = lp <= prec
            right_parens = rp < prec and not (rp == self.unary_prec and rt.startswith("-"))
        else:
            left_parens, right_parens = lp < prec, rp <= prec
        lt = f"({lt})" if left_parens else lt
        rt = f"({rt})" if right_parens else rt
        return f"{lt} {op.symbol} {rt}"

    def _call_expr(self, node: Node, op: Any, inputs: list[str | None], scalar: list[bool],
                   all_scalar: bool) -> str:
        receiver_ok = bool(inputs) and inputs[0] is not None and not scalar[0]
        method, prefix = self._call_style(op, receiver_ok)
        operands = self._operands(inputs, scalar, all_scalar)
        receiver = ""
        if receiver_ok:
            recv_text, recv_prec = operands[0]
            receiver = recv_text if recv_prec >= _ATOM else f"({recv_text})"
        if node.op == "permute" and receiver_ok and tuple(node.params.get("dims", ())) == (1, 0):
            return f"{receiver}.T"  # x.T is permute(1, 0)
        params = self._param_texts(node, op, varargs=method)
        along_dim = node.op in ("max", "min") and node.params.get("dim") is not None
        # torch's max/min along a dim return (values, indices)
        suffix = ".values" if along_dim else ""
        if not method:
            return f"{prefix}{node.op}({', '.join([*(t for t, _ in operands), *params])}){suffix}"
        if self.torch and node.op in ("max", "min") and not along_dim:
            # torch's max() over all elements takes no keepdim (the engine ignores it there)
            return f"{receiver}.{node.op}()"
        return f"{receiver}.{node.op}({', '.join([*(t for t, _ in operands[1:]), *params])}){suffix}"

    def _call_style(self, op: Any, receiver_ok: bool) -> tuple[bool, str]:
        """(written as a method of its first input, prefix of a function call). The language
        writes reductions and shape ops as methods; torch, every op torch has as a method."""
        if not self.torch:
            return receiver_ok and op.method and op.category in ("reduction", "shape"), ""
        if receiver_ok and op.method and op.arity <= 2:
            return True, ""
        if op.functional and not op.function:
            self.uses_F = True
            return False, "F."
        return False, "torch."

    def _operands(self, inputs: list[str | None], scalar: list[bool], all_scalar: bool) -> list[tuple[str, int]]:
        """Each operand's (text, precedence), printed once (printing it twice per level would
        double the work at every level of an inlined chain). Torch's functions take no bare
        numbers only: those become 0-d tensors."""
        operands: list[tuple[str, int]] = []
        for src, sc in zip(inputs, scalar):
            if self.torch and sc and all_scalar:
                node_in = self.doc.nodes[src]
                text = number_text(np.asarray(node_in.value)[()])
                operands.append((f"torch.tensor({text}, dtype=torch.{node_in.dtype})", _ATOM))
            else:
                operands.append(self._expr(src))
        return operands

    def _param_texts(self, node: Node, op: Any, *, varargs: bool) -> list[str]:
        required = required_sentinel()
        texts = []
        for p in op.params:
            if p.name in node.params:
                value = node.params[p.name]
            elif p.default is not required and p.default is not None and p.default is not False:
                value = p.default
            else:
                continue
            # Defaults that PyTorch also has (None, False) are left out; others (softmax's
            # dim=-1, transpose's 0 and 1, a shape) are written, since torch requires them.
            if p.default is not required and (p.default is None or p.default is False) \
                    and _same(value, p.default):
                continue
            if p.kind == "shape" and isinstance(value, (tuple, list)) and p is op.params[0]:
                # a leading shape is written positionally: x.reshape(2, 3), reshape(x, (2, 3))
                if varargs and len(value) >= 1:
                    texts.extend(str(int(v)) for v in value)
                else:
                    texts.append(_value_text(tuple(value)))
            else:
                texts.append(f"{p.name}={_value_text(value)}")
        if self.torch and any(t.startswith("keepdim=") for t in texts) and not any(
                t.startswith("dim=") for t in texts) and any(p.name == "dim" for p in op.params):
            texts.insert(0, "dim=None")  # torch's sum(keepdim=...) needs the dim written out
        return texts


def _without_omitted_inputs(inputs: list[str | None], optional: int) -> list[str | None]:
    """Trailing optional inputs left out are not written: linear(x, W) has no bias."""
    while inputs and inputs[-1] is None and optional > 0:
        inputs = inputs[:-1]
        optional -= 1
    return inputs


def _group_title(name: str) -> str:
    """A group's name in a ``# group "name": a, b`` comment (quotes escaped JSON-style)."""
    return json.dumps(" ".join(str(name).split()), ensure_ascii=False)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a == b
    return a == b


def _value_text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value)) if math.isfinite(value) else number_text(value)
    if isinstance(value, (tuple, list)):
        items = [_value_text(v) for v in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    return repr(value)
