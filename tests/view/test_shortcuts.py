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


# ------------------------------------------------------------------------------------ redo keys
class _LinuxKeySequence(QKeySequence):
    """QKeySequence with a Linux desktop's standard Redo (GNOME and KDE bind Ctrl+Shift+Z
    only). Qt's offscreen platform, which the tests run on, answers with Windows' list
    (Ctrl+Y first), where the old duplicate stayed hidden."""

    def __init__(self, *args):
        if len(args) == 1 and isinstance(args[0], QKeySequence.StandardKey) \
                and args[0] == QKeySequence.StandardKey.Redo:
            args = ("Ctrl+Shift+Z",)
        super().__init__(*args)

    @staticmethod
    def keyBindings(key):  # noqa: N802 - Qt's name
        if key == QKeySequence.StandardKey.Redo:
            return [QKeySequence("Ctrl+Shift+Z")]
        return QKeySequence.keyBindings(key)


def _redo_by_keys(window, qtbot, target) -> dict[str, bool]:
    """Add a leaf, undo it, press each redo key on ``target``: did that key bring it back?"""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from explorer.model.commands import AddNodeCommand, leaf_node

    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    worked = {}
    for name, key, mods in (("Ctrl+Shift+Z", Qt.Key.Key_Z, ctrl | shift), ("Ctrl+Y", Qt.Key.Key_Y, ctrl)):
        doc = window.document
        node = leaf_node(doc, f"k{len(doc.nodes)}", [1.0, 2.0])
        assert window.undo_stack.push_command(AddNodeCommand(node))
        window.undo_stack.undo()
        assert node.id not in doc.nodes
        QTest.keyClick(target, key, mods)
        qtbot.wait(10)
        worked[name] = node.id in doc.nodes
    return worked


def _shortcut_rows(window) -> list[str]:
    from PySide6.QtWidgets import QTableWidget

    window.show_shortcuts()
    table = window.shortcuts_dialog.findChild(QTableWidget)
    rows = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    window.shortcuts_dialog.close()
    return rows


def _check_redo_from_the_keyboard(new_window, qtbot, qtlog):
    window = new_window(show=True)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)   # window shortcuts only fire in the active window
    for target in (window.view.viewport(), window):   # the canvas has the keyboard, or the window
        window.view.setFocus() if target is not window else window.setFocus()
        assert _redo_by_keys(window, qtbot, target) == {"Ctrl+Shift+Z": True, "Ctrl+Y": True}
    ambiguous = [r.message for r in qtlog.records if "mbiguous" in r.message]
    assert not ambiguous, ambiguous
    redo_keys = _shortcut_rows(window)["Redo"].split(" / ")
    assert sorted(redo_keys) == ["Ctrl+Shift+Z", "Ctrl+Y"], redo_keys
    for what, keys in _shortcut_rows(window).items():
        listed = keys.split(" / ")
        assert len(listed) == len(set(listed)), f"Help ▸ Keyboard shortcuts lists a key twice: {what}: {keys}"


def test_ctrl_y_and_ctrl_shift_z_redo_on_a_linux_desktop(new_window, qtbot, qtlog, monkeypatch):
    """With Linux's standard Redo (Ctrl+Shift+Z), Redo used to hold that key twice: Qt
    printed "Ambiguous shortcut overload", neither key redid and the help listed
    "Ctrl+Shift+Z / Ctrl+Shift+Z". Real key presses on the canvas and on the window now redo."""
    import explorer.view.main_window as main_window

    monkeypatch.setattr(main_window, "QKeySequence", _LinuxKeySequence)
    _check_redo_from_the_keyboard(new_window, qtbot, qtlog)


def test_ctrl_y_and_ctrl_shift_z_redo_with_this_platforms_keys(new_window, qtbot, qtlog):
    _check_redo_from_the_keyboard(new_window, qtbot, qtlog)


def test_no_action_holds_a_key_twice(qtbot, monkeypatch):
    """A key listed twice on one action is as broken as a key shared by two actions (Qt finds
    it ambiguous); checked with Linux's standard keys and with this platform's, with every
    extension's actions installed."""
    import explorer.view.main_window as main_window
    from explorer.view.app import install_extensions

    for keys in (QKeySequence, _LinuxKeySequence):
        monkeypatch.setattr(main_window, "QKeySequence", keys)
        window = main_window.MainWindow()
        window.maybe_save = lambda *a, **k: True
        qtbot.addWidget(window)
        install_extensions(window)
        owners: dict[str, list[str]] = defaultdict(list)
        for action in window.findChildren(QAction):
            listed = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()]
            assert len(listed) == len(set(listed)), f"{action.text()!r} holds a key twice: {listed}"
            for key in listed:
                owners[key].append(action.text())
        assert {k: v for k, v in owners.items() if len(v) > 1} == {}
        assert owners["Ctrl+Y"] == owners["Ctrl+Shift+Z"] == ["&Redo"]
