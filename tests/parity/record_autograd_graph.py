"""Record torch's answers to ``autograd_graph_cases`` into ``fixtures/autograd_graph.json``.

Run with torch installed: ``PYTHONPATH=. python tests/parity/record_autograd_graph.py``.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch

from tests.parity.autograd_graph_cases import CASES

OUT = Path(__file__).parent / "fixtures" / "autograd_graph.json"

if __name__ == "__main__":
    OUT.write_text(json.dumps({n: f(torch) for n, f in CASES.items()}, indent=1) + "\n")
    print(f"wrote {OUT}")
