"""A bounded fuzz of the script and lecture readers under a memory cap.

Hypothesis writes scripts in the expression language and lecture files, with size-amplifying
mutations (huge ranges, huge and long integers, NaN/Inf bounds, dimensions of 2**62 beside a
0, deep nesting, giant list repeats, broadcasts that would make 400 M elements). Every input
must either work or fail with a *typed* error (ScriptError / LectureError) whose message is one
line without Python internals; nothing may exceed the memory cap (``RLIMIT_AS``, set in the
child process that runs the fuzz) or escape as another exception.

Not covered here: documents and images whose graphs compute huge tensors (e.g. (20000,1) +
(1,20000) in a .json): that class is the engine's tensor budget's, tested with it. Lectures
here load graphs by script or bundled example only, for the same reason.

The child runs for FUZZ_SECONDS (default 30) and prints a JSON summary (cases tried, failures,
peak memory), which the test prints too.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Address-space cap for the child (numpy, the engine and the model import in ~1 GB of it).
MEMORY_CAP = 2 * 1024 ** 3

BAD_WORDS = re.compile(r"Traceback|set_int_max_str_digits|failed: [A-Z]\w*(Error|Exception)|"
                       r"array is too big|Maximum allowed size|internal error")


# ------------------------------------------------------------------------------ the child
def _strategies():
    from hypothesis import strategies as st

    small = st.integers(-3, 6).map(str)
    huge_ints = st.sampled_from(["2**62", "2**63", "2**64", "-2**63", "10**18", "10**300", "10**400",
                                 "9" * 400, "9" * 5000, "0x" + "f" * 4400, "1" + "0" * 4299,
                                 "2**1000", "2**10000"])
    floats = st.sampled_from(["1e308", "-1e308", "1e-300", "0.5", "1e400", 'float("inf")',
                              'float("-inf")', 'float("nan")', "1e308 * 10", "2.5"])
    number = st.one_of(small, huge_ints, floats)
    dims = st.lists(st.one_of(small, huge_ints, st.just("0"), st.just("20000"), st.just("1")), min_size=1, max_size=4)

    @st.composite
    def constructor(draw):
        kind = draw(st.sampled_from(["arange", "ones", "zeros", "rand", "randn", "full", "eye",
                                     "linspace", "tensor", "tensor_repeat", "tensor_nested"]))
        if kind == "arange":
            args = draw(st.lists(number, min_size=1, max_size=3))
            return f"arange({', '.join(args)})"
        if kind in ("ones", "zeros", "rand", "randn"):
            return f"{kind}({', '.join(draw(dims))})"
        if kind == "full":
            return f"full(({', '.join(draw(dims))},), {draw(number)})"
        if kind == "eye":
            return f"eye({', '.join(draw(st.lists(st.one_of(small, huge_ints), min_size=1, max_size=2)))})"
        if kind == "linspace":
            return f"linspace({draw(number)}, {draw(number)}, {draw(st.one_of(small, huge_ints))})"
        if kind == "tensor_repeat":
            return f"tensor([1.] * {draw(st.one_of(small, huge_ints))})"
        if kind == "tensor_nested":
            depth = draw(st.integers(1, 400))
            return "tensor(" + "[" * depth + draw(number) + "]" * depth + ")"
        return f"tensor([{', '.join(draw(st.lists(number, min_size=1, max_size=4)))}])"

    @st.composite
    def expression(draw, names):
        base = draw(st.sampled_from(names)) if names and draw(st.booleans()) else draw(constructor())
        for _ in range(draw(st.integers(0, 3))):
            op = draw(st.sampled_from(["+", "*", "@", "**", "sum", "reshape", "view", "unsqueeze",
                                       "transpose", "exp", "nest", "broadcast", "softmax"]))
            if op in ("+", "*", "@"):
                other = draw(st.sampled_from(names)) if names and draw(st.booleans()) else draw(constructor())
                base = f"({base} {op} {other})"
            elif op == "**":
                base = f"({base} ** {draw(number)})"
            elif op == "sum":
                base = f"{base}.sum()" if draw(st.booleans()) else f"{base}.sum(dim={draw(st.one_of(small, huge_ints))})"
            elif op in ("reshape", "view"):
                base = f"{base}.{op}({', '.join(draw(dims))})"
            elif op == "unsqueeze":
                base = f"{base}.unsqueeze({draw(st.one_of(small, huge_ints))})"
            elif op == "transpose":
                base = f"{base}.transpose({draw(st.one_of(small, huge_ints))}, 0)"
            elif op == "softmax":
                base = f"softmax({base}, dim={draw(st.one_of(small, huge_ints))})"
            elif op == "exp":
                base = f"exp({base})"
            elif op == "nest":
                depth = draw(st.integers(1, 300))
                base = "exp(" * depth + base + ")" * depth
            else:
                base = f"(ones(20000, 1) + ones(1, 20000) + {base})"
        return base

    @st.composite
    def script(draw):
        lines, names = [], []
        if draw(st.booleans()):
            lines.append("import torch")
            lines.append(f"torch.manual_seed({draw(st.one_of(small, huge_ints, floats))})")
        for i in range(draw(st.integers(1, 4))):
            name = f"v{i}"
            rg = ", requires_grad=True" if draw(st.booleans()) else ""
            expr = draw(expression(names))
            if rg and expr.startswith(("rand(", "ones(", "zeros(", "tensor(")) and expr.endswith(")"):
                expr = expr[:-1] + rg + ")"
            lines.append(f"{name} = {expr}")
            names.append(name)
        if draw(st.booleans()):
            lines.append(f"Q = {names[-1]}.sum()")
            lines.append("Q.backward()")
        return "\n".join(lines) + "\n"

    @st.composite
    def lecture(draw):
        first = (draw(st.sampled_from([{"do": "load_example", "name": "seed"}]))
                 if draw(st.booleans()) else {"do": "load_script", "source": draw(script())})
        actions = [first]
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["set_value", "set_gradient", "step", "forward", "backward"]))
            if kind == "set_value":
                actions.append({"do": "set_value", "node": draw(st.sampled_from(["a", "b", "v0"])),
                                "value": "@NUM@"})
            elif kind == "set_gradient":
                actions.append({"do": "set_gradient", "value": ["@NUM@", "@NUM@"]})
            elif kind == "step":
                actions.append({"do": "step", "phase": draw(st.sampled_from(["forward", "backward"])),
                                "index": "@NUM@"})
            else:
                actions.append({"do": kind})
        text = json.dumps({"format": "autograd-explorer-lecture", "version": 1, "title": "fuzz",
                           "slides": [{"title": "one", "actions": actions}]})
        json_numbers = st.sampled_from(["1", "-1", "0", "2.5", "1e400", "1" + "0" * 400, "9" * 5000,
                                        "[" * 40 + "1" + "]" * 40, "[1, 2]", "[[1, 2], [3]]", "1e-400",
                                        "2" * 300, "[" + ", ".join(["1"] * 2000) + "]"])
        while '"@NUM@"' in text:
            text = text.replace('"@NUM@"', draw(json_numbers), 1)
        if draw(st.booleans()):
            text = text.replace('"version": 1', '"version": ' + draw(st.sampled_from(["1", "9" * 5000, "1e400"])))
        return text

    return script(), lecture()


def _check_message(kind: str, source: str, exc: BaseException, failures: list) -> None:
    message = str(exc)
    if "\n" in message or BAD_WORDS.search(message) or len(message) > 600:
        failures.append({"kind": kind, "source": source[:4000], "error": f"{type(exc).__name__}: {message[:300]}"})


def child(seconds: float) -> dict:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    import warnings

    from hypothesis import HealthCheck, given, seed, settings

    from explorer.model.language import ScriptError, parse_script
    from explorer.model.lecture import LectureError, LecturePlayer, loads

    scripts, lectures = _strategies()
    failures: list[dict] = []
    counts = {"scripts": 0, "lectures": 0, "script_errors": 0, "lecture_errors": 0}

    def leaked(kind: str, source: str, caught: list) -> None:
        # a numpy warning would reach the user's stderr: it counts as a failure
        for w in caught:
            failures.append({"kind": kind, "source": source[:4000],
                             "error": f"{w.category.__name__} at {os.path.basename(w.filename)}:{w.lineno}: {w.message}"})

    def try_script(source: str) -> None:
        counts["scripts"] += 1
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                parse_script(source)
            leaked("script", source, caught)
        except ScriptError as exc:
            counts["script_errors"] += 1
            _check_message("script", source, exc, failures)
        except Exception as exc:  # noqa: BLE001 - an untyped escape is what we look for
            failures.append({"kind": "script", "source": source[:4000], "error": f"{type(exc).__name__}: {str(exc)[:300]}"})

    def try_lecture(text: str) -> None:
        counts["lectures"] += 1
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                player = LecturePlayer(loads(text))
                player.start()
                while player.next():
                    pass
            leaked("lecture", text, caught)
        except LectureError as exc:
            counts["lecture_errors"] += 1
            _check_message("lecture", text, exc, failures)
        except Exception as exc:  # noqa: BLE001
            failures.append({"kind": "lecture", "source": text[:4000], "error": f"{type(exc).__name__}: {str(exc)[:300]}"})

    common = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck), max_examples=60)
    started = time.monotonic()
    chunk = 0
    # Chunks of 60 examples with seeds 0, 1, 2, ...: the same inputs on every machine (a CI
    # failure can be replayed), as many chunks as the time allows.
    while time.monotonic() - started < seconds and len(failures) < 20:
        seed(chunk)(settings(**common)(given(scripts)(try_script)))()
        seed(chunk)(settings(**common)(given(lectures)(try_lecture)))()
        chunk += 1
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {**counts, "seconds": round(time.monotonic() - started, 1), "peak_rss_mb": round(peak_kb / 1024),
            "memory_cap_mb": MEMORY_CAP // 1024 ** 2, "failures": failures[:20]}


# ------------------------------------------------------------------------------ the test
@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
def test_fuzzed_scripts_and_lectures_fail_only_with_typed_one_line_errors_under_a_memory_cap():
    seconds = float(os.environ.get("FUZZ_SECONDS", "30"))
    env = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, __file__, "--child", str(seconds)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=seconds * 10 + 120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    print("fuzz summary:", json.dumps({k: v for k, v in summary.items() if k != "failures"}))
    assert summary["scripts"] > 50 and summary["lectures"] > 50, summary
    assert not summary["failures"], json.dumps(summary["failures"], indent=1)[:6000]
    assert proc.stderr.strip() == "", proc.stderr[-2000:]  # no warning leaked to stderr


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--child":
    print(json.dumps(child(float(sys.argv[2]))))
