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


@pytest.fixture
def new_window(qtbot, monkeypatch, tmp_path):
    """Makes main windows as tests need them: settings isolated under tmp_path, "save changes?"
    answered Discard, each window closed with the test. ``make(path, size=(w, h), show=True,
    extensions=(install, ...))`` sizes, shows, installs extensions, then opens ``path``."""
    from explorer.view.main_window import MainWindow

    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))

    def make(path=None, size=None, show: bool = False, extensions=()) -> MainWindow:
        w = MainWindow()
        qtbot.addWidget(w)
        if size is not None:
            w.resize(*size)
        if show:
            w.show()
            qtbot.waitExposed(w)
        for install in extensions:
            install(w)
        if path is not None:
            assert w.open_path(str(path), ask=False)
        return w

    return make
