"""Record torch's results for every case of ``api2_cases.py`` into ``fixtures/api2.json``.

    python tests/parity/record_api2.py      # needs torch 2.13

Run after adding or editing a case (the test refuses a case with no recorded result).
"""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import api2_cases as cases  # noqa: E402

FIXTURE = HERE / "fixtures" / "api2.json"


def main() -> int:
    import torch
    warnings.simplefilter("ignore")  # torch.chain_matmul / cross deprecation notes
    data = {"torch": torch.__version__,
            "cases": {name: cases.run(torch, name) for name in cases.CASES}}
    FIXTURE.write_text(json.dumps(data, indent=1, allow_nan=True) + "\n", encoding="utf-8")
    print(f"recorded {len(data['cases'])} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
