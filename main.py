"""Autograd Explorer entry point.

    python main.py [FILE] [--lecture FILE]      open the app (the seed example by default)
    python main.py run FILE [--freeze a,b] [--json]
    python main.py code FILE [--torch]
    python main.py export FILE -o OUT [...]
    python main.py export-lecture FILE -o DIR
    python main.py check-lecture FILE

Headless subcommands never import Qt widgets unless they render.
"""
from __future__ import annotations

import sys

HEADLESS_COMMANDS = {"run", "code", "export", "export-lecture", "check-lecture"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in HEADLESS_COMMANDS:
        from explorer.cli import main as cli_main, report_internal_error

        try:
            return cli_main(argv)
        except Exception as exc:  # noqa: BLE001 - raised while building the parsers: still one line, exit 3
            return report_internal_error(exc)
    from explorer.view.app import main as gui_main

    return gui_main(argv)


if __name__ == "__main__":
    sys.exit(main())
