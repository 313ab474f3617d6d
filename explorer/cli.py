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
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
