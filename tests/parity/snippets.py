"""Short autograd snippets of the kind tutorials and forum answers contain, run on torch or engine.

Each ``snip_*(torch)`` takes the backend module (``torch`` or ``engine``: they share the
API) and returns a list of observations (values, flags, grad_fn names, exact error texts)
made JSON-friendly by :func:`obs`.  record.py stores torch 2.13's observations in
fixtures/snippets.json; test_snippets.py compares the engine's with them, and with torch
live when it is installed.  They cover what the program format of programs.py cannot say:
custom Functions, ``Variable``, legacy constructors, decorators, ``gradcheck``, ``_saved_*``.

Nothing here imports torch or engine.
"""
from __future__ import annotations

import math
import warnings
from typing import Any, Callable


def obs(x) -> Any:
    """A JSON-friendly observation of x (a tensor, a node, a number, a tuple ...)."""
    if hasattr(x, "grad_fn") and hasattr(x, "tolist"):
        fn = x.grad_fn
        return {"value": x.tolist(), "dtype": str(x.dtype), "rg": bool(x.requires_grad),
                "leaf": bool(x.is_leaf), "fn": None if fn is None else fn.name()}
    if hasattr(x, "next_functions"):
        return {"node": x.name(),
                "next": [None if n is None else n.name() for n, _ in x.next_functions]}
    if isinstance(x, (list, tuple)):
        return [obs(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    return x


def attempt(f: Callable) -> Any:
    """obs(f()), or the exception's type and exact text."""
    try:
        return obs(f())
    except Exception as e:  # noqa: BLE001 - the text is what we compare
        return ["raised", type(e).__name__, str(e)]


# ---------------------------------------------------------------------------- missing API
def snip_variable(torch):
    from_var = torch.autograd.Variable
    t = torch.tensor([1., 2.])
    v = from_var(t, requires_grad=True)
    w = from_var(torch.tensor([3.]))
    (v * v).sum().backward()
    return [obs(v), v is t, obs(w), obs(v.grad), obs(t)]


def snip_legacy_constructors(torch):
    return [obs(torch.FloatTensor([1, 2])), list(torch.FloatTensor(2, 3).shape),
            obs(torch.LongTensor([1.7, 2])), obs(torch.DoubleTensor([[1]])),
            obs(torch.IntTensor([3])), list(torch.FloatTensor().shape)]


def snip_norm(torch):
    out = []
    for kw in ({}, {"dim": 0}, {"p": 1}, {"p": 2, "dim": 1, "keepdim": True}, {"p": "fro"},
               {"p": float("inf")}, {"p": 3, "dim": 0}):
        x = torch.tensor([[3., -4.], [1., 2.]], requires_grad=True, dtype=torch.float64)
        n = x.norm(**kw)
        n.sum().backward()
        out.append([obs(n), obs(x.grad)])
    z = torch.zeros(2, requires_grad=True)
    z.norm().backward()
    x = torch.tensor([3., 4.], requires_grad=True)
    return out + [obs(z.grad), obs(torch.norm(x)), obs(x.norm(2))]


def snip_round(torch):
    x = torch.tensor([0.5, 1.5, 2.4, -1.26], requires_grad=True)
    r = (x * 1.0).round()
    r.sum().backward()
    return [obs(r), obs(x.grad), obs(x.round(decimals=1))]


def snip_bce_with_logits(torch):
    F = torch.nn.functional
    x = torch.tensor([[0.5, -1.], [2., 0.]], requires_grad=True, dtype=torch.float64)
    t = torch.tensor([[1., 0.], [0.5, 1.]], requires_grad=True, dtype=torch.float64)
    loss = F.binary_cross_entropy_with_logits(x, t)
    loss.backward()
    big = F.binary_cross_entropy_with_logits(torch.tensor([800., -800.]), torch.tensor([0., 1.]))
    m = torch.nn.BCEWithLogitsLoss()(torch.tensor([0.3]), torch.tensor([1.]))
    return [obs(loss), obs(x.grad), obs(t.grad), obs(big), obs(m)]


def snip_flatten(torch):
    x = torch.ones(2, 3, 4, requires_grad=True)
    f = torch.nn.Flatten()
    y = f(x)
    return [repr(f), obs(y.grad_fn), list(y.shape), list(x.flatten().shape),
            list(torch.flatten(x, 1, 1).shape), list(torch.ones(()).flatten().shape),
            attempt(lambda: torch.ones(2, 3).flatten(2)), list(torch.nn.Flatten(0, 1)(x).shape)]


def snip_relu_inplace(torch):
    m = torch.nn.ReLU(inplace=True)
    x = torch.tensor([-1., 2.], requires_grad=True)
    y = x * 1
    r = m(y)
    r.sum().backward()
    return [repr(m), repr(torch.nn.ReLU()), r is y, obs(y), obs(x.grad)]


def snip_saved_tensors(torch):
    x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    y = x * x.exp()
    e = x.exp()
    p = x ** 2
    s = x.sin()
    out = [y.grad_fn._saved_self is x, obs(y.grad_fn._saved_other),
           e.grad_fn._saved_result is e, obs(e.grad_fn._saved_result), p.grad_fn._saved_self is x,
           s.grad_fn._saved_self is x, obs(x.sigmoid().grad_fn._saved_result)]
    q = (x * x).sum()
    g = q.grad_fn.next_functions[0][0]
    q.backward()
    return out + [attempt(lambda: g._saved_self)]


def snip_no_grad_decorators(torch):
    x = torch.ones(2, requires_grad=True)

    @torch.no_grad
    def f(a):
        return a * 2

    @torch.no_grad()
    def g(a):
        return a * 2

    @torch.enable_grad()
    def h(a):
        return a * 2

    with torch.no_grad():
        inner = h(x)
    return [obs(f(x)), f.__name__, obs(g(x)), obs(inner), obs(x * 2)]


def snip_gradcheck(torch):
    gc = torch.autograd.gradcheck
    x = torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=True)

    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a * a

        @staticmethod
        def backward(ctx, g):
            a, = ctx.saved_tensors
            return g * a

    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        f32 = attempt(lambda: gc(lambda a: a * a, (torch.tensor([1., 2.], requires_grad=True),)))
    return [gc(lambda a: a.exp(), (x,)), gc(lambda a, b: (a * b.sum(), b.t() * 3), (x, y)),
            gc(lambda a: a.norm(), (x,)), attempt(lambda: gc(Wrong.apply, (x,))),
            gc(Wrong.apply, (x,), raise_exception=False), f32[0] == "raised",
            [str(m.message) for m in w]]


# ---------------------------------------------------------------------------- custom Functions
def _functions(torch):
    class MyReLU(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k=2.0):
            ctx.save_for_backward(x)
            ctx.k = k
            return x.clamp(min=0) * k

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * (x > 0) * ctx.k, None

    class Exp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, i):
            result = i.exp()
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, g):
            result, = ctx.saved_tensors
            return g * result

    return MyReLU, Exp


def snip_function_basics(torch):
    MyReLU, Exp = _functions(torch)
    x = torch.tensor([-1., 2.], requires_grad=True)
    y = MyReLU.apply(x, 3.0)
    first = [obs(y), type(y.grad_fn).__name__, obs(y.grad_fn), y.grad_fn.needs_input_grad]
    y.sum().backward()
    first.append(obs(x.grad))
    first.append(attempt(lambda: y.sum().backward()))
    e = Exp.apply(x)
    e.sum().backward(retain_graph=True)
    e.sum().backward()
    with torch.no_grad():
        ng = MyReLU.apply(x)
    return first + [obs(x.grad), obs(ng), obs(MyReLU.apply(torch.ones(2)))]


def snip_function_errors(torch):
    class Count(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w):
            return x * w

        @staticmethod
        def backward(ctx, g):
            return g

    class Shape(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return torch.ones(3)

    class Sums(torch.autograd.Function):  # a broadcastable gradient is summed down
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return torch.ones(3, 2)

    x = torch.tensor([-1., 2.], requires_grad=True)
    MyReLU, Exp = _functions(torch)
    e = Exp.apply(x)
    e.add_(1)
    s = Sums.apply(x).sum()
    s.backward()
    return [attempt(lambda: Count.apply(x, x).sum().backward()),
            attempt(lambda: Shape.apply(x).sum().backward()),
            attempt(lambda: e.sum().backward()), obs(x.grad)]


def snip_function_ctx_marks(torch):
    class Id(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g

    class Dirty(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return 2 * g

    class ND(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            r = x.round()
            ctx.mark_non_differentiable(r)
            return r

        @staticmethod
        def backward(ctx, g):
            return g

    class Modes(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.fwd = torch.is_grad_enabled()
            return x * 2

        @staticmethod
        def backward(ctx, g):
            ctx.bwd = torch.is_grad_enabled()
            return g * 2

    class Setup(torch.autograd.Function):
        @staticmethod
        def forward(x):
            return x * 2

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(inputs[0])

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * x

    x = torch.tensor([-1.5, 2.25], requires_grad=True)
    z = Id.apply(x)
    a = x * 1
    b = Dirty.apply(a)
    b.sum().backward()
    m = Modes.apply(x)
    m.sum().backward()
    s = Setup.apply(x)
    s.sum().backward()
    r = ND.apply(x)
    return [z is x, obs(z), b is a, obs(a), a._version, obs(x.grad),
            attempt(lambda: Dirty.apply(x)), obs(r), m.grad_fn.fwd, m.grad_fn.bwd, obs(s)]


def snip_function_tutorial_legendre(torch):
    """The 'Defining new autograd functions' tutorial's P3, trained for two steps."""
    class LegendrePolynomial3(torch.autograd.Function):
        @staticmethod
        def forward(ctx, input):
            ctx.save_for_backward(input)
            return 0.5 * (5 * input ** 3 - 3 * input)

        @staticmethod
        def backward(ctx, grad_output):
            input, = ctx.saved_tensors
            return grad_output * 1.5 * (5 * input ** 2 - 1)

    x = torch.linspace(-1, 1, 5, dtype=torch.float64)
    y = torch.sin(x)
    a = torch.full((), 0.0, dtype=torch.float64, requires_grad=True)
    b = torch.full((), -1.0, dtype=torch.float64, requires_grad=True)
    c = torch.full((), 0.0, dtype=torch.float64, requires_grad=True)
    d = torch.full((), 0.3, dtype=torch.float64, requires_grad=True)
    P3 = LegendrePolynomial3.apply
    losses = []
    for _ in range(2):
        y_pred = a + b * P3(c + d * x)
        loss = (y_pred - y).pow(2).sum()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            for p in (a, b, c, d):
                p -= 0.01 * p.grad
                p.grad = None
    probe = torch.tensor([0.3, -0.2], dtype=torch.float64, requires_grad=True)
    return [losses, obs(a), obs(b), obs(c), obs(d), torch.autograd.gradcheck(P3, (probe,))]


def run_all(backend) -> dict:
    """Every snippet's observations (or the exception that stopped it)."""
    return {name: attempt(lambda f=fn: f(backend)) for name, fn in SNIPPETS.items()}


def same(got, want, rtol: float = 1e-5, atol: float = 1e-7) -> bool:
    """Equal, floats within tolerance (the engine rounds a little differently in float32)."""
    if isinstance(want, float) and isinstance(got, (int, float)) and not isinstance(got, bool):
        return got == want or abs(got - want) <= atol + rtol * abs(want)  # (== for ±inf)
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(same(g, w, rtol, atol) for g, w in zip(got, want))
    if isinstance(want, dict) and isinstance(got, dict):
        return got.keys() == want.keys() and all(same(got[k], want[k], rtol, atol) for k in want)
    return got == want


def snip_cat_stack(torch):
    a = torch.tensor([1., 2.], requires_grad=True)
    b = torch.tensor([[3., 4., 5.]], requires_grad=True)
    c = torch.cat([a.unsqueeze(0) * 2, b[:, :2]], dim=0)
    s = torch.stack([a, a * 3, torch.ones(2)], 1)
    w = torch.tensor([[1., -1.], [0.5, 2.]])
    loss = (c * w).sum() + (s ** 2).sum()
    loss.backward(retain_graph=True)
    loss.backward()
    return [obs(c), obs(c.grad_fn), obs(s), obs(s.grad_fn), obs(a.grad), obs(b.grad),
            obs(torch.cat((torch.ones(2, dtype=torch.float64), torch.ones(2)))),
            attempt(lambda: torch.cat([a, torch.ones(2, 2)])),
            attempt(lambda: torch.stack([a, torch.ones(3)])), attempt(lambda: torch.cat([]))]




def snip_autograd_functional(torch):
    from_f = torch.autograd.functional
    x = torch.tensor([1., 2., 3.])

    def f(a):
        return a ** 2 * a.sum()
    J = from_f.jacobian(f, x)
    return [obs(J), x.requires_grad, obs(from_f.jacobian(lambda a, b: a * b, (x, x))),
            obs(from_f.hessian(lambda a: (a ** 3).sum(), x)), obs(from_f.vjp(f, x, torch.ones(3)))]


def snip_modes_and_anomaly(torch):
    w = torch.ones(2, requires_grad=True)
    with torch.inference_mode():
        z = w * 2
    with torch.inference_mode(False):
        u = w * 2
    with torch.autograd.set_detect_anomaly(True):
        inside = torch.is_anomaly_enabled()
    return [obs(z), obs(u), inside, torch.is_anomaly_enabled()]


def snip_bce_and_nll(torch):
    F = torch.nn.functional
    x = torch.tensor([0.2, 0.9, 1.0, 0.0], dtype=torch.float64, requires_grad=True)
    t = torch.tensor([0., 1., 0., 1.], dtype=torch.float64, requires_grad=True)
    loss = F.binary_cross_entropy(x, t)
    loss.backward()
    z = torch.tensor([[1., 2.], [0.5, 0.1]], requires_grad=True)
    nll = F.nll_loss(torch.log_softmax(z, 1), torch.tensor([1, 0]))
    nll.backward()
    return [obs(loss), obs(x.grad), obs(t.grad),
            obs(torch.nn.BCELoss()(torch.tensor([0., 1.]), torch.tensor([0., 1.]))),
            obs(nll), obs(z.grad)]




def snip_create_graph(torch):
    x = torch.tensor([0.5, 1.5, -2.0], requires_grad=True, dtype=torch.float64)
    g, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    h, = torch.autograd.grad(g.sum(), x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's reference-cycle advice
        (x.sin() * x.exp()).sum().backward(create_graph=True)
    gx = x.grad
    x.grad = None
    gx.sum().backward()
    w = torch.tensor([[0.3, -0.2], [0.5, 0.1]], requires_grad=True, dtype=torch.float64)
    v = torch.tensor([1.0, 2.0], requires_grad=True, dtype=torch.float64)
    o = ((w @ v).tanh() ** 2).mean()
    gw, gv = torch.autograd.grad(o, (w, v), create_graph=True)
    ((gw ** 2).sum() + (gv ** 2).sum()).backward()
    a = torch.tensor([0.7, 1.3], requires_grad=True, dtype=torch.float64)
    f = (a.sigmoid() / a.sqrt() + a.relu() * a.log() - a.reciprocal()).sum()
    ga, = torch.autograd.grad(f, a, create_graph=True)
    gga, = torch.autograd.grad(ga.sum(), a)
    return [obs(g)["value"], g.requires_grad, obs(h), gx.requires_grad, obs(x.grad), obs(w.grad),
            obs(v.grad), obs(ga)["value"], obs(gga),
            torch.autograd.gradgradcheck(lambda t: (t.sin() * t).sum(), (a,))]




def snip_setitem_in_graph(torch):
    """Building a tensor piece by piece from values that require grad (CopySlices)."""
    w = torch.tensor([1., 2.], requires_grad=True)
    x = torch.zeros(3)
    x[0] = w[0] * 2
    x[1:] = w.exp()
    first = [obs(x), obs(x.grad_fn), x._version]
    x.sum().backward()
    y = w * 1
    y[0] = 5.
    (y * y).sum().backward()
    z = w * 1
    s = z.sin()
    z[0] = 3.
    m = torch.zeros(2, 2)
    m[:, 0] = w
    v = torch.zeros(3)
    v[[0, 2]] = w * 3
    v.sum().backward()

    def write(key):
        w[key] = 1.
    return first + [obs(w.grad), obs(y), obs(y.grad_fn), attempt(lambda: s.sum().backward()),
                    obs(m.grad_fn), obs(v.grad_fn), obs(w.grad), attempt(lambda: write(0)),
                    attempt(lambda: write(slice(None))), attempt(lambda: write([0]))]


# ---------------------------------------------------------------------------- forward mode
def snip_forward_ad_dual(torch):
    fwAD = torch.autograd.forward_ad
    x = torch.tensor([0.5, 2.0], dtype=torch.float64)
    out = [attempt(lambda: fwAD.make_dual(x, torch.ones(2)))]
    with fwAD.dual_level():
        out.append(attempt(lambda: fwAD.make_dual(x, torch.ones(3))))
        d = fwAD.make_dual(x, torch.tensor([1., -1.], dtype=torch.float64))
        y = (d * d).sin() / (1 + d.exp()) - d.sqrt() ** 3
        p, t = fwAD.unpack_dual(y)
        out += [obs(p), obs(t), fwAD.unpack_dual(x).tangent is None, obs(d)]
        w = torch.tensor([1., 2.], requires_grad=True)
        dw = fwAD.make_dual(w, torch.ones(2))
        q = (dw.tanh() ** 2).mean()
        out += [obs(dw), fwAD.unpack_dual(q).tangent.item()]  # (torch: the tangent has a graph)
        q.backward()
        out.append(obs(w.grad))
    out.append(fwAD.unpack_dual(y).tangent is None)
    return out


def snip_func_jvp_vjp_grad(torch):
    F = torch.func
    x = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64)
    v = torch.tensor([[0.5, -1.], [2., 0.]], dtype=torch.float64)
    y = torch.tensor([0.1, 0.2], dtype=torch.float64)
    out = [obs(F.jvp(lambda a: (a @ a).softmax(dim=1), (x,), (v,))),
           obs(F.jvp(lambda a, b: (a * b).sum(0), (x, y), (v, y)))]
    value, vjp_fn = F.vjp(lambda a, b: (a.log() + b).relu(), x, y)
    out += [obs(value), obs(vjp_fn(torch.ones(2, 2, dtype=torch.float64)))]
    out.append(obs(F.grad(lambda a, b: (a.sigmoid() * b).sum(), argnums=(0, 1))(x, y)))
    out.append(attempt(lambda: F.grad(lambda a: a.sin())(x)))
    out.append(obs(x))
    return out


def snip_forward_ad_joins_and_functions(torch):
    fwAD = torch.autograd.forward_ad

    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    with fwAD.dual_level():
        d = fwAD.make_dual(torch.tensor([1., 2.]), torch.tensor([1., -1.]))
        out = [obs(fwAD.unpack_dual(torch.cat([d, torch.tensor([5.])])).tangent),
               obs(fwAD.unpack_dual(torch.stack([d, d * 3], 1)).tangent),
               obs(fwAD.unpack_dual(d.clone()).tangent),
               fwAD.unpack_dual(d.detach()).tangent is None,
               obs(fwAD.unpack_dual(d[1:] * d[0]).tangent),
               attempt(lambda: Double.apply(d))]
    out.append(obs(d * 2))
    return out


def snip_forward_ad_repr(torch):
    """How a dual tensor prints: ``tangent=`` last, a 0-d tangent as its number."""
    fwAD = torch.autograd.forward_ad
    with fwAD.dual_level():
        a = fwAD.make_dual(torch.tensor([1., 2.]), torch.tensor([3., 4.]))
        c = fwAD.make_dual(torch.tensor(1.), torch.tensor(2.))
        x = torch.tensor([1., 2.], requires_grad=True)
        d = fwAD.make_dual(x, torch.tensor([1., 1.]))
        e = fwAD.make_dual(torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64),
                           torch.ones(2, 2, dtype=torch.float64))
        out = [repr(a), str(a), repr(a * 2), repr(c), repr(a.sum()), repr(d), repr(e),
               repr(fwAD.unpack_dual(a).primal)]
    out.append(repr(a))        # the level closed: the tangent is gone
    return out


def snip_inplace_on_views(torch):
    """In place through a view: the base is rebased onto CopySlices, every view of it reads
    through AsStridedBackward0, and torch's refusals (view of a leaf, no_grad view)."""
    out = []
    a = torch.tensor([1., 2., 3.], requires_grad=True)
    x = a.clone()
    x[0].mul_(2)
    x.sum().backward()
    out += [obs(x), obs(x.grad_fn), obs(a.grad)]
    a = torch.tensor([1., 2., 3.], requires_grad=True)
    x = a * 1
    v, w = x[:2], x[1:]
    w.exp_()
    out += [obs(v), obs(w), obs(x.grad_fn)]
    (v * torch.tensor([1., 10.])).sum().backward()
    out.append(obs(a.grad))
    a = torch.tensor([1., 2., 3.], requires_grad=True)
    x = a * 1
    v = x[:2]
    x.mul_(3)                  # in place on the base: views taken before read the new graph
    v.sum().backward()
    out += [obs(v), obs(a.grad)]
    x = torch.zeros(3)
    w = torch.tensor(2., requires_grad=True)
    x[1:].add_(w)
    x.sum().backward()
    out += [obs(x), obs(x.grad_fn), obs(w.grad)]
    a = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    x = a * 1
    x.t()[0].mul_(10)
    x[:, 1].zero_()
    (x * x).sum().backward()
    out += [obs(x), obs(x.grad_fn), obs(a.grad)]
    a = torch.tensor([1., 2., 3., 4.], requires_grad=True)
    b = torch.tensor([5., 6.], requires_grad=True)
    x = a * 2
    x[::2].mul_(b)
    x[1:3] += b
    (x ** 2).sum().backward()
    out += [obs(x), obs(a.grad), obs(b.grad)]
    a = torch.tensor([1., 2., 3., 4.], requires_grad=True)
    x = a.exp()
    x.view(2, 2)[1].sin_()     # exp saved its result: modified through a view
    out.append(attempt(lambda: x.sum().backward()))

    def view_of_leaf():
        a = torch.tensor([1., 2., 3.], requires_grad=True)
        a[0].mul_(2)

    def reshaped_leaf():
        a = torch.tensor([1., 2., 3.], requires_grad=True)
        a.view(3).add_(1)

    def no_grad_view():
        x = torch.tensor([1., 2., 3.], requires_grad=True) * 2
        with torch.no_grad():
            v = x[:2]
        v.mul_(2)
    out += [attempt(view_of_leaf), attempt(reshaped_leaf), attempt(no_grad_view)]
    x = torch.tensor([1., 2., 3.], requires_grad=True) * 1
    with torch.no_grad():
        v = x[:2]
        v.mul_(2)              # both in no_grad: allowed, not recorded
    x.sum().backward()
    out.append(obs(x))
    return out


def snip_function_several_outputs(torch):
    """A custom Function returning a tuple: one gradient per output in backward (zeros for an
    unused output, None with set_materialize_grads(False)), integer and non-differentiable
    outputs without grad_fn, and the graph showing the Function's node for every output."""
    seen = []

    class Split(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            ctx.save_for_backward(x, y)
            return x * y, x + y, (x * 2).long()

        @staticmethod
        def backward(ctx, g1, g2, g3):
            seen.append([obs(g1), obs(g2), obs(g3)])
            x, y = ctx.saved_tensors
            return g1 * y + g2, g1 * x + g2

    class MaxAndIndex(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            idx = x.argmax()
            ctx.mark_non_differentiable(idx)
            ctx.save_for_backward(x, idx)
            return x.max(), idx

        @staticmethod
        def backward(ctx, g, g_idx):
            seen.append([obs(g), obs(g_idx)])
            x, idx = ctx.saved_tensors
            return torch.where(torch.arange(x.shape[0]) == idx, g, torch.zeros_like(x))

    class Lazy(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, ga, gb):
            seen.append([ga is None, gb is None])
            return (ga if ga is not None else 0) * 2 + (gb if gb is not None else 0) * 3

    x = torch.tensor([1., 2.], requires_grad=True)
    y = torch.tensor([3., 4.], requires_grad=True)
    a, b, c = Split.apply(x, y)
    out = [obs(a), obs(b), obs(c), a.grad_fn is b.grad_fn, c.grad_fn is None]
    z = a * b
    out.append([[None if n is None else n.name(), k] for n, k in z.grad_fn.next_functions])
    a.sum().backward(retain_graph=True)
    out += [obs(x.grad), obs(y.grad)]
    (a * b).sum().backward()
    out += [obs(x.grad), obs(y.grad)]
    w = torch.tensor([1., 5., 2.], requires_grad=True)
    m, i = MaxAndIndex.apply(w)
    out += [obs(m), obs(i)]
    (m * 2).backward()
    out.append(obs(w.grad))
    v = torch.tensor([1., 2.], requires_grad=True)
    p, q = Lazy.apply(v)
    q.sum().backward()
    out.append(obs(v.grad))
    return out + seen


SNIPPETS = {name[5:]: fn for name, fn in sorted(globals().items()) if name.startswith("snip_")}
