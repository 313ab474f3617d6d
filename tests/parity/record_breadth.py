"""Record torch's behaviour on the API-breadth cases (breadth_cases.py) into
tests/parity/fixtures/breadth.json, so test_breadth_parity.py checks the engine without torch:

    python tests/parity/record_breadth.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import breadth_cases  # noqa: E402

DTYPES = ("float32", "float64")


def observe(lib, names=None) -> dict:
    """Every case's observations with ``lib`` (torch or the engine), per dtype."""
    return {n: {dt: breadth_cases.CASES[n](lib, dt) for dt in DTYPES}
            for n in (names or breadth_cases.CASES)}


def main() -> int:
    import torch
    torch.set_printoptions(precision=4)
    found = {"torch": torch.__version__, "cases": observe(torch)}
    (HERE / "fixtures" / "breadth.json").write_text(json.dumps(found, allow_nan=True) + "\n",
                                                     encoding="utf-8")
    print(f"recorded {len(found['cases'])} API-breadth cases with torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
