"""Record torch 2.13's ``grad_fn`` graph for every op of the table into
``tests/parity/fixtures/grad_fn.json`` (run after adding an op: ``python tests/parity/record_grad_fn.py``).

For each op, its first sample inputs (the table's own, so every op has some) plus, for binary
ops, a Python-number operand on either side (``x - 2`` is ``SubBackward0``, ``2 - x``
``RsubBackward1``). Each case stores the graph as nested ``[name, [children...]]`` following
``next_functions`` down to the leaves (``AccumulateGrad``; ``null`` where no gradient flows),
so a misspelled name (``Log1pBackward0``) or a wrongly wired composite (``linear``'s
``AddmmBackward0`` over ``TBackward0``) fails ``test_grad_fn_names.py``.
"""
from __future__ import annotations

import json
import operator
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from engine.ops import OPS  # noqa: E402

FIXTURE = HERE / "fixtures" / "grad_fn.json"
SAMPLES_PER_OP = 3


def cases() -> list[dict]:
    """Every case as JSON-ready data: op, inputs (nested lists with dtype, or a number), params."""
    out = []
    for name, op in OPS.items():
        if op.custom:
            continue
        samples = op.samples(np.random.default_rng(0), np.float64)
        chosen = list(samples[:SAMPLES_PER_OP])
        # a condition is a boolean tensor for torch (the samples give 0./1.)
        conditions = [i for i, port in enumerate(op.input_names) if port == "condition"]

        def encode(arrays):
            return [_encode(np.asarray(a) != 0 if i in conditions else a) for i, a in enumerate(arrays)]

        for arrays, params in chosen:
            out.append({"op": name, "inputs": encode(arrays), "params": _params(params)})
        if op.arity == 2 and op.symbol in OPERATORS and op.symbol != "@":  # no number @ tensor
            arrays, params = next(((a, p) for a, p in samples if all(np.ndim(x) == 1 for x in a)), chosen[0])
            for side in (0, 1):
                inputs = encode(arrays)
                inputs[side] = float(np.asarray(arrays[side]).reshape(-1)[0])
                out.append({"op": name, "inputs": inputs, "params": _params(params)})
    return out


def _encode(array) -> dict:
    array = np.asarray(array)
    return {"value": array.tolist(), "dtype": str(array.dtype)}


def _params(params: dict) -> dict:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}


def decode(item, module, requires_grad: bool):
    """An input for ``module`` (torch or engine): a Python number stays one."""
    if not isinstance(item, dict):
        return item
    dtype = getattr(module, item["dtype"])
    floating = item["dtype"].startswith("float")
    return module.tensor(item["value"], dtype=dtype, requires_grad=requires_grad and floating)


def graph_of(fn) -> list | None:
    """``[name, [children...]]`` down the ``next_functions``; None for a missing function."""
    if fn is None:
        return None
    return [fn.name(), [graph_of(child) for child, _ in fn.next_functions]]


#: Binary ops written as Python operators (how ``2 - x`` reaches torch as ``rsub``).
OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
             "**": operator.pow, "@": operator.matmul}


def call(module, name: str, inputs: list, params: dict):
    """``name`` applied the way a program would: an operator, a method, ``F.name`` or ``module.name``."""
    op = OPS[name]
    args = [decode(item, module, i not in op.nondiff) for i, item in enumerate(inputs)]
    if op.symbol in OPERATORS and len(args) == 2 and not params:
        return OPERATORS[op.symbol](*args)
    if op.functional:
        fn, args = getattr(module.nn.functional, name), args
    elif op.function and hasattr(module, name):  # torch has no torch.view (the engine does)
        fn = getattr(module, name)
    else:
        fn, args = getattr(args[0], name), args[1:]
    try:
        return fn(*args, **params)
    except TypeError:  # torch's Tensor.view(shape=...) takes its shape positionally only
        return fn(*args, *params.values())


def main() -> int:
    import torch

    recorded = []
    for case in cases():
        out = call(torch, case["op"], case["inputs"], case["params"])
        out = out[0] if isinstance(out, tuple) else out
        recorded.append({**case, "grad_fn": graph_of(out.grad_fn)})
    FIXTURE.write_text(json.dumps({"torch": torch.__version__, "cases": recorded}, indent=None,
                                  separators=(",", ":")).replace('},{"op"', '},\n{"op"') + "\n",
                       encoding="utf-8")
    print(f"recorded {len(recorded)} cases of {len({c['op'] for c in recorded})} ops with torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
