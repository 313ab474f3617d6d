"""Results as JSON-ready data: what the headless ``run`` command prints."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from explorer.model.document import Document
from explorer.model.runner.results import RunResult

__all__ = ["json_number_array", "result_report"]


def json_number_array(a: Any) -> Any:
    """Nested lists of numbers for JSON. NaN and ±Inf are not valid JSON, so they become the
    strings "nan", "inf" and "-inf" (which ``float()`` reads back); ``None`` stays ``None``."""
    if a is None:
        return None
    arr = np.asarray(a)

    def conv(v: Any) -> Any:
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, float) and not math.isfinite(v):
            return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        return v

    return conv(arr.tolist())


def result_report(doc: Document, result: RunResult) -> dict[str, Any]:
    """``{"nodes": {NAME: {"value", "grad", "requires_grad", "is_leaf", "grad_fn", "shape"}}, ...}``
    in topological order; ``grad`` is null exactly where PyTorch's ``.grad`` is None. Also
    ``root``, ``backward_error``, and ``errors`` / ``warnings`` keyed by node name."""
    nodes: dict[str, Any] = {}
    for nid, r in result.results.items():
        name = doc.nodes[nid].name
        nodes[name] = {
            "value": json_number_array(r.value),
            "grad": json_number_array(r.grad),
            "requires_grad": r.requires_grad,
            "is_leaf": r.is_leaf,
            "grad_fn": r.grad_fn,
            "shape": list(r.shape) if r.shape is not None else None,
        }
    return {
        "nodes": nodes,
        "root": doc.nodes[result.root].name if result.root in doc.nodes else None,
        "backward_error": result.backward_error,
        "errors": {doc.nodes[k].name: v for k, v in result.errors.items()},
        "warnings": {doc.nodes[k].name: v for k, v in result.warnings.items()},
    }
