"""``main.py export`` bad input the issue names and the existing list missed: a malformed
document, a script with a syntax error, an output that cannot be written or is a folder, an
unknown flag. Each is exit code 2 and exactly one line that names the culprit once."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer import cli

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"


def one_line_exit_2(capsys, argv) -> str:
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse-level errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err, err
    return err


def test_malformed_json_names_the_file_once(tmp_path, capsys, qapp):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "autograd-explorer", "version": 1, "nodes": [', encoding="utf-8")
    err = one_line_exit_2(capsys, ["export", str(bad), "-o", str(tmp_path / "x.png")])
    assert "not valid JSON" in err and err.count("broken.json") == 1


def test_a_script_with_a_syntax_error_points_at_its_line(tmp_path, capsys, qapp):
    bad = tmp_path / "bad.ags"
    bad.write_text("a = tensor([1., 2.], requires_grad=True)\nb = a +* 2\n", encoding="utf-8")
    err = one_line_exit_2(capsys, ["export", str(bad), "-o", str(tmp_path / "x.png")])
    assert f"{bad}:2:" in err


def test_an_unknown_flag_is_one_line_not_the_usage(capsys, tmp_path, qapp):
    err = one_line_exit_2(capsys, ["export", str(SEED), "-o", str(tmp_path / "x.png"), "--bogus"])
    assert "--bogus" in err and "usage" not in err


@pytest.mark.parametrize("flag,value", [("--scale", "5"), ("--scale", "nan"), ("--margin", "-3"), ("--size", "10x10")])
def test_a_bad_number_names_its_flag(capsys, tmp_path, qapp, flag, value):
    err = one_line_exit_2(capsys, ["export", str(SEED), "-o", str(tmp_path / "x.png"), flag, value])
    assert err.startswith(f"error: {flag}:")


def test_an_output_that_is_a_folder_or_under_a_file(capsys, tmp_path, qapp):
    (tmp_path / "pics.png").mkdir()
    err = one_line_exit_2(capsys, ["export", str(SEED), "-o", str(tmp_path / "pics.png")])
    assert "is a folder" in err
    (tmp_path / "note").write_text("x")
    err = one_line_exit_2(capsys, ["export", str(SEED), "-o", str(tmp_path / "note" / "x.png")])
    assert "not a folder" in err


def test_an_unwritable_output(capsys, tmp_path, qapp):
    if os.geteuid() == 0:  # root writes anywhere a mode allows nothing: use a filesystem that refuses files
        target = Path("/proc/graph.png")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        target = locked / "graph.png"
    err = one_line_exit_2(capsys, ["export", str(SEED), "-o", str(target)])
    assert "cannot write" in err and str(target) in err
    assert not target.exists()


def test_unknown_flag_in_a_real_process_is_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(SEED), "-o", str(tmp_path / "x.png"),
                           "--no-such-flag"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--no-such-flag" in done.stderr, done.stderr


def test_a_failed_backward_is_noted_as_such_not_as_errors_on_the_cards(capsys, tmp_path, qapp):
    # Every leaf frozen: the image is made (forward values, everything greyed), and the note says
    # what torch would say on Q.backward() instead of pointing at errors the image does not show.
    code = cli.main(["export", str(SEED), "-o", str(tmp_path / "x.png"), "--freeze", "a,b"])
    err = capsys.readouterr().err
    assert code == 0 and (tmp_path / "x.png").exists()
    assert "backward from 'Q' failed: element 0 of tensors does not require grad" in err
    assert "the image shows the errors" not in err and err.count("\n") == 1


def test_an_empty_backward_graph_says_why(capsys, tmp_path, qapp):
    err = one_line_exit_2(capsys, ["export", str(SEED), "-o", str(tmp_path / "x.png"), "--theme", "print", "--scale", "2",
                                   "--no-values", "--no-grads", "--freeze", "a,b", "--backward"])
    assert "backward graph is empty" in err and "does not require grad" in err
    assert not (tmp_path / "x.png").exists()
