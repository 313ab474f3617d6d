"""The fast backward: ``backward_steps``, the generator ``.backward()`` drains and the app's
step-through consumes (one :class:`~engine.autograd.BackwardStep` per node run).

It does what ``engine/backward_reference.py`` does, in the same order and with bit-for-bit
the same sums, with the work of the common cases spelled out inline for speed (one- and
two-input nodes, a node that is ready at once runs without a trip through the queue, int
keys in the ready queue).  Read the reference first; tests/engine/test_backward_reference.py
proves the two agree on every parity program and on random graphs.
"""
from __future__ import annotations

import heapq
from typing import Iterator

import numpy as np

from .autograd import (SECOND_BACKWARD, _IGNORE, AccumulateGrad, BackwardStep, _SameShapes,
                       _accumulate, _as_list, _mark_shared, _needed_nodes, _retain_grad,
                       _root_edge, _root_grads, _run_tensor_hooks, _unbroadcast, _unwrap,
                       _wrap_list, check_saved, quiet_reset, quiet_set, versions)

__all__ = ["backward_steps"]

# The ready queue: heapq on (-sequence_nr, node).  CPython's heapq uses exactly the sift
# algorithms of libstdc++'s std::priority_queue (bottom-up pop, right child on ties, strict
# comparisons), so even ties between AccumulateGrad nodes (all UINT64_MAX in torch) come
# out in torch's order; Node.__lt__ returning False makes a tie compare as "not less".
#
# Sequence numbers are unique except AccumulateGrad's, so the queue normally holds plain
# int keys (-sequence_nr) with a key -> node dict: int comparisons are much cheaper than
# tuple ones.  The first push whose key is already queued (a tie) turns the queue into the
# (-sequence_nr, node) tuples for the rest of the run (_tie_push).  Both forms compare
# alike (a tie is "not less" either way), so the heap's shape and pop order are the same.
_heappush = heapq.heappush
_heappop = heapq.heappop


def _tie_push(heap: list, keyed: dict, k: int, node) -> bool:
    """Switch the ready queue to tuple form (in place, same order) and push (k, node)."""
    heap[:] = [(key, keyed[key]) for key in heap]
    keyed.clear()
    _heappush(heap, (k, node))
    return True
_NOTHING = object()  # "no gradient" (a gradient may itself be None)


_add_accumulate = np.add.accumulate


def _sum_grads(contribs: list):
    """Sum incoming gradients (None = undefined, skipped), like torch's InputBuffer: one
    after the other in arrival order, ((g0 + g1) + g2) + ..., every partial sum rounded in
    the gradients' dtype (so the result is bit-for-bit torch's)."""
    n = len(contribs)
    if n >= 8:
        # Many small gradients (a tensor read by many ops): stacking them and running
        # np.add.accumulate does exactly the same additions in the same order (accumulate
        # stores every partial sum, so nothing can be reassociated) without a ufunc call
        # per addition.  Only when all are arrays (or numpy scalars) of one shape whose dtype is the first's
        # (then every partial sum has that dtype, as in the loop below); a None, a ragged
        # or a mixed-dtype list falls through to the loop.
        first = contribs[0]
        if isinstance(first, (np.ndarray, np.generic)) and first.size <= 32:  # 0-d: scalars
            try:
                stacked = np.array(contribs)
            except (ValueError, TypeError):
                stacked = None
            if (stacked is not None and stacked.dtype is first.dtype
                    and stacked.shape[1:] == first.shape and stacked.shape[0] == n):
                if first.ndim == 0:
                    return _add_accumulate(stacked)[-1]
                return _add_accumulate(stacked, axis=0)[-1].copy()
    total = None
    fresh = False  # total is an array this function made (safe to add into in place)
    for c in contribs:
        if c is None:
            continue
        if total is None:
            total = c
        elif fresh and type(c) is np.ndarray and c.shape == total.shape \
                and c.dtype is total.dtype:
            total += c
        else:
            total = total + c
            fresh = type(total) is np.ndarray
    return total


def backward_steps(tensors, grad_tensors=None, retain_graph: bool | None = None,
                   inputs=None, *, _capture=None, _records: bool = True
                   ) -> Iterator[BackwardStep | None]:
    """One backward pass (for ``autograd.graph.register_multi_grad_hook``): see
    :func:`_backward_steps`."""
    from .autograd_graph import backward_pass
    with backward_pass():
        yield from _backward_steps(tensors, grad_tensors, retain_graph, inputs,
                                   _capture=_capture, _records=_records)


def _backward_steps(tensors, grad_tensors=None, retain_graph: bool | None = None,
                    inputs=None, *, _capture=None, _records: bool = True
                    ) -> Iterator[BackwardStep | None]:
    """Run backward one node at a time, yielding a :class:`BackwardStep` per node.

    ``tensors``: root tensor(s); ``grad_tensors``: their gradients (None for scalars);
    ``inputs``: restrict accumulation to these leaves.  Saved tensors are freed as nodes
    run unless ``retain_graph`` is true.  (``_records=False`` is how ``.backward()`` drains
    the very same loop without building step records.)
    """
    roots = _as_list(tensors)
    root_grads = _root_grads(roots, grad_tensors)
    keep = bool(retain_graph)
    edges = [_root_edge(t) for t in roots]
    for i, (fn, _) in enumerate(edges):
        if fn is None:  # a view taken under no_grad: requires grad, but has no gradient edge
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn")

    # deps[node]: the number of gradients still to arrive (an int, from this walk); once the
    # first of several has arrived, the list [n, gradients so far...], complete when it holds
    # n gradients (len > n).
    # A node that waits for one gradient (most of them) never gets a list: its gradient
    # goes straight to the ready queue.
    deps: dict = {}
    stack = []
    for fn, _ in edges:
        if fn not in deps:
            deps[fn] = 0
            stack.append(fn)
    get = deps.get
    push = stack.append
    pop = stack.pop
    while stack:
        for nxt in pop()._nx:
            if nxt is not None:
                c = get(nxt)
                if c is None:
                    deps[nxt] = 1
                    push(nxt)
                else:
                    deps[nxt] = c + 1

    # which nodes must run when gradients are wanted only for some inputs
    needed = None
    captures = None     # node -> capture slots (grad(): grads are captured, not accumulated)
    if inputs is not None or _capture is not None:
        targets = {}
        if _capture is not None:
            captures = {}
            for k, t in enumerate(_capture):
                fn = t._grad_fn if t._grad_fn is not None else t._accumulator()
                captures.setdefault(fn, []).append(k)
                targets[fn] = True
        for t in _as_list(inputs):
            fn = t._grad_fn if t._grad_fn is not None else t._accumulator()
            targets[fn] = True
        needed = _needed_nodes(edges, targets, captures)

    heap: list = []     # int keys -seq (tuples (-seq, node) once tmode: see _tie_push)
    keyed: dict = {}    # key -> node while not tmode
    tmode = False
    gq: dict = {}       # queued node -> its gradient (several that arrived are summed first)
    arrived: dict = {}  # node -> the gradients that were summed for it (kept for step records)
    multi_roots = False
    for (fn, _), g in zip(edges, root_grads):
        d = deps[fn]
        if type(d) is list:
            d.append(g)
            d[0] += 1
        elif d:
            deps[fn] = [d + 1, g]   # a root that is also reached from another root
        elif fn in gq:
            q = gq[fn]
            if type(q) is list:
                q.append(g)
            else:
                gq[fn] = [q, g]
                multi_roots = True
        else:
            gq[fn] = g
            k = -fn._seq
            if tmode:
                _heappush(heap, (k, fn))
            elif keyed.setdefault(k, fn) is fn:
                _heappush(heap, k)
            else:
                tmode = _tie_push(heap, keyed, k, fn)
    captured = [None] * len(_capture) if _capture is not None else None
    # arrays the user can see (their gradients, hook results, arrays sent down two edges):
    # AccumulateGrad must copy these rather than keep them as .grad
    foreign = {id(g) for g in root_grads}
    index = 0
    tok = quiet_set(_IGNORE)
    restricted = needed is not None or captures is not None
    hooked = False
    # the latest in-place change before this backward (re-read once hooks, user code, ran)
    last_bump = versions.last_bump
    # deps values are ints or lists; `c is one` tells a one-gradient node without the slow
    # list-to-int comparison (the 1 stored in the walk is this same small-int object)
    one = 1
    try:
        if multi_roots:  # one node given as a root more than once: its gradients are summed
            for fn, q in gq.items():
                if type(q) is list:
                    gq[fn] = _sum_grads(q)
                    if _records:
                        arrived[fn] = q
        direct = None
        direct_g = None
        while True:
            if direct is not None:
                fn = direct
                g = direct_g
                direct = None
            elif heap:
                if tmode:
                    fn = _heappop(heap)[1]
                else:
                    fn = keyed.pop(_heappop(heap))
                g = gq.pop(fn)
            else:
                break
            if _records:  # what arrived (summed already where several did)
                contribs = arrived.pop(fn, None)
                if contribs is None:
                    contribs = [g]
            x = fn._x
            opdef = fn._opdef
            if x is not None or restricted or opdef is None:  # opdef None: AccumulateGrad
                # the general path: hooks, retain_grad, captures, leaves
                if x is not None:
                    hooked = True   # from here on a gradient may have any shape a hook gave it
                    # tensor hooks (Tensor.register_hook), then retain_grad, then pre-hooks
                    if x.tensor_prehooks:
                        g = _run_tensor_hooks(x.tensor_prehooks, g, foreign)
                    if x.retain is not None:
                        _retain_grad(x.retain, g)
                is_acc = type(fn) is AccumulateGrad
                if is_acc and fn.variable._hooks:
                    g = _run_tensor_hooks(fn.variable._hooks, g, foreign)
                if captures is not None and fn in captures:
                    for k in captures[fn]:
                        captured[k] = g
                if needed is not None and fn not in needed:
                    continue
                if x is not None and x.prehooks:
                    for h in x.prehooks:
                        r = h(_wrap_list([g]))
                        if r is not None:
                            g = _unwrap(r[0])
                            foreign.add(id(g))
                if is_acc:
                    leaf = fn.variable
                    if g is not None and _capture is None:
                        _accumulate(leaf, g, foreign)
                    if x is not None and x.hooks:
                        for h in x.hooks:
                            h(_wrap_list([]), _wrap_list([g]))
                    if _records:
                        step = BackwardStep(index, fn, "AccumulateGrad", [contribs],
                                            [g], [], (), leaf, None if leaf._grad is None
                                            else leaf._grad._data.copy(), ())
                        index += 1   # (counted only where records are made)
                        quiet_reset(tok)
                        tok = None
                        yield step
                        tok = quiet_set(_IGNORE)
                    continue
            # saved tensors changed in place since: torch's error instead of a wrong gradient
            # (only a node older than the latest in-place change anywhere can be affected)
            if fn._seq < last_bump or (hooked and fn._seq < versions.last_bump):
                check_saved(fn)
            nfs = fn._nx
            n_edges = len(nfs)
            out = None
            bw = opdef._bw  # None: a custom Function, whose node runs the user's backward
            per_output = None
            if n_edges <= 2 and g is not None and bw is not None:
                # one or two inputs: the common cases, inlined (Node._apply does the same)
                args = fn._args
                if args is None:
                    raise RuntimeError(SECOND_BACKWARD)
                vj, bc, free = bw
                edges = fn._edges
                if bc and type(edges) is _SameShapes and not hooked:
                    # g has the output's shape (nothing but a hook could change that)
                    bc = False
                nxt = nfs[0]
                if nxt is not None:
                    i = edges[0]
                    v = vj[i]
                    if v is None:
                        g0 = g
                    else:
                        params = fn._params
                        if params:
                            g0 = v(g, fn._out, *args, **params)
                        elif len(args) == 1:  # spelled out: a *args call costs more than x*y
                            g0 = v(g, fn._out, args[0])
                        elif len(args) == 2:
                            g0 = v(g, fn._out, args[0], args[1])
                        else:
                            g0 = v(g, fn._out, *args)
                    if bc and g0.shape != args[i].shape:
                        g0 = _unbroadcast(g0, args[i].shape)
                else:
                    g0 = None
                if n_edges == 2:
                    nxt1 = nfs[1]
                    if nxt1 is not None:
                        i = edges[1]
                        v = vj[i]
                        if v is None:
                            g1 = g
                        else:
                            params = fn._params
                            if params:
                                g1 = v(g, fn._out, *args, **params)
                            elif len(args) == 2:
                                g1 = v(g, fn._out, args[0], args[1])
                            else:
                                g1 = v(g, fn._out, *args)
                        if bc and g1.shape != args[i].shape:
                            g1 = _unbroadcast(g1, args[i].shape)
                        if g1 is g0:
                            foreign.add(id(g1))  # one array down two edges: never stolen
                    else:
                        g1 = None
                else:
                    nxt1 = None
                if x is not None and x.hooks:
                    out = [g0] if n_edges == 1 else [g0, g1]
            else:
                per_output = fn.__dict__.get("_slots")
                if per_output is not None:
                    # a node with several outputs (split, a custom Function): its step and its
                    # hooks see the gradient of each output, which its stand-ins filed
                    per_output = list(per_output)
                out = fn._apply(g)
                if len(out) > 1:
                    _mark_shared(out, foreign)
                # a Function frees what it saved (if anything) like any node
                free = bw[2] if bw is not None else 1 if fn._args else 0
            if x is not None and x.hooks:
                for h in x.hooks:
                    r = h(_wrap_list(out), _wrap_list([g] if per_output is None else per_output))
                    if r is not None:
                        out = [_unwrap(v) for v in r]
                        foreign.update(id(v) for v in out if v is not None)
            if free and not keep:
                # torch frees (and later misses) saved tensors only if a needed VJP saved any
                if free == 1 or any(opdef.saved_by[i] for n, i in zip(nfs, fn._edges)
                                    if n is not None):
                    fn._args = fn._out = None
            # hand the gradients on; `ready` is the one node made ready so far (False: the
            # newly ready nodes all went to the queue)
            ready = None
            if out is None:
                # the same as the loop below, written out for one or two edges
                if nxt is not None and (not restricted or nxt in needed or (
                        captures is not None and nxt in captures)):
                    c = deps[nxt]
                    if c is one:  # (an int 1, never a list: see `one`)
                        ready = nxt
                        ready_g = g0
                    elif type(c) is int:
                        deps[nxt] = [c, g0]
                    else:
                        c.append(g0)
                        if len(c) > c[0]:
                            del c[0]
                            ready = nxt
                            ready_g = _sum_grads(c)
                            if _records:
                                arrived[nxt] = c
                if nxt1 is not None and (not restricted or nxt1 in needed or (
                        captures is not None and nxt1 in captures)):
                    c = deps[nxt1]
                    if c is one:  # (an int 1, never a list: see `one`)
                        q1 = g1
                    elif type(c) is int:
                        deps[nxt1] = [c, g1]
                        q1 = _NOTHING
                    else:
                        c.append(g1)
                        if len(c) > c[0]:
                            del c[0]
                            q1 = _sum_grads(c)
                            if _records:
                                arrived[nxt1] = c
                        else:
                            q1 = _NOTHING
                    if q1 is not _NOTHING:
                        if ready is None:
                            ready = nxt1
                            ready_g = q1
                        else:
                            gq[ready] = ready_g
                            k = -ready._seq
                            if tmode:
                                _heappush(heap, (k, ready))
                            elif keyed.setdefault(k, ready) is ready:
                                _heappush(heap, k)
                            else:
                                tmode = _tie_push(heap, keyed, k, ready)
                            gq[nxt1] = q1
                            k = -nxt1._seq
                            if tmode:
                                _heappush(heap, (k, nxt1))
                            elif keyed.setdefault(k, nxt1) is nxt1:
                                _heappush(heap, k)
                            else:
                                tmode = _tie_push(heap, keyed, k, nxt1)
                            ready = False
            else:
                for nxt, gi in zip(nfs, out):
                    if nxt is None:
                        continue
                    if restricted and nxt not in needed and (
                            captures is None or nxt not in captures):
                        continue
                    c = deps[nxt]
                    if c is one:  # (an int 1, never a list: see `one`)
                        pass
                    elif type(c) is int:
                        deps[nxt] = [c, gi]
                        continue
                    else:
                        c.append(gi)
                        if len(c) <= c[0]:
                            continue
                        del c[0]
                        gi = _sum_grads(c)
                        if _records:
                            arrived[nxt] = c
                    if ready is None:
                        ready = nxt
                        ready_g = gi
                        continue
                    if ready is not False:
                        gq[ready] = ready_g
                        k = -ready._seq
                        if tmode:
                            _heappush(heap, (k, ready))
                        elif keyed.setdefault(k, ready) is ready:
                            _heappush(heap, k)
                        else:
                            tmode = _tie_push(heap, keyed, k, ready)
                        ready = False
                    gq[nxt] = gi
                    k = -nxt._seq
                    if tmode:
                        _heappush(heap, (k, nxt))
                    elif keyed.setdefault(k, nxt) is nxt:
                        _heappush(heap, k)
                    else:
                        tmode = _tie_push(heap, keyed, k, nxt)
            if ready is not None and ready is not False:
                # a single newly ready node that outranks the whole queue would be pushed and
                # popped straight back (leaving the heap as it was): run it directly
                if not heap or ready._seq > -(heap[0][0] if tmode else heap[0]):
                    direct = ready
                    direct_g = ready_g
                else:
                    gq[ready] = ready_g
                    k = -ready._seq
                    if tmode:
                        _heappush(heap, (k, ready))
                    elif keyed.setdefault(k, ready) is ready:
                        _heappush(heap, k)
                    else:
                        tmode = _tie_push(heap, keyed, k, ready)
            if _records:
                if fn._output_of is not None:
                    continue  # an output's stand-in: its gradient shows in its node's step
                if out is None:
                    out = [g0] if n_edges == 1 else [g0, g1]
                if per_output is None:
                    step = BackwardStep(index, fn, type(fn).__name__, [contribs], [g],
                                        out, fn.next_functions, None, None, opdef.formulas)
                else:
                    step = BackwardStep(index, fn, type(fn).__name__,
                                        [[gk] for gk in per_output], per_output,
                                        out, fn.next_functions, None, None, opdef.formulas)
                index += 1
                quiet_reset(tok)
                tok = None
                yield step
                tok = quiet_set(_IGNORE)
    finally:
        if tok is not None:
            quiet_reset(tok)
    if captured is not None:
        yield captured
