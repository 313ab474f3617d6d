"""Convolution-network cases run identically against torch and the engine (``lib`` is either
module): values, gradients, grad_fn names, running statistics, module reprs, state_dict
keys, error texts and SGD trajectories.  ``record_nn.py`` stores torch 2.13's observations
in fixtures/nn.json; ``test_nn_parity.py`` replays the cases on the engine and compares.

Inputs come from numpy's seeded generator and are handed to both libraries, so nothing
depends on either library's random numbers."""
from __future__ import annotations

import numpy as np


def _arr(t):
    return None if t is None else np.asarray(t.detach().numpy(), dtype=np.float64).tolist()


def _rng(seed):
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------- functional ops
FUNCTIONAL = [
    # (name, input shapes (None: no such input), kwargs)
    ("conv2d", [(2, 3, 7, 7), (4, 3, 3, 3), (4,)], {}),
    ("conv2d", [(2, 3, 7, 7), (4, 3, 3, 3), None], {"stride": 2, "padding": 1}),
    ("conv2d", [(1, 2, 9, 8), (3, 2, 3, 2), (3,)], {"stride": (2, 1), "padding": (2, 1),
                                                     "dilation": (2, 1)}),
    ("conv2d", [(2, 4, 6, 6), (6, 2, 3, 3), (6,)], {"groups": 2, "padding": 1}),
    ("conv2d", [(1, 4, 6, 6), (4, 1, 3, 3), None], {"groups": 4, "stride": 2, "padding": 1}),
    ("conv2d", [(1, 3, 6, 6), (2, 3, 3, 3), (2,)], {"padding": "same"}),
    ("conv2d", [(1, 3, 6, 6), (2, 3, 2, 2), (2,)], {"padding": "same"}),
    ("conv2d", [(1, 3, 6, 6), (2, 3, 3, 3), (2,)], {"padding": "valid"}),
    ("conv2d", [(2, 8, 8, 8), (4, 8, 1, 1), None], {"stride": 2}),
    ("conv2d", [(3, 6, 6), (2, 3, 3, 3), (2,)], {"padding": 1}),          # unbatched
    ("max_pool2d", [(3, 6, 6)], {"kernel_size": 2}),                      # unbatched
    ("avg_pool2d", [(3, 6, 6)], {"kernel_size": 3, "stride": 2}),
    ("adaptive_avg_pool2d", [(3, 6, 5)], {"output_size": (2, 2)}),
    ("adaptive_avg_pool2d", [(3, 6, 5)], {"output_size": 1}),
    ("max_pool2d", [(2, 3, 8, 8)], {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("max_pool2d", [(1, 2, 7, 7)], {"kernel_size": 2}),
    ("max_pool2d", [(1, 2, 7, 6)], {"kernel_size": (3, 2), "stride": (2, 1), "dilation": (1, 2)}),
    ("max_pool2d", [(1, 2, 7, 7)], {"kernel_size": 3, "stride": 2, "padding": 1,
                                    "ceil_mode": True}),
    ("max_pool2d", [(1, 1, 6, 6)], {"kernel_size": 2, "stride": 2, "ceil_mode": True}),
    ("avg_pool2d", [(2, 3, 8, 8)], {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("avg_pool2d", [(1, 2, 7, 7)], {"kernel_size": 3, "stride": 2, "padding": 1,
                                    "count_include_pad": False}),
    ("avg_pool2d", [(1, 2, 7, 7)], {"kernel_size": 3, "stride": 2, "padding": 1,
                                    "ceil_mode": True}),
    ("avg_pool2d", [(1, 2, 7, 7)], {"kernel_size": 3, "stride": 2, "padding": 1,
                                    "ceil_mode": True, "count_include_pad": False}),
    ("avg_pool2d", [(1, 2, 6, 6)], {"kernel_size": 2, "divisor_override": 3}),
    ("adaptive_avg_pool2d", [(2, 3, 7, 7)], {"output_size": 1}),
    ("adaptive_avg_pool2d", [(2, 3, 7, 7)], {"output_size": (1, 1)}),
    ("adaptive_avg_pool2d", [(1, 2, 7, 5)], {"output_size": (3, 2)}),
    ("adaptive_avg_pool2d", [(1, 2, 5, 5)], {"output_size": (7, 4)}),
    ("batch_norm", [(4, 3, 5, 5), "stats", (3,), (3,)], {"training": True}),
    ("batch_norm", [(4, 3, 5, 5), "stats", (3,), (3,)], {"training": False}),
    ("batch_norm", [(4, 3, 5, 5), None, None, None], {"training": True}),
    ("batch_norm", [(6, 4), "stats", (4,), (4,)], {"training": True, "momentum": 0.3,
                                                   "eps": 1e-3}),
    ("batch_norm", [(3, 2, 5), "stats", (2,), None], {"training": False}),
]


def run_functional(lib, case, dtype: str) -> dict:
    name, shapes, kw = case
    rng = _rng(hash_seed(case))
    F = lib.nn.functional
    dt = np.dtype(dtype)

    def leaf(shape):
        return lib.tensor(rng.standard_normal(shape).astype(dt), requires_grad=True)

    if name == "batch_norm":
        x = leaf(shapes[0])
        c = shapes[0][1]
        rm = rv = None
        if shapes[1] == "stats":
            rm = lib.tensor(rng.standard_normal(c).astype(dt))
            rv = lib.tensor(rng.uniform(0.5, 2.0, c).astype(dt))
        w = leaf(shapes[2]) if shapes[2] else None
        b = leaf(shapes[3]) if shapes[3] else None
        out = F.batch_norm(x, rm, rv, w, b, **kw)
        wrt = [t for t in (x, w, b) if t is not None]
        extra = {"running_mean": _arr(rm), "running_var": _arr(rv)}
    else:
        ins = [leaf(s) if s is not None else None for s in shapes]
        out = getattr(F, name)(*ins, **kw)
        wrt = [t for t in ins if t is not None]
        extra = {}
    cot = lib.tensor(rng.standard_normal(tuple(out.shape)).astype(dt))
    (out * cot).sum().backward()
    return {"value": _arr(out), "shape": list(out.shape), "grad_fn": out.grad_fn.name(),
            "next": [None if f is None else f.name() for f, _ in out.grad_fn.next_functions],
            "grads": [_arr(t.grad) for t in wrt], **extra}


def hash_seed(case) -> int:
    """A seed from the case's text (stable across runs, unlike hash())."""
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(repr(case))) % (2 ** 31)


# ----------------------------------------------------------------------------- errors
ERRORS = [
    ("conv2d", [(1, 4, 8, 8), (6, 3, 3, 3)], {}),
    ("conv2d", [(2, 3), (6, 3, 3, 3)], {}),
    ("conv2d", [(1, 3, 2, 2), (6, 3, 3, 3)], {}),
    ("conv2d", [(1, 6, 8, 8), (6, 3, 3, 3)], {"groups": 4}),
    ("conv2d", [(1, 6, 8, 8), (6, 3, 3, 3), (5,)], {"groups": 2}),
    ("conv2d", [(1, 3, 8, 8), (6, 3, 3, 3)], {"stride": 0}),
    ("conv2d", [(1, 3, 8, 8), (6, 3, 3, 3)], {"padding": -1}),
    ("conv2d", [(1, 3, 8, 8), (6, 3, 3, 3)], {"padding": "same", "stride": 2}),
    ("conv2d", [(1, 3, 8, 8), (6, 3, 3, 3)], {"padding": "full"}),
    ("max_pool2d", [(1, 3, 8, 8)], {"kernel_size": 3, "padding": 2}),
    ("max_pool2d", [(1, 3, 2, 2)], {"kernel_size": 3}),
    ("avg_pool2d", [(1, 3, 8, 8)], {"kernel_size": 3, "padding": 2}),
    ("batch_norm", [(1, 3, 1, 1), (3,), (3,)], {"training": True}),
    ("batch_norm", [(2, 3, 4, 4), (4,), (4,)], {"training": True}),
    ("dropout", [(2, 3)], {"p": 1.5}),
]


def run_error(lib, case) -> list:
    name, shapes, kw = case
    ins = [lib.tensor(np.ones(s, dtype=np.float32)) for s in shapes]
    try:
        getattr(lib.nn.functional, name)(*ins, **kw)
    except (RuntimeError, ValueError) as e:
        return [type(e).__name__, str(e).splitlines()[0]]
    return ["no error", ""]


# ----------------------------------------------------------------------------- modules
def modules(nn) -> list:
    return [
        nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False),
        nn.Conv2d(4, 4, (3, 5), stride=(2, 1), padding=(1, 2), groups=2),
        nn.Conv2d(3, 4, 3, dilation=2, padding="same"),
        nn.Conv2d(3, 4, 1, padding="valid"),
        nn.BatchNorm2d(64),
        nn.BatchNorm2d(8, affine=False, track_running_stats=False, momentum=None),
        nn.BatchNorm1d(5, eps=1e-3),
        nn.MaxPool2d(3, 2, 1),
        nn.MaxPool2d(kernel_size=(2, 3), ceil_mode=True),
        nn.AvgPool2d(2),
        nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.AdaptiveAvgPool2d(1),
        nn.Dropout(),
        nn.Dropout(0.2, inplace=True),
        nn.ReLU(inplace=True),
        nn.Flatten(),
        nn.Sequential(nn.Conv2d(3, 8, 3, bias=False), nn.BatchNorm2d(8), nn.ReLU(inplace=True),
                      nn.MaxPool2d(2), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.1),
                      nn.Linear(8, 2)),
    ]


def run_modules(lib) -> list:
    out = []
    for m in modules(lib.nn):
        out.append({"repr": repr(m), "state_dict": list(m.state_dict().keys()),
                    "shapes": [list(np.shape(v)) for v in m.state_dict().values()],
                    "parameters": [n for n, _ in m.named_parameters()],
                    "modules": [n for n, _ in m.named_modules()],
                    "n_params": int(sum(int(np.prod(p.shape)) for p in m.parameters()))})
    return out


class _Net:
    """A small conv net in both libraries, with the weights given as numpy arrays."""

    @staticmethod
    def build(nn):
        return nn.Sequential(nn.Conv2d(3, 6, 3, padding=1, bias=False), nn.BatchNorm2d(6),
                             nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, 1),
                             nn.Conv2d(6, 8, 3, stride=2, padding=1), nn.BatchNorm2d(8),
                             nn.ReLU(inplace=True), nn.AvgPool2d(2),
                             nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(8, 3))


def _state(lib, m, rng):
    sd = {}
    for k, v in m.state_dict().items():
        a = np.asarray(v.detach().numpy() if hasattr(v, "detach") else v)
        if a.dtype.kind == "f":
            a = (rng.standard_normal(a.shape) * 0.5).astype(np.float64)
            if k.endswith("running_var"):
                a = np.abs(a) + 0.5
        sd[k] = lib.tensor(a)
    return sd


def run_training(lib, momentum) -> dict:
    """Three training steps of a conv net with BatchNorm (momentum 0.1 or None) and SGD,
    then an eval forward: outputs, losses, gradients and running statistics."""
    rng = _rng(7)
    net = _Net.build(lib.nn).double()
    for mod in net.modules():
        if type(mod).__name__ == "BatchNorm2d":
            mod.momentum = momentum
    net.load_state_dict(_state(lib, net, rng))
    opt = lib.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-3)
    x = lib.tensor(rng.standard_normal((4, 3, 9, 9)))
    target = lib.tensor(rng.integers(0, 3, 4))
    steps = []
    for _ in range(3):
        opt.zero_grad()
        loss = lib.nn.functional.cross_entropy(net(x), target)
        loss.backward()
        steps.append({"loss": float(loss.item()),
                      "grads": {n: _arr(p.grad) for n, p in net.named_parameters()}})
        opt.step()
    net.eval()
    y = net(x)
    return {"steps": steps, "eval_out": _arr(y), "grad_fn": y.grad_fn.name(),
            "state": {k: np.asarray(v.detach().numpy() if hasattr(v, "detach") else v,
                                    dtype=np.float64).tolist()
                      for k, v in net.state_dict().items()}}


def run_load_errors(lib) -> list:
    nn = lib.nn
    res = []
    bn = nn.BatchNorm2d(3)
    good = {k: v for k, v in bn.state_dict().items()}
    bad_cases = [
        {k: v for k, v in good.items() if k != "running_var"},
        {**good, "extra.weight": lib.tensor(np.zeros(2))},
        {**good, "weight": lib.tensor(np.zeros(4))},
    ]
    for sd in bad_cases:
        try:
            bn.load_state_dict(sd)
            res.append("no error")
        except RuntimeError as e:
            res.append(str(e))
    keys = bn.load_state_dict(bad_cases[1], strict=False)
    res.append([list(keys.missing_keys), list(keys.unexpected_keys)])
    return res


# ----------------------------------------------------------------------------- SGD
SGD_CONFIGS = [
    {"lr": 0.1},
    {"lr": 0.1, "momentum": 0.9},
    {"lr": 0.05, "momentum": 0.9, "dampening": 0.3},
    {"lr": 0.1, "momentum": 0.8, "weight_decay": 0.01},
    {"lr": 0.1, "momentum": 0.9, "nesterov": True},
    {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1},
    {"lr": 0.1, "momentum": 0.5, "maximize": True},
]


def run_sgd(lib, config) -> dict:
    """Five SGD steps on a conv + linear model (float64), with two param groups when
    ``groups`` (the second at a tenth of the learning rate)."""
    rng = _rng(11)
    nn = lib.nn
    conv = nn.Conv2d(2, 3, 3).double()
    fc = nn.Linear(12, 2).double()
    for m in (conv, fc):
        m.load_state_dict({k: lib.tensor(rng.standard_normal(np.shape(v)))
                           for k, v in m.state_dict().items()})
    x = lib.tensor(rng.standard_normal((2, 2, 4, 4)))
    groups = [{"params": list(conv.parameters())},
              {"params": list(fc.parameters()), "lr": config["lr"] / 10}]
    opt = lib.optim.SGD(groups, **config)
    traj = []
    for _ in range(5):
        opt.zero_grad()
        y = fc(conv(x).relu().flatten(1))
        loss = (y * y).sum()
        loss.backward()
        opt.step()
        traj.append([_arr(p) for p in (*conv.parameters(), *fc.parameters())])
    return {"trajectory": traj}
