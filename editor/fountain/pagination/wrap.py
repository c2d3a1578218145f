"""Measuring, wrapping and sentence ends: how a line of text becomes printed lines.

Print is monospaced: a character takes one cell, an East Asian wide character two, a combining
mark none, a tab four (it prints as four spaces). Wrapping is greedy at spaces (a word longer than
the line is broken; wide characters may break anywhere, as they do in print).

Wrapping is a walk that only remembers where the current line starts, so a wrap of
``text[start:end]`` that reaches a line start of an earlier wrap of ``text[s:end]`` continues
exactly like it. ``wrap_range`` uses that to re-wrap only the first few lines of the rest of a
paragraph split at a sentence end, which keeps pagination linear in the length of a paragraph.
"""

from __future__ import annotations

import bisect
import operator
import re
import unicodedata

_SPAN_START = operator.itemgetter(0)


#: A tab prints as four spaces (the Fountain spec: "Tabs are converted to four spaces").
TAB_CELLS = 4


def char_width(ch: str) -> int:
    """Cells a character takes in monospaced print: East Asian wide glyphs take two, marks none,
    a tab four."""
    if ch.isascii():
        return TAB_CELLS if ch == "\t" else 1
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    if text.isascii() and "\t" not in text:
        return len(text)
    return sum(char_width(ch) for ch in text)


def char_widths(text: str) -> list[int] | None:
    """Per-character cells of ``text``, or None when every character takes one cell (ASCII
    without tabs)."""
    return None if text.isascii() and "\t" not in text else [char_width(ch) for ch in text]


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap into ``(start, end)`` spans of ``text`` (trailing spaces excluded).

    Leading indentation of the first line is kept (Fountain keeps it in action). Words longer than
    the width are broken; wide (CJK) characters may break anywhere, as they do in print.
    """
    return wrap_range(text, width, 0, len(text), char_widths(text))


def wrap_range(
    text: str,
    width: int,
    start: int,
    end: int,
    widths: list[int] | None,
    join: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """``wrap(text[start:end], width)`` with offsets into ``text``.

    ``widths`` are the cells of every character of ``text`` (None: all ASCII). ``join`` is an
    earlier wrap of a range of ``text`` that ends at ``end`` too: as soon as a line starts where one
    of its lines starts, the rest is that wrap's rest, without walking it again.
    """
    spans, joined_at = wrap_walk(text, width, start, end, widths, join)
    if joined_at >= 0 and join is not None:
        spans.extend(join[joined_at:])
    return spans


def wrap_walk(
    text: str,
    width: int,
    start: int,
    end: int,
    widths: list[int] | None,
    join: list[tuple[int, int]] | None = None,
    max_lines: int = 0,
) -> tuple[list[tuple[int, int]], int]:
    """The lines ``wrap_range`` walks itself, and the index in ``join`` where it joined (or -1).

    Callers that only need a height add ``len(join) - index`` instead of copying ``join``'s rest.
    With ``max_lines``, a walk that has not met ``join`` after that many lines (text so regular
    that its lines never line up again) ends its line where ``join``'s line ends and joins there:
    one short line, far enough down that a later split re-wraps it before it is printed.
    """
    n = end
    if start >= end:
        return [(start, start)], -1
    if widths is None and end - start <= width and join is None:
        stop = end
        while stop > start and text[stop - 1] == " ":
            stop -= 1
        return [(start, stop)], -1
    spans: list[tuple[int, int]] = []
    i = start
    while i < n:
        if join is not None:
            k = bisect.bisect_left(join, i, key=_SPAN_START)
            if k < len(join) and join[k][0] == i:
                return spans, k
            if max_lines and len(spans) >= max_lines:
                m = k - 1  # the line of ``join`` that holds i
                spans.append((i, join[m][1]))
                return spans, m + 1
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
            stop = n
            while stop > i and text[stop - 1] == " ":
                stop -= 1
            spans.append((i, stop))
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
            stop = next_start = j
        else:
            stop = brk
            next_start = brk
        while stop > i and text[stop - 1] == " ":
            stop -= 1
        while next_start < n and text[next_start] == " ":
            next_start += 1
        spans.append((i, stop))
        i = next_start
    return spans, -1


def line_of(spans: list[tuple[int, int]], offset: int) -> int:
    """Index of the wrapped line that holds ``offset`` (the last one starting at or before it)."""
    return max(0, bisect.bisect_right(spans, offset, key=_SPAN_START) - 1)


# Latin sentence ends need a space after them ("Dr.Who" is one word); Chinese and Japanese full
# stops, exclamation and question marks (and the fullwidth and halfwidth full stops) are written
# with no space after them. Closing quotes and brackets stay with the sentence they close.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|[。！？．｡]+[\"'”’)\]」』）】》〉]*\s*")
_ENDS = ".!?…。！？．｡"


def sentence_breaks(text: str) -> list[int]:
    """Offsets where a new sentence starts inside ``text`` (after the spaces that follow its end)."""
    return sentence_starts(text, 0, len(text))


def sentence_starts(text: str, start: int, end: int) -> list[int]:
    """``sentence_breaks(text[start:end])`` as offsets into ``text``."""
    if not any(text.find(ch, start, end) >= 0 for ch in _ENDS):
        return []
    return [m.end() for m in _SENTENCE_END.finditer(text, start, end) if m.end() < end]
