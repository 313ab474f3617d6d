"""Record torch 2.13's side of ``autograd_core_cases.py`` into
``fixtures/autograd_core.json`` (run with torch installed; the tests then run without it):

    python tests/parity/record_autograd_core.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

FIXTURE = HERE / "fixtures" / "autograd_core.json"


def main() -> int:
    import torch
    import autograd_core_cases as cases
    data = {"torch": torch.__version__, **cases.observe_all(torch)}
    FIXTURE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"recorded {FIXTURE.name}: {sum(len(v) for v in data.values() if isinstance(v, dict))} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
