"""Shape ops beyond the core table: ``flip``/``fliplr``/``flipud``, ``roll``, ``rot90``,
``tile``, ``repeat_interleave``, ``movedim``/``swapaxes`` and their aliases, ``unflatten``,
``broadcast_to``/``broadcast_tensors``, the ``hstack``/``vstack``/``dstack``/
``column_stack`` joins, ``tensor_split``/``hsplit``/``vsplit``, ``ravel``, ``Tensor.unfold``,
``mT``/``mH``/``H``, ``stride()``/``storage_offset()`` and the in-place ``t_``/
``transpose_``/``unsqueeze_``/``squeeze_``.

Most are compositions of ops the engine already records, built the way torch builds them so
``grad_fn`` matches (``movedim`` is PermuteBackward0, ``tile`` RepeatBackward0,
``repeat_interleave`` ViewBackward0 over CloneBackward0 over ExpandBackward0 ...).  Three are
new internal ops with torch's names: FlipBackward0, RollBackward0, Rot90Backward0 and
UnfoldBackward0.
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from . import limits as _limits
from .joins import cat
from .more_ops import repeat
from .op_table import INTERNAL_OPS, _internal
from .ops import _apply, _as_tensor, _inplace, apply_op
from .ops_index import index_select
from .tensor import INPLACE_LEAF, Size, Tensor, _bump_version, _norm_dim, _wrap

__all__ = ["flip", "fliplr", "flipud", "roll", "rot90", "tile", "repeat_interleave", "movedim",
           "moveaxis", "swapaxes", "swapdims", "unflatten", "broadcast_to", "broadcast_tensors",
           "broadcast_shapes", "hstack", "vstack", "dstack", "column_stack", "row_stack",
           "tensor_split", "hsplit", "vsplit", "dsplit", "ravel", "concatenate", "atleast_1d",
           "atleast_2d", "atleast_3d", "squeeze"]


def _dims_of(dims, ndim: int) -> tuple:
    dims = (dims,) if isinstance(dims, (int, np.integer)) else tuple(dims)
    return tuple(_norm_dim(int(d), max(ndim, 1)) for d in dims)


def _shape_args(sizes) -> tuple:
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        return tuple(int(s) for s in sizes[0])
    return tuple(int(s) for s in sizes)


# ------------------------------------------------------------------------------- new nodes
def _unfold_windows(n: int, size: int, step: int) -> np.ndarray:
    """(windows, size) positions along the unfolded dim."""
    count = (n - size) // step + 1
    return np.arange(count)[:, None] * step + np.arange(size)[None, :]


def _unfold_fwd(x, dim, size, step):
    if x.ndim == 0:
        return x.reshape(1)
    pos = _unfold_windows(x.shape[dim], size, step)
    moved = np.moveaxis(x, dim, -1)[..., pos]           # (..., windows, size)
    return np.ascontiguousarray(np.moveaxis(moved, -2, dim))


def _unfold_vjp(g, out, x, dim, size, step):
    res = np.zeros(x.shape, dtype=g.dtype)
    if x.ndim == 0:
        return res + g.sum()
    pos = _unfold_windows(x.shape[dim], size, step)
    gm = np.moveaxis(np.moveaxis(g, dim, -2), (-2, -1), (0, 1))   # (windows, size, ...)
    np.add.at(np.moveaxis(res, dim, 0), pos, gm)
    return res


_ops = [
    # x.contiguous() of a strided tensor: a C-ordered copy (clone keeps the strides)
    _internal("clone_contiguous", arity=1, forward=lambda x: np.array(x, order="C", copy=True),
              vjps=(lambda g, out, x: g,), grad_fn="CloneBackward0",
              formulas=("∂clone(x)/∂x = 1",)),
    # x.t_(), x.transpose_(), x.squeeze_(), x.unsqueeze_(): an axes permutation and/or a new
    # shape on the same elements, under torch's in-place grad_fn name
    _internal("restride_", arity=1,
              forward=lambda x, perm, shape, name: (
                  x if perm is None else np.transpose(x, perm)).reshape(shape),
              vjps=(lambda g, out, x, perm, shape, name: g.reshape(x.shape) if perm is None
                    else np.transpose(g, np.argsort(perm)),),
              grad_fn=lambda params, mask: params["name"], view=True,
              formulas=("∂/∂x: the same elements back in x's layout",), reads=((),)),
    _internal("squeeze_multi", arity=1,
              forward=lambda x, dims: np.squeeze(x, tuple(d for d in dims if x.shape[d] == 1)),
              vjps=(lambda g, out, x, dims: g.reshape(x.shape),), grad_fn="SqueezeBackward2",
              formulas=("∂squeeze(x)/∂x = unsqueeze",), view=True, reads=((),)),
    _internal("flip", arity=1, forward=lambda x, dims: np.flip(x, dims).copy(),
              vjps=(lambda g, out, x, dims: np.flip(g, dims).copy(),), grad_fn="FlipBackward0",
              formulas=("∂flip(x)/∂x = flip(g)",), reads=((),)),
    _internal("roll", arity=1, forward=lambda x, shifts, dims: np.roll(x, shifts, dims),
              vjps=(lambda g, out, x, shifts, dims: np.roll(
                  g, tuple(-s for s in shifts) if dims is not None else -shifts[0], dims),),
              grad_fn="RollBackward0", formulas=("∂roll(x)/∂x = roll(g) back",), reads=((),)),
    _internal("rot90", arity=1, forward=lambda x, k, dims: np.rot90(x, k, dims).copy(),
              vjps=(lambda g, out, x, k, dims: np.rot90(g, -k, dims).copy(),),
              grad_fn="Rot90Backward0", formulas=("∂rot90(x)/∂x = rot90(g) back",),
              reads=((),)),
    _internal("unfold", arity=1, forward=_unfold_fwd, vjps=(_unfold_vjp,),
              grad_fn="UnfoldBackward0", formulas=("∂unfold(x)/∂x = Σ over the windows",),
              reads=((),),
              result_shape=lambda x, dim, size, step: _unfold_shape(x.shape, dim, size, step)),
]
INTERNAL_OPS.update({op.name: op for op in _ops})


def _unfold_shape(shape, dim, size, step):
    if not shape:
        return (1,)
    n = (shape[dim] - size) // step + 1
    return tuple(shape[:dim]) + (n,) + tuple(shape[dim + 1:]) + (size,)


# ------------------------------------------------------------------------------- the API
def flip(input: Tensor, *dims_args, dims=None) -> Tensor:
    """The elements in reverse order along ``dims`` (a copy: FlipBackward0)."""
    if dims is None:
        dims = dims_args[0] if len(dims_args) == 1 else dims_args
    return _apply(INTERNAL_OPS["flip"], (input,), {"dims": _dims_of(dims, input._data.ndim)})


def fliplr(input: Tensor) -> Tensor:
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, (1,))


def flipud(input: Tensor) -> Tensor:
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, (0,))


def roll(input: Tensor, shifts, dims=None) -> Tensor:
    """Elements shifted cyclically along ``dims`` (over the flattened tensor without dims)."""
    shifts = (int(shifts),) if isinstance(shifts, (int, np.integer)) else tuple(
        int(s) for s in shifts)
    if dims is not None:
        dims = _dims_of(dims, input._data.ndim)
        if len(dims) != len(shifts):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                               f"dims:{len(dims)}")
    elif len(shifts) != 1:
        raise RuntimeError("shifts and dimensions must align. shifts: "
                           f"{len(shifts)}, dims:0")
    return _apply(INTERNAL_OPS["roll"], (input,), {"shifts": shifts, "dims": dims})


def rot90(input: Tensor, k: int = 1, dims=(0, 1)) -> Tensor:
    """Rotated by 90° ``k`` times in the plane of ``dims`` (from the first towards the second)."""
    d = _dims_of(dims, input._data.ndim)
    if len(d) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(d)}")
    return _apply(INTERNAL_OPS["rot90"], (input,), {"k": int(k) % 4, "dims": d})


def tile(input: Tensor, *dims_args, dims=None) -> Tensor:
    """``repeat`` with fewer sizes than dims allowed (the missing leading ones are 1)."""
    reps = _shape_args(dims_args if dims is None else (dims,))
    reps = (1,) * (input._data.ndim - len(reps)) + reps
    return repeat(input, reps)


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None) -> Tensor:
    """Each element repeated ``repeats`` times (an int or one count per element) along ``dim``
    (over the flattened tensor without dim)."""
    if repeats is None:       # torch.repeat_interleave(counts): arange repeated by counts
        counts = input._data.astype(np.int64)
        _limits.check_shape((int(counts.sum()),))
        return _wrap(np.repeat(np.arange(counts.size, dtype=np.int64), counts))
    x = input if dim is not None else input.reshape(-1)
    d = _norm_dim(0 if dim is None else dim, max(x._data.ndim, 1))
    if x._data.ndim == 0:
        x = x.reshape(1)
    if isinstance(repeats, Tensor) and repeats._data.ndim == 0:
        repeats = int(repeats.item())
    if isinstance(repeats, (int, np.integer)):
        # torch: unsqueeze, expand, clone, view (ViewBackward0 on top)
        shape = list(x._data.shape)
        e = apply_op("unsqueeze", x, dim=d + 1)
        e = e.expand(tuple(shape[:d + 1]) + (int(repeats),) + tuple(shape[d + 1:]))
        e = _contiguous(e)
        shape[d] *= int(repeats)
        return e.view(tuple(shape))
    counts = repeats._data if isinstance(repeats, Tensor) else np.asarray(repeats)
    if counts.size != x._data.shape[d]:
        raise RuntimeError("repeats must have the same size as input along dim, but got "
                           f"repeats.size(0) = {counts.size} and input.size({d}) = "
                           f"{x._data.shape[d]}")
    _limits.check_shape((int(counts.sum()),))
    return index_select(x, d, np.repeat(np.arange(counts.size), counts.reshape(-1)))


def movedim(input: Tensor, source, destination) -> Tensor:
    """Dims ``source`` moved to ``destination``, the rest in order (PermuteBackward0)."""
    n = input._data.ndim
    src, dst = _dims_of(source, n), _dims_of(destination, n)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(src)} "
                           f"dims) should contain the same number of dims as destination "
                           f"({list(dst)} dims)")
    order = [d for d in range(n) if d not in src]
    for s, t in sorted(zip(dst, src)):
        order.insert(s, t)
    return input.permute(*order)


moveaxis = movedim


def swapaxes(input: Tensor, axis0: int, axis1: int) -> Tensor:
    return input.transpose(axis0, axis1)


swapdims = swapaxes


def unflatten(input: Tensor, dim: int, sizes) -> Tensor:
    """Dim ``dim`` split into ``sizes`` (one may be -1)."""
    shape = input._data.shape
    d = _norm_dim(dim, max(len(shape), 1))
    sizes = [int(s) for s in sizes]
    if -1 in sizes:
        known = int(np.prod([s for s in sizes if s != -1]))
        sizes[sizes.index(-1)] = shape[d] // max(known, 1)
    if int(np.prod(sizes)) != shape[d]:
        raise RuntimeError(f"unflatten: Provided sizes {sizes} don't multiply up to the size of "
                           f"dim {dim} ({shape[d]}) in the input tensor")
    return input.view(tuple(shape[:d]) + tuple(sizes) + tuple(shape[d + 1:]))


def broadcast_to(input: Tensor, *size_args, size=None) -> Tensor:
    return input.expand(_shape_args(size_args if size is None else (size,)))


def broadcast_shapes(*shapes):
    try:
        return Size(np.broadcast_shapes(*[tuple(s) if not isinstance(s, int) else (s,)
                                          for s in shapes]))
    except ValueError:
        raise RuntimeError("Shape mismatch: objects cannot be broadcast to a single "
                           "shape") from None


def broadcast_tensors(*tensors) -> tuple:
    """The tensors expanded to their common shape (those already that shape returned as is)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    ts = [_as_tensor(t) for t in tensors]
    shape = tuple(broadcast_shapes(*[t._data.shape for t in ts]))
    return tuple(t if t._data.shape == shape else t.expand(shape) for t in ts)


def atleast_1d(*tensors):
    out = [t.reshape(1) if t._data.ndim == 0 else t for t in _list(tensors)]
    return out[0] if len(out) == 1 else tuple(out)


def atleast_2d(*tensors):
    out = []
    for t in _list(tensors):
        if t._data.ndim == 0:
            t = t.reshape(1, 1)
        elif t._data.ndim == 1:
            t = apply_op("unsqueeze", t, dim=0)
        out.append(t)
    return out[0] if len(out) == 1 else tuple(out)


def atleast_3d(*tensors):
    out = []
    for t in _list(tensors):
        if t._data.ndim == 0:
            t = t.reshape(1, 1, 1)
        elif t._data.ndim == 1:
            t = apply_op("unsqueeze", apply_op("unsqueeze", t, dim=0), dim=2)
        elif t._data.ndim == 2:
            t = apply_op("unsqueeze", t, dim=2)
        out.append(t)
    return out[0] if len(out) == 1 else tuple(out)


def _list(tensors) -> list:
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    return [_as_tensor(t) for t in tensors]


def hstack(tensors) -> Tensor:
    """Joined column-wise (1-D tensors end to end)."""
    ts = _list((tensors,))
    ts = [atleast_1d(t) for t in ts]
    return cat(ts, 0 if ts[0]._data.ndim == 1 else 1)


def vstack(tensors) -> Tensor:
    """Joined row-wise (1-D tensors become rows)."""
    return cat([atleast_2d(t) for t in _list((tensors,))], 0)


row_stack = vstack


def dstack(tensors) -> Tensor:
    """Joined along the third dim (after making every tensor at least 3-D)."""
    return cat([atleast_3d(t) for t in _list((tensors,))], 2)


def column_stack(tensors) -> Tensor:
    """1-D tensors as columns, 2-D ones as they are, joined column-wise."""
    ts = [t.reshape(t._data.size, 1) if t._data.ndim <= 1 else t for t in _list((tensors,))]
    return cat(ts, 1)


def concatenate(tensors, dim: int = 0, *, axis=None) -> Tensor:
    return cat(tensors, dim if axis is None else axis)


def tensor_split(input: Tensor, indices_or_sections, dim: int = 0) -> tuple:
    """Pieces along ``dim``: ``n`` nearly equal sections (the first ones one longer), or cut at
    the listed indices; each a view (SliceBackward0)."""
    d = _norm_dim(dim, max(input._data.ndim, 1))
    n = input._data.shape[d]
    ios = indices_or_sections
    if isinstance(ios, Tensor):
        ios = ios.item() if ios._data.ndim == 0 else ios.tolist()
    if isinstance(ios, (int, np.integer)):
        k = int(ios)
        if k <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {k}")
        sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
        cuts = np.cumsum([0] + sizes).tolist()
    else:
        cuts = [0] + [min(max(int(i), 0), n) for i in ios] + [n]
    parts = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        b = max(a, b)
        parts.append(_apply(INTERNAL_OPS["slice"], (input,), {"dim": d, "start": a, "stop": b,
                                                              "step": 1}))
    return tuple(parts)


def _split_fn(name: str, dim_of, min_ndim: int):
    def fn(input: Tensor, indices_or_sections) -> tuple:
        nd = input._data.ndim
        if nd < min_ndim:
            raise RuntimeError(f"torch.{name} requires a tensor with at least {min_ndim} "
                               f"dimension, but got a tensor with {nd} dimensions!")
        d = dim_of(nd)
        if isinstance(indices_or_sections, (int, np.integer)):
            size = input._data.shape[d]
            k = int(indices_or_sections)
            if k == 0 or size % k:
                raise RuntimeError(f"torch.{name} attempted to split along dimension {d}, but "
                                   f"the size of the dimension {size} is not divisible by the "
                                   f"split_size {k}!")
        return tensor_split(input, indices_or_sections, d)
    fn.__name__ = name
    return fn


hsplit = _split_fn("hsplit", lambda nd: 0 if nd == 1 else 1, 1)
vsplit = _split_fn("vsplit", lambda nd: 0, 2)
dsplit = _split_fn("dsplit", lambda nd: 2, 3)


def _contiguous(t: Tensor) -> Tensor:
    if t._data.flags.c_contiguous:
        return t
    return _apply(INTERNAL_OPS["clone_contiguous"], (t,), {})


def _contiguous_method(self: Tensor, memory_format=None) -> Tensor:
    """``self`` if it is C-contiguous, else a C-ordered copy (CloneBackward0): a following
    ``view`` must work, as in torch (``x.T.contiguous().view(-1)``)."""
    return _contiguous(self)


def ravel(input: Tensor) -> Tensor:
    """The elements in row-major order as a 1-D tensor (torch: contiguous().view(-1))."""
    return _contiguous(input).view(-1)


def _unfold(self: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """Every window of ``size`` along ``dimension`` ``step`` apart, as a new last dim."""
    nd = self._data.ndim
    d = _norm_dim(dimension, max(nd, 1)) if nd else 0
    n = self._data.shape[d] if nd else 1
    if size > n:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {n} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    return _apply(INTERNAL_OPS["unfold"], (self,), {"dim": d, "size": int(size),
                                                    "step": int(step)})


def _mT(self: Tensor) -> Tensor:
    if self._data.ndim < 2:
        raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. "
                           f"Got {self._data.ndim}-D tensor.")
    return self.transpose(-2, -1)


def _mH(self: Tensor) -> Tensor:
    if self._data.ndim < 2:
        raise RuntimeError("tensor.mH is only supported on matrices or batches of matrices. "
                           f"Got {self._data.ndim}-D tensor.")
    return self.transpose(-2, -1)


def _H(self: Tensor) -> Tensor:
    if self._data.ndim not in (0, 2):
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got "
                           f"{self._data.ndim}-D tensor.")
    return self.transpose(0, 1) if self._data.ndim == 2 else self


def _stride(self: Tensor, dim=None):
    """Steps in elements between neighbours along each dim (numpy's, in elements)."""
    a = self._data
    st = tuple(s // a.itemsize for s in a.strides) if a.ndim else ()
    if a.ndim and not any(st):   # numpy gives a contiguous size-1 array stride 0
        st = tuple(int(np.prod(a.shape[i + 1:])) for i in range(a.ndim))
    if dim is None:
        return st
    return st[_norm_dim(dim, max(a.ndim, 1))]


def _storage_offset(self: Tensor) -> int:
    """Elements between the start of the storage and this tensor's first element."""
    a = self._data
    base = a
    while isinstance(base.base, np.ndarray):
        base = base.base
    start = a.__array_interface__["data"][0]
    return (start - base.__array_interface__["data"][0]) // a.itemsize if a.size else 0


def _reshape_inplace(self: Tensor, r: Tensor) -> Tensor:
    """``self`` becomes ``r`` (a new view of it): torch's in-place shape methods change only
    the tensor's metadata; in a graph the tensor's grad_fn becomes the view's node."""
    if self._rg and self._grad_fn is None and _ag._state.enabled:
        raise RuntimeError(INPLACE_LEAF)
    self._data = r._data
    if r._grad_fn is not None:
        self._grad_fn = r._grad_fn
    return self


def _restride(self: Tensor, r: Tensor, name: str, perm=None) -> Tensor:
    """The in-place twin of view ``r``: one node under torch's in-place name (TBackward1,
    TransposeBackward1, SqueezeBackward3/4, UnsqueezeBackward1)."""
    if self._rg and _ag._state.enabled:
        r = _apply(INTERNAL_OPS["restride_"], (self,), {"perm": perm, "shape": tuple(r.shape),
                                                         "name": name})
    return _reshape_inplace(self, r)


def _t_(self):
    if self._data.ndim > 2:
        return self.t()   # torch's own refusal text
    perm = tuple(range(self._data.ndim))[::-1]
    return _restride(self, self.t(), "TBackward1", perm if len(perm) == 2 else None)


def _transpose_(self, dim0, dim1):
    n = self._data.ndim
    perm = list(range(n))
    a, b = _norm_dim(dim0, max(n, 1)), _norm_dim(dim1, max(n, 1))
    perm[a], perm[b] = perm[b], perm[a]
    return _restride(self, self.transpose(dim0, dim1), "TransposeBackward1", tuple(perm))


def _unsqueeze_(self, dim):
    return _restride(self, apply_op("unsqueeze", self, dim=dim), "UnsqueezeBackward1")


def _squeeze_(self, dim=None):
    if dim is None:
        return _restride(self, self.squeeze(), "SqueezeBackward3")
    return _restride(self, self.squeeze(dim), "SqueezeBackward4")


_squeeze_one = Tensor.squeeze   # the op table's squeeze (all dims, or one)


def squeeze(input: Tensor, dim=None) -> Tensor:
    """Size-1 dims removed: all of them, ``dim``, or each dim of a tuple (SqueezeBackward2)."""
    if isinstance(dim, (tuple, list)):
        nd = input._data.ndim
        dims = tuple(sorted({_norm_dim(int(d), max(nd, 1)) for d in dim})) if nd else ()
        return _apply(INTERNAL_OPS["squeeze_multi"], (input,), {"dims": dims})
    return _squeeze_one(input) if dim is None else _squeeze_one(input, dim)


def _fill_diagonal_(self: Tensor, fill_value, wrap: bool = False) -> Tensor:
    """The main diagonal set to ``fill_value`` (torch: a write through a view, CopySlices)."""
    a = self._data
    if a.ndim < 2:
        raise RuntimeError(f"dimensions must larger than 1")
    if a.ndim > 2 and len(set(a.shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    if a.ndim == 2:
        step, end = a.shape[1] + 1, (a.size if wrap else a.shape[1] * a.shape[1])
    else:
        step, end = 1 + int(np.cumprod(a.shape[:-1]).sum()), a.size
    key = np.unravel_index(np.arange(0, min(end, a.size), step), a.shape)
    value = fill_value.item() if isinstance(fill_value, Tensor) else fill_value
    if _ag._state.enabled and self._rg:
        if self._grad_fn is None:
            raise RuntimeError("a view of " + INPLACE_LEAF)
        return _inplace(self, INTERNAL_OPS["copy_slices"],
                        (_wrap(np.asarray(value, dtype=a.dtype)),), {"key": key})
    a[key] = value
    _bump_version(self)
    return self


def _resize_(self: Tensor, *sizes) -> Tensor:
    """New shape, same leading elements (torch leaves new places uninitialised: zeros here)."""
    if self._rg:
        raise RuntimeError("cannot resize variables that require grad")
    shape = _shape_args(sizes)
    _limits.check_shape(shape)
    flat = self._data.reshape(-1)
    n = int(np.prod(shape))
    data = np.zeros(n, dtype=flat.dtype)
    data[:min(n, flat.size)] = flat[:n]
    self._data = data.reshape(shape)
    return self


def _install() -> None:
    methods = {
        "flip": flip, "fliplr": fliplr, "flipud": flipud, "roll": roll, "rot90": rot90,
        "tile": tile, "repeat_interleave": repeat_interleave, "movedim": movedim,
        "moveaxis": moveaxis, "swapaxes": swapaxes, "swapdims": swapdims, "unflatten": unflatten,
        "broadcast_to": broadcast_to, "tensor_split": tensor_split, "hsplit": hsplit,
        "vsplit": vsplit, "dsplit": dsplit, "ravel": ravel, "unfold": _unfold,
        "stride": _stride, "storage_offset": _storage_offset, "t_": _t_,
        "transpose_": _transpose_, "unsqueeze_": _unsqueeze_, "squeeze_": _squeeze_,
        "swapaxes_": _transpose_, "swapdims_": _transpose_, "resize_": _resize_,
        "squeeze": squeeze, "fill_diagonal_": _fill_diagonal_, "contiguous": _contiguous_method,
    }
    for name, fn in methods.items():
        setattr(Tensor, name, fn)
    Tensor.mT = property(_mT)
    Tensor.mH = property(_mH)
    Tensor.H = property(_H)


_install()
FUNCTIONS = {name: globals()[name] for name in __all__}
