"""Headless command line: ``autograd-explorer run|code|export|export-lecture|check-lecture ...``
(``python main.py ...`` from a checkout).

One module per command (:mod:`.run`, :mod:`.code`, :mod:`.export`, :mod:`.lecture`), the parser
and the error boundary in :mod:`.parser`, the one-line error reporting in :mod:`.errors`. Bad
input exits with code 2 and one line on stderr (what and where), never a traceback; anything
unexpected (a bug) exits with code 3 and one line naming the log file that holds the traceback.

Startup seam (the command line's; the other is :mod:`explorer.__main__`'s GUI/headless split):
building the parser imports no model, engine or Qt module. Each command's handler imports what
it runs when it runs, in one import marked ``# seam: CLI command`` (the export commands alone
load the view and Qt), so a headless command costs only its own imports
(``tests/model/test_size_bombs.py`` times one).
"""
from explorer.cli.errors import EXIT_INTERNAL, CliError, crash_log_dir, report_internal_error
from explorer.cli.parser import build_parser, main

__all__ = ["EXIT_INTERNAL", "CliError", "build_parser", "crash_log_dir", "main", "report_internal_error"]
