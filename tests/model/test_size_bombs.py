"""Small files that ask for huge tensors (issue #12, item 4): a document, an image carrying it
and a lecture fail on the offending node with one line, in well under a second and 200 MB,
instead of allocating gigabytes. Run through ``main.py`` in a subprocess, as a user would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from explorer.model import commands as C
from explorer.model.document import Document, Edge
from explorer.model.fileformat import save_document

ROOT = Path(__file__).resolve().parents[2]

# Runs main.main(argv) and reports its exit code, wall time and the process's peak memory
# (VmHWM: this process only, unlike a child's ru_maxrss, which starts at the parent's).
PROBE = """
import json, sys, time
sys.argv = ["main.py"] + json.loads(sys.argv[1])
import main
t0 = time.perf_counter()
rc = main.main(sys.argv[1:])
dt = time.perf_counter() - t0
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({"rc": rc, "seconds": dt, "peak_mb": int(hwm) / 1024}), file=sys.stderr)
"""


def bomb_document(op: str) -> Document:
    """x (20000, 1) with y (1, 20000): add broadcasts to 400 M elements, matmul of x (20000, 1)
    and y (1, 20000) too. A 240 KB file."""
    doc = Document()
    x = C.leaf_node(doc, "x", np.linspace(0, 1, 20000, dtype=np.float32).reshape(20000, 1),
                    requires_grad=True, pos=(0, 0))
    C.AddNodeCommand(x).do(doc)
    y = C.leaf_node(doc, "y", np.linspace(1, 2, 20000, dtype=np.float32).reshape(1, 20000),
                    requires_grad=True, pos=(0, 200))
    C.AddNodeCommand(y).do(doc)
    z = C.op_node(doc, op, name="boom", pos=(300, 100))
    C.AddNodeCommand(z, [Edge(x.id, z.id, 0), Edge(y.id, z.id, 1)]).do(doc)
    s = C.op_node(doc, "sum", name="total", pos=(600, 100))
    C.AddNodeCommand(s, [Edge(z.id, s.id, 0)]).do(doc)
    C.SetRootCommand(s.id, None).do(doc)
    return doc


def probe(*argv: str) -> tuple[dict, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(argv))], capture_output=True,
                          text=True, timeout=120, env=env, cwd=ROOT)
    figures = json.loads(proc.stderr.strip().splitlines()[-1])
    return figures, proc.stdout + proc.stderr


@pytest.mark.parametrize("op", ["add", "matmul"])
def test_a_small_document_asking_for_a_huge_tensor_fails_on_its_node_quickly(tmp_path, op):
    path = tmp_path / "bomb.json"
    save_document(bomb_document(op), path)
    assert path.stat().st_size < 300_000
    figures, out = probe("run", str(path))
    assert figures["rc"] != 0
    assert figures["seconds"] < 5.0, figures   # a hang guard; the memory bound is the real check
    assert figures["peak_mb"] < 200, figures
    lines = [line for line in out.splitlines() if "400,000,000" in line]
    assert len(lines) == 1 and "boom" in lines[0], out   # one line, naming the node
    assert "Traceback" not in out


def test_the_same_bomb_inside_a_png_fails_the_same_way(tmp_path):
    doc_path = tmp_path / "bomb.json"
    save_document(bomb_document("add"), doc_path)
    png = tmp_path / "bomb.png"
    # Exporting only draws the document; the run that would allocate happens when it is read.
    figures, out = probe("export", str(doc_path), "-o", str(png))
    assert png.exists(), out
    assert figures["peak_mb"] < 400, figures
    figures, out = probe("run", str(png))
    assert figures["rc"] != 0 and figures["seconds"] < 5.0 and figures["peak_mb"] < 250, (figures, out)
    assert any("400,000,000" in line and "boom" in line for line in out.splitlines()), out
