"""Creation, comparison and small tensor utilities tutorials reach for: ``as_tensor``,
``full_like``/``rand_like``/``randn_like``, ``randperm``, ``normal``, ``logspace``,
``torch.range``, the ``new_*`` methods, ``tril``/``triu``, ``diag``/``diag_embed``/
``diagonal``, ``meshgrid``; ``torch.eq`` ... ``torch.le`` and the ``logical_*`` functions,
``isfinite``/``isclose``; ``numel``/``is_tensor``/``is_floating_point``, ``element_size``,
``type_as``/``view_as``/``reshape_as``, devices (``torch.device``, ``.cpu()``, ``.cuda()``
with torch's CPU-build error, ``torch.cuda.is_available()``) and ``finfo``/``iinfo``.

Creation functions go through the tensor budget (``tensor._sized``) before numpy allocates.
``tril``/``triu``/``diag``/``diag_embed``/``diagonal`` are internal ops of the op table with
torch's grad_fn names (``DiagonalBackward0_copy`` is what torch 2.13 shows for ``diag`` of a
matrix); ``meshgrid`` is torch's composite (``ExpandBackward0`` over ``ViewBackward0``).
"""
from __future__ import annotations

import builtins
import math
import warnings

import numpy as np

from . import autograd as _ag
from .devices import CUDA_MISSING, NO_ACCELERATOR, accelerator, backends, check_device, cuda
from .higher_order import GRAPH_VJPS
from .op_table import INTERNAL_OPS, _internal
from .ops import _apply, _as_tensor, _inplace
from .printing import set_printoptions
from .tensor import (_DTYPES, Tensor, _F32, _I64, _make, _norm_dim, _np_dtype, _rng_now, _sized,
                     _to_array, _wrap)

__all__ = ["as_tensor", "full_like", "empty_like", "rand_like", "randn_like", "randint_like",
           "randperm", "normal", "logspace", "range", "torch_range", "tril", "triu", "diag", "diag_embed",
           "diagonal", "meshgrid", "clone", "numel", "is_tensor", "is_floating_point",
           "is_nonzero", "eq", "ne", "gt", "ge", "lt", "le", "greater", "greater_equal", "less",
           "less_equal", "not_equal", "logical_and", "logical_or", "logical_xor",
           "logical_not", "isfinite", "isnan", "isinf", "isposinf", "isneginf", "isclose", "isin",
           "device", "cuda", "accelerator", "backends", "set_printoptions", "finfo", "iinfo", "set_default_dtype", "is_grad_enabled"]

_builtin_range = builtins.range   # (this module defines torch.range below)


# ------------------------------------------------------------------------------- creation
def _dt(dtype, fallback) -> np.dtype:
    d = _np_dtype(dtype)
    return d if d is not None else fallback


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """The same tensor when nothing changes (torch.as_tensor does not copy), a numpy array's
    memory shared, otherwise a new tensor."""
    _check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or _np_dtype(dtype) == data._data.dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or _np_dtype(dtype) == data.dtype):
        return _wrap(data)
    return _wrap(_to_array(data, dtype))


def full_like(input: Tensor, fill_value, *, dtype=None, requires_grad=False,
              device=None) -> Tensor:
    _check_device(device)
    a = input._data
    return _make(np.full(a.shape, fill_value, dtype=_dt(dtype, a.dtype)), requires_grad)


def empty_like(input: Tensor, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    return full_like(input, 0, dtype=dtype, requires_grad=requires_grad, device=device)


def rand_like(input: Tensor, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    _check_device(device)
    a = input._data
    return _make(_rng_now().random(a.shape).astype(_dt(dtype, a.dtype)), requires_grad)


def randn_like(input: Tensor, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    _check_device(device)
    a = input._data
    return _make(_rng_now().standard_normal(a.shape).astype(_dt(dtype, a.dtype)), requires_grad)


def randint_like(input: Tensor, low=0, high=None, *, dtype=None, requires_grad=False) -> Tensor:
    if high is None:
        low, high = 0, low
    a = input._data
    return _make(_rng_now().integers(low, high, a.shape).astype(_dt(dtype, a.dtype)),
                 requires_grad)


def randperm(n: int, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    _check_device(device)
    _sized((n,))
    return _make(_rng_now().permutation(int(n)).astype(_dt(dtype, _I64)), requires_grad)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None,
           requires_grad=False) -> Tensor:
    """torch.normal(mean, std, size) with numbers, or elementwise with tensor mean/std."""
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        m = mean._data if isinstance(mean, Tensor) else np.asarray(mean)
        s = std._data if isinstance(std, Tensor) else np.asarray(std)
        shape = np.broadcast_shapes(m.shape, s.shape)
        _sized(shape)
        dt = (mean if isinstance(mean, Tensor) else std)._data.dtype
        return _make((m + s * _rng_now().standard_normal(shape)).astype(dt), requires_grad)
    shape = _sized(tuple(size) if size is not None else ())
    return _make((mean + std * _rng_now().standard_normal(shape)).astype(_dt(dtype, _F32)),
                 requires_grad)


def logspace(start, end, steps: int, base: float = 10.0, *, dtype=None,
             requires_grad=False) -> Tensor:
    _sized((steps,))
    exps = np.linspace(float(start), float(end), int(steps))
    return _make(np.power(float(base), exps).astype(_dt(dtype, _F32)), requires_grad)


RANGE_WARNING = ("torch.range is deprecated and will be removed in a future release because "
                 "its behavior is inconsistent with Python's range builtin. Instead, use "
                 "torch.arange, which produces values in [start, end).")


def torch_range(start=0, end=None, step=1, *, dtype=None, requires_grad=False) -> Tensor:
    """The deprecated torch.range: both ends included, float32 by default."""
    warnings.warn(RANGE_WARNING, UserWarning, stacklevel=2)
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("step must be nonzero")
    n = int(math.floor((float(end) - float(start)) / float(step))) + 1
    _sized((max(n, 0),))
    return _make((float(start) + float(step) * np.arange(max(n, 0))).astype(_dt(dtype, _F32)),
                 requires_grad)


def _new(fill):
    def method(self: Tensor, *size, dtype=None, requires_grad=False, device=None) -> Tensor:
        _check_device(device)
        shape = _sized(size[0] if len(size) == 1 and isinstance(size[0], (tuple, list))
                       else size)
        return _make(np.full(shape, fill, dtype=_dt(dtype, self._data.dtype)), requires_grad)
    return method


def _new_full(self: Tensor, size, fill_value, *, dtype=None, requires_grad=False,
              device=None) -> Tensor:
    _check_device(device)
    shape = _sized(tuple(size) if isinstance(size, (tuple, list)) else (size,))
    return _make(np.full(shape, fill_value, dtype=_dt(dtype, self._data.dtype)), requires_grad)


def _new_tensor(self: Tensor, data, *, dtype=None, requires_grad=False, device=None) -> Tensor:
    _check_device(device)
    a = _to_array(data, _dt(dtype, self._data.dtype))
    return _make(a.copy() if isinstance(data, Tensor) else a, requires_grad)


# ------------------------------------------------------------------------------- matrices
def _tri_fwd(fn):
    def fwd(x, diagonal):
        if x.ndim < 2:
            raise RuntimeError(f"{fn.__name__}: input tensor must have at least 2 dimensions")
        return fn(x, diagonal)
    return fwd


def _diag_fwd(x, diagonal):
    if x.ndim == 1:
        return np.diag(x, diagonal)
    if x.ndim == 2:
        return np.diagonal(x, diagonal).copy()
    raise RuntimeError("diag(): Supports 1D or 2D tensors. Got " f"{x.ndim}D")


def _diag_vjp(g, out, x, diagonal):
    if x.ndim == 1:
        return np.diagonal(g, diagonal).copy()
    res = np.zeros(x.shape, dtype=g.dtype)
    rows, cols = _diag_positions(x.shape, diagonal)
    res[rows, cols] = g
    return res


def _diag_positions(shape, offset):
    n = len(np.diagonal(np.empty(shape[-2:], dtype=np.bool_), offset))
    rows = np.arange(n) + max(-offset, 0)
    return rows, rows + offset


def _diag_embed_fwd(x, offset):
    n = x.shape[-1] + abs(offset)
    out = np.zeros(x.shape[:-1] + (n, n), dtype=x.dtype)
    rows, cols = _diag_positions((n, n), offset)
    out[..., rows, cols] = x
    return out


def _diagonal_fwd(x, offset, dim1, dim2):
    return np.diagonal(x, offset, dim1, dim2).copy()


def _diagonal_vjp(g, out, x, offset, dim1, dim2):
    res = np.zeros(x.shape, dtype=g.dtype)
    moved = np.moveaxis(res, (dim1, dim2), (-2, -1))   # a view: writing it writes res
    rows, cols = _diag_positions(moved.shape, offset)
    moved[..., rows, cols] = g
    return res


def _name_diag(params, mask) -> str:
    return params["name"]


_M = dict(category="shape", saves=False, reads=((),))
_ops = [
    _internal("tril", arity=1, forward=_tri_fwd(np.tril),
              vjps=(lambda g, out, x, diagonal: np.tril(g, diagonal),), grad_fn="TrilBackward0",
              formulas=("∂tril(x)/∂x = 1 on and below the diagonal",), **_M),
    _internal("triu", arity=1, forward=_tri_fwd(np.triu),
              vjps=(lambda g, out, x, diagonal: np.triu(g, diagonal),), grad_fn="TriuBackward0",
              formulas=("∂triu(x)/∂x = 1 on and above the diagonal",), **_M),
    _internal("diag", arity=1, forward=lambda x, diagonal, name: _diag_fwd(x, diagonal),
              vjps=(lambda g, out, x, diagonal, name: _diag_vjp(g, out, x, diagonal),),
              grad_fn=_name_diag, formulas=("∂diag(x)/∂x = 1 at the diagonal",),
              result_shape=lambda x, diagonal, name: (x.shape[0] + abs(diagonal),) * 2
              if x.ndim == 1 else None, **_M),
    _internal("diag_embed", arity=1, forward=_diag_embed_fwd,
              vjps=(lambda g, out, x, offset: np.diagonal(g, offset, -2, -1).copy(),),
              grad_fn="DiagEmbedBackward0", formulas=("∂/∂x = the diagonal of g",),
              result_shape=lambda x, offset: x.shape[:-1] + (x.shape[-1] + abs(offset),) * 2,
              **_M),
    _internal("diagonal", arity=1, forward=_diagonal_fwd, vjps=(_diagonal_vjp,),
              grad_fn="DiagonalBackward0", formulas=("∂/∂x = 1 at the diagonal",), **_M),
]
INTERNAL_OPS.update({op.name: op for op in _ops})


def _graph_diag(g, out, x, diagonal, name):
    if x.ndim == 1:
        return diagonal_(g, diagonal, 0, 1)
    return _apply(INTERNAL_OPS["diag"], (g,), {"diagonal": diagonal, "name": "DiagEmbedBackward0"})


def diagonal_(g, offset, dim1, dim2):
    return _apply(INTERNAL_OPS["diagonal"], (g,), {"offset": offset, "dim1": dim1, "dim2": dim2})


GRAPH_VJPS.update({
    "tril": (lambda g, out, x, diagonal: tril(g, diagonal),),
    "triu": (lambda g, out, x, diagonal: triu(g, diagonal),),
    "diag": (_graph_diag,),
    "diag_embed": (lambda g, out, x, offset: diagonal_(g, offset, -2, -1),),
    "diagonal": (lambda g, out, x, offset, dim1, dim2: _diagonal_back(g, x, offset, dim1, dim2),),
})


def _diagonal_back(g, x, offset, dim1, dim2):
    """The diagonal's gradient written into zeros, recorded (so it can be differentiated)."""
    rows, cols = _diag_positions(tuple(x._data.shape[d] for d in (dim1, dim2)), offset)
    # g has the diagonal as its last dim: spread it over the diagonal's positions
    shape2 = tuple(x._data.shape[d] for d in (dim1, dim2))
    spread = np.zeros(shape2 + (len(rows),), dtype=g._data.dtype)
    spread[rows, cols, np.arange(len(rows))] = 1
    full = (g.unsqueeze(-2).unsqueeze(-2) * _wrap(spread)).sum(-1)
    order = [d for d in range(x.ndim) if d not in (dim1, dim2)] + [dim1, dim2]
    return full.permute(tuple(np.argsort(order).tolist()))


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    return _apply(INTERNAL_OPS["tril"], (input,), {"diagonal": int(diagonal)})


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    return _apply(INTERNAL_OPS["triu"], (input,), {"diagonal": int(diagonal)})


def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    name = "DiagEmbedBackward0" if input._data.ndim == 1 else "DiagonalBackward0_copy"
    return _apply(INTERNAL_OPS["diag"], (input,), {"diagonal": int(diagonal), "name": name})


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    if (dim1, dim2) not in ((-2, -1), (input._data.ndim - 1, input._data.ndim)):
        raise NotImplementedError("diag_embed: only the last two dimensions (dim1=-2, dim2=-1) "
                                  "are supported by this engine")
    return _apply(INTERNAL_OPS["diag_embed"], (input,), {"offset": int(offset)})


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    nd = input._data.ndim
    d1, d2 = _norm_dim(dim1, nd), _norm_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return _apply(INTERNAL_OPS["diagonal"], (input,), {"offset": int(offset), "dim1": d1,
                                                       "dim2": d2})


MESHGRID_WARNING = ("torch.meshgrid: in an upcoming release, it will be required to pass the "
                    "indexing argument.")


def meshgrid(*tensors, indexing: str | None = None) -> tuple:
    """Every combination of the inputs' elements: input i viewed along dim i, expanded."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn(MESHGRID_WARNING, UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but "
                           f"received: {indexing}")
    ts = [_as_tensor(t) for t in tensors]
    sizes = [t.numel() for t in ts]
    swap = indexing == "xy" and len(ts) >= 2
    if swap:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    _sized(tuple(sizes))
    out = []
    for i, t in enumerate(ts):
        axis = (1 - i if i < 2 else i) if swap else i
        shape = [1] * len(ts)
        shape[axis] = -1
        out.append(t.view(*shape).expand(*sizes))
    return tuple(out)


# ------------------------------------------------------------------------------- small utilities
def clone(input: Tensor, *, memory_format=None) -> Tensor:
    return input.clone()


def numel(input: Tensor) -> int:
    return input.numel()


def is_tensor(obj) -> bool:
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> bool:
    return input._data.dtype.kind == "f"


def is_nonzero(input: Tensor) -> bool:
    if input._data.size != 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(input._data.reshape(()).item())


def is_grad_enabled() -> bool:
    return _ag.is_grad_enabled()


def _cmp_fn(method: str):
    def fn(input, other) -> Tensor:
        r = getattr(_as_tensor(input), method)(other)
        if r is NotImplemented:
            raise TypeError(f"{method}() received an invalid combination of arguments")
        return r
    fn.__name__ = method
    return fn


eq, ne, gt, ge, lt, le = (_cmp_fn(m) for m in ("eq", "ne", "gt", "ge", "lt", "le"))
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def _arr(x) -> np.ndarray:
    return x._data if isinstance(x, Tensor) else np.asarray(x)


def logical_and(input, other) -> Tensor:
    return _wrap(np.logical_and(_arr(input), _arr(other)))


def logical_or(input, other) -> Tensor:
    return _wrap(np.logical_or(_arr(input), _arr(other)))


def logical_xor(input, other) -> Tensor:
    return _wrap(np.logical_xor(_arr(input), _arr(other)))


def logical_not(input) -> Tensor:
    return _wrap(np.asarray(np.logical_not(_arr(input))))


def isfinite(input) -> Tensor:
    return _wrap(np.asarray(np.isfinite(_arr(input))))


def isnan(input) -> Tensor:
    return _wrap(np.asarray(np.isnan(_arr(input))))


def isinf(input) -> Tensor:
    return _wrap(np.asarray(np.isinf(_arr(input))))


def isposinf(input) -> Tensor:
    return _wrap(np.asarray(np.isposinf(_arr(input))))


def isneginf(input) -> Tensor:
    return _wrap(np.asarray(np.isneginf(_arr(input))))


def isclose(input, other, rtol: float = 1e-05, atol: float = 1e-08,
            equal_nan: bool = False) -> Tensor:
    return _wrap(np.asarray(np.isclose(_arr(input), _arr(other), rtol=rtol, atol=atol,
                                       equal_nan=equal_nan)))


def isin(elements, test_elements, *, assume_unique: bool = False, invert: bool = False) -> Tensor:
    return _wrap(np.asarray(np.isin(_arr(elements), _arr(test_elements), invert=invert)))


def _fill_diagonal_(self: Tensor, fill_value, wrap: bool = False) -> Tensor:
    """Write fill_value on the main diagonal, in place (recorded as CopySlices, as in torch)."""
    a = self._data
    n = min(a.shape) if a.ndim else 0
    if a.ndim >= 2 and len(set(a.shape)) != 1 and a.ndim != 2:
        raise RuntimeError("all dimensions of input must be of equal length")
    if wrap and a.ndim == 2 and a.shape[0] > a.shape[1]:
        rows = np.arange(a.shape[0])
        keep = (rows % (a.shape[1] + 1)) < a.shape[1]
        rows = rows[keep]
        key = (rows, (rows - (rows // (a.shape[1] + 1)) * (a.shape[1] + 1)))
    else:
        key = tuple(np.arange(n) for _ in _builtin_range(a.ndim))
    value = fill_value if isinstance(fill_value, Tensor) else _wrap(
        np.asarray(fill_value, dtype=self._data.dtype))
    return _inplace(self, INTERNAL_OPS["copy_slices"], (value,), {"key": key})


# ------------------------------------------------------------------------------- devices
class device:  # noqa: N801  (torch.device)
    """``torch.device('cpu')``; a CUDA device can be named (``device('cuda:0')``) but not
    used: moving a tensor there raises torch's CPU-build error."""
    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):  # noqa: A002  (torch's argument name)
        if isinstance(type, device):
            type, index = type.type, type.index
        kind, _, num = str(type).partition(":")
        if kind not in ("cpu", "cuda", "mps", "meta"):
            raise RuntimeError(f"Expected one of cpu, cuda, mps, meta device type at start of "
                               f"device string: {type}")
        self.type = kind
        self.index = int(num) if num else index

    def __repr__(self) -> str:
        extra = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{extra})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other) -> bool:
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


_Device = device


def _check_device(d) -> None:
    check_device(d, factory=True)


_CPU = device("cpu")


class finfo:  # noqa: N801  (torch.finfo)
    """Machine limits of a floating dtype (the default dtype when none is given)."""

    def __init__(self, type=None):  # noqa: A002
        d = _np_dtype(type) if type is not None else _F32
        if d.kind != "f":
            raise TypeError("torch.finfo() requires a floating point input type. Use "
                            "torch.iinfo to handle 'torch.finfo'")
        info = np.finfo(d)
        self.bits, self.eps = info.bits, float(info.eps)
        self.max, self.min = float(info.max), float(info.min)
        self.tiny = self.smallest_normal = float(info.tiny)
        self.resolution = float(info.resolution)
        self.dtype = _DTYPES[d].name

    def __repr__(self) -> str:
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.tiny:g}, tiny={self.tiny:g}, "
                f"dtype={self.dtype})")


class iinfo:  # noqa: N801  (torch.iinfo)
    def __init__(self, type):  # noqa: A002
        d = _np_dtype(type)
        if d.kind not in "iub":
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to "
                            "handle 'torch.iinfo'")
        info = np.iinfo(d)
        self.bits, self.max, self.min = info.bits, int(info.max), int(info.min)
        self.dtype = _DTYPES[d].name

    def __repr__(self) -> str:
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


def set_default_dtype(d) -> None:
    """Only float32, the engine's default, is supported: float64 programs should pass
    ``dtype=torch.float64`` to the tensors they create."""
    if _np_dtype(d) != _F32:
        raise NotImplementedError("torch.set_default_dtype: only torch.float32 is supported by "
                                  "this engine (pass dtype=torch.float64 when creating tensors)")


# ------------------------------------------------------------------------------- methods
def _cpu(self: Tensor, *args, **kwargs) -> Tensor:
    return self


def _cuda(self: Tensor, *args, **kwargs) -> Tensor:
    raise AssertionError(CUDA_MISSING)


def _pin_memory(self: Tensor, device=None) -> Tensor:
    raise RuntimeError(NO_ACCELERATOR)


_to_dtype = Tensor.to


def _to(self: Tensor, *args, dtype=None, device=None, non_blocking=False, copy=False,
        **kwargs) -> Tensor:
    """``.to(dtype)``, ``.to(device)``, ``.to(device, dtype)``, ``.to(other_tensor)``."""
    for a in args:
        if isinstance(a, Tensor):
            dtype = a._data.dtype
        elif isinstance(a, (str, _Device)) and not (isinstance(a, str) and _is_dtype_name(a)):
            check_device(a)
        elif a is not None:
            dtype = a
    check_device(device)
    r = _to_dtype(self, dtype)
    return r.clone() if copy and r is self else r


def _is_dtype_name(s: str) -> bool:
    try:
        np.dtype(s)
        return True
    except TypeError:
        return False


def _type_as(self: Tensor, other: Tensor) -> Tensor:
    return self.to(other._data.dtype)


_METHODS = {
    "new_ones": _new(1), "new_zeros": _new(0), "new_empty": _new(0), "new_full": _new_full,
    "new_tensor": _new_tensor, "tril": tril, "triu": triu, "diag": diag,
    "diag_embed": diag_embed, "diagonal": diagonal, "is_floating_point": is_floating_point,
    "is_nonzero": is_nonzero,
    "element_size": lambda self: self._data.itemsize,
    "ndimension": lambda self: self._data.ndim,
    "nelement": lambda self: int(self._data.size),
    "type_as": _type_as,
    "view_as": lambda self, other: self.view(*other.shape),
    "reshape_as": lambda self, other: self.reshape(*other.shape),
    "cpu": _cpu, "cuda": _cuda, "to": _to,
    "logical_and": logical_and, "logical_or": logical_or, "logical_xor": logical_xor,
    "logical_not": logical_not, "isfinite": isfinite, "isposinf": isposinf,
    "isneginf": isneginf, "isclose": isclose,
    "greater": gt, "greater_equal": ge, "less": lt, "less_equal": le, "not_equal": ne,
}
for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)
Tensor.nbytes = property(lambda self: int(self._data.nbytes))
Tensor.itemsize = property(lambda self: int(self._data.itemsize))
Tensor.is_cuda = property(lambda self: False)
Tensor.is_mps = property(lambda self: False)
Tensor.device = property(lambda self: _CPU)  # prints 'cpu', repr device(type='cpu'), as torch
Tensor.pin_memory = _pin_memory
Tensor.tril_ = lambda self, diagonal=0: _inplace(self, INTERNAL_OPS["tril"], (),
                                                 {"diagonal": int(diagonal)})
Tensor.triu_ = lambda self, diagonal=0: _inplace(self, INTERNAL_OPS["triu"], (),
                                                 {"diagonal": int(diagonal)})
Tensor.logical_not_ = lambda self: self.copy_(logical_not(self))
Tensor.fill_diagonal_ = _fill_diagonal_
Tensor.half = lambda self: self.to(np.float16)

FUNCTIONS = {name: globals()[name] for name in __all__ if name != "range"}
FUNCTIONS["range"] = torch_range   # (named so inside this module, where range is Python's)
