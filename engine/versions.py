"""torch's version counters: how autograd notices that a tensor it saved for backward was
changed in place afterwards.  Re-exported by ``engine.tensor``."""
from __future__ import annotations

import bisect

from . import graph as _graph  # (read at call time: graph may import tensor, and so this)


class VersionCounter:
    """torch's version counter: bumped by every in-place change of a tensor's data and
    shared by the tensor, its views and ``detach()`` results (not ``.data``).

    ``bumps`` holds the graph sequence number current at each bump, so a node (whose
    sequence number orders it among them) can tell whether a tensor it saved was changed
    after it was saved, and at which version it saw it (autograd.check_saved)."""
    __slots__ = ("version", "bumps", "dropped")

    def __init__(self):
        self.version = 0
        self.bumps: list = []
        self.dropped = 0   # bumps forgotten from the front of `bumps` (kept bounded)

    def bump(self, seq: int | None = None) -> None:
        """One in-place change; ``seq``: the sequence number reserved for it (an in-place op
        reserves one before it records its node, which thereby counts the change as seen)."""
        self.version += 1
        if seq is None:
            seq = next(_graph._seq_counter)
        self.bumps.append(seq)
        if seq > _graph.versions.last_bump:
            _graph.versions.last_bump = seq
        if len(self.bumps) > 65536:  # a training loop updating a weight in place forever:
            del self.bumps[:32768]     # forget the oldest (only the error's "expected version"
            self.dropped += 32768      # for a node older than all kept bumps is then a bound)

    def version_at(self, seq: int) -> int:
        """The version a node with sequence number ``seq`` saw."""
        return self.dropped + bisect.bisect_left(self.bumps, seq)


def version_counter(t: "Tensor") -> VersionCounter:
    """``t``'s version counter, made on first need.  A tensor made by an op that saves its
    result (exp, sigmoid ...) hands the counter to that node, which checks it at backward."""
    vc = t._vc
    if vc is None:
        vc = t._vc = VersionCounter()
        fn = t._grad_fn
        if fn is not None and fn.__dict__.get("_out_vc") is None:
            fn._out_vc = vc
    return vc



def _bump_version(t: "Tensor") -> None:
    """An in-place change of ``t``'s data (seen by its views and detached aliases too)."""
    version_counter(t).bump()
