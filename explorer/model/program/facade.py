"""What a program can reach: ``torch`` (with ``nn``, ``nn.functional``, ``optim``,
``autograd``), ``math``, a small ``numpy`` and a few Python builtins, all mapped onto
``engine``.

Every name is listed here explicitly and looked up on the engine when a run starts, so an
engine feature added later (``torch.cat``, ``autograd.Function``, ``Variable``...) lights up
as soon as the engine has it, while nothing the list does not name is reachable. Functions that
allocate check the requested size first (a memory bomb is refused before numpy allocates),
random functions say once that their values differ from PyTorch's generator, and the grad-mode
helpers report their regions to the trace.
"""
from __future__ import annotations

import builtins as _py
import functools
import math as _math
import types
from typing import Any, Callable

import numpy as _np

import engine

from explorer.model.messages import Message
from .budget import BudgetExceeded, Refused, over
from .facade_module import FacadeModule
from .typeview import safe_type
from .zoo import build_load, build_torchvision  # torchvision.models: the engine's zoo

# ------------------------------------------------------------------------------ the lists
# torch.X served when the engine has X (ops added to engine.ops.FUNCTIONS appear on their own).
TORCH_NAMES = (
    "Tensor", "tensor", "as_tensor", "from_numpy", "zeros", "ones", "zeros_like", "ones_like",
    "full", "full_like", "empty", "empty_like", "eye", "arange", "linspace", "rand", "randn",
    "randint", "rand_like", "randn_like", "manual_seed", "Size", "dtype", "float32", "float64",
    "float16", "int64", "int32", "bool", "float", "double", "long", "get_default_dtype",
    "is_grad_enabled", "is_tensor", "numel", "cat", "stack", "allclose", "equal", "norm",
    "maximum", "minimum", "where", "clamp", "clip", "outer", "einsum", "flatten", "cumsum",
    "prod", "argmax", "argmin", "sort", "topk", "abs", "add", "sub", "mul", "div", "neg", "pow",
    "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "sqrt", "square", "reciprocal",
    "sum", "mean", "max", "min", "std", "var", "dot", "mm", "mv", "bmm", "matmul", "t",
    "transpose", "permute", "reshape", "view", "squeeze", "unsqueeze", "softmax",
    "log_softmax", "isnan", "isinf", "sign", "round", "floor", "ceil", "log1p", "expm1",
    "exp2", "log2", "log10", "atan", "atan2", "asin", "acos", "sinh", "cosh", "erf", "lerp",
    "randperm", "logsumexp", "diag", "tril", "triu", "trace", "chunk", "split", "gather",
    "masked_fill", "addmm", "amax", "amin", "broadcast_to", "detach", "clone", "zero_",
    "set_printoptions", "is_floating_point", "inference_mode_enabled", "FloatTensor",
    "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor", "expand_as", "repeat", "flip",
    "roll", "erfinv", "hypot", "frac", "trunc", "fmod", "remainder", "std_mean", "var_mean",
    "conv2d", "max_pool2d", "batch_norm", "unbind", "func",
    # --- tensor math breadth (engine/ops_math.py, ops_reduce.py, ops_create.py)
    "arccos", "arcsin", "arctan", "arctan2", "sgn", "signbit", "rsqrt", "logit", "xlogy",
    "sinc", "nan_to_num", "logaddexp", "clamp_min", "clamp_max", "addcmul", "addcdiv",
    "absolute", "deg2rad", "rad2deg", "heaviside", "eq", "ne", "gt", "ge", "lt", "le",
    "greater", "greater_equal", "less", "less_equal", "not_equal", "logical_and", "logical_or",
    "logical_not", "logical_xor", "isfinite", "isposinf", "isneginf", "isclose", "all", "any",
    "cumprod", "cummax", "cummin", "logcumsumexp", "median", "nanmedian", "mode", "kthvalue",
    "nansum", "nanmean", "count_nonzero", "argsort", "diff", "dist", "randint_like", "normal",
    "logspace", "range", "diag_embed", "diagonal", "meshgrid", "is_nonzero", "finfo", "iinfo",
    "set_default_dtype", "divide", "true_divide", "floor_divide", "multiply", "subtract",
    "negative", "sgn", "isin",
    # --- indexing, shape and linear algebra (engine/ops_index.py, ops_reshape.py,
    # ops_linalg.py, linalg.py, special.py)
    "scatter", "scatter_add", "index_select", "index_fill", "index_add", "masked_select",
    "masked_scatter", "take", "take_along_dim", "narrow", "select", "nonzero", "argwhere",
    "index_put", "unique", "bincount", "histc", "fliplr", "flipud", "rot90", "tile",
    "repeat_interleave", "movedim", "moveaxis", "swapaxes", "swapdims", "unflatten",
    "broadcast_tensors", "broadcast_shapes", "hstack", "vstack", "dstack", "column_stack",
    "row_stack", "tensor_split", "hsplit", "vsplit", "dsplit", "ravel", "concat", "concatenate",
    "atleast_1d", "atleast_2d", "atleast_3d", "ger", "inner", "addmv", "addr", "baddbmm",
    "cross", "kron", "tensordot", "cdist", "chain_matmul", "inverse", "det", "logdet",
    "slogdet", "pinverse", "matrix_power", "linalg", "special", "searchsorted", "bucketize",
    "tril_indices", "triu_indices", "index_copy", "svd", "cholesky", "scatter_reduce",
)
# torch.X_(t): in-place functions torch has, served by the engine's in-place methods
INPLACE_FUNCTIONS = (
    "abs_", "acos_", "asin_", "atan_", "ceil_", "clamp_", "cos_", "cosh_", "erf_", "exp_",
    "exp2_", "expm1_", "fill_", "floor_", "frac_", "log_", "log10_", "log1p_", "log2_",
    "neg_", "reciprocal_", "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinh_", "sqrt_",
    "square_", "tan_", "tanh_", "trunc_",
    # --- tensor math breadth
    "sinh_", "erfinv_", "logit_", "nan_to_num_", "clamp_min_", "clamp_max_", "clip_",
    "deg2rad_", "rad2deg_",
)
AUTOGRAD_NAMES = ("grad", "backward", "Variable", "Function", "functional", "gradcheck",
                  "Node", "gradgradcheck", "graph")
NN_NAMES = (
    "Module", "Parameter", "Linear", "Bilinear", "ReLU", "LeakyReLU", "ELU", "GELU", "SiLU",
    "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "Softplus", "Identity", "Sequential",
    "ModuleList", "ModuleDict", "ParameterList", "ParameterDict", "Flatten", "Dropout",
    "Embedding", "LayerNorm", "BatchNorm1d", "BatchNorm2d", "Conv1d", "Conv2d", "MaxPool2d",
    "AvgPool2d", "AdaptiveAvgPool2d", "Dropout2d", "MSELoss",
    "L1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "HuberLoss",
    "SmoothL1Loss", "KLDivLoss", "init", "utils",
    # ---- API breadth (h8, issues #13/#14): activations, layers, losses, recurrent layers
    "SELU", "CELU", "Mish", "Softsign", "Hardtanh", "ReLU6", "Hardswish", "Hardsigmoid",
    "Threshold", "LogSigmoid", "Softmin", "GLU", "PReLU", "Tanhshrink", "Softshrink",
    "Hardshrink", "Unflatten", "MaxPool1d", "AvgPool1d", "CosineSimilarity",
    "PairwiseDistance", "Dropout1d", "MarginRankingLoss", "HingeEmbeddingLoss",
    "CosineEmbeddingLoss", "TripletMarginLoss", "PoissonNLLLoss", "GaussianNLLLoss", "RNN",
    "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell", "GroupNorm",
    # ---- lazy modules (w2): sized by their first call, then the real class
    "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyBatchNorm1d", "LazyBatchNorm2d",
    "UninitializedParameter",
    # ---- margin losses (w2)
    "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss", "MultiMarginLoss", "SoftMarginLoss",
)
FUNCTIONAL_NAMES = (
    "linear", "relu", "leaky_relu", "elu", "gelu", "silu", "tanh", "sigmoid", "softplus",
    "softmax", "log_softmax", "mse_loss", "l1_loss", "cross_entropy", "nll_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "dropout", "normalize",
    "one_hot", "pad", "smooth_l1_loss", "huber_loss", "conv2d", "max_pool2d", "avg_pool2d",
    "adaptive_avg_pool2d", "batch_norm", "kl_div",
    # ---- API breadth (h8, issues #13/#14)
    "selu", "celu", "mish", "softsign", "hardtanh", "relu6", "hardswish", "hardsigmoid",
    "threshold", "logsigmoid", "softmin", "glu", "prelu", "tanhshrink", "softshrink",
    "hardshrink", "layer_norm", "embedding", "cosine_similarity", "pairwise_distance",
    "conv1d", "max_pool1d", "avg_pool1d", "bilinear", "dropout1d", "dropout2d",
    "margin_ranking_loss", "hinge_embedding_loss", "cosine_embedding_loss",
    "triplet_margin_loss", "poisson_nll_loss", "gaussian_nll_loss", "group_norm",
    "scaled_dot_product_attention",
    # ---- margin losses (w2)
    "multilabel_margin_loss", "multilabel_soft_margin_loss", "multi_margin_loss",
    "soft_margin_loss",
)
OPTIM_NAMES = ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Optimizer", "lr_scheduler",
               # ---- API breadth (h8, issues #13/#14)
               "Adadelta", "Adamax", "NAdam", "RAdam", "Rprop", "ASGD", "LBFGS")
# torch.utils.data (h8): in-memory datasets and loaders; shuffling draws from the app's generator
DATA_NAMES = ("Dataset", "TensorDataset", "Subset", "ConcatDataset", "DataLoader",
              "random_split", "default_collate")
MATH_NAMES = (
    "pi", "e", "tau", "inf", "nan", "sqrt", "exp", "log", "log2", "log10", "log1p", "expm1",
    "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "floor",
    "ceil", "trunc", "fabs", "isclose", "isnan", "isinf", "isfinite", "hypot", "degrees",
    "radians", "fsum", "copysign", "erf", "gcd", "fmod",
)
NUMPY_CONSTS = {"pi": _np.pi, "e": _np.e, "inf": _np.inf, "nan": _np.nan, "newaxis": None,
                "float32": _np.float32, "float64": _np.float64, "int64": _np.int64,
                "int32": _np.int32}
NUMPY_FUNCS = (
    "array", "asarray", "sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "abs", "square",
    "power", "sum", "mean", "std", "var", "max", "min", "argmax", "argmin", "dot", "matmul",
    "maximum", "minimum", "clip", "where", "allclose", "isclose", "array_equal", "round",
    "transpose", "reshape", "concatenate", "stack", "zeros_like", "ones_like", "sign",
    "isnan", "isinf", "prod", "cumsum", "floor", "ceil", "log1p", "expm1", "sort",
)

# Modules a program may import, and one helpful line for the ones it may not.
IMPORT_HINTS = {
    "torchvision": Message("only torchvision.models is available here (the app's model zoo: resnet18, "
                           "small_resnet); datasets and transforms are not"),
    "matplotlib": Message("matplotlib is not available here; plot values with the app's Plots menu"),
    "pylab": Message("matplotlib is not available here; plot values with the app's Plots menu"),
    "seaborn": Message("plotting libraries are not available here; use the app's Plots menu"),
    "pandas": Message("pandas is not available here; write the data as torch.tensor([...]) literals"),
    "sklearn": Message("scikit-learn is not available here; write the data as torch.tensor([...]) literals"),
    "torchtext": Message("torchtext is not available here; write the data as tensor literals"),
    "torchaudio": Message("torchaudio is not available here; write the data as tensor literals"),
    "PIL": Message("images cannot be loaded by programs here; write the data as tensor literals"),
    "tqdm": Message("tqdm is not available here; loop over range(...) directly"),
}
NOT_ALLOWED = {"os", "sys", "subprocess", "shutil", "socket", "pathlib", "io", "builtins",
               "importlib", "ctypes", "pickle", "marshal", "inspect", "threading",
               "multiprocessing", "signal", "code", "codeop", "runpy", "types", "urllib",
               "requests", "http", "tempfile", "glob", "json"}
# Names that only torchvision provides: a program that uses one without importing it (the seed
# tutorial's finetuning block) gets the torchvision line, not a bare NameError.
TORCHVISION_NAMES = {"resnet18", "resnet34", "resnet50", "ResNet18_Weights", "ResNet50_Weights",
                     "models", "datasets", "transforms", "vgg16", "alexnet", "torchvision"}

RANDOM_NOTE = Message("note: random values (torch.rand, randn, ..., DataLoader(shuffle=True), "
                      "random_split) come from this app's generator and differ from PyTorch's, "
                      "even with the same manual_seed")


def pick(source: Any, names: tuple, prefix: str = "torch") -> dict:
    """The listed names that ``source`` (an engine module) defines. A name that is a module
    (``nn.init``, ``autograd.functional``) is served as a facade of its ``__all__`` only, so
    whatever that module imported for itself (numpy, os...) stays out of reach."""
    out = {}
    for n in names:
        v = getattr(source, n, None) if not isinstance(source, dict) else source.get(n)
        if isinstance(v, types.ModuleType):
            v = submodule(v, f"{prefix}.{n}")
        if v is not None:
            out[n] = v
    return out


def submodule(mod: types.ModuleType, name: str) -> FacadeModule:
    members = {}
    for k in getattr(mod, "__all__", ()):
        v = getattr(mod, k, None)
        if isinstance(v, types.ModuleType):    # a submodule it lists: its own __all__ only
            v = submodule(v, f"{name}.{k}")
        if v is not None and not k.startswith("_"):
            members[k] = v
    return FacadeModule(name, members)


# ------------------------------------------------------------------------------ size guards
def _numel(shape) -> int:
    n = 1
    for s in shape:
        n *= max(int(s), 0)
    return n


def _shape_of(size: tuple) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list, engine.Size)):
        return tuple(size[0])
    return tuple(size)


class Guards:
    """Checks sizes before the engine or numpy allocates (the engine's own tensor budget does
    this too once it has one; these keep a bomb out either way)."""

    def __init__(self, ctx):
        self.ctx = ctx

    def elements(self, n: int, what: str) -> None:
        b = self.ctx.budget
        if n > b.tensor_elements:
            raise BudgetExceeded(Message("{over}: {what} would have {n}",
                                         over=over("elements in one tensor", b.tensor_elements), what=what,
                                         n=format(n, ",")), self.ctx.line)

    def sized(self, fn: Callable, shape_of: Callable) -> Callable:
        @functools.wraps(fn)
        def guarded(*args, **kwargs):
            if "device" in kwargs:  # tutorials pass device=...: the engine is CPU-only
                check_device(kwargs.pop("device"), factory=getattr(fn, "__name__", "") != "tensor")
            try:
                shape = shape_of(*args, **kwargs)
            except (TypeError, ValueError, IndexError):
                shape = None  # let the function give its own error for odd arguments
            if shape is not None:
                self.elements(_numel(shape), f"{getattr(fn, '__name__', 'this call')}"
                                             f"{tuple(shape)!r}")
            return fn(*args, **kwargs)
        return guarded

    def random(self, fn: Callable, shape_of: Callable | None = None) -> Callable:
        inner = self.sized(fn, shape_of) if shape_of else fn

        @functools.wraps(fn)
        def noted(*args, **kwargs):
            self.ctx.note_random()
            return inner(*args, **kwargs)
        return noted


def _creation_shape(*size, **_):
    return _shape_of(size)


def _full_shape(size, *_, **__):
    return tuple(size) if isinstance(size, (tuple, list, engine.Size)) else (size,)


def _like_shape(t, *_, **__):
    return tuple(t.shape)


def _arange_shape(start, end=None, step=1, **_):
    if end is None:
        start, end = 0, start
    return (max(0, _math.ceil((float(end) - float(start)) / float(step))),)


def _linspace_shape(start, end, steps, **_):
    return (int(steps),)


def _eye_shape(n, m=None, **_):
    return (int(n), int(n if m is None else m))


def _randint_shape(*args, size=(), **_):
    if len(args) >= 3:
        size = args[2]
    return tuple(size)


def _tensor_shape(data, *_, **__):
    """Rough element count of nested lists / ranges before numpy copies them."""
    n = 0
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, range):
            n += len(x)
        elif isinstance(x, (list, tuple)):
            if x and not isinstance(x[0], (list, tuple, range)):
                n += len(x)
            else:
                stack.extend(x)
        else:
            n += 1
    return (n,)


def _np_size_shape(*args, size=None, **_):
    if size is None:
        return None if not args else _shape_of(args) if all(
            isinstance(a, int) for a in args) else None
    return _shape_of((size,)) if not isinstance(size, int) else (size,)


# ------------------------------------------------------------------------------ grad modes
class GradMode:
    """``torch.no_grad`` and friends as the program sees them: a context manager, a
    decorator with or without parentheses, reported to the trace on enter and exit."""

    def __init__(self, ctx, kind: str, make: Callable):
        self.ctx, self.kind, self._make = ctx, kind, make

    def __repr__(self) -> str:
        return f"<class 'torch.{self.kind}'>"

    def __call__(self, *args, **kwargs):
        if self.kind != "set_grad_enabled" and len(args) == 1 and not kwargs and callable(
                args[0]) and not isinstance(args[0], (bool, int)):
            return GradRegion(self.ctx, self.kind, self._make, (), {})(args[0])  # bare decorator
        return GradRegion(self.ctx, self.kind, self._make, args, kwargs)


class GradRegion:
    """One ``torch.no_grad()`` object: ``with`` it, or decorate a function with it."""

    def __init__(self, ctx, kind, make, args, kwargs):
        self.ctx, self.kind = ctx, kind
        self._make = make
        self._args, self._kwargs = args, kwargs
        self._stack: list = []
        if kind == "set_grad_enabled":  # takes effect at once, as in torch
            self._stack.append(make(*args, **kwargs))
            ctx.grad_mode_event(kind, "set", engine.is_grad_enabled())

    def __repr__(self) -> str:
        return f"<torch.autograd.grad_mode.{self.kind} object>"

    def __enter__(self):
        cm = self._stack[-1] if self.kind == "set_grad_enabled" else self._make(
            *self._args, **self._kwargs)
        if self.kind != "set_grad_enabled":
            self._stack.append(cm)
        cm.__enter__()
        self.ctx.grad_mode_event(self.kind, "enter", engine.is_grad_enabled())
        return None

    def __exit__(self, *exc):
        cm = self._stack.pop()
        cm.__exit__(*exc)
        self.ctx.grad_mode_event(self.kind, "exit", engine.is_grad_enabled())
        return False

    def __call__(self, fn):
        make, args, kwargs, kind, ctx = self._make, self._args, self._kwargs, self.kind, self.ctx
        if kind == "set_grad_enabled":
            self._stack[-1].__exit__(None, None, None)  # a decorator: undo the immediate effect

        @functools.wraps(fn)
        def in_mode(*a, **k):
            cm = make(*args, **kwargs)
            cm.__enter__()
            ctx.grad_mode_event(kind, "enter", engine.is_grad_enabled())
            try:
                return fn(*a, **k)
            finally:
                cm.__exit__(None, None, None)
                ctx.grad_mode_event(kind, "exit", engine.is_grad_enabled())
        return in_mode


def _inference_mode(mode: bool = True):
    # torch's inference tensors differ from no_grad's only in what later ops may do with them
    return engine.no_grad() if mode else engine.enable_grad()


# ------------------------------------------------------------------------------ building
def build_torch(ctx) -> FacadeModule:
    """``torch`` for one run (``ctx`` is the interpreter's run state)."""
    g = Guards(ctx)
    members = pick(engine, TORCH_NAMES)
    for name in TORCH_NAMES:
        # torch.argmax(x, dim=1) is x.argmax(dim=1): served from the Tensor method when the
        # engine has the method but no function of that name
        if name not in members and not name[0].isupper() and callable(
                getattr(engine.Tensor, name, None)):
            members[name] = _method_as_function(name)
    for name in INPLACE_FUNCTIONS:  # torch.sin_(a) is a.sin_() (the leaf in-place lesson)
        if callable(getattr(engine.Tensor, name, None)):
            members[name] = _method_as_function(name)
    for name in ("zeros", "ones", "empty"):
        if name in members:
            members[name] = g.sized(members[name], _creation_shape)
    for name in ("zeros_like", "ones_like", "full_like", "empty_like"):
        if name in members:
            members[name] = g.sized(members[name], _like_shape)
    if "full" in members:
        members["full"] = g.sized(members["full"], _full_shape)
    if "arange" in members:
        members["arange"] = g.sized(members["arange"], _arange_shape)
    if "linspace" in members:
        members["linspace"] = g.sized(members["linspace"], _linspace_shape)
    if "eye" in members:
        members["eye"] = g.sized(members["eye"], _eye_shape)
    for name in ("tensor", "as_tensor"):
        if name in members:
            members[name] = g.sized(members[name], _tensor_shape)
    for name in ("rand", "randn"):
        if name in members:
            members[name] = g.random(members[name], _creation_shape)
    for name in ("rand_like", "randn_like"):
        if name in members:
            members[name] = g.random(members[name], _like_shape)
    if "randint" in members:
        members["randint"] = g.random(members["randint"], _randint_shape)
    for name in ("normal", "randint_like"):
        if name in members:
            members[name] = g.random(members[name])
    if "randperm" in members:
        members["randperm"] = g.random(members["randperm"], lambda n, **_: (n,))
    if "manual_seed" in members:
        members["manual_seed"] = g.random(members["manual_seed"])
    members["no_grad"] = GradMode(ctx, "no_grad", engine.no_grad)
    members["enable_grad"] = GradMode(ctx, "enable_grad", engine.enable_grad)
    members["set_grad_enabled"] = GradMode(ctx, "set_grad_enabled", engine.set_grad_enabled)
    members["inference_mode"] = GradMode(ctx, "inference_mode", _inference_mode)
    members.update(pi=_math.pi, e=_math.e, inf=_math.inf, nan=_math.nan)
    if "is_tensor" not in members:
        members["is_tensor"] = lambda obj: isinstance(obj, engine.Tensor)
    # torch.cuda / torch.accelerator / torch.backends as a CPU build answers (engine/devices.py)
    members["cuda"] = FacadeModule("torch.cuda", dict(vars(engine.devices.cuda)))
    members["accelerator"] = FacadeModule("torch.accelerator", dict(vars(engine.devices.accelerator)))
    members["version"] = FacadeModule("torch.version", dict(vars(engine.devices.version)))
    members["backends"] = FacadeModule("torch.backends", {
        name: FacadeModule(f"torch.backends.{name}", dict(vars(ns)))
        for name, ns in vars(engine.devices.backends).items()})
    members["device"] = _device
    members["set_default_device"] = _set_default_device
    functional = FacadeModule("torch.nn.functional", pick(engine.nn.functional,
                                                          FUNCTIONAL_NAMES, "torch.nn.functional"))
    nn_members = pick(engine.nn, NN_NAMES, "torch.nn")
    nn_members["functional"] = functional
    nn = FacadeModule("torch.nn", nn_members)
    optim = FacadeModule("torch.optim", pick(engine.optim, OPTIM_NAMES, "torch.optim"))
    ag_members = pick(engine.autograd, AUTOGRAD_NAMES, "torch.autograd")
    if "Variable" not in ag_members:
        # Variable(t, requires_grad=...) is a deprecated alias of a tensor in torch
        ag_members["Variable"] = _variable
    for kind in ("no_grad", "enable_grad", "set_grad_enabled", "inference_mode"):
        ag_members[kind] = members[kind]
    autograd = FacadeModule("torch.autograd", ag_members)
    members.update(nn=nn, optim=optim, autograd=autograd)
    # print(torch.__version__) is how notebooks start: the torch release the engine reproduces
    members["__version__"] = engine.__version__
    return FacadeModule("torch", members)


def _method_as_function(name: str) -> Callable:
    def function(input, *args, **kwargs):
        if not isinstance(input, engine.Tensor):
            raise TypeError(Message("{name}(): argument 'input' (position 1) must be Tensor, not {name_2}",
                                    name=name, name_2=type(input).__name__))
        return getattr(input, name)(*args, **kwargs)
    function.__name__ = name
    return function


def _variable(data, requires_grad: bool = False, volatile: bool = False):
    t = data if isinstance(data, engine.Tensor) else engine.tensor(data)
    if requires_grad:
        t.requires_grad_(True)
    return t


# torch.device is the engine's (CPU only): naming 'cuda' is fine, as in torch; using it raises
# the CPU build's error at the call torch raises it (engine/devices.py)
_Device = engine.device


def check_device(d: Any, factory: bool = True) -> None:
    """A device argument: the CPU (or None) is fine; a GPU raises torch's CPU-build error."""
    engine.devices.check_device(d, factory=factory)


def _set_default_device(d: Any) -> None:
    check_device(d)


def _device(kind: Any = "cpu", index: int | None = None) -> _Device:
    return engine.device(kind, index)


def build_math(ctx) -> FacadeModule:
    members = pick(_math, MATH_NAMES)

    def factorial(n):
        if n > 5000:
            raise BudgetExceeded(Message("math.factorial({n}) is too large to compute here", n=n), ctx.line)
        return _math.factorial(n)

    def power(x, y):
        return _math.pow(x, y)

    members.update(factorial=factorial, pow=power)
    return FacadeModule("math", members)


def build_numpy(ctx) -> FacadeModule:
    g = Guards(ctx)
    members = dict(NUMPY_CONSTS)
    for n in NUMPY_FUNCS:
        members[n] = getattr(_np, n)
    members["array"] = g.sized(_np.array, _tensor_shape)
    members["asarray"] = g.sized(_np.asarray, _tensor_shape)
    members["zeros"] = g.sized(_np.zeros, lambda shape, *a, **k: _full_shape(shape))
    members["ones"] = g.sized(_np.ones, lambda shape, *a, **k: _full_shape(shape))
    members["full"] = g.sized(_np.full, lambda shape, *a, **k: _full_shape(shape))
    members["eye"] = g.sized(_np.eye, lambda n, m=None, *a, **k: _eye_shape(n, m))
    members["arange"] = g.sized(_np.arange, lambda *a, **k: _arange_shape(*a[:3]))
    members["linspace"] = g.sized(_np.linspace, lambda start, stop, num=50, *a, **k: (num,))
    members["outer"] = g.sized(_np.outer, lambda a, b, **k: (_np.size(a), _np.size(b)))
    rng = {"rng": _np.random.default_rng()}

    def seed(s=None):
        rng["rng"] = _np.random.default_rng(s)

    rnd = {
        "seed": seed,
        "rand": lambda *size: rng["rng"].random(size) if size else rng["rng"].random(),
        "randn": lambda *size: rng["rng"].standard_normal(size) if size else
        rng["rng"].standard_normal(),
        "uniform": lambda low=0.0, high=1.0, size=None: rng["rng"].uniform(low, high, size),
        "normal": lambda loc=0.0, scale=1.0, size=None: rng["rng"].normal(loc, scale, size),
        "randint": lambda low, high=None, size=None: rng["rng"].integers(low, high, size),
    }
    rnd = {k: g.random(v, _np_size_shape) for k, v in rnd.items()}
    members["random"] = FacadeModule("numpy.random", rnd)
    members["__version__"] = _np.__version__
    return FacadeModule("numpy", members)


def build_modules(ctx) -> dict[str, FacadeModule]:
    """Every importable module path -> its facade."""
    torch = build_torch(ctx)
    nn = torch.members["nn"]
    mods = {
        "torch": torch, "torch.nn": nn, "torch.nn.functional": nn.members["functional"],
        "torch.optim": torch.members["optim"], "torch.autograd": torch.members["autograd"],
        "math": build_math(ctx), "numpy": build_numpy(ctx),
    }
    for sub in ("init", "utils"):
        if isinstance(nn.members.get(sub), FacadeModule):  # served when the engine has them
            mods[f"torch.nn.{sub}"] = nn.members[sub]
    functional = torch.members["autograd"].members.get("functional")
    if isinstance(functional, FacadeModule):
        mods["torch.autograd.functional"] = functional
    graph = torch.members["autograd"].members.get("graph")
    if isinstance(graph, FacadeModule):  # torch.autograd.graph: Node, register_multi_grad_hook
        mods["torch.autograd.graph"] = graph
    if isinstance(torch.members.get("func"), FacadeModule):  # torch.func: grad, vjp, jvp
        mods["torch.func"] = torch.members["func"]
    lr = torch.members["optim"].members.get("lr_scheduler")
    if isinstance(lr, FacadeModule):
        mods["torch.optim.lr_scheduler"] = lr
    torch.members["load"] = build_load(ctx)
    mods.update(build_utils(ctx, torch))
    mods.update(build_torchvision(ctx))
    return mods


def build_utils(ctx, torch: FacadeModule) -> dict[str, FacadeModule]:
    """``torch.utils`` and ``torch.utils.data`` (h8): the data helpers over in-memory tensors.
    A shuffling DataLoader or random_split notes once that the order comes from this app's
    generator; ``torch.Generator`` is served with them."""
    data_members = pick(engine.utils.data, DATA_NAMES, "torch.utils.data")
    loader = data_members["DataLoader"]

    def DataLoader(dataset, *args, **kwargs):  # noqa: N802  (torch's name)
        if kwargs.get("shuffle") or (len(args) > 1 and args[1]):
            ctx.note_random()
        return loader(dataset, *args, **kwargs)
    DataLoader.__doc__ = loader.__doc__
    data_members["DataLoader"] = DataLoader
    data_members["random_split"] = Guards(ctx).random(data_members["random_split"])
    data = FacadeModule("torch.utils.data", data_members)
    utils = FacadeModule("torch.utils", {"data": data})
    torch.members["utils"] = utils
    if "Generator" not in torch.members:
        torch.members["Generator"] = engine.utils.data.Generator
    return {"torch.utils": utils, "torch.utils.data": data}


# ------------------------------------------------------------------------------ builtins
SAFE_BUILTINS = (
    "abs", "all", "any", "bool", "callable", "chr", "divmod", "enumerate", "filter", "float",
    "int", "isinstance", "issubclass", "iter", "len", "map", "next", "ord", "range", "repr",
    "reversed", "round", "slice", "str", "zip", "hash", "id", "bin", "hex", "oct", "complex",
    "staticmethod", "classmethod", "property", "object", "NotImplemented", "Ellipsis",
    "Exception", "BaseException", "ArithmeticError", "AssertionError", "AttributeError",
    "IndexError", "KeyError", "LookupError", "NameError", "NotImplementedError",
    "OverflowError", "RuntimeError", "StopIteration", "TypeError", "ValueError",
    "ZeroDivisionError", "UserWarning", "Warning",
)
# Builtins that consume a whole iterable at once: their input is counted against the budget.
CONSUMING = ("list", "tuple", "set", "frozenset", "dict", "sum", "min", "max", "sorted", "any",
             "all")
FORBIDDEN_BUILTINS = {
    "getattr": Message("getattr() is not allowed here: write obj.name"),
    "setattr": Message("setattr() is not allowed here: write obj.name = value"),
    "delattr": Message("delattr() is not allowed here"),
    "hasattr": Message("hasattr() is not allowed here"),
    "open": Message("open() is not allowed here: programs cannot read or write files"),
    "globals": Message("globals() is not allowed here"), "locals": Message("locals() is not allowed here"),
    "vars": Message("vars() is not allowed here"), "dir": Message("dir() is not allowed here"),
    "eval": Message("eval() is not allowed here"), "exec": Message("exec() is not allowed here"),
    "compile": Message("compile() is not allowed here"),
    "__import__": Message("__import__() is not allowed here: use an import statement"),
    "input": Message("input() is not available here: write the values into the program"),
    "exit": Message("exit() is not available here"), "quit": Message("quit() is not available here"),
    "breakpoint": Message("breakpoint() is not available here"), "help": Message("help() is not available here"),
    "memoryview": Message("memoryview() is not allowed here"), "bytearray": Message("bytearray() is not allowed here"), "bytes": Message("bytes() is not allowed here"), "super": None,
}


def build_builtins(ctx) -> dict:
    out = {n: getattr(_py, n) for n in SAFE_BUILTINS}
    for n in CONSUMING:
        out[n] = ctx.bounded_consumer(getattr(_py, n))
    out["print"] = ctx.print
    out["format"] = ctx.safe_format_value
    out["pow"] = ctx.safe_pow
    out["type"] = safe_type  # one argument, no class object handed out (typeview)
    out["True"], out["False"], out["None"] = True, False, None
    return out
