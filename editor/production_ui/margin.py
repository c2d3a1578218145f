"""Revision marks and AI-written text in the page margin of one editor.

Changed lines get an asterisk in the right margin in their revision's colour (with a thin bar of
the same colour at the page edge), as the printed revised page has them; earlier generations keep
their colours. The AI layer, shown on demand, is a violet bar in the left margin beside every line
that holds AI-written text. Only blocks in the viewport are looked at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent

from editor.production import colors

if TYPE_CHECKING:
    from editor.page.script_editor import ScriptEditor
    from editor.production_ui.session import ProductionSession

AI_COLOR = "#8b5cf6"


class RevisionMargin:
    """Paint hook (``editor.paint_hooks``) drawing one session's marks on one editor."""

    def __init__(self, editor: ScriptEditor, session: ProductionSession) -> None:
        self.editor = editor
        self.session = session
        self.show_ai = False
        editor.paint_hooks.append(self.paint)
        session.marks_changed.connect(editor.viewport().update)

    def set_show_ai(self, on: bool) -> None:
        self.show_ai = on
        self.editor.viewport().update()

    def visible_lines(self) -> list[tuple[int, float, float]]:
        """(line, top, height) in viewport coordinates for the blocks on screen."""
        editor = self.editor
        block = editor.firstVisibleBlock()
        offset = editor.contentOffset()
        bottom = editor.viewport().height()
        out: list[tuple[int, float, float]] = []
        while block.isValid():
            rect = editor.blockBoundingGeometry(block).translated(offset)
            if rect.top() > bottom:
                break
            if block.isVisible():
                out.append((block.blockNumber(), rect.top(), rect.height()))
            block = block.next()
        return out

    def ai_lines(self, first: int, last: int) -> set[int]:
        doc = self.editor.document()
        lines: set[int] = set()
        for span in self.session.document.ai_spans.spans:
            a = doc.findBlock(span.start).blockNumber()
            b = doc.findBlock(max(span.start, span.end - 1)).blockNumber()
            if b < first or a > last:
                continue
            lines.update(range(max(a, first), min(b, last) + 1))
        return lines

    def paint(self, painter: QPainter, event: QPaintEvent) -> None:
        marks = self.session.marks
        if not marks and not self.show_ai:
            return
        visible = self.visible_lines()
        if not visible:
            return
        width = self.editor.viewport().width()
        cw = self.editor.char_width()
        ai = self.ai_lines(visible[0][0], visible[-1][0]) if self.show_ai else set()
        painter.save()
        painter.setFont(self.editor.font())
        for line, top, height in visible:
            generation = marks.get(line)
            if generation is not None and self.editor.document().findBlockByNumber(line).text().strip():
                color = QColor(colors.color(generation).mark)
                painter.fillRect(QRectF(width - 4, top, 3, height), color)
                painter.setPen(color)
                box = QRectF(width - cw * 3, top, cw * 2, height)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), "*")
            if line in ai:
                painter.fillRect(QRectF(2, top, 4, height), QColor(AI_COLOR))
        painter.restore()
