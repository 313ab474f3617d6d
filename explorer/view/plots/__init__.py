"""Plots (pyqtgraph): the slope view, the training panel and tensor heatmaps/bar plots.

pyqtgraph costs about a second to import, so nothing here imports it at module level: the
window's Plots menu (:mod:`explorer.view.plots.hooks`) imports the plot modules only when a plot
is first opened, and they get pyqtgraph through :func:`load_pyqtgraph`, which makes sure it runs
on PySide6 (the binding the app already imported).
"""
from __future__ import annotations

import os

_pg = None


def load_pyqtgraph():
    """Import and configure pyqtgraph once (PySide6 binding, antialiasing, row-major images)."""
    global _pg
    if _pg is None:
        import PySide6.QtCore  # noqa: F401 - seam 3 (plots): the binding first, pyqtgraph picks it

        os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
        import pyqtgraph as pg  # seam 3: pyqtgraph when a plot is first opened

        pg.setConfigOptions(antialias=True, imageAxisOrder="row-major")
        _pg = pg
    return _pg
