"""Products and linear algebra beyond ``matmul``/``mm``/``dot``: ``bmm``, ``mv``, ``outer``,
``inner``, ``addmm``/``addmv``/``addr``/``baddbmm`` (with ``beta``/``alpha``), ``cross``,
``kron``, ``tensordot``, ``cdist``, ``einsum``, ``chain_matmul``, ``inverse``, ``det``,
``logdet``, ``slogdet``, ``pinverse``, ``matrix_power``, and the numpy rules behind
``engine.linalg`` (``solve``, ``pinv``, ``eigvalsh``, ``svdvals``).

New nodes are internal ops of the op table with torch 2.13's ``grad_fn`` names
(AddmvBackward0, AddrBackward0, BaddbmmBackward0, LinalgCrossBackward0, CdistBackward0,
LinalgInvExBackward0, LinalgDetBackward0, LinalgSlogdetBackward0, LinalgSolveExBackward0,
LinalgPinvBackward0, LinalgEighBackward0, LinalgSvdBackward0).  Where torch composes
(``outer`` is MulBackward0 over a view, ``kron`` UnsafeViewBackward0 over MulBackward0,
``tensordot`` a view of an mm, ``logdet`` WhereBackward0 over the slogdet) the same ops are
composed here.  ``einsum`` is one node computed by ``numpy.einsum``; it carries the name torch
shows on top of its own decomposition (PermuteBackward0 / SumBackward1 for one operand,
MulBackward0 without a summed index, ViewBackward0 otherwise), but its ``next_functions`` go
straight to the operands.
"""
from __future__ import annotations

import string
from collections import namedtuple

import numpy as np

from .op_table import INTERNAL_OPS, _internal
from .ops import _apply, _as_tensor, apply_op
from .tensor import Tensor, _wrap

__all__ = ["bmm", "mv", "outer", "ger", "inner", "addmm", "addmv", "addr", "baddbmm", "cross",
           "kron", "tensordot", "cdist", "einsum", "chain_matmul", "inverse", "det", "logdet",
           "slogdet", "pinverse", "matrix_power"]

_TYPE = {"i": "Long", "u": "Byte", "b": "Bool"}


def _mT(a):
    return np.swapaxes(a, -1, -2)


def check_float(name: str, t: Tensor) -> None:
    if t._data.dtype.kind not in "fc":
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got "
                           f"{_TYPE.get(t._data.dtype.kind, 'Long')}")


def check_square(name: str, t: Tensor, what: str = "A") -> None:
    s = t._data.shape
    if len(s) < 2:
        raise RuntimeError(f"{name}: The input tensor {what} must have at least 2 dimensions.")
    if s[-1] != s[-2]:
        raise RuntimeError(f"{name}: {what} must be batches of square matrices, but they are "
                           f"{s[-2]} by {s[-1]} matrices")


# ------------------------------------------------------------------------------- rules
class _LinAlgError(RuntimeError):
    """torch._C._LinAlgError (``torch.linalg.LinAlgError``): a RuntimeError."""


def _zero_pivot(m: np.ndarray) -> int:
    """The 1-based index of the first zero pivot of an LU with partial pivoting (what torch's
    singular-matrix messages name)."""
    a = np.array(m, dtype=np.float64)
    n = a.shape[-1]
    for k in range(n):
        p = k + int(np.argmax(np.abs(a[k:, k])))
        if a[p, k] == 0:
            return k + 1
        a[[k, p]] = a[[p, k]]
        a[k + 1:] -= np.outer(a[k + 1:, k] / a[k, k], a[k])
    return n


def _singular(x: np.ndarray) -> int:
    for idx in np.ndindex(*x.shape[:-2]):
        if np.linalg.matrix_rank(x[idx]) < x.shape[-1]:
            return _zero_pivot(x[idx])
    return x.shape[-1]


def _inv(x):
    try:
        return np.linalg.inv(x)
    except np.linalg.LinAlgError:
        raise _LinAlgError(f"linalg.inv: The diagonal element {_singular(x)} is zero, the "
                           "inversion could not be completed because the input matrix is "
                           "singular.") from None


def _det_vjp(g, out, x):
    # det·A⁻ᵀ; torch 2.13 gives 0 at an exactly singular matrix, and so does this
    d = np.asarray(out)[..., None, None]
    safe = np.where(d == 0, np.eye(x.shape[-1], dtype=x.dtype), x)
    cof = np.where(d == 0, 0, d * _mT(np.linalg.inv(safe)))
    return (np.asarray(g)[..., None, None] * cof).astype(x.dtype)


def _slogdet_vjp(g, out, x):
    return (np.asarray(g)[..., None, None] * _mT(np.linalg.inv(x))).astype(x.dtype)


def _as_matrix_rhs(a, b):
    """torch.linalg.solve treats B as a vector when it has one dim less than A's batch."""
    return b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])


def _solve_fwd(a, b):
    try:
        if _as_matrix_rhs(a, b):
            return np.linalg.solve(a, b[..., None])[..., 0]
        return np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        raise _LinAlgError("torch.linalg.solve: The solver failed because the input matrix "
                           "is singular.") from None


def _solve_vjp_b(g, out, a, b):
    gb = _solve_fwd(_mT(a), g)
    return gb


def _solve_vjp_a(g, out, a, b):
    gb = _solve_fwd(_mT(a), g)
    if _as_matrix_rhs(a, b):
        return -gb[..., :, None] * out[..., None, :]
    return -gb @ _mT(out)


def _pinv_vjp(g, out, a):
    """torch's pinv_backward (FunctionsManual.cpp), written for the smaller side."""
    m, n = a.shape[-2], a.shape[-1]
    p, ph, gh = out, _mT(out), _mT(g)
    if m <= n:
        k = gh @ p
        kph = k @ ph
        return -_mT(p @ k) + kph - (a @ p) @ kph + (ph @ p) @ (gh - k @ a)
    k = p @ gh
    phk = ph @ k
    return -_mT(k @ p) + (gh - a @ k) @ p @ ph + phk - phk @ p @ a


def _eigh_vjp(g, out, a):
    _, v = np.linalg.eigh(a)
    return ((v * np.asarray(g)[..., None, :]) @ _mT(v)).astype(a.dtype)


def _svdvals_vjp(g, out, a):
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    return ((u * np.asarray(g)[..., None, :]) @ vh).astype(a.dtype)


def _cdist_fwd(x1, x2, p):
    d = np.abs(x1[..., :, None, :] - x2[..., None, :, :])
    if p == np.inf:
        return d.max(-1) if d.shape[-1] else d.sum(-1)
    if p == 0:
        return (d != 0).sum(-1).astype(x1.dtype)
    return (d ** p).sum(-1) ** (1.0 / p)


def _cdist_vjp(sign):
    def rule(g, out, x1, x2, p):
        diff = x1[..., :, None, :] - x2[..., None, :, :]
        o = out[..., None]
        if p == 0:
            return np.zeros_like(x1 if sign > 0 else x2)
        with np.errstate(divide="ignore", invalid="ignore"):
            if p == np.inf:
                hit = np.abs(diff) == o
                w = np.where(hit, np.sign(diff), 0) / np.maximum(hit.sum(-1, keepdims=True), 1)
            elif p == 1:
                w = np.sign(diff)
            else:
                w = np.sign(diff) * np.abs(diff) ** (p - 1) / o ** (p - 1)
            w = np.where(o == 0, 0, w)
        full = g[..., None] * w
        res = full.sum(-2) if sign > 0 else -full.sum(-3)
        return res.astype(x1.dtype)
    return rule


def _cross_fwd(x, y, dim):
    return np.cross(x, y, axis=dim)


# ------------------------------------------------------------------------------- einsum
_LETTERS = string.ascii_letters


def parse_einsum(equation: str, ndims: list) -> tuple:
    """(input subscripts, output subscript) with '...' spelled out as letters."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    subs = lhs.split(",")
    if len(subs) != len(ndims):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation"
                           if len(ndims) > len(subs) else
                           "einsum(): fewer operands were provided than specified in the "
                           "equation")
    used = set(eq)
    spare = [c for c in _LETTERS[::-1] if c not in used]
    n_ell = max([nd - (len(s) - 3) for s, nd in zip(subs, ndims) if "..." in s] or [0])
    ell = "".join(spare[:n_ell][::-1])
    out = []
    for s, nd in zip(subs, ndims):
        if "..." in s:
            k = nd - (len(s) - 3)
            s = s.replace("...", ell[n_ell - k:] if k else "")
        if len(s) != nd:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(s)}) "
                               f"does not match the number of dimensions ({nd}) for operand "
                               f"{len(out)} and no ellipsis was given")
        out.append(s)
    if arrow:
        res = rhs.replace("...", ell)
    else:
        letters = "".join(out)
        res = ell + "".join(sorted(c for c in set(letters) if letters.count(c) == 1
                                   and c not in ell))
    return tuple(out), res


def _einsum_fwd(*arrays, subs, res):
    return np.asarray(np.einsum(",".join(subs) + "->" + res, *arrays, optimize=True))


def _einsum_vjp(i):
    """Operand i's gradient: g contracted with the other operands back onto operand i's
    subscripts; a repeated index (a diagonal) is undone with an identity, an index only
    operand i has (summed away) with ones."""
    def rule(g, out, *arrays, subs, res):
        x = arrays[i]
        own = subs[i]
        others = [s for j, s in enumerate(subs) if j != i]
        ops = [g] + [a for j, a in enumerate(arrays) if j != i]
        terms = [res] + others
        used = set("".join(subs) + res)
        fresh = iter(c for c in _LETTERS if c not in used)
        target = ""
        seen = set()
        for c, n in zip(own, x.shape):
            if c in seen:          # a diagonal: a new letter tied to c by an identity
                f = next(fresh)
                terms.append(c + f)
                ops.append(np.eye(n, dtype=x.dtype))
                target += f
            else:
                seen.add(c)
                target += c
        present = set("".join(terms))
        for c, n in zip(target, x.shape):
            if c not in present:   # summed in operand i only: every place gets g
                terms.append(c)
                ops.append(np.ones(n, dtype=x.dtype))
                present.add(c)
        return np.asarray(np.einsum(",".join(terms) + "->" + target, *ops,
                                    optimize=True)).astype(x.dtype)
    return rule


def _einsum_name(params, mask) -> str:
    subs, res = params["subs"], params["res"]
    summed = set("".join(subs)) - set(res)
    if len(subs) == 1:
        return "SumBackward1" if summed else "PermuteBackward0"
    return "ViewBackward0" if summed else "MulBackward0"


def _einsum_shape(*arrays, subs, res):
    sizes = {}
    for s, a in zip(subs, arrays):
        for c, n in zip(s, a.shape):
            sizes[c] = max(sizes.get(c, 1), n)
    return tuple(sizes.get(c, 1) for c in res)


_MAX_EINSUM = 12   # (double backward adds an identity or ones per diagonal or lone index)
_AB = dict(saves=True, category="linear algebra")
_ops = [
    _internal("addmm_ab", arity=3,
              forward=lambda b, x, y, beta, alpha: beta * b + alpha * (x @ y),
              vjps=(lambda g, out, b, x, y, beta, alpha: beta * g,
                    lambda g, out, b, x, y, beta, alpha: alpha * (g @ y.T),
                    lambda g, out, b, x, y, beta, alpha: alpha * (x.T @ g)),
              grad_fn="AddmmBackward0", broadcast=True, reads=((), (2,), (1,)),
              formulas=("∂/∂b = β", "∂/∂X = α G Yᵀ", "∂/∂Y = α Xᵀ G"),
              result_shape=lambda b, x, y, beta, alpha: (x.shape[0], y.shape[-1]), **_AB),
    _internal("addmv", arity=3,
              forward=lambda b, m, v, beta, alpha: beta * b + alpha * (m @ v),
              vjps=(lambda g, out, b, m, v, beta, alpha: beta * g,
                    lambda g, out, b, m, v, beta, alpha: alpha * np.multiply.outer(g, v),
                    lambda g, out, b, m, v, beta, alpha: alpha * (m.T @ g)),
              grad_fn="AddmvBackward0", broadcast=True, reads=((), (2,), (1,)),
              formulas=("∂/∂b = β", "∂/∂M = α g vᵀ", "∂/∂v = α Mᵀ g"), **_AB),
    _internal("addr", arity=3,
              forward=lambda b, v1, v2, beta, alpha: beta * b + alpha * np.multiply.outer(v1, v2),
              vjps=(lambda g, out, b, v1, v2, beta, alpha: beta * g,
                    lambda g, out, b, v1, v2, beta, alpha: alpha * (g @ v2),
                    lambda g, out, b, v1, v2, beta, alpha: alpha * (g.T @ v1)),
              grad_fn="AddrBackward0", broadcast=True, reads=((), (2,), (1,)),
              formulas=("∂/∂b = β", "∂/∂u = α G v", "∂/∂v = α Gᵀ u"),
              result_shape=lambda b, v1, v2, beta, alpha: (v1.shape[0], v2.shape[0]), **_AB),
    _internal("baddbmm", arity=3,
              forward=lambda b, x, y, beta, alpha: beta * b + alpha * (x @ y),
              vjps=(lambda g, out, b, x, y, beta, alpha: beta * g,
                    lambda g, out, b, x, y, beta, alpha: alpha * (g @ _mT(y)),
                    lambda g, out, b, x, y, beta, alpha: alpha * (_mT(x) @ g)),
              grad_fn="BaddbmmBackward0", broadcast=True, reads=((), (2,), (1,)),
              formulas=("∂/∂b = β", "∂/∂X = α G Yᵀ", "∂/∂Y = α Xᵀ G"),
              result_shape=lambda b, x, y, beta, alpha: x.shape[:-1] + y.shape[-1:], **_AB),
    _internal("cross", arity=2, forward=_cross_fwd,
              vjps=(lambda g, out, x, y, dim: np.cross(y, g, axis=dim).astype(x.dtype),
                    lambda g, out, x, y, dim: np.cross(g, x, axis=dim).astype(y.dtype)),
              grad_fn="LinalgCrossBackward0", broadcast=True, reads=((1,), (0,)),
              formulas=("∂(x×y)/∂x: g ↦ y × g", "∂(x×y)/∂y: g ↦ g × x"), **_AB),
    _internal("cdist", arity=2, forward=_cdist_fwd, vjps=(_cdist_vjp(1), _cdist_vjp(-1)),
              grad_fn="CdistBackward0", reads=((0, 1, "out"), (0, 1, "out")),
              input_names=("x1", "x2"),
              formulas=("∂‖x1ᵢ − x2ⱼ‖/∂x1ᵢ", "∂‖x1ᵢ − x2ⱼ‖/∂x2ⱼ"),
              # the working array of differences is (…, n, m, d): check that, not the result
              result_shape=lambda x1, x2, p: x1.shape[:-1] + x2.shape[-2:], **_AB),
    _internal("inverse", arity=1, forward=_inv,
              vjps=(lambda g, out, x: -(_mT(out) @ g @ _mT(out)),),
              grad_fn="LinalgInvExBackward0", reads=(("out",),),
              formulas=("∂A⁻¹: G ↦ −A⁻ᵀ G A⁻ᵀ",), **_AB),
    _internal("det", arity=1, forward=lambda x: np.asarray(np.linalg.det(x)),
              vjps=(_det_vjp,), grad_fn="LinalgDetBackward0", reads=((0, "out"),),
              formulas=("∂det A/∂A = det A · A⁻ᵀ",), **_AB),
    _internal("slogdet", arity=1, forward=lambda x: np.asarray(np.linalg.slogdet(x)[1]),
              vjps=(_slogdet_vjp,), grad_fn="LinalgSlogdetBackward0", reads=((0,),),
              formulas=("∂log|det A|/∂A = A⁻ᵀ",), **_AB),
    _internal("solve", arity=2, forward=_solve_fwd, vjps=(_solve_vjp_a, _solve_vjp_b),
              grad_fn="LinalgSolveExBackward0", reads=((0, "out"), (0,)),
              input_names=("A", "B"), formulas=("∂X/∂A = −A⁻ᵀ G Xᵀ", "∂X/∂B = A⁻ᵀ G"), **_AB),
    _internal("slogdet_sign", arity=1,
              forward=lambda x: np.asarray(np.linalg.slogdet(x)[0], dtype=x.dtype),
              # as in torch, the sign passes no gradient back (x.grad stays None)
              vjps=(lambda g, out, x: None,), grad_fn="LinalgSlogdetBackward0",
              reads=((),), formulas=("∂sign(det A)/∂A = 0",), **_AB),
    _internal("pinv", arity=1, forward=lambda x: np.linalg.pinv(x).astype(x.dtype),
              vjps=(_pinv_vjp,), grad_fn="LinalgPinvBackward0", reads=((0, "out"),),
              formulas=("∂A⁺/∂A (torch's pinv_backward)",), **_AB),
    _internal("eigvalsh", arity=1,
              forward=lambda x, UPLO: np.linalg.eigvalsh(x, UPLO=UPLO).astype(x.dtype),
              vjps=(lambda g, out, x, UPLO: _eigh_vjp(g, out, x),), grad_fn="LinalgEighBackward0",
              reads=((0,),), formulas=("∂λ/∂A = V diag(g) Vᵀ",), **_AB),
    _internal("svdvals", arity=1,
              forward=lambda x: np.linalg.svd(x, compute_uv=False).astype(x.dtype),
              vjps=(_svdvals_vjp,), grad_fn="LinalgSvdBackward0", reads=((0,),),
              formulas=("∂σ/∂A = U diag(g) Vᵀ",), **_AB),
]
_ops += [
    _internal(f"einsum{n}", arity=n, forward=_einsum_fwd,
              vjps=tuple(_einsum_vjp(i) for i in range(n)), grad_fn=_einsum_name,
              reads=tuple(tuple(j for j in range(n) if j != i) for i in range(n)),
              formulas=tuple("∂einsum/∂operand" for _ in range(n)),
              input_names=tuple(f"operand{i}" for i in range(n)), result_shape=_einsum_shape,
              **_AB)
    for n in range(1, _MAX_EINSUM + 1)]
INTERNAL_OPS.update({op.name: op for op in _ops})


# ------------------------------------------------------------------------------- the API
def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched matrix product of two 3-D tensors (BmmBackward0)."""
    if input._data.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2._data.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    return _apply(INTERNAL_OPS["bmm"], (input, mat2), {})


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """Matrix × vector (MvBackward0)."""
    return _apply(INTERNAL_OPS["mv"], (input, vec), {})


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """``input[i] * vec2[j]`` (torch: a column view of input times vec2, MulBackward0)."""
    input, vec2 = _as_tensor(input), _as_tensor(vec2)
    return input.reshape(-1, 1) * vec2


ger = outer


def tensordot(a: Tensor, b: Tensor, dims=2) -> Tensor:
    """Contract the last ``dims`` dims of a with the first of b (or the listed pairs):
    permute, reshape to matrices, mm, view back, as torch does."""
    na, nb = a._data.ndim, b._data.ndim
    if isinstance(dims, (int, np.integer)):
        da, db = list(range(na - int(dims), na)), list(range(int(dims)))
    else:
        da, db = ([dims[0]] if isinstance(dims[0], int) else list(dims[0]),
                  [dims[1]] if isinstance(dims[1], int) else list(dims[1]))
        if isinstance(dims, Tensor):
            raise RuntimeError("tensordot expects dims as an int or a pair of lists")
        da, db = [d % max(na, 1) for d in da], [d % max(nb, 1) for d in db]
    for i, j in zip(da, db):
        if a._data.shape[i] != b._data.shape[j]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size "
                               f"{a._data.shape[i]} in dim {i} and second has size "
                               f"{b._data.shape[j]} in dim {j}")
    keep_a = [d for d in range(na) if d not in da]
    keep_b = [d for d in range(nb) if d not in db]
    sa, sb = a._data.shape, b._data.shape
    m = int(np.prod([sa[d] for d in keep_a]))
    k = int(np.prod([sa[d] for d in da]))
    n = int(np.prod([sb[d] for d in keep_b]))
    am = a.permute(*(keep_a + da)).reshape(m, k)
    bm = b.permute(*(db + keep_b)).reshape(k, n)
    return am.mm(bm).reshape(tuple(sa[d] for d in keep_a) + tuple(sb[d] for d in keep_b))


def inner(input: Tensor, other: Tensor) -> Tensor:
    """Sum over the last dim of both (a product with a number when either is 0-d)."""
    if input._data.ndim == 0 or other._data.ndim == 0:
        return input * other
    if input._data.shape[-1] != other._data.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but "
                           f"got shapes {list(input._data.shape)} and {list(other._data.shape)}")
    return tensordot(input, other, ([input._data.ndim - 1], [other._data.ndim - 1]))


def _ab(name: str, input, a, b, beta, alpha) -> Tensor:
    return _apply(INTERNAL_OPS[name], (_as_tensor(input), a, b),
                  {"beta": beta, "alpha": alpha})


def addmm(input, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)`` (AddmmBackward0)."""
    if beta == 1 and alpha == 1:
        return _apply(INTERNAL_OPS["addmm"], (_as_tensor(input), mat1, mat2), {})
    return _ab("addmm_ab", input, mat1, mat2, beta, alpha)


def addmv(input, mat: Tensor, vec: Tensor, *, beta=1, alpha=1) -> Tensor:
    """``beta * input + alpha * (mat @ vec)`` (AddmvBackward0)."""
    return _ab("addmv", input, mat, vec, beta, alpha)


def addr(input, vec1: Tensor, vec2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """``beta * input + alpha * outer(vec1, vec2)`` (AddrBackward0)."""
    return _ab("addr", input, vec1, vec2, beta, alpha)


def baddbmm(input, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """``beta * input + alpha * bmm(batch1, batch2)`` (BaddbmmBackward0)."""
    return _ab("baddbmm", input, batch1, batch2, beta, alpha)


def cross(input: Tensor, other: Tensor, dim=None) -> Tensor:
    """Cross product of 3-vectors along ``dim`` (default: the first dim of size 3)."""
    if dim is None:   # torch.cross's deprecated default: the first dim of size 3
        dim = next((d for d, n in enumerate(input._data.shape) if n == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    d = dim % max(input._data.ndim, 1)
    if input._data.shape[d] != 3 or other._data.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{input._data.shape[d]} and {other._data.shape[d]}")
    return _apply(INTERNAL_OPS["cross"], (input, other), {"dim": d})


def kron(input: Tensor, other: Tensor) -> Tensor:
    """Kronecker product: every element of input times the whole of other."""
    n = max(input._data.ndim, other._data.ndim)
    sa = (1,) * (n - input._data.ndim) + input._data.shape
    sb = (1,) * (n - other._data.ndim) + other._data.shape
    a = _apply(INTERNAL_OPS["_unsafe_view"], (input,),
               {"shape": tuple(v for s in sa for v in (s, 1))})
    b = _apply(INTERNAL_OPS["_unsafe_view"], (other,),
               {"shape": tuple(v for s in sb for v in (1, s))})
    return _apply(INTERNAL_OPS["_unsafe_view"], (a * b,),
                  {"shape": tuple(x * y for x, y in zip(sa, sb))})


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0, compute_mode=None) -> Tensor:
    """p-norm distance between each row of x1 and each row of x2 (CdistBackward0)."""
    if x1._data.ndim < 2 or x2._data.ndim < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X1 got: "
                           f"{x1._data.ndim}D")
    if x1._data.shape[-1] != x2._data.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{x1._data.shape[-1]} X2: {x2._data.shape[-1]}")
    return _apply(INTERNAL_OPS["cdist"], (x1, x2), {"p": float(p)})


def einsum(equation: str, *operands) -> Tensor:
    """Einstein summation over the operands (one node; see the module's note)."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    ops = tuple(_as_tensor(t) for t in operands)
    if not 1 <= len(ops) <= _MAX_EINSUM:
        raise RuntimeError(f"einsum(): this engine takes 1 to {_MAX_EINSUM} operands")
    subs, res = parse_einsum(str(equation), [t._data.ndim for t in ops])
    seen: dict = {}
    for k, (s, t) in enumerate(zip(subs, ops)):
        for c, n in zip(s, t._data.shape):
            if c in seen and n != seen[c] and 1 not in (n, seen[c]):
                raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {k} which "
                                   f"does not broadcast with previously seen size {seen[c]}")
            seen[c] = max(seen.get(c, 1), n)
    return _apply(INTERNAL_OPS[f"einsum{len(ops)}"], ops, {"subs": subs, "res": res})


def chain_matmul(*matrices) -> Tensor:
    """The product of the matrices, left to right (deprecated in torch, still used)."""
    if len(matrices) == 1 and isinstance(matrices[0], (list, tuple)):
        matrices = tuple(matrices[0])
    out = matrices[0]
    for m in matrices[1:]:
        out = out.mm(m)
    return out.view(tuple(out.shape))    # torch's result is a view of the last product


def inverse(input: Tensor) -> Tensor:
    """The matrix inverse (LinalgInvExBackward0)."""
    check_float("linalg.inv", input)
    check_square("linalg.inv", input)
    return _apply(INTERNAL_OPS["inverse"], (input,), {})


def det(input: Tensor) -> Tensor:
    """The determinant (LinalgDetBackward0)."""
    check_float("linalg.det", input)
    check_square("linalg.det", input)
    return _apply(INTERNAL_OPS["det"], (input,), {})


def slogdet(input: Tensor, _result=None) -> tuple:
    """(sign, log|det|); the sign's gradient is zero."""
    check_float("linalg.slogdet", input)
    check_square("linalg.slogdet", input)
    sign = _apply(INTERNAL_OPS["slogdet_sign"], (input,), {})
    return (_result or SlogdetResult)(sign, _apply(INTERNAL_OPS["slogdet"], (input,), {}))


def _slogdet_repr(self) -> str:
    return (f"torch.return_types.{type(self).__name__}(\nsign={self.sign!r},\n"
            f"logabsdet={self.logabsdet!r})")


SlogdetResult = namedtuple("slogdet", ["sign", "logabsdet"])
LinalgSlogdetResult = namedtuple("linalg_slogdet", ["sign", "logabsdet"])
SlogdetResult.__repr__ = LinalgSlogdetResult.__repr__ = _slogdet_repr


def logdet(input: Tensor) -> Tensor:
    """log det (nan for a negative determinant): torch's where over the slogdet."""
    sign, la = slogdet(input)
    sign = sign.detach()
    nan = _wrap(np.asarray(np.nan, dtype=input._data.dtype))
    return apply_op("where", _wrap(np.asarray(sign._data < 0)), nan, la)


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    """The Moore–Penrose pseudo-inverse (LinalgPinvBackward0)."""
    check_float("linalg.pinv", input)
    return _apply(INTERNAL_OPS["pinv"], (input,), {})


def matrix_power(input: Tensor, n: int) -> Tensor:
    """``input`` multiplied by itself ``n`` times (n < 0: of its inverse)."""
    check_square("linalg.matrix_power", input)
    n = int(n)
    if n == 0:   # torch copies an identity into a new tensor (CopyBackwards, zero gradient)
        eye = np.broadcast_to(np.eye(input._data.shape[-1], dtype=input._data.dtype),
                              input._data.shape)
        return _apply(INTERNAL_OPS["copy"], (input, _wrap(np.array(eye))), {})
    base = inverse(input) if n < 0 else input
    if abs(n) == 1:
        return base.clone() if n > 0 else base
    return _power(base, abs(n))


def _power(base: Tensor, n: int) -> Tensor:
    """base**n by repeated squaring (as torch does), so a huge n costs log n products."""
    out = None
    while n:
        if n & 1:
            out = base if out is None else out.matmul(base)
        n >>= 1
        if n:
            base = base.matmul(base)
    return out


def _install() -> None:
    methods = {"bmm": bmm, "mv": mv, "outer": outer, "ger": ger, "inner": inner,
               "addmm": addmm, "addmv": addmv, "addr": addr, "baddbmm": baddbmm, "cross": cross,
               "kron": kron, "inverse": inverse, "det": det, "logdet": logdet,
               "slogdet": slogdet, "pinverse": pinverse, "matrix_power": matrix_power}
    for name, fn in methods.items():
        setattr(Tensor, name, fn)


_install()
FUNCTIONS = {name: globals()[name] for name in __all__}
