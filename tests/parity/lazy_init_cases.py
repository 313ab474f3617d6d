"""Lazy-module and ``nn.init`` cases shared by the recorder (torch) and the tests (engine).

Each case is a function of the library (``torch`` or ``engine``) returning a list of strings
that must be equal: reprs before and after the first call, class names, shapes, warnings.
"""
from __future__ import annotations

import warnings


def lazy_linear(lib) -> list:
    nn = lib.nn
    net = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(2, bias=False))
    out = [repr(net), repr(net[0].weight), repr(net[0].bias), type(net[0].weight).__name__]
    y = net(lib.ones(2, 3))
    out += [repr(net), str(tuple(y.shape)), str(tuple(net[0].weight.shape)),
            type(net[0]).__name__, str(type(net[0]) == nn.Linear),
            type(net[0].weight).__name__, str(len(list(net.parameters())))]
    return out


def lazy_conv_bn(lib) -> list:
    nn = lib.nn
    mods = [(nn.LazyConv1d(4, 3), (1, 2, 6)), (nn.LazyConv2d(3, 2, stride=2), (1, 5, 6, 6)),
            (nn.LazyBatchNorm1d(), (3, 5)), (nn.LazyBatchNorm2d(affine=False), (2, 3, 4, 4))]
    out = []
    for m, shape in mods:
        out.append(repr(m))
        y = m(lib.ones(*shape))
        out += [repr(m), str(tuple(y.shape)),
                str([tuple(p.shape) for p in m.parameters()])]
    return out


def init_aliases(lib) -> list:
    init = lib.nn.init
    out = []
    for name, args in (("xavier_uniform", ()), ("xavier_normal", ()), ("kaiming_uniform", ()),
                       ("kaiming_normal", ()), ("uniform", ()), ("normal", ()),
                       ("constant", (0.5,)), ("orthogonal", ()), ("sparse", (0.5,))):
        w = lib.zeros(4, 3)
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("always")
            r = getattr(init, name)(w, *args)
        out.append(f"{name}: {[f'{x.category.__name__}: {x.message}' for x in got]} "
                   f"{r is w} {tuple(r.shape)}")
    return out


def init_deterministic(lib) -> list:
    init = lib.nn.init
    out = []
    w = lib.empty(3, 4)
    out.append(str(init.eye_(w)))
    w = lib.empty(2, 2, 3)
    out.append(str(init.dirac_(w)))
    w = lib.empty(4, 2, 3)
    out.append(str(init.dirac_(w, groups=2)))
    for nl, p in (("linear", None), ("tanh", None), ("relu", None), ("leaky_relu", 0.2),
                  ("selu", None), ("conv2d", None)):
        out.append(f"{nl} {init.calculate_gain(nl, p):.6f}")
    return out


def init_statistics(lib) -> list:
    """Random initialisers: values differ from torch's generator, properties must not."""
    init = lib.nn.init
    out = []
    q = init.orthogonal_(lib.empty(3, 5))
    out.append(str(lib.allclose(q @ q.T, lib.eye(3), atol=1e-5)))
    q = init.orthogonal_(lib.empty(5, 3), gain=2.0)
    out.append(str(lib.allclose(q.T @ q, 4 * lib.eye(3), atol=1e-4)))
    t = init.trunc_normal_(lib.empty(1000), mean=0.0, std=1.0, a=-0.5, b=0.5)
    out.append(str(bool((t >= -0.5).all() and (t <= 0.5).all())))
    s = init.sparse_(lib.empty(10, 4), sparsity=0.3)
    out.append(str([int((s[:, j] == 0).sum()) for j in range(4)]))
    return out


CASES = {f.__name__: f for f in (lazy_linear, lazy_conv_bn, init_aliases,
                                 init_deterministic, init_statistics)}
