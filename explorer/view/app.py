"""Start the GUI: ``python main.py [FILE] [--lecture FILE]``.

Creates the QApplication, applies the theme (following the system's light/dark scheme unless
the user chose one), opens FILE or the seed example, offers recovered unsaved work, and routes
uncaught exceptions to the messages dock instead of aborting.

Start-up is staged so the window appears at once, around two documented seams:

1. This module imports only Qt and the window's frame (menus, toolbar, docks, an empty canvas:
   :mod:`explorer.view.main_window` and the modules it imports, none of which imports numpy,
   networkx, the engine or the model layer); the frame is built and painted first.
2. Then :func:`load_after_first_paint` calls ``MainWindow.attach_model``, which imports
   :mod:`explorer.view.window.model_side` -- the document, the runner, the canvases and the
   controllers that act on them, each importing the model at its own top -- opens the document
   and builds the canvas. Extensions (export, lecture mode; :data:`EXTENSIONS`, by name) and the
   recovery offer follow the canvas's first paint. pyqtgraph is imported only when a plot is
   opened (:mod:`explorer.view.plots.hooks`).

Launch measurement (``benchmarks/launch_bench.py``): ``AUTOGRAD_EXPLORER_QUIT_AFTER_PAINT=1``
quits right after the window's first paint, ``=graph`` after the canvas first painted the
opened document; both print the time since the process started (``AUTOGRAD_EXPLORER_T0``, a
``time.time()`` stamp taken by the caller before it started the process, or else the start
time in ``/proc/self/stat``).
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
import traceback

_STARTED = time.perf_counter()

# Only Qt and the window's frame here (seam 1). numpy, networkx and the engine (~0.5-0.8 s of
# imports) are loaded after the window's first paint (MainWindow.attach_model, seam 2), where
# they cost the user nothing visible.
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

import resources
from explorer.view import desktop, i18n
from explorer.view.desktop import icon_path
from explorer.view.i18n import tr
from explorer.view.lecture.extension import lecture_of
from explorer.view.main_window import MainWindow
from explorer.view.panels.tour import offer_on_first_start

QUIT_AFTER_PAINT_ENV = "AUTOGRAD_EXPLORER_QUIT_AFTER_PAINT"
LAUNCH_T0_ENV = "AUTOGRAD_EXPLORER_T0"
HEAVY_MODULES = ("numpy", "networkx", "engine", "explorer.model.document", "pyqtgraph")
log = logging.getLogger("explorer")

# ---------------------------------------------------------------------- errors
def install_excepthook(window) -> None:
    """Report uncaught exceptions (e.g. in a slot) in the messages dock and keep running."""
    previous = sys.excepthook
    busy = [False]

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(text)
        if busy[0]:
            return
        busy[0] = True
        try:
            window.messages.error(tr("Unexpected error ({kind}): {error} — the app keeps running; "
                                     "details were printed to the console").format(kind=exc_type.__name__, error=exc))
            window.statusBar().showMessage(tr("Unexpected error: {error}").format(error=exc), 8000)
        except Exception:  # the window may be half torn down
            pass
        finally:
            busy[0] = False

    sys.excepthook = hook


# ---------------------------------------------------------------------- start-up
def process_age() -> float | None:
    """Seconds since this process started: from the caller's ``AUTOGRAD_EXPLORER_T0`` stamp
    (includes exec and interpreter start-up exactly), else from /proc (10 ms ticks), else None."""
    stamp = os.environ.get(LAUNCH_T0_ENV)
    if stamp:
        try:
            return time.time() - float(stamp)
        except ValueError:
            pass
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
    except (OSError, ValueError, IndexError):
        return None


def _launch_report(what: str) -> str:
    age = process_age()
    since = f"{age:.3f} s after process start, " if age is not None else ""
    loaded = [m for m in HEAVY_MODULES if m in sys.modules]
    return (f"{what} {since}{time.perf_counter() - _STARTED:.3f} s after app import; "
            f"loaded: {', '.join(loaded) or 'none of ' + '/'.join(HEAVY_MODULES)}\n")


class _AfterFirstPaint(QObject):
    """Calls ``callback`` once, from the event loop, after ``widget`` painted for the first
    time (or after ``fallback_ms`` if it is never painted, e.g. a minimised window)."""

    def __init__(self, widget: QWidget, callback, fallback_ms: int = 1500) -> None:
        super().__init__(widget.window())  # the window outlives a placeholder widget
        self.callback = callback
        self.fired = False
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._fire)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self.fired:
            QTimer.singleShot(0, self._fire)  # after the paint has been flushed to the screen
        return False

    def _fire(self) -> None:
        if not self.fired:
            self.fired = True
            self.callback()


class _FirstPaint(QObject):
    """Quits the app right after ``widget`` painted once (launch-time measurement)."""

    def __init__(self, app: QApplication, what: str = "first paint") -> None:
        super().__init__(app)
        self.app = app
        self.what = what
        self.done = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            sys.stderr.write(_launch_report(f"{self.what} after"))
            QTimer.singleShot(0, self.app.quit)
        return False


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="Autograd Explorer")
    parser.add_argument("file", nargs="?", help="a graph (.json) or a script to open")
    parser.add_argument("--lecture", metavar="FILE", help="open a lecture file")
    args, _unknown = parser.parse_known_args(argv)  # Qt's own options (-style, ...) pass through
    return args


def create_window(argv: list[str], app: QApplication | None = None):
    """Build the main window for these arguments and open the requested file, all at once (no
    event loop; tests use it). :func:`main` builds the same window in two stages instead.

    Extensions (lecture mode, ...) are installed by :func:`finish_startup`, after the first
    paint, so they never slow the launch."""
    window = MainWindow()
    install_excepthook(window)
    window.startup_args = parse_args(argv)
    open_startup_document(window)
    return window


def open_startup_document(window) -> None:
    """Open FILE from the command line, or the seed example."""
    args = window.startup_args
    if args.file:
        if not window.open_path(args.file, ask=False, modal=False):
            window.messages.warning(tr("Started with an empty graph because the file could not be opened"))
    elif resources.SEED_EXAMPLE.exists():
        window.open_example(resources.SEED_EXAMPLE)
    else:
        window.messages.warning(tr("The seed example (resources/examples/seed.json) is missing"))


def load_after_first_paint(window, quit_mode: str = "") -> None:
    """Second stage of the launch: the model layer, the document and the canvas; then, after
    the canvas painted, the extensions and the recovery offer."""
    _phase("first paint flushed; loading the model layer")
    window.attach_model()
    open_startup_document(window)
    _phase("model attached, file opened")
    viewport = window.view.viewport()
    if quit_mode == "graph":
        viewport.installEventFilter(_FirstPaint(QApplication.instance(), "graph painted"))
    elif not quit_mode:
        window._after_graph_paint = _AfterFirstPaint(viewport, lambda: finish_startup(window))


# Modules with an ``install(window)`` function that adds panels, menus and toolbars to the
# window without the window knowing them. A missing module is skipped.
# Installed after the first paint: importing them costs launch time the user would notice.
EXTENSIONS = ("explorer.view.export_dialog", "explorer.view.lecture.hooks", "explorer.view.forward_mode",
              "explorer.view.plots.hooks", "explorer.view.paths_controller")


def install_extensions(window, app: QApplication | None = None) -> None:
    """The UI language first (it belongs to the app, not to an extension), then each extension."""
    i18n.install_translator(app or QApplication.instance(), window.settings)
    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # not part of this build
            raise
        try:
            module.install(window)
        except Exception as exc:  # an extension must never take the window down
            log.error("extension %s failed:\n%s", name, traceback.format_exc())
            window.messages.error(tr("{name} could not be loaded: {error}").format(name=name, error=exc))
    window.restore_dock_state()


def finish_startup(window) -> None:
    """What follows the first paint: extensions, a requested lecture, recovered work.

    Whatever goes wrong before it (a bad --lecture, an extension that fails), the recovery
    offer still comes: the error is one line in the messages, and unsaved work is never
    skipped (issue 12)."""
    step = tr("Start-up")
    args = getattr(window, "startup_args", None)
    try:
        install_extensions(window)
        if args is not None and args.lecture:
            step = f"--lecture {args.lecture}"
            lecture = lecture_of(window)
            if lecture is None:
                window.messages.error(tr("Lecture mode is not available in this build"))
            else:
                lecture.open_lecture(args.lecture)
    except Exception as exc:  # noqa: BLE001 - reported, and the recovery offer below still runs
        log.error("start-up step failed:\n%s", traceback.format_exc())
        window.messages.error(f"{step}: " + (" ".join(str(exc).split()) or type(exc).__name__))
    finally:
        window.offer_recovery()
    if args is None or not (args.lecture or args.file):
        offer_on_first_start(window)  # the first start, on the seed: Help ▸ Getting started, skippable


def _phase(name: str) -> None:
    if os.environ.get(QUIT_AFTER_PAINT_ENV, "") not in ("", "0"):
        sys.stderr.write(f"  {time.perf_counter() - _STARTED:6.3f} s  {name}\n")


def app_icon() -> QIcon:
    """The app icon (window, taskbar, about box): resources/icons/autograd-explorer.svg."""
    return QIcon(str(icon_path()))


def main(argv: list[str]) -> int:
    _phase("imports done")
    done = desktop.main(argv)  # --install-desktop: the launcher entry, icon and file type; no window
    if done is not None:
        return done
    QApplication.setApplicationName("Autograd Explorer")
    QApplication.setOrganizationName("AutogradExplorer")
    # The .desktop file's name: Wayland compositors and taskbars match the window to its launcher.
    QGuiApplication.setDesktopFileName(desktop.APP_ID)
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setStyle("Fusion")
    app.setWindowIcon(app_icon())
    _phase("QApplication")
    quit_mode = os.environ.get(QUIT_AFTER_PAINT_ENV, "")
    quit_mode = "" if quit_mode in ("", "0") else ("graph" if quit_mode == "graph" else "window")
    window = MainWindow(deferred=True)  # the frame only: no numpy / networkx / engine yet
    install_excepthook(window)
    window.startup_args = parse_args(argv)
    _phase("window frame built")
    placeholder = window.canvas_placeholder
    if quit_mode == "window":
        placeholder.installEventFilter(_FirstPaint(app, "first paint"))
    else:
        window._after_frame_paint = _AfterFirstPaint(placeholder, lambda: load_after_first_paint(window, quit_mode))
    window.show()
    _phase("shown")
    code = int(app.exec())
    if app.platformName() == "offscreen":
        app.clipboard().clear()  # Qt's offscreen clipboard segfaults at exit while holding QMimeData
    return code
