"""How a held-out set of real snippets fares today, both ways issues #13 and #14 are judged.

    python tests/parity/heldout_report.py --prefix wild_      # the table and both percentages
    python tests/parity/heldout_report.py --prefix wild_ --json
    python tests/parity/heldout_report.py --prefix wild2_     # the second held-out set
    python tests/parity/heldout_report.py --prefix wild3_     # the third held-out set

For every ``programs_real/<prefix>*.py`` it compares, against torch 2.13's recorded run
(``fixtures/programs_real.json``, from ``record_real.py``):

* the **program runner** (what ``main.py run X.py --json`` runs; the same harness as
  ``test_programs_real.py``): *match*, *refused* (the runner's policy stopped it: one line),
  *error* (it stopped on an error torch did not raise, e.g. missing API), or *mismatch*
  (it showed something torch did not, before any stop);
* the **engine as plain Python** (``import torch`` answered by ``engine``, as
  ``test_fresh_engine.py`` runs it): *match*, *error* (an uncaught error torch did not raise,
  everything printed before it agreeing with torch), or *mismatch*.

A stop counts as a stop only when what was printed before it agrees with torch's output so far;
otherwise the row is a mismatch. Percentages are matches over all snippets; for the runner a
second figure also counts the refusals #13 accepts (one line about something outside autograd:
GPUs, datasets, plotting — ``accepted_refusal``). This is a plain
measuring script for the lead (rerun it after merging); the tests hold the strict xfails.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

import heldout_run as ho  # noqa: E402
import real_programs as rp  # noqa: E402

_KIND = re.compile(r"^wild[23]?_\d+_(blitz|quickstart|docs|double|nlp|d2l|so|forum|qa|blog|fastbook|"
                   r"csc321)")
_KINDS = {"blitz": "docs", "quickstart": "docs", "docs": "docs", "double": "docs", "nlp": "docs",
          "d2l": "d2l", "so": "Q&A", "forum": "Q&A", "qa": "Q&A", "blog": "blog",
          "fastbook": "blog", "csc321": "blog"}


def source_kind(name: str) -> str:
    """docs / d2l / Q&A / blog, from the snippet's name (``wild_NN_<kind>_...``,
    ``wild2_NN_<kind>_...``, ``wild3_NN_<kind>_...``)."""
    m = _KIND.match(name)
    return _KINDS[m.group(1)] if m else "?"


def _expected_text(rec: dict) -> str:
    err = rec["error"]
    return rec["output"] + (f"UNCAUGHT {err['type']} {err['message']}\n" if err else "")


def _prefix_agrees(mine: str, theirs: str) -> bool:
    """Everything ``mine`` printed is how torch's output began (up to float rounding)."""
    lines = mine.splitlines()
    return rp._output_diff("\n".join(lines), "\n".join(theirs.splitlines()[:len(lines)])) is None


def runner_result(name: str, rec: dict) -> tuple[str, str]:
    """(verdict, detail) for the program runner."""
    from explorer.model.program import result_report, run_program

    r = run_program(rp.source(name), trace=True)
    rep = result_report(r)
    err = None
    if r.error is not None:
        err = {"type": r.error_type or r.error_kind, "message": r.error_message,
               "line": r.error_line}
    problems = rp.diff({"output": rep["output"], "nodes": rep["nodes"], "error": err}, rec)
    if not problems:
        return "match", ""
    torch_err = rec["error"]
    stopped_differently = err is not None and (
        torch_err is None or (err["type"], err["message"]) != (torch_err["type"],
                                                               torch_err["message"]))
    if stopped_differently and _prefix_agrees(rep["output"], rec["output"]):
        verdict = "refused" if r.error_kind in ("refused", "budget") else "error"
        return verdict, f"line {r.error_line}: {r.error_type or r.error_kind}: {r.error_message}"
    return "mismatch", problems[0]


def engine_result(name: str, rec: dict) -> tuple[str, str]:
    """(verdict, detail) for plain Python over ``engine``."""
    got = ho.run("engine", name, rp.PROGRAMS)
    want = _expected_text(rec)
    problem = rp._output_diff(got, want)
    if problem is None:
        return "match", ""
    lines = got.splitlines()
    stop = next((i for i, ln in enumerate(lines)
                 if ln.startswith("UNCAUGHT ") or ln.startswith("EXIT ")), None)
    if stop is not None and _prefix_agrees("\n".join(lines[:stop]), rec["output"]):
        return "error", lines[stop].removeprefix("UNCAUGHT ")
    return "mismatch", problem


# what a refusal line must name to count as "outside autograd" for issue #13
_OUTSIDE_AUTOGRAD = re.compile(r"\b(cuda|gpu|mps|device|torchvision|dataset|dataloader|matplotlib|"
                               r"plot)", re.IGNORECASE)


def accepted_refusal(row: dict) -> bool:
    """The runner refused in one line about GPUs, datasets or plotting (#13 counts it)."""
    return (row["runner"] == "refused" and "\n" not in row["runner_detail"]
            and _OUTSIDE_AUTOGRAD.search(row["runner_detail"]) is not None)


def measure(prefix: str) -> list[dict]:
    fixtures = json.loads(rp.FIXTURE.read_text(encoding="utf-8"))["programs"]
    rows = []
    for name in rp.program_names():
        if not name.startswith(prefix):
            continue
        rec = fixtures[name]
        rv, rd = runner_result(name, rec)
        ev, ed = engine_result(name, rec)
        rows.append({"name": name, "kind": source_kind(name), "runner": rv, "runner_detail": rd,
                     "engine": ev, "engine_detail": ed})
    return rows


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prefix", default="wild_", help="snippet name prefix (default wild_)")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = ap.parse_args()
    rows = measure(args.prefix)
    if not rows:
        print(f"no snippets named {args.prefix}*")
        return 2
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    for r in rows:
        runner = r["runner"] + ("+" if accepted_refusal(r) else "")
        print(f"{r['name']:<42} {r['kind']:<5} runner {runner:<8} engine {r['engine']}")
        if r["runner_detail"]:
            print(f"    runner: {_short(r['runner_detail'])}")
        if r["engine_detail"]:
            print(f"    engine: {_short(r['engine_detail'])}")
    n = len(rows)
    for side, goal in (("runner", "#13: >= 90 %, no mismatch"), ("engine", "#14: >= 95 %, 0 mismatches")):
        counts = {}
        for r in rows:
            counts[r[side]] = counts.get(r[side], 0) + 1
        match = counts.get("match", 0)
        tally = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"{side}: {match}/{n} match ({100 * match / n:.0f} %) — {tally}   [{goal}]")
    ok = sum(1 for r in rows if r["runner"] == "match" or accepted_refusal(r))
    print(f"runner for #13 (match + one-line GPU/data/plot refusals, marked +): {ok}/{n} "
          f"({100 * ok / n:.0f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
