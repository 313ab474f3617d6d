"""Cases for the tensor-math breadth of issues #13/#14 (``engine/ops_math.py``,
``engine/ops_reduce.py``, ``engine/ops_create.py``): each case is a function of a library
(``torch`` or ``engine``) returning what the user would see — values, a gradient, a grad_fn
name, a dtype — as plain data.  ``record_api_h1.py`` runs them under torch 2.13 into
``fixtures/api_h1.json``; ``tests/engine/test_api_h1.py`` compares the engine with that
fixture (and live with torch under the ``torch`` marker)."""
from __future__ import annotations

import math

X = [0.3, -0.5, 0.7]
Y = [0.2, 0.9, -0.4]
P = [0.2, 0.45, 0.8]        # inside (0, 1): acos, asin, logit, erfinv
POS = [0.5, 1.5, 2.25]
M = [[0.3, -1.2, 2.0], [1.5, 0.4, -0.7]]
SQ = [[1.0, 2.0, 0.5], [3.0, -4.0, 2.0], [0.5, 1.0, 5.0]]


def _plain(v):
    """A tensor / tuple / number as JSON-ready data ({value, dtype} for tensors)."""
    if hasattr(v, "detach") and hasattr(v, "dtype"):
        d = v.detach()
        vals = d.tolist()
        return {"value": _nan_safe(vals), "dtype": str(d.dtype).replace("torch.", ""),
                "shape": list(d.shape)}
    if isinstance(v, (tuple, list)):
        return [_plain(x) for x in v]
    if isinstance(v, float):
        return _nan_safe(v)
    return v


def _nan_safe(v):
    if isinstance(v, list):
        return [_nan_safe(x) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return repr(v)
    return v


def _grad_case(fn, values, dtype="float32"):
    """fn(lib, x) -> tensor; records its value, grad_fn name and x.grad after sum().backward()."""
    def case(lib):
        x = lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=True)
        y = fn(lib, x)
        name = type(y.grad_fn).__name__ if y.grad_fn is not None else None
        y.sum().backward()
        return {"value": _plain(y), "grad_fn": name, "grad": _plain(x.grad)}
    return case


def _two_case(fn, a, b):
    def case(lib):
        x = lib.tensor(a, requires_grad=True)
        y = lib.tensor(b, requires_grad=True)
        out = fn(lib, x, y)
        name = type(out.grad_fn).__name__
        out.sum().backward()
        return {"value": _plain(out), "grad_fn": name, "grads": [_plain(x.grad), _plain(y.grad)]}
    return case


def _value_case(fn):
    def case(lib):
        return _plain(fn(lib))
    return case


UNARY_CASES = {
    "acos": ("acos", P), "asin": ("asin", P), "atan": ("atan", X), "sinh": ("sinh", X),
    "cosh": ("cosh", X), "tan": ("tan", X), "erf": ("erf", X), "erfinv": ("erfinv", P),
    "expm1": ("expm1", X), "exp2": ("exp2", X), "log2": ("log2", POS), "log10": ("log10", POS),
    "log1p": ("log1p", X), "floor": ("floor", X), "ceil": ("ceil", X), "trunc": ("trunc", X),
    "frac": ("frac", X), "sign": ("sign", X), "rsqrt": ("rsqrt", POS),
    "sinc": ("sinc", X), "deg2rad": ("deg2rad", X), "rad2deg": ("rad2deg", X),
    "logit": ("logit", P), "absolute": ("absolute", X), "nan_to_num": ("nan_to_num", X),
}

CASES: dict = {}
for _k, (_name, _vals) in UNARY_CASES.items():
    CASES[f"method_{_k}"] = _grad_case((lambda n: lambda lib, x: getattr(x, n)())(_name), _vals)
    CASES[f"function_{_k}"] = _grad_case(
        (lambda n: lambda lib, x: getattr(lib, n)(x * 1.0))(_name), _vals, "float64")

CASES.update({
    "logit_eps": _grad_case(lambda lib, x: x.logit(eps=0.25), P),
    "round_decimals": _grad_case(lambda lib, x: lib.round(x * 10, decimals=1), X),
    "clamp_min": _grad_case(lambda lib, x: x.clamp_min(0.0), X),
    "clamp_max_fn": _grad_case(lambda lib, x: lib.clamp_max(x, 0.4), X),
    "clip_method": _grad_case(lambda lib, x: x.clip(-0.4, 0.4), X),
    "clip_function": _grad_case(lambda lib, x: lib.clip(x, min=0.0), X),
    "atan2": _two_case(lambda lib, x, y: lib.atan2(x, y), X, Y),
    "hypot": _two_case(lambda lib, x, y: x.hypot(y), X, Y),
    "logaddexp": _two_case(lambda lib, x, y: lib.logaddexp(x, y), X, Y),
    "xlogy": _two_case(lambda lib, x, y: lib.xlogy(x, y.abs()), X, Y),
    "xlogy_scalar": _grad_case(lambda lib, x: lib.xlogy(x, 3.0), X),
    "remainder": _two_case(lambda lib, x, y: lib.remainder(x * 3, y), X, Y),
    "remainder_scalar": _grad_case(lambda lib, x: x.remainder(0.2), X),
    "percent": _grad_case(lambda lib, x: x * 3 % 0.5, X),
    "fmod": _two_case(lambda lib, x, y: lib.fmod(x * 3, y), X, Y),
    "fmod_scalar": _grad_case(lambda lib, x: lib.fmod(x, 0.2), X),
    "lerp_scalar": _two_case(lambda lib, x, y: lib.lerp(x, y, 0.25), X, Y),
    "lerp_tensor": _two_case(lambda lib, x, y: x.lerp(y, y.sigmoid()), X, Y),
    "addcmul": _two_case(lambda lib, x, y: lib.addcmul(x, x, y, value=0.5), X, Y),
    "addcdiv": _two_case(lambda lib, x, y: x.addcdiv(x, y, value=2), X, Y),
    "heaviside": _value_case(lambda lib: lib.heaviside(lib.tensor([-1.0, 0.0, 2.0]),
                                                       lib.tensor(0.5))),
    "signbit": _value_case(lambda lib: lib.signbit(lib.tensor([-0.0, 1.0, -2.0]))),
    "floor_int": _value_case(lambda lib: lib.floor(lib.tensor([1, -2]))),
    "sign_int": _value_case(lambda lib: lib.tensor([3, -2, 0]).sign()),
    "acos_int": _value_case(lambda lib: lib.acos(lib.tensor([1, 0]))),
    "remainder_int": _value_case(lambda lib: lib.tensor([-3, 5, 7]) % 3),
    "fmod_int": _value_case(lambda lib: lib.fmod(lib.tensor([-3, 5, 7]), 3)),
    "nan_to_num_values": _value_case(lambda lib: lib.nan_to_num(
        lib.tensor([float("nan"), float("inf"), -float("inf"), 1.0]), nan=2.0, posinf=9.0)),
    "erfinv_edges": _value_case(lambda lib: lib.erfinv(lib.tensor([-1.0, 0.0, 0.999, 1.0]))),
    "inplace_chain": _value_case(lambda lib: lib.tensor([0.3, 1.7, -2.5]).floor_().abs_()
                                 .sqrt_().atan_().mul_(4)),
    "inplace_round": _value_case(lambda lib: lib.tensor([0.25, 1.5, -2.5]).round_()),
    "inplace_grad": lambda lib: _inplace_grad(lib),
})


def _inplace_grad(lib):
    x = lib.tensor([0.3, -0.5, 0.7], requires_grad=True)
    y = x * 2
    y.sinh_()
    y.clamp_min_(0.0)
    name = type(y.grad_fn).__name__
    y.sum().backward()
    return {"value": _plain(y), "grad_fn": name, "grad": _plain(x.grad)}


def outcome(case, lib):
    """What a case gives, or the error it raises (type and torch's text)."""
    try:
        return {"ok": case(lib)}
    except Exception as e:  # noqa: BLE001  (the error is the recorded result)
        return {"error": [type(e).__name__, str(e)]}


# ---------------------------------------------------------------------------- reductions
def _pair_case(fn, values):
    """fn(lib, x) -> (values, indices): both recorded, and x.grad through the values."""
    def case(lib):
        x = lib.tensor(values, requires_grad=True)
        vals, idx = fn(lib, x)
        name = type(vals.grad_fn).__name__
        vals.sum().backward()
        return {"values": _plain(vals), "indices": _plain(idx), "grad_fn": name,
                "grad": _plain(x.grad), "repr_head": repr(fn(lib, x.detach())).split("(")[0]}
    return case


TIES = [[1.0, 3.0, 3.0, 0.5], [2.0, 0.5, 2.0, 2.0]]
CASES.update({
    "prod_all": _grad_case(lambda lib, x: x.prod(), M),
    "prod_dim": _grad_case(lambda lib, x: lib.prod(x, 1), M),
    "prod_keepdim_zero": _grad_case(lambda lib, x: (x * lib.tensor([[1., 0., 1.], [1., 1., 1.]]))
                                    .prod(dim=1, keepdim=True), M),
    "prod_int_dtype": _value_case(lambda lib: lib.tensor([[1, 2], [3, 4]]).prod(0)),
    "cumsum_method": _grad_case(lambda lib, x: (x.cumsum(1) * lib.tensor([1., 2., 3.])), M),
    "cumsum_function": _grad_case(lambda lib, x: lib.cumsum(x, dim=0) ** 2, M),
    "cumsum_int": _value_case(lambda lib: lib.cumsum(lib.tensor([1, 2, 3]), 0)),
    "cumprod": _grad_case(lambda lib, x: x.cumprod(1) * lib.tensor([1., -2., 3.]), M),
    "cumprod_zero": _grad_case(lambda lib, x: lib.cumprod(
        x * lib.tensor([1., 0., 1., 1.]), 0), [0.5, 2.0, -1.5, 3.0]),
    "cummax": _pair_case(lambda lib, x: lib.cummax(x, 1), TIES),
    "cummin": _pair_case(lambda lib, x: x.cummin(0), TIES),
    "logcumsumexp": _grad_case(lambda lib, x: x.logcumsumexp(1) * lib.tensor([1., 2., -1.]), M),
    "median_all": _grad_case(lambda lib, x: x.median(), M),
    "median_even": _grad_case(lambda lib, x: lib.median(x), [4.0, 1.0, 3.0, 2.0]),
    "median_dim": _pair_case(lambda lib, x: x.median(1), M),
    "median_keepdim": _pair_case(lambda lib, x: lib.median(x, 0, keepdim=True), M),
    "mode": _pair_case(lambda lib, x: lib.mode(x, 1), TIES),
    "kthvalue": _pair_case(lambda lib, x: x.kthvalue(2, 1), M),
    "nansum": _grad_case(lambda lib, x: lib.nansum(x.log(), 1), M),
    "nanmean": _grad_case(lambda lib, x: x.log().nanmean(), M),
    "std_mean": lambda lib: _multi(lib, lambda x: lib.std_mean(x, 1)),
    "var_mean": lambda lib: _multi(lib, lambda x: lib.var_mean(x, unbiased=False)),
    "trace": _grad_case(lambda lib, x: lib.trace(x) * x.trace(), SQ),
    "diff": _grad_case(lambda lib, x: lib.diff(x, dim=1) ** 2, M),
    "diff_n2_prepend": _value_case(lambda lib: lib.diff(lib.tensor([1, 3, 6, 10]), n=2,
                                                        prepend=lib.tensor([0]))),
    "dist": _two_case(lambda lib, x, y: lib.dist(x, y), X, Y),
    "dist_p1": _two_case(lambda lib, x, y: x.dist(y, p=1), X, Y),
    "dist_inf": _two_case(lambda lib, x, y: x.dist(y, float("inf")), X, Y),
    "norm_fro": _grad_case(lambda lib, x: x.norm(p="fro"), M),
    "norm_dim": _grad_case(lambda lib, x: lib.norm(x, dim=1), M),
    "argsort": _value_case(lambda lib: lib.argsort(lib.tensor(M), dim=1, descending=True)),
    "argsort_method": _value_case(lambda lib: lib.tensor(X).argsort()),
    "argmax_fn": _value_case(lambda lib: [lib.argmax(lib.tensor(M)),
                                          lib.argmax(lib.tensor(M), dim=1, keepdim=True),
                                          lib.argmin(lib.tensor(M), 0)]),
    "count_nonzero": _value_case(lambda lib: [lib.count_nonzero(lib.tensor([[0, 1], [2, 0]])),
                                              lib.tensor([[0., 1.], [2., 3.]]).count_nonzero(1)]),
    "all_any_dim": _value_case(lambda lib: [lib.all(lib.tensor(M) > 0, dim=1),
                                            lib.any(lib.tensor(M) > 1.8, 0),
                                            (lib.tensor(M) > -2).all(),
                                            lib.tensor([1, 0]).any(),
                                            lib.all(lib.tensor(M) > 0, 1, keepdim=True)]),
})


def _multi(lib, fn):
    x = lib.tensor(M, requires_grad=True)
    a, b = fn(x)
    names = [type(a.grad_fn).__name__, type(b.grad_fn).__name__]
    (a.sum() + 2 * b.sum()).backward()
    return {"values": _plain([a, b]), "grad_fn": names, "grad": _plain(x.grad)}


# ---------------------------------------------------------------------------- creation, logic
def _shape_dtype(t):
    return [list(t.shape), str(t.dtype)]


CASES.update({
    "tril_triu": _grad_case(lambda lib, x: lib.tril(x) * 2 + x.triu(1) * 3, SQ),
    "tril_neg_diag": _grad_case(lambda lib, x: x.tril(-1) ** 2, SQ),
    "diag_of_vector": _grad_case(lambda lib, x: lib.diag(x) * lib.tensor(SQ), X),
    "diag_of_matrix": _grad_case(lambda lib, x: lib.diag(x, 1) ** 2, SQ),
    "diag_embed": _grad_case(lambda lib, x: lib.diag_embed(x) * lib.tensor(SQ), X),
    "diagonal": _grad_case(lambda lib, x: x.diagonal() ** 2, SQ),
    "diagonal_offset": _grad_case(lambda lib, x: lib.diagonal(x, offset=-1) * 3, SQ),
    "meshgrid_ij": lambda lib: _mesh(lib, "ij"),
    "meshgrid_xy": lambda lib: _mesh(lib, "xy"),
    "comparisons": _value_case(lambda lib: [f(lib.tensor(X), lib.tensor(Y)) for f in (
        lib.eq, lib.ne, lib.gt, lib.ge, lib.lt, lib.le, lib.greater, lib.less_equal)]
        + [lib.eq(lib.tensor(X), 0.3), lib.tensor(X).not_equal(0.3)]),
    "logical": _value_case(lambda lib: [
        lib.logical_and(lib.tensor([1, 0, 2]), lib.tensor([True, True, False])),
        lib.logical_or(lib.tensor([0., 0., 1.]), lib.tensor([0., 2., 0.])),
        lib.logical_xor(lib.tensor([True, False]), lib.tensor([True, True])),
        lib.logical_not(lib.tensor([0., 2.])), lib.tensor([1, 0]).logical_not()]),
    "isfinite_isclose": _value_case(lambda lib: [
        lib.isfinite(lib.tensor([1.0, float("inf"), float("nan")])),
        lib.tensor([1.0, float("nan")]).isnan(), lib.isinf(lib.tensor([-float("inf"), 0.0])),
        lib.isclose(lib.tensor([1.0, 2.0]), lib.tensor([1.0 + 1e-9, 2.1])),
        lib.tensor([1.0, 2.0]).isclose(lib.tensor([1.05, 2.0]), atol=0.1),
        lib.equal(lib.tensor([1, 2]), lib.tensor([1, 2])),
        lib.allclose(lib.tensor([1.0]), lib.tensor([1.0 + 1e-7]))]),
    "range_logspace": _value_case(lambda lib: [lib.range(0, 4), lib.range(0, 1, 0.25),
                                               lib.logspace(0, 2, 3), lib.logspace(0, 3, 4, base=2)]),
    "as_tensor": _value_case(lambda lib: [lib.as_tensor([1, 2]),
                                          lib.as_tensor([1.0, 2.0], dtype=lib.float64)]),
    "as_tensor_same": _value_case(lambda lib: [(lambda t: lib.as_tensor(t) is t)(lib.tensor([1.]))]),
    "full_like": _value_case(lambda lib: [lib.full_like(lib.tensor(SQ), 3),
                                          lib.full_like(lib.tensor([1, 2]), 2.7),
                                          lib.full_like(lib.tensor([1, 2]), 7, dtype=lib.float64)]),
    "random_like_shapes": _value_case(lambda lib: [
        _shape_dtype(lib.rand_like(lib.tensor(SQ))), _shape_dtype(lib.randn_like(lib.tensor(M))),
        _shape_dtype(lib.randperm(5)), sorted(lib.randperm(5).tolist()),
        _shape_dtype(lib.normal(0.0, 1.0, size=(2, 3))),
        _shape_dtype(lib.normal(lib.zeros(4), lib.ones(4))),
        _shape_dtype(lib.empty_like(lib.tensor([1, 2])))]),
    "new_methods": _value_case(lambda lib: [
        lib.tensor(M).new_ones(2), lib.tensor(M).new_zeros((2, 3)),
        lib.tensor(M).new_full((2,), 7), lib.tensor(M).new_tensor([1, 2]),
        lib.tensor([1, 2]).new_tensor([1.5]), _shape_dtype(lib.tensor(M).new_empty(2)),
        lib.tensor(M, dtype=lib.float64).new_zeros(2, 2)]),
    "sizes": _value_case(lambda lib: [
        lib.tensor(M).element_size(), lib.tensor(M).nbytes, lib.tensor(M).ndimension(),
        lib.tensor(M).nelement(), lib.numel(lib.tensor(M)), lib.tensor([1, 2]).element_size(),
        lib.is_tensor(lib.tensor(1.0)), lib.is_tensor([1.0]), lib.is_floating_point(lib.tensor(M)),
        lib.tensor([1]).is_floating_point()]),
    "type_view_reshape_as": _grad_case(lambda lib, x: x.view_as(lib.tensor(M)).reshape_as(
        lib.tensor(X * 2)).type_as(lib.tensor([1.0], dtype=lib.float64)), X * 2),
    "torch_clone": _grad_case(lambda lib, x: lib.clone(x) * 2, X),
    "devices": _value_case(lambda lib: [
        repr(lib.device("cpu")), str(lib.device("cpu")), str(lib.device("cuda:0")),
        lib.device("cuda", 1).index, lib.device("cpu").type, lib.cuda.is_available(),
        str(lib.tensor(X).device), lib.tensor(X).is_cuda,
        (lambda t: t.cpu() is t and t.to("cpu") is t)(lib.tensor(X)),
        lib.tensor(X).to("cpu", lib.float64).dtype == lib.float64,
        lib.tensor([1, 2]).to(lib.tensor([0.5])).dtype == lib.float32]),
    "cuda_error": lambda lib: lib.tensor(X).cuda(),
    "to_cuda_error": lambda lib: lib.tensor(X).to("cuda"),
    "finfo_iinfo": _value_case(lambda lib: [
        lib.finfo(lib.float32).eps, lib.finfo(lib.float64).eps, lib.finfo().eps,
        lib.finfo(lib.float32).max, lib.finfo(lib.float32).min, lib.finfo(lib.float32).tiny,
        lib.finfo(lib.float64).tiny, lib.iinfo(lib.int64).max, lib.iinfo(lib.int32).min,
        lib.finfo(lib.float32).bits, repr(lib.finfo(lib.float32)), repr(lib.iinfo(lib.int32))]),
})


def _mesh(lib, indexing):
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    b = lib.tensor([3.0, 4.0, 5.0], requires_grad=True)
    gx, gy = lib.meshgrid(a, b, indexing=indexing)
    names = [type(gx.grad_fn).__name__, type(gx.grad_fn.next_functions[0][0]).__name__]
    (gx * gy * lib.tensor(2.0)).sum().backward()
    return {"values": _plain([gx, gy]), "grad_fn": names, "grads": _plain([a.grad, b.grad])}


# ---------------------------------------------------------------------------- division, printing
def _edges(t):
    return [None if f is None else type(f).__name__ for f, _ in t.grad_fn.next_functions]


def _div_modes(lib):
    x = lib.tensor([5.0, -7.0, 2.5], requires_grad=True)
    outs = [x.div(2, rounding_mode="floor"), lib.div(x, 2, rounding_mode="trunc"),
            lib.divide(x, 2), x.true_divide(4), lib.multiply(x, 2), lib.subtract(x, 1),
            lib.negative(x)]
    names = [[type(o.grad_fn).__name__, _edges(o)] for o in outs]
    sum(o.sum() for o in outs).backward()
    return {"values": _plain(outs), "names": names, "grad": _plain(x.grad)}


def _printed(lib):
    lines = []
    try:
        lib.set_printoptions(precision=2)
        lines.append(repr(lib.tensor([1.23456, 2.5])))
        lib.set_printoptions(sci_mode=False)
        lines.append(repr(lib.tensor([1e-5, 1000.0])))
        lib.set_printoptions(threshold=5, edgeitems=2)
        lines.append(repr(lib.arange(10.0)))
        lines.append(repr(lib.arange(12).reshape(3, 4) * 1.5))
        lib.set_printoptions(linewidth=30, precision=3, threshold=1000)
        lines.append(repr(lib.linspace(0, 1, 9)))
        lib.set_printoptions(profile="short")
        lines.append(repr(lib.tensor([[1.23456, 2.5], [3.14159, 4.0]], requires_grad=True) * 2))
    finally:
        lib.set_printoptions(profile="default")
    lines.append(repr(lib.tensor([1e-5, 1000.0])))
    return lines


CASES.update({
    "div_rounding_modes": _div_modes,
    "floor_divide_values": _value_case(lambda lib: [
        lib.tensor([5.0, -7.0]) // 2, 7 // lib.tensor([2.0, -3.0]),
        lib.tensor([-7, 7]) // lib.tensor([2, -2]), lib.tensor([5, 7]) // 2.0,
        lib.floor_divide(lib.tensor([9, -9]), 4),
        lib.div(lib.tensor([-7, 7]), 2, rounding_mode="trunc"),
        lib.div(lib.tensor([-7, 7]), 2, rounding_mode="floor")]),
    "floor_divide_grad_fn": lambda lib: [type((lib.tensor([5.0], requires_grad=True) // 2)
                                              .grad_fn).__name__],
    "floor_divide_backward_error": lambda lib: (lib.tensor([5.0, 1.0], requires_grad=True) // 2)
    .sum().backward(),
    "div_bad_rounding_mode": lambda lib: lib.div(lib.tensor([1.0]), 2, rounding_mode="round"),
    "set_printoptions": _printed,
})


def _fill_diag(lib):
    x = lib.ones(2, 3, requires_grad=True)
    z = x * 1
    z.fill_diagonal_(2.0)
    name = type(z.grad_fn).__name__
    z.sum().backward()
    return {"value": _plain(z), "grad_fn": name, "grad": _plain(x.grad),
            "plain": _plain(lib.zeros(3, 3).fill_diagonal_(5)),
            "wrap": _plain(lib.zeros(5, 3).fill_diagonal_(2.0, wrap=True))}


CASES.update({
    "topk": _pair_case(lambda lib, x: x.topk(2), M),
    "topk_smallest": _pair_case(lambda lib, x: lib.topk(x, 1, dim=0, largest=False), M),
    "topk_ties": _value_case(lambda lib: list(lib.topk(lib.tensor([1.0, 3.0, 3.0, 2.0]), 2))),
    "topk_k_too_large": lambda lib: lib.tensor([1.0, 2.0]).topk(3),
    "isin": _value_case(lambda lib: [lib.isin(lib.tensor([1, 2, 3]), lib.tensor([1, 3])),
                                     lib.isin(lib.tensor([1.0, 2.0]), 2.0)]),
    "fill_diagonal_": _fill_diag,
})


def _norms(lib):
    x = lib.tensor([[3.0, -4.0, 1.0], [0.5, 2.0, -2.0]], requires_grad=True)
    outs = [x.norm(), lib.norm(x, p="fro"), x.norm(p=2, dim=1, keepdim=True),
            lib.norm(x, float("inf")), x.norm(1), lib.norm(x, dim=0), x.norm(p=3, dim=-1),
            lib.norm(x, p="fro", dim=(0, 1)), x.norm(0), x.norm(p=0, dim=1)]
    sum(o.sum() for o in outs).backward()
    return {"values": _plain(outs), "grad": _plain(x.grad)}


CASES["norm_variants"] = _norms
CASES["special_and_half"] = _grad_case(lambda lib, x: lib.special.expit(x) + lib.special.erf(x)
                                       + lib.special.logit(x.sigmoid()) + x.half().float(), X)
