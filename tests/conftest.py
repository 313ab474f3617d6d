"""Test configuration shared by every layer: Qt always runs offscreen in tests."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the app's QSettings away from the user's real preferences while tests run.
os.environ.setdefault("AUTOGRAD_EXPLORER_SETTINGS", "test")


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
