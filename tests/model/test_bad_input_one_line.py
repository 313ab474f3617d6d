"""Every bad input the hostile-input audit found gets one line on stderr and exit code 2 through
each command-line reader (``run``, ``export``, ``export-lecture``); a bug gets one line
"internal error, please report" and exit 3 with the traceback in a log file.

Each case runs in a subprocess as a user would run it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HUGE_HEX = "0x" + "f" * 4400
HUGE_DEC = "9" * 5000

#: Scripts from the audit (each crashed with a traceback or a Python-internal message before).
BAD_SCRIPTS = {
    "arange_tiny_step": "x = arange(0, 1e308, 1e-300)",
    "arange_to_inf": 'x = arange(0., float("inf"))',
    "arange_nan": 'x = arange(float("nan"))',
    "arange_wrong_sign": "x = arange(1e308, 0.5, 4)",
    "ones_huge_dim_times_zero": "x = ones(2**62, 4, 0)",
    "eye_huge_dim_times_zero": "x = eye(2**62, 0)",
    "full_huge_dim_times_zero": "x = full((2**62, 0), 1.0)",
    "hex_over_4300_digits": f"x = tensor({HUGE_HEX})",
    "decimal_over_4300_digits": f"x = tensor({HUGE_DEC})",
    "manual_seed_5000_digits": f"import torch\ntorch.manual_seed({HUGE_DEC})",
    "manual_seed_over_64_bits": "import torch\ntorch.manual_seed(99999999999999999999999999)",
}

#: Words that must never reach a user: Python internals and the catch-all.
NOT_FOR_USERS = ("Traceback", "sys.set_int_max_str_digits", "OverflowError", "failed: ",
                 "internal error", "array is too big", "Maximum allowed size")


def main_py(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    full_env.update(env or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120, env=full_env, cwd=cwd or ROOT)


def assert_one_clear_line(proc: subprocess.CompletedProcess, path: Path) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr[-2000:]
    line = lines[0]
    for word in NOT_FOR_USERS:
        assert word not in line, line
    assert line.startswith("error: ") and len(line) < 400, line
    assert line.count(path.name) <= 1, f"the file is named at most once: {line}"
    return line


@pytest.mark.parametrize("case", sorted(BAD_SCRIPTS))
def test_bad_script_is_one_line_and_exit_2_through_run(tmp_path, case):
    path = tmp_path / f"{case}.py"
    path.write_text(BAD_SCRIPTS[case] + "\n", encoding="utf-8")
    assert_one_clear_line(main_py("run", str(path)), path)


@pytest.mark.parametrize("case", ["arange_tiny_step", "ones_huge_dim_times_zero", "hex_over_4300_digits"])
def test_bad_script_is_one_line_and_exit_2_through_export(tmp_path, case):
    path = tmp_path / f"{case}.py"
    path.write_text(BAD_SCRIPTS[case] + "\n", encoding="utf-8")
    assert_one_clear_line(main_py("export", str(path), "-o", str(tmp_path / "out.png")), path)
    assert not (tmp_path / "out.png").exists()


def test_pytorch_refusals_keep_pytorchs_words(tmp_path):
    """Learners search for PyTorch's texts: arange refuses with them (torch 2.x RuntimeError)."""
    for source, words in (('x = arange(0., float("inf"))', "unsupported range: 0.0 -> inf"),
                          ("x = arange(1e308, 0.5, 4)", "upper bound and lower bound inconsistent with step sign")):
        path = tmp_path / "s.py"
        path.write_text(source, encoding="utf-8")
        assert words in assert_one_clear_line(main_py("run", str(path)), path)


def test_the_valid_neighbours_of_the_bad_cases_still_run(tmp_path):
    """The new checks refuse only what cannot work: a 64-bit seed, an infinite step, a
    zero-sized tensor with a large (but allowed) dimension run as in PyTorch."""
    path = tmp_path / "ok.py"
    # A .py with an import runs as a Python program, so its names are torch's, as in PyTorch.
    path.write_text("import torch\ntorch.manual_seed(18446744073709551615)\n"
                    "a = torch.arange(0, 10, float('inf'))\nb = torch.ones(1000, 0)\nc = torch.arange(5)\n"
                    "w = torch.rand(2, requires_grad=True)\nQ = (w * 2).sum()\nQ.backward()\n",
                    encoding="utf-8")
    proc = main_py("run", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    nodes = json.loads(proc.stdout)["nodes"]
    assert nodes["w"]["grad"] == [2.0, 2.0]


def _lecture(tmp_path: Path, name: str, extra_action: dict | None, raw: tuple[str, str] | None = None) -> Path:
    obj = {"format": "autograd-explorer-lecture", "version": 1, "title": "t",
           "slides": [{"title": "one", "actions": [{"do": "load_example", "name": "seed"}]}]}
    if extra_action is not None:
        obj["slides"][0]["actions"].append(extra_action)
    text = json.dumps(obj)
    if raw is not None:
        assert raw[0] in text
        text = text.replace(raw[0], raw[1])
    path = tmp_path / f"{name}.json"
    path.write_text(text, encoding="utf-8")
    return path


def _bad_lectures(tmp_path: Path) -> list[Path]:
    return [
        _lecture(tmp_path, "version_5000_digits", None, ('"version": 1', '"version": ' + HUGE_DEC)),
        _lecture(tmp_path, "set_value_10e400", {"do": "set_value", "node": "a", "value": [1, 2]},
                 ("[1, 2]", "[1, 1" + "0" * 400 + "]")),
        _lecture(tmp_path, "step_index_5000_digits", {"do": "step", "phase": "forward", "index": 1},
                 ('"index": 1', '"index": ' + HUGE_DEC)),
        _lecture(tmp_path, "script_arange", None, ('{"do": "load_example", "name": "seed"}',
                                                   '{"do": "load_script", "source": "x = arange(0, 1e308, 1e-300)"}')),
    ]


def test_bad_lectures_are_one_line_and_exit_2_through_export_lecture(tmp_path):
    for path in _bad_lectures(tmp_path):
        line = assert_one_clear_line(main_py("export-lecture", str(path), "-o", str(tmp_path / "out")), path)
        assert "too large" in line or "more than" in line, line


def test_lecture_set_value_of_10_to_400_is_a_lecture_error_in_the_model():
    from explorer.model.lecture import LectureError, from_json

    obj = {"format": "autograd-explorer-lecture", "version": 1, "title": "t",
           "slides": [{"title": "one", "actions": [{"do": "load_example", "name": "seed"},
                                                    {"do": "set_value", "node": "a", "value": [10 ** 400]}]}]}
    with pytest.raises(LectureError, match="too large"):
        from_json(obj)


def test_an_unexpected_exception_is_one_line_exit_3_and_a_log_file(tmp_path):
    """A bug (simulated: the run handler raises) is not shown as a traceback: one line naming the
    log file, which holds the traceback."""
    script = tmp_path / "ok.py"
    script.write_text("a = tensor([1.])\n", encoding="utf-8")
    code = ("import sys, explorer.cli.run as cli\n"
            "def boom(args):\n    raise KeyError('a bug')\n"
            "cli._cmd_run = boom\n"
            "import main\n"
            f"sys.exit(main.main(['run', {str(script)!r}]))\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), AUTOGRAD_EXPLORER_SETTINGS=str(tmp_path / "settings"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=env, cwd=ROOT)
    assert proc.returncode == 3, proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith("error: internal error, please report: KeyError: 'a bug'"), line
    assert "Traceback" not in line
    logs = list((tmp_path / "settings" / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in line
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "def boom" not in line and "KeyError: 'a bug'" in text
