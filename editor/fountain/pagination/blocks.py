"""Blocks: what the layout places on pages. Each knows its height and where it may split.

A block is a list of paragraphs (``Para``: one source line, or the piece of one that a page break
left) in one column. Where a block may split is the screenplay convention (see the package
docstring): between paragraphs and sentences, two lines at least on each side; a speech carries
``(MORE)`` and ``NAME (CONT'D)`` across the break.

Why this is linear in the length of a block: a page only ever holds the first ``avail`` lines of
what is left, so a split looks at the split points of those lines only, latest first, and stops at
the first one that fits; the rest of a paragraph cut at a sentence end is re-wrapped only until its
lines meet the paragraph's own wrap again (``wrap.wrap_walk``). A 10,000-line paragraph used to
try every split point of the whole rest of the paragraph on every page (228 s; now well under 1 s).
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Callable, Sequence

from editor.fountain.model import Element
from editor.fountain.pagination.pages import LineKind, PageLine, Run
from editor.fountain.pagination.styled import StyledText
from editor.fountain.pagination.wrap import char_widths, line_of, sentence_breaks, wrap_range, wrap_walk

# A split must leave at least this many lines of the element on each side of the page break.
MIN_SPLIT_LINES = 2
MORE = "(MORE)"
CONTD = "(CONT'D)"

# Paragraph kinds that split between sentences (lyrics, notes and the rest move whole).
_PROSE = (LineKind.ACTION, LineKind.DIALOGUE)
# The rest of a paragraph split at a sentence end is re-wrapped exactly for this many lines (more
# than four pages) before it takes up the paragraph's own line ends again: every printed line lies
# within that reach of the last split above it, so print is exact and a split costs a page.
EXACT_TAIL_LINES = 240


class Split(enum.Enum):
    """Where a block may break, from the most to the least polite."""

    # Between paragraphs and sentences; a paragraph with no sentence end that is taller than a
    # page (it must break mid-sentence somewhere anyway) also at its line ends.
    SENTENCES = 1
    # At any line end, two lines at least on each side: so that a heading at the top of a page is
    # not left there alone above a paragraph that cannot start under it.
    LINES = 2
    # At any line end: a block taller than a whole page.
    FORCE = 3


class Para:
    """Source text ``[start, end)`` wrapped to a column: one paragraph of a block, or a piece.

    ``text`` is the whole source line as printed and ``widths`` its characters' cells (None: all
    ASCII); the pieces a page break makes share both, and ``spans`` (the wrapped lines) are offsets
    into it, so cutting a paragraph copies no text. Sentence starts are found once per source line,
    on first need, and shared by its pieces too.
    """

    __slots__ = (
        "_breaks",
        "end",
        "height",
        "kind",
        "source_line",
        "spans",
        "start",
        "text",
        "width",
        "widths",
        "x_in",
    )

    def __init__(
        self,
        text: StyledText,
        widths: list[int] | None,
        kind: LineKind,
        x_in: float,
        width: int,
        source_line: int,
        start: int = 0,
        end: int | None = None,
        spans: list[tuple[int, int]] | None = None,
        breaks: list[list[int] | None] | None = None,
    ):
        self.text = text
        self.widths = widths
        self.kind = kind
        self.x_in = x_in
        self.width = width
        self.source_line = source_line
        self.start = start
        self._breaks = breaks
        chars = text.text
        if end is None:
            end = len(chars)
        self.end = end
        if spans is None:
            if widths is None and end - start <= width:
                # Most lines of a script fit their column: no walk (scripts have tens of thousands).
                stop = end
                while stop > start and chars[stop - 1] == " ":
                    stop -= 1
                spans = [(start, stop)]
            else:
                spans = wrap_range(chars, width, start, end, widths)
        self.spans = spans
        self.height = len(spans)

    @classmethod
    def of(cls, text: StyledText, kind: LineKind, x_in: float, width: int, source_line: int) -> Para:
        """A whole source line."""
        return cls(text, char_widths(text.text), kind, x_in, width, source_line)

    def _source_breaks(self) -> list[int]:
        """Sentence starts over the whole source line (in a one-item box its pieces share)."""
        if self._breaks is None:
            self._breaks = [None]
        breaks = self._breaks[0]
        if breaks is None:
            breaks = self._breaks[0] = sentence_breaks(self.text.text)
        return breaks

    def sentence_starts(self, upto: int) -> list[int]:
        """Sentence starts strictly inside this paragraph and at most ``upto``, in order."""
        breaks = self._source_breaks()
        lo = bisect.bisect_right(breaks, self.start)
        hi = bisect.bisect_left(breaks, min(self.end, upto + 1))
        return breaks[lo:hi]

    def has_sentence_end(self) -> bool:
        return bool(self.sentence_starts(self.end))

    def line_starts(self, upto: int) -> list[int]:
        """Starts of this paragraph's wrapped lines after the first, at most ``upto``."""
        spans = self.spans
        last = min(len(spans) - 1, line_of(spans, upto))
        return [spans[k][0] for k in range(1, last + 1)]

    def _head_walk(self, offset: int) -> tuple[int, list[tuple[int, int]]]:
        """How many of this wrap's lines the text before ``offset`` keeps, and its re-wrapped rest.

        Wrapping only looks ahead to the end of the line it fills, so lines that end well before
        ``offset`` wrap the same: only the last lines before the cut are walked again.
        """
        keep = max(0, line_of(self.spans, offset) - 2)
        walked = wrap_range(self.text.text, self.width, self.spans[keep][0], offset, self.widths)
        return keep, walked

    def head_height(self, offset: int) -> int:
        keep, walked = self._head_walk(offset)
        return keep + len(walked)

    def tail_height(self, offset: int) -> int:
        walked, joined = self._tail_walk(offset)
        return len(walked) + (len(self.spans) - joined if joined >= 0 else 0)

    def _tail_walk(self, offset: int) -> tuple[list[tuple[int, int]], int]:
        return wrap_walk(
            self.text.text, self.width, offset, self.end, self.widths, self.spans, EXACT_TAIL_LINES
        )

    def head(self, offset: int) -> Para:
        keep, walked = self._head_walk(offset)
        spans = self.spans[:keep] + walked
        return self._piece(self.start, offset, spans)

    def tail(self, offset: int) -> Para:
        spans, joined = self._tail_walk(offset)
        if joined >= 0:
            spans.extend(self.spans[joined:])
        return self._piece(offset, self.end, spans)

    def _piece(self, start: int, end: int, spans: list[tuple[int, int]]) -> Para:
        if self._breaks is None:
            self._breaks = [None]  # found later, by whichever piece needs them first
        return Para(
            self.text,
            self.widths,
            self.kind,
            self.x_in,
            self.width,
            self.source_line,
            start,
            end,
            spans,
            self._breaks,
        )

    def lines(self, first_row: int, column: int = 0) -> list[PageLine]:
        runs = self.text.runs
        return [
            PageLine(self.kind, first_row + k, self.x_in, runs(a, b), self.source_line, column)
            for k, (a, b) in enumerate(self.spans)
        ]


def emit(paras: Sequence[Para], first_row: int, column: int = 0) -> list[PageLine]:
    out: list[PageLine] = []
    row = first_row
    for para in paras:
        out.extend(para.lines(row, column))
        row += para.height
    return out


def total_height(paras: Sequence[Para]) -> int:
    total = 0
    for para in paras:
        total += para.height
    return total


class Cut:
    """Where a run of paragraphs is cut: before paragraph ``index`` (``offset`` 0) or inside it."""

    __slots__ = ("first_height", "index", "offset", "rest_height")

    def __init__(self, index: int, offset: int, first_height: int, rest_height: int):
        self.index = index
        self.offset = offset
        self.first_height = first_height
        self.rest_height = rest_height

    def apply(self, paras: Sequence[Para]) -> tuple[list[Para], list[Para]]:
        index, offset = self.index, self.offset
        if offset == 0:
            return list(paras[:index]), list(paras[index:])
        para = paras[index]
        return [*paras[:index], para.head(offset)], [para.tail(offset), *paras[index + 1 :]]


def find_cut(
    paras: Sequence[Para],
    total: int,
    limit: int,
    mode: Split,
    page_rows: int,
    *,
    may_break_before: Callable[[int], bool] | None = None,
) -> Cut | None:
    """The latest cut whose first part is at most ``limit`` lines and that ``mode`` allows.

    ``total`` is the height of all of ``paras``. In ``SENTENCES`` and ``LINES`` mode both parts
    keep ``MIN_SPLIT_LINES`` lines; ``may_break_before(i)`` may refuse a break before paragraph
    ``i`` (speeches never end a page on a parenthetical). Only the paragraphs that reach the first
    ``limit`` lines are looked at, latest split point first.
    """
    least = 1 if mode is Split.FORCE else MIN_SPLIT_LINES
    prefix = [0]
    for para in paras:
        if prefix[-1] > limit:
            break
        prefix.append(prefix[-1] + para.height)
    for i in range(len(prefix) - 2, -1, -1):
        para = paras[i]
        before = prefix[i]
        room = limit - before  # lines of this paragraph that would fit
        after = total - before - para.height
        upto = para.spans[room + 1][0] if room + 1 < para.height else para.end
        for offset in reversed(_inner_points(para, mode, page_rows, upto)):
            h1 = before + para.head_height(offset)
            if h1 > limit:
                continue
            if h1 < least:
                return None
            h2 = para.tail_height(offset) + after
            if h2 < least and mode is not Split.FORCE:
                continue
            return Cut(i, offset, h1, h2)
        if i == 0:
            break
        if before < least:
            return None
        if mode is not Split.FORCE and may_break_before is not None and not may_break_before(i):
            continue
        h2 = total - before
        if before <= limit and (h2 >= least or mode is Split.FORCE):
            return Cut(i, 0, before, h2)
    return None


def _inner_points(para: Para, mode: Split, page_rows: int, upto: int) -> list[int]:
    """Split points inside ``para`` up to offset ``upto``, in order."""
    if mode is not Split.SENTENCES:
        return para.line_starts(upto)
    if para.kind not in _PROSE:
        return []
    starts = para.sentence_starts(upto)
    if starts or para.height <= page_rows or para.has_sentence_end():
        return starts
    # No sentence end at all and taller than a page: it breaks mid-sentence somewhere anyway.
    return para.line_starts(upto)


class Block:
    space_before: int = 1
    keep_with_next: bool = False
    first_source_line: int = -1

    _cached_height: int = -1

    def height(self) -> int:
        """Rows the whole block takes (computed once: blocks do not change after building)."""
        if self._cached_height < 0:
            self._cached_height = self._compute_height()
        return self._cached_height

    def _compute_height(self) -> int:
        raise NotImplementedError

    def emit(self, row: int) -> list[PageLine]:
        raise NotImplementedError

    def split(self, avail: int, mode: Split, page_rows: int) -> tuple[list[PageLine], int, Block] | None:
        """Lines for the rest of this page (placed from row 0), their height, and the remainder."""
        return None


class Simple(Block):
    """Headings, transitions and other elements that never split (unless taller than a page)."""

    def __init__(
        self, paras: list[Para], *, keep_with_next: bool = False, extra: list[PageLine] | None = None
    ):
        self.paras = paras
        self.keep_with_next = keep_with_next
        self.extra = extra or []
        self.first_source_line = paras[0].source_line if paras else -1

    def _compute_height(self) -> int:
        return total_height(self.paras)

    def emit(self, row: int) -> list[PageLine]:
        extra = [PageLine(e.kind, row + e.row, e.x_in, e.runs, e.source_line, e.column) for e in self.extra]
        return emit(self.paras, row) + extra

    def split(self, avail: int, mode: Split, page_rows: int) -> tuple[list[PageLine], int, Block] | None:
        if mode is not Split.FORCE:
            return None
        cut = find_cut(self.paras, self.height(), avail, mode, page_rows)
        if cut is None:
            return None
        first, rest = cut.apply(self.paras)
        remainder = Simple(rest)
        remainder._cached_height = cut.rest_height
        return emit(first, 0), cut.first_height, remainder


class Action(Block):
    """Action, lyrics and printed notes: split between sentences, two lines at least per side."""

    def __init__(self, paras: list[Para]):
        self.paras = paras
        self.first_source_line = paras[0].source_line

    def _compute_height(self) -> int:
        return total_height(self.paras)

    def emit(self, row: int) -> list[PageLine]:
        return emit(self.paras, row)

    def split(self, avail: int, mode: Split, page_rows: int) -> tuple[list[PageLine], int, Block] | None:
        cut = find_cut(self.paras, self.height(), avail, mode, page_rows)
        if cut is None:
            return None
        first, rest = cut.apply(self.paras)
        remainder = Action(rest)
        remainder._cached_height = cut.rest_height
        return emit(first, 0), cut.first_height, remainder


class Speech(Block):
    """A cue with its parentheticals and dialogue."""

    def __init__(
        self,
        cue: Para,
        parts: list[Para],
        *,
        elements: Sequence[Element] = (),
        continued: bool = False,
    ):
        self.cue = cue
        self.parts = parts
        self.elements = elements
        self.continued = continued
        self.first_source_line = cue.source_line

    def _compute_height(self) -> int:
        return self.cue.height + total_height(self.parts)

    def emit(self, row: int, column: int = 0) -> list[PageLine]:
        return self.cue.lines(row, column) + emit(self.parts, row + self.cue.height, column)

    def _more(self, row: int) -> PageLine:
        return PageLine(LineKind.MORE, row, self.cue.x_in, (Run(MORE),), self.cue.source_line)

    def _contd_cue(self) -> Para:
        cue = self.cue
        name = cue.text
        if name.text.rstrip().upper().endswith(CONTD):
            return cue
        suffix = " " + CONTD
        styles = None if name.styles is None else name.styles + bytes(len(suffix))
        return Para.of(StyledText(name.text + suffix, styles), cue.kind, cue.x_in, cue.width, cue.source_line)

    def split(self, avail: int, mode: Split, page_rows: int) -> tuple[list[PageLine], int, Block] | None:
        parts = self.parts
        cue_h = self.cue.height

        def may_break_before(i: int) -> bool:
            # Never end a page on a parenthetical: it belongs to the line it introduces.
            return parts[i - 1].kind is not LineKind.PARENTHETICAL

        limit = avail - cue_h - 1  # the cue above, (MORE) below
        total = self.height() - cue_h
        cut = find_cut(parts, total, limit, mode, page_rows, may_break_before=may_break_before)
        if cut is None:
            return None
        first, rest = cut.apply(parts)
        lines = self.cue.lines(0) + emit(first, cue_h)
        height = cue_h + cut.first_height
        lines.append(self._more(height))
        contd = self._contd_cue()
        remainder = Speech(contd, rest, elements=self.elements, continued=True)
        remainder.space_before = self.space_before
        remainder._cached_height = contd.height + cut.rest_height
        return lines, height + 1, remainder


class Dual(Block):
    """Two speeches side by side. Never split; if taller than a page, printed one after the other."""

    def __init__(self, left: Speech, right: Speech):
        self.left = left
        self.right = right
        self.first_source_line = left.first_source_line

    def _compute_height(self) -> int:
        return max(self.left.height(), self.right.height())

    def emit(self, row: int) -> list[PageLine]:
        return self.left.emit(row, 1) + self.right.emit(row, 2)


class PageBreak(Block):
    def __init__(self, source_line: int):
        self.first_source_line = source_line

    def _compute_height(self) -> int:
        return 0

    def emit(self, row: int) -> list[PageLine]:
        return []
