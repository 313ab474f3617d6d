"""Record torch's answers to ``lazy_init_cases`` into ``fixtures/lazy_init.json``.

Run with torch installed: ``PYTHONPATH=. python tests/parity/record_lazy_init.py``.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch

from tests.parity.lazy_init_cases import CASES

OUT = Path(__file__).parent / "fixtures" / "lazy_init.json"

if __name__ == "__main__":
    OUT.write_text(json.dumps({n: f(torch) for n, f in CASES.items()}, indent=1) + "\n")
    print(f"wrote {OUT}")
