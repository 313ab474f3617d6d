"""``run FILE``: compute a document or a script forward and backward and print every node's
value and ``.grad`` (``--json`` for a machine-readable report; a ``.py`` program runs statement
by statement)."""
from __future__ import annotations

import json
import sys

from explorer.cli.errors import CliError


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
    # The startup seam of the command line (see explorer/cli/__init__.py): a command imports
    # what it runs when it runs, so a document's run never loads the program interpreter.
    from explorer.model.loading import load_graph
    from explorer.model.program import cli_run, runs_as_program
    from explorer.model.runner import Runner, result_report

    if args.file.lower().endswith(".py") and not args.freeze and runs_as_program(args.file):
        # A Python program: run it statement by statement (--freeze is a document's switch).
        return cli_run(args.file, as_json=args.json, trace_path=args.trace)
    doc = load_graph(args.file)
    names = [n.strip() for n in args.freeze.split(",") if n.strip()]
    for name in names:
        node = doc.node_by_name(name)
        if node is None:
            raise CliError(f"--freeze: no node named '{name}' in {args.file}")
        if node.kind == "op":
            raise CliError(f"--freeze: '{name}' is computed by an op, not a leaf tensor "
                           f"(only leaves have a requires_grad switch)")
        # A throwaway document with no listeners: no undo history to keep.
        doc.update_node(node.id, requires_grad=False)
    runner = Runner(doc, listen=False)
    result = runner.run_backward() if doc.root is not None else runner.run_forward()
    failed = bool(result.errors) or (doc.root is not None and result.backward_error is not None)
    if args.json:
        print(json.dumps(result_report(doc, result), allow_nan=False))
        return 1 if failed else 0
    _print_run(doc, runner, result)
    return 1 if failed else 0


def _print_run(doc, runner, result) -> None:
    import engine  # loaded by the runner already
    from explorer.model.numbers import format_array

    for nid, r in result.results.items():
        if doc.nodes[nid].kind == "const":
            continue  # literals of the script (the --json report lists them too)
        name = doc.nodes[nid].name
        t = runner.tensor(nid)
        if r.error:
            print(f"{name}: error: {r.error}")
            continue
        if not r.computed:
            blocked = doc.nodes[r.blocked_by].name if r.blocked_by in doc.nodes else "an input"
            print(f"{name}: not computed ('{blocked}' failed)")
            continue
        print(f"{name} = {t!r}" if t is not None else f"{name} = {format_array(r.value)}")
        if r.warning:
            print(f"    warning: {r.warning}")
        grad = "None" if r.grad is None else repr(engine.tensor(r.grad, dtype=getattr(engine, str(r.grad.dtype))))
        print(f"    {name}.grad = {grad}")
    if doc.root is None:
        print("(no backward root: set one, e.g. end the script with Q.backward(), to get grads)")
    elif result.backward_error:
        print(f"backward from '{doc.nodes[doc.root].name}' failed: {result.backward_error}")
