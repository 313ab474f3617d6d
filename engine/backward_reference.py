"""The backward pass, written to be read: what ``loss.backward()`` does, in one function.

This is the reference.  ``autograd.backward_steps`` (the fast path the app uses) must give
the same gradients in the same node order; tests/engine/test_backward_reference.py checks
it on every parity program and on random graphs.

PyTorch's engine, in four steps:

1. Count, for every node reachable from the roots, how many gradients will flow into it.
2. Put the roots in the *ready queue* with their gradients.
3. Pop the ready node with the highest sequence number (the most recently created one; a
   leaf's AccumulateGrad has the largest number of all, so it runs as soon as it is ready).
   Run its VJPs: one gradient per input edge.
4. Add each gradient to the buffer of the node it flows to; a node whose buffer has all its
   gradients becomes ready.  Repeat until the queue is empty.

AccumulateGrad, the sink of a leaf, adds the gradient to ``leaf.grad``.
"""
from __future__ import annotations

import heapq

from .backward_support import (_accumulate, _mark_shared, _needed_nodes, _retain_grad,
                               _run_tensor_hooks, _unwrap, _wrap_list)
from .graph import AccumulateGrad, check_saved


def backward(roots: list, root_grads: list, retain_graph: bool = False, inputs=None,
             capture=None, trace: list | None = None):
    """Backpropagate ``root_grads`` (numpy arrays, one per root tensor) through the graph.

    ``inputs``: only these leaves accumulate (``backward(inputs=...)``).  ``capture``:
    tensors whose gradients are returned instead of accumulated (``autograd.grad``).
    ``trace``: if a list, each node run is appended to it, in order.
    """
    starts = [t._grad_fn or t._accumulator() for t in roots]
    deps = _dependencies(starts)     # 1. how many gradients each node waits for

    # grad()'s captures (node -> indices into `captured`) and, when only some gradients
    # are wanted, the nodes that must run (None: all)
    slots, needed = _wanted(starts, inputs, capture)
    captured = [None] * len(capture or ())

    # 2. the roots' gradients go into their nodes' buffers
    buffers = {}                     # node -> the gradients received so far
    queue = []                       # heap of (-sequence number, node): highest first
    foreign = {id(g) for g in root_grads}  # arrays the user can see: .grad must copy them

    expected = dict(deps)            # a root also receives its given gradient
    for fn in starts:
        expected[fn] = expected.get(fn, 0) + 1

    def receive(node, g):
        buffers.setdefault(node, []).append(g)
        if len(buffers[node]) == expected[node]:  # all its gradients are in: ready
            heapq.heappush(queue, (-node._seq, node))

    for fn, g in zip(starts, root_grads):
        receive(fn, g)

    # 3./4. run the ready nodes
    while queue:
        _, node = heapq.heappop(queue)
        g = _sum(buffers.pop(node))  # in arrival order, like torch's InputBuffer
        if trace is not None and node._output_of is None:  # (not an output's stand-in)
            trace.append(node)
        g = _tensor_hooks(node, g, foreign)  # Tensor.register_hook, retain_grad
        for k in slots.get(node, ()):
            captured[k] = g
        if needed is not None and node not in needed:
            continue
        g = _pre_hooks(node, g, foreign)     # Node.register_prehook

        if isinstance(node, AccumulateGrad):  # a leaf: leaf.grad += g
            if g is not None and capture is None:
                _accumulate(node.variable, g, foreign)
            _post_hooks(node, [], [g], foreign)
            continue

        check_saved(node)         # torch's error if a saved tensor changed in place
        # a node with several outputs (split): its outputs' gradients, filed by stand-ins
        outputs = list(node.__dict__.get("_slots") or [g])
        grads = node._apply(g)       # one VJP per input edge (broadcasts summed back)
        _mark_shared(grads, foreign)
        grads = _post_hooks(node, grads, outputs, foreign)  # Node.register_hook
        if not retain_graph:
            _free_saved(node)
        for nxt, gi in zip(node._nx, grads):
            if nxt is not None and (needed is None or nxt in needed or nxt in slots):
                receive(nxt, gi)
    return captured if capture is not None else None


def _dependencies(starts: list) -> dict:
    """Step 1: for every node reachable from the roots, how many gradients flow into it."""
    deps = {}
    stack = list(dict.fromkeys(starts))
    seen = set(stack)
    while stack:
        for nxt in stack.pop()._nx:
            if nxt is not None:
                deps[nxt] = deps.get(nxt, 0) + 1
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    return deps


def _wanted(starts: list, inputs, capture) -> tuple[dict, set | None]:
    """``capture`` (autograd.grad's inputs): node -> their indices; and the nodes on a path
    from a root to a wanted gradient (None when every gradient is wanted)."""
    slots = {}
    for k, t in enumerate(capture or ()):
        slots.setdefault(t._grad_fn or t._accumulator(), []).append(k)
    if inputs is None and capture is None:
        return slots, None
    targets = set(slots) | {t._grad_fn or t._accumulator() for t in inputs or ()}
    return slots, _needed_nodes([(fn, 0) for fn in starts], targets,
                                   slots if capture is not None else None)


def _tensor_hooks(node, g, foreign: set):
    """The hooks a user put on the tensor this node's gradient belongs to, in torch's
    order: ``register_hook`` on a non-leaf, ``retain_grad``, then a leaf's own hooks."""
    x = node._x
    if x is not None and x.tensor_prehooks:
        g = _run_tensor_hooks(x.tensor_prehooks, g, foreign)
    if x is not None and x.retain is not None:
        _retain_grad(x.retain, g)
    if isinstance(node, AccumulateGrad) and node.variable._hooks:
        g = _run_tensor_hooks(node.variable._hooks, g, foreign)
    return g


def _pre_hooks(node, g, foreign: set):
    """``node.register_prehook``: each may replace the gradient the node receives."""
    x = node._x
    for h in (x.prehooks or ()) if x is not None else ():
        r = h(_wrap_list([g]))
        if r is not None:
            g = _unwrap(r[0])
            foreign.add(id(g))
    return g


def _post_hooks(node, grads: list, outputs: list, foreign: set) -> list:
    """``node.register_hook``: each sees (grad_inputs, grad_outputs) and may replace the
    gradients the node hands on (a leaf's hooks only observe)."""
    x = node._x
    for h in (x.hooks or ()) if x is not None else ():
        r = h(_wrap_list(grads), _wrap_list(outputs))
        if r is not None and grads:
            grads = [_unwrap(v) for v in r]
            foreign.update(id(v) for v in grads if v is not None)
    return grads


def _sum(grads: list):
    """g0 + g1 + ..., skipping undefined (None) gradients."""
    total = None
    for g in grads:
        if g is not None:
            total = g if total is None else total + g
    return total


def _free_saved(node) -> None:
    """Drop what the node saved (a second backward then raises), as torch does: only if a
    VJP that ran needed saved tensors."""
    opdef = node._opdef
    if opdef._bw is None:            # a custom Function: frees whatever it saved
        free = 1 if node._args else 0
    else:
        free = opdef._bw[2]          # 0: saved nothing, 1: always, 2: see saved_by
    if free == 1 or (free == 2 and any(opdef.saved_by[i] for n, i in
                                       zip(node._nx, node._edges) if n is not None)):
        node._args = node._out = None
