"""``torch.autograd.graph`` and ``autograd.grad(materialize_grads=True)`` cases run on torch
and on the engine; each returns printed results that must be equal."""
from __future__ import annotations


def node_api(lib) -> list:
    a = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = (a * 2).pow(2)
    fn = b.grad_fn
    out = [str(isinstance(fn, lib.autograd.graph.Node)), fn.name(),
           str([None if n is None else n.name() for n, _ in fn.next_functions])]
    fn.metadata["tag"] = 1
    out.append(str(b.grad_fn.metadata))
    seen = []
    h1 = fn.register_prehook(lambda g_out: seen.append(("pre", [round(float(x), 3) for x in g_out[0]])))
    h2 = fn.register_hook(lambda g_in, g_out: (g_in[0] * 0 + 1,))
    b.sum().backward(retain_graph=True)
    out += [str(seen), str(a.grad)]
    h1.remove()
    h2.remove()
    a.grad = None
    b.sum().backward()
    out += [str(len(seen)), str(a.grad)]
    return out


def multi_grad_hooks(lib) -> list:
    graph = lib.autograd.graph
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = lib.tensor([3.0], requires_grad=True)
    z = lib.tensor([5.0], requires_grad=True)
    # (the engine runs an "all" hook when the pass ends, torch once the last gradient it
    # waits for arrives: the calls are the same, their order among other hooks may differ)
    calls, any_calls = [], []
    h_all = graph.register_multi_grad_hook((x, y, z), lambda gs: calls.append(
        ("all", [None if g is None else g.tolist() for g in gs])))
    h_any = graph.register_multi_grad_hook((x, y, z), lambda g: any_calls.append(
        ("any", g.tolist())), mode="any")
    (x * y).sum().backward(retain_graph=True)
    (x * z).sum().backward(inputs=(z,))
    (x * 3).sum().backward()
    h_all.remove()
    h_any.remove()
    (x * y).sum().backward()
    out = [str(calls), str(any_calls)]
    try:
        graph.register_multi_grad_hook((x,), print, mode="some")
    except ValueError as e:
        out.append(str(e))
    with graph.save_on_cpu():
        w = (x * y).sum()
    w.backward()
    out.append(str(x.grad))
    return out


def materialize_grads(lib) -> list:
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = lib.tensor([3.0], requires_grad=True)
    z = (x * 2).sum()
    out = [str(lib.autograd.grad(z, [x, y], materialize_grads=True, retain_graph=True))]
    try:
        lib.autograd.grad(z, [x, y], allow_unused=False, materialize_grads=True)
    except ValueError as e:
        out.append(str(e))
    return out


def variable_api(lib) -> list:
    import warnings
    Variable = lib.autograd.Variable
    t = lib.tensor([1.0, 2.0])
    v = Variable(t, requires_grad=True)
    out = [str(isinstance(t, Variable)), type(v).__name__, str(v is t), repr(v),
           str(t.requires_grad), repr(Variable())]
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        out.append(repr(Variable(t, volatile=True)))
    out.append(str([str(w.message) for w in got]))
    try:
        Variable([1.0, 2.0])
    except TypeError as e:
        out.append(str(e))
    return out


CASES = {f.__name__: f for f in (node_api, multi_grad_hooks, materialize_grads, variable_api)}
