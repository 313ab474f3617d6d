"""Model-layer messages (DocumentError refusals, command texts) are ``Message`` values in the
model, English text with a template; the view translates the template
(``explorer.view.i18n.tr_message``) with the names kept as they are."""
from __future__ import annotations

import re

import numpy as np
import pytest


from explorer.model import commands as C
from explorer.model.messages import Message
from explorer.view.i18n import tr_message

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _window(qtbot):
    from explorer.view.main_window import MainWindow

    w = MainWindow()
    w.maybe_save = lambda *a, **k: True
    qtbot.addWidget(w)
    if w.document is None:
        qtbot.waitUntil(lambda: w.document is not None, timeout=5000)
    return w


def _graph(w):
    """x, y leaves; m = mul(x, y); n = add(m, x)."""
    doc = w.document
    x = C.leaf_node(doc, "xx", 1.0)
    assert w.push(C.AddNodeCommand(x))
    y = C.leaf_node(doc, "yy", 2.0)
    assert w.push(C.AddNodeCommand(y))
    m = C.op_node(doc, "mul", name="mm")
    assert w.push(C.AddNodeCommand(m))
    n = C.op_node(doc, "add", name="nn")
    assert w.push(C.AddNodeCommand(n))
    for src, dst, port in [(x, m, 0), (y, m, 1), (m, n, 0), (x, n, 1)]:
        assert w.push(C.ConnectCommand(src.id, dst.id, port))
    return x, y, m, n


def _warnings(w) -> list[str]:
    return [text for level, text in w.messages.entries() if level == "warning"]


def test_refusals_and_undo_texts_are_korean(qtbot, korean):
    w = _window(qtbot)
    x, y, m, n = _graph(w)

    # a cycle: n's output into m's (occupied) input would also hit the port check first, so
    # replace the port: the cycle is named
    assert not w.push(C.ConnectCommand(n.id, m.id, 0, replace=True))
    cycle = _warnings(w)[-1]
    assert HANGUL.search(cycle) and "'nn'" in cycle and "'mm'" in cycle and "→" in cycle, cycle
    assert "would create a cycle" not in cycle

    assert not w.push(C.ConnectCommand(y.id, n.id, 1))
    occupied = _warnings(w)[-1]
    assert HANGUL.search(occupied) and "'nn'" in occupied and "'xx'" in occupied, occupied
    assert "already connected" not in occupied

    assert not w.push(C.ConnectCommand(x.id, y.id, 0))
    leaf = _warnings(w)[-1]
    assert HANGUL.search(leaf) and "'yy'" in leaf, leaf

    undo = w.actions["undo"]
    assert w.push(C.RenameCommand(x.id, "renamed"))
    assert HANGUL.search(w.undo_stack.undoText()) and "renamed" in w.undo_stack.undoText()
    assert HANGUL.search(undo.text()), undo.text()
    assert w.undo_stack.command(w.undo_stack.index() - 1).command.text == "Rename to 'renamed'"

    assert w.push(C.MoveNodesCommand({x.id: (10.0, 20.0), y.id: (30.0, 40.0)}, text=Message("Move {count} nodes", count=2)))  # as a drag makes it
    assert w.undo_stack.undoText() == "노드 2개 이동"

    from explorer.view.undo import ReplaceDocumentCommand

    assert w.push(ReplaceDocumentCommand(w.document.copy(), Message("Apply script")))  # as apply_script does
    assert w.undo_stack.undoText() == "스크립트 적용"
    assert w.undo_stack.command(w.undo_stack.index() - 1).command.text == "Apply script"


def test_tr_message_translates_templates_korean(korean):
    from explorer.model.document import Document, DocumentError, Edge

    doc, ids = Document(), {}
    for name in "abc":
        node = C.op_node(doc, "neg", name=name)
        doc.insert_node(node)
        ids[name] = node.id
    doc.insert_edge(Edge(ids["a"], ids["b"], 0))
    doc.insert_edge(Edge(ids["b"], ids["c"], 0))
    with pytest.raises(DocumentError) as cycle:
        doc.insert_edge(Edge(ids["c"], ids["a"], 0))
    assert tr_message(cycle.value) == tr_message(str(cycle.value)) == \
        "'c'을(를) 'a'에 연결하면 순환이 생깁니다: a → b → c → a"
    with pytest.raises(DocumentError) as occupied:
        doc.insert_edge(Edge(ids["c"], ids["b"], 0))
    assert tr_message(occupied.value) == "'b'의 1번 입력은 이미 'a'에 연결되어 있습니다"
    assert tr_message(Message("Apply script")) == "스크립트 적용"
    assert tr_message(C.RenameCommand("n1", "q").text) == "이름을 'q'(으)로 변경"
    # plain text is not read back into a template: it is not the model's (a program's
    # output, a name); unknown text passes through unchanged
    assert tr_message("Apply script") == "Apply script"
    assert tr_message("something the table does not know") == "something the table does not know"
    assert tr_message("") == "" and tr_message(None) == ""


def test_a_wrapped_message_is_translated_inside_its_frame(korean):
    from explorer.model import fileformat

    # a refusal of the parameter check wrapped in the file reader's frame ("{where}.params:
    # {exc}"), which names the parameter with a message of its own: all of it Korean
    raw = (b'{"format": "autograd-explorer", "version": 1, "nodes": [{"id": "n1", "kind": "op", '
           b'"name": "s", "op": "sum", "params": {"dim": "x"}}], "edges": []}')
    with pytest.raises(fileformat.FileFormatError) as bad:
        fileformat.loads(raw)
    inner = bad.value.message.args.get("exc")
    assert isinstance(inner, Message) and isinstance(inner.args.get("where"), Message), repr(bad.value.message)
    shown = tr_message(bad.value)
    assert "'dim'" in shown and "sum" in shown and HANGUL.search(shown), shown
    assert "parameter" not in shown and "must be" not in shown, shown
    # the English is whole and unchanged for logs and the command line
    assert str(bad.value) == "node 's' (nodes[0]).params: parameter 'dim' of sum must be a whole number or None, not 'x'"


def test_english_mode_unchanged(qtbot, english):
    msg = "connecting 'a' to 'b' would create a cycle: b → a → b"
    assert tr_message(msg) == msg
    assert tr_message("Move 2 nodes") == "Move 2 nodes"
    w = _window(qtbot)
    x, y, m, n = _graph(w)
    assert not w.push(C.ConnectCommand(y.id, n.id, 1))
    assert _warnings(w)[-1] == "input 2 of 'nn' is already connected to 'xx'"
    assert w.push(C.RenameCommand(x.id, "renamed"))
    assert w.undo_stack.undoText() == "Rename to 'renamed'"


# ---------------------------------------------------------------------- every model message
ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
# PyTorch's own error texts (learners search for them verbatim) and bare JSON words stay English.
KEPT_ENGLISH = re.compile(r"^(you can only change requires_grad flags of leaf variables|Mismatch in shape: "
                          r"grad_output|only Tensors of floating point dtype|null$|true/false$)")
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def _extractor():
    import importlib.util

    spec = importlib.util.spec_from_file_location("extract_model_messages",
                                                  ROOT / "tools" / "extract_model_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_model_message_is_written_as_plain_text():
    # A message written as an English literal in explorer/model would stay English in a
    # translated interface: it must be a Message("template", **values).
    assert _extractor().plain_sites() == []


def test_a_plain_text_message_is_caught_with_its_file_and_line(tmp_path, monkeypatch):
    tools = _extractor()
    model = tmp_path / "explorer" / "model"
    model.mkdir(parents=True)
    (tmp_path / "explorer" / "view").mkdir()
    (model / "newcomer.py").write_text(
        "from explorer.model.messages import Message\n"
        "def check(x):\n"
        "    if x < 0:\n"
        "        raise ValueError(Message('{x} is negative', x=x))\n"
        "    if x > 9:\n"
        "        raise ValueError(f'{x} is too large for a digit')\n"
        "    msg = 'zero is not allowed here'\n", encoding="utf-8")
    monkeypatch.setattr(tools, "ROOT", tmp_path)
    monkeypatch.setattr(tools, "MODEL", model)
    monkeypatch.setattr(tools, "VIEW", tmp_path / "explorer" / "view")
    found = tools.plain_sites()
    assert [line.split(": ", 1)[0] for line in found] == ["explorer/model/newcomer.py:6",
                                                         "explorer/model/newcomer.py:7"], found
    assert tools.templates() == ["{x} is negative"]


def test_every_model_message_has_a_korean_template_with_the_same_values(korean):
    from PySide6.QtCore import QCoreApplication

    templates = _extractor().templates()
    assert len(templates) > 600
    untranslated = []
    for template in templates:
        korean_text = QCoreApplication.translate("model", template)
        prose = re.search(r"(?<![.\w'\"-])[A-Za-z]{2,}\b(?!\()", PLACEHOLDER.sub("", template))  # not "{where}.params: {exc}"
        if korean_text == template and not KEPT_ENGLISH.search(template) and prose:
            untranslated.append(template)
        # the translator kept every value (and only those): formatting can never fail
        assert sorted(PLACEHOLDER.findall(korean_text)) == sorted(PLACEHOLDER.findall(template)), (template, korean_text)
    assert untranslated == []


def test_script_file_runner_and_typed_value_errors_reach_the_user_in_korean(korean):
    from explorer.model import fileformat
    from explorer.model.document import Document, Edge, Node
    from explorer.model.language import ScriptError, parse_script
    from explorer.model.runner import Runner
    from explorer.view.panels.literals import LiteralError, parse_array

    with pytest.raises(ScriptError) as script:
        parse_script("a = torch.tensor([1., 2.], requires_grad=True)\nb = torch.expp(a)\n")
    text = tr_message(str(script.value))
    # "line 2, column 5: unknown ... 'torch.expp' ... did you mean 'exp'?" -> all of it Korean
    assert HANGUL.search(text) and "expp" in text and "'exp'" in text, text
    assert not re.search(r"line|column|unknown|did you mean", text), text
    with pytest.raises(ScriptError) as frame:      # the outer "line, column" frame wins over
        parse_script("x = linear(1)")              # "{written}() needs ..." reading it as a name
    text = tr_message(str(frame.value))
    assert text.startswith("1") and "linear()" in text and "column" not in text, text

    with pytest.raises(fileformat.FileFormatError) as bad_file:
        fileformat.loads(b'{"format": "autograd-explorer", "version": 1, "nodes": {}, "edges": []}')
    text = tr_message(str(bad_file.value))
    assert HANGUL.search(text) and "expected" not in text and "found" not in text, text

    doc = Document()
    doc.insert_node(Node("x", "leaf", "x", value=np.array([1.0, 2.0], dtype=np.float32), requires_grad=True))
    doc.insert_node(Node("m", "op", "m", op="mul"))
    doc.insert_edge(Edge("x", "m", 0))                       # input 2 of m left unconnected
    errors = Runner(doc).run_forward().errors
    text = tr_message(errors["m"])
    assert HANGUL.search(text) and "'m'" in text and "2" in text and "not connected" not in text, text

    with pytest.raises(LiteralError) as literal:
        parse_array("[1, 2", "float32")
    assert HANGUL.search(tr_message(str(literal.value))) and "missing" not in tr_message(str(literal.value))


def test_pytorch_error_texts_stay_english_inside_a_translated_frame(korean):
    from explorer.model.document import Document, Edge, Node
    from explorer.model.runner import Runner

    doc = Document()
    doc.insert_node(Node("x", "leaf", "x", value=np.ones(3, dtype=np.float32), requires_grad=True))
    doc.insert_node(Node("y", "leaf", "y", value=np.ones(2, dtype=np.float32), requires_grad=True))
    doc.insert_node(Node("s", "op", "s", op="add"))
    doc.insert_edge(Edge("x", "s", 0))
    doc.insert_edge(Edge("y", "s", 1))
    message = Runner(doc).run_forward().errors["s"]
    pytorch = "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"
    assert pytorch in message
    shown = tr_message(message)
    assert pytorch in shown                                  # searchable as PyTorch prints it
    # ... followed by a Korean explanation with the sizes
    assert re.search(r"\(0번 차원의 크기 3와\(과\) 2은\(는\) 브로드캐스트되지 않습니다", shown), shown


def test_pytorch_errors_a_learner_meets_are_explained_in_korean(korean):
    from explorer.model.language import parse_script
    from explorer.model.runner import Runner
    from explorer.view.i18n import _PYTORCH

    cases = {
        "W = tensor([[1., 2.], [3., 4.]], requires_grad=True)\nx = tensor([[1., 2., 3.]])\ny = x @ W\n":
            "mat1 and mat2 shapes cannot be multiplied (1x3 and 2x2)",
        "a = tensor([1., 2.], requires_grad=True)\nb = (a * 2).reshape(3)\n": "is invalid for input of size 2",
        "a = tensor([1., 2.])\nb = (a * 2).sum()\nb.backward()\n": "does not require grad",
        "a = tensor([1., 2.], requires_grad=True)\nQ = a * 3\nQ.backward()\n": "implicitly created only for scalar",
    }
    from explorer.model.language import ScriptError

    for script, pytorch in cases.items():
        try:                                   # the language checks shapes as it reads
            result = Runner(parse_script(script)).run_backward()
        except ScriptError as exc:
            raw = [str(exc)]
        else:
            raw = [*result.errors.values(), *([result.backward_error] if result.backward_error else [])]
        message = next(m for m in raw if pytorch in m)
        shown = tr_message(message)
        assert pytorch in shown and HANGUL.search(shown.split(pytorch, 1)[1]), (message, shown)
        assert "(in '" not in shown and "line " not in shown, shown     # frames translated too
    assert len(_PYTORCH) >= 10


def test_pytorch_errors_stay_alone_in_the_english_interface(english):
    text = "'c': mat1 and mat2 shapes cannot be multiplied (1x3 and 2x2)"
    assert tr_message(text) == text


def test_a_bad_script_is_underlined_with_a_korean_message(qtbot, korean):
    from explorer.view.app import create_window, install_extensions

    w = create_window([])                                    # as the app builds it: the
    w.maybe_save = lambda *a, **k: True                      # extensions translate widget texts
    qtbot.addWidget(w)
    install_extensions(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.document is not None, timeout=5000)
    qtbot.wait(50)
    before = len(w.document.nodes)
    source = "a = torch.tensor([2., 3.], requires_grad=True)\nQ = 3 * torch.expp(a)\n"
    w.code_editor.editor.setPlainText(source)                # as typed, then Apply
    assert not w.apply_script(source)
    assert w.code_editor.error[1:] == (2, 9)                 # underlined where the typo is
    status = w.code_editor.status.text()
    assert HANGUL.search(status) and "'expp'" in status and "'exp'" in status, status
    assert "unknown" not in status and "did you mean" not in status
    assert len(w.document.nodes) == before                   # nothing changed
    assert HANGUL.search(_warnings(w)[-1]) and "unknown" not in _warnings(w)[-1]
    dock = w.docks.get("code") if hasattr(w, "docks") else None
    if dock is not None:
        dock.show()
        dock.raise_()
    from pathlib import Path

    shots = Path(__file__).resolve().parent / "screenshots"
    shots.mkdir(exist_ok=True)
    w.grab().save(str(shots / "korean_script_error.png"))


def test_python_syntax_errors_stay_verbatim_with_a_korean_explanation(korean):
    from explorer.model.language import ScriptError, parse_script
    from explorer.view.i18n import _PYTHON

    for source, python_text in [("a = tensor([1., 2.]", "'(' was never closed"),
                                ("a = 1 +", "invalid syntax"),
                                ("b = 2a", "invalid decimal literal"),
                                ("  a = tensor(1.)", "unexpected indent"),
                                ("a = tensor([1.]))", "unmatched ')'"),
                                ("a = 'x", "unterminated string literal")]:
        with pytest.raises(ScriptError) as err:
            parse_script(source)
        shown = tr_message(str(err.value))
        assert python_text in shown, shown
        before, after = shown.split(python_text, 1)
        assert HANGUL.search(after) and "syntax error" not in before and "line" not in before, shown
    assert len(_PYTHON) >= 10


def test_a_remembered_translation_follows_the_installed_language(english):
    from explorer.view.i18n import use_language

    from explorer.model.document import Document, Edge, Node
    from explorer.model.runner import Runner

    doc = Document()
    doc.insert_node(Node("x", "leaf", "x", value=np.array([1.0], dtype=np.float32), requires_grad=True))
    doc.insert_node(Node("m", "op", "m", op="mul"))
    doc.insert_edge(Edge("x", "m", 0))
    text = Runner(doc).run_forward().errors["m"]
    assert text == "'m' (mul): input 2 is not connected"
    assert tr_message(text) == text
    with use_language("ko"):                        # as a Korean lecture export does
        assert HANGUL.search(tr_message(text))
    assert tr_message(text) == text
