"""Colours, pens and fonts for everything the app paints (canvas, backward view, image export).

One :class:`Theme` per look: ``light``, ``dark``, ``print`` (black-and-white friendly: frozen
parts are told apart by dashes and hatching, never by colour alone) and ``high-contrast``
(projectors). Painting code asks :func:`current` every time it paints, so switching theme or
font scale is a repaint, not a rebuild. Listeners registered with :func:`on_change` are called
after every switch (scenes use it to invalidate caches).

The widgets around the canvases follow the same look: :func:`apply_theme` gives the application
the theme's palette (following the system's light/dark scheme for "system"),
:func:`window_stylesheet` is a window's style sheet and :func:`apply_font_scale` scales the
widgets' font. Every colour and font of the app is chosen here; the rest of the view reads them.
"""
from __future__ import annotations

import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette, QPen

from explorer.model.messages import Message

CATEGORIES = ("arithmetic", "elementwise", "activation", "reduction", "shape",
              "linear algebra", "loss")


@dataclass(frozen=True)
class Theme:
    name: str
    dark: bool
    background: str
    grid: str
    grid_major: str
    card: str                 # card body
    card_border: str
    shadow: str               # rgba, drawn under cards
    text: str
    text_muted: str
    header_text: str
    leaf_header: str
    const_header: str
    category_headers: dict[str, str]
    selection: str
    port: str
    port_border: str
    edge: str
    edge_frozen: str
    wire: str
    frozen_card: str
    frozen_text: str
    frozen_header: str
    frozen_header_text: str
    hatch_frozen: bool        # print/high-contrast: hatch frozen cards so no colour is needed
    error: str
    error_text: str
    grad: str                 # colour of .grad text
    badge: str                # grad_fn pill
    badge_text: str
    accumulate: str           # AccumulateGrad marker
    switch_on: str
    switch_off: str
    group_fill: str
    group_border: str
    heat_neg: str
    heat_zero: str
    heat_pos: str
    # backward-graph view (torchviz colours)
    bw_node: str
    bw_leaf: str
    bw_root: str
    bw_border: str
    font_family: str = "Sans Serif"
    mono_family: str = "Monospace"

    # -------------------------------------------------------------- helpers used by painters
    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))

    def header_color(self, kind: str, category: str | None) -> QColor:
        if kind == "leaf":
            return QColor(self.leaf_header)
        if kind == "const":
            return QColor(self.const_header)
        return QColor(self.category_headers.get(category or "", self.category_headers["arithmetic"]))

    def edge_pen(self, frozen: bool = False, highlighted: bool = False) -> QPen:
        """1 px cosmetic pen (width 0 = cosmetic hairline; cheap at any zoom); dashed when frozen.
        Cached: building a QPen per edge per frame is a measurable cost in Python."""
        key = ("edge", frozen, highlighted)
        pen = _pens.get((self.name, key))
        if pen is None:
            pen = QPen(QColor(self.selection if highlighted else self.edge_frozen if frozen else self.edge),
                       2 if highlighted else 1)
            pen.setCosmetic(True)
            if frozen:
                pen.setStyle(Qt.PenStyle.DashLine)
            _pens[(self.name, key)] = pen
        return pen

    def edge_pen_fast(self, frozen: bool = False) -> QPen:
        """Solid 1 px cosmetic pen for zoomed-out frames (frozen shown by the lighter colour)."""
        key = ("fast", frozen)
        pen = _pens.get((self.name, key))
        if pen is None:
            pen = QPen(QColor(self.edge_frozen if frozen else self.edge), 1)
            pen.setCosmetic(True)
            _pens[(self.name, key)] = pen
        return pen

    def frozen_brush(self) -> QBrush:
        if self.hatch_frozen:
            return QBrush(QColor(self.frozen_text), Qt.BrushStyle.BDiagPattern)
        return QBrush(Qt.BrushStyle.NoBrush)


def _light() -> Theme:
    return Theme(
        name="light", dark=False,
        background="#f4f5f7", grid="#e6e8ec", grid_major="#d9dce2",
        card="#ffffff", card_border="#c9ced6", shadow="#28000000",
        text="#1d2330", text_muted="#6b7383", header_text="#ffffff",
        leaf_header="#2f7de1", const_header="#7d8594",
        category_headers={
            "arithmetic": "#8e5bd8", "elementwise": "#d2742c", "activation": "#1e9e7a",
            "reduction": "#0f8fa6", "shape": "#6b7a8f", "linear algebra": "#b5407a",
            "loss": "#c0392b",
        },
        selection="#f5a623", port="#ffffff", port_border="#5b6372",
        edge="#5b6372", edge_frozen="#b4b9c3", wire="#f5a623",
        frozen_card="#eceef1", frozen_text="#9aa0ab", frozen_header="#d5d9df", frozen_header_text="#5f6673", hatch_frozen=False,
        error="#d93a3a", error_text="#ffffff", grad="#c2410c",
        badge="#eef2ff", badge_text="#3730a3", accumulate="#0f766e",
        switch_on="#22a06b", switch_off="#b4b9c3",
        group_fill="#182f7de1", group_border="#7aa5e6",
        heat_neg="#3b6fd8", heat_zero="#f7f7f7", heat_pos="#d8453b",
        bw_node="#e8e8e8", bw_leaf="#b9d8f7", bw_root="#b8eab0", bw_border="#5b6372",
    )


def _dark() -> Theme:
    return Theme(
        name="dark", dark=True,
        background="#1b1e24", grid="#23272e", grid_major="#2b3038",
        card="#2a2f38", card_border="#3c434f", shadow="#66000000",
        text="#e6e9ef", text_muted="#9aa3b2", header_text="#ffffff",
        leaf_header="#2f6fc6", const_header="#5d6573",
        category_headers={
            "arithmetic": "#7a4fc0", "elementwise": "#b8652a", "activation": "#1c8a6b",
            "reduction": "#0e7d91", "shape": "#56657a", "linear algebra": "#9c3869",
            "loss": "#a8342a",
        },
        selection="#ffb547", port="#2a2f38", port_border="#aab2c0",
        edge="#98a2b3", edge_frozen="#4d5461", wire="#ffb547",
        frozen_card="#23262c", frozen_text="#6b7280", frozen_header="#3a3f48", frozen_header_text="#9aa3b2", hatch_frozen=False,
        error="#e5484d", error_text="#ffffff", grad="#fb923c",
        badge="#323a5c", badge_text="#c7d2fe", accumulate="#5eead4",
        switch_on="#30c48d", switch_off="#4d5461",
        group_fill="#202f6fc6", group_border="#4f7fc9",
        heat_neg="#4f83f0", heat_zero="#30343c", heat_pos="#f05a4f",
        bw_node="#3a3f48", bw_leaf="#2d4f75", bw_root="#2f5a34", bw_border="#aab2c0",
    )


def _print() -> Theme:
    # Black on white; category is shown by the header label, not by colour; frozen = dashed + hatched.
    cat = {c: "#333333" for c in CATEGORIES}
    return Theme(
        name="print", dark=False,
        background="#ffffff", grid="#ffffff", grid_major="#ffffff",
        card="#ffffff", card_border="#000000", shadow="#00000000",
        text="#000000", text_muted="#333333", header_text="#ffffff",
        leaf_header="#000000", const_header="#666666", category_headers=cat,
        selection="#000000", port="#ffffff", port_border="#000000",
        edge="#000000", edge_frozen="#777777", wire="#000000",
        frozen_card="#ffffff", frozen_text="#777777", frozen_header="#e0e0e0", frozen_header_text="#333333", hatch_frozen=True,
        error="#000000", error_text="#ffffff", grad="#000000",
        badge="#ffffff", badge_text="#000000", accumulate="#000000",
        switch_on="#000000", switch_off="#aaaaaa",
        group_fill="#00000000", group_border="#000000",
        heat_neg="#000000", heat_zero="#ffffff", heat_pos="#000000",
        bw_node="#ffffff", bw_leaf="#ffffff", bw_root="#ffffff", bw_border="#000000",
    )


def _high_contrast() -> Theme:
    return Theme(
        name="high-contrast", dark=True,
        background="#000000", grid="#000000", grid_major="#1a1a1a",
        card="#000000", card_border="#ffffff", shadow="#00000000",
        text="#ffffff", text_muted="#ffffff", header_text="#000000",
        leaf_header="#00e5ff", const_header="#ffffff",
        category_headers={c: "#ffff00" for c in CATEGORIES},
        selection="#ff00ff", port="#000000", port_border="#ffffff",
        edge="#ffffff", edge_frozen="#8a8a8a", wire="#ff00ff",
        frozen_card="#000000", frozen_text="#9a9a9a", frozen_header="#7a7a7a", frozen_header_text="#000000", hatch_frozen=True,
        error="#ff3030", error_text="#000000", grad="#ffff00",
        badge="#000000", badge_text="#00ff7f", accumulate="#00ff7f",
        switch_on="#00ff7f", switch_off="#7a7a7a",
        group_fill="#00000000", group_border="#00e5ff",
        heat_neg="#00e5ff", heat_zero="#000000", heat_pos="#ffff00",
        bw_node="#000000", bw_leaf="#003a44", bw_root="#003a14", bw_border="#ffffff",
    )


_pens: dict[tuple, QPen] = {}

THEMES: dict[str, Theme] = {t.name: t for t in (_light(), _dark(), _print(), _high_contrast())}

_current: Theme = THEMES["light"]
font_scale: float = 1.0
# Bound methods are held weakly (a closed window's scenes must not live on through the theme);
# plain functions strongly.
_listeners: list[Callable[[], None] | weakref.WeakMethod] = []


def current() -> Theme:
    return _current


def set_theme(name: str) -> Theme:
    """Switch the theme used by all painting ("light", "dark", "print", "high-contrast")."""
    global _current
    if name not in THEMES:
        raise ValueError(Message("unknown theme '{name}'; choose one of {THEMES}", name=name,
                                 THEMES=', '.join(THEMES)))
    _current = THEMES[name]
    _notify()
    return _current


@contextmanager
def using(name: str) -> Iterator[Theme]:
    """Paint with another theme for a moment *without* telling listeners.

    Image export builds and renders an offscreen scene in the export theme; the on-screen
    scenes must neither restyle nor repaint, so no listener is called. Synchronous use only
    (the GUI thread never returns to the event loop inside the block)."""
    global _current
    if name not in THEMES:
        raise ValueError(Message("unknown theme '{name}'; choose one of {THEMES}", name=name,
                                 THEMES=', '.join(THEMES)))
    previous = _current
    _current = THEMES[name]
    try:
        yield _current
    finally:
        _current = previous


def set_font_scale(scale: float) -> None:
    """Scale every canvas font (presentation mode uses 1.5-2)."""
    global font_scale
    font_scale = max(0.5, min(4.0, float(scale)))
    _notify()


def on_change(listener: Callable[[], None]) -> None:
    """Call ``listener()`` after every theme or font-scale change. A bound method is held weakly:
    registering does not keep its object alive."""
    _listeners.append(weakref.WeakMethod(listener) if hasattr(listener, "__self__") else listener)


def _resolve(entry) -> Callable[[], None] | None:
    return entry() if isinstance(entry, weakref.WeakMethod) else entry


def remove_listener(listener: Callable[[], None]) -> None:
    for entry in list(_listeners):
        if _resolve(entry) == listener:
            _listeners.remove(entry)


def listener_count() -> int:
    """Live listeners (dead weak ones are dropped first)."""
    _listeners[:] = [e for e in _listeners if _resolve(e) is not None]
    return len(_listeners)


def _notify() -> None:
    _fonts.clear()
    for entry in list(_listeners):
        listener = _resolve(entry)
        if listener is None:
            _listeners.remove(entry)
            continue
        try:
            listener()
        except RuntimeError as exc:
            # A listener whose Qt object is gone (a closed window, a deleted export scene):
            # drop it instead of breaking every later theme switch.
            if "already deleted" not in str(exc):
                raise
            if entry in _listeners:
                _listeners.remove(entry)


_fonts: dict[tuple, QFont] = {}


def font(role: str = "body") -> QFont:
    """A cached font for a role: "title", "body", "small", "mono", "label" (op label), scaled by font_scale."""
    key = (role, font_scale, _current.font_family)
    f = _fonts.get(key)
    if f is None:
        size, bold, family = {
            "title": (9.5, True, _current.font_family),
            "body": (8.5, False, _current.font_family),
            "small": (7.5, False, _current.font_family),
            "mono": (8.5, False, _current.mono_family),   # values: 11.3 px at 100 % zoom
            "label": (11.0, True, _current.font_family),
            "badge": (7.5, True, _current.font_family),
            "port": (5.5, True, _current.font_family),
        }.get(role, (8.5, False, _current.font_family))
        f = QFont(family)
        if role == "mono":
            f.setStyleHint(QFont.StyleHint.Monospace)
        f.setPointSizeF(size * font_scale)
        f.setBold(bold)
        _fonts[key] = f
    return f


# ====================================================================== widget colours
# Colours the panels use whatever the theme (they read on the light and the dark palette alike).
ERROR_COLOR = "#dc2626"        # an error's text, underline or field border (Inspector, Code, Output)
WARNING_COLOR = "#b45309"      # a warning line in the Output dock
# The "version" pill on a program's step graph card: amber border, fill and text.
PILL_BORDER, PILL_FILL, PILL_TEXT = "#b45309", "#fef3c7", "#92400e"
# Syntax colours of the Code dock (keyword, number, comment, function call) on light / dark.
CODE_COLORS = {False: ("#6d28d9", "#b45309", "#6b7280", "#1d4ed8"),
               True: ("#c4a7ff", "#f9c97a", "#7f8896", "#7cc7ff")}
# Distinct line colours for several parameters in the plots (colour-blind friendly, Okabe-Ito
# order; its orange and sky blue are darkened / replaced by a brown, so every line and its key
# text keep 3:1 contrast on the white plot).
LINE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#B07800", "#8C564B", "#7f7f7f", "#000000")
# The same palette, lighter first, for a dark background (#0072B2 on #2a2f38 barely reads).
DARK_LINE_COLORS = ("#56B4E9", "#E69F00", "#2FC69A", "#E08DC0", "#F0E442", "#FF7F3F", "#bfc5cf", "#ffffff")
HIGH_CONTRAST_LINE_COLORS = ("#00e5ff", "#ffff00", "#ff00ff", "#00ff7f", "#ffffff", "#ff8c00")


def line_color(i: int) -> str:
    """The colour of the ``i``-th line of a plot in the current theme."""
    if _current.name == "print":
        return "#000000"
    if _current.name == "high-contrast":
        return HIGH_CONTRAST_LINE_COLORS[i % len(HIGH_CONTRAST_LINE_COLORS)]
    colours = DARK_LINE_COLORS if _current.name == "dark" else LINE_COLORS
    return colours[i % len(colours)]


# ====================================================================== the application's chrome
# The widgets around the canvas follow the same theme: the application palette, the windows'
# style sheet and the widgets' font scale (Qt GUI only: imported at start-up before the model).
_base_point_size: float | None = None
#: The theme whose palette the application has (setting a palette re-polishes every widget).
_applied_palette: str | None = None


def system_prefers_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    try:
        return app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5
        return app.palette().window().color().lightness() < 128


def effective_theme(choice: str) -> str:
    if choice == "system":
        return "dark" if system_prefers_dark() else "light"
    return choice


def _palette_for(theme: Theme) -> QPalette:
    pal = QPalette()
    dark = theme.dark
    window = QColor("#22262d" if dark else "#eef0f3")
    base = QColor("#1b1e24" if dark else "#ffffff")
    alt = QColor("#262a31" if dark else "#f6f7f9")
    text = QColor(theme.text)
    muted = QColor(theme.text_muted)
    button = QColor("#2c313a" if dark else "#f7f8fa")
    highlight = QColor("#3b82f6" if not dark else "#4f8ff7")
    if theme.name == "high-contrast":
        window, base, alt, button = QColor("#000000"), QColor("#000000"), QColor("#101010"), QColor("#000000")
        highlight = QColor("#ff00ff")
    roles = QPalette.ColorRole
    pal.setColor(roles.Window, window)
    pal.setColor(roles.WindowText, text)
    pal.setColor(roles.Base, base)
    pal.setColor(roles.AlternateBase, alt)
    pal.setColor(roles.Text, text)
    pal.setColor(roles.Button, button)
    pal.setColor(roles.ButtonText, text)
    pal.setColor(roles.ToolTipBase, QColor("#111827" if dark else "#ffffff"))
    pal.setColor(roles.ToolTipText, QColor("#f3f4f6" if dark else "#111827"))
    pal.setColor(roles.PlaceholderText, muted)
    pal.setColor(roles.Highlight, highlight)
    pal.setColor(roles.HighlightedText, QColor("#ffffff"))
    pal.setColor(roles.Link, highlight)
    pal.setColor(roles.Mid, QColor("#3a404a" if dark else "#c9ced6"))
    pal.setColor(roles.Midlight, QColor("#323741" if dark else "#dde1e7"))
    pal.setColor(roles.Dark, QColor("#14161a" if dark else "#a0a6b0"))
    pal.setColor(roles.Light, QColor("#3d434d" if dark else "#ffffff"))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return pal


def _stylesheet(theme: Theme) -> str:
    dark = theme.dark
    border = "#353b45" if dark else "#d5d9e0"
    title_bg = "#262a31" if dark else "#e4e7ec"
    hover = "#343a45" if dark else "#e2e6ec"
    checked = "#3a4a66" if dark else "#dbe7fb"
    accent = "#4f8ff7" if dark else "#2f6fe0"
    accent_hover = "#6aa1f8" if dark else "#2560c8"
    return f"""
QMainWindow::separator {{ background: {border}; width: 1px; height: 1px; }}
QDockWidget {{ titlebar-close-icon: none; }}
QDockWidget::title {{ background: {title_bg}; padding: 5px 8px; border-bottom: 1px solid {border};
    font-weight: 600; }}
QToolBar {{ border: none; border-bottom: 1px solid {border}; padding: 3px 6px; spacing: 3px; }}
QToolBar QToolButton {{ padding: 4px 9px; border-radius: 5px; border: 1px solid transparent; }}
QToolBar QToolButton:hover {{ background: {hover}; border-color: {border}; }}
QToolBar QToolButton:checked {{ background: {checked}; border-color: {accent}; }}
QToolBar QToolButton:disabled {{ color: {theme.text_muted}; }}
QToolBar QToolButton#primaryButton {{ background: {accent}; color: #ffffff; font-weight: 600;
    border-color: {accent}; }}
QToolBar QToolButton#primaryButton:hover {{ background: {accent_hover}; }}
QToolBar QToolButton#primaryButton:disabled {{ background: {hover}; color: {theme.text_muted}; border-color: {border}; }}
QTreeWidget, QListWidget, QTableWidget, QPlainTextEdit {{ border: 1px solid {border}; border-radius: 4px; }}
QLineEdit, QComboBox, QDoubleSpinBox, QSpinBox {{ border: 1px solid {border}; border-radius: 4px;
    padding: 2px 5px; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border-color: {accent}; }}
/* A bordered spin box loses its arrows unless its buttons get a size of their own. */
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ width: 16px; }}
QPushButton {{ padding: 4px 12px; border-radius: 5px; border: 1px solid {border}; }}
QPushButton:hover {{ background: {hover}; }}
QPushButton:default {{ border-color: {accent}; }}
QGroupBox {{ border: 1px solid {border}; border-radius: 5px; margin-top: 10px; padding-top: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 3px; }}
QLabel#sectionCaption {{ font-weight: 600; color: {theme.text_muted}; margin-top: 6px; }}
QLabel#gradNone {{ color: {theme.text_muted}; font-style: italic; }}
QStatusBar {{ border-top: 1px solid {border}; }}
QSplitter::handle {{ background: {border}; }}
"""


def apply_theme(choice: str) -> str:
    """Apply "system" / "light" / "dark" / "high-contrast" to the canvas and the application
    palette; returns the theme actually used. Widget styling (a style sheet) is per window,
    see :func:`window_stylesheet`: an application-wide style sheet re-polishes every widget of
    every window, which costs most of a second."""
    global _applied_palette
    name = effective_theme(choice)
    if name not in THEMES:
        name = "light"
    if current().name != name:
        set_theme(name)
    app = QGuiApplication.instance()
    if app is not None and _applied_palette != name:
        app.setPalette(_palette_for(THEMES[name]))
        _applied_palette = name
    return name


def window_stylesheet(name: str) -> str:
    """The style sheet of a window in theme ``name``."""
    return _stylesheet(THEMES[name])


def apply_font_scale(scale: float) -> None:
    """Scale the widgets' font (the canvas scales through :data:`font_scale`)."""
    global _base_point_size
    app = QGuiApplication.instance()
    if app is None:
        return
    font = QFont(app.font())
    if _base_point_size is None:
        _base_point_size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(_base_point_size * scale)
    app.setFont(font)
