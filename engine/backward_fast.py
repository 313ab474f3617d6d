"""The fast backward: ``backward_steps``, the generator ``.backward()`` drains and the app's
step-through consumes (one :class:`~engine.autograd.BackwardStep` per node run).

It does what ``engine/backward_reference.py`` does, in the same order and with bit-for-bit
the same sums, with the work of the common cases spelled out inline for speed (one- and
two-input nodes, a node that is ready at once runs without a trip through the queue, int
keys in the ready queue).  Read the reference first; tests/engine/test_backward_reference.py
proves the two agree on every parity program and on random graphs.

Layout: :func:`_backward_steps` is the hot loop; :func:`_count_dependencies` (step 1),
:func:`_seed` (step 2), :class:`_ReadyQueue` (torch's pop order) and :class:`_Pass` (hooks,
leaves, restrictions, step records: everything a node rarely needs) are the rest.
"""
from __future__ import annotations

import heapq
from typing import Iterator

import numpy as np

from .autograd_graph import backward_pass
from .backward_support import (BackwardStep, _accumulate, _as_list, _mark_shared, _needed_nodes,
                               _retain_grad, _root_edge, _root_grads, _run_tensor_hooks,
                               _unwrap, _wrap_list)
from .graph import (SECOND_BACKWARD, _IGNORE, AccumulateGrad, _SameShapes, _unbroadcast,
                    check_saved, quiet_reset, quiet_set, versions)

__all__ = ["backward_steps"]

_heappush = heapq.heappush
_heappop = heapq.heappop
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
    """Run backward one node at a time, yielding a :class:`BackwardStep` per node.

    ``tensors``: root tensor(s); ``grad_tensors``: their gradients (None for scalars);
    ``inputs``: restrict accumulation to these leaves.  Saved tensors are freed as nodes
    run unless ``retain_graph`` is true.  (``_records=False`` is how ``.backward()`` drains
    the very same loop without building step records.)  One backward pass, as
    ``autograd.graph.register_multi_grad_hook`` counts them.
    """
    with backward_pass():
        yield from _backward_steps(tensors, grad_tensors, retain_graph, inputs,
                                   _capture=_capture, _records=_records)


# --------------------------------------------------------------------------- the pass
def _backward_steps(tensors, grad_tensors, retain_graph, inputs, *, _capture, _records):
    """The four steps of ``backward_reference.backward``, with the common case inline.

    Why this function is long (complexity ~100, over the house limit of 25 on purpose): per
    node it pops the next ready node, runs the VJPs of a one- or two-input node and hands
    the gradients on, all inline, because on tiny graphs a function call or a list per
    node is a large share of backward.  Measured (benchmarks: 1,000-node "wide" and
    "chain" graphs, the same graphs through both versions in one process): the VJPs and
    the queue as methods made backward 1.53-1.69x slower; one loop over a list of
    gradients instead of the spelled-out g0/g1, 1.15-1.18x.  Everything rare (hooks,
    retain_grad, leaves, ``inputs=``/``grad()`` restrictions, nodes with three or more
    inputs or several outputs, step records) lives in :class:`_Pass` and the functions
    below, so this loop is only the common case.  tests/engine/test_backward_reference.py
    proves it equal to the reference on every parity program and on random graphs.
    """
    roots = _as_list(tensors)
    root_grads = _root_grads(roots, grad_tensors)
    starts = _root_nodes(roots)
    deps = _count_dependencies(starts)                            # 1.
    run = _Pass(starts, root_grads, inputs, _capture, retain_graph, _records)
    queue = _ReadyQueue()
    _seed(queue, deps, starts, root_grads, run)                   # 2.
    # the ready queue's parts as locals (see _ReadyQueue: int keys until the first tie)
    heap, keyed, gq = queue.heap, queue.keyed, queue.grads
    tmode = queue.tuples
    restricted = run.restricted
    keep = run.keep
    foreign = run.foreign
    arrived = run.arrived
    tok = quiet_set(_IGNORE)
    hooked = False  # a hook ran: from here on a gradient may have any shape a hook gave it
    # the latest in-place change before this backward (re-read once hooks, user code, ran)
    last_bump = versions.last_bump
    # deps values are ints or lists; `c is one` tells a one-gradient node without the slow
    # list-to-int comparison (the 1 stored in the walk is this same small-int object)
    one = 1
    try:
        direct = None
        direct_g = None
        while True:                                                # 3.
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
                contribs = arrived.pop(fn, None) or [g]
            x = fn._x
            opdef = fn._opdef
            if x is not None or restricted or opdef is None:  # hooks, leaves, inputs=
                g = run.before_node(fn, g)
                hooked = run.hooked
                if g is _SKIP:
                    continue
                if opdef is None:  # AccumulateGrad: leaf.grad += g
                    run.accumulate(fn, g)
                    if _records:
                        step = run.leaf_step(fn, contribs, g)
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
            per_output = None  # a node with several outputs: the gradient of each
            bw = opdef._bw  # None: a custom Function, whose node runs the user's backward
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
            else:  # three or more inputs, an undefined gradient, a custom Function
                per_output, out = run.apply_node(fn, g)
                # a Function frees what it saved (if anything) like any node
                free = bw[2] if bw is not None else 1 if fn._args else 0
            if x is not None and x.hooks:
                out = run.node_hooks(fn, g, out, per_output)
            if free and not keep:  # after the hooks, as torch releases saved tensors
                if free == 1:
                    fn._args = fn._out = None
                else:
                    _free_saved(fn)
            # hand the gradients on; `ready` is the one node made ready so far (False: the
            # newly ready nodes all went to the queue)
            ready = None
            if out is None:
                # the same as the loop below, written out for one or two edges
                if nxt is not None and (not restricted or run.wanted(nxt)):
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
                if nxt1 is not None and (not restricted or run.wanted(nxt1)):
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
                                tmode = queue.tie(k, ready)
                            gq[nxt1] = q1
                            k = -nxt1._seq
                            if tmode:
                                _heappush(heap, (k, nxt1))
                            elif keyed.setdefault(k, nxt1) is nxt1:
                                _heappush(heap, k)
                            else:
                                tmode = queue.tie(k, nxt1)
                            ready = False
            else:
                for nxt, gi in zip(nfs, out):
                    if nxt is None:
                        continue
                    if restricted and not run.wanted(nxt):
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
                            tmode = queue.tie(k, ready)
                        ready = False
                    gq[nxt] = gi
                    k = -nxt._seq
                    if tmode:
                        _heappush(heap, (k, nxt))
                    elif keyed.setdefault(k, nxt) is nxt:
                        _heappush(heap, k)
                    else:
                        tmode = queue.tie(k, nxt)
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
                        tmode = queue.tie(k, ready)
            if _records and fn._output_of is None:  # (an output's stand-in has no step)
                if out is None:
                    out = [g0] if n_edges == 1 else [g0, g1]
                step = run.node_step(fn, contribs, g, out, per_output)
                quiet_reset(tok)
                tok = None
                yield step
                tok = quiet_set(_IGNORE)
    finally:
        if tok is not None:
            quiet_reset(tok)
    if run.captured is not None:
        yield run.captured


def _root_nodes(roots: list) -> list:
    """The node each root's gradient enters (its grad_fn, or a leaf's AccumulateGrad)."""
    starts = []
    for i, t in enumerate(roots):
        fn = _root_edge(t)[0]
        if fn is None:  # a view taken under no_grad: requires grad, but has no gradient edge
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn")
        starts.append(fn)
    return starts


def _count_dependencies(starts: list) -> dict:
    """Step 1: node -> how many gradients will flow into it (an int, 0 for the roots).

    The loop turns a count into the list [count, gradients so far...] when the first of
    several gradients arrives; a node that waits for one gradient (most) never gets a list."""
    deps: dict = {}
    stack = []
    for fn in starts:
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
    return deps


def _seed(ready: _ReadyQueue, deps: dict, starts: list, root_grads: list, run: _Pass) -> None:
    """Step 2: the roots' gradients.  A root also reached from another root waits for the
    rest of its gradients; one node given as a root twice gets the sum of its gradients."""
    given: dict = {}
    for fn, g in zip(starts, root_grads):
        d = deps[fn]
        if type(d) is list:
            d.append(g)
            d[0] += 1
        elif d:
            deps[fn] = [d + 1, g]
        else:
            given.setdefault(fn, []).append(g)
    for fn, gs in given.items():
        if len(gs) > 1 and run.arrived is not None:
            run.arrived[fn] = gs
        ready.push(fn, gs[0] if len(gs) == 1 else _sum_grads(gs))


def _free_saved(fn) -> None:
    """Drop what the node saved, when a VJP that ran needed it (``saved_by``): torch frees
    (and a second backward then misses) saved tensors only then."""
    if any(fn._opdef.saved_by[i] for n, i in zip(fn._nx, fn._edges) if n is not None):
        fn._args = fn._out = None


class _ReadyQueue:
    """Nodes whose gradients are all in, popped highest sequence number first.

    heapq on -sequence_nr: CPython's heapq uses exactly the sift algorithms of libstdc++'s
    std::priority_queue (bottom-up pop, right child on ties, strict comparisons), so even
    ties between AccumulateGrad nodes (all UINT64_MAX in torch) come out in torch's order.
    Sequence numbers are unique except AccumulateGrad's, so the heap normally holds plain
    int keys with a key -> node dict (int comparisons are much cheaper than tuple ones); the
    first push of a key already queued (a tie) turns it into (key, node) tuples for the rest
    of the pass.  Both forms compare alike (a tie is "not less": Node.__lt__ is False), so
    the heap's shape and the pop order are the same.
    """
    __slots__ = ("heap", "keyed", "grads", "tuples")

    def __init__(self):
        self.heap: list = []
        self.keyed: dict = {}   # key -> node while the heap holds ints
        self.grads: dict = {}   # queued node -> its (summed) gradient
        self.tuples = False

    def push(self, node, g) -> None:
        self.grads[node] = g
        k = -node._seq
        if self.tuples:
            heapq.heappush(self.heap, (k, node))
        elif self.keyed.setdefault(k, node) is node:
            heapq.heappush(self.heap, k)
        else:
            self.tie(k, node)

    def tie(self, k: int, node) -> bool:
        """A key already queued: switch to (key, node) tuples, in place, same order."""
        self.heap[:] = [(key, self.keyed[key]) for key in self.heap]
        self.keyed.clear()
        self.tuples = True
        heapq.heappush(self.heap, (k, node))
        return True

    def pop(self) -> tuple:
        if self.tuples:
            node = heapq.heappop(self.heap)[1]
        else:
            node = self.keyed.pop(heapq.heappop(self.heap))
        return node, self.grads.pop(node)

    def outranked_by(self, node) -> bool:
        """Would ``node`` be popped before everything queued?"""
        heap = self.heap
        return not heap or node._seq > -(heap[0][0] if self.tuples else heap[0])


_SKIP = object()  # before_node: the node must not run (not on a path to a wanted gradient)


class _Pass:
    """What one backward pass needs beyond the hot loop: hooks, retain_grad, leaves,
    ``inputs=``/``grad()`` restrictions, the arrays a user can see, and step records."""

    def __init__(self, starts, root_grads, inputs, capture, retain_graph, records: bool):
        self.keep = bool(retain_graph)
        # arrays the user can see (their gradients, hook results, arrays sent down two
        # edges): AccumulateGrad must copy these rather than keep them as .grad
        self.foreign = {id(g) for g in root_grads}
        self.hooked = False   # a hook ran: a gradient may have any shape, user code ran
        self.capture_only = capture is not None   # grad(): gradients returned, not accumulated
        self.captures = None  # node -> slots of `captured`
        self.captured = None
        self.needed = None    # nodes on a path to a wanted gradient (None: all)
        if inputs is not None or capture is not None:
            targets = {}
            if capture is not None:
                self.captures = {}
                self.captured = [None] * len(capture)
                for k, t in enumerate(capture):
                    fn = t._grad_fn if t._grad_fn is not None else t._accumulator()
                    self.captures.setdefault(fn, []).append(k)
                    targets[fn] = True
            for t in _as_list(inputs):
                fn = t._grad_fn if t._grad_fn is not None else t._accumulator()
                targets[fn] = True
            self.needed = _needed_nodes([(fn, 0) for fn in starts], targets, self.captures)
        self.restricted = self.needed is not None or self.captures is not None
        self.arrived = {} if records else None  # node -> the gradients summed for it
        self.index = 0

    def wanted(self, node) -> bool:
        return node in self.needed or (self.captures is not None and node in self.captures)

    def before_node(self, fn, g):
        """Tensor hooks, retain_grad, captures and pre-hooks, in torch's order; _SKIP if the
        node needs not run."""
        x = fn._x
        if x is not None:
            self.hooked = True
            if x.tensor_prehooks:
                g = _run_tensor_hooks(x.tensor_prehooks, g, self.foreign)
            if x.retain is not None:
                _retain_grad(x.retain, g)
        if type(fn) is AccumulateGrad and fn.variable._hooks:
            g = _run_tensor_hooks(fn.variable._hooks, g, self.foreign)
        if self.captures is not None and fn in self.captures:
            for k in self.captures[fn]:
                self.captured[k] = g
        if self.needed is not None and fn not in self.needed:
            return _SKIP
        if x is not None and x.prehooks:
            for h in x.prehooks:
                r = h(_wrap_list([g]))
                if r is not None:
                    g = _unwrap(r[0])
                    self.foreign.add(id(g))
        return g

    def accumulate(self, fn, g) -> None:
        """AccumulateGrad: leaf.grad += g (unless grad() captures instead), then its hooks."""
        if g is not None and not self.capture_only:
            _accumulate(fn.variable, g, self.foreign)
        x = fn._x
        if x is not None and x.hooks:
            for h in x.hooks:
                h(_wrap_list([]), _wrap_list([g]))

    def apply_node(self, fn, g) -> tuple[list | None, list]:
        """The general case: three or more inputs, an undefined gradient, a custom Function,
        a node with several outputs (Node._apply).  Returns the gradient of each output (a
        node with several outputs: its stand-ins filed them, read before _apply uses them;
        else None) and the gradients to hand on."""
        per_output = fn.__dict__.get("_slots")
        if per_output is not None:
            per_output = list(per_output)
        grads = fn._apply(g)
        if len(grads) > 1:
            _mark_shared(grads, self.foreign)
        return per_output, grads

    def node_hooks(self, fn, g, grads: list, per_output: list | None) -> list:
        """Node.register_hook: each hook sees (grad_inputs, grad_outputs) and may replace
        the gradients handed on."""
        outputs = [g] if per_output is None else per_output
        for h in fn._x.hooks:
            r = h(_wrap_list(grads), _wrap_list(outputs))
            if r is not None:
                grads = [_unwrap(v) for v in r]
                self.foreign.update(id(v) for v in grads if v is not None)
        return grads

    def leaf_step(self, fn, contribs: list, g) -> BackwardStep:
        leaf = fn.variable
        step = BackwardStep(self.index, fn, "AccumulateGrad", [contribs], [g], [], (), leaf,
                            None if leaf._grad is None else leaf._grad._data.copy(), ())
        self.index += 1
        return step

    def node_step(self, fn, contribs: list, g, grads: list,
                  per_output: list | None) -> BackwardStep:
        # a node with several outputs (split, a custom Function): its step shows the
        # gradient of each output, which its stand-ins filed
        if per_output is None:
            grad_inputs, grad_output = [contribs], [g]
        else:
            grad_output = per_output
            grad_inputs = [[gk] for gk in grad_output]
        step = BackwardStep(self.index, fn, type(fn).__name__, grad_inputs, grad_output,
                            list(grads), fn.next_functions, None, None, fn._opdef.formulas)
        self.index += 1
        return step
