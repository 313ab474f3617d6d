"""What ``run FILE`` does once it runs (:mod:`explorer.cli.run` holds its parser): a ``.py``
program statement by statement, or a document forward and backward, printed as text or JSON.

Imported by the command's handler when the command runs (the command line's startup seam),
so building the parser loads none of the model."""
from __future__ import annotations

import argparse
import json

import engine
from explorer.cli.errors import CliError
from explorer.model.document import Document
from explorer.model.loading import load_graph
from explorer.model.numbers import format_array
from explorer.model.program import cli_run, runs_as_program
from explorer.model.runner import Runner, RunResult, result_report


def cmd_run(args: argparse.Namespace) -> int:
    """Run a program statement by statement, or a document forward and backward; print the
    report. The exit code: 0, or 1 when the computation failed."""
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


def _print_run(doc: Document, runner: Runner, result: RunResult) -> None:
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
