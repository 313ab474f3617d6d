"""Starting the app: ``python main.py`` opens the seed example, ``python main.py FILE`` a file,
a broken file still starts; the launch stays light (no pyqtgraph) and never crashes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def quiet(monkeypatch, tmp_path):
    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda p, t, text, *a, **k: warnings.append(text)))
    return warnings


def test_no_arguments_opens_the_seed_example_and_runs_it(qtbot, quiet):
    from explorer.view.app import create_window

    w = create_window([])
    qtbot.addWidget(w)
    assert "seed" in w.windowTitle()
    names = {n.name for n in w.document.nodes.values()}
    assert {"a", "b", "Q"} <= names
    assert not w.isWindowModified()
    # Auto-run is on by default: the first screen already shows the leaves' grads.
    a = w.document.node_by_name("a").id
    assert w.last_result is not None and w.last_result.results[a].grad.tolist() == [36.0, 81.0]


def test_a_file_argument_opens_that_file(qtbot, quiet, tmp_path):
    from explorer.view.app import create_window

    script = tmp_path / "neuron.py"
    script.write_text("x = tensor(2.0, requires_grad=True)\ny = tanh(x * 0.5)\ny.backward()\n", encoding="utf-8")
    w = create_window([str(script)])
    qtbot.addWidget(w)
    assert {"x", "y"} <= {n.name for n in w.document.nodes.values()}


def test_a_broken_file_argument_still_starts_with_a_message(qtbot, quiet, tmp_path):
    from explorer.view.app import create_window

    broken = tmp_path / "broken.json"
    broken.write_text("{nope", encoding="utf-8")
    w = create_window([str(broken)])
    qtbot.addWidget(w)
    assert len(w.document.nodes) == 0
    boxes = [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "broken.json" in boxes[0].text()  # shown, but not blocking start-up
    assert any("broken.json" in text for level, text in w.messages.entries() if level == "error")


def _launch(args, tmp_path, extra_env=None):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AUTOGRAD_EXPLORER_QUIT_AFTER_PAINT="1",
               AUTOGRAD_EXPLORER_SETTINGS=str(tmp_path / "settings"))
    env.update(extra_env or {})
    probe = ("import sys, runpy; sys.argv = ['main.py', *sys.argv[1:]]\n"
             "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
             "except SystemExit as e:\n    code = e.code\n"
             "print('PYQTGRAPH_LOADED' if 'pyqtgraph' in sys.modules else 'PYQTGRAPH_ABSENT')\n"
             "sys.exit(code)\n")
    return subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_launch_paints_and_quits_without_pyqtgraph(tmp_path):
    done = _launch([], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "first paint after" in done.stderr
    assert "PYQTGRAPH_ABSENT" in done.stdout, "pyqtgraph must be imported lazily, never at start-up"


def test_the_window_is_painted_before_the_numeric_stack_is_imported(tmp_path):
    # The launch budget (first painted window < 1 s) holds only if numpy, networkx and the
    # engine (~0.5-0.8 s of imports) come after the first paint.
    done = _launch([], tmp_path)
    line = next(line for line in done.stderr.splitlines() if line.startswith("first paint after"))
    loaded = line.split("loaded:", 1)[1]
    assert loaded.strip().startswith("none of"), line


def test_the_graph_is_painted_after_the_model_layer_loads(tmp_path):
    done = _launch([], tmp_path, {"AUTOGRAD_EXPLORER_QUIT_AFTER_PAINT": "graph"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    line = next(line for line in done.stderr.splitlines() if line.startswith("graph painted after"))
    assert "numpy" in line and "networkx" in line
    assert "PYQTGRAPH_ABSENT" in done.stdout


def test_the_window_frame_works_before_the_model_arrives(qtbot, quiet):
    """The frame shown at launch: menus and docks are there, clicks before the model is
    attached are harmless, and attaching brings the canvas, the palette and the seed graph."""
    from explorer.view.app import open_startup_document, parse_args
    from explorer.view.main_window import MainWindow

    w = MainWindow(deferred=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert not w.ready and w.view is None and w.document is None
    assert w.canvas_placeholder.isVisible()
    assert {"file", "edit", "run", "view", "help"} <= set(w.menus)
    assert w.op_palette.visible_entries() == []  # the op table is not loaded yet
    for key in ("forward", "backward", "train_step", "fit", "layout", "delete", "select_all", "new"):
        w.actions[key].trigger()  # must not raise (no document yet)
    w.code_editor.apply()
    assert "loading" in w.statusBar().currentMessage().lower()
    w.set_view_mode("side")
    assert w.actions["view_side"].isChecked()

    w.attach_model()
    w.startup_args = parse_args([])
    open_startup_document(w)
    assert w.ready and w.canvas_placeholder is None
    assert w.view.isVisible() and w.backward_view.isVisible()  # the mode chosen while loading
    assert ("op", "mul") in w.op_palette.visible_entries()
    assert {"a", "b", "Q"} <= {n.name for n in w.document.nodes.values()}
    assert w.focusWidget() is w.view  # canvas keys (F, L, Tab) work at once
    w.actions["forward"].trigger()
    a = w.document.node_by_name("a").id
    assert w.last_result.results[a].value.tolist() == [2.0, 3.0]


def test_launch_with_a_broken_file_does_not_crash(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"\x00\xff garbage")
    done = _launch([str(broken)], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
