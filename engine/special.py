"""``engine.special``: torch.special's common entries, each an alias of an engine op
(``expit`` is ``sigmoid``, ``special.softmax`` is ``softmax`` ...) plus ``entr``
(−x·ln x, torch's SpecialEntrBackward0).

The aliases look their target up when called, so an op another part of the engine adds
(``logit``, ``xlogy``, ``erf``) is served as soon as it exists.
"""
from __future__ import annotations

import numpy as np

from .op_table import INTERNAL_OPS, _internal
from .ops import _apply, _as_tensor
from .tensor import Tensor

__all__ = ["expit", "logit", "erf", "erfc", "erfinv", "xlogy", "xlog1py", "softmax",
           "log_softmax", "logsumexp", "entr", "exp2", "expm1", "log1p", "round", "sinc",
           "ndtr", "log_ndtr"]


def _entr_fwd(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(x > 0, -x * np.log(np.where(x > 0, x, 1)), 0.0)
    return np.where(x < 0, -np.inf, np.where(np.isnan(x), x, out)).astype(x.dtype)


def _entr_vjp(g, out, x):
    with np.errstate(divide="ignore", invalid="ignore"):
        return (g * (-np.log(x) - 1)).astype(x.dtype)


INTERNAL_OPS["entr"] = _internal(
    "entr", arity=1, forward=_entr_fwd, vjps=(_entr_vjp,), grad_fn="SpecialEntrBackward0",
    formulas=("∂(−x ln x)/∂x = −(ln x + 1)",), saves=True, reads=((0,),),
    category="elementwise")


def entr(input: Tensor) -> Tensor:
    """−x·ln x elementwise (0 at 0, −inf below 0)."""
    x = _as_tensor(input)
    if x._data.dtype.kind not in "fc":
        x = x.float()
    return _apply(INTERNAL_OPS["entr"], (x,), {})


_NAMESPACE: dict = {}   # the engine's namespace, handed over by engine/__init__.py (bind)


def bind(namespace: dict) -> None:
    """Where the aliases find their targets (the engine package's globals)."""
    _NAMESPACE["__live__"] = namespace


def _alias(name: str, target: str):
    def fn(*args, **kwargs):
        f = _NAMESPACE.get("__live__", {}).get(target)
        if f is None:
            raise NotImplementedError(f"torch.special.{name} is not available in this engine "
                                      f"yet")
        return f(*args, **kwargs)
    fn.__name__ = name
    fn.__doc__ = f"torch.special.{name}: the engine's {target}."
    return fn


expit = _alias("expit", "sigmoid")
logit = _alias("logit", "logit")
erf = _alias("erf", "erf")
erfc = _alias("erfc", "erfc")
erfinv = _alias("erfinv", "erfinv")
xlogy = _alias("xlogy", "xlogy")
xlog1py = _alias("xlog1py", "xlog1py")
softmax = _alias("softmax", "softmax")
log_softmax = _alias("log_softmax", "log_softmax")
logsumexp = _alias("logsumexp", "logsumexp")
exp2 = _alias("exp2", "exp2")
expm1 = _alias("expm1", "expm1")
log1p = _alias("log1p", "log1p")
round = _alias("round", "round")  # noqa: A001  (torch.special.round)
sinc = _alias("sinc", "sinc")
ndtr = _alias("ndtr", "ndtr")
log_ndtr = _alias("log_ndtr", "log_ndtr")
