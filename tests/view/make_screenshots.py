"""Render the default window (first start on a 1600×1000 screen: 1472×920) on the seed, built by
hand through the Tab popup, in light and dark, English and Korean, into this folder.

    QT_QPA_PLATFORM=offscreen python tests/view/make_screenshots.py
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "screenshots"
sys.path.insert(0, str(HERE.parents[2]))


def main() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    from explorer.view import paths_controller
    from explorer.view import i18n
    from explorer.view import theme as theme_module
    from explorer.view.lecture import hooks
    from explorer.view.main_window import MainWindow

    HERE.mkdir(exist_ok=True)
    for lang in ("en", "ko"):
        os.environ["AUTOGRAD_EXPLORER_LANG"] = lang
        i18n.install_translator(app)
        for theme in ("light", "dark"):
            os.environ["AUTOGRAD_EXPLORER_SETTINGS"] = tempfile.mkdtemp()
            theme_module.apply_theme(theme)
            w = MainWindow()
            hooks.install(w)
            w.set_theme(theme, save=False)
            w.resize(1472, 920)
            w.show()
            QTest.qWait(100)
            view = w.view
            view.setFocus()
            QTest.keyClick(view, Qt.Key.Key_Tab)
            QTest.keyClicks(view.search_popup.field, "Q = 3*a**3 - b**2")
            QTest.keyClick(view.search_popup.field, Qt.Key.Key_Return)
            from explorer.model import commands as C

            doc = w.document
            w.push(C.SetValueCommand(doc.node_by_name("a").id, [2.0, 3.0]))
            w.push(C.SetValueCommand(doc.node_by_name("b").id, [6.0, 4.0]))
            w.run_backward()
            w.scene.select_ids([], emit=True)   # the Inspector shows the graph, not the last selection
            QTest.qWait(100)
            view.fit_readable()
            QTest.qWait(100)
            w.grab().save(str(HERE / f"default_window_{theme}_{lang}.png"))
            # the chain rule on the graph: a selected, its path lit, the sum = a.grad in the panel
            paths_controller.install(w)
            w.scene.select_ids([doc.node_by_name("a").id], emit=True)
            QTest.qWait(100)
            view.fit_all()
            QTest.qWait(100)
            w.grab().save(str(HERE / f"paths_{theme}_{lang}.png"))
            w.undo_stack.setClean()  # no "save changes?" box
            w.close()
            w.deleteLater()
            QTest.qWait(50)


if __name__ == "__main__":
    main()
