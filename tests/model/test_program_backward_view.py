"""A program's backward statement frozen just before the engine starts (what F11 opens into the
backward step-through): the document's root and external gradient are the call's own, and its
backward gives the gradients torch gives (the oracle: the same program run by torch)."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.model.program import run_program
from explorer.model.program.backward_view import backward_at, freeze_before_backward
from explorer.model.program.freeze import FreezeError
from explorer.model.runner import Runner

Q_BLOCK = """import torch
a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
external_grad = torch.tensor([1., 0.5])
Q.backward(gradient=external_grad)
"""

IN_A_FUNCTION = """import torch
w = torch.tensor([1.0, -2.0], requires_grad=True)
x = torch.tensor([0.5, 2.0])
def step():
    loss = ((w * x) ** 2).sum()
    loss.backward()
step()
"""

GRAD = """import torch
x = torch.tensor([1.0, 3.0], requires_grad=True)
(dx,) = torch.autograd.grad((x ** 3).sum(), x)
"""


def _backward_steps(source):
    r = run_program(source)
    assert r.error is None, r.error
    return [i for i in range(len(r.trace.statements)) if backward_at(r.trace, i)]


def _torch_grads(source, names):
    import torch  # noqa: F401 - the oracle runs the program's own text
    g: dict = {}
    exec(compile(source.replace("(dx,) = torch.autograd.grad((x ** 3).sum(), x)",
                                "(x ** 3).sum().backward()"), "<oracle>", "exec"), g)
    return {n: g[n].grad.numpy() for n in names}


def _doc_grads(view, names):
    doc = view.frozen.document
    result = Runner(doc, listen=False).run_backward()
    by_name = {n.name: nid for nid, n in doc.nodes.items()}
    return {n: result.results[by_name[n]].grad for n in names}


@pytest.mark.torch
@pytest.mark.parametrize("source, names, root", [
    (Q_BLOCK, ("a", "b"), "Q"),
    (IN_A_FUNCTION, ("w",), "out"),     # a function's local root: named for the canvas
    (GRAD, ("x",), "out"),              # made in the backward statement itself
])
def test_the_frozen_backward_gives_torchs_gradients(source, names, root):
    pytest.importorskip("torch")
    (step,) = _backward_steps(source)
    view = freeze_before_backward(source, step)
    doc = view.frozen.document
    assert doc.nodes[doc.root].name == root == view.root_name
    want = _torch_grads(source, names)
    got = _doc_grads(view, names)
    for n in names:
        np.testing.assert_allclose(got[n], want[n], rtol=1e-6)


def test_the_external_gradient_is_the_calls():
    (step,) = _backward_steps(Q_BLOCK)
    view = freeze_before_backward(Q_BLOCK, step)
    np.testing.assert_array_equal(view.frozen.document.root_gradient, [1.0, 0.5])
    assert view.via == "backward" and view.line == 6


def test_a_statement_without_backward_is_one_line():
    with pytest.raises(FreezeError, match="runs no backward"):
        freeze_before_backward(Q_BLOCK, 2)
