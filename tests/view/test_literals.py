"""Editor texts read back exactly: the inline value editor and the gradient field start from
``literal_text``, whose digits round-trip in the tensor's dtype (the display formatter's four
decimals would change 0.123456 to 0.1235 if the text were committed unchanged)."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from explorer.view.canvas.preview import parse_value
from explorer.view.panels.literals import literal_text, parse_array


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["float32", "float64"]).flatmap(
    lambda dt: hnp.arrays(dt, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
                          elements=hnp.from_dtype(np.dtype(dt), allow_nan=True, allow_infinity=True))))
def test_editor_text_reads_back_the_same_value(a):
    text = literal_text(a)
    for back in (parse_array(text, str(a.dtype)), parse_value(text, str(a.dtype))):
        assert back.shape == a.shape
        assert np.array_equal(back, a, equal_nan=True), (text, a, back)
        assert np.array_equal(np.signbit(back), np.signbit(a)) or np.isnan(a).any()


def test_editor_text_is_short_for_float32():
    assert literal_text(np.array([0.1, 2.0], dtype=np.float32)) == "[0.1, 2.]"
