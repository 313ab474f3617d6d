"""Record torch's results for every real snippet into fixtures/programs_real.json.

    python tests/parity/record_real.py

Run after adding or editing a file in programs_real/ (the test refuses stale fixtures).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import real_programs as rp  # noqa: E402


def main() -> int:
    import torch

    data = {"torch": torch.__version__, "programs": {}}
    for name in rp.program_names():
        rec = rp.run_torch(name)
        rec["sha1"] = hashlib.sha1(rp.source(name).encode()).hexdigest()
        data["programs"][name] = rec
        print(name, "error" if rec["error"] else "ok")
    rp.FIXTURE.write_text(json.dumps(data, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
