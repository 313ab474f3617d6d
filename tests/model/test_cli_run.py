"""``python main.py run FILE_OR_SCRIPT [--freeze a,b] [--json]``, run in a subprocess as a user would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SEED = """\
import torch
a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3*a**3 - b**2
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "run", *args], capture_output=True,
                          text=True, timeout=120, env=env, cwd=cwd or ROOT)


def strict_json(text: str) -> dict:
    """json.loads that refuses NaN/Infinity tokens (they are not JSON)."""
    def refuse(token):
        raise ValueError(f"non-JSON token {token}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture()
def seed_script(tmp_path: Path) -> Path:
    path = tmp_path / "seed.py"
    path.write_text(SEED, encoding="utf-8")
    return path


def test_json_output_for_the_seed_script(seed_script):
    proc = run(str(seed_script), "--json")
    assert proc.returncode == 0, proc.stderr
    nodes = strict_json(proc.stdout)["nodes"]
    assert nodes["a"] == {"value": [2.0, 3.0], "grad": [36.0, 81.0], "requires_grad": True,
                          "is_leaf": True, "grad_fn": None, "shape": [2]}
    assert nodes["b"]["grad"] == [-12.0, -8.0]
    q = nodes["Q"]
    assert q["value"] == [-12.0, 65.0] and q["grad"] is None and q["grad_fn"] == "SubBackward0"
    assert q["is_leaf"] is False and q["requires_grad"] is True


def test_freeze_removes_a_leafs_grad_and_keeps_the_others(seed_script):
    proc = run(str(seed_script), "--json", "--freeze", "b")
    assert proc.returncode == 0, proc.stderr
    nodes = strict_json(proc.stdout)["nodes"]
    assert nodes["b"]["grad"] is None and nodes["b"]["requires_grad"] is False
    assert nodes["a"]["grad"] == [36.0, 81.0]
    assert nodes["Q"]["grad_fn"] == "SubBackward0"


def test_a_saved_document_gives_the_same_answer(seed_script, tmp_path):
    from explorer.model.fileformat import save_document
    from explorer.model.language import parse_script

    doc_path = tmp_path / "seed.json"
    save_document(parse_script(SEED), str(doc_path))
    from_doc = run(str(doc_path), "--json")
    from_script = run(str(seed_script), "--json")
    assert from_doc.returncode == 0, from_doc.stderr
    # The document also lists its constants and intermediate steps (c1, pow1, ...); the
    # program's names (a, b, Q) must agree with it.
    doc_nodes = strict_json(from_doc.stdout)["nodes"]
    program_nodes = strict_json(from_script.stdout)["nodes"]
    shared = set(doc_nodes) & set(program_nodes)
    assert {"a", "b", "Q"} <= shared
    assert {k: doc_nodes[k] for k in shared} == {k: program_nodes[k] for k in shared}


def test_text_output_prints_values_and_grads_like_pytorch(seed_script):
    proc = run(str(seed_script))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "a = tensor([2., 3.], requires_grad=True)" in out
    assert "a.grad = tensor([36., 81.])" in out
    assert "Q = tensor([-12.,  65.], grad_fn=<SubBackward0>)" in out
    assert "Q.grad = None" in out


def test_nan_and_inf_are_encoded_as_strings_so_the_json_stays_valid(tmp_path):
    path = tmp_path / "domain.py"
    path.write_text("x = tensor([-1., 0., 2.], requires_grad=True)\ny = log(x)\nL = y.sum()\nL.backward()\n",
                    encoding="utf-8")
    proc = run(str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    report = strict_json(proc.stdout)
    y = next(n for name, n in report["nodes"].items() if n["grad_fn"] == "LogBackward0")
    assert y["value"][0] == "nan" and y["value"][1] == "-inf" and y["value"][2] == pytest.approx(0.6931, abs=1e-4)
    assert report["nodes"]["x"]["grad"][1] == "inf"        # log'(0) = +inf, as in PyTorch
    assert report["warnings"] and "nan" in next(iter(report["warnings"].values()))


def _bad(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_missing_file(tmp_path):
    line = _bad(run(str(tmp_path / "nope.json")))
    assert "nope.json" in line and "no such file" in line


def test_bad_json_document(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "autograd-explorer", "version": 1, "nodes": [', encoding="utf-8")
    line = _bad(run(str(path)))
    assert "broken.json" in line


def test_script_error_says_where(tmp_path):
    path = tmp_path / "typo.py"
    path.write_text("a = tensor([1., 2.], requires_grad=True)\nb = expp(a)\n", encoding="utf-8")
    line = _bad(run(str(path), "--json"))
    assert "typo.py:2:" in line and "expp" in line


def test_unknown_name_in_freeze(seed_script):
    line = _bad(run(str(seed_script), "--freeze", "a,zz"))
    assert "--freeze" in line and "'zz'" in line


def test_missing_argument_is_one_line_too():
    line = _bad(run())
    assert "FILE_OR_SCRIPT" in line
