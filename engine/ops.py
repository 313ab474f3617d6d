"""The ops: the table's entries run on tensors, with the graph recorded as torch records it.

Importing this module installs every op method and operator on ``Tensor``; it is the one
place that does (``engine/__init__`` imports it right after ``engine.tensor``, which defines
the data structure and knows nothing of ops).  The pieces, in reading order:

- ``op_table.py``     what each op is: forward, VJP per input, grad_fn name, samples;
- ``dispatch.py``     the reference path: ``apply_op``, dtype promotion, recording a node;
- ``ops_fast.py``     straight-line fast paths of the common methods and operators, each
                      tested against the reference path (``tests/engine/test_ops_fast.py``);
- ``ops_inplace.py``  ``add_``, ``+=``, ``zero_`` ... (version counters, CopySlices);
- ``ops_subscript.py`` ``x[key]`` and ``x[key] = value``;
- ``ops_methods.py``  the generated methods and functions, operators, comparisons, sort,
                      expand, flatten, dtype conversions.

The names below are re-exported: ``engine.ops.OPS``, ``engine.ops.apply_op`` and the private
helpers the other op modules use (``_apply``, ``_as_tensor``, ``_inplace`` ...) keep their
import path.
"""
from __future__ import annotations

from .dispatch import (_KIND_RANK, _apply, _apply_primal, _as_tensor, _bind,  # noqa: F401
                       _broadcast_message, _forward_error, _mixed_arrays, _promote,
                       _result_dtype, _scalar_types, apply_internal, apply_op)
from .dtypes import _F32, _F64  # noqa: F401
from .op_table import (CATEGORIES, INTERNAL_OPS, OPS, REQUIRED, Op, Param,  # noqa: F401
                       _nll_vjp, lookup)
from .ops_fast import _fast_binary, _fast_unary, _scalar_array  # noqa: F401
from .ops_inplace import _inplace, _make_inplace, _stand_in  # noqa: F401
from .ops_methods import (FUNCTIONAL, FUNCTIONS, METHODS, MaxResult, MinResult,  # noqa: F401
                          SortResult, _allclose, _equal, _expand, _maximum, _minimum,
                          _return_types_repr, _sort, flatten, nll_loss)
from .ops_subscript import _getitem, _setitem  # noqa: F401

__all__ = ["Param", "Op", "OPS", "INTERNAL_OPS", "REQUIRED", "apply_op", "apply_internal",
           "lookup", "CATEGORIES"]
