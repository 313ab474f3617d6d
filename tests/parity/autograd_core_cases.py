"""Observations of the autograd core that the engine must share with torch 2.13, written once
for either library (``lib`` is ``engine`` or ``torch``): the same code records the fixture
(``record_autograd_core.py``) and runs the engine against it (``test_autograd_core.py``).

- ``multi_view``: split / chunk / unbind as one node with several outputs — grad_fn names,
  one shared node, ``(node, k)`` in next_functions, ``output_nr``, gradients bit for bit
  (signs of zeros included), and the recorded gradient under ``create_graph=True``.
- ``copy_slices``: double backward after in-place ops on views (CopySlices,
  AsStridedBackward0): first gradients with a graph, then second derivatives.
- ``tangents``: forward mode, for every op sample of the table with a primal that requires
  grad: does ``unpack_dual(y).tangent`` require grad, its grad_fn name, and the gradient of
  ``tangent.sum()`` with respect to the primals.
"""
from __future__ import annotations

import numpy as np


def _arr(t):
    if t is None:
        return None
    if getattr(t, "_is_zerotensor", lambda: False)():   # torch's lazy zeros: no storage
        return np.zeros(tuple(t.shape))
    return np.asarray(t.detach().tolist(), dtype=np.float64)


def _plain(a):
    """An array as JSON: values, and the sign bit of every entry (-0.0 vs 0.0)."""
    if a is None:
        return None
    a = np.asarray(a, dtype=np.float64)
    return {"values": a.tolist(), "signbit": np.signbit(a).tolist(), "shape": list(a.shape)}


def _fn_name(fn):
    """grad_fn as torch's tensor repr names it."""
    if fn is None:
        return None
    n = type(fn).__name__
    return fn.name().rsplit("::", 1)[-1] if n == "CppFunction" else n


def _next(fn):
    return [None if f is None else [_fn_name(f) if type(f).__name__ != "AccumulateGrad"
                                    else "AccumulateGrad", k]
            for f, k in fn.next_functions]


# ------------------------------------------------------------------ split / chunk / unbind
SPLITS = {
    "split_int": lambda x: x.split(2, 1),
    "split_sizes": lambda x: x.split([1, 3], 1),
    "split_uneven": lambda x: x.split(3, 1),
    "chunk": lambda x: x.chunk(2, 1),
    "chunk_3_of_4": lambda x: x.chunk(3, 1),
    "unbind_0": lambda x: x.unbind(0),
    "unbind_1": lambda x: x.unbind(1),
    "iterate": lambda x: tuple(r for r in x),
    "torch_split": None,   # lib.split(x, 1): the function spelling
}
X = [[0.5, -1.0, 2.0, 0.25], [1.5, 0.75, -0.5, 3.0]]


def _parts(lib, name, x):
    return lib.split(x, 1) if name == "torch_split" else SPLITS[name](x)


def observe_split(lib, name: str) -> dict:
    x = lib.tensor(X, dtype=lib.float64, requires_grad=True)
    h = x * 1   # a non-leaf, so an in-place check and a second graph path are possible
    parts = _parts(lib, name, h)
    fns = [p.grad_fn for p in parts]
    # each part used in its own way; the last part only through a -0.0 factor
    loss = None
    for k, p in enumerate(parts):
        term = (p.sin() * (k + 1)).sum() if k + 1 < len(parts) else (p * -1).sum() * 0.0
        loss = term if loss is None else loss + term
    consumer = parts[-1] * -1
    loss.backward(retain_graph=True)
    first = _arr(x.grad)
    # only one part used: the others' gradients are zeros in the assembled one
    x.grad = None
    (parts[0] * -1.0).sum().mul(0.0).backward()
    only_first = _arr(x.grad)
    # create_graph: the gradient is recorded (cat / stack) and differentiable again
    p2 = _parts(lib, name, x * 1)
    y = sum(((p ** 3) * (k + 1)).sum() for k, p in enumerate(p2[:2]))
    (g,) = lib.autograd.grad(y, (x,), create_graph=True)
    (gg,) = lib.autograd.grad(g.sum(), (x,))
    return {
        "grad_fn": [_fn_name(f) for f in fns],
        "shared": all(f is fns[0] for f in fns),
        "next_of_consumer": _next(consumer.grad_fn),
        "next_of_node": _next(fns[0]),
        "output_nr": [p.output_nr for p in parts],
        "grad": _plain(first),
        "grad_only_first": _plain(only_first),
        "graph_grad": _plain(_arr(g)),
        "graph_grad_fn": _fn_name(g.grad_fn),
        "graph_grad_next": _next(g.grad_fn),
        "second": _plain(_arr(gg)),
    }


def observe_split_steps(lib) -> list:
    """The nodes backward runs, in order (hooks on every node: torch shows the node once)."""
    x = lib.tensor(X, dtype=lib.float64, requires_grad=True)
    a, b = (x * 1).chunk(2, 1)
    y = (a.exp() * b).sum() + b.sum()
    order = []
    seen = set()
    stack = [y.grad_fn]
    while stack:
        fn = stack.pop()
        if fn is None or id(fn) in seen:
            continue
        seen.add(id(fn))
        fn.register_hook(lambda gi, go, fn=fn: order.append(
            [_fn_name(fn) if type(fn).__name__ != "AccumulateGrad" else "AccumulateGrad",
             sum(g is not None for g in go)]))
        stack.extend(f for f, _ in fn.next_functions)
    y.backward()
    return order


# ------------------------------------------------------------------ CopySlices, second order
def _cs_slices(lib, a, w):
    x = a * 1
    x[0:2].mul_(w[:2])
    x[2:].exp_()
    return (x ** 3).sum(), x


def _cs_transposed(lib, a, w):
    x = a.reshape(2, 3) * 1
    v = x[:, 1:]            # taken before: reads its gradient through AsStridedBackward0
    x.t()[0].sin_()         # column 0 through a transposed view
    x[1].mul_(w[:3])
    return (v * x[:, :2]).sum() + (v ** 2).sum(), x


def _cs_strided(lib, a, w):
    x = a * 2
    x[1:4].add_(w[:3] * w[:3])
    x[::2].div_(w[2:5])
    return (x.sin() * x).sum(), x


COPY_SLICES = {"slices": (_cs_slices, 3, 2), "transposed": (_cs_transposed, 6, 3),
               "strided": (_cs_strided, 6, 5)}


def copy_slices_inputs(name: str):
    _, na, nw = COPY_SLICES[name]
    rng = np.random.default_rng(7)
    return rng.uniform(0.5, 1.5, na), rng.uniform(0.5, 1.5, nw)


def observe_copy_slices(lib, name: str) -> dict:
    f = COPY_SLICES[name][0]
    a0, w0 = copy_slices_inputs(name)
    a = lib.tensor(a0, dtype=lib.float64, requires_grad=True)
    w = lib.tensor(w0, dtype=lib.float64, requires_grad=True)
    loss, x = f(lib, a, w)
    ga, gw = lib.autograd.grad(loss, (a, w), create_graph=True)
    (ga * ga).sum().add(gw.sum()).backward()
    return {"x_grad_fn": _fn_name(x.grad_fn), "x_next": _next(x.grad_fn),
            "ga": _plain(_arr(ga)), "gw": _plain(_arr(gw)),
            "ga_grad_fn": _fn_name(ga.grad_fn),
            "a_grad": _plain(_arr(a.grad)), "w_grad": _plain(_arr(w.grad))}


# ------------------------------------------------------------------ forward-mode tangents
def tangent_cases():
    """(case id, op name, sample index) for every op sample with a float input."""
    from engine import OPS
    out = []
    for name in sorted(OPS):
        op = OPS[name]
        for k, (arrays, _params) in enumerate(op.samples(np.random.default_rng(2), np.float64)):
            if _differentiated(op, arrays):
                out.append((f"{name}-{k}", name, k))
    return out


def _differentiated(op, arrays) -> list:
    return [i for i, a in enumerate(arrays)
            if i not in op.nondiff and np.asarray(a).dtype.kind == "f"]


def _call(lib, op, name, ins, params):
    """The op as torch spells it (the engine answers to the same spellings)."""
    positional = "shape" in params or "dims" in params   # torch spells these *size
    args = (*ins, *params.values()) if positional else ins
    kw = {} if positional else params
    if op.function and hasattr(lib, name):
        r = getattr(lib, name)(*args, **kw)
    elif op.method:
        r = getattr(args[0], name)(*args[1:], **kw)
    else:
        r = getattr(lib.nn.functional, name)(*args, **kw)
    return r[0] if isinstance(r, tuple) else r


def observe_tangent(lib, name: str, k: int) -> dict:
    from engine import OPS
    op = OPS[name]
    arrays, params = op.samples(np.random.default_rng(2), np.float64)[k]
    wrt = _differentiated(op, arrays)
    rng = np.random.default_rng(k)
    fwd = lib.autograd.forward_ad
    ins = []
    for i, a in enumerate(arrays):
        a = np.asarray(a)
        cond = op.input_names[i:i + 1] == ("condition",) and a.dtype.kind == "f"
        ins.append(lib.tensor(a.astype(bool) if cond else a))
    prim = {i: lib.tensor(np.asarray(arrays[i], dtype=np.float64), requires_grad=True)
            for i in wrt}
    with fwd.dual_level():
        for i in wrt:
            ins[i] = fwd.make_dual(prim[i], lib.tensor(rng.standard_normal(np.shape(arrays[i]))))
        y = _call(lib, op, name, ins, dict(params))
        t = fwd.unpack_dual(y).tangent
        rg = bool(t.requires_grad)
        fn = _fn_name(t.grad_fn)
        error = None
        grads = [None] * len(wrt)
        if rg:
            try:
                grads = lib.autograd.grad(t.sum(), [prim[i] for i in wrt], allow_unused=True)
            except RuntimeError as e:   # (torch: an internal in-place quirk of a fused kernel)
                error = str(e)
    return {"requires_grad": rg, "grad_fn": fn, "tangent": _plain(_arr(t)),
            "grads": [_plain(_arr(g)) for g in grads], "error": error}


def observe_all(lib) -> dict:
    return {
        "multi_view": {n: observe_split(lib, n) for n in SPLITS},
        "split_steps": observe_split_steps(lib),
        "copy_slices": {n: observe_copy_slices(lib, n) for n in COPY_SLICES},
        "tangents": {cid: observe_tangent(lib, n, k) for cid, n, k in tangent_cases()},
    }
