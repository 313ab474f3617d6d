"""The chain rule in Korean: every line the runner writes is a template the view translates
(names and numbers put back), so no English phrase is left in the Korean panel or exports."""
from __future__ import annotations

import ast
import copy
import pickle
import re
from pathlib import Path

import pytest

from explorer.model.lecture import LecturePlayer, bundled_lectures, load_lecture
from explorer.model.runner.lines import Line

STEPS = Path(__file__).parents[2] / "explorer" / "model" / "runner" / "steps.py"
# words of the runner's lines; none may be left in a Korean chain-rule line
ENGLISH = re.compile(r"\b(runs for|inside|gradient passed|implicit gradient|meeting here|summed|"
                     r"one path|constant|not computed|accumulated|old \+ new)\b")


def every_step_line(lecture) -> list[str]:
    from explorer.view.chain_rule import step_lines

    player = LecturePlayer(lecture)
    lines = []
    for i in range(len(lecture.slides)):
        player.go_to_slide(i)
        if player.stepper is None:
            continue
        for position in range(len(player.stepper)):
            player.stepper.set_position(position)
            lines.extend(step_lines(player.stepper.current))
    return lines


def test_a_line_is_its_english_text_and_keeps_its_template_through_copies():
    line = Line("{fn} runs for {node}", fn="MulBackward0", node="Q")
    assert line == "MulBackward0 runs for Q" and isinstance(line, str)
    for twin in (copy.deepcopy(line), pickle.loads(pickle.dumps(line))):
        assert twin == line and twin.template == line.template and twin.args == line.args


def test_every_line_template_of_the_runner_is_collected_for_translation():
    from explorer.view import chain_rule

    tree = ast.parse(STEPS.read_text())
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Line":
            first = node.args[0]
            if isinstance(first, ast.Constant):
                used.add(first.value)
            elif isinstance(first, ast.BinOp):   # template + "  (one path of several)"
                used.add(first.left.value)
                used.add(first.left.value + "  (one path of several)")
        if (isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "template"
                and isinstance(node.value, ast.IfExp)):   # template = ("…" if … else "…")
            used.update({node.value.body.value, node.value.orelse.value})
    listed = set(chain_rule._collected_for_translation())
    assert len(used) >= 13 and used <= listed


@pytest.mark.parametrize("path", bundled_lectures(), ids=lambda p: p.stem)
def test_korean_chain_rule_has_no_english_phrases(korean, path):
    lines = every_step_line(load_lecture(path))
    assert lines
    left = [line for line in lines if ENGLISH.search(line)]
    assert left == []
    assert any("실행됩니다" in line for line in lines)


def test_english_interface_keeps_the_english_lines(english):
    lines = every_step_line(load_lecture(next(p for p in bundled_lectures() if p.stem == "autograd_intro_en")))
    assert any(" runs for " in line for line in lines)
    assert any("(implicit gradient of a scalar root)" in line or "(the gradient passed to backward)" in line
               for line in lines)


def test_worded_formulas_are_translated(korean):
    from explorer.view.chain_rule import translate_line

    line = Line("{head} = {grad} · {local} = {out}", head="∂L/∂b = ∂L/∂h · ∂h/∂b", grad="[1.]",
                local="G (summed over broadcast rows)", out="[1.]")
    assert translate_line(line) == "∂L/∂b = ∂L/∂h · ∂h/∂b = [1.] · G (브로드캐스트된 행에 대해 합) = [1.]"
