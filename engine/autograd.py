"""Autograd: grad modes, graph nodes (``grad_fn``) and the backward engine.

The backward engine is a generator of :class:`BackwardStep` records
(:func:`backward_steps`, in ``backward_fast.py``); ``Tensor.backward`` and :func:`grad`
simply drain it, so a step-by-step view and a plain ``.backward()`` can never disagree.
To learn how backward works, read ``backward_reference.py``: the same algorithm as one
plain function, proven equal to the fast path by tests.

The execution order reproduces PyTorch's CPU engine: a node runs once every gradient
flowing into it has arrived and been summed; ready nodes wait in a priority queue ordered
by sequence number (most recently created first) and AccumulateGrad (sequence number
UINT64_MAX in torch) runs as soon as it is ready.  The queue mimics libstdc++'s
``std::priority_queue`` so that even ties are broken the way torch breaks them.
"""
from __future__ import annotations

import sys
import warnings

import numpy as np

__all__ = [
    "Node", "AccumulateGrad", "BackwardStep", "backward_steps", "backward", "grad",
    "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "Variable", "gradcheck", "gradgradcheck",
    "Function", "FunctionCtx", "once_differentiable", "functional", "inference_mode",
    "set_detect_anomaly", "detect_anomaly", "is_anomaly_enabled", "graph",
]

# The pieces, re-exported: engine.autograd is the one name the rest of the engine and the app
# use (``_ag._state``, ``_ag.Node``, ...).  Read them in this order: grad modes, the graph's
# nodes, what the backward engines share, then backward() and grad() below.
from .grad_mode import *  # noqa: E402,F401,F403
from .grad_mode import _anomaly, _GradModeBase, _GradState, _state  # noqa: E402,F401
from .graph import *  # noqa: E402,F401,F403
from .graph import (_IGNORE, _UINT64_MAX, _Extra, _new_node, _node_apply,  # noqa: E402,F401
                    _node_classes, _raise_modified, _SameShapes, _seq_counter, _unbroadcast,
                    _Versions, quiet_call, quiet_reset, quiet_run, quiet_set)
from .backward_support import *  # noqa: E402,F401,F403
from .backward_support import (_accumulate, _as_list, _graph_root_grads,  # noqa: E402,F401
                               _mark_shared, _needed_nodes, _retain_grad, _retain_ref,
                               _root_edge, _root_grads, _run_tensor_hooks, _shape_str, _unwrap,
                               _wrap_list)

CREATE_GRAPH_CYCLE = (
    "Using backward() with create_graph=True will create a reference cycle between the "
    "parameter and its gradient which can cause a memory leak. We recommend using "
    "autograd.grad when creating the graph to avoid this. If you have to use this function, "
    "make sure to reset the .grad fields of your parameters to None after use to break the "
    "cycle and avoid the leak.")


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """``engine.autograd.backward``: drains :func:`backward_steps` (or, with
    ``create_graph=True``, runs the recorded backward of :mod:`engine.higher_order`)."""
    with backward_pass():  # one pass for graph.register_multi_grad_hook
        _backward(tensors, grad_tensors, retain_graph, create_graph, inputs)


def _backward(tensors, grad_tensors, retain_graph, create_graph, inputs):
    if create_graph:
        warnings.warn(CREATE_GRAPH_CYCLE, UserWarning, stacklevel=3)
        roots = _as_list(tensors)
        backward_graph(roots, _graph_root_grads(roots, grad_tensors),
                       inputs=_as_list(inputs) or None)
        return
    if REFERENCE:
        _reference(tensors, grad_tensors, retain_graph, inputs=inputs)
        return
    for _ in backward_steps(tensors, grad_tensors, retain_graph, inputs, _records=False):
        pass


# Run backward()/grad() through engine/backward_reference.py (the readable reference)
# instead of backward_steps; the differential tests switch it on.
REFERENCE = False


def _reference(tensors, grad_tensors, retain_graph, inputs=None, capture=None):
    roots = _as_list(tensors)
    root_grads = _root_grads(roots, grad_tensors)
    for i, t in enumerate(roots):
        if t._grad_fn is None and t._accumulator() is None:  # a view taken under no_grad
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn")
    tok = quiet_set(_IGNORE)
    try:
        return backward_reference.backward(roots, root_grads, bool(retain_graph),
                                           None if inputs is None else _as_list(inputs), capture)
    finally:
        quiet_reset(tok)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=None, is_grads_batched: bool = False, materialize_grads: bool = False):
    """``engine.autograd.grad``: gradients of ``outputs`` w.r.t. ``inputs`` (nothing
    accumulates).  ``materialize_grads=True`` gives zeros for an unused input (and so
    implies ``allow_unused``), as in torch."""
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when "
                         "materialize_grads=True, but got: allow_unused=False.")
    with backward_pass():  # one pass for graph.register_multi_grad_hook
        res = _grad(outputs, inputs, grad_outputs, retain_graph, create_graph,
                    allow_unused or materialize_grads)
    if materialize_grads:
        res = tuple(_wrap(np.zeros(x._data.shape, x._data.dtype)) if g is None else g
                    for g, x in zip(res, _as_list(inputs)))
    return res


def _grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused):
    ins = _as_list(inputs)
    for t in ins:
        if not t._rg:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if create_graph:
        roots = _as_list(outputs)
        found = backward_graph(roots, _graph_root_grads(roots, grad_outputs), capture=ins)
        for i, g in enumerate(found):
            if g is None and not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been used in "
                    f"the graph. Set allow_unused=True if this is the desired behavior.")
        return tuple(found)
    captured = None
    if REFERENCE:
        captured = _reference(outputs, grad_outputs, retain_graph, capture=ins)
    for item in () if REFERENCE else backward_steps(outputs, grad_outputs, retain_graph,
                                                    _capture=ins, _records=False):
        if item is not None:
            captured = item
    res = []
    for i, g in enumerate(captured):
        if g is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {i} appears to not have been used in the "
                f"graph. Set allow_unused=True if this is the desired behavior.")
        res.append(None if g is None else _wrap(np.array(g, copy=True)))
    return tuple(res)


class _VariableMeta(type):
    def __instancecheck__(cls, obj) -> bool:  # every tensor is a Variable, as in torch
        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableMeta):
    """The deprecated ``torch.autograd.Variable``: ``Variable(t)`` returns a new leaf tensor
    sharing ``t``'s storage, with ``requires_grad`` as asked; every tensor is an instance;
    ``volatile=True`` only warns that it was removed."""

    def __new__(cls, data=None, requires_grad: bool = False, volatile: bool = False):
        if volatile:
            warnings.warn("volatile was removed and now has no effect. Use `with "
                          "torch.no_grad():` instead.", UserWarning, stacklevel=2)
        if data is None:
            data = _wrap(np.zeros(0, np.float32))
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        t = _wrap(data._data)
        if requires_grad:
            t.requires_grad_(True)
        return t


def gradcheck(func, inputs, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, **_ignored) -> bool:
    """``torch.autograd.gradcheck``: compare backward's Jacobian with finite differences."""
    return _gradcheck.gradcheck(func, inputs, eps=eps, atol=atol, rtol=rtol,
                                raise_exception=raise_exception)


from .function import Function, FunctionCtx, once_differentiable  # noqa: E402
from . import autograd_functional as functional  # noqa: E402
from . import function as _function_module  # noqa: E402

# `from torch.autograd.functional import jacobian` / `...function import once_differentiable`
# spelled with engine: this module is not a package, so register the two submodule names
sys.modules[__name__ + ".functional"] = functional
from . import forward_ad  # noqa: E402
sys.modules[__name__ + ".forward_ad"] = forward_ad
sys.modules[__name__ + ".function"] = _function_module


def gradgradcheck(func, inputs, grad_outputs=None, *, eps: float = 1e-6, atol: float = 1e-5,
                  rtol: float = 1e-3, raise_exception: bool = True, **_ignored) -> bool:
    """``torch.autograd.gradgradcheck``: second derivatives against finite differences."""
    return _gradcheck.gradgradcheck(func, inputs, grad_outputs, eps=eps, atol=atol, rtol=rtol,
                                    raise_exception=raise_exception)


from . import autograd_graph as graph  # noqa: E402  (torch.autograd.graph: Node, multi-grad hooks)
from .autograd_graph import backward_pass  # noqa: E402
sys.modules[__name__ + ".graph"] = graph

# the fast path lives in its own module (it imports the helpers above)
from .backward_fast import backward_steps  # noqa: E402

# The rest of the loop, imported last: each of these imports this module, so they load once the
# names above exist (the functions above call them only when backward runs).
from . import _gradcheck  # noqa: E402
from . import backward_reference  # noqa: E402
from .higher_order import backward_graph  # noqa: E402
from .tensor import Tensor, _wrap  # noqa: E402
