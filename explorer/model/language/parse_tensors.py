"""The script parser's tensor constructors (``tensor``, ``zeros``, ``arange``, ...), size caps
and the parse-time evaluation that reports shape errors at their line (a mixin of
:class:`explorer.model.language.parser._Parser`).
"""
from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.ops import apply_op
from explorer.model.language import optable
from explorer.model.language.errors import MAX_NODES, MAX_TOTAL_ELEMENTS, ScriptError
from explorer.model.language.optable import ops, suggest
from explorer.model.language.parse_common import MAX_DIMS, MISSING, _Num, _Pending, _engine, _np, _short
from explorer.model.messages import Message


class _Tensors:
    """Constructors, literals, pending nodes and their parse-time values."""

    def _construct(self, name: str, node: ast.Call) -> int:
        kwargs: dict[str, ast.AST] = {}
        for kw in node.keywords:
            kwargs[kw.arg or ""] = kw.value
        dtype = self._dtype_arg(kwargs.pop("dtype")) if "dtype" in kwargs else ""
        rg_node = kwargs.pop("requires_grad", None)
        requires_grad: bool | None = None
        if rg_node is not None:
            flag = self.static(rg_node)
            if not isinstance(flag, bool):
                raise self.error(rg_node, Message("requires_grad must be True or False"))
            requires_grad = flag
        call = _ConstructorCall(self, name, node, list(node.args), kwargs, dtype)
        maker = {"tensor": self._make_tensor, "zeros": self._make_filled, "ones": self._make_filled,
                 "rand": self._make_filled, "randn": self._make_filled, "full": self._make_full,
                 "eye": self._make_eye, "arange": self._make_arange,
                 "linspace": self._make_linspace}.get(name, self._make_like)   # else zeros_like / ones_like
        return self._tensor_node(maker(call), dtype, requires_grad, node)

    def _make_tensor(self, call: _ConstructorCall) -> np.ndarray:
        call.no_more(1)
        if not call.args:
            raise self.error(call.node, Message("tensor() needs its data, e.g. tensor([1., 2.])"))
        return self._array(self._literal(call.args[0]), call.dtype, call.args[0])

    def _make_filled(self, call: _ConstructorCall) -> np.ndarray:
        name, node, args = call.name, call.node, call.args
        call.no_more(len(args))
        shape = self._shape_args(args, node, name)
        self._check_size(int(np.prod(shape, dtype=np.float64)), node)
        fdtype = call.dtype or "float32"
        if fdtype == "int64" and name in ("rand", "randn"):
            raise self.error(node, Message("{name}() makes floating point numbers; use float32 or "
                                           "float64", name=name))
        if name == "zeros":
            return np.zeros(shape, dtype=fdtype)
        if name == "ones":
            return np.ones(shape, dtype=fdtype)
        if name == "rand":
            return self.rng.random(shape).astype(fdtype)
        return self.rng.standard_normal(shape).astype(fdtype)

    def _make_full(self, call: _ConstructorCall) -> np.ndarray:
        node, args = call.node, call.args
        if len(args) < 2 and "fill_value" not in call.kwargs:
            raise self.error(node, Message("full() needs a shape and a fill value"))
        fill_node = args[1] if len(args) > 1 else call.kwargs.pop("fill_value")
        call.no_more(2)
        shape = self._shape_args([args[0]], node, call.name)
        self._check_size(int(np.prod(shape, dtype=np.float64)), node)
        fill = self.static(fill_node)
        if not isinstance(fill, (int, float)) or isinstance(fill, bool):
            raise self.error(fill_node, Message("full() fills with a number"))
        with np.errstate(over="ignore"):  # full(..., 1e308) in float32 is inf, as in torch
            return np.full(shape, fill, dtype=call.dtype or ("int64" if isinstance(fill, int) else "float32"))

    def _make_eye(self, call: _ConstructorCall) -> np.ndarray:
        node, args, name = call.node, call.args, call.name
        call.no_more(2)
        if not args:
            raise self.error(node, Message("eye() needs a size"))
        n = self._int_arg(args[0], name)
        m = self._int_arg(args[1], name) if len(args) > 1 else n
        self._check_dims((n, m), node, name)
        self._check_size(n * m, node)
        return np.eye(n, m, dtype=call.dtype or "float32")

    def _make_arange(self, call: _ConstructorCall) -> np.ndarray:
        node, args = call.node, call.args
        call.no_more(3)
        if not args:
            raise self.error(node, Message("arange() needs an end, e.g. arange(5)"))
        nums = [self.static(a) for a in args]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in nums):
            raise self.error(node, Message("arange() takes numbers"))
        start, end, step = (0, nums[0], 1) if len(nums) == 1 else (nums[0], nums[1], nums[2] if len(nums) > 2 else 1)
        if step == 0:
            raise self.error(node, Message("arange() step must be nonzero"))
        return self._arange(start, end, step, call.dtype, node)

    def _make_linspace(self, call: _ConstructorCall) -> np.ndarray:
        node = call.node
        call.no_more(3, ("steps",))
        nums = [self.static(a) for a in call.args]
        if "steps" in call.kwargs:
            nums.append(self.static(call.kwargs.pop("steps")))
        if len(nums) != 3 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in nums):
            raise self.error(node, Message("linspace() needs start, end and steps"))
        if not isinstance(nums[2], int) or nums[2] < 0:
            raise self.error(node, Message("linspace() steps must be a whole number"))
        self._check_size(nums[2], node)
        with np.errstate(over="ignore", invalid="ignore"):  # float32 overflow is inf, as in torch
            return np.linspace(nums[0], nums[1], nums[2]).astype(call.dtype or "float32")

    def _make_like(self, call: _ConstructorCall) -> np.ndarray:
        name, args = call.name, call.args
        call.no_more(1)
        if not args:
            raise self.error(call.node, Message("{name}() needs a tensor", name=name))
        src = self._tensor_operand(args[0], f"{name}()")
        static = self.nodes[src].static
        if static is None:
            raise self.error(args[0], Message("the shape of this tensor cannot be worked out"))
        like = _np(static)
        fill = np.zeros_like if name == "zeros_like" else np.ones_like
        return fill(like, dtype=call.dtype or (like.dtype.name if like.dtype.kind == "f" else "float32"))

    def _arange(self, start: int | float, end: int | float, step: int | float, dtype: str,
                node: ast.AST) -> np.ndarray:
        """``arange`` with PyTorch's refusals (its RuntimeError texts) checked before numpy runs."""
        if not (math.isfinite(start) and math.isfinite(end)):
            raise self.error(node, Message("unsupported range: {_short} -> {_short_2}", _short=_short(start),
                                           _short_2=_short(end)))
        if math.isnan(step):
            raise self.error(node, Message("arange() step must be a number, not nan"))
        if (end - start > 0 and step < 0) or (end - start < 0 and step > 0):
            raise self.error(node, Message("upper bound and lower bound inconsistent with step sign"))
        with np.errstate(all="ignore"):
            span = (float(end) - float(start)) / float(step)
        if not math.isfinite(span) or span > self.max_elements:
            raise self.error(node, Message("arange() would make more than {max_elements} elements (from "
                                           "{_short} to {_short_2} in steps of {_short_3})",
                                           max_elements=format(self.max_elements, ","), _short=_short(start),
                                           _short_2=_short(end), _short_3=_short(step)))
        self._check_size(max(0, math.ceil(span)), node)
        whole = all(isinstance(v, int) for v in (start, end, step))
        try:
            value = np.arange(start, end, step, dtype=dtype or ("int64" if whole else "float32"))
        except (ValueError, OverflowError, MemoryError):
            # e.g. arange(1e308, 1e308 + 4, 4): the bounds are too large to step through
            raise self.error(node, Message("arange() cannot step from {_short} to {_short_2} by "
                                           "{_short_3} (the numbers are too large)", _short=_short(start),
                                           _short_2=_short(end), _short_3=_short(step))) from None
        self._check_size(value.size, node)
        return value

    def _shape_args(self, args: list[ast.AST], node: ast.AST, name: str) -> tuple[int, ...]:
        if len(args) == 1 and isinstance(args[0], (ast.Tuple, ast.List)):
            items = [self.static(e) for e in args[0].elts]
        else:
            items = [self.static(a) for a in args]
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in items):
            raise self.error(node, Message("{name}() takes a shape of whole numbers >= 0, e.g. "
                                           "{name_2}(2, 3)", name=name, name_2=name))
        if len(items) > MAX_DIMS:
            raise self.error(node, Message("too many dimensions"))
        self._check_dims(items, node, name)
        return tuple(items)

    def _check_dims(self, dims: Any, node: ast.AST, name: str) -> None:
        """Each dimension alone within the tensor cap: with a 0 elsewhere the element count
        passes, but numpy still refuses (2**62, 4, 0) with its own error. Without a 0 the
        element count says more (and is checked by the caller)."""
        if 0 not in dims:
            return
        for d in dims:
            if d > self.max_elements:
                raise self.error(node, Message("{name}(): the size {_short} is too large for one "
                                               "dimension (at most {max_elements})", name=name,
                                               _short=_short(d), max_elements=format(self.max_elements, ",")))

    def _int_arg(self, node: ast.AST, name: str) -> int:
        v = self.static(node)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise self.error(node, Message("{name}() takes whole numbers >= 0", name=name))
        return v

    def _literal(self, node: ast.AST) -> Any:
        """Nested lists of numbers, walked iteratively, counting elements against the cap."""
        count = 0

        def walk(n: ast.AST, depth: int = 0) -> Any:
            nonlocal count
            if isinstance(n, (ast.List, ast.Tuple)):
                if depth >= MAX_DIMS:  # numpy (and torch) stop at 32 dimensions
                    raise self.error(n, Message("a tensor has at most {MAX_DIMS} dimensions: this list "
                                                "is nested deeper", MAX_DIMS=MAX_DIMS))
                return [walk(e, depth + 1) for e in n.elts]
            if isinstance(n, ast.Constant) and isinstance(n.value, bool):
                count += 1
                return n.value
            value = self.expr(n) if not isinstance(n, ast.Constant) else self._constant(n)
            if isinstance(value, _Num):
                count += 1
                if count > self.max_elements:
                    raise self.error(node, Message("a tensor of more than {max_elements} elements is too "
                                                   "large", max_elements=format(self.max_elements, ",")))
                return value.value
            num = self._scalar_of(value) if isinstance(value, int) else None
            if num is None:
                raise self.error(n, Message("tensor() takes numbers or (nested) lists of numbers"))
            count += 1
            return num

        return walk(node)

    def _array(self, data: Any, dtype: str, node: ast.AST) -> np.ndarray:
        try:
            with np.errstate(all="ignore"):
                if dtype:
                    return np.array(data, dtype=dtype)
                array = np.array(data)
        except (ValueError, TypeError, OverflowError):
            raise self.error(node, Message("the rows of this nested list have different lengths")) from None
        if array.dtype == object:
            raise self.error(node, Message("the rows of this nested list have different lengths"))
        if array.dtype.kind in "iu":
            return array.astype(np.int64)
        if array.dtype.kind == "b":
            return array
        with np.errstate(over="ignore"):  # 1e308 as float32 is inf, as torch.tensor([1e308]) gives
            return array.astype(np.float32)

    def _check_size(self, count: float, node: ast.AST) -> None:
        """Refuse a tensor (about to be made) that is too large, alone or with all the others."""
        if count > self.max_elements:
            raise self.error(node, Message("a tensor of {count} elements is too large (at most "
                                           "{max_elements})", count=format(int(count), ","),
                                           max_elements=format(self.max_elements, ",")))
        if self.total_elements + count > MAX_TOTAL_ELEMENTS:
            raise self.error(node, Message("the script's tensors hold too many numbers together (more "
                                           "than {MAX_TOTAL_ELEMENTS})",
                                           MAX_TOTAL_ELEMENTS=format(MAX_TOTAL_ELEMENTS, ",")))

    # ------------------------------------------------------------------ node creation
    def _new(self, pending: _Pending) -> int:
        if len(self.nodes) >= MAX_NODES:
            raise self.error(pending.at, Message("the script makes too many nodes (more than {MAX_NODES})",
                                                 MAX_NODES=format(MAX_NODES, ",")))
        if pending.static is not None:
            self.total_elements += int(np.size(_np(pending.static)))
        self.nodes.append(pending)
        return len(self.nodes) - 1

    def _tensor_node(self, value: np.ndarray, dtype: str, requires_grad: bool | None, at: ast.AST) -> int:
        self._check_size(value.size, at)
        whole = value.dtype.kind in "iub"
        if requires_grad and whole:
            raise self.error(at, Message("only Tensors of floating point dtype can require gradients"))
        if requires_grad is not None or (value.ndim == 0 and not whole):
            # A leaf: requires_grad written out (either way), or a 0-d float tensor (which must
            # stay a tensor: a 0-d float constant stands for a Python number).
            if whole:
                value = value.astype(np.float32)
            pending = _Pending("leaf", at, value=value, dtype=value.dtype.name,
                               requires_grad=bool(requires_grad))
        else:
            # Data: floats, or whole numbers / booleans kept as they are (class indices for
            # cross_entropy, the condition of where); the node's dtype says which.
            pending = _Pending("const", at, value=value, dtype=value.dtype.name)
        pending.static = self._engine_tensor(pending)
        return self._new(pending)

    def _scalar_const(self, number: _Num, at: ast.AST) -> int:
        value = np.array(float(number.value), dtype=np.float64)
        pending = _Pending("const", at, value=value, dtype="float64")
        pending.static = self._engine_tensor(pending)
        return self._new(pending)

    def _as_input(self, value: Any, at: ast.AST) -> int | None:
        if value is MISSING:
            return None
        if isinstance(value, _Num):
            return self._scalar_const(value, at)
        return value

    def _scalar_of(self, value: Any) -> int | float | None:
        """The Python number a 0-d constant stands for (None for anything else)."""
        if not isinstance(value, int):
            return None
        p = self.nodes[value]
        if p.kind == "const" and p.value is not None and p.value.ndim == 0 and p.value.dtype.kind == "f":
            v = float(p.value)
            return int(v) if v.is_integer() and abs(v) < 2 ** 53 else v
        return None

    def _shape(self, idx: int) -> tuple[int, ...] | None:
        static = self.nodes[idx].static
        return None if static is None else tuple(np.shape(_np(static)))

    def _op_node(self, opname: str, inputs: list[int | None], params: dict[str, Any], at: ast.AST) -> int:
        pending = _Pending("op", at, op=opname, params=params, inputs=list(inputs))
        pending.static = self._evaluate(pending, at)
        return self._new(pending)

    def _engine_tensor(self, pending: _Pending) -> Any:
        eng = _engine()
        value = pending.value
        if value is None:
            return None
        if value.dtype.kind in "iub":
            return eng.tensor(value)
        return eng.tensor(value, dtype=getattr(eng, value.dtype.name))

    def _evaluate(self, pending: _Pending, at: ast.AST) -> Any:
        """Run the op on the inputs' values as the runner will, so errors point here."""
        inputs = list(pending.inputs)
        optional = optable.optional_inputs(ops()[pending.op])
        while inputs and inputs[-1] is None and optional > 0:
            inputs.pop()  # an optional input left out (linear without bias)
            optional -= 1
        if any(i is None or self.nodes[i].static is None for i in inputs):
            return None
        scalar = [self._scalar_of(i) is not None for i in inputs]
        mixed = not all(scalar)
        args = [float(self.nodes[i].value) if s and mixed else self.nodes[i].static
                for i, s in zip(inputs, scalar)]
        self._check_output_size(pending, at)
        eng = _engine()
        try:
            with eng.no_grad(), np.errstate(all="ignore"):
                out = apply_op(pending.op, *args, **pending.params)
        except ScriptError:
            raise
        except Exception as exc:  # noqa: BLE001 - the engine's message is the user's message
            message = str(exc).strip() or type(exc).__name__
            raise self.error(at, Message("{message} (in '{snippet}')", message=message,
                                         snippet=self.snippet(at))) from None
        self._check_size(int(np.size(_np(out))), at)
        return out

    def _check_output_size(self, pending: _Pending, at: ast.AST) -> None:
        """Refuse an op whose result would be too large *before* the engine allocates it."""
        shapes = [tuple(np.shape(_np(self.nodes[i].static))) for i in pending.inputs if i is not None]
        op = ops()[pending.op]
        estimate = None
        if op.broadcast and shapes:
            try:
                estimate = float(np.prod(np.broadcast_shapes(*shapes), dtype=np.float64))
            except ValueError:
                return  # the engine says why, with its own words
        elif len(shapes) >= 2 and len(shapes[0]) >= 1 and len(shapes[1]) >= 1:
            # Contraction-like ops (matmul, linear): each element of the result pairs a row of
            # the first input with a column of the second, which bounds the result's size.
            a, b = shapes[0], shapes[1]
            k = a[-1]
            kb = b[-2] if len(b) >= 2 and b[-2] == k else (b[-1] if b[-1] == k else 0)
            if k and kb:
                estimate = float(np.prod(a, dtype=np.float64)) / k * float(np.prod(b, dtype=np.float64)) / kb
        if estimate is not None:
            self._check_size(estimate, at)


@dataclass
class _ConstructorCall:
    """One call of a tensor constructor: its arguments, with ``dtype`` and ``requires_grad``
    already taken out of the keywords."""

    parser: Any
    name: str
    node: ast.Call
    args: list[ast.AST]
    kwargs: dict[str, ast.AST]
    dtype: str

    def no_more(self, allowed: int, names: tuple[str, ...] = ()) -> None:
        """Refuse positional arguments past ``allowed`` and keywords other than ``names``."""
        if len(self.args) > allowed:
            raise self.parser.error(self.args[allowed], Message("{name}() got too many arguments",
                                                                name=self.name))
        for key in self.kwargs:
            if key not in names:
                allowed_kw = ["dtype", "requires_grad", *names]
                raise self.parser.error(self.node, Message("{name}() got an unexpected keyword argument "
                                                           "'{key}'{suggest}", name=self.name, key=key,
                                                           suggest=suggest(key, allowed_kw)))
