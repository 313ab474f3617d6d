"""Record torch's answers to ``margin_loss_cases`` into ``fixtures/margin_losses.json``.

Run with torch installed: ``PYTHONPATH=. python tests/parity/record_margin_losses.py``.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch

from tests.parity.margin_loss_cases import cases

OUT = Path(__file__).parent / "fixtures" / "margin_losses.json"

if __name__ == "__main__":
    OUT.write_text(json.dumps(cases(torch), indent=1) + "\n")
    print(f"wrote {OUT}")
