"""``split``, ``chunk`` and ``unbind`` as ONE graph node with several outputs, as torch records
them: every part's ``grad_fn`` is the same ``SplitBackward0`` (``SplitWithSizesBackward0`` for
a list of sizes, ``UnbindBackward0``), and a consumer's ``next_functions`` names the part it
read by its output number, ``(<SplitBackward0>, 1)``.

How it is built: each part is first made as a view op of its own (``more_ops``: values, views
of the input, tangents in forward mode), then :func:`join` rewires the graph.  One node takes
the input edge; each part reaches it through a stand-in (``function.FunctionOutput``, the
machinery of custom Functions with several outputs) that files the part's gradient under its
output number.  The node runs once, after every part's gradient has arrived, and assembles one
gradient for the input (torch's ``split_backward`` / ``unbind_backward``): each part's gradient
in its place and zeros where a part got none.  So a ``-0.0`` inside a part survives; separate
nodes whose zero-padded gradients were summed turned it into ``0.0`` (``-0.0 + 0.0 == 0.0``).

With ``create_graph=True`` the assembly is recorded as torch records it: ``cat`` of the parts'
gradients for a split (``CatBackward0``), ``stack`` for unbind (``StackBackward0``), a missing
part's gradient a constant zero tensor (``(None, 0)`` in ``next_functions``).
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from .function import FunctionOutput, init_node, custom_op, new_stand_in
from .joins import cat, stack
from .tensor import _wrap

__all__ = ["MultiViewNode", "join"]


class MultiViewNode(_ag.Node):
    """The one node of a split / chunk / unbind call (named as torch names it)."""
    __slots__ = ()

    def _apply(self, g):
        # g is None: the parts' gradients came in through the stand-ins, filed in _slots
        slots = self._slots
        self._slots = [None] * len(slots)
        if all(s is None for s in slots):
            return [None]   # no part got a gradient: the input gets none either
        shape, dtype, keys, _dim, _stacked = self._layout
        whole = np.zeros(shape, dtype)
        for key, s in zip(keys, slots):
            if s is not None:
                whole[key] = s
        return [whole]

    def graph_apply(self, g) -> list:
        """The same assembly with recorded ops (create_graph=True): one gradient tensor."""
        slots = self._slots
        self._slots = [None] * len(slots)
        if all(s is None for s in slots):
            return [None]
        _shape, dtype, _keys, dim, stacked = self._layout
        parts = [s if s is not None else _wrap(np.zeros(m, dtype))
                 for s, m in zip(slots, self._out_shapes)]
        return [stack(parts, dim) if stacked else cat(parts, dim)]


_CLASSES: dict = {}


def _classes(name: str) -> tuple:
    """(node class, stand-in class), both called ``name`` as torch calls the node."""
    pair = _CLASSES.get(name)
    if pair is None:
        pair = _CLASSES[name] = (type(name, (MultiViewNode,), {"__slots__": ()}),
                                 type(name, (FunctionOutput,), {"__slots__": ()}))
    return pair


def join(parts: list, x, name: str, keys: list, dim: int, stacked: bool) -> None:
    """Give ``parts`` (views of ``x`` just made, one node each) one shared node ``name``.

    ``keys``: where each part sits in ``x`` (numpy index); ``dim``: the split dimension;
    ``stacked``: the parts dropped that dimension (unbind)."""
    first = parts[0]._grad_fn if parts else None
    if first is None or first._output_of is not None:
        return  # nothing recorded (no_grad, or x needs no gradient)
    node_cls, stand_in_cls = _classes(name)
    node = node_cls()
    # the input's edge, as each part's own node had it; the parts' nodes are dropped (nothing
    # ran in between); torch's split saves only sizes, so a second backward works
    init_node(node, first._nx, first._seq, custom_op(name), (0,))
    node._params = {"dim": dim}
    node._layout = (x._data.shape, x._data.dtype, keys, dim, stacked)
    node._out_shapes = [p._data.shape for p in parts]
    node._slots = [None] * len(parts)
    for k, p in enumerate(parts):
        p._grad_fn = new_stand_in(stand_in_cls, node, k)
