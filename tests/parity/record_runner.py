"""Record PyTorch's results for the runner's parity documents into fixtures/runner.json.

    python tests/parity/record_runner.py

Each entry is a document (the file format's JSON) from a seeded random editing session and what
PyTorch computes when its printed script runs: per named tensor the value, requires_grad,
is_leaf, grad_fn, next_functions and .grad (test_runner_torch.py compares the runner to it).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

import runner_docs  # noqa: E402

FIXTURE = HERE / "fixtures" / "runner.json"


def main() -> int:
    import torch

    from explorer.model.fileformat import dumps

    docs = runner_docs.documents()
    results = runner_docs.torch_results(docs)
    entries = [{"document": json.loads(dumps(d)), "torch": r} for d, r in zip(docs, results)]
    with FIXTURE.open("w", encoding="utf-8") as f:
        f.write('{"torch": %s, "entries": [\n' % json.dumps(torch.__version__))
        for i, e in enumerate(entries):
            f.write(json.dumps(e, separators=(",", ":")) + (",\n" if i + 1 < len(entries) else "\n"))
        f.write("]}\n")
    ran = sum("error" not in r for r in results)
    print(f"recorded {len(entries)} documents ({ran} ran in torch) with torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
