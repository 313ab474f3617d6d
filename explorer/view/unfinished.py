"""Telling an unfinished graph from a failing one.

An op whose input is not wired yet is work in progress, not an error: the canvas shows its open
port as a grey dashed hint, and the Messages panel stays quiet about it. Only real failures
(shape errors, PyTorch's RuntimeErrors, ...) are shown in red.

The runner reports an open input as a node error with a fixed template (see
``explorer.model.runner``: ``'{name}' ({op}): input {n} is not connected`` /
``... its input is not connected``); this module recognises that template. A runner that
returns a template id with its errors (e.g. ``NodeResult.error_kind == "unconnected"``) can
replace the match here without changing the callers.
"""
from __future__ import annotations

import re

_UNCONNECTED = re.compile(r"^'[^']*' \([A-Za-z_][\w]*\): (input \d+|its input) is not connected$")


def is_unfinished(error: object) -> bool:
    """True if ``error`` (a runner's node error) only says that an input is not wired yet."""
    kind = getattr(error, "kind", None)
    if kind is not None:
        return kind == "unconnected"
    return isinstance(error, str) and _UNCONNECTED.match(error) is not None


def result_is_unfinished(doc, results: dict, node_id: str) -> bool:
    """The node did not compute because it, or the node blocking it, is unfinished."""
    r = results.get(node_id)
    if r is None:
        return False
    kind = getattr(r, "error_kind", None)  # a runner that says so directly
    if kind is not None:
        return kind == "unconnected"
    if r.error:
        return is_unfinished(r.error)
    blocked = getattr(r, "blocked_by", None)
    if blocked:
        b = results.get(blocked)
        return b is not None and is_unfinished(b.error)
    return False
