"""Screenplay page view: cues, parentheticals and dialogue laid out at their printed indents.

The file stays plain Fountain: nothing here touches the text or the block formats (which would go on the undo
stack). Instead this document layout positions each block's lines itself, from the block's line type, the way
the page prints (afterwriting's profile; docs/ARCHITECTURE.md, "Page geometry"): action 61 characters wide,
dialogue 2.5" from the page edge and 36 wide, parentheticals at 3.0" and 26 wide, cues at 3.5", transitions
flush right.

Why a QPlainTextDocumentLayout subclass rather than QTextEdit with block margins: QPlainTextEdit
keeps a keystroke O(1) on a 120-page script (QTextEdit's layout re-flows everything below the cursor,
several ms per key near the top) and margins stored in block formats would pollute undo. Only two
virtuals matter: ``documentChanged`` (lay out what changed) and ``blockBoundingRect`` (lazy layout;
it also repairs a block that Qt's non-virtual ``ensureBlockLayout`` laid out the plain way).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QTimer, Slot
from PySide6.QtGui import QFontMetricsF, QTextBlock, QTextDocument, QTextOption
from PySide6.QtWidgets import QPlainTextDocumentLayout

from editor.fountain.elements import ELEMENT_TYPE
from editor.fountain.lines import title_key
from editor.fountain.model import ElementType, LineType
from editor.fountain.page_geometry import LETTER, Align, PageGeometry
from editor.fountain.pagination import TAB_CELLS, text_width
from editor.fountain.print_lines import dropped_lead, estimate_starts, source_starts, title_line_cells

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Column:
    """Where a line type sits on the page, in character cells from the action margin."""

    indent: float
    width: int
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


_QT_ALIGN = {
    Align.LEFT: Qt.AlignmentFlag.AlignLeft,
    Align.RIGHT: Qt.AlignmentFlag.AlignRight,
    Align.CENTER: Qt.AlignmentFlag.AlignHCenter,
}
#: Page view line width: wider than any line at any zoom, plus the tags of ``_rebuild_geometry``.
_PAGE_LINE_WIDTH = 1 << 16
_PRINTED_TAG = 63 / 64
_ALIGN_TAG = {Qt.AlignmentFlag.AlignRight: 1 / 16, Qt.AlignmentFlag.AlignHCenter: 2 / 16}
_DUAL = {
    LineType.DUAL_CHARACTER: "cue",
    LineType.DUAL_PARENTHETICAL: "parenthetical",
    LineType.DUAL_DIALOGUE: "dialogue",
}


def screen_columns(geometry: PageGeometry) -> dict[LineType, Column]:
    """Every line type's column on screen, read from the one print geometry.

    Lines the page does not print (notes, synopses, sections, the title page) sit in the action
    column. The second speech of dual dialogue sits in its printed right-hand column.
    """
    out: dict[LineType, Column] = {}
    dual = geometry.speech_columns(2)
    for line_type in LineType:
        if line_type in _DUAL:
            col = getattr(dual, _DUAL[line_type])
        else:
            col = geometry.column(ELEMENT_TYPE.get(line_type, ElementType.ACTION))
        indent = (col.x_in - geometry.left_in) * geometry.cpi
        out[line_type] = Column(indent, col.width, _QT_ALIGN[col.align])
    return out


def dual_left_columns(geometry: PageGeometry) -> dict[LineType, Column]:
    """Columns of the first speech of dual dialogue (printed in the left half)."""
    left = geometry.speech_columns(1)
    return {
        line_type: Column((col.x_in - geometry.left_in) * geometry.cpi, col.width)
        for line_type, col in (
            (LineType.CHARACTER, left.cue),
            (LineType.PARENTHETICAL, left.parenthetical),
            (LineType.DIALOGUE, left.dialogue),
        )
    }


COLUMNS: dict[LineType, Column] = screen_columns(LETTER)
_SPEECH_TYPES = frozenset({LineType.CHARACTER, LineType.PARENTHETICAL, LineType.DIALOGUE})


def column_for(line_type: LineType) -> Column:
    """The US Letter column of ``line_type`` (ghost text places its rows with it)."""
    return COLUMNS[line_type]


class PageLayout(QPlainTextDocumentLayout):
    """Lays each block out at its screenplay column; plain full-width layout when page view is off."""

    def __init__(self, document: QTextDocument, type_of: Callable[[QTextBlock], int]) -> None:
        super().__init__(document)
        self._type_of = type_of
        self._page_view = True
        self._block_count = document.blockCount()
        self._char_width = 0.0
        # PySide does not expose QPlainTextDocumentLayout::textWidth(); the editor reports its width.
        self._available = 0.0
        self._left = 0.0
        self._size_timer = QTimer(self)
        self._size_timer.setSingleShot(True)
        self._size_timer.setInterval(0)
        self._size_timer.timeout.connect(self._emit_size)
        self._geo: dict[int, tuple[float, float, Qt.AlignmentFlag]] = {}
        self._default_geo = (0.0, 1e7, Qt.AlignmentFlag.AlignLeft)
        self._rect_width = 0.0
        self._bulk = 0
        self._bulk_dirty = False
        self._attached = False
        self._memo: dict[int, tuple[int, QRectF]] = {}
        self._paper: PageGeometry = LETTER
        self._columns = COLUMNS
        self._dual_left = dual_left_columns(LETTER)
        # Per block number: its printed lines from the last pagination, ``(texts, x_ins)``, or None
        # (estimate from the block alone). Kept in step with inserted and removed blocks.
        self._printed: list[tuple[tuple[str, ...], tuple[float, ...]] | None] = []
        self._epoch = 0
        self._tag_base = _PAGE_LINE_WIDTH
        self.update_metrics()

    # -- configuration -------------------------------------------------------------------------
    def update_metrics(self) -> None:
        """Re-read the character width after a font or zoom change and re-flow lazily."""
        self._char_width = QFontMetricsF(self.document().defaultFont()).horizontalAdvance("M")
        # A tab prints as four cells (TAB_CELLS); on screen its stops are four cells apart, so a
        # leading tab takes the room it takes in print.
        option = self.document().defaultTextOption()
        if option.tabStopDistance() != TAB_CELLS * self._char_width:
            option.setTabStopDistance(TAB_CELLS * self._char_width)
            self.document().setDefaultTextOption(option)
        self._rebuild_geometry()
        self.invalidate()

    def set_page_view(self, on: bool) -> None:
        if on != self._page_view:
            self._page_view = on
            self._rebuild_geometry()
            self.invalidate()

    def set_available_width(self, width: float) -> None:
        """The viewport width the text may use (the editor calls this on resize)."""
        if abs(width - self._available) >= 0.5:
            self._available = width
            self._rebuild_geometry()
            self.invalidate()

    def set_left_padding(self, pixels: float) -> None:
        """Blank paper left of the action margin (1.5" on the printed page)."""
        if abs(pixels - self._left) >= 0.5:
            self._left = pixels
            self._rebuild_geometry()
            self.invalidate()

    def page_view(self) -> bool:
        return self._page_view

    def paper(self) -> PageGeometry:
        return self._paper

    def set_paper(self, geometry: PageGeometry) -> None:
        """Lay the page out for another paper (A4's action column is 58 characters, not 61)."""
        if geometry != self._paper:
            self._paper = geometry
            self._columns = screen_columns(geometry)
            self._dual_left = dual_left_columns(geometry)
            self._printed = []
            self._rebuild_geometry()
            self._drop_layouts(0)
            self.invalidate()

    def column(self, line_type: LineType) -> Column:
        """Where ``line_type`` sits on this paper, in character cells from the action margin."""
        return self._columns[LineType(line_type)]

    def page_text_width(self) -> float:
        """Width of the printed text column (61 characters) in pixels at the current font."""
        return self._char_width * self._paper.action_width

    def page_width(self) -> float:
        """Width of the whole sheet of paper in pixels at the current font (85 cells on Letter)."""
        return self._char_width * self._paper.width_cells

    def set_printed(self, by_line: dict[int, list[tuple[str, float]]]) -> None:
        """Take the line breaks of a pagination of the current text (``printed_by_source_line``).

        Blocks whose printed lines differ from what they were given before are laid out again
        (lazily); a block whose text no longer matches its entry falls back to the estimate.
        """
        count = self.document().blockCount()
        new: list[tuple[tuple[str, ...], tuple[float, ...]] | None] = [None] * count
        for line, items in by_line.items():
            if 0 <= line < count:
                new[line] = (tuple(t for t, _x in items), tuple(x for _t, x in items))
        old = self._printed
        old = old + [None] * (count - len(old)) if len(old) < count else old[:count]
        self._printed = new
        changed = [n for n in range(count) if old[n] != new[n]]
        if changed:
            self._drop_layouts(changed[0], set(changed))
            self.invalidate()

    def _drop_layouts(self, first: int, only: set[int] | None = None) -> None:
        """Forget the layouts of blocks from ``first`` on (or of the block numbers in ``only``)."""
        self._memo.clear()
        block = self.document().findBlockByNumber(first)
        last = max(only) if only else None
        while block.isValid():
            number = block.blockNumber() if only is not None else -1
            if only is None or number in only:
                block.clearLayout()
            if last is not None and number >= last:
                break
            block = block.next()

    def invalidate(self) -> None:
        """Geometry changed: repaint. Layouts are not dropped here (an O(document) loop per resize
        or zoom step): ``blockBoundingRect`` notices that a block was laid out at another width or
        indent and lays it out again when Qt next asks for it."""
        self._memo.clear()
        doc = self.document()
        self._schedule_size()
        self.update[QRectF].emit(QRectF(0.0, -doc.documentMargin(), 1e9, 1e9))

    # -- geometry ------------------------------------------------------------------------------
    def _rebuild_geometry(self) -> None:
        """Precompute (x, line width, alignment) per line type: blockBoundingRect is hot.

        Qt calls blockBoundingRect a hundred times per keystroke (cursor rectangle, input method,
        ensureCursorVisible, paint), so it must not recompute anything. Alignment is folded into the
        line width as a sub-pixel tag (1/16 px, exact in QTextLine's 26.6 fixed point) so that
        one width comparison tells whether a block's layout is current.
        """
        margin = self._left
        available = self._available if self._available > 0 else 1e7
        cw = self._char_width
        table: dict[int, tuple[float, float, Qt.AlignmentFlag]] = {}
        for line_type in LineType:
            if self._page_view:
                col = self._columns[line_type]
                x, width, align = col.indent * cw, col.width * cw, col.align
            else:
                x, width, align = 0.0, available, Qt.AlignmentFlag.AlignLeft
            width = int(width) + _ALIGN_TAG.get(align, 0.0)
            table[int(line_type)] = (float(int(margin + x)), width, align)
        self._geo = table
        self._default_geo = table[int(LineType.ACTION)]
        # Page view: every line is placed at its own x and its width is only a tag telling whether
        # the layout is current: geometry epoch (whole pixels), printed-or-estimated and line type
        # (64ths, exact in QTextLine's 26.6 fixed point).
        self._epoch = (self._epoch + 1) % 4096
        self._tag_base = _PAGE_LINE_WIDTH + self._epoch
        if self._page_view:
            self._rect_width = float(int(self.page_width()))
        else:
            self._rect_width = float(int(margin + available + 1))

    def _print_x(self, x_in: float) -> float:
        """Pixel x of a printed line that starts ``x_in`` inches from the paper's left edge."""
        paper = self._paper
        return float(int(self._left + (x_in - paper.left_in) * paper.cpi * self._char_width))

    def _expected(self, block: QTextBlock, number: int) -> tuple[float, float]:
        """(x, width) of the block's first line when its layout is current; x -1 for "any"."""
        if self._page_view:
            printed = self._printed
            if number < len(printed) and printed[number] is not None:
                return -1.0, self._tag_base + _PRINTED_TAG
            return -1.0, self._tag_base + self._type_of(block) / 64
        geo = self._geo.get(self._type_of(block), self._default_geo)
        return geo[0], geo[1]

    def _geometry(self, block: QTextBlock) -> tuple[float, float, Qt.AlignmentFlag]:
        """(absolute x, tagged line width, alignment) for ``block``."""
        return self._geo.get(self._type_of(block), self._default_geo)

    def _layout_block(self, block: QTextBlock) -> None:
        number = block.blockNumber()
        self._memo.pop(number, None)
        if self._page_view:
            self._layout_printed(block, number)
        else:
            self._layout_wrapped(block)
        tl = block.layout()
        count = tl.lineCount() if block.isVisible() else 0
        if block.lineCount() != count:
            block.setLineCount(count)
            self._schedule_size()

    def _layout_wrapped(self, block: QTextBlock) -> None:
        """Draft view (page view off): Qt wraps the text at the window's width."""
        x, width, align = self._geometry(block)
        tl = block.layout()
        option = QTextOption(self.document().defaultTextOption())
        option.setAlignment(align)
        tl.setTextOption(option)
        tl.beginLayout()
        height = 0.0
        while True:
            line = tl.createLine()
            if not line.isValid():
                break
            line.setLeadingIncluded(True)
            line.setLineWidth(width)
            line.setPosition(QPointF(x, height))
            height += line.height()
        tl.endLayout()

    def _layout_printed(self, block: QTextBlock, number: int) -> None:
        """Page view: one screen line per printed line, breaking where the print does.

        Qt never chooses a break here (``setNumColumns`` takes exactly the characters of one
        printed line), so no window width, zoom or dock can make the screen wrap differently.
        """
        text = block.text()
        starts: list[int] | None = None
        xs: list[float] = []
        entry = self._printed[number] if number < len(self._printed) else None
        if entry is not None:
            starts = source_starts(text, entry[0])
            if starts is None:
                self._printed[number] = None  # the text changed since that pagination
            else:
                xs = [self._print_x(x_in) for x_in in entry[1]]
                tag = self._tag_base + _PRINTED_TAG
                first_printed = entry[0][0]
        if starts is None:
            line_type = self._type_of(block)
            dual_left = line_type in _SPEECH_TYPES and self._before_dual(block)
            starts, lines = estimate_starts(text, LineType(line_type), self._paper, dual_left)
            xs = self._estimate_xs(line_type, lines, block, dual_left)
            tag = self._tag_base + line_type / 64
            first_printed = lines[0] if lines else ""
        ends = [*starts[1:], len(text)]
        # Qt counts a line's columns in cells: a tab takes the cells to its next stop.
        tabs = [0] * len(starts)
        if "\t" in text and xs:
            tabs = [_columns(text, a, b) - (b - a) for a, b in zip(starts, ends, strict=True)]
        lead = dropped_lead(text, first_printed) if xs else 0
        if lead:
            # What print drops before the first word (a tab before a line of dialogue, ``@``,
            # ``> ``, an opening ``**``) hangs left of the column: the words sit where they print.
            dropped = _columns(text, 0, lead) - _columns(first_printed, 0, _indent(first_printed))
            if dropped > 0:
                xs = [max(xs[0] - dropped * self._char_width, 0.0), *xs[1:]]
        if not text.isascii() and any(ord(ch) > 0xFFFF for ch in text):
            starts, ends = _utf16(text, starts), _utf16(text, ends)
        tl = block.layout()
        option = QTextOption(self.document().defaultTextOption())
        option.setAlignment(Qt.AlignmentFlag.AlignLeft)
        # Anywhere: ``setNumColumns`` may then end a line exactly where the print does (the tag
        # width is far wider than any line, so Qt never breaks one on its own).
        option.setWrapMode(QTextOption.WrapMode.WrapAnywhere)
        tl.setTextOption(option)
        tl.beginLayout()
        height = 0.0
        for start, end, extra, x in zip(starts, ends, tabs, xs, strict=True):
            line = tl.createLine()
            if not line.isValid():
                break
            line.setLeadingIncluded(True)
            line.setNumColumns(max(end - start, 0) + extra, tag)
            line.setPosition(QPointF(x, height))
            height += line.height()
        while True:  # whatever a too-short count left (never expected): one more line each
            line = tl.createLine()
            if not line.isValid():
                break
            line.setLeadingIncluded(True)
            line.setLineWidth(tag)
            line.setPosition(QPointF(xs[-1] if xs else 0.0, height))
            height += line.height()
        tl.endLayout()

    def _before_dual(self, block: QTextBlock) -> bool:
        """True when ``block`` is part of a speech that a dual (``^``) speech follows: it prints in
        the left half-column. A few blocks' walk: to the end of the speech and its blank lines."""
        block = block.next()
        for _ in range(400):  # the rest of this speech
            if not block.isValid() or self._type_of(block) not in _SPEECH_TYPES:
                break
            block = block.next()
        for _ in range(400):  # the blank lines after it
            if not block.isValid() or self._type_of(block) != LineType.EMPTY:
                break
            block = block.next()
        return block.isValid() and self._type_of(block) == LineType.DUAL_CHARACTER

    def _estimate_xs(
        self, line_type: int, lines: list[str], block: QTextBlock | None = None, dual_left: bool = False
    ) -> list[float]:
        """Pixel x of each printed line of a block placed from its column (as pagination aligns
        transitions and centred text: each wrapped line on its own)."""
        col = self._columns.get(LineType(line_type), self._columns[LineType.ACTION])
        if dual_left:
            col = self._dual_left[LineType(line_type)]
            return [float(int(self._left + col.indent * self._char_width))] * len(lines)
        if line_type == LineType.TITLE_PAGE and block is not None:
            text = block.text()
            cells = title_line_cells(text, _title_field(block), self._paper)
            x = float(int(self._left + cells * self._char_width))
            return [x] + [float(int(self._left))] * (len(lines) - 1)
        if col.align == Qt.AlignmentFlag.AlignLeft:
            return [self._geo.get(line_type, self._default_geo)[0]] * len(lines)
        cw = self._char_width
        left = self._left + col.indent * cw
        out: list[float] = []
        for line in lines:
            free = max(0, col.width - text_width(line.strip()))
            shift = free if col.align == Qt.AlignmentFlag.AlignRight else free / 2
            out.append(float(int(left + shift * cw)))
        return out

    # -- QAbstractTextDocumentLayout -----------------------------------------------------------
    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        # Hot: Qt calls this for every visible block on every paint, scroll-range update and
        # cursor-visibility check (a couple of hundred calls per keystroke), so it makes as few
        # calls into Qt as it can: a memo by block number, valid while no layout could have
        # changed (cleared on every document change, geometry change, resize and zoom).
        tl = block.layout()
        if tl is None:
            return QRectF()
        count = tl.lineCount()
        if not count and self._bulk:
            # Mid-bulk (the highlighter painting blocks off screen): QTextCursor asks for a layout
            # it does not use, and the bulk drops layouts anyway; do not lay out, do not memo.
            return QRectF(0.0, 0.0, self._rect_width, 0.0)
        number = block.blockNumber()
        if count:
            hit = self._memo.get(number)
            if hit is not None and hit[0] == count:
                return hit[1]
            x, width = self._expected(block, number)
            line = tl.lineAt(0)
            if line.width() != width or (x >= 0 and line.x() != x):
                self._layout_block(block)
        else:
            self._layout_block(block)
        rect = QRectF(0.0, 0.0, self._rect_width, tl.boundingRect().height())
        self._memo[number] = (tl.lineCount(), rect)
        return rect

    def forget_geometry(self) -> None:
        """Qt may have dropped layouts behind our back (a resize re-flows the document)."""
        self._memo.clear()

    def documentSize(self) -> QSizeF:
        # The width is the sheet's in page view: narrower windows scroll sideways, never rewrap.
        return QSizeF(self._rect_width if self._page_view else 0.0, float(self.document().lineCount()))

    def begin_bulk(self) -> None:
        """Many blocks are about to be re-formatted one by one (a theme change re-highlights the
        whole script): drop their layouts and lay out lazily instead of one by one."""
        self._bulk += 1
        self._memo.clear()

    def end_bulk(self) -> None:
        self._bulk = max(0, self._bulk - 1)
        self._memo.clear()
        if not self._bulk:
            doc = self.document()
            dirty, self._bulk_dirty = self._bulk_dirty, False
            if not dirty and doc.blockCount() == self._block_count:
                return  # only blocks never laid out (never shown) changed: nothing to repaint
            self._block_count = doc.blockCount()
            self._size_timer.stop()
            self.documentSizeChanged.emit(self.documentSize())
            self.update[QRectF].emit(QRectF(0.0, -doc.documentMargin(), 1e9, 1e9))

    def documentChanged(self, position: int, removed: int, added: int) -> None:
        doc = self.document()
        if self._bulk:
            self._memo.clear()
            block = doc.findBlock(position)
            stop = position + max(added, 1)
            while block.isValid() and block.position() < stop:
                if block.layout().lineCount():
                    self._bulk_dirty = True
                block.clearLayout()
                block = block.next()
            return
        new_count = doc.blockCount()
        if not self._attached:
            self._attached = True
            if position == 0 and removed == 0 and not doc.firstBlock().layout().lineCount():
                # setDocumentLayout announces the whole text: fresh blocks have no layout to drop
                # and count one line each already, so skip the loop below (a second per 500k lines).
                self._block_count = new_count
                self._memo.clear()
                self._schedule_size()
                return
        start = doc.findBlock(position)
        # The changed text now spans [position, position + added).
        end = doc.findBlock(max(position, position + added - 1))
        if not end.isValid():
            end = doc.lastBlock()
        # Blocks before the change keep their number and layout: keep their memo entries.
        first = start.blockNumber() if start.isValid() else 0
        self._shift_printed(first, new_count - self._block_count)
        if len(self._memo) > 2048:
            self._memo.clear()
        else:
            self._memo = {n: hit for n, hit in self._memo.items() if n < first}
        if start == end and new_count == self._block_count:
            if start.isValid() and start.length():
                old = self.blockBoundingRect(start).height()
                self._layout_block(start)
                if self.blockBoundingRect(start).height() == old:
                    self.updateBlock.emit(start)
                    return
        else:
            block = start
            while block.isValid():
                block.clearLayout()
                if block.isVisible() != (block.lineCount() > 0):
                    block.setLineCount(1 if block.isVisible() else 0)
                if block == end:
                    break
                block = block.next()
        self._block_count = new_count
        # Synchronously, as Qt does: ensureCursorVisible() after Enter needs the new scroll range.
        self._size_timer.stop()
        self.documentSizeChanged.emit(self.documentSize())
        self.update[QRectF].emit(QRectF(0.0, -doc.documentMargin(), 1e9, 1e9))

    def _shift_printed(self, first: int, delta: int) -> None:
        """Keep pagination entries on their blocks when lines are inserted or removed after ``first``."""
        printed = self._printed
        if not printed or first >= len(printed):
            return
        printed[first] = None
        if delta > 0:
            printed[first + 1 : first + 1] = [None] * delta
        elif delta < 0:
            del printed[first + 1 : first + 1 - delta]

    # -- size notifications --------------------------------------------------------------------
    def _schedule_size(self) -> None:
        if not self._size_timer.isActive():
            self._size_timer.start()

    @Slot()
    def _emit_size(self) -> None:
        self.documentSizeChanged.emit(self.documentSize())


def _title_field(block: QTextBlock) -> str | None:
    """The title-page field ``block`` belongs to: its own key, or the key of the line it continues."""
    for _ in range(200):  # a title page is a few dozen lines; never walk a whole script
        if not block.isValid():
            return None
        kv = title_key(block.text())
        if kv is not None:
            return kv[0]
        block = block.previous()
    return None


def _indent(text: str) -> int:
    """Length of ``text``'s leading spaces and tabs."""
    return len(text) - len(text.lstrip(" \t"))


def _columns(text: str, start: int, end: int) -> int:
    """The columns Qt counts for ``text[start:end]`` laid out as one line: a character each, a tab
    up to its next stop (every :data:`TAB_CELLS` from the line's start)."""
    if "\t" not in text[start:end]:
        return max(end - start, 0)
    column = 0
    for ch in text[start:end]:
        column = (column // TAB_CELLS + 1) * TAB_CELLS if ch == "\t" else column + 1
    return column


def _utf16(text: str, offsets: list[int]) -> list[int]:
    """Code-point offsets into ``text`` as Qt's UTF-16 positions (characters past U+FFFF count two)."""
    out: list[int] = []
    extra = 0
    i = 0
    for offset in offsets:
        while i < offset:
            if ord(text[i]) > 0xFFFF:
                extra += 1
            i += 1
        out.append(offset + extra)
    return out
