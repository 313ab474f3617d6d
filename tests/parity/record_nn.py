"""Record torch's behaviour on the convolution-network cases (nn_cases.py) into
tests/parity/fixtures/nn.json, so test_nn_parity.py checks the engine without torch:

    python tests/parity/record_nn.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import nn_cases  # noqa: E402


def observe(lib) -> dict:
    """Every case's observations with ``lib`` (torch or the engine)."""
    return {
        "functional": {dt: [nn_cases.run_functional(lib, c, dt) for c in nn_cases.FUNCTIONAL]
                       for dt in ("float64", "float32")},
        "errors": [nn_cases.run_error(lib, c) for c in nn_cases.ERRORS],
        "modules": nn_cases.run_modules(lib),
        "training": [nn_cases.run_training(lib, m) for m in (0.1, None)],
        "load_errors": nn_cases.run_load_errors(lib),
        "sgd": [nn_cases.run_sgd(lib, c) for c in nn_cases.SGD_CONFIGS],
    }


def main() -> int:
    import torch
    found = {"torch": torch.__version__, "cases": repr((nn_cases.FUNCTIONAL, nn_cases.ERRORS,
                                                       nn_cases.SGD_CONFIGS)),
             **observe(torch)}
    (HERE / "fixtures" / "nn.json").write_text(json.dumps(found, allow_nan=True) + "\n",
                                                encoding="utf-8")
    print(f"recorded the convolution-network cases with torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
