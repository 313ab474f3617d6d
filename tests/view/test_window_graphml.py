"""File ▸ Export ▸ GraphML: the file is written where the user chose and graph tools read it."""
from __future__ import annotations

import networkx as nx
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox


@pytest.fixture
def window(new_window):
    from explorer.view.main_window import SEED_EXAMPLE

    w = new_window()
    assert w.open_example(SEED_EXAMPLE)
    return w


def test_export_graphml_from_the_menu_writes_a_file_networkx_reads(window, monkeypatch, tmp_path):
    target = tmp_path / "out" / "seed"
    target.parent.mkdir()
    asked = []

    def save_dialog(parent, caption, start, filters, *args, **kwargs):
        asked.append((caption, start, filters))
        return str(target), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    action = window.actions["export_graphml"]
    assert action in window.export_menu.actions() and window.export_menu.menuAction().isEnabled()
    action.trigger()
    written = target.with_suffix(".graphml")  # the extension is added when missing
    assert written.is_file()
    assert asked and asked[0][1].endswith("seed.graphml") and "GraphML" in asked[0][2]
    graph = nx.read_graphml(written)
    doc = window.document
    assert graph.number_of_nodes() == len(doc.nodes)
    assert graph.number_of_edges() == doc.graph.number_of_edges()
    names = {data["name"] for _, data in graph.nodes(data=True)}
    assert names == {n.name for n in doc.nodes.values()}
    q = next(data for _, data in graph.nodes(data=True) if data["name"] == "Q")
    assert q["kind"] == "op" and q.get("root") is True
    assert any(str(written) in text for level, text in window.messages.entries() if level == "info")
    # the next export starts in the same folder
    window.actions["export_graphml"].trigger()
    assert asked[1][1].startswith(str(target.parent))


def test_export_graphml_to_an_unwritable_place_reports_and_keeps_running(window, monkeypatch, tmp_path):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda p, t, text, *a, **k: warnings.append(text)))
    assert not window.export_graphml(str(tmp_path / "missing-folder" / "x.graphml"))
    assert warnings and "missing-folder" in warnings[0]
    assert any("Could not export GraphML" in text for level, text in window.messages.entries() if level == "error")


def test_graphml_stays_last_after_the_image_entries_are_installed(window):
    from explorer.view.app import install_extensions

    install_extensions(window)
    menu = window.export_menu
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[-1].startswith("&GraphML")
    assert len(texts) >= 2, "the image export entries are there too"
    assert menu.actions()[-2].isSeparator()
