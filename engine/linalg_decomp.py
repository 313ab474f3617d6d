"""Matrix decompositions of ``engine.linalg``: ``svd`` (also ``torch.svd``) and ``cholesky``,
with torch 2.13's backward formulas (LinalgSvdBackward0, LinalgCholeskyExBackward0).

The three outputs of an SVD are one node in torch; here each output is its own node of that
name (``svd_part``), and their gradients add up in the input — the formula is linear in
(gU, gS, gVh), so the sum is torch's gradient.
"""
from __future__ import annotations

from collections import namedtuple

import numpy as np

from . import ops_linalg as _la
from .higher_order import GRAPH_VJPS
from .op_table import INTERNAL_OPS, _internal
from .ops import _apply, _as_tensor
from .tensor import Tensor, _wrap

__all__ = ["svd", "cholesky", "torch_svd"]


def _mT(a):
    return np.swapaxes(a, -1, -2)


def _svd_fwd(x, full_matrices, part):
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    return (u, s, vh)[part].astype(x.dtype)


def _svd_vjp(g, out, x, full_matrices, part):
    """torch's svd_backward for the gradient of one output (U, S or Vh) of the reduced SVD
    (full_matrices: the extra singular vectors get no gradient, as in torch)."""
    m, n = x.shape[-2], x.shape[-1]
    k = min(m, n)
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    v = _mT(vh)
    if part == 1:
        return (u * g[..., None, :]) @ vh
    s2 = s * s
    e = s2[..., None, :] - s2[..., :, None]
    idx = np.arange(k)
    e[..., idx, idx] = 1.0
    if part == 0:
        gu = g[..., :, :k]
        uhgu = _mT(u) @ gu
        inner = ((uhgu - _mT(uhgu)) / e) * s[..., None, :]
        inner[..., idx, idx] = 0.0
        ga = u @ inner
        if m > k:
            gu_sinv = gu / s[..., None, :]
            ga = ga + gu_sinv - u @ (_mT(u) @ gu_sinv)
        return (ga @ vh).astype(x.dtype)
    gv = _mT(g[..., :k, :])
    vhgv = vh @ gv
    inner = s[..., :, None] * ((vhgv - _mT(vhgv)) / e)
    inner[..., idx, idx] = 0.0
    ga = inner @ vh
    if n > k:
        gv_sinv = gv / s[..., None, :]
        ga = ga + _mT(gv_sinv - v @ (vh @ gv_sinv))
    return (u @ ga).astype(x.dtype)


def _cholesky_fwd(x, upper):
    try:
        lo = np.linalg.cholesky(x)
    except np.linalg.LinAlgError:
        order = _first_bad_minor(x)
        raise _la._LinAlgError(f"linalg.cholesky: The factorization could not be completed "
                               f"because the input is not positive-definite (the leading "
                               f"minor of order {order} is not positive-definite).") from None
    return (_mT(lo) if upper else lo).astype(x.dtype)


def _first_bad_minor(x) -> int:
    for idx in np.ndindex(*x.shape[:-2]):
        for k in range(1, x.shape[-1] + 1):
            try:
                np.linalg.cholesky(x[idx][:k, :k])
            except np.linalg.LinAlgError:
                return k
    return x.shape[-1]


def _cholesky_vjp(g, out, x, upper):
    """gA = ½(B + Bᴴ), B = L⁻ᴴ Φ(Lᴴ gL) L⁻¹, Φ = lower triangle with the diagonal halved."""
    lo = _mT(out) if upper else out
    gl = _mT(g) if upper else g
    p = np.tril(_mT(lo) @ gl)
    idx = np.arange(x.shape[-1])
    p[..., idx, idx] *= 0.5
    li = np.linalg.inv(lo)
    b = _mT(li) @ p @ li
    return (0.5 * (b + _mT(b))).astype(x.dtype)


def _no_second(name):
    def rule(*args, **kwargs):
        raise NotImplementedError(f"create_graph=True: the second derivative of {name} is not "
                                  f"supported by this engine")
    return rule


_AB = dict(saves=True, category="linear algebra")
INTERNAL_OPS["svd_part"] = _internal(
    "svd_part", arity=1, forward=_svd_fwd, vjps=(_svd_vjp,), grad_fn="LinalgSvdBackward0",
    formulas=("∂(U, S, Vᴴ)/∂A (torch's svd backward)",), reads=((0,),), **_AB)
INTERNAL_OPS["cholesky"] = _internal(
    "cholesky", arity=1, forward=_cholesky_fwd, vjps=(_cholesky_vjp,),
    grad_fn="LinalgCholeskyExBackward0", formulas=("∂L/∂A (torch's cholesky backward)",),
    reads=(("out",),), **_AB)
GRAPH_VJPS["svd_part"] = (_no_second("svd"),)
GRAPH_VJPS["cholesky"] = (_no_second("cholesky"),)

def _lstsq_fwd(a, b):
    return np.asarray(np.linalg.pinv(a) @ b, dtype=a.dtype)


def _lstsq_vjp_a(g, out, a, b):
    """Through X = A⁺B: A⁺'s gradient is g Bᵀ, pushed back by torch's pinv rule."""
    return _la._pinv_vjp(g @ _mT(b), np.linalg.pinv(a), a).astype(a.dtype)


INTERNAL_OPS["lstsq"] = _internal(
    "lstsq", arity=2, forward=_lstsq_fwd,
    vjps=(_lstsq_vjp_a, lambda g, out, a, b: (_mT(np.linalg.pinv(a)) @ g).astype(b.dtype)),
    grad_fn="LinalgLstsqBackward0", input_names=("A", "B"), reads=((0, 1), (0,)),
    formulas=("∂(A⁺B)/∂A", "∂(A⁺B)/∂B = A⁺ᵀ G"), **_AB)
GRAPH_VJPS["lstsq"] = (_no_second("lstsq"), _no_second("lstsq"))
LstsqResult = namedtuple("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])


def lstsq(A: Tensor, B: Tensor, rcond=None, *, driver=None) -> tuple:
    """The least-squares solution of A X = B (torch's default CPU driver 'gelsy': residuals
    and singular values come back empty, the rank is computed)."""
    _la.check_float("linalg.lstsq", A)
    B = _as_tensor(B)
    vector = B._data.ndim == A._data.ndim - 1
    b = B.unsqueeze(-1) if vector else B
    sol = _apply(INTERNAL_OPS["lstsq"], (A, b), {})
    if vector:
        sol = sol.squeeze(-1)
    empty = _wrap(np.zeros((0,), dtype=A._data.dtype))
    rank = _wrap(np.asarray(np.linalg.matrix_rank(A._data), dtype=np.int64))
    return LstsqResult(sol, empty, rank, _wrap(np.zeros((0,), dtype=A._data.dtype)))


def _lstsq_repr(self) -> str:
    body = ",\n".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
    return f"torch.return_types.linalg_lstsq(\n{body})"


LstsqResult.__repr__ = _lstsq_repr
SvdResult = namedtuple("linalg_svd", ["U", "S", "Vh"])
TorchSvdResult = namedtuple("svd", ["U", "S", "V"])


def _svd_repr(self) -> str:
    names = self._fields
    body = ",\n".join(f"{n}={getattr(self, n)!r}" for n in names)
    return f"torch.return_types.{type(self).__name__}(\n{body})"


SvdResult.__repr__ = TorchSvdResult.__repr__ = _svd_repr


def svd(A: Tensor, full_matrices: bool = True, *, driver=None) -> tuple:
    """torch.linalg.svd: A = U diag(S) Vh (singular values descending)."""
    A = _as_tensor(A)
    _la.check_float("linalg.svd", A)
    op = INTERNAL_OPS["svd_part"]
    parts = [_apply(op, (A,), {"full_matrices": bool(full_matrices), "part": p})
             for p in range(3)]
    return SvdResult(*parts)


def torch_svd(input: Tensor, some: bool = True, compute_uv: bool = True) -> tuple:
    """torch.svd (deprecated, still common): U, S and V (not Vh), reduced unless some=False."""
    u, s, vh = svd(input, full_matrices=not some)
    return TorchSvdResult(u, s, vh.transpose(-2, -1))


def cholesky(A: Tensor, *, upper: bool = False) -> Tensor:
    """The lower (or upper) triangular L with A = L Lᴴ."""
    _la.check_float("linalg.cholesky", A)
    _la.check_square("linalg.cholesky", A)
    return _apply(INTERNAL_OPS["cholesky"], (A,), {"upper": bool(upper)})


Tensor.svd = torch_svd
Tensor.cholesky = lambda self, upper=False: cholesky(self, upper=upper)
FUNCTIONS = {"svd": torch_svd, "cholesky": lambda input, upper=False: cholesky(input,
                                                                               upper=upper)}
