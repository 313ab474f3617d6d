"""Generated autograd programs, stored as data, and one interpreter that runs them on torch or engine.

A *program* is a JSON-serialisable dict ``{"name", "tags", "steps"}``. Each step is a small dict
(``{"k": "call", "out": "t3", "fn": "*", "form": "op", "args": [{"v": "t1"}, 2]}`` …) that says
what a learner would type: create a leaf, apply an op (as an operator, a method, an ``engine.``
function or an ``nn.functional`` call), index, detach, ``retain_grad``, ``no_grad`` blocks,
``backward`` / ``autograd.grad``, in-place updates, tensor hooks.  Arguments are either a
reference ``{"v": name}`` or a plain Python scalar (int or float kept distinct, because
``2 * x`` and ``2.0 * x`` go through the same coercion as in PyTorch).

``run_program(program, backend, float_dtype)`` replays a program on ``torch`` or ``engine``
(they share the API) and returns a JSON-serialisable *trace*: for every step the tensors it
made (values, dtype, shape, ``requires_grad``, ``is_leaf``, ``grad_fn`` name, ``next_functions``
one level deep), the exact exception text if it raised, the warnings it emitted, and for each
backward the whole autograd graph, the order in which grad_fn pre-/post-hooks fired, and every
tensor's ``.grad`` afterwards.  ``compare_traces`` compares two traces aspect by aspect.

Comparison rules (``compare_traces`` / ``parity_diff``): float64 rtol 1e-7 (atol 1e-12 × the
array's largest magnitude), float32 rtol 2e-4 (atol 2e-5 × it); NaN/±inf positions must match;
error texts compare exactly after shapes are normalised (``torch.Size([2, 3])``, ``(2, 3)`` and
``[2, 3]`` all read ``<2,3>``); ``repr`` compares exactly when the values are bit-identical, else
with the digits masked; a float32 program whose torch float32 run itself disagrees with torch's
float64 run (overflow, cos of 1e5, …) is exempt from the numeric aspects in float32 only.

Nothing here imports torch or engine: the backend module is passed in.
"""
from __future__ import annotations

import json
import math
import operator
import random
import re
import warnings
from typing import Any

import numpy as np

SEED = 20261127
N_RANDOM = 300

# ----------------------------------------------------------------------------------------------
# generator
# ----------------------------------------------------------------------------------------------

_UNARY = ["exp", "log", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "sqrt", "neg",
          "reciprocal", "square"]
_NEEDS_POSITIVE = {"log", "sqrt", "reciprocal"}
_MAKES_POSITIVE = {"exp", "sigmoid"}
_BINARY = ["+", "-", "*", "/"]

_SHAPE_FAMILIES = [
    [(), (1,), (3,), (1, 3), (2, 1), (2, 3)],
    [(), (2,), (2,), (2, 2), (1, 2), (2, 1)],
    [(), (4,), (1, 4), (3, 1), (3, 4)],
    [(), (3,), (2, 1, 3), (1, 2, 3), (2, 3)],
    [(), (1,), (5,)],
]


class _Var:
    __slots__ = ("shape", "kind", "rg", "pos", "noncontig", "leaf", "anc")

    def __init__(self, shape, kind="f", rg=False, pos=False, noncontig=False, leaf=False):
        self.anc: frozenset = frozenset()  # leaves requiring grad that this tensor depends on
        self.shape = tuple(shape)
        self.kind = kind
        self.rg = rg
        self.pos = pos
        self.noncontig = noncontig
        self.leaf = leaf


def _rand_data(rng: random.Random, shape, positive=False, lo=-2.0, hi=2.0):
    """Nested lists of 2-decimal floats, never within 0.05 of zero (keeps log/div/relu honest)."""
    if not shape:
        v = round(rng.uniform(0.1 if positive else lo, hi), 2)
        if abs(v) < 0.05:
            v = 0.25
        return v
    return [_rand_data(rng, shape[1:], positive, lo, hi) for _ in range(shape[0])]


def _ref(name: str) -> dict:
    return {"v": name}


class _Gen:
    """Builds one random program while tracking shapes/flags so most steps are valid."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.steps: list[dict] = []
        self.vars: dict[str, _Var] = {}
        self.n = 0
        self.family = rng.choice(_SHAPE_FAMILIES)
        self.grad_enabled = True
        self.sink = self.steps

    # -- helpers ------------------------------------------------------------------------------
    def name(self, prefix="t") -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def emit(self, step: dict) -> None:
        self.sink.append(step)

    def leaf(self, shape, rg=None, positive=None, dtype="f") -> str:
        rng = self.rng
        if rg is None:
            rg = rng.random() < 0.7
        if positive is None:
            positive = rng.random() < 0.35
        out = self.name("x")
        data = _rand_data(rng, tuple(shape), positive)
        if dtype == "f" and rng.random() < 0.25:
            dtype = "d"  # no dtype= argument: the default float dtype
        self.emit({"k": "leaf", "out": out, "data": data, "dtype": dtype, "rg": rg})
        self.vars[out] = _Var(shape, "f", rg, positive, False, True)
        if rg:
            self.vars[out].anc = frozenset([out])
        return out

    def floats(self, pred=None) -> list[str]:
        return [n for n, v in self.vars.items() if v.kind == "f" and (pred is None or pred(v))]

    def pick(self, pred=None, prefer_recent=True) -> str | None:
        cands = self.floats(pred)
        if not cands:
            return None
        if prefer_recent and self.rng.random() < 0.6:
            return cands[-1] if self.rng.random() < 0.5 else self.rng.choice(cands[-3:])
        return self.rng.choice(cands)

    def result(self, out, shape, ins, pos=False, noncontig=None, kind="f") -> str:
        rg = self.grad_enabled and any(self.vars[i].rg for i in ins) and kind == "f"
        if noncontig is None:
            noncontig = any(self.vars[i].noncontig for i in ins)
        self.vars[out] = _Var(shape, kind, rg, pos, noncontig, not rg)
        if rg:
            self.vars[out].anc = frozenset().union(*(self.vars[i].anc for i in ins))
        return out

    def call(self, fn, args, form, kw=None, shape=(), pos=False, noncontig=None, kind="f") -> str:
        out = self.name()
        step = {"k": "call", "out": out, "fn": fn, "form": form, "args": args}
        if kw:
            step["kw"] = kw
        self.emit(step)
        ins = [a["v"] for a in args if isinstance(a, dict)]
        return self.result(out, shape, ins, pos, noncontig, kind)

    def form(self, fn, allow_func=True, allow_F=False) -> str:
        forms = ["method"] + (["func"] if allow_func else []) + (["F"] if allow_F else [])
        return self.rng.choice(forms)

    # -- ops ----------------------------------------------------------------------------------
    def op_unary(self):
        rng = self.rng
        fn = rng.choice(_UNARY)
        if fn in _NEEDS_POSITIVE:
            x = self.pick(lambda v: v.pos) or self.positive_of(self.pick())
        else:
            x = self.pick()
        v = self.vars[x]
        pos = fn in _MAKES_POSITIVE or (v.pos and fn in ("sqrt", "reciprocal", "abs", "square"))
        if fn == "neg" and rng.random() < 0.6:
            return self.call("neg", [_ref(x)], "op", shape=v.shape)
        if fn in ("relu", "tanh", "sigmoid") and rng.random() < 0.3:
            return self.call(fn, [_ref(x)], "F", shape=v.shape, pos=pos)
        return self.call(fn, [_ref(x)], self.form(fn), shape=v.shape, pos=pos)

    def positive_of(self, x: str) -> str:
        """Make a positive tensor out of x the way a learner would: x.exp() or x.abs() + c."""
        v = self.vars[x]
        if self.rng.random() < 0.5:
            return self.call("exp", [_ref(x)], "method", shape=v.shape, pos=True)
        a = self.call("abs", [_ref(x)], "method", shape=v.shape)
        return self.call("+", [_ref(a), 0.5], "op", shape=v.shape, pos=True)

    def partner(self, shape, positive=False) -> str:
        """A float var broadcast-compatible with shape, or a new leaf."""
        def ok(v):
            if positive and not v.pos:
                return False
            try:
                np.broadcast_shapes(v.shape, shape)
            except ValueError:
                return False
            return True
        cands = self.floats(ok)
        if cands and self.rng.random() < 0.65:
            return self.rng.choice(cands)
        s = self.rng.choice([s for s in self.family if _bc_ok(s, shape)] or [shape])
        return self.leaf(s, positive=positive or None)

    def op_binary(self):
        rng = self.rng
        sym = rng.choice(_BINARY)
        x = self.pick()
        vx = self.vars[x]
        r = rng.random()
        if r < 0.35:  # python scalar on one side
            s = rng.choice([2, 3, -1, 0.5, 1.5, -2.5, 2.0])
            if sym == "/" and rng.random() < 0.5:
                if not vx.pos:
                    x = self.positive_of(x)
                    vx = self.vars[x]
                args = [s, _ref(x)]
            else:
                args = [_ref(x), s] if rng.random() < 0.5 else [s, _ref(x)]
            if sym == "/" and args[1] == _ref(x) and not vx.pos:
                args = [_ref(x), s]
            pos = vx.pos and isinstance(s, (int, float)) and s > 0 and sym in "+*/"
            if rng.random() < 0.15 and isinstance(args[0], dict):
                name = {"+": "add", "-": "sub", "*": "mul", "/": "div"}[sym]
                return self.call(name, args, "method", shape=vx.shape, pos=pos)
            return self.call(sym, args, "op", shape=vx.shape, pos=pos)
        y = self.partner(vx.shape, positive=(sym == "/"))
        vy = self.vars[y]
        shape = np.broadcast_shapes(vx.shape, vy.shape)
        args = [_ref(x), _ref(y)] if rng.random() < 0.7 else [_ref(y), _ref(x)]
        if sym == "/" and args[1]["v"] != y:
            args = [_ref(x), _ref(y)]
        pos = vx.pos and vy.pos and sym in "+*/"
        if rng.random() < 0.2:
            name = {"+": "add", "-": "sub", "*": "mul", "/": "div"}[sym]
            return self.call(name, args, self.form(name), shape=shape, pos=pos)
        return self.call(sym, args, "op", shape=shape, pos=pos)

    def op_pow(self):
        rng = self.rng
        r = rng.random()
        x = self.pick()
        vx = self.vars[x]
        if r < 0.55:
            e = rng.choice([2, 3, 0, -1, 2.0, 0.5, 1.5, -0.5])
            if (isinstance(e, float) and e != int(e) or e < 0) and not vx.pos:
                x = self.positive_of(x)
                vx = self.vars[x]
            style = rng.random()
            if style < 0.6:
                return self.call("**", [_ref(x), e], "op", shape=vx.shape, pos=vx.pos)
            if style < 0.8:
                return self.call("pow", [_ref(x), e], self.form("pow"), shape=vx.shape, pos=vx.pos)
            return self.call("square", [_ref(x)], "method", shape=vx.shape)
        if r < 0.75:
            b = rng.choice([2, 0.5, 3.0])
            return self.call("**", [b, _ref(x)], "op", shape=vx.shape, pos=True)
        if not vx.pos:
            x = self.positive_of(x)
            vx = self.vars[x]
        y = self.partner(vx.shape)
        shape = np.broadcast_shapes(vx.shape, self.vars[y].shape)
        if rng.random() < 0.7:
            return self.call("**", [_ref(x), _ref(y)], "op", shape=shape, pos=True)
        return self.call("pow", [_ref(x), _ref(y)], self.form("pow"), shape=shape, pos=True)

    def op_reduce(self):
        rng = self.rng
        fn = rng.choice(["sum", "sum", "mean", "mean", "max", "min"])
        x = self.pick(lambda v: True)
        vx = self.vars[x]
        nd = len(vx.shape)
        if nd == 0 or rng.random() < 0.4:
            return self.call(fn, [_ref(x)], self.form(fn), shape=(), pos=vx.pos)
        d = rng.randrange(-nd, nd)
        keep = rng.random() < 0.3
        shape = list(vx.shape)
        if keep:
            shape[d] = 1
        else:
            del shape[d]
        kw = {"dim": d}
        if keep:
            kw["keepdim"] = True
        args = [_ref(x)]
        if rng.random() < 0.4 and not keep:
            args.append(d)
            kw = {}
        return self.call(fn, args, self.form(fn), kw=kw, shape=tuple(shape), pos=vx.pos)

    def viewable(self, v) -> bool:
        """Views of a grad-requiring tensor made under no_grad are a torch quirk (they report
        requires_grad=True, and ops on them do too); a hand-written program covers the basics,
        random programs meet it only now and then so it cannot dominate their failures."""
        return self.grad_enabled or not v.rg or self.rng.random() < 0.25

    def op_shape(self):
        rng = self.rng
        x = self.pick(self.viewable)
        if x is None:
            return self.op_unary()
        vx = self.vars[x]
        nd = len(vx.shape)
        choice = rng.choice(["reshape", "view", "transpose", "T", "unsqueeze", "squeeze"])
        if choice in ("reshape", "view"):
            if vx.noncontig:
                r = rng.random()
                choice = "reshape" if r < 0.2 else "view_nc" if r < 0.3 else "unsqueeze"
            else:
                new = _reshape_target(rng, vx.shape)
                arg = list(new)
                if arg and rng.random() < 0.3:
                    arg[rng.randrange(len(arg))] = -1
                if rng.random() < 0.5 or not arg:
                    args = [_ref(x), arg]
                else:
                    args = [_ref(x)] + arg
                return self.call(choice, args, "method", shape=new, pos=vx.pos)
        if choice == "view_nc":  # torch refuses when the strides do not allow a view
            new = _reshape_target(rng, vx.shape)
            out = self.name("e")
            self.emit({"k": "call", "out": out, "fn": "view", "form": "method", "args": [_ref(x), list(new)]})
            return out
        if choice == "reshape":  # of a non-contiguous tensor: torch copies (UnsafeView over Clone)
            new = _reshape_target(rng, vx.shape)
            return self.call("reshape", [_ref(x), list(new)], "method", shape=new, pos=vx.pos,
                             noncontig=False)
        if choice in ("transpose", "T"):
            if nd < 2:
                choice = "unsqueeze"
            elif choice == "T" and nd == 2:
                out = self.name()
                self.emit({"k": "T", "out": out, "src": x})
                nc = vx.shape[0] > 1 and vx.shape[1] > 1
                return self.result(out, vx.shape[::-1], [x], vx.pos, noncontig=nc or vx.noncontig)
            else:
                d0, d1 = rng.sample(range(-nd, nd), 2) if rng.random() < 0.3 else rng.sample(range(nd), 2)
                shape = list(vx.shape)
                shape[d0], shape[d1] = shape[d1], shape[d0]
                nc = vx.shape[d0] > 1 and vx.shape[d1] > 1 and (d0 % nd) != (d1 % nd)
                return self.call("transpose", [_ref(x), d0, d1], self.form("transpose"),
                                 shape=tuple(shape), pos=vx.pos, noncontig=nc or vx.noncontig)
        if choice == "squeeze" and 1 in vx.shape:
            if rng.random() < 0.5:
                shape = tuple(s for s in vx.shape if s != 1)
                return self.call("squeeze", [_ref(x)], "method", shape=shape, pos=vx.pos)
            d = rng.choice([i for i, s in enumerate(vx.shape) if s == 1])
            shape = vx.shape[:d] + vx.shape[d + 1:]
            return self.call("squeeze", [_ref(x), d], self.form("squeeze"), shape=shape, pos=vx.pos)
        d = rng.randrange(-nd - 1, nd + 1)
        dd = d if d >= 0 else d + nd + 1
        shape = vx.shape[:dd] + (1,) + vx.shape[dd:]
        return self.call("unsqueeze", [_ref(x), d], self.form("unsqueeze"), shape=shape, pos=vx.pos)

    def op_index(self):
        rng = self.rng
        x = self.pick(lambda v: len(v.shape) >= 1 and self.viewable(v))
        if x is None:
            return self.op_unary()
        vx = self.vars[x]
        idx, shape = _rand_index(rng, vx.shape)
        out = self.name()
        self.emit({"k": "index", "out": out, "src": x, "idx": idx})
        return self.result(out, shape, [x], vx.pos)

    def op_matmul(self):
        rng = self.rng
        kind = rng.choice(["mm", "mm", "dot", "mv", "vm", "mm_fn", "dot_fn", "batched"])
        if kind == "batched":
            bsz, m, k, n = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)
            sa, sb, so = rng.choice([((bsz, m, k), (bsz, k, n), (bsz, m, n)),
                                     ((bsz, m, k), (k, n), (bsz, m, n)),
                                     ((m, k), (bsz, k, n), (bsz, m, n)),
                                     ((k,), (bsz, k, n), (bsz, n)),
                                     ((bsz, m, k), (k,), (bsz, m)),
                                     ((bsz, m, k), (1, k, n), (bsz, m, n))])
            a, b = self.leaf(sa), self.leaf(sb)
            return self.call("@", [_ref(a), _ref(b)], "op", shape=so)
        x = self.pick(lambda v: len(v.shape) in (1, 2))
        m, k, n = rng.randint(1, 3), rng.randint(1, 4), rng.randint(1, 3)
        if x is not None:
            vx = self.vars[x]
            if len(vx.shape) == 2:
                m, k = vx.shape
                kind = rng.choice(["mm", "mv", "mm_fn"])
            else:
                (k,) = vx.shape
                kind = rng.choice(["dot", "vm", "dot_fn"])
        else:
            x = self.leaf((m, k) if kind in ("mm", "mv", "mm_fn") else (k,))
        if kind in ("mm", "mm_fn"):
            y = self.leaf((k, n))
            if kind == "mm_fn":
                return self.call("mm", [_ref(x), _ref(y)], self.form("mm"), shape=(m, n))
            return self.call("@", [_ref(x), _ref(y)], "op", shape=(m, n))
        if kind == "mv":
            y = self.leaf((k,))
            return self.call("@", [_ref(x), _ref(y)], "op", shape=(m,))
        if kind == "vm":
            y = self.leaf((k, n))
            return self.call("matmul", [_ref(x), _ref(y)], self.form("matmul"), shape=(n,))
        y = self.leaf((k,))
        if kind == "dot_fn":
            return self.call("dot", [_ref(x), _ref(y)], self.form("dot"), shape=())
        return self.call("@", [_ref(x), _ref(y)], "op", shape=())

    def op_clamp(self):
        rng = self.rng
        x = self.pick()
        vx = self.vars[x]
        kw = rng.choice([{"min": -0.5, "max": 0.5}, {"min": 0.0}, {"max": 1.0}, {"min": -1, "max": 1}])
        pos = vx.pos or kw.get("min", -1) > 0
        if rng.random() < 0.3 and "min" in kw and "max" in kw:
            return self.call("clamp", [_ref(x), kw["min"], kw["max"]], self.form("clamp"),
                             shape=vx.shape, pos=pos)
        return self.call("clamp", [_ref(x)], self.form("clamp"), kw=kw, shape=vx.shape, pos=pos)

    def op_where(self):
        rng = self.rng
        x = self.pick()
        vx = self.vars[x]
        c = self.name("c")
        sym = rng.choice([">", "<", ">=", "<=", "=="])
        thr = rng.choice([0, 0.5, -0.25])
        self.emit({"k": "call", "out": c, "fn": sym, "form": "op", "args": [_ref(x), thr]})
        self.vars[c] = _Var(vx.shape, "b", False, False, False, True)
        y = self.partner(vx.shape) if rng.random() < 0.7 else None
        second = _ref(y) if y else rng.choice([0.0, 1.5])
        shape = np.broadcast_shapes(vx.shape, self.vars[y].shape) if y else vx.shape
        args = [_ref(c), _ref(x), second] if rng.random() < 0.6 else [_ref(c), second, _ref(x)]
        out = self.name()
        self.emit({"k": "call", "out": out, "fn": "where", "form": "func", "args": args})
        return self.result(out, shape, [a["v"] for a in args[1:] if isinstance(a, dict)])

    def op_softmax(self):
        rng = self.rng
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            x = self.leaf((rng.randint(2, 4),))
        vx = self.vars[x]
        fn = rng.choice(["softmax", "log_softmax"])
        d = rng.randrange(-len(vx.shape), len(vx.shape))
        form = rng.choice(["method", "func", "F"])
        if rng.random() < 0.5:
            return self.call(fn, [_ref(x), d], form, shape=vx.shape, pos=fn == "softmax")
        return self.call(fn, [_ref(x)], form, kw={"dim": d}, shape=vx.shape, pos=fn == "softmax")

    def op_linear(self):
        rng = self.rng
        x = self.pick(lambda v: len(v.shape) in (1, 2) and v.shape[-1] <= 4)
        if x is None:
            x = self.leaf((rng.randint(1, 3), rng.randint(1, 4)))
        vx = self.vars[x]
        fin, fout = vx.shape[-1], rng.randint(1, 3)
        W = self.leaf((fout, fin), rg=rng.random() < 0.85)
        args = [_ref(x), _ref(W)]
        if rng.random() < 0.7:
            b = self.leaf((fout,), rg=rng.random() < 0.85)
            args.append(_ref(b))
        return self.call("linear", args, "F", shape=vx.shape[:-1] + (fout,))

    def op_loss(self):
        rng = self.rng
        if rng.random() < 0.5:
            x = self.pick(lambda v: len(v.shape) >= 1) or self.pick()
            vx = self.vars[x]
            t = self.leaf(vx.shape, rg=rng.random() < 0.2)
            kw = {} if rng.random() < 0.7 else {"reduction": rng.choice(["sum", "mean"])}
            return self.call("mse_loss", [_ref(x), _ref(t)], "F", kw=kw, shape=())
        x = self.pick(lambda v: len(v.shape) == 2 and v.shape[1] >= 2)
        if x is None:
            x = self.pick(lambda v: len(v.shape) == 1 and v.shape[0] >= 2)
        if x is None:
            x = self.leaf((rng.randint(1, 3), rng.randint(2, 4)))
        vx = self.vars[x]
        out = self.name("y")
        C = vx.shape[-1]
        data = [rng.randrange(C) for _ in range(vx.shape[0])] if len(vx.shape) == 2 else rng.randrange(C)
        self.emit({"k": "leaf", "out": out, "data": data, "dtype": "i", "rg": False})
        self.vars[out] = _Var(vx.shape[:-1], "i", False, False, False, True)
        return self.call("cross_entropy", [_ref(x), _ref(out)], "F", shape=())

    def op_error(self):
        """A step a learner gets wrong: shapes that do not broadcast or multiply, a dim or index
        out of range, an impossible reshape, a bad class target, item() of many elements."""
        rng = self.rng
        kind = rng.choice(["bcast", "bcast", "mm", "dim", "index", "reshape", "ce", "item", "linear"])
        x = self.pick(lambda v: v.kind == "f")
        vx = self.vars[x]
        nd = len(vx.shape)
        out = self.name("e")
        if kind == "bcast":
            big = [i for i, n in enumerate(vx.shape) if n > 1]
            if not big:
                x = self.leaf((2,))
                shape = (3,)
            else:
                d = rng.choice(big)
                shape = list(vx.shape)
                shape[d] += 1
                shape = tuple(shape[d:])  # align from the right, keep the bad dim
            y = self.leaf(shape, positive=True)
            sym = rng.choice(["+", "-", "*", "/"])
            args = [_ref(x), _ref(y)] if rng.random() < 0.5 else [_ref(y), _ref(x)]
            if rng.random() < 0.2:
                c = self.name("c")
                self.emit({"k": "call", "out": c, "fn": ">", "form": "op", "args": [_ref(x), 0]})
                self.vars[c] = _Var(self.vars[x].shape, "b", False, False, False, True)
                self.emit({"k": "call", "out": out, "fn": "where", "form": "func",
                           "args": [_ref(c), _ref(x), _ref(y)]})
                return
            self.emit({"k": "call", "out": out, "fn": sym, "form": "op", "args": args})
        elif kind == "mm":
            m, k, n = rng.randint(1, 3), rng.randint(2, 4), rng.randint(1, 3)
            sub = rng.choice(["mm", "dot", "mv", "vm", "mm1d"])
            shapes = {"mm": ((m, k), (k + 1, n)), "dot": ((k,), (k + 1,)), "mv": ((m, k), (k - 1,)),
                      "vm": ((k,), (k + 1, n)), "mm1d": ((m, k), (k,))}[sub]
            a, b = self.leaf(shapes[0]), self.leaf(shapes[1])
            fn, form = {"mm": ("@", "op"), "dot": ("dot", "method"), "mv": ("@", "op"),
                        "vm": ("matmul", "func"), "mm1d": ("mm", "method")}[sub]
            self.emit({"k": "call", "out": out, "fn": fn, "form": form, "args": [_ref(a), _ref(b)]})
        elif kind == "dim":
            fn = rng.choice(["sum", "mean", "softmax", "log_softmax", "max", "min", "unsqueeze",
                             "squeeze", "transpose"])
            lim = nd + 1 if fn == "unsqueeze" else max(nd, 1)
            d = rng.choice([lim, -lim - 1, lim + 1])
            args = [_ref(x), 0, d] if fn == "transpose" else [_ref(x), d]
            self.emit({"k": "call", "out": out, "fn": fn, "form": "method", "args": args})
        elif kind == "index" and nd:
            idx = []
            for dd in range(rng.randint(1, nd)):
                idx.append(rng.randrange(vx.shape[dd]))
            dd = rng.randrange(len(idx))
            n = vx.shape[dd]
            idx[dd] = rng.choice([n, -n - 1, n + 2])
            if rng.random() < 0.2:
                idx = [0] * (nd + 1)  # too many indices
            self.emit({"k": "index", "out": out, "src": x, "idx": idx})
        elif kind == "reshape":
            n = math.prod(vx.shape)
            target = rng.choice([[n + 1], [-1, -1], [n + 1, -1], [2, n]]) if n > 1 else [2]
            self.emit({"k": "call", "out": out, "fn": rng.choice(["reshape", "view"]), "form": "method",
                       "args": [_ref(x), target]})
        elif kind == "ce":
            N, C = rng.randint(1, 3), rng.randint(2, 4)
            logits = self.leaf((N, C))
            t = self.name("y")
            data = [rng.randrange(C) for _ in range(N)]
            if rng.random() < 0.5:
                data[rng.randrange(N)] = C + rng.randint(0, 2)
            else:
                data.append(0)
            self.emit({"k": "leaf", "out": t, "data": data, "dtype": "i", "rg": False})
            self.emit({"k": "call", "out": out, "fn": "cross_entropy", "form": "F",
                       "args": [_ref(logits), _ref(t)]})
        elif kind == "linear":
            xin = self.leaf((rng.randint(1, 3), 3))
            W = self.leaf((2, rng.choice([2, 4])))
            self.emit({"k": "call", "out": out, "fn": "linear", "form": "F", "args": [_ref(xin), _ref(W)]})
        else:  # item() of a tensor with more than one element (or of a scalar: fine)
            self.emit({"k": "item", "src": x})

    # -- program-level moves ------------------------------------------------------------------
    def random_op(self):
        rng = self.rng
        table = [(self.op_unary, 20), (self.op_binary, 26), (self.op_pow, 7), (self.op_reduce, 10),
                 (self.op_shape, 9), (self.op_index, 6), (self.op_matmul, 6), (self.op_clamp, 3),
                 (self.op_where, 3), (self.op_softmax, 4), (self.op_linear, 3), (self.op_loss, 3)]
        total = sum(w for _, w in table)
        r = rng.uniform(0, total)
        for f, w in table:
            r -= w
            if r <= 0:
                return f()
        return table[0][0]()

    def block(self, mode, n_ops):
        body: list[dict] = []
        outer_sink, outer_enabled = self.sink, self.grad_enabled
        self.emit({"k": "block", "mode": mode, "body": body})
        self.sink = body
        self.grad_enabled = mode in ("enable_grad", "set_grad_enabled_true")
        for _ in range(n_ops):
            self.random_op()
        self.sink, self.grad_enabled = outer_sink, outer_enabled

    def extras(self):
        rng = self.rng
        r = rng.random()
        if r < 0.12:
            mode = rng.choice(["no_grad", "no_grad", "set_grad_enabled_false"])
            self.block(mode, rng.randint(1, 2))
        elif r < 0.2:
            x = self.pick()
            out = self.name("d")
            self.emit({"k": "detach", "out": out, "src": x})
            v = self.vars[x]
            self.vars[out] = _Var(v.shape, "f", False, v.pos, v.noncontig, True)
            if rng.random() < 0.3:
                self.emit({"k": "requires_grad_", "src": out})
                self.vars[out].rg = True
                self.vars[out].anc = frozenset([out])
        elif r < 0.32:
            x = self.pick(lambda v: v.rg and not v.leaf)
            if x is not None:
                self.emit({"k": "retain_grad", "src": x})
        elif r < 0.37:
            x = self.pick(lambda v: v.rg)
            if x is not None:
                self.emit({"k": "thook", "src": x, "scale": rng.choice([None, None, 2.0])})

    def finish(self, root=None):
        """Backward from a scalar root, or from a non-scalar root with an external gradient."""
        rng = self.rng
        if root is None:
            root = self.pick(lambda v: v.rg and not v.leaf, prefer_recent=True) or self.pick()
        vr = self.vars[root]
        r = rng.random()
        grad = None
        if vr.shape and r < 0.45:
            g = self.name("g")
            self.emit({"k": "leaf", "out": g, "data": _rand_data(rng, vr.shape), "dtype": "f",
                       "rg": False})
            self.vars[g] = _Var(vr.shape, "f", False, False, False, True)
            grad = g
        elif vr.shape:
            root = self.call(rng.choice(["sum", "mean"]), [_ref(root)], "method", shape=())
        retain = rng.choice([None, None, True, False])
        step = {"k": "backward", "root": root, "grad": grad, "retain_graph": retain,
                "form": "method" if rng.random() < 0.85 else "func"}
        self.emit(step)
        r2 = rng.random()
        if r2 < 0.1:  # a second, different root: leaves' grads accumulate across roots
            other = self.pick(lambda v: v.rg and not v.leaf and v.anc, prefer_recent=False)
            if other is not None and other != root:
                vo = self.vars[other]
                if vo.shape:
                    other = self.call("sum", [_ref(other)], "method", shape=())
                self.emit({"k": "backward", "root": other, "grad": None, "retain_graph": True,
                           "form": "method"})
        elif r2 < 0.25:  # second backward: works with retain_graph (grads add up), else raises
            self.emit(dict(step))
        elif r2 < 0.35:
            leaves = sorted(vr.anc)
            if leaves:  # a manual SGD step under no_grad, then zero the grad, like the tutorial
                w = rng.choice(leaves)
                gname = self.name("gw")
                self.emit({"k": "grad", "out": gname, "src": w})
                self.emit({"k": "block", "mode": "no_grad", "body": [
                    {"k": "inplace", "src": w, "fn": "add_", "args": [{"v": gname}],
                     "kw": {"alpha": -0.1}}]})
                self.emit({"k": "grad_inplace", "src": w, "fn": "zero_"})
        elif r2 < 0.45:
            ins = sorted(vr.anc)
            if ins:
                out = self.call("sum", [_ref(root)], "method", shape=()) if vr.shape else root
                self.emit({"k": "agrad", "outs": [out], "ins": ins[:2], "retain_graph": True})


def _bc_ok(a, b) -> bool:
    try:
        np.broadcast_shapes(a, b)
        return True
    except ValueError:
        return False


def _reshape_target(rng: random.Random, shape) -> tuple:
    n = math.prod(shape)
    cands = [(n,), (1, n), (n, 1)]
    if n == 1:
        cands += [(), (1, 1)]
    for a in range(2, n):
        if n % a == 0:
            cands += [(a, n // a), (a, 1, n // a)]
    return rng.choice(cands)


def _rand_index(rng: random.Random, shape):
    nd = len(shape)
    k = rng.randint(1, nd)
    idx, out = [], []
    for d in range(k):
        n = shape[d]
        if rng.random() < 0.5:
            i = rng.randrange(-n, n)
            idx.append(i)
        else:
            start = rng.choice([None, 0, rng.randrange(n)])
            s0 = 0 if start is None else start
            stop = rng.choice([None, n, rng.randint(s0 + 1, n)])
            step = rng.choice([None, None, 1, 2])
            idx.append({"s": [start, stop, step]})
            out.append(len(range(*slice(start, stop, step).indices(n))))
    out += list(shape[k:])
    return idx, tuple(out)


def random_program(seed: int, index: int, deep: bool = False) -> dict:
    """deep=True: more leaves and 12-30 ops (run live against torch only, not recorded)."""
    rng = random.Random(seed * 1000003 + index + (7919 if deep else 0))
    g = _Gen(rng)
    fam = g.family
    for j in range(rng.randint(2, 5) if deep else rng.randint(1, 3)):
        g.leaf(rng.choice(fam), rg=True if j == 0 and rng.random() < 0.9 else None)
    n_ops = rng.randint(12, 30) if deep else rng.randint(3, 10)
    error_at = rng.randrange(n_ops) if rng.random() < 0.15 else -1
    for i in range(n_ops):
        g.random_op()
        g.extras()
        if i == error_at:
            g.op_error()
    g.finish()
    if deep:
        return {"name": f"deep_{index:03d}", "tags": ["random", "deep"], "steps": g.steps}
    return {"name": f"random_{index:03d}", "tags": ["random"], "steps": g.steps}


def deep_programs(n: int = 120, seed: int = SEED) -> list[dict]:
    """Longer random programs for the live comparison (too many bytes to keep as fixtures)."""
    return [random_program(seed, i, deep=True) for i in range(n)]


# ----------------------------------------------------------------------------------------------
# hand-written programs: the seed, errors, non-differentiable points, flags
# ----------------------------------------------------------------------------------------------

def _L(out, data, rg=False, dtype="f"):
    return {"k": "leaf", "out": out, "data": data, "dtype": dtype, "rg": rg}


def _C(out, fn, *args, form="op", **kw):
    step = {"k": "call", "out": out, "fn": fn, "form": form,
            "args": [_ref(a) if isinstance(a, str) else a for a in args]}
    if kw:
        step["kw"] = kw
    return step


def _B(root, grad=None, retain=None, form="method"):
    return {"k": "backward", "root": root, "grad": grad, "retain_graph": retain, "form": form}


def _P(name, tags, *steps, brief=False):
    prog = {"name": name, "tags": list(tags), "steps": list(steps)}
    if brief:
        prog["brief"] = True
    return prog


def handwritten_programs() -> list[dict]:
    P, L, C, B = _P, _L, _C, _B
    progs = [
        # The tutorial's seed, verbatim.
        P("seed", ["seed"],
          L("a", [2., 3.], True), L("b", [6., 4.], True),
          C("a3", "**", "a", 3), C("t1", "*", 3, "a3"), C("b2", "**", "b", 2), C("Q", "-", "t1", "b2"),
          L("ext", [1., 1.]), B("Q", "ext"),
          C("a2", "**", "a", 2), C("n9", "*", 9, "a2"), {"k": "grad", "out": "ag", "src": "a"},
          C("check_a", "==", "n9", "ag"),
          C("nb", "*", -2, "b"), {"k": "grad", "out": "bg", "src": "b"},
          C("check_b", "==", "nb", "bg")),
        # --- expected errors ---------------------------------------------------------------------
        P("err_nonscalar_implicit", ["error"], L("x", [1., 2.], True), C("y", "*", "x", 2), B("y")),
        P("err_nonscalar_implicit_2d", ["error"], L("x", [[1., 2.], [3., 4.]], True),
          C("y", "exp", "x", form="method"), B("y")),
        P("err_root_without_grad", ["error"], L("x", [1., 2.]), C("y", "sum", "x", form="method"), B("y")),
        P("err_root_under_no_grad", ["error"], L("x", [1., 2.], True),
          {"k": "block", "mode": "no_grad", "body": [C("y", "sum", "x", form="method")]}, B("y")),
        P("err_root_detached", ["error"], L("x", [1., 2.], True), C("y", "sum", "x", form="method"),
          {"k": "detach", "out": "yd", "src": "y"}, B("yd")),
        P("err_grad_shape", ["error"], L("x", [1., 2.], True), C("y", "*", "x", 2),
          L("g", [1., 1., 1.]), B("y", "g")),
        P("err_grad_shape_2d", ["error"], L("x", [1., 2.], True), C("y", "*", "x", 2),
          L("g", [[1., 1.]]), B("y", "g")),
        P("err_grad_shape_scalar", ["error"], L("x", [1., 2.], True), C("y", "sum", "x", form="method"),
          L("g", [1.]), B("y", "g")),
        P("ok_grad_scalar_0d", ["external"], L("x", [1., 2.], True), C("y", "sum", "x", form="method"),
          L("g", 2.5), B("y", "g")),
        P("err_second_backward_mul", ["error", "retain"], L("a", [1., 2.], True), L("b", [3., 4.], True),
          C("y", "*", "a", "b"), C("s", "sum", "y", form="method"), B("s"), B("s")),
        P("err_second_backward_exp", ["error", "retain"], L("a", [1., 2.], True),
          C("y", "exp", "a", form="method"), C("s", "sum", "y", form="method"), B("s"), B("s")),
        P("ok_second_backward_add", ["retain"], L("a", [1., 2.], True), L("b", [3., 4.], True),
          C("y", "+", "a", "b"), C("s", "sum", "y", form="method"), B("s"), B("s")),
        P("ok_second_backward_sub_scalar", ["retain"], L("a", [1., 2.], True),
          C("y", "-", "a", 2), C("s", "mean", "y", form="method"), B("s"), B("s")),
        P("ok_second_backward_retain", ["retain"], L("a", [1., 2.], True), L("b", [3., 4.], True),
          C("y", "*", "a", "b"), C("s", "sum", "y", form="method"), B("s", retain=True), B("s")),
        P("err_third_backward", ["error", "retain"], L("a", [1., 2.], True),
          C("y", "sin", "a", form="method"), C("s", "sum", "y", form="method"), B("s", retain=True), B("s"), B("s")),
        P("err_set_requires_grad_nonleaf_false", ["error"], L("x", [1., 2.], True), C("y", "*", "x", 2),
          {"k": "set_rg", "src": "y", "value": False}),
        P("err_set_requires_grad_nonleaf_true", ["error"], L("x", [1., 2.], True), C("y", "*", "x", 2),
          {"k": "set_rg", "src": "y", "value": True}),
        P("ok_set_requires_grad_leaf", ["flags"], L("x", [1., 2.]), {"k": "set_rg", "src": "x", "value": True},
          C("y", "*", "x", "x"), C("s", "sum", "y", form="method"), B("s")),
        P("err_int_requires_grad_ctor", ["error"], L("i", [1, 2], True, dtype="i")),
        P("err_int_requires_grad_", ["error"], L("i", [1, 2], dtype="i"), {"k": "requires_grad_", "src": "i"}),
        P("err_int_set_requires_grad", ["error"], L("i", [1, 2], dtype="i"),
          {"k": "set_rg", "src": "i", "value": True}),
        P("err_retain_grad_no_rg", ["error"], L("x", [1., 2.]), C("y", "*", "x", 2),
          {"k": "retain_grad", "src": "y"}),
        P("err_broadcast", ["error"], L("a", [1., 2.], True), L("b", [1., 2., 3.], True), C("y", "+", "a", "b")),
        P("err_broadcast_2d", ["error"], L("a", [[1., 2.], [3., 4.]], True), L("b", [[1., 2., 3.]]),
          C("y", "*", "a", "b")),
        P("err_mm_shapes", ["error"], L("a", [[1., 2., 3.], [4., 5., 6.]], True),
          L("b", [[1., 2., 3.], [4., 5., 6.]], True), C("y", "@", "a", "b")),
        P("err_mm_fn_shapes", ["error"], L("a", [[1., 2., 3.]], True), L("b", [[1.], [2.]], True),
          C("y", "mm", "a", "b", form="method")),
        P("err_dot_sizes", ["error"], L("a", [1., 2., 3.], True), L("b", [1., 2.], True), C("y", "@", "a", "b")),
        P("err_mv_sizes", ["error"], L("a", [[1., 2., 3.], [4., 5., 6.]], True), L("b", [1., 2.], True),
          C("y", "@", "a", "b")),
        P("err_vm_sizes", ["error"], L("a", [1., 2.], True), L("b", [[1., 2.], [4., 5.], [7., 8.]], True),
          C("y", "@", "a", "b")),
        P("err_view_size", ["error"], L("a", [[1., 2., 3.], [4., 5., 6.]], True),
          C("y", "view", "a", [4], form="method")),
        P("err_reshape_size", ["error"], L("a", [[1., 2., 3.], [4., 5., 6.]], True),
          C("y", "reshape", "a", [5, -1], form="method")),
        P("err_inplace_leaf", ["error", "inplace"], L("w", [1., 2.], True),
          {"k": "inplace", "src": "w", "fn": "add_", "args": [1.0]}),
        P("err_inplace_leaf_mul", ["error", "inplace"], L("w", [1., 2.], True),
          {"k": "inplace", "src": "w", "fn": "mul_", "args": [2.0]}),
        P("ok_inplace_leaf_no_grad", ["inplace"], L("w", [1., 2.], True),
          {"k": "block", "mode": "no_grad", "body": [{"k": "inplace", "src": "w", "fn": "mul_", "args": [2.0]}]},
          C("y", "*", "w", "w"), C("s", "sum", "y", form="method"), B("s")),
        P("ok_inplace_plain", ["inplace"], L("w", [1., 2.]), {"k": "inplace", "src": "w", "fn": "add_", "args": [1.5]},
          L("u", [5., 6.]), {"k": "inplace", "src": "w", "fn": "copy_", "args": [_ref("u")]},
          {"k": "inplace", "src": "u", "fn": "zero_", "args": []}),
        P("err_agrad_unused", ["error", "agrad"], L("a", [1., 2.], True), L("b", [1., 2.], True),
          C("y", "*", "a", 2), C("s", "sum", "y", form="method"),
          {"k": "agrad", "outs": ["s"], "ins": ["a", "b"], "retain_graph": None}),
        P("agrad_basic", ["agrad"], L("a", [1., 2.], True), L("b", [3., -1.], True),
          C("y", "*", "a", "b"), C("z", "exp", "y", form="method"), C("s", "sum", "z", form="method"),
          {"k": "agrad", "outs": ["s"], "ins": ["a", "b"], "retain_graph": True},
          {"k": "agrad", "outs": ["s"], "ins": ["b"], "retain_graph": None}, B("s")),
        P("agrad_grad_outputs", ["agrad"], L("a", [1., 2.], True), C("y", "sin", "a", form="method"),
          L("go", [0.5, -2.]), {"k": "agrad", "outs": ["y"], "ins": ["a"], "gos": ["go"], "retain_graph": None}),
        P("err_sum_dim_range", ["error"], L("a", [[1., 2.], [3., 4.]], True), C("y", "sum", "a", 2, form="method")),
        # --- PyTorch's values at non-differentiable points --------------------------------------
        P("nd_relu0", ["nondiff"], L("x", [-1., 0., 2.], True), C("y", "relu", "x", form="method"),
          C("s", "sum", "y", form="method"), B("s")),
        P("nd_abs0", ["nondiff"], L("x", [-1., 0., 2.], True), C("y", "abs", "x", form="method"),
          C("s", "sum", "y", form="method"), B("s")),
        P("nd_sqrt0", ["nondiff"], L("x", [0., 4.], True), C("y", "sqrt", "x", form="method"),
          C("s", "sum", "y", form="method"), B("s")),
        P("nd_log0_neg", ["nondiff"], L("x", [0., -1., 2.], True), C("y", "log", "x", form="method"),
          C("s", "sum", "y", form="method"), B("s")),
        P("nd_pow0", ["nondiff"], L("x", [0., 2.], True), C("y", "**", "x", 0),
          C("s", "sum", "y", form="method"), B("s")),
        P("nd_pow_base0", ["nondiff"], L("a", [0., 0., 2.], True), L("b", [0., 2., 1.], True),
          C("y", "**", "a", "b"), C("s", "sum", "y", form="method"), B("s")),
        P("nd_cbrt_negative", ["nondiff"], L("x", [-8., 8.], True), C("y", "**", "x", 1 / 3),
          C("s", "sum", "y", form="method"), B("s")),
        P("nd_max_ties", ["nondiff"], L("x", [1., 3., 3., 2.], True), C("y", "max", "x", form="method"), B("y")),
        P("nd_min_ties", ["nondiff"], L("x", [[1., 3.], [1., 1.]], True), C("y", "min", "x", form="func"), B("y")),
        P("nd_max_dim_ties", ["nondiff"], L("x", [[1., 3., 3.], [2., 2., 0.]], True),
          C("y", "max", "x", 1, form="method"), C("s", "sum", "y", form="method"), B("s")),
        P("nd_clamp_bounds", ["nondiff"], L("x", [-1., -0.5, 0., 0.5, 1.], True),
          C("y", "clamp", "x", form="method", min=-0.5, max=0.5), C("s", "sum", "y", form="method"), B("s")),
        P("nd_nan_propagates", ["nondiff"], L("x", [-1., 4.], True), C("y", "sqrt", "x", form="method"),
          C("z", "*", "y", 2), C("s", "sum", "z", form="method"), B("s")),
        P("nd_div_zero", ["nondiff"], L("x", [0., 1.], True), C("y", "/", 1, "x"),
          C("s", "sum", "y", form="method"), B("s")),
        # --- flags, retain_grad, detach, no_grad -------------------------------------------------
        P("retain_grad_nonleaf", ["flags"], L("x", [1., 2.], True), C("y", "*", "x", 3),
          {"k": "retain_grad", "src": "y"}, C("z", "**", "y", 2), C("s", "sum", "z", form="method"), B("s")),
        P("retain_grad_leaf_noop", ["flags"], L("x", [1., 2.], True), {"k": "retain_grad", "src": "x"},
          C("s", "sum", "x", form="method"), B("s")),
        P("nonleaf_grad_warning", ["flags"], L("x", [1., 2.], True), C("y", "exp", "x", form="method"),
          C("s", "sum", "y", form="method"), B("s"), {"k": "grad", "out": "yg", "src": "y"}),
        P("accumulate_two_roots", ["flags"], L("x", [1., 2.], True), C("y", "*", "x", "x"),
          C("s", "sum", "y", form="method"), B("s"), C("z", "sin", "x", form="method"),
          C("s2", "sum", "z", form="method"), B("s2")),
        P("frozen_branch", ["flags"], L("w", [[0.5, -1.], [2., 1.]], False), L("x", [1., 2.], True),
          C("h", "@", "w", "x"), C("r", "relu", "h", form="F"), L("v", [1., -1.], True),
          C("o", "*", "r", "v"), C("s", "sum", "o", form="method"), B("s")),
        P("no_grad_mixed", ["flags"], L("x", [1., 2.], True),
          {"k": "block", "mode": "no_grad", "body": [
              C("c", "*", "x", 2),
              {"k": "block", "mode": "enable_grad", "body": [C("e", "*", "x", 3)]}]},
          C("y", "*", "c", "x"), C("z", "+", "y", "e"), C("s", "sum", "z", form="method"), B("s")),
        P("set_grad_enabled_blocks", ["flags"], L("x", [1., 2.], True),
          {"k": "block", "mode": "set_grad_enabled_false", "body": [
              C("c", "exp", "x", form="method"),
              {"k": "block", "mode": "set_grad_enabled_true", "body": [C("e", "exp", "x", form="method")]}]},
          C("s", "sum", "e", form="method"), B("s")),
        P("detach_requires_grad_", ["flags"], L("x", [1., 2.], True), C("y", "*", "x", 2),
          {"k": "detach", "out": "d", "src": "y"}, {"k": "requires_grad_", "src": "d"},
          C("z", "*", "d", "y"), C("s", "sum", "z", form="method"), B("s")),
        P("diamond_order", ["order"], L("x", [1., 2.], True), C("a", "exp", "x", form="method"),
          C("b", "sin", "x", form="method"), C("c", "*", "a", "b"), C("d", "+", "c", "a"),
          C("s", "sum", "d", form="method"), B("s")),
        P("order_long_short", ["order"], L("x", [0.5, 1.], True), L("w", [2., -1.], True),
          C("a", "*", "x", "w"), C("b", "tanh", "a", form="method"), C("c", "sigmoid", "b", form="method"),
          C("d", "*", "x", 3), C("e", "+", "c", "d"), C("f", "+", "e", "w"), C("s", "sum", "f", form="method"), B("s")),
        P("tensor_hooks", ["hooks"], L("x", [1., 2.], True), C("y", "*", "x", "x"),
          {"k": "thook", "src": "y", "scale": 2.0}, {"k": "thook", "src": "x", "scale": None},
          C("s", "sum", "y", form="method"), B("s")),
        P("rsub_rdiv_rpow", ["scalars"], L("x", [0.5, 2.], True), C("a", "-", 2, "x"), C("b", "/", 2, "x"),
          C("c", "**", 2, "x"), C("d", "+", 2, "x"), C("e", "*", 2.5, "x"), C("f", "**", "x", "x"),
          C("g", "+", "a", "b"), C("h", "+", "g", "c"), C("i", "+", "h", "d"), C("j", "*", "i", "e"),
          C("k", "*", "j", "f"), C("s", "sum", "k", form="method"), B("s")),
        P("int_scalar_float32", ["scalars"], L("x", [0.1, 0.7], True, dtype="d"), C("y", "*", "x", 3),
          C("z", "+", "y", 1), C("w", "/", "z", 7), C("s", "sum", "w", form="method"), B("s")),
        P("comparisons", ["bool"], L("x", [1., 2., 3.], True), L("y", [3., 2., 1.]),
          C("a", "==", "x", "y"), C("b", ">", "x", 2), C("c", "<=", "x", "y"), C("d", "<", 2, "x")),
        P("tutorial_transfer_head", ["flags", "tutorial"],
          L("xin", [[0.5, -1., 2.], [1., 0.5, -0.5]]), L("wb", [[0.1, 0.2, -0.3], [0.4, -0.5, 0.6]]),
          L("bb", [0.01, -0.02]), L("wh", [[0.3, -0.2], [0.1, 0.4], [-0.6, 0.2]], True), L("bh", [0., 0.1, -0.1], True),
          C("h", "linear", "xin", "wb", "bb", form="F"), C("r", "relu", "h", form="F"),
          C("o", "linear", "r", "wh", "bh", form="F"), L("y", [2, 0], dtype="i"),
          C("loss", "cross_entropy", "o", "y", form="F"), B("loss"),
          {"k": "grad", "out": "gw", "src": "wh"},
          {"k": "block", "mode": "no_grad", "body": [
              {"k": "inplace", "src": "wh", "fn": "add_", "args": [_ref("gw")], "kw": {"alpha": -0.5}}]},
          {"k": "grad_inplace", "src": "wh", "fn": "zero_"},
          C("h2", "linear", "xin", "wb", "bb", form="F"), C("r2", "relu", "h2", form="F"),
          C("o2", "linear", "r2", "wh", "bh", form="F"), C("loss2", "cross_entropy", "o2", "y", form="F"), B("loss2")),
        P("layout_reshape_after_T", ["layout"], L("x", [[1., 2., 3.], [4., 5., 6.]], True),
          {"k": "T", "out": "t", "src": "x"}, C("r", "reshape", "t", [6], form="method"),
          C("s", "sum", "r", form="method"), B("s")),
        P("layout_view_after_T", ["layout", "error"], L("x", [[1., 2., 3.], [4., 5., 6.]], True),
          {"k": "T", "out": "t", "src": "x"}, C("r", "view", "t", [6], form="method")),
        P("quirk_no_grad_view", ["flags", "quirk"], L("x", [[1., 2.], [3., 4.]], True),
          {"k": "block", "mode": "no_grad", "body": [
              {"k": "index", "out": "v", "src": "x", "idx": [0]},
              C("u", "unsqueeze", "x", 0, form="method"), C("e", "exp", "x", form="method")]},
          C("w", "*", "v", 2), C("s", "sum", "w", form="method"), B("s")),
        P("dtype_promotion", ["dtype"], L("a", [1.5, -2.], True, dtype="float32"),
          L("b", [0.5, 3.], True, dtype="float64"), C("y", "*", "a", "b"),
          L("c", 2., dtype="float64"), C("z", "*", "a", "c"), C("w", "+", "y", "z"),
          C("s", "sum", "w", form="method"), B("s")),
        P("float_double", ["dtype"], L("a", [1.5, -2.], True, dtype="float32"),
          C("d", "double", "a", form="method"), C("f", "float", "d", form="method"),
          C("y", "*", "d", "f"), C("s", "sum", "y", form="method"), B("s")),
        P("queries", ["api"], L("a", [[1.5, -2.], [0.25, 4.]], True), C("m", "max", "a", form="method"),
          {"k": "query", "src": "a"}, {"k": "query", "src": "m"},
          C("s", "sum", "a", form="method"), B("s"), {"k": "grad", "out": "ga", "src": "a"},
          {"k": "query", "src": "ga"}),
        P("requires_grad_false_leaf", ["flags"], L("a", [1., 2.], True),
          {"k": "set_rg", "src": "a", "value": False}, C("y", "*", "a", 2), C("s", "sum", "y", form="method"), B("s")),
        P("retain_grad_accumulates", ["flags", "retain"], L("x", [1., -1.], True), C("y", "*", "x", "x"),
          {"k": "retain_grad", "src": "y"}, C("s", "sum", "y", form="method"), B("s", retain=True), B("s")),
        P("inplace_nonleaf", ["inplace"], L("x", [1., 2.], True), C("y", "*", "x", 2),
          {"k": "inplace", "src": "y", "fn": "add_", "args": [1.0]},
          C("s", "sum", "y", form="method"), B("s")),
        P("long_chain", ["stress"], L("x", [0.5, -0.3], True),
          *[C(f"c{i}", "*", f"c{i - 1}" if i else "x", 1.01) if i % 2 == 0 else
            C(f"c{i}", "sin", f"c{i - 1}", form="method") for i in range(1100)],
          C("s", "sum", "c1099", form="method"), B("s"), {"k": "query", "src": "c1099"}, brief=True),
        P("int_arith", ["dtype"], L("i", [1, 2, 3], dtype="i"), L("x", [0.5, 1., 2.], True),
          C("a", "*", "i", 2), C("b", "*", "i", 1.5), C("c", "/", "i", 2), C("d", "+", "i", "x"),
          C("e", "**", "i", 2), C("f", "neg", "i"), C("g", "sum", "i", form="method"),
          C("h", "float", "i", form="method"), C("m", "mean", "i", form="method"),
          C("s", "sum", "d", form="method"), B("s")),
        P("bool_arith", ["dtype"], L("x", [0.5, -1., 2.], True), C("c", ">", "x", 0),
          C("y", "*", "c", "x"), C("n", "sum", "c", form="method"), C("f", "float", "c", form="method"),
          C("s", "sum", "y", form="method"), B("s")),
        P("default_dtype_literals", ["dtype"], L("a", [1, 2.5], dtype="n"), L("b", 3., dtype="n"),
          L("c", [[1, 2], [3, 4]], dtype="n"), C("d", "*", "a", "b")),
        P("numpy_requires_grad", ["api", "error"], L("x", [0.5, 1.], True),
          {"k": "numpy", "src": "x"}),
        P("numpy_plain", ["api"], L("x", [0.5, 1.]), {"k": "numpy", "src": "x"},
          C("y", "exp", "x", form="method"), {"k": "numpy", "src": "y"}),
        P("data_attr", ["api"], L("x", [0.5, 1.], True), C("y", "exp", "x", form="method"),
          {"k": "data", "out": "xd", "src": "x"}, {"k": "data", "out": "yd", "src": "y"},
          {"k": "inplace", "src": "xd", "fn": "mul_", "args": [3.0]}, C("s", "sum", "y", form="method"), B("s")),
        P("detach_shares_data", ["flags"], L("x", [0.5, 1.], True), {"k": "detach", "out": "d", "src": "x"},
          {"k": "inplace", "src": "d", "fn": "add_", "args": [1.0]}, C("y", "*", "x", "x"),
          C("s", "sum", "y", form="method"), B("s")),
        P("clear_grad_then_backward", ["flags"], L("x", [0.5, 1.], True), C("y", "*", "x", 3),
          C("s", "sum", "y", form="method"), B("s", retain=True), {"k": "clear_grad", "src": "x"},
          B("s", retain=True), B("s")),
        # pinned: mismatches the random programs found once (kept whatever the random stream does)
        P("err_ce_batch_mismatch", ["error", "pinned"], L("x", [[-1.99, -1.81]], True),
          L("y", [0, 0], dtype="i"), C("e", "cross_entropy", "x", "y", form="F")),
        P("err_index_oob_second_dim", ["error", "pinned"], L("x", [[1.], [2.], [3.], [4.], [5.]], True),
          {"k": "index", "out": "a", "src": "x", "idx": [0, 1]},
          {"k": "index", "out": "b", "src": "x", "idx": [0, -2]}),
        P("matmul_batch_broadcast_one", ["matmul", "pinned"], L("a", [[[0.5]], [[1.5]], [[-2.]]], True),
          L("b", [[[0.25]]], True), C("y", "@", "a", "b"),
          L("c", [[[1., 2.], [3., 4.]], [[-1., 0.5], [2., 1.]]], True), L("d", [[[0.5, -1.], [1., 2.]]], True),
          C("z", "@", "c", "d"), C("s1", "sum", "y", form="method"), C("s2", "sum", "z", form="method"),
          C("s", "+", "s1", "s2"), B("s")),
        P("hook_then_retain", ["hooks"], L("x", [1., 2.], True), C("y", "*", "x", 2),
          {"k": "thook", "src": "y", "scale": 3.0}, {"k": "retain_grad", "src": "y"},
          {"k": "thook", "src": "x", "scale": 0.5}, C("s", "sum", "y", form="method"), B("s")),
        P("retain_then_hook", ["hooks"], L("x", [1., 2.], True), C("y", "*", "x", 2),
          {"k": "retain_grad", "src": "y"}, {"k": "thook", "src": "y", "scale": 3.0},
          {"k": "thook", "src": "y", "scale": None}, C("z", "exp", "y", form="method"),
          C("w", "+", "z", "y"), C("s", "sum", "w", form="method"), B("s")),
        P("err_agrad_nonscalar", ["error", "agrad"], L("x", [1., 2.], True), C("y", "*", "x", 2),
          {"k": "agrad", "outs": ["y"], "ins": ["x"], "retain_graph": None}),
        P("err_dims_of_0d", ["error", "pinned"], L("x", 1.5, True),
          C("a", "sum", "x", 2, form="method"), C("b", "mean", "x", 1, form="method"),
          C("c", "softmax", "x", 1, form="method"), C("d", "squeeze", "x", 1, form="method"),
          C("e", "sum", "x", 0, form="method"), C("f", "sum", "x", -1, form="method"),
          C("g", "unsqueeze", "x", 1, form="method"), C("h", "max", "x", 0, form="method"),
          C("s", "+", "e", "f"), B("s")),
        P("linear_1d_strided_input", ["layout", "pinned"], L("x", [1.84, 1.66, 0.55], True),
          {"k": "index", "out": "v", "src": "x", "idx": [{"s": [0, 3, 2]}]},
          {"k": "index", "out": "u", "src": "x", "idx": [{"s": [0, 2, None]}]},
          L("W", [[0.77, 0.51]], True), L("b", [0.91], True),
          C("y", "linear", "v", "W", "b", form="F"), C("z", "linear", "u", "W", "b", form="F"),
          C("w", "linear", "v", "W", form="F"), C("s1", "+", "y", "z"), C("s2", "+", "s1", "w"),
          C("s", "sum", "s2", form="method"), B("s")),
        P("second_backward_linear_bias_only", ["retain", "pinned"],
          L("x", [[0.5, -1., 2.], [1., 0.25, -0.5]]), L("W", [[0.1, 0.2, -0.3], [0.4, -0.5, 0.6]]),
          L("b", [0.01, -0.02], True), C("y", "linear", "x", "W", "b", form="F"),
          C("s", "sum", "y", form="method"), B("s"), B("s"),
          L("v", [0.5, -1., 2.]), C("z", "linear", "v", "W", "b", form="F"),
          C("t", "sum", "z", form="method"), B("t"), B("t")),
        P("detach_of_view_shares_data", ["flags", "pinned"], L("x", [1.38, 0.62, -0.44], True),
          {"k": "index", "out": "e", "src": "x", "idx": [-1]}, {"k": "detach", "out": "d", "src": "e"},
          {"k": "index", "out": "f", "src": "x", "idx": [{"s": [0, 2, None]}]}, {"k": "detach", "out": "g", "src": "f"},
          C("s", "sum", "x", form="method"), B("s"),
          {"k": "block", "mode": "no_grad", "body": [{"k": "inplace", "src": "x", "fn": "mul_", "args": [2.0]}]},
          {"k": "query", "src": "d"}, {"k": "query", "src": "g"}),
        P("external_grad_stolen_then_zeroed", ["flags", "pinned"], L("x", [[1.5, -2., 0.5]], True),
          C("y", "unsqueeze", "x", 0, form="method"), L("g", [[[1., -1.73, 2.]]]), B("y", "g"),
          {"k": "grad_inplace", "src": "x", "fn": "zero_"}, {"k": "query", "src": "g"}),
        P("external_grad_stolen_via_sum_dim", ["flags", "pinned"], L("x", -1.08, True),
          C("v", "view", "x", [1, 1], form="method"), C("y", "sum", "v", 1, form="func"),
          L("g", [-1.73]), B("y", "g"), {"k": "grad_inplace", "src": "x", "fn": "zero_"},
          {"k": "query", "src": "g"}),
        P("quirk_no_grad_view_base_modified", ["flags", "quirk", "pinned"], L("x", [[1., 2.], [3., 4.]], True),
          {"k": "block", "mode": "no_grad", "body": [{"k": "T", "out": "v", "src": "x"}]},
          C("s", "sum", "x", form="method"), B("s"),
          {"k": "block", "mode": "no_grad", "body": [
              {"k": "inplace", "src": "x", "fn": "add_", "args": [1.0]}]},
          {"k": "query", "src": "v"}),
        P("quirk_no_grad_view_of_view_base_modified", ["flags", "quirk", "pinned"],
          L("x", [[1., 2.], [3., 4.]], True),
          {"k": "block", "mode": "no_grad", "body": [
              {"k": "index", "out": "v", "src": "x", "idx": [0]}, C("w", "view", "v", [1, 2], form="method")]},
          C("s", "sum", "x", form="method"), B("s"),
          {"k": "block", "mode": "no_grad", "body": [
              {"k": "inplace", "src": "x", "fn": "add_", "args": [1.0]}]},
          {"k": "query", "src": "w"}),
        P("overflow_is_silent", ["nondiff", "pinned"], L("x", [1e200, 1., -1e300], True),
          C("y", "*", "x", "x"), C("z", "square", "x", form="method"), C("e", "exp", "x", form="method"),
          C("w", "+", "y", "z"), C("v", "+", "w", "e"), C("s", "sum", "v", form="method"), B("s")),
        P("index_chain", ["index"], L("x", [[1., 2., 3.], [4., 5., 6.]], True),
          {"k": "index", "out": "a", "src": "x", "idx": [0, {"s": [1, None, None]}]},
          {"k": "index", "out": "b", "src": "x", "idx": [{"s": [None, None, None]}, -1]},
          {"k": "index", "out": "c", "src": "x", "idx": [{"s": [None, None, 2]}]},
          C("d", "+", "a", "b"), C("e", "sum", "c", form="method"), C("f", "*", "d", "e"),
          C("s", "sum", "f", form="method"), B("s")),
        P("matmul_batched", ["matmul"], L("a", [[[1., 2.], [3., 4.]], [[0.5, -1.], [2., 0.]]], True),
          L("b", [[1., -1.], [0.5, 2.]], True), C("y", "@", "a", "b"), C("s", "sum", "y", form="method"), B("s")),
    ]
    return progs


def _I(src, fn, *args, **kw):
    step = {"k": "inplace", "src": src, "fn": fn,
            "args": [_ref(a) if isinstance(a, str) else a for a in args]}
    if kw:
        step["kw"] = kw
    return step


def _V(src):
    return {"k": "version", "src": src}


def _NG(*body):
    return {"k": "block", "mode": "no_grad", "body": list(body)}


_INPLACE_UNARY = ["exp_", "log_", "sin_", "cos_", "tanh_", "sigmoid_", "relu_", "neg_", "abs_",
                  "sqrt_", "reciprocal_", "square_", "zero_"]


def inplace_programs() -> list[dict]:
    """In-place ops, version counters and their errors (issue 14), as tutorials use them."""
    P, L, C, B, I, V, NG = _P, _L, _C, _B, _I, _V, _NG
    progs = [
        P("inplace_leaf_error", ["inplace", "error"], L("x", [1., 2.], True), I("x", "add_", 1.0), V("x")),
        P("inplace_aug_leaf_error", ["inplace", "error"], L("x", [1., 2.], True),
          I("x", "__iadd__", 1.0), I("x", "__imul__", 2.0), V("x")),
        P("inplace_no_grad_keeps_leaf", ["inplace"], L("x", [1., 2.], True),
          NG(I("x", "__iadd__", 1.0)), V("x"), C("y", "*", "x", "x"), C("s", "sum", "y", form="method"),
          B("s")),
        P("inplace_rebase_add", ["inplace"], L("x", [1., -2., 0.5], True), C("y", "*", "x", 2),
          I("y", "add_", 1), V("y"), I("y", "__imul__", "x"), V("y"), C("s", "sum", "y", form="method"),
          B("s")),
        P("inplace_into_plain_tensor", ["inplace"], L("w", [0.5, -1.5], True), L("c", [0., 0.]),
          I("c", "__iadd__", "w"), I("c", "__imul__", "w"), C("s", "sum", "c", form="method"), B("s")),
        P("inplace_add_alpha", ["inplace"], L("w", [0.5, -1.5], True), C("y", "*", "w", 1.5),
          I("y", "add_", "w", alpha=2.0), I("y", "sub_", "w", alpha=0.5), C("s", "sum", "y", form="method"),
          B("s")),
        # the official polynomial tutorial's update step, twice
        P("inplace_training_loop", ["inplace"], L("a", [0.5], True), L("b", [-0.3], True),
          L("x", [1., 2., 3.]), L("t", [2., 4.5, 7.]),
          *[step for it in range(2) for step in (
              C(f"ax{it}", "*", "a", "x"), C(f"p{it}", "+", f"ax{it}", "b"), C(f"d{it}", "-", f"p{it}", "t"),
              C(f"d2{it}", "**", f"d{it}", 2), C(f"l{it}", "sum", f"d2{it}", form="method"), B(f"l{it}"),
              NG({"k": "grad", "out": f"ga{it}", "src": "a"}, C(f"ua{it}", "*", f"ga{it}", 0.01),
                 I("a", "__isub__", f"ua{it}"), {"k": "grad", "out": f"gb{it}", "src": "b"},
                 C(f"ub{it}", "*", f"gb{it}", 0.01), I("b", "sub_", f"ub{it}")),
              {"k": "grad_inplace", "src": "a", "fn": "zero_"}, {"k": "grad_inplace", "src": "b", "fn": "zero_"},
              V("a"))]),
        # PyTorch's own .detach() vs .data example
        P("inplace_detach_shares_version", ["inplace", "error"], L("a", [1., 2., 3.], True),
          C("out", "sigmoid", "a", form="method"), {"k": "detach", "out": "c", "src": "out"},
          I("c", "zero_"), V("out"), C("s", "sum", "out", form="method"), B("s")),
        P("inplace_data_does_not", ["inplace"], L("a", [1., 2., 3.], True),
          C("out", "sigmoid", "a", form="method"), {"k": "data", "out": "c", "src": "out"},
          I("c", "zero_"), V("out"), V("c"), C("s", "sum", "out", form="method"), B("s")),
        P("inplace_result_saved_exp", ["inplace", "error"], L("a", [1., 2., 3.], True),
          C("out", "exp", "a", form="method"), I("out", "add_", 1), C("s", "sum", "out", form="method"),
          B("s")),
        P("inplace_constant_saved", ["inplace", "error"], L("a", [1., 2.], True), L("c", [3., 4.]),
          C("y", "*", "a", "c"), I("c", "add_", 1), C("s", "sum", "y", form="method"), B("s")),
        P("inplace_input_not_needed", ["inplace"], L("a", [1., 2.], True), L("c", [3., 4.]),
          C("y", "*", "a", "c"), NG(I("a", "add_", 1)), C("s", "sum", "y", form="method"), B("s")),
        P("inplace_leaf_saved_no_grad", ["inplace", "error"], L("a", [1., 2.], True),
          L("w", [3., 4.], True), C("y", "*", "a", "w"), NG(I("a", "mul_", 2)),
          C("s", "sum", "y", form="method"), B("s")),
        P("inplace_twice_versions", ["inplace", "error"], L("a", [1., 2.], True),
          C("x", "*", "a", 1.0), I("x", "add_", 1), C("y", "sin", "x", form="method"),
          I("x", "mul_", 2), I("x", "mul_", 2), V("x"), C("s", "sum", "y", form="method"), B("s")),
        P("inplace_int_errors", ["inplace", "error"], L("i", [1, 2, 3], dtype="i"),
          I("i", "add_", 1.5), I("i", "exp_"), I("i", "add_", 2), V("i")),
        P("inplace_shape_error", ["inplace", "error"], L("x", [1., 2., 3.]), L("y", [[1., 2., 3.], [4., 5., 6.]]),
          I("x", "add_", "y"), V("x")),
        P("inplace_view_shares_version", ["inplace"], L("x", [1., 2., 3.]),
          {"k": "index", "out": "v", "src": "x", "idx": [{"s": [1, None, None]}]}, I("v", "add_", 1.0),
          V("x"), V("v"), {"k": "detach", "out": "d", "src": "x"}, I("d", "mul_", 2.0), V("x"),
          {"k": "data", "out": "e", "src": "x"}, I("e", "mul_", 2.0), V("x"), {"k": "query", "src": "x"}),
        P("inplace_zero_fill_copy_graph", ["inplace"], L("a", [1., -2.], True), L("b", [0.5, 3.], True),
          C("y", "*", "a", 3.0), I("y", "copy_", "b"), C("z", "*", "a", "b"), I("z", "fill_", 2.0),
          C("w", "*", "a", 2.0), I("w", "zero_"), C("u", "+", "y", "z"), C("u2", "+", "u", "w"),
          C("s", "sum", "u2", form="method"), B("s")),
        P("inplace_copy_into_plain", ["inplace"], L("a", [1., -2.], True), L("c", [0., 0.]),
          I("c", "copy_", "a"), C("s", "sum", "c", form="method"), B("s")),
    ]
    for fn in _INPLACE_UNARY:
        progs.append(P(f"inplace_unary_{fn}", ["inplace"], L("x", [0.5, 1.5, 2.0], True),
                       C("y0", "*", "x", 1.5), C("y", "+", "y0", 0.25), I("y", fn), V("y"),
                       C("q", "*", "y", "y"), C("s", "sum", "q", form="method"), B("s")))
    for fn, args, kw in [("clamp_", [0.5, 2.0], {}), ("clamp_", [], {"min": 1.0}),
                         ("pow_", [2], {}), ("pow_", ["x"], {}), ("mul_", ["x"], {}),
                         ("div_", ["x"], {}), ("sub_", ["x"], {}), ("fill_", [2.0], {}),
                         ("__itruediv__", [2.0], {}), ("__ipow__", [3], {})]:
        progs.append(P(f"inplace_binary_{fn}{len(progs)}", ["inplace"], L("x", [0.5, 1.5, 2.0], True),
                       C("y0", "*", "x", 1.5), C("y", "+", "y0", 0.25), I("y", fn, *args, **kw),
                       C("q", "*", "y", "y"), C("s", "sum", "q", form="method"), B("s")))
    # a saved input changed in place: torch refuses exactly when the VJP needs it
    for op in ["sin", "cos", "log", "abs", "square", "exp", "sigmoid", "tanh", "sqrt", "relu",
               "reciprocal", "neg"]:
        progs.append(P(f"inplace_saved_input_{op}", ["inplace", "error"], L("a", [0.5, 1.5], True),
                       C("x", "+", "a", 1.0), C("y", op, "x", form="method"), I("x", "mul_", 2.0),
                       C("s", "sum", "y", form="method"), B("s")))
        progs.append(P(f"inplace_saved_result_{op}", ["inplace", "error"], L("a", [0.5, 1.5], True),
                       C("x", "+", "a", 1.0), C("y", op, "x", form="method"), I("y", "mul_", 2.0),
                       C("s", "sum", "y", form="method"), B("s")))
    for sym in ["*", "/", "**", "@", "+"]:
        progs.append(P(f"inplace_saved_binary_{sym}", ["inplace", "error"], L("a", [0.5, 1.5], True),
                       L("w", [2.0, 3.0], True), C("x", "+", "a", 1.0), C("y", sym, "x", "w"),
                       NG(I("w", "mul_", 2.0)), C("s", "sum", "y", form="method"), B("s")))
    return progs


def all_programs(seed: int = SEED, n_random: int = N_RANDOM) -> list[dict]:
    """Every program, in a fixed order: hand-written first (the seed is first), then random ones,
    then the engine-feature programs (appended last, so earlier fixtures keep their indices)."""
    return (handwritten_programs() + [random_program(seed, i) for i in range(n_random)]
            + inplace_programs())


# ----------------------------------------------------------------------------------------------
# interpreter
# ----------------------------------------------------------------------------------------------

_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
        "**": operator.pow, "@": operator.matmul, "==": operator.eq, ">": operator.gt,
        "<": operator.lt, ">=": operator.ge, "<=": operator.le, "neg": operator.neg}


def _is_tensor(x) -> bool:
    # Looked up on the type: reading grad_fn itself can raise (torch: a no_grad view whose base
    # was modified in place).
    return hasattr(type(x), "grad_fn") and hasattr(type(x), "requires_grad")


def _dtype_name(t) -> str:
    return str(t.dtype).rsplit(".", 1)[-1]


def _values(t) -> Any:
    arr = np.asarray(t.detach().numpy())
    return _to_json(arr)


def _to_json(arr: np.ndarray) -> Any:
    if arr.dtype.kind == "f":
        return arr.astype(np.float64).tolist()
    return arr.tolist()


def node_name(node) -> str:
    """grad_fn name; torch's AccumulateGrad.name() is 'torch::autograd::AccumulateGrad', the
    issue (and torch's repr) call it AccumulateGrad, so the namespace is dropped."""
    return node.name().rsplit("::", 1)[-1]


# The non-leaf .grad warning appears for every non-leaf in every snapshot: stored as a code to
# keep the fixtures small (the text is still compared exactly: only this exact text maps to it).
_NONLEAF_CODES = {"UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being "
                  "accessed.": "nonleaf-grad-warning"}


def _first_sentence(msg: str) -> str:
    i = msg.find(". ")
    return msg if i < 0 else msg[:i + 1]


class _Run:
    def __init__(self, backend, float_dtype: str):
        self.B = backend
        self.F = backend.nn.functional
        self.fdt = getattr(backend, float_dtype)
        self.float_dtype = float_dtype
        self.env: dict[str, Any] = {}
        self.order: list[str] = []          # posthook log
        self.preorder: list[str] = []       # prehook log
        self.hooked: dict[int, Any] = {}    # id(node) -> node (kept alive so ids stay unique)
        self.node_label: dict[int, str] = {}
        self.hook_log: list = []
        self.events: list[dict] = []
        self.keep: list = []
        self.hook_errors: list[str] = []
        self.seq: list[str] = []            # grad_fn pre/post hooks and tensor hooks, interleaved
        self.brief = False  # long programs: no per-step values/repr, snapshots of leaves only

    # -- helpers ------------------------------------------------------------------------------
    def arg(self, a):
        if isinstance(a, dict):
            return self.env[a["v"]]
        if isinstance(a, list):
            return tuple(a)
        return a

    def var_of(self, t) -> str | None:
        for k, v in self.env.items():
            if v is t:
                return k
        return None

    def label(self, node) -> str:
        name = node_name(node)
        if name == "AccumulateGrad":
            v = self.var_of(getattr(node, "variable", None))
            return f"AccumulateGrad({v})"
        lab = self.node_label.get(id(node))
        return f"{name}({lab})" if lab else name

    def describe(self, t) -> dict:
        d = {"shape": list(t.shape), "dtype": _dtype_name(t), "rg": bool(t.requires_grad),
             "leaf": bool(t.is_leaf)}
        if not self.brief:
            d["value"] = _values(t)
        fn = t.grad_fn
        # A missing feature shows up in its own aspect (graph, repr), not as an error of the op.
        try:
            d["fn"] = None if fn is None else node_name(fn)
            if fn is not None:
                d["next"] = [[None if n is None else self.label(n), int(i)] for n, i in fn.next_functions]
        except Exception as e:  # noqa: BLE001
            d["fn"] = f"<{type(e).__name__}: {e}>"
        if not self.brief:
            try:
                d["repr"] = repr(t)
            except Exception as e:  # noqa: BLE001
                d["repr"] = f"<{type(e).__name__}: {e}>"
        return d

    def graph(self, roots) -> list:
        """The whole autograd graph under roots: nodes numbered in DFS order, edges by number."""
        ids: dict[int, int] = {}
        nodes: list = []

        def visit(root):
            # Iterative pre-order DFS (numbering as the recursive version would): long chains
            # must not hit Python's recursion limit here.
            def enter(node):
                ids[id(node)] = len(nodes)
                entry = [self.label(node), []]
                nodes.append(entry)
                return (entry, iter(node.next_functions))
            stack = [enter(root)]
            while stack:
                entry, it = stack[-1]
                for n, i in it:
                    if n is None:
                        entry[1].append([None, int(i)])
                    elif id(n) in ids:
                        entry[1].append([ids[id(n)], int(i)])
                    else:
                        entry[1].append([len(nodes), int(i)])
                        stack.append(enter(n))
                        break
                else:
                    stack.pop()

        for r in roots:
            if r.grad_fn is not None and id(r.grad_fn) not in ids:
                visit(r.grad_fn)
        return nodes

    def hook_all(self, roots) -> None:
        seen = set()
        stack = [r.grad_fn for r in roots if r.grad_fn is not None]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if id(node) not in self.hooked:
                self.hooked[id(node)] = node
                lab = self.label(node)
                for reg, log in (("register_prehook", self.preorder), ("register_hook", self.order)):
                    try:
                        tag = "pre " if reg == "register_prehook" else "post "
                        getattr(node, reg)(lambda *a, _l=lab, _log=log, _t=tag + lab:
                                           (_log.append(_l), self.seq.append(_t)) and None)
                    except Exception as e:  # noqa: BLE001 - reported under "order", backward still runs
                        self.hook_errors.append(f"{lab}.{reg}: {type(e).__name__}: {e}")
            stack.extend(n for n, _ in node.next_functions if n is not None)

    def bind(self, out: str, t) -> None:
        self.env[out] = t
        if _is_tensor(t) and t.grad_fn is not None and id(t.grad_fn) not in self.node_label:
            self.node_label[id(t.grad_fn)] = out
            self.keep.append(t.grad_fn)  # keep alive so ids stay unique

    def grads_snapshot(self) -> dict:
        snap = {}
        for k, t in self.env.items():
            if not _is_tensor(t):
                continue
            try:
                if self.brief and not (t.is_leaf or t.retains_grad):
                    continue
                with warnings.catch_warnings(record=True) as w:
                    warnings.simplefilter("always")
                    g = t.grad
                entry = {"grad": None if g is None else _values(g),
                         "rg": bool(t.requires_grad), "leaf": bool(t.is_leaf),
                         "retains": bool(getattr(t, "retains_grad", False))}
                if t.is_leaf:  # in-place updates (an SGD step) only ever change leaves here
                    entry["value"] = _values(t)
            except Exception as e:  # noqa: BLE001 - torch refuses to show some tensors
                snap[k] = {"grad": None, "rg": None, "leaf": None, "retains": None,
                           "err": [type(e).__name__, str(e)]}
                continue
            if g is not None:
                entry["gdtype"] = _dtype_name(g)
            ws = [_NONLEAF_CODES.get(m, m) for m in
                  (f"{x.category.__name__}: {_first_sentence(str(x.message))}" for x in w)]
            if ws:
                entry["warn"] = ws
            snap[k] = entry
        return snap

    # -- steps --------------------------------------------------------------------------------
    def run_steps(self, steps, path) -> None:
        for i, step in enumerate(steps):
            self.run_step(step, f"{path}{i}")

    def run_step(self, step: dict, where: str) -> None:
        k = step["k"]
        ev: dict = {"at": where, "k": k}
        if k == "block":
            B = self.B
            ctx = {"no_grad": lambda: B.no_grad(), "enable_grad": lambda: B.enable_grad(),
                   "set_grad_enabled_false": lambda: B.set_grad_enabled(False),
                   "set_grad_enabled_true": lambda: B.set_grad_enabled(True)}[step["mode"]]
            try:
                with ctx():
                    self.run_steps(step["body"], where + ".")
            except Exception as e:  # the context manager itself failed
                ev["err"] = [type(e).__name__, str(e)]
                self.events.append(ev)
            return
        before_pre, before_post, before_hooks = len(self.preorder), len(self.order), len(self.hook_log)
        before_seq = len(self.seq)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            try:
                self.exec_step(step, ev)
            except _Skip as e:
                ev["skip"] = str(e)
            except Exception as e:
                ev["err"] = [type(e).__name__, str(e)]
        ws = [f"{x.category.__name__}: {_first_sentence(str(x.message))}" for x in w]
        if ws:
            ev["warn"] = ws
        if k in ("backward", "agrad"):
            ev["preorder"] = self.preorder[before_pre:]
            ev["order"] = self.order[before_post:]
            ev["hooks"] = self.hook_log[before_hooks:]
            if any(x.startswith("tensor-hook") for x in self.seq[before_seq:]):
                # tensor hooks interleaved with grad_fn pre/post hooks, as a learner's prints show
                ev["seq"] = self.seq[before_seq:]
            ev["grads"] = self.grads_snapshot()
            if self.hook_errors:
                ev["hookerr"] = self.hook_errors[:3]
                self.hook_errors.clear()
        self.events.append(ev)

    def need(self, name):
        if name not in self.env:
            raise _Skip(f"{name} undefined")
        return self.env[name]

    def exec_step(self, step: dict, ev: dict) -> None:
        B, k = self.B, step["k"]
        for a in step.get("args", []):
            if isinstance(a, dict):
                self.need(a["v"])
        if "src" in step:
            self.need(step["src"])
        if k == "leaf":
            kw = {}
            if step["dtype"] == "f" or (step["dtype"] == "d" and self.float_dtype != "float32"):
                kw["dtype"] = self.fdt
            elif step["dtype"] in ("float32", "float64"):  # fixed dtype, whatever the variant
                kw["dtype"] = getattr(B, step["dtype"])
            if step["rg"]:
                kw["requires_grad"] = True
            t = B.tensor(step["data"], **kw)
            self.bind(step["out"], t)
            ev["t"] = self.describe(t)
        elif k == "call":
            args = [self.arg(a) for a in step["args"]]
            kw = step.get("kw", {})
            fn, form = step["fn"], step["form"]
            if form == "op":
                res = _OPS[fn](*args)
            elif form == "method":
                res = getattr(args[0], fn)(*args[1:], **kw)
            elif form == "func":
                res = getattr(B, fn)(*args, **kw)
            else:
                res = getattr(self.F, fn)(*args, **kw)
            if not _is_tensor(res):  # max/min along a dim: (values, indices)
                vals, idx = res[0], res[1]
                self.bind(step["out"], vals)
                self.bind(step["out"] + "_idx", idx)
                ev["t"] = self.describe(vals)
                ev["idx"] = self.describe(idx)
            else:
                self.bind(step["out"], res)
                ev["t"] = self.describe(res)
        elif k == "index":
            key = tuple(slice(*i["s"]) if isinstance(i, dict) else i for i in step["idx"])
            t = self.env[step["src"]][key if len(key) > 1 else key[0]]
            self.bind(step["out"], t)
            ev["t"] = self.describe(t)
        elif k == "T":
            t = self.env[step["src"]].T
            self.bind(step["out"], t)
            ev["t"] = self.describe(t)
        elif k == "detach":
            t = self.env[step["src"]].detach()
            self.bind(step["out"], t)
            ev["t"] = self.describe(t)
        elif k == "retain_grad":
            t = self.env[step["src"]]
            t.retain_grad()
            ev["retains"] = bool(t.retains_grad)
        elif k == "requires_grad_":
            t = self.env[step["src"]]
            r = t.requires_grad_()
            ev["same"] = r is t
            ev["t"] = self.describe(t)
        elif k == "set_rg":
            t = self.env[step["src"]]
            t.requires_grad = step["value"]
            ev["t"] = self.describe(t)
        elif k == "grad":
            g = self.env[step["src"]].grad
            self.env[step["out"]] = g
            ev["t"] = None if g is None else self.describe(g)
        elif k == "inplace":
            t = self.env[step["src"]]
            args = [self.arg(a) for a in step["args"]]
            r = getattr(t, step["fn"])(*args, **step.get("kw", {}))
            ev["same"] = r is t
            ev["t"] = self.describe(t)
        elif k == "version":
            ev["ver"] = int(self.env[step["src"]]._version)
        elif k == "grad_inplace":
            t = self.env[step["src"]]
            getattr(t.grad, step["fn"])()
            ev["t"] = self.describe(t.grad)
        elif k == "thook":
            t = self.env[step["src"]]
            name, scale = step["src"], step["scale"]

            def hook(g, _n=name, _s=scale):
                self.hook_log.append([_n, _values(g)])
                self.seq.append(f"tensor-hook {_n}")
                return None if _s is None else g * _s
            t.register_hook(hook)
        elif k == "numpy":
            arr = np.asarray(self.env[step["src"]].numpy())
            ev["arr"] = {"dtype": arr.dtype.name, "value": _to_json(arr)}
        elif k == "data":
            t = self.env[step["src"]].data
            self.bind(step["out"], t)
            ev["t"] = self.describe(t)
        elif k == "clear_grad":
            self.env[step["src"]].grad = None
        elif k == "item":
            ev["item"] = self.env[step["src"]].item()
        elif k == "query":
            t = self.env[step["src"]]
            q = {"numel": int(t.numel()), "dim": int(t.dim()), "ndim": int(t.ndim),
                 "tolist": t.tolist()}
            if q["numel"] == 1:
                q["item"] = t.item()
            ev["q"] = q
        elif k == "backward":
            root = self.need(step["root"])
            grad = None if step["grad"] is None else self.need(step["grad"])
            ev["graph"] = self.graph([root])
            self.hook_all([root])
            kw = {}
            if step["retain_graph"] is not None:
                kw["retain_graph"] = step["retain_graph"]
            if step["form"] == "method":
                if grad is None:
                    root.backward(**kw)
                else:
                    root.backward(gradient=grad, **kw)
            else:
                B.autograd.backward(root, grad_tensors=grad, **kw)
        elif k == "agrad":
            outs = [self.need(o) for o in step["outs"]]
            ins = [self.need(i) for i in step["ins"]]
            ev["graph"] = self.graph(outs)
            self.hook_all(outs)
            kw = {}
            if step.get("gos"):
                kw["grad_outputs"] = [self.need(g) for g in step["gos"]]
            if step["retain_graph"] is not None:
                kw["retain_graph"] = step["retain_graph"]
            res = B.autograd.grad(outs, ins, **kw)
            ev["result"] = [None if r is None else self.describe(r) for r in res]
        else:
            raise ValueError(f"unknown step kind {k!r}")


class _Skip(Exception):
    """A step refers to a tensor an earlier (failed) step did not make."""


def run_program(program: dict, backend, float_dtype: str = "float64") -> dict:
    """Replay program on backend (torch or engine); return its JSON-serialisable trace."""
    run = _Run(backend, float_dtype)
    run.brief = bool(program.get("brief"))
    run.run_steps(program["steps"], "")
    return {"name": program["name"], "events": run.events, "final": run.grads_snapshot()}


# ----------------------------------------------------------------------------------------------
# comparison
# ----------------------------------------------------------------------------------------------

ASPECTS = ("values", "grads", "flags", "graph", "errors", "warnings", "order", "hooks", "repr")

_SIZE = re.compile(r"\b\w+\.Size\(\[([^\]]*)\]\)")
_TUPLE = re.compile(r"\(([\d,\s]*)\)")
_LIST = re.compile(r"\[([\d,\s]*)\]")


def normalize_message(msg: str) -> str:
    """Shapes printed as torch.Size([2, 3]), (2, 3), [2, 3] or (2,) all read <2,3>."""
    def canon(m):
        parts = [p.strip() for p in m.group(1).split(",") if p.strip()]
        return "<" + ",".join(parts) + ">"
    msg = _SIZE.sub(canon, msg)
    msg = _TUPLE.sub(canon, msg)
    msg = _LIST.sub(canon, msg)
    return msg.strip()


_NUMBER = re.compile(r"(?<![\w])-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|-?\binf\b|\bnan\b")


def normalize_repr(text: str, exact_numbers: bool = True) -> str:
    """dtype names without their module.  When the two sides' values are not bit-identical
    (float rounding inside the value tolerance), the printed numbers and the padding they
    cause are masked: a last-ulp difference can flip the 4th decimal, or print -2.9802e-08
    for torch's 0.  Bit-identical values must print identically."""
    text = text.replace("torch.", "").replace("engine.", "")
    if not exact_numbers:
        text = re.sub(r"\s+", " ", _NUMBER.sub("#", text))
    return text


def _close(a, b, rtol, atol_scale) -> bool:
    if a is None or b is None:
        return a is None and b is None
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    if x.shape != y.shape:
        return False
    if x.size == 0:
        return True
    finite = np.isfinite(y)
    scale = float(np.max(np.abs(y[finite]))) if finite.any() else 1.0
    atol = atol_scale * max(1.0, scale)
    return bool(np.allclose(x, y, rtol=rtol, atol=atol, equal_nan=True)
                and np.array_equal(np.isnan(x), np.isnan(y))
                and np.array_equal(np.isposinf(x), np.isposinf(y))
                and np.array_equal(np.isneginf(x), np.isneginf(y)))


TOLERANCES = {"float64": (1e-7, 1e-12), "float32": (2e-4, 2e-5)}


def compare_traces(got: dict, want: dict, float_dtype: str,
                   ignore_dtype: bool = False) -> dict[str, list[str]]:
    """Mismatches per aspect (empty lists = identical up to tolerance). want is torch's trace.
    ignore_dtype compares a float32 trace with a float64 one (see float32_ill_conditioned)."""
    rtol, atol = TOLERANCES[float_dtype]
    out: dict[str, list[str]] = {a: [] for a in ASPECTS}

    def tensor(where, g, w):
        if (g is None) != (w is None):
            out["values"].append(f"{where}: got {g!r} want {w!r}")
            return
        if w is None:
            return
        if g["shape"] != w["shape"] or (g["dtype"] != w["dtype"] and not ignore_dtype):
            out["values"].append(f"{where}: shape/dtype {g['shape']} {g['dtype']} vs torch "
                                 f"{w['shape']} {w['dtype']}")
        elif not _close(g.get("value"), w.get("value"), rtol, atol):
            out["values"].append(f"{where}: value {g.get('value')} vs torch {w.get('value')}")
        for f in ("rg", "leaf"):
            if g[f] != w[f]:
                out["flags"].append(f"{where}: {f}={g[f]} vs torch {w[f]}")
        if g.get("fn") != w.get("fn") or g.get("next") != w.get("next"):
            out["graph"].append(f"{where}: grad_fn {g.get('fn')} next {g.get('next')} vs torch "
                                f"{w.get('fn')} next {w.get('next')}")
        same = json.dumps(g.get("value")) == json.dumps(w.get("value"))
        if normalize_repr(g.get("repr", ""), same) != normalize_repr(w.get("repr", ""), same):
            out["repr"].append(f"{where}: {g.get('repr')!r} vs torch {w.get('repr')!r}")

    def snapshot(where, gs, ws):
        if gs.keys() != ws.keys():
            out["values"].append(f"{where}: tensors {sorted(gs)} vs torch {sorted(ws)}")
        for name in ws:
            if name not in gs:
                continue
            g, w = gs[name], ws[name]
            if not _close(g["grad"], w["grad"], rtol, atol) or (
                    g.get("gdtype") != w.get("gdtype") and not ignore_dtype):
                out["grads"].append(f"{where} {name}.grad: {g['grad']} ({g.get('gdtype')}) vs torch "
                                    f"{w['grad']} ({w.get('gdtype')})")
            if not _close(g.get("value"), w.get("value"), rtol, atol):
                out["values"].append(f"{where} {name}: value {g.get('value')} vs torch {w.get('value')}")
            for f in ("rg", "leaf", "retains"):
                if g[f] != w[f]:
                    out["flags"].append(f"{where} {name}: {f}={g[f]} vs torch {w[f]}")
            if g.get("err") != w.get("err"):
                out["errors"].append(f"{where} {name}: reading it raised {g.get('err')} vs torch {w.get('err')}")
            if g.get("warn") != w.get("warn"):
                out["warnings"].append(f"{where} {name}.grad warnings {g.get('warn')} vs torch {w.get('warn')}")

    gev, wev = got["events"], want["events"]
    if len(gev) != len(wev):
        out["errors"].append(f"{len(gev)} events vs torch {len(wev)}")
    for g, w in zip(gev, wev):
        where = f"step {w['at']} ({w['k']})"
        ge, we = g.get("err"), w.get("err")
        if (ge is None) != (we is None) or (we and (ge[0] != we[0] or
                                                   normalize_message(ge[1]) != normalize_message(we[1]))):
            out["errors"].append(f"{where}: raised {ge} vs torch {we}")
        if g.get("skip") != w.get("skip"):
            out["errors"].append(f"{where}: skipped {g.get('skip')} vs torch {w.get('skip')}")
        if [normalize_message(m) for m in g.get("warn", [])] != [normalize_message(m) for m in w.get("warn", [])]:
            out["warnings"].append(f"{where}: warnings {g.get('warn')} vs torch {w.get('warn')}")
        if "arr" in w or "arr" in g:
            ga, wa = g.get("arr") or {}, w.get("arr") or {}
            if (ga.get("dtype") != wa.get("dtype") and not ignore_dtype) or not _close(ga.get("value"), wa.get("value"), rtol, atol):
                out["values"].append(f"{where}: numpy() {ga} vs torch {wa}")
        if "item" in w or "item" in g:
            if not _close(g.get("item"), w.get("item"), rtol, atol):
                out["values"].append(f"{where}: item() {g.get('item')} vs torch {w.get('item')}")
        if "t" in w or "t" in g:
            tensor(where, g.get("t"), w.get("t"))
        if "idx" in w or "idx" in g:
            tensor(where + " indices", g.get("idx"), w.get("idx"))
        if "q" in w or "q" in g:
            gq, wq = g.get("q") or {}, w.get("q") or {}
            if any(gq.get(f) != wq.get(f) for f in ("numel", "dim", "ndim")) or not all(
                    _close(gq.get(f), wq.get(f), rtol, atol) for f in ("tolist", "item")):
                out["values"].append(f"{where}: numel/dim/tolist/item {gq} vs torch {wq}")
        for f in ("retains", "same", "ver"):
            if g.get(f) != w.get(f):
                out["flags"].append(f"{where}: {f}={g.get(f)} vs torch {w.get(f)}")
        if "result" in w or "result" in g:
            gr, wr = g.get("result") or [], w.get("result") or []
            if len(gr) != len(wr):
                out["grads"].append(f"{where}: autograd.grad returned {len(gr)} vs torch {len(wr)}")
            for j, (a, b) in enumerate(zip(gr, wr)):
                if (a is None) != (b is None) or (b is not None and (
                        a["shape"] != b["shape"] or not _close(a["value"], b["value"], rtol, atol))):
                    out["grads"].append(f"{where}: autograd.grad[{j}] {a and a['value']} vs torch {b and b['value']}")
        if w["k"] in ("backward", "agrad"):
            if g.get("graph") != w.get("graph"):
                out["graph"].append(f"{where}: autograd graph {g.get('graph')} vs torch {w.get('graph')}")
            if g.get("order") != w.get("order"):
                out["order"].append(f"{where}: post-hook order {g.get('order')} vs torch {w.get('order')}")
            if g.get("hookerr") or w.get("hookerr"):
                out["order"].append(f"{where}: registering grad_fn hooks failed {g.get('hookerr')} vs torch {w.get('hookerr')}")
            if g.get("preorder") != w.get("preorder"):
                out["order"].append(f"{where}: pre-hook order {g.get('preorder')} vs torch {w.get('preorder')}")
            if g.get("seq") != w.get("seq"):
                out["hooks"].append(f"{where}: hooks interleaved {g.get('seq')} vs torch {w.get('seq')}")
            gh, wh = g.get("hooks") or [], w.get("hooks") or []
            if [h[0] for h in gh] != [h[0] for h in wh] or not all(
                    _close(a[1], b[1], rtol, atol) for a, b in zip(gh, wh)):
                out["hooks"].append(f"{where}: tensor hooks {gh} vs torch {wh}")
            if "grads" in w:
                snapshot(where, g.get("grads") or {}, w["grads"])
    snapshot("end", got["final"], want["final"])
    return out


NUMERIC_ASPECTS = ("values", "grads", "hooks")


def float32_ill_conditioned(torch32: dict, torch64: dict) -> bool:
    """True when torch's own float32 run of a program disagrees with its float64 run beyond the
    float32 tolerance (e.g. cos of a number near 1e5, where one ulp of the argument changes the
    result): then float32 numbers measure rounding luck, not correctness, and the float32
    comparison of that program checks everything except the numeric aspects (float64 checks
    those for every program)."""
    diff = compare_traces(torch32, torch64, "float32", ignore_dtype=True)
    return any(diff[a] for a in NUMERIC_ASPECTS)


def parity_diff(got: dict, want: dict, float_dtype: str, torch64=None) -> dict[str, list[str]]:
    """compare_traces, except that a float32 program torch itself computes ill-conditioned
    (torch64: its float64 trace, or a callable returning it) keeps only non-numeric aspects."""
    diff = compare_traces(got, want, float_dtype)
    if float_dtype == "float32" and torch64 is not None and any(diff[a] for a in NUMERIC_ASPECTS):
        ref = torch64() if callable(torch64) else torch64
        if float32_ill_conditioned(want, ref):
            for a in NUMERIC_ASPECTS:
                diff[a] = []
    return diff
