"""``python main.py export``: headless in a clean environment (no display, no platform chosen),
documents, scripts and images as input, the images feeding ``main.py run``, and bad input as
exit code 2 with one line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtGui import QImage

from explorer import cli

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=clean_env(),
                          capture_output=True, text=True, timeout=180)


def test_headless_export_then_run_the_image_in_a_clean_environment(tmp_path):
    out = tmp_path / "seed.png"
    done = run_main("export", str(SEED), "-o", str(out), "--scale", "2", "--theme", "print", "--freeze", "b")
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout and done.stderr == ""
    img = QImage(str(out))
    assert img.width() > 1000 and img.height() > 500
    # the image carries the graph (with b frozen): `run` computes it again
    ran = run_main("run", str(out))
    assert ran.returncode == 0, ran.stderr
    assert "a.grad = tensor([36., 81.])" in ran.stdout
    assert "b.grad = None" in ran.stdout


def test_bad_input_exits_2_with_one_line_in_a_real_process(tmp_path):
    done = run_main("export", str(tmp_path / "missing.json"), "-o", str(tmp_path / "x.png"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "missing.json" in done.stderr and "Traceback" not in done.stderr


def export(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["export", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_script_input_to_svg_and_backward_view(tmp_path, capsys, qapp):
    script = tmp_path / "q.py"
    script.write_text("a = tensor([2., 3.], requires_grad=True)\nb = tensor([6., 4.], requires_grad=True)\n"
                      "Q = 3*a**3 - b**2\nQ.backward(gradient=tensor([1., 1.]))\n", encoding="utf-8")
    out = tmp_path / "dag.svg"
    code, stdout, err = export(capsys, script, "-o", out, "--backward", "--no-grads")
    assert code == 0, err
    root = ElementTree.parse(out).getroot()
    texts = ["".join(t.itertext()).strip() for t in root.iter() if t.tag.endswith("}text")]
    assert texts.count("AccumulateGrad") == 2 and "SubBackward0" in texts
    assert not any(t.startswith("grad") for t in texts) and not any("grad [" in t for t in texts)


def test_image_input_and_pdf_output(tmp_path, capsys, qapp):
    png = tmp_path / "seed.png"
    assert export(capsys, SEED, "-o", png)[0] == 0
    pdf = tmp_path / "again.pdf"
    code, stdout, err = export(capsys, png, "-o", pdf, "--theme", "dark", "--no-values", "--select", "a,a_cubed")
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF") and "2 nodes" in stdout


@pytest.mark.parametrize("args,message", [
    (["{missing}", "-o", "{tmp}/x.png"], "no such file"),
    (["{seed}", "-o", "{tmp}/x.gif"], ".gif"),
    (["{seed}", "-o", "{tmp}/nowhere/x.png"], "does not exist"),
    (["{seed}", "-o", "{tmp}/x.png", "--scale", "9"], "scale"),
    (["{seed}", "-o", "{tmp}/x.png", "--theme", "neon"], "neon"),
    (["{seed}", "-o", "{tmp}/x.png", "--size", "big"], "--size"),
    (["{seed}", "-o", "{tmp}/x.png", "--freeze", "zz"], "zz"),
    (["{seed}", "-o", "{tmp}/x.png", "--freeze", "Q"], "not a leaf"),
    (["{seed}", "-o", "{tmp}/x.png", "--select", "zz"], "zz"),
    (["{plain}", "-o", "{tmp}/x.png"], "carries no graph"),
    (["{seed}"], "-o"),
    (["{seed}", "-o", "{tmp}/x.png", "--scale", "two"], "scale"),
])
def test_bad_input_is_exit_2_and_one_line(tmp_path, capsys, qapp, args, message):
    plain = tmp_path / "plain.png"
    img = QImage(8, 8, QImage.Format.Format_RGB32)
    img.fill(0)
    img.save(str(plain))
    fill = {"missing": tmp_path / "missing.json", "tmp": tmp_path, "seed": SEED, "plain": plain}
    argv = ["export", *(a.format(**fill) for a in args)]
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse-level errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error"), err
    assert message in err
