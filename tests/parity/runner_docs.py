"""Documents from random editing sessions, and what PyTorch says about their printed scripts.

``documents()`` replays seeded random sessions (the steps of
tests/model/test_runner_differential.py) and keeps every final document whose PyTorch script
the printer can write. ``torch_results(docs)`` runs each document's printed script
(``to_torch_script``: what ``python main.py code DOC --torch`` prints) under real PyTorch, in one
subprocess, and returns per named tensor its value, flags, grad_fn, next_functions and .grad.
record_runner.py stores both under fixtures/ so the comparison also runs without torch.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

_DUMP = '''
    def _d(t):
        return None if t is None else t.detach().double().tolist()
    out = {}
    for _name in NAMES:
        _t = locals().get(_name)
        if isinstance(_t, torch.Tensor):
            _fn = _t.grad_fn
            out[_name] = {"value": _d(_t), "requires_grad": _t.requires_grad, "is_leaf": _t.is_leaf,
                          "grad_fn": None if _fn is None else type(_fn).__name__,
                          "next_functions": [] if _fn is None else
                              [None if f is None else type(f).__name__ for f, _ in _fn.next_functions],
                          "grad": _d(_t.grad) if _t.is_leaf else None}
    return out
'''


def documents(count: int = 120, seed: int = 7) -> list:
    """Final documents of ``count`` seeded random sessions (each 1-8 steps)."""
    sys.path.insert(0, str(ROOT / "tests" / "model"))
    from test_runner_differential import KINDS, Session

    docs = []
    rng = random.Random(seed)
    for _ in range(count):
        session = Session()
        for _ in range(rng.randint(1, 8)):
            kind = rng.choice([k for k in KINDS if k not in ("press", "zero", "slide")])
            session.step(kind, rng.randint(0, 50), rng.randint(0, 50), rng.randint(0, 50))
        session.doc.unsubscribe(session._on_event)
        session.runner.close()
        docs.append(session.doc)
    return docs


def driver(scripts: list[tuple[list[str], str]]) -> str:
    """One Python program running every printed script in its own function; prints one JSON
    line per script (the dump, or the error PyTorch raised)."""
    parts = ["import json, sys", "import torch", "import torch.nn.functional as F", "RESULTS = []"]
    for k, (names, script) in enumerate(scripts):
        body = "\n".join(line for line in script.splitlines()
                         if not line.startswith(("import ", "print(")))
        parts.append(f"def doc_{k}():\n    NAMES = {names!r}\n" + textwrap.indent(body, "    ") + _DUMP)
        parts.append(f"try:\n    RESULTS.append(doc_{k}())\nexcept Exception as exc:\n"
                     f"    RESULTS.append({{'error': str(exc)}})")
    parts.append("print('@@' + json.dumps(RESULTS))")
    return "\n".join(parts) + "\n"


def torch_results(docs: list) -> list[dict]:
    """PyTorch's view of each document's printed script (needs torch installed)."""
    from explorer.model.language.printer import to_torch_script

    scripts = [([n.name for n in d.nodes.values()], to_torch_script(d)) for d in docs]
    done = subprocess.run([sys.executable, "-"], input=driver(scripts), capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    line = next(x for x in done.stdout.splitlines() if x.startswith("@@"))
    return json.loads(line[2:])
