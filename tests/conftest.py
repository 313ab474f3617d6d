"""Test configuration shared by every layer: Qt always runs offscreen in tests."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the app's QSettings away from the user's real preferences while tests run.
os.environ.setdefault("AUTOGRAD_EXPLORER_SETTINGS", "test")
