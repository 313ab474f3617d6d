"""Finds text that does not fit the widget showing it (issue #16's "no clipped text").

Compares what the font needs (``QFontMetrics``; the widget's own size hints, which Qt computes
from the same metrics plus the style's padding) with the room the widget has on screen:
labels (one line: the width; wrapped: the height for their width), buttons, check boxes,
combo boxes, tab bars, dock titles, the status bar's message and the cells of tables. Returns one line per
problem, naming the widget and its text, for a test to print.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QCheckBox, QComboBox, QDockWidget, QLabel,
                               QListWidget, QPushButton, QTableWidget,
                               QRadioButton, QStatusBar, QStyle, QStyleOptionDockWidget, QTabBar,
                               QToolButton, QWidget)

SLACK = 1   # px: rounding between metrics and layout


def _shown(w: QWidget) -> bool:
    # tabbed docks behind the front one stay "visible", parked outside the window
    return (w.isVisible() and w.width() > 0 and w.height() > 0 and QWidget.window(w).isVisible()
            and not w.visibleRegion().isEmpty())


def _name(w: QWidget) -> str:
    chain = []
    p = w
    while p is not None and len(chain) < 3:
        chain.append(p.objectName() or type(p).__name__)
        p = p.parentWidget()
    return "/".join(reversed(chain))


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    rect = label.contentsRect()
    margin = label.margin() * 2 + max(label.indent(), 0)
    room_w, room_h = rect.width() - margin, rect.height() - label.margin() * 2
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(room_w)
        need_w, need_h = doc.idealWidth(), doc.size().height()
        if label.wordWrap():
            need_w = min(need_w, room_w)
    else:
        fm = QFontMetrics(label.font())
        if label.buddy() is not None:   # "&Look in:" draws "Look in:", the L underlined
            text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        if label.wordWrap():
            flags = int(Qt.TextFlag.TextWordWrap) | int(label.alignment())
            br = fm.boundingRect(0, 0, max(room_w, 1), 100000, flags, text)
            need_w, need_h = min(br.width(), room_w), br.height()
        else:
            lines = text.split("\n")
            need_w = max(fm.horizontalAdvance(line) for line in lines)
            need_h = fm.height() * len(lines)
    if need_w > room_w + SLACK or need_h > room_h + SLACK:
        return (f"label {_name(label)} {text[:60]!r}: needs {need_w:.0f}×{need_h:.0f}, "
                f"has {room_w}×{room_h}")
    box = QStyle.alignedRect(label.layoutDirection(), label.alignment(),
                             QSize(int(need_w + 0.99), int(need_h + 0.99)), rect)
    return _hidden_by_parent(label, box, text)


def _in_scroll_area(w: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QAbstractScrollArea):
            return True
        p = p.parentWidget()
    return False


def _hidden_by_parent(w: QWidget, box, text: str) -> str | None:
    """Text drawn in ``box`` (widget coordinates) that a parent cuts off: the dock or panel
    around it is narrower than the row. Scrolled fully out of view is not cut; a row half
    under the bottom of a scroll area is (only across: scrolling down shows it whole)."""
    visible = w.visibleRegion().boundingRect()
    if visible.isEmpty() or not visible.intersects(box):
        return None
    across = box.left() < visible.left() - SLACK or box.right() > visible.right() + SLACK
    down = box.top() < visible.top() - SLACK or box.bottom() > visible.bottom() + SLACK
    if across or (down and not _in_scroll_area(w)):
        return (f"{type(w).__name__} {_name(w)} {text[:60]!r}: text at {box.left()}..{box.right()}, "
                f"only {visible.left()}..{visible.right()} of it shows")
    return None


def _button_problem(b: QAbstractButton) -> str | None:
    if not b.text().strip():
        return None
    if isinstance(b, QToolButton) and b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return None
    hint = b.sizeHint()
    if b.width() + SLACK < hint.width() or b.height() + SLACK < QFontMetrics(b.font()).height():
        return f"button {_name(b)} {b.text()!r}: needs {hint.width()}×{hint.height()}, has {b.width()}×{b.height()}"
    return _hidden_by_parent(b, b.rect(), b.text())


def _combo_problem(c: QComboBox) -> str | None:
    text = c.currentText()
    if not text:
        return None
    fm = QFontMetrics(c.font())
    # the text area of a combo box: its width less the arrow and the frame (the style's own rect)
    from PySide6.QtWidgets import QStyleOptionComboBox
    opt = QStyleOptionComboBox()
    c.initStyleOption(opt)
    field = c.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                     QStyle.SubControl.SC_ComboBoxEditField, c)
    if fm.horizontalAdvance(text) > field.width() + SLACK or fm.height() > field.height() + 2:
        return f"combo {_name(c)} {text!r}: needs {fm.horizontalAdvance(text)}, has {field.width()}×{field.height()}"
    return None


def _tabs_problem(bar: QTabBar) -> list[str]:
    out = []
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        need, have = bar.tabSizeHint(i), bar.tabRect(i)
        if have.width() + SLACK < need.width() or have.height() + SLACK < QFontMetrics(bar.font()).height():
            out.append(f"tab {_name(bar)} {bar.tabText(i)!r}: needs {need.width()}×{need.height()}, "
                       f"has {have.width()}×{have.height()}")
    return out


def _dock_problem(dock: QDockWidget) -> str | None:
    title = dock.windowTitle().replace("&", "")
    if not title or dock.titleBarWidget() is not None or dock.isFloating():
        return None
    opt = QStyleOptionDockWidget()
    dock.initStyleOption(opt) if hasattr(dock, "initStyleOption") else None
    fm = QFontMetrics(dock.font())
    margin = dock.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetTitleMargin, None, dock)
    bar_h = dock.widget().geometry().top() if dock.widget() is not None else 0
    # the title's text sits in the bar above the dock's widget: the whole line (descenders
    # included) must fit between the bar's margins
    if bar_h and fm.height() > bar_h - margin + SLACK:
        return f"dock title {title!r}: needs {fm.height()} px high, the bar has {bar_h} ({margin} margin)"
    need_w = fm.horizontalAdvance(title) + 2 * margin
    buttons = 2 * (fm.height() + margin)   # close and float buttons beside the title
    if need_w + buttons > dock.width() + SLACK:
        return f"dock title {title!r}: needs {need_w + buttons} px wide, has {dock.width()}"
    return None


def _status_problem(bar: QStatusBar) -> str | None:
    message = bar.currentMessage()
    if not message:
        return None
    fm = QFontMetrics(bar.font())
    taken = sum(w.width() + 6 for w in bar.findChildren(QWidget) if w.parentWidget() is bar and _shown(w)
                and not isinstance(w, QStyle))
    room = bar.width() - taken - 12
    if fm.horizontalAdvance(message) > room + SLACK:
        return f"status message {message[:60]!r}: needs {fm.horizontalAdvance(message)}, has {room}"
    return None


def _list_problems(view: QListWidget) -> list[str]:
    """Rows of a list (the Tab search's results) cut at the right or elided."""
    out = []
    fm = QFontMetrics(view.font())
    room = view.viewport().width()
    for i in range(view.count()):
        item = view.item(i)
        if item.isHidden():
            continue
        rect = view.visualItemRect(item)
        if rect.isEmpty() or not view.viewport().rect().intersects(rect):
            continue
        icon = view.iconSize().width() + 6 if not item.icon().isNull() else 0
        need = rect.left() + icon + fm.horizontalAdvance(item.text()) + 4
        if view.wordWrap():
            # wrapped rows: the row must be as tall as its wrapped lines
            flags = int(Qt.TextFlag.TextWordWrap)
            tall = fm.boundingRect(0, 0, max(rect.width() - icon - 4, 1), 100000, flags, item.text()).height()
            if tall > rect.height() + SLACK:
                out.append(f"list row {_name(view)} {item.text()[:60]!r}: needs {tall} px high, has {rect.height()}")
            continue
        if need > room + SLACK:
            out.append(f"list row {_name(view)} {item.text()[:60]!r}: needs {need}, has {room}")
    return out


def _table_problems(table: QTableWidget) -> list[str]:
    """Cells and column headers of a table (the shortcuts list) cut at the right or elided."""
    out = []
    fm = QFontMetrics(table.font())
    pad = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    port = table.viewport().rect()
    for c in range(table.columnCount()):
        have = table.columnWidth(c)
        left = table.columnViewportPosition(c)
        header = table.horizontalHeaderItem(c)
        if header is not None and table.horizontalHeader().isVisible():
            hfm = QFontMetrics(table.horizontalHeader().font())
            if hfm.horizontalAdvance(header.text()) + pad > have + SLACK:
                out.append(f"table header {_name(table)} {header.text()!r}: needs "
                           f"{hfm.horizontalAdvance(header.text()) + pad}, has {have}")
        for r in range(table.rowCount()):
            item = table.item(r, c)
            if item is None or not item.text():
                continue
            if not port.intersects(table.visualItemRect(item)):
                continue   # scrolled out of view (down): not cut
            need = fm.horizontalAdvance(item.text()) + pad
            if need > have + SLACK or left + need > port.width() + SLACK:
                out.append(f"table cell {_name(table)} {item.text()[:60]!r}: needs {need}, has "
                           f"{min(have, port.width() - left)}")
    return out


def clipped_texts(root: QWidget) -> list[str]:
    """Every visible text under ``root`` (and ``root`` itself) that its widget cuts off."""
    problems: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not _shown(w):
            continue
        found: list[str | None] = []
        if isinstance(w, QLabel):
            found.append(_label_problem(w))
        elif isinstance(w, (QPushButton, QCheckBox, QRadioButton, QToolButton)):
            found.append(_button_problem(w))
        elif isinstance(w, QComboBox) and not w.isEditable():
            found.append(_combo_problem(w))
        elif isinstance(w, QTabBar):
            found.extend(_tabs_problem(w))
        elif isinstance(w, QDockWidget):
            found.append(_dock_problem(w))
        elif isinstance(w, QStatusBar):
            found.append(_status_problem(w))
        elif isinstance(w, QListWidget):
            found.extend(_list_problems(w))
        elif isinstance(w, QTableWidget):
            found.extend(_table_problems(w))
        problems.extend(p for p in found if p)
    return problems
