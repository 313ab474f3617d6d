"""How the command line fails: bad input is one line and exit code 2 (:data:`CliError`); a bug is
one line naming a log file that holds the traceback, exit code 3 (:func:`report_internal_error`)."""
from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from explorer.model.input_error import InputError, one_line

#: A user-facing failure: printed as one line, exit code 2. The model's :class:`InputError`
#: under the command line's name, so the loaders and the view's export raise the same class.
CliError = InputError

#: Exit code for a bug (bad input is 2).
EXIT_INTERNAL = 3


def crash_log_dir() -> Path:
    """Where tracebacks of internal errors go: the user's cache folder
    (``$XDG_CACHE_HOME/autograd-explorer``, else ``~/.cache/autograd-explorer``; beside the
    isolated settings when AUTOGRAD_EXPLORER_SETTINGS is set, as the tests do)."""
    isolated = os.environ.get("AUTOGRAD_EXPLORER_SETTINGS")
    if isolated:  # a relative value means "a throwaway folder", as for the settings
        return Path(isolated) / "logs" if os.path.isabs(isolated) else Path(tempfile.gettempdir()) / "autograd-explorer-logs"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "autograd-explorer"


def report_internal_error(exc: BaseException) -> int:
    """Print one line for an unexpected exception, write its traceback to a log file, return 3."""
    detail = one_line(f"{type(exc).__name__}: {exc}")
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
