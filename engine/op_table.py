"""The op table: every differentiable op, declared once.

Each :class:`Op` (the record type, in ``op_record.py``) carries its numpy forward, one VJP per input (written with ``g`` the
incoming gradient, ``out`` the result and ``x, y`` the inputs, as in PyTorch's
``derivatives.yaml``), PyTorch's ``grad_fn`` name, how it prints and parses (label,
symbol, precedence), its parameters, palette category, doc, the local-derivative formula
shown in step-through, and sample inputs in a safe domain for the generic tests
(``op_samples.py``).  Rules too long for one line are named helpers in ``op_rules.py`` and
``op_rules_shape.py``.

Broadcasting is reduced once, centrally (``autograd._unbroadcast``), never inside a VJP.
Tensor methods, ``engine.<fn>`` and ``engine.nn.functional.<fn>`` are generated from
``OPS`` by ``engine/ops.py`` (``dispatch.py``: dtypes, scalars, recording the graph;
``ops_fast.py``: the fast paths; ``ops_methods.py``: the generated methods).  Some torch ops are several graph nodes (``linear``
is ``AddmmBackward0`` over ``TBackward0``; ``cross_entropy`` is ``NllLossBackward0`` over
``LogSoftmaxBackward0``); their ``compose`` builds that structure from internal ops
(``INTERNAL_OPS``) so ``next_functions`` match torch's.
"""
from __future__ import annotations

import numpy as np

from . import autograd as _ag
from .op_rules import (_F32, _F64,  # noqa: F401  (engine.ops imports them from here)
                       _bce_fwd, _bce_logits_fwd, _bce_vjp_x, _clamp_fwd, _clamp_vjp,
                       _cross_entropy_compose, _cross_entropy_fwd, _cross_entropy_vjp_x,
                       _div_compose, _expand_back, _extreme_fwd, _extreme_vjp, _log_softmax_fwd,
                       _log_softmax_vjp, _max_name, _maximum_vjp, _mean_fwd, _mean_name, _mean_vjp,
                       _min_name, _mse_fwd, _mse_vjp_x, _mse_vjp_y, _nll_fwd, _nll_vjp, _norm_fwd,
                       _norm_vjp, _one_minus, _pow_edges, _pow_name, _pow_vjp_x, _pow_vjp_y,
                       _round_fwd, _scalar_first_swapped, _sigmoid, _softmax_fwd, _softmax_vjp,
                       _squeeze_name, _sub_edges, _sub_name, _sum_fwd, _sum_name, _times2,
                       _where_fwd)
from .op_rules_shape import (_addmm_fwd, _bmm_fwd, _dot_fwd, _index_add_fwd, _index_fwd,
                             _index_vjp, _linear_compose, _linear_fwd, _linear_vjp_b,
                             _linear_vjp_w, _linear_vjp_x, _matmul_compose, _matmul_fwd,
                             _matmul_shape, _matmul_vjp_x, _matmul_vjp_y, _mm_fwd, _mv_fwd,
                             mat_product, _permute_fwd, _permute_vjp, _put_fwd, _put_vjp_v, _put_vjp_x,
                             _reshape_compose, _reshape_fwd, _select_fwd, _select_vjp, _slice_fwd,
                             _slice_vjp, _sort_fwd, _sort_vjp, _squeeze_fwd, _t_fwd,
                             _transpose_fwd, _transpose_vjp, _unsqueeze_fwd, _view_fwd)
from .op_record import BATCH_KINDS, CATEGORIES, REQUIRED, Op, Param
from .op_samples import samples_for

__all__ = ["Param", "Op", "OPS", "INTERNAL_OPS", "REQUIRED", "lookup", "CATEGORIES", "BATCH_KINDS"]


# ============================================================================ the table
P_DIM = Param("dim", "dim", None, "dimension to reduce (None = all)")
P_KEEPDIM = Param("keepdim", "bool", False, "keep the reduced dimension with size 1")


def _default_batch(category: str, params: tuple) -> str | None:
    """The batch kind an op's category implies: elementwise math needs only broadcasting
    alignment; a ``dim``/``keepdim`` reduction and a shape op shift their dims by the batch axis;
    matrix products batch through numpy's matmul broadcasting."""
    names = [p.name for p in params]
    if category in ("arithmetic", "elementwise", "activation") and "dim" not in names:
        return "elementwise"
    if category == "reduction" and names == ["dim", "keepdim"]:
        return "reduction"
    if category == "linear algebra" and not params:  # a convolution's stride/padding: not a matmul
        return "matmul"
    return "shape" if category == "shape" else None


def _op(name, arity, forward, vjps, grad_fn, label, category, doc, formulas, *,
        symbol=None, precedence=16, params=(), broadcast=False, saves=True, method=True,
        function=True, functional=False, samples=None, **extra) -> Op:
    extra.setdefault("batch", _default_batch(category, params))
    return Op(name=name, arity=arity, forward=forward, vjps=tuple(vjps), grad_fn=grad_fn,
              label=label, symbol=symbol, precedence=precedence, params=tuple(params),
              category=category, doc=doc, formulas=tuple(formulas), broadcast=broadcast,
              saves=saves, method=method, function=function, functional=functional,
              samples=samples or samples_for(name), **extra)


_BIN = dict(arity=2, broadcast=True, category="arithmetic")
_table = [
    # ---- arithmetic (Python operators)
    _op("add", forward=np.add, vjps=(lambda g, out, x, y: g, lambda g, out, x, y: g),
        grad_fn="AddBackward0", label="+", symbol="+", precedence=11, saves=False,
        doc="Elementwise sum x + y (broadcasting).", formulas=("∂(x+y)/∂x = 1", "∂(x+y)/∂y = 1"),
        edges=_scalar_first_swapped,
        passthrough=(True, True), **_BIN,
        reads=((), ()), inplace=True),
    _op("sub", forward=np.subtract, vjps=(lambda g, out, x, y: g, lambda g, out, x, y: -g),
        grad_fn=_sub_name, label="−", symbol="-", precedence=11, saves=False,
        doc="Elementwise difference x − y (broadcasting).",
        formulas=("∂(x−y)/∂x = 1", "∂(x−y)/∂y = −1"),
        edges=_sub_edges, passthrough=(True, False),
        **_BIN,
        reads=((), ()), inplace=True),
    _op("mul", forward=np.multiply, vjps=(lambda g, out, x, y: g * y, lambda g, out, x, y: g * x),
        grad_fn="MulBackward0", label="×", symbol="*", precedence=12,
        doc="Elementwise product x · y (broadcasting).",
        formulas=("∂(x·y)/∂x = y", "∂(x·y)/∂y = x"),
        edges=_scalar_first_swapped, **_BIN,
        reads=((1,), (0,)), inplace=True),
    _op("div", forward=np.true_divide,
        vjps=(lambda g, out, x, y: g / y, lambda g, out, x, y: -g * ((x / y) / y)),
        grad_fn="DivBackward0", label="÷", symbol="/", precedence=12,
        doc="Elementwise quotient x / y (broadcasting).",
        formulas=("∂(x/y)/∂x = 1/y", "∂(x/y)/∂y = −x/y²"),
        compose=_div_compose,
        float_out=True, **_BIN,
        reads=((1,), (0, 1)), inplace=True),
    _op("pow", forward=np.power, vjps=(_pow_vjp_x, _pow_vjp_y), grad_fn=_pow_name,
        label="xʸ", symbol="**", precedence=14,
        doc="Elementwise power x ** y (broadcasting).",
        formulas=("∂(xʸ)/∂x = y·xʸ⁻¹", "∂(xʸ)/∂y = xʸ·ln x"),
        edges=_pow_edges,
        input_names=("input", "exponent"), **_BIN,
        reads=((0, 1), (0, 1, "out")), inplace=True),
    _op("neg", arity=1, forward=np.negative, vjps=(lambda g, out, x: -g,), grad_fn="NegBackward0",
        label="−x", category="arithmetic", doc="Negation −x.", formulas=("∂(−x)/∂x = −1",),
        symbol="neg", precedence=13, saves=False, reads=((),), inplace=True),
    _op("reciprocal", arity=1, forward=np.reciprocal, vjps=(lambda g, out, x: -g * (out * out),),
        grad_fn="ReciprocalBackward0", label="1/x", category="arithmetic",
        doc="Reciprocal 1/x.", formulas=("∂(1/x)/∂x = −1/x²",),
        float_out=True, reads=(("out",),),
        inplace=True),
    # ---- elementwise math
    _op("exp", arity=1, forward=np.exp, vjps=(lambda g, out, x: g * out,), grad_fn="ExpBackward0",
        label="exp", category="elementwise", doc="Exponential eˣ.", formulas=("∂eˣ/∂x = eˣ",),
        float_out=True, reads=(("out",),), inplace=True),
    _op("log", arity=1, forward=np.log, vjps=(lambda g, out, x: g / x,), grad_fn="LogBackward0",
        label="log", category="elementwise", doc="Natural logarithm ln x.",
        formulas=("∂ln x/∂x = 1/x",), float_out=True,
        reads=((0,),), inplace=True),
    _op("sin", arity=1, forward=np.sin, vjps=(lambda g, out, x: g * np.cos(x),),
        grad_fn="SinBackward0", label="sin", category="elementwise", doc="Sine.",
        formulas=("∂sin x/∂x = cos x",), float_out=True, reads=((0,),), inplace=True),
    _op("cos", arity=1, forward=np.cos, vjps=(lambda g, out, x: g * -np.sin(x),),
        grad_fn="CosBackward0", label="cos", category="elementwise", doc="Cosine.",
        formulas=("∂cos x/∂x = −sin x",), float_out=True, reads=((0,),), inplace=True),
    _op("abs", arity=1, forward=np.abs, vjps=(lambda g, out, x: g * np.sign(x),),
        grad_fn="AbsBackward0", label="|x|", category="elementwise",
        doc="Absolute value (gradient 0 at 0, like PyTorch).", formulas=("∂|x|/∂x = sign(x)",),
        reads=((0,),), inplace=True),
    _op("sqrt", arity=1, forward=np.sqrt, vjps=(lambda g, out, x: g / _times2(out),),
        grad_fn="SqrtBackward0", label="√", category="elementwise",
        doc="Square root (gradient +inf at 0, like PyTorch).", formulas=("∂√x/∂x = 1/(2√x)",),
        float_out=True, reads=(("out",),), inplace=True),
    _op("square", arity=1, forward=np.square, vjps=(lambda g, out, x: g * _times2(x),),
        grad_fn="PowBackward0", label="x²", category="elementwise",
        doc="Square x² (torch records it as pow(x, 2)).", formulas=("∂x²/∂x = 2x",),
        reads=((0,),), inplace=True),
    # ---- activations
    _op("tanh", arity=1, forward=np.tanh, vjps=(lambda g, out, x: g * _one_minus(out * out),),
        grad_fn="TanhBackward0", label="tanh", category="activation",
        doc="Hyperbolic tangent.", formulas=("∂tanh x/∂x = 1 − tanh²x",), functional=True,
        float_out=True, reads=(("out",),), inplace=True),
    _op("sigmoid", arity=1, forward=lambda x: _sigmoid(x),
        vjps=(lambda g, out, x: g * _one_minus(out) * out,), grad_fn="SigmoidBackward0",
        label="σ", category="activation", doc="Logistic sigmoid 1/(1+e⁻ˣ).",
        formulas=("∂σ(x)/∂x = σ(x)(1 − σ(x))",), functional=True, float_out=True,
        reads=(("out",),), inplace=True),
    _op("relu", arity=1, forward=lambda x: np.maximum(x, 0, dtype=x.dtype),
        vjps=(lambda g, out, x: np.where(out <= 0, 0, g).astype(g.dtype, copy=False),),
        grad_fn="ReluBackward0", label="ReLU", category="activation",
        doc="max(x, 0) (gradient 0 at 0, like PyTorch).",
        formulas=("∂relu(x)/∂x = 1 if x > 0 else 0",), functional=True,
        reads=(("out",),), inplace=True),
    # ---- reductions
    _op("sum", arity=1, forward=_sum_fwd,
        vjps=(lambda g, out, x, dim=None, keepdim=False: _expand_back(g, x, dim, keepdim),),
        grad_fn=_sum_name, label="Σ",
        category="reduction", doc="Sum of all elements, or along dim.",
        formulas=("∂Σx/∂xᵢ = 1",), params=(P_DIM, P_KEEPDIM), saves=False,
),
    _op("mean", arity=1, forward=_mean_fwd, vjps=(_mean_vjp,), grad_fn=_mean_name, label="mean",
        category="reduction", doc="Mean of all elements, or along dim.",
        formulas=("∂mean(x)/∂xᵢ = 1/n",), params=(P_DIM, P_KEEPDIM), saves=False,
),
    _op("max", arity=1, forward=_extreme_fwd(np.max), vjps=(_extreme_vjp(np.argmax),),
        grad_fn=_max_name, label="max", category="reduction",
        doc="Maximum (ties share the gradient); along dim returns (values, indices).",
        formulas=("∂max(x)/∂xᵢ = 1 at the maximum (split among ties)",),
        params=(P_DIM, P_KEEPDIM), reads=((0, "out"),)),
    _op("min", arity=1, forward=_extreme_fwd(np.min), vjps=(_extreme_vjp(np.argmin),),
        grad_fn=_min_name, label="min", category="reduction",
        doc="Minimum (ties share the gradient); along dim returns (values, indices).",
        formulas=("∂min(x)/∂xᵢ = 1 at the minimum (split among ties)",),
        params=(P_DIM, P_KEEPDIM), reads=((0, "out"),)),
    _op("norm", arity=1, forward=_norm_fwd, vjps=(_norm_vjp,), grad_fn="LinalgVectorNormBackward0",
        label="‖x‖", category="reduction", doc="Vector p-norm (p = 2 unless given).",
        formulas=("∂‖x‖/∂x = x·|x|ᵖ⁻² / ‖x‖ᵖ⁻¹",),
        params=(Param("p", "float", 2.0, "the order p (inf: max |x|)"), P_DIM, P_KEEPDIM),
        reads=((0, "out"),)),
    # ---- shape
    _op("reshape", arity=1, forward=_reshape_fwd,
        vjps=(lambda g, out, x, shape: g.reshape(x.shape),), grad_fn="ViewBackward0",
        label="reshape", category="shape",
        doc="Same elements in a new shape (-1 infers a size).",
        formulas=("∂reshape(x)/∂x = reshape⁻¹ (identity on elements)",),
        params=(Param("shape", "shape", (-1,), "new shape"),), saves=False, view=True,
        compose=_reshape_compose,
),
    _op("view", arity=1, forward=_view_fwd, vjps=(lambda g, out, x, shape: g.reshape(x.shape),),
        grad_fn="ViewBackward0", label="view", category="shape",
        doc="A view of the same elements in a new shape.",
        formulas=("∂view(x)/∂x = view⁻¹ (identity on elements)",),
        params=(Param("shape", "shape", (-1,), "new shape"),), saves=False, view=True,
),
    _op("transpose", arity=1, forward=_transpose_fwd, vjps=(_transpose_vjp,),
        grad_fn="TransposeBackward0", label="transpose", category="shape",
        doc="Swap two dimensions.", formulas=("∂transpose(x)/∂x = transpose back",),
        params=(Param("dim0", "int", 0), Param("dim1", "int", 1)), saves=False, view=True,
),
    _op("t", arity=1, forward=_t_fwd, vjps=(lambda g, out, x: g.T,), grad_fn="TBackward0",
        label="ᵀ", category="shape", doc="Transpose of a matrix (≤ 2-D).",
        formulas=("∂xᵀ/∂x = transpose back",), saves=False, view=True,
),
    _op("permute", arity=1, forward=_permute_fwd, vjps=(_permute_vjp,), grad_fn="PermuteBackward0",
        label="permute", category="shape",
        doc="Reorder dimensions (x.T reverses them all).",
        formulas=("∂permute(x)/∂x = inverse permutation",),
        params=(Param("dims", "shape", (1, 0), "new order of the dimensions"),), saves=False,
        view=True,
),
    _op("unsqueeze", arity=1, forward=_unsqueeze_fwd,
        vjps=(lambda g, out, x, dim: g.reshape(x.shape),), grad_fn="UnsqueezeBackward0",
        label="unsqueeze", category="shape", doc="Insert a dimension of size 1.",
        formulas=("∂unsqueeze(x)/∂x = squeeze",), params=(Param("dim", "int", 0),),
        saves=False, view=True,
),
    _op("squeeze", arity=1, forward=_squeeze_fwd,
        vjps=(lambda g, out, x, dim=None: g.reshape(x.shape),), grad_fn=_squeeze_name,
        label="squeeze", category="shape", doc="Remove dimensions of size 1.",
        formulas=("∂squeeze(x)/∂x = unsqueeze",), params=(P_DIM,), saves=False, view=True,
),
    # ---- linear algebra
    _op("matmul", arity=2, forward=_matmul_fwd, vjps=(_matmul_vjp_x, _matmul_vjp_y),
        grad_fn="MmBackward0", label="@", category="linear algebra",
        doc="Matrix product x @ y (dot, mv, mm or batched, as torch.matmul).",
        formulas=("∂(X@Y)/∂X = G @ Yᵀ", "∂(X@Y)/∂Y = Xᵀ @ G"), symbol="@", precedence=12,
        compose=_matmul_compose, result_shape=_matmul_shape,
        reads=((1,), (0,))),
    _op("mm", arity=2, forward=_mm_fwd,
        vjps=(lambda g, out, x, y: mat_product(g, y.T),
              lambda g, out, x, y: mat_product(x.T, g)),
        grad_fn="MmBackward0", label="mm", category="linear algebra",
        doc="Matrix product of two 2-D tensors.",
        formulas=("∂(X@Y)/∂X = G @ Yᵀ", "∂(X@Y)/∂Y = Xᵀ @ G"), input_names=("input", "mat2"),
        result_shape=_matmul_shape, reads=((1,), (0,))),
    _op("dot", arity=2, forward=_dot_fwd,
        vjps=(lambda g, out, x, y: g * y, lambda g, out, x, y: g * x), grad_fn="DotBackward0",
        label="·", category="linear algebra", doc="Dot product of two 1-D tensors.",
        formulas=("∂(x·y)/∂x = y", "∂(x·y)/∂y = x"), input_names=("input", "tensor"),
        reads=((1,), (0,))),
    # ---- elementwise with parameters
    _op("clamp", arity=1, forward=_clamp_fwd, vjps=(_clamp_vjp,), grad_fn="ClampBackward1",
        label="clamp", category="elementwise",
        doc="Limit values to [min, max] (boundaries pass the gradient, like PyTorch).",
        formulas=("∂clamp(x)/∂x = 1 if min ≤ x ≤ max else 0",),
        params=(Param("min", "float", None, "lower bound (None = none)"),
                Param("max", "float", None, "upper bound (None = none)")),
        reads=((0,),), inplace=True),
    _op("round", arity=1, forward=_round_fwd,
        vjps=(lambda g, out, x, decimals=0: np.zeros_like(g),),
        grad_fn=lambda params, mask: ("RoundBackward1" if params.get("decimals")
                                      else "RoundBackward0"),
        label="round", category="elementwise", doc="Round (ties to even); gradient 0.",
        formulas=("∂round(x)/∂x = 0",),
        params=(Param("decimals", "int", 0, "decimal places"),), saves=False, reads=((),)),
    _op("where", arity=3, forward=_where_fwd,
        vjps=(None, lambda g, out, c, x, y: np.where(c, g, 0).astype(g.dtype, copy=False),
              lambda g, out, c, x, y: np.where(c, 0, g).astype(g.dtype, copy=False)),
        grad_fn="WhereBackward0", label="where", category="elementwise",
        doc="Pick x where condition holds, else y.",
        formulas=("", "∂where(c,x,y)/∂x = c", "∂where(c,x,y)/∂y = 1 − c"), broadcast=True,
        input_names=("condition", "input", "other"), nondiff=(0,), reads=((0,), (0,), (0,))),
    _op("softmax", arity=1, forward=_softmax_fwd, vjps=(_softmax_vjp,), grad_fn="SoftmaxBackward0",
        label="softmax", category="activation", doc="exp(x) / Σ exp(x) along dim.", batch="softmax",
        formulas=("∂softmax/∂x: g ↦ (g − Σ g·s)·s",), params=(Param("dim", "int", -1),),
        functional=True, reads=(("out",),)),
    _op("log_softmax", arity=1, forward=_log_softmax_fwd, vjps=(_log_softmax_vjp,),
        grad_fn="LogSoftmaxBackward0", label="log softmax", category="activation", batch="softmax",
        doc="log(softmax(x)) along dim, computed stably.",
        formulas=("∂log_softmax/∂x: g ↦ g − softmax·Σ g",), params=(Param("dim", "int", -1),),
        functional=True, reads=(("out",),)),
    # ---- nn.functional
    _op("linear", arity=3, forward=_linear_fwd, vjps=(_linear_vjp_x, _linear_vjp_w, _linear_vjp_b),
        grad_fn=lambda params, mask: "AddmmBackward0", label="Linear", batch="linear",
        category="linear algebra", doc="x @ Wᵀ + b (weight (out, in), bias (out,) optional).",
        formulas=("∂(xWᵀ+b)/∂x = G @ W", "∂(xWᵀ+b)/∂W = Gᵀ @ x", "∂(xWᵀ+b)/∂b = Σ G"),
        method=False, function=False, functional=True, input_names=("input", "weight", "bias"),
        optional_inputs=1, compose=_linear_compose,
        result_shape=lambda x, w, b=None: _matmul_shape(x, w.T), reads=((1,), (0,), ())),
    _op("mse_loss", arity=2, forward=_mse_fwd, vjps=(_mse_vjp_x, _mse_vjp_y),
        grad_fn="MseLossBackward0", label="MSE", category="loss", batch="mse_loss",
        doc="mean((input − target)²).",
        formulas=("∂L/∂input = 2(input − target)/n", "∂L/∂target = −2(input − target)/n"),
        method=False,
        function=False, functional=True, broadcast=True, input_names=("input", "target"),
        reads=((0, 1), (0, 1))),
    _op("cross_entropy", arity=2, forward=_cross_entropy_fwd, vjps=(_cross_entropy_vjp_x, None),
        grad_fn="NllLossBackward0", label="CE", category="loss", batch="cross_entropy",
        doc="Cross-entropy of logits (classes along dim 1) against class indices.",
        formulas=("∂L/∂logits = (softmax − onehot)/N", ""), method=False, function=False,
        functional=True, input_names=("input", "target"), nondiff=(1,),
        compose=_cross_entropy_compose, float_out=True, reads=((1,), ())),
    _op("binary_cross_entropy", arity=2, forward=_bce_fwd,
        vjps=(_bce_vjp_x, lambda g, out, x, t: g * (np.log1p(-x) - np.log(x)) / max(x.size, 1)),
        grad_fn="BinaryCrossEntropyBackward0", label="BCE", category="loss",
        doc="Binary cross-entropy of probabilities.",
        formulas=("∂L/∂x = (x − t)/(x(1 − x)n)", "∂L/∂t = (ln(1 − x) − ln x)/n"), method=False,
        function=False, functional=True, input_names=("input", "target"),
        reads=((0, 1), (0,))),
    _op("binary_cross_entropy_with_logits", arity=2, forward=_bce_logits_fwd,
        vjps=(lambda g, out, x, t: g * (_sigmoid(x) - t) / max(x.size, 1),
         lambda g, out, x, t: g * -x / max(x.size, 1)),
        grad_fn="BinaryCrossEntropyWithLogitsBackward0", label="BCE logits", category="loss",
        doc="Binary cross-entropy of logits.",
        formulas=("∂L/∂x = (σ(x) − t)/n", "∂L/∂t = −x/n"), method=False, function=False,
        functional=True, input_names=("input", "target"), reads=((0, 1), (0,))),
]

# the convolution-network ops (conv2d, pooling, batch_norm) are declared in their own module
from .nn_ops import NN_INTERNAL_OPS as _NN_INTERNAL, NN_OPS as _NN_OPS  # noqa: E402
_table += _NN_OPS

# grouped by palette category (stable within a group), so the palette can list OPS in order
OPS: dict[str, Op] = {op.name: op for op in sorted(_table, key=lambda o: CATEGORIES.index(o.category))}


def _internal(name, arity, forward, vjps, grad_fn, formulas=(), **kw) -> Op:
    kw.setdefault("saves", False)
    return _op(name, arity=arity, forward=forward, vjps=vjps, grad_fn=grad_fn, label=name,
               category=kw.pop("category", "shape"), doc=f"internal node {grad_fn}",
               formulas=formulas, method=False, function=False,
               samples=samples_for(name, internal=True), **kw)


_internal_table = [
    _internal("select", arity=1, forward=_select_fwd, vjps=(_select_vjp,),
              grad_fn="SelectBackward0", formulas=("∂x[i]/∂x = one-hot at i",), view=True),
    _internal("slice", arity=1, forward=_slice_fwd, vjps=(_slice_vjp,), grad_fn="SliceBackward0",
              formulas=("∂x[a:b]/∂x = 1 inside the slice",), view=True),
    _internal("index", arity=1, forward=_index_fwd, vjps=(_index_vjp,), grad_fn="IndexBackward0",
              formulas=("∂x[idx]/∂x = 1 at the indexed positions",), saves=True, reads=((),)),
    _internal("sort", arity=1, forward=_sort_fwd, vjps=(_sort_vjp,), grad_fn="SortBackward0",
              formulas=("∂sort(x)/∂x = 1 at the place each value came from",), saves=True,
              reads=((0,),)),
    # x.index_add_(dim, index, source): x[index] += source along dim
    _internal("index_add", arity=2, forward=_index_add_fwd,
              vjps=(lambda g, out, x, source, dim, index: g,
                    lambda g, out, x, source, dim, index: np.take(g, index, axis=dim)),
              grad_fn="IndexAddBackward0", formulas=("∂/∂x = 1", "∂/∂source = g[index]"),
              reads=((), ()), input_names=("input", "source"), category="elementwise"),
    _internal("alias", arity=1, forward=lambda x: x.view(), vjps=(lambda g, out, x: g,),
              grad_fn="AliasBackward0", formulas=("1",), view=True),
    _internal("clone", arity=1, forward=lambda x: np.array(x, copy=True),
              vjps=(lambda g, out, x: g,), grad_fn="CloneBackward0",
              formulas=("∂clone(x)/∂x = 1",)),
    _internal("_unsafe_view", arity=1, forward=lambda x, shape: x.reshape(shape),
              vjps=(lambda g, out, x, shape: g.reshape(x.shape),),
              grad_fn="UnsafeViewBackward0", formulas=("identity on elements",)),
    _internal("_reshape_alias", arity=1, forward=lambda x, shape: np.reshape(x, shape, copy=False),
              vjps=(lambda g, out, x, shape: g.reshape(x.shape),),
              grad_fn="ReshapeAliasBackward0", formulas=("identity on elements",), view=True),
    _internal("_div_scalar", arity=2, forward=np.true_divide,
              vjps=(lambda g, out, x, y: g / y, None), grad_fn="DivBackward1",
              formulas=("∂(x/c)/∂x = 1/c", ""), edges=lambda mask: (0,), category="arithmetic",
              reads=((1,), ())),
    _internal("_to_copy", arity=1, forward=lambda x, dtype: x.astype(dtype),
              vjps=(lambda g, out, x, dtype: g.astype(x.dtype),), grad_fn="ToCopyBackward0",
              formulas=("∂x.to(dtype)/∂x = 1",)),
    _internal("_squeeze_dims", arity=1, forward=lambda x, dims: np.squeeze(x, tuple(dims)),
              vjps=(lambda g, out, x, dims: g.reshape(x.shape),), grad_fn="SqueezeBackward4",
              formulas=("∂squeeze(x)/∂x = unsqueeze",), view=True),
    _internal("expand", arity=1, forward=lambda x, shape: np.broadcast_to(x, shape),
              vjps=(lambda g, out, x, shape: _ag._unbroadcast(g, x.shape),),
              grad_fn="ExpandBackward0",
              formulas=("∂expand(x)/∂x = Σ over the expanded dims",), view=True,
              result_shape=lambda x, shape: tuple(shape)),
    _internal("bmm", arity=2, forward=_bmm_fwd,
              vjps=(lambda g, out, x, y: g @ np.swapaxes(y, -1, -2),
                                   lambda g, out, x, y: np.swapaxes(x, -1, -2) @ g),
              grad_fn="BmmBackward0", formulas=("∂(X@Y)/∂X = G @ Yᵀ", "∂(X@Y)/∂Y = Xᵀ @ G"),
              saves=True, category="linear algebra", result_shape=_matmul_shape,
              reads=((1,), (0,))),
    _internal("mv", arity=2, forward=_mv_fwd,
              vjps=(lambda g, out, x, y: np.multiply.outer(g, y),
                                 lambda g, out, x, y: x.T @ g), grad_fn="MvBackward0",
              formulas=("∂(A@v)/∂A = g vᵀ", "∂(A@v)/∂v = Aᵀ g"), saves=True,
              category="linear algebra", result_shape=_matmul_shape, reads=((1,), (0,))),
    _internal("addmm", arity=3, forward=_addmm_fwd,
              vjps=(lambda g, out, b, x, y: g, lambda g, out, b, x, y: mat_product(g, y.T),
                    lambda g, out, b, x, y: mat_product(x.T, g)), grad_fn="AddmmBackward0",
              formulas=("∂/∂b = G (summed over broadcast rows)", "∂/∂X = G @ Yᵀ", "∂/∂Y = Xᵀ @ G"),
              saves=True, saved_by=(False, True, True), broadcast=True,
              category="linear algebra", result_shape=lambda b, x, y: _matmul_shape(x, y),
              reads=((), (2,), (1,))),
    _internal("nll_loss", arity=2, forward=_nll_fwd,
              vjps=(lambda g, out, logp, t, reduction="mean":
                                        _nll_vjp(g, out, logp, t, reduction), None),
              grad_fn="NllLossBackward0", formulas=("∂L/∂logp = −onehot(target)/N", ""),
              saves=True, nondiff=(1,), category="loss", reads=((1,), ())),
    _internal("maximum", arity=2, forward=np.maximum,
              vjps=(_maximum_vjp(False), _maximum_vjp(True)), grad_fn="MaximumBackward0",
              formulas=("1 where x > y (½ at ties)", "1 where y > x (½ at ties)"), saves=True,
              broadcast=True, category="elementwise", reads=((0, 1), (0, 1))),
    _internal("minimum", arity=2, forward=np.minimum,
              vjps=(lambda g, out, x, y: _maximum_vjp(False)(g, out, -x, -y),
               lambda g, out, x, y: _maximum_vjp(True)(g, out, -x, -y)),
              grad_fn="MinimumBackward0",
              formulas=("1 where x < y (½ at ties)", "1 where y < x (½ at ties)"), saves=True,
              broadcast=True, category="elementwise", reads=((0, 1), (0, 1))),
]
_internal_table += [
    # the in-place ops with no out-of-place twin in the table (zero_, fill_, copy_)
    _internal("zero", arity=1, forward=np.zeros_like, vjps=(lambda g, out, x: np.zeros_like(g),),
              grad_fn="ZeroBackward0", formulas=("∂zero_(x)/∂x = 0",), reads=((),),
              category="elementwise"),
    _internal("fill", arity=1, forward=lambda x, value: np.full_like(x, value),
              vjps=(lambda g, out, x, value: np.zeros_like(g),), grad_fn="FillBackward2",
              formulas=("∂fill_(x, v)/∂x = 0",), reads=((),), category="elementwise"),
    _internal("copy", arity=2,
              forward=lambda x, src: np.broadcast_to(src, x.shape).astype(x.dtype),
              vjps=(lambda g, out, x, src: np.zeros_like(g),
               lambda g, out, x, src: _ag._unbroadcast(g, src.shape).astype(src.dtype)),
              grad_fn="CopyBackwards", formulas=("∂x.copy_(s)/∂x = 0", "∂x.copy_(s)/∂s = 1"),
              reads=((), ()), input_names=("input", "src"), category="elementwise",
              result_shape=lambda x, src: x.shape),
    # x[key] = v in a graph: the old values at key get no gradient, v gets g[key]
    _internal("copy_slices", arity=2, forward=_put_fwd, vjps=(_put_vjp_x, _put_vjp_v),
              grad_fn="CopySlices",
              formulas=("∂/∂x = 1 outside the written part", "∂/∂v = g[key]"), reads=((), ()),
              input_names=("input", "values"), category="elementwise"),
    _internal("index_put", arity=2, forward=_put_fwd, vjps=(_put_vjp_x, _put_vjp_v),
              grad_fn="IndexPutBackward0",
              formulas=("∂/∂x = 1 outside the written part", "∂/∂v = g[key]"), reads=((), ()),
              input_names=("input", "values"), category="elementwise"),
    # x.add_(y, alpha=a) / x.sub_(y, alpha=a): one node, as in torch
    _internal("add_alpha", arity=2, forward=lambda x, y, alpha: x + alpha * y,
              vjps=(lambda g, out, x, y, alpha: g, lambda g, out, x, y, alpha: g * alpha),
              grad_fn="AddBackward0", formulas=("∂(x+a·y)/∂x = 1", "∂(x+a·y)/∂y = a"),
              reads=((), ()), broadcast=True, category="arithmetic"),
    _internal("sub_alpha", arity=2, forward=lambda x, y, alpha: x - alpha * y,
              vjps=(lambda g, out, x, y, alpha: g, lambda g, out, x, y, alpha: g * -alpha),
              grad_fn="SubBackward0", formulas=("∂(x−a·y)/∂x = 1", "∂(x−a·y)/∂y = −a"),
              reads=((), ()), broadcast=True, category="arithmetic"),
]
INTERNAL_OPS: dict[str, Op] = {op.name: op for op in _internal_table + _NN_INTERNAL}


def lookup(name: str) -> Op:
    """An op by name, public (``OPS``) or internal (select, addmm, nll_loss ...)."""
    op = OPS.get(name)
    return op if op is not None else INTERNAL_OPS[name]
