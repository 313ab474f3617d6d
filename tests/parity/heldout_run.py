"""The held-out set (``heldout/*.py``): real autograd snippets from public pages, written after
the engine's features and never used to build them, run as *plain Python* — once under torch,
once with ``import torch`` answered by ``engine`` — comparing what they print.

    python tests/parity/heldout_run.py --record     # store torch's output in fixtures/heldout.json
    python tests/parity/heldout_run.py              # the engine's match rate against it

Each run is a fresh interpreter running one of our own corpus files (the test oracle; the app
never runs user text this way).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SNIPPETS = HERE / "heldout"
FIXTURE = HERE / "fixtures" / "heldout.json"

# In the engine run, `torch` and the submodules the snippets import are the engine's: torch.X.Y
# is engine.X.Y for every module (or namespace) the engine reaches by attributes, so
# `import torch.optim.lr_scheduler` or `from torch.utils.data import ...` work exactly when the
# engine has that API.
ENGINE_AS_TORCH = r"""
import sys, types
if sys.argv[1] == "engine":
    import engine

    def _answer(prefix, obj, depth=0):
        sys.modules[prefix] = obj
        for name, value in list(vars(obj).items()):
            if depth < 3 and not name.startswith("_") and isinstance(
                    value, (types.ModuleType, types.SimpleNamespace)) and \
                    getattr(value, "__name__", "engine").startswith("engine"):
                if f"{prefix}.{name}" not in sys.modules:
                    _answer(f"{prefix}.{name}", value, depth + 1)

    _answer("torch", engine)
else:
    import torch
"""

SHIM = ENGINE_AS_TORCH + r"""
import runpy
try:
    runpy.run_path(sys.argv[2], run_name="__main__")
except Exception as e:
    print("UNCAUGHT", type(e).__name__, e)
"""


# The same, for many files in one interpreter: the library is imported once and each file runs
# in a forked child (so none sees another's state), which prints one JSON line.
BATCH_SHIM = ENGINE_AS_TORCH + r"""
import contextlib, io, json, os, runpy
for path in sys.argv[2:]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            try:
                runpy.run_path(path, run_name="__main__")
            except Exception as e:
                print("UNCAUGHT", type(e).__name__, e)
        with os.fdopen(w, "w") as fh:
            fh.write(buf.getvalue())
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        text = fh.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"path": path, "output": text + (f"EXIT {code}" if code else "")}),
          flush=True)
"""


def run_all(backend: str, names: list[str], folder: Path | None = None) -> dict[str, str]:
    """What each named file prints (as :func:`run` gives it), one interpreter for all."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore")
    paths = [str((folder or SNIPPETS) / f"{n}.py") for n in names]
    with tempfile.TemporaryDirectory() as scratch:   # a snippet may save files (d2l's x-file)
        r = subprocess.run([sys.executable, "-c", BATCH_SHIM, backend, *paths],
                           capture_output=True, text=True, env=env, timeout=1200, cwd=scratch)
    out = {}
    for line in r.stdout.splitlines():
        rec = json.loads(line)
        out[Path(rec["path"]).stem] = rec["output"]
    return out


def names() -> list[str]:
    return sorted(p.stem for p in SNIPPETS.glob("*.py"))


def run(backend: str, name: str, folder: Path | None = None) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore")
    path = (folder or SNIPPETS) / f"{name}.py"
    with tempfile.TemporaryDirectory() as scratch:
        r = subprocess.run([sys.executable, "-c", SHIM, backend, str(path)],
                           capture_output=True, text=True, env=env, timeout=300, cwd=scratch)
    return r.stdout + (f"EXIT {r.returncode}" if r.returncode else "")


def main() -> int:
    if "--record" in sys.argv:
        import torch
        data = {"torch": torch.__version__, "outputs": {n: run("torch", n) for n in names()}}
        FIXTURE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"recorded {len(data['outputs'])} snippets")
        return 0
    want = json.loads(FIXTURE.read_text(encoding="utf-8"))["outputs"]
    same = [n for n in names() if run("engine", n) == want.get(n)]
    print(f"{len(same)}/{len(names())} held-out snippets print what torch printed")
    return 0 if len(same) == len(names()) else 1


if __name__ == "__main__":
    sys.exit(main())
