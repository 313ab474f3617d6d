"""Headless command line: ``python main.py run|code|export|export-lecture ...``.

Each subcommand registers a parser here. Bad input exits with code 2 and one line on stderr
(what and where), never a traceback. Anything unexpected (a bug) exits with code 3 and one line
"internal error, please report: ..." naming the log file that holds the traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Autograd Explorer, headless.")
    sub = parser.add_subparsers(dest="command", required=True)
    # Subcommands register themselves below (see each add_* function).
    add_run(sub)
    add_code(sub)
    add_export(sub)
    add_export_lecture(sub)
    add_check_lecture(sub)
    return parser


def main(argv: list[str]) -> int:
    import warnings

    # numpy's "overflow encountered in ..." is not for a user: an inf or nan that reaches a
    # result is reported by the runner in words ("mul produced inf ... from finite inputs").
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # argparse would print the usage too: bad input is one line
        print(f"error: {args.command}: unrecognized arguments: {' '.join(extra)} "
              f"(see: main.py {args.command} --help)", file=sys.stderr)
        return 2
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `main.py run ... | head` closed our stdout early: not an error worth a traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the boundary: a bug becomes one line, exit 3
        return report_internal_error(exc)


#: Exit code for a bug (bad input is 2).
EXIT_INTERNAL = 3


def crash_log_dir() -> Path:
    """Where tracebacks of internal errors go: the user's cache folder
    (``$XDG_CACHE_HOME/autograd-explorer``, else ``~/.cache/autograd-explorer``; beside the
    isolated settings when AUTOGRAD_EXPLORER_SETTINGS is set, as the tests do)."""
    import os

    isolated = os.environ.get("AUTOGRAD_EXPLORER_SETTINGS")
    if isolated:  # a relative value means "a throwaway folder", as for the settings
        import tempfile

        return Path(isolated) / "logs" if os.path.isabs(isolated) else Path(tempfile.gettempdir()) / "autograd-explorer-logs"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "autograd-explorer"


def report_internal_error(exc: BaseException) -> int:
    """Print one line for an unexpected exception, write its traceback to a log file, return 3."""
    detail = _one_line(f"{type(exc).__name__}: {exc}")
    if len(detail) > 200:
        detail = detail[:197] + "..."
    where = ""
    try:
        folder = crash_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        log.write_text(f"main.py {' '.join(sys.argv[1:])}\n\n"
                       + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
                       encoding="utf-8")
        where = f" (details in {log})"
    except OSError:
        where = " (the details could not be written to a log file)"
    print(f"error: internal error, please report: {detail}{where}", file=sys.stderr)
    return EXIT_INTERNAL


# ---------------------------------------------------------------------------------------- run
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


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _load_graph(path: str):
    """A document from FILE (shared by run, code and export's loaders): .json through the file
    format, a PNG/SVG export through the graph it carries, anything else as a script."""
    import os

    if not os.path.exists(path):
        raise CliError(f"{path}: no such file")
    if os.path.isdir(path):
        raise CliError(f"{path}: is a folder, not a file")
    from explorer.model.imagemeta import looks_like_image

    if looks_like_image(path):
        # A PNG or SVG exported with the graph inside (no Qt needed to read it back).
        from explorer.model.fileformat import FileFormatError, load_any

        try:
            return load_any(path)
        except FileFormatError as exc:
            raise CliError(_one_line(exc)) from None
    if path.lower().endswith(".json"):
        from explorer.model.fileformat import FileFormatError, load_document

        try:
            return load_document(path)
        except FileFormatError as exc:
            message = _one_line(exc)
            name = os.path.basename(path)
            if message.startswith(f"{name}: "):  # the loader names the file already
                message = message[len(name) + 2:]
            raise CliError(f"{path}: {message}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"{path}: cannot read the file ({_one_line(exc)})") from None
    from explorer.model.language import ScriptError, parse_script

    try:
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot read the file ({_one_line(exc)})") from None
    try:
        return parse_script(source)
    except ScriptError as exc:
        line = getattr(exc, "line", None)
        col = getattr(exc, "col", getattr(exc, "column", None))
        where = f"{path}:{line}:{col}" if line is not None and col is not None else (
            f"{path}:{line}" if line is not None else path)
        message = getattr(exc, "message", None) or str(exc)
        raise CliError(f"{where}: {_one_line(message)}") from None


def _cmd_run(args) -> int:
    import json

    if args.file.lower().endswith(".py") and not args.freeze:
        # A Python program: run it statement by statement (--freeze is a document's switch).
        from explorer.model.program import cli_run, runs_as_program

        if runs_as_program(args.file):
            return cli_run(args.file, as_json=args.json, trace_path=args.trace)
    from explorer.model.runner import Runner, result_report

    doc = _load_graph(args.file)
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
    import engine

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


# --------------------------------------------------------------------------------------- code
def add_code(sub) -> None:
    p = sub.add_parser("code", help="print a graph as a script (the expression language or PyTorch)",
                       description="Print a document (.json) or a script as a script in the expression "
                                   "language, or with --torch as a runnable PyTorch program.")
    p.add_argument("file", metavar="FILE", help="a document (.json) or a script (.py, .txt, .ags)")
    p.add_argument("--torch", action="store_true",
                   help="print a runnable PyTorch script (import torch ..., backward, print grads)")
    p.set_defaults(handler=_cmd_code)


def _cmd_code(args) -> int:
    from explorer.model.language import to_script, to_torch_script

    doc = _load_graph(args.file)
    sys.stdout.write(to_torch_script(doc) if args.torch else to_script(doc))
    return 0


# ------------------------------------------------------------------------------- export-lecture
def add_export_lecture(sub) -> None:
    """``export-lecture FILE -o DIR``: every click of a lecture as numbered PNGs (lecture worker)."""
    from explorer.view.lecture.export import add_export_lecture as add  # no Qt import until it runs

    add(sub)


def add_check_lecture(sub) -> None:
    """``check-lecture FILE``: play every slide and step headless; exit 2 with one line on the
    first thing a class would hit (the checks live in ``explorer.model.lecture``)."""
    from explorer.model.lecture import lecture_preflight

    p = sub.add_parser("check-lecture", help="play every slide of a lecture headless and report problems",
                       description="Play every slide and step of a lecture without a window; exit code 2 and "
                                   "one line for the first problem (unknown nodes, wrong gradient shapes, "
                                   "errors on a step).")
    p.add_argument("file", metavar="FILE", help="a lecture file (.json)")
    p.set_defaults(handler=lambda args: print(lecture_preflight(args.file, CliError)) or 0)


# ------------------------------------------------------------------------------------- export
def add_export(sub) -> None:
    p = sub.add_parser("export", help="render a graph to PNG, SVG or PDF without a window",
                       description="Compute a graph forward and backward and render it (the forward canvas "
                                   "or, with --backward, the grad_fn DAG) to PNG, SVG or PDF, without a "
                                   "display. PNG and SVG carry the graph: open them in the app or pass them "
                                   "to 'run' to get the graph back.")
    p.add_argument("file", metavar="FILE", help="a document (.json), a script (.py, .txt, .ags) or an exported PNG/SVG")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the image to write: .png, .svg or .pdf")
    p.add_argument("--theme", default="light", metavar="NAME", help="light (default), dark, print or high-contrast")
    p.add_argument("--scale", type=float, default=1.0, help="PNG: pixels per canvas unit, 1 to 4 (default 1)")
    p.add_argument("--size", metavar="WxH", help="PNG: fit the graph into exactly this many pixels, e.g. 1920x1080")
    p.add_argument("--transparent", action="store_true", help="no background fill")
    p.add_argument("--backward", action="store_true", help="draw the backward graph (grad_fn DAG) instead of the canvas")
    p.add_argument("--freeze", default="", metavar="a,b", help="leaves to set requires_grad=False before running")
    p.add_argument("--select", default="", metavar="a,b", help="export only these nodes (names)")
    p.add_argument("--no-values", action="store_true", help="leave out values")
    p.add_argument("--no-grads", action="store_true", help="leave out .grad")
    p.add_argument("--no-grad-fn", action="store_true", help="leave out grad_fn names")
    p.add_argument("--no-shapes", action="store_true", help="leave out shapes and dtypes")
    p.add_argument("--edge-grads", action="store_true", help="label each edge with the gradient that flowed along it")
    p.add_argument("--margin", type=float, default=24.0, help="blank border around the graph (canvas units, default 24)")
    p.add_argument("--no-run", action="store_true", help="do not compute forward/backward first")
    p.add_argument("--no-embed", action="store_true", help="do not store the graph inside the PNG/SVG")
    p.set_defaults(handler=_cmd_export)

    def one_line_error(message: str) -> None:  # argparse would print the usage too
        print(f"error: export: {_one_line(message)}", file=sys.stderr)
        sys.exit(2)

    p.error = one_line_error


def _cmd_export(args) -> int:
    from explorer.view.export import cmd_export  # Qt is imported only from here on

    return cmd_export(args)
