"""Autograd Explorer's entry point: the ``autograd-explorer`` command, ``python -m explorer`` and
the source checkout's ``python main.py`` all call :func:`main`.

    autograd-explorer [FILE] [--lecture FILE]      open the app (the seed example by default)
    autograd-explorer run FILE [--freeze a,b] [--json]
    autograd-explorer code FILE [--torch]
    autograd-explorer export FILE -o OUT [...]
    autograd-explorer export-lecture FILE -o DIR
    autograd-explorer check-lecture FILE
    autograd-explorer --version

Startup seam: the two imports inside :func:`main` are deliberate. A headless subcommand must
never load Qt widgets (``tests/model/test_no_qt.py``), and the GUI must not pay for the
command-line parsers; each branch imports only what it runs.
"""
from __future__ import annotations

import sys

from explorer import __version__

HEADLESS_COMMANDS = {"run", "code", "export", "export-lecture", "check-lecture"}


def main(argv: list[str] | None = None) -> int:
    """Run the GUI or a headless subcommand for ``argv`` (default: ``sys.argv[1:]``); the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["--version"], ["-V"]):
        print(f"autograd-explorer {__version__}")
        return 0
    if argv and argv[0] in HEADLESS_COMMANDS:
        from explorer.cli import main as cli_main, report_internal_error  # seam: __main__, headless (no Qt)

        try:
            return cli_main(argv)
        except Exception as exc:  # noqa: BLE001 - raised while building the parsers: still one line, exit 3
            return report_internal_error(exc)
    from explorer.view.app import main as gui_main  # seam: __main__, GUI (no command-line parsers)

    return gui_main(argv)


if __name__ == "__main__":
    sys.exit(main())
