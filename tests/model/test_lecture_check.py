"""``main.py check-lecture FILE`` (and the same pre-flight before ``export-lecture``): every
slide and step played headless; anything a class would hit is one line and exit code 2."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.model.lecture import bundled_lectures, loads
from explorer.model.lecture_check import check_lecture

ROOT = Path(__file__).resolve().parents[2]
SEED = {"do": "load_example", "name": "seed"}


def lecture(*slides) -> dict:
    return {"format": "autograd-explorer-lecture", "version": 1, "title": "t",
            "slides": [{"title": f"s{i + 1}", **s} for i, s in enumerate(slides)]}


WRONG_GRADIENT = lecture({"actions": [SEED]},
                         {"actions": [{"do": "set_gradient", "value": [1.0, 2.0, 3.0]}, {"do": "backward"}]})
UNKNOWN_NODE = lecture({"actions": [SEED, {"do": "highlight", "nodes": ["nope"]}]})
FAILING_STEP = lecture({"actions": [{"do": "load_script", "source": [
    "a = tensor([[1., 2.]], requires_grad=True)", "b = tensor([[1.], [2.]])", "c = a @ b"]}]},
    {"actions": [{"do": "set_value", "node": "b", "value": [[1.0, 2.0, 3.0]]}, {"do": "forward"}],
     "step_through": "forward"})


@pytest.mark.parametrize("obj, expected", [
    (WRONG_GRADIENT, ["slide 2", "shape"]),
    (UNKNOWN_NODE, ["slide 1", "no node named 'nope'"]),
    (FAILING_STEP, ["slide 2", "c:"]),
])
def test_the_checker_reports_what_a_class_would_hit(obj, expected):
    problems = check_lecture(loads(json.dumps(obj)))
    assert problems, "nothing reported"
    assert all(word in problems[0] for word in expected), problems


def test_the_bundled_lectures_pass():
    for path in bundled_lectures():
        assert check_lecture(loads(path.read_text(encoding="utf-8"))) == [], path.name


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_check_lecture_command_fails_with_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(WRONG_GRADIENT))
    done = run("check-lecture", str(bad))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "slide 2" in lines[0] and "shape" in lines[0], done.stderr
    good = run("check-lecture", str(next(p for p in bundled_lectures() if p.name == "neuron_backprop_en.json")))
    assert good.returncode == 0 and "ok" in good.stdout and not good.stderr.strip()


def test_export_lecture_runs_the_same_preflight(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(WRONG_GRADIENT))
    out = tmp_path / "frames"
    done = run("export-lecture", str(bad), "-o", str(out))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not out.exists() or not any(out.iterdir())   # no frames of a broken lecture
