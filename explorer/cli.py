"""Headless command line: ``python main.py run|code|export|export-lecture ...``.

Each subcommand registers a parser here. Bad input exits with code 2 and one line on stderr
(what and where), never a traceback.
"""
from __future__ import annotations

import argparse
import sys


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Autograd Explorer, headless.")
    sub = parser.add_subparsers(dest="command", required=True)
    # Subcommands register themselves below (see each add_* function).
    add_code(sub)
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


# --------------------------------------------------------------------------------------- code
def _single_line(text: object) -> str:
    return " ".join(str(text).split())


def add_code(sub) -> None:
    p = sub.add_parser("code", help="print a graph as a script (the expression language or PyTorch)",
                       description="Print a document (.json) or a script as a script in the expression "
                                   "language, or with --torch as a runnable PyTorch program.")
    p.add_argument("file", metavar="FILE", help="a document (.json) or a script (.py, .txt, .ags)")
    p.add_argument("--torch", action="store_true",
                   help="print a runnable PyTorch script (import torch ..., backward, print grads)")
    p.set_defaults(handler=_cmd_code)


def _load_for_code(path: str):
    """A document from FILE: .json through the file format, an image carrying a graph through
    ``load_any`` when available, anything else read as a script."""
    import os

    if not os.path.exists(path):
        raise CliError(f"{path}: no such file")
    if os.path.isdir(path):
        raise CliError(f"{path}: is a folder, not a file")
    lower = path.lower()
    if lower.endswith(".json") or lower.endswith((".png", ".svg", ".pdf")):
        from explorer.model import fileformat

        loader = fileformat.load_document if lower.endswith(".json") else getattr(fileformat, "load_any", None)
        if loader is None:
            raise CliError(f"{path}: reading graphs from images is not available")
        try:
            return loader(path)
        except fileformat.FileFormatError as exc:
            raise CliError(f"{path}: {_single_line(exc)}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"{path}: cannot read the file ({_single_line(exc)})") from None
    from explorer.model.language import ScriptError, parse_script

    try:
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot read the file as text ({_single_line(exc)})") from None
    try:
        return parse_script(source)
    except ScriptError as exc:
        raise CliError(f"{path}:{exc.line}:{exc.col}: {_single_line(exc.message)}") from None


def _cmd_code(args) -> int:
    from explorer.model.language import to_script, to_torch_script

    doc = _load_for_code(args.file)
    sys.stdout.write(to_torch_script(doc) if args.torch else to_script(doc))
    return 0
