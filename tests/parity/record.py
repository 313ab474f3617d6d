"""Record PyTorch's behaviour on every generated program into tests/parity/fixtures/.

Run after changing programs.py (the parity test refuses stale fixtures):

    python tests/parity/record.py

Writes programs.json (the programs themselves), one trace file per float dtype
(float64.json, float32.json) and snippets.json (snippets.py's observations), so test_parity.py can check the engine without torch installed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import programs  # noqa: E402

FIXTURES = HERE / "fixtures"
DTYPES = ("float64", "float32")


def _dump(obj, path: Path) -> None:
    # One program per line keeps diffs of re-recorded fixtures readable and files compact.
    with path.open("w", encoding="utf-8") as f:
        f.write("[\n")
        for i, item in enumerate(obj):
            f.write(json.dumps(item, separators=(",", ":"), allow_nan=True))
            f.write(",\n" if i + 1 < len(obj) else "\n")
        f.write("]\n")


def main() -> int:
    import torch

    torch.manual_seed(0)
    progs = programs.all_programs()
    FIXTURES.mkdir(exist_ok=True)
    _dump(progs, FIXTURES / "programs.json")
    for dt in DTYPES:
        traces = [programs.run_program(p, torch, dt) for p in progs]
        _dump([{"torch": torch.__version__, "dtype": dt}] + traces, FIXTURES / f"{dt}.json")
    print(f"recorded {len(progs)} programs x {len(DTYPES)} dtypes with torch {torch.__version__}")
    import snippets
    found = snippets.run_all(torch)
    (FIXTURES / "snippets.json").write_text(json.dumps(
        {"torch": torch.__version__, "snippets": found}, indent=1, allow_nan=True) + "\n",
        encoding="utf-8")
    print(f"recorded {len(found)} snippets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
