"""A cursor over a run's forward and backward steps: step-through moves it both ways, and
every state is recomputed from the steps up to the cursor."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.model.document import Edge
from explorer.model.runner.results import BackwardStep, ForwardStep

__all__ = ["PlayerState", "StepPlayer"]


@dataclass
class PlayerState:
    """What the canvas shows at the player's cursor (cursor -1: before the first step)."""

    cursor: int
    step: ForwardStep | BackwardStep | None
    phase: str | None                            # "forward" | "backward" | None
    values: dict[str, np.ndarray | None]         # node values visible so far
    grads: dict[str, np.ndarray]                 # leaf .grad written so far
    flow_grads: dict[str, np.ndarray]            # ∂root/∂node for the grad_fns that have run
    edge_grads: dict[Edge, np.ndarray]           # gradients shown travelling along edges
    active_nodes: tuple[str, ...]
    active_edges: tuple[Edge, ...]


class StepPlayer:
    """A cursor over forward steps followed by backward steps; steps forward and back.

    Every state is recomputed from the steps up to the cursor, so stepping back shows exactly
    what was shown when that step was first reached."""

    def __init__(self, forward: list[ForwardStep], backward: list[BackwardStep], root: str | None = None) -> None:
        self.forward = list(forward)
        self.backward = list(backward)
        self.steps: list[ForwardStep | BackwardStep] = [*self.forward, *self.backward]
        self.root = root
        self.cursor = -1

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def at_start(self) -> bool:
        return self.cursor < 0

    @property
    def at_end(self) -> bool:
        return self.cursor >= len(self.steps) - 1

    def step_forward(self) -> PlayerState:
        if not self.at_end:
            self.cursor += 1
        return self.state()

    def step_back(self) -> PlayerState:
        if self.cursor >= 0:
            self.cursor -= 1
        return self.state()

    def seek(self, index: int) -> PlayerState:
        self.cursor = max(-1, min(index, len(self.steps) - 1))
        return self.state()

    def seek_phase(self, phase: str, index: int) -> PlayerState:
        """Go to step ``index`` of a phase (-1 = its last step)."""
        seq = self.forward if phase == "forward" else self.backward
        if not seq:
            return self.seek(len(self.forward) - 1 if phase == "backward" else -1)
        i = index if index >= 0 else len(seq) + index
        i = max(0, min(i, len(seq) - 1))
        return self.seek(i if phase == "forward" else len(self.forward) + i)

    def to_start(self) -> PlayerState:
        return self.seek(-1)

    def to_end(self) -> PlayerState:
        return self.seek(len(self.steps) - 1)

    def state(self) -> PlayerState:
        values: dict[str, np.ndarray | None] = {}
        grads: dict[str, np.ndarray] = {}
        flow: dict[str, np.ndarray] = {}
        edge_grads: dict[Edge, np.ndarray] = {}
        for s in self.steps[: self.cursor + 1]:
            if isinstance(s, ForwardStep):
                values[s.node_id] = s.value
            else:
                if s.grad is not None and s.kind == "grad_fn" and s.node_id not in flow:
                    flow[s.node_id] = s.grad
                for send in s.sends:
                    if send.edge is not None and send.grad is not None:
                        edge_grads[send.edge] = send.grad
                if s.kind == "accumulate" and s.leaf_grad is not None:
                    if not s.returned:   # torch.autograd.grad returns it; .grad stays as it was
                        grads[s.node_id] = s.leaf_grad
                    flow[s.node_id] = s.leaf_grad
        step = self.steps[self.cursor] if self.cursor >= 0 else None
        active_nodes: tuple[str, ...] = ()
        active_edges: tuple[Edge, ...] = ()
        phase = None
        if isinstance(step, ForwardStep):
            phase = "forward"
            active_nodes = (step.node_id, *[src for _, src, _ in step.inputs if src is not None])
        elif isinstance(step, BackwardStep):
            phase = "backward"
            active_nodes = (step.node_id,)
            active_edges = tuple([a.edge for a in step.arrivals if a.edge is not None]
                                 + [s.edge for s in step.sends if s.edge is not None])
        return PlayerState(self.cursor, step, phase, values, grads, flow, edge_grads, active_nodes, active_edges)
