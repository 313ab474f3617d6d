"""Real autograd snippets (``programs_real/*.py``): run them under torch or the program runner
and compare what a learner would see — printed output, the final named tensors (value, grad,
flags, grad_fn, shape) and the error line.

``record_real.py`` stores torch 2.13's side in ``fixtures/programs_real.json``;
``test_programs_real.py`` compares the program runner with it (and with torch live when it
is installed).
"""
from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PROGRAMS = HERE / "programs_real"
FIXTURE = HERE / "fixtures" / "programs_real.json"

# Runs one program under real torch in a fresh interpreter and prints a JSON report. This is
# the test oracle running our own corpus files, never the app running user text.
TORCH_HARNESS = r"""
import contextlib, io, json, os, runpy, sys, traceback, warnings
import numpy as np
import torch
from explorer.model.runner import json_number_array


def report(path):
    buf = io.StringIO()
    err = None
    g = {}
    with contextlib.redirect_stdout(buf), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            g = runpy.run_path(path, run_name="__main__")
        except BaseException as e:  # the snippet's own error is part of what it teaches
            tb = e.__traceback__
            line = None
            while tb is not None:
                if tb.tb_frame.f_code.co_filename == path:
                    line = tb.tb_lineno
                    if tb.tb_frame.f_code.co_name == "<module>":
                        g = dict(tb.tb_frame.f_globals)
                tb = tb.tb_next
            msg = str(e.args[0]) if isinstance(e, KeyError) and e.args else str(e)
            err = {"type": type(e).__name__, "message": " ".join(msg.split()), "line": line}
    nodes = {}
    for k, v in g.items():
        if isinstance(v, torch.Tensor) and not k.startswith("__"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                gr = v.grad
            nodes[k] = {"value": json_number_array(v.detach().numpy()),
                        "grad": None if gr is None else json_number_array(gr.detach().numpy()),
                        "requires_grad": v.requires_grad, "is_leaf": v.is_leaf,
                        "grad_fn": None if v.grad_fn is None else type(v.grad_fn).__name__,
                        "shape": list(v.shape)}
    return {"output": buf.getvalue(), "nodes": nodes, "error": err}


# torch is imported once; each snippet runs in a forked child, so none sees another's state
for path in sys.argv[1:]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        data = json.dumps({"path": path, **report(path)}).encode()
        with os.fdopen(w, "wb") as fh:
            fh.write(data)
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    print(data.decode() if data else json.dumps({"path": path, "crashed": True}), flush=True)
"""


def program_names() -> list[str]:
    return sorted(p.stem for p in PROGRAMS.glob("*.py"))


def source(name: str) -> str:
    return (PROGRAMS / f"{name}.py").read_text(encoding="utf-8")


def run_torch_all(names: list[str]) -> dict[str, dict]:
    """torch's reports for the named snippets (one interpreter, a fork per snippet)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    paths = [str(PROGRAMS / f"{n}.py") for n in names]
    with tempfile.TemporaryDirectory() as scratch:   # a snippet may save files (d2l's x-file)
        proc = subprocess.run([sys.executable, "-c", TORCH_HARNESS, *paths], capture_output=True,
                              text=True, timeout=900, env=env, cwd=scratch)
    if proc.returncode != 0:
        raise RuntimeError(f"the torch harness failed: {proc.stderr[-2000:]}")
    out = {}
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        name = Path(rec.pop("path")).stem
        if rec.pop("crashed", False):
            raise RuntimeError(f"{name}: the torch run crashed")
        out[name] = rec
    return out


def run_torch(name: str) -> dict:
    return run_torch_all([name])[name]


def run_engine(name: str) -> dict:
    """The program runner's report, shaped like the torch harness's."""
    from explorer.model.program import result_report, run_program

    r = run_program(source(name), trace=True)
    rep = result_report(r)
    err = None
    if r.error is not None:
        err = {"type": r.error_type or r.error_kind, "message": r.error_message,
               "line": r.error_line}
    return {"output": rep["output"], "nodes": rep["nodes"], "error": err}


# ------------------------------------------------------------------------------ comparing
_NUM = re.compile(r"-?\d+\.\d*(?:e[-+]?\d+)?|-?\d+e[-+]?\d+|nan|-?inf")
_ADDR = re.compile(r" at 0x[0-9a-fA-F]+")


def _close(a, b, rtol=1e-4, atol=1e-5) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, rtol, atol) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return abs(a - b) <= atol + rtol * abs(b)
    return a == b


def _output_diff(mine: str, theirs: str) -> str | None:
    """Printed text equal up to float rounding in the last digits and object addresses."""
    a, b = _ADDR.sub(" at 0x?", mine), _ADDR.sub(" at 0x?", theirs)
    if a == b:
        return None
    if _NUM.sub("#", a) != _NUM.sub("#", b):
        for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines())):
            if x != y:
                return f"output line {i + 1}: engine {x!r} vs torch {y!r}"
        return f"output differs in length: engine {len(a)} chars vs torch {len(b)}"
    for x, y in zip(_NUM.findall(a), _NUM.findall(b)):
        fx, fy = float(x), float(y)
        if not _close(fx, fy, rtol=1e-3, atol=1e-4):
            return f"printed number {x} vs torch {y}"
    return None


def diff(mine: dict, theirs: dict) -> list[str]:
    """What a learner would see differ (empty: the program matches torch)."""
    out = []
    d = _output_diff(mine["output"], theirs["output"])
    if d:
        out.append(d)
    e1, e2 = mine.get("error"), theirs.get("error")
    if (e1 is None) != (e2 is None):
        out.append(f"error: engine {e1} vs torch {e2}")
    elif e1 is not None and (e1["type"], e1["message"], e1["line"]) != (
            e2["type"], e2["message"], e2["line"]):
        out.append(f"error: engine {e1} vs torch {e2}")
    n1, n2 = mine["nodes"], theirs["nodes"]
    if set(n1) != set(n2):
        out.append(f"named tensors: engine {sorted(n1)} vs torch {sorted(n2)}")
    for k in sorted(set(n1) & set(n2)):
        a, b = n1[k], n2[k]
        for field in ("requires_grad", "is_leaf", "grad_fn", "shape"):
            if a.get(field) != b.get(field):
                out.append(f"{k}.{field}: engine {a.get(field)} vs torch {b.get(field)}")
        for field in ("value", "grad"):
            if not _close(a.get(field), b.get(field)):
                out.append(f"{k}.{field}: engine {a.get(field)} vs torch {b.get(field)}")
    return out


# ---------------------------------------------------------------- probes for the xfail tables
# (test_programs_real.py and test_wild_engine.py: a strict xfail while a probe says the engine
# lacks the API a snippet needs; once it is True the snippet must match)
def has_path(dotted: str) -> bool:
    """``engine`` has the dotted attribute path (``"nn.utils.clip_grad_norm_"``)."""
    import engine
    obj = engine
    for part in dotted.split("."):
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def bce_pos_weight() -> bool:
    """``nn.BCEWithLogitsLoss`` takes ``pos_weight=``."""
    import engine
    try:
        engine.nn.BCEWithLogitsLoss(pos_weight=engine.ones(2))
    except TypeError:
        return False
    return True
