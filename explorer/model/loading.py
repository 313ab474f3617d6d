"""Read a graph from a file for a command: a document (.json), an exported PNG/SVG that carries
its graph, or a script. Failures are :class:`InputError`, one line naming the file and what is
wrong, never a traceback.

Shared by the headless commands (``explorer.cli``) and the export command's renderer
(``explorer.view.exporters``), so neither imports the other.
"""
from __future__ import annotations

import os

from explorer.model.document import Document
from explorer.model.fileformat import FileFormatError, load_any, load_document
from explorer.model.imagemeta import looks_like_image
from explorer.model.input_error import InputError, one_line
from explorer.model.language import ScriptError, parse_script
from explorer.model.messages import Message

__all__ = ["InputError", "load_graph", "one_line"]


def load_graph(path: str) -> Document:
    """A document from ``path``: .json through the file format, a PNG/SVG export through the
    graph it carries, anything else as a script. Raises :class:`InputError`."""
    if not os.path.exists(path):
        raise InputError(Message("{path}: no such file", path=path))
    if os.path.isdir(path):
        raise InputError(Message("{path}: is a folder, not a file", path=path))
    if looks_like_image(path):
        # A PNG or SVG exported with the graph inside (no Qt needed to read it back).
        try:
            return load_any(path)
        except FileFormatError as exc:
            raise InputError(one_line(exc)) from None
    if path.lower().endswith(".json"):
        try:
            return load_document(path)
        except FileFormatError as exc:
            message = one_line(exc)
            name = os.path.basename(path)
            if message.startswith(f"{name}: "):  # the loader names the file already
                message = message[len(name) + 2:]
            raise InputError(Message("{path}: {message}", path=path, message=message)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(Message("{path}: cannot read the file ({one_line})", path=path,
                                     one_line=one_line(exc))) from None
    try:
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Message("{path}: cannot read the file ({one_line})", path=path,
                                 one_line=one_line(exc))) from None
    try:
        return parse_script(source)
    except ScriptError as exc:
        raise InputError(f"{path}:{exc.line}:{exc.col}: {one_line(exc.message or str(exc))}") from None
