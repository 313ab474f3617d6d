"""More ``torch.nn`` layers and functions that tutorials reach for: LayerNorm (``layer_norm``,
``NativeLayerNormBackward0``), Embedding (``embedding``, ``padding_idx``,
``EmbeddingBackward0``), Bilinear, CosineSimilarity,
PairwiseDistance, Unflatten, Dropout1d/2d, and ``one_hot``, ``pad`` (constant),
``normalize``, ``cosine_similarity``, ``pairwise_distance``.

Nodes are named and chained as torch 2.13 records them: ``normalize`` is ``x / norm.clamp_min(eps).expand_as(x)``; ``pairwise_distance`` is
``NormBackward1`` over ``AddBackward1`` over ``SubBackward0``.  Initial values come from the
engine's seeded generator (not torch's). Conv1d and the 1-D pools are in ``conv1d``."""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from .. import limits as _limits
from ..autograd import no_grad
from ..op_table import INTERNAL_OPS, _internal, lookup
from ..ops import _apply
from ..tensor import Tensor, _np_dtype, _rng_now, _wrap
from . import functional as F
from . import init
from .modules import Module, Parameter

__all__ = ["layer_norm", "embedding", "one_hot", "pad", "normalize", "cosine_similarity",
           "pairwise_distance", "bilinear", "dropout1d", "dropout2d",
           "LayerNorm", "Embedding", "Unflatten", "Bilinear", "CosineSimilarity", "PairwiseDistance", "Dropout1d", "Dropout2d"]


def _dtype_of(dtype) -> np.dtype:
    return _np_dtype(dtype) or np.dtype(np.float32)


def _new(shape: tuple, dtype) -> np.ndarray:
    """An uninitialised parameter array, its size checked against the tensor budget first
    (``nn.Embedding(10**9, 10**3)`` is refused before numpy allocates)."""
    _limits.check_shape(tuple(int(s) for s in shape))
    return np.empty(shape, dtype=dtype)


# ------------------------------------------------------------------ layer_norm
def _ln_stats(x, nd, eps):
    axes = tuple(range(x.ndim - nd, x.ndim))
    a = x.astype(np.float64)
    mean = a.mean(axis=axes, keepdims=True)
    rstd = 1.0 / np.sqrt(((a - mean) ** 2).mean(axis=axes, keepdims=True) + eps)
    return axes, (a - mean) * rstd, rstd


def _ln_fwd(x, w, b, nd, eps):
    _, xhat, _ = _ln_stats(x, nd, eps)
    out = xhat
    if w is not None:
        out = out * w
    if b is not None:
        out = out + b
    return out.astype(x.dtype)


def _ln_vjp_x(g, out, x, w, b, nd, eps):
    axes, xhat, rstd = _ln_stats(x, nd, eps)
    gw = g.astype(np.float64) * (w if w is not None else 1.0)
    dx = rstd * (gw - gw.mean(axis=axes, keepdims=True)
                 - xhat * (gw * xhat).mean(axis=axes, keepdims=True))
    return dx.astype(x.dtype)


def _ln_vjp_w(g, out, x, w, b, nd, eps):
    _, xhat, _ = _ln_stats(x, nd, eps)
    return (g * xhat).reshape((-1,) + w.shape).sum(axis=0).astype(w.dtype)


def _ln_vjp_b(g, out, x, w, b, nd, eps):
    return g.reshape((-1,) + b.shape).sum(axis=0).astype(b.dtype)


# ------------------------------------------------------------------ embedding
def _emb_fwd(w, indices, padding_idx):
    return w[indices]


def _emb_vjp(g, out, w, indices, padding_idx):
    gw = np.zeros_like(w)
    np.add.at(gw, indices.reshape(-1), g.reshape(-1, w.shape[1]))
    if padding_idx is not None:
        gw[padding_idx] = 0  # the padding row never learns
    return gw


# ------------------------------------------------------------------ constant pad
def _pad_widths(ndim, pad):
    widths = [(0, 0)] * ndim
    for i in range(len(pad) // 2):
        widths[ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    return widths


def _pad_fwd(x, pad, value):
    widths = _pad_widths(x.ndim, pad)
    grow = [(max(a, 0), max(b, 0)) for a, b in widths]
    y = np.pad(x, grow, mode="constant", constant_values=value)
    # negative padding crops
    key = tuple(slice(-min(a, 0), y.shape[i] + min(b, 0)) for i, (a, b) in enumerate(widths))
    return np.ascontiguousarray(y[key])


def _pad_vjp(g, out, x, pad, value):
    widths = _pad_widths(x.ndim, pad)
    gx = np.zeros(x.shape, dtype=g.dtype)
    src, dst = [], []
    for i, (a, b) in enumerate(widths):
        n = x.shape[i]
        lo, hi = max(-a, 0), n - max(-b, 0)        # the part of x that survives
        src.append(slice(lo + a, hi + a))
        dst.append(slice(lo, hi))
    gx[tuple(dst)] = g[tuple(src)]
    return gx


def _pad_shape(x, pad, value):
    return tuple(n + a + b for n, (a, b) in zip(x.shape, _pad_widths(x.ndim, pad)))


_NORM = lookup("norm")
_layer_ops = [
    _internal("layer_norm", 3, _ln_fwd, (_ln_vjp_x, _ln_vjp_w, _ln_vjp_b),
              "NativeLayerNormBackward0",
              ("∂ln/∂x = (G − mean G − x̂·mean(G·x̂))/σ", "∂ln/∂γ = Σ G·x̂", "∂ln/∂β = Σ G"),
              saves=True, input_names=("input", "weight", "bias"), optional_inputs=2,
              reads=((0, 1), (0,), ()), category="activation"),
    _internal("embedding", 1, _emb_fwd, (_emb_vjp,), "EmbeddingBackward0",
              ("∂W[idx]/∂W = 1 at the looked-up rows",), saves=True, reads=((),)),
    _internal("constant_pad", 1, _pad_fwd, (_pad_vjp,), "ConstantPadNdBackward0",
              ("∂pad(x)/∂x = 1 inside",), result_shape=_pad_shape),
    # torch calls at::norm / add(Tensor, Scalar) from C++ here: other node names
    dataclasses.replace(_NORM, name="norm_legacy", grad_fn="NormBackward1"),
    dataclasses.replace(lookup("add"), name="add_scalar", grad_fn="AddBackward1"),
]
INTERNAL_OPS.update({op.name: op for op in _layer_ops})


# ------------------------------------------------------------------ functional
def layer_norm(input: Tensor, normalized_shape, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[input.dim() - len(shape):]) != shape or input.dim() < len(shape):
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape "
            f"[*, {', '.join(map(str, shape))}], but got input of size{list(input.shape)}")
    return _apply(INTERNAL_OPS["layer_norm"], (input, weight, bias),
                  {"nd": len(shape), "eps": float(eps)})


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None, max_norm=None,
              norm_type: float = 2.0, scale_grad_by_freq: bool = False,
              sparse: bool = False) -> Tensor:
    idx = input._data if isinstance(input, Tensor) else np.asarray(input)
    if idx.dtype.kind not in "iu":
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                           "following scalar types: Long, Int; but got "
                           f"{input.type() if isinstance(input, Tensor) else idx.dtype} instead "
                           "(while checking arguments for embedding)")
    n = weight.shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise IndexError("index out of range in self")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += n
    return _apply(INTERNAL_OPS["embedding"], (weight,),
                  {"indices": idx.astype(np.int64), "padding_idx": padding_idx})


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    a = tensor._data
    if a.dtype.kind not in "iu":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if a.size and a.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = int(a.max()) + 1 if a.size else 0
    elif a.size and a.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    _limits.check_shape(a.shape + (num_classes,))
    return _wrap((a[..., None] == np.arange(num_classes)).astype(np.int64))


def pad(input: Tensor, pad, mode: str = "constant", value: float | None = None) -> Tensor:
    if mode != "constant":
        raise NotImplementedError(f"F.pad(mode={mode!r}): this engine pads with a constant "
                                  f"only")
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.dim():
        raise RuntimeError("Padding length should be less than or equal to two times the "
                           "input dimension but got padding length "
                           f"{len(pad)} and input of dimension {input.dim()}")
    return _apply(INTERNAL_OPS["constant_pad"], (input,),
                  {"pad": pad, "value": 0.0 if value is None else value})


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12,
              out=None) -> Tensor:
    """x / max(‖x‖_p, eps) along ``dim``, as torch records it (DivBackward0 over
    ExpandBackward0 over ClampMinBackward0 over the norm)."""
    n = input.norm(p, dim, keepdim=True)
    n = _apply(INTERNAL_OPS["clamp_min"], (n,), {"bound": eps})  # engine/ops_math.py
    return input / n.expand_as(input)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """Σ (x1/‖x1‖)(x2/‖x2‖) along ``dim``; each norm clamped to at least eps (outside the
    graph, as torch does)."""
    if x1.shape != x2.shape:
        x1, x2 = x1.expand(*np.broadcast_shapes(x1.shape, x2.shape)), \
            x2.expand(*np.broadcast_shapes(x1.shape, x2.shape))
    n1 = x1.norm(2, dim, keepdim=True).clone()
    n2 = x2.norm(2, dim, keepdim=True).clone()
    with no_grad():
        n1.clamp_(min=eps)
        n2.clamp_(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    d = _apply(INTERNAL_OPS["add_scalar"], (x1 - x2, eps), {})
    return _apply(INTERNAL_OPS["norm_legacy"], (d,), {"p": float(p), "dim": -1,
                                                       "keepdim": bool(keepdim)})


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor,
             bias: Tensor | None = None) -> Tensor:
    lead = tuple(input1.shape[:-1])
    a = input1.reshape(-1, input1.shape[-1])
    b = input2.reshape(-1, input2.shape[-1])
    # Σ_ij x1_i A_oij x2_j: (1, N, i) @ (o, i, j) -> (o, N, j), times x2, summed over j
    out = ((a.unsqueeze(0) @ weight) * b).sum(-1).t()
    if len(lead) != 1:
        out = out.reshape(*lead, weight.shape[0])
    return out + bias if bias is not None else out


def _dropout_channels(input: Tensor, p: float, training: bool, batched_ndim: int) -> Tensor:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    x = input._data
    # one draw per channel: (N, C, 1, ...) or (C, 1, ...) unbatched
    lead = 2 if x.ndim == batched_ndim else 1
    shape = x.shape[:lead] + (1,) * (x.ndim - lead)
    keep = _rng_now().random(shape) >= p
    scale = 0.0 if p == 1.0 else 1.0 / (1.0 - p)
    return input * _wrap((keep * scale).astype(x.dtype))


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    return _dropout_channels(input, p, training, 3)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    return _dropout_channels(input, p, training, 4)


FUNCTIONAL = {n: globals()[n] for n in __all__ if n[0].islower()}


# ------------------------------------------------------------------ modules
class LayerNorm(Module):
    def __init__(self, normalized_shape, eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True, device=None, dtype=None):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) \
            else tuple(normalized_shape)
        self.normalized_shape = tuple(int(s) for s in shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        dt = _dtype_of(dtype)
        if elementwise_affine:
            self.weight = Parameter(_new(self.normalized_shape, dt))
            self.weight._data[...] = 1
            if bias:
                self.bias = Parameter(_new(self.normalized_shape, dt))
                self.bias._data[...] = 0
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")


class Embedding(Module):
    """A lookup table of ``num_embeddings`` rows of size ``embedding_dim``, N(0, 1) initially;
    the ``padding_idx`` row starts at zero and never receives a gradient."""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm=None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                 sparse: bool = False, _weight: Tensor | None = None, _freeze: bool = False,
                 device=None, dtype=None):
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        if padding_idx is not None:
            if padding_idx > 0 and padding_idx >= num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            if padding_idx < 0:
                if padding_idx < -num_embeddings:
                    raise AssertionError("Padding_idx must be within num_embeddings")
                padding_idx += num_embeddings
        self.padding_idx = padding_idx
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is None:
            self.weight = Parameter(_new((num_embeddings, embedding_dim), _dtype_of(dtype)),
                                    requires_grad=not _freeze)
            self.reset_parameters()
        else:
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight._data[self.padding_idx] = 0

    def forward(self, input: Tensor) -> Tensor:
        return embedding(input, self.weight, self.padding_idx)

    @classmethod
    def from_pretrained(cls, embeddings: Tensor, freeze: bool = True, padding_idx=None,
                        max_norm=None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                        sparse: bool = False) -> "Embedding":
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        return cls(rows, cols, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse,
                   _weight=embeddings.detach().clone(), _freeze=freeze)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            s += ", scale_grad_by_freq=True"
        if self.sparse:
            s += ", sparse=True"
        return s


class Unflatten(Module):
    def __init__(self, dim: int, unflattened_size):
        super().__init__()
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, input: Tensor) -> Tensor:
        shape = list(input.shape)
        d = self.dim % len(shape)
        return input.reshape(*shape[:d], *self.unflattened_size, *shape[d + 1:])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class Bilinear(Module):
    """y = x1ᵀ A x2 + b, weight (out, in1, in2), U(−1/√in1, 1/√in1) like torch's init."""

    def __init__(self, in1_features: int, in2_features: int, out_features: int,
                 bias: bool = True, device=None, dtype=None):
        super().__init__()
        self.in1_features, self.in2_features = in1_features, in2_features
        self.out_features = out_features
        dt = _dtype_of(dtype)
        bound = 1 / math.sqrt(in1_features)
        _limits.check_shape((out_features, in1_features, in2_features))
        rng = _rng_now()
        self.weight = Parameter(rng.uniform(-bound, bound, (out_features, in1_features,
                                                            in2_features)).astype(dt))
        if bias:
            self.bias = Parameter(rng.uniform(-bound, bound, (out_features,)).astype(dt))
        else:
            self.register_parameter("bias", None)

    def forward(self, input1: Tensor, input2: Tensor) -> Tensor:
        return bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


class CosineSimilarity(Module):
    def __init__(self, dim: int = 1, eps: float = 1e-8):
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        return cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False):
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1: Tensor, x2: Tensor) -> Tensor:
        return pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class _DropoutNd(Module):
    _fn = None

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input: Tensor) -> Tensor:
        return type(self)._fn(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout1d(_DropoutNd):
    _fn = staticmethod(dropout1d)


class Dropout2d(_DropoutNd):
    _fn = staticmethod(dropout2d)
