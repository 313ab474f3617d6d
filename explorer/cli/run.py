"""``run FILE``: compute a document or a script forward and backward and print every node's
value and ``.grad`` (``--json`` for a machine-readable report; a ``.py`` program runs statement
by statement)."""
from __future__ import annotations

import sys


def add_run(sub) -> None:
    p = sub.add_parser("run", help="compute forward and backward; print each node's value and grad",
                       description="Compute a document (.json) or a script forward and backward, "
                                   "and print every node's value and .grad.")
    p.add_argument("file", metavar="FILE_OR_SCRIPT", help="a document (.json) or a script (.py, .txt, .ags)")
    p.add_argument("--freeze", default="", metavar="a,b",
                   help="leaves to set requires_grad=False before running (comma-separated names)")
    p.add_argument("--json", action="store_true",
                   help='print {"nodes": {NAME: {value, grad, requires_grad, is_leaf, grad_fn, shape}}}; '
                        'NaN/Inf are written as the strings "nan", "inf", "-inf"')
    p.add_argument("--trace", default=None, metavar="FILE",
                   help="a .py program: write the run's trace (statements, tensors, ops, backward "
                        "steps...) as JSON to FILE")
    p.set_defaults(handler=_cmd_run)

    def one_line_error(message: str) -> None:  # argparse would print the usage too: keep one line
        print(f"error: run: {message} (see: main.py run --help)", file=sys.stderr)
        raise SystemExit(2)

    p.error = one_line_error


def _cmd_run(args) -> int:
    from explorer.cli.run_command import cmd_run  # seam: CLI command (the parser imports no model; a run loads it)

    return cmd_run(args)
