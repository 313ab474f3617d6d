"""The expression language: scripts -> documents -> scripts, errors a learner can act on."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.model.language import (
    MAX_EXPONENT,
    MAX_NESTING,
    MAX_SOURCE_CHARS,
    ScriptError,
    difference,
    max_tensor_elements,
    parse_script,
    to_script,
    to_torch_script,
)

TUTORIAL = """\
import torch

a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)

# check if collected gradients are correct
print(9*a**2 == a.grad)
print(-2*b == b.grad)
"""


def by_name(doc, name):
    node = doc.node_by_name(name)
    assert node is not None, f"no node named {name}: {[n.name for n in doc]}"
    return node


def ops_of(doc):
    return sorted(n.op for n in doc if n.kind == "op")


def error_of(source: str) -> ScriptError:
    with pytest.raises(ScriptError) as info:
        parse_script(source)
    return info.value


# ------------------------------------------------------------------------------ the tutorial
def test_pytorch_tutorial_pasted_as_is_builds_the_graph():
    doc = parse_script(TUTORIAL)
    a, b, q = by_name(doc, "a"), by_name(doc, "b"), by_name(doc, "Q")
    assert (a.kind, a.requires_grad, a.dtype) == ("leaf", True, "float32")
    np.testing.assert_array_equal(a.value, np.array([2., 3.], np.float32))
    np.testing.assert_array_equal(b.value, np.array([6., 4.], np.float32))
    assert q.kind == "op" and q.op == "sub"
    assert ops_of(doc) == ["mul", "pow", "pow", "sub"]
    # the gradient tensor is the root's external gradient, not a node of the graph
    assert doc.node_by_name("external_grad") is None
    assert doc.root == q.id
    np.testing.assert_array_equal(doc.root_gradient, [1., 1.])
    # Python numbers are 0-d constants (the runner passes them as Python scalars)
    consts = sorted(float(n.value) for n in doc if n.kind == "const")
    assert consts == [2.0, 3.0, 3.0]
    assert all(np.ndim(n.value) == 0 for n in doc if n.kind == "const")
    # wiring: Q = mul(3, pow(a, 3)) - pow(b, 2)
    left, right = doc.inputs(q.id)
    assert doc.nodes[left].op == "mul" and doc.nodes[right].op == "pow"
    assert doc.inputs(right)[0] == b.id
    # every node has a distinct position
    assert len({n.pos for n in doc}) == len(doc)


def test_tutorial_runs_to_pytorchs_grads():
    runner_module = pytest.importorskip("explorer.model.runner")
    doc = parse_script(TUTORIAL)
    result = runner_module.Runner(doc).run_backward()
    np.testing.assert_allclose(result.results[by_name(doc, "a").id].grad, [36., 81.])
    np.testing.assert_allclose(result.results[by_name(doc, "b").id].grad, [-12., -8.])
    np.testing.assert_allclose(result.results[by_name(doc, "Q").id].value, [-12., 65.])


@pytest.mark.parametrize("prefix", ["", "torch.", "engine."])
def test_prefixes_build_the_same_graph(prefix):
    source = (f"a = {prefix}tensor([2., 3.], requires_grad=True)\n"
              f"b = {prefix}tensor([6., 4.], requires_grad=True)\n"
              f"Q = 3*a**3 - b**2\n"
              f"Q.backward(gradient={prefix}tensor([1., 1.]))\n")
    assert difference(parse_script(source), parse_script(TUTORIAL)) is None


def test_tutorial_prints_back_readably():
    doc = parse_script(TUTORIAL)
    assert to_script(doc) == ("a = tensor([2., 3.], requires_grad=True)\n"
                              "b = tensor([6., 4.], requires_grad=True)\n"
                              "Q = 3 * a ** 3 - b ** 2\n"
                              "Q.backward(gradient=tensor([1., 1.]))\n")
    torch_text = to_torch_script(doc)
    assert torch_text.startswith("import torch\n")
    assert "a = torch.tensor([2., 3.], requires_grad=True)" in torch_text
    assert torch_text.rstrip().endswith("Q.backward(gradient=torch.tensor([1., 1.]))\nprint(a.grad)\nprint(b.grad)")


# ------------------------------------------------------------------------------ what is accepted
def test_functions_methods_and_functional_forms():
    doc = parse_script(
        "import torch\nimport torch.nn.functional as F\n"
        "x = tensor([[1., 2.], [3., 4.]])\n"
        "W = tensor([[1., 0.], [0., 1.], [1., 1.]], requires_grad=True)\n"
        "b = tensor([0.5, 0.5, 0.5], requires_grad=True)\n"
        "h = F.relu(F.linear(x, W, b))\n"
        "z = torch.exp(h) + exp(h) + h.exp()\n"
        "v = sigmoid(z @ W) @ W.T\n"
        "loss = v.sum(dim=0).mean()\n"
        "loss.backward()\n")
    assert by_name(doc, "h").op == "relu"
    assert doc.nodes[doc.inputs(by_name(doc, "h").id)[0]].op == "linear"
    assert ops_of(doc).count("exp") == 3
    assert "matmul" in ops_of(doc) and "permute" in ops_of(doc)
    s = next(n for n in doc if n.op == "sum")
    assert s.params == {"dim": 0}
    assert doc.root == by_name(doc, "loss").id and doc.root_gradient is None


def test_reshape_shapes_and_keywords():
    doc = parse_script("x = tensor([1., 2., 3., 4., 5., 6.], requires_grad=True)\n"
                       "a = x.reshape(2, 3)\nb = x.reshape((3, 2))\nc = torch.reshape(x, (-1, 1))\n"
                       "d = x.view(6)\ne = a.transpose(0, 1)\nf = a.sum(dim=1, keepdim=True)\n")
    assert by_name(doc, "a").params == {"shape": (2, 3)}
    assert by_name(doc, "b").params == {"shape": (3, 2)}
    assert by_name(doc, "c").params == {"shape": (-1, 1)}
    assert by_name(doc, "d").params == {"shape": (6,)}
    assert by_name(doc, "e").params == {"dim0": 0, "dim1": 1}
    assert by_name(doc, "f").params == {"dim": 1, "keepdim": True}


def test_cross_entropy_target_stays_integer():
    doc = parse_script("logits = tensor([[1., 2., 3.], [1., 0., -1.]], requires_grad=True)\n"
                       "target = tensor([2, 0])\nloss = F.cross_entropy(logits, target)\nloss.backward()\n")
    target = by_name(doc, "target")
    assert target.kind == "const" and target.value.dtype.kind == "i"


def test_dtype_and_leaf_or_constant():
    doc = parse_script("a = tensor([1., 2.], dtype=torch.float64, requires_grad=True)\n"
                       "b = tensor([1., 2.], dtype=float64)\nc = tensor([[1.]], requires_grad=False)\n"
                       "d = tensor(3.)\nk = 2.5\n")
    a, b, c, d, k = (by_name(doc, n) for n in "abcdk")
    assert (a.kind, a.dtype, a.value.dtype) == ("leaf", "float64", np.float64)
    assert (b.kind, b.dtype) == ("const", "float64")
    assert (c.kind, c.requires_grad) == ("leaf", False)     # requires_grad written out: a leaf
    assert d.kind == "leaf" and d.value.shape == ()         # a 0-d tensor stays a tensor
    assert k.kind == "const" and float(k.value) == 2.5      # a Python number


def test_reassignment_keeps_the_older_node_under_a_new_name():
    doc = parse_script("x = tensor([1., 2.], requires_grad=True)\nx = x * 2\ny = x + 1\n")
    assert by_name(doc, "x").op == "mul"
    old = doc.nodes[doc.inputs(by_name(doc, "x").id)[0]]
    assert old.kind == "leaf" and old.name != "x"


def test_retain_grad_and_requires_grad_statements():
    doc = parse_script("a = tensor([1., 2.])\na.requires_grad_()\nh = a * a\nh.retain_grad()\n"
                       "b = tensor([3.], requires_grad=True)\nb.requires_grad = False\n")
    assert by_name(doc, "a").requires_grad and by_name(doc, "a").kind == "leaf"
    assert by_name(doc, "h").retain_grad
    assert not by_name(doc, "b").requires_grad


def test_unconnected_input_written_as_none():
    doc = parse_script("a = tensor([1.], requires_grad=True)\ny = mul(a, None)\n")
    y = by_name(doc, "y")
    assert doc.inputs(y.id) == [by_name(doc, "a").id, None]
    assert "mul(a, None)" in to_script(doc)


# ------------------------------------------------------------------------------ errors
@pytest.mark.parametrize("source, message, line, col", [
    ("x = tensor([1.])\ny = expp(x)\n", "unknown function 'expp' — did you mean 'exp'?", 2, 5),
    ("x = tensor([1.])\ny = x.summ()\n", "unknown method 'summ' — did you mean 'sum'?", 2, 5),
    ("a = tensor([1.])\nb = a + c\n", "name 'c' is not defined", 2, 9),
    ("f = lambda x: x\n", "lambda", 1, 5),
    ("import os\n", "only torch", 1, 1),
    ("x = __import__('os')\n", "double underscores", 1, 5),
    ("x = tensor([1.])\ny = x.shape\n", "attribute '.shape'", 2, 5),
    ("x = tensor([1.])\nfor i in x:\n    pass\n", "'for' loops", 2, 1),
    ("x = tensor([1., 2.])\ny = x.sum(dims=0)\n", "unexpected keyword argument 'dims' — did you mean 'dim'?", 2, 11),
    ("W = tensor([[1.]])\nb = tensor([1.])\ny = F.linear(W)\n", "needs 3 tensor inputs, got 1", 3, 5),
    ("x = tensor([1.])\ny = x +\n", "syntax error", 2, 8),
    ("x = tensor([1.])\nx += 1\n", "in-place", 2, 1),
])
def test_errors_say_what_and_where(source, message, line, col):
    err = error_of(source)
    assert message in err.message
    assert (err.line, err.col) == (line, col)


def test_shape_error_points_at_the_line_with_the_engines_words():
    err = error_of("a = tensor([1., 2.], requires_grad=True)\nb = tensor([1., 2., 3.])\nc = a + b\n")
    assert err.line == 3 and err.col == 5
    assert "2" in err.message and "3" in err.message
    err = error_of("A = tensor([[1., 2.]])\nB = tensor([[1., 2.]])\nC = A @ B\n")
    assert err.line == 3


def test_gradient_shape_mismatch_is_reported():
    err = error_of("a = tensor([1., 2.], requires_grad=True)\nQ = a * 2\nQ.backward(gradient=tensor([1., 1., 1.]))\n")
    assert err.line == 3 and "Mismatch in shape" in err.message


def test_caps_each_have_their_own_message():
    long_source = "x = 1\n" * (MAX_SOURCE_CHARS // 6 + 1)
    assert "too long" in error_of(long_source).message
    deep = "x = tensor([1.])\ny = " + "(" * (MAX_NESTING + 5) + "x" + ")" * (MAX_NESTING + 5) + "\n"
    err = error_of(deep)
    assert "nested too deeply" in err.message and err.line == 2
    err = error_of("x = tensor([2.])\ny = x ** 10**100\n")
    assert "exponent" in err.message and "too large" in err.message and err.line == 2
    err = error_of(f"x = torch.zeros({max_tensor_elements() + 1})\n")
    assert "elements is too large" in err.message
    err = error_of("x = torch.ones(1000, 1)\ny = torch.ones(1, 100000)\nz = x * y\n")
    assert "elements is too large" in err.message and err.line == 3
    assert "too large" in error_of("y = 2 ** 2 ** 2 ** 2 ** 2\n").message


def test_nothing_is_ever_evaluated(tmp_path):
    marker = tmp_path / "pwned"
    for source in (f"open({str(marker)!r}, 'w')\n",
                   "import os\nos.system('touch pwned')\n",
                   "x = tensor([1.])\nx.__class__\n",
                   f"print(open({str(marker)!r}, 'w'))\nx = eval('1')\n"):
        with pytest.raises(ScriptError):
            parse_script(source)
    assert not marker.exists()


# ------------------------------------------------------------------------------ python main.py code
def run_main(*args, cwd):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, str(root / "main.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_cli_code_prints_script_and_torch(tmp_path):
    script = tmp_path / "seed.py"
    script.write_text(TUTORIAL)
    done = run_main("code", str(script), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Q = 3 * a ** 3 - b ** 2" in done.stdout
    done = run_main("code", str(script), "--torch", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("import torch")
    assert "print(a.grad)" in done.stdout


def test_cli_code_bad_input_is_one_line_with_file_line_col(tmp_path):
    script = tmp_path / "bad.py"
    script.write_text("a = tensor([1., 2.])\nb = tensor([1., 2., 3.])\nc = a + b\n")
    done = run_main("code", str(script), cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{script}:3:5:" in lines[0] and "Traceback" not in done.stderr
    done = run_main("code", str(tmp_path / "missing.json"), cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    binary = tmp_path / "junk.py"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    done = run_main("code", str(binary), cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
