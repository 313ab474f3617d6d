"""The exporters' entry points: paint an export (:func:`render`, GUI thread), encode it
(:func:`encode`, any thread) and write it (:func:`export_file` at once, :func:`export_async` with
the encoding and writing on a ``QThreadPool`` worker so the window keeps processing events).

Every export is drawn on a *fresh offscreen scene* built from the document and a RunResult, in
the export theme (:func:`explorer.view.theme.using`, which tells no listener), never by grabbing
the on-screen widget: the result is deterministic and the user's view is untouched. One module
per format (:mod:`png`, :mod:`svg`, :mod:`pdf`) on the shared :class:`~base.Exporter`.
"""
from __future__ import annotations

import concurrent.futures
import os
import threading
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage

from explorer.model import atomic, imagemeta
from explorer.model.document import Document
from explorer.model.messages import Message
from explorer.model.runner import Runner
from explorer.view.exporters.base import Exporter, Rendered
from explorer.view.exporters.options import FORMATS, ExportError, ExportOptions, format_of
from explorer.view.exporters.pdf import PdfExporter
from explorer.view.exporters.png import PngExporter
from explorer.view.exporters.svg import SvgExporter

#: The exporter of each format, by file suffix.
EXPORTERS: dict[str, type[Exporter]] = {e.format: e for e in (PngExporter, SvgExporter, PdfExporter)}


def render(document: Document, result: Any, fmt: str, options: ExportOptions | None = None, *,
           snapshot: bool = True) -> Rendered:
    """Paint the export (GUI thread). ``result`` is a RunResult or None (nothing computed).

    ``snapshot=False`` serializes the document itself instead of a copy: only for callers that
    do not change it before :func:`encode` returns (the headless command)."""
    if fmt not in FORMATS:
        raise ExportError(Message("unknown format '{fmt}' (png, svg or pdf)", fmt=fmt))
    return EXPORTERS[fmt](options or ExportOptions()).export(document, result, snapshot=snapshot)


def encode(rendered: Rendered) -> bytes:
    """The file's bytes (any thread): PNG compression with the graph in a text chunk, the SVG
    with its metadata element, or the PDF as painted."""
    return EXPORTERS[rendered.format].encode(rendered)


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write through a temporary file in the same folder, then replace (explorer.model.atomic:
    symlinks followed, a read-only file refused): a reader never sees half an image, and a
    failed write leaves an older file intact."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(Message("{path}: the folder {folder} does not exist", path=path, folder=folder))
    if path.is_dir():
        raise ExportError(Message("{path}: is a folder", path=path))
    try:
        atomic.write_bytes_atomic(path, data)
    except atomic.ReadOnlyFileError:
        raise ExportError(Message("{path}: the file is read-only; it was not replaced", path=path)) from None
    except OSError as exc:
        raise ExportError(Message("{path}: cannot write the file ({value})", path=path,
                                  value=exc.strerror or exc)) from None


def export_file(document: Document, result: Any, path: str | os.PathLike,
                options: ExportOptions | None = None) -> Rendered:
    """Render, encode and write before returning (headless command, tests). The document must
    not change meanwhile (it is serialized while the scene paints)."""
    rendered = render(document, result, format_of(path), options, snapshot=False)
    write_bytes_atomic(path, encode(rendered))
    return rendered


def render_clipboard_image(document: Document, result: Any, options: ExportOptions | None = None) -> QImage:
    """The PNG export as a QImage carrying the graph (for the clipboard)."""
    rendered = render(document, result, "png", options)
    image = rendered.image
    if rendered.document_json is not None:
        image.setText(imagemeta.KEYWORD, rendered.document_json.result())
    return image


# ---------------------------------------------------------------------------------- off the GUI thread
class ExportJob(QObject):
    """An export whose encoding and writing run on a worker thread.

    ``finished(path)`` / ``failed(message)`` are delivered on the thread that owns the job (the
    GUI thread); ``future`` (a concurrent.futures.Future of the path) is for code without an
    event loop. ``write_thread`` is the id of the thread that encoded and wrote."""

    finished = Signal(str)
    failed = Signal(object)       # the message: a Message (the dialog translates it) or text
    _report = Signal(bool, object)   # worker -> owner thread (queued), then finished/failed there

    def __init__(self, path: str, rendered: Rendered) -> None:
        super().__init__()
        self.path = path
        self.rendered = rendered
        self.future: concurrent.futures.Future = concurrent.futures.Future()
        self.write_thread: int | None = None
        # Connected now, queued: the outcome is delivered by the owner's event loop, so whoever
        # connects to finished/failed after export_async returns still hears it (a direct
        # emission from a fast worker could happen before anyone listened).
        self._report.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, ok: bool, text: str) -> None:
        (self.finished if ok else self.failed).emit(text)

    def done(self) -> bool:
        return self.future.done()


_running: set[ExportJob] = set()   # keeps jobs (and their signals) alive until they report


def export_async(document: Document, result: Any, path: str | os.PathLike, options: ExportOptions | None = None,
                 *, before_write: Callable[[], None] | None = None, pool: QThreadPool | None = None) -> ExportJob:
    """Paint now (GUI thread), then encode and write on ``pool`` (the global QThreadPool).

    Rendering errors (bad options, empty graph) raise ExportError here; encoding and writing
    errors arrive as ``failed``. ``before_write`` runs on the worker first (tests use it)."""
    path = os.fspath(path)
    rendered = render(document, result, format_of(path), options)
    job = ExportJob(path, rendered)
    _running.add(job)
    job.finished.connect(lambda _p, j=job: _running.discard(j))
    job.failed.connect(lambda _m, j=job: _running.discard(j))

    def work() -> None:
        job.write_thread = threading.get_ident()
        try:
            if before_write is not None:
                before_write()
            write_bytes_atomic(path, encode(rendered))
        except Exception as exc:  # reported, never lost on a worker thread
            message = str(exc) if isinstance(exc, ExportError) else f"{Path(path).name}: {type(exc).__name__}: {exc}"
            job.future.set_exception(ExportError(message))
            job._report.emit(False, message)
            return
        job.future.set_result(path)
        job._report.emit(True, path)

    (pool or QThreadPool.globalInstance()).start(work)
    return job


def compute_result(document: Document):
    """Forward, and backward when the document has a root (what the window shows after a run)."""
    runner = Runner(document, listen=False)
    return runner.run_backward() if document.root is not None else runner.run_forward()
