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


# ----------------------------------------------------------------------------- layers
def with_grads(lib, y, *leaves, params=()):
    w = lib.tensor(np.linspace(-1.0, 1.5, y.numel()).reshape(tuple(y.shape)), dtype=y.dtype)
    (y * w).sum().backward()
    return {"value": arr(y), "grad_fn": name(y), "next": nexts(y),
            "grads": [arr(t.grad) for t in leaves], "param_grads": [arr(p.grad) for p in params]}


def set_params(lib, module, dt, seed=7):
    """Give a module's parameters known values (both libraries draw differently)."""
    rng = np.random.default_rng(seed)
    with lib.no_grad():
        for p in module.parameters():
            p.copy_(lib.tensor(rng.standard_normal(tuple(p.shape)) * 0.5, dtype=getattr(lib, dt)))
    return module.double() if dt == "float64" else module


@case
def layers_functional(lib, dt):
    F = lib.nn.functional
    x, y = leaf(lib, rnd(2, 3, 4), dt), leaf(lib, rnd(3, 3, 4), dt)
    w, b = leaf(lib, rnd(4, 4), dt), leaf(lib, rnd(5, 4), dt)
    out = {
        "layer_norm": with_grads(lib, F.layer_norm(x, (4,), w, b), x, w, b),
        "layer_norm_plain": with_grads(lib, F.layer_norm(x * 1, (3, 4), eps=1e-3), x),
        "normalize": with_grads(lib, F.normalize(x, dim=1), x),
        "normalize_p1": with_grads(lib, F.normalize(y, p=1.0, dim=0), y),
        "cosine": with_grads(lib, F.cosine_similarity(x, y), x, y),
        "cosine_dim0": with_grads(lib, F.cosine_similarity(x, y, dim=0), x, y),
        "pairwise": with_grads(lib, F.pairwise_distance(x, y), x, y),
        "pairwise_p1": with_grads(lib, F.pairwise_distance(x, y, p=1.0, keepdim=True), x, y),
        "pad": with_grads(lib, F.pad(x, (1, 2)), x),
        "pad2": with_grads(lib, F.pad(x, (1, 1, 2, 0), value=-1.5), x),
        "pad_crop": with_grads(lib, F.pad(x, (-1, 2)), x),
    }
    emb = leaf(lib, rnd(6, 5, 3), dt)
    idx = lib.tensor([[0, 2, 4], [2, 2, 1]])
    out["embedding"] = with_grads(lib, F.embedding(idx, emb), emb)
    emb2 = leaf(lib, rnd(6, 5, 3), dt)
    out["embedding_pad"] = with_grads(lib, F.embedding(idx, emb2, padding_idx=2), emb2)
    out["one_hot"] = F.one_hot(lib.tensor([0, 3, 1])).tolist()
    out["one_hot_str"] = str(F.one_hot(lib.tensor([[0, 1], [2, 0]]), 4))
    s = leaf(lib, rnd(7, 2, 3, 7), dt)
    cw, cb = leaf(lib, rnd(8, 4, 3, 3), dt), leaf(lib, rnd(9, 4), dt)
    out["conv1d"] = with_grads(lib, F.conv1d(s, cw, cb), s, cw, cb)
    out["conv1d_s2p1"] = with_grads(lib, F.conv1d(s, cw, None, stride=2, padding=1), s, cw)
    out["max_pool1d"] = with_grads(lib, F.max_pool1d(s, 2), s)
    out["max_pool1d_k3s2"] = with_grads(lib, F.max_pool1d(s, 3, stride=2, padding=1), s)
    out["avg_pool1d"] = with_grads(lib, F.avg_pool1d(s, 3, stride=2), s)
    return out


@case
def layer_modules(lib, dt):
    nn = lib.nn
    out = []
    x = rnd(11, 3, 4)
    for m in (nn.LayerNorm(4), nn.LayerNorm((3, 4), elementwise_affine=False),
              nn.LayerNorm(4, eps=1e-3, bias=False)):
        m = set_params(lib, m, dt)
        xi = leaf(lib, x, dt)
        o = with_grads(lib, m(xi), xi, params=list(m.parameters()))
        o["repr"] = repr(m)
        out.append(o)
    e = set_params(lib, nn.Embedding(10, 3, padding_idx=0), dt)
    with lib.no_grad():
        e.weight[0] = 0
    o = with_grads(lib, e(lib.tensor([[0, 3], [9, 3]])), params=[e.weight])
    o["repr"] = repr(e) + repr(nn.Embedding(4, 2))
    out.append(o)
    pre = lib.tensor(rnd(12, 4, 2), dtype=getattr(lib, dt))
    fe = nn.Embedding.from_pretrained(pre)
    out.append({"value": arr(fe(lib.tensor([1, 3]))), "rg": fe.weight.requires_grad,
                "repr": repr(fe)})
    c = set_params(lib, nn.Conv1d(2, 3, 3, padding=1), dt)
    xi = leaf(lib, rnd(13, 2, 2, 6), dt)
    o = with_grads(lib, c(xi), xi, params=list(c.parameters()))
    o["repr"] = repr(c) + repr(nn.Conv1d(2, 4, 5, stride=2, bias=False))
    out.append(o)
    b = set_params(lib, nn.Bilinear(3, 2, 4), dt)
    x1, x2 = leaf(lib, rnd(14, 5, 3), dt), leaf(lib, rnd(15, 5, 2), dt)
    o = with_grads(lib, b(x1, x2), x1, x2, params=list(b.parameters()))
    o["next"] = None  # torch's trilinear kernel has nodes of its own
    o["repr"] = repr(b)
    out.append(o)
    x1, x2 = leaf(lib, rnd(16, 3, 4), dt), leaf(lib, rnd(17, 3, 4), dt)
    out.append(with_grads(lib, nn.CosineSimilarity(dim=1)(x1, x2), x1, x2))
    out.append(with_grads(lib, nn.PairwiseDistance()(x1, x2), x1, x2))
    out.append({"repr": [repr(m) for m in (
        nn.MaxPool1d(2), nn.AvgPool1d(3, stride=1), nn.Dropout2d(), nn.Dropout1d(0.2),
        nn.CosineSimilarity(), nn.PairwiseDistance(), nn.Unflatten(1, (2, 2)), nn.Identity())]})
    u = nn.Unflatten(1, (2, 2))(leaf(lib, rnd(18, 3, 4), dt))
    out.append({"shape": list(u.shape), "grad_fn": name(u)})
    return out


@case
def containers(lib, dt):
    nn = lib.nn
    ml = nn.ModuleList([nn.Linear(2, 3) for _ in range(3)] + [nn.ReLU(), nn.Tanh(), nn.Tanh()])
    ml.append(nn.Linear(3, 1))
    md = nn.ModuleDict({"enc": nn.Linear(2, 2), "act": nn.ReLU()})
    md["dec"] = nn.Linear(2, 1)
    pl = nn.ParameterList([nn.Parameter(lib.zeros(2)), nn.Parameter(lib.ones(2, 3))])
    pl.append(nn.Parameter(lib.zeros(())))
    pd = nn.ParameterDict({"a": nn.Parameter(lib.zeros(2))})
    pd1 = nn.ParameterDict({"a": nn.Parameter(lib.zeros(2)), "b": nn.Parameter(lib.ones(1, 4))})

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 2)])
            self.heads = nn.ModuleDict({"a": nn.Linear(2, 1)})
            self.scales = nn.ParameterList([nn.Parameter(lib.ones(2))])

        def forward(self, x):
            for layer in self.layers:
                x = layer(x)
            return self.heads["a"](x * self.scales[0])

    net = Net()
    return {
        "reprs": [repr(ml), repr(md), repr(pl), repr(pd), repr(pd1), repr(net),
                  repr(nn.ModuleList()), repr(ml[1:3])],
        "lens": [len(ml), len(md), len(pl), len(pd)],
        "names": [n for n, _ in net.named_parameters()],
        "state_keys": list(net.state_dict().keys()),
        "count": sum(p.numel() for p in net.parameters()),
        "modules": [type(m).__name__ for m in net.modules()],
        "named_modules": [n for n, _ in net.named_modules()],
        "children": [type(m).__name__ for m in net.children()],
        "md_keys": list(md.keys()), "in": "act" in md,
        "ml_neg": repr(ml[-1]),
    }


# ----------------------------------------------------------------------------- losses
@case
def losses(lib, dt):
    F, nn = lib.nn.functional, lib.nn
    out = {}
    t = lib.tensor([0, 1, 3, 1])
    w = lib.tensor([0.5, 2.0, 1.0, 0.25], dtype=getattr(lib, dt))
    probs = lib.tensor(np.random.default_rng(21).dirichlet(np.ones(4), 4), dtype=getattr(lib, dt))
    for key, fn in {
        "ce_ls": lambda x: F.cross_entropy(x, t, label_smoothing=0.1),
        "ce_ls_sum": lambda x: F.cross_entropy(x, t, label_smoothing=0.2, reduction="sum"),
        "ce_ls_none": lambda x: F.cross_entropy(x, t, label_smoothing=0.2, reduction="none"),
        "ce_w": lambda x: F.cross_entropy(x, t, weight=w),
        "ce_w_ls": lambda x: F.cross_entropy(x, t, weight=w, label_smoothing=0.1),
        "ce_ignore": lambda x: F.cross_entropy(x, t, ignore_index=1),
        "ce_ignore_ls": lambda x: F.cross_entropy(x, t, ignore_index=1, label_smoothing=0.3),
        "ce_probs": lambda x: F.cross_entropy(x, probs),
        "ce_probs_ls": lambda x: F.cross_entropy(x, probs, label_smoothing=0.2),
        "nll_w": lambda x: F.nll_loss(x.log_softmax(1), t, weight=w),
        "nll_w_sum": lambda x: F.nll_loss(x.log_softmax(1), t, weight=w, reduction="sum"),
        "nll_ignore_none": lambda x: F.nll_loss(x.log_softmax(1), t, ignore_index=3,
                                                reduction="none"),
        "ce_module": lambda x: nn.CrossEntropyLoss(label_smoothing=0.05)(x, t),
        "nll_module": lambda x: nn.NLLLoss(weight=w, ignore_index=0)(x.log_softmax(1), t),
        "ce_module_w": lambda x: nn.CrossEntropyLoss(weight=w, reduction="sum")(x, t),
    }.items():
        out[key] = observe_unary(lib, fn, leaf(lib, rnd(20, 4, 4), dt))
    x3 = leaf(lib, rnd(22, 2, 3, 5), dt)  # (N, C, d): classes on dim 1
    out["ce_3d_ls"] = observe_unary(lib, lambda x: F.cross_entropy(
        x, lib.tensor([[0, 2, 1, 1, 0], [2, 2, 0, 1, 1]]), label_smoothing=0.1), x3)
    a, b = rnd(23, 5), rnd(24, 5)
    s = lib.tensor([1.0, -1.0, 1.0, -1.0, -1.0], dtype=getattr(lib, dt))
    out["huber"] = observe_unary(lib, lambda x: F.huber_loss(x, lib.tensor(b, dtype=x.dtype)),
                                 leaf(lib, a * 2, dt))
    out["huber_d"] = observe_unary(lib, lambda x: nn.HuberLoss(reduction="sum", delta=0.5)(
        x, lib.tensor(b, dtype=x.dtype)), leaf(lib, a * 2, dt))
    out["margin_ranking"] = observe_unary(lib, lambda x: nn.MarginRankingLoss(margin=0.2)(
        x, lib.tensor(b, dtype=x.dtype), s), leaf(lib, a, dt))
    out["hinge"] = observe_unary(lib, lambda x: nn.HingeEmbeddingLoss()(x, s), leaf(lib, a, dt))
    x1, x2 = rnd(25, 5, 3), rnd(26, 5, 3)
    out["cosine_emb"] = observe_unary(lib, lambda x: nn.CosineEmbeddingLoss(margin=0.1)(
        x, lib.tensor(x2, dtype=x.dtype), s), leaf(lib, x1, dt))
    out["triplet"] = observe_unary(lib, lambda x: nn.TripletMarginLoss(margin=2.0)(
        x, lib.tensor(x2, dtype=x.dtype), lib.tensor(x1 * 0.5, dtype=x.dtype)), leaf(lib, x1, dt))
    tgt = lib.tensor(np.abs(x2) * 3, dtype=getattr(lib, dt))
    out["poisson"] = observe_unary(lib, lambda x: nn.PoissonNLLLoss()(x, tgt), leaf(lib, x1, dt))
    out["poisson_full"] = observe_unary(lib, lambda x: F.poisson_nll_loss(
        x, tgt, log_input=False, full=True), leaf(lib, np.abs(x1) + 0.1, dt))
    var = lib.tensor(np.abs(x2) + 0.1, dtype=getattr(lib, dt))
    out["gaussian"] = observe_unary(lib, lambda x: nn.GaussianNLLLoss()(
        x, lib.tensor(x1, dtype=x.dtype), var), leaf(lib, x2, dt))
    out["gaussian_full"] = observe_unary(lib, lambda x: F.gaussian_nll_loss(
        x, lib.tensor(x1, dtype=x.dtype), var, full=True, reduction="sum"), leaf(lib, x2, dt))
    out["reprs"] = [repr(m) for m in (nn.HuberLoss(), nn.NLLLoss(), nn.CrossEntropyLoss(
        label_smoothing=0.1), nn.MarginRankingLoss(), nn.TripletMarginLoss(), nn.PoissonNLLLoss(),
        nn.GaussianNLLLoss(), nn.HingeEmbeddingLoss(), nn.CosineEmbeddingLoss())]
    return out


# ----------------------------------------------------------------------------- optim
def quad_params(lib, dt):
    """Two parameters and a loss with a gradient that changes sign (so Rprop and friends
    meet both cases)."""
    w = lib.tensor([[1.5, -0.5, 0.25], [0.1, 2.0, -1.0]], dtype=getattr(lib, dt),
                   requires_grad=True)
    b = lib.tensor([0.3, -0.2], dtype=getattr(lib, dt), requires_grad=True)
    x = lib.tensor([[0.5, -1.0, 2.0], [1.0, 0.5, -0.5], [-1.5, 0.2, 0.3]], dtype=getattr(lib, dt))
    y = lib.tensor([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]], dtype=getattr(lib, dt))

    def loss_fn():
        return (((x @ w.t() + b) - y) ** 2).mean() + (w ** 4).sum() * 0.01

    return [w, b], loss_fn


OPTIMIZERS = [
    ("Adadelta", {}), ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.1}),
    ("Adamax", {"lr": 0.05}), ("Adamax", {"lr": 0.05, "weight_decay": 0.1}),
    ("NAdam", {"lr": 0.05}), ("NAdam", {"lr": 0.05, "weight_decay": 0.1,
                                        "decoupled_weight_decay": True}),
    ("RAdam", {"lr": 0.05}), ("RAdam", {"lr": 0.05, "weight_decay": 0.1}),
    ("Rprop", {"lr": 0.05}), ("Rprop", {"lr": 0.1, "etas": (0.3, 1.5)}),
    ("ASGD", {"lr": 0.05}), ("ASGD", {"lr": 0.05, "t0": 3, "lambd": 0.01}),
    ("Adam", {"lr": 0.05, "amsgrad": True}), ("Adam", {"lr": 0.05, "maximize": True}),
    ("AdamW", {"lr": 0.05, "amsgrad": True}),
    ("LBFGS", {"lr": 0.5, "max_iter": 4}),
]


@case
def optimizers(lib, dt):
    out = []
    for oname, kw in OPTIMIZERS:
        params, loss_fn = quad_params(lib, dt)
        opt = getattr(lib.optim, oname)(params, **kw)
        traj = []
        # L-BFGS on this ill-conditioned loss amplifies float32 rounding (torch's own summation
        # order) after a few calls: float32 is compared over 3 calls, float64 over 12
        for _ in range(3 if oname == "LBFGS" and dt == "float32" else 12):
            def closure():
                opt.zero_grad()
                loss = loss_fn()
                loss.backward()
                return loss
            if oname == "LBFGS":
                opt.step(closure)
            else:
                closure()
                opt.step()
            traj.append(arr(params[0]) + [arr(params[1])])
        sd = opt.state_dict()
        out.append({"traj": traj, "repr": repr(opt),
                    "groups": [{k: (list(v) if isinstance(v, tuple) else v)
                                for k, v in g.items()} for g in sd["param_groups"]],
                    "state_keys": None if oname == "LBFGS" else
                    {str(k): sorted(v) for k, v in sd["state"].items()}})
    return out


@case
def param_groups(lib, dt):
    params, loss_fn = quad_params(lib, dt)
    opt = lib.optim.SGD([{"params": [params[0]]}], lr=0.1, momentum=0.9)
    opt.add_param_group({"params": params[1], "lr": 0.01})
    lrs = []
    for i in range(4):
        opt.zero_grad()
        loss_fn().backward()
        opt.step()
        for g in opt.param_groups:
            g["lr"] *= 0.5
        lrs.append([g["lr"] for g in opt.param_groups])
    sched = lib.optim.lr_scheduler.StepLR(opt, step_size=2)
    opt.step()
    sched.step()
    return {"lrs": lrs, "w": arr(params[0]), "b": arr(params[1]), "repr": repr(opt),
            "sched_state": str(sched.state_dict()),
            "step_str": str(opt.state_dict()["state"][0]["momentum_buffer"].shape)}


SCHEDULERS = [
    ("CosineAnnealingLR", {"T_max": 5}), ("CosineAnnealingLR", {"T_max": 4, "eta_min": 0.01}),
    ("CosineAnnealingWarmRestarts", {"T_0": 3}),
    ("CosineAnnealingWarmRestarts", {"T_0": 2, "T_mult": 2, "eta_min": 0.001}),
    ("OneCycleLR", {"max_lr": 0.5, "total_steps": 13}),
    ("OneCycleLR", {"max_lr": 0.5, "epochs": 2, "steps_per_epoch": 6,
                    "anneal_strategy": "linear", "three_phase": True}),
    ("LinearLR", {}), ("LinearLR", {"start_factor": 0.5, "end_factor": 0.1, "total_iters": 4}),
    ("ConstantLR", {}), ("ConstantLR", {"factor": 0.5, "total_iters": 3}),
    ("MultiplicativeLR", {"lr_lambda": "0.9"}), ("PolynomialLR", {}),
    ("PolynomialLR", {"total_iters": 6, "power": 2.0}),
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.9}),
]


@case
def schedulers(lib, dt):
    out = []
    S = lib.optim.lr_scheduler
    for sname, kw in SCHEDULERS:
        for oname in ("SGD", "Adam"):
            params, loss_fn = quad_params(lib, dt)
            opt = getattr(lib.optim, oname)(params, lr=0.1, **(
                {"momentum": 0.9} if oname == "SGD" else {}))
            kw2 = dict(kw)
            if kw2.get("lr_lambda") == "0.9":
                kw2["lr_lambda"] = lambda epoch: 0.9
            sched = getattr(S, sname)(opt, **kw2)
            lrs, moms = [sched.get_last_lr()], []
            for _ in range(12):
                opt.zero_grad()
                loss_fn().backward()
                opt.step()
                sched.step()
                lrs.append(sched.get_last_lr())
                g = opt.param_groups[0]
                moms.append(g["betas"][0] if "betas" in g else g["momentum"])
            out.append({"lrs": lrs, "moms": moms, "w": arr(params[0])})
    params, loss_fn = quad_params(lib, dt)
    opt = lib.optim.SGD(params, lr=0.1)
    warm = S.LinearLR(opt, start_factor=0.1, total_iters=3)
    cos = S.CosineAnnealingLR(opt, T_max=6)
    seq = S.SequentialLR(opt, [warm, cos], milestones=[3])
    lrs = [seq.get_last_lr()]
    for _ in range(10):
        opt.step()
        seq.step()
        lrs.append(seq.get_last_lr())
    out.append({"sequential": lrs})
    opt = lib.optim.SGD(params, lr=0.1)
    plateau = S.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=2)
    lrs = []
    for metric in [1.0, 0.9, 0.95, 0.93, 0.92, 0.91, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7, 0.8]:
        plateau.step(metric)
        lrs.append([g["lr"] for g in opt.param_groups] + [plateau.num_bad_epochs])
    out.append({"plateau": lrs, "last": plateau.get_last_lr()})
    opt = lib.optim.SGD(params, lr=0.1)
    chained = S.ChainedScheduler([S.ConstantLR(opt, factor=0.5, total_iters=2),
                                  S.ExponentialLR(opt, gamma=0.9)])
    lrs = [chained.get_last_lr()]
    for _ in range(5):
        opt.step()
        chained.step()
        lrs.append(chained.get_last_lr())
    out.append({"chained": lrs})
    return out


# ----------------------------------------------------------------------------- utils
@case
def data_utils(lib, dt):
    from importlib import import_module
    data = import_module(lib.__name__ + ".utils.data")
    x = lib.tensor(rnd(30, 7, 3), dtype=getattr(lib, dt))
    y = lib.tensor([0, 1, 2, 0, 1, 2, 0])
    ds = data.TensorDataset(x, y)
    out = {"len": len(ds), "item": [arr(t) if t.dtype != lib.int64 else t.tolist()
                                    for t in ds[2]]}
    for bs, drop in ((2, False), (3, True), (7, False), (4, False)):
        dl = data.DataLoader(ds, batch_size=bs, drop_last=drop)
        out[f"bs{bs}{drop}"] = {"len": len(dl), "batches": [
            [arr(xb), yb.tolist(), str(yb.dtype), type(b).__name__]
            for b in dl for xb, yb in [b]]}
    shuffled = data.DataLoader(ds, batch_size=3, shuffle=True)
    seen = sorted(v for _, yb in shuffled for v in yb.tolist())
    out["shuffled_covers_all"] = seen
    out["shuffled_len"] = len(shuffled)
    parts = data.random_split(ds, [0.6, 0.4])
    out["split_lens"] = [len(p) for p in parts]
    parts = data.random_split(range(10), [3, 7])
    out["split_ints"] = [len(p) for p in parts] + [sorted(list(parts[0]) + list(parts[1]))]
    out["collate_numbers"] = [str(t) for t in next(iter(data.DataLoader(
        [(1.5, 2), (2.5, 3)], batch_size=2)))]

    class Squares(data.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return lib.tensor([float(i)], dtype=getattr(lib, dt)), i * i

    out["custom"] = [[arr(a), b.tolist()] for a, b in data.DataLoader(Squares(), batch_size=2)]
    return out


@case
def nn_utils(lib, dt):
    U = lib.nn.utils
    params, loss_fn = quad_params(lib, dt)
    loss_fn().backward()
    total = U.clip_grad_norm_(iter(params), max_norm=0.5)  # a generator, as model.parameters()
    out = {"total": arr(total), "str": str(total) if dt == "float32" else None,
           "grads": [arr(p.grad) for p in params]}
    params, loss_fn = quad_params(lib, dt)
    loss_fn().backward()
    out["total_inf"] = arr(U.clip_grad_norm_(params, 0.1, norm_type=float("inf")))
    out["grads_inf"] = [arr(p.grad) for p in params]
    params, loss_fn = quad_params(lib, dt)
    loss_fn().backward()
    U.clip_grad_value_(iter(params), clip_value=0.2)
    out["grads_value"] = [arr(p.grad) for p in params]
    v = U.parameters_to_vector(params)
    out["vec"] = [arr(v), name(v)]
    U.vector_to_parameters(v * 2, params)
    out["back"] = [arr(p) for p in params]
    return out


# ----------------------------------------------------------------------------- recurrent
RNN_CONFIGS = [
    ("RNNCell", (3, 4), {}), ("RNNCell", (3, 4), {"nonlinearity": "relu"}),
    ("LSTMCell", (3, 4), {}), ("GRUCell", (3, 4), {}), ("GRUCell", (3, 4), {"bias": False}),
    ("RNN", (3, 4), {}), ("RNN", (3, 4, 2), {"nonlinearity": "relu", "batch_first": True}),
    ("LSTM", (3, 4), {}), ("LSTM", (3, 4, 2), {"batch_first": True}),
    ("LSTM", (3, 4), {"bidirectional": True}), ("GRU", (3, 4), {}),
    ("GRU", (3, 4, 2), {"bidirectional": True, "batch_first": True}),
    ("LSTM", (3, 4), {"bias": False}),
]


@case
def recurrent(lib, dt):
    nn = lib.nn
    out = []
    for cname, args, kw in RNN_CONFIGS:
        m = set_params(lib, getattr(nn, cname)(*args, **kw), dt, seed=40)
        cell = cname.endswith("Cell")
        shape = (2, 3) if cell else (5, 2, 3)
        x = leaf(lib, rnd(41, *shape), dt)
        res = m(x)
        outs = list(res) if isinstance(res, tuple) else [res]
        if not cell:
            outs = [outs[0]] + (list(outs[1]) if isinstance(outs[1], tuple) else [outs[1]])
        total = sum((o * lib.tensor(np.linspace(-1, 1, o.numel()).reshape(tuple(o.shape)),
                                    dtype=o.dtype)).sum() for o in outs)
        total.backward()
        o = {"repr": repr(m), "names": [n for n, _ in m.named_parameters()],
             "values": [arr(t) for t in outs], "grad_fns": [name(t) for t in outs],
             "shapes": [list(t.shape) for t in outs], "x_grad": arr(x.grad),
             "p_grads": [arr(p.grad) for p in m.parameters()]}
        out.append(o)
    # with a given initial state, and unbatched input
    m = set_params(lib, nn.LSTM(3, 4), dt, seed=42)
    h0 = lib.tensor(rnd(43, 1, 2, 4), dtype=getattr(lib, dt))
    c0 = lib.tensor(rnd(44, 1, 2, 4), dtype=getattr(lib, dt))
    y, (h, c) = m(lib.tensor(rnd(45, 5, 2, 3), dtype=getattr(lib, dt)), (h0, c0))
    out.append({"given_state": [arr(y), arr(h), arr(c)]})
    y, h = set_params(lib, nn.GRU(3, 4), dt, seed=46)(lib.tensor(rnd(47, 5, 3),
                                                                  dtype=getattr(lib, dt)))
    out.append({"unbatched": [arr(y), arr(h), list(y.shape), list(h.shape), name(y)]})
    return out


@case
def module_conveniences(lib, dt):
    nn = lib.nn
    net = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Sequential(nn.Linear(3, 2), nn.GELU()))
    net = net.to("cpu").to(getattr(lib, dt))
    out = {"dtype": str(net[0].weight.dtype), "sub": repr(net.get_submodule("2.0")),
           "param": list(net.get_parameter("2.0.bias").shape),
           "named_modules": [n for n, _ in net.named_modules()],
           "children": [repr(m) for m in net.children()],
           "count": sum(p.numel() for p in net.parameters()),
           "trainable": sum(p.numel() for p in net.parameters() if p.requires_grad)}
    net(lib.ones(1, 2, dtype=getattr(lib, dt))).sum().backward()
    net.zero_grad(set_to_none=False)
    out["zeroed"] = [arr(p.grad) for p in net.parameters()]
    net.zero_grad()
    out["none"] = [p.grad is None for p in net.parameters()]
    net[0].requires_grad_(False)
    out["frozen"] = [p.requires_grad for p in net.parameters()]
    out["trainable_after"] = sum(p.numel() for p in net.parameters() if p.requires_grad)
    try:
        net.cuda()
    except AssertionError as e:
        out["cuda"] = str(e)
    return out


@case
def attention_and_group_norm(lib, dt):
    F, nn = lib.nn.functional, lib.nn
    q, k, v = (leaf(lib, rnd(s, 1, 2, 3, 4), dt) for s in (50, 51, 52))
    out = {"sdpa": with_grads(lib, F.scaled_dot_product_attention(q, k, v), q, k, v)}
    q2, k2, v2 = (leaf(lib, rnd(s, 2, 3, 4), dt) for s in (53, 54, 55))
    out["sdpa_causal"] = with_grads(lib, F.scaled_dot_product_attention(
        q2, k2, v2, is_causal=True), q2, k2, v2)
    mask = lib.tensor([[True, False, True], [True, True, False], [False, True, True]])
    q3, k3, v3 = (leaf(lib, rnd(s, 3, 4), dt) for s in (56, 57, 58))
    out["sdpa_mask"] = with_grads(lib, F.scaled_dot_product_attention(
        q3, k3, v3, attn_mask=mask, scale=0.3), q3, k3, v3)
    for key in ("sdpa", "sdpa_causal", "sdpa_mask"):
        out[key]["next"] = None  # torch's fused kernel has one node over q, k, v
    gn = set_params(lib, nn.GroupNorm(2, 4), dt, seed=59)
    x = leaf(lib, rnd(60, 2, 4, 3), dt)
    out["group_norm"] = with_grads(lib, gn(x), x, params=list(gn.parameters()))
    out["group_norm"]["repr"] = repr(gn) + repr(nn.GroupNorm(1, 3, affine=False))
    x2 = leaf(lib, rnd(61, 2, 6, 2, 2), dt)
    out["group_norm_fn"] = with_grads(lib, F.group_norm(x2, 3, eps=1e-3), x2)
    return out


@case
def bce_options(lib, dt):
    F, nn = lib.nn.functional, lib.nn
    t = lib.tensor([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]], dtype=getattr(lib, dt))
    w = lib.tensor([0.5, 2.0, 1.0], dtype=getattr(lib, dt))
    pw = lib.tensor([3.0, 1.0, 0.5], dtype=getattr(lib, dt))
    x0 = rnd(70, 2, 3)
    out = {}
    for key, fn in {
        "bce_sum": lambda x: F.binary_cross_entropy(x.sigmoid(), t, reduction="sum"),
        "bce_none": lambda x: nn.BCELoss(reduction="none")(x.sigmoid(), t),
        "bce_w": lambda x: nn.BCELoss(weight=w)(x.sigmoid(), t),
        "logits_pw": lambda x: nn.BCEWithLogitsLoss(pos_weight=pw)(x, t),
        "logits_w_sum": lambda x: F.binary_cross_entropy_with_logits(x, t, weight=w,
                                                                     reduction="sum"),
        "logits_none": lambda x: nn.BCEWithLogitsLoss(reduction="none")(x, t),
        "logits_default": lambda x: nn.BCEWithLogitsLoss()(x, t),
    }.items():
        out[key] = observe_unary(lib, fn, leaf(lib, x0, dt))
    tt = leaf(lib, [[0.9, 0.1, 0.6], [0.2, 0.3, 0.8]], dt)
    y = F.binary_cross_entropy_with_logits(leaf(lib, x0, dt), tt, pos_weight=pw)
    y.backward()
    out["target_grad"] = arr(tt.grad)
    out["repr"] = repr(nn.BCEWithLogitsLoss(pos_weight=pw)) + repr(nn.BCELoss())
    return out
