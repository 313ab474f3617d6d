"""engine: a small numpy autograd library that behaves like PyTorch (``import engine``).

>>> import engine
>>> a = engine.tensor([2., 3.], requires_grad=True)
>>> (3 * a ** 3).sum().backward(); a.grad
tensor([36., 81.])
"""
from . import autograd, limits
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
from . import func, nn, optim, printing  # noqa: E402
from . import utils  # noqa: E402  (torch.utils.data)
if "Generator" not in globals():
    Generator = utils.data.Generator

__all__ = ["Tensor", "tensor", "float32", "float64", "no_grad", "enable_grad",
           "set_grad_enabled", "autograd", "limits", "tensor_budget", "TensorBudgetError", "cat", "stack",
           "concat", "func", "nn", "optim", "printing", "OPS", "apply_op", "zeros", "ones",
           "zeros_like", "ones_like", "arange", "linspace", "randn", "rand", "manual_seed",
           "allclose", "equal", "sort", "maximum", "minimum",
           *ops.FUNCTIONS, *more_ops.FUNCTIONS]
