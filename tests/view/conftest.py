"""Fixtures shared by the view tests."""
import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def korean(qapp, monkeypatch, tmp_path):
    """The Korean interface installed for one test (settings isolated), English again after."""
    from explorer.view import i18n

    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "ko")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    assert i18n.install_translator(qapp) == "ko"
    yield
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "en")
    i18n.install_translator(qapp)


@pytest.fixture
def english(qapp, monkeypatch, tmp_path):
    """The English interface for one test (settings isolated), whatever the machine's locale."""
    from explorer.view import i18n

    monkeypatch.setenv("AUTOGRAD_EXPLORER_SETTINGS", str(tmp_path / "settings"))
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "en")
    assert i18n.install_translator(qapp) == "en"


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


@pytest.fixture
def lecture_window(qtbot):
    """A 1400×900 window with the lecture extension, shown; at teardown any lecture is left
    and closed and the theme and font scale are back to the defaults."""
    from explorer.view import theme
    from explorer.view.lecture.hooks import install
    from explorer.view.main_window import MainWindow

    w = MainWindow()
    w.maybe_save = lambda *a, **k: True   # closing at teardown must not wait on a Save? dialog
    # nor on "save the lecture?" (qtbot closes the window before this fixture's teardown)
    qtbot.addWidget(w, before_close_func=lambda w: setattr(w.context.extension("lecture").author, "dirty", False))
    if w.context.extension("lecture") is None:
        install(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    ctl = w.context.extension("lecture").controller
    if ctl.presenting:
        ctl.leave_presentation()
    ctl.close_lecture()
    theme.set_theme("light")
    theme.set_font_scale(1.0)
