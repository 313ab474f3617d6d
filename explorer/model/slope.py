"""The slope view's model: a gradient seen as the slope of a curve (no Qt).

Pick an output node ``y`` and one element ``x`` of a leaf. :func:`compute_slope` evaluates ``y``
as ``x`` sweeps a range around its current value, the engine's backward gradient ``∂y/∂x`` at
the current value (the tangent's slope) and a central finite difference beside it.

A non-scalar output is reduced to a scalar first, the way backward itself does it: either one
element (``out_index``) or ``Σ gradient·y`` with the document's root gradient (``weights="root"``;
then the slope is exactly the ``.grad`` element the inspector shows).

**One vectorized pass.** The leaf gets a leading batch axis of length N (every x value of the
curve, plus the two finite-difference points and the current point) and only the leaf's
downstream cone is recomputed, each op once, through the op table's numpy forward on the
batched arrays:

* elementwise and broadcasting ops (``Op.batch == "elementwise"`` in the op table) work as they are once the batched
  operand is padded with size-1 axes after the batch axis, so numpy's right-aligned
  broadcasting lines the per-sample shapes up;
* full reductions (``sum``/``mean``/``max``/``min`` without ``dim``, ``mse_loss``) reduce over
  every axis but the batch axis; reductions, softmaxes and shape ops with a ``dim`` shift it by
  one; ``reshape``/``view`` prepend N to the target shape;
* ``matmul``/``mm``/``dot``/``linear`` batch through numpy's matmul broadcasting (1-D operands
  are made 2-D and squeezed back, as ``torch.matmul`` defines them);
* ``cross_entropy`` (class indices or probability targets) is log-softmax over the last axis
  and a gather/weighted sum per sample.

:data:`VECTORIZED_OPS` lists them (every op whose table entry has a ``batch`` kind). Any other
case — an op without one, a 0-d input to a ``dim``
op, a batched class-index target, or a batched result whose shape is not N × the unbatched
shape — falls back to N separate engine calls of that one op (``SlopeResult.looped`` names those
nodes, ``op_calls`` counts op evaluations). Nodes outside the cone are computed once.

The curve and the finite difference run in float64 (float32 differences are mostly rounding);
the gradient is the engine's backward in the document's own dtypes, i.e. the number PyTorch
would put in ``.grad``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

import engine
from engine.ops import OPS
from explorer.model.document import Document
from explorer.model.messages import Message

__all__ = ["SlopeError", "SlopeResult", "compute_slope", "evaluate_batched", "evaluate_by_runs",
           "engine_gradient", "element_label", "ELEMENTWISE_OPS", "VECTORIZED_OPS",
           "default_half_width", "node_value"]

# The op table says how each op runs on a batch (``Op.batch``): no list of op names here, so
# a new op of a batchable kind is batched without touching this module.
VECTORIZED_OPS = frozenset(name for name, op in OPS.items() if op.batch)
ELEMENTWISE_OPS = frozenset(name for name, op in OPS.items() if op.batch == "elementwise")

DEFAULT_POINTS = 201


class SlopeError(ValueError):
    """The slope cannot be computed (a message for the user)."""


#: numpy's reductions for the table's ``dim``/``keepdim`` reductions (another raises _NotVectorizable).
_REDUCERS = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min}


class _NotVectorizable(Exception):
    """This node, with these inputs, has to be evaluated once per point."""


@dataclass
class SlopeResult:
    """A curve y(x), its current point and the two slopes there."""

    xs: np.ndarray                 # the swept values of the input element (float64)
    ys: np.ndarray                 # the output at each of them
    x0: float                      # the input element's current value
    y0: float                      # the output there
    gradient: float                # ∂y/∂x from the engine's backward (the tangent's slope)
    fd_slope: float                # (y(x0 + h) − y(x0 − h)) / 2h
    h: float
    output_label: str              # e.g. "Q[0]", "o", "Σ gradient·Q"
    input_label: str               # e.g. "a[0]", "W_head[1, 2]"
    depends: bool = True           # False: the output does not depend on the leaf (flat curve)
    vectorized: bool = True        # every op of the cone ran once on the whole batch
    op_calls: int = 0              # op evaluations spent on the curve
    looped: tuple[str, ...] = ()   # nodes that fell back to one evaluation per point
    cone_ops: tuple[str, ...] = () # names of the op nodes recomputed for the curve

    def tangent(self, xs: np.ndarray) -> np.ndarray:
        """The tangent line y0 + gradient·(x − x0) at ``xs``."""
        return self.y0 + self.gradient * (np.asarray(xs, dtype=np.float64) - self.x0)


# ------------------------------------------------------------------------------------ helpers
def _engine():
    """The engine package (the slope view runs the graph on it)."""
    return engine


def _np(t: Any) -> np.ndarray:
    if isinstance(t, _engine().Tensor):
        return t.detach().numpy()   # the engine's array, no copy (public API)
    return np.asarray(t)


def element_label(name: str, shape: tuple[int, ...], flat_index: int) -> str:
    """``a[1]``, ``W[0, 2]``, or just ``a`` for a 0-d tensor."""
    if len(shape) == 0:
        return name
    idx = np.unravel_index(int(flat_index), shape)
    return f"{name}[{', '.join(str(int(i)) for i in idx)}]"


def default_half_width(x0: float) -> float:
    """How far either side of the current value the curve reaches by default."""
    return max(1.0, abs(float(x0)))


def _norm(d: int, n: int) -> int:
    if not -n <= d < n:
        raise _NotVectorizable
    return d + n if d < 0 else d


def _params(node) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in (node.params or {}).items()}


class _Plan:
    """The part of the document the output depends on, in topological order."""

    def __init__(self, doc: Document, output_id: str, leaf_id: str | None) -> None:
        if output_id not in doc.nodes:
            raise SlopeError(Message("choose an output node"))
        if leaf_id is not None:
            if leaf_id not in doc.nodes:
                raise SlopeError(Message("choose an input leaf"))
            leaf = doc.nodes[leaf_id]
            if leaf.kind != "leaf":
                raise SlopeError(Message("'{name}' is not a leaf tensor", name=leaf.name))
            if leaf.value is None or np.asarray(leaf.value).dtype.kind != "f":
                raise SlopeError(Message("'{name}' has no floating-point value", name=leaf.name))
        self.doc, self.output_id, self.leaf_id = doc, output_id, leaf_id
        needed = doc.ancestors(output_id) | {output_id}
        self.depends = leaf_id in needed
        self.order = [n for n in doc.topological_order() if n in needed or n == leaf_id]
        self.inputs: dict[str, list[str]] = {}
        for nid in self.order:
            node = doc.nodes[nid]
            if node.kind != "op":
                if node.value is None:
                    raise SlopeError(Message("'{name}' has no value", name=node.name))
                continue
            op = OPS.get(node.op)
            if op is None:
                raise SlopeError(Message("'{name}': unknown op '{op}'", name=node.name, op=node.op))
            ins = doc.inputs(nid)
            while len(ins) > op.arity - op.optional_inputs and ins and ins[-1] is None:
                ins.pop()
            for port, src in enumerate(ins):
                if src is None:
                    raise SlopeError(Message("'{name}' ({op}): input {value} is not connected",
                                             name=node.name, op=node.op, value=port + 1))
            self.inputs[nid] = ins
        cone = (doc.descendants(leaf_id) | {leaf_id}) & needed if self.depends else set()
        self.cone_ops = [n for n in self.order if n in cone and doc.nodes[n].kind == "op"]

    def is_scalar_const(self, nid: str) -> bool:
        node = self.doc.nodes[nid]
        return node.kind == "const" and node.value is not None and np.ndim(node.value) == 0


def _engine_args(plan: _Plan, nid: str, tensors: dict[str, Any]) -> list[Any]:
    # As the runner does: a 0-d constant beside a tensor goes in as a Python number (3 * a).
    ins = plan.inputs[nid]
    scalar = [plan.is_scalar_const(s) for s in ins]
    mixed = not all(scalar)
    return [np.asarray(plan.doc.nodes[s].value).item() if sc and mixed else tensors[s]
            for s, sc in zip(ins, scalar)]


def _apply(plan: _Plan, nid: str, args: list[Any]) -> Any:
    eng = _engine()
    node = plan.doc.nodes[nid]
    try:
        with np.errstate(all="ignore"):
            t = eng.apply_op(node.op, *args, **_params(node))
    except Exception as exc:  # noqa: BLE001 - the op's own message, for the user
        raise SlopeError(Message("'{name}' ({op}) failed: {exc}", name=node.name, op=node.op, exc=exc)) from None
    return t[0] if isinstance(t, tuple) else t


def _leaf_tensor(plan: _Plan, nid: str, value: np.ndarray | None, float64: bool) -> Any:
    eng = _engine()
    node = plan.doc.nodes[nid]
    v = np.asarray(node.value) if value is None else value
    if v.dtype.kind in "iub" and node.kind == "const":
        return eng.tensor(v)   # class indices stay integers
    dtype = eng.float64 if float64 or node.dtype == "float64" else eng.float32
    return eng.tensor(v, dtype=dtype)


def _run_engine(plan: _Plan, *, float64: bool, leaf_value: np.ndarray | None = None,
                grad: bool = False, only: list[str] | None = None,
                known: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run the engine over the plan (or just the ``only`` nodes, the rest taken from ``known``)."""
    eng = _engine()
    tensors: dict[str, Any] = dict(known or {})
    order = plan.order if only is None else only
    ctx = eng.enable_grad() if grad else eng.no_grad()
    with ctx:
        for nid in order:
            node = plan.doc.nodes[nid]
            if node.kind != "op":
                t = _leaf_tensor(plan, nid, leaf_value if nid == plan.leaf_id else None, float64)
                if grad and nid == plan.leaf_id:
                    t.requires_grad_(True)
                tensors[nid] = t
            else:
                tensors[nid] = _apply(plan, nid, _engine_args(plan, nid, tensors))
    return tensors


def _set_element(base: np.ndarray, flat_index: int, xs: np.ndarray) -> np.ndarray:
    batch = np.repeat(np.asarray(base, dtype=np.float64)[None], len(xs), axis=0)
    batch.reshape(len(xs), -1)[:, flat_index] = xs
    return batch


# --------------------------------------------------------------------- batched op evaluation
def _align(args: list[tuple[np.ndarray, bool]]) -> list[np.ndarray]:
    """Pad batched operands with size-1 axes after the batch axis, so that numpy's right-aligned
    broadcasting matches per-sample shapes and the batch axis stays leftmost."""
    rank = max(a.ndim - (1 if b else 0) for a, b in args)
    out = []
    for a, b in args:
        if b and a.ndim - 1 < rank:
            a = a.reshape(a.shape[:1] + (1,) * (rank - a.ndim + 1) + a.shape[1:])
        out.append(a)
    return out


def _matmul(x: np.ndarray, xb: bool, y: np.ndarray, yb: bool) -> np.ndarray:
    """torch.matmul of per-sample operands, one batch axis in front of the batched ones."""
    sx, sy = x.ndim - xb, y.ndim - yb
    if sx == 0 or sy == 0:
        raise _NotVectorizable
    vec_x, vec_y = sx == 1, sy == 1
    if vec_x:
        x, sx = x[..., None, :], 2
    if vec_y:
        y, sy = y[..., :, None], 2
    rank = max(sx, sy)
    if xb and sx < rank:
        x = x.reshape(x.shape[:1] + (1,) * (rank - sx) + x.shape[1:])
    if yb and sy < rank:
        y = y.reshape(y.shape[:1] + (1,) * (rank - sy) + y.shape[1:])
    out = np.matmul(x, y)
    if vec_y:
        out = out[..., 0]
    if vec_x:
        out = out[..., 0] if vec_y else out[..., 0, :]
    return out


def _all_but_batch(a: np.ndarray) -> tuple[int, ...]:
    return tuple(range(1, a.ndim))


def _reduce(name: str, x: np.ndarray, params: dict[str, Any]) -> np.ndarray:
    fn = _REDUCERS[name]
    dim, keepdim = params.get("dim"), bool(params.get("keepdim", False))
    n = x.ndim - 1
    if dim is None:
        return fn(x, axis=_all_but_batch(x), keepdims=keepdim)
    if n == 0:
        return x                      # a dim reduction of a 0-d tensor reduces nothing
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    if len(dims) == 0:
        return fn(x, axis=_all_but_batch(x), keepdims=keepdim)
    if name in ("max", "min") and len(dims) != 1:
        raise _NotVectorizable
    return fn(x, axis=tuple(sorted(_norm(d, n) + 1 for d in dims)), keepdims=keepdim)


def _shape_op(name: str, x: np.ndarray, params: dict[str, Any], ref_shape: tuple[int, ...]) -> np.ndarray:
    n = x.ndim - 1
    if name in ("reshape", "view"):
        return x.reshape(x.shape[:1] + tuple(ref_shape))
    if name == "transpose":
        if n == 0:
            return x
        return np.swapaxes(x, _norm(params.get("dim0", 0), n) + 1, _norm(params.get("dim1", 1), n) + 1)
    if name == "t":
        return x if n < 2 else np.swapaxes(x, 1, 2)
    if name == "permute":
        dims = tuple(params["dims"])
        if len(dims) != n:
            raise _NotVectorizable
        return np.transpose(x, (0,) + tuple(_norm(d, n) + 1 for d in dims))
    if name == "unsqueeze":
        return np.expand_dims(x, _norm(params.get("dim", 0), n + 1) + 1)
    if name == "squeeze":
        dim = params.get("dim")
        if dim is None:
            axes = tuple(i + 1 for i, s in enumerate(x.shape[1:]) if s == 1)
            return np.squeeze(x, axis=axes) if axes else x
        if n == 0:
            return x
        d = _norm(dim, n)
        return np.squeeze(x, axis=d + 1) if x.shape[d + 1] == 1 else x
    raise _NotVectorizable


def _cross_entropy(x: np.ndarray, xb: bool, t: np.ndarray, tb: bool, params: dict[str, Any]) -> np.ndarray:
    n = x.ndim - xb
    if n not in (1, 2):
        raise _NotVectorizable
    logp = OPS["log_softmax"].forward(x, dim=-1)   # classes: dim 0 of 1-D, dim 1 of 2-D input
    red = params.get("reduction", "mean")
    if t.dtype.kind == "f":
        # probability targets, as torch (and the engine's compose): -(target·logp).sum() [/ N]
        prod = np.multiply(*_align([(logp, xb), (t, tb)]))
        total = -np.sum(prod, axis=_all_but_batch(prod))
        return total / (x.shape[-2] if n == 2 else 1) if red == "mean" else total
    if t.dtype.kind not in "iu" or not xb or tb:
        raise _NotVectorizable
    ignore = -100
    if n == 1:
        if t.ndim != 0 or int(t) == ignore:
            raise _NotVectorizable
        return -logp[:, int(t)]
    valid = t != ignore
    safe = np.where(valid, t, 0)
    idx = np.broadcast_to(safe[None, :, None], (x.shape[0], t.shape[0], 1))
    picked = np.take_along_axis(logp, idx, axis=2)[..., 0]
    vals = np.where(valid, -picked, 0.0)
    if red == "none":
        return vals
    total = np.sum(vals, axis=1)
    return total / np.count_nonzero(valid) if red == "mean" else total


def _batched_call(name: str, args: list[tuple[np.ndarray, bool]], params: dict[str, Any],
                  ref_shape: tuple[int, ...]) -> np.ndarray:
    """One op on batched inputs (each ``(array, has_batch_axis)``); raises _NotVectorizable."""
    op = OPS[name]
    kind = op.batch
    if kind == "elementwise":
        return op.forward(*_align(args), **params)
    if kind == "reduction" and name in _REDUCERS:
        return _reduce(name, args[0][0], params)
    if kind == "shape":
        return _shape_op(name, args[0][0], params, ref_shape)
    if kind == "softmax":
        x = args[0][0]
        if x.ndim - 1 == 0:
            raise _NotVectorizable
        return op.forward(x, dim=_norm(params.get("dim", -1), x.ndim - 1) + 1)
    if kind == "matmul":
        (x, xb), (y, yb) = args
        return _matmul(x, xb, y, yb)
    if kind == "linear":
        (x, xb), (w, wb) = args[0], args[1]
        wt = (np.swapaxes(w, -1, -2) if w.ndim - 1 == 2 else w) if wb else w.T
        out = _matmul(x, xb, wt, wb)
        if len(args) > 2:
            out = np.add(*_align([(out, xb or wb), args[2]]))
        return out
    if kind == "mse_loss":
        red = params.get("reduction", "mean")
        d = np.square(np.subtract(*_align(args)))
        if red == "mean":
            return np.mean(d, axis=_all_but_batch(d))
        if red == "sum":
            return np.sum(d, axis=_all_but_batch(d))
        return d
    if kind == "cross_entropy":
        (x, xb), (t, tb) = args
        return _cross_entropy(x, xb, t, tb, params)
    raise _NotVectorizable


# ------------------------------------------------------------------------------- public API
@dataclass
class _Batch:
    out: np.ndarray | None           # (N,) + output shape (None: output independent of the leaf)
    base: dict[str, np.ndarray]      # every node's unbatched float64 value
    op_calls: int
    looped: tuple[str, ...]
    cone_ops: tuple[str, ...]


def _batched(plan: _Plan, flat_index: int, xs: np.ndarray) -> _Batch:
    base_t = _run_engine(plan, float64=True)
    base = {nid: np.asarray(_np(t)) for nid, t in base_t.items()}
    leaf_shape = base[plan.leaf_id].shape
    if not 0 <= flat_index < max(1, int(np.prod(leaf_shape))):
        raise SlopeError(Message("'{name}' has no element {flat_index}",
                                 name=plan.doc.nodes[plan.leaf_id].name, flat_index=flat_index))
    if not plan.depends:
        return _Batch(None, base, 0, (), ())
    doc, eng = plan.doc, _engine()
    n = len(xs)
    batched = {plan.leaf_id: _set_element(base[plan.leaf_id], flat_index, xs)}
    calls, looped = 0, []
    for nid in plan.cone_ops:
        node = doc.nodes[nid]
        ins = plan.inputs[nid]
        args = [(batched[s], True) if s in batched else (base[s], False) for s in ins]
        ref = base[nid].shape
        try:
            with np.errstate(all="ignore"):
                out = np.asarray(_batched_call(node.op, args, _params(node), ref))
            if out.shape != (n,) + ref:
                raise _NotVectorizable
            calls += 1
        except (_NotVectorizable, ValueError, IndexError, TypeError, RuntimeError):
            # N separate engine calls of this op, one per point
            rows = []
            with eng.no_grad():
                for k in range(n):
                    known = {s: eng.tensor(batched[s][k]) for s in ins if s in batched}
                    known.update({s: base_t[s] for s in ins if s not in batched})
                    rows.append(np.asarray(_np(_apply(plan, nid, _engine_args(plan, nid, known)))))
            out = np.stack(rows)
            calls += n
            looped.append(node.name)
        batched[nid] = out
    return _Batch(batched[plan.output_id], base, calls, tuple(looped),
                  tuple(doc.nodes[n].name for n in plan.cone_ops))


def node_value(doc: Document, node_id: str) -> np.ndarray:
    """A node's value in float64, computed by the engine from the document alone (its shape
    tells the slope view which output elements there are). Raises SlopeError."""
    plan = _Plan(doc, node_id, None)
    return np.asarray(_np(_run_engine(plan, float64=True)[node_id]))


def evaluate_batched(doc: Document, output_id: str, leaf_id: str, flat_index: int,
                     xs: np.ndarray) -> tuple[np.ndarray, dict[str, Any]]:
    """The output node's value for every x in ``xs`` (shape ``(len(xs),) + output shape``),
    in one vectorized pass where the ops allow; stats: ``op_calls``, ``looped``, ``cone_ops``."""
    plan = _Plan(doc, output_id, leaf_id)
    xs = np.asarray(xs, dtype=np.float64).reshape(-1)
    b = _batched(plan, int(flat_index), xs)
    out = b.out
    if out is None:
        out = np.repeat(b.base[output_id][None], len(xs), axis=0)
    return out, {"op_calls": b.op_calls, "looped": b.looped, "cone_ops": b.cone_ops}


def evaluate_by_runs(doc: Document, output_id: str, leaf_id: str, flat_index: int,
                     xs: np.ndarray) -> np.ndarray:
    """The same as :func:`evaluate_batched` the slow way: one float64 engine run per x
    (the reference the vectorized pass is tested against)."""
    plan = _Plan(doc, output_id, leaf_id)
    base = np.asarray(doc.nodes[leaf_id].value, dtype=np.float64)
    rows = []
    for x in np.asarray(xs, dtype=np.float64).reshape(-1):
        value = base.copy()
        value.reshape(-1)[int(flat_index)] = x
        rows.append(np.asarray(_np(_run_engine(plan, float64=True, leaf_value=value)[output_id])))
    return np.stack(rows)


def _weights(doc: Document, output_id: str, out_shape: tuple[int, ...], out_index: int | None,
             weights: Any) -> tuple[np.ndarray | None, str]:
    """How a possibly non-scalar output becomes the scalar y: (weights or None, label)."""
    name = doc.nodes[output_id].name
    size = int(np.prod(out_shape)) if out_shape else 1
    if out_index is not None:
        if not 0 <= out_index < size:
            raise SlopeError(Message("'{name}' has no element {out_index}", name=name, out_index=out_index))
        w = np.zeros(out_shape, dtype=np.float64)
        w.reshape(-1)[out_index] = 1.0
        return w, element_label(name, out_shape, out_index)
    if isinstance(weights, str) and weights == "root":
        if doc.root != output_id or doc.root_gradient is None:
            raise SlopeError(Message("'{name}' is not the backward root with an external gradient", name=name))
        w = np.asarray(doc.root_gradient, dtype=np.float64)
        try:
            w = np.broadcast_to(w, out_shape)
        except ValueError:
            raise SlopeError(Message("the root gradient's shape {shape} does not match '{name}' "
                                     "{out_shape}", shape=tuple(w.shape), name=name,
                                     out_shape=tuple(out_shape))) from None
        return np.array(w), f"Σ gradient·{name}"
    if weights is not None and not isinstance(weights, str):
        w = np.broadcast_to(np.asarray(weights, dtype=np.float64), out_shape)
        return np.array(w), f"Σ w·{name}"
    if size != 1:
        raise SlopeError(Message("'{name}' has {size} elements: pick one of them (or the root's gradient)",
                                 name=name, size=size))
    return None, name


def _reduce_output(out: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    n = out.shape[0]
    if w is None:
        return out.reshape(n)
    return np.sum(out.reshape(n, -1) * w.reshape(1, -1), axis=1)


def engine_gradient(doc: Document, output_id: str, leaf_id: str, flat_index: int,
                    out_index: int | None = None, weights: Any = None) -> float:
    """∂y/∂x by the engine's backward, in the document's dtypes (0.0 if x does not reach y,
    where PyTorch would leave ``.grad`` at None)."""
    plan = _Plan(doc, output_id, leaf_id)
    return _gradient(plan, int(flat_index), out_index, weights)


def _gradient(plan: _Plan, flat_index: int, out_index: int | None, weights: Any) -> float:
    eng = _engine()
    tensors = _run_engine(plan, float64=False, grad=True)
    out, leaf = tensors[plan.output_id], tensors[plan.leaf_id]
    w, _ = _weights(plan.doc, plan.output_id, tuple(_np(out).shape), out_index, weights)
    if not getattr(out, "requires_grad", False):
        return 0.0
    dtype = eng.float64 if _np(out).dtype == np.float64 else eng.float32
    seed = np.ones(_np(out).shape) if w is None else w
    try:
        out.backward(gradient=eng.tensor(seed, dtype=dtype))
    except Exception as exc:  # noqa: BLE001
        raise SlopeError(Message("backward failed: {exc}", exc=exc)) from None
    g = leaf.grad
    return 0.0 if g is None else float(_np(g).reshape(-1)[flat_index])


def compute_slope(doc: Document, output_id: str, leaf_id: str, flat_index: int = 0, *,
                  out_index: int | None = None, weights: Any = None,
                  half_width: float | None = None, points: int = DEFAULT_POINTS) -> SlopeResult:
    """The curve of y against one leaf element around its current value, with both slopes.

    ``out_index`` picks one element of a non-scalar output; ``weights="root"`` uses
    ``Σ gradient·y`` with the document's root gradient (what ``backward(gradient)`` computes)."""
    plan = _Plan(doc, output_id, leaf_id)
    leaf = doc.nodes[leaf_id]
    value = np.asarray(leaf.value, dtype=np.float64)
    flat_index = int(flat_index)
    if not 0 <= flat_index < max(1, value.size):
        raise SlopeError(Message("'{name}' has no element {flat_index}", name=leaf.name,
                                 flat_index=flat_index))
    x0 = float(value.reshape(-1)[flat_index])
    if not math.isfinite(x0):
        raise SlopeError(Message("{element_label} is not finite",
                                 element_label=element_label(leaf.name, value.shape, flat_index)))
    hw = default_half_width(x0) if half_width is None else float(half_width)
    if not (math.isfinite(hw) and hw > 0):
        raise SlopeError(Message("the range must be a positive number"))
    points = max(3, int(points))
    h = 1e-5 * max(1.0, abs(x0))
    curve_x = np.linspace(x0 - hw, x0 + hw, points)
    xs = np.concatenate([curve_x, [x0 - h, x0 + h, x0]])     # one pass: curve, FD points, x0
    b = _batched(plan, flat_index, xs)
    out = b.out if b.out is not None else np.repeat(b.base[output_id][None], len(xs), axis=0)
    w, out_label = _weights(doc, output_id, tuple(b.base[output_id].shape), out_index, weights)
    ys = _reduce_output(out, w)
    gradient = _gradient(plan, flat_index, out_index, weights)
    return SlopeResult(
        xs=curve_x, ys=ys[:points], x0=x0, y0=float(ys[-1]), gradient=gradient,
        fd_slope=float((ys[-2] - ys[-3]) / (2 * h)), h=h, output_label=out_label,
        input_label=element_label(leaf.name, value.shape, flat_index), depends=plan.depends,
        vectorized=not b.looped, op_calls=b.op_calls, looped=b.looped, cone_ops=b.cone_ops)
