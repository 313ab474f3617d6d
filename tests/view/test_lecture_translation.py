"""The Korean interface: a complete .ts, a loadable .qm, translated menus, language choice."""
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from explorer.view import i18n

from explorer.view.lecture import hooks

TS = i18n.translations_dir() / "explorer_ko.ts"


def test_every_string_in_the_korean_source_is_translated():
    root = ET.parse(TS).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 150
    untranslated = [m.findtext("source") for m in messages
                    if not (m.findtext("translation") or "").strip()
                    or m.find("translation").get("type") == "unfinished"]
    assert untranslated == []
    assert (i18n.translations_dir() / "explorer_ko.qm").stat().st_size > 1000


@pytest.fixture
def korean(qapp, monkeypatch):
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "ko")
    assert i18n.install_translator(qapp) == "ko"
    yield
    monkeypatch.setenv("AUTOGRAD_EXPLORER_LANG", "en")
    i18n.install_translator(qapp)


def test_korean_translator_translates_the_window(qtbot, korean):
    from explorer.view.main_window import MainWindow

    assert QCoreApplication.translate("ui", "&File") == "파일(&F)"
    assert QCoreApplication.translate("ChainRule", "Backward step %1 of %2") == "역전파 %2단계 중 %1단계"
    w = MainWindow()
    w.maybe_save = lambda *a, **k: True
    qtbot.addWidget(w)
    if w.context.extension("lecture") is None:
        hooks.install(w)
    titles = [a.text() for a in w.menuBar().actions() if a.text()]
    assert "파일(&F)" in titles and "강의(&L)" in titles and "도움말(&H)" in titles
    # every menu and every action in them has Korean text (complete translation of menus)
    english = []
    for action in w.menuBar().actions():
        menu = action.menu()
        if menu is None:
            continue
        menu.aboutToShow.emit()
        for a in menu.actions():
            text = a.text().replace("&", "")
            if text and not a.isSeparator() and text.isascii() and any(c.isalpha() for c in text):
                english.append(text)
    # names of files and examples are data, not UI; everything else must be Korean
    assert [t for t in english if not t.endswith((".json", ".py"))] == []
    assert w.context.extension("lecture").panel.lecture_title.text() == "열린 강의가 없습니다"
    assert w.context.extension("lecture").toolbar.act_play.text() == "▶ 재생"


def test_language_follows_preference_then_locale(monkeypatch, tmp_path):
    monkeypatch.delenv("AUTOGRAD_EXPLORER_LANG", raising=False)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/language", "ko")
    assert i18n.ui_language(settings) == "ko"
    settings.setValue("ui/language", "en")
    assert i18n.ui_language(settings) == "en"
    from PySide6.QtCore import QLocale

    settings.setValue("ui/language", "system")
    old = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
        monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.Korean)))
        assert i18n.ui_language(settings) == "ko"
        monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.German)))
        assert i18n.ui_language(settings) == "en"
    finally:
        QLocale.setDefault(old)


def test_a_cjk_font_is_found_or_the_readme_says_what_to_install():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "fonts-noto-cjk" in readme
    family = i18n.cjk_family()
    if family is None:
        pytest.skip("no CJK font here; the README names the package")
    assert i18n.ensure_cjk_fallback() == family
