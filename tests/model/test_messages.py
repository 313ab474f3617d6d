"""Messages as data (``explorer.model.messages``): a Message is its English text for everything
that reads text (logs, the command line, ``--json``, ``in`` checks) and keeps its template and
values for the view, through exceptions, ``str()``, frames around it and pickling."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.model.document import DocumentError
from explorer.model.language import ScriptError, parse_script
from explorer.model.messages import Message, message_of

ROOT = Path(__file__).resolve().parents[2]


def test_a_message_reads_as_its_english_text_and_keeps_its_template():
    m = Message("the name '{name}' is already used by another node", name="x")
    assert m == "the name 'x' is already used by another node" and "already used" in m
    assert m.template == "the name '{name}' is already used by another node" and m.args == {"name": "x"}
    assert json.loads(json.dumps({"error": m})) == {"error": str(m)}
    # str(), an exception's text and a lone f-string value give the Message itself back
    assert str(m) is m and f"{m}" == m
    assert isinstance(str(DocumentError(m)), Message) and message_of(DocumentError(m)) is m
    again = pickle.loads(pickle.dumps(m))
    assert again == m and again.template == m.template and again.args == m.args


def test_values_print_as_an_f_string_would_and_wrapped_messages_stay_messages():
    inner = Message("unknown operation '{op}'", op="foo")
    outer = Message("{where}.params: {exc}", where="nodes[0]", exc=DocumentError(inner))
    assert outer == "nodes[0].params: unknown operation 'foo'"
    assert outer.args["exc"] is inner                       # the error's Message, not its text
    values = Message("{a} {b} {c} of {n} elements", a=0.1, b=True, c=None, n=3)
    assert values == f"{0.1} {True} {None} of {3} elements"
    assert all(type(v) is str for v in values.args.values())   # no live objects kept


def test_a_script_error_keeps_its_frame_and_the_message_inside():
    with pytest.raises(ScriptError) as err:
        parse_script("a = torch.tensor([1., 2.], requires_grad=True)\nb = torch.expp(a)\n")
    shown = message_of(err.value)
    assert shown == str(err.value) and shown.startswith("line 2, column 5: ")
    assert isinstance(shown, Message) and isinstance(shown.args["message"], Message)
    assert "'exp'" in shown.args["message"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "run", *args], capture_output=True,
                          text=True, timeout=120, env=env, cwd=ROOT)


def test_the_command_line_still_prints_the_english_text(tmp_path):
    program = tmp_path / "noisy.py"
    program.write_text("import torch\nx = torch.rand(3)\nprint(x.shape)\n", encoding="utf-8")
    done = _cli(str(program))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("note: random values (torch.rand, randn, ...")
    report = json.loads(_cli(str(program), "--json").stdout)
    assert report["notes"][0].startswith("note: random values") and report["output"] == "torch.Size([3])\n"
    refused = tmp_path / "refused.py"
    refused.write_text("import torch\nimport os\n", encoding="utf-8")
    done = _cli(str(refused))
    assert done.returncode != 0 and "import os: not allowed here; programs can import torch" in done.stderr
