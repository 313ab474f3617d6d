"""How the application looks: the theme (following the system's light/dark scheme unless the user
chose one) applied to the canvas and the application palette, the windows' style sheet, and the
widgets' font scale. Qt only: imported at start-up before the model layer (see ``app.py``)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from explorer.view import theme

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


def _palette_for(theme) -> QPalette:
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


def _stylesheet(theme) -> str:
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
    if name not in theme.THEMES:
        name = "light"
    if theme.current().name != name:
        theme.set_theme(name)
    app = QApplication.instance()
    if app is not None and _applied_palette != name:
        app.setPalette(_palette_for(theme.THEMES[name]))
        _applied_palette = name
    return name


def window_stylesheet(name: str) -> str:
    """The style sheet of a window in theme ``name``."""
    return _stylesheet(theme.THEMES[name])


def apply_font_scale(scale: float) -> None:
    """Scale the widgets' font (the canvas scales through theme.font_scale)."""
    global _base_point_size
    app = QApplication.instance()
    if app is None:
        return
    font = QFont(app.font())
    if _base_point_size is None:
        _base_point_size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(_base_point_size * scale)
    app.setFont(font)
