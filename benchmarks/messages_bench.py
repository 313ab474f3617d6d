"""How long the view takes to translate a model message (``explorer.view.i18n.tr_message``).

    python benchmarks/messages_bench.py                 # Korean interface, messages as data
    python benchmarks/messages_bench.py --before REV    # and the shape matcher of commit REV

A message is a ``Message`` (template and values): translating it is one Qt lookup per template
plus a check against PyTorch's/Python's verbatim texts. Before issue #18 the view matched the
English text against ~700 generated regular expressions (``--before`` loads that matcher from
git, read-only, into a temporary folder, and times it in this process, with its cache emptied each round: a message is
usually shown once).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import tempfile
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def sample_messages() -> list:
    """Messages a user meets, made by the model itself: a script typo, a cycle, a file error
    wrapping a refusal, a runner failure wrapping PyTorch's text, an undo text."""
    import numpy as np

    from explorer.model import commands as C
    from explorer.model import fileformat
    from explorer.model.document import Document, Edge, Node
    from explorer.model.language import ScriptError, parse_script
    from explorer.model.runner import Runner

    out = []
    try:
        parse_script("a = torch.tensor([1., 2.], requires_grad=True)\nb = torch.expp(a)\n")
    except ScriptError as exc:
        out.append(exc)
    doc = Document()
    doc.insert_node(Node("x", "leaf", "x", value=np.ones(3, dtype=np.float32), requires_grad=True))
    doc.insert_node(Node("y", "leaf", "y", value=np.ones(2, dtype=np.float32), requires_grad=True))
    doc.insert_node(Node("s", "op", "s", op="add"))
    doc.insert_node(Node("m", "op", "m", op="mul"))
    doc.insert_edge(Edge("x", "s", 0))
    doc.insert_edge(Edge("y", "s", 1))
    doc.insert_edge(Edge("x", "m", 0))
    out += list(Runner(doc).run_forward().errors.values())
    try:
        doc.insert_edge(Edge("s", "s", 0))
    except Exception as exc:            # noqa: BLE001 - whichever refusal it is
        out.append(exc)
    try:
        fileformat.loads(b'{"format": "autograd-explorer", "version": 1, "nodes": [{"id": "n1", '
                         b'"kind": "op", "name": "s", "op": "sum", "params": {"dim": "x"}}], "edges": []}')
    except fileformat.FileFormatError as exc:
        out.append(exc)
    out.append(C.RenameCommand("x", "renamed").text)
    return out


def _old_tr_message(rev: str, tmp: Path):
    """The shape matcher of ``rev`` (its i18n.py and generated model_messages.py), written to
    ``tmp`` from ``git show`` and imported as modules of their own."""
    def load(name: str, path: str) -> types.ModuleType:
        text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{path}"], capture_output=True,
                              text=True, check=True).stdout
        file = tmp / f"{name.replace('.', '_')}.py"
        file.write_text(text, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(name, file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module

    load("explorer.view.model_messages", "explorer/view/model_messages.py")
    old = load("_old_i18n", "explorer/view/i18n.py")
    old._patterns()                     # compiled once per process, as in the app
    del sys.modules["explorer.view.model_messages"]
    return old


def per_call(fn, values, rounds: int, before_each=None) -> float:
    best = float("inf")
    for _ in range(rounds):
        if before_each is not None:
            before_each()
        start = time.perf_counter()
        for v in values:
            fn(v)
        best = min(best, (time.perf_counter() - start) / len(values))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also time the regex matcher of this commit")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    os.environ["AUTOGRAD_EXPLORER_LANG"] = "ko"
    from explorer.view.i18n import tr_message
    from explorer.view.lecture.hooks import install_translator

    install_translator(app)
    messages = sample_messages()
    texts = [str(m) for m in messages]
    print(f"load average {os.getloadavg()[0]:.1f}; {len(messages)} messages, best of {args.rounds}")
    for m in messages[:3]:
        print(f"  {str(m)[:60]!r} -> {tr_message(m)[:60]!r}")
    now = per_call(tr_message, messages, args.rounds)
    print(f"tr_message(Message)           {now * 1e6:8.1f} µs a message")
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            old = _old_tr_message(args.before, Path(tmp))
        cold = per_call(old.tr_message, texts, args.rounds, before_each=old._CACHE.clear)
        warm = per_call(old.tr_message, texts, args.rounds)
        print(f"{args.before[:7]} shape matching, first time {cold * 1e6:8.1f} µs a message "
              f"({cold / now:.1f}x the Message)")
        print(f"{args.before[:7]} shape matching, cached     {warm * 1e6:8.1f} µs a message "
              f"({warm / now:.2f}x)")


if __name__ == "__main__":
    main()
