"""Screenplay pagination: where every line of a script falls on the printed page.

The PDF renderer, the HTML preview and the status bar's page count all use this one engine, so
"page 37" means the same thing everywhere. The geometry is afterwriting's print profile (the Fountain
ecosystem's reference, DESIGN section 6): Courier 12 pt at 10 characters per inch and 6 lines per
inch, 55 lines per US Letter page (57 on A4), action 61 characters wide (58 on A4), dialogue at 2.5",
parentheticals at 3.0", cues at 3.5".

Why a page is not just "every 55 lines": writers and readers rely on conventions that the engine
enforces, because a page that breaks them looks amateurish:

- a scene heading never sits alone at the foot of a page (it moves to the next page with its scene);
- a speech splits only between sentences, with ``(MORE)`` under the first half and
  ``NAME (CONT'D)`` over the second, and never leaves fewer than two lines on either side;
- an action paragraph splits only between sentences, also with at least two lines on either side;
- dual dialogue is printed side by side and never split;
- ``===`` forces a new page; notes, boneyard, sections and synopses are not printed (notes optionally).

The output is plain data (pages of positioned, styled lines) so that the renderer only draws and
tests can check layout without Qt. Positions are in inches from the page's left edge (``x_in``) and
in 1/6" rows from the top margin (``row``; the page number sits at a negative row, above the margin).
"""

from __future__ import annotations

import bisect
import enum
import gc
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from editor.fountain import inline
from editor.fountain.model import Element, ElementType, Script

# The geometry lives in page_geometry (shared with the page view); these names stay importable here.
from editor.fountain.page_geometry import A4 as A4
from editor.fountain.page_geometry import GEOMETRIES as GEOMETRIES
from editor.fountain.page_geometry import LETTER as LETTER
from editor.fountain.page_geometry import PageGeometry as PageGeometry
from editor.fountain.page_geometry import Paper as Paper
from editor.fountain.page_geometry import geometry_for

# Style bits for styled text.
BOLD = 1
ITALIC = 2
UNDERLINE = 4

# A split must leave at least this many lines of the element on each side of the page break.
MIN_SPLIT_LINES = 2
MORE = "(MORE)"
CONTD = "(CONT'D)"


@dataclass(frozen=True, slots=True)
class PaginationOptions:
    paper: Paper = Paper.LETTER
    scene_numbers: bool = False
    print_notes: bool = False
    title_page: bool = True
    #: Scene headings in bold (the editor's "Bold scene headings" setting; off by default, as
    #: afterwriting and the industry print them).
    bold_headings: bool = False

    @property
    def geometry(self) -> PageGeometry:
        return geometry_for(self.paper)


class LineKind(enum.StrEnum):
    SCENE_HEADING = "scene_heading"
    ACTION = "action"
    CHARACTER = "character"
    PARENTHETICAL = "parenthetical"
    DIALOGUE = "dialogue"
    TRANSITION = "transition"
    CENTERED = "centered"
    LYRICS = "lyrics"
    NOTE = "note"
    MORE = "more"
    PAGE_NUMBER = "page_number"
    SCENE_NUMBER = "scene_number"
    TITLE = "title"


class Run(NamedTuple):
    """A stretch of text in one style (a tuple: cheap to build by the thousand)."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


class PageLine(NamedTuple):
    """One printed line: what, where and in which styles."""

    kind: LineKind
    row: int
    x_in: float
    runs: tuple[Run, ...]
    source_line: int = -1
    # Dual dialogue: 0 for a normal line, 1 for the left column, 2 for the right column.
    column: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(slots=True)
class Page:
    number: int
    lines: list[PageLine] = field(default_factory=list)
    is_title: bool = False
    first_source_line: int = -1


@dataclass(slots=True)
class Pagination:
    geometry: PageGeometry
    pages: list[Page]
    title_page: Page | None = None

    @property
    def page_count(self) -> int:
        """Body pages (the title page is not counted, as in every screenwriting app)."""
        return len(self.pages)

    def page_for_line(self, source_line: int) -> int:
        """1-based page that shows ``source_line`` (the last page that starts at or before it)."""
        starts = [page.first_source_line for page in self.pages]
        index = bisect.bisect_right(starts, source_line)
        return max(1, index)


class PaginationCancelled(Exception):
    """Raised when the caller's ``cancelled`` callback answers True."""


# --------------------------------------------------------------------------------------------
# Styled text: visible characters plus one style byte per character.


@dataclass(slots=True)
class StyledText:
    text: str
    styles: bytes | None = None  # None: all plain

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> StyledText:
        return StyledText(self.text[start:end], None if self.styles is None else self.styles[start:end])

    def runs(self, start: int = 0, end: int | None = None) -> tuple[Run, ...]:
        end = len(self.text) if end is None else end
        if start >= end:
            return ()
        if self.styles is None:
            return (Run(self.text[start:end]),)
        out: list[Run] = []
        run_start = start
        current = self.styles[start]
        for i in range(start + 1, end + 1):
            style = self.styles[i] if i < end else -1
            if style != current:
                out.append(
                    Run(
                        self.text[run_start:i],
                        bool(current & BOLD),
                        bool(current & ITALIC),
                        bool(current & UNDERLINE),
                    )
                )
                run_start = i
                current = style
        return tuple(out)


_MARKUP = re.compile(r"[*_\\]|\[\[|/\*")
_STYLE_BITS = {inline.BOLD: BOLD, inline.ITALIC: ITALIC, inline.UNDERLINE: UNDERLINE}


def styled(text: str, *, keep_notes: bool = False, keep_boneyard: bool = False) -> StyledText:
    """Turn one line of Fountain text into visible characters and their emphasis.

    Emphasis markers and escape backslashes are dropped, inline boneyard and notes too unless asked
    to keep them. Spans come from the engine's ``parse_inline``, so the page shows exactly what the
    editor highlights.
    """
    if _MARKUP.search(text) is None:
        return StyledText(text)
    spans = inline.parse_inline(text)
    if not spans:
        return StyledText(text)
    n = len(text)
    drop = bytearray(n)
    style = bytearray(n)
    for span in spans:
        if span.kind == inline.NOTE:
            if not keep_notes:
                drop[span.start : span.end] = b"\x01" * (span.end - span.start)
        elif span.kind == inline.BONEYARD:
            if not keep_boneyard:
                drop[span.start : span.end] = b"\x01" * (span.end - span.start)
        else:
            drop[span.start : span.inner_start] = b"\x01" * (span.inner_start - span.start)
            drop[span.inner_end : span.end] = b"\x01" * (span.end - span.inner_end)
            bit = _STYLE_BITS.get(span.kind, 0)
            if bit:
                for i in range(span.inner_start, span.inner_end):
                    style[i] |= bit
    keep = [i for i in range(n) if not drop[i]]
    visible = "".join([text[i] for i in keep])
    mask = bytes([style[i] for i in keep])
    return StyledText(visible, mask if any(mask) else None)


def styled_runs(text: str, *, keep_notes: bool = False, keep_boneyard: bool = False) -> tuple[Run, ...]:
    """Styled runs of one line of Fountain text (used by FDX and HTML export)."""
    return styled(text, keep_notes=keep_notes, keep_boneyard=keep_boneyard).runs()


# --------------------------------------------------------------------------------------------
# Measuring and wrapping.


def char_width(ch: str) -> int:
    """Cells a character takes in monospaced print: East Asian wide glyphs take two, marks none."""
    if ch.isascii():
        return 1
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap into ``(start, end)`` spans of ``text`` (trailing spaces excluded).

    Leading indentation of the first line is kept (Fountain keeps it in action). Words longer than
    the width are broken; wide (CJK) characters may break anywhere, as they do in print.
    """
    n = len(text)
    if n == 0:
        return [(0, 0)]
    ascii_text = text.isascii()
    if ascii_text and n <= width:
        end = n
        while end > 0 and text[end - 1] == " ":
            end -= 1
        return [(0, end)]
    widths: list[int] | None = None if ascii_text else [char_width(ch) for ch in text]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < n:
        # Furthest end j such that text[i:j] fits.
        if widths is None:
            j = min(n, i + width)
        else:
            used = 0
            j = i
            while j < n and used + widths[j] <= width:
                used += widths[j]
                j += 1
            if j == i:
                j = i + 1
        if j >= n:
            end = n
            while end > i and text[end - 1] == " ":
                end -= 1
            spans.append((i, end))
            break
        if text[j] == " ":
            brk = j
        else:
            brk = text.rfind(" ", i, j)
            if widths is not None:
                # A wide character can end a line, and a line can start before one.
                for k in range(j, max(i, brk), -1):
                    if widths[k] == 2 or widths[k - 1] == 2:
                        brk = k
                        break
        if brk <= i:
            end = next_start = j
        else:
            end = brk
            next_start = brk
        while end > i and text[end - 1] == " ":
            end -= 1
        while next_start < n and text[next_start] == " ":
            next_start += 1
        spans.append((i, end))
        i = next_start
    return spans


_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")


def sentence_breaks(text: str) -> list[int]:
    """Offsets where a new sentence starts inside ``text`` (after the spaces that follow its end)."""
    if "." not in text and "!" not in text and "?" not in text and "…" not in text:
        return []
    return [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]


# --------------------------------------------------------------------------------------------
# Blocks: what the layout loop places. Each knows its height and how it may split.


@dataclass(slots=True)
class _Para:
    """One source line of an element: its styled text, where it prints, its width and kind."""

    text: StyledText
    kind: LineKind
    x_in: float
    width: int
    source_line: int
    # Wrapped once, when built: every layout decision needs the height.
    spans: list[tuple[int, int]] = field(init=False)
    height: int = field(init=False)

    def __post_init__(self) -> None:
        self.spans = wrap(self.text.text, self.width)
        self.height = len(self.spans)

    def head(self, offset: int) -> _Para:
        return _Para(self.text.slice(0, offset), self.kind, self.x_in, self.width, self.source_line)

    def tail(self, offset: int) -> _Para:
        return _Para(
            self.text.slice(offset, len(self.text)), self.kind, self.x_in, self.width, self.source_line
        )

    def lines(self, first_row: int, column: int = 0) -> list[PageLine]:
        return [
            PageLine(self.kind, first_row + k, self.x_in, self.text.runs(a, b), self.source_line, column)
            for k, (a, b) in enumerate(self.spans)
        ]


def _height(paras: Sequence[_Para]) -> int:
    total = 0
    for para in paras:
        total += para.height
    return total


def _emit(paras: Sequence[_Para], first_row: int, column: int = 0) -> list[PageLine]:
    out: list[PageLine] = []
    row = first_row
    for para in paras:
        out.extend(para.lines(row, column))
        row += para.height
    return out


def _split_candidates(paras: Sequence[_Para], splittable: Callable[[int], bool]) -> list[tuple[int, int]]:
    """Split points ``(para index, char offset)`` at sentence ends, latest first.

    Offset 0 means "before this paragraph". ``splittable(i)`` says whether a break may fall before
    paragraph ``i`` / inside it (speeches refuse to end a page on a parenthetical).
    """
    points: list[tuple[int, int]] = []
    for i, para in enumerate(paras):
        if i > 0 and splittable(i):
            points.append((i, 0))
        if para.kind in (LineKind.ACTION, LineKind.DIALOGUE):
            points.extend((i, off) for off in sentence_breaks(para.text.text))
    points.reverse()
    return points


def _cut(paras: Sequence[_Para], point: tuple[int, int]) -> tuple[list[_Para], list[_Para]]:
    index, offset = point
    if offset == 0:
        return list(paras[:index]), list(paras[index:])
    para = paras[index]
    return [*paras[:index], para.head(offset)], [para.tail(offset), *paras[index + 1 :]]


def _line_cut_points(paras: Sequence[_Para]) -> list[tuple[int, int]]:
    """Every wrapped-line boundary, latest first: the last resort for a block taller than a page."""
    points: list[tuple[int, int]] = []
    for i, para in enumerate(paras):
        if i > 0:
            points.append((i, 0))
        points.extend((i, start) for start, _end in para.spans[1:])
    points.reverse()
    return points


class _Block:
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

    def split(self, avail: int, force: bool) -> tuple[list[PageLine], int, _Block] | None:
        """Lines for the rest of this page (placed from row 0), their height, and the remainder."""
        return None


class _Simple(_Block):
    """Headings, transitions and other elements that never split (unless taller than a page)."""

    def __init__(
        self, paras: list[_Para], *, keep_with_next: bool = False, extra: list[PageLine] | None = None
    ):
        self.paras = paras
        self.keep_with_next = keep_with_next
        self.extra = extra or []
        self.first_source_line = paras[0].source_line if paras else -1

    def _compute_height(self) -> int:
        return _height(self.paras)

    def emit(self, row: int) -> list[PageLine]:
        extra = [PageLine(e.kind, row + e.row, e.x_in, e.runs, e.source_line, e.column) for e in self.extra]
        return _emit(self.paras, row) + extra

    def split(self, avail: int, force: bool) -> tuple[list[PageLine], int, _Block] | None:
        if not force:
            return None
        for point in _line_cut_points(self.paras):
            first, rest = _cut(self.paras, point)
            if 0 < _height(first) <= avail:
                return _emit(first, 0), _height(first), _Simple(rest)
        return None


class _Action(_Block):
    """Action, lyrics and printed notes: split between sentences, two lines at least per side."""

    def __init__(self, paras: list[_Para]):
        self.paras = paras
        self.first_source_line = paras[0].source_line

    def _compute_height(self) -> int:
        return _height(self.paras)

    def emit(self, row: int) -> list[PageLine]:
        return _emit(self.paras, row)

    def split(self, avail: int, force: bool) -> tuple[list[PageLine], int, _Block] | None:
        total = self.height()
        for point in _split_candidates(self.paras, lambda _i: True):
            first, rest = _cut(self.paras, point)
            h1, h2 = _height(first), _height(rest)
            if h1 <= avail and h1 >= MIN_SPLIT_LINES and h2 >= MIN_SPLIT_LINES and h1 + h2 >= total:
                rest_block = _Action(rest)
                return _emit(first, 0), h1, rest_block
        if force:
            for point in _line_cut_points(self.paras):
                first, rest = _cut(self.paras, point)
                if 0 < _height(first) <= avail:
                    return _emit(first, 0), _height(first), _Action(rest)
        return None


class _Speech(_Block):
    """A cue with its parentheticals and dialogue."""

    def __init__(
        self,
        cue: _Para,
        parts: list[_Para],
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
        return self.cue.height + _height(self.parts)

    def emit(self, row: int, column: int = 0) -> list[PageLine]:
        return self.cue.lines(row, column) + _emit(self.parts, row + self.cue.height, column)

    def _more(self, row: int) -> PageLine:
        return PageLine(LineKind.MORE, row, self.cue.x_in, (Run(MORE),), self.cue.source_line)

    def _contd_cue(self) -> _Para:
        name = self.cue.text
        if name.text.rstrip().upper().endswith(CONTD):
            return self.cue
        suffix = StyledText(" " + CONTD, None if name.styles is None else bytes(len(CONTD) + 1))
        joined = StyledText(
            name.text + suffix.text,
            None if name.styles is None else name.styles + (suffix.styles or b""),
        )
        return _Para(joined, self.cue.kind, self.cue.x_in, self.cue.width, self.cue.source_line)

    def split(self, avail: int, force: bool) -> tuple[list[PageLine], int, _Block] | None:
        parts = self.parts
        cue_h = self.cue.height

        def may_break_before(i: int) -> bool:
            # Never end a page on a parenthetical: it belongs to the line it introduces.
            return parts[i - 1].kind is not LineKind.PARENTHETICAL

        candidates = _split_candidates(parts, may_break_before)
        chosen: tuple[list[_Para], list[_Para]] | None = None
        for point in candidates:
            first, rest = _cut(parts, point)
            h1, h2 = _height(first), _height(rest)
            if cue_h + h1 + 1 <= avail and h1 >= MIN_SPLIT_LINES and h2 >= MIN_SPLIT_LINES:
                chosen = first, rest
                break
        if chosen is None and force:
            for point in _line_cut_points(parts):
                first, rest = _cut(parts, point)
                if _height(first) > 0 and cue_h + _height(first) + 1 <= avail:
                    chosen = first, rest
                    break
        if chosen is None:
            return None
        first, rest = chosen
        lines = self.cue.lines(0) + _emit(first, cue_h)
        height = cue_h + _height(first)
        lines.append(self._more(height))
        remainder = _Speech(self._contd_cue(), rest, elements=self.elements, continued=True)
        remainder.space_before = self.space_before
        return lines, height + 1, remainder


class _Dual(_Block):
    """Two speeches side by side. Never split; if taller than a page, printed one after the other."""

    def __init__(self, left: _Speech, right: _Speech):
        self.left = left
        self.right = right
        self.first_source_line = left.first_source_line

    def _compute_height(self) -> int:
        return max(self.left.height(), self.right.height())

    def emit(self, row: int) -> list[PageLine]:
        return self.left.emit(row, 1) + self.right.emit(row, 2)


class _PageBreak(_Block):
    def __init__(self, source_line: int):
        self.first_source_line = source_line

    def _compute_height(self) -> int:
        return 0

    def emit(self, row: int) -> list[PageLine]:
        return []


# --------------------------------------------------------------------------------------------
# From the script's elements to blocks.


def _para_lines(element: Element) -> list[tuple[str, int]]:
    return [(text, element.line + k) for k, text in enumerate(element.text.split("\n"))]


class _Builder:
    def __init__(self, script: Script, options: PaginationOptions):
        self.script = script
        self.options = options
        self.g = options.geometry
        self.scene_numbers: dict[int, str] = {}
        if options.scene_numbers:
            for scene in script.scenes:
                if scene.number:
                    self.scene_numbers[scene.line] = scene.number

    def paras(self, element: Element, kind: LineKind, x_in: float, width: int) -> list[_Para]:
        keep = self.options.print_notes
        return [
            _Para(styled(text, keep_notes=keep), kind, x_in, width, line)
            for text, line in _para_lines(element)
        ]

    def aligned(self, element: Element, kind: LineKind, align: str) -> list[_Para]:
        """Centred or right-aligned lines: each wrapped line gets its own x."""
        g = self.g
        out: list[_Para] = []
        for para in self.paras(element, kind, g.left_in, g.action_width):
            for start, end in para.spans:
                piece = para.text.slice(start, end)
                w = text_width(piece.text)
                if align == "center":
                    x = g.left_in + max(0, g.action_width - w) / 2 / g.cpi
                else:
                    x = g.action_right_in - w / g.cpi
                out.append(_Para(piece, kind, x, max(g.action_width, w), para.source_line))
        return out

    def speech(self, elements: Sequence[Element], dual_column: int = 0) -> _Speech:
        g = self.g
        cue_el = elements[0]
        cols = g.speech_columns(dual_column)
        cue_x, cue_w = cols.cue.x_in, cols.cue.width
        par_x, par_w = cols.parenthetical.x_in, cols.parenthetical.width
        dia_x, dia_w = cols.dialogue.x_in, cols.dialogue.width
        cue = _Para(styled(cue_el.text.replace("\n", " ")), LineKind.CHARACTER, cue_x, cue_w, cue_el.line)
        parts: list[_Para] = []
        for el in elements[1:]:
            if el.type is ElementType.PARENTHETICAL:
                parts.extend(self.paras(el, LineKind.PARENTHETICAL, par_x, par_w))
            else:
                parts.extend(self.paras(el, LineKind.DIALOGUE, dia_x, dia_w))
        return _Speech(cue, parts, elements=elements)

    def blocks(self) -> list[_Block]:
        g = self.g
        elements = self.script.elements
        blocks: list[_Block] = []
        i, n = 0, len(elements)
        while i < n:
            el = elements[i]
            t = el.type
            if t is ElementType.CHARACTER:
                j = i + 1
                while j < n and elements[j].type in (ElementType.DIALOGUE, ElementType.PARENTHETICAL):
                    j += 1
                speech_els = elements[i:j]
                if el.dual and blocks and isinstance(blocks[-1], _Speech) and not blocks[-1].continued:
                    left_block = blocks.pop()
                    assert isinstance(left_block, _Speech)
                    dual = _Dual(self.speech(left_block.elements, 1), self.speech(speech_els, 2))
                    if dual.height() <= g.lines_per_page:
                        blocks.append(dual)
                    else:
                        # Side by side it could never fit a page: print the two speeches in turn.
                        blocks.extend((left_block, self.speech(speech_els)))
                else:
                    blocks.append(self.speech(speech_els))
                i = j
                continue
            if t is ElementType.SCENE_HEADING:
                paras = self.paras(el, LineKind.SCENE_HEADING, g.left_in, g.action_width)
                if self.options.bold_headings:
                    for p in paras:
                        mask = p.text.styles or bytes(len(p.text))
                        p.text = StyledText(p.text.text, bytes(b | BOLD for b in mask))
                extra: list[PageLine] = []
                number = el.scene_number or self.scene_numbers.get(el.line)
                if self.options.scene_numbers and number:
                    w = text_width(number) / g.cpi
                    extra = [
                        PageLine(LineKind.SCENE_NUMBER, 0, g.left_in - 0.5 - w, (Run(number),), el.line),
                        PageLine(LineKind.SCENE_NUMBER, 0, g.action_right_in + 0.3, (Run(number),), el.line),
                    ]
                blocks.append(_Simple(paras, keep_with_next=True, extra=extra))
            elif t is ElementType.ACTION:
                blocks.append(_Action(self.paras(el, LineKind.ACTION, g.left_in, g.action_width)))
            elif t is ElementType.LYRICS:
                paras = self.paras(el, LineKind.LYRICS, g.left_in, g.action_width)
                for p in paras:
                    mask = p.text.styles or bytes(len(p.text))
                    p.text = StyledText(p.text.text, bytes(b | ITALIC for b in mask))
                blocks.append(_Action(paras))
            elif t is ElementType.TRANSITION:
                blocks.append(_Simple(self.aligned(el, LineKind.TRANSITION, "right")))
            elif t is ElementType.CENTERED:
                blocks.append(_Simple(self.aligned(el, LineKind.CENTERED, "center")))
            elif t is ElementType.PAGE_BREAK:
                blocks.append(_PageBreak(el.line))
            elif t is ElementType.NOTE and self.options.print_notes:
                paras = self.paras(el, LineKind.NOTE, g.left_in, g.action_width)
                for p in paras:
                    mask = p.text.styles or bytes(len(p.text))
                    p.text = StyledText(p.text.text, bytes(b | ITALIC for b in mask))
                blocks.append(_Action(paras))
            elif t in (ElementType.DIALOGUE, ElementType.PARENTHETICAL):
                # Orphaned dialogue (no cue before it) still prints, in its column.
                kind = LineKind.DIALOGUE if t is ElementType.DIALOGUE else LineKind.PARENTHETICAL
                x = g.dialogue_in if t is ElementType.DIALOGUE else g.parenthetical_in
                w = g.dialogue_width if t is ElementType.DIALOGUE else g.parenthetical_width
                blocks.append(_Action(self.paras(el, kind, x, w)))
            # Title page, sections, synopses, boneyard and (unprinted) notes are not part of the body.
            i += 1
        return blocks


# --------------------------------------------------------------------------------------------
# Layout.


def _title_page(script: Script, g: PageGeometry) -> Page | None:
    fields = {key.strip().lower(): value for key, value in script.title_page.items() if value.strip()}
    if not fields:
        return None
    page = Page(number=0, is_title=True)

    def values(*keys: str) -> list[str]:
        out: list[str] = []
        for key in keys:
            if key in fields:
                out.extend(line.strip() for line in fields[key].split("\n"))
        return out

    def centered(text: str, row: int) -> PageLine:
        st = styled(text)
        w = text_width(st.text)
        x = g.left_in + max(0, g.action_width - w) / 2 / g.cpi
        return PageLine(LineKind.TITLE, row, x, st.runs())

    row = 17
    for group in (values("title"), values("credit"), values("author", "authors"), values("source")):
        if not group:
            continue
        for text in group:
            page.lines.append(centered(text, row))
            row += 1
        row += 1

    bottom = g.lines_per_page - 1
    left: list[str] = []
    for group in (values("notes"), values("copyright"), values("contact")):
        if group:
            if left:
                left.append("")
            left.extend(group)
    right: list[str] = []
    for group in (values("revision"), values("draft date", "date")):
        if group:
            if right:
                right.append("")
            right.extend(group)
    for k, text in enumerate(left):
        if text:
            page.lines.append(
                PageLine(LineKind.TITLE, bottom - len(left) + 1 + k, g.left_in, styled(text).runs())
            )
    for k, text in enumerate(right):
        if text:
            st = styled(text)
            x = g.action_right_in - text_width(st.text) / g.cpi
            page.lines.append(PageLine(LineKind.TITLE, bottom - len(right) + 1 + k, x, st.runs()))
    return page


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building tens of thousands of small objects.

    Pagination allocates only acyclic data (tuples, slotted records), so collections during the
    build find nothing to free; but each full collection walks every live object, including the
    previous pagination the editor still holds, which doubled the time in measurements.
    """
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
    with _gc_paused():
        return _paginate(script, options, progress, cancelled)


def _paginate(
    script: Script,
    options: PaginationOptions | None,
    progress: Callable[[float], None] | None,
    cancelled: Callable[[], bool] | None,
) -> Pagination:
    options = options or PaginationOptions()
    g = options.geometry
    blocks = _Builder(script, options).blocks()
    per_page = g.lines_per_page
    pages: list[Page] = []
    current = Page(number=1)
    row = 0

    def new_page() -> None:
        nonlocal current, row
        pages.append(current)
        current = Page(number=len(pages) + 1)
        row = 0

    def place(lines: list[PageLine], source_line: int) -> None:
        if current.first_source_line < 0:
            current.first_source_line = source_line
        current.lines.extend(lines)

    total = len(blocks)
    index = 0
    pending: _Block | None = None
    while True:
        if pending is not None:
            block, pending = pending, None
        elif index < total:
            block = blocks[index]
            index += 1
            if index % 256 == 0:
                if cancelled is not None and cancelled():
                    raise PaginationCancelled
                if progress is not None:
                    progress(index / total)
        else:
            break
        if isinstance(block, _PageBreak):
            if row > 0:
                new_page()
            continue
        gap = block.space_before if row > 0 else 0
        avail = per_page - row - gap
        height = block.height()
        needed = height
        if block.keep_with_next and row > 0:
            # A heading stays on this page only if what follows it can start here too (and a run
            # of headings moves as one).
            needed = height
            j = index
            while j < total:
                following = blocks[j]
                after = avail - needed - following.space_before
                if following.keep_with_next and after >= following.height():
                    needed += following.space_before + following.height()
                    j += 1
                    continue
                needed += following.space_before + _lead(following, after)
                break
        if needed <= avail:
            lines = block.emit(row + gap)
            place(lines, block.first_source_line)
            row += gap + height
            continue
        if avail > 0:
            result = block.split(avail, force=False)
            if result is not None:
                lines, _used, rest = result
                place(_shift(lines, row + gap), block.first_source_line)
                new_page()
                pending = rest
                continue
        if row > 0:
            # Try again at the top of a fresh page.
            new_page()
            pending = block
            continue
        # An empty page and still too tall: the block is longer than a page.
        result = block.split(per_page, force=True)
        if result is None:
            place(block.emit(0), block.first_source_line)
            new_page()
            continue
        lines, _used, rest = result
        place(lines, block.first_source_line)
        new_page()
        pending = rest
    if current.lines or not pages:
        pages.append(current)
    for page in pages:
        if page.number > 1:
            label = f"{page.number}."
            x = g.width_in - g.right_in - text_width(label) / g.cpi
            page.lines.append(PageLine(LineKind.PAGE_NUMBER, g.page_number_row, x, (Run(label),)))
    # Pages that start on a continued block inherit the previous page's source line position.
    last = 0
    for page in pages:
        if page.first_source_line < 0:
            page.first_source_line = last
        last = page.first_source_line
    title = _title_page(script, g) if options.title_page else None
    if progress is not None:
        progress(1.0)
    return Pagination(geometry=g, pages=pages, title_page=title)


def _lead(block: _Block, avail: int) -> int:
    """Lines ``block`` needs right after a heading: all of it, or the first half of a valid split."""
    height = block.height()
    if height <= avail or avail <= 0:
        return height
    result = block.split(avail, force=False)
    return height if result is None else result[1]


def _shift(lines: list[PageLine], by: int) -> list[PageLine]:
    if by == 0:
        return lines
    return [PageLine(ln.kind, ln.row + by, ln.x_in, ln.runs, ln.source_line, ln.column) for ln in lines]


def page_count(script: Script, paper: Paper | str = Paper.LETTER) -> int:
    """The status bar's page count: the same engine the PDF uses."""
    return paginate(script, PaginationOptions(paper=Paper(paper), title_page=False)).page_count
