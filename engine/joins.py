"""``cat`` and ``stack``: ops that take a list of tensors (CatBackward0, StackBackward0).

The op table's entries have a fixed number of inputs; these two take any number, so each
has its own small node class whose backward splits the incoming gradient back into one
piece per input (the same shape as that input).
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from . import forward_ad as _fwd
from . import limits as _limits
from .function import custom_op, init_node
from .higher_order import _select_key, _slice_key
from .tensor import Tensor, _norm_dim, _to_array, _wrap

__all__ = ["cat", "stack"]


class _JoinNode(_ag.Node):
    """A node with one edge per joined tensor (it saves no tensors, only sizes)."""
    __slots__ = ()

    def _apply(self, g):
        dim, stacked = self._params["dim"], self._params["stacked"]
        if stacked:
            pieces = [np.take(g, i, axis=dim) for i in range(g.shape[dim])]
        else:
            pieces = np.split(g, np.cumsum(self._params["sizes"])[:-1], axis=dim)
        return [None if nxt is None else pieces[i] for nxt, i in zip(self._nx, self._edges)]

    def graph_apply(self, g) -> list:
        """create_graph=True: the same split with recorded indexing."""
        dim, sizes = self._params["dim"], self._params["sizes"]
        if self._params["stacked"]:
            pieces = [g[_select_key(dim, i)] for i in range(len(self._nx))]
        else:
            ends = np.cumsum(sizes)
            pieces = [g[_slice_key(dim, int(e - n), int(e), 1)] for n, e in zip(sizes, ends)]
        return [None if nxt is None else pieces[i] for nxt, i in zip(self._nx, self._edges)]


CatBackward0 = type("CatBackward0", (_JoinNode,), {"__slots__": ()})
StackBackward0 = type("StackBackward0", (_JoinNode,), {"__slots__": ()})


def _join(tensors, dim: int, stacked: bool) -> Tensor:
    ts = _as_tensors(tensors, stacked)
    arrays = [t._data for t in ts]
    d = _check_join(arrays, dim, stacked)
    dt = np.result_type(*arrays)
    shape = list(arrays[0].shape)
    if stacked:
        shape.insert(d, len(arrays))
    else:
        shape[d] = sum(a.shape[d] for a in arrays)
    _limits.check_shape(tuple(shape))
    try:
        out = (np.stack if stacked else np.concatenate)([a.astype(dt, copy=False) for a in arrays],
                                                      axis=d)
    except ValueError as err:
        raise RuntimeError(str(err)) from None
    if _limits._state.scope is not None:
        _limits.tally(out.nbytes)
    t = _wrap(out)
    if _ag._state.enabled and any(x._rg for x in ts):
        _record(t, ts, arrays, d, stacked)
    if _fwd.active() and _fwd.has_tangent(ts):
        # forward AD: joining is linear, so the tangent is the join of the tangents
        tans = [_fwd.tangent_of(x) for x in ts]
        _fwd.attach(t, _wrap((np.stack if stacked else np.concatenate)(
            [np.zeros(a.shape, dt) if v is None else v._data.astype(dt, copy=False)
             for a, v in zip(arrays, tans)], axis=d)))
    return t


def _as_tensors(tensors, stacked: bool) -> list:
    ts = [t if isinstance(t, Tensor) else _wrap(_to_array(t, None)) for t in tensors]
    if not ts:  # (torch's own two texts and exception types)
        if stacked:
            raise RuntimeError("stack expects a non-empty TensorList")
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    return ts


def _check_join(arrays: list, dim: int, stacked: bool) -> int:
    """The join dimension, normalised, after torch's shape checks (with torch's texts)."""
    first = arrays[0]
    if stacked:
        for i, a in enumerate(arrays[1:], 1):
            if a.shape != first.shape:
                raise RuntimeError(
                    f"stack expects each tensor to be equal size, but got "
                    f"[{', '.join(map(str, first.shape))}] at entry 0 and "
                    f"[{', '.join(map(str, a.shape))}] at entry {i}")
        return _norm_dim(dim, first.ndim + 1)
    for a in arrays[1:]:
        if a.ndim != first.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got "
                               f"{first.ndim} and {a.ndim}")
    return _norm_dim(dim, first.ndim)


def _record(t: Tensor, ts: list, arrays: list, d: int, stacked: bool) -> None:
    """Make ``t``'s node: one edge per joined tensor, the sizes to split the gradient by."""
    node = (StackBackward0 if stacked else CatBackward0)()
    init_node(node, tuple((x._grad_fn or x._accumulator()) if x._rg else None for x in ts),
               next(_ag._seq_counter), custom_op(type(node).__name__), tuple(range(len(ts))))
    node._params = {"dim": d, "stacked": stacked,
                    "sizes": None if stacked else [a.shape[d] for a in arrays]}
    t._rg = True
    t._grad_fn = node


def cat(tensors, dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension (CatBackward0)."""
    return _join(tensors, dim, False)


def stack(tensors, dim: int = 0) -> Tensor:
    """Join equal-shaped tensors along a new dimension (StackBackward0)."""
    return _join(tensors, dim, True)
