"""The shared base of the exporters (pyqtgraph's ``exporters/Exporter.py`` is the model): one
subclass per file format, each with the same two steps.

* :meth:`Exporter.export` builds the offscreen export scene (:func:`scenes.prepared`, in the
  export theme) and has the subclass :meth:`~Exporter.paint` it into a :class:`Rendered`. It
  runs Python ``paint`` methods of graphics items, so it belongs on the GUI thread. Meanwhile
  the document is serialized on a worker when the format carries the graph (:mod:`embed`).
* :meth:`Exporter.encode` turns a :class:`Rendered` into the file's bytes (PNG compression, the
  SVG metadata) and may run on any thread.

The formats: :mod:`png`, :mod:`svg`, :mod:`pdf`; :mod:`api` picks one by name.
"""
from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.model.document import Document
from explorer.view import theme
from explorer.view.exporters import embed
from explorer.view.exporters.options import ExportOptions
from explorer.view.exporters.scenes import Prepared, prepared


@dataclass
class Rendered:
    """Painted output waiting to be encoded: a QImage (PNG) or bytes (SVG, PDF)."""

    format: str
    width: int                  # pixels (PNG) or CSS pixels (SVG, PDF page at 96 dpi)
    height: int
    image: QImage | None = None
    data: bytes | None = None
    document_json: "str | concurrent.futures.Future[str] | None" = None   # embedded on encoding (PNG, SVG)
    node_count: int = 0


class Exporter:
    """One image format: :meth:`paint` a prepared scene, :meth:`encode` the result."""

    format: ClassVar[str] = ""
    #: The file can carry the graph document (PNG text chunk, SVG ``<metadata>``): opening the
    #: image restores the graph.
    embeds_graph: ClassVar[bool] = False

    def __init__(self, options: ExportOptions) -> None:
        self.options = options

    def export(self, document: Document, result: Any, *, snapshot: bool = True) -> Rendered:
        """Paint the export (GUI thread). ``result`` is a RunResult or None (nothing computed).

        ``snapshot=False`` serializes the document itself instead of a copy: only for callers
        that do not change it before :meth:`encode` returns (the headless command)."""
        doc_json = None
        if self.options.embed_graph and self.embeds_graph:
            # Serialized on a worker from a private snapshot while this thread paints (the user
            # may edit the graph before the encoder, on another thread, needs the text).
            doc_json = embed.serialize_async(document, snapshot)
        with prepared(document, result, self.options) as prep:
            rendered = self.paint(prep, title(document))
        rendered.document_json = doc_json
        rendered.node_count = prep.node_count
        return rendered

    def paint(self, prep: Prepared, title: str) -> Rendered:
        """Draw ``prep.scene`` (its ``prep.source`` part) in this format."""
        raise NotImplementedError

    @classmethod
    def encode(cls, rendered: Rendered) -> bytes:
        """The file's bytes (any thread), once the embedded document's text is ready."""
        if isinstance(rendered.document_json, concurrent.futures.Future):
            rendered.document_json = rendered.document_json.result()
        return cls.file_bytes(rendered)

    @classmethod
    def file_bytes(cls, rendered: Rendered) -> bytes:
        """What :meth:`encode` writes; vector formats are bytes once painted."""
        return rendered.data

    # Shared by the formats.
    def background(self) -> QColor:
        if self.options.transparent:
            return QColor(Qt.GlobalColor.transparent)
        return QColor(theme.current().background)


def hints(painter: QPainter) -> None:
    """The render hints every export paints with."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)


def title(document: Document) -> str:
    root = document.nodes.get(document.root) if document.root is not None else None
    return f"Autograd Explorer graph{f' ({root.name})' if root is not None else ''}"
