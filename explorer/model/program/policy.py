"""Which attributes a program may read and write, and the checks on strings and numbers that
could otherwise exhaust memory (format widths, repetition, huge integers).

The rule: dunder attributes are never reachable (except ``__init__`` through ``super()`` or a
base class, the names ``__name__`` / ``__qualname__`` of functions and classes — a plain
str, see :meth:`Policy.name_of` — and ``__class__``, which is ``type(x)``'s inert view, see
``typeview``); facade modules expose their listed members; engine objects (tensors, modules,
optimizers, grad_fn nodes) their public names; the program's own objects whatever it set on
them; Python data (str, list, dict, numbers, numpy arrays) a fixed list of harmless methods.
Anything else — functions, classes of Python itself, frames, exceptions' internals — has no
attributes at all for the program.
"""
from __future__ import annotations

import re
import string
from collections import Counter, OrderedDict, defaultdict, deque
from typing import Any

import numpy as np

import engine

from explorer.model.messages import Message
from .budget import Budget, BudgetExceeded, Refused, over
from .facade_module import FacadeModule
from .frames import UserFunction
from .typeview import PLAIN_TYPES, TypeView, safe_type

_STR = frozenset((
    "lower", "upper", "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "join",
    "replace", "startswith", "endswith", "find", "rfind", "index", "rindex", "count", "title",
    "capitalize", "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower",
    "isnumeric", "partition", "rpartition", "format", "casefold", "swapcase", "zfill", "ljust",
    "rjust", "center", "removeprefix", "removesuffix"))
_LIST = frozenset(("append", "extend", "insert", "pop", "remove", "index", "count", "sort",
                   "reverse", "copy", "clear"))
_DICT = frozenset(("keys", "values", "items", "get", "pop", "popitem", "update", "setdefault",
                   "copy", "clear"))
_SET = frozenset(("add", "remove", "discard", "pop", "union", "intersection", "difference",
                  "symmetric_difference", "update", "copy", "clear", "issubset", "issuperset"))
_NUM = frozenset(("real", "imag", "conjugate", "is_integer", "bit_length", "as_integer_ratio",
                  "numerator", "denominator"))
_NDARRAY = frozenset((
    "shape", "ndim", "size", "dtype", "T", "sum", "mean", "std", "var", "max", "min", "argmax",
    "argmin", "reshape", "flatten", "ravel", "tolist", "item", "astype", "copy", "transpose",
    "dot", "squeeze", "clip", "cumsum", "prod", "round", "all", "any", "nbytes", "itemsize"))
_NPDTYPE = frozenset(("name", "kind", "itemsize"))
_BY_TYPE = {str: _STR, list: _LIST, dict: _DICT, set: _SET, frozenset: _SET,
            tuple: frozenset(("count", "index")), int: _NUM, float: _NUM, bool: _NUM,
            complex: _NUM, range: frozenset(("start", "stop", "step", "count", "index")),
            slice: frozenset(("start", "stop", "step")), np.ndarray: _NDARRAY,
            np.dtype: _NPDTYPE,
            # the collections the stdlib facade serves (stdlib.py)
            OrderedDict: _DICT | {"move_to_end"}, defaultdict: _DICT | {"default_factory"},
            Counter: _DICT | {"most_common", "elements", "total", "subtract"},
            deque: _LIST | {"appendleft", "popleft", "extendleft", "rotate", "maxlen"}}
# Names the engine keeps on a Module instance for itself: not the program's to touch.
_MODULE_PRIVATE = frozenset(vars(engine.nn.Module()))
# Tensor attributes a program may assign (torch allows any name; these are the ones that mean
# something, and new names are fine too as long as they do not hide a method).
_TENSOR_SETTABLE = frozenset(("requires_grad", "grad", "data"))


_EXCEPTION = frozenset(("args",))


# The dunders a program may read, and only as a name: `print(trainer_fn.__name__)` (d2l).
NAME_ATTRS = frozenset(("__name__", "__qualname__"))
# ...and `layer.__class__.__name__` (d2l's layer summaries): served as type(layer)
CLASS_ATTR = "__class__"


def is_dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def refused_attr(name: str, obj: Any) -> Refused:
    if is_dunder(name):
        return Refused(Message("access to '{name}' is not allowed here (programs cannot reach Python's "
                               "internals)", name=name))
    return Refused(Message("'{_kind}' attribute '{name}' is not available here", _kind=_kind(obj), name=name))


def _kind(obj: Any) -> str:
    t = type(obj)
    return obj.name if isinstance(obj, FacadeModule) else t.__name__


class Policy:
    """Attribute reads and writes for one run (knows which classes the program defined)."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self.user_classes: set = set()  # host classes made from the program's class statements
        # id -> (object, the name torch gives it) for every callable the facade serves; the
        # object is kept to check identity (an id alone could be reused)
        self._facade_names: dict[int, tuple[Any, str]] = {}

    def learn_facade(self, modules: dict, builtins: dict) -> None:
        """Remember the name of every callable the facade modules and builtins serve, so that
        ``torch.optim.Adagrad.__name__`` is "Adagrad" and ``F.relu.__name__`` is "relu" — the
        name it is served under (a size-guarded wrapper of ``torch.zeros`` is still "zeros")."""
        seen: set = set()

        def walk(members: dict) -> None:
            for key, value in members.items():
                if isinstance(value, FacadeModule):
                    if id(value) not in seen:
                        seen.add(id(value))
                        walk(value.members)
                elif callable(value) and not isinstance(value, engine.Tensor):
                    self._facade_names.setdefault(id(value), (value, key))

        walk(builtins)
        for module in modules.values():
            walk({module.name: module})

    def name_of(self, obj: Any, attr: str) -> str | None:
        """``obj.__name__`` / ``obj.__qualname__`` as Python gives it, for the program's own
        functions and classes, the facade's callables and classes, modules and ``type(x)``;
        None for everything else (the caller refuses it as any other dunder). Only a str comes
        back, so a chain (``f.__name__.__class__``) stops at the next dunder."""
        qual = attr == "__qualname__"
        if isinstance(obj, UserFunction):
            name = "<lambda>" if obj.is_lambda else obj.name
            if not qual or obj.frame.outer is None:     # defined at module level
                return name
            owner = obj.owner
            if owner in self.user_classes and obj.frame.outer.outer is None:
                return f"{owner.__qualname__}.{name}"   # a method of a module-level class
            return None  # nested: "outer.<locals>.inner" is not worth modelling
        if isinstance(obj, type) and obj in self.user_classes:
            return str(obj.__qualname__ if qual else obj.__name__)
        entry = self._facade_names.get(id(obj))
        if entry is not None and entry[0] is obj:
            return entry[1]
        if isinstance(obj, FacadeModule):
            return None if qual else obj.name
        if isinstance(obj, TypeView):                   # type(x).__name__ -> "Tensor"
            return obj.short_name
        if isinstance(obj, type) and obj in PLAIN_TYPES:  # type(3).__name__ -> "int"
            return obj.__name__
        return None

    # ---- reading
    def allowed(self, obj: Any, name: str) -> bool:
        """Whether a program may read ``obj.name``: the rules of the module docstring, tried
        in order (dunders, facade modules, the program's own objects, ``super()``, torch's
        few underscore names, engine objects, then Python data's listed methods)."""
        if is_dunder(name):
            return self._dunder_allowed(obj, name)
        if isinstance(obj, FacadeModule):
            return name in obj.members
        if self._is_programs(obj):
            return not _engine_private(obj, name)
        if isinstance(obj, super):
            return not name.startswith("_")
        if name.startswith("_"):
            return _torch_underscore_name(obj, name)
        if _is_engine_object(obj):
            return True
        return name in _plain_methods(obj)

    def _dunder_allowed(self, obj: Any, name: str) -> bool:
        """``x.__class__`` (served as ``type(x)``, see :meth:`get`) and ``__init__`` through
        ``super()`` or a class the program or the engine defined; no other dunder."""
        if name == CLASS_ATTR:
            return True
        return name == "__init__" and (isinstance(obj, super) or (
            isinstance(obj, type) and (obj in self.user_classes or _engine_class(obj))))

    def _is_programs(self, obj: Any) -> bool:
        """An instance of a class the program defined, or such a class itself."""
        return type(obj) in self.user_classes or (
            isinstance(obj, type) and obj in self.user_classes)

    def get(self, obj: Any, name: str) -> Any:
        if name in NAME_ATTRS:
            found = self.name_of(obj, name)
            if found is None:
                raise refused_attr(name, obj)
            return found
        if name == CLASS_ATTR:
            # exactly type(x): a plain builtin type or an inert TypeView, never the class
            # object, so ``__bases__``/``__subclasses__``/``__init__`` stay out of reach
            return safe_type(obj)
        if type(obj) is FacadeModule:
            try:
                return obj.members[name]
            except KeyError:
                raise AttributeError(Message("module '{name}' has no attribute '{name_2}' (not available "
                                             "in this app)", name=obj.name, name_2=name)) from None
        if not self.allowed(obj, name):
            raise refused_attr(name, obj)
        return getattr(obj, name)

    # ---- writing
    def set(self, obj: Any, name: str, value: Any) -> None:
        if is_dunder(name):
            raise refused_attr(name, obj)
        t = type(obj)
        if self._is_programs(obj):
            if _engine_private(obj, name):
                raise refused_attr(name, obj)
            setattr(obj, name, value)
            return
        if name.startswith("_"):
            raise refused_attr(name, obj)
        if isinstance(obj, engine.Tensor):
            if name in _TENSOR_SETTABLE or not hasattr(type(obj), name):
                setattr(obj, name, value)
                return
            raise AttributeError(Message("attribute '{name}' of 'torch._C.TensorBase' objects is not "
                                         "writable", name=name))
        if isinstance(obj, (engine.dtype, engine.Size)):
            # shared by every run of the process: a program may not rename torch.float32
            raise Refused(Message("cannot set attributes on '{_kind}' here", _kind=_kind(obj)))
        if isinstance(obj, engine.nn.Module) or isinstance(obj, engine.optim.Optimizer) or (
                _engine_class(t) and not isinstance(obj, type)):
            setattr(obj, name, value)
            return
        raise Refused(Message("cannot set attributes on '{_kind}' here", _kind=_kind(obj)))


def _engine_private(obj: Any, name: str) -> bool:
    """An underscore name the engine keeps for itself on a program's object (a Module's
    ``_parameters``): the program's own ``_x`` attributes are fine."""
    return name.startswith("_") and (name in _MODULE_PRIVATE or
                                     _engine_defines(type(obj), name))


def _torch_underscore_name(obj: Any, name: str) -> bool:
    """torch's own underscore names that tutorials read: ``x._version``, and the tensors a
    grad_fn saved (``y.grad_fn._saved_self``, as in the autograd mechanics notes)."""
    return (name == "_version" and isinstance(obj, engine.Tensor)) or (
        name.startswith("_saved_") and isinstance(obj, engine.autograd.Node))


def _is_engine_object(obj: Any) -> bool:
    """A tensor, or an instance of an engine class, or an engine class: public names only."""
    return isinstance(obj, engine.Tensor) or _engine_class(type(obj)) or (
        isinstance(obj, type) and _engine_class(obj))


def _plain_methods(obj: Any) -> frozenset:
    """The harmless names of Python data (and nothing of anything else: functions, Python's
    classes, frames, grad-mode objects)."""
    listed = _BY_TYPE.get(type(obj))
    if listed is not None:
        return listed
    if isinstance(obj, np.generic):
        return _NDARRAY
    if isinstance(obj, BaseException):
        return _EXCEPTION
    return frozenset()


def _engine_class(t: Any) -> bool:
    return isinstance(t, type) and (t.__module__ or "").startswith("engine")


def _engine_defines(t: type, name: str) -> bool:
    return any(_engine_class(k) and name in vars(k) for k in t.__mro__)


# ------------------------------------------------------------------------------ strings
_PCT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_SPEC_WIDTH = re.compile(r"(\d+)")


def check_spec(spec: str, budget: Budget, line: int | None) -> None:
    """A format spec may not ask for a huge width or precision ("{:>1000000000}")."""
    if "{" in spec or "}" in spec:
        raise Refused(Message("nested fields in a format spec are not allowed here"), line)
    for m in _SPEC_WIDTH.finditer(spec):
        if int(m.group(1)) > budget.format_width:
            raise BudgetExceeded(Message("a format width of {group} is over the limit of {format_width}",
                                         group=m.group(1), format_width=format(budget.format_width, ",")), line)


def check_percent(fmt: str, budget: Budget, line: int | None) -> None:
    for m in _PCT_WIDTH.finditer(fmt):
        for g in m.groups():
            if g == "*":
                raise Refused(Message("'*' widths in % formatting are not allowed here"), line)
            if g and int(g) > budget.format_width:
                raise BudgetExceeded(Message("a format width of {g} is over the limit of {format_width}",
                                             g=g, format_width=format(budget.format_width, ",")), line)


_FIELD = re.compile(r"^(\d*|[A-Za-z_]\w*)$")


def safe_str_format(fmt: str, args: tuple, kwargs: dict, budget: Budget,
                    line: int | None) -> str:
    """``str.format`` without attribute or index lookups in field names ("{0.__class__}")."""
    out = []
    auto = 0
    for literal, field, spec, conv in string.Formatter().parse(fmt):
        out.append(literal)
        if field is None:
            continue
        if not _FIELD.match(field):
            raise Refused(Message("format field '{{{field}}}' is not allowed here: only {{}}, {{0}} or "
                                  "{{name}} (no attribute or index lookups)", field=field), line)
        if field == "":
            value = args[auto]
            auto += 1
        elif field.isdigit():
            value = args[int(field)]
        else:
            value = kwargs[field]
        spec = spec or ""
        check_spec(spec, budget, line)
        if conv == "r":
            value = repr(value)
        elif conv == "s":
            value = str(value)
        elif conv == "a":
            value = ascii(value)
        out.append(format(value, spec))
    return "".join(out)


def check_repeat(a: Any, b: Any, budget: Budget, line: int | None) -> None:
    """``[0] * 10**10`` / ``'a' * 10**10``: refused before Python allocates."""
    seq, n = (a, b) if isinstance(a, (str, list, tuple, bytes)) else (b, a)
    if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
        if len(seq) * n > budget.sequence_items:
            raise BudgetExceeded(Message("{over}: {seq} x {n}",
                                         over=over("items in one list or string", budget.sequence_items),
                                         seq=format(len(seq), ","), n=format(n, ",")), line)


def check_int_pow(base: Any, exp: Any, budget: Budget, line: int | None) -> None:
    if type(base) is int and type(exp) is int and exp > 0 and abs(base) > 1:
        if base.bit_length() * exp > budget.int_bits:
            raise BudgetExceeded(Message("{base} ** {exp} is too large to compute here (over {int_bits} "
                                         "bits)", base=base, exp=exp, int_bits=format(budget.int_bits, ",")), line)


def check_shift(a: Any, b: Any, budget: Budget, line: int | None) -> None:
    if type(a) is int and type(b) is int and b > budget.int_bits:
        raise BudgetExceeded(Message("{a} << {b} is too large to compute here", a=a, b=b), line)


def check_broadcast(a: Any, b: Any, budget: Budget, line: int | None) -> None:
    """Two tensors whose broadcast (or matmul) result could be huge: check its size first."""
    na, nb = a.numel(), b.numel()
    if na * nb <= budget.tensor_elements:
        return
    try:
        shape = np.broadcast_shapes(tuple(a.shape), tuple(b.shape))
    except ValueError:
        return  # the engine reports the mismatch in torch's words
    n = 1
    for s in shape:
        n *= s
    if n > budget.tensor_elements:
        raise BudgetExceeded(Message("{over}: the result would have {n} (shape {shape})",
                                     over=over("elements in one tensor", budget.tensor_elements),
                                     n=format(n, ","), shape=list(shape)), line)


_MATMUL_LIKE = frozenset(("mm", "matmul", "bmm", "mv", "dot"))
_SIZED = frozenset(("repeat", "expand", "new_zeros", "new_ones", "new_empty", "new_full",
                    "tile"))


def check_call_size(name: str, args: tuple, budget: Budget, line: int | None) -> None:
    """Sizes of the few calls whose result can be far larger than their inputs (``mm`` of a
    column by a row, ``outer``, ``repeat``, ``expand``), checked before the engine allocates.
    ``args`` includes the tensor a method is called on first."""
    n = None
    if name in _MATMUL_LIKE and len(args) >= 2 and all(isinstance(a, engine.Tensor)
                                                         for a in args[:2]):
        a, b = args[0], args[1]
        if a.numel() * b.numel() <= budget.tensor_elements:
            return
        sa, sb = tuple(a.shape), tuple(b.shape)
        n = 1
        for s in sa[:-1] + sb[-1:]:
            n *= s
    elif name == "outer" and len(args) >= 2 and all(isinstance(a, engine.Tensor)
                                                       for a in args[:2]):
        n = args[0].numel() * args[1].numel()
    elif name in _SIZED and args and isinstance(args[0], engine.Tensor):
        sizes = args[1:]
        if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
            sizes = tuple(sizes[0])
        if name == "new_full":
            sizes = tuple(sizes[0]) if sizes and isinstance(sizes[0], (tuple, list)) else ()
        n = 1
        for s in sizes:
            if isinstance(s, int) and s > 0:
                n *= s
        if name in ("repeat", "tile"):
            n *= max(args[0].numel(), 1)
    if n is not None and n > budget.tensor_elements:
        raise BudgetExceeded(Message("{over}: {name}() would make {n}",
                                     over=over("elements in one tensor", budget.tensor_elements), name=name,
                                     n=format(n, ",")), line)
