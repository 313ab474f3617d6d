"""Test configuration shared by every layer: Qt always runs offscreen in tests, and a run
over many test files spreads them over the machine's cores (pytest-xdist, one file per worker
at a time), while a run of a few files stays in one process."""
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the app's QSettings away from the user's real preferences while tests run.
os.environ.setdefault("AUTOGRAD_EXPLORER_SETTINGS", "test")

#: Runs naming fewer test files than this stay in one process: starting workers (each imports
#: and collects the tests again) costs more than it saves, and -x, --pdb and prints read simply.
PARALLEL_FROM_FILES = 8


def _test_files_named(config: pytest.Config) -> int:
    """How many test files the command line names (directories count their test files)."""
    args = config.args or [str(config.rootpath / p) for p in config.getini("testpaths")]
    count = 0
    for arg in args:
        path = Path(config.invocation_params.dir, arg.split("::")[0])
        count += len(list(path.rglob("test_*.py"))) if path.is_dir() else 1
    return count


@pytest.hookimpl(wrapper=True)
def pytest_cmdline_main(config: pytest.Config):
    # `python -m pytest` (the README's and CI's command) runs in parallel on every core:
    # `-n auto --dist loadfile` unless the command line chose (-n N, -n 0, -p no:xdist).
    # loadfile keeps each file's module-scoped work (one torch interpreter for a corpus, a
    # cached batch run) done once, on one worker.
    # (A worker runs this hook too, with -n cleared: it must not start workers of its own.)
    if (config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput")
            and config.option.numprocesses is None and not config.option.usepdb and _test_files_named(config) >= PARALLEL_FROM_FILES):
        config.option.numprocesses = "auto"
        if config.option.dist == "no":
            config.option.dist = "loadfile"
        # A worker that dies (pytest-timeout's thread method ends the process, as it ends a
        # one-process run) stops the run: pytest-xdist 3.8's loadfile scheduler can wait
        # forever after replacing a crashed worker (pytest-xdist issues #1323, #1378).
        if config.option.maxworkerrestart is None:
            config.option.maxworkerrestart = 0
    return (yield)


#: The corpus comparisons run a whole corpus in one interpreter inside their first test
#: (heldout_run.run_all, real_programs.run_torch_all; their own limits are 900-1200 s): that
#: test may take longer than the 180 s meant for a GUI test stuck on a modal dialog.
CORPUS_TIMEOUT = 900


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    parity = Path(__file__).resolve().parent / "parity"
    for item in items:
        if item.path.parent == parity and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(CORPUS_TIMEOUT))


def pytest_sessionfinish(session, exitstatus):
    # Qt's offscreen clipboard segfaults the interpreter at exit if it still holds QMimeData
    # set from Python (the canvas's Copy): empty it while Qt is still alive.
    import sys

    if "PySide6.QtGui" not in sys.modules:
        return
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is not None:
        app.clipboard().clear()
