"""Fountain highlighting driven by the incremental parser's line types.

The parser (kept current by ``ScriptDocument`` before this highlighter runs) already knows every
line's type, so ``highlightBlock`` only looks it up and paints: no regexes over the document. The
type goes into the block state so Qt's own forward ripple re-highlights following blocks whose type
changed; blocks *before* an edit whose type changed (a cue only becomes a cue once the next line is
typed) are re-highlighted by the document, which knows the parser's retyped range.

Markup stays visible but quiet: force markers, scene numbers and emphasis markers are dimmed, so the
writer sees the Fountain they are typing while reading the screenplay it makes.

A very long script (a 10 MB file is half a million blocks) is not highlighted in one go when it
opens: at ~20 us a block that would freeze the window for seconds. Instead the first screen is
painted at once, blocks the page layout is about to show are painted on the next turn of the event
loop (``request``), and the rest in idle-time slices of a few milliseconds. A block never highlighted
keeps Qt's state -1; Qt's forward ripple after an edit stops at such a block (it is left to the
slices) instead of running to the end of the document.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from editor.config.resources import FACES, emphasis_family
from editor.config.theme import LIGHT, Colors
from editor.fountain import inline
from editor.fountain.model import LineType

_FORCE_PREFIX: dict[LineType, tuple[str, ...]] = {
    LineType.SCENE_HEADING: (".",),
    LineType.ACTION: ("!",),
    LineType.CHARACTER: ("@",),
    LineType.DUAL_CHARACTER: ("@",),
    LineType.TRANSITION: (">",),
    LineType.LYRICS: ("~",),
    LineType.SYNOPSIS: ("=",),
    LineType.CENTERED: (">",),
}
_EMPHASIS_CHARS = ("*", "_", "\\", "[[", "/*")
log = logging.getLogger(__name__)

#: Documents with more blocks than this are highlighted lazily (a 120-page script has ~6,000).
LAZY_BLOCKS = 20_000
#: Blocks painted synchronously when a long script opens: more than one screen at any zoom.
FIRST_SCREEN_BLOCKS = 300
#: Budget of one idle-time slice; keeps every slice well under a frame.
SLICE_S = 0.008

_BOLD_FAMILIES = {name for (bold, _italic), (_file, name) in FACES.items() if bold}
_ITALIC_FAMILIES = {name for (_bold, italic), (_file, name) in FACES.items() if italic}


def _emphasize(f: QTextCharFormat, bold: bool, italic: bool) -> None:
    """Bold/italic with Courier Prime's real faces when bundled (exact metrics), else synthesised."""
    family = emphasis_family(bold, italic)
    if family is not None:
        f.setFontFamilies([family])
        f.setFontWeight(QFont.Weight.Normal)
        f.setFontItalic(False)
        return
    f.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    f.setFontItalic(italic)


def _fmt(color: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold or italic:
        _emphasize(f, bold, italic)
    return f


def _is_bold(f: QTextCharFormat) -> bool:
    families = f.fontFamilies() or []
    return f.fontWeight() >= QFont.Weight.Bold or any(str(x) in _BOLD_FAMILIES for x in families)


def _is_italic(f: QTextCharFormat) -> bool:
    families = f.fontFamilies() or []
    return f.fontItalic() or any(str(x) in _ITALIC_FAMILIES for x in families)


class FountainHighlighter(QSyntaxHighlighter):
    """Paints each block from its parsed ``LineType`` (``type_of(block_number)``)."""

    def __init__(
        self, document: QTextDocument, type_of: Callable[[int], LineType], colors: Colors = LIGHT
    ) -> None:
        # Our edit tracker must run before Qt's own contentsChange handler (which calls
        # highlightBlock), so connect it before attaching the document.
        super().__init__(None)
        self.setParent(document)
        self._type_of = type_of
        self._lazy = False
        self._explicit = False
        self._edit_end = -1
        self._own_pos = -1  # position of the block our own pass is painting
        self._block_count = document.blockCount()
        self._pass_next = -1  # next block number of the idle-time pass; -1: no pass running
        self._recolor = False
        self._wanted: set[int] = set()
        self.mark_hooks: list[
            tuple[Callable[[str, LineType], Iterable[tuple[int, int]]], Callable[[QTextCharFormat], None]]
        ] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_slice)
        document.contentsChange.connect(self._note_edit)
        self.setDocument(document)
        # setDocument schedules a full re-highlight for the next event-loop turn; running it now,
        # while the document is still empty (``ScriptDocument`` fills it afterwards), cancels that.
        self.rehighlight()
        self.set_colors(colors, rehighlight=False)

    # -- opening and lazy highlighting -------------------------------------------------------------
    def highlight_opened(self) -> None:
        """Highlight a document whose text was put in with signals blocked (opening a file).

        Short scripts are highlighted at once; long ones get their first screen now and the rest
        in idle-time slices (blocks about to be shown first, see ``request``).
        """
        doc = self.document()
        self._block_count = doc.blockCount()
        if self._block_count <= LAZY_BLOCKS:
            self._lazy = False
            self.rehighlight()
            return
        self._lazy = True
        self._explicit = True
        try:
            block = doc.firstBlock()
            for _ in range(FIRST_SCREEN_BLOCKS):
                if not block.isValid():
                    break
                self._paint(block)
                block = block.next()
        finally:
            self._explicit = False
        self._pass_next = min(FIRST_SCREEN_BLOCKS, self._block_count)
        self._recolor = False
        self._timer.start()
        log.info("highlighting %d blocks in the background", self._block_count)

    def is_highlighting(self) -> bool:
        """True while idle-time slices still have blocks to paint."""
        return self._pass_next >= 0 or bool(self._wanted)

    def request(self, block_number: int) -> None:
        """The layout is about to show a block never highlighted: paint it on the next turn."""
        self._wanted.add(block_number)
        if not self._timer.isActive():
            self._timer.start()

    def repaint_later(self, numbers: Iterable[int]) -> bool:
        """Re-highlight these blocks in idle-time slices instead of now (False: the document is
        short and not highlighted lazily; the caller repaints at once).

        Why: a whole-script pass (spelling, for one) can touch tens of thousands of blocks of a
        huge script; repainting each lays it out again and froze the window for minutes. The blocks
        go back to "never painted", so those on screen are painted on the next turn (``request``
        from the layout) and the rest by the pass.
        """
        if not self._lazy:
            return False
        doc = self.document()
        first = -1
        for number in sorted(numbers):
            block = doc.findBlockByNumber(number)
            if block.isValid() and block.userState() >= 0:
                block.setUserState(-1)
                if first < 0:
                    first = number
        if first >= 0:
            self._pass_next = first if self._pass_next < 0 else min(self._pass_next, first)
            self._timer.start()
        return True

    @Slot(int, int, int)
    def _note_edit(self, position: int, removed: int, added: int) -> None:
        """Remember the edited range (Qt highlights it) and keep the pass pointer on its block."""
        if self._explicit or not self._lazy:
            return
        self._edit_end = position + added + (1 if removed else 0)
        doc = self.document()
        count = doc.blockCount()
        delta = count - self._block_count
        self._block_count = count
        if delta and self._pass_next >= 0:
            first = doc.findBlock(position).blockNumber()
            if first < self._pass_next:
                self._pass_next = max(first, self._pass_next + delta)

    @Slot()
    def _run_slice(self) -> None:
        doc = self.document()
        if doc is None:
            return
        deadline = time.perf_counter() + SLICE_S
        layout = doc.documentLayout()
        bulk = getattr(layout, "begin_bulk", None)
        if bulk is not None:
            # Drop the layouts of the blocks painted here instead of laying each out again (and
            # announcing a new document size each time): one size update and repaint at the end.
            bulk()
        # One edit block around the slice: Qt announces the document as changed once, not per block.
        group = QTextCursor(doc)
        group.beginEditBlock()
        self._explicit = True
        try:
            # Blocks on screen (or measured for the scroll range) first.
            while self._wanted:
                block = doc.findBlockByNumber(self._wanted.pop())
                if block.isValid() and block.userState() < 0:
                    self._paint(block)
            if self._pass_next >= 0:
                self._pass_slice(doc, deadline)
        finally:
            self._explicit = False
            group.endEditBlock()
            if bulk is not None:
                layout.end_bulk()
        if self.is_highlighting():
            self._timer.start()

    def _paint(self, block: QTextBlock) -> None:
        """Highlight one block of our own choosing (Qt's ripple past it still stops at state -1)."""
        self._own_pos = block.position()
        try:
            self.rehighlightBlock(block)
        finally:
            self._own_pos = -1

    def _pass_slice(self, doc: QTextDocument, deadline: float) -> None:
        block = doc.findBlockByNumber(self._pass_next)
        number = self._pass_next
        recolor = self._recolor
        while block.isValid():
            if recolor or block.userState() < 0:
                self._paint(block)
            block = block.next()
            number += 1
            if not number & 63 and time.perf_counter() > deadline:
                break
        if block.isValid():
            self._pass_next = number
        else:
            self._pass_next = -1
            self._recolor = False

    def set_bold_headings(self, bold: bool) -> None:
        """Scene headings in bold or plain capitals: the ``BOLD_SCENE_HEADINGS`` setting, which the
        PDF follows too, so the screen and the print agree."""
        if bold != getattr(self, "_bold_headings", False):
            self._bold_headings = bold
            colors = self.colors
            self.colors = None  # type: ignore[assignment]
            self.set_colors(colors)

    def set_colors(self, colors: Colors, *, rehighlight: bool = True) -> None:
        if getattr(self, "colors", None) is colors:
            return
        self.colors = colors
        c = colors
        bold_headings = getattr(self, "_bold_headings", False)
        self._base: dict[LineType, QTextCharFormat] = {
            LineType.SCENE_HEADING: _fmt(c.heading, bold=bold_headings),
            LineType.CHARACTER: _fmt(c.character),
            LineType.DUAL_CHARACTER: _fmt(c.character),
            LineType.PARENTHETICAL: _fmt(c.parenthetical),
            LineType.DUAL_PARENTHETICAL: _fmt(c.parenthetical),
            LineType.DIALOGUE: _fmt(c.dialogue),
            LineType.DUAL_DIALOGUE: _fmt(c.dialogue),
            LineType.TRANSITION: _fmt(c.transition),
            LineType.CENTERED: _fmt(c.text),
            LineType.LYRICS: _fmt(c.text, italic=True),
            LineType.PAGE_BREAK: _fmt(c.dimmed),
            LineType.SECTION: _fmt(c.section, bold=True),
            LineType.SYNOPSIS: _fmt(c.synopsis, italic=True),
            LineType.NOTE: _fmt(c.note),
            LineType.BONEYARD: _fmt(c.dimmed),
            LineType.TITLE_PAGE: _fmt(c.text),
            LineType.ACTION: _fmt(c.text),
        }
        self._marker = _fmt(c.marker)
        self._title_key = _fmt(c.dimmed)
        self._inline_note = _fmt(c.note)
        self._inline_boneyard = _fmt(c.dimmed)
        if rehighlight:
            self.rehighlight_all()

    def rehighlight_all(self) -> None:
        """Re-highlight every block; with a page layout attached, re-layout happens lazily.

        A long script is re-painted by the idle-time pass instead (a theme switch must not freeze
        the window); blocks keep their old colours until the pass reaches them.
        """
        if self._lazy:
            self._pass_next = 0
            self._recolor = True
            self._timer.start()
            return
        layout = self.document().documentLayout() if self.document() is not None else None
        bulk = getattr(layout, "begin_bulk", None)
        if bulk is not None:
            bulk()
        try:
            self.rehighlight()
        finally:
            if bulk is not None:
                layout.end_bulk()

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        if self._lazy and self.currentBlockState() < 0:
            position = block.position()
            if position > self._edit_end and position != self._own_pos:
                # Never highlighted and reached only by Qt's ripple past an edit: leaving the
                # state at -1 stops the ripple here; the idle-time pass paints this block.
                return
        line_type = self._type_of(block.blockNumber())
        self.setCurrentBlockState(int(line_type))
        if not text:
            return
        base = self._base.get(line_type)
        if base is not None:
            self.setFormat(0, len(text), base)
        if line_type not in (LineType.NOTE, LineType.BONEYARD, LineType.PAGE_BREAK, LineType.EMPTY):
            self._markers(text, line_type)
            if any(ch in text for ch in _EMPHASIS_CHARS):
                self._inline(text, base)
        for spans_of, decorate in self.mark_hooks:
            for start, end in spans_of(text, line_type):
                self._decorate(start, end, decorate)

    # -- extension: marks over the highlighting (spelling underline) ---------------------------------
    def add_mark_hook(
        self,
        spans_of: Callable[[str, LineType], Iterable[tuple[int, int]]],
        decorate: Callable[[QTextCharFormat], None],
    ) -> None:
        """After a block is painted, ``decorate`` the format of each ``(start, end)`` of ``spans_of``.

        The decoration is merged into whatever the block already has there (bold stays bold, a
        note stays green), so a feature can underline words without knowing Fountain's colours.
        ``spans_of`` runs on the UI thread for every painted block: it must be cheap.
        """
        self.mark_hooks.append((spans_of, decorate))

    def _decorate(self, start: int, end: int, decorate: Callable[[QTextCharFormat], None]) -> None:
        run = start
        while run < end:
            f = self.format(run)
            stop = run + 1
            while stop < end and self.format(stop) == f:
                stop += 1
            merged = QTextCharFormat(f)
            decorate(merged)
            self.setFormat(run, stop - run, merged)
            run = stop

    # -- pieces --------------------------------------------------------------------------------
    def _markers(self, text: str, line_type: LineType) -> None:
        stripped = text.lstrip()
        lead = len(text) - len(stripped)
        prefixes = _FORCE_PREFIX.get(line_type, ())
        if stripped[:1] and stripped[0] in prefixes and not (line_type is LineType.ACTION and lead):
            self.setFormat(lead, 1, self._marker)
        if line_type is LineType.SECTION:
            hashes = len(stripped) - len(stripped.lstrip("#"))
            self.setFormat(lead, hashes, self._marker)
        elif line_type is LineType.CENTERED:
            end = text.rstrip()
            if end.endswith("<"):
                self.setFormat(len(end) - 1, 1, self._marker)
        elif line_type is LineType.SCENE_HEADING and text.rstrip().endswith("#"):
            end = text.rstrip()
            start = end.rfind("#", 0, len(end) - 1)
            if start > 0:
                self.setFormat(start, len(end) - start, self._marker)
        elif line_type in (LineType.CHARACTER, LineType.DUAL_CHARACTER) and text.rstrip().endswith("^"):
            self.setFormat(len(text.rstrip()) - 1, 1, self._marker)
        elif line_type is LineType.TITLE_PAGE:
            colon = text.find(":")
            if colon > 0 and not text[:1].isspace():
                self.setFormat(0, colon + 1, self._title_key)

    def _inline(self, text: str, base: QTextCharFormat | None) -> None:
        spans = inline.parse_inline(text)
        if not spans:
            return
        styles = inline.styles_at(spans, len(text))
        # Runs of equal emphasis over the content.
        start = 0
        while start < len(text):
            kinds = styles[start]
            end = start + 1
            while end < len(text) and styles[end] == kinds:
                end += 1
            if kinds:
                f = QTextCharFormat(base) if base is not None else QTextCharFormat()
                bold = inline.BOLD in kinds or (base is not None and _is_bold(base))
                italic = inline.ITALIC in kinds or (base is not None and _is_italic(base))
                if bold or italic:
                    _emphasize(f, bold, italic)
                if inline.UNDERLINE in kinds:
                    f.setFontUnderline(True)
                self.setFormat(start, end - start, f)
            start = end
        for span in spans:
            if span.kind == inline.NOTE:
                self.setFormat(span.start, span.end - span.start, self._inline_note)
            elif span.kind == inline.BONEYARD:
                self.setFormat(span.start, span.end - span.start, self._inline_boneyard)
            else:
                for a, b in span.markers:
                    if b > a:
                        self.setFormat(a, b - a, self._marker)
