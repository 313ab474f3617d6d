"""The slope view's fallback: an op that cannot take the batch axis (softmax
of a 0-d tensor) is evaluated once per point, named in ``looped``, and its curve is the same as
separate engine runs; the rest of the graph still runs once on the whole batch."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.model.document import Document, Edge, Node
from explorer.model.slope import compute_slope, evaluate_by_runs


def chain() -> Document:
    """y = softmax(exp(x) * w, dim=0) * 3 with x, w 0-d: softmax of a 0-d tensor is 1 (grad 0)."""
    f64 = dict(dtype="float64")
    nodes = [Node("x", "leaf", "x", value=np.array(0.4), requires_grad=True, **f64),
             Node("w", "leaf", "w", value=np.array(1.5), requires_grad=True, **f64),
             Node("e", "op", "e", op="exp", **f64),
             Node("m", "op", "m", op="mul", **f64),
             Node("s", "op", "s", op="softmax", params={"dim": 0}, **f64),
             Node("t", "op", "t", op="tanh", **f64)]
    edges = [Edge("x", "e", 0), Edge("e", "m", 0), Edge("w", "m", 1), Edge("m", "s", 0), Edge("s", "t", 0)]
    return Document.from_parts(nodes, edges, root="t")


def test_a_0d_softmax_falls_back_per_point_and_the_curve_is_still_right():
    doc = chain()
    res = compute_slope(doc, "t", "x", 0, points=11)
    assert not res.vectorized and res.looped == ("s",)
    assert res.cone_ops == ("e", "m", "s", "t")
    assert res.op_calls == 3 + 14                 # e, m, t batched; s once per point (11 + 3)
    np.testing.assert_allclose(res.ys, evaluate_by_runs(doc, "t", "x", 0, res.xs).reshape(-1), rtol=1e-12)
    assert np.all(res.ys == np.tanh(1.0))
    assert res.gradient == 0.0 and res.fd_slope == pytest.approx(0.0, abs=1e-9)

