"""Indexing: ``x[key]`` and ``x[key] = value`` as torch records them.

Ints select (SelectBackward0), slices slice (SliceBackward0), None unsqueezes, ``...``
stands for the dims left; tensor, list, array or bool keys are advanced indexing
(IndexBackward0).  A write into a tensor in the graph is a recorded in-place op (CopySlices,
or IndexPutBackward0 for advanced keys).  Importing this module installs both on Tensor.
"""
from __future__ import annotations

import numpy as np

from .dispatch import _apply, _as_tensor, _state, apply_op
from .op_table import INTERNAL_OPS
from .ops_inplace import _inplace
from .tensor import INPLACE_LEAF, Tensor, _bump_version


def _getitem(self, key):
    if not isinstance(key, tuple):
        if isinstance(key, slice):
            # a lone slice is never optimised away in torch (x[:] is SliceBackward0)
            return _apply_slice(self, 0, key, force=True)
        key = (key,)
    if any(isinstance(k, (Tensor, np.ndarray, list, bool)) for k in key):
        k2 = tuple(k._data if isinstance(k, Tensor) else k for k in key)
        return _apply(INTERNAL_OPS["index"], (self,), {"key": k2 if len(k2) > 1 else k2[0]})
    res = _basic_index(self, _expand_ellipsis(key, self._data.ndim))
    if res is self:
        res = _apply(INTERNAL_OPS["alias"], (self,), {})
    return res


def _expand_ellipsis(key: tuple, ndim: int) -> tuple:
    """The key with ``...`` replaced by full slices, checked against the tensor's dims."""
    n_real = sum(1 for k in key if k is not None and k is not Ellipsis)
    if n_real > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    n_ellipsis = sum(1 for k in key if k is Ellipsis)
    if n_ellipsis > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if n_ellipsis:
        i = next(j for j, k in enumerate(key) if k is Ellipsis)
        key = key[:i] + (slice(None),) * (ndim - n_real) + key[i + 1:]
    return key


def _basic_index(t: Tensor, key: tuple) -> Tensor:
    """Ints, slices and None, applied one after the other, left to right."""
    res = t
    dim = 0       # position in the result
    real_dim = 0  # position in the indexed tensor (what torch's messages name)
    for k in key:
        if k is None:
            res = apply_op("unsqueeze", res, dim=dim)
            dim += 1
        elif isinstance(k, slice):
            res = _apply_slice(res, dim, k)
            dim += 1
            real_dim += 1
        else:
            res = _select(res, dim, real_dim, int(k))
            real_dim += 1
    return res


def _select(t: Tensor, dim: int, real_dim: int, idx: int) -> Tensor:
    d = t._data.shape[dim]
    if not (-d <= idx < d):
        raise IndexError(f"index {idx} is out of bounds for dimension {real_dim} with size {d}")
    return _apply(INTERNAL_OPS["select"], (t,), {"dim": dim, "index": idx})


def _apply_slice(t, dim, k, force=False):
    if t._data.ndim == 0:
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                         "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    if k.step is not None and k.step <= 0:
        raise ValueError("step must be greater than zero")
    n = t._data.shape[dim]
    start, stop, step = k.indices(n)
    if not force and start == 0 and stop == n and step == 1:
        return t
    return _apply(INTERNAL_OPS["slice"], (t,), {"dim": dim, "start": start, "stop": stop,
                                                 "step": step})


def _setitem(self, key, value):
    """``x[key] = value``: in grad mode, when x or value requires grad, a recorded in-place
    write (CopySlices, or IndexPutBackward0 for tensor/list indices, as torch names them)."""
    if isinstance(key, Tensor):
        key = key._data
    if isinstance(key, tuple):
        key = tuple(k._data if isinstance(k, Tensor) else k for k in key)
    parts = key if isinstance(key, tuple) else (key,)
    advanced = any(isinstance(k, (np.ndarray, list, bool)) for k in parts)
    if _state.enabled and (self._rg or (isinstance(value, Tensor) and value._rg)):
        if self._rg and self._grad_fn is None:
            # torch: an int or partial slice writes through a view of the leaf
            whole = advanced or all(k is Ellipsis or (isinstance(k, slice) and k == slice(None))
                                    for k in parts)
            raise RuntimeError(INPLACE_LEAF if whole else "a view of " + INPLACE_LEAF)
        _inplace(self, INTERNAL_OPS["index_put" if advanced else "copy_slices"],
                 (value if isinstance(value, Tensor) else _as_tensor(value),), {"key": key})
        return
    self._data[key] = value._data if isinstance(value, Tensor) else value
    _bump_version(self)


Tensor.__getitem__ = _getitem
Tensor.__setitem__ = _setitem
