"""Regression test: PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every void
call and aborts the interpreter (``Fatal Python error: none_dealloc``) after a few thousand.
The project pins PySide6 below 6.12 on Python < 3.12; this test catches a build that leaks."""
import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsRectItem


def test_void_calls_keep_none_refcount(qapp):
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    pen, brush = QPen(QColor("black")), QBrush(QColor("white"))
    item = QGraphicsRectItem(0, 0, 4, 4)
    before = sys.getrefcount(None)
    for i in range(10_000):
        painter.setPen(pen)
        painter.setBrush(brush)
        item.setPos(QPointF(i, i))
    after = sys.getrefcount(None)
    painter.end()
    # A leaking build loses >= 30,000 references here; allow a little noise either way.
    assert after >= before - 100, f"None refcount fell from {before} to {after}"
