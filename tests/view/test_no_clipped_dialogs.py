"""Issue #16, no clipped text, in the window's dialogs: the About box, the Keyboard shortcuts
dialog, every card of the Getting started tour and Qt's own file dialog (whose labels, "Look
in:", "Files of type:", come from Qt's qtbase translation: Korean in the Korean interface),
in English and Korean at 100 % and 200 % (``clipping.py`` compares each text's metrics with
its widget)."""
from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel

from clipping import clipped_texts
from test_no_clipped_text import _at, _window, lang, settle  # noqa: F401 - lang is a fixture

HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.mark.parametrize("scale", (1.0, 2.0))
def test_the_about_box_cuts_no_text(new_window, lang, scale):
    w = _window(new_window)
    try:
        _at(w, scale)
        box = w.show_about()
        settle(lambda: clipped_texts(box))
        assert box.isVisible()
        box.close()
    finally:
        w.set_font_scale(1.0, save=False)


@pytest.mark.parametrize("scale", (1.0, 2.0))
def test_the_shortcuts_dialog_cuts_no_text(new_window, lang, scale):
    w = _window(new_window)
    try:
        _at(w, scale)
        w.show_shortcuts()
        dialog = w.shortcuts_dialog
        assert dialog.isVisible()
        settle(lambda: clipped_texts(dialog))
        dialog.reject()
    finally:
        w.set_font_scale(1.0, save=False)


@pytest.mark.parametrize("scale", (1.0, 2.0))
def test_every_card_of_the_tour_cuts_no_text(new_window, lang, scale):
    w = _window(new_window)
    try:
        _at(w, scale)
        tour = w.start_tour()
        assert tour is not None
        seen = []
        while tour.isVisible():
            seen.append(tour.title.text())
            settle(lambda: clipped_texts(tour))
            tour.advance()
        assert len(seen) >= 4
    finally:
        w.set_font_scale(1.0, save=False)


@pytest.mark.parametrize("scale", (1.0, 2.0))
def test_qts_file_dialog_cuts_no_text_and_speaks_the_language(new_window, lang, scale):
    import tempfile

    from explorer.view.i18n import tr

    w = _window(new_window)
    try:
        _at(w, scale)
        # Qt's own dialog, as offscreen and desktops without a native one show it
        # a short folder, as a home folder is (Qt elides a long path in "Look in" by design)
        folder = tempfile.mkdtemp(prefix="g", dir="/tmp")
        dialog = QFileDialog(w, tr("Open graph"), folder, "Graphs (*.json)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.resize(760, 480)
        dialog.open()
        labels = {name: dialog.findChild(QLabel, name).text()
                  for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel")}
        if lang == "ko":
            for name, text in labels.items():
                assert HANGUL.search(text), f"{name} {text!r} is not Korean (qtbase_ko not loaded?)"
        else:
            plain = {name: text.replace("&", "") for name, text in labels.items()}
            assert plain["lookInLabel"] == "Look in:" and plain["fileTypeLabel"] == "Files of type:"
        settle(lambda: clipped_texts(dialog))
        dialog.reject()
    finally:
        w.set_font_scale(1.0, save=False)


@pytest.mark.parametrize("scale", (1.0, 2.0))
def test_the_ops_tab_beside_the_inspector_cuts_no_text(new_window, lang, scale):
    """The palette shares the left column with the Inspector: in front, it cuts nothing."""
    w = _window(new_window)
    try:
        _at(w, scale)
        w.docks["palette"].raise_()
        settle(lambda: clipped_texts(w))
        assert not w.op_palette.visibleRegion().isEmpty()
    finally:
        w.set_font_scale(1.0, save=False)
