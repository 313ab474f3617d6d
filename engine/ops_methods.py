"""The Tensor methods and ``engine.*`` functions generated from the op table, the
operators (``+``, ``*``, ``==``, ``&`` ...), and the methods written by hand over the
dispatch path (sort, expand, flatten, dtype conversions ...).

Importing this module installs them on ``Tensor`` (and on ``forward_ad.DualTensor``, whose
tensors take the general path, where tangents flow).  ``METHODS``, ``FUNCTIONS`` and
``FUNCTIONAL`` hold what was generated, for ``engine``, ``engine.nn.functional`` and the app.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from . import autograd as _ag
from . import forward_ad as _fwd
from .dispatch import _apply, _as_tensor, _bind, _scalar_types, apply_internal, apply_op
from .dtypes import _F32, _F64, _I64, _np_dtype
from .op_rules_shape import sort_order
from .op_table import INTERNAL_OPS, OPS, Op
from .ops_fast import _fast_binary, _fast_unary
from .tensor import Tensor, _norm_dim, _wrap


# ----------------------------------------------------------------------------- generation
MaxResult = namedtuple("max", ["values", "indices"])
MinResult = namedtuple("min", ["values", "indices"])


def _return_types_repr(self):
    return (f"torch.return_types.{type(self).__name__}(\nvalues={self.values!r},\n"
            f"indices={self.indices!r})")


MaxResult.__repr__ = _return_types_repr
MinResult.__repr__ = _return_types_repr


def _extreme_result(op, x, params, cls):
    values = _apply(op, (x,), params)
    xd = x._data if isinstance(x, Tensor) else np.asarray(x)
    d = _norm_dim(params["dim"], xd.ndim)
    argfn = np.argmax if op.name == "max" else np.argmin
    idx = (argfn(xd, axis=d, keepdims=params.get("keepdim", False)) if xd.ndim
           else np.zeros((), np.int64))
    return cls(values, _wrap(np.asarray(idx, dtype=np.int64)))


def _make_method(op: Op):
    if op.name in ("max", "min"):
        cls = MaxResult if op.name == "max" else MinResult
        other = INTERNAL_OPS["maximum" if op.name == "max" else "minimum"]

        def method(self, *args, **kwargs):
            if args and isinstance(args[0], Tensor):
                return _apply(other, (self, args[0]), {})
            params = _bind(op, args, kwargs)
            if params.get("dim") is None:
                return _apply(op, (self,), params)
            return _extreme_result(op, self, params, cls)
    elif op.arity == 1 and not op.params and op.compose is None and isinstance(op.grad_fn, str):
        return _fast_unary(op)
    elif op.arity == 1 and not op.params:
        def method(self):
            return _apply(op, (self,), {})
    elif op.arity == 1:
        def method(self, *args, **kwargs):
            return _apply(op, (self,), _bind(op, args, kwargs))
    else:
        k = op.arity - 1

        def method(self, *args, **kwargs):
            ins = (self,) + args[:k]
            for name in op.input_names[1 + len(args[:k]):]:
                if name in kwargs:
                    ins = ins + (kwargs.pop(name),)
            return _apply(op, ins, _bind(op, args[k:], kwargs))
    method.__name__ = op.name
    method.__doc__ = op.doc
    return method


def _make_function(op: Op):
    if op.name in ("max", "min"):
        meth = _make_method(op)

        def function(input, *args, **kwargs):
            return meth(_as_tensor(input), *args, **kwargs)
    else:
        k = op.arity

        def function(*args, **kwargs):
            ins = args[:k]
            for name in op.input_names[len(ins):]:
                if name in kwargs:
                    ins = ins + (kwargs.pop(name),)
            return _apply(op, ins, _bind(op, args[k:], kwargs))
    function.__name__ = op.name
    function.__doc__ = op.doc
    return function

METHODS: dict = {}
FUNCTIONS: dict = {}
FUNCTIONAL: dict = {}
for _op_def in OPS.values():
    if _op_def.method:
        METHODS[_op_def.name] = _make_method(_op_def)
        setattr(Tensor, _op_def.name, METHODS[_op_def.name])
    if _op_def.function or _op_def.functional:
        f = _make_function(_op_def)
        if _op_def.function:
            FUNCTIONS[_op_def.name] = f
        if _op_def.functional:
            FUNCTIONAL[_op_def.name] = f

_ADD, _SUB, _MUL, _DIV, _POW, _MATMUL, _NEG = (OPS[k] for k in ("add", "sub", "mul", "div", "pow",
                                                              "matmul", "neg"))


def _binop(op, reflected=False):
    """``x <op> other`` (or ``other <op> x`` when reflected) through the dispatch path."""
    def f(self, other):
        if not isinstance(other, _scalar_types) and not isinstance(other, Tensor):
            if isinstance(other, (list, tuple, np.ndarray)):
                other = _as_tensor(other)
            else:
                return NotImplemented
        return _apply(op, (other, self) if reflected else (self, other), {})
    return f


for _name, _o in (("add", _ADD), ("sub", _SUB), ("mul", _MUL), ("truediv", _DIV),
                  ("pow", _POW)):
    setattr(Tensor, f"__{_name}__", _fast_binary(_o, False))
    setattr(Tensor, f"__r{_name}__", _fast_binary(_o, True))
for _name in ("add", "sub", "mul", "div", "pow"):
    _fb = _fast_binary(OPS[_name], False)
    METHODS[_name] = _fb
    setattr(Tensor, _name, _fb)
Tensor.__matmul__ = _binop(_MATMUL)
Tensor.__rmatmul__ = _binop(_MATMUL, True)
Tensor.__div__ = Tensor.__truediv__
Tensor.__neg__ = METHODS["neg"]
Tensor.__pos__ = lambda self: self
Tensor.__abs__ = lambda self: _apply(OPS["abs"], (self,), {})
Tensor.pow = METHODS["pow"]

# forward AD: a tensor with a tangent takes the general path (_apply), where tangents flow;
# the fast paths above stay free of any tangent check
for _op_def in OPS.values():
    if _op_def.method and _op_def.arity == 1 and not _op_def.params:
        setattr(_fwd.DualTensor, _op_def.name,
                (lambda o: lambda self: _apply(o, (self,), {}))(_op_def))
for _name, _o in (("add", _ADD), ("sub", _SUB), ("mul", _MUL), ("truediv", _DIV),
                  ("pow", _POW)):
    setattr(_fwd.DualTensor, f"__{_name}__", _binop(_o))
    setattr(_fwd.DualTensor, f"__r{_name}__", _binop(_o, True))
for _name in ("add", "sub", "mul", "div", "pow"):
    setattr(_fwd.DualTensor, _name, _binop(OPS[_name]))
_fwd.DualTensor.__div__ = _fwd.DualTensor.__truediv__
_fwd.DualTensor.__neg__ = _fwd.DualTensor.neg


# ---- comparisons: bool tensors, never part of the graph
def _cmp(ufunc):
    def f(self, other):
        o = other._data if isinstance(other, Tensor) else other
        if isinstance(o, (list, tuple)):
            o = np.asarray(o)
        if not isinstance(o, (np.ndarray, *_scalar_types)):
            return NotImplemented
        return _wrap(np.asarray(ufunc(self._data, o)))
    return f


for _name, _uf in (("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                   ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal)):
    setattr(Tensor, f"__{_name}__", _cmp(_uf))
    setattr(Tensor, _name, _cmp(_uf))


def _logical(ufunc):
    def f(self, other):
        o = other._data if isinstance(other, Tensor) else other
        return _wrap(np.asarray(ufunc(self._data, o)))
    return f


Tensor.__and__ = _logical(np.logical_and)
Tensor.__or__ = _logical(np.logical_or)
Tensor.__xor__ = _logical(np.logical_xor)
Tensor.__invert__ = lambda self: _wrap(np.logical_not(self._data) if self._data.dtype.kind == "b"
                                       else np.invert(self._data))


def _equal(self, other) -> bool:
    return bool(self._data.shape == other._data.shape and np.array_equal(self._data, other._data))


def _allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    return bool(np.allclose(self._data, other._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


Tensor.equal = _equal
Tensor.allclose = _allclose


SortResult = namedtuple("sort", ["values", "indices"])   # torch.return_types.sort


def _sort(self, dim=-1, descending=False):
    """(values, indices) along ``dim``; the values carry SortBackward0, the indices no grad."""
    dim = _norm_dim(dim, max(self._data.ndim, 1)) if self._data.ndim else 0
    values = _apply(INTERNAL_OPS["sort"], (self,), {"dim": dim, "descending": bool(descending)})
    indices = _wrap(np.asarray(sort_order(self._data, dim, descending), dtype=np.int64))
    return SortResult(values, indices)


Tensor.sort = _sort
Tensor.argmax = lambda self, dim=None, keepdim=False: _wrap(np.asarray(
    np.argmax(self._data, axis=dim, keepdims=keepdim if dim is not None else False),
    dtype=np.int64))
Tensor.argmin = lambda self, dim=None, keepdim=False: _wrap(np.asarray(
    np.argmin(self._data, axis=dim, keepdims=keepdim if dim is not None else False),
    dtype=np.int64))
Tensor.isnan = lambda self: _wrap(np.isnan(self._data))
Tensor.isinf = lambda self: _wrap(np.isinf(self._data))
Tensor.any = lambda self: _wrap(np.asarray(np.any(self._data)))
Tensor.all = lambda self: _wrap(np.asarray(np.all(self._data)))
Tensor.sign = lambda self: _wrap(np.sign(self._data))


def _maximum(input, other):
    return _apply(INTERNAL_OPS["maximum"], (input, other), {})


def _minimum(input, other):
    return _apply(INTERNAL_OPS["minimum"], (input, other), {})


Tensor.maximum = _maximum
Tensor.minimum = _minimum


def _expand(self, *sizes):
    """torch's expand: a broadcast view (-1 keeps a size; new dims go in front)."""
    shape = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
    own = self._data.shape
    lead = len(shape) - len(own)
    if lead < 0:
        raise RuntimeError(f"expand(torch.FloatTensor{{[{', '.join(map(str, own))}]}}, size="
                           f"[{', '.join(map(str, shape))}]): the number of sizes provided "
                           f"({len(shape)}) must be greater or equal to the number of dimensions "
                           f"in the tensor ({len(own)})")
    shape = tuple(own[i - lead] if s == -1 and i >= lead else int(s) for i, s in enumerate(shape))
    return _apply(INTERNAL_OPS["expand"], (self,), {"shape": shape})


Tensor.expand = _expand


def _expand_as(self, other):
    """torch's expand_as: ``self.expand(other.size())`` (recorded as ExpandBackward0)."""
    return _expand(self, tuple(other.shape))


Tensor.expand_as = _expand_as


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """torch.flatten: dims start_dim..end_dim merged into one (recorded as a reshape)."""
    shape = input._data.shape
    if not shape:
        return apply_op("reshape", input, shape=(1,))
    s, e = _norm_dim(start_dim, len(shape)), _norm_dim(end_dim, len(shape))
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return apply_op("reshape", input, shape=shape[:s] + (n,) + shape[e + 1:])


Tensor.flatten = flatten
FUNCTIONS["flatten"] = flatten


def nll_loss(input, target, reduction: str = "mean") -> Tensor:
    """F.nll_loss: −log-probabilities picked by class index (NllLossBackward0)."""
    params = {} if reduction == "mean" else {"reduction": reduction}
    return _apply(INTERNAL_OPS["nll_loss"], (input, target), params)


FUNCTIONAL["nll_loss"] = nll_loss


# grad_fn._saved_self / _saved_other / _saved_result ...: properties (not __getattr__, which
# would slow every attribute read of every node) for each name an input of the table has
for _name in sorted({"self", "result"} | {n for o in (*OPS.values(), *INTERNAL_OPS.values())
                                          for n in o.input_names[1:]}):
    setattr(_ag.Node, "_saved_" + _name, property(lambda node, _n=_name: node._saved(_n)))


# ----------------------------------------------------------------------------- conversions
class _Conversions:
    """Tensor's dtype conversions and copies (ToCopyBackward0 when the dtype changes, like
    torch); a class only to hold the methods under their own names, copied onto Tensor below."""

    def to(self, dtype=None) -> Tensor:
        """A copy in another dtype; the tensor itself when the dtype is already that one."""
        target = _np_dtype(dtype)
        if target is None or target == self._data.dtype:
            return self
        return apply_internal("_to_copy", self, dtype=target)

    def float(self) -> Tensor:
        return self.to(_F32)

    def double(self) -> Tensor:
        return self.to(_F64)

    def long(self) -> Tensor:
        return self.to(_I64)

    def int(self) -> Tensor:
        return self.to(np.int32)

    def bool(self) -> Tensor:
        return self.to(np.bool_)

    def type(self, dtype=None):
        if dtype is None:
            return "torch." + {"float32": "FloatTensor", "float64": "DoubleTensor",
                               "int64": "LongTensor", "int32": "IntTensor",
                               "bool": "BoolTensor"}.get(self.dtype.name, "Tensor")
        return self.to(dtype)

    def clone(self) -> Tensor:
        return apply_internal("clone", self)

    def contiguous(self) -> Tensor:
        if self._data.flags.c_contiguous:
            return self
        return self.clone()

    def is_contiguous(self) -> bool:
        return bool(self._data.flags.c_contiguous)

    @property
    def T(self) -> Tensor:  # noqa: N802  (torch's name)
        return apply_op("permute", self, dims=tuple(range(self._data.ndim - 1, -1, -1)))


for _name in ("to", "float", "double", "long", "int", "bool", "type", "clone", "contiguous",
              "is_contiguous", "T"):
    setattr(Tensor, _name, _Conversions.__dict__[_name])
