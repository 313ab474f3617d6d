"""The runner's records: what one run says about each node, the run as a whole, and the
forward and backward steps that step-through and the chain-rule panel show.

Plain data, no engine objects: every field is filled from one engine evaluation
(:mod:`explorer.model.runner.execute`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from explorer.model.document import Edge

__all__ = ["RunnerError", "NodeResult", "RunResult", "ForwardStep", "Arrival", "Send", "BackwardStep"]


class RunnerError(ValueError):
    """A request the runner cannot carry out (e.g. training without a scalar loss).

    Only :meth:`Runner.train` raises it; forward and backward report errors in their results."""


@dataclass(slots=True)
class NodeResult:
    """What the engine says about one document node after the last run.

    A node that was not computed (unconnected, failed, or downstream of a failure) has
    ``computed=False`` and no flags at all (``requires_grad``/``is_leaf``/``grad_fn`` None):
    PyTorch never made a tensor for it, so there is nothing to report."""

    value: np.ndarray | None = None
    grad: np.ndarray | None = None          # PyTorch's .grad: leaves (and retain_grad) only, else None
    requires_grad: bool | None = None
    is_leaf: bool | None = None
    grad_fn: str | None = None
    next_functions: tuple[str | None, ...] = ()
    error: str | None = None                # this node failed (the message is for the user)
    computed: bool = False
    in_backward_graph: bool = False
    warning: str | None = None              # computed, but e.g. produced NaN/Inf from finite inputs
    blocked_by: str | None = None           # not computed because this upstream node failed
    retains_grad: bool = False
    flow_grad: np.ndarray | None = None     # ∂root/∂node as it arrived in backward (all nodes on the path)
    shape: tuple[int, ...] | None = None
    dtype: str | None = None
    # Gradient accumulation, as PyTorch does it: Backward pressed again without zero_grad()
    # adds into .grad. ``accumulated`` is how many backward passes are summed in ``grad``
    # (0: None); ``grad_before`` is ``grad`` before the last of them (None on the first).
    accumulated: int = 0
    grad_before: np.ndarray | None = None


@dataclass
class RunResult:
    """A snapshot of one run. ``results[node_id]`` is a :class:`NodeResult`."""

    results: dict[str, NodeResult]
    backward_edges: set[Edge] = field(default_factory=set)
    backward_nodes: set[str] = field(default_factory=set)
    root: str | None = None
    backward_ran: bool = False
    backward_error: str | None = None
    edge_grads: dict[Edge, np.ndarray] = field(default_factory=dict)  # grad sent along each doc edge
    recomputed: tuple[str, ...] = ()        # node ids whose op forward ran in this run
    passes: int = 0                         # backward passes summed in the leaves' .grad since the last edit/zero

    def __getitem__(self, node_id: str) -> NodeResult:
        return self.results[node_id]

    @property
    def errors(self) -> dict[str, str]:
        return {k: r.error for k, r in self.results.items() if r.error}

    @property
    def warnings(self) -> dict[str, str]:
        return {k: r.warning for k, r in self.results.items() if r.warning}


@dataclass
class ForwardStep:
    """One node's forward computation: which inputs it read and the value it produced."""

    index: int
    node_id: str
    name: str
    kind: str                                # leaf | const | op
    op: str | None
    inputs: list[tuple[int, str | None, np.ndarray | None]]   # (port, source node id, its value)
    value: np.ndarray | None
    text: str                                # e.g. "u = a ** 3 = [8., 27.]"
    expression: str = ""                     # e.g. "a ** 3" (the right-hand side)
    error: str | None = None
    warning: str | None = None
    phase: str = "forward"

    @property
    def input_ids(self) -> list[str | None]:
        return [src for _, src, _ in self.inputs]


@dataclass
class Arrival:
    """A gradient reaching a grad_fn: along a document edge, from the root's seed, or from a
    grad_fn inside the same document node (``2 / x`` is MulBackward0 over ReciprocalBackward0)."""

    edge: Edge | None
    grad: np.ndarray
    from_node: str | None                    # document node that sent it (None for the seed)
    seed: bool = False


@dataclass
class Send:
    """What a grad_fn sends to one of its next_functions."""

    edge: Edge | None                        # the document edge it travels back along (None: internal / no grad)
    to_node: str | None                      # document node receiving it
    to_name: str | None                      # receiving grad_fn's name (None where next_functions has None)
    grad: np.ndarray | None
    internal: bool = False


@dataclass
class BackwardStep:
    """One step of the engine's backward, mapped onto the document."""

    index: int
    node_id: str                             # document node whose grad_fn runs (the leaf for AccumulateGrad)
    name: str                                # grad_fn name, e.g. "MulBackward0", "AccumulateGrad"
    kind: str                                # "grad_fn" | "accumulate"
    arrivals: list[Arrival]
    grad: np.ndarray | None                  # the incoming gradients, summed (∂root/∂node)
    sends: list[Send]
    leaf_grad: np.ndarray | None             # AccumulateGrad: the leaf's .grad after this step
    formulas: tuple[str, ...]
    phase: str = "backward"
    leaf_grad_before: np.ndarray | None = None   # AccumulateGrad: .grad before this pass (None: first)
    returned: bool = False                   # torch.autograd.grad's: leaf_grad is returned, .grad unchanged
    _text: Any = field(default=None, repr=False, compare=False)

    @property
    def chain_rule(self) -> list[str]:
        """Lines for the chain-rule panel, with numbers (written on first use: a plain backward
        never pays for the text)."""
        if callable(self._text):
            self._text = self._text()
        return self._text or []

    # The engine's field names, so code written against BackwardStep records reads these too.
    @property
    def grad_output(self) -> list[np.ndarray | None]:
        return [self.grad]

    @property
    def grad_inputs(self) -> list[list[np.ndarray]]:
        return [[a.grad for a in self.arrivals]]

    @property
    def grads_to_next(self) -> list[np.ndarray | None]:
        return [s.grad for s in self.sends]

    @property
    def next_ids(self) -> list[str | None]:
        """Document node receiving each next_functions entry (None: no grad, or inside this node)."""
        return [None if s.internal else s.to_node for s in self.sends]

    @property
    def next_ports(self) -> list[int | None]:
        """Input port of this node each next_functions entry travels back through."""
        return [s.edge.port if s.edge is not None else None for s in self.sends]

    @property
    def is_accumulate(self) -> bool:
        return self.kind == "accumulate"

    @property
    def text(self) -> str:
        return "\n".join(self.chain_rule)
