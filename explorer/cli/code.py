"""``code FILE``: print a graph as a script in the expression language, or with ``--torch`` as a
runnable PyTorch program."""
from __future__ import annotations

import sys


def add_code(sub) -> None:
    p = sub.add_parser("code", help="print a graph as a script (the expression language or PyTorch)",
                       description="Print a document (.json) or a script as a script in the expression "
                                   "language, or with --torch as a runnable PyTorch program.")
    p.add_argument("file", metavar="FILE", help="a document (.json) or a script (.py, .txt, .ags)")
    p.add_argument("--torch", action="store_true",
                   help="print a runnable PyTorch script (import torch ..., backward, print grads)")
    p.set_defaults(handler=_cmd_code)


def _cmd_code(args) -> int:
    from explorer.model.language import to_script, to_torch_script  # seam: CLI command (the parser imports no model)
    from explorer.model.loading import load_graph  # seam: CLI command

    doc = load_graph(args.file)
    sys.stdout.write(to_torch_script(doc) if args.torch else to_script(doc))
    return 0
