"""The expression language: scripts -> documents -> scripts, errors a learner can act on."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.model.language import (
    MAX_EXPONENT,
    MAX_NESTING,
    MAX_NODES,
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
    deep = "x = tensor([1.])\ny = " + "exp(" * (MAX_NESTING + 5) + "x" + ")" * (MAX_NESTING + 5) + "\n"
    err = error_of(deep)
    assert "nested too deeply" in err.message and err.line == 2
    err = error_of("x = tensor([2.])\ny = x ** 10**100\n")
    assert "exponent" in err.message and "too large" in err.message and err.line == 2
    err = error_of(f"x = torch.zeros({max_tensor_elements() + 1})\n")
    assert "elements is too large" in err.message
    err = error_of("x = torch.ones(1000, 1)\ny = torch.ones(1, 100000)\nz = x * y\n")
    assert "elements is too large" in err.message and err.line == 3
    assert "too large" in error_of("y = 2 ** 2 ** 2 ** 2 ** 2\n").message
    err = error_of("".join(f"x{i} = torch.zeros(1000, 1000)\n" for i in range(20)))
    assert "too many numbers together" in err.message and err.line == 11
    err = error_of("a = tensor([1.])\n" + "a = a + a + a + a + a\n" * (MAX_NODES // 4 + 1))
    assert "too many nodes" in err.message


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


def test_cli_code_prints_script_and_torch(tmp_path, capsys):
    from explorer.cli import main as cli_main

    script = tmp_path / "seed.py"
    script.write_text(TUTORIAL)
    assert cli_main(["code", str(script)]) == 0
    assert "Q = 3 * a ** 3 - b ** 2" in capsys.readouterr().out
    assert cli_main(["code", str(script), "--torch"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("import torch") and "print(a.grad)" in out


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


# ------------------------------------------------------------------------------ round trips and torch
# Documents are built directly through the document API (as files and the canvas make them),
# printed, and read back; the PyTorch script is executed under torch (tests only) and compared
# with the runner.
from explorer.model.document import Document, Edge, Group, Node  # noqa: E402
from hypothesis import HealthCheck, given, note, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Generating a document runs the engine: allow slow generation on a loaded CI machine.
SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def _ops():
    from engine.ops import OPS

    return OPS


def add_node(doc, kind, name, **fields):
    node = Node(doc.new_id(), kind, name, **fields)
    doc.insert_node(node)
    return node.id


def run_runner(doc):
    from explorer.model.runner import Runner

    return Runner(doc, listen=False).run_backward() if doc.root is not None else \
        Runner(doc, listen=False).run_forward()


def run_torch(doc, tmp_path):
    """Execute ``to_torch_script(doc)`` under torch; returns the script's globals, or the
    exception it raised."""
    import contextlib
    import io
    import runpy

    path = tmp_path / "graph_torch.py"
    path.write_text(to_torch_script(doc))
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            return runpy.run_path(str(path))
        except Exception as exc:  # noqa: BLE001 - compared with the runner's error below
            return exc


def assert_same_numbers(actual, expected, what, dtype):
    rtol, atol = (1e-4, 1e-5) if dtype == np.float32 else (1e-9, 1e-12)
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} vs {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)


def engine_reference(doc):
    """The document evaluated directly with the engine (no runner): the fallback oracle where
    the runner refuses a document the engine accepts (an optional input left unconnected)."""
    import types

    import engine

    tensors, results = {}, {}
    for nid in doc.topological_order():
        node = doc.nodes[nid]
        if node.kind != "op":
            value = np.asarray(node.value)
            tensors[nid] = engine.tensor(value, requires_grad=node.kind == "leaf" and node.requires_grad)
            continue
        inputs = doc.inputs(nid)
        while inputs and inputs[-1] is None:
            inputs.pop()
        scalar = [np.ndim(doc.nodes[s].value) == 0 and doc.nodes[s].kind == "const"
                  and np.asarray(doc.nodes[s].value).dtype.kind == "f" for s in inputs]
        args = [np.asarray(doc.nodes[s].value).item() if sc and not all(scalar) else tensors[s]
                for s, sc in zip(inputs, scalar)]
        tensors[nid] = engine.apply_op(node.op, *args, **node.params)
        if node.retain_grad:
            tensors[nid].retain_grad()
    error = None
    if doc.root is not None:
        gradient = None if doc.root_gradient is None else engine.tensor(doc.root_gradient)
        try:
            tensors[doc.root].backward(gradient=gradient)
        except RuntimeError as exc:
            error = str(exc)
    for nid, t in tensors.items():
        grad = t.grad if (t.is_leaf or doc.nodes[nid].retain_grad) else None
        results[nid] = types.SimpleNamespace(value=t.detach().numpy(),
                                             grad=None if grad is None else grad.numpy())
    return types.SimpleNamespace(results=results, errors={}, backward_error=error)


def compare_with_torch(doc, tmp_path):
    torch = pytest.importorskip("torch")
    result = run_runner(doc)
    if any("is not connected" in e for e in result.errors.values()):
        result = engine_reference(doc)  # the engine runs linear(x, W) without a bias
    assert not result.errors, result.errors
    scope = run_torch(doc, tmp_path)
    script = to_torch_script(doc)
    if doc.root is not None and result.backward_error:
        assert isinstance(scope, RuntimeError), f"runner: {result.backward_error}; torch ran:\n{script}"
        return
    assert not isinstance(scope, Exception), f"{scope!r} in\n{script}"
    for nid, node in doc.nodes.items():
        t = scope.get(node.name)
        if t is None or not isinstance(t, torch.Tensor):
            continue  # written inline
        r = result.results[nid]
        dtype = np.float32 if t.dtype == torch.float32 else np.float64
        assert_same_numbers(t.detach().numpy(), r.value, f"value of {node.name}\n{script}", dtype)
        if node.kind == "leaf" or node.retain_grad:
            if t.grad is None:
                assert r.grad is None, f"{node.name}: torch has no grad, the runner has {r.grad}\n{script}"
            else:
                assert r.grad is not None, f"{node.name}: the runner has no grad\n{script}"
                assert_same_numbers(t.grad.numpy(), r.grad, f"grad of {node.name}\n{script}", dtype)


def op_sample_documents():
    """One small document per sample of every op in the table: inputs as leaves (whole
    numbers / booleans, and inputs that never get a gradient such as batch norm's running
    statistics, as constants), the op, and a backward root with a ones gradient."""
    import engine

    rng = np.random.default_rng(7)
    cases = []
    for name, op in _ops().items():
        for k, (inputs, params) in enumerate(op.samples(rng, np.float64)[:4]):
            doc = Document()
            ids = []
            for i, x in enumerate(inputs):
                x = np.asarray(x)
                if x.dtype.kind == "f" and i not in op.nondiff:
                    ids.append(add_node(doc, "leaf", f"x{i}", value=x, dtype=x.dtype.name, requires_grad=True))
                elif x.dtype.kind == "f":
                    # written inline, as a frozen program's running statistics are (torch's
                    # F.batch_norm moves them in training; the document's node holds them)
                    ids.append(add_node(doc, "const", f"c{i}", value=x, dtype=x.dtype.name))
                else:
                    ids.append(add_node(doc, "const", f"k{i}", value=x))
            y = add_node(doc, "op", "y", op=name, params=dict(params))
            for port, src in enumerate(ids):
                doc.insert_edge(Edge(src, y, port))
            with engine.no_grad():
                args = [engine.tensor(np.asarray(x)) for x in inputs]
                out = np.asarray(engine.apply_op(name, *args, **params).numpy())
            if out.dtype.kind == "f":
                doc.set_root(y, None if out.ndim == 0 else np.ones(out.shape, out.dtype))
            cases.append(pytest.param(doc, id=f"{name}-{k}"))
    return cases


@pytest.mark.parametrize("doc", op_sample_documents())
def test_every_op_prints_back_and_runs_the_same_under_torch(doc, tmp_path):
    text = to_script(doc)
    again = parse_script(text)
    assert difference(doc, again) is None, text
    assert to_script(again) == text
    compare_with_torch(doc, tmp_path)


SAFE_UNARY = ("neg", "exp", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "square", "sum", "mean")
BINARY = ("add", "sub", "mul", "div", "pow")
USER_NAMES = ("h", "z", "out", "hidden", "loss2", "y_hat", "mul", "sum")


@st.composite
def random_documents(draw):
    """Random graphs over broadcast-compatible leaves, with Python-number constants, made-up
    and chosen names, frozen leaves, retain_grad, and sometimes a root."""
    doc = Document()
    dtype = draw(st.sampled_from(["float32", "float64"]))
    values = st.floats(0.5, 1.5, allow_nan=False, width=32)
    pool: list[str] = []
    for i in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from([(), (3,), (2, 3)]))
        data = np.array(draw(st.lists(values, min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))),
                        dtype=dtype).reshape(shape)
        pool.append(add_node(doc, "leaf", f"w{i}", value=data, dtype=dtype, requires_grad=draw(st.booleans())))
    used_names = set()
    for _ in range(draw(st.integers(1, 7))):
        opname = draw(st.sampled_from(SAFE_UNARY + BINARY))
        op = _ops()[opname]
        srcs = [draw(st.sampled_from(pool))]
        if op.arity == 2:
            if draw(st.integers(0, 3)) == 0:
                number = draw(st.sampled_from([2.0, 3.0, 0.5, -1.5, 1.0]))
                const = add_node(doc, "const", doc.unique_name("c"), value=np.array(number), dtype="float64")
                srcs.insert(draw(st.integers(0, 1)), const)
            else:
                srcs.append(draw(st.sampled_from(pool)))
        if draw(st.booleans()):
            name = doc.unique_name(opname)
        else:
            name = doc.unique_name(draw(st.sampled_from(USER_NAMES)))
        used_names.add(name)
        nid = add_node(doc, "op", name, op=opname, retain_grad=draw(st.integers(0, 4)) == 0)
        for port, src in enumerate(srcs):
            doc.insert_edge(Edge(src, nid, port))
        pool.append(nid)
    last = pool[-1]
    if doc.nodes[last].kind == "op" and draw(st.booleans()):
        from explorer.model.runner import Runner

        value = Runner(doc, listen=False).run_forward().results[last].value
        gradient = None if np.ndim(value) == 0 else np.ones(np.shape(value), dtype=dtype)
        doc.set_root(last, gradient)
    return doc


@settings(max_examples=40, deadline=None, suppress_health_check=SLOW_OK)
@given(doc=random_documents())
def test_random_documents_print_back_to_an_equivalent_document(doc):
    text = to_script(doc)
    again = parse_script(text)
    assert difference(doc, again) is None, text
    assert to_script(again) == text  # printing is stable


@settings(max_examples=25, deadline=None, suppress_health_check=SLOW_OK)
@given(doc=random_documents())
def test_random_documents_torch_script_matches_the_runner(doc, tmp_path):
    note(to_torch_script(doc))
    compare_with_torch(doc, tmp_path)


# ------------------------------------------------------------------------------ bundled examples, groups
def bundled_examples():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "resources" / "examples"
    return sorted(folder.glob("*.json"))


@pytest.mark.parametrize("path", bundled_examples(), ids=lambda p: p.stem)
def test_bundled_examples_print_back_and_match_torch(path, tmp_path):
    from explorer.model.fileformat import load_document

    doc = load_document(path)
    text = to_script(doc)
    again = parse_script(text)
    assert difference(doc, again) is None, text
    compare_with_torch(doc, tmp_path)


def test_groups_survive_as_comments():
    source = ("W = tensor([[1., 2.]], requires_grad=False)\nx = tensor([[1., 1.]])\n"
              "h = relu(x @ W.T)\nout = h * 2\n"
              '# group "pretrained backbone": W, h\n'
              "out.sum().backward()\n")
    doc = parse_script(source)
    (group,) = doc.groups.values()
    assert group.name == "pretrained backbone"
    assert {doc.nodes[m].name for m in group.members} == {"W", "h"}
    text = to_script(doc)
    assert '# group "pretrained backbone": W, h' in text
    assert difference(doc, parse_script(text)) is None
    err = error_of('x = tensor([1.])\n# group "g": x, nope\n')
    assert err.line == 2 and "nope" in err.message


def test_cli_code_reads_documents(tmp_path, capsys):
    from pathlib import Path

    from explorer.cli import main as cli_main

    seed = Path(__file__).resolve().parents[2] / "resources" / "examples" / "seed.json"
    assert cli_main(["code", str(seed)]) == 0
    assert "Q.backward(gradient=tensor([1., 1.]))" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "autograd-explorer", "version": 1, "nodes": [')
    assert cli_main(["code", str(broken), "--torch"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1 and str(broken) in captured.err


# ------------------------------------------------------------------------------ hostile input
@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_OK)
@given(st.text(alphabet=st.sampled_from(list("abxQ=()[],.*+-/@ 0123456789\n#'\"_:torchsumexpWF")), max_size=80))
def test_arbitrary_text_gives_a_script_error_or_a_document(text):
    try:
        doc = parse_script(text)
    except ScriptError as exc:
        assert exc.line >= 1 and exc.col >= 1 and exc.message
    else:
        assert difference(doc, parse_script(to_script(doc))) is None


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_OK)
@given(st.data())
def test_mutated_tutorial_gives_a_script_error_or_a_document(data):
    text = TUTORIAL
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 4)))
        text = text[:i] + data.draw(st.sampled_from(["", "(", ")", "**", "[", "]", "x", "0", ",", "@", "-", "\n"])) + text[j:]
    try:
        parse_script(text)
    except ScriptError as exc:
        assert exc.line >= 1 and exc.col >= 1


# ------------------------------------------------------------------------------ more of the surface
def test_import_forms_and_module_paths():
    doc = parse_script("from torch import tensor\nimport torch.nn as nn\nfrom torch.nn import functional as G\n"
                       "x = tensor([-1., 2.], dtype=torch.double, requires_grad=True)\n"
                       "a = G.relu(x)\nb = nn.functional.relu(x)\nc = torch.nn.functional.relu(x)\n"
                       "d = engine.nn.functional.relu(x)\n")
    assert by_name(doc, "x").dtype == "float64"
    assert [by_name(doc, n).op for n in "abcd"] == ["relu"] * 4


def test_gradient_forms():
    base = "a = tensor([1., 2.], requires_grad=True)\nQ = a * a\n"
    for call in ("Q.backward(torch.ones_like(Q))", "Q.backward(gradient=torch.ones(2))",
                 "g = tensor([1., 1.])\nQ.backward(g)"):
        doc = parse_script(base + call + "\n")
        np.testing.assert_array_equal(doc.root_gradient, [1., 1.])
        assert sorted(n.name for n in doc) == ["Q", "a"], call
    assert "twice" in error_of(base + "Q.backward(torch.ones(2))\nQ.backward(torch.ones(2))\n").message
    assert "gradient must be a tensor" in error_of(base + "Q.backward(1.0)\n").message


def test_names_that_are_also_functions_and_reserved_names():
    doc = parse_script("x = tensor([1., 2.], requires_grad=True)\nsum = x.sum()\ny = sum(x * 2) + sum\n")
    assert by_name(doc, "sum").op == "sum" and by_name(doc, "y").op == "add"
    assert "reserved" in error_of("torch = tensor([1.])\n").message
    assert "reserved" in error_of("tensor = 3\n").message


def test_print_lines_are_ignored_whatever_they_contain():
    doc = parse_script(TUTORIAL + "print(a.grad, b.grad, Q.grad_fn, f'{a}')\nprint()\n")
    assert difference(doc, parse_script(TUTORIAL)) is None


def test_constructors():
    doc = parse_script("torch.manual_seed(0)\nW = torch.randn(3, 2, requires_grad=True)\n"
                       "b = torch.zeros(2, requires_grad=True)\nI = torch.eye(2)\n"
                       "r = torch.arange(4)\ns = torch.linspace(0, 1, 5)\nf = torch.full((2,), 0.5)\n")
    assert by_name(doc, "W").value.shape == (3, 2) and by_name(doc, "W").requires_grad
    assert by_name(doc, "r").value.dtype.kind == "i"
    np.testing.assert_allclose(by_name(doc, "s").value, [0., .25, .5, .75, 1.])
    np.testing.assert_array_equal(by_name(doc, "f").value, [0.5, 0.5])
    # the values are printed out, so the printed scripts never depend on a random generator
    assert "randn" not in to_script(doc) and "randn" not in to_torch_script(doc)


def test_minimal_parentheses():
    doc = parse_script("a = tensor([2.], requires_grad=True)\nb = tensor([3.], requires_grad=True)\n"
                       "q = (a + b) * (a - b) / -a ** 2 - (b - a) + (-a) ** 2 + a ** -b + (2 - a).exp()\n")
    assert "q = (a + b) * (a - b) / -a ** 2 - (b - a) + (-a) ** 2 + a ** -b + exp(2 - a)\n" in to_script(doc)


def test_graph_built_with_commands_prints_as_a_person_would_write_it():
    """The canvas builds graphs through commands (float32 constants, op nodes named after
    their op); the code panel shows them as the tutorial writes them."""
    from explorer.model.commands import AddNodeCommand, ConnectCommand, History, const_node, leaf_node, op_node

    doc = Document()
    history = History(doc)
    a = leaf_node(doc, "a", [2., 3.], requires_grad=True)
    history.push(AddNodeCommand(a))
    c = const_node(doc, 0.1)
    history.push(AddNodeCommand(c))
    m = op_node(doc, "mul")
    history.push(AddNodeCommand(m))
    history.push(ConnectCommand(c.id, m.id, 0))
    history.push(ConnectCommand(a.id, m.id, 1))
    e = op_node(doc, "exp", name="y")
    history.push(AddNodeCommand(e))
    history.push(ConnectCommand(m.id, e.id, 0))
    assert to_script(doc) == "a = tensor([2., 3.], requires_grad=True)\ny = exp(0.1 * a)\n"
    assert difference(doc, parse_script(to_script(doc))) is None


def test_gradient_mismatch_uses_the_engines_sentence():
    engine = pytest.importorskip("engine")
    a = engine.tensor([1., 2.], requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        (a * 2).backward(gradient=engine.tensor([1., 1., 1.]))
    err = error_of("a = tensor([1., 2.], requires_grad=True)\nQ = a * 2\nQ.backward(gradient=tensor([1., 1., 1.]))\n")
    assert err.message == str(info.value)


@st.composite
def wild_documents(draw):
    """Documents as files and the canvas can make them: samples of any op of the table with its
    parameters, constants of every kind (Python numbers in float32 or float64, shared named
    numbers, whole-number and boolean tensors), NaN/Inf/-0.0 values, unconnected inputs,
    made-up and chosen names, retain_grad, groups and a root."""
    table = _ops()
    doc = Document()
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    specials = st.sampled_from([np.nan, np.inf, -np.inf, -0.0, 0.1, 1e-8, 3.0])
    shared = None
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(list(table)))
        samples = table[name].samples(rng, np.dtype(draw(st.sampled_from(["float32", "float64"]))))
        inputs, params = samples[draw(st.integers(0, len(samples) - 1))]
        srcs = []
        for x in inputs:
            x = np.array(x)
            choice = draw(st.integers(0, 9))
            if choice == 0:
                srcs.append(None)  # an unconnected input
            elif x.dtype.kind != "f":
                srcs.append(add_node(doc, "const", doc.unique_name("k"), value=x))
            elif x.ndim == 0 and choice <= 2 and table[name].broadcast:
                if choice == 1:
                    if shared is None:
                        shared = add_node(doc, "const", doc.unique_name("rate"), value=np.array(0.5))
                    srcs.append(shared)  # one named number used by several ops
                else:
                    srcs.append(add_node(doc, "const", doc.unique_name("c"), value=x, dtype=x.dtype.name))
            else:
                if x.size and draw(st.booleans()):
                    x.flat[0] = draw(specials)
                kind = "leaf" if choice != 3 or x.ndim == 0 else "const"
                srcs.append(add_node(doc, kind, doc.unique_name(draw(st.sampled_from(["x", "w", "data"]))),
                                     value=x, dtype=x.dtype.name,
                                     requires_grad=kind == "leaf" and draw(st.booleans())))
        op_name = doc.unique_name(name) if draw(st.booleans()) else doc.unique_name(draw(st.sampled_from(USER_NAMES)))
        y = add_node(doc, "op", op_name, op=name, params=dict(params), retain_grad=draw(st.integers(0, 5)) == 0)
        for port, src in enumerate(srcs):
            if src is not None:
                doc.insert_edge(Edge(src, y, port))
        if draw(st.booleans()):
            z = add_node(doc, "op", doc.unique_name("sum"), op="sum")
            doc.insert_edge(Edge(y, z, 0))
    ids = list(doc.nodes)
    if draw(st.booleans()):
        members = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
        doc.insert_group(Group(doc.new_id("g"), draw(st.sampled_from(["pretrained backbone", 'a "quoted" frame', "g"])),
                               tuple(members)))
    if draw(st.booleans()):
        root = draw(st.sampled_from(ids))
        gradient = draw(st.sampled_from([None, "ones"]))
        value = run_runner(doc).results[root].value
        doc.set_root(root, None if gradient is None or value is None else np.ones(np.shape(value), np.float32))
    return doc


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW_OK)
@given(doc=wild_documents())
def test_wild_documents_print_back_to_an_equivalent_document(doc):
    text = to_script(doc)
    note(text)
    again = parse_script(text)
    assert difference(doc, again) is None
    assert to_script(again) == text
    to_torch_script(doc)  # prints without failing, whatever the document holds


def test_columns_count_characters_not_bytes():
    err = error_of("가 = tensor([1.])\n나 = expp(가)\n")
    assert (err.line, err.col, err.end_col) == (2, 5, 9)


def test_pytorch_modules_get_a_pointer_to_the_functional_form():
    err = error_of("import torch\nmodel = torch.nn.Linear(512, 10)\n")
    assert "F.linear(x, W, b)" in err.message and err.line == 2


@settings(max_examples=40, deadline=None, suppress_health_check=SLOW_OK)
@given(doc=random_documents())
def test_the_torch_export_pastes_back_as_the_same_graph(doc):
    # torch raises on retain_grad() of a tensor that needs no grad, so the export leaves such
    # calls out; everything else comes back.
    requires = {}
    for nid in doc.topological_order():
        node = doc.nodes[nid]
        requires[nid] = node.requires_grad if node.kind == "leaf" else any(requires[e.src] for e in doc.in_edges(nid))
        if node.kind == "op" and not requires[nid]:
            node.retain_grad = False
    text = to_torch_script(doc)
    note(text)
    assert difference(doc, parse_script(text)) is None


def test_requires_grad_switches_follow_pytorchs_rules():
    assert "leaf variables" in error_of("a = tensor([1.], requires_grad=True)\nb = a * 2\nb.requires_grad_(False)\n").message
    assert "floating point" in error_of("t = tensor([1, 2])\nt.requires_grad_()\n").message
    assert "Python number" in error_of("k = 3\nk.requires_grad_()\n").message
    doc = parse_script("t = tensor([1, 2])\nt.requires_grad = False\n")
    assert by_name(doc, "t").kind == "const" and by_name(doc, "t").value.dtype.kind == "i"
    doc = parse_script("X = tensor([1., 2.])\nX.requires_grad_()\n")
    assert by_name(doc, "X").kind == "leaf" and by_name(doc, "X").requires_grad


def test_reading_a_script_prints_no_python_warning():
    # "1if a else 2" makes Python's parser warn on stderr; the language answers with its own error
    import warnings

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with pytest.raises(ScriptError):
            parse_script("a = tensor(1.)\nb = 1if a else 2\n")
    assert [str(w.message) for w in seen] == []
