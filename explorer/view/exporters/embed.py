"""The graph document carried inside an exported PNG or SVG, as compact JSON (what
``fileformat.loads`` reads back through :mod:`explorer.model.imagemeta`).

Serialized on one worker thread while the GUI thread paints: :func:`serialize_async` returns a
Future of the text that :meth:`Exporter.encode <explorer.view.exporters.base.Exporter.encode>`
waits for.
"""
from __future__ import annotations

import concurrent.futures
import json

from explorer.model import fileformat
from explorer.model.document import Document
from explorer.model.messages import Message
from explorer.view.exporters.options import ExportError

_pool: concurrent.futures.ThreadPoolExecutor | None = None


def _serializer() -> concurrent.futures.ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-json")
    return _pool


_SMALL_TENSORS = 100_000  # elements: below this, the file data is a cheaper snapshot than a copy


def _json_job(document: Document, snapshot: bool) -> tuple:
    """(function, argument) for the serializer thread. The snapshot is the file's data itself
    (fresh lists and strings, ~15 ms for 2,000 small tensors) rather than ``document.copy()``
    (~50 ms: dataclass copies and a networkx graph); large tensors are formatted number by
    number, so those documents are copied (arrays copy fast) and formatted on the worker."""
    if not snapshot:
        return _document_json, document
    elements = 0
    for node in document.nodes.values():
        if node.kind != "op" and node.value is not None:
            elements += getattr(node.value, "size", 1)
    if elements > _SMALL_TENSORS:
        return _document_json, document.copy()
    try:
        return _data_json, fileformat.to_data(document)
    except fileformat.FileFormatError as exc:
        raise ExportError(Message("the graph cannot be embedded in the image: {exc}", exc=exc)) from None


def _data_json(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    try:
        fileformat.check_size(text)   # an image carries only what Open can read back
    except fileformat.FileFormatError as exc:
        raise ExportError(Message("the graph cannot be embedded in the image: {exc} (export with the "
                                  "graph left out, or save the document)", exc=exc)) from None
    return text


def _document_json(document: Document) -> str:
    """The document as compact JSON (what ``fileformat.loads`` reads; no pretty-printing: it is
    hidden in the image and pretty-printing a 2,000-node graph costs a third of a second)."""
    try:
        data = fileformat.to_data(document)
    except fileformat.FileFormatError as exc:
        raise ExportError(Message("the graph cannot be embedded in the image: {exc}", exc=exc)) from None
    return _data_json(data)


def serialize_async(document: Document, snapshot: bool) -> "concurrent.futures.Future[str]":
    """The document's JSON, computed on the serializer thread (see :func:`_json_job`)."""
    return _serializer().submit(*_json_job(document, snapshot))
