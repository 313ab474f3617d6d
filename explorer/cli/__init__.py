"""Headless command line: ``autograd-explorer run|code|export|export-lecture|check-lecture ...``
(``python main.py ...`` from a checkout).

One module per command (:mod:`.run`, :mod:`.code`, :mod:`.export`, :mod:`.lecture`), the parser
and the error boundary in :mod:`.parser`, the one-line error reporting in :mod:`.errors`. Bad
input exits with code 2 and one line on stderr (what and where), never a traceback; anything
unexpected (a bug) exits with code 3 and one line naming the log file that holds the traceback.

Nothing here imports Qt: the export commands import the view only when they run.
"""
from explorer.cli.errors import EXIT_INTERNAL, CliError, crash_log_dir, report_internal_error
from explorer.cli.parser import build_parser, main

__all__ = ["EXIT_INTERNAL", "CliError", "build_parser", "crash_log_dir", "main", "report_internal_error"]
