"""With the Korean translation installed, what a user sees in the main window is Korean:
menus, actions, dock titles, toolbars, the status bar counts, the inspector (nothing selected,
a node selected), the palette's categories, run messages. Identifiers (``a``, ``MulBackward0``,
``requires_grad``), numbers and file names stay as they are."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QAbstractButton, QDockWidget, QLabel, QMenu, QTabBar,
                               QTableWidget, QToolBar, QTreeWidget)

from explorer.view import i18n

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def english_sources() -> set[str]:
    """Every source text of the .ts whose Korean differs from it (so seeing it means untranslated)."""
    root = ET.parse(i18n.translations_dir() / "explorer_ko.ts").getroot()
    out = set()
    for msg in root.iter("message"):
        source, tr = msg.findtext("source") or "", msg.findtext("translation") or ""
        if tr and tr != source and "{" not in source:
            out.add(source)
    return out


def visible_texts(w) -> list[tuple[str, str]]:
    """(where, text) for the checked widgets: menus and their actions, toolbars, dock titles,
    the status bar, visible labels and buttons, tab titles, the palette's groups."""
    out: list[tuple[str, str]] = []
    for action in w.menuBar().actions():
        out.append(("menu bar", action.text()))
    for menu in w.menuBar().findChildren(QMenu):
        menu.aboutToShow.emit()
        out.append(("menu title", menu.title()))
        for a in menu.actions():
            if not a.isSeparator():
                out += [("menu action", a.text()), ("action tip", a.toolTip())]
    for tb in w.findChildren(QToolBar):
        if tb.isVisible():
            out.append(("toolbar title", tb.windowTitle()))
            for a in tb.actions():
                if a.isVisible() and not a.isSeparator():
                    out += [("toolbar action", a.text()), ("toolbar label", a.iconText()),
                            ("toolbar tip", a.toolTip())]
    for dock in w.findChildren(QDockWidget):
        out.append(("dock title", dock.windowTitle()))
    for widget in [*w.findChildren(QLabel), *w.findChildren(QAbstractButton)]:
        if widget.isVisible():
            out.append((f"{type(widget).__name__} {widget.objectName()}", widget.text()))
            out.append(("tooltip", widget.toolTip()))
    for bar in w.findChildren(QTabBar):
        if bar.isVisible():
            out += [("tab", bar.tabText(i)) for i in range(bar.count())]
    for tree in w.findChildren(QTreeWidget):
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            out.append(("palette group", top.text(0)))
            out += [("palette tip", top.child(j).toolTip(0)) for j in range(top.childCount())
                    if top.child(j).data(0, 0x0100) != "op"]  # op docs come from the engine
    out.append(("status", w.status_label.text()))
    out.append(("status message", w.statusBar().currentMessage()))
    return out


def still_english(texts, english) -> list[tuple[str, str]]:
    return [(where, t) for where, t in texts if t and (t in english or t.replace("&", "") in english)]


def test_korean_main_window_has_no_english_ui_text(qtbot, korean):
    from explorer.view.app import create_window, install_extensions

    english = english_sources()
    assert {"Nothing selected", "&File", "arithmetic", "Keyboard shortcuts"} <= english
    w = create_window([])
    w.maybe_save = lambda *a, **k: True
    qtbot.addWidget(w)
    install_extensions(w)
    w.resize(1500, 950)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(50)  # the deferred retranslation pass

    # the palette's groups are Korean; op identifiers stay as code
    assert QCoreApplication.translate("category", "arithmetic") == "산술"
    w.run_backward()
    messages = [t for _lvl, t in w.messages.entries()] if hasattr(w.messages, "entries") else []
    summary = w.statusBar().currentMessage()
    assert summary.startswith("역전파") and "a.grad" in summary, summary
    assert HANGUL.search(w.status_label.text()), w.status_label.text()

    w.scene.select_ids([], emit=True)
    qtbot.waitUntil(lambda: w.inspector.title.text() == "선택된 항목 없음", timeout=2000)
    nothing = visible_texts(w)
    assert still_english(nothing, english) == []

    a = w.document.node_by_name("a").id
    w.scene.select_ids([a], emit=True)
    qtbot.waitUntil(lambda: w.inspector.title.text() == "a", timeout=2000)
    assert HANGUL.search(w.inspector.subtitle.text())  # "리프 텐서"
    selected = visible_texts(w)
    assert still_english(selected, english) == []
    if messages:
        assert any(HANGUL.search(m) for m in messages)

    SCREENSHOTS.mkdir(exist_ok=True)
    assert w.grab().save(str(SCREENSHOTS / "korean_main_window.png"))
    w.actions["view_side"].trigger()  # a checked view button must keep its Korean label
    qtbot.wait(10)
    assert still_english(visible_texts(w), english) == []

    # dialogs made later are Korean too: the shortcuts table, the export dialog
    w.show_shortcuts()
    table = w.shortcuts_dialog.findChild(QTableWidget)
    whats = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert w.shortcuts_dialog.windowTitle() == "단축키"
    assert [t for t in whats if t in english] == []
    w.shortcuts_dialog.close()
    from explorer.view.export_dialog import open_export_dialog

    dialog = open_export_dialog(w)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: HANGUL.search(dialog.windowTitle()) is not None, timeout=3000)
    texts = [(type(x).__name__, x.text()) for x in [*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)]]
    assert still_english(texts, english) == []
    qtbot.wait(50)  # the form re-lays out for the longer Korean labels
    dialog.grab().save(str(SCREENSHOTS / "korean_export_dialog.png"))
    dialog.reject()

    # a plot window: its title, key and notes under the curve
    plots = next((c for c in w.children() if type(c).__name__ == "PlotsExtension"), None)
    if plots is not None:
        slope = plots.open_slope()
        slope.activateWindow()
        qtbot.waitUntil(lambda: HANGUL.search(slope.windowTitle()) is not None, timeout=3000)
        labels = [x.text() for x in slope.findChildren(QLabel) if x.isVisible() and x.text()]
        assert any("역전파로 구한 기울기" in t for t in labels) or any(HANGUL.search(t) for t in labels), labels
        assert still_english([("slope", t) for t in labels], english) == []
        slope.close()


def test_formatted_texts_translate_as_templates(korean):
    from explorer.view.i18n import tr

    assert tr("{nodes} nodes · {edges} edges · root: {root}").format(nodes=9, edges=8, root="Q") == \
        "노드 9개 · 간선 8개 · 뿌리: Q"
    assert tr("Opened {path}").format(path="x.json").endswith("x.json")
    # the category "shape" is not the field "shape"
    assert tr("shape", "category") != tr("shape")


def test_op_docs_in_the_add_node_popup_are_korean_and_searchable_both_ways(korean):
    from engine.ops import OPS
    from explorer.view.canvas.search import entries

    english = english_sources()
    rows = {op: (title, search) for kind, op, title, search in entries() if kind == "op"}
    assert set(rows) == set(OPS)
    for name, (title, search) in rows.items():
        if OPS[name].doc in english:  # a doc that is only a formula reads the same in Korean
            assert OPS[name].doc not in title, f"{name}: the op's description is still English"
        assert OPS[name].doc.lower() in search          # an English search still finds it
    leaf_title = next(title for kind, _op, title, _s in entries() if kind == "leaf")
    assert leaf_title not in english and "requires_grad=True" in leaf_title
