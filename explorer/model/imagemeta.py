"""Graph documents carried inside exported images, read without Qt.

A PNG export stores the document JSON in an ``iTXt``/``tEXt``/``zTXt`` chunk under the keyword
``autograd-explorer``; an SVG export stores it in ``<metadata id="autograd-explorer-document">``.
This module reads them without Qt (so ``main.py run picture.png`` stays headless and light),
and puts the metadata element into an SVG; the PNG chunk is written by Qt (``QImage.setText``)
where the image is made. Nothing found in an image is ever executed: the text is handed to the
ordinary JSON document loader, which validates it like any document file.
"""
from __future__ import annotations

import codecs
import html
import io
import json
import mmap
import os
import re
import struct
import zlib
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from explorer.model.messages import Message

KEYWORD = "autograd-explorer"
SVG_METADATA_ID = "autograd-explorer-document"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_SUFFIXES = (".png", ".svg", ".pdf")
# The document inside an image obeys the document file's own limit (explorer.model.fileformat
# .MAX_FILE_BYTES; a test keeps the two equal). Escaping (&amp; &lt; &gt;) can lengthen the SVG
# text: the writer refuses what this reader would (embed_svg_metadata).
MAX_TEXT = 128 * 1024 * 1024
MAX_SVG_METADATA = MAX_TEXT + MAX_TEXT // 4
# SVGs re-saved by another tool: the metadata start tag is found within this many bytes of
# our id, and its id attribute checked with a pattern run on that tag alone.
_MAX_START_TAG = 4096
_SVG_ID = SVG_METADATA_ID.encode("ascii")
_ID_ATTRIBUTE = re.compile(rb"""\sid\s*=\s*(["'])""" + re.escape(_SVG_ID) + rb"\1")
_KEYWORD_BYTES = KEYWORD.encode("latin-1")
_TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt")
_SVG_OPEN = f'<metadata id="{SVG_METADATA_ID}">'.encode("ascii")
_SVG_CLOSE = b"</metadata>"
_INFLATE_STEP = 1024 * 1024


class ImageMetadataError(ValueError):
    """The image is unreadable or carries no graph."""


# ---------------------------------------------------------------------------- PNG
def _check_head(head: bytes, encoding: str) -> None:
    """Refuse at its first megabyte a text that cannot be a document: JSON's parser stops at
    the first error, and in a document cut short that error sits at the cut (or is a string
    left open); an error well before the cut means the whole text is not JSON."""
    text = head.decode(encoding, errors="replace")
    if not text.lstrip().startswith("{"):
        raise ImageMetadataError(Message("the graph stored in the image is not a document (it does not "
                                         "start with '{{')"))
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos < len(text) - 64 and not exc.msg.startswith("Unterminated string"):
            raise ImageMetadataError(Message("the graph stored in the image is not valid JSON ({msg} at "
                                             "character {value})", msg=exc.msg, value=exc.pos + 1)) from None
    except (ValueError, RecursionError):
        pass    # e.g. nested too deeply for this check: the document loader says what is wrong


def _inflate(data: bytes, encoding: str) -> str:
    """zlib data inflated and decoded, at most MAX_TEXT bytes. A first pass only measures (1 MB
    at a time, kept nowhere), so a bomb is refused without ever holding its output, and text
    that cannot be a document is refused at its first megabyte; the second pass decodes piece
    by piece (no second copy of the bytes)."""
    measure = zlib.decompressobj()
    piece = measure.decompress(data, _INFLATE_STEP)
    _check_head(piece, encoding)
    total = 0
    while True:
        total += len(piece)
        if total > MAX_TEXT:
            raise ImageMetadataError(Message("the graph stored in the image is too large (more than "
                                             "{MAX_TEXT} bytes)", MAX_TEXT=format(MAX_TEXT, ",")))
        tail = measure.unconsumed_tail
        if not tail:
            break
        piece = measure.decompress(tail, _INFLATE_STEP)
    inflate = zlib.decompressobj()
    decoder = codecs.getincrementaldecoder(encoding)()
    parts = [decoder.decode(inflate.decompress(data, _INFLATE_STEP))]
    while inflate.unconsumed_tail:
        parts.append(decoder.decode(inflate.decompress(inflate.unconsumed_tail, _INFLATE_STEP)))
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


def _text_of(kind: bytes, body: bytes) -> str:
    """The text of one of our text chunks (``body`` starts with our keyword and its NUL)."""
    rest = body[len(_KEYWORD_BYTES) + 1:]
    if kind == b"tEXt":
        return rest.decode("latin-1")
    if kind == b"zTXt":
        if rest[:1] != b"\0":
            raise ImageMetadataError(Message("a text chunk of the PNG uses an unknown compression method"))
        return _inflate(rest[1:], "latin-1")
    compressed, method = rest[0], rest[1]      # iTXt
    _lang, _, rest = rest[2:].partition(b"\0")
    _translated, _, text = rest.partition(b"\0")
    if compressed and method != 0:
        raise ImageMetadataError(Message("a text chunk of the PNG uses an unknown compression method"))
    return _inflate(text, "utf-8") if compressed else text.decode("utf-8")


def png_document_text(handle: BinaryIO) -> str | None:
    """The text of the first ``autograd-explorer`` text chunk of a PNG read from ``handle``, or
    None. Chunks are walked by their lengths: other chunks (pixels, other keywords' text,
    however many and however compressed) are skipped unread, and once ours is found nothing
    else is read, so at most one text (MAX_TEXT) is ever inflated."""
    if handle.read(len(PNG_SIGNATURE)) != PNG_SIGNATURE:
        raise ImageMetadataError(Message("not a PNG file"))
    while True:
        head = handle.read(8)
        if len(head) < 8:
            raise ImageMetadataError(Message("the PNG file is truncated (it ends before its last chunk)"))
        length, kind = struct.unpack(">I4s", head)
        if length > 0x7FFFFFFF:
            raise ImageMetadataError(Message("the PNG file is damaged (a chunk length is out of range)"))
        if kind == b"IEND":
            return None
        if kind in _TEXT_CHUNKS:
            prefix = handle.read(min(length, len(_KEYWORD_BYTES) + 1))
            if prefix == _KEYWORD_BYTES + b"\0":
                if length > MAX_TEXT + 1024:
                    raise ImageMetadataError(Message("the graph stored in the image is too large (more "
                                                     "than {MAX_TEXT} bytes)",
                                                     MAX_TEXT=format(MAX_TEXT, ",")))
                body = prefix + handle.read(length - len(prefix))
                if len(body) != length:
                    raise ImageMetadataError(Message("the PNG file is truncated"))
                try:
                    return _text_of(kind, body)
                except (IndexError, zlib.error, UnicodeDecodeError) as exc:
                    raise ImageMetadataError(Message("the graph's text chunk of the PNG is damaged "
                                                     "({exc})", exc=exc)) from None
            handle.seek(length - len(prefix) + 4, os.SEEK_CUR)
        else:
            handle.seek(length + 4, os.SEEK_CUR)   # the body and its CRC


def png_text(data: bytes) -> str | None:
    """:func:`png_document_text` of PNG bytes in memory (e.g. from the clipboard)."""
    return png_document_text(io.BytesIO(data))


# ---------------------------------------------------------------------------- SVG
def _unescape(raw: bytes) -> str:
    # The three entities embed_svg_metadata writes; &amp; last so "&amp;lt;" stays "&lt;".
    return raw.replace(b"&lt;", b"<").replace(b"&gt;", b">").replace(b"&amp;", b"&").decode("utf-8")


def _only_our_escapes(raw: bytes) -> bool:
    return raw.count(b"&") == raw.count(b"&amp;") + raw.count(b"&lt;") + raw.count(b"&gt;")


def svg_document_text(data: bytes | mmap.mmap) -> str | None:
    """The text of the graph's metadata element, read in linear time.

    Our own exports are found by a plain scan for the exact start tag and the first
    ``</metadata>`` after it (a 2,000-node SVG is megabytes of XML; there is no regular
    expression to backtrack over the file). Anything else (re-saved by an editor: CDATA, other
    attribute order, character references) is found by :func:`_svg_metadata_parsed`."""
    start = data.find(_SVG_OPEN)
    if start >= 0:
        begin = start + len(_SVG_OPEN)
        end = data.find(_SVG_CLOSE, begin)
        if end < 0:
            raise ImageMetadataError(Message("the graph's metadata element in the SVG is not closed"))
        if end - begin > MAX_SVG_METADATA:
            raise ImageMetadataError(Message("the graph stored in the image is too large (more than "
                                             "{MAX_TEXT} bytes)", MAX_TEXT=format(MAX_TEXT, ",")))
        raw = data[begin:end]
        if b"<" not in raw and _only_our_escapes(raw):
            try:
                return _unescape(raw).strip() or None
            except UnicodeDecodeError as exc:
                raise ImageMetadataError(Message("the graph in the SVG is not UTF-8 text ({reason})",
                                                 reason=exc.reason)) from None
    return _svg_metadata_parsed(data)


def _svg_metadata_parsed(data: bytes | mmap.mmap) -> str | None:
    """The metadata element found by its id however it is written (``<svg:metadata
    class="x" id='...'>``, CDATA, character references): located with plain scans, and only
    that element goes through the XML parser, so the rest of the file (however large, deep or
    broken) costs one linear scan. It has no DOCTYPE, so no entity can expand."""
    at = data.find(_SVG_ID)
    if at < 0:
        return None
    lt = data.rfind(b"<", max(0, at - _MAX_START_TAG), at)
    gt = data.find(b">", at, at + _MAX_START_TAG)
    if lt < 0 or gt < 0:
        raise ImageMetadataError(Message("the graph's metadata element in the SVG is damaged"))
    start_tag = bytes(data[lt:gt + 1])
    tag = start_tag[1:].split(None, 1)[0].rstrip(b"/>")
    if tag.rpartition(b":")[2] != b"metadata" or not _ID_ATTRIBUTE.search(start_tag):
        return None            # the id belongs to something else: not our graph
    if start_tag.endswith(b"/>"):
        return None
    close = data.find(b"</" + tag, gt)
    if close < 0:
        raise ImageMetadataError(Message("the graph's metadata element in the SVG is not closed"))
    if close - gt > MAX_SVG_METADATA:
        raise ImageMetadataError(Message("the graph stored in the image is too large (more than "
                                         "{MAX_TEXT} bytes)", MAX_TEXT=format(MAX_TEXT, ",")))
    try:
        element = ElementTree.fromstring(b"<m>" + bytes(data[gt + 1:close]) + b"</m>")
    except ElementTree.ParseError as exc:
        raise ImageMetadataError(Message("the graph's metadata in the SVG is not valid XML ({exc})", exc=exc)) from None
    return (element.text or "").strip() or None


def svg_metadata(text: str) -> str | None:
    """:func:`svg_document_text` of SVG text in memory."""
    return svg_document_text(text.encode("utf-8"))


# ---------------------------------------------------------------------------- files
def document_text_from_image(path: str | Path) -> str:
    """The document JSON carried by a PNG or SVG export, or ImageMetadataError (one line that
    names the file and says what is wrong). The file is never read whole: a PNG is walked chunk
    by chunk, an SVG is memory-mapped and scanned."""
    path = Path(path)
    name = path.name
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
            handle.seek(0)
            if head.startswith(PNG_SIGNATURE):
                text = png_document_text(handle)
            elif head.startswith(b"%PDF"):
                raise ImageMetadataError(Message("a PDF export does not carry the graph; open the PNG or "
                                                 "SVG export, or the .json document"))
            elif path.suffix.lower() == ".svg" or _looks_like_svg(head):
                size = os.fstat(handle.fileno()).st_size
                if not size:
                    raise ImageMetadataError(Message("the SVG file is empty"))
                with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                    text = svg_document_text(mapped)
            else:
                raise ImageMetadataError(Message("neither a PNG nor an SVG image"))
    except OSError as exc:
        raise ImageMetadataError(Message("cannot read {path}: {value}", path=path, value=exc.strerror or exc)) from None
    except ImageMetadataError as exc:
        raise ImageMetadataError(Message("{name}: {exc}", name=name, exc=exc)) from None
    if not text:
        raise ImageMetadataError(Message("{name}: this image carries no graph (it was not exported by "
                                         "Autograd Explorer with the graph embedded)", name=name))
    return text


def _looks_like_svg(head: bytes) -> bool:
    start = head[:512].lstrip().lower()
    return start.startswith(b"<?xml") and b"<svg" in head[:4096] or start.startswith(b"<svg")


def looks_like_image(path: str | Path) -> bool:
    """An image by its suffix, or a PNG whatever its name (its first bytes say so)."""
    if Path(path).suffix.lower() in IMAGE_SUFFIXES:
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE
    except OSError:
        return False


def is_image_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".png", ".svg")


def embed_svg_metadata(svg: str, document_json: str) -> str:
    """The SVG with ``<metadata id="autograd-explorer-document">`` (the escaped JSON) as the
    first child of the root element. Escaping (not CDATA) keeps any text safe, ``]]>`` included."""
    start = svg.find("<svg")
    if start < 0:
        raise ImageMetadataError(Message("not an SVG document (no <svg> element)"))
    end = svg.find(">", start)
    if end < 0:
        raise ImageMetadataError(Message("not an SVG document (the <svg> tag is not closed)"))
    escaped = html.escape(document_json, quote=False)  # & < > (what xml.sax.saxutils.escape does)
    if len(escaped) > MAX_SVG_METADATA or len(document_json) > MAX_TEXT:
        raise ImageMetadataError(Message("the graph is too large to embed (more than {MAX_TEXT} bytes)",
                                         MAX_TEXT=format(MAX_TEXT, ",")))
    element = f'\n<metadata id="{SVG_METADATA_ID}">{escaped}</metadata>'
    return svg[:end + 1] + element + svg[end + 1:]
