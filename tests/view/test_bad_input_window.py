"""The window's Apply (code editor) and Open give the audited bad scripts and lectures one clear
line in the messages, as the command line does -- never "failed: OverflowError" or Python's
"use sys.set_int_max_str_digits()"."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
from test_bad_input_one_line import BAD_SCRIPTS, HUGE_DEC, NOT_FOR_USERS  # noqa: E402


def _new_lines(window, before: int) -> list[tuple[str, str]]:
    return window.messages.entries()[before:]


def _assert_one_clear_line(entries, name: str | None = None) -> None:
    problems = [(lvl, t) for lvl, t in entries if lvl in ("warning", "error")]
    assert len(problems) == 1, entries
    text = problems[0][1]
    assert "\n" not in text and len(text) < 400, text
    for word in NOT_FOR_USERS:
        assert word not in text, text
    if name is not None:
        assert text.count(name) == 1, f"the file is named once: {text}"


@pytest.mark.parametrize("case", sorted(BAD_SCRIPTS))
def test_apply_and_open_give_one_clear_line(new_window, qtbot, tmp_path, case):
    from explorer.view.panels.program_panel import is_program

    w = new_window()
    nodes_before = len(w.document.nodes)
    before = len(w.messages.entries())
    source = BAD_SCRIPTS[case] + "\n"
    if is_program(source):
        # A Python program (it imports torch) runs in the Code dock: its error ends the Output.
        w.apply_script(source)
        qtbot.waitUntil(lambda: w.program_panel.result is not None, timeout=20000)
        result = w.program_panel.result
        assert result.error_kind == "error" and "\n" not in result.error, result.error
        assert "Traceback" not in w.program_panel.output.toPlainText() and "set_int_max_str_digits" not in result.error
    else:
        assert w.apply_script(source) is False
        _assert_one_clear_line(_new_lines(w, before))
    assert len(w.document.nodes) == nodes_before  # nothing changed
    path = tmp_path / f"{case}.py"
    path.write_text(BAD_SCRIPTS[case] + "\n", encoding="utf-8")
    before = len(w.messages.entries())
    assert w.open_path(str(path), ask=False, modal=False) is False
    _assert_one_clear_line(_new_lines(w, before), path.name)


def test_opening_a_lecture_with_a_5000_digit_number_gives_one_clear_line(new_window, tmp_path):
    from explorer.view.lecture import hooks

    w = new_window(extensions=(hooks.install,))
    text = json.dumps({"format": "autograd-explorer-lecture", "version": 1, "title": "t",
                       "slides": [{"title": "one", "actions": [{"do": "load_example", "name": "seed"}]}]})
    path = tmp_path / "huge.json"
    path.write_text(text.replace('"version": 1', '"version": ' + HUGE_DEC), encoding="utf-8")
    before = len(w.messages.entries())
    assert w.context.extension("lecture").open_lecture(str(path)) is False
    _assert_one_clear_line(_new_lines(w, before), path.name)
