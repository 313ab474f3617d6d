"""Image export, one module per format on a shared base (pyqtgraph's ``exporters/`` is the model).

* :mod:`options` — :class:`ExportOptions`, the limits, :class:`ExportError` (light: no Qt SVG/PDF)
* :mod:`scenes` — the offscreen scene an export paints (forward canvas or grad_fn DAG)
* :mod:`base` — :class:`Exporter` (``export`` paints on the GUI thread, ``encode`` on any) and
  :class:`Rendered`
* :mod:`png`, :mod:`svg` (+ :mod:`svg_writer`, :mod:`labels`), :mod:`pdf` — the formats
* :mod:`embed` — the graph document carried inside PNG and SVG files
* :mod:`api` — ``render``, ``encode``, ``export_file``, ``export_async``: what the window calls
* :mod:`command` — the headless ``export`` command

This ``__init__`` imports nothing: the window reads :mod:`options` at start-up without loading
Qt's SVG and PDF modules, which only :mod:`api` (an export running) brings in.
"""
