"""explorer.model.numbers is the app's one number formatter; the runner's chain-rule text
re-exports it at the merge, so its functions keep the runner's signatures."""
from __future__ import annotations

import inspect

import numpy as np
import pytest

from explorer.model import numbers


def _params(f) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in inspect.signature(f).parameters.values()]


def test_same_signatures_as_the_runners_formatters():
    from explorer.model import runner

    fmt_number = getattr(runner, "_fmt_number", None) or runner.formatting._fmt_number
    assert _params(numbers.format_array) == _params(runner.format_array)
    assert _params(numbers.format_number) == _params(fmt_number)


def test_precision_follows_torchs_print_option():
    torch = pytest.importorskip("torch")
    cases = [np.array([1.23456789, 2.5]), np.array([0.000123456, 1.0]), np.array(1.23456789)]
    try:
        for precision in (2, 6):
            torch.set_printoptions(precision=precision)
            for a in cases:
                body = repr(torch.from_numpy(a))[len("tensor("):].split(", dtype=")[0]
                assert numbers.format_array(a, precision=precision) == " ".join(body.split()).replace("[ ", "[")
                if a.ndim == 0:
                    assert numbers.format_number(float(a), precision=precision) == body
    finally:
        torch.set_printoptions(profile="default")


def test_long_tensors_keep_the_runners_summary():
    long = np.arange(1, 6, dtype=np.float32)
    assert numbers.format_array(long, max_items=5) == "[1., 2., 3., 4., 5.]"
    assert numbers.format_array(long, max_items=4) == "[1., 2., 3., …, 4., 5.] (5)"


def test_number_format_reads_elements_as_the_whole_tensor_does():
    a = np.array([0.0005, 2.0], dtype=np.float32)
    fmt = numbers.number_format(a)
    assert [fmt(v) for v in a] == numbers.format_array(a)[1:-1].split(", ")
