"""The program trace with split / chunk / unbind, whose parts share ONE grad_fn (as in torch):
each consumer's input is the part it read (told apart by the output number in
``next_functions``), and the recorded backward runs the split node once."""
from __future__ import annotations

from explorer.model.program.run import run_program

SOURCE = """import torch
x = torch.tensor([[1.0, -2.0, 3.0, 0.5]], requires_grad=True)
a, b = x.chunk(2, 1)
p, q, r, s = x.unbind(1)
y = a.sigmoid() * b.tanh() + q * s
y.sum().backward()
"""


def _events(result, kind):
    return [e for e in result.trace.events if e["kind"] == kind]


def test_each_consumer_reads_the_part_it_was_given():
    result = run_program(SOURCE)
    assert result.error is None
    names = {e["name"]: e["tensor"] for e in _events(result, "bind")}
    made = {e["tid"]: e for e in _events(result, "tensor")}
    by_fn = {}
    for e in made.values():
        by_fn.setdefault(e["grad_fn"], []).append(e["inputs"])
    assert made[names["a"]]["grad_fn"] == made[names["b"]]["grad_fn"] == "SplitBackward0"
    assert by_fn["SigmoidBackward0"] == [[names["a"]]]
    assert by_fn["TanhBackward0"] == [[names["b"]]]
    # q * s: the second and fourth outputs of one UnbindBackward0
    assert [names["q"], names["s"]] in by_fn["MulBackward0"]


def test_the_recorded_backward_runs_each_split_node_once():
    (bw,) = _events(run_program(SOURCE), "backward")
    nodes = [st["node"] for st in bw["steps"]]
    assert nodes.count("SplitBackward0") == 1 and nodes.count("UnbindBackward0") == 1
