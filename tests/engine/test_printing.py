"""The app's number texts are PyTorch's: every element that ``engine.printing`` formats reads
exactly as ``print(tensor)`` shows it in torch 2.13.

Recorded half: 800 random tensors from tests/parity/record_printing.py (float32/float64/int64/
bool, every printing mode and its borders, non-finite values, tensors over the 1000-element
threshold) with torch's repr, so it runs without torch. Live half (torch installed):
hypothesis draws more tensors and torch prints them on the spot.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import engine
from engine.printing import NumberFormat, format_compact, format_number

FIXTURE = Path(__file__).resolve().parents[1] / "parity" / "fixtures" / "printing.json"
_TORCH_BODY = re.compile(r"^tensor\((.*?)(,\s*(dtype|size)=[^)]*)?\)$", re.DOTALL)


def torch_tokens(text: str) -> list[str]:
    """The element texts of a torch repr, in print order (``...`` dropped)."""
    m = _TORCH_BODY.match(text)
    assert m, text
    return [t for t in re.split(r"[\[\],\s]+", m.group(1)) if t and t != "..."]


def compact_tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\[\],\s]+", text) if t]


def printed_indices(shape: tuple[int, ...]) -> np.ndarray:
    """Flat indices of the elements torch prints, in print order: all of them up to 1000
    elements, else the first and last 3 along every dimension (written independently of the
    engine's summarising code)."""
    size = int(np.prod(shape, dtype=np.int64))
    idx = np.arange(size).reshape(shape)
    if size <= 1000:
        return idx.reshape(-1)
    keep = [np.r_[0:3, n - 3:n] if n > 6 else np.arange(n) for n in shape]
    return idx[np.ix_(*keep)].reshape(-1)


def mismatches(a: np.ndarray, torch_repr: str) -> list[str]:
    """What reads differently from torch, element by element and in the compact form."""
    expected = torch_tokens(torch_repr)
    flat = a.reshape(-1)
    fmt = NumberFormat(a)
    ours = [fmt(flat[i]) for i in printed_indices(a.shape)]
    bad = []
    if ours != expected:
        diff = [(e, o) for e, o in zip(expected, ours) if e != o][:3]
        bad.append(f"elements {a.dtype}{list(a.shape)}: torch {diff[0][0] if diff else expected!r} "
                   f"vs ours {diff[0][1] if diff else ours!r}")
    if a.size <= 1000 and a.size:
        full = compact_tokens(format_compact(a, max_items=a.size))
        if full != expected:
            bad.append(f"compact {a.dtype}{list(a.shape)}: {format_compact(a, max_items=a.size)!r} vs {torch_repr!r}")
        if a.size > 12:   # the summary of a long tensor shows torch's first 3 and last 2 texts
            short = compact_tokens(format_compact(a).rsplit(" ", 1)[0])
            if short != expected[:3] + ["…"] + expected[-2:]:
                bad.append(f"summary {format_compact(a)!r} vs {torch_repr!r}")
    if a.ndim == 0 and format_number(a) != expected[0]:
        bad.append(f"number {a!r}: {format_number(a)!r} vs {expected[0]!r}")
    return bad


def _recorded() -> list[dict]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data[1:]


def test_recorded_torch_printing_reads_the_same():
    items = _recorded()
    assert len(items) >= 800
    modes = set()
    bad = []
    for item in items:
        a = np.array(item["values"], dtype=item["dtype"]).reshape(item["shape"])
        fmt = NumberFormat(a)
        modes.add((a.dtype.kind, fmt.int_mode, fmt.sci_mode, a.size > 1000))
        bad += mismatches(a, item["torch"])
    assert not bad, f"{len(bad)} texts differ from torch, e.g.:\n" + "\n".join(bad[:8])
    # The cases reach every mode, and the over-threshold rule, so this test can fail.
    assert {("f", True, False, False), ("f", False, False, False), ("f", False, True, False),
            ("f", True, True, False), ("f", False, False, True), ("f", False, True, True)} <= modes


def test_a_wrong_mode_rule_is_caught():
    """Negative control: a formatter that decides per element (as the app's cards did, and
    what torch does not) disagrees with the recorded torch texts."""
    items = _recorded()

    def per_element(v):
        return NumberFormat(np.array([v]))(v)

    wrong = 0
    for item in items:
        a = np.array(item["values"], dtype=item["dtype"]).reshape(item["shape"])
        if a.dtype.kind != "f":
            continue
        ours = [per_element(a.reshape(-1)[i]) for i in printed_indices(a.shape)]
        wrong += ours != torch_tokens(item["torch"])
    assert wrong > 100


def test_repr_uses_the_same_texts():
    """``repr`` pads and wraps, but every number in it is the compact form's."""
    t = engine.tensor([[0.0005, 2.0], [36.0, -1.5]])
    assert compact_tokens(format_compact(t.detach().numpy())) == torch_tokens(repr(t))


@pytest.mark.parametrize("max_items", [0, 1, 5, 12])
def test_long_tensors_are_summarised_with_their_shape(max_items):
    a = (np.arange(20, dtype=np.float32) / 10).reshape(4, 5)
    text = format_compact(a, max_items=max_items)
    assert text.endswith(" (4×5)") and "…" in text
    assert compact_tokens(text[:text.index("]") + 1]) == [NumberFormat(a)(v) for v in (0.0, 0.1, 0.2)] + [
        "…"] + [NumberFormat(a)(v) for v in a.reshape(-1)[-2:]]


def test_empty_tensors_read_like_torch():
    assert format_compact(np.zeros(0, dtype=np.float32)) == "[]"
    assert format_compact(np.zeros((2, 0), dtype=np.float32)) == "[] (2×0)"


# ----------------------------------------------------------------------------- live
def _live_torch():
    return pytest.importorskip("torch")


def _floats(dtype: str):
    width = 32 if dtype == "float32" else 64
    return st.one_of(
        st.floats(width=width, allow_nan=True, allow_infinity=True),
        st.floats(min_value=-1e4, max_value=1e4, width=width),
        st.integers(-10 ** 9, 10 ** 9).map(float),
        st.sampled_from([0.0, -0.0, 1e-4, 1e8, 1000.0, 0.5, math.nan, math.inf]),
    )


@st.composite
def tensors(draw):
    dtype = draw(st.sampled_from(["float32", "float32", "float64", "int64", "bool"]))
    shape = draw(st.sampled_from([(), (1,), (2,), (5,), (13,), (2, 3), (3, 1, 2), (8, 10), (25, 30), (1001,), (7, 160)]))
    if dtype == "int64":
        elements = st.integers(-10 ** 12, 10 ** 12)
    elif dtype == "bool":
        elements = st.booleans()
    else:
        # A scale per tensor: many tensors live entirely below 1e-4 or above 1e8.
        scale = draw(st.sampled_from([1.0, 1e-6, 1e9, 1e-3]))
        elements = _floats(dtype).map(lambda v: v * scale)
    a = draw(hnp.arrays(np.dtype(dtype) if dtype != "float32" else np.float64, shape, elements=elements))
    with np.errstate(over="ignore"):   # huge float64 values become inf in float32, as in torch
        return a.astype(dtype)


@settings(max_examples=300, deadline=None)
@given(a=tensors())
def test_live_torch_printing_reads_the_same(a):
    torch_ = _live_torch()
    with np.errstate(all="ignore"):
        t = torch_.from_numpy(np.ascontiguousarray(a))
    assert not mismatches(a, repr(t))
