"""What an export draws and how: :class:`ExportOptions`, the limits, the formats, and the one
error every exporter raises (:class:`ExportError`, a message in one line).

Light on purpose (a dataclass and the theme names): the export dialog and the window's settings
read it without loading Qt's SVG and PDF modules.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from explorer.model.messages import Message
from explorer.view import theme

FORMATS = ("png", "svg", "pdf")
EXPORT_THEMES = tuple(theme.THEMES)
MIN_SCALE, MAX_SCALE = 1.0, 4.0
MAX_SIDE = 30_000            # pixels per side of a PNG (Qt and most viewers cope up to 32k)
# Pixels of a PNG in all (README, Headless use): the image, its encoding and Qt's buffers take
# ~8 bytes a pixel (30000x30000 took 7.2 GB), so 100 M pixels stay under a gigabyte.
MAX_PIXELS = 100_000_000
SCREEN_DPI = 96.0            # one scene unit = one CSS pixel (SVG size, PNG and PDF physical size)


class ExportError(Exception):
    """An export the user asked for cannot be made; the message says why, in one line."""


@dataclass
class ExportOptions:
    """What to draw and how. ``selection`` (document node ids) limits the image to those nodes."""

    view: str = "forward"                 # "forward" canvas | "backward" grad_fn DAG
    theme: str = "light"
    scale: float = 1.0                    # PNG: 1x-4x
    size: tuple[int, int] | None = None   # PNG: fit into exactly this many pixels instead of scale
    transparent: bool = False
    values: bool = True
    grads: bool = True
    grad_fn: bool = True
    shapes: bool = True
    edge_grads: bool = False              # gradient that flowed along each edge, as a label
    selection: tuple[str, ...] | None = None
    margin: float = 24.0
    embed_graph: bool = True              # PNG/SVG carry the document (opening the image restores it)

    def check(self) -> None:
        if self.view not in ("forward", "backward"):
            raise ExportError(Message("unknown view '{view}' (forward or backward)", view=self.view))
        if self.theme not in theme.THEMES:
            raise ExportError(Message("unknown theme '{theme}'; choose one of {THEMES}", theme=self.theme,
                                      THEMES=', '.join(theme.THEMES)))
        if not (isinstance(self.scale, (int, float)) and MIN_SCALE <= float(self.scale) <= MAX_SCALE):
            raise ExportError(Message("the scale must be between {MIN_SCALE} and {MAX_SCALE} (got "
                                      "{scale})", MIN_SCALE=format(MIN_SCALE, "g"),
                                      MAX_SCALE=format(MAX_SCALE, "g"), scale=self.scale))
        if self.size is not None:
            w, h = self.size
            if not (16 <= int(w) <= MAX_SIDE and 16 <= int(h) <= MAX_SIDE):
                raise ExportError(Message("the image size must be between 16 and {MAX_SIDE} pixels a "
                                          "side (got {w}x{h})", MAX_SIDE=MAX_SIDE, w=w, h=h))
            if int(w) * int(h) > MAX_PIXELS:
                raise ExportError(too_many_pixels(int(w), int(h)))
        if not (0 <= float(self.margin) <= 500):
            raise ExportError(Message("the margin must be between 0 and 500"))

    def display(self) -> dict[str, bool]:
        """The card rows to show (read by the canvas items through ``GraphScene.display``)."""
        return {"values": self.values, "grads": self.grads, "grad_fn": self.grad_fn, "shapes": self.shapes}

    # Remembered between sessions (QSettings) without the selection, which belongs to one graph.
    def to_json(self) -> str:
        data = asdict(self)
        data.pop("selection")
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str | None) -> "ExportOptions":
        """Options saved by :meth:`to_json`; unknown or broken entries fall back to defaults."""
        opts = cls()
        try:
            data = json.loads(text) if text else {}
        except (TypeError, ValueError):
            return opts
        if not isinstance(data, dict):
            return opts
        for f in fields(cls):
            if f.name == "selection" or f.name not in data:
                continue
            value = data[f.name]
            default = getattr(opts, f.name)
            if f.name == "size":
                if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
                    opts.size = (int(value[0]), int(value[1]))
            elif isinstance(default, bool):
                if isinstance(value, bool):
                    setattr(opts, f.name, value)
            elif isinstance(default, float):
                if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                    setattr(opts, f.name, float(value))
            elif isinstance(value, str):
                setattr(opts, f.name, value)
        try:
            opts.check()
        except (ExportError, TypeError, ValueError):
            return cls()
        return opts


def format_of(path: str | os.PathLike) -> str:
    """"png", "svg" or "pdf" from the file name, else ExportError."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        shown = f"'.{suffix}'" if suffix else "no suffix"
        raise ExportError(Message("{name}: cannot tell the image format from {shown} (use .png, .svg or "
                                  ".pdf)", name=Path(path).name, shown=shown))
    return suffix


def too_many_pixels(w: int, h: int) -> str:
    return (f"the image size {w}x{h} is {w * h:,} pixels; at most {MAX_PIXELS:,} "
            f"(e.g. {math.isqrt(MAX_PIXELS)}x{math.isqrt(MAX_PIXELS)}) can be made")
