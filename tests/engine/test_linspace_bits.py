"""torch's float32 linspace, bit for bit (numpy's differs in the last bit, which printed
sin(2*pi) with the wrong sign in the Fundamentals of Autograd tutorial)."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

import engine


@pytest.mark.torch
def test_float32_linspace_is_torchs_bit_for_bit():
    torch = pytest.importorskip("torch")
    rnd = random.Random(13)
    cases = [(0.0, 2 * math.pi, 25), (-3, 7, 11), (1.0, 1.0, 5), (5.0, -5.0, 2)] + [
        (rnd.uniform(-100, 100), rnd.uniform(-100, 100), rnd.randint(2, 300)) for _ in range(200)]
    for a, b, n in cases:
        mine = engine.linspace(a, b, n).numpy()
        theirs = torch.linspace(a, b, n).numpy()
        assert mine.dtype == theirs.dtype
        np.testing.assert_array_equal(mine, theirs, err_msg=f"linspace({a}, {b}, {n})")


def test_linspace_ends_and_one_step():
    """Without torch: the ends are exact and one step is the start, as torch gives."""
    t = engine.linspace(0.0, 2 * math.pi, 25).numpy()
    assert t[0] == 0.0 and t[-1] == np.float32(2 * math.pi)
    assert engine.linspace(2.0, 3.0, 1).numpy().tolist() == [2.0]
