"""Record torch's results for every real snippet into fixtures/programs_real.json.

    python tests/parity/record_real.py [NAME ...]

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

    only = set(sys.argv[1:])  # names to (re-)record; the others keep their fixture
    data = {"torch": torch.__version__, "programs": {}}
    if only and rp.FIXTURE.exists():
        data["programs"] = json.loads(rp.FIXTURE.read_text(encoding="utf-8"))["programs"]
    data["programs"] = {k: v for k, v in data["programs"].items() if k in rp.program_names()}
    names = [n for n in rp.program_names() if not only or n in only]
    recorded = rp.run_torch_all(names)
    for name in names:
        rec = recorded[name]
        rec["output"] = rp._ADDR.sub(" at 0x?", rec["output"])  # stable fixtures across runs
        rec["sha1"] = hashlib.sha1(rp.source(name).encode()).hexdigest()
        data["programs"][name] = rec
        print(name, "error" if rec["error"] else "ok")
    data["programs"] = dict(sorted(data["programs"].items()))
    rp.FIXTURE.write_text(json.dumps(data, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
