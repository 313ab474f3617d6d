"""``create_graph=True``: a backward whose gradients are recorded, so they can be differentiated.

``backward(create_graph=True)`` and ``autograd.grad(..., create_graph=True)`` come here
instead of the engine's array backward.  The walk is the same (a node runs once all its
gradients have arrived, most recent first); the difference is that every VJP is written
with engine ops on tensors (``GRAPH_VJPS``, one line per input, ``g`` the incoming
gradient, ``out`` the node's output and ``x, y`` its inputs as tensors that keep their own
graph), so each gradient carries a ``grad_fn`` and a second backward runs through it.

Covered: the elementwise and arithmetic ops, sum/mean, mm/dot and the reshaping views.
A node of another op raises a one-line NotImplementedError naming it.
"""
from __future__ import annotations

import heapq
import itertools

import numpy as np

from . import autograd as _ag
from .tensor import Tensor, _wrap

__all__ = ["GRAPH_VJPS", "backward_graph"]


# ----------------------------------------------------------------------------- helpers
def _unbroadcast(g: Tensor, shape: tuple) -> Tensor:
    """Sum a broadcast gradient back to ``shape`` with recorded ops."""
    if tuple(g.shape) == tuple(shape):
        return g
    lead = g.ndim - len(shape)
    if lead:
        g = g.sum(dim=tuple(range(lead)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if axes:
        g = g.sum(dim=axes, keepdim=True)
    return g if tuple(g.shape) == tuple(shape) else g.reshape(tuple(shape))


def _expand_back(g: Tensor, x: Tensor, dim, keepdim) -> Tensor:
    """sum's backward: put the reduced dims back and expand to x's shape."""
    if dim is not None and not keepdim and x.ndim:
        for d in sorted(np.atleast_1d(dim) % x.ndim):
            g = g.unsqueeze(int(d))
    return g.expand(tuple(x.shape)) if tuple(g.shape) != tuple(x.shape) else g


def _count(x: Tensor, dim) -> int:
    if dim is None:
        return max(x.numel(), 1)
    return int(np.prod([x.shape[d] for d in np.atleast_1d(dim) % max(x.ndim, 1)])) if x.ndim else 1


def _n(x, y, reduction) -> int:
    return int(np.prod(np.broadcast_shapes(tuple(x.shape), tuple(y.shape)))) \
        if reduction == "mean" else 1


def _pow_x(g, out, x, y):
    if not y.requires_grad and y.numel() == 1 and y.item() == 0:
        return g * 0
    return g * y * x ** (y - 1)


def _const(a) -> Tensor:
    return _wrap(np.asarray(a))


def _scatter(g: Tensor, x: Tensor, key) -> Tensor:
    """zeros like x with g written at key (recorded: CopySlices / IndexPutBackward0)."""
    z = _wrap(np.zeros(x._data.shape, dtype=g._data.dtype))
    z[key] = g
    return z


def _zero_at(g: Tensor, key) -> Tensor:
    """g with the part at key set to 0 (recorded)."""
    h = g.clone()
    h[key] = 0.0
    return h


def _select_key(dim, index):
    return (slice(None),) * dim + (index,)


def _slice_key(dim, start, stop, step):
    return (slice(None),) * dim + (slice(start, stop, step),)


def _extreme(argfn):
    """max/min: the gradient goes to the extreme element(s) (ties share it when dim is None)."""
    def rule(g, out, x, dim=None, keepdim=False):
        a = x._data
        if dim is None:
            hit = (np.isnan(a) if np.isnan(out._data) else a == out._data).astype(a.dtype)
            return g * _const(hit / max(hit.sum(), 1))
        if a.ndim == 0:
            return g.reshape(())
        d = dim % a.ndim
        onehot = np.zeros(a.shape, a.dtype)
        np.put_along_axis(onehot, np.expand_dims(argfn(a, axis=d), d), 1, axis=d)
        return _expand_back(g, x, dim, keepdim) * _const(onehot)
    return rule


def _norm(g, out, x, p=2.0, dim=None, keepdim=False):
    p = 2.0 if p in ("fro", None) else float(p)
    ge = _expand_back(g, x, dim, keepdim)
    oe = _expand_back(out, x, dim, keepdim)
    if p == np.inf:
        hit = (np.abs(x._data) == oe._data).astype(x._data.dtype)
        count = hit.sum(axis=None if dim is None else dim, keepdims=True)
        return ge * _sign(x) * _const(hit / np.maximum(count, 1))
    if p == 1:
        return ge * _sign(x)
    if p == 0:
        return ge * 0
    safe = oe + _const((oe._data == 0).astype(oe._data.dtype))  # a zero norm: gradient 0
    r = ge * x * x.abs() ** (p - 2) / safe ** (p - 1)
    return r * _const((oe._data != 0).astype(oe._data.dtype))


def _share(x: Tensor, y: Tensor, wins) -> Tensor:
    """maximum/minimum: 1 where x wins, ½ at ties (constant)."""
    a, b = np.broadcast_arrays(x._data, y._data)
    return _const(np.where(a == b, 0.5, wins(a, b).astype(float)).astype(x._data.dtype))


def _mask(t: Tensor) -> Tensor:
    """A constant (no graph) 0/1 tensor of t's dtype where t > 0."""
    a = t._data
    return _wrap((a > 0).astype(a.dtype))


def _sign(t: Tensor) -> Tensor:
    return _wrap(np.sign(t._data))


# ----------------------------------------------------------------------------- the rules
GRAPH_VJPS = {
    "add": (lambda g, out, x, y: g, lambda g, out, x, y: g),
    "sub": (lambda g, out, x, y: g, lambda g, out, x, y: -g),
    "mul": (lambda g, out, x, y: g * y, lambda g, out, x, y: g * x),
    "div": (lambda g, out, x, y: g / y, lambda g, out, x, y: -g * x / (y * y)),
    "pow": (_pow_x, lambda g, out, x, y: g * out * x.log()),
    "neg": (lambda g, out, x: -g,),
    "reciprocal": (lambda g, out, x: -g * out * out,),
    "exp": (lambda g, out, x: g * out,),
    "log": (lambda g, out, x: g / x,),
    "sin": (lambda g, out, x: g * x.cos(),),
    "cos": (lambda g, out, x: -g * x.sin(),),
    "abs": (lambda g, out, x: g * _sign(x),),
    "sqrt": (lambda g, out, x: g / (2 * out),),
    "square": (lambda g, out, x: g * 2 * x,),
    "tanh": (lambda g, out, x: g * (1 - out * out),),
    "sigmoid": (lambda g, out, x: g * out * (1 - out),),
    "relu": (lambda g, out, x: g * _mask(out),),
    "sum": (lambda g, out, x, dim=None, keepdim=False: _expand_back(g, x, dim, keepdim),),
    "mean": (lambda g, out, x, dim=None, keepdim=False:
             _expand_back(g, x, dim, keepdim) / _count(x, dim),),
    "mm": (lambda g, out, x, y: g.mm(y.t()), lambda g, out, x, y: x.t().mm(g)),
    "dot": (lambda g, out, x, y: g * y, lambda g, out, x, y: g * x),
    "mv": (lambda g, out, x, y: g.unsqueeze(1) * y.unsqueeze(0), lambda g, out, x, y: x.t() @ g),
    "bmm": (lambda g, out, x, y: g @ y.transpose(-2, -1), lambda g, out, x, y: x.transpose(-2, -1) @ g),
    "addmm": (lambda g, out, b, x, y: g, lambda g, out, b, x, y: g.mm(y.t()),
              lambda g, out, b, x, y: x.t().mm(g)),
    "clamp": (lambda g, out, x, min=None, max=None: g * _wrap(
        ((min is None or x._data >= min) & (max is None or x._data <= max)).astype(x._data.dtype)),),
    "where": (None, lambda g, out, c, x, y: g * _wrap(c._data.astype(g._data.dtype)),
              lambda g, out, c, x, y: g * _wrap((~c._data.astype(bool)).astype(g._data.dtype))),
    "softmax": (lambda g, out, x, dim=-1: (g - (g * out).sum(dim, keepdim=True)) * out,),
    "log_softmax": (lambda g, out, x, dim=-1: g - out.exp() * g.sum(dim, keepdim=True),),
    "mse_loss": (lambda g, out, x, y, reduction="mean": g * 2 * (x - y) / _n(x, y, reduction),
                 lambda g, out, x, y, reduction="mean": g * -2 * (x - y) / _n(x, y, reduction)),
    "reshape": (lambda g, out, x, shape: g.reshape(tuple(x.shape)),),
    "view": (lambda g, out, x, shape: g.reshape(tuple(x.shape)),),
    "_unsafe_view": (lambda g, out, x, shape: g.reshape(tuple(x.shape)),),
    "_reshape_alias": (lambda g, out, x, shape: g.reshape(tuple(x.shape)),),
    "unsqueeze": (lambda g, out, x, dim: g.reshape(tuple(x.shape)),),
    "squeeze": (lambda g, out, x, dim=None: g.reshape(tuple(x.shape)),),
    "_squeeze_dims": (lambda g, out, x, dims: g.reshape(tuple(x.shape)),),
    "t": (lambda g, out, x: g.t(),),
    "transpose": (lambda g, out, x, dim0=0, dim1=1: g.transpose(dim0, dim1),),
    "permute": (lambda g, out, x, dims: g.permute(tuple(np.argsort(
        [d % x.ndim for d in dims]).tolist())),),
    "expand": (lambda g, out, x, shape: _unbroadcast(g, tuple(x.shape)),),
    "clone": (lambda g, out, x: g,),
    "alias": (lambda g, out, x: g,),
    "_to_copy": (lambda g, out, x, dtype: g.to(x.dtype),),
    "_div_scalar": (lambda g, out, x, y: g / y, None),
    "select": (lambda g, out, x, dim, index: _scatter(g, x, _select_key(dim, index)),),
    "slice": (lambda g, out, x, dim, start, stop, step:
              _scatter(g, x, _slice_key(dim, start, stop, step)),),
    "index": (lambda g, out, x, key: _scatter(g, x, key),),
    "index_add": (lambda g, out, x, source, dim, index: g,
                  lambda g, out, x, source, dim, index: g[(slice(None),) * dim + (index,)]),
    "copy_slices": (lambda g, out, x, v, key: _zero_at(g, key),
                    lambda g, out, x, v, key: _unbroadcast(g[key], tuple(v.shape))),
    "index_put": (lambda g, out, x, v, key: _zero_at(g, key),
                  lambda g, out, x, v, key: _unbroadcast(g[key], tuple(v.shape))),
    "maximum": (lambda g, out, x, y: g * _share(x, y, np.greater),
                lambda g, out, x, y: g * _share(y, x, np.greater)),
    "minimum": (lambda g, out, x, y: g * _share(x, y, np.less),
                lambda g, out, x, y: g * _share(y, x, np.less)),
    "zero": (lambda g, out, x: g * 0,),
    "fill": (lambda g, out, x, value: g * 0,),
    "copy": (lambda g, out, x, src: g * 0,
             lambda g, out, x, src: _unbroadcast(g, tuple(src.shape)).to(src.dtype)),
    "add_alpha": (lambda g, out, x, y, alpha: g, lambda g, out, x, y, alpha: g * alpha),
    "sub_alpha": (lambda g, out, x, y, alpha: g, lambda g, out, x, y, alpha: g * -alpha),
    "max": (_extreme(np.argmax),),
    "min": (_extreme(np.argmin),),
    "norm": (_norm,),
    "round": (lambda g, out, x, decimals=0: g * 0,),
    "binary_cross_entropy_with_logits": (
        lambda g, out, x, t: g * (x.sigmoid() - t) / max(x.numel(), 1),
        lambda g, out, x, t: g * -x / max(x.numel(), 1)),
    "binary_cross_entropy": (
        lambda g, out, x, t: g * (x - t) / (x * (1 - x)) / max(x.numel(), 1),
        lambda g, out, x, t: g * ((1 - x).log() - x.log()) / max(x.numel(), 1)),
}

# More rules are added when the package loads, by the modules that own the ops (and may import
# the op layer, which loads after this module): graph_rules_api.py (indexing, shape, linalg, sort,
# nll_loss), nn_ops_graph.py (conv2d, pooling, batch_norm), nn/graph_rules.py, more_ops.py ...


# ----------------------------------------------------------------------------- the walk
def _node_tensors(fn) -> tuple:
    """The node's inputs as tensors (kept ones with their graph, others as constants) and
    its output as a tensor whose grad_fn is the node itself."""
    ins = fn._ins or ()
    xs = tuple(ins[i] if i < len(ins) and isinstance(ins[i], Tensor) else
               (None if a is None else _wrap(np.asarray(a))) for i, a in enumerate(fn._args))
    out = _wrap(fn._out)
    out._rg = True
    out._grad_fn = fn
    return out, xs


def _run_custom(fn, g: Tensor) -> list:
    """Nodes that run their own backward (custom Functions, cat/stack, split, CopySlices ...)
    know its recorded form: their ``graph_apply``."""
    if fn._output_of is not None:  # output k's stand-in: file g under k (see multi_view.py)
        slots, k = fn._output_of._slots, fn._k
        slots[k] = g if slots[k] is None else slots[k] + g
        return [None]
    if hasattr(fn, "graph_apply"):
        return fn.graph_apply(g)
    raise NotImplementedError(f"create_graph=True: this engine cannot yet differentiate "
                              f"through {fn.name()} a second time")


def _run_node(fn, g: Tensor) -> list:
    """The gradients fn sends down its edges, as recorded tensors."""
    opdef = fn._opdef
    if opdef.custom:
        return _run_custom(fn, g)
    rules = GRAPH_VJPS.get(opdef.name)
    if rules is None:
        raise NotImplementedError(
            f"create_graph=True: this engine cannot yet differentiate through {fn.name()} "
            f"(op '{opdef.name}') a second time")
    if fn._args is None:
        raise RuntimeError(_ag.SECOND_BACKWARD)
    if fn._ins is not None or fn._out_vc is not None:
        _ag.check_saved(fn)
    out, xs = _node_tensors(fn)
    params = fn._params
    res = []
    for nxt, i in zip(fn._nx, fn._edges):
        if nxt is None:
            res.append(None)
            continue
        gi = rules[i](g, out, *xs, **params)
        if opdef.broadcast and tuple(gi.shape) != tuple(fn._args[i].shape):
            gi = _unbroadcast(gi, tuple(fn._args[i].shape))
        res.append(gi)
    return res


def backward_graph(roots: list, root_grads: list, inputs=None, capture=None):
    """Run backward with recorded gradients.  ``capture``: tensors whose gradients are
    returned (autograd.grad) instead of accumulated into leaves' ``.grad``."""
    walk = _GraphWalk(roots, root_grads, inputs, capture)
    prev = _ag._state.enabled
    _ag._state.enabled = True  # the gradients are recorded
    try:
        while walk.heap:
            walk.step(heapq.heappop(walk.heap)[2])
    finally:
        _ag._state.enabled = prev
    return walk.captured


def _node_of(t: Tensor):
    return t._grad_fn or t._accumulator()


def _dependency_counts(starts: list) -> dict:
    """How many edges lead into each node reachable from ``starts`` (0 for the starts)."""
    deps = {fn: 0 for fn in starts}
    stack = list(starts)
    seen = set(id(fn) for fn in stack)
    while stack:
        for nxt in stack.pop()._nx:
            if nxt is not None:
                deps[nxt] = deps.get(nxt, 0) + 1
                if id(nxt) not in seen:
                    seen.add(id(nxt))
                    stack.append(nxt)
    return deps


def _run_hooks(hooks, g: Tensor) -> Tensor:
    """A hook's result replaces the gradient; ``None`` keeps it."""
    for h in hooks or ():
        r = h(g)
        g = r if r is not None else g
    return g


class _GraphWalk:
    """The state of one recorded backward pass: nodes run in reverse creation order once all
    their incoming gradients are in (``pending`` sums them, ``deps`` counts what is missing)."""

    def __init__(self, roots: list, root_grads: list, inputs, capture):
        edges = [_node_of(t) for t in roots]
        self.capture = capture
        self.captures = self.needed = None
        if capture is not None or inputs is not None:
            self._limit_to(edges, inputs, capture)
        self.deps = _dependency_counts(edges)
        self.pending: dict = {}
        self.heap: list = []
        self.tie = itertools.count()
        for fn, g in zip(edges, root_grads):
            self.pending[fn] = g if fn not in self.pending else self.pending[fn] + g
        for fn in list(self.pending):
            if self.deps[fn] == 0:
                heapq.heappush(self.heap, (-fn._seq, next(self.tie), fn))
        self.queued = set(id(fn) for _, _, fn in self.heap)
        self.captured = [None] * len(capture or ())

    def _limit_to(self, edges: list, inputs, capture) -> None:
        """Only the nodes on a path to ``inputs``/``capture`` run (``needed``); the gradient
        reaching a captured tensor's node is filed under its position (``captures``)."""
        targets: dict = {}
        self.captures = {}
        for k, t in enumerate(capture or ()):
            fn = _node_of(t)
            self.captures.setdefault(fn, []).append(k)
            targets[fn] = True
        for t in inputs or ():
            targets[_node_of(t)] = True
        self.needed = _ag._needed_nodes([(fn, 0) for fn in edges], targets,
                                        self.captures if capture is not None else None)

    def step(self, fn) -> None:
        """Run one node on the sum of its incoming gradients and pass its results on."""
        g = self.pending.pop(fn, None)
        if g is None and fn.__dict__.get("_slots") is None:
            # every gradient into it was undefined: pass that on (a node with several
            # outputs runs on what its outputs' stand-ins filed instead)
            self.release(fn, [None] * len(fn._nx))
            return
        if fn._x is not None:
            g = self._tensor_hooks(fn._x, g)
        if self.captures is not None and fn in self.captures:
            for k in self.captures[fn]:
                self.captured[k] = g
        if self.needed is not None and fn not in self.needed:
            return
        if type(fn) is _ag.AccumulateGrad:
            self._accumulate(fn.variable, g)
            return
        grads = _run_node(fn, g)
        if self.needed is not None:
            grads = [gi if nxt in self.needed or (self.captures and nxt in self.captures)
                     else None for nxt, gi in zip(fn._nx, grads)]
        self.release(fn, grads)

    @staticmethod
    def _tensor_hooks(x, g: Tensor) -> Tensor:
        """The output tensor's pre-hooks, then its ``retain_grad`` copy."""
        g = _run_hooks(x.tensor_prehooks, g)
        if x.retain is not None and x.retain() is not None:
            t = x.retain()
            t._grad = g if t._grad is None else t._grad + g
        return g

    def _accumulate(self, leaf: Tensor, g: Tensor) -> None:
        g = _run_hooks(leaf._hooks, g)
        if self.capture is None:
            # torch: with create_graph the new .grad is old + g, recorded
            leaf._grad = g if leaf._grad is None else leaf._grad + g

    def release(self, fn, grads) -> None:
        """Hand fn's gradients to its next nodes; queue those whose gradients are all in."""
        pending, deps = self.pending, self.deps
        for nxt, gi in zip(fn._nx, grads):
            if nxt is None:
                continue
            if gi is not None:
                pending[nxt] = gi if nxt not in pending else pending[nxt] + gi
            deps[nxt] -= 1
            if deps[nxt] == 0 and id(nxt) not in self.queued:
                self.queued.add(id(nxt))
                heapq.heappush(self.heap, (-nxt._seq, next(self.tie), nxt))
