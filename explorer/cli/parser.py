"""The command line's parser (each command registers its subparser) and its error boundary."""
from __future__ import annotations

import argparse
import os
import sys
import warnings

from explorer.cli import code, export, lecture, run
from explorer.cli.errors import CliError, report_internal_error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Autograd Explorer, headless.")
    sub = parser.add_subparsers(dest="command", required=True)
    run.add_run(sub)
    code.add_code(sub)
    export.add_export(sub)
    lecture.add_export_lecture(sub)
    lecture.add_check_lecture(sub)
    return parser


def main(argv: list[str]) -> int:
    """Run one headless command; the exit code (0 ok, 1 the computation failed, 2 bad input, 3 a bug)."""
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
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the boundary: a bug becomes one line, exit 3
        return report_internal_error(exc)
