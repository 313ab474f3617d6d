"""What one entry of the op table is: :class:`Op` (an op's forward, VJPs, names, parameters
and how it is shown) and :class:`Param`, with the table's vocabularies (``CATEGORIES``,
``BATCH_KINDS``) and the ``REQUIRED`` marker.

Kept apart from the table itself (``op_table.py``, which re-exports these names) so that the
modules the table's rules need, and custom Functions' node records (``function.py``), can use
the record type without importing the table: it imports nothing of the engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = ["Param", "Op", "REQUIRED", "CATEGORIES", "BATCH_KINDS"]


class _Required:
    def __repr__(self):
        return "REQUIRED"


REQUIRED: Any = _Required()

CATEGORIES = ("arithmetic", "elementwise", "activation", "reduction", "shape",
              "linear algebra", "loss")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "int" | "float" | "bool" | "dim" (int or None) | "shape" | "dims"
    default: Any = REQUIRED
    doc: str = ""


@dataclass(frozen=True)
class Op:
    name: str
    arity: int
    forward: Callable
    vjps: tuple
    grad_fn: Any                     # str, or fn(params, scalar_mask) -> str
    label: str
    symbol: str | None
    precedence: int
    params: tuple
    category: str
    doc: str
    formulas: tuple
    broadcast: bool
    saves: bool
    method: bool
    function: bool
    functional: bool
    samples: Callable
    # --- additions beyond the contract's minimum (all have defaults)
    input_names: tuple = ()          # port names, e.g. ("input", "weight", "bias")
    optional_inputs: int = 0         # trailing inputs that may be omitted (linear's bias)
    nondiff: tuple = ()              # inputs that never receive a gradient (where's condition)
    edges: Callable | None = None    # fn(scalar_mask) -> input indices, in next_functions order
    compose: Callable | None = None  # fn(inputs, params, scalar_mask) -> Tensor | None
    float_out: bool = False          # integer inputs are promoted to float32 first
    defaults: dict = field(default_factory=dict, compare=False)
    default_edges: tuple = ()
    saved_by: tuple | None = None    # per input: does its VJP need saved tensors (None = saves)
    passthrough: tuple = ()          # per input: VJP is exactly `g` (lets backward skip the call)
    view: bool = False               # output is a view of input 0 (torch's view semantics)
    # fn(arrays, params) -> the result's shape, for ops whose result can be larger than their
    # inputs in ways broadcasting does not cover (matmul's outer products, expand): checked
    # against engine.limits before computing.  Broadcasting ops are checked without it.
    result_shape: Callable | None = None
    # per input: the saved values its VJP reads (input indices, "out" for the result), so
    # backward can refuse tensors changed in place since (None: every input, if `saves`)
    reads: tuple | None = None
    inplace: bool = False            # torch has the in-place method `name_` (generated below)
    custom: bool = False             # an autograd.Function: its nodes' _apply runs user code
    # How the slope view evaluates the op on a batch of inputs in one call (one of BATCH_KINDS,
    # see explorer.model.slope); None: one engine call per point. ``_op`` fills in the kind a
    # category implies (elementwise, dim/keepdim reduction, shape, matmul).
    batch: str | None = None

    def __post_init__(self):
        if not self.input_names:
            names = ("input",) if self.arity == 1 else ("input", "other") if self.arity == 2 \
                else tuple(f"input{i}" for i in range(self.arity))
            object.__setattr__(self, "input_names", names)
        object.__setattr__(self, "defaults", {p.name: p.default for p in self.params
                                              if p.default is not REQUIRED})
        object.__setattr__(self, "default_edges",
                           tuple(i for i in range(self.arity) if i not in self.nondiff))
        # what the backward loop needs, in one tuple: per input the VJP (None when it is
        # exactly `g`), whether to unbroadcast, and when saved tensors are freed
        # (0 never, 1 always, 2 only if a VJP that ran needs them: saved_by)
        pt = self.passthrough
        # does a node of this op keep its input tensors, to check their versions at backward
        object.__setattr__(self, "_keeps_ins", self.saves and (self.reads is None or any(
            k != "out" for r in self.reads for k in r)))
        object.__setattr__(self, "_bw", None if self.custom else (
            tuple(None if pt and pt[i] else v for i, v in enumerate(self.vjps)),
            self.broadcast, 0 if not self.saves else 1 if self.saved_by is None else 2))

    def grad_fn_name(self, params: dict | None = None, scalar_mask: tuple | None = None) -> str:
        if isinstance(self.grad_fn, str):
            return self.grad_fn
        return self.grad_fn(params or {}, scalar_mask or (False,) * self.arity)


#: The batched evaluators of the slope view (``Op.batch``).
BATCH_KINDS = ("elementwise", "reduction", "shape", "matmul", "linear", "softmax", "mse_loss",
               "cross_entropy")
