"""``Tensor``: a numpy array plus autograd flags, behaving like ``torch.Tensor``.

This module defines the data structure and knows nothing of ops: the op methods (``exp``,
``sum``, ``__add__``, ``to``, ``x[i]`` ...) are installed on the class by ``engine/ops.py``,
generated from the op table.  Here: the flags and leaf rules, data access, the random
fills, printing, conversion of Python data, and the creation functions.  dtypes live in
``engine/dtypes.py``, version counters in ``engine/versions.py`` (both re-exported).
"""
from __future__ import annotations

import math
import warnings
import weakref

import numpy as np

from . import _format
from . import autograd as _ag
from . import limits as _limits
from .dtypes import (_DEFAULT_PRINT, _DTYPES, _F32, _F64, _I64, Size, _np_dtype,  # noqa: F401
                     bool_, builtins_bool, builtins_float, builtins_int, double, dtype, float,
                     float16, float32, float64, get_default_dtype, int8, int16, int32, int64,
                     long, uint8)
from .torch_names import TorchNamed
from .versions import VersionCounter, _bump_version, version_counter  # noqa: F401

__all__ = [
    "Tensor", "tensor", "dtype", "float32", "float64", "float16", "int64", "int32", "bool_",
    "zeros", "ones", "zeros_like", "ones_like", "full", "arange", "linspace", "randn", "rand",
    "randint", "manual_seed", "Size", "get_default_dtype", "empty", "eye", "from_numpy",
    "FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor",
]

NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information.")
NON_LEAF_REQUIRES_GRAD = (
    "you can only change requires_grad flags of leaf variables. If you want to use a computed "
    "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
INPLACE_LEAF = "a leaf Variable that requires grad is being used in an in-place operation."
INPLACE_VIEW = (
    "this engine does not support in-place operations on a view of a tensor that requires "
    "grad (torch would rewrite the base's graph with CopySlices); use out-of-place ops or "
    "clone() the view first")
NO_GRAD_VIEW_MODIFIED = (
    "A view was created in no_grad mode and its base or another view of its base has been "
    "modified inplace with grad mode enabled. Given that this use case is ambiguous and "
    "error-prone, it is forbidden. You can clarify your code by moving both the view and the "
    "inplace either both inside the no_grad block (if you don't want the inplace to be tracked) "
    "or both outside (if you want the inplace to be tracked).")


# ----------------------------------------------------------------------------- Tensor
class Tensor(metaclass=TorchNamed):
    """An n-dimensional array that records the operations applied to it."""
    # Rarely-set state lives in a lazily created __dict__ with class-level defaults, so an
    # op result costs four attribute stores.
    __slots__ = ("_data", "_rg", "_grad_fn", "__dict__", "__weakref__")
    __array_priority__ = 1000  # numpy defers to our reflected operators
    _grad = None       # .grad (leaves, and non-leaves that retain_grad)
    _retains = False   # retain_grad() was called
    _hooks = None      # hooks registered on a leaf
    _acc = None        # the leaf's AccumulateGrad (False: a no-grad view without an edge)
    _vc = None         # VersionCounter, made on the first in-place change, view or detach()

    @property
    def _version(self) -> int:
        """How many in-place changes this tensor's data has seen (torch's ``_version``)."""
        vc = self._vc
        return 0 if vc is None else vc.version

    def __init__(self, data=None, *, dtype=None, requires_grad: bool = False):
        a = _to_array(data if data is not None else [], dtype)
        self._data = a
        self._rg = False
        self._grad_fn = None
        if requires_grad:
            if a.dtype.kind not in "fc":
                raise RuntimeError(FACTORY_INT_GRAD)
            self.requires_grad_(True)

    # ---- flags
    @property
    def requires_grad(self) -> bool:
        return self._rg

    @requires_grad.setter
    def requires_grad(self, flag: bool) -> None:
        self.requires_grad_(flag, _setter=True)

    def requires_grad_(self, requires_grad: bool = True, *, _setter: bool = False) -> "Tensor":
        if self._grad_fn is not None:
            if _setter and requires_grad:
                # torch's property setter words this case more briefly
                raise RuntimeError("you can only change requires_grad flags of leaf variables.")
            raise RuntimeError(NON_LEAF_REQUIRES_GRAD)
        if requires_grad and self._data.dtype.kind not in "fc":
            if _setter:
                raise RuntimeError(
                    "only Tensors of floating point and complex dtype can require gradients")
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._rg = bool(requires_grad)
        return self

    @property
    def is_leaf(self) -> bool:
        if self._acc is False:
            self._check_no_grad_view()
        return self._grad_fn is None

    @property
    def grad_fn(self):
        if self._acc is False:
            self._check_no_grad_view()
        fn = self._grad_fn
        if fn is not None and fn._output_of is not None:
            return fn._output_of    # output k of a node with several outputs (split, a Function)
        return fn

    @property
    def output_nr(self) -> int:
        """Which output of its ``grad_fn`` this tensor is (0 but for split/chunk/unbind parts
        and a custom Function's further outputs), as in ``next_functions``' ``(node, k)``."""
        fn = self._grad_fn
        return 0 if fn is None or fn._output_of is None else fn._k

    def _check_no_grad_view(self) -> None:
        """A view taken under no_grad whose base was later modified in place is unusable in
        torch (its grad_fn cannot be rebuilt); reading its graph flags raises."""
        base = self.__dict__.get("_view_base")
        if base is not None and base._version != self.__dict__.get("_view_version"):
            raise RuntimeError(NO_GRAD_VIEW_MODIFIED)

    @property
    def grad(self):
        if self._grad_fn is not None and not self._retains and self._grad is None:
            warnings.warn(NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of "
                                f"type {type(value).__name__}")
            if value._data.shape != self._data.shape:
                raise RuntimeError("assigned grad has data of a different size")
        self._grad = value

    @property
    def retains_grad(self) -> bool:
        return self._retains

    def retain_grad(self) -> None:
        if not self._rg:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._grad_fn is None or self._retains:
            return
        self._retains = True
        self._grad_fn._extra.retain = weakref.ref(self)

    def register_hook(self, hook):
        """hook(grad) -> None | new grad, called when this tensor's gradient is computed."""
        if not self._rg:
            raise RuntimeError(
                "cannot register a hook on a tensor that doesn't require gradient")
        if self._grad_fn is not None:
            x = self._grad_fn._extra
            if x.tensor_prehooks is None:
                x.tensor_prehooks = []
            lst = x.tensor_prehooks
        else:
            if self._hooks is None:
                self._hooks = []
            lst = self._hooks
        lst.append(hook)
        return _ag.RemovableHandle(lst, hook)

    def _accumulator(self) -> "_ag.AccumulateGrad | None":
        acc = self._acc
        if acc is None:
            acc = self._acc = _ag.AccumulateGrad(self)
        elif acc is False:  # a view taken under no_grad: no gradient edge (torch quirk)
            self._check_no_grad_view()
            return None
        return acc

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None) -> None:
        _ag.backward(self, gradient, retain_graph, create_graph, inputs)

    def detach(self) -> "Tensor":
        """A leaf sharing this tensor's data *and* version counter: an in-place change of
        either is seen by autograd (``.data`` shares only the data)."""
        t = _wrap(self._data)
        t._vc = version_counter(self)
        return t

    def detach_(self) -> "Tensor":
        self._grad_fn = None
        self._rg = False
        return self

    # ---- data access
    @property
    def data(self) -> "Tensor":
        return _wrap(self._data)

    @data.setter
    def data(self, value) -> None:
        self._data = value._data if isinstance(value, Tensor) else _to_array(value, None)

    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim: int | None = None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_norm_dim(dim, self._data.ndim)]

    @property
    def dtype(self) -> dtype:
        return _DTYPES[self._data.dtype]

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    def numel(self) -> int:
        return int(self._data.size)

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    @property
    def device(self) -> str:
        return "cpu"

    def numpy(self) -> np.ndarray:
        if self._rg:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                               "Use tensor.detach().numpy() instead.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        a = self._data
        return a if dtype is None else a.astype(dtype)

    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               f"to Scalar")
        return self._data.reshape(()).item()

    def tolist(self):
        return self._data.tolist()

    def __float__(self):
        return builtins_float(self._scalar())

    def __int__(self):
        return builtins_int(self._scalar())

    def _scalar(self):
        # float()/int()/'%f' % t: any one-element tensor, with torch's own error text
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._data.reshape(()).item()

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(()).item())

    def __index__(self):
        if self._data.dtype.kind not in "iu" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.reshape(()).item())

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __hash__(self):
        return id(self)

    # ---- conversions (to, float, clone, T ...) and op methods: installed by engine/ops.py
    # (ops_methods.py); in-place ops (add_, exp_, zero_ ...) by ops_inplace.py, except the
    # random fills below, which never take part in a graph
    def normal_(self, mean=0.0, std=1.0) -> "Tensor":
        return self._fill_random(_rng.normal(mean, std, self._data.shape))

    def uniform_(self, a=0.0, b=1.0) -> "Tensor":
        return self._fill_random(_rng.uniform(a, b, self._data.shape))

    def _fill_random(self, values) -> "Tensor":
        if self._rg and self._grad_fn is None and _ag._state.enabled:
            raise RuntimeError(INPLACE_LEAF)
        if self._data.flags.writeable:
            self._data[...] = values
        else:
            self._data = np.array(values, dtype=self._data.dtype)
        _bump_version(self)
        return self

    # ---- printing
    def __repr__(self) -> str:
        fn = self._grad_fn
        a = self._data
        return _format.tensor_repr(a, "torch." + _DTYPES[a.dtype].name, a.dtype in _DEFAULT_PRINT,
                                   None if fn is None else type(fn).__name__, self._rg)

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        # torch: a plain 0-dim Tensor formats as its Python number (f"{loss}" -> "0.25",
        # f"{loss:.4f}"); anything else (other shapes, subclasses such as Parameter) goes to
        # object.__format__, which gives str() for an empty spec and a TypeError otherwise.
        if self._data.ndim == 0 and type(self) is Tensor:
            return format(self._data.reshape(()).item(), spec)
        if spec:
            raise TypeError(f"unsupported format string passed to {type(self).__name__}.__format__")
        return str(self)


def _wrap(a: np.ndarray) -> Tensor:
    """A leaf tensor around an array (no copy)."""
    t = Tensor.__new__(Tensor)
    t._data = a
    t._rg = False
    t._grad_fn = None
    return t


def _norm_dim(dim: int, ndim: int) -> int:
    lo, hi = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if not (lo <= dim <= hi):
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")
    return dim + ndim if dim < 0 else (0 if ndim == 0 else dim)


def _to_array(data, dt) -> np.ndarray:
    tok = _ag.quiet_set(_ag._IGNORE)  # 1e200 -> float32 is inf without a warning, as in torch
    try:
        return _to_array_quiet(data, dt)
    finally:
        _ag.quiet_reset(tok)


def _to_array_quiet(data, dt) -> np.ndarray:
    target = _np_dtype(dt)
    if isinstance(data, Tensor):
        a = data._data
        return a.astype(target) if target is not None and target != a.dtype else a.copy()
    if target is not None:
        return np.array(_unwrap_nested(data), dtype=target)
    a = np.array(_unwrap_nested(data))
    k = a.dtype.kind
    from_numpy = isinstance(data, (np.ndarray, np.generic))  # numpy keeps its dtype, as in torch
    if k == "f":
        if a.dtype != _F32 and not from_numpy:
            a = a.astype(_F32)  # Python floats -> torch's default float32
    elif k in "iu":
        if not from_numpy and a.dtype != _I64:
            a = a.astype(_I64)
    elif k == "b":
        pass
    elif k == "O" or k == "U":
        raise TypeError(f"Could not infer dtype of {type(data).__name__}")
    return a


def _unwrap_nested(data):
    if isinstance(data, Tensor):
        return data._data
    if isinstance(data, (list, tuple)) and any(isinstance(x, (Tensor, list, tuple)) for x in data):
        return [_unwrap_nested(x) for x in data]
    return data


# ----------------------------------------------------------------------------- creation
def tensor(data, *, dtype=None, requires_grad: bool = False) -> Tensor:
    """Create a leaf tensor (copies ``data``); Python floats become float32, ints int64."""
    t = _wrap(_to_array(data, dtype))
    if isinstance(data, np.ndarray) and t._data is data:
        t._data = data.copy()
    if requires_grad:
        if t._data.dtype.kind not in "fc":
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients")
        t._rg = True
    return t


def _legacy_constructor(np_dtype, name):
    def constructor(*args) -> Tensor:
        """torch's legacy constructor: sizes (``FloatTensor(2, 3)``: zeros here, where torch
        leaves memory uninitialised) or data (``FloatTensor([1, 2])``)."""
        if not args:
            return zeros(0, dtype=np_dtype)
        if all(isinstance(a, (builtins_int, np.integer)) and not isinstance(a, builtins_bool)
               for a in args):
            return zeros(*args, dtype=np_dtype)
        if len(args) == 1:
            return tensor(args[0], dtype=np_dtype)
        raise TypeError(f"{name}() takes sizes or one sequence of data")
    constructor.__name__ = constructor.__qualname__ = name
    return constructor


FloatTensor = _legacy_constructor(np.float32, "FloatTensor")
DoubleTensor = _legacy_constructor(np.float64, "DoubleTensor")
LongTensor = _legacy_constructor(np.int64, "LongTensor")
IntTensor = _legacy_constructor(np.int32, "IntTensor")
BoolTensor = _legacy_constructor(np.bool_, "BoolTensor")


def from_numpy(a: np.ndarray) -> Tensor:
    return _wrap(a)


def _shape_args(size) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    return _sized(size)


def _sized(size) -> tuple:
    """A creation function's shape, checked (torch's texts) and held to the tensor budget
    before anything is allocated."""
    shape = tuple(int(s) for s in size)
    n = 1
    for s in shape:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: "
                               f"[{', '.join(str(d) for d in shape)}]")
        n *= s
        if n >= 2 ** 63:  # torch multiplies the sizes in int64, a later 0 does not help
            raise RuntimeError(f"Storage size calculation overflowed with sizes="
                               f"[{', '.join(str(d) for d in shape)}]")
    _limits.check_numel(n, shape)
    return shape


#: what torch's factory functions (tensor, arange, ones, ...) say to requires_grad=True on an
#: integer dtype; ``requires_grad_()`` and the property setter word it differently
FACTORY_INT_GRAD = "Only Tensors of floating point and complex dtype can require gradients"


def _make(a, requires_grad) -> Tensor:
    if requires_grad and a.dtype.kind not in "fc":
        raise RuntimeError(FACTORY_INT_GRAD)
    if _limits._state.scope is not None:
        _limits.tally(a.nbytes)
    t = _wrap(a)
    if requires_grad:
        t.requires_grad_(True)
    return t


def zeros(*size, dtype=None, requires_grad=False) -> Tensor:
    return _make(np.zeros(_shape_args(size), dtype=_np_dtype(dtype) or _F32), requires_grad)


def ones(*size, dtype=None, requires_grad=False) -> Tensor:
    return _make(np.ones(_shape_args(size), dtype=_np_dtype(dtype) or _F32), requires_grad)


def empty(*size, dtype=None, requires_grad=False) -> Tensor:
    return zeros(*size, dtype=dtype, requires_grad=requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False) -> Tensor:
    dt = _np_dtype(dtype)
    if dt is None:
        dt = _F32 if isinstance(fill_value, builtins_float) else (
            np.dtype(np.bool_) if isinstance(fill_value, builtins_bool) else _I64)
    return _make(np.full(_sized(size if isinstance(size, (tuple, list)) else (size,)),
                         fill_value, dtype=dt), requires_grad)


def eye(n, m=None, dtype=None, requires_grad=False) -> Tensor:
    _sized((n, n if m is None else m))
    return _make(np.eye(n, m, dtype=_np_dtype(dtype) or _F32), requires_grad)


def zeros_like(t: Tensor, dtype=None, requires_grad=False) -> Tensor:
    return _make(np.zeros(t._data.shape, dtype=_np_dtype(dtype) or t._data.dtype), requires_grad)


def ones_like(t: Tensor, dtype=None, requires_grad=False) -> Tensor:
    return _make(np.ones(t._data.shape, dtype=_np_dtype(dtype) or t._data.dtype), requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad=False) -> Tensor:
    if end is None:
        start, end = 0, start
    dt = _np_dtype(dtype)
    if dt is None:
        dt = _I64 if all(isinstance(v, builtins_int) for v in (start, end, step)) else _F32
    _sized((_arange_length(start, end, step),))
    return _make(np.arange(start, end, step).astype(dt), requires_grad)


def _arange_length(start, end, step) -> int:
    """How many elements arange(start, end, step) has, with torch's errors for bad ranges."""
    start, end, step = (v.item() if isinstance(v, Tensor) else v for v in (start, end, step))
    if not all(math.isfinite(v) for v in (start, end)):
        raise RuntimeError(f"unsupported range: {_fmt_bound(start)} -> {_fmt_bound(end)}")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (step > 0 and end < start) or (step < 0 and end > start):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if all(isinstance(v, builtins_int) for v in (start, end, step)):
        n = -(-(end - start) // step)
    else:
        n = (end - start) / step
        if not math.isfinite(n) or n >= 2 ** 63:
            raise RuntimeError("invalid size, possible overflow?")
        n = math.ceil(n)
    if n >= 2 ** 63:
        raise RuntimeError("invalid size, possible overflow?")
    return max(int(n), 0)


def _fmt_bound(v) -> str:
    return str(int(v)) if isinstance(v, builtins_float) and v.is_integer() else str(v)


def linspace(start, end, steps, dtype=None, requires_grad=False) -> Tensor:
    _sized((steps,))
    np_dtype = _np_dtype(dtype) or _F32
    if np.dtype(np_dtype) == np.float32 and int(steps) >= 2:
        return _make(_linspace_f32(start, end, int(steps)), requires_grad)
    return _make(np.linspace(start, end, steps).astype(np_dtype), requires_grad)


def _linspace_f32(start, end, steps: int) -> np.ndarray:
    """torch's float32 linspace bit for bit: a float32 step, the first half counted up from
    ``start`` and the second half down from ``end``, each value one fused multiply-add (exact
    in float64 here, then rounded once). numpy's linspace differs in the last bit, which shows
    as the sign of sin(2*pi) in the Fundamentals of Autograd tutorial."""
    s, e = np.float32(start), np.float32(end)
    step = np.float64(np.float32((e - s) / np.float32(steps - 1)))
    i = np.arange(steps, dtype=np.float64)
    up = np.float64(s) + step * i
    down = np.float64(e) - step * (steps - 1 - i)
    return np.where(i < steps // 2, up, down).astype(np.float32)


_rng = np.random.default_rng()


def _rng_now() -> np.random.Generator:
    return _rng


def manual_seed(seed: int):
    """Seed engine's generator (results differ from torch's generator, as with any other RNG)."""
    global _rng
    # torch takes a 64-bit seed: -2**63 .. 2**64-1, anything else is this ValueError
    if not -2**63 <= int(seed) <= 2**64 - 1:
        raise ValueError("Overflow when unpacking long long")
    _rng = np.random.default_rng(int(seed) % 2**64)
    return _rng


def randn(*size, dtype=None, requires_grad=False) -> Tensor:
    return _make(_rng.standard_normal(_shape_args(size)).astype(_np_dtype(dtype) or _F32),
                 requires_grad)


def rand(*size, dtype=None, requires_grad=False) -> Tensor:
    return _make(_rng.random(_shape_args(size)).astype(_np_dtype(dtype) or _F32), requires_grad)


def randint(low, high=None, size=(), dtype=None) -> Tensor:
    if high is None:
        low, high = 0, low
    return _make(_rng.integers(low, high, _sized(size)).astype(_np_dtype(dtype) or _I64), False)
