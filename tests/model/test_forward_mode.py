"""Forward mode on the document's graph (explorer.model.forward_mode): every node's tangent is
the directional derivative along the chosen tangent (checked by central finite differences in
float64, a computed oracle), the JVP lines carry those numbers, and ⟨v, J·t⟩ = ⟨Jᵀv, t⟩ holds
against the reverse-mode gradients of the same graph."""
from pathlib import Path

import numpy as np
import pytest

from explorer.model import forward_mode as fm
from explorer.model.fileformat import load_document
from explorer.model.language.parser import parse_script
from explorer.model.numbers import format_array
from explorer.model.runner.execute import backward, evaluate

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def _float64(doc):
    doc = doc.copy()
    for node in doc.nodes.values():
        if node.value is not None and np.asarray(node.value).dtype.kind == "f":
            node.value = np.asarray(node.value, dtype=np.float64)
            node.dtype = "float64"
    return doc


def finite_differences(doc, tangents, eps=1e-6):
    """Every node's (f(x + εt) − f(x − εt)) / 2ε, evaluated in float64."""
    def values(sign):
        d = _float64(doc)
        for nid, t in tangents.items():
            d.nodes[nid].value = d.nodes[nid].value + sign * eps * np.asarray(t, np.float64)
        ev = evaluate(d)
        return {nid: info.value for nid, info in ev.info.items() if info.computed}
    plus, minus = values(+1), values(-1)
    return {nid: (plus[nid] - minus[nid]) / (2 * eps) for nid in plus if nid in minus}


def seed_doc():
    doc = parse_script("a = tensor([2., 3.], requires_grad=True)\nb = tensor([6., 4.], requires_grad=True)\n"
                       "Q = 3*a**3 - b**2\n")
    doc.root = doc.node_by_name("Q").id
    return doc


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_every_tangent_is_the_directional_derivative(path):
    doc = _float64(load_document(path))
    rng = np.random.default_rng(0)
    leaves = fm.tangent_leaves(doc)
    assert leaves
    tangents = {nid: rng.normal(size=np.shape(doc.nodes[nid].value)) for nid in leaves[:2]}
    steps = fm.tangent_steps(doc, tangents)
    fd = finite_differences(doc, tangents)
    checked = 0
    for s in steps:
        if s.value is None or doc.nodes[s.node_id].kind != "op" or s.value.dtype.kind != "f":
            continue
        got = np.zeros_like(fd[s.node_id]) if s.tangent is None else s.tangent
        np.testing.assert_allclose(got, fd[s.node_id], rtol=1e-4, atol=1e-5, err_msg=s.name)
        checked += 1
    assert checked >= 2


def test_jvp_lines_show_each_inputs_share_and_their_sum():
    doc = seed_doc()
    a, b = doc.node_by_name("a").id, doc.node_by_name("b").id
    steps = {s.name: s for s in fm.tangent_steps(doc, {a: np.array([1., 2.]), b: np.array([1., 2.])})}
    text = [line for line, _ in steps["Q"].lines]
    # Q = 3a³ − b²: Q̇ = 9a²·ȧ − 2b·ḃ, computed here by hand from the definition, not the code
    fd = finite_differences(doc, {a: np.array([1., 2.]), b: np.array([1., 2.])})
    q = doc.node_by_name("Q").id
    assert text[-1].startswith("ṫ(Q) = ") and text[-1].endswith(format_array(fd[q].round(3)))
    assert any(line.startswith("∂Q/∂") and "−1 · [12., 16.] = [-12., -16.]" in line for line in text)
    assert steps["Q"].lines[-1][1] == "the inputs' shares are summed"
    assert steps["a"].lines == (("\u0227 = [1., 2.]", "the tangent you chose"),)
    pow1 = next(s for s in steps.values() if s.lines and "a ** 3" in s.lines[0][0])
    assert ("∂" + pow1.name + "/∂a · \u0227 = 3·a² · [1., 2.] = [12., 54.]", "") in pow1.lines


def test_duality_matches_reverse_mode_gradients():
    doc = seed_doc()
    doc.root_gradient = np.array([1., -3.], np.float32)
    a = doc.node_by_name("a").id
    t = {a: np.array([0.5, 2.])}
    steps = fm.tangent_steps(doc, t)
    ev = evaluate(doc)
    outcome = backward(ev)
    assert outcome is not None
    reverse = {a: ev.tensors[a].grad.numpy().astype(np.float64)}
    check = fm.duality(doc, steps, t, doc.root_gradient, reverse)
    fd = finite_differences(doc, t)
    expected = float(np.sum(np.array([1., -3.]) * fd[doc.root]))
    assert check.agree
    assert check.forward_value == pytest.approx(expected, rel=1e-4)
    assert check.reverse_value == pytest.approx(expected, rel=1e-4)
    # a wrong reverse gradient must be caught (the check can fail)
    bad = fm.duality(doc, steps, t, doc.root_gradient, {a: reverse[a] + 1})
    assert not bad.agree


def test_default_tangent_is_ones_on_the_selected_leaf_and_shapes_are_checked():
    doc = seed_doc()
    a, b = doc.node_by_name("a").id, doc.node_by_name("b").id
    assert list(fm.default_tangents(doc, b)) == [b]
    assert fm.default_tangents(doc, b)[b].tolist() == [1., 1.]
    assert list(fm.default_tangents(doc, None)) == [a]
    assert fm.fit_tangent(doc, a, 2.0).tolist() == [2., 2.]
    with pytest.raises(ValueError, match=r"the tangent of 'a' must have its shape \[2\], not \[3\]"):
        fm.fit_tangent(doc, a, [1., 2., 3.])
    doc.nodes[b].requires_grad = False
    assert fm.tangent_leaves(doc) == [a]     # reverse mode gives no Jᵀv for b
