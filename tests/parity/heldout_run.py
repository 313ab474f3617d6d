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
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SNIPPETS = HERE / "heldout"
FIXTURE = HERE / "fixtures" / "heldout.json"

# In the engine run, `torch` and the submodules the snippets import are the engine's.
SHIM = r"""
import runpy, sys
if sys.argv[1] == "engine":
    import engine
    mods = {"torch": engine, "torch.autograd": engine.autograd, "torch.nn": engine.nn,
            "torch.nn.functional": engine.nn.functional, "torch.optim": engine.optim,
            "torch.optim.lr_scheduler": engine.optim.lr_scheduler,
            "torch.func": engine.func, "torch.autograd.forward_ad": engine.autograd.forward_ad,
            "torch.autograd.functional": engine.autograd.functional,
            "torch.nn.utils": engine.nn.utils, "torch.utils": engine.utils,
            "torch.utils.data": engine.utils.data}
    sys.modules.update(mods)
try:
    runpy.run_path(sys.argv[2], run_name="__main__")
except Exception as e:
    print("UNCAUGHT", type(e).__name__, e)
"""


def names() -> list[str]:
    return sorted(p.stem for p in SNIPPETS.glob("*.py"))


def run(backend: str, name: str, folder: Path | None = None) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONWARNINGS="ignore")
    path = (folder or SNIPPETS) / f"{name}.py"
    r = subprocess.run([sys.executable, "-c", SHIM, backend, str(path)],
                       capture_output=True, text=True, env=env, timeout=300)
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
