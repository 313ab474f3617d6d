"""Step-through on top of the runner's step records: phases, listeners, what the canvas shows.

The runner owns the steps (``Runner.forward_steps()``: one node per step in topological order;
``Runner.backward_steps()``: the engine's real order, each with its chain-rule lines) and the
cursor (``runner.StepPlayer``). This module adds what step-through and lectures need around
them: moving within one phase ("step through the backward pass"), listeners for the toolbar and
the chain-rule panel, and the run result *as it looked at the cursor* (values not yet computed
and grads not yet accumulated hidden), so the canvas can draw a partial pass with its normal
``show_results``.

Position ``p`` means "steps 0..p have run" (``-1``: none). Forward steps come first, then
backward steps.

Ops only (``ops_only=True``): a leaf's or a constant's forward step teaches nothing (its value is
what was typed), yet on the tutorial's graph it cost 5 of 9 clicks. With ``ops_only`` those steps
run before position -1 (the leaves and constants are shown as already known), and the forward
steps a caller sees are the op nodes only, numbered 0, 1, ... in topological order.
"""
from __future__ import annotations

from dataclasses import is_dataclass, replace
from typing import Any, Callable

from explorer.model.messages import Message
from explorer.model.observable import Observable
from explorer.model.runner import RunResult, StepPlayer

KNOWN_KINDS = ("leaf", "const")   # forward steps ops-only stepping shows as already known

PHASES = ("forward", "backward", "both")


class StepController(Observable):
    """A :class:`runner.StepPlayer` with phase ranges and listeners (called with the controller)."""

    def __init__(self, runner: Any, ops_only: bool = False) -> None:
        self.runner = runner
        self.ops_only = bool(ops_only)
        player: StepPlayer = runner.step_player()
        self._known = 0          # leading player steps that run before position -1
        if self.ops_only:
            # leaves and constants have no inputs, so running them all first is still a
            # topological order; the op steps are renumbered so headings read "step 1 of 4"
            known = [s for s in player.forward if s.kind in KNOWN_KINDS]
            ops = [replace(s, index=i) for i, s in enumerate(s for s in player.forward if s.kind not in KNOWN_KINDS)]
            player = StepPlayer(known + ops, player.backward, root=player.root)
            self._known = len(known)
        self.player = player
        self._listeners: list[Callable[["StepController"], None]] = []
        self.player.seek(self._known - 1)

    # ------------------------------------------------------------------ records
    @property
    def forward(self) -> list:
        return self.player.forward[self._known:]

    @property
    def backward(self) -> list:
        return self.player.backward

    @property
    def known(self) -> list:
        """The forward steps shown as already known (leaves and constants when ops only)."""
        return self.player.forward[:self._known]

    @property
    def steps(self) -> list:
        return self.player.steps[self._known:]

    def __len__(self) -> int:
        return len(self.player) - self._known

    @property
    def position(self) -> int:
        return self.player.cursor - self._known

    @property
    def current(self) -> Any:
        return self.player.steps[self.player.cursor] if self.position >= 0 else None

    def state(self):
        """The player's state at the cursor; before the first step no step is current (with ops
        only the player has run the known leaves and constants, but none of them is "the step")."""
        state = self.player.state()
        if self.position < 0 and state.step is not None:
            state = replace(state, cursor=-1, step=None, phase=None, active_nodes=(), active_edges=())
        return state

    # ------------------------------------------------------------------ movement
    def range_of(self, phase: str) -> tuple[int, int]:
        """(first, last) cursor positions when stepping through ``phase`` ("both": everything).

        The first position is the state *before* the phase's first step: for "backward" that is
        the end of the forward pass."""
        if phase not in PHASES:
            raise ValueError(Message("unknown phase '{phase}'", phase=phase))
        f, b = len(self.forward), len(self.backward)
        if phase == "forward":
            return -1, f - 1
        if phase == "backward":
            return f - 1, f + b - 1
        return -1, f + b - 1

    def set_position(self, position: int) -> None:
        position = max(-1, min(position, len(self) - 1))
        if position != self.position:
            self.player.seek(position + self._known)
            self._notify()

    def go_to(self, phase: str, index: int) -> None:
        """Make step ``index`` (0-based; -1 = the last) of ``phase`` the current step."""
        seq = self.forward if phase == "forward" else self.backward
        if not seq:
            raise IndexError(Message("there are no {phase} steps (the {phase_2} pass did not run)",
                                     phase=phase, phase_2=phase))
        i = len(seq) - 1 if index == -1 else index
        if not 0 <= i < len(seq):
            raise IndexError(Message("there are {seq} {phase} steps; step {index} does not exist",
                                     seq=len(seq), phase=phase, index=index))
        self.set_position(i if phase == "forward" else len(self.forward) + i)

    def step_forward(self) -> bool:
        if self.position < len(self) - 1:
            self.set_position(self.position + 1)
            return True
        return False

    def step_back(self) -> bool:
        if self.position > -1:
            self.set_position(self.position - 1)
            return True
        return False

    def to_start(self) -> None:
        self.set_position(-1)

    def to_end(self) -> None:
        self.set_position(len(self) - 1)

    @property
    def at_start(self) -> bool:
        return self.position <= -1

    @property
    def at_end(self) -> bool:
        return self.position >= len(self) - 1

    def describe(self) -> str:
        """``Forward 2/5`` / ``Backward 3/7`` / ``Before the forward pass`` for the toolbar."""
        step = self.current
        if step is None:
            return "before the forward pass"
        if step.phase == "forward":
            return f"forward {step.index + 1}/{len(self.forward)}"
        return f"backward {step.index + 1}/{len(self.backward)}"

    # ------------------------------------------------------------------ what the canvas shows
    def partial_result(self, result: RunResult | None) -> RunResult | None:
        """``result`` as it looked at the cursor: values of nodes the forward pass has not reached
        yet and ``.grad`` not yet written by AccumulateGrad are hidden (None); the gradients shown
        on edges are those sent so far. At the last step the result is returned unchanged."""
        if result is None or self.at_end:
            return result
        state = self.player.state()
        forward_done = self.position >= len(self.forward) - 1
        masked = {}
        for nid, nr in result.results.items():
            changes: dict[str, Any] = {}
            if not forward_done and nid not in state.values:
                changes.update(value=None, computed=False, grad_fn=None)
            if nr.grad is not None and nid not in state.grads:
                # what .grad held before this pass: None on a first backward, the old sum when
                # the pass accumulates (a second backward() without zero_grad), as in torch
                changes["grad"] = getattr(nr, "grad_before", None)
            flow = state.flow_grads.get(nid)
            if getattr(nr, "flow_grad", None) is not None and flow is None:
                changes["flow_grad"] = None
            masked[nid] = replace(nr, **changes) if changes and is_dataclass(nr) else nr
        in_backward = self.position >= len(self.forward)
        return replace(result, results=masked, edge_grads=dict(state.edge_grads),
                       backward_ran=result.backward_ran and in_backward)
