"""A number reads the same on the card, in the chain-rule panel and in the inspector, and the
same as ``print(tensor)`` in PyTorch (the engine's repr, checked against torch by the parity
tests). Before one formatter, 0.0005 was ``5.000e-04`` on the card and ``0.0005`` in the chain
rule; 0.25 was ``0.25`` on the card and in the inspector and ``0.2500`` in the chain rule."""
from __future__ import annotations

import re

import numpy as np
import pytest

import engine
from explorer.model import numbers
from explorer.model.language import parse_script

_RUNNER_SHARES_THE_FORMATTER = False
try:   # the chain-rule text is written by the runner; after the merge it formats through numbers
    from explorer.model import runner as _runner

    _RUNNER_SHARES_THE_FORMATTER = getattr(_runner, "format_array", None) is numbers.format_array
except ImportError:   # pragma: no cover
    pass


def tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\[\],\s]+", text) if t]


def torch_tokens(value) -> list[str]:
    """The element texts of ``print(tensor(value))``."""
    body = repr(engine.tensor(value))[len("tensor("):-1]
    return tokens(body)


@pytest.fixture
def window(qtbot, new_window):
    from explorer.view.lecture.hooks import install

    w = new_window(size=(1400, 900), show=True, extensions=(install,))
    yield w
    w.context.extension("lecture").controller.close_lecture()


def _card_rows(window, name: str) -> dict[str, str]:
    item = window.scene.node_items[window.document.node_by_name(name).id]
    return {kind: text for kind, _label, text in item._rows}


def _inspector_cells(window, name: str, table: str) -> list[str]:
    window.scene.select_ids([window.document.node_by_name(name).id], emit=True)
    cells = getattr(window.inspector, table).cell_texts()
    return [t for row in cells for t in row]


def _chain_rule_lines(window) -> list[str]:
    """Every line the chain-rule panel shows while stepping through the whole run."""
    ctl = window.context.extension("lecture").controller
    ctl.step_start()
    seen = []
    while ctl.step_forward():
        seen += window.context.extension("lecture").chain_panel.lines
    return seen


def _shown(window, value) -> dict[str, list[str]]:
    literal = np.array2string(np.asarray(value, dtype=np.float32), separator=", ", precision=9,
                              floatmode="unique")
    doc = parse_script(f"w = tensor({literal}, requires_grad=True)\nQ = (w * w).sum()\nQ.backward()")
    window._replace_document(doc, None, "numbers")
    window.zero_grad()      # one backward pass from zeroed grads (Auto-run may have run one)
    window.run_backward()
    lines = _chain_rule_lines(window)
    leaf_line = next(line for line in lines if line.startswith("w = tensor("))
    grad_line = next(line for line in lines if line.startswith("w.grad = "))
    card = _card_rows(window, "w")
    return {
        "torch value": torch_tokens(np.asarray(value, dtype=np.float32)),
        "card value": tokens(card["value"]),
        "inspector value": _inspector_cells(window, "w", "value_table"),
        "chain-rule value": tokens(leaf_line[len("w = tensor("):].split(", requires_grad")[0]),
        "torch grad": torch_tokens(2 * np.asarray(value, dtype=np.float32)),
        "card grad": tokens(card["grad"]),
        "inspector grad": _inspector_cells(window, "w", "grad_table"),
        "chain-rule grad": tokens(grad_line[len("w.grad = "):]),
    }


@pytest.mark.parametrize("value", [0.0005, 1e-05, 0.25, [0.0005, 0.25], [36., 81.], [-0.125, 0.75]])
def test_card_chain_rule_and_inspector_read_alike(window, value):
    shown = _shown(window, value)
    for what in ("value", "grad"):
        expected = shown[f"torch {what}"]
        for where in ("card", "inspector", "chain-rule"):
            assert shown[f"{where} {what}"] == expected, (where, what, shown)


@pytest.mark.skipif(not _RUNNER_SHARES_THE_FORMATTER,
                    reason="the runner's chain-rule lines still use their own formatter: the merge "
                           "re-exports explorer.model.numbers from the runner")
@pytest.mark.parametrize("value", [[0.0005, 2.0], [1e-05, 1.0, 100.0], [0.1, -2.5, 3.0], 123456.7, 1e9])
def test_one_mode_per_tensor_everywhere(window, value):
    """Torch decides int, fixed or scientific over the whole tensor: [0.0005, 2.] prints
    [5.0000e-04, 2.0000e+00] and [0.1, -2.5, 3.] prints [0.1000, -2.5000, 3.0000]; so do the
    card, the chain rule and the inspector."""
    shown = _shown(window, value)
    for what in ("value", "grad"):
        for where in ("card", "inspector", "chain-rule"):
            assert shown[f"{where} {what}"] == shown[f"torch {what}"], (where, what, shown)
