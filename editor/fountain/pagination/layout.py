"""The layout loop: blocks go onto pages in order, splitting where the conventions allow.

One block at a time: it goes on the current page if it fits; a heading stays only if what follows
it can start on the same page; a block that does not fit splits if it may (between sentences), or
moves to a fresh page; a block taller than a whole page is cut at line ends. A heading at the top
of a page is not left alone there: the paragraph after it breaks at a line end if it must.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from editor.fountain.model import Script
from editor.fountain.page_geometry import PageGeometry, Paper
from editor.fountain.pagination.blocks import Block, PageBreak, Split
from editor.fountain.pagination.builder import BlockBuilder, title_page
from editor.fountain.pagination.pages import (
    LineKind,
    Page,
    PageLine,
    Pagination,
    PaginationCancelled,
    PaginationOptions,
    Run,
)
from editor.fountain.pagination.wrap import text_width

# How often (in blocks) the loop reports progress and asks whether to stop.
_CHECK_EVERY = 256


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building tens of thousands of small objects.

    Pagination allocates only acyclic data (tuples, slotted records), so collections during the
    build find nothing to free; but each full collection walks every live object, including the
    previous pagination the editor still holds, which doubled the time in measurements.

    Only on the main thread: the switch is process-wide, and a worker turning it back on would
    undo the editor's rule that garbage is collected on the UI thread only (editor/gc_guard.py).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def paginate(
    script: Script,
    options: PaginationOptions | None = None,
    *,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Pagination:
    """Lay ``script`` out on pages. ``progress`` gets 0..1; ``cancelled`` aborts with an exception."""
    options = options or PaginationOptions()
    g = options.geometry
    with _gc_paused():
        # The blocks are dropped before the collector is back on: it need not look at them.
        pages = _Layout(BlockBuilder(script, options).blocks(), g, progress, cancelled).run()
        title = title_page(script, g) if options.title_page else None
    if progress is not None:
        progress(1.0)
    return Pagination(geometry=g, pages=pages, title_page=title)


def page_count(script: Script, paper: Paper | str = Paper.LETTER) -> int:
    """The status bar's page count: the same engine the PDF uses."""
    return paginate(script, PaginationOptions(paper=Paper(paper), title_page=False)).page_count


def _shift(lines: list[PageLine], by: int) -> list[PageLine]:
    if by == 0:
        return lines
    return [PageLine(ln.kind, ln.row + by, ln.x_in, ln.runs, ln.source_line, ln.column) for ln in lines]


class _Layout:
    """One pass over the blocks; ``row`` is the next free row of the current page."""

    def __init__(
        self,
        blocks: list[Block],
        g: PageGeometry,
        progress: Callable[[float], None] | None,
        cancelled: Callable[[], bool] | None,
    ):
        self.blocks = blocks
        self.g = g
        self.per_page = g.lines_per_page
        self.progress = progress
        self.cancelled = cancelled
        self.pages: list[Page] = []
        self.current = Page(number=1)
        self.row = 0
        self.only_headings = True  # nothing but headings on the current page so far
        self.index = 0  # the next block to take from ``blocks``

    def run(self) -> list[Page]:
        pending: Block | None = None
        blocks = self.blocks
        total = len(blocks)
        while True:
            if pending is not None:
                block, pending = pending, None
            elif self.index < total:
                block = blocks[self.index]
                self.index += 1
                if self.index % _CHECK_EVERY == 0:
                    self._check_in()
            else:
                break
            pending = self._lay(block)
        if self.current.lines or not self.pages:
            self.pages.append(self.current)
        self._finish()
        return self.pages

    def _check_in(self) -> None:
        """Every few hundred blocks: stop if the caller wants to, and report progress."""
        if self.cancelled is not None and self.cancelled():
            raise PaginationCancelled
        if self.progress is not None:
            self.progress(self.index / len(self.blocks))

    def _lay(self, block: Block) -> Block | None:
        """Place ``block`` (or its first part); returns what is left for the next page, if anything."""
        if isinstance(block, PageBreak):
            if self.row > 0:
                self._new_page()
            return None
        row = self.row
        gap = block.space_before if row > 0 else 0
        avail = self.per_page - row - gap
        height = block.height()
        if self._needed(block, avail) <= avail:
            self._place(block.emit(row + gap), block)
            self.row += gap + height
            return None
        if avail > 0:
            modes = (Split.SENTENCES, Split.LINES) if row > 0 and self.only_headings else (Split.SENTENCES,)
            result = self._split(block, avail, modes)
            if result is not None:
                lines, rest = result
                self._place(_shift(lines, row + gap), block)
                self._new_page()
                return rest
        if row > 0:
            # Try again at the top of a fresh page.
            self._new_page()
            return block
        # An empty page and still too tall: the block is longer than a page.
        result = self._split(block, self.per_page, (Split.SENTENCES, Split.FORCE))
        if result is None:
            self._place(block.emit(0), block)
            self._new_page()
            return None
        lines, rest = result
        self._place(lines, block)
        self._new_page()
        return rest

    def _split(
        self, block: Block, avail: int, modes: tuple[Split, ...]
    ) -> tuple[list[PageLine], Block] | None:
        for mode in modes:
            result = block.split(avail, mode, self.per_page)
            if result is not None:
                lines, _height, rest = result
                return lines, rest
        return None

    def _needed(self, block: Block, avail: int) -> int:
        """Rows ``block`` needs on this page: a heading counts the start of what follows it.

        A heading stays on this page only if what follows it can start here too (and a run of
        headings moves as one).
        """
        needed = block.height()
        if not block.keep_with_next or self.row == 0:
            return needed
        j = self.index
        while j < len(self.blocks):
            following = self.blocks[j]
            after = avail - needed - following.space_before
            if following.keep_with_next and after >= following.height():
                needed += following.space_before + following.height()
                j += 1
                continue
            needed += following.space_before + self._lead(following, after)
            break
        return needed

    def _lead(self, block: Block, avail: int) -> int:
        """Lines ``block`` needs right after a heading: all of it, or the first part of a valid split."""
        height = block.height()
        if height <= avail or avail <= 0:
            return height
        result = block.split(avail, Split.SENTENCES, self.per_page)
        return height if result is None else result[1]

    def _place(self, lines: list[PageLine], block: Block) -> None:
        if self.current.first_source_line < 0:
            self.current.first_source_line = block.first_source_line
        self.current.lines.extend(lines)
        if not block.keep_with_next:
            self.only_headings = False

    def _new_page(self) -> None:
        self.pages.append(self.current)
        self.current = Page(number=len(self.pages) + 1)
        self.row = 0
        self.only_headings = True

    def _finish(self) -> None:
        """Page numbers from page 2; a page that starts inside a block inherits a source line."""
        g = self.g
        for page in self.pages:
            if page.number > 1:
                label = f"{page.number}."
                x = g.width_in - g.right_in - text_width(label) / g.cpi
                page.lines.append(PageLine(LineKind.PAGE_NUMBER, g.page_number_row, x, (Run(label),)))
        last = 0
        for page in self.pages:
            if page.first_source_line < 0:
                page.first_source_line = last
            last = page.first_source_line
