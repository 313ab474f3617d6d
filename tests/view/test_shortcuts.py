"""Every keyboard shortcut in the fully equipped window (menus of all extensions installed) is
bound to exactly one action: Qt fires neither action of an ambiguous pair, so a clash silently
breaks both keys (F5 was once both Backward and Presentation Mode)."""
from collections import defaultdict

from PySide6.QtGui import QAction, QKeySequence


def test_no_two_actions_share_a_shortcut(qtbot):
    from explorer.view.app import install_extensions
    from explorer.view.main_window import MainWindow

    window = MainWindow()
    window.maybe_save = lambda *a, **k: True
    qtbot.addWidget(window)
    install_extensions(window)
    owners: dict[str, set[str]] = defaultdict(set)
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            if not seq.isEmpty():
                owners[seq.toString(QKeySequence.SequenceFormat.PortableText)].add(action.text())
    assert owners, "the window has no shortcuts at all"
    clashes = {key: names for key, names in owners.items() if len(names) > 1}
    assert not clashes, f"shortcuts bound to several actions: {clashes}"
    assert "F11" in owners and "F5" in owners


def test_quit_has_a_key_on_every_platform(qtbot):
    """Qt's standard Quit key is empty on Windows and on the offscreen platform these tests run
    on; the window falls back to Ctrl+Q there instead of leaving Quit without a key."""
    from explorer.view.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    keys = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in window.actions["quit"].shortcuts()]
    assert keys and all(keys)
    standard = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    if not standard:
        assert keys == ["Ctrl+Q"]
