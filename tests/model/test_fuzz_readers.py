"""A bounded fuzz of the readers of files a user may be sent: documents (JSON), and the graph
carried by PNG and SVG images. Mutations include the size-amplifying ones (huge shapes, many
chunks, decompression bombs, long runs of unclosed tags, deep nesting, giant numbers).

Every input must either load or fail with the reader's own error (FileFormatError,
ImageMetadataError) in one line; a document that loads must save and load again as the same
document (the writer accepts what the reader accepts). The address space of this test process
is capped (``resource.setrlimit(RLIMIT_AS)``, 1.5 GB above what the process already maps) while
the fuzz runs, so a bomb fails the test with MemoryError instead of exhausting the machine.
The whole module takes ~30 s.
"""
from __future__ import annotations

import functools
import json
import resource
import struct
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.model import fileformat, imagemeta
from explorer.model.fileformat import FileFormatError
from explorer.model.imagemeta import ImageMetadataError
from explorer.model.language import parse_script

ROOT = Path(__file__).resolve().parents[2]
FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
STATS: dict[str, list] = {}


def _status(key: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return 0


@pytest.fixture(autouse=True, scope="module")
def memory_cap():
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _status("VmSize") + 1536 * 2**20
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    start = time.perf_counter()
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        print(f"\nfuzz: {time.perf_counter() - start:.1f} s, peak RSS of the test process "
              f"{_status('VmHWM') / 2**20:.0f} MB; cases: "
              + ", ".join(f"{k} {len(v)} (slowest {max(v):.2f} s)" for k, v in STATS.items() if v))


def _timed(kind: str, call):
    start = time.perf_counter()
    try:
        return call()
    finally:
        STATS.setdefault(kind, []).append(time.perf_counter() - start)


def _one_line(exc: Exception) -> None:
    text = str(exc)
    assert text and "\n" not in text, repr(text)


# ---------------------------------------------------------------------------- documents
def _bases() -> list[dict]:
    docs = [fileformat.load_document(ROOT / "resources" / "examples" / f"{n}.json")
            for n in ("seed", "transfer_learning")]
    docs.append(parse_script("x = tensor([[1., 2.], [3., 4.]], requires_grad=True)\nt = tensor([1, 0])\n"
                             "m = tensor([True, False])\nl = cross_entropy(x, t)\nw = rand(40, 40)\n"))
    return [fileformat.to_data(d) for d in docs]


BASES = _bases()

giant_numbers = st.sampled_from([10**400, -10**400, 1e308, -1e308, 2**63, -2**63 - 1, 2**64, 1e-320,
                                 "nan", "inf", "-inf", "1e999"])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | giant_numbers
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6),
    max_leaves=30)
huge_shapes = st.sampled_from([[2**31, 2**31], [10**6] * 16, [0] * 17, [1] * 16, [-1], [2**62], [1000, 1001],
                               [3, 0, 2**40], ["3"], [2.0], []])


def _paths(data, prefix=()):
    """Every (container, key) in the data, to pick a place to mutate."""
    out = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        out.append((data, key))
        if isinstance(value, (dict, list)) and len(out) < 2000:
            out.extend(_paths(value))
    return out


@st.composite
def mutated_documents(draw) -> str:
    data = json.loads(json.dumps(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "shape", "nest", "dtype", "base64", "copy_nodes", "name", "id"]))
        nodes = data.get("nodes") if isinstance(data, dict) else None
        node = draw(st.sampled_from(nodes)) if isinstance(nodes, list) and nodes else None
        if kind == "replace":
            places = _paths(data)
            if places:
                container, key = draw(st.sampled_from(places))
                container[key] = draw(json_values)
        elif kind == "shape" and isinstance(node, dict) and isinstance(node.get("value"), dict):
            node["value"]["shape"] = list(draw(huge_shapes))   # a copy: "replace" may edit it
        elif kind == "nest":
            depth = draw(st.sampled_from([40, 49, 200, 900]))   # deeper: the "[" * 100000 text below
            value = 1.0
            for _ in range(depth):
                value = [value]
            if isinstance(node, dict):
                node["value"] = {"shape": [1] * min(depth, 16), "data": value}
            else:
                data = {"format": "autograd-explorer", "version": 2, "nodes": value}
        elif kind == "dtype" and isinstance(node, dict):
            node["dtype"] = draw(st.sampled_from(["int64", "bool", "uint8", "int8", "float16", "complex64",
                                                  "object", "float64", "", "<f4"]))
        elif kind == "base64" and isinstance(node, dict) and isinstance(node.get("value"), dict):
            value = node["value"]
            value.pop("data", None)
            value["base64"] = draw(st.sampled_from(["", "AAAA", "A" * 6400, "=" * 8, "!!!!", "A" * 6399 + "=",
                                                    "AP8A/wD/AP8A"]))
        elif kind == "copy_nodes" and isinstance(nodes, list) and node is not None:
            nodes.extend(json.loads(json.dumps(node)) for _ in range(draw(st.integers(1, 300))))
        elif kind == "name" and isinstance(node, dict):
            node["name"] = draw(st.sampled_from(["\ufb01", "fi", "ｉｆ", "if", "x" * 10000, "a b", "_", "x\u0301"]))
        elif kind == "id" and isinstance(node, dict):
            node["id"] = draw(st.sampled_from(["n" + "9" * 63, "n" + "9" * 64, "", "n/1", "g1", "n1"]))
    text = json.dumps(data, allow_nan=False)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", "[" * 100000, "1" * 5000, "\x00", "}", ",", "\"", "\ud800"]))\
            + text[at + draw(st.integers(0, 3)):]
    return text


@settings(FUZZ, max_examples=400)
@given(mutated_documents())
def test_documents_load_or_fail_with_one_line(text):
    try:
        doc = _timed("documents", lambda: fileformat.loads(text))
    except FileFormatError as exc:
        _one_line(exc)
        return
    again = fileformat.loads(fileformat.dumps(doc))   # whatever opens saves and opens again
    assert again.same_as(doc)



# ---------------------------------------------------------------------------- PNG
def _compressed(prefix: bytes, size: int, fill: bytes = b" ") -> bytes:
    """zlib of prefix + size bytes of fill, made a megabyte at a time (the bomb's output never
    exists in this process)."""
    packer = zlib.compressobj(9)
    out = [packer.compress(prefix)]
    block = fill * (2**20)
    for _ in range(size // len(block)):
        out.append(packer.compress(block))
    out.append(packer.compress(fill * (size % len(block))))
    out.append(packer.flush())
    return b"".join(out)


@functools.cache
def _bomb(which: int) -> bytes:
    """Made on first use (not at collection: compressing 200 MB takes a few seconds)."""
    return [lambda: _compressed(b"", 64 * 2**20, b"\0"), lambda: _compressed(b"{", imagemeta.MAX_TEXT + 10),
            lambda: _compressed(b'{"a": "', 8 * 2**20, b"A"), lambda: _compressed(b"[" * 5000, 2**20)][which]()


bombs = st.sampled_from(range(4)).map(_bomb)
DOC_TEXT = json.dumps(BASES[2]).encode()


def _chunk(kind: bytes, body: bytes, length: int | None = None) -> bytes:
    return struct.pack(">I", len(body) if length is None else length) + kind + body \
        + struct.pack(">I", zlib.crc32(kind + body))


@st.composite
def pngs(draw) -> bytes:
    keyword = draw(st.sampled_from([imagemeta.KEYWORD.encode(), b"Comment", b"autograd-explorerX", b""]))
    chunks = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from([b"tEXt", b"zTXt", b"iTXt", b"IDAT", b"abcd"]))
        payload = draw(st.sampled_from(["doc", "bomb", "bytes"]))
        text = (DOC_TEXT if payload == "doc" else draw(bombs) if payload == "bomb"
                else draw(st.binary(max_size=64)))
        compressed = payload == "bomb" or draw(st.booleans())
        if payload == "doc" and compressed:
            text = zlib.compress(text)
        if kind == b"tEXt":
            body = keyword + b"\0" + text
        elif kind == b"zTXt":
            body = keyword + b"\0" + draw(st.sampled_from([b"\0", b"\1"])) + text
        elif kind == b"iTXt":
            body = keyword + b"\0" + bytes([int(compressed), draw(st.sampled_from([0, 0, 7]))]) + b"en\0\0" + text
        else:
            body = text
        lie = draw(st.sampled_from([None, None, None, 0, 2**31 - 1, 2**32 - 1, len(body) + 1]))
        repeat = draw(st.sampled_from([1, 1, 2, 40, 2000]))
        chunks.append(_chunk(kind, body, lie) * (repeat if payload != "bomb" else min(repeat, 40)))
    data = imagemeta.PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)) \
        + b"".join(chunks) + _chunk(b"IEND", b"")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at + draw(st.integers(0, 8)):]
    if draw(st.integers(0, 5)) == 0:
        data = data[:draw(st.integers(0, len(data)))]
    return data


@settings(FUZZ, max_examples=250)
@given(pngs())
def test_png_images_give_the_graph_or_one_line(data):
    try:
        text = _timed("png", lambda: imagemeta.png_text(data))
    except ImageMetadataError as exc:
        _one_line(exc)
        return
    if text is not None:
        try:
            fileformat.loads(text)
        except FileFormatError as exc:
            _one_line(exc)


# ---------------------------------------------------------------------------- SVG
MARK = f'<metadata id="{imagemeta.SVG_METADATA_ID}">'
SVG_PIECES = [
    MARK, "</metadata>", "<metadata>", f'<metadata class="x" id="{imagemeta.SVG_METADATA_ID}">', "<g>", "</g>",
    "<![CDATA[", "]]>", "&amp;", "&lt;", "&#x41;", "&bogus;", "<!-- ", " -->", "{", "}", "\"", "text ",
    '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', "<?xml version='1.0'?>",
    "\udcff", "é", "<g/>", f"<svg:metadata id='{imagemeta.SVG_METADATA_ID}'>", "</svg:metadata>",
    f'id="{imagemeta.SVG_METADATA_ID}"', "&a;",
]


@st.composite
def svgs(draw) -> bytes:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg">'] if draw(st.booleans()) else []
    budget = 8_000_000
    for _ in range(draw(st.integers(0, 6))):
        piece = draw(st.sampled_from(SVG_PIECES + ["DOC"]))
        if piece == "DOC":
            from xml.sax.saxutils import escape

            piece = escape(DOC_TEXT.decode())
        times = draw(st.sampled_from([1, 1, 2, 1000, 10**6]))
        times = max(1, min(times, budget // max(1, len(piece))))
        budget -= times * len(piece)
        parts.append(piece * times)
    if draw(st.booleans()):
        parts.append("</svg>")
    return "".join(parts).encode("utf-8", errors="surrogateescape")


@settings(FUZZ, max_examples=250)
@given(svgs())
def test_svg_images_give_the_graph_or_one_line_in_linear_time(data):
    start = time.perf_counter()
    try:
        text = _timed("svg", lambda: imagemeta.svg_document_text(data))
    except ImageMetadataError as exc:
        _one_line(exc)
        text = None
    assert time.perf_counter() - start < 2.0, f"{len(data):,} bytes took {time.perf_counter() - start:.2f} s"
    if text is not None:
        try:
            fileformat.loads(text)
        except FileFormatError as exc:
            _one_line(exc)
