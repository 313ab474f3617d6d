"""API-breadth cases of ``torch.nn`` / ``torch.optim`` / ``torch.utils`` (issues #13/#14) run
identically against torch and the engine (``lib`` is either module): values, gradients,
``grad_fn`` names, module reprs, optimizer and scheduler trajectories.  ``record_breadth.py``
stores torch 2.13's observations in fixtures/breadth.json; ``test_breadth_parity.py`` replays
the cases on the engine and compares (strings exactly, numbers to a dtype's tolerance).

Inputs are literals or come from numpy's seeded generator, handed to both libraries, so
nothing depends on either library's random numbers."""
from __future__ import annotations

import numpy as np

CASES: dict = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def arr(t):
    return None if t is None else np.asarray(t.detach().numpy(), dtype=np.float64).tolist()


def name(t):
    fn = t.grad_fn
    return None if fn is None else fn.name()


def nexts(t):
    return [None if f is None else f.name().replace("torch::autograd::", "")
            for f, _ in t.grad_fn.next_functions]


def rnd(seed, *shape):
    return np.random.default_rng(seed).standard_normal(shape)


def leaf(lib, a, dt):
    return lib.tensor(np.asarray(a, dtype=np.float64), dtype=getattr(lib, dt),
                      requires_grad=True)


def observe_unary(lib, fn, x):
    y = fn(x)
    w = lib.tensor(np.linspace(-1.0, 1.5, y.numel()).reshape(tuple(y.shape)), dtype=y.dtype)
    (y * w).sum().backward()
    return {"value": arr(y), "grad": arr(x.grad), "grad_fn": name(y), "next": nexts(y),
            "str": str(y) if x.dtype == lib.float32 else None}


# ----------------------------------------------------------------------------- activations
ACTIVATIONS = [
    ("leaky_relu", {}), ("leaky_relu", {"negative_slope": 0.2}), ("elu", {}),
    ("elu", {"alpha": 0.5}), ("selu", {}), ("celu", {"alpha": 2.0}), ("gelu", {}),
    ("gelu", {"approximate": "tanh"}), ("silu", {}), ("mish", {}), ("softplus", {}),
    ("softplus", {"beta": 2.0, "threshold": 1.0}), ("softsign", {}), ("hardtanh", {}),
    ("hardtanh", {"min_val": -0.5, "max_val": 2.0}), ("relu6", {}), ("hardswish", {}),
    ("hardsigmoid", {}), ("threshold", {"threshold": 0.1, "value": 20.0}), ("logsigmoid", {}),
    ("softmin", {"dim": 1}), ("glu", {}), ("glu", {"dim": 0}), ("tanhshrink", {}),
    ("softshrink", {}), ("hardshrink", {"lambd": 0.3}),
]
# a moderate range: far in GELU's tail torch's float32 erf differs in the 4th digit
X_ACT = np.clip(rnd(1, 4, 6) * 2, -2.5, 3.5).tolist()


@case
def activations_functional(lib, dt):
    F = lib.nn.functional
    out = []
    for fname, kw in ACTIVATIONS:
        out.append(observe_unary(lib, lambda x: getattr(F, fname)(x, **kw), leaf(lib, X_ACT, dt)))
    return out


@case
def activation_modules(lib, dt):
    nn = lib.nn
    mods = [nn.LeakyReLU(), nn.LeakyReLU(0.2, inplace=True), nn.ELU(), nn.ELU(alpha=0.5),
            nn.SELU(), nn.CELU(), nn.GELU(), nn.GELU(approximate="tanh"), nn.SiLU(), nn.Mish(),
            nn.Softplus(), nn.Softplus(beta=2, threshold=10), nn.Softsign(), nn.Hardtanh(),
            nn.Hardtanh(-2, 2), nn.ReLU6(), nn.ReLU6(inplace=True), nn.Hardswish(),
            nn.Hardsigmoid(), nn.Threshold(0.1, 20), nn.LogSigmoid(), nn.Softmin(dim=1),
            nn.GLU(), nn.PReLU(), nn.PReLU(6), nn.Tanhshrink(), nn.Softshrink(),
            nn.Hardshrink(0.3), nn.SiLU(inplace=True)]
    out = []
    for m in mods:
        x = leaf(lib, X_ACT, dt)
        if getattr(m, "inplace", False):  # torch refuses in-place on a leaf: work on a copy
            x0, x = x, None

            def fn(_, m=m, x0=x0):
                return m(x0 * 1)
            y = fn(None)
            (y * 2).sum().backward()
            out.append({"repr": repr(m), "value": arr(y), "grad_fn": name(y),
                        "grad": arr(x0.grad)})
            continue
        if isinstance(m, nn.PReLU):
            m = m.double() if dt == "float64" else m
        o = observe_unary(lib, m, x)
        o["repr"] = repr(m)
        if isinstance(m, nn.PReLU):
            o["weight_grad"] = arr(m.weight.grad)
        out.append(o)
    return out
