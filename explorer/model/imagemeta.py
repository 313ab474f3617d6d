"""Graph documents carried inside exported images, read without Qt.

A PNG export stores the document JSON in an ``iTXt``/``tEXt``/``zTXt`` chunk under the keyword
``autograd-explorer``; an SVG export stores it in ``<metadata id="autograd-explorer-document">``.
This module reads them without Qt (so ``main.py run picture.png`` stays headless and light),
and puts the metadata element into an SVG; the PNG chunk is written by Qt (``QImage.setText``)
where the image is made. Nothing found in an image is ever executed: the text is handed to the
ordinary JSON document loader, which validates it like any document file.
"""
from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

KEYWORD = "autograd-explorer"
SVG_METADATA_ID = "autograd-explorer-document"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_SUFFIXES = (".png", ".svg", ".pdf")
MAX_TEXT = 64 * 1024 * 1024  # a decompressed chunk larger than this is refused


class ImageMetadataError(ValueError):
    """The image is unreadable or carries no graph."""


def _inflate(data: bytes) -> bytes:
    decompressor = zlib.decompressobj()
    out = decompressor.decompress(data, MAX_TEXT)
    if decompressor.unconsumed_tail:
        raise ImageMetadataError("the graph stored in the image is too large")
    return out


def png_text_chunks(data: bytes) -> dict[str, str]:
    """All text chunks of a PNG as {keyword: text}."""
    if not data.startswith(PNG_SIGNATURE):
        raise ImageMetadataError("not a PNG file")
    texts: dict[str, str] = {}
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ImageMetadataError("the PNG file is truncated")
        pos += 12 + length
        try:
            if kind == b"tEXt":
                key, _, text = body.partition(b"\0")
                texts[key.decode("latin-1")] = text.decode("latin-1")
            elif kind == b"zTXt":
                key, _, rest = body.partition(b"\0")
                texts[key.decode("latin-1")] = _inflate(rest[1:]).decode("latin-1")
            elif kind == b"iTXt":
                key, _, rest = body.partition(b"\0")
                compressed, _method = rest[0], rest[1]
                _lang, _, rest = rest[2:].partition(b"\0")
                _translated, _, text = rest.partition(b"\0")
                texts[key.decode("latin-1")] = (_inflate(text) if compressed else text).decode("utf-8")
        except (IndexError, zlib.error, UnicodeDecodeError) as exc:
            raise ImageMetadataError(f"a text chunk of the PNG is damaged ({exc})") from None
        if kind == b"IEND":
            return texts
    raise ImageMetadataError("the PNG file is truncated (it ends before its last chunk)")


_SVG_METADATA = re.compile(r'<metadata\s+id="' + re.escape(SVG_METADATA_ID) + r'"\s*>(.*?)</metadata>', re.S)


def svg_metadata(text: str) -> str | None:
    """The text of the graph's metadata element. Our own exports are found by a quick scan
    (a 2,000-node SVG is megabytes of XML); anything else (e.g. re-saved by an editor, CDATA,
    other attribute order) goes through the XML parser."""
    from xml.etree import ElementTree  # imported here: opening a .json never pays for xml
    from xml.sax.saxutils import unescape

    match = _SVG_METADATA.search(text)
    if match is not None and "<![CDATA[" not in match.group(1):
        return unescape(match.group(1)).strip() or None
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise ImageMetadataError(f"the SVG is not valid XML ({exc})") from None
    for element in root.iter():
        if element.tag.endswith("metadata") and element.get("id") == SVG_METADATA_ID:
            return (element.text or "").strip() or None
    return None


def document_text_from_image(path: str | Path) -> str:
    """The document JSON carried by a PNG or SVG export, or ImageMetadataError (one line that
    names the file and says what is wrong)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageMetadataError(f"cannot read {path}: {exc.strerror or exc}") from None
    name = path.name
    try:
        if data.startswith(PNG_SIGNATURE):
            text = png_text_chunks(data).get(KEYWORD)
        elif data.startswith(b"%PDF"):
            raise ImageMetadataError("a PDF export does not carry the graph; open the PNG or SVG "
                                     "export, or the .json document")
        elif path.suffix.lower() == ".svg" or _looks_like_svg(data):
            text = svg_metadata(data.decode("utf-8", errors="replace"))
        else:
            raise ImageMetadataError("neither a PNG nor an SVG image")
    except ImageMetadataError as exc:
        raise ImageMetadataError(f"{name}: {exc}") from None
    if not text:
        raise ImageMetadataError(f"{name}: this image carries no graph (it was not exported by "
                                 f"Autograd Explorer with the graph embedded)")
    return text


def _looks_like_svg(data: bytes) -> bool:
    head = data[:512].lstrip().lower()
    return head.startswith(b"<?xml") and b"<svg" in data[:4096] or head.startswith(b"<svg")


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
    from xml.sax.saxutils import escape

    start = svg.find("<svg")
    if start < 0:
        raise ImageMetadataError("not an SVG document (no <svg> element)")
    end = svg.find(">", start)
    if end < 0:
        raise ImageMetadataError("not an SVG document (the <svg> tag is not closed)")
    element = f'\n<metadata id="{SVG_METADATA_ID}">{escape(document_json)}</metadata>'
    return svg[:end + 1] + element + svg[end + 1:]
