"""Fixtures shared by the view tests."""
import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def korean(qapp, monkeypatch, tmp_path):
    """The Korean interface installed for one test (settings isolated), English again after."""
    from explorer.view.lecture import hooks

    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "ko")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    assert hooks.install_translator(qapp) == "ko"
    yield
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "en")
    hooks.install_translator(qapp)


@pytest.fixture
def english(qapp, monkeypatch, tmp_path):
    """The English interface for one test (settings isolated), whatever the machine's locale."""
    from explorer.view.lecture import hooks

    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "en")
    assert hooks.install_translator(qapp) == "en"
