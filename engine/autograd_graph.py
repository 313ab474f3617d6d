"""``torch.autograd.graph``: the ``Node`` class of ``grad_fn`` objects, multi-tensor gradient
hooks and the saved-tensor context managers.

``register_multi_grad_hook`` follows torch: with ``mode="all"`` the hook runs once per backward
pass, after the gradients of all the given tensors that the pass reaches have been computed,
with ``None`` for the others; with ``mode="any"`` it runs on the first of them, with that
gradient.  A pass is one ``backward()`` / ``autograd.grad()`` call (``autograd.py`` numbers
them with :func:`backward_pass`).

``save_on_cpu`` is a context manager that changes nothing here: every tensor already lives on
the CPU.  ``saved_tensors_hooks`` is refused with one clear line: this engine saves numpy
arrays, not tensors a pack hook could see.
"""
from __future__ import annotations

import contextlib
from typing import Callable

from .backward_support import _root_edge
from .graph import Node
from .tensor import _bump_version

__all__ = ["Node", "register_multi_grad_hook", "save_on_cpu", "saved_tensors_hooks",
           "disable_saved_tensors_hooks", "increment_version", "get_gradient_edge",
           "GradientEdge"]

_pass_id = [0]
_ending: list = []   # callbacks to run when the current pass ends (mode="all" hooks)


@contextlib.contextmanager
def backward_pass():
    """Numbers one backward pass; the mode="all" hooks it reached run when it succeeds."""
    _pass_id[0] += 1
    outer = list(_ending)  # a backward run inside a hook is a pass of its own
    _ending[:] = []
    try:
        yield
        todo = list(_ending)
    finally:
        _ending[:] = outer
    for fn in todo:
        fn()


class _MultiHandle:
    """Removes every per-tensor hook of one ``register_multi_grad_hook`` call."""

    def __init__(self, handles: list):
        self.handles = handles

    def remove(self) -> None:
        for h in self.handles:
            h.remove()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.remove()

    def __repr__(self) -> str:
        return "<torch.autograd.graph._MultiHandle object>"


def register_multi_grad_hook(tensors, fn: Callable, *, mode: str = "all") -> _MultiHandle:
    """Call ``fn`` with the gradients of ``tensors`` once per backward pass (``"all"``:
    ``fn(grads)``, ``None`` for a tensor the pass did not reach) or on the first gradient
    among them (``"any"``: ``fn(grad)``)."""
    if mode not in ("all", "any"):
        raise ValueError(f"Expects mode to be one of ('all', 'any') but got {mode}")
    tensors = tuple(tensors)
    state = {"pass": None, "grads": None}

    def fresh() -> None:
        if state["pass"] != _pass_id[0]:
            state["pass"] = _pass_id[0]
            state["grads"] = [None] * len(tensors)
            if mode == "all":
                _ending.append(fire_all)

    def fire_all() -> None:
        fn(tuple(state["grads"]))

    def make(i: int):
        def hook(grad):
            first = state["pass"] != _pass_id[0]
            fresh()
            if mode == "any":
                if first:
                    fn(grad)
            else:
                state["grads"][i] = grad
        return hook

    handles = [t.register_hook(make(i)) for i, t in enumerate(tensors) if t.requires_grad]
    return _MultiHandle(handles)


@contextlib.contextmanager
def save_on_cpu(pin_memory: bool = False, device_type: str = "cuda"):
    """Tensors saved for backward inside the block stay on the CPU: they already do here."""
    yield


class saved_tensors_hooks:  # noqa: N801  (torch's name)
    """``saved_tensors_hooks(pack_hook, unpack_hook)``: not available in this engine."""

    def __init__(self, pack_hook: Callable, unpack_hook: Callable):
        self.pack_hook, self.unpack_hook = pack_hook, unpack_hook

    def __enter__(self):
        raise NotImplementedError(
            "torch.autograd.graph.saved_tensors_hooks is not available here: this engine "
            "saves numpy arrays for backward, not tensors a pack hook could see")

    def __exit__(self, *exc) -> None:
        return None


@contextlib.contextmanager
def disable_saved_tensors_hooks(error_message: str):
    """No saved-tensor hooks exist here, so there is nothing to disable."""
    yield


def increment_version(tensor) -> None:
    """Bump ``tensor._version`` as an in-place change would (a no-op when already tracked)."""
    for t in tensor if isinstance(tensor, (tuple, list)) else (tensor,):
        _bump_version(t)


class GradientEdge(tuple):
    """``(node, output_nr)``: where a tensor's gradient enters the graph."""

    def __new__(cls, node, output_nr: int):
        return super().__new__(cls, (node, output_nr))

    @property
    def node(self):
        return self[0]

    @property
    def output_nr(self) -> int:
        return self[1]

    def __repr__(self) -> str:
        return f"GradientEdge(node={self[0]!r}, output_nr={self[1]})"


def get_gradient_edge(tensor) -> GradientEdge:
    """The edge of ``tensor``: its ``grad_fn`` (or, for a leaf, its AccumulateGrad node)."""
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that "
                           "does not require gradients")
    if tensor.grad_fn is not None:
        return GradientEdge(tensor.grad_fn, 0)
    node, nr = _root_edge(tensor)
    return GradientEdge(node, nr)
