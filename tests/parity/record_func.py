"""Record torch's answers to ``func_cases`` into ``fixtures/func.json``.

Run with torch installed: ``PYTHONPATH=. python tests/parity/record_func.py``.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch

from tests.parity.func_cases import run

OUT = Path(__file__).parent / "fixtures" / "func.json"

if __name__ == "__main__":
    OUT.write_text(json.dumps(run(torch), indent=1) + "\n")
    print(f"wrote {OUT}")
