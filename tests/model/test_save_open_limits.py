"""Issue #12 regressions in the model layer: every save reopens exactly (dtypes, large tensors,
ids, names), writer and reader share their limits, image metadata is read in linear time and
bounded memory, and saving follows symlinks and respects read-only files."""
from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import numpy as np
import pytest

from explorer.model import atomic, fileformat, imagemeta
from explorer.model.commands import AddNodeCommand, History, RenameCommand, leaf_node
from explorer.model.document import MAX_ID_LENGTH, DocumentError
from explorer.model.fileformat import FileFormatError, dumps, load_any, load_document, loads, save_document
from explorer.model.imagemeta import ImageMetadataError
from explorer.model.language import parse_script
from explorer.model.runner import Runner

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "resources" / "examples"

DTYPE_SCRIPT = """\
import torch
import torch.nn.functional as F
x = torch.tensor([[1.5, -0.5, 2.0], [0.25, 1.0, -1.0]], requires_grad=True)
t = torch.tensor([2, 0])
m = torch.tensor([[True, False, True], [False, True, True]])
loss = F.cross_entropy(x, t)
w = torch.where(m, x, torch.zeros(2, 3))
s = w.sum()
q = loss + s
q.backward()
"""


def run(doc):
    runner = Runner(doc, listen=False)
    return runner.run_backward() if doc.root is not None else runner.run_forward()


def numbers(doc, result) -> dict[str, tuple]:
    out = {}
    for nid, node in doc.nodes.items():
        r = result[nid]
        assert not r.error, (node.name, r.error)
        value = None if r.value is None else np.asarray(r.value)
        grad = None if getattr(r, "grad", None) is None else np.asarray(r.grad)
        out[node.name] = (value, grad)
    return out


def assert_identical(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        for x, y in zip(a[name], b[name]):
            if x is None or y is None:
                assert x is None and y is None, name
                continue
            assert x.dtype == y.dtype and x.shape == y.shape, name
            assert np.array_equal(x, y, equal_nan=True), name


# ---------------------------------------------------------------------------- (2) dtypes
def test_integer_targets_and_bool_masks_survive_save_open_and_run(tmp_path):
    doc = parse_script(DTYPE_SCRIPT)
    before = numbers(doc, run(doc))
    assert before["t"][0].dtype == np.int64 and before["m"][0].dtype == np.bool_
    path = tmp_path / "dtypes.json"
    save_document(doc, path)
    again = load_document(path)
    assert again.same_as(doc)
    assert_identical(numbers(again, run(again)), before)


def test_every_engine_dtype_of_a_constant_round_trips_exactly():
    doc = parse_script("x = tensor([1., 2.], requires_grad=True)\ny = x * 2\n")
    history = History(doc)
    from explorer.model.commands import const_node

    values = {"int64": [-2**63, 2**63 - 1], "int32": [-2**31, 7], "int16": [-3, 300], "int8": [-128, 127],
              "uint8": [0, 255], "bool": [True, False], "float64": [1e-310, 0.1], "float32": [3.4e38, 0.1]}
    for dtype, value in values.items():
        history.push(AddNodeCommand(const_node(doc, value, name=f"c_{dtype}", dtype=dtype)))
    again = loads(dumps(doc))
    assert again.same_as(doc)
    for dtype in values:
        node = again.node_by_name(f"c_{dtype}")
        assert node.dtype == dtype and node.value.dtype == np.dtype(dtype)
        assert node.value.tolist() == np.asarray(values[dtype], dtype=dtype).tolist()


def test_the_graph_in_png_and_svg_images_keeps_its_dtypes(tmp_path):
    """What the exporter embeds (fileformat.to_data as compact JSON) reads back exactly."""
    doc = parse_script(DTYPE_SCRIPT)
    before = numbers(doc, run(doc))
    text = json.dumps(fileformat.to_data(doc), separators=(",", ":"))
    png = tmp_path / "g.png"
    body = imagemeta.KEYWORD.encode() + b"\0\x01\x00\0\0" + zlib.compress(text.encode())
    png.write_bytes(_png(_chunk(b"iTXt", body)))
    svg = tmp_path / "g.svg"
    svg.write_text(imagemeta.embed_svg_metadata('<svg xmlns="http://www.w3.org/2000/svg"></svg>', text))
    for path in (png, svg):
        again = load_any(path)
        assert again.same_as(doc)
        assert_identical(numbers(again, run(again)), before)


@pytest.mark.parametrize("name", ["seed", "transfer_learning", "mlp"])
def test_version_1_files_migrate_to_the_same_document(name):
    old = json.loads((FIXTURES / f"{name}_v1.json").read_text())
    assert old["version"] == 1
    migrated = load_document(FIXTURES / f"{name}_v1.json")
    current = load_document(EXAMPLES / f"{name}.json")
    assert json.loads((EXAMPLES / f"{name}.json").read_text())["version"] == fileformat.VERSION == 2
    assert migrated.same_as(current)
    assert_identical(numbers(migrated, run(migrated)), numbers(current, run(current)))


def test_a_leaf_of_whole_numbers_is_refused_in_one_line():
    data = json.loads(dumps(parse_script("a = tensor([1., 2.], requires_grad=True)\n")))
    data["nodes"][0]["dtype"] = "int64"
    data["nodes"][0]["value"]["data"] = [1, 2]
    with pytest.raises(FileFormatError, match="leaf tensor is float32 or float64") as info:
        loads(json.dumps(data))
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------------------- (3) large tensors
def test_six_million_elements_save_compactly_and_open_again(tmp_path):
    rng = np.random.default_rng(0)
    lines = [f"w{i} = rand(1000, 1000, requires_grad=True)" for i in range(6)]
    doc = parse_script("\n".join(lines) + "\n")
    for i, node in enumerate(n for n in doc.nodes.values() if n.kind == "leaf"):
        node.value = rng.random((1000, 1000), dtype=np.float32)
        node.value[0, :3] = [np.nan, np.inf, -np.inf]
    path = tmp_path / "big.json"
    start = time.perf_counter()
    save_document(doc, path)
    saved = time.perf_counter() - start
    size = path.stat().st_size
    start = time.perf_counter()
    again = load_document(path)
    loaded = time.perf_counter() - start
    print(f"\n6 M float32 elements: {size / 1e6:.1f} MB, save {saved:.2f} s, load {loaded:.2f} s")
    assert size < fileformat.MAX_FILE_BYTES and size < 40e6   # the old lists took 69.8 MB
    assert again.same_as(doc)
    assert loaded < 10


def test_the_writer_refuses_what_the_reader_would(monkeypatch, tmp_path):
    doc = parse_script("a = rand(40, requires_grad=True)\nb = rand(40, requires_grad=True)\nc = a + b\n")
    monkeypatch.setattr(fileformat, "MAX_TOTAL_ELEMENTS", 64)
    with pytest.raises(FileFormatError, match="cannot save") as info:
        save_document(doc, tmp_path / "x.json")
    assert "\n" not in str(info.value) and not (tmp_path / "x.json").exists()
    monkeypatch.undo()
    monkeypatch.setattr(fileformat, "MAX_FILE_BYTES", 500)
    with pytest.raises(FileFormatError, match="at most 500"):
        dumps(doc)


def test_base64_tensors_are_checked_before_decoding():
    doc = parse_script("a = rand(40, 40, requires_grad=True)\n")
    data = json.loads(dumps(doc))
    value = data["nodes"][0]["value"]
    assert "base64" in value and "data" not in value
    for bad, message in [({"base64": value["base64"][:-4]}, "expected 8,536 characters"),
                         ({"base64": "!" * len(value["base64"])}, "not valid base64"),
                         ({"shape": [10**9, 10**9]}, "too large"),
                         ({"data": [1.0]}, "exactly one of")]:
        broken = json.loads(json.dumps(data))
        broken["nodes"][0]["value"].update(bad)
        with pytest.raises(FileFormatError, match=message) as info:
            loads(json.dumps(broken))
        assert "\n" not in str(info.value)


# ---------------------------------------------------------------------------- (5) SVG in linear time
@pytest.mark.parametrize("piece", [
    f'<metadata id="{imagemeta.SVG_METADATA_ID}">',            # our marker, never closed
    f'<metadata  id="{imagemeta.SVG_METADATA_ID}" >',          # the old regex's other spelling
    "<metadata>",
    "<g>",                                                     # deep nesting for the XML parser
])
def test_a_hostile_8_mb_svg_is_refused_within_a_second(tmp_path, piece):
    path = tmp_path / "hostile.svg"
    head = '<svg xmlns="http://www.w3.org/2000/svg">'
    path.write_text(head + piece * (8_000_000 // len(piece)))
    start = time.perf_counter()
    with pytest.raises(FileFormatError) as info:
        load_any(path)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert "hostile.svg" in str(info.value) and "\n" not in str(info.value)


def test_an_svg_with_entities_is_not_expanded(tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {c} "&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};">'
                        for p, c in zip("abcdefgh", "bcdefghi"))
              + f']><svg xmlns="http://www.w3.org/2000/svg"><metadata id="{imagemeta.SVG_METADATA_ID}">&i;'
              "</metadata></svg>")
    start = time.perf_counter()
    with pytest.raises(ImageMetadataError, match="undefined entity"):
        imagemeta.svg_metadata(laughs)
    assert time.perf_counter() - start < 0.5


def test_a_wide_8_mb_svg_without_our_graph_is_read_within_a_second():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg">' + "<g/>" * 2_000_000 + "</svg>").encode()
    start = time.perf_counter()
    assert imagemeta.svg_document_text(svg) is None
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------------------- (6) PNG bombs
def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(*chunks: bytes) -> bytes:
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    return imagemeta.PNG_SIGNATURE + ihdr + b"".join(chunks) + _chunk(b"IDAT", zlib.compress(b"\0" * 5)) \
        + _chunk(b"IEND", b"")


def _run_measured(code: str, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``code`` in a fresh interpreter capped at 1.5 GB of address space (a bomb fails the
    test, not the machine); returns the process and its peak resident memory in MB (Linux)."""
    script = textwrap.dedent("""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, resource.RLIM_INFINITY))
        """) + textwrap.dedent(code) + textwrap.dedent("""
        # VmHWM belongs to this program's memory map (ru_maxrss would include the forked
        # parent's pages from before exec).
        hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
        print("PEAK", int(hwm) / 1024)
        """)
    env = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                          env=env, timeout=120)
    peak = float(proc.stdout.rsplit("PEAK", 1)[1]) if "PEAK" in proc.stdout else float("inf")
    return proc, peak


@pytest.mark.parametrize("keyword,start", [
    (imagemeta.KEYWORD, b"0"), (imagemeta.KEYWORD, b"{0"), (imagemeta.KEYWORD, b'{"format": "'),
    ("Comment", b"{"),
], ids=["ours-zeros", "ours-brace", "ours-open-string", "other-keyword"])
def test_forty_compressed_chunks_stay_under_200_mb(tmp_path, keyword, start):
    bomb = zlib.compress(start + b"0" * (60 * 2**20), 9)   # 60 MB each (under the old per-chunk cap)
    chunks = [_chunk(b"zTXt", keyword.encode() + b"\0\0" + bomb) for _ in range(40)]
    path = tmp_path / "bomb.png"
    path.write_bytes(_png(*chunks))
    assert path.stat().st_size < 3_000_000
    proc, peak = _run_measured("""
        from explorer.model.fileformat import FileFormatError, load_any
        try:
            load_any(sys.argv[1])
            print("LOADED")
        except FileFormatError as exc:
            print("ERROR", exc)
        """, str(path))
    assert "ERROR bomb.png" in proc.stdout, proc.stdout + proc.stderr
    print(f"\n40 x 60 MB chunks ({keyword}, starting {start!r}): peak {peak:.0f} MB")
    assert peak < 200, f"peak {peak:.0f} MB"


def test_a_bomb_larger_than_a_document_is_refused_without_holding_it():
    bomb = zlib.compress(b"{" + b" " * (imagemeta.MAX_TEXT + 10), 9)
    png = _png(_chunk(b"zTXt", imagemeta.KEYWORD.encode() + b"\0\0" + bomb))
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(ImageMetadataError, match="too large"):
            imagemeta.png_text(png)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MB"


def test_image_and_document_limits_are_one_limit():
    assert imagemeta.MAX_TEXT == fileformat.MAX_FILE_BYTES


# ---------------------------------------------------------------------------- (8) symlinks, read-only
def test_saving_through_a_symlink_writes_its_target(tmp_path):
    doc = parse_script("a = tensor([1., 2.], requires_grad=True)\n")
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save_document(doc, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_document(real).same_as(doc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]


def test_a_read_only_file_is_not_replaced_unless_asked(tmp_path):
    doc = parse_script("a = tensor([1., 2.], requires_grad=True)\n")
    path = tmp_path / "locked.json"
    path.write_text("keep me")
    path.chmod(0o444)
    with pytest.raises(atomic.ReadOnlyFileError) as info:
        save_document(doc, path)
    assert "read-only" in str(info.value) and "\n" not in str(info.value)
    assert path.read_text() == "keep me"
    save_document(doc, path, overwrite_read_only=True)
    assert load_document(path).same_as(doc) and (path.stat().st_mode & 0o777) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == ["locked.json"]


def test_lectures_and_images_refuse_read_only_files_too(tmp_path):
    from explorer.model.lecture import LectureError, load_lecture, save_lecture

    lecture = load_lecture(ROOT / "resources" / "lectures" / "autograd_intro_en.json")
    path = tmp_path / "lecture.json"
    path.write_text("{}")
    path.chmod(0o444)
    with pytest.raises(LectureError, match="read-only"):
        save_lecture(lecture, path)
    assert path.read_text() == "{}"


def test_the_temporary_file_is_recognisably_ours_and_removed_on_failure(tmp_path, monkeypatch):
    seen = []

    def failing_replace(src, dst):
        seen.append(os.path.basename(src))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    target = tmp_path / "graph.json"
    with pytest.raises(OSError):
        atomic.write_text_atomic(target, "{}")
    assert len(seen) == 1 and seen[0].startswith(".graph.json" + atomic.TEMP_MARKER)
    assert atomic.is_temp_name(seen[0]) and not atomic.is_temp_name("graph.json")
    assert list(tmp_path.iterdir()) == []


def test_cli_export_over_a_read_only_file_is_one_line(tmp_path):
    out = tmp_path / "seed.svg"
    out.write_text("old")
    out.chmod(0o444)
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(EXAMPLES / "seed.json"),
                           "-o", str(out)], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 2, proc.stderr
    assert "read-only" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert out.read_text() == "old"


# ---------------------------------------------------------------------------- (9) ids
def test_a_64_character_id_does_not_make_the_next_id_longer():
    doc = parse_script("a = tensor([1., 2.], requires_grad=True)\n")
    data = json.loads(dumps(doc))
    data["nodes"][0]["id"] = "n" + "9" * (MAX_ID_LENGTH - 1)
    doc = loads(json.dumps(data))
    history = History(doc)
    for name in ("b", "c"):
        history.push(AddNodeCommand(leaf_node(doc, name, [1.0])))
    assert all(len(nid) <= MAX_ID_LENGTH for nid in doc.nodes)
    assert loads(dumps(doc)).same_as(doc)


# ---------------------------------------------------------------------------- (11) NFKC names
def test_names_python_reads_as_one_identifier_are_duplicates():
    doc = parse_script("fi = tensor([1., 2.], requires_grad=True)\nx = tensor([3., 4.], requires_grad=True)\n")
    history = History(doc)
    x = doc.node_by_name("x").id
    with pytest.raises(DocumentError, match="same Python name"):
        history.push(RenameCommand(x, "\ufb01"))     # the ligature ﬁ: Python reads it as fi
    with pytest.raises(DocumentError):
        history.push(AddNodeCommand(leaf_node(doc, "\uff46\uff49", [1.0])))   # fullwidth ｆｉ
    data = json.loads(dumps(doc))
    data["nodes"][1]["name"] = "\ufb01"
    with pytest.raises(FileFormatError, match="same Python name 'fi'") as info:
        loads(json.dumps(data))
    assert "\n" not in str(info.value)


def test_the_printed_script_of_a_loaded_document_computes_what_the_runner_does(tmp_path):
    import contextlib
    import io
    import runpy

    pytest.importorskip("torch")
    from explorer.model.language.printer import to_torch_script

    source = ("\ufb01 = tensor([2., 3.], requires_grad=True)\nb = tensor([6., 4.], requires_grad=True)\n"
              "Q = 3 * \ufb01 ** 3 - b ** 2\nQ.backward(gradient=tensor([1., 1.]))\n")
    data = json.loads(dumps(parse_script(source)))
    for node in data["nodes"]:
        if node["name"] == "fi":      # the parser reads Python's identifier; the file keeps ﬁ
            node["name"] = "\ufb01"
    doc = loads(json.dumps(data))
    ours = numbers(doc, run(doc))
    path = tmp_path / "printed.py"
    path.write_text(to_torch_script(doc), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        scope = runpy.run_path(str(path))
    q = scope["Q"].detach().numpy()
    np.testing.assert_allclose(q, ours["Q"][0], rtol=1e-6)
    np.testing.assert_allclose(scope["fi"].grad.numpy(), ours["\ufb01"][1], rtol=1e-6)


# ---------------------------------------------------------------------------- (12) export size
def test_export_size_has_a_documented_maximum(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(EXAMPLES / "seed.json"),
                           "-o", str(tmp_path / "big.png"), "--size", "30000x30000"],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 2
    assert "at most 100,000,000" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "big.png").exists()
    assert "100,000,000 pixels" in (ROOT / "README.md").read_text()


# ---------------------------------------------------------------------------- (12) clean numbers
def _lecture_setting(node: str, value) -> "object":
    from explorer.model.lecture import FORMAT, LecturePlayer, from_json

    source = "x = tensor([[1., 2.], [3., 4.]], requires_grad=True)\nt = tensor([1, 0])\nl = cross_entropy(x, t)\n"
    return LecturePlayer(from_json({"format": FORMAT, "version": 1, "title": "t", "slides": [
        {"title": "s", "actions": [{"do": "load_script", "source": source},
                                   {"do": "set_value", "node": node, "value": value}]}]}))


@pytest.mark.parametrize("value,message", [([1e30, 0.0], "out of range for int64"),
                                           ([-1.0, 0.0], None)])
def test_a_value_an_integer_constant_cannot_hold_is_one_line_not_garbage(value, message):
    if message is None:     # a value it can hold stays whole numbers (cross_entropy targets)
        player = _lecture_setting("t", value)
        player.start()
        t = player.document.node_by_name("t").value
        assert t.dtype == np.int64 and t.tolist() == [-1, 0]
        return
    from explorer.model.lecture import LectureError

    player = _lecture_setting("t", value)
    with pytest.raises((LectureError, DocumentError), match=message) as info:
        player.start()
    assert "\n" not in str(info.value)


def test_a_float32_overflow_is_inf_without_a_runtime_warning(recwarn):
    import warnings

    warnings.simplefilter("always")
    player = _lecture_setting("x", [[1e39, 1.0], [2.0, 3.0]])
    player.start()
    assert player.document.node_by_name("x").value[0, 0] == np.inf
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
