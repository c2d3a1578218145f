"""Page breaks in Page View: a thin rule and the page number where the printed pages will turn.

The page starts come from the pagination the main window already runs in its debounced refresh
(``EditorTab.page_starts``), never from a pagination per keystroke; painting looks only at the
breaks whose lines are in the viewport.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen

from editor.fountain.model import LineType

if TYPE_CHECKING:
    from editor.page.script_editor import ScriptEditor


class PageBreaks:
    """Paint hook for one editor; ``page_starts`` is the first source line of each page."""

    def __init__(self, editor: ScriptEditor) -> None:
        self.editor = editor
        self.page_starts: list[int] = []
        editor.paint_hooks.append(self.paint)

    def set_page_starts(self, starts: list[int]) -> None:
        if starts != self.page_starts:
            self.page_starts = list(starts)
            self.editor.viewport().update()

    def visible_breaks(self) -> list[tuple[int, float]]:
        """(page number, y in viewport coordinates) for each page that starts on screen."""
        editor = self.editor
        # A title page prints on its own sheet: page 1 starts after it, and a rule says so.
        first_page = 0 if self._has_title_page() else 1
        if not editor.page_view() or len(self.page_starts) < first_page + 1:
            return []
        first = editor.firstVisibleBlock()
        if not first.isValid():
            return []
        offset = editor.contentOffset()
        height = editor.viewport().height()
        out: list[tuple[int, float]] = []
        index = bisect.bisect_left(self.page_starts, first.blockNumber())
        doc = editor.document()
        for i in range(max(first_page, index), len(self.page_starts)):
            block = doc.findBlockByNumber(self.page_starts[i])
            if not block.isValid():
                break
            top = editor.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            if top >= 0:
                out.append((i + 1, top))
        return out

    def _has_title_page(self) -> bool:
        return self.editor.script_document.line_type(0) is LineType.TITLE_PAGE

    def paint(self, painter: QPainter, event: QPaintEvent) -> None:
        breaks = self.visible_breaks()
        if not breaks:
            return
        colors = self.editor.colors
        rule = QColor(colors.text)
        rule.setAlphaF(0.35)  # thin and quiet, but visible on the light and the dark page
        pen = QPen(rule)
        pen.setStyle(Qt.PenStyle.DashLine)
        width = self.editor.viewport().width()
        cw = self.editor.char_width()
        font = self.editor.font()
        painter.save()
        painter.setFont(font)
        for page, y in breaks:
            if y + 1 < event.rect().top() or y - cw * 2 > event.rect().bottom():
                continue
            painter.setPen(pen)
            painter.drawLine(0, int(y), width, int(y))
            painter.setPen(QColor(colors.text))
            # Where the printed page carries its number: top right, ending 1" from the sheet's
            # right edge; on a sheet wider than the window, at the window's edge so it is seen.
            paper = self.editor.script_document.layout.paper()
            sheet = self.editor.contentOffset().x() + (paper.width_in - paper.right_in) * paper.cpi * cw
            right = min(sheet, width - cw)
            box = QRectF(0, y + 2, right, cw * 2)
            # Page 1 prints no number (after a title page its rule stands alone).
            if page > 1:
                painter.drawText(
                    box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), f"{page}."
                )
        painter.restore()
