"""The ``torch.optim.Optimizer`` base class (param groups, zero_grad, state_dict, repr), apart
so that ``engine.optim`` and ``engine.optim_more`` both build on it without an import cycle."""
from __future__ import annotations

import numpy as np

from .torch_names import TorchNamed
from .tensor import Tensor, _bump_version, _wrap

__all__ = ["Optimizer"]


class Optimizer(metaclass=TorchNamed):
    # group keys torch keeps for options this engine has no use for (foreach, fused ...), so
    # that param_groups, print(optimizer) and state_dict() show what torch shows
    _torch_flags: dict = {}

    def __init__(self, params, defaults: dict):
        self.defaults = {**defaults, **{k: v for k, v in self._torch_flags.items()
                                        if k not in defaults}}
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            f"Tensors or dicts, but got {params.type()}")
        params = list(params)
        if not params:
            raise ValueError("optimizer got an empty parameter list")
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        self.param_groups = []
        self.state: dict = {}
        for g in groups:
            self.add_param_group(g)

    def add_param_group(self, param_group: dict) -> None:
        """Another group of parameters with options of its own (the rest from the defaults),
        as in fine-tuning when a frozen layer is unfrozen."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        g = dict(param_group)
        ps = g["params"]
        if isinstance(ps, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        g["params"] = [ps] if isinstance(ps, Tensor) else list(ps)
        for p in g["params"]:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + type(p).__module__ + "." + type(p).__name__)
            if not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for k, v in self.defaults.items():
            g.setdefault(k, v)
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in g["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(g)

    def __repr__(self) -> str:
        s = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            s += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    s += f"    {key}: {group[key]}\n"
        return s + ")"

    def zero_grad(self, set_to_none: bool = True) -> None:
        for g in self.param_groups:
            for p in g["params"]:
                if p._grad is None:
                    continue
                if set_to_none:
                    p._grad = None
                else:
                    p._grad._data = np.zeros_like(p._grad._data)

    def _params_with_grad(self, group):
        for p in group["params"]:
            if p._grad is not None:
                if not p._data.flags.writeable:
                    p._data = np.array(p._data)
                _bump_version(p)  # an in-place update, as torch's optimizers do
                yield p, p._grad._data

    def state_dict(self) -> dict:
        """torch's layout: per-parameter state keyed by the parameter's position across the
        groups ('step' a float tensor, buffers as tensors), groups with 'params' as those
        positions."""
        index, groups = {}, []
        for g in self.param_groups:
            for p in g["params"]:
                index.setdefault(id(p), len(index))
            groups.append({**{k: v for k, v in g.items() if k != "params"},
                           "params": [index[id(p)] for p in g["params"]]})
        state = {}
        for g in self.param_groups:
            for p in g["params"]:
                st = self.state.get(id(p))
                if st:
                    state[index[id(p)]] = {k: _state_value(k, v) for k, v in st.items()}
        return {"state": state, "param_groups": groups}


def _state_value(key, v):
    if key == "step":
        return _wrap(np.asarray(float(v), dtype=np.float32))
    if isinstance(v, np.ndarray):
        return _wrap(v.copy())
    return v
