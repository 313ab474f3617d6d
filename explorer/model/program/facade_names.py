"""The names a program can reach, listed: what ``torch``, ``torch.nn``, ``F``, ``optim``,
``autograd``, ``torch.utils.data``, ``math``, ``numpy`` and the builtins serve (when the
engine has them), the modules a program may not import with one helpful line each, and the
builtins refused by name. Read by :mod:`.facade`, which builds the modules from these lists,
by the interpreter's static check, and by the view's script export.
"""
from __future__ import annotations

import numpy as _np

from explorer.model.messages import Message

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
