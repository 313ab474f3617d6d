"""``export-lecture``: every click of a lecture as numbered PNGs, in-process and headless."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from explorer.model import fileformat
from explorer.model.lecture import FORMAT, LecturePlayer, bundled_lectures, load_lecture

ROOT = Path(__file__).resolve().parents[2]


def small_lecture(tmp_path) -> Path:
    seed = fileformat.load_document(ROOT / "resources" / "examples" / "seed.json")
    obj = {"format": FORMAT, "version": 1, "title": "tiny", "language": "en", "slides": [
        {"title": "graph", "actions": [{"do": "load_graph", "document": fileformat.to_data(seed)}]},
        {"title": "backward", "actions": [{"do": "backward"}], "step_through": "backward"},
    ]}
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


def test_every_click_becomes_a_numbered_image(qtbot, tmp_path):
    from explorer.view.lecture.export import export_lecture

    lec = load_lecture(next(p for p in bundled_lectures() if p.name == "neuron_backprop_en.json"))
    clicks = LecturePlayer(lec).clicks()
    paths = export_lecture(lec, tmp_path, size=(800, 450))
    assert [p.name for p in paths] == [f"{i:03d}.png" for i in range(1, clicks + 2)]
    images = [QImage(str(p)) for p in paths]
    assert all((im.width(), im.height()) == (800, 450) for im in images)
    # stepping changes what is drawn: consecutive step images are not identical
    assert sum(images[i] != images[i + 1] for i in range(len(images) - 1)) == len(images) - 1


def test_headless_command_without_a_display(tmp_path):
    lecture = small_lecture(tmp_path)
    out = tmp_path / "frames"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    res = subprocess.run([sys.executable, "main.py", "export-lecture", str(lecture), "-o", str(out),
                          "--theme", "print", "--width", "640", "--height", "360"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    files = sorted(p.name for p in out.iterdir())
    player = LecturePlayer(load_lecture(lecture))
    assert len(files) == player.clicks() + 1 and files[0] == "001.png"
    assert QImage(str(out / "001.png")).width() == 640
    assert f"wrote {len(files)} images" in res.stdout


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.json", "no such file"),
    (lambda d: (d / "bad.json").write_text("{ nope") and d / "bad.json", "not valid JSON at line 1"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, make, message):
    path = make(tmp_path)
    res = subprocess.run([sys.executable, "main.py", "export-lecture", str(path), "-o", str(tmp_path / "o")],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in res.stderr


def test_export_current_step_from_the_window(qtbot, tmp_path):
    from explorer.view.lecture.export import export_current_step
    from explorer.view.lecture.hooks import install
    from explorer.view.main_window import MainWindow

    w = MainWindow()
    w.maybe_save = lambda *a, **k: True
    qtbot.addWidget(w)
    if w.context.extension("lecture") is None:
        install(w)
    w.open_example(ROOT / "resources" / "examples" / "seed.json")
    ctl = w.context.extension("lecture").controller
    ctl.step_start()
    ctl.step_forward()
    first = tmp_path / "first.png"
    assert export_current_step(w, str(first), size=(640, 360))
    ctl.step_end()
    last = tmp_path / "last.png"
    assert export_current_step(w, str(last), size=(640, 360))
    a, b = QImage(str(first)), QImage(str(last))
    assert (a.width(), a.height()) == (640, 360) and a != b
