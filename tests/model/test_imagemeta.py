"""Reading graphs back from images without Qt: PNG text chunks (tEXt, zTXt, iTXt), SVG metadata,
``fileformat.load_any`` for documents, scripts and images, and clear refusals."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from explorer.model import fileformat, imagemeta
from explorer.model.imagemeta import ImageMetadataError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def tiny_png(*text_chunks: bytes) -> bytes:
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    idat = chunk(b"IDAT", zlib.compress(b"\0\0\0\0\0"))
    return imagemeta.PNG_SIGNATURE + ihdr + b"".join(text_chunks) + idat + chunk(b"IEND", b"")


def itxt(key: str, text: str, compressed: bool) -> bytes:
    data = zlib.compress(text.encode("utf-8")) if compressed else text.encode("utf-8")
    return chunk(b"iTXt", key.encode("latin-1") + b"\0" + bytes([int(compressed), 0]) + b"\0\0" + data)


@pytest.mark.parametrize("ours,expected", [
    (chunk(b"tEXt", b"autograd-explorer\0{\"t\": 1}"), '{"t": 1}'),
    (chunk(b"zTXt", b"autograd-explorer\0\0" + zlib.compress(b'{"z": 1}')), '{"z": 1}'),
    (itxt("autograd-explorer", '{"name": "가중치"}', compressed=True), '{"name": "가중치"}'),
    (itxt("autograd-explorer", '{"plain": 1}', compressed=False), '{"plain": 1}'),
])
def test_our_text_chunk_of_every_kind_is_read_and_others_are_skipped(ours, expected):
    others = (chunk(b"tEXt", b"Software\0Qt"), chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"zipped")),
              itxt("Title", "plain", compressed=False))
    assert imagemeta.png_text(tiny_png(*others, ours)) == expected
    assert imagemeta.png_text(tiny_png(*others)) is None


def test_png_round_trip_through_load_any(tmp_path):
    doc = fileformat.load_document(SEED)
    path = tmp_path / "seed.png"
    path.write_bytes(tiny_png(itxt(imagemeta.KEYWORD, fileformat.dumps(doc), compressed=True)))
    assert fileformat.load_any(path).same_as(doc)
    renamed = tmp_path / "seed.image"  # a PNG is recognised by its first bytes, not its name
    renamed.write_bytes(path.read_bytes())
    assert fileformat.load_any(renamed).same_as(doc)


def test_svg_metadata_round_trip_escapes_anything(tmp_path):
    text = '{"a": "]]> & <b> \\"q\\""}'
    svg = imagemeta.embed_svg_metadata('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                                       'width="10" height="10"><g/></svg>', text)
    assert imagemeta.svg_metadata(svg) == text
    # written by another tool: CDATA, other attribute order -> the XML parser finds it
    other = ('<svg xmlns="http://www.w3.org/2000/svg"><metadata class="x" id="autograd-explorer-document">'
             '<![CDATA[{"b": 1}]]></metadata></svg>')
    assert imagemeta.svg_metadata(other) == '{"b": 1}'
    doc = fileformat.load_document(SEED)
    path = tmp_path / "seed.svg"
    path.write_text(imagemeta.embed_svg_metadata('<svg xmlns="http://www.w3.org/2000/svg"></svg>',
                                                 fileformat.dumps(doc)), encoding="utf-8")
    assert fileformat.load_any(path).same_as(doc)


@pytest.mark.parametrize("name,data,message", [
    ("plain.png", tiny_png(), "carries no graph"),
    ("cut.png", tiny_png(itxt(imagemeta.KEYWORD, "{}", False))[:40], "truncated"),
    ("plain.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>', "carries no graph"),
    ("broken.svg", b"<svg><g></svg>", "carries no graph"),
    ("broken-graph.svg", b'<svg><metadata class="a" id="autograd-explorer-document"><g></metadata></svg>',
     "not valid XML"),
    ("graph.pdf", b"%PDF-1.4\n...", "PDF export does not carry the graph"),
    ("bad.png", tiny_png(itxt(imagemeta.KEYWORD, '{"format": "autograd-explorer", "version": 99}', False)),
     "the graph stored in the image"),
    ("photo.png", b"GIF89a....", "neither a PNG nor an SVG"),
])
def test_bad_images_are_refused_with_one_clear_line(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(fileformat.FileFormatError) as info:
        fileformat.load_any(path)
    text = str(info.value)
    assert message in text and name in text and "\n" not in text


def test_a_decompression_bomb_is_refused():
    bomb = zlib.compress(b"\0" * (imagemeta.MAX_TEXT + 1024), 9)
    png = tiny_png(chunk(b"zTXt", imagemeta.KEYWORD.encode() + b"\0\0" + bomb))
    with pytest.raises(ImageMetadataError, match="not a document"):
        imagemeta.png_text(png)
    bomb = zlib.compress(b"{" + b" " * (imagemeta.MAX_TEXT + 1024), 9)
    png = tiny_png(chunk(b"zTXt", imagemeta.KEYWORD.encode() + b"\0\0" + bomb))
    with pytest.raises(ImageMetadataError, match="too large"):
        imagemeta.png_text(png)


def test_load_any_reads_documents_and_scripts(tmp_path):
    doc = fileformat.load_document(SEED)
    assert fileformat.load_any(SEED).same_as(doc)
    script = tmp_path / "q.py"
    script.write_text("a = tensor([2., 3.], requires_grad=True)\nQ = 3*a**3\n", encoding="utf-8")
    loaded = fileformat.load_any(script)
    assert {n.name for n in loaded.nodes.values() if n.kind != "const"} >= {"a", "Q"}
    from explorer.model.language import ScriptError

    script.write_text("a = = 1\n", encoding="utf-8")
    with pytest.raises(ScriptError):
        fileformat.load_any(script)
