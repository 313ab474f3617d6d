"""``python main.py export FILE -o OUT ...``: the headless export command (registered by
:mod:`explorer.cli.export`, which imports this module only when the command runs, so ``run``,
``code`` and ``check-lecture`` never load Qt). Each bad flag gets one line naming it.
"""
from __future__ import annotations

import math
import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from explorer.model.loading import InputError as CliError, load_graph
from explorer.model.messages import Message
from explorer.view import theme
from explorer.view.exporters.api import compute_result, export_file
from explorer.view.exporters.options import (MAX_PIXELS, MAX_SCALE, MAX_SIDE, MIN_SCALE, ExportError, ExportOptions,
                                             format_of, too_many_pixels)


def ensure_app():
    """A QApplication on the offscreen platform unless one exists (no display needed)."""
    app = QApplication.instance()
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication([sys.argv[0] if sys.argv else "main.py"])
    return app


def _names(spec: str) -> list[str]:
    return [n.strip() for n in (spec or "").split(",") if n.strip()]


def _parse_size(text: str) -> tuple[int, int]:
    parts = text.lower().replace("×", "x").split("x")
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise ExportError(Message("--size: expected WIDTHxHEIGHT in pixels such as 1920x1080 (got "
                                  "'{text}')", text=text)) from None
    return w, h


def cmd_export(args) -> int:
    """``python main.py export FILE -o OUT ...`` (registered by :mod:`explorer.cli.export`)."""
    fmt, size = _check_flags(args)
    doc = load_graph(args.file)
    _freeze(doc, args)
    options = ExportOptions(view="backward" if args.backward else "forward", theme=args.theme,
                            scale=args.scale, size=size, transparent=args.transparent,
                            values=not args.no_values, grads=not args.no_grads, grad_fn=not args.no_grad_fn,
                            shapes=not args.no_shapes, edge_grads=args.edge_grads, selection=_selection(doc, args),
                            margin=args.margin, embed_graph=not args.no_embed)
    try:
        options.check()
    except ExportError as exc:
        raise CliError(str(exc)) from None
    ensure_app()
    result = None if args.no_run else compute_result(doc)
    try:
        rendered = export_file(doc, result, args.output, options)
    except ExportError as exc:
        error = result.backward_error if result is not None else None
        if args.backward and error and doc.root in doc.nodes and not result.backward_nodes:
            # Say why it is empty (e.g. --freeze left nothing requiring grad), not only what to do.
            name, error = doc.nodes[doc.root].name, " ".join(str(error).split())
            raise CliError(Message("nothing to export: the backward graph is empty (backward from "
                                   "'{name}' failed: {error})", name=name, error=error)) from None
        raise CliError(str(exc)) from None
    unit = "pixels" if fmt == "png" else "units"
    print(f"wrote {args.output} ({rendered.width}×{rendered.height} {unit}, {rendered.node_count} nodes)")
    if result is not None:
        _notes(doc, result)
    return 0


def _check_flags(args) -> tuple[str, tuple[int, int] | None]:
    """The format and the --size, once every flag is checked; each bad one names itself."""
    try:
        fmt = format_of(args.output)
    except ExportError as exc:
        raise CliError(Message("-o {exc}", exc=exc)) from None
    if args.theme not in theme.THEMES:
        raise CliError(Message("--theme: unknown theme '{theme}'; choose one of {THEMES}", theme=args.theme,
                               THEMES=', '.join(theme.THEMES)))
    try:
        size = _parse_size(args.size) if args.size else None
    except ExportError as exc:
        raise CliError(str(exc)) from None
    if size is not None and not all(16 <= v <= MAX_SIDE for v in size):
        raise CliError(Message("--size: each side must be between 16 and {MAX_SIDE} pixels (got {size})",
                               MAX_SIDE=MAX_SIDE, size=args.size))
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        raise CliError(Message("--size: {too_many_pixels}", too_many_pixels=too_many_pixels(*size)))
    _check_output(args.output)
    # Each number names its flag (ExportOptions.check says what, not which flag).
    if not (math.isfinite(args.scale) and MIN_SCALE <= args.scale <= MAX_SCALE):
        raise CliError(Message("--scale: must be between {MIN_SCALE} and {MAX_SCALE} (got {scale})",
                               MIN_SCALE=format(MIN_SCALE, "g"), MAX_SCALE=format(MAX_SCALE, "g"),
                               scale=format(args.scale, "g")))
    if not (math.isfinite(args.margin) and 0 <= args.margin <= 500):
        raise CliError(Message("--margin: must be between 0 and 500 canvas units (got {margin})",
                               margin=format(args.margin, "g")))
    return fmt, size


def _check_output(output: str) -> None:
    out_dir = Path(output).parent
    if str(out_dir) and not out_dir.is_dir():
        if out_dir.exists():
            raise CliError(Message("-o {output}: {out_dir} is a file, not a folder", output=output,
                                   out_dir=out_dir))
        raise CliError(Message("-o {output}: the folder {out_dir} does not exist", output=output,
                               out_dir=out_dir))
    if Path(output).is_dir():
        raise CliError(Message("-o {output}: is a folder; name the image file, e.g. {value}", output=output,
                               value=Path(output) / 'graph.png'))


def _freeze(doc, args) -> None:
    """--freeze: requires_grad=False on the named leaves."""
    for name in _names(args.freeze):
        node = doc.node_by_name(name)
        if node is None:
            raise CliError(Message("--freeze: no node named '{name}' in {file}", name=name, file=args.file))
        if node.kind != "leaf":
            raise CliError(Message("--freeze: '{name}' is not a leaf tensor (only leaves have a "
                                   "requires_grad switch)", name=name))
        doc.update_node(node.id, requires_grad=False)  # a throwaway document: no undo needed


def _selection(doc, args) -> tuple[str, ...] | None:
    """--select: the named nodes' ids, or None for the whole graph."""
    if not args.select:
        return None
    selection = []
    for name in _names(args.select):
        node = doc.node_by_name(name)
        if node is None:
            raise CliError(Message("--select: no node named '{name}' in {file}", name=name, file=args.file))
        selection.append(node.id)
    return tuple(selection)


def _notes(doc, result) -> None:
    """What the image cannot say, on stderr."""
    if result.errors:
        print(f"note: {len(result.errors)} node(s) failed to compute; the image shows the errors", file=sys.stderr)
    error = result.backward_error
    if error and doc.root in doc.nodes:
        # Not on the cards (e.g. every leaf frozen: the root needs no grad), so say it here.
        print(f"note: backward from '{doc.nodes[doc.root].name}' failed: {' '.join(str(error).split())}",
              file=sys.stderr)
