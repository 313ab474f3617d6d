"""Direct SVG for the forward canvas export: walks the offscreen export scene's cards, edges and
group frames and writes compact SVG text (``<rect rx>``, ``<path d>``, ``<circle>``, ``<text>``)
with the repeated styles as shared CSS classes.

Painting 2,000 cards through QSvgGenerator cost ~1.8 s (Python paint calls, Qt's text layout and
a ``<g>`` block with every style attribute per primitive: 17 MB). Here each card is a translated
``<g>`` whose content uses the same geometry as ``NodeItem.paint`` (the same rects, elision and
text widths, read from :mod:`explorer.view.canvas.card_metrics`), the same theme colours and fonts;
text baselines are placed where Qt's vertical centring puts them.

Items the writer does not know make :func:`write_scene` return None (the caller then falls back
to QSvgGenerator).
"""
from __future__ import annotations

import functools
import math

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainterPath

from explorer.view import theme
from explorer.view.canvas import GraphScene, card_metrics
from explorer.view.canvas.backward_items import BwEdgeItem, BwNodeItem
from explorer.view.canvas.card_metrics import advance, elide, row_h
from explorer.view.canvas.edges import EdgeItem
from explorer.view.canvas.groups import GroupItem
from explorer.view.canvas.items import NodeItem
from explorer.view.exporters.labels import BwLabelItem
from explorer.view.i18n import tr

PT_TO_PX = 96.0 / 72.0


def esc(text: str) -> str:
    """XML-escaped text (also safe inside double-quoted attributes)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


_NUMBERS: dict[float, str] = {}


def n(v: float) -> str:
    """A compact number (2 decimals at most); memoised (card-local coordinates repeat)."""
    s = _NUMBERS.get(v)
    if s is None:
        if v == int(v):
            s = str(int(v))
        else:
            s = f"{v:.2f}".rstrip("0").rstrip(".")
            if s == "-0":
                s = "0"
        if len(_NUMBERS) > 200_000:
            _NUMBERS.clear()
        _NUMBERS[v] = s
    return s


def path_data(path: QPainterPath) -> str:
    """SVG path data for a QPainterPath of lines and cubic curves, each subpath closed."""
    out: list[str] = []
    i, count = 0, path.elementCount()
    while i < count:
        e = path.elementAt(i)
        if e.isMoveTo():
            if out:
                out.append("Z")
            out.append(f"M{n(e.x)} {n(e.y)}")
        elif e.isLineTo():
            out.append(f"L{n(e.x)} {n(e.y)}")
        else:  # a curve: this element and the next two (control, control, end)
            c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
            out.append(f"C{n(e.x)} {n(e.y)} {n(c2.x)} {n(c2.y)} {n(end.x)} {n(end.y)}")
            i += 2
        i += 1
    return "".join(out) + ("Z" if out else "")


_COLORS: dict[str, tuple[str, float]] = {}


def rgb(color) -> tuple[str, float]:
    """('#rrggbb', alpha 0..1) of a theme colour string ('#aarrggbb' too) or a QColor."""
    if isinstance(color, QColor):
        return color.name(), color.alphaF()
    out = _COLORS.get(color)
    if out is None:
        c = QColor(color)
        out = _COLORS[color] = (c.name(), round(c.alphaF(), 3))
    return out


@functools.lru_cache(maxsize=4096)
def fill(color) -> str:
    hx, a = rgb(color)
    return f"fill:{hx}" + ("" if a >= 1 else f";fill-opacity:{a:g}")


@functools.lru_cache(maxsize=4096)
def stroke(color, width: float = 1.0, dash: bool = False) -> str:
    hx, a = rgb(color)
    out = f"stroke:{hx};stroke-width:{width:g}" + ("" if a >= 1 else f";stroke-opacity:{a:g}")
    if dash:  # Qt's DashLine: 4 on, 2 off, in pen widths
        out += f";stroke-dasharray:{4 * width:g} {2 * width:g}"
    return out


class _Fonts:
    """Per role: CSS declarations, ascent+descent and ascent (pixels) for baseline placement."""

    def __init__(self, mono_css: str) -> None:
        self.decl: dict[str, str] = {}
        self.metrics: dict[str, tuple[float, float]] = {}
        self.mono_css = mono_css

    def get(self, role: str) -> tuple[str, float, float]:
        d = self.decl.get(role)
        if d is None:
            f = theme.font(role)
            d = f"font-size:{f.pointSizeF() * PT_TO_PX:.2f}px"
            if f.bold():
                d += ";font-weight:bold"
            if role == "mono":
                # One generic family: Qt's SVG renderer reads a comma list as a single (unknown)
                # family name, and every browser maps "monospace" to its fixed-width font.
                d += ";font-family:monospace"
            fm = QFontMetricsF(f)
            self.decl[role] = d
            self.metrics[role] = (fm.ascent() + fm.descent(), fm.ascent())
        h, a = self.metrics[role]
        return d, h, a


class SvgWriter:
    def __init__(self, families: dict[str, str]) -> None:
        t = self.t = theme.current()
        self.sans = families.get(t.font_family, "sans-serif")
        self.fonts = _Fonts(families.get(t.mono_family, "monospace"))
        self.classes: dict[str, str] = {}
        self.patterns: set[str] = set()
        self.out: list[str] = []
        self._elided: dict[tuple, str] = {}
        self._headers: dict[tuple, str] = {}
        self._advances: dict[tuple, float] = {}

    def elide(self, text: str, role: str, width: float) -> str:
        key = (text, role, width)
        s = self._elided.get(key)
        if s is None:
            s = self._elided[key] = elide(text, theme.font(role), width)
        return s

    def advance(self, text: str, role: str) -> float:
        key = (text, role)
        w = self._advances.get(key)
        if w is None:
            w = self._advances[key] = advance(text, theme.font(role))
        return w

    def header_fill(self, kind: str, category: str | None) -> str:
        key = (kind, category)
        s = self._headers.get(key)
        if s is None:
            s = self._headers[key] = fill(self.t.header_color(kind, category).name(QColor.NameFormat.HexArgb))
        return s

    def cls(self, decl: str) -> str:
        c = self.classes.get(decl)
        if c is None:
            c = self.classes[decl] = f"c{len(self.classes)}"
        return c

    # ------------------------------------------------------------------ primitives
    def rect(self, x, y, w, h, style: str, r: float = 0.0) -> None:
        rr = f' rx="{n(r)}"' if r else ""
        self.out.append(f'<rect class="{self.cls(style)}" x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}"{rr}/>')

    def circle(self, x, y, r, style: str) -> None:
        self.out.append(f'<circle class="{self.cls(style)}" cx="{n(x)}" cy="{n(y)}" r="{n(r)}"/>')

    def text(self, x, y, w, h, s: str, role: str, color, align: str = "left") -> None:
        """``s`` in ``role``'s font, vertically centred in (x, y, w, h) like Qt's AlignVCenter;
        ``align`` "center" centres it horizontally too."""
        if not s:
            return
        decl, fh, asc = self.fonts.get(role)
        base = y + (h - fh) / 2 + asc
        style = decl + ";" + fill(color)
        if align == "center":
            style += ";text-anchor:middle"
            x = x + w / 2
        self.out.append(f'<text class="{self.cls(style)}" x="{n(x)}" y="{n(base)}">{esc(s)}</text>')

    def hatch(self, color, kind: str) -> str:
        """A pattern fill id: "b" = BDiagPattern (/), "f" = FDiagPattern (\\)."""
        hx, a = rgb(color)
        pid = f"h{kind}{hx[1:]}{int(a * 255):02x}"
        if pid not in self.patterns:
            self.patterns.add(pid)
            d = "M-1 1 L1 -1 M0 8 L8 0 M7 9 L9 7" if kind == "b" else "M-1 7 L1 9 M0 0 L8 8 M7 -1 L9 1"
            op = "" if a >= 1 else f' stroke-opacity="{a:g}"'
            self.defs.append(f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
                             f'<path d="{d}" stroke="{hx}" stroke-width="1"{op}/></pattern>')
        return pid

    # ------------------------------------------------------------------ items
    def group(self, item: GroupItem) -> None:
        t = self.t
        islands = item.islands()
        r = islands[0]
        on = item.is_on()
        style = fill(t.group_fill) + ";" + stroke(t.group_border, 1.5, not on)
        if len(islands) == 1:
            self.rect(r.x(), r.y(), r.width(), r.height(), style, 10)
        else:  # split around cards that are not members: the outline as one path
            self.out.append(f'<path class="{self.cls(style)}" d="{path_data(item.outline())}"/>')
        title = item.group.name + ("" if on else "  (frozen)")
        self.text(r.left() + 12, r.top(), r.width() - 60, item.TITLE, title, "title", t.text)
        for part in islands[1:]:
            p = item.part_label_rect(part)
            self.text(p.x(), p.y(), p.width(), p.height(), item.group.name, "small", t.text_muted)
        if not item.has_switch():
            return
        s = item.switch_rect()
        self.rect(s.x(), s.y(), s.width(), s.height(), fill(t.switch_on if on else t.switch_off) + ";stroke:none", s.height() / 2)
        d = s.height() - 4
        kx = s.right() - d - 2 if on else s.left() + 2
        self.circle(kx + d / 2, s.top() + 2 + d / 2, d / 2, "fill:#ffffff;stroke:none")

    def edge(self, item: EdgeItem) -> None:
        t = self.t
        x0, y0, x1, y1 = item._ends
        dx = max(40.0, abs(x1 - x0) * 0.5)
        style = "fill:none;" + stroke(t.edge_frozen if item.frozen else t.edge, 1, item.frozen)
        self.out.append(f'<path class="{self.cls(style)}" d="M{n(x0)} {n(y0)}C{n(x0 + dx)} {n(y0)} '
                        f'{n(x1 - dx)} {n(y1)} {n(x1)} {n(y1)}"/>')
        if item.label:
            mx, my = (x0 + x1) / 2, (y0 + y1) / 2
            w = advance(item.label, theme.font("small")) + 10
            self.rect(mx - w / 2, my - 16, w, 14, fill(t.background) + ";stroke:none", 3)
            self.text(mx - w / 2, my - 16, w, 14, item.label, "small", t.grad, "center")

    def node(self, item: NodeItem) -> None:
        """A card, drawn as :class:`~explorer.view.canvas.node_paint.NodePaintMixin` paints it."""
        t = self.t
        node = item.node
        frozen = item.frozen and node.kind != "const"
        op = card_metrics.op_info(node.op) if node.kind == "op" else None
        self.out.append(f'<g transform="translate({n(item.x())},{n(item.y())})">')
        self._card(item, t, op, frozen)
        self._header(item, t, op, frozen)
        self._ports(item, t)
        self._rows(item, t, frozen)
        self.out.append("</g>")

    def _card(self, item: NodeItem, t, op, frozen: bool) -> None:
        """Shadow, body and the header's background (hatched when frozen in print themes)."""
        m = card_metrics
        W, HEADER, RADIUS = m.W, m.HEADER, m.RADIUS
        node = item.node
        header_fill = fill(t.frozen_header) if frozen else self.header_fill(node.kind, op.category if op else None)
        h = item.height
        out = self.out
        if rgb(t.shadow)[1] > 0:
            self.rect(0, 3, W, h, fill(t.shadow) + ";stroke:none", RADIUS)
        failed = item.result is not None and bool(item.result.error)
        border = t.error if failed else (t.frozen_text if frozen else t.card_border)
        self.rect(0, 0, W, h, fill(t.frozen_card if frozen else t.card) + ";" + stroke(border, 2.0 if failed else 1.0, frozen), RADIUS)
        # header: rounded top, square bottom (what card_metrics.card_header_path outlines)
        r = RADIUS
        d = (f"M0.5 {n(HEADER + 0.5)}V{n(0.5 + r)}A{n(r)} {n(r)} 0 0 1 {n(0.5 + r)} 0.5H{n(W - 0.5 - r)}"
             f"A{n(r)} {n(r)} 0 0 1 {n(W - 0.5)} {n(0.5 + r)}V{n(HEADER + 0.5)}Z")
        out.append(f'<path class="{self.cls(header_fill + ";stroke:none")}" d="{d}"/>')
        if frozen and t.hatch_frozen:
            out.append(f'<path fill="url(#{self.hatch(t.card, "b")})" d="{d}"/>')
        if node.kind == "const" and not t.hatch_frozen:
            out.append(f'<path fill="url(#{self.hatch(QColor(255, 255, 255, 40), "f")})" d="{d}"/>')

    def _header(self, item: NodeItem, t, op, frozen: bool) -> None:
        """The glyph pill, the name, the root badge and a leaf's requires_grad switch."""
        W, HEADER = card_metrics.W, card_metrics.HEADER
        k = theme.font_scale
        node = item.node
        glyph = (op.label if op else str(node.op)) if node.kind == "op" else (tr("leaf") if node.kind == "leaf" else tr("const"))
        gw = max(22.0, self.advance(glyph, "title") + 10)
        gy, gh = 5 * k, HEADER - 10 * k
        self.rect(6, gy, gw, gh, "fill:#000000;fill-opacity:0.176;stroke:none", 4)
        header_text = t.frozen_header_text if frozen else t.header_text
        self.text(6, gy, gw, gh, glyph, "title", header_text, "center")
        name_x = 6 + gw + 6
        right = W - (44 * k if node.kind == "leaf" else 8)
        if item.is_root:
            right -= 30 * k
        self.text(name_x, 0, right - name_x, HEADER, self.elide(node.name, "title", right - name_x), "title", header_text)
        if item.is_root:
            rx, ry, rw, rh = right + 2, 7 * k, 28 * k, HEADER - 14 * k
            self.rect(rx, ry, rw, rh, "fill:#ffffff;fill-opacity:0.275;stroke:none", 6)
            self.text(rx, ry, rw, rh, tr("root"), "badge", header_text, "center")
        if node.kind == "leaf":
            s = item.switch_rect()
            on = node.requires_grad
            self.rect(s.x(), s.y(), s.width(), s.height(),
                      fill(t.switch_on if on else t.switch_off) + ";stroke:#ffffff;stroke-width:1;stroke-opacity:0.784", s.height() / 2)
            dd = s.height() - 4
            kx = s.right() - dd - 2 if on else s.left() + 2
            self.circle(kx + dd / 2, s.top() + 2 + dd / 2, dd / 2, "fill:#ffffff;stroke:none")
            self.text(s.left() - 12 * k, s.top() - 1, 11 * k, s.height() + 2, "∇", "badge", header_text, "center")

    def _ports(self, item: NodeItem, t) -> None:
        m = card_metrics
        W, HEADER, ROW, PAD, PORT_R = m.W, m.HEADER, m.ROW, m.PAD, m.PORT_R
        port_stroke = stroke(t.port_border, 1.2)
        arity = item.arity()
        for i in range(arity):
            cy = HEADER + PAD + ROW / 2 + i * ROW
            connected = i in item.in_edges
            self.circle(0, cy, PORT_R, fill(t.port_border if connected else t.port) + ";" + port_stroke)
            if arity > 1:
                self.text(-PORT_R, cy - PORT_R, 2 * PORT_R, 2 * PORT_R, str(i + 1), "port",
                          t.port if connected else t.port_border, "center")
        self.circle(W, HEADER / 2, PORT_R - 1, fill(t.port_border if item.out_edges else t.port) + ";" + port_stroke)

    def _rows(self, item: NodeItem, t, frozen: bool) -> None:
        """The body rows: shape, value, .grad, heatmap, grad_fn badge, error."""
        m = card_metrics
        k = theme.font_scale
        text_color = t.frozen_text if frozen else t.text
        muted = t.frozen_text if frozen else t.text_muted
        y = m.HEADER + m.PAD
        x0 = m.BODY_X if item.node.kind == "op" else 10.0
        rw = m.W - x0 - 8
        for kind, label, text in item._rows:
            rh = row_h(kind)
            if kind == "meta":
                self.text(x0, y, rw, rh, self.elide(text, "small", rw), "small", muted)
            elif kind in ("value", "grad"):
                lw = 34.0 * k
                self.text(x0, y, lw, rh, label, "small", muted)
                color = text_color if kind == "value" else (muted if frozen or text == "None" else t.grad)
                self.text(x0 + lw, y, rw - lw, rh, self.elide(text, "mono", rw - lw), "mono", color)
            elif kind == "heat" and item._heat is not None:
                self.heat(x0 + 34 * k, y + 3, min(rw - 34 * k, 120.0 * k), rh - 6, item._heat, muted)
            elif kind == "badge":
                self.badge(x0, y, rw, rh, label, text)
            elif kind == "error":
                self.error(4, y + 1, m.W - 8, rh - 2, text)
            y += rh

    def heat(self, x, y, w, h, image, muted) -> None:
        cols, rows = image.width(), image.height()
        cw, ch = w / cols, h / rows
        out = self.out
        for j in range(rows):
            for i in range(cols):
                c = image.pixelColor(i, j)
                out.append(f'<rect x="{n(x + i * cw)}" y="{n(y + j * ch)}" width="{n(cw)}" height="{n(ch)}" '
                           f'fill="{c.name()}"/>')
        self.rect(x, y, w, h, "fill:none;" + stroke(muted, 1))

    def badge(self, x, y, w, h, kind: str, text: str) -> None:
        t = self.t
        pw = min(self.advance(text, "badge") + 14, w)
        py, ph = y + 2, h - 4
        if kind == "accumulate":
            style, fg = "fill:none;" + stroke(t.accumulate, 1), t.accumulate
        elif kind == "grad_fn":
            style, fg = fill(t.badge) + ";stroke:none", t.badge_text
        else:
            style, fg = "fill:none;" + stroke(t.frozen_text, 1, True), t.frozen_text
        self.rect(x, py, pw, ph, style, ph / 2)
        self.text(x, py, pw, ph, self.elide(text, "badge", pw - 8), "badge", fg, "center")

    def error(self, x, y, w, h, text: str) -> None:
        t = self.t
        self.rect(x, y, w, h, fill(t.error) + ";stroke:none", 4)
        font = theme.font("badge")
        ix, iy, iw, ih = x + 6, y + 2, w - 10, h - 4
        # Two word-wrapped lines, the second elided (as the card paints it).
        words = ("⚠ " + text).split(" ")
        first = ""
        while words and advance((first + " " + words[0]).strip(), font) <= iw:
            first = (first + " " + words.pop(0)).strip()
        if not first and words:
            first = elide(words.pop(0), font, iw)
        second = elide(" ".join(words), font, iw) if words else ""
        lines = [s for s in (first, second) if s]
        lh = ih / 2 if len(lines) == 2 else ih
        for i, line in enumerate(lines):
            self.text(ix, iy + i * lh, iw, lh, line, "badge", t.error_text)

    # ------------------------------------------------------------------ document
    def document(self, width: int, height: int, background: QColor | None, title: str) -> bytes:
        # Runs of spaces in card texts ("(2,)  ·  grad") are kept, as Qt draws them.
        css = "text{white-space:pre}" + "".join(f".{c}{{{d}}}" for d, c in self.classes.items())
        head = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
                f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" xml:space="preserve" width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}">\n<title>{esc(title)}</title>\n'
                f'<desc>Exported by Autograd Explorer</desc>\n'
                f'<defs>{"".join(self.defs)}</defs>\n<style>{css}</style>\n')
        bg = ""
        if background is not None and background.alpha():
            hx, a = rgb(background)
            bg = f'<rect width="{width}" height="{height}" fill="{hx}"' + ("" if a >= 1 else f' fill-opacity="{a:g}"') + "/>\n"
        return (head + bg + self.body_open + "\n".join(self.out) + "\n</g>\n</svg>\n").encode("utf-8")

    defs: list[str]
    body_open: str


def write_scene(scene, source: QRectF, background: QColor | None, title: str, families: dict[str, str]) -> bytes | None:
    """The SVG of the export scene's visible items inside ``source``, or None when the scene holds
    an item the writer cannot draw (the caller falls back to QSvgGenerator)."""
    w = SvgWriter(families)
    w.defs = []
    w.body_open = (f'<g font-family="{esc(w.sans)}" transform="translate({n(-source.left())},{n(-source.top())})">\n')
    if not math.isfinite(source.width()):
        return None
    if not isinstance(scene, GraphScene):
        return _write_backward(w, scene, source, background, title)
    node_items = scene.node_items
    known = (NodeItem, EdgeItem, GroupItem)
    entries = []
    order = 0
    for group in (scene.group_items.values(), scene.edge_items.values(), node_items.values()):
        for item in group:
            if item.isVisible():
                entries.append((item.zValue(), order, item))
                order += 1
    overview = scene.overview
    for item in scene.items():
        if item.isVisible() and item is not overview and not isinstance(item, known):
            return None  # something only its own paint() knows how to draw
    entries.sort(key=lambda e: (e[0], e[1]))
    for _z, _o, item in entries:
        if isinstance(item, NodeItem):
            w.node(item)
        elif isinstance(item, EdgeItem):
            w.edge(item)
        else:
            w.group(item)
    return w.document(int(source.width()), int(source.height()), background, title)


def _write_backward(w: SvgWriter, scene, source: QRectF, background, title: str) -> bytes | None:
    """The backward-graph (grad_fn DAG) export scene: BwNodeItem boxes and BwEdgeItem arrows,
    drawn as their paint methods draw them at full detail."""
    boxes, arrows, labels = [], [], []
    for item in scene.items():
        if not item.isVisible():
            continue
        if isinstance(item, BwNodeItem):
            boxes.append(item)
        elif isinstance(item, BwEdgeItem):
            arrows.append(item)
        elif isinstance(item, BwLabelItem):
            labels.append(item)
        else:
            return None
    boxes.reverse()   # scene.items() is topmost first
    arrows.reverse()
    t = w.t
    line = "fill:none;" + stroke(t.edge, 1)
    head = fill(t.edge) + ";" + stroke(t.edge, 1)
    out = w.out
    for e in arrows:
        x0, y0, x1, y1, dy = e._p0.x(), e._p0.y(), e._p1.x(), e._p1.y(), e._dy
        out.append(f'<path class="{w.cls(line)}" d="M{n(x0)} {n(y0)}C{n(x0)} {n(y0 + dy)} {n(x1)} {n(y1 - dy)} {n(x1)} {n(y1)}"/>')
        # The curve ends heading straight down (its last control point is above the tip).
        angle = math.radians(270.0)
        ax, ay = x1 - 7 * math.cos(angle - 0.4), y1 + 7 * math.sin(angle - 0.4)
        bx, by = x1 - 7 * math.cos(angle + 0.4), y1 + 7 * math.sin(angle + 0.4)
        out.append(f'<path class="{w.cls(head)}" d="M{n(x1)} {n(y1)}L{n(ax)} {n(ay)}L{n(bx)} {n(by)}Z"/>')
    fills = {"fn": t.bw_node, "acc": t.bw_node, "leaf": t.bw_leaf, "root": t.bw_root}
    for b in boxes:
        node = b.node
        x, y = b.x() - b.w / 2, b.y()
        radius = 4.0 if node.kind in ("leaf", "root") else b.h / 2.6
        w.rect(x, y, b.w, b.h, fill(fills[node.kind]) + ";" + stroke(t.bw_border, 1), radius)
        if node.sub:
            top_h = b.line - 8
            w.text(x, y + 2, b.w, top_h, node.label, "body", t.text, "center")
            w.text(x, y + 2 + top_h - 2, b.w, b.h - (2 + top_h), node.sub, "small", t.text_muted, "center")
        else:
            w.text(x, y, b.w, b.h, node.label, "body", t.text, "center")
    for label in reversed(labels):  # gradients on the arrows, above the boxes (as painted)
        c = label.chip.translated(label.pos())
        w.rect(c.x(), c.y(), c.width(), c.height(), fill(t.background) + ";stroke:none", 3)
        w.text(c.x(), c.y(), c.width(), c.height(), label.text, "small", t.grad, "center")
    return w.document(int(source.width()), int(source.height()), background, title)
