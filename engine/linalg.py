"""``engine.linalg``: the common entries of ``torch.linalg`` (norms, inv, det, solve, pinv,
matrix_power, cross, multi_dot, eigvalsh/svdvals), over the rules in ``ops_linalg``.

Norms record torch's nodes: a vector norm and the Frobenius norm are one
LinalgVectorNormBackward0 (the op table's ``norm``); the nuclear and spectral norms are
reductions of the singular values, the 1/∞ norms reductions of absolute column/row sums.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from . import ops_linalg as _la
from .op_table import INTERNAL_OPS, _internal
from .ops import FUNCTIONS as _FUNCTIONS
from .ops import _apply, _as_tensor, apply_op
from .tensor import Tensor, _wrap

__all__ = ["LinAlgError", "eigh", "matrix_rank", "svd", "cholesky", "lstsq", "norm", "vector_norm", "matrix_norm", "inv", "det", "slogdet", "solve", "pinv",
           "matrix_power", "cross", "multi_dot", "matmul", "vecdot", "eigvalsh", "svdvals",
           "inv_ex"]

det = _la.det
from .linalg_decomp import cholesky, lstsq, svd  # noqa: E402
LinAlgError = _la._LinAlgError


def slogdet(A: Tensor) -> tuple:
    return _la.slogdet(A, _la.LinalgSlogdetResult)



matrix_power = _la.matrix_power
matmul = _FUNCTIONS["matmul"]


def inv(A: Tensor) -> Tensor:
    return _la.inverse(A)


def inv_ex(A: Tensor, *, check_errors: bool = False) -> tuple:
    return _la.inverse(A), _wrap(np.zeros(A._data.shape[:-2], dtype=np.int32))


def _axes(dim, ndim: int):
    if dim is None:
        return None
    return tuple(d % max(ndim, 1) for d in ((dim,) if isinstance(dim, int) else dim))


def _min_norm_fwd(x, dim, keepdim):
    """ord=-inf: min |x|; ord=0: the number of non-zero elements."""
    return np.asarray(np.min(np.abs(x), axis=_axes(dim, x.ndim), keepdims=keepdim))


def _min_norm_vjp(g, out, x, dim, keepdim):
    axes = _axes(dim, x.ndim)
    o = out if keepdim or axes is None else np.expand_dims(out, axes)
    gg = g if keepdim or axes is None else np.expand_dims(g, axes)
    hit = np.abs(x) == o
    share = hit / np.maximum(np.sum(hit, axis=axes, keepdims=True), 1)
    return (gg * share * np.sign(x)).astype(x.dtype)


INTERNAL_OPS["vector_norm_min"] = _internal(
    "vector_norm_min", arity=1, forward=_min_norm_fwd, vjps=(_min_norm_vjp,),
    grad_fn="LinalgVectorNormBackward0", formulas=("∂min|x|/∂x = sign(x) at the minimum",),
    saves=True, reads=((0, "out"),), category="reduction")
INTERNAL_OPS["vector_norm_zero"] = _internal(
    "vector_norm_zero", arity=1,
    forward=lambda x, dim, keepdim: np.asarray(np.sum(x != 0, axis=_axes(dim, x.ndim),
                                                      keepdims=keepdim), dtype=x.dtype),
    # torch's gradient of the 0-"norm" is undefined: no gradient reaches x (x.grad stays None)
    vjps=(lambda g, out, x, dim, keepdim: None,),
    grad_fn="LinalgVectorNormBackward0", formulas=("∂‖x‖₀/∂x = 0",), reads=((),),
    category="reduction")


def vector_norm(x, ord=2, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """(Σ|x|ᵖ)^(1/p) over ``dim`` (all elements when None); -inf: min |x|; 0: non-zeros."""
    x = _as_tensor(x)
    if x._data.dtype.kind not in "fc":
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {_la._TYPE.get(x._data.dtype.kind, 'Long')}")
    if isinstance(dim, list):
        dim = tuple(dim)
    if ord == -np.inf or ord == 0:
        name = "vector_norm_min" if ord else "vector_norm_zero"
        return _apply(INTERNAL_OPS[name], (x,), {"dim": dim, "keepdim": bool(keepdim)})
    return apply_op("norm", x, p=float(ord), dim=dim, keepdim=bool(keepdim))


def _reduce(t: Tensor, dim: int, keepdim: bool, largest: bool) -> Tensor:
    return t.amax(dim, keepdim) if largest else t.amin(dim, keepdim)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim: bool = False) -> Tensor:
    """Frobenius ('fro'), nuclear ('nuc'), spectral (±2) or max column/row sum (±1, ±inf)."""
    A = _as_tensor(A)
    _la.check_float("linalg.matrix_norm", A)
    if A._data.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    d0, d1 = (d % A._data.ndim for d in dim)
    if ord == "fro":
        return apply_op("norm", A, p=2.0, dim=(d0, d1), keepdim=bool(keepdim))
    if ord in ("nuc", 2, -2):
        A = A.movedim((d0, d1), (-2, -1))
        s = _apply(INTERNAL_OPS["svdvals"], (A,), {})
        r = s.sum(-1) if ord == "nuc" else _reduce(s, -1, False, ord == 2)
        if keepdim:
            r = r.unsqueeze(min(d0, d1)).unsqueeze(max(d0, d1))
        return r
    if ord in (1, -1, np.inf, -np.inf):
        col = ord in (1, -1)    # 1: the largest column sum of |A|; inf: the largest row sum
        summed, other = (d0, d1) if col else (d1, d0)
        sums = A.abs().sum(summed, keepdim=keepdim)
        if not keepdim and other > summed:
            other -= 1
        return _reduce(sums, other, keepdim, ord > 0)
    raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")


def norm(A, ord=None, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:
    """A vector norm (1-D, an int dim, or ord None) or a matrix norm (2-D with an ord)."""
    A = _as_tensor(A)
    if isinstance(dim, int):
        dim = (dim,)
    if ord is None:
        return vector_norm(A, 2, dim, keepdim)
    if isinstance(ord, str) or (dim is not None and len(dim) == 2) or (
            dim is None and A._data.ndim == 2):
        return matrix_norm(A, ord, (-2, -1) if dim is None else dim, keepdim)
    if dim is None and A._data.ndim != 1:
        raise RuntimeError("linalg.norm: If dim is not specified but ord is, the input must be "
                           f"1D or 2D. Got {A._data.ndim}D.")
    return vector_norm(A, ord, dim, keepdim)


def solve(A: Tensor, B: Tensor, *, left: bool = True) -> Tensor:
    """X with A X = B (LinalgSolveExBackward0)."""
    _la.check_float("linalg.solve", A)
    _la.check_square("linalg.solve", A)
    return _apply(INTERNAL_OPS["solve"], (A, _as_tensor(B)), {})


def pinv(A: Tensor, *, atol=None, rtol=None, hermitian: bool = False) -> Tensor:
    return _la.pinverse(A)


def cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:
    return _la.cross(input, other, dim)


def multi_dot(tensors) -> Tensor:
    """The product of a list of matrices (a 1-D first/last is a row/column vector)."""
    ts = list(tensors)
    if len(ts) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(ts)}")
    out = ts[0]
    for t in ts[1:]:
        out = out.matmul(t)
    return out.view(tuple(out.shape))    # torch's result is a view of the last product


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1) -> Tensor:
    return (x * y).sum(dim)


def eigvalsh(A: Tensor, UPLO: str = "L") -> Tensor:
    """Eigenvalues of a symmetric matrix, ascending (LinalgEighBackward0)."""
    _la.check_float("linalg.eigvalsh", A)
    _la.check_square("linalg.eigvalsh", A)
    return _apply(INTERNAL_OPS["eigvalsh"], (A,), {"UPLO": UPLO})


def _eigh_part_fwd(x, UPLO, part):
    w, v = np.linalg.eigh(x, UPLO=UPLO)
    return (w if part == 0 else v).astype(x.dtype)


def _eigh_part_vjp(g, out, x, UPLO, part):
    """torch's eigh backward for one output: V (diag(gL) or skew(VᵀgV)/E) Vᵀ, E_ij = λj − λi."""
    w, v = np.linalg.eigh(x, UPLO=UPLO)
    vt = np.swapaxes(v, -1, -2)
    if part == 0:
        inner = np.zeros(x.shape, dtype=x.dtype)
        idx = np.arange(x.shape[-1])
        inner[..., idx, idx] = g
    else:
        vhgv = vt @ g
        vhgv = 0.5 * (vhgv - np.swapaxes(vhgv, -1, -2))
        e = w[..., None, :] - w[..., :, None]
        idx = np.arange(x.shape[-1])
        e[..., idx, idx] = 1.0
        inner = vhgv / e
        inner[..., idx, idx] = 0.0
    return (v @ inner @ vt).astype(x.dtype)


INTERNAL_OPS["eigh_part"] = _internal(
    "eigh_part", arity=1, forward=_eigh_part_fwd, vjps=(_eigh_part_vjp,),
    grad_fn="LinalgEighBackward0", formulas=("∂(λ, V)/∂A (torch's eigh backward)",),
    saves=True, reads=((0,),), category="linear algebra")
EighResult = namedtuple("linalg_eigh", ["eigenvalues", "eigenvectors"])
EighResult.__repr__ = lambda self: (
    f"torch.return_types.linalg_eigh(\neigenvalues={self.eigenvalues!r},\n"
    f"eigenvectors={self.eigenvectors!r})")


def eigh(A: Tensor, UPLO: str = "L") -> tuple:
    """Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix."""
    _la.check_float("linalg.eigh", A)
    _la.check_square("linalg.eigh", A)
    op = INTERNAL_OPS["eigh_part"]
    return EighResult(_apply(op, (A,), {"UPLO": UPLO, "part": 0}),
                      _apply(op, (A,), {"UPLO": UPLO, "part": 1}))


def matrix_rank(A, *, atol=None, rtol=None, hermitian: bool = False, tol=None) -> Tensor:
    """The number of singular values above the tolerance (int64, no gradient)."""
    a = _as_tensor(A)._data
    s = np.linalg.svd(a, compute_uv=False) if a.size else np.zeros(a.shape[:-2] + (0,))
    if tol is not None:
        atol = tol
    if atol is None and rtol is None:
        rtol = max(a.shape[-2:]) * np.finfo(a.dtype if a.dtype.kind == "f" else
                                            np.float32).eps
    top = s.max(-1, keepdims=True) if s.shape[-1] else np.zeros(s.shape[:-1] + (1,))
    thresh = np.maximum(atol or 0.0, (rtol or 0.0) * top)
    return _wrap(np.asarray((s > thresh).sum(-1), dtype=np.int64))


def svdvals(A: Tensor) -> Tensor:
    """Singular values, descending (LinalgSvdBackward0)."""
    _la.check_float("linalg.svdvals", A)
    return _apply(INTERNAL_OPS["svdvals"], (A,), {})
