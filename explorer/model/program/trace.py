"""The trace of one program run: what a debugger-like view steps through.

Two flat lists, both in execution order:

- ``statements``: one ``(line, depth, iters)`` tuple per statement executed. ``depth`` is the
  call depth (0 = module level), ``iters`` the iteration numbers of the enclosing loops,
  outermost first (``(3, 0)``: 4th pass of the outer loop, 1st of the inner one). A statement's
  index in this list is its step number.
- ``events``: dicts with ``kind``, ``stmt`` (the step number they happened in), ``line`` and
  kind-specific fields: ``tensor`` (created or first seen: ``grad_fn``, ``inputs`` as tensor ids,
  flags, shape), ``bind`` (a name now refers to a tensor id, or to no tensor), ``flag``
  (requires_grad / retain_grad changes), ``grad_set`` (``x.grad = ...``), ``inplace`` (with the
  version after), ``grad_mode`` (enter/exit of no_grad, enable_grad, set_grad_enabled,
  inference_mode), ``backward`` (with the engine's step records), ``autograd_grad`` (the
  gradients ``torch.autograd.grad`` returned), ``accumulate``,
  ``zero_grad``, ``optimizer_step``, ``hook`` (fired), ``print``, ``note``, ``warning``.

Tensors are named by small integer ids (``tid``) handed out when first seen; the trace keeps
weak references only, so a long loop does not keep every intermediate alive.
"""
from __future__ import annotations

import weakref

import numpy as np
from typing import Any, Callable

from explorer.model.messages import Message
from .budget import Budget, BudgetExceeded, over


def _itemsize(t: Any) -> int:
    try:
        return np.dtype(str(t.dtype).rpartition(".")[2]).itemsize  # "torch.float32"
    except TypeError:
        return 8


class TensorIds:
    """Small stable ids for tensors (``id()`` is reused after garbage collection; these are
    not), with the live tensors' total size for the memory budget."""

    def __init__(self, budget: Budget):
        self._by_id: dict[int, tuple] = {}   # id(tensor) -> (weakref, tid, nbytes)
        # (id(grad_fn node), output number) -> (weakref to tensor, tid): the parts of a split
        # share one node and are told apart by their output number, as next_functions does
        self._node: dict[tuple, tuple] = {}
        self.count = 0
        self.live_bytes = 0
        self._budget = budget

    def lookup(self, t: Any) -> int | None:
        e = self._by_id.get(id(t))
        if e is not None and e[0]() is t:
            return e[1]
        return None

    def add(self, t: Any, nbytes: int) -> int:
        self.count += 1
        tid = self.count
        key = id(t)

        def gone(_ref, key=key, nbytes=nbytes, tid=tid):
            e = self._by_id.get(key)
            if e is not None and e[1] == tid:
                del self._by_id[key]
            self.live_bytes -= nbytes

        self._by_id[key] = (weakref.ref(t, gone), tid, nbytes)
        self.live_bytes += nbytes
        return tid

    def set_node(self, node: Any, t: Any, tid: int) -> None:
        self._node[id(node), t.output_nr] = (weakref.ref(t), tid)

    def node_tensor(self, node: Any, output_nr: int = 0) -> int | None:
        e = self._node.get((id(node), output_nr))
        if e is not None:
            t = e[0]()
            if t is not None and t.grad_fn is node:
                return e[1]
        return None


class Trace:
    """Statements and events of one run (see the module docstring)."""

    def __init__(self, budget: Budget, record: bool = True):
        self.record = record
        self.statements: list[tuple] = []
        self.events: list[dict] = []
        self.ids = TensorIds(budget)
        self._budget = budget
        self.on_event: Callable[[dict], None] | None = None

    # ---- recording
    def stmt(self, line: int, depth: int, iters: tuple) -> None:
        self.statements.append((line, depth, iters))

    def event(self, kind: str, line: int, **fields) -> dict:
        fields["kind"] = kind
        fields["stmt"] = len(self.statements) - 1
        fields["line"] = line
        if self.record:
            self.events.append(fields)
        if self.on_event is not None:
            self.on_event(fields)
        return fields

    def tid(self, t: Any, line: int) -> int:
        """The tensor's id, recording a ``tensor`` event the first time it is seen."""
        e = self.ids._by_id.get(id(t))
        if e is not None and e[0]() is t:
            return e[1]
        return self._new_tensor(t, line)

    def _new_tensor(self, t: Any, line: int) -> int:
        ids = self.ids
        n = t.numel()
        b = self._budget
        if n > b.tensor_elements:
            raise BudgetExceeded(Message("{over}: this tensor has {n} (shape {shape})",
                                         over=over("elements in one tensor", b.tensor_elements),
                                         n=format(n, ","), shape=list(t.shape)), line)
        nbytes = n * _itemsize(t)
        if ids.live_bytes + nbytes > b.tensor_bytes:
            raise BudgetExceeded(over("bytes of live tensors", b.tensor_bytes), line)
        if ids.count >= b.ops:
            raise BudgetExceeded(over("recorded tensors and ops", b.ops), line)
        tid = ids.add(t, nbytes)
        try:
            fn = t.grad_fn
        except RuntimeError:  # a no-grad view whose base changed: torch refuses to say
            fn = None
        inputs = None
        name = None
        if fn is not None:
            ids.set_node(fn, t, tid)
            name = type(fn).__name__
            inputs = []
            for nxt, nr in fn.next_functions:
                if nxt is None:
                    inputs.append(None)
                elif type(nxt).__name__ == "AccumulateGrad":
                    inputs.append(self.tid(nxt.variable, line))
                else:
                    inputs.append(ids.node_tensor(nxt, nr))
        if self.record:
            self.event("tensor", line, tid=tid, grad_fn=name, inputs=inputs,
                       requires_grad=t.requires_grad, is_leaf=fn is None,
                       shape=list(t.shape), version=getattr(t, "_version", None))
        return tid

    # ---- reading
    def namespace_at(self, step: int) -> dict[str, int]:
        """Module-level names bound to tensors after statement ``step`` ran: name -> tid."""
        ns: dict[str, int] = {}
        for e in self.events:
            if e["stmt"] > step:
                break
            if e["kind"] == "bind" and e.get("depth", 0) == 0:
                if e["tensor"] is None:
                    ns.pop(e["name"], None)
                else:
                    ns[e["name"]] = e["tensor"]
        return ns

    def to_json(self) -> dict:
        return {
            "format": "autograd-explorer-trace", "version": 1,
            "statements": [{"step": i, "line": ln, "depth": d, "iters": list(it)}
                           for i, (ln, d, it) in enumerate(self.statements)],
            "events": [dict(e, index=i) for i, e in enumerate(self.events)],
        }
