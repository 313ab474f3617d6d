"""Parity with PyTorch: the engine replays every generated program and must match torch.

The recorded half compares against fixtures written by record.py (torch 2.13), so it runs
without torch; one test per (dtype, program) whose message names, per aspect, what a learner
would see differ: values, grads, flags, grad_fn/next_functions graph, error texts, warnings, the
order backward visits nodes (grad_fn hooks), tensor hooks, printed repr.  The live half runs
the same programs under torch and the engine side by side when torch is installed.

``python tests/parity/test_parity.py`` prints a per-aspect summary of the mismatches.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parents[1]) not in sys.path:  # the repo root, for `import engine` when run as a script
    sys.path.insert(1, str(HERE.parents[1]))

import programs  # noqa: E402

FIXTURES = HERE / "fixtures"
DTYPES = ("float64", "float32")


@functools.lru_cache(maxsize=None)
def _programs() -> list[dict]:
    return json.loads((FIXTURES / "programs.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _recorded(dtype: str) -> list[dict]:
    data = json.loads((FIXTURES / f"{dtype}.json").read_text(encoding="utf-8"))
    return data[1:]  # data[0] is the header {"torch": version, "dtype": dtype}


@functools.lru_cache(maxsize=None)
def _engine_trace(index: int, dtype: str) -> dict:
    import engine
    return programs.run_program(_programs()[index], engine, dtype)


@functools.lru_cache(maxsize=None)
def _engine_diff(index: int, dtype: str) -> dict[str, list[str]]:
    return programs.parity_diff(_engine_trace(index, dtype), _recorded(dtype)[index], dtype,
                                _recorded("float64")[index])


def _names() -> list[str]:
    return [p["name"] for p in _programs()]


# ---------------------------------------------------------------------------------------------
# the fixtures themselves
# ---------------------------------------------------------------------------------------------

def test_fixtures_are_current():
    """Re-run record.py after editing programs.py; stale fixtures would test old programs."""
    fresh = json.loads(json.dumps(programs.all_programs()))
    assert fresh == _programs(), "tests/parity/fixtures are stale: run python tests/parity/record.py"
    for dt in DTYPES:
        assert [t["name"] for t in _recorded(dt)] == _names()


def test_program_mix():
    progs = _programs()
    assert len(progs) >= 300
    assert progs[0]["name"] == "seed"
    kinds, fns, external = set(), set(), 0

    def walk(steps):
        nonlocal external
        for st in steps:
            kinds.add(st["k"])
            fns.add(st.get("fn"))
            external += st["k"] == "backward" and st["grad"] is not None
            walk(st.get("body", []))
    for p in progs:
        walk(p["steps"])
    assert {"leaf", "call", "block", "detach", "retain_grad", "agrad", "thook", "index", "T",
            "backward", "inplace", "set_rg", "requires_grad_"} <= kinds
    assert set(programs._UNARY) | {"+", "-", "*", "/", "**", "@", "sum", "mean", "max", "min",
                                   "reshape", "view", "transpose", "unsqueeze", "squeeze", "mm",
                                   "dot", "matmul", "clamp", "where", "softmax", "log_softmax",
                                   "linear", "mse_loss", "cross_entropy"} <= fns
    assert external >= 50
    # torch raised in the error programs and not in most random ones
    rec = _recorded("float64")
    raised = {t["name"] for t in rec if any("err" in e for e in t["events"])}
    assert {p["name"] for p in progs if p["name"].startswith("err_")} <= raised
    assert sum(p["name"].startswith("random") for p in progs if p["name"] not in raised) > 150


def test_seed_recorded_as_in_the_tutorial():
    """`print(9*a**2 == a.grad)` prints tensor([True, True]); likewise -2*b == b.grad."""
    seed = _recorded("float32")[0]
    by_at = {e["at"]: e for e in seed["events"]}
    checks = [e for e in seed["events"] if e.get("t") and e["t"]["dtype"] == "bool"]
    assert [c["t"]["repr"] for c in checks] == ["tensor([True, True])"] * 2
    assert by_at["5"]["t"]["repr"] == "tensor([-12.,  65.], grad_fn=<SubBackward0>)"


def test_comparison_catches_differences():
    """Negative controls: the comparison must notice a wrong grad, message, order or flag."""
    want = _recorded("float64")[0]
    assert not any(programs.compare_traces(want, want, "float64").values())
    bad = json.loads(json.dumps(want))
    bk = next(e for e in bad["events"] if e["k"] == "backward")
    bk["grads"]["a"]["grad"][0] *= 1 + 1e-6
    bk["order"] = bk["order"][::-1]
    bad["events"][0]["t"]["leaf"] = False
    diff = programs.compare_traces(bad, want, "float64")
    assert diff["grads"] and diff["order"] and diff["flags"]
    assert not diff["values"] and not diff["errors"]
    # float32 tolerance still catches a 1% error
    want32 = _recorded("float32")[0]
    bad32 = json.loads(json.dumps(want32))
    next(e for e in bad32["events"] if e["k"] == "backward")["grads"]["b"]["grad"][1] *= 1.01
    assert programs.compare_traces(bad32, want32, "float32")["grads"]
    # error texts: same sentence, shapes printed either way, but not another sentence
    err = next(t for t in _recorded("float64") if t["name"] == "err_grad_shape")
    e2 = json.loads(json.dumps(err))
    ev = next(e for e in e2["events"] if "err" in e)
    assert "torch.Size([3])" in ev["err"][1]
    ev["err"][1] = ev["err"][1].replace("torch.Size([3])", "(3,)").replace("torch.Size([2])", "(2,)")
    assert not programs.compare_traces(e2, err, "float64")["errors"]
    ev["err"][1] = ev["err"][1].replace("(3,)", "(2,)")
    assert programs.compare_traces(e2, err, "float64")["errors"]


def test_float32_numeric_skip_only_when_torch_itself_disagrees():
    """The float32 exemption must not hide a real error: a wrong grad in a well-conditioned
    program still fails, and only programs where torch float32 != torch float64 are exempt."""
    want32, want64 = _recorded("float32")[0], _recorded("float64")[0]
    assert not programs.float32_ill_conditioned(want32, want64)
    bad = json.loads(json.dumps(want32))
    next(e for e in bad["events"] if e["k"] == "backward")["grads"]["a"]["grad"][0] *= 1.01
    assert programs.parity_diff(bad, want32, "float32", want64)["grads"]
    exempt = [t["name"] for t, u in zip(_recorded("float32"), _recorded("float64"))
              if programs.float32_ill_conditioned(t, u)]
    assert len(exempt) <= 5, exempt  # overflow/ill-conditioned random programs only


def test_normalize_message():
    n = programs.normalize_message
    assert n("a torch.Size([3, 2]) b") == n("a (3, 2) b") == n("a [3,2] b")
    assert n("torch.Size([3])") == n("(3,)")
    assert n("torch.Size([])") == n("()")
    assert n("shape (3,)") != n("shape (2,)")


# ---------------------------------------------------------------------------------------------
# engine vs recorded torch
# ---------------------------------------------------------------------------------------------

def _cases():
    for dt in DTYPES:
        for i, name in enumerate(_names()):
            yield pytest.param(i, dt, id=f"{dt}-{name}")


@pytest.mark.parametrize("index,dtype", list(_cases()))
def test_engine_matches_recorded_torch(index, dtype):
    """Every aspect (values, grads, flags, graph, errors, warnings, order, hooks, repr) at once;
    the message groups the differences by aspect."""
    diff = {a: m for a, m in _engine_diff(index, dtype).items() if m}
    assert not diff, "\n".join(f"[{a}] " + "\n[{a}] ".join(m[:4]) for a, m in diff.items())


# ---------------------------------------------------------------------------------------------
# engine vs live torch
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_engine_matches_live_torch(dtype):
    torch = pytest.importorskip("torch")
    import engine
    failures = []
    # All hand-written programs and every 4th random one keep this under ~10 s; the recorded
    # test above covers all of them.
    for p in [p for i, p in enumerate(programs.all_programs())
              if not p["name"].startswith("random_") or i % 4 == 0]:
        want = programs.run_program(p, torch, dtype)
        got = programs.run_program(p, engine, dtype)
        diff = programs.parity_diff(got, want, dtype, lambda p=p: programs.run_program(p, torch, "float64"))
        diff = {k: v for k, v in diff.items() if v}
        if diff:
            first = next(iter(diff.values()))[0]
            failures.append(f"{p['name']}: {sorted(diff)} e.g. {first}")
    assert not failures, f"{len(failures)} programs differ from torch:\n" + "\n".join(failures[:30])


def summary() -> str:
    """Mismatch counts per aspect and the programs affected (for parity_findings.md)."""
    lines = []
    for dt in DTYPES:
        per_aspect: dict[str, list[str]] = {a: [] for a in programs.ASPECTS}
        failing = set()
        for i, name in enumerate(_names()):
            for aspect, msgs in _engine_diff(i, dt).items():
                if msgs:
                    per_aspect[aspect].append(f"{name}: {msgs[0]}")
                    failing.add(name)
        lines.append(f"== {dt}: {len(_names()) - len(failing)}/{len(_names())} programs match fully")
        for aspect, items in per_aspect.items():
            lines.append(f"-- {aspect}: {len(items)} programs differ")
            lines.extend("   " + s[:400] for s in items[:12])
    return "\n".join(lines)



@pytest.mark.parametrize("dtype", DTYPES)
def test_engine_matches_live_torch_deep_programs(dtype):
    """120 longer random programs (12-30 ops, 2-5 leaves) compared live, never recorded
    (every 3rd in float32)."""
    torch = pytest.importorskip("torch")
    import engine
    failures = []
    progs = programs.deep_programs()
    for p in (progs if dtype == "float64" else progs[::3]):
        want = programs.run_program(p, torch, dtype)
        got = programs.run_program(p, engine, dtype)
        diff = programs.parity_diff(got, want, dtype, lambda p=p: programs.run_program(p, torch, "float64"))
        diff = {k: v for k, v in diff.items() if v}
        if diff:
            first = next(iter(diff.values()))[0]
            failures.append(f"{p['name']}: {sorted(diff)} e.g. {first}")
    assert not failures, f"{len(failures)} programs differ from torch:\n" + "\n".join(failures[:30])


if __name__ == "__main__":
    print(summary())
