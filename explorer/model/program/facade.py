"""What a program can reach: ``torch`` (with ``nn``, ``nn.functional``, ``optim``,
``autograd``), ``math``, a small ``numpy`` and a few Python builtins, all mapped onto
``engine``.

Every name is listed here explicitly and looked up on the engine when a run starts, so an
engine feature added later (``torch.cat``, ``autograd.Function``, ``Variable``...) lights up
as soon as the engine has it, while nothing the list does not name is reachable. Functions that
allocate check the requested size first (a memory bomb is refused before numpy allocates),
random functions say once that their values differ from PyTorch's generator, and the grad-mode
helpers report their regions to the trace.
"""
from __future__ import annotations
from __future__ import annotations

import builtins as _py
import math as _math
import types
from typing import Any, Callable

import numpy as _np

import engine

from explorer.model.messages import Message
from .budget import BudgetExceeded
from .facade_module import FacadeModule
from .facade_names import (AUTOGRAD_NAMES, CONSUMING, DATA_NAMES, FORBIDDEN_BUILTINS,
                           FUNCTIONAL_NAMES, IMPORT_HINTS, INPLACE_FUNCTIONS, MATH_NAMES,
                           NN_NAMES, NOT_ALLOWED, NUMPY_CONSTS, NUMPY_FUNCS, OPTIM_NAMES,
                           RANDOM_NOTE, SAFE_BUILTINS, TORCH_NAMES, TORCHVISION_NAMES)
from .grad_mode import GradMode, GradRegion, inference_mode
from .guards import (Guards, arange_shape, check_device, eye_shape, full_shape, guard_torch,
                     make_device, np_size_shape, set_default_device, tensor_shape)
from .typeview import safe_type
from .zoo import build_load, build_torchvision  # torchvision.models: the engine's zoo

# The lists and the pieces this module builds from live in their own modules; their names
# stay importable from here (the view's script export reads TORCH_NAMES, FUNCTIONAL_NAMES).
__all__ = [
    "build_modules", "build_builtins", "build_torch", "build_math", "build_numpy",
    "build_utils", "pick", "submodule", "FacadeModule", "GradMode", "GradRegion", "Guards",
    "check_device", "AUTOGRAD_NAMES", "CONSUMING", "DATA_NAMES", "FORBIDDEN_BUILTINS",
    "FUNCTIONAL_NAMES", "IMPORT_HINTS", "INPLACE_FUNCTIONS", "MATH_NAMES", "NN_NAMES",
    "NOT_ALLOWED", "NUMPY_CONSTS", "NUMPY_FUNCS", "OPTIM_NAMES", "RANDOM_NOTE", "SAFE_BUILTINS",
    "TORCH_NAMES", "TORCHVISION_NAMES",
]


def pick(source: Any, names: tuple, prefix: str = "torch") -> dict:
    """The listed names that ``source`` (an engine module) defines. A name that is a module
    (``nn.init``, ``autograd.functional``) is served as a facade of its ``__all__`` only, so
    whatever that module imported for itself (numpy, os...) stays out of reach."""
    out = {}
    for n in names:
        v = getattr(source, n, None) if not isinstance(source, dict) else source.get(n)
        if isinstance(v, types.ModuleType):
            v = submodule(v, f"{prefix}.{n}")
        if v is not None:
            out[n] = v
    return out


def submodule(mod: types.ModuleType, name: str) -> FacadeModule:
    members = {}
    for k in getattr(mod, "__all__", ()):
        v = getattr(mod, k, None)
        if isinstance(v, types.ModuleType):    # a submodule it lists: its own __all__ only
            v = submodule(v, f"{name}.{k}")
        if v is not None and not k.startswith("_"):
            members[k] = v
    return FacadeModule(name, members)


# ------------------------------------------------------------------------------ building
def build_torch(ctx) -> FacadeModule:
    """``torch`` for one run (``ctx`` is the interpreter's run state)."""
    members = pick(engine, TORCH_NAMES)
    members.update(_methods_as_functions(members))
    guard_torch(members, ctx)
    grad_modes = _grad_modes(ctx)
    members.update(grad_modes)
    members.update(pi=_math.pi, e=_math.e, inf=_math.inf, nan=_math.nan)
    members.update(_device_modules())
    members["device"] = make_device
    members["set_default_device"] = set_default_device
    members["nn"] = _build_nn()
    members["optim"] = FacadeModule("torch.optim", pick(engine.optim, OPTIM_NAMES, "torch.optim"))
    autograd = pick(engine.autograd, AUTOGRAD_NAMES, "torch.autograd")
    members["autograd"] = FacadeModule("torch.autograd", {**autograd, **grad_modes})
    # print(torch.__version__) is how notebooks start: the torch release the engine reproduces
    members["__version__"] = engine.__version__
    return FacadeModule("torch", members)


def _methods_as_functions(members: dict) -> dict:
    """``torch.argmax(x, dim=1)`` is ``x.argmax(dim=1)``: served from the Tensor method when
    the engine has the method but no function of that name; ``torch.sin_(a)`` is
    ``a.sin_()`` (the leaf in-place lesson)."""
    out = {}
    for name in TORCH_NAMES:
        if name not in members and not name[0].isupper() and callable(
                getattr(engine.Tensor, name, None)):
            out[name] = _method_as_function(name)
    for name in INPLACE_FUNCTIONS:
        if callable(getattr(engine.Tensor, name, None)):
            out[name] = _method_as_function(name)
    return out


def _grad_modes(ctx) -> dict:
    """``torch.no_grad`` and friends, reporting their regions to ``ctx``'s trace."""
    return {"no_grad": GradMode(ctx, "no_grad", engine.no_grad),
            "enable_grad": GradMode(ctx, "enable_grad", engine.enable_grad),
            "set_grad_enabled": GradMode(ctx, "set_grad_enabled", engine.set_grad_enabled),
            "inference_mode": GradMode(ctx, "inference_mode", inference_mode)}


def _device_modules() -> dict:
    """torch.cuda / torch.accelerator / torch.backends as a CPU build answers
    (engine/devices.py)."""
    devices = engine.devices
    return {
        "cuda": FacadeModule("torch.cuda", dict(vars(devices.cuda))),
        "accelerator": FacadeModule("torch.accelerator", dict(vars(devices.accelerator))),
        "version": FacadeModule("torch.version", dict(vars(devices.version))),
        "backends": FacadeModule("torch.backends", {
            name: FacadeModule(f"torch.backends.{name}", dict(vars(ns)))
            for name, ns in vars(devices.backends).items()}),
    }


def _build_nn() -> FacadeModule:
    functional = FacadeModule("torch.nn.functional", pick(engine.nn.functional,
                                                          FUNCTIONAL_NAMES, "torch.nn.functional"))
    return FacadeModule("torch.nn", {**pick(engine.nn, NN_NAMES, "torch.nn"),
                                     "functional": functional})


def _method_as_function(name: str) -> Callable:
    def function(input, *args, **kwargs):
        if not isinstance(input, engine.Tensor):
            raise TypeError(Message("{name}(): argument 'input' (position 1) must be Tensor, not {name_2}",
                                    name=name, name_2=type(input).__name__))
        return getattr(input, name)(*args, **kwargs)
    function.__name__ = name
    return function


def build_math(ctx) -> FacadeModule:
    members = pick(_math, MATH_NAMES)

    def factorial(n):
        if n > 5000:
            raise BudgetExceeded(Message("math.factorial({n}) is too large to compute here", n=n), ctx.line)
        return _math.factorial(n)

    def power(x, y):
        return _math.pow(x, y)

    members.update(factorial=factorial, pow=power)
    return FacadeModule("math", members)


def build_numpy(ctx) -> FacadeModule:
    g = Guards(ctx)
    members = dict(NUMPY_CONSTS)
    for n in NUMPY_FUNCS:
        members[n] = getattr(_np, n)
    members["array"] = g.sized(_np.array, tensor_shape)
    members["asarray"] = g.sized(_np.asarray, tensor_shape)
    members["zeros"] = g.sized(_np.zeros, lambda shape, *a, **k: full_shape(shape))
    members["ones"] = g.sized(_np.ones, lambda shape, *a, **k: full_shape(shape))
    members["full"] = g.sized(_np.full, lambda shape, *a, **k: full_shape(shape))
    members["eye"] = g.sized(_np.eye, lambda n, m=None, *a, **k: eye_shape(n, m))
    members["arange"] = g.sized(_np.arange, lambda *a, **k: arange_shape(*a[:3]))
    members["linspace"] = g.sized(_np.linspace, lambda start, stop, num=50, *a, **k: (num,))
    members["outer"] = g.sized(_np.outer, lambda a, b, **k: (_np.size(a), _np.size(b)))
    rng = {"rng": _np.random.default_rng()}

    def seed(s=None):
        rng["rng"] = _np.random.default_rng(s)

    rnd = {
        "seed": seed,
        "rand": lambda *size: rng["rng"].random(size) if size else rng["rng"].random(),
        "randn": lambda *size: rng["rng"].standard_normal(size) if size else
        rng["rng"].standard_normal(),
        "uniform": lambda low=0.0, high=1.0, size=None: rng["rng"].uniform(low, high, size),
        "normal": lambda loc=0.0, scale=1.0, size=None: rng["rng"].normal(loc, scale, size),
        "randint": lambda low, high=None, size=None: rng["rng"].integers(low, high, size),
    }
    rnd = {k: g.random(v, np_size_shape) for k, v in rnd.items()}
    members["random"] = FacadeModule("numpy.random", rnd)
    members["__version__"] = _np.__version__
    return FacadeModule("numpy", members)


def build_modules(ctx) -> dict[str, FacadeModule]:
    """Every importable module path -> its facade."""
    torch = build_torch(ctx)
    nn = torch.members["nn"]
    mods = {
        "torch": torch, "torch.nn": nn, "torch.nn.functional": nn.members["functional"],
        "torch.optim": torch.members["optim"], "torch.autograd": torch.members["autograd"],
        "math": build_math(ctx), "numpy": build_numpy(ctx),
    }
    for sub in ("init", "utils"):
        if isinstance(nn.members.get(sub), FacadeModule):  # served when the engine has them
            mods[f"torch.nn.{sub}"] = nn.members[sub]
    functional = torch.members["autograd"].members.get("functional")
    if isinstance(functional, FacadeModule):
        mods["torch.autograd.functional"] = functional
    graph = torch.members["autograd"].members.get("graph")
    if isinstance(graph, FacadeModule):  # torch.autograd.graph: Node, register_multi_grad_hook
        mods["torch.autograd.graph"] = graph
    if isinstance(torch.members.get("func"), FacadeModule):  # torch.func: grad, vjp, jvp
        mods["torch.func"] = torch.members["func"]
    lr = torch.members["optim"].members.get("lr_scheduler")
    if isinstance(lr, FacadeModule):
        mods["torch.optim.lr_scheduler"] = lr
    torch.members["load"] = build_load(ctx)
    mods.update(build_utils(ctx, torch))
    mods.update(build_torchvision(ctx))
    return mods


def build_utils(ctx, torch: FacadeModule) -> dict[str, FacadeModule]:
    """``torch.utils`` and ``torch.utils.data`` (h8): the data helpers over in-memory tensors.
    A shuffling DataLoader or random_split notes once that the order comes from this app's
    generator; ``torch.Generator`` is served with them."""
    data_members = pick(engine.utils.data, DATA_NAMES, "torch.utils.data")
    loader = data_members["DataLoader"]

    def DataLoader(dataset, *args, **kwargs):  # noqa: N802  (torch's name)
        if kwargs.get("shuffle") or (len(args) > 1 and args[1]):
            ctx.note_random()
        return loader(dataset, *args, **kwargs)
    DataLoader.__doc__ = loader.__doc__
    data_members["DataLoader"] = DataLoader
    data_members["random_split"] = Guards(ctx).random(data_members["random_split"])
    data = FacadeModule("torch.utils.data", data_members)
    utils = FacadeModule("torch.utils", {"data": data})
    torch.members["utils"] = utils
    if "Generator" not in torch.members:
        torch.members["Generator"] = engine.utils.data.Generator
    return {"torch.utils": utils, "torch.utils.data": data}


# ------------------------------------------------------------------------------ builtins
def build_builtins(ctx) -> dict:
    out = {n: getattr(_py, n) for n in SAFE_BUILTINS}
    for n in CONSUMING:
        out[n] = ctx.bounded_consumer(getattr(_py, n))
    out["print"] = ctx.print
    out["format"] = ctx.safe_format_value
    out["pow"] = ctx.safe_pow
    out["type"] = safe_type  # one argument, no class object handed out (typeview)
    out["True"], out["False"], out["None"] = True, False, None
    return out
