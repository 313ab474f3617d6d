"""Constants of whole numbers and booleans keep their dtype when their value is edited, and a
value their dtype cannot hold is refused in one line (issue #12: int64 and bool constants are
now saved as such, so the inspector parses values in the node's own dtype)."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.model.commands import History, SetValueCommand
from explorer.model.language import parse_script
from explorer.view.panels.literals import LiteralError, parse_array


@pytest.mark.parametrize("text,dtype,message", [
    ("[1e300, 1]", "int64", "out of range for int64"),
    ("[300]", "uint8", "out of range for uint8"),
    ("[nan, 1]", "int64", "no NaN or infinity"),
    ("[[1, 2], [3]]", "int64", "rows of different lengths"),
])
def test_values_a_whole_number_dtype_cannot_hold_are_one_line(text, dtype, message):
    with pytest.raises(LiteralError, match=message):
        parse_array(text, dtype)


def test_editing_class_indices_keeps_them_integers():
    doc = parse_script("x = tensor([[1., 2.], [3., 4.]], requires_grad=True)\nt = tensor([1, 0])\n"
                       "loss = cross_entropy(x, t)\n")
    t = doc.node_by_name("t")
    assert t.dtype == "int64"
    History(doc).push(SetValueCommand(t.id, parse_array("[0, 1]", t.dtype)))
    assert t.value.dtype == np.int64 and t.value.tolist() == [0, 1]
