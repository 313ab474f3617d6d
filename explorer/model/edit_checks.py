"""What every edit checks before it reaches a document: parameter values against the op table,
tensor values and their size cap, names, positions; and the node constructors built on them
(re-exported by :mod:`explorer.model.commands`).
"""
from __future__ import annotations

import keyword
import math
from typing import Any, Mapping

import numpy as np

from engine.ops import OPS, REQUIRED
from explorer.model.document import DTYPES, Document, DocumentError, FLOAT_DTYPES, Node, is_valid_name
from explorer.model.messages import Message


#: Largest tensor a node may hold (also the file loader's cap).
MAX_TENSOR_ELEMENTS = 1_000_000


# ---------------------------------------------------------------------------- validation helpers
def _ops() -> Mapping[str, Any]:
    """The op table (the one place ops live)."""
    return OPS


def _required_sentinel() -> Any:
    return REQUIRED


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def normalize_param(op_name: str, param_name: str, value: Any) -> Any:
    """Check ``value`` against the op table's declaration of the parameter and return it in
    canonical form (ints as int, shapes as tuples). Raises DocumentError with a user message."""
    ops = _ops()
    if op_name not in ops:
        raise DocumentError(Message("unknown operation '{op_name}'", op_name=op_name))
    params = {p.name: p for p in ops[op_name].params}
    if param_name not in params:
        known = ", ".join(params) or "none"
        raise DocumentError(Message("'{op_name}' has no parameter '{param_name}' (its parameters: "
                                    "{known})", op_name=op_name, param_name=param_name, known=known))
    param = params[param_name]
    where = Message("parameter '{param_name}' of {op_name}", param_name=param_name, op_name=op_name)
    if value is None and (param.kind == "dim" or param.default is None):
        return None
    return _canonical(param.kind, value, where)


def _canonical(kind: str, value: Any, where: Message) -> Any:
    """``value`` as a parameter of this kind holds it, or DocumentError."""
    if kind == "int" or kind == "dim":
        return _whole_number(kind, value, where)
    if kind == "float":
        if not _is_number(value):
            raise DocumentError(Message("{where} must be a number, not {value}", where=where,
                                        value=repr(value)))
        return float(value)
    if kind == "bool":
        if not isinstance(value, (bool, np.bool_)):
            raise DocumentError(Message("{where} must be True or False, not {value}", where=where,
                                        value=repr(value)))
        return bool(value)
    if kind in ("shape", "dims"):
        return _dimensions(kind, value, where)
    # A kind this module does not know yet: accept plain JSON-like scalars only.
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise DocumentError(Message("{where} has an unsupported value {value}", where=where, value=repr(value)))


def _whole_number(kind: str, value: Any, where: Message) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not _is_int(value):
        raise DocumentError((Message("{where} must be a whole number or None, not {value}", where=where,
                                     value=repr(value))
                             if kind == 'dim' else
                             Message("{where} must be a whole number, not {value}", where=where,
                                     value=repr(value))))
    return int(value)


def _dimensions(kind: str, value: Any, where: Message) -> tuple[int, ...]:
    if _is_int(value) and kind == "shape":
        value = (value,)
    if not isinstance(value, (list, tuple)) or not all(_is_int(v) for v in value):
        raise DocumentError(Message("{where} must be a tuple of whole numbers, not {value}", where=where,
                                    value=repr(value)))
    if kind == "dims" and len(value) != 2:
        raise DocumentError(Message("{where} must be two dimensions, not {value}", where=where,
                                    value=len(value)))
    if len(value) > 32:
        raise DocumentError(Message("{where} has too many dimensions ({value})", where=where,
                                    value=len(value)))
    return tuple(int(v) for v in value)


def check_params(op_name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Normalize every parameter of an op node; refuse missing required ones."""
    ops = _ops()
    if op_name not in ops:
        raise DocumentError(Message("unknown operation '{op_name}'", op_name=op_name))
    result = {name: normalize_param(op_name, name, value) for name, value in params.items()}
    required = _required_sentinel()
    for p in ops[op_name].params:
        if required is not None and p.default is required and p.name not in result:
            raise DocumentError(Message("{op_name} needs its parameter '{name}'", op_name=op_name,
                                        name=p.name))
    return result


def as_value(value: Any, dtype: str = "float32") -> np.ndarray:
    """A tensor value as a numpy array of ``dtype``, or DocumentError for anything else."""
    if dtype not in DTYPES:
        raise DocumentError(Message("unknown dtype '{dtype}' (use {DTYPES})", dtype=dtype,
                                    DTYPES=', '.join(DTYPES)))
    if isinstance(value, (str, bytes)) or value is None:
        raise DocumentError(Message("a tensor value must be numbers, not {value}", value=repr(value)))
    if np.dtype(dtype).kind in "iu":
        _check_whole_numbers(value, dtype)
    try:
        with np.errstate(over="ignore"):  # like torch.tensor(1e300, dtype=float32): inf
            array = np.array(value, dtype=dtype)
    except OverflowError:   # a Python int beyond the integer dtype (2**63, -1 as uint8)
        raise DocumentError(Message("a number is out of range for {dtype}", dtype=dtype)) from None
    except (ValueError, TypeError):
        raise DocumentError(Message("a tensor value must be a number or a (nested) list of numbers with "
                                    "the same length in every row")) from None
    if array.size > MAX_TENSOR_ELEMENTS:
        raise DocumentError(Message("a tensor of {size} elements is too large (at most "
                                    "{MAX_TENSOR_ELEMENTS})", size=format(array.size, ","),
                                    MAX_TENSOR_ELEMENTS=format(MAX_TENSOR_ELEMENTS, ",")))
    return array


def _check_whole_numbers(value: Any, dtype: str) -> None:
    """Refuse floats an integer dtype cannot hold: numpy would cast NaN, inf and out-of-range
    numbers to arbitrary integers (with a RuntimeWarning) where torch.tensor raises."""
    try:
        probe = np.asarray(value)
    except (ValueError, TypeError, OverflowError):
        return      # ragged or not numbers: the conversion below says so
    if probe.dtype.kind != "f" or not probe.size:
        return
    with np.errstate(all="ignore"):
        if not np.isfinite(probe).all():
            raise DocumentError(Message("{dtype} has no NaN or infinity", dtype=dtype))
        info = np.iinfo(dtype)
        if probe.min() < info.min or probe.max() >= info.max + 1.0:
            raise DocumentError(Message("a number is out of range for {dtype}", dtype=dtype))


def _check_pos(pos: Any) -> tuple[float, float]:
    try:
        x, y = pos
        x, y = float(x), float(y)
    except (TypeError, ValueError):
        raise DocumentError(Message("a position must be two numbers, not {pos}", pos=repr(pos))) from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise DocumentError(Message("a position must be finite"))
    return (x, y)


GROUP_NAME_PUNCTUATION = " -_.,:'/&+#"


def check_group_name(name: Any) -> str:
    """A group's name is a label ("pretrained backbone"): letters, digits, spaces and a little
    punctuation, at most 80 characters. Returns it stripped."""
    if not isinstance(name, str) or not name.strip():
        raise DocumentError(Message("a group needs a name"))
    name = name.strip()
    if len(name) > 80:
        raise DocumentError(Message("a group name can have at most 80 characters"))
    bad = sorted({ch for ch in name if not (ch.isalnum() or ch in GROUP_NAME_PUNCTUATION)})
    if bad:
        raise DocumentError(Message("a group name cannot contain {values}",
                                    values=' '.join(repr(ch) for ch in bad)))
    return name


def _check_name(doc: Document, name: Any, node_id: str | None = None) -> None:
    if isinstance(name, str) and keyword.iskeyword(name):
        raise DocumentError(Message("'{name}' is a Python keyword and cannot be a name", name=name))
    if isinstance(name, str) and name == "":
        raise DocumentError(Message("a name cannot be empty"))
    if not isinstance(name, str) or not is_valid_name(name):
        raise DocumentError(Message("'{name}' is not a valid name: use letters, digits and _, not "
                                    "starting with a digit", name=name))
    doc.check_name(name, node_id)


def _check_node(doc: Document, node: Node) -> Node:
    """Validate a node about to be inserted; returns a normalized copy."""
    if not isinstance(node, Node):
        raise DocumentError(Message("not a node"))
    node = node.copy()
    if not isinstance(node.id, str) or not node.id:
        raise DocumentError(Message("a node needs an id"))
    if node.kind not in ("leaf", "const", "op"):
        raise DocumentError(Message("unknown node kind '{kind}'", kind=node.kind))
    _check_name(doc, node.name)
    if node.dtype not in DTYPES:
        raise DocumentError(Message("unknown dtype '{dtype}' (use {DTYPES})", dtype=node.dtype,
                                    DTYPES=', '.join(DTYPES)))
    if node.kind == "leaf" and node.dtype not in FLOAT_DTYPES:
        raise DocumentError(Message("a leaf tensor is {FLOAT_DTYPES}; whole numbers and booleans "
                                    "({dtype}) are constants", FLOAT_DTYPES=' or '.join(FLOAT_DTYPES),
                                    dtype=node.dtype))
    node.pos = _check_pos(node.pos)
    if node.kind == "op":
        node.params = check_params(node.op, node.params)
        node.value = None
        node.requires_grad = False
    else:
        # A constant may be a port literal (see literal_node); leaves carry no params.
        inline = node.kind == "const" and node.params.get(INLINE) is True
        node.op, node.params = None, ({INLINE: True} if inline else {})
        if node.value is None:
            raise DocumentError((Message("the leaf tensor '{name}' needs a value", name=node.name)
                                 if node.kind == 'leaf' else
                                 Message("the constant '{name}' needs a value", name=node.name)))
        node.value = as_value(node.value, node.dtype)
        if node.kind == "const":
            node.requires_grad = False
    node.requires_grad = bool(node.requires_grad)
    node.retain_grad = bool(node.retain_grad)
    return node


# ---------------------------------------------------------------------------- node factories
def leaf_node(doc: Document, name: str, value: Any, *, requires_grad: bool = False,
              dtype: str = "float32", pos: tuple[float, float] = (0.0, 0.0)) -> Node:
    """A new leaf tensor with a fresh id (not yet in the document: push an AddNodeCommand)."""
    return Node(doc.new_id(), "leaf", name, value=as_value(value, dtype), dtype=dtype,
                requires_grad=requires_grad, pos=pos)


def const_node(doc: Document, value: Any, *, name: str | None = None, dtype: str = "float32",
               pos: tuple[float, float] = (0.0, 0.0)) -> Node:
    """A new constant; a 0-d constant reaches the engine as a Python scalar."""
    return Node(doc.new_id(), "const", name or doc.unique_name("c"), value=as_value(value, dtype),
                dtype=dtype, pos=pos)


INLINE = "inline"  # const params key: the constant is a value typed on its consumer's port


def literal_node(doc: Document, value: Any, *, dtype: str = "float32",
                 pos: tuple[float, float] = (0.0, 0.0)) -> Node:
    """A new port literal: a constant typed on an op's input port (Blender's socket values).

    It is an ordinary constant for the runner, the printer (``a ** 3``) and the file; the flag
    only tells the canvas to draw it inside its consumer's port instead of as a card."""
    return Node(doc.new_id(), "const", doc.unique_name("c"), value=as_value(value, dtype),
                dtype=dtype, pos=pos, params={INLINE: True})


def is_port_literal(doc: Document, node_id: str) -> bool:
    """True if ``node_id`` is a port literal feeding exactly one input port (shown in that port)."""
    node = doc.nodes.get(node_id)
    if node is None or node.kind != "const" or node.params.get(INLINE) is not True:
        return False
    return len(doc.out_edges(node_id)) == 1


def port_literal(doc: Document, dst: str, port: int) -> Node | None:
    """The port literal in input ``port`` of ``dst``, or None (unconnected or wired)."""
    edge = doc.edge_into(dst, port)
    if edge is None or not is_port_literal(doc, edge.src):
        return None
    return doc.nodes[edge.src]


def op_node(doc: Document, op: str, params: Mapping[str, Any] | None = None, *,
            name: str | None = None, pos: tuple[float, float] = (0.0, 0.0)) -> Node:
    """A new op node, named after its op (``mul``, ``mul1``, ...) unless a name is given."""
    if op not in _ops():
        raise DocumentError(Message("unknown operation '{op}'", op=op))
    return Node(doc.new_id(), "op", name or doc.unique_name(op), op=op,
                params=check_params(op, dict(params or {})), pos=pos)
