"""Record torch 2.13's results for ``api_h1_cases.CASES`` into ``fixtures/api_h1.json``
(``python tests/parity/record_api_h1.py``; needs torch)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from api_h1_cases import CASES, outcome  # noqa: E402

FIXTURE = HERE / "fixtures" / "api_h1.json"


def main() -> int:
    import torch
    data = {"torch": torch.__version__,
            "cases": {name: outcome(case, torch) for name, case in sorted(CASES.items())}}
    FIXTURE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"recorded {len(data['cases'])} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
