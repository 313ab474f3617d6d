"""engine: a small numpy autograd library that behaves like PyTorch (``import engine``).

>>> import engine
>>> a = engine.tensor([2., 3.], requires_grad=True)
>>> (3 * a ** 3).sum().backward(); a.grad
tensor([36., 81.])
"""
#: The torch release whose behaviour (values, grad_fn names, error texts, printing) the engine
#: reproduces; snippets print ``torch.__version__`` and compare it, so the engine answers as that
#: CPU build would. The application's own version is ``explorer.__version__``.
__version__ = "2.13.0+cpu"

from . import autograd, limits  # noqa: E402
from .autograd import (enable_grad, inference_mode, is_anomaly_enabled, is_grad_enabled, no_grad,
                       set_grad_enabled)
from .tensor import (BoolTensor, DoubleTensor, FloatTensor, IntTensor, LongTensor, Size, Tensor,
                     arange, bool_, double, dtype, empty, eye, float16, float32, float64, from_numpy, full, get_default_dtype, int32, int64, linspace, long,
                     manual_seed, ones, ones_like, rand, randint, randn, tensor, zeros, zeros_like)
from .tensor import float  # noqa: A004  (engine.float is float32, as torch.float)
from . import ops
from .ops import OPS, apply_op
from .limits import TensorBudgetError, tensor_budget
from .joins import cat, stack
concat = cat

bool = bool_  # noqa: A001  (engine.bool, like torch.bool)
globals().update(ops.FUNCTIONS)
maximum = ops._maximum
minimum = ops._minimum
allclose = ops._allclose
equal = ops._equal
sort = ops._sort
from . import more_ops  # noqa: E402  (repeat, std, logsumexp, amax, split, chunk, unbind)
globals().update(more_ops.FUNCTIONS)
from . import ops_index  # noqa: E402  (gather, scatter, masked_fill, index_select, topk, ...)
globals().update(ops_index.FUNCTIONS)
from . import ops_reshape  # noqa: E402  (flip, roll, tile, movedim, hstack, tensor_split, ...)
globals().update(ops_reshape.FUNCTIONS)
from . import ops_linalg  # noqa: E402  (bmm, outer, einsum, kron, cdist, inverse, det, ...)
globals().update(ops_linalg.FUNCTIONS)
from . import ops_search  # noqa: E402  (searchsorted, bucketize, tril_indices, index_copy)
globals().update(ops_search.FUNCTIONS)
from . import linalg, special  # noqa: E402  (torch.linalg, torch.special)
from . import linalg_decomp  # noqa: E402  (torch.svd, torch.cholesky)
globals().update(linalg_decomp.FUNCTIONS)
from . import graph_rules_api  # noqa: E402,F401  (their double-backward rules)
from . import nn_ops_graph  # noqa: E402,F401  (conv/pool/batch_norm double-backward rules)
from . import func, nn, optim, printing  # noqa: E402
special.bind(globals())  # torch.special's aliases resolve in this namespace when called
from . import utils  # noqa: E402  (torch.utils.data)
if "Generator" not in globals():
    Generator = utils.data.Generator

__all__ = ["Tensor", "tensor", "float32", "float64", "no_grad", "enable_grad",
           "set_grad_enabled", "autograd", "limits", "tensor_budget", "TensorBudgetError", "cat", "stack",
           "concat", "func", "nn", "optim", "printing", "OPS", "apply_op", "zeros", "ones",
           "zeros_like", "ones_like", "arange", "linspace", "randn", "rand", "manual_seed",
           "allclose", "equal", "sort", "maximum", "minimum",
           *ops.FUNCTIONS, *more_ops.FUNCTIONS, *ops_index.FUNCTIONS,
           *ops_reshape.FUNCTIONS, *ops_linalg.FUNCTIONS, *ops_search.FUNCTIONS,
           "linalg", "special"]
from . import ops_math  # noqa: E402  (acos, erf, log1p, floor, atan2, lerp, addcmul, ...)
globals().update(ops_math.FUNCTIONS)
from . import ops_reduce  # noqa: E402  (prod, cumsum, median, nansum, std_mean, diff, all/any)
globals().update(ops_reduce.FUNCTIONS)
from . import ops_create  # noqa: E402  (as_tensor, full_like, tril, diag, meshgrid, eq, device)
globals().update(ops_create.FUNCTIONS)
from . import devices  # noqa: E402  (device=/pin_memory= on creation, torch.cuda, torch.backends)
version = devices.version
# the creation functions that do not take torch's device= themselves get it here (the tensor
# methods and internals keep calling the plain functions)
for _name in ("arange", "empty", "eye", "full", "linspace", "logspace", "ones", "ones_like", "rand",
              "randint", "randint_like", "randn", "range", "zeros", "zeros_like"):
    globals()[_name] = devices.with_device(globals()[_name])
tensor = devices.with_device(tensor, factory=False)  # noqa: F811  (tensor(..., device='mps'))
del _name
# torch.sin_(a) and the other module-level in-place functions, once every op module installed
# its in-place methods
from . import ops_inplace  # noqa: E402
globals().update(ops_inplace.module_functions())
__all__ += list(ops_inplace.module_functions())
